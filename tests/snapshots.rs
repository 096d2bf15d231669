//! Image snapshots of the real app, rendered without a GPU by the project's own CPU rasterizer
//! (the same one the PNG export uses) through egui_kittest's `TestRenderer`.
//!
//! Run with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` to accept new images; thresholds are
//! in `kittest.toml`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::epaint::textures::TexturesDelta;
use egui::vec2;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, TestRenderer};
use mlsd_board::board::{Command, Document, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::file::format;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::practice::clock::FakeClock;
use mlsd_board::practice::interview::Interview;
use mlsd_board::render::Rasterizer;
use mlsd_board::ui::actions::Action;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;
use std::path::Path;
use std::time::Duration;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1/small-board.ron");

/// egui_kittest's renderer, backed by [`Rasterizer`].
#[derive(Debug, Default)]
struct CpuRenderer {
    raster: Rasterizer,
}

impl CpuRenderer {
    fn new() -> Self {
        Self::default()
    }
}

impl TestRenderer for CpuRenderer {
    fn handle_delta(&mut self, delta: &mut TexturesDelta) {
        self.raster.handle_delta(delta);
    }

    fn render(&mut self, ctx: &egui::Context, output: &egui::FullOutput) -> Result<image::RgbaImage, String> {
        let ppp = ctx.pixels_per_point();
        let size = ctx.content_rect().size() * ppp;
        if !(size.x >= 1.0 && size.y >= 1.0 && size.x <= 16384.0 && size.y <= 16384.0) {
            return Err(format!("cannot render a {} × {} pixel screen", size.x, size.y));
        }
        let primitives = ctx.tessellate(output.shapes.clone(), ppp);
        let pixels = [size.x.round() as u32, size.y.round() as u32];
        // Like the real window: cleared with the app's clear colour (the canvas background,
        // which the app does not paint itself), then the shapes on top.
        let clear =
            mlsd_board::render::theme::Colors::of(mlsd_board::render::theme::ThemeKind::Light).background;
        Ok(self.raster.render(&primitives, ppp, pixels, clear))
    }
}

fn app_harness() -> Harness<'static, MlsdApp> {
    app_harness_at(vec2(1280.0, 800.0))
}

/// The app in a window of `size` points (a laptop: 1366×768).
fn app_harness_at(size: egui::Vec2) -> Harness<'static, MlsdApp> {
    app_harness_with(size, Prefs::default())
}

/// The app in a window of `size` points with these preferences.
fn app_harness_with(size: egui::Vec2, prefs: Prefs) -> Harness<'static, MlsdApp> {
    Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        // The harness would switch the app to dark; the default preferences are light.
        .with_theme(egui::Theme::Light)
        .renderer(CpuRenderer::new())
        .build_eframe(move |cc| {
            MlsdApp::with_dialogs(&cc.egui_ctx, prefs, Box::new(ScriptedDialogs::default()))
        })
}

/// The app with the board file at `path` open, settled.
fn app_on(path: &Path) -> Harness<'static, MlsdApp> {
    let board = match format::load(path) {
        Ok(l) => l.board,
        Err(e) => panic!("{e}"),
    };
    let mut h = app_harness();
    h.run_steps(2);
    h.state_mut().replace_doc(Document::new(board, None));
    h.run_steps(4);
    h
}

#[test]
fn app_small_board() {
    app_on(Path::new(FIXTURE)).snapshot("app_small_board");
}

/// The renderer paints what it is given: a sanity check of the adapter itself.
#[test]
fn renderer_draws_a_plain_ui() {
    let mut h = Harness::builder().with_size(vec2(200.0, 80.0)).renderer(CpuRenderer::new()).build_ui(|ui| {
        ui.label("Hello, snapshot");
    });
    h.run();
    let img = match h.render() {
        Ok(img) => img,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(img.dimensions(), (200, 80));
    let bg = *img.get_pixel(199, 79);
    let ink = img.pixels().filter(|p| **p != bg).count();
    assert!(ink > 30, "the label is missing ({ink} pixels)");
}

/// The new-board chooser over an empty board, with the first case selected.
#[test]
fn chooser() {
    let mut h = app_harness();
    h.run_steps(2);
    h.state_mut().open_chooser();
    h.run_steps(4);
    h.snapshot("chooser");
}

/// The interview panel mid-session: times used, a step over budget (red), a tick, notes.
#[test]
fn panel_mid_session() {
    app_on(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v2/session-board.ron")))
        .snapshot("panel_mid_session");
}

const LAPTOP: egui::Vec2 = vec2(1366.0, 768.0);

/// A visual search practice at laptop size: started, two components drawn over two minutes,
/// finished (the review window open).
fn practised() -> (Harness<'static, MlsdApp>, FakeClock) {
    let clock = FakeClock::default();
    let c = clock.clone();
    let mut h = Harness::builder()
        .with_size(LAPTOP)
        .with_step_dt(1.0 / 60.0)
        .with_theme(egui::Theme::Light)
        .renderer(CpuRenderer::new())
        .build_eframe(move |cc| {
            let mut app =
                MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()));
            app.set_interview(Interview::new(Box::new(c), 0));
            app
        });
    h.run_steps(2);
    let t = mlsd_board::content::templates::find("visual-search").expect("case");
    h.state_mut().start_from_template(t);
    h.run_steps(2);
    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::StartPause);
    clock.advance(Duration::from_secs(60));
    h.run_steps(1);
    let node = |id: u64, kind: &str, label: &str, x: f32, y: f32| Node {
        id: NodeId(id),
        kind: NodeKind::Component(kind.into()),
        label: label.into(),
        pos: Point::new(x, y),
        size: Size::new(180.0, 64.0),
        color: None,
    };
    h.state_mut().apply(Command::Add {
        nodes: vec![
            node(100, "embedding_generator", "Image encoder", 300.0, 40.0),
            node(101, "ann_index", "ANN index", 540.0, 40.0),
        ],
        edges: vec![],
    });
    clock.advance(Duration::from_secs(60));
    h.run_steps(2);
    h.state_mut().finish();
    h.run_steps(3);
    (h, clock)
}

/// Side by side: the user's board and the reference, each fitted to its pane.
#[test]
fn side_by_side_at_laptop_size() {
    let (mut h, _clock) = practised();
    h.get_by_label("Side by side").click();
    h.run_steps(4);
    h.snapshot("side_by_side");
}

/// The replay: the player's controls and the whole board beside the interview panel.
#[test]
fn replay_at_laptop_size() {
    let (mut h, _clock) = practised();
    h.get_by_label("Replay the session").click();
    h.run_steps(4);
    // Pause at the end, so the image does not depend on timing.
    let p = h.state_mut().ui_state_mut().review.player.as_mut().expect("replaying");
    p.playing = false;
    p.at_ms = 3_600_000;
    h.run_steps(3);
    h.snapshot("replay");
}

/// The chooser at laptop size with five recent boards, each on its own line.
#[test]
fn chooser_with_recent_boards_at_laptop_size() {
    let recent = ["ranking-drill.ron", "visual-search-tuesday.ron", "ads.ron", "feed-v2.ron", "fraud.ron"]
        .iter()
        .map(|n| std::path::PathBuf::from(format!("/home/someone/boards/{n}")))
        .collect();
    let mut h = app_harness_with(LAPTOP, Prefs { recent, ..Prefs::default() });
    h.run_steps(2);
    h.state_mut().open_chooser();
    h.run_steps(4);
    h.snapshot("chooser_recent_laptop");
}

/// The command palette over a board, searching "zo".
#[test]
fn command_palette_at_laptop_size() {
    let mut h = app_on(Path::new(FIXTURE));
    h.set_size(LAPTOP);
    h.run_steps(2);
    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::CommandPalette);
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Command palette").type_text("zo");
    h.run_steps(4);
    h.snapshot("command_palette");
}

/// The keyboard shortcuts window, generated from the action table.
#[test]
fn shortcuts_window_at_laptop_size() {
    let mut h = app_on(Path::new(FIXTURE));
    h.set_size(LAPTOP);
    h.run_steps(2);
    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::KeyboardShortcuts);
    h.run_steps(4);
    h.snapshot("shortcuts_window");
}

/// Find on the board: the bar at the top right of the canvas, the first match selected.
#[test]
fn find_bar_at_laptop_size() {
    let mut h = app_on(Path::new(FIXTURE));
    h.set_size(LAPTOP);
    h.run_steps(2);
    let ctx = h.ctx.clone();
    h.state_mut().run_action(&ctx, Action::Find);
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find").type_text("index");
    h.run_steps(4);
    h.snapshot("find_bar");
}
