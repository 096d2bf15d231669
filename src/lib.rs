//! mlsd-board: a desktop whiteboard for practising machine-learning system design interviews.
//!
//! The crate is built in layers, each a folder; a layer uses only the layers below it (see
//! `ARCHITECTURE.md`):
//!
//! - [`cli`]: the command line;
//! - [`ui`]: the desktop app (eframe, egui);
//! - [`render`]: the one painter for the screen and every export;
//! - [`practice`]: the interview engine;
//! - [`file`](mod@file): board files, recovery and preferences;
//! - [`content`]: the data files (catalogue, frameworks, templates);
//! - [`board`]: the board document and its commands.
//!
//! The engine layers (`board`, `content`, `file`, `practice`) never use egui, eframe or rfd.

pub mod board;
pub mod cli;
pub mod content;
pub mod file;
pub mod practice;
pub mod render;
pub mod ui;

/// The program's memory allocator, and so that of its tests and benchmarks too: mimalloc. A
/// bulk edit of a big board frees and allocates tens of megabytes; glibc's allocator hands such
/// memory back to the system at once and takes page faults to get it again, which made a
/// select-all duplicate of 100,000 boxes spend a third of its time in the kernel (see
/// `BENCHMARKS.md`).
///
/// It also stands in for the C library's `malloc` (the crate's `override` feature), so that C
/// code in the process, above all the GL driver, shares it. With only Rust's memory in mimalloc,
/// glibc's heap held little but the software GL driver's per-frame vertex buffers; glibc gave
/// each frame's freed buffers back to the system and faulted them in again on the next, about
/// 1,600 page faults a frame on a fitted 10,000-box board, which made that frame a quarter slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
