//! The `mlsd-board` program: the app, or a command-line command.

use clap::Parser;
use mlsd_board::cli::{self, Cli};

fn main() {
    // Usage errors exit 1 like every other error (clap's own default is 2); help and version 0.
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { 1 } else { 0 });
        }
    };
    match &args.command {
        Some(cmd) => {
            let code = cli::run(cmd, &mut std::io::stdout(), &mut std::io::stderr());
            std::process::exit(code);
        }
        None => {
            if let Err(e) = mlsd_board::ui::app::run(args.board) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
}
