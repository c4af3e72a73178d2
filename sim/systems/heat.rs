//! Waste-heat reuse: recovering heat from the cooling loops, lifting it with heat pumps and
//! handing it to a heat sink.

use bevy_ecs::prelude::{Query, Res, ResMut};
use dctwin_heat::dispatch_streams;

use crate::components::{CoolingLoad, HallCooling, HallLedger};
use crate::resources::{FacilityPower, HeatReuse, SimClock, Weather};

/// Collects the recoverable heat of every hall, hottest stream first, and dispatches it to the
/// sink through the heat pumps; the pumps' electricity joins the facility's load when they sit
/// inside its boundary. Heat the sink does not take is rejected by the cooling plants as usual;
/// heat it takes saves their heat-rejection work (and water) in proportion.
///
/// The rule for the halls' ledgers (`ppue_HALL`, `water_m3_HALL`): each hall's cooling energy
/// and water are net of the saving, which is shared among the halls in proportion to their
/// heat-rejection power and water, so the halls add up to the facility's `cooling_energy_mwh`
/// and `water_m3`. The heat pumps belong to no hall: they are a facility load
/// (`heat_pump_energy_mwh`).
pub fn recover_heat(
    clock: Res<SimClock>,
    weather: Res<Weather>,
    mut facility: ResMut<FacilityPower>,
    reuse: Option<ResMut<HeatReuse>>,
    mut halls: Query<(&HallCooling, &CoolingLoad, &mut HallLedger)>,
) {
    let Some(mut reuse) = reuse else {
        return;
    };
    let reuse = &mut *reuse;
    reuse.streams.clear();
    for (kind, cooling, _) in &halls {
        if let HallCooling::Plant(plant) = kind {
            for (kw, temp) in plant.recoverable_kw(cooling.heat_kw) {
                if kw > 0.0 {
                    reuse.streams.push((kw, temp));
                }
            }
        }
    }
    let outdoor = weather.0.temp_c;
    let total = dispatch_streams(
        &reuse.pump,
        &mut reuse.streams,
        &reuse.config.sink,
        outdoor,
        reuse.config.pump_capacity_kw,
    );
    reuse.flow = total;
    // Heat the sink takes is not rejected outdoors: the chillers, dry coolers and towers (and
    // the towers' water) work that much less, as with a heat-recovery chiller. CRAH fans and
    // pumps still move all of the heat.
    let share = if facility.heat_removed_kw > 0.0 {
        (total.reused_kw / facility.heat_removed_kw).min(1.0)
    } else {
        0.0
    };
    let rejection_kw: f64 = halls.iter().map(|(_, c, _)| c.rejection_kw).sum();
    let saved_kw = rejection_kw * share;
    let step_h = clock.step_h();
    for (_, cooling, mut ledger) in &mut halls {
        ledger.cooling_energy_kwh -= cooling.rejection_kw * share * step_h;
        ledger.water_l -= cooling.water_l_per_h * share * step_h;
    }
    reuse.cooling_saved_kw = saved_kw;
    facility.cooling_kw -= saved_kw;
    facility.facility_kw -= saved_kw;
    facility.water_l_per_h *= 1.0 - share;
    if reuse.config.pump_in_facility {
        facility.heat_pump_kw = total.pump_kw;
        facility.facility_kw += total.pump_kw;
    }
}
