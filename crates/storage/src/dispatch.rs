//! Dispatch policies: pure rules that turn one step's situation into a battery request.

use crate::battery::Battery;

/// Default low quantile for signal thresholds: charge in the cleanest (cheapest) 30 % of steps.
/// A dctwin choice, sized so a battery of a few hours can fill in the daily trough.
pub const DEFAULT_CHARGE_QUANTILE: f64 = 0.3;

/// Default high quantile for signal thresholds: discharge in the dirtiest (dearest) 30 % of
/// steps.
pub const DEFAULT_DISCHARGE_QUANTILE: f64 = 0.7;

/// The situation at one step, as seen at the site's grid connection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DispatchContext {
    /// Site load behind the meter, excluding the battery [kW].
    pub load_kw: f64,
    /// On-site generation (PV, wind) [kW].
    pub onsite_generation_kw: f64,
    /// Grid carbon intensity now [gCO2e/kWh].
    pub grid_ci_g_per_kwh: f64,
    /// Grid energy price now [USD/MWh].
    pub price_usd_per_mwh: f64,
    /// Battery state of charge [fraction of current capacity] (see `BatteryState::soc_frac`).
    pub soc_frac: f64,
    /// Physical grid-connection import limit [kW]; `f64::INFINITY` when there is none. Charging
    /// from the grid never pushes the site's import above it, under any policy.
    pub import_limit_kw: f64,
}

impl Default for DispatchContext {
    /// No load, no generation, zero signals, half full, no connection limit.
    fn default() -> Self {
        Self {
            load_kw: 0.0,
            onsite_generation_kw: 0.0,
            grid_ci_g_per_kwh: 0.0,
            price_usd_per_mwh: 0.0,
            soc_frac: 0.5,
            import_limit_kw: f64::INFINITY,
        }
    }
}

/// How the battery is operated.
///
/// Every policy stores surplus on-site generation (it is free and carbon-free) and never
/// exports: discharge is capped at the site's net load, so the battery serves the site only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DispatchPolicy {
    /// Store surplus on-site generation; discharge to cover load the generation does not.
    SelfConsumption,
    /// Charge from the grid (as fast as the power and connection limits allow) while the grid is
    /// cleaner than `charge_below_g_per_kwh`; discharge to cover load while it is dirtier than
    /// `discharge_above_g_per_kwh`; self-consumption in between.
    CarbonAware {
        /// Charge while intensity is below this [gCO2e/kWh].
        charge_below_g_per_kwh: f64,
        /// Discharge while intensity is above this [gCO2e/kWh].
        discharge_above_g_per_kwh: f64,
    },
    /// As [`DispatchPolicy::CarbonAware`], on the energy price.
    PriceArbitrage {
        /// Charge while the price is below this [USD/MWh].
        charge_below_usd_per_mwh: f64,
        /// Discharge while the price is above this [USD/MWh].
        discharge_above_usd_per_mwh: f64,
    },
    /// Keep grid import at or below `import_limit_kw` by discharging; refill from the grid
    /// below that level (never raising import above it).
    PeakShaving {
        /// Target import ceiling [kW].
        import_limit_kw: f64,
    },
}

impl DispatchPolicy {
    /// A carbon-aware policy whose thresholds are the `low_q` and `high_q` quantiles of an
    /// intensity series (e.g. [`DEFAULT_CHARGE_QUANTILE`], [`DEFAULT_DISCHARGE_QUANTILE`]);
    /// `None` if the series has no finite value.
    pub fn carbon_aware_from_series(ci_g_per_kwh: &[f64], low_q: f64, high_q: f64) -> Option<Self> {
        let (low, high) = quantile_thresholds(ci_g_per_kwh, low_q, high_q)?;
        Some(Self::CarbonAware {
            charge_below_g_per_kwh: low,
            discharge_above_g_per_kwh: high,
        })
    }

    /// A price-arbitrage policy whose thresholds are the `low_q` and `high_q` quantiles of a
    /// price series; `None` if the series has no finite value.
    pub fn price_arbitrage_from_series(price_usd_per_mwh: &[f64], low_q: f64, high_q: f64) -> Option<Self> {
        let (low, high) = quantile_thresholds(price_usd_per_mwh, low_q, high_q)?;
        Some(Self::PriceArbitrage {
            charge_below_usd_per_mwh: low,
            discharge_above_usd_per_mwh: high,
        })
    }

    /// The request for this step [kW] at the battery's AC terminals: + charge, − discharge.
    ///
    /// The result is within ±`battery.power_kw`; charging never raises grid import above
    /// `ctx.import_limit_kw` (surplus generation still charges); discharging never exceeds the
    /// net load; nothing is asked of a battery already at the relevant edge of its
    /// state-of-charge window. `BatteryState::step` then enforces the exact energy limits.
    /// NaN inputs count as zero (load, generation) or as "between the thresholds" (signals).
    pub fn request_kw(&self, ctx: &DispatchContext, battery: &Battery) -> f64 {
        let zero_nan = |v: f64| if v.is_nan() { 0.0 } else { v };
        let power_kw = zero_nan(battery.power_kw).max(0.0);
        let net_load_kw = zero_nan(ctx.load_kw) - zero_nan(ctx.onsite_generation_kw);
        let connection_kw = if ctx.import_limit_kw.is_nan() {
            f64::INFINITY
        } else {
            ctx.import_limit_kw.max(0.0)
        };
        let surplus_kw = (-net_load_kw).max(0.0);
        let deficit_kw = net_load_kw.max(0.0);
        // How much the battery may draw before import reaches the connection limit (it
        // includes any surplus generation).
        let charge_room_kw = (connection_kw - net_load_kw).max(0.0);
        let self_consumption_kw = if surplus_kw > 0.0 { surplus_kw } else { -deficit_kw };
        let signal_rule = |signal: f64, charge_below: f64, discharge_above: f64| {
            if signal < charge_below {
                charge_room_kw
            } else if signal > discharge_above {
                -deficit_kw
            } else {
                self_consumption_kw
            }
        };

        let request_kw = match *self {
            Self::SelfConsumption => self_consumption_kw,
            Self::CarbonAware {
                charge_below_g_per_kwh,
                discharge_above_g_per_kwh,
            } => signal_rule(ctx.grid_ci_g_per_kwh, charge_below_g_per_kwh, discharge_above_g_per_kwh),
            Self::PriceArbitrage {
                charge_below_usd_per_mwh,
                discharge_above_usd_per_mwh,
            } => signal_rule(
                ctx.price_usd_per_mwh,
                charge_below_usd_per_mwh,
                discharge_above_usd_per_mwh,
            ),
            Self::PeakShaving { import_limit_kw } => {
                let target_kw = if import_limit_kw.is_nan() {
                    f64::INFINITY
                } else {
                    import_limit_kw.max(0.0)
                };
                if net_load_kw > target_kw {
                    -(net_load_kw - target_kw)
                } else if target_kw.is_finite() {
                    target_kw - net_load_kw
                } else {
                    // No target: nothing to shave, so only store surplus.
                    surplus_kw
                }
            }
        };

        let soc_frac = zero_nan(ctx.soc_frac);
        let request_kw = request_kw.clamp(-deficit_kw, charge_room_kw).clamp(-power_kw, power_kw);
        if (request_kw > 0.0 && soc_frac >= battery.soc_max_frac)
            || (request_kw < 0.0 && soc_frac <= battery.soc_min_frac)
        {
            0.0
        } else {
            request_kw
        }
    }
}

/// The `low_q` and `high_q` quantiles of a signal series, as `(low, high)` thresholds for
/// [`DispatchPolicy::CarbonAware`] or [`DispatchPolicy::PriceArbitrage`].
///
/// Quantiles by linear interpolation between order statistics (Hyndman & Fan 1996, definition
/// 7 — the default of R and NumPy). Non-finite values are ignored; quantiles are clamped to
/// [0, 1] and swapped if given in the wrong order. `None` when no finite value remains.
///
/// Charging below the 0.3 quantile and discharging above the 0.7 quantile charges in the
/// cleanest (cheapest) 30 % of steps and discharges in the dirtiest (dearest) 30 %.
///
/// Hyndman, R. J., Fan, Y. (1996). Sample Quantiles in Statistical Packages. The American
/// Statistician 50(4), 361–365. doi:10.1080/00031305.1996.10473566
pub fn quantile_thresholds(series: &[f64], low_q: f64, high_q: f64) -> Option<(f64, f64)> {
    let mut sorted: Vec<f64> = series.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let clamp_q = |q: f64| if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
    let (lo, hi) = (clamp_q(low_q), clamp_q(high_q));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    Some((quantile_sorted(&sorted, lo), quantile_sorted(&sorted, hi)))
}

/// Hyndman–Fan type 7 quantile of a non-empty sorted slice, `q` in [0, 1].
fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let i = h.floor() as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (h - i as f64) * (sorted[j] - sorted[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn battery() -> Battery {
        Battery::new(4_000.0, 1_000.0)
    }

    #[test]
    fn self_consumption_stores_surplus_and_covers_load() {
        let b = battery();
        let p = DispatchPolicy::SelfConsumption;
        let sunny = DispatchContext {
            load_kw: 2_000.0,
            onsite_generation_kw: 2_600.0,
            ..DispatchContext::default()
        };
        assert!((p.request_kw(&sunny, &b) - 600.0).abs() < 1e-12);
        let night = DispatchContext {
            load_kw: 2_000.0,
            ..DispatchContext::default()
        };
        assert!(
            (p.request_kw(&night, &b) + 1_000.0).abs() < 1e-12,
            "capped at the power limit"
        );
        let evening = DispatchContext {
            load_kw: 2_000.0,
            onsite_generation_kw: 1_700.0,
            ..DispatchContext::default()
        };
        assert!((p.request_kw(&evening, &b) + 300.0).abs() < 1e-12, "never exports");
        let empty = DispatchContext { soc_frac: 0.1, ..night };
        assert_eq!(p.request_kw(&empty, &b), 0.0);
    }

    #[test]
    fn carbon_aware_charges_when_clean_discharges_when_dirty() {
        let b = battery();
        let p = DispatchPolicy::CarbonAware {
            charge_below_g_per_kwh: 150.0,
            discharge_above_g_per_kwh: 400.0,
        };
        let ctx = |ci| DispatchContext {
            load_kw: 3_000.0,
            grid_ci_g_per_kwh: ci,
            import_limit_kw: 3_500.0,
            ..DispatchContext::default()
        };
        // Clean: charge, but only the 500 kW the connection has left.
        assert!((p.request_kw(&ctx(100.0), &b) - 500.0).abs() < 1e-12);
        assert!((p.request_kw(&ctx(500.0), &b) + 1_000.0).abs() < 1e-12);
        // In between with no surplus: discharge to cover load like self-consumption.
        assert!(p.request_kw(&ctx(250.0), &b) < 0.0);
        let full = DispatchContext {
            soc_frac: 0.9,
            ..ctx(100.0)
        };
        assert_eq!(p.request_kw(&full, &b), 0.0);
        assert!(p.request_kw(&ctx(f64::NAN), &b).is_finite());
    }

    #[test]
    fn price_arbitrage_buys_low_sells_high() {
        let b = battery();
        let p = DispatchPolicy::PriceArbitrage {
            charge_below_usd_per_mwh: 30.0,
            discharge_above_usd_per_mwh: 120.0,
        };
        let ctx = |price| DispatchContext {
            load_kw: 5_000.0,
            price_usd_per_mwh: price,
            ..DispatchContext::default()
        };
        assert!((p.request_kw(&ctx(10.0), &b) - 1_000.0).abs() < 1e-12);
        assert!((p.request_kw(&ctx(300.0), &b) + 1_000.0).abs() < 1e-12);
    }

    #[test]
    fn peak_shaving_holds_import_at_the_limit() {
        let b = battery();
        let p = DispatchPolicy::PeakShaving {
            import_limit_kw: 4_000.0,
        };
        let ctx = |load| DispatchContext {
            load_kw: load,
            ..DispatchContext::default()
        };
        // 4,600 kW load: discharge 600 kW so import is 4,000 kW.
        assert!((p.request_kw(&ctx(4_600.0), &b) + 600.0).abs() < 1e-12);
        // 3,700 kW load: refill with the 300 kW left below the limit.
        assert!((p.request_kw(&ctx(3_700.0), &b) - 300.0).abs() < 1e-12);
        // 9,000 kW load: the battery gives what it can.
        assert!((p.request_kw(&ctx(9_000.0), &b) + 1_000.0).abs() < 1e-12);
    }

    #[test]
    fn thresholds_from_a_series() {
        let series: Vec<f64> = (0..=100).map(f64::from).chain([f64::NAN]).collect();
        let (low, high) = quantile_thresholds(&series, DEFAULT_CHARGE_QUANTILE, DEFAULT_DISCHARGE_QUANTILE).unwrap();
        assert!((low - 30.0).abs() < 1e-12 && (high - 70.0).abs() < 1e-12);
        // NumPy: np.quantile([1, 2, 3, 4], 0.3) = 1.9.
        assert!((quantile_thresholds(&[4.0, 1.0, 3.0, 2.0], 0.3, 0.7).unwrap().0 - 1.9).abs() < 1e-12);
        assert_eq!(quantile_thresholds(&[f64::NAN], 0.3, 0.7), None);
        assert_eq!(quantile_thresholds(&[5.0], 0.7, 0.3), Some((5.0, 5.0)));
        let policy = DispatchPolicy::carbon_aware_from_series(&series, 0.3, 0.7).unwrap();
        assert_eq!(
            policy,
            DispatchPolicy::CarbonAware {
                charge_below_g_per_kwh: 30.0,
                discharge_above_g_per_kwh: 70.0
            }
        );
        // Over an hourly series the thresholds select 30 % of the hours at each end.
        let charge_hours = series.iter().filter(|&&v| v < low).count();
        assert_eq!(charge_hours, 30);
    }
}
