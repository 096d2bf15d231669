//! Never lose a board, in the real app: recovery copies while editing, restoring after a crash,
//! asking before overwriting a file changed on disk, and failed saves that keep everything.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::{Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mlsd_board::board::{Board, Command, Document, NodeId, Point};
use mlsd_board::file::format;
use mlsd_board::file::paths::Paths;
use mlsd_board::file::prefs::Prefs;
use mlsd_board::file::recovery::RecoveryStore;
use mlsd_board::ui::app::MlsdApp;
use mlsd_board::ui::file_dialogs::ScriptedDialogs;
use std::path::Path;

fn app(home: &Path, dialogs: ScriptedDialogs) -> Harness<'static, MlsdApp> {
    let home = home.to_owned();
    let mut h =
        Harness::builder().with_size(vec2(1400.0, 900.0)).with_step_dt(1.0 / 60.0).build_eframe(move |cc| {
            let mut app = MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(dialogs));
            app.set_paths(Some(Paths::under(home)));
            app.enable_recovery();
            app
        });
    h.run_steps(2);
    h
}

fn fixture() -> Board {
    format::load(Path::new("tests/fixtures/v2/session-board.ron")).expect("fixture").board
}

fn store(home: &Path) -> RecoveryStore {
    RecoveryStore::in_data_dir(&Paths::under(home.to_owned()))
}

fn edit(h: &mut Harness<'static, MlsdApp>) {
    h.state_mut().apply(Command::Move { ids: vec![NodeId(4)], delta: Point::new(40.0, 20.0) });
    h.state_mut().apply(Command::RelabelNode { id: NodeId(5), label: "CLIP image encoder".into() });
}

/// The fixture saved as `board.ron` in `home`, opened in the app and edited (unsaved).
fn opened_and_edited(
    home: &Path,
    dialogs: ScriptedDialogs,
) -> (Harness<'static, MlsdApp>, std::path::PathBuf) {
    let file = home.join("board.ron");
    format::save(&file, &fixture()).expect("save");
    let mut h = app(home, dialogs);
    h.state_mut().open_path(&file);
    h.run_steps(2);
    edit(&mut h);
    (h, file)
}

#[test]
fn a_recovery_copy_follows_edits_within_seconds_and_goes_after_a_save() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, file) = opened_and_edited(home.path(), ScriptedDialogs::default());
    h.run_steps(30); // half a second: still within the 1 s quiet time
    h.state().keeper().flush();
    assert!(store(home.path()).list().is_empty(), "no copy before the quiet time has passed");
    h.run_steps(120); // two more seconds
    h.state().keeper().flush();
    let list = store(home.path()).list();
    assert_eq!(list.len(), 1, "one recovery copy");
    let entry = list[0].clone().expect("usable");
    assert_eq!(
        entry.original_path,
        Some(std::fs::canonicalize(&file).expect("canonical")),
        "stored canonical"
    );
    assert_eq!(store(home.path()).load(&entry).expect("loads"), *h.state().doc().board());

    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    h.state().keeper().flush();
    assert!(!h.state().doc().is_dirty());
    assert!(store(home.path()).list().is_empty(), "a clean save removes the copy");
    assert!(format::backup_path(&file).exists(), "the previous version is kept as .bak");
    assert_eq!(format::load(&format::backup_path(&file)).expect("bak loads").board, fixture());
}

#[test]
fn after_a_crash_the_next_start_offers_the_board_and_restores_it() {
    let home = tempfile::tempdir().expect("temp dir");
    let edited = {
        let mut h = app(home.path(), ScriptedDialogs::default());
        h.state_mut().replace_doc(Document::new(fixture(), None));
        edit(&mut h);
        h.run_steps(150);
        h.state().keeper().flush();
        h.state().doc().board().clone()
        // The harness is dropped without the app's exit handling: as after a crash or a kill.
    };
    let mut h = app(home.path(), ScriptedDialogs::default());
    assert_eq!(h.state().ui_state().recovered.len(), 1, "the crashed session's board is offered");
    assert!(h.query_by_label("Recover unsaved boards").is_some());
    h.get_by_label("Restore").click();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.doc().board(), &edited, "the restored board is the edited one");
    assert!(app.doc().is_dirty(), "restored, not yet saved");
    assert!(app.ui_state().recovered.is_empty());
}

#[test]
fn discarding_a_recovered_board_removes_its_copy() {
    let home = tempfile::tempdir().expect("temp dir");
    {
        let mut h = app(home.path(), ScriptedDialogs::default());
        h.state_mut().replace_doc(Document::new(fixture(), None));
        edit(&mut h);
        h.run_steps(150);
        h.state().keeper().flush();
    }
    assert_eq!(store(home.path()).list().len(), 1);
    let mut h = app(home.path(), ScriptedDialogs::default());
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().ui_state().recovered.is_empty());
    assert!(store(home.path()).list().is_empty());
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, file) = opened_and_edited(home.path(), ScriptedDialogs::default());
    // Another program changes the file.
    let mut other = fixture();
    other.title = "Changed elsewhere".into();
    format::write_atomic(&file, format::to_string(&other).expect("text").as_bytes()).expect("write");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(h.query_by_label("The file changed on disk").is_some(), "the app asks");
    assert_eq!(
        format::load(&file).expect("loads").board.title,
        "Changed elsewhere",
        "nothing overwritten yet"
    );
    h.get_by_label("Overwrite").click();
    h.run_steps(2);
    assert_eq!(&format::load(&file).expect("loads").board, h.state().doc().board(), "overwritten on request");
    assert!(!h.state().doc().is_dirty());
}

#[test]
fn a_failed_save_says_so_and_keeps_the_board_and_the_old_file() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("board.ron");
    format::save(&file, &fixture()).expect("save");
    let before = std::fs::read(&file).expect("read");
    let blocker = home.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where a folder should be").expect("write");
    let target = blocker.join("board.ron");
    let dialogs = ScriptedDialogs { save: vec![Some(target.clone())].into(), ..Default::default() };
    let mut h = app(home.path(), dialogs);
    h.state_mut().open_path(&file);
    h.run_steps(2);
    edit(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::S);
    h.run_steps(2);
    let error = h.state().ui_state().error.clone().expect("an error is shown");
    assert!(error.contains("not saved") && error.contains("board.ron"), "{error}");
    assert!(h.state().doc().is_dirty(), "still unsaved");
    assert_eq!(h.state().doc().path(), Some(file.as_path()), "still the same file");
    assert_eq!(std::fs::read(&file).expect("read"), before, "the old file is untouched");
}

#[test]
fn a_board_opened_from_its_png_never_saves_over_the_image() {
    let home = tempfile::tempdir().expect("temp dir");
    let png = home.path().join("board.png");
    let board = fixture();
    let opts = mlsd_board::render::export::ExportOptions::default();
    mlsd_board::render::export::export_png(&board, &opts, &png).expect("export");
    let image = std::fs::read(&png).expect("read");
    let kept = home.path().join("kept.ron");
    let dialogs = ScriptedDialogs { save: [Some(kept.clone())].into(), ..Default::default() };
    let mut h = app(home.path(), dialogs);
    h.state_mut().open_path(&png);
    h.run_steps(2);
    assert_eq!(h.state().doc().board(), &board, "the board inside the PNG");
    assert_eq!(h.state().doc().path(), None, "opened unsaved, not as the PNG");
    assert!(h.state().doc().is_dirty(), "and counts as unsaved");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert_eq!(h.state().doc().path(), Some(kept.as_path()), "Save asked where to keep it");
    assert_eq!(std::fs::read(&png).expect("read"), image, "the image is untouched");
    assert_eq!(format::load(&kept).expect("saved board").board, board);
}

/// A crash leaves a recovery copy of the fixture (edited) in `home`, whose file is `file`.
fn crash_with_copy(home: &Path, file: &Path) {
    let (mut h, _) = opened_and_edited(home, ScriptedDialogs::default());
    assert_eq!(h.state().doc().path(), Some(file));
    h.run_steps(150);
    h.state().keeper().flush();
    // Dropped without the exit handling: as after a kill.
}

#[test]
fn quit_and_discard_leaves_no_recovery_copy_to_offer_next_time() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, _file) = opened_and_edited(home.path(), ScriptedDialogs::default());
    h.run_steps(150);
    h.state().keeper().flush();
    assert_eq!(store(home.path()).list().len(), 1, "a copy while the changes are unsaved");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Q);
    h.run_steps(2);
    h.get_by_label("Discard changes").click();
    h.run_steps(2);
    // The window closes: eframe runs the app's exit handling.
    eframe::App::on_exit(h.state_mut(), None);
    h.state().keeper().flush();
    assert!(store(home.path()).list().is_empty(), "the discarded board is not offered back");
}

#[test]
fn restoring_a_board_whose_file_changed_since_asks_before_saving_over_it() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("board.ron");
    crash_with_copy(home.path(), &file);
    // After the crash another program edits the board's file.
    let mut other = fixture();
    other.title = "Edited after the crash".into();
    format::write_atomic(&file, format::to_string(&other).expect("text").as_bytes()).expect("write");
    // The next start runs elsewhere: the copy names the file by its full path.
    let mut h = app(home.path(), ScriptedDialogs::default());
    assert!(h.query_by_label_contains("changed by another program").is_some(), "the dialog says so");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().path(), Some(std::fs::canonicalize(&file).expect("canonical").as_path()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(h.query_by_label("The file changed on disk").is_some(), "saving asks first");
    assert_eq!(format::load(&file).expect("loads").board.title, "Edited after the crash", "not overwritten");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(format::load(&file).expect("loads").board.title, "Edited after the crash");
}

#[test]
fn a_recovery_dialog_with_many_boards_scrolls_and_can_be_put_off() {
    let home = tempfile::tempdir().expect("temp dir");
    let store = store(home.path());
    for i in 0..200 {
        let id = format!("leftover-{i}");
        std::fs::create_dir_all(store.dir()).expect("mkdir");
        let mut b = fixture();
        b.title = format!("Leftover {i}");
        std::fs::write(store.board_file(&id), format::to_string(&b).expect("text")).expect("write");
    }
    let mut h = Harness::builder().with_size(vec2(1280.0, 720.0)).with_step_dt(1.0 / 60.0).build_eframe({
        let home = home.path().to_owned();
        move |cc| {
            let mut app =
                MlsdApp::with_dialogs(&cc.egui_ctx, Prefs::default(), Box::new(ScriptedDialogs::default()));
            app.set_paths(Some(Paths::under(home)));
            app.enable_recovery();
            app
        }
    });
    // A long modal settles its place over the first frames; click where the user sees it.
    h.run_steps(5);
    assert_eq!(h.state().ui_state().recovered.len(), 200);
    // The heading and the Later button stay on screen although the list is long.
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(1280.0, 720.0));
    for label in ["Recover unsaved boards", "Later"] {
        let r = h.get_by_label(label).rect();
        assert!(screen.contains_rect(r), "{label} is reachable at 1280×720: {r:?}");
    }
    h.get_by_label("Later").click();
    h.run_steps(2);
    assert!(h.state().ui_state().recovered.is_empty(), "put off for this session");
    assert_eq!(store.list().len(), 200, "every copy is kept for the next start");

    // Escape puts it off too.
    let mut h = app(home.path(), ScriptedDialogs::default());
    assert_eq!(h.state().ui_state().recovered.len(), 200);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().ui_state().recovered.is_empty());
}

#[cfg(unix)]
#[test]
fn saving_a_read_only_file_asks_and_the_notice_names_the_folder() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = tempfile::tempdir().expect("temp dir");
    let (mut h, file) = opened_and_edited(home.path(), ScriptedDialogs::default());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&file).expect("read");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(h.query_by_label("The file is read-only").is_some(), "the app asks");
    assert_eq!(std::fs::read(&file).expect("read"), before, "nothing written yet");
    h.get_by_label("Replace it").click();
    h.run_steps(2);
    assert!(!h.state().doc().is_dirty(), "saved on request");
    assert_eq!(&format::load(&file).expect("loads").board, h.state().doc().board());
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o444, "the file stays read-only");
    let folder = std::fs::canonicalize(home.path()).expect("canonical");
    let said: Vec<String> = h.state().ui_state().notices.iter().map(|n| n.text.clone()).collect();
    assert!(
        said.iter().any(|t| t == &format!("Saved board.ron in {}", folder.display())),
        "the notice names the file and its folder: {said:?}"
    );
}

#[test]
fn exporting_from_the_app_never_writes_over_the_board() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("board.ron");
    let dialogs = ScriptedDialogs { export: vec![Some(file.clone())].into(), ..Default::default() };
    let (mut h, file) = {
        let (h, f) = opened_and_edited(home.path(), dialogs);
        (h, f)
    };
    let before = std::fs::read(&file).expect("read");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::E);
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(3);
    assert_eq!(std::fs::read(&file).expect("read"), before, "the board file is untouched");
    let error = h.state().ui_state().error.clone().expect("an error is shown");
    assert!(error.contains("board being exported"), "{error}");
}
