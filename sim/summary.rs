//! The run's headline numbers: [`Summary`], written as `summary.json` — one flat object whose
//! keys carry their unit. Each key is declared once, in [`summary_keys!`], with its type, unit
//! and meaning: the struct, its JSON and the glossary in `docs/summary-keys.md` come from that
//! one declaration, and the rest of dctwin reads the struct's fields, never keys by name.

use dctwin_scenario::RunConfig;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::run::{RunOutput, TrainingReport, WorkloadDetails, WorkloadReport};

/// Average seconds in a year (365.25 days), for amortising embodied emissions.
const SECONDS_PER_YEAR: f64 = 365.25 * 86_400.0;

/// Sum of `kw` over the run [MWh].
fn energy_mwh(kw: &[f64], step_h: f64) -> f64 {
    kw.iter().sum::<f64>() * step_h / 1_000.0
}

/// Hours of use over which the hardware's embodied emissions are spread: the service life times
/// the share of it in use [h].
pub fn hours_of_use(config: &RunConfig) -> f64 {
    config.lifetime_years * config.use_share * SECONDS_PER_YEAR / 3_600.0
}

/// Embodied emissions of one accelerator and its share of its server, per hour of use
/// [kg CO2e/h]: what a workload is charged for each accelerator-hour it holds.
pub fn embodied_kg_per_accelerator_h(config: &RunConfig, hall: usize) -> f64 {
    let h = &config.halls[hall];
    (h.accelerator.embodied_kg + h.server.embodied_kg / f64::from(h.accelerators_per_server)) / hours_of_use(config)
}

/// Embodied emissions of the hardware charged to the run [t CO2e]: linear amortisation over the
/// hours of use (service life × share in use), for the length of the run (the Cloud Carbon
/// Footprint and BLOOM methods; `E × T_run / (lifetime × use share)`).
pub fn embodied_tco2e(config: &RunConfig) -> f64 {
    let run_s = config.step_s as f64 * config.steps as f64;
    let share = run_s / (config.lifetime_years * config.use_share * SECONDS_PER_YEAR);
    let kg: f64 = config
        .halls
        .iter()
        .map(|h| {
            let servers = f64::from(h.racks) * f64::from(h.servers_per_rack);
            servers * h.server.embodied_kg + h.accelerators() as f64 * h.accelerator.embodied_kg
        })
        .sum();
    kg * share / 1_000.0
}

/// Declares [`Summary`] and [`KEYS`] from one list: each key's doc, name, type and unit.
macro_rules! summary_keys {
    ($( $(#[doc = $doc:literal])+ $key:ident : $ty:ty => $unit:literal, )*) => {
        /// A run's headline numbers, in `summary.json`'s order. Keys for parts a scenario does
        /// not have are 0 (or `null` where "not known" differs from zero); the per-hall keys
        /// `ppue_HALL` and `water_m3_HALL` follow, hall by hall.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Summary {
            $( $(#[doc = $doc])+ pub $key: $ty, )*
            /// Per-hall figures: `ppue_HALL`, `water_m3_HALL`.
            #[serde(flatten, with = "per_hall")]
            pub halls: Vec<HallSummary>,
        }

        /// Every key of `summary.json` but the per-hall ones: name, unit and meaning.
        pub const KEYS: &[(&str, &str, &str)] = &[ $( (stringify!($key), $unit, concat!($($doc),+)), )* ];
    };
}

summary_keys! {
    /// The scenario's name.
    scenario: String => "",
    /// Seed of every random stream.
    seed: u64 => "",
    /// Number of time steps.
    steps: u64 => "",
    /// Length of a step.
    step_s: u64 => "s",
    /// First instant of the run, UTC.
    start_utc: String => "",
    /// Length of the run.
    duration_h: f64 => "h",
    /// The site's name.
    site: String => "",
    /// The grid zone's catalog id.
    grid_zone: String => "",
    /// Racks in all halls.
    racks: u64 => "",
    /// Accelerators in all halls.
    accelerators: u64 => "",
    /// Energy into the IT equipment (servers, accelerators).
    it_energy_mwh: f64 => "MWh",
    /// Energy of the cooling plants.
    cooling_energy_mwh: f64 => "MWh",
    /// Transformer, UPS and PDU losses.
    power_loss_energy_mwh: f64 => "MWh",
    /// Energy into the facility: IT + cooling + losses (+ heat pumps inside the meter).
    facility_energy_mwh: f64 => "MWh",
    /// Power usage effectiveness: facility energy / IT energy.
    pue: f64 => "",
    /// Highest facility power of any step.
    peak_facility_mw: f64 => "MW",
    /// Highest IT power of any step.
    peak_it_mw: f64 => "MW",
    /// Mean accelerator utilization.
    mean_utilization_frac: f64 => "share",
    /// Share of the heat removed without compressors (free cooling), weighted by heat.
    free_cooling_frac: f64 => "share",
    /// Mean outdoor dry-bulb temperature.
    mean_outdoor_temp_c: f64 => "°C",
    /// Energy imported from the grid.
    grid_import_mwh: f64 => "MWh",
    /// On-site generation exported to the grid.
    grid_export_mwh: f64 => "MWh",
    /// On-site solar and wind generation.
    onsite_renewable_mwh: f64 => "MWh",
    /// On-site solar generation.
    solar_mwh: f64 => "MWh",
    /// On-site wind generation.
    wind_mwh: f64 => "MWh",
    /// On-site generation used on site (directly or through the battery).
    onsite_used_mwh: f64 => "MWh",
    /// On-site generation neither used, stored nor exported.
    curtailed_mwh: f64 => "MWh",
    /// Energy into the battery.
    battery_charged_mwh: f64 => "MWh",
    /// Energy out of the battery.
    battery_discharged_mwh: f64 => "MWh",
    /// Charged + discharged.
    battery_throughput_mwh: f64 => "MWh",
    /// Charged − discharged: conversion losses, self-discharge and fade plus any change in stored energy (it starts half full).
    battery_net_charged_mwh: f64 => "MWh",
    /// Energy from off-site PPAs.
    ppa_mwh: f64 => "MWh",
    /// Certificates bought per year, as stated.
    certificates_mwh: f64 => "MWh/yr",
    /// Import above the grid connection's limit.
    import_limit_exceeded_mwh: f64 => "MWh",
    /// Hours in which import exceeded the limit.
    import_limit_exceeded_hours: f64 => "h",
    /// Water consumed on site (evaporation and blowdown).
    water_m3: f64 => "m³",
    /// Water usage effectiveness: on-site water per kWh of IT energy.
    wue_l_per_kwh: f64 => "L/kWh",
    /// Water consumed by the power plants that generated the imported electricity.
    water_source_m3: f64 => "m³",
    /// Source water per kWh of IT energy.
    wue_source_l_per_kwh: f64 => "L/kWh",
    /// On-site and source water.
    water_total_m3: f64 => "m³",
    /// Heat captured by the cooling loops.
    heat_recovered_mwh: f64 => "MWh",
    /// The datacenter's own heat that was reused (ERF's numerator).
    heat_reused_mwh: f64 => "MWh",
    /// Heat rejected to the outdoors.
    heat_rejected_mwh: f64 => "MWh",
    /// Heat delivered to the sink (reused heat plus heat-pump work).
    heat_delivered_mwh: f64 => "MWh",
    /// The sink's heat demand.
    heat_demand_mwh: f64 => "MWh",
    /// Electricity of the heat pumps.
    heat_pump_energy_mwh: f64 => "MWh",
    /// Whether the heat pumps are inside the facility's meter (counted in facility energy and PUE).
    heat_pump_in_facility: bool => "",
    /// Heat delivered per unit of heat-pump electricity.
    mean_heat_pump_cop: f64 => "",
    /// Energy reuse factor (ISO/IEC 30134-6): reused energy / facility energy.
    erf: f64 => "",
    /// Energy reuse effectiveness: (facility − reused) / IT.
    ere: f64 => "",
    /// Homes the delivered heat would warm for a year.
    homes_heated: f64 => "",
    /// Emissions of the heat the delivered heat displaces.
    heat_co2_avoided_tco2e: f64 => "t CO2e",
    /// Revenue from delivered heat.
    heat_revenue_usd: f64 => "USD",
    /// Load matched hour by hour by contracted and owned carbon-free supply (24/7).
    cfe_hourly_pct: f64 => "%",
    /// Load matched over the run by contracted and owned carbon-free supply and certificates.
    cfe_annual_pct: f64 => "%",
    /// Hourly matching including the grid's own carbon-free share.
    cfe_hourly_with_grid_pct: f64 => "%",
    /// Renewable energy factor (ISO/IEC 30134-3): renewable energy used / facility energy.
    renewable_energy_factor: f64 => "",
    /// The grid's carbon-free share over the run: the mean of an imported Electricity Maps file's hourly shares, else the zone's.
    grid_cfe_pct: f64 => "%",
    /// Import-weighted mean carbon intensity of the grid.
    mean_grid_ci_g_per_kwh: f64 => "gCO2e/kWh",
    /// Location-based emissions of the imported electricity (GHG Protocol Scope 2).
    operational_tco2e: f64 => "t CO2e",
    /// Emissions at the grid's marginal intensity, where `grid.marginal_csv` gives it (else null).
    marginal_tco2e: Option<f64> => "t CO2e",
    /// Market-based emissions (GHG Protocol Scope 2): imports not covered by PPAs or certificates, at the residual mix if one is given, else at the location-based intensity of each step (so without contracts it equals `operational_tco2e`).
    market_tco2e: f64 => "t CO2e",
    /// Embodied emissions of accelerators and servers, amortised over their life for the run.
    embodied_tco2e: f64 => "t CO2e",
    /// Operational (location-based) + embodied.
    total_tco2e: f64 => "t CO2e",
    /// Market-based + embodied.
    total_market_tco2e: f64 => "t CO2e",
    /// Cost of imported energy.
    energy_cost_usd: f64 => "USD",
    /// IT energy of training jobs.
    training_it_energy_mwh: f64 => "MWh",
    /// IT energy of inference services.
    inference_it_energy_mwh: f64 => "MWh",
    /// IT energy of accelerators allocated but waiting, or unallocated.
    idle_it_energy_mwh: f64 => "MWh",
    /// Output tokens served.
    output_tokens: f64 => "tokens",
    /// Prompt tokens served.
    prompt_tokens: f64 => "tokens",
    /// Requests served.
    requests: f64 => "",
    /// Requests not served for want of capacity.
    unserved_requests: f64 => "",
    /// IT energy per output token of the inference services.
    j_per_token: f64 => "J",
    /// Facility energy per output token.
    facility_j_per_token: f64 => "J",
    /// Facility energy per request.
    wh_per_request: f64 => "Wh",
    /// Emissions per thousand output tokens.
    g_co2e_per_1k_tokens: f64 => "g CO2e",
    /// Training jobs in the scenario.
    training_jobs: u64 => "",
    /// Training jobs that finished their work in the run.
    training_jobs_completed: u64 => "",
    /// Facility energy of training jobs.
    training_energy_mwh: f64 => "MWh",
    /// Emissions of training jobs.
    training_tco2e: f64 => "t CO2e",
    /// Interruptions of training jobs.
    interruptions: u64 => "",
    /// Accelerator-hours of training work lost to interruptions.
    lost_accelerator_hours: f64 => "h",
    /// Energy of the lost work.
    lost_work_energy_mwh: f64 => "MWh",
}

/// Reads one number of a summary: `|s| s.pue`.
pub type Key = fn(&Summary) -> f64;

/// One hall's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct HallSummary {
    /// The hall's name.
    pub name: String,
    /// Partial PUE: (IT + cooling) / IT of the hall (`ppue_HALL`), its cooling net of what heat
    /// reuse saves; 0 without IT energy.
    pub ppue: f64,
    /// Water consumed by the hall's cooling (`water_m3_HALL`) [m³].
    pub water_m3: f64,
}

/// The per-hall keys, `ppue_HALL` then `water_m3_HALL` for each hall in order.
mod per_hall {
    use serde::ser::SerializeMap as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::{Map, Value};

    use super::HallSummary;

    pub fn serialize<S: Serializer>(halls: &[HallSummary], s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2 * halls.len()))?;
        for h in halls {
            m.serialize_entry(&format!("ppue_{}", h.name), &h.ppue)?;
            m.serialize_entry(&format!("water_m3_{}", h.name), &h.water_m3)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<HallSummary>, D::Error> {
        let rest: Map<String, Value> = Map::deserialize(d)?;
        let mut halls = Vec::new();
        for (k, v) in &rest {
            let Some(name) = k.strip_prefix("ppue_") else { continue };
            let water = rest.get(&format!("water_m3_{name}")).and_then(Value::as_f64);
            let (Some(ppue), Some(water_m3)) = (v.as_f64(), water) else {
                return Err(serde::de::Error::custom(format!(
                    "hall `{name}` lacks a number for ppue or water_m3"
                )));
            };
            halls.push(HallSummary {
                name: name.to_string(),
                ppue,
                water_m3,
            });
        }
        Ok(halls)
    }
}

impl Summary {
    /// `summary.json`'s object: every key in order, `-0.0` written as `0.0` and non-finite
    /// numbers as `null`.
    pub fn to_json(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m.into_iter().map(|(k, v)| (k, positive_zero(v))).collect(),
            _ => Map::new(),
        }
    }

    /// A summary read back from `summary.json`.
    pub fn from_json(m: Map<String, Value>) -> Result<Self, serde_json::Error> {
        serde_json::from_value(Value::Object(m))
    }
}

/// `docs/summary-keys.md`: every key of `summary.json` with its unit and meaning.
pub fn glossary_markdown() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "# summary.json\n\n\
         Every key of a run's `summary.json`, in the file's order, with its unit and meaning. \
         Keys for parts a scenario does not have are 0; `marginal_tco2e` is `null` without a \
         marginal-intensity file. After these come two keys per hall: `ppue_HALL` (the hall's \
         partial PUE, (IT + cooling) / IT) and `water_m3_HALL` (its cooling water, m³). A \
         hall's cooling and water are net of what heat reuse saves (shared among halls by their \
         heat-rejection power and water), so the halls add up to `cooling_energy_mwh` and \
         `water_m3`; heat pumps belong to no hall.\n\n\
         Generated from the declarations in `sim/summary.rs` by a test \
         (`UPDATE_DOCS=1 cargo test --test registry`); it fails when this file is stale.\n\n\
         | key | unit | meaning |\n|---|---|---|\n",
    );
    for (key, unit, doc) in KEYS {
        let _ = writeln!(out, "| `{key}` | {unit} | {} |", doc.trim());
    }
    out
}

/// Builds the summary of a run.
pub fn summarize(config: &RunConfig, out: &RunOutput) -> Summary {
    let rec = &out.recorder;
    let step_h = config.step_s as f64 / 3_600.0;
    let it = energy_mwh(&rec.it_power_kw, step_h);
    let cooling = energy_mwh(&rec.cooling_power_kw, step_h);
    let losses = energy_mwh(&rec.power_loss_kw, step_h);
    let facility = energy_mwh(&rec.facility_power_kw, step_h);
    let import = energy_mwh(&rec.grid_import_kw, step_h);
    let water_m3 = rec.water_l.iter().sum::<f64>() / 1_000.0;
    let operational = rec.co2_kg.iter().sum::<f64>() / 1_000.0;
    let embodied = embodied_tco2e(config);
    let max = |v: &[f64]| v.iter().copied().fold(0.0_f64, f64::max);
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let accelerators: u64 = config.halls.iter().map(dctwin_scenario::Hall::accelerators).sum();
    let racks: u64 = config.halls.iter().map(|h| u64::from(h.racks)).sum();
    let energy_weighted_ci = ratio(rec.co2_kg.iter().sum::<f64>() * 1_000.0, import * 1_000.0);

    let scenario = config.name.clone();
    let seed = config.seed;
    let steps = config.steps as u64;
    let step_s = config.step_s;
    let start_utc = config.start.to_string();
    let duration_h = config.steps as f64 * step_h;
    let site = config.site.label.clone();
    let grid_zone = config.grid.zone.id.clone();
    let it_energy_mwh = it;
    let cooling_energy_mwh = cooling;
    let power_loss_energy_mwh = losses;
    let facility_energy_mwh = facility;
    let pue = ratio(facility, it);
    let peak_facility_mw = max(&rec.facility_power_kw) / 1_000.0;
    let peak_it_mw = max(&rec.it_power_kw) / 1_000.0;
    let mean_utilization_frac = mean(&rec.utilization_frac);
    let free_cooling_frac = ratio(
        rec.free_cooling_frac
            .iter()
            .zip(&rec.heat_removed_kw)
            .map(|(f, h)| f * h)
            .sum(),
        rec.heat_removed_kw.iter().sum(),
    );
    let mean_outdoor_temp_c = mean(&rec.outdoor_temp_c);
    let grid_import_mwh = import;
    let grid_export_mwh = energy_mwh(&rec.grid_export_kw, step_h);
    let solar = energy_mwh(&rec.solar_kw, step_h);
    let wind = energy_mwh(&rec.wind_kw, step_h);
    let onsite_renewable_mwh = solar + wind;
    let solar_mwh = solar;
    let wind_mwh = wind;
    let onsite_used_mwh = energy_mwh(&rec.onsite_used_kw, step_h);
    let curtailed_mwh = energy_mwh(&rec.curtailed_kw, step_h);
    let charged = energy_mwh(&rec.battery_charge_kw, step_h);
    let discharged = energy_mwh(&rec.battery_discharge_kw, step_h);
    let battery_charged_mwh = charged;
    let battery_discharged_mwh = discharged;
    let battery_throughput_mwh = charged + discharged;
    // Conversion losses and self-discharge, plus any change in stored energy (the battery
    // starts half full): charged − discharged.
    let battery_net_charged_mwh = charged - discharged;
    let ppa = energy_mwh(&rec.ppa_kw, step_h);
    let certificates = config.supply.certificates_mwh * (config.steps as f64 * step_h / 8_760.0).min(1.0);
    let ppa_mwh = ppa;
    let certificates_mwh = config.supply.certificates_mwh;
    let excess = energy_mwh(&rec.import_excess_kw, step_h);
    let import_limit_exceeded_mwh = excess;
    let import_limit_exceeded_hours = rec.import_excess_kw.iter().filter(|&&kw| kw > 0.0).count() as f64 * step_h;
    let wue_l_per_kwh = ratio(water_m3 * 1_000.0, it * 1_000.0);
    // Off-site water: consumed by the power plants that generate the grid import.
    let m = config.grid.zone.mix_pct;
    let source_l_per_kwh = dctwin_grid::generation_water_l_per_kwh(m.coal, m.gas, m.oil, m.nuclear);
    let water_source_m3 = import * source_l_per_kwh;
    let wue_source_l_per_kwh = ratio(import * source_l_per_kwh, it);
    let water_total_m3 = water_m3 + import * source_l_per_kwh;
    // Heat reuse (all 0 without a [heat_reuse] section). ERF (ISO/IEC 30134-6) counts the
    // data centre's own heat that was reused; ERE = (facility − reused) / IT = (1 − ERF) × PUE.
    let reused = energy_mwh(&rec.heat_reused_kw, step_h);
    let delivered = energy_mwh(&rec.heat_delivered_kw, step_h);
    let pump = energy_mwh(&rec.heat_pump_kw, step_h);
    let reuse = config.heat_reuse;
    let heat_recovered_mwh = energy_mwh(&rec.heat_recovered_kw, step_h);
    let heat_reused_mwh = reused;
    let heat_rejected_mwh = energy_mwh(&rec.heat_rejected_kw, step_h);
    let heat_delivered_mwh = delivered;
    let heat_demand_mwh = energy_mwh(&rec.heat_demand_kw, step_h);
    let heat_pump_energy_mwh = pump;
    let heat_pump_in_facility = reuse.is_none_or(|r| r.pump_in_facility);
    let mean_heat_pump_cop = ratio(delivered, pump);
    let erf = dctwin_heat::erf(reused, facility);
    let ere = dctwin_heat::ere(reused, facility, it);
    let run_h = config.steps as f64 * step_h;
    let homes_heated = reuse.map_or(0.0, |r| delivered * 1_000.0 * (8_760.0 / run_h) / r.heat_per_home_kwh);
    let heat_co2_avoided_tco2e = reuse.map_or(0.0, |r| delivered * r.displaced_g_per_kwh / 1_000.0);
    let heat_revenue_usd = reuse.map_or(0.0, |r| delivered * r.price_usd_per_mwh);
    // Carbon-free matching, hour by hour (24/7) and annual (volumetric), on contracted and
    // owned supply only, so hourly ≤ annual; and the grid-inclusive hourly score.
    let per_hour = ((3_600 / config.step_s).max(1)) as usize;
    let hourly = |v: &[f64]| {
        v.chunks(per_hour)
            .map(|c| c.iter().sum::<f64>() / c.len() as f64)
            .collect::<Vec<f64>>()
    };
    let load_h = hourly(&rec.facility_power_kw);
    let cfe_h = hourly(&rec.cfe_supply_kw);
    let cfe_hourly_pct = dctwin_grid::hourly_cfe_pct(&load_h, &cfe_h);
    let cfe_annual_pct = dctwin_grid::annual_matching_pct(
        &rec.facility_power_kw,
        &rec.cfe_supply_kw,
        certificates * 1_000.0,
        step_h,
    );
    let with_grid: Vec<f64> = rec
        .cfe_supply_kw
        .iter()
        .zip(&rec.grid_import_kw)
        .zip(&rec.grid_cfe_pct)
        .map(|((c, i), g)| c + i * g / 100.0)
        .collect();
    let cfe_hourly_with_grid_pct = dctwin_grid::hourly_cfe_pct(&load_h, &hourly(&with_grid));
    // Renewable energy factor (ISO/IEC 30134-3): renewable energy used over facility energy.
    let renewable_used = energy_mwh(&rec.onsite_used_kw, step_h) + ppa + certificates;
    let renewable_energy_factor = (renewable_used / facility.max(f64::MIN_POSITIVE)).min(1.0);
    // The imported file's hourly carbon-free shares when it has them, else the zone's.
    let file_cfe = config.grid.carbon_file.as_ref().is_some_and(|f| f.cfe_pct.is_some());
    let grid_cfe_pct = if file_cfe {
        mean(&rec.grid_cfe_pct)
    } else {
        config.grid.zone.cfe_pct
    };
    let mean_grid_ci_g_per_kwh = energy_weighted_ci;
    let operational_tco2e = operational;
    // Marginal emissions where `grid.marginal_csv` gives the marginal intensity, else null.
    let marginal_known = rec.marginal_co2_kg.iter().any(|v| !v.is_nan());
    let marginal_tco2e = marginal_known.then(|| rec.marginal_co2_kg.iter().sum::<f64>() / 1_000.0);
    // Market-based (GHG Protocol Scope 2): imports not covered by PPAs or certificates, at the
    // residual mix (the grid mean when no residual mix is given).
    let market = dctwin_grid::market_based_kg(
        import * 1_000.0,
        (ppa + certificates) * 1_000.0,
        operational * 1_000.0,
        config.grid.residual_mix_g_per_kwh,
    ) / 1_000.0;
    let market_tco2e = market;
    let embodied_tco2e = embodied;
    let total_tco2e = operational + embodied;
    let total_market_tco2e = market + embodied;
    let energy_cost_usd = rec.energy_cost_usd.iter().sum::<f64>();
    // Training and inference (0 where a scenario has none).
    let workloads = &out.workloads;
    let serving: Vec<&WorkloadReport> = workloads
        .iter()
        .filter(|w| matches!(w.details, WorkloadDetails::Inference(_)))
        .collect();
    let training_jobs: Vec<&TrainingReport> = workloads
        .iter()
        .filter_map(|w| match &w.details {
            WorkloadDetails::Training(t) => Some(t),
            WorkloadDetails::Inference(_) => None,
        })
        .collect();
    let training: Vec<&WorkloadReport> = workloads
        .iter()
        .filter(|w| matches!(w.details, WorkloadDetails::Training(_)))
        .collect();
    let sum = |ws: &[&WorkloadReport], f: fn(&WorkloadReport) -> f64| ws.iter().map(|w| f(w)).sum::<f64>();
    let tokens = sum(&serving, |w| w.ledger.output_tokens);
    let requests = sum(&serving, |w| w.ledger.requests);
    let inf_it_kwh = sum(&serving, |w| w.ledger.it_energy_kwh);
    let inf_fac_kwh = sum(&serving, |w| w.ledger.facility_energy_kwh);
    let inf_co2 = sum(&serving, |w| w.ledger.co2_kg);
    let per = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let training_it_energy_mwh = energy_mwh(&rec.training_it_power_kw, step_h);
    let inference_it_energy_mwh = energy_mwh(&rec.inference_it_power_kw, step_h);
    // Accelerators allocated but waiting, or unallocated, still draw power.
    let idle_it_energy_mwh = energy_mwh(&rec.idle_it_power_kw, step_h);
    let output_tokens = tokens;
    let prompt_tokens = sum(&serving, |w| w.ledger.prompt_tokens);
    let unserved_requests = sum(&serving, |w| w.ledger.unserved_requests);
    let j_per_token = per(inf_it_kwh * 3.6e6, tokens);
    let facility_j_per_token = per(inf_fac_kwh * 3.6e6, tokens);
    let wh_per_request = per(inf_fac_kwh * 1_000.0, requests);
    let g_co2e_per_1k_tokens = per(inf_co2 * 1_000.0, tokens / 1_000.0);
    let training_jobs_completed = training_jobs.iter().filter(|t| t.completed).count() as u64;
    let training_energy_mwh = sum(&training, |w| w.ledger.facility_energy_kwh) / 1_000.0;
    let training_tco2e = sum(&training, |w| w.ledger.co2_kg) / 1_000.0;
    let interruptions = training_jobs.iter().map(|t| u64::from(t.interruptions)).sum::<u64>();
    let lost_accelerator_hours = training_jobs.iter().map(|t| t.lost_accelerator_hours).sum::<f64>();
    let training_jobs = training_jobs.len() as u64;
    let lost_work_energy_mwh = sum(&training, |w| w.ledger.lost_energy_kwh) / 1_000.0;
    let halls = out
        .halls
        .iter()
        .map(|hall| HallSummary {
            name: hall.name.clone(),
            ppue: if hall.it_energy_kwh > 0.0 {
                (hall.it_energy_kwh + hall.cooling_energy_kwh) / hall.it_energy_kwh
            } else {
                0.0
            },
            water_m3: hall.water_l / 1_000.0,
        })
        .collect();
    Summary {
        scenario,
        seed,
        steps,
        step_s,
        start_utc,
        duration_h,
        site,
        grid_zone,
        racks,
        accelerators,
        it_energy_mwh,
        cooling_energy_mwh,
        power_loss_energy_mwh,
        facility_energy_mwh,
        pue,
        peak_facility_mw,
        peak_it_mw,
        mean_utilization_frac,
        free_cooling_frac,
        mean_outdoor_temp_c,
        grid_import_mwh,
        grid_export_mwh,
        onsite_renewable_mwh,
        solar_mwh,
        wind_mwh,
        onsite_used_mwh,
        curtailed_mwh,
        battery_charged_mwh,
        battery_discharged_mwh,
        battery_throughput_mwh,
        battery_net_charged_mwh,
        ppa_mwh,
        certificates_mwh,
        import_limit_exceeded_mwh,
        import_limit_exceeded_hours,
        water_m3,
        wue_l_per_kwh,
        water_source_m3,
        wue_source_l_per_kwh,
        water_total_m3,
        heat_recovered_mwh,
        heat_reused_mwh,
        heat_rejected_mwh,
        heat_delivered_mwh,
        heat_demand_mwh,
        heat_pump_energy_mwh,
        heat_pump_in_facility,
        mean_heat_pump_cop,
        erf,
        ere,
        homes_heated,
        heat_co2_avoided_tco2e,
        heat_revenue_usd,
        cfe_hourly_pct,
        cfe_annual_pct,
        cfe_hourly_with_grid_pct,
        renewable_energy_factor,
        grid_cfe_pct,
        mean_grid_ci_g_per_kwh,
        operational_tco2e,
        marginal_tco2e,
        market_tco2e,
        embodied_tco2e,
        total_tco2e,
        total_market_tco2e,
        energy_cost_usd,
        training_it_energy_mwh,
        inference_it_energy_mwh,
        idle_it_energy_mwh,
        output_tokens,
        prompt_tokens,
        requests,
        unserved_requests,
        j_per_token,
        facility_j_per_token,
        wh_per_request,
        g_co2e_per_1k_tokens,
        training_jobs,
        training_jobs_completed,
        training_energy_mwh,
        training_tco2e,
        interruptions,
        lost_accelerator_hours,
        lost_work_energy_mwh,
        halls,
    }
}

/// `workloads.json`: one object per workload — its name, kind and ledger, then its kind's own
/// report.
pub fn workloads_json(out: &RunOutput) -> Value {
    let list: Vec<Value> = out
        .workloads
        .iter()
        .map(|w| {
            let l = &w.ledger;
            let mut o = Map::new();
            o.insert("name".into(), json!(w.name));
            o.insert("kind".into(), json!(w.kind()));
            o.insert("it_energy_mwh".into(), json!(l.it_energy_kwh / 1_000.0));
            o.insert("facility_energy_mwh".into(), json!(l.facility_energy_kwh / 1_000.0));
            o.insert("tco2e".into(), json!(l.co2_kg / 1_000.0));
            o.insert("accelerator_hours".into(), json!(l.accelerator_h));
            o.insert("embodied_tco2e".into(), json!(w.embodied_tco2e));
            let details = match &w.details {
                WorkloadDetails::Training(t) => serde_json::to_value(t),
                WorkloadDetails::Inference(s) => {
                    let per = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
                    o.insert("output_tokens".into(), json!(l.output_tokens));
                    o.insert("prompt_tokens".into(), json!(l.prompt_tokens));
                    o.insert("requests".into(), json!(l.requests));
                    o.insert("unserved_requests".into(), json!(l.unserved_requests));
                    o.insert(
                        "j_per_token".into(),
                        json!(per(l.it_energy_kwh * 3.6e6, l.output_tokens)),
                    );
                    o.insert(
                        "wh_per_request".into(),
                        json!(per(l.facility_energy_kwh * 1_000.0, l.requests)),
                    );
                    o.insert(
                        "g_co2e_per_1k_tokens".into(),
                        json!(per(l.co2_kg * 1e6, l.output_tokens)),
                    );
                    serde_json::to_value(s)
                }
            };
            if let Ok(Value::Object(d)) = details {
                o.extend(d);
            }
            Value::Object(o)
        })
        .collect();
    Value::Array(list)
}

/// `-0.0` (a sum of zeros minus zeros) written as `0.0`, so that a file never shows "-0".
fn positive_zero(v: Value) -> Value {
    match v.as_f64() {
        Some(x) if x == 0.0 && x.is_sign_negative() => json!(0.0),
        _ => v,
    }
}
