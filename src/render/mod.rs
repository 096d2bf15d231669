//! Drawing a board: the one painter shared by the screen, every export and the UI snapshots, its
//! geometry, arrow routes and view transform, the colours and fonts, the CPU rasterizer, the
//! vector form of the painter's shapes (for SVG and PDF) and the exports.

pub mod export;
pub mod fonts;
pub mod formats;
pub mod geometry;
pub mod headless;
pub mod interop;
pub mod outline;
pub mod paint;
pub mod pdf;
pub mod raster;
pub mod route;
pub mod svg;
pub mod theme;
pub mod vector;
pub mod view;

pub use raster::Rasterizer;
