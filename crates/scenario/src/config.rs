//! The resolved run configuration: every default applied, every catalog name looked up, every
//! string turned into a number or an enum. This is what the simulation is built from.

use dctwin_catalog::{Accelerator, GridZone, Server};
use dctwin_core::UtcTime;
use dctwin_workload::{Levers, Precision};

/// A scenario ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// Scenario name (safe as a folder name).
    pub name: String,
    /// Description for people.
    pub description: String,
    /// Seed of every random stream.
    pub seed: u64,
    /// First instant.
    pub start: UtcTime,
    /// Step [s].
    pub step_s: u64,
    /// Number of steps.
    pub steps: usize,
    /// The site.
    pub site: Site,
    /// The grid.
    pub grid: Grid,
    /// The halls.
    pub halls: Vec<Hall>,
    /// UPS/PDU redundancy.
    pub redundancy: Redundancy,
    /// Service life for embodied emissions [years].
    pub lifetime_years: f64,
    /// Share of the service life the hardware is in use (0–1]: embodied emissions are charged
    /// to the hours of use.
    pub use_share: f64,
    /// Training jobs.
    pub training: Vec<TrainingConfig>,
    /// Inference services.
    pub inference: Vec<InferenceConfig>,
    /// Waste-heat reuse, if any.
    pub heat_reuse: Option<HeatReuseConfig>,
    /// On-site generation, storage and contracts.
    pub supply: Supply,
    /// Every field the scenario left unset, with the value the run used, in the order resolved.
    pub defaults: Vec<crate::DefaultUsed>,
}

/// On-site generation, storage and contracts, resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Supply {
    /// On-site solar.
    pub solar: Option<SolarConfig>,
    /// On-site wind.
    pub wind: Option<WindConfig>,
    /// A battery.
    pub battery: Option<BatteryConfig>,
    /// Off-site PPAs.
    pub ppas: Vec<PpaConfig>,
    /// Unbundled certificates for the run [MWh].
    pub certificates_mwh: f64,
    /// Whether surplus may be exported.
    pub export: bool,
    /// Export price [USD/MWh].
    pub export_price_usd_per_mwh: f64,
    /// On-site solar output from a file [kW], replacing the PV model.
    pub solar_file: Option<std::sync::Arc<dctwin_grid::HourlySignal>>,
    /// On-site wind output from a file [kW], replacing the wind model.
    pub wind_file: Option<std::sync::Arc<dctwin_grid::HourlySignal>>,
}

/// On-site or contracted solar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolarConfig {
    /// The plant: capacity, orientation or trackers, module, losses, inverter.
    pub array: dctwin_solar::PvArray,
    /// Clear sky all year.
    pub clear_sky: bool,
}

/// On-site or contracted wind.
#[derive(Debug, Clone, PartialEq)]
pub struct WindConfig {
    /// Turbines.
    pub turbines: u32,
    /// Turbine model name.
    pub model: String,
    /// Hub height [m], or the model's.
    pub hub_height_m: Option<f64>,
    /// A power curve given by the scenario, replacing the model's.
    pub curve: Option<dctwin_wind::PowerCurve>,
    /// Farm losses: wakes, availability, electrical [0–1].
    pub losses_frac: f64,
}

/// How the battery decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatteryPolicy {
    /// Store surplus on-site generation, discharge to cover load.
    SelfConsumption,
    /// Charge from the grid in its cleanest hours, discharge in its dirtiest.
    CarbonAware,
    /// Charge when energy is cheap, discharge when dear.
    PriceArbitrage,
    /// Keep imports under the connection limit.
    PeakShaving,
}

/// A battery, resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatteryConfig {
    /// Energy [kWh].
    pub energy_kwh: f64,
    /// Power [kW].
    pub power_kw: f64,
    /// Policy.
    pub policy: BatteryPolicy,
    /// Round-trip efficiency [0–1].
    pub round_trip_efficiency: f64,
    /// Lowest state of charge dispatch may use [0–1].
    pub soc_min_frac: f64,
    /// Highest state of charge dispatch may use [0–1].
    pub soc_max_frac: f64,
    /// Self-discharge [fraction of the stored energy per day].
    pub self_discharge_per_day_frac: f64,
    /// Capacity fade [fraction of nameplate per equivalent full cycle]; 0 turns it off.
    pub fade_per_cycle_frac: f64,
}

/// What a PPA buys.
#[derive(Debug, Clone, PartialEq)]
pub enum PpaKind {
    /// A solar plant.
    Solar(SolarConfig),
    /// A wind farm.
    Wind(WindConfig),
}

/// An off-site PPA, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PpaConfig {
    /// The plant.
    pub kind: PpaKind,
    /// Where it is.
    pub location: dctwin_catalog::Location,
}

/// Waste-heat reuse, resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatReuseConfig {
    /// The sink (district heating calibrated to the run's weather later, or fixed).
    pub sink: dctwin_heat::HeatSink,
    /// Heat-pump thermal capacity [kW] (∞ for none).
    pub pump_capacity_kw: f64,
    /// Whether heat-pump electricity is counted in facility energy.
    pub pump_in_facility: bool,
    /// Annual heat of one home [kWh].
    pub heat_per_home_kwh: f64,
    /// Emissions of displaced heat [g CO2e/kWh].
    pub displaced_g_per_kwh: f64,
    /// Heat price [USD/MWh].
    pub price_usd_per_mwh: f64,
}

/// Where the datacenter is.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Display name.
    pub label: String,
    /// Catalog location id, if one was used.
    pub location_id: Option<String>,
    /// Latitude [°].
    pub latitude_deg: f64,
    /// Longitude [°].
    pub longitude_deg: f64,
    /// Elevation [m].
    pub elevation_m: f64,
    /// Standard-time offset from UTC [h].
    pub utc_offset_h: f64,
    /// Monthly normals.
    pub climate: Climate,
    /// An EPW file driving the weather instead of the synthetic generator.
    pub weather: Option<std::sync::Arc<dctwin_weather::EpwFile>>,
    /// The EPW file's path, for the record.
    pub weather_file: Option<std::path::PathBuf>,
}

/// Monthly climate normals, January to December.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Climate {
    /// Mean temperature [°C].
    pub temp_mean_c: [f64; 12],
    /// Mean daily maximum [°C].
    pub temp_max_c: [f64; 12],
    /// Mean daily minimum [°C].
    pub temp_min_c: [f64; 12],
    /// Mean relative humidity [%].
    pub rh_mean_pct: [f64; 12],
}

/// The grid connection.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The zone whose profile drives carbon intensity (also when a constant overrides it, for
    /// the record).
    pub zone: GridZone,
    /// A constant intensity replacing the zone's profile [gCO2e/kWh].
    pub constant_ci_g_per_kwh: Option<f64>,
    /// Energy price [USD/MWh] (the mean when a price file is given).
    pub price_usd_per_mwh: f64,
    /// Hourly carbon intensity from a file, replacing the zone's profile.
    pub carbon_file: Option<std::sync::Arc<dctwin_grid::HourlySignal>>,
    /// Hourly price from a file.
    pub price_file: Option<std::sync::Arc<dctwin_grid::HourlySignal>>,
    /// Marginal intensity from a file [gCO2e/kWh].
    pub marginal_file: Option<std::sync::Arc<dctwin_grid::HourlySignal>>,
    /// Most the connection imports [kW].
    pub import_limit_kw: Option<f64>,
    /// Residual-mix intensity for market-based emissions [gCO2e/kWh].
    pub residual_mix_g_per_kwh: Option<f64>,
}

/// A hall of identical racks.
#[derive(Debug, Clone, PartialEq)]
pub struct Hall {
    /// Name.
    pub name: String,
    /// The catalog accelerator.
    pub accelerator: Accelerator,
    /// The catalog server carrying it.
    pub server: Server,
    /// Accelerators per server.
    pub accelerators_per_server: u32,
    /// Servers per rack.
    pub servers_per_rack: u32,
    /// Racks.
    pub racks: u32,
    /// Cooling.
    pub cooling: Cooling,
    /// Utilization.
    pub utilization: Utilization,
    /// Power cap per accelerator [W].
    pub power_cap_w: Option<f64>,
    /// Measured average system power per accelerator replacing the curve [W].
    pub measured_system_power_w_per_accelerator: Option<f64>,
    /// Hourly utilization from a file [0–1], replacing the profile.
    pub utilization_file: Option<std::sync::Arc<dctwin_grid::HourlySignal>>,
}

impl Hall {
    /// Accelerators in the hall.
    pub fn accelerators(&self) -> u64 {
        u64::from(self.racks) * u64::from(self.servers_per_rack) * u64::from(self.accelerators_per_server)
    }
}

/// Cooling of a hall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cooling {
    /// Air-cooled chiller with a dry-cooler economizer.
    AirChiller,
    /// Water-cooled chiller, cooling tower and water-side economizer.
    AirTower {
        /// Li et al. 2023's empirical water model instead of the physical one.
        li2023_water: bool,
    },
    /// Direct outside air with a chiller for hot or humid hours.
    AirEconomizer,
    /// Direct-to-chip warm-water cooling.
    DirectLiquid {
        /// Share of the heat captured by cold plates.
        capture_frac: f64,
    },
    /// Single-phase immersion.
    ImmersionSinglePhase,
    /// Two-phase immersion.
    ImmersionTwoPhase,
    /// Surface seawater through a heat exchanger.
    SeaWater {
        /// Monthly sea temperatures [°C], or derived from the air.
        temps_c: Option<[f64; 12]>,
    },
    /// Deep-lake water (4 °C, or the coldest month's mean where that is warmer) through a heat
    /// exchanger.
    LakeWater,
    /// Overhead such that the hall's PUE is this number.
    FixedPue(f64),
}

impl Cooling {
    /// The name a scenario file uses for this cooling type (`cooling = "…"`).
    pub fn name(&self) -> &'static str {
        match self {
            Cooling::AirChiller => "air-chiller",
            Cooling::AirTower { .. } => "air-tower",
            Cooling::AirEconomizer => "air-economizer",
            Cooling::DirectLiquid { .. } => "direct-liquid",
            Cooling::ImmersionSinglePhase => "immersion-single-phase",
            Cooling::ImmersionTwoPhase => "immersion-two-phase",
            Cooling::SeaWater { .. } => "sea-water",
            Cooling::LakeWater => "lake-water",
            Cooling::FixedPue(_) => "fixed-pue",
        }
    }
}

/// Cooling types a scenario can name, with one line each for `dctwin catalog cooling`.
pub const COOLING_TYPES: &[(&str, &str)] = &[
    (
        "air-chiller",
        "CRAH fans + chilled water 15/21 C + air-cooled chiller + dry-cooler economizer (by dry bulb); no water",
    ),
    (
        "air-tower",
        "CRAH fans + water-cooled chiller + cooling tower + water-side economizer (by wet bulb); evaporates water",
    ),
    (
        "air-economizer",
        "direct outside air, 25 C supply, dew-point lockout above 15 C, air-cooled chiller for the rest; no water",
    ),
    (
        "direct-liquid",
        "cold plates take 80 % of the heat into 32/42 C water cooled by dry coolers; the rest by air; fans cut",
    ),
    (
        "immersion-single-phase",
        "servers in dielectric fluid at 40/48 C, dry coolers, no server fans; pPUE about 1.03",
    ),
    (
        "immersion-two-phase",
        "fluid boiling at about 50 C, condenser water 40/48 C, dry coolers, no fans, chips 5 % leaner",
    ),
    (
        "sea-water",
        "seawater through a heat exchanger (Project Natick, Hamina); chiller when the sea is warm; no water used",
    ),
    (
        "lake-water",
        "deep-lake water through a heat exchanger: 4 C where winters are cold (Toronto), the coldest month's mean in warm climates; no water used",
    ),
    (
        "fixed-pue",
        "facility = IT x pue exactly: the overhead holds the chain's losses (at most all of it), the rest is cooling; needs `pue`",
    ),
];

/// How a hall's utilization evolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The mean, every step.
    Constant,
    /// Long jobs: close to the mean all the time.
    Training,
    /// Serving: follows a daily and weekly demand cycle around the mean.
    Inference,
}

/// Profile names for messages.
pub const PROFILES: &[&str] = &["constant", "training", "inference"];

/// A hall's utilization.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Utilization {
    /// Shape over time.
    pub profile: Profile,
    /// Mean utilization [0–1].
    pub mean_frac: f64,
    /// Standard deviation of each rack's own fluctuation [0–1].
    pub variability_frac: f64,
}

/// UPS/PDU redundancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redundancy {
    /// No redundancy.
    N,
    /// One spare per four.
    NPlus1,
    /// Two full paths.
    TwoN,
}

/// A training job, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingConfig {
    /// Name.
    pub name: String,
    /// Index of its hall.
    pub hall: usize,
    /// Accelerators it uses.
    pub accelerators: u32,
    /// Work [accelerator-hours].
    pub work_accelerator_h: f64,
    /// Earliest start.
    pub earliest_start: UtcTime,
    /// Deadline.
    pub deadline: Option<UtcTime>,
    /// Whether it may wait for capacity.
    pub deferrable: bool,
    /// Checkpoint interval [h].
    pub checkpoint_interval_h: f64,
    /// Recovery time after an interruption [h].
    pub restart_h: f64,
    /// Whether interruptions happen.
    pub failures: bool,
    /// Throughput fraction of its running accelerators [0–1].
    pub utilization_frac: f64,
}

/// Shape of an inference service's demand over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandProfile {
    /// Flat.
    Constant,
    /// Daily and weekly cycle in local time.
    Diurnal,
}

/// An inference service, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct InferenceConfig {
    /// Name.
    pub name: String,
    /// Index of its hall.
    pub hall: usize,
    /// Model size [billions of parameters].
    pub params_b: f64,
    /// Precision.
    pub precision: Precision,
    /// Levers.
    pub levers: Levers,
    /// Mean demand [requests/s].
    pub requests_per_s: f64,
    /// Prompt tokens per request.
    pub prompt_tokens: f64,
    /// Output tokens per request.
    pub output_tokens: f64,
    /// Largest decode batch.
    pub max_batch: u32,
    /// Time-per-output-token budget [s].
    pub latency_budget_s: f64,
    /// Overhead per decode step [s].
    pub step_overhead_s: f64,
    /// Demand shape.
    pub demand_profile: DemandProfile,
    /// Demand growth per year [fraction].
    pub growth_frac_per_year: f64,
    /// Day-to-day demand noise [relative σ].
    pub demand_noise_frac: f64,
}

#[cfg(test)]
mod tests {
    use super::COOLING_TYPES;

    /// Every cooling type a scenario can name resolves to a plant that reports the same name.
    #[test]
    fn cooling_names_round_trip() {
        for (kind, _) in COOLING_TYPES {
            let extra = match *kind {
                "fixed-pue" => "pue = 1.3\n",
                _ => "",
            };
            let source = format!(
                "name = \"t\"\n[site]\nlocation = \"oslo\"\n[[halls]]\naccelerator = \"h100-sxm\"\nracks = 2\ncooling = \"{kind}\"\n{extra}"
            );
            let loaded = crate::load_str(&source, std::path::Path::new("t.toml"), &[], None)
                .unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(loaded.config.halls[0].cooling.name(), *kind);
        }
    }
}
