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

/// Lowest and highest daily clear-sky index: a heavily overcast day still lets a few percent
/// through; no day is clearer than clear sky.
const K_RANGE: (f64, f64) = (0.05, 1.0);

/// Clear-sky index where a month has no irradiation normal (or no clear-sky irradiation): 0.6,
/// a mid-latitude annual mean. A dctwin assumption.
const FALLBACK_K: f64 = 0.6;

/// Each month's mean clear-sky index: its climatological irradiation over its clear-sky
/// irradiation at the site, `K = H_normal / (H_clear / days)`, both in kWh/m² (the monthly
/// clearness of Liu & Jordan 1960, taken relative to a clear sky rather than to the top of the
/// atmosphere). `normal_kwh_m2_day`: the month's mean daily irradiation; `clear_kwh_m2` and
/// `days`: the clear-sky irradiation summed over the run's days in that month, and how many
/// days those are. Each index lies in [0.05, 1].
pub fn monthly_clear_sky_index(normal_kwh_m2_day: &[f64; 12], clear_kwh_m2: &[f64; 12], days: &[f64; 12]) -> [f64; 12] {
    std::array::from_fn(|m| {
        if days[m] > 0.0 && clear_kwh_m2[m] > 0.0 && normal_kwh_m2_day[m] > 0.0 {
            (normal_kwh_m2_day[m] / (clear_kwh_m2[m] / days[m])).clamp(K_RANGE.0, K_RANGE.1)
        } else {
            FALLBACK_K
        }
    })
}

/// Rescales daily clear-sky indices so that each month's irradiation is its climatology's:
/// clipping cloudless days at clear sky would otherwise pull sunny months below their normal.
/// `day_month[d]` is day `d`'s month (0–11), `clear_day_kwh_m2[d]` its clear-sky irradiation,
/// `monthly_k` the target indices. Six fixed-point rounds (each rescales a month's days by
/// target over actual irradiation, then clips to [0.05, 1]) bring a month within 0.1 % of its
/// irradiation at a mean index of 0.6, and within 0.5 % at 0.85, where many days clip at clear
/// sky (the tests below).
pub fn match_monthly_irradiation(
    daily: &mut [f64],
    day_month: &[usize],
    clear_day_kwh_m2: &[f64],
    monthly_k: &[f64; 12],
) {
    for _ in 0..6 {
        let (mut got, mut want) = ([0.0_f64; 12], [0.0_f64; 12]);
        for ((k, &m), clear) in daily.iter().zip(day_month).zip(clear_day_kwh_m2) {
            got[m] += k * clear;
            want[m] += monthly_k[m] * clear;
        }
        for (k, &m) in daily.iter_mut().zip(day_month) {
            if got[m] > 0.0 {
                *k = (*k * want[m] / got[m]).clamp(K_RANGE.0, K_RANGE.1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_months_index_is_its_irradiation_over_clear_sky() {
        let mut normal = [0.0; 12];
        let (mut clear, mut days) = ([0.0; 12], [0.0; 12]);
        normal[6] = 6.0; // 6 kWh/m² a day in July
        clear[6] = 31.0 * 8.0; // clear sky gives 8 a day
        days[6] = 31.0;
        normal[0] = 20.0; // more than clear sky: clipped at 1
        clear[0] = 31.0 * 2.0;
        days[0] = 31.0;
        let k = monthly_clear_sky_index(&normal, &clear, &days);
        assert!((k[6] - 0.75).abs() < 1e-12);
        assert_eq!(k[0], 1.0);
        assert_eq!(k[3], FALLBACK_K);
    }

    #[test]
    fn rescaled_days_give_each_month_its_irradiation() {
        for (target, tolerance) in [(0.6, 1e-3), (0.85, 5e-3)] {
            let g = SyntheticClearness::new([target; 12], 11);
            let day_month: Vec<usize> = (0..365).map(|d| d * 12 / 365).collect();
            let mut daily = g.daily(day_month.iter().map(|&m| m as u32 + 1));
            let clear: Vec<f64> = (0..365)
                .map(|d| 4.0 + 3.0 * (f64::from(d) / 58.0).sin().abs())
                .collect();
            match_monthly_irradiation(&mut daily, &day_month, &clear, &[target; 12]);
            for m in 0..12 {
                let (got, want) = (0..365)
                    .filter(|&d| day_month[d] == m)
                    .fold((0.0, 0.0), |(a, b), d| (a + daily[d] * clear[d], b + target * clear[d]));
                assert!(
                    (got / want - 1.0_f64).abs() < tolerance,
                    "{target}, month {m}: {got} vs {want}"
                );
            }
            assert!(daily.iter().all(|k| (0.05..=1.0).contains(k)));
        }
    }

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
