//! An error the user must acknowledge.

use egui::Id;

/// Shows `message`; returns true once the user closed it (OK or Enter).
pub fn error(ctx: &egui::Context, message: &str) -> bool {
    let mut close = false;
    egui::Modal::new(Id::unique("mlsd-error")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Something went wrong");
        ui.label(message);
        ui.add_space(8.0);
        close = ui.button("OK").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter));
    });
    close
}
