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

/// A source of wall-clock dates, so that tests can pretend it is another day (the practice log's
/// dates, the Due list).
pub trait WallClock: Send {
    /// Seconds since the Unix epoch.
    fn unix_secs(&self) -> u64;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemWallClock;

impl WallClock for SystemWallClock {
    fn unix_secs(&self) -> u64 {
        unix_secs()
    }
}

/// A wall clock that shows what it is told; clones share the same date.
#[derive(Clone, Debug, Default)]
pub struct FakeWallClock {
    secs: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl FakeWallClock {
    /// A clock showing `secs` seconds since the Unix epoch.
    pub fn at(secs: u64) -> Self {
        let c = Self::default();
        c.set(secs);
        c
    }

    /// Shows `secs` seconds since the Unix epoch from now on.
    pub fn set(&self, secs: u64) {
        self.secs.store(secs, std::sync::atomic::Ordering::Relaxed);
    }

    /// Moves the date on by `secs` seconds.
    pub fn advance(&self, secs: u64) {
        self.secs.fetch_add(secs, std::sync::atomic::Ordering::Relaxed);
    }
}

impl WallClock for FakeWallClock {
    fn unix_secs(&self) -> u64 {
        self.secs.load(std::sync::atomic::Ordering::Relaxed)
    }
}
