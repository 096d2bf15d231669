//! The board canvas: view transform, geometry and hit tests, painting, and pointer interaction.

pub mod geometry;
pub mod interaction;
pub mod paint;
pub mod view;
