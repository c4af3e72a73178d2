//! `[grid]`: the electricity grid the site draws from — a catalog zone, constant figures, or
//! hourly files.

use dctwin_catalog::{Location, suggest};
use serde::Deserialize;

use super::Ctx;
use super::files::{SignalFile, read_bounded_file, read_signal_file};
use super::time::Window;
use crate::Diagnostic;
use crate::config::Grid;
use crate::field::{Field, Kind, Unset};

/// `[grid]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GridSpec {
    /// See [`ZONE`].
    pub zone: Option<String>,
    /// See [`CARBON_INTENSITY_G_PER_KWH`].
    pub carbon_intensity_g_per_kwh: Option<f64>,
    /// See [`PRICE_USD_PER_MWH`].
    pub price_usd_per_mwh: Option<f64>,
    /// See [`ELECTRICITY_MAPS_CSV`].
    pub electricity_maps_csv: Option<String>,
    /// See [`CARBON_BASIS`].
    pub carbon_basis: Option<String>,
    /// See [`CARBON_CSV`].
    pub carbon_csv: Option<String>,
    /// See [`PRICE_CSV`].
    pub price_csv: Option<String>,
    /// See [`IMPORT_LIMIT_MW`].
    pub import_limit_mw: Option<f64>,
    /// See [`RESIDUAL_MIX_G_PER_KWH`].
    pub residual_mix_g_per_kwh: Option<f64>,
    /// See [`MARGINAL_CSV`].
    pub marginal_csv: Option<String>,
}

/// The section.
pub const GRID: Field = Field::new("grid", Kind::Table, "The electricity grid the site draws from.");
/// Grid zone.
pub const ZONE: Field = Field::new(
    "grid.zone",
    Kind::CatalogId("grids"),
    "Grid zone from the catalog: its mean carbon intensity, generation mix, price and hourly shape.",
)
.or(Unset::Derived("the location's zone, else `WORLD`"))
.example("grid.zone = \"SE-SE3\"");
/// Coal's life-cycle median is 820 gCO2e/kWh (IPCC AR5 WGIII Annex III); 5,000 is above any
/// grid and refuses kg or lb given for g.
pub const CARBON_INTENSITY_G_PER_KWH: Field = Field::number(
    "grid.carbon_intensity_g_per_kwh",
    "gCO2e/kWh",
    "A constant carbon intensity every hour instead of the zone's hourly profile.",
)
.range(0.0, dctwin_grid::MAX_INTENSITY_G_PER_KWH)
.example("grid.carbon_intensity_g_per_kwh = 429 (the US grid of Patterson et al. 2021)");
/// Wholesale markets clear between about −500 and +15,000 per MWh at their caps.
pub const PRICE_USD_PER_MWH: Field = Field::number(
    "grid.price_usd_per_mwh",
    "USD/MWh",
    "The energy price, the same every hour; `price_csv` gives hourly prices instead.",
)
.or(Unset::Derived("the mean of `price_csv`, else the zone's price"))
.range(-1_000.0, 20_000.0)
.example("grid.price_usd_per_mwh = 80");
/// An Electricity Maps export.
pub const ELECTRICITY_MAPS_CSV: Field = Field::new(
    "grid.electricity_maps_csv",
    Kind::File,
    "An Electricity Maps hourly export that drives carbon intensity.",
)
.example("grid.electricity_maps_csv = \"data/SE-SE3_2023_hourly.csv\"");
/// Which intensity of the Electricity Maps file.
pub const CARBON_BASIS: Field = Field::new(
    "grid.carbon_basis",
    Kind::Choice(&["lifecycle", "direct"]),
    "Which intensity column of the Electricity Maps file: life-cycle or direct (combustion only).",
)
.or(Unset::Text("lifecycle"))
.example("grid.carbon_basis = \"lifecycle\"");
/// A generic intensity file.
pub const CARBON_CSV: Field = Field::new(
    "grid.carbon_csv",
    Kind::File,
    "A `time,value` CSV of hourly carbon intensity [gCO2e/kWh].",
)
.example("grid.carbon_csv = \"carbon.csv\"");
/// A generic price file.
pub const PRICE_CSV: Field = Field::new(
    "grid.price_csv",
    Kind::File,
    "A `time,value` CSV of hourly energy price [USD/MWh].",
)
.example("grid.price_csv = \"prices.csv\"");
/// The connection's capacity.
pub const IMPORT_LIMIT_MW: Field = Field::number(
    "grid.import_limit_mw",
    "MW",
    "The most the grid connection can import; peak shaving keeps imports under it.",
)
.range(0.001, 100_000.0)
.example("grid.import_limit_mw = 30");
/// Residual mix for market-based emissions.
pub const RESIDUAL_MIX_G_PER_KWH: Field = Field::number(
    "grid.residual_mix_g_per_kwh",
    "gCO2e/kWh",
    "Residual-mix intensity for market-based emissions (GHG Protocol Scope 2): what grid energy not covered by contracts counts at.",
)
.or(Unset::Derived("the location-based intensity of each step (constant, file or zone profile), as the GHG Protocol allows where no residual mix is given; without contracts, market-based then equals location-based"))
.range(0.0, dctwin_grid::MAX_INTENSITY_G_PER_KWH)
.example("grid.residual_mix_g_per_kwh = 400 (the AIB publishes European residual mixes every year)");
/// Marginal intensity.
pub const MARGINAL_CSV: Field = Field::new(
    "grid.marginal_csv",
    Kind::File,
    "A `time,value` CSV of the grid's marginal intensity [gCO2e/kWh] (e.g. WattTime's MOER), for marginal emissions beside the average-based ones.",
)
.example("grid.marginal_csv = \"moer.csv\"");

/// The section's fields.
pub const FIELDS: &[Field] = &[
    GRID,
    ZONE,
    CARBON_INTENSITY_G_PER_KWH,
    PRICE_USD_PER_MWH,
    ELECTRICITY_MAPS_CSV,
    CARBON_BASIS,
    CARBON_CSV,
    PRICE_CSV,
    IMPORT_LIMIT_MW,
    RESIDUAL_MIX_G_PER_KWH,
    MARGINAL_CSV,
];

/// Checks `[grid]`: the zone, and the files cover the run's `window`.
pub(crate) fn resolve(g: &GridSpec, location: Option<&Location>, window: Option<Window>, cx: &mut Ctx) -> Option<Grid> {
    let catalog = cx.catalog;
    let zone_id = if let Some(z) = &g.zone {
        z.clone()
    } else {
        let z = location.map_or_else(|| "WORLD".to_string(), |l| l.grid_zone.clone());
        cx.derived(&ZONE, None, z.clone());
        z
    };
    let zone = catalog.zone(&zone_id);
    if zone.is_none() {
        let d = Diagnostic::at(ZONE.path, format!("unknown grid zone `{zone_id}`"));
        cx.problem(match suggest(&zone_id, catalog.zone_ids()) {
            Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog grids` lists all")),
            None => d.hint("`dctwin catalog grids` lists the zones; or set grid.carbon_intensity_g_per_kwh"),
        });
    }
    let (carbon_file, price_file, marginal_file) = files(g, window, cx);
    let zone = zone?.clone();
    let price_usd_per_mwh = match (g.price_usd_per_mwh, &price_file) {
        (_, Some(p)) => p.values.iter().sum::<f64>() / p.values.len().max(1) as f64,
        (Some(v), None) => v,
        (None, None) => {
            cx.derived(&PRICE_USD_PER_MWH, None, zone.price_usd_per_mwh);
            zone.price_usd_per_mwh
        }
    };
    let residual_mix_g_per_kwh = g.residual_mix_g_per_kwh;
    Some(Grid {
        constant_ci_g_per_kwh: g.carbon_intensity_g_per_kwh,
        price_usd_per_mwh,
        carbon_file,
        price_file,
        import_limit_kw: g.import_limit_mw.map(|mw| mw * 1_000.0),
        residual_mix_g_per_kwh,
        marginal_file,
        zone,
    })
}

/// Reads the grid's signal files and checks they cover the run.
fn files(g: &GridSpec, window: Option<Window>, cx: &mut Ctx) -> (SignalFile, SignalFile, SignalFile) {
    // The basis only means something for an Electricity Maps file (and is only recorded then).
    let basis = if g.electricity_maps_csv.is_some() || g.carbon_basis.is_some() {
        cx.choice(&CARBON_BASIS, None, g.carbon_basis.as_deref())
    } else {
        None
    };
    let basis = match basis {
        Some("direct") => dctwin_grid::CarbonBasis::Direct,
        _ => dctwin_grid::CarbonBasis::Lifecycle,
    };
    if g.electricity_maps_csv.is_some() && (g.carbon_csv.is_some() || g.carbon_intensity_g_per_kwh.is_some()) {
        cx.problem(
            Diagnostic::at(
                ELECTRICITY_MAPS_CSV.path,
                "give one carbon source: an Electricity Maps file, a carbon CSV or a constant",
            )
            .hint("remove carbon_csv or carbon_intensity_g_per_kwh"),
        );
    }
    let carbon = g.electricity_maps_csv.as_deref().and_then(|rel| {
        read_signal_file(
            ELECTRICITY_MAPS_CSV.path,
            rel,
            window,
            &|t| dctwin_grid::read_electricity_maps_csv(t, basis),
            cx,
        )
    });
    // Generic files hold any number: each signal takes the range of the field it replaces.
    let mut bounded = |file: &Field, rel: Option<&str>, values: &Field, what: &str| {
        read_bounded_file(file.path, rel?, window, values.range?, what, cx)
    };
    let carbon = carbon.or_else(|| {
        bounded(
            &CARBON_CSV,
            g.carbon_csv.as_deref(),
            &CARBON_INTENSITY_G_PER_KWH,
            "carbon intensities in gCO2e/kWh",
        )
    });
    let price = bounded(
        &PRICE_CSV,
        g.price_csv.as_deref(),
        &PRICE_USD_PER_MWH,
        "energy prices in USD/MWh",
    );
    let marginal = bounded(
        &MARGINAL_CSV,
        g.marginal_csv.as_deref(),
        &CARBON_INTENSITY_G_PER_KWH,
        "carbon intensities in gCO2e/kWh",
    );
    (carbon, price, marginal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_and_its_figures_come_from_the_location() {
        let mut cx = Ctx::for_tests();
        let stockholm = cx.catalog.location("stockholm");
        let grid = resolve(&GridSpec::default(), stockholm, None, &mut cx).unwrap();
        assert_eq!(grid.zone.id, stockholm.unwrap().grid_zone);
        assert_eq!(grid.residual_mix_g_per_kwh, None);
        let derived: Vec<&str> = cx.defaults.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(derived, ["grid.zone", "grid.price_usd_per_mwh"]);
    }

    #[test]
    fn a_misspelt_zone_suggests_the_nearest() {
        let mut cx = Ctx::for_tests();
        let spec = GridSpec {
            zone: Some("FRR".into()),
            ..GridSpec::default()
        };
        assert!(resolve(&spec, None, None, &mut cx).is_none());
        assert!(
            cx.problems[0].hint.as_deref().unwrap().contains("did you mean"),
            "{:?}",
            cx.problems
        );
    }
}
