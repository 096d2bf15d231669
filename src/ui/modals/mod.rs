//! The modal dialogs and the shell's windows over the board: each shows itself over the app and
//! returns what the user chose; the shell turns the choice into an [`AppCommand`].

pub mod confirm;
pub mod error;
pub mod export;
pub mod overwrite;
pub mod recovery;
pub mod shortcuts;
pub mod template_name;

use crate::ui::actions::Action;
use crate::ui::app::MlsdApp;
use crate::ui::app_command::AppCommand;

impl MlsdApp {
    /// Step 5 of a frame: find, the shortcuts window, then the modal dialogs, topmost last.
    pub(crate) fn modals(&mut self, ctx: &egui::Context, cmds: &mut Vec<AppCommand>) {
        let mac = ctx.os().is_mac();
        let canvas = self.ui.canvas.view.map(|v| v.canvas);
        if let Some(found) = self.ui.find.ui(ctx, self.doc.board(), canvas) {
            cmds.push(AppCommand::Reveal(found));
        }
        shortcuts::shortcuts(ctx, &mut self.ui.shortcuts_open, mac);
        if let Some(e) = self.ui.chooser.ui(ctx, &self.prefs.recent) {
            cmds.push(AppCommand::Chooser(e));
        }
        if let Some(dialog) = &mut self.ui.export
            && let Some(go) = export::export(ctx, dialog, self.doc.board())
        {
            cmds.push(AppCommand::ExportChosen(go.then(|| (dialog.format, dialog.opts.clone()))));
        }
        if let Some(name) = &mut self.ui.template_name
            && let Some(go) = template_name::template_name(ctx, name)
        {
            cmds.push(AppCommand::TemplateNamed(go.then(|| name.clone())));
        }
        if self.ui.commands.open {
            let enabled: Vec<Action> = Action::all().filter(|a| self.enabled(*a)).collect();
            if let Some(action) = self.ui.commands.ui(ctx, |a| enabled.contains(&a), mac) {
                cmds.push(AppCommand::Action(action));
            }
        }
        if !self.ui.recovered.is_empty() {
            let now = crate::file::wall_clock::unix_secs();
            if let Some(action) = recovery::recovery(ctx, &self.ui.recovered, now) {
                cmds.push(AppCommand::Recovery(action));
            }
        }
        if let Some((path, reason)) = &self.ui.overwrite
            && let Some(choice) = overwrite::replace_board_file(ctx, path, *reason)
        {
            cmds.push(AppCommand::Overwrite(choice));
        }
        if self.ui.confirm.is_some()
            && let Some(choice) = confirm::unsaved_changes(ctx, &self.doc.display_name())
        {
            cmds.push(AppCommand::Confirm(choice));
        }
        if let Some(message) = &self.ui.error
            && error::error(ctx, message)
        {
            cmds.push(AppCommand::CloseError);
        }
    }
}
