//! Air cooling: an air-cooled chiller with a dry-cooler economizer, and direct outside air.

use super::{CoolingPower, Outdoor};

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
            heat_rejection_kw: self.economizer_kw_per_kw * heat_kw * free,
            free_cooling_frac: free,
            water_l_per_h: 0.0,
        }
    }
}

/// Direct outside-air cooling (an air-side economizer) with an air-cooled chiller for the hours
/// the outside air is too warm or too humid.
///
/// Control (PNNL, *Building Re-Tuning: Air-Side Economizer*, PNNL-SA-86706; ASHRAE
/// Guideline 36): outside air alone when it is at or below the supply setpoint; outside air
/// plus partial mechanical cooling between the supply and return temperatures; mechanical
/// cooling with minimum outside air above the return temperature; and a lockout when the
/// outdoor dew point is above 15 °C, the top of ASHRAE TC 9.9's recommended envelope (2021),
/// where outside air would bring in too much moisture.
///
/// Defaults: supply air 25 °C (the Vertiv/NVIDIA air-cooled baseline), return 37 °C (12 K
/// rise), fans (supply and relief) 3.5 % of design heat at full flow with the cube law, the
/// mechanical stage an air-cooled DX/chiller (evaporator 8 K below the supply air, condenser 12 K
/// above outdoor, second-law efficiency 0.5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AirEconomizerPlant {
    /// Supply air setpoint [°C].
    pub supply_air_c: f64,
    /// Return air temperature [°C].
    pub return_air_c: f64,
    /// Highest outdoor dew point at which outside air is admitted [°C].
    pub max_dew_point_c: f64,
    /// Fan power at design heat per kW of heat [kW/kW].
    pub fan_kw_per_kw_design: f64,
    /// Second-law efficiency of the mechanical stage [0–1].
    pub second_law_efficiency: f64,
}

impl Default for AirEconomizerPlant {
    fn default() -> Self {
        Self {
            supply_air_c: 25.0,
            return_air_c: 37.0,
            max_dew_point_c: 15.0,
            fan_kw_per_kw_design: 0.035,
            second_law_efficiency: 0.5,
        }
    }
}

impl AirEconomizerPlant {
    /// Share of the heat outside air removes [0–1].
    pub fn free_cooling_frac(&self, outdoor: &Outdoor) -> f64 {
        if outdoor.dew_point_c > self.max_dew_point_c {
            return 0.0;
        }
        ((self.return_air_c - outdoor.dry_bulb_c) / (self.return_air_c - self.supply_air_c)).clamp(0.0, 1.0)
    }

    /// Cooling power to remove `heat_kw` [kW] from a hall designed for `design_heat_kw` [kW].
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor: &Outdoor) -> CoolingPower {
        let heat_kw = heat_kw.max(0.0);
        let flow = if design_heat_kw > 0.0 {
            (heat_kw / design_heat_kw).min(1.5)
        } else {
            0.0
        };
        let free = self.free_cooling_frac(outdoor);
        let cop = carnot_fraction_cop(
            self.supply_air_c - 8.0,
            outdoor.dry_bulb_c + 12.0,
            self.second_law_efficiency,
            12.0,
        );
        CoolingPower {
            chiller_kw: heat_kw * (1.0 - free) / cop,
            fans_kw: self.fan_kw_per_kw_design * design_heat_kw * flow.powi(3),
            pumps_kw: 0.0,
            heat_rejection_kw: 0.0,
            free_cooling_frac: free,
            water_l_per_h: 0.0,
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
        assert_eq!(cold.water_l_per_h, 0.0); // dry coolers evaporate nothing
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

#[cfg(test)]
mod economizer_tests {
    use super::*;

    fn outdoor(dry: f64, dew: f64) -> Outdoor {
        Outdoor {
            dry_bulb_c: dry,
            wet_bulb_c: dry.min(dew + 3.0),
            dew_point_c: dew,
            year_frac: 0.0,
        }
    }

    #[test]
    fn economizer_modes_follow_the_control_sequence() {
        let p = AirEconomizerPlant::default();
        assert_eq!(p.free_cooling_frac(&outdoor(10.0, 2.0)), 1.0);
        assert!((p.free_cooling_frac(&outdoor(31.0, 10.0)) - 0.5).abs() < 1e-12);
        assert_eq!(p.free_cooling_frac(&outdoor(40.0, 10.0)), 0.0);
        // Humid: a 20 °C dew point locks the dampers on a cool day.
        assert_eq!(p.free_cooling_frac(&outdoor(22.0, 20.0)), 0.0);
        let cold = p.power_kw(1_000.0, 1_000.0, &outdoor(5.0, 0.0));
        assert_eq!(cold.chiller_kw, 0.0);
        assert!((cold.total_kw() - 35.0).abs() < 1e-9);
    }
}
