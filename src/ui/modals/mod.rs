//! The modal dialogs: each shows itself over the app and returns what the user chose; the shell
//! turns the choice into an [`crate::ui::app_command::AppCommand`].

pub mod confirm;
pub mod error;
pub mod export;
pub mod overwrite;
pub mod read_only;
pub mod recovery;
