//! The command palette (Ctrl+K, Ctrl+Shift+P): every action of the action table, searched by a
//! fuzzy match of its name, each shown with its menu and shortcut. Up and Down move, Enter runs
//! the highlighted action, Escape closes. It returns the action chosen; the shell runs it like a
//! menu entry.

use crate::ui::actions::Action;
use egui::{Key, Modifiers, RichText};

/// The palette's state.
#[derive(Debug, Default)]
pub struct CommandPalette {
    /// Whether the palette is shown.
    pub open: bool,
    /// What the user typed.
    pub query: String,
    /// The highlighted row (index into the matches).
    pub selected: usize,
    /// Give the search field the keyboard on the next frame.
    focus: bool,
}

/// How well `text` matches `query`, or `None` when it does not: every character of the query
/// (spaces aside) must appear in `text` in order, ignoring case. Higher is better: matches at the
/// start of words and runs of consecutive characters count most, so "zi" finds "Zoom in" first.
///
/// ```
/// use mlsd_board::ui::command_palette::fuzzy_score;
/// assert!(fuzzy_score("zi", "Zoom in") > fuzzy_score("zi", "Zoom to fit"));
/// assert_eq!(fuzzy_score("xq", "Zoom in"), None);
/// assert_eq!(fuzzy_score("", "Zoom in"), Some(0));
/// ```
pub fn fuzzy_score(query: &str, text: &str) -> Option<i32> {
    let q: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    if q.is_empty() {
        return Some(0);
    }
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut score = 0;
    let mut qi = 0;
    let mut prev: Option<usize> = None;
    for (ti, &c) in t.iter().enumerate() {
        if qi == q.len() {
            break;
        }
        if c != q[qi] {
            continue;
        }
        score += 1;
        if ti == 0 || !t[ti - 1].is_alphanumeric() {
            score += 8;
        }
        if prev.is_some_and(|p| p + 1 == ti) {
            score += 5;
        }
        prev = Some(ti);
        qi += 1;
    }
    if qi < q.len() {
        return None;
    }
    // The text starts with the query: the most likely meant.
    let prefix = t.starts_with(&q[..]);
    Some(score + if prefix { 6 } else { 0 } - i32::try_from(t.len() / 8).unwrap_or(i32::MAX))
}

/// The actions matching `query`, best first (ties in menu order). An empty query lists every
/// action. The action's menu counts too, a little less than its name ("view grid").
pub fn matches(query: &str) -> Vec<Action> {
    let mut scored: Vec<(i32, usize, Action)> = Action::all()
        .enumerate()
        .filter_map(|(i, a)| {
            let by_name = fuzzy_score(query, a.label());
            let by_menu = fuzzy_score(query, &format!("{} {}", a.menu().name(), a.label())).map(|s| s - 2);
            by_name.max(by_menu).map(|s| (s, i, a))
        })
        .collect();
    scored.sort_by_key(|&(s, i, _)| (std::cmp::Reverse(s), i));
    scored.into_iter().map(|(_, _, a)| a).collect()
}

impl CommandPalette {
    /// Opens the palette with an empty search.
    pub fn show_palette(&mut self) {
        self.open = true;
        self.query.clear();
        self.selected = 0;
        self.focus = true;
    }

    /// Shows the palette; returns the action the user chose. `enabled` tells which actions can
    /// run now (the others are listed greyed out and cannot be chosen); `mac` picks macOS key
    /// names.
    pub fn ui(&mut self, ctx: &egui::Context, enabled: impl Fn(Action) -> bool, mac: bool) -> Option<Action> {
        if !self.open {
            return None;
        }
        let found = matches(&self.query);
        // The keys that move and choose, taken before the text field can use them.
        let (up, down, enter) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        if down {
            self.selected = (self.selected + 1).min(found.len().saturating_sub(1));
        }
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        self.selected = self.selected.min(found.len().saturating_sub(1));
        let mut chosen = found.get(self.selected).copied().filter(|a| enter && enabled(*a));
        let modal = egui::Modal::new(egui::Id::unique("mlsd-command-palette")).show(ctx, |ui| {
            ui.set_width(460.0);
            let label = ui.label(RichText::new("Command palette").strong());
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Type a command: zoom, save, grid…")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                edit.request_focus();
            }
            if edit.changed() {
                self.selected = 0;
            }
            ui.add_space(4.0);
            if found.is_empty() {
                ui.weak("No command matches.");
            }
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                for (i, &action) in found.iter().enumerate() {
                    let on = i == self.selected;
                    let row = command_row(ui, action, on, enabled(action), mac);
                    if on && (up || down) {
                        row.scroll_to_me(None);
                    }
                    if row.clicked() {
                        chosen = Some(action);
                    }
                }
            });
            ui.add_space(4.0);
            ui.weak("↑ ↓ to move · Enter to run · Esc to close");
        });
        if modal.should_close() || chosen.is_some() {
            self.open = false;
        }
        chosen
    }
}

/// One row: the action's name, its shortcut at the right; highlighted when `on`.
fn command_row(ui: &mut egui::Ui, action: Action, on: bool, enabled: bool, mac: bool) -> egui::Response {
    let button = egui::Button::selectable(on, action.label())
        .right_text(RichText::new(action.shortcut_text(mac)).weak())
        .min_size(egui::vec2(ui.available_width(), 0.0));
    ui.add_enabled(enabled, button).on_hover_text(format!("In the {} menu", action.menu().name()))
}
