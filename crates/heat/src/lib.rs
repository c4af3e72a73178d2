#![doc = include_str!("../README.md")]

mod pump;
mod sink;

pub use pump::{HeatPump, carnot_heating_cop};
pub use sink::{DistrictHeating, HeatFlow, HeatSink, dispatch_heat, dispatch_streams, ere, erf};

/// Heat of one flat in Stockholm's district-heating network per year [kWh], derived from
/// Stockholm Data Parks' figure that "a 10 MW data center load can heat 20,000 modern
/// residential flats": 10 MW × 8,760 h / 20,000 = 4,380 kWh per flat and year.
pub const STOCKHOLM_FLAT_HEAT_KWH_PER_YEAR: f64 = 10_000.0 * 8_760.0 / 20_000.0;

/// Emissions avoided per kWh of district heat displaced [g CO2e/kWh]: Stockholm Data Parks
/// puts the district-heating emissions avoided at ≈50 g/kWh of heat.
pub const STOCKHOLM_DISPLACED_G_PER_KWH: f64 = 50.0;
