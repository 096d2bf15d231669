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

/// The catalogue's group of equivalents that holds `kind`, if any.
pub fn equivalents_of(kind: &str) -> Option<&'static crate::content::schema::Equivalents> {
    catalogue().equivalents.iter().find(|e| e.kinds.iter().any(|k| k == kind))
}

/// Whether kinds `a` and `b` stand for each other in every case: the same kind, or two kinds of
/// one group of [`Catalogue::equivalents`](crate::content::schema::Catalogue::equivalents).
pub fn equivalent(a: &str, b: &str) -> bool {
    a == b || equivalents_of(a).is_some_and(|e| e.kinds.iter().any(|k| k == b))
}

/// Whether `kind` is a sensible addition to any design
/// ([`Catalogue::sensible`](crate::content::schema::Catalogue::sensible) names it or its group).
pub fn is_sensible(kind: &str) -> bool {
    let group = kind_group(kind);
    catalogue().sensible.iter().any(|s| s == kind || Some(s.as_str()) == group)
}

/// The id of the palette group of `kind`.
pub fn kind_group(kind: &str) -> Option<&'static str> {
    self::kind(kind).map(|(g, _)| g.id.as_str())
}

/// Whether `kind` is named by `wanted`: the kind itself, its palette group's id, or a kind
/// equivalent to it.
pub fn kind_matches(kind: &str, wanted: &str) -> bool {
    equivalent(kind, wanted) || kind_group(kind) == Some(wanted)
}
