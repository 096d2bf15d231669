//! Case-study templates: the built-in ones embedded at build time.

use crate::spec::Template;
use std::sync::OnceLock;

/// Every built-in template, in file-name order.
pub fn builtin() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        // build.rs has parsed and checked these texts, so parsing cannot fail in a built binary.
        crate::embedded::TEMPLATES.iter().filter_map(|(_, text)| ron::from_str(text).ok()).collect()
    })
}

/// The built-in template with this id.
pub fn find(id: &str) -> Option<&'static Template> {
    builtin().iter().find(|t| t.id == id)
}
