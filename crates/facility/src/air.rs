//! Air cooling with an air-cooled chiller and a water-side economizer.

/// Kelvin at 0 °C.
const ZERO_C_K: f64 = 273.15;

/// Coefficient of performance of a vapour-compression chiller as a fraction of Carnot.
///
/// Model: `COP = η₂ × T_evap / (T_cond − T_evap)` with temperatures in kelvin — the ideal
/// (Carnot) refrigerator scaled by a second-law efficiency η₂ (Gordon & Ng, *Cool
/// Thermodynamics*, 2000, ch. 3: real chillers reach η₂ ≈ 0.4–0.6).
///
/// Arguments: `evaporator_c` and `condenser_c` [°C], `second_law_efficiency` [0–1].
/// Returns the COP [-], clamped to `[1, cop_max]`: as the lift goes to zero the Carnot COP
/// diverges, while a real compressor has a minimum lift and fixed losses.
pub fn carnot_fraction_cop(evaporator_c: f64, condenser_c: f64, second_law_efficiency: f64, cop_max: f64) -> f64 {
    let t_evap_k = evaporator_c + ZERO_C_K;
    let lift_k = (condenser_c - evaporator_c).max(1e-3);
    (second_law_efficiency * t_evap_k / lift_k).clamp(1.0, cop_max)
}

/// Electrical power of the cooling plant in one step, by part.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CoolingPower {
    /// Chiller compressor power [kW].
    pub chiller_kw: f64,
    /// CRAH fans moving air through the white space [kW].
    pub fans_kw: f64,
    /// Chilled-water pumps [kW].
    pub pumps_kw: f64,
    /// Dry-cooler (economizer) fans [kW].
    pub economizer_kw: f64,
    /// Share of the heat removed without the compressor [0–1].
    pub free_cooling_frac: f64,
}

impl CoolingPower {
    /// Total electrical power of the plant [kW].
    pub fn total_kw(&self) -> f64 {
        self.chiller_kw + self.fans_kw + self.pumps_kw + self.economizer_kw
    }
}

/// An air-cooled hall: CRAH units, a chilled-water loop, an air-cooled chiller and a dry-cooler
/// economizer.
///
/// Defaults (a modern plant; each is a scenario-visible assumption):
/// - chilled water 15 °C supply / 21 °C return: ASHRAE TC 9.9 (2021) allows supply air up to
///   27 °C (class A1 recommended), which lets modern halls run warm chilled water;
/// - evaporator 2 K below the supply and condenser 12 K above the outdoor dry bulb: typical
///   approach temperatures of shell-and-tube evaporators and air-cooled condensers;
/// - second-law efficiency 0.5 and COP ceiling 12 (Gordon & Ng 2000, see [`carnot_fraction_cop`]);
/// - CRAH fans 3 % of the design heat load at full flow, following the fan affinity (cube) law
///   with flow proportional to heat at a fixed air ΔT (EC-fan CRAHs; ASHRAE Handbook HVAC
///   Systems and Equipment ch. 21 for the affinity laws);
/// - chilled-water pumps 1.5 % and dry-cooler fans 1 % of the heat load (a few W per kW of heat,
///   typical of variable-speed plant);
/// - economizer approach 4 K: the dry cooler cools water to 4 K above the outdoor dry bulb.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AirChillerPlant {
    /// Chilled-water supply temperature [°C].
    pub chw_supply_c: f64,
    /// Chilled-water return temperature [°C].
    pub chw_return_c: f64,
    /// Evaporator approach below the supply [K].
    pub evaporator_approach_k: f64,
    /// Condenser approach above the outdoor dry bulb [K].
    pub condenser_approach_k: f64,
    /// Chiller second-law efficiency [0–1].
    pub second_law_efficiency: f64,
    /// Highest COP the chiller reaches at small lift [-].
    pub cop_max: f64,
    /// CRAH fan power at design heat load, per kW of heat [kW/kW].
    pub fan_kw_per_kw_design: f64,
    /// Pump power per kW of heat [kW/kW].
    pub pump_kw_per_kw: f64,
    /// Dry-cooler fan power per kW of heat it rejects [kW/kW].
    pub economizer_kw_per_kw: f64,
    /// Dry-cooler approach: leaving water above outdoor dry bulb [K].
    pub economizer_approach_k: f64,
}

impl Default for AirChillerPlant {
    fn default() -> Self {
        Self {
            chw_supply_c: 15.0,
            chw_return_c: 21.0,
            evaporator_approach_k: 2.0,
            condenser_approach_k: 12.0,
            second_law_efficiency: 0.5,
            cop_max: 12.0,
            fan_kw_per_kw_design: 0.03,
            pump_kw_per_kw: 0.015,
            economizer_kw_per_kw: 0.01,
            economizer_approach_k: 4.0,
        }
    }
}

impl AirChillerPlant {
    /// Share of the heat the economizer removes at outdoor dry bulb `outdoor_c` [0–1].
    ///
    /// The dry cooler pre-cools the return water to `outdoor + approach`: it carries all of
    /// the load when that is at or below the supply temperature, none when it is at or above
    /// the return temperature, and the proportional share of the water ΔT in between.
    pub fn free_cooling_frac(&self, outdoor_c: f64) -> f64 {
        let leaving_c = outdoor_c + self.economizer_approach_k;
        ((self.chw_return_c - leaving_c) / (self.chw_return_c - self.chw_supply_c)).clamp(0.0, 1.0)
    }

    /// Chiller COP at outdoor dry bulb `outdoor_c` [-].
    pub fn chiller_cop(&self, outdoor_c: f64) -> f64 {
        carnot_fraction_cop(
            self.chw_supply_c - self.evaporator_approach_k,
            outdoor_c + self.condenser_approach_k,
            self.second_law_efficiency,
            self.cop_max,
        )
    }

    /// Cooling power to remove `heat_kw` [kW] of heat from a hall designed for
    /// `design_heat_kw` [kW], at outdoor dry bulb `outdoor_c` [°C].
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor_c: f64) -> CoolingPower {
        let heat_kw = heat_kw.max(0.0);
        let flow_frac = if design_heat_kw > 0.0 {
            (heat_kw / design_heat_kw).min(1.5)
        } else {
            0.0
        };
        let free = self.free_cooling_frac(outdoor_c);
        let mechanical_kw = heat_kw * (1.0 - free);
        CoolingPower {
            chiller_kw: mechanical_kw / self.chiller_cop(outdoor_c),
            fans_kw: self.fan_kw_per_kw_design * design_heat_kw * flow_frac * flow_frac * flow_frac,
            pumps_kw: self.pump_kw_per_kw * heat_kw,
            economizer_kw: self.economizer_kw_per_kw * heat_kw * free,
            free_cooling_frac: free,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carnot_cop_hand_computed() {
        // Evaporator 13 °C (286.15 K), condenser 40 °C: lift 27 K, Carnot 10.598, η₂ 0.5 → 5.299.
        let cop = carnot_fraction_cop(13.0, 40.0, 0.5, 12.0);
        assert!((cop - 5.299).abs() < 1e-3, "{cop}");
        assert_eq!(carnot_fraction_cop(13.0, 13.0, 0.5, 12.0), 12.0);
        assert_eq!(carnot_fraction_cop(13.0, 400.0, 0.5, 12.0), 1.0);
    }

    #[test]
    fn economizer_takes_over_in_the_cold() {
        let p = AirChillerPlant::default();
        assert_eq!(p.free_cooling_frac(11.0), 1.0); // 11 + 4 = 15 °C = supply
        assert_eq!(p.free_cooling_frac(17.0), 0.0); // 17 + 4 = 21 °C = return
        assert!((p.free_cooling_frac(14.0) - 0.5).abs() < 1e-12);
        let cold = p.power_kw(1_000.0, 1_000.0, 0.0);
        assert_eq!(cold.chiller_kw, 0.0);
        // Fans 30 kW + pumps 15 kW + dry cooler 10 kW, hand-computed.
        assert!((cold.total_kw() - 55.0).abs() < 1e-9);
    }

    #[test]
    fn cooling_power_rises_with_outdoor_temperature() {
        let p = AirChillerPlant::default();
        let mut last = 0.0;
        for t in -20..=45 {
            let c = p.power_kw(1_000.0, 1_000.0, f64::from(t)).total_kw();
            assert!(c >= last - 1e-9, "{t} °C");
            last = c;
        }
        // At 35 °C: COP = 0.5 × 286.15 / 34 = 4.208 → chiller 237.6 kW, + 45 kW fans and pumps.
        let hot = p.power_kw(1_000.0, 1_000.0, 35.0);
        assert!((hot.total_kw() - 282.6).abs() < 0.5, "{}", hot.total_kw());
    }

    #[test]
    fn fans_follow_cube_law() {
        let p = AirChillerPlant::default();
        let half = p.power_kw(500.0, 1_000.0, 0.0);
        assert!((half.fans_kw - 30.0 / 8.0).abs() < 1e-9);
    }
}
