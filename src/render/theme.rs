//! UI tokens: every colour and size the canvas uses, for the light and the dark theme.

use crate::board::BoxColor;
use egui::Color32;

pub use crate::file::prefs::ThemeKind;

/// How a box of one palette colour is drawn in one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoxPaint {
    /// The box's fill.
    pub fill: Color32,
    /// Its outline.
    pub stroke: Color32,
    /// Its label.
    pub text: Color32,
    /// Its small caption (a component's kind, a stage's step).
    pub caption: Color32,
}

/// The strong hue of each palette colour.
fn hue(c: BoxColor) -> Color32 {
    let (r, g, b) = match c {
        BoxColor::Gray => (0x6b, 0x72, 0x80),
        BoxColor::Red => (0xef, 0x44, 0x44),
        BoxColor::Orange => (0xf9, 0x73, 0x16),
        BoxColor::Yellow => (0xea, 0xb3, 0x08),
        BoxColor::Green => (0x22, 0xc5, 0x5e),
        BoxColor::Teal => (0x14, 0xb8, 0xa6),
        BoxColor::Blue => (0x3b, 0x82, 0xf6),
        BoxColor::Purple => (0xa8, 0x55, 0xf7),
    };
    Color32::from_rgb(r, g, b)
}

/// The WCAG 2 contrast ratio of two opaque colours (1 to 21; text wants at least 4.5).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colours of the canvas in one theme.
#[derive(Clone, Debug, PartialEq)]
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

    /// How a box of palette colour `c` is drawn: a pale tint with dark text in the light theme,
    /// a deep tint with light text in the dark one.
    pub fn box_paint(&self, c: BoxColor) -> BoxPaint {
        let h = hue(c);
        match self.kind {
            ThemeKind::Light => BoxPaint {
                fill: mix(h, Color32::WHITE, 0.82),
                stroke: mix(h, Color32::BLACK, 0.25),
                text: mix(h, Color32::BLACK, 0.72),
                caption: mix(h, Color32::BLACK, 0.5),
            },
            ThemeKind::Dark => BoxPaint {
                fill: mix(h, self.background, 0.65),
                stroke: mix(h, Color32::WHITE, 0.2),
                text: mix(h, Color32::WHITE, 0.85),
                caption: mix(h, Color32::WHITE, 0.55),
            },
        }
    }

    /// The strong hue of a palette colour, for swatches in menus.
    pub fn swatch(&self, c: BoxColor) -> Color32 {
        hue(c)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_box_colour_keeps_its_label_readable_in_both_themes() {
        for kind in [ThemeKind::Light, ThemeKind::Dark] {
            let colors = Colors::of(kind);
            for c in BoxColor::ALL {
                let p = colors.box_paint(c);
                let (text, caption) = (contrast(p.text, p.fill), contrast(p.caption, p.fill));
                assert!(text >= 4.5, "{kind:?} {c:?}: label contrast {text:.2}");
                assert!(caption >= 4.5, "{kind:?} {c:?}: caption contrast {caption:.2}");
            }
        }
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast(Color32::from_gray(0x76), Color32::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn the_colours_differ_from_each_other() {
        for kind in [ThemeKind::Light, ThemeKind::Dark] {
            let colors = Colors::of(kind);
            let fills: std::collections::HashSet<_> =
                BoxColor::ALL.iter().map(|c| colors.box_paint(*c).fill).collect();
            assert_eq!(fills.len(), BoxColor::ALL.len(), "{kind:?}");
        }
    }
}
