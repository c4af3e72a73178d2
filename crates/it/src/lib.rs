#![doc = include_str!("../README.md")]

mod curve;
mod fit;
mod samples;
mod server;

pub use curve::{AcceleratorPower, DVFS_EXPONENT, H200_FIT, SaturatingCurve, capped_throughput_frac, curve_by_name};
pub use fit::{FitError, FittedPower, fit_saturating_curve};
pub use samples::{SamplesError, read_power_samples};
pub use server::{PowerTable, ServerPower};
