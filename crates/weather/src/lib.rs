#![doc = include_str!("../README.md")]

mod psychro;
mod synthetic;

pub use psychro::{dew_point_c, relative_humidity_pct, saturation_vapor_pressure_hpa, stull_wet_bulb_c};
pub use synthetic::{ClimateNormals, Conditions, SyntheticWeather};
