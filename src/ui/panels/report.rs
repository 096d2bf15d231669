//! The session report in the review window, after Finish: coverage (crux first, then per
//! step), time per step against budget with the checklist, the interviewer's questions and the
//! requirement change with the user's answers, the looks at strong answers, the estimate, the
//! rubric the user rates with the session's evidence beside each signal, the two weakest
//! signals with what to practise next, and what the case teaches (what a strong answer covers
//! per step, its pitfalls). It lays out `practice::report::SessionReport`; a rating comes back
//! as (signal, level), which the review window turns into its event.

use crate::board::record::{FollowUpSource, ReviewRecord, Signal};
use crate::content::catalogue::kind_name;
use crate::practice::report::SessionReport;
use crate::practice::rubric::{self, LEVELS, SignalEvidence};
use crate::practice::{estimate, steps};
use egui::{Color32, RichText, Ui};

fn missing_color() -> Color32 {
    crate::render::paint::MISSING
}

fn found_color(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x4a, 0xde, 0x80) } else { Color32::from_rgb(0x15, 0x80, 0x3d) }
}

/// A section heading with some room above it.
fn section(ui: &mut Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).heading());
}

/// The whole report; returns a rating the user gave, if any: the signal and the level.
pub fn report_ui(ui: &mut Ui, report: &SessionReport) -> Option<(Signal, u8)> {
    let mut event = None;
    match &report.review {
        Some(shown) => coverage_ui(ui, report, shown.record()),
        None => {
            ui.weak(
                "This board was not started from a case study, so there is no reference to compare with.",
            );
        }
    }
    section(ui, "Time per step");
    crate::ui::panels::interview::summary_table(ui, &report.pacing);
    let (done, total) = report.pacing.rows.iter().fold((0, 0), |(d, t), r| (d + r.done, t + r.total));
    ui.label(format!("Checklist: {done} of {total} items ticked"));
    asked_ui(ui, report);
    section(ui, "Looks at strong answers");
    let peeks = report.peek_lines();
    if peeks.is_empty() {
        ui.label("You did not look at a strong answer before Finish.");
    }
    for line in peeks {
        ui.label(line);
    }
    section(ui, "Estimates");
    match &report.estimate {
        Some(inputs) => {
            for line in estimate::report_lines(inputs) {
                ui.label(line);
            }
        }
        None => {
            ui.weak("The estimator was not used.");
        }
    }
    section(ui, "Rate yourself");
    ui.weak(
        "Rate each signal 1 to 4 against the level descriptions; the evidence is what the session shows.",
    );
    for e in &report.rubric {
        if let Some(level) = signal_ui(ui, e) {
            event = Some((e.signal, level));
        }
    }
    weakest_ui(ui, report);
    lessons_ui(ui, report);
    event
}

/// Coverage: the headline, any missing crux first, per step, then components and connections.
fn coverage_ui(ui: &mut Ui, report: &SessionReport, rec: &ReviewRecord) {
    ui.heading(format!("Coverage of the reference: {:.0}%", rec.coverage_percent));
    if !rec.crux_missing.is_empty() {
        let names: Vec<&str> = rec.crux_missing.iter().map(|k| kind_name(k)).collect();
        ui.label(
            RichText::new(format!("Crux missing: {}", names.join(", "))).strong().color(missing_color()),
        )
        .on_hover_text("A strong answer cannot skip these; they weigh more than the shared spine");
    } else if rec.components.iter().any(|c| c.crux) {
        ui.label("Crux: all drawn");
    }
    if !rec.per_step.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Coverage per step").strong());
        // Wrapped lines, not a grid: a long list of missing kinds must not widen the window.
        for p in &rec.per_step {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}: {:.0}%", report.step_name(&p.step), p.percent));
                let missing: Vec<&str> = p.missing.iter().map(|k| kind_name(k)).collect();
                if !missing.is_empty() {
                    ui.label(RichText::new(format!("missing {}", missing.join(", "))).color(missing_color()));
                }
            });
        }
    }
    ui.add_space(4.0);
    let (covered, mut missing): (Vec<_>, Vec<_>) = rec.components.iter().partition(|c| c.covered);
    missing.sort_by_key(|c| !c.crux);
    let names = |v: &[&crate::board::record::ComponentCheck]| {
        v.iter()
            .map(|c| {
                if c.crux { format!("{} (crux)", kind_name(&c.kind)) } else { kind_name(&c.kind).to_owned() }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    ui.label(
        RichText::new(format!("Components you drew ({}/{})", covered.len(), rec.components.len())).strong(),
    );
    ui.label(if covered.is_empty() { "none".to_owned() } else { names(&covered) });
    ui.label(
        RichText::new(format!("Components missing ({})", missing.len())).strong().color(missing_color()),
    );
    ui.label(if missing.is_empty() { "none".to_owned() } else { names(&missing) });
    let (c_ok, c_missing): (Vec<_>, Vec<_>) = rec.connections.iter().partition(|c| c.covered);
    let arrows = |v: &[&crate::board::record::ConnectionCheck]| {
        v.iter()
            .map(|c| format!("{} → {}", kind_name(&c.from), kind_name(&c.to)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // The connections are the longest part and the least telling: folded, with the count.
    egui::CollapsingHeader::new(format!("Connections you drew: {} of {}", c_ok.len(), rec.connections.len()))
        .id_salt("report-connections")
        .show(ui, |ui| {
            ui.label(RichText::new("Drawn").strong());
            ui.label(if c_ok.is_empty() { "none".to_owned() } else { arrows(&c_ok) });
            ui.label(RichText::new(format!("Missing ({})", c_missing.len())).strong().color(missing_color()));
            ui.label(if c_missing.is_empty() { "none".to_owned() } else { arrows(&c_missing) });
        });
    if !rec.extras.is_empty() {
        let extras: Vec<String> = rec.extras.iter().map(|e| format!("“{}”", e.label)).collect();
        ui.label(format!(
            "Extras that match nothing in the reference ({}): {}",
            extras.len(),
            extras.join(", ")
        ))
        .on_hover_text("Boxes that are neither in the reference nor a usual addition lower the score");
    }
}

/// The interviewer's questions and the requirement change, each with when and the answer.
fn asked_ui(ui: &mut Ui, report: &SessionReport) {
    section(ui, "The interviewer asked");
    if report.asked.is_empty() {
        ui.label("Nothing: interviewer mode was off, or the clock did not run long enough.");
        return;
    }
    for a in &report.asked {
        let step = a.step_title.as_ref().map_or(a.step.clone(), |(n, t)| format!("{n} {t}"));
        let kind = match a.source {
            FollowUpSource::RequirementChange => "Requirement change",
            FollowUpSource::Rule => "Prompted by the board",
            FollowUpSource::Timed => "Follow-up",
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("{kind} at {} in step {step}", steps::clock_text(a.at_ms))).strong(),
            );
            ui.label(&a.question);
            let answer = a.answer.trim();
            if answer.is_empty() {
                ui.label(RichText::new("No answer in that step's notes").color(missing_color()));
            } else {
                ui.label(RichText::new(format!("Your notes: {answer}")).italics());
            }
        });
    }
}

/// One signal of the rubric: its levels to click, the chosen level's description and the
/// evidence. Returns the level clicked.
fn signal_ui(ui: &mut Ui, e: &SignalEvidence) -> Option<u8> {
    let dark = ui.visuals().dark_mode;
    let mut clicked = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(e.signal.name()).strong());
            for level in LEVELS {
                let text = rubric::level_text(e.signal, level).unwrap_or("");
                let r = ui
                    .radio(e.rating == Some(level), level.to_string())
                    .on_hover_text(text)
                    .accessible_name(format!("Rate {} {level}", e.signal.name()));
                if r.clicked() {
                    clicked = Some(level);
                }
            }
            match e.rating {
                Some(l) => ui.label(format!("rated {l}")),
                None => ui.weak("not rated yet"),
            };
        });
        if let Some(text) = e.rating.and_then(|l| rubric::level_text(e.signal, l)) {
            ui.label(RichText::new(text).italics());
        }
        egui::CollapsingHeader::new("What each level looks like").id_salt(("levels", e.signal)).show(
            ui,
            |ui| {
                for level in LEVELS {
                    ui.label(format!("{level}: {}", rubric::level_text(e.signal, level).unwrap_or("")));
                }
            },
        );
        ui.label(format!(
            "Checklist items of this signal ticked: {} of {}",
            e.checklist_done, e.checklist_total
        ));
        for item in &e.items {
            let (mark, color) =
                if item.found { ("✔", found_color(dark)) } else { ("✘", missing_color()) };
            ui.label(RichText::new(format!("{mark} {}", item.text)).color(color));
        }
    });
    clicked
}

/// The two weakest signals with what to practise next.
fn weakest_ui(ui: &mut Ui, report: &SessionReport) {
    section(ui, "Practise next");
    for s in &report.weakest {
        ui.label(RichText::new(weak_title(*s, report)).strong());
        for tip in rubric::practice(*s) {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(tip);
            });
        }
    }
}

fn weak_title(s: Signal, report: &SessionReport) -> String {
    match report.rubric.iter().find(|e| e.signal == s).and_then(|e| e.rating) {
        Some(l) => format!("{} (rated {l})", s.name()),
        None => format!("{} (least evidence)", s.name()),
    }
}

/// What the case teaches: strong answers per step, pitfalls, the case's numbers.
fn lessons_ui(ui: &mut Ui, report: &SessionReport) {
    let Some(l) = &report.lessons else { return };
    if !l.strong_answers.is_empty() {
        section(ui, "What a strong answer covers");
        for (step, points) in &l.strong_answers {
            egui::CollapsingHeader::new(report.step_name(step)).id_salt(("strong", step)).show(ui, |ui| {
                for p in points {
                    ui.horizontal_wrapped(|ui| {
                        ui.label("•");
                        ui.label(p);
                    });
                }
            });
        }
    }
    if !l.pitfalls.is_empty() {
        section(ui, "Pitfalls that cost candidates this round");
        for p in &l.pitfalls {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(p);
            });
        }
    }
    if l.estimate_inputs.is_some() || !l.worked.is_empty() {
        egui::CollapsingHeader::new("The case's numbers").show(ui, |ui| {
            if let Some(inputs) = &l.estimate_inputs {
                for line in estimate::report_lines(inputs) {
                    ui.label(line);
                }
            }
            for w in &l.worked {
                ui.label(w);
            }
        });
    }
}
