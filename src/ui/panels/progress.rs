//! The progress window: every finished session from the practice log — coverage and time
//! against budget over time, the best coverage per case, the step the user habitually runs long
//! on, the cases never practised — and the export of the log as CSV.

use crate::practice::log::{self, PracticeRecord};
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
            ui.label(format!("{} finished sessions", self.log.len()));
            if self.skipped > 0 {
                ui.colored_label(
                    Color32::from_rgb(0xb4, 0x53, 0x09),
                    format!("{} damaged lines of the log were skipped", self.skipped),
                );
            }
            let coverage: Vec<[f64; 2]> = self
                .log
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.coverage_percent.map(|c| [i as f64 + 1.0, f64::from(c)]))
                .collect();
            let pacing: Vec<[f64; 2]> = self
                .log
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let budget: u64 = r.steps.iter().map(|s| u64::from(s.budget_min) * 60_000).sum();
                    let used = r.total_ms as f64;
                    [i as f64 + 1.0, if budget == 0 { 0.0 } else { 100.0 * used / budget as f64 }]
                })
                .collect();
            egui_plot::Plot::new("progress-plot")
                .height(200.0)
                .include_y(0.0)
                .include_y(100.0)
                .x_axis_label("session")
                .y_axis_label("%")
                .legend(egui_plot::Legend::default())
                .show(ui, |plot| {
                    plot.line(egui_plot::Line::new("coverage of the reference", coverage.clone()));
                    plot.points(egui_plot::Points::new("coverage points", coverage).radius(3.0));
                    plot.line(egui_plot::Line::new("time used, % of budget", pacing));
                });
            ui.add_space(6.0);
            ui.columns(2, |cols| {
                cols[0].label(RichText::new("Best coverage per case").strong());
                for (case, best) in log::best_coverage_per_case(&self.log) {
                    let title = crate::content::templates::find(&case).map_or(case.clone(), |t| t.title.clone());
                    cols[0].label(format!("{title}: {best:.0}%"));
                }
                cols[1].label(RichText::new("Average over (+) / under (−) per step").strong());
                let per_step = log::average_over_under_per_step(&self.log);
                for (step, ms) in &per_step {
                    let sign = if *ms >= 0 { "+" } else { "−" };
                    cols[1].label(format!("{step}: {sign}{}", crate::practice::steps::clock_text(ms.unsigned_abs())));
                }
                if let Some((worst, ms)) = per_step.iter().max_by_key(|(_, ms)| *ms)
                    && *ms > 0
                {
                    cols[1].label(RichText::new(format!("You run long most on: {worst}")).strong());
                }
            });
            let cases = crate::content::templates::case_ids(crate::content::templates::builtin());
            let never = log::never_practised(&self.log, &cases);
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
