//! `[heat_reuse]`: where recovered heat goes — a district-heating network or a fixed sink —
//! with heat pumps, their capacity and what the heat displaces.

use dctwin_heat::{DistrictHeating, HeatSink};
use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::config::HeatReuseConfig;
use crate::field::{Field, Kind, Unset};

/// `[heat_reuse]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HeatReuseSpec {
    /// See [`SINK`].
    pub sink: String,
    /// See [`SUPPLY_TEMP_C`].
    pub supply_temp_c: Option<f64>,
    /// See [`ANNUAL_DEMAND_MWH`].
    pub annual_demand_mwh: Option<f64>,
    /// See [`HOT_WATER_SHARE`].
    pub hot_water_share: Option<f64>,
    /// See [`MAX_TAKE_MW`].
    pub max_take_mw: Option<f64>,
    /// See [`DEMAND_MW`].
    pub demand_mw: Option<f64>,
    /// See [`HEAT_PUMP_CAPACITY_MW`].
    pub heat_pump_capacity_mw: Option<f64>,
    /// See [`HEAT_PUMP_IN_FACILITY`].
    pub heat_pump_in_facility: Option<bool>,
    /// See [`HEAT_PER_HOME_KWH`].
    pub heat_per_home_kwh: Option<f64>,
    /// See [`DISPLACED_G_PER_KWH`].
    pub displaced_g_per_kwh: Option<f64>,
    /// See [`PRICE_USD_PER_MWH`].
    pub price_usd_per_mwh: Option<f64>,
}

/// The section.
pub const HEAT_REUSE: Field = Field::new(
    "heat_reuse",
    Kind::Table,
    "Waste-heat reuse: where the recovered heat goes.",
);
/// Sink.
pub const SINK: Field = Field::new(
    "heat_reuse.sink",
    Kind::Choice(&["district-heating", "fixed"]),
    "A district-heating network whose demand follows the weather, or a fixed sink (a greenhouse, pool or industrial process).",
)
.required()
.example("sink = \"district-heating\"");
/// Supply temperature.
pub const SUPPLY_TEMP_C: Field = Field::number(
    "heat_reuse.supply_temp_c",
    "°C",
    "Temperature the sink needs; heat pumps lift the recovered heat to it.",
)
.or(Unset::Number(70.0))
.range(20.0, 130.0)
.example("supply_temp_c = 70 (a 3rd/4th-generation network; 55–70 °C for 4th generation)");
/// Annual demand.
pub const ANNUAL_DEMAND_MWH: Field = Field::number(
    "heat_reuse.annual_demand_mwh",
    "MWh",
    "District heating: the network's annual heat demand.",
)
.or(Unset::Number(500_000.0))
.range(1.0, 1e9)
.example("annual_demand_mwh = 150000");
/// Hot-water share.
pub const HOT_WATER_SHARE: Field = Field::number(
    "heat_reuse.hot_water_share",
    "1",
    "District heating: share of the annual demand that is year-round hot water (flat over the year).",
)
.or(Unset::Number(0.2))
.range(0.0, 1.0)
.example("hot_water_share = 0.2");
/// Network cap.
pub const MAX_TAKE_MW: Field = Field::number(
    "heat_reuse.max_take_mw",
    "MW",
    "District heating: the most the network takes from the datacenter (default: no cap).",
)
.range(0.0, 1e6)
.example("max_take_mw = 8");
/// Fixed demand.
pub const DEMAND_MW: Field = Field::number(
    "heat_reuse.demand_mw",
    "MW",
    "Fixed sink (and required there): the heat it takes.",
)
.range(0.0, 1e6)
.example("demand_mw = 2.0 (a 2 MW greenhouse)");
/// Heat-pump capacity.
pub const HEAT_PUMP_CAPACITY_MW: Field = Field::number(
    "heat_reuse.heat_pump_capacity_mw",
    "MW",
    "Heat-pump thermal capacity (default: no limit).",
)
.range(0.0, 1e6)
.example("heat_pump_capacity_mw = 10");
/// Boundary.
pub const HEAT_PUMP_IN_FACILITY: Field = Field::new(
    "heat_reuse.heat_pump_in_facility",
    Kind::Bool,
    "Whether the heat pumps' electricity is inside the facility boundary (counted in facility energy and PUE).",
)
.or(Unset::Bool(true))
.example("heat_pump_in_facility = false");
/// Heat of one home.
pub const HEAT_PER_HOME_KWH: Field = Field::number(
    "heat_reuse.heat_per_home_kwh",
    "kWh/yr",
    "Annual heat of one home, to state heat in homes (Stockholm Data Parks: 10 MW heats 20,000 flats).",
)
.or(Unset::Number(dctwin_heat::STOCKHOLM_FLAT_HEAT_KWH_PER_YEAR))
.range(100.0, 100_000.0)
.example("heat_per_home_kwh = 4380");
/// Displaced heat's intensity.
pub const DISPLACED_G_PER_KWH: Field = Field::number(
    "heat_reuse.displaced_g_per_kwh",
    "gCO2e/kWh",
    "Emissions of the heat the recovered heat displaces (Stockholm's district heating).",
)
.or(Unset::Number(dctwin_heat::STOCKHOLM_DISPLACED_G_PER_KWH))
.range(0.0, 2_000.0)
.example("displaced_g_per_kwh = 50");
/// Heat price: a dctwin assumption — a datacenter is paid a fraction of the retail
/// district-heat price (Nordic retail ≈ 80–110 EUR/MWh), as under Stockholm Exergi's Open
/// District Heating.
pub const PRICE_USD_PER_MWH: Field = Field::number(
    "heat_reuse.price_usd_per_mwh",
    "USD/MWh",
    "Price paid for delivered heat.",
)
.or(Unset::Number(30.0))
.range(0.0, 1_000.0)
.example("price_usd_per_mwh = 30");

/// The section's fields.
pub const FIELDS: &[Field] = &[
    HEAT_REUSE,
    SINK,
    SUPPLY_TEMP_C,
    ANNUAL_DEMAND_MWH,
    HOT_WATER_SHARE,
    MAX_TAKE_MW,
    DEMAND_MW,
    HEAT_PUMP_CAPACITY_MW,
    HEAT_PUMP_IN_FACILITY,
    HEAT_PER_HOME_KWH,
    DISPLACED_G_PER_KWH,
    PRICE_USD_PER_MWH,
];

/// Checks `[heat_reuse]`.
pub(crate) fn resolve(h: &HeatReuseSpec, cx: &mut Ctx) -> Option<HeatReuseConfig> {
    let before = cx.problems.len();
    let supply_c = cx.number_held(&SUPPLY_TEMP_C, h.supply_temp_c);
    let mw_to_kw = |field: &'static Field, v: Option<f64>, cx: &mut Ctx| {
        v.map_or(f64::INFINITY, |mw| cx.within(field, None, mw).unwrap_or(mw) * 1_000.0)
    };
    let pump_capacity_kw = mw_to_kw(&HEAT_PUMP_CAPACITY_MW, h.heat_pump_capacity_mw, cx);
    let heat_per_home_kwh = cx.number_held(&HEAT_PER_HOME_KWH, h.heat_per_home_kwh);
    let displaced_g_per_kwh = cx.number_held(&DISPLACED_G_PER_KWH, h.displaced_g_per_kwh);
    let price_usd_per_mwh = cx.number_held(&PRICE_USD_PER_MWH, h.price_usd_per_mwh);
    let pump_in_facility = cx.flag(&HEAT_PUMP_IN_FACILITY, None, h.heat_pump_in_facility);
    let sink = if cx.choice(&SINK, None, Some(&h.sink))? == "district-heating" {
        {
            if h.demand_mw.is_some() {
                cx.problem(
                    Diagnostic::at(
                        DEMAND_MW.path,
                        "`demand_mw` is for sink = \"fixed\"; a district-heating network's demand follows the weather",
                    )
                    .hint("use annual_demand_mwh and max_take_mw for a network"),
                );
            }
            let annual = cx.number_held(&ANNUAL_DEMAND_MWH, h.annual_demand_mwh);
            let share = cx.number_held(&HOT_WATER_SHARE, h.hot_water_share);
            let cap_kw = mw_to_kw(&MAX_TAKE_MW, h.max_take_mw, cx);
            HeatSink::District(DistrictHeating::new(
                supply_c,
                annual,
                share * annual * 1_000.0 / 8_760.0,
                cap_kw,
            ))
        }
    } else {
        {
            for (field, set) in [
                (&ANNUAL_DEMAND_MWH, h.annual_demand_mwh.is_some()),
                (&HOT_WATER_SHARE, h.hot_water_share.is_some()),
                (&MAX_TAKE_MW, h.max_take_mw.is_some()),
            ] {
                if set {
                    cx.problem(
                        Diagnostic::at(
                            field.path,
                            format!("`{}` is for sink = \"district-heating\"", field.name()),
                        )
                        .hint("a fixed sink takes `demand_mw`"),
                    );
                }
            }
            let Some(mw) = h.demand_mw else {
                cx.problem(Diagnostic::at(SINK.path, "a fixed sink needs `demand_mw`").hint(DEMAND_MW.example));
                return None;
            };
            HeatSink::Fixed {
                supply_c,
                demand_kw: mw_to_kw(&DEMAND_MW, Some(mw), cx),
            }
        }
    };
    (cx.problems.len() == before).then_some(HeatReuseConfig {
        sink,
        pump_capacity_kw,
        pump_in_facility,
        heat_per_home_kwh,
        displaced_g_per_kwh,
        price_usd_per_mwh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> HeatReuseSpec {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn a_network_takes_its_defaults_and_records_them() {
        let mut cx = Ctx::for_tests();
        let c = resolve(&spec("sink = \"district-heating\""), &mut cx).unwrap();
        assert!(c.pump_capacity_kw.is_infinite() && c.pump_in_facility);
        let paths: Vec<&str> = cx.defaults.iter().map(|d| d.path.as_str()).collect();
        assert!(
            paths.contains(&"heat_reuse.supply_temp_c") && paths.contains(&"heat_reuse.annual_demand_mwh"),
            "{paths:?}"
        );
    }

    #[test]
    fn a_fixed_sink_needs_its_demand_and_refuses_network_fields() {
        let mut cx = Ctx::for_tests();
        assert!(resolve(&spec("sink = \"fixed\"\nhot_water_share = 0.3"), &mut cx).is_none());
        let paths: Vec<&str> = cx.problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["heat_reuse.hot_water_share", "heat_reuse.sink"]);
        let mut cx = Ctx::for_tests();
        let c = resolve(&spec("sink = \"fixed\"\ndemand_mw = 2"), &mut cx).unwrap();
        assert_eq!(
            c.sink,
            HeatSink::Fixed {
                supply_c: 70.0,
                demand_kw: 2_000.0
            }
        );
    }
}
