//! The panels and windows around the canvas: the palette (left), the interview panel (right),
//! the new-board chooser, the review (the session report with the rubric) with its reference and
//! replay views, the estimator of the scoping step, and progress. Each
//! draws itself from the document and returns what the user asked for; none changes anything.

pub mod chooser;
pub mod estimator;
pub mod interview;
pub mod palette;
pub mod progress;
pub mod report;
pub mod review;
