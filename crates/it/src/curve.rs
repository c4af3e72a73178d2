//! Accelerator power as a function of delivered throughput.

/// The normalised shape of an accelerator's power curve: a smooth saturation.
///
/// `s(u) = g(u) / g(1)`, `g(u) = x / (1 + xⁿ)^{1/n}`, `x = u / u_sat`
///
/// `g` is a smooth minimum of the straight line `u / u_sat` and 1: power rises in proportion
/// to delivered throughput until the board reaches its power limit near `u_sat`, after which
/// clocks throttle and power stays flat. `n` sets how sharply the corner turns. This is the
/// shape the H200 and H100 measurements show (dctwin's own measurement, `docs/calibration.md`): concave,
/// saturating well before full throughput.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SaturatingCurve {
    /// Throughput fraction at which power would reach the limit on the straight line [-].
    pub u_sat: f64,
    /// Sharpness of the corner `n` [-]; large is a hard corner, 1 a gentle bend.
    pub sharpness: f64,
}

impl SaturatingCurve {
    /// `s(u)` for `u` clamped to [0, 1.2], in [0, ~1].
    pub fn load_frac(&self, utilization_frac: f64) -> f64 {
        let g = |u: f64| {
            let x = u / self.u_sat;
            x / (1.0 + x.powf(self.sharpness)).powf(1.0 / self.sharpness)
        };
        g(utilization_frac.clamp(0.0, 1.2)) / g(1.0)
    }
}

/// The H200 curve fitted by [`crate::fit_saturating_curve`] to the energy-counter phase means
/// measured on an NVIDIA H200 SXM (700 W limit) on 2026-11-26: active idle, GEMM duty cycles
/// of 10–90 % and full-load GEMMs, with utilization = achieved TFLOP/s ÷ the full-load GEMM's
/// 673.7 TFLOP/s (dctwin's own measurement, `docs/calibration.md`; the fixture is
/// `crates/it/tests/data/h200_phase_means.csv`). Fitted idle 119.1 W, full load 691.6 W,
/// RMSE 2.8 W over the nine phases.
pub const H200_FIT: SaturatingCurve = SaturatingCurve {
    u_sat: 0.896_2,
    sharpness: 11.99,
};

/// The curve named `name` in the catalog (`curve = "h200-fit"`).
pub fn curve_by_name(name: &str) -> Option<SaturatingCurve> {
    match name {
        "h200-fit" => Some(H200_FIT),
        _ => None,
    }
}

/// Throughput kept under a power cap, by dynamic voltage and frequency scaling.
///
/// Model: the power above active idle scales as clock frequency to the power `α`,
/// throughput in proportion to the clock: `f/f₀ = ((P_cap − P_idle)/(P_full − P_idle))^{1/α}`.
/// With voltage proportional to frequency, CMOS dynamic power `C V² f` gives α = 3; GPUs
/// near their voltage floor show smaller exponents, see [`DVFS_EXPONENT`].
pub fn capped_throughput_frac(cap_w: f64, active_idle_w: f64, full_load_w: f64, exponent: f64) -> f64 {
    if cap_w >= full_load_w {
        return 1.0;
    }
    let span = (full_load_w - active_idle_w).max(1e-9);
    ((cap_w - active_idle_w).max(0.0) / span)
        .powf(1.0 / exponent)
        .clamp(0.0, 1.0)
}

/// Exponent α of power against clock frequency under a power cap (see
/// [`capped_throughput_frac`]), derived from the H200 calibration (2026-11-26): while busy in
/// the 25 % and 50 % duty-cycle phases the GEMM ran at 1,980 MHz drawing ≈ 900 W and
/// delivering ≈ 802 TFLOP/s; held at the 700 W limit it delivered 674 TFLOP/s. That is 0.840
/// of the throughput for 0.736 of the power span above idle: α = ln 0.736 / ln 0.840 = 1.76.
/// Compute-bound work loses the most; training with memory-bound and communication phases
/// loses less (McDonald et al. 2022, arXiv:2205.09646: a V100 capped at 60 % of TDP trained
/// 6.8 % slower).
pub const DVFS_EXPONENT: f64 = 1.76;

/// Power of one accelerator.
///
/// `P(u) = min(P_cap, P_idle + s(u) × (P_full − P_idle))` for compute-bound work at delivered
/// throughput fraction `u` (the [`SaturatingCurve`]); memory-bound work draws
/// `P_idle + k_mem × b × (P_full − P_idle)` at memory-bandwidth utilization `b` (the H200
/// drew 48 % of its span copying memory at full bandwidth, the H100 52 %).
///
/// A power cap below full load clips the power and limits delivered throughput to
/// [`AcceleratorPower::max_throughput_frac`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AcceleratorPower {
    /// Power with a context open and no kernels running [W].
    pub active_idle_w: f64,
    /// Power under sustained compute-bound load [W].
    pub full_load_w: f64,
    /// Curve shape.
    pub curve: SaturatingCurve,
    /// Share of the idle→full span drawn at full memory bandwidth [-].
    pub memory_bound_load_frac: f64,
    /// Optional administrative power cap [W].
    pub power_cap_w: Option<f64>,
}

impl AcceleratorPower {
    /// Highest delivered throughput fraction under the power cap [0–1].
    pub fn max_throughput_frac(&self) -> f64 {
        self.power_cap_w.map_or(1.0, |cap| {
            capped_throughput_frac(cap, self.active_idle_w, self.full_load_w, DVFS_EXPONENT)
        })
    }

    fn cap(&self, p: f64) -> f64 {
        self.power_cap_w.map_or(p, |cap| p.min(cap.max(self.active_idle_w)))
    }

    /// Power at compute-bound throughput fraction `utilization_frac` [W] (demand beyond
    /// [`AcceleratorPower::max_throughput_frac`] is not delivered and draws the cap).
    pub fn power_w(&self, utilization_frac: f64) -> f64 {
        let u = utilization_frac.clamp(0.0, 1.0).min(self.max_throughput_frac());
        self.cap(self.active_idle_w + self.curve.load_frac(u) * (self.full_load_w - self.active_idle_w))
    }

    /// Power when a share `compute_frac` of the time runs compute-bound at full throughput and
    /// a share `memory_frac` runs memory-bound at full bandwidth (the rest idle) [W].
    pub fn mixed_power_w(&self, compute_frac: f64, memory_frac: f64) -> f64 {
        let load = compute_frac.clamp(0.0, 1.0) + self.memory_bound_load_frac * memory_frac.clamp(0.0, 1.0);
        self.cap(self.active_idle_w + load.min(1.0) * (self.full_load_w - self.active_idle_w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H200: AcceleratorPower = AcceleratorPower {
        active_idle_w: 119.1,
        full_load_w: 691.6,
        curve: H200_FIT,
        memory_bound_load_frac: 0.483,
        power_cap_w: None,
    };

    /// Validation on a second card: the H200 shape scaled to the H100's own idle (138.3 W)
    /// and full-load (697.5 W) power predicts the H100's duty-cycle means (same probe, same
    /// day, utilization = achieved ÷ full-load TFLOP/s) within 13 %; the largest miss (−12 %)
    /// is at 10 % load, where the warmer H100 (up to 85 °C) leaks more. Fitting the H100's own
    /// samples does better (`tests/fit.rs`).
    #[test]
    fn predicts_h100_from_h200_shape() {
        let h100 = AcceleratorPower {
            active_idle_w: 138.3,
            full_load_w: 697.5,
            ..H200
        };
        for (tflops, w) in [
            (65.9, 227.9),
            (192.3, 349.2),
            (384.6, 510.8),
            (576.9, 673.7),
            (667.1, 692.9),
        ] {
            let p = h100.power_w(tflops / 674.0);
            assert!(
                (p - w).abs() / w < 0.13,
                "{tflops} TFLOP/s: model {p:.1} W vs measured {w} W"
            );
        }
    }

    #[test]
    fn concave_and_above_linear_mid_range() {
        // Calibration README: a linear idle→TDP line under-predicts mid-range power by 10–20 %.
        let linear = 119.1 + 0.5 * (700.0 - 119.1);
        let ratio = H200.power_w(0.5) / linear;
        assert!(ratio > 1.05 && ratio < 1.25, "{ratio}");
    }

    #[test]
    fn monotone_bounded_and_capped() {
        let mut last = 0.0;
        for i in 0..=100 {
            let p = H200.power_w(f64::from(i) / 100.0);
            assert!(p >= last && p <= 691.6 + 1e-9);
            last = p;
        }
        assert!((H200.power_w(0.0) - 119.1).abs() < 1e-9);
        assert!((H200.power_w(1.0) - 691.6).abs() < 1e-9);
        let capped = AcceleratorPower {
            power_cap_w: Some(400.0),
            ..H200
        };
        assert_eq!(capped.power_w(1.0), 400.0);
        assert!((capped.power_w(0.0) - 119.1).abs() < 1e-9);
    }

    #[test]
    fn memory_bound_work_draws_about_half_the_span() {
        // Calibration: device-to-device copy at 4.2 TB/s drew 395 W on the H200.
        let p = H200.mixed_power_w(0.0, 1.0);
        assert!((p - 395.1).abs() < 3.0, "{p}");
        assert!((H200.mixed_power_w(1.0, 1.0) - 691.6).abs() < 1e-9);
    }

    #[test]
    fn power_cap_costs_less_throughput_than_power() {
        // α = 1.76: capping an H100 at 60 % of its 700 W limit (420 W) keeps
        // ((420 − 138.3)/(697.5 − 138.3))^(1/1.76) = 67.7 % of its throughput.
        let f = capped_throughput_frac(420.0, 138.3, 697.5, DVFS_EXPONENT);
        assert!((f - 0.6773).abs() < 1e-3, "{f}");
        assert!(f > 420.0 / 697.5);
        assert_eq!(capped_throughput_frac(800.0, 138.3, 697.5, 2.0), 1.0);
    }
}
