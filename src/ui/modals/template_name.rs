//! "Save as template": asks for the template's name (the board's title to begin with); the
//! template is listed under that name in the chooser.

use egui::{Id, Key};

/// The longest template name accepted, in characters.
pub const MAX_NAME: usize = 120;

/// Shows the dialog, editing `name`. Returns `Some(true)` for Save (only with a name that is not
/// blank), `Some(false)` for Cancel or Escape.
pub fn template_name(ctx: &egui::Context, name: &mut String) -> Option<bool> {
    let mut choice = None;
    let modal = egui::Modal::new(Id::unique("mlsd-template-name")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Save as template");
        ui.label("Your templates are listed in the chooser, marked yours.");
        ui.add_space(6.0);
        let label = ui.label("Template name");
        let edit = ui
            .add(egui::TextEdit::singleline(name).char_limit(MAX_NAME).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !edit.has_focus() && !edit.lost_focus() && ui.memory(|m| m.focused().is_none()) {
            edit.request_focus();
        }
        let usable = !name.trim().is_empty();
        if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && usable {
            choice = Some(true);
        }
        if !usable {
            ui.weak("Type a name for the template.");
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(usable, egui::Button::new("Save template")).clicked() {
                choice = Some(true);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(false);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(false);
    }
    choice
}
