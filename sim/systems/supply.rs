//! Supply: what the grid delivers and what it emits and costs.

use bevy_ecs::prelude::{Res, ResMut};

use crate::resources::{FacilityPower, GridExchange, GridSignal, SimClock};

/// With no on-site generation or storage yet, the grid supplies the whole facility load.
/// Emissions are location-based: import energy × the grid's average intensity (GHG Protocol
/// Scope 2 Guidance, 2015).
pub fn settle_grid(
    clock: Res<SimClock>,
    facility: Res<FacilityPower>,
    signal: Res<GridSignal>,
    mut grid: ResMut<GridExchange>,
) {
    let step_h = clock.step_h();
    grid.import_kw = facility.facility_kw;
    let energy_kwh = grid.import_kw * step_h;
    grid.co2_kg = energy_kwh * signal.ci_g_per_kwh / 1_000.0;
    grid.cost_usd = energy_kwh / 1_000.0 * signal.price_usd_per_mwh;
}
