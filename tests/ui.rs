//! UI tests of the real app in a headless egui_kittest harness: pointer and keyboard events in,
//! the board document checked out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use common::app::{app_at, node, open};
use egui::{Event, Modifiers, PointerButton, Pos2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::{Board, Edge, EdgeId, NodeId, NodeKind};
use mlsd_board::file::format;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::render::geometry;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;

fn harness_with(dialogs: ScriptedDialogs) -> Harness<'static, MlsdApp> {
    app_at(vec2(1280.0, 800.0), Prefs::default(), dialogs)
}

fn harness() -> Harness<'static, MlsdApp> {
    harness_with(ScriptedDialogs::default())
}

/// Two components, A at the left and B at the right, joined by nothing or by one edge.
fn two_nodes(with_edge: bool) -> Board {
    let mut b = Board::new("Two boxes");
    b.nodes.push(node(1, NodeKind::Component("feature_store".into()), "A", -300.0, -32.0));
    b.nodes.push(node(2, NodeKind::Component("heavy_ranker".into()), "B", 120.0, -32.0));
    if with_edge {
        b.edges.push(Edge {
            id: EdgeId(3),
            from: NodeId(1),
            to: NodeId(2),
            label: String::new(),
            style: Default::default(),
            route: Default::default(),
        });
    }
    b.next_id = 4;
    b.reindex();
    b
}

/// The screen point of a board point.
fn screen(h: &Harness<'static, MlsdApp>, p: Pos2) -> Pos2 {
    h.state().ui_state().canvas.view.expect("the canvas has been shown").to_screen(p)
}

fn node_center(h: &Harness<'static, MlsdApp>, id: u64) -> Pos2 {
    let n = h.state().doc().board().node(NodeId(id)).expect("node exists");
    screen(h, geometry::node_rect(n).center())
}

fn press(h: &mut Harness<'static, MlsdApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
    h.step();
}

/// A primary-button drag from `from` to `to` in small steps, as a hand would do it.
fn drag(h: &mut Harness<'static, MlsdApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    press(h, from, true);
    for i in 1..=12 {
        h.hover_at(from.lerp(to, i as f32 / 12.0));
        h.step();
    }
    press(h, to, false);
    h.run_steps(2);
}

fn double_click(h: &mut Harness<'static, MlsdApp>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    for _ in 0..2 {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn dragging_a_palette_item_creates_a_node_at_the_drop_point() {
    let mut h = harness();
    // The catalogue is longer than the window: search for the item as a user would.
    let search = || egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(search(), "Search components").focus();
    h.step();
    h.get_by_role_and_label(search(), "Search components").type_text("feature st");
    h.run_steps(2);
    let from = h.get_by_label("Feature store").rect().center();
    let drop = pos2(760.0, 420.0);
    drag(&mut h, from, drop);
    let app = h.state();
    let board = app.doc().board();
    assert_eq!(board.nodes.len(), 1, "one node was created");
    let n = &board.nodes[0];
    assert_eq!(n.kind, NodeKind::Component("feature_store".into()));
    let want = app.ui_state().canvas.view.expect("view").to_board(drop);
    let got = geometry::node_rect(n).center();
    // Snapping moves the top-left corner to the 20-unit grid: at most half a cell each way.
    assert!((got - want).abs().max_elem() <= 10.5, "node centred at {got:?}, dropped at {want:?}");
}

#[test]
fn dragging_from_a_handle_onto_another_node_creates_an_edge() {
    let mut h = harness();
    open(&mut h, two_nodes(false));
    let a = h.state().doc().board().node(NodeId(1)).cloned().expect("A");
    let handle = screen(&h, geometry::node_rect(&a).right_center());
    let target = node_center(&h, 2);
    drag(&mut h, handle, target);
    let board = h.state().doc().board();
    assert_eq!(board.edges.len(), 1, "an edge was created");
    assert_eq!((board.edges[0].from, board.edges[0].to), (NodeId(1), NodeId(2)));
    assert_eq!(board.nodes.len(), 2, "no node moved or appeared");
    assert_eq!(board.node(NodeId(1)).map(|n| n.pos), Some(a.pos), "A did not move");
}

#[test]
fn moving_a_node_moves_its_arrow_end_and_undo_restores_it() {
    let mut h = harness();
    open(&mut h, two_nodes(true));
    let board = h.state().doc().board().clone();
    let (_, before_end) = geometry::edge_ends_of(&board, &Default::default(), &board.edges[0]).expect("ends");
    let start = board.node(NodeId(2)).expect("B").pos;

    let from = node_center(&h, 2);
    drag(&mut h, from, from + vec2(0.0, 200.0));
    let moved = h.state().doc().board().clone();
    let b = moved.node(NodeId(2)).expect("B");
    let zoom = h.state().ui_state().canvas.view.expect("view").zoom;
    assert!((b.pos.y - start.y - 200.0 / zoom).abs() <= 10.5, "B moved down by the drag");
    let (_, after_end) = geometry::edge_ends_of(&moved, &Default::default(), &moved.edges[0]).expect("ends");
    assert!(after_end.y > before_end.y + 50.0, "the arrow's end followed B: {before_end:?} → {after_end:?}");
    let r = geometry::node_rect(b);
    assert!(
        r.expand(0.5).contains(after_end) && !r.shrink(0.5).contains(after_end),
        "the end lies on B's border"
    );
    assert_eq!(h.state().doc().history().undo_len(), 1, "the whole drag is one undo step");

    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().board(), &board, "Ctrl+Z restores the board before the drag");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().board(), &moved, "Ctrl+Shift+Z redoes the move");
}

#[test]
fn double_click_edits_a_label_in_place() {
    let mut h = harness();
    open(&mut h, two_nodes(false));
    let c = node_center(&h, 1);
    double_click(&mut h, c);
    // The label opens selected; End keeps it and types after it.
    h.key_press(egui::Key::End);
    h.step();
    h.get_by_label("Label editor").type_text(" ranker");
    h.step();
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().doc().board().node(NodeId(1)).map(|n| n.label.as_str()), Some("A ranker"));

    // Escape cancels an edit. (Wait first, so the clicks are not read as a triple click.)
    h.run_steps(40);
    double_click(&mut h, c);
    h.get_by_label("Label editor").type_text(" oops");
    h.step();
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().doc().board().node(NodeId(1)).map(|n| n.label.as_str()), Some("A ranker"));
}

#[test]
fn delete_key_removes_a_node_with_its_edges_and_undo_brings_both_back() {
    let mut h = harness();
    open(&mut h, two_nodes(true));
    let before = h.state().doc().board().clone();
    let c = node_center(&h, 2);
    h.hover_at(c);
    h.step();
    press(&mut h, c, true);
    press(&mut h, c, false);
    assert!(h.state().ui_state().canvas.selection.contains(&NodeId(2)), "click selects");
    h.key_press(egui::Key::Delete);
    h.run_steps(2);
    assert_eq!(h.state().doc().board().nodes.len(), 1);
    assert!(h.state().doc().board().edges.is_empty(), "the edge went with its node");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().board(), &before);
}

#[test]
fn copy_and_paste_keep_the_edges_inside_the_group() {
    let mut h = harness();
    open(&mut h, two_nodes(true));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.event(Event::Copy);
    h.step();
    // The copy went to the system clipboard as text; paste that text back.
    let text = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("Ctrl+C put the selection on the clipboard");
    h.event(Event::Paste(text));
    h.run_steps(2);
    let b = h.state().doc().board();
    assert_eq!(b.nodes.len(), 4);
    assert_eq!(b.edges.len(), 2);
    let (originals, copies) = b.nodes.split_at(2);
    // The copies have the originals' kinds and labels, and new ids.
    for (o, c) in originals.iter().zip(copies) {
        assert_eq!((&o.kind, &o.label), (&c.kind, &c.label));
        assert_ne!(o.id, c.id);
    }
    // The pasted edge joins the copies in the same direction as the original joins the originals.
    let (old, new) = (&b.edges[0], &b.edges[1]);
    let copy_of = |id| originals.iter().position(|n| n.id == id).map(|i| copies[i].id);
    assert_eq!(Some(new.from), copy_of(old.from), "the pasted edge starts at the copy of its start");
    assert_eq!(Some(new.to), copy_of(old.to), "and ends at the copy of its end");
    assert_eq!(
        h.state().ui_state().canvas.selection,
        copies.iter().map(|n| n.id).collect(),
        "the copies are selected"
    );
}

#[test]
fn marquee_selects_the_nodes_inside() {
    let mut h = harness();
    open(&mut h, two_nodes(false));
    let a = h.state().doc().board().node(NodeId(1)).cloned().expect("A");
    let r = geometry::node_rect(&a);
    let from = screen(&h, r.min - vec2(30.0, 30.0));
    let to = screen(&h, r.max + vec2(30.0, 30.0));
    drag(&mut h, from, to);
    let sel = &h.state().ui_state().canvas.selection;
    assert!(sel.contains(&NodeId(1)) && !sel.contains(&NodeId(2)), "only A is inside: {sel:?}");
    assert_eq!(h.state().doc().board(), &two_nodes(false), "a marquee changes nothing");
}

#[test]
fn saving_through_the_dialog_writes_a_file_that_loads_back_equal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("saved.ron");
    let dialogs = ScriptedDialogs { save: vec![Some(path.clone())].into(), ..Default::default() };
    let mut h = harness_with(dialogs);
    open(&mut h, two_nodes(true));
    let from = node_center(&h, 1);
    drag(&mut h, from, from + vec2(40.0, 40.0));
    assert!(h.state().doc().is_dirty());
    assert!(h.state().title().starts_with('●'), "the title shows unsaved changes: {}", h.state().title());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(!h.state().doc().is_dirty(), "saved");
    assert!(!h.state().title().starts_with('●'), "the marker is gone: {}", h.state().title());
    let loaded = format::load(&path).expect("the saved file loads");
    assert!(loaded.repairs.is_empty());
    assert_eq!(&loaded.board, h.state().doc().board());
}

#[test]
fn ctrl_wheel_zooms_around_the_pointer() {
    let mut h = harness();
    open(&mut h, two_nodes(false));
    let p = node_center(&h, 2);
    let view = h.state().ui_state().canvas.view.expect("view");
    let under = view.to_board(p);
    h.hover_at(p);
    h.step();
    h.event(Event::Zoom(1.5));
    h.run_steps(2);
    let after = h.state().ui_state().canvas.view.expect("view");
    assert!((after.zoom / view.zoom - 1.5).abs() < 0.01, "zoomed by 1.5: {} → {}", view.zoom, after.zoom);
    let still = after.to_board(p);
    assert!((still - under).length() < 0.5, "the point under the pointer stays put");
}

#[test]
fn export_image_through_the_dialog_writes_a_png_of_the_board() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("board.png");
    let dialogs = ScriptedDialogs { export: vec![Some(path.clone())].into(), ..Default::default() };
    let mut h = harness_with(dialogs);
    open(&mut h, two_nodes(true));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::E);
    h.run_steps(2);
    h.get_by_label("2×").click();
    h.run_steps(1);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    let img = image::open(&path).expect("a PNG was written").to_rgba8();
    // Two boxes from x = -300 to 300 and 64 high, plus 32 padding each side, at 2×.
    assert_eq!((img.width(), img.height()), ((600 + 64) * 2, (64 + 64) * 2));
    assert!(h.state().ui_state().export.is_none(), "the dialog closed");
}

#[test]
fn clicking_a_palette_item_adds_it_in_the_middle_of_the_view() {
    let mut h = harness();
    h.get_by_label("Sticky note").click();
    h.run_steps(2);
    let board = h.state().doc().board();
    assert_eq!(board.nodes.len(), 1, "a click adds the item");
    assert_eq!(board.nodes[0].kind, NodeKind::Note);
    let center = h.state().ui_state().canvas.view.expect("view").center;
    assert!(geometry::node_rect(&board.nodes[0]).expand(10.5).contains(center), "in the middle of the view");
}
