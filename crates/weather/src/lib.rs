#![doc = include_str!("../README.md")]

mod clearness;
mod epw;
mod psychro;
mod synthetic;

pub use clearness::{SyntheticClearness, match_monthly_irradiation, monthly_clear_sky_index};
pub use epw::{EpwError, EpwFile, EpwHour, EpwLocation, MAX_FILLED_GAP_H};
pub use psychro::{
    STANDARD_PRESSURE_PA, dew_point_c, humidity_ratio, humidity_ratio_from_vapor_pressure,
    moist_air_enthalpy_kj_per_kg, pressure_at_elevation_pa, relative_humidity_pct, saturation_vapor_pressure_pa,
    stull_wet_bulb_c, wet_bulb_c,
};
pub use synthetic::{ClimateNormals, Conditions, SyntheticWeather};
