//! Driving the schedule: one `schedule.run(&mut world)` per step.

use dctwin_scenario::RunConfig;

use crate::build::build_world;
use crate::recorder::Recorder;
use crate::schedule::tick_schedule;

/// Simulates `config` step by step and returns the recorded columns.
///
/// `progress(done, total)` is called about a hundred times over the run (never per step),
/// so a progress bar costs nothing measurable.
pub fn simulate(config: &RunConfig, mut progress: impl FnMut(u64, u64)) -> Recorder {
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
    world
        .remove_resource::<Recorder>()
        .expect("the recorder is inserted by build_world")
}
