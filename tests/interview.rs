//! The interview engine (`practice::interview`) without a window: pacing notices, timed
//! follow-ups, the stage box picking the step, stage-box placement, Start and Finish.
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
