//! Where the sun is: the NOAA Solar Calculator algorithm with its refraction correction.

use dctwin_core::UtcTime;

/// The sun's position seen from a point on the ground at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolarPosition {
    /// Angle between the local vertical and the geometric (unrefracted) sun [°], 0–180.
    pub zenith_deg: f64,
    /// Zenith corrected for atmospheric refraction, where the sun is seen [°].
    pub apparent_zenith_deg: f64,
    /// Azimuth of the sun, clockwise from true north (90 = east, 180 = south) [°], 0–360.
    pub azimuth_deg: f64,
    /// Apparent elevation above the horizon, `90 − apparent_zenith_deg` [°].
    pub elevation_deg: f64,
}

/// Julian Day of the Unix epoch, 1970-01-01T00:00:00Z.
const JD_UNIX_EPOCH: f64 = 2_440_587.5;
/// Julian Day of the J2000.0 epoch, 2000-01-01T12:00:00 TT.
const JD_J2000: f64 = 2_451_545.0;

/// Position of the sun at `time` seen from `latitude_deg`, `longitude_deg`.
///
/// Model: the NOAA Solar Calculator (NOAA Global Monitoring Laboratory spreadsheet), which
/// evaluates the low-precision solar coordinates of Meeus, *Astronomical Algorithms* (2nd ed.,
/// 1998), chapters 22, 25 and 28, and adds NOAA's piecewise refraction correction
/// ([`noaa_refraction_deg`]). Universal time is used for terrestrial time (ΔT ≈ 69 s in 2023
/// moves the sun by about 3·10⁻⁵°, far below the algorithm's accuracy).
///
/// # Arguments
/// * `time` — the instant [UTC].
/// * `latitude_deg` — geographic latitude, north positive [°].
/// * `longitude_deg` — geographic longitude, east positive [°].
///
/// # Returns
/// Zenith, apparent zenith and elevation [°], azimuth clockwise from north [°].
///
/// # Equations
/// With T the Julian centuries since J2000.0: mean longitude
/// L₀ = 280.46646 + 36000.76983 T + 0.0003032 T², mean anomaly
/// M = 357.52911 + 35999.05029 T − 0.0001537 T², equation of centre C (Meeus 25.4), apparent
/// longitude λ = L₀ + C − 0.00569 − 0.00478 sin Ω, corrected obliquity ε, declination
/// δ = asin(sin ε sin λ), equation of time E (Meeus 28.3), true solar time
/// t = UTC minutes + E + 4·longitude, hour angle H = t/4 − 180°, and
/// cos θz = sin φ sin δ + cos φ cos δ cos H.
///
/// # Validity
/// NOAA quotes an accuracy of about 1 arc-minute (0.0167°) for years 1800–2100; at Madrid in
/// 2023 it agrees with pvlib's NREL SPA within 0.016° in zenith and 0.02° in azimuth. Outside
/// those years the accuracy degrades slowly; there is no hard limit. The refraction is for a
/// standard atmosphere at sea level: [`solar_position_at`] scales it to the site. At the poles the azimuth
/// is undefined and returned as 180°.
///
/// # References
/// * J. Meeus, *Astronomical Algorithms*, 2nd ed., Willmann-Bell, 1998. ISBN 0-943396-61-1.
/// * NOAA GML Solar Calculator, <https://gml.noaa.gov/grad/solcalc/calcdetails.html>.
/// * I. Reda, A. Andreas, "Solar position algorithm for solar radiation applications", Solar
///   Energy 76(5), 577–589, 2004, doi:10.1016/j.solener.2003.12.003 (the reference it is
///   tested against, through pvlib).
pub fn solar_position(time: UtcTime, latitude_deg: f64, longitude_deg: f64) -> SolarPosition {
    let (zenith_deg, azimuth_deg) = geometric_zenith_azimuth_deg(time, latitude_deg, longitude_deg);
    refract(zenith_deg, azimuth_deg, 1.0)
}

/// [`solar_position`] with the refraction scaled to the station's pressure and temperature.
///
/// Model: as [`solar_position`]; NOAA's refraction, fitted for 1010 hPa and 10 °C, is
/// multiplied by (P / 1010 hPa)·(283 K / (273 K + T)) (Meeus, *Astronomical Algorithms*,
/// chapter 16; the same scaling the NREL SPA applies). At 670 m this brings the apparent
/// zenith within 0.003° of pvlib's SPA, against 0.04° unscaled.
///
/// # Arguments
/// * `time` — the instant [UTC].
/// * `latitude_deg`, `longitude_deg` — north and east positive [°].
/// * `pressure_pa` — station pressure [Pa], e.g. [`crate::pressure_from_altitude_pa`]
///   (pvlib's `Location.get_solarposition` default).
/// * `temp_air_c` — air temperature [°C]; pvlib's default is 12 °C.
///
/// # Returns
/// As [`solar_position`]; only the apparent zenith and the elevation change.
///
/// # References
/// As [`solar_position`]; I. Reda, A. Andreas (2004), eq. 42, doi:10.1016/j.solener.2003.12.003.
pub fn solar_position_at(
    time: UtcTime,
    latitude_deg: f64,
    longitude_deg: f64,
    pressure_pa: f64,
    temp_air_c: f64,
) -> SolarPosition {
    let (zenith_deg, azimuth_deg) = geometric_zenith_azimuth_deg(time, latitude_deg, longitude_deg);
    let scale = pressure_pa / REFRACTION_PRESSURE_PA * (REFRACTION_TEMP_K / (273.0 + temp_air_c));
    refract(zenith_deg, azimuth_deg, scale)
}

/// Pressure of NOAA's refraction fit [Pa].
const REFRACTION_PRESSURE_PA: f64 = 101_000.0;
/// Temperature of NOAA's refraction fit [K] (Meeus' 283 K for 10 °C).
const REFRACTION_TEMP_K: f64 = 283.0;

fn refract(zenith_deg: f64, azimuth_deg: f64, scale: f64) -> SolarPosition {
    let elevation_deg = 90.0 - zenith_deg + scale * noaa_refraction_deg(90.0 - zenith_deg);
    SolarPosition {
        zenith_deg,
        apparent_zenith_deg: 90.0 - elevation_deg,
        azimuth_deg,
        elevation_deg,
    }
}

/// Geometric zenith and azimuth [°] by the NOAA algorithm.
fn geometric_zenith_azimuth_deg(time: UtcTime, latitude_deg: f64, longitude_deg: f64) -> (f64, f64) {
    let jd = JD_UNIX_EPOCH + time.0 as f64 / 86_400.0;
    let t = (jd - JD_J2000) / 36_525.0;

    let mean_long_deg = (280.466_46 + t * (36_000.769_83 + t * 0.000_303_2)).rem_euclid(360.0);
    let mean_anom_deg = 357.529_11 + t * (35_999.050_29 - 0.000_153_7 * t);
    let eccentricity = 0.016_708_634 - t * (0.000_042_037 + 0.000_000_126_7 * t);
    let m = mean_anom_deg.to_radians();
    let centre_deg = m.sin() * (1.914_602 - t * (0.004_817 + 0.000_014 * t))
        + (2.0 * m).sin() * (0.019_993 - 0.000_101 * t)
        + (3.0 * m).sin() * 0.000_289;
    let true_long_deg = mean_long_deg + centre_deg;
    // Ω, longitude of the Moon's ascending node: nutation and aberration terms.
    let omega = (125.04 - 1_934.136 * t).to_radians();
    let apparent_long = (true_long_deg - 0.005_69 - 0.004_78 * omega.sin()).to_radians();
    let mean_obliquity_deg = 23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.000_59 - t * 0.001_813))) / 60.0) / 60.0;
    let obliquity = (mean_obliquity_deg + 0.002_56 * omega.cos()).to_radians();
    let declination = (obliquity.sin() * apparent_long.sin()).asin();

    let y = (obliquity / 2.0).tan().powi(2);
    let l0 = mean_long_deg.to_radians();
    let e = eccentricity;
    let equation_of_time_min = 4.0
        * (y * (2.0 * l0).sin() - 2.0 * e * m.sin() + 4.0 * e * y * m.sin() * (2.0 * l0).cos()
            - 0.5 * y * y * (4.0 * l0).sin()
            - 1.25 * e * e * (2.0 * m).sin())
        .to_degrees();

    let minutes_utc = f64::from(time.second_of_day()) / 60.0;
    let true_solar_min = (minutes_utc + equation_of_time_min + 4.0 * longitude_deg).rem_euclid(1_440.0);
    let hour_angle_deg = true_solar_min / 4.0 - 180.0;
    let hour_angle = hour_angle_deg.to_radians();

    let lat = latitude_deg.to_radians();
    let cos_zenith =
        (lat.sin() * declination.sin() + lat.cos() * declination.cos() * hour_angle.cos()).clamp(-1.0, 1.0);
    let zenith = cos_zenith.acos();
    let zenith_deg = zenith.to_degrees();

    let denominator = lat.cos() * zenith.sin();
    let azimuth_deg = if denominator.abs() < 1e-12 {
        180.0
    } else {
        let from_south_deg = ((lat.sin() * cos_zenith - declination.sin()) / denominator)
            .clamp(-1.0, 1.0)
            .acos()
            .to_degrees();
        if hour_angle_deg > 0.0 {
            (from_south_deg + 180.0).rem_euclid(360.0)
        } else {
            (540.0 - from_south_deg).rem_euclid(360.0)
        }
    };

    (zenith_deg, azimuth_deg)
}

/// Atmospheric refraction lifting the sun at geometric elevation `elevation_deg` [°].
///
/// Model: the NOAA Solar Calculator's piecewise fit for a standard atmosphere (about 1010 hPa
/// and 10 °C): Bennett/Saemundsson-type series above 5°, a polynomial near the horizon and
/// Zimmerman's approximation below it.
///
/// # Arguments
/// * `elevation_deg` — geometric (unrefracted) solar elevation [°].
///
/// # Returns
/// The refraction correction to add to the elevation [°], 0 above 85°.
///
/// # Equation
/// In arc-seconds, with e the elevation and τ = tan e:
/// * e > 85°: 0;
/// * 5° < e ≤ 85°: 58.1/τ − 0.07/τ³ + 0.000086/τ⁵;
/// * −0.575° < e ≤ 5°: 1735 − 518.2 e + 103.4 e² − 12.79 e³ + 0.711 e⁴;
/// * e ≤ −0.575°: −20.772/τ.
///
/// # Validity
/// Standard pressure and temperature only: refraction scales with (P/1010 hPa)·(283 K/T), so
/// at 670 m (≈ 935 hPa) it is about 7 % smaller than returned here (≤ 0.04° at the horizon);
/// [`solar_position_at`] applies that factor. Below the horizon the value only keeps the curve
/// continuous.
///
/// # References
/// NOAA GML Solar Calculator, <https://gml.noaa.gov/grad/solcalc/calcdetails.html>;
/// Meeus, *Astronomical Algorithms*, 2nd ed., chapter 16.
pub fn noaa_refraction_deg(elevation_deg: f64) -> f64 {
    let e = elevation_deg;
    let arcsec = if e > 85.0 {
        0.0
    } else if e > 5.0 {
        let tau = e.to_radians().tan();
        58.1 / tau - 0.07 / tau.powi(3) + 0.000_086 / tau.powi(5)
    } else if e > -0.575 {
        1_735.0 + e * (-518.2 + e * (103.4 + e * (-12.79 + e * 0.711)))
    } else {
        -20.772 / e.to_radians().tan()
    };
    arcsec / 3_600.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equinox_noon_at_the_equator_is_nearly_overhead() {
        // 2023-03-20 21:24 UTC was the March equinox; at 12:00 UTC on the Greenwich meridian the
        // sun stands within ~0.3° of the zenith at the equator (declination ≈ −0.1°, equation
        // of time ≈ −7.5 min ⇒ 1.9° of hour angle).
        let p = solar_position(UtcTime::from_civil(2023, 3, 20, 12, 0, 0), 0.0, 0.0);
        assert!(p.zenith_deg < 2.5, "{p:?}");
    }

    #[test]
    fn refraction_is_about_half_a_degree_at_the_horizon() {
        // 1735″ = 0.482° at e = 0, the textbook 34′ horizontal refraction within 2′.
        assert!((noaa_refraction_deg(0.0) - 1_735.0 / 3_600.0).abs() < 1e-12);
        assert_eq!(noaa_refraction_deg(89.0), 0.0);
        // The two fits meet at 5° within 2″ (574.6″ below, 576.3″ above).
        assert!((noaa_refraction_deg(5.000_001) - noaa_refraction_deg(4.999_999)).abs() < 2.0 / 3_600.0);
    }

    #[test]
    fn morning_sun_is_east_and_afternoon_sun_is_west() {
        let madrid = (40.42, -3.70);
        let am = solar_position(UtcTime::from_civil(2023, 6, 21, 7, 0, 0), madrid.0, madrid.1);
        let pm = solar_position(UtcTime::from_civil(2023, 6, 21, 17, 0, 0), madrid.0, madrid.1);
        assert!(am.azimuth_deg > 45.0 && am.azimuth_deg < 135.0, "{am:?}");
        assert!(pm.azimuth_deg > 225.0 && pm.azimuth_deg < 315.0, "{pm:?}");
        assert!(am.apparent_zenith_deg < am.zenith_deg);
    }
}
