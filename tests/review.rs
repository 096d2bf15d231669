//! Practice review: coverage against a template's reference (one kind per box, equivalents,
//! paths, extras, the crux, per step), stage boxes without components, replay of the session
//! log, the practice log, and `mlsd-board review`. The calibration boards and the property tests
//! of the score are in `tests/boards.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use common::run_in_home;
use mlsd_board::board::record::{LogEntry, ReviewRecord, SessionRecord, Snapshot, StepRecord};
use mlsd_board::board::{ArrowStyle, Board, Command, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::schema::{Alternative, ReviewSpec, Sketch};
use mlsd_board::content::templates;
use mlsd_board::file::format;
use mlsd_board::practice::log::{self, PracticeRecord, StepTime};
use mlsd_board::practice::replay::{self, Replay};
use mlsd_board::practice::review::{self, counted_kind, kinds_named_by, label_kind};
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

/// The review of `b` against [`reference`] with no crux, alternatives or optional kinds.
fn plain(b: &Board) -> ReviewRecord {
    review::review(b, &reference(), &ReviewSpec::default())
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

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-3
}

// ---------------------------------------------------------------------------------------------
// Naming kinds in labels

#[test]
fn labels_name_kinds_by_whole_words_with_plurals_and_endings_normalised() {
    assert!(kinds_named_by("Kafka topic").contains(&"event_stream"));
    assert!(kinds_named_by("KAFKA").contains(&"event_stream"));
    assert!(kinds_named_by("clicks → kafka → flink").contains(&"stream_processing"));
    assert_eq!(kinds_named_by("Feature store"), vec!["feature_store"]);
    // Plurals and -ing / -ed forms normalise, on any word.
    assert_eq!(kinds_named_by("Feature stores"), vec!["feature_store"]);
    assert_eq!(kinds_named_by("Kafka topics"), vec!["event_stream"]);
    assert_eq!(kinds_named_by("re-ranking"), vec!["re_ranker"]);
    assert_eq!(kinds_named_by("Indexing job"), vec!["workers"]);
    assert_eq!(kinds_named_by("Precomputed"), vec!["batch_prediction"]);
    assert_eq!(kinds_named_by("A/B tests"), vec!["ab_testing"]);
    // "ranker" is no word of "prerankers" …
    let pre = kinds_named_by("prerankers");
    assert!(!pre.contains(&"heavy_ranker") && !pre.contains(&"light_ranker"), "{pre:?}");
    // … but "pre-rankers" is the light ranker's synonym "pre-ranker", and only that.
    assert_eq!(kinds_named_by("Pre-rankers"), vec!["light_ranker"]);
    // A longer name wins over a shorter one inside it.
    assert_eq!(kinds_named_by("Light ranker"), vec!["light_ranker"]);
    assert_eq!(kinds_named_by("Light ranking"), vec!["light_ranker"]);
    assert_eq!(kinds_named_by("Redis cache"), vec!["cache"]);
    assert_eq!(kinds_named_by("Drift detector"), vec!["drift_detector"]);
    // Words inside other words never match: "kafkaesque", "sqlite", "ads" inside "loads".
    assert!(kinds_named_by("kafkaesque sqlite loads").is_empty());
    assert!(kinds_named_by("").is_empty());
    assert!(kinds_named_by("  —  ").is_empty());
}

#[test]
fn names_candidates_write_are_synonyms() {
    for (label, kind) in [
        ("HNSW", "ann_index"),
        ("FAISS", "ann_index"),
        ("ScaNN", "ann_index"),
        ("Milvus", "ann_index"),
        ("Pinecone", "ann_index"),
        ("Vector database", "ann_index"),
        ("Vector DB", "ann_index"),
        ("OpenSearch", "inverted_index"),
        ("Solr", "inverted_index"),
        ("BM25", "inverted_index"),
        ("GNN", "heavy_ranker"),
        ("GraphSAGE", "heavy_ranker"),
        ("DCN", "heavy_ranker"),
        ("DeepFM", "heavy_ranker"),
        ("Two-tower", "candidate_generation"),
        ("Faster R-CNN", "prediction_service"),
        ("Object detector", "prediction_service"),
        ("A/B testing", "ab_testing"),
        ("Auction", "re_ranker"),
        ("Moderators", "human_review"),
        ("Demote", "demotion"),
        ("Spark", "batch_etl"),
    ] {
        assert_eq!(kinds_named_by(label), vec![kind], "{label}");
    }
}

#[test]
fn over_broad_words_name_nothing() {
    for label in ["features", "service", "user", "users", "videos", "ads", "metrics", "scoring", "items"] {
        assert!(kinds_named_by(label).is_empty(), "{label:?} names {:?}", kinds_named_by(label));
    }
}

#[test]
fn a_box_counts_as_its_own_kind_unless_its_kind_has_no_place_and_its_label_clearly_names_one() {
    let r: Vec<String> = ["kv_store", "heavy_ranker", "client"].iter().map(|s| (*s).to_owned()).collect();
    let spec = ReviewSpec::default();
    let kind = |n: &Node| counted_kind(n, &r, &spec);
    // The palette kind wins when it fits the case, whatever the label says.
    assert_eq!(kind(&comp(1, "client", "User posts")).as_deref(), Some("client"));
    assert_eq!(kind(&comp(1, "heavy_ranker", "Ranker using watch history")).as_deref(), Some("heavy_ranker"));
    // A kind with no place in the case, labelled clearly as one that has: the label's kind.
    assert_eq!(kind(&comp(1, "prefix_index", "Redis cluster")).as_deref(), Some("kv_store"));
    // … but not a label that lists several names, nor one that only mentions a kind.
    assert_eq!(kind(&comp(1, "prefix_index", "Redis, DCN")).as_deref(), Some("prefix_index"));
    assert_eq!(
        kind(&comp(1, "prefix_index", "Redis holds the suggestions")).as_deref(),
        Some("prefix_index")
    );
    // A sensible addition keeps its kind too.
    assert_eq!(kind(&comp(1, "dashboards", "Redis")).as_deref(), Some("dashboards"));
    // Notes and stage boxes count as nothing.
    assert_eq!(kind(&note(1, "Redis")), None);
    let mut s = stage(1);
    s.label = "Redis".to_owned();
    assert_eq!(kind(&s), None);
    assert_eq!(label_kind(&comp(1, "app_server", "Feature store (Feast)")), Some("feature_store"));
    assert_eq!(label_kind(&comp(1, "app_server", "Application server")), None, "its own kind");
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[test]
fn exact_kind_covers_a_component_and_missing_kinds_are_listed() {
    let b = board(vec![comp(10, "client", "whatever label")], vec![]);
    let rec = plain(&b);
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
    // 1 of 3 components + 0 of 2 connections, no extras.
    assert!(close(rec.coverage_percent, 20.0), "{}", rec.coverage_percent);
    assert_eq!(rec.rules, review::RULES_VERSION);
}

#[test]
fn notes_and_stage_boxes_earn_nothing() {
    let everything = "Client, API gateway, heavy ranker, ranking model, mobile app, backend";
    let mut s = stage(1);
    s.label = everything.to_owned();
    let b = board(
        vec![note(10, everything), note(11, everything), s],
        vec![edge(20, 10, 11, ArrowStyle::TwoWay)],
    );
    let rec = plain(&b);
    assert_eq!(rec.coverage_percent, 0.0);
    assert!(rec.components.iter().all(|c| !c.covered) && rec.connections.iter().all(|c| !c.covered));
}

#[test]
fn a_box_covers_one_component_and_each_component_needs_its_own_box() {
    // A ranker box labelled with every name covers the ranker only.
    let b = board(vec![comp(10, "heavy_ranker", "client, api gateway, heavy ranker")], vec![]);
    let rec = plain(&b);
    assert!(check(&rec, "heavy_ranker") && !check(&rec, "client") && !check(&rec, "api_gateway"));
    // Two equivalent boxes (key-value store, cache) cover two lookup-store items, one each.
    let reference = Sketch {
        nodes: vec![comp(1, "feature_store", ""), comp(2, "cache", ""), comp(3, "kv_store", "")],
        edges: vec![],
    };
    let two = board(vec![comp(10, "kv_store", "Redis"), comp(11, "kv_store", "Redis too")], vec![]);
    let rec = review::review(&two, &reference, &ReviewSpec::default());
    assert_eq!(rec.components.iter().filter(|c| c.covered).count(), 2, "{:?}", rec.components);
}

#[test]
fn an_arrow_covers_one_connection_at_most() {
    // Reference: a ↔ b both ways as two arrows. One two-way arrow covers one of them.
    let reference = Sketch {
        nodes: vec![comp(1, "client", ""), comp(2, "api_gateway", "")],
        edges: vec![edge(101, 1, 2, ArrowStyle::OneWay), edge(102, 2, 1, ArrowStyle::OneWay)],
    };
    let one = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", "")],
        vec![edge(20, 10, 11, ArrowStyle::TwoWay)],
    );
    let rec = review::review(&one, &reference, &ReviewSpec::default());
    assert_eq!(rec.connections.iter().filter(|c| c.covered).count(), 1);
    let two = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", "")],
        vec![edge(20, 10, 11, ArrowStyle::OneWay), edge(21, 11, 10, ArrowStyle::OneWay)],
    );
    let rec = review::review(&two, &reference, &ReviewSpec::default());
    assert_eq!(rec.connections.iter().filter(|c| c.covered).count(), 2);
}

#[test]
fn connections_follow_the_direction_of_arrows() {
    // client → api_gateway drawn backwards; api_gateway → heavy_ranker drawn the right way.
    let b = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", ""), comp(12, "heavy_ranker", "")],
        vec![edge(20, 11, 10, ArrowStyle::OneWay), edge(21, 11, 12, ArrowStyle::OneWay)],
    );
    let rec = plain(&b);
    assert!(!connection(&rec, "client", "api_gateway"), "a reversed arrow does not count");
    assert!(connection(&rec, "api_gateway", "heavy_ranker"));
    assert!(close(rec.coverage_percent, 80.0), "3 + 1 of 5: {}", rec.coverage_percent);

    let missing = review::missing_edges(&reference(), &rec);
    assert_eq!(missing, HashSet::from([EdgeId(101)]));
    assert!(review::missing_nodes(&reference(), &rec).is_empty());
}

#[test]
fn a_two_way_or_plain_user_edge_can_be_walked_either_way() {
    for style in [ArrowStyle::TwoWay, ArrowStyle::None] {
        let b = board(
            vec![comp(10, "client", ""), comp(11, "api_gateway", ""), comp(12, "heavy_ranker", "")],
            vec![edge(20, 11, 10, style), edge(21, 12, 11, style)],
        );
        let rec = plain(&b);
        assert!(connection(&rec, "client", "api_gateway"), "{style:?}");
        assert!(connection(&rec, "api_gateway", "heavy_ranker"), "{style:?}");
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
    assert!(connection(&review::review(&b, &reference, &ReviewSpec::default()), "client", "api_gateway"));
}

#[test]
fn paths_through_at_most_two_other_boxes_cover_a_connection() {
    let chain = |middle: usize| {
        // client → m1 → … → api_gateway → heavy_ranker, the m boxes are CDNs (no reference kind).
        let mut nodes =
            vec![comp(10, "client", ""), comp(11, "api_gateway", ""), comp(12, "heavy_ranker", "")];
        let mut edges = Vec::new();
        let mut from = 10;
        for i in 0..middle as u64 {
            nodes.push(comp(20 + i, "cdn", "CDN"));
            edges.push(edge(40 + i, from, 20 + i, ArrowStyle::OneWay));
            from = 20 + i;
        }
        edges.push(edge(60, from, 11, ArrowStyle::OneWay));
        edges.push(edge(61, 11, 12, ArrowStyle::OneWay));
        plain(&board(nodes, edges))
    };
    for middle in 0..=2 {
        let rec = chain(middle);
        assert!(connection(&rec, "client", "api_gateway"), "through {middle}");
        let c = rec.connections.iter().find(|c| c.from == "client").expect("item");
        assert_eq!(usize::from(c.via), middle);
    }
    assert!(!connection(&chain(3), "client", "api_gateway"), "three boxes between are too many");
    // A path goes through component boxes only, never notes.
    let b = board(
        vec![comp(10, "client", ""), note(11, "gateway"), comp(12, "api_gateway", "")],
        vec![edge(20, 10, 11, ArrowStyle::OneWay), edge(21, 11, 12, ArrowStyle::OneWay)],
    );
    assert!(!connection(&plain(&b), "client", "api_gateway"));
}

#[test]
fn a_hub_joined_to_every_box_covers_one_connection_through_it() {
    // Reference chain a → b → c → d; the board joins each to one hub both ways.
    let kinds = ["client", "api_gateway", "candidate_generation", "heavy_ranker"];
    let reference = Sketch {
        nodes: kinds.iter().enumerate().map(|(i, k)| comp(i as u64 + 1, k, "")).collect(),
        edges: (0..3).map(|i| edge(101 + i, i + 1, i + 2, ArrowStyle::OneWay)).collect(),
    };
    let mut nodes: Vec<Node> = kinds.iter().enumerate().map(|(i, k)| comp(i as u64 + 10, k, "")).collect();
    nodes.push(comp(30, "cdn", "Hub"));
    let edges = (0..4).map(|i| edge(40 + i, 30, 10 + i, ArrowStyle::TwoWay)).collect();
    let rec = review::review(&board(nodes, edges), &reference, &ReviewSpec::default());
    assert_eq!(rec.connections.iter().filter(|c| c.covered).count(), 1, "{:?}", rec.connections);
}

#[test]
fn extras_cost_and_sensible_additions_do_not() {
    let full = || {
        board(
            vec![comp(10, "client", ""), comp(11, "api_gateway", ""), comp(12, "heavy_ranker", "")],
            vec![edge(20, 10, 11, ArrowStyle::OneWay), edge(21, 11, 12, ArrowStyle::OneWay)],
        )
    };
    assert_eq!(plain(&full()).coverage_percent, 100.0);
    // Monitoring, experimentation and caches are sensible anywhere.
    let mut b = full();
    b.nodes.extend([comp(13, "dashboards", ""), comp(14, "ab_testing", ""), comp(15, "cache", "")]);
    let rec = plain(&b);
    assert_eq!(rec.coverage_percent, 100.0);
    assert!(rec.extras.is_empty());
    // A box of a kind with no place in the case is an extra: 3 paired, 1 extra.
    let mut b = full();
    b.nodes.push(comp(13, "routing_engine", "Road graph"));
    let rec = plain(&b);
    assert_eq!(rec.extras.len(), 1);
    assert_eq!(rec.extras[0].node, 13);
    assert!(close(rec.precision_percent, 75.0));
    assert!(
        close(rec.coverage_percent, 100.0 * 0.75f32.powf(review::PRECISION_POWER)),
        "{}",
        rec.coverage_percent
    );
    // … unless the case declares it optional.
    let spec = ReviewSpec { optional: vec!["routing_engine".into()], ..ReviewSpec::default() };
    assert_eq!(review::review(&b, &reference(), &spec).coverage_percent, 100.0);
    // A second box of a kind the reference draws twice is no extra; a third one is.
    let mut b = full();
    b.nodes.push(comp(13, "heavy_ranker", "Second ranker"));
    assert!(plain(&b).extras.is_empty());
    b.nodes.push(comp(14, "heavy_ranker", "Third ranker"));
    assert_eq!(plain(&b).extras.len(), 1);
}

#[test]
fn equivalents_and_alternatives_get_credit() {
    // The catalogue says key-value store, cache and feature store are equivalent.
    let reference = Sketch {
        nodes: vec![comp(1, "feature_store", ""), comp(2, "prediction_service", "")],
        edges: vec![edge(101, 1, 2, ArrowStyle::OneWay)],
    };
    let b = board(
        vec![comp(10, "kv_store", "Redis"), comp(11, "batch_prediction", "Nightly scoring job")],
        vec![edge(20, 10, 11, ArrowStyle::OneWay)],
    );
    let none = review::review(&b, &reference, &ReviewSpec::default());
    assert!(check(&none, "feature_store"));
    assert_eq!(none.components[0].by.as_deref(), Some("kv_store"));
    assert!(!check(&none, "prediction_service"), "batch prediction is no catalogue equivalent");
    // The case accepts batch prediction for its prediction service.
    let spec = ReviewSpec {
        alternatives: vec![Alternative {
            kind: "prediction_service".into(),
            accept: vec!["batch_prediction".into()],
        }],
        ..ReviewSpec::default()
    };
    let rec = review::review(&b, &reference, &spec);
    assert_eq!(rec.coverage_percent, 100.0, "{rec:?}");
}

#[test]
fn a_missing_crux_component_is_named_and_caps_the_score() {
    let spec = ReviewSpec { crux: vec!["heavy_ranker".into()], ..ReviewSpec::default() };
    let b = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", "")],
        vec![edge(20, 10, 11, ArrowStyle::OneWay)],
    );
    let rec = review::review(&b, &reference(), &spec);
    assert_eq!(rec.crux_missing, vec!["heavy_ranker".to_owned()]);
    // Weights: client 1, gateway 1, ranker 3, two connections 1 each: 3 of 7.
    assert!(close(rec.recall_percent, 300.0 / 7.0), "{}", rec.recall_percent);
    assert!(close(rec.coverage_percent, 300.0 / 7.0));
    assert!(rec.components.iter().any(|c| c.kind == "heavy_ranker" && c.crux && !c.covered));
    // Everything but the crux, at the end of a chain of eight: 13 of 17 weighs more than the
    // cap, so the cap holds.
    let kinds = [
        "client",
        "api_gateway",
        "candidate_generation",
        "heavy_ranker",
        "re_ranker",
        "feature_store",
        "batch_etl",
        "demotion",
    ];
    let chain = |n: usize| -> (Vec<Node>, Vec<Edge>) {
        let nodes = kinds[..n].iter().enumerate().map(|(i, k)| comp(i as u64 + 1, k, "")).collect();
        let edges = (1..n as u64).map(|i| edge(100 + i, i, i + 1, ArrowStyle::OneWay)).collect();
        (nodes, edges)
    };
    let (nodes, edges) = chain(8);
    let reference = Sketch { nodes, edges };
    let spec = ReviewSpec { crux: vec!["demotion".into()], ..ReviewSpec::default() };
    let (nodes, edges) = chain(7);
    let rec = review::review(&board(nodes, edges), &reference, &spec);
    assert!(close(rec.recall_percent, 1300.0 / 17.0), "{}", rec.recall_percent);
    assert_eq!(rec.coverage_percent, review::crux_cap(1));
    assert_eq!(rec.crux_missing, vec!["demotion".to_owned()]);
}

#[test]
fn coverage_per_step_follows_the_catalogue_steps() {
    // client → deploy, api_gateway → deploy, heavy_ranker → deploy; interaction logs → data.
    let reference = Sketch {
        nodes: vec![
            comp(1, "interaction_logs", ""),
            comp(2, "label_join", ""),
            comp(3, "distributed_training", ""),
        ],
        edges: vec![edge(101, 1, 2, ArrowStyle::OneWay), edge(102, 2, 3, ArrowStyle::OneWay)],
    };
    let b = board(vec![comp(10, "interaction_logs", "")], vec![]);
    let rec = review::review(&b, &reference, &ReviewSpec::default());
    let steps: Vec<(&str, f32)> = rec.per_step.iter().map(|p| (p.step.as_str(), p.percent)).collect();
    // Data: logs (covered) + label join (missing) + logs → labels (missing): 1 of 3.
    // Model: training (missing) + labels → training (missing): 0 of 2.
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0].0, "data");
    assert!(close(steps[0].1, 100.0 / 3.0));
    assert_eq!(rec.per_step[0].missing, vec!["label_join".to_owned()]);
    assert_eq!(steps[1], ("model", 0.0));
    // Under the general system design framework the same kinds fall in its own steps.
    let mut b = b;
    b.framework = "system-design".into();
    let rec = review::review(&b, &reference, &ReviewSpec::default());
    assert!(rec.per_step.iter().all(|p| ["high-level", "deep-dive", "wrap-up"].contains(&p.step.as_str())));
}

#[test]
fn coverage_arithmetic_and_empty_cases_never_give_nan() {
    // 3 components + 2 connections; cover 2 components and 1 connection: 60%.
    let b = board(
        vec![comp(10, "client", ""), comp(11, "api_gateway", "")],
        vec![edge(20, 10, 11, ArrowStyle::OneWay)],
    );
    let rec = plain(&b);
    assert!(close(rec.coverage_percent, 60.0), "{}", rec.coverage_percent);
    let missing = review::missing_nodes(&reference(), &rec);
    assert_eq!(missing, HashSet::from([NodeId(3), NodeId(4)]));
    assert_eq!(review::missing_edges(&reference(), &rec), HashSet::from([EdgeId(102), EdgeId(103)]));

    let empty = review::review(&b, &Sketch::default(), &ReviewSpec::default());
    assert_eq!(empty.coverage_percent, 0.0);
    assert!(empty.components.is_empty() && empty.connections.is_empty());
    let nothing = plain(&Board::new("empty"));
    assert_eq!(nothing.coverage_percent, 0.0);
    assert!(nothing.coverage_percent.is_finite() && nothing.precision_percent.is_finite());

    for t in templates::builtin().iter().filter(|t| !templates::is_blank(t)) {
        let full = review::review_template(&templates::reference_board(t), t);
        assert_eq!(full.coverage_percent, 100.0, "{}: the reference covers itself", t.id);
        assert!(full.extras.is_empty() && full.crux_missing.is_empty(), "{}", t.id);
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
    assert_eq!(rec.crux_missing, t.review.crux, "every crux kind is missing, in the case's order");
    let missing = review::missing_nodes(&t.reference, &rec);
    let components = t.reference.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Component(_))).count();
    assert_eq!(missing.len(), components);
}

#[test]
fn a_stored_review_from_older_rules_is_recomputed_and_its_figure_kept() {
    for fixture in ["tests/fixtures/v3/reviewed-board.ron", "tests/fixtures/v4/rated-board.ron"] {
        let b = format::load(std::path::Path::new(fixture)).expect("fixture").board;
        let stored = b.session.review.clone().expect("the fixture holds a review");
        assert_eq!(stored.rules, 0, "{fixture}: made before the rules were versioned");
        match review::stored_or_recomputed(&b).expect("a review to show") {
            review::ShownReview::Recomputed { now, was, was_rules } => {
                assert_eq!((was, was_rules), (stored.coverage_percent, 0));
                assert_eq!(now.rules, review::RULES_VERSION);
                assert_eq!(Some(&now), review::review_of(&b).as_ref());
            }
            other => panic!("{fixture}: {other:?}"),
        }
    }
    // A board whose template is not built in keeps its old review as it was.
    let mut b =
        format::load(std::path::Path::new("tests/fixtures/v4/rated-board.ron")).expect("fixture").board;
    b.template = Some("my-own-case".into());
    let stored = b.session.review.clone().expect("review");
    assert_eq!(review::stored_or_recomputed(&b), Some(review::ShownReview::AsStored(stored)));
    // A review under the current rules is shown as stored.
    let t = templates::find("visual-search").expect("case");
    let mut b = templates::new_board(t);
    let mut rec = review::review_of(&b).expect("review");
    rec.coverage_percent = 42.0;
    b.session.review = Some(rec.clone());
    assert_eq!(review::stored_or_recomputed(&b), Some(review::ShownReview::Current(rec)));
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
    let rec = plain(&b);
    assert_eq!(rec.steps_without_stage_box, vec![6]);
    assert_eq!(rec.steps_without_components, vec![0, 2, 3]);

    // The lane ends at the next box's top: a centre exactly there belongs to the next step.
    let mut nodes: Vec<Node> = (1..=7).map(stage).collect();
    let mut c = node(20, NodeKind::Component("client".into()), "", 400.0, 0.0);
    c.pos.y = 110.0 - c.size.h / 2.0; // centre at y = 110: stage 2's top
    nodes.push(c);
    let rec = plain(&board(nodes, vec![]));
    assert_eq!(rec.steps_without_components, vec![0, 2, 3, 4, 5, 6]);

    // An edge from the stage box to a component, in either direction, attaches it.
    let mut nodes: Vec<Node> = (1..=7).map(stage).collect();
    nodes.push(node(20, NodeKind::Component("client".into()), "", -900.0, -900.0));
    let rec = plain(&board(nodes, vec![edge(30, 1, 20, ArrowStyle::None)]));
    assert_eq!(rec.steps_without_components, vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn the_report_lists_coverage_items_stages_and_pacing() {
    let t = templates::find("visual-search").expect("case");
    let mut b = templates::new_board(t);
    b.nodes.push(node(50, NodeKind::Component("client".into()), "Users", 400.0, 0.0));
    b.session.step_mut("clarify").used_ms = 7 * 60_000 + 5_000;
    let text = mlsd_board::practice::report::build(&b).to_text();
    let first = text.lines().find(|l| l.contains('%')).expect("a figure line");
    assert!(first.starts_with("Coverage: "), "the first figure line is the coverage: {text}");
    assert!(text.contains("Client / user"), "covered components by catalogue name: {text}");
    assert!(text.contains("ANN / vector index [crux]"), "missing components by catalogue name: {text}");
    assert!(text.contains("Crux missing: "), "{text}");
    assert!(text.find("Crux missing").expect("crux") < text.find("Per step").expect("steps"), "crux first");
    assert!(text.contains("steps without components: 2 Frame"), "{text}");
    let clarify =
        text.lines().find(|l| l.contains("1 Clarify") && l.contains("min")).expect("a pacing row per step");
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
        review_rules: review::RULES_VERSION,
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
        ratings: Vec::new(),
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

    // Coverage from older review rules puts no case on the repetition schedule (see
    // tests/coach.rs for due cases), so these weights come from recency alone.
    let records: Vec<PracticeRecord> = records
        .into_iter()
        .map(|mut r| {
            r.review_rules = 0;
            r
        })
        .collect();
    let w = mlsd_board::practice::schedule::surprise_weights(&records, &cases, now);
    let weight = |id: &str| w.iter().find(|(c, _)| c == id).expect("weighted").1;
    assert!(weight("proximity-alerts") > weight("news-feed"));
    assert_eq!(weight("proximity-alerts"), weight("ad-click-prediction"));
    assert!(weight("news-feed") > 0.0);
    assert!((weight("visual-search") - 3.0).abs() < 1e-9, "two days ago");
    assert!((weight("news-feed") - 2.0).abs() < 1e-9, "one day ago");
    // Picking with the whole unit range lands on each case in proportion.
    assert_eq!(mlsd_board::practice::schedule::pick(&w, 0.0), Some("visual-search"));
    assert_eq!(mlsd_board::practice::schedule::pick(&w, 0.999_999), Some("ad-click-prediction"));
    assert_eq!(mlsd_board::practice::schedule::pick(&[], 0.5), None);
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
    // Ratings add a column per signal rated in any record.
    let mut rated = records[0].clone();
    rated.ratings = vec![mlsd_board::board::record::Rating {
        signal: mlsd_board::board::record::Signal::Modelling,
        level: 3,
    }];
    let csv = log::to_csv(&[rated, records[1].clone()]);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].ends_with(",frame_used_ms,rating_modelling"), "{}", lines[0]);
    assert!(lines[1].ends_with(",,3") && lines[2].ends_with(",5,1,"), "{csv}");
}

// ---------------------------------------------------------------------------------------------
// Command line

#[test]
fn cli_review_prints_the_review_or_says_why_not() {
    let home = tempfile::tempdir().expect("temp dir");
    let case = home.path().join("case.ron");
    let c = case.to_string_lossy().into_owned();
    let out = run_in_home(&["new", "--template", "visual-search", "-o", &c], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run_in_home(&["review", &c], home.path());
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
    assert_eq!(run_in_home(&["new", "--template", "blank-ml", "-o", &p], home.path()).status.code(), Some(0));
    let out = run_in_home(&["review", &p], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end(), format!("error: {p}: the board has no template reference to compare with"));
    assert!(out.stdout.is_empty());

    let bad = home.path().join("bad.ron");
    std::fs::write(&bad, "not a board at all").expect("write");
    let out = run_in_home(&["review", &bad.to_string_lossy()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: ") && err.contains("bad.ron"), "{err}");
}
