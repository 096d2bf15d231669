//! The desktop app: the shell that wires the engine to the window ([`app`]), the commands it
//! collects ([`app_command`]) and carries out ([`dispatch`]), file handling ([`files`]), menus and shortcuts, the
//! canvas, the panels, the modal dialogs, notices, the action table and the file dialogs.

pub mod actions;
pub mod app;
pub mod app_command;
pub mod canvas;
pub mod dispatch;
pub mod file_dialogs;
pub mod files;
pub mod menus;
pub mod modals;
pub mod notices;
pub mod panels;
