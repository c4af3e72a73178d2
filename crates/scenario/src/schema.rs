//! The scenario file as a user writes it: plain serde structs, every field optional that has
//! a sensible default, unknown fields rejected.
//!
//! Counts are read as signed integers and enumerations as strings so that validation can
//! say exactly what is wrong ("-3 racks", "`air-chiler`, did you mean `air-chiller`?")
//! instead of a generic type error.

use serde::Deserialize;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Scenario name; names the output folder.
    pub name: String,
    /// One or two sentences for people.
    #[serde(default)]
    pub description: String,
    /// Seed of every random stream (overridden by `--seed`).
    #[serde(default)]
    pub seed: Option<i64>,
    /// The simulated window.
    #[serde(default)]
    pub time: TimeSpec,
    /// Where the datacenter is.
    pub site: SiteSpec,
    /// The electricity grid it draws from.
    #[serde(default)]
    pub grid: GridSpec,
    /// The halls of accelerator racks.
    pub halls: Vec<HallSpec>,
    /// The electrical chain.
    #[serde(default)]
    pub power_chain: PowerChainSpec,
    /// Hardware lifecycle.
    #[serde(default)]
    pub hardware: HardwareSpec,
}

/// `[time]`: start, duration and step.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeSpec {
    /// First instant, UTC (`2025-01-01T00:00:00Z`).
    #[serde(default = "default_start")]
    pub start: String,
    /// Length of the window (`365d`).
    #[serde(default = "default_duration")]
    pub duration: String,
    /// Fixed step (`15m`).
    #[serde(default = "default_step")]
    pub step: String,
}

fn default_start() -> String {
    "2025-01-01T00:00:00Z".into()
}
fn default_duration() -> String {
    "365d".into()
}
fn default_step() -> String {
    "15m".into()
}

impl Default for TimeSpec {
    fn default() -> Self {
        Self {
            start: default_start(),
            duration: default_duration(),
            step: default_step(),
        }
    }
}

/// `[site]`: a catalog location, or explicit coordinates and climate.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    /// A location id from the built-in catalog (`dctwin catalog locations`).
    pub location: Option<String>,
    /// Display name for an explicit site.
    pub name: Option<String>,
    /// Latitude [°], north positive.
    pub latitude_deg: Option<f64>,
    /// Longitude [°], east positive.
    pub longitude_deg: Option<f64>,
    /// Elevation [m].
    pub elevation_m: Option<f64>,
    /// Standard-time offset from UTC [h].
    pub utc_offset_h: Option<f64>,
    /// Monthly climate normals (required for an explicit site; overrides the location's).
    pub climate: Option<ClimateSpec>,
}

/// `[site.climate]`: monthly normals, January to December.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClimateSpec {
    /// Monthly mean temperature [°C].
    pub temp_mean_c: Vec<f64>,
    /// Monthly mean daily maximum [°C].
    pub temp_max_c: Vec<f64>,
    /// Monthly mean daily minimum [°C].
    pub temp_min_c: Vec<f64>,
    /// Monthly mean relative humidity [%].
    pub rh_mean_pct: Vec<f64>,
}

/// `[grid]`: the zone, or constant figures.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GridSpec {
    /// Grid zone id (default: the location's zone).
    pub zone: Option<String>,
    /// A constant carbon intensity instead of the zone's profile [gCO2e/kWh].
    pub carbon_intensity_g_per_kwh: Option<f64>,
    /// A constant energy price instead of the zone's [USD/MWh].
    pub price_usd_per_mwh: Option<f64>,
}

/// `[[halls]]`: a hall of identical racks.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HallSpec {
    /// Hall name (default `hall-N`).
    pub name: Option<String>,
    /// Accelerator id from the catalog (`dctwin catalog accelerators`).
    pub accelerator: String,
    /// Accelerators per server (default: the catalog server's).
    pub accelerators_per_server: Option<i64>,
    /// Servers per rack (default: the catalog's).
    pub servers_per_rack: Option<i64>,
    /// Number of racks.
    pub racks: i64,
    /// Cooling type (`dctwin catalog cooling`).
    #[serde(default = "default_cooling")]
    pub cooling: String,
    /// Facility PUE for `cooling = "fixed-pue"`.
    pub pue: Option<f64>,
    /// How busy the accelerators are.
    #[serde(default)]
    pub utilization: UtilizationSpec,
    /// Administrative power cap per accelerator [W].
    pub power_cap_w: Option<f64>,
    /// A measured average system power per accelerator (host share included) that replaces
    /// the power curve, as in Patterson et al. 2021 [W].
    pub measured_system_power_w_per_accelerator: Option<f64>,
}

fn default_cooling() -> String {
    "air-chiller".into()
}

/// `utilization = { profile = "training", mean = 0.8 }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UtilizationSpec {
    /// `constant`, `training` or `inference`.
    #[serde(default = "default_profile")]
    pub profile: String,
    /// Mean accelerator utilization [0–1].
    #[serde(default = "default_mean")]
    pub mean: f64,
    /// Standard deviation of each rack's own fluctuation [0–1] (default by profile).
    pub variability: Option<f64>,
}

fn default_profile() -> String {
    "training".into()
}
fn default_mean() -> f64 {
    0.7
}

impl Default for UtilizationSpec {
    fn default() -> Self {
        Self {
            profile: default_profile(),
            mean: default_mean(),
            variability: None,
        }
    }
}

/// `[power_chain]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PowerChainSpec {
    /// UPS/PDU redundancy: `N`, `N+1` or `2N`.
    #[serde(default = "default_redundancy")]
    pub redundancy: String,
}

fn default_redundancy() -> String {
    "2N".into()
}

impl Default for PowerChainSpec {
    fn default() -> Self {
        Self {
            redundancy: default_redundancy(),
        }
    }
}

/// `[hardware]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HardwareSpec {
    /// Service life over which embodied emissions are amortised [years].
    #[serde(default = "default_lifetime")]
    pub lifetime_years: f64,
}

/// Four years: the Cloud Carbon Footprint methodology's server lifetime (FIGURES.md).
fn default_lifetime() -> f64 {
    4.0
}

impl Default for HardwareSpec {
    fn default() -> Self {
        Self {
            lifetime_years: default_lifetime(),
        }
    }
}
