//! Fitting the power curve to the measured H200 and H100 samples (fixtures derived from
//! dctwin's calibration data, see the headers of `tests/data/*.csv`).

use dctwin_it::{H200_FIT, fit_saturating_curve, read_power_samples};

fn samples(name: &str) -> Vec<(f64, f64)> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    read_power_samples(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Mean power per utilization level of a fixture.
fn level_means(s: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut levels: std::collections::BTreeMap<i64, (f64, f64)> = std::collections::BTreeMap::new();
    for &(u, p) in s {
        let e = levels.entry((u * 1e4).round() as i64).or_default();
        e.0 += p;
        e.1 += 1.0;
    }
    levels
        .into_iter()
        .map(|(k, (sum, n))| (k as f64 / 1e4, sum / n))
        .collect()
}

/// The catalog's H200 curve is this fit: re-fitting the phase means reproduces it.
#[test]
fn h200_phase_mean_fit_is_the_shipped_curve() {
    let fit = fit_saturating_curve(&samples("h200_phase_means.csv")).unwrap();
    assert!((fit.curve.u_sat - H200_FIT.u_sat).abs() < 1e-3, "{fit:?}");
    assert!((fit.curve.sharpness - H200_FIT.sharpness).abs() < 0.01, "{fit:?}");
    assert!(
        (fit.idle_w - 119.1).abs() < 0.1 && (fit.full_load_w - 691.6).abs() < 0.1,
        "{fit:?}"
    );
}

/// Issue 3: fitting the H200 measurements reproduces the measured phase means within 5 %.
/// The phase means come from the NVML energy counter, which the calibration notes call the
/// accurate figure.
#[test]
fn h200_fit_reproduces_phase_means_within_five_percent() {
    let s = samples("h200_phase_means.csv");
    let fit = fit_saturating_curve(&s).unwrap();
    let model = |u: f64| fit.idle_w + fit.curve.load_frac(u) * (fit.full_load_w - fit.idle_w);
    for (u, mean) in level_means(&s) {
        let p = model(u);
        assert!(
            (p - mean).abs() / mean < 0.05,
            "u={u}: fit {p:.1} W vs measured {mean:.1} W ({fit:?})"
        );
    }
}

/// Fitting the raw 50 ms samples instead. 50 ms readings of a 200 ms duty cycle alias (at
/// 10 % duty their mean is 223 W against the energy counter's 184 W), yet least squares over
/// all levels averages much of that out: the raw-sample fit lands within 10 % of the
/// energy-counter means at every level (idle is the worst, +8 %: the idle samples include the
/// start-up ramp from 88 W).
#[test]
fn raw_sample_fit_lands_near_the_energy_counter_means() {
    let fit = fit_saturating_curve(&samples("h200_samples.csv")).unwrap();
    for (u, mean) in level_means(&samples("h200_phase_means.csv")) {
        let p = fit.idle_w + fit.curve.load_frac(u) * (fit.full_load_w - fit.idle_w);
        assert!(
            (p - mean).abs() / mean < 0.10,
            "u={u}: fit {p:.1} W vs counter mean {mean:.1} W ({fit:?})"
        );
    }
}

/// The same procedure on the H100 (same probe, same day) gives the H100's own curve.
#[test]
fn h100_fit_reproduces_its_phase_means() {
    let s = samples("h100_phase_means.csv");
    let fit = fit_saturating_curve(&s).unwrap();
    for (u, mean) in level_means(&s) {
        let p = fit.idle_w + fit.curve.load_frac(u) * (fit.full_load_w - fit.idle_w);
        assert!(
            (p - mean).abs() / mean < 0.08,
            "u={u}: fit {p:.1} W vs measured {mean:.1} W ({fit:?})"
        );
    }
    assert!(fit.idle_w > 130.0 && fit.idle_w < 160.0, "{fit:?}");
}

#[test]
fn fit_recovers_a_known_curve() {
    let truth = dctwin_it::SaturatingCurve {
        u_sat: 0.6,
        sharpness: 4.0,
    };
    let s: Vec<(f64, f64)> = (0..=50)
        .map(|i| f64::from(i) / 50.0)
        .map(|u| (u, 100.0 + 500.0 * truth.load_frac(u)))
        .collect();
    let fit = fit_saturating_curve(&s).unwrap();
    assert!(
        (fit.curve.u_sat - 0.6).abs() < 0.01 && (fit.curve.sharpness - 4.0).abs() < 0.2,
        "{fit:?}"
    );
    assert!(fit.rmse_w < 0.5);
    assert!(fit_saturating_curve(&s[..1]).is_err());
    assert!(fit_saturating_curve(&[(0.0, 1.0), (f64::NAN, 2.0), (1.0, 3.0)]).is_err());
}
