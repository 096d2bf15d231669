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
    /// Clear the selection, or cancel the gesture in progress.
    Deselect,
    /// Move the selection one board unit left.
    NudgeLeft,
    /// Move the selection one board unit right.
    NudgeRight,
    /// Move the selection one board unit up.
    NudgeUp,
    /// Move the selection one board unit down.
    NudgeDown,
    /// Move the selection a grid step left.
    NudgeLeftFar,
    /// Move the selection a grid step right.
    NudgeRightFar,
    /// Move the selection a grid step up.
    NudgeUpFar,
    /// Move the selection a grid step down.
    NudgeDownFar,
    /// Line the selected boxes up on their left sides.
    AlignLeft,
    /// Line the selected boxes up on their centres, across.
    AlignCenter,
    /// Line the selected boxes up on their right sides.
    AlignRight,
    /// Line the selected boxes up on their tops.
    AlignTop,
    /// Line the selected boxes up on their middles, down.
    AlignMiddle,
    /// Line the selected boxes up on their bottoms.
    AlignBottom,
    /// Space the selected boxes evenly from left to right.
    DistributeHorizontally,
    /// Space the selected boxes evenly from top to bottom.
    DistributeVertically,
    /// Draw the selected boxes on top of the others.
    BringToFront,
    /// Draw the selected boxes under the others.
    SendToBack,
    /// Switch the selected arrow (or the arrows among the selected boxes) between straight
    /// and elbow.
    ToggleRoute,
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
    pub const ALL: [Action; 53] = [
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
        Self::Deselect,
        Self::NudgeLeft,
        Self::NudgeRight,
        Self::NudgeUp,
        Self::NudgeDown,
        Self::NudgeLeftFar,
        Self::NudgeRightFar,
        Self::NudgeUpFar,
        Self::NudgeDownFar,
        Self::AlignLeft,
        Self::AlignCenter,
        Self::AlignRight,
        Self::AlignTop,
        Self::AlignMiddle,
        Self::AlignBottom,
        Self::DistributeHorizontally,
        Self::DistributeVertically,
        Self::BringToFront,
        Self::SendToBack,
        Self::ToggleRoute,
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
            Self::Deselect => "Clear selection",
            Self::NudgeLeft => "Nudge left",
            Self::NudgeRight => "Nudge right",
            Self::NudgeUp => "Nudge up",
            Self::NudgeDown => "Nudge down",
            Self::NudgeLeftFar => "Move left a grid step",
            Self::NudgeRightFar => "Move right a grid step",
            Self::NudgeUpFar => "Move up a grid step",
            Self::NudgeDownFar => "Move down a grid step",
            Self::AlignLeft => "Align left",
            Self::AlignCenter => "Align centres",
            Self::AlignRight => "Align right",
            Self::AlignTop => "Align top",
            Self::AlignMiddle => "Align middles",
            Self::AlignBottom => "Align bottom",
            Self::DistributeHorizontally => "Distribute horizontally",
            Self::DistributeVertically => "Distribute vertically",
            Self::BringToFront => "Bring to front",
            Self::SendToBack => "Send to back",
            Self::ToggleRoute => "Elbow arrow",
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
        const ALT: Modifiers = Modifiers::ALT;
        const ALT_SHIFT: Modifiers = Modifiers { shift: true, ..Modifiers::ALT };
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
            Self::Deselect => keys!((NONE, Key::Escape)),
            Self::NudgeLeft => keys!((NONE, Key::ArrowLeft)),
            Self::NudgeRight => keys!((NONE, Key::ArrowRight)),
            Self::NudgeUp => keys!((NONE, Key::ArrowUp)),
            Self::NudgeDown => keys!((NONE, Key::ArrowDown)),
            Self::NudgeLeftFar => keys!((SHIFT, Key::ArrowLeft)),
            Self::NudgeRightFar => keys!((SHIFT, Key::ArrowRight)),
            Self::NudgeUpFar => keys!((SHIFT, Key::ArrowUp)),
            Self::NudgeDownFar => keys!((SHIFT, Key::ArrowDown)),
            // Figma's keys for aligning and distributing.
            Self::AlignLeft => keys!((ALT, Key::A)),
            Self::AlignCenter => keys!((ALT, Key::H)),
            Self::AlignRight => keys!((ALT, Key::D)),
            Self::AlignTop => keys!((ALT, Key::W)),
            Self::AlignMiddle => keys!((ALT, Key::V)),
            Self::AlignBottom => keys!((ALT, Key::S)),
            Self::DistributeHorizontally => keys!((ALT_SHIFT, Key::H)),
            Self::DistributeVertically => keys!((ALT_SHIFT, Key::V)),
            // Shift turns ] into } on most layouts: both are bound.
            Self::BringToFront => keys!((CMD_SHIFT, Key::CloseBracket), (CMD_SHIFT, Key::CloseCurlyBracket)),
            Self::SendToBack => keys!((CMD_SHIFT, Key::OpenBracket), (CMD_SHIFT, Key::OpenCurlyBracket)),
            Self::ToggleRoute => keys!((CMD, Key::E)),
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
