//! The fonts every egui context of the app uses: egui's own, plus DejaVu Sans as a fallback so
//! that arrows, math signs and most scripts a user may type are drawn, not shown as boxes.
//! The screen, the PNG export and the UI tests all install these, so text looks the same in each.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/DejaVuSans-LICENSE.txt`).
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// egui's default fonts with DejaVu Sans appended as the last fallback of every family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert("dejavu-sans".to_owned(), Arc::new(FontData::from_static(DEJAVU_SANS)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("dejavu-sans".to_owned());
    }
    fonts
}

/// Installs the app's fonts in `ctx`.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
