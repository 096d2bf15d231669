//! Files: the board format and its migrations, the atomic writer, recovery copies and autosave,
//! disk stamps, the app's folders and preferences. No UI.

pub mod autosave;
pub mod disk;
pub mod format;
pub mod paths;
pub mod prefs;
pub mod recovery;
pub mod user_templates;
pub mod wall_clock;
