//! Recording the step and advancing the clock.

use bevy_ecs::prelude::{Res, ResMut};

use crate::recorder::Recorder;
use crate::resources::{
    FacilityPower, GridExchange, GridSignal, HeatReuse, SimClock, SupplyNow, Weather, WorkloadPower,
};

/// Appends this step to the column buffers (preallocated: no allocation here).
#[expect(
    clippy::too_many_arguments,
    reason = "the recorder reads every resource whose state it records"
)]
pub fn record_step(
    clock: Res<SimClock>,
    facility: Res<FacilityPower>,
    weather: Res<Weather>,
    signal: Res<GridSignal>,
    grid: Res<GridExchange>,
    work: Res<WorkloadPower>,
    heat: Option<Res<HeatReuse>>,
    supply: Res<SupplyNow>,
    mut rec: ResMut<Recorder>,
) {
    let f = *facility;
    let w = weather.0;
    rec.time_utc_ms.push(clock.now().unix_ms());
    rec.it_power_kw.push(f.it_kw);
    rec.cooling_power_kw.push(f.cooling_kw);
    rec.power_loss_kw.push(f.loss_kw);
    rec.indoor_loss_kw.push(f.indoor_loss_kw);
    rec.facility_power_kw.push(f.facility_kw);
    rec.pue.push(if f.it_kw > 0.0 { f.facility_kw / f.it_kw } else { 0.0 });
    rec.utilization_frac.push(f.utilization_frac);
    rec.training_it_power_kw.push(work.training_kw);
    rec.inference_it_power_kw.push(work.inference_kw);
    rec.idle_it_power_kw.push(work.idle_kw);
    rec.output_tokens.push(work.output_tokens);
    rec.requests.push(work.requests);
    rec.inference_j_per_token.push(if work.output_tokens > 0.0 {
        work.inference_kw * 1_000.0 * clock.step_s as f64 / work.output_tokens
    } else {
        f64::NAN
    });
    // At the facility meter, as `account_workloads` attributes it: IT energy × facility/IT.
    let inference_facility_kwh = if f.it_kw > 0.0 {
        work.inference_kw * f.facility_kw / f.it_kw * clock.step_s as f64 / 3_600.0
    } else {
        0.0
    };
    rec.inference_wh_per_request.push(if work.requests > 0.0 {
        inference_facility_kwh * 1_000.0 / work.requests
    } else {
        f64::NAN
    });
    rec.inference_g_co2e_per_1k_tokens.push(if work.output_tokens > 0.0 {
        inference_facility_kwh * signal.ci_g_per_kwh * 1_000.0 / work.output_tokens
    } else {
        f64::NAN
    });
    rec.heat_removed_kw.push(f.heat_removed_kw);
    rec.free_cooling_frac.push(f.free_cooling_frac);
    rec.outdoor_temp_c.push(w.temp_c);
    rec.outdoor_rh_pct.push(w.rh_pct);
    rec.dew_point_c.push(w.dew_point_c);
    rec.wet_bulb_c.push(w.wet_bulb_c);
    rec.grid_ci_g_per_kwh.push(signal.ci_g_per_kwh);
    rec.grid_price_usd_per_mwh.push(signal.price_usd_per_mwh);
    rec.grid_import_kw.push(grid.import_kw);
    rec.grid_export_kw.push(grid.export_kw);
    rec.solar_kw.push(supply.solar_kw);
    rec.wind_kw.push(supply.wind_kw);
    rec.ppa_kw.push(supply.ppa_kw);
    rec.onsite_used_kw.push(supply.onsite_used_kw);
    rec.curtailed_kw.push(supply.curtailed_kw);
    rec.battery_charge_kw.push(supply.battery_charge_kw);
    rec.battery_discharge_kw.push(supply.battery_discharge_kw);
    rec.battery_soc_frac.push(supply.battery_soc_frac);
    rec.cfe_supply_kw.push(supply.cfe_supply_kw);
    rec.grid_cfe_pct.push(signal.cfe_pct);
    rec.import_excess_kw.push(supply.import_excess_kw);
    rec.water_l.push(f.water_l_per_h * clock.step_h());
    let h = heat.map(|r| r.flow).unwrap_or_default();
    rec.heat_recovered_kw.push(h.recovered_kw);
    rec.heat_reused_kw.push(h.reused_kw);
    rec.heat_rejected_kw.push(h.rejected_kw);
    rec.heat_delivered_kw.push(h.delivered_kw);
    rec.heat_demand_kw.push(h.demand_kw);
    rec.heat_pump_kw.push(h.pump_kw);
    rec.co2_kg.push(grid.co2_kg);
    rec.marginal_co2_kg.push(grid.marginal_co2_kg);
    rec.energy_cost_usd.push(grid.cost_usd);
}

/// Moves to the next step.
pub fn advance_clock(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
}
