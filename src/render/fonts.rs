//! The fonts every egui context of the app uses: egui's own, DejaVu Sans as a bundled fallback
//! (arrows, math signs, Latin, Greek and Cyrillic), and then the system's fonts for any character
//! those lack (Chinese, Japanese, Korean, emoji, …), found with [`fontdb`] and loaded only when
//! such a character is first drawn. The screen, the PNG export and the UI tests all install
//! these, so text looks the same in each.

use egui::epaint::text::{FallbackRequest, FontInsert, FontPriority, FontProvider, InsertFontFamily};
use egui::{FontData, FontDefinitions, FontFamily};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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

/// Installs the app's fonts in `ctx`: the bundled ones, then the system's on demand.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
    ctx.set_font_providers(vec![system_fonts()]);
}

/// The one system font provider of the process, shared by every egui context (the window, each
/// export), so the system's fonts are listed at most once.
pub fn system_fonts() -> Arc<SystemFonts> {
    static SHARED: OnceLock<Arc<SystemFonts>> = OnceLock::new();
    Arc::clone(SHARED.get_or_init(|| Arc::new(SystemFonts::default())))
}

/// Finds an installed system font for a character the bundled fonts lack.
///
/// Nothing happens at start-up: the system's fonts are listed (names and styles read from each
/// file, the files memory-mapped by [`fontdb`]) the first time egui meets a character that no
/// installed font has, and a font's bytes are read only once it is chosen. egui asks at most once
/// per character and font family, and a font found once is tried first for every later
/// character, so a board in Chinese costs one look-up, not one per character.
#[derive(Default)]
pub struct SystemFonts {
    /// The system's fonts, listed on the first look-up.
    db: OnceLock<fontdb::Database>,
    /// The fonts chosen so far, by face, to hand to the next egui context without reading them
    /// again.
    chosen: Mutex<HashMap<fontdb::ID, (String, FontData)>>,
}

impl std::fmt::Debug for SystemFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemFonts").field("listed", &self.db.get().map(fontdb::Database::len)).finish()
    }
}

impl SystemFonts {
    /// The system's fonts, listed now if this is the first time.
    fn db(&self) -> &fontdb::Database {
        self.db.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        })
    }

    /// How many font faces the system has (listing them if not done yet).
    pub fn face_count(&self) -> usize {
        self.db().len()
    }

    /// The name of the system font chosen for `c` in a family that is monospaced or not, or
    /// `None` when no installed font can draw it.
    pub fn font_name_for(&self, c: char, monospace: bool) -> Option<String> {
        let db = self.db();
        find_face(db, c, monospace).and_then(|id| db.face(id)).map(face_name)
    }

    /// The font for `c`: its name and bytes (read once per face).
    fn load(&self, c: char, monospace: bool) -> Option<(String, FontData)> {
        let db = self.db();
        let id = find_face(db, c, monospace)?;
        let mut chosen = self.chosen.lock().ok()?;
        if let Some(found) = chosen.get(&id) {
            return Some(found.clone());
        }
        let info = db.face(id)?;
        let bytes = db.with_face_data(id, |data, _| data.to_vec())?;
        let mut data = FontData::from_owned(bytes);
        data.index = info.index;
        let found = (format!("system:{}", face_name(info)), data);
        chosen.insert(id, found.clone());
        Some(found)
    }
}

impl FontProvider for SystemFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        let monospace = *request.family == FontFamily::Monospace;
        let (name, data) = self.load(c, monospace)?;
        // The same font serves the other family too, so a label and a monospaced note agree.
        let families = [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .chain(
                (!matches!(request.family, FontFamily::Proportional | FontFamily::Monospace))
                    .then(|| request.family.clone()),
            )
            .map(|family| InsertFontFamily { family, priority: FontPriority::Lowest })
            .collect();
        Some(FontInsert { name, data, families })
    }
}

/// A face's name for messages and egui's font list, e.g. "Noto Sans CJK JP #0".
fn face_name(info: &fontdb::FaceInfo) -> String {
    let family = info.families.first().map_or(info.post_script_name.as_str(), |(name, _)| name.as_str());
    format!("{family} #{}", info.index)
}

/// Whether `c` is most likely meant as a pictograph (emoji).
fn is_pictograph(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// Whether `c` is Chinese, Japanese or Korean.
fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x11FF          // Hangul Jamo
            | 0x2E80..=0x2FFF    // CJK radicals
            | 0x3000..=0x30FF    // CJK punctuation, Hiragana, Katakana
            | 0x3130..=0x318F    // Hangul compatibility Jamo
            | 0x31F0..=0x9FFF    // Katakana extensions, CJK ideographs
            | 0xAC00..=0xD7AF    // Hangul syllables
            | 0xF900..=0xFAFF    // CJK compatibility ideographs
            | 0xFF00..=0xFFEF    // half- and full-width forms
            | 0x20000..=0x3FFFF // CJK extensions
    )
}

/// The order faces are tried in for `c` (lower first): fonts made for its script (CJK, emoji),
/// then upright regular sans-serif faces, monospaced ones first for a monospaced family.
fn rank(info: &fontdb::FaceInfo, c: char, monospace: bool) -> (u8, u8, u8, u16) {
    let name = info.families.first().map_or("", |(n, _)| n.as_str()).to_lowercase();
    let script = if is_pictograph(c) {
        u8::from(!name.contains("emoji"))
    } else if is_cjk(c) {
        u8::from(!(name.contains("cjk") || name.contains("han")))
    } else {
        0
    };
    let upright = u8::from(info.style != fontdb::Style::Normal);
    let sans = if monospace {
        u8::from(!info.monospaced)
    } else {
        u8::from(info.monospaced || name.contains("serif") && !name.contains("sans"))
    };
    (script, upright, sans, info.weight.0.abs_diff(400))
}

/// The best face of the system that can draw `c`.
fn find_face(db: &fontdb::Database, c: char, monospace: bool) -> Option<fontdb::ID> {
    let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    faces.sort_by_cached_key(|f| rank(f, c, monospace));
    faces
        .into_iter()
        .map(|f| f.id)
        .find(|&id| db.with_face_data(id, |data, index| can_draw(data, index, c)) == Some(true))
}

/// Whether the font has a glyph for `c` that egui can draw: an outline, a colour glyph or a
/// bitmap (colour emoji).
fn can_draw(data: &[u8], index: u32, c: char) -> bool {
    use skrifa::MetadataProvider as _;
    let Ok(font) = skrifa::FontRef::from_index(data, index) else { return false };
    let Some(glyph) = font.charmap().map(c) else { return false };
    if glyph == skrifa::GlyphId::NOTDEF {
        return false;
    }
    font.outline_glyphs().get(glyph).is_some()
        || font.color_glyphs().get(glyph).is_some()
        || font.bitmap_strikes().glyph_for_size(skrifa::instance::Size::unscaled(), glyph).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_told_apart() {
        assert!(is_cjk('数') && is_cjk('デ') && is_cjk('배') && !is_cjk('a') && !is_cjk('я'));
        assert!(is_pictograph('🚀') && is_pictograph('✅') && !is_pictograph('数'));
    }

    #[test]
    fn bundled_dejavu_draws_cyrillic_but_not_han() {
        assert!(can_draw(DEJAVU_SANS, 0, 'Ж'));
        assert!(!can_draw(DEJAVU_SANS, 0, '数'));
        assert!(!can_draw(b"not a font", 0, 'a'));
    }
}
