//! Liquid cooling: direct-to-chip cold plates and immersion, rejecting heat through dry
//! coolers with a trim chiller for the hottest hours.

use super::{AirChillerPlant, CoolingPower, Outdoor, carnot_fraction_cop};

/// Lowest dry-cooler air flow, as a share of design (EnergyPlus's default minimum air-flow
/// ratio for variable-speed heat rejection).
pub const MIN_DRY_COOLER_FLOW_FRAC: f64 = 0.2;

/// A warm-liquid loop cooled by dry coolers, with a trim chiller when the outdoor air is too
/// warm for the dry coolers alone.
///
/// The dry coolers bring the liquid to `outdoor + approach`: they carry all of the heat when
/// that is at or below the supply temperature, none above the return temperature, and the
/// share of the loop ΔT in between; a chiller (Carnot fraction 0.5, condenser 12 K above
/// outdoor) removes the rest.
///
/// Dry-cooler fans run at variable speed. The air flow needed to reject heat Q scales as
/// Q / ITD, the inlet temperature difference between returning liquid and outdoor air (at a
/// roughly constant effectiveness); fan power follows the cube of the flow (fan affinity laws).
/// The fans reach full speed, `fan_kw_per_kw` of the design heat, at the design point: design
/// heat at the warmest outdoor temperature the dry coolers still carry alone (supply −
/// approach), where ITD = loop ΔT + approach. They turn down to 20 % of design air flow, the
/// minimum air-flow ratio EnergyPlus uses by default for variable-speed heat rejection
/// (CoolingTower:VariableSpeed:Merkel); below that they hold it. So a dry cooler in Stockholm's
/// winter spends almost nothing on fans, and one in Singapore near its design point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DryCoolerLoop {
    /// Liquid supplied to the IT equipment [°C].
    pub supply_c: f64,
    /// Liquid returning from it [°C].
    pub return_c: f64,
    /// Dry-cooler approach: leaving liquid above outdoor dry bulb [K].
    pub approach_k: f64,
    /// Coolant pumps (CDU, tank pumps) per kW of heat [kW/kW].
    pub pump_kw_per_kw: f64,
    /// Dry-cooler fans at full speed, per kW of design heat [kW/kW].
    pub fan_kw_per_kw: f64,
}

impl DryCoolerLoop {
    /// Share of the heat the dry coolers reject without the chiller at `outdoor_c` [0–1].
    pub fn free_cooling_frac(&self, outdoor_c: f64) -> f64 {
        ((self.return_c - (outdoor_c + self.approach_k)) / (self.return_c - self.supply_c)).clamp(0.0, 1.0)
    }

    /// Dry-cooler air flow as a share of design [0.2–1] for `heat_kw` of a loop designed for
    /// `design_heat_kw`, at outdoor dry bulb `outdoor_c`: full when the chiller must help.
    pub fn fan_flow_frac(&self, heat_kw: f64, design_heat_kw: f64, outdoor_c: f64) -> f64 {
        if self.free_cooling_frac(outdoor_c) < 1.0 || design_heat_kw <= 0.0 {
            return 1.0;
        }
        let design_itd_k = self.return_c - self.supply_c + self.approach_k;
        let itd_k = self.return_c - outdoor_c;
        (heat_kw / design_heat_kw * design_itd_k / itd_k).clamp(MIN_DRY_COOLER_FLOW_FRAC, 1.0)
    }

    /// Power to remove `heat_kw` [kW] from a loop designed for `design_heat_kw`, at outdoor
    /// dry bulb `outdoor_c`.
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor_c: f64) -> CoolingPower {
        let heat_kw = heat_kw.max(0.0);
        let free = self.free_cooling_frac(outdoor_c);
        let cop = carnot_fraction_cop(self.supply_c - 2.0, outdoor_c + 12.0, 0.5, 12.0);
        let flow = self.fan_flow_frac(heat_kw, design_heat_kw, outdoor_c);
        CoolingPower {
            chiller_kw: heat_kw * (1.0 - free) / cop,
            fans_kw: 0.0,
            pumps_kw: self.pump_kw_per_kw * heat_kw,
            heat_rejection_kw: self.fan_kw_per_kw * design_heat_kw.max(heat_kw) * flow.powi(3),
            free_cooling_frac: free,
            water_l_per_h: 0.0,
        }
    }
}

/// Direct-to-chip liquid cooling: cold plates carry most of the heat into a warm-water loop;
/// the rest (memory, power supplies, NICs) still goes to air through CRAH units and an
/// air-cooled chiller plant.
///
/// Defaults: 80 % of the heat captured by the cold plates (vendors quote 70–95 % for GPU
/// servers; the Vertiv/NVIDIA study used 75 %); ASHRAE W32 facility water, supplied at 32 °C
/// and returned at 42 °C; CDU pumps 1.2 % of the liquid heat (≈1.4 L/min per kW at a 10 K
/// rise, 30 m head); dry coolers with an 8 K approach and fans 1 % of the design heat at full speed; the residual
/// air plant as [`AirChillerPlant::default`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectLiquidPlant {
    /// Share of the heat captured by cold plates [0–1].
    pub capture_frac: f64,
    /// The warm-water loop.
    pub liquid: DryCoolerLoop,
    /// The plant for the residual air-cooled heat.
    pub air: AirChillerPlant,
}

impl Default for DirectLiquidPlant {
    fn default() -> Self {
        Self {
            capture_frac: 0.8,
            liquid: DryCoolerLoop {
                supply_c: 32.0,
                return_c: 42.0,
                approach_k: 8.0,
                pump_kw_per_kw: 0.012,
                fan_kw_per_kw: 0.01,
            },
            air: AirChillerPlant::default(),
        }
    }
}

impl DirectLiquidPlant {
    /// Power to remove `heat_kw` [kW] from a hall designed for `design_heat_kw`.
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor: &Outdoor) -> CoolingPower {
        let liquid_kw = heat_kw.max(0.0) * self.capture_frac;
        let air_kw = heat_kw.max(0.0) - liquid_kw;
        let liquid = self
            .liquid
            .power_kw(liquid_kw, design_heat_kw * self.capture_frac, outdoor.dry_bulb_c);
        let air = self
            .air
            .power_kw(air_kw, design_heat_kw * (1.0 - self.capture_frac), outdoor.dry_bulb_c);
        liquid.combine(liquid_kw, air, air_kw)
    }
}

/// Immersion cooling: servers submerged in a dielectric fluid, all of their heat into a liquid
/// loop and their fans removed.
///
/// Single-phase (oil-like fluid pumped through the tanks): fluid loop 40/48 °C, pumps 1.5 % of
/// the heat (viscous fluid), dry coolers with an 8 K approach and fans 1.5 % of the design heat at
/// full speed, less in cooler air; measured partial
/// PUE of such systems is 1.02–1.04 (Intel's mineral-oil trial; UT Arlington, ASME J. Electron.
/// Packag. 139(4) 041005, 2017).
///
/// Two-phase (fluid boiling at ≈50 °C on the chips, condensed on water coils): condenser water
/// 40/48 °C, only the condenser water is pumped (0.5 %), dry coolers as above; Microsoft (2021)
/// reported server power 5–15 % lower, of which the fans are ≈7 %: dctwin removes the fans and
/// lowers accelerator power a further 5 % (cooler junctions leak less), and measured partial PUE
/// 1.04–1.05 (Tongji, Energies 14(5) 1395, 2021, doi:10.3390/en14051395).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImmersionPlant {
    /// Whether the fluid boils (two-phase).
    pub two_phase: bool,
    /// The liquid loop to the dry coolers.
    pub loop_: DryCoolerLoop,
    /// Multiplier on accelerator power (cooler chips leak less) [-].
    pub accelerator_power_factor: f64,
}

impl ImmersionPlant {
    /// Single-phase immersion with dctwin's defaults.
    pub fn single_phase() -> Self {
        Self {
            two_phase: false,
            loop_: DryCoolerLoop {
                supply_c: 40.0,
                return_c: 48.0,
                approach_k: 8.0,
                pump_kw_per_kw: 0.015,
                fan_kw_per_kw: 0.015,
            },
            accelerator_power_factor: 1.0,
        }
    }

    /// Two-phase immersion with dctwin's defaults.
    pub fn two_phase() -> Self {
        Self {
            two_phase: true,
            loop_: DryCoolerLoop {
                supply_c: 40.0,
                return_c: 48.0,
                approach_k: 8.0,
                pump_kw_per_kw: 0.005,
                fan_kw_per_kw: 0.015,
            },
            accelerator_power_factor: 0.95,
        }
    }

    /// Power to remove `heat_kw` [kW].
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor: &Outdoor) -> CoolingPower {
        self.loop_.power_kw(heat_kw, design_heat_kw, outdoor.dry_bulb_c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(dry: f64) -> Outdoor {
        Outdoor {
            dry_bulb_c: dry,
            wet_bulb_c: dry - 5.0,
            dew_point_c: dry - 10.0,
            year_frac: 0.5,
        }
    }

    #[test]
    fn immersion_partial_pue_in_the_measured_range() {
        let p = ImmersionPlant::single_phase();
        // At the design point (32 °C = supply 40 − approach 8; ITD 16 K) the fans run at full
        // speed: pumps 1.5 % + fans 1.5 %, a partial PUE of 1.03 (measured: 1.02–1.04).
        let design = p.power_kw(1_000.0, 1_000.0, &at(32.0));
        assert!((design.total_kw() - 30.0).abs() < 1e-9, "{}", design.total_kw());
        // At 20 °C the ITD is 28 K: air flow 16/28, fan power (16/28)³ = 0.1866 of design:
        // 15 + 2.799 = 17.80 kW.
        let c = p.power_kw(1_000.0, 1_000.0, &at(20.0));
        assert!((c.total_kw() - (15.0 + 15.0 * (16.0_f64 / 28.0).powi(3))).abs() < 1e-9);
        assert_eq!(c.chiller_kw, 0.0);
        assert_eq!(c.water_l_per_h, 0.0);
        // Half load in winter: the flow would be 0.5 × 16/48; it holds the 20 % minimum.
        let winter = p.power_kw(500.0, 1_000.0, &at(0.0));
        assert!((winter.heat_rejection_kw - 15.0 * 0.2_f64.powi(3)).abs() < 1e-12);
        // Colder is never dearer; in a 38 °C heat wave the trim chiller runs.
        let mut last = f64::INFINITY;
        for t in [35.0, 32.0, 25.0, 15.0, 5.0, -10.0] {
            let kw = p.power_kw(1_000.0, 1_000.0, &at(t)).total_kw();
            assert!(kw <= last + 1e-12, "{t}");
            last = kw;
        }
        assert!(p.power_kw(1_000.0, 1_000.0, &at(38.0)).chiller_kw > 0.0);
    }

    #[test]
    fn direct_liquid_splits_the_heat() {
        let p = DirectLiquidPlant::default();
        let warm = p.power_kw(1_000.0, 1_000.0, &at(20.0));
        // Liquid: 800 kW free (dry coolers up to 24 °C outdoors): pumps 9.6 kW; fans at flow
        // 18/22 of design (ITD 22 K against 10 + 8): 8 × 0.5477 = 4.38 kW. Air: 200 kW at 20 °C
        // outdoors, past the air economizer (17 °C): chiller COP 0.5 × 286.15/19 = 7.53 →
        // 26.6 kW; fans 0.03 × 200 = 6, pumps 3 → air ≈ 35.6 kW. Total ≈ 49.5 kW.
        assert!((warm.total_kw() - 49.5).abs() < 0.2, "{}", warm.total_kw());
        let air_only = AirChillerPlant::default().power_kw(1_000.0, 1_000.0, 20.0);
        assert!(warm.total_kw() < 0.4 * air_only.total_kw());
    }
}
