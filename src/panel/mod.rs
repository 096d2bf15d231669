//! The side panels around the canvas.

pub mod chooser;
pub mod palette;
pub mod review;
pub mod session;
