//! Synthetic weather from monthly climate normals.

use dctwin_core::{UtcTime, stream_seed};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, StandardNormal};

use crate::{STANDARD_PRESSURE_PA, dew_point_c, relative_humidity_pct, wet_bulb_c};

/// Monthly climate normals of a site, January to December.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateNormals {
    /// Mean daily-mean air temperature [°C].
    pub temp_mean_c: [f64; 12],
    /// Mean daily maximum [°C].
    pub temp_max_c: [f64; 12],
    /// Mean daily minimum [°C].
    pub temp_min_c: [f64; 12],
    /// Mean relative humidity [%].
    pub rh_mean_pct: [f64; 12],
}

/// Outdoor conditions at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Conditions {
    /// Dry-bulb air temperature [°C].
    pub temp_c: f64,
    /// Relative humidity [%].
    pub rh_pct: f64,
    /// Dew point [°C].
    pub dew_point_c: f64,
    /// Thermodynamic wet-bulb temperature [°C] (ASHRAE 2017 ch. 1).
    pub wet_bulb_c: f64,
    /// Atmospheric pressure [Pa].
    pub pressure_pa: f64,
    /// Global horizontal irradiance [W/m²] (0 when the source has none).
    pub ghi_w_m2: f64,
    /// Wind speed at 10 m [m/s] (0 when the source has none).
    pub wind_m_s: f64,
}

/// Lag-one autocorrelation of daily-mean temperature anomalies. Synoptic weather persists for
/// a few days; observed lag-1 autocorrelations of daily temperature anomalies are 0.6–0.8 in
/// mid-latitudes (Richardson 1981, "Stochastic simulation of daily precipitation, temperature,
/// and solar radiation", Water Resour. Res. 17, 182–190, uses ≈0.6–0.7).
const ANOMALY_LAG1: f64 = 0.7;

/// Local solar hour of the daily temperature maximum (mid-afternoon; the classic two-harmonic
/// diurnal models put it at 14–16 h, e.g. Parton & Logan 1981).
const PEAK_SOLAR_HOUR: f64 = 15.0;

/// Share of the temperature anomaly carried into the dew point: warm spells are also moister.
const DEW_POINT_FOLLOWS_TEMP: f64 = 0.7;

/// Standard deviation of the dew point's own day-to-day anomaly [K].
const DEW_POINT_ANOMALY_SD_K: f64 = 1.5;

/// Mid-month knots whose cyclic linear interpolation has the given monthly means.
///
/// Interpolating linearly between the monthly normals themselves lowers the warmest months'
/// means and raises the coldest (July in Virginia by ≈0.4 K): over a month of equal-length
/// neighbours the interpolated curve's mean is (k₋₁ + 6k + k₊₁)/8. Solving that cyclic system
/// for the knots k preserves every monthly mean (the mean-preserving interpolation of Epstein
/// 1991, "On obtaining daily climatological values from monthly means", J. Climate 4, 365–368).
/// The system is diagonally dominant; Jacobi iteration converges to 1e-12 in a few dozen steps.
pub fn mean_preserving_knots(monthly: &[f64; 12]) -> [f64; 12] {
    let mut k = *monthly;
    for _ in 0..100 {
        let mean_of = |k: &[f64; 12], m: usize| (k[(m + 11) % 12] + 6.0 * k[m] + k[(m + 1) % 12]) / 8.0;
        let next: [f64; 12] = std::array::from_fn(|m| k[m] + (monthly[m] - mean_of(&k, m)) * 8.0 / 6.0);
        let done = next.iter().zip(&k).all(|(a, b)| (a - b).abs() < 1e-13);
        k = next;
        if done {
            break;
        }
    }
    k
}

/// A seeded generator of site weather.
#[derive(Debug, Clone)]
pub struct SyntheticWeather {
    normals: ClimateNormals,
    /// Mid-month knots of the temperature curves, adjusted so each month's mean of the
    /// interpolated curve is its normal (see [`mean_preserving_knots`]).
    knots: ClimateNormals,
    longitude_deg: f64,
    seed: u64,
    pressure_pa: f64,
}

impl SyntheticWeather {
    /// A generator for a site with `normals` at `longitude_deg` (east positive, which sets the
    /// local solar time of the afternoon peak), drawing from `seed`.
    pub fn new(normals: ClimateNormals, longitude_deg: f64, seed: u64) -> Self {
        let knots = ClimateNormals {
            temp_mean_c: mean_preserving_knots(&normals.temp_mean_c),
            temp_max_c: mean_preserving_knots(&normals.temp_max_c),
            temp_min_c: mean_preserving_knots(&normals.temp_min_c),
            rh_mean_pct: normals.rh_mean_pct,
        };
        Self {
            normals,
            knots,
            longitude_deg,
            seed,
            pressure_pa: STANDARD_PRESSURE_PA,
        }
    }

    /// The same generator at a site's atmospheric pressure [Pa] (see
    /// [`crate::pressure_at_elevation_pa`]); wet bulbs depend on it.
    #[must_use]
    pub fn at_pressure_pa(mut self, pressure_pa: f64) -> Self {
        self.pressure_pa = pressure_pa;
        self
    }

    /// Spread of the day-to-day temperature anomaly [K]: larger where the seasons differ more
    /// (Singapore ≈1.3 K, Stockholm or Virginia 4 K). A dctwin assumption that reproduces the
    /// observed contrast between tropical and mid-latitude day-to-day variability.
    pub fn anomaly_sd_k(&self) -> f64 {
        let t = &self.normals.temp_mean_c;
        let range = t.iter().copied().fold(f64::MIN, f64::max) - t.iter().copied().fold(f64::MAX, f64::min);
        (1.0 + 0.15 * range).clamp(1.0, 4.0)
    }

    /// The normals on a fractional day of the year (0 = Jan 1 00:00), interpolated linearly and
    /// cyclically between mid-month knots that keep each month's mean: `(mean, daily range,
    /// dew point)`.
    fn normals_on(&self, year_frac: f64) -> (f64, f64, f64) {
        let m = year_frac * 12.0 - 0.5; // month centres at 0.5/12, 1.5/12, …
        let i0 = m.floor().rem_euclid(12.0) as usize;
        let i1 = (i0 + 1) % 12;
        let w = m - m.floor();
        let lerp = |a: &[f64; 12]| a[i0] * (1.0 - w) + a[i1] * w;
        let mean = lerp(&self.knots.temp_mean_c);
        let range = (lerp(&self.knots.temp_max_c) - lerp(&self.knots.temp_min_c)).max(0.0);
        let dew = dew_point_c(mean, lerp(&self.normals.rh_mean_pct));
        (mean, range, dew)
    }

    /// Conditions at `steps` instants `start + k × step_s`.
    ///
    /// Daily anomalies are drawn once per calendar day (AR(1), started from its stationary
    /// distribution) and interpolated between day centres, so the series has no jumps at
    /// midnight.
    pub fn series(&self, start: UtcTime, step_s: u64, steps: usize) -> Vec<Conditions> {
        let first_day = start.0.div_euclid(86_400);
        let span_s = step_s as i64 * steps as i64;
        let days = (span_s / 86_400 + 3) as usize;
        let sd = self.anomaly_sd_k();
        let innovation = (1.0 - ANOMALY_LAG1 * ANOMALY_LAG1).sqrt();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(self.seed, 0x5745_4154)); // "WEAT"
        let mut temp_anom = Vec::with_capacity(days);
        let mut dew_anom = Vec::with_capacity(days);
        let (mut a, mut b) = (0.0_f64, 0.0_f64);
        for d in 0..days {
            let z1: f64 = StandardNormal.sample(&mut rng);
            let z2: f64 = StandardNormal.sample(&mut rng);
            if d == 0 {
                a = sd * z1;
                b = DEW_POINT_ANOMALY_SD_K * z2;
            } else {
                a = ANOMALY_LAG1 * a + sd * innovation * z1;
                b = ANOMALY_LAG1 * b + DEW_POINT_ANOMALY_SD_K * innovation * z2;
            }
            temp_anom.push(a);
            dew_anom.push(b);
        }
        let solar_offset_h = self.longitude_deg / 15.0;
        (0..steps)
            .map(|k| {
                let t = UtcTime(start.0 + k as i64 * step_s as i64);
                // Position between the centres of day i and day i+1.
                let x = (t.0 - first_day * 86_400) as f64 / 86_400.0 - 0.5 + 1.0;
                let i = (x.floor() as usize).min(days - 2);
                let w = x - i as f64;
                let ta = temp_anom[i] * (1.0 - w) + temp_anom[i + 1] * w;
                let da = dew_anom[i] * (1.0 - w) + dew_anom[i + 1] * w;
                let (mean, range, dew_normal) = self.normals_on(t.year_fraction());
                let solar_h = t.hour_of_day_f64() + solar_offset_h;
                let diurnal = 0.5 * range * (std::f64::consts::TAU * (solar_h - PEAK_SOLAR_HOUR) / 24.0).cos();
                let temp_c = mean + ta + diurnal;
                let dew = (dew_normal + DEW_POINT_FOLLOWS_TEMP * ta + da).min(temp_c);
                let rh_pct = relative_humidity_pct(temp_c, dew);
                Conditions {
                    temp_c,
                    rh_pct,
                    dew_point_c: dew,
                    wet_bulb_c: wet_bulb_c(temp_c, rh_pct, self.pressure_pa),
                    pressure_pa: self.pressure_pa,
                    ghi_w_m2: 0.0,
                    wind_m_s: 0.0,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stockholm-like normals (SMHI 1991–2020, rounded).
    const STOCKHOLM: ClimateNormals = ClimateNormals {
        temp_mean_c: [-1.0, -1.0, 1.5, 6.0, 11.5, 16.0, 19.0, 18.0, 13.5, 8.5, 4.0, 1.0],
        temp_max_c: [1.0, 1.5, 4.5, 10.5, 16.5, 20.5, 23.5, 22.0, 17.0, 11.0, 5.5, 2.5],
        temp_min_c: [-3.5, -3.5, -1.5, 2.5, 7.0, 11.5, 14.5, 14.0, 10.0, 5.5, 1.5, -1.5],
        rh_mean_pct: [86.0, 82.0, 74.0, 66.0, 62.0, 65.0, 68.0, 72.0, 78.0, 83.0, 87.0, 88.0],
    };

    fn year(seed: u64) -> Vec<Conditions> {
        let start = UtcTime::from_civil(2025, 1, 1, 0, 0, 0);
        SyntheticWeather::new(STOCKHOLM, 18.07, seed).series(start, 3_600, 8_760)
    }

    #[test]
    fn monthly_means_follow_normals_over_replicas() {
        // Thirty seeded years: each month's mean must come within 1 K of the normal, three
        // standard errors (a thirty-year monthly mean with 4 K, lag-0.7 anomalies has ≈0.32 K).
        let mut sums = [0.0; 12];
        let mut counts = [0.0; 12];
        for seed in 0..30 {
            for (h, c) in year(seed).iter().enumerate() {
                let m = UtcTime::from_civil(2025, 1, 1, 0, 0, 0).0 + h as i64 * 3_600;
                let m = UtcTime(m).month() as usize - 1;
                sums[m] += c.temp_c;
                counts[m] += 1.0;
            }
        }
        for m in 0..12 {
            let mean = sums[m] / counts[m];
            assert!(
                (mean - STOCKHOLM.temp_mean_c[m]).abs() < 1.0,
                "month {}: {mean:.2}",
                m + 1
            );
        }
    }

    #[test]
    fn knots_keep_every_monthly_mean() {
        // Virginia's normals: the month mean of the interpolated curve is each normal.
        let normals = [1.0, 2.5, 6.9, 12.8, 17.8, 22.6, 25.1, 24.2, 20.3, 13.7, 7.7, 3.0];
        let k = mean_preserving_knots(&normals);
        for m in 0..12 {
            let mean = (k[(m + 11) % 12] + 6.0 * k[m] + k[(m + 1) % 12]) / 8.0;
            assert!((mean - normals[m]).abs() < 1e-9, "{m}");
        }
        // The peak knot sits above July's normal, the trough below January's; a flat year
        // stays flat.
        assert!(k[6] > normals[6] && k[0] < normals[0]);
        assert_eq!(mean_preserving_knots(&[5.0; 12]), [5.0; 12]);
    }

    #[test]
    fn afternoon_is_warmer_than_dawn() {
        let y = year(1);
        let (mut pm, mut am) = (0.0, 0.0);
        for day in 0..365 {
            // Stockholm solar time ≈ UTC + 1.2 h: 14 UTC ≈ 15 h solar, 3 UTC ≈ 4 h solar.
            pm += y[day * 24 + 14].temp_c;
            am += y[day * 24 + 3].temp_c;
        }
        let diff = (pm - am) / 365.0;
        assert!(diff > 3.0 && diff < 8.0, "mean diurnal swing {diff}");
    }

    #[test]
    fn humidity_is_physical_and_deterministic() {
        let a = year(3);
        assert_eq!(a, year(3));
        assert_ne!(a, year(4));
        for c in &a {
            assert!(c.rh_pct > 5.0 && c.rh_pct <= 100.0);
            assert!(c.dew_point_c <= c.wet_bulb_c + 1e-5 && c.wet_bulb_c <= c.temp_c + 1e-9);
        }
        let mean_rh = a.iter().map(|c| c.rh_pct).sum::<f64>() / a.len() as f64;
        assert!((mean_rh - 75.9).abs() < 8.0, "annual mean RH {mean_rh}");
    }
}
