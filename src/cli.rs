//! The command line: `mlsd-board [BOARD]` opens the app; subcommands work without a window.

use crate::format;
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
}

/// Runs a command-line command, writing to `out` and `err`; returns the process exit code.
pub fn run(cmd: &CliCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cmd {
        CliCommand::Check { board } => check(board, out),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            1
        }
    }
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
        "ok: {}: format version {}{migrated}, {} nodes, {} edges, title {:?}",
        path.display(),
        b.version,
        b.nodes.len(),
        b.edges.len(),
        b.title
    )
    .map_err(|e| e.to_string())
}
