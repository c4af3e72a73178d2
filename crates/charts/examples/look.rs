//! Renders every chart with realistic data for a visual check:
//! `cargo run -p dctwin-charts --example look [OUT_DIR]` (default `/tmp/charts-look`).

use std::f64::consts::TAU;
use std::path::{Path, PathBuf};

use dctwin_charts::{
    ChartError, ChartText, Flow, FlowNode, PointGroup, Series, heatmap, line_chart, sankey, scatter, stacked_area,
    stacked_bars,
};

const DAYS_PER_MONTH: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Deterministic noise in [-1, 1] (xorshift), so the example needs no RNG crate.
fn noise(state: &mut u64) -> f64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

/// 1 at 14:00 UTC, the warmest hour, down to 0 at 02:00.
fn afternoon(hour: f64) -> f64 {
    f64::midpoint(1.0, ((hour - 14.0) / 24.0 * TAU).cos())
}

fn main() -> Result<(), ChartError> {
    let out_dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("/tmp/charts-look"), PathBuf::from);
    let mut rng = 0x2545_F491_4F6C_DD1D_u64;

    let day: Vec<f64> = (0..365).map(f64::from).collect();
    // 0 in late January, 1 in late July.
    let summer: Vec<f64> = day
        .iter()
        .map(|d| (1.0 - ((d - 20.0) / 365.0 * TAU).cos()) / 2.0)
        .collect();
    let it_mw: Vec<f64> = day
        .iter()
        .map(|d| 7.05 + 0.4 * d / 365.0 + 0.08 * noise(&mut rng))
        .collect();
    let cooling_mw: Vec<f64> = summer
        .iter()
        .map(|s| 0.55 + 1.35 * s + 0.08 * noise(&mut rng))
        .collect();
    let losses_mw: Vec<f64> = it_mw
        .iter()
        .zip(&cooling_mw)
        .map(|(it, c)| 0.04 * (it + c) + 0.05)
        .collect();
    let peak_mw: Vec<f64> = (0..365)
        .map(|i| it_mw[i] + cooling_mw[i] + losses_mw[i] + 0.9 + 0.4 * summer[i] + 0.15 * noise(&mut rng))
        .collect();

    let text = ChartText {
        title: "Facility power by component, 2024",
        subtitle: "Daily means · Frankfurt campus · 8 MW IT · air cooling with economiser",
        x_label: "Day of year",
        y_label: "Power [MW]",
    };
    let series = [
        Series {
            label: "IT",
            values: &it_mw,
        },
        Series {
            label: "Cooling",
            values: &cooling_mw,
        },
        Series {
            label: "Electrical losses",
            values: &losses_mw,
        },
    ];
    let overlay = Series {
        label: "Daily peak (facility)",
        values: &peak_mw,
    };
    for path in stacked_area(&out_dir, "facility-power", &text, &day, &series, Some(overlay))? {
        println!("{}", path.display());
    }

    let monthly = |daily_mw: &[f64]| -> Vec<f64> {
        let mut start = 0;
        DAYS_PER_MONTH
            .iter()
            .map(|&days| {
                let mwh = daily_mw[start..start + days].iter().sum::<f64>() * 24.0;
                start += days;
                mwh
            })
            .collect()
    };
    let (it_mwh, cooling_mwh, losses_mwh) = (monthly(&it_mw), monthly(&cooling_mw), monthly(&losses_mw));
    let categories: Vec<String> = MONTHS.map(String::from).to_vec();
    let text = ChartText {
        title: "Monthly energy by component, 2024",
        subtitle: "Frankfurt campus · 8 MW IT · air cooling with economiser",
        x_label: "Month",
        y_label: "Energy [MWh]",
    };
    let series = [
        Series {
            label: "IT",
            values: &it_mwh,
        },
        Series {
            label: "Cooling",
            values: &cooling_mwh,
        },
        Series {
            label: "Electrical losses",
            values: &losses_mwh,
        },
    ];
    for path in stacked_bars(&out_dir, "monthly-energy", &text, &categories, &series)? {
        println!("{}", path.display());
    }
    energy_per_token(&out_dir, &summer)?;
    pue_heatmap(&out_dir)?;
    cooling_scatter(&out_dir)?;
    energy_flows(&out_dir)?;
    edge_cases(&out_dir)?;
    more_edge_cases(&out_dir)?;
    sankey_edge_cases(&out_dir)
}

/// Two models' daily energy per token, one with days it was not served (NaN).
fn energy_per_token(out_dir: &Path, summer: &[f64]) -> Result<(), ChartError> {
    let mut rng = 11_u64;
    let day: Vec<f64> = (0..365).map(f64::from).collect();
    // Fuller batches at weekday peaks lower the energy per token; cooling in summer raises it.
    let weekday = |d: f64| if (d as usize) % 7 < 5 { 1.0 } else { 0.0 };
    let big: Vec<f64> = day
        .iter()
        .map(|&d| 1.55 - 0.25 * weekday(d) + 0.3 * summer[d as usize] - 0.25 * d / 365.0 + 0.06 * noise(&mut rng))
        .collect();
    let small: Vec<f64> = day
        .iter()
        .map(|&d| {
            let served = !(120.0..135.0).contains(&d) && d != 200.0 && d != 202.0 && d != 300.0;
            if served {
                0.38 - 0.08 * weekday(d) + 0.08 * summer[d as usize] + 0.03 * noise(&mut rng)
            } else {
                f64::NAN
            }
        })
        .collect();
    let text = ChartText {
        title: "Energy per generated token, 2024",
        subtitle: "Daily means of facility energy · H200 inference fleet · gaps: model not served",
        x_label: "Day of year",
        y_label: "Energy per token [J]",
    };
    let series = [
        Series {
            label: "Llama 3 70B",
            values: &big,
        },
        Series {
            label: "Llama 3 8B",
            values: &small,
        },
    ];
    for path in line_chart(out_dir, "energy-per-token", &text, &day, &series)? {
        println!("{}", path.display());
    }
    Ok(())
}

/// PUE for every hour of the year: high on summer afternoons, low on winter nights, with a
/// two-day metering outage.
fn pue_heatmap(out_dir: &Path) -> Result<(), ChartError> {
    let (hours, days) = (24, 365);
    let mut rng = 5_u64;
    let mut pue = vec![0.0; hours * days];
    for hour in 0..hours {
        for day in 0..days {
            let summer = (1.0 - ((day as f64 - 20.0) / 365.0 * TAU).cos()) / 2.0;
            let afternoon = afternoon(hour as f64);
            let value = 1.12 + 0.22 * summer + 0.12 * summer * afternoon + 0.02 * afternoon + 0.015 * noise(&mut rng);
            let outage = (150..152).contains(&day) || (day == 152 && hour < 9);
            pue[hour * days + day] = if outage { f64::NAN } else { value.clamp(1.1, 1.5) };
        }
    }
    let text = ChartText {
        title: "Hourly PUE, 2024",
        subtitle: "Frankfurt campus · 8 MW IT · air cooling with economiser",
        x_label: "Day of year",
        y_label: "Hour of day (UTC)",
    };
    for path in heatmap(
        out_dir,
        "pue-heatmap",
        &text,
        hours,
        days,
        &pue,
        (0.0, 365.0),
        (0.0, 24.0),
        "PUE [-]",
    )? {
        println!("{}", path.display());
    }
    Ok(())
}

/// Cooling power against outdoor temperature every 15 minutes (35,040 points per hall): the
/// air-cooled hall runs on its economiser below 11 °C and brings its chillers in up to 17 °C;
/// the liquid-cooled hall rejects heat through dry coolers and trims with chillers from 26 °C.
fn cooling_scatter(out_dir: &Path) -> Result<(), ChartError> {
    let mut rng = 3_u64;
    let steps = 365 * 96;
    let mut temp_c = Vec::with_capacity(steps);
    let (mut air_mw, mut liquid_mw) = (Vec::with_capacity(steps), Vec::with_capacity(steps));
    for step in 0..steps {
        let day = step as f64 / 96.0;
        let summer = (1.0 - ((day - 20.0) / 365.0 * TAU).cos()) / 2.0;
        let afternoon = afternoon(day.fract() * 24.0);
        let t = -2.0 + 22.0 * summer + 9.0 * afternoon + 4.0 * noise(&mut rng) + 3.0 * (day / 9.0).sin();
        // The IT load, and with it the heat to remove, varies by ±10 %.
        let load = 1.0 + 0.1 * noise(&mut rng);
        // Fraction of the heat the chillers remove: 0 below 11 °C, 1 above 17 °C.
        let chiller = ((t - 11.0) / 6.0).clamp(0.0, 1.0);
        air_mw.push(load * (0.55 + 0.01 * t.max(0.0) + 1.3 * chiller + 0.04 * (t - 17.0).max(0.0)));
        let trim = ((t - 26.0) / 6.0).clamp(0.0, 1.0);
        liquid_mw.push(load * (0.3 + 0.008 * t.max(0.0) + 0.5 * trim));
        temp_c.push(t);
    }
    let text = ChartText {
        title: "Cooling power against outdoor temperature, 2024",
        subtitle: "15-minute means · 35,040 per hall · Frankfurt campus",
        x_label: "Outdoor dry-bulb temperature [°C]",
        y_label: "Cooling power [MW]",
    };
    let groups = [
        PointGroup {
            label: "Hall A (air, economiser)",
            x: &temp_c,
            y: &air_mw,
        },
        PointGroup {
            label: "Hall B (liquid, dry coolers)",
            x: &temp_c,
            y: &liquid_mw,
        },
    ];
    for path in scatter(out_dir, "cooling-vs-temperature", &text, &groups)? {
        println!("{}", path.display());
    }

    // One season per group: 8,760 points each, drawn as 5,000.
    let quarter = steps / 4;
    let labels = ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"];
    let groups: Vec<PointGroup> = labels
        .iter()
        .enumerate()
        .map(|(q, label)| PointGroup {
            label,
            x: &temp_c[q * quarter..(q + 1) * quarter],
            y: &air_mw[q * quarter..(q + 1) * quarter],
        })
        .collect();
    let text = ChartText {
        title: "Hall A cooling power by season",
        subtitle: "15-minute means · 8,760 per season, 5,000 of each drawn",
        ..text
    };
    scatter(out_dir, "edge-scatter-seasons", &text, &groups)?;
    Ok(())
}

/// Awkward inputs, to check that nothing overlaps or is clipped: all zeros, 52 weekly bars
/// with long category names, eight series with a very long label, tiny values, no subtitle,
/// and tick labels in the millions.
fn edge_cases(out_dir: &Path) -> Result<(), ChartError> {
    let zeros = [0.0; 3];
    let text = ChartText {
        title: "All zero",
        subtitle: "",
        x_label: "Hour",
        y_label: "Power [kW]",
    };
    let idle = [Series {
        label: "Idle",
        values: &zeros,
    }];
    stacked_area(out_dir, "edge-zero", &text, &[0.0, 1.0, 2.0], &idle, None)?;

    let weeks: Vec<String> = (1..=52).map(|w| format!("Week {w}")).collect();
    let mut rng = 7_u64;
    let values: Vec<Vec<f64>> = (0..8)
        .map(|k| {
            (0..52)
                .map(|_| 0.001 * f64::from(k + 1) * (1.2 + noise(&mut rng)))
                .collect()
        })
        .collect();
    let labels = [
        "IT (GPU servers, training cluster in hall A and hall B)",
        "Chillers",
        "Pumps",
        "Fans",
        "UPS losses",
        "Lighting",
        "Offices",
        "Other",
    ];
    let series: Vec<Series> = labels
        .iter()
        .zip(&values)
        .map(|(label, values)| Series { label, values })
        .collect();
    let text = ChartText {
        title: "Weekly water use by consumer, a deliberately long title to see how it is handled when space runs out on the slide",
        subtitle: "",
        x_label: "Week",
        y_label: "Water [m³]",
    };
    stacked_bars(out_dir, "edge-weeks", &text, &weeks, &series)?;

    // Wide tick labels on x: fewer ticks rather than overlapping ones.
    let seconds: Vec<f64> = (0..=100).map(|i| f64::from(i) * 31_536.0).collect();
    let heat: Vec<f64> = seconds.iter().map(|s| 250_000.0 + 50_000.0 * (s / 5e5).sin()).collect();
    let text = ChartText {
        title: "Heat recovered",
        subtitle: "Wide tick labels on both axes",
        x_label: "Time [s]",
        y_label: "Heat [kW]",
    };
    let series = [Series {
        label: "Heat pump",
        values: &heat,
    }];
    stacked_area(out_dir, "edge-wide-x", &text, &seconds, &series, None)?;
    Ok(())
}

/// Awkward inputs for the line chart, heat map and scatter: negative values, a lone point
/// between gaps, a constant heat map, a small grid, and points at one spot.
fn more_edge_cases(out_dir: &Path) -> Result<(), ChartError> {
    let hour: Vec<f64> = (0..48).map(f64::from).collect();
    let net: Vec<f64> = hour
        .iter()
        .map(|h| 2.0 - 6.0 * (((h % 24.0) - 6.0) / 12.0 * TAU / 2.0).sin().max(0.0))
        .collect();
    let gappy: Vec<f64> = hour
        .iter()
        .map(|&h| {
            if (10.0..20.0).contains(&h) && h != 15.0 {
                f64::NAN
            } else {
                -1.0 + 0.05 * h
            }
        })
        .collect();
    let text = ChartText {
        title: "Net grid import",
        subtitle: "Negative values: export from PV at midday",
        x_label: "Hour of run",
        y_label: "Grid import [MW]",
    };
    let series = [
        Series {
            label: "Net import",
            values: &net,
        },
        Series {
            label: "Battery (lone point at 15 h)",
            values: &gappy,
        },
    ];
    line_chart(out_dir, "edge-lines-negative", &text, &hour, &series)?;

    let text = ChartText {
        title: "Constant heat map",
        subtitle: "",
        x_label: "Weekday",
        y_label: "Hour of day (UTC)",
    };
    heatmap(
        out_dir,
        "edge-heatmap-constant",
        &text,
        24,
        7,
        &[1.25; 24 * 7],
        (0.0, 7.0),
        (0.0, 24.0),
        "Water usage effectiveness, site and source [L/kWh]",
    )?;

    let values: Vec<f64> = (0..12).map(|i| -40.0 + 13.0 * f64::from(i)).collect();
    let text = ChartText {
        title: "Small grid, negative values",
        subtitle: "3 × 4 cells",
        x_label: "Column [-]",
        y_label: "Row [-]",
    };
    heatmap(
        out_dir,
        "edge-heatmap-small",
        &text,
        3,
        4,
        &values,
        (-2.0, 2.0),
        (0.0, 3.0),
        "Δ temperature [K]",
    )?;

    let text = ChartText {
        title: "Scatter with negative values and a single point",
        subtitle: "",
        x_label: "Supply temperature change [K]",
        y_label: "Heat recovered [kW]",
    };
    let x: Vec<f64> = (0..200).map(|i| -5.0 + 0.05 * f64::from(i)).collect();
    let y: Vec<f64> = x.iter().map(|t| -120_000.0 + 40_000.0 * t).collect();
    let groups = [
        PointGroup {
            label: "Heat pump A",
            x: &x,
            y: &y,
        },
        PointGroup {
            label: "Heat pump B",
            x: &[2.0],
            y: &[-50_000.0],
        },
    ];
    scatter(out_dir, "edge-scatter-negative", &text, &groups)?;
    Ok(())
}

/// A year's energy flows: supply into the facility, on to its consumers, on to heat. The
/// short one first (grid and solar, heat from IT only), then the full one with wind, the
/// battery and heat pumps.
fn energy_flows(out_dir: &Path) -> Result<(), ChartError> {
    let node = |label, column| FlowNode { label, column };
    let flow = |from, to, value| Flow { from, to, value };
    let nodes = [
        node("Grid import", 0),
        node("On-site solar", 0),
        node("Facility", 1),
        node("IT", 2),
        node("Cooling", 2),
        node("Conversion losses", 2),
        node("Heat reused", 3),
        node("Heat rejected", 3),
    ];
    let flows = [
        flow(0, 2, 80_000.0),
        flow(1, 2, 20_000.0),
        flow(2, 3, 84_000.0),
        flow(2, 4, 10_000.0),
        flow(2, 5, 6_000.0),
        flow(3, 6, 60_000.0),
        flow(3, 7, 24_000.0),
        flow(4, 7, 10_000.0),
        flow(5, 7, 6_000.0),
    ];
    let text = ChartText {
        title: "Annual energy flows, 2024",
        subtitle: "Frankfurt campus · 10 MW IT · district heating connection",
        x_label: "",
        y_label: "",
    };
    for path in sankey(out_dir, "energy-flows", &text, &nodes, &flows, "MWh")? {
        println!("{}", path.display());
    }

    // Heat pumps lift 18,000 MWh of IT heat with 6,000 MWh of electricity (COP 4); the
    // battery was charged from the grid, so its discharge is part of the grid import's story.
    let nodes = [
        node("Grid import", 0),
        node("On-site solar", 0),
        node("On-site wind", 0),
        node("Battery discharge", 0),
        node("Facility", 1),
        node("IT", 2),
        node("Cooling", 2),
        node("Conversion losses", 2),
        node("Heat pumps", 2),
        node("Heat reused", 3),
        node("Heat rejected", 3),
    ];
    let flows = [
        flow(0, 4, 61_200.0),
        flow(1, 4, 9_400.0),
        flow(2, 4, 14_100.0),
        flow(3, 4, 1_850.0),
        flow(4, 5, 72_000.0),
        flow(4, 6, 5_900.0),
        flow(4, 7, 2_650.0),
        flow(4, 8, 6_000.0),
        flow(5, 9, 18_000.0),
        flow(5, 10, 54_000.0),
        flow(8, 9, 6_000.0),
        flow(6, 10, 5_900.0),
        flow(7, 10, 2_650.0),
    ];
    let text = ChartText {
        title: "Annual energy flows with heat recovery, 2024",
        subtitle: "Frankfurt campus · 10 MW IT · PV, wind PPA on site, battery, heat pumps to district heating",
        ..text
    };
    for path in sankey(out_dir, "energy-flows-full", &text, &nodes, &flows, "MWh")? {
        println!("{}", path.display());
    }
    Ok(())
}

/// Awkward Sankey inputs: long labels, many small nodes in a column, a flow that skips a
/// column, zero flows, and small values with decimals.
fn sankey_edge_cases(out_dir: &Path) -> Result<(), ChartError> {
    let racks: Vec<String> = (1..=14).map(|i| format!("Row {i:02}")).collect();
    let mut nodes: Vec<FlowNode> = vec![
        FlowNode {
            label: "Utility feed A via the 110 kV substation north of the campus",
            column: 0,
        },
        FlowNode {
            label: "Utility feed B",
            column: 0,
        },
        FlowNode {
            label: "Diesel generators (test runs)",
            column: 0,
        },
        FlowNode {
            label: "Main switchboard",
            column: 1,
        },
    ];
    nodes.extend(racks.iter().map(|label| FlowNode { label, column: 2 }));
    nodes.push(FlowNode {
        label: "Heat to the atmosphere through dry coolers and cooling towers",
        column: 3,
    });
    let heat = nodes.len() - 1;
    let mut flows = vec![
        Flow {
            from: 0,
            to: 3,
            value: 3.6,
        },
        Flow {
            from: 1,
            to: 3,
            value: 2.438,
        },
        Flow {
            from: 2,
            to: 3,
            value: 0.012,
        },
        // Skips the rows, straight to heat: transformer and UPS losses.
        Flow {
            from: 3,
            to: heat,
            value: 0.3,
        },
    ];
    for i in 0..racks.len() {
        let value = if i == 6 { 0.0 } else { 0.25 + 0.1 * (i as f64 % 5.0) };
        flows.push(Flow {
            from: 3,
            to: 4 + i,
            value,
        });
        flows.push(Flow {
            from: 4 + i,
            to: heat,
            value,
        });
    }
    let text = ChartText {
        title: "Power distribution by row, one day in July",
        subtitle: "Long labels, 13 rows drawn (one idle row left out), losses skip a column",
        x_label: "",
        y_label: "",
    };
    sankey(out_dir, "edge-sankey", &text, &nodes, &flows, "MWh")?;
    Ok(())
}
