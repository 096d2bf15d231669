//! Helpers shared by integration tests: finding a built-in case and reading its reference.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use mlsd_board::board::NodeKind;
use mlsd_board::content::schema::Template;
use mlsd_board::content::templates;
use std::collections::HashSet;

/// The built-in template `id`; the failure lists the ids that are built in.
pub fn builtin(id: &str) -> &'static Template {
    templates::find(id).unwrap_or_else(|| {
        let ids: Vec<&str> = templates::builtin().iter().map(|t| t.id.as_str()).collect();
        panic!("template {id} is not built in; have {ids:?}")
    })
}

/// The component kinds drawn in a template's reference solution.
pub fn reference_kinds(t: &Template) -> HashSet<&str> {
    t.reference
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            NodeKind::Component(k) => Some(k.as_str()),
            _ => None,
        })
        .collect()
}
