//! SVG export: a [`Scene`] written with the `svg` crate.
//!
//! Paths keep their fill or stroke colour and opacity; clip rectangles become `clipPath`s; each
//! glyph used is defined once per size, as its outline hinted the way egui hinted it for the
//! screen, and placed with `<use>` and a transform, so text needs no font on the machine that
//! opens the file and looks as it did in the app.

use crate::render::outline::{FontBook, Seg};
use crate::render::vector::{Item, Paint, Rgba, Scene};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use svg::Document;
use svg::node::element::{ClipPath, Definitions, Group, Path, Rectangle, Title, Use};

/// `v` with at most `decimals` decimals and no trailing zeros.
fn num(v: f32, decimals: usize) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    if s == "-0" { "0".to_owned() } else { s }
}

/// SVG path data for segments, numbers with at most `decimals` decimals.
fn path_data(segs: &[Seg], decimals: usize) -> String {
    let mut d = String::new();
    let pt = |d: &mut String, [x, y]: [f32; 2]| {
        let _ = write!(d, "{} {}", num(x, decimals), num(y, decimals));
    };
    for seg in segs {
        if !d.is_empty() {
            d.push(' ');
        }
        match *seg {
            Seg::Move(a) => {
                d.push('M');
                pt(&mut d, a);
            }
            Seg::Line(a) => {
                d.push('L');
                pt(&mut d, a);
            }
            Seg::Quad(c, a) => {
                d.push('Q');
                pt(&mut d, c);
                d.push(' ');
                pt(&mut d, a);
            }
            Seg::Cubic(c0, c1, a) => {
                d.push('C');
                pt(&mut d, c0);
                d.push(' ');
                pt(&mut d, c1);
                d.push(' ');
                pt(&mut d, a);
            }
            Seg::Close => d.push('Z'),
        }
    }
    d
}

fn with_opacity<T: svg::Node>(mut node: T, name: &str, c: Rgba) -> T {
    if c.alpha < 1.0 {
        node.assign(name, num(c.alpha, 3));
    }
    node
}

/// Pixel sizes are keyed in steps of 1/64 pixel.
const PPEM_STEPS: f32 = 64.0;

/// The pixels per em a run's glyphs were hinted at, as a key.
fn ppem_key(run: &crate::render::vector::GlyphRun) -> u32 {
    (run.size * run.pixels_per_point * PPEM_STEPS).round().clamp(1.0, 1e7) as u32
}

fn glyph_id(face: usize, key: u32, id: u32) -> String {
    format!("g{face}-{key}-{id}")
}

/// Text without the characters XML cannot hold at all (controls other than tab and newlines).
fn xml_text(s: &str) -> String {
    s.chars().filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}

/// The scene as an SVG document. The view box is the scene in points; the nominal size is
/// `scale` pixels per point (the PNG export's size at that scale). `title` becomes the
/// document's `<title>`.
pub fn to_svg(scene: &Scene, title: &str, scale: f32) -> String {
    let book = FontBook::get();
    let (w, h) = (scene.size.x, scene.size.y);
    let mut doc = Document::new()
        .set("xmlns:xlink", "http://www.w3.org/1999/xlink")
        .set("version", "1.1")
        .set("width", num(w * scale, 2))
        .set("height", num(h * scale, 2))
        .set("viewBox", format!("0 0 {} {}", num(w, 3), num(h, 3)));
    doc = doc.add(Title::new(xml_text(title)));

    // Glyph outlines, once per face, glyph and pixel size: hinted as egui hinted them for the
    // screen (or the PNG of that scale), in pixels.
    let mut glyphs: BTreeMap<(usize, u32), BTreeSet<u32>> = BTreeMap::new();
    for (_, item) in scene.items() {
        if let Item::Text(run) = item {
            let entry = glyphs.entry((run.face, ppem_key(run))).or_default();
            entry.extend(run.glyphs.iter().map(|g| g.id));
        }
    }
    let mut defs = Definitions::new();
    let mut drawable: HashSet<(usize, u32, u32)> = HashSet::new();
    for (&(face, key), ids) in &glyphs {
        let ids: Vec<u32> = ids.iter().copied().collect();
        let outlines = book.hinted_outlines(face, key as f32 / PPEM_STEPS, &ids);
        for (id, outline) in ids.iter().zip(outlines) {
            if !outline.is_empty() {
                drawable.insert((face, key, *id));
                defs = defs
                    .add(Path::new().set("id", glyph_id(face, key, *id)).set("d", path_data(&outline, 2)));
            }
        }
    }
    let mut clips: HashMap<[u32; 4], usize> = HashMap::new();
    for layer in &scene.layers {
        if let Some(r) = layer.clip {
            let key = [r.min.x.to_bits(), r.min.y.to_bits(), r.max.x.to_bits(), r.max.y.to_bits()];
            let next = clips.len();
            if let std::collections::hash_map::Entry::Vacant(e) = clips.entry(key) {
                e.insert(next);
                defs = defs.add(
                    ClipPath::new().set("id", format!("c{next}")).add(
                        Rectangle::new()
                            .set("x", num(r.min.x, 2))
                            .set("y", num(r.min.y, 2))
                            .set("width", num(r.width(), 2))
                            .set("height", num(r.height(), 2)),
                    ),
                );
            }
        }
    }
    doc = doc.add(defs);

    for layer in &scene.layers {
        let mut group = Group::new();
        if let Some(r) = layer.clip {
            let key = [r.min.x.to_bits(), r.min.y.to_bits(), r.max.x.to_bits(), r.max.y.to_bits()];
            if let Some(i) = clips.get(&key) {
                group = group.set("clip-path", format!("url(#c{i})"));
            }
        }
        for item in &layer.items {
            match item {
                Item::Path { path, paint } => {
                    let node = Path::new().set("d", path_data(path, 2));
                    let node = match *paint {
                        Paint::Fill(c) => with_opacity(node.set("fill", c.hex()), "fill-opacity", c),
                        Paint::Stroke { color, width } => with_opacity(
                            node.set("fill", "none")
                                .set("stroke", color.hex())
                                .set("stroke-width", num(width, 3))
                                .set("stroke-linejoin", "round"),
                            "stroke-opacity",
                            color,
                        ),
                    };
                    group = group.add(node);
                }
                Item::Text(run) => {
                    let key = ppem_key(run);
                    let s = 1.0 / run.pixels_per_point.max(0.01);
                    let mut text =
                        with_opacity(Group::new().set("fill", run.color.hex()), "fill-opacity", run.color);
                    for g in run.glyphs.iter().filter(|g| drawable.contains(&(run.face, key, g.id))) {
                        text = text.add(
                            Use::new().set("xlink:href", format!("#{}", glyph_id(run.face, key, g.id))).set(
                                "transform",
                                format!(
                                    "matrix({} 0 0 {} {} {})",
                                    num(s, 6),
                                    num(-s, 6),
                                    num(g.pos.x, 2),
                                    num(g.pos.y, 2)
                                ),
                            ),
                        );
                    }
                    group = group.add(text);
                }
            }
        }
        doc = doc.add(group);
    }
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doc}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0, 2), "1");
        assert_eq!(num(1.25, 2), "1.25");
        assert_eq!(num(-0.001, 2), "0");
        assert_eq!(num(f32::NAN, 2), "0");
        assert_eq!(
            path_data(&[Seg::Move([0.0, 1.5]), Seg::Line([2.0, 3.0]), Seg::Close], 2),
            "M0 1.5 L2 3 Z"
        );
    }

    #[test]
    fn titles_lose_what_xml_cannot_hold() {
        assert_eq!(xml_text("a\u{1}b\tc"), "ab\tc");
    }
}
