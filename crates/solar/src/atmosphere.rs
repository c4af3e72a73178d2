//! The air the sunlight crosses: air mass, pressure with altitude, Linke turbidity.

use dctwin_core::{UtcTime, days_in_year};

/// Standard sea-level pressure [Pa].
pub const STANDARD_PRESSURE_PA: f64 = 101_325.0;

/// Relative optical air mass at apparent zenith `zenith_deg`.
///
/// Model: Kasten & Young (1989), fitted to a ray-traced ISO 1976 standard atmosphere; pvlib's
/// default (`atmosphere.get_relative_airmass(model='kastenyoung1989')`).
///
/// # Arguments
/// * `zenith_deg` — apparent (refraction-corrected) solar zenith [°]. The fit was made on the
///   apparent zenith; pvlib passes the apparent zenith too.
///
/// # Returns
/// Path length relative to the vertical [-]: 1 overhead, ≈38 at the horizon; `None` when the
/// sun is below the horizon (zenith > 90°, or not a number).
///
/// # Equation
/// AM = 1 / (cos z + 0.50572 (96.07995 − z)^−1.6364), z in degrees.
///
/// # Validity
/// 0–90°; within 0.5 % of the ray-traced values up to about 86° (Kasten & Young 1989).
///
/// # References
/// F. Kasten, A. T. Young, "Revised optical air mass tables and approximation formula", Applied
/// Optics 28(22), 4735–4738, 1989, doi:10.1364/AO.28.004735.
pub fn kasten_young_airmass(zenith_deg: f64) -> Option<f64> {
    if zenith_deg.is_nan() || zenith_deg > 90.0 {
        return None;
    }
    Some(1.0 / (zenith_deg.to_radians().cos() + 0.505_72 * (96.079_95 - zenith_deg).powf(-1.636_4)))
}

/// Absolute (pressure-corrected) air mass.
///
/// Model: the air column scales with station pressure (pvlib `atmosphere.get_absolute_airmass`).
///
/// # Arguments
/// * `airmass_relative` — relative air mass, e.g. [`kasten_young_airmass`] [-].
/// * `pressure_pa` — station pressure [Pa]; [`pressure_from_altitude_pa`] if not measured.
///
/// # Returns
/// AM_a = AM · p / 101 325 Pa [-].
///
/// # References
/// C. A. Gueymard, "Critical analysis and performance assessment of clear sky solar irradiance
/// models using theoretical and measured data", Solar Energy 51(2), 121–138, 1993,
/// doi:10.1016/0038-092X(93)90074-X.
pub fn absolute_airmass(airmass_relative: f64, pressure_pa: f64) -> f64 {
    airmass_relative * pressure_pa / STANDARD_PRESSURE_PA
}

/// Mean station pressure at `altitude_m` in the standard atmosphere.
///
/// Model: the troposphere of the ICAO/US 1976 standard atmosphere (15 °C and 101 325 Pa at
/// sea level, lapse rate 6.5 K/km), as pvlib's `atmosphere.alt2pres`.
///
/// # Arguments
/// * `altitude_m` — height above sea level [m].
///
/// # Returns
/// Pressure [Pa].
///
/// # Equation
/// p = 101 325 (1 − 2.25577·10⁻⁵ h)^5.25588.
///
/// # Validity
/// The troposphere, below 11 km.
///
/// # References
/// "A Quick Derivation relating altitude to air pressure", Portland State Aerospace Society,
/// 2004, <http://www.psas.pdx.edu>; U.S. Standard Atmosphere 1976, NOAA-S/T 76-1562.
pub fn pressure_from_altitude_pa(altitude_m: f64) -> f64 {
    STANDARD_PRESSURE_PA * (1.0 - 2.255_77e-5 * altitude_m).powf(5.255_88)
}

/// Middle of each month as a one-based day of year, preceded by mid-December of the previous
/// year and followed by mid-January of the next (as pvlib's `_calendar_month_middles`).
fn month_middles(leap_year: bool) -> [f64; 14] {
    let mut days = [31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0];
    if leap_year {
        days[1] = 29.0;
    }
    let year_days: f64 = days.iter().sum();
    let mut middles = [0.0; 14];
    middles[0] = -31.0 / 2.0;
    let mut end = 0.0;
    for (i, d) in days.iter().enumerate() {
        end += d;
        middles[i + 1] = end - d / 2.0;
    }
    middles[13] = year_days + 31.0 / 2.0;
    middles
}

fn interpolate_monthly(monthly: &[f64; 12], day_of_year: f64, leap_year: bool) -> f64 {
    let x = month_middles(leap_year);
    let mut y = [0.0; 14];
    y[0] = monthly[11];
    y[1..13].copy_from_slice(monthly);
    y[13] = monthly[0];
    // Clamp like numpy.interp outside the table (cannot happen for days 1–366).
    if day_of_year <= x[0] {
        return y[0];
    }
    for i in 1..14 {
        if day_of_year <= x[i] {
            let f = (day_of_year - x[i - 1]) / (x[i] - x[i - 1]);
            return y[i - 1] + f * (y[i] - y[i - 1]);
        }
    }
    y[13]
}

/// Linke turbidity on a day of a 365-day year, interpolated from monthly values.
///
/// Model: pvlib's `clearsky.lookup_linke_turbidity(..., interp_turbidity=True)`: each monthly
/// value belongs to the middle of its month (day 15.5 for January, 45 for February, …, 349.5
/// for December); December is repeated at day −15.5 and January at day 380.5 so that the year
/// wraps; the value on a day is linear in between. Use [`linke_turbidity_at`] to get pvlib's
/// leap-year month middles too.
///
/// # Arguments
/// * `monthly` — Linke turbidity at mid-month, January first [-], e.g. from the SoDa/Meteotest
///   climatology (Remund et al. 2003) that pvlib ships.
/// * `day_of_year` — one-based day of the year (1 = 1 January) [d]; pvlib passes the whole day
///   number, a fraction is interpolated too.
///
/// # Returns
/// Linke turbidity factor T_L for air mass 2 [-].
///
/// # References
/// J. Remund, L. Wald, M. Lefèvre, T. Ranchin, J. Page, "Worldwide Linke turbidity
/// information", Proc. ISES Solar World Congress, Göteborg, 2003; pvlib-python,
/// <https://pvlib-python.readthedocs.io/en/stable/reference/generated/pvlib.clearsky.lookup_linke_turbidity.html>.
pub fn linke_turbidity_on(monthly: &[f64; 12], day_of_year: f64) -> f64 {
    interpolate_monthly(monthly, day_of_year, false)
}

/// Linke turbidity at `time`: [`linke_turbidity_on`] for the whole one-based day number of
/// `time`, with leap-year month middles in leap years, exactly as pvlib's lookup.
///
/// # Arguments
/// * `monthly` — Linke turbidity at mid-month, January first [-].
/// * `time` — the instant [UTC].
///
/// # Returns
/// Linke turbidity factor [-].
pub fn linke_turbidity_at(monthly: &[f64; 12], time: UtcTime) -> f64 {
    let leap = days_in_year(time.year()) == 366;
    interpolate_monthly(monthly, f64::from(time.day_of_year() + 1), leap)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADRID: [f64; 12] = [3.05, 3.2, 2.9, 3.3, 3.5, 3.95, 3.85, 4.2, 3.9, 3.7, 3.5, 3.05];

    #[test]
    fn airmass_published_points() {
        // Overhead: 1/(1 + 0.50572·96.07995^−1.6364) = 0.99971 (the fit is not exactly 1).
        let am0 = kasten_young_airmass(0.0).unwrap();
        assert!((am0 - 0.999_7).abs() < 1e-4, "{am0}");
        // 60°: ≈ 1.9942 (Kasten & Young 1989, Table: 1.9941 ray-traced).
        assert!((kasten_young_airmass(60.0).unwrap() - 1.994).abs() < 1e-3);
        // Horizon: 37.92 (Kasten & Young: 38.0868 ray-traced, fit 37.9).
        assert!((kasten_young_airmass(90.0).unwrap() - 37.92).abs() < 0.05);
        assert!(kasten_young_airmass(90.1).is_none());
        assert!(kasten_young_airmass(f64::NAN).is_none());
    }

    #[test]
    fn pressure_at_altitude() {
        assert_eq!(pressure_from_altitude_pa(0.0), STANDARD_PRESSURE_PA);
        // Standard atmosphere at 1000 m: 89 876 Pa.
        assert!((pressure_from_altitude_pa(1_000.0) - 89_876.0).abs() < 5.0);
        assert!((absolute_airmass(2.0, 50_662.5) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn linke_is_the_monthly_value_at_mid_month_and_wraps() {
        // 15 January 12:00 is day 15.5, the January middle.
        assert!((linke_turbidity_on(&MADRID, 15.5) - 3.05).abs() < 1e-12);
        assert!((linke_turbidity_on(&MADRID, 45.0) - 3.2).abs() < 1e-12);
        // Half-way between mid-December (349.5) and mid-January (380.5 ≡ 15.5): day 365.
        let mut m = MADRID;
        m[0] = 2.0;
        m[11] = 4.0;
        assert!((linke_turbidity_on(&m, 365.0) - 3.0).abs() < 1e-12);
        assert!((linke_turbidity_on(&m, 0.0) - 3.0).abs() < 1e-12);
        // pvlib fixture: 19 January 2023 (day 19) = 3.0678.
        let t = UtcTime::from_civil(2023, 1, 19, 12, 0, 0);
        assert!((linke_turbidity_at(&MADRID, t) - 3.067_8).abs() < 1e-4);
        // Leap years move the middles after February by half a day to a day.
        let leap = UtcTime::from_civil(2024, 3, 15, 0, 0, 0);
        assert!((linke_turbidity_at(&MADRID, leap) - 2.9).abs() < 0.02);
    }
}
