//! Every menu command in one table: its name, its keyboard shortcuts and its menu. The menus, the
//! shortcut handler, the command palette, the keyboard shortcuts window and the README's table
//! (`mlsd-board shortcuts`) all read this table, so a shortcut shown anywhere is the one that
//! works.

use egui::{Key, KeyboardShortcut, ModifierNames, Modifiers};
use strum::IntoEnumIterator as _;

/// The menus of the menu bar, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Menu {
    /// Boards and files.
    File,
    /// Changing the board.
    Edit,
    /// Placing, lining up and stacking boxes, and arrows' routes.
    Arrange,
    /// How the board is shown.
    View,
    /// The interview session.
    Session,
    /// Finding commands and keys.
    Help,
}

impl Menu {
    /// The menu's title in the menu bar.
    pub fn name(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::Arrange => "Arrange",
            Self::View => "View",
            Self::Session => "Session",
            Self::Help => "Help",
        }
    }
}

/// A command the user can give from a menu, a shortcut or the command palette. Declared in menu
/// order: each menu lists its actions in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
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
    /// Delete the selection.
    Delete,
    /// Put the board on the clipboard as a Mermaid flowchart.
    CopyMermaid,
    /// Put the board on the clipboard as an image.
    CopyImage,
    /// Select every node.
    SelectAll,
    /// Edit the label of the selected node or edge.
    EditLabel,
    /// Find boxes and arrows by label or kind.
    Find,
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
    /// Draw the selected boxes on top of the others.
    BringToFront,
    /// Draw the selected boxes under the others.
    SendToBack,
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
    /// Show or hide the interview side panel.
    TogglePanel,
    /// Start, pause or resume the interview clock.
    StartPause,
    /// Go to the previous framework step.
    PrevStep,
    /// Go to the next framework step.
    NextStep,
    /// Stop the clock and show the summary.
    Finish,
    /// Show the session summary and review.
    Review,
    /// Show progress over all finished sessions.
    Progress,
    /// Search every command by name.
    CommandPalette,
    /// List every keyboard shortcut.
    KeyboardShortcuts,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers { shift: true, ..Modifiers::COMMAND };

impl Action {
    /// Every action, in menu order.
    pub fn all() -> impl Iterator<Item = Action> {
        Self::iter()
    }

    /// The menu the action is in.
    pub fn menu(self) -> Menu {
        match self {
            Self::New
            | Self::Open
            | Self::Save
            | Self::SaveAs
            | Self::SaveAsTemplate
            | Self::ExportImage
            | Self::Import
            | Self::Quit => Menu::File,
            Self::Undo
            | Self::Redo
            | Self::Cut
            | Self::Copy
            | Self::Paste
            | Self::Duplicate
            | Self::Delete
            | Self::CopyMermaid
            | Self::CopyImage
            | Self::SelectAll
            | Self::EditLabel
            | Self::Find
            | Self::Deselect
            | Self::NudgeLeft
            | Self::NudgeRight
            | Self::NudgeUp
            | Self::NudgeDown
            | Self::NudgeLeftFar
            | Self::NudgeRightFar
            | Self::NudgeUpFar
            | Self::NudgeDownFar => Menu::Edit,
            Self::BringToFront
            | Self::SendToBack
            | Self::AlignLeft
            | Self::AlignCenter
            | Self::AlignRight
            | Self::AlignTop
            | Self::AlignMiddle
            | Self::AlignBottom
            | Self::DistributeHorizontally
            | Self::DistributeVertically
            | Self::ToggleRoute => Menu::Arrange,
            Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomFit
            | Self::ActualSize
            | Self::ToggleGrid
            | Self::ToggleSnap
            | Self::ToggleTheme
            | Self::TogglePanel => Menu::View,
            Self::StartPause
            | Self::NextStep
            | Self::PrevStep
            | Self::Finish
            | Self::Review
            | Self::Progress => Menu::Session,
            Self::CommandPalette | Self::KeyboardShortcuts => Menu::Help,
        }
    }

    /// Whether a separator comes before the action in its menu.
    pub fn starts_group(self) -> bool {
        matches!(
            self,
            Self::Save
                | Self::Quit
                | Self::Cut
                | Self::CopyMermaid
                | Self::SelectAll
                | Self::AlignLeft
                | Self::AlignTop
                | Self::DistributeHorizontally
                | Self::ToggleRoute
                | Self::ToggleGrid
                | Self::Review
        )
    }

    /// Whether the action has an entry in its menu. Escape and the arrow-key nudges are keys
    /// only: listed with the shortcuts and in the command palette, not as menu entries.
    pub fn in_menu(self) -> bool {
        !matches!(
            self,
            Self::Deselect
                | Self::NudgeLeft
                | Self::NudgeRight
                | Self::NudgeUp
                | Self::NudgeDown
                | Self::NudgeLeftFar
                | Self::NudgeRightFar
                | Self::NudgeUpFar
                | Self::NudgeDownFar
        )
    }

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
            Self::Find => "Find…",
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
            Self::CommandPalette => "Command palette…",
            Self::KeyboardShortcuts => "Keyboard shortcuts",
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
            Self::Find => keys!((CMD, Key::F)),
            Self::ZoomIn => keys!((CMD, Key::Equals), (CMD, Key::Plus)),
            Self::ZoomOut => keys!((CMD, Key::Minus)),
            Self::ZoomFit => keys!((SHIFT, Key::Num1), (NONE, Key::Exclamationmark)),
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
            Self::CommandPalette => keys!((CMD, Key::K), (CMD_SHIFT, Key::P)),
            Self::KeyboardShortcuts => keys!((NONE, Key::F1), (NONE, Key::Questionmark)),
        }
    }

    /// Every (action, shortcut) pair, most specific first (more modifiers first), so that
    /// Ctrl+Shift+Z is matched before Ctrl+Z can consume it. Built once.
    pub fn shortcut_table() -> &'static [(Action, KeyboardShortcut)] {
        static TABLE: std::sync::OnceLock<Vec<(Action, KeyboardShortcut)>> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut table: Vec<(Action, KeyboardShortcut)> =
                Self::all().flat_map(|a| a.shortcuts().iter().map(move |s| (a, *s))).collect();
            table.sort_by_key(|(_, s)| {
                std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt))
            });
            table
        })
    }

    /// Whether the action edits the canvas, so that it must not fire while a text field has
    /// the keyboard (Delete in a text field deletes text, not boxes).
    pub fn is_canvas_edit(self) -> bool {
        !matches!(
            self,
            Self::New
                | Self::Open
                | Self::Save
                | Self::SaveAs
                | Self::Quit
                | Self::ToggleTheme
                | Self::Find
                | Self::CommandPalette
                | Self::KeyboardShortcuts
        )
    }

    /// The shortcut as shown in a menu, e.g. "Ctrl+Shift+S" (on macOS "⇧⌘S").
    pub fn shortcut_text(self, mac: bool) -> String {
        self.shortcuts().first().map(|s| shortcut_text(s, mac)).unwrap_or_default()
    }

    /// Every shortcut of the action as shown in the shortcuts window, e.g. "Ctrl+Shift+Z, Ctrl+Y".
    pub fn all_shortcuts_text(self, mac: bool) -> String {
        self.shortcuts().iter().map(|s| shortcut_text(s, mac)).collect::<Vec<_>>().join(", ")
    }
}

/// Whether a shortcut may fire while a text field has the keyboard: only one with Ctrl (⌘) or
/// a function key, never a key that types a character ("?").
pub fn fires_while_typing(shortcut: &KeyboardShortcut) -> bool {
    let name = shortcut.logical_key.name();
    let function_key =
        name.len() > 1 && name.starts_with('F') && name[1..].bytes().all(|b| b.is_ascii_digit());
    shortcut.modifiers.command || shortcut.modifiers.ctrl || function_key
}

/// A key as people write it in a shortcut: "=", "[", "'", "0", "F2", "Delete".
pub fn key_text(key: Key) -> &'static str {
    match key {
        Key::Quote => "'",
        Key::Minus => "-",
        Key::Num0 => "0",
        Key::Num1 => "1",
        Key::Num2 => "2",
        Key::Num3 => "3",
        Key::Num4 => "4",
        Key::Num5 => "5",
        Key::Num6 => "6",
        Key::Num7 => "7",
        Key::Num8 => "8",
        Key::Num9 => "9",
        Key::ArrowUp => "Up",
        Key::ArrowDown => "Down",
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        other => other.symbol_or_name(),
    }
}

/// A shortcut as shown to the user: "Ctrl+=", "Ctrl+Shift+'", "F1"; on macOS with egui's
/// symbols, "⌘=" and "⇧⌘'".
///
/// ```
/// use egui::{Key, KeyboardShortcut, Modifiers};
/// use mlsd_board::ui::actions::shortcut_text;
/// assert_eq!(shortcut_text(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals), false), "Ctrl+=");
/// assert_eq!(shortcut_text(&KeyboardShortcut::new(Modifiers::COMMAND, Key::OpenBracket), false), "Ctrl+[");
/// assert_eq!(shortcut_text(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Quote), true), "⌘'");
/// ```
pub fn shortcut_text(shortcut: &KeyboardShortcut, mac: bool) -> String {
    let names = if mac { ModifierNames::SYMBOLS } else { ModifierNames::NAMES };
    let mut s = names.format(&shortcut.modifiers, mac);
    if !s.is_empty() {
        s += names.concat;
    }
    s + key_text(shortcut.logical_key)
}

/// The shortcuts as a Markdown table (`mlsd-board shortcuts`, the README): per menu, each action
/// with every shortcut it has.
pub fn shortcuts_markdown() -> String {
    let mut out = String::from("| Menu | Command | Shortcut |\n|---|---|---|\n");
    for menu in Menu::iter() {
        for a in Action::all().filter(|a| a.menu() == menu && !a.shortcuts().is_empty()) {
            let keys = a.all_shortcuts_text(false).replace('|', "\\|");
            out += &format!("| {} | {} | {keys} |\n", menu.name(), a.label().trim_end_matches('…'));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// rerun's `check_for_clashing_command_shortcuts`: no two actions (nor one action twice) may
    /// share a shortcut, or one of them could never be reached by keyboard.
    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut seen: HashMap<String, Action> = HashMap::new();
        for a in Action::all() {
            for s in a.shortcuts() {
                let text = shortcut_text(s, false);
                if let Some(other) = seen.insert(text.clone(), a) {
                    panic!("{text} is the shortcut of both {other:?} and {a:?}");
                }
            }
        }
        assert!(seen.len() > 30, "the table has its shortcuts ({})", seen.len());
    }

    #[test]
    fn every_menu_has_actions_and_every_action_a_name() {
        for menu in Menu::iter() {
            assert!(Action::all().any(|a| a.menu() == menu), "{menu:?} is empty");
        }
        let mut labels: Vec<&str> = Action::all().map(Action::label).collect();
        let n = labels.len();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), n, "two actions have the same name");
    }

    #[test]
    fn actions_are_declared_in_menu_order() {
        let menus: Vec<Menu> = Action::all().map(Action::menu).collect();
        let order: Vec<Menu> = Menu::iter().collect();
        let pos = |m: &Menu| order.iter().position(|o| o == m);
        assert!(menus.windows(2).all(|w| pos(&w[0]) <= pos(&w[1])), "{menus:?}");
    }

    #[test]
    fn shortcuts_read_the_usual_way() {
        assert_eq!(Action::ZoomIn.shortcut_text(false), "Ctrl+=");
        assert_eq!(Action::PrevStep.shortcut_text(false), "Ctrl+[");
        assert_eq!(Action::ToggleGrid.shortcut_text(false), "Ctrl+'");
        assert_eq!(Action::ToggleSnap.shortcut_text(false), "Ctrl+Shift+'");
        assert_eq!(Action::ZoomOut.shortcut_text(false), "Ctrl+-");
        assert_eq!(Action::ZoomFit.shortcut_text(false), "Shift+1");
        assert_eq!(Action::ActualSize.shortcut_text(false), "Ctrl+0");
        assert_eq!(Action::Redo.all_shortcuts_text(false), "Ctrl+Shift+Z, Ctrl+Y");
        assert_eq!(Action::SaveAs.shortcut_text(true), "⇧⌘S");
        assert!(Action::Finish.shortcut_text(false).is_empty());
    }

    #[test]
    fn typing_keys_never_fire_in_a_text_field() {
        let q = KeyboardShortcut::new(Modifiers::NONE, Key::Questionmark);
        assert!(!fires_while_typing(&q));
        assert!(fires_while_typing(&KeyboardShortcut::new(Modifiers::NONE, Key::F1)));
        assert!(fires_while_typing(&KeyboardShortcut::new(Modifiers::COMMAND, Key::K)));
    }
}
