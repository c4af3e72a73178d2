#![doc = include_str!("../README.md")]

mod calendar;
mod duration;
mod text;

pub use calendar::{UtcTime, days_in_year, parse_utc};
pub use duration::{MAX_DURATION_S, format_duration_s, parse_duration_s};
pub use text::{MAX_INPUT_FILE_BYTES, decode_text, read_text};

/// Seconds in one hour.
pub const SECONDS_PER_HOUR: u64 = 3_600;
/// Seconds in one day.
pub const SECONDS_PER_DAY: u64 = 86_400;

/// Derives an independent seed for one random stream from the run seed.
///
/// SplitMix64's finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014) applied to `seed ⊕ stream·φ`: nearby seeds and stream numbers give
/// unrelated generators, so each stream (weather, grid, every rack) draws its own numbers and
/// adding a stream never shifts another.
pub fn stream_seed(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
