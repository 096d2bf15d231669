//! The interview engine: steps and pacing, the clock and timer, the back-of-envelope estimator,
//! the review against a reference, the self-rating rubric, the interviewer's rules, the session
//! report, the replay of a session, the practice log and its repetition schedule. No UI.

pub mod clock;
pub mod estimate;
pub mod interview;
pub mod interviewer;
pub mod json;
pub mod log;
pub mod replay;
pub mod report;
pub mod review;
pub mod rubric;
pub mod schedule;
pub mod seed;
pub mod steps;
pub mod timer;
