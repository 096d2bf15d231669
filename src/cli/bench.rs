//! `mlsd-board bench BOARD.ron`: the real window (eframe, glow, vsync off) showing a board,
//! panned by a small step every frame, timed frame to frame; prints one JSON line.

use crate::file::format;
use crate::file::prefs::Prefs;
use crate::ui::app::MlsdApp;
use crate::ui::file_dialogs::ScriptedDialogs;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How the board is shown while measuring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchView {
    /// The whole board in view.
    Fit,
    /// 100% zoom.
    #[value(name = "1to1")]
    OneToOne,
}

/// What a run measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BenchResult {
    /// Frames measured (intervals between frame starts).
    pub frames: usize,
    /// Median full frame time in milliseconds.
    pub median_ms: f64,
    /// 95th percentile frame time in milliseconds.
    pub p95_ms: f64,
    /// Boxes on the board.
    pub nodes: usize,
    /// Arrows on the board.
    pub edges: usize,
    /// Peak resident memory of the process in MiB (0 where the platform does not say).
    pub peak_rss_mib: f64,
    /// The window's size in points.
    pub window: [f32; 2],
    /// Start-up: milliseconds from opening the window to the end of the first frame shown
    /// (the second frame starts once the first is on screen).
    pub first_frame_ms: f64,
    /// Minor page faults of the whole process per measured frame (0 where the platform does not
    /// say): memory handed back to the system and taken again every frame shows here.
    pub faults_per_frame: f64,
}

impl BenchResult {
    /// The result as one line of JSON.
    pub fn to_json(&self, board: &Path, view: BenchView) -> String {
        let view = match view {
            BenchView::Fit => "fit",
            BenchView::OneToOne => "1to1",
        };
        format!(
            "{{\"board\":{:?},\"view\":\"{view}\",\"window\":\"{}x{}\",\"frames\":{},\"median_ms\":{:.3},\"p95_ms\":{:.3},\"nodes\":{},\"edges\":{},\"peak_rss_mib\":{:.1},\"first_frame_ms\":{:.1},\"faults_per_frame\":{:.1}}}",
            board.display().to_string(),
            self.window[0],
            self.window[1],
            self.frames,
            self.median_ms,
            self.p95_ms,
            self.nodes,
            self.edges,
            self.peak_rss_mib,
            self.first_frame_ms,
            self.faults_per_frame
        )
    }
}

/// The value at fraction `q` (0..=1) of sorted `v`.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Peak resident memory of this process in MiB, from `/proc/self/status` (Linux).
pub fn peak_rss_mib() -> f64 {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return 0.0 };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Minor page faults of this process so far, from `/proc/self/stat` (Linux; 0 elsewhere).
fn minor_faults() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0 };
    minor_faults_in(&stat)
}

/// The `minflt` field of a `/proc/PID/stat` line: the tenth, the eighth after the command name
/// (which is in parentheses and may hold spaces).
fn minor_faults_in(stat: &str) -> u64 {
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0 };
    // After the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt.
    rest.split_whitespace().nth(7).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Frames shown before measuring starts.
const WARM_UP: usize = 10;

/// What the window's frames record for [`run`]: when each frame started, and the process's minor
/// page faults when the first and the last measured frames started.
struct FrameLog {
    starts: Vec<Instant>,
    faults: [Option<u64>; 2],
}

struct BenchApp {
    app: MlsdApp,
    frames: usize,
    view: BenchView,
    log: Arc<Mutex<FrameLog>>,
}

impl eframe::App for BenchApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let now = Instant::now();
        let n = {
            let Ok(mut log) = self.log.lock() else { return };
            log.starts.push(now);
            let n = log.starts.len();
            // The measured intervals run from start WARM_UP + 1 to start WARM_UP + frames + 1.
            if n == WARM_UP + 1 {
                log.faults[0] = Some(minor_faults());
            }
            if n == WARM_UP + self.frames + 1 {
                log.faults[1] = Some(minor_faults());
            }
            n
        };
        if n == 1 {
            match self.view {
                BenchView::Fit => self.app.ui_state_mut().canvas.request_fit(),
                BenchView::OneToOne => self.app.ui_state_mut().canvas.actual_size(),
            }
        } else if let Some(v) = &mut self.app.ui_state_mut().canvas.view {
            // A small pan every frame, back and forth, so every frame draws something new.
            let dir = if (n / 120).is_multiple_of(2) { 1.0 } else { -1.0 };
            v.pan(egui::vec2(2.0 * dir, 1.0 * dir));
        }
        self.app.frame_ui(ui);
        // Warm-up frames (window mapping, font atlas) are not counted; after them, `frames`
        // intervals between frame starts need `frames + 1` starts.
        if n > WARM_UP + self.frames {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            ui.ctx().request_repaint();
        }
    }
}

/// Opens the window on the board, measures `frames` frames, and returns what it measured.
/// The window is `size` points (the app's own default size unless told otherwise).
pub fn run(path: &Path, frames: usize, view: BenchView, size: [f32; 2]) -> Result<BenchResult, String> {
    let opened = Instant::now();
    let loaded = format::load(path).map_err(|e| e.to_string())?;
    let (nodes, edges) = (loaded.board.nodes.len(), loaded.board.edges.len());
    let log = Arc::new(Mutex::new(FrameLog { starts: Vec::with_capacity(frames + 16), faults: [None; 2] }));
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_title("mlsd-board bench").with_inner_size(size),
        renderer: eframe::Renderer::Glow,
        persist_window: false,
        ..Default::default()
    };
    options.glow_options.vsync = false;
    let shared = Arc::clone(&log);
    let board = loaded.board;
    let file = path.to_owned();
    eframe::run_native(
        "mlsd-board-bench",
        options,
        Box::new(move |cc| {
            let mut app =
                MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()));
            app.replace_doc(crate::board::Document::new(board, Some(file)));
            Ok(Box::new(BenchApp { app, frames, view, log: shared }))
        }),
    )
    .map_err(|e| format!("could not open the window: {e}"))?;
    let log = log.lock().map_err(|_| "the frame log was poisoned".to_owned())?;
    let starts = &log.starts;
    let faults = match log.faults {
        [Some(first), Some(last)] => last.saturating_sub(first),
        _ => 0,
    };
    let mut times: Vec<f64> =
        starts.windows(2).skip(WARM_UP).take(frames).map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0).collect();
    times.sort_by(f64::total_cmp);
    let first_frame_ms = starts.get(1).map_or(0.0, |t| (*t - opened).as_secs_f64() * 1000.0);
    Ok(BenchResult {
        frames: times.len(),
        median_ms: percentile(&times, 0.5),
        p95_ms: percentile(&times, 0.95),
        nodes,
        edges,
        peak_rss_mib: peak_rss_mib(),
        window: size,
        first_frame_ms,
        faults_per_frame: if times.is_empty() { 0.0 } else { faults as f64 / times.len() as f64 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_sorted_frame_times() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 51.0);
        assert_eq!(percentile(&v, 0.95), 95.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn minor_faults_are_the_tenth_field_of_the_stat_line() {
        // A name with spaces and a closing parenthesis of its own.
        let line = "4242 (mlsd (bench) x) R 1 4242 4242 0 -1 4194560 98765 0 3 0 12 4 0 0 20 0 5 0";
        assert_eq!(minor_faults_in(line), 98765);
        assert_eq!(minor_faults_in("garbage"), 0);
        assert_eq!(minor_faults_in("1 (x) R 1 2"), 0);
        // This process has taken some faults by now (Linux only).
        if cfg!(target_os = "linux") {
            assert!(minor_faults() > 0);
        }
    }

    #[test]
    fn the_json_line_names_the_board_and_the_figures() {
        let r = BenchResult {
            frames: 240,
            median_ms: 12.3456,
            p95_ms: 20.0,
            nodes: 10,
            edges: 9,
            peak_rss_mib: 99.94,
            window: [1360.0, 860.0],
            first_frame_ms: 123.45,
            faults_per_frame: 12.34,
        };
        let line = r.to_json(Path::new("a \"b\".ron"), BenchView::OneToOne);
        assert_eq!(
            line,
            r#"{"board":"a \"b\".ron","view":"1to1","window":"1360x860","frames":240,"median_ms":12.346,"p95_ms":20.000,"nodes":10,"edges":9,"peak_rss_mib":99.9,"first_frame_ms":123.5,"faults_per_frame":12.3}"#
        );
    }
}
