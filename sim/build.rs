//! Turns a resolved [`RunConfig`] into a simulation world: the factory between the scenario
//! layer and the ECS (OpenDC's spec → runner split).

use bevy_ecs::prelude::World;
use dctwin_core::stream_seed;
use dctwin_facility::{AirChillerPlant, PowerChain, Redundancy as ChainRedundancy};
use dctwin_grid::{CarbonProfile, MixShape};
use dctwin_it::{AcceleratorPower, ServerPower, shape_by_name};
use dctwin_scenario::{Cooling, Hall as HallConfig, Redundancy, RunConfig};
use dctwin_weather::{ClimateNormals, SyntheticWeather};

use crate::components::{CoolingLoad, CoolingPlant, Hall, HallLoad, RackFluctuation, RackLoad, RackOf};
use crate::recorder::Recorder;
use crate::resources::{
    FacilityChain, FacilityPower, GridExchange, GridSeries, GridSignal, HallDemand, HallDriver, HallTotals, SimClock,
    Weather, WeatherSeries,
};

/// Correlation time of a rack's own utilization fluctuation [s]: jobs and request mixes change
/// over tens of minutes to hours. A dctwin assumption.
const RACK_FLUCTUATION_TIME_S: f64 = 3_600.0;

/// The server power model of a hall.
pub fn server_power(hall: &HallConfig) -> ServerPower {
    let a = &hall.accelerator;
    ServerPower {
        accelerators: hall.accelerators_per_server,
        accelerator: AcceleratorPower {
            active_idle_w: a.active_idle_w,
            full_load_w: a.full_load_w,
            // The catalog's curves are checked against this list by the tests.
            shape: shape_by_name(&a.curve).unwrap_or(dctwin_it::H200_MEASURED_SHAPE),
            power_cap_w: hall.power_cap_w,
        },
        host_idle_w: a.host_idle_w,
        host_full_w: a.host_full_w,
    }
}

/// Builds the world for `config`: resources, one entity per hall, one per rack.
pub fn build_world(config: &RunConfig) -> World {
    let mut world = World::new();
    let steps = config.steps;
    world.insert_resource(SimClock {
        tick: 0,
        steps: steps as u64,
        start: config.start,
        step_s: config.step_s,
    });

    let c = config.site.climate;
    let normals = ClimateNormals {
        temp_mean_c: c.temp_mean_c,
        temp_max_c: c.temp_max_c,
        temp_min_c: c.temp_min_c,
        rh_mean_pct: c.rh_mean_pct,
    };
    let weather = SyntheticWeather::new(normals, config.site.longitude_deg, config.seed).series(
        config.start,
        config.step_s,
        steps,
    );
    world.insert_resource(WeatherSeries(weather));
    world.insert_resource(Weather::default());

    let zone = &config.grid.zone;
    let ci = match config.grid.constant_ci_g_per_kwh {
        Some(g) => vec![g; steps],
        None => CarbonProfile {
            mean_g_per_kwh: zone.ci_mean_g_per_kwh,
            shape: MixShape::from_name(&zone.shape).unwrap_or(MixShape::Mixed),
            seasonal_amplitude_frac: zone.seasonal_amplitude_frac,
            winter_peak: zone.winter_peak,
            southern_hemisphere: config.site.latitude_deg < 0.0,
            diurnal_amplitude_frac: zone.diurnal_amplitude_frac,
            noise_frac: zone.noise_frac,
        }
        .series(
            config.start,
            config.step_s,
            steps,
            config.site.utc_offset_h,
            config.seed,
        ),
    };
    world.insert_resource(GridSeries {
        ci_g_per_kwh: ci,
        price_usd_per_mwh: config.grid.price_usd_per_mwh,
    });
    world.insert_resource(GridSignal::default());

    let mut drivers = Vec::with_capacity(config.halls.len());
    let mut design_total_kw = 0.0;
    let mut rack_index: u64 = 0;
    for (i, hall) in config.halls.iter().enumerate() {
        let table = server_power(hall).table_kw();
        let measured_server_kw = hall
            .measured_system_power_w_per_accelerator
            .map(|w| w * f64::from(hall.accelerators_per_server) / 1_000.0);
        let server_full_kw = measured_server_kw.unwrap_or(table.full_kw());
        let design_it_kw = server_full_kw * f64::from(hall.servers_per_rack) * f64::from(hall.racks);
        design_total_kw += design_it_kw;
        drivers.push(HallDriver {
            profile: hall.utilization.profile,
            mean_frac: hall.utilization.mean_frac,
            variability_frac: hall.utilization.variability_frac,
            server_table: table,
            servers_per_rack: f64::from(hall.servers_per_rack),
            measured_server_kw,
        });
        let plant = match hall.cooling {
            Cooling::AirChiller => CoolingPlant::AirChiller(AirChillerPlant::default()),
            Cooling::FixedPue(pue) => CoolingPlant::FixedPue(pue),
        };
        let id = u16::try_from(i).expect("validation limits halls far below 65,536");
        world.spawn((
            Hall(id),
            HallLoad {
                design_it_kw,
                ..HallLoad::default()
            },
            plant,
            CoolingLoad::default(),
        ));
        let first = rack_index;
        rack_index += u64::from(hall.racks);
        world.spawn_batch((first..rack_index).map(move |r| {
            (
                RackOf(id),
                // Stream 2^32 + r: one generator per rack; `| 1` keeps xorshift's state non-zero.
                RackFluctuation {
                    deviation_frac: 0.0,
                    rng_state: stream_seed(config.seed, (1 << 32) + r) | 1,
                },
                RackLoad::default(),
            )
        }));
    }
    let lag1 = (-(config.step_s as f64) / RACK_FLUCTUATION_TIME_S).exp();
    let halls = config.halls.len();
    world.insert_resource(HallTotals {
        it_power_kw: vec![0.0; halls],
        utilization_sum: vec![0.0; halls],
        racks: config.halls.iter().map(|h| f64::from(h.racks)).collect(),
    });
    world.insert_resource(HallDemand {
        drivers,
        target_frac: vec![0.0; halls],
        utc_offset_h: config.site.utc_offset_h,
        fluctuation_lag1: lag1,
    });
    let redundancy = match config.redundancy {
        Redundancy::N => ChainRedundancy::N,
        Redundancy::NPlus1 => ChainRedundancy::NPlus1,
        Redundancy::TwoN => ChainRedundancy::TwoN,
    };
    world.insert_resource(FacilityChain(PowerChain::modern(design_total_kw, redundancy)));
    world.insert_resource(FacilityPower::default());
    world.insert_resource(GridExchange::default());
    world.insert_resource(Recorder::with_capacity(steps));
    world
}
