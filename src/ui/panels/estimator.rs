//! The back-of-envelope estimator of the scoping step (and the general framework's scale step):
//! one text field per input, read as the user types (`practice::estimate::Field::parse`), the
//! figures worked out live, a hint under a field the estimator cannot read, and the case's
//! own numbers once the user has peeked at the step or finished. Every accepted change is
//! returned as a [`Command::SetEstimate`]; the panel changes nothing itself.

use crate::board::record::EstimateInputs;
use crate::board::{Board, Command};
use crate::practice::estimate::{self, Field, Output};
use egui::{Color32, RichText, Ui};

/// The text the user typed in each input, between frames.
#[derive(Debug, Default)]
pub struct EstimatorUi {
    /// One text per [`Field::ALL`] entry.
    texts: Vec<String>,
    /// The session's inputs the texts were last filled from or sent as; when the session's
    /// inputs change otherwise (undo, another board), the texts are filled again.
    synced: Option<Option<EstimateInputs>>,
}

/// The width of the inputs' names, so the fields line up.
const LABEL_WIDTH: f32 = 150.0;

/// The colour of a hint.
fn hint_color(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0xf8, 0x71, 0x71) } else { Color32::from_rgb(0xb9, 0x1c, 0x1c) }
}

impl EstimatorUi {
    /// Forgets the typed texts (another board was opened).
    pub fn forget_board(&mut self) {
        self.texts.clear();
        self.synced = None;
    }

    fn fill(&mut self, inputs: Option<EstimateInputs>) {
        let shown = inputs.unwrap_or_default();
        self.texts = Field::ALL.iter().map(|f| estimate::format_input(*f, f.get(&shown))).collect();
        self.synced = Some(inputs);
    }

    /// Shows the estimator for step `step_id` of `board`; `revealed` says whether the case's
    /// worked numbers may be shown (after a peek or Finish). Returns the change to make, if any.
    pub fn show(&mut self, ui: &mut Ui, board: &Board, revealed: bool) -> Option<Command> {
        let current = board.session.estimate;
        if self.synced != Some(current) || self.texts.len() != Field::ALL.len() {
            self.fill(current);
        }
        let dark = ui.visuals().dark_mode;
        let mut out = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Back-of-envelope estimator").strong());
            ui.weak("Type numbers like 100M, 1.5e9 or 2 KB; the figures update as you type.");
            let mut parsed: Vec<Result<f64, String>> = Vec::with_capacity(Field::ALL.len());
            let mut changed = false;
            // No grids: a grid cell does not wrap, and a long hint would widen the whole panel.
            for (i, field) in Field::ALL.iter().enumerate() {
                let Some(text) = self.texts.get_mut(i) else { continue };
                ui.horizontal(|ui| {
                    let label = ui.label(field.label());
                    let pad = LABEL_WIDTH - label.rect.width();
                    if pad > 0.0 {
                        ui.add_space(pad);
                    }
                    let r = ui
                        .add(egui::TextEdit::singleline(text).desired_width(110.0))
                        .labelled_by(label.id)
                        .on_hover_text(field.help());
                    changed |= r.changed();
                });
                let p = field.parse(text);
                if let Err(hint) = &p {
                    ui.label(RichText::new(hint).small().color(hint_color(dark)));
                }
                parsed.push(p);
            }
            // The inputs as typed, each readable field taking its value.
            let mut typed = current.unwrap_or_default();
            for (field, p) in Field::ALL.iter().zip(&parsed) {
                if let Ok(v) = p {
                    field.set(&mut typed, *v);
                }
            }
            let readable = |f: &Field| parsed.get(Field::ALL.iter().position(|x| x == f).unwrap_or(0));
            let worked = estimate::estimate(&typed);
            ui.add_space(4.0);
            for o in Output::ALL {
                let bad: Vec<&str> = o
                    .inputs()
                    .iter()
                    .filter(|f| !matches!(readable(f), Some(Ok(_))))
                    .map(|f| f.label())
                    .collect();
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}:", o.label(&typed))).strong());
                    if bad.is_empty() {
                        ui.label(RichText::new(o.text(&worked)).monospace());
                    } else {
                        ui.weak(format!("needs {}", bad.join(", ")));
                    }
                });
            }
            let all_read = parsed.iter().all(Result::is_ok);
            if changed && all_read && Some(typed) != current {
                self.synced = Some(Some(typed));
                out = Some(Command::SetEstimate(Some(typed)));
            }
            case_numbers(ui, board, revealed);
        });
        out
    }
}

/// The case's back-of-envelope card: shown once revealed, else a line saying how to see it.
fn case_numbers(ui: &mut Ui, board: &Board, revealed: bool) {
    let Some(card) = board
        .template
        .as_deref()
        .and_then(crate::content::templates::find)
        .and_then(|t| t.estimates.as_ref())
    else {
        return;
    };
    ui.add_space(4.0);
    if !revealed {
        ui.weak("The case's own numbers open with “Peek at a strong answer” or after Finish.");
        return;
    }
    egui::CollapsingHeader::new("The case's numbers").default_open(true).show(ui, |ui| {
        for line in estimate::report_lines(&card.inputs) {
            ui.label(line);
        }
        for w in &card.worked {
            ui.label(w);
        }
    });
}
