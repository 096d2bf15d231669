//! The session report: the one text a candidate reads after a session, printed by
//! `mlsd-board review` (as text or `--json`) and shown by the app.
//!
//! In order: the coverage headline (the first figure line is always `Coverage: N%`), the crux
//! components first, coverage per step, the components, connections and extras, time per step
//! against budget with the checklist, the rubric with the evidence found in the session, the
//! interviewer's follow-ups and the requirement change with the user's answer (the notes of the
//! step in which it came), and the two weakest signals with what to practise next.
//!
//! [`SessionReport`] holds the data; [`SessionReport::to_text`] and [`SessionReport::to_json`]
//! write it. No UI.

use crate::board::Board;
use crate::board::record::{FollowUpSource, Peek, ReviewRecord, Signal, Summary};
use crate::content::catalogue::kind_name;
use crate::content::templates;
use crate::practice::json::Json;
use crate::practice::review::{self, ShownReview};
use crate::practice::rubric::{self, SignalEvidence};
use crate::practice::steps;
use std::fmt::Write as _;

/// How many weakest signals the report names.
pub const WEAKEST: usize = 2;

/// One question the interviewer asked, with the user's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct AskedLine {
    /// Session time when it was asked, in milliseconds.
    pub at_ms: u64,
    /// The step's id.
    pub step: String,
    /// The step's number (1-based) and title, when the framework has the step.
    pub step_title: Option<(usize, String)>,
    /// The question or the new requirement.
    pub question: String,
    /// Why it was asked.
    pub source: FollowUpSource,
    /// The notes of the step it came in: the user's answer.
    pub answer: String,
}

/// Everything the session report says, ready to write as text or JSON or to lay out in the app.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionReport {
    /// The board's title (or "Untitled board").
    pub title: String,
    /// The case: (template id, template title when built in).
    pub case: Option<(String, Option<String>)>,
    /// The review against the reference, when there is one.
    pub review: Option<ShownReview>,
    /// Time and checklist per step: the summary made at Finish, or the session as it stands.
    pub pacing: Summary,
    /// The framework's step titles, in order (for per-step lines).
    pub step_titles: Vec<(String, String)>,
    /// The rubric: evidence and rating per signal, in [`Signal::ALL`] order.
    pub rubric: Vec<SignalEvidence>,
    /// The follow-ups asked (timed, by rule and the requirement change), in order.
    pub asked: Vec<AskedLine>,
    /// The weakest signals, weakest first.
    pub weakest: Vec<Signal>,
    /// Looks at strong answers before Finish.
    pub peeks: Vec<Peek>,
}

/// The report of a board's session.
pub fn build(board: &Board) -> SessionReport {
    let title = if board.title.trim().is_empty() {
        "Untitled board".to_owned()
    } else {
        board.title.trim().to_owned()
    };
    let case = board.template.as_ref().map(|id| (id.clone(), templates::find(id).map(|t| t.title.clone())));
    let info = steps::steps(board);
    let step_titles: Vec<(String, String)> = info.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
    let pacing = board.session.finished.clone().unwrap_or_else(|| steps::summary(board));
    let rubric = rubric::evidence(board);
    let weakest = rubric::weakest(&rubric, WEAKEST);
    let mut asked: Vec<AskedLine> = board
        .session
        .follow_ups
        .iter()
        .map(|f| AskedLine {
            at_ms: f.at_ms,
            step: f.step.clone(),
            step_title: info.iter().find(|s| s.id == f.step).map(|s| (s.index + 1, s.title.clone())),
            question: f.question.clone(),
            source: f.source,
            answer: board.session.step(&f.step).map(|s| s.notes.trim().to_owned()).unwrap_or_default(),
        })
        .collect();
    asked.sort_by_key(|a| a.at_ms);
    SessionReport {
        title,
        case,
        review: review::stored_or_recomputed(board),
        pacing,
        step_titles,
        rubric,
        asked,
        weakest,
        peeks: board.session.peeks.clone(),
    }
}

/// A percentage for text, rounded; "–" for a value that is not a number.
fn pct(v: f32) -> String {
    if v.is_finite() { format!("{:.0}%", v) } else { "–".to_owned() }
}

/// A percentage for JSON, to one decimal.
fn percent_json(v: f32) -> Json {
    Json::Num((f64::from(v) * 10.0).round() / 10.0)
}

/// The name of a source of a follow-up.
fn source_name(s: FollowUpSource) -> &'static str {
    match s {
        FollowUpSource::Timed => "follow-up",
        FollowUpSource::Rule => "the board prompted it",
        FollowUpSource::RequirementChange => "requirement change",
    }
}

/// The id of a source of a follow-up, for JSON.
fn source_id(s: FollowUpSource) -> &'static str {
    match s {
        FollowUpSource::Timed => "timed",
        FollowUpSource::Rule => "rule",
        FollowUpSource::RequirementChange => "requirement_change",
    }
}

/// A signal's id, for JSON.
fn signal_id(s: Signal) -> &'static str {
    match s {
        Signal::ProblemNavigation => "problem_navigation",
        Signal::TrainingData => "training_data",
        Signal::FeatureEngineering => "feature_engineering",
        Signal::Modelling => "modelling",
        Signal::EvaluationDeployment => "evaluation_deployment",
    }
}

impl SessionReport {
    /// The title of step `id` with its number, e.g. "6 Deployment & serving".
    fn step_name(&self, id: &str) -> String {
        match self.step_titles.iter().position(|(s, _)| s == id) {
            Some(i) => format!("{} {}", i + 1, self.step_titles[i].1),
            None => id.to_owned(),
        }
    }

    /// The report as plain text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let case = match &self.case {
            Some((id, Some(t))) => format!(" (case {t}, template {id})"),
            Some((id, None)) => format!(" (template {id})"),
            None => String::new(),
        };
        let _ = writeln!(s, "Review of {:?}{case}", self.title);
        match &self.review {
            Some(shown) => self.review_text(&mut s, shown),
            None => {
                let _ = writeln!(s, "Coverage: none (the board has no case reference to compare with)");
            }
        }
        self.pacing_text(&mut s);
        self.rubric_text(&mut s);
        self.asked_text(&mut s);
        self.weakest_text(&mut s);
        s
    }

    fn review_text(&self, s: &mut String, shown: &ShownReview) {
        let rec = shown.record();
        let comps = rec.components.iter().filter(|c| c.covered).count();
        let conns = rec.connections.iter().filter(|c| c.covered).count();
        let _ = writeln!(
            s,
            "Coverage: {} ({comps} of {} reference components and {conns} of {} connections; {} extra box{})",
            pct(rec.coverage_percent),
            rec.components.len(),
            rec.connections.len(),
            rec.extras.len(),
            if rec.extras.len() == 1 { "" } else { "es" },
        );
        match shown {
            ShownReview::Recomputed { was, was_rules, .. } => {
                let _ = writeln!(
                    s,
                    "  recomputed under the current review rules; the review stored with the board (rules {was_rules}) said {}",
                    pct(*was)
                );
            }
            ShownReview::AsStored(_) => {
                let _ = writeln!(
                    s,
                    "  as stored with the board: made under older review rules, and its template is not built in, so it cannot be recomputed"
                );
            }
            ShownReview::Current(_) => {}
        }
        if rec.rules >= 2 {
            let _ = writeln!(
                s,
                "  reference covered {} (crux weighs {}); boxes that match: {}",
                pct(rec.recall_percent),
                review::CRUX_WEIGHT,
                pct(rec.precision_percent)
            );
        }

        let _ = writeln!(s);
        let crux: Vec<_> = rec.components.iter().filter(|c| c.crux).collect();
        if !rec.crux_missing.is_empty() {
            let names: Vec<&str> = rec.crux_missing.iter().map(|k| kind_name(k)).collect();
            let _ = writeln!(
                s,
                "Crux missing: {} (a strong answer cannot skip {}; the score is capped at {})",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" },
                pct(review::crux_cap(rec.crux_missing.len()))
            );
        } else if !crux.is_empty() {
            let names: Vec<&str> = crux.iter().map(|c| kind_name(&c.kind)).collect();
            let _ = writeln!(s, "Crux: all drawn ({})", names.join(", "));
        }

        if !rec.per_step.is_empty() {
            let _ = writeln!(s);
            let _ = writeln!(s, "Per step");
            let width =
                rec.per_step.iter().map(|p| self.step_name(&p.step).chars().count()).max().unwrap_or(0);
            for p in &rec.per_step {
                let missing: Vec<&str> = p.missing.iter().map(|k| kind_name(k)).collect();
                let tail = if missing.is_empty() {
                    String::new()
                } else {
                    format!("  missing: {}", missing.join(", "))
                };
                let _ = writeln!(s, "  {:<width$}  {:>4}{tail}", self.step_name(&p.step), pct(p.percent));
            }
        }

        let list = |s: &mut String, heading: &str, items: Vec<String>| {
            let _ = writeln!(s, "  {heading} ({}):", items.len());
            if items.is_empty() {
                let _ = writeln!(s, "    none");
            }
            for i in items {
                let _ = writeln!(s, "    {i}");
            }
        };
        let _ = writeln!(s);
        let _ = writeln!(s, "Components: {comps} of {} covered", rec.components.len());
        let name = |c: &crate::board::record::ComponentCheck| {
            let mut n = kind_name(&c.kind).to_owned();
            if c.crux {
                n.push_str(" [crux]");
            }
            if let Some(by) = &c.by {
                let _ = write!(n, " (drawn as {})", kind_name(by));
            }
            n
        };
        list(s, "covered", rec.components.iter().filter(|c| c.covered).map(name).collect());
        let mut missing: Vec<_> = rec.components.iter().filter(|c| !c.covered).collect();
        missing.sort_by_key(|c| !c.crux);
        list(s, "missing", missing.into_iter().map(name).collect());

        let _ = writeln!(s);
        let arrow = |c: &crate::board::record::ConnectionCheck| {
            let via = match c.via {
                0 => String::new(),
                1 => " (through 1 box)".to_owned(),
                n => format!(" (through {n} boxes)"),
            };
            format!("{} → {}{via}", kind_name(&c.from), kind_name(&c.to))
        };
        let _ = writeln!(s, "Connections: {conns} of {} covered", rec.connections.len());
        list(s, "covered", rec.connections.iter().filter(|c| c.covered).map(arrow).collect());
        list(s, "missing", rec.connections.iter().filter(|c| !c.covered).map(arrow).collect());

        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Extras: boxes that match nothing in the reference and are no usual addition ({})",
            rec.extras.len()
        );
        if rec.extras.is_empty() {
            let _ = writeln!(s, "  none");
        }
        for e in &rec.extras {
            let _ = writeln!(s, "  {:?} ({})", e.label, kind_name(&e.kind));
        }

        let _ = writeln!(s);
        let _ = writeln!(s, "Stage boxes");
        let line = |items: &[usize]| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                items
                    .iter()
                    .map(|i| match self.step_titles.get(*i) {
                        Some((_, t)) => format!("{} {t}", i + 1),
                        None => format!("{}", i + 1),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let _ = writeln!(s, "  steps without a stage box: {}", line(&rec.steps_without_stage_box));
        let _ = writeln!(s, "  steps without components: {}", line(&rec.steps_without_components));
    }

    fn pacing_text(&self, s: &mut String) {
        let summary = &self.pacing;
        let _ = writeln!(s);
        let _ = writeln!(s, "Pacing");
        let width = summary.rows.iter().map(|r| r.title.chars().count() + 3).max().unwrap_or(0).max(8);
        let _ = writeln!(
            s,
            "  {:<width$}  {:>7}  {:>8}  {:>12}  {:>9}",
            "step", "budget", "used", "over/under", "checklist"
        );
        for (i, r) in summary.rows.iter().enumerate() {
            let _ = writeln!(
                s,
                "  {:<width$}  {:>7}  {:>8}  {:>12}  {:>9}",
                format!("{} {}", i + 1, r.title),
                format!("{} min", r.budget_min),
                steps::clock_text(r.used_ms),
                steps::over_under_text(r.used_ms, r.budget_min),
                format!("{}/{}", r.done, r.total),
            );
        }
        let (done, all) = summary.rows.iter().fold((0, 0), |(d, t), r| (d + r.done, t + r.total));
        let _ = writeln!(
            s,
            "  {:<width$}  {:>7}  {:>8}  {:>12}  {:>9}",
            "total",
            format!("{} min", summary.budget_min()),
            steps::clock_text(summary.used_ms()),
            steps::over_under_text(summary.used_ms(), summary.budget_min()),
            format!("{done}/{all}"),
        );
        if !self.peeks.is_empty() {
            let steps: Vec<String> = self.peeks.iter().map(|p| self.step_name(&p.step)).collect();
            let _ = writeln!(s, "  looked at the strong answer before Finish: {}", steps.join(", "));
        }
    }

    fn rubric_text(&self, s: &mut String) {
        let _ = writeln!(s);
        let _ = writeln!(s, "Rubric (rate each signal 1 to 4; the evidence is what the session shows)");
        for e in &self.rubric {
            let rating = match e.rating {
                Some(l) => format!("rated {l}: {}", rubric::level_text(e.signal, l).unwrap_or("")),
                None => "not rated".to_owned(),
            };
            let _ = writeln!(s, "  {} — {rating}", e.signal.name());
            if e.checklist_total > 0 {
                let _ = writeln!(s, "    checklist: {} of {} ticked", e.checklist_done, e.checklist_total);
            }
            for i in &e.items {
                let _ = writeln!(s, "    [{}] {}", if i.found { "x" } else { " " }, i.text);
            }
        }
    }

    fn asked_text(&self, s: &mut String) {
        let _ = writeln!(s);
        let _ = writeln!(s, "Interviewer");
        if self.asked.is_empty() {
            let _ = writeln!(s, "  nothing was asked (interviewer mode was off, or the session ended first)");
        }
        for a in &self.asked {
            let step = self.step_name(&a.step);
            let _ = writeln!(
                s,
                "  {} in step {step} ({}): {}",
                steps::clock_text(a.at_ms),
                source_name(a.source),
                a.question
            );
            if a.source == FollowUpSource::RequirementChange {
                if a.answer.is_empty() {
                    let _ = writeln!(s, "    your answer: none in the step's notes");
                } else {
                    let _ =
                        writeln!(s, "    your answer (the step's notes): {}", a.answer.replace('\n', " / "));
                }
            }
        }
    }

    fn weakest_text(&self, s: &mut String) {
        let _ = writeln!(s);
        let _ = writeln!(s, "Practise next");
        for sig in &self.weakest {
            let e = self.rubric.iter().find(|e| e.signal == *sig);
            let why = match e.and_then(|e| e.rating) {
                Some(l) => format!("rated {l}"),
                None => {
                    let found = e.map_or(0, |e| e.items.iter().filter(|i| i.found).count());
                    let all = e.map_or(0, |e| e.items.len());
                    format!("not rated; {found} of {all} pieces of evidence found")
                }
            };
            let _ = writeln!(s, "  {} ({why}):", sig.name());
            for line in rubric::practice(*sig) {
                let _ = writeln!(s, "    - {line}");
            }
        }
    }

    /// The report as JSON: coverage, per-step coverage, crux missing, extras, rubric, pacing,
    /// follow-ups and the weakest signals (one object; see the keys).
    pub fn to_json(&self) -> Json {
        let review = match &self.review {
            None => Json::Null,
            Some(shown) => review_json(shown, self),
        };
        let pacing = Json::obj([
            (
                "steps",
                Json::Arr(
                    self.pacing
                        .rows
                        .iter()
                        .map(|r| {
                            Json::obj([
                                ("step", Json::str(&r.id)),
                                ("title", Json::str(&r.title)),
                                ("budget_min", Json::Num(f64::from(r.budget_min))),
                                ("used_ms", Json::Num(r.used_ms as f64)),
                                ("checklist_done", Json::Num(r.done as f64)),
                                ("checklist_total", Json::Num(r.total as f64)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("budget_min", Json::Num(f64::from(self.pacing.budget_min()))),
            ("used_ms", Json::Num(self.pacing.used_ms() as f64)),
        ]);
        let rubric = Json::Arr(
            self.rubric
                .iter()
                .map(|e| {
                    Json::obj([
                        ("signal", Json::str(signal_id(e.signal))),
                        ("name", Json::str(e.signal.name())),
                        ("rating", Json::opt_num(e.rating.map(f64::from))),
                        ("checklist_done", Json::Num(e.checklist_done as f64)),
                        ("checklist_total", Json::Num(e.checklist_total as f64)),
                        (
                            "evidence",
                            Json::Arr(
                                e.items
                                    .iter()
                                    .map(|i| {
                                        Json::obj([
                                            ("text", Json::str(&i.text)),
                                            ("found", Json::Bool(i.found)),
                                        ])
                                    })
                                    .collect(),
                            ),
                        ),
                    ])
                })
                .collect(),
        );
        let asked = Json::Arr(
            self.asked
                .iter()
                .map(|a| {
                    Json::obj([
                        ("at_ms", Json::Num(a.at_ms as f64)),
                        ("step", Json::str(&a.step)),
                        ("source", Json::str(source_id(a.source))),
                        ("question", Json::str(&a.question)),
                        ("answer", Json::str(&a.answer)),
                    ])
                })
                .collect(),
        );
        let weakest = Json::Arr(
            self.weakest
                .iter()
                .map(|s| {
                    Json::obj([
                        ("signal", Json::str(signal_id(*s))),
                        ("practice", Json::strs(rubric::practice(*s))),
                    ])
                })
                .collect(),
        );
        let coverage = self.review.as_ref().map_or(Json::Null, |r| percent_json(r.record().coverage_percent));
        Json::obj([
            ("title", Json::str(&self.title)),
            ("case", self.case.as_ref().map_or(Json::Null, |(id, _)| Json::str(id))),
            ("coverage", coverage),
            ("review", review),
            ("pacing", pacing),
            ("rubric", rubric),
            ("follow_ups", asked),
            ("weakest", weakest),
        ])
    }
}

/// The review part of the JSON report.
fn review_json(shown: &ShownReview, report: &SessionReport) -> Json {
    let rec: &ReviewRecord = shown.record();
    let recomputed = match shown {
        ShownReview::Recomputed { was, was_rules, .. } => Json::obj([
            ("stored_coverage", percent_json(*was)),
            ("stored_rules", Json::Num(f64::from(*was_rules))),
        ]),
        _ => Json::Null,
    };
    Json::obj([
        ("coverage", percent_json(rec.coverage_percent)),
        ("rules", Json::Num(f64::from(rec.rules))),
        ("as_stored", Json::Bool(matches!(shown, ShownReview::AsStored(_)))),
        ("recomputed", recomputed),
        ("recall", percent_json(rec.recall_percent)),
        ("precision", percent_json(rec.precision_percent)),
        ("crux_missing", Json::strs(&rec.crux_missing)),
        (
            "per_step",
            Json::Arr(
                rec.per_step
                    .iter()
                    .map(|p| {
                        Json::obj([
                            ("step", Json::str(&p.step)),
                            (
                                "title",
                                report
                                    .step_titles
                                    .iter()
                                    .find(|(id, _)| id == &p.step)
                                    .map_or(Json::Null, |(_, t)| Json::str(t)),
                            ),
                            ("coverage", percent_json(p.percent)),
                            ("missing", Json::strs(&p.missing)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "components",
            Json::Arr(
                rec.components
                    .iter()
                    .map(|c| {
                        Json::obj([
                            ("kind", Json::str(&c.kind)),
                            ("covered", Json::Bool(c.covered)),
                            ("crux", Json::Bool(c.crux)),
                            ("by", c.by.as_deref().map_or(Json::Null, Json::str)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "connections",
            Json::Arr(
                rec.connections
                    .iter()
                    .map(|c| {
                        Json::obj([
                            ("from", Json::str(&c.from)),
                            ("to", Json::str(&c.to)),
                            ("covered", Json::Bool(c.covered)),
                            ("via", Json::Num(f64::from(c.via))),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "extras",
            Json::Arr(
                rec.extras
                    .iter()
                    .map(|e| {
                        Json::obj([
                            ("node", Json::Num(e.node as f64)),
                            ("kind", Json::str(&e.kind)),
                            ("label", Json::str(&e.label)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "steps_without_stage_box",
            Json::Arr(rec.steps_without_stage_box.iter().map(|i| Json::Num(*i as f64)).collect()),
        ),
        (
            "steps_without_components",
            Json::Arr(rec.steps_without_components.iter().map(|i| Json::Num(*i as f64)).collect()),
        ),
    ])
}
