//! Drawing a board: the one painter shared by the screen, every export and the UI snapshots, its
//! geometry, arrow routes and view transform, the colours and fonts, the CPU rasterizer and the exports.

pub mod export;
pub mod fonts;
pub mod geometry;
pub mod paint;
pub mod raster;
pub mod route;
pub mod theme;
pub mod view;

pub use raster::Rasterizer;
