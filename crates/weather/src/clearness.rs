//! Synthetic cloudiness: a day-by-day clear-sky index for solar models.

use dctwin_core::stream_seed;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, StandardNormal};

/// Lag-one autocorrelation of daily clear-sky indices: cloudy spells last a few days. Observed
/// lag-1 autocorrelations of daily clearness are ≈0.3–0.5 at mid-latitudes (Graham, Hollands &
/// Unny 1988, "A time series model for Kt with application to global synthetic weather
/// generation", Solar Energy 40(2), 83–92, who model daily Kt as a first-order process); dctwin
/// uses 0.4.
const LAG1: f64 = 0.4;
/// Relative spread of daily clear-sky indices around the monthly mean (cloudy and clear days
/// differ by a factor of several where skies are variable). A dctwin assumption.
const SPREAD: f64 = 0.35;

/// Daily clear-sky indices `k = GHI / GHI_clear` around monthly means.
#[derive(Debug, Clone)]
pub struct SyntheticClearness {
    monthly_mean: [f64; 12],
    seed: u64,
}

impl SyntheticClearness {
    /// A generator whose days scatter around `monthly_mean` (each in (0, 1]: the month's
    /// measured irradiation divided by its clear-sky irradiation).
    pub fn new(monthly_mean: [f64; 12], seed: u64) -> Self {
        Self { monthly_mean, seed }
    }

    /// One clear-sky index per day for `days` days starting in month `first_month` (1–12) on
    /// day-of-month `first_day` (1-based), each in [0.05, 1]: an AR(1) anomaly, multiplicative
    /// around the month's mean, clipped at clear sky (so months whose mean is near 1 lose little).
    pub fn daily(&self, months: impl Iterator<Item = u32>) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(self.seed, 0x434C_4F55)); // "CLOU"
        let innovation = (1.0 - LAG1 * LAG1).sqrt();
        let mut a = 0.0_f64;
        months
            .enumerate()
            .map(|(d, month)| {
                let z: f64 = StandardNormal.sample(&mut rng);
                a = if d == 0 { z } else { LAG1 * a + innovation * z };
                let mean = self.monthly_mean[(month as usize).clamp(1, 12) - 1].clamp(0.05, 1.0);
                (mean * (1.0 + SPREAD * a)).clamp(0.05, 1.0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_follow_the_months_and_stay_in_range() {
        let g = SyntheticClearness::new([0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.65, 0.6, 0.5, 0.45, 0.4], 3);
        let months: Vec<u32> = (0..3_650).map(|d| (d / 30 % 12) as u32 + 1).collect();
        let k = g.daily(months.iter().copied());
        assert!(k.iter().all(|&v| (0.05..=1.0).contains(&v)));
        let july: Vec<f64> = k
            .iter()
            .zip(&months)
            .filter(|(_, m)| **m == 7)
            .map(|(v, _)| *v)
            .collect();
        let mean = july.iter().sum::<f64>() / july.len() as f64;
        assert!((mean - 0.7).abs() < 0.04, "{mean}");
        assert_eq!(k, g.daily(months.iter().copied()));
    }
}
