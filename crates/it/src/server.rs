//! A server: several accelerators plus the host (CPUs, memory, NICs, fans, switches).

use crate::AcceleratorPower;

/// Power of one accelerator server as a function of accelerator utilization.
///
/// Model: `P = n × P_acc(u) + P_host_idle + u × (P_host_full − P_host_idle)`. The host share
/// rises linearly with load (CPU feeding, NIC traffic, fans following the heat).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServerPower {
    /// Accelerators in one server.
    pub accelerators: u32,
    /// One accelerator's power curve.
    pub accelerator: AcceleratorPower,
    /// Host power with accelerators idle [W].
    pub host_idle_w: f64,
    /// Host power with accelerators at full load [W].
    pub host_full_w: f64,
}

/// Points in a precomputed power table; 1/128 utilization resolution keeps linear
/// interpolation of the measured piecewise-linear curve exact at its knots' neighbourhood
/// and within 0.1 % elsewhere (tested).
const TABLE_INTERVALS: usize = 128;

impl ServerPower {
    /// Power of the whole server at `utilization_frac` [W].
    pub fn power_w(&self, utilization_frac: f64) -> f64 {
        let u = utilization_frac.clamp(0.0, 1.0);
        f64::from(self.accelerators) * self.accelerator.power_w(u)
            + self.host_idle_w
            + u * (self.host_full_w - self.host_idle_w)
    }

    /// A uniform lookup table of server power [kW] for the per-rack hot path.
    pub fn table_kw(&self) -> PowerTable {
        let mut kw = [0.0; TABLE_INTERVALS + 1];
        for (i, slot) in kw.iter_mut().enumerate() {
            *slot = self.power_w(i as f64 / TABLE_INTERVALS as f64) / 1e3;
        }
        PowerTable { kw }
    }
}

/// Server power sampled at uniform utilization steps, for allocation-free, branch-light
/// evaluation in the per-rack path (no search, no transcendental functions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerTable {
    kw: [f64; TABLE_INTERVALS + 1],
}

impl PowerTable {
    /// Server power [kW] at `utilization_frac` (clamped to [0, 1]).
    #[inline]
    pub fn power_kw(&self, utilization_frac: f64) -> f64 {
        let x = utilization_frac.clamp(0.0, 1.0) * TABLE_INTERVALS as f64;
        let i = (x as usize).min(TABLE_INTERVALS - 1);
        let t = x - i as f64;
        self.kw[i] + t * (self.kw[i + 1] - self.kw[i])
    }

    /// Power at full utilization [kW]: the design load of one server.
    pub fn full_kw(&self) -> f64 {
        self.kw[TABLE_INTERVALS]
    }

    /// Power at zero utilization [kW].
    pub fn idle_kw(&self) -> f64 {
        self.kw[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::H200_MEASURED_SHAPE;

    fn hgx_h100() -> ServerPower {
        ServerPower {
            accelerators: 8,
            accelerator: AcceleratorPower {
                active_idle_w: 138.3,
                full_load_w: 697.5,
                shape: H200_MEASURED_SHAPE,
                power_cap_w: None,
            },
            host_idle_w: 1_200.0,
            host_full_w: 2_800.0,
        }
    }

    #[test]
    fn full_load_matches_measured_hgx_h100_training_peak() {
        // Latif et al., IEEE Access 2025: an HGX H100 8-GPU server peaks at ≈8.4 kW in training.
        let p = hgx_h100().power_w(1.0);
        assert!((p - 8_380.0).abs() < 1.0, "{p}");
    }

    #[test]
    fn table_matches_direct_evaluation() {
        let s = hgx_h100();
        let t = s.table_kw();
        for i in 0..=1000 {
            let u = f64::from(i) / 1000.0;
            let exact = s.power_w(u) / 1e3;
            assert!((t.power_kw(u) - exact).abs() / exact < 1e-3, "u={u}");
        }
        assert_eq!(t.power_kw(-0.5), t.idle_kw());
        assert_eq!(t.power_kw(1.5), t.full_kw());
    }
}
