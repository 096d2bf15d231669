//! The back-of-envelope estimator's inputs as a session keeps them ([`EstimateInputs`]): plain
//! serde data, a leaf, so both the session record and the [`Command`](crate::board::Command)
//! that changes it can name it. The arithmetic is in `crate::practice::estimate`.

use serde::{Deserialize, Serialize};

/// The inputs of the back-of-envelope estimator. Every field is a count or a size; the
/// estimator turns them into QPS, storage and index memory.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EstimateInputs {
    /// Daily active users.
    pub daily_users: f64,
    /// Requests (or actions) per user per day.
    pub actions_per_user: f64,
    /// Peak traffic as a multiple of the average (2–3 is usual).
    pub peak_factor: f64,
    /// Bytes stored per action or item.
    pub bytes_per_item: f64,
    /// Days of data kept.
    pub retention_days: f64,
    /// Embedding dimensions (float32 values per vector); 0 when nothing is embedded.
    pub embedding_dim: f64,
    /// Vectors in the nearest-neighbour index; 0 when there is none.
    pub index_items: f64,
}

impl Default for EstimateInputs {
    fn default() -> Self {
        Self {
            daily_users: 10_000_000.0,
            actions_per_user: 10.0,
            peak_factor: 3.0,
            bytes_per_item: 1_000.0,
            retention_days: 30.0,
            embedding_dim: 0.0,
            index_items: 0.0,
        }
    }
}
