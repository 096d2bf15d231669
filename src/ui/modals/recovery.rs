//! "Recover unsaved boards": the boards a crash left behind, offered at start-up.

use crate::file::recovery::RecoveryEntry;
use egui::{Id, RichText};

/// What the user chose for one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Open the copy (unsaved, at its original path).
    Restore,
    /// Delete the copy.
    Discard,
}

/// How long ago `saved_at` was, in words.
fn age(now: u64, saved_at: u64) -> String {
    match now.saturating_sub(saved_at) / 60 {
        0 => "less than a minute ago".to_owned(),
        1 => "1 minute ago".to_owned(),
        m if m < 120 => format!("{m} minutes ago"),
        m => format!("{} hours ago", m / 60),
    }
}

/// Shows the entries; returns the index of the entry acted on and the choice.
pub fn recovery(ctx: &egui::Context, entries: &[RecoveryEntry], now: u64) -> Option<(usize, RecoveryChoice)> {
    let mut action = None;
    egui::Modal::new(Id::unique("mlsd-recovery")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Recover unsaved boards");
        ui.label("mlsd-board did not close cleanly last time. These boards had changes that were not saved:");
        ui.add_space(6.0);
        for (i, e) in entries.iter().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                let title = if e.title.trim().is_empty() { "Untitled board" } else { e.title.as_str() };
                ui.label(RichText::new(title).strong());
                let from =
                    e.original_path.as_ref().map_or("never saved".to_owned(), |p| p.display().to_string());
                ui.weak(format!("copy from {} · {from}", age(now, e.saved_at)));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        action = Some((i, RecoveryChoice::Restore));
                    }
                    if ui.button("Discard").clicked() {
                        action = Some((i, RecoveryChoice::Discard));
                    }
                });
            });
        }
    });
    action
}
