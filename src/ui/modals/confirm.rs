//! "Unsaved changes": asked before New, Open or Quit throw a changed board away.

use egui::Id;

/// The user's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmChoice {
    /// Save the board first, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Stay with the board.
    Cancel,
}

/// Shows the question for the board called `name`; returns the answer once given.
pub fn unsaved_changes(ctx: &egui::Context, name: &str) -> Option<ConfirmChoice> {
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-confirm")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Unsaved changes");
        ui.label(format!("Save the changes to \"{name}\" first?"));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(ConfirmChoice::Save);
            }
            if ui.button("Discard changes").clicked() {
                choice = Some(ConfirmChoice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(ConfirmChoice::Cancel);
            }
        });
    });
    choice
}
