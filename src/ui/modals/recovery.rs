//! "Recover unsaved boards": the boards a crash left behind, offered at start-up.

use crate::file::recovery::{OriginalState, RecoveryEntry};
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

/// A recovery copy as the dialog lists it: the entry, and how its board's own file compares now
/// with what the copy recorded (read once, when the list is made).
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The copy.
    pub entry: RecoveryEntry,
    /// The board's file now.
    pub original: OriginalState,
}

/// What the user did in the dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryAction {
    /// Restore or discard entry `.0`.
    Entry(usize, RecoveryChoice),
    /// Decide later: close the dialog, keep every copy (offered again at the next start).
    Later,
}

/// A few words on the board's file, when it matters for restoring.
fn original_words(state: OriginalState) -> Option<&'static str> {
    match state {
        OriginalState::Modified => {
            Some("the file was changed by another program since; saving will ask first")
        }
        OriginalState::Missing => Some("the file is gone; saving will ask first"),
        OriginalState::Unknown => {
            Some("this copy cannot tell whether the file changed since; saving will ask first")
        }
        OriginalState::Untitled | OriginalState::Same => None,
    }
}

/// Shows the entries, scrolling when there are many; returns what the user did. Escape is
/// "Later".
pub fn recovery(ctx: &egui::Context, entries: &[Recovered], now: u64) -> Option<RecoveryAction> {
    let mut action = None;
    let max_height = (ctx.content_rect().height() - 240.0).max(120.0);
    egui::Modal::new(Id::unique("mlsd-recovery")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Recover unsaved boards");
        let n = entries.len();
        ui.label(format!(
            "mlsd-board did not close cleanly last time. {} had changes that were not saved:",
            if n == 1 { "This board".to_owned() } else { format!("These {n} boards") }
        ));
        ui.add_space(6.0);
        egui::ScrollArea::vertical().max_height(max_height).auto_shrink([false, true]).show(ui, |ui| {
            for (i, r) in entries.iter().enumerate() {
                let e = &r.entry;
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let title = if e.title.trim().is_empty() { "Untitled board" } else { e.title.as_str() };
                    ui.label(RichText::new(title).strong());
                    let from = e
                        .original_path
                        .as_ref()
                        .map_or("never saved".to_owned(), |p| p.display().to_string());
                    ui.weak(format!("copy from {} · {from}", age(now, e.saved_at)));
                    if let Some(words) = original_words(r.original) {
                        ui.label(RichText::new(words).color(egui::Color32::from_rgb(0xb4, 0x53, 0x09)));
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            action = Some(RecoveryAction::Entry(i, RecoveryChoice::Restore));
                        }
                        if ui.button("Discard").clicked() {
                            action = Some(RecoveryAction::Entry(i, RecoveryChoice::Discard));
                        }
                    });
                });
            }
        });
        ui.add_space(6.0);
        if ui
            .button("Later")
            .on_hover_text("Keep the copies; they are offered again next time (Escape)")
            .clicked()
        {
            action = Some(RecoveryAction::Later);
        }
    });
    if action.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        action = Some(RecoveryAction::Later);
    }
    action
}
