//! The interview engine the app holds: the clock, the pacing notices, the interviewer's
//! follow-ups (timed ones, those the board prompts and the requirement change), stage boxes and
//! the current step, and Finish. Every rule of a practice session lives here, tested without a
//! window; the app only calls these operations and shows what they return.
//!
//! Each operation takes the open [`Document`] and changes it through its named session
//! operations or commands, never by reaching into the record.

use crate::board::record::{FollowUp, FollowUpSource, Peek};
use crate::board::{Board, Document, NodeId, NodeKind, Point};
use crate::content::frameworks;
use crate::file::wall_clock::{SystemWallClock, WallClock};
use crate::practice::clock::{Clock, SystemClock};
use crate::practice::log::PracticeRecord;
use crate::practice::seed::mix64;
use crate::practice::timer::Timer;
use crate::practice::{interviewer, log, review, steps};
use std::collections::HashSet;
use std::time::Duration;

/// Something the user should be told, once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Shown as a warning rather than as information.
    pub warning: bool,
}

impl Notice {
    fn info(text: impl Into<String>) -> Self {
        Self { text: text.into(), warning: false }
    }

    fn warning(text: impl Into<String>) -> Self {
        Self { text: text.into(), warning: true }
    }
}

/// The interview engine of one window.
pub struct Interview {
    timer: Timer,
    /// Seeds the moments and choices of timed follow-ups (new every run).
    seed: u64,
    /// Pacing notices already shown for the open board, by key.
    shown: HashSet<String>,
    /// Where dates come from (Finish's date in the practice log, the Due list).
    dates: Box<dyn WallClock>,
    /// The session second the interviewer last looked at the board, so that it looks once a
    /// second of session time, not on every frame.
    looked_at_second: Option<u64>,
}

impl std::fmt::Debug for Interview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interview")
            .field("timer", &self.timer)
            .field("seed", &self.seed)
            .field("date_secs", &self.date_secs())
            .finish()
    }
}

impl Default for Interview {
    fn default() -> Self {
        Self::new(Box::new(SystemClock::default()), crate::file::wall_clock::unix_nanos())
    }
}

impl Interview {
    /// An engine reading `clock`, its random choices seeded by `seed`.
    pub fn new(clock: Box<dyn Clock>, seed: u64) -> Self {
        Self {
            timer: Timer::new(clock),
            seed,
            shown: HashSet::new(),
            dates: Box::new(SystemWallClock),
            looked_at_second: None,
        }
    }

    /// The same engine taking its dates from `dates` (tests pretend it is another day).
    pub fn with_dates(mut self, dates: Box<dyn WallClock>) -> Self {
        self.dates = dates;
        self
    }

    /// Today's date and time, in seconds since the Unix epoch: what Finish writes in the practice
    /// log and what the Due list is measured against.
    pub fn date_secs(&self) -> u64 {
        self.dates.unix_secs()
    }

    /// The interview clock.
    pub fn timer(&self) -> &Timer {
        &self.timer
    }

    /// Whether the clock runs.
    pub fn is_running(&self) -> bool {
        self.timer.is_running()
    }

    /// Starts or resumes the clock. The first start also starts the replay log from the board
    /// as it is; starting again after Finish means the session goes on.
    pub fn start(&mut self, doc: &mut Document) {
        doc.start_replay();
        doc.resume_after_finish();
        self.timer.start();
    }

    /// Stops the clock, counting the time so far.
    pub fn pause(&mut self, doc: &mut Document) {
        self.timer.pause(doc);
    }

    /// Starts the clock when paused, pauses it when running.
    pub fn start_or_pause(&mut self, doc: &mut Document) {
        if self.is_running() { self.pause(doc) } else { self.start(doc) }
    }

    /// Makes step `index` current (time so far goes to the step that was current).
    pub fn switch_to(&mut self, doc: &mut Document, index: usize) {
        self.timer.switch_to(doc, index);
    }

    /// Goes to the next step, if there is one.
    pub fn next_step(&mut self, doc: &mut Document) {
        let i = doc.board().session.current + 1;
        self.switch_to(doc, i);
    }

    /// Goes to the previous step, if there is one.
    pub fn previous_step(&mut self, doc: &mut Document) {
        let i = doc.board().session.current.saturating_sub(1);
        self.switch_to(doc, i);
    }

    /// Pauses and clears every step's time (ticks, notes and budgets stay).
    pub fn reset(&mut self, doc: &mut Document) {
        self.timer.reset(doc);
    }

    /// Another board is about to replace `old`: its running time is counted and the clock
    /// paused (an opened board's session resumes paused), and the notices shown are forgotten.
    pub fn leave(&mut self, old: &mut Document) {
        self.timer.pause(old);
        self.shown.clear();
        self.looked_at_second = None;
    }

    /// One frame: counts the running time, asks the interviewer's questions that are due
    /// (recorded in the session) and returns the notices to show (each pacing notice once).
    ///
    /// In interviewer mode the interviewer looks at the board once a second of session time
    /// ([`interviewer::ask_now`]): the case's requirement change at 40% of the total time, and the
    /// rules over what is on the board in the current step. Then, when nothing else was asked in
    /// the last [`interviewer::MIN_GAP_MS`], the step's timed follow-up ([`timed_follow_up`]).
    pub fn tick(&mut self, doc: &mut Document) -> Vec<Notice> {
        self.timer.tick(doc);
        if !self.is_running() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (key, text) in pacing_notices(doc.board()) {
            if self.shown.insert(key) {
                out.push(Notice::warning(text));
            }
        }
        if !doc.board().session.interviewer_mode {
            return out;
        }
        let session = &doc.board().session;
        let at = session.total_used_ms();
        let last = session.follow_ups.iter().map(|f| f.at_ms).max();
        let second = at / 1000;
        let mut asked = None;
        if self.looked_at_second != Some(second) {
            self.looked_at_second = Some(second);
            asked = interviewer::ask_now(doc.board(), at, &session.follow_ups).map(|a| a.to_follow_up(at));
        }
        let quiet = last.is_none_or(|l| at >= l.saturating_add(interviewer::MIN_GAP_MS));
        if asked.is_none() && quiet {
            asked = timed_follow_up(doc.board(), self.seed);
        }
        if let Some(f) = asked {
            out.push(Notice::info(match f.source {
                FollowUpSource::RequirementChange => format!("Requirements changed: {}", f.question),
                _ => format!("The interviewer asks: {}", f.question),
            }));
            doc.record_follow_up(f);
        }
        out
    }

    /// How long until the clock's display changes (`None` while paused), for a repaint.
    pub fn until_next_second(&self, doc: &Document) -> Option<Duration> {
        self.timer.until_next_second(doc)
    }

    /// Finish: stops the clock and records the summary (dated `now_secs`, the date of the log
    /// record) and the review against the template's reference in the board. Returns the line
    /// for the practice log.
    pub fn finish(&mut self, doc: &mut Document, now_secs: u64) -> PracticeRecord {
        self.timer.pause(doc);
        let mut summary = steps::summary(doc.board());
        summary.logged_at = Some(now_secs);
        let review = review::review_of(doc.board());
        doc.finish(summary, review);
        log::record_of(doc.board(), now_secs)
    }

    /// The user looks at the strong answer of step `step` (a step id). Before Finish the look is
    /// recorded in the session at the current session time, and the review lists it; after
    /// Finish the answers are open to read and nothing is recorded. Returns whether it was
    /// recorded.
    pub fn peek(&mut self, doc: &mut Document, step: &str) -> bool {
        if doc.board().session.finished.is_some() {
            return false;
        }
        self.timer.tick(doc);
        let at_ms = doc.board().session.total_used_ms();
        doc.record_peek(Peek { step: step.to_owned(), at_ms });
        true
    }

    /// Selecting exactly one stage box makes its step current.
    pub fn follow_selection(&mut self, doc: &mut Document, selection: &HashSet<NodeId>) {
        if let Some(step) = step_of_selection(doc.board(), selection) {
            self.switch_to(doc, step);
        }
    }
}

/// The step (0-based) whose stage box is the whole selection, if it is one stage box.
pub fn step_of_selection(board: &Board, selection: &HashSet<NodeId>) -> Option<usize> {
    if selection.len() != 1 {
        return None;
    }
    let id = selection.iter().next()?;
    match board.node(*id)?.kind {
        NodeKind::Stage(s) if s >= 1 => Some(usize::from(s) - 1),
        _ => None,
    }
}

/// Pacing notices due now, as (key, text): the current step past its budget, 5 and 1 minutes
/// before the whole interview's budget runs out, and the end of it. The key names the notice so
/// that each is shown once.
pub fn pacing_notices(board: &Board) -> Vec<(String, String)> {
    let steps = steps::steps(board);
    let mut out = Vec::new();
    if let Some(step) = steps.get(board.session.current) {
        let used = board.session.used_ms(&step.id);
        if used > u64::from(step.budget_min) * 60_000 {
            out.push((
                format!("over:{}", step.id),
                format!("Time is up for step {}: {}. Move on when you can.", step.index + 1, step.title),
            ));
        }
    }
    let total_ms = u64::from(steps.iter().map(|s| s.budget_min).sum::<u32>()) * 60_000;
    let used = board.session.total_used_ms();
    for minutes in [5u64, 1] {
        if used + minutes * 60_000 >= total_ms && used < total_ms {
            out.push((
                format!("left:{minutes}"),
                format!("{minutes} minute{} left in the interview.", if minutes == 1 { "" } else { "s" }),
            ));
        }
    }
    if used >= total_ms && total_ms > 0 {
        out.push(("left:0".to_owned(), "The interview time is up.".to_owned()));
    }
    out
}

/// Interviewer mode's timed follow-up, when one is due: once per step, at a moment between 30%
/// and 80% of the step's budget chosen from `seed`, one of the template's follow-up questions
/// for the step. ([`Interview::tick`] holds it back while another question is less than
/// [`interviewer::MIN_GAP_MS`] old.)
pub fn timed_follow_up(board: &Board, seed: u64) -> Option<FollowUp> {
    if !board.session.interviewer_mode {
        return None;
    }
    let steps = steps::steps(board);
    let step = steps.get(board.session.current)?;
    let asked =
        board.session.follow_ups.iter().any(|f| f.step == step.id && f.source == FollowUpSource::Timed);
    if step.follow_ups.is_empty() || asked {
        return None;
    }
    let r = mix64(seed ^ (step.index as u64 + 1));
    let budget_ms = u64::from(step.budget_min) * 60_000;
    let at = budget_ms * (30 + r % 51) / 100;
    if board.session.used_ms(&step.id) < at {
        return None;
    }
    let question = step.follow_ups[(mix64(r) % step.follow_ups.len() as u64) as usize].clone();
    Some(FollowUp {
        step: step.id.clone(),
        question,
        at_ms: board.session.total_used_ms(),
        source: FollowUpSource::Timed,
    })
}

/// Where the stage box of step `step` (1-based) goes: below the stage box of the nearest earlier
/// step, keeping the column of lanes, or `None` when there is none (the caller then uses the
/// middle of the view). The point is the box's centre.
pub fn stage_box_spot(board: &Board, step: u8) -> Option<Point> {
    board
        .nodes
        .iter()
        .filter_map(|n| match n.kind {
            NodeKind::Stage(s) if s < step => Some((s, n)),
            _ => None,
        })
        .max_by_key(|(s, _)| *s)
        .map(|(s, n)| {
            let gap = f32::from(step - s) * (n.size.h + 38.0);
            Point::new(n.pos.x + n.size.w / 2.0, n.pos.y + gap + n.size.h / 2.0)
        })
}

/// The title of step `step` (1-based) of the board's framework, the label of its stage box.
pub fn stage_title(board: &Board, step: u8) -> String {
    frameworks::step_title(&board.framework, step).unwrap_or("Stage").to_owned()
}
