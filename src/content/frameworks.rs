//! The interview frameworks (steps, budgets, prompts, checklists), embedded at build time.

use crate::board::DEFAULT_FRAMEWORK;
use crate::content::schema::Framework;
use std::sync::OnceLock;

/// Every built-in framework; the default one first.
pub fn frameworks() -> &'static [Framework] {
    static FRAMEWORKS: OnceLock<Vec<Framework>> = OnceLock::new();
    FRAMEWORKS.get_or_init(|| {
        // build.rs has parsed and checked these texts, so parsing cannot fail in a built binary.
        let mut all: Vec<Framework> = crate::content::embedded::FRAMEWORKS
            .iter()
            .filter_map(|(_, text)| ron::from_str(text).ok())
            .collect();
        all.sort_by_key(|f| f.id != DEFAULT_FRAMEWORK);
        all
    })
}

/// The framework with this id.
pub fn get(id: &str) -> Option<&'static Framework> {
    frameworks().iter().find(|f| f.id == id)
}

/// The framework with this id, or the default one when the id is unknown.
pub fn get_or_default(id: &str) -> &'static Framework {
    static EMPTY: OnceLock<Framework> = OnceLock::new();
    get(id).or_else(|| get(DEFAULT_FRAMEWORK)).unwrap_or_else(|| {
        EMPTY.get_or_init(|| Framework {
            id: String::new(),
            title: String::new(),
            steps: Vec::new(),
            short_for: None,
            rules: Vec::new(),
        })
    })
}

/// How many steps the framework has (the default framework's count for an unknown id).
pub fn step_count(id: &str) -> usize {
    get_or_default(id).steps.len()
}

/// The title of step `n` (counted from 1) of the framework, if there is one.
pub fn step_title(id: &str, n: u8) -> Option<&'static str> {
    let i = usize::from(n).checked_sub(1)?;
    get_or_default(id).steps.get(i).map(|s| s.title.as_str())
}
