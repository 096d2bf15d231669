//! A monotonic time source behind a trait, so tests drive the interview clock by hand.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A monotonic clock: time since some fixed origin.
pub trait Clock: Send {
    /// Time since the clock's origin; never goes backwards.
    fn now(&self) -> Duration;
}

/// The machine's monotonic clock.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self { origin: Instant::now() }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that only moves when told to; clones share the same time.
#[derive(Clone, Debug, Default)]
pub struct FakeClock {
    now: Arc<Mutex<Duration>>,
}

impl FakeClock {
    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut t) = self.now.lock() {
            *t += by;
        }
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        self.now.lock().map(|t| *t).unwrap_or_default()
    }
}

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

/// Mixes the bits of `x` (splitmix64's finalizer), so that nearby seeds give unrelated values:
/// enough for picking a case or a moment, not for anything secret.
pub fn mix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
