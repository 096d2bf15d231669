//! Help → Keyboard shortcuts (F1 or ?): every action of the action table with its shortcuts,
//! menu by menu. Generated from the table, so it lists exactly the keys that work.

use crate::ui::actions::{Action, Menu};
use egui::RichText;
use strum::IntoEnumIterator as _;

/// Shows the window while `open`; its close button clears `open`. `mac` picks macOS key names.
pub fn shortcuts(ctx: &egui::Context, open: &mut bool, mac: bool) {
    if !*open {
        return;
    }
    let top = ctx.content_rect().center_top() + egui::vec2(0.0, 48.0);
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(true)
        .default_width(520.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(top)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height((ctx.content_rect().height() - 160.0).max(200.0)).show(
                ui,
                |ui| {
                    egui::Grid::new("mlsd-shortcuts").num_columns(2).spacing([24.0, 4.0]).striped(true).show(
                        ui,
                        |ui| {
                            for menu in Menu::iter() {
                                ui.label(RichText::new(menu.name()).strong());
                                ui.end_row();
                                for a in
                                    Action::all().filter(|a| a.menu() == menu && !a.shortcuts().is_empty())
                                {
                                    ui.label(a.label().trim_end_matches('…'));
                                    ui.label(RichText::new(a.all_shortcuts_text(mac)).monospace());
                                    ui.end_row();
                                }
                            }
                        },
                    );
                },
            );
            ui.add_space(4.0);
            ui.weak(format!(
                "Every command, with a key or not, is in the command palette ({}).",
                Action::CommandPalette.shortcut_text(mac)
            ));
        });
}
