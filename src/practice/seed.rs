//! Deterministic pseudo-random choices from a seed: which follow-up is asked when, which case
//! "Surprise me" picks. Enough for picking, not for anything secret.

/// Mixes the bits of `x` (splitmix64's finalizer), so that nearby seeds give unrelated values:
/// enough for picking a case or a moment, not for anything secret.
pub fn mix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
