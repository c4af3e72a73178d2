//! The run's headline numbers: `summary.json`, one flat object whose keys carry their unit.

use dctwin_scenario::RunConfig;
use serde_json::{Map, Value, json};

use crate::recorder::Recorder;
use crate::run::{RunOutput, WorkloadReport};

/// Average seconds in a year (365.25 days), for amortising embodied emissions.
const SECONDS_PER_YEAR: f64 = 365.25 * 86_400.0;

/// Sum of `kw` over the run [MWh].
fn energy_mwh(kw: &[f64], step_h: f64) -> f64 {
    kw.iter().sum::<f64>() * step_h / 1_000.0
}

/// Embodied emissions of the hardware, amortised linearly over its service life for the
/// length of the run [t CO2e] (the Cloud Carbon Footprint and BLOOM methods).
pub fn embodied_tco2e(config: &RunConfig) -> f64 {
    let run_s = config.step_s as f64 * config.steps as f64;
    let share = run_s / (config.lifetime_years * SECONDS_PER_YEAR);
    let kg: f64 = config
        .halls
        .iter()
        .map(|h| {
            let servers = f64::from(h.racks) * f64::from(h.servers_per_rack);
            servers * h.server.embodied_kg + h.accelerators() as f64 * h.accelerator.embodied_kg
        })
        .sum();
    kg * share / 1_000.0
}

/// Builds the summary. Every key PRODUCT.md lists is present; keys for parts this scenario
/// does not have are 0.
pub fn summarize(config: &RunConfig, out: &RunOutput) -> Map<String, Value> {
    let mut s = facility_keys(config, out);
    for hall in &out.halls {
        let ppue = if hall.it_energy_kwh > 0.0 {
            (hall.it_energy_kwh + hall.cooling_energy_kwh) / hall.it_energy_kwh
        } else {
            0.0
        };
        s.insert(format!("ppue_{}", hall.name), json!(ppue));
        s.insert(format!("water_m3_{}", hall.name), json!(hall.water_l / 1_000.0));
    }
    s
}

fn facility_keys(config: &RunConfig, out: &RunOutput) -> Map<String, Value> {
    let rec = &out.recorder;
    let step_h = config.step_s as f64 / 3_600.0;
    let it = energy_mwh(&rec.it_power_kw, step_h);
    let cooling = energy_mwh(&rec.cooling_power_kw, step_h);
    let losses = energy_mwh(&rec.power_loss_kw, step_h);
    let facility = energy_mwh(&rec.facility_power_kw, step_h);
    let import = energy_mwh(&rec.grid_import_kw, step_h);
    let water_m3 = rec.water_l.iter().sum::<f64>() / 1_000.0;
    let operational = rec.co2_kg.iter().sum::<f64>() / 1_000.0;
    let embodied = embodied_tco2e(config);
    let max = |v: &[f64]| v.iter().copied().fold(0.0_f64, f64::max);
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let accelerators: u64 = config.halls.iter().map(dctwin_scenario::Hall::accelerators).sum();
    let racks: u64 = config.halls.iter().map(|h| u64::from(h.racks)).sum();
    let energy_weighted_ci = ratio(rec.co2_kg.iter().sum::<f64>() * 1_000.0, import * 1_000.0);

    let mut s = Map::new();
    let mut put = |k: &str, v: Value| {
        s.insert(k.to_string(), positive_zero(v));
    };
    put("scenario", json!(config.name));
    put("seed", json!(config.seed));
    put("steps", json!(config.steps));
    put("step_s", json!(config.step_s));
    put("start_utc", json!(config.start.to_string()));
    put("duration_h", json!(config.steps as f64 * step_h));
    put("site", json!(config.site.label));
    put("grid_zone", json!(config.grid.zone.id));
    put("racks", json!(racks));
    put("accelerators", json!(accelerators));
    put("it_energy_mwh", json!(it));
    put("cooling_energy_mwh", json!(cooling));
    put("power_loss_energy_mwh", json!(losses));
    put("facility_energy_mwh", json!(facility));
    put("pue", json!(ratio(facility, it)));
    put("peak_facility_mw", json!(max(&rec.facility_power_kw) / 1_000.0));
    put("peak_it_mw", json!(max(&rec.it_power_kw) / 1_000.0));
    put("mean_utilization_frac", json!(mean(&rec.utilization_frac)));
    put(
        "free_cooling_frac",
        json!(ratio(
            rec.free_cooling_frac
                .iter()
                .zip(&rec.heat_removed_kw)
                .map(|(f, h)| f * h)
                .sum(),
            rec.heat_removed_kw.iter().sum()
        )),
    );
    put("mean_outdoor_temp_c", json!(mean(&rec.outdoor_temp_c)));
    put("grid_import_mwh", json!(import));
    put("grid_export_mwh", json!(energy_mwh(&rec.grid_export_kw, step_h)));
    let solar = energy_mwh(&rec.solar_kw, step_h);
    let wind = energy_mwh(&rec.wind_kw, step_h);
    put("onsite_renewable_mwh", json!(solar + wind));
    put("solar_mwh", json!(solar));
    put("wind_mwh", json!(wind));
    put("onsite_used_mwh", json!(energy_mwh(&rec.onsite_used_kw, step_h)));
    put("curtailed_mwh", json!(energy_mwh(&rec.curtailed_kw, step_h)));
    let charged = energy_mwh(&rec.battery_charge_kw, step_h);
    let discharged = energy_mwh(&rec.battery_discharge_kw, step_h);
    put("battery_charged_mwh", json!(charged));
    put("battery_discharged_mwh", json!(discharged));
    put("battery_throughput_mwh", json!(charged + discharged));
    // Conversion losses and self-discharge, plus any change in stored energy (the battery
    // starts half full): charged − discharged.
    put("battery_net_charged_mwh", json!(charged - discharged));
    let ppa = energy_mwh(&rec.ppa_kw, step_h);
    let certificates = config.supply.certificates_mwh * (config.steps as f64 * step_h / 8_760.0).min(1.0);
    put("ppa_mwh", json!(ppa));
    put("certificates_mwh", json!(config.supply.certificates_mwh));
    let excess = energy_mwh(&rec.import_excess_kw, step_h);
    put("import_limit_exceeded_mwh", json!(excess));
    put(
        "import_limit_exceeded_hours",
        json!(rec.import_excess_kw.iter().filter(|&&kw| kw > 0.0).count() as f64 * step_h),
    );
    put("water_m3", json!(water_m3));
    put("wue_l_per_kwh", json!(ratio(water_m3 * 1_000.0, it * 1_000.0)));
    // Off-site water: consumed by the power plants that generate the grid import.
    let m = config.grid.zone.mix_pct;
    let source_l_per_kwh = dctwin_grid::generation_water_l_per_kwh(m.coal, m.gas, m.oil, m.nuclear);
    put("water_source_m3", json!(import * source_l_per_kwh));
    put("wue_source_l_per_kwh", json!(ratio(import * source_l_per_kwh, it)));
    put("water_total_m3", json!(water_m3 + import * source_l_per_kwh));
    // Heat reuse (all 0 without a [heat_reuse] section). ERF (ISO/IEC 30134-6) counts the
    // data centre's own heat that was reused; ERE = (facility − reused) / IT = (1 − ERF) × PUE.
    let reused = energy_mwh(&rec.heat_reused_kw, step_h);
    let delivered = energy_mwh(&rec.heat_delivered_kw, step_h);
    let pump = energy_mwh(&rec.heat_pump_kw, step_h);
    let reuse = config.heat_reuse;
    put("heat_recovered_mwh", json!(energy_mwh(&rec.heat_recovered_kw, step_h)));
    put("heat_reused_mwh", json!(reused));
    put("heat_rejected_mwh", json!(energy_mwh(&rec.heat_rejected_kw, step_h)));
    put("heat_delivered_mwh", json!(delivered));
    put("heat_demand_mwh", json!(energy_mwh(&rec.heat_demand_kw, step_h)));
    put("heat_pump_energy_mwh", json!(pump));
    put("heat_pump_in_facility", json!(reuse.is_none_or(|r| r.pump_in_facility)));
    put("mean_heat_pump_cop", json!(ratio(delivered, pump)));
    put("erf", json!(dctwin_heat::erf(reused, facility)));
    put("ere", json!(dctwin_heat::ere(reused, facility, it)));
    let run_h = config.steps as f64 * step_h;
    put(
        "homes_heated",
        json!(reuse.map_or(0.0, |r| delivered * 1_000.0 * (8_760.0 / run_h) / r.heat_per_home_kwh)),
    );
    put(
        "heat_co2_avoided_tco2e",
        json!(reuse.map_or(0.0, |r| delivered * r.displaced_g_per_kwh / 1_000.0)),
    );
    put(
        "heat_revenue_usd",
        json!(reuse.map_or(0.0, |r| delivered * r.price_usd_per_mwh)),
    );
    // Carbon-free matching, hour by hour (24/7) and annual (volumetric), on contracted and
    // owned supply only, so hourly ≤ annual; and the grid-inclusive hourly score.
    let per_hour = ((3_600 / config.step_s).max(1)) as usize;
    let hourly = |v: &[f64]| {
        v.chunks(per_hour)
            .map(|c| c.iter().sum::<f64>() / c.len() as f64)
            .collect::<Vec<f64>>()
    };
    let load_h = hourly(&rec.facility_power_kw);
    let cfe_h = hourly(&rec.cfe_supply_kw);
    put("cfe_hourly_pct", json!(dctwin_grid::hourly_cfe_pct(&load_h, &cfe_h)));
    put(
        "cfe_annual_pct",
        json!(dctwin_grid::annual_matching_pct(
            &rec.facility_power_kw,
            &rec.cfe_supply_kw,
            certificates * 1_000.0,
            step_h
        )),
    );
    let with_grid: Vec<f64> = rec
        .cfe_supply_kw
        .iter()
        .zip(&rec.grid_import_kw)
        .zip(&rec.grid_cfe_pct)
        .map(|((c, i), g)| c + i * g / 100.0)
        .collect();
    put(
        "cfe_hourly_with_grid_pct",
        json!(dctwin_grid::hourly_cfe_pct(&load_h, &hourly(&with_grid))),
    );
    // Renewable energy factor (ISO/IEC 30134-3): renewable energy used over facility energy.
    let renewable_used = energy_mwh(&rec.onsite_used_kw, step_h) + ppa + certificates;
    put(
        "renewable_energy_factor",
        json!((renewable_used / facility.max(f64::MIN_POSITIVE)).min(1.0)),
    );
    put("grid_cfe_pct", json!(config.grid.zone.cfe_pct));
    put("mean_grid_ci_g_per_kwh", json!(energy_weighted_ci));
    put("operational_tco2e", json!(operational));
    // Marginal emissions where `grid.marginal_csv` gives the marginal intensity, else null.
    let marginal_known = rec.marginal_co2_kg.iter().any(|v| !v.is_nan());
    put(
        "marginal_tco2e",
        if marginal_known {
            json!(rec.marginal_co2_kg.iter().sum::<f64>() / 1_000.0)
        } else {
            Value::Null
        },
    );
    // Market-based (GHG Protocol Scope 2): imports not covered by PPAs or certificates, at the
    // residual mix (the grid mean when no residual mix is given).
    let market = dctwin_grid::market_based_kg(
        import * 1_000.0,
        (ppa + certificates) * 1_000.0,
        config.grid.residual_mix_g_per_kwh,
    ) / 1_000.0;
    put("market_tco2e", json!(market));
    put("embodied_tco2e", json!(embodied));
    put("total_tco2e", json!(operational + embodied));
    put("total_market_tco2e", json!(market + embodied));
    put("energy_cost_usd", json!(rec.energy_cost_usd.iter().sum::<f64>()));
    workload_keys(&mut s, rec, &out.workloads, step_h);
    s
}

/// Keys for training and inference (0 where a scenario has none).
fn workload_keys(s: &mut Map<String, Value>, rec: &Recorder, workloads: &[WorkloadReport], step_h: f64) {
    let serving: Vec<&WorkloadReport> = workloads.iter().filter(|w| w.kind == "inference").collect();
    let training: Vec<&WorkloadReport> = workloads.iter().filter(|w| w.kind == "training").collect();
    let sum = |ws: &[&WorkloadReport], f: fn(&WorkloadReport) -> f64| ws.iter().map(|w| f(w)).sum::<f64>();
    let tokens = sum(&serving, |w| w.ledger.output_tokens);
    let requests = sum(&serving, |w| w.ledger.requests);
    let inf_it_kwh = sum(&serving, |w| w.ledger.it_energy_kwh);
    let inf_fac_kwh = sum(&serving, |w| w.ledger.facility_energy_kwh);
    let inf_co2 = sum(&serving, |w| w.ledger.co2_kg);
    let per = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let mut put = |k: &str, v: Value| {
        s.insert(k.to_string(), positive_zero(v));
    };
    put(
        "training_it_energy_mwh",
        json!(energy_mwh(&rec.training_it_power_kw, step_h)),
    );
    put(
        "inference_it_energy_mwh",
        json!(energy_mwh(&rec.inference_it_power_kw, step_h)),
    );
    // Accelerators allocated but waiting, or unallocated, still draw power.
    put("idle_it_energy_mwh", json!(energy_mwh(&rec.idle_it_power_kw, step_h)));
    put("output_tokens", json!(tokens));
    put("prompt_tokens", json!(sum(&serving, |w| w.ledger.prompt_tokens)));
    put("requests", json!(requests));
    put(
        "unserved_requests",
        json!(sum(&serving, |w| w.ledger.unserved_requests)),
    );
    put("j_per_token", json!(per(inf_it_kwh * 3.6e6, tokens)));
    put("facility_j_per_token", json!(per(inf_fac_kwh * 3.6e6, tokens)));
    put("wh_per_request", json!(per(inf_fac_kwh * 1_000.0, requests)));
    put("g_co2e_per_1k_tokens", json!(per(inf_co2 * 1_000.0, tokens / 1_000.0)));
    put("training_jobs", json!(training.len()));
    put(
        "training_jobs_completed",
        json!(
            training
                .iter()
                .filter(|w| w.details["completed"] == json!(true))
                .count()
        ),
    );
    put(
        "training_energy_mwh",
        json!(sum(&training, |w| w.ledger.facility_energy_kwh) / 1_000.0),
    );
    put("training_tco2e", json!(sum(&training, |w| w.ledger.co2_kg) / 1_000.0));
    put(
        "interruptions",
        json!(
            training
                .iter()
                .map(|w| w.details["interruptions"].as_u64().unwrap_or(0))
                .sum::<u64>()
        ),
    );
    put(
        "lost_accelerator_hours",
        json!(
            training
                .iter()
                .map(|w| w.details["lost_accelerator_hours"].as_f64().unwrap_or(0.0))
                .sum::<f64>()
        ),
    );
    put(
        "lost_work_energy_mwh",
        json!(sum(&training, |w| w.ledger.lost_energy_kwh) / 1_000.0),
    );
}

/// `workloads.json`: one object per workload.
pub fn workloads_json(out: &RunOutput) -> Value {
    let list: Vec<Value> = out
        .workloads
        .iter()
        .map(|w| {
            let l = &w.ledger;
            let mut o = Map::new();
            o.insert("name".into(), json!(w.name));
            o.insert("kind".into(), json!(w.kind));
            o.insert("it_energy_mwh".into(), json!(l.it_energy_kwh / 1_000.0));
            o.insert("facility_energy_mwh".into(), json!(l.facility_energy_kwh / 1_000.0));
            o.insert("tco2e".into(), json!(l.co2_kg / 1_000.0));
            if w.kind == "inference" {
                let per = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
                o.insert("output_tokens".into(), json!(l.output_tokens));
                o.insert("prompt_tokens".into(), json!(l.prompt_tokens));
                o.insert("requests".into(), json!(l.requests));
                o.insert("unserved_requests".into(), json!(l.unserved_requests));
                o.insert(
                    "j_per_token".into(),
                    json!(per(l.it_energy_kwh * 3.6e6, l.output_tokens)),
                );
                o.insert(
                    "wh_per_request".into(),
                    json!(per(l.facility_energy_kwh * 1_000.0, l.requests)),
                );
                o.insert(
                    "g_co2e_per_1k_tokens".into(),
                    json!(per(l.co2_kg * 1e6, l.output_tokens)),
                );
            }
            for (k, v) in &w.details {
                o.insert(k.clone(), v.clone());
            }
            Value::Object(o)
        })
        .collect();
    Value::Array(list)
}

/// `-0.0` (a sum of zeros minus zeros) written as `0.0`, so that a file never shows "-0".
fn positive_zero(v: Value) -> Value {
    match v.as_f64() {
        Some(x) if x == 0.0 && x.is_sign_negative() => json!(0.0),
        _ => v,
    }
}
