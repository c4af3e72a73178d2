//! dctwin's simulation: an ECS (bevy_ecs) whose entities are racks and halls, whose systems
//! call the physics crates in `crates/`, and whose tick order is written once in
//! [`schedule`]. The CLI in [`cli`] drives it.
//!
//! Layers: `crates/*` hold pure physics and accounting; [`build`] turns a resolved scenario
//! into a world; [`systems`] are thin `verb_noun` functions; [`run`] steps the schedule;
//! [`summary`] and [`outputs`] turn the recorded columns into files.

pub mod budget;
pub mod build;
pub mod catalog;
pub mod cli;
pub mod compare;
pub mod components;
pub mod destination;
pub mod explain;
pub mod outputs;
pub mod recorder;
pub mod report;
pub mod resources;
pub mod run;
pub mod schedule;
pub mod summary;
pub mod supply;
pub mod systems;

pub use run::{HallReport, RunOutput, ServiceReport, TrainingReport, WorkloadDetails, WorkloadReport, simulate};
pub use summary::summarize;
