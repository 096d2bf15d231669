//! The new-board chooser: a searchable list of case-study templates (built-in and the user's),
//! the selected one's problem statement, blank boards, "Surprise me", and recent boards.

use crate::content::schema::Template;
use crate::content::templates;
use crate::file::user_templates::{Entry, Source};
use egui::{Color32, Key, Modifiers, RichText, Ui};
use std::path::PathBuf;

/// What the user chose.
#[derive(Clone, Debug)]
pub enum ChooserEvent {
    /// Start a new board from this template.
    Start(Box<Template>),
    /// Open a recent board.
    OpenRecent(PathBuf),
    /// Open a board through the file dialog.
    OpenFile,
}

/// The chooser's state.
#[derive(Debug, Default)]
pub struct Chooser {
    /// Whether the chooser is shown.
    pub open: bool,
    /// The search text.
    pub search: String,
    /// The selected entry (index into `entries`).
    pub selected: Option<usize>,
    /// The templates listed, reloaded each time the chooser opens.
    pub entries: Vec<Entry>,
    /// How much "Surprise me" favours each case (from the practice log: cases not practised
    /// recently weigh more); empty for an even choice.
    pub weights: Vec<(String, f64)>,
    /// Give the search field the keyboard on the next frame.
    focus_search: bool,
    /// Scroll the list to the selected case on the next frame (it moved by keyboard).
    scroll_to_selected: bool,
}

/// At most this many recent boards are offered.
pub const MAX_RECENT: usize = 5;

/// One recent board: its file name as a link (the full path on hover) and its folder, on one
/// line of its own.
fn recent_row(ui: &mut Ui, path: &std::path::Path) -> Option<ChooserEvent> {
    let name =
        path.file_name().map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
    let folder = path.parent().map(|d| d.display().to_string()).unwrap_or_default();
    let mut event = None;
    ui.horizontal(|ui| {
        ui.add_space(8.0);
        if ui.link(name).on_hover_text(path.display().to_string()).clicked() {
            event = Some(ChooserEvent::OpenRecent(path.to_owned()));
        }
        ui.add(egui::Label::new(RichText::new(folder).weak()).truncate());
    });
    event
}

fn matches(query: &str, t: &Template) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || t.title.to_lowercase().contains(&q)
        || t.tags.iter().any(|g| g.to_lowercase().contains(&q))
        || t.statement.to_lowercase().contains(&q)
        || templates::difficulty_name(t.difficulty) == q
}

impl Chooser {
    /// Opens the chooser with the templates as they are now on disk.
    pub fn show_with(&mut self, entries: Vec<Entry>) {
        self.entries = entries;
        self.open = true;
        self.focus_search = true;
        self.search.clear();
        self.selected =
            self.entries.iter().position(|e| e.template.as_ref().is_ok_and(|t| !templates::is_blank(t)));
    }

    /// The built-in blank template of a framework.
    fn blank(&self, framework: &str) -> Option<&Template> {
        self.entries.iter().filter_map(|e| e.template.as_ref().ok()).find(|t| {
            templates::is_blank(t)
                && t.framework == framework
                && matches!(t.id.as_str(), "blank-ml" | "blank-system-design")
        })
    }

    /// The case studies listed (usable, not blank), in list order.
    fn cases(&self) -> impl Iterator<Item = &Template> {
        templates::cases(self.entries.iter().filter_map(|e| e.template.as_ref().ok()))
    }

    /// The ids of the case studies listed.
    pub fn case_ids(&self) -> Vec<String> {
        templates::case_ids(self.cases())
    }

    /// A case picked at random among the non-blank templates.
    pub fn surprise(&self, seed: u64) -> Option<&Template> {
        let cases: Vec<&Template> = self.cases().collect();
        if cases.is_empty() {
            return None;
        }
        let z = crate::practice::seed::mix64(seed);
        let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
        if let Some(id) = crate::practice::schedule::pick(&self.weights, unit)
            && let Some(t) = cases.iter().find(|t| t.id == id)
        {
            return Some(t);
        }
        cases.get((z % cases.len() as u64) as usize).copied()
    }

    /// The entries listed for the current search (indices into `entries`): usable cases that
    /// match, and unusable templates (shown with their problem) while nothing is searched.
    pub fn visible(&self) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| match &e.template {
                Ok(t) => !templates::is_blank(t) && matches(&self.search, t),
                Err(_) => self.search.trim().is_empty(),
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The usable cases listed, in list order (indices into `entries`).
    fn listed_cases(&self) -> Vec<usize> {
        self.visible().into_iter().filter(|&i| self.entries[i].template.is_ok()).collect()
    }

    /// Keeps the selection on a listed case (the first one when the search hid it), and moves it
    /// with Up and Down. Returns whether Enter was pressed to start it.
    fn keyboard(&mut self, ctx: &egui::Context) -> bool {
        let listed = self.listed_cases();
        if !self.selected.is_some_and(|s| listed.contains(&s)) {
            self.selected = listed.first().copied();
        }
        let (up, down, enter) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        let at = self.selected.and_then(|s| listed.iter().position(|&i| i == s));
        if let Some(at) = at {
            let to = if down {
                (at + 1).min(listed.len() - 1)
            } else if up {
                at.saturating_sub(1)
            } else {
                at
            };
            if to != at {
                self.selected = Some(listed[to]);
                self.scroll_to_selected = true;
            }
        }
        enter && self.selected.is_some()
    }

    /// Shows the chooser window; returns the user's choice.
    pub fn ui(&mut self, ctx: &egui::Context, recent: &[PathBuf]) -> Option<ChooserEvent> {
        if !self.open {
            return None;
        }
        let start_selected = self.keyboard(ctx);
        let mut event = None;
        if start_selected
            && let Some(t) =
                self.selected.and_then(|i| self.entries.get(i)).and_then(|e| e.template.as_ref().ok())
        {
            event = Some(ChooserEvent::Start(Box::new(t.clone())));
        }
        let screen = ctx.content_rect();
        let recent = &recent[..recent.len().min(MAX_RECENT)];
        let modal = egui::Modal::new(egui::Id::unique("mlsd-chooser")).show(ctx, |ui| {
            let width = (screen.width() - 120.0).clamp(560.0, 980.0);
            let height = (screen.height() - 120.0).clamp(360.0, 660.0);
            ui.set_width(width);
            ui.horizontal(|ui| {
                ui.heading("Start a board");
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Close").clicked() {
                        self.open = false;
                    }
                });
            });
            ui.separator();
            // The footer's height is known (one row of buttons, a line per recent board), so the
            // lists get the rest and scroll inside it; nothing below them can overlap.
            let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
            let footer =
                2.0 * row + 24.0 + if recent.is_empty() { 0.0 } else { row * (recent.len() as f32 + 1.0) };
            let body = (height - footer - 60.0).max(160.0);
            ui.allocate_ui_with_layout(
                egui::vec2(width, body),
                egui::Layout::left_to_right(egui::Align::Min),
                |ui| {
                    ui.set_height(body);
                    ui.columns(2, |cols| {
                        self.list_ui(&mut cols[0], body);
                        egui::ScrollArea::vertical().id_salt("chooser-details").max_height(body).show(
                            &mut cols[1],
                            |ui| {
                                if let Some(e) = self.details_ui(ui) {
                                    event = Some(e);
                                }
                            },
                        );
                    });
                },
            );
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                if let Some(t) = self.blank("ml-system-design").cloned()
                    && ui.button("Blank ML board").clicked()
                {
                    event = Some(ChooserEvent::Start(Box::new(t)));
                }
                if let Some(t) = self.blank("system-design").cloned()
                    && ui.button("Blank system design board").clicked()
                {
                    event = Some(ChooserEvent::Start(Box::new(t)));
                }
                if ui.button("Surprise me").on_hover_text("Start a random case study").clicked() {
                    let seed = crate::file::wall_clock::unix_nanos();
                    if let Some(t) = self.surprise(seed).cloned() {
                        event = Some(ChooserEvent::Start(Box::new(t)));
                    }
                }
                if ui.button("Open a board file…").clicked() {
                    event = Some(ChooserEvent::OpenFile);
                }
            });
            if !recent.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new("Recent boards").strong());
                for p in recent {
                    if let Some(e) = recent_row(ui, p) {
                        event = Some(e);
                    }
                }
            }
        });
        if modal.should_close() {
            self.open = false;
        }
        if event.is_some() {
            self.open = false;
        }
        event
    }

    fn list_ui(&mut self, ui: &mut Ui, height: f32) {
        let label = ui.label("Search cases");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("ranking, images, hard…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_search) {
            search.request_focus();
        }
        ui.add_space(4.0);
        let visible = self.visible();
        let scroll_to = std::mem::take(&mut self.scroll_to_selected);
        let list_height = (height - 60.0).max(80.0);
        egui::ScrollArea::vertical()
            .id_salt("chooser-list")
            .max_height(list_height)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if visible.is_empty() {
                    ui.weak("No case matches the search.");
                }
                for i in visible {
                    let entry = &self.entries[i];
                    match &entry.template {
                        Ok(t) => {
                            let mine =
                                if matches!(entry.source, Source::User(_)) { "  · yours" } else { "" };
                            let text =
                                format!("{}  ({}){mine}", t.title, templates::difficulty_name(t.difficulty));
                            let r =
                                ui.selectable_label(self.selected == Some(i), RichText::new(text).strong());
                            if r.clicked() {
                                self.selected = Some(i);
                            }
                            if scroll_to && self.selected == Some(i) {
                                r.scroll_to_me(None);
                            }
                            if !t.tags.is_empty() {
                                ui.weak(format!("    {}", t.tags.join(" · ")));
                            }
                        }
                        Err(problem) => {
                            ui.label(
                                RichText::new(format!("Unusable template: {problem}"))
                                    .color(Color32::from_rgb(0xdc, 0x26, 0x26)),
                            );
                        }
                    }
                }
            });
        ui.weak("↑ ↓ to choose · Enter to start");
    }

    fn details_ui(&self, ui: &mut Ui) -> Option<ChooserEvent> {
        let t = self.selected.and_then(|i| self.entries.get(i)).and_then(|e| e.template.as_ref().ok())?;
        ui.heading(&t.title);
        ui.label(format!(
            "{} · {} · {}",
            templates::difficulty_name(t.difficulty),
            crate::content::frameworks::get_or_default(&t.framework).title,
            t.tags.join(", ")
        ));
        ui.add_space(6.0);
        ui.label(&t.statement);
        ui.add_space(10.0);
        let start = ui.add(
            egui::Button::new(RichText::new("Start practising").strong()).min_size(egui::vec2(160.0, 30.0)),
        );
        start.clicked().then(|| ChooserEvent::Start(Box::new(t.clone())))
    }
}
