//! Short messages shown in the corner of the window for a few seconds.

use egui::{Align2, Color32, Id, RichText, vec2};
use std::time::Duration;

/// How long a notice stays on screen.
const NOTICE_TIME: Duration = Duration::from_secs(5);

/// A short message shown in the corner for a few seconds.
#[derive(Clone, Debug)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Shown as a warning (amber) rather than as information.
    pub warning: bool,
    /// Seconds since app start when it was posted.
    posted: f64,
}

/// The notices on screen, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Notices {
    list: Vec<Notice>,
    /// The time of the current frame, in seconds since the app started.
    now: f64,
}

impl Notices {
    /// Sets the time of the frame being drawn.
    pub fn set_time(&mut self, now: f64) {
        self.now = now;
    }

    /// Posts a notice.
    pub fn post(&mut self, text: impl Into<String>, warning: bool) {
        self.list.push(Notice { text: text.into(), warning, posted: self.now });
    }

    /// The notices on screen, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Notice> {
        self.list.iter()
    }

    /// Draws the notices in the bottom-right corner and drops the expired ones.
    pub fn ui(&mut self, ctx: &egui::Context) {
        let now = self.now;
        self.list.retain(|n| now - n.posted < NOTICE_TIME.as_secs_f64());
        if self.list.is_empty() {
            return;
        }
        egui::Area::new(Id::unique("mlsd-notices"))
            .anchor(Align2::RIGHT_BOTTOM, vec2(-16.0, -36.0))
            .interactable(false)
            .show(ctx, |ui| {
                for n in &self.list {
                    let fill = if n.warning {
                        Color32::from_rgb(0xfe, 0xf3, 0xc7)
                    } else {
                        Color32::from_rgb(0xe0, 0xf2, 0xfe)
                    };
                    egui::Frame::new().fill(fill).corner_radius(6).inner_margin(8).show(ui, |ui| {
                        ui.set_max_width(460.0);
                        ui.label(RichText::new(&n.text).color(Color32::from_rgb(0x1f, 0x23, 0x28)));
                    });
                    ui.add_space(4.0);
                }
            });
        let oldest = self.list.iter().map(|n| n.posted).fold(f64::INFINITY, f64::min);
        let left = (NOTICE_TIME.as_secs_f64() - (now - oldest)).max(0.05);
        ctx.request_repaint_after(Duration::from_secs_f64(left));
    }
}
