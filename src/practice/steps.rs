//! The interview session as the side panel sees it: the board's framework steps merged with its
//! template's case-specific prompts and checklist items, budgets, pacing and the summary.

use crate::board::Board;
use crate::board::record::{Summary, SummaryRow};
use crate::content::frameworks;
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
    /// Checklist items: the framework's, then the case's.
    pub checklist: Vec<String>,
    /// Interviewer follow-up questions for this step (from the template).
    pub follow_ups: Vec<String>,
}

/// The steps of the board's framework with the board's template extras and the user's budgets.
pub fn steps(board: &Board) -> Vec<StepInfo> {
    let fw = frameworks::get_or_default(&board.framework);
    let template = board.template.as_deref().and_then(templates::find);
    fw.steps
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let extra = template.and_then(|t| t.steps.iter().find(|e| e.step == s.id));
            let mut prompts = s.prompts.clone();
            let mut checklist = s.checklist.clone();
            let mut follow_ups = Vec::new();
            if let Some(e) = extra {
                prompts.extend(e.prompts.iter().cloned());
                checklist.extend(e.checklist.iter().filter(|c| !s.checklist.contains(c)).cloned());
                follow_ups.extend(e.follow_ups.iter().cloned());
            }
            let budget_min = board.session.step(&s.id).and_then(|r| r.budget_min).unwrap_or(s.budget_min);
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

/// Ticked items of a step that are still on its checklist.
pub fn done_count(board: &Board, step: &StepInfo) -> usize {
    step.checklist.iter().filter(|item| board.session.is_ticked(&step.id, item)).count()
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

/// A signed difference in milliseconds as `+m:ss` over or `-m:ss` under.
///
/// ```
/// use mlsd_board::practice::steps::over_under_text;
/// assert_eq!(over_under_text(6 * 60_000, 5), "+1:00");
/// assert_eq!(over_under_text(4 * 60_000 + 30_000, 5), "-0:30");
/// ```
pub fn over_under_text(used_ms: u64, budget_min: u32) -> String {
    let budget_ms = u64::from(budget_min) * 60_000;
    if used_ms > budget_ms {
        format!("+{}", clock_text(used_ms - budget_ms))
    } else {
        format!("-{}", clock_text(budget_ms - used_ms))
    }
}
