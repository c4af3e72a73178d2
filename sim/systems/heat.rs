//! Waste-heat reuse: recovering heat from the cooling loops, lifting it with heat pumps and
//! handing it to a heat sink.

use bevy_ecs::prelude::{Query, Res, ResMut};
use dctwin_heat::{HeatFlow, HeatSink, dispatch_heat};

use crate::components::{CoolingLoad, HallCooling};
use crate::resources::{FacilityPower, HeatReuse, Weather};

/// Collects the recoverable heat of every hall, hottest stream first, and dispatches it to the
/// sink through the heat pumps; the pumps' electricity joins the facility's load when they sit
/// inside its boundary. Heat the sink does not take is rejected by the cooling plants as usual;
/// heat it takes saves their heat-rejection work (and water) in proportion.
pub fn recover_heat(
    weather: Res<Weather>,
    mut facility: ResMut<FacilityPower>,
    reuse: Option<ResMut<HeatReuse>>,
    halls: Query<(&HallCooling, &CoolingLoad)>,
) {
    let Some(mut reuse) = reuse else {
        return;
    };
    let reuse = &mut *reuse;
    reuse.streams.clear();
    for (kind, cooling) in &halls {
        if let HallCooling::Plant(plant) = kind {
            for (kw, temp) in plant.recoverable_kw(cooling.heat_kw) {
                if kw > 0.0 {
                    reuse.streams.push((kw, temp));
                }
            }
        }
    }
    reuse.streams.sort_by(|a, b| b.1.total_cmp(&a.1));
    let outdoor = weather.0.temp_c;
    let sink = reuse.config.sink;
    let demand = sink.demand_kw(outdoor);
    let (mut remaining, mut capacity) = (demand, reuse.config.pump_capacity_kw);
    let mut total = HeatFlow {
        demand_kw: demand,
        ..HeatFlow::default()
    };
    for &(kw, temp) in &reuse.streams {
        let part = HeatSink::Fixed {
            supply_c: sink.supply_c(),
            demand_kw: remaining,
        };
        let f = dispatch_heat(&reuse.pump, kw, temp, &part, outdoor, capacity);
        remaining -= f.delivered_kw;
        if f.cop.is_finite() {
            capacity -= f.delivered_kw;
        }
        total.recovered_kw += f.recovered_kw;
        total.reused_kw += f.reused_kw;
        total.rejected_kw += f.rejected_kw;
        total.delivered_kw += f.delivered_kw;
        total.pump_kw += f.pump_kw;
    }
    total.cop = if total.pump_kw > 0.0 {
        total.delivered_kw / total.pump_kw
    } else {
        f64::INFINITY
    };
    reuse.flow = total;
    // Heat the sink takes is not rejected outdoors: the chillers, dry coolers and towers (and
    // the towers' water) work that much less, as with a heat-recovery chiller. CRAH fans and
    // pumps still move all of the heat.
    let share = if facility.heat_removed_kw > 0.0 {
        (total.reused_kw / facility.heat_removed_kw).min(1.0)
    } else {
        0.0
    };
    let rejection_kw: f64 = halls.iter().map(|(_, c)| c.rejection_kw).sum();
    let saved_kw = rejection_kw * share;
    reuse.cooling_saved_kw = saved_kw;
    facility.cooling_kw -= saved_kw;
    facility.facility_kw -= saved_kw;
    facility.water_l_per_h *= 1.0 - share;
    if reuse.config.pump_in_facility {
        facility.heat_pump_kw = total.pump_kw;
        facility.facility_kw += total.pump_kw;
    }
}
