//! Mermaid flowcharts (`.mmd`): a board as text that renders in a README, a wiki or a chat.
//!
//! - One node per box, its shape by kind: stage boxes are stadiums, stores (the storage group,
//!   and kinds that keep data: feature store, caches, indexes, registries, logs) are cylinders,
//!   notes are the flag shape Mermaid offers for asides, the client is rounded, every other
//!   component a rectangle.
//! - One edge per arrow, with its label: `-->` for an arrow, `<-->` for two heads, `---` for a
//!   plain line, in the arrow's direction.
//! - Each stage box and the boxes in its lane (as the review defines lanes: right of the stage
//!   box, from its top to the next stage box's top) form a subgraph.
//! - Ids are made from the board's (`n12`, `lane3`), never a Mermaid keyword. Labels are always
//!   quoted, with the characters that could end or change a label written as Mermaid entity
//!   codes (`#quot;`, `#35;`…) and line breaks as `<br>`, so any label parses.

use crate::board::{ArrowStyle, Board, Node, NodeId, NodeKind};
use crate::content::catalogue;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// A label as the text of a quoted Mermaid string.
///
/// ```
/// use mlsd_board::file::mermaid::escape;
/// assert_eq!(escape("say \"hi\" #1"), "say #quot;hi#quot; #35;1");
/// assert_eq!(escape("a\nb"), "a<br>b");
/// assert_eq!(escape("<b>&"), "#lt;b#gt;#amp;");
/// ```
pub fn escape(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether a component kind keeps data (drawn as a cylinder).
fn is_store(kind: &str) -> bool {
    let in_storage = catalogue::kind(kind).is_some_and(|(g, _)| g.id == "storage");
    in_storage
        || ["_store", "_db", "_index", "cache", "_registry", "warehouse", "_logs", "_catalogue", "_graph"]
            .iter()
            .any(|s| kind.ends_with(s))
}

/// The node's text between its shape's brackets.
fn node_line(n: &Node) -> String {
    let label = if n.label.trim().is_empty() {
        match &n.kind {
            NodeKind::Component(k) => catalogue::kind_name(k).to_owned(),
            NodeKind::Stage(s) => format!("Step {s}"),
            NodeKind::Note => String::new(),
        }
    } else {
        n.label.clone()
    };
    let text = escape(&label);
    let id = format!("n{}", n.id.0);
    match &n.kind {
        NodeKind::Stage(_) => format!("{id}([\"{text}\"])"),
        NodeKind::Note => format!("{id}>\"{text}\"]"),
        NodeKind::Component(k) if is_store(k) => format!("{id}[(\"{text}\")]"),
        NodeKind::Component(k) if k == "client" => format!("{id}(\"{text}\")"),
        NodeKind::Component(_) => format!("{id}[\"{text}\"]"),
    }
}

/// Each stage box with the boxes in its lane, top lane first (see the module documentation).
fn lanes(board: &Board) -> Vec<(&Node, Vec<NodeId>)> {
    let mut stages: Vec<&Node> =
        board.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Stage(_))).collect();
    stages.sort_by(|a, b| a.pos.y.total_cmp(&b.pos.y));
    let mut placed: HashSet<NodeId> = HashSet::new();
    let mut out = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let top = s.pos.y;
        let bottom = stages.get(i + 1).map_or(f32::INFINITY, |next| next.pos.y);
        let right = s.pos.x + s.size.w;
        let members: Vec<NodeId> = board
            .nodes
            .iter()
            .filter(|n| !matches!(n.kind, NodeKind::Stage(_)))
            .filter(|n| {
                let c = n.center();
                c.x > right && c.y >= top && c.y < bottom
            })
            .filter(|n| placed.insert(n.id))
            .map(|n| n.id)
            .collect();
        out.push((*s, members));
    }
    out
}

/// The board as a Mermaid flowchart.
pub fn to_mermaid(board: &Board) -> String {
    let mut s = String::new();
    let title: String = board.title.chars().filter(|c| !c.is_control() && *c != '%').collect();
    let title = title.trim();
    let _ =
        writeln!(s, "%% {}: exported by mlsd-board", if title.is_empty() { "Untitled board" } else { title });
    let lanes = lanes(board);
    let in_lane: HashMap<NodeId, usize> =
        lanes.iter().enumerate().flat_map(|(i, (_, m))| m.iter().map(move |id| (*id, i))).collect();
    let direction = if !lanes.is_empty() {
        "TB"
    } else {
        match board.bounds() {
            Some((min, max)) if max.x - min.x >= max.y - min.y => "LR",
            _ => "TB",
        }
    };
    let _ = writeln!(s, "flowchart {direction}");
    for (i, (stage, members)) in lanes.iter().enumerate() {
        let NodeKind::Stage(step) = stage.kind else { continue };
        let title = match crate::content::frameworks::step_title(&board.framework, step) {
            Some(t) => format!("{step} · {t}"),
            None => format!("Step {step}"),
        };
        let _ = writeln!(s, "  subgraph lane{} [\"{}\"]", i + 1, escape(&title));
        let _ = writeln!(s, "    direction LR");
        let _ = writeln!(s, "    {}", node_line(stage));
        for id in members {
            if let Some(n) = board.node(*id) {
                let _ = writeln!(s, "    {}", node_line(n));
            }
        }
        let _ = writeln!(s, "  end");
    }
    for n in &board.nodes {
        if !matches!(n.kind, NodeKind::Stage(_)) && !in_lane.contains_key(&n.id) {
            let _ = writeln!(s, "  {}", node_line(n));
        }
    }
    for e in &board.edges {
        if board.node(e.from).is_none() || board.node(e.to).is_none() {
            continue;
        }
        let arrow = match e.style {
            ArrowStyle::OneWay => "-->",
            ArrowStyle::TwoWay => "<-->",
            ArrowStyle::None => "---",
        };
        let label =
            if e.label.trim().is_empty() { String::new() } else { format!("|\"{}\"|", escape(&e.label)) };
        let _ = writeln!(s, "  n{} {arrow}{label} n{}", e.from.0, e.to.0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_quote_or_directive() {
        let nasty = "end\" ]) %%{init: {}}%% `md` <script> &amp; #quot;\n新しい";
        let e = escape(nasty);
        assert!(!e.contains('%') && !e.contains('`'));
        assert!(!e.contains('"'));
        assert!(!e.contains("%%"));
        assert!(e.contains("新しい"));
        assert_eq!(e.matches("<br>").count(), 1);
        assert!(!e.replace("<br>", "").contains('<'));
    }

    #[test]
    fn stores_are_cylinders() {
        assert!(is_store("feature_store") && is_store("kv_store") && is_store("ann_index"));
        assert!(!is_store("heavy_ranker") && !is_store("client"));
    }
}
