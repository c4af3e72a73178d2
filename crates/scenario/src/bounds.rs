//! Checks on every number in a scenario before it is interpreted: each must be finite, and the
//! fields below must lie in a physical range. A value outside it could only give non-finite or
//! meaningless results (an offset of 10^308 hours, an intensity in kg where g was meant), so it
//! is refused with the field's path, its position and a hint — `validate` refuses it too.
//!
//! Ranges that `resolve` checks field by field with more context (utilization, battery limits,
//! cooling parameters) stay there; the table here holds every other field's range, declared
//! once, and the limits that keep integer products (accelerators per hall) inside 64 bits.

use crate::Diagnostic;

/// A field's accepted range; `path` uses `*` for any array index.
struct Bound {
    path: &'static str,
    lo: f64,
    hi: f64,
    what: &'static str,
    hint: &'static str,
}

/// Physical ranges, each with the reason for its ends.
const BOUNDS: &[Bound] = &[
    // Time zones in use run from UTC−12 to UTC+14.
    Bound {
        path: "site.utc_offset_h",
        lo: -12.0,
        hi: 14.0,
        what: "an offset from UTC in hours",
        hint: "site.utc_offset_h = 1 (Central Europe; standard time, no daylight saving)",
    },
    // The Dead Sea shore (−430 m) to the highest observatories (above 5,000 m).
    Bound {
        path: "site.elevation_m",
        lo: -500.0,
        hi: 9_000.0,
        what: "an elevation in metres",
        hint: "site.elevation_m = 30",
    },
    // Coal's life-cycle median is 820 gCO2e/kWh (IPCC AR5 WGIII Annex III); 5,000 is above
    // any grid and refuses kg or lb given for g.
    Bound {
        path: "grid.carbon_intensity_g_per_kwh",
        lo: 0.0,
        hi: dctwin_grid::MAX_INTENSITY_G_PER_KWH,
        what: "a carbon intensity in gCO2e/kWh",
        hint: "e.g. 429 for the US grid of Patterson et al. 2021",
    },
    Bound {
        path: "grid.residual_mix_g_per_kwh",
        lo: 0.0,
        hi: dctwin_grid::MAX_INTENSITY_G_PER_KWH,
        what: "a residual-mix intensity in gCO2e/kWh",
        hint: "e.g. 400; the AIB publishes European residual mixes every year",
    },
    // Wholesale markets clear between about −500 and +15,000 per MWh at their caps.
    Bound {
        path: "grid.price_usd_per_mwh",
        lo: -1_000.0,
        hi: 20_000.0,
        what: "an energy price in USD/MWh",
        hint: "grid.price_usd_per_mwh = 80",
    },
    Bound {
        path: "grid.import_limit_mw",
        lo: 0.001,
        hi: 100_000.0,
        what: "a grid connection in MW",
        hint: "grid.import_limit_mw = 30",
    },
    // A hall holds one kind of server; 1,024 accelerators per server and 256 servers per rack
    // cover any system sold, and keep accelerators per hall far inside 64 bits.
    Bound {
        path: "halls.*.accelerators_per_server",
        lo: 1.0,
        hi: 1_024.0,
        what: "accelerators per server",
        hint: "accelerators_per_server = 8 (an HGX board)",
    },
    Bound {
        path: "halls.*.servers_per_rack",
        lo: 1.0,
        hi: 256.0,
        what: "servers per rack",
        hint: "servers_per_rack = 4 (HGX H100 in a 40 kW rack)",
    },
    // The most power-hungry accelerators draw about 1.2 kW (B200); a per-accelerator share of
    // a whole system stays below 10 kW.
    Bound {
        path: "halls.*.power_cap_w",
        lo: 1.0,
        hi: 10_000.0,
        what: "a power cap per accelerator in W",
        hint: "power_cap_w = 500 (an H100 SXM runs 700 W uncapped)",
    },
    Bound {
        path: "halls.*.measured_system_power_w_per_accelerator",
        lo: 1.0,
        hi: 10_000.0,
        what: "a measured system power per accelerator in W",
        hint: "e.g. 330 for V100 servers in Patterson et al. 2021",
    },
    // The largest published models have a few trillion parameters.
    Bound {
        path: "inference.*.model_params_b",
        lo: 0.001,
        hi: 100_000.0,
        what: "a model size in billions of parameters",
        hint: "model_params_b = 70",
    },
    // Ten million requests a second is beyond the largest public services.
    Bound {
        path: "inference.*.requests_per_s",
        lo: 0.0,
        hi: 10_000_000.0,
        what: "a request rate per second",
        hint: "requests_per_s = 300",
    },
    Bound {
        path: "inference.*.prompt_tokens",
        lo: 1.0,
        hi: 10_000_000.0,
        what: "tokens per prompt",
        hint: "prompt_tokens = 1020 (Splitwise conversation median)",
    },
    Bound {
        path: "inference.*.output_tokens",
        lo: 1.0,
        hi: 10_000_000.0,
        what: "tokens per answer",
        hint: "output_tokens = 129 (Splitwise conversation median)",
    },
    // Llama 3 405B took 3.8e25 FLOPs and 31 million GPU-hours.
    Bound {
        path: "training.*.total_flops",
        lo: 1.0,
        hi: 1e30,
        what: "a training compute in FLOPs",
        hint: "total_flops = 3.14e23 (GPT-3)",
    },
    Bound {
        path: "training.*.accelerator_hours",
        lo: 0.001,
        hi: 1e10,
        what: "accelerator-hours",
        hint: "accelerator_hours = 3.55e6 (GPT-3 on V100s)",
    },
    // Hardware is amortised over months to decades, not over nanoseconds.
    Bound {
        path: "hardware.lifetime_years",
        lo: 0.1,
        hi: 50.0,
        what: "a service life in years",
        hint: "hardware.lifetime_years = 4",
    },
];

/// Halls one scenario may have: each is an entity with its own ledger, indexed in 16 bits.
pub(crate) const MAX_HALLS: usize = 1_000;

/// Checks every number under `table`; returns one problem per offending field.
pub(crate) fn check(table: &toml::Table) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (k, v) in table {
        walk(k, v, &mut problems);
    }
    if let Some(toml::Value::Array(halls)) = table.get("halls")
        && halls.len() > MAX_HALLS
    {
        problems.push(
            Diagnostic::at(
                "halls",
                format!("{} halls; dctwin runs at most {MAX_HALLS}", halls.len()),
            )
            .hint("merge halls that share accelerator and cooling: `racks` counts them together"),
        );
    }
    problems
}

fn walk(path: &str, v: &toml::Value, problems: &mut Vec<Diagnostic>) {
    let number = match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                walk(&format!("{path}.{k}"), v, problems);
            }
            return;
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                walk(&format!("{path}.{i}"), v, problems);
            }
            return;
        }
        toml::Value::Float(x) => *x,
        toml::Value::Integer(i) => *i as f64,
        _ => return,
    };
    if !number.is_finite() {
        problems.push(
            Diagnostic::at(path, format!("expected a finite number, found {number}"))
                .hint("nan and inf are valid TOML but no quantity dctwin models; give a number"),
        );
        return;
    }
    if let Some(b) = BOUNDS.iter().find(|b| matches(b.path, path))
        && !(b.lo..=b.hi).contains(&number)
    {
        problems.push(
            Diagnostic::at(
                path,
                format!("expected {} in {}..{}, found {number}", b.what, b.lo, b.hi),
            )
            .hint(b.hint),
        );
    }
}

/// Whether `path` matches `pattern`, where a `*` segment matches any array index.
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('.'), path.split('.'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some("*"), Some(seg)) if seg.bytes().all(|b| b.is_ascii_digit()) => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Diagnostic> {
        check(&toml::from_str(text).unwrap())
    }

    #[test]
    fn non_finite_numbers_are_refused_anywhere() {
        let p = problems("[site]\nutc_offset_h = nan\n[[halls]]\nracks = 1\npue = inf\n");
        let mut paths: Vec<&str> = p.iter().map(|d| d.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(paths, ["halls.0.pue", "site.utc_offset_h"]);
        assert!(p.iter().all(|d| d.hint.is_some()));
    }

    #[test]
    fn ranges_apply_to_every_array_element_and_keep_their_ends() {
        assert!(problems("[site]\nutc_offset_h = 14.0\nelevation_m = -430.0").is_empty());
        let p = problems("[[halls]]\nservers_per_rack = 4\n[[halls]]\nservers_per_rack = 100000\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "halls.1.servers_per_rack");
        assert!(p[0].message.contains("1..256"), "{}", p[0].message);
        let p = problems("[hardware]\nlifetime_years = 1e-300\n");
        assert_eq!(p[0].path, "hardware.lifetime_years");
    }

    #[test]
    fn patterns_match_indices_only_where_written() {
        assert!(matches("halls.*.pue", "halls.12.pue"));
        assert!(!matches("halls.*.pue", "halls.x.pue"));
        assert!(!matches("halls.*.pue", "halls.1.pue.extra"));
        assert!(!matches("site.elevation_m", "site"));
    }

    #[test]
    fn too_many_halls_are_refused() {
        let text: String = (0..=MAX_HALLS).map(|_| "[[halls]]\nracks = 1\n").collect();
        assert!(problems(&text).iter().any(|d| d.path == "halls"));
    }
}
