//! `[supply.battery]`: a battery on site — its size, policy, efficiency, state-of-charge window,
//! self-discharge and fade.

use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::config::{BatteryConfig, BatteryPolicy};
use crate::field::{Field, Kind, Unset};

/// `[supply.battery]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BatterySpec {
    /// See [`ENERGY_MWH`].
    pub energy_mwh: f64,
    /// See [`POWER_MW`].
    pub power_mw: f64,
    /// See [`POLICY`].
    pub policy: Option<String>,
    /// See [`ROUND_TRIP_EFFICIENCY`].
    pub round_trip_efficiency: Option<f64>,
    /// See [`SOC_MIN_PCT`].
    pub soc_min_pct: Option<f64>,
    /// See [`SOC_MAX_PCT`].
    pub soc_max_pct: Option<f64>,
    /// See [`SELF_DISCHARGE_PCT_PER_DAY`].
    pub self_discharge_pct_per_day: Option<f64>,
    /// See [`FADE_PCT_PER_CYCLE`].
    pub fade_pct_per_cycle: Option<f64>,
}

/// Battery.
pub const BATTERY: Field = Field::new("supply.battery", Kind::Table, "A battery on site.");
/// Energy.
pub const ENERGY_MWH: Field = Field::number("supply.battery.energy_mwh", "MWh", "Energy capacity (nameplate).")
    .required()
    .range(0.001, 1e6)
    .example("energy_mwh = 20");
/// Power.
pub const POWER_MW: Field = Field::number("supply.battery.power_mw", "MW", "Charge and discharge power.")
    .required()
    .range(0.001, 1e6)
    .example("power_mw = 5");
/// Policy.
pub const POLICY: Field = Field::new(
    "supply.battery.policy",
    Kind::Choice(&["self-consumption", "carbon-aware", "price-arbitrage", "peak-shaving"]),
    "How it decides: store on-site surplus; charge in the grid's cleanest hours; charge when cheap; keep imports under the connection limit.",
)
.or(Unset::Text("self-consumption"))
.example("policy = \"carbon-aware\"");
/// Round-trip efficiency.
pub const ROUND_TRIP_EFFICIENCY: Field = Field::number(
    "supply.battery.round_trip_efficiency",
    "1",
    "Round-trip efficiency, AC to AC (NREL ATB: 85 % for utility lithium-ion).",
)
.or(Unset::Number(dctwin_storage::DEFAULT_ROUND_TRIP_EFFICIENCY))
.range(0.3, 1.0)
.example("round_trip_efficiency = 0.85");
/// Lowest state of charge.
pub const SOC_MIN_PCT: Field = Field::number(
    "supply.battery.soc_min_pct",
    "%",
    "Lowest state of charge dispatch may use.",
)
.or(Unset::Number(100.0 * dctwin_storage::DEFAULT_SOC_MIN_FRAC))
.range(0.0, 99.0)
.example("soc_min_pct = 10");
/// Highest state of charge.
pub const SOC_MAX_PCT: Field = Field::number(
    "supply.battery.soc_max_pct",
    "%",
    "Highest state of charge dispatch may use; above `soc_min_pct`.",
)
.or(Unset::Number(100.0 * dctwin_storage::DEFAULT_SOC_MAX_FRAC))
.range(1.0, 100.0)
.example("soc_max_pct = 90");
/// Self-discharge.
pub const SELF_DISCHARGE_PCT_PER_DAY: Field = Field::number(
    "supply.battery.self_discharge_pct_per_day",
    "%/day",
    "Self-discharge, as a share of the stored energy per day.",
)
.or(Unset::Number(
    100.0 * dctwin_storage::DEFAULT_SELF_DISCHARGE_PER_DAY_FRAC,
))
.range(0.0, 10.0)
.example("self_discharge_pct_per_day = 0.05");
/// Fade.
pub const FADE_PCT_PER_CYCLE: Field = Field::number(
    "supply.battery.fade_pct_per_cycle",
    "%/cycle",
    "Capacity fade per equivalent full cycle, as a share of nameplate (0 turns degradation off).",
)
.or(Unset::Number(100.0 * dctwin_storage::DEFAULT_FADE_PER_CYCLE_FRAC))
.range(0.0, 1.0)
.example("fade_pct_per_cycle = 0.004");
/// The section's fields.
pub const FIELDS: &[Field] = &[
    BATTERY,
    ENERGY_MWH,
    POWER_MW,
    POLICY,
    ROUND_TRIP_EFFICIENCY,
    SOC_MIN_PCT,
    SOC_MAX_PCT,
    SELF_DISCHARGE_PCT_PER_DAY,
    FADE_PCT_PER_CYCLE,
];

/// Checks `[supply.battery]`.
pub(crate) fn resolve(b: &BatterySpec, cx: &mut Ctx) -> BatteryConfig {
    let policy = match cx.choice(&POLICY, None, b.policy.as_deref()) {
        Some("carbon-aware") => BatteryPolicy::CarbonAware,
        Some("price-arbitrage") => BatteryPolicy::PriceArbitrage,
        Some("peak-shaving") => BatteryPolicy::PeakShaving,
        _ => BatteryPolicy::SelfConsumption,
    };
    let soc_min_pct = cx.number_held(&SOC_MIN_PCT, b.soc_min_pct);
    let soc_max_pct = cx.number_held(&SOC_MAX_PCT, b.soc_max_pct);
    if soc_max_pct <= soc_min_pct {
        cx.problem(
            Diagnostic::at(
                SOC_MAX_PCT.path,
                format!("expected a state of charge above soc_min_pct ({soc_min_pct} %), found {soc_max_pct} %"),
            )
            .hint("soc_min_pct = 10 and soc_max_pct = 90 keep lithium-ion in its long-life window"),
        );
    }
    BatteryConfig {
        energy_kwh: cx.number_held(&ENERGY_MWH, Some(b.energy_mwh)) * 1_000.0,
        power_kw: cx.number_held(&POWER_MW, Some(b.power_mw)) * 1_000.0,
        policy,
        round_trip_efficiency: cx.number_held(&ROUND_TRIP_EFFICIENCY, b.round_trip_efficiency),
        soc_min_frac: soc_min_pct / 100.0,
        soc_max_frac: soc_max_pct / 100.0,
        self_discharge_per_day_frac: cx.number_held(&SELF_DISCHARGE_PCT_PER_DAY, b.self_discharge_pct_per_day) / 100.0,
        fade_per_cycle_frac: cx.number_held(&FADE_PCT_PER_CYCLE, b.fade_pct_per_cycle) / 100.0,
    }
}
