//! `dctwin catalog`: the built-in facts a scenario can name — accelerators, servers, locations,
//! cooling types, grid zones and wind turbines — as tables for people or JSON for programs.

use clap::ValueEnum;
use dctwin_scenario::COOLING_TYPES;
use serde_json::{Value, json};

/// Parts of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    /// Accelerators.
    Accelerators,
    /// Servers and systems carrying accelerators.
    Servers,
    /// Places with climate normals.
    Locations,
    /// Cooling types.
    Cooling,
    /// Grid zones.
    Grids,
    /// Wind turbine models (`supply.wind.model`).
    Turbines,
}

/// Turbines a scenario can name: id, rated power [kW], default hub height [m], cut-in, rated
/// and cut-out wind speeds [m/s].
fn turbines() -> impl Iterator<Item = (&'static str, f64, f64, f64, f64, f64)> {
    dctwin_wind::CATALOG_TURBINES
        .iter()
        .map(|(id, c, hub)| (*id, c.rated_kw, *hub, c.cut_in_m_s, c.rated_m_s, c.cut_out_m_s))
}

/// The catalog (or one `section`) as JSON: one array per section, every field of every entry,
/// sources included.
pub fn catalog_json(section: Option<Section>) -> Value {
    let c = dctwin_scenario_catalog();
    let wanted = |s: Section| section.is_none_or(|x| x == s);
    let mut out = serde_json::Map::new();
    if wanted(Section::Accelerators) {
        out.insert("accelerators".into(), json!(c.accelerators));
    }
    if wanted(Section::Servers) {
        out.insert("servers".into(), json!(c.servers));
    }
    if wanted(Section::Locations) {
        out.insert("locations".into(), json!(c.locations));
    }
    if wanted(Section::Cooling) {
        let cooling: Vec<Value> = COOLING_TYPES
            .iter()
            .map(|(id, what)| json!({ "id": id, "description": what }))
            .collect();
        out.insert("cooling".into(), json!(cooling));
    }
    if wanted(Section::Grids) {
        out.insert("grids".into(), json!(c.zones));
    }
    if wanted(Section::Turbines) {
        let t: Vec<Value> = turbines()
            .map(|(id, rated_kw, hub_m, cut_in, rated, cut_out)| {
                json!({
                    "id": id,
                    "rated_kw": rated_kw,
                    "hub_height_m": hub_m,
                    "cut_in_m_s": cut_in,
                    "rated_m_s": rated,
                    "cut_out_m_s": cut_out,
                })
            })
            .collect();
        out.insert("turbines".into(), json!(t));
    }
    Value::Object(out)
}

fn dctwin_scenario_catalog() -> &'static dctwin_catalog::Catalog {
    dctwin_catalog::catalog()
}

/// Prints the catalog (or one `section`) as tables.
pub fn print_catalog(section: Option<Section>) {
    let c = dctwin_catalog::catalog();
    let all = section.is_none();
    if all || matches!(section, Some(Section::Accelerators)) {
        println!("# accelerators (power per accelerator; dense peak throughput; `dctwin catalog servers` for hosts)");
        println!(
            "{:<24} {:<11} {:>7} {:>8} {:>8} {:>8} {:>9} {:>9} {:>7} {:>7} {:<16}",
            "id", "kind", "TDP W", "parked", "idle W", "full W", "BF16 TF/s", "FP8 TF/s", "mem GB", "TB/s", "server"
        );
        for a in &c.accelerators {
            println!(
                "{:<24} {:<11} {:>7.0} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>9.1} {:>7.0} {:>7.2} {:<16}",
                a.id,
                a.kind,
                a.tdp_w,
                a.parked_idle_w,
                a.active_idle_w,
                a.full_load_w,
                a.peak_tflops.bf16,
                a.peak_tflops.fp8,
                a.memory_gb,
                a.memory_bw_tb_s,
                a.default_server
            );
        }
        println!();
    }
    if all || matches!(section, Some(Section::Servers)) {
        println!("# servers (host power is DC, before the power supplies)");
        println!(
            "{:<20} {:<24} {:>5} {:>10} {:>10} {:>5} {:>9} {:>9} {:>8}",
            "id", "accelerator", "accel", "host idle", "host full", "PSU", "rated kW", "per rack", "rack kW"
        );
        for s in &c.servers {
            println!(
                "{:<20} {:<24} {:>5} {:>10.0} {:>10.0} {:>5.2} {:>9.1} {:>9} {:>8.0}",
                s.id,
                s.accelerator,
                s.accelerators,
                s.host_idle_w,
                s.host_full_w,
                s.psu_efficiency,
                s.rated_w / 1e3,
                s.servers_per_rack,
                s.rack_power_limit_kw
            );
        }
        println!();
    }
    if all || matches!(section, Some(Section::Locations)) {
        println!("# locations (annual mean of monthly normals)");
        println!(
            "{:<11} {:<28} {:>8} {:>9} {:>7} {:<10} {:>7} {:>6}",
            "id", "name", "lat", "lon", "elev m", "climate", "mean C", "grid"
        );
        for l in &c.locations {
            let mean = l.temp_mean_c.iter().sum::<f64>() / 12.0;
            println!(
                "{:<11} {:<28} {:>8.2} {:>9.2} {:>7.0} {:<10} {:>7.1} {:>6}",
                l.id, l.name, l.latitude_deg, l.longitude_deg, l.elevation_m, l.climate, mean, l.grid_zone
            );
        }
        println!();
    }
    if all || matches!(section, Some(Section::Cooling)) {
        println!("# cooling (hall `cooling = ...`)");
        for (id, what) in COOLING_TYPES {
            println!("{id:<24} {what}");
        }
        println!();
    }
    if all || matches!(section, Some(Section::Grids)) {
        println!("# grid zones (annual mean lifecycle carbon intensity)");
        println!(
            "{:<9} {:<34} {:>10} {:>7} {:>10} {:<7}",
            "id", "name", "gCO2e/kWh", "CFE %", "USD/MWh", "shape"
        );
        for z in &c.zones {
            println!(
                "{:<9} {:<34} {:>10.0} {:>7.0} {:>10.0} {:<7}",
                z.id, z.name, z.ci_mean_g_per_kwh, z.cfe_pct, z.price_usd_per_mwh, z.shape
            );
        }
    }
    if all || matches!(section, Some(Section::Turbines)) {
        println!();
        println!("# wind turbines (supply.wind.model)");
        println!(
            "{:<14} {:>9} {:>7} {:>7} {:>7} {:>8}",
            "id", "rated kW", "hub m", "cut-in", "rated", "cut-out"
        );
        for (id, rated_kw, hub_m, cut_in, rated, cut_out) in turbines() {
            println!("{id:<14} {rated_kw:>9.0} {hub_m:>7.0} {cut_in:>7.1} {rated:>7.1} {cut_out:>8.1}");
        }
    }
}
