//! Driving the schedule: one `schedule.run(&mut world)` per step.

use bevy_ecs::prelude::World;
use dctwin_core::UtcTime;
use dctwin_scenario::RunConfig;
use dctwin_workload::LLAMA3_INTERRUPTIONS;
use serde_json::{Value, json};

use crate::build::build_world;
use crate::components::{Hall, HallLedger, InferenceService, TrainingRun, WorkloadLedger};
use crate::recorder::Recorder;
use crate::schedule::tick_schedule;

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
    /// `training` or `inference`.
    pub kind: &'static str,
    /// Name from the scenario.
    pub name: String,
    /// Energy, emissions, tokens.
    pub ledger: WorkloadLedger,
    /// Everything else, ready for `workloads.json`.
    pub details: serde_json::Map<String, Value>,
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
        let mut d = serde_json::Map::new();
        d.insert("hall".into(), json!(config.halls[c.hall].name));
        d.insert("accelerators".into(), json!(c.accelerators));
        d.insert("work_accelerator_hours".into(), json!(c.work_accelerator_h));
        d.insert(
            "progress_frac".into(),
            json!((job.state.progress_accelerator_h / c.work_accelerator_h).min(1.0)),
        );
        d.insert("completed".into(), json!(job.state.done));
        d.insert("started_utc".into(), json!(job.started_tick.map(|t| at(t).to_string())));
        d.insert("finished_utc".into(), json!(finished.map(|t| t.to_string())));
        d.insert(
            "duration_h".into(),
            json!(match (job.started_tick, finished) {
                (Some(s), Some(f)) => Some((f.0 - at(s).0) as f64 / 3_600.0),
                _ => None,
            }),
        );
        d.insert("deadline_utc".into(), json!(c.deadline.map(|t| t.to_string())));
        d.insert(
            "deadline_met".into(),
            json!(c.deadline.map(|dl| finished.is_some_and(|f| f <= dl))),
        );
        d.insert("deferrable".into(), json!(c.deferrable));
        d.insert("checkpoint_interval_h".into(), json!(c.checkpoint_interval_h));
        d.insert("interruptions".into(), json!(job.state.interruption_count()));
        let causes: serde_json::Map<String, Value> = LLAMA3_INTERRUPTIONS
            .iter()
            .zip(job.state.interruptions)
            .filter(|(_, n)| *n > 0)
            .map(|((cause, _), n)| ((*cause).to_string(), json!(n)))
            .collect();
        d.insert("interruptions_by_cause".into(), Value::Object(causes));
        d.insert("lost_accelerator_hours".into(), json!(job.state.lost_accelerator_h));
        d.insert(
            "lost_work_energy_mwh".into(),
            json!(job.ledger.lost_energy_kwh / 1_000.0),
        );
        out.push(WorkloadReport {
            kind: "training",
            name: c.name.clone(),
            ledger: job.ledger,
            details: d,
        });
    }
    for s in services {
        let c = &config.inference[s.index];
        let mut d = serde_json::Map::new();
        d.insert("hall".into(), json!(config.halls[c.hall].name));
        d.insert("model_params_b".into(), json!(c.params_b));
        d.insert("precision".into(), json!(c.precision.name()));
        d.insert(
            "accelerators_per_replica".into(),
            json!(s.plan.accelerators_per_replica),
        );
        d.insert("batch".into(), json!(s.plan.batch));
        d.insert("meets_latency_budget".into(), json!(s.plan.meets_latency));
        d.insert("replica_capacity_rps".into(), json!(s.plan.capacity_rps));
        d.insert("active_params_frac".into(), json!(c.levers.active_params_frac));
        d.insert("layer_frac".into(), json!(c.levers.layer_frac()));
        d.insert("kernel_fusion_speedup".into(), json!(c.levers.kernel_fusion_speedup));
        d.insert(
            "sparsity".into(),
            json!(match c.levers.sparsity {
                dctwin_workload::Sparsity::None => "none",
                dctwin_workload::Sparsity::TwoFour => "2:4",
            }),
        );
        out.push(WorkloadReport {
            kind: "inference",
            name: c.name.clone(),
            ledger: s.ledger,
            details: d,
        });
    }
    out
}
