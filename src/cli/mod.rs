//! The command line: `mlsd-board [BOARD]` opens the app; subcommands work without a window.

pub mod bench;
pub mod demo;

use crate::file::format;
use crate::practice::steps::count_text;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// mlsd-board: a whiteboard for practising machine-learning system design interviews.
#[derive(Debug, Parser)]
#[command(name = "mlsd-board", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A board file (.ron) to open in the app.
    pub board: Option<PathBuf>,
    /// A command to run without opening the app.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// The commands that run without a window.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Load and validate a board file; print a one-line summary (exit 0) or the problem (exit 1).
    Check {
        /// The board file.
        board: PathBuf,
    },
    /// Export a board as a PNG image: its content plus padding, drawn as on the canvas.
    Export {
        /// The board file.
        board: PathBuf,
        /// The PNG file to write.
        #[arg(short = 'o', long = "output", value_name = "OUT.png")]
        output: PathBuf,
        /// Pixels per board unit: 1, 2 or 3 (text is rendered at that scale, never upscaled).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
        scale: u8,
        /// The colour theme.
        #[arg(long, default_value = "light", value_parser = theme_parser())]
        theme: crate::render::theme::ThemeKind,
        /// Leave the background transparent.
        #[arg(long)]
        transparent: bool,
        /// Draw a band above the board with the title, the problem and the time and checklist
        /// of every step.
        #[arg(long)]
        summary: bool,
    },
    /// Write a generated board with N labelled boxes and N arrows, laid out in a grid.
    Demo {
        /// How many boxes.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=200_000))]
        nodes: u32,
        /// The board file to write.
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        output: PathBuf,
        /// Overwrite OUT.ron if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Open the real window on a board, pan it every frame, and print the frame times and peak
    /// memory as one JSON line.
    Bench {
        /// The board file.
        board: PathBuf,
        /// How many frames to measure.
        #[arg(long, default_value_t = 240, value_parser = clap::value_parser!(u32).range(10..=100_000))]
        frames: u32,
        /// The whole board in view, or 100% zoom.
        #[arg(long, value_enum, default_value_t = crate::cli::bench::BenchView::Fit)]
        view: crate::cli::bench::BenchView,
        /// The window size in points, WIDTHxHEIGHT (default: the app's own, 1360x860).
        #[arg(long, value_parser = parse_size)]
        size: Option<[f32; 2]>,
    },
    /// List the case-study templates: one line each with id, title and difficulty.
    Templates,
    /// Print the keyboard shortcuts as a Markdown table, from the app's action table (the
    /// README's table is this output).
    Shortcuts,
    /// Write a new board from a template.
    New {
        /// The template's id (see `mlsd-board templates`).
        #[arg(long = "template", value_name = "ID")]
        template: String,
        /// The board file to write.
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        output: PathBuf,
        /// Overwrite OUT.ron if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print how a board compares with its template's reference solution (coverage of components
    /// and connections) and its pacing; exit 1 if the board has no template reference.
    Review {
        /// The board file.
        board: PathBuf,
    },
}

/// Parses a window size such as `1360x860`.
fn parse_size(s: &str) -> Result<[f32; 2], String> {
    let (w, h) = s.split_once('x').ok_or_else(|| format!("`{s}` is not WIDTHxHEIGHT, e.g. 1360x860"))?;
    let parse = |v: &str| v.trim().parse::<f32>().ok().filter(|v| (200.0..=8192.0).contains(v));
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok([w, h]),
        _ => Err(format!("`{s}`: each side must be a number from 200 to 8192")),
    }
}

/// Parses `light` or `dark`, listing both in `--help` and in errors.
fn theme_parser() -> impl clap::builder::TypedValueParser<Value = crate::render::theme::ThemeKind> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["light", "dark"]).map(|s| match s.as_str() {
        "dark" => crate::render::theme::ThemeKind::Dark,
        _ => crate::render::theme::ThemeKind::Light,
    })
}

/// Runs a command-line command, writing to `out` and `err`; returns the process exit code.
pub fn run(cmd: &CliCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cmd {
        CliCommand::Check { board } => check(board, out),
        CliCommand::Export { board, output, scale, theme, transparent, summary } => {
            let opts = crate::render::export::ExportOptions {
                scale: *scale,
                theme: *theme,
                transparent: *transparent,
                summary: *summary,
                ..Default::default()
            };
            export(board, output, &opts, out, err)
        }
        CliCommand::Templates => list_templates(out),
        CliCommand::Shortcuts => {
            write!(out, "{}", crate::ui::actions::shortcuts_markdown()).map_err(|e| e.to_string())
        }
        CliCommand::Bench { board, frames, view, size } => crate::cli::bench::run(
            board,
            *frames as usize,
            *view,
            size.unwrap_or(crate::ui::app::WINDOW_SIZE),
        )
        .and_then(|r| writeln!(out, "{}", r.to_json(board, *view)).map_err(|e| e.to_string())),
        CliCommand::Demo { nodes, output, force } => demo(*nodes as usize, output, *force, out),
        CliCommand::New { template, output, force } => new_board(template, output, *force, out),
        CliCommand::Review { board } => review(board, out),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            1
        }
    }
}

/// The built-in templates and the user's (broken user templates are listed on stderr by the
/// app, not here).
fn template_entries() -> Vec<crate::content::schema::Template> {
    let dir = crate::file::paths::Paths::from_env().map(|p| p.templates_dir());
    crate::file::user_templates::all(dir.as_deref()).into_iter().filter_map(|e| e.template.ok()).collect()
}

/// `templates`: one line per template.
fn list_templates(out: &mut dyn Write) -> Result<(), String> {
    for t in template_entries() {
        writeln!(
            out,
            "{:<28} {:<44} {}",
            t.id,
            t.title,
            crate::content::templates::difficulty_name(t.difficulty)
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `new`: a new board from a template, never overwriting a file unless told to.
fn new_board(id: &str, output: &std::path::Path, force: bool, out: &mut dyn Write) -> Result<(), String> {
    let all = template_entries();
    let Some(t) = all.iter().find(|t| t.id == id) else {
        let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        return Err(format!("unknown template `{id}`; the templates are: {}", ids.join(", ")));
    };
    if output.exists() && !force {
        return Err(format!("{}: exists already; pass --force to overwrite it", output.display()));
    }
    let board = crate::content::templates::new_board(t);
    format::save(output, &board).map_err(|e| e.to_string())?;
    writeln!(out, "wrote {} from template {}", output.display(), t.id).map_err(|e| e.to_string())
}

/// `demo`: a generated board.
fn demo(n: usize, output: &std::path::Path, force: bool, out: &mut dyn Write) -> Result<(), String> {
    if output.exists() && !force {
        return Err(format!("{}: exists already; pass --force to overwrite it", output.display()));
    }
    let board = crate::cli::demo::board(n);
    format::save(output, &board).map_err(|e| e.to_string())?;
    let (boxes, arrows) = (board.nodes.len(), board.edges.len());
    writeln!(
        out,
        "wrote {} ({}, {})",
        output.display(),
        count_text(boxes, "box", "boxes"),
        count_text(arrows, "arrow", "arrows")
    )
    .map_err(|e| e.to_string())
}

/// `check`: strict, so a file the app would have to repair is reported, not passed.
fn check(path: &std::path::Path, out: &mut dyn Write) -> Result<(), String> {
    let loaded = format::load(path).map_err(|e| e.to_string())?;
    if !loaded.repairs.is_empty() {
        return Err(format!(
            "{}: needs repair ({}); the app can open it and repair it",
            path.display(),
            loaded.repairs.join("; ")
        ));
    }
    let b = &loaded.board;
    let migrated = loaded.migrated_from.map(|v| format!(" (migrated from version {v})")).unwrap_or_default();
    writeln!(
        out,
        "ok: {}: format version {}{migrated}, {}, {}, title {:?}",
        path.display(),
        b.version,
        count_text(b.nodes.len(), "node", "nodes"),
        count_text(b.edges.len(), "edge", "edges"),
        b.title
    )
    .map_err(|e| e.to_string())
}

/// `export`: loads the board (repairing what the app would repair, with a note), renders it and
/// writes the PNG atomically.
fn export(
    path: &std::path::Path,
    output: &std::path::Path,
    opts: &crate::render::export::ExportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), String> {
    let loaded = format::load(path).map_err(|e| e.to_string())?;
    if !loaded.repairs.is_empty() {
        let _ =
            writeln!(err, "note: {}: repaired while loading: {}", path.display(), loaded.repairs.join("; "));
    }
    let img = crate::render::export::render_board(&loaded.board, opts)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    crate::render::export::save_png(&img, output).map_err(|e| e.to_string())?;
    writeln!(out, "wrote {} ({}×{} px)", output.display(), img.width(), img.height())
        .map_err(|e| e.to_string())
}

/// `review`: the coverage and pacing review of a board against its template's reference.
fn review(path: &std::path::Path, out: &mut dyn Write) -> Result<(), String> {
    let loaded = format::load(path).map_err(|e| e.to_string())?;
    let rec = crate::practice::review::review_of(&loaded.board)
        .ok_or_else(|| format!("{}: the board has no template reference to compare with", path.display()))?;
    write!(out, "{}", crate::practice::review::report(&loaded.board, &rec)).map_err(|e| e.to_string())
}
