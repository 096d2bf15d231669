//! The desktop app: the shell that wires the engine to the window, the canvas, the panels, the
//! modals, the menus and their actions, and the file dialogs.

pub mod actions;
pub mod app;
pub mod canvas;
pub mod chooser;
pub mod file_dialogs;
pub mod interview;
pub mod palette;
pub mod review;
