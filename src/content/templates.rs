//! Case-study templates: the built-in ones (embedded at build time), making a new board from one,
//! and a template from a board. The user's own templates (files in the config folder) are read
//! and written by [`crate::file::user_templates`].

use crate::board::{Board, FORMAT_VERSION};
use crate::content::schema::{Difficulty, Sketch, Template};
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

/// Whether a template is one of the blank boards (no reference solution).
pub fn is_blank(t: &Template) -> bool {
    t.reference.nodes.is_empty()
}

/// The case studies among `templates`: those with a reference solution, in order.
pub fn cases<'a>(templates: impl IntoIterator<Item = &'a Template>) -> impl Iterator<Item = &'a Template> {
    templates.into_iter().filter(|t| !is_blank(t))
}

/// The ids of the case studies among `templates`, in order.
pub fn case_ids<'a>(templates: impl IntoIterator<Item = &'a Template>) -> Vec<String> {
    cases(templates).map(|t| t.id.clone()).collect()
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

/// A label for a difficulty.
pub fn difficulty_name(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "easy",
        Difficulty::Medium => "medium",
        Difficulty::Hard => "hard",
    }
}
