//! UI tokens: every colour and size the canvas uses, for the light and the dark theme.

use egui::Color32;

pub use crate::file::prefs::ThemeKind;

/// The colours of the canvas in one theme.
#[derive(Clone, Debug)]
pub struct Colors {
    /// Which theme this is.
    pub kind: ThemeKind,
    /// Canvas background.
    pub background: Color32,
    /// Grid dots or lines.
    pub grid: Color32,
    /// Main text.
    pub text: Color32,
    /// Secondary text (captions).
    pub text_weak: Color32,
    /// Arrows.
    pub edge: Color32,
    /// Component box fill.
    pub component_fill: Color32,
    /// Box outlines.
    pub outline: Color32,
    /// Sticky note fill.
    pub note_fill: Color32,
    /// Sticky note text.
    pub note_text: Color32,
    /// Selection outline and marquee.
    pub selection: Color32,
    /// Hover outline and handles.
    pub hover: Color32,
    /// Background of labels drawn on arrows.
    pub label_bg: Color32,
}

/// The hues of the framework stages, by step (1-based, wrapping after 7).
const STAGE_HUES: [(u8, u8, u8); 7] = [
    (0x3b, 0x82, 0xf6), // blue
    (0x8b, 0x5c, 0xf6), // violet
    (0x0e, 0xa5, 0xa5), // teal
    (0xf5, 0x9e, 0x0b), // amber
    (0xec, 0x48, 0x99), // pink
    (0x22, 0xa0, 0x55), // green
    (0xef, 0x44, 0x44), // red
];

/// Grid spacing in board units; snapping uses the same step.
pub const GRID: f32 = 20.0;
/// Base label size in points at 100% zoom.
pub const LABEL_SIZE: f32 = 14.0;
/// Caption size (component kind, stage step) in points at 100% zoom.
pub const CAPTION_SIZE: f32 = 10.5;
/// Length of an arrowhead in board units.
pub const ARROW_HEAD: f32 = 11.0;
/// Corner radius of boxes in board units.
pub const CORNER: f32 = 8.0;
/// Labels smaller than this on screen (points) are drawn as bars instead of text.
pub const MIN_READABLE_TEXT: f32 = 4.0;

impl Colors {
    /// The palette of a theme.
    pub fn of(kind: ThemeKind) -> Self {
        match kind {
            ThemeKind::Light => Self {
                kind,
                background: Color32::from_rgb(0xf7, 0xf8, 0xfa),
                grid: Color32::from_rgb(0xd9, 0xdd, 0xe3),
                text: Color32::from_rgb(0x1f, 0x23, 0x28),
                text_weak: Color32::from_rgb(0x5f, 0x67, 0x70),
                edge: Color32::from_rgb(0x4a, 0x52, 0x5c),
                component_fill: Color32::WHITE,
                outline: Color32::from_rgb(0xb8, 0xbf, 0xc8),
                note_fill: Color32::from_rgb(0xff, 0xf1, 0x9c),
                note_text: Color32::from_rgb(0x3d, 0x34, 0x0b),
                selection: Color32::from_rgb(0x25, 0x63, 0xeb),
                hover: Color32::from_rgb(0x60, 0xa5, 0xfa),
                label_bg: Color32::from_rgb(0xf7, 0xf8, 0xfa),
            },
            ThemeKind::Dark => Self {
                kind,
                background: Color32::from_rgb(0x1b, 0x1d, 0x21),
                grid: Color32::from_rgb(0x30, 0x34, 0x3a),
                text: Color32::from_rgb(0xe6, 0xe8, 0xeb),
                text_weak: Color32::from_rgb(0xa0, 0xa7, 0xb0),
                edge: Color32::from_rgb(0xb4, 0xbb, 0xc4),
                component_fill: Color32::from_rgb(0x2a, 0x2d, 0x33),
                outline: Color32::from_rgb(0x4a, 0x50, 0x58),
                note_fill: Color32::from_rgb(0x6b, 0x5d, 0x1c),
                note_text: Color32::from_rgb(0xfb, 0xf3, 0xd0),
                selection: Color32::from_rgb(0x60, 0xa5, 0xfa),
                hover: Color32::from_rgb(0x93, 0xc5, 0xfd),
                label_bg: Color32::from_rgb(0x1b, 0x1d, 0x21),
            },
        }
    }

    /// The strong colour of a framework stage (1-based step number).
    pub fn stage(&self, step: u8) -> Color32 {
        let (r, g, b) = STAGE_HUES[usize::from(step.max(1) - 1) % STAGE_HUES.len()];
        Color32::from_rgb(r, g, b)
    }

    /// The fill of a stage box: a light (or, in the dark theme, deep) tint of its colour.
    pub fn stage_fill(&self, step: u8) -> Color32 {
        let c = self.stage(step);
        match self.kind {
            ThemeKind::Light => mix(c, Color32::WHITE, 0.85),
            ThemeKind::Dark => mix(c, Color32::from_rgb(0x1b, 0x1d, 0x21), 0.7),
        }
    }

    /// The colour of a palette group, by its id.
    pub fn group(&self, group_id: &str) -> Color32 {
        match group_id {
            "data_sources" => Color32::from_rgb(0x0e, 0x90, 0xd2),
            "storage" => Color32::from_rgb(0x64, 0x74, 0x8b),
            "features" => Color32::from_rgb(0x14, 0xb8, 0xa6),
            "training" => Color32::from_rgb(0xa8, 0x55, 0xf7),
            "serving" => Color32::from_rgb(0xf9, 0x73, 0x16),
            "monitoring" => Color32::from_rgb(0xe1, 0x1d, 0x48),
            "experimentation" => Color32::from_rgb(0x65, 0xa3, 0x0d),
            "services" => Color32::from_rgb(0x6d, 0x6d, 0xd8),
            _ => self.outline,
        }
    }
}

/// `a` blended towards `b` by `t` (0 = a, 1 = b), in gamma space.
pub fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let l = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(l(a.r(), b.r()), l(a.g(), b.g()), l(a.b(), b.b()))
}
