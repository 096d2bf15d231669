//! The view transform between board coordinates and screen points: pan and zoom.

use crate::board::{Point, View};
use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// The smallest zoom the user can reach (zoom to fit may go down to [`FIT_ZOOM_MIN`]).
pub const ZOOM_MIN: f32 = 0.1;
/// The largest zoom.
pub const ZOOM_MAX: f32 = 4.0;
/// The smallest zoom "zoom to fit" uses, so very large boards still fit.
pub const FIT_ZOOM_MIN: f32 = 0.02;

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
        self.zoom = (self.zoom * factor).clamp(ZOOM_MIN.min(self.zoom), ZOOM_MAX);
        let after = self.to_board(anchor);
        self.center += before - after;
    }

    /// Shows the board rectangle `bounds` whole, with `margin` screen points around it, at no
    /// more than 100% zoom.
    pub fn fit(&mut self, bounds: Rect, margin: f32) {
        let avail = (self.canvas.size() - vec2(2.0 * margin, 2.0 * margin)).max(vec2(1.0, 1.0));
        let size = bounds.size().max(vec2(1.0, 1.0));
        let zoom = (avail.x / size.x).min(avail.y / size.y);
        self.zoom = zoom.clamp(FIT_ZOOM_MIN, 1.0);
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
        self.zoom = (avail.x / size.x).min(avail.y / size.y).clamp(FIT_ZOOM_MIN, 1.0);
        let half = self.canvas.size() / 2.0 / self.zoom;
        self.center = bounds.min - vec2(margin, margin) / self.zoom + half;
    }
}

/// Rounds a board coordinate to the nearest multiple of `step`.
pub fn snap(v: f32, step: f32) -> f32 {
    (v / step).round() * step
}
