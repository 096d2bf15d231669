//! The new-board chooser: a searchable list of case-study templates (built-in and the user's),
//! the selected one's problem statement, blank boards, "Surprise me", and recent boards.

use crate::content::schema::Template;
use crate::content::templates;
use crate::file::user_templates::{Entry, Source};
use egui::{Color32, RichText, Ui};
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

    /// Shows the chooser window; returns the user's choice.
    pub fn ui(&mut self, ctx: &egui::Context, recent: &[PathBuf]) -> Option<ChooserEvent> {
        if !self.open {
            return None;
        }
        let mut event = None;
        let screen = ctx.content_rect();
        let modal = egui::Modal::new(egui::Id::unique("mlsd-chooser")).show(ctx, |ui| {
            ui.set_width((screen.width() - 120.0).clamp(560.0, 980.0));
            ui.set_height((screen.height() - 160.0).clamp(360.0, 620.0));
            ui.horizontal(|ui| {
                ui.heading("Start a board");
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Close").clicked() {
                        self.open = false;
                    }
                });
            });
            ui.separator();
            ui.columns(2, |cols| {
                self.list_ui(&mut cols[0]);
                event = self.details_ui(&mut cols[1]);
            });
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
                for p in recent.iter().take(5) {
                    let name = p
                        .file_name()
                        .map_or_else(|| p.display().to_string(), |f| f.to_string_lossy().into_owned());
                    if ui.link(name).on_hover_text(p.display().to_string()).clicked() {
                        event = Some(ChooserEvent::OpenRecent(p.clone()));
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

    fn list_ui(&mut self, ui: &mut Ui) {
        let label = ui.label("Search cases");
        ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text("ranking, images, hard…")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.add_space(4.0);
        egui::ScrollArea::vertical().id_salt("chooser-list").auto_shrink([false, false]).show(ui, |ui| {
            for (i, entry) in self.entries.iter().enumerate() {
                match &entry.template {
                    Ok(t) => {
                        if templates::is_blank(t) || !matches(&self.search, t) {
                            continue;
                        }
                        let mine = if matches!(entry.source, Source::User(_)) { "  · yours" } else { "" };
                        let text =
                            format!("{}  ({}){mine}", t.title, templates::difficulty_name(t.difficulty));
                        let r = ui.selectable_label(self.selected == Some(i), RichText::new(text).strong());
                        if r.clicked() {
                            self.selected = Some(i);
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
