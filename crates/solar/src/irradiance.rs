//! Sunlight: extraterrestrial, clear-sky, decomposed and on the tilted plane of the array.

/// Solar constant used by [`extra_radiation_w_m2`] [W/m²]: pvlib's default
/// (`irradiance.get_extra_radiation(solar_constant=1366.1)`), the ASTM E-490 value of
/// Gueymard (2004), doi:10.1016/j.solener.2003.08.039. The older WRC value, 1367 W/m², is
/// 0.07 % higher.
pub const SOLAR_CONSTANT_W_M2: f64 = 1_366.1;

/// Extraterrestrial irradiance on a plane normal to the sun on `day_of_year`.
///
/// Model: Spencer (1971)'s Fourier series for the inverse square of the Earth–Sun distance,
/// times [`SOLAR_CONSTANT_W_M2`]; pvlib's default `get_extra_radiation(method='spencer')`.
///
/// # Arguments
/// * `day_of_year` — one-based day number (1 = 1 January) [d]; pvlib passes the whole day.
///
/// # Returns
/// Extraterrestrial normal irradiance [W/m²]: ≈1413 in early January, ≈1321 in early July.
///
/// # Equation
/// Γ = 2π (n − 1)/365;
/// E = S (1.00011 + 0.034221 cos Γ + 0.00128 sin Γ + 0.000719 cos 2Γ + 0.000077 sin 2Γ).
///
/// # Validity
/// Any day; the series is accurate to about 10⁻⁴ of the distance factor.
///
/// # References
/// J. W. Spencer, "Fourier series representation of the position of the sun", Search 2(5),
/// 172, 1971; C. A. Gueymard, "The sun's total and spectral irradiance for solar energy
/// applications and solar radiation models", Solar Energy 76(4), 423–453, 2004,
/// doi:10.1016/j.solener.2003.08.039.
pub fn extra_radiation_w_m2(day_of_year: f64) -> f64 {
    let g = std::f64::consts::TAU * (day_of_year - 1.0) / 365.0;
    SOLAR_CONSTANT_W_M2
        * (1.000_11
            + 0.034_221 * g.cos()
            + 0.001_28 * g.sin()
            + 0.000_719 * (2.0 * g).cos()
            + 0.000_077 * (2.0 * g).sin())
}

/// Global, direct and diffuse irradiance of a sky.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClearSky {
    /// Global horizontal irradiance [W/m²].
    pub ghi_w_m2: f64,
    /// Direct normal irradiance [W/m²].
    pub dni_w_m2: f64,
    /// Diffuse horizontal irradiance [W/m²].
    pub dhi_w_m2: f64,
}

/// Cloudless-sky irradiance from the sun's position and the Linke turbidity.
///
/// Model: Ineichen & Perez (2002), as pvlib's `clearsky.ineichen(perez_enhancement=False)`:
/// GHI from Ineichen & Perez eq. 11, beam from eq. 8 limited by the "empirical correction" of
/// Perez et al. (2002), diffuse as the remainder.
///
/// # Arguments
/// * `apparent_zenith_deg` — refraction-corrected solar zenith [°].
/// * `airmass_absolute` — pressure-corrected air mass [-]
///   ([`crate::kasten_young_airmass`] then [`crate::absolute_airmass`]); not finite ⇒ night.
/// * `linke_turbidity` — Linke turbidity factor [-], typically 2 (very clear) to 7 (hazy).
/// * `altitude_m` — site altitude [m].
/// * `dni_extra_w_m2` — extraterrestrial normal irradiance [W/m²] ([`extra_radiation_w_m2`]).
///
/// # Returns
/// GHI, DNI and DHI [W/m²]; all zero with the sun at or below the horizon.
///
/// # Equations
/// f_h1 = e^(−h/8000), f_h2 = e^(−h/1250), c_g1 = 5.09·10⁻⁵ h + 0.868,
/// c_g2 = 3.92·10⁻⁵ h + 0.0387;
/// GHI = c_g1 I₀ cos z · exp(−c_g2 AM (f_h1 + f_h2 (T_L − 1)));
/// B₁ = (0.664 + 0.163/f_h1) I₀ exp(−0.09 AM (T_L − 1));
/// B₂ = GHI (1 − (0.1 − 0.2 e^(−T_L))/(0.1 + 0.882/f_h1)) / cos z;
/// DNI = min(B₁, B₂); DHI = GHI − DNI cos z.
///
/// # Validity
/// Fitted to sites from sea level to about 3000 m and T_L ≈ 2–7; near the horizon (AM > 10)
/// the irradiance is small and less certain. Without the Perez enhancement factor GHI is not
/// inflated at high air mass (pvlib issue 435).
///
/// # References
/// * P. Ineichen, R. Perez, "A new airmass independent formulation for the Linke turbidity
///   coefficient", Solar Energy 73(3), 151–157, 2002, doi:10.1016/S0038-092X(02)00045-2.
/// * R. Perez et al., "A new operational model for satellite-derived irradiances: description
///   and validation", Solar Energy 73(5), 307–317, 2002, doi:10.1016/S0038-092X(02)00122-6.
/// * pvlib-python `clearsky.ineichen`,
///   <https://pvlib-python.readthedocs.io/en/stable/reference/generated/pvlib.clearsky.ineichen.html>.
pub fn ineichen_clear_sky(
    apparent_zenith_deg: f64,
    airmass_absolute: f64,
    linke_turbidity: f64,
    altitude_m: f64,
    dni_extra_w_m2: f64,
) -> ClearSky {
    let cos_zenith = apparent_zenith_deg.to_radians().cos();
    if cos_zenith.is_nan() || cos_zenith <= 0.0 || !airmass_absolute.is_finite() {
        return ClearSky::default();
    }
    let h = altitude_m;
    let tl = linke_turbidity;
    let fh1 = (-h / 8_000.0).exp();
    let fh2 = (-h / 1_250.0).exp();
    let cg1 = 5.09e-5 * h + 0.868;
    let cg2 = 3.92e-5 * h + 0.0387;

    let ghi = cg1 * dni_extra_w_m2 * cos_zenith * (-cg2 * airmass_absolute * (fh1 + fh2 * (tl - 1.0))).exp();
    // Beam from Ineichen & Perez eq. 8 (0.163, not Perez et al.'s 0.16268: pvlib PR 808).
    let b = 0.664 + 0.163 / fh1;
    let beam_model = b * dni_extra_w_m2 * (-0.09 * airmass_absolute * (tl - 1.0)).exp();
    let beam_limit = ghi * ((1.0 - (0.1 - 0.2 * (-tl).exp()) / (0.1 + 0.882 / fh1)) / cos_zenith).max(0.0);
    let dni = beam_model.min(beam_limit);
    ClearSky {
        ghi_w_m2: ghi,
        dni_w_m2: dni,
        dhi_w_m2: ghi - dni * cos_zenith,
    }
}

/// Cosine of the zenith below which [`erbs_decomposition`] stops dividing by it (pvlib's
/// `min_cos_zenith`, ≈86.3°).
const ERBS_MIN_COS_ZENITH: f64 = 0.065;
/// Zenith above which [`erbs_decomposition`] returns no beam (pvlib's `max_zenith`) [°].
const ERBS_MAX_ZENITH_DEG: f64 = 87.0;

/// Splits global horizontal irradiance into direct normal and diffuse horizontal.
///
/// Model: Erbs, Klein & Duffie (1982), eq. 1: the diffuse fraction as a function of the
/// clearness index k_t = GHI / (I₀ cos z), with pvlib's `irradiance.erbs` guards.
///
/// # Arguments
/// * `ghi_w_m2` — global horizontal irradiance, measured or cloud-scaled [W/m²].
/// * `zenith_deg` — true (geometric, not refraction-corrected) solar zenith [°].
/// * `day_of_year` — one-based day number (1 = 1 January) for [`extra_radiation_w_m2`] [d].
///
/// # Returns
/// `(dni_w_m2, dhi_w_m2)` [W/m²], with DHI + DNI cos z = GHI.
///
/// # Equation
/// k_t = GHI / (I₀ max(cos z, 0.065)), clipped to 0–1;
/// DHI/GHI = 1 − 0.09 k_t for k_t ≤ 0.22;
/// 0.9511 − 0.1604 k_t + 4.388 k_t² − 16.638 k_t³ + 12.336 k_t⁴ for 0.22 < k_t ≤ 0.8;
/// 0.165 above; DNI = (GHI − DHI)/cos z.
///
/// # Validity
/// Fitted to hourly data from five US stations (latitudes 31–42° N). For z > 87°, negative GHI
/// or a negative beam the result is all diffuse (DNI 0, DHI = GHI).
///
/// # References
/// D. G. Erbs, S. A. Klein, J. A. Duffie, "Estimation of the diffuse radiation fraction for
/// hourly, daily and monthly-average global radiation", Solar Energy 28(4), 293–302, 1982,
/// doi:10.1016/0038-092X(82)90302-4.
pub fn erbs_decomposition(ghi_w_m2: f64, zenith_deg: f64, day_of_year: f64) -> (f64, f64) {
    let cos_zenith = zenith_deg.to_radians().cos();
    let horizontal_extra = extra_radiation_w_m2(day_of_year) * cos_zenith.max(ERBS_MIN_COS_ZENITH);
    let kt = (ghi_w_m2 / horizontal_extra).clamp(0.0, 1.0);
    let diffuse_frac = if kt <= 0.22 {
        1.0 - 0.09 * kt
    } else if kt <= 0.8 {
        0.9511 - 0.1604 * kt + 4.388 * kt.powi(2) - 16.638 * kt.powi(3) + 12.336 * kt.powi(4)
    } else {
        0.165
    };
    let dhi = diffuse_frac * ghi_w_m2;
    let dni = (ghi_w_m2 - dhi) / cos_zenith;
    if zenith_deg > ERBS_MAX_ZENITH_DEG || ghi_w_m2 < 0.0 || dni < 0.0 {
        (0.0, ghi_w_m2)
    } else {
        (dni, dhi)
    }
}

/// Irradiance on the plane of the array and its parts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Poa {
    /// Total plane-of-array irradiance [W/m²].
    pub poa_global_w_m2: f64,
    /// Beam on the plane [W/m²].
    pub poa_direct_w_m2: f64,
    /// Sky diffuse on the plane [W/m²].
    pub poa_sky_diffuse_w_m2: f64,
    /// Light reflected by the ground onto the plane [W/m²].
    pub poa_ground_diffuse_w_m2: f64,
}

/// Cosine of the angle of incidence of the sun's rays on a tilted plane [-], clipped to ±1.
///
/// # Arguments
/// * `surface_tilt_deg` — tilt from horizontal [°]; `surface_azimuth_deg` — direction the
///   plane faces, clockwise from north [°]; `solar_zenith_deg`, `solar_azimuth_deg` — sun [°].
///
/// # Equation
/// cos θ = cos β cos z + sin β sin z cos(γ_s − γ) (Duffie & Beckman, *Solar Engineering of
/// Thermal Processes*, 4th ed., eq. 1.6.3).
pub fn aoi_projection(
    surface_tilt_deg: f64,
    surface_azimuth_deg: f64,
    solar_zenith_deg: f64,
    solar_azimuth_deg: f64,
) -> f64 {
    let (tilt, zenith) = (surface_tilt_deg.to_radians(), solar_zenith_deg.to_radians());
    (tilt.cos() * zenith.cos()
        + tilt.sin() * zenith.sin() * (solar_azimuth_deg - surface_azimuth_deg).to_radians().cos())
    .clamp(-1.0, 1.0)
}

/// Plane-of-array irradiance with an isotropic sky.
///
/// Model: beam projected on the plane, Liu & Jordan (1963)'s isotropic sky diffuse and
/// ground-reflected light from a uniform ground of reflectance `albedo`; pvlib's
/// `irradiance.get_total_irradiance(model='isotropic')`.
///
/// # Arguments
/// * `surface_tilt_deg` — tilt from horizontal β [°], 0 = horizontal.
/// * `surface_azimuth_deg` — direction the plane faces, clockwise from north [°], 180 = south.
/// * `solar_zenith_deg` — solar zenith [°]; pvlib's `ModelChain` passes the apparent zenith.
/// * `solar_azimuth_deg` — solar azimuth clockwise from north [°].
/// * `dni_w_m2`, `ghi_w_m2`, `dhi_w_m2` — direct normal, global and diffuse horizontal [W/m²].
/// * `albedo` — ground reflectance [0–1]; 0.25 is pvlib's and PVWatts' default (grass, soil).
///
/// # Returns
/// Global, direct, sky-diffuse and ground-reflected irradiance on the plane [W/m²].
///
/// # Equation
/// E_b = max(DNI cos θ, 0); E_sky = DHI (1 + cos β)/2; E_ground = GHI ρ (1 − cos β)/2;
/// E = E_b + E_sky + E_ground.
///
/// # Validity
/// Any geometry. The isotropic sky underestimates the diffuse on sun-facing planes under
/// clear skies by a few percent (no circumsolar or horizon brightening; see Perez 1990).
///
/// # References
/// * B. Y. H. Liu, R. C. Jordan, "The long-term average performance of flat-plate solar-energy
///   collectors", Solar Energy 7(2), 53–74, 1963, doi:10.1016/0038-092X(63)90006-9.
/// * pvlib-python `irradiance.get_total_irradiance`,
///   <https://pvlib-python.readthedocs.io/en/stable/reference/generated/pvlib.irradiance.get_total_irradiance.html>.
#[expect(
    clippy::too_many_arguments,
    reason = "the published model's inputs, in pvlib's order, so calls read like pvlib's"
)]
pub fn isotropic_poa(
    surface_tilt_deg: f64,
    surface_azimuth_deg: f64,
    solar_zenith_deg: f64,
    solar_azimuth_deg: f64,
    dni_w_m2: f64,
    ghi_w_m2: f64,
    dhi_w_m2: f64,
    albedo: f64,
) -> Poa {
    let cos_tilt = surface_tilt_deg.to_radians().cos();
    let cos_aoi = aoi_projection(
        surface_tilt_deg,
        surface_azimuth_deg,
        solar_zenith_deg,
        solar_azimuth_deg,
    );
    let direct = (dni_w_m2 * cos_aoi).max(0.0);
    let sky = dhi_w_m2 * (1.0 + cos_tilt) / 2.0;
    let ground = ghi_w_m2 * albedo * (1.0 - cos_tilt) / 2.0;
    Poa {
        poa_global_w_m2: direct + sky + ground,
        poa_direct_w_m2: direct,
        poa_sky_diffuse_w_m2: sky,
        poa_ground_diffuse_w_m2: ground,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extraterrestrial_perihelion_and_aphelion() {
        // pvlib 0.16.1 get_extra_radiation(1) = 1413.98 W/m² (the fixture's first row);
        // day 185 (4 July, aphelion) ≈ 1321 W/m². Spread ±3.3 % around the solar constant.
        assert!((extra_radiation_w_m2(1.0) - 1_413.98).abs() < 0.01);
        assert!((extra_radiation_w_m2(185.0) - 1_321.0).abs() < 1.0);
    }

    #[test]
    fn ineichen_is_zero_at_night_and_closes() {
        let night = ineichen_clear_sky(95.0, f64::NAN, 3.0, 0.0, 1_367.0);
        assert_eq!(night, ClearSky::default());
        let day = ineichen_clear_sky(30.0, 1.15, 3.0, 0.0, 1_367.0);
        let closure = day.dni_w_m2 * 30_f64.to_radians().cos() + day.dhi_w_m2;
        assert!((closure - day.ghi_w_m2).abs() < 1e-9);
        // A clear midday sun at sea level: GHI 800–1000 W/m², DNI 800–950 W/m².
        assert!(day.ghi_w_m2 > 800.0 && day.ghi_w_m2 < 1_000.0, "{day:?}");
        assert!(day.dni_w_m2 > 800.0 && day.dni_w_m2 < 950.0, "{day:?}");
    }

    #[test]
    fn erbs_closes_and_follows_the_diffuse_fraction() {
        // Day 1, zenith 60°: I₀ cos z = 1413.98 × 0.5 = 706.99; GHI 353.5 ⇒ k_t = 0.5;
        // DHI/GHI = 0.9511 − 0.0802 + 1.097 − 2.07975 + 0.771 = 0.65915.
        let (dni, dhi) = erbs_decomposition(353.495, 60.0, 1.0);
        assert!((dhi / 353.495 - 0.659_15).abs() < 1e-4, "{dhi}");
        assert!((dni * 0.5 + dhi - 353.495).abs() < 1e-9);
        // Beyond 87° it is all diffuse.
        assert_eq!(erbs_decomposition(10.0, 88.0, 1.0), (0.0, 10.0));
        // Overcast: k_t ≤ 0.22 gives almost all diffuse.
        let (_, dhi) = erbs_decomposition(50.0, 30.0, 1.0);
        assert!(dhi / 50.0 > 0.98);
    }

    #[test]
    fn horizontal_plane_receives_ghi() {
        let (z, dni, dhi) = (40.0_f64, 700.0, 120.0);
        let ghi = dni * z.to_radians().cos() + dhi;
        let poa = isotropic_poa(0.0, 180.0, z, 135.0, dni, ghi, dhi, 0.25);
        assert!((poa.poa_global_w_m2 - ghi).abs() < 1e-9);
        assert_eq!(poa.poa_ground_diffuse_w_m2, 0.0);
    }

    #[test]
    fn vertical_plane_facing_away_gets_only_diffuse() {
        // Sun due south at 30° zenith, plane vertical facing north: no beam, half the sky,
        // half the ground.
        let poa = isotropic_poa(90.0, 0.0, 30.0, 180.0, 800.0, 900.0, 100.0, 0.2);
        assert_eq!(poa.poa_direct_w_m2, 0.0);
        assert!((poa.poa_sky_diffuse_w_m2 - 50.0).abs() < 1e-9);
        assert!((poa.poa_ground_diffuse_w_m2 - 90.0).abs() < 1e-9);
    }
}
