//! Components: the nouns attached to entities (racks and halls).

use bevy_ecs::prelude::Component;

/// The hall a rack belongs to (index into the hall resources).
#[derive(Component, Debug, Clone, Copy)]
pub struct RackOf(pub u16);

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
pub enum CoolingPlant {
    /// Air-cooled chiller with a dry-cooler economizer.
    AirChiller(dctwin_facility::AirChillerPlant),
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
}
