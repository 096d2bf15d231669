//! The user's own templates: `.ron` files in the config folder's `templates/`, listed beside the
//! built-in ones in the chooser, and File → Save as template. Every problem names the file.

use crate::content::schema::Template;
use crate::content::{catalogue, frameworks, templates};
use crate::file::format;
use std::path::{Path, PathBuf};

/// Where a template comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Built into the app.
    Builtin,
    /// A file in the user's templates folder.
    User(PathBuf),
}

/// A template as listed in the chooser: the template, or why its file could not be used.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Where it comes from.
    pub source: Source,
    /// The template, or the problem with its file (naming the file).
    pub template: Result<Template, String>,
}

/// Reads and checks one user template file. Never panics; every problem names the file.
pub fn load_user_template(path: &Path) -> Result<Template, String> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{name}: cannot be read: {e}"))?;
    if meta.len() > format::MAX_FILE_BYTES {
        return Err(format!("{name}: is larger than the {} MiB limit", format::MAX_FILE_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot be read: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| format!("{name}: is not UTF-8 text"))?;
    let t: Template = ron::Options::default()
        .with_recursion_limit(64)
        .from_str(text)
        .map_err(|e| format!("{name}: is not a valid template: {e}"))?;
    let kinds = catalogue::catalogue().kind_ids();
    let problems = t.problems(frameworks::frameworks(), &kinds);
    if problems.is_empty() { Ok(t) } else { Err(format!("{name}: {}", problems.join("; "))) }
}

/// The user's templates in `dir`, by file name; a missing folder gives none.
pub fn user_templates(dir: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    paths.sort();
    paths.into_iter().map(|p| Entry { template: load_user_template(&p), source: Source::User(p) }).collect()
}

/// The built-in templates followed by the user's (from `user_dir`, when given).
pub fn all(user_dir: Option<&Path>) -> Vec<Entry> {
    let mut out: Vec<Entry> = templates::builtin()
        .iter()
        .map(|t| Entry { source: Source::Builtin, template: Ok(t.clone()) })
        .collect();
    if let Some(dir) = user_dir {
        out.extend(user_templates(dir));
    }
    out
}

/// Writes `t` as `<dir>/<id>.ron` (atomically), creating the folder. Refuses to overwrite.
pub fn save_user_template(dir: &Path, t: &Template) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot be created: {e}", dir.display()))?;
    let path = dir.join(format!("{}.ron", t.id));
    if path.exists() {
        return Err(format!("{}: a template with this name exists already", path.display()));
    }
    let config = ron::ser::PrettyConfig::new().struct_names(true).depth_limit(3).indentor("  ");
    let text = ron::ser::to_string_pretty(t, config).map_err(|e| format!("{}: {e}", path.display()))?;
    format::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(path)
}
