//! The shapes of the data files (component catalogue, frameworks, templates) and their checks.
//!
//! `build.rs` includes this file to refuse a broken data file at build time; the library uses the
//! same code to read the embedded copies and the user's own templates at run time. It depends on
//! serde, ron and the board model only.

use crate::board::{Board, Node, NodeKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// `assets/catalogue.ron`: the component kinds, in palette groups.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Catalogue {
    /// The palette groups, in display order.
    pub groups: Vec<Group>,
}

/// A palette group of component kinds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Group {
    /// Stable id (e.g. `"storage"`), which also picks the group's colour.
    pub id: String,
    /// Name shown in the palette.
    pub name: String,
    /// The kinds in this group.
    pub kinds: Vec<Kind>,
}

/// One kind of system component.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Kind {
    /// Stable id stored in boards (e.g. `"feature_store"`).
    pub id: String,
    /// Name shown in the palette and used as the default label.
    pub name: String,
    /// Other words for the same component, lower case.
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// `assets/frameworks/*.ron`: an interview framework.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Framework {
    /// Stable id (e.g. `"ml-system-design"`).
    pub id: String,
    /// Name shown to the user.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a framework.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Step {
    /// Stable id (e.g. `"clarify"`).
    pub id: String,
    /// Title, also the default label of the step's stage box.
    pub title: String,
    /// One line: what the step should achieve.
    pub goal: String,
    /// Time budget in minutes.
    pub budget_min: u32,
    /// Questions to ask oneself or the interviewer.
    pub prompts: Vec<String>,
    /// What a strong answer covers in this step.
    pub checklist: Vec<String>,
}

/// How hard a case study is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    /// A good first case.
    Easy,
    /// A typical interview case.
    Medium,
    /// Many moving parts.
    Hard,
}

/// `templates/*.ron`: a case study with its starting board and reference solution.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Template {
    /// Stable id (e.g. `"visual-search"`), also the file name.
    pub id: String,
    /// Name shown in the chooser.
    pub title: String,
    /// Id of the framework the case follows.
    pub framework: String,
    /// How hard the case is.
    pub difficulty: Difficulty,
    /// Short keywords for search.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The problem as an interviewer would state it, one paragraph.
    pub statement: String,
    /// Case-specific prompts, checklist items and follow-up questions added to framework steps.
    #[serde(default)]
    pub steps: Vec<StepExtras>,
    /// The board the user starts from.
    pub start: Sketch,
    /// What a strong answer draws; hidden while practising. Empty for the blank boards.
    #[serde(default)]
    pub reference: Sketch,
}

/// Case-specific additions to one framework step.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StepExtras {
    /// Id of the framework step these add to.
    pub step: String,
    /// Extra prompts for this case.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// Extra checklist items for this case.
    #[serde(default)]
    pub checklist: Vec<String>,
    /// Questions an interviewer might ask during this step.
    #[serde(default)]
    pub follow_ups: Vec<String>,
}

/// Nodes and edges of a template board.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Sketch {
    /// The boxes.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// The connections.
    #[serde(default)]
    pub edges: Vec<crate::board::Edge>,
}

impl Catalogue {
    /// Every kind id in the catalogue.
    pub fn kind_ids(&self) -> HashSet<&str> {
        self.groups.iter().flat_map(|g| g.kinds.iter().map(|k| k.id.as_str())).collect()
    }

    /// Problems with the catalogue itself: empty or duplicate ids and names.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut groups = HashSet::new();
        let mut kinds = HashSet::new();
        for g in &self.groups {
            if g.id.trim().is_empty() || g.name.trim().is_empty() {
                out.push("a group has an empty id or name".to_owned());
            }
            if !groups.insert(g.id.as_str()) {
                out.push(format!("group id `{}` is used twice", g.id));
            }
            if g.kinds.is_empty() {
                out.push(format!("group `{}` has no kinds", g.id));
            }
            for k in &g.kinds {
                if k.id.trim().is_empty() || k.name.trim().is_empty() {
                    out.push(format!("a kind in group `{}` has an empty id or name", g.id));
                }
                if !kinds.insert(k.id.as_str()) {
                    out.push(format!("kind id `{}` is used twice", k.id));
                }
            }
        }
        out
    }
}

impl Framework {
    /// Problems with the framework: no steps, duplicate step ids, zero budgets, empty texts.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.id.trim().is_empty() || self.title.trim().is_empty() {
            out.push("the framework has an empty id or title".to_owned());
        }
        if self.steps.is_empty() {
            out.push("the framework has no steps".to_owned());
        }
        if self.steps.len() > usize::from(u8::MAX) {
            out.push("the framework has more than 255 steps".to_owned());
        }
        let mut ids = HashSet::new();
        for (i, s) in self.steps.iter().enumerate() {
            let at = format!("step {} (`{}`)", i + 1, s.id);
            if s.id.trim().is_empty() || s.title.trim().is_empty() || s.goal.trim().is_empty() {
                out.push(format!("{at} has an empty id, title or goal"));
            }
            if !ids.insert(s.id.as_str()) {
                out.push(format!("{at}: step id `{}` is used twice", s.id));
            }
            if s.budget_min == 0 {
                out.push(format!("{at} has a budget of 0 minutes; budgets must be above 0"));
            }
            if s.prompts.iter().chain(&s.checklist).any(|t| t.trim().is_empty()) {
                out.push(format!("{at} has an empty prompt or checklist item"));
            }
            if has_duplicates(&s.checklist) {
                out.push(format!("{at} lists a checklist item twice"));
            }
        }
        out
    }
}

impl Template {
    /// Problems with the template, given the known frameworks and component kinds.
    pub fn problems(&self, frameworks: &[Framework], kinds: &HashSet<&str>) -> Vec<String> {
        let mut out = Vec::new();
        if self.id.trim().is_empty() || self.title.trim().is_empty() {
            out.push("the template has an empty id or title".to_owned());
        }
        if self.statement.trim().is_empty() {
            out.push("the template has no problem statement".to_owned());
        }
        let Some(fw) = frameworks.iter().find(|f| f.id == self.framework) else {
            let known: Vec<&str> = frameworks.iter().map(|f| f.id.as_str()).collect();
            out.push(format!("framework `{}` is unknown (known: {})", self.framework, known.join(", ")));
            return out;
        };
        let mut seen = HashSet::new();
        for extra in &self.steps {
            if !fw.steps.iter().any(|s| s.id == extra.step) {
                out.push(format!("step `{}` is not a step of `{}`", extra.step, fw.id));
            }
            if !seen.insert(extra.step.as_str()) {
                out.push(format!("step `{}` has two blocks of extras", extra.step));
            }
        }
        let steps = fw.steps.len();
        for (name, sketch) in [("start", &self.start), ("reference", &self.reference)] {
            let board = sketch.to_board(&self.title, &self.framework);
            for p in crate::board::validate::problems(&board, steps, Some(kinds)) {
                out.push(format!("{name} board: {p}"));
            }
        }
        let has_component = |n: &Node| matches!(n.kind, NodeKind::Component(_));
        if !self.reference.nodes.is_empty() && !self.reference.nodes.iter().any(has_component) {
            out.push("the reference board has nodes but no components".to_owned());
        }
        out
    }
}

impl Sketch {
    /// A board holding these nodes and edges.
    pub fn to_board(&self, title: &str, framework: &str) -> Board {
        let mut board = Board::new(title);
        board.framework = framework.to_owned();
        board.nodes = self.nodes.clone();
        board.edges = self.edges.clone();
        board.reindex();
        board.next_id = 0;
        board.next_id = board.fresh_id();
        board
    }
}

fn has_duplicates(items: &[String]) -> bool {
    let mut seen = HashSet::new();
    items.iter().any(|i| !seen.insert(i.as_str()))
}
