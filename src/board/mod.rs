//! The board document: plain serde data (nodes, edges, the session record), the one `Command`
//! type that changes it, undo history, validation and the clipboard fragment. No UI, no files.

pub mod clipboard;
pub mod command;
pub mod document;
pub mod history;
pub mod model;
pub mod record;
pub mod validate;

pub use clipboard::Fragment;
pub use command::{Command, CommandError};
pub use document::Document;
pub use history::History;
pub use model::*;
pub use record::Session;
