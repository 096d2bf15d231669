//! Wall-clock time for dates written in files and logs (recovery copies, the practice log).
//! Never used to count interview time: it is not monotonic (see `crate::practice::clock`).

/// Wall-clock seconds since the Unix epoch (0 if the system clock is before it), for dates in
/// files and logs. The interview clock never uses this: it is not monotonic.
pub fn unix_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Wall-clock nanoseconds since the Unix epoch, truncated to 64 bits: a seed that differs run to
/// run.
pub fn unix_nanos() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}
