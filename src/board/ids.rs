//! Looking items up by id, at a cost that does not grow with the board.
//!
//! A board hands out its own ids by counting up from 1 ([`crate::board::Board::fresh_id`]), so
//! the ids in use are nearly always a dense range a little wider than the number of items. The
//! board's position indexes ([`PositionIndex`]) and the id sets of bulk commands ([`IdMarks`])
//! keep such ids in plain arrays indexed by the id: a lookup is one load, and walking ids in
//! order walks memory in order. Ids outside the range (a file written by hand with ids like
//! `1000000000`, or a range left sparse by deletes) go to a hash map keyed with [`IdHash`], so
//! no choice of ids in a file costs more than a hash lookup or more memory than a few bytes per
//! item. A leaf: it uses nothing of the board.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// Hashes node and edge ids for the maps and sets keyed by id: one multiply of the id with a
/// key drawn at random once per run (as foldhash does), instead of SipHash's rounds. The random
/// key keeps ids in a crafted file from piling into one bucket.
#[derive(Clone, Copy, Debug)]
pub struct IdHash(u64);

impl Default for IdHash {
    fn default() -> Self {
        static KEY: OnceLock<u64> = OnceLock::new();
        Self(
            *KEY.get_or_init(|| std::collections::hash_map::RandomState::new().hash_one(0x9e37_79b9_u64) | 1),
        )
    }
}

impl BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher { key: self.0, hash: 0 }
    }
}

/// The hasher of [`IdHash`]: meant for one `u64` (an id); other input is folded in word by word.
#[derive(Clone, Copy, Debug)]
pub struct IdHasher {
    key: u64,
    hash: u64,
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, v: u64) {
        // The folded multiply: both halves of the 128-bit product, so every bit of the id
        // reaches the bits the table uses.
        let p = u128::from(self.hash ^ v ^ self.key)
            .wrapping_mul(u128::from(0x5851_f42d_4c95_7f2d_u64 ^ self.key));
        self.hash = (p as u64) ^ ((p >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A map keyed by node or edge ids, hashed with [`IdHash`].
pub type IdMap<K, V> = HashMap<K, V, IdHash>;
/// A set of node or edge ids, hashed with [`IdHash`].
pub type IdSet<K> = HashSet<K, IdHash>;

/// How many table slots an index or set may keep per item it holds, beyond [`SLACK`]: the
/// bound on the memory the plain arrays take, whatever the ids.
const SLOTS_PER_ITEM: u64 = 4;
/// Slots any index or set may keep however few items it holds.
const SLACK: u64 = 1024;

/// How many slots a [`PositionIndex`] holding `items` ids may have, with room for one more.
fn table_bound(items: u64) -> u64 {
    SLOTS_PER_ITEM.saturating_mul(items.saturating_add(1)).saturating_add(SLACK)
}

/// Where each item of a list sits in it, by id (the board's node and edge indexes).
#[derive(Clone, Debug, Default)]
pub struct PositionIndex {
    /// The id of `table[0]`.
    base: u64,
    /// `table[id - base]` is the item's position plus one; 0 for no item.
    table: Vec<u32>,
    /// Items whose id lies outside the table's range, or whose position does not fit in it.
    spill: IdMap<u64, usize>,
    /// How many ids are indexed.
    len: usize,
}

impl PositionIndex {
    /// Forgets every id.
    pub fn clear(&mut self) {
        self.table.clear();
        self.spill.clear();
        self.len = 0;
    }

    /// Indexes `ids`, the ids of a whole list in order (replacing what was indexed): the table
    /// starts at the smallest id.
    pub fn rebuild(&mut self, ids: impl Iterator<Item = u64> + Clone) {
        self.clear();
        self.base = ids.clone().min().unwrap_or(0);
        for (i, id) in ids.enumerate() {
            self.insert(id, i);
        }
    }

    /// How many ids are indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no id is indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The slot of `id` in the table, if the table covers it.
    fn slot(&self, id: u64) -> Option<usize> {
        let off = id.checked_sub(self.base)?;
        usize::try_from(off).ok().filter(|&s| s < self.table.len())
    }

    /// The position of `id`.
    pub fn get(&self, id: u64) -> Option<usize> {
        match self.slot(id).map(|s| self.table[s]) {
            Some(p) if p != 0 => Some(p as usize - 1),
            _ if self.spill.is_empty() => None,
            _ => self.spill.get(&id).copied(),
        }
    }

    /// Makes room at once for `more` items about to be inserted, the last of them with the id
    /// `last` (for appended items, the largest), instead of growing the table step by step as
    /// they come. Changes nothing that [`PositionIndex::get`] answers.
    pub fn reserve(&mut self, last: Option<u64>, more: usize) {
        let Some(off) = last.and_then(|id| id.checked_sub(self.base)) else { return };
        if off < table_bound(self.len as u64 + more as u64) && off as usize >= self.table.len() {
            self.table.resize(off as usize + 1, 0);
        }
    }

    /// Records that `id` sits at `pos`, replacing where it sat before.
    pub fn insert(&mut self, id: u64, pos: usize) {
        let stored = u32::try_from(pos + 1).ok().filter(|&p| p != 0);
        let slot = self.slot(id).or_else(|| {
            // Grow the table to cover `id` while it stays within its memory bound.
            let off = id.checked_sub(self.base)?;
            let bound = table_bound(self.len as u64);
            (off < bound && stored.is_some()).then(|| {
                let s = off as usize;
                let grown = (s + 1).max(self.table.len().saturating_mul(2)).min(bound as usize);
                self.table.resize(grown, 0);
                s
            })
        });
        match (slot, stored) {
            (Some(s), Some(p)) => {
                let was = std::mem::replace(&mut self.table[s], p);
                // An id that had a spilled position before now has it here.
                let spilled = was == 0 && !self.spill.is_empty() && self.spill.remove(&id).is_some();
                if was == 0 && !spilled {
                    self.len += 1;
                }
            }
            (slot, _) => {
                // Out of the table's range, or a position past u32 (not reachable from a file).
                let was_in_table = slot.is_some_and(|s| std::mem::replace(&mut self.table[s], 0) != 0);
                if self.spill.insert(id, pos).is_none() && !was_in_table {
                    self.len += 1;
                }
            }
        }
    }
}

/// A set of ids, for the checks of one command: a bitset over the range the command's own ids
/// span when that range is dense, a hash set otherwise (and for ids outside it).
#[derive(Clone, Debug)]
pub struct IdMarks {
    /// The id of bit 0.
    base: u64,
    /// Bit `id - base`.
    bits: Vec<u64>,
    spill: IdSet<u64>,
}

impl IdMarks {
    /// An empty set fit for the ids `ids` (which it does not hold yet): one pass over them
    /// finds their range.
    pub fn for_ids(ids: impl Iterator<Item = u64>) -> Self {
        let (mut min, mut max, mut count) = (u64::MAX, 0u64, 0u64);
        for id in ids {
            min = min.min(id);
            max = max.max(id);
            count += 1;
        }
        let bound = SLOTS_PER_ITEM.saturating_mul(count).saturating_add(SLACK).saturating_mul(8);
        if count == 0 || max - min >= bound {
            return Self { base: 0, bits: Vec::new(), spill: IdSet::default() };
        }
        let words = ((max - min) / 64 + 1) as usize;
        Self { base: min, bits: vec![0; words], spill: IdSet::default() }
    }

    /// The set of `ids`.
    pub fn of(ids: impl Iterator<Item = u64> + Clone) -> Self {
        let mut marks = Self::for_ids(ids.clone());
        ids.for_each(|id| _ = marks.insert(id));
        marks
    }

    /// The word and bit of `id`, if the bitset covers it.
    fn bit(&self, id: u64) -> Option<(usize, u64)> {
        let off = id.checked_sub(self.base)?;
        let word = usize::try_from(off / 64).ok().filter(|&w| w < self.bits.len())?;
        Some((word, 1 << (off % 64)))
    }

    /// Adds `id`; false when it was in the set already.
    pub fn insert(&mut self, id: u64) -> bool {
        match self.bit(id) {
            Some((w, b)) => {
                let was = self.bits[w] & b != 0;
                self.bits[w] |= b;
                !was
            }
            None => self.spill.insert(id),
        }
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: u64) -> bool {
        match self.bit(id) {
            Some((w, b)) => self.bits[w] & b != 0,
            None => self.spill.contains(&id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions in a [`PositionIndex`] agree with a plain map for dense, sparse, huge and
    /// repeated ids, with or without room reserved before the second half comes, and the table
    /// never outgrows its bound.
    #[test]
    fn position_index_agrees_with_a_map() {
        for reserve in [false, true] {
            position_index_agrees_with_a_map_when(reserve);
        }
    }

    fn position_index_agrees_with_a_map_when(reserve: bool) {
        let cases: Vec<Vec<u64>> = vec![
            (1..=5000).collect(),
            (1..=5000).map(|i| i * 1_000_003).collect(),
            vec![u64::MAX, 0, 1, 1 << 53, 7, 7, 3],
            (0..3000).map(|i| if i % 2 == 0 { i } else { 1 << 40 | i }).collect(),
            (1..=2000).rev().collect(),
        ];
        for ids in cases {
            let mut index = PositionIndex::default();
            let mut map = HashMap::new();
            index.rebuild(ids.iter().copied().take(ids.len() / 2));
            for (i, &id) in ids.iter().take(ids.len() / 2).enumerate() {
                map.insert(id, i);
            }
            if reserve {
                let before: Vec<_> = ids.iter().map(|&id| index.get(id)).collect();
                index.reserve(ids.last().copied(), ids.len() - ids.len() / 2);
                let after: Vec<_> = ids.iter().map(|&id| index.get(id)).collect();
                assert_eq!(before, after, "reserving room changes no answer");
            }
            for (i, &id) in ids.iter().enumerate().skip(ids.len() / 2) {
                index.insert(id, i);
                map.insert(id, i);
            }
            assert_eq!(index.len(), map.len());
            for &id in &ids {
                assert_eq!(index.get(id), map.get(&id).copied(), "id {id}");
            }
            for probe in [0, 2, 5001, 1 << 52, u64::MAX - 1] {
                assert_eq!(index.get(probe), map.get(&probe).copied(), "probe {probe}");
            }
            let bound = SLOTS_PER_ITEM * (index.len() as u64 + 1) + SLACK;
            assert!(index.table.len() as u64 <= bound, "{} slots for {} ids", index.table.len(), index.len());
        }
    }

    /// [`IdMarks`] is a set, whatever range its ids span, and keeps a dense range in bits.
    #[test]
    fn id_marks_is_a_set() {
        for ids in [vec![5, 9, 5, 64, 65, 127, 128], vec![1, u64::MAX, 1 << 53, 1, 0, u64::MAX]] {
            let mut marks = IdMarks::for_ids(ids.iter().copied());
            let mut set = HashSet::new();
            for &id in &ids {
                assert_eq!(marks.insert(id), set.insert(id), "id {id}");
            }
            for probe in ids.iter().copied().chain([2, 63, 129, 4, u64::MAX - 1]) {
                assert_eq!(marks.contains(probe), set.contains(&probe), "probe {probe}");
            }
        }
        let dense = IdMarks::for_ids(1..=100_000);
        assert_eq!(dense.bits.len(), 100_000 / 64 + 1);
        assert!(IdMarks::for_ids([1, 1 << 40].into_iter()).bits.is_empty());
    }
}
