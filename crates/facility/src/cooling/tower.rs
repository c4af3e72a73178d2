//! Air cooling with a water-cooled chiller, a cooling tower and a water-side economizer, and
//! the water a tower consumes.

use super::{CoolingPower, Outdoor, carnot_fraction_cop};

/// Latent heat of vaporisation of water near tower temperatures [kJ/kg] (≈2,430 at 30 °C,
/// steam tables).
const LATENT_HEAT_KJ_PER_KG: f64 = 2_430.0;
/// Share of a tower's heat rejected by evaporation (the rest by sensible heating of the air):
/// the cooling-tower rule of thumb "evaporation = 0.00085 × range (°F) × flow" implies 0.85.
const EVAPORATIVE_FRAC: f64 = 0.85;
/// Drift: water carried off as droplets, 0.001 % of the circulating flow with modern drift
/// eliminators (the Cooling Technology Institute's guidance for new towers).
const DRIFT_FRAC_OF_FLOW: f64 = 1e-5;
/// Specific heat of water [kJ/(kg·K)].
const WATER_CP_KJ_PER_KG_K: f64 = 4.186;

/// Cycles of concentration in Li et al. (2023), and a typical value for towers (3–6).
pub const LI2023_CYCLES: f64 = 6.0;

/// Water a cooling tower consumes per kWh of heat it rejects [L/kWh]: evaporation
/// `Q × 3,600 / h_fg × 0.85`, blowdown `evaporation / (N − 1)` to hold dissolved solids at
/// `N` cycles of concentration, and drift (0.001 % of the circulating flow at range
/// `range_k`). With `N` = 6 and a 5.2 K range: 1.26 + 0.25 + 0.002 = 1.51 L/kWh of heat.
pub fn tower_water_l_per_kwh_rejected(cycles: f64, range_k: f64) -> f64 {
    let evaporation = 3_600.0 / LATENT_HEAT_KJ_PER_KG * EVAPORATIVE_FRAC;
    let blowdown = evaporation / (cycles - 1.0).max(0.1);
    let drift = DRIFT_FRAC_OF_FLOW * 3_600.0 / (WATER_CP_KJ_PER_KG_K * range_k.max(0.5));
    evaporation + blowdown + drift
}

/// On-site water usage effectiveness of a cooling-tower datacenter as a function of wet bulb
/// [L per kWh of IT energy], the empirical model of Li, Yang, Islam & Ren (2023), "Making AI
/// Less Thirsty", arXiv:2304.03271 (and its code, `load_direct_WUE`):
///
/// `WUE = N/(N−1) × (6×10⁻⁵ T³ − 0.01 T² + 0.61 T − 10.4)`, `T` the wet bulb in °F, floored at
/// 0.05 L/kWh.
///
/// At a 20 °C wet bulb it gives 4.5 L/kWh, above what evaporation allows (≈1.8 L/kWh of IT
/// with the heat of a typical plant); dctwin keeps it as an option for comparison with that
/// study and uses the physical tower model by default.
pub fn li2023_wue_l_per_kwh(wet_bulb_c: f64, cycles: f64) -> f64 {
    let t = wet_bulb_c * 9.0 / 5.0 + 32.0;
    let base = 6e-5 * t.powi(3) - 0.01 * t * t + 0.61 * t - 10.4;
    (cycles / (cycles - 1.0) * base).max(0.05)
}

/// How a tower's water use is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaterModel {
    /// Evaporation, blowdown and drift from the heat rejected ([`tower_water_l_per_kwh_rejected`]).
    Physics,
    /// Li et al. 2023's empirical WUE against wet bulb ([`li2023_wue_l_per_kwh`]), per kWh of IT.
    Li2023,
}

/// CRAH units, chilled water, a water-cooled chiller, a cooling tower and a water-side
/// economizer (a plate heat exchanger that bypasses the chiller when the tower water is cold
/// enough).
///
/// Defaults (ASHRAE Handbook HVAC Systems & Equipment, Cooling Towers chapter; AHRI 550/590):
/// chilled water 15/21 °C as the air plant; tower approach 4 K to the wet bulb and a 5.2 K range
/// (the AHRI rating's 29.4 → 34.6 °C); economizer heat-exchanger approach 1.5 K; chiller COP a
/// Carnot fraction 0.6 of the chilled-water and condenser-water temperatures (6.0 at the AHRI
/// rating point, near ASHRAE 90.1's 6.1 minimum for large centrifugal chillers); CRAH fans
/// 3 % of design heat with the cube law; chilled- and condenser-water pumps 1.5 % each and
/// tower fans 1.3 % of the heat they move; 6 cycles of concentration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TowerPlant {
    /// Chilled-water supply [°C].
    pub chw_supply_c: f64,
    /// Chilled-water return [°C].
    pub chw_return_c: f64,
    /// Tower leaving water above the wet bulb [K].
    pub tower_approach_k: f64,
    /// Condenser-water temperature rise through the chiller [K].
    pub tower_range_k: f64,
    /// Economizer heat-exchanger approach [K].
    pub hx_approach_k: f64,
    /// Chiller second-law efficiency on water temperatures [0–1].
    pub second_law_efficiency: f64,
    /// CRAH fan power at design heat per kW [kW/kW].
    pub fan_kw_per_kw_design: f64,
    /// Chilled-water pumps per kW of heat [kW/kW].
    pub chw_pump_kw_per_kw: f64,
    /// Condenser-water pumps per kW rejected [kW/kW].
    pub cw_pump_kw_per_kw: f64,
    /// Tower fans per kW rejected [kW/kW].
    pub tower_fan_kw_per_kw: f64,
    /// Cycles of concentration.
    pub cycles: f64,
    /// How water use is computed.
    pub water_model: WaterModel,
}

impl Default for TowerPlant {
    fn default() -> Self {
        Self {
            chw_supply_c: 15.0,
            chw_return_c: 21.0,
            tower_approach_k: 4.0,
            tower_range_k: 5.2,
            hx_approach_k: 1.5,
            second_law_efficiency: 0.6,
            fan_kw_per_kw_design: 0.03,
            chw_pump_kw_per_kw: 0.015,
            cw_pump_kw_per_kw: 0.015,
            tower_fan_kw_per_kw: 0.013,
            cycles: LI2023_CYCLES,
            water_model: WaterModel::Physics,
        }
    }
}

impl TowerPlant {
    /// Share of the heat the economizer removes at wet bulb `wet_bulb_c` [0–1].
    pub fn free_cooling_frac(&self, wet_bulb_c: f64) -> f64 {
        let leaving = wet_bulb_c + self.tower_approach_k + self.hx_approach_k;
        ((self.chw_return_c - leaving) / (self.chw_return_c - self.chw_supply_c)).clamp(0.0, 1.0)
    }

    /// Chiller COP at wet bulb `wet_bulb_c` [-].
    pub fn chiller_cop(&self, wet_bulb_c: f64) -> f64 {
        let condenser_leaving = wet_bulb_c + self.tower_approach_k + self.tower_range_k;
        carnot_fraction_cop(self.chw_supply_c, condenser_leaving, self.second_law_efficiency, 12.0)
    }

    /// Power and water to remove `heat_kw` [kW] from a hall designed for `design_heat_kw`.
    /// With [`WaterModel::Li2023`] the water is per kWh of heat, which dctwin equates with IT
    /// energy plus indoor losses (the model is defined per kWh of IT).
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor: &Outdoor) -> CoolingPower {
        let heat_kw = heat_kw.max(0.0);
        let flow = if design_heat_kw > 0.0 {
            (heat_kw / design_heat_kw).min(1.5)
        } else {
            0.0
        };
        let free = self.free_cooling_frac(outdoor.wet_bulb_c);
        let chiller_kw = heat_kw * (1.0 - free) / self.chiller_cop(outdoor.wet_bulb_c);
        let rejected_kw = heat_kw + chiller_kw;
        let water_l_per_h = match self.water_model {
            WaterModel::Physics => rejected_kw * tower_water_l_per_kwh_rejected(self.cycles, self.tower_range_k),
            WaterModel::Li2023 => heat_kw * li2023_wue_l_per_kwh(outdoor.wet_bulb_c, self.cycles),
        };
        CoolingPower {
            chiller_kw,
            fans_kw: self.fan_kw_per_kw_design * design_heat_kw * flow.powi(3),
            pumps_kw: self.chw_pump_kw_per_kw * heat_kw + self.cw_pump_kw_per_kw * rejected_kw,
            heat_rejection_kw: self.tower_fan_kw_per_kw * rejected_kw,
            free_cooling_frac: free,
            water_l_per_h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(wet: f64) -> Outdoor {
        Outdoor {
            dry_bulb_c: wet + 8.0,
            wet_bulb_c: wet,
            dew_point_c: wet - 3.0,
            year_frac: 0.5,
        }
    }

    #[test]
    fn ahri_rating_point_cop() {
        // AHRI 550/590: 6.7 °C chilled water, tower water 29.4 → 34.6 °C (wet bulb 25.4 °C with a
        // 4 K approach). A 0.6 Carnot fraction gives 0.6 × 279.85 / 27.9 = 6.02, near the
        // 6.1 of ASHRAE 90.1's large-chiller minimum.
        let p = TowerPlant {
            chw_supply_c: 6.7,
            ..TowerPlant::default()
        };
        assert!((p.chiller_cop(25.4) - 6.02).abs() < 0.02, "{}", p.chiller_cop(25.4));
    }

    #[test]
    fn water_per_kwh_hand_computed() {
        // 3,600/2,430 × 0.85 = 1.2593; × 6/5 = 1.5111; drift 1e-5 × 3,600/(4.186 × 5.2) = 0.0017.
        assert!((tower_water_l_per_kwh_rejected(6.0, 5.2) - 1.5128).abs() < 1e-3);
    }

    /// Li et al. 2023 values at 5, 20 and 28 °C wet bulb (2.3, 4.5, 6.6 L/kWh as evaluated
    /// from the authors' code), rising with wet bulb.
    #[test]
    fn li2023_follows_wet_bulb() {
        for (wb, expected) in [(5.0, 2.3), (20.0, 4.5), (28.0, 6.6)] {
            assert!(
                (li2023_wue_l_per_kwh(wb, 6.0) - expected).abs() < 0.1,
                "{wb}: {}",
                li2023_wue_l_per_kwh(wb, 6.0)
            );
        }
        let mut last = 0.0;
        for wb in -5..30 {
            let w = li2023_wue_l_per_kwh(f64::from(wb), 6.0);
            assert!(w >= last && w >= 0.05);
            last = w;
        }
    }

    #[test]
    fn economizer_and_water_respond_to_wet_bulb() {
        let p = TowerPlant::default();
        assert_eq!(p.free_cooling_frac(9.0), 1.0); // 9 + 4 + 1.5 = 14.5 ≤ 15
        assert_eq!(p.free_cooling_frac(16.0), 0.0);
        let cool = p.power_kw(1_000.0, 1_000.0, &at(5.0));
        let hot = p.power_kw(1_000.0, 1_000.0, &at(26.0));
        assert_eq!(cool.chiller_kw, 0.0);
        assert!(hot.chiller_kw > 0.0 && hot.water_l_per_h > cool.water_l_per_h);
        // Without a chiller the tower rejects exactly the heat: 1,000 kW × 1.5128 L/kWh.
        assert!((cool.water_l_per_h - 1_512.8).abs() < 1.0);
    }
}
