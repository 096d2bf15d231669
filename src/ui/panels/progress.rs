//! The progress window: every finished session from the practice log — coverage and time
//! against budget over time, the best coverage per case, the step the user habitually runs long
//! on, the cases never practised — and the export of the log as CSV.

use crate::practice::log::{self, PracticeRecord};
use crate::practice::steps::{count_text, signed_over_under_text};
use crate::ui::panels::review::ReviewEvent;
use egui::{Color32, RichText};

/// The progress window's state and the practice log it shows.
#[derive(Debug, Default)]
pub struct ProgressWindow {
    /// Whether the window is open.
    pub open: bool,
    /// The practice log as last loaded.
    pub log: Vec<PracticeRecord>,
    /// Damaged lines skipped when the log was loaded.
    pub skipped: usize,
}

impl ProgressWindow {
    /// The progress window over every finished session; returns what the user asked for.
    pub fn window(&mut self, ctx: &egui::Context) -> Option<ReviewEvent> {
        if !self.open {
            return None;
        }
        let mut event = None;
        let mut open = true;
        let top = ctx.content_rect().center_top() + egui::vec2(0.0, 56.0);
        egui::Window::new("Progress")
            .open(&mut open)
            .default_width(620.0)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(top)
            .show(ctx, |ui| {
            if self.log.is_empty() {
                ui.label("No finished sessions yet. Press Finish at the end of a practice session to record it here.");
                return;
            }
            // Sessions under a minute (started and finished at once) are not practice: they are
            // counted here but left out of the charts and the figures below.
            let practice: Vec<PracticeRecord> = self.log.iter().filter(|r| log::is_practice(r)).cloned().collect();
            let short = self.log.len() - practice.len();
            ui.label(count_text(practice.len(), "finished session", "finished sessions"));
            if short > 0 {
                ui.weak(if short == 1 {
                    "1 session shorter than a minute is not counted as practice.".to_owned()
                } else {
                    format!("{short} sessions shorter than a minute are not counted as practice.")
                });
            }
            if self.skipped > 0 {
                ui.colored_label(
                    Color32::from_rgb(0xb4, 0x53, 0x09),
                    if self.skipped == 1 {
                        "1 damaged line of the log was skipped".to_owned()
                    } else {
                        format!("{} damaged lines of the log were skipped", self.skipped)
                    },
                );
            }
            let coverage: Vec<[f64; 2]> = practice
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.coverage_percent.map(|c| [i as f64 + 1.0, f64::from(c)]))
                .collect();
            let pacing: Vec<[f64; 2]> = practice
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let budget: u64 = r.steps.iter().map(|s| u64::from(s.budget_min) * 60_000).sum();
                    let used = r.total_ms as f64;
                    [i as f64 + 1.0, if budget == 0 { 0.0 } else { 100.0 * used / budget as f64 }]
                })
                .collect();
            if !practice.is_empty() {
                // The axes start at the data: the first session, the lowest percentage shown.
                egui_plot::Plot::new("progress-plot")
                    .height(200.0)
                    .x_axis_label("session")
                    .y_axis_label("%")
                    .allow_scroll(false)
                    .legend(egui_plot::Legend::default())
                    .show(ui, |plot| {
                        plot.line(egui_plot::Line::new("coverage of the reference", coverage.clone()));
                        plot.points(egui_plot::Points::new("coverage points", coverage).radius(3.0));
                        plot.line(egui_plot::Line::new("time used, % of budget", pacing.clone()));
                        plot.points(egui_plot::Points::new("time points", pacing).radius(3.0));
                    });
            }
            ui.add_space(6.0);
            ui.columns(2, |cols| {
                cols[0].label(RichText::new("Best coverage per case").strong());
                for (case, best) in log::best_coverage_per_case(&practice) {
                    let title = crate::content::templates::find(&case).map_or(case.clone(), |t| t.title.clone());
                    cols[0].label(format!("{title}: {best:.0}%"));
                }
                cols[1].label(RichText::new("Average time per step against its budget").strong());
                let per_step = log::average_over_under_per_step(&practice);
                for (step, ms) in &per_step {
                    cols[1].label(format!("{step}: {}", signed_over_under_text(i128::from(*ms))));
                }
                if let Some((worst, ms)) = per_step.iter().max_by_key(|(_, ms)| *ms)
                    && *ms > 0
                {
                    cols[1].label(RichText::new(format!("You run long most on: {worst}")).strong());
                }
            });
            let cases = crate::content::templates::case_ids(crate::content::templates::builtin());
            let never = log::never_practised(&practice, &cases);
            if !never.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new("Never practised").strong());
                let titles: Vec<String> =
                    never.iter().map(|id| crate::content::templates::find(id).map_or(id.clone(), |t| t.title.clone())).collect();
                ui.label(titles.join(", "));
            }
            ui.add_space(6.0);
            if ui.button("Export as CSV…").clicked() {
                event = Some(ReviewEvent::ExportCsv);
            }
        });
        self.open = open;
        event
    }
}
