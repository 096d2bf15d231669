//! Case-study templates: the built-in ones (embedded at build time), making a new board from one,
//! and a template from a board. The user's own templates (files in the config folder) are read
//! and written by [`crate::file::user_templates`].

use crate::board::{Board, FORMAT_VERSION, Node, NodeId, NodeKind, Point, Size};
use crate::content::frameworks;
use crate::content::schema::{Difficulty, Framework, Sketch, Template};
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
    started(t.start.to_board(&t.title, &t.framework), t)
}

/// The frameworks a case can be practised under: its own first, then every built-in framework
/// that is a short form of it ([`Framework::short_for`]), e.g. the 7-step ML framework and the
/// 4-step ML process for an ML case.
pub fn frameworks_for(t: &Template) -> Vec<&'static Framework> {
    let all = frameworks::frameworks();
    let own = all.iter().filter(|f| f.id == t.framework);
    let short = all.iter().filter(|f| f.short_for.as_deref() == Some(t.framework.as_str()));
    own.chain(short).collect()
}

/// A new, untitled board of `t` practised under the framework `framework_id`: the case's own
/// framework gives [`new_board`]; a short form of it (see [`frameworks_for`]) gives the same board
/// with its stage boxes replaced by a column of that framework's steps, labelled with the step
/// titles and laid out like the case's own column, and the board's `framework` set to the choice.
/// Other start-board content is kept. Any other framework is an error that names both.
pub fn new_board_under(t: &Template, framework_id: &str) -> Result<Board, String> {
    if framework_id == t.framework {
        return Ok(new_board(t));
    }
    let Some(fw) = frameworks_for(t).into_iter().find(|f| f.id == framework_id) else {
        let known: Vec<&str> = frameworks_for(t).iter().map(|f| f.id.as_str()).collect();
        return Err(format!(
            "case `{}` cannot be practised under framework `{framework_id}` (it can under: {})",
            t.id,
            known.join(", ")
        ));
    };
    Ok(started(stage_column(&t.start, fw).to_board(&t.title, &fw.id), t))
}

/// The stage boxes of a starting board at their usual place: a column at the board's origin,
/// one box of this size every this many points down.
const STAGE_SIZE: Size = Size { w: 220.0, h: 72.0 };
/// See [`STAGE_SIZE`].
const STAGE_PITCH: f32 = 110.0;

/// `start` with its stage boxes (and the arrows touching them) replaced by one box per step of
/// `fw`, in a column where the first old stage box stood, with the old boxes' size and spacing.
/// The new boxes take the old boxes' ids in order, then ids above every id in use.
fn stage_column(start: &Sketch, fw: &Framework) -> Sketch {
    let is_stage = |n: &&Node| matches!(n.kind, NodeKind::Stage(_));
    let old: Vec<&Node> = start.nodes.iter().filter(is_stage).collect();
    let origin = old.first().map_or(Point::new(0.0, 0.0), |n| n.pos);
    let size = old.first().map_or(STAGE_SIZE, |n| n.size);
    let pitch = match old.as_slice() {
        [a, b, ..] if b.pos.y - a.pos.y > a.size.h => b.pos.y - a.pos.y,
        _ => STAGE_PITCH.max(size.h + 38.0),
    };
    let highest =
        start.nodes.iter().map(|n| n.id.0).chain(start.edges.iter().map(|e| e.id.0)).max().unwrap_or(0);
    let mut spare = old.iter().map(|n| n.id).collect::<Vec<NodeId>>().into_iter();
    let mut next = highest;
    let mut nodes: Vec<Node> = start.nodes.iter().filter(|n| !is_stage(n)).cloned().collect();
    for (i, step) in fw.steps.iter().enumerate().take(usize::from(u8::MAX)) {
        let id = spare.next().unwrap_or_else(|| {
            next += 1;
            NodeId(next)
        });
        let n = u8::try_from(i + 1).unwrap_or(u8::MAX);
        nodes.push(Node {
            id,
            kind: NodeKind::Stage(n),
            label: step.title.clone(),
            pos: Point::new(origin.x, origin.y + pitch * i as f32),
            size,
            color: None,
        });
    }
    let gone: Vec<NodeId> = old.iter().map(|n| n.id).collect();
    let edges =
        start.edges.iter().filter(|e| !gone.contains(&e.from) && !gone.contains(&e.to)).cloned().collect();
    Sketch { nodes, edges }
}

/// A board made from a template, finished the way every new board is: the current format
/// version, the template's id and problem statement, and the opening view.
fn started(mut b: Board, t: &Template) -> Board {
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

/// At most this many strong-answer points are shown for one step.
pub const MAX_STRONG_ANSWER: usize = 6;

/// What a strong answer says in step `step_id` of `fw` for case `t`, as shown after Finish or on
/// a peek. Under the case's own framework: that step's points. Under a short framework, whose
/// step stands for several (its [`covers`](crate::content::schema::Step::covers)): the covered
/// steps' points taken in turn, the first of each, then the second of each…, at most
/// [`MAX_STRONG_ANSWER`], so that every covered step keeps its leading points. Empty for a step
/// the case says nothing about.
pub fn strong_answer<'a>(t: &'a Template, fw: &'a Framework, step_id: &'a str) -> Vec<&'a str> {
    let blocks: Vec<&[String]> = t.extras_for(fw, step_id).map(|e| e.strong_answer.as_slice()).collect();
    let longest = blocks.iter().map(|b| b.len()).max().unwrap_or(0);
    (0..longest)
        .flat_map(|i| blocks.iter().filter_map(move |b| b.get(i).map(String::as_str)))
        .take(MAX_STRONG_ANSWER)
        .collect()
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
