//! Helpers shared by the integration tests: fixtures, the template boards, the real binary, and
//! the external tools some tests check output with.

#![allow(dead_code)]

use mlsd_board::board::Board;
use mlsd_board::file::format;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `tests/fixtures/…`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(rel)
}

/// Loads a fixture board, as the app opens it.
pub fn load(rel: &str) -> Board {
    match format::load(&fixture(rel)) {
        Ok(l) => l.board,
        Err(e) => panic!("{e}"),
    }
}

/// Every built-in template's starting board and reference board, named.
pub fn template_boards() -> Vec<(String, Board)> {
    let mut out = Vec::new();
    for t in mlsd_board::content::templates::builtin() {
        out.push((format!("{} (start)", t.id), mlsd_board::content::templates::new_board(t)));
        let mut reference = mlsd_board::content::templates::reference_board(t);
        reference.template = Some(t.id.clone());
        reference.session.problem = t.statement.clone();
        out.push((format!("{} (reference)", t.id), reference));
    }
    assert!(out.len() >= 4, "the built-in templates are missing");
    out
}

/// The built-in template board with the most boxes (its reference solution).
pub fn largest_template() -> Board {
    template_boards().into_iter().map(|(_, b)| b).max_by_key(|b| b.nodes.len()).expect("templates")
}

/// Runs the real `mlsd-board` binary with `args`.
pub fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run mlsd-board")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Checks that `tool` can be run, failing (not skipping) the test when it cannot: CI installs
/// it (`.ci/run`), and a check that silently does not run proves nothing.
pub fn require_tool(tool: &str, package: &str) {
    let ok = Command::new(tool).arg("-v").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    assert!(
        ok,
        "`{tool}` is needed by this test: install the Debian package `{package}` (CI does, in .ci/run)"
    );
}

/// Runs an external tool, failing the test with its stderr when it fails.
pub fn tool(program: &str, args: &[&std::ffi::OsStr]) -> Output {
    let out = match Command::new(program).args(args).stdin(Stdio::null()).output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run {program}: {e}"),
    };
    assert!(out.status.success(), "{program} {args:?} failed: {}", text(&out.stderr));
    out
}
