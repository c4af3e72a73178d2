//! Per-step results, accumulated into preallocated columns and written once at the end.

use bevy_ecs::prelude::Resource;
use dctwin_output::Column;

/// Defines the recorder's columns once: field name = output column name (unit in the name).
macro_rules! columns {
    ($($(#[doc = $doc:literal])* $name:ident),* $(,)?) => {
        /// Columnar buffers, one value per step, preallocated for the whole run so recording
        /// never allocates.
        #[derive(Resource, Debug, Clone, Default)]
        pub struct Recorder {
            /// Start of each step, milliseconds since the Unix epoch (UTC).
            pub time_utc_ms: Vec<i64>,
            $($(#[doc = $doc])* pub $name: Vec<f64>,)*
        }

        impl Recorder {
            /// Buffers with room for `steps` rows.
            pub fn with_capacity(steps: usize) -> Self {
                Self { time_utc_ms: Vec::with_capacity(steps), $($name: Vec::with_capacity(steps),)* }
            }

            /// Every value column with its output name, in output order.
            pub fn columns(&self) -> Vec<Column<'_>> {
                vec![$(Column { name: stringify!($name), values: &self.$name },)*]
            }
        }
    };
}

columns! {
    /// IT power [kW].
    it_power_kw,
    /// Cooling power [kW].
    cooling_power_kw,
    /// Electrical conversion losses [kW].
    power_loss_kw,
    /// The part of the losses released inside the halls (UPS and PDU) [kW].
    indoor_loss_kw,
    /// Facility power: IT + cooling + losses [kW].
    facility_power_kw,
    /// Power usage effectiveness this step [-].
    pue,
    /// Mean accelerator utilization [0–1].
    utilization_frac,
    /// IT power of training jobs computing [kW].
    training_it_power_kw,
    /// IT power of inference services [kW].
    inference_it_power_kw,
    /// IT power of allocated-idle and unallocated accelerators in workload-driven halls [kW].
    idle_it_power_kw,
    /// Output tokens generated this step.
    output_tokens,
    /// Requests served this step.
    requests,
    /// Inference IT energy per output token this step [J] (NaN when no tokens).
    inference_j_per_token,
    /// Inference energy per request at the facility meter this step [Wh] (NaN when none).
    inference_wh_per_request,
    /// Inference emissions per 1,000 output tokens this step, location-based [gCO2e] (NaN when
    /// no tokens).
    inference_g_co2e_per_1k_tokens,
    /// Heat removed by the cooling plants [kW].
    heat_removed_kw,
    /// Share of heat removed without compressors [0–1].
    free_cooling_frac,
    /// Outdoor dry bulb [°C].
    outdoor_temp_c,
    /// Outdoor relative humidity [%].
    outdoor_rh_pct,
    /// Outdoor dew point [°C].
    dew_point_c,
    /// Outdoor wet bulb [°C].
    wet_bulb_c,
    /// Grid carbon intensity [gCO2e/kWh].
    grid_ci_g_per_kwh,
    /// Grid energy price [USD/MWh].
    grid_price_usd_per_mwh,
    /// Grid import [kW].
    grid_import_kw,
    /// Grid export [kW].
    grid_export_kw,
    /// On-site solar output [kW].
    solar_kw,
    /// On-site wind output [kW].
    wind_kw,
    /// PPA plants' output [kW].
    ppa_kw,
    /// On-site generation used directly [kW].
    onsite_used_kw,
    /// Surplus on-site generation curtailed [kW].
    curtailed_kw,
    /// Battery charging [kW].
    battery_charge_kw,
    /// Battery discharging [kW].
    battery_discharge_kw,
    /// Battery state of charge [0–1].
    battery_soc_frac,
    /// Carbon-free supply matched to the site (on-site used, stored renewables, PPAs) [kW].
    cfe_supply_kw,
    /// Carbon-free share of the grid's supply [%].
    grid_cfe_pct,
    /// Import above the connection limit [kW].
    import_excess_kw,
    /// Water consumed on site this step [L].
    water_l,
    /// Heat captured from the cooling loops for reuse [kW].
    heat_recovered_kw,
    /// Recovered heat the sink took [kW].
    heat_reused_kw,
    /// Recovered heat the sink did not take [kW].
    heat_rejected_kw,
    /// Heat delivered to the sink, heat-pump work included [kW].
    heat_delivered_kw,
    /// Heat the sink wanted [kW].
    heat_demand_kw,
    /// Heat pumps' electricity [kW] (inside `facility_power_kw` when in the boundary).
    heat_pump_kw,
    /// Emissions of this step's grid import, location-based [kg CO2e].
    co2_kg,
    /// Emissions of this step's grid import at the marginal intensity [kg CO2e] (NaN without
    /// `grid.marginal_csv`).
    marginal_co2_kg,
    /// Cost of this step's grid import [USD].
    energy_cost_usd,
}
