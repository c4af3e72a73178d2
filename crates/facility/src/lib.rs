#![doc = include_str!("../README.md")]

mod air;
mod chain;

pub use air::{AirChillerPlant, CoolingPower, carnot_fraction_cop};
pub use chain::{ChainLosses, LossCurve, PowerChain, Redundancy};
