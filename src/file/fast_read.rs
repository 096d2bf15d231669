//! A quick reader for the boxes and arrows of a board file as mlsd-board writes it, used before
//! the general RON parser: on the generated 10,000-box board RON spends about 12 µs a box, while
//! these two lists are nearly the whole file and follow one layout.
//!
//! [`read`] accepts only a strict subset of RON, exactly the layout [`crate::file::format`]
//! writes: `Board(version: N, title: "…", framework: "…", template: …, nodes: [Node(…), …],
//! edges: [Edge(…), …], …`, fields in that order, each box and arrow with its fields in the
//! written order, plain decimal numbers, and strings with the escapes the writer makes (`\"`,
//! `\\`, `\'`, `\n`, `\r`, `\t`, `\0`). It reads the two lists itself and gives everything else
//! — the rest of the file with both lists emptied — to the RON parser. Anything it does not
//! recognise, it declines (`None`), and the caller reads the whole file with RON as before.
//!
//! So whatever it returns is what RON would have read: every token it reads, RON reads to the
//! same value; the header fields stay in the text RON parses, and the lists are replaced only
//! where this reader found them as values of the top-level `nodes` and `edges` fields. A text
//! RON would refuse is never accepted: a broken rest fails RON's parse here too, and the caller
//! then gets RON's own message from the whole file.

use crate::board::{ArrowStyle, Board, BoxColor, Edge, EdgeId, Node, NodeId, NodeKind, Point, Route, Size};
use crate::file::read::ron_options;

/// How mlsd-board lays out a board file ([`crate::file::format::to_string`]): struct names, the
/// board's fields one a line, each box and arrow on a line of its own. [`read`] reads this
/// layout.
pub(crate) fn written_layout() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new().struct_names(true).depth_limit(2).indentor("  ")
}

/// The format version and the board of `text`, when it is laid out as mlsd-board writes a
/// version-2-to-4 board (see the module documentation); `None` for anything else.
pub(crate) fn read(text: &str) -> Option<(u32, Board)> {
    let mut r = Reader { s: text.as_bytes(), i: 0 };
    r.lit(b"Board")?;
    r.sym(b'(')?;
    r.field(b"version")?;
    let version = u32::try_from(r.uint()?).ok().filter(|v| (2..=4).contains(v))?;
    r.sym(b',')?;
    r.field(b"title")?;
    r.string()?;
    r.sym(b',')?;
    r.field(b"framework")?;
    r.string()?;
    r.sym(b',')?;
    r.field(b"template")?;
    match r.ident()? {
        b"None" => {}
        b"Some" => {
            r.sym(b'(')?;
            r.string()?;
            r.sym(b')')?;
        }
        _ => return None,
    }
    r.sym(b',')?;
    r.field(b"nodes")?;
    r.ws();
    let nodes_at = r.i;
    let nodes = r.list(Reader::node)?;
    let nodes_end = r.i;
    r.sym(b',')?;
    r.field(b"edges")?;
    r.ws();
    let edges_at = r.i;
    let edges = r.list(Reader::edge)?;
    let edges_end = r.i;
    // The rest, and the header, are RON's: read with both lists emptied.
    let rest = [&text[..nodes_at], "[]", &text[nodes_end..edges_at], "[]", &text[edges_end..]].concat();
    let mut board: Board = ron_options().from_str(&rest).ok()?;
    if board.version != version {
        return None;
    }
    board.nodes = nodes;
    board.edges = edges;
    Some((version, board))
}

/// A cursor over the bytes of the text. Every method returns `None` when the text is not what it
/// expects; the cursor is then of no further use.
struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    /// Skips spaces, tabs and line breaks (RON allows more, and comments: those are declined).
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after white space, without taking it.
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    /// Takes the punctuation `c` after white space.
    fn sym(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// An identifier: ASCII letters, digits and `_`, starting with a letter or `_`. An identifier
    /// running on into a non-ASCII character (which RON may count as part of it) is declined.
    fn ident(&mut self) -> Option<&[u8]> {
        self.ws();
        let start = self.i;
        let first = *self.s.get(start)?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            self.i += 1;
        }
        if self.s.get(self.i).is_some_and(|b| !b.is_ascii()) || self.s.get(self.i) == Some(&b'#') {
            return None;
        }
        Some(&self.s[start..self.i])
    }

    /// Takes the raw identifier `r#name` if it comes next.
    fn raw(&mut self, name: &[u8]) -> bool {
        self.ws();
        let end = self.i + 2 + name.len();
        let is_it = self.s.get(self.i..self.i + 2) == Some(b"r#")
            && self.s.get(self.i + 2..end) == Some(name)
            && self.s.get(end).is_some_and(|b| b.is_ascii() && !(b.is_ascii_alphanumeric() || *b == b'_'));
        if is_it {
            self.i = end;
        }
        is_it
    }

    /// Takes exactly the identifier `name`.
    fn lit(&mut self, name: &[u8]) -> Option<()> {
        (self.ident()? == name).then_some(())
    }

    /// Takes `name:`, a struct field's name.
    fn field(&mut self, name: &[u8]) -> Option<()> {
        self.lit(name)?;
        self.sym(b':')
    }

    /// Whether the byte after a number ends it: RON would read no more into the number.
    fn ends_number(&self) -> bool {
        matches!(self.s.get(self.i), Some(b',' | b')' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
    }

    /// A plain decimal number without sign, suffix, underscores or leading zeros.
    fn uint(&mut self) -> Option<u64> {
        self.ws();
        let start = self.i;
        let mut v: u64 = 0;
        while let Some(d) = self.s.get(self.i).filter(|b| b.is_ascii_digit()) {
            v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.i += 1;
        }
        let len = self.i - start;
        if len == 0 || (len > 1 && self.s[start] == b'0') || !self.ends_number() {
            return None;
        }
        Some(v)
    }

    /// A float as RON reads one into an `f32`: the run of digits, signs, `.`, `e` and `E`, read by
    /// `f32::from_str`. Underscores, suffixes, `inf`, `NaN` and ranges are declined.
    fn float(&mut self) -> Option<f32> {
        self.ws();
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'.' | b'+' | b'-'))
        {
            self.i += 1;
        }
        let run = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        if run.is_empty() || run.contains("..") || !self.ends_number() {
            return None;
        }
        run.parse().ok()
    }

    /// A string in double quotes with the escapes mlsd-board writes. Raw control characters and
    /// other escapes are declined.
    fn string(&mut self) -> Option<String> {
        self.sym(b'"')?;
        let mut out = Vec::new();
        loop {
            let start = self.i;
            while self.s.get(self.i).is_some_and(|b| *b != b'"' && *b != b'\\' && *b >= 0x20 && *b != 0x7f) {
                self.i += 1;
            }
            out.extend_from_slice(&self.s[start..self.i]);
            match self.s.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' => {
                    let c = match self.s.get(self.i + 1)? {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'\'' => b'\'',
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'0' => 0,
                        _ => return None,
                    };
                    out.push(c);
                    self.i += 2;
                }
                _ => return None,
            }
        }
        // Only whole runs between ASCII delimiters and ASCII escapes were copied.
        String::from_utf8(out).ok()
    }

    /// `[item, item, …]`, a trailing comma allowed.
    fn list<T>(&mut self, item: fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.sym(b'[')?;
        let mut out = Vec::new();
        loop {
            if self.peek()? == b']' {
                self.i += 1;
                return Some(out);
            }
            out.push(item(self)?);
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    /// `Name(a: f, b: f)`, a point or a size.
    fn pair(&mut self, name: &[u8], a: &[u8], b: &[u8]) -> Option<(f32, f32)> {
        self.lit(name)?;
        self.sym(b'(')?;
        self.field(a)?;
        let x = self.float()?;
        self.sym(b',')?;
        self.field(b)?;
        let y = self.float()?;
        self.sym(b')')?;
        Some((x, y))
    }

    /// `Node(id: N, kind: K, label: "…", pos: Point(…), size: Size(…)[, color: Some(C)])`.
    fn node(&mut self) -> Option<Node> {
        self.lit(b"Node")?;
        self.sym(b'(')?;
        self.field(b"id")?;
        let id = NodeId(self.uint()?);
        self.sym(b',')?;
        self.field(b"kind")?;
        let kind = match self.ident()? {
            b"Note" => NodeKind::Note,
            b"Component" => {
                self.sym(b'(')?;
                let k = self.string()?;
                self.sym(b')')?;
                NodeKind::Component(k)
            }
            b"Stage" => {
                self.sym(b'(')?;
                let s = u8::try_from(self.uint()?).ok()?;
                self.sym(b')')?;
                NodeKind::Stage(s)
            }
            _ => return None,
        };
        self.sym(b',')?;
        self.field(b"label")?;
        let label = self.string()?;
        self.sym(b',')?;
        self.field(b"pos")?;
        let (x, y) = self.pair(b"Point", b"x", b"y")?;
        self.sym(b',')?;
        self.field(b"size")?;
        let (w, h) = self.pair(b"Size", b"w", b"h")?;
        let mut color = None;
        if self.peek()? == b',' {
            self.i += 1;
            self.field(b"color")?;
            self.lit(b"Some")?;
            self.sym(b'(')?;
            let name = self.ident()?;
            color = Some(*BoxColor::ALL.iter().find(|c| format!("{c:?}").as_bytes() == name)?);
            self.sym(b')')?;
        }
        self.sym(b')')?;
        Some(Node { id, kind, label, pos: Point::new(x, y), size: Size::new(w, h), color })
    }

    /// `Edge(id: N, from: N, to: N, label: "…", style: S[, route: R])`.
    fn edge(&mut self) -> Option<Edge> {
        self.lit(b"Edge")?;
        self.sym(b'(')?;
        self.field(b"id")?;
        let id = EdgeId(self.uint()?);
        self.sym(b',')?;
        self.field(b"from")?;
        let from = NodeId(self.uint()?);
        self.sym(b',')?;
        self.field(b"to")?;
        let to = NodeId(self.uint()?);
        self.sym(b',')?;
        self.field(b"label")?;
        let label = self.string()?;
        self.sym(b',')?;
        self.field(b"style")?;
        // RON writes the variant `None` as the raw identifier `r#None`.
        let style = if self.raw(b"None") {
            ArrowStyle::None
        } else {
            match self.ident()? {
                b"OneWay" => ArrowStyle::OneWay,
                b"TwoWay" => ArrowStyle::TwoWay,
                _ => return None,
            }
        };
        let mut route = Route::Straight;
        if self.peek()? == b',' {
            self.i += 1;
            self.field(b"route")?;
            route = match self.ident()? {
                b"Straight" => Route::Straight,
                b"Elbow" => Route::Elbow,
                _ => return None,
            };
        }
        self.sym(b')')?;
        Some(Edge { id, from, to, label, style, route })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RON's reading of `text` as a board, for comparison.
    fn ron(text: &str) -> Option<Board> {
        ron_options().from_str(text).ok()
    }

    /// The board's text as the writer makes it.
    fn write(board: &Board) -> String {
        ron::ser::to_string_pretty(board, written_layout()).expect("text") + "\n"
    }

    /// `n` labelled boxes in a row, each joined to the next (the last to the first).
    fn demo(n: u64) -> Board {
        let mut b = Board::new("Demo");
        for i in 1..=n {
            let kind = NodeKind::Component(format!("kind_{i}"));
            let pos = Point::new(i as f32 * 240.0, 0.0);
            b.nodes.push(Node::new(NodeId(i), kind, format!("Box {i}"), pos, Size::new(180.0, 64.0)));
        }
        for i in 1..=n {
            b.edges.push(Edge::new(EdgeId(n + i), NodeId(i), NodeId(i % n + 1)));
        }
        b.reindex();
        b
    }

    #[test]
    fn reads_what_the_writer_writes_as_ron_does() {
        let mut b = demo(50);
        b.nodes[0].label = "quote \" backslash \\ apostrophe ' line\nbreak\ttab é 日本 🙂".to_owned();
        b.nodes[1].color = Some(BoxColor::Purple);
        b.nodes[2].kind = NodeKind::Stage(3);
        b.nodes[3].kind = NodeKind::Note;
        b.nodes[4].pos = Point::new(-1.5e-7, 3.4e20);
        b.nodes[5].size = Size::new(0.1, 123_456.79);
        b.edges[0].label = "calls".to_owned();
        b.edges[0].style = ArrowStyle::TwoWay;
        b.edges[1].route = Route::Elbow;
        b.edges[2].style = ArrowStyle::None;
        b.template = Some("recsys".to_owned());
        b.session.problem = "nodes: [], edges: []".to_owned();
        let text = write(&b);
        let (version, fast) = read(&text).expect("the writer's layout is read");
        assert_eq!(version, crate::board::FORMAT_VERSION);
        let slow = ron(&text).expect("RON reads it");
        assert_eq!(fast, slow);
        assert_eq!(fast.nodes[4].pos.x.to_bits(), slow.nodes[4].pos.x.to_bits());
    }

    #[test]
    fn declines_what_it_does_not_know_and_never_accepts_what_ron_refuses() {
        let b = demo(3);
        let text = write(&b);
        let variants = [
            text.replacen("Node(id: 1,", "Node(id: 1_0,", 1),
            text.replacen("Node(id: 1,", "Node(id: 0x1,", 1),
            text.replacen("x: 0.0", "x: 0.0f32", 1),
            text.replacen("x: 0.0", "x: inf", 1),
            text.replacen("Node(id: 1,", "(id: 1,", 1),
            text.replacen("Node(id: 1,", "Node(/* c */ id: 1,", 1),
            text.replacen("label: \"", "label: r\"", 1),
            text.replacen("version: 4", "version: 1", 1),
            text.replacen("version: 4", "version: 5", 1),
            text.replacen("kind: Component(", "kind: Componentx(", 1),
            text.replacen("h: 64.0)", "h: 64.0, extra: 1)", 1),
            text.replacen("  edges: [", "  nodes: [],\n  edges: [", 1),
            text.replacen("  view:", "  view: oops", 1),
            text.replacen("Board(", "#![enable(implicit_some)]\nBoard(", 1),
        ];
        for v in &variants {
            if let Some((_, fast)) = read(v) {
                assert_eq!(Some(fast), ron(v), "accepted only what RON reads the same:\n{v}");
            }
        }
        // The ones RON refuses are all declined.
        assert!(read(&variants[11]).is_none() && ron(&variants[11]).is_none(), "a duplicate field");
        assert!(read(&variants[12]).is_none() && ron(&variants[12]).is_none(), "a broken rest");
    }

    #[test]
    fn every_fixture_and_template_reads_as_ron_reads_it() {
        let mut texts = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for dir in std::fs::read_dir(&root).expect("fixtures").flatten() {
            for f in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
                if f.path().extension().is_some_and(|e| e == "ron") {
                    texts.push(std::fs::read_to_string(f.path()).unwrap_or_default());
                }
            }
        }
        for t in crate::content::templates::builtin() {
            let b = crate::content::templates::reference_board(t);
            texts.push(write(&b));
        }
        let mut fast = 0;
        for text in &texts {
            if let Some((_, b)) = read(text) {
                assert_eq!(Some(b), ron(text));
                fast += 1;
            }
        }
        assert!(fast > 0, "the written layout is read quickly");
    }

    proptest::proptest! {
        #[test]
        fn any_label_and_number_reads_as_ron_reads_it(
            label in ".*",
            kind in "[a-z_]{0,12}",
            x in -1e9f32..1e9f32,
            w in proptest::num::f32::POSITIVE | proptest::num::f32::NORMAL,
            id in 1u64..u64::MAX,
        ) {
            let mut b = demo(2);
            b.nodes[0].label = label.clone();
            b.nodes[0].kind = NodeKind::Component(kind);
            b.nodes[0].pos.x = x;
            b.nodes[1].size.w = w;
            b.edges[0].label = label;
            b.edges[0].id = EdgeId(id);
            let text = write(&b);
            if let Some((_, fast)) = read(&text) {
                proptest::prop_assert_eq!(Some(fast), ron(&text));
            }
        }
    }
}
