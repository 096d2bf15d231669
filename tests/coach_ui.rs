//! The coach in the real app (egui_kittest), on laptop screens: Finish opens the session report,
//! the five signals are rated there and Progress charts them; a peek during a step is recorded
//! and the report lists it; the estimator hints at bad input and saves good input; the chooser
//! lists a due case and starts it under the 4-step ML process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::{Key, Modifiers, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::record::Signal;
use mlsd_board::file::paths::Paths;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::file::wall_clock::FakeWallClock;
use mlsd_board::practice::clock::FakeClock;
use mlsd_board::practice::interview::Interview;
use mlsd_board::practice::log::{self, PracticeRecord};
use mlsd_board::ui::actions::Action;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;
use std::path::Path;
use std::time::Duration;

const DAY: u64 = 86_400;

/// The app at a laptop's screen size, its clock and dates fake, its files under `home`.
fn app(home: &Path, size: egui::Vec2, today: u64) -> (Harness<'static, MlsdApp>, FakeClock) {
    let clock = FakeClock::default();
    let c = clock.clone();
    let home = home.to_owned();
    let mut h = Harness::builder().with_size(size).with_step_dt(1.0 / 60.0).build_eframe(move |cc| {
        let mut app =
            MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()));
        app.set_paths(Some(Paths::under(home)));
        app.set_interview(Interview::new(Box::new(c), 0).with_dates(Box::new(FakeWallClock::at(today))));
        app
    });
    h.run_steps(2);
    (h, clock)
}

/// Scrolls the widget labelled `label` into view and checks that all of it is on the screen.
fn reach(h: &mut Harness<'static, MlsdApp>, label: &str, screen: egui::Vec2) {
    h.get_by_label(label).scroll_to_me();
    h.run_steps(3);
    let r = h.get_by_label(label).rect();
    let on_screen = Rect::from_min_size(egui::Pos2::ZERO, screen);
    assert!(on_screen.contains_rect(r), "{label:?} at {r:?} is not on a {screen:?} screen");
}

fn click(h: &mut Harness<'static, MlsdApp>, label: &str, screen: egui::Vec2) {
    reach(h, label, screen);
    h.get_by_label(label).click();
    h.run_steps(3);
}

/// Starts the visual search case and its clock.
fn start(h: &mut Harness<'static, MlsdApp>, screen: egui::Vec2) {
    let t = mlsd_board::content::templates::find("visual-search").expect("case");
    h.state_mut().start_from_template(t);
    h.run_steps(2);
    click(h, "Start", screen);
}

#[test]
fn finish_then_rate_the_five_signals_and_progress_charts_them_on_a_1280x720_screen() {
    let screen = vec2(1280.0, 720.0);
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, clock) = app(home.path(), screen, 100 * DAY);
    start(&mut h, screen);
    clock.advance(Duration::from_secs(5 * 60));
    h.run_steps(2);
    click(&mut h, "Finish", screen);
    assert!(h.query_by_label("Session report").is_some(), "Finish opens the report");
    reach(&mut h, "Reveal the reference", screen);
    assert!(h.query_by_label("Time per step").is_some());
    assert!(h.query_by_label_contains("Crux missing: ").is_some(), "an empty board misses the crux");

    let levels = [3, 2, 4, 1, 3];
    for (s, l) in Signal::ALL.iter().zip(levels) {
        click(&mut h, &format!("Rate {} {l}", s.name()), screen);
    }
    let ratings: Vec<(Signal, u8)> =
        h.state().doc().board().session.ratings.iter().map(|r| (r.signal, r.level)).collect();
    assert_eq!(ratings, Signal::ALL.iter().copied().zip(levels).collect::<Vec<_>>(), "saved in the session");
    assert!(h.query_by_label("Session report").is_some(), "rating keeps the report open");
    // The weakest two are the lowest rated.
    assert!(h.query_by_label("Modelling (rated 1)").is_some());
    assert!(h.query_by_label("Training data (rated 2)").is_some());

    let loaded = log::load(&log::log_path(&Paths::under(home.path().to_owned())));
    assert_eq!(loaded.records.len(), 1, "one session in the practice log");
    assert_eq!(loaded.records[0].ratings, h.state().doc().board().session.ratings, "and its ratings");

    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::Progress);
    h.run_steps(3);
    for (s, l) in Signal::ALL.iter().zip(levels) {
        let line = format!("{}: {l}", s.name());
        assert!(h.query_by_label(&line).is_some(), "Progress shows {line:?}");
    }
    assert!(h.query_by_label("Your ratings per signal (1 to 4)").is_some());
}

#[test]
fn a_peek_is_recorded_and_the_report_lists_it_on_a_1366x768_screen() {
    let screen = vec2(1366.0, 768.0);
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, clock) = app(home.path(), screen, 100 * DAY);
    start(&mut h, screen);
    clock.advance(Duration::from_secs(90));
    h.run_steps(2);
    click(&mut h, "Peek at a strong answer", screen);
    let peeks = h.state().doc().board().session.peeks.clone();
    assert_eq!(peeks.len(), 1);
    assert_eq!((peeks[0].step.as_str(), peeks[0].at_ms), ("clarify", 90_000));
    let t = mlsd_board::content::templates::find("visual-search").expect("case");
    let fw = mlsd_board::content::frameworks::get_or_default(&t.framework);
    let first = mlsd_board::content::templates::strong_answer(t, fw, "clarify")[0].to_owned();
    assert!(h.query_by_label(&first).is_some(), "the step's strong answer is shown");
    assert!(h.query_by_label("Peek at a strong answer").is_none(), "shown, so no second button");

    clock.advance(Duration::from_secs(60));
    h.run_steps(2);
    click(&mut h, "Finish", screen);
    reach(&mut h, "You looked at the answer for step 1 Clarify requirements at 1:30", screen);
    reach(&mut h, "Pitfalls that cost candidates this round", screen);
    assert_eq!(h.state().doc().board().session.peeks.len(), 1, "reading after Finish is no peek");
}

#[test]
fn the_estimator_hints_at_bad_input_and_saves_good_input() {
    let screen = vec2(1280.0, 720.0);
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, _clock) = app(home.path(), screen, 100 * DAY);
    start(&mut h, screen);
    assert!(h.query_by_label("Average QPS:").is_some(), "step 1 has the estimator");
    let retype = |h: &mut Harness<'static, MlsdApp>, text: &str| {
        h.get_by_label("Daily users").scroll_to_me();
        h.run_steps(2);
        h.get_by_label("Daily users").focus();
        h.step();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.step();
        h.get_by_label("Daily users").type_text(text);
        h.run_steps(3);
    };
    retype(&mut h, "lots");
    assert_eq!(h.get_by_label("Daily users").value().as_deref(), Some("lots"));
    assert!(h.query_by_label("“lots” is not a number (try 100M or 1.5e6)").is_some(), "a hint");
    assert!(h.query_all_by_label_contains("needs Daily users").next().is_some(), "figures that need it wait");
    assert!(h.query_all_by_label_contains("NaN").next().is_none(), "never NaN");
    assert_eq!(h.state().doc().board().session.estimate, None, "nothing unreadable is saved");
    retype(&mut h, "-5");
    assert!(h.query_by_label("Cannot be negative").is_some());
    retype(&mut h, "200M");
    let saved = h.state().doc().board().session.estimate.expect("saved in the session");
    assert_eq!(saved.daily_users, 200e6);
    assert!(h.query_by_label("23.1 k").is_some(), "200M users × 10 a day is 23.1 k QPS on average");
    assert!(h.query_all_by_label_contains("needs").next().is_none());
    assert!(h.state().doc().history().can_undo(), "the estimate is an undo step");
}

#[test]
fn the_chooser_lists_a_due_case_and_starts_it_under_the_4_step_process() {
    let screen = vec2(1280.0, 720.0);
    let home = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(home.path().to_owned());
    let weak = PracticeRecord {
        date: 10 * DAY,
        case: Some("news-feed".into()),
        framework: "ml-system-design".into(),
        total_ms: 30 * 60_000,
        coverage_percent: Some(40.0),
        review_rules: mlsd_board::practice::review::RULES_VERSION,
        ..PracticeRecord::default()
    };
    log::append(&log::log_path(&paths), &weak).expect("log");
    let (mut h, _clock) = app(home.path(), screen, 12 * DAY);
    h.state_mut().open_chooser();
    h.run_steps(3);
    assert!(h.query_by_label("Due to practise again (1)").is_some(), "the Due list");
    click(&mut h, "⟳ Personalized news feed · 1 day overdue", screen);
    assert!(h.query_by_label("Due to practise again: coverage 40%").is_some(), "why it is due");
    let weights = h.state().ui_state().chooser.weights.clone();
    let heaviest = weights.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|w| w.0.clone());
    assert_eq!(heaviest.as_deref(), Some("news-feed"), "Surprise me prefers the due case");
    click(&mut h, "ML system design (4 steps) · 4 steps", screen);
    click(&mut h, "Start practising", screen);
    let b = h.state().doc().board();
    assert_eq!(b.template.as_deref(), Some("news-feed"));
    assert_eq!(b.framework, "ml-4-step");
}

#[test]
fn the_requirement_change_is_asked_at_40_percent_and_shown_in_the_report_and_the_replay() {
    use mlsd_board::board::{Command, Node, NodeId, NodeKind, Point, Size};
    let screen = vec2(1366.0, 768.0);
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, clock) = app(home.path(), screen, 100 * DAY);
    start(&mut h, screen);
    click(&mut h, "Interviewer mode", screen);
    assert!(h.state().doc().board().session.interviewer_mode);
    clock.advance(Duration::from_secs(60));
    h.run_steps(2);
    h.state_mut().apply(Command::Add {
        nodes: vec![Node {
            id: NodeId(100),
            kind: NodeKind::Component("ann_index".into()),
            label: "ANN index".into(),
            pos: Point::new(300.0, 0.0),
            size: Size::new(180.0, 64.0),
            color: None,
        }],
        edges: vec![],
    });
    // 40% of the case's 45 minutes is 18:00.
    clock.advance(Duration::from_secs(17 * 60));
    h.run_steps(3);
    let change = h
        .state()
        .doc()
        .board()
        .session
        .follow_ups
        .iter()
        .find(|f| f.source == mlsd_board::board::record::FollowUpSource::RequirementChange)
        .cloned()
        .expect("the requirement change was asked and recorded");
    assert_eq!(change.at_ms, 18 * 60_000);
    click(&mut h, "Finish", screen);
    reach(&mut h, "Requirement change at 18:00 in step 1 Clarify requirements", screen);
    assert!(
        h.query_all_by_label(&change.question).count() >= 2,
        "what was asked: in the report and on the panel's card"
    );
    click(&mut h, "Replay the session", screen);
    h.state_mut().ui_state_mut().review.player.as_mut().expect("replaying").playing = false;
    h.state_mut().ui_state_mut().review.player.as_mut().expect("replaying").at_ms = 18 * 60_000;
    h.run_steps(3);
    assert!(h.query_by_label("Requirements changed at 18:00:").is_some(), "the replay shows it");
}
