//! Cooling plants. Each plant takes the heat a hall releases and the outdoor conditions and
//! returns the electricity it draws, the share of heat removed without compressors, and the
//! water it evaporates.

mod air;
mod liquid;
mod natural;
mod tower;

pub use air::{AirChillerPlant, AirEconomizerPlant, carnot_fraction_cop};
pub use liquid::{DirectLiquidPlant, DryCoolerLoop, ImmersionPlant};
pub use natural::{NaturalWaterPlant, NaturalWaterSource};
pub use tower::{LI2023_CYCLES, TowerPlant, WaterModel, li2023_wue_l_per_kwh, tower_water_l_per_kwh_rejected};

/// Outdoor conditions a plant responds to.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Outdoor {
    /// Dry bulb [°C].
    pub dry_bulb_c: f64,
    /// Wet bulb [°C].
    pub wet_bulb_c: f64,
    /// Dew point [°C].
    pub dew_point_c: f64,
    /// Position in the year [0–1), for seasonal water temperatures.
    pub year_frac: f64,
}

/// A plant's electricity and water in one step.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CoolingPower {
    /// Chiller (compressor) power [kW].
    pub chiller_kw: f64,
    /// Fans moving air through the white space (CRAH, air handlers) [kW].
    pub fans_kw: f64,
    /// Pumps (chilled water, condenser water, coolant, sea water) [kW].
    pub pumps_kw: f64,
    /// Heat-rejection fans (dry coolers, cooling towers) [kW].
    pub heat_rejection_kw: f64,
    /// Share of the heat removed without the compressor [0–1].
    pub free_cooling_frac: f64,
    /// Water consumed (evaporated, blown down, drifted) [L/h].
    pub water_l_per_h: f64,
}

impl CoolingPower {
    /// Total electrical power of the plant [kW].
    pub fn total_kw(&self) -> f64 {
        self.chiller_kw + self.fans_kw + self.pumps_kw + self.heat_rejection_kw
    }

    /// The sum of two plants' figures (free cooling weighted by `self_heat` and `other_heat`).
    #[must_use]
    pub fn combine(self, self_heat_kw: f64, other: Self, other_heat_kw: f64) -> Self {
        let heat = self_heat_kw + other_heat_kw;
        Self {
            chiller_kw: self.chiller_kw + other.chiller_kw,
            fans_kw: self.fans_kw + other.fans_kw,
            pumps_kw: self.pumps_kw + other.pumps_kw,
            heat_rejection_kw: self.heat_rejection_kw + other.heat_rejection_kw,
            free_cooling_frac: if heat > 0.0 {
                (self.free_cooling_frac * self_heat_kw + other.free_cooling_frac * other_heat_kw) / heat
            } else {
                0.0
            },
            water_l_per_h: self.water_l_per_h + other.water_l_per_h,
        }
    }
}

/// The temperatures at which a plant collects heat: what a heat-reuse system could take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoopTemperatures {
    /// Coolant supplied to the IT equipment [°C].
    pub supply_c: f64,
    /// Coolant (or air) returning warm from it [°C].
    pub return_c: f64,
    /// Whether the warm stream is air (harder to reuse) rather than a liquid.
    pub return_is_air: bool,
}

/// Any of dctwin's cooling plants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CoolingPlant {
    /// Air cooling: CRAH + air-cooled chiller + dry-cooler economizer (no water).
    AirChiller(AirChillerPlant),
    /// Air cooling: CRAH + water-cooled chiller + cooling tower + water-side economizer.
    Tower(TowerPlant),
    /// Air cooling: direct outside air (air-side economizer) with a chiller for hot or humid hours.
    AirEconomizer(AirEconomizerPlant),
    /// Direct-to-chip warm-water cooling with a residual air-cooled share.
    DirectLiquid(DirectLiquidPlant),
    /// Single- or two-phase immersion.
    Immersion(ImmersionPlant),
    /// Sea or lake water through a heat exchanger (Project Natick's idea).
    NaturalWater(NaturalWaterPlant),
}

impl CoolingPlant {
    /// Power and water to remove `heat_kw` from a hall designed for `design_heat_kw` [kW].
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor: &Outdoor) -> CoolingPower {
        match self {
            Self::AirChiller(p) => p.power_kw(heat_kw, design_heat_kw, outdoor.dry_bulb_c),
            Self::Tower(p) => p.power_kw(heat_kw, design_heat_kw, outdoor),
            Self::AirEconomizer(p) => p.power_kw(heat_kw, design_heat_kw, outdoor),
            Self::DirectLiquid(p) => p.power_kw(heat_kw, design_heat_kw, outdoor),
            Self::Immersion(p) => p.power_kw(heat_kw, design_heat_kw, outdoor),
            Self::NaturalWater(p) => p.power_kw(heat_kw, design_heat_kw, outdoor),
        }
    }

    /// Share of the servers' fan power this cooling removes [0–1]: liquid carries the heat
    /// the fans would have moved.
    pub fn server_fans_removed_frac(&self) -> f64 {
        match self {
            Self::DirectLiquid(p) => p.capture_frac,
            Self::Immersion(_) => 1.0,
            Self::AirChiller(_) | Self::Tower(_) | Self::AirEconomizer(_) | Self::NaturalWater(_) => 0.0,
        }
    }

    /// Multiplier on accelerator power beyond the fans (cooler chips leak less).
    pub fn accelerator_power_factor(&self) -> f64 {
        match self {
            Self::Immersion(p) => p.accelerator_power_factor,
            _ => 1.0,
        }
    }

    /// The heat a reuse system can capture from `heat_kw` removed by this plant: up to two
    /// streams `(heat [kW], temperature [°C])`, hottest first.
    ///
    /// Shares captured (dctwin assumptions, stated so a scenario's reader can weigh them): 90 %
    /// of the heat in a chilled-water return or a warm-water loop (the rest leaks through the
    /// building, pipework and the IT room's air), 95 % of an immersion fluid loop (tanks are
    /// closed and insulated), 60 % of an air-side economizer's exhaust air (an air-to-water coil
    /// in the exhaust stream catches part of it).
    pub fn recoverable_kw(&self, heat_kw: f64) -> [(f64, f64); 2] {
        let t = self.temperatures();
        match self {
            Self::DirectLiquid(p) => [
                (0.9 * heat_kw * p.capture_frac, p.liquid.return_c),
                (0.9 * heat_kw * (1.0 - p.capture_frac), p.air.chw_return_c),
            ],
            Self::Immersion(_) => [(0.95 * heat_kw, t.return_c), (0.0, t.return_c)],
            Self::AirEconomizer(_) => [(0.6 * heat_kw, t.return_c), (0.0, t.return_c)],
            Self::AirChiller(_) | Self::Tower(_) | Self::NaturalWater(_) => {
                [(0.9 * heat_kw, t.return_c), (0.0, t.return_c)]
            }
        }
    }

    /// Where the heat is collected, and how warm.
    pub fn temperatures(&self) -> LoopTemperatures {
        let water = |supply_c, return_c| LoopTemperatures {
            supply_c,
            return_c,
            return_is_air: false,
        };
        match self {
            Self::AirChiller(p) => water(p.chw_supply_c, p.chw_return_c),
            Self::Tower(p) => water(p.chw_supply_c, p.chw_return_c),
            Self::AirEconomizer(p) => LoopTemperatures {
                supply_c: p.supply_air_c,
                return_c: p.return_air_c,
                return_is_air: true,
            },
            Self::DirectLiquid(p) => water(p.liquid.supply_c, p.liquid.return_c),
            Self::Immersion(p) => water(p.loop_.supply_c, p.loop_.return_c),
            Self::NaturalWater(p) => water(p.chw_supply_c, p.chw_return_c),
        }
    }
}
