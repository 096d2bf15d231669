//! The case-study templates: every one loads, validates and round-trips; user templates; the
//! chooser in the real app.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::NodeKind;
use mlsd_board::content::catalogue;
use mlsd_board::content::frameworks;
use mlsd_board::content::templates;
use mlsd_board::file::format;
use mlsd_board::file::paths::Paths;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::file::user_templates::Source;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;

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
    let n = t.reference.nodes.iter_mut().find(|n| matches!(n.kind, NodeKind::Component(_))).expect("component");
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

fn bin(args: &[&str], home: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
        .args(args)
        .env("MLSD_BOARD_HOME", home)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs")
}

#[test]
fn cli_templates_lists_every_template_with_its_difficulty() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = bin(&["templates"], home.path());
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
        let out = bin(&["new", "--template", &t.id, "-o", &p], home.path());
        assert_eq!(out.status.code(), Some(0), "{}: {}", t.id, String::from_utf8_lossy(&out.stderr));
        let out = bin(&["check", &p], home.path());
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
    let out = bin(&["new", "--template", "no-such-case", "-o", &p], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("visual-search") && err.contains("news-feed"),
        "{err}"
    );
    assert!(!path.exists(), "nothing written");

    std::fs::write(&path, "my precious board").expect("write");
    let out = bin(&["new", "--template", "visual-search", "-o", &p], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "my precious board", "the file is untouched");

    let out = bin(&["new", "--template", "visual-search", "-o", &p, "--force"], home.path());
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
