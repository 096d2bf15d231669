//! Glyph outlines of the app's own fonts, for the vector exports (SVG, PDF).
//!
//! egui lays text out (wrapping, positions, fallback between fonts) and rasterizes glyphs into a
//! texture; a vector export needs the glyphs themselves. [`FontBook`] holds the very fonts egui
//! is given ([`crate::render::fonts::definitions`]), picks the face egui picks for each
//! character (the first of the family's fonts that has it), shapes runs of text with the same
//! shaper egui uses (harfrust, so ligatures such as "fi" come out as egui drew them), and reads
//! the outlines with skrifa. Text drawn from these outlines looks the same on a machine without
//! our fonts.

use crate::render::fonts;
use egui::FontFamily;
use skrifa::MetadataProvider as _;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// One segment of an outline or a path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    /// Start a new contour at the point.
    Move([f32; 2]),
    /// A straight line to the point.
    Line([f32; 2]),
    /// A quadratic curve through the control point to the point.
    Quad([f32; 2], [f32; 2]),
    /// A cubic curve through two control points to the point.
    Cubic([f32; 2], [f32; 2], [f32; 2]),
    /// Close the contour.
    Close,
}

/// A font file the app uses, parsed.
pub struct Face {
    /// The name egui knows the font by (e.g. `"Ubuntu-Light"`).
    pub name: String,
    /// The font file.
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    /// The face's index in the file.
    pub index: u32,
    /// egui's visual scale for this font (glyphs drawn this much larger, layout unchanged).
    pub scale: f32,
    /// egui's vertical offset: a factor of the font size, plus points.
    pub y_offset: (f32, f32),
    /// Font units per em.
    pub units_per_em: f32,
    /// Whether egui treats the font as one of its built-in ones (a few code points are ignored).
    builtin: bool,
    shaper: harfrust::ShaperData,
}

impl Face {
    /// The parsed font; `None` only if the file stopped parsing (it parsed when loaded).
    fn font(&self) -> Option<skrifa::FontRef<'_>> {
        skrifa::FontRef::from_index((*self.data).as_ref(), self.index).ok()
    }
}

/// A glyph placed by the shaper, in font units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shaped {
    /// The glyph id in its face.
    pub id: u32,
    /// Byte offset in the shaped text of the cluster the glyph belongs to.
    pub cluster: usize,
    /// Horizontal advance, font units.
    pub x_advance: i32,
    /// Horizontal offset from the pen position, font units.
    pub x_offset: i32,
    /// Vertical offset from the baseline (up is positive), font units.
    pub y_offset: i32,
}

/// The app's fonts as egui has them, with the fallback order of each family.
pub struct FontBook {
    /// Every font, in no particular order.
    pub faces: Vec<Face>,
    families: HashMap<FontFamily, Vec<usize>>,
}

/// Collects a skrifa outline into segments (font units, y up).
struct Collect(Vec<Seg>);

impl OutlinePen for Collect {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(Seg::Move([x, y]));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(Seg::Line([x, y]));
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.0.push(Seg::Quad([cx, cy], [x, y]));
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        self.0.push(Seg::Cubic([c0x, c0y], [c1x, c1y], [x, y]));
    }
    fn close(&mut self) {
        self.0.push(Seg::Close);
    }
}

/// Code points egui never draws from its built-in fonts (see epaint's `FontFace`).
fn ignored_by_egui(c: char) -> bool {
    matches!(c, '\u{534d}' | '\u{5350}' | '\u{E0FF}' | '\u{EFFD}' | '\u{F0FF}' | '\u{F200}')
}

/// Characters egui lays out with no glyph at all (controls, joiners, bidi marks…): a subset of
/// epaint's list that covers what text typed into a label can hold.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
        )
}

impl FontBook {
    /// The app's fonts, parsed once.
    pub fn get() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| FontBook::from_definitions(&fonts::definitions()))
    }

    /// Parses the fonts of `defs`; a font that does not parse is left out (egui would refuse it
    /// too).
    pub fn from_definitions(defs: &egui::FontDefinitions) -> FontBook {
        let builtin = egui::FontDefinitions::builtin_font_names();
        let mut faces = Vec::new();
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (name, data) in &defs.font_data {
            let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = data.font.clone();
            let Ok(font) = skrifa::FontRef::from_index((*bytes).as_ref(), data.index) else { continue };
            let units_per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
            let shaper = harfrust::ShaperData::new(&font);
            by_name.insert(name.as_str(), faces.len());
            faces.push(Face {
                name: name.clone(),
                data: bytes.clone(),
                index: data.index,
                scale: data.tweak.scale,
                y_offset: (data.tweak.y_offset_factor, data.tweak.y_offset),
                units_per_em: units_per_em.max(1.0),
                builtin: builtin.contains(&name.as_str()),
                shaper,
            });
        }
        let families = defs
            .families
            .iter()
            .map(|(family, names)| {
                (family.clone(), names.iter().filter_map(|n| by_name.get(n.as_str()).copied()).collect())
            })
            .collect();
        FontBook { faces, families }
    }

    /// The faces of a family, in egui's fallback order (an unknown family falls back to the
    /// proportional one, as egui does for a missing named family).
    pub fn family(&self, family: &FontFamily) -> &[usize] {
        self.families
            .get(family)
            .or_else(|| self.families.get(&FontFamily::Proportional))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether face `i` has a glyph for `c` (as egui decides it).
    fn has(&self, i: usize, c: char) -> bool {
        let Some(face) = self.faces.get(i) else { return false };
        if face.builtin && ignored_by_egui(c) {
            return false;
        }
        if invisible(c) {
            return true;
        }
        let c = if c == '\t' || c == '\u{2009}' || c == '\u{202F}' { ' ' } else { c };
        face.font().and_then(|f| f.charmap().map(c)).is_some_and(|g| g.to_u32() != 0)
    }

    /// The face egui draws `c` with in `family`: the first that has it, else the family's first
    /// (which draws the "missing glyph" box). `None` for a family without fonts.
    pub fn face_for(&self, family: &FontFamily, c: char) -> Option<usize> {
        let list = self.family(family);
        list.iter().copied().find(|&i| self.has(i, c)).or_else(|| list.first().copied())
    }

    /// Shapes `text` with face `face` as egui does (default features, direction and script
    /// guessed from the text).
    pub fn shape(&self, face: usize, text: &str) -> Vec<Shaped> {
        let Some(f) = self.faces.get(face) else { return Vec::new() };
        let Some(font) = f.font() else { return Vec::new() };
        let shaper = f.shaper.shaper(&font).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = shaper.shape(buffer, harfrust::ShapeOptions::new());
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| Shaped {
                id: info.glyph_id,
                cluster: info.cluster as usize,
                x_advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
            })
            .collect()
    }

    /// The outline of a glyph in font units (y up); empty for a glyph with no outline (a space).
    pub fn outline(&self, face: usize, glyph: u32) -> Vec<Seg> {
        let Some(font) = self.faces.get(face).and_then(Face::font) else { return Vec::new() };
        let glyphs = font.outline_glyphs();
        let Some(outline) = glyphs.get(skrifa::GlyphId::new(glyph)) else { return Vec::new() };
        let mut pen = Collect(Vec::new());
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        if outline.draw(settings, &mut pen).is_err() {
            return Vec::new();
        }
        pen.0
    }
}

impl FontBook {
    /// The outlines of `glyphs` of face `face` hinted for `ppem` pixels per em, as egui hints
    /// them before rasterizing (its default smooth target), in pixels (y up). Unhinted when the
    /// font has no hinting egui can use. A glyph with no outline gives an empty list.
    pub fn hinted_outlines(&self, face: usize, ppem: f32, glyphs: &[u32]) -> Vec<Vec<Seg>> {
        let Some(font) = self.faces.get(face).and_then(Face::font) else {
            return vec![Vec::new(); glyphs.len()];
        };
        let collection = font.outline_glyphs();
        let target: skrifa::outline::Target = egui::epaint::text::HintingTarget::default().into();
        let instance = skrifa::outline::HintingInstance::new(
            &collection,
            Size::new(ppem),
            LocationRef::default(),
            target,
        )
        .ok();
        glyphs
            .iter()
            .map(|&g| {
                let Some(outline) = collection.get(skrifa::GlyphId::new(g)) else { return Vec::new() };
                let mut pen = Collect(Vec::new());
                let drawn = match &instance {
                    Some(i) => outline.draw(DrawSettings::hinted(i, false), &mut pen),
                    None => outline
                        .draw(DrawSettings::unhinted(Size::new(ppem), LocationRef::default()), &mut pen),
                };
                if drawn.is_err() { Vec::new() } else { pen.0 }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_fonts_are_all_there() {
        let book = FontBook::get();
        let prop = book.family(&FontFamily::Proportional);
        assert!(prop.len() >= 2, "Ubuntu-Light, the icons and DejaVu Sans: {prop:?}");
        let names: Vec<&str> = prop.iter().map(|&i| book.faces[i].name.as_str()).collect();
        assert_eq!(names.first(), Some(&"Ubuntu-Light"));
        assert_eq!(names.last(), Some(&"dejavu-sans"));
    }

    #[test]
    fn fallback_picks_the_first_font_with_the_character() {
        let book = FontBook::get();
        let name = |c| book.face_for(&FontFamily::Proportional, c).map(|i| book.faces[i].name.as_str());
        assert_eq!(name('a'), Some("Ubuntu-Light"));
        // Ubuntu has no arrows; DejaVu Sans does.
        assert_eq!(name('→'), Some("dejavu-sans"));
    }

    #[test]
    fn ligatures_are_shaped_as_egui_shapes_them() {
        let book = FontBook::get();
        let Some(face) = book.face_for(&FontFamily::Proportional, 'f') else { panic!("no face") };
        let shaped = book.shape(face, "office");
        // "ffi" is one glyph in Ubuntu: o, ffi, c, e.
        assert_eq!(shaped.len(), 4, "{shaped:?}");
        assert_eq!(shaped.iter().map(|g| g.cluster).collect::<Vec<_>>(), vec![0, 1, 4, 5]);
        assert!(!book.outline(face, shaped[1].id).is_empty());
        let space = book.shape(face, " ");
        assert!(book.outline(face, space[0].id).is_empty(), "a space has no outline");
    }
}
