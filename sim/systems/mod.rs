//! Systems: thin `verb_noun` functions that read components and resources, call the physics
//! crates, and write the results back. The order they run in is in `schedule.rs`.

mod environment;
mod facility;
mod heat;
mod it_load;
mod record;
mod supply;
mod workloads;

pub use environment::{read_grid_signal, read_weather};
pub use facility::{compute_cooling_power, settle_facility_power};
pub use heat::recover_heat;
pub use it_load::{compute_rack_power, sum_hall_load, update_hall_demand};
pub use record::{advance_clock, record_step};
pub use supply::{dispatch_battery, read_generation, settle_grid};
pub use workloads::{
    account_workloads, advance_training_jobs, pack_hall_segments, place_training_jobs, serve_inference,
};

#[cfg(test)]
mod tests;
