//! Facility: cooling plants and the electrical chain.

use bevy_ecs::prelude::{Query, Res, ResMut};
use dctwin_facility::Outdoor;

use crate::components::{CoolingLoad, HallCooling, HallLedger, HallLoad};
use crate::resources::{FacilityChain, FacilityPower, SimClock, Weather};

/// Cooling power of each hall with a physical plant: the heat is the hall's IT power plus its
/// share of the UPS and PDU losses, which are released in the white space. Fixed-PUE halls are
/// settled in [`settle_facility_power`], once the whole facility's load is known.
pub fn compute_cooling_power(
    clock: Res<SimClock>,
    chain: Res<FacilityChain>,
    weather: Res<Weather>,
    mut facility: ResMut<FacilityPower>,
    mut halls: Query<(&HallLoad, &HallCooling, &mut CoolingLoad)>,
) {
    let it_kw: f64 = halls.iter().map(|(l, _, _)| l.it_power_kw).sum();
    let indoor_kw = chain.0.indoor_losses_kw(it_kw);
    let w = weather.0;
    let outdoor = Outdoor {
        dry_bulb_c: w.temp_c,
        wet_bulb_c: w.wet_bulb_c,
        dew_point_c: w.dew_point_c,
        year_frac: clock.now().year_fraction(),
    };
    for (load, cooling_kind, mut cooling) in &mut halls {
        let share = if it_kw > 0.0 { load.it_power_kw / it_kw } else { 0.0 };
        cooling.heat_kw = load.it_power_kw + indoor_kw * share;
        match cooling_kind {
            HallCooling::Plant(plant) => {
                let c = plant.power_kw(cooling.heat_kw, load.design_it_kw, &outdoor);
                cooling.power_kw = c.total_kw();
                cooling.free_cooling_frac = c.free_cooling_frac;
                cooling.water_l_per_h = c.water_l_per_h;
                cooling.rejection_kw = c.chiller_kw + c.heat_rejection_kw;
            }
            HallCooling::FixedPue(_) => {
                cooling.power_kw = 0.0;
                cooling.free_cooling_frac = 0.0;
                cooling.water_l_per_h = 0.0;
                cooling.rejection_kw = 0.0;
            }
        }
    }
    facility.it_kw = it_kw;
    facility.indoor_loss_kw = indoor_kw;
}

/// Transformer losses on the whole load, fixed-PUE overheads, and the facility total:
/// `facility = IT + cooling + losses`, by construction. Adds the step to each hall's ledger.
///
/// A fixed-PUE hall draws exactly `IT × PUE`: the stated PUE covers everything. Its overhead
/// `IT × (PUE − 1)` holds its share of the chain's modelled losses (UPS and PDU by IT share,
/// transformer by load share) — at most the whole overhead, so `pue = 1.0` means no losses and
/// no cooling — and the rest is reported as its cooling.
pub fn settle_facility_power(
    clock: Res<SimClock>,
    chain: Res<FacilityChain>,
    mut facility: ResMut<FacilityPower>,
    mut halls: Query<(&HallLoad, &HallCooling, &mut CoolingLoad, &mut HallLedger)>,
) {
    let chain = chain.0;
    let (it_kw, indoor_kw) = (facility.it_kw, facility.indoor_loss_kw);
    let mut transformer_load_kw = 0.0;
    for (load, kind, cooling, _) in &halls {
        transformer_load_kw += match kind {
            HallCooling::Plant(_) => cooling.heat_kw + cooling.power_kw,
            HallCooling::FixedPue(pue) => load.it_power_kw * pue,
        };
    }
    let transformer_kw = chain
        .transformer
        .loss_kw(transformer_load_kw, chain.transformer_rated_kw);
    let step_h = clock.step_h();
    let (mut cooling_kw, mut heat_kw, mut free_weighted, mut util_weighted, mut design_kw, mut water) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    // Losses a fixed-PUE hall's stated overhead cannot hold: not drawn.
    let (mut indoor_unheld_kw, mut transformer_unheld_kw) = (0.0, 0.0);
    for (load, kind, mut cooling, mut ledger) in &mut halls {
        if let HallCooling::FixedPue(pue) = kind {
            let hall_total = load.it_power_kw * pue;
            let share = if transformer_load_kw > 0.0 {
                hall_total / transformer_load_kw
            } else {
                0.0
            };
            let indoor_share = if it_kw > 0.0 {
                indoor_kw * load.it_power_kw / it_kw
            } else {
                0.0
            };
            let rest_kw = hall_total - load.it_power_kw - indoor_share - transformer_kw * share;
            if rest_kw >= 0.0 {
                cooling.power_kw = rest_kw;
            } else {
                // The overhead holds only part of the modelled losses: that part, in proportion.
                let (overhead, losses) = (hall_total - load.it_power_kw, indoor_share + transformer_kw * share);
                let held = (overhead / losses).clamp(0.0, 1.0);
                indoor_unheld_kw += indoor_share * (1.0 - held);
                transformer_unheld_kw += transformer_kw * share * (1.0 - held);
                cooling.power_kw = 0.0;
            }
        }
        cooling_kw += cooling.power_kw;
        heat_kw += cooling.heat_kw;
        free_weighted += cooling.free_cooling_frac * cooling.heat_kw;
        util_weighted += load.utilization_frac * load.design_it_kw;
        design_kw += load.design_it_kw;
        water += cooling.water_l_per_h;
        ledger.it_energy_kwh += load.it_power_kw * step_h;
        ledger.cooling_energy_kwh += cooling.power_kw * step_h;
        ledger.water_l += cooling.water_l_per_h * step_h;
    }
    facility.cooling_kw = cooling_kw;
    // (Rounding could leave −1e-20 where a PUE of 1.0 holds no losses at all.)
    facility.indoor_loss_kw = (indoor_kw - indoor_unheld_kw).max(0.0);
    facility.loss_kw = facility.indoor_loss_kw + (transformer_kw - transformer_unheld_kw).max(0.0);
    facility.facility_kw = it_kw + cooling_kw + facility.loss_kw;
    facility.heat_pump_kw = 0.0;
    facility.heat_removed_kw = heat_kw;
    facility.free_cooling_frac = if heat_kw > 0.0 { free_weighted / heat_kw } else { 0.0 };
    facility.utilization_frac = if design_kw > 0.0 {
        util_weighted / design_kw
    } else {
        0.0
    };
    facility.water_l_per_h = water;
}
