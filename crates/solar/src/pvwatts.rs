//! From plane-of-array irradiance to AC power: SAPM cell temperature, PVWatts DC and inverter.

/// Irradiance at which the SAPM temperature difference ΔT is defined [W/m²].
const SAPM_REFERENCE_IRRADIANCE_W_M2: f64 = 1_000.0;

/// Coefficients of the Sandia Array Performance Model's cell temperature for one mounting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SapmParams {
    /// Upper limit of module temperature rise at low wind, `a` [ln(°C·m²/W)].
    pub a: f64,
    /// Rate at which wind cools the module, `b` [s/m].
    pub b: f64,
    /// Cell above back-of-module temperature at 1000 W/m², ΔT [°C].
    pub delta_t_c: f64,
}

/// Glass/cell/glass modules on an open rack (King et al. 2004, Table 1): a = −3.47,
/// b = −0.0594 s/m, ΔT = 3 °C. pvlib's `TEMPERATURE_MODEL_PARAMETERS['sapm']
/// ['open_rack_glass_glass']`.
pub const SAPM_OPEN_RACK_GLASS_GLASS: SapmParams = SapmParams {
    a: -3.47,
    b: -0.0594,
    delta_t_c: 3.0,
};

/// Glass/cell/polymer-sheet modules on an open rack (King et al. 2004, Table 1): a = −3.56,
/// b = −0.075 s/m, ΔT = 3 °C.
pub const SAPM_OPEN_RACK_GLASS_POLYMER: SapmParams = SapmParams {
    a: -3.56,
    b: -0.075,
    delta_t_c: 3.0,
};

/// Glass/cell/glass modules close to a roof (King et al. 2004, Table 1): a = −2.98,
/// b = −0.0471 s/m, ΔT = 1 °C.
pub const SAPM_CLOSE_MOUNT_GLASS_GLASS: SapmParams = SapmParams {
    a: -2.98,
    b: -0.0471,
    delta_t_c: 1.0,
};

/// Glass/cell/polymer-sheet modules with an insulated back, e.g. building-integrated (King et
/// al. 2004, Table 1): a = −2.81, b = −0.0455 s/m, ΔT = 0 °C.
pub const SAPM_INSULATED_BACK_GLASS_POLYMER: SapmParams = SapmParams {
    a: -2.81,
    b: -0.0455,
    delta_t_c: 0.0,
};

/// Cell temperature of a module from irradiance, air temperature and wind.
///
/// Model: Sandia Array Performance Model thermal model (King, Boyson & Kratochvil 2004,
/// eqs. 11–12), as pvlib's `temperature.sapm_cell`.
///
/// # Arguments
/// * `poa_w_m2` — plane-of-array irradiance [W/m²].
/// * `temp_air_c` — ambient dry-bulb temperature [°C].
/// * `wind_m_s` — wind speed at 10 m [m/s].
/// * `a`, `b`, `delta_t_c` — mounting coefficients, e.g. [`SAPM_OPEN_RACK_GLASS_GLASS`]
///   [-, s/m, °C].
///
/// # Returns
/// Cell temperature [°C]; equal to the air temperature in the dark.
///
/// # Equation
/// T_m = E e^(a + b·WS) + T_a; T_c = T_m + (E / 1000 W/m²) ΔT.
///
/// # Validity
/// Steady state (hourly or longer steps; the module's thermal mass smooths faster changes),
/// fitted for 0–1200 W/m² and wind up to about 15 m/s; King et al. quote ±5 °C.
///
/// # References
/// D. L. King, W. E. Boyson, J. A. Kratochvil, "Photovoltaic Array Performance Model",
/// SAND2004-3535, Sandia National Laboratories, 2004, doi:10.2172/919131.
pub fn sapm_cell_temperature(poa_w_m2: f64, temp_air_c: f64, wind_m_s: f64, a: f64, b: f64, delta_t_c: f64) -> f64 {
    let module_c = poa_w_m2 * (a + b * wind_m_s).exp() + temp_air_c;
    module_c + poa_w_m2 / SAPM_REFERENCE_IRRADIANCE_W_M2 * delta_t_c
}

/// Irradiance of standard test conditions [W/m²].
const STC_IRRADIANCE_W_M2: f64 = 1_000.0;
/// Cell temperature of standard test conditions [°C].
const STC_CELL_TEMP_C: f64 = 25.0;

/// DC power of an array from plane-of-array irradiance and cell temperature.
///
/// Model: PVWatts Version 5 DC model (Dobos 2014, eq. 4 without its angle-of-incidence and
/// spectral corrections), as pvlib's `pvsystem.pvwatts_dc`.
///
/// # Arguments
/// * `poa_w_m2` — irradiance reaching the cells [W/m²].
/// * `cell_temp_c` — cell temperature [°C].
/// * `pdc0_kw` — nameplate DC power at 1000 W/m² and 25 °C [kW].
/// * `gamma_per_c` — temperature coefficient of power [1/°C], e.g. −0.0047 for PVWatts'
///   "standard" crystalline-silicon module (Dobos 2014, Table 2), −0.0035 premium, −0.002
///   thin film.
///
/// # Returns
/// DC power before system losses [kW].
///
/// # Equation
/// P_dc = (E / 1000 W/m²) P_dc0 (1 + γ (T_c − 25 °C)).
///
/// # Validity
/// Linear in irradiance: it ignores the efficiency loss at low light (a few percent below
/// 200 W/m²). γ is negative for all commercial technologies.
///
/// # References
/// A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014, doi:10.2172/1158421,
/// <https://www.nrel.gov/docs/fy14osti/62641.pdf>.
pub fn pvwatts_dc(poa_w_m2: f64, cell_temp_c: f64, pdc0_kw: f64, gamma_per_c: f64) -> f64 {
    poa_w_m2 / STC_IRRADIANCE_W_M2 * pdc0_kw * (1.0 + gamma_per_c * (cell_temp_c - STC_CELL_TEMP_C))
}

/// Reference efficiency of the PVWatts part-load curve [-] (Dobos 2014: the CEC-weighted
/// efficiency of the inverter the curve was fitted to); pvlib's `eta_inv_ref` default.
pub const PVWATTS_ETA_REFERENCE: f64 = 0.9637;

/// AC output of an inverter from its DC input.
///
/// Model: PVWatts Version 5 inverter (Dobos 2014, eqs. 9–10), as pvlib's `inverter.pvwatts`:
/// a part-load efficiency curve scaled to the nominal efficiency, clipped at the AC rating.
///
/// # Arguments
/// * `pdc_kw` — DC input power [kW].
/// * `pdc0_kw` — DC input limit of the inverter [kW]; the AC rating is `eta_nominal × pdc0_kw`.
/// * `eta_nominal` — nominal efficiency [-]; PVWatts' default 0.96.
/// * `eta_reference` — reference efficiency [-]; [`PVWATTS_ETA_REFERENCE`] = 0.9637.
///
/// # Returns
/// AC power [kW], between 0 and `eta_nominal × pdc0_kw`.
///
/// # Equation
/// ζ = P_dc / P_dc0; η = (η_nom / η_ref)(−0.0162 ζ − 0.0059/ζ + 0.9858);
/// P_ac = min(η P_dc, η_nom P_dc0), and 0 when P_dc ≤ 0 or η < 0 (ζ below ≈0.6 %).
///
/// # Validity
/// Grid-tied string or central inverters; ζ between about 0.01 and 1.
///
/// # References
/// A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014, doi:10.2172/1158421.
pub fn pvwatts_inverter(pdc_kw: f64, pdc0_kw: f64, eta_nominal: f64, eta_reference: f64) -> f64 {
    if pdc_kw <= 0.0 {
        return 0.0;
    }
    let zeta = pdc_kw / pdc0_kw;
    let eta = eta_nominal / eta_reference * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
    (eta * pdc_kw).min(eta_nominal * pdc0_kw).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sapm_matches_pvlib() {
        // pvlib 0.16.1 fixture, 2023-01-01T14:00Z: 591.295 W/m², 20 °C, 1 m/s ⇒ 39.1121 °C.
        let p = SAPM_OPEN_RACK_GLASS_GLASS;
        let t = sapm_cell_temperature(591.295, 20.0, 1.0, p.a, p.b, p.delta_t_c);
        assert!((t - 39.112_1).abs() < 1e-3, "{t}");
        // Dark: the air temperature.
        assert_eq!(sapm_cell_temperature(0.0, 12.0, 3.0, p.a, p.b, p.delta_t_c), 12.0);
    }

    #[test]
    fn pvwatts_dc_at_stc_is_nameplate() {
        assert!((pvwatts_dc(1_000.0, 25.0, 1_000.0, -0.004_7) - 1_000.0).abs() < 1e-12);
        // 10 K hotter with γ = −0.4 %/°C ⇒ 4 % less.
        assert!((pvwatts_dc(1_000.0, 35.0, 1_000.0, -0.004) - 960.0).abs() < 1e-9);
    }

    #[test]
    fn inverter_part_load_and_clipping() {
        // At ζ = 1: η = 0.96/0.9637 × (0.9858 − 0.0162 − 0.0059) = 0.96 × 0.9637/0.9637 = 0.96.
        assert!((pvwatts_inverter(1_000.0, 1_000.0, 0.96, PVWATTS_ETA_REFERENCE) - 960.0).abs() < 1e-9);
        // Never above the AC rating, whatever the DC input.
        for pdc in [0.0, 1.0, 100.0, 999.0, 1_000.0, 1_500.0, 1e6] {
            let ac = pvwatts_inverter(pdc, 1_000.0, 0.96, PVWATTS_ETA_REFERENCE);
            assert!((0.0..=960.0).contains(&ac), "{pdc} → {ac}");
        }
        // Tiny input (ζ < 0.6 %): the curve goes negative, the output is 0.
        assert_eq!(pvwatts_inverter(0.79, 1_000.0, 0.96, PVWATTS_ETA_REFERENCE), 0.0);
        assert_eq!(pvwatts_inverter(-5.0, 1_000.0, 0.96, PVWATTS_ETA_REFERENCE), 0.0);
    }
}
