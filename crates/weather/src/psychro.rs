//! Psychrometrics of moist air, from the ASHRAE Handbook Fundamentals 2017, chapter 1.
//!
//! SI units throughout: temperatures in °C, pressures in Pa, humidity ratio in kg of water per
//! kg of dry air, enthalpy in kJ per kg of dry air. Checked against PsychroLib 2.5.0 (Meyer &
//! Thevenard 2019, doi:10.21105/joss.01137), which implements the same equations, over
//! −20…45 °C and 10–90 % RH at two pressures (`tests/psychrometrics.rs`).

/// Kelvin at 0 °C.
const ZERO_C_K: f64 = 273.15;
/// Triple point of water [°C]: below it, saturation is over ice.
const TRIPLE_POINT_C: f64 = 0.01;
/// Ratio of the molar masses of water vapour and dry air (ASHRAE 2017 ch. 1 eq. 22).
const MOLAR_MASS_RATIO: f64 = 0.621_945;
/// Standard sea-level pressure [Pa].
pub const STANDARD_PRESSURE_PA: f64 = 101_325.0;

/// Saturation vapour pressure [Pa] at `temp_c` [°C]: Hyland & Wexler's formulation, over ice
/// below the triple point (ASHRAE 2017 ch. 1 eq. 5) and over liquid water above it (eq. 6).
/// Valid −100…200 °C.
pub fn saturation_vapor_pressure_pa(temp_c: f64) -> f64 {
    let t = temp_c + ZERO_C_K;
    let ln_p = if temp_c <= TRIPLE_POINT_C {
        -5.674_535_9e3 / t + 6.392_524_7 - 9.677_843e-3 * t + 6.221_570_1e-7 * t * t + 2.074_782_5e-9 * t.powi(3)
            - 9.484_024e-13 * t.powi(4)
            + 4.163_501_9 * t.ln()
    } else {
        -5.800_220_6e3 / t + 1.391_499_3 - 4.864_023_9e-2 * t + 4.176_476_8e-5 * t * t - 1.445_209_3e-8 * t.powi(3)
            + 6.545_967_3 * t.ln()
    };
    ln_p.exp()
}

/// Atmospheric pressure [Pa] at `elevation_m` [m] in the standard atmosphere (ASHRAE 2017
/// ch. 1 eq. 3): `p = 101,325 (1 − 2.25577×10⁻⁵ Z)^5.2559`.
pub fn pressure_at_elevation_pa(elevation_m: f64) -> f64 {
    STANDARD_PRESSURE_PA * (1.0 - 2.255_77e-5 * elevation_m).powf(5.255_9)
}

/// Humidity ratio [kg/kg] of air with vapour partial pressure `vapor_pa` at total `pressure_pa`
/// (ASHRAE 2017 ch. 1 eq. 20).
pub fn humidity_ratio_from_vapor_pressure(vapor_pa: f64, pressure_pa: f64) -> f64 {
    MOLAR_MASS_RATIO * vapor_pa / (pressure_pa - vapor_pa).max(1.0)
}

/// Humidity ratio [kg/kg] at `temp_c` [°C], relative humidity `rh_pct` [%] and `pressure_pa`.
pub fn humidity_ratio(temp_c: f64, rh_pct: f64, pressure_pa: f64) -> f64 {
    let vapor = rh_pct.clamp(0.0, 100.0) / 100.0 * saturation_vapor_pressure_pa(temp_c);
    humidity_ratio_from_vapor_pressure(vapor, pressure_pa)
}

/// Moist-air enthalpy [kJ/kg dry air] at `temp_c` [°C] and humidity ratio `humidity_ratio`
/// [kg/kg]: `h = 1.006 t + W (2501 + 1.86 t)` (ASHRAE 2017 ch. 1 eq. 30).
pub fn moist_air_enthalpy_kj_per_kg(temp_c: f64, humidity_ratio: f64) -> f64 {
    1.006 * temp_c + humidity_ratio * (2_501.0 + 1.86 * temp_c)
}

/// Solves `f(x) = 0` on `[lo, hi]` (with `f(lo) ≤ 0 ≤ f(hi)`) by bisection to 1e-6 K.
fn bisect(mut lo: f64, mut hi: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi - lo < 1e-7 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Dew point [°C] of air at `temp_c` [°C] and `rh_pct` [%]: the temperature at which the
/// saturation pressure equals the vapour pressure (inverse of
/// [`saturation_vapor_pressure_pa`], so a frost point below 0.01 °C). `rh_pct` is clamped to
/// [0.1, 100].
pub fn dew_point_c(temp_c: f64, rh_pct: f64) -> f64 {
    let vapor = rh_pct.clamp(0.1, 100.0) / 100.0 * saturation_vapor_pressure_pa(temp_c);
    bisect(-100.0, temp_c, |t| saturation_vapor_pressure_pa(t) - vapor)
}

/// Relative humidity [%] of air at `temp_c` [°C] with dew point `dew_point_c` [°C], capped at
/// 100 %.
pub fn relative_humidity_pct(temp_c: f64, dew_point_c: f64) -> f64 {
    (100.0 * saturation_vapor_pressure_pa(dew_point_c) / saturation_vapor_pressure_pa(temp_c)).min(100.0)
}

/// Humidity ratio [kg/kg] of air at `dry_c` whose thermodynamic wet bulb is `wet_c`, at
/// `pressure_pa` (ASHRAE 2017 ch. 1 eq. 33 above freezing, eq. 35 below).
fn humidity_ratio_from_wet_bulb(dry_c: f64, wet_c: f64, pressure_pa: f64) -> f64 {
    let ws = humidity_ratio_from_vapor_pressure(saturation_vapor_pressure_pa(wet_c), pressure_pa);
    if wet_c >= 0.0 {
        ((2_501.0 - 2.326 * wet_c) * ws - 1.006 * (dry_c - wet_c)) / (2_501.0 + 1.86 * dry_c - 4.186 * wet_c)
    } else {
        ((2_830.0 - 0.24 * wet_c) * ws - 1.006 * (dry_c - wet_c)) / (2_830.0 + 1.86 * dry_c - 2.1 * wet_c)
    }
}

/// Thermodynamic wet-bulb temperature [°C] of air at `temp_c` [°C], `rh_pct` [%] and
/// `pressure_pa` [Pa]: the temperature at which the psychrometric equation (ASHRAE 2017
/// ch. 1 eq. 33/35) gives the air's humidity ratio, found by bisection between the dew point
/// and the dry bulb. Valid −100…200 °C.
pub fn wet_bulb_c(temp_c: f64, rh_pct: f64, pressure_pa: f64) -> f64 {
    let w = humidity_ratio(temp_c, rh_pct, pressure_pa);
    let dew = dew_point_c(temp_c, rh_pct);
    bisect(dew.min(temp_c), temp_c, |wb| {
        humidity_ratio_from_wet_bulb(temp_c, wb, pressure_pa) - w
    })
}

/// Wet-bulb temperature [°C] from dry bulb `temp_c` [°C] and relative humidity `rh_pct` [%].
///
/// Model: Stull (2011), "Wet-Bulb Temperature from Relative Humidity and Air Temperature",
/// J. Appl. Meteor. Climatol. 50, 2267–2269, doi:10.1175/JAMC-D-11-0143.1 — an empirical fit at
/// sea-level pressure, kept as a cheap cross-check of [`wet_bulb_c`]:
///
/// `Tw = T atan(0.151977 (RH + 8.313659)^½) + atan(T + RH) − atan(RH − 1.676331)
///       + 0.00391838 RH^{3/2} atan(0.023101 RH) − 4.686035`
///
/// Validity: RH 5–99 %, T −20…50 °C, error −1…+0.65 K. Clamped to [dew point, dry bulb].
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

    /// Spot checks against PsychroLib 2.5 at sea level (docs/figures.md): within 0.1 °C, as
    /// issue 4 asks.
    #[test]
    fn figures_spot_checks() {
        for (t, rh, wb, dp) in [(35.0, 40.0, 23.93, 19.38), (30.0, 50.0, 22.01, 18.45)] {
            assert!(
                (wet_bulb_c(t, rh, STANDARD_PRESSURE_PA) - wb).abs() < 0.01,
                "wet bulb at {t} °C {rh} %"
            );
            assert!((dew_point_c(t, rh) - dp).abs() < 0.01, "dew point at {t} °C {rh} %");
        }
    }

    /// ASHRAE 2017 ch. 1 Table 3: saturation pressure 3.1699 kPa at 25 °C, 0.6112 at 0.01 °C.
    #[test]
    fn saturation_pressure_table_values() {
        assert!((saturation_vapor_pressure_pa(25.0) - 3_169.9).abs() < 1.0);
        assert!((saturation_vapor_pressure_pa(0.01) - 611.2).abs() < 0.5);
        // Standard atmosphere at 1,500 m: 84.556 kPa (ASHRAE 2017 ch. 1 Table 1).
        assert!((pressure_at_elevation_pa(1_500.0) - 84_556.0).abs() < 5.0);
    }

    #[test]
    fn invariants() {
        for t in [-15.0, 0.0, 20.0, 40.0] {
            for rh in [10.0, 50.0, 95.0] {
                let (w, d) = (wet_bulb_c(t, rh, STANDARD_PRESSURE_PA), dew_point_c(t, rh));
                assert!(d <= w + 1e-6 && w <= t + 1e-9, "{t} {rh}");
                assert!((relative_humidity_pct(t, d) - rh).abs() < 1e-4);
            }
            assert!((wet_bulb_c(t, 100.0, STANDARD_PRESSURE_PA) - t).abs() < 1e-4);
        }
        // Stull's fit stays within its published error of the exact wet bulb.
        assert!((stull_wet_bulb_c(30.0, 50.0) - wet_bulb_c(30.0, 50.0, STANDARD_PRESSURE_PA)).abs() < 1.0);
    }
}
