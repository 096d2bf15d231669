//! The side panels around the canvas.

pub mod palette;
pub mod session;
