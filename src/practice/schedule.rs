//! The "Due" list: cases to practise again, on a 1 / 3 / 7 / 14-day schedule driven by low
//! ratings and low coverage, read from the practice log.
//!
//! # The rule
//!
//! A finished session of a case is *weak* when its coverage (under the current review rules) is
//! below [`GOOD_COVERAGE`] or any signal is rated [`WEAK_RATING`] or lower; it is *sound* when it
//! has a coverage or ratings and is not weak. Sessions with neither (a blank board, no ratings,
//! or a coverage from older review rules that counted keyword labels) leave the schedule as it
//! was.
//!
//! A weak session puts the case on the schedule: due [`INTERVALS_DAYS`]`[0]` (1) day later. A
//! sound session made once the case was due moves it one interval on: due 3, then 7, then 14
//! days after that session; a sound session at the 14-day repetition takes the case off the
//! schedule. A sound session before the due date changes nothing (cramming does not count), and
//! any weak session starts again at 1 day. Cases never weak are never on the schedule.

use crate::practice::log::PracticeRecord;
use crate::practice::review::RULES_VERSION;

/// The repetition intervals, in days.
pub const INTERVALS_DAYS: [u64; 4] = [1, 3, 7, 14];

/// Coverage below this makes a session weak.
pub const GOOD_COVERAGE: f32 = 80.0;

/// A signal rated this or lower makes a session weak.
pub const WEAK_RATING: u8 = 2;

/// A case on the repetition schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct DueCase {
    /// The case (template id).
    pub case: String,
    /// When it is due, in seconds since the Unix epoch.
    pub due_at: u64,
    /// Which repetition is next: an index into [`INTERVALS_DAYS`].
    pub repetition: usize,
    /// Why the case is on the schedule: what made its last weak session weak.
    pub reason: String,
}

impl DueCase {
    /// Whole days past the due date at `now_secs` (0 on the day it falls due or before).
    pub fn days_overdue(&self, now_secs: u64) -> u64 {
        now_secs.saturating_sub(self.due_at) / 86_400
    }
}

/// What one session says about its case.
enum Judgement {
    /// Weak, and why.
    Weak(String),
    /// Sound: a coverage or ratings, none of them low.
    Sound,
    /// Nothing to go by.
    Silent,
}

/// What session `r` says about its case (see the module documentation).
fn judge(r: &PracticeRecord) -> Judgement {
    let coverage = r.coverage_percent.filter(|_| r.review_rules >= RULES_VERSION);
    let mut why = Vec::new();
    if let Some(c) = coverage
        && c < GOOD_COVERAGE
    {
        why.push(format!("coverage {c:.0}%"));
    }
    let low: Vec<&str> =
        r.ratings.iter().filter(|x| x.level <= WEAK_RATING).map(|x| x.signal.name()).collect();
    if !low.is_empty() {
        why.push(format!("rated low: {}", low.join(", ")));
    }
    if !why.is_empty() {
        Judgement::Weak(why.join("; "))
    } else if coverage.is_some() || !r.ratings.is_empty() {
        Judgement::Sound
    } else {
        Judgement::Silent
    }
}

/// Every case on the schedule, soonest due first (ties by case id). See the module
/// documentation for the rule.
pub fn schedule(records: &[PracticeRecord]) -> Vec<DueCase> {
    let mut sessions: Vec<&PracticeRecord> = records.iter().filter(|r| r.case.is_some()).collect();
    sessions.sort_by_key(|r| r.date); // stable: log order within a second
    let mut state: Vec<(String, Option<DueCase>)> = Vec::new();
    for r in sessions {
        let Some(case) = r.case.as_deref() else { continue };
        let slot = match state.iter().position(|(c, _)| c == case) {
            Some(i) => &mut state[i].1,
            None => {
                state.push((case.to_owned(), None));
                let last = state.len() - 1;
                &mut state[last].1
            }
        };
        match judge(r) {
            Judgement::Weak(reason) => {
                *slot = Some(DueCase {
                    case: case.to_owned(),
                    due_at: r.date.saturating_add(INTERVALS_DAYS[0] * 86_400),
                    repetition: 0,
                    reason,
                });
            }
            Judgement::Sound => {
                if let Some(d) = slot.as_mut()
                    && r.date >= d.due_at
                {
                    let next = d.repetition + 1;
                    match INTERVALS_DAYS.get(next) {
                        Some(days) => {
                            d.repetition = next;
                            d.due_at = r.date.saturating_add(days * 86_400);
                        }
                        None => *slot = None,
                    }
                }
            }
            Judgement::Silent => {}
        }
    }
    let mut out: Vec<DueCase> = state.into_iter().filter_map(|(_, d)| d).collect();
    out.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.case.cmp(&b.case)));
    out
}

/// The cases due at `now_secs` (due date reached), most overdue first: the chooser's "Due" list.
pub fn due(records: &[PracticeRecord], now_secs: u64) -> Vec<DueCase> {
    schedule(records).into_iter().filter(|d| d.due_at <= now_secs).collect()
}

/// Days after which a case counts as "not practised for a long time" in [`surprise_weights`].
pub const SURPRISE_CAP_DAYS: f64 = 30.0;

/// Weights for picking a case at random ("Surprise me"), preferring cases due for repetition
/// and then cases not practised recently: a case due ([`due`])
/// weighs four times the most any practised case can, `4 × 31`; a case never practised weighs
/// `2 × 31`; any other case last practised `d` days ago weighs `1 + min(d, 30)`.
pub fn surprise_weights<S: AsRef<str>>(
    records: &[PracticeRecord],
    case_ids: &[S],
    now_secs: u64,
) -> Vec<(String, f64)> {
    let due = crate::practice::schedule::due(records, now_secs);
    case_ids
        .iter()
        .map(|id| {
            let id = id.as_ref();
            let last = records.iter().filter(|r| r.case.as_deref() == Some(id)).map(|r| r.date).max();
            let w = match last {
                _ if due.iter().any(|d| d.case == id) => 4.0 * (1.0 + SURPRISE_CAP_DAYS),
                None => 2.0 * (1.0 + SURPRISE_CAP_DAYS),
                Some(t) => 1.0 + (now_secs.saturating_sub(t) as f64 / 86_400.0).min(SURPRISE_CAP_DAYS),
            };
            (id.to_owned(), w)
        })
        .collect()
}

/// Picks from weighted choices with `unit`, a random number in `[0, 1)`; `None` when there is
/// nothing to pick (no choices or no positive weight).
pub fn pick(weights: &[(String, f64)], unit: f64) -> Option<&str> {
    let total: f64 = weights.iter().map(|(_, w)| w.max(0.0)).sum();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let mut target = unit.clamp(0.0, 1.0) * total;
    for (id, w) in weights.iter().filter(|(_, w)| *w > 0.0) {
        if target < *w {
            return Some(id);
        }
        target -= w;
    }
    weights.iter().rev().find(|(_, w)| *w > 0.0).map(|(id, _)| id.as_str())
}
