//! mlsd-board: a desktop whiteboard for practising machine-learning system design interviews.
//!
//! The library holds the engine — the board document, its commands and undo history, the file
//! format, the catalogue, frameworks and templates — which needs no window; the app (eframe glue,
//! canvas, panels) sits on top of it.

pub mod actions;
pub mod app;
pub mod autosave;
pub mod bench;
pub mod canvas;
pub mod catalogue;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod dialogs;
pub mod disk;
pub mod export;
pub mod fonts;
pub mod format;
pub mod framework;
pub mod model;
pub mod panel;
pub mod paths;
pub mod practice_log;
pub mod prefs;
pub mod recovery;
pub mod render;
pub mod replay;
pub mod review;
pub mod session;
pub mod spec;
pub mod templates;
pub mod theme;
pub mod timer;

/// The data files, validated and embedded by `build.rs`.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
