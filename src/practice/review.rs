//! Practice review: how a board compares with its template's reference solution.
//!
//! # Components
//!
//! Every distinct component kind of the reference (notes and stage boxes ignored) is one item. It
//! is covered when the board has a node of that kind, or a component or note whose label names it
//! (see [`kinds_named_by`]).
//!
//! # Naming a kind in a label
//!
//! A label names a kind when the kind's catalogue name or one of its synonyms appears in it as
//! whole words, case-insensitive. Words are runs of letters and digits; everything else (spaces,
//! hyphens, slashes, brackets) separates them, so "Pre-ranker", "pre ranker" and "PRE-RANKER" are
//! the same two words, while "prerankers" is one word that contains no "ranker". The last word of
//! a name may carry a plural `s` or `es` ("Kafka topics", "light rankers"). When one kind's match
//! lies strictly inside a longer match of another kind, the shorter one is dropped: "Light
//! ranker" names the light ranker, not also the heavy ranker (synonym "ranker"); "Redis cache"
//! names the cache, not also the key-value store (synonym "redis").
//!
//! # Connections
//!
//! Every reference edge between two component nodes gives one item, the pair (from kind, to
//! kind), counted once however many reference edges share it. It is covered when the board has
//! an edge from a node whose kinds ([`node_kinds`]) include the first to a node whose kinds
//! include the second. Direction matters for arrows: a reversed arrow does not count. A user
//! edge drawn with arrowheads at both ends ([`ArrowStyle::TwoWay`]) or with none
//! ([`ArrowStyle::None`], which claims no direction) counts both ways; likewise a reference
//! connection drawn that way is covered by a user edge in either direction.
//!
//! # Stage boxes
//!
//! A step (0-based) is "without stage box" when no `Stage(step + 1)` node is on the board. A step
//! whose stage box is there is "without components" when no component is attached to any of its
//! stage boxes. A component is attached to a stage box when
//! - an edge joins the two (either direction), or
//! - it sits in the stage's lane. The starting boards put the stage boxes in a column at the
//!   left; the lane of a stage box is the band to the right of its right edge, from its top down
//!   to the top of the next stage box below it (whatever its number), or without end for the
//!   lowest one. A component is in the lane when its centre is: right of the stage box's right
//!   edge, at or below its top, and above the next box's top.

use crate::board::record::{ComponentCheck, ConnectionCheck, ReviewRecord};
use crate::board::{ArrowStyle, Board, EdgeId, Node, NodeId, NodeKind};
use crate::content::catalogue;
use crate::content::schema::Sketch;
use crate::content::templates;
use crate::practice::steps;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The words of a text: lower-case runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// A kind id with the word sequences that name it.
type Names = (&'static str, Vec<Vec<String>>);

/// Every catalogue kind with the word sequences that name it (its name, then its synonyms).
fn phrases() -> &'static [Names] {
    static PHRASES: OnceLock<Vec<Names>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        catalogue::all_kinds()
            .map(|(_, k)| {
                let names = std::iter::once(&k.name)
                    .chain(&k.synonyms)
                    .map(|s| words(s))
                    .filter(|w| !w.is_empty())
                    .collect();
                (k.id.as_str(), names)
            })
            .collect()
    })
}

/// Whether label word `word` is phrase word `want`, allowing a plural ending on the last word.
fn word_matches(word: &str, want: &str, last: bool) -> bool {
    word == want || (last && word.strip_prefix(want).is_some_and(|rest| rest == "s" || rest == "es"))
}

/// The kinds of the catalogue that `label` names, in catalogue order, each once.
///
/// See the module documentation for the rule; e.g. "Kafka topic" names `event_stream`
/// (synonym "kafka"), and "prerankers" names nothing.
pub fn kinds_named_by(label: &str) -> Vec<&'static str> {
    let label = words(label);
    if label.is_empty() {
        return Vec::new();
    }
    // (kind index, start, end) of every match.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (k, (_, names)) in phrases().iter().enumerate() {
        for name in names {
            let n = name.len();
            if n > label.len() {
                continue;
            }
            for start in 0..=label.len() - n {
                let hit = name
                    .iter()
                    .enumerate()
                    .all(|(i, want)| word_matches(&label[start + i], want, i + 1 == n));
                if hit {
                    found.push((k, start, start + n));
                }
            }
        }
    }
    let inside_longer = |&(k, s, e): &(usize, usize, usize)| {
        found.iter().any(|&(k2, s2, e2)| k2 != k && s2 <= s && e <= e2 && e2 - s2 > e - s)
    };
    let mut kinds: Vec<usize> = found.iter().filter(|m| !inside_longer(m)).map(|m| m.0).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.into_iter().map(|k| phrases()[k].0).collect()
}

/// The component kinds a node stands for: its own kind (for a component) followed by the kinds
/// its label names (for a component or a note). Stage boxes stand for none.
pub fn node_kinds(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    match &node.kind {
        NodeKind::Stage(_) => return out,
        NodeKind::Component(k) => out.push(k.clone()),
        NodeKind::Note => {}
    }
    for k in kinds_named_by(&node.label) {
        if !out.iter().any(|o| o == k) {
            out.push(k.to_owned());
        }
    }
    out
}

/// Whether an edge drawn with this style claims no direction (arrowheads at both ends or none).
fn both_ways(style: ArrowStyle) -> bool {
    matches!(style, ArrowStyle::TwoWay | ArrowStyle::None)
}

/// The reference's component kind of each component node.
fn reference_kinds(reference: &Sketch) -> HashMap<NodeId, &str> {
    reference
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            NodeKind::Component(k) => Some((n.id, k.as_str())),
            _ => None,
        })
        .collect()
}

/// The reference's connections: (from kind, to kind, either direction counts), each pair once
/// in the order of first appearance. A pair drawn both as an arrow and as a two-way edge must be
/// matched in the arrow's direction.
fn reference_connections(reference: &Sketch) -> Vec<(String, String, bool)> {
    let kinds = reference_kinds(reference);
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for e in &reference.edges {
        let (Some(from), Some(to)) = (kinds.get(&e.from), kinds.get(&e.to)) else { continue };
        let undirected = both_ways(e.style);
        match out.iter_mut().find(|(f, t, _)| f == from && t == to) {
            Some(c) => c.2 &= undirected,
            None => out.push(((*from).to_owned(), (*to).to_owned(), undirected)),
        }
    }
    out
}

/// Compares `board` with a reference solution. See the module documentation for the rules.
pub fn review(board: &Board, reference: &Sketch) -> ReviewRecord {
    let kinds_of: HashMap<NodeId, Vec<String>> = board.nodes.iter().map(|n| (n.id, node_kinds(n))).collect();
    let on_board: HashSet<&str> = kinds_of.values().flatten().map(String::as_str).collect();

    let mut components: Vec<ComponentCheck> = Vec::new();
    for n in &reference.nodes {
        if let NodeKind::Component(k) = &n.kind
            && !components.iter().any(|c| &c.kind == k)
        {
            components.push(ComponentCheck { kind: k.clone(), covered: on_board.contains(k.as_str()) });
        }
    }

    let mut user_pairs: HashSet<(&str, &str)> = HashSet::new();
    for e in &board.edges {
        let (Some(from), Some(to)) = (kinds_of.get(&e.from), kinds_of.get(&e.to)) else { continue };
        for f in from {
            for t in to {
                user_pairs.insert((f, t));
                if both_ways(e.style) {
                    user_pairs.insert((t, f));
                }
            }
        }
    }
    let connections: Vec<ConnectionCheck> = reference_connections(reference)
        .into_iter()
        .map(|(from, to, undirected)| {
            let covered = user_pairs.contains(&(from.as_str(), to.as_str()))
                || (undirected && user_pairs.contains(&(to.as_str(), from.as_str())));
            ConnectionCheck { from, to, covered }
        })
        .collect();

    let total = components.len() + connections.len();
    let covered =
        components.iter().filter(|c| c.covered).count() + connections.iter().filter(|c| c.covered).count();
    let coverage_percent = if total == 0 { 0.0 } else { 100.0 * covered as f32 / total as f32 };

    let (steps_without_stage_box, steps_without_components) = stage_gaps(board);
    ReviewRecord {
        coverage_percent,
        components,
        connections,
        steps_without_stage_box,
        steps_without_components,
    }
}

/// (steps without a stage box, steps whose stage box has no component attached), 0-based.
fn stage_gaps(board: &Board) -> (Vec<usize>, Vec<usize>) {
    let steps = crate::content::frameworks::step_count(&board.framework);
    let mut stages: Vec<&Node> =
        board.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Stage(_))).collect();
    // Lanes run from each box's top to the next box's top, in the order of their tops.
    stages.sort_by(|a, b| a.pos.y.total_cmp(&b.pos.y));
    let components: Vec<&Node> =
        board.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Component(_))).collect();
    let component_ids: HashSet<NodeId> = components.iter().map(|n| n.id).collect();
    let mut attached: HashSet<NodeId> = HashSet::new(); // stage boxes with a component attached
    for e in &board.edges {
        if component_ids.contains(&e.to) {
            attached.insert(e.from);
        }
        if component_ids.contains(&e.from) {
            attached.insert(e.to);
        }
    }
    for (i, s) in stages.iter().enumerate() {
        let top = s.pos.y;
        let bottom = stages.get(i + 1).map_or(f32::INFINITY, |next| next.pos.y);
        let right = s.pos.x + s.size.w;
        let in_lane = components.iter().any(|c| {
            let p = c.center();
            p.x > right && p.y >= top && p.y < bottom
        });
        if in_lane {
            attached.insert(s.id);
        }
    }
    let mut without_box = Vec::new();
    let mut without_components = Vec::new();
    for step in 0..steps {
        let number = u8::try_from(step + 1).ok();
        let boxes: Vec<&&Node> =
            stages.iter().filter(|n| number.is_some_and(|k| n.kind == NodeKind::Stage(k))).collect();
        if boxes.is_empty() {
            without_box.push(step);
        } else if !boxes.iter().any(|b| attached.contains(&b.id)) {
            without_components.push(step);
        }
    }
    (without_box, without_components)
}

/// The review of a board against its template's reference; `None` when the board has no
/// built-in template or the template has no reference (the blank boards).
pub fn review_of(board: &Board) -> Option<ReviewRecord> {
    let t = templates::find(board.template.as_deref()?)?;
    if t.reference.nodes.is_empty() {
        return None;
    }
    Some(review(board, &t.reference))
}

/// The reference's component nodes whose kind the review found missing (to highlight them).
pub fn missing_nodes(reference: &Sketch, rec: &ReviewRecord) -> HashSet<NodeId> {
    let missing: HashSet<&str> =
        rec.components.iter().filter(|c| !c.covered).map(|c| c.kind.as_str()).collect();
    reference_kinds(reference).into_iter().filter(|(_, k)| missing.contains(k)).map(|(id, _)| id).collect()
}

/// The reference's edges whose connection the review found missing (to highlight them).
pub fn missing_edges(reference: &Sketch, rec: &ReviewRecord) -> HashSet<EdgeId> {
    let missing: HashSet<(&str, &str)> =
        rec.connections.iter().filter(|c| !c.covered).map(|c| (c.from.as_str(), c.to.as_str())).collect();
    let kinds = reference_kinds(reference);
    reference
        .edges
        .iter()
        .filter(|e| match (kinds.get(&e.from), kinds.get(&e.to)) {
            (Some(f), Some(t)) => missing.contains(&(*f, *t)),
            _ => false,
        })
        .map(|e| e.id)
        .collect()
}

/// The review as plain text for the command line: coverage, covered and missing components and
/// connections, steps without stage box or components, and the pacing summary.
pub fn report(board: &Board, rec: &ReviewRecord) -> String {
    let mut s = String::new();
    let title = if board.title.trim().is_empty() { "Untitled board" } else { board.title.trim() };
    let template = board.template.as_deref().map(|t| format!(" (template {t})")).unwrap_or_default();
    let _ = writeln!(s, "Review of {title:?}{template}");
    let total = rec.components.len() + rec.connections.len();
    let covered = rec.components.iter().filter(|c| c.covered).count()
        + rec.connections.iter().filter(|c| c.covered).count();
    let _ = writeln!(
        s,
        "Coverage: {:.0}% ({covered} of {total} reference components and connections)",
        rec.coverage_percent
    );

    let name = |k: &str| catalogue::kind_name(k).to_owned();
    let list = |s: &mut String, heading: &str, items: Vec<String>| {
        let _ = writeln!(s, "  {heading} ({}):", items.len());
        if items.is_empty() {
            let _ = writeln!(s, "    none");
        }
        for i in items {
            let _ = writeln!(s, "    {i}");
        }
    };
    let _ = writeln!(s);
    let done = rec.components.iter().filter(|c| c.covered).count();
    let _ = writeln!(s, "Components: {done} of {} covered", rec.components.len());
    list(&mut s, "covered", rec.components.iter().filter(|c| c.covered).map(|c| name(&c.kind)).collect());
    list(&mut s, "missing", rec.components.iter().filter(|c| !c.covered).map(|c| name(&c.kind)).collect());

    let _ = writeln!(s);
    let arrow = |c: &ConnectionCheck| format!("{} → {}", name(&c.from), name(&c.to));
    let done = rec.connections.iter().filter(|c| c.covered).count();
    let _ = writeln!(s, "Connections: {done} of {} covered", rec.connections.len());
    list(&mut s, "covered", rec.connections.iter().filter(|c| c.covered).map(arrow).collect());
    list(&mut s, "missing", rec.connections.iter().filter(|c| !c.covered).map(arrow).collect());

    let steps = steps::steps(board);
    let step_name = |i: &usize| match steps.get(*i) {
        Some(st) => format!("{} {}", i + 1, st.title),
        None => format!("{}", i + 1),
    };
    let _ = writeln!(s);
    let _ = writeln!(s, "Stage boxes");
    let line = |items: &[usize]| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.iter().map(step_name).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(s, "  steps without a stage box: {}", line(&rec.steps_without_stage_box));
    let _ = writeln!(s, "  steps without components: {}", line(&rec.steps_without_components));

    let summary = steps::summary(board);
    let _ = writeln!(s);
    let _ = writeln!(s, "Pacing");
    let width = summary.rows.iter().map(|r| r.title.chars().count() + 3).max().unwrap_or(0).max(8);
    let _ = writeln!(
        s,
        "  {:<width$}  {:>7}  {:>8}  {:>12}  {:>9}",
        "step", "budget", "used", "over/under", "checklist"
    );
    for (i, r) in summary.rows.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {:<width$}  {:>7}  {:>8}  {:>12}  {:>9}",
            format!("{} {}", i + 1, r.title),
            format!("{} min", r.budget_min),
            steps::clock_text(r.used_ms),
            steps::over_under_text(r.used_ms, r.budget_min),
            format!("{}/{}", r.done, r.total),
        );
    }
    let (done, all) = summary.rows.iter().fold((0, 0), |(d, t), r| (d + r.done, t + r.total));
    let _ = writeln!(
        s,
        "  {:<width$}  {:>7}  {:>8}  {:>12}  {:>9}",
        "total",
        format!("{} min", summary.budget_min()),
        steps::clock_text(summary.used_ms()),
        steps::over_under_text(summary.used_ms(), summary.budget_min()),
        format!("{done}/{all}"),
    );
    s
}
