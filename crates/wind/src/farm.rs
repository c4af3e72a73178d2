//! A wind farm: identical turbines, one hub height, lumped losses.

use crate::curve::PowerCurve;
use crate::shear::power_law_shear;

/// Height of standard surface wind observations (WMO) and of most weather-model wind output
/// [m].
pub const REFERENCE_HEIGHT_M: f64 = 10.0;

/// Default lumped farm losses [fraction of gross output]: 15 % for wakes, availability,
/// electrical losses, turbine performance, icing and curtailment together. A dctwin assumption
/// in the middle of the 10–20 % totals usual in pre-construction energy estimates (the loss
/// categories are those reviewed by Clifton, Smith & Fields 2016, NREL/TP-5000-64735).
pub const DEFAULT_FARM_LOSSES_FRAC: f64 = 0.15;

/// A wind farm of identical turbines at one hub height.
#[derive(Debug, Clone, PartialEq)]
pub struct WindFarm {
    /// Number of turbines.
    pub turbines: u32,
    /// Their power curve.
    pub curve: PowerCurve,
    /// Hub height above ground [m].
    pub hub_height_m: f64,
    /// Lumped losses [fraction of gross output]; default 0.15.
    pub losses_frac: f64,
}

impl WindFarm {
    /// `turbines` of `curve` at `hub_height_m` [m] with [`DEFAULT_FARM_LOSSES_FRAC`] losses.
    pub fn new(turbines: u32, curve: PowerCurve, hub_height_m: f64) -> Self {
        Self {
            turbines,
            curve,
            hub_height_m,
            losses_frac: DEFAULT_FARM_LOSSES_FRAC,
        }
    }

    /// Nameplate capacity [kW].
    pub fn rated_kw(&self) -> f64 {
        f64::from(self.turbines) * self.curve.rated_kw
    }

    /// Net farm output [kW] for a hub-height wind speed [m/s]:
    /// `N · P_curve(v_hub) · (1 − losses)`, losses clamped to [0, 1] (NaN → default).
    pub fn power_at_hub_kw(&self, hub_speed_m_s: f64) -> f64 {
        let losses_frac = if self.losses_frac.is_nan() {
            DEFAULT_FARM_LOSSES_FRAC
        } else {
            self.losses_frac.clamp(0.0, 1.0)
        };
        f64::from(self.turbines) * self.curve.power_kw(hub_speed_m_s) * (1.0 - losses_frac)
    }

    /// Net farm output [kW] from the wind speed at 10 m [m/s], extrapolated to the hub with the
    /// power law and exponent `shear_alpha` [-] (1/7 for open terrain; see
    /// [`power_law_shear`]).
    pub fn power_kw(&self, speed_at_10m_m_s: f64, shear_alpha: f64) -> f64 {
        let hub_speed_m_s = power_law_shear(speed_at_10m_m_s, REFERENCE_HEIGHT_M, self.hub_height_m, shear_alpha);
        self.power_at_hub_kw(hub_speed_m_s)
    }

    /// Net capacity factor [-] over a series of hub-height speeds: mean net output ÷ nameplate.
    /// 0 for an empty series or a farm without capacity.
    pub fn capacity_factor(&self, hub_speeds_m_s: &[f64]) -> f64 {
        let rated_kw = self.rated_kw();
        if hub_speeds_m_s.is_empty() || rated_kw <= 0.0 {
            return 0.0;
        }
        let total_kw: f64 = hub_speeds_m_s.iter().map(|&v| self.power_at_hub_kw(v)).sum();
        total_kw / (hub_speeds_m_s.len() as f64 * rated_kw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{GENERIC_3MW_ONSHORE, IEA_3_4MW, NREL_5MW};
    use crate::shear::OPEN_TERRAIN_SHEAR_ALPHA;
    use crate::synthetic::{DEFAULT_LAG1_PER_HOUR, DEFAULT_WEIBULL_K, SyntheticWind};
    use dctwin_core::UtcTime;

    /// Capacity-factor sanity: a farm of generic 3-MW onshore turbines at a site with 7 m/s
    /// mean at hub height (Rayleigh) lands in 25–45 %, the range spanned by the US utility
    /// fleet average (~34–35 %, EIA) and new onshore projects worldwide (~39 %, IRENA 2021)
    /// (docs/figures.md). The IEA 3.4-MW reference, a low-specific-power class III design,
    /// must do better than the composite at the same site.
    #[test]
    fn capacity_factor_is_plausible() {
        let farm = WindFarm::new(20, GENERIC_3MW_ONSHORE, 100.0);
        let iea = WindFarm::new(20, IEA_3_4MW, 110.0);
        for seed in [1_u64, 2, 3] {
            let hub = SyntheticWind::new(7.0, DEFAULT_WEIBULL_K, DEFAULT_LAG1_PER_HOUR, seed).series(
                UtcTime::from_civil(2025, 1, 1, 0, 0, 0),
                3_600,
                5 * 8_760,
            );
            let cf = farm.capacity_factor(&hub);
            assert!((0.25..=0.45).contains(&cf), "seed {seed}: capacity factor {cf}");
            let gross = farm.curve.capacity_factor(&hub);
            assert!((cf - gross * 0.85).abs() < 1e-12);
            assert!(iea.capacity_factor(&hub) > cf);
        }
    }

    /// 6 m/s at 10 m, 90 m hub, α = 1/7: 6 × 9^(1/7) = 8.2124 m/s → NREL 5 MW interpolated
    /// between 8 and 9 m/s: 1,771.1 + 0.2124 × 747.5 = 1,929.9 kW per turbine; × 10 × 0.85
    /// = 16,404 kW.
    #[test]
    fn hand_computed_farm_output() {
        let farm = WindFarm::new(10, NREL_5MW, 90.0);
        let hub = 6.0 * 9.0_f64.powf(1.0 / 7.0);
        let per_turbine = 1_771.1 + (hub - 8.0) * (2_518.6 - 1_771.1);
        let p = farm.power_kw(6.0, OPEN_TERRAIN_SHEAR_ALPHA);
        assert!((p - 10.0 * per_turbine * 0.85).abs() < 1e-9, "{p}");
        assert!((p - 16_404.07).abs() < 0.01, "{p}");
        assert_eq!(farm.rated_kw(), 50_000.0);
        assert_eq!(farm.power_kw(f64::NAN, 0.14), 0.0);
        let nan_losses = WindFarm {
            losses_frac: f64::NAN,
            ..farm.clone()
        };
        assert!((nan_losses.power_kw(6.0, OPEN_TERRAIN_SHEAR_ALPHA) - p).abs() < 1e-9);
    }
}
