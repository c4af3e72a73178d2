//! Components: the nouns attached to entities (racks and halls).

use bevy_ecs::prelude::Component;

/// The hall a rack belongs to (index into the hall resources) and its position in the hall
/// (racks are filled with work in this order).
#[derive(Component, Debug, Clone, Copy)]
pub struct RackOf {
    /// Hall index.
    pub hall: u16,
    /// Position in the hall, from 0.
    pub index: u32,
}

/// A rack's own utilization fluctuation around its hall's demand.
///
/// The fluctuation is an AR(1) process with its own xorshift generator, so every rack draws
/// the same numbers whatever order or thread updates it.
#[derive(Component, Debug, Clone, Copy)]
pub struct RackFluctuation {
    /// Current deviation from the hall's demand [utilization fraction].
    pub deviation_frac: f64,
    /// xorshift64* state (never zero).
    pub rng_state: u64,
}

/// A rack's IT load this step.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct RackLoad {
    /// Accelerator utilization [0–1].
    pub utilization_frac: f64,
    /// Electrical power of the rack's servers [kW].
    pub it_power_kw: f64,
}

/// A hall of racks (an entity carrying the hall's facility equipment).
#[derive(Component, Debug, Clone, Copy)]
pub struct Hall(pub u16);

/// A hall's IT load this step, summed over its racks.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct HallLoad {
    /// IT power [kW].
    pub it_power_kw: f64,
    /// IT power at full utilization of every rack [kW].
    pub design_it_kw: f64,
    /// Mean accelerator utilization [0–1].
    pub utilization_frac: f64,
}

/// How a hall is cooled.
#[derive(Component, Debug, Clone, Copy)]
pub enum HallCooling {
    /// A physical cooling plant.
    Plant(dctwin_facility::CoolingPlant),
    /// Overhead set by a fixed PUE.
    FixedPue(f64),
}

/// The cooling plant's state this step.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct CoolingLoad {
    /// Heat the plant removes [kW] (IT plus the UPS/PDU losses in the white space).
    pub heat_kw: f64,
    /// Electrical power of the plant [kW].
    pub power_kw: f64,
    /// Share of the heat removed without the compressor [0–1].
    pub free_cooling_frac: f64,
    /// Water the plant consumes [L/h].
    pub water_l_per_h: f64,
    /// The part of the plant's power that rejects heat outdoors (chillers, dry coolers,
    /// towers) [kW]: what heat reuse saves.
    pub rejection_kw: f64,
}

/// A hall's totals over the run, for its partial PUE and water.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct HallLedger {
    /// IT energy [kWh].
    pub it_energy_kwh: f64,
    /// Cooling energy [kWh].
    pub cooling_energy_kwh: f64,
    /// Water consumed [L].
    pub water_l: f64,
}

/// A training job running (or waiting to run) in a hall.
#[derive(Component, Debug, Clone)]
pub struct TrainingRun {
    /// Index in the scenario's `training` list.
    pub index: usize,
    /// Hall index.
    pub hall: u16,
    /// Placed before deferrable jobs.
    pub priority: bool,
    /// The job's fixed description.
    pub job: dctwin_workload::TrainingJob,
    /// Progress, checkpoints, interruptions.
    pub state: dctwin_workload::JobState,
    /// The job's own random stream (interruptions).
    pub rng: rand::rngs::Xoshiro256PlusPlus,
    /// Earliest start [tick].
    pub earliest_tick: u64,
    /// Throughput fraction of its computing accelerators.
    pub utilization_frac: f64,
    /// Whether it holds its accelerators now.
    pub running: bool,
    /// First tick it ran.
    pub started_tick: Option<u64>,
    /// Tick at whose end it finished.
    pub finished_tick: Option<u64>,
    /// Accelerators computing this step (fractional: part of the step stalled).
    pub computing_accelerators: f64,
    /// Accelerators stalled this step (restart or checkpoint write).
    pub stalled_accelerators: f64,
    /// Work lost this step [accelerator-hours].
    pub lost_this_step_h: f64,
    /// Energy and emissions so far.
    pub ledger: WorkloadLedger,
}

/// An inference service in a hall.
#[derive(Component, Debug, Clone)]
pub struct InferenceService {
    /// Index in the scenario's `inference` list.
    pub index: usize,
    /// Hall index.
    pub hall: u16,
    /// The served model.
    pub model: dctwin_workload::ServedModel,
    /// The hall's accelerator as the serving model sees it.
    pub spec: dctwin_workload::AcceleratorSpec,
    /// Replica sizing.
    pub plan: dctwin_workload::ServingPlan,
    /// Mean demand [requests/s].
    pub mean_rps: f64,
    /// Whether demand follows the daily and weekly cycle.
    pub diurnal: bool,
    /// Demand growth per year [fraction].
    pub growth_frac_per_year: f64,
    /// Day-to-day demand multipliers, one per day of the run.
    pub daily_noise: Vec<f64>,
    /// This step's demand [requests/s].
    pub demand_rps: f64,
    /// This step's load.
    pub load: dctwin_workload::ServingLoad,
    /// Accelerators it holds this step.
    pub accelerators: f64,
    /// Output tokens generated this step.
    pub step_output_tokens: f64,
    /// Requests served this step.
    pub step_requests: f64,
    /// Energy, emissions and tokens so far.
    pub ledger: WorkloadLedger,
}

/// What a workload has consumed and produced.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WorkloadLedger {
    /// IT energy [kWh].
    pub it_energy_kwh: f64,
    /// Facility energy attributed (IT × this step's facility/IT ratio) [kWh].
    pub facility_energy_kwh: f64,
    /// Location-based emissions of that energy [kg CO2e].
    pub co2_kg: f64,
    /// IT power this step [kW].
    pub it_power_kw: f64,
    /// Output tokens generated.
    pub output_tokens: f64,
    /// Prompt tokens processed.
    pub prompt_tokens: f64,
    /// Requests served.
    pub requests: f64,
    /// Requests that found no capacity.
    pub unserved_requests: f64,
    /// IT energy of work lost to interruptions [kWh].
    pub lost_energy_kwh: f64,
    /// Accelerators held × hours (running or stalled for a job; replicas for a service) [h].
    pub accelerator_h: f64,
}

/// What a generator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratorKind {
    /// On-site solar.
    Solar,
    /// On-site wind.
    Wind,
    /// An off-site PPA plant (delivered on paper, not through the site's meter).
    Ppa,
}

/// A generator and its output over the run, computed from the weather before the run.
#[derive(Component, Debug, Clone)]
pub struct Generator {
    /// What it is.
    pub kind: GeneratorKind,
    /// AC output per step [kW].
    pub series_kw: Vec<f64>,
}

/// A battery: parameters, state, policy, and how much of its stored energy came from on-site
/// renewables (for carbon-free accounting).
#[derive(Component, Debug, Clone)]
pub struct BatteryUnit {
    /// Parameters.
    pub battery: dctwin_storage::Battery,
    /// State.
    pub state: dctwin_storage::BatteryState,
    /// How it decides.
    pub policy: dctwin_storage::DispatchPolicy,
    /// The carbon-free part of the stored energy.
    pub green: dctwin_storage::GreenLedger,
}
