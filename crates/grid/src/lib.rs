#![doc = include_str!("../README.md")]

mod cfe;
mod import;

pub use cfe::{annual_matching_pct, hourly_cfe_pct, market_based_kg};

pub use import::{
    CarbonBasis, HourlySignal, MAX_FILLED_GAP_H, MAX_INTENSITY_G_PER_KWH, SignalError, read_electricity_maps_csv,
    read_generic_csv,
};

use dctwin_core::{UtcTime, stream_seed};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, StandardNormal};

/// The shape a zone's generation mix gives to its daily carbon-intensity cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MixShape {
    /// Hydro or nuclear dominated: small cycles.
    Flat,
    /// Large solar share: intensity dips around solar noon.
    Solar,
    /// Large wind share: day-to-day swings dominate; a mild evening peak.
    Wind,
    /// Fossil plants follow demand: intensity peaks in the evening.
    Fossil,
    /// A mixture: a mild evening peak.
    Mixed,
}

impl MixShape {
    /// Parses the catalog's shape names.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "flat" => Self::Flat,
            "solar" => Self::Solar,
            "wind" => Self::Wind,
            "fossil" => Self::Fossil,
            "mixed" => Self::Mixed,
            _ => return None,
        })
    }

    /// Daily shape at local hour `h`, zero-mean over a day, amplitude 1.
    fn diurnal(self, local_h: f64) -> f64 {
        let phase = |peak_h: f64| (std::f64::consts::TAU * (local_h - peak_h) / 24.0).cos();
        match self {
            // Solar: the minimum at 13 h (a cosine peaking at 01 h).
            Self::Solar => phase(1.0),
            // Demand-following fossil fleets and mixes: the evening peak at 19 h.
            Self::Fossil | Self::Mixed | Self::Wind | Self::Flat => phase(19.0),
        }
    }
}

/// Lag-one day-to-day autocorrelation of the weather-driven part of carbon intensity (wind
/// lulls and storms last days). A dctwin modelling assumption.
const NOISE_LAG1: f64 = 0.6;

/// A synthetic carbon-intensity profile for one zone.
///
/// Model (a dctwin construction, parameters from the catalog):
///
/// `CI(t) = mean × max(0.05, 1 + A_s cos(2π(y − y_peak)) + A_d d(h_local) + n(day))`
///
/// with `y` the fraction of the year, `y_peak` mid-January (mid-July for a summer peak;
/// shifted six months in the southern hemisphere), `d` the mix's daily shape, and `n` an
/// AR(1) day-to-day variation of relative standard deviation `noise_frac`, interpolated
/// between days. Every term but the floor has zero mean over a year, so the annual mean is
/// the catalog's (within the sampling error of the noise, tested at 3 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CarbonProfile {
    /// Annual mean [gCO2e/kWh].
    pub mean_g_per_kwh: f64,
    /// Daily shape.
    pub shape: MixShape,
    /// Annual-cycle amplitude, relative [-].
    pub seasonal_amplitude_frac: f64,
    /// Whether the annual peak is in the local winter.
    pub winter_peak: bool,
    /// Whether the zone is south of the equator (its winter is June–August).
    pub southern_hemisphere: bool,
    /// Daily-cycle amplitude, relative [-].
    pub diurnal_amplitude_frac: f64,
    /// Day-to-day variation, relative standard deviation [-].
    pub noise_frac: f64,
}

impl CarbonProfile {
    /// Intensity [gCO2e/kWh] at `steps` instants `start + k × step_s`, for a zone whose local
    /// standard time is UTC + `utc_offset_h`, drawing from `seed`.
    pub fn series(&self, start: UtcTime, step_s: u64, steps: usize, utc_offset_h: f64, seed: u64) -> Vec<f64> {
        let first_day = start.0.div_euclid(86_400);
        let days = (step_s as i64 * steps as i64 / 86_400 + 3) as usize;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, 0x4752_4944)); // "GRID"
        let innovation = (1.0 - NOISE_LAG1 * NOISE_LAG1).sqrt();
        let mut noise = Vec::with_capacity(days);
        let mut n = 0.0_f64;
        for d in 0..days {
            let z: f64 = StandardNormal.sample(&mut rng);
            n = if d == 0 { z } else { NOISE_LAG1 * n + innovation * z };
            noise.push(self.noise_frac * n);
        }
        let winter_in_january = self.winter_peak != self.southern_hemisphere;
        let peak_year_frac = if winter_in_january { 14.5 / 365.0 } else { 195.5 / 365.0 };
        (0..steps)
            .map(|k| {
                let t = UtcTime(start.0 + k as i64 * step_s as i64);
                let x = (t.0 - first_day * 86_400) as f64 / 86_400.0 + 0.5;
                let i = (x.floor() as usize).min(days - 2);
                let w = x - i as f64;
                let day_noise = noise[i] * (1.0 - w) + noise[i + 1] * w;
                let seasonal =
                    self.seasonal_amplitude_frac * (std::f64::consts::TAU * (t.year_fraction() - peak_year_frac)).cos();
                let local_h = (t.hour_of_day_f64() + utc_offset_h).rem_euclid(24.0);
                let daily = self.diurnal_amplitude_frac * self.shape.diurnal(local_h);
                self.mean_g_per_kwh * (1.0 + seasonal + daily + day_noise).max(0.05)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(shape: MixShape) -> CarbonProfile {
        CarbonProfile {
            mean_g_per_kwh: 229.0,
            shape,
            seasonal_amplitude_frac: 0.15,
            winter_peak: true,
            southern_hemisphere: false,
            diurnal_amplitude_frac: 0.35,
            noise_frac: 0.1,
        }
    }

    fn year(p: &CarbonProfile, seed: u64) -> Vec<f64> {
        p.series(UtcTime::from_civil(2025, 1, 1, 0, 0, 0), 3_600, 8_760, -8.0, seed)
    }

    #[test]
    fn annual_mean_is_the_catalog_mean() {
        for seed in 0..5 {
            let y = year(&profile(MixShape::Solar), seed);
            let mean = y.iter().sum::<f64>() / y.len() as f64;
            assert!((mean - 229.0).abs() / 229.0 < 0.03, "seed {seed}: {mean}");
        }
    }

    #[test]
    fn solar_zone_dips_at_midday_fossil_peaks_in_evening() {
        let mean_at = |y: &[f64], local_h: usize| {
            let utc = (local_h + 8) % 24; // UTC−8
            (0..365).map(|d| y[d * 24 + utc]).sum::<f64>() / 365.0
        };
        let solar = year(&profile(MixShape::Solar), 1);
        assert!(mean_at(&solar, 13) < 0.75 * mean_at(&solar, 1));
        let fossil = year(&profile(MixShape::Fossil), 1);
        assert!(mean_at(&fossil, 19) > mean_at(&fossil, 7));
    }

    #[test]
    fn winter_peak_follows_the_hemisphere() {
        let mut p = profile(MixShape::Flat);
        p.diurnal_amplitude_frac = 0.0;
        p.noise_frac = 0.0;
        let north = year(&p, 0);
        assert!(north[15 * 24] > north[196 * 24]); // Jan 15 vs Jul 15
        p.southern_hemisphere = true;
        let south = year(&p, 0);
        assert!(south[15 * 24] < south[196 * 24]);
    }

    #[test]
    fn deterministic_per_seed_and_never_negative() {
        let p = CarbonProfile {
            noise_frac: 0.6,
            ..profile(MixShape::Wind)
        };
        assert_eq!(year(&p, 9), year(&p, 9));
        assert!(year(&p, 9).iter().all(|&c| c > 0.0));
    }
}

/// Water consumed off site to generate electricity [L/kWh] for a generation mix given in
/// percent by fuel: coal 450, gas 300, oil 350 and nuclear 600 gal/MWh, solar, wind and hydro
/// 0 (the per-fuel operational water-consumption factors used by Li, Yang, Islam & Ren 2023,
/// "Making AI Less Thirsty", arXiv:2304.03271). Other sources (bioenergy, geothermal) count 0,
/// which understates zones where they are large.
pub fn generation_water_l_per_kwh(coal_pct: f64, gas_pct: f64, oil_pct: f64, nuclear_pct: f64) -> f64 {
    const LITRES_PER_GALLON: f64 = 3.785_411_784;
    let gal_per_mwh = (450.0 * coal_pct + 300.0 * gas_pct + 350.0 * oil_pct + 600.0 * nuclear_pct) / 100.0;
    gal_per_mwh * LITRES_PER_GALLON / 1_000.0
}

#[cfg(test)]
mod water_tests {
    use super::generation_water_l_per_kwh;

    #[test]
    fn hand_computed_factors() {
        // All-coal: 450 gal/MWh × 3.785 L/gal / 1,000 kWh = 1.703 L/kWh; all-nuclear 2.271.
        assert!((generation_water_l_per_kwh(100.0, 0.0, 0.0, 0.0) - 1.703_4).abs() < 1e-3);
        assert!((generation_water_l_per_kwh(0.0, 0.0, 0.0, 100.0) - 2.271_2).abs() < 1e-3);
        assert_eq!(generation_water_l_per_kwh(0.0, 0.0, 0.0, 0.0), 0.0);
    }
}
