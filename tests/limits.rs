//! Every number a scenario can hold is checked before the run: a value the model cannot turn
//! into finite results is refused by `load` (and so by `validate`), never accepted and then
//! answered with `null`, an infinity, a panic or an abort.
//!
//! The test takes a scenario that uses every section, and for every numeric field in it tries
//! the values users and typos produce (huge, tiny, zero, negative, non-finite). Each value is
//! either refused with a located, hinted error, or the run (one day at hourly steps) gives a
//! summary whose every number is finite and whose energy balance closes.

use std::path::Path;

use dctwin::run::simulate;
use dctwin::summary::summarize;

/// A scenario with every section and most optional fields set, kept small so that each
/// probe runs in milliseconds.
const EVERYTHING: &str = r#"
name = "everything"
seed = 3

[time]
start = "2025-06-01T00:00:00Z"
duration = "1d"
step = "1h"

[site]
location = "stockholm"
elevation_m = 30.0
utc_offset_h = 1.0

[grid]
carbon_intensity_g_per_kwh = 45.0
price_usd_per_mwh = 60.0
import_limit_mw = 5.0
residual_mix_g_per_kwh = 300.0

[[halls]]
name = "air"
accelerator = "h100-sxm"
servers_per_rack = 4
racks = 4
cooling = "air-chiller"
power_cap_w = 600.0
utilization = { profile = "training", mean = 0.7, variability = 0.1 }

[[halls]]
name = "liquid"
accelerator = "h100-sxm"
accelerators_per_server = 8
racks = 4
cooling = "direct-liquid"
liquid_capture_frac = 0.8

[[halls]]
name = "fixed"
accelerator = "v100-sxm2"
racks = 2
cooling = "fixed-pue"
pue = 1.2
measured_system_power_w_per_accelerator = 330.0

[power_chain]
redundancy = "2N"

[hardware]
lifetime_years = 4.0
use_share = 0.85

[[training]]
name = "job"
hall = "liquid"
accelerators = 16
accelerator_hours = 200.0
mfu = 0.4
utilization = 0.9

[[inference]]
name = "chat"
hall = "air"
model_params_b = 8.0
precision = "fp8"
requests_per_s = 5.0
prompt_tokens = 500.0
output_tokens = 100.0
max_batch = 16
latency_budget_ms = 100.0
step_overhead_ms = 5.0
growth_pct_per_year = 20.0
demand_noise = 0.1
moe_active_frac = 0.5
early_exit = true
early_exit_layer_frac = 0.7
dynamic_depth = true
dynamic_depth_layer_frac = 0.8
kernel_fusion = true
kernel_fusion_speedup = 1.2

[heat_reuse]
sink = "district-heating"
supply_temp_c = 70.0
annual_demand_mwh = 50000.0
hot_water_share = 0.2
max_take_mw = 3.0
heat_pump_capacity_mw = 2.0
heat_per_home_kwh = 4380.0
displaced_g_per_kwh = 50.0
price_usd_per_mwh = 30.0

[supply]
certificates_mwh = 10.0
export_price_usd_per_mwh = 20.0

[supply.solar]
capacity_mw_dc = 2.0
tilt_deg = 30.0
azimuth_deg = 180.0
dc_ac_ratio = 1.2

[supply.wind]
turbines = 1
hub_height_m = 100.0
power_curve = [[3.0, 0.0], [12.0, 2000.0], [25.0, 2000.0]]
losses_pct = 12.0

[supply.battery]
energy_mwh = 4.0
power_mw = 1.0
round_trip_efficiency = 0.85
soc_min_pct = 10.0
soc_max_pct = 90.0
self_discharge_pct_per_day = 0.1
fade_pct_per_cycle = 0.01

[[supply.ppa]]
kind = "wind"
capacity_mw = 3.0
location = "stockholm"
"#;

/// Values to try in a float field.
const FLOAT_PROBES: [f64; 12] = [
    1e308,
    -1e308,
    1e15,
    -1e15,
    1e-300,
    -1e-300,
    0.0,
    -1.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
];

/// Values to try in an integer field.
const INT_PROBES: [i64; 6] = [i64::MAX, i64::MIN, 1 << 40, 0, -1, 65_536];

/// Every numeric leaf of a TOML value, as (dotted path, value).
fn numeric_leaves(prefix: &str, v: &toml::Value, out: &mut Vec<(String, toml::Value)>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                numeric_leaves(&join(k), v, out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                numeric_leaves(&join(&i.to_string()), v, out);
            }
        }
        toml::Value::Integer(_) | toml::Value::Float(_) => out.push((prefix.to_string(), v.clone())),
        _ => {}
    }
}

/// Sets `path` in `root` to `value`.
fn set(root: &mut toml::Value, path: &str, value: toml::Value) {
    let mut at = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let next = match at {
            toml::Value::Table(t) => t.get_mut(*p).expect("path exists"),
            toml::Value::Array(a) => &mut a[p.parse::<usize>().expect("index")],
            _ => panic!("not a container at {p}"),
        };
        if last {
            *next = value;
            return;
        }
        at = next;
    }
}

/// What happened to one probe, or `None` when it was handled well.
fn probe(text: &str, path: &str, shown: &str) -> Option<String> {
    let loaded = std::panic::catch_unwind(|| dctwin_scenario::load_str(text, Path::new("everything.toml"), &[], None));
    let Ok(loaded) = loaded else {
        return Some(format!("{path} = {shown}: loading the scenario panicked"));
    };
    let loaded = match loaded {
        Err(e) => {
            let message = e.to_string();
            if message.contains("panicked") {
                return Some(format!("{path} = {shown}: {message}"));
            }
            // A refusal must name the field and end with a hint.
            return (!(message.contains(path) && message.contains("hint:")))
                .then(|| format!("{path} = {shown}: refused without naming the field or a hint:\n{message}"));
        }
        Ok(_) if shown.contains("NaN") || shown.contains("inf") => {
            return Some(format!("{path} = {shown}: a non-finite value was accepted"));
        }
        Ok(l) => l,
    };
    let outcome = std::panic::catch_unwind(|| {
        let out = simulate(&loaded.config, |_, _| {});
        (summarize(&loaded.config, &out).to_json(), out)
    });
    let Ok((summary, out)) = outcome else {
        return Some(format!("{path} = {shown}: accepted, then the run panicked"));
    };
    if let Some((k, v)) = summary
        .iter()
        .find(|(k, v)| (v.is_null() && k.as_str() != "marginal_tco2e") || v.as_f64().is_some_and(|x| !x.is_finite()))
    {
        return Some(format!("{path} = {shown}: accepted, summary `{k}` = {v}"));
    }
    if let Some(c) = out
        .recorder
        .columns()
        .iter()
        .find(|c| c.values.iter().any(|v| v.is_infinite()))
    {
        return Some(format!(
            "{path} = {shown}: accepted, column `{}` holds an infinity",
            c.name
        ));
    }
    let num = |k: &str| summary[k].as_f64().unwrap_or(f64::NAN);
    let parts = num("it_energy_mwh") + num("cooling_energy_mwh") + num("power_loss_energy_mwh") + {
        if summary["heat_pump_in_facility"].as_bool().unwrap_or(false) {
            num("heat_pump_energy_mwh")
        } else {
            0.0
        }
    };
    let facility = num("facility_energy_mwh");
    if (parts - facility).abs() > 1e-6 * facility.abs().max(1.0) {
        return Some(format!(
            "{path} = {shown}: accepted, energy does not balance ({parts} vs {facility} MWh)"
        ));
    }
    if num("pue") < 1.0 - 1e-9 {
        return Some(format!("{path} = {shown}: accepted, PUE {}", num("pue")));
    }
    None
}

#[test]
fn every_numeric_field_refuses_values_it_cannot_compute_and_computes_the_rest() {
    let base: toml::Value = toml::from_str(EVERYTHING).unwrap();
    dctwin_scenario::load_str(EVERYTHING, Path::new("everything.toml"), &[], None).expect("the base scenario is valid");
    let mut leaves = Vec::new();
    numeric_leaves("", &base, &mut leaves);
    assert!(leaves.len() >= 60, "only {} numeric fields", leaves.len());
    let mut failures = Vec::new();
    std::panic::set_hook(Box::new(|_| {}));
    for (path, original) in &leaves {
        let probes: Vec<(toml::Value, String)> = match original {
            toml::Value::Integer(_) => INT_PROBES
                .iter()
                .map(|&v| (toml::Value::Integer(v), v.to_string()))
                .collect(),
            _ => FLOAT_PROBES
                .iter()
                .map(|&v| (toml::Value::Float(v), format!("{v:e}")))
                .collect(),
        };
        for (value, shown) in probes {
            let mut doc = base.clone();
            set(&mut doc, path, value);
            let text = toml::to_string(&doc).unwrap();
            if let Some(f) = probe(&text, path, &shown) {
                failures.push(f);
            }
        }
    }
    drop(std::panic::take_hook());
    assert!(
        failures.is_empty(),
        "{} probe(s) mishandled:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
