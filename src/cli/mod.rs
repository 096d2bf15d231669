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
    /// Export a board: a PNG that reopens as the board, an SVG drawing, a PDF session report, an
    /// Excalidraw scene or a Mermaid flowchart, by OUT's extension or --format.
    Export {
        /// The board file (.ron, or a PNG exported by mlsd-board).
        board: PathBuf,
        /// The file to write: OUT.png, OUT.svg, OUT.pdf, OUT.excalidraw or OUT.mmd.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
        /// Replace OUT even if it is not a file of the format written (never the board itself,
        /// nor anything but a regular file).
        #[arg(long)]
        force: bool,
        /// The format, when OUT's extension does not say it.
        #[arg(long, value_parser = format_parser())]
        format: Option<crate::render::formats::Format>,
        /// Pixels per board unit: 1, 2 or 3 (PNG; an SVG's nominal size). Text is rendered at that
        /// scale, never upscaled.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
        scale: Option<u8>,
        /// The colour theme (PNG, SVG, the PDF's board page; the theme an Excalidraw scene opens in).
        #[arg(long, value_parser = theme_parser())]
        theme: Option<crate::render::theme::ThemeKind>,
        /// Leave the background transparent (PNG, SVG, the PDF's board page).
        #[arg(long)]
        transparent: bool,
        /// Draw a band above the board with the title, the problem and the time and checklist
        /// of every step (PNG, SVG).
        #[arg(long)]
        summary: bool,
        /// The paper of a PDF report.
        #[arg(long, value_parser = paper_parser())]
        paper: Option<crate::render::export::Paper>,
    },
    /// Read an Excalidraw scene as a new board: rectangles with text become boxes, arrows bound
    /// to two of them become edges; what else is in the scene is skipped and listed.
    Import {
        /// The .excalidraw file.
        file: PathBuf,
        /// The board file to write.
        #[arg(short = 'o', long = "output", value_name = "BOARD.ron")]
        output: PathBuf,
        /// Overwrite BOARD.ron if it exists.
        #[arg(long)]
        force: bool,
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
    /// Print the session report of a board: coverage of its case's reference (crux first, per
    /// step, extras), pacing, the rubric with its evidence, the interviewer's questions and what
    /// to practise next; exit 1 if the board has no template reference.
    Review {
        /// The board file.
        board: PathBuf,
        /// Print the report as one JSON object instead (coverage, per-step coverage, crux
        /// missing, extras, rubric, pacing, follow-ups).
        #[arg(long)]
        json: bool,
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

/// Parses an export format name, listing them all in `--help` and in errors.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = crate::render::formats::Format> {
    use crate::render::formats::Format;
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["png", "svg", "pdf", "excalidraw", "mmd"])
        .map(|s| Format::from_extension(&s).unwrap_or(Format::Png))
}

/// Parses `a4` or `letter`.
fn paper_parser() -> impl clap::builder::TypedValueParser<Value = crate::render::export::Paper> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["a4", "letter"]).map(|s| match s.as_str() {
        "letter" => crate::render::export::Paper::Letter,
        _ => crate::render::export::Paper::A4,
    })
}

/// Runs a command-line command, writing to `out` and `err`; returns the process exit code.
pub fn run(cmd: &CliCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cmd {
        CliCommand::Check { board } => check(board, out),
        CliCommand::Export { board, output, force, format, scale, theme, transparent, summary, paper } => {
            let asked = Asked {
                scale: *scale,
                theme: *theme,
                transparent: *transparent,
                summary: *summary,
                paper: *paper,
            };
            export(board, output, *format, *force, &asked, out, err)
        }
        CliCommand::Import { file, output, force } => import(file, output, *force, out),
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
        CliCommand::Review { board, json } => review(board, *json, out),
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

/// The export options given on the command line (`None`: not given).
struct Asked {
    scale: Option<u8>,
    theme: Option<crate::render::theme::ThemeKind>,
    transparent: bool,
    summary: bool,
    paper: Option<crate::render::export::Paper>,
}

/// The format `output` asks for: `--format`, else the extension; an extension naming another
/// format than `--format` is refused, so `board.png` never holds an SVG.
fn export_format(
    output: &std::path::Path,
    asked: Option<crate::render::formats::Format>,
) -> Result<crate::render::formats::Format, String> {
    use crate::render::formats::Format;
    let by_name = Format::from_path(output);
    match (asked, by_name) {
        (Some(a), Some(b)) if a != b => Err(format!(
            "{}: the name says {} but --format asks for {}; name the file .{}",
            output.display(),
            b.extension(),
            a.extension(),
            a.extension()
        )),
        (Some(a), _) => Ok(a),
        (None, Some(b)) => Ok(b),
        (None, None) => Err(format!(
            "{}: cannot tell the format from the name; use .png, .svg, .pdf, .excalidraw or .mmd, or pass --format",
            output.display()
        )),
    }
}

/// Writes an export's bytes to `output`. Every export goes through here: atomically, never over
/// the board being exported nor over anything but a regular file, and over a file of another
/// format only with `--force` ([`crate::file::output::check_export_target`]).
fn write_output(
    board: &std::path::Path,
    output: &std::path::Path,
    format: crate::render::formats::Format,
    force: bool,
    bytes: &[u8],
) -> Result<(), String> {
    crate::file::output::check_export_target(output, &[board], format.target(), force)
        .map_err(|e| e.to_string())?;
    format::write_atomic(output, bytes).map_err(|e| e.to_string())
}

/// `export`: loads the board (repairing what the app would repair, with a note), exports it in
/// the format asked for and writes it atomically. Options that do not apply to the format are
/// noted on stderr and ignored.
fn export(
    path: &std::path::Path,
    output: &std::path::Path,
    format: Option<crate::render::formats::Format>,
    force: bool,
    asked: &Asked,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), String> {
    use crate::render::export::ExportOptions;
    use crate::render::formats::{self, Format};
    // The board itself, a folder, a pipe or a device is refused whatever the format.
    crate::file::output::check_export_target(output, &[path], &crate::file::output::PNG, true)
        .map_err(|e| e.to_string())?;
    let format = export_format(output, format)?;
    let mut unused = Vec::new();
    if !format.is_drawing() {
        if asked.scale.is_some() {
            unused.push("--scale");
        }
        if asked.transparent {
            unused.push("--transparent");
        }
        if asked.summary {
            unused.push("--summary");
        }
        if format == Format::Mermaid && asked.theme.is_some() {
            unused.push("--theme");
        }
    }
    if format == Format::Pdf && asked.summary {
        unused.push("--summary (the report has the session in full)");
    }
    if format != Format::Pdf && asked.paper.is_some() {
        unused.push("--paper");
    }
    if !unused.is_empty() {
        let _ = writeln!(err, "note: {} does not apply to {}; ignored", unused.join(", "), format.name());
    }
    let loaded = format::load(path).map_err(|e| e.to_string())?;
    if !loaded.repairs.is_empty() {
        let _ =
            writeln!(err, "note: {}: repaired while loading: {}", path.display(), loaded.repairs.join("; "));
    }
    let opts = ExportOptions {
        scale: asked.scale.unwrap_or(1),
        theme: asked.theme.unwrap_or_default(),
        transparent: asked.transparent,
        summary: asked.summary && format != Format::Pdf,
        paper: asked.paper.unwrap_or_default(),
        ..Default::default()
    };
    let made = formats::export_bytes(&loaded.board, format, &opts)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    write_output(path, output, format, force, &made.bytes)?;
    writeln!(out, "wrote {} ({}, {})", output.display(), format.name(), made.what).map_err(|e| e.to_string())
}

/// `import`: an Excalidraw scene as a new board, never overwriting a file unless told to, and
/// never the scene itself.
fn import(
    file: &std::path::Path,
    output: &std::path::Path,
    force: bool,
    out: &mut dyn Write,
) -> Result<(), String> {
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(file), std::fs::canonicalize(output))
        && a == b
    {
        return Err(format!(
            "{}: is the file being imported; choose another file to write",
            output.display()
        ));
    }
    if std::fs::symlink_metadata(output).is_ok() && !force {
        return Err(format!("{}: exists already; pass --force to overwrite it", output.display()));
    }
    let imported = crate::render::interop::import_excalidraw(file).map_err(|e| e.to_string())?;
    let b = &imported.board;
    format::save(output, b).map_err(|e| e.to_string())?;
    writeln!(
        out,
        "wrote {} from {} ({} boxes, {} arrows)",
        output.display(),
        file.display(),
        b.nodes.len(),
        b.edges.len()
    )
    .map_err(|e| e.to_string())?;
    if !imported.skipped.is_empty() {
        writeln!(out, "skipped: {}", imported.skipped.join(", ")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `review`: the session report of a board, its review computed under the current rules (a
/// review stored under older rules is recomputed, and the report says what it said).
fn review(path: &std::path::Path, json: bool, out: &mut dyn Write) -> Result<(), String> {
    let loaded = format::load(path).map_err(|e| e.to_string())?;
    let mut board = loaded.board;
    if crate::practice::review::template_of(&board).is_none() {
        return Err(format!("{}: the board has no template reference to compare with", path.display()));
    }
    // The stored review is a snapshot of Finish; the command reviews the board as it is now,
    // keeping the stored figure when it came from older rules.
    if board.session.review.as_ref().is_some_and(|r| r.rules >= crate::practice::review::RULES_VERSION) {
        board.session.review = None;
    }
    let report = crate::practice::report::build(&board);
    let text = if json { format!("{}\n", report.to_json().to_text()) } else { report.to_text() };
    write!(out, "{text}").map_err(|e| e.to_string())
}
