//! User preferences kept between runs (eframe storage): theme, grid, snap and recent boards.
//! Boards themselves live in their own files, never here.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeKind {
    /// Dark text on light paper.
    #[default]
    Light,
    /// Light text on a dark board.
    Dark,
}

/// How many recent boards are remembered.
pub const MAX_RECENT: usize = 10;

/// The storage key of the preferences.
pub const STORAGE_KEY: &str = "mlsd-board-prefs";

/// Preferences kept between runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light or dark.
    pub theme: ThemeKind,
    /// Grid shown.
    pub grid: bool,
    /// Snap to grid.
    pub snap: bool,
    /// Recently opened or saved boards, newest first.
    pub recent: Vec<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self { theme: ThemeKind::Light, grid: true, snap: true, recent: Vec::new() }
    }
}

impl Prefs {
    /// Puts `path` at the top of the recent boards.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}
