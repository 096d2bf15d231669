//! The UI's own state ([`UiState`]): what is shown and how — the canvas's view and selection,
//! the panels, windows and dialogs — never the board itself.

use crate::board::NodeId;
use crate::ui::app_command::Pending;
use crate::ui::canvas::Canvas;
use crate::ui::command_palette::CommandPalette;
use crate::ui::find::FindBar;
use crate::ui::modals::export::ExportDialog;
use crate::ui::modals::overwrite::ReplaceReason;
use crate::ui::modals::recovery::Recovered;
use crate::ui::notices::Notices;
use crate::ui::panels::chooser::Chooser;
use crate::ui::panels::interview::InterviewPanel;
use crate::ui::panels::palette::PalettePanel;
use crate::ui::panels::progress::ProgressWindow;
use crate::ui::panels::review::ReviewUi;
use std::collections::HashSet;
use std::path::PathBuf;

/// The UI's own state: what is shown and how, never the board itself.
#[derive(Debug, Default)]
pub struct UiState {
    /// The canvas (view, selection, gestures).
    pub canvas: Canvas,
    /// The palette panel (left).
    pub palette: PalettePanel,
    /// The interview panel (right).
    pub interview: InterviewPanel,
    /// The new-board chooser.
    pub chooser: Chooser,
    /// The review window, reference views and replay.
    pub review: ReviewUi,
    /// The progress window and the practice log it shows.
    pub progress: ProgressWindow,
    /// The command palette.
    pub commands: CommandPalette,
    /// Find on the board.
    pub find: FindBar,
    /// Whether the keyboard shortcuts window is shown.
    pub shortcuts_open: bool,
    /// The name being typed for "Save as template", while its dialog is open.
    pub template_name: Option<String>,
    /// Notices on screen.
    pub notices: Notices,
    /// What waits for the user's answer about unsaved changes.
    pub confirm: Option<Pending>,
    /// An error the user must acknowledge.
    pub error: Option<String>,
    /// The export dialog while it is open.
    pub export: Option<ExportDialog>,
    /// A board file the user is asked about saving over, and why.
    pub overwrite: Option<(PathBuf, ReplaceReason)>,
    /// Boards left by a crash, offered for restoring.
    pub recovered: Vec<Recovered>,
    /// The selection at the end of the last frame, to notice a newly selected stage box.
    pub(crate) last_selection: HashSet<NodeId>,
    /// The window title as last set.
    pub(crate) last_title: String,
    /// Whether the window's size was checked against its screen.
    pub(crate) window_checked: bool,
}

impl UiState {
    /// Forgets everything tied to the open board (another board was opened).
    pub(crate) fn forget_board(&mut self) {
        self.canvas.reset();
        self.interview.forget_board();
        self.review.reset();
        self.find.forget_board();
    }

    /// Whether a modal dialog has the keyboard, so the app's shortcuts must not fire.
    pub fn modal_open(&self) -> bool {
        self.confirm.is_some()
            || self.error.is_some()
            || self.chooser.open
            || self.export.is_some()
            || !self.recovered.is_empty()
            || self.overwrite.is_some()
            || self.commands.open
            || self.template_name.is_some()
    }
}
