//! Integration tests of the command line, running the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use mlsd_board::file::format;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn v1_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("v1").join("small-board.ron")
}

fn v1_text() -> String {
    std::fs::read_to_string(v1_fixture()).expect("read the v1 fixture")
}

fn v1_with(from: &str, to: &str) -> String {
    let text = v1_text();
    assert!(text.contains(from), "the fixture no longer contains {from:?}; update the test");
    text.replacen(from, to, 1)
}

fn run_check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
        .arg("check")
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("run mlsd-board")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `check` on `path` and checks it fails the way a bad file must.
fn assert_check_fails(what: &str, path: &Path) -> String {
    let out = run_check(path);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: exit status {:?}, stderr {stderr:?}", out.status);
    assert!(stderr.starts_with("error: "), "{what}: stderr {stderr:?}");
    assert!(stderr.contains(&path.display().to_string()), "{what}: stderr {stderr:?} does not name the file");
    assert!(!stderr.contains("panicked"), "{what}: {stderr:?}");
    assert!(out.stdout.is_empty(), "{what}: stdout {:?}", text(&out.stdout));
    stderr
}

#[test]
fn check_accepts_the_v1_fixture_and_prints_a_summary() {
    let path = v1_fixture();
    let loaded = format::load(&path).expect("the fixture loads");
    let b = &loaded.board;

    let out = run_check(&path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr: {}", text(&out.stderr));
    assert_eq!(stdout.lines().count(), 1, "one line expected, got {stdout:?}");
    assert!(stdout.ends_with('\n'));
    let line = stdout.trim_end();
    assert!(line.contains(&path.display().to_string()), "{line:?}");
    assert!(line.contains(&format!("format version {}", b.version)), "{line:?}");
    assert!(line.contains(&format!("{} nodes", b.nodes.len())), "{line:?}");
    assert!(line.contains(&format!("{} edges", b.edges.len())), "{line:?}");
    assert!(line.contains(&b.title), "{line:?}");
}

#[test]
fn check_counts_follow_the_file() {
    // A different board from the fixture: the summary must follow the content, not a constant.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smaller.ron");
    let mut board = format::load(&v1_fixture()).unwrap().board;
    board.title = "Another title".into();
    board.nodes.truncate(3);
    board.edges.retain(|e| e.from.0 <= 3 && e.to.0 <= 3);
    board.reindex();
    format::save(&path, &board).unwrap();

    let out = run_check(&path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(stdout.contains(&format!("{} nodes", board.nodes.len())), "{stdout:?}");
    assert!(stdout.contains(&format!("{} edges", board.edges.len())), "{stdout:?}");
    assert!(stdout.contains("Another title"), "{stdout:?}");
}

#[test]
fn check_rejects_bad_files_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };

    let full = v1_text();
    let newer_version = mlsd_board::board::FORMAT_VERSION + 5;
    let truncated = write("truncated.ron", &full.as_bytes()[..full.len() / 2]);
    let newer = write("newer.ron", v1_with("version: 1,", &format!("version: {newer_version},")).as_bytes());
    let mut binary = full.clone().into_bytes();
    binary.insert(40, 0xff);
    let non_utf8 = write("binary.ron", &binary);
    let dangling = write("dangling.ron", v1_with("from: 7, to: 4,", "from: 7, to: 40,").as_bytes());
    let empty = write("empty.ron", b"");
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let missing = dir.path().join("missing.ron");

    let cases: [(&str, &Path); 7] = [
        ("truncated", &truncated),
        ("newer version", &newer),
        ("non-UTF-8", &non_utf8),
        ("dangling edge", &dangling),
        ("empty", &empty),
        ("folder", &folder),
        ("missing file", &missing),
    ];
    for (what, path) in cases {
        let before = std::fs::read(path).ok();
        let stderr = assert_check_fails(what, path);
        assert_eq!(std::fs::read(path).ok(), before, "{what}: check changed the file");
        if what == "newer version" {
            assert!(stderr.contains(&newer_version.to_string()), "{stderr:?}");
        }
        if what == "dangling edge" {
            assert!(stderr.contains("12"), "the dropped edge should be named: {stderr:?}");
        }
    }
    assert!(!missing.exists(), "check must not create a missing file");
}

#[test]
fn check_without_a_file_is_a_usage_error_not_a_crash() {
    let out = Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
        .arg("check")
        .stdin(Stdio::null())
        .output()
        .expect("run mlsd-board");
    let code = out.status.code();
    assert!(code.is_some() && code != Some(0) && code != Some(101), "exit {:?}", out.status);
    assert!(!text(&out.stderr).contains("panicked"));
}

#[test]
fn check_summary_is_one_line_even_for_a_multi_line_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("title.ron");
    let mut board = format::load(&v1_fixture()).unwrap().board;
    board.title = "First line\nsecond line".into();
    format::save(&path, &board).unwrap();
    assert_eq!(format::load(&path).unwrap().board.title, board.title, "the title round-trips");

    let out = run_check(&path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(stdout.lines().count(), 1, "one line expected, got {stdout:?}");
}

/// The README's shortcuts table is `mlsd-board shortcuts`, generated from the action table; run
/// `mlsd-board shortcuts` and paste it between the markers when a shortcut changes.
#[test]
fn the_readme_lists_the_shortcuts_of_the_action_table() {
    let mut out = Vec::new();
    let code = mlsd_board::cli::run(&mlsd_board::cli::CliCommand::Shortcuts, &mut out, &mut Vec::new());
    assert_eq!(code, 0);
    let table = String::from_utf8(out).expect("UTF-8");
    assert_eq!(table, mlsd_board::ui::actions::shortcuts_markdown());
    assert!(table.contains("| Edit | Find | Ctrl+F |"), "{table}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let start =
        readme.find("<!-- shortcuts:start -->\n").expect("start marker") + "<!-- shortcuts:start -->\n".len();
    let end = readme.find("<!-- shortcuts:end -->").expect("end marker");
    assert_eq!(&readme[start..end], table, "the README's shortcuts table is out of date");
}
