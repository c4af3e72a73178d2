#![doc = include_str!("../README.md")]

mod array;
mod atmosphere;
mod irradiance;
mod position;
mod pvwatts;
mod tracking;

pub use array::{PvArray, PvOutput, Sky};
pub use atmosphere::{
    STANDARD_PRESSURE_PA, absolute_airmass, kasten_young_airmass, linke_turbidity_at, linke_turbidity_on,
    pressure_from_altitude_pa,
};
pub use irradiance::{
    ClearSky, Poa, SOLAR_CONSTANT_W_M2, aoi_projection, erbs_decomposition, extra_radiation_w_m2, ineichen_clear_sky,
    isotropic_poa,
};
pub use position::{SolarPosition, noaa_refraction_deg, solar_position, solar_position_at};
pub use pvwatts::{
    PVWATTS_ETA_REFERENCE, SAPM_CLOSE_MOUNT_GLASS_GLASS, SAPM_INSULATED_BACK_GLASS_POLYMER, SAPM_OPEN_RACK_GLASS_GLASS,
    SAPM_OPEN_RACK_GLASS_POLYMER, SapmParams, pvwatts_dc, pvwatts_inverter, sapm_cell_temperature,
};
pub use tracking::{SingleAxisTracker, TrackerAngles, single_axis_angles};
