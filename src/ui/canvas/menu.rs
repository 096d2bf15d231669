//! The canvas's right-click menus: on a box, on an arrow, on the empty board. An entry that is
//! a menu action emits that [`Action`], so it does exactly what the menu bar and its shortcut
//! do; the others emit [`Edit`]s. Nothing here changes the board.

use super::{Canvas, ContextTarget, Edit, Then};
use crate::board::{ArrowStyle, Board, BoxColor, Command, Document, EdgeId, NodeKind, Route};
use crate::content::{catalogue, frameworks};
use crate::render::theme::Colors;
use crate::ui::actions::Action;
use egui::{Pos2, Sense, Ui, vec2};

impl Canvas {
    /// The menu for what was right-clicked (see [`ContextTarget`]).
    pub(super) fn context_menu(&mut self, ui: &mut Ui, doc: &Document, colors: &Colors, out: &mut Vec<Edit>) {
        match self.context {
            Some(ContextTarget::Node(id)) if doc.board().node(id).is_some() => {
                self.node_menu(ui, doc, colors, out);
            }
            Some(ContextTarget::Edge(id)) if doc.board().edge(id).is_some() => {
                self.edge_menu(ui, doc, id, out)
            }
            Some(ContextTarget::Board(p)) => self.board_menu(ui, doc, p, out),
            // What was clicked has gone (an undo while the menu was open).
            _ => ui.close(),
        }
    }

    /// An entry that runs a menu action.
    fn action_entry(&mut self, ui: &mut Ui, action: Action) {
        let button =
            egui::Button::new(action.label()).shortcut_text(action.shortcut_text(ui.ctx().os().is_mac()));
        if ui.add(button).clicked() {
            self.actions.push(action);
            ui.close();
        }
    }

    fn node_menu(&mut self, ui: &mut Ui, doc: &Document, colors: &Colors, out: &mut Vec<Edit>) {
        let board = doc.board();
        self.action_entry(ui, Action::EditLabel);
        let current = self
            .selected_in_order(board)
            .first()
            .and_then(|id| board.node(*id))
            .map(|n| (n.kind.clone(), n.color));
        ui.menu_button("Change kind", |ui| {
            if let Some(kind) = kind_menu(ui, board, current.as_ref().map(|c| &c.0)) {
                out.extend(self.set_kind(doc, &kind).map(Edit::plain));
            }
        });
        ui.menu_button("Colour", |ui| {
            let now = current.as_ref().and_then(|c| c.1);
            if ui.add(egui::Button::new("Default colour").selected(now.is_none())).clicked() {
                out.extend(self.set_color(doc, None).map(Edit::plain));
                ui.close();
            }
            for c in BoxColor::ALL {
                let clicked = ui
                    .horizontal(|ui| {
                        let (r, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
                        ui.painter().rect_filled(r, 3, colors.swatch(c));
                        ui.add(egui::Button::new(c.name()).selected(now == Some(c))).clicked()
                    })
                    .inner;
                if clicked {
                    out.extend(self.set_color(doc, Some(c)).map(Edit::plain));
                    ui.close();
                }
            }
        });
        ui.separator();
        self.action_entry(ui, Action::Duplicate);
        self.action_entry(ui, Action::Delete);
        ui.separator();
        self.action_entry(ui, Action::BringToFront);
        self.action_entry(ui, Action::SendToBack);
        if self.selection.len() >= 2 {
            ui.menu_button("Align and distribute", |ui| {
                for a in [Action::AlignLeft, Action::AlignCenter, Action::AlignRight] {
                    self.action_entry(ui, a);
                }
                ui.separator();
                for a in [Action::AlignTop, Action::AlignMiddle, Action::AlignBottom] {
                    self.action_entry(ui, a);
                }
                ui.separator();
                for a in [Action::DistributeHorizontally, Action::DistributeVertically] {
                    self.action_entry(ui, a);
                }
            });
            if !self.target_edges(board).is_empty() {
                self.action_entry(ui, Action::ToggleRoute);
            }
        }
        ui.separator();
        if self.selection.len() == 1 && ui.button("Add an arrow from here").clicked() {
            self.linking = self.selection.iter().next().copied();
            ui.close();
        }
    }

    fn edge_menu(&mut self, ui: &mut Ui, doc: &Document, id: EdgeId, out: &mut Vec<Edit>) {
        let Some(e) = doc.board().edge(id) else { return };
        self.action_entry(ui, Action::EditLabel);
        ui.separator();
        for (route, name) in [(Route::Straight, "Straight"), (Route::Elbow, "Elbow")] {
            if ui.add(egui::Button::new(name).selected(e.route == route)).clicked() {
                out.extend(self.set_route(doc, route, &[id]).map(Edit::plain));
                ui.close();
            }
        }
        ui.separator();
        for (style, name) in [
            (ArrowStyle::OneWay, "One-way"),
            (ArrowStyle::TwoWay, "Two-way"),
            (ArrowStyle::None, "No arrowheads"),
        ] {
            if ui.add(egui::Button::new(name).selected(e.style == style)).clicked() {
                if e.style != style {
                    out.push(Edit::plain(Command::SetEdgeStyle { id, style }));
                }
                ui.close();
            }
        }
        if ui.button("Reverse direction").clicked() {
            out.push(Edit::plain(Command::Retarget { id, from: e.to, to: e.from }));
            ui.close();
        }
        ui.separator();
        self.action_entry(ui, Action::Delete);
    }

    fn board_menu(&mut self, ui: &mut Ui, doc: &Document, at: Pos2, out: &mut Vec<Edit>) {
        if ui.add_enabled(self.clipboard.is_some(), egui::Button::new("Paste here")).clicked() {
            self.pointer_board = Some(at);
            out.extend(self.paste(None));
            ui.close();
        }
        if ui.button("Add a sticky note here").clicked() {
            let edit = self.new_node(NodeKind::Note, String::new(), at);
            out.push(Edit { then: Then::EditLabel, ..edit });
            ui.close();
        }
        ui.menu_button("Add a box here", |ui| {
            let board = doc.board();
            if let Some(kind) = kind_menu(ui, board, None) {
                let label = super::arrange::default_label(board, &kind);
                out.push(self.new_node(kind, label, at));
            }
        });
        ui.separator();
        self.action_entry(ui, Action::SelectAll);
        self.action_entry(ui, Action::ZoomFit);
    }
}

/// Entries for every kind of box: a sticky note, the framework's stages and the catalogue by
/// group. Returns the kind chosen (the menu closes).
fn kind_menu(ui: &mut Ui, board: &Board, current: Option<&NodeKind>) -> Option<NodeKind> {
    let mut chosen = None;
    let mut entry = |ui: &mut Ui, kind: NodeKind, name: &str| {
        if ui.add(egui::Button::new(name).selected(current == Some(&kind))).clicked() {
            chosen = Some(kind);
            ui.close();
        }
    };
    entry(ui, NodeKind::Note, "Sticky note");
    ui.menu_button("Framework stage", |ui| {
        let fw = frameworks::get_or_default(&board.framework);
        for (i, step) in fw.steps.iter().enumerate() {
            if let Ok(n) = u8::try_from(i + 1) {
                entry(ui, NodeKind::Stage(n), &format!("{n}. {}", step.title));
            }
        }
    });
    ui.separator();
    for group in &catalogue::catalogue().groups {
        ui.menu_button(&group.name, |ui| {
            for k in &group.kinds {
                entry(ui, NodeKind::Component(k.id.clone()), &k.name);
            }
        });
    }
    chosen
}
