//! What the UI asks the app to do: one [`AppCommand`] enum, collected while a frame is drawn and
//! carried out by `MlsdApp::run_command` ([`crate::ui::dispatch`]) at the end of the frame, so
//! nothing changes the board half-way through drawing it (the egui demo app's pattern). Also
//! what a file dialog is asked for ([`Purpose`]), which comes back with its answer.

use crate::render::export::ExportOptions;
use crate::render::formats::Format;
use crate::ui::actions::Action;
use crate::ui::canvas::{Edit, PaletteItem};
use crate::ui::find::Found;
use crate::ui::modals::confirm::ConfirmChoice;
use crate::ui::modals::overwrite::OverwriteChoice;
use crate::ui::modals::recovery::RecoveryAction;
use crate::ui::panels::chooser::ChooserEvent;
use crate::ui::panels::interview::PanelEvent;
use crate::ui::panels::review::ReviewEvent;
use std::path::PathBuf;

/// Something to do once the user has decided about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Show the new-board chooser.
    New,
    /// Ask for a board file and open it.
    Open,
    /// Open this board file.
    OpenPath(PathBuf),
    /// Close the window.
    Quit,
}

/// One thing the UI asks for.
#[derive(Clone, Debug)]
#[must_use]
pub enum AppCommand {
    /// A menu entry or a keyboard shortcut.
    Action(Action),
    /// A change made on the canvas.
    Edit(Edit),
    /// A palette item clicked: a new box in the middle of the view.
    AddItem(PaletteItem),
    /// Something the interview panel asked for.
    Panel(PanelEvent),
    /// The chooser's choice.
    Chooser(ChooserEvent),
    /// Something the review windows asked for.
    Review(ReviewEvent),
    /// New, Open, open a file, Quit: asks about unsaved changes first.
    Guarded(Pending),
    /// The answer to "unsaved changes".
    Confirm(ConfirmChoice),
    /// The answer to "the file changed on disk" or "the file is read-only".
    Overwrite(OverwriteChoice),
    /// What the user did in the recovery dialog.
    Recovery(RecoveryAction),
    /// The export dialog closed: export in this format with these options, or cancelled.
    ExportChosen(Option<(Format, ExportOptions)>),
    /// The template-name dialog closed: save the board as a template with this name, or
    /// cancelled.
    TemplateNamed(Option<String>),
    /// Select this and zoom to it (find on the board).
    Reveal(Found),
    /// The error message was acknowledged.
    CloseError,
    /// Text pasted from the system clipboard.
    Paste(String),
    /// A file dialog answered.
    Answer(Answer),
}

/// What a path is asked for; it comes back with the answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    /// A board to open.
    OpenBoard,
    /// Where to save the board; then, when given, what the user was doing when the save was
    /// asked for (quitting, opening another board…).
    SaveBoard {
        /// What to go on with once the board is saved.
        then: Option<Pending>,
    },
    /// Where to export the board in this format, with these options.
    Export(Format, ExportOptions),
    /// An Excalidraw scene to import as a new board.
    Import,
    /// Where to export the practice log as CSV.
    ExportCsv,
}

/// An answer: the purpose asked for, and the path chosen (`None`: cancelled).
pub type Answer = (Purpose, Option<PathBuf>);
