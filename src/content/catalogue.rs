//! The component catalogue, read once from the copy embedded at build time.

use crate::content::schema::{Catalogue, Group, Kind};
use std::sync::OnceLock;

/// The catalogue of component kinds, in palette order.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        // build.rs has parsed and checked this very text, so this cannot fail in a built binary.
        ron::from_str(crate::content::embedded::CATALOGUE).unwrap_or(Catalogue {
            groups: Vec::new(),
            equivalents: Vec::new(),
            sensible: Vec::new(),
        })
    })
}

/// The kind with this id and the group it belongs to.
pub fn kind(id: &str) -> Option<(&'static Group, &'static Kind)> {
    catalogue().groups.iter().find_map(|g| g.kinds.iter().find(|k| k.id == id).map(|k| (g, k)))
}

/// The palette name of a kind, or the id itself for a kind this build does not know.
pub fn kind_name(id: &str) -> &str {
    kind(id).map_or(id, |(_, k)| k.name.as_str())
}

/// Every kind, with its group, in palette order.
pub fn all_kinds() -> impl Iterator<Item = (&'static Group, &'static Kind)> {
    catalogue().groups.iter().flat_map(|g| g.kinds.iter().map(move |k| (g, k)))
}
