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

/// Reads and checks one user template file (the safe way: a regular file within the size limit
/// of a board file, see [`crate::file::read`]). Control characters in its title and box labels
/// are removed, as the loader does for boards, since the title becomes a new board's title (and
/// so the window's). Never panics; every problem names the file.
pub fn load_user_template(path: &Path) -> Result<Template, String> {
    const DEPTH: usize = 64;
    let name = path.display();
    let bytes = crate::file::read::read_limited(path, format::MAX_FILE_BYTES, "a template")
        .map_err(|e| e.to_string())?;
    let text = crate::file::read::decode_text(&bytes).map_err(|e| format!("{name}: {e}"))?;
    let mut t: Template =
        ron::Options::default().with_recursion_limit(DEPTH).from_str(text).map_err(|e| {
            format!("{name}: is not a valid template: {}", crate::file::read::ron_problem(&e, DEPTH))
        })?;
    crate::board::validate::strip_controls(&mut t.title);
    for sketch in [&mut t.start, &mut t.reference] {
        for n in &mut sketch.nodes {
            crate::board::validate::strip_controls(&mut n.label);
        }
        for e in &mut sketch.edges {
            crate::board::validate::strip_controls(&mut e.label);
        }
    }
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
    std::fs::create_dir_all(dir).map_err(|e| {
        format!("{}: {}", dir.display(), crate::file::read::io_problem(&e, "cannot be created"))
    })?;
    let path = dir.join(format!("{}.ron", t.id));
    if path.exists() {
        return Err(format!("{}: a template with this name exists already", path.display()));
    }
    let config = ron::ser::PrettyConfig::new().struct_names(true).depth_limit(3).indentor("  ");
    let text = ron::ser::to_string_pretty(t, config).map_err(|e| format!("{}: {e}", path.display()))?;
    format::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(path)
}
