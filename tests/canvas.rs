//! UI tests of the canvas in the real app (egui_kittest, headless): right-click menus,
//! re-targeting an arrow by dragging its end, nudging with the arrow keys, Escape, align, zoom
//! steps, where a clicked palette item lands, the label editor's selected text, and opening a
//! board whose saved view shows nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::{
    Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, PointerButton, Pos2, TouchPhase, pos2, vec2,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::{
    ArrowStyle, Board, BoxColor, Document, Edge, EdgeId, Node, NodeId, NodeKind, Point, Route, Size, View,
};
use mlsd_board::file::prefs::Prefs;
use mlsd_board::render::{geometry, route};
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;

fn harness() -> Harness<'static, MlsdApp> {
    let mut h =
        Harness::builder().with_size(vec2(1280.0, 800.0)).with_step_dt(1.0 / 60.0).build_eframe(|cc| {
            MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()))
        });
    h.run_steps(3);
    h
}

fn node(id: u64, kind: NodeKind, label: &str, x: f32, y: f32) -> Node {
    Node::new(NodeId(id), kind, label, Point::new(x, y), Size::new(180.0, 64.0))
}

/// A at the left, B at the right, C below B; edge 4 runs A → B.
fn three_boxes() -> Board {
    let mut b = Board::new("Three boxes");
    b.nodes.push(node(1, NodeKind::Component("feature_store".into()), "A", -300.0, -32.0));
    b.nodes.push(node(2, NodeKind::Component("heavy_ranker".into()), "B", 120.0, -32.0));
    b.nodes.push(node(3, NodeKind::Component("ann_index".into()), "C", 120.0, 160.0));
    b.edges.push(Edge::new(EdgeId(4), NodeId(1), NodeId(2)));
    b.next_id = 5;
    b.reindex();
    b
}

fn open(h: &mut Harness<'static, MlsdApp>, board: Board) {
    h.state_mut().replace_doc(Document::new(board, None));
    h.run_steps(3);
}

fn board(h: &Harness<'static, MlsdApp>) -> Board {
    h.state().doc().board().clone()
}

fn screen(h: &Harness<'static, MlsdApp>, p: Pos2) -> Pos2 {
    h.state().ui_state().canvas.view.expect("the canvas has been shown").to_screen(p)
}

fn node_center(h: &Harness<'static, MlsdApp>, id: u64) -> Pos2 {
    let n = h.state().doc().board().node(NodeId(id)).cloned().expect("node exists");
    screen(h, geometry::node_rect(&n).center())
}

fn button(h: &mut Harness<'static, MlsdApp>, pos: Pos2, button: PointerButton, pressed: bool) {
    h.event(Event::PointerButton { pos, button, pressed, modifiers: Modifiers::NONE });
    h.step();
}

fn click(h: &mut Harness<'static, MlsdApp>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    button(h, pos, PointerButton::Primary, true);
    button(h, pos, PointerButton::Primary, false);
    h.run_steps(2);
}

fn right_click(h: &mut Harness<'static, MlsdApp>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    button(h, pos, PointerButton::Secondary, true);
    button(h, pos, PointerButton::Secondary, false);
    h.run_steps(2);
}

fn drag(h: &mut Harness<'static, MlsdApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    button(h, from, PointerButton::Primary, true);
    for i in 1..=12 {
        h.hover_at(from.lerp(to, i as f32 / 12.0));
        h.step();
    }
    button(h, to, PointerButton::Primary, false);
    h.run_steps(2);
}

/// Clicks the menu entry or button named `name` (a menu entry's name may be followed by its
/// shortcut, as AccessKit reads it: "Bring to front Ctrl+Shift+]").
fn choose(h: &mut Harness<'static, MlsdApp>, name: &str) {
    let (exact, prefix) = (name.to_owned(), format!("{name} "));
    h.get_by(move |n| n.label().is_some_and(|l| l == exact || l.starts_with(&prefix))).click();
    h.run_steps(2);
}

/// Clicks the entry named `name` in the open menu, when the palette has a button of that name
/// too (the menu comes last in the tree).
fn choose_in_menu(h: &mut Harness<'static, MlsdApp>, name: &str) {
    let exact = name.to_owned();
    let all: Vec<_> = h.get_all_by(move |n| n.label().is_some_and(|l| l == exact)).collect();
    assert!(all.len() >= 2, "{name} is in the palette and in the menu");
    all.last().expect("found").click();
    h.run_steps(2);
}

fn undo(h: &mut Harness<'static, MlsdApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
}

fn zoom(h: &Harness<'static, MlsdApp>) -> f32 {
    h.state().ui_state().canvas.view.expect("view").zoom
}

// ---------------------------------------------------------------------------------------------
// Right-click menus
// ---------------------------------------------------------------------------------------------

#[test]
fn right_click_a_box_and_choose_a_colour() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let before = board(&h);
    let p0 = node_center(&h, 2);
    right_click(&mut h, p0);
    assert!(h.state().ui_state().canvas.selection.contains(&NodeId(2)), "right-click selects the box");
    choose(&mut h, "Colour");
    choose(&mut h, "Blue");
    assert_eq!(board(&h).node(NodeId(2)).unwrap().color, Some(BoxColor::Blue));
    assert!(h.query_by_label("Blue").is_none(), "the menu closed");
    assert_eq!(h.state().doc().history().undo_len(), 1, "one undo step");
    undo(&mut h);
    assert_eq!(board(&h), before);
}

#[test]
fn right_click_a_box_to_bring_it_to_front_change_its_kind_and_delete_it() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let p0 = node_center(&h, 1);
    right_click(&mut h, p0);
    choose(&mut h, "Bring to front");
    let ids: Vec<u64> = board(&h).nodes.iter().map(|n| n.id.0).collect();
    assert_eq!(ids, vec![2, 3, 1], "A is drawn last, on top");

    let p0 = node_center(&h, 1);
    right_click(&mut h, p0);
    choose(&mut h, "Change kind");
    choose_in_menu(&mut h, "Sticky note");
    let a = board(&h).node(NodeId(1)).cloned().unwrap();
    assert_eq!((a.kind, a.label.as_str()), (NodeKind::Note, "A"), "the kind changes, the user's label stays");

    let p0 = node_center(&h, 3);
    right_click(&mut h, p0);
    choose(&mut h, "Delete");
    assert!(board(&h).node(NodeId(3)).is_none(), "Delete in the menu deletes the right-clicked box");
    assert_eq!(h.state().doc().history().undo_len(), 3);
}

#[test]
fn right_click_an_arrow_to_make_it_elbow_and_two_way() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let mid = screen(&h, pos2(0.0, 0.0)); // the middle of A → B
    right_click(&mut h, mid);
    assert_eq!(h.state().ui_state().canvas.selected_edge, Some(EdgeId(4)));
    choose(&mut h, "Elbow");
    assert_eq!(board(&h).edge(EdgeId(4)).unwrap().route, Route::Elbow);
    right_click(&mut h, mid);
    choose(&mut h, "Two-way");
    assert_eq!(board(&h).edge(EdgeId(4)).unwrap().style, ArrowStyle::TwoWay);
    right_click(&mut h, mid);
    choose(&mut h, "Reverse direction");
    let e = board(&h).edge(EdgeId(4)).cloned().unwrap();
    assert_eq!((e.from, e.to), (NodeId(2), NodeId(1)));
}

#[test]
fn right_click_the_empty_board_to_add_a_note_there() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let at = screen(&h, pos2(-200.0, 250.0));
    right_click(&mut h, at);
    assert!(h.state().ui_state().canvas.selection.is_empty(), "nothing is selected on empty board");
    choose(&mut h, "Add a sticky note here");
    let b = board(&h);
    assert_eq!(b.nodes.len(), 4);
    let note = b.nodes.last().unwrap();
    assert_eq!(note.kind, NodeKind::Note);
    assert!(geometry::node_rect(note).expand(10.5).contains(pos2(-200.0, 250.0)), "centred where clicked");
    assert!(h.state().ui_state().canvas.is_editing(), "ready for typing");
}

#[test]
fn add_an_arrow_from_a_box_through_its_menu() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let p0 = node_center(&h, 1);
    right_click(&mut h, p0);
    choose(&mut h, "Add an arrow from here");
    assert!(h.state().ui_state().canvas.is_linking());
    let p0 = node_center(&h, 3);
    click(&mut h, p0);
    let b = board(&h);
    assert_eq!(b.edges.len(), 2);
    let e = b.edges.last().unwrap();
    assert_eq!((e.from, e.to), (NodeId(1), NodeId(3)));
    assert!(!h.state().ui_state().canvas.is_linking());
}

// ---------------------------------------------------------------------------------------------
// Arrows
// ---------------------------------------------------------------------------------------------

#[test]
fn dragging_a_selected_arrows_head_onto_another_box_retargets_it() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let before = board(&h);
    let p0 = screen(&h, pos2(0.0, 0.0));
    click(&mut h, p0);
    assert_eq!(h.state().ui_state().canvas.selected_edge, Some(EdgeId(4)), "a click selects the arrow");
    let path = route::edge_path(&before, &Default::default(), before.edge(EdgeId(4)).unwrap()).unwrap();
    let p0 = screen(&h, path.end());
    let p1 = node_center(&h, 3);
    drag(&mut h, p0, p1);
    let e = board(&h).edge(EdgeId(4)).cloned().unwrap();
    assert_eq!((e.from, e.to), (NodeId(1), NodeId(3)), "the head now points at C");
    assert_eq!(board(&h).nodes, before.nodes, "no box moved");
    assert_eq!(h.state().doc().history().undo_len(), 1);
    undo(&mut h);
    assert_eq!(board(&h), before, "undo puts the end back on B");

    // The tail too; dropping it on the box at the other end changes nothing.
    let p0 = screen(&h, pos2(0.0, 0.0));
    click(&mut h, p0);
    let p0 = screen(&h, path.start());
    let p1 = node_center(&h, 2);
    drag(&mut h, p0, p1);
    assert_eq!(board(&h), before, "an arrow cannot join a box to itself");
    let p0 = screen(&h, path.start());
    let p1 = node_center(&h, 3);
    drag(&mut h, p0, p1);
    let e = board(&h).edge(EdgeId(4)).cloned().unwrap();
    assert_eq!((e.from, e.to), (NodeId(3), NodeId(2)));
}

#[test]
fn the_elbow_toggle_routes_the_selected_arrow_and_hit_testing_follows_the_route() {
    let mut h = harness();
    let mut b = three_boxes();
    b.edges[0].to = NodeId(3); // A → C: a straight line would cut across diagonally
    open(&mut h, b);
    let before = board(&h);
    let straight = route::edge_path(&before, &Default::default(), &before.edges[0]).unwrap();
    let p0 = screen(&h, straight.midpoint());
    click(&mut h, p0);
    assert_eq!(h.state().ui_state().canvas.selected_edge, Some(EdgeId(4)));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    let after = board(&h);
    assert_eq!(after.edges[0].route, Route::Elbow);
    let elbow = route::edge_path(&after, &Default::default(), &after.edges[0]).unwrap();
    assert!(elbow.points().len() >= 3, "the elbow route bends: {:?}", elbow.points());
    // Click on a corner of the route (off the old straight line): the arrow is found there.
    let corner = elbow.points()[1];
    assert!(straight.distance(corner) > 20.0, "the corner is away from the straight line");
    let p0 = screen(&h, pos2(-200.0, 300.0));
    click(&mut h, p0); // empty board: nothing selected
    assert_eq!(h.state().ui_state().canvas.selected_edge, None);
    let p0 = screen(&h, corner);
    click(&mut h, p0);
    assert_eq!(h.state().ui_state().canvas.selected_edge, Some(EdgeId(4)), "hit-testing follows the route");
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    assert_eq!(board(&h).edges[0].route, Route::Straight, "the toggle goes back");
}

// ---------------------------------------------------------------------------------------------
// Keyboard: nudge, Escape, align
// ---------------------------------------------------------------------------------------------

#[test]
fn arrow_keys_nudge_the_selection_and_shift_moves_a_grid_step() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let before = board(&h);
    let p0 = node_center(&h, 1);
    click(&mut h, p0);
    h.key_press(Key::ArrowRight);
    h.run_steps(1);
    h.key_press(Key::ArrowRight);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run_steps(2);
    let a = board(&h).node(NodeId(1)).unwrap().pos;
    assert_eq!((a.x, a.y), (-298.0, -12.0), "two units right, one grid step (20) down");
    assert_eq!(board(&h).node(NodeId(2)), before.node(NodeId(2)), "unselected boxes stay");
    assert_eq!(h.state().doc().history().undo_len(), 3, "one undo step per press");
    undo(&mut h);
    assert_eq!(board(&h).node(NodeId(1)).unwrap().pos, Point::new(-298.0, -32.0));
    undo(&mut h);
    undo(&mut h);
    assert_eq!(board(&h), before);
}

#[test]
fn escape_clears_the_selection_and_cancels_a_drag() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let before = board(&h);
    let p0 = node_center(&h, 1);
    click(&mut h, p0);
    assert!(!h.state().ui_state().canvas.selection.is_empty());
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().ui_state().canvas.selection.is_empty(), "Escape clears the selection");

    // Escape in the middle of a drag: the box goes back and nothing is recorded.
    let from = node_center(&h, 1);
    h.hover_at(from);
    h.step();
    button(&mut h, from, PointerButton::Primary, true);
    for i in 1..=6 {
        h.hover_at(from + vec2(20.0 * i as f32, 0.0));
        h.step();
    }
    h.key_press(Key::Escape);
    h.step();
    button(&mut h, from + vec2(120.0, 0.0), PointerButton::Primary, false);
    h.run_steps(2);
    assert_eq!(board(&h), before, "the cancelled drag moved nothing");
    assert!(!h.state().doc().history().can_undo());
}

#[test]
fn align_and_distribute_the_selection_in_one_undo_step_each() {
    let mut h = harness();
    let mut b = three_boxes();
    b.nodes[1].pos = Point::new(100.0, -80.0); // B a little up
    b.nodes[2].pos = Point::new(40.0, 160.0);
    open(&mut h, b);
    let before = board(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::ALT, Key::W); // align tops
    h.run_steps(2);
    let tops: Vec<f32> = board(&h).nodes.iter().map(|n| n.pos.y).collect();
    assert_eq!(tops, vec![-80.0; 3], "every top on the highest");
    assert_eq!(h.state().doc().history().undo_len(), 1);
    // Distribute: A at -300, C at 40, B at 100 (by centre): C goes half-way.
    h.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::H);
    h.run_steps(2);
    let b = board(&h);
    let x = |id| b.node(NodeId(id)).unwrap().pos.x;
    assert_eq!((x(1), x(3), x(2)), (-300.0, -100.0, 100.0), "equal gaps of 20");
    assert_eq!(h.state().doc().history().undo_len(), 2);
    undo(&mut h);
    undo(&mut h);
    assert_eq!(board(&h), before);
}

// ---------------------------------------------------------------------------------------------
// Zoom and view
// ---------------------------------------------------------------------------------------------

fn ctrl_wheel(h: &mut Harness<'static, MlsdApp>, at: Pos2, notches: f32) {
    h.hover_at(at);
    h.step();
    h.event(Event::MouseWheel {
        unit: MouseWheelUnit::Line,
        delta: vec2(0.0, notches),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers: Modifiers::COMMAND,
    });
    h.run_steps(2);
}

#[test]
fn zoom_goes_in_even_steps_and_keeps_to_10_to_400_percent() {
    let mut h = harness();
    open(&mut h, three_boxes());
    h.state_mut().ui_state_mut().canvas.actual_size();
    h.run_steps(1);
    let at = node_center(&h, 2);
    for _ in 0..3 {
        ctrl_wheel(&mut h, at, 1.0);
    }
    assert!((zoom(&h) - 1.1f32.powi(3)).abs() < 1e-3, "three notches: 133%, not {}", zoom(&h));
    for _ in 0..3 {
        ctrl_wheel(&mut h, at, -1.0);
    }
    assert!((zoom(&h) - 1.0).abs() < 1e-3, "and back: {}", zoom(&h));
    ctrl_wheel(&mut h, at, 200.0);
    assert_eq!(zoom(&h), 4.0, "no further than 400%");

    // The menu steps through the ladder.
    h.state_mut().ui_state_mut().canvas.actual_size();
    let mut seen = Vec::new();
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
        h.run_steps(1);
        seen.push((zoom(&h) * 100.0).round());
    }
    assert_eq!(seen, vec![125.0, 150.0, 200.0]);
    for _ in 0..12 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
        h.run_steps(1);
    }
    assert_eq!(zoom(&h), 0.1, "no further out than 10%");
}

#[test]
fn zoom_to_fit_stays_at_or_above_10_percent() {
    let mut h = harness();
    open(&mut h, mlsd_board::cli::demo::board(10_000));
    h.key_press_modifiers(Modifiers::SHIFT, Key::Num1);
    h.run_steps(2);
    assert!((zoom(&h) - 0.1).abs() < 1e-6, "fit on a huge board stops at 10%: {}", zoom(&h));
}

#[test]
fn a_board_saved_looking_at_nothing_opens_on_its_content() {
    let mut h = harness();
    let mut b = three_boxes();
    b.view = View { center: Point::new(50_000.0, -40_000.0), zoom: 1.0 };
    open(&mut h, b);
    let v = h.state().ui_state().canvas.view.expect("view");
    let visible = v.visible_board_rect();
    for n in &board(&h).nodes {
        assert!(visible.contains_rect(geometry::node_rect(n)), "{} is in view", n.label);
    }
    // A saved view that shows the boxes is kept as it is.
    let mut b = three_boxes();
    b.view = View { center: Point::new(100.0, 10.0), zoom: 1.5 };
    open(&mut h, b);
    let v = h.state().ui_state().canvas.view.expect("view");
    assert_eq!((v.center, v.zoom), (pos2(100.0, 10.0), 1.5));
}

// ---------------------------------------------------------------------------------------------
// Adding boxes and labels
// ---------------------------------------------------------------------------------------------

#[test]
fn clicked_palette_items_land_on_free_spots_near_the_middle() {
    let mut h = harness();
    for _ in 0..3 {
        choose(&mut h, "Sticky note");
    }
    let b = board(&h);
    assert_eq!(b.nodes.len(), 3);
    let rects: Vec<_> = b.nodes.iter().map(geometry::node_rect).collect();
    for (i, r) in rects.iter().enumerate() {
        for s in &rects[i + 1..] {
            assert!(!r.intersects(*s), "{r:?} and {s:?} overlap");
        }
    }
    let center = h.state().ui_state().canvas.view.expect("view").center;
    assert!(rects[0].expand(10.5).contains(center), "the first one in the middle");
    for r in &rects {
        assert!(r.center().distance(center) < 400.0, "all near the middle: {r:?}");
    }
}

#[test]
fn the_label_editor_opens_with_its_text_selected() {
    let mut h = harness();
    open(&mut h, three_boxes());
    let c = node_center(&h, 1);
    // A double-click opens the editor; typing replaces the selected label.
    h.hover_at(c);
    h.step();
    for _ in 0..2 {
        button(&mut h, c, PointerButton::Primary, true);
        button(&mut h, c, PointerButton::Primary, false);
    }
    h.run_steps(2);
    h.get_by_label("Label editor").type_text("Ranker");
    h.step();
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(board(&h).node(NodeId(1)).unwrap().label, "Ranker");
    // F2 on the selection does the same.
    h.key_press(Key::F2);
    h.run_steps(2);
    h.get_by_label("Label editor").type_text("Light ranker");
    h.step();
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(board(&h).node(NodeId(1)).unwrap().label, "Light ranker");
}
