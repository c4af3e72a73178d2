//! Resources: facility-wide state shared by systems.

use bevy_ecs::prelude::Resource;
use dctwin_core::UtcTime;
use dctwin_facility::PowerChain;
use dctwin_it::PowerTable;
use dctwin_weather::Conditions;

/// The simulation clock: an integer tick and a fixed step, never accumulated float seconds.
#[derive(Resource, Debug, Clone, Copy)]
pub struct SimClock {
    /// Current tick, `0..steps`.
    pub tick: u64,
    /// Number of ticks in the run.
    pub steps: u64,
    /// Time of tick 0.
    pub start: UtcTime,
    /// Step [s].
    pub step_s: u64,
}

impl SimClock {
    /// The instant at the start of the current step.
    pub fn now(&self) -> UtcTime {
        UtcTime(self.start.0 + (self.tick * self.step_s) as i64)
    }

    /// Step length [h].
    pub fn step_h(&self) -> f64 {
        self.step_s as f64 / 3_600.0
    }
}

/// Outdoor conditions for every step, generated before the run.
#[derive(Resource, Debug, Clone)]
pub struct WeatherSeries(pub Vec<Conditions>);

/// Outdoor conditions this step.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Weather(pub Conditions);

/// Grid carbon intensity for every step, generated (or set constant) before the run.
#[derive(Resource, Debug, Clone)]
pub struct GridSeries {
    /// Carbon intensity per step [gCO2e/kWh].
    pub ci_g_per_kwh: Vec<f64>,
    /// Energy price [USD/MWh].
    pub price_usd_per_mwh: f64,
}

/// The grid this step.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct GridSignal {
    /// Carbon intensity [gCO2e/kWh].
    pub ci_g_per_kwh: f64,
    /// Energy price [USD/MWh].
    pub price_usd_per_mwh: f64,
}

/// How one hall's utilization is driven, fixed for the run.
#[derive(Debug, Clone, Copy)]
pub struct HallDriver {
    /// Demand shape.
    pub profile: dctwin_scenario::Profile,
    /// Mean utilization [0–1].
    pub mean_frac: f64,
    /// Per-rack fluctuation standard deviation [0–1].
    pub variability_frac: f64,
    /// One server's power against utilization.
    pub server_table: PowerTable,
    /// Servers in one rack.
    pub servers_per_rack: f64,
    /// Fixed server power when a measured system average replaces the curve [kW].
    pub measured_server_kw: Option<f64>,
}

/// Per-hall drivers and this step's demand, indexed by hall.
#[derive(Resource, Debug, Clone)]
pub struct HallDemand {
    /// Drivers, one per hall.
    pub drivers: Vec<HallDriver>,
    /// This step's demand utilization per hall [0–1].
    pub target_frac: Vec<f64>,
    /// Site standard-time offset [h], for local-time demand cycles.
    pub utc_offset_h: f64,
    /// Lag-one autocorrelation of rack fluctuations per step.
    pub fluctuation_lag1: f64,
}

/// Per-hall sums of rack power this step, filled by `compute_rack_power`.
#[derive(Resource, Debug, Clone)]
pub struct HallTotals {
    /// IT power per hall [kW].
    pub it_power_kw: Vec<f64>,
    /// Sum of rack utilizations per hall [-].
    pub utilization_sum: Vec<f64>,
    /// Racks per hall.
    pub racks: Vec<f64>,
}

/// The electrical chain feeding the whole facility.
#[derive(Resource, Debug, Clone, Copy)]
pub struct FacilityChain(pub PowerChain);

/// Facility power this step, by component [kW]. `facility = it + cooling + losses`.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct FacilityPower {
    /// IT power [kW].
    pub it_kw: f64,
    /// Cooling power [kW].
    pub cooling_kw: f64,
    /// Electrical conversion losses [kW].
    pub loss_kw: f64,
    /// Total facility power [kW].
    pub facility_kw: f64,
    /// Heat removed by the cooling plants [kW].
    pub heat_removed_kw: f64,
    /// Heat-weighted free-cooling share [0–1].
    pub free_cooling_frac: f64,
    /// Mean accelerator utilization across the facility [0–1].
    pub utilization_frac: f64,
}

/// What the grid supplies this step.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct GridExchange {
    /// Import from the grid [kW].
    pub import_kw: f64,
    /// Emissions of this step's import, location-based [kg CO2e].
    pub co2_kg: f64,
    /// Cost of this step's import [USD].
    pub cost_usd: f64,
}
