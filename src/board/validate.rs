//! Checks a board for impossible content, and repairs what can be repaired safely.
//!
//! Shared by the loader (user files) and `build.rs` (template boards), so it depends on the board
//! model and std only.

use crate::board::command::Command;
use crate::board::ids::IdMarks;
use crate::board::items::{Node, NodeKind, Point, Size, View};
use crate::board::model::Board;
use std::collections::HashSet;

pub use crate::board::limits::{MAX_COORD, MAX_ESTIMATE, MAX_ID, MAX_LABEL_CHARS, MAX_SIDE, ZOOM_RANGE};

/// What a repair did, in words for the user.
pub type Repair = String;

/// Every problem in `board`, without changing it. `steps` is the number of steps of the board's
/// framework; `kinds`, when given, is the set of known component kinds.
pub fn problems(board: &Board, steps: usize, kinds: Option<&HashSet<&str>>) -> Vec<String> {
    let mut out = fatal_problems(board, steps);
    let mut copy = board.clone();
    out.extend(repair_in_place(&mut copy));
    if let Some(kinds) = kinds {
        for n in &board.nodes {
            if let NodeKind::Component(k) = &n.kind
                && !kinds.contains(k.as_str())
            {
                out.push(format!("node {} has unknown component kind `{k}`", n.id.0));
            }
        }
    }
    out
}

/// Problems no repair can fix safely: duplicate ids, non-finite or absurd geometry, stage numbers
/// outside the framework, absurd labels.
pub fn fatal_problems(board: &Board, steps: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut ids = IdMarks::for_ids(board.nodes.iter().map(|n| n.id.0));
    for n in &board.nodes {
        let id = n.id.0;
        if !ids.insert(id) {
            out.push(format!("node id {id} is used by more than one node"));
        }
        if id > MAX_ID {
            out.push(format!("node id {id} is larger than the limit {MAX_ID}"));
        }
        let coords = [n.pos.x, n.pos.y];
        if coords.iter().any(|c| !c.is_finite()) {
            out.push(format!("node {id} has a position that is not a finite number"));
        } else if coords.iter().any(|c| c.abs() > MAX_COORD) {
            out.push(format!(
                "node {id} lies absurdly far away ({}, {}); the limit is ±{MAX_COORD}",
                n.pos.x, n.pos.y
            ));
        }
        let sides = [n.size.w, n.size.h];
        if sides.iter().any(|s| !s.is_finite()) {
            out.push(format!("node {id} has a size that is not a finite number"));
        } else if sides.iter().any(|s| *s <= 0.0 || *s > MAX_SIDE) {
            out.push(format!(
                "node {id} has an impossible size {} × {} (sides must be above 0 and at most {MAX_SIDE})",
                n.size.w, n.size.h
            ));
        }
        if let NodeKind::Stage(s) = n.kind
            && (s == 0 || usize::from(s) > steps)
        {
            out.push(format!("node {id} is stage {s}, but the framework has steps 1 to {steps}"));
        }
        if n.label.chars().count() > MAX_LABEL_CHARS {
            out.push(format!("node {id} has a label over {MAX_LABEL_CHARS} characters"));
        }
    }
    let mut edge_ids = IdMarks::for_ids(board.edges.iter().map(|e| e.id.0));
    for e in &board.edges {
        if !edge_ids.insert(e.id.0) {
            out.push(format!("edge id {} is used by more than one edge", e.id.0));
        }
        if e.id.0 > MAX_ID {
            out.push(format!("edge id {} is larger than the limit {MAX_ID}", e.id.0));
        }
        if e.label.chars().count() > MAX_LABEL_CHARS {
            out.push(format!("edge {} has a label over {MAX_LABEL_CHARS} characters", e.id.0));
        }
    }
    out
}

/// Fixes what is safe to fix and says what it did: removes control characters from the title
/// and the labels, drops edges whose ends are missing or that join a node to itself, resets an
/// impossible saved view, and moves `next_id` past every used id (and back from beyond
/// [`MAX_ID`]).
pub fn repair_in_place(board: &mut Board) -> Vec<Repair> {
    let mut out = Vec::new();
    board.reindex();
    let in_title = strip_controls(&mut board.title) > 0;
    let in_labels = board
        .nodes
        .iter_mut()
        .map(|n| &mut n.label)
        .chain(board.edges.iter_mut().map(|e| &mut e.label))
        .filter_map(|label| (strip_controls(label) > 0).then_some(()))
        .count();
    if in_title || in_labels > 0 {
        let mut places = Vec::new();
        if in_title {
            places.push("the title".to_owned());
        }
        match in_labels {
            0 => {}
            1 => places.push("1 label".to_owned()),
            n => places.push(format!("{n} labels")),
        }
        out.push(format!(
            "removed control characters (such as NUL), which cannot be shown, from {}",
            places.join(" and ")
        ));
    }
    let before = board.edges.len();
    let mut dropped = Vec::new();
    let nodes = IdMarks::of(board.nodes.iter().map(|n| n.id.0));
    board.edges.retain(|e| {
        let ok = nodes.contains(e.from.0) && nodes.contains(e.to.0) && e.from != e.to;
        if !ok {
            dropped.push(e.id.0);
        }
        ok
    });
    if board.edges.len() != before {
        let list: Vec<String> = dropped.iter().map(u64::to_string).collect();
        out.push(format!(
            "dropped {} edge(s) whose ends are missing or the same node (edge ids {})",
            dropped.len(),
            list.join(", ")
        ));
    }
    let v = board.view;
    let view_ok = v.center.x.is_finite()
        && v.center.y.is_finite()
        && v.center.x.abs() <= MAX_COORD
        && v.center.y.abs() <= MAX_COORD
        && v.zoom.is_finite()
        && (ZOOM_RANGE.0..=ZOOM_RANGE.1).contains(&v.zoom);
    if !view_ok {
        board.view = View::default();
        out.push("reset the saved view, which was out of range".to_owned());
    }
    // The replay log and the review are secondary: damaged, they are dropped, not fatal.
    let s = &board.session;
    let base_ok = s.replay_base.as_ref().is_none_or(|b| b.nodes.iter().all(node_ok));
    if !base_ok || !s.log.iter().all(|e| command_ok(&e.cmd)) {
        board.session.replay_base = None;
        board.session.log.clear();
        out.push(
            "dropped the session's replay log, which held impossible positions, sizes or changes".to_owned(),
        );
    }
    if board.session.review.as_ref().is_some_and(|r| !(0.0..=100.0).contains(&r.coverage_percent)) {
        board.session.review = None;
        out.push("dropped the session's review, whose coverage was not a percentage".to_owned());
    }
    if board.session.estimate.is_some_and(|e| !estimate_ok(&e)) {
        board.session.estimate = None;
        out.push("dropped the session's estimator inputs, which were not sensible numbers".to_owned());
    }
    let ratings = board.session.ratings.len();
    board.session.ratings.retain(|r| (1..=4).contains(&r.level));
    if board.session.ratings.len() != ratings {
        out.push("dropped signal ratings outside 1 to 4".to_owned());
    }
    let used =
        board.nodes.iter().map(|n| n.id.0).chain(board.edges.iter().map(|e| e.id.0)).max().unwrap_or(0);
    if board.next_id > MAX_ID && used < MAX_ID {
        // Past the limit, no box could ever be added ("id … is too large").
        out.push(format!(
            "reset the id counter, which was {} (beyond the largest id, {MAX_ID}), so that boxes can be added again",
            board.next_id
        ));
        board.next_id = used + 1;
    } else if board.next_id <= used {
        // Silent: an old or hand-written file may omit it; nothing the user sees changes.
        board.next_id = used.saturating_add(1);
    }
    out
}

/// Removes control characters (NUL, escape, bell, carriage return, DEL, the C1 range…) from `s`,
/// keeping line breaks and tabs; returns how many were removed. Such characters cannot be shown,
/// and some (NUL) are refused by window titles and other system texts.
///
/// ```
/// let mut s = String::from("a\0b\u{1b}[31m\r\nc\td");
/// assert_eq!(mlsd_board::board::validate::strip_controls(&mut s), 3);
/// assert_eq!(s, "ab[31m\nc\td");
/// ```
pub fn strip_controls(s: &mut String) -> usize {
    let is_bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.contains(is_bad) {
        return 0;
    }
    let before = s.chars().count();
    s.retain(|c| !is_bad(c));
    before - s.chars().count()
}

/// The longest window title [`window_title`] gives, in characters.
pub const MAX_WINDOW_TITLE_CHARS: usize = 200;

/// `s` made safe for a window title (or any one-line system text): every control character,
/// line break, tab and line or paragraph separator becomes a space, runs of white space become
/// one, the ends are trimmed, and anything past [`MAX_WINDOW_TITLE_CHARS`] is cut with `…`.
/// Never contains NUL, which window systems refuse.
///
/// ```
/// use mlsd_board::board::validate::window_title;
/// assert_eq!(window_title(" Two\nlines\0and\ta tab "), "Two lines and a tab");
/// assert_eq!(window_title(&"x".repeat(500)).chars().count(), 200);
/// ```
pub fn window_title(s: &str) -> String {
    let words: Vec<&str> =
        s.split(|c: char| c.is_control() || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
    let line = words.join(" ");
    if line.chars().count() <= MAX_WINDOW_TITLE_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_WINDOW_TITLE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Whether every estimator input is a finite number from 0 to [`MAX_ESTIMATE`].
pub fn estimate_ok(e: &crate::board::record::EstimateInputs) -> bool {
    [
        e.daily_users,
        e.actions_per_user,
        e.peak_factor,
        e.bytes_per_item,
        e.retention_days,
        e.embedding_dim,
        e.index_items,
    ]
    .iter()
    .all(|v| v.is_finite() && (0.0..=MAX_ESTIMATE).contains(v))
}

fn point_ok(p: Point) -> bool {
    p.x.is_finite() && p.y.is_finite() && p.x.abs() <= MAX_COORD && p.y.abs() <= MAX_COORD
}

fn size_ok(s: Size) -> bool {
    let side = |v: f32| v.is_finite() && v > 0.0 && v <= MAX_SIDE;
    side(s.w) && side(s.h)
}

fn node_ok(n: &Node) -> bool {
    point_ok(n.pos) && size_ok(n.size)
}

/// Whether a logged command holds only possible geometry and nothing its own checks would refuse
/// (what replaying it needs).
fn command_ok(cmd: &Command) -> bool {
    match cmd {
        Command::Add { nodes, .. } | Command::Insert { nodes, .. } => nodes.iter().all(node_ok),
        Command::Restore { nodes, .. } => nodes.iter().all(|(_, n)| node_ok(n)),
        Command::Move { delta, .. } => point_ok(*delta),
        Command::SetRects { rects } => rects.iter().all(|(_, p, s)| point_ok(*p) && size_ok(*s)),
        Command::Batch(cmds) => cmds.iter().all(command_ok),
        // What the commands themselves would refuse, caught when the file is read.
        Command::Reorder { nodes } => {
            let mut ids = HashSet::with_capacity(nodes.len());
            nodes.windows(2).all(|w| w[0].0 < w[1].0) && nodes.iter().all(|(_, id)| ids.insert(*id))
        }
        Command::Retarget { from, to, .. } => from != to,
        Command::SetKind { kind, .. } => *kind != NodeKind::Stage(0),
        Command::SetEstimate(inputs) => inputs.as_ref().is_none_or(estimate_ok),
        Command::Delete { .. }
        | Command::RelabelNode { .. }
        | Command::RelabelEdge { .. }
        | Command::SetEdgeStyle { .. }
        | Command::SetRoute { .. }
        | Command::SetColor { .. }
        | Command::SetTitle(_)
        | Command::SetTick { .. }
        | Command::SetNotes { .. }
        | Command::SetBudget { .. }
        | Command::SetProblem(_) => true,
    }
}
