//! Driving the schedule: one `schedule.run(&mut world)` per step.

use bevy_ecs::prelude::World;
use dctwin_core::UtcTime;
use dctwin_scenario::RunConfig;
use dctwin_workload::LLAMA3_INTERRUPTIONS;
use serde::Serialize;
use serde_json::{Value, json};

use crate::build::build_world;
use crate::components::{Hall, HallLedger, InferenceService, TrainingRun, WorkloadLedger};
use crate::recorder::Recorder;
use crate::schedule::tick_schedule;
use crate::summary::embodied_kg_per_accelerator_h;

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// Per-step columns.
    pub recorder: Recorder,
    /// One report per training job and inference service, in scenario order.
    pub workloads: Vec<WorkloadReport>,
    /// One report per hall, in scenario order.
    pub halls: Vec<HallReport>,
}

/// A hall's totals over the run.
#[derive(Debug, Clone)]
pub struct HallReport {
    /// Name from the scenario.
    pub name: String,
    /// IT energy [kWh].
    pub it_energy_kwh: f64,
    /// Cooling energy [kWh].
    pub cooling_energy_kwh: f64,
    /// Water consumed [L].
    pub water_l: f64,
}

/// What one workload consumed and produced.
#[derive(Debug, Clone)]
pub struct WorkloadReport {
    /// Name from the scenario.
    pub name: String,
    /// Energy, emissions, tokens.
    pub ledger: WorkloadLedger,
    /// Embodied emissions of the accelerators it held and their servers' share, by
    /// accelerator-hours [t CO2e].
    pub embodied_tco2e: f64,
    /// What kind of workload it is, with what only that kind has.
    pub details: WorkloadDetails,
}

impl WorkloadReport {
    /// `training` or `inference`, as `workloads.json` names the kind.
    pub fn kind(&self) -> &'static str {
        match self.details {
            WorkloadDetails::Training(_) => "training",
            WorkloadDetails::Inference(_) => "inference",
        }
    }
}

/// A training job's or an inference service's own figures.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkloadDetails {
    /// A training job.
    Training(TrainingReport),
    /// An inference service.
    Inference(ServiceReport),
}

/// A training job's outcome, in `workloads.json`'s order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingReport {
    /// The hall it ran in.
    pub hall: String,
    /// Accelerators it used.
    pub accelerators: u32,
    /// Its size [accelerator-hours].
    pub work_accelerator_hours: f64,
    /// Share of its work done.
    pub progress_frac: f64,
    /// Whether it finished.
    pub completed: bool,
    /// When it started, UTC (none if it never did).
    pub started_utc: Option<String>,
    /// When it finished, UTC.
    pub finished_utc: Option<String>,
    /// Start to finish [h].
    pub duration_h: Option<f64>,
    /// Its deadline, UTC.
    pub deadline_utc: Option<String>,
    /// Whether it finished by the deadline (none without one).
    pub deadline_met: Option<bool>,
    /// Whether it could wait for capacity.
    pub deferrable: bool,
    /// Time between checkpoints [h].
    pub checkpoint_interval_h: f64,
    /// Interruptions.
    pub interruptions: u32,
    /// Interruptions by cause (Llama 3's categories), causes that occurred only.
    pub interruptions_by_cause: serde_json::Map<String, Value>,
    /// Work lost to interruptions [accelerator-hours].
    pub lost_accelerator_hours: f64,
    /// Energy of the lost work [MWh].
    pub lost_work_energy_mwh: f64,
}

/// An inference service's serving plan, in `workloads.json`'s order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceReport {
    /// The hall it ran in.
    pub hall: String,
    /// Model size [billions of parameters].
    pub model_params_b: f64,
    /// Weight and math precision.
    pub precision: String,
    /// Accelerators holding one copy of the model.
    pub accelerators_per_replica: u32,
    /// Decode batch.
    pub batch: u32,
    /// Whether the batch meets the latency budget.
    pub meets_latency_budget: bool,
    /// Requests per second one replica serves.
    pub replica_capacity_rps: f64,
    /// Mixture-of-experts active share.
    pub active_params_frac: f64,
    /// Share of layers executed (early exit × dynamic depth).
    pub layer_frac: f64,
    /// Kernel fusion's speedup.
    pub kernel_fusion_speedup: f64,
    /// `none` or `2:4`.
    pub sparsity: String,
}

/// Simulates `config` step by step and returns the recorded columns and workload reports.
///
/// `progress(done, total)` is called about a hundred times over the run (never per step),
/// so a progress bar costs nothing measurable.
pub fn simulate(config: &RunConfig, mut progress: impl FnMut(u64, u64)) -> RunOutput {
    let mut world = build_world(config);
    let mut schedule = tick_schedule();
    let steps = config.steps as u64;
    let every = (steps / 100).max(1);
    for tick in 0..steps {
        schedule.run(&mut world);
        if (tick + 1) % every == 0 || tick + 1 == steps {
            progress(tick + 1, steps);
        }
    }
    let workloads = workload_reports(config, &mut world);
    let mut ledgers: Vec<(u16, HallLedger)> = world
        .query::<(&Hall, &HallLedger)>()
        .iter(&world)
        .map(|(h, l)| (h.0, *l))
        .collect();
    ledgers.sort_by_key(|(h, _)| *h);
    let halls = ledgers
        .into_iter()
        .map(|(h, l)| HallReport {
            name: config.halls[usize::from(h)].name.clone(),
            it_energy_kwh: l.it_energy_kwh,
            cooling_energy_kwh: l.cooling_energy_kwh,
            water_l: l.water_l,
        })
        .collect();
    let recorder = world
        .remove_resource::<Recorder>()
        .expect("the recorder is inserted by build_world");
    RunOutput {
        recorder,
        workloads,
        halls,
    }
}

fn workload_reports(config: &RunConfig, world: &mut World) -> Vec<WorkloadReport> {
    let at = |tick: u64| UtcTime(config.start.0 + (tick * config.step_s) as i64);
    let mut jobs: Vec<TrainingRun> = world.query::<&TrainingRun>().iter(world).cloned().collect();
    jobs.sort_by_key(|j| j.index);
    let mut services: Vec<InferenceService> = world.query::<&InferenceService>().iter(world).cloned().collect();
    services.sort_by_key(|s| s.index);
    let mut out = Vec::new();
    for job in jobs {
        let c = &config.training[job.index];
        let finished = job.finished_tick.map(|t| at(t + 1));
        let causes: serde_json::Map<String, Value> = LLAMA3_INTERRUPTIONS
            .iter()
            .zip(job.state.interruptions)
            .filter(|(_, n)| *n > 0)
            .map(|((cause, _), n)| ((*cause).to_string(), json!(n)))
            .collect();
        let report = TrainingReport {
            hall: config.halls[c.hall].name.clone(),
            accelerators: c.accelerators,
            work_accelerator_hours: c.work_accelerator_h,
            progress_frac: (job.state.progress_accelerator_h / c.work_accelerator_h).min(1.0),
            completed: job.state.done,
            started_utc: job.started_tick.map(|t| at(t).to_string()),
            finished_utc: finished.map(|t| t.to_string()),
            duration_h: match (job.started_tick, finished) {
                (Some(s), Some(f)) => Some((f.0 - at(s).0) as f64 / 3_600.0),
                _ => None,
            },
            deadline_utc: c.deadline.map(|t| t.to_string()),
            deadline_met: c.deadline.map(|dl| finished.is_some_and(|f| f <= dl)),
            deferrable: c.deferrable,
            checkpoint_interval_h: c.checkpoint_interval_h,
            interruptions: job.state.interruption_count(),
            interruptions_by_cause: causes,
            lost_accelerator_hours: job.state.lost_accelerator_h,
            lost_work_energy_mwh: job.ledger.lost_energy_kwh / 1_000.0,
        };
        out.push(WorkloadReport {
            name: c.name.clone(),
            ledger: job.ledger,
            embodied_tco2e: job.ledger.accelerator_h * embodied_kg_per_accelerator_h(config, c.hall) / 1_000.0,
            details: WorkloadDetails::Training(report),
        });
    }
    for s in services {
        let c = &config.inference[s.index];
        let report = ServiceReport {
            hall: config.halls[c.hall].name.clone(),
            model_params_b: c.params_b,
            precision: c.precision.name().to_string(),
            accelerators_per_replica: s.plan.accelerators_per_replica,
            batch: s.plan.batch,
            meets_latency_budget: s.plan.meets_latency,
            replica_capacity_rps: s.plan.capacity_rps,
            active_params_frac: c.levers.active_params_frac,
            layer_frac: c.levers.layer_frac(),
            kernel_fusion_speedup: c.levers.kernel_fusion_speedup,
            sparsity: match c.levers.sparsity {
                dctwin_workload::Sparsity::None => "none",
                dctwin_workload::Sparsity::TwoFour => "2:4",
            }
            .to_string(),
        };
        out.push(WorkloadReport {
            name: c.name.clone(),
            ledger: s.ledger,
            embodied_tco2e: s.ledger.accelerator_h * embodied_kg_per_accelerator_h(config, c.hall) / 1_000.0,
            details: WorkloadDetails::Inference(report),
        });
    }
    out
}
