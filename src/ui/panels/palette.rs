//! The palette (left panel): framework stages, a sticky note and the component catalogue, with a
//! search box. Items are dragged onto the canvas, or clicked to add them in the middle of the view.

use crate::board::NodeKind;
use crate::content::catalogue;
use crate::content::frameworks;
use crate::render::theme::Colors;
use crate::ui::canvas::PaletteItem;
use egui::{Color32, CornerRadius, RichText, Sense, Ui, vec2};

/// The palette panel's state: the search text.
#[derive(Debug, Default)]
pub struct PalettePanel {
    /// What the user typed in the search box.
    pub search: String,
}

fn matches(query: &str, words: &[&str]) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty() || words.iter().any(|w| w.to_lowercase().contains(&q))
}

impl PalettePanel {
    /// Shows the palette; returns the item the user clicked (to add at the centre of the view).
    pub fn show(&mut self, ui: &mut Ui, framework_id: &str, colors: &Colors) -> Option<PaletteItem> {
        let mut clicked = None;
        ui.add_space(4.0);
        let search_label = ui.label("Search components");
        ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text("feature store, ranker…")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(search_label.id);
        ui.add_space(4.0);
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let fw = frameworks::get_or_default(framework_id);
            let stages: Vec<(u8, &str)> = fw
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| matches(&self.search, &[&s.title, "stage", "step"]))
                .map(|(i, s)| (u8::try_from(i + 1).unwrap_or(u8::MAX), s.title.as_str()))
                .collect();
            if !stages.is_empty() {
                ui.label(RichText::new("Framework stages").strong());
                for (n, title) in stages {
                    let item = PaletteItem { kind: NodeKind::Stage(n), label: title.to_owned() };
                    if item_row(ui, &item, &format!("{n}. {title}"), colors.stage(n)) {
                        clicked = Some(item);
                    }
                }
                ui.add_space(6.0);
            }
            if matches(&self.search, &["note", "sticky", "text"]) {
                ui.label(RichText::new("Notes").strong());
                let item = PaletteItem { kind: NodeKind::Note, label: String::new() };
                if item_row(ui, &item, "Sticky note", colors.note_fill) {
                    clicked = Some(item);
                }
                ui.add_space(6.0);
            }
            for group in &catalogue::catalogue().groups {
                let kinds: Vec<_> = group
                    .kinds
                    .iter()
                    .filter(|k| {
                        let mut words: Vec<&str> = vec![&k.name, &k.id, &group.name];
                        words.extend(k.synonyms.iter().map(String::as_str));
                        matches(&self.search, &words)
                    })
                    .collect();
                if kinds.is_empty() {
                    continue;
                }
                ui.label(RichText::new(&group.name).strong());
                for k in kinds {
                    let item = PaletteItem { kind: NodeKind::Component(k.id.clone()), label: k.name.clone() };
                    if item_row(ui, &item, &k.name, colors.group(&group.id)) {
                        clicked = Some(item);
                    }
                }
                ui.add_space(6.0);
            }
        });
        clicked
    }
}

/// Room left free at the right of each row, so the panel's resize handle can be grabbed.
const EDGE: f32 = 8.0;

/// One palette row: drag it onto the canvas, or click it. A name too long for the panel is cut
/// with an ellipsis and shown whole on hover. Returns whether it was clicked.
fn item_row(ui: &mut Ui, item: &PaletteItem, text: &str, swatch: Color32) -> bool {
    let id = ui.scope_id().with(("palette", text));
    let height = ui.spacing().interact_size.y;
    let (rect, _) =
        ui.allocate_exact_size(vec2((ui.available_width() - EDGE).max(40.0), height), Sense::hover());
    let response = ui.interact(rect, id, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, text));
    let visuals = ui.style().interact(&response);
    if response.hovered() || response.dragged() {
        ui.painter().rect_filled(rect, CornerRadius::same(4), visuals.weak_bg_fill);
    }
    let draw = |painter: &egui::Painter, rect: egui::Rect| -> bool {
        let sw = egui::Rect::from_center_size(rect.left_center() + vec2(10.0, 0.0), vec2(12.0, 12.0));
        painter.rect_filled(sw, CornerRadius::same(3), swatch);
        let mut job = egui::text::LayoutJob::simple_singleline(
            text.to_owned(),
            egui::FontId::proportional(14.0),
            visuals.text_color(),
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width((rect.width() - 26.0).max(10.0));
        let galley = painter.layout_job(job);
        let elided = galley.elided;
        let top = rect.center().y - galley.size().y / 2.0;
        painter.galley(egui::pos2(rect.left() + 22.0, top), galley, visuals.text_color());
        elided
    };
    let elided = draw(ui.painter(), rect);
    if response.drag_started() {
        egui::DragAndDrop::set_payload(ui.ctx(), item.clone());
    }
    if response.dragged()
        && let Some(p) = ui.ctx().pointer_interact_pos()
    {
        // The item follows the pointer, above everything, until it is dropped.
        let layer = egui::LayerId::new(egui::Order::Tooltip, id);
        let painter = ui.ctx().layer_painter(layer);
        let ghost = egui::Rect::from_min_size(p + vec2(8.0, 4.0), vec2(rect.width().min(220.0), height));
        painter.rect_filled(ghost, CornerRadius::same(4), ui.visuals().window_fill.gamma_multiply(0.9));
        let _ = draw(&painter, ghost);
    }
    let hint = "Drag onto the board, or click to add it in the middle of the view";
    let tip = if elided { format!("{text}\n{hint}") } else { hint.to_owned() };
    response.on_hover_cursor(egui::CursorIcon::Grab).on_hover_text(tip).clicked()
}
