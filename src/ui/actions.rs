//! Every menu command in one table: its name, its keyboard shortcuts and its menu. The menus and
//! the shortcut handler both read this table, so a shortcut shown in a menu is the one that works.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command the user can give from a menu or a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Start a new board.
    New,
    /// Open a board file.
    Open,
    /// Save the board.
    Save,
    /// Save the board under a new name.
    SaveAs,
    /// Save the board as a user template.
    SaveAsTemplate,
    /// Export the board: PNG, SVG, PDF report, Excalidraw or Mermaid.
    ExportImage,
    /// Import an Excalidraw scene as a new board.
    Import,
    /// Leave the app.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Copy the selection and delete it.
    Cut,
    /// Copy the selection.
    Copy,
    /// Paste what was copied.
    Paste,
    /// Copy the selection next to itself.
    Duplicate,
    /// Put the board on the clipboard as a Mermaid flowchart.
    CopyMermaid,
    /// Put the board on the clipboard as an image.
    CopyImage,
    /// Delete the selection.
    Delete,
    /// Select every node.
    SelectAll,
    /// Edit the label of the selected node or edge.
    EditLabel,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Show the whole board.
    ZoomFit,
    /// Zoom to 100%.
    ActualSize,
    /// Show or hide the grid.
    ToggleGrid,
    /// Snap to the grid or not.
    ToggleSnap,
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// Start, pause or resume the interview clock.
    StartPause,
    /// Go to the next framework step.
    NextStep,
    /// Go to the previous framework step.
    PrevStep,
    /// Stop the clock and show the summary.
    Finish,
    /// Show or hide the interview side panel.
    TogglePanel,
    /// Show the session summary and review.
    Review,
    /// Show progress over all finished sessions.
    Progress,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers { shift: true, ..Modifiers::COMMAND };

impl Action {
    /// Every action, in menu order.
    pub const ALL: [Action; 33] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::SaveAsTemplate,
        Self::ExportImage,
        Self::Import,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Cut,
        Self::Copy,
        Self::Paste,
        Self::Duplicate,
        Self::CopyMermaid,
        Self::CopyImage,
        Self::Delete,
        Self::SelectAll,
        Self::EditLabel,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomFit,
        Self::ActualSize,
        Self::ToggleGrid,
        Self::ToggleSnap,
        Self::ToggleTheme,
        Self::StartPause,
        Self::NextStep,
        Self::PrevStep,
        Self::Finish,
        Self::TogglePanel,
        Self::Review,
        Self::Progress,
    ];

    /// The name shown in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New…",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::SaveAsTemplate => "Save as template",
            Self::ExportImage => "Export…",
            Self::Import => "Import Excalidraw…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Cut => "Cut",
            Self::Copy => "Copy",
            Self::Paste => "Paste",
            Self::Duplicate => "Duplicate",
            Self::CopyMermaid => "Copy as Mermaid",
            Self::CopyImage => "Copy as image",
            Self::Delete => "Delete",
            Self::SelectAll => "Select all",
            Self::EditLabel => "Edit label",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomFit => "Zoom to fit",
            Self::ActualSize => "Actual size",
            Self::ToggleGrid => "Grid",
            Self::ToggleSnap => "Snap to grid",
            Self::ToggleTheme => "Dark theme",
            Self::StartPause => "Start / pause clock",
            Self::NextStep => "Next step",
            Self::PrevStep => "Previous step",
            Self::Finish => "Finish and show summary",
            Self::TogglePanel => "Interview panel",
            Self::Review => "Summary and review…",
            Self::Progress => "Progress…",
        }
    }

    /// The keyboard shortcuts; the first is the one shown in the menu.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        /// A constant slice of shortcuts, so the table lives in static memory.
        macro_rules! keys {
            ($(($m:expr, $k:expr)),+) => {{
                const S: &[KeyboardShortcut] = &[$(KeyboardShortcut::new($m, $k)),+];
                S
            }};
        }
        const NONE: Modifiers = Modifiers::NONE;
        const SHIFT: Modifiers = Modifiers::SHIFT;
        match self {
            Self::New => keys!((CMD, Key::N)),
            Self::Open => keys!((CMD, Key::O)),
            Self::Save => keys!((CMD, Key::S)),
            Self::SaveAs => keys!((CMD_SHIFT, Key::S)),
            Self::SaveAsTemplate => &[],
            Self::ExportImage => keys!((CMD_SHIFT, Key::E)),
            Self::Import => &[],
            Self::Quit => keys!((CMD, Key::Q)),
            Self::Undo => keys!((CMD, Key::Z)),
            Self::Redo => keys!((CMD_SHIFT, Key::Z), (CMD, Key::Y)),
            Self::Cut => keys!((CMD, Key::X)),
            Self::Copy => keys!((CMD, Key::C)),
            Self::Paste => keys!((CMD, Key::V)),
            Self::Duplicate => keys!((CMD, Key::D)),
            Self::CopyMermaid => &[],
            Self::CopyImage => &[],
            Self::Delete => keys!((NONE, Key::Delete), (NONE, Key::Backspace)),
            Self::SelectAll => keys!((CMD, Key::A)),
            Self::EditLabel => keys!((NONE, Key::F2)),
            Self::ZoomIn => keys!((CMD, Key::Equals), (CMD, Key::Plus)),
            Self::ZoomOut => keys!((CMD, Key::Minus)),
            Self::ZoomFit => keys!((SHIFT, Key::Num1), (SHIFT, Key::Exclamationmark)),
            Self::ActualSize => keys!((CMD, Key::Num0)),
            Self::ToggleGrid => keys!((CMD, Key::Quote)),
            Self::ToggleSnap => keys!((CMD_SHIFT, Key::Quote)),
            Self::ToggleTheme => keys!((CMD_SHIFT, Key::L)),
            Self::StartPause => keys!((NONE, Key::F5)),
            Self::NextStep => keys!((CMD, Key::CloseBracket), (CMD, Key::PageDown)),
            Self::PrevStep => keys!((CMD, Key::OpenBracket), (CMD, Key::PageUp)),
            Self::Finish => &[],
            Self::TogglePanel => keys!((NONE, Key::F9)),
            Self::Review => &[],
            Self::Progress => &[],
        }
    }

    /// Every (action, shortcut) pair, most specific first (more modifiers first), so that
    /// Ctrl+Shift+Z is matched before Ctrl+Z can consume it. Built once.
    pub fn shortcut_table() -> &'static [(Action, KeyboardShortcut)] {
        static TABLE: std::sync::OnceLock<Vec<(Action, KeyboardShortcut)>> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut table: Vec<(Action, KeyboardShortcut)> =
                Self::ALL.iter().flat_map(|a| a.shortcuts().iter().map(move |s| (*a, *s))).collect();
            table.sort_by_key(|(_, s)| {
                std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt))
            });
            table
        })
    }

    /// Whether the action edits the canvas, so that it must not fire while a text field has
    /// the keyboard (Delete in a text field deletes text, not boxes).
    pub fn is_canvas_edit(self) -> bool {
        !matches!(self, Self::New | Self::Open | Self::Save | Self::SaveAs | Self::Quit | Self::ToggleTheme)
    }

    /// The shortcut as shown in a menu, e.g. "Ctrl+Shift+S".
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s)).unwrap_or_default()
    }
}
