//! The shapes of the data files (component catalogue, frameworks, templates) and their checks.
//!
//! `build.rs` includes this file to refuse a broken data file at build time; the library uses the
//! same code to read the embedded copies and the user's own templates at run time. It depends on
//! serde, ron and the board model only.

use crate::board::record::{EstimateInputs, Signal};
use crate::board::{Board, Node, NodeKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// `assets/catalogue.ron`: the component kinds, in palette groups.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Catalogue {
    /// The palette groups, in display order.
    pub groups: Vec<Group>,
    /// Groups of kinds that do the same job, so that the review counts any of them for any
    /// other in every case (e.g. key-value store, cache, online feature store). A kind is in at
    /// most one group.
    #[serde(default)]
    pub equivalents: Vec<Equivalents>,
    /// Kinds, or palette group ids, that are a sensible addition to any design (monitoring,
    /// experimentation, caches): the review neither credits nor charges them.
    #[serde(default)]
    pub sensible: Vec<String>,
}

/// Kinds that stand for one another in every case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Equivalents {
    /// What the kinds have in common, for the review's words (e.g. "online lookup store").
    pub name: String,
    /// The kind ids.
    pub kinds: Vec<String>,
}

/// A palette group of component kinds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Group {
    /// Stable id (e.g. `"storage"`), which also picks the group's colour.
    pub id: String,
    /// Name shown in the palette.
    pub name: String,
    /// The framework step ids a reference component of this group belongs to in the review's
    /// per-step coverage, in order of preference: the first one the board's framework has.
    #[serde(default)]
    pub steps: Vec<String>,
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
    /// Instead of the group's [`Group::steps`]: the step ids this kind belongs to.
    #[serde(default)]
    pub steps: Vec<String>,
}

/// The words of a name or a label as the review compares them: runs of letters and digits, lower
/// case, each normalised by [`normalise_word`]. Everything else (spaces, hyphens, slashes,
/// brackets) separates words, so "Pre-ranker" and "pre ranker" are the same two words.
///
/// ```
/// use mlsd_board::content::schema::name_words;
/// assert_eq!(name_words("Light rankers"), name_words("light ranker"));
/// assert_eq!(name_words("Re-ranking"), name_words("re rank"));
/// assert_eq!(name_words("A/B testing"), ["a", "b", "test"]);
/// ```
pub fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| normalise_word(&w.to_lowercase()))
        .collect()
}

/// One lower-case word with its plural, -ing and -ed endings and a final silent `e` taken off,
/// so that the forms of a word compare equal: "indexes", "indexing" and "index" give "index";
/// "caches" and "cache" give "cach"; "labelling", "labeling" and "labels" give "label". Short
/// words keep their endings ("ads", "gcs", "redis", "faiss" stay as they are). The same rule runs
/// on labels and on catalogue names, so what matters is that the forms agree, not that the result
/// is an English word.
pub fn normalise_word(word: &str) -> String {
    let mut w = word.to_owned();
    let len = |w: &str| w.chars().count();
    if len(&w) > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if len(&w) > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    }
    let mut cut = false;
    if len(&w) >= 6 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
        cut = true;
    } else if len(&w) >= 6 && w.ends_with("ed") && !w.ends_with("eed") {
        w.truncate(w.len() - 2);
        cut = true;
    }
    if cut {
        // "labell" → "label", "mapp" → "map", but "pass" keeps its double s.
        let mut tail = w.chars().rev();
        if let (Some(a), Some(b)) = (tail.next(), tail.next())
            && a == b
            && a != 's'
            && !"aeiou".contains(a)
        {
            w.pop();
        }
    }
    if len(&w) >= 4 && w.ends_with('e') && !w.ends_with("ee") {
        w.pop();
    }
    w
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
    /// The framework this one is a shorter form of: cases written for that framework can be
    /// practised under this one too, each step taking the case's extras of the steps it
    /// [`covers`](Step::covers). `None` for a framework of its own.
    #[serde(default)]
    pub short_for: Option<String>,
    /// Interviewer rules that apply to every case under this framework.
    #[serde(default)]
    pub rules: Vec<Rule>,
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
    /// What a strong answer covers in this step, each item tagged with the signal it shows.
    pub checklist: Vec<CheckItem>,
    /// In a short framework ([`Framework::short_for`]): the ids of the longer framework's steps
    /// this step stands for, whose case extras it shows.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Whether the step shows the back-of-envelope estimator (scoping and scale steps).
    #[serde(default)]
    pub estimator: bool,
}

/// A checklist item: its text and the interview signal ticking it shows. Written in a data file
/// either as a plain string (no signal; older user templates) or as
/// `Check(text: "…", signal: Modelling)`.
///
/// ```
/// use mlsd_board::board::record::Signal;
/// use mlsd_board::content::schema::CheckItem;
/// let items: Vec<CheckItem> =
///     ron::from_str(r#"["Old style", Check(text: "Tagged", signal: Modelling)]"#).expect("both forms");
/// assert_eq!(items[0], CheckItem { text: "Old style".into(), signal: None });
/// assert_eq!(items[1], CheckItem::new("Tagged", Signal::Modelling));
/// // What is written reads back the same.
/// let text = ron::to_string(&items).expect("writes");
/// assert_eq!(ron::from_str::<Vec<CheckItem>>(&text).expect("reads back"), items);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckItem {
    /// The text shown, also the item's identity in a session's ticks.
    pub text: String,
    /// The signal the item shows; `None` only in user templates written before signals.
    pub signal: Option<Signal>,
}

impl CheckItem {
    /// An item with its signal.
    pub fn new(text: &str, signal: Signal) -> Self {
        Self { text: text.to_owned(), signal: Some(signal) }
    }
}

impl Serialize for CheckItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        match self.signal {
            None => s.serialize_str(&self.text),
            Some(signal) => {
                let mut st = s.serialize_struct("Check", 2)?;
                st.serialize_field("text", &self.text)?;
                st.serialize_field("signal", &signal)?;
                st.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for CheckItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The written form: a plain string, or a struct with the text and the signal.
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = CheckItem;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a checklist item: a string, or Check(text: \"…\", signal: …)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CheckItem, E> {
                Ok(CheckItem { text: v.to_owned(), signal: None })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<CheckItem, A::Error> {
                let mut text = None;
                let mut signal = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => text = Some(map.next_value::<String>()?),
                        "signal" => signal = Some(map.next_value::<Signal>()?),
                        other => return Err(serde::de::Error::unknown_field(other, &["text", "signal"])),
                    }
                }
                let text = text.ok_or_else(|| serde::de::Error::missing_field("text"))?;
                Ok(CheckItem { text, signal })
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// An interviewer rule: when the board holds (or lacks) some kinds during a step, ask a question.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rule {
    /// The step (id) during which the rule may fire.
    pub step: String,
    /// Kinds that must all be on the board (each, or a kind equivalent to it).
    #[serde(default)]
    pub present: Vec<String>,
    /// Kinds none of which may be on the board (nor kinds equivalent to them).
    #[serde(default)]
    pub absent: Vec<String>,
    /// The question the interviewer asks.
    pub question: String,
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
    /// How the review scores a board against the reference in this case.
    #[serde(default)]
    pub review: ReviewSpec,
    /// Interviewer rules over what is on the board, for this case.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The mid-session change of requirements, shown at about 40% of the total time.
    #[serde(default)]
    pub requirement_change: Option<String>,
    /// Mistakes that cost candidates the round in this case.
    #[serde(default)]
    pub pitfalls: Vec<String>,
    /// The back-of-envelope card: the estimator's inputs for this case and further worked
    /// numbers.
    #[serde(default)]
    pub estimates: Option<EstimatesCard>,
}

/// How the review compares a board with a case's reference.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReviewSpec {
    /// Reference kinds a strong answer cannot skip; they weigh more, and a missing one is named
    /// first.
    #[serde(default)]
    pub crux: Vec<String>,
    /// Kinds that may stand in for a reference kind in this case (beyond the catalogue's
    /// [`Catalogue::equivalents`]).
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// Kinds that are a sensible addition in this case: neither credited nor charged.
    #[serde(default)]
    pub optional: Vec<String>,
}

/// Kinds accepted in place of one reference kind, in one case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Alternative {
    /// The reference kind.
    pub kind: String,
    /// Kinds that count for it.
    pub accept: Vec<String>,
}

/// `assets/rubric.ron`: for each of the five interview signals, what each level looks like, the
/// evidence the engine looks for in a session, and what to practise when the signal is weak.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rubric {
    /// One entry per signal, each signal once.
    pub signals: Vec<SignalRubric>,
}

/// The rubric of one signal.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignalRubric {
    /// The signal.
    pub signal: Signal,
    /// What a 1, a 2, a 3 and a 4 look like, in that order.
    pub levels: Vec<String>,
    /// What the engine looks for in the session as evidence of this signal.
    #[serde(default)]
    pub evidence: Vec<EvidenceRule>,
    /// What to practise next when this signal is one of the weakest, one line each.
    pub practice: Vec<String>,
}

/// One piece of evidence the engine looks for. It is found when any of its conditions holds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, rename = "Evidence")]
pub struct EvidenceRule {
    /// What it says, e.g. "A label source is on the board".
    pub text: String,
    /// Kind ids or palette group ids: found when the board has a component box of one of them
    /// (or of a kind its catalogue equivalents include).
    pub kinds: Vec<String>,
    /// Words or phrases: found when the user's writing holds one of them (compared as
    /// [`name_words`]). The writing is the notes of [`steps`](Self::steps), or when that is
    /// empty every step's notes and every label on the board.
    pub words: Vec<String>,
    /// Step ids whose notes are read; empty for all notes and the board's labels.
    pub steps: Vec<String>,
    /// Found when the writing holds a number (a digit).
    pub numbers: bool,
    /// Found when the writing holds at least this many words (0: no such condition).
    pub min_words: usize,
}

impl Rubric {
    /// Problems with the rubric: a signal missing or given twice, not exactly four non-empty
    /// levels, no practice advice, evidence without text or condition, unknown kinds or steps.
    /// `kinds` are the catalogue's kind and group ids; `steps` every framework's step ids.
    pub fn problems(&self, kinds: &HashSet<&str>, steps: &HashSet<&str>) -> Vec<String> {
        let mut out = Vec::new();
        for signal in Signal::ALL {
            let n = self.signals.iter().filter(|s| s.signal == signal).count();
            if n != 1 {
                out.push(format!("signal {signal:?} is given {n} times; give it once"));
            }
        }
        for s in &self.signals {
            let at = format!("signal {:?}", s.signal);
            if s.levels.len() != 4 || s.levels.iter().any(|l| l.trim().is_empty()) {
                out.push(format!("{at} needs exactly four non-empty levels (1 to 4)"));
            }
            if s.practice.is_empty() || s.practice.iter().any(|p| p.trim().is_empty()) {
                out.push(format!("{at} needs practice advice, none of it empty"));
            }
            for (i, e) in s.evidence.iter().enumerate() {
                let at = format!("{at}, evidence {}", i + 1);
                if e.text.trim().is_empty() {
                    out.push(format!("{at} has no text"));
                }
                if e.kinds.is_empty() && e.words.is_empty() && !e.numbers && e.min_words == 0 {
                    out.push(format!("{at} has no condition: give kinds, words, numbers or min_words"));
                }
                for k in &e.kinds {
                    if !kinds.contains(k.as_str()) {
                        out.push(format!("{at} names unknown kind or group `{k}`"));
                    }
                }
                for st in &e.steps {
                    if !steps.contains(st.as_str()) {
                        out.push(format!("{at} names unknown step `{st}`"));
                    }
                }
                if e.words.iter().any(|w| name_words(w).is_empty()) {
                    out.push(format!("{at} lists a word with no letters or digits"));
                }
            }
        }
        out
    }
}

/// A case's back-of-envelope numbers.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EstimatesCard {
    /// The estimator's inputs for this case; its outputs (QPS, storage, index memory) are worked
    /// out from them.
    pub inputs: EstimateInputs,
    /// Further numbers worked out in words, one line each (training data per day, serving
    /// fleet, GPU hours).
    #[serde(default)]
    pub worked: Vec<String>,
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
    pub checklist: Vec<CheckItem>,
    /// Questions an interviewer might ask during this step.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// What a strong answer covers in this step: 3 to 6 short points, shown after Finish or on
    /// a peek.
    #[serde(default)]
    pub strong_answer: Vec<String>,
    /// The framework's checklist items (their exact text) that do not apply to this case.
    #[serde(default)]
    pub not_applicable: Vec<String>,
    /// This case's time budget for the step in minutes, instead of the framework's.
    #[serde(default)]
    pub budget_min: Option<u32>,
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

    /// Problems with the catalogue itself: empty or duplicate ids and names, equivalence groups
    /// naming unknown kinds or sharing a kind, sensible additions that are neither a kind nor a
    /// group.
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
        let mut grouped = HashSet::new();
        for e in &self.equivalents {
            if e.kinds.len() < 2 {
                out.push(format!("equivalence group `{}` needs at least two kinds", e.name));
            }
            for k in &e.kinds {
                if !kinds.contains(k.as_str()) {
                    out.push(format!("equivalence group `{}` names unknown kind `{k}`", e.name));
                }
                if !grouped.insert(k.as_str()) {
                    out.push(format!("kind `{k}` is in more than one equivalence group"));
                }
            }
        }
        for k in &self.sensible {
            if !kinds.contains(k.as_str()) && !groups.contains(k.as_str()) {
                out.push(format!("sensible addition `{k}` is neither a kind nor a group"));
            }
        }
        // A name that, once normalised, names two kinds would make every label holding it
        // ambiguous.
        let mut names: std::collections::HashMap<Vec<String>, &str> = std::collections::HashMap::new();
        for g in &self.groups {
            for k in &g.kinds {
                for name in std::iter::once(&k.name).chain(&k.synonyms) {
                    let w = name_words(name);
                    if w.is_empty() {
                        out.push(format!("kind `{}` has a name or synonym with no letters or digits", k.id));
                        continue;
                    }
                    match names.get(&w) {
                        Some(other) if *other != k.id => out.push(format!(
                            "{name:?} (read as {:?}) names both `{other}` and `{}`",
                            w.join(" "),
                            k.id
                        )),
                        _ => {
                            names.insert(w, &k.id);
                        }
                    }
                }
            }
        }
        out
    }

    /// Every kind id and palette group id.
    pub fn kind_and_group_ids(&self) -> HashSet<&str> {
        let mut out = self.kind_ids();
        out.extend(self.groups.iter().map(|g| g.id.as_str()));
        out
    }

    /// Problems between the catalogue and the frameworks: a group or kind whose `steps` names a
    /// step no framework has.
    pub fn step_problems(&self, frameworks: &[Framework]) -> Vec<String> {
        let known: HashSet<&str> =
            frameworks.iter().flat_map(|f| f.steps.iter().map(|s| s.id.as_str())).collect();
        let mut out = Vec::new();
        for g in &self.groups {
            for s in g.steps.iter().filter(|s| !known.contains(s.as_str())) {
                out.push(format!("group `{}` names step `{s}`, which no framework has", g.id));
            }
            for k in &g.kinds {
                for s in k.steps.iter().filter(|s| !known.contains(s.as_str())) {
                    out.push(format!("kind `{}` names step `{s}`, which no framework has", k.id));
                }
            }
        }
        out
    }

    /// The step (id) of `framework` that a reference component of kind `kind` belongs to in the
    /// per-step coverage: the first of the kind's [`Kind::steps`] (or else its group's) that the
    /// framework has, or that one of its steps [`covers`](Step::covers) (a short framework takes
    /// the longer one's ids through its steps); `None` when none is.
    pub fn step_of<'f>(&self, kind: &str, framework: &'f Framework) -> Option<&'f str> {
        let (g, k) =
            self.groups.iter().find_map(|g| g.kinds.iter().find(|k| k.id == kind).map(|k| (g, k)))?;
        let wanted = if k.steps.is_empty() { &g.steps } else { &k.steps };
        wanted.iter().find_map(|w| {
            framework
                .steps
                .iter()
                .find(|s| &s.id == w)
                .or_else(|| framework.steps.iter().find(|s| s.covers.contains(w)))
                .map(|s| s.id.as_str())
        })
    }
}

impl Framework {
    /// Problems with the framework on its own: no steps, duplicate step ids, zero budgets, empty
    /// texts, rules naming unknown steps or kinds.
    pub fn problems(&self, kinds: &HashSet<&str>) -> Vec<String> {
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
            if s.prompts.iter().any(|t| t.trim().is_empty())
                || s.checklist.iter().any(|c| c.text.trim().is_empty())
            {
                out.push(format!("{at} has an empty prompt or checklist item"));
            }
            if has_duplicates(s.checklist.iter().map(|c| c.text.as_str())) {
                out.push(format!("{at} lists a checklist item twice"));
            }
        }
        out.extend(rule_problems(&self.rules, self, kinds));
        out
    }

    /// What a built-in framework must hold on top of [`Framework::problems`]: every checklist
    /// item tagged with a signal.
    pub fn completeness_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.steps {
            for c in s.checklist.iter().filter(|c| c.signal.is_none()) {
                out.push(format!("step `{}`: checklist item {:?} has no signal", s.id, c.text));
            }
        }
        out
    }

    /// Problems between this framework and the others: a [`Framework::short_for`] naming no
    /// framework, or steps whose [`Step::covers`] leave out or repeat a step of the longer one.
    pub fn cross_problems(&self, all: &[Framework]) -> Vec<String> {
        let mut out = Vec::new();
        let Some(long_id) = &self.short_for else {
            if self.steps.iter().any(|s| !s.covers.is_empty()) {
                out.push("steps list `covers` but the framework is not `short_for` another".to_owned());
            }
            return out;
        };
        let Some(long) = all.iter().find(|f| &f.id == long_id) else {
            out.push(format!("`short_for` names unknown framework `{long_id}`"));
            return out;
        };
        let mut covered: Vec<&str> = Vec::new();
        for s in &self.steps {
            for c in &s.covers {
                if !long.steps.iter().any(|l| &l.id == c) {
                    out.push(format!("step `{}` covers `{c}`, which is not a step of `{long_id}`", s.id));
                }
                if covered.contains(&c.as_str()) {
                    out.push(format!("step `{c}` of `{long_id}` is covered twice"));
                }
                covered.push(c);
            }
        }
        for l in &long.steps {
            if !covered.contains(&l.id.as_str()) {
                out.push(format!("step `{}` of `{long_id}` is covered by no step", l.id));
            }
        }
        out
    }
}

/// Problems with interviewer rules: unknown steps or kinds, no condition, no question.
fn rule_problems(rules: &[Rule], fw: &Framework, kinds: &HashSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        let at = format!("rule {}", i + 1);
        if !fw.steps.iter().any(|s| s.id == r.step) {
            out.push(format!("{at}: step `{}` is not a step of `{}`", r.step, fw.id));
        }
        if r.present.is_empty() && r.absent.is_empty() {
            out.push(format!("{at} has no condition: give `present` or `absent` kinds"));
        }
        for k in r.present.iter().chain(&r.absent) {
            if !kinds.contains(k.as_str()) {
                out.push(format!("{at} names unknown kind `{k}`"));
            }
        }
        if r.question.trim().is_empty() {
            out.push(format!("{at} has no question"));
        }
    }
    out
}

/// At most this many checklist items in one session, so that the list stays usable in 45
/// minutes.
pub const MAX_SESSION_CHECKLIST: usize = 40;

impl Template {
    /// Problems with the template, given the known frameworks and component kinds: every rule a
    /// template must meet, built in or the user's own (old user templates without the newer
    /// fields pass).
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
            let Some(step) = fw.steps.iter().find(|s| s.id == extra.step) else {
                out.push(format!("step `{}` is not a step of `{}`", extra.step, fw.id));
                continue;
            };
            if !seen.insert(extra.step.as_str()) {
                out.push(format!("step `{}` has two blocks of extras", extra.step));
            }
            if extra.checklist.iter().any(|c| c.text.trim().is_empty())
                || extra.strong_answer.iter().chain(&extra.prompts).any(|t| t.trim().is_empty())
            {
                out.push(format!(
                    "step `{}` has an empty prompt, checklist item or answer point",
                    extra.step
                ));
            }
            for na in &extra.not_applicable {
                if !step.checklist.iter().any(|c| &c.text == na) {
                    out.push(format!(
                        "step `{}` marks {na:?} not applicable, but the framework has no such item",
                        extra.step
                    ));
                }
            }
            if extra.budget_min == Some(0) {
                out.push(format!("step `{}` has a budget of 0 minutes", extra.step));
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
        let in_reference: HashSet<&str> = self.reference.components().map(|(_, k)| k).collect();
        for k in &self.review.crux {
            if !in_reference.contains(k.as_str()) {
                out.push(format!("crux kind `{k}` is not in the reference board"));
            }
        }
        for a in &self.review.alternatives {
            if !in_reference.contains(a.kind.as_str()) {
                out.push(format!(
                    "alternatives are given for `{}`, which is not in the reference board",
                    a.kind
                ));
            }
            if a.accept.is_empty() {
                out.push(format!("alternatives for `{}` list no kinds", a.kind));
            }
            for k in &a.accept {
                if !kinds.contains(k.as_str()) {
                    out.push(format!("alternative `{k}` for `{}` is an unknown kind", a.kind));
                }
            }
        }
        for k in &self.review.optional {
            if !kinds.contains(k.as_str()) {
                out.push(format!("optional kind `{k}` is unknown"));
            }
        }
        out.extend(rule_problems(&self.rules, fw, kinds));
        if self.pitfalls.iter().any(|p| p.trim().is_empty()) {
            out.push("a pitfall is empty".to_owned());
        }
        if let Some(card) = &self.estimates
            && !crate::board::validate::estimate_ok(&card.inputs)
        {
            out.push(
                "the estimates card has inputs that are negative, not numbers or absurdly large".to_owned(),
            );
        }
        out
    }

    /// What a built-in case study must hold on top of [`Template::problems`] (`build.rs` checks
    /// it; a user's template need not): strong answers for every step of every framework the case
    /// can be practised under, at least three pitfalls, an estimates card, a crux, a requirement
    /// change, a monitoring component in the reference, every checklist item tagged, and a
    /// checklist of at most [`MAX_SESSION_CHECKLIST`] items per session. Blank boards (no
    /// reference) are exempt.
    pub fn completeness_problems(&self, frameworks: &[Framework], catalogue: &Catalogue) -> Vec<String> {
        let mut out = Vec::new();
        if self.reference.nodes.is_empty() {
            return out;
        }
        let Some(fw) = frameworks.iter().find(|f| f.id == self.framework) else { return out };
        for step in &fw.steps {
            let answer = self.steps.iter().find(|e| e.step == step.id).map_or(0, |e| e.strong_answer.len());
            if !(3..=6).contains(&answer) {
                out.push(format!("step `{}` has {answer} strong-answer points; give 3 to 6", step.id));
            }
        }
        for extra in &self.steps {
            for c in extra.checklist.iter().filter(|c| c.signal.is_none()) {
                out.push(format!("step `{}`: checklist item {:?} has no signal", extra.step, c.text));
            }
        }
        if self.pitfalls.len() < 3 {
            out.push(format!("the case lists {} pitfalls; give at least 3", self.pitfalls.len()));
        }
        if self.estimates.is_none() {
            out.push("the case has no estimates card".to_owned());
        }
        if self.review.crux.is_empty() {
            out.push("the case marks no crux components".to_owned());
        }
        if self.requirement_change.as_ref().is_none_or(|t| t.trim().is_empty()) {
            out.push("the case has no requirement change".to_owned());
        }
        let monitoring: HashSet<&str> = catalogue
            .groups
            .iter()
            .filter(|g| g.id == "monitoring")
            .flat_map(|g| g.kinds.iter().map(|k| k.id.as_str()))
            .collect();
        let has_monitoring = self
            .reference
            .nodes
            .iter()
            .any(|n| matches!(&n.kind, NodeKind::Component(k) if monitoring.contains(k.as_str())));
        if fw.id != "system-design" && !has_monitoring {
            out.push("the reference has no monitoring component".to_owned());
        }
        for f in frameworks
            .iter()
            .filter(|f| f.id == self.framework || f.short_for.as_ref() == Some(&self.framework))
        {
            let n = self.session_checklist_len(f);
            if n > MAX_SESSION_CHECKLIST {
                out.push(format!(
                    "under `{}` a session has {n} checklist items; at most {MAX_SESSION_CHECKLIST} stay usable",
                    f.id
                ));
            }
        }
        out
    }

    /// The case's extras for step `id` of `fw`: the block of that step, or for a short framework
    /// the blocks of every step it covers, in order.
    pub fn extras_for<'a>(
        &'a self,
        fw: &'a Framework,
        id: &'a str,
    ) -> impl Iterator<Item = &'a StepExtras> + 'a {
        let covers: Vec<&'a str> = match fw.steps.iter().find(|s| s.id == id) {
            Some(s) if fw.short_for.as_deref() == Some(self.framework.as_str()) => {
                s.covers.iter().map(String::as_str).collect()
            }
            _ => vec![id],
        };
        covers.into_iter().flat_map(move |c| self.steps.iter().filter(move |e| e.step == c))
    }

    /// How many checklist items a session of this case under `fw` shows: the framework's items
    /// less those marked not applicable, plus the case's own.
    pub fn session_checklist_len(&self, fw: &Framework) -> usize {
        fw.steps
            .iter()
            .map(|s| {
                let extras: Vec<&StepExtras> = self.extras_for(fw, &s.id).collect();
                let own = s
                    .checklist
                    .iter()
                    .filter(|c| !extras.iter().any(|e| e.not_applicable.contains(&c.text)))
                    .count();
                own + extras.iter().map(|e| e.checklist.len()).sum::<usize>()
            })
            .sum()
    }
}

impl Sketch {
    /// The component boxes, each with its kind id (notes and stage boxes left out).
    pub fn components(&self) -> impl Iterator<Item = (crate::board::NodeId, &str)> {
        self.nodes.iter().filter_map(|n| match &n.kind {
            NodeKind::Component(k) => Some((n.id, k.as_str())),
            _ => None,
        })
    }

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

fn has_duplicates<'a>(items: impl Iterator<Item = &'a str>) -> bool {
    let mut seen = HashSet::new();
    items.into_iter().any(|i| !seen.insert(i))
}
