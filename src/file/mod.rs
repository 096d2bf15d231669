//! Files: the board format and its migrations, the atomic writer, safe reading of user files,
//! checks of export targets, recovery copies and autosave, disk stamps, the app's folders and
//! preferences. No UI.

pub mod atomic;
pub mod autosave;
pub mod disk;
pub mod error;
pub mod format;
pub mod migrate;
pub mod output;
pub mod paths;
pub mod prefs;
pub mod read;
pub mod recovery;
pub mod user_templates;
pub mod wall_clock;
