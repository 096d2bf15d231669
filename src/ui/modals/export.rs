//! "Export": every format (PNG that reopens as the board, SVG, the PDF session report,
//! Excalidraw, Mermaid) with the options that apply to it, and a live preview drawn by the same
//! painter and layout as the file (the Mermaid and Excalidraw previews are their text).

use crate::board::Board;
use crate::file::prefs::ThemeKind;
use crate::render::export::{self, ExportOptions, Paper};
use crate::render::formats::Format;
use egui::{Id, RichText, TextureHandle, TextureOptions};

/// The longest side of the preview image, in points.
const PREVIEW_SIDE: f32 = 420.0;

/// The export dialog's state while it is open.
#[derive(Clone)]
pub struct ExportDialog {
    /// The format chosen.
    pub format: Format,
    /// The options chosen.
    pub opts: ExportOptions,
    /// What the preview shows, and for which format and options it was made.
    preview: Option<(Format, ExportOptions, Preview)>,
}

impl std::fmt::Debug for ExportDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportDialog").field("format", &self.format).field("opts", &self.opts).finish()
    }
}

/// A preview: an image of the drawing, a text, or why there is none.
#[derive(Clone)]
enum Preview {
    Image(TextureHandle),
    Text(String),
    Problem(String),
}

impl ExportDialog {
    /// A dialog for `format` in `theme`.
    pub fn new(format: Format, theme: ThemeKind) -> Self {
        Self { format, opts: ExportOptions { theme, ..Default::default() }, preview: None }
    }

    /// Makes the preview again when the format or the options changed since it was made.
    fn refresh(&mut self, ctx: &egui::Context, board: &Board) {
        if self.preview.as_ref().is_some_and(|(f, o, _)| *f == self.format && *o == self.opts) {
            return;
        }
        let shown = match self.format {
            Format::Png | Format::Svg | Format::Pdf => {
                // The preview is the drawing at 1× (the PDF's first page is this drawing too).
                let opts = ExportOptions {
                    scale: 1,
                    summary: self.opts.summary && self.format != Format::Pdf,
                    ..self.opts.clone()
                };
                match export::render_board(board, &opts) {
                    Ok(img) => {
                        let size = [img.width() as usize, img.height() as usize];
                        let image = egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw());
                        Preview::Image(ctx.load_texture("mlsd-export-preview", image, TextureOptions::LINEAR))
                    }
                    Err(e) => Preview::Problem(e.to_string()),
                }
            }
            Format::Mermaid => Preview::Text(crate::file::mermaid::to_mermaid(board)),
            Format::Excalidraw => match crate::render::interop::excalidraw(board, self.opts.theme) {
                Ok(json) => Preview::Text(json.chars().take(4_000).collect()),
                Err(e) => Preview::Problem(e),
            },
        };
        self.preview = Some((self.format, self.opts.clone(), shown));
    }
}

/// Shows the dialog over `board`. Returns `Some(true)` for Export (choose where), `Some(false)`
/// for Cancel.
pub fn export(ctx: &egui::Context, dialog: &mut ExportDialog, board: &Board) -> Option<bool> {
    dialog.refresh(ctx, board);
    let mut choice = None;
    egui::Modal::new(Id::unique("mlsd-export")).show(ctx, |ui| {
        ui.heading("Export");
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(300.0);
                options_ui(ui, dialog);
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
            ui.separator();
            ui.vertical(|ui| {
                ui.set_width(PREVIEW_SIDE);
                ui.label(RichText::new("Preview").strong());
                match dialog.preview.as_ref().map(|(_, _, p)| p) {
                    Some(Preview::Image(tex)) => {
                        let size = tex.size_vec2();
                        let k = (PREVIEW_SIDE / size.x.max(size.y)).min(1.0);
                        ui.add(egui::Image::new(tex).fit_to_exact_size(size * k))
                            .on_hover_text(format!("{}×{} px at 1×", size.x, size.y));
                    }
                    Some(Preview::Text(text)) => {
                        egui::ScrollArea::vertical().max_height(PREVIEW_SIDE).show(ui, |ui| {
                            ui.label(RichText::new(text).monospace().size(11.0));
                        });
                    }
                    Some(Preview::Problem(p)) => {
                        ui.colored_label(egui::Color32::from_rgb(0xdc, 0x26, 0x26), p);
                    }
                    None => {}
                }
            });
        });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            choice = Some(false);
        }
    });
    choice
}

/// The format and the options that apply to it.
fn options_ui(ui: &mut egui::Ui, dialog: &mut ExportDialog) {
    let label = ui.label("Format");
    egui::ComboBox::from_id_salt("export-format")
        .selected_text(dialog.format.name())
        .width(280.0)
        .show_ui(ui, |ui| {
            for f in Format::ALL {
                ui.selectable_value(&mut dialog.format, f, f.name());
            }
        })
        .response
        .labelled_by(label.id);
    ui.add_space(6.0);
    let opts = &mut dialog.opts;
    egui::Grid::new("export-grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
        if dialog.format.is_drawing() {
            if dialog.format != Format::Pdf {
                ui.label("Scale");
                ui.horizontal(|ui| {
                    for s in export::SCALES {
                        ui.radio_value(&mut opts.scale, s, format!("{s}×"));
                    }
                });
                ui.end_row();
            }
            let pad = ui.label("Padding");
            ui.add(egui::DragValue::new(&mut opts.padding).range(0.0..=export::MAX_PADDING).suffix(" px"))
                .labelled_by(pad.id);
            ui.end_row();
        }
        if dialog.format != Format::Mermaid {
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.radio_value(&mut opts.theme, ThemeKind::Light, "Light");
                ui.radio_value(&mut opts.theme, ThemeKind::Dark, "Dark");
            });
            ui.end_row();
        }
        if dialog.format.is_drawing() {
            ui.label("Background");
            ui.horizontal(|ui| {
                ui.radio_value(&mut opts.transparent, false, "Theme colour");
                ui.radio_value(&mut opts.transparent, true, "Transparent");
            });
            ui.end_row();
        }
        if dialog.format == Format::Pdf {
            ui.label("Paper");
            ui.horizontal(|ui| {
                ui.radio_value(&mut opts.paper, Paper::A4, "A4");
                ui.radio_value(&mut opts.paper, Paper::Letter, "Letter");
            });
            ui.end_row();
        }
    });
    match dialog.format {
        Format::Png | Format::Svg => {
            ui.checkbox(&mut opts.summary, "Include session summary");
        }
        Format::Pdf => {
            ui.weak("The report holds the board, then the session: problem, time per step, checklist, review, rubric and notes.");
        }
        Format::Excalidraw => {
            ui.weak("Opens in Excalidraw with boxes, labels and arrows bound; File → Import… reads it back.");
        }
        Format::Mermaid => {
            ui.weak("A flowchart for a README, a wiki or a chat. Edit → Copy as Mermaid puts it on the clipboard.");
        }
    }
    if dialog.format == Format::Png {
        ui.weak("The PNG carries the board: File → Open reopens it as a board.");
    }
}
