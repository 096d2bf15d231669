//! The desktop app: the shell that wires the engine to the window ([`app`]), its state
//! ([`state`]) and window ([`window`]), the commands it collects ([`app_command`]) and carries
//! out ([`dispatch`]), file handling ([`files`]), menus and shortcuts, the command palette, find,
//! the canvas, the panels, the modal dialogs, notices, the action table and the file dialogs.

pub mod actions;
pub mod app;
pub mod app_command;
pub mod canvas;
pub mod command_palette;
pub mod dispatch;
pub mod file_dialogs;
pub mod files;
pub mod find;
pub mod menus;
pub mod modals;
pub mod notices;
pub mod panels;
pub mod state;
pub mod window;
