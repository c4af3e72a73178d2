//! Vertical extrapolation of wind speed: the power (Hellmann) law and the logarithmic law.

/// Power-law shear exponent for open, flat terrain [-]: 1/7 ≈ 0.143, the classic value for
/// neutral stability over open land (Peterson & Hennessey 1978; Manwell, McGowan & Rogers,
/// *Wind Energy Explained*, 2nd ed. 2009, §2.3.3). Real sites range from about 0.1 (sea,
/// unstable daytime air) to 0.4 (forest, stable nights).
pub const OPEN_TERRAIN_SHEAR_ALPHA: f64 = 1.0 / 7.0;

/// Surface roughness length of open, flat farmland [m]: 0.03 m (roughness class 1 of the
/// European Wind Atlas, Troen & Petersen 1989; Manwell et al. 2009, Table 2.2).
pub const OPEN_FARMLAND_ROUGHNESS_M: f64 = 0.03;

/// Wind speed at `to_height_m` from a measurement at `from_height_m` by the power law.
///
/// Model: the empirical power-law profile attributed to Hellmann (1916), the standard
/// wind-resource extrapolation (Peterson & Hennessey 1978; IEC 61400-1 uses it with α = 0.2
/// for its normal wind profile).
///
/// # Arguments
/// * `speed_m_s` — wind speed at the measurement height [m/s].
/// * `from_height_m` — measurement height above ground [m], typically 10 m.
/// * `to_height_m` — target height, typically the hub [m].
/// * `alpha` — shear exponent [-]; [`OPEN_TERRAIN_SHEAR_ALPHA`] (1/7) for open terrain.
///
/// # Returns
/// Wind speed at `to_height_m` [m/s].
///
/// # Equation
/// `v₂ = v₁ · (h₂ / h₁)^α`
///
/// # Validity
/// Neutral to moderately stable surface layers over homogeneous terrain, heights up to roughly
/// 200 m; the exponent varies with stability, time of day and terrain, so one α is a climate
/// average. Out of range: a NaN or negative speed gives 0; a non-finite or non-positive
/// height returns the speed unchanged (no extrapolation); α is clamped to [0, 1] (NaN → 0).
///
/// # References
/// * Hellmann, G. (1916). Über die Bewegung der Luft in den untersten Schichten der Atmosphäre.
///   Meteorologische Zeitschrift 34, 273–285.
/// * Peterson, E. W., Hennessey, J. P. (1978). On the Use of Power Laws for Estimates of Wind
///   Power Potential. J. Appl. Meteor. 17(3), 390–394.
///   doi:10.1175/1520-0450(1978)017<0390:OTUOPL>2.0.CO;2
pub fn power_law_shear(speed_m_s: f64, from_height_m: f64, to_height_m: f64, alpha: f64) -> f64 {
    let speed_m_s = if speed_m_s.is_nan() { 0.0 } else { speed_m_s.max(0.0) };
    if !(valid_height(from_height_m) && valid_height(to_height_m)) {
        return speed_m_s;
    }
    let alpha = if alpha.is_nan() { 0.0 } else { alpha.clamp(0.0, 1.0) };
    speed_m_s * (to_height_m / from_height_m).powf(alpha)
}

/// Wind speed at `to_height_m` from a measurement at `from_height_m` by the logarithmic law.
///
/// Model: the neutral-stability logarithmic profile of surface-layer similarity theory (Prandtl;
/// see Stull 1988, §9.7; Manwell et al. 2009, §2.3.3).
///
/// # Arguments
/// * `speed_m_s` — wind speed at the measurement height [m/s].
/// * `from_height_m`, `to_height_m` — heights above ground [m].
/// * `roughness_length_m` — surface roughness length z₀ [m];
///   [`OPEN_FARMLAND_ROUGHNESS_M`] (0.03 m) for open farmland.
///
/// # Returns
/// Wind speed at `to_height_m` [m/s].
///
/// # Equation
/// `v₂ = v₁ · ln(h₂ / z₀) / ln(h₁ / z₀)`
///
/// # Validity
/// Neutral stratification in the surface layer, heights well above z₀ (and above any
/// displacement height of tall vegetation). Out of range: NaN or negative speed gives 0;
/// non-finite or non-positive heights or roughness, or a height at or below z₀, return the speed
/// unchanged.
///
/// # References
/// * Stull, R. B. (1988). An Introduction to Boundary Layer Meteorology. Kluwer. §9.7.
/// * Manwell, J. F., McGowan, J. G., Rogers, A. L. (2009). Wind Energy Explained, 2nd ed.
///   Wiley. §2.3.3.
pub fn log_law_shear(speed_m_s: f64, from_height_m: f64, to_height_m: f64, roughness_length_m: f64) -> f64 {
    let speed_m_s = if speed_m_s.is_nan() { 0.0 } else { speed_m_s.max(0.0) };
    let z0 = roughness_length_m;
    if !(valid_height(from_height_m) && valid_height(to_height_m) && valid_height(z0))
        || from_height_m <= z0
        || to_height_m <= z0
    {
        return speed_m_s;
    }
    speed_m_s * (to_height_m / z0).ln() / (from_height_m / z0).ln()
}

fn valid_height(h_m: f64) -> bool {
    h_m.is_finite() && h_m > 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed: 6 m/s at 10 m to 100 m with α = 1/7: 6 × 10^(1/7) = 6 × 1.389 495 = 8.336 97.
    #[test]
    fn power_law_hand_value() {
        let v = power_law_shear(6.0, 10.0, 100.0, OPEN_TERRAIN_SHEAR_ALPHA);
        assert!((v - 8.336_97).abs() < 1e-4, "{v}");
        // Same height, or α = 0: unchanged. Downward extrapolation inverts upward.
        assert_eq!(power_law_shear(6.0, 80.0, 80.0, 0.2), 6.0);
        assert_eq!(power_law_shear(6.0, 10.0, 100.0, 0.0), 6.0);
        assert!((power_law_shear(v, 100.0, 10.0, OPEN_TERRAIN_SHEAR_ALPHA) - 6.0).abs() < 1e-12);
    }

    /// Hand-computed: 6 m/s at 10 m to 100 m with z₀ = 0.03 m: 6 × ln(3333.3)/ln(333.33)
    /// = 6 × 8.111 728 / 5.809 143 = 8.378 24.
    #[test]
    fn log_law_hand_value() {
        let v = log_law_shear(6.0, 10.0, 100.0, OPEN_FARMLAND_ROUGHNESS_M);
        assert!((v - 8.378_24).abs() < 1e-4, "{v}");
    }

    #[test]
    fn bad_values_are_clamped() {
        assert_eq!(power_law_shear(f64::NAN, 10.0, 100.0, 0.14), 0.0);
        assert_eq!(power_law_shear(-3.0, 10.0, 100.0, 0.14), 0.0);
        assert_eq!(power_law_shear(5.0, 0.0, 100.0, 0.14), 5.0);
        assert_eq!(power_law_shear(5.0, 10.0, f64::NAN, 0.14), 5.0);
        assert_eq!(power_law_shear(5.0, 10.0, 100.0, f64::NAN), 5.0);
        assert_eq!(log_law_shear(5.0, 10.0, 100.0, 20.0), 5.0);
        assert_eq!(log_law_shear(5.0, 10.0, 100.0, -1.0), 5.0);
    }
}
