//! `report.html`: one self-contained page per run and per comparison — the scenario in words,
//! what drove the result, headline numbers with everyday equivalents, every chart (inline SVG),
//! the models used with their references, and the assumptions left at their defaults. No
//! network: styles, charts and the small script are all inline.

use std::fmt::Write as _;
use std::path::PathBuf;

use dctwin_scenario::{Cooling, Loaded, RunConfig};

use crate::summary::{Key, Summary};

use crate::explain::fmt_num;

/// Everyday equivalents, each with its source.
const US_HOME_KWH_PER_YEAR: f64 = 10_791.0;
const CAR_TCO2_PER_YEAR: f64 = 4.6;
const FLIGHT_TCO2: f64 = 1.0;

const EQUIVALENT_SOURCES: &str = "Homes: average US residential customer used 10,791 kWh in 2022 (US EIA, \"How much electricity does an American home use?\"). \
Cars: a typical passenger vehicle emits about 4.6 t CO2 a year (US EPA, \"Greenhouse Gas Emissions from a Typical Passenger Vehicle\"). \
Flights: about 1 t CO2e per passenger for a return economy flight London–New York (between ICAO's carbon calculator, ≈0.6 t of CO2, and UK DESNZ 2023 factors with radiative forcing, ≈1.6 t).";

const STYLE: &str = "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}\
main{max-width:1100px;margin:0 auto;padding:24px 32px;background:#fff}h1{margin:0 0 4px;font-size:28px}\
h2{margin-top:36px;border-bottom:2px solid #0072B2;padding-bottom:4px;font-size:20px}.sub{color:#555;margin:0 0 16px}\
table{border-collapse:collapse;margin:8px 0;font-size:14px}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}\
td:first-child,th:first-child{text-align:left}.explain{white-space:pre-wrap;background:#f3f7fb;border-left:4px solid #0072B2;padding:12px 16px;font-size:15px;line-height:1.5}\
figure{margin:24px 0}figure svg{width:100%;height:auto;border:1px solid #eee}figcaption{color:#555;font-size:13px}\
.small{font-size:12px;color:#555}ul{line-height:1.5}";

const SCRIPT: &str = "<script>\
window.dctwinErrors=[];window.addEventListener('error',function(e){window.dctwinErrors.push(String(e.message))});\
window.addEventListener('load',function(){var n=0;document.querySelectorAll('figure svg').forEach(function(s){var r=s.getBoundingClientRect();if(r.width>100&&r.height>50){n++}});\
document.body.setAttribute('data-charts-visible',String(n));document.body.setAttribute('data-charts',String(document.querySelectorAll('figure svg').length));\
document.body.setAttribute('data-errors',String(window.dctwinErrors.length));document.body.setAttribute('data-ready','1')});</script>";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG files among `charts`, inlined (the XML prolog removed).
fn figures(charts: &[PathBuf]) -> String {
    let mut out = String::new();
    for path in charts.iter().filter(|p| p.extension().is_some_and(|e| e == "svg")) {
        let Ok(svg) = std::fs::read_to_string(path) else {
            continue;
        };
        let svg = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().replace('_', " "))
            .unwrap_or_default();
        let _ = write!(out, "<figure>{svg}<figcaption>{}</figcaption></figure>", esc(&name));
    }
    out
}

fn page(title: &str, subtitle: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><main><h1>{}</h1><p class=\"sub\">{}</p>{body}<p class=\"small\">Written by dctwin {}.</p></main>{SCRIPT}</body></html>\n",
        esc(title),
        esc(title),
        esc(subtitle),
        env!("CARGO_PKG_VERSION")
    )
}

/// The scenario in words.
fn describe(c: &RunConfig) -> String {
    let mut out = String::new();
    let days = c.steps as f64 * c.step_s as f64 / 86_400.0;
    let _ = write!(out, "<p>{}</p><ul>", esc(&c.description));
    let _ = write!(
        out,
        "<li>{} days from {} in steps of {} minutes, seed {}.</li><li>Site: {} ({:.2}°, {:.2}°, {:.0} m), grid zone {}.</li>",
        fmt_num(days),
        c.start,
        c.step_s / 60,
        c.seed,
        esc(&c.site.label),
        c.site.latitude_deg,
        c.site.longitude_deg,
        c.site.elevation_m,
        esc(&c.grid.zone.id)
    );
    for h in &c.halls {
        let _ = write!(
            out,
            "<li>Hall {}: {} racks × {} {} servers × {} {} ({} accelerators), cooling {}.</li>",
            esc(&h.name),
            h.racks,
            h.servers_per_rack,
            esc(&h.server.id),
            h.accelerators_per_server,
            esc(&h.accelerator.name),
            h.accelerators(),
            h.cooling.name()
        );
    }
    for t in &c.training {
        let _ = write!(
            out,
            "<li>Training job {} on {} accelerators, {} accelerator-hours.</li>",
            esc(&t.name),
            t.accelerators,
            fmt_num(t.work_accelerator_h)
        );
    }
    for s in &c.inference {
        let _ = write!(
            out,
            "<li>Inference service {}: a {} B-parameter model in {}, {} requests/s on average.</li>",
            esc(&s.name),
            fmt_num(s.params_b),
            s.precision.name(),
            fmt_num(s.requests_per_s)
        );
    }
    out.push_str("</ul>");
    out
}

/// Headline numbers with units and everyday equivalents.
fn headline(s: &Summary) -> String {
    let facility_kwh = s.facility_energy_mwh * 1_000.0;
    let t = s.total_tco2e;
    let rows = [
        (
            "Facility energy",
            format!("{} MWh", fmt_num(s.facility_energy_mwh)),
            format!(
                "≈ {} US homes' electricity for a year",
                fmt_num(facility_kwh / US_HOME_KWH_PER_YEAR)
            ),
        ),
        ("IT energy", format!("{} MWh", fmt_num(s.it_energy_mwh)), String::new()),
        ("PUE", format!("{:.3}", s.pue), String::new()),
        (
            "Peak facility power",
            format!("{} MW", fmt_num(s.peak_facility_mw)),
            String::new(),
        ),
        (
            "Operational emissions (location-based)",
            format!("{} t CO2e", fmt_num(s.operational_tco2e)),
            String::new(),
        ),
        (
            "Market-based emissions",
            format!("{} t CO2e", fmt_num(s.market_tco2e)),
            String::new(),
        ),
        (
            "Embodied emissions (amortised)",
            format!("{} t CO2e", fmt_num(s.embodied_tco2e)),
            String::new(),
        ),
        (
            "Total emissions",
            format!("{} t CO2e", fmt_num(t)),
            format!(
                "≈ {} cars for a year, or {} return flights London–New York",
                fmt_num(t / CAR_TCO2_PER_YEAR),
                fmt_num(t / FLIGHT_TCO2)
            ),
        ),
        (
            "Water on site",
            format!("{} m³", fmt_num(s.water_m3)),
            format!("WUE {:.2} L/kWh", s.wue_l_per_kwh),
        ),
        (
            "Water at the power plants",
            format!("{} m³", fmt_num(s.water_source_m3)),
            String::new(),
        ),
        (
            "Carbon-free energy, hourly / annual",
            format!("{} % / {} %", fmt_num(s.cfe_hourly_pct), fmt_num(s.cfe_annual_pct)),
            String::new(),
        ),
        (
            "Heat delivered to the sink",
            format!("{} MWh", fmt_num(s.heat_delivered_mwh)),
            format!(
                "≈ {} homes heated; {} MWh of it recovered from the halls (ERF {:.2}), the rest heat-pump work",
                fmt_num(s.homes_heated),
                fmt_num(s.heat_reused_mwh),
                s.erf
            ),
        ),
        (
            "Energy cost",
            format!("{} USD", fmt_num(s.energy_cost_usd)),
            String::new(),
        ),
    ];
    let mut out = String::from("<table><tr><th>Quantity</th><th>Value</th><th>Everyday terms</th></tr>");
    for (label, value, equiv) in rows {
        let _ = write!(
            out,
            "<tr><td>{label}</td><td>{}</td><td>{}</td></tr>",
            esc(&value),
            esc(&equiv)
        );
    }
    let _ = write!(out, "</table><p class=\"small\">{}</p>", esc(EQUIVALENT_SOURCES));
    out
}

/// Every model the run used, with its reference.
fn methods(c: &RunConfig) -> String {
    let mut items: Vec<&str> = vec![
        "Accelerator power: a saturating curve fitted by least squares to NVML energy-counter measurements of an NVIDIA H200 (dctwin calibration, 2026-11-26), scaled per accelerator; DVFS power caps with an exponent derived from the same data.",
        "Servers: host power rising with load, power-supply efficiency (80 PLUS Titanium), HGX H100 at 8.4 kW (Latif et al., IEEE Access 2025).",
        "Power chain: transformer, UPS and PDU losses as no-load, proportional and square-law terms (Rasmussen, APC White Paper 113).",
        "Psychrometrics: ASHRAE Handbook Fundamentals 2017, ch. 1 (Hyland–Wexler saturation pressure, psychrometric equation).",
        "Embodied emissions: BLOOM (Luccioni et al., JMLR 2023) per-GPU and per-server figures, amortised linearly over the hours of use (Cloud Carbon Footprint method): the run is charged E × T_run / (lifetime × use share), a workload its accelerator-hours × (accelerator + its share of the server) / (lifetime × use share).",
        "Location-based emissions: grid import × average intensity (GHG Protocol Scope 2 Guidance, 2015).",
    ];
    items.push(if c.site.weather.is_some() {
        "Weather: the scenario's EnergyPlus weather (EPW) file, interpolated to the step."
    } else {
        "Weather: seeded synthetic weather from the site's monthly climate normals (diurnal cycle, AR(1) day-to-day anomalies)."
    });
    items.push(if c.grid.carbon_file.is_some() {
        "Grid intensity: the scenario's hourly file (Electricity Maps export or CSV)."
    } else if c.grid.constant_ci_g_per_kwh.is_some() {
        "Grid intensity: a constant given by the scenario."
    } else {
        "Grid intensity: the zone's annual mean (Electricity Maps 2024 / Ember 2023) shaped by its generation mix (dctwin synthetic profile)."
    });
    items.push(if c.grid.residual_mix_g_per_kwh.is_some() {
        "Market-based emissions (GHG Protocol Scope 2): contractual instruments first, the rest at the scenario's residual mix."
    } else {
        "Market-based emissions (GHG Protocol Scope 2): contractual instruments first, the rest at the location-based intensity of each step (no residual mix given, as the Guidance allows); without contracts they equal location-based emissions."
    });
    for h in &c.halls {
        items.push(match h.cooling {
            Cooling::AirChiller => "Air-cooled chiller: Carnot-fraction COP (Gordon & Ng 2000), cube-law CRAH fans, dry-cooler economizer.",
            Cooling::AirTower { li2023_water: false } => "Water-cooled chiller and cooling tower: Carnot fraction 0.6 (AHRI 550/590 rating), wet-bulb economizer; water from evaporation, blowdown and drift.",
            Cooling::AirTower { li2023_water: true } => "Cooling tower water: Li et al. 2023, \"Making AI Less Thirsty\" (arXiv:2304.03271), WUE against wet bulb.",
            Cooling::AirEconomizer => "Air-side economizer: PNNL Building Re-Tuning control sequence, ASHRAE TC 9.9 (2021) dew-point limit.",
            Cooling::DirectLiquid { .. } => "Direct-to-chip liquid cooling: ASHRAE W32 water, dry coolers, residual air share; server fans removed (Vertiv/NVIDIA study).",
            Cooling::ImmersionSinglePhase | Cooling::ImmersionTwoPhase => "Immersion cooling: dry coolers, no server fans; partial PUE 1.02–1.05 measured (UT Arlington 2017; Tongji, Energies 2021); two-phase server power −5–15 % (Microsoft 2021).",
            Cooling::SeaWater { .. } | Cooling::LakeWater => "Sea/lake water cooling through a heat exchanger (Project Natick, Google Hamina, Toronto Deep Lake Water Cooling).",
            Cooling::FixedPue(_) => "Cooling: a fixed PUE given by the scenario.",
        });
    }
    if !c.training.is_empty() {
        items.push("Training: interruptions at the Llama 3 rate and mix (Dubey et al. 2024, Table 5), checkpoints at Young's interval (Young 1974).");
    }
    if !c.inference.is_empty() {
        items.push("Serving: roofline model — compute-bound prefill, memory-bound decode with KV cache and continuous batching (Kaplan et al. 2020 FLOPs per token; Splitwise request sizes, Patel et al. 2024); levers from SparseGPT, CALM, LayerSkip, TVM.");
    }
    if c.heat_reuse.is_some() {
        items.push("Heat reuse: heat pumps at a Carnot fraction fitted to published COPs (Zangeneh & Øi), district heating from heating degree-hours, ERF (ISO/IEC 30134-6).");
    }
    if c.supply.solar.is_some()
        || c.supply
            .ppas
            .iter()
            .any(|p| matches!(p.kind, dctwin_scenario::PpaKind::Solar(_)))
    {
        items.push("Solar: NOAA solar position, Ineichen–Perez clear sky (Ineichen & Perez 2002) with SoDa Linke turbidity, Erbs et al. 1982, isotropic transposition, SAPM cell temperature (King et al. 2004), PVWatts DC and inverter (Dobos 2014).");
    }
    let plant_line;
    if let Some(s) = &c.supply.solar {
        let a = &s.array;
        let mount = match &a.tracker {
            None => format!("fixed at {:.0}° tilt facing {:.0}°", a.tilt_deg, a.azimuth_deg),
            Some(t) => format!(
                "single-axis trackers (axis {:.0}° tilt towards {:.0}°, ±{:.0}°, {}), Marion & Dobos 2013{}",
                t.axis_tilt_deg,
                t.axis_azimuth_deg,
                t.max_angle_deg,
                if t.backtrack {
                    format!("backtracking at ground coverage {}", t.gcr)
                } else {
                    "no backtracking".into()
                },
                if t.backtrack { ", Anderson & Mikofski 2020" } else { "" }
            ),
        };
        plant_line = format!(
            "On-site PV plant: {mount}; γ {:.2} %/°C, {:.1} % DC losses, {:.2} %/yr degradation, inverter {:.1} % at DC/AC {:.2}, albedo {:.2}{}.",
            100.0 * a.gamma_per_c,
            100.0 * a.system_losses_frac,
            100.0 * a.degradation_per_year,
            100.0 * a.inverter_eta_nominal,
            a.dc_ac_ratio,
            a.albedo,
            if a.bifacial_gain_frac > 0.0 {
                format!(", bifacial gain {:.1} % as stated", 100.0 * a.bifacial_gain_frac)
            } else {
                String::new()
            }
        );
        items.push(&plant_line);
    }
    if c.supply.wind.is_some()
        || c.supply
            .ppas
            .iter()
            .any(|p| matches!(p.kind, dctwin_scenario::PpaKind::Wind(_)))
    {
        items.push("Wind: Weibull speeds with hourly persistence (Justus et al. 1978), power-law shear, NREL 5-MW / IEA 15-MW / generic 3 MW power curves.");
    }
    let battery_line;
    if let Some(b) = &c.supply.battery {
        let pct = |x: f64| {
            let s = format!("{:.1}", 100.0 * x);
            s.strip_suffix(".0").map_or(s.clone(), str::to_string)
        };
        battery_line = format!(
            "Battery: {} % round-trip efficiency (the NREL ATB's 85 % unless the scenario sets it), state of charge between {} and {} %, self-discharge, cycle fade; the carbon-free share of what it discharges is the share it held (proportional attribution, a dctwin assumption).",
            pct(b.round_trip_efficiency),
            pct(b.soc_min_frac),
            pct(b.soc_max_frac)
        );
        items.push(&battery_line);
    }
    if c.supply.battery.is_some() || !c.supply.ppas.is_empty() || c.supply.certificates_mwh > 0.0 {
        items.push("Carbon-free matching: hourly (24/7, EnergyTag) and annual volumetric.");
    }
    let mut out = String::from("<ul>");
    for i in items {
        let _ = write!(out, "<li>{}</li>", esc(i));
    }
    out.push_str("</ul>");
    out
}

/// The simplifications behind this run's numbers: what the models leave out, so no reader
/// takes a simplification for a result.
fn not_modelled(c: &RunConfig) -> String {
    let mut items: Vec<&str> =
        vec!["Weather inside a step: every model sees one state per step (interpolated from the weather's hours)."];
    let solar = c.supply.solar.is_some()
        || c.supply
            .ppas
            .iter()
            .any(|p| matches!(p.kind, dctwin_scenario::PpaKind::Solar(_)));
    if solar {
        items.push("PV: reflection losses at high angles of incidence, spectral effects, snow, and shading of the diffuse sky and the ground by neighbouring rows (backtracking only keeps direct sunlight off the next row); PVWatts' 14 % losses stand for soiling, mismatch and wiring unless the scenario sets them.");
    }
    if c.supply
        .solar
        .as_ref()
        .is_some_and(|s| s.array.bifacial_gain_frac > 0.0)
    {
        items.push("Bifacial modules: the rear side's irradiance is not computed; its gain is the constant share the scenario states.");
    }
    if c.supply.wind.is_some()
        || c.supply
            .ppas
            .iter()
            .any(|p| matches!(p.kind, dctwin_scenario::PpaKind::Wind(_)))
    {
        items.push("Wind: wakes, availability and electrical losses are one constant share; turbulence and air density do not change the power curve.");
    }
    if c.supply.battery.is_some() {
        items.push(
            "Battery: efficiency does not change with power or state of charge; no temperature or calendar ageing.",
        );
    }
    let mut out = String::from("<ul>");
    for i in items {
        let _ = write!(out, "<li>{}</li>", esc(i));
    }
    out.push_str("</ul>");
    out
}

/// Every field the scenario left unset, with the value the run used (recorded as the scenario
/// resolved, so it is what ran), its unit and meaning from the field's declaration.
fn defaults(l: &Loaded) -> String {
    let used = &l.config.defaults;
    if used.is_empty() {
        return "<p>None: the scenario sets every field the run uses.</p>".into();
    }
    let mut out = String::from("<table><tr><th>Field</th><th>Value used</th><th>Unit</th><th>What it is</th></tr>");
    for d in used {
        let unit = if d.field.unit == "1" { "share" } else { d.field.unit };
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.path),
            esc(&value_text(&d.value)),
            esc(unit),
            code_spans(d.field.doc)
        );
    }
    out.push_str("</table><p class=\"small\">Every field with its unit, range and default: docs/scenario-reference.md. Each model's own constants are listed with their sources in the code and in `dctwin catalog`.</p>");
    out
}

/// `text` escaped for HTML, with `code` spans set as code.
fn code_spans(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A scenario value as a person reads it: text without quotes, numbers as written.
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(x) => dctwin_scenario::field::number_text(*x),
        other => other.to_string(),
    }
}

/// The report of one run.
pub fn run_report(loaded: &Loaded, summary: &Summary, charts: &[PathBuf]) -> String {
    let c = &loaded.config;
    let mut body = String::new();
    let _ = write!(
        body,
        "<h2>What drove the result</h2><div class=\"explain\">{}</div>",
        esc(&crate::explain::explain_run(summary))
    );
    let _ = write!(body, "<h2>The scenario</h2>{}", describe(c));
    let _ = write!(body, "<h2>Headline numbers</h2>{}", headline(summary));
    let _ = write!(body, "<h2>Charts</h2>{}", figures(charts));
    let _ = write!(body, "<h2>Methods</h2>{}", methods(c));
    let _ = write!(body, "<h2>Not modelled</h2>{}", not_modelled(c));
    let _ = write!(body, "<h2>Assumptions left at their defaults</h2>{}", defaults(loaded));
    page(
        &format!("dctwin — {}", c.name),
        &format!("{} · {}", c.site.label, c.start),
        &body,
    )
}

/// How a number is shown in a table.
type Show = fn(f64) -> String;

/// The report of a comparison.
pub fn comparison_report(loaded: &[Loaded], summaries: &[Summary], charts: &[PathBuf], explanation: &str) -> String {
    let names: Vec<String> = loaded.iter().map(|l| l.config.name.clone()).collect();
    let mut body = String::new();
    let _ = write!(
        body,
        "<h2>What changed and why</h2><div class=\"explain\">{}</div>",
        esc(explanation)
    );
    body.push_str("<h2>Side by side</h2><table><tr><th>Quantity</th>");
    for n in &names {
        let _ = write!(body, "<th>{}</th>", esc(n));
    }
    body.push_str("</tr>");
    let pue = |v: f64| format!("{v:.3}");
    let rows: [(Key, &str, Show); 13] = [
        (|s| s.facility_energy_mwh, "Facility energy [MWh]", fmt_num),
        (|s| s.it_energy_mwh, "IT energy [MWh]", fmt_num),
        (|s| s.cooling_energy_mwh, "Cooling energy [MWh]", fmt_num),
        (|s| s.pue, "PUE", pue),
        (|s| s.operational_tco2e, "Operational emissions [t CO2e]", fmt_num),
        (|s| s.market_tco2e, "Market-based emissions [t CO2e]", fmt_num),
        (|s| s.embodied_tco2e, "Embodied emissions [t CO2e]", fmt_num),
        (|s| s.water_m3, "Water on site [m³]", fmt_num),
        (|s| s.water_source_m3, "Water at power plants [m³]", fmt_num),
        (|s| s.heat_reused_mwh, "Heat reused [MWh]", fmt_num),
        (|s| s.cfe_hourly_pct, "Hourly CFE [%]", fmt_num),
        (|s| s.j_per_token, "Energy per token [J]", fmt_num),
        (|s| s.energy_cost_usd, "Energy cost [USD]", fmt_num),
    ];
    for (value, label, show) in rows {
        let _ = write!(body, "<tr><td>{label}</td>");
        for s in summaries {
            let _ = write!(body, "<td>{}</td>", show(value(s)));
        }
        body.push_str("</tr>");
    }
    body.push_str("</table>");
    let _ = write!(body, "<h2>Charts</h2>{}", figures(charts));
    for l in loaded {
        let _ = write!(
            body,
            "<h2>Scenario: {}</h2>{}<h3>Methods</h3>{}",
            esc(&l.config.name),
            describe(&l.config),
            methods(&l.config)
        );
    }
    page("dctwin comparison", &names.join(" · "), &body)
}
