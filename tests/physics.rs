//! End-to-end physics: energy balance, published validation targets, hand-computed cases.

mod common;

use common::{config, root};

/// Relative difference.
fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

#[test]
fn energy_balance_closes_every_step_of_a_full_year() {
    let loaded = dctwin_scenario::load(&root().join("scenarios/baseline.toml"), &[], None).unwrap();
    let out = dctwin::simulate(&loaded.config, |_, _| {});
    let rec = &out.recorder;
    assert_eq!(rec.it_power_kw.len(), 35_040);
    for k in 0..rec.it_power_kw.len() {
        let sum = rec.it_power_kw[k] + rec.cooling_power_kw[k] + rec.power_loss_kw[k];
        assert!((rec.facility_power_kw[k] - sum).abs() <= 1e-9 * sum, "step {k}");
        assert!(rec.cooling_power_kw[k] > 0.0 && rec.power_loss_kw[k] > 0.0, "step {k}");
        // Grid supplies the facility (no on-site supply yet).
        assert_eq!(rec.grid_import_kw[k], rec.facility_power_kw[k]);
        // The plant removes the IT heat plus the UPS/PDU losses, never more than all losses.
        assert!(rec.heat_removed_kw[k] >= rec.it_power_kw[k] - 1e-9);
        assert!(rec.heat_removed_kw[k] <= rec.it_power_kw[k] + rec.power_loss_kw[k] + 1e-9);
    }
    let s = dctwin::summarize(&loaded.config, &out).to_json();
    let f = |k: &str| s[k].as_f64().unwrap();
    assert!(
        rel(
            f("facility_energy_mwh"),
            f("it_energy_mwh") + f("cooling_energy_mwh") + f("power_loss_energy_mwh")
        ) < 1e-12
    );
    // A modern air-cooled hall in Virginia: between hyperscale (1.10) and the 2024 global
    // average (1.56) of the Uptime Institute survey (docs/figures.md).
    assert!(f("pue") > 1.10 && f("pue") < 1.56, "PUE {}", f("pue"));
}

#[test]
fn gpt3_reproduces_patterson_2021_within_one_percent() {
    let loaded =
        dctwin_scenario::load(&root().join("scenarios/validation/gpt3-patterson2021.toml"), &[], None).unwrap();
    let out = dctwin::simulate(&loaded.config, |_, _| {});
    let s = dctwin::summarize(&loaded.config, &out).to_json();
    let energy = s["facility_energy_mwh"].as_f64().unwrap();
    let co2 = s["operational_tco2e"].as_f64().unwrap();
    // Patterson et al. 2021, Table 4: 1,287 MWh and 552.1 tCO2e.
    assert!(rel(energy, 1_287.0) < 0.01, "{energy} MWh");
    assert!(rel(co2, 552.1) < 0.01, "{co2} tCO2e");
    assert!(rel(s["pue"].as_f64().unwrap(), 1.10) < 1e-9);
}

#[test]
fn hand_computable_constant_load_fixed_pue_constant_intensity() {
    // 10 racks x 4 servers x 8 GPUs at a measured 500 W each = 160 kW of IT, PUE 1.5,
    // 100 gCO2e/kWh, 80 USD/MWh, one day at hourly steps:
    //   IT 3.84 MWh, facility 5.76 MWh, 576 kg CO2e, 460.80 USD.
    let loaded = config(
        r#"
        name = "hand"
        [time]
        duration = "1d"
        step = "1h"
        [site]
        location = "dublin"
        [grid]
        carbon_intensity_g_per_kwh = 100
        price_usd_per_mwh = 80
        [[halls]]
        accelerator = "h100-sxm"
        racks = 10
        servers_per_rack = 4
        cooling = "fixed-pue"
        pue = 1.5
        measured_system_power_w_per_accelerator = 500
        utilization = { profile = "constant", mean = 0.5 }
        "#,
    );
    let out = dctwin::simulate(&loaded.config, |_, _| {});
    let rec = &out.recorder;
    let s = dctwin::summarize(&loaded.config, &out).to_json();
    let f = |k: &str| s[k].as_f64().unwrap();
    assert_eq!(rec.it_power_kw.len(), 24);
    assert!(rel(f("it_energy_mwh"), 3.84) < 1e-12);
    assert!(rel(f("facility_energy_mwh"), 5.76) < 1e-12);
    assert!(rel(f("operational_tco2e"), 0.576) < 1e-12);
    assert!(rel(f("energy_cost_usd"), 460.8) < 1e-12);
    assert!(rel(f("pue"), 1.5) < 1e-12);
    assert!(rec.it_power_kw.iter().all(|&p| rel(p, 160.0) < 1e-12));
}

/// A fixed PUE is a statement about the whole facility: at `pue = 1.0` the facility draws its
/// IT power and nothing else (no conversion losses added on top), so a "GPU-hours × watts ×
/// grid intensity" footprint — how model cards publish theirs — comes out exactly; below the
/// chain's own losses (≈ 5.7 % here) the stated PUE still holds and the losses shrink to fit.
#[test]
fn a_fixed_pue_is_the_facility_pue_even_below_the_chains_losses() {
    for pue in [1.0, 1.03] {
        let loaded = config(&format!(
            "name = \"card\"\n[time]\nduration = \"1d\"\nstep = \"1h\"\n[site]\nlocation = \"dublin\"\n\
             [grid]\ncarbon_intensity_g_per_kwh = 100\n[[halls]]\naccelerator = \"h100-sxm\"\nracks = 10\n\
             servers_per_rack = 4\ncooling = \"fixed-pue\"\npue = {pue}\n\
             measured_system_power_w_per_accelerator = 500\n"
        ));
        let out = dctwin::simulate(&loaded.config, |_, _| {});
        let s = dctwin::summarize(&loaded.config, &out).to_json();
        let f = |k: &str| s[k].as_f64().unwrap();
        // 320 GPUs × 24 h × 500 W = 3.84 MWh of IT; × PUE; × 100 g/kWh.
        let facility_mwh = 3.84 * pue;
        assert!(rel(f("it_energy_mwh"), 3.84) < 1e-9);
        assert!(
            rel(f("facility_energy_mwh"), facility_mwh) < 1e-9,
            "{pue}: {}",
            f("facility_energy_mwh")
        );
        assert!(rel(f("operational_tco2e"), facility_mwh * 0.1) < 1e-9);
        assert!(rel(f("pue"), pue) < 1e-9);
        let overhead = f("cooling_energy_mwh") + f("power_loss_energy_mwh");
        assert!(
            (overhead - 3.84 * (pue - 1.0)).abs() < 1e-9,
            "{pue}: overhead {overhead}"
        );
        assert_eq!(f("cooling_energy_mwh"), 0.0);
    }
}

#[test]
fn hotter_climate_costs_more_cooling() {
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    let pue_at = |place: &str| {
        let l = dctwin_scenario::load_str(
            &base,
            "b.toml".as_ref(),
            &[format!("site.location={place}"), "time.duration=91d".into()],
            None,
        )
        .unwrap();
        let out = dctwin::simulate(&l.config, |_, _| {});
        dctwin::summarize(&l.config, &out).to_json()["pue"].as_f64().unwrap()
    };
    let (singapore, stockholm) = (pue_at("singapore"), pue_at("stockholm"));
    assert!(
        singapore > stockholm + 0.05,
        "Singapore {singapore} vs Stockholm {stockholm}"
    );
}

#[test]
fn utilization_drives_it_power_along_the_measured_curve() {
    let text = |mean: f64| {
        format!(
            "name = \"u\"\n[time]\nduration = \"1d\"\nstep = \"1h\"\n[site]\nlocation = \"oslo\"\n[[halls]]\naccelerator = \"h100-sxm\"\nracks = 1\nservers_per_rack = 1\nutilization = {{ profile = \"constant\", mean = {mean} }}\n"
        )
    };
    let it_at = |mean: f64| {
        let l = config(&text(mean));
        dctwin::simulate(&l.config, |_, _| {}).recorder.it_power_kw[0]
    };
    // One HGX H100 server at the wall (PSU 96 %): (8 x 138.3 + 1,200) / 0.96 = 2.4025 kW at
    // idle; (8 x 697.5 + 2,484) / 0.96 = 8.4 kW at full load (Latif et al. 2025 measured 8.4).
    assert!(rel(it_at(0.0), 2.402_5) < 1e-3);
    assert!(rel(it_at(1.0), 8.4) < 1e-3);
    // Concave: half utilization draws more than half-way between idle and full.
    assert!(it_at(0.5) > 0.5 * (it_at(0.0) + it_at(1.0)));
}

#[test]
fn every_catalog_accelerator_has_a_known_curve() {
    for a in &dctwin_catalog::catalog().accelerators {
        assert!(
            dctwin_it::curve_by_name(&a.curve).is_some(),
            "{}: curve {}",
            a.id,
            a.curve
        );
    }
}

#[test]
fn embodied_carbon_is_amortised_over_the_lifetime() {
    let l = dctwin_scenario::load(
        &root().join("scenarios/baseline.toml"),
        &["time.duration=1d".into()],
        None,
    )
    .unwrap();
    // From the catalog's own figures: servers x embodied per server + GPUs x embodied per GPU,
    // over 4 years; one day of it.
    let c = dctwin_catalog::catalog();
    let kg =
        1_200.0 * c.server("hgx-h100").unwrap().embodied_kg + 9_600.0 * c.accelerator("h100-sxm").unwrap().embodied_kg;
    let expected = kg / 1_000.0 * 86_400.0 / (4.0 * 365.25 * 86_400.0);
    assert!(rel(dctwin::summary::embodied_tco2e(&l.config), expected) < 1e-12);
}

/// Issue 3: the H200 catalog entry uses the parameters fitted to the H200 measurements
/// (`crates/it/tests/fit.rs` re-fits them).
#[test]
fn h200_catalog_entry_uses_the_fitted_curve() {
    let h200 = dctwin_catalog::catalog().accelerator("h200-sxm").unwrap();
    let samples = dctwin_it::read_power_samples(
        &std::fs::read_to_string(root().join("crates/it/tests/data/h200_phase_means.csv")).unwrap(),
    )
    .unwrap();
    let fit = dctwin_it::fit_saturating_curve(&samples).unwrap();
    assert!(
        (h200.active_idle_w - fit.idle_w).abs() < 0.1,
        "{} vs {}",
        h200.active_idle_w,
        fit.idle_w
    );
    assert!(
        (h200.full_load_w - fit.full_load_w).abs() < 0.1,
        "{} vs {}",
        h200.full_load_w,
        fit.full_load_w
    );
    assert_eq!(h200.curve, "h200-fit");
    let curve = dctwin_it::curve_by_name("h200-fit").unwrap();
    assert!((curve.u_sat - fit.curve.u_sat).abs() < 1e-3 && (curve.sharpness - fit.curve.sharpness).abs() < 0.01);
}
