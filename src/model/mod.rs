//! The board document and everything that changes it.

pub mod board;
pub mod clipboard;
pub mod command;
pub mod document;
pub mod history;
pub mod session;
pub mod validate;

pub use board::{ArrowStyle, Board, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size, View};
pub use clipboard::Fragment;
pub use command::{Command, CommandError};
pub use document::Document;
pub use history::History;
pub use session::Session;
