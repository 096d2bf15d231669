//! The coach around the score, headless: the rubric and the evidence found in a session, ratings
//! in the board file and the practice log, progress per signal, the Due list on a fake clock,
//! the interviewer's rules and requirement change, and the session report (text, JSON, CLI).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use common::run_in_home;
use mlsd_board::board::record::{FollowUp, FollowUpSource, Rating, Signal};
use mlsd_board::board::{Board, Document, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::schema::{Rule, Template};
use mlsd_board::content::{frameworks, templates};
use mlsd_board::file::format;
use mlsd_board::practice::interviewer::{self, Interviewer};
use mlsd_board::practice::log::{self, PracticeRecord};
use mlsd_board::practice::review::RULES_VERSION;
use mlsd_board::practice::schedule::{self, INTERVALS_DAYS};
use mlsd_board::practice::{report, rubric};

const DAY: u64 = 86_400;

fn comp(id: u64, kind: &str, label: &str) -> Node {
    Node {
        id: NodeId(id),
        kind: NodeKind::Component(kind.to_owned()),
        label: label.to_owned(),
        pos: Point::new(400.0, id as f32 * 90.0),
        size: Size::new(180.0, 64.0),
        color: None,
    }
}

fn case_board(id: &str) -> Board {
    templates::new_board(templates::find(id).unwrap_or_else(|| panic!("case {id}")))
}

/// `b` with these ratings, given as the app gives them (through the document).
fn rated(b: Board, ratings: &[(Signal, u8)]) -> Board {
    let mut doc = Document::new(b, None);
    for (s, l) in ratings {
        doc.set_rating(*s, *l);
    }
    doc.board().clone()
}

fn evidence_of(b: &Board, signal: Signal) -> rubric::SignalEvidence {
    rubric::evidence(b).into_iter().find(|e| e.signal == signal).expect("every signal")
}

fn found(e: &rubric::SignalEvidence, starts: &str) -> bool {
    e.items.iter().find(|i| i.text.starts_with(starts)).unwrap_or_else(|| panic!("{starts:?} in {e:?}")).found
}

// ---------------------------------------------------------------------------------------------
// Rubric and evidence

#[test]
fn the_rubric_describes_four_levels_and_gives_advice_for_every_signal() {
    for s in Signal::ALL {
        let r = rubric::of(s).unwrap_or_else(|| panic!("{s:?}"));
        assert_eq!(r.levels.len(), 4);
        for level in 1..=4 {
            assert!(rubric::level_text(s, level).is_some_and(|t| t.len() > 20), "{s:?} {level}");
        }
        assert_eq!(rubric::level_text(s, 0), None);
        assert_eq!(rubric::level_text(s, 5), None);
        assert!(!rubric::practice(s).is_empty());
        assert!(!r.evidence.is_empty());
    }
}

#[test]
fn evidence_comes_from_the_notes_the_board_and_the_ticked_checklist() {
    let mut b = case_board("visual-search");
    let none = rubric::evidence(&b);
    assert_eq!(none.len(), 5);
    assert!(none.iter().all(|e| e.items.iter().all(|i| !i.found) && e.checklist_done == 0), "{none:?}");
    assert!(none.iter().all(|e| e.checklist_total > 0), "every signal has tagged checklist items");

    // Step 1's notes: assumptions with numbers and a latency.
    b.session.step_mut("clarify").notes =
        "Assume 2B images, 50M uploads a day, 100M DAU; p99 latency under 200 ms; rank by look only".into();
    let pn = evidence_of(&b, Signal::ProblemNavigation);
    assert!(found(&pn, "Assumptions written"), "{pn:?}");
    assert!(found(&pn, "Numbers in the first step"), "{pn:?}");
    assert!(found(&pn, "A latency or traffic figure"), "{pn:?}");
    assert!(!found(&pn, "The ML objective"), "nothing written in step 2 yet");

    // The board: a label source and a monitoring component; metrics named in a label and notes.
    let td = evidence_of(&b, Signal::TrainingData);
    assert!(!found(&td, "A label source"));
    b.nodes.push(comp(100, "label_join", "Pairs from clicks"));
    b.nodes.push(comp(101, "dashboards", "Latency dashboard"));
    b.session.step_mut("evaluate").notes = "Offline: recall@k and MRR. Online: CTR on results.".into();
    let td = evidence_of(&b, Signal::TrainingData);
    assert!(found(&td, "A label source"));
    let ed = evidence_of(&b, Signal::EvaluationDeployment);
    assert!(found(&ed, "Offline metrics named") && found(&ed, "Online metrics named"), "{ed:?}");
    assert!(found(&ed, "A monitoring component"), "{ed:?}");
    // A note on the board that names a kind is no component.
    let mut m = b.clone();
    m.nodes.retain(|n| n.id != NodeId(101));
    m.nodes.push(Node { kind: NodeKind::Note, ..comp(102, "x", "Dashboards and alerts") });
    assert!(!found(&evidence_of(&m, Signal::EvaluationDeployment), "A monitoring component"));

    // Ticked checklist items count for the signal they are tagged with.
    let steps = mlsd_board::practice::steps::steps(&b);
    let item =
        steps[0].checklist.iter().find(|c| c.signal == Some(Signal::ProblemNavigation)).expect("tagged");
    b.session.step_mut("clarify").ticked.push(item.text.clone());
    assert_eq!(evidence_of(&b, Signal::ProblemNavigation).checklist_done, 1);
    assert_eq!(evidence_of(&b, Signal::Modelling).checklist_done, 0);
}

#[test]
fn ratings_replace_each_other_ignore_bad_levels_and_survive_the_file() {
    let mut doc = Document::new(case_board("news-feed"), None);
    doc.set_rating(Signal::Modelling, 2);
    doc.set_rating(Signal::ProblemNavigation, 4);
    doc.set_rating(Signal::Modelling, 3); // a second rating replaces the first
    doc.set_rating(Signal::TrainingData, 0);
    doc.set_rating(Signal::TrainingData, 5);
    doc.set_rating(Signal::EvaluationDeployment, 2);
    doc.set_rating(Signal::EvaluationDeployment, 0); // a level outside 1–4 takes a rating back
    assert!(doc.is_dirty(), "ratings are saved with the board");
    let b = doc.board().clone();
    assert_eq!(
        b.session.ratings,
        vec![
            Rating { signal: Signal::ProblemNavigation, level: 4 },
            Rating { signal: Signal::Modelling, level: 3 }
        ]
    );
    let text = format::to_string(&b).expect("writes");
    let back = format::parse_str(&text).expect("reads").board;
    assert_eq!(back.session.ratings, b.session.ratings);
    assert_eq!(rubric::rating(&back.session, Signal::Modelling), Some(3));
    assert_eq!(rubric::rating(&back.session, Signal::TrainingData), None);
}

#[test]
fn the_two_weakest_signals_are_the_lowest_rated_then_the_least_evidenced() {
    let b = rated(
        case_board("visual-search"),
        &[
            (Signal::ProblemNavigation, 4),
            (Signal::TrainingData, 1),
            (Signal::FeatureEngineering, 3),
            (Signal::Modelling, 2),
            (Signal::EvaluationDeployment, 3),
        ],
    );
    let weakest = rubric::weakest(&rubric::evidence(&b), 2);
    assert_eq!(weakest, vec![Signal::TrainingData, Signal::Modelling]);
    // Unrated: the signal with the least evidence first.
    let mut b = case_board("visual-search");
    b.session.step_mut("clarify").notes =
        "Assume 1B images and 100 ms p99, mostly mobile traffic from 5 regions".into();
    for id in [100, 101, 102] {
        b.nodes.push(comp(id, ["label_join", "negative_sampling", "object_store"][id as usize - 100], ""));
    }
    let weakest = rubric::weakest(&rubric::evidence(&b), 2);
    assert!(
        !weakest.contains(&Signal::ProblemNavigation) && !weakest.contains(&Signal::TrainingData),
        "{weakest:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Practice log: ratings and progress

fn session(date: u64, case: &str, coverage: Option<f32>, ratings: &[(Signal, u8)]) -> PracticeRecord {
    PracticeRecord {
        date,
        case: Some(case.to_owned()),
        framework: "ml-system-design".into(),
        coverage_percent: coverage,
        review_rules: RULES_VERSION,
        ratings: ratings.iter().map(|&(signal, level)| Rating { signal, level }).collect(),
        ..PracticeRecord::default()
    }
}

#[test]
fn ratings_round_trip_through_the_log_and_rating_after_finish_amends_the_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("practice-log.ron");
    // A line written before ratings existed still loads.
    std::fs::write(
        &path,
        "Session(date:100,case:Some(\"visual-search\"),framework:\"ml-system-design\",total_ms:5,steps:[],checklist_done:1,checklist_total:2,coverage_percent:Some(40.0))\n",
    )
    .expect("write");
    let rated = session(200, "news-feed", Some(85.0), &[(Signal::Modelling, 3)]);
    log::append(&path, &rated).expect("append");
    let finished = session(300, "visual-search", Some(60.0), &[]);
    log::append(&path, &finished).expect("append");
    // Rated later: the ratings line amends the session of that date and case.
    let later =
        [Rating { signal: Signal::TrainingData, level: 1 }, Rating { signal: Signal::Modelling, level: 4 }];
    log::append_ratings(&path, 300, Some("visual-search"), &later).expect("append ratings");
    // A ratings line for no known session changes nothing.
    log::append_ratings(&path, 999, Some("nowhere"), &later).expect("append ratings");

    let loaded = log::load(&path);
    assert_eq!(loaded.skipped_lines, 0, "{loaded:?}");
    assert_eq!(loaded.records.len(), 3);
    assert_eq!(loaded.records[0].review_rules, 0, "the old line");
    assert!(loaded.records[0].ratings.is_empty());
    assert_eq!(loaded.records[1], rated);
    assert_eq!(loaded.records[2].ratings, later.to_vec());

    // Progress per signal: the rated sessions in order.
    let progress = log::signal_progress(&loaded.records);
    assert_eq!(progress.len(), 5);
    let modelling = &progress.iter().find(|(s, _)| *s == Signal::Modelling).expect("series").1;
    assert_eq!(modelling.iter().map(|p| (p.date, p.level)).collect::<Vec<_>>(), vec![(200, 3), (300, 4)]);
    let nav = &progress.iter().find(|(s, _)| *s == Signal::ProblemNavigation).expect("series").1;
    assert!(nav.is_empty());
    let avg = log::recent_average_ratings(&loaded.records, 5);
    assert_eq!(avg.iter().find(|(s, _)| *s == Signal::Modelling).and_then(|(_, a)| *a), Some(3.5));
    assert_eq!(avg.iter().find(|(s, _)| *s == Signal::ProblemNavigation).and_then(|(_, a)| *a), None);
}

#[test]
fn record_of_carries_the_ratings_and_the_rules_version() {
    let b = rated(case_board("visual-search"), &[(Signal::EvaluationDeployment, 2)]);
    let r = log::record_of(&b, 1_000);
    assert_eq!(r.ratings, b.session.ratings);
    assert_eq!(r.review_rules, RULES_VERSION);
}

// ---------------------------------------------------------------------------------------------
// The Due list

#[test]
fn the_due_list_follows_1_3_7_14_days_from_low_ratings_and_low_coverage() {
    let t0 = 1_000 * DAY;
    let weak = session(t0, "visual-search", Some(55.0), &[]);
    assert!(schedule::due(std::slice::from_ref(&weak), t0).is_empty(), "not due the same day");
    let due = schedule::due(std::slice::from_ref(&weak), t0 + DAY);
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].case.as_str(), due[0].due_at, due[0].repetition), ("visual-search", t0 + DAY, 0));
    assert!(due[0].reason.contains("coverage 55%"), "{}", due[0].reason);
    assert_eq!(due[0].days_overdue(t0 + 3 * DAY + 5), 2);

    // Sound repetitions on time move the case on: 3, then 7, then 14 days, then off the list.
    let mut records = vec![weak];
    let mut at = t0;
    for (i, days) in INTERVALS_DAYS.iter().enumerate() {
        at += days * DAY;
        records.push(session(at, "visual-search", Some(90.0), &[(Signal::Modelling, 3)]));
        let s = schedule::schedule(&records);
        match INTERVALS_DAYS.get(i + 1) {
            Some(next) => {
                assert_eq!(s.len(), 1, "after repetition {}", i + 1);
                assert_eq!(s[0].due_at, at + next * DAY);
                assert!(schedule::due(&records, at + next * DAY - 1).is_empty());
                assert_eq!(schedule::due(&records, at + next * DAY).len(), 1);
            }
            None => assert!(s.is_empty(), "graduated after the 14-day repetition"),
        }
    }

    // Cramming before the due date changes nothing; a low rating starts again at one day.
    let cram = vec![
        session(t0, "news-feed", None, &[(Signal::TrainingData, 1)]),
        session(t0 + 3600, "news-feed", Some(95.0), &[]),
    ];
    let s = schedule::schedule(&cram);
    assert_eq!((s[0].due_at, s[0].repetition), (t0 + DAY, 0));
    assert!(s[0].reason.contains("Training data"), "{}", s[0].reason);
    let mut again = records.clone();
    again.push(session(at + DAY, "visual-search", Some(95.0), &[(Signal::FeatureEngineering, 2)]));
    assert_eq!(schedule::schedule(&again)[0].due_at, at + 2 * DAY);

    // Sound from the start, no measure at all, or coverage from older rules: never due.
    let mut old = session(t0, "ad-click-prediction", Some(10.0), &[]);
    old.review_rules = 0;
    let quiet = vec![
        session(t0, "similar-listings", Some(92.0), &[(Signal::Modelling, 3)]),
        session(t0, "proximity-alerts", None, &[]),
        old,
    ];
    assert!(schedule::schedule(&quiet).is_empty());
}

#[test]
fn surprise_me_prefers_due_cases() {
    let now = 500 * DAY;
    let records = vec![
        session(now - 2 * DAY, "visual-search", Some(40.0), &[]), // due since yesterday
        session(now - 2 * DAY, "news-feed", Some(95.0), &[(Signal::Modelling, 4)]), // sound
    ];
    let cases = ["visual-search", "news-feed", "street-view-blurring"];
    let w = mlsd_board::practice::schedule::surprise_weights(&records, &cases, now);
    let weight = |id: &str| w.iter().find(|(c, _)| c == id).expect("weighted").1;
    assert!(weight("visual-search") > weight("street-view-blurring"), "due beats never practised");
    assert!(weight("street-view-blurring") > weight("news-feed"), "never practised beats recent");
    assert!((weight("news-feed") - 3.0).abs() < 1e-9);
}

// ---------------------------------------------------------------------------------------------
// The interviewer

/// Visual search with one rule of our own (the case's own rules change with the content).
fn with_rules(rules: Vec<Rule>, change: Option<&str>) -> Template {
    let mut t = templates::find("visual-search").expect("case").clone();
    t.rules = rules;
    t.requirement_change = change.map(str::to_owned);
    t
}

fn no_fallback_rule() -> Rule {
    Rule {
        step: "deploy".into(),
        present: vec!["ann_index".into()],
        absent: vec!["fallback".into(), "prediction_cache".into()],
        question: "The index goes down at peak; what do users see?".into(),
    }
}

/// A visual search board with an ANN index, at step `index` with `used_min` minutes in it.
fn at_step(index: usize, used_min: u64) -> Board {
    let mut b = case_board("visual-search");
    b.nodes.push(comp(100, "ann_index", "FAISS"));
    b.session.current = index;
    let id = frameworks::get_or_default(&b.framework).steps[index].id.clone();
    b.session.step_mut(&id).used_ms = used_min * 60_000;
    b
}

fn asked(question: &str, at_ms: u64, source: FollowUpSource) -> FollowUp {
    FollowUp { step: "deploy".into(), question: question.into(), at_ms, source }
}

#[test]
fn a_rule_fires_on_the_right_board_and_step_and_not_otherwise() {
    let t = with_rules(vec![no_fallback_rule()], None);
    let fw = frameworks::get_or_default("ml-system-design");
    let iv = Interviewer { framework: fw, template: Some(&t) };
    let deploy = fw.steps.iter().position(|s| s.id == "deploy").expect("deploy step");
    let q = "The index goes down at peak; what do users see?";

    // Deploy step, index on the board, no fallback: fires (the framework's own rules may too).
    let b = at_step(deploy, 5);
    let firing: Vec<&str> = iv.firing(&b, deploy, &[]).iter().map(|r| r.question.as_str()).collect();
    assert!(firing.contains(&q), "{firing:?}");
    // Another step: no.
    assert!(!iv.firing(&b, deploy - 1, &[]).iter().any(|r| r.question == q));
    // No index: no.
    let mut plain = at_step(deploy, 5);
    plain.nodes.retain(|n| n.id != NodeId(100));
    assert!(!iv.firing(&plain, deploy, &[]).iter().any(|r| r.question == q));
    // A cache drawn as "Redis cache" is an equivalent of the prediction cache: no.
    let mut cached = at_step(deploy, 5);
    cached.nodes.push(comp(101, "cache", "Redis cache"));
    assert!(!iv.firing(&cached, deploy, &[]).iter().any(|r| r.question == q));
    // Already asked: no.
    assert!(!iv.firing(&b, deploy, &[asked(q, 1, FollowUpSource::Rule)]).iter().any(|r| r.question == q));

    // Asked now only once 40% of the step's budget is spent, never within a minute of the last.
    let budget = u64::from(fw.steps[deploy].budget_min);
    let early = at_step(deploy, budget * interviewer::RULE_AFTER_PERCENT / 100 - 1);
    assert!(iv.ask_now(&early, 60_000_000, &[]).is_none_or(|a| a.source != FollowUpSource::Rule));
    let ripe = at_step(deploy, budget);
    let only_ours = Interviewer { framework: &no_rules(fw), template: Some(&t) };
    let ask = only_ours.ask_now(&ripe, 60_000_000, &[]).expect("asked");
    assert_eq!((ask.question.as_str(), ask.source, ask.step.as_str()), (q, FollowUpSource::Rule, "deploy"));
    let recent = [asked("Something else", 60_000_000 - 30_000, FollowUpSource::Timed)];
    assert!(only_ours.ask_now(&ripe, 60_000_000, &recent).is_none());
    assert_eq!(ask.to_follow_up(7).at_ms, 7);
}

/// The framework without its own rules, so a test sees the case's rules alone.
fn no_rules(fw: &mlsd_board::content::schema::Framework) -> mlsd_board::content::schema::Framework {
    let mut f = fw.clone();
    f.rules.clear();
    f
}

#[test]
fn under_a_short_framework_a_rule_fires_in_the_step_that_covers_its_own() {
    let Some(short) =
        frameworks::frameworks().iter().find(|f| f.short_for.as_deref() == Some("ml-system-design"))
    else {
        return; // no short framework in this build
    };
    let t = with_rules(vec![no_fallback_rule()], None);
    let fw = no_rules(short);
    let iv = Interviewer { framework: &fw, template: Some(&t) };
    let covering =
        fw.steps.iter().position(|s| s.covers.iter().any(|c| c == "deploy")).expect("covers deploy");
    let mut b = at_step(0, 0);
    b.framework = short.id.clone();
    assert_eq!(iv.firing(&b, covering, &[]).len(), 1);
    assert!((0..fw.steps.len()).filter(|&i| i != covering).all(|i| iv.firing(&b, i, &[]).is_empty()));
}

#[test]
fn the_requirement_change_comes_once_at_40_percent_of_the_total_time() {
    let change = "Results must now come back in under 50 ms on mobile.";
    let t = with_rules(Vec::new(), Some(change));
    let fw = no_rules(frameworks::get_or_default("ml-system-design"));
    let iv = Interviewer { framework: &fw, template: Some(&t) };
    let b = at_step(3, 0);
    let total_ms: u64 =
        mlsd_board::practice::steps::steps(&b).iter().map(|s| u64::from(s.budget_min) * 60_000).sum();
    let at = total_ms * interviewer::REQUIREMENT_CHANGE_AT_PERCENT / 100;
    assert!(iv.requirement_change(&b, at - 1, &[]).is_none());
    let ask = iv.ask_now(&b, at, &[]).expect("due");
    assert_eq!(ask.source, FollowUpSource::RequirementChange);
    assert_eq!(ask.question, change);
    assert_eq!(ask.step, fw.steps[3].id, "recorded in the current step");
    let done = [ask.to_follow_up(at)];
    assert!(iv.requirement_change(&b, at * 2, &done).is_none(), "once");
    let none = with_rules(Vec::new(), None);
    assert!(Interviewer { framework: &fw, template: Some(&none) }.requirement_change(&b, at, &[]).is_none());
    // The built-in cases that have one bring it through the function the app calls each tick.
    for t in templates::builtin().iter().filter(|t| t.requirement_change.is_some()) {
        let b = templates::new_board(t);
        let total: u64 =
            mlsd_board::practice::steps::steps(&b).iter().map(|s| u64::from(s.budget_min) * 60_000).sum();
        let ask = interviewer::ask_now(&b, total / 2, &[]).unwrap_or_else(|| panic!("{}", t.id));
        assert_eq!(ask.source, FollowUpSource::RequirementChange, "{}", t.id);
        assert!(interviewer::ask_now(&b, total / 10, &[]).is_none(), "{}: not at 10%", t.id);
    }
}

// ---------------------------------------------------------------------------------------------
// The session report

#[test]
fn the_report_has_every_section_in_order_and_the_answer_to_the_change() {
    let mut b = case_board("visual-search");
    b.nodes.push(comp(100, "ann_index", "FAISS"));
    b.session.step_mut("clarify").used_ms = 6 * 60_000;
    b.session.step_mut("model").notes = "Distil the encoder to a small CNN and cache popular queries".into();
    b.session.follow_ups.push(FollowUp {
        step: "model".into(),
        question: "Results must now come back in under 50 ms on mobile.".into(),
        at_ms: 20 * 60_000,
        source: FollowUpSource::RequirementChange,
    });
    b.session.follow_ups.push(FollowUp {
        step: "deploy".into(),
        question: "The index goes down at peak; what do users see?".into(),
        at_ms: 30 * 60_000,
        source: FollowUpSource::Rule,
    });
    let b = rated(b, &[(Signal::Modelling, 1), (Signal::TrainingData, 2)]);
    let r = report::build(&b);
    let text = r.to_text();
    let order = [
        "Coverage: ",
        "Crux missing",
        "Per step",
        "Components:",
        "Connections:",
        "Extras",
        "Pacing",
        "Rubric",
        "Interviewer",
        "Practise next",
    ];
    let mut last = 0;
    for heading in order {
        let at = text.find(heading).unwrap_or_else(|| panic!("{heading:?} in\n{text}"));
        assert!(at >= last, "{heading:?} out of order in\n{text}");
        last = at;
    }
    assert!(text.contains("requirement change): Results must now come back in under 50 ms"), "{text}");
    assert!(text.contains("your answer (the step's notes): Distil the encoder"), "{text}");
    assert!(text.contains("the board prompted it"), "{text}");
    assert!(text.contains("Modelling — rated 1: "), "{text}");
    let practise = &text[text.find("Practise next").expect("section")..];
    assert!(
        practise.contains("Modelling (rated 1)") && practise.contains("Training data (rated 2)"),
        "{practise}"
    );
    assert_eq!(r.weakest, vec![Signal::Modelling, Signal::TrainingData]);

    let json = r.to_json().to_text();
    for key in [
        "\"coverage\":",
        "\"per_step\":",
        "\"crux_missing\":[",
        "\"extras\":",
        "\"rubric\":",
        "\"pacing\":",
        "\"follow_ups\":",
        "\"source\":\"requirement_change\"",
        "\"weakest\":",
    ] {
        assert!(json.contains(key), "{key} in {json}");
    }
    assert_eq!(json.matches('{').count(), json.matches('}').count());
}

#[test]
fn the_report_shows_the_estimate_the_peeks_and_what_the_case_teaches() {
    use mlsd_board::board::record::{EstimateInputs, Peek};
    let t = templates::find("visual-search").expect("case");
    let mut doc = Document::new(templates::new_board(t), None);
    doc.apply(mlsd_board::board::Command::SetEstimate(Some(EstimateInputs {
        daily_users: 100e6,
        actions_per_user: 10.0,
        index_items: 1e9,
        embedding_dim: 256.0,
        ..Default::default()
    })))
    .expect("sensible inputs");
    doc.record_peek(Peek { step: "model".into(), at_ms: 12 * 60_000 + 30_000 });
    let r = report::build(doc.board());
    let text = r.to_text();
    for line in [
        "Average QPS: 11.6 k",
        "Storage (3 replicas, 30 days)",
        "Index memory (float32): 1.02 TB",
        "You looked at the answer for step 4 Model development at 12:30",
        "What a strong answer covers",
        t.pitfalls[0].as_str(),
        t.estimates.as_ref().expect("a card").worked[0].as_str(),
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    let pos = |h: &str| text.find(h).unwrap_or_else(|| panic!("{h:?} in\n{text}"));
    assert!(pos("Pacing") < pos("\nEstimates") && pos("\nEstimates") < pos("Rubric"));
    assert!(pos("Practise next") < pos("What a strong answer covers"));
    let lessons = r.lessons.as_ref().expect("a built-in case teaches");
    assert_eq!(lessons.strong_answers.len(), frameworks::get_or_default(&t.framework).steps.len());
    let json = r.to_json().to_text();
    for key in [
        "\"estimate\":{\"inputs\":{",
        "\"peeks\":[{\"step\":\"model\"",
        "\"pitfalls\":[",
        "\"replication\":3",
    ] {
        assert!(json.contains(key), "{key} in {json}");
    }
    // Without the estimator the report says so, and the JSON has null.
    let plain = report::build(&templates::new_board(t));
    assert!(plain.to_text().contains("the estimator was not used"));
    assert!(plain.to_json().to_text().contains("\"estimate\":null"));
}

#[test]
fn cli_review_prints_coverage_first_and_json_on_request() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = run_in_home(&["review", "tests/boards/sound-visual-search.ron"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().find(|l| l.contains('%')).expect("figures");
    assert!(first.starts_with("Coverage: "), "{text}");
    let out = run_in_home(&["review", "--json", "tests/boards/game-notes-visual-search.ron"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.starts_with('{') && json.trim_end().ends_with('}'), "{json}");
    assert!(json.contains("\"coverage\":0,"), "{json}");
    // An old board's stored review: recomputed, and the report says what it said.
    let out = run_in_home(&["review", "tests/fixtures/v3/reviewed-board.ron"], home.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("recomputed under the current review rules") && text.contains("said 40%"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// What the app's panels change: the estimate (an undoable command), peeks and ratings after
// Finish (session operations the engine records)

#[test]
fn the_estimate_is_an_undoable_command_that_merges_typing_and_refuses_nonsense() {
    use mlsd_board::board::Command;
    use mlsd_board::board::record::EstimateInputs;
    let mut doc = Document::new(case_board("news-feed"), None);
    assert_eq!(doc.board().session.estimate, None);
    let typed = |users: f64| EstimateInputs { daily_users: users, ..EstimateInputs::default() };
    // Typing "2", "20", "200" million is one undo step, like typing in the notes.
    for users in [2e6, 20e6, 200e6] {
        doc.apply(Command::SetEstimate(Some(typed(users)))).expect("sensible");
    }
    assert_eq!(doc.board().session.estimate, Some(typed(200e6)));
    for bad in [f64::NAN, -1.0, f64::INFINITY, 1e40] {
        let before = doc.board().clone();
        assert!(doc.apply(Command::SetEstimate(Some(typed(bad)))).is_err(), "{bad} refused");
        assert_eq!(doc.board(), &before, "a refused estimate changes nothing");
    }
    let saved = format::to_string(doc.board()).expect("save");
    let back = format::parse_str(&saved).expect("load").board;
    assert_eq!(back.session.estimate, Some(typed(200e6)), "saved in the session");
    assert!(doc.undo().is_some());
    assert_eq!(doc.board().session.estimate, None, "one undo takes the whole typing back");
    assert!(doc.redo().is_some());
    assert_eq!(doc.board().session.estimate, Some(typed(200e6)));
}

#[test]
fn a_peek_is_recorded_at_the_session_time_before_finish_and_never_after() {
    use mlsd_board::practice::clock::FakeClock;
    use mlsd_board::practice::interview::Interview;
    use std::time::Duration;
    let clock = FakeClock::default();
    let mut iv = Interview::new(Box::new(clock.clone()), 7);
    let mut doc = Document::new(case_board("visual-search"), None);
    iv.start(&mut doc);
    clock.advance(Duration::from_secs(90));
    assert!(iv.peek(&mut doc, "clarify"));
    let peeks = &doc.board().session.peeks;
    assert_eq!(peeks.len(), 1);
    assert_eq!((peeks[0].step.as_str(), peeks[0].at_ms), ("clarify", 90_000));
    assert!(doc.is_dirty(), "a peek is saved with the board");
    // Undo does not take a peek back: it is a record of the session, not an edit.
    assert!(doc.undo().is_none());
    assert_eq!(doc.board().session.peeks.len(), 1);
    let lines = report::build(doc.board()).peek_lines();
    assert_eq!(lines, vec!["You looked at the answer for step 1 Clarify requirements at 1:30".to_owned()]);
    iv.finish(&mut doc, 1_000);
    assert!(!iv.peek(&mut doc, "model"), "after Finish the answers are open to read");
    assert_eq!(doc.board().session.peeks.len(), 1);
}

#[test]
fn ratings_given_after_finish_amend_that_sessions_log_record() {
    use mlsd_board::practice::clock::FakeClock;
    use mlsd_board::practice::interview::Interview;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("practice-log.ron");
    let mut iv = Interview::new(Box::new(FakeClock::default()), 7);
    let mut doc = Document::new(case_board("visual-search"), None);
    assert!(!log::amend_ratings(&path, doc.board()).expect("no write"), "not finished: nothing to amend");
    iv.start(&mut doc);
    let record = iv.finish(&mut doc, 5 * DAY);
    log::append(&path, &record).expect("append");
    assert_eq!(doc.board().session.finished.as_ref().and_then(|s| s.logged_at), Some(5 * DAY));
    for (i, s) in Signal::ALL.iter().enumerate() {
        doc.set_rating(*s, 1 + i as u8 % 4);
        assert!(log::amend_ratings(&path, doc.board()).expect("write"));
    }
    let loaded = log::load(&path);
    assert_eq!(loaded.skipped_lines, 0);
    assert_eq!(loaded.records.len(), 1, "amendments are not new sessions");
    assert_eq!(loaded.records[0].ratings, doc.board().session.ratings);
    assert_eq!(loaded.records[0].ratings.len(), 5);
    // Through the file too: the board reopened later still amends the same record.
    let back = format::parse_str(&format::to_string(doc.board()).expect("save")).expect("load").board;
    assert_eq!(back.session.finished.as_ref().and_then(|s| s.logged_at), Some(5 * DAY));
    assert_eq!(back.session.ratings, doc.board().session.ratings);
    // Low ratings put the case on the Due list a day later.
    let due = schedule::due(&loaded.records, 6 * DAY);
    assert_eq!(due.iter().map(|d| d.case.as_str()).collect::<Vec<_>>(), vec!["visual-search"]);
}
