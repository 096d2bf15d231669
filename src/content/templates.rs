//! Case-study templates: the built-in ones (embedded at build time) and the user's own (`.ron`
//! files in the config folder), and making a new board from one.

use crate::board::{Board, FORMAT_VERSION};
use crate::content::catalogue;
use crate::content::frameworks;
use crate::content::schema::{Difficulty, Sketch, Template};
use crate::file::format;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every built-in template, in file-name order.
pub fn builtin() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        // build.rs has parsed and checked these texts, so parsing cannot fail in a built binary.
        crate::content::embedded::TEMPLATES.iter().filter_map(|(_, text)| ron::from_str(text).ok()).collect()
    })
}

/// The built-in template with this id.
pub fn find(id: &str) -> Option<&'static Template> {
    builtin().iter().find(|t| t.id == id)
}

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

/// Whether a template is one of the blank boards (no reference solution).
pub fn is_blank(t: &Template) -> bool {
    t.reference.nodes.is_empty()
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
    let mut out: Vec<Entry> =
        builtin().iter().map(|t| Entry { source: Source::Builtin, template: Ok(t.clone()) }).collect();
    if let Some(dir) = user_dir {
        out.extend(user_templates(dir));
    }
    out
}

/// A new, untitled board from a template: its starting board, its framework, its problem
/// statement in the session, and a view centred on the content.
pub fn new_board(t: &Template) -> Board {
    let mut b = t.start.to_board(&t.title, &t.framework);
    b.version = FORMAT_VERSION;
    b.template = Some(t.id.clone());
    b.session.problem = t.statement.clone();
    // The view a board file opens with: the content's top-left near the top-left of a canvas
    // of the app's usual size (about 800 × 760 points between the panels), at 100%. The app
    // itself fits a new template board to its real canvas.
    if let Some((min, _)) = b.bounds() {
        b.view.center = crate::board::Point::new(min.x - 32.0 + 400.0, min.y - 32.0 + 380.0);
    }
    b
}

/// The template's reference solution as a board of its own.
pub fn reference_board(t: &Template) -> Board {
    t.reference.to_board(&format!("{} (reference)", t.title), &t.framework)
}

/// A template made from a board (File → Save as template): the board is the starting board;
/// there is no reference solution.
pub fn from_board(board: &Board, id: &str) -> Template {
    Template {
        id: id.to_owned(),
        title: if board.title.trim().is_empty() { id.to_owned() } else { board.title.clone() },
        framework: board.framework.clone(),
        difficulty: Difficulty::Medium,
        tags: vec!["mine".to_owned()],
        statement: if board.session.problem.trim().is_empty() {
            "A board saved as a template.".to_owned()
        } else {
            board.session.problem.clone()
        },
        steps: Vec::new(),
        start: Sketch { nodes: board.nodes.clone(), edges: board.edges.clone() },
        reference: Sketch::default(),
        review: Default::default(),
        rules: Vec::new(),
        requirement_change: None,
        pitfalls: Vec::new(),
        estimates: None,
    }
}

/// A file-name-safe id from a title: lower case, words joined by `-`.
///
/// ```
/// assert_eq!(mlsd_board::content::templates::slug("Ads: click prediction (v2)"), "ads-click-prediction-v2");
/// assert_eq!(mlsd_board::content::templates::slug("???"), "my-template");
/// ```
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() { "my-template".to_owned() } else { s }
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

/// A label for a difficulty.
pub fn difficulty_name(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "easy",
        Difficulty::Medium => "medium",
        Difficulty::Hard => "hard",
    }
}
