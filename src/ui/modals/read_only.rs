//! "The file is read-only": asked before saving over a board file without write permission.

use egui::Id;
use std::path::Path;

/// The user's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnlyChoice {
    /// Replace the file anyway (its permissions stay as they are).
    Replace,
    /// Save under another name instead.
    SaveAs,
    /// Do not save.
    Cancel,
}

/// Shows the question for `path`; returns the answer once given.
pub fn read_only(ctx: &egui::Context, path: &Path) -> Option<ReadOnlyChoice> {
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-read-only")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("The file is read-only");
        ui.label(format!(
            "{} is marked read-only, perhaps to protect it. Replace it with this board anyway?",
            path.display()
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Replace it").clicked() {
                choice = Some(ReadOnlyChoice::Replace);
            }
            if ui.button("Save As…").clicked() {
                choice = Some(ReadOnlyChoice::SaveAs);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(ReadOnlyChoice::Cancel);
            }
        });
    });
    choice
}
