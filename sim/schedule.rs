//! The order of a tick, top to bottom. Read this file to know what happens in one step.

use bevy_ecs::prelude::{IntoScheduleConfigs, Schedule, SystemSet};
use bevy_ecs::schedule::SingleThreadedExecutor;

use crate::systems::{
    account_workloads, advance_clock, advance_training_jobs, compute_cooling_power, compute_rack_power,
    dispatch_battery, pack_hall_segments, place_training_jobs, read_generation, read_grid_signal, read_weather,
    record_step, recover_heat, serve_inference, settle_facility_power, settle_grid, sum_hall_load, update_hall_demand,
};

/// The phases of one tick, run in this order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TickSet {
    /// Outdoor weather and grid signals for this step.
    Environment,
    /// What each hall is asked to do: profile demand, training jobs placed and advanced,
    /// inference served, accelerators packed into segments.
    Demand,
    /// Rack utilization and power, summed per hall.
    ItLoad,
    /// Cooling plants, conversion losses, facility total, heat recovery.
    Facility,
    /// On-site generation, the battery, and what the grid supplies, emits and costs.
    Supply,
    /// Energy and emissions attributed to each workload.
    Accounting,
    /// Append the step to the output columns.
    Record,
    /// Advance the tick counter.
    Clock,
}

/// Builds the tick schedule. It runs single-threaded: bevy's multi-threaded executor costs
/// ~50 µs a tick on this design's 2-core target, more than a whole campus's rack updates
/// (docs/performance.md).
pub fn tick_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.configure_sets(
        (
            TickSet::Environment,
            TickSet::Demand,
            TickSet::ItLoad,
            TickSet::Facility,
            TickSet::Supply,
            TickSet::Accounting,
            TickSet::Record,
            TickSet::Clock,
        )
            .chain(),
    );
    schedule.add_systems((
        (read_weather, read_grid_signal).in_set(TickSet::Environment),
        (
            update_hall_demand,
            place_training_jobs,
            advance_training_jobs,
            serve_inference,
            pack_hall_segments,
        )
            .chain()
            .in_set(TickSet::Demand),
        (compute_rack_power, sum_hall_load).chain().in_set(TickSet::ItLoad),
        (compute_cooling_power, settle_facility_power, recover_heat)
            .chain()
            .in_set(TickSet::Facility),
        (read_generation, dispatch_battery, settle_grid)
            .chain()
            .in_set(TickSet::Supply),
        account_workloads.in_set(TickSet::Accounting),
        record_step.in_set(TickSet::Record),
        advance_clock.in_set(TickSet::Clock),
    ));
    schedule
}
