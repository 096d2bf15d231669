//! "Export image": the options of a PNG export (scale, padding, theme, background, summary).

use crate::file::prefs::ThemeKind;
use crate::render::export::{self, ExportOptions};
use egui::Id;

/// Shows the options, changing `opts` as the user edits them. Returns `Some(true)` for Export,
/// `Some(false)` for Cancel.
pub fn export_image(ctx: &egui::Context, opts: &mut ExportOptions) -> Option<bool> {
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-export")).show(ctx, |ui| {
        ui.set_width(340.0);
        ui.heading("Export image");
        egui::Grid::new("export-grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            ui.label("Scale");
            ui.horizontal(|ui| {
                for s in export::SCALES {
                    ui.radio_value(&mut opts.scale, s, format!("{s}×"));
                }
            });
            ui.end_row();
            let pad = ui.label("Padding");
            ui.add(egui::DragValue::new(&mut opts.padding).range(0.0..=export::MAX_PADDING).suffix(" px"))
                .labelled_by(pad.id);
            ui.end_row();
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.radio_value(&mut opts.theme, ThemeKind::Light, "Light");
                ui.radio_value(&mut opts.theme, ThemeKind::Dark, "Dark");
            });
            ui.end_row();
            ui.label("Background");
            ui.horizontal(|ui| {
                ui.radio_value(&mut opts.transparent, false, "Theme colour");
                ui.radio_value(&mut opts.transparent, true, "Transparent");
            });
            ui.end_row();
        });
        ui.checkbox(&mut opts.summary, "Include session summary");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Export…").clicked() {
                choice = Some(true);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(false);
            }
        });
    });
    choice
}
