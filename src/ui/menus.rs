//! The menu bar, the status bar and the keyboard shortcuts. All three read the one action table
//! ([`Action`]), and only emit [`AppCommand`]s.

use crate::file::prefs::ThemeKind;
use crate::ui::actions::Action;
use crate::ui::app::MlsdApp;
use crate::ui::app_command::{AppCommand, Pending};
use egui::Ui;

impl MlsdApp {
    /// Whether a modal dialog has the keyboard, so shortcuts must not fire.
    fn modal_open(&self) -> bool {
        let ui = &self.ui;
        ui.confirm.is_some()
            || ui.error.is_some()
            || ui.chooser.open
            || ui.export.is_some()
            || !ui.recovered.is_empty()
            || ui.overwrite.is_some()
            || ui.read_only.is_some()
    }

    /// Keyboard shortcuts and clipboard events of this frame.
    pub(crate) fn shortcuts(&self, ctx: &egui::Context, out: &mut Vec<AppCommand>) {
        if self.modal_open() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.ui.canvas.is_editing();
        // An open menu or popup closes on Escape itself.
        let popup = egui::Popup::is_any_open(ctx);
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (action, shortcut) in Action::shortcut_table() {
                if (typing && action.is_canvas_edit())
                    || fired.contains(action)
                    || (popup && shortcut.logical_key == egui::Key::Escape)
                {
                    continue;
                }
                if i.consume_shortcut(shortcut) {
                    fired.push(*action);
                }
            }
        });
        let mut pasted = Vec::new();
        if !typing {
            for e in ctx.input(|i| i.events.clone()) {
                match e {
                    egui::Event::Copy if !fired.contains(&Action::Copy) => fired.push(Action::Copy),
                    egui::Event::Cut if !fired.contains(&Action::Cut) => fired.push(Action::Cut),
                    egui::Event::Paste(text) => pasted.push(AppCommand::Paste(text)),
                    _ => {}
                }
            }
        }
        out.extend(pasted);
        out.extend(fired.into_iter().map(AppCommand::Action));
    }

    /// The menu bar: File, Edit, View and Session, each entry with its shortcut.
    pub(crate) fn menu_bar(&self, ui: &mut Ui, out: &mut Vec<AppCommand>) {
        let ctx = ui.ctx().clone();
        let mut chosen = None;
        egui::MenuBar::new().ui(ui, |ui| {
            let item = |ui: &mut Ui, action: Action, chosen: &mut Option<AppCommand>| {
                // Toggles show their state as a selected (highlighted) entry.
                let on = action == Action::ToggleGrid && self.ui.canvas.show_grid
                    || action == Action::ToggleRoute && self.selected_edge_is_elbow()
                    || action == Action::ToggleSnap && self.ui.canvas.snap
                    || action == Action::ToggleTheme && self.prefs.theme == ThemeKind::Dark
                    || action == Action::TogglePanel && self.ui.interview.open;
                let button =
                    egui::Button::new(action.label()).selected(on).shortcut_text(action.shortcut_text(&ctx));
                if ui.add_enabled(self.enabled(action), button).clicked() {
                    *chosen = Some(AppCommand::Action(action));
                    ui.close();
                }
            };
            ui.menu_button("File", |ui| {
                for a in [Action::New, Action::Open] {
                    item(ui, a, &mut chosen);
                }
                ui.menu_button("Recent boards", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent boards");
                    }
                    for p in &self.prefs.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            chosen = Some(AppCommand::Guarded(Pending::OpenPath(p.clone())));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                for a in [
                    Action::Save,
                    Action::SaveAs,
                    Action::SaveAsTemplate,
                    Action::ExportImage,
                    Action::Import,
                ] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                item(ui, Action::Quit, &mut chosen);
            });
            ui.menu_button("Edit", |ui| {
                for a in [Action::Undo, Action::Redo] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                for a in [Action::Cut, Action::Copy, Action::Paste, Action::Duplicate, Action::Delete] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                for a in [Action::CopyMermaid, Action::CopyImage] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                for a in [Action::SelectAll, Action::EditLabel] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                for a in [Action::BringToFront, Action::SendToBack, Action::ToggleRoute] {
                    item(ui, a, &mut chosen);
                }
                ui.menu_button("Align and distribute", |ui| {
                    for a in [Action::AlignLeft, Action::AlignCenter, Action::AlignRight] {
                        item(ui, a, &mut chosen);
                    }
                    ui.separator();
                    for a in [Action::AlignTop, Action::AlignMiddle, Action::AlignBottom] {
                        item(ui, a, &mut chosen);
                    }
                    ui.separator();
                    for a in [Action::DistributeHorizontally, Action::DistributeVertically] {
                        item(ui, a, &mut chosen);
                    }
                });
            });
            ui.menu_button("View", |ui| {
                for a in [Action::ZoomIn, Action::ZoomOut, Action::ZoomFit, Action::ActualSize] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                for a in [Action::ToggleGrid, Action::ToggleSnap, Action::ToggleTheme, Action::TogglePanel] {
                    item(ui, a, &mut chosen);
                }
            });
            ui.menu_button("Session", |ui| {
                for a in [Action::StartPause, Action::PrevStep, Action::NextStep, Action::Finish] {
                    item(ui, a, &mut chosen);
                }
                ui.separator();
                for a in [Action::Review, Action::Progress] {
                    item(ui, a, &mut chosen);
                }
            });
        });
        out.extend(chosen);
    }

    /// Whether the selected arrow is elbow-routed (the menu shows "Elbow arrow" as on).
    fn selected_edge_is_elbow(&self) -> bool {
        let b = self.doc.board();
        self.ui
            .canvas
            .selected_edge
            .and_then(|e| b.edge(e))
            .is_some_and(|e| e.route == crate::board::Route::Elbow)
    }

    /// The status bar: counts, zoom and a line of how-to.
    pub(crate) fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let zoom = self.ui.canvas.view.map_or(100.0, |v| v.zoom * 100.0);
            let b = self.doc.board();
            ui.label(format!("{} boxes · {} arrows · {zoom:.0}%", b.nodes.len(), b.edges.len()));
            ui.separator();
            let hint = if self.ui.canvas.is_linking() {
                "Click the box the new arrow goes to · Escape cancels"
            } else {
                "Drag from the palette · drag a box's side dot onto another box to connect · right-click for more · double-click to edit a label · middle-drag or Space+drag to pan · Ctrl+wheel to zoom"
            };
            ui.weak(hint);
        });
    }
}
