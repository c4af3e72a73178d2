//! Supply: on-site generation, the battery, and what the grid supplies, emits and costs.

use bevy_ecs::prelude::{Query, Res, ResMut};
use dctwin_storage::DispatchContext;

use crate::components::{BatteryUnit, Generator, GeneratorKind};
use crate::resources::{FacilityPower, GridExchange, GridSignal, SimClock, SupplyNow, SupplySettings};

/// Reads this step's output of every generator.
pub fn read_generation(clock: Res<SimClock>, mut supply: ResMut<SupplyNow>, generators: Query<&Generator>) {
    let k = clock.tick as usize;
    let (mut solar, mut wind, mut ppa) = (0.0, 0.0, 0.0);
    for g in &generators {
        let kw = g.series_kw[k];
        match g.kind {
            GeneratorKind::Solar => solar += kw,
            GeneratorKind::Wind => wind += kw,
            GeneratorKind::Ppa => ppa += kw,
        }
    }
    *supply = SupplyNow {
        solar_kw: solar,
        wind_kw: wind,
        ppa_kw: ppa,
        ..SupplyNow::default()
    };
}

/// On-site generation first serves the facility; the battery follows its policy (charging
/// from surplus first, from the grid when the policy asks, discharging only to the site); the
/// grid supplies the rest; surplus is exported, or curtailed where export is not allowed.
pub fn dispatch_battery(
    clock: Res<SimClock>,
    facility: Res<FacilityPower>,
    signal: Res<GridSignal>,
    settings: Res<SupplySettings>,
    mut supply: ResMut<SupplyNow>,
    mut batteries: Query<&mut BatteryUnit>,
) {
    let load = facility.facility_kw;
    let onsite = supply.solar_kw + supply.wind_kw;
    let direct = load.min(onsite);
    let mut surplus = onsite - direct;
    supply.onsite_used_kw = direct;
    let step_h = clock.step_h();
    for mut unit in &mut batteries {
        let unit = &mut *unit;
        let ctx = DispatchContext {
            load_kw: load,
            onsite_generation_kw: onsite,
            grid_ci_g_per_kwh: signal.ci_g_per_kwh,
            price_usd_per_mwh: signal.price_usd_per_mwh,
            soc_frac: unit.state.soc_frac(),
            import_limit_kw: settings.import_limit_kw,
        };
        let request = unit.policy.request_kw(&ctx, &unit.battery);
        let soc_before = unit.state.soc_kwh;
        let step = unit.state.step(&unit.battery, request, step_h);
        let from_surplus = step.charged_kw.min(surplus);
        surplus -= from_surplus;
        let green_frac = unit.green.step(&unit.battery, soc_before, &step, from_surplus, step_h);
        supply.battery_charge_kw += step.charged_kw;
        supply.battery_charge_from_grid_kw += step.charged_kw - from_surplus;
        supply.battery_discharge_kw += step.discharged_kw;
        supply.battery_green_discharge_kw += step.discharged_kw * green_frac;
        supply.battery_soc_frac = unit.state.soc_frac();
    }
    supply.export_kw = if settings.export { surplus } else { 0.0 };
    supply.curtailed_kw = surplus - supply.export_kw;
    supply.cfe_supply_kw = direct + supply.battery_green_discharge_kw + supply.ppa_kw;
}

/// The grid supplies what on-site generation and the battery do not. Emissions are
/// location-based: import × the grid's average intensity (GHG Protocol Scope 2 Guidance,
/// 2015); exports earn the export price and no emission credit.
pub fn settle_grid(
    clock: Res<SimClock>,
    facility: Res<FacilityPower>,
    signal: Res<GridSignal>,
    settings: Res<SupplySettings>,
    mut supply: ResMut<SupplyNow>,
    mut grid: ResMut<GridExchange>,
) {
    let step_h = clock.step_h();
    grid.import_kw = (facility.facility_kw - supply.onsite_used_kw - supply.battery_discharge_kw
        + supply.battery_charge_from_grid_kw)
        .max(0.0);
    grid.export_kw = supply.export_kw;
    supply.import_excess_kw = (grid.import_kw - settings.import_limit_kw).max(0.0);
    let import_kwh = grid.import_kw * step_h;
    grid.co2_kg = import_kwh * signal.ci_g_per_kwh / 1_000.0;
    grid.marginal_co2_kg = import_kwh * signal.marginal_ci_g_per_kwh / 1_000.0;
    grid.cost_usd = import_kwh / 1_000.0 * signal.price_usd_per_mwh
        - grid.export_kw * step_h / 1_000.0 * settings.export_price_usd_per_mwh;
}
