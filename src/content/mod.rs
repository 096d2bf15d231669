//! The data files: their schema and checks, the component catalogue, the interview frameworks
//! and the case-study templates, validated and embedded by `build.rs`. No UI.

pub mod catalogue;
pub mod frameworks;
pub mod schema;
pub mod templates;

/// The data files, validated and embedded by `build.rs`.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
