//! The run's headline numbers: `summary.json`, one flat object whose keys carry their unit.

use dctwin_scenario::RunConfig;
use serde_json::{Map, Value, json};

use crate::recorder::Recorder;

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
            servers * h.accelerator.embodied_kg_per_server
                + h.accelerators() as f64 * h.accelerator.embodied_kg_per_accelerator
        })
        .sum();
    kg * share / 1_000.0
}

/// Builds the summary. Every key PRODUCT.md lists is present; keys for parts this scenario
/// does not have are 0.
pub fn summarize(config: &RunConfig, rec: &Recorder) -> Map<String, Value> {
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
        s.insert(k.to_string(), v);
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
    put("grid_export_mwh", json!(0.0));
    put("onsite_renewable_mwh", json!(0.0));
    put("curtailed_mwh", json!(0.0));
    put("water_m3", json!(water_m3));
    put("wue_l_per_kwh", json!(ratio(water_m3 * 1_000.0, it * 1_000.0)));
    put("heat_recovered_mwh", json!(0.0));
    put("heat_reused_mwh", json!(0.0));
    put("erf", json!(0.0));
    put("cfe_hourly_pct", json!(0.0));
    put("grid_cfe_pct", json!(config.grid.zone.cfe_pct));
    put("mean_grid_ci_g_per_kwh", json!(energy_weighted_ci));
    put("operational_tco2e", json!(operational));
    // No contractual instruments yet: market-based = location-based (GHG Protocol Scope 2
    // Guidance falls back to grid-average factors when no residual mix applies).
    put("market_tco2e", json!(operational));
    put("embodied_tco2e", json!(embodied));
    put("total_tco2e", json!(operational + embodied));
    put("energy_cost_usd", json!(rec.energy_cost_usd.iter().sum::<f64>()));
    s
}
