//! Single-axis trackers with backtracking, bifacial gain and the other plant settings against
//! pvlib 0.16.1 at Phoenix (`tests/reference/pvlib_pvwatts_phoenix_tracker.csv` at the
//! repository root, written by `tests/reference/pvlib_pvwatts_year.py`; its header describes
//! both systems).
//!
//! Tolerances as `pvlib_madrid.rs`: the NOAA sun differs from pvlib's SPA by ≤ 0.02°, which a
//! backtracking tracker amplifies near sunrise and sunset (there the rotation changes fast with
//! the sun), so angles are compared with the sun more than 5° up.

use dctwin_core::{UtcTime, parse_utc};
use dctwin_solar::{
    PvArray, SAPM_CLOSE_MOUNT_GLASS_GLASS, SAPM_OPEN_RACK_GLASS_POLYMER, SingleAxisTracker, Sky,
    pressure_from_altitude_pa, single_axis_angles, solar_position_at,
};

const LAT: f64 = 33.43;
const LON: f64 = -112.00;
const ALT_M: f64 = 337.0;
/// The catalog's Phoenix Linke turbidity (the fixture's header shows pvlib's is the same).
const PHOENIX_LINKE: [f64; 12] = [2.20, 2.40, 2.80, 3.10, 3.35, 3.30, 3.40, 3.65, 3.20, 3.00, 2.90, 2.55];
const FIXTURE: &str = include_str!("../../../tests/reference/pvlib_pvwatts_phoenix_tracker.csv");

/// The fixture's tracker system.
fn tracker_array() -> PvArray {
    PvArray {
        tracker: Some(SingleAxisTracker::PVWATTS),
        bifacial_gain_frac: 0.05,
        gamma_per_c: -0.003_7,
        system_losses_frac: 0.10,
        inverter_eta_nominal: 0.97,
        dc_ac_ratio: 1.3,
        temperature: SAPM_OPEN_RACK_GLASS_POLYMER,
        ..PvArray::new(1_000.0, 0.0, 180.0)
    }
}

/// The fixture's fixed system (header totals only).
fn fixed_array() -> PvArray {
    PvArray {
        temperature: SAPM_CLOSE_MOUNT_GLASS_GLASS,
        dc_ac_ratio: 1.0,
        ..PvArray::new(1_000.0, 20.0, 180.0)
    }
}

/// A `# LABEL [...]: [a, b, …]` or `# LABEL: x` header value.
fn header_numbers(label: &str) -> Vec<f64> {
    let line = FIXTURE
        .lines()
        .find(|l| l.starts_with(&format!("# {label}")))
        .unwrap_or_else(|| panic!("no `{label}` in the fixture header"));
    let value = line.rsplit_once(": ").expect("a value").1;
    value
        .trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|x| x.trim().parse().expect("a number"))
        .collect()
}

/// AC output at every hourly instant of 2023, by month [MWh].
fn monthly_mwh(array: &PvArray) -> [f64; 12] {
    let start = UtcTime::from_civil(2023, 1, 1, 0, 0, 0).0;
    let mut months = [0.0; 12];
    for s in (start..start + 8_760 * 3_600).step_by(3_600) {
        let t = UtcTime(s);
        let out = array.ac_kw(t, LAT, LON, ALT_M, &PHOENIX_LINKE, Sky::Clear, 20.0, 1.0, 0.0);
        months[t.month() as usize - 1] += out.ac_kw / 1_000.0;
    }
    months
}

#[test]
fn every_fixture_row_matches_pvlib() {
    let array = tracker_array();
    let pressure_pa = pressure_from_altitude_pa(ALT_M);
    let mut rows = 0;
    let (mut worst_theta, mut worst_poa, mut worst_ac) = (0.0_f64, 0.0_f64, 0.0_f64);
    for line in FIXTURE.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let n = |i: usize| -> f64 { f[i].parse().unwrap_or_else(|_| panic!("column {i} of {line}")) };
        let time = parse_utc(f[0]).expect("time");
        rows += 1;
        let sun = solar_position_at(time, LAT, LON, pressure_pa, 20.0);
        if n(1) < 85.0 {
            let ours = single_axis_angles(sun.apparent_zenith_deg, sun.azimuth_deg, &SingleAxisTracker::PVWATTS)
                .expect("sun up");
            worst_theta = worst_theta.max((ours.theta_deg - n(3)).abs());
            assert!((ours.surface_tilt_deg - n(4)).abs() < 0.2, "{line}: {ours:?}");
            let az = (ours.surface_azimuth_deg - n(5) + 180.0).rem_euclid(360.0) - 180.0;
            assert!(az.abs() < 1e-6, "{line}: {ours:?}");
        }
        let out = array.ac_kw(time, LAT, LON, ALT_M, &PHOENIX_LINKE, Sky::Clear, 20.0, 1.0, 0.0);
        worst_poa = worst_poa.max((out.poa_w_m2 - n(9)).abs() / (0.01 * n(9)).max(2.0));
        worst_ac = worst_ac.max((out.ac_kw - n(12)).abs() / (0.01 * n(12)).max(1.0));
    }
    eprintln!("worst tracker angle {worst_theta:.4}°, POA {worst_poa:.3} and AC {worst_ac:.3} of their limits");
    assert_eq!(rows, 1_252);
    assert!(worst_theta < 0.2, "tracker angle off by {worst_theta}°");
    assert!(
        worst_poa <= 1.0 && worst_ac <= 1.0,
        "POA {worst_poa}, AC {worst_ac} of the limit"
    );
}

#[test]
fn annual_and_monthly_energy_match_pvlib() {
    for (array, label) in [(tracker_array(), "TRACKER"), (fixed_array(), "FIXED")] {
        let ours = monthly_mwh(&array);
        let annual: f64 = ours.iter().sum();
        let theirs = header_numbers(&format!("{label} annual AC energy"))[0];
        eprintln!("{label}: {annual:.2} MWh, pvlib {theirs:.2} MWh");
        assert!((annual / theirs - 1.0).abs() < 0.001, "{label}: {annual} vs {theirs}");
        let monthly = header_numbers(&format!("{label} monthly AC energy"));
        for (m, (a, b)) in ours.iter().zip(&monthly).enumerate() {
            assert!((a / b - 1.0).abs() < 0.005, "{label} month {}: {a} vs {b}", m + 1);
        }
    }
}
