//! The limits every board obeys, shared by the commands (so the app never makes a board it would
//! refuse to open), the loader and `build.rs`. A leaf: it uses nothing.

/// Coordinates beyond this (in board units) are refused as absurd.
pub const MAX_COORD: f32 = 10_000_000.0;
/// A side longer than this (in board units) is refused as absurd.
pub const MAX_SIDE: f32 = 100_000.0;
/// A label longer than this (in characters) is refused as absurd.
pub const MAX_LABEL_CHARS: usize = 100_000;
/// Ids above this are refused, so the id counter can never overflow.
pub const MAX_ID: u64 = 1 << 53;
/// Zoom limits of a saved view; outside them the view is reset.
pub const ZOOM_RANGE: (f32, f32) = (0.01, 10.0);
/// The largest value an estimator input may hold (a trillion trillions: far past any real
/// system, small enough that products of inputs stay finite).
pub const MAX_ESTIMATE: f64 = 1e24;
