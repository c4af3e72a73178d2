//! Fitting a saturating power curve to measured (utilization, power) samples: telemetry in,
//! calibrated twin out.

use crate::SaturatingCurve;

/// The result of a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedPower {
    /// Power at zero delivered throughput [W].
    pub idle_w: f64,
    /// Power at full delivered throughput [W].
    pub full_load_w: f64,
    /// The fitted curve shape.
    pub curve: SaturatingCurve,
    /// Root-mean-square error over all samples [W].
    pub rmse_w: f64,
    /// Number of samples used.
    pub samples: usize,
}

/// Why a fit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// Fewer than two distinct utilization levels.
    #[error(
        "the samples cover {levels} distinct utilization level(s); a curve needs at least 3 (e.g. idle, part load, full load)"
    )]
    TooFewLevels {
        /// Levels found.
        levels: usize,
    },
    /// A sample is not finite or outside its range.
    #[error(
        "sample {index}: utilization {utilization} must be within 0..=1.2 and power {power_w} W within 0..=100,000 W"
    )]
    BadSample {
        /// Zero-based sample index.
        index: usize,
        /// Its utilization.
        utilization: f64,
        /// Its power.
        power_w: f64,
    },
    /// The best curve through the samples is not a power curve: its idle power is negative,
    /// or its power does not rise with utilization.
    #[error("the samples do not give a power curve: {why}")]
    NotACurve {
        /// What is wrong with the fitted curve.
        why: String,
    },
}

/// Largest power accepted in a sample [W]: above any accelerator or server (an NVL72 rack
/// draws about 120 kW, a single GPU at most a few kW); larger values are a unit mistake.
const MAX_SAMPLE_POWER_W: f64 = 100_000.0;

/// Utilization resolution of the fit: samples are pooled into levels this wide, so the cost
/// does not grow with the number of samples (50 ms telemetry over an hour is 72,000 rows).
const LEVEL_WIDTH: f64 = 1e-3;

/// Fits `P(u) = idle + (full − idle) × s(u)` to `(utilization_frac, power_w)` samples by
/// least squares, with `s` the [`SaturatingCurve`].
///
/// Method: for a given shape `(u_sat, sharpness)` the model is linear in `idle` and
/// `full − idle`, which weighted linear least squares solves exactly; the shape is found by a
/// grid search refined three times around the best point (deterministic, no starting guess).
/// Samples are pooled by utilization level (0.001 wide) and weighted by count, which leaves
/// the least-squares optimum unchanged.
pub fn fit_saturating_curve(samples: &[(f64, f64)]) -> Result<FittedPower, FitError> {
    let mut levels: std::collections::BTreeMap<i64, (f64, f64, f64, f64)> = std::collections::BTreeMap::new();
    for (index, &(u, p)) in samples.iter().enumerate() {
        if !(u.is_finite() && p.is_finite() && (0.0..=1.2).contains(&u) && (0.0..=MAX_SAMPLE_POWER_W).contains(&p)) {
            return Err(FitError::BadSample {
                index,
                utilization: u,
                power_w: p,
            });
        }
        let e = levels
            .entry((u / LEVEL_WIDTH).round() as i64)
            .or_insert((0.0, 0.0, 0.0, 0.0));
        e.0 += 1.0;
        e.1 += u;
        e.2 += p;
        e.3 += p * p;
    }
    if levels.len() < 3 {
        return Err(FitError::TooFewLevels { levels: levels.len() });
    }
    // (weight, mean utilization, mean power); the within-level scatter adds a constant to the
    // squared error, kept to report the RMSE over all samples.
    let pooled: Vec<(f64, f64, f64)> = levels.values().map(|&(n, su, sp, _)| (n, su / n, sp / n)).collect();
    let within: f64 = levels.values().map(|&(n, _, sp, spp)| spp - sp * sp / n).sum();

    let evaluate = |curve: SaturatingCurve| -> (f64, f64, f64) {
        // Weighted least squares of p = a + b·s.
        let (mut sw, mut ss, mut sp, mut sss, mut ssp) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(w, u, p) in &pooled {
            let s = curve.load_frac(u);
            sw += w;
            ss += w * s;
            sp += w * p;
            sss += w * s * s;
            ssp += w * s * p;
        }
        let det = sw * sss - ss * ss;
        let (a, b) = if det.abs() < 1e-12 {
            (sp / sw, 0.0)
        } else {
            ((sss * sp - ss * ssp) / det, (sw * ssp - ss * sp) / det)
        };
        let b = b.max(0.0);
        let sse: f64 = pooled
            .iter()
            .map(|&(w, u, p)| w * (p - a - b * curve.load_frac(u)).powi(2))
            .sum();
        (sse, a, b)
    };

    let (mut best_u, mut best_n) = (1.0, 4.0);
    let mut best = f64::INFINITY;
    let (mut u_lo, mut u_hi, mut n_lo, mut n_hi) = (0.2_f64, 2.0_f64, 0.5_f64.ln(), 40.0_f64.ln());
    for _round in 0..4 {
        const STEPS: usize = 40;
        for i in 0..=STEPS {
            let u_sat = u_lo + (u_hi - u_lo) * i as f64 / STEPS as f64;
            for j in 0..=STEPS {
                let sharpness = (n_lo + (n_hi - n_lo) * j as f64 / STEPS as f64).exp();
                let (sse, _, _) = evaluate(SaturatingCurve { u_sat, sharpness });
                if sse < best {
                    best = sse;
                    best_u = u_sat;
                    best_n = sharpness;
                }
            }
        }
        let du = (u_hi - u_lo) / 10.0;
        let dn = (n_hi - n_lo) / 10.0;
        (u_lo, u_hi) = ((best_u - du).max(0.05), best_u + du);
        (n_lo, n_hi) = (best_n.ln() - dn, best_n.ln() + dn);
    }
    let curve = SaturatingCurve {
        u_sat: best_u,
        sharpness: best_n,
    };
    let (sse, idle_w, span_w) = evaluate(curve);
    let n = samples.len() as f64;
    let rmse_w = ((sse + within).max(0.0) / n).sqrt();
    let not_a_curve = |why: String| Err(FitError::NotACurve { why });
    if !(idle_w.is_finite() && span_w.is_finite() && rmse_w.is_finite()) {
        return not_a_curve(format!("the fit is not finite (idle {idle_w} W, span {span_w} W)"));
    }
    if idle_w < 0.0 {
        return not_a_curve(format!(
            "its idle power would be {idle_w:.1} W; check that the low-utilization samples are not missing or mislabelled"
        ));
    }
    // The span is clamped at zero above: a zero span means power falls (or stays flat) as
    // utilization rises, which no accelerator does.
    if span_w <= 1e-9 * idle_w.max(1.0) {
        return not_a_curve(
            "power does not rise with utilization; check the utilization column (0-1, share of peak throughput) and its order"
                .into(),
        );
    }
    Ok(FittedPower {
        idle_w,
        full_load_w: idle_w + span_w,
        curve,
        rmse_w,
        samples: samples.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_that_give_no_power_curve_are_refused_with_the_reason() {
        // Falling with utilization (columns swapped, or a reversed scale).
        let falling: Vec<(f64, f64)> = (0..=10)
            .map(|k| (f64::from(k) / 10.0, 700.0 - 50.0 * f64::from(k)))
            .collect();
        let e = fit_saturating_curve(&falling).unwrap_err();
        assert!(matches!(e, FitError::NotACurve { .. }), "{e}");
        assert!(e.to_string().contains("does not rise"), "{e}");
        // Near zero at idle, steep above: the least-squares line through a saturating shape
        // would start below zero.
        let negative: Vec<(f64, f64)> = [(0.0, 0.0), (0.05, 0.0), (0.1, 0.0), (0.5, 900.0), (1.0, 1_000.0)]
            .into_iter()
            .collect();
        match fit_saturating_curve(&negative) {
            Ok(f) => assert!(f.idle_w >= 0.0 && f.full_load_w > f.idle_w, "{f:?}"),
            Err(e) => assert!(matches!(e, FitError::NotACurve { .. }), "{e}"),
        }
        // A unit mistake (mW for W) is refused sample by sample.
        let e = fit_saturating_curve(&[(0.0, 1e308), (0.5, 1e308), (1.0, 1e308)]).unwrap_err();
        assert!(matches!(e, FitError::BadSample { index: 0, .. }), "{e}");
    }
}
