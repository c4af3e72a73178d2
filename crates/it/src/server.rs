//! A server: several accelerators plus the host (CPUs, memory, NICs, fans, switches), fed
//! through its power supplies.

use crate::AcceleratorPower;

/// Power of one accelerator server at the wall.
///
/// Model: `P_wall = (n × P_acc + P_host) / η_psu` with the host share rising linearly from
/// idle to full as the accelerators get busier (CPU feeding, NIC traffic, fans following the
/// heat), and `η_psu` the power-supply efficiency (80 PLUS Titanium: ≥ 96 % at half load).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServerPower {
    /// Accelerators in one server.
    pub accelerators: u32,
    /// One accelerator's power curve.
    pub accelerator: AcceleratorPower,
    /// One accelerator's power with no context open (unallocated) [W].
    pub parked_idle_w: f64,
    /// Host DC power with accelerators idle [W].
    pub host_idle_w: f64,
    /// Host DC power with accelerators at full load [W].
    pub host_full_w: f64,
    /// Power-supply efficiency [0–1].
    pub psu_efficiency: f64,
}

/// Intervals of the precomputed power table; linear interpolation of the smooth curve between
/// 129 points stays within 0.1 % of direct evaluation (tested).
const TABLE_INTERVALS: usize = 128;

impl ServerPower {
    fn host_w(&self, busy_frac: f64) -> f64 {
        self.host_idle_w + busy_frac.clamp(0.0, 1.0) * (self.host_full_w - self.host_idle_w)
    }

    /// Wall power with every accelerator asked for compute-bound throughput fraction
    /// `utilization_frac` [W]. The host follows the throughput actually delivered, which a
    /// power cap may hold below the request (data feeding, NIC traffic and fans slow with it).
    pub fn power_w(&self, utilization_frac: f64) -> f64 {
        let u = utilization_frac.clamp(0.0, 1.0);
        let delivered = u.min(self.accelerator.max_throughput_frac());
        (f64::from(self.accelerators) * self.accelerator.power_w(u) + self.host_w(delivered)) / self.psu_efficiency
    }

    /// Wall power when each accelerator spends `compute_frac` of the time compute-bound and
    /// `memory_frac` memory-bound (see [`AcceleratorPower::mixed_power_w`]) [W].
    pub fn mixed_power_w(&self, compute_frac: f64, memory_frac: f64) -> f64 {
        let busy = (compute_frac + memory_frac).min(1.0);
        (f64::from(self.accelerators) * self.accelerator.mixed_power_w(compute_frac, memory_frac) + self.host_w(busy))
            / self.psu_efficiency
    }

    /// Wall power with every accelerator parked (unallocated, no context) and the host idle [W].
    pub fn parked_w(&self) -> f64 {
        (f64::from(self.accelerators) * self.parked_idle_w + self.host_idle_w) / self.psu_efficiency
    }

    /// A uniform lookup table of wall power [kW] for the per-rack hot path.
    pub fn table_kw(&self) -> PowerTable {
        let mut kw = [0.0; TABLE_INTERVALS + 1];
        for (i, slot) in kw.iter_mut().enumerate() {
            *slot = self.power_w(i as f64 / TABLE_INTERVALS as f64) / 1e3;
        }
        PowerTable {
            kw,
            parked_kw: self.parked_w() / 1e3,
        }
    }
}

/// Server power sampled at uniform utilization steps, for allocation-free, branch-light
/// evaluation in the per-rack path (no search, no transcendental functions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerTable {
    kw: [f64; TABLE_INTERVALS + 1],
    parked_kw: f64,
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

    /// Power at zero utilization with accelerators allocated (active idle) [kW].
    pub fn idle_kw(&self) -> f64 {
        self.kw[0]
    }

    /// Power with accelerators unallocated (parked idle) [kW].
    pub fn parked_kw(&self) -> f64 {
        self.parked_kw
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::H200_FIT;

    fn hgx_h100() -> ServerPower {
        ServerPower {
            accelerators: 8,
            accelerator: AcceleratorPower {
                active_idle_w: 138.3,
                full_load_w: 697.5,
                curve: H200_FIT,
                memory_bound_load_frac: 0.522,
                power_cap_w: None,
            },
            parked_idle_w: 80.4,
            host_idle_w: 1_200.0,
            host_full_w: 2_484.0,
            psu_efficiency: 0.96,
        }
    }

    #[test]
    fn full_load_matches_measured_hgx_h100_training_peak() {
        // Latif et al., IEEE Access 2025: an HGX H100 8-GPU server peaks at ≈8.4 kW in training.
        let p = hgx_h100().power_w(1.0);
        assert!((p - 8_400.0).abs() < 1.0, "{p}");
    }

    #[test]
    fn parked_is_below_active_idle() {
        let s = hgx_h100();
        // (8 × 80.4 + 1,200) / 0.96 = 1,920.0 W; active idle (8 × 138.3 + 1,200) / 0.96 = 2,402.5 W.
        assert!((s.parked_w() - 1_920.0).abs() < 0.1);
        assert!((s.power_w(0.0) - 2_402.5).abs() < 0.1);
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
