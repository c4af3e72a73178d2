#![doc = include_str!("../README.md")]

mod calendar;
mod duration;

pub use calendar::{UtcTime, days_in_year, parse_utc};
pub use duration::{format_duration_s, parse_duration_s};

/// Seconds in one hour.
pub const SECONDS_PER_HOUR: u64 = 3_600;
/// Seconds in one day.
pub const SECONDS_PER_DAY: u64 = 86_400;
