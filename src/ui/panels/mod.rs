//! The panels and windows around the canvas: the palette (left), the interview panel (right),
//! the new-board chooser, the review with its reference and replay views, and progress. Each
//! draws itself from the document and returns what the user asked for; none changes anything.

pub mod chooser;
pub mod interview;
pub mod palette;
pub mod progress;
pub mod review;
