//! Never losing a board: saves interrupted half-way, the `.bak` kept by a save, noticing a file
//! changed on disk, recovery copies (written, listed, loaded, removed, damaged), when they are
//! due, and a writer process killed while it writes them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use mlsd_board::board::{Board, Command, Document, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::templates;
use mlsd_board::file::autosave::Keeper;
use mlsd_board::file::disk::{DiskChange, DiskStamp};
use mlsd_board::file::format;
use mlsd_board::file::paths::Paths;
use mlsd_board::file::recovery::{
    self, AutosavePolicy, Autosaver, BrokenEntry, OriginalState, RecoveryEntry, RecoveryMeta, RecoveryStore,
};
use std::io::{BufRead as _, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixture(version: u32, name: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("v{version}")).join(name);
    std::fs::read_to_string(path).expect("read a fixture")
}

/// Files in the folder, sorted by name.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A template's board with `extra` notes of `label_len` characters each.
fn board(template: usize, title: &str, extra: usize, label_len: usize) -> Board {
    let all = templates::builtin();
    let mut b = templates::new_board(&all[template % all.len()]);
    b.title = title.to_owned();
    for i in 0..extra {
        let id = b.fresh_id();
        let label: String = format!("{title} note {i} ").chars().cycle().take(label_len).collect();
        b.nodes.push(Node {
            id: NodeId(id),
            kind: NodeKind::Note,
            label,
            pos: Point::new(i as f32 * 30.0, -500.0),
            size: Size::new(200.0, 100.0),
            color: None,
        });
    }
    b.reindex();
    b
}

fn meta(title: &str, original: Option<&Path>) -> RecoveryMeta {
    RecoveryMeta {
        title: title.to_owned(),
        original_path: original.map(Path::to_owned),
        original_stamp: None,
    }
}

fn text(b: &Board) -> String {
    format::to_string(b).expect("serialize")
}

fn ok_entries(store: &RecoveryStore) -> Vec<RecoveryEntry> {
    store.list().into_iter().map(|r| r.unwrap_or_else(|e| panic!("a broken entry: {e}"))).collect()
}

/// Writes through the file, failing once `left` bytes are written.
struct FailAfter<'a> {
    file: &'a mut std::fs::File,
    left: usize,
}

impl Write for FailAfter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("simulated failure: the disk went away"));
        }
        let n = self.file.write(&buf[..buf.len().min(self.left)])?;
        self.left -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

// ---------------------------------------------------------------------------------------------
// Interrupted saves and backups
// ---------------------------------------------------------------------------------------------

#[test]
fn a_save_interrupted_half_way_leaves_the_file_and_its_backup_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let bak = format::backup_path(&path);
    let original = fixture(2, "session-board.ron");
    let older = fixture(1, "small-board.ron");
    std::fs::write(&path, &original).unwrap();
    std::fs::write(&bak, &older).unwrap();
    let new_text = text(&board(3, "The new version", 2, 50));
    let n = new_text.len();

    for cut in [0, 1, 17, n / 2, n - 1] {
        let fail = |file: &mut std::fs::File, bytes: &[u8]| FailAfter { file, left: cut }.write_all(bytes);
        // The plain atomic write, and the one a save uses, which also keeps the backup.
        let e = format::write_atomic_with(&path, new_text.as_bytes(), fail).expect_err("interrupted");
        assert_eq!(e.path, path);
        assert!(e.problem.contains("disk went away"), "{e}");
        let e = format::write_atomic_with_backup(&path, new_text.as_bytes(), fail).expect_err("interrupted");
        assert!(e.to_string().contains(&path.display().to_string()), "{e}");

        assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "cut at {cut}: the file changed");
        assert_eq!(std::fs::read_to_string(&bak).unwrap(), older, "cut at {cut}: the backup was clobbered");
        assert_eq!(entries(dir.path()), ["board.ron", "board.ron.bak"], "cut at {cut}: files left behind");
        let loaded = format::load(&path).expect("the original still loads");
        assert_eq!(loaded.board.title, "Visual search, mid-session");
    }

    // The same save, not interrupted: the new version in place, the previous one as the backup.
    format::write_atomic_with_backup(&path, new_text.as_bytes(), |f, b| f.write_all(b)).expect("save");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), new_text);
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), original);
    assert_eq!(entries(dir.path()), ["board.ron", "board.ron.bak"]);
}

#[test]
fn saving_over_a_file_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my board.ron");
    let bak = dir.path().join("my board.ron.bak");
    assert_eq!(format::backup_path(&path), bak);

    // A first save has nothing to keep.
    let first = board(0, "first", 0, 0);
    format::save(&path, &first).unwrap();
    assert_eq!(entries(dir.path()), ["my board.ron"]);

    let mut previous = std::fs::read(&path).unwrap();
    for (i, title) in ["second", "third", "third"].iter().enumerate() {
        format::save(&path, &board(i, title, 1, 10)).unwrap();
        assert_eq!(
            std::fs::read(&bak).unwrap(),
            previous,
            "after saving {title}: the backup is the previous file"
        );
        assert_eq!(format::load(&path).unwrap().board.title, *title);
        assert_eq!(entries(dir.path()), ["my board.ron", "my board.ron.bak"]);
        previous = std::fs::read(&path).unwrap();
    }

    // Whatever was there is kept byte for byte, even if it is not a board (or not UTF-8).
    let foreign = b"\xffnot a board\r\n\0 at all".to_vec();
    std::fs::write(&path, &foreign).unwrap();
    format::save(&path, &first).unwrap();
    assert_eq!(std::fs::read(&bak).unwrap(), foreign);
    assert_eq!(format::load(&path).unwrap().board, first);
}

#[test]
fn a_backup_that_cannot_be_written_fails_the_save_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let original = fixture(1, "small-board.ron");
    std::fs::write(&path, &original).unwrap();
    // A folder in the backup's place, with something in it: nothing can be renamed over it.
    let bak = format::backup_path(&path);
    std::fs::create_dir(&bak).unwrap();
    std::fs::write(bak.join("keep.txt"), "mine").unwrap();

    let new = board(1, "new", 0, 0);
    let e = format::save(&path, &new).expect_err("the backup cannot be written");
    assert_eq!(e.path, path);
    assert!(e.problem.contains("backup") && e.problem.contains("not changed"), "{e}");
    assert!(e.problem.contains(&bak.display().to_string()), "{e} should name the backup");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert_eq!(std::fs::read_to_string(bak.join("keep.txt")).unwrap(), "mine");
    assert_eq!(entries(dir.path()), ["board.ron", "board.ron.bak"], "no temporary file is left");

    // Saving without a backup stays possible (the app can offer it).
    format::write_atomic(&path, text(&new).as_bytes()).expect("a save without backup");
    assert_eq!(format::load(&path).unwrap().board, new);
}

#[cfg(unix)]
#[test]
fn a_file_with_other_hard_links_is_backed_up_by_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let other = dir.path().join("other-name.ron");
    let original = fixture(1, "small-board.ron");
    std::fs::write(&path, &original).unwrap();
    std::fs::hard_link(&path, &other).unwrap();
    format::save(&path, &board(2, "new", 0, 0)).unwrap();
    // Editing the other link in place must not change the backup.
    std::fs::OpenOptions::new().write(true).open(&other).unwrap().write_all(b"// edited\n").unwrap();
    assert_eq!(std::fs::read_to_string(format::backup_path(&path)).unwrap(), original);
}

// ---------------------------------------------------------------------------------------------
// Changes on disk
// ---------------------------------------------------------------------------------------------

/// Decided: a change is a change of content. Another program writing different bytes (even of
/// the same length, even putting the old modification time back) is noticed; a re-save of
/// identical bytes (ours or anyone's), or a new modification time alone, is not: overwriting
/// such a file loses nothing.
#[test]
fn disk_stamp_notices_other_writers_but_not_identical_resaves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let b = board(0, "stamped", 0, 0);
    format::save(&path, &b).unwrap();
    let stamp = DiskStamp::of(&path).expect("a stamp");
    assert_eq!(stamp, DiskStamp { modified: stamp.modified, ..DiskStamp::of_bytes(text(&b).as_bytes()) });
    assert!(stamp.modified.is_some());
    assert!(!stamp.changed_since(&path));

    // We save the same board again: new file, new time, same bytes.
    std::thread::sleep(Duration::from_millis(20));
    format::save(&path, &b).unwrap();
    assert_eq!(stamp.compare(&path), DiskChange::Same);

    // Another program changes one character, keeping the length and the old time.
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.iter().position(|&c| c == b's').unwrap();
    bytes[at] = b'S';
    std::fs::write(&path, &bytes).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(stamp.modified.unwrap()).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), stamp.len);
    assert_eq!(stamp.compare(&path), DiskChange::Modified);
    assert!(stamp.changed_since(&path));

    // A new stamp after our own save of the changed file: unchanged again.
    let stamp = DiskStamp::of_bytes(&bytes);
    assert!(!stamp.changed_since(&path));
    // Another window appends to it.
    std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"\n").unwrap();
    assert!(stamp.changed_since(&path));
    // Deleted or moved away.
    std::fs::rename(&path, dir.path().join("moved.ron")).unwrap();
    assert_eq!(stamp.compare(&path), DiskChange::Missing);
    assert!(stamp.changed_since(&path));
    assert_eq!(DiskStamp::of(&path), None);
}

// ---------------------------------------------------------------------------------------------
// Recovery copies
// ---------------------------------------------------------------------------------------------

#[test]
fn the_recovery_folder_is_in_the_data_folder() {
    let paths = Paths::under(PathBuf::from("/home/me/mlsd"));
    assert_eq!(recovery::recovery_dir(&paths), PathBuf::from("/home/me/mlsd/data/recovery"));
    assert_eq!(RecoveryStore::in_data_dir(&paths).dir(), Path::new("/home/me/mlsd/data/recovery"));
}

#[test]
fn a_recovery_copy_round_trips() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path().join("recovery"));
    assert!(store.list().is_empty(), "a missing folder lists nothing");
    let saver = Autosaver::new(store.clone());
    let untitled = recovery::new_id();
    let titled = recovery::new_id();
    let original = root.path().join("boards/interview.ron");
    let b1 = board(4, "Untitled board", 3, 40);
    let b2 = board(5, "Interview — ünïcødé \"quoted\"", 0, 0);
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let started = Instant::now();
    saver.submit(&untitled, meta("Untitled", None), text(&b1));
    saver.submit(&titled, meta(&b2.title, Some(&original)), text(&b2));
    assert!(started.elapsed() < Duration::from_millis(100), "submit must not wait for the disk");
    saver.flush();
    assert_eq!(saver.last_error(), None);
    assert!(saver.take_errors().is_empty());

    let list = ok_entries(&store);
    assert_eq!(list.len(), 2, "{list:?}");
    for entry in &list {
        assert!(entry.in_use, "this instance still runs: {entry:?}");
        assert!(entry.saved_at >= before);
        let loaded = store.load(entry).expect("a recovery copy loads");
        if entry.id == untitled {
            assert_eq!(entry.title, "Untitled");
            assert_eq!(entry.original_path, None);
            assert_eq!(loaded, b1);
        } else {
            assert_eq!(entry.id, titled);
            assert_eq!(entry.title, b2.title);
            assert_eq!(entry.original_path.as_deref(), Some(original.as_path()));
            assert_eq!(loaded, b2);
        }
    }
    drop(saver);
    // The instance is gone (as after a crash): the copies are now leftovers to offer.
    let list = ok_entries(&store);
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|e| !e.in_use), "{list:?}");
}

#[test]
fn newer_submissions_replace_older_ones() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path());
    let saver = Autosaver::new(store.clone());
    let id = recovery::new_id();
    for i in 0..50 {
        saver.submit(&id, meta(&format!("v{i}"), None), text(&board(i, &format!("v{i}"), 1, 1000)));
    }
    saver.flush();
    let list = ok_entries(&store);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "v49");
    assert_eq!(store.load(&list[0]).unwrap().title, "v49");
}

#[test]
fn remove_and_discard_delete_both_files() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path());
    let saver = Autosaver::new(store.clone());
    let (a, b) = (recovery::new_id(), recovery::new_id());
    saver.submit(&a, meta("a", None), text(&board(0, "a", 0, 0)));
    saver.submit(&b, meta("b", None), text(&board(1, "b", 0, 0)));
    saver.flush();
    assert!(store.board_file(&a).is_file() && store.sidecar_file(&a).is_file());

    store.remove(&a).expect("remove");
    assert!(!store.board_file(&a).exists() && !store.sidecar_file(&a).exists());
    store.remove(&a).expect("removing again is fine");
    assert!(store.remove("../../etc/passwd").is_err(), "ids are checked");

    // Through the autosaver, a discard after a submit wins, whatever the writer is doing.
    saver.submit(&b, meta("b2", None), text(&board(1, "b2", 0, 0)));
    saver.discard(&b);
    saver.flush();
    assert!(store.list().is_empty(), "{:?}", store.list());
    drop(saver);
    assert!(entries(root.path()).is_empty(), "left: {:?}", entries(root.path()));
}

#[test]
fn damaged_copies_are_listed_as_errors_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path());
    let saver = Autosaver::new(store.clone());
    let ids: Vec<String> = (0..4).map(|_| recovery::new_id()).collect();
    for (i, id) in ids.iter().enumerate() {
        saver.submit(id, meta(&format!("board {i}"), None), text(&board(i, &format!("board {i}"), 0, 0)));
    }
    saver.flush();
    drop(saver);

    // 0: a damaged sidecar. 1: a sidecar from a newer build. 2: no board file. 3: a damaged board.
    std::fs::write(store.sidecar_file(&ids[0]), "Recovery(version: 1, title: ").unwrap();
    std::fs::write(
        store.sidecar_file(&ids[1]),
        "Recovery(version: 7, owner: \"x\", title: \"\", original_path: None, saved_at: 0)",
    )
    .unwrap();
    std::fs::remove_file(store.board_file(&ids[2])).unwrap();
    std::fs::write(store.board_file(&ids[3]), "Board(version: 2, nodes: [Node(id: 1,").unwrap();
    // Not recovery copies: ignored.
    std::fs::write(root.path().join("notes.txt"), "hello").unwrap();
    std::fs::write(root.path().join("bad name!.ron"), "x").unwrap();
    std::fs::write(root.path().join(".x.ron.123.tmp"), "half a bo").unwrap();

    let list = store.list();
    assert_eq!(list.len(), 4, "{list:?}");
    let broken: Vec<&BrokenEntry> = list.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(broken.len(), 3, "{list:?}");
    let find = |id: &str| broken.iter().find(|b| b.id == id).unwrap_or_else(|| panic!("{id} not broken"));
    assert_eq!(find(&ids[0]).file, store.sidecar_file(&ids[0]));
    assert!(find(&ids[1]).problem.contains("newer"), "{}", find(&ids[1]));
    assert_eq!(find(&ids[2]).file, store.board_file(&ids[2]));
    for b in &broken {
        assert!(b.to_string().contains(&b.file.display().to_string()), "{b}");
    }
    // The damaged board is listed (its sidecar is fine) and refused when loaded, naming the file.
    let entry = list.iter().find_map(|r| r.as_ref().ok()).expect("one usable entry");
    assert_eq!(entry.id, ids[3]);
    let e = store.load(entry).expect_err("a damaged board");
    assert_eq!(e.path, store.board_file(&ids[3]));

    // Every one of them can be discarded.
    for id in &ids {
        store.remove(id).unwrap();
    }
    assert!(store.list().is_empty());
    assert_eq!(store.tidy(Duration::ZERO), 1, "the stale temporary file");
    assert_eq!(entries(root.path()), ["bad name!.ron", "notes.txt"]);
}

#[test]
fn a_board_file_without_its_sidecar_is_still_offered() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path());
    let b = board(2, "orphan", 0, 0);
    std::fs::write(store.board_file("abc-1"), text(&b)).unwrap();
    let list = ok_entries(&store);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, "abc-1");
    assert_eq!(store.load(&list[0]).unwrap(), b);
}

#[test]
fn write_errors_are_reported_not_lost() {
    let root = tempfile::tempdir().unwrap();
    // A file where the recovery folder should be: nothing can be written.
    let blocked = root.path().join("recovery");
    std::fs::write(&blocked, "not a folder").unwrap();
    let saver = Autosaver::new(RecoveryStore::new(&blocked));
    saver.submit(&recovery::new_id(), meta("doomed", None), text(&board(0, "doomed", 0, 0)));
    saver.flush();
    let error = saver.last_error().expect("an error");
    assert!(error.contains("doomed") && error.contains(&blocked.display().to_string()), "{error}");
    assert_eq!(saver.take_errors(), vec![error.clone()]);
    assert!(saver.take_errors().is_empty(), "taken once");
    assert_eq!(saver.last_error(), Some(error));
}

// ---------------------------------------------------------------------------------------------
// When copies are due
// ---------------------------------------------------------------------------------------------

#[test]
fn the_policy_writes_one_second_after_the_last_edit() {
    let p = AutosavePolicy::default();
    assert_eq!(p, AutosavePolicy { debounce: Duration::from_secs(1), max_interval: Duration::from_secs(2) });
    let ms = Duration::from_millis;
    // One edit at 10 s on a clean board.
    assert!(!p.due(ms(10_000), Some(ms(10_000)), None, ms(10_000)));
    assert!(!p.due(ms(10_000), Some(ms(10_000)), None, ms(10_999)));
    assert!(p.due(ms(10_000), Some(ms(10_000)), None, ms(11_000)));
    assert_eq!(p.due_at(ms(10_000), Some(ms(10_000)), None), Some(ms(11_000)));
    // Written at 11 s: nothing more is due, however long we wait.
    assert!(!p.due(ms(10_000), Some(ms(10_000)), Some(ms(11_000)), ms(100_000)));
    assert_eq!(p.due_at(ms(10_000), Some(ms(10_000)), Some(ms(11_000))), None);
    // Another edit at 50 s, long after that copy: more than 2 s since the copy, so a copy is due
    // at once (the board has been unsaved since 10 s).
    assert!(p.due(ms(50_000), Some(ms(10_000)), Some(ms(11_000)), ms(50_000)));
    // Edited at 50 s with its last copy at 49.5 s: due 1 s after the edit.
    assert_eq!(p.due_at(ms(50_000), Some(ms(10_000)), Some(ms(49_500))), Some(ms(51_000)));
    // Saved to its file: clean, never due.
    assert!(!p.due(ms(50_000), None, Some(ms(11_000)), ms(100_000)));
}

#[test]
fn the_policy_writes_every_two_seconds_while_edits_continue() {
    let p = AutosavePolicy::default();
    // Whatever the rhythm, an edit is in a copy taken at most 2 s after it: edits every 100 ms,
    // 500 ms, 900 ms, 1.5 s, 2.5 s and 7 s, frames every 50 ms, for a minute each.
    for every in [100u64, 500, 900, 1_500, 2_500, 7_000] {
        let (mut first, mut last_write, mut last_edit) = (None, None, Duration::ZERO);
        let mut uncopied: Option<u64> = None; // the oldest edit not in a copy yet
        let mut worst = 0;
        for t in (0..60_000u64).step_by(50) {
            let now = Duration::from_millis(t);
            if t % every == 0 {
                last_edit = now;
                first.get_or_insert(now);
                uncopied.get_or_insert(t);
            }
            if p.due(last_edit, first, last_write, now) {
                last_write = Some(now);
                if let Some(e) = uncopied.take() {
                    worst = worst.max(t - e);
                }
            }
        }
        assert!(worst <= 2_000, "edits every {every} ms: an edit waited {worst} ms for its copy");
        assert!(worst >= 1_000, "edits every {every} ms: the quiet time is kept ({worst} ms)");
    }
    // Edits every 500 ms: a copy every 2 s.
    let (mut first, mut last_write) = (None, None);
    let mut writes = Vec::new();
    for t in (0..10_000u64).step_by(100) {
        let now = Duration::from_millis(t);
        let last_edit = Duration::from_millis(t / 500 * 500);
        first.get_or_insert(Duration::ZERO);
        if p.due(last_edit, first, last_write, now) {
            writes.push(t);
            last_write = Some(now);
        }
    }
    assert_eq!(writes, [2_000, 4_000, 6_000, 8_000]);
}

// ---------------------------------------------------------------------------------------------
// A writer killed while it writes
// ---------------------------------------------------------------------------------------------

/// Boards the child writes, in turn.
const CRASH_BOARDS: usize = 6;

/// The child's board `i`: its title says `i`, so a loaded copy can be compared with what was
/// meant. Large (about 0.5 to 1 MB), so that writing takes a while.
fn crash_board(i: usize) -> Board {
    board(i, &format!("crash board {i}"), 5 + i % 6, 90_000)
}

/// Not a test of its own: the child process of `a_killed_writer_leaves_only_complete_copies`
/// (run with `MLSD_CHILD=1`). Writes recovery copies of three boards, one after the other with
/// no pause, so that a kill most likely lands in the middle of a write.
#[test]
fn child_writer() {
    if std::env::var_os("MLSD_CHILD").is_none_or(|v| v != "1") {
        return;
    }
    let dir = std::env::var_os("MLSD_CHILD_DIR").expect("MLSD_CHILD_DIR");
    let saver = Autosaver::new(RecoveryStore::new(PathBuf::from(dir)));
    let ids: Vec<String> = (0..3).map(|_| recovery::new_id()).collect();
    let texts: Vec<(String, String)> = (0..CRASH_BOARDS)
        .map(|i| {
            let b = crash_board(i);
            (b.title.clone(), text(&b))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut i = 0;
    while Instant::now() < deadline {
        let (title, text) = &texts[i % CRASH_BOARDS];
        saver.submit(&ids[i % 3], meta(title, None), text.clone());
        saver.flush();
        if i == 2 {
            assert_eq!(saver.last_error(), None);
            println!("CHILD-READY");
            std::io::stdout().flush().unwrap();
        }
        i += 1;
    }
    panic!("the child was not killed within a minute");
}

#[test]
fn a_killed_writer_leaves_only_complete_copies() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path().join("recovery"));
    let delays = [0, 3, 10, 25, 60, 150];
    for (round, delay) in delays.iter().enumerate() {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
            .env("MLSD_CHILD", "1")
            .env("MLSD_CHILD_DIR", store.dir())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start the child");
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let ready = stdout.lines().map_while(Result::ok).any(|l| l.contains("CHILD-READY"));
        if !ready {
            let out = child.wait_with_output().unwrap();
            panic!("the child stopped before writing: {}", String::from_utf8_lossy(&out.stderr));
        }
        // While it runs, its copies are in use by a live instance.
        let live: Vec<RecoveryEntry> =
            store.list().into_iter().filter_map(Result::ok).filter(|e| e.in_use).collect();
        assert_eq!(live.len(), 3, "round {round}: {:?}", store.list());
        std::thread::sleep(Duration::from_millis(*delay));
        child.kill().expect("kill the child"); // SIGKILL on Unix: no clean-up runs.
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: the child finished by itself");
    }

    // What is left: complete copies (each exactly the board its title names), or clean errors.
    let list = store.list();
    let mut restored = 0;
    for item in &list {
        match item {
            Ok(entry) => {
                assert!(!entry.in_use, "the killed children hold no lock: {entry:?}");
                let loaded =
                    store.load(entry).unwrap_or_else(|e| panic!("a recovery copy does not load: {e}"));
                let i: usize =
                    loaded.title.strip_prefix("crash board ").and_then(|n| n.parse().ok()).expect("title");
                assert_eq!(loaded, crash_board(i), "the copy of round {i} loads different");
                restored += 1;
            }
            Err(broken) => eprintln!("a copy left unusable (listed, not loaded): {broken}"),
        }
    }
    // Each child wrote a first copy of its three boards before it could be killed.
    assert_eq!(restored, 3 * delays.len(), "{list:?}");

    let interrupted =
        entries(store.dir()).iter().filter(|n| n.starts_with('.') && n.ends_with(".tmp")).count();
    eprintln!("{restored} copies restored; {interrupted} writes were interrupted by the kills");

    // Tidying removes the interrupted temporary files and the dead instances' locks, and no copy.
    assert_eq!(store.tidy(Duration::ZERO), interrupted + delays.len(), "the temporary files and locks");
    let left = entries(store.dir());
    assert!(left.iter().all(|n| n.ends_with(".ron") && !n.starts_with('.')), "{left:?}");
    assert_eq!(store.list(), list);
}

// ---------------------------------------------------------------------------------------------
// An editor killed while it edits: how much is lost
// ---------------------------------------------------------------------------------------------

/// The most a kill may lose: every edit made this long before the kill is in the newest copy.
const MAX_LOSS_MS: u64 = 3_000;

fn unix_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// A small xorshift generator, seeded by the parent (printed, to reproduce a run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// The pause before the edit after edit `i`, in milliseconds, for an editing rhythm.
fn gap(rhythm: &str, i: u64, rng: &mut Rng) -> u64 {
    match rhythm {
        // Dragging a box: an edit every frame or two.
        "steady" => 30,
        // Typing a label.
        "typing" => rng.between(60, 400),
        // A burst of quick edits, then a pause of up to 2.9 s.
        "bursts" if i % 15 == 14 => rng.between(1_000, 2_900),
        "bursts" => 25,
        // Now and then.
        _ => rng.between(400, 2_900),
    }
}

/// Not a test of its own: the child process of `a_kill_loses_at_most_three_seconds_of_edits`
/// (run with `MLSD_CHILD=editor`). Edits a board continuously through the app's real
/// [`Keeper`] with the real clock, as the app's frame loop does (each frame: edit if one is due,
/// then `tick`, then sleep until the next edit or until `tick` asks to be called again). Each
/// edit sets the title to the time it was made and appends that time to a log file.
#[test]
fn child_editor() {
    if std::env::var_os("MLSD_CHILD").is_none_or(|v| v != "editor") {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name}"));
    let rhythm = var("MLSD_RHYTHM");
    let mut rng = Rng(var("MLSD_SEED").parse::<u64>().expect("seed") | 1);
    let mut log = std::fs::File::create(var("MLSD_CHILD_LOG")).expect("the edit log");
    let mut keeper = Keeper::new(Some(RecoveryStore::new(var("MLSD_CHILD_DIR"))));
    let mut doc = Document::new(board(0, "edits", 0, 0), None);
    keeper.switch_to(&doc, None, true);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(60);
    let mut next_edit = start;
    let mut i = 0;
    println!("CHILD-READY");
    std::io::stdout().flush().expect("stdout");
    while Instant::now() < deadline {
        if Instant::now() >= next_edit {
            let at = unix_ms();
            doc.apply(Command::SetTitle(format!("edit at {at}"))).expect("an edit");
            // One write of one line, unbuffered: it survives the process's kill.
            log.write_all(format!("{at}\n").as_bytes()).expect("log the edit");
            next_edit = Instant::now() + Duration::from_millis(gap(&rhythm, i, &mut rng));
            i += 1;
        }
        let again = keeper.tick(&doc, start.elapsed());
        let until_edit = next_edit.saturating_duration_since(Instant::now());
        let sleep = again.map_or(until_edit, |a| a.min(until_edit));
        std::thread::sleep(sleep.max(Duration::from_millis(1)));
        let errors = keeper.take_errors();
        assert!(errors.is_empty(), "a recovery copy failed: {errors:?}");
    }
    panic!("the child was not killed within a minute");
}

/// The goal of the autosave policy: whatever the rhythm of editing, a `kill -9` loses at most
/// the last 3 s of edits. Four children edit in four rhythms and are killed at random moments;
/// each time, the newest recovery copy must hold every edit made more than 3 s before the kill.
#[cfg(unix)]
#[test]
fn a_kill_loses_at_most_three_seconds_of_edits() {
    let root = tempfile::tempdir().unwrap();
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut rng = Rng(seed | 1);
    let rhythms = ["steady", "typing", "bursts", "slow"];
    let plans: Vec<(&str, u64, u64)> =
        rhythms.iter().map(|r| (*r, rng.next(), rng.between(3_200, 7_000))).collect();
    eprintln!("seed {seed}: {plans:?} (rhythm, child seed, kill after ms)");
    let results: Vec<String> = std::thread::scope(|s| {
        let runs: Vec<_> = plans
            .iter()
            .enumerate()
            .map(|(n, &(rhythm, child_seed, kill_after))| {
                let dir = root.path().join(format!("child-{n}"));
                s.spawn(move || kill_an_editor(&dir, rhythm, child_seed, kill_after))
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap_or_else(|_| panic!("seed {seed}: a run failed"))).collect()
    });
    eprintln!("{}", results.join("\n"));
}

/// Runs one child editor in `dir`, kills it `kill_after` ms after it is ready, and checks the
/// newest copy. Returns a line saying what was lost.
fn kill_an_editor(dir: &Path, rhythm: &str, seed: u64, kill_after: u64) -> String {
    let store = RecoveryStore::new(dir.join("recovery"));
    std::fs::create_dir_all(dir).unwrap();
    let log_file = dir.join("edits.log");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_editor", "--nocapture", "--test-threads=1"])
        .env("MLSD_CHILD", "editor")
        .env("MLSD_CHILD_DIR", store.dir())
        .env("MLSD_CHILD_LOG", &log_file)
        .env("MLSD_RHYTHM", rhythm)
        .env("MLSD_SEED", seed.to_string())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the child");
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("CHILD-READY") {
        line.clear();
        if stdout.read_line(&mut line).unwrap_or(0) == 0 {
            let out = child.wait_with_output().unwrap();
            panic!("{rhythm}: the child stopped before editing: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    std::thread::sleep(Duration::from_millis(kill_after));
    let killed_at = unix_ms();
    child.kill().expect("kill the child"); // SIGKILL: no clean-up runs.
    let status = child.wait().unwrap();
    assert!(!status.success(), "{rhythm}: the child finished by itself");

    let edits: Vec<u64> =
        std::fs::read_to_string(&log_file).unwrap().lines().filter_map(|l| l.parse().ok()).collect();
    assert!(!edits.is_empty(), "{rhythm}: the child made no edit");
    let copies: Vec<RecoveryEntry> = store.list().into_iter().filter_map(Result::ok).collect();
    let copied = match copies.as_slice() {
        [] => None,
        [entry] => {
            let b = store.load(entry).unwrap_or_else(|e| panic!("{rhythm}: the copy does not load: {e}"));
            let at: u64 = b.title.strip_prefix("edit at ").and_then(|t| t.parse().ok()).expect("a title");
            assert!(edits.contains(&at), "{rhythm}: the copy holds an edit that was never made: {at}");
            Some(at)
        }
        more => panic!("{rhythm}: one board, one copy: {more:?}"),
    };
    // Every edit made more than MAX_LOSS_MS before the kill must be in the copy.
    let required = edits.iter().copied().filter(|&e| e + MAX_LOSS_MS <= killed_at).max();
    if let Some(required) = required {
        let copied = copied.unwrap_or_else(|| {
            panic!("{rhythm}: no copy, but an edit was made {} ms before the kill", killed_at - required)
        });
        assert!(
            copied >= required,
            "{rhythm}: killed {kill_after} ms in, the newest copy holds the edit of {} ms before the kill, \
             but the one of {} ms before the kill is lost",
            killed_at - copied,
            killed_at - required
        );
    }
    let lost = edits.iter().filter(|&&e| copied.is_none_or(|c| e > c)).count();
    format!(
        "{rhythm}: killed after {kill_after} ms; {} edits, {lost} lost; the copy holds the edit of {} ms before the kill",
        edits.len(),
        copied.map_or("(none)".to_owned(), |c| (killed_at.saturating_sub(c)).to_string())
    )
}

// ---------------------------------------------------------------------------------------------
// Where a restored board goes, and whether its file changed since
// ---------------------------------------------------------------------------------------------

#[test]
fn sidecars_store_canonical_paths_and_what_the_original_looked_like() {
    let root = tempfile::tempdir().unwrap();
    let work = std::fs::canonicalize(root.path()).unwrap().join("work");
    std::fs::create_dir_all(work.join("sub")).unwrap();
    let file = work.join("b.ron");
    let b = board(1, "canonical", 0, 0);
    format::save(&file, &b).unwrap();
    let stamp = DiskStamp::of(&file);
    let store = RecoveryStore::new(root.path().join("recovery"));
    let saver = Autosaver::new(store.clone());
    let ids: Vec<String> = (0..4).map(|_| recovery::new_id()).collect();
    // The same file named four ways: through `..`, a symbolic link, and a file that is gone (its
    // folder is canonicalized), and an untitled board.
    let gone = work.join("sub/../gone.ron");
    let through_dots = work.join("sub/../b.ron");
    #[cfg(unix)]
    let via_link = {
        let link = root.path().join("link.ron");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        link
    };
    #[cfg(not(unix))]
    let via_link = file.clone();
    let with = |path: Option<&Path>| RecoveryMeta {
        title: "canonical".into(),
        original_path: path.map(Path::to_owned),
        original_stamp: stamp,
    };
    saver.submit(&ids[0], with(Some(&through_dots)), text(&b));
    saver.submit(&ids[1], with(Some(&via_link)), text(&b));
    saver.submit(&ids[2], with(Some(&gone)), text(&b));
    saver.submit(&ids[3], with(None), text(&b));
    saver.flush();
    assert_eq!(saver.last_error(), None);
    let list = ok_entries(&store);
    let entry = |id: &str| list.iter().find(|e| e.id == id).cloned().expect("an entry");
    assert_eq!(entry(&ids[0]).original_path, Some(file.clone()));
    assert_eq!(entry(&ids[1]).original_path, Some(file.clone()));
    assert_eq!(entry(&ids[2]).original_path, Some(work.join("gone.ron")));
    assert_eq!(entry(&ids[3]).original_path, None);
    let sidecar = std::fs::read_to_string(store.sidecar_file(&ids[0])).unwrap();
    assert!(sidecar.contains("version: 2") && sidecar.contains("original_hash"), "{sidecar}");

    // The original file now: as it was, changed by another program, gone.
    let e = entry(&ids[0]);
    assert_eq!(e.original_stamp.map(|s| (s.len, s.hash)), stamp.map(|s| (s.len, s.hash)));
    assert_eq!(e.original_state(), OriginalState::Same);
    assert_eq!(entry(&ids[2]).original_state(), OriginalState::Missing);
    assert_eq!(entry(&ids[3]).original_state(), OriginalState::Untitled);
    let mut keeper = Keeper::new(None);
    keeper.restored(&e);
    assert!(!keeper.changed_on_disk(&file), "unchanged: saving over it needs no question");
    let mut other = b.clone();
    other.title = "Edited by another program after the crash".into();
    std::fs::write(&file, text(&other)).unwrap();
    assert_eq!(e.original_state(), OriginalState::Modified);
    assert!(keeper.changed_on_disk(&file), "changed since the crash: saving asks first");
    std::fs::remove_file(&file).unwrap();
    assert_eq!(e.original_state(), OriginalState::Missing);
    assert!(keeper.changed_on_disk(&file));
}

#[test]
fn version_1_sidecars_still_load_without_a_stamp() {
    let root = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(root.path().join("recovery"));
    std::fs::create_dir(store.dir()).unwrap();
    let file = root.path().join("old.ron");
    let b = board(3, "old copy", 0, 0);
    format::save(&file, &b).unwrap();
    std::fs::write(store.board_file("abc-1"), text(&b)).unwrap();
    // As version 1 wrote them (with the path as it was given).
    let sidecar = format!(
        "(version: 1, owner: \"dead-1\", title: \"old copy\", original_path: Some({:?}), saved_at: 1700000000)",
        file.display().to_string()
    );
    std::fs::write(store.sidecar_file("abc-1"), sidecar).unwrap();
    let list = ok_entries(&store);
    assert_eq!(list.len(), 1);
    let e = &list[0];
    assert_eq!((e.title.as_str(), e.saved_at, e.original_stamp), ("old copy", 1_700_000_000, None));
    assert_eq!(e.original_path.as_deref(), Some(file.as_path()));
    assert_eq!(store.load(e).unwrap(), b);
    // It cannot tell whether the file changed: a restore treats it as changed until saved.
    assert_eq!(e.original_state(), OriginalState::Unknown);
    let mut keeper = Keeper::new(None);
    keeper.restored(e);
    assert!(keeper.changed_on_disk(&file));
}

// ---------------------------------------------------------------------------------------------
// Saving to files that are not plain
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_writes_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("board.ron");
    let link = dir.path().join("link.ron");
    std::fs::write(&real, fixture(1, "small-board.ron")).unwrap();
    std::os::unix::fs::symlink("real/board.ron", &link).unwrap(); // a relative link
    let b = board(2, "through the link", 0, 0);
    let saved = format::save_board(&link, &b, false).expect("save");
    assert_eq!(saved.path, real, "the result names the file written");
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(format::load(&real).unwrap().board, b);
    assert_eq!(std::fs::read_to_string(format::backup_path(&real)).unwrap(), fixture(1, "small-board.ron"));
    assert_eq!(entries(dir.path()), ["link.ron", "real"], "no backup or temporary file beside the link");
    assert_eq!(entries(&real_dir), ["board.ron", "board.ron.bak"]);

    // A dangling link creates the file it names.
    let dangling = dir.path().join("dangling.ron");
    std::os::unix::fs::symlink(real_dir.join("new.ron"), &dangling).unwrap();
    format::save(&dangling, &b).expect("save through a dangling link");
    assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
    assert_eq!(format::load(&real_dir.join("new.ron")).unwrap().board, b);

    // A loop is refused, naming the link.
    let (a, z) = (dir.path().join("a.ron"), dir.path().join("z.ron"));
    std::os::unix::fs::symlink(&z, &a).unwrap();
    std::os::unix::fs::symlink(&a, &z).unwrap();
    let e = format::save(&a, &b).expect_err("a loop");
    assert!(e.to_string().starts_with(&a.display().to_string()) && e.problem.contains("loop"), "{e}");
}

#[cfg(unix)]
#[test]
fn saving_keeps_permissions_and_refuses_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private.ron");
    format::save(&private, &board(0, "private", 0, 0)).unwrap();
    set_mode(&private, 0o600);
    format::save(&private, &board(1, "private again", 0, 0)).unwrap();
    assert_eq!(mode(&private), 0o600, "a private board stays private");
    assert_eq!(mode(&format::backup_path(&private)), 0o600, "and so does its backup");
    set_mode(&private, 0o640);
    format::write_atomic(&private, text(&board(2, "csv-like", 0, 0)).as_bytes()).unwrap();
    assert_eq!(mode(&private), 0o640, "every write keeps the permissions");

    // Read-only (0444): refused with its own error, nothing changes; replaced only when asked,
    // and it stays read-only.
    let locked = dir.path().join("locked.ron");
    format::save(&locked, &board(3, "locked", 0, 0)).unwrap();
    set_mode(&locked, 0o444);
    let before = std::fs::read(&locked).unwrap();
    let names = entries(dir.path());
    match format::save_board(&locked, &board(4, "new", 0, 0), false) {
        Err(format::SaveError::ReadOnly(e)) => {
            assert_eq!(e.path, locked);
            assert!(e.problem.contains("read-only") && !e.problem.contains("backup"), "{e}");
        }
        other => panic!("expected a read-only refusal, got {other:?}"),
    }
    let e = format::save(&locked, &board(4, "new", 0, 0)).expect_err("refused by the plain save too");
    assert!(e.problem.contains("read-only"), "{e}");
    assert!(format::write_atomic(&locked, b"x").is_err(), "and by every writer");
    assert_eq!(std::fs::read(&locked).unwrap(), before);
    assert_eq!(entries(dir.path()), names, "nothing written, nothing left");
    let saved = format::save_board(&locked, &board(4, "new", 0, 0), true).expect("overwritten when asked");
    assert_eq!(saved.path, locked);
    assert_eq!(format::load(&locked).unwrap().board.title, "new");
    assert_eq!(mode(&locked), 0o444);
    assert_eq!(std::fs::read(format::backup_path(&locked)).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn saving_a_hard_linked_file_says_the_other_links_keep_the_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let other = dir.path().join("other-name.ron");
    let original = fixture(1, "small-board.ron");
    std::fs::write(&path, &original).unwrap();
    std::fs::hard_link(&path, &other).unwrap();
    let saved = format::save_board(&path, &board(2, "new", 0, 0), false).expect("save");
    assert_eq!(saved.warnings.len(), 1, "{:?}", saved.warnings);
    let w = &saved.warnings[0];
    assert!(w.contains(&path.display().to_string()) && w.contains("1 other hard link"), "{w}");
    assert!(w.contains("previous version"), "{w}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), original, "as the warning says");
    assert_eq!(format::load(&path).unwrap().board.title, "new");

    // Read-only and hard-linked: the problem named is that it is read-only, not the backup.
    let locked = dir.path().join("locked.ron");
    std::fs::write(&locked, &original).unwrap();
    std::fs::hard_link(&locked, dir.path().join("locked-too.ron")).unwrap();
    set_mode(&locked, 0o444);
    let e = format::save(&locked, &board(3, "x", 0, 0)).expect_err("read-only");
    assert!(e.problem.contains("read-only") && !e.problem.contains("backup"), "{e}");
    let saved = format::save_board(&locked, &board(3, "x", 0, 0), true).expect("when asked");
    assert_eq!(saved.warnings.len(), 1);
    assert_eq!(std::fs::read_to_string(format::backup_path(&locked)).unwrap(), original);
}

#[cfg(unix)]
#[test]
fn writers_refuse_targets_that_are_not_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    common::mkfifo(&fifo);
    let socket_path = dir.path().join("socket.ron");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    let link_to_fifo = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&fifo, &link_to_fifo).unwrap();
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let b = board(0, "b", 0, 0);
    for (target, says) in
        [(&fifo, "named pipe"), (&socket_path, "socket"), (&link_to_fifo, "named pipe"), (&folder, "folder")]
    {
        let e = format::save(target, &b).expect_err("not a regular file");
        assert_eq!(&e.path, target);
        assert!(e.problem.contains(says), "{e}");
        let e = format::write_atomic(target, b"png bytes").expect_err("not a regular file");
        assert!(e.problem.contains(says), "{e}");
    }
    use std::os::unix::fs::FileTypeExt as _;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    assert!(std::fs::symlink_metadata(&socket_path).unwrap().file_type().is_socket());
    assert!(std::fs::symlink_metadata(&link_to_fifo).unwrap().file_type().is_symlink());
    assert_eq!(entries(dir.path()), ["folder.ron", "link.ron", "pipe.ron", "socket.ron"]);
}

#[cfg(target_os = "linux")]
#[test]
fn temporaries_left_by_a_killed_save_are_removed_on_open_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.ron");
    format::save(&path, &board(0, "b", 0, 0)).unwrap();
    format::save(&path, &board(0, "b", 0, 0)).unwrap(); // and its backup
    // No process ever has this id: Linux ids stay below 2^22.
    let dead = 4_194_305;
    let mine = std::process::id();
    let write = |name: &str| std::fs::write(dir.path().join(name), "half a bo").unwrap();
    let stale = [format!(".b.ron.{dead}.0.tmp"), format!(".b.ron.bak.{dead}.7.tmp")];
    let old_but_alive = format!(".b.ron.{mine}.99.tmp");
    let kept = [
        format!(".b.ron.{mine}.98.tmp"), // a save under way in a live process
        ".b.ron.tmp".to_owned(),
        format!(".other.ron.{dead}.0.tmp"),
        format!(".b.ron.{dead}.x.tmp"),
        format!("b.ron.{dead}.0.tmp"),
        format!(".b.ron.{dead}.0.tmp.keep"),
    ];
    let reset = || {
        for name in stale.iter().chain(kept.iter()).chain([&old_but_alive]) {
            write(name);
        }
        let old = std::time::SystemTime::now() - Duration::from_secs(120);
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(&old_but_alive))
            .unwrap()
            .set_modified(old)
            .unwrap();
    };
    let mut expected: Vec<String> =
        kept.iter().cloned().chain(["b.ron".to_owned(), "b.ron.bak".to_owned()]).collect();
    expected.sort();

    reset();
    format::load(&path).expect("opens");
    assert_eq!(entries(dir.path()), expected, "opening removes only our stale temporaries");
    reset();
    format::save(&path, &board(1, "b again", 0, 0)).expect("saves");
    assert_eq!(entries(dir.path()), expected, "saving too");
    reset();
    assert_eq!(format::remove_stale_temporaries(&path), 3);
}
