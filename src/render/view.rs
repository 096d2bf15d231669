//! The view transform between board coordinates and screen points: pan and zoom.

use crate::board::{Point, View};
use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// The smallest zoom (10%): wheel, menu and zoom to fit all stay at or above it.
pub const ZOOM_MIN: f32 = 0.1;
/// The largest zoom (400%).
pub const ZOOM_MAX: f32 = 4.0;
/// The zoom levels View → Zoom in and Zoom out step through.
pub const ZOOM_STEPS: [f32; 11] = [0.1, 0.25, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0];
/// The zoom factor of one notch of Ctrl+wheel.
pub const WHEEL_STEP: f32 = 1.1;

/// The next level of [`ZOOM_STEPS`] above `zoom` (or below it, zooming out); the end of the
/// range when there is none.
pub fn next_zoom_step(zoom: f32, zoom_in: bool) -> f32 {
    if zoom_in {
        ZOOM_STEPS.iter().copied().find(|&s| s > zoom * 1.001).unwrap_or(ZOOM_MAX)
    } else {
        ZOOM_STEPS.iter().rev().copied().find(|&s| s < zoom * 0.999).unwrap_or(ZOOM_MIN)
    }
}

/// Maps board coordinates to screen points inside a canvas rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    /// The board point shown at the centre of the canvas.
    pub center: Pos2,
    /// Screen points per board unit.
    pub zoom: f32,
    /// The canvas rectangle on screen.
    pub canvas: Rect,
}

impl ViewTransform {
    /// The transform for a saved view shown in `canvas`.
    pub fn from_view(view: View, canvas: Rect) -> Self {
        Self { center: pos2(view.center.x, view.center.y), zoom: view.zoom, canvas }
    }

    /// The view to save with the board.
    pub fn to_view(self) -> View {
        View { center: Point::new(self.center.x, self.center.y), zoom: self.zoom }
    }

    /// Board point → screen point.
    pub fn to_screen(&self, p: Pos2) -> Pos2 {
        self.canvas.center() + (p - self.center) * self.zoom
    }

    /// Board rectangle → screen rectangle.
    pub fn rect_to_screen(&self, r: Rect) -> Rect {
        Rect::from_min_max(self.to_screen(r.min), self.to_screen(r.max))
    }

    /// Screen point → board point.
    pub fn to_board(&self, s: Pos2) -> Pos2 {
        self.center + (s - self.canvas.center()) / self.zoom
    }

    /// The part of the board visible in the canvas.
    pub fn visible_board_rect(&self) -> Rect {
        Rect::from_min_max(self.to_board(self.canvas.min), self.to_board(self.canvas.max))
    }

    /// Moves the view so the board follows the pointer by `screen_delta`.
    pub fn pan(&mut self, screen_delta: Vec2) {
        self.center -= screen_delta / self.zoom;
    }

    /// Multiplies the zoom by `factor` (clamped), keeping the board point under `anchor` fixed.
    pub fn zoom_around(&mut self, anchor: Pos2, factor: f32) {
        let before = self.to_board(anchor);
        let zoom = self.zoom * factor;
        if !zoom.is_finite() {
            return;
        }
        self.zoom = zoom.clamp(ZOOM_MIN, ZOOM_MAX);
        let after = self.to_board(anchor);
        self.center += before - after;
    }

    /// Shows the board rectangle `bounds` whole, with `margin` screen points around it, at no
    /// more than 100% zoom (and no less than [`ZOOM_MIN`]: a very large board shows its middle).
    pub fn fit(&mut self, bounds: Rect, margin: f32) {
        let avail = (self.canvas.size() - vec2(2.0 * margin, 2.0 * margin)).max(vec2(1.0, 1.0));
        let size = bounds.size().max(vec2(1.0, 1.0));
        let zoom = (avail.x / size.x).min(avail.y / size.y);
        self.zoom = zoom.clamp(ZOOM_MIN, 1.0);
        self.center = bounds.center();
    }
}

impl ViewTransform {
    /// Shows the board rectangle `bounds` at the top-left of the canvas, whole if it fits at
    /// 100% or less, leaving the space to its right and below free to draw in (for a new board
    /// whose stage boxes form a column of lane headers).
    pub fn fit_top(&mut self, bounds: Rect, margin: f32) {
        let avail = (self.canvas.size() - vec2(2.0 * margin, 2.0 * margin)).max(vec2(1.0, 1.0));
        let size = bounds.size().max(vec2(1.0, 1.0));
        self.zoom = (avail.x / size.x).min(avail.y / size.y).clamp(ZOOM_MIN, 1.0);
        let half = self.canvas.size() / 2.0 / self.zoom;
        self.center = bounds.min - vec2(margin, margin) / self.zoom + half;
    }
}

/// Rounds a board coordinate to the nearest multiple of `step`.
pub fn snap(v: f32, step: f32) -> f32 {
    (v / step).round() * step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_walk_the_ladder_and_stop_at_the_ends() {
        let mut z = 1.0;
        let mut seen = vec![z];
        while z < ZOOM_MAX {
            z = next_zoom_step(z, true);
            seen.push(z);
        }
        assert_eq!(seen, vec![1.0, 1.25, 1.5, 2.0, 3.0, 4.0]);
        assert_eq!(next_zoom_step(4.0, true), 4.0);
        assert_eq!(next_zoom_step(1.0, false), 0.8);
        assert_eq!(next_zoom_step(0.1, false), 0.1);
        // From between two levels, the next one each way.
        assert_eq!(next_zoom_step(0.9, true), 1.0);
        assert_eq!(next_zoom_step(0.9, false), 0.8);
    }

    #[test]
    fn zoom_and_fit_keep_to_the_range() {
        let canvas = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let mut v = ViewTransform { center: Pos2::ZERO, zoom: 1.0, canvas };
        v.zoom_around(canvas.center(), 100.0);
        assert_eq!(v.zoom, ZOOM_MAX);
        v.zoom_around(canvas.center(), 1e-6);
        assert_eq!(v.zoom, ZOOM_MIN);
        v.zoom_around(canvas.center(), f32::NAN);
        assert_eq!(v.zoom, ZOOM_MIN, "a factor that is not a number changes nothing");
        v.fit(Rect::from_min_size(Pos2::ZERO, vec2(100_000.0, 100_000.0)), 10.0);
        assert_eq!(v.zoom, ZOOM_MIN, "a huge board fits at 10%, not below");
        v.fit_top(Rect::from_min_size(Pos2::ZERO, vec2(100_000.0, 100_000.0)), 10.0);
        assert_eq!(v.zoom, ZOOM_MIN);
    }
}
