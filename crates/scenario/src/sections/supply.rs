//! `[supply]`: on-site solar and wind, a battery, off-site PPAs and certificates.

use dctwin_catalog::{Location, suggest};
use serde::Deserialize;

use super::Ctx;
use super::files::read_bounded_file;
use super::site::Resolved as Site;
use super::solar::{SOLAR_CAPACITY_MW_DC, SOLAR_PROFILE_CSV};
use super::time::Window;
use crate::Diagnostic;
use crate::config::{PpaConfig, PpaKind, Supply, WindConfig};
use crate::field::{Field, Kind, Range, Unset};

/// `[supply]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SupplySpec {
    /// See [`super::solar::SOLAR`].
    pub solar: Option<super::solar::SolarSpec>,
    /// See [`super::wind::WIND`].
    pub wind: Option<super::wind::WindSpec>,
    /// See [`super::battery::BATTERY`].
    pub battery: Option<super::battery::BatterySpec>,
    /// See [`PPA`].
    #[serde(default)]
    pub ppa: Vec<PpaSpec>,
    /// See [`CERTIFICATES_MWH`].
    pub certificates_mwh: Option<f64>,
    /// See [`EXPORT`].
    pub export: Option<bool>,
    /// See [`EXPORT_PRICE_USD_PER_MWH`].
    pub export_price_usd_per_mwh: Option<f64>,
}

/// `[[supply.ppa]]`: an off-site power purchase agreement.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PpaSpec {
    /// See [`PPA_KIND`].
    pub kind: String,
    /// See [`PPA_CAPACITY_MW`].
    pub capacity_mw: f64,
    /// See [`PPA_LOCATION`].
    pub location: Option<String>,
}

/// The section.
pub const SUPPLY: Field = Field::new("supply", Kind::Table, "On-site generation, storage and contracts.");
/// PPAs.
pub const PPA: Field = Field::new(
    "supply.ppa",
    Kind::Tables,
    "Off-site power purchase agreements, matched hour by hour and by year.",
);
/// PPA kind.
pub const PPA_KIND: Field = Field::new(
    "supply.ppa.*.kind",
    Kind::Choice(&["solar", "wind"]),
    "The plant: solar, or wind (a farm of generic 3 MW turbines).",
)
.required()
.example("kind = \"wind\"");
/// PPA capacity.
pub const PPA_CAPACITY_MW: Field =
    Field::number("supply.ppa.*.capacity_mw", "MW", "Contracted capacity (DC for solar).")
        .required()
        .range(0.0, 100_000.0)
        .example("capacity_mw = 50");
/// PPA location.
pub const PPA_LOCATION: Field = Field::new(
    "supply.ppa.*.location",
    Kind::CatalogId("locations"),
    "Where the plant is; its weather drives it.",
)
.or(Unset::Derived("the site's location"))
.example("location = \"frankfurt\"");
/// Certificates.
pub const CERTIFICATES_MWH: Field = Field::number(
    "supply.certificates_mwh",
    "MWh/yr",
    "Unbundled energy attribute certificates bought per year (pro-rated to the run).",
)
.or(Unset::Number(0.0))
.range(0.0, 1e9)
.example("certificates_mwh = 10000");
/// Export.
pub const EXPORT: Field = Field::new(
    "supply.export",
    Kind::Bool,
    "Whether surplus on-site generation may be exported; else it is curtailed.",
)
.or(Unset::Bool(true))
.example("export = false");
/// Export price.
pub const EXPORT_PRICE_USD_PER_MWH: Field = Field::number(
    "supply.export_price_usd_per_mwh",
    "USD/MWh",
    "Price paid for exported energy.",
)
.or(Unset::Number(0.0))
.range(-1_000.0, 1_000.0)
.example("export_price_usd_per_mwh = 40");

/// The section's fields.
pub const FIELDS: &[Field] = &[
    SUPPLY,
    PPA,
    PPA_KIND,
    PPA_CAPACITY_MW,
    PPA_LOCATION,
    CERTIFICATES_MWH,
    EXPORT,
    EXPORT_PRICE_USD_PER_MWH,
];

fn ppa(i: usize, p: &PpaSpec, site: Option<&Location>, cx: &mut Ctx) -> Option<PpaConfig> {
    let catalog = cx.catalog;
    let location = if let Some(id) = &p.location {
        let l = catalog.location(id);
        if l.is_none() {
            let d = Diagnostic::at(PPA_LOCATION.at(i), format!("unknown location `{id}`"));
            cx.problem(match suggest(id, catalog.location_ids()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("`dctwin catalog locations` lists them"),
            });
        }
        l
    } else {
        if let Some(l) = site {
            cx.derived(&PPA_LOCATION, Some(i), l.id.clone());
        } else {
            cx.problem(
                Diagnostic::at(
                    PPA_LOCATION.at(i),
                    "a PPA needs a catalog `location` when the site has none",
                )
                .hint(PPA_LOCATION.example),
            );
        }
        site
    };
    let capacity_mw = cx.within(&PPA_CAPACITY_MW, Some(i), p.capacity_mw).unwrap_or(0.0);
    let kind = cx.choice(&PPA_KIND, Some(i), Some(&p.kind))?;
    let location = location?;
    let kind = match kind {
        "solar" => PpaKind::Solar(super::solar::resolve(capacity_mw, None, location.latitude_deg, cx)),
        // A wind PPA in MW is a farm of generic 3 MW turbines.
        _ => PpaKind::Wind(WindConfig {
            turbines: (capacity_mw / 3.0).round().max(1.0) as u32,
            model: "generic-3mw".into(),
            hub_height_m: None,
            curve: None,
            losses_frac: dctwin_wind::DEFAULT_FARM_LOSSES_FRAC,
        }),
    };
    Some(PpaConfig {
        kind,
        location: location.clone(),
    })
}

/// Checks `[supply]`, and reads the generation profiles for the run's `window`.
pub(crate) fn resolve(s: &SupplySpec, site: Option<&Site>, window: Option<Window>, cx: &mut Ctx) -> Option<Supply> {
    let before = cx.problems.len();
    let location = site.and_then(|x| x.location);
    let latitude = site.and_then(|x| x.latitude_deg).unwrap_or(0.0);
    let solar_config = s.solar.as_ref().map(|sp| {
        let mw = cx.within(&SOLAR_CAPACITY_MW_DC, None, sp.capacity_mw_dc).unwrap_or(0.0);
        super::solar::resolve(mw, Some(sp), latitude, cx)
    });
    let wind = s.wind.as_ref().map(|w| super::wind::resolve(w, cx));
    let battery = s.battery.as_ref().map(|b| super::battery::resolve(b, cx));
    let ppas = s
        .ppa
        .iter()
        .enumerate()
        .filter_map(|(i, p)| ppa(i, p, location, cx))
        .collect();
    let has_generation = solar_config.is_some() || wind.is_some();
    if has_generation && location.is_none() && !site.is_some_and(|x| x.has_weather_file) {
        cx.problem(
            Diagnostic::at(
                SUPPLY.path,
                "on-site solar and wind need the site's irradiance and wind: give `site.location` from the catalog or a `site.weather_file`",
            )
            .hint("site.location = \"madrid\", or site.weather_file = \"weather.epw\""),
        );
    }
    // A profile is the plant's AC output: at most its capacity (solar: the DC nameplate, which
    // the inverters never exceed; wind: turbines × rated power), with 1 % for rounding.
    let profile = |field: &'static Field, rel: Option<&String>, capacity_kw: f64, cx: &mut Ctx| {
        let range = Range {
            lo: 0.0,
            hi: capacity_kw * 1.01,
            lo_open: false,
        };
        read_bounded_file(
            field.path,
            rel?,
            window,
            range,
            "output in kW (the plant's capacity at most)",
            cx,
        )
    };
    let solar_file = profile(
        &SOLAR_PROFILE_CSV,
        s.solar.as_ref().and_then(|x| x.profile_csv.as_ref()),
        solar_config.map_or(0.0, |c| c.array.dc_capacity_kw),
        cx,
    );
    let wind_capacity_kw = wind.as_ref().map_or(0.0, |w| {
        let rated_kw = w.curve.as_ref().map_or_else(
            || dctwin_wind::catalog_turbine(&w.model).map_or(0.0, |(c, _)| c.rated_kw),
            |c| c.rated_kw,
        );
        f64::from(w.turbines) * rated_kw
    });
    let wind_file = profile(
        &super::wind::WIND_PROFILE_CSV,
        s.wind.as_ref().and_then(|x| x.profile_csv.as_ref()),
        wind_capacity_kw,
        cx,
    );
    let out = Supply {
        solar: solar_config,
        wind,
        battery,
        ppas,
        certificates_mwh: cx.number_held(&CERTIFICATES_MWH, s.certificates_mwh),
        export: cx.flag(&EXPORT, None, s.export),
        export_price_usd_per_mwh: cx.number_held(&EXPORT_PRICE_USD_PER_MWH, s.export_price_usd_per_mwh),
        solar_file,
        wind_file,
    };
    (cx.problems.len() == before).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supply(text: &str) -> (Option<Supply>, Vec<Diagnostic>, Vec<String>) {
        let spec: SupplySpec = toml::from_str(text).unwrap();
        let mut cx = Ctx::for_tests();
        let site = Site {
            location: cx.catalog.location("madrid"),
            has_weather_file: false,
            latitude_deg: Some(40.4),
            site: None,
        };
        let out = resolve(&spec, Some(&site), None, &mut cx);
        (out, cx.problems, cx.defaults.into_iter().map(|d| d.path).collect())
    }

    #[test]
    fn a_battery_runs_with_the_efficiency_it_states_or_the_recorded_default() {
        let (s, _, defaults) = supply("[battery]\nenergy_mwh = 4\npower_mw = 1\nround_trip_efficiency = 0.95");
        assert_eq!(s.unwrap().battery.unwrap().round_trip_efficiency, 0.95);
        assert!(!defaults.contains(&"supply.battery.round_trip_efficiency".to_string()));
        let (s, _, defaults) = supply("[battery]\nenergy_mwh = 4\npower_mw = 1");
        assert_eq!(
            s.unwrap().battery.unwrap().round_trip_efficiency,
            dctwin_storage::DEFAULT_ROUND_TRIP_EFFICIENCY
        );
        assert!(defaults.contains(&"supply.battery.round_trip_efficiency".to_string()));
    }

    #[test]
    fn a_state_of_charge_window_must_be_open_and_unknown_names_suggest() {
        let (s, problems, _) = supply(
            "[battery]\nenergy_mwh = 4\npower_mw = 1\nsoc_min_pct = 50\nsoc_max_pct = 40\npolicy = \"peak-shave\"\n[wind]\nturbines = 2\nmodel = \"generic-3m\"",
        );
        assert!(s.is_none());
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "supply.wind.model",
                "supply.battery.policy",
                "supply.battery.soc_max_pct"
            ]
        );
        assert!(problems[0].hint.as_deref().unwrap().contains("generic-3mw"));
    }
}
