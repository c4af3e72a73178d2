//! Plain-language explanations of a run and of a comparison: what drove the result, what
//! changed and why, with the numbers from `summary.json` and `comparison.json`.

use std::fmt::Write as _;

use crate::summary::{Key, Summary};

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

fn pct(part: f64, whole: f64) -> f64 {
    if whole == 0.0 { 0.0 } else { 100.0 * part / whole }
}

/// Intensity of a grid run on hydro, geothermal or nuclear (Iceland, Norway) [gCO2e/kWh].
const CLEAN_GRID_G_PER_KWH: f64 = 30.0;

/// What drove a run's result, in plain language.
pub fn explain_run(s: &Summary) -> String {
    let mut out = String::new();
    let days = s.duration_h / 24.0;
    let _ = writeln!(
        out,
        "{} ran for {} days at {} on the {} grid.",
        s.scenario,
        fmt_num(days),
        s.site,
        s.grid_zone
    );
    let (facility, it, cooling, losses) = (
        s.facility_energy_mwh,
        s.it_energy_mwh,
        s.cooling_energy_mwh,
        s.power_loss_energy_mwh,
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
        s.pue
    );
    let pumps = s.heat_pump_energy_mwh;
    if pumps > 0.0 && s.heat_pump_in_facility {
        let _ = writeln!(
            out,
            "  The heat pumps that lift the waste heat for reuse drew the remaining {} MWh ({} %): they sit inside the facility's meter, so they count in its PUE.",
            fmt_num(pumps),
            fmt_num(pct(pumps, facility))
        );
    }
    let free = s.free_cooling_frac;
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
    let (operational, embodied) = (s.operational_tco2e, s.embodied_tco2e);
    let ci = s.mean_grid_ci_g_per_kwh;
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
            fmt_num(s.grid_import_mwh * CLEAN_GRID_G_PER_KWH / 1_000.0)
        );
    } else {
        let _ = write!(
            out,
            " The grid is already among the cleanest, so the embodied share is large and the hardware's life is the next lever."
        );
    }
    out.push('\n');
    if s.market_tco2e < operational * 0.95 {
        let _ = writeln!(
            out,
            "- Contracts: market-based emissions are {} t — PPAs and certificates cover part of the imports on paper; hour by hour {} % of the load was matched by carbon-free supply ({} % over the year).",
            fmt_num(s.market_tco2e),
            fmt_num(s.cfe_hourly_pct),
            fmt_num(s.cfe_annual_pct)
        );
    }
    let (water, source) = (s.water_m3, s.water_source_m3);
    let _ = writeln!(
        out,
        "- Water: {} m³ evaporated on site (WUE {:.2} L/kWh) and about {} m³ at the power plants that generated the electricity.",
        fmt_num(water),
        s.wue_l_per_kwh,
        fmt_num(source)
    );
    if s.onsite_renewable_mwh > 0.0 {
        let _ = writeln!(
            out,
            "- On-site renewables produced {} MWh, of which {} MWh were used directly and {} MWh exported.",
            fmt_num(s.onsite_renewable_mwh),
            fmt_num(s.onsite_used_mwh),
            fmt_num(s.grid_export_mwh)
        );
    }
    if s.heat_reused_mwh > 0.0 {
        let _ = writeln!(
            out,
            "- Heat reuse: {} MWh of heat delivered (about {} homes for a year), with heat pumps using {} MWh at a mean COP of {:.1}; ERF {:.2}.",
            fmt_num(s.heat_delivered_mwh),
            fmt_num(s.homes_heated),
            fmt_num(s.heat_pump_energy_mwh),
            s.mean_heat_pump_cop,
            s.erf
        );
    }
    if s.output_tokens > 0.0 {
        let _ = writeln!(
            out,
            "- Serving: {} output tokens at {:.2} J each at the IT meter ({:.2} J at the facility), {:.3} Wh and {:.2} gCO2e per 1,000 tokens.",
            fmt_num(s.output_tokens),
            s.j_per_token,
            s.facility_j_per_token,
            s.wh_per_request,
            s.g_co2e_per_1k_tokens
        );
    }
    if s.training_jobs > 0 {
        let _ = writeln!(
            out,
            "- Training: {} of {} jobs finished; {} interruptions lost {} accelerator-hours of work ({} MWh).",
            fmt_num(s.training_jobs_completed as f64),
            fmt_num(s.training_jobs as f64),
            fmt_num(s.interruptions as f64),
            fmt_num(s.lost_accelerator_hours),
            fmt_num(s.lost_work_energy_mwh)
        );
    }
    out
}

/// Components of facility energy, for "the largest contributors": the key, its label, and
/// whether it is the heat pumps (counted only inside the facility's meter).
const ENERGY_PARTS: [(Key, &str, bool); 4] = [
    (|s| s.it_energy_mwh, "IT", false),
    (|s| s.cooling_energy_mwh, "cooling", false),
    (|s| s.power_loss_energy_mwh, "conversion losses", false),
    (|s| s.heat_pump_energy_mwh, "heat pumps", true),
];

/// The relative change from `a` to `b` [%], as `comparison.json` states it (none from 0).
fn rel(a: f64, b: f64) -> Option<f64> {
    (a != 0.0).then(|| 100.0 * (b - a) / a.abs())
}

/// What changed between scenarios and why, each against the first.
pub fn explain_comparison(summaries: &[Summary]) -> String {
    let mut out = String::new();
    let Some(base) = summaries.first() else {
        return out;
    };
    let base_name = &base.scenario;
    for v in &summaries[1..] {
        let d = |k: Key| k(v) - k(base);
        let rel_of = |k: Key| rel(k(base), k(v)).unwrap_or(0.0);
        let _ = writeln!(out, "{} compared with {}:", v.scenario, base_name);
        let _ = writeln!(
            out,
            "- Facility energy changed by {} MWh ({} %), PUE from {:.3} to {:.3}.",
            fmt_num(d(|s| s.facility_energy_mwh)),
            fmt_num(rel_of(|s| s.facility_energy_mwh)),
            base.pue,
            v.pue
        );
        let mut parts: Vec<(&str, f64)> = ENERGY_PARTS
            .iter()
            .filter(|(_, _, pumps)| !pumps || v.heat_pump_in_facility)
            .map(|(k, label, _)| (*label, d(*k)))
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
        let cooling_rel = rel_of(|s| s.cooling_energy_mwh);
        if cooling_rel < -30.0 {
            let _ = writeln!(
                out,
                "- Cooling energy fell by {} % ({} → {} MWh), not the 95 % often quoted, because {} already removed {} % of its heat without compressors: a large part of air cooling's energy is fans and pumps, which liquid systems still need in smaller form.",
                fmt_num(-cooling_rel),
                fmt_num(base.cooling_energy_mwh),
                fmt_num(v.cooling_energy_mwh),
                base_name,
                fmt_num(100.0 * base.free_cooling_frac)
            );
        }
        // Operational emissions: energy effect at the first scenario's intensity, and the
        // intensity effect on the second's energy; the two add up to the difference.
        let (ia, ib) = (base.grid_import_mwh, v.grid_import_mwh);
        let (ca, cb) = (base.mean_grid_ci_g_per_kwh, v.mean_grid_ci_g_per_kwh);
        let energy_effect = (ib - ia) * ca / 1_000.0;
        let intensity_effect = ib * (cb - ca) / 1_000.0;
        let _ = writeln!(
            out,
            "- Operational emissions changed by {} t CO2e ({} %): {} t because {} MWh {} electricity was imported, {} t from the grid's intensity ({} → {} gCO2e/kWh).",
            fmt_num(d(|s| s.operational_tco2e)),
            fmt_num(rel_of(|s| s.operational_tco2e)),
            fmt_num(energy_effect),
            fmt_num((ib - ia).abs()),
            if ib < ia { "less" } else { "more" },
            fmt_num(intensity_effect),
            fmt_num(ca),
            fmt_num(cb)
        );
        let others: [(Key, &str, &str); 6] = [
            (|s| s.water_m3, "On-site water", "m³"),
            (|s| s.embodied_tco2e, "Embodied emissions", "t CO2e"),
            (|s| s.energy_cost_usd, "Energy cost", "USD"),
            (|s| s.j_per_token, "Energy per token", "J"),
            (|s| s.heat_reused_mwh, "Heat reused", "MWh"),
            (|s| s.cfe_hourly_pct, "Hourly carbon-free matching", "percentage points"),
        ];
        for (k, label, unit) in others {
            let x = d(k);
            if x.abs() > 1e-9 {
                let r = rel(k(base), k(v)).map_or(String::new(), |r| format!(" ({} %)", fmt_num(r)));
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
