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
    /// Training jobs.
    #[serde(default)]
    pub training: Vec<TrainingSpec>,
    /// Inference services.
    #[serde(default)]
    pub inference: Vec<InferenceSpec>,
    /// Waste-heat reuse.
    pub heat_reuse: Option<HeatReuseSpec>,
    /// On-site generation, storage and contracts.
    #[serde(default)]
    pub supply: SupplySpec,
}

/// `[supply]`: on-site solar and wind, a battery, PPAs and certificates.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SupplySpec {
    /// On-site solar.
    pub solar: Option<SolarSpec>,
    /// On-site wind.
    pub wind: Option<WindSpec>,
    /// A battery.
    pub battery: Option<BatterySpec>,
    /// Off-site power purchase agreements.
    #[serde(default)]
    pub ppa: Vec<PpaSpec>,
    /// Unbundled energy attribute certificates bought per year [MWh] (pro-rated to the run).
    pub certificates_mwh: Option<f64>,
    /// Whether surplus on-site generation may be exported (else it is curtailed).
    pub export: Option<bool>,
    /// Price paid for exported energy [USD/MWh] (default 0).
    pub export_price_usd_per_mwh: Option<f64>,
}

/// `[supply.solar]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SolarSpec {
    /// DC capacity [MW].
    pub capacity_mw_dc: f64,
    /// Tilt from horizontal [°] (default: the latitude, capped at 40°).
    pub tilt_deg: Option<f64>,
    /// Azimuth, clockwise from north [°] (default: towards the equator).
    pub azimuth_deg: Option<f64>,
    /// DC/AC ratio (default 1.2).
    pub dc_ac_ratio: Option<f64>,
    /// Clear sky all year instead of the weather's clouds.
    #[serde(default)]
    pub clear_sky: bool,
    /// A `time,value` CSV of the plant's AC output [kW], hourly (measured, or from another
    /// tool); replaces dctwin's model of it.
    pub profile_csv: Option<String>,
}

/// `[supply.wind]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WindSpec {
    /// Number of turbines.
    pub turbines: i64,
    /// Turbine model (`dctwin catalog` lists them; default generic-3mw).
    pub model: Option<String>,
    /// Hub height [m] (default: the model's).
    pub hub_height_m: Option<f64>,
    /// A `time,value` CSV of the plant's AC output [kW], hourly (measured, or from another
    /// tool); replaces dctwin's model of it.
    pub profile_csv: Option<String>,
}

/// `[supply.battery]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BatterySpec {
    /// Energy capacity [MWh].
    pub energy_mwh: f64,
    /// Charge and discharge power [MW].
    pub power_mw: f64,
    /// `self-consumption`, `carbon-aware`, `price-arbitrage` or `peak-shaving`.
    pub policy: Option<String>,
    /// Round-trip efficiency [0–1] (default 0.85, NREL ATB).
    pub round_trip_efficiency: Option<f64>,
    /// Lowest state of charge dispatch may use [%] (default 10).
    pub soc_min_pct: Option<f64>,
    /// Highest state of charge dispatch may use [%] (default 90).
    pub soc_max_pct: Option<f64>,
    /// Self-discharge [% of the stored energy per day] (default 0.05).
    pub self_discharge_pct_per_day: Option<f64>,
    /// Capacity fade [% of nameplate per equivalent full cycle] (default 0.004; 0 turns
    /// degradation off).
    pub fade_pct_per_cycle: Option<f64>,
}

/// `[[supply.ppa]]`: an off-site power purchase agreement.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PpaSpec {
    /// `solar` or `wind`.
    pub kind: String,
    /// Contracted capacity [MW] (DC for solar).
    pub capacity_mw: f64,
    /// Where the plant is (a catalog location; default: the site).
    pub location: Option<String>,
}

/// `[heat_reuse]`: where recovered heat goes.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HeatReuseSpec {
    /// `district-heating` or `fixed` (a greenhouse, pool or industrial process).
    pub sink: String,
    /// Temperature the sink needs [°C] (default 70: a 3rd/4th-generation network's supply).
    pub supply_temp_c: Option<f64>,
    /// District heating: the network's annual heat demand [MWh] (default 500,000).
    pub annual_demand_mwh: Option<f64>,
    /// District heating: share of the annual demand that is year-round hot water (default 0.2).
    pub hot_water_share: Option<f64>,
    /// District heating: the most the network takes from the data centre [MW] (default: no cap).
    pub max_take_mw: Option<f64>,
    /// Fixed sink: heat it takes [MW].
    pub demand_mw: Option<f64>,
    /// Heat-pump thermal capacity [MW] (default: no limit).
    pub heat_pump_capacity_mw: Option<f64>,
    /// Whether the heat pumps' electricity is inside the facility boundary (counted in
    /// facility energy and PUE; default true).
    pub heat_pump_in_facility: Option<bool>,
    /// Annual heat of one home [kWh] (default 4,380: Stockholm Data Parks' 10 MW → 20,000 flats).
    pub heat_per_home_kwh: Option<f64>,
    /// Emissions of the heat displaced [g CO2e/kWh] (default 50: Stockholm district heating).
    pub displaced_g_per_kwh: Option<f64>,
    /// Price paid for delivered heat [USD/MWh] (default 30).
    pub price_usd_per_mwh: Option<f64>,
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
    /// An EnergyPlus weather file (EPW) to drive the run instead of synthetic weather; a path
    /// relative to the scenario file. Its LOCATION line supplies the coordinates when neither
    /// `location` nor coordinates are given.
    pub weather_file: Option<String>,
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
    /// An Electricity Maps hourly export driving carbon intensity (path relative to the
    /// scenario file).
    pub electricity_maps_csv: Option<String>,
    /// `lifecycle` (default) or `direct` intensity from the Electricity Maps file.
    pub carbon_basis: Option<String>,
    /// A generic `time,value` CSV of carbon intensity [gCO2e/kWh].
    pub carbon_csv: Option<String>,
    /// A generic `time,value` CSV of energy price [USD/MWh].
    pub price_csv: Option<String>,
    /// Most the grid connection can import [MW].
    pub import_limit_mw: Option<f64>,
    /// Residual-mix intensity for market-based emissions [gCO2e/kWh] (default: the grid mean).
    pub residual_mix_g_per_kwh: Option<f64>,
    /// A `time,value` CSV of the grid's marginal intensity [gCO2e/kWh] (e.g. WattTime's MOER),
    /// for marginal emissions alongside the average-based ones.
    pub marginal_csv: Option<String>,
}

/// `[[halls]]`: a hall of identical racks.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HallSpec {
    /// Hall name (default `hall-N`).
    pub name: Option<String>,
    /// Accelerator id from the catalog (`dctwin catalog accelerators`); implies its default
    /// server.
    pub accelerator: Option<String>,
    /// Server id from the catalog (`dctwin catalog servers`); default: the accelerator's.
    pub server: Option<String>,
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
    /// Water model for `air-tower`: `physics` (default) or `li2023`.
    pub water_model: Option<String>,
    /// Share of heat captured by cold plates for `direct-liquid` [0–1] (default 0.8).
    pub liquid_capture_frac: Option<f64>,
    /// Monthly sea temperatures for `sea-water`, January first [°C] (default: from the site's
    /// air temperatures).
    pub sea_temp_c: Option<Vec<f64>>,
    /// How busy the accelerators are.
    #[serde(default)]
    pub utilization: UtilizationSpec,
    /// Administrative power cap per accelerator [W].
    pub power_cap_w: Option<f64>,
    /// A measured average system power per accelerator (host share included) that replaces
    /// the power curve, as in Patterson et al. 2021 [W].
    pub measured_system_power_w_per_accelerator: Option<f64>,
    /// A `time,value` CSV of the hall's utilization [0–1], hourly (e.g. exported from a
    /// scheduler's telemetry); replaces the profile's shape and mean.
    pub utilization_csv: Option<String>,
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

/// `[[training]]`: a training job.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrainingSpec {
    /// Job name.
    pub name: String,
    /// Hall it runs in (default: the first).
    pub hall: Option<String>,
    /// Accelerators it uses.
    pub accelerators: i64,
    /// Size as accelerator-hours (GPU-hours).
    pub accelerator_hours: Option<f64>,
    /// Size as total training FLOPs (with `mfu` and `precision`).
    pub total_flops: Option<f64>,
    /// Model FLOPs utilization for `total_flops` [0–1] (default 0.40: Llama 3's 38–43 %).
    pub mfu: Option<f64>,
    /// Math precision for `total_flops`.
    #[serde(default = "default_precision")]
    pub precision: String,
    /// Earliest start, UTC (default: the start of the run).
    pub earliest_start: Option<String>,
    /// Deadline, UTC (reported as met or missed).
    pub deadline: Option<String>,
    /// Whether the job may wait for capacity (non-deferrable jobs are placed first).
    #[serde(default)]
    pub deferrable: bool,
    /// Time between checkpoints (default: Young's optimal interval).
    pub checkpoint_interval: Option<String>,
    /// Time to recover from an interruption (default 10m).
    pub restart: Option<String>,
    /// Whether interruptions happen (at the Llama 3 rate).
    #[serde(default = "default_true")]
    pub failures: bool,
    /// Throughput fraction of a running accelerator [0–1] (default 0.95).
    pub utilization: Option<f64>,
}

/// `[[inference]]`: an inference service.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InferenceSpec {
    /// Service name.
    pub name: String,
    /// Hall it runs in (default: the first).
    pub hall: Option<String>,
    /// Model size [billions of parameters].
    pub model_params_b: f64,
    /// Weight and math precision: bf16, fp8, int8, int4 (fp32, tf32 allowed).
    #[serde(default = "default_precision")]
    pub precision: String,
    /// Mean demand [requests/s].
    pub requests_per_s: f64,
    /// Prompt tokens per request (default 1,020: Splitwise conversation median).
    pub prompt_tokens: Option<f64>,
    /// Output tokens per request (default 129: Splitwise conversation median).
    pub output_tokens: Option<f64>,
    /// Largest decode batch (default 32).
    pub max_batch: Option<i64>,
    /// Time-per-output-token budget [ms] (default 100).
    pub latency_budget_ms: Option<f64>,
    /// Fixed overhead per decode step [ms] (default 1.5).
    pub step_overhead_ms: Option<f64>,
    /// Demand shape: `diurnal` or `constant`.
    #[serde(default = "default_demand")]
    pub demand_profile: String,
    /// Demand growth [% per year].
    #[serde(default)]
    pub growth_pct_per_year: f64,
    /// Day-to-day demand noise, relative standard deviation (default 0.1).
    pub demand_noise: Option<f64>,
    /// Mixture-of-experts active parameter share [0–1].
    pub moe_active_frac: Option<f64>,
    /// `none` or `2:4`.
    #[serde(default = "default_sparsity")]
    pub sparsity: String,
    /// Early exit with its default effect.
    #[serde(default)]
    pub early_exit: bool,
    /// Early exit's share of layers executed (implies `early_exit`).
    pub early_exit_layer_frac: Option<f64>,
    /// Dynamic depth with its default effect.
    #[serde(default)]
    pub dynamic_depth: bool,
    /// Dynamic depth's share of layers executed (implies `dynamic_depth`).
    pub dynamic_depth_layer_frac: Option<f64>,
    /// Kernel fusion with its default effect.
    #[serde(default)]
    pub kernel_fusion: bool,
    /// Kernel fusion's speedup (implies `kernel_fusion`).
    pub kernel_fusion_speedup: Option<f64>,
}

fn default_precision() -> String {
    "bf16".into()
}
fn default_true() -> bool {
    true
}
fn default_demand() -> String {
    "diurnal".into()
}
fn default_sparsity() -> String {
    "none".into()
}
