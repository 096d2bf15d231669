//! The interview clock: counts time into the current step of a board's session while it runs.

use crate::board::Document;
use crate::practice::clock::{Clock, SystemClock};
use std::time::Duration;

/// Start, pause, step switching and time accrual. Time is only counted while running, always to
/// the step that was current at the time.
pub struct Timer {
    clock: Box<dyn Clock>,
    /// When time was last counted, while running.
    last: Option<Duration>,
}

impl std::fmt::Debug for Timer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Timer").field("running", &self.last.is_some()).finish()
    }
}

impl Default for Timer {
    fn default() -> Self {
        Self::new(Box::new(SystemClock::default()))
    }
}

impl Timer {
    /// A paused timer reading `clock`.
    pub fn new(clock: Box<dyn Clock>) -> Self {
        Self { clock, last: None }
    }

    /// Whether the clock runs.
    pub fn is_running(&self) -> bool {
        self.last.is_some()
    }

    /// Starts (or resumes) counting into the current step.
    pub fn start(&mut self) {
        if self.last.is_none() {
            self.last = Some(self.clock.now());
        }
    }

    /// Counts the time since the last tick into the current step. Call every frame.
    /// Whole milliseconds are counted; the remainder carries over to the next tick.
    pub fn tick(&mut self, doc: &mut Document) {
        let Some(last) = self.last else { return };
        let now = self.clock.now();
        let ms = now.saturating_sub(last).as_millis() as u64;
        if ms == 0 {
            return;
        }
        self.last = Some(last + Duration::from_millis(ms));
        let fw = crate::content::frameworks::get_or_default(&doc.board().framework);
        let current = doc.board().session.current.min(fw.steps.len().saturating_sub(1));
        if let Some(step) = fw.steps.get(current) {
            doc.accrue_time(&step.id, ms);
        }
    }

    /// Stops counting, after counting the time so far.
    pub fn pause(&mut self, doc: &mut Document) {
        self.tick(doc);
        self.last = None;
    }

    /// Makes step `index` current; time so far goes to the step that was current.
    pub fn switch_to(&mut self, doc: &mut Document, index: usize) {
        self.tick(doc);
        let steps = crate::content::frameworks::step_count(&doc.board().framework);
        if index < steps {
            doc.set_current_step(index);
        }
    }

    /// Pauses and clears the time of every step, back at the first step. Ticks, notes and
    /// budgets stay.
    pub fn reset(&mut self, doc: &mut Document) {
        self.last = None;
        doc.reset_times();
    }

    /// Time until the next whole second of the current step's clock, for a repaint that
    /// updates the display just in time (`None` while paused).
    pub fn until_next_second(&self, doc: &Document) -> Option<Duration> {
        self.last?;
        let used = doc.board().session.total_used_ms();
        Some(Duration::from_millis(1000 - used % 1000))
    }
}
