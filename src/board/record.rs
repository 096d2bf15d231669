//! The session record saved with a board ([`SessionRecord`]): the current step, time used,
//! checklist ticks, notes and budgets per step, the problem statement, the replay log, the
//! end-of-session summary and review, ratings, estimator inputs and follow-ups.
//!
//! Plain serde data. The interview engine that fills it is `crate::practice`; it changes the
//! record only through [`crate::board::Document`]'s named operations and commands.

use crate::board::command::Command;
use crate::board::items::{Edge, Node};
use serde::{Deserialize, Serialize};

pub use crate::board::estimate::EstimateInputs;

/// The session record of a board (written as `Session(…)` in board files).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename = "Session")]
pub struct SessionRecord {
    /// Index of the current step in the framework (0-based).
    pub current: usize,
    /// One record per step the user has touched, matched to framework steps by id.
    pub steps: Vec<StepRecord>,
    /// The problem statement shown in the side panel (from the template, or typed by the user).
    pub problem: String,
    /// The summary made when the user pressed Finish; `None` while the session runs.
    pub finished: Option<Summary>,
    /// The board's nodes and edges when the clock was first started: where a replay begins.
    pub replay_base: Option<Snapshot>,
    /// Every change made while the clock ran, in order (format version 3 on).
    pub log: Vec<LogEntry>,
    /// The comparison with the template's reference, made when the user reviews the board.
    pub review: Option<ReviewRecord>,
    /// Whether the interviewer surfaces follow-up questions during the session.
    pub interviewer_mode: bool,
    /// The follow-up questions surfaced so far.
    pub follow_ups: Vec<FollowUp>,
    /// The user's self-rating of the five interview signals after Finish (format version 4 on).
    pub ratings: Vec<Rating>,
    /// The back-of-envelope estimator's inputs, as the user last left them (format version 4 on).
    pub estimate: Option<EstimateInputs>,
    /// Each time the user looked at a step's strong answer before finishing (format version 4 on).
    pub peeks: Vec<Peek>,
}

/// The five signals interviewers score in an ML system design round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Signal {
    /// Scoping, clarifying questions, stated assumptions.
    ProblemNavigation,
    /// Data sources, labels, negatives, bias and leakage.
    TrainingData,
    /// Which features and why, freshness, training–serving skew.
    FeatureEngineering,
    /// Baseline first, a justified model choice, loss, trade-offs.
    Modelling,
    /// Offline and online metrics, testing in production, monitoring, fallbacks.
    EvaluationDeployment,
}

impl Signal {
    /// Every signal, in the order interviewers list them.
    pub const ALL: [Signal; 5] = [
        Self::ProblemNavigation,
        Self::TrainingData,
        Self::FeatureEngineering,
        Self::Modelling,
        Self::EvaluationDeployment,
    ];

    /// The signal's name as shown to the user.
    pub fn name(self) -> &'static str {
        match self {
            Self::ProblemNavigation => "Problem navigation",
            Self::TrainingData => "Training data",
            Self::FeatureEngineering => "Feature engineering",
            Self::Modelling => "Modelling",
            Self::EvaluationDeployment => "Evaluation & deployment",
        }
    }
}

/// The user's rating of one signal: 1 (missing) to 4 (strong).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The signal rated.
    pub signal: Signal,
    /// 1 to 4.
    pub level: u8,
}

/// A look at a step's strong answer before the session was finished.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Peek {
    /// The step's id.
    pub step: String,
    /// Session time of the look, in milliseconds.
    pub at_ms: u64,
}

/// Why an interviewer question was asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpSource {
    /// One of the step's follow-ups, at a random moment of the step.
    #[default]
    Timed,
    /// A rule over what is on the board (or missing from it) fired.
    Rule,
    /// The case's mid-session change of requirements.
    RequirementChange,
}

/// Two text edits of the same step this close together (milliseconds) are logged as one.
pub const MERGE_WINDOW_MS: u64 = 10_000;

/// Appends `entry` to a replay log, merging it into the last entry when it continues it
/// ([`Command::continues`]: typing in the same text) in the same current step within
/// [`MERGE_WINDOW_MS`] of the last entry's time: the newer command is kept with the older time,
/// so typing does not add one entry per keystroke.
pub fn compact_push(log: &mut Vec<LogEntry>, entry: LogEntry) {
    if let Some(last) = log.last_mut()
        && last.step == entry.step
        && entry.at_ms.saturating_sub(last.at_ms) <= MERGE_WINDOW_MS
        && entry.cmd.continues(&last.cmd)
    {
        last.cmd = entry.cmd;
        return;
    }
    log.push(entry);
}

/// The nodes and edges of a board at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// The nodes, back to front.
    pub nodes: Vec<Node>,
    /// The edges, back to front.
    pub edges: Vec<Edge>,
}

impl Snapshot {
    /// A copy of these nodes and edges.
    pub fn of(nodes: &[Node], edges: &[Edge]) -> Self {
        Self { nodes: nodes.to_vec(), edges: edges.to_vec() }
    }
}

/// One change made while the clock ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Session time (the clock's total) when the change was made, in milliseconds.
    pub at_ms: u64,
    /// The step that was current (0-based).
    pub step: usize,
    /// The command as applied to the board (an undo is logged as the inverse it applied).
    pub cmd: Command,
}

/// A surfaced interviewer follow-up question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUp {
    /// The step it belongs to (step id).
    pub step: String,
    /// The question.
    pub question: String,
    /// Session time when it was surfaced, in milliseconds.
    pub at_ms: u64,
    /// Why it was asked (format version 4 on; older files hold timed ones only).
    pub source: FollowUpSource,
}

/// How the board compared with the template's reference solution.
///
/// The fields after `steps_without_components` came with review rules 2 (format version 4);
/// a record written before them loads with `rules: 0` and those fields empty, and is shown as it
/// was or recomputed (see `crate::practice::review::stored_or_recomputed`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewRecord {
    /// The headline score, 0–100: the weighted coverage of the reference, times the share of the
    /// board's boxes that match something, capped when a crux component is missing.
    pub coverage_percent: f32,
    /// Each component kind of the reference, covered or not.
    pub components: Vec<ComponentCheck>,
    /// Each connection of the reference (by kinds), covered or not.
    pub connections: Vec<ConnectionCheck>,
    /// Steps (0-based) whose stage box is not on the board.
    pub steps_without_stage_box: Vec<usize>,
    /// Steps (0-based) whose stage box has no component attached.
    pub steps_without_components: Vec<usize>,
    /// The version of the review rules that made this record; 0 for records made before the
    /// rules were versioned (keyword labels and notes counted then).
    pub rules: u32,
    /// The weighted coverage of reference components and connections before extras and the crux
    /// cap, 0–100.
    pub recall_percent: f32,
    /// The share of the board's counted component boxes that match a reference component, 0–100.
    pub precision_percent: f32,
    /// The crux kinds of the case that the board lacks, in the template's order.
    pub crux_missing: Vec<String>,
    /// Coverage per framework step, in step order (steps with no reference items left out).
    pub per_step: Vec<StepCoverage>,
    /// The boxes that match no reference component and are no sensible addition.
    pub extras: Vec<ExtraBox>,
}

/// One reference component kind in a review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentCheck {
    /// The catalogue kind id.
    pub kind: String,
    /// Whether a box on the board stands for it.
    pub covered: bool,
    /// Whether it is one of the case's crux components.
    pub crux: bool,
    /// The kind of the box that covered it, when that is another kind (an equivalent or an
    /// alternative the case accepts).
    pub by: Option<String>,
}

/// One reference connection in a review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionCheck {
    /// Kind id at the arrow's start.
    pub from: String,
    /// Kind id at the arrow's end.
    pub to: String,
    /// Whether the board connects the same kinds in the same direction.
    pub covered: bool,
    /// How many boxes the covering path passes through (0 for a direct arrow).
    pub via: u8,
}

/// The coverage of one framework step's reference items.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepCoverage {
    /// The framework step's id.
    pub step: String,
    /// Weighted coverage of the step's reference components and connections, 0–100.
    pub percent: f32,
    /// The step's reference component kinds that are missing, crux first.
    pub missing: Vec<String>,
}

/// A box that matched nothing in a review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtraBox {
    /// The node's id on the board.
    pub node: u64,
    /// The kind the review counted it as.
    pub kind: String,
    /// Its label.
    pub label: String,
}

/// What happened in one step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepRecord {
    /// The framework step's id.
    pub id: String,
    /// Milliseconds spent in this step while the clock ran.
    pub used_ms: u64,
    /// The user's own budget in minutes; `None` keeps the framework's.
    pub budget_min: Option<u32>,
    /// The checklist items ticked, by their text.
    pub ticked: Vec<String>,
    /// The user's notes for this step.
    pub notes: String,
}

/// The end-of-session summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    /// One row per framework step, in order.
    pub rows: Vec<SummaryRow>,
    /// When the session went into the practice log, in seconds since the Unix epoch: the log
    /// record that ratings given later amend. `None` for boards finished before ratings.
    pub logged_at: Option<u64>,
}

/// One step's line in the summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryRow {
    /// The step's id.
    pub id: String,
    /// The step's title.
    pub title: String,
    /// The budget in minutes.
    pub budget_min: u32,
    /// Milliseconds used.
    pub used_ms: u64,
    /// Checklist items ticked.
    pub done: usize,
    /// Checklist items in all.
    pub total: usize,
}

impl Summary {
    /// Total milliseconds used.
    pub fn used_ms(&self) -> u64 {
        self.rows.iter().map(|r| r.used_ms).sum()
    }

    /// Total budget in minutes.
    pub fn budget_min(&self) -> u32 {
        self.rows.iter().map(|r| r.budget_min).sum()
    }
}

impl SessionRecord {
    /// The record of step `id`, if the user has touched it.
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The record of step `id`, created empty when missing.
    pub fn step_mut(&mut self, id: &str) -> &mut StepRecord {
        match self.steps.iter().position(|s| s.id == id) {
            Some(i) => &mut self.steps[i],
            None => {
                self.steps.push(StepRecord { id: id.to_owned(), ..StepRecord::default() });
                let last = self.steps.len() - 1;
                &mut self.steps[last]
            }
        }
    }

    /// Milliseconds used in step `id`.
    pub fn used_ms(&self, id: &str) -> u64 {
        self.step(id).map_or(0, |s| s.used_ms)
    }

    /// Milliseconds used in all steps.
    pub fn total_used_ms(&self) -> u64 {
        self.steps.iter().map(|s| s.used_ms).sum()
    }

    /// Puts the record in its canonical form, so that undoing a change gives back an equal
    /// record: ticks sorted, records that hold nothing dropped, records sorted by step id.
    pub fn normalize(&mut self) {
        for s in &mut self.steps {
            s.ticked.sort();
            s.ticked.dedup();
        }
        self.steps.retain(|s| {
            s.used_ms > 0 || s.budget_min.is_some() || !s.ticked.is_empty() || !s.notes.is_empty()
        });
        self.steps.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Appends `entry` to the replay log (see [`compact_push`]).
    pub fn push_log(&mut self, entry: LogEntry) {
        compact_push(&mut self.log, entry);
    }

    /// Whether checklist item `item` of step `id` is ticked.
    pub fn is_ticked(&self, id: &str, item: &str) -> bool {
        self.step(id).is_some_and(|s| s.ticked.iter().any(|t| t == item))
    }
}
