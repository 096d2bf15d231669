//! Practice review: how a board compares with its case's reference solution.
//!
//! The review is the interviewer of someone practising alone, so its score must not flatter a
//! board that games it and must not punish a sound design drawn with other components. It is
//! offline and deterministic, and it never looks at where boxes are: moving boxes never changes
//! the score.
//!
//! # What a box counts as
//!
//! Notes and stage boxes count as nothing: they are commentary. A component box counts as one
//! kind ([`counted_kind`]): its own kind, the one the user picked from the palette. Only when
//! that kind has no place in the case (it stands for no reference kind and is no sensible or
//! optional addition) does the label get a say: when it clearly is another kind's name
//! ([`label_kind`]) and that kind has a place, the box counts as that kind. A label clearly names
//! a kind when it names exactly one kind and every word of it is part of a name of that kind, a
//! small word ("of", "the", "for"…), a number or a generic noun ("service", "store", "index",
//! "cluster", "job"…): an application server labelled "Redis cluster" is a key-value store; a
//! label that lists several names ("Redis, Kafka, FAISS") names none clearly.
//!
//! # Naming a kind in a label
//!
//! A label names a kind when the kind's catalogue name or one of its synonyms appears in it as
//! whole words. Words are runs of letters and digits, compared after
//! [`name_words`]: lower case, with plural, -ing and -ed
//! endings taken off, so "Kafka topics", "re-ranking" and "precomputed" match "kafka topic",
//! "re-rank" and "precompute". When one kind's match lies strictly inside a longer match of
//! another kind, the shorter one is dropped: "Light ranker" names the light ranker, not also the
//! heavy ranker (synonym "ranker"); "Redis cache" names the cache, not also the key-value store.
//!
//! # Reference items and their weights
//!
//! Every distinct component kind of the reference is one item, weighing [`CRUX_WEIGHT`] when the
//! case marks it crux (`review.crux`: what a strong answer cannot skip) and 1 otherwise. Every
//! reference edge between two components gives one connection item (from kind, to kind),
//! counted once however many edges share it, weighing 1.
//!
//! # Which box stands for which reference component
//!
//! A box stands for a reference kind when it counts as that kind, as a kind of the same
//! catalogue group of equivalents (`equivalents` in `assets/catalogue.ron`: e.g. key-value
//! store, cache and feature store are all online lookup stores), or as a kind the case accepts
//! in its place (`review.alternatives` in the template). Each box covers at most one component
//! item and each item needs its own box: the review finds the largest such pairing, crux items
//! first and boxes of the very kind before equivalents. A box paired with an item plays that
//! kind in connections; a box left over that stands for a reference kind (a second encoder, say)
//! plays that kind too but covers nothing new.
//!
//! # Connections and paths
//!
//! A connection item A → B is covered by a directed path on the board from a box playing A to a
//! box playing B, through at most [`MAX_VIA`] other component boxes (never notes or stage
//! boxes). An arrow drawn with heads at both ends, or with none, can be walked either way; a
//! reference connection drawn that way is covered by a path either way. Each arrow covers at
//! most one connection item, and each box is passed through by at most one covering path, so a
//! hub joined to every box covers one connection, not all of them. Direct arrows are given out
//! first, then paths through one box, then through two; each item takes the shortest path still
//! free (items with a crux end first, then in reference order; ties by the lowest ids).
//!
//! # Extras
//!
//! A component box that is not paired with an item is neutral when its kind is a sensible
//! addition (the catalogue's `sensible`: monitoring, experimentation, caches and the usual
//! infrastructure; or the case's `review.optional`), or when it plays a reference kind and the
//! reference draws that kind more than once (up to as many boxes as the reference has). Every
//! other unpaired box is an extra: it matches nothing, or is one box too many. Of two boxes that
//! stand for one item, a sensible addition is the one left over when the other would be an extra.
//! Neutral boxes beyond [`additions_allowed`] count as extras too: a board is a design, not a
//! catalogue. `precision` is
//! paired boxes / (paired boxes + extras), 1 when there are neither.
//!
//! # The headline
//!
//! `recall` = covered weight / total weight of all items. The coverage is
//! `100 × recall × precision^`[`PRECISION_POWER`], capped at [`crux_cap`] when crux components
//! are missing (70% with one missing, 30% with two, 15% with three, then 0), so that a board
//! without the crux never reads as a pass, and one missing two of the case's must-haves (a generic
//! recommender spine drawn for visual search) reads as not yet an answer to this case. Notes listing every name cover nothing; a board holding every palette kind
//! covers the components but is mostly extras, so however it is wired it stays far below a pass.
//!
//! # Per step
//!
//! Every reference component kind belongs to one framework step: the first step of its
//! catalogue `steps` (the kind's, else its palette group's) that the board's framework has; e.g.
//! data sources and feature pipelines to "Data preparation", training to "Model development",
//! offline evaluation and experiments to "Evaluation", serving to "Deployment & serving",
//! monitoring to "Monitoring", and in the general system design framework to "High-level design",
//! "Deep dive" or "Wrap-up". A connection belongs to the later step of its two ends. Each step's
//! coverage is its items' covered weight over their total weight.
//!
//! # Stage boxes
//!
//! Not part of the score. A step (0-based) is "without stage box" when no `Stage(step + 1)` node
//! is on the board. A step whose stage box is there is "without components" when no component is
//! attached to any of its stage boxes: joined by an edge, or sitting in the stage's lane (the
//! band to the right of the box, from its top down to the top of the next stage box below it, or
//! without end for the lowest one; a component is in the lane when its centre is).

use crate::board::record::{ComponentCheck, ConnectionCheck, ExtraBox, ReviewRecord, StepCoverage};
use crate::board::{ArrowStyle, Board, EdgeId, Node, NodeId, NodeKind};
use crate::content::catalogue;
use crate::content::schema::{ReviewSpec, Sketch, Template, name_words, normalise_word};
use crate::content::{frameworks, templates};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::OnceLock;

/// The version of these rules, stored in every [`ReviewRecord`] they make. Records of version 0
/// were made by the rules before this module's redesign (labels of notes counted, no extras).
pub const RULES_VERSION: u32 = 2;

/// The weight of a crux component item; other items weigh 1.
pub const CRUX_WEIGHT: f32 = 3.0;

/// The power of the precision in the headline: above 1, so that a board of every kind, however
/// it is wired, stays far below a pass (precision ≈ 0.4 gives 0.25), while one or two extras on
/// a board of twenty cost a few points (0.95 gives 0.93).
pub const PRECISION_POWER: f32 = 1.5;

/// How many unpaired boxes may be neutral (sensible additions, or second boxes of a kind the
/// reference draws twice) on a board compared with a reference of `items` component kinds: half
/// as many, rounded up, and at least 4. A board is a design, not a catalogue: the neutral boxes
/// beyond that count as extras.
pub fn additions_allowed(items: usize) -> usize {
    items.div_ceil(2).max(4)
}

/// The most boxes a path covering a reference connection may pass through.
pub const MAX_VIA: usize = 2;

/// The highest coverage a board may reach with `missing` crux components missing: 100 with none
/// missing, 70 with one (a good design with one gap), 30 with two (the case's core is not drawn),
/// then 15 less for each more, never below 0.
///
/// ```
/// use mlsd_board::practice::review::crux_cap;
/// let caps = (crux_cap(0), crux_cap(1), crux_cap(2), crux_cap(3), crux_cap(9));
/// assert_eq!(caps, (100.0, 70.0, 30.0, 15.0, 0.0));
/// ```
pub fn crux_cap(missing: usize) -> f32 {
    match missing {
        0 => 100.0,
        1 => 70.0,
        n => (30.0 - 15.0 * (n - 2) as f32).max(0.0),
    }
}

// ---------------------------------------------------------------------------------------------
// Labels

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
                    .map(|s| name_words(s))
                    .filter(|w| !w.is_empty())
                    .collect();
                (k.id.as_str(), names)
            })
            .collect()
    })
}

/// Words that need not be part of a name for a label to clearly name a kind: small words and
/// generic nouns, normalised.
fn filler() -> &'static HashSet<String> {
    static FILLER: OnceLock<HashSet<String>> = OnceLock::new();
    FILLER.get_or_init(|| {
        [
            "a",
            "an",
            "the",
            "of",
            "for",
            "to",
            "in",
            "on",
            "at",
            "by",
            "with",
            "and",
            "or",
            "from",
            "into",
            "per",
            "via",
            "as",
            "our",
            "my",
            "its",
            "each",
            "all",
            "service",
            "server",
            "cluster",
            "index",
            "db",
            "database",
            "store",
            "storage",
            "job",
            "pipeline",
            "system",
            "engine",
            "layer",
            "model",
            "queue",
            "topic",
            "table",
            "module",
            "component",
            "platform",
            "tool",
            "node",
            "instance",
            "box",
        ]
        .iter()
        .map(|w| normalise_word(w))
        .collect()
    })
}

/// The matches of catalogue names in the words of a label, as (kind index, first word, end
/// word), with matches lying strictly inside a longer match of another kind dropped.
fn matches_in(label: &[String]) -> Vec<(usize, usize, usize)> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (k, (_, names)) in phrases().iter().enumerate() {
        for name in names {
            let n = name.len();
            if n == 0 || n > label.len() {
                continue;
            }
            for start in 0..=label.len() - n {
                if label[start..start + n] == name[..] {
                    found.push((k, start, start + n));
                }
            }
        }
    }
    let inside_longer = |&(k, s, e): &(usize, usize, usize)| {
        found.iter().any(|&(k2, s2, e2)| k2 != k && s2 <= s && e <= e2 && e2 - s2 > e - s)
    };
    found.iter().copied().filter(|m| !inside_longer(m)).collect()
}

/// The kinds of the catalogue that `label` names, in catalogue order, each once.
///
/// See the module documentation for the rule; e.g. "Kafka topics" names `event_stream`
/// (synonym "kafka topic"), and "prerankers" names nothing.
pub fn kinds_named_by(label: &str) -> Vec<&'static str> {
    let mut kinds: Vec<usize> = matches_in(&name_words(label)).into_iter().map(|m| m.0).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.into_iter().map(|k| phrases()[k].0).collect()
}

/// The one other kind a component box's label clearly names: the label names exactly one kind,
/// not the box's own, and every word of it is part of a name of that kind, a small word, a
/// number or a generic noun (see the module documentation). `None` for notes and stage boxes.
///
/// ```
/// use mlsd_board::board::{Node, NodeId, NodeKind, Point, Size};
/// use mlsd_board::practice::review::label_kind;
/// let node = |kind: &str, label: &str| Node {
///     id: NodeId(1),
///     kind: NodeKind::Component(kind.into()),
///     label: label.into(),
///     pos: Point::new(0.0, 0.0),
///     size: Size::new(180.0, 64.0),
///     color: None,
/// };
/// assert_eq!(label_kind(&node("app_server", "Redis cluster")), Some("kv_store"));
/// assert_eq!(label_kind(&node("heavy_ranker", "Ranker using watch history")), None);
/// assert_eq!(label_kind(&node("app_server", "Redis, Kafka")), None); // a list is not clear
/// ```
pub fn label_kind(node: &Node) -> Option<&'static str> {
    let NodeKind::Component(own) = &node.kind else { return None };
    let words = name_words(&node.label);
    let found = matches_in(&words);
    let mut kinds: Vec<usize> = found.iter().map(|m| m.0).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let [only] = kinds[..] else { return None };
    let named = phrases()[only].0;
    if named == own {
        return None;
    }
    let covered = |i: usize| found.iter().any(|&(_, s, e)| s <= i && i < e);
    let clear = (0..words.len())
        .all(|i| covered(i) || filler().contains(&words[i]) || words[i].chars().all(|c| c.is_ascii_digit()));
    clear.then_some(named)
}

/// The one kind a box counts as when compared with a case: none for notes and stage boxes; for
/// a component box its own kind, unless its own kind has no place in the case (it stands for no
/// reference kind and is no sensible or optional addition) while its label clearly names a kind
/// that does ([`label_kind`]): then that kind. The box's own choice of kind always wins when it
/// fits, so a label can only turn an extra into a match, never the reverse.
pub fn counted_kind(node: &Node, reference_kinds: &[String], spec: &ReviewSpec) -> Option<String> {
    let NodeKind::Component(own) = &node.kind else { return None };
    let fits = |k: &str| reference_kinds.iter().any(|r| stands_for(k, r, spec));
    if !fits(own)
        && !is_addition(own, spec)
        && let Some(named) = label_kind(node).filter(|k| fits(k))
    {
        return Some(named.to_owned());
    }
    Some(own.clone())
}

// ---------------------------------------------------------------------------------------------
// The comparison

/// Whether an edge drawn with this style claims no direction (arrowheads at both ends or none).
fn both_ways(style: ArrowStyle) -> bool {
    matches!(style, ArrowStyle::TwoWay | ArrowStyle::None)
}

/// The reference's component kind of each component node.
fn reference_kinds(reference: &Sketch) -> HashMap<NodeId, &str> {
    reference.components().collect()
}

/// The reference's connections: (from kind, to kind, either direction counts), each pair once
/// in the order of first appearance. A pair drawn both as an arrow and as a two-way edge must be
/// matched in the arrow's direction.
fn reference_connections(reference: &Sketch) -> Vec<(String, String, bool)> {
    let kinds = reference_kinds(reference);
    let mut out: Vec<(String, String, bool)> = Vec::new();
    let mut edges: Vec<&crate::board::Edge> = reference.edges.iter().collect();
    edges.sort_by_key(|e| e.id);
    for e in edges {
        let (Some(from), Some(to)) = (kinds.get(&e.from), kinds.get(&e.to)) else { continue };
        let undirected = both_ways(e.style);
        match out.iter_mut().find(|(f, t, _)| f == from && t == to) {
            Some(c) => c.2 &= undirected,
            None => out.push(((*from).to_owned(), (*to).to_owned(), undirected)),
        }
    }
    out
}

/// Whether a box counted as `kind` stands for reference kind `wanted` in this case: the same
/// kind or a catalogue equivalent, or a kind the case accepts in its place (or an equivalent of
/// one).
pub fn stands_for(kind: &str, wanted: &str, spec: &ReviewSpec) -> bool {
    catalogue::equivalent(kind, wanted)
        || spec
            .alternatives
            .iter()
            .any(|a| a.kind == wanted && a.accept.iter().any(|k| catalogue::equivalent(kind, k)))
}

/// Whether a box of `kind` is a sensible addition in this case: the catalogue's `sensible`
/// kinds and groups or the case's `review.optional`, or a kind equivalent to one of them.
pub fn is_addition(kind: &str, spec: &ReviewSpec) -> bool {
    let sensible = catalogue::is_sensible(kind)
        || catalogue::equivalents_of(kind).is_some_and(|e| e.kinds.iter().any(|k| catalogue::is_sensible(k)));
    sensible || spec.optional.iter().any(|o| catalogue::equivalent(kind, o))
}

/// One component box of the board with the kind it counts as.
struct CountedBox<'a> {
    node: &'a Node,
    kind: String,
}

/// Pairs reference component items with boxes: the pairing of most weight (crux items first),
/// boxes of the very kind before equivalents, equivalents before alternatives. Returns the box
/// index of each item.
fn pair_components(items: &[(String, bool)], boxes: &[CountedBox], spec: &ReviewSpec) -> Vec<Option<usize>> {
    // At most `items.len()` boxes are ever paired, so an item needs no more candidates than
    // that to find a free one: the lists stay short on huge boards.
    let cap = items.len().max(1);
    // Tier 0: boxes of the very kind; 1: and catalogue equivalents; 2: and the case's
    // alternatives.
    let candidates = |tier: u8| -> Vec<Vec<usize>> {
        items
            .iter()
            .map(|(kind, _)| {
                let of = |t: u8| {
                    boxes.iter().enumerate().filter(move |(_, b)| {
                        let level = if &b.kind == kind {
                            0
                        } else if catalogue::equivalent(&b.kind, kind) {
                            1
                        } else if stands_for(&b.kind, kind, spec) {
                            2
                        } else {
                            3
                        };
                        level == t
                    })
                };
                (0..=tier).flat_map(|t| of(t).map(|(i, _)| i).take(cap)).collect()
            })
            .collect()
    };
    fn augment(
        item: usize,
        cands: &[Vec<usize>],
        seen: &mut [bool],
        of_box: &mut HashMap<usize, usize>,
        of_item: &mut [Option<usize>],
    ) -> bool {
        // A free box first, so that pairings already made stay as they are when they can.
        if let Some(&b) = cands[item].iter().find(|b| !seen[**b] && !of_box.contains_key(b)) {
            seen[b] = true;
            of_box.insert(b, item);
            of_item[item] = Some(b);
            return true;
        }
        for &b in &cands[item] {
            if seen[b] {
                continue;
            }
            seen[b] = true;
            if let Some(&other) = of_box.get(&b)
                && augment(other, cands, seen, of_box, of_item)
            {
                of_box.insert(b, item);
                of_item[item] = Some(b);
                return true;
            }
        }
        false
    }
    // Crux items first, each class first with boxes of the very kind, then equivalents, then
    // alternatives: augmenting never unpairs an item, so the crux items get the largest pairing
    // there is and the others the largest one left (the most weight in all), and a box goes to
    // the item it is closest to when there is a choice.
    let tiers = [candidates(0), candidates(1), candidates(2)];
    let mut of_item: Vec<Option<usize>> = vec![None; items.len()];
    let mut of_box: HashMap<usize, usize> = HashMap::new();
    for crux in [true, false] {
        for cands in &tiers {
            for i in (0..items.len()).filter(|&i| items[i].1 == crux) {
                if of_item[i].is_none() {
                    let mut seen = vec![false; boxes.len()];
                    augment(i, cands, &mut seen, &mut of_box, &mut of_item);
                }
            }
        }
    }
    of_item
}

/// What covering paths have taken so far: arrows, and the boxes passed through.
struct Used {
    arrows: Vec<bool>,
    boxes: Vec<bool>,
}

/// The board's arrows between component boxes, walkable in their directions.
struct Graph {
    /// For each box index: (arrow index, next box index), by arrow id.
    out: Vec<Vec<(usize, usize)>>,
    /// How many arrows there are.
    arrows: usize,
}

impl Graph {
    fn new(board: &Board, index: &HashMap<NodeId, usize>, len: usize) -> Self {
        let mut edges: Vec<&crate::board::Edge> = board.edges.iter().collect();
        edges.sort_by_key(|e| e.id);
        let mut out = vec![Vec::new(); len];
        let mut arrows = 0;
        for e in edges {
            let (Some(&a), Some(&b)) = (index.get(&e.from), index.get(&e.to)) else { continue };
            if a == b {
                continue;
            }
            out[a].push((arrows, b));
            if both_ways(e.style) {
                out[b].push((arrows, a));
            }
            arrows += 1;
        }
        Self { out, arrows }
    }

    /// The shortest path of at most `max_len` free arrows from one of `from` to one of `to`
    /// (other than its start), through boxes no other path passes through, as its steps (arrow,
    /// box reached); ties go to the lowest box and arrow indices.
    fn path(
        &self,
        from: &[usize],
        to: &HashSet<usize>,
        max_len: usize,
        used: &Used,
    ) -> Option<Vec<(usize, usize)>> {
        // One search per start when a start is also a target (a connection between two boxes of
        // the same kind), else one search from all starts at once.
        if from.iter().any(|s| to.contains(s)) {
            return from.iter().find_map(|&s| self.search(&[s], to, max_len, used));
        }
        self.search(from, to, max_len, used)
    }

    fn search(
        &self,
        from: &[usize],
        to: &HashSet<usize>,
        max_len: usize,
        used: &Used,
    ) -> Option<Vec<(usize, usize)>> {
        let mut prev: HashMap<usize, (usize, usize)> = HashMap::new(); // box → (previous box, arrow)
        let mut depth: HashMap<usize, usize> = from.iter().map(|&s| (s, 0)).collect();
        let mut queue: VecDeque<usize> = from.iter().copied().collect();
        while let Some(u) = queue.pop_front() {
            let d = depth[&u];
            if d == max_len {
                continue;
            }
            for &(arrow, v) in &self.out[u] {
                if used.arrows[arrow] || depth.contains_key(&v) {
                    continue;
                }
                depth.insert(v, d + 1);
                prev.insert(v, (u, arrow));
                if to.contains(&v) {
                    let mut path = Vec::new();
                    let mut at = v;
                    while let Some(&(p, a)) = prev.get(&at) {
                        path.push((a, at));
                        at = p;
                    }
                    path.reverse();
                    return Some(path);
                }
                // Only a box not yet passed through by another covering path leads on.
                if !used.boxes[v] {
                    queue.push_back(v);
                }
            }
        }
        None
    }
}

/// Compares `board` with a case's reference solution and review rules. See the module
/// documentation for the rules.
pub fn review(board: &Board, reference: &Sketch, spec: &ReviewSpec) -> ReviewRecord {
    // The board's component boxes, by id, with the kind each counts as.
    let mut nodes: Vec<&Node> = board.nodes.iter().collect();
    nodes.sort_by_key(|n| n.id);
    // Component items: (kind, crux), in reference order.
    let mut items: Vec<(String, bool)> = Vec::new();
    for n in &reference.nodes {
        if let NodeKind::Component(k) = &n.kind
            && !items.iter().any(|(have, _)| have == k)
        {
            items.push((k.clone(), spec.crux.contains(k)));
        }
    }
    let item_kinds: Vec<String> = items.iter().map(|(k, _)| k.clone()).collect();
    let boxes: Vec<CountedBox> = nodes
        .iter()
        .filter_map(|n| counted_kind(n, &item_kinds, spec).map(|kind| CountedBox { node: n, kind }))
        .collect();
    let index: HashMap<NodeId, usize> = boxes.iter().enumerate().map(|(i, b)| (b.node.id, i)).collect();
    let mut paired = pair_components(&items, &boxes, spec);
    // Of two boxes that stand for one item, the one that would be an extra left over is paired,
    // and the sensible addition is left over (neutral), whichever the pairing chose.
    for item in 0..items.len() {
        let Some(p) = paired[item] else { continue };
        if !is_addition(&boxes[p].kind, spec) {
            continue;
        }
        let taken: HashSet<usize> = paired.iter().flatten().copied().collect();
        let swap = (0..boxes.len()).find(|&u| {
            !taken.contains(&u)
                && !is_addition(&boxes[u].kind, spec)
                && stands_for(&boxes[u].kind, &items[item].0, spec)
        });
        if let Some(u) = swap {
            paired[item] = Some(u);
        }
    }

    // The reference kinds each box plays in connections: the item it is paired with and the
    // reference kinds of its catalogue group (a lookup store plays every lookup store); a box
    // that stands for an item only as the case's alternative plays it only when paired with it,
    // or, left over, the first such item.
    let mut roles: Vec<Vec<&str>> = boxes
        .iter()
        .map(|b| {
            items.iter().filter(|(k, _)| catalogue::equivalent(&b.kind, k)).map(|(k, _)| k.as_str()).collect()
        })
        .collect();
    for (item, b) in paired.iter().enumerate() {
        if let Some(b) = b
            && !roles[*b].contains(&items[item].0.as_str())
        {
            roles[*b].push(items[item].0.as_str());
        }
    }
    let paired_boxes: HashSet<usize> = paired.iter().flatten().copied().collect();
    for (i, b) in boxes.iter().enumerate() {
        if roles[i].is_empty()
            && let Some((k, _)) = items.iter().find(|(k, _)| stands_for(&b.kind, k, spec))
        {
            roles[i].push(k.as_str());
        }
    }

    let components: Vec<ComponentCheck> = items
        .iter()
        .zip(&paired)
        .map(|((kind, crux), b)| ComponentCheck {
            kind: kind.clone(),
            covered: b.is_some(),
            crux: *crux,
            by: b.map(|b| boxes[b].kind.clone()).filter(|k| k != kind),
        })
        .collect();

    // Extras: boxes that are not paired and no sensible addition, and either play no reference
    // kind or are one box too many for a kind (beyond as many boxes as the reference draws).
    let mut spare: HashMap<&str, usize> = HashMap::new();
    for n in &reference.nodes {
        if let NodeKind::Component(k) = &n.kind {
            *spare.entry(k.as_str()).or_insert(0) += 1;
        }
    }
    for s in spare.values_mut() {
        *s -= 1; // the paired box
    }
    let mut extras: Vec<ExtraBox> = Vec::new();
    let mut free_additions = additions_allowed(items.len());
    for (i, b) in boxes.iter().enumerate() {
        if paired_boxes.contains(&i) {
            continue;
        }
        let spare_role = roles[i].iter().find(|r| spare.get(**r).is_some_and(|left| *left > 0));
        let neutral = if let Some(left) = spare_role.and_then(|r| spare.get_mut(*r)) {
            *left -= 1;
            true
        } else {
            is_addition(&b.kind, spec)
        };
        if neutral && free_additions > 0 {
            free_additions -= 1;
            continue;
        }
        extras.push(ExtraBox { node: b.node.id.0, kind: b.kind.clone(), label: b.node.label.clone() });
    }

    // Connections, covered by paths of free arrows: direct ones first, then longer.
    let refs = reference_connections(reference);
    let graph = Graph::new(board, &index, boxes.len());
    let mut used = Used { arrows: vec![false; graph.arrows], boxes: vec![false; boxes.len()] };
    let mut via: Vec<Option<u8>> = vec![None; refs.len()];
    let is_crux = |k: &str| spec.crux.iter().any(|c| c == k);
    let mut order: Vec<usize> = (0..refs.len()).collect();
    order.sort_by_key(|&i| !(is_crux(&refs[i].0) || is_crux(&refs[i].1)));
    // A box plays a kind first-hand when it is paired with that item or is of that very kind;
    // arrows go to first-hand players before others, so that an equivalent box does not take
    // the arrow meant for the box of the kind itself.
    let paired_kind: HashMap<usize, &str> =
        paired.iter().enumerate().filter_map(|(item, b)| b.map(|b| (b, items[item].0.as_str()))).collect();
    let playing = |kind: &str, first_hand: bool| -> Vec<usize> {
        (0..boxes.len())
            .filter(|&i| {
                if first_hand {
                    paired_kind.get(&i) == Some(&kind) || boxes[i].kind == kind
                } else {
                    roles[i].contains(&kind)
                }
            })
            .collect()
    };
    for (len, first_hand) in (1..=MAX_VIA + 1).flat_map(|l| [(l, true), (l, false)]) {
        for &i in &order {
            if via[i].is_some() {
                continue;
            }
            let (from, to, undirected) = &refs[i];
            let (starts, ends) = (playing(from, first_hand), playing(to, first_hand));
            let mut found = graph.path(&starts, &ends.iter().copied().collect(), len, &used);
            if found.is_none() && *undirected {
                found = graph.path(&ends, &starts.iter().copied().collect(), len, &used);
            }
            if let Some(path) = found {
                for &(a, _) in &path {
                    used.arrows[a] = true;
                }
                for &(_, b) in &path[..path.len() - 1] {
                    used.boxes[b] = true;
                }
                via[i] = u8::try_from(path.len() - 1).ok();
            }
        }
    }
    let connections: Vec<ConnectionCheck> = refs
        .iter()
        .zip(&via)
        .map(|((from, to, _), v)| ConnectionCheck {
            from: from.clone(),
            to: to.clone(),
            covered: v.is_some(),
            via: v.unwrap_or(0),
        })
        .collect();

    // The headline.
    let weight = |c: &ComponentCheck| if c.crux { CRUX_WEIGHT } else { 1.0 };
    let total: f32 = components.iter().map(weight).sum::<f32>() + connections.len() as f32;
    let covered: f32 = components.iter().filter(|c| c.covered).map(weight).sum::<f32>()
        + connections.iter().filter(|c| c.covered).count() as f32;
    let recall = if total > 0.0 { covered / total } else { 0.0 };
    let counted = paired_boxes.len() + extras.len();
    let precision = if counted == 0 { 1.0 } else { paired_boxes.len() as f32 / counted as f32 };
    let crux_missing: Vec<String> = spec
        .crux
        .iter()
        .filter(|k| components.iter().any(|c| &c.kind == *k && !c.covered))
        .cloned()
        .collect();
    let coverage_percent = (100.0 * recall * precision.powf(PRECISION_POWER))
        .min(crux_cap(crux_missing.len()))
        .clamp(0.0, 100.0);

    let per_step = per_step(&board.framework, &components, &connections);
    let (steps_without_stage_box, steps_without_components) = stage_gaps(board);
    ReviewRecord {
        coverage_percent,
        components,
        connections,
        steps_without_stage_box,
        steps_without_components,
        rules: RULES_VERSION,
        recall_percent: 100.0 * recall,
        precision_percent: 100.0 * precision,
        crux_missing,
        per_step,
        extras,
    }
}

/// The coverage of each step of `framework` (see the module documentation).
fn per_step(
    framework: &str,
    components: &[ComponentCheck],
    connections: &[ConnectionCheck],
) -> Vec<StepCoverage> {
    let fw = frameworks::get_or_default(framework);
    let cat = catalogue::catalogue();
    let position = |kind: &str| {
        cat.step_of(kind, fw).and_then(|id| fw.steps.iter().position(|s| s.id == id).map(|i| (i, id)))
    };
    let mut out = Vec::new();
    for (i, step) in fw.steps.iter().enumerate() {
        let (mut total, mut covered) = (0.0f32, 0.0f32);
        let mut missing: Vec<&ComponentCheck> = Vec::new();
        for c in components.iter().filter(|c| position(&c.kind).is_some_and(|(p, _)| p == i)) {
            let w = if c.crux { CRUX_WEIGHT } else { 1.0 };
            total += w;
            if c.covered {
                covered += w;
            } else {
                missing.push(c);
            }
        }
        for c in connections {
            let later = match (position(&c.from), position(&c.to)) {
                (Some((a, _)), Some((b, _))) => a.max(b),
                (Some((a, _)), None) | (None, Some((a, _))) => a,
                (None, None) => continue,
            };
            if later == i {
                total += 1.0;
                if c.covered {
                    covered += 1.0;
                }
            }
        }
        if total > 0.0 {
            missing.sort_by_key(|c| !c.crux);
            out.push(StepCoverage {
                step: step.id.clone(),
                percent: 100.0 * covered / total,
                missing: missing.iter().map(|c| c.kind.clone()).collect(),
            });
        }
    }
    out
}

/// (steps without a stage box, steps whose stage box has no component attached), 0-based.
fn stage_gaps(board: &Board) -> (Vec<usize>, Vec<usize>) {
    let steps = frameworks::step_count(&board.framework);
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

/// The review of a board against one template.
pub fn review_template(board: &Board, t: &Template) -> ReviewRecord {
    review(board, &t.reference, &t.review)
}

/// The built-in template of a board, when it has one with a reference (not a blank board).
pub fn template_of(board: &Board) -> Option<&'static Template> {
    let t = templates::find(board.template.as_deref()?)?;
    (!t.reference.nodes.is_empty()).then_some(t)
}

/// The review of a board against its template's reference; `None` when the board has no
/// built-in template or the template has no reference (the blank boards).
pub fn review_of(board: &Board) -> Option<ReviewRecord> {
    template_of(board).map(|t| review_template(board, t))
}

/// A review to show for a board, and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ShownReview {
    /// Made under the current rules: the stored one, or computed now when none was stored.
    Current(ReviewRecord),
    /// The stored review was made under older rules; this one is computed now. `was` is the
    /// stored headline, to show beside the new one.
    Recomputed {
        /// The review under the current rules.
        now: ReviewRecord,
        /// The stored coverage, 0–100.
        was: f32,
        /// The rules version of the stored review.
        was_rules: u32,
    },
    /// The stored review, made under older rules, which cannot be recomputed because the board's
    /// template is not built in (a user template, or one this build lacks).
    AsStored(ReviewRecord),
}

impl ShownReview {
    /// The record to show.
    pub fn record(&self) -> &ReviewRecord {
        match self {
            Self::Current(r) | Self::AsStored(r) | Self::Recomputed { now: r, .. } => r,
        }
    }
}

/// The review to show for a board: its stored review when that was made under the current
/// rules; recomputed when it was made under older ones and the template is built in; as stored
/// otherwise; computed now when none is stored. `None` when there is neither a stored review nor
/// a reference to compute one. Never drops a stored review silently.
pub fn stored_or_recomputed(board: &Board) -> Option<ShownReview> {
    let stored = board.session.review.as_ref();
    match (stored, review_of(board)) {
        (Some(s), _) if s.rules >= RULES_VERSION => Some(ShownReview::Current(s.clone())),
        (Some(s), Some(now)) => {
            Some(ShownReview::Recomputed { now, was: s.coverage_percent, was_rules: s.rules })
        }
        (Some(s), None) => Some(ShownReview::AsStored(s.clone())),
        (None, now) => now.map(ShownReview::Current),
    }
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

/// The kinds on a board: the kind of every component box, and the kind its label clearly names
/// ([`label_kind`]); notes and stage boxes none. What interviewer rules and rubric evidence look
/// at.
pub fn kinds_on(board: &Board) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in &board.nodes {
        if let NodeKind::Component(k) = &n.kind {
            out.push(k.clone());
            out.extend(label_kind(n).map(str::to_owned));
        }
    }
    out.sort();
    out.dedup();
    out
}
