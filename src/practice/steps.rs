//! The interview session as the side panel sees it: the board's framework steps merged with its
//! template's case-specific prompts and checklist items, budgets, pacing and the summary.

use crate::board::Board;
use crate::board::record::{Summary, SummaryRow};
use crate::content::frameworks;
use crate::content::schema::{CheckItem, StepExtras};
use crate::content::templates;

/// One step, ready to show: framework text plus the template's additions.
#[derive(Clone, Debug, PartialEq)]
pub struct StepInfo {
    /// Position in the framework (0-based).
    pub index: usize,
    /// Step id.
    pub id: String,
    /// Title.
    pub title: String,
    /// One-line goal.
    pub goal: String,
    /// Budget in minutes: the user's, or the framework's.
    pub budget_min: u32,
    /// Prompts: the framework's, then the case's.
    pub prompts: Vec<String>,
    /// Checklist items: the framework's that apply to the case, then the case's.
    pub checklist: Vec<CheckItem>,
    /// Interviewer follow-up questions for this step (from the template).
    pub follow_ups: Vec<String>,
}

/// The steps of the board's framework with the board's template extras and the user's budgets.
///
/// Per step: the framework's prompts then the case's; the framework's checklist less the items
/// the case marks not applicable, then the case's own; the case's follow-ups; the budget the user
/// set, else the case's, else the framework's. Under a short framework a step takes the case's
/// extras of every step it covers (and keeps its own budget).
pub fn steps(board: &Board) -> Vec<StepInfo> {
    let fw = frameworks::get_or_default(&board.framework);
    let template = board.template.as_deref().and_then(templates::find);
    fw.steps
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let extras: Vec<&StepExtras> =
                template.map(|t| t.extras_for(fw, &s.id).collect()).unwrap_or_default();
            let mut prompts = s.prompts.clone();
            let mut checklist: Vec<CheckItem> = s
                .checklist
                .iter()
                .filter(|c| !extras.iter().any(|e| e.not_applicable.contains(&c.text)))
                .cloned()
                .collect();
            let mut follow_ups = Vec::new();
            for e in &extras {
                prompts.extend(e.prompts.iter().cloned());
                for c in &e.checklist {
                    if !checklist.iter().any(|have| have.text == c.text) {
                        checklist.push(c.clone());
                    }
                }
                follow_ups.extend(e.follow_ups.iter().cloned());
            }
            let case_budget = match extras.as_slice() {
                [only] if only.step == s.id => only.budget_min,
                _ => None,
            };
            let budget_min =
                board.session.step(&s.id).and_then(|r| r.budget_min).or(case_budget).unwrap_or(s.budget_min);
            StepInfo {
                index,
                id: s.id.clone(),
                title: s.title.clone(),
                goal: s.goal.clone(),
                budget_min,
                prompts,
                checklist,
                follow_ups,
            }
        })
        .collect()
}

/// How a step or the whole session stands against its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Comfortably within budget.
    Ok,
    /// At 80% of the budget or more.
    Near,
    /// Past the budget.
    Over,
}

/// The pace of `used_ms` against `budget_min` minutes.
pub fn pace(used_ms: u64, budget_min: u32) -> Pace {
    let budget_ms = u64::from(budget_min) * 60_000;
    if used_ms > budget_ms {
        Pace::Over
    } else if used_ms * 10 >= budget_ms * 8 {
        Pace::Near
    } else {
        Pace::Ok
    }
}

/// How much of a budget of `budget_min` minutes `used_ms` has used, from 0 to 1 (a full bar
/// once over).
///
/// ```
/// assert_eq!(mlsd_board::practice::steps::fraction(150_000, 5), 0.5);
/// assert_eq!(mlsd_board::practice::steps::fraction(9_000_000, 5), 1.0);
/// ```
pub fn fraction(used_ms: u64, budget_min: u32) -> f32 {
    let b = u64::from(budget_min.max(1)) * 60_000;
    (used_ms as f64 / b as f64).min(1.0) as f32
}

/// Ticked items of a step that are still on its checklist.
pub fn done_count(board: &Board, step: &StepInfo) -> usize {
    step.checklist.iter().filter(|item| board.session.is_ticked(&step.id, &item.text)).count()
}

/// The summary of the session as it stands.
pub fn summary(board: &Board) -> Summary {
    let rows = steps(board)
        .iter()
        .map(|s| SummaryRow {
            id: s.id.clone(),
            title: s.title.clone(),
            budget_min: s.budget_min,
            used_ms: board.session.used_ms(&s.id),
            done: done_count(board, s),
            total: s.checklist.len(),
        })
        .collect();
    Summary { rows }
}

/// Milliseconds as `m:ss` (or `h:mm:ss` past an hour).
///
/// ```
/// use mlsd_board::practice::steps::clock_text;
/// assert_eq!(clock_text(83_000), "1:23");
/// assert_eq!(clock_text(3_723_000), "1:02:03");
/// ```
pub fn clock_text(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Time used against a budget of `budget_min` minutes, in words: "1:20 over", "0:30 under", or
/// "on time" when exactly used up.
///
/// ```
/// use mlsd_board::practice::steps::over_under_text;
/// assert_eq!(over_under_text(6 * 60_000 + 20_000, 5), "1:20 over");
/// assert_eq!(over_under_text(4 * 60_000 + 30_000, 5), "0:30 under");
/// assert_eq!(over_under_text(5 * 60_000, 5), "on time");
/// ```
pub fn over_under_text(used_ms: u64, budget_min: u32) -> String {
    let budget_ms = u64::from(budget_min) * 60_000;
    signed_over_under_text(i128::from(used_ms) - i128::from(budget_ms))
}

/// A signed difference from a budget in milliseconds (positive: over), in words: "1:20 over",
/// "0:30 under", "on time" (under a second either way).
///
/// ```
/// use mlsd_board::practice::steps::signed_over_under_text;
/// assert_eq!(signed_over_under_text(-90_000), "1:30 under");
/// assert_eq!(signed_over_under_text(61_000), "1:01 over");
/// assert_eq!(signed_over_under_text(400), "on time");
/// ```
pub fn signed_over_under_text(diff_ms: i128) -> String {
    let abs = u64::try_from(diff_ms.unsigned_abs()).unwrap_or(u64::MAX);
    if abs < 1000 {
        "on time".to_owned()
    } else if diff_ms > 0 {
        format!("{} over", clock_text(abs))
    } else {
        format!("{} under", clock_text(abs))
    }
}

/// What is left of a budget of `budget_min` minutes: "4:45 left", or "1:20 over" once past it.
///
/// ```
/// use mlsd_board::practice::steps::time_left_text;
/// assert_eq!(time_left_text(15_000, 5), "4:45 left");
/// assert_eq!(time_left_text(6 * 60_000 + 20_000, 5), "1:20 over");
/// assert_eq!(time_left_text(5 * 60_000, 5), "0:00 left");
/// ```
pub fn time_left_text(used_ms: u64, budget_min: u32) -> String {
    let budget_ms = u64::from(budget_min) * 60_000;
    if used_ms > budget_ms {
        format!("{} over", clock_text(used_ms - budget_ms))
    } else {
        format!("{} left", clock_text(budget_ms - used_ms))
    }
}

/// A count with its noun in the right number: "1 finished session", "3 finished sessions",
/// "0 matches".
///
/// ```
/// use mlsd_board::practice::steps::count_text;
/// assert_eq!(count_text(1, "finished session", "finished sessions"), "1 finished session");
/// assert_eq!(count_text(2, "box", "boxes"), "2 boxes");
/// assert_eq!(count_text(0, "match", "matches"), "0 matches");
/// ```
pub fn count_text(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
