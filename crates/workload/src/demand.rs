//! Shapes of demand over time.

use std::f64::consts::TAU;

/// Relative amplitude of the daily cycle of interactive (inference) demand, peaking at 15 h
/// local time: ±33 %, a 2:1 peak-to-trough ratio. Production LLM-serving traces show a
/// pronounced day/night and weekday/weekend cycle (Patel et al., "Splitwise", ISCA 2024;
/// Stojkovic et al., "DynamoLLM", arXiv:2408.00741); neither publishes the ratio, so this is
/// a dctwin assumption to be refitted from the public Azure traces.
pub const DIURNAL_AMPLITUDE: f64 = 0.33;
/// Local hour of peak interactive demand.
pub const DIURNAL_PEAK_HOUR: f64 = 15.0;
/// Weekday and weekend demand factors (mean over a week = 1: 5 × 1.04 + 2 × 0.90 = 7).
pub const WEEKDAY_FACTOR: f64 = 1.04;
/// See [`WEEKDAY_FACTOR`].
pub const WEEKEND_FACTOR: f64 = 0.90;

/// Interactive demand relative to its mean at local hour `local_h` on a weekend or weekday.
/// Its mean over a week is exactly 1.
pub fn diurnal_demand_factor(local_h: f64, weekend: bool) -> f64 {
    let daily = 1.0 + DIURNAL_AMPLITUDE * (TAU * (local_h - DIURNAL_PEAK_HOUR) / 24.0).cos();
    daily * if weekend { WEEKEND_FACTOR } else { WEEKDAY_FACTOR }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_mean_is_one_and_peak_is_afternoon() {
        let mut sum = 0.0;
        for day in 0..7 {
            for h in 0..24 {
                sum += diurnal_demand_factor(f64::from(h) + 0.5, day >= 5);
            }
        }
        assert!((sum / 168.0 - 1.0).abs() < 1e-12);
        assert!(diurnal_demand_factor(15.0, false) / diurnal_demand_factor(3.0, false) > 1.9);
    }
}
