//! Turns a resolved [`RunConfig`] into a simulation world: the factory between the scenario
//! layer and the ECS (OpenDC's spec → runner split).

use bevy_ecs::prelude::World;
use dctwin_core::stream_seed;
use dctwin_facility::{
    AirChillerPlant, AirEconomizerPlant, CoolingPlant, DirectLiquidPlant, ImmersionPlant, NaturalWaterPlant,
    NaturalWaterSource, PowerChain, Redundancy as ChainRedundancy, TowerPlant, WaterModel,
};
use dctwin_grid::{CarbonProfile, MixShape};
use dctwin_it::{AcceleratorPower, H200_FIT, ServerPower, curve_by_name};
use dctwin_scenario::{Cooling, DemandProfile, Hall as HallConfig, Redundancy, RunConfig, served_model};
use dctwin_weather::{ClimateNormals, SyntheticWeather, pressure_at_elevation_pa};
use dctwin_workload::{AcceleratorSpec, INTERRUPTIONS_PER_ACCELERATOR_HOUR, JobState, PeakThroughput, TrainingJob};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, StandardNormal};

use crate::components::{
    CoolingLoad, Hall, HallCooling, HallLedger, HallLoad, InferenceService, RackFluctuation, RackLoad, RackOf,
    TrainingRun, WorkloadLedger,
};
use crate::recorder::Recorder;
use crate::resources::{
    FacilityChain, FacilityPower, GridExchange, GridSeries, GridSignal, HallDemand, HallDriver, HallFree, HallSegments,
    HallTotals, HeatReuse, SimClock, Weather, WeatherSeries, WorkloadPower,
};

/// Correlation time of a rack's own utilization fluctuation [s]: jobs and request mixes change
/// over tens of minutes to hours. A dctwin assumption.
const RACK_FLUCTUATION_TIME_S: f64 = 3_600.0;

/// Lag-one day-to-day autocorrelation of inference demand noise (busy and quiet days
/// cluster). A dctwin assumption.
const DEMAND_NOISE_LAG1: f64 = 0.5;

/// The cooling of a hall, as the ECS runs it.
pub fn hall_cooling(hall: &HallConfig, climate: &dctwin_scenario::Climate) -> HallCooling {
    let plant = match hall.cooling {
        Cooling::FixedPue(pue) => return HallCooling::FixedPue(pue),
        Cooling::AirChiller => CoolingPlant::AirChiller(AirChillerPlant::default()),
        Cooling::AirTower { li2023_water } => CoolingPlant::Tower(TowerPlant {
            water_model: if li2023_water {
                WaterModel::Li2023
            } else {
                WaterModel::Physics
            },
            ..TowerPlant::default()
        }),
        Cooling::AirEconomizer => CoolingPlant::AirEconomizer(AirEconomizerPlant::default()),
        Cooling::DirectLiquid { capture_frac } => CoolingPlant::DirectLiquid(DirectLiquidPlant {
            capture_frac,
            ..DirectLiquidPlant::default()
        }),
        Cooling::ImmersionSinglePhase => CoolingPlant::Immersion(ImmersionPlant::single_phase()),
        Cooling::ImmersionTwoPhase => CoolingPlant::Immersion(ImmersionPlant::two_phase()),
        Cooling::SeaWater { temps_c } => CoolingPlant::NaturalWater(NaturalWaterPlant::new(match temps_c {
            Some(t) => NaturalWaterSource::Sea(t),
            None => NaturalWaterSource::sea_from_air(&climate.temp_mean_c),
        })),
        Cooling::LakeWater => CoolingPlant::NaturalWater(NaturalWaterPlant::new(
            NaturalWaterSource::deep_lake_from_air(&climate.temp_mean_c),
        )),
    };
    HallCooling::Plant(plant)
}

/// Server fans at idle as a share of their full-speed power: fan speed follows the heat, and
/// fan power the cube of speed (a dctwin assumption: ≈45 % speed at idle).
const FAN_IDLE_FRAC: f64 = 0.1;

/// The server power model of a hall cooled by `cooling`, with the fans that liquid or
/// immersion cooling removes taken out of the host (catalog `fans_max_w`) and the
/// accelerators' own change.
pub fn server_power(hall: &HallConfig, cooling: &HallCooling) -> ServerPower {
    let a = &hall.accelerator;
    let s = &hall.server;
    let (fans_removed, acc_factor) = match cooling {
        HallCooling::Plant(p) => (p.server_fans_removed_frac(), p.accelerator_power_factor()),
        HallCooling::FixedPue(_) => (0.0, 1.0),
    };
    let fans_w = s.fans_max_w * fans_removed;
    ServerPower {
        accelerators: hall.accelerators_per_server,
        accelerator: AcceleratorPower {
            active_idle_w: a.active_idle_w * acc_factor,
            full_load_w: a.full_load_w * acc_factor,
            // The catalog's curve names are checked by the tests.
            curve: curve_by_name(&a.curve).unwrap_or(H200_FIT),
            memory_bound_load_frac: a.memory_bound_load_frac,
            power_cap_w: hall.power_cap_w,
        },
        parked_idle_w: a.parked_idle_w * acc_factor,
        host_idle_w: (s.host_idle_w - FAN_IDLE_FRAC * fans_w).max(0.0),
        host_full_w: (s.host_full_w - fans_w).max(0.0),
        psu_efficiency: s.psu_efficiency,
    }
}

/// The serving model's view of a hall's accelerator. A power cap lowers the core clock and
/// with it the math rate; memory bandwidth is set by the memory clock and stays.
pub fn accelerator_spec(hall: &HallConfig, server: &ServerPower) -> AcceleratorSpec {
    let a = &hall.accelerator;
    let clock = server.accelerator.max_throughput_frac();
    let peak = a.peak_tflops.to_array().map(|t| t * clock);
    AcceleratorSpec {
        peak: PeakThroughput(peak),
        memory_gb: a.memory_gb,
        memory_bw_tb_s: a.memory_bw_tb_s,
    }
}

fn tick_of(config: &RunConfig, t: dctwin_core::UtcTime) -> u64 {
    let s = (t.0 - config.start.0).max(0) as u64;
    s.div_ceil(config.step_s)
}

/// Builds the world for `config`: resources, one entity per hall, rack, training job and
/// inference service.
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
    let weather = match &config.site.weather {
        Some(epw) => epw.series(config.start, config.step_s, steps),
        None => SyntheticWeather::new(normals, config.site.longitude_deg, config.seed)
            .at_pressure_pa(pressure_at_elevation_pa(config.site.elevation_m))
            .series(config.start, config.step_s, steps),
    };
    if let Some(h) = config.heat_reuse {
        let step_h = config.step_s as f64 / 3_600.0;
        let sink = match h.sink {
            dctwin_heat::HeatSink::District(d) => {
                dctwin_heat::HeatSink::District(d.calibrate(weather.iter().map(|c| c.temp_c), step_h))
            }
            fixed @ dctwin_heat::HeatSink::Fixed { .. } => fixed,
        };
        world.insert_resource(HeatReuse {
            config: dctwin_scenario::HeatReuseConfig { sink, ..h },
            pump: dctwin_heat::HeatPump::default(),
            flow: dctwin_heat::HeatFlow::default(),
            streams: Vec::with_capacity(2 * config.halls.len()),
            cooling_saved_kw: 0.0,
        });
    }
    world.insert_resource(Weather::default());

    let zone = &config.grid.zone;
    // The files were checked to cover the run when the scenario was loaded.
    let from_file = |f: &Option<std::sync::Arc<dctwin_grid::HourlySignal>>| {
        f.as_ref()
            .and_then(|s| s.series(config.start, config.step_s, steps).ok())
    };
    let ci = match (from_file(&config.grid.carbon_file), config.grid.constant_ci_g_per_kwh) {
        (Some(series), _) => series,
        (None, Some(g)) => vec![g; steps],
        (None, None) => CarbonProfile {
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
    let price = from_file(&config.grid.price_file).unwrap_or_else(|| vec![config.grid.price_usd_per_mwh; steps]);
    let cfe = config
        .grid
        .carbon_file
        .as_ref()
        .and_then(|f| {
            let pct = f.cfe_pct.as_ref()?;
            let signal = dctwin_grid::HourlySignal {
                start: f.start,
                values: pct.clone(),
                cfe_pct: None,
                filled_hours: 0,
            };
            signal.series(config.start, config.step_s, steps).ok()
        })
        .unwrap_or_else(|| vec![zone.cfe_pct; steps]);
    spawn_supply(&mut world, config, &weather, &ci, &price);
    world.insert_resource(GridSeries {
        ci_g_per_kwh: ci,
        price_usd_per_mwh: price,
        cfe_pct: cfe,
        marginal_ci_g_per_kwh: from_file(&config.grid.marginal_file),
    });
    world.insert_resource(WeatherSeries(weather));
    world.insert_resource(GridSignal::default());

    let mut drivers = Vec::with_capacity(config.halls.len());
    let mut design_total_kw = 0.0;
    let mut rack_stream: u64 = 0;
    for (i, hall) in config.halls.iter().enumerate() {
        let cooling = hall_cooling(hall, &config.site.climate);
        let server = server_power(hall, &cooling);
        let table = server.table_kw();
        let measured_server_kw = hall
            .measured_system_power_w_per_accelerator
            .map(|w| w * f64::from(hall.accelerators_per_server) / 1_000.0);
        let server_full_kw = measured_server_kw.unwrap_or(table.full_kw());
        let design_it_kw = server_full_kw * f64::from(hall.servers_per_rack) * f64::from(hall.racks);
        design_total_kw += design_it_kw;
        let has_workloads = config.training.iter().any(|t| t.hall == i) || config.inference.iter().any(|s| s.hall == i);
        drivers.push(HallDriver {
            profile: hall.utilization.profile,
            mean_frac: hall.utilization.mean_frac,
            variability_frac: hall.utilization.variability_frac,
            server_table: table,
            servers_per_rack: f64::from(hall.servers_per_rack),
            measured_server_kw,
            server,
            accelerators_per_server: f64::from(hall.accelerators_per_server),
            accelerators_per_rack: f64::from(hall.accelerators_per_server * hall.servers_per_rack),
            accelerators: hall.accelerators() as f64,
            has_workloads,
        });
        let id = u16::try_from(i).expect("validation limits halls far below 65,536");
        world.spawn((
            Hall(id),
            HallLoad {
                design_it_kw,
                ..HallLoad::default()
            },
            cooling,
            CoolingLoad::default(),
            HallLedger::default(),
        ));
        let first_stream = rack_stream;
        rack_stream += u64::from(hall.racks);
        world.spawn_batch((0..hall.racks).map(move |r| {
            (
                RackOf { hall: id, index: r },
                // Stream 2^32 + global rack number: one generator per rack; `| 1` keeps
                // xorshift's state non-zero.
                RackFluctuation {
                    deviation_frac: 0.0,
                    rng_state: stream_seed(config.seed, (1 << 32) + first_stream + u64::from(r)) | 1,
                },
                RackLoad::default(),
            )
        }));
    }

    for (k, t) in config.training.iter().enumerate() {
        world.spawn(TrainingRun {
            index: k,
            hall: u16::try_from(t.hall).expect("hall index fits"),
            priority: !t.deferrable,
            job: TrainingJob {
                accelerators: t.accelerators,
                work_accelerator_h: t.work_accelerator_h,
                checkpoint_interval_h: t.checkpoint_interval_h,
                checkpoint_save_h: if t.failures {
                    dctwin_workload::DEFAULT_CHECKPOINT_SAVE_H
                } else {
                    0.0
                },
                restart_h: t.restart_h,
                interruption_rate_per_accelerator_h: if t.failures {
                    INTERRUPTIONS_PER_ACCELERATOR_HOUR
                } else {
                    0.0
                },
                // A power cap below the job's draw slows it (DVFS): the work delivered per hour
                // falls to the capped throughput.
                speed_frac: (drivers[t.hall].server.accelerator.max_throughput_frac() / t.utilization_frac).min(1.0),
            },
            state: JobState::default(),
            // Stream 2^40 + job: interruptions of one job never shift another's.
            rng: Xoshiro256PlusPlus::seed_from_u64(stream_seed(config.seed, (1 << 40) + k as u64)),
            earliest_tick: tick_of(config, t.earliest_start),
            utilization_frac: t.utilization_frac,
            running: false,
            started_tick: None,
            finished_tick: None,
            computing_accelerators: 0.0,
            stalled_accelerators: 0.0,
            lost_this_step_h: 0.0,
            ledger: WorkloadLedger::default(),
        });
    }
    let days = (steps as u64 * config.step_s).div_ceil(86_400) as usize + 1;
    for (k, s) in config.inference.iter().enumerate() {
        let hall = &config.halls[s.hall];
        let model = served_model(s);
        let spec = accelerator_spec(hall, &drivers[s.hall].server);
        let plan = model.plan(&spec);
        // Stream 2^41 + service: its own day-to-day demand noise (AR(1), multiplicative,
        // mean 1, floored at 0).
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(config.seed, (1 << 41) + k as u64));
        let innovation = (1.0 - DEMAND_NOISE_LAG1 * DEMAND_NOISE_LAG1).sqrt();
        let mut n = 0.0_f64;
        let daily_noise = (0..days)
            .map(|d| {
                let z: f64 = StandardNormal.sample(&mut rng);
                n = if d == 0 {
                    z
                } else {
                    DEMAND_NOISE_LAG1 * n + innovation * z
                };
                (1.0 + s.demand_noise_frac * n).max(0.0)
            })
            .collect();
        world.spawn(InferenceService {
            index: k,
            hall: u16::try_from(s.hall).expect("hall index fits"),
            model,
            spec,
            plan,
            mean_rps: s.requests_per_s,
            diurnal: s.demand_profile == DemandProfile::Diurnal,
            growth_frac_per_year: s.growth_frac_per_year,
            daily_noise,
            demand_rps: 0.0,
            load: dctwin_workload::ServingLoad::default(),
            accelerators: 0.0,
            step_output_tokens: 0.0,
            step_requests: 0.0,
            ledger: WorkloadLedger::default(),
        });
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
        utilization_series: config.halls.iter().map(|h| from_file(&h.utilization_file)).collect(),
        utc_offset_h: config.site.utc_offset_h,
        fluctuation_lag1: lag1,
    });
    world.insert_resource(HallFree(vec![0.0; halls]));
    let max_segments = 2 + config.training.len() + config.inference.len() + 1;
    world.insert_resource(HallSegments(
        (0..halls).map(|_| Vec::with_capacity(max_segments)).collect(),
    ));
    world.insert_resource(WorkloadPower::default());
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

/// Seed streams of the supply: 2^42 + n.
const SUPPLY_STREAM: u64 = 1 << 42;

/// Spawns the generators (on-site solar and wind, PPA plants) with their output series, the
/// battery, and the supply resources.
fn spawn_supply(
    world: &mut World,
    config: &RunConfig,
    weather: &[dctwin_weather::Conditions],
    ci: &[f64],
    price: &[f64],
) {
    use crate::components::{BatteryUnit, Generator, GeneratorKind};
    use crate::supply::{datacenter_site, location_weather, solar_series, wind_series};
    let supply = &config.supply;
    let site_location = config
        .site
        .location_id
        .as_deref()
        .and_then(|id| dctwin_catalog::catalog().location(id));
    let measured = config.site.weather.is_some();
    if let Some(solar) = &supply.solar {
        // A measured (or externally modelled) output file replaces the PV model.
        let series = signal_series(config, supply.solar_file.as_ref())
            .unwrap_or_else(|| solar_series(config, solar, &datacenter_site(config, weather), SUPPLY_STREAM));
        world.spawn(Generator {
            kind: GeneratorKind::Solar,
            series_kw: series,
        });
    }
    if let Some(wind) = &supply.wind {
        let series = signal_series(config, supply.wind_file.as_ref()).unwrap_or_else(|| {
            wind_series(
                config,
                wind,
                weather,
                measured,
                site_location.map(|l| l.wind_10m_m_s),
                SUPPLY_STREAM + 1,
            )
        });
        world.spawn(Generator {
            kind: GeneratorKind::Wind,
            series_kw: series,
        });
    }
    for (i, ppa) in supply.ppas.iter().enumerate() {
        let stream = SUPPLY_STREAM + 16 + 4 * i as u64;
        let same_site = site_location.is_some_and(|l| l.id == ppa.location.id);
        let remote = if same_site {
            None
        } else {
            Some(location_weather(config, &ppa.location, stream))
        };
        let w: &[dctwin_weather::Conditions] = remote.as_deref().unwrap_or(weather);
        let series = match &ppa.kind {
            dctwin_scenario::PpaKind::Solar(s) => {
                let site = crate::supply::PlantSite {
                    latitude_deg: ppa.location.latitude_deg,
                    longitude_deg: ppa.location.longitude_deg,
                    elevation_m: ppa.location.elevation_m,
                    linke: ppa.location.linke_turbidity,
                    ghi_kwh_m2_day: Some(ppa.location.ghi_kwh_m2_day),
                    weather: w,
                    measured_irradiance: same_site && measured,
                };
                solar_series(config, s, &site, stream + 1)
            }
            dctwin_scenario::PpaKind::Wind(wc) => wind_series(
                config,
                wc,
                w,
                same_site && measured,
                Some(ppa.location.wind_10m_m_s),
                stream + 2,
            ),
        };
        world.spawn(Generator {
            kind: GeneratorKind::Ppa,
            series_kw: series,
        });
    }
    let import_limit_kw = config.grid.import_limit_kw.unwrap_or(f64::INFINITY);
    if let Some(b) = supply.battery {
        let one_way = b.round_trip_efficiency.sqrt();
        let battery = dctwin_storage::Battery {
            charge_efficiency: one_way,
            discharge_efficiency: one_way,
            soc_min_frac: b.soc_min_frac,
            soc_max_frac: b.soc_max_frac,
            self_discharge_per_day_frac: b.self_discharge_per_day_frac,
            fade_per_cycle_frac: b.fade_per_cycle_frac,
            ..dctwin_storage::Battery::new(b.energy_kwh, b.power_kw)
        };
        let policy = match b.policy {
            dctwin_scenario::BatteryPolicy::SelfConsumption => dctwin_storage::DispatchPolicy::SelfConsumption,
            dctwin_scenario::BatteryPolicy::CarbonAware => dctwin_storage::DispatchPolicy::carbon_aware_from_series(
                ci,
                dctwin_storage::DEFAULT_CHARGE_QUANTILE,
                dctwin_storage::DEFAULT_DISCHARGE_QUANTILE,
            )
            .unwrap_or(dctwin_storage::DispatchPolicy::SelfConsumption),
            dctwin_scenario::BatteryPolicy::PriceArbitrage => {
                dctwin_storage::DispatchPolicy::price_arbitrage_from_series(
                    price,
                    dctwin_storage::DEFAULT_CHARGE_QUANTILE,
                    dctwin_storage::DEFAULT_DISCHARGE_QUANTILE,
                )
                .unwrap_or(dctwin_storage::DispatchPolicy::SelfConsumption)
            }
            dctwin_scenario::BatteryPolicy::PeakShaving => dctwin_storage::DispatchPolicy::PeakShaving {
                import_limit_kw: import_limit_kw.min(f64::MAX),
            },
        };
        // Start half full: neither a free first charge nor a free first discharge.
        let state = dctwin_storage::BatteryState::new(&battery, 0.5);
        world.spawn(BatteryUnit {
            battery,
            state,
            policy,
            green: dctwin_storage::GreenLedger::default(),
        });
    }
    world.insert_resource(crate::resources::SupplyNow::default());
    world.insert_resource(crate::resources::SupplySettings {
        export: supply.export,
        export_price_usd_per_mwh: supply.export_price_usd_per_mwh,
        import_limit_kw,
    });
}

/// A signal file resampled to the run's steps (the loader checked that it covers the run).
fn signal_series(config: &RunConfig, file: Option<&std::sync::Arc<dctwin_grid::HourlySignal>>) -> Option<Vec<f64>> {
    file?.series(config.start, config.step_s, config.steps).ok()
}
