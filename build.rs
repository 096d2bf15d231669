//! Validates the data files (component catalogue, frameworks, templates, rubric) and embeds them.
//!
//! A broken data file fails `cargo build` with the file's name and the problem, so it never reaches
//! a user. The checks are the library's own (`src/content/schema.rs`, `src/board/validate.rs`),
//! included here by path so that there is one definition of every rule.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The board layer and the data-file schema are plain Rust with serde and ron only, and use
// nothing above them, so the build script compiles the very same files under the same module
// paths (`crate::board`, `schema`). Parts of the board layer the checks don't need (undo history,
// clipboard) are compiled but unused here.
#[allow(dead_code, unused_imports)]
#[path = "src/board/mod.rs"]
mod board;
#[allow(dead_code)]
#[path = "src/content/schema.rs"]
mod schema;

fn main() {
    if let Err(e) = run() {
        eprintln!("\nerror: {e}\n");
        std::process::exit(1);
    }
}

/// The `.ron` files of a folder, sorted by name.
fn ron_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    Ok(files)
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<(T, String), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value = ron::from_str(&text).map_err(|e| format!("{}:{e}", path.display()))?;
    Ok((value, text))
}

fn fail(path: &Path, problems: &[String]) -> Result<(), String> {
    if problems.is_empty() {
        return Ok(());
    }
    let mut msg = format!("{} is not valid:", path.display());
    for p in problems {
        let _ = write!(msg, "\n  - {p}");
    }
    Err(msg)
}

/// Whether a built-in file that lacks what a finished case or framework holds (strong answers,
/// pitfalls, estimates, a crux, signal tags…) fails the build. While the content of a round is
/// being written this is off and the gaps are printed as warnings instead.
const ENFORCE_COMPLETENESS: bool = false;

/// [`fail`] for completeness problems, or warnings while [`ENFORCE_COMPLETENESS`] is off.
fn complete(path: &Path, problems: &[String]) -> Result<(), String> {
    if ENFORCE_COMPLETENESS {
        return fail(path, problems);
    }
    if !problems.is_empty() {
        println!(
            "cargo:warning={}: {} completeness gaps, e.g. {}",
            path.display(),
            problems.len(),
            problems[0]
        );
    }
    Ok(())
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let assets = root.join("assets");
    let frameworks_dir = assets.join("frameworks");
    let templates_dir = root.join("templates");
    for dir in [&assets, &frameworks_dir, &templates_dir] {
        println!("cargo:rerun-if-changed={}", dir.display());
    }

    let catalogue_path = assets.join("catalogue.ron");
    println!("cargo:rerun-if-changed={}", catalogue_path.display());
    let (catalogue, _): (schema::Catalogue, _) = parse(&catalogue_path)?;
    fail(&catalogue_path, &catalogue.problems())?;
    let kinds = catalogue.kind_ids();

    let mut frameworks = Vec::new();
    let mut framework_files = Vec::new();
    for path in ron_files(&frameworks_dir)? {
        println!("cargo:rerun-if-changed={}", path.display());
        let (fw, _): (schema::Framework, _) = parse(&path)?;
        let mut problems = fw.problems(&kinds);
        if fw.id != stem(&path) {
            problems.push(format!("the id `{}` must match the file name", fw.id));
        }
        fail(&path, &problems)?;
        framework_files.push(path);
        frameworks.push(fw);
    }
    if !frameworks.iter().any(|f| f.id == board::DEFAULT_FRAMEWORK) {
        return Err(format!(
            "{}: the default framework `{}` is missing",
            frameworks_dir.display(),
            board::DEFAULT_FRAMEWORK
        ));
    }

    for (fw, path) in frameworks.iter().zip(&framework_files) {
        fail(path, &fw.cross_problems(&frameworks))?;
        complete(path, &fw.completeness_problems())?;
    }
    fail(&catalogue_path, &catalogue.step_problems(&frameworks))?;

    let rubric_path = assets.join("rubric.ron");
    println!("cargo:rerun-if-changed={}", rubric_path.display());
    let (rubric, _): (schema::Rubric, _) = parse(&rubric_path)?;
    let step_ids: std::collections::HashSet<&str> =
        frameworks.iter().flat_map(|f| f.steps.iter().map(|s| s.id.as_str())).collect();
    fail(&rubric_path, &rubric.problems(&catalogue.kind_and_group_ids(), &step_ids))?;

    let mut template_files = Vec::new();
    for path in ron_files(&templates_dir)? {
        println!("cargo:rerun-if-changed={}", path.display());
        let (t, _): (schema::Template, _) = parse(&path)?;
        let mut problems = t.problems(&frameworks, &kinds);
        if t.id != stem(&path) {
            problems.push(format!("the id `{}` must match the file name", t.id));
        }
        fail(&path, &problems)?;
        complete(&path, &t.completeness_problems(&frameworks, &catalogue))?;
        template_files.push(path);
    }

    let mut out = String::from("// Generated by build.rs from the validated data files.\n");
    let embed = |files: &[PathBuf]| -> String {
        files
            .iter()
            .map(|p| format!("    ({:?}, include_str!({:?})),\n", stem(p), p.display().to_string()))
            .collect()
    };
    let _ = writeln!(
        out,
        "/// The component catalogue (`assets/catalogue.ron`).\npub static CATALOGUE: &str = include_str!({:?});",
        catalogue_path.display().to_string()
    );
    let _ = writeln!(
        out,
        "/// The self-rating rubric (`assets/rubric.ron`).\npub static RUBRIC: &str = include_str!({:?});",
        rubric_path.display().to_string()
    );
    let _ = writeln!(
        out,
        "/// The frameworks (`assets/frameworks/*.ron`): (id, RON text).\npub static FRAMEWORKS: &[(&str, &str)] = &[\n{}];",
        embed(&framework_files)
    );
    let _ = writeln!(
        out,
        "/// The built-in templates (`templates/*.ron`): (id, RON text).\npub static TEMPLATES: &[(&str, &str)] = &[\n{}];",
        embed(&template_files)
    );
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    std::fs::write(out_dir.join("embedded.rs"), out).map_err(|e| e.to_string())?;
    Ok(())
}
