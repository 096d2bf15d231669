//! Running the painter without a window: a headless egui context with the app's fonts, at a
//! given scale and theme. The PNG export rasterizes what it draws, the vector exports keep its
//! shapes.

use crate::render::theme::ThemeKind;
use egui::{Rect, ViewportId};

/// Runs `draw` in a headless egui context of `screen` points at `pixels_per_point`, with the
/// app's fonts and `theme`. egui runs twice: the first pass loads the fonts and fills the font
/// atlas, the second is the one returned (with the context, to tessellate it). The texture
/// changes of both passes go to `textures`, which must apply or clear them.
pub fn run_headless(
    screen: Rect,
    pixels_per_point: f32,
    theme: ThemeKind,
    draw: impl Fn(&mut egui::Ui),
    mut textures: impl FnMut(&mut egui::TexturesDelta),
) -> (egui::Context, egui::FullOutput) {
    let ctx = egui::Context::default();
    crate::render::fonts::install(&ctx);
    ctx.set_theme(match theme {
        ThemeKind::Light => egui::Theme::Light,
        ThemeKind::Dark => egui::Theme::Dark,
    });
    let mut raw =
        egui::RawInput { screen_rect: Some(screen), max_texture_side: Some(4096), ..Default::default() };
    raw.viewports.entry(ViewportId::ROOT).or_default().native_pixels_per_point = Some(pixels_per_point);
    let mut first = ctx.run_ui(raw.clone(), &draw);
    textures(&mut first.textures_delta);
    drop(first);
    let mut output = ctx.run_ui(raw, &draw);
    textures(&mut output.textures_delta);
    (ctx, output)
}
