//! IT load: hall demand, rack power, hall sums.

use bevy_ecs::prelude::{Query, Res, ResMut};
use dctwin_scenario::Profile;
use dctwin_workload::diurnal_demand_factor;

use crate::components::{Hall, HallLoad, RackFluctuation, RackLoad, RackOf};
use crate::resources::{HallDemand, HallSegments, HallTotals, SimClock};

/// Sets each profile-driven hall's demand utilization for this step.
pub fn update_hall_demand(clock: Res<SimClock>, mut demand: ResMut<HallDemand>) {
    let now = clock.now();
    let local = dctwin_core::UtcTime(now.0 + (demand.utc_offset_h * 3_600.0) as i64);
    let cycle = diurnal_demand_factor(local.hour_of_day_f64(), local.weekday_monday0() >= 5);
    let HallDemand {
        drivers,
        target_frac,
        utilization_series,
        ..
    } = &mut *demand;
    for ((target, driver), file) in target_frac
        .iter_mut()
        .zip(drivers.iter())
        .zip(utilization_series.iter())
    {
        *target = match (file, driver.profile) {
            (Some(series), _) => series[clock.tick as usize],
            (None, Profile::Constant | Profile::Training) => driver.mean_frac,
            (None, Profile::Inference) => (driver.mean_frac * cycle).clamp(0.0, 1.0),
        };
    }
}

/// A standard-normal-like draw from an xorshift64* generator: the sum of four uniforms,
/// centred and scaled to unit variance (Irwin–Hall), cheap enough for the per-rack path.
#[inline]
fn next_gaussian(state: &mut u64) -> f64 {
    let mut sum = 0.0;
    for _ in 0..4 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        let r = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        sum += (r >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    }
    (sum - 2.0) * 3.0_f64.sqrt()
}

/// Each rack's utilization and power, summed per hall in the same pass.
///
/// In a profile-driven hall a rack follows the hall's demand plus its own AR(1) fluctuation
/// and draws the hall's server power at that utilization. In a workload-driven hall a rack
/// holds a fixed range of the hall's accelerators and draws what the segments covering that
/// range draw (training, stalled, serving, parked).
pub fn compute_rack_power(
    demand: Res<HallDemand>,
    segments: Res<HallSegments>,
    mut totals: ResMut<HallTotals>,
    mut racks: Query<(&RackOf, &mut RackFluctuation, &mut RackLoad)>,
) {
    let totals = &mut *totals;
    totals.it_power_kw.fill(0.0);
    totals.utilization_sum.fill(0.0);
    let lag1 = demand.fluctuation_lag1;
    let innovation = (1.0 - lag1 * lag1).sqrt();
    for (of, mut fluctuation, mut load) in &mut racks {
        let h = usize::from(of.hall);
        let driver = &demand.drivers[h];
        let (u, power) = if driver.has_workloads {
            let first = f64::from(of.index) * driver.accelerators_per_rack;
            let last = first + driver.accelerators_per_rack;
            let (mut start, mut kw, mut busy) = (0.0_f64, 0.0_f64, 0.0_f64);
            for seg in &segments.0[h] {
                let overlap = (seg.end.min(last) - start.max(first)).max(0.0);
                kw += overlap * seg.kw_per_accelerator;
                busy += overlap * seg.utilization_frac;
                start = seg.end;
                if start >= last {
                    break;
                }
            }
            (busy / driver.accelerators_per_rack, kw)
        } else {
            let u = if driver.variability_frac > 0.0 {
                let f = &mut *fluctuation;
                f.deviation_frac =
                    lag1 * f.deviation_frac + driver.variability_frac * innovation * next_gaussian(&mut f.rng_state);
                (demand.target_frac[h] + f.deviation_frac).clamp(0.0, 1.0)
            } else {
                demand.target_frac[h]
            };
            let server_kw = match driver.measured_server_kw {
                Some(kw) => kw,
                None => driver.server_table.power_kw(u),
            };
            (u, server_kw * driver.servers_per_rack)
        };
        load.utilization_frac = u;
        load.it_power_kw = power;
        totals.it_power_kw[h] += power;
        totals.utilization_sum[h] += u;
    }
}

/// Copies the per-hall sums onto the hall entities.
pub fn sum_hall_load(totals: Res<HallTotals>, mut halls: Query<(&Hall, &mut HallLoad)>) {
    for (hall, mut load) in &mut halls {
        let h = usize::from(hall.0);
        load.it_power_kw = totals.it_power_kw[h];
        load.utilization_frac = totals.utilization_sum[h] / totals.racks[h];
    }
}

#[cfg(test)]
mod tests {
    use super::next_gaussian;

    #[test]
    fn gaussian_draws_have_unit_variance() {
        let mut s = 0x9E37_79B9_7F4A_7C15;
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| next_gaussian(&mut s)).collect();
        let mean = draws.iter().sum::<f64>() / f64::from(n);
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!(mean.abs() < 0.01 && (var - 1.0).abs() < 0.02, "{mean} {var}");
    }
}
