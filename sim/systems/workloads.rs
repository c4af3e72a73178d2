//! Workloads: placing training jobs, advancing them, serving inference, packing each hall's
//! accelerators, and attributing energy and emissions to each workload.

use bevy_ecs::prelude::{Query, Res, ResMut};
use dctwin_core::UtcTime;
use dctwin_workload::diurnal_demand_factor;

use crate::components::{InferenceService, TrainingRun};
use crate::resources::{
    FacilityPower, GridSignal, HallDemand, HallFree, HallSegments, Segment, SegmentKind, SimClock, WorkloadPower,
};

/// Starts training jobs whose earliest start has come, if their hall has room: jobs that may
/// not wait (non-deferrable) are placed first, then deferrable ones, each in scenario order.
/// Running jobs keep their accelerators.
pub fn place_training_jobs(
    clock: Res<SimClock>,
    demand: Res<HallDemand>,
    mut free: ResMut<HallFree>,
    mut jobs: Query<&mut TrainingRun>,
) {
    for (slot, driver) in free.0.iter_mut().zip(&demand.drivers) {
        *slot = driver.accelerators;
    }
    for job in &jobs {
        if job.running {
            free.0[usize::from(job.hall)] -= f64::from(job.job.accelerators);
        }
    }
    for priority in [true, false] {
        for mut job in &mut jobs {
            let wants = f64::from(job.job.accelerators);
            let h = usize::from(job.hall);
            if job.priority == priority
                && !job.running
                && !job.state.done
                && clock.tick >= job.earliest_tick
                && free.0[h] >= wants
            {
                free.0[h] -= wants;
                job.running = true;
                if job.started_tick.is_none() {
                    job.started_tick = Some(clock.tick);
                }
            }
        }
    }
}

/// Advances running jobs by one step: progress, checkpoints, interruptions. A job that
/// finishes releases its accelerators from the next step.
pub fn advance_training_jobs(clock: Res<SimClock>, mut jobs: Query<&mut TrainingRun>) {
    let step_h = clock.step_h();
    for mut run in &mut jobs {
        let run = &mut *run;
        run.lost_this_step_h = 0.0;
        if !run.running {
            run.computing_accelerators = 0.0;
            run.stalled_accelerators = 0.0;
            continue;
        }
        let step = run.state.advance(&run.job, step_h, &mut run.rng);
        let n = f64::from(run.job.accelerators);
        run.computing_accelerators = n * step.computing_frac;
        run.stalled_accelerators = n - run.computing_accelerators;
        run.lost_this_step_h = step.lost_accelerator_h;
        if run.state.done {
            run.running = false;
            run.finished_tick = Some(clock.tick);
        }
    }
}

/// Sizes each inference service for this step's demand with the accelerators training left
/// free: replicas autoscale, and demand beyond the hall's capacity goes unserved.
pub fn serve_inference(
    clock: Res<SimClock>,
    demand: Res<HallDemand>,
    mut free: ResMut<HallFree>,
    mut services: Query<&mut InferenceService>,
) {
    let now = clock.now();
    let local = UtcTime(now.0 + (demand.utc_offset_h * 3_600.0) as i64);
    let shape = diurnal_demand_factor(local.hour_of_day_f64(), local.weekday_monday0() >= 5);
    let years = (clock.tick * clock.step_s) as f64 / (365.25 * 86_400.0);
    // Position between day centres: the day-to-day noise is interpolated, without jumps at midnight.
    let day_pos = ((clock.tick * clock.step_s) as f64 / 86_400.0 - 0.5).max(0.0);
    let (day, w) = (day_pos.floor() as usize, day_pos.fract());
    for mut service in &mut services {
        let s = &mut *service;
        let h = usize::from(s.hall);
        let at = |d: usize| s.daily_noise.get(d).copied().unwrap_or(1.0);
        let noise = at(day) * (1.0 - w) + at(day + 1) * w;
        let cycle = if s.diurnal { shape } else { 1.0 };
        s.demand_rps = s.mean_rps * cycle * noise * (1.0 + s.growth_frac_per_year).powf(years);
        let g = f64::from(s.plan.accelerators_per_replica);
        let max_replicas = (free.0[h] / g).floor().max(0.0) as u32;
        s.load = s.model.serve(&s.spec, &s.plan, s.demand_rps, max_replicas);
        s.accelerators = f64::from(s.load.replicas) * g;
        free.0[h] -= s.accelerators;
        let driver = &demand.drivers[h];
        let server_kw = driver.server.mixed_power_w(s.load.compute_frac, s.load.memory_frac) / 1_000.0;
        s.ledger.it_power_kw = s.accelerators * server_kw / driver.accelerators_per_server;
        let step_s = clock.step_s as f64;
        s.step_requests = s.load.served_rps * step_s;
        s.step_output_tokens = s.step_requests * s.model.output_tokens;
        s.ledger.requests += s.step_requests;
        s.ledger.output_tokens += s.step_output_tokens;
        s.ledger.prompt_tokens += s.step_requests * s.model.prompt_tokens;
        s.ledger.unserved_requests += s.load.unserved_rps * step_s;
    }
}

/// Lays out each workload-driven hall's accelerators as segments (training computing,
/// training stalled, each service, parked) with their power per accelerator, and sums the
/// facility's IT power by kind of work.
pub fn pack_hall_segments(
    demand: Res<HallDemand>,
    jobs: Query<&TrainingRun>,
    services: Query<&InferenceService>,
    mut segments: ResMut<HallSegments>,
    mut power: ResMut<WorkloadPower>,
) {
    *power = WorkloadPower::default();
    for (h, (list, driver)) in segments.0.iter_mut().zip(&demand.drivers).enumerate() {
        list.clear();
        if !driver.has_workloads {
            continue;
        }
        let mut end = 0.0;
        let push = |list: &mut Vec<Segment>, end: &mut f64, kind, count: f64, kw: f64, u: f64| {
            if count > 0.0 {
                *end += count;
                list.push(Segment {
                    kind,
                    end: *end,
                    kw_per_accelerator: kw,
                    utilization_frac: u,
                });
            }
        };
        let mut stalled = 0.0;
        for job in jobs.iter().filter(|j| usize::from(j.hall) == h) {
            let kw = driver.busy_kw_per_accelerator(job.utilization_frac);
            push(
                list,
                &mut end,
                SegmentKind::Training,
                job.computing_accelerators,
                kw,
                job.utilization_frac,
            );
            power.training_kw += job.computing_accelerators * kw;
            stalled += job.stalled_accelerators;
        }
        let idle_kw = driver.idle_kw_per_accelerator();
        push(list, &mut end, SegmentKind::Stalled, stalled, idle_kw, 0.0);
        power.idle_kw += stalled * idle_kw;
        for s in services.iter().filter(|s| usize::from(s.hall) == h) {
            let kw = s.ledger.it_power_kw / s.accelerators.max(f64::MIN_POSITIVE);
            push(
                list,
                &mut end,
                SegmentKind::Inference,
                s.accelerators,
                kw,
                (s.load.compute_frac + s.load.memory_frac).min(1.0),
            );
            power.inference_kw += s.ledger.it_power_kw;
        }
        let parked = (driver.accelerators - end).max(0.0);
        let parked_kw = driver.parked_kw_per_accelerator();
        push(list, &mut end, SegmentKind::Parked, parked, parked_kw, 0.0);
        power.idle_kw += parked * parked_kw;
    }
    for s in &services {
        power.output_tokens += s.step_output_tokens;
        power.requests += s.step_requests;
    }
}

/// Attributes this step's energy and emissions to each workload: IT energy, its share of the
/// facility's overhead (this step's facility/IT ratio), and the grid's carbon intensity.
pub fn account_workloads(
    clock: Res<SimClock>,
    facility: Res<FacilityPower>,
    signal: Res<GridSignal>,
    demand: Res<HallDemand>,
    mut jobs: Query<&mut TrainingRun>,
    mut services: Query<&mut InferenceService>,
) {
    let step_h = clock.step_h();
    let overhead = if facility.it_kw > 0.0 {
        facility.facility_kw / facility.it_kw
    } else {
        1.0
    };
    let book = |ledger: &mut crate::components::WorkloadLedger, it_kw: f64| {
        let kwh = it_kw * step_h;
        ledger.it_energy_kwh += kwh;
        ledger.facility_energy_kwh += kwh * overhead;
        ledger.co2_kg += kwh * overhead * signal.ci_g_per_kwh / 1_000.0;
    };
    for mut job in &mut jobs {
        let driver = &demand.drivers[usize::from(job.hall)];
        let busy_kw = driver.busy_kw_per_accelerator(job.utilization_frac);
        let it_kw = job.computing_accelerators * busy_kw + job.stalled_accelerators * driver.idle_kw_per_accelerator();
        job.ledger.it_power_kw = it_kw;
        job.ledger.accelerator_h += (job.computing_accelerators + job.stalled_accelerators) * step_h;
        book(&mut job.ledger, it_kw);
        // Work thrown away was done at this job's busy power.
        job.ledger.lost_energy_kwh += job.lost_this_step_h * busy_kw;
    }
    for mut s in &mut services {
        let it_kw = s.ledger.it_power_kw;
        s.ledger.accelerator_h += s.accelerators * step_h;
        book(&mut s.ledger, it_kw);
    }
}
