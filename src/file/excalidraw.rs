//! Excalidraw scenes (`.excalidraw`): writing a board as one, and reading one as a board.
//!
//! # Writing
//!
//! Every box becomes a `rectangle` with its label as a `text` element bound inside it (the text's
//! `containerId` names the box, the box's `boundElements` lists the text). Every arrow becomes an
//! `arrow` bound to its two boxes in Excalidraw's current binding format (`startBinding` and
//! `endBinding` with `elementId`, `fixedPoint` and `mode: "orbit"`; each box lists the arrows in
//! its `boundElements`), drawn from border to border as the canvas draws it, with its label
//! bound to it. The bindings also carry the older `focus` and `gap` fields (aiming at the box's
//! centre, as the canvas does), which today's Excalidraw drops and older releases (the 0.18
//! package, editors built on it) need. Colours come from the caller ([`Style`], the render layer passes the theme's),
//! so stage boxes keep their stage colour and notes their yellow. Element ids are made from the
//! board's ids (`node-12`, `node-12-label`, `edge-40`), so exporting the same board twice gives
//! the same ids; seeds and fractional indices are derived from them too. Each box and arrow
//! keeps what Excalidraw has no field for (the component kind, the stage number, the box colour,
//! the routing, the board id) in its `customData`, so a round trip loses nothing.
//!
//! # Reading
//!
//! [`import`] reads a scene written by any Excalidraw: a rectangle with text becomes a box
//! (with our `customData`, exactly the box it was; otherwise a component when the caller's
//! `classify` finds a catalogue kind in its label, else a note); an arrow bound to two such
//! boxes becomes an edge with its label and arrowheads; everything else (free text, ellipses,
//! diamonds, lines, drawings, images, frames, unbound arrows, deleted elements) is skipped and
//! counted in [`Imported::skipped`]. Bad input gives an error in words, never a panic.

use crate::board::validate::{MAX_COORD, MAX_ID, MAX_LABEL_CHARS, MAX_SIDE};
use crate::board::{ArrowStyle, Board, BoxColor, Edge, EdgeId, Node, NodeId, NodeKind, Point, Route, Size};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Padding Excalidraw keeps between a container and its bound text.
const TEXT_PADDING: f32 = 5.0;
/// Font size of labels, as on the canvas.
const FONT_SIZE: f32 = 14.0;
/// Excalidraw's "Nunito" (its plain sans-serif font).
const FONT_NUNITO: u32 = 6;
/// Nunito's line height, as a multiple of the font size (Excalidraw's own value).
const LINE_HEIGHT: f32 = 1.25;
/// The key under which boxes and arrows keep what Excalidraw has no field for.
const CUSTOM_KEY: &str = "mlsdBoard";
/// Excalidraw's adaptive-radius roundness, with the canvas's corner radius.
const CORNER: f32 = 8.0;

/// The colours of one box, as sRGB bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoxLook {
    /// The fill.
    pub fill: [u8; 3],
    /// The outline.
    pub stroke: [u8; 3],
    /// The label.
    pub text: [u8; 3],
    /// The outline width, in board units.
    pub stroke_width: u8,
}

/// The colours a scene is written with (plain RGB, so this layer needs no UI toolkit).
pub struct Style<'a> {
    /// The look of each box.
    pub node: &'a dyn Fn(&Node) -> BoxLook,
    /// Arrows.
    pub edge: [u8; 3],
    /// Arrow labels.
    pub edge_label: [u8; 3],
    /// The canvas background.
    pub background: [u8; 3],
    /// Whether the scene opens in Excalidraw's dark theme.
    pub dark: bool,
}

/// A coordinate as JSON, rounded to a thousandth (f32 noise such as 0.50010001659 left out).
fn jf(v: f32) -> Value {
    json!((f64::from(v) * 1000.0).round() / 1000.0)
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Excalidraw's fractional index of the `i`-th element: "a0"…"az", "b00"…"bzz", "c000"… in
/// base 62, so the keys sort in element order.
fn fractional_index(mut i: u64) -> String {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut len = 1u32;
    let mut span = 62u64;
    while i >= span && len < 10 {
        i -= span;
        len += 1;
        span = span.saturating_mul(62);
    }
    let mut digits = vec![b'0'; len as usize];
    for d in digits.iter_mut().rev() {
        *d = DIGITS[(i % 62) as usize];
        i /= 62;
    }
    let head = char::from(b'a' + (len - 1) as u8);
    format!("{head}{}", String::from_utf8_lossy(&digits))
}

/// A number from 1 to 2³¹−1 derived from an element id, for Excalidraw's seed and nonce.
fn seed(id: &str, salt: u64) -> u64 {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % 0x7fff_fffe) + 1
}

/// The width of `text` in Nunito at `size`, estimated from character classes (Excalidraw
/// measures again when the user edits the text).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '!' | '|' | ':' | ';' | ' ' | 'I' | 'f' | 't' | 'r' => 0.3,
            'm' | 'w' | 'M' | 'W' => 0.85,
            c if c.is_ascii_uppercase() => 0.66,
            c if c.is_ascii_digit() => 0.56,
            c if c.is_ascii() => 0.52,
            _ => 0.9,
        })
        .sum::<f32>()
        * size
}

/// `label` wrapped at spaces to lines no wider than `max` (Excalidraw keeps the wrapped text in
/// `text` and the label in `originalText`).
fn wrap(label: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in label.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if !line.is_empty() && text_width(&candidate, FONT_SIZE) > max {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

/// The fields every Excalidraw element has.
fn base(id: &str, kind: &str, index: u64, x: f32, y: f32, w: f32, h: f32) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("type".into(), json!(kind));
    m.insert("x".into(), jf(x));
    m.insert("y".into(), jf(y));
    m.insert("width".into(), jf(w));
    m.insert("height".into(), jf(h));
    m.insert("angle".into(), json!(0));
    m.insert("strokeColor".into(), json!("#1e1e1e"));
    m.insert("backgroundColor".into(), json!("transparent"));
    m.insert("fillStyle".into(), json!("solid"));
    m.insert("strokeWidth".into(), json!(1));
    m.insert("strokeStyle".into(), json!("solid"));
    m.insert("roughness".into(), json!(0));
    m.insert("opacity".into(), json!(100));
    m.insert("groupIds".into(), json!([]));
    m.insert("frameId".into(), Value::Null);
    m.insert("index".into(), json!(fractional_index(index)));
    m.insert("roundness".into(), Value::Null);
    m.insert("seed".into(), json!(seed(id, 1)));
    m.insert("version".into(), json!(1));
    m.insert("versionNonce".into(), json!(seed(id, 2)));
    m.insert("isDeleted".into(), json!(false));
    m.insert("boundElements".into(), Value::Null);
    m.insert("updated".into(), json!(1));
    m.insert("link".into(), Value::Null);
    m.insert("locked".into(), json!(false));
    m
}

/// A text element bound in a container (`x`, `y`, width, height; an arrow's is its midpoint with
/// no size), laid out as Excalidraw lays bound text out: centred, or at the top left.
#[allow(clippy::too_many_arguments)]
fn bound_text(
    id: &str,
    container: &str,
    index: u64,
    label: &str,
    (cx, cy, cw, ch): (f32, f32, f32, f32),
    top_left: bool,
    color: [u8; 3],
    max_width: f32,
) -> Value {
    let lines = wrap(label, max_width);
    let width = lines.iter().map(|l| text_width(l, FONT_SIZE)).fold(0.0f32, f32::max).min(max_width).max(1.0);
    let height = lines.len() as f32 * FONT_SIZE * LINE_HEIGHT;
    let (x, y) = if top_left {
        (cx + TEXT_PADDING, cy + TEXT_PADDING)
    } else {
        (cx + cw / 2.0 - width / 2.0, cy + ch / 2.0 - height / 2.0)
    };
    let mut m = base(id, "text", index, x, y, width, height);
    m.insert("strokeColor".into(), json!(hex(color)));
    m.insert("text".into(), json!(lines.join("\n")));
    m.insert("originalText".into(), json!(label));
    m.insert("fontSize".into(), json!(FONT_SIZE));
    m.insert("fontFamily".into(), json!(FONT_NUNITO));
    m.insert("textAlign".into(), json!(if top_left { "left" } else { "center" }));
    m.insert("verticalAlign".into(), json!(if top_left { "top" } else { "middle" }));
    m.insert("containerId".into(), json!(container));
    m.insert("autoResize".into(), json!(true));
    m.insert("lineHeight".into(), json!(LINE_HEIGHT));
    Value::Object(m)
}

fn node_id(id: NodeId) -> String {
    format!("node-{}", id.0)
}

fn edge_id(id: EdgeId) -> String {
    format!("edge-{}", id.0)
}

/// Where the ray from the centre of the box towards `to` leaves it.
fn border_point(n: &Node, to: Point) -> Point {
    let c = n.center();
    let (dx, dy) = (to.x - c.x, to.y - c.y);
    if dx.abs() < f32::EPSILON && dy.abs() < f32::EPSILON {
        return c;
    }
    let tx = if dx.abs() > f32::EPSILON { n.size.w / 2.0 / dx.abs() } else { f32::INFINITY };
    let ty = if dy.abs() > f32::EPSILON { n.size.h / 2.0 / dy.abs() } else { f32::INFINITY };
    let t = tx.min(ty);
    Point::new(c.x + dx * t, c.y + dy * t)
}

/// The ends of an edge as the canvas draws it: on the borders, on the line between the centres;
/// for boxes that overlap, the centres.
fn edge_ends(from: &Node, to: &Node) -> (Point, Point) {
    let a = border_point(from, to.center());
    let b = border_point(to, from.center());
    let (a, b) = if to.contains(a) && from.contains(b) { (from.center(), to.center()) } else { (a, b) };
    if (a.x - b.x).abs() < 1.0 && (a.y - b.y).abs() < 1.0 { (a, Point::new(a.x + 1.0, a.y)) } else { (a, b) }
}

/// Excalidraw's fixed point of a binding: where the arrow meets the box, as fractions of the
/// box's width and height, never exactly one half (Excalidraw nudges those).
fn fixed_point(n: &Node, p: Point) -> Value {
    let f = |v: f32, lo: f32, len: f32| {
        let r = if len > 0.0 { f64::from(((v - lo) / len).clamp(0.0, 1.0)) } else { 0.5 };
        let r = (r * 10_000.0).round() / 10_000.0;
        if (r - 0.5).abs() < 1e-4 { 0.5001 } else { r }
    };
    json!([f(p.x, n.pos.x, n.size.w), f(p.y, n.pos.y, n.size.h)])
}

fn color_name(c: BoxColor) -> &'static str {
    match c {
        BoxColor::Gray => "gray",
        BoxColor::Red => "red",
        BoxColor::Orange => "orange",
        BoxColor::Yellow => "yellow",
        BoxColor::Green => "green",
        BoxColor::Teal => "teal",
        BoxColor::Blue => "blue",
        BoxColor::Purple => "purple",
    }
}

fn node_custom(n: &Node) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(n.id.0));
    match &n.kind {
        NodeKind::Stage(s) => {
            m.insert("kind".into(), json!("stage"));
            m.insert("step".into(), json!(s));
        }
        NodeKind::Component(k) => {
            m.insert("kind".into(), json!("component"));
            m.insert("component".into(), json!(k));
        }
        NodeKind::Note => {
            m.insert("kind".into(), json!("note"));
        }
    }
    if let Some(c) = n.color {
        m.insert("color".into(), json!(color_name(c)));
    }
    json!({ CUSTOM_KEY: m })
}

/// The board as an Excalidraw scene (pretty-printed JSON), coloured with `style`.
pub fn to_json(board: &Board, style: &Style<'_>) -> Result<String, String> {
    let mut bound: HashMap<NodeId, Vec<Value>> = HashMap::new();
    for e in &board.edges {
        if board.node(e.from).is_some() && board.node(e.to).is_some() {
            for end in [e.from, e.to] {
                bound.entry(end).or_default().push(json!({ "id": edge_id(e.id), "type": "arrow" }));
            }
        }
    }
    let mut elements: Vec<Value> = Vec::with_capacity(2 * (board.nodes.len() + board.edges.len()));
    let mut index = 0u64;
    let mut next = || {
        index += 1;
        index - 1
    };
    // Arrows under the boxes, as the canvas paints them.
    for e in &board.edges {
        let (Some(from), Some(to)) = (board.node(e.from), board.node(e.to)) else { continue };
        let (a, b) = edge_ends(from, to);
        let id = edge_id(e.id);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let mut m = base(&id, "arrow", next(), a.x, a.y, dx.abs(), dy.abs());
        m.insert("strokeColor".into(), json!(hex(style.edge)));
        m.insert("strokeWidth".into(), json!(2));
        m.insert("points".into(), json!([[0.0, 0.0], [jf(dx), jf(dy)]]));
        m.insert(
            "startBinding".into(),
            json!({
                "elementId": node_id(from.id),
                "fixedPoint": fixed_point(from, a),
                "mode": "orbit",
                "focus": 0,
                "gap": 1,
            }),
        );
        m.insert(
            "endBinding".into(),
            json!({
                "elementId": node_id(to.id),
                "fixedPoint": fixed_point(to, b),
                "mode": "orbit",
                "focus": 0,
                "gap": 1,
            }),
        );
        let (start_head, end_head) = match e.style {
            ArrowStyle::OneWay => (Value::Null, json!("triangle")),
            ArrowStyle::TwoWay => (json!("triangle"), json!("triangle")),
            ArrowStyle::None => (Value::Null, Value::Null),
        };
        m.insert("startArrowhead".into(), start_head);
        m.insert("endArrowhead".into(), end_head);
        m.insert("elbowed".into(), json!(false));
        let mut custom = Map::new();
        custom.insert("id".into(), json!(e.id.0));
        if e.route == Route::Elbow {
            custom.insert("route".into(), json!("elbow"));
        }
        m.insert("customData".into(), json!({ CUSTOM_KEY: custom }));
        let label = (!e.label.is_empty()).then(|| format!("{id}-label"));
        if let Some(label_id) = &label {
            m.insert("boundElements".into(), json!([{ "id": label_id, "type": "text" }]));
        }
        elements.push(Value::Object(m));
        if let Some(label_id) = label {
            let max = (0.7 * dx.hypot(dy)).max(FONT_SIZE * 11.0);
            let (mx, my) = ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
            elements.push(bound_text(
                &label_id,
                &id,
                next(),
                &e.label,
                (mx, my, 0.0, 0.0),
                false,
                style.edge_label,
                max,
            ));
        }
    }
    for n in &board.nodes {
        let id = node_id(n.id);
        let look = (style.node)(n);
        let mut m = base(&id, "rectangle", next(), n.pos.x, n.pos.y, n.size.w, n.size.h);
        m.insert("strokeColor".into(), json!(hex(look.stroke)));
        m.insert("backgroundColor".into(), json!(hex(look.fill)));
        m.insert("strokeWidth".into(), json!(look.stroke_width));
        m.insert("roundness".into(), json!({ "type": 3, "value": CORNER }));
        m.insert("customData".into(), node_custom(n));
        let label = (!n.label.is_empty()).then(|| format!("{id}-label"));
        let mut bound_here: Vec<Value> = Vec::new();
        if let Some(label_id) = &label {
            bound_here.push(json!({ "id": label_id, "type": "text" }));
        }
        bound_here.extend(bound.remove(&n.id).unwrap_or_default());
        if !bound_here.is_empty() {
            m.insert("boundElements".into(), Value::Array(bound_here));
        }
        elements.push(Value::Object(m));
        if let Some(label_id) = label {
            let max = (n.size.w - 2.0 * TEXT_PADDING).max(1.0);
            let rect = (n.pos.x, n.pos.y, n.size.w, n.size.h);
            let note = n.kind == NodeKind::Note;
            elements.push(bound_text(&label_id, &id, next(), &n.label, rect, note, look.text, max));
        }
    }
    let scene = json!({
        "type": "excalidraw",
        "version": 2,
        "source": "mlsd-board",
        "elements": elements,
        "appState": {
            "viewBackgroundColor": hex(style.background),
            "theme": if style.dark { "dark" } else { "light" },
            "gridSize": 20,
            "gridStep": 5,
            "gridModeEnabled": false,
        },
        "files": {},
    });
    serde_json::to_string_pretty(&scene).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// A scene read as a board, with what could not be brought over.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The board: boxes and arrows, titled by the caller's `title`.
    pub board: Board,
    /// What was skipped, one entry per kind of thing with its count, e.g. "2 ellipses" or
    /// "1 arrow not bound to boxes at both ends".
    pub skipped: Vec<String>,
}

/// Counts what is skipped, by description.
#[derive(Default)]
struct Skipped(BTreeMap<&'static str, usize>);

impl Skipped {
    fn add(&mut self, what: &'static str) {
        *self.0.entry(what).or_default() += 1;
    }

    fn into_lines(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(what, n)| {
                let (one, many) = what.split_once('|').unwrap_or((what, what));
                format!("{n} {}", if n == 1 { one } else { many })
            })
            .collect()
    }
}

fn skipped_kind(kind: &str) -> &'static str {
    match kind {
        "ellipse" => "ellipse|ellipses",
        "diamond" => "diamond|diamonds",
        "line" => "line|lines",
        "freedraw" => "drawing|drawings",
        "image" => "image|images",
        "frame" | "magicframe" => "frame|frames",
        "embeddable" | "iframe" => "embedded web page|embedded web pages",
        "text" => "text outside a box|texts outside a box",
        "arrow" => "arrow not bound to boxes at both ends|arrows not bound to boxes at both ends",
        "rectangle" => "rectangle without text|rectangles without text",
        _ => "element of another kind|elements of other kinds",
    }
}

fn num(v: &Value, key: &str) -> Option<f32> {
    v.get(key).and_then(Value::as_f64).filter(|f| f.is_finite()).map(|f| f as f32)
}

fn string<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// What our `customData` says about a box.
fn custom_kind(v: &Value, steps: usize) -> Option<(NodeKind, Option<BoxColor>, Option<u64>)> {
    let c = v.get("customData")?.get(CUSTOM_KEY)?;
    let kind = match string(c, "kind")? {
        "stage" => {
            let s = c.get("step")?.as_u64()?;
            if s == 0 || s as usize > steps {
                return None;
            }
            NodeKind::Stage(u8::try_from(s).ok()?)
        }
        "component" => {
            let k = string(c, "component")?;
            if k.is_empty() || k.len() > 200 {
                return None;
            }
            NodeKind::Component(k.to_owned())
        }
        "note" => NodeKind::Note,
        _ => return None,
    };
    let color =
        string(c, "color").and_then(|name| BoxColor::ALL.into_iter().find(|&b| color_name(b) == name));
    let id = c.get("id").and_then(Value::as_u64).filter(|&id| (1..=MAX_ID).contains(&id));
    Some((kind, color, id))
}

/// The text bound in `container`: the unwrapped `originalText`, else `text`.
fn label_of(texts: &HashMap<&str, &Value>, container: &str) -> Option<String> {
    let t = texts.get(container)?;
    let s = string(t, "originalText").filter(|s| !s.is_empty()).or_else(|| string(t, "text"))?;
    Some(s.chars().take(MAX_LABEL_CHARS).collect())
}

/// Reads an Excalidraw scene (the JSON text of a `.excalidraw` file, or of Excalidraw's
/// clipboard) as a board titled `title` following the default framework. `classify` names the
/// catalogue kind a label stands for, if any. The error is the problem in words, without the
/// file's name.
pub fn import(
    text: &str,
    title: &str,
    classify: &dyn Fn(&str) -> Option<String>,
) -> Result<Imported, String> {
    let scene: Value = serde_json::from_str(text).map_err(|e| format!("is not an Excalidraw file: {e}"))?;
    let Some(obj) = scene.as_object() else {
        return Err("is not an Excalidraw file: it holds no JSON object".to_owned());
    };
    match obj.get("type").and_then(Value::as_str) {
        Some("excalidraw" | "excalidraw/clipboard") | None => {}
        Some(other) => return Err(format!("is a JSON file of type {other:?}, not an Excalidraw scene")),
    }
    let Some(elements) = obj.get("elements").and_then(Value::as_array) else {
        return Err("is not an Excalidraw scene: it has no list of elements".to_owned());
    };
    let steps = crate::content::frameworks::step_count(crate::board::DEFAULT_FRAMEWORK);
    let mut skipped = Skipped::default();
    let live: Vec<&Value> = elements
        .iter()
        .filter(|e| {
            let deleted = e.get("isDeleted").and_then(Value::as_bool).unwrap_or(false);
            if !e.is_object() {
                skipped.add("entry that is not an element|entries that are not elements");
            }
            e.is_object() && !deleted
        })
        .collect();
    // Bound texts, by container id.
    let mut texts: HashMap<&str, &Value> = HashMap::new();
    let live_ids: HashSet<&str> = live.iter().filter_map(|e| string(e, "id")).collect();
    for e in &live {
        if string(e, "type") == Some("text")
            && let Some(c) = string(e, "containerId")
        {
            texts.entry(c).or_insert(e);
        }
    }
    let mut board = Board::new(title);
    // Boxes: first those whose customData asks for an id, so those ids are kept.
    let mut used: HashSet<u64> = HashSet::new();
    let mut boxes: Vec<(&Value, Node)> = Vec::new();
    let mut by_element: HashMap<&str, NodeId> = HashMap::new();
    for e in &live {
        let kind = string(e, "type").unwrap_or("");
        let id = string(e, "id").unwrap_or("");
        match kind {
            "rectangle" => {
                let label = label_of(&texts, id);
                let custom = custom_kind(e, steps);
                let (Some(x), Some(y), Some(w), Some(h)) =
                    (num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height"))
                else {
                    skipped.add("rectangle without a position or size|rectangles without a position or size");
                    continue;
                };
                // Excalidraw allows negative sizes while drawing; the box is the same.
                let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
                let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
                if x.abs() > MAX_COORD || y.abs() > MAX_COORD {
                    skipped.add("rectangle absurdly far away|rectangles absurdly far away");
                    continue;
                }
                let size = Size::new(w.clamp(1.0, MAX_SIDE), h.clamp(1.0, MAX_SIDE));
                let (kind, color, wanted) = match (custom, &label) {
                    (Some(c), _) => c,
                    (None, Some(l)) => match classify(l) {
                        Some(k) => (NodeKind::Component(k), None, None),
                        None => (NodeKind::Note, None, None),
                    },
                    (None, None) => {
                        skipped.add(skipped_kind("rectangle"));
                        continue;
                    }
                };
                let id_wanted = wanted.filter(|w| used.insert(*w));
                let node = Node {
                    id: NodeId(id_wanted.unwrap_or(0)),
                    kind,
                    label: label.unwrap_or_default(),
                    pos: Point::new(x, y),
                    size,
                    color,
                };
                boxes.push((e, node));
            }
            "arrow" => {}
            "text" => {
                if string(e, "containerId").is_none_or(|c| !live_ids.contains(c)) {
                    skipped.add(skipped_kind("text"));
                }
            }
            other => skipped.add(skipped_kind(other)),
        }
    }
    // Ids: kept where our customData gave one, fresh above the highest otherwise.
    let mut fresh = used.iter().copied().max().unwrap_or(0);
    for (e, mut node) in boxes {
        if node.id.0 == 0 {
            fresh += 1;
            while used.contains(&fresh) {
                fresh += 1;
            }
            used.insert(fresh);
            node.id = NodeId(fresh);
        }
        if let Some(id) = string(e, "id") {
            by_element.insert(id, node.id);
        }
        board.nodes.push(node);
    }
    board.reindex();
    // Arrows bound to two boxes.
    let mut edge_used: HashSet<u64> = HashSet::new();
    let mut edges: Vec<(Edge, bool)> = Vec::new();
    for e in &live {
        if string(e, "type") != Some("arrow") {
            continue;
        }
        let end = |key: &str| {
            e.get(key).and_then(|b| string(b, "elementId")).and_then(|id| by_element.get(id)).copied()
        };
        let (Some(start), Some(finish)) = (end("startBinding"), end("endBinding")) else {
            skipped.add(skipped_kind("arrow"));
            continue;
        };
        let head = |key: &str| e.get(key).is_some_and(|v| !v.is_null());
        let (from, to, style) = match (head("startArrowhead"), head("endArrowhead")) {
            (true, true) => (start, finish, ArrowStyle::TwoWay),
            (false, true) => (start, finish, ArrowStyle::OneWay),
            (true, false) => (finish, start, ArrowStyle::OneWay),
            (false, false) => (start, finish, ArrowStyle::None),
        };
        let custom = e.get("customData").and_then(|c| c.get(CUSTOM_KEY));
        let wanted = custom
            .and_then(|c| c.get("id"))
            .and_then(Value::as_u64)
            .filter(|&id| (1..=MAX_ID).contains(&id) && !used.contains(&id) && edge_used.insert(id));
        let route = if custom.and_then(|c| string(c, "route")) == Some("elbow")
            || e.get("elbowed").and_then(Value::as_bool) == Some(true)
        {
            Route::Elbow
        } else {
            Route::Straight
        };
        let label = string(e, "id").and_then(|id| label_of(&texts, id)).unwrap_or_default();
        edges.push((
            Edge { id: EdgeId(wanted.unwrap_or(0)), from, to, label, style, route },
            wanted.is_some(),
        ));
    }
    let mut fresh = used.iter().chain(edge_used.iter()).copied().max().unwrap_or(0);
    for (mut edge, kept) in edges {
        if !kept {
            fresh += 1;
            while used.contains(&fresh) || edge_used.contains(&fresh) {
                fresh += 1;
            }
            edge_used.insert(fresh);
            edge.id = EdgeId(fresh);
        }
        board.edges.push(edge);
    }
    board.next_id = fresh.max(used.iter().chain(edge_used.iter()).copied().max().unwrap_or(0)) + 1;
    if let Some((min, max)) = board.bounds() {
        board.view.center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
    }
    board.reindex();
    let fatal = crate::board::validate::fatal_problems(&board, steps);
    if !fatal.is_empty() {
        return Err(format!("cannot be made into a board: {}", fatal.join("; ")));
    }
    crate::board::validate::repair_in_place(&mut board);
    Ok(Imported { board, skipped: skipped.into_lines() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_indices_sort_in_element_order() {
        let keys: Vec<String> = (0..5000).map(fractional_index).collect();
        assert_eq!(keys[0], "a0");
        assert_eq!(keys[61], "az");
        assert_eq!(keys[62], "b00");
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "keys must increase");
    }

    #[test]
    fn long_labels_wrap_within_the_box() {
        let lines = wrap("Approximate nearest neighbour index over item embeddings", 150.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, FONT_SIZE) <= 150.0 || !l.contains(' ')), "{lines:?}");
        assert_eq!(lines.join(" "), "Approximate nearest neighbour index over item embeddings");
    }

    #[test]
    fn seeds_are_stable_and_in_range() {
        assert_eq!(seed("node-1", 1), seed("node-1", 1));
        assert_ne!(seed("node-1", 1), seed("node-2", 1));
        assert!((1..0x7fff_ffff).contains(&seed("x", 3)));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let none = |_: &str| None;
        for text in ["", "[]", "{}", "{\"elements\": 3}", "{\"type\": \"other\", \"elements\": []}", "nul"] {
            assert!(import(text, "t", &none).is_err(), "{text:?} should be refused");
        }
        let odd = r#"{"type":"excalidraw","elements":[1, null, {"type":"rectangle","x":"a"}, {"type":"arrow","startBinding":5}]}"#;
        let got = import(odd, "t", &none).expect("a scene with nothing usable is an empty board");
        assert!(got.board.nodes.is_empty());
        assert!(!got.skipped.is_empty());
    }
}
