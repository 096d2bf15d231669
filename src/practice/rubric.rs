//! The self-rating rubric: the five interview signals, what each level looks like, the evidence
//! the engine finds in a session for each, the user's ratings, and what to practise next.
//!
//! The rubric's texts and evidence rules are data (`assets/rubric.ron`, checked and embedded by
//! `build.rs`); this module reads them and applies them to a board. No UI.

use crate::board::Board;
use crate::board::record::{SessionRecord, Signal};
use crate::content::catalogue;
use crate::content::schema::{EvidenceRule, Rubric, SignalRubric, name_words};
use crate::practice::{review, steps};
use std::sync::OnceLock;

/// The rubric, read once from the copy embedded at build time.
pub fn rubric() -> &'static Rubric {
    static RUBRIC: OnceLock<Rubric> = OnceLock::new();
    RUBRIC.get_or_init(|| {
        // build.rs has parsed and checked this very text, so this cannot fail in a built binary.
        ron::from_str(crate::content::embedded::RUBRIC).unwrap_or(Rubric { signals: Vec::new() })
    })
}

/// The rubric of one signal.
pub fn of(signal: Signal) -> Option<&'static SignalRubric> {
    rubric().signals.iter().find(|s| s.signal == signal)
}

/// What level `level` (1 to 4) of `signal` looks like.
pub fn level_text(signal: Signal, level: u8) -> Option<&'static str> {
    let i = usize::from(level).checked_sub(1)?;
    of(signal)?.levels.get(i).map(String::as_str)
}

/// The lowest and highest level a signal can be rated.
pub const LEVELS: std::ops::RangeInclusive<u8> = 1..=4;

/// The user's rating of `signal` in a session.
pub fn rating(session: &SessionRecord, signal: Signal) -> Option<u8> {
    session.ratings.iter().rev().find(|r| r.signal == signal).map(|r| r.level)
}

/// One piece of evidence and whether the session shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceItem {
    /// What it says (from the rubric).
    pub text: String,
    /// Whether the session shows it.
    pub found: bool,
}

/// The evidence for one signal in a session, next to the user's rating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalEvidence {
    /// The signal.
    pub signal: Signal,
    /// The user's rating, 1 to 4, if given.
    pub rating: Option<u8>,
    /// Checklist items tagged with this signal that are ticked.
    pub checklist_done: usize,
    /// Checklist items tagged with this signal in the session.
    pub checklist_total: usize,
    /// The rubric's evidence items, found or not.
    pub items: Vec<EvidenceItem>,
}

impl SignalEvidence {
    /// Evidence found (checklist ticks and items) as a share of what could be found, 0 to 1.
    pub fn share(&self) -> f32 {
        let found = self.checklist_done + self.items.iter().filter(|i| i.found).count();
        let all = self.checklist_total + self.items.len();
        if all == 0 { 0.0 } else { found as f32 / all as f32 }
    }
}

/// What the user wrote that evidence rules read: step notes, and the board's labels.
struct Writing<'a> {
    board: &'a Board,
}

impl Writing<'_> {
    /// The text evidence rule `rule` reads: the notes of its steps, or all notes and labels.
    fn text(&self, rule: &EvidenceRule) -> String {
        let s = &self.board.session;
        if !rule.steps.is_empty() {
            return rule
                .steps
                .iter()
                .filter_map(|id| s.step(id).map(|r| r.notes.as_str()))
                .collect::<Vec<_>>()
                .join("\n");
        }
        let notes = s.steps.iter().map(|r| r.notes.as_str());
        let labels = self
            .board
            .nodes
            .iter()
            .filter(|n| !matches!(n.kind, crate::board::NodeKind::Stage(_)))
            .map(|n| n.label.as_str());
        let edges = self.board.edges.iter().map(|e| e.label.as_str());
        notes.chain(labels).chain(edges).collect::<Vec<_>>().join("\n")
    }
}

/// Whether `words` holds `phrase` (both as [`name_words`]) as consecutive words.
fn holds(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

/// Whether the board and the session show evidence rule `rule`.
pub fn found(board: &Board, rule: &EvidenceRule, kinds_on_board: &[String]) -> bool {
    let kinds = rule.kinds.iter().any(|want| kinds_on_board.iter().any(|k| catalogue::kind_matches(k, want)));
    if kinds {
        return true;
    }
    let text = Writing { board }.text(rule);
    if rule.numbers && text.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    if rule.min_words > 0
        && text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count() >= rule.min_words
    {
        return true;
    }
    let words = name_words(&text);
    rule.words.iter().any(|w| holds(&words, &name_words(w)))
}

/// The evidence for each of the five signals in the session of `board`, in [`Signal::ALL`]
/// order: the user's rating, the checklist items tagged with the signal that are ticked, and the
/// rubric's evidence items.
pub fn evidence(board: &Board) -> Vec<SignalEvidence> {
    let kinds = review::kinds_on(board);
    let steps = steps::steps(board);
    Signal::ALL
        .iter()
        .map(|&signal| {
            let (mut done, mut total) = (0, 0);
            for st in &steps {
                for item in st.checklist.iter().filter(|c| c.signal == Some(signal)) {
                    total += 1;
                    if board.session.is_ticked(&st.id, &item.text) {
                        done += 1;
                    }
                }
            }
            let items = of(signal)
                .map(|r| {
                    r.evidence
                        .iter()
                        .map(|e| EvidenceItem { text: e.text.clone(), found: found(board, e, &kinds) })
                        .collect()
                })
                .unwrap_or_default();
            SignalEvidence {
                signal,
                rating: rating(&board.session, signal),
                checklist_done: done,
                checklist_total: total,
                items,
            }
        })
        .collect()
}

/// The `n` weakest signals: rated signals by lowest rating first, then unrated ones; ties broken
/// by the smaller share of evidence found ([`SignalEvidence::share`]), then by [`Signal::ALL`]
/// order. With no ratings at all, the signals with the least evidence.
pub fn weakest(evidence: &[SignalEvidence], n: usize) -> Vec<Signal> {
    let mut order: Vec<&SignalEvidence> = evidence.iter().collect();
    let key = |e: &SignalEvidence| (e.rating.unwrap_or(u8::MAX), (e.share() * 1000.0) as u32);
    order.sort_by_key(|e| key(e)); // stable: Signal::ALL order breaks ties
    order.into_iter().take(n).map(|e| e.signal).collect()
}

/// What to practise for `signal` (from the rubric).
pub fn practice(signal: Signal) -> &'static [String] {
    of(signal).map_or(&[], |r| r.practice.as_slice())
}
