//! Psychrometric functions of temperature and humidity.

/// Magnus coefficients over water (Alduchov & Eskridge 1996, "Improved Magnus form
/// approximation of saturation vapor pressure", J. Appl. Meteor. 35, 601–609):
/// `e_s = 6.1094 exp(17.625 T / (T + 243.04))` hPa, within 0.4 % over −40…50 °C.
const MAGNUS_A_HPA: f64 = 6.1094;
const MAGNUS_B: f64 = 17.625;
const MAGNUS_C_C: f64 = 243.04;

/// Saturation vapour pressure over water [hPa] at `temp_c` [°C] (Magnus–Alduchov–Eskridge).
pub fn saturation_vapor_pressure_hpa(temp_c: f64) -> f64 {
    MAGNUS_A_HPA * (MAGNUS_B * temp_c / (temp_c + MAGNUS_C_C)).exp()
}

/// Dew point [°C] of air at `temp_c` [°C] and relative humidity `rh_pct` [%], by inverting the
/// Magnus formula (Alduchov & Eskridge 1996). `rh_pct` is clamped to [0.1, 100].
pub fn dew_point_c(temp_c: f64, rh_pct: f64) -> f64 {
    let gamma = (rh_pct.clamp(0.1, 100.0) / 100.0).ln() + MAGNUS_B * temp_c / (MAGNUS_C_C + temp_c);
    MAGNUS_C_C * gamma / (MAGNUS_B - gamma)
}

/// Relative humidity [%] of air at `temp_c` [°C] with dew point `dew_point_c` [°C] (Magnus),
/// capped at 100 %.
pub fn relative_humidity_pct(temp_c: f64, dew_point_c: f64) -> f64 {
    (100.0 * saturation_vapor_pressure_hpa(dew_point_c) / saturation_vapor_pressure_hpa(temp_c)).min(100.0)
}

/// Wet-bulb temperature [°C] from dry bulb `temp_c` [°C] and relative humidity `rh_pct` [%].
///
/// Model: Stull (2011), "Wet-Bulb Temperature from Relative Humidity and Air Temperature",
/// J. Appl. Meteor. Climatol. 50, 2267–2269, doi:10.1175/JAMC-D-11-0143.1 — an empirical fit at
/// sea-level pressure:
///
/// `Tw = T atan(0.151977 (RH + 8.313659)^½) + atan(T + RH) − atan(RH − 1.676331)
///       + 0.00391838 RH^{3/2} atan(0.023101 RH) − 4.686035`
///
/// Validity: RH 5–99 %, T −20…50 °C, error −1…+0.65 K (mean absolute 0.3 K). Outside that
/// range the result is clamped to [dew point, dry bulb], the physical bounds of the wet bulb.
pub fn stull_wet_bulb_c(temp_c: f64, rh_pct: f64) -> f64 {
    let t = temp_c;
    let rh = rh_pct.clamp(0.0, 100.0);
    let tw = t * (0.151_977 * (rh + 8.313_659).sqrt()).atan() + (t + rh).atan() - (rh - 1.676_331).atan()
        + 0.003_918_38 * rh.powf(1.5) * (0.023_101 * rh).atan()
        - 4.686_035;
    tw.clamp(dew_point_c(t, rh).min(t), t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spot checks from psychrolib 2.5 at sea level (dctwin FIGURES.md). Stull's fit is good to
    /// −1…+0.65 K, so the wet bulb is held to 0.65 K; Magnus' dew point to 0.1 K.
    #[test]
    fn psychrolib_spot_checks() {
        for (t, rh, wb, dp) in [(35.0, 40.0, 23.93, 19.38), (30.0, 50.0, 22.01, 18.45)] {
            let w = stull_wet_bulb_c(t, rh);
            let d = dew_point_c(t, rh);
            assert!((w - wb).abs() < 0.65, "wet bulb {w} vs {wb}");
            assert!((d - dp).abs() < 0.1, "dew point {d} vs {dp}");
        }
        // Stull's own worked example: 20 °C, 50 % → 13.7 °C.
        assert!((stull_wet_bulb_c(20.0, 50.0) - 13.7).abs() < 0.05);
    }

    #[test]
    fn saturated_air_has_wet_bulb_near_dry_bulb() {
        for t in [-10.0, 0.0, 15.0, 30.0] {
            assert!((t - stull_wet_bulb_c(t, 99.0)).abs() < 1.0);
            assert!((dew_point_c(t, 100.0) - t).abs() < 1e-9);
        }
    }

    #[test]
    fn rh_round_trips_through_dew_point() {
        for t in [-15.0, 5.0, 25.0, 40.0] {
            for rh in [10.0, 45.0, 90.0] {
                assert!((relative_humidity_pct(t, dew_point_c(t, rh)) - rh).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn wet_bulb_between_dew_point_and_dry_bulb() {
        for t in -20..=50 {
            for rh in (5..=99).step_by(7) {
                let (t, rh) = (f64::from(t), f64::from(rh));
                let w = stull_wet_bulb_c(t, rh);
                assert!(w <= t + 1e-12 && w >= dew_point_c(t, rh) - 1e-9, "{t} {rh} {w}");
            }
        }
    }
}
