//! Practice review: coverage against a template's reference, stage boxes without components,
//! replay of the session log, the practice log, and `mlsd-board review`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use mlsd_board::board::record::{LogEntry, ReviewRecord, SessionRecord, Snapshot, StepRecord};
use mlsd_board::board::{ArrowStyle, Board, Command, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::schema::Sketch;
use mlsd_board::content::templates;
use mlsd_board::file::format;
use mlsd_board::practice::log::{self, PracticeRecord, StepTime};
use mlsd_board::practice::replay::{self, Replay};
use mlsd_board::practice::review::{self, kinds_named_by, node_kinds};
use proptest::prelude::*;
use std::collections::HashSet;

// ---------------------------------------------------------------------------------------------
// Helpers

fn node(id: u64, kind: NodeKind, label: &str, x: f32, y: f32) -> Node {
    Node {
        id: NodeId(id),
        kind,
        label: label.to_owned(),
        pos: Point::new(x, y),
        size: Size::new(180.0, 64.0),
        color: None,
    }
}

fn comp(id: u64, kind: &str, label: &str) -> Node {
    node(id, NodeKind::Component(kind.to_owned()), label, 300.0, id as f32 * 100.0)
}

fn note(id: u64, label: &str) -> Node {
    node(id, NodeKind::Note, label, 300.0, id as f32 * 100.0)
}

fn stage(n: u8) -> Node {
    let mut s = node(u64::from(n), NodeKind::Stage(n), "stage", 0.0, f32::from(n - 1) * 110.0);
    s.size = Size::new(220.0, 72.0);
    s
}

fn edge(id: u64, from: u64, to: u64, style: ArrowStyle) -> Edge {
    Edge {
        id: EdgeId(id),
        from: NodeId(from),
        to: NodeId(to),
        label: String::new(),
        style,
        route: Default::default(),
    }
}

fn board(nodes: Vec<Node>, edges: Vec<Edge>) -> Board {
    let mut b = Board::new("Test board");
    b.nodes = nodes;
    b.edges = edges;
    b.reindex();
    b.next_id = 1000;
    b
}

/// A small reference: client → api_gateway → heavy_ranker, with a note and a stage box that do
/// not count.
fn reference() -> Sketch {
    Sketch {
        nodes: vec![
            comp(1, "client", "User"),
            comp(2, "api_gateway", "Gateway"),
            comp(3, "heavy_ranker", "Ranker"),
            comp(4, "heavy_ranker", "Second ranker of the same kind"),
            note(5, "A note in the reference is not an item"),
            stage(1),
        ],
        edges: vec![
            edge(101, 1, 2, ArrowStyle::OneWay),
            edge(102, 2, 3, ArrowStyle::OneWay),
            edge(103, 2, 4, ArrowStyle::OneWay), // the same kinds again: one item
            edge(104, 5, 1, ArrowStyle::OneWay), // from a note: not an item
        ],
    }
}

fn check(rec: &ReviewRecord, kind: &str) -> bool {
    rec.components.iter().find(|c| c.kind == kind).unwrap_or_else(|| panic!("{kind} is an item")).covered
}

fn connection(rec: &ReviewRecord, from: &str, to: &str) -> bool {
    rec.connections
        .iter()
        .find(|c| c.from == from && c.to == to)
        .unwrap_or_else(|| panic!("{from} → {to} is an item"))
        .covered
}

// ---------------------------------------------------------------------------------------------
// Naming kinds in labels

#[test]
fn labels_name_kinds_by_whole_words_case_insensitively() {
    assert!(kinds_named_by("Kafka topic").contains(&"event_stream"));
    assert!(kinds_named_by("KAFKA").contains(&"event_stream"));
    assert!(kinds_named_by("clicks → kafka → flink").contains(&"stream_processing"));
    assert_eq!(kinds_named_by("Feature store"), vec!["feature_store"]);
    // A plural of the last word still names the kind.
    assert!(kinds_named_by("Kafka topics and feature stores").contains(&"feature_store"));
    // "ranker" is no word of "prerankers" …
    let pre = kinds_named_by("prerankers");
    assert!(!pre.contains(&"heavy_ranker") && !pre.contains(&"light_ranker"), "{pre:?}");
    // … but "pre-rankers" is the light ranker's synonym "pre-ranker", and only that.
    assert_eq!(kinds_named_by("Pre-rankers"), vec!["light_ranker"]);
    // A longer name wins over a shorter one inside it.
    assert_eq!(kinds_named_by("Light ranker"), vec!["light_ranker"]);
    assert_eq!(kinds_named_by("Redis cache"), vec!["cache"]);
    assert_eq!(kinds_named_by("heavy ranker"), vec!["heavy_ranker"]);
    // Words inside other words never match: "kafkaesque", "sqlite", "ads" inside "loads".
    assert!(kinds_named_by("kafkaesque sqlite loads").is_empty());
    assert!(kinds_named_by("").is_empty());
    assert!(kinds_named_by("  —  ").is_empty());
}

#[test]
fn node_kinds_are_the_own_kind_then_the_named_ones_and_none_for_stages() {
    assert_eq!(node_kinds(&comp(1, "kv_store", "Feature store (Redis)")), vec!["kv_store", "feature_store"]);
    assert_eq!(node_kinds(&comp(1, "kv_store", "Key-value store")), vec!["kv_store"]);
    assert_eq!(node_kinds(&note(1, "Kafka")), vec!["event_stream"]);
    assert!(node_kinds(&note(1, "remember latency")).is_empty());
    let mut s = stage(1);
    s.label = "Kafka".to_owned();
    assert!(node_kinds(&s).is_empty(), "stage labels name nothing");
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[test]
fn exact_kind_covers_a_component_and_missing_kinds_are_listed() {
    let b = board(vec![comp(10, "client", "whatever label")], vec![]);
    let rec = review::review(&b, &reference());
    let kinds: Vec<&str> = rec.components.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["client", "api_gateway", "heavy_ranker"],
        "distinct kinds, notes and stages ignored"
    );
    assert!(check(&rec, "client"));
    assert!(!check(&rec, "api_gateway"));
    assert!(!check(&rec, "heavy_ranker"));
    assert_eq!(rec.connections.len(), 2, "edges of the same kinds count once; edges from notes not at all");
    assert!(rec.connections.iter().all(|c| !c.covered));
    // 1 of 3 components + 0 of 2 connections.
    assert!((rec.coverage_percent - 20.0).abs() < 1e-4, "{}", rec.coverage_percent);
}

#[test]
fn a_synonym_in_a_note_or_component_label_covers_a_kind() {
    let b = board(
        vec![note(10, "mobile app"), comp(11, "app_server", "Backend"), note(12, "Ranking model")],
        vec![],
    );
    let rec = review::review(&b, &reference());
    assert!(check(&rec, "client"), "\"mobile app\" is a synonym of client");
    assert!(check(&rec, "api_gateway"), "\"backend\" is a synonym of api_gateway");
    assert!(check(&rec, "heavy_ranker"), "\"ranking model\" is a synonym of heavy_ranker");
}

#[test]
fn a_label_that_only_contains_a_name_inside_a_word_does_not_cover() {
    let b = board(vec![note(10, "prerankers"), note(11, "apps"), note(12, "gatewayish thing")], vec![]);
    let rec = review::review(&b, &reference());
    assert!(!check(&rec, "heavy_ranker"));
    assert!(check(&rec, "client"), "a plural of a synonym (\"apps\") does name the client");
    assert!(!check(&rec, "api_gateway"));
}

#[test]
fn connections_follow_the_direction_of_arrows() {
    // client → api_gateway drawn backwards; api_gateway → heavy_ranker drawn the right way.
    let b = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", ""), comp(12, "heavy_ranker", "")],
        vec![edge(20, 11, 10, ArrowStyle::OneWay), edge(21, 11, 12, ArrowStyle::OneWay)],
    );
    let rec = review::review(&b, &reference());
    assert!(!connection(&rec, "client", "api_gateway"), "a reversed arrow does not count");
    assert!(connection(&rec, "api_gateway", "heavy_ranker"));
    assert!((rec.coverage_percent - 80.0).abs() < 1e-4, "3 + 1 of 5: {}", rec.coverage_percent);

    let missing = review::missing_edges(&reference(), &rec);
    assert_eq!(missing, HashSet::from([EdgeId(101)]));
    assert!(review::missing_nodes(&reference(), &rec).is_empty());
}

#[test]
fn a_two_way_or_plain_user_edge_counts_both_ways() {
    for style in [ArrowStyle::TwoWay, ArrowStyle::None] {
        let b = board(
            vec![comp(10, "client", ""), comp(11, "api_gateway", ""), note(12, "ranker")],
            vec![edge(20, 11, 10, style), edge(21, 12, 11, style)],
        );
        let rec = review::review(&b, &reference());
        assert!(connection(&rec, "client", "api_gateway"), "{style:?}");
        assert!(connection(&rec, "api_gateway", "heavy_ranker"), "{style:?}: a note naming the kind counts");
        assert_eq!(rec.coverage_percent, 100.0);
    }
}

#[test]
fn a_two_way_reference_edge_is_covered_by_an_arrow_either_way() {
    let reference = Sketch {
        nodes: vec![comp(1, "client", ""), comp(2, "api_gateway", "")],
        edges: vec![edge(101, 1, 2, ArrowStyle::TwoWay)],
    };
    let b = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", "")],
        vec![edge(20, 11, 10, ArrowStyle::OneWay)],
    );
    assert!(connection(&review::review(&b, &reference), "client", "api_gateway"));
}

#[test]
fn coverage_arithmetic_and_empty_cases_never_give_nan() {
    // 3 components + 2 connections; cover 2 components and 1 connection: 60%.
    let b = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", "")],
        vec![edge(20, 10, 11, ArrowStyle::OneWay)],
    );
    let rec = review::review(&b, &reference());
    assert!((rec.coverage_percent - 60.0).abs() < 1e-4, "{}", rec.coverage_percent);
    let missing = review::missing_nodes(&reference(), &rec);
    assert_eq!(missing, HashSet::from([NodeId(3), NodeId(4)]));
    assert_eq!(review::missing_edges(&reference(), &rec), HashSet::from([EdgeId(102), EdgeId(103)]));

    let empty = review::review(&b, &Sketch::default());
    assert_eq!(empty.coverage_percent, 0.0);
    assert!(empty.components.is_empty() && empty.connections.is_empty());
    let nothing = review::review(&Board::new("empty"), &reference());
    assert_eq!(nothing.coverage_percent, 0.0);

    for t in templates::builtin().iter().filter(|t| !templates::is_blank(t)) {
        let full = review::review(&templates::reference_board(t), &t.reference);
        assert_eq!(full.coverage_percent, 100.0, "{}: the reference covers itself", t.id);
        assert!(review::missing_nodes(&t.reference, &full).is_empty());
        assert!(review::missing_edges(&t.reference, &full).is_empty());
    }
}

#[test]
fn review_of_needs_a_template_with_a_reference() {
    let blank = templates::new_board(templates::find("blank-ml").expect("blank"));
    assert!(review::review_of(&blank).is_none(), "blank boards have no reference");
    assert!(review::review_of(&Board::new("no template")).is_none());
    let mut unknown = Board::new("unknown");
    unknown.template = Some("no-such-case".to_owned());
    assert!(review::review_of(&unknown).is_none());

    let t = templates::find("visual-search").expect("case");
    let start = templates::new_board(t);
    let rec = review::review_of(&start).expect("a case has a reference");
    assert_eq!(rec.coverage_percent, 0.0);
    assert!(!rec.components.is_empty() && rec.components.iter().all(|c| !c.covered));
    assert!(rec.steps_without_stage_box.is_empty(), "the start board has every stage box");
    assert_eq!(rec.steps_without_components, (0..7).collect::<Vec<_>>(), "and nothing attached");
    let missing = review::missing_nodes(&t.reference, &rec);
    let components = t.reference.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Component(_))).count();
    assert_eq!(missing.len(), components);
}

// ---------------------------------------------------------------------------------------------
// Stage boxes

#[test]
fn steps_without_stage_box_or_components_follow_the_lane_and_edge_rules() {
    // Stages 1–6 in the starting column (stage 7 is missing); components:
    // - 20 in stage 2's lane (centre right of the box, between stage 2's and stage 3's tops);
    // - 21 left of the column at stage 3's height: not in a lane;
    // - 22 far away, joined to stage 5 by an edge drawn from the component;
    // - 23 far below the last stage box: in stage 6's lane;
    // - 24 a note in stage 4's lane: notes are not components.
    let mut nodes: Vec<Node> = (1..=6).map(stage).collect();
    nodes.push(node(20, NodeKind::Component("client".into()), "", 400.0, 120.0));
    nodes.push(node(21, NodeKind::Component("client".into()), "", -400.0, 230.0));
    nodes.push(node(22, NodeKind::Component("client".into()), "", 5000.0, -3000.0));
    nodes.push(node(23, NodeKind::Component("client".into()), "", 300.0, 2000.0));
    nodes.push(node(24, NodeKind::Note, "", 300.0, 340.0));
    let b = board(nodes, vec![edge(30, 22, 5, ArrowStyle::OneWay)]);
    let rec = review::review(&b, &reference());
    assert_eq!(rec.steps_without_stage_box, vec![6]);
    assert_eq!(rec.steps_without_components, vec![0, 2, 3]);

    // The lane ends at the next box's top: a centre exactly there belongs to the next step.
    let mut nodes: Vec<Node> = (1..=7).map(stage).collect();
    let mut c = node(20, NodeKind::Component("client".into()), "", 400.0, 0.0);
    c.pos.y = 110.0 - c.size.h / 2.0; // centre at y = 110: stage 2's top
    nodes.push(c);
    let rec = review::review(&board(nodes, vec![]), &reference());
    assert_eq!(rec.steps_without_components, vec![0, 2, 3, 4, 5, 6]);

    // An edge from the stage box to a component, in either direction, attaches it.
    let mut nodes: Vec<Node> = (1..=7).map(stage).collect();
    nodes.push(node(20, NodeKind::Component("client".into()), "", -900.0, -900.0));
    let rec = review::review(&board(nodes, vec![edge(30, 1, 20, ArrowStyle::None)]), &reference());
    assert_eq!(rec.steps_without_components, vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn the_report_lists_coverage_items_stages_and_pacing() {
    let t = templates::find("visual-search").expect("case");
    let mut b = templates::new_board(t);
    b.nodes.push(node(50, NodeKind::Component("client".into()), "Users", 400.0, 0.0));
    b.session.step_mut("clarify").used_ms = 7 * 60_000 + 5_000;
    let rec = review::review_of(&b).expect("reference");
    let text = review::report(&b, &rec);
    assert!(text.contains("Coverage: "), "{text}");
    assert!(text.contains("Client / user"), "covered components by catalogue name: {text}");
    assert!(text.contains("ANN / vector index"), "missing components by catalogue name: {text}");
    assert!(text.contains("API gateway → Text / image / video preprocessing"), "{text}");
    assert!(text.contains("steps without components: 2 Frame"), "{text}");
    let clarify = text.lines().find(|l| l.contains("1 Clarify")).expect("a pacing row per step");
    assert!(
        clarify.contains("5 min") && clarify.contains("7:05") && clarify.contains("2:05 over"),
        "{clarify}"
    );
    assert!(text.lines().any(|l| l.trim_start().starts_with("total")), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Replay

/// One random step of a session: what to do and with which numbers.
#[derive(Clone, Debug)]
struct Op {
    what: u8,
    a: u16,
    b: u16,
    dx: i16,
    dy: i16,
    gap_ms: u64,
}

fn op() -> impl Strategy<Value = Op> {
    (0u8..8, any::<u16>(), any::<u16>(), -300i16..300, -300i16..300, 1u64..15_000)
        .prop_map(|(what, a, b, dx, dy, gap_ms)| Op { what, a, b, dx, dy, gap_ms })
}

/// A valid command for `board` from `op`, or `None` when the op does not fit (e.g. moving with
/// no nodes). `last_inverse` is the inverse of the previous command (an undo).
fn command_for(board: &mut Board, op: &Op, last_inverse: &Option<Command>) -> Option<Command> {
    let pick = |n: usize, k: u16| usize::from(k) % n;
    let ids: Vec<NodeId> = board.nodes.iter().map(|n| n.id).collect();
    match op.what {
        0 | 1 => {
            let id = NodeId(board.fresh_id());
            let kind = match op.a % 3 {
                0 => NodeKind::Component("cache".to_owned()),
                1 => NodeKind::Note,
                _ => NodeKind::Stage(1 + (op.a % 7) as u8),
            };
            let n =
                node(id.0, kind, &format!("node {}", op.b), f32::from(op.dx) * 3.0, f32::from(op.dy) * 3.0);
            Some(Command::Add { nodes: vec![n], edges: vec![] })
        }
        2 if !ids.is_empty() => Some(Command::Move {
            ids: vec![ids[pick(ids.len(), op.a)]],
            delta: Point::new(f32::from(op.dx) * 0.7, f32::from(op.dy) * 1.3),
        }),
        3 if !ids.is_empty() => Some(Command::RelabelNode {
            id: ids[pick(ids.len(), op.a)],
            label: format!("relabelled {}", op.b),
        }),
        4 if !ids.is_empty() => {
            if op.b % 2 == 1 && !board.edges.is_empty() {
                let e = board.edges[pick(board.edges.len(), op.b)].id;
                Some(Command::Delete { nodes: vec![], edges: vec![e] })
            } else {
                Some(Command::Delete { nodes: vec![ids[pick(ids.len(), op.a)]], edges: vec![] })
            }
        }
        5 if ids.len() >= 2 => {
            let from = ids[pick(ids.len(), op.a)];
            let to = ids[pick(ids.len(), op.b)];
            if from == to {
                return None;
            }
            let style = [ArrowStyle::OneWay, ArrowStyle::TwoWay, ArrowStyle::None][usize::from(op.b % 3)];
            let id = EdgeId(board.fresh_id());
            Some(Command::Add {
                nodes: vec![],
                edges: vec![Edge { id, from, to, label: String::new(), style, route: Default::default() }],
            })
        }
        6 => Some(Command::SetNotes { step: "clarify".to_owned(), notes: format!("notes {}", op.b) }),
        7 => last_inverse.clone(),
        _ => None,
    }
}

/// Plays `ops` on `start`, logging every applied command through `compact_push`. Returns the
/// board (with its session log) and, per applied command, its time and the nodes and edges after
/// it.
fn play(start: Board, ops: &[Op]) -> (Board, Vec<(u64, Snapshot)>) {
    let mut b = start;
    b.session.replay_base = Some(replay::snapshot(&b));
    let mut t = 0;
    let mut after = Vec::new();
    let mut last_inverse: Option<Command> = None;
    for op in ops {
        let Some(cmd) = command_for(&mut b, op, &last_inverse) else { continue };
        let inverse = cmd.apply(&mut b).expect("the generated command is valid");
        t += op.gap_ms;
        let step = usize::from(op.a % 7);
        replay::compact_push(&mut b.session.log, LogEntry { at_ms: t, step, cmd });
        last_inverse = Some(inverse);
        after.push((t, replay::snapshot(&b)));
    }
    (b, after)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn replay_rebuilds_the_board_at_every_moment(ops in prop::collection::vec(op(), 0..80)) {
        let start = board(vec![comp(10, "client", "start"), stage(1)], vec![]);
        let base = replay::snapshot(&start);
        let (b, after) = play(start, &ops);
        for every in [1, 3, 64] {
            let r = Replay::with_checkpoints_every(&b.session, every).expect("a base");
            let end = r.board_at(r.duration_ms());
            prop_assert_eq!(&end.nodes, &b.nodes);
            prop_assert_eq!(&end.edges, &b.edges);
            prop_assert_eq!(r.board_at(u64::MAX), replay::snapshot(&b));
            prop_assert_eq!(r.board_at(0), base.clone(), "nothing happened at 0 ms");
            for (t, snap) in &after {
                prop_assert_eq!(&r.board_at(*t), snap);
                prop_assert_eq!(&r.board_at(t - 1), &if *t == after[0].0 { base.clone() } else {
                    after.iter().rev().find(|(u, _)| u < t).map(|(_, s)| s.clone()).expect("earlier")
                });
            }
        }
        let r = Replay::new(&b.session).expect("a base");
        prop_assert_eq!(r.board_at(r.duration_ms()), replay::snapshot(&b));
        // Replays survive saving the board.
        let loaded = format::parse_str(&format::to_string(&b).expect("text")).expect("loads").board;
        let r = Replay::new(&loaded.session).expect("a base");
        prop_assert_eq!(r.board_at(r.duration_ms()), replay::snapshot(&b));
    }
}

#[test]
fn replay_needs_a_base_skips_bad_entries_and_knows_the_step() {
    assert!(Replay::new(&SessionRecord::default()).is_none());

    let mut s = SessionRecord {
        replay_base: Some(Snapshot { nodes: vec![comp(1, "client", "")], edges: vec![] }),
        ..SessionRecord::default()
    };
    let mv = |id: u64, x: f32| Command::Move { ids: vec![NodeId(id)], delta: Point::new(x, 0.0) };
    s.log = vec![
        LogEntry { at_ms: 1_000, step: 0, cmd: mv(1, 10.0) },
        LogEntry { at_ms: 2_000, step: 1, cmd: mv(99, 10.0) }, // no node 99: skipped
        LogEntry { at_ms: 3_000, step: 2, cmd: Command::Delete { nodes: vec![NodeId(1)], edges: vec![] } },
        LogEntry { at_ms: 2_500, step: 3, cmd: mv(1, 5.0) }, // out of order, and the node is gone
    ];
    s.steps = vec![StepRecord { id: "clarify".into(), used_ms: 60_000, ..StepRecord::default() }];
    let r = Replay::with_checkpoints_every(&s, 1).expect("a base");
    assert_eq!(r.duration_ms(), 60_000, "the clock's total when later than the last entry");
    assert_eq!(r.step_at(999), None);
    assert_eq!(r.step_at(1_000), Some(0));
    assert_eq!(r.step_at(2_999), Some(1));
    assert_eq!(r.step_at(3_000), Some(3), "an entry logged out of order counts at its predecessor's time");
    assert_eq!(r.board_at(1_500).nodes[0].pos.x, 310.0);
    assert_eq!(r.board_at(2_000).nodes[0].pos.x, 310.0, "the bad entry changed nothing");
    assert!(r.board_at(3_000).nodes.is_empty());
    assert_eq!(r.applied_at(3_000), 4);
}

#[test]
fn compact_push_merges_typing_in_the_same_step_within_ten_seconds() {
    let notes = |step: &str, text: &str| Command::SetNotes { step: step.into(), notes: text.into() };
    let mut log = Vec::new();
    replay::compact_push(&mut log, LogEntry { at_ms: 1_000, step: 0, cmd: notes("clarify", "a") });
    replay::compact_push(&mut log, LogEntry { at_ms: 5_000, step: 0, cmd: notes("clarify", "ab") });
    replay::compact_push(&mut log, LogEntry { at_ms: 11_000, step: 0, cmd: notes("clarify", "abc") });
    assert_eq!(log, vec![LogEntry { at_ms: 1_000, step: 0, cmd: notes("clarify", "abc") }]);
    // Past the window from the kept (older) time: a new entry.
    replay::compact_push(&mut log, LogEntry { at_ms: 11_001, step: 0, cmd: notes("clarify", "abcd") });
    assert_eq!(log.len(), 2);
    // Another step's notes, another current step, another kind of edit: new entries.
    replay::compact_push(&mut log, LogEntry { at_ms: 11_002, step: 0, cmd: notes("frame", "x") });
    replay::compact_push(&mut log, LogEntry { at_ms: 11_003, step: 1, cmd: notes("frame", "xy") });
    let budget = |m| Command::SetBudget { step: "frame".into(), minutes: Some(m) };
    replay::compact_push(&mut log, LogEntry { at_ms: 11_004, step: 1, cmd: budget(1) });
    replay::compact_push(&mut log, LogEntry { at_ms: 11_005, step: 1, cmd: budget(12) });
    replay::compact_push(&mut log, LogEntry { at_ms: 11_006, step: 1, cmd: Command::SetProblem("P".into()) });
    replay::compact_push(
        &mut log,
        LogEntry { at_ms: 11_007, step: 1, cmd: Command::SetProblem("Pr".into()) },
    );
    let mv = Command::Move { ids: vec![NodeId(1)], delta: Point::new(1.0, 0.0) };
    replay::compact_push(&mut log, LogEntry { at_ms: 11_008, step: 1, cmd: mv.clone() });
    replay::compact_push(&mut log, LogEntry { at_ms: 11_009, step: 1, cmd: mv });
    let cmds: Vec<&Command> = log.iter().map(|e| &e.cmd).collect();
    assert_eq!(log.len(), 8, "{cmds:?}");
    assert_eq!(log[4].cmd, budget(12));
    assert_eq!(log[5].cmd, Command::SetProblem("Pr".into()));
}

/// A simulated 45-minute session: ~2,000 adds and moves, 5,000 note keystrokes in bursts.
fn long_session() -> Board {
    let t = templates::find("visual-search").expect("case");
    let mut b = templates::new_board(t);
    b.session.replay_base = Some(replay::snapshot(&b));
    let steps: Vec<String> = mlsd_board::practice::steps::steps(&b).into_iter().map(|s| s.id).collect();
    let mut t_ms = 0;
    let mut log = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut added: Vec<NodeId> = Vec::new();
    let rounds = 250;
    for round in 0..rounds {
        let step = round * steps.len() / rounds;
        for k in 0..8 {
            t_ms += 800;
            let cmd = if k % 3 == 0 || added.is_empty() {
                let id = NodeId(b.fresh_id());
                added.push(id);
                let n = node(
                    id.0,
                    NodeKind::Component("feature_store".into()),
                    "Feature store",
                    (rand() % 2000) as f32,
                    (rand() % 2000) as f32,
                );
                Command::Add { nodes: vec![n], edges: vec![] }
            } else {
                let id = added[(rand() as usize) % added.len()];
                Command::Move { ids: vec![id], delta: Point::new(13.5, -7.25) }
            };
            cmd.apply(&mut b).expect("valid");
            replay::compact_push(&mut log, LogEntry { at_ms: t_ms, step, cmd });
        }
        for k in 0..20 {
            t_ms += 180;
            let mut text = b.session.step(&steps[step]).map(|s| s.notes.clone()).unwrap_or_default();
            text.push(if k == 19 { '\n' } else { (b'a' + (rand() % 26) as u8) as char });
            let cmd = Command::SetNotes { step: steps[step].clone(), notes: text };
            cmd.apply(&mut b).expect("valid");
            replay::compact_push(&mut log, LogEntry { at_ms: t_ms, step, cmd });
        }
        b.session.step_mut(&steps[step]).used_ms = t_ms; // roughly; only the total matters
    }
    b.session.log = log;
    b
}

#[test]
fn a_45_minute_session_stays_well_under_a_megabyte_and_replays_fast() {
    let b = long_session();
    let text = format::to_string(&b).expect("text");
    let size = text.len();
    eprintln!("45-minute session: {} log entries, {size} bytes", b.session.log.len());
    assert!(size < 600_000, "the board file is {size} bytes");

    let loaded = format::parse_str(&text).expect("loads").board;
    let start = std::time::Instant::now();
    let r = Replay::new(&loaded.session).expect("a base");
    assert_eq!(r.board_at(r.duration_ms()), replay::snapshot(&b));
    let built = start.elapsed();
    let start = std::time::Instant::now();
    let n = 200;
    for i in 0..n {
        let t = r.duration_ms() * i / n;
        let s = r.board_at(t);
        assert!(s.nodes.len() >= 7);
    }
    let per_frame = start.elapsed() / n as u32;
    eprintln!("replay built in {built:?}; board_at takes {per_frame:?} on average");
    // Generous, for a debug build on a busy machine: a frame at 60 Hz is 16 ms.
    assert!(per_frame < std::time::Duration::from_millis(40), "board_at takes {per_frame:?}");
}

// ---------------------------------------------------------------------------------------------
// Practice log

fn record(date: u64, case: Option<&str>, coverage: Option<f32>, used: &[(&str, u32, u64)]) -> PracticeRecord {
    PracticeRecord {
        date,
        case: case.map(str::to_owned),
        framework: "ml-system-design".to_owned(),
        total_ms: used.iter().map(|s| s.2).sum(),
        steps: used
            .iter()
            .map(|&(id, budget_min, used_ms)| StepTime { id: id.to_owned(), budget_min, used_ms })
            .collect(),
        checklist_done: 3,
        checklist_total: 10,
        coverage_percent: coverage,
    }
}

#[test]
fn the_practice_log_appends_reloads_and_survives_a_restart() {
    let home = tempfile::tempdir().expect("temp dir");
    let paths = mlsd_board::file::paths::Paths::under(home.path().to_owned());
    let path = log::log_path(&paths);
    assert!(path.starts_with(&paths.data_dir) && path.ends_with("practice-log.ron"));
    assert_eq!(log::load(&path), log::LoadedLog::default(), "a missing file is empty");

    let a = record(1_767_225_600, Some("visual-search"), Some(2.0 / 3.0 * 100.0), &[("clarify", 5, 301_234)]);
    let b = record(1_767_312_000, None, None, &[("clarify", 5, 0), ("frame", 5, 42)]);
    log::append(&path, &a).expect("append creates the folder");
    log::append(&path, &b).expect("append");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.lines().count(), 2, "one record per line: {text}");
    assert!(text.lines().all(|l| l.starts_with("Session(")), "{text}");
    let loaded = log::load(&path);
    assert_eq!(loaded.records, vec![a.clone(), b.clone()]);
    assert_eq!((loaded.skipped_lines, loaded.problem), (0, None));

    // A damaged line in the middle and a truncated last line (a crash half-way through a write).
    let line_b = log::to_line(&b).expect("line");
    let damaged = format!(
        "{}\nSession(date: \"yesterday\"\n\x00\u{fffd}garbage\n{}\n{}",
        log::to_line(&a).unwrap(),
        line_b,
        &line_b[..line_b.len() / 2]
    );
    std::fs::write(&path, damaged).expect("write");
    let loaded = log::load(&path);
    assert_eq!(loaded.records, vec![a.clone(), b.clone()]);
    assert_eq!(loaded.skipped_lines, 3);

    // Appending after a truncated line starts a new line, so the new record is not lost.
    let c = record(1_767_400_000, Some("news-feed"), Some(50.0), &[]);
    log::append(&path, &c).expect("append");
    // A "restart": a fresh load of the same file.
    let loaded = log::load(&path);
    assert_eq!(loaded.records, vec![a, b, c]);
    assert_eq!(loaded.skipped_lines, 3);

    // Invalid UTF-8 on a line costs that line only.
    let mut bytes = std::fs::read(&path).expect("read");
    bytes.extend_from_slice(b"\xff\xfe\n");
    std::fs::write(&path, &bytes).expect("write");
    assert_eq!(log::load(&path).records.len(), 3);
    assert_eq!(log::load(&path).skipped_lines, 4);
}

#[test]
fn an_oversized_practice_log_is_refused_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("practice-log.ron");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(log::MAX_LOG_BYTES + 1).expect("sparse file");
    let loaded = log::load(&path);
    assert!(loaded.records.is_empty());
    let problem = loaded.problem.expect("a problem");
    assert!(problem.contains("practice-log.ron") && problem.contains("MiB"), "{problem}");
}

#[test]
fn record_of_a_finished_board() {
    let t = templates::find("visual-search").expect("case");
    let mut b = templates::new_board(t);
    let steps = mlsd_board::practice::steps::steps(&b);
    b.session.step_mut("clarify").used_ms = 360_000;
    b.session.step_mut("frame").used_ms = 1_000;
    b.session.step_mut("clarify").ticked.push(steps[0].checklist[0].text.clone());
    let r = log::record_of(&b, 1_767_225_600);
    assert_eq!(r.date, 1_767_225_600);
    assert_eq!(r.case.as_deref(), Some("visual-search"));
    assert_eq!(r.framework, "ml-system-design");
    assert_eq!(r.total_ms, 361_000);
    assert_eq!(r.steps.len(), steps.len());
    assert_eq!(
        r.steps[0],
        StepTime { id: "clarify".into(), budget_min: steps[0].budget_min, used_ms: 360_000 }
    );
    assert_eq!(r.checklist_done, 1);
    assert_eq!(r.checklist_total, steps.iter().map(|s| s.checklist.len()).sum::<usize>());
    assert_eq!(r.coverage_percent, Some(0.0));
    assert_eq!(r.over_under_ms("clarify"), Some(360_000 - i64::from(steps[0].budget_min) * 60_000));

    let blank = log::record_of(&templates::new_board(templates::find("blank-ml").unwrap()), 5);
    assert_eq!(blank.coverage_percent, None);
}

#[test]
fn practice_statistics() {
    let day = 86_400;
    let now = 100 * day;
    let records = vec![
        record(
            now - 40 * day,
            Some("visual-search"),
            Some(40.0),
            &[("clarify", 5, 420_000), ("frame", 5, 0)],
        ),
        record(
            now - 2 * day,
            Some("visual-search"),
            Some(70.0),
            &[("clarify", 5, 360_000), ("frame", 5, 240_000)],
        ),
        record(now - 10 * day, Some("news-feed"), Some(55.5), &[("clarify", 5, 240_000)]),
        record(now - day, Some("news-feed"), None, &[]),
        record(now, None, Some(99.0), &[("model", 10, 600_000)]),
    ];
    let best = log::best_coverage_per_case(&records);
    assert_eq!(
        best.into_iter().collect::<Vec<_>>(),
        vec![("news-feed".into(), 55.5), ("visual-search".into(), 70.0)]
    );

    // clarify: +120 s, +60 s, -60 s → +40 s; frame: only the session that used it, -60 s.
    let avg = log::average_over_under_per_step(&records);
    assert_eq!(avg, vec![("clarify".into(), 40_000), ("frame".into(), -60_000), ("model".into(), 0)]);

    let cases = ["visual-search", "news-feed", "proximity-alerts", "ad-click-prediction"];
    assert_eq!(log::never_practised(&records, &cases), vec!["proximity-alerts", "ad-click-prediction"]);
    assert!(log::never_practised(&[], &cases).len() == 4);

    let w = log::surprise_weights(&records, &cases, now);
    let weight = |id: &str| w.iter().find(|(c, _)| c == id).expect("weighted").1;
    assert!(weight("proximity-alerts") > weight("news-feed"));
    assert_eq!(weight("proximity-alerts"), weight("ad-click-prediction"));
    assert!(weight("news-feed") > 0.0);
    assert!((weight("visual-search") - 3.0).abs() < 1e-9, "two days ago");
    assert!((weight("news-feed") - 2.0).abs() < 1e-9, "one day ago");
    // Picking with the whole unit range lands on each case in proportion.
    assert_eq!(log::pick(&w, 0.0), Some("visual-search"));
    assert_eq!(log::pick(&w, 0.999_999), Some("ad-click-prediction"));
    assert_eq!(log::pick(&[], 0.5), None);
}

#[test]
fn csv_export_has_a_header_a_row_per_record_and_quotes_what_needs_it() {
    let mut odd = record(0, Some("my, \"odd\"\ncase"), None, &[("frame", 5, 1)]);
    odd.framework = "system-design".into();
    let records =
        vec![record(1_767_225_600, Some("visual-search"), Some(66.666_67), &[("clarify", 5, 301_000)]), odd];
    let csv = log::to_csv(&records);
    assert!(csv.ends_with("\r\n"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "date,case,framework,total_ms,checklist_done,checklist_total,coverage_percent,\
         clarify_budget_min,clarify_used_ms,frame_budget_min,frame_used_ms"
    );
    assert_eq!(lines[1], "2026-01-01T00:00:00Z,visual-search,ml-system-design,301000,3,10,66.7,5,301000,,");
    assert_eq!(lines[2], "1970-01-01T00:00:00Z,\"my, \"\"odd\"\"\ncase\",system-design,1,3,10,,,,5,1");
    assert_eq!(lines.len(), 4, "header, two rows (one with a quoted line break), and the final empty part");
    assert_eq!(
        log::to_csv(&[]),
        "date,case,framework,total_ms,checklist_done,checklist_total,coverage_percent\r\n"
    );
    assert_eq!(log::iso_date(951_782_400 + 86_399), "2000-02-29T23:59:59Z");
}

// ---------------------------------------------------------------------------------------------
// Command line

fn bin(args: &[&str], home: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
        .args(args)
        .env("MLSD_BOARD_HOME", home)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs")
}

#[test]
fn cli_review_prints_the_review_or_says_why_not() {
    let home = tempfile::tempdir().expect("temp dir");
    let case = home.path().join("case.ron");
    let c = case.to_string_lossy().into_owned();
    let out = bin(&["new", "--template", "visual-search", "-o", &c], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = bin(&["review", &c], home.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Coverage: 0%"), "{text}");
    assert!(
        text.contains("missing") && text.contains("ANN / vector index") && text.contains("Model registry"),
        "{text}"
    );
    assert!(text.contains("Pacing") && text.contains("Clarify"), "{text}");

    let blank = home.path().join("blank.ron");
    let p = blank.to_string_lossy().into_owned();
    assert_eq!(bin(&["new", "--template", "blank-ml", "-o", &p], home.path()).status.code(), Some(0));
    let out = bin(&["review", &p], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end(), format!("error: {p}: the board has no template reference to compare with"));
    assert!(out.stdout.is_empty());

    let bad = home.path().join("bad.ron");
    std::fs::write(&bad, "not a board at all").expect("write");
    let out = bin(&["review", &bad.to_string_lossy()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: ") && err.contains("bad.ron"), "{err}");
}
