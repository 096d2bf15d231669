//! The interview side panel (right): the steps of the framework with their prompts, checklists,
//! notes and budgets, the running clock with pacing colours, and the end-of-session summary.
//! It reads the document and returns [`PanelEvent`]s; the app carries them out.

use crate::board::NodeKind;
use crate::board::{Command, Document};
use crate::practice::steps::{self, Pace, StepInfo};
use crate::ui::actions::Action;
use egui::{Color32, RichText, Ui};

/// What the user asked the panel to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelEvent {
    /// A change to the board (ticks, notes, budgets).
    Command(Command),
    /// Start or resume the clock.
    Start,
    /// Pause the clock.
    Pause,
    /// Make this step current.
    Switch(usize),
    /// Clear all times (already confirmed).
    Reset,
    /// Stop the clock and show the summary.
    Finish,
    /// Add the stage box of this step (0-based) to the board.
    AddStageBox(usize),
    /// Turn interviewer mode on or off.
    SetInterviewerMode(bool),
}

/// The panel's own state.
#[derive(Debug, Default)]
pub struct InterviewPanel {
    /// Whether the panel is shown.
    pub open: bool,
    /// Waiting for the user to confirm a reset.
    pub confirm_reset: bool,
    /// Whether the summary window is shown.
    pub show_summary: bool,
    /// The step shown as current last frame, to scroll to the top of a new current step.
    shown_step: Option<usize>,
}

/// The colour of a pace.
pub fn pace_color(p: Pace, dark: bool) -> Color32 {
    match (p, dark) {
        (Pace::Ok, false) => Color32::from_rgb(0x16, 0xa3, 0x4a),
        (Pace::Ok, true) => Color32::from_rgb(0x4a, 0xde, 0x80),
        (Pace::Near, _) => Color32::from_rgb(0xf5, 0x9e, 0x0b),
        (Pace::Over, false) => Color32::from_rgb(0xdc, 0x26, 0x26),
        (Pace::Over, true) => Color32::from_rgb(0xf8, 0x71, 0x71),
    }
}

impl InterviewPanel {
    /// Forgets what belongs to the board that was open (its summary, a reset being confirmed).
    pub fn forget_board(&mut self) {
        self.show_summary = false;
        self.confirm_reset = false;
        self.shown_step = None;
    }

    /// Shows the panel's contents; `running` tells whether the clock runs.
    pub fn show(&mut self, ui: &mut Ui, doc: &Document, running: bool) -> Vec<PanelEvent> {
        let mut out = Vec::new();
        let board = doc.board();
        let dark = ui.visuals().dark_mode;
        let mac = ui.ctx().os().is_mac();
        let steps = steps::steps(board);
        let current = board.session.current.min(steps.len().saturating_sub(1));
        let total_used = board.session.total_used_ms();
        let total_budget: u32 = steps.iter().map(|s| s.budget_min).sum();

        ui.add_space(4.0);
        ui.heading(crate::content::frameworks::get_or_default(&board.framework).title.as_str());
        if !board.session.problem.trim().is_empty() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("Problem").strong());
                ui.label(&board.session.problem);
            });
        }
        ui.add_space(6.0);

        // The overall clock.
        let pace = steps::pace(total_used, total_budget);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(steps::clock_text(total_used))
                    .size(26.0)
                    .monospace()
                    .color(pace_color(pace, dark)),
            );
            ui.label(RichText::new(format!("/ {}:00", total_budget)).size(16.0).monospace());
            if running {
                ui.label(RichText::new("running").color(pace_color(Pace::Ok, dark)));
            } else if board.session.finished.is_some() {
                ui.label("finished");
            } else {
                ui.weak("paused");
            }
        });
        ui.add(
            egui::ProgressBar::new(steps::fraction(total_used, total_budget))
                .fill(pace_color(pace, dark))
                .desired_height(6.0),
        );
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            let start_label = if running {
                "Pause"
            } else if total_used > 0 {
                "Resume"
            } else {
                "Start"
            };
            if ui.button(start_label).on_hover_text(Action::StartPause.shortcut_text(mac)).clicked() {
                out.push(if running { PanelEvent::Pause } else { PanelEvent::Start });
            }
            if ui
                .add_enabled(current > 0, egui::Button::new("Previous step"))
                .on_hover_text(Action::PrevStep.shortcut_text(mac))
                .clicked()
            {
                out.push(PanelEvent::Switch(current - 1));
            }
            if ui
                .add_enabled(current + 1 < steps.len(), egui::Button::new("Next step"))
                .on_hover_text(Action::NextStep.shortcut_text(mac))
                .clicked()
            {
                out.push(PanelEvent::Switch(current + 1));
            }
            if ui.button("Reset…").clicked() {
                self.confirm_reset = true;
            }
            if ui.button("Finish").clicked() {
                out.push(PanelEvent::Finish);
            }
            if board.session.finished.is_some() && ui.button("Summary").clicked() {
                self.show_summary = true;
            }
        });
        let mut interviewer = board.session.interviewer_mode;
        if ui
            .checkbox(&mut interviewer, "Interviewer mode")
            .on_hover_text("While the clock runs, an interviewer's follow-up question appears once per step")
            .changed()
        {
            out.push(PanelEvent::SetInterviewerMode(interviewer));
        }
        ui.separator();

        // A new current step (Next step, a click, a selected stage box) scrolls to its top.
        let scroll_to_current = self.shown_step != Some(current);
        self.shown_step = Some(current);
        egui::ScrollArea::vertical().id_salt("mlsd-steps").auto_shrink([false, false]).show(ui, |ui| {
            for step in &steps {
                let is_current = step.index == current;
                let header = self.step_ui(ui, doc, step, is_current, dark, &mut out);
                if is_current && scroll_to_current {
                    header.scroll_to_me(Some(egui::Align::TOP));
                }
            }
        });
        out
    }

    fn step_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        step: &StepInfo,
        is_current: bool,
        dark: bool,
        out: &mut Vec<PanelEvent>,
    ) -> egui::Response {
        let board = doc.board();
        let used = board.session.used_ms(&step.id);
        let done = steps::done_count(board, step);
        let pace = steps::pace(used, step.budget_min);
        let n = step.index + 1;
        let header = format!(
            "{n}. {}   {} / {}:00   {done}/{} done",
            step.title,
            steps::clock_text(used),
            step.budget_min,
            step.checklist.len()
        );
        let text = if is_current { RichText::new(header).strong() } else { RichText::new(header) };
        let header = ui.selectable_label(is_current, text);
        if header.clicked() && !is_current {
            out.push(PanelEvent::Switch(step.index));
        }
        ui.add(
            egui::ProgressBar::new(steps::fraction(used, step.budget_min))
                .fill(pace_color(pace, dark))
                .desired_height(3.0),
        );
        if !is_current {
            ui.add_space(2.0);
            return header;
        }
        egui::Frame::new().inner_margin(egui::Margin { left: 12, right: 4, top: 4, bottom: 8 }).show(
            ui,
            |ui| {
                if let Some(f) = board.session.follow_ups.iter().rev().find(|f| f.step == step.id) {
                    follow_up_card(ui, &f.question, dark);
                    ui.add_space(4.0);
                }
                ui.label(RichText::new(&step.goal).italics());
                ui.horizontal(|ui| {
                    let mut minutes = step.budget_min;
                    let label = ui.label("Budget");
                    let r = ui
                        .add(egui::DragValue::new(&mut minutes).range(1..=180).suffix(" min"))
                        .labelled_by(label.id);
                    if r.changed() && minutes != step.budget_min {
                        out.push(PanelEvent::Command(Command::SetBudget {
                            step: step.id.clone(),
                            minutes: Some(minutes),
                        }));
                    }
                    ui.label(
                        RichText::new(steps::time_left_text(used, step.budget_min))
                            .color(pace_color(pace, dark)),
                    );
                });
                let has_box = board.nodes.iter().any(|nd| nd.kind == NodeKind::Stage(step.index as u8 + 1));
                if !has_box && ui.button("Add this step's stage box").clicked() {
                    out.push(PanelEvent::AddStageBox(step.index));
                }
                ui.add_space(4.0);
                ui.label(RichText::new("Think about").strong());
                for p in &step.prompts {
                    ui.horizontal_wrapped(|ui| {
                        ui.label("•");
                        ui.label(p);
                    });
                }
                ui.add_space(4.0);
                ui.label(RichText::new("Checklist").strong());
                for item in &step.checklist {
                    let mut ticked = board.session.is_ticked(&step.id, &item.text);
                    if ui.checkbox(&mut ticked, item.text.as_str()).changed() {
                        out.push(PanelEvent::Command(Command::SetTick {
                            step: step.id.clone(),
                            item: item.text.clone(),
                            done: ticked,
                        }));
                    }
                }
                ui.add_space(4.0);
                let label = ui.label(RichText::new("Notes").strong());
                let mut notes = board.session.step(&step.id).map(|r| r.notes.clone()).unwrap_or_default();
                let r = ui
                    .add(
                        egui::TextEdit::multiline(&mut notes)
                            .desired_rows(4)
                            .desired_width(f32::INFINITY)
                            .hint_text("Your notes for this step"),
                    )
                    .labelled_by(label.id);
                if r.changed() {
                    out.push(PanelEvent::Command(Command::SetNotes { step: step.id.clone(), notes }));
                }
            },
        );
        header
    }

    /// The reset confirmation and the summary window.
    pub fn windows(&mut self, ctx: &egui::Context) -> Vec<PanelEvent> {
        let mut out = Vec::new();
        if self.confirm_reset {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("mlsd-reset")).show(ctx, |ui| {
                ui.heading("Reset the clock?");
                ui.label("Every step's time goes back to 0:00. Ticks, notes and budgets stay.");
                ui.horizontal(|ui| {
                    if ui.button("Reset times").clicked() {
                        choice = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(false);
                    }
                });
            });
            if let Some(c) = choice {
                self.confirm_reset = false;
                if c {
                    out.push(PanelEvent::Reset);
                }
            }
        }
        out
    }
}

/// The card showing an interviewer's follow-up question.
fn follow_up_card(ui: &mut Ui, question: &str, dark: bool) {
    let (fill, text) = if dark {
        (Color32::from_rgb(0x3b, 0x2f, 0x0b), Color32::from_rgb(0xfd, 0xe6, 0x8a))
    } else {
        (Color32::from_rgb(0xfe, 0xf3, 0xc7), Color32::from_rgb(0x78, 0x35, 0x0f))
    };
    egui::Frame::new().fill(fill).corner_radius(6).inner_margin(8).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("The interviewer asks").strong().color(text));
        ui.label(RichText::new(question).color(text));
        ui.label(RichText::new("Answer in this step's notes.").small().color(text));
    });
}

/// The summary as a table: per step the budget, time used, over/under and checklist.
pub fn summary_table(ui: &mut Ui, summary: &crate::board::record::Summary) {
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("mlsd-summary").striped(true).num_columns(5).spacing([16.0, 4.0]).show(ui, |ui| {
        for h in ["Step", "Budget", "Used", "Over / under", "Checklist"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for r in &summary.rows {
            ui.label(&r.title);
            ui.label(format!("{}:00", r.budget_min));
            ui.label(steps::clock_text(r.used_ms));
            let pace = steps::pace(r.used_ms, r.budget_min);
            ui.label(
                RichText::new(steps::over_under_text(r.used_ms, r.budget_min)).color(pace_color(pace, dark)),
            );
            ui.label(format!("{}/{}", r.done, r.total));
            ui.end_row();
        }
        let used = summary.used_ms();
        let budget = summary.budget_min();
        ui.label(RichText::new("Total").strong());
        ui.label(format!("{budget}:00"));
        ui.label(steps::clock_text(used));
        let pace = steps::pace(used, budget);
        ui.label(RichText::new(steps::over_under_text(used, budget)).color(pace_color(pace, dark)));
        let done: usize = summary.rows.iter().map(|r| r.done).sum();
        let total: usize = summary.rows.iter().map(|r| r.total).sum();
        ui.label(format!("{done}/{total}"));
        ui.end_row();
    });
}
