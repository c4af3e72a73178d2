#![doc = include_str!("../README.md")]

mod battery;
mod dispatch;
mod ledger;

pub use battery::{
    Battery, BatteryError, BatteryState, BatteryStep, DEFAULT_FADE_PER_CYCLE_FRAC, DEFAULT_ONE_WAY_EFFICIENCY,
    DEFAULT_ROUND_TRIP_EFFICIENCY, DEFAULT_SELF_DISCHARGE_PER_DAY_FRAC, DEFAULT_SOC_MAX_FRAC, DEFAULT_SOC_MIN_FRAC,
};
pub use dispatch::{
    DEFAULT_CHARGE_QUANTILE, DEFAULT_DISCHARGE_QUANTILE, DispatchContext, DispatchPolicy, quantile_thresholds,
};
pub use ledger::GreenLedger;
