//! Plain-language explanations of a run and of a comparison: what drove the result, what
//! changed and why, with the numbers from `summary.json` and `comparison.json`.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// A number as the explanations print it: thousands separators, one decimal below 100, none
/// above. Tests format `comparison.json` values with it to find them in the text.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let decimals = usize::from(x.abs() < 100.0);
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn num(s: &Map<String, Value>, k: &str) -> f64 {
    s.get(k).and_then(Value::as_f64).unwrap_or(0.0)
}

fn text(s: &Map<String, Value>, k: &str) -> String {
    s.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn pct(part: f64, whole: f64) -> f64 {
    if whole == 0.0 { 0.0 } else { 100.0 * part / whole }
}

/// Intensity of a grid run on hydro, geothermal or nuclear (Iceland, Norway) [gCO2e/kWh].
const CLEAN_GRID_G_PER_KWH: f64 = 30.0;

/// What drove a run's result, in plain language.
pub fn explain_run(s: &Map<String, Value>) -> String {
    let mut out = String::new();
    let days = num(s, "duration_h") / 24.0;
    let _ = writeln!(
        out,
        "{} ran for {} days at {} on the {} grid.",
        text(s, "scenario"),
        fmt_num(days),
        text(s, "site"),
        text(s, "grid_zone")
    );
    let (facility, it, cooling, losses) = (
        num(s, "facility_energy_mwh"),
        num(s, "it_energy_mwh"),
        num(s, "cooling_energy_mwh"),
        num(s, "power_loss_energy_mwh"),
    );
    let _ = writeln!(
        out,
        "- Energy: the facility used {} MWh. IT took {} MWh ({} %), cooling {} MWh ({} %), conversion losses {} MWh ({} %): a PUE of {:.3}.",
        fmt_num(facility),
        fmt_num(it),
        fmt_num(pct(it, facility)),
        fmt_num(cooling),
        fmt_num(pct(cooling, facility)),
        fmt_num(losses),
        fmt_num(pct(losses, facility)),
        num(s, "pue")
    );
    let pumps = num(s, "heat_pump_energy_mwh");
    if pumps > 0.0 && s.get("heat_pump_in_facility").and_then(Value::as_bool).unwrap_or(true) {
        let _ = writeln!(
            out,
            "  The heat pumps that lift the waste heat for reuse drew the remaining {} MWh ({} %): they sit inside the facility's meter, so they count in its PUE.",
            fmt_num(pumps),
            fmt_num(pct(pumps, facility))
        );
    }
    let free = num(s, "free_cooling_frac");
    if cooling > 0.0 {
        if free >= 0.995 {
            let _ = writeln!(
                out,
                "- Cooling: all the heat left without compressors (free cooling): the cooling energy is fans, pumps and dry coolers."
            );
        } else {
            let _ = writeln!(
                out,
                "- Cooling: {} % of the heat left without compressors (free cooling); the rest needed chillers, which is what makes warm, humid hours expensive.",
                fmt_num(100.0 * free)
            );
        }
    }
    let (operational, embodied) = (num(s, "operational_tco2e"), num(s, "embodied_tco2e"));
    let ci = num(s, "mean_grid_ci_g_per_kwh");
    let _ = write!(
        out,
        "- Emissions: {} t CO2e from electricity at an average {} gCO2e/kWh (location-based), and {} t embodied in the hardware ({} % of the total).",
        fmt_num(operational),
        fmt_num(ci),
        fmt_num(embodied),
        fmt_num(pct(embodied, operational + embodied)),
    );
    // A clean grid is the lever only where the grid is not one.
    if ci > 2.0 * CLEAN_GRID_G_PER_KWH {
        let _ = write!(
            out,
            " The grid's intensity is the biggest lever: the same energy on a {CLEAN_GRID_G_PER_KWH} g/kWh grid (Iceland, Norway) would emit about {} t.",
            fmt_num(num(s, "grid_import_mwh") * CLEAN_GRID_G_PER_KWH / 1_000.0)
        );
    } else {
        let _ = write!(
            out,
            " The grid is already among the cleanest, so the embodied share is large and the hardware's life is the next lever."
        );
    }
    out.push('\n');
    if num(s, "market_tco2e") < operational * 0.95 {
        let _ = writeln!(
            out,
            "- Contracts: market-based emissions are {} t — PPAs and certificates cover part of the imports on paper; hour by hour {} % of the load was matched by carbon-free supply ({} % over the year).",
            fmt_num(num(s, "market_tco2e")),
            fmt_num(num(s, "cfe_hourly_pct")),
            fmt_num(num(s, "cfe_annual_pct"))
        );
    }
    let (water, source) = (num(s, "water_m3"), num(s, "water_source_m3"));
    let _ = writeln!(
        out,
        "- Water: {} m³ evaporated on site (WUE {:.2} L/kWh) and about {} m³ at the power plants that generated the electricity.",
        fmt_num(water),
        num(s, "wue_l_per_kwh"),
        fmt_num(source)
    );
    if num(s, "onsite_renewable_mwh") > 0.0 {
        let _ = writeln!(
            out,
            "- On-site renewables produced {} MWh, of which {} MWh were used directly and {} MWh exported.",
            fmt_num(num(s, "onsite_renewable_mwh")),
            fmt_num(num(s, "onsite_used_mwh")),
            fmt_num(num(s, "grid_export_mwh"))
        );
    }
    if num(s, "heat_reused_mwh") > 0.0 {
        let _ = writeln!(
            out,
            "- Heat reuse: {} MWh of heat delivered (about {} homes for a year), with heat pumps using {} MWh at a mean COP of {:.1}; ERF {:.2}.",
            fmt_num(num(s, "heat_delivered_mwh")),
            fmt_num(num(s, "homes_heated")),
            fmt_num(num(s, "heat_pump_energy_mwh")),
            num(s, "mean_heat_pump_cop"),
            num(s, "erf")
        );
    }
    if num(s, "output_tokens") > 0.0 {
        let _ = writeln!(
            out,
            "- Serving: {} output tokens at {:.2} J each at the IT meter ({:.2} J at the facility), {:.3} Wh and {:.2} gCO2e per 1,000 tokens.",
            fmt_num(num(s, "output_tokens")),
            num(s, "j_per_token"),
            num(s, "facility_j_per_token"),
            num(s, "wh_per_request"),
            num(s, "g_co2e_per_1k_tokens")
        );
    }
    if num(s, "training_jobs") > 0.0 {
        let _ = writeln!(
            out,
            "- Training: {} of {} jobs finished; {} interruptions lost {} accelerator-hours of work ({} MWh).",
            fmt_num(num(s, "training_jobs_completed")),
            fmt_num(num(s, "training_jobs")),
            fmt_num(num(s, "interruptions")),
            fmt_num(num(s, "lost_accelerator_hours")),
            fmt_num(num(s, "lost_work_energy_mwh"))
        );
    }
    out
}

/// Components of facility energy, for "the largest contributors".
const ENERGY_PARTS: [(&str, &str); 4] = [
    ("it_energy_mwh", "IT"),
    ("cooling_energy_mwh", "cooling"),
    ("power_loss_energy_mwh", "conversion losses"),
    ("heat_pump_energy_mwh", "heat pumps"),
];

/// What changed between scenarios and why, from `comparison.json`.
pub fn explain_comparison(json: &Value) -> String {
    let mut out = String::new();
    let Some(results) = json.get("results").and_then(Value::as_array) else {
        return out;
    };
    let Some(base) = results.first().and_then(|r| r.get("values")).and_then(Value::as_object) else {
        return out;
    };
    let base_name = text(base, "scenario");
    for r in &results[1..] {
        let (Some(v), Some(d), Some(rel)) = (
            r.get("values").and_then(Value::as_object),
            r.get("diff").and_then(Value::as_object),
            r.get("rel_diff_pct").and_then(Value::as_object),
        ) else {
            continue;
        };
        let rel_of = |k: &str| rel.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        let _ = writeln!(out, "{} compared with {}:", text(v, "scenario"), base_name);
        let _ = writeln!(
            out,
            "- Facility energy changed by {} MWh ({} %), PUE from {:.3} to {:.3}.",
            fmt_num(num(d, "facility_energy_mwh")),
            fmt_num(rel_of("facility_energy_mwh")),
            num(base, "pue"),
            num(v, "pue")
        );
        let mut parts: Vec<(&str, f64)> = ENERGY_PARTS
            .iter()
            .filter(|(k, _)| {
                *k != "heat_pump_energy_mwh" || v.get("heat_pump_in_facility").and_then(Value::as_bool).unwrap_or(true)
            })
            .map(|(k, label)| (*label, num(d, k)))
            .filter(|(_, x)| x.abs() > 1e-9)
            .collect();
        parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        if !parts.is_empty() {
            let list: Vec<String> = parts
                .iter()
                .map(|(label, x)| format!("{label} {} MWh", fmt_num(*x)))
                .collect();
            let _ = writeln!(
                out,
                "- The largest contributors to that difference: {}.",
                list.join(", ")
            );
        }
        let cooling_rel = rel_of("cooling_energy_mwh");
        if cooling_rel < -30.0 {
            let _ = writeln!(
                out,
                "- Cooling energy fell by {} % ({} → {} MWh), not the 95 % often quoted, because {} already removed {} % of its heat without compressors: a large part of air cooling's energy is fans and pumps, which liquid systems still need in smaller form.",
                fmt_num(-cooling_rel),
                fmt_num(num(base, "cooling_energy_mwh")),
                fmt_num(num(v, "cooling_energy_mwh")),
                base_name,
                fmt_num(100.0 * num(base, "free_cooling_frac"))
            );
        }
        // Operational emissions: energy effect at the first scenario's intensity, and the
        // intensity effect on the second's energy; the two add up to the difference.
        let (ia, ib) = (num(base, "grid_import_mwh"), num(v, "grid_import_mwh"));
        let (ca, cb) = (num(base, "mean_grid_ci_g_per_kwh"), num(v, "mean_grid_ci_g_per_kwh"));
        let energy_effect = (ib - ia) * ca / 1_000.0;
        let intensity_effect = ib * (cb - ca) / 1_000.0;
        let _ = writeln!(
            out,
            "- Operational emissions changed by {} t CO2e ({} %): {} t because {} MWh {} electricity was imported, {} t from the grid's intensity ({} → {} gCO2e/kWh).",
            fmt_num(num(d, "operational_tco2e")),
            fmt_num(rel_of("operational_tco2e")),
            fmt_num(energy_effect),
            fmt_num((ib - ia).abs()),
            if ib < ia { "less" } else { "more" },
            fmt_num(intensity_effect),
            fmt_num(ca),
            fmt_num(cb)
        );
        for (k, label, unit) in [
            ("water_m3", "On-site water", "m³"),
            ("embodied_tco2e", "Embodied emissions", "t CO2e"),
            ("energy_cost_usd", "Energy cost", "USD"),
            ("j_per_token", "Energy per token", "J"),
            ("heat_reused_mwh", "Heat reused", "MWh"),
            ("cfe_hourly_pct", "Hourly carbon-free matching", "percentage points"),
        ] {
            let x = num(d, k);
            if x.abs() > 1e-9 {
                let r = rel
                    .get(k)
                    .and_then(Value::as_f64)
                    .map_or(String::new(), |r| format!(" ({} %)", fmt_num(r)));
                let _ = writeln!(out, "- {label} changed by {} {unit}{r}.", fmt_num(x));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fmt_num;

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(fmt_num(1_234_567.8), "1,234,568");
        assert_eq!(fmt_num(-5_387.2), "−5,387");
        assert_eq!(fmt_num(12.345), "12.3");
        assert_eq!(fmt_num(-0.04), "0.0");
        assert_eq!(fmt_num(999.5), "1,000");
    }
}
