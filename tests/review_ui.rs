//! The review in the real app: Finish, then reveal the reference with the coverage, side by
//! side, replay the session, and see progress over sessions (egui_kittest).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::{ArrowStyle, Command, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::file::paths::Paths;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::practice::clock::FakeClock;
use mlsd_board::practice::interview::Interview;
use mlsd_board::ui::actions::Action;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;
use mlsd_board::ui::panels::review::ViewMode;
use std::path::Path;
use std::time::Duration;

fn app(home: &Path, dialogs: ScriptedDialogs) -> (Harness<'static, MlsdApp>, FakeClock) {
    let clock = FakeClock::default();
    let c = clock.clone();
    let home = home.to_owned();
    let mut h =
        Harness::builder().with_size(vec2(1400.0, 900.0)).with_step_dt(1.0 / 60.0).build_eframe(move |cc| {
            let mut app = MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(dialogs));
            app.set_paths(Some(Paths::under(home)));
            app.set_interview(Interview::new(Box::new(c), 0));
            app
        });
    h.run_steps(2);
    (h, clock)
}

fn component(id: u64, kind: &str, label: &str, y: f32) -> Node {
    Node {
        id: NodeId(id),
        kind: NodeKind::Component(kind.into()),
        label: label.into(),
        pos: Point::new(300.0, y),
        size: Size::new(180.0, 64.0),
        color: None,
    }
}

/// A visual search practice: start, draw an encoder and an ANN index joined by an arrow, finish.
fn practise(h: &mut Harness<'static, MlsdApp>, clock: &FakeClock) {
    let t = mlsd_board::content::templates::find("visual-search").expect("case");
    h.state_mut().start_from_template(t);
    h.run_steps(2);
    h.get_by_label("Start").click();
    h.run_steps(2);
    clock.advance(Duration::from_secs(120));
    h.run_steps(1);
    h.state_mut().apply(Command::Add {
        nodes: vec![
            component(100, "embedding_generator", "Image encoder", 0.0),
            component(101, "ann_index", "ANN index", 120.0),
        ],
        edges: vec![Edge {
            id: EdgeId(102),
            from: NodeId(100),
            to: NodeId(101),
            label: String::new(),
            style: ArrowStyle::OneWay,
            route: Default::default(),
        }],
    });
    clock.advance(Duration::from_secs(60));
    h.run_steps(1);
    h.state_mut().apply(Command::Add {
        nodes: vec![component(103, "kv_store", "Kafka topic of clicks", 240.0)],
        edges: vec![],
    });
    clock.advance(Duration::from_secs(30));
    h.run_steps(2);
    h.get_by_label("Finish").click();
    h.run_steps(3);
}

#[test]
fn finish_then_reveal_shows_the_reference_and_the_coverage() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, clock) = app(home.path(), ScriptedDialogs::default());
    practise(&mut h, &clock);
    let review = h.state().doc().board().session.review.clone().expect("the review is saved in the board");
    assert!(review.components.iter().any(|c| c.kind == "ann_index" && c.covered));
    assert!(review.components.iter().any(|c| !c.covered), "a lot is missing");
    assert!(review.coverage_percent > 0.0 && review.coverage_percent < 100.0);
    let heading = format!("Coverage of the reference: {:.0}%", review.coverage_percent);
    assert!(h.query_by_label(&heading).is_some(), "the review shows the coverage");
    assert!(h.query_by_label("Components missing").is_none(), "labels carry counts");

    h.get_by_label("Reveal the reference").click();
    h.run_steps(3);
    assert_eq!(h.state().ui_state().review.mode, ViewMode::Reference);
    assert!(!h.state().ui_state().review.window_open, "the window makes way for the reference");
    assert!(h.query_by_label("  Reference solution: what a strong answer draws (missing in red)").is_some());
    h.get_by_label("Side by side").click();
    h.run_steps(3);
    assert_eq!(h.state().ui_state().review.mode, ViewMode::SideBySide);
    h.get_by_label("My board").click();
    h.run_steps(2);
    assert_eq!(h.state().ui_state().review.mode, ViewMode::Board);
}

#[test]
fn the_session_replays_and_the_step_is_shown() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, clock) = app(home.path(), ScriptedDialogs::default());
    practise(&mut h, &clock);
    let log = h.state().doc().board().session.log.clone();
    assert_eq!(log.len(), 2, "both changes were logged: {log:?}");
    assert_eq!(log[0].at_ms, 120_000);
    h.get_by_label("Replay the session").click();
    h.run_steps(2);
    assert_eq!(h.state().ui_state().review.mode, ViewMode::Replay);
    let start = h.state().ui_state().review.player.as_ref().map(|p| p.at_ms).expect("a player");
    h.run_steps(30);
    let later = h.state().ui_state().review.player.as_ref().map(|p| p.at_ms).expect("a player");
    assert!(later > start, "playing moves the time on: {start} → {later}");
    assert!(h.query_by_label("16×").is_some(), "speeds up to 16×");
    // Scrub to the end: the current step is named.
    h.state_mut().ui_state_mut().review.player.as_mut().expect("player").at_ms = 210_000;
    h.run_steps(2);
    assert!(h.query_by_label("Step 1: Clarify requirements").is_some());
}

#[test]
fn progress_lists_finished_sessions_and_exports_csv() {
    let home = tempfile::tempdir().expect("temp dir");
    let csv = home.path().join("log.csv");
    let dialogs = ScriptedDialogs { csv: vec![Some(csv.clone())].into(), ..Default::default() };
    let (mut h, clock) = app(home.path(), dialogs);
    practise(&mut h, &clock);
    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::Progress);
    h.run_steps(3);
    assert!(h.query_by_label("1 finished session").is_some(), "one session, in the singular");
    assert!(h.query_by_label("1 finished sessions").is_none());
    assert!(h.query_by_label("Never practised").is_some());
    h.get_by_label("Export as CSV…").click();
    h.run_steps(2);
    let text = std::fs::read_to_string(&csv).expect("the CSV was written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "a header and one session: {text}");
    assert!(lines[0].starts_with("date,") && lines[1].contains("visual-search"), "{text}");
}

/// A session shorter than a minute (started and finished at once) is counted but not charted
/// as practice; "1 finished session" is singular.
#[test]
fn sessions_under_a_minute_are_not_counted_as_practice() {
    use mlsd_board::practice::log::{self, PracticeRecord, StepTime};
    let home = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(home.path().to_owned());
    let record = |total_ms: u64, coverage: f32| PracticeRecord {
        date: 1_700_000_000,
        case: Some("visual-search".into()),
        framework: "ml-system-design".into(),
        total_ms,
        steps: vec![StepTime { id: "clarify".into(), budget_min: 5, used_ms: total_ms }],
        coverage_percent: Some(coverage),
        ..Default::default()
    };
    log::append(&log::log_path(&paths), &record(20 * 60_000, 40.0)).expect("log");
    log::append(&log::log_path(&paths), &record(12_000, 95.0)).expect("log");
    let (mut h, _clock) = app(home.path(), ScriptedDialogs::default());
    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::Progress);
    h.run_steps(3);
    assert!(h.query_by_label("1 finished session").is_some());
    assert!(h.query_by_label("1 session shorter than a minute is not counted as practice.").is_some());
    // The best coverage is the real session's, not the 12-second one's.
    assert!(h.query_by_label_contains(": 40%").is_some());
    assert!(h.query_by_label_contains(": 95%").is_none(), "the short session is not practice");
    assert!(!log::is_practice(&record(59_999, 0.0)) && log::is_practice(&record(60_000, 0.0)));
}
