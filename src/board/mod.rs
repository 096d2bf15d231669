//! The board document: plain serde data (nodes, edges, the session record), the one [`Command`]
//! type that changes it, applying commands, undo history, validation and the clipboard fragment.
//! No UI, no files.
//!
//! Modules from the bottom up: [`limits`], [`ids`], [`items`] and [`estimate`] (the pieces) →
//! [`command`] (the type) → [`record`] (the session record, whose replay log holds commands) →
//! [`model`] (the [`Board`]) → [`apply`], [`validate`], [`clipboard`] → [`history`] →
//! [`document`].

pub mod apply;
pub mod clipboard;
pub mod command;
pub mod document;
pub mod estimate;
pub mod history;
pub mod ids;
pub mod items;
pub mod limits;
pub mod model;
pub mod record;
pub mod validate;

pub use clipboard::Fragment;
pub use command::{Added, Command, CommandError};
pub use document::Document;
pub use history::History;
pub use items::*;
pub use model::{Board, DEFAULT_FRAMEWORK, FORMAT_VERSION};
pub use record::SessionRecord;
