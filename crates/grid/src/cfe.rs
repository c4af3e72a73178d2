//! Carbon-free-energy matching and market-based emissions.
//!
//! Two ways to say how "clean" a consumer is (Google, "24/7 by 2030: Realizing a
//! Carbon-free Future", 2020; EnergyTag, "Granular Certificate Scheme Standard", 2022):
//! annual volumetric matching compares a year's carbon-free purchases with a year's
//! consumption; hourly (24/7) matching counts, hour by hour, only the consumption that
//! carbon-free supply covered in that same hour. Both here count contracted and owned supply
//! only, not the grid's own mix, so that hourly matching can never exceed annual matching.

/// Hourly (24/7) carbon-free matching [%]: `Σ_h min(load_h, cfe_h) / Σ_h load_h`, with
/// `load_kw` and `cfe_supply_kw` per step of equal length.
pub fn hourly_cfe_pct(load_kw: &[f64], cfe_supply_kw: &[f64]) -> f64 {
    let load: f64 = load_kw.iter().sum();
    if load <= 0.0 {
        return 0.0;
    }
    let matched: f64 = load_kw.iter().zip(cfe_supply_kw).map(|(l, c)| l.min(c.max(0.0))).sum();
    100.0 * matched / load
}

/// Annual volumetric matching [%]: `min(1, (Σ cfe + certificates) / Σ load)`; certificates in
/// kWh, the series per step of `step_h` hours.
pub fn annual_matching_pct(load_kw: &[f64], cfe_supply_kw: &[f64], certificates_kwh: f64, step_h: f64) -> f64 {
    let load: f64 = load_kw.iter().sum::<f64>() * step_h;
    if load <= 0.0 {
        return 0.0;
    }
    let supply: f64 = cfe_supply_kw.iter().map(|c| c.max(0.0)).sum::<f64>() * step_h + certificates_kwh.max(0.0);
    100.0 * (supply / load).min(1.0)
}

/// Market-based Scope 2 emissions [kg CO2e] (GHG Protocol Scope 2 Guidance, 2015, ch. 6):
/// contractual instruments (PPAs delivered, certificates) cover imports first at zero
/// emissions; what they leave is counted at the residual mix `residual_mix_g_per_kwh` when one
/// is given, and otherwise — as the Guidance allows where no residual mix is available — at the
/// location-based (grid-average) intensity actually used, hour by hour: the uncovered share of
/// `location_based_kg`. So without instruments, market-based equals location-based exactly.
///
/// `import_kwh`, `contracted_kwh` and `location_based_kg` (Σ import × intensity) are over the
/// whole period; instruments cover it evenly (the Guidance's annual accounting).
pub fn market_based_kg(
    import_kwh: f64,
    contracted_kwh: f64,
    location_based_kg: f64,
    residual_mix_g_per_kwh: Option<f64>,
) -> f64 {
    let uncovered_kwh = (import_kwh - contracted_kwh.max(0.0)).max(0.0);
    match residual_mix_g_per_kwh {
        Some(g_per_kwh) => uncovered_kwh * g_per_kwh / 1_000.0,
        None if import_kwh > 0.0 => location_based_kg * (uncovered_kwh / import_kwh),
        None => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn market_based_is_location_based_without_instruments_or_residual_mix() {
        // 1,000 kWh imported, 430 kg at the grid's own hourly intensities.
        assert_eq!(market_based_kg(1_000.0, 0.0, 430.0, None), 430.0);
        // Instruments for 250 kWh leave three quarters of it.
        assert!((market_based_kg(1_000.0, 250.0, 430.0, None) - 322.5).abs() < 1e-12);
        // A residual mix replaces the grid's intensity for what is left: 750 kWh × 500 g/kWh.
        assert!((market_based_kg(1_000.0, 250.0, 430.0, Some(500.0)) - 375.0).abs() < 1e-12);
        // More instruments than imports: nothing left, never negative.
        assert_eq!(market_based_kg(1_000.0, 5_000.0, 430.0, None), 0.0);
        assert_eq!(market_based_kg(0.0, 0.0, 0.0, None), 0.0);
    }

    #[test]
    fn hourly_never_exceeds_annual() {
        let mut s = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..200 {
            let mut load = Vec::new();
            let mut cfe = Vec::new();
            for _ in 0..500 {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                load.push((s % 1_000) as f64);
                cfe.push(((s >> 20) % 1_500) as f64);
            }
            assert!(hourly_cfe_pct(&load, &cfe) <= annual_matching_pct(&load, &cfe, 0.0, 1.0) + 1e-9);
        }
    }

    #[test]
    fn equal_when_supply_is_flat_and_sufficient() {
        let load = [80.0, 100.0, 90.0, 60.0];
        let cfe = [100.0; 4];
        assert_eq!(hourly_cfe_pct(&load, &cfe), 100.0);
        assert_eq!(annual_matching_pct(&load, &cfe, 0.0, 1.0), 100.0);
        // Flat and short of the load in every hour: both are supply/load.
        let cfe = [50.0; 4];
        let expected = 100.0 * 200.0 / 330.0;
        assert!((hourly_cfe_pct(&load, &cfe) - expected).abs() < 1e-9);
        assert!((annual_matching_pct(&load, &cfe, 0.0, 1.0) - expected).abs() < 1e-9);
    }

    #[test]
    fn market_based_hand_computed() {
        // 1,000 MWh imported, 400 MWh of PPA and 100 MWh of certificates, 500 g residual mix: 250 t.
        assert!((market_based_kg(1e6, 5e5, 0.0, Some(500.0)) - 250_000.0).abs() < 1e-9);
        assert_eq!(market_based_kg(1e5, 5e5, 0.0, Some(500.0)), 0.0);
    }
}
