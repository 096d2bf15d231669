//! Helpers shared by the integration tests: built-in cases and their references, fixtures,
//! special files (FIFOs), and running the real binary with a time limit (so a hang fails the
//! test instead of stalling the suite), the template boards, and the external tools some tests
//! check output with.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // each test crate uses some of these

pub mod app;

use mlsd_board::board::Board;
use mlsd_board::content::schema::Template;
use mlsd_board::content::templates;
use mlsd_board::file::format;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The built-in template `id`; the failure lists the ids that are built in.
pub fn builtin(id: &str) -> &'static Template {
    templates::find(id).unwrap_or_else(|| {
        let ids: Vec<&str> = templates::builtin().iter().map(|t| t.id.as_str()).collect();
        panic!("template {id} is not built in; have {ids:?}")
    })
}

/// The component kinds drawn in a template's reference solution.
pub fn reference_kinds(t: &Template) -> HashSet<&str> {
    t.reference.components().map(|(_, k)| k).collect()
}

/// A fixture file: `tests/fixtures/vVERSION/NAME`.
pub fn fixture(version: u32, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("v{version}")).join(name)
}

/// Makes a named pipe (FIFO) at `path`, with the system's `mkfifo`.
pub fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {} failed", path.display());
}

/// Until `deadline`, keeps trying to open the FIFO at `path` for writing without blocking; when
/// a reader is waiting on it (the bug this guards against), writes a few bytes and closes it so
/// the reader returns. So a reader that wrongly blocks on a FIFO is released after a while and
/// its test fails on time instead of hanging. Returns at once; the work is on a thread.
#[cfg(unix)]
pub fn release_fifo_readers(path: &Path, after: Duration) {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let path = path.to_owned();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        std::thread::sleep(after);
        while Instant::now() < deadline {
            // Without a reader, a non-blocking open for writing fails (ENXIO) at once.
            if let Ok(mut w) =
                std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(&path)
            {
                let _ = w.write_all(b"not a board");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
}

/// The real binary.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
}

/// Runs `cmd` with no input, and kills it if it takes longer than `limit` (failing the test).
pub fn run_limited(mut cmd: Command, limit: Duration) -> Output {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("wait");
                panic!(
                    "{what} did not finish within {limit:?} (it hangs); stderr: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("{what}: {e}"),
        }
    }
    child.wait_with_output().expect("collect the output")
}

/// The binary with `args`, under a virtual-memory limit of `mib` MiB (`ulimit -v`), so a
/// command that reads without end fails instead of exhausting the machine's memory.
pub fn bin_with_memory_limit(mib: u64, args: &[&std::ffi::OsStr]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_mlsd-board"))
        .args(args);
    cmd
}

/// Text of an output stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `tests/fixtures/…`.
pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(rel)
}

/// Loads a fixture board, as the app opens it.
pub fn load(rel: &str) -> Board {
    match format::load(&fixture_path(rel)) {
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

/// Runs the real binary with `args` and no input, with its data folders under `home`
/// (`MLSD_BOARD_HOME`), so the test never touches the user's own.
pub fn run_in_home(args: &[&str], home: &Path) -> Output {
    bin().args(args).env("MLSD_BOARD_HOME", home).stdin(Stdio::null()).output().expect("the binary runs")
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
