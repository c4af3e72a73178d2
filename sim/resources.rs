//! Resources: facility-wide state shared by systems.

use bevy_ecs::prelude::Resource;
use dctwin_core::UtcTime;
use dctwin_facility::PowerChain;
use dctwin_it::{PowerTable, ServerPower};
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

/// Grid signals for every step, generated or read before the run.
#[derive(Resource, Debug, Clone)]
pub struct GridSeries {
    /// Carbon intensity per step [gCO2e/kWh].
    pub ci_g_per_kwh: Vec<f64>,
    /// Energy price per step [USD/MWh].
    pub price_usd_per_mwh: Vec<f64>,
    /// Carbon-free share of the grid's supply per step [%].
    pub cfe_pct: Vec<f64>,
    /// Marginal intensity per step, where a file gives it [gCO2e/kWh].
    pub marginal_ci_g_per_kwh: Option<Vec<f64>>,
}

/// The grid this step.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct GridSignal {
    /// Carbon intensity [gCO2e/kWh].
    pub ci_g_per_kwh: f64,
    /// Energy price [USD/MWh].
    pub price_usd_per_mwh: f64,
    /// Carbon-free share of the grid's supply [%].
    pub cfe_pct: f64,
    /// Marginal intensity [gCO2e/kWh]; NaN without marginal data.
    pub marginal_ci_g_per_kwh: f64,
}

/// How the site is supplied this step [kW]: `facility = onsite_used + battery_discharge +
/// import − battery_charge_from_grid`, by construction.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SupplyNow {
    /// On-site solar output.
    pub solar_kw: f64,
    /// On-site wind output.
    pub wind_kw: f64,
    /// PPA plants' output (delivered on paper).
    pub ppa_kw: f64,
    /// On-site generation used directly by the facility.
    pub onsite_used_kw: f64,
    /// Battery charging from the bus (surplus or grid).
    pub battery_charge_kw: f64,
    /// Part of the charging taken from the grid.
    pub battery_charge_from_grid_kw: f64,
    /// Battery discharging to the facility.
    pub battery_discharge_kw: f64,
    /// Part of the discharge that was stored on-site renewable energy.
    pub battery_green_discharge_kw: f64,
    /// Battery state of charge [0–1] (0 without a battery).
    pub battery_soc_frac: f64,
    /// Surplus exported.
    pub export_kw: f64,
    /// Surplus curtailed.
    pub curtailed_kw: f64,
    /// Import above the connection limit.
    pub import_excess_kw: f64,
    /// Carbon-free supply matched to the site: on-site used, green discharge, PPA output.
    pub cfe_supply_kw: f64,
}

/// Settings of the supply that do not change during the run.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SupplySettings {
    /// Whether surplus may be exported.
    pub export: bool,
    /// Export price [USD/MWh].
    pub export_price_usd_per_mwh: f64,
    /// Import limit [kW] (∞ for none).
    pub import_limit_kw: f64,
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
    /// The server model (for memory-bound serving power).
    pub server: ServerPower,
    /// Accelerators per server.
    pub accelerators_per_server: f64,
    /// Accelerators per rack.
    pub accelerators_per_rack: f64,
    /// Accelerators in the hall.
    pub accelerators: f64,
    /// Whether training jobs or inference services drive this hall (else its profile does).
    pub has_workloads: bool,
}

impl HallDriver {
    /// Power of one busy accelerator's share of a server at compute-bound utilization `u` [kW].
    pub fn busy_kw_per_accelerator(&self, u: f64) -> f64 {
        self.measured_server_kw.unwrap_or_else(|| self.server_table.power_kw(u)) / self.accelerators_per_server
    }

    /// Power of one allocated but idle accelerator's share [kW].
    pub fn idle_kw_per_accelerator(&self) -> f64 {
        self.server_table.idle_kw() / self.accelerators_per_server
    }

    /// Power of one unallocated (parked) accelerator's share [kW].
    pub fn parked_kw_per_accelerator(&self) -> f64 {
        self.server_table.parked_kw() / self.accelerators_per_server
    }
}

/// What a run of a hall's accelerators is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Training, computing.
    Training,
    /// Training, stalled (restart or checkpoint write): allocated, idle.
    Stalled,
    /// Serving inference.
    Inference,
    /// Unallocated.
    Parked,
}

/// A run of consecutive accelerators in a hall doing the same thing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// What they do.
    pub kind: SegmentKind,
    /// Index one past the last accelerator of the run (fractional: a server can be shared).
    pub end: f64,
    /// Power per accelerator, host share included [kW].
    pub kw_per_accelerator: f64,
    /// Utilization of these accelerators [0–1].
    pub utilization_frac: f64,
}

/// Each workload-driven hall's accelerators, packed in order: training computing, training
/// stalled, each inference service, unallocated. Racks fill in index order, so work
/// concentrates in the first racks and the rest sit parked — as a scheduler that packs jobs
/// leaves them. Refilled every step without allocating (capacity kept).
#[derive(Resource, Debug, Clone, Default)]
pub struct HallSegments(pub Vec<Vec<Segment>>);

/// Per-hall drivers and this step's demand, indexed by hall.
#[derive(Resource, Debug, Clone)]
pub struct HallDemand {
    /// Drivers, one per hall.
    pub drivers: Vec<HallDriver>,
    /// This step's demand utilization per hall [0–1].
    pub target_frac: Vec<f64>,
    /// Per hall, utilization per step from a file, replacing the profile [0–1].
    pub utilization_series: Vec<Option<Vec<f64>>>,
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

/// IT power by what it does this step, summed over workload-driven halls [kW].
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct WorkloadPower {
    /// Training jobs computing.
    pub training_kw: f64,
    /// Inference services.
    pub inference_kw: f64,
    /// Allocated-idle and unallocated accelerators.
    pub idle_kw: f64,
    /// Output tokens this step.
    pub output_tokens: f64,
    /// Requests served this step.
    pub requests: f64,
}

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
    /// Water consumed by the cooling plants [L/h].
    pub water_l_per_h: f64,
    /// UPS and PDU losses, released in the white space [kW].
    pub indoor_loss_kw: f64,
    /// Heat pumps' electricity counted inside the facility boundary [kW] (part of
    /// `facility_kw`).
    pub heat_pump_kw: f64,
    /// Mean accelerator utilization across the facility [0–1].
    pub utilization_frac: f64,
}

/// What the grid supplies this step.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct GridExchange {
    /// Import from the grid [kW].
    pub import_kw: f64,
    /// Export to the grid [kW].
    pub export_kw: f64,
    /// Emissions of this step's import, location-based [kg CO2e].
    pub co2_kg: f64,
    /// Emissions of this step's import at the marginal intensity [kg CO2e]; NaN without
    /// marginal data.
    pub marginal_co2_kg: f64,
    /// Cost of this step's import [USD].
    pub cost_usd: f64,
}

/// Unallocated accelerators per hall this step, as placement and serving take them.
#[derive(Resource, Debug, Clone, Default)]
pub struct HallFree(pub Vec<f64>);

/// Waste-heat reuse: the sink (calibrated to the run's weather), the heat pump, this step's
/// flow, and scratch space for the recoverable streams (kept between steps: no allocation).
#[derive(Resource, Debug, Clone)]
pub struct HeatReuse {
    /// What the scenario asked for.
    pub config: dctwin_scenario::HeatReuseConfig,
    /// The heat pump model.
    pub pump: dctwin_heat::HeatPump,
    /// This step's flow.
    pub flow: dctwin_heat::HeatFlow,
    /// Recoverable streams this step: (heat [kW], temperature [°C]).
    pub streams: Vec<(f64, f64)>,
    /// Cooling power saved because the sink took heat the plants would have rejected [kW].
    pub cooling_saved_kw: f64,
}
