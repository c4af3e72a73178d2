//! One-tick tests: each builds a world from a small scenario, sets what a system reads, runs
//! the system once and checks what it wrote against a hand computation.

use std::path::Path;

use bevy_ecs::prelude::{IntoSystem, World};
use bevy_ecs::system::RunSystemOnce;

use super::*;
use crate::build::build_world;
use crate::components::{CoolingLoad, HallLedger, HallLoad, InferenceService, TrainingRun};
use crate::recorder::Recorder;
use crate::resources::{
    FacilityPower, GridExchange, GridSeries, GridSignal, HallDemand, HallTotals, HeatReuse, SimClock, SupplyNow,
    Weather, WeatherSeries, WorkloadPower,
};

/// A quarter-hour world of `text` (a scenario without its window), and its configuration.
fn world(text: &str) -> (dctwin_scenario::RunConfig, World) {
    let text = format!("[time]\nstep = \"15m\"\nduration = \"2d\"\n{text}");
    let loaded = dctwin_scenario::load_str(&text, Path::new("tick.toml"), &[], None).unwrap_or_else(|e| panic!("{e}"));
    let world = build_world(&loaded.config);
    (loaded.config, world)
}

fn once<M>(world: &mut World, system: impl IntoSystem<(), (), M>) {
    world.run_system_once(system).unwrap();
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn the_environment_is_this_steps_row_of_its_series() {
    let (_, mut w) = world("[[halls]]\nracks = 1\n");
    w.resource_mut::<SimClock>().tick = 5;
    once(&mut w, environment::read_weather);
    once(&mut w, environment::read_grid_signal);
    assert_eq!(w.resource::<Weather>().0, w.resource::<WeatherSeries>().0[5]);
    let ci = w.resource::<GridSeries>().ci_g_per_kwh[5];
    assert_eq!(w.resource::<GridSignal>().ci_g_per_kwh, ci);
}

#[test]
fn a_constant_hall_draws_its_server_curve_on_every_rack() {
    let (c, mut w) =
        world("[[halls]]\nracks = 7\nutilization = { profile = \"constant\", mean = 0.5, variability = 0 }\n");
    once(&mut w, it_load::update_hall_demand);
    assert_eq!(w.resource::<HallDemand>().target_frac[0], 0.5);
    once(&mut w, it_load::compute_rack_power);
    once(&mut w, it_load::sum_hall_load);
    let driver = &w.resource::<HallDemand>().drivers[0];
    let rack_kw = driver.server_table.power_kw(0.5) * f64::from(c.halls[0].servers_per_rack);
    assert!(close(w.resource::<HallTotals>().it_power_kw[0], 7.0 * rack_kw));
    let load = *w.query::<&HallLoad>().single(&w).unwrap();
    assert!(close(load.it_power_kw, 7.0 * rack_kw) && close(load.utilization_frac, 0.5));
}

/// Runs a step up to the facility's settlement.
fn settle(w: &mut World) {
    once(w, environment::read_weather);
    once(w, it_load::update_hall_demand);
    once(w, it_load::compute_rack_power);
    once(w, it_load::sum_hall_load);
    once(w, facility::compute_cooling_power);
    once(w, facility::settle_facility_power);
}

#[test]
fn the_facility_is_it_plus_cooling_plus_losses() {
    let (_, mut w) = world(
        "[[halls]]\nracks = 10\ncooling = \"air-chiller\"\n[[halls]]\nracks = 10\ncooling = \"fixed-pue\"\npue = 1.3\n",
    );
    settle(&mut w);
    let f = *w.resource::<FacilityPower>();
    assert!(f.it_kw > 0.0 && close(f.facility_kw, f.it_kw + f.cooling_kw + f.loss_kw));
    let loads: Vec<(HallLoad, CoolingLoad)> = w
        .query::<(&HallLoad, &CoolingLoad)>()
        .iter(&w)
        .map(|(l, c)| (*l, *c))
        .collect();
    let plant = loads
        .iter()
        .find(|(_, c)| c.heat_kw > 0.0 && c.rejection_kw > 0.0)
        .expect("the air hall");
    assert!(plant.1.power_kw > 0.0);
    // The ledgers hold this step's energy.
    let step_h = 0.25;
    let it_ledger: f64 = w.query::<&HallLedger>().iter(&w).map(|l| l.it_energy_kwh).sum();
    assert!(close(it_ledger, f.it_kw * step_h));
}

#[test]
fn a_fixed_pue_hall_alone_draws_exactly_it_times_pue() {
    let (_, mut w) = world("[[halls]]\nracks = 10\ncooling = \"fixed-pue\"\npue = 1.3\n");
    settle(&mut w);
    let f = *w.resource::<FacilityPower>();
    assert!(
        close(f.facility_kw, 1.3 * f.it_kw),
        "{} vs {}",
        f.facility_kw,
        1.3 * f.it_kw
    );
}

#[test]
fn reused_heat_spares_rejection_work_and_the_halls_ledgers_say_so() {
    let (_, mut w) = world(
        "[site]\nlocation = \"stockholm\"\n[[halls]]\nracks = 20\ncooling = \"immersion-single-phase\"\n\
         [heat_reuse]\nsink = \"fixed\"\ndemand_mw = 0.2\n",
    );
    settle(&mut w);
    let before = *w.resource::<FacilityPower>();
    let ledger_before = *w.query::<&HallLedger>().single(&w).unwrap();
    once(&mut w, heat::recover_heat);
    let after = *w.resource::<FacilityPower>();
    let reuse = w.resource::<HeatReuse>();
    let (flow, saved) = (reuse.flow, reuse.cooling_saved_kw);
    assert!(close(flow.recovered_kw, flow.reused_kw + flow.rejected_kw));
    assert!(close(flow.delivered_kw, 200.0), "{}", flow.delivered_kw);
    assert!(saved > 0.0 && close(after.cooling_kw, before.cooling_kw - saved));
    assert!(close(after.facility_kw, before.facility_kw - saved + flow.pump_kw));
    let ledger = *w.query::<&HallLedger>().single(&w).unwrap();
    assert!(close(
        ledger.cooling_energy_kwh,
        ledger_before.cooling_energy_kwh - saved * 0.25
    ));
}

#[test]
fn on_site_power_serves_the_load_first_and_the_grid_the_rest() {
    let (_, mut w) = world(
        "[site]\nlocation = \"madrid\"\n[[halls]]\nracks = 1\n[supply]\nexport = false\n\
         [supply.battery]\nenergy_mwh = 1\npower_mw = 0.5\n",
    );
    w.resource_mut::<FacilityPower>().facility_kw = 1_000.0;
    *w.resource_mut::<SupplyNow>() = SupplyNow {
        solar_kw: 3_000.0,
        ..SupplyNow::default()
    };
    once(&mut w, supply::dispatch_battery);
    let s = *w.resource::<SupplyNow>();
    assert_eq!(s.onsite_used_kw, 1_000.0);
    // Self-consumption charges from the 2 MW surplus at its 0.5 MW; the rest is curtailed.
    assert!(close(s.battery_charge_kw, 500.0) && s.battery_charge_from_grid_kw.abs() < 1e-9);
    assert!(close(s.curtailed_kw, 1_500.0) && s.export_kw == 0.0);
    assert!(close(s.cfe_supply_kw, 1_000.0));
    // The grid: what the site and the battery leave, at this step's intensity and price.
    w.resource_mut::<SupplyNow>().onsite_used_kw = 200.0;
    w.resource_mut::<SupplyNow>().battery_discharge_kw = 100.0;
    w.resource_mut::<SupplyNow>().battery_charge_from_grid_kw = 50.0;
    *w.resource_mut::<GridSignal>() = GridSignal {
        ci_g_per_kwh: 400.0,
        price_usd_per_mwh: 80.0,
        ..GridSignal::default()
    };
    once(&mut w, supply::settle_grid);
    let g = *w.resource::<GridExchange>();
    assert!(close(g.import_kw, 750.0));
    assert!(close(g.co2_kg, 750.0 * 0.25 * 400.0 / 1_000.0));
    assert!(close(g.cost_usd, 750.0 * 0.25 / 1_000.0 * 80.0));
}

#[test]
fn a_training_job_starts_when_placed_and_advances_at_its_accelerators_rate() {
    let (_, mut w) = world(
        "[[halls]]\nracks = 4\n[[training]]\nname = \"j\"\naccelerators = 64\naccelerator_hours = 1000\n\
         failures = false\ncheckpoint_interval = \"100h\"\n",
    );
    once(&mut w, workloads::place_training_jobs);
    once(&mut w, workloads::advance_training_jobs);
    let job = w.query::<&TrainingRun>().single(&w).unwrap().clone();
    assert!(job.running && job.started_tick == Some(0));
    // 64 accelerators for a quarter hour, nothing stalled: 16 accelerator-hours.
    assert!(close(job.state.progress_accelerator_h, 16.0));
    assert!(close(job.computing_accelerators, 64.0) && job.stalled_accelerators == 0.0);
}

#[test]
fn a_service_serves_its_demand_and_carries_its_share_of_the_facility() {
    let (_, mut w) = world(
        "[[halls]]\nracks = 8\n[[inference]]\nname = \"chat\"\nmodel_params_b = 8\nrequests_per_s = 20\n\
         demand_profile = \"constant\"\ndemand_noise = 0\n",
    );
    once(&mut w, workloads::place_training_jobs);
    once(&mut w, workloads::serve_inference);
    let s = w.query::<&InferenceService>().single(&w).unwrap().clone();
    assert!(close(s.demand_rps, 20.0), "{}", s.demand_rps);
    assert!(close(s.load.served_rps + s.load.unserved_rps, s.demand_rps));
    assert!(close(
        s.accelerators,
        f64::from(s.load.replicas * s.plan.accelerators_per_replica)
    ));
    assert!(close(s.step_requests, s.load.served_rps * 900.0));
    once(&mut w, workloads::pack_hall_segments);
    let p = *w.resource::<WorkloadPower>();
    assert!(close(p.inference_kw, s.ledger.it_power_kw) && p.training_kw == 0.0);
    // The rest of the hall is parked: IT = serving + parked.
    let driver = &w.resource::<HallDemand>().drivers[0];
    let parked = driver.accelerators - s.accelerators;
    assert!(close(p.idle_kw, parked * driver.parked_kw_per_accelerator()));
    // Accounting: IT energy, and the facility's overhead at this step's facility/IT ratio.
    *w.resource_mut::<FacilityPower>() = FacilityPower {
        it_kw: 1_000.0,
        facility_kw: 1_250.0,
        ..FacilityPower::default()
    };
    w.resource_mut::<GridSignal>().ci_g_per_kwh = 300.0;
    once(&mut w, workloads::account_workloads);
    let l = w.query::<&InferenceService>().single(&w).unwrap().ledger;
    let kwh = s.ledger.it_power_kw * 0.25;
    assert!(close(l.it_energy_kwh, kwh) && close(l.facility_energy_kwh, 1.25 * kwh));
    assert!(close(l.co2_kg, 1.25 * kwh * 0.3));
}

#[test]
fn a_step_is_recorded_once_and_the_clock_moves_on() {
    let (_, mut w) = world("[[halls]]\nracks = 1\n");
    w.resource_mut::<FacilityPower>().facility_kw = 123.0;
    once(&mut w, record::record_step);
    once(&mut w, record::advance_clock);
    let rec = w.resource::<Recorder>();
    assert_eq!(rec.facility_power_kw, [123.0]);
    assert_eq!(rec.time_utc_ms.len(), 1);
    assert_eq!(w.resource::<SimClock>().tick, 1);
}
