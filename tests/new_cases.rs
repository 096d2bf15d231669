//! The six cases asked beyond the book (retrieval-augmented assistant, payment fraud, ETA,
//! autocomplete, short-video feed, spam): each is built in with the difficulty and framework it
//! was written for, its reference draws monitoring and its crux, every step has a model answer,
//! it names its pitfalls, its worked numbers agree with its own estimator inputs, and its
//! reference is laid out so that boxes, arrows and arrow labels stay readable.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use egui::{Pos2, Rect, pos2, vec2};
use mlsd_board::board::record::EstimateInputs;
use mlsd_board::content::schema::{Difficulty, Framework, MAX_SESSION_CHECKLIST, Template};
use mlsd_board::content::{catalogue, frameworks, templates};
use mlsd_board::render::geometry::{edge_ends, node_rect};
use mlsd_board::render::theme;

/// The new cases and the difficulty each was written for.
const NEW_CASES: [(&str, Difficulty); 6] = [
    ("rag-assistant", Difficulty::Hard),
    ("payment-fraud", Difficulty::Hard),
    ("eta-prediction", Difficulty::Medium),
    ("search-autocomplete", Difficulty::Medium),
    ("short-video-feed", Difficulty::Hard),
    ("spam-detection", Difficulty::Easy),
];

fn new_cases() -> impl Iterator<Item = &'static Template> {
    NEW_CASES.iter().map(|(id, _)| common::builtin(id))
}

/// The frameworks a case can be practised under: its own and any short form of it.
fn frameworks_of(t: &Template) -> Vec<&'static Framework> {
    frameworks::frameworks()
        .iter()
        .filter(|f| f.id == t.framework || f.short_for.as_deref() == Some(t.framework.as_str()))
        .collect()
}

#[test]
fn every_new_case_is_built_in_with_its_difficulty_and_framework() {
    let ids: Vec<&str> = templates::builtin().iter().map(|t| t.id.as_str()).collect();
    for (id, difficulty) in NEW_CASES {
        assert!(ids.contains(&id), "{id} is listed by builtin(); have {ids:?}");
        let t = common::builtin(id);
        assert_eq!(t.difficulty, difficulty, "{id}");
        assert_eq!(t.framework, "ml-system-design", "{id}");
        assert!(!templates::is_blank(t), "{id} has a reference solution");
        assert!(t.statement.len() > 300, "{id} states the problem with its scale and latency");
        assert!(!t.tags.is_empty(), "{id} has tags");
    }
}

#[test]
fn at_least_one_easy_case_exists() {
    let easy: Vec<&str> = templates::builtin()
        .iter()
        .filter(|t| !templates::is_blank(t) && t.difficulty == Difficulty::Easy)
        .map(|t| t.id.as_str())
        .collect();
    assert!(!easy.is_empty(), "a first case for a beginner");
}

#[test]
fn every_new_reference_draws_monitoring_and_its_crux() {
    let monitoring: Vec<&str> = catalogue::catalogue()
        .groups
        .iter()
        .filter(|g| g.id == "monitoring")
        .flat_map(|g| g.kinds.iter().map(|k| k.id.as_str()))
        .collect();
    assert!(!monitoring.is_empty(), "the catalogue has a monitoring group");
    for t in new_cases() {
        let drawn = common::reference_kinds(t);
        assert!(monitoring.iter().any(|k| drawn.contains(k)), "{}: a monitoring component", t.id);
        assert!(!t.review.crux.is_empty(), "{}: names its crux", t.id);
        for k in &t.review.crux {
            assert!(drawn.contains(k.as_str()), "{}: crux kind {k} is in the reference", t.id);
        }
        for k in ["model_registry", "shadow_deployment", "fallback"] {
            assert!(drawn.contains(k), "{}: steps 6-7 draw {k}", t.id);
        }
    }
}

#[test]
fn every_step_of_every_new_case_has_three_to_six_strong_answer_points() {
    for t in new_cases() {
        let fw = frameworks::get(&t.framework).expect("the case's framework exists");
        for step in &fw.steps {
            let extras: Vec<_> = t.steps.iter().filter(|e| e.step == step.id).collect();
            assert_eq!(extras.len(), 1, "{} {}: one block of extras", t.id, step.id);
            let e = extras[0];
            assert!((3..=6).contains(&e.strong_answer.len()), "{} {}: 3-6 points", t.id, step.id);
            assert!((2..=4).contains(&e.follow_ups.len()), "{} {}: 2-4 follow-ups", t.id, step.id);
            assert!((1..=3).contains(&e.checklist.len()), "{} {}: 1-3 own items", t.id, step.id);
            assert!(e.checklist.iter().all(|c| c.signal.is_some()), "{} {}: tagged", t.id, step.id);
        }
    }
}

#[test]
fn every_new_case_names_pitfalls_rules_and_a_requirement_change_and_is_complete() {
    for t in new_cases() {
        assert!(t.pitfalls.len() >= 3, "{}: at least 3 pitfalls", t.id);
        assert!((2..=4).contains(&t.rules.len()), "{}: 2-4 board-aware follow-ups", t.id);
        assert!(t.requirement_change.as_deref().is_some_and(|c| c.len() > 40), "{}", t.id);
        for f in frameworks_of(t) {
            let n = t.session_checklist_len(f);
            assert!(n <= MAX_SESSION_CHECKLIST, "{} under {}: {n} tick-boxes", t.id, f.id);
        }
        let gaps = t.completeness_problems(frameworks::frameworks(), catalogue::catalogue());
        assert_eq!(gaps, Vec::<String>::new(), "{}", t.id);
    }
}

/// A figure as written at the start of `text` ("69", "1,740", "1.16 M", "13 TB"): its value and
/// half the unit of its last written digit, so that a correctly rounded figure lies within that
/// distance of the exact value.
fn figure(text: &str) -> Option<(f64, f64)> {
    let text = text.trim_start();
    let written: String = text.chars().take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.').collect();
    let digits = written.trim_end_matches(['.', ',']).replace(',', "");
    let value: f64 = digits.parse().ok()?;
    let unit = match digits.split_once('.') {
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
        None => 10f64.powi((digits.len() - digits.trim_end_matches('0').len()) as i32),
    };
    let word: String =
        text[written.len()..].trim_start().chars().take_while(char::is_ascii_alphabetic).collect();
    let scale = match word.as_str() {
        "k" | "KB" => 1e3,
        "M" | "MB" => 1e6,
        "B" | "GB" => 1e9,
        "TB" => 1e12,
        "PB" => 1e15,
        _ => 1.0,
    };
    Some((value * scale, unit * scale / 2.0))
}

/// The figure after the first "≈" that follows `marker` in `line`.
fn figure_after(line: &str, marker: &str) -> Option<(f64, f64)> {
    let at = line.find(marker)?;
    let rest = &line[at..];
    figure(rest.split_once('≈')?.1)
}

fn worked_line<'a>(t: &'a Template, start: &str) -> Option<&'a str> {
    let card = t.estimates.as_ref()?;
    card.worked.iter().map(String::as_str).find(|l| l.starts_with(start))
}

fn assert_close(id: &str, what: &str, written: Option<(f64, f64)>, exact: f64) {
    let (value, half_unit) = written.unwrap_or_else(|| panic!("{id}: no figure for {what}"));
    assert!(
        (value - exact).abs() <= half_unit * 1.000_001,
        "{id}: {what} is written as {value}, but the inputs give {exact}"
    );
}

#[test]
fn the_figure_reader_reads_what_the_cards_write() {
    assert_eq!(figure("69; peak"), Some((69.0, 0.5)));
    assert_eq!(figure("1,740"), Some((1740.0, 5.0)));
    assert_eq!(figure("579,000; peak"), Some((579_000.0, 500.0)));
    assert_eq!(figure("1.16 M; at 8"), Some((1_160_000.0, 5_000.0)));
    assert_eq!(figure("13 TB"), Some((13e12, 0.5e12)));
    assert_eq!(figure("2.7 PB"), Some((2.7e15, 0.05e15)));
    assert_eq!(figure("about"), None);
}

#[test]
fn worked_qps_agrees_with_the_estimator_inputs() {
    for t in new_cases() {
        let card = t.estimates.as_ref().unwrap_or_else(|| panic!("{}: an estimates card", t.id));
        let i: &EstimateInputs = &card.inputs;
        assert!(i.daily_users > 0.0 && i.actions_per_user > 0.0 && i.peak_factor >= 1.0, "{}", t.id);
        let line = worked_line(t, "Average QPS").unwrap_or_else(|| panic!("{}: a QPS line", t.id));
        let average = i.daily_users * i.actions_per_user / 86_400.0;
        assert_close(&t.id, "average QPS", figure_after(line, "Average QPS"), average);
        assert_close(&t.id, "peak QPS", figure_after(line, "peak"), average * i.peak_factor);
        assert!(card.worked.len() >= 4, "{}: QPS, storage and further worked numbers", t.id);
    }
}

#[test]
fn worked_storage_and_index_memory_agree_with_the_estimator_inputs() {
    for t in new_cases() {
        let i = t.estimates.as_ref().map(|c| c.inputs).expect("card");
        let line = worked_line(t, "Storage").unwrap_or_else(|| panic!("{}: a storage line", t.id));
        assert!(line.contains("3 replicas"), "{}: storage counts its replicas: {line}", t.id);
        let storage = i.daily_users * i.actions_per_user * i.bytes_per_item * 3.0 * i.retention_days;
        assert_close(&t.id, "storage", figure_after(line, "Storage"), storage);
        if i.embedding_dim > 0.0 && i.index_items > 0.0 {
            let line = worked_line(t, "Index memory").unwrap_or_else(|| panic!("{}: an index line", t.id));
            let memory = i.index_items * i.embedding_dim * 4.0;
            assert_close(&t.id, "index memory", figure_after(line, "Index memory"), memory);
        }
    }
}

/// Whether the segment from `a` to `b` passes through `r` (Liang–Barsky clipping).
fn segment_hits(a: Pos2, b: Pos2, r: Rect) -> bool {
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [(-d.x, a.x - r.min.x), (d.x, r.max.x - a.x), (-d.y, a.y - r.min.y), (d.y, r.max.y - a.y)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    t0 <= t1
}

/// Where an arrow's label is drawn, estimated: centred between the arrow's ends, about 0.55 of
/// the font size per character, wrapped at 220 points, with the painter's padding.
fn label_rect(a: Pos2, b: Pos2, label: &str) -> Rect {
    let size = theme::CAPTION_SIZE * 1.15;
    let width = label.chars().count() as f32 * size * 0.55;
    let lines = (width / 220.0).ceil().max(1.0);
    Rect::from_center_size(a.lerp(b, 0.5), vec2(width.min(220.0) + 8.0, lines * size * 1.3 + 4.0))
}

#[test]
fn new_references_keep_boxes_apart_and_arrows_and_labels_clear_of_other_boxes() {
    for t in new_cases() {
        let nodes = &t.reference.nodes;
        let rects: Vec<Rect> = nodes.iter().map(node_rect).collect();
        for (i, a) in rects.iter().enumerate() {
            for (j, b) in rects.iter().enumerate().skip(i + 1) {
                assert!(
                    !a.expand(10.0).intersects(*b),
                    "{}: boxes {} and {} overlap",
                    t.id,
                    nodes[i].id.0,
                    nodes[j].id.0
                );
            }
        }
        let rect_of = |id| nodes.iter().position(|n| n.id == id).map(|i| rects[i]);
        for e in &t.reference.edges {
            let (Some(from), Some(to)) = (rect_of(e.from), rect_of(e.to)) else {
                panic!("{}: edge {} joins boxes that exist", t.id, e.id.0)
            };
            let (a, b) =
                edge_ends(from, to).unwrap_or_else(|| panic!("{}: edge {} is visible", t.id, e.id.0));
            let label = (!e.label.is_empty()).then(|| label_rect(a, b, &e.label));
            for (n, r) in nodes.iter().zip(&rects) {
                if n.id == e.from || n.id == e.to {
                    continue;
                }
                assert!(
                    !segment_hits(a, b, r.expand(2.0)),
                    "{}: edge {} runs through box {}",
                    t.id,
                    e.id.0,
                    n.id.0
                );
                if let Some(l) = label {
                    assert!(
                        !l.intersects(*r),
                        "{}: box {} covers the label of edge {}",
                        t.id,
                        n.id.0,
                        e.id.0
                    );
                }
            }
        }
    }
}

#[test]
fn the_layout_checks_catch_a_crossing_and_a_covered_label() {
    let (a, b) = (pos2(0.0, 50.0), pos2(400.0, 50.0));
    assert!(segment_hits(a, b, Rect::from_min_size(pos2(150.0, 0.0), vec2(100.0, 100.0))));
    assert!(!segment_hits(a, b, Rect::from_min_size(pos2(150.0, 60.0), vec2(100.0, 100.0))));
    let label = label_rect(pos2(200.0, 50.0), pos2(260.0, 50.0), "a rather long label on a short arrow");
    assert!(label.intersects(Rect::from_min_size(pos2(0.0, 14.0), vec2(200.0, 72.0))));
}
