//! The `mlsd-board` program: the app, or a command-line command.

use clap::Parser;
use mlsd_board::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    match &args.command {
        Some(cmd) => {
            let code = cli::run(cmd, &mut std::io::stdout(), &mut std::io::stderr());
            std::process::exit(code);
        }
        None => {
            if let Err(e) = mlsd_board::app::run(args.board) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
}
