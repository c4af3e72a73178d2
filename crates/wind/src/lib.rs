#![doc = include_str!("../README.md")]

mod curve;
mod farm;
mod shear;
mod synthetic;

pub use curve::{
    CATALOG_TURBINES, GENERIC_3MW_ONSHORE, IEA_3_4MW, IEA_15MW, NREL_5MW, PowerCurve, PowerCurveError,
    REFERENCE_CURVES, catalog_turbine,
};
pub use farm::{DEFAULT_FARM_LOSSES_FRAC, REFERENCE_HEIGHT_M, WindFarm};
pub use shear::{OPEN_FARMLAND_ROUGHNESS_M, OPEN_TERRAIN_SHEAR_ALPHA, log_law_shear, power_law_shear};
pub use synthetic::{
    DEFAULT_LAG1_PER_HOUR, DEFAULT_WEIBULL_K, MonthlyWind, SyntheticWind, weibull_mean_m_s, weibull_scale_for_mean,
};
