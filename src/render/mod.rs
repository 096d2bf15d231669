//! Rendering egui output without a GPU: the CPU rasterizer behind PNG exports and the UI
//! snapshot tests.

pub mod raster;

pub use raster::Rasterizer;
