//! The case-study templates: every one loads, validates and round-trips; user templates; the
//! chooser in the real app.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use common::run_in_home;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::{Board, NodeKind};
use mlsd_board::content::catalogue;
use mlsd_board::content::frameworks;
use mlsd_board::content::schema::{MAX_SESSION_CHECKLIST, Template};
use mlsd_board::content::templates;
use mlsd_board::file::format;
use mlsd_board::file::paths::Paths;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::file::user_templates::Source;
use mlsd_board::practice::steps;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;
use std::collections::HashSet;

const CASES: [&str; 11] = [
    "visual-search",
    "street-view-blurring",
    "youtube-video-search",
    "harmful-content-detection",
    "video-recommendation",
    "event-recommendation",
    "ad-click-prediction",
    "similar-listings",
    "news-feed",
    "people-you-may-know",
    "proximity-alerts",
];

#[test]
fn every_case_and_both_blank_boards_are_built_in() {
    let ids: Vec<&str> = templates::builtin().iter().map(|t| t.id.as_str()).collect();
    for id in CASES.iter().chain(&["blank-ml", "blank-system-design"]) {
        assert!(ids.contains(id), "template {id} is missing; have {ids:?}");
    }
    for id in CASES {
        let t = templates::find(id).expect("case exists");
        assert!(!templates::is_blank(t), "{id} has a reference solution");
        assert!(t.statement.len() > 80, "{id} has a real problem statement");
    }
}

#[test]
fn every_template_validates_and_its_boards_round_trip() {
    let kinds = catalogue::catalogue().kind_ids();
    let dir = tempfile::tempdir().expect("temp dir");
    for t in templates::builtin() {
        assert_eq!(t.problems(frameworks::frameworks(), &kinds), Vec::<String>::new(), "{}", t.id);
        for (name, board) in
            [("start", templates::new_board(t)), ("reference", templates::reference_board(t))]
        {
            let path = dir.path().join(format!("{}-{name}.ron", t.id));
            format::save(&path, &board).expect("save");
            let loaded = format::load(&path).unwrap_or_else(|e| panic!("{}: {e}", t.id));
            assert!(loaded.repairs.is_empty(), "{} {name}: {:?}", t.id, loaded.repairs);
            assert_eq!(loaded.board, board, "{} {name} round-trips", t.id);
        }
        let start = templates::new_board(t);
        let steps = frameworks::get(&t.framework).expect("framework").steps.len();
        let stages: Vec<u8> = start
            .nodes
            .iter()
            .filter_map(|n| match n.kind {
                NodeKind::Stage(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(
            stages,
            (1..=steps as u8).collect::<Vec<_>>(),
            "{}: the start board has every stage box once",
            t.id
        );
        assert_eq!(
            start.nodes.len(),
            steps,
            "{}: the start board holds the stage boxes and nothing else",
            t.id
        );
        assert_eq!(start.template.as_deref(), Some(t.id.as_str()));
        assert_eq!(start.session.problem, t.statement);
    }
}

#[test]
fn a_reference_kind_missing_from_the_catalogue_is_a_problem_the_build_reports() {
    // build.rs refuses a template whose reference names an unknown kind with these very checks;
    // the built-in templates pass them, so a broken one could never have been built.
    let kinds = catalogue::catalogue().kind_ids();
    let mut t = templates::find("visual-search").expect("case").clone();
    assert!(t.problems(frameworks::frameworks(), &kinds).is_empty());
    let n =
        t.reference.nodes.iter_mut().find(|n| matches!(n.kind, NodeKind::Component(_))).expect("component");
    n.kind = NodeKind::Component("quantum_flux_capacitor".into());
    let problems = t.problems(frameworks::frameworks(), &kinds);
    assert!(
        problems.iter().any(|p| p.contains("reference board") && p.contains("quantum_flux_capacitor")),
        "{problems:?}"
    );
}

#[test]
fn template_steps_name_real_framework_steps_and_add_follow_ups() {
    for t in templates::builtin().iter().filter(|t| !templates::is_blank(t)) {
        let fw = frameworks::get(&t.framework).expect("framework");
        assert_eq!(t.steps.len(), fw.steps.len(), "{}: extras for every step", t.id);
        for e in &t.steps {
            assert!(fw.steps.iter().any(|s| s.id == e.step), "{}: {}", t.id, e.step);
            assert!((2..=4).contains(&e.follow_ups.len()), "{} {}: 2-4 follow-ups", t.id, e.step);
        }
    }
}

#[test]
fn user_templates_are_listed_and_broken_ones_say_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let board = templates::new_board(templates::find("visual-search").expect("case"));
    let mine = templates::from_board(&board, "my-case");
    let path = mlsd_board::file::user_templates::save_user_template(dir.path(), &mine).expect("saved");
    assert!(
        mlsd_board::file::user_templates::save_user_template(dir.path(), &mine).is_err(),
        "never overwrites"
    );
    std::fs::write(dir.path().join("broken.ron"), "Template(id: \"broken\", title: ").expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a template").expect("write");
    let entries = mlsd_board::file::user_templates::user_templates(dir.path());
    assert_eq!(entries.len(), 2, "only .ron files are listed");
    let broken =
        entries.iter().find(|e| e.source == Source::User(dir.path().join("broken.ron"))).expect("listed");
    let err = broken.template.as_ref().expect_err("broken is an error");
    assert!(err.contains("broken.ron"), "the error names the file: {err}");
    let ok = entries.iter().find(|e| e.source == Source::User(path.clone())).expect("listed");
    let t = ok.template.as_ref().expect("valid");
    assert_eq!(t.start.nodes, board.nodes);
    assert!(mlsd_board::file::user_templates::all(Some(dir.path())).len() > templates::builtin().len());
    assert_eq!(templates::slug("Ads: click prediction (v2)"), "ads-click-prediction-v2");
}

#[test]
fn choosing_a_template_opens_its_board_with_the_problem_in_the_panel() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut h =
        Harness::builder().with_size(vec2(1400.0, 900.0)).with_step_dt(1.0 / 60.0).build_eframe(|cc| {
            let mut app =
                MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()));
            app.set_paths(Some(Paths::under(home.path().to_owned())));
            app.open_chooser();
            app
        });
    h.run_steps(3);
    let t = templates::find("news-feed").expect("case");
    h.get_by_label(&format!("{}  ({})", t.title, templates::difficulty_name(t.difficulty))).click();
    h.run_steps(2);
    assert!(h.query_by_label(&t.statement).is_some(), "the chooser shows the selected case's statement");
    h.get_by_label("Start practising").click();
    h.run_steps(3);
    let app = h.state();
    assert!(!app.ui_state().chooser.open);
    assert_eq!(app.doc().board().template.as_deref(), Some("news-feed"));
    assert_eq!(app.doc().board().nodes.len(), 7, "the seven stage boxes");
    assert!(app.doc().path().is_none(), "an untitled board: the template is never overwritten");
    assert!(h.query_by_label(&t.statement).is_some(), "the problem statement is in the side panel");
}

#[test]
fn cli_templates_lists_every_template_with_its_difficulty() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = run_in_home(&["templates"], home.path());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), templates::builtin().len());
    for t in templates::builtin() {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(t.id.as_str())).expect("listed");
        assert!(
            line.contains(&t.title) && line.ends_with(templates::difficulty_name(t.difficulty)),
            "{line}"
        );
    }
}

#[test]
fn cli_new_then_check_succeeds_for_every_template() {
    let home = tempfile::tempdir().expect("temp dir");
    for t in templates::builtin() {
        let path = home.path().join(format!("{}.ron", t.id));
        let p = path.to_string_lossy().into_owned();
        let out = run_in_home(&["new", "--template", &t.id, "-o", &p], home.path());
        assert_eq!(out.status.code(), Some(0), "{}: {}", t.id, String::from_utf8_lossy(&out.stderr));
        let out = run_in_home(&["check", &p], home.path());
        assert_eq!(out.status.code(), Some(0), "{}: {}", t.id, String::from_utf8_lossy(&out.stderr));
        let board = format::load(&path).expect("loads").board;
        assert_eq!(board, templates::new_board(t));
    }
}

#[test]
fn cli_new_refuses_an_unknown_id_and_an_existing_file() {
    let home = tempfile::tempdir().expect("temp dir");
    let path = home.path().join("mine.ron");
    let p = path.to_string_lossy().into_owned();
    let out = run_in_home(&["new", "--template", "no-such-case", "-o", &p], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("visual-search") && err.contains("news-feed"),
        "{err}"
    );
    assert!(!path.exists(), "nothing written");

    std::fs::write(&path, "my precious board").expect("write");
    let out = run_in_home(&["new", "--template", "visual-search", "-o", &p], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "my precious board", "the file is untouched");

    let out = run_in_home(&["new", "--template", "visual-search", "-o", &p, "--force"], home.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(format::load(&path).expect("loads").board.template.as_deref(), Some("visual-search"));
}

#[test]
fn surprise_me_picks_cases_and_favours_the_weighted_ones() {
    let mut chooser = mlsd_board::ui::panels::chooser::Chooser::default();
    chooser.show_with(mlsd_board::file::user_templates::all(None));
    let picks: std::collections::HashSet<String> =
        (0..200u64).filter_map(|seed| chooser.surprise(seed)).map(|t| t.id.clone()).collect();
    assert!(picks.len() > 5, "an even choice spreads over the cases: {picks:?}");
    assert!(picks.iter().all(|id| !id.starts_with("blank")), "never a blank board");
    // Every case practised just now except one: that one is (nearly) always chosen.
    let cases: Vec<String> =
        templates::builtin().iter().filter(|t| !templates::is_blank(t)).map(|t| t.id.clone()).collect();
    chooser.weights =
        cases.iter().map(|id| (id.clone(), if id == "news-feed" { 62.0 } else { 0.01 })).collect();
    let favoured =
        (0..200u64).filter(|seed| chooser.surprise(*seed).is_some_and(|t| t.id == "news-feed")).count();
    assert!(favoured > 190, "the never-practised case is chosen {favoured} times in 200");
}

/// The book's ten ML cases, written for the 7-step framework.
fn ml_cases() -> impl Iterator<Item = &'static Template> {
    CASES
        .iter()
        .map(|id| templates::find(id).expect("case exists"))
        .filter(|t| t.framework == "ml-system-design")
}

/// Every case with a reference (built in), under every framework it can be practised under.
fn cases_under_frameworks()
-> impl Iterator<Item = (&'static Template, &'static mlsd_board::content::schema::Framework)> {
    templates::builtin()
        .iter()
        .filter(|t| !templates::is_blank(t))
        .flat_map(|t| templates::frameworks_for(t).into_iter().map(move |f| (t, f)))
}

#[test]
fn every_ml_case_can_be_practised_under_both_ml_frameworks() {
    for t in ml_cases().chain([templates::find("blank-ml").expect("blank")]) {
        let ids: Vec<&str> = templates::frameworks_for(t).iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["ml-system-design", "ml-4-step"], "{}", t.id);
    }
    let proximity = templates::find("proximity-alerts").expect("case");
    let ids: Vec<&str> = templates::frameworks_for(proximity).iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["system-design"], "the general case has no short form");
    let err =
        templates::new_board_under(proximity, "ml-4-step").expect_err("not a short form of its framework");
    assert!(err.contains("proximity-alerts") && err.contains("ml-4-step"), "{err}");
}

#[test]
fn the_4_step_process_covers_the_7_steps_once_and_fits_45_minutes() {
    let short = frameworks::get("ml-4-step").expect("built in");
    let long = frameworks::get("ml-system-design").expect("built in");
    assert_eq!(short.short_for.as_deref(), Some("ml-system-design"));
    assert_eq!(short.steps.iter().map(|s| s.budget_min).sum::<u32>(), 45);
    let covered: Vec<&str> = short.steps.iter().flat_map(|s| s.covers.iter().map(String::as_str)).collect();
    let all: Vec<&str> = long.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(covered, all, "every 7-step step once, in order");
    assert!(short.cross_problems(frameworks::frameworks()).is_empty());
    // The scoping step of each framework has the estimator.
    for (fw, step) in [("ml-system-design", "clarify"), ("ml-4-step", "define"), ("system-design", "scope")] {
        let f = frameworks::get(fw).expect("built in");
        let with: Vec<&str> = f.steps.iter().filter(|s| s.estimator).map(|s| s.id.as_str()).collect();
        assert_eq!(with, [step], "{fw}");
    }
}

#[test]
fn every_built_in_framework_and_case_is_complete() {
    let cat = catalogue::catalogue();
    for f in frameworks::frameworks() {
        assert_eq!(f.completeness_problems(), Vec::<String>::new(), "{}", f.id);
        assert!(!f.rules.is_empty(), "{}: framework-wide interviewer rules", f.id);
    }
    for t in templates::builtin() {
        assert_eq!(t.completeness_problems(frameworks::frameworks(), cat), Vec::<String>::new(), "{}", t.id);
    }
}

#[test]
fn a_board_made_under_each_framework_has_its_steps_and_saves_and_reloads() {
    let dir = tempfile::tempdir().expect("temp dir");
    for t in templates::builtin() {
        for fw in templates::frameworks_for(t) {
            let board = templates::new_board_under(t, &fw.id).unwrap_or_else(|e| panic!("{}: {e}", t.id));
            assert_eq!(board.framework, fw.id);
            assert_eq!(board.template.as_deref(), Some(t.id.as_str()));
            assert_eq!(board.session.problem, t.statement);
            let stages: Vec<(u8, &str)> = board
                .nodes
                .iter()
                .filter_map(|n| match n.kind {
                    NodeKind::Stage(s) => Some((s, n.label.as_str())),
                    _ => None,
                })
                .collect();
            let want: Vec<(u8, &str)> =
                fw.steps.iter().enumerate().map(|(i, s)| (i as u8 + 1, s.title.as_str())).collect();
            assert_eq!(stages, want, "{} under {}: one stage box per step, titled", t.id, fw.id);
            // A column: same x and size, evenly spaced, no two boxes overlapping.
            let boxes: Vec<_> = board.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Stage(_))).collect();
            for pair in boxes.windows(2) {
                assert_eq!(pair[0].pos.x, pair[1].pos.x, "{} under {}", t.id, fw.id);
                assert_eq!(pair[0].size, pair[1].size);
                assert!(pair[1].pos.y >= pair[0].pos.y + pair[0].size.h, "{} under {}: overlap", t.id, fw.id);
            }
            let path = dir.path().join(format!("{}-{}.ron", t.id, fw.id));
            format::save(&path, &board).expect("save");
            let loaded = format::load(&path).unwrap_or_else(|e| panic!("{} under {}: {e}", t.id, fw.id));
            assert!(loaded.repairs.is_empty(), "{} under {}: {:?}", t.id, fw.id, loaded.repairs);
            assert_eq!(loaded.board, board, "{} under {} round-trips", t.id, fw.id);
            // The session engine sees this framework's steps with the case's extras merged.
            let session = steps::steps(&loaded.board);
            assert_eq!(session.len(), fw.steps.len(), "{} under {}", t.id, fw.id);
            let ticks: usize = session.iter().map(|s| s.checklist.len()).sum();
            assert_eq!(ticks, t.session_checklist_len(fw), "{} under {}", t.id, fw.id);
        }
        // The case's own framework gives exactly the board `new_board` gives.
        assert_eq!(templates::new_board_under(t, &t.framework), Ok(templates::new_board(t)), "{}", t.id);
    }
}

#[test]
fn the_short_framework_board_keeps_other_start_content_and_drops_arrows_to_old_stages() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/templates/old-user-template.ron");
    let t = mlsd_board::file::user_templates::load_user_template(std::path::Path::new(path))
        .expect("old user template loads");
    let board = templates::new_board_under(&t, "ml-4-step").expect("an ML template");
    let component = board.nodes.iter().find(|n| matches!(n.kind, NodeKind::Component(_))).expect("kept");
    assert_eq!(component.label, "Card history features");
    assert!(board.edges.is_empty(), "the arrow from the old stage box 1 goes with it");
    let stages = board.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Stage(_))).count();
    assert_eq!(stages, 4);
    let ids: HashSet<_> = board.nodes.iter().map(|n| n.id).collect();
    assert_eq!(ids.len(), board.nodes.len(), "no id is used twice");
    assert!(board.next_id > board.nodes.iter().map(|n| n.id.0).max().unwrap_or(0));
}

#[test]
fn an_old_user_template_without_the_new_fields_still_loads_and_starts() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/templates/old-user-template.ron");
    let t = mlsd_board::file::user_templates::load_user_template(std::path::Path::new(path))
        .expect("old user template loads");
    assert_eq!(t.steps[0].checklist[0].text, "Asked about chargeback delays");
    assert_eq!(t.steps[0].checklist[0].signal, None, "plain strings have no signal");
    assert!(t.review.crux.is_empty() && t.rules.is_empty() && t.pitfalls.is_empty());
    assert!(t.estimates.is_none() && t.requirement_change.is_none());
    assert!(t.steps.iter().all(|e| e.strong_answer.is_empty() && e.budget_min.is_none()));
    assert!(templates::is_blank(&t), "no reference, so the review skips it");
    let board = templates::new_board(&t);
    assert_eq!(board.nodes.len(), 3);
    assert_eq!(board.session.problem, t.statement);
}

#[test]
fn every_step_of_every_case_has_three_to_six_strong_answer_points_under_each_framework() {
    for (t, fw) in cases_under_frameworks() {
        for step in &fw.steps {
            let points = templates::strong_answer(t, fw, &step.id);
            assert!(
                (3..=templates::MAX_STRONG_ANSWER).contains(&points.len()),
                "{} under {}, step {}: {} points",
                t.id,
                fw.id,
                step.id,
                points.len()
            );
            assert!(points.iter().all(|p| p.len() > 20), "{} {}: real sentences", t.id, step.id);
        }
    }
    // Under the 4-step process a step draws on every step it covers.
    let t = templates::find("visual-search").expect("case");
    let short = frameworks::get("ml-4-step").expect("built in");
    let operate = templates::strong_answer(t, short, "operate");
    for covered in ["evaluate", "deploy", "monitor"] {
        let block = &t.steps.iter().find(|e| e.step == covered).expect("block").strong_answer;
        assert!(operate.contains(&block[0].as_str()), "the leading point of {covered} is shown");
    }
}

#[test]
fn sessions_stay_at_forty_tick_boxes_or_fewer_and_cases_differ() {
    for (t, fw) in cases_under_frameworks() {
        let n = t.session_checklist_len(fw);
        assert!(n <= MAX_SESSION_CHECKLIST, "{} under {}: {n} items", t.id, fw.id);
        assert!(n >= 20, "{} under {}: only {n} items", t.id, fw.id);
    }
    // The ten ML cases share few items: those common to all are under half of a session.
    let fw = frameworks::get("ml-system-design").expect("built in");
    let sessions: Vec<HashSet<String>> = ml_cases()
        .map(|t| {
            let b = templates::new_board(t);
            steps::steps(&b).iter().flat_map(|s| s.checklist.iter().map(|c| c.text.clone())).collect()
        })
        .collect();
    assert_eq!(sessions.len(), 10);
    let common = sessions.iter().skip(1).fold(sessions[0].clone(), |acc, s| &acc & s);
    for (t, s) in ml_cases().zip(&sessions) {
        let share = common.len() as f64 / s.len() as f64;
        assert!(share < 0.5, "{}: {:.0}% of the session is shared by every case", t.id, share * 100.0);
    }
    assert!(fw.steps.iter().all(|s| s.checklist.len() <= 4), "generic items are few and sharp");
}

#[test]
fn every_checklist_item_names_its_signal_and_not_applicable_items_exist() {
    for f in frameworks::frameworks() {
        for s in &f.steps {
            assert!(s.checklist.iter().all(|c| c.signal.is_some()), "{} {}", f.id, s.id);
        }
    }
    for t in templates::builtin() {
        let fw = frameworks::get(&t.framework).expect("framework");
        for e in &t.steps {
            assert!(e.checklist.iter().all(|c| c.signal.is_some()), "{} {}", t.id, e.step);
            let step = fw.steps.iter().find(|s| s.id == e.step).expect("step");
            for na in &e.not_applicable {
                assert!(step.checklist.iter().any(|c| &c.text == na), "{} {}: {na}", t.id, e.step);
            }
        }
    }
    // Street View drops the feature items a pixels-only batch case has no use for.
    let sv = templates::find("street-view-blurring").expect("case");
    let b = templates::new_board(sv);
    let data = steps::steps(&b).into_iter().find(|s| s.id == "data").expect("data step");
    assert!(data.checklist.iter().all(|c| !c.text.contains("fresh at request time")));
    assert_eq!(data.budget_min, 6, "the case's own budget");
}

#[test]
fn every_ml_reference_is_monitored_shipped_safely_and_marks_its_crux() {
    let cat = catalogue::catalogue();
    let group_of = |k: &str| catalogue::kind(k).map(|(g, _)| g.id.as_str());
    for t in ml_cases() {
        let kinds: HashSet<&str> = common::reference_kinds(t);
        assert!(kinds.iter().any(|k| group_of(k) == Some("monitoring")), "{}: a monitoring component", t.id);
        assert!(
            kinds.iter().any(|k| group_of(k) == Some("experimentation")),
            "{}: shadow, canary or A/B",
            t.id
        );
        assert!(kinds.contains("model_registry"), "{}: rollback goes through the registry", t.id);
        assert!(!t.review.crux.is_empty(), "{}: a crux", t.id);
        for k in &t.review.crux {
            assert!(kinds.contains(k.as_str()), "{}: crux {k} is drawn", t.id);
        }
        assert!((2..=4).contains(&t.rules.len()), "{}: 2-4 board rules", t.id);
        assert!(t.pitfalls.len() >= 3, "{}", t.id);
        assert!(t.requirement_change.as_deref().is_some_and(|c| c.len() > 30), "{}", t.id);
    }
    assert!(cat.kind_ids().contains("demotion"));
    // The points of issue 12, checked against the chapters.
    let kinds_of = |id: &str| -> Vec<String> {
        templates::find(id).expect("case").reference.components().map(|(_, k)| k.to_owned()).collect()
    };
    let harmful = kinds_of("harmful-content-detection");
    for k in ["text_encoder", "visual_encoder", "fusion_layer", "enforcement", "demotion", "human_review"] {
        assert!(harmful.iter().any(|h| h == k), "harmful content draws {k}");
    }
    let youtube = kinds_of("youtube-video-search");
    assert!(youtube.iter().any(|k| k == "text_encoder") && youtube.iter().any(|k| k == "visual_encoder"));
    let street = kinds_of("street-view-blurring");
    assert!(
        street.iter().any(|k| k == "batch_prediction") && !street.iter().any(|k| k == "prediction_service")
    );
    let video = kinds_of("video-recommendation");
    let sources = video.iter().filter(|k| *k == "candidate_generation" || *k == "fallback").count();
    assert!(sources >= 3, "video recommendation has several candidate sources, not {sources}");
    let event = templates::find("event-recommendation").expect("case");
    let ranker = event.reference.nodes.iter().find(|n| n.kind == NodeKind::Component("heavy_ranker".into()));
    assert!(
        ranker.is_some_and(|n| !n.label.contains("GBDT") && !n.label.contains("boosted")),
        "the NN ranks"
    );
    let feed = templates::find("news-feed").expect("case");
    assert!(feed.reference.nodes.iter().any(|n| n.label.contains("dwell regression")));
}

#[test]
fn reference_boxes_never_overlap() {
    for t in templates::builtin() {
        let nodes = &t.reference.nodes;
        for (i, a) in nodes.iter().enumerate() {
            for b in &nodes[i + 1..] {
                let apart = a.pos.x + a.size.w <= b.pos.x
                    || b.pos.x + b.size.w <= a.pos.x
                    || a.pos.y + a.size.h <= b.pos.y
                    || b.pos.y + b.size.h <= a.pos.y;
                assert!(apart, "{}: boxes {} and {} overlap", t.id, a.id.0, b.id.0);
            }
        }
    }
}

/// The number written after the last "≈ " before `marker` in `line`, with a k / M / G unit word
/// or a KB…PB unit applied.
fn approx_before(line: &str, marker: &str) -> Option<f64> {
    let head = &line[..line.find(marker)?];
    let rest = &head[head.rfind("≈ ")? + "≈ ".len()..];
    approx_at(rest)
}

/// The number at the start of `text` with its unit applied.
fn approx_at(text: &str) -> Option<f64> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(text.len());
    let value: f64 = text[..end].replace(',', "").parse().ok()?;
    let unit = text[end..].trim_start().split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    let scale = match unit {
        "k" => 1e3,
        "M" | "MB" => 1e6,
        "B" | "GB" => 1e9,
        "TB" => 1e12,
        "PB" => 1e15,
        _ => 1.0,
    };
    Some(value * scale)
}

#[test]
fn worked_numbers_agree_with_the_estimator_inputs() {
    let close = |got: f64, want: f64| (got - want).abs() <= want * 0.12;
    for id in CASES {
        let t = templates::find(id).expect("case");
        let card = t.estimates.as_ref().expect("estimates card");
        let e = card.inputs;
        let per_day = e.daily_users * e.actions_per_user;
        let avg = per_day / 86_400.0;
        let first = &card.worked[0];
        let got =
            approx_before(first, "on average").unwrap_or_else(|| panic!("{id}: no average in {first:?}"));
        assert!(close(got, avg), "{id}: average {got} vs {avg:.0}");
        let got = approx_before(first, "peak").unwrap_or_else(|| panic!("{id}: no peak in {first:?}"));
        assert!(close(got, avg * e.peak_factor), "{id}: peak {got} vs {:.0}", avg * e.peak_factor);
        let second = &card.worked[1];
        let stored =
            approx_at(&second[second.find("≈ ").expect("a storage figure") + "≈ ".len()..]).expect("number");
        let want = per_day * e.bytes_per_item * e.retention_days;
        assert!(close(stored, want), "{id}: storage {stored:e} vs {want:e}");
        if e.index_items > 0.0 {
            let line = card.worked.iter().find(|l| l.contains("× 4 B ≈ ")).expect("index memory line");
            let got =
                approx_at(&line[line.find("× 4 B ≈ ").expect("found") + "× 4 B ≈ ".len()..]).expect("number");
            let want = e.index_items * e.embedding_dim * 4.0;
            assert!(close(got, want), "{id}: index {got:e} vs {want:e}");
        }
        assert!(card.worked.len() >= 4, "{id}: QPS, storage and fleet or GPU numbers");
        let cost = ["GPU", "machines", "servers", "cores"];
        assert!(card.worked.iter().any(|l| cost.iter().any(|c| l.contains(c))), "{id}: serving cost");
    }
}

/// A board file as the app would open it.
fn load(path: &std::path::Path) -> Board {
    format::load(path).unwrap_or_else(|e| panic!("{e}")).board
}

#[test]
fn cli_exports_every_template_board_to_png() {
    let home = tempfile::tempdir().expect("temp dir");
    for t in templates::builtin() {
        let board_path = home.path().join(format!("{}.ron", t.id));
        let png = home.path().join(format!("{}.png", t.id));
        format::save(&board_path, &templates::reference_board(t)).expect("save");
        let b = board_path.to_string_lossy().into_owned();
        let p = png.to_string_lossy().into_owned();
        let out = run_in_home(&["export", &b, "-o", &p], home.path());
        assert_eq!(out.status.code(), Some(0), "{}: {}", t.id, String::from_utf8_lossy(&out.stderr));
        let img = image::open(&png).unwrap_or_else(|e| panic!("{}: {e}", t.id));
        let board = load(&board_path);
        if let Some((min, max)) = board.bounds() {
            assert!(img.width() as f32 >= max.x - min.x, "{}: the whole reference is in the image", t.id);
        }
    }
}
