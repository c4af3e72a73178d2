//! Renders both charts with realistic data for a visual check:
//! `cargo run -p dctwin-charts --example look [OUT_DIR]` (default `/tmp/charts-look`).

use std::f64::consts::TAU;
use std::path::{Path, PathBuf};

use dctwin_charts::{ChartError, ChartText, Series, stacked_area, stacked_bars};

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
    edge_cases(&out_dir)
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
