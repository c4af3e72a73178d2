//! `[supply.wind]`: on-site wind turbines — a catalog model or one's own power curve, hub
//! height and farm losses.

use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::config::WindConfig;
use crate::field::{Field, Kind, Unset};

/// `[supply.wind]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WindSpec {
    /// See [`TURBINES`].
    pub turbines: i64,
    /// See [`MODEL`].
    pub model: Option<String>,
    /// See [`HUB_HEIGHT_M`].
    pub hub_height_m: Option<f64>,
    /// See [`POWER_CURVE`].
    pub power_curve: Option<Vec<[f64; 2]>>,
    /// See [`LOSSES_PCT`].
    pub losses_pct: Option<f64>,
    /// See [`WIND_PROFILE_CSV`].
    pub profile_csv: Option<String>,
}

/// Turbine models a scenario can name.
pub const WIND_MODELS: [&str; 3] = [
    dctwin_wind::CATALOG_TURBINES[0].0,
    dctwin_wind::CATALOG_TURBINES[1].0,
    dctwin_wind::CATALOG_TURBINES[2].0,
];

/// Wind.
pub const WIND: Field = Field::new("supply.wind", Kind::Table, "On-site wind turbines on the site's wind.");
/// Turbines.
pub const TURBINES: Field = Field::new("supply.wind.turbines", Kind::Integer, "Number of turbines.")
    .required()
    .range(1.0, 10_000.0)
    .example("turbines = 5");
/// Turbine model.
pub const MODEL: Field = Field::new(
    "supply.wind.model",
    Kind::Choice(&WIND_MODELS),
    "Turbine model and its power curve (`dctwin catalog turbines`).",
)
.or(Unset::Text("generic-3mw"))
.example("model = \"generic-3mw\"");
/// Hub height.
pub const HUB_HEIGHT_M: Field = Field::number(
    "supply.wind.hub_height_m",
    "m",
    "Hub height; wind is scaled to it with the power law (required with `power_curve`).",
)
.or(Unset::Derived("the model's"))
.range(10.0, 300.0)
.example("hub_height_m = 100");
/// A turbine's own power curve.
pub const POWER_CURVE: Field = Field::new(
    "supply.wind.power_curve",
    Kind::Pairs("m/s", "kW"),
    "One turbine's power curve as [hub-height wind speed, electrical power] pairs, speeds increasing, replacing `model`'s: linear between points, 0 below the first and above the last (its speeds are the cut-in and cut-out).",
)
.example("power_curve = [[3, 0], [4, 80], [8, 1100], [12, 3000], [25, 3000]]");
/// Farm losses.
pub const LOSSES_PCT: Field = Field::number(
    "supply.wind.losses_pct",
    "%",
    "Farm losses between the turbines' curve output and the grid: wakes, availability, electrical.",
)
.or(Unset::Number(15.0))
.range(0.0, 50.0)
.example("losses_pct = 10");
/// A measured profile.
pub const WIND_PROFILE_CSV: Field = Field::new(
    "supply.wind.profile_csv",
    Kind::File,
    "A `time,value` CSV of the farm's hourly AC output [kW] (measured, or from another tool); replaces dctwin's model of it.",
)
.example("profile_csv = \"wind.csv\"");
/// The section's fields.
pub const FIELDS: &[Field] = &[
    WIND,
    TURBINES,
    MODEL,
    HUB_HEIGHT_M,
    POWER_CURVE,
    LOSSES_PCT,
    WIND_PROFILE_CSV,
];

/// A turbine's power curve from `[speed, power]` pairs: cut-in and cut-out at the first and
/// last speeds, rated power the highest.
fn user_curve(points: &[[f64; 2]]) -> Result<dctwin_wind::PowerCurve, dctwin_wind::PowerCurveError> {
    let rated_kw = points.iter().map(|p| p[1]).fold(0.0_f64, f64::max);
    let rated_m_s = points.iter().find(|p| p[1] >= rated_kw).map_or(0.0, |p| p[0]);
    let (cut_in, cut_out) = (
        points.first().map_or(0.0, |p| p[0]),
        points.last().map_or(0.0, |p| p[0]),
    );
    dctwin_wind::PowerCurve::new(
        "power_curve",
        cut_in,
        rated_m_s,
        cut_out,
        rated_kw,
        points.iter().map(|p| (p[0], p[1])).collect(),
    )
}

/// Checks `[supply.wind]`.
pub(crate) fn resolve(w: &WindSpec, cx: &mut Ctx) -> WindConfig {
    let turbines = super::hall::count(&TURBINES, 0, w.turbines, cx).unwrap_or(1);
    if let Some(h) = w.hub_height_m {
        cx.within(&HUB_HEIGHT_M, None, h);
    }
    let curve = w.power_curve.as_deref().and_then(|points| {
        if w.model.is_some() {
            cx.problem(
                Diagnostic::at(POWER_CURVE.path, "give a turbine `model` or a `power_curve`, not both")
                    .hint("remove `model` to use your own curve"),
            );
        }
        if w.hub_height_m.is_none() {
            cx.problem(
                Diagnostic::at(HUB_HEIGHT_M.path, "a `power_curve` needs the hub height it applies at")
                    .hint(HUB_HEIGHT_M.example),
            );
        }
        // Each point: a speed in 0–100 m/s above the previous one, a power in 0–100 MW (the
        // largest turbines are about 20 MW).
        let before = cx.problems.len();
        let mut previous = f64::NEG_INFINITY;
        for (i, &[speed, power]) in points.iter().enumerate() {
            if !(0.0..=100.0).contains(&speed) || speed <= previous {
                cx.problem(
                    Diagnostic::at(
                        format!("{}.{i}.0", POWER_CURVE.path),
                        format!("expected a wind speed in 0..100 m/s above the previous point's, found {speed}"),
                    )
                    .hint(POWER_CURVE.example),
                );
            }
            if !(0.0..=100_000.0).contains(&power) {
                cx.problem(
                    Diagnostic::at(
                        format!("{}.{i}.1", POWER_CURVE.path),
                        format!("expected a power in 0..100000 kW, found {power}"),
                    )
                    .hint(POWER_CURVE.example),
                );
            }
            previous = speed;
        }
        if cx.problems.len() > before {
            return None;
        }
        match user_curve(points) {
            Ok(c) => Some(c),
            Err(e) => {
                cx.problem(Diagnostic::at(POWER_CURVE.path, e.to_string()).hint(POWER_CURVE.example));
                None
            }
        }
    });
    let model = if curve.is_some() {
        "power_curve".to_string()
    } else {
        cx.choice(&MODEL, None, w.model.as_deref())
            .unwrap_or(WIND_MODELS[0])
            .to_string()
    };
    WindConfig {
        turbines,
        model,
        hub_height_m: w.hub_height_m,
        curve,
        losses_frac: cx.number_held(&LOSSES_PCT, w.losses_pct) / 100.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supply(text: &str) -> (Option<WindConfig>, Vec<Diagnostic>) {
        let spec: WindSpec = toml::from_str(text).unwrap();
        let mut cx = Ctx::for_tests();
        let w = resolve(&spec, &mut cx);
        let ok = cx.problems.is_empty();
        (ok.then_some(w), cx.problems)
    }

    #[test]
    fn the_farm_loss_default_is_the_wind_models() {
        assert_eq!(
            LOSSES_PCT.default_number().unwrap() / 100.0,
            dctwin_wind::DEFAULT_FARM_LOSSES_FRAC
        );
    }

    #[test]
    fn a_power_curve_of_ones_own_replaces_the_model() {
        let (s, problems) = supply("turbines = 2\nhub_height_m = 90\npower_curve = [[3, 0], [12, 2000], [25, 2000]]");
        assert!(problems.is_empty(), "{problems:?}");
        let w = s.unwrap();
        let c = w.curve.unwrap();
        assert_eq!(
            (c.cut_in_m_s, c.rated_m_s, c.cut_out_m_s, c.rated_kw),
            (3.0, 12.0, 25.0, 2000.0)
        );
        assert!((c.power_kw(7.5) - 1000.0).abs() < 1e-9);
        let (s, problems) = supply("turbines = 2\nmodel = \"nrel-5mw\"\npower_curve = [[12, 2000], [3, 0]]");
        assert!(s.is_none());
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "supply.wind.power_curve",
                "supply.wind.hub_height_m",
                "supply.wind.power_curve.1.0"
            ]
        );
    }
}
