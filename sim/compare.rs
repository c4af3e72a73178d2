//! `dctwin compare`: several scenarios run side by side, their differences tabulated and
//! charted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use dctwin_charts::{ChartText, Series, line_chart, stacked_bars};
use dctwin_core::UtcTime;
use dctwin_output::{write_atomic, write_json};
use dctwin_scenario::Loaded;
use serde_json::{Map, Value, json};

use crate::run::{RunOutput, simulate};
use crate::summary::{Key, Summary, summarize};

/// Runs every scenario, spreading them over the machine's cores (each run is single-threaded,
/// so runs in parallel give the same numbers as runs one after another).
pub fn run_all(loaded: &[Loaded]) -> Vec<RunOutput> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(loaded.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<RunOutput>>> =
        loaded.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(l) = loaded.get(i) else { break };
                    let out = simulate(&l.config, |_, _| {});
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(out);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// `comparison.json`: every summary key of every scenario, and for each scenario after the
/// first the absolute and relative (percent) difference of every numeric key.
pub fn comparison_json(summaries: &[Summary]) -> Value {
    let names: Vec<Value> = summaries.iter().map(|s| json!(s.scenario)).collect();
    let maps: Vec<Map<String, Value>> = summaries.iter().map(Summary::to_json).collect();
    let base = &maps[0];
    let results: Vec<Value> = maps
        .iter()
        .zip(summaries)
        .enumerate()
        .map(|(i, (s, summary))| {
            let mut o = Map::new();
            o.insert("scenario".into(), json!(summary.scenario));
            o.insert("values".into(), Value::Object(s.clone()));
            if i > 0 {
                let (mut diff, mut rel) = (Map::new(), Map::new());
                for (k, v) in s {
                    if let (Some(b), Some(x)) = (base.get(k).and_then(Value::as_f64), v.as_f64()) {
                        diff.insert(k.clone(), json!(x - b));
                        rel.insert(
                            k.clone(),
                            if b == 0.0 {
                                Value::Null
                            } else {
                                json!(100.0 * (x - b) / b.abs())
                            },
                        );
                    }
                }
                o.insert("diff".into(), Value::Object(diff));
                o.insert("rel_diff_pct".into(), Value::Object(rel));
            }
            Value::Object(o)
        })
        .collect();
    json!({ "baseline": names[0], "scenarios": names, "results": results })
}

/// The summaries inside a `comparison.json`, in its order.
pub fn summaries_of(json: &Value) -> Result<Vec<Summary>, serde_json::Error> {
    let results = json
        .get("results")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    results
        .iter()
        .map(|r| serde_json::from_value(r.get("values").cloned().unwrap_or(Value::Null)))
        .collect()
}

/// `comparison.csv`: one row per numeric summary key; columns: the key, each scenario's value,
/// then each later scenario's difference and relative difference to the first.
pub fn comparison_csv(summaries: &[Summary]) -> String {
    let names: Vec<String> = summaries.iter().map(|s| s.scenario.clone()).collect();
    let summaries: Vec<Map<String, Value>> = summaries.iter().map(Summary::to_json).collect();
    let mut out = String::from("key");
    for n in &names {
        out.push(',');
        out.push_str(n);
    }
    for n in &names[1..] {
        let _ = write!(out, ",diff_{n},rel_diff_pct_{n}");
    }
    out.push('\n');
    for (k, v) in &summaries[0] {
        if v.as_f64().is_none() {
            continue;
        }
        let values: Vec<Option<f64>> = summaries.iter().map(|s| s.get(k).and_then(Value::as_f64)).collect();
        out.push_str(k);
        for x in &values {
            out.push_str(&x.map_or(",".into(), |x| format!(",{x}")));
        }
        let base = values[0].unwrap_or(0.0);
        for x in &values[1..] {
            match x {
                Some(x) if base != 0.0 => {
                    let _ = write!(out, ",{},{}", x - base, 100.0 * (x - base) / base.abs());
                }
                Some(x) => {
                    let _ = write!(out, ",{},", x - base);
                }
                None => out.push_str(",,"),
            }
        }
        out.push('\n');
    }
    out
}

/// Writes a comparison into `dir` (a fresh staging folder: see `destination.rs`): each run's
/// own outputs under `runs/`, `comparison.json`, `comparison.csv`, charts, `report.html` and,
/// last, `manifest.json` (which runs, which week, which files).
pub fn write_comparison(
    dir: &Path,
    loaded: &[Loaded],
    outputs: &[RunOutput],
    sets: &[String],
    paths: &[PathBuf],
    week: Option<UtcTime>,
) -> anyhow::Result<()> {
    let summaries: Vec<Summary> = loaded
        .iter()
        .zip(outputs)
        .map(|(l, o)| summarize(&l.config, o))
        .collect();
    for ((l, o), (s, path)) in loaded.iter().zip(outputs).zip(summaries.iter().zip(paths)) {
        let opts = crate::outputs::OutputOptions {
            csv: false,
            sets: sets.to_vec(),
            scenario_path: path.clone(),
        };
        let run_dir = dir.join("runs").join(&l.config.name);
        std::fs::create_dir_all(&run_dir).with_context(|| format!("cannot create {}", run_dir.display()))?;
        crate::outputs::write_run(&run_dir, l, o, s, &opts)?;
    }
    let json = comparison_json(&summaries);
    write_json(&dir.join("comparison.json"), &json)?;
    write_atomic(&dir.join("comparison.csv"), comparison_csv(&summaries).as_bytes())?;
    let charts = comparison_charts(&dir.join("charts"), loaded, outputs, &summaries, week)?;
    let explanation = crate::explain::explain_comparison(&summaries);
    let html = crate::report::comparison_report(loaded, &summaries, &charts, &explanation);
    write_atomic(&dir.join("report.html"), html.as_bytes())?;
    let mut manifest = crate::destination::comparison_identity(loaded, week.map(|w| w.to_string()).as_deref());
    if let Value::Object(m) = &mut manifest {
        m.insert("overrides".into(), json!(sets));
        m.insert(
            "scenario_files".into(),
            json!(paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()),
        );
        m.insert("dctwin_version".into(), json!(env!("CARGO_PKG_VERSION")));
    }
    write_json(&dir.join("manifest.json"), &manifest)?;
    Ok(())
}

/// Grouped views of the differences: energy by component, emissions, water and cost per
/// scenario, and one week of facility power overlaid.
fn comparison_charts(
    dir: &Path,
    loaded: &[Loaded],
    outputs: &[RunOutput],
    summaries: &[Summary],
    week: Option<UtcTime>,
) -> anyhow::Result<Vec<PathBuf>> {
    let names: Vec<String> = summaries.iter().map(|s| s.scenario.clone()).collect();
    let col = |k: Key, scale: f64| summaries.iter().map(|s| k(s) * scale).collect::<Vec<f64>>();
    let subtitle = format!("{} scenarios compared", names.len());
    let mut written = Vec::new();
    let (it, cooling, losses, pumps) = (
        col(|s| s.it_energy_mwh, 1.0),
        col(|s| s.cooling_energy_mwh, 1.0),
        col(|s| s.power_loss_energy_mwh, 1.0),
        col(|s| s.heat_pump_energy_mwh, 1.0),
    );
    let pumps_inside: Vec<f64> = summaries
        .iter()
        .zip(&pumps)
        .map(|(s, p)| if s.heat_pump_in_facility { *p } else { 0.0 })
        .collect();
    let mut series = vec![
        Series {
            label: "IT",
            values: &it,
        },
        Series {
            label: "Cooling",
            values: &cooling,
        },
        Series {
            label: "Conversion losses",
            values: &losses,
        },
    ];
    if pumps_inside.iter().any(|&p| p > 0.0) {
        series.push(Series {
            label: "Heat pumps",
            values: &pumps_inside,
        });
    }
    let text = ChartText {
        title: "Facility energy by component",
        subtitle: &subtitle,
        x_label: "Scenario",
        y_label: "Energy [MWh]",
    };
    written.extend(stacked_bars(dir, "energy_by_component", &text, &names, &series)?);
    let (operational, embodied) = (col(|s| s.operational_tco2e, 1.0), col(|s| s.embodied_tco2e, 1.0));
    let text = ChartText {
        title: "Emissions: operational (location-based) and embodied",
        subtitle: &subtitle,
        x_label: "Scenario",
        y_label: "Emissions [t CO2e]",
    };
    written.extend(stacked_bars(
        dir,
        "emissions",
        &text,
        &names,
        &[
            Series {
                label: "Operational",
                values: &operational,
            },
            Series {
                label: "Embodied",
                values: &embodied,
            },
        ],
    )?);
    let (onsite, source) = (col(|s| s.water_m3, 1.0), col(|s| s.water_source_m3, 1.0));
    let text = ChartText {
        title: "Water consumed",
        subtitle: &subtitle,
        x_label: "Scenario",
        y_label: "Water [m³]",
    };
    written.extend(stacked_bars(
        dir,
        "water",
        &text,
        &names,
        &[
            Series {
                label: "On site",
                values: &onsite,
            },
            Series {
                label: "At the power plants",
                values: &source,
            },
        ],
    )?);
    let cost = col(|s| s.energy_cost_usd, 1e-3);
    let text = ChartText {
        title: "Energy cost",
        subtitle: &subtitle,
        x_label: "Scenario",
        y_label: "Cost [thousand USD]",
    };
    written.extend(stacked_bars(
        dir,
        "cost",
        &text,
        &names,
        &[Series {
            label: "Electricity",
            values: &cost,
        }],
    )?);

    // One week of facility power: the chosen week, else the week from 1 July if every run
    // covers it, else the first week of the shortest run.
    let week_of = |l: &Loaded, o: &RunOutput| -> (usize, usize) {
        let per_day = (86_400 / l.config.step_s).max(1) as usize;
        let start = o.recorder.time_utc_ms.iter().position(|&t| {
            let u = UtcTime(t / 1_000);
            match week {
                Some(w) => u.0 >= w.0,
                None => u.month() == 7 && u.date().2 == 1 && u.second_of_day() == 0,
            }
        });
        let s = start.unwrap_or(0);
        (s, (s + 7 * per_day).min(o.recorder.time_utc_ms.len()))
    };
    let windows: Vec<(usize, usize)> = loaded.iter().zip(outputs).map(|(l, o)| week_of(l, o)).collect();
    let len = windows.iter().map(|(a, b)| b - a).min().unwrap_or(0);
    let same_step = loaded.iter().all(|l| l.config.step_s == loaded[0].config.step_s);
    if len >= 2 && same_step {
        let step_d = loaded[0].config.step_s as f64 / 86_400.0;
        let x: Vec<f64> = (0..len).map(|i| i as f64 * step_d).collect();
        let lines: Vec<Vec<f64>> = outputs
            .iter()
            .zip(&windows)
            .map(|(o, (a, _))| {
                o.recorder.facility_power_kw[*a..*a + len]
                    .iter()
                    .map(|kw| kw / 1_000.0)
                    .collect()
            })
            .collect();
        let series: Vec<Series> = names
            .iter()
            .zip(&lines)
            .map(|(n, v)| Series { label: n, values: v })
            .collect();
        let first = UtcTime(outputs[0].recorder.time_utc_ms[windows[0].0] / 1_000);
        let title = format!(
            "Facility power over the week from {}",
            first.to_string().get(..10).unwrap_or("")
        );
        let text = ChartText {
            title: &title,
            subtitle: &subtitle,
            x_label: "Day of the week",
            y_label: "Power [MW]",
        };
        written.extend(line_chart(dir, "week_facility_power", &text, &x, &series)?);
    }
    Ok(written)
}
