//! "The file changed on disk": asked before saving over a board file another program changed.

use egui::Id;
use std::path::Path;

/// The user's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverwriteChoice {
    /// Save over the other program's changes.
    Overwrite,
    /// Save under another name instead.
    SaveAs,
    /// Do not save.
    Cancel,
}

/// Shows the question for `path`; returns the answer once given.
pub fn changed_on_disk(ctx: &egui::Context, path: &Path) -> Option<OverwriteChoice> {
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-overwrite")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("The file changed on disk");
        ui.label(format!(
            "{} was changed by another program (or another window) since you opened it here. Saving now replaces those changes.",
            path.display()
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Overwrite").clicked() {
                choice = Some(OverwriteChoice::Overwrite);
            }
            if ui.button("Save As…").clicked() {
                choice = Some(OverwriteChoice::SaveAs);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(OverwriteChoice::Cancel);
            }
        });
    });
    choice
}

/// "NAME exists already. Replace it?", asked by the in-window file dialog. `Some(true)` to
/// replace, `Some(false)` to choose another name.
pub fn replace_file(ctx: &egui::Context, path: &Path) -> Option<bool> {
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-replace-file")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Replace the file?");
        ui.label(format!("{} exists already. Replace it?", path.display()));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                choice = Some(true);
            }
            if ui.button("Choose another name").clicked() {
                choice = Some(false);
            }
        });
    });
    choice
}
