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
    let top = ctx.content_rect().center_top() + egui::vec2(0.0, 40.0);
    // Two columns (File and Edit; View, Session and Help), so every key fits on a 720-point high
    // screen without scrolling.
    let menus: Vec<Menu> = Menu::iter().collect();
    let (left, right) = menus.split_at(2);
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(top)
        .show(ctx, |ui| {
            ui.weak(format!(
                "Every command, with a key or not, is in the command palette ({}).",
                Action::CommandPalette.shortcut_text(mac)
            ));
            ui.add_space(4.0);
            ui.horizontal_top(|ui| {
                for (i, column) in [left, right].into_iter().enumerate() {
                    ui.vertical(|ui| table(ui, i, column, mac));
                    ui.add_space(28.0);
                }
            });
        });
}

/// The shortcuts of these menus as a two-column grid: command, keys.
fn table(ui: &mut egui::Ui, column: usize, menus: &[Menu], mac: bool) {
    egui::Grid::new(("mlsd-shortcuts", column)).num_columns(2).spacing([20.0, 4.0]).striped(true).show(
        ui,
        |ui| {
            for &menu in menus {
                ui.label(RichText::new(menu.name()).strong());
                ui.end_row();
                for a in Action::all().filter(|a| a.menu() == menu && !a.shortcuts().is_empty()) {
                    ui.label(a.label().trim_end_matches('…'));
                    ui.label(RichText::new(a.all_shortcuts_text(mac)).monospace());
                    ui.end_row();
                }
            }
        },
    );
}
