//! Files: the board format and its migrations, the atomic writer, safe reading of user files,
//! checks of export targets, recovery copies and autosave, disk stamps, the app's folders and
//! preferences, and the interchange formats that need no drawing (Excalidraw, Mermaid, the board
//! inside a PNG). No UI.

pub mod atomic;
pub mod autosave;
pub mod disk;
pub mod error;
pub mod excalidraw;
pub(crate) mod fast_read;
pub mod format;
pub mod mermaid;
pub mod migrate;
pub mod output;
pub mod paths;
pub mod png_board;
pub mod prefs;
pub mod read;
pub mod recovery;
pub mod user_templates;
pub mod wall_clock;
