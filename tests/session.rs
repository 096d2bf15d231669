//! The interview clock and session record, driven by a fake clock; and the side panel in the
//! real app (egui_kittest).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::{Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::{Board, Command, Document};
use mlsd_board::file::format;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::practice::clock::FakeClock;
use mlsd_board::practice::interview::Interview;
use mlsd_board::practice::steps;
use mlsd_board::practice::timer::Timer;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;
use std::time::Duration;

const SEC: Duration = Duration::from_secs(1);

fn setup() -> (Document, Timer, FakeClock) {
    let clock = FakeClock::default();
    let timer = Timer::new(Box::new(clock.clone()));
    (Document::new(Board::new("Session"), None), timer, clock)
}

fn ids(doc: &Document) -> Vec<String> {
    steps::steps(doc.board()).into_iter().map(|s| s.id).collect()
}

#[test]
fn time_accrues_only_while_running_and_to_the_current_step() {
    let (mut doc, mut timer, clock) = setup();
    let steps = ids(&doc);
    clock.advance(10 * SEC);
    timer.tick(&mut doc);
    assert_eq!(doc.board().session.total_used_ms(), 0, "nothing counts before Start");

    timer.start();
    clock.advance(90 * SEC);
    timer.tick(&mut doc);
    assert_eq!(doc.board().session.used_ms(&steps[0]), 90_000);

    timer.pause(&mut doc);
    clock.advance(600 * SEC);
    timer.tick(&mut doc);
    assert_eq!(doc.board().session.used_ms(&steps[0]), 90_000, "pausing stops accrual");

    timer.start();
    clock.advance(30 * SEC);
    timer.switch_to(&mut doc, 2);
    clock.advance(45 * SEC);
    timer.tick(&mut doc);
    assert_eq!(doc.board().session.used_ms(&steps[0]), 120_000, "time before the switch goes to step 1");
    assert_eq!(doc.board().session.used_ms(&steps[1]), 0);
    assert_eq!(doc.board().session.used_ms(&steps[2]), 45_000, "time after the switch goes to step 3");
    assert_eq!(doc.board().session.current, 2);
}

#[test]
fn sub_millisecond_remainders_are_not_lost() {
    let (mut doc, mut timer, clock) = setup();
    timer.start();
    for _ in 0..1000 {
        clock.advance(Duration::from_micros(1500));
        timer.tick(&mut doc);
    }
    assert_eq!(doc.board().session.total_used_ms(), 1500);
}

#[test]
fn reset_clears_times_but_keeps_ticks_notes_and_budgets() {
    let (mut doc, mut timer, clock) = setup();
    let steps = ids(&doc);
    doc.apply(Command::SetTick { step: steps[0].clone(), item: "x".into(), done: true }).expect("tick");
    doc.apply(Command::SetNotes { step: steps[1].clone(), notes: "n".into() }).expect("notes");
    doc.apply(Command::SetBudget { step: steps[2].clone(), minutes: Some(12) }).expect("budget");
    timer.start();
    clock.advance(70 * SEC);
    timer.switch_to(&mut doc, 3);
    clock.advance(5 * SEC);
    timer.reset(&mut doc);
    assert!(!timer.is_running());
    let s = &doc.board().session;
    assert_eq!(s.total_used_ms(), 0);
    assert_eq!(s.current, 0);
    assert!(s.is_ticked(&steps[0], "x"));
    assert_eq!(s.step(&steps[1]).map(|r| r.notes.as_str()), Some("n"));
    assert_eq!(steps::steps(doc.board())[2].budget_min, 12);
    clock.advance(5 * SEC);
    timer.tick(&mut doc);
    assert_eq!(doc.board().session.total_used_ms(), 0, "reset leaves the clock paused");
}

#[test]
fn a_save_mid_step_keeps_the_time_so_far_and_reopens_paused() {
    let (mut doc, mut timer, clock) = setup();
    let steps = ids(&doc);
    timer.start();
    clock.advance(42 * SEC);
    timer.switch_to(&mut doc, 1);
    clock.advance(17 * SEC);
    timer.tick(&mut doc); // what the app does before every save
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mid.ron");
    format::save(&path, doc.board()).expect("save");
    let loaded = format::load(&path).expect("load").board;
    assert_eq!(loaded.session.used_ms(&steps[0]), 42_000);
    assert_eq!(loaded.session.used_ms(&steps[1]), 17_000);
    assert_eq!(loaded.session.current, 1);
    assert_eq!(&loaded, doc.board());
    // A timer for the reopened board starts paused: no time passes until Start.
    let mut reopened = Document::new(loaded, Some(path));
    let mut fresh = Timer::new(Box::new(clock.clone()));
    clock.advance(100 * SEC);
    fresh.tick(&mut reopened);
    assert_eq!(reopened.board().session.total_used_ms(), 59_000);
}

#[test]
fn budgets_and_pacing() {
    assert_eq!(steps::pace(0, 5), steps::Pace::Ok);
    assert_eq!(steps::pace(3 * 60_000, 5), steps::Pace::Ok);
    assert_eq!(steps::pace(4 * 60_000, 5), steps::Pace::Near, "80% of the budget is near");
    assert_eq!(steps::pace(5 * 60_000, 5), steps::Pace::Near);
    assert_eq!(steps::pace(5 * 60_000 + 1, 5), steps::Pace::Over);
    let (mut doc, _, _) = setup();
    let total: u32 = steps::steps(doc.board()).iter().map(|s| s.budget_min).sum();
    assert_eq!(total, 45, "the ML framework's default split adds up to 45 minutes");
    let first = ids(&doc)[0].clone();
    doc.apply(Command::SetBudget { step: first, minutes: Some(9) }).expect("budget");
    let total2: u32 = steps::steps(doc.board()).iter().map(|s| s.budget_min).sum();
    assert_eq!(total2, total - 5 + 9, "the total follows an edited budget");
    assert_eq!(steps::clock_text(83_000), "1:23");
    assert_eq!(steps::over_under_text(6 * 60_000, 5), "1:00 over");
    assert_eq!(steps::time_left_text(15_000, 5), "4:45 left");
}

#[test]
fn typing_notes_is_one_undo_step() {
    let (mut doc, _, _) = setup();
    let step = ids(&doc)[0].clone();
    for text in ["a", "ab", "abc"] {
        doc.apply(Command::SetNotes { step: step.clone(), notes: text.into() }).expect("notes");
    }
    assert_eq!(doc.history().undo_len(), 1);
    doc.undo();
    assert_eq!(doc.board(), &Board::new("Session"), "one undo removes the whole typing");
    doc.redo();
    assert_eq!(doc.board().session.step(&step).map(|r| r.notes.as_str()), Some("abc"));
}

// ---- the panel in the real app ----

fn app() -> (Harness<'static, MlsdApp>, FakeClock) {
    let clock = FakeClock::default();
    let c = clock.clone();
    let mut h =
        Harness::builder().with_size(vec2(1400.0, 900.0)).with_step_dt(1.0 / 60.0).build_eframe(move |cc| {
            let mut app =
                MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()));
            app.set_interview(Interview::new(Box::new(c), 0));
            app
        });
    h.run_steps(3);
    (h, clock)
}

#[test]
fn ticking_a_checklist_item_by_its_label_updates_done_over_total() {
    let (mut h, _) = app();
    let step = steps::steps(h.state().doc().board())[0].clone();
    let item = step.checklist[1].text.clone();
    let header = |done: usize| {
        format!("1. {}   0:00 / {}:00   {done}/{} done", step.title, step.budget_min, step.checklist.len())
    };
    assert!(h.query_by_label(&header(0)).is_some(), "the step shows 0/N done");
    h.get_by_label(&item).click();
    h.run_steps(2);
    assert!(h.state().doc().board().session.is_ticked(&step.id, &item));
    assert!(h.query_by_label(&header(1)).is_some(), "the step shows 1/N done after the tick");
}

#[test]
fn start_and_a_running_clock_show_the_time_in_the_panel() {
    let (mut h, clock) = app();
    h.get_by_label("Start").click();
    h.run_steps(2);
    assert!(h.state().interview().timer().is_running());
    clock.advance(Duration::from_secs(125));
    h.run_steps(2);
    assert!(h.query_by_label("2:05").is_some(), "the overall clock shows 2:05");
    h.get_by_label("Pause").click();
    h.run_steps(2);
    clock.advance(Duration::from_secs(60));
    h.run_steps(2);
    assert!(h.query_by_label("2:05").is_some(), "paused: still 2:05");
}

#[test]
fn next_step_moves_the_current_step_and_the_canvas_highlight() {
    let (mut h, _) = app();
    assert_eq!(h.state().ui_state().canvas.highlight_step, Some(1));
    h.get_by_label("Next step").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().board().session.current, 1);
    assert_eq!(h.state().ui_state().canvas.highlight_step, Some(2));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::CloseBracket);
    h.run_steps(2);
    assert_eq!(h.state().doc().board().session.current, 2, "Ctrl+] goes on");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::OpenBracket);
    h.run_steps(2);
    assert_eq!(h.state().doc().board().session.current, 1, "Ctrl+[ goes back");
}

#[test]
fn notes_typed_in_a_step_survive_a_save_and_load() {
    let (mut h, _) = app();
    let notes = || h_notes_label();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, &notes()).focus();
    h.step();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, &notes())
        .type_text("DAU 50M, p99 200ms");
    h.run_steps(2);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.ron");
    assert!(h.state_mut().save_to(&path));
    let loaded = format::load(&path).expect("load").board;
    let step = steps::steps(&loaded)[0].id.clone();
    assert_eq!(loaded.session.step(&step).map(|r| r.notes.as_str()), Some("DAU 50M, p99 200ms"));
}

fn h_notes_label() -> String {
    "Notes".to_owned()
}

#[test]
fn finish_stops_the_clock_and_keeps_a_summary_in_the_board() {
    let (mut h, clock) = app();
    h.get_by_label("Start").click();
    h.run_steps(2);
    clock.advance(Duration::from_secs(400));
    h.run_steps(2);
    h.get_by_label("Finish").click();
    h.run_steps(3);
    assert!(!h.state().interview().timer().is_running());
    let summary = h.state().doc().board().session.finished.clone().expect("a summary");
    assert_eq!(summary.used_ms(), 400_000);
    assert_eq!(summary.rows.len(), 7);
    assert!(h.query_by_label("Session summary").is_some(), "the summary window is shown");
    // In the summary table and in the panel (time left of the step).
    assert_eq!(h.query_all_by_label("1:40 over").count(), 2, "step 1 ran 1:40 over its 5 minutes");
}

#[test]
fn the_version_2_fixture_keeps_its_session() {
    let loaded =
        format::load(std::path::Path::new("tests/fixtures/v2/session-board.ron")).expect("v2 fixture loads");
    assert_eq!(loaded.migrated_from, Some(2), "version 2 is migrated to the current version");
    assert!(loaded.board.session.log.is_empty() && loaded.board.session.review.is_none());
    assert!(loaded.repairs.is_empty());
    let s = &loaded.board.session;
    assert_eq!(s.current, 2);
    assert_eq!(s.used_ms("clarify"), 312_000);
    assert_eq!(s.used_ms("frame"), 250_500);
    assert!(s.is_ticked("clarify", "Stated the business objective in one sentence"));
    assert_eq!(steps::steps(&loaded.board)[2].budget_min, 10);
}

#[test]
fn the_version_1_fixture_migrates_with_an_empty_session() {
    let loaded =
        format::load(std::path::Path::new("tests/fixtures/v1/small-board.ron")).expect("v1 fixture loads");
    assert_eq!(loaded.migrated_from, Some(1));
    assert_eq!(loaded.board.version, mlsd_board::board::FORMAT_VERSION);
    assert_eq!(loaded.board.session, mlsd_board::board::SessionRecord::default());
    assert_eq!(loaded.board.nodes.len(), 8);
}

#[test]
fn the_version_3_fixture_keeps_its_log_review_and_follow_ups() {
    let loaded =
        format::load(std::path::Path::new("tests/fixtures/v3/reviewed-board.ron")).expect("v3 fixture loads");
    assert!(loaded.repairs.is_empty());
    let s = &loaded.board.session;
    assert_eq!(s.log.len(), 3);
    assert_eq!(s.log[1].at_ms, 95_500);
    assert_eq!(s.replay_base.as_ref().map(|b| b.nodes.len()), Some(3));
    assert_eq!(s.review.as_ref().map(|r| r.coverage_percent), Some(40.0));
    assert!(s.interviewer_mode);
    assert_eq!(s.follow_ups.len(), 1);
    assert!(s.finished.is_some());
}

#[test]
fn interviewer_mode_surfaces_one_follow_up_per_step_and_is_off_by_default() {
    let (mut h, clock) = app();
    let t = mlsd_board::content::templates::find("news-feed").expect("case");
    h.state_mut().start_from_template(t);
    h.run_steps(2);
    assert!(!h.state().doc().board().session.interviewer_mode, "off by default");
    h.get_by_label("Start").click();
    h.run_steps(2);
    clock.advance(Duration::from_secs(5 * 60));
    h.run_steps(2);
    assert!(h.state().doc().board().session.follow_ups.is_empty(), "nothing surfaces while off");

    h.get_by_label("Next step").click();
    h.get_by_label("Interviewer mode").click();
    h.run_steps(2);
    assert!(h.state().doc().board().session.interviewer_mode);
    let step = steps::steps(h.state().doc().board())[1].clone();
    // Before 30% of the step's budget nothing appears; by 80% one question has.
    clock.advance(Duration::from_millis(u64::from(step.budget_min) * 60_000 * 29 / 100));
    h.run_steps(2);
    assert!(h.state().doc().board().session.follow_ups.is_empty(), "not before 30% of the budget");
    clock.advance(Duration::from_millis(u64::from(step.budget_min) * 60_000 * 52 / 100));
    h.run_steps(3);
    let asked = h.state().doc().board().session.follow_ups.clone();
    assert_eq!(asked.len(), 1, "one follow-up for the step");
    assert_eq!(asked[0].step, step.id);
    assert!(step.follow_ups.contains(&asked[0].question), "one of the case's own questions");
    assert!(h.query_by_label("The interviewer asks").is_some(), "shown as a card in the panel");
    clock.advance(Duration::from_secs(60));
    h.run_steps(2);
    assert_eq!(h.state().doc().board().session.follow_ups.len(), 1, "only one per step");
}

#[test]
fn a_damaged_replay_log_or_review_is_dropped_and_the_board_still_opens() {
    let text = std::fs::read_to_string("tests/fixtures/v3/reviewed-board.ron").expect("fixture");
    // Damage the first node the log adds (the board's own copy of it stays whole).
    let at = text.find("log: [").expect("a log");
    let (head, tail) = text.split_at(at);
    let bad_log = format!("{head}{}", tail.replacen("Point(x: 0.0, y: 140.0)", "Point(x: NaN, y: 140.0)", 1));
    assert_ne!(bad_log, text, "the log's first added node was damaged");
    let loaded = format::parse_str(&bad_log).expect("the board still opens");
    assert!(loaded.repairs.iter().any(|r| r.contains("replay log")), "{:?}", loaded.repairs);
    assert!(loaded.board.session.log.is_empty() && loaded.board.session.replay_base.is_none());
    assert_eq!(loaded.board.nodes.len(), 8, "the board itself is whole");

    let bad_review = text.replacen("coverage_percent: 40.0", "coverage_percent: inf", 1);
    let loaded = format::parse_str(&bad_review).expect("the board still opens");
    assert!(loaded.repairs.iter().any(|r| r.contains("review")), "{:?}", loaded.repairs);
    assert!(loaded.board.session.review.is_none());
}

#[test]
fn notices_come_when_a_step_runs_out_and_5_and_1_minutes_before_the_end() {
    let (mut h, clock) = app();
    h.get_by_label("Start").click();
    h.run_steps(2);
    let texts = |h: &Harness<'static, MlsdApp>| {
        h.state().ui_state().notices.iter().map(|n| n.text.clone()).collect::<Vec<_>>()
    };
    clock.advance(Duration::from_secs(4 * 60 + 50));
    h.run_steps(2);
    assert!(!texts(&h).iter().any(|t| t.starts_with("Time is up")), "not before the step's 5 minutes");
    clock.advance(Duration::from_secs(15));
    h.run_steps(2);
    let up: Vec<String> = texts(&h).into_iter().filter(|t| t.starts_with("Time is up for step 1")).collect();
    assert_eq!(up.len(), 1, "one notice when step 1's budget runs out: {up:?}");
    assert!(
        h.state().ui_state().notices.iter().all(|n| !n.text.starts_with("Time is up") || n.warning),
        "shown as a warning"
    );
    // 45 minutes in all: at 40 the 5-minute notice, at 44 the 1-minute one, each once.
    clock.advance(Duration::from_secs(40 * 60 - (5 * 60 + 5)));
    h.run_steps(2);
    assert!(texts(&h).iter().any(|t| t == "5 minutes left in the interview."));
    assert!(!texts(&h).iter().any(|t| t == "1 minute left in the interview."));
    clock.advance(Duration::from_secs(4 * 60));
    h.run_steps(2);
    assert!(texts(&h).iter().any(|t| t == "1 minute left in the interview."));
    let fives = texts(&h).iter().filter(|t| *t == "5 minutes left in the interview.").count();
    assert_eq!(fives, 1, "each notice once");
}

#[test]
fn selecting_a_stage_box_makes_its_step_current_and_the_panel_adds_missing_boxes() {
    let (mut h, _) = app();
    let t = mlsd_board::content::templates::find("visual-search").expect("case");
    h.state_mut().start_from_template(t);
    h.run_steps(3);
    // Select the stage box of step 4 with a click on the canvas.
    let stage4 = h
        .state()
        .doc()
        .board()
        .nodes
        .iter()
        .find(|n| n.kind == mlsd_board::board::NodeKind::Stage(4))
        .cloned()
        .expect("stage 4");
    let view = h.state().ui_state().canvas.view.expect("view");
    let at = view.to_screen(mlsd_board::render::geometry::node_rect(&stage4).center());
    h.hover_at(at);
    h.step();
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(2);
    assert_eq!(h.state().doc().board().session.current, 3, "step 4 is current");
    assert_eq!(h.state().ui_state().canvas.highlight_step, Some(4));

    // Delete the stage box: the panel offers to add it back, below step 3's box.
    h.key_press(egui::Key::Delete);
    h.run_steps(2);
    assert!(!h.state().doc().board().nodes.iter().any(|n| n.kind == mlsd_board::board::NodeKind::Stage(4)));
    h.get_by_label("Add this step's stage box").click();
    h.run_steps(2);
    let b = h.state().doc().board();
    let new4 = b.nodes.iter().find(|n| n.kind == mlsd_board::board::NodeKind::Stage(4)).expect("added back");
    let stage3 = b.nodes.iter().find(|n| n.kind == mlsd_board::board::NodeKind::Stage(3)).expect("stage 3");
    assert_eq!(new4.label, "Model development");
    assert!(new4.pos.y > stage3.pos.y && (new4.pos.x - stage3.pos.x).abs() < 21.0, "below step 3's box");
}
