#![doc = include_str!("../README.md")]

mod chain;
mod cooling;

pub use chain::{ChainLosses, LossCurve, PowerChain, Redundancy};
pub use cooling::{
    AirChillerPlant, AirEconomizerPlant, CoolingPlant, CoolingPower, DirectLiquidPlant, DryCoolerLoop, ImmersionPlant,
    LI2023_CYCLES, LoopTemperatures, NaturalWaterPlant, NaturalWaterSource, Outdoor, TowerPlant, WaterModel,
    carnot_fraction_cop, li2023_wue_l_per_kwh, tower_water_l_per_kwh_rejected,
};
