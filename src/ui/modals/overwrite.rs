//! Asked before saving over a board file: when another program changed it since it was opened
//! here, or when it is read-only. One question with two reasons, and the in-window file
//! dialog's "Replace the file?".

use egui::Id;
use std::path::Path;

/// Why saving over a file asks first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplaceReason {
    /// Another program (or another window) changed the file since it was opened here.
    ChangedOnDisk,
    /// The file is marked read-only.
    ReadOnly,
}

/// The user's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverwriteChoice {
    /// Save over the file anyway (a read-only file keeps its permissions).
    Replace,
    /// Save under another name instead.
    SaveAs,
    /// Do not save.
    Cancel,
}

/// Shows the question for `path` and `reason`; returns the answer once given.
pub fn replace_board_file(
    ctx: &egui::Context,
    path: &Path,
    reason: ReplaceReason,
) -> Option<OverwriteChoice> {
    let (heading, text, replace) = match reason {
        ReplaceReason::ChangedOnDisk => (
            "The file changed on disk",
            format!(
                "{} was changed by another program (or another window) since you opened it here. Saving now replaces those changes.",
                path.display()
            ),
            "Overwrite",
        ),
        ReplaceReason::ReadOnly => (
            "The file is read-only",
            format!(
                "{} is marked read-only, perhaps to protect it. Replace it with this board anyway?",
                path.display()
            ),
            "Replace it",
        ),
    };
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-overwrite")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(heading);
        ui.label(text);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(replace).clicked() {
                choice = Some(OverwriteChoice::Replace);
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
