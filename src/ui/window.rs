//! The desktop window: its size and icon, and keeping it on the screen. (`MlsdApp`'s `run`
//! opens it.)

/// The window's size when the app opens, in points.
pub const WINDOW_SIZE: [f32; 2] = [1360.0, 860.0];
/// The smallest window the app lays out well, in points.
pub const MIN_WINDOW_SIZE: [f32; 2] = [720.0, 480.0];

/// The app's icon (`assets/mlsd-board.png`, drawn from `assets/mlsd-board.svg`).
static ICON_PNG: &[u8] = include_bytes!("../../assets/mlsd-board.png");

/// The window icon, decoded from the bundled PNG (`None` if it cannot be, which a test rules out).
pub fn icon() -> Option<egui::IconData> {
    let img = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png).ok()?.into_rgba8();
    let (width, height) = img.dimensions();
    Some(egui::IconData { rgba: img.into_raw(), width, height })
}

/// The window size to ask for so that it fits a screen of `monitor` points, keeping room for
/// the desktop's panels and the window's frame; `None` when `inner` already fits.
///
/// ```
/// use egui::vec2;
/// use mlsd_board::ui::window::fit_to_monitor;
/// assert_eq!(fit_to_monitor(vec2(1600.0, 1000.0), vec2(1280.0, 720.0)), Some(vec2(1280.0, 672.0)));
/// assert_eq!(fit_to_monitor(vec2(1200.0, 600.0), vec2(1280.0, 720.0)), None);
/// ```
pub fn fit_to_monitor(inner: egui::Vec2, monitor: egui::Vec2) -> Option<egui::Vec2> {
    if !(monitor.x > 0.0 && monitor.y > 0.0) {
        return None;
    }
    // A title bar and a panel take about this much of the height.
    let room = egui::vec2(monitor.x, (monitor.y - 48.0).max(MIN_WINDOW_SIZE[1]));
    let fitted = inner.min(room).max(egui::Vec2::from(MIN_WINDOW_SIZE).min(monitor));
    (fitted.x + 0.5 < inner.x || fitted.y + 0.5 < inner.y).then_some(fitted)
}

/// Once the window knows its monitor: a window larger than the screen (a size remembered from a
/// larger screen) is shrunk to fit it and moved to its top-left corner. Returns true once
/// checked, so the caller asks only until then.
pub fn keep_on_screen(ctx: &egui::Context) -> bool {
    let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
    let (Some(monitor), Some(inner)) = (monitor, inner) else { return false };
    if let Some(size) = fit_to_monitor(inner.size(), monitor) {
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
    }
    true
}
