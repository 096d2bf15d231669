//! The interview engine: steps and pacing, the clock and timer, the review against a reference,
//! the replay of a session and the practice log. No UI.

pub mod clock;
pub mod interview;
pub mod log;
pub mod replay;
pub mod review;
pub mod seed;
pub mod steps;
pub mod timer;
