//! Files: the board format and its migrations, the atomic writer, recovery copies and autosave,
//! disk stamps, the app's folders and preferences, and the interchange formats that need no
//! drawing (Excalidraw, Mermaid, the board inside a PNG). No UI.

pub mod autosave;
pub mod disk;
pub mod excalidraw;
pub mod format;
pub mod mermaid;
pub mod paths;
pub mod png_board;
pub mod prefs;
pub mod recovery;
