//! Writing a run's files: summary, time series, charts, manifest.

use std::path::{Path, PathBuf};

use dctwin_charts::{
    ChartText, Flow, FlowNode, PointGroup, Series, heatmap, line_chart, sankey, scatter, stacked_area, stacked_bars,
};
use dctwin_core::UtcTime;
use dctwin_output::{write_atomic, write_json, write_timeseries_csv, write_timeseries_parquet};
use dctwin_scenario::Loaded;
use serde_json::{Value, json};

use crate::recorder::Recorder;
use crate::run::RunOutput;
use crate::summary::{Summary, workloads_json};

/// What to write.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// Also write `timeseries.csv`.
    pub csv: bool,
    /// The `--set` arguments, for the manifest.
    pub sets: Vec<String>,
    /// The scenario file, for the manifest.
    pub scenario_path: PathBuf,
}

/// Writes every output file of a run into `dir` (a fresh staging folder: see
/// `destination.rs`), the manifest last.
pub fn write_run(
    dir: &Path,
    loaded: &Loaded,
    out: &RunOutput,
    summary: &Summary,
    opts: &OutputOptions,
) -> anyhow::Result<()> {
    let config = &loaded.config;
    check_summary(summary)?;
    write_json(&dir.join("summary.json"), &Value::Object(summary.to_json()))?;
    let rec = &out.recorder;
    let columns = rec.columns();
    write_timeseries_parquet(&dir.join("timeseries.parquet"), &rec.time_utc_ms, &columns)?;
    let mut files = vec!["summary.json".to_string(), "timeseries.parquet".to_string()];
    if !out.workloads.is_empty() {
        write_json(&dir.join("workloads.json"), &workloads_json(out))?;
        files.push("workloads.json".into());
    }
    if opts.csv {
        write_timeseries_csv(&dir.join("timeseries.csv"), &rec.time_utc_ms, &columns)?;
        files.push("timeseries.csv".into());
    }
    let charts = write_charts(&dir.join("charts"), loaded, rec)?;
    for chart in &charts {
        files.push(format!(
            "charts/{}",
            chart
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
    }
    write_atomic(
        &dir.join("report.html"),
        crate::report::run_report(loaded, summary, &charts).as_bytes(),
    )?;
    files.push("report.html".into());
    let manifest = json!({
        "scenario": config.name,
        "scenario_file": opts.scenario_path.display().to_string(),
        "scenario_hash_fnv1a64": crate::destination::scenario_hash(loaded),
        "overrides": opts.sets,
        "seed": config.seed,
        "dctwin_version": env!("CARGO_PKG_VERSION"),
        "steps": config.steps,
        "step_s": config.step_s,
        "start_utc": config.start.to_string(),
        "files": files,
    });
    write_json(&dir.join("manifest.json"), &manifest)?;
    Ok(())
}

/// Every number in a summary exists and is finite: `serde_json` turns NaN and infinities
/// into `null`, so a null here is a value the model failed to compute. The one key that is
/// null by design is `marginal_tco2e` without marginal data (`None`).
fn check_summary(summary: &Summary) -> anyhow::Result<()> {
    let mut known = summary.clone();
    known.marginal_tco2e.get_or_insert(0.0);
    if let Some((k, _)) = known.to_json().iter().find(|(_, v)| v.is_null()) {
        anyhow::bail!(
            "the summary's `{k}` is not a finite number; nothing was written (please report this with the scenario)"
        );
    }
    Ok(())
}

/// Abbreviated month names for chart labels.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The calendar months a run covers (UTC), and which month each step falls in.
struct Months {
    /// "Jan 2025", … in order.
    labels: Vec<String>,
    /// Index into `labels` of every step.
    of_step: Vec<usize>,
}

impl Months {
    fn of(rec: &Recorder) -> Self {
        let (mut labels, mut of_step) = (Vec::new(), Vec::with_capacity(rec.time_utc_ms.len()));
        let mut current = None;
        for &t in &rec.time_utc_ms {
            let when = UtcTime(t / 1_000);
            let key = (when.year(), when.month());
            if current != Some(key) {
                current = Some(key);
                labels.push(format!("{} {}", MONTHS[key.1 as usize - 1], key.0));
            }
            of_step.push(labels.len() - 1);
        }
        Self { labels, of_step }
    }

    /// One zero per month.
    fn zeros(&self) -> Vec<f64> {
        vec![0.0; self.labels.len()]
    }

    /// Energy per month [MWh] of a power column [kW] at `step_h`-hour steps.
    fn energy_mwh(&self, power_kw: &[f64], step_h: f64) -> Vec<f64> {
        let mut out = self.zeros();
        for (&month, kw) in self.of_step.iter().zip(power_kw) {
            out[month] += kw * step_h / 1_000.0;
        }
        out
    }
}

/// The run's charts: facility power by component over time, and energy by component per month.
fn write_charts(dir: &Path, loaded: &Loaded, rec: &Recorder) -> anyhow::Result<Vec<PathBuf>> {
    let config = &loaded.config;
    let step_h = config.step_s as f64 / 3_600.0;
    let subtitle = format!(
        "{} — {} — {}",
        config.name,
        config.site.label,
        config.start.to_string().get(..10).unwrap_or("")
    );
    let mut written = Vec::new();

    // Power over time: daily means for runs of 30 days or more (a year is 365 points), hourly
    // means for shorter runs (the daily cycle stays visible), on an axis in days either way.
    let steps_per_day = (86_400 / config.step_s).max(1) as usize;
    let steps_per_hour = (3_600 / config.step_s).max(1) as usize;
    let daily = config.steps >= 30 * steps_per_day;
    let bucket = if daily { steps_per_day } else { steps_per_hour };
    let means = |v: &[f64]| {
        v.chunks(bucket)
            .map(|c| c.iter().sum::<f64>() / c.len() as f64 / 1_000.0)
            .collect::<Vec<f64>>()
    };
    let peaks = |v: &[f64]| {
        v.chunks(bucket)
            .map(|c| c.iter().copied().fold(0.0_f64, f64::max) / 1_000.0)
            .collect::<Vec<f64>>()
    };
    let (it, cooling, losses) = (
        means(&rec.it_power_kw),
        means(&rec.cooling_power_kw),
        means(&rec.power_loss_kw),
    );
    // Heat pumps inside the facility's meter are part of its power: stack them too.
    let pumps_in_facility = config.heat_reuse.as_ref().is_some_and(|r| r.pump_in_facility);
    let pumps = means(&rec.heat_pump_kw);
    let peak = peaks(&rec.facility_power_kw);
    let x: Vec<f64> = (0..it.len())
        .map(|i| i as f64 * bucket as f64 * step_h / 24.0)
        .collect();
    let text = ChartText {
        title: if daily {
            "Facility power by component (daily mean)"
        } else {
            "Facility power by component (hourly mean)"
        },
        subtitle: &subtitle,
        x_label: "Day of run",
        y_label: "Power [MW]",
    };
    let series = [
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
        Series {
            label: "Heat pumps",
            values: &pumps,
        },
    ];
    let series = &series[..if pumps_in_facility { 4 } else { 3 }];
    if x.len() < 2 {
        eprintln!("note: the run is shorter than two hours; no charts were drawn");
        return Ok(written);
    }
    // With on-site generation the overlay is its output (how much of the load could it carry?),
    // otherwise the daily peak (what the grid connection must carry).
    let onsite_kw: Vec<f64> = rec.solar_kw.iter().zip(&rec.wind_kw).map(|(s, w)| s + w).collect();
    let onsite = means(&onsite_kw);
    let overlay = if config.supply.solar.is_some() || config.supply.wind.is_some() {
        Some(Series {
            label: if daily {
                "On-site generation (daily mean)"
            } else {
                "On-site generation"
            },
            values: &onsite,
        })
    } else {
        daily.then_some(Series {
            label: "Facility peak (daily max)",
            values: &peak,
        })
    };
    written.extend(stacked_area(dir, "facility_power", &text, &x, series, overlay)?);

    // Energy by month.
    let months = Months::of(rec);
    let m_it = months.energy_mwh(&rec.it_power_kw, step_h);
    let m_cool = months.energy_mwh(&rec.cooling_power_kw, step_h);
    let m_loss = months.energy_mwh(&rec.power_loss_kw, step_h);
    let m_pumps = months.energy_mwh(&rec.heat_pump_kw, step_h);
    let labels = &months.labels;
    let text = ChartText {
        title: "Energy by component per month",
        subtitle: &subtitle,
        x_label: "Month",
        y_label: "Energy [MWh]",
    };
    let series = [
        Series {
            label: "IT",
            values: &m_it,
        },
        Series {
            label: "Cooling",
            values: &m_cool,
        },
        Series {
            label: "Conversion losses",
            values: &m_loss,
        },
        Series {
            label: "Heat pumps",
            values: &m_pumps,
        },
    ];
    let series = &series[..if pumps_in_facility { 4 } else { 3 }];
    written.extend(stacked_bars(dir, "monthly_energy", &text, labels, series)?);

    written.extend(energy_flows(dir, loaded, rec, step_h, &subtitle)?);
    written.extend(cooling_charts(dir, loaded, rec, &subtitle, &months)?);
    written.extend(carbon_charts(dir, loaded, rec, &subtitle, bucket, &x)?);
    let s = &config.supply;
    if s.solar.is_some() || s.wind.is_some() || s.battery.is_some() || !s.ppas.is_empty() {
        written.extend(supply_charts(dir, loaded, rec, &subtitle, &months)?);
    }
    if config.heat_reuse.is_some() {
        let reused = means(&rec.heat_reused_kw);
        let rejected = means(&rec.heat_rejected_kw);
        let demand = means(&rec.heat_demand_kw);
        let text = ChartText {
            title: if daily {
                "Recovered heat: taken and rejected (daily mean)"
            } else {
                "Recovered heat: taken and rejected"
            },
            subtitle: &subtitle,
            x_label: "Day of run",
            y_label: "Heat [MW]",
        };
        let series = [
            Series {
                label: "Taken by the sink",
                values: &reused,
            },
            Series {
                label: "Rejected (not wanted)",
                values: &rejected,
            },
        ];
        written.extend(stacked_area(
            dir,
            "heat_reuse",
            &text,
            &x,
            &series,
            Some(Series {
                label: "Sink demand (incl. heat-pump work)",
                values: &demand,
            }),
        )?);
    }

    if !loaded.config.training.is_empty() || !loaded.config.inference.is_empty() {
        written.extend(workload_charts(dir, rec, &subtitle, bucket, step_h, &x)?);
    }
    Ok(written)
}

/// Charts of what the workloads do: IT power by kind of work, utilization, energy per token.
fn workload_charts(
    dir: &Path,
    rec: &Recorder,
    subtitle: &str,
    bucket: usize,
    step_h: f64,
    x: &[f64],
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let means = |v: &[f64]| {
        v.chunks(bucket)
            .map(|c| c.iter().sum::<f64>() / c.len() as f64 / 1_000.0)
            .collect::<Vec<f64>>()
    };
    let training = means(&rec.training_it_power_kw);
    let inference = means(&rec.inference_it_power_kw);
    let idle = means(&rec.idle_it_power_kw);
    let it = means(&rec.it_power_kw);
    // IT of halls that follow a utilization profile rather than workloads.
    let other: Vec<f64> = it
        .iter()
        .zip(&training)
        .zip(&inference)
        .zip(&idle)
        .map(|(((a, b), c), d)| (a - b - c - d).max(0.0))
        .collect();
    let x_label = "Day of run";
    let text = ChartText {
        title: "IT power by kind of work",
        subtitle,
        x_label,
        y_label: "Power [MW]",
    };
    let series: Vec<Series> = [
        Series {
            label: "Training",
            values: &training,
        },
        Series {
            label: "Inference",
            values: &inference,
        },
        Series {
            label: "Idle accelerators",
            values: &idle,
        },
        Series {
            label: "Profile-driven halls",
            values: &other,
        },
    ]
    .into_iter()
    .filter(|s| s.values.iter().any(|&v| v > 1e-9))
    .collect();
    written.extend(stacked_area(dir, "it_power_by_work", &text, x, &series, None)?);

    let utilization: Vec<f64> = rec
        .utilization_frac
        .chunks(bucket)
        .map(|c| 100.0 * c.iter().sum::<f64>() / c.len() as f64)
        .collect();
    let text = ChartText {
        title: "Accelerator utilization",
        subtitle,
        x_label,
        y_label: "Mean utilization [%]",
    };
    written.extend(line_chart(
        dir,
        "utilization",
        &text,
        x,
        &[Series {
            label: "All halls",
            values: &utilization,
        }],
    )?);

    if rec.output_tokens.iter().any(|&t| t > 0.0) {
        let j_per_token: Vec<f64> = rec
            .inference_it_power_kw
            .chunks(bucket)
            .zip(rec.output_tokens.chunks(bucket))
            .map(|(p, t)| {
                let tokens: f64 = t.iter().sum();
                let joules: f64 = p.iter().sum::<f64>() * step_h * 3.6e6;
                if tokens > 0.0 { joules / tokens } else { f64::NAN }
            })
            .collect();
        let text = ChartText {
            title: "Inference energy per output token (IT)",
            subtitle,
            x_label,
            y_label: "Energy per token [J]",
        };
        written.extend(line_chart(
            dir,
            "energy_per_token",
            &text,
            x,
            &[Series {
                label: "All services",
                values: &j_per_token,
            }],
        )?);
    }
    Ok(written)
}

/// Charts of the cooling: PUE by hour and day (runs of 30 days or more), cooling power against
/// outdoor temperature, and water per month (when the scenario uses or causes water use).
fn cooling_charts(
    dir: &Path,
    loaded: &Loaded,
    rec: &Recorder,
    subtitle: &str,
    months: &Months,
) -> anyhow::Result<Vec<PathBuf>> {
    let config = &loaded.config;
    let mut written = Vec::new();
    let step_h = config.step_s as f64 / 3_600.0;
    let steps_per_day = (86_400 / config.step_s).max(1) as usize;
    let days = config.steps / steps_per_day;
    if days >= 30 && config.step_s <= 3_600 {
        // Cell (hour of day in local standard time, day of run): mean PUE of its steps.
        let offset_steps = ((config.site.utc_offset_h * 3_600.0) / config.step_s as f64).round() as i64;
        let mut sum = vec![0.0; 24 * days];
        let mut n = vec![0.0; 24 * days];
        for (k, &pue) in rec.pue.iter().enumerate().take(days * steps_per_day) {
            let local = k as i64 + offset_steps;
            let day = local.div_euclid(steps_per_day as i64);
            if !(0..days as i64).contains(&day) {
                continue;
            }
            let hour = (local.rem_euclid(steps_per_day as i64) as f64 * step_h) as usize;
            let cell = hour.min(23) * days + day as usize;
            sum[cell] += pue;
            n[cell] += 1.0;
        }
        let values: Vec<f64> = sum
            .iter()
            .zip(&n)
            .map(|(s, n)| if *n > 0.0 { s / n } else { f64::NAN })
            .collect();
        let text = ChartText {
            title: "PUE by hour of day and day of year",
            subtitle,
            x_label: "Day of run",
            y_label: "Hour of day (local standard time)",
        };
        written.extend(heatmap(
            dir,
            "pue_heatmap",
            &text,
            24,
            days,
            &values,
            (0.0, days as f64),
            (0.0, 24.0),
            "PUE [-]",
        )?);
    }

    let cooling_mw: Vec<f64> = rec.cooling_power_kw.iter().map(|kw| kw / 1_000.0).collect();
    let text = ChartText {
        title: "Cooling power against outdoor temperature",
        subtitle,
        x_label: "Outdoor dry bulb [°C]",
        y_label: "Cooling power [MW]",
    };
    let group = PointGroup {
        label: "One step",
        x: &rec.outdoor_temp_c,
        y: &cooling_mw,
    };
    written.extend(scatter(dir, "cooling_vs_outdoor", &text, &[group])?);

    let m = config.grid.zone.mix_pct;
    let source_l_per_kwh = dctwin_grid::generation_water_l_per_kwh(m.coal, m.gas, m.oil, m.nuclear);
    if rec.water_l.iter().any(|&w| w > 0.0) || source_l_per_kwh > 0.0 {
        let (mut onsite, mut offsite) = (months.zeros(), months.zeros());
        for (k, &month) in months.of_step.iter().enumerate() {
            onsite[month] += rec.water_l[k] / 1_000.0;
            offsite[month] += rec.grid_import_kw[k] * step_h * source_l_per_kwh / 1_000.0;
        }
        let text = ChartText {
            title: "Water per month",
            subtitle,
            x_label: "Month",
            y_label: "Water [m³]",
        };
        let series = [
            Series {
                label: "On site (cooling towers)",
                values: &onsite,
            },
            Series {
                label: "At the power plants (grid mix)",
                values: &offsite,
            },
        ];
        written.extend(stacked_bars(dir, "monthly_water", &text, &months.labels, &series)?);
    }
    Ok(written)
}

/// Supply charts: a summer and a winter week of load against supply by source (with the
/// battery's state of charge), and energy by source per month.
fn supply_charts(
    dir: &Path,
    loaded: &Loaded,
    rec: &Recorder,
    subtitle: &str,
    months: &Months,
) -> anyhow::Result<Vec<PathBuf>> {
    let config = &loaded.config;
    let mut written = Vec::new();
    let step_h = config.step_s as f64 / 3_600.0;
    let per_day = (86_400 / config.step_s).max(1) as usize;
    let week = 7 * per_day;
    let southern = config.site.latitude_deg < 0.0;
    // The weeks starting on the 1st of July and of January (swapped south of the equator).
    for (label, month) in [
        ("summer", if southern { 1 } else { 7 }),
        ("winter", if southern { 7 } else { 1 }),
    ] {
        let Some(first) = rec.time_utc_ms.iter().position(|&t| {
            let u = UtcTime(t / 1_000);
            u.month() == month && u.date().2 == 1 && u.second_of_day() == 0
        }) else {
            continue;
        };
        let end = (first + week).min(rec.time_utc_ms.len());
        if end - first < 2 {
            continue;
        }
        let mw = |v: &[f64]| v[first..end].iter().map(|kw| kw / 1_000.0).collect::<Vec<f64>>();
        let onsite_used = mw(&rec.onsite_used_kw);
        let discharge = mw(&rec.battery_discharge_kw);
        // Grid import serving the facility (import minus what went into the battery).
        let grid: Vec<f64> = (first..end)
            .map(|k| {
                let from_grid_to_battery =
                    (rec.battery_charge_kw[k] - (rec.solar_kw[k] + rec.wind_kw[k] - rec.onsite_used_kw[k])).max(0.0);
                (rec.grid_import_kw[k] - from_grid_to_battery).max(0.0) / 1_000.0
            })
            .collect();
        let load = mw(&rec.facility_power_kw);
        let x: Vec<f64> = (0..end - first).map(|i| i as f64 * step_h / 24.0).collect();
        let title = format!("A {label} week: facility load and what supplies it");
        let text = ChartText {
            title: &title,
            subtitle,
            x_label: "Day of the week",
            y_label: "Power [MW]",
        };
        let series = [
            Series {
                label: "On-site solar and wind",
                values: &onsite_used,
            },
            Series {
                label: "Battery discharge",
                values: &discharge,
            },
            Series {
                label: "Grid",
                values: &grid,
            },
        ];
        written.extend(stacked_area(
            dir,
            &format!("supply_{label}_week"),
            &text,
            &x,
            &series,
            Some(Series {
                label: "Facility load",
                values: &load,
            }),
        )?);
        if config.supply.battery.is_some() {
            let soc: Vec<f64> = rec.battery_soc_frac[first..end].iter().map(|f| 100.0 * f).collect();
            let ci: Vec<f64> = rec.grid_ci_g_per_kwh[first..end].iter().map(|g| g / 10.0).collect();
            let title = format!("A {label} week: battery state of charge");
            let text = ChartText {
                title: &title,
                subtitle,
                x_label: "Day of the week",
                y_label: "State of charge [%] · grid intensity [10 g/kWh]",
            };
            written.extend(line_chart(
                dir,
                &format!("battery_{label}_week"),
                &text,
                &x,
                &[
                    Series {
                        label: "State of charge [%]",
                        values: &soc,
                    },
                    Series {
                        label: "Grid intensity [10 gCO2e/kWh]",
                        values: &ci,
                    },
                ],
            )?);
        }
    }
    // Energy by source per month.
    let onsite = months.energy_mwh(&rec.onsite_used_kw, step_h);
    let battery = months.energy_mwh(&rec.battery_discharge_kw, step_h);
    let (mut grid, mut ppa) = (months.zeros(), months.zeros());
    for (k, &month) in months.of_step.iter().enumerate() {
        // Grid energy that reached the facility (not the battery), and the part of it a PPA
        // matched in the same step: the bars stack to the facility's energy.
        let surplus = (rec.solar_kw[k] + rec.wind_kw[k] - rec.onsite_used_kw[k]).max(0.0);
        let charge_from_grid = (rec.battery_charge_kw[k] - surplus).max(0.0);
        let to_facility = (rec.grid_import_kw[k] - charge_from_grid).max(0.0);
        let matched = rec.ppa_kw[k].min(to_facility);
        ppa[month] += matched * step_h / 1_000.0;
        grid[month] += (to_facility - matched) * step_h / 1_000.0;
    }
    let text = ChartText {
        title: "Facility energy by source per month",
        subtitle,
        x_label: "Month",
        y_label: "Energy [MWh]",
    };
    let series: Vec<Series> = [
        Series {
            label: "On-site renewables used",
            values: &onsite,
        },
        Series {
            label: "Battery discharge",
            values: &battery,
        },
        Series {
            label: "Grid, matched in the hour by PPAs",
            values: &ppa,
        },
        Series {
            label: if config.supply.ppas.is_empty() {
                "Grid"
            } else {
                "Grid, unmatched"
            },
            values: &grid,
        },
    ]
    .into_iter()
    .filter(|s| s.values.iter().any(|v| *v > 0.0))
    .collect();
    written.extend(stacked_bars(
        dir,
        "monthly_energy_by_source",
        &text,
        &months.labels,
        &series,
    )?);
    Ok(written)
}

/// The run's energy flows as a Sankey diagram: grid import, on-site solar and wind (through
/// the battery or not) into the facility, on to IT, cooling, conversion losses and heat pumps,
/// and, since every kilowatt-hour drawn ends as heat, on to heat reused and heat rejected.
/// Surplus generation leaves as export or curtailment, the battery's round-trip losses (which
/// also hold any change in its stored charge over the run) as their own node. Nodes without flows are not drawn.
///
/// Node order fixes colours (the palette wraps after 8): IT, cooling, losses and heat pumps
/// land on the palette's first four colours, as in the other charts; in its column a node
/// stands in index order, which puts the heat pumps above IT, next to the heat they deliver.
fn energy_flows(
    dir: &Path,
    loaded: &Loaded,
    rec: &Recorder,
    step_h: f64,
    subtitle: &str,
) -> anyhow::Result<Vec<PathBuf>> {
    const GRID: usize = 0;
    const SOLAR: usize = 1;
    const WIND: usize = 2;
    const HEAT_PUMPS: usize = 3;
    const FACILITY: usize = 4;
    const EXPORTED: usize = 5;
    const CURTAILED: usize = 6;
    const BATTERY_LOSS: usize = 7;
    const IT: usize = 8;
    const COOLING: usize = 9;
    const LOSSES: usize = 10;
    const BATTERY: usize = 11;
    const HEAT_REUSED: usize = 12;
    const HEAT_REJECTED: usize = 13;
    let nodes = [
        FlowNode {
            label: "Grid import",
            column: 0,
        },
        FlowNode {
            label: "On-site solar",
            column: 0,
        },
        FlowNode {
            label: "On-site wind",
            column: 0,
        },
        FlowNode {
            label: "Heat pumps",
            column: 3,
        },
        FlowNode {
            label: "Facility",
            column: 2,
        },
        FlowNode {
            label: "Exported",
            column: 2,
        },
        FlowNode {
            label: "Curtailed",
            column: 2,
        },
        FlowNode {
            label: "Battery losses",
            column: 2,
        },
        FlowNode { label: "IT", column: 3 },
        FlowNode {
            label: "Cooling",
            column: 3,
        },
        FlowNode {
            label: "Conversion losses",
            column: 3,
        },
        FlowNode {
            label: "Battery",
            column: 1,
        },
        FlowNode {
            label: "Heat delivered",
            column: 4,
        },
        FlowNode {
            label: "Rejected",
            column: 4,
        },
    ];
    // Heat pumps outside the facility boundary draw from elsewhere: their work is not shown.
    let pumps_in_facility = loaded.config.heat_reuse.as_ref().is_some_and(|r| r.pump_in_facility);
    // Energy per flow [MWh], accumulated step by step; the solar/wind split of each step's
    // use follows that step's shares of on-site output.
    let mut e = [[0.0_f64; 14]; 14];
    let mwh = step_h / 1_000.0;
    for k in 0..rec.facility_power_kw.len() {
        let (solar, wind) = (rec.solar_kw[k], rec.wind_kw[k]);
        let onsite = solar + wind;
        let solar_share = if onsite > 0.0 { solar / onsite } else { 0.0 };
        let surplus = (onsite - rec.onsite_used_kw[k]).max(0.0);
        let charge_from_surplus = rec.battery_charge_kw[k].min(surplus);
        let charge_from_grid = rec.battery_charge_kw[k] - charge_from_surplus;
        for (source, share) in [(SOLAR, solar_share), (WIND, 1.0 - solar_share)] {
            if onsite > 0.0 {
                e[source][FACILITY] += rec.onsite_used_kw[k] * share * mwh;
                e[source][BATTERY] += charge_from_surplus * share * mwh;
                e[source][EXPORTED] += rec.grid_export_kw[k] * share * mwh;
                e[source][CURTAILED] += rec.curtailed_kw[k] * share * mwh;
            }
        }
        e[GRID][BATTERY] += charge_from_grid * mwh;
        e[GRID][FACILITY] += (rec.grid_import_kw[k] - charge_from_grid).max(0.0) * mwh;
        e[BATTERY][FACILITY] += rec.battery_discharge_kw[k] * mwh;
        let (it, cooling, losses) = (rec.it_power_kw[k], rec.cooling_power_kw[k], rec.power_loss_kw[k]);
        let pumps = if pumps_in_facility { rec.heat_pump_kw[k] } else { 0.0 };
        e[FACILITY][IT] += it * mwh;
        e[FACILITY][COOLING] += cooling * mwh;
        e[FACILITY][LOSSES] += losses * mwh;
        e[FACILITY][HEAT_PUMPS] += pumps * mwh;
        // The sink takes recovered IT heat and, in the boundary, the pumps' work.
        let reused = rec.heat_reused_kw[k].min(it);
        e[IT][HEAT_REUSED] += reused * mwh;
        e[IT][HEAT_REJECTED] += (it - reused) * mwh;
        e[COOLING][HEAT_REJECTED] += cooling * mwh;
        e[LOSSES][HEAT_REJECTED] += losses * mwh;
        e[HEAT_PUMPS][HEAT_REUSED] += pumps * mwh;
    }
    let battery_in = e[GRID][BATTERY] + e[SOLAR][BATTERY] + e[WIND][BATTERY];
    e[BATTERY][BATTERY_LOSS] = (battery_in - e[BATTERY][FACILITY]).max(0.0);
    // Flows below a millionth of the facility's energy are rounding, not energy.
    let floor = 1e-6 * e[FACILITY].iter().sum::<f64>();
    // Bands leave and enter nodes in this order, top to bottom, so that they cross little.
    let order = [
        GRID,
        SOLAR,
        WIND,
        BATTERY,
        FACILITY,
        EXPORTED,
        CURTAILED,
        BATTERY_LOSS,
        HEAT_PUMPS,
        IT,
        COOLING,
        LOSSES,
        HEAT_REUSED,
        HEAT_REJECTED,
    ];
    let mut flows = Vec::new();
    for &from in &order {
        for &to in &order {
            let value = e[from][to];
            if value > floor {
                flows.push(Flow { from, to, value });
            }
        }
    }
    if flows.is_empty() {
        return Ok(Vec::new());
    }
    let text = ChartText {
        title: "Where the energy goes",
        subtitle,
        x_label: "",
        y_label: "",
    };
    // Large sites in GWh: shorter labels that still fit between the columns.
    let (scale, unit) = if flows.iter().any(|f| f.value >= 10_000.0) {
        (1e-3, "GWh")
    } else {
        (1.0, "MWh")
    };
    for f in &mut flows {
        f.value *= scale;
    }
    Ok(sankey(dir, "energy_flows", &text, &nodes, &flows, unit)?)
}

/// Carbon charts: cumulative emissions, operational against embodied, and the grid's intensity
/// against the facility's load (does the load sit in clean or dirty hours?).
fn carbon_charts(
    dir: &Path,
    loaded: &Loaded,
    rec: &Recorder,
    subtitle: &str,
    bucket: usize,
    x: &[f64],
) -> anyhow::Result<Vec<PathBuf>> {
    let config = &loaded.config;
    let mut written = Vec::new();
    let total_embodied_t = crate::summary::embodied_tco2e(config);
    let steps = rec.co2_kg.len().max(1) as f64;
    let (mut operational, mut embodied) = (Vec::with_capacity(x.len()), Vec::with_capacity(x.len()));
    let mut acc = 0.0;
    for (i, chunk) in rec.co2_kg.chunks(bucket).enumerate() {
        acc += chunk.iter().sum::<f64>() / 1_000.0;
        operational.push(acc);
        embodied.push(total_embodied_t * ((i * bucket + chunk.len()) as f64 / steps));
    }
    let text = ChartText {
        title: "Cumulative emissions",
        subtitle,
        x_label: "Day of run",
        y_label: "Emissions [t CO2e]",
    };
    written.extend(stacked_area(
        dir,
        "cumulative_emissions",
        &text,
        x,
        &[
            Series {
                label: "Operational (location-based)",
                values: &operational,
            },
            Series {
                label: "Embodied (amortised)",
                values: &embodied,
            },
        ],
        None,
    )?);
    let load_mw: Vec<f64> = rec.facility_power_kw.iter().map(|kw| kw / 1_000.0).collect();
    let text = ChartText {
        title: "Grid carbon intensity against facility load",
        subtitle,
        x_label: "Grid intensity [gCO2e/kWh]",
        y_label: "Facility load [MW]",
    };
    written.extend(scatter(
        dir,
        "intensity_vs_load",
        &text,
        &[PointGroup {
            label: "One step",
            x: &rec.grid_ci_g_per_kwh,
            y: &load_mw,
        }],
    )?);
    Ok(written)
}
