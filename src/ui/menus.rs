//! The menu bar, the status bar and the keyboard shortcuts. The menus and the shortcuts read the
//! one action table ([`Action`]), and all of them only emit [`AppCommand`]s.

use crate::file::prefs::ThemeKind;
use crate::practice::steps::count_text;
use crate::ui::actions::{Action, Menu, fires_while_typing};
use crate::ui::app::MlsdApp;
use crate::ui::app_command::{AppCommand, Pending};
use egui::Ui;
use strum::IntoEnumIterator as _;

impl MlsdApp {
    /// Keyboard shortcuts and clipboard events of this frame.
    pub(crate) fn shortcuts(&self, ctx: &egui::Context, out: &mut Vec<AppCommand>) {
        if self.ui.modal_open() {
            return;
        }
        let typing =
            ctx.egui_wants_keyboard_input() || self.ui.canvas.is_editing() || self.ui.find.typing(ctx);
        // An open menu or popup closes on Escape itself.
        let popup = egui::Popup::is_any_open(ctx);
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (action, shortcut) in Action::shortcut_table() {
                if typing && (action.is_canvas_edit() || !fires_while_typing(shortcut))
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

    /// Whether a toggle action is on, shown as a selected (highlighted) menu entry.
    fn is_on(&self, action: Action) -> bool {
        match action {
            Action::ToggleGrid => self.ui.canvas.show_grid,
            Action::ToggleSnap => self.ui.canvas.snap,
            Action::ToggleTheme => self.prefs.theme == ThemeKind::Dark,
            Action::TogglePanel => self.ui.interview.open,
            Action::ToggleRoute => self.selected_edge_is_elbow(),
            _ => false,
        }
    }

    /// The menu bar: one menu per [`Menu`], its entries and their shortcuts from the action
    /// table, and the recent boards under File.
    pub(crate) fn menu_bar(&self, ui: &mut Ui, out: &mut Vec<AppCommand>) {
        let mac = ui.ctx().os().is_mac();
        let mut chosen = None;
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::iter() {
                ui.menu_button(menu.name(), |ui| {
                    for action in Action::all().filter(|a| a.menu() == menu && a.in_menu()) {
                        if action.starts_group() {
                            ui.separator();
                        }
                        let button = egui::Button::new(action.label())
                            .selected(self.is_on(action))
                            .shortcut_text(action.shortcut_text(mac));
                        if ui.add_enabled(self.enabled(action), button).clicked() {
                            chosen = Some(AppCommand::Action(action));
                            ui.close();
                        }
                        if action == Action::Open {
                            self.recent_menu(ui, &mut chosen);
                        }
                    }
                });
            }
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

    /// File → Recent boards.
    fn recent_menu(&self, ui: &mut Ui, chosen: &mut Option<AppCommand>) {
        ui.menu_button("Recent boards", |ui| {
            if self.prefs.recent.is_empty() {
                ui.label("No recent boards");
            }
            for p in &self.prefs.recent {
                if ui.button(p.display().to_string()).clicked() {
                    *chosen = Some(AppCommand::Guarded(Pending::OpenPath(p.clone())));
                    ui.close();
                }
            }
        });
    }

    /// The status bar: counts, zoom and a line of how-to.
    pub(crate) fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let zoom = self.ui.canvas.view.map_or(100.0, |v| v.zoom * 100.0);
            let b = self.doc.board();
            let (boxes, arrows) = (b.nodes.len(), b.edges.len());
            ui.label(format!(
                "{} · {} · {zoom:.0}%",
                count_text(boxes, "box", "boxes"),
                count_text(arrows, "arrow", "arrows")
            ));
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
