//! The interviewer that looks at the board: follow-up questions triggered by rules over what is
//! on the board (or missing from it) during a step, and the case's mid-session change of
//! requirements at about 40% of the total time.
//!
//! Rules are data: `rules` in a framework (every case under it) and in a template (that case),
//! each a step, kinds that must be present, kinds that must be absent, and the question. A kind
//! counts as present when a box on the board counts as it or as a kind equivalent to it (see
//! [`review::counted_kind`] and the catalogue's `equivalents`), so a "Redis" box satisfies a rule
//! about a cache.
//!
//! Everything here is pure: the app calls [`ask_now`] on each tick of the running clock in
//! interviewer mode and records what it returns as a [`FollowUp`] with the session time. Timed
//! follow-ups (the step's own list, at a random moment) are the app's scheduling loop's.

use crate::board::Board;
use crate::board::record::{FollowUp, FollowUpSource};
use crate::content::schema::{Framework, Rule, Step, Template};
use crate::content::{catalogue, frameworks, templates};
use crate::practice::{review, steps};

/// A rule fires only once this share (percent) of its step's budget has been spent in the step,
/// so the candidate has had time to draw what the rule looks for.
pub const RULE_AFTER_PERCENT: u64 = 40;

/// The requirement change comes once this share (percent) of the session's total budget is used.
pub const REQUIREMENT_CHANGE_AT_PERCENT: u64 = 40;

/// Nothing new is asked sooner than this after the last question (milliseconds of session time).
pub const MIN_GAP_MS: u64 = 60_000;

/// A question to ask now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ask {
    /// The step (id) it belongs to: the current step.
    pub step: String,
    /// The question or the new requirement.
    pub question: String,
    /// Why it is asked: [`FollowUpSource::Rule`] or [`FollowUpSource::RequirementChange`].
    pub source: FollowUpSource,
}

impl Ask {
    /// The follow-up to record in the session, asked at session time `at_ms`.
    pub fn to_follow_up(&self, at_ms: u64) -> FollowUp {
        FollowUp { step: self.step.clone(), question: self.question.clone(), at_ms, source: self.source }
    }
}

/// The rules and the requirement change that apply to one board.
#[derive(Clone, Copy, Debug)]
pub struct Interviewer<'a> {
    /// The board's framework.
    pub framework: &'a Framework,
    /// The board's case, if any.
    pub template: Option<&'a Template>,
}

impl<'a> Interviewer<'a> {
    /// The interviewer of a board: its framework and its built-in template.
    pub fn of(board: &Board) -> Interviewer<'static> {
        Interviewer {
            framework: frameworks::get_or_default(&board.framework),
            template: board.template.as_deref().and_then(templates::find),
        }
    }

    /// Every rule that applies: the framework's, then the case's.
    pub fn rules(&self) -> impl Iterator<Item = &'a Rule> + 'a {
        let own = self.template.map(|t| t.rules.as_slice()).unwrap_or_default();
        self.framework.rules.iter().chain(own)
    }

    /// The rules whose step is step `index` of the framework (or a step it covers, in a short
    /// framework) and whose condition holds on `board`, not yet asked (by question text), in
    /// order. Ignores time: see [`Interviewer::ask_now`] for when they are asked.
    pub fn firing(&self, board: &Board, index: usize, asked: &[FollowUp]) -> Vec<&'a Rule> {
        let Some(step) = self.framework.steps.get(index) else { return Vec::new() };
        let kinds = review::kinds_on(board);
        self.rules()
            .filter(|r| rule_in_step(r, step))
            .filter(|r| holds(r, &kinds))
            .filter(|r| !asked.iter().any(|f| f.question == r.question))
            .collect()
    }

    /// The requirement change, when it is due: the case has one, it was not asked yet, and
    /// `elapsed_ms` has reached [`REQUIREMENT_CHANGE_AT_PERCENT`] of the total budget of the
    /// board's steps.
    pub fn requirement_change(&self, board: &Board, elapsed_ms: u64, asked: &[FollowUp]) -> Option<Ask> {
        let text = self.template?.requirement_change.as_deref().filter(|t| !t.trim().is_empty())?;
        if asked.iter().any(|f| f.source == FollowUpSource::RequirementChange) {
            return None;
        }
        let total_ms: u64 = steps::steps(board).iter().map(|s| u64::from(s.budget_min) * 60_000).sum();
        if total_ms == 0
            || elapsed_ms.saturating_mul(100) < total_ms.saturating_mul(REQUIREMENT_CHANGE_AT_PERCENT)
        {
            return None;
        }
        let step = self.framework.steps.get(board.session.current)?;
        Some(Ask {
            step: step.id.clone(),
            question: text.to_owned(),
            source: FollowUpSource::RequirementChange,
        })
    }

    /// What to ask now, if anything, at session time `elapsed_ms` with `asked` already asked: at
    /// most one question, never within [`MIN_GAP_MS`] of the last one. The requirement change
    /// comes first when due; else the first rule firing in the current step once
    /// [`RULE_AFTER_PERCENT`] of the step's budget is spent in it.
    pub fn ask_now(&self, board: &Board, elapsed_ms: u64, asked: &[FollowUp]) -> Option<Ask> {
        if asked
            .iter()
            .map(|f| f.at_ms)
            .max()
            .is_some_and(|last| elapsed_ms < last.saturating_add(MIN_GAP_MS))
        {
            return None;
        }
        if let Some(change) = self.requirement_change(board, elapsed_ms, asked) {
            return Some(change);
        }
        let index = board.session.current;
        let info = steps::steps(board);
        let step = info.get(index)?;
        let budget_ms = u64::from(step.budget_min) * 60_000;
        if board.session.used_ms(&step.id).saturating_mul(100) < budget_ms.saturating_mul(RULE_AFTER_PERCENT)
        {
            return None;
        }
        let rule = self.firing(board, index, asked).into_iter().next()?;
        Some(Ask { step: step.id.clone(), question: rule.question.clone(), source: FollowUpSource::Rule })
    }
}

/// What to ask now on `board` (see [`Interviewer::ask_now`]), with its built-in framework and
/// template: the function the app calls each tick in interviewer mode.
pub fn ask_now(board: &Board, elapsed_ms: u64, asked: &[FollowUp]) -> Option<Ask> {
    Interviewer::of(board).ask_now(board, elapsed_ms, asked)
}

/// Whether rule `r` belongs to framework step `step`: the same id, or in a short framework a step
/// it covers.
fn rule_in_step(r: &Rule, step: &Step) -> bool {
    r.step == step.id || step.covers.iter().any(|c| c == &r.step)
}

/// Whether a rule's condition holds for the kinds on a board: each `present` kind is there (or an
/// equivalent), and no `absent` kind is (nor an equivalent).
pub fn holds(r: &Rule, kinds_on_board: &[String]) -> bool {
    let there = |want: &String| kinds_on_board.iter().any(|k| catalogue::equivalent(k, want));
    r.present.iter().all(there) && !r.absent.iter().any(there)
}
