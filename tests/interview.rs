//! The interview engine (`practice::interview`) without a window: pacing notices, timed
//! follow-ups, the questions the board prompts and the requirement change, the stage box picking
//! the step, stage-box placement, Start and Finish.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use mlsd_board::board::record::FollowUpSource;
use mlsd_board::board::{Board, Command, Document, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::templates;
use mlsd_board::practice::clock::FakeClock;
use mlsd_board::practice::interview::{self, Interview};
use mlsd_board::practice::steps;
use std::collections::HashSet;
use std::time::Duration;

const MIN: Duration = Duration::from_secs(60);

fn engine() -> (Interview, FakeClock) {
    let clock = FakeClock::default();
    (Interview::new(Box::new(clock.clone()), 7), clock)
}

fn case_doc(id: &str) -> Document {
    let t = templates::find(id).expect("a built-in case");
    Document::new(templates::new_board(t), None)
}

#[test]
fn each_pacing_notice_is_shown_once_and_only_while_running() {
    let (mut iv, clock) = engine();
    let mut doc = case_doc("visual-search");
    let first = steps::steps(doc.board())[0].budget_min;
    clock.advance(MIN * (first + 1));
    assert!(iv.tick(&mut doc).is_empty(), "nothing while paused");

    iv.start(&mut doc);
    clock.advance(MIN * (first + 1));
    let notices = iv.tick(&mut doc);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].warning && notices[0].text.contains("Time is up for step 1"), "{notices:?}");
    clock.advance(MIN);
    assert!(iv.tick(&mut doc).is_empty(), "the same notice is not shown twice");

    // Near the end of the whole interview: 5 minutes left, then 1, then time up.
    let total: u32 = steps::steps(doc.board()).iter().map(|s| s.budget_min).sum();
    let used = doc.board().session.total_used_ms() / 60_000;
    clock.advance(MIN * (total - used as u32 - 5));
    let texts: Vec<String> = iv.tick(&mut doc).into_iter().map(|n| n.text).collect();
    assert!(texts.iter().any(|t| t.contains("5 minutes left")), "{texts:?}");
    clock.advance(MIN * 4);
    let texts: Vec<String> = iv.tick(&mut doc).into_iter().map(|n| n.text).collect();
    assert!(texts.iter().any(|t| t.contains("1 minute left")), "{texts:?}");
    clock.advance(MIN * 2);
    let texts: Vec<String> = iv.tick(&mut doc).into_iter().map(|n| n.text).collect();
    assert!(texts.iter().any(|t| t.contains("time is up")), "{texts:?}");

    // A new board forgets what was shown.
    iv.leave(&mut doc);
    assert!(!iv.is_running(), "leaving a board pauses the clock");
}

#[test]
fn a_timed_follow_up_comes_once_per_step_between_30_and_80_percent_of_its_budget() {
    let (mut iv, clock) = engine();
    let mut doc = case_doc("ad-click-prediction");
    doc.set_interviewer_mode(true);
    let step = steps::steps(doc.board())[0].clone();
    assert!(!step.follow_ups.is_empty(), "the case has follow-ups for step 1");
    iv.start(&mut doc);
    let budget_s = u64::from(step.budget_min) * 60;
    // Before 30% of the budget nothing is asked.
    clock.advance(Duration::from_secs(budget_s * 29 / 100));
    iv.tick(&mut doc);
    assert!(doc.board().session.follow_ups.is_empty());
    // By 80% exactly one has been asked, recorded as timed, for this step.
    let mut asked_at = None;
    for pct in 30..=81 {
        clock.advance(Duration::from_secs(budget_s / 100));
        let notices = iv.tick(&mut doc);
        if asked_at.is_none() && !doc.board().session.follow_ups.is_empty() {
            asked_at = Some(pct);
            assert!(notices.iter().any(|n| n.text.starts_with("The interviewer asks")), "{notices:?}");
        }
    }
    assert!(asked_at.is_some_and(|p| (30..=81).contains(&p)), "{asked_at:?}");
    let asked = &doc.board().session.follow_ups;
    assert_eq!(asked.len(), 1, "once per step: {asked:?}");
    assert_eq!(asked[0].step, step.id);
    assert_eq!(asked[0].source, FollowUpSource::Timed);
    assert!(step.follow_ups.contains(&asked[0].question));

    // Without interviewer mode nothing is asked.
    let (mut quiet, clock) = engine();
    let mut doc = case_doc("ad-click-prediction");
    quiet.start(&mut doc);
    clock.advance(MIN * 30);
    quiet.tick(&mut doc);
    assert!(doc.board().session.follow_ups.is_empty());
}

#[test]
fn the_moment_of_a_follow_up_depends_on_the_seed_and_is_deterministic() {
    let mut b = templates::new_board(templates::find("news-feed").expect("case"));
    b.session.interviewer_mode = true;
    let step = &steps::steps(&b)[0];
    let first_moment = |seed: u64| {
        (0..=step.budget_min * 60).find(|s| {
            let mut board = b.clone();
            board.session.step_mut(&step.id).used_ms = u64::from(*s) * 1000;
            interview::timed_follow_up(&board, seed).is_some()
        })
    };
    let a = first_moment(1);
    assert_eq!(a, first_moment(1), "the same seed, the same moment");
    let moments: HashSet<Option<u32>> = (0..8).map(first_moment).collect();
    assert!(moments.len() > 1, "different seeds spread the moment: {moments:?}");
}

#[test]
fn selecting_one_stage_box_makes_its_step_current() {
    let (mut iv, _) = engine();
    let mut doc = case_doc("visual-search");
    let stage = |n: u8| doc.board().nodes.iter().find(|x| x.kind == NodeKind::Stage(n)).map(|x| x.id);
    let four: HashSet<NodeId> = stage(4).into_iter().collect();
    let two_boxes: HashSet<NodeId> = [stage(2), stage(5)].into_iter().flatten().collect();
    iv.follow_selection(&mut doc, &two_boxes);
    assert_eq!(doc.board().session.current, 0, "two boxes pick nothing");
    iv.follow_selection(&mut doc, &four);
    assert_eq!(doc.board().session.current, 3);
}

#[test]
fn a_missing_stage_box_goes_below_the_nearest_earlier_one() {
    let mut b = Board::new("lanes");
    let size = Size::new(220.0, 72.0);
    b.nodes.push(Node::new(NodeId(1), NodeKind::Stage(1), "one", Point::new(0.0, 0.0), size));
    b.nodes.push(Node::new(NodeId(2), NodeKind::Stage(2), "two", Point::new(0.0, 110.0), size));
    b.reindex();
    let spot = interview::stage_box_spot(&b, 4).expect("below stage 2");
    // Two lanes further down than stage 2, centred on the column.
    assert_eq!(spot, Point::new(110.0, 110.0 + 2.0 * (72.0 + 38.0) + 36.0));
    assert_eq!(interview::stage_box_spot(&b, 1), None, "nothing comes before step 1");
    assert_eq!(interview::stage_title(&b, 4), "Model development");
}

#[test]
fn start_begins_the_replay_log_and_finish_records_summary_review_and_the_log_line() {
    let (mut iv, clock) = engine();
    let mut doc = case_doc("visual-search");
    doc.apply(Command::SetTitle("before the clock".into())).expect("title");
    assert!(doc.board().session.log.is_empty(), "nothing is logged before the first start");
    iv.start(&mut doc);
    assert!(doc.board().session.replay_base.is_some());
    clock.advance(MIN * 2);
    iv.tick(&mut doc);
    doc.apply(Command::SetTitle("during the session".into())).expect("title");
    assert_eq!(doc.board().session.log.len(), 1, "changes after the start are logged");
    assert_eq!(doc.board().session.log[0].at_ms, 120_000);

    let record = iv.finish(&mut doc, 1_700_000_000);
    assert!(!iv.is_running(), "Finish stops the clock");
    let s = &doc.board().session;
    let summary = s.finished.as_ref().expect("a summary");
    assert_eq!(summary.used_ms(), 120_000);
    assert!(s.review.is_some(), "a case study is reviewed against its reference");
    assert_eq!(record.case.as_deref(), Some("visual-search"));
    assert_eq!(record.total_ms, 120_000);
    assert_eq!(record.date, 1_700_000_000);

    // Starting again goes on with the session: the summary no longer holds.
    iv.start(&mut doc);
    assert!(doc.board().session.finished.is_none());
}

/// Steps the engine's clock by `step` until `until` of session time has run, ticking each time;
/// returns the notices.
fn run_for(
    iv: &mut Interview,
    doc: &mut Document,
    clock: &FakeClock,
    until: Duration,
    step: Duration,
) -> Vec<String> {
    let mut notices = Vec::new();
    let mut t = Duration::ZERO;
    while t < until {
        clock.advance(step);
        t += step;
        notices.extend(iv.tick(doc).into_iter().map(|n| n.text));
    }
    notices
}

#[test]
fn in_interviewer_mode_the_board_prompts_a_rule_question_in_its_step_only() {
    use mlsd_board::practice::interviewer::{Interviewer, RULE_AFTER_PERCENT};
    let (mut iv, clock) = engine();
    let mut doc = case_doc("visual-search");
    doc.set_interviewer_mode(true);
    let index = Node::new(
        NodeId(900),
        NodeKind::Component("ann_index".into()),
        "FAISS",
        Point::new(600.0, 0.0),
        Size::new(180.0, 64.0),
    );
    doc.apply(Command::Add { nodes: vec![index], edges: vec![] }).expect("add the index");
    let all = steps::steps(doc.board());
    let deploy = all.iter().position(|s| s.id == "deploy").expect("a deploy step");
    let data = all.iter().position(|s| s.id == "data").expect("a data step");
    let expected = Interviewer::of(doc.board()).firing(doc.board(), deploy, &[]);
    assert!(!expected.is_empty(), "an index without a fallback prompts a rule in deploy");

    // The data step for its whole budget: a rule of the deploy step never comes.
    iv.start(&mut doc);
    iv.switch_to(&mut doc, data);
    run_for(&mut iv, &mut doc, &clock, MIN * all[data].budget_min, Duration::from_secs(5));
    let rules_asked: Vec<_> =
        doc.board().session.follow_ups.iter().filter(|f| f.source == FollowUpSource::Rule).collect();
    assert!(rules_asked.iter().all(|f| f.step == "data"), "only the data step's own rules: {rules_asked:?}");
    assert!(!rules_asked.iter().any(|f| expected.iter().any(|r| r.question == f.question)));

    // The deploy step: nothing before 40% of its budget, the first firing rule soon after.
    iv.switch_to(&mut doc, deploy);
    let budget_s = u64::from(all[deploy].budget_min) * 60;
    let before = budget_s * RULE_AFTER_PERCENT / 100 - 5;
    run_for(&mut iv, &mut doc, &clock, Duration::from_secs(before), Duration::from_secs(5));
    let in_deploy = |doc: &Document| {
        doc.board()
            .session
            .follow_ups
            .iter()
            .filter(|f| f.step == "deploy" && f.source == FollowUpSource::Rule)
            .count()
    };
    assert_eq!(in_deploy(&doc), 0, "not before 40% of the step");
    let notices = run_for(&mut iv, &mut doc, &clock, Duration::from_secs(70), Duration::from_secs(5));
    let f = doc
        .board()
        .session
        .follow_ups
        .iter()
        .find(|f| f.step == "deploy" && f.source == FollowUpSource::Rule)
        .expect("a rule question in the deploy step");
    assert_eq!(f.question, expected[0].question);
    assert!(notices.iter().any(|n| n == &format!("The interviewer asks: {}", f.question)), "{notices:?}");
    let deploy_used = doc.board().session.used_ms("deploy");
    assert!(deploy_used >= budget_s * 1000 * RULE_AFTER_PERCENT / 100, "{deploy_used}");
}

#[test]
fn drawing_what_the_rule_asks_for_keeps_the_question_away() {
    let (mut iv, clock) = engine();
    let mut doc = case_doc("visual-search");
    doc.set_interviewer_mode(true);
    let size = Size::new(180.0, 64.0);
    let nodes = vec![
        Node::new(
            NodeId(900),
            NodeKind::Component("ann_index".into()),
            "FAISS",
            Point::new(600.0, 0.0),
            size,
        ),
        Node::new(
            NodeId(901),
            NodeKind::Component("cache".into()),
            "Redis cache",
            Point::new(600.0, 100.0),
            size,
        ),
        Node::new(
            NodeId(902),
            NodeKind::Component("workers".into()),
            "Indexing workers",
            Point::new(600.0, 200.0),
            size,
        ),
    ];
    doc.apply(Command::Add { nodes, edges: vec![] }).expect("add");
    let t = templates::find("visual-search").expect("case");
    let deploy = steps::steps(doc.board()).iter().position(|s| s.id == "deploy").expect("deploy");
    iv.start(&mut doc);
    iv.switch_to(&mut doc, deploy);
    run_for(&mut iv, &mut doc, &clock, MIN * 8, Duration::from_secs(5));
    let case_rules: Vec<&str> =
        t.rules.iter().filter(|r| r.step == "deploy").map(|r| r.question.as_str()).collect();
    assert!(!case_rules.is_empty());
    let asked = &doc.board().session.follow_ups;
    assert!(
        !asked.iter().any(|f| case_rules.contains(&f.question.as_str())),
        "a cache and indexing workers answer the case's deploy rules: {asked:?}"
    );
}

#[test]
fn the_requirement_change_arrives_once_at_about_40_percent_of_the_total_time() {
    use mlsd_board::practice::interviewer::{MIN_GAP_MS, REQUIREMENT_CHANGE_AT_PERCENT};
    let (mut iv, clock) = engine();
    let mut doc = case_doc("ad-click-prediction");
    let change =
        templates::find("ad-click-prediction").and_then(|t| t.requirement_change.clone()).expect("a change");
    doc.set_interviewer_mode(true);
    iv.start(&mut doc);
    let total_min: u32 = steps::steps(doc.board()).iter().map(|s| s.budget_min).sum();
    let total_ms = u64::from(total_min) * 60_000;
    // Walk through the steps on their budgets, ticking every 5 s.
    let all = steps::steps(doc.board());
    let mut notices = Vec::new();
    for s in &all {
        iv.switch_to(&mut doc, s.index);
        notices.extend(run_for(&mut iv, &mut doc, &clock, MIN * s.budget_min, Duration::from_secs(5)));
    }
    let changes: Vec<_> = doc
        .board()
        .session
        .follow_ups
        .iter()
        .filter(|f| f.source == FollowUpSource::RequirementChange)
        .collect();
    assert_eq!(changes.len(), 1, "once: {changes:?}");
    let at = changes[0].at_ms;
    let due = total_ms * REQUIREMENT_CHANGE_AT_PERCENT / 100;
    assert!(at >= due && at <= due + MIN_GAP_MS + 5_000, "at {at} ms, due at {due} ms of {total_ms}");
    assert_eq!(changes[0].question, change);
    let step_then = all.iter().scan(0u64, |acc, s| {
        let start = *acc;
        *acc += u64::from(s.budget_min) * 60_000;
        Some((start, *acc, s.id.clone()))
    });
    let expected_step = step_then.into_iter().find(|(a, b, _)| at > *a && at <= *b).map(|(_, _, id)| id);
    assert_eq!(Some(changes[0].step.clone()), expected_step, "recorded in the step that was current");
    assert!(notices.iter().any(|n| n == &format!("Requirements changed: {change}")), "{notices:?}");
    // Questions never come closer than the minimum gap.
    let mut times: Vec<u64> = doc.board().session.follow_ups.iter().map(|f| f.at_ms).collect();
    times.sort();
    assert!(times.windows(2).all(|w| w[1] - w[0] >= MIN_GAP_MS), "{times:?}");
}

#[test]
fn without_interviewer_mode_the_board_prompts_nothing() {
    let (mut iv, clock) = engine();
    let mut doc = case_doc("visual-search");
    iv.start(&mut doc);
    for s in steps::steps(doc.board()) {
        iv.switch_to(&mut doc, s.index);
        run_for(&mut iv, &mut doc, &clock, MIN * s.budget_min, Duration::from_secs(10));
    }
    assert!(doc.board().session.follow_ups.is_empty());
}

#[test]
fn finish_dates_come_from_the_engine_wall_clock() {
    use mlsd_board::file::wall_clock::FakeWallClock;
    let dates = FakeWallClock::at(1_800_000_000);
    let mut iv = Interview::new(Box::new(FakeClock::default()), 1).with_dates(Box::new(dates.clone()));
    assert_eq!(iv.date_secs(), 1_800_000_000);
    dates.advance(86_400);
    let mut doc = case_doc("news-feed");
    let now = iv.date_secs();
    assert_eq!(iv.finish(&mut doc, now).date, 1_800_086_400);
}
