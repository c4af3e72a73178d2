//! Properties that hold for every valid scenario, checked on random ones: energy balances
//! every step (facility and the site's electrical node), PUE at least 1, no NaN, infinity or
//! negative energy, the battery inside its state-of-charge window. Each case is a short run (one to three days), so the suite stays
//! quick; proptest shrinks a failure to the smallest scenario that shows it.

use std::fmt::Write as _;
use std::path::Path;

use dctwin::run::simulate;
use dctwin::summary::summarize;
use proptest::prelude::*;

/// Catalog places spanning climates and grids.
const LOCATIONS: [&str; 6] = ["virginia", "stockholm", "singapore", "madrid", "dublin", "sydney"];
/// Accelerators from three vendors and generations.
const ACCELERATORS: [&str; 4] = ["h100-sxm", "v100-sxm2", "h200-sxm", "mi300x"];
/// Cooling types that need no site-specific data (sea water needs a sea temperature).
const COOLING: [&str; 7] = [
    "air-chiller",
    "air-tower",
    "air-economizer",
    "direct-liquid",
    "immersion-single-phase",
    "immersion-two-phase",
    "fixed-pue",
];
const PROFILES: [&str; 3] = ["constant", "training", "inference"];
const STEPS: [&str; 3] = ["5m", "15m", "1h"];
const POLICIES: [&str; 4] = ["self-consumption", "carbon-aware", "price-arbitrage", "peak-shaving"];

/// One random scenario's choices.
#[derive(Debug, Clone)]
struct Choices {
    location: usize,
    accelerator: usize,
    cooling: usize,
    profile: usize,
    mean: f64,
    racks: u32,
    step: usize,
    days: u32,
    start_day: u32,
    solar_mw: Option<f64>,
    battery: Option<(f64, f64, usize)>,
    heat_reuse: bool,
    seed: u64,
}

fn choices() -> impl Strategy<Value = Choices> {
    (
        (
            0..LOCATIONS.len(),
            0..ACCELERATORS.len(),
            0..COOLING.len(),
            0..PROFILES.len(),
        ),
        (0.0..=1.0_f64, 1..40_u32, 0..STEPS.len(), 1..=3_u32, 0..360_u32),
        (
            proptest::option::of(0.1..20.0_f64),
            proptest::option::of((0.5..40.0_f64, 0.1..10.0_f64, 0..POLICIES.len())),
            any::<bool>(),
            any::<u64>(),
        ),
    )
        .prop_map(
            |(
                (location, accelerator, cooling, profile),
                (mean, racks, step, days, start_day),
                (solar_mw, battery, heat_reuse, seed),
            )| Choices {
                location,
                accelerator,
                cooling,
                profile,
                mean,
                racks,
                step,
                days,
                start_day,
                solar_mw,
                battery,
                heat_reuse,
                seed,
            },
        )
}

fn scenario(c: &Choices) -> String {
    let start = dctwin_core::UtcTime::from_civil(2025, 1, 1, 0, 0, 0).0 + i64::from(c.start_day) * 86_400;
    let mut s = format!(
        "name = \"prop\"\nseed = {}\n[time]\nstart = \"{}\"\nduration = \"{}d\"\nstep = \"{}\"\n[site]\nlocation = \"{}\"\n",
        c.seed >> 1,
        dctwin_core::UtcTime(start),
        c.days,
        STEPS[c.step],
        LOCATIONS[c.location]
    );
    write!(
        s,
        "[[halls]]\nname = \"h\"\naccelerator = \"{}\"\nracks = {}\ncooling = \"{}\"\nutilization = {{ profile = \"{}\", mean = {} }}\n",
        ACCELERATORS[c.accelerator], c.racks, COOLING[c.cooling], PROFILES[c.profile], c.mean
    ).unwrap();
    if COOLING[c.cooling] == "fixed-pue" {
        s += "pue = 1.3\n";
    }
    if c.heat_reuse {
        s += "[heat_reuse]\nsink = \"district-heating\"\nannual_demand_mwh = 20000\n";
    }
    if let Some(mw) = c.solar_mw {
        write!(s, "[supply.solar]\ncapacity_mw_dc = {mw}\n").unwrap();
    }
    if let Some((mwh, mw, policy)) = c.battery {
        write!(
            s,
            "[supply.battery]\nenergy_mwh = {mwh}\npower_mw = {mw}\npolicy = \"{}\"\n",
            POLICIES[policy]
        )
        .unwrap();
    }
    s
}

/// Columns that hold NaN by design on steps without a value.
const MAY_BE_NAN: [&str; 4] = [
    "inference_j_per_token",
    "inference_wh_per_request",
    "inference_g_co2e_per_1k_tokens",
    "marginal_co2_kg",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn every_valid_scenario_balances_and_stays_physical(c in choices()) {
        let text = scenario(&c);
        let loaded = dctwin_scenario::load_str(&text, Path::new("prop.toml"), &[], None)
            .map_err(|e| TestCaseError::fail(format!("the generator made an invalid scenario:\n{text}\n{e}")))?;
        let out = simulate(&loaded.config, |_, _| {});
        let rec = &out.recorder;
        for col in rec.columns() {
            for (k, v) in col.values.iter().enumerate() {
                prop_assert!(
                    v.is_finite() || (v.is_nan() && MAY_BE_NAN.contains(&col.name)),
                    "{} = {v} at step {k}\n{text}", col.name
                );
            }
            // Power, water and emissions are never negative (costs may be, with exports).
            if ["_kw", "_l", "_kg"].iter().any(|unit| col.name.ends_with(unit)) {
                prop_assert!(
                    col.values.iter().all(|v| v.is_nan() || *v >= -1e-9),
                    "{} negative\n{text}", col.name
                );
            }
        }
        let pumps_in = loaded.config.heat_reuse.as_ref().is_some_and(|r| r.pump_in_facility);
        for k in 0..rec.it_power_kw.len() {
            let parts = rec.it_power_kw[k] + rec.cooling_power_kw[k] + rec.power_loss_kw[k]
                + if pumps_in { rec.heat_pump_kw[k] } else { 0.0 };
            let facility = rec.facility_power_kw[k];
            prop_assert!((parts - facility).abs() <= 1e-9 * facility.max(1.0), "step {k}: {parts} vs {facility} kW\n{text}");
            if rec.it_power_kw[k] > 0.0 {
                prop_assert!(rec.pue[k] >= 1.0 - 1e-12, "step {k}: PUE {}\n{text}", rec.pue[k]);
            }
            // The site's electrical node: grid, on-site generation and the battery in; the
            // facility, charging, export and curtailment out.
            let supplied = rec.grid_import_kw[k] + rec.solar_kw[k] + rec.wind_kw[k] + rec.battery_discharge_kw[k];
            let used = facility + rec.battery_charge_kw[k] + rec.grid_export_kw[k] + rec.curtailed_kw[k];
            prop_assert!((supplied - used).abs() <= 1e-6 * facility.max(1.0),
                "step {k}: supplied {supplied} vs used {used} kW\n{text}");
        }
        if let Some(b) = &loaded.config.supply.battery {
            // Charging never fills above the window, discharging never empties below it; only
            // self-discharge, which no dispatch decides, may take an idle battery under its floor.
            for (k, soc) in rec.battery_soc_frac.iter().enumerate() {
                prop_assert!((0.0..=b.soc_max_frac + 1e-9).contains(soc),
                    "step {k}: state of charge {soc} outside 0..{}\n{text}", b.soc_max_frac);
                if rec.battery_discharge_kw[k] > 0.0 {
                    prop_assert!(*soc >= b.soc_min_frac - 1e-9,
                        "step {k}: discharged to {soc}, below the floor {}\n{text}", b.soc_min_frac);
                }
            }
        }
        let summary = summarize(&loaded.config, &out).to_json();
        for (k, v) in &summary {
            prop_assert!(!v.is_null() || k == "marginal_tco2e", "summary {k} is null\n{text}");
        }
        prop_assert!(summary["pue"].as_f64().unwrap_or(0.0) >= 1.0);
    }
}
