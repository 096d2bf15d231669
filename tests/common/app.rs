//! Helpers for the tests that drive the real app in a headless egui_kittest harness.

use egui::Vec2;
use egui_kittest::Harness;
use mlsd_board::board::{Board, Document, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::file::prefs::Prefs;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;

/// The app in a window of `size` points, with these preferences and scripted file dialogs,
/// after its first frames.
pub fn app_at(size: Vec2, prefs: Prefs, dialogs: ScriptedDialogs) -> Harness<'static, MlsdApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |cc| MlsdApp::with_dialogs(&cc.egui_ctx, prefs, Box::new(dialogs)));
    h.run_steps(3);
    h
}

/// A 180×64 box of `kind` labelled `label` with its top-left corner at (`x`, `y`).
pub fn node(id: u64, kind: NodeKind, label: &str, x: f32, y: f32) -> Node {
    Node::new(NodeId(id), kind, label, Point::new(x, y), Size::new(180.0, 64.0))
}

/// Opens `board` (unsaved) in the app and lets it settle.
pub fn open(h: &mut Harness<'static, MlsdApp>, board: Board) {
    h.state_mut().replace_doc(Document::new(board, None));
    h.run_steps(3);
}
