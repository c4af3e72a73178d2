//! Generation series for on-site plants and PPAs, computed before the run from the weather
//! (like the weather itself): the factory side of the supply.

use dctwin_catalog::Location;
use dctwin_core::{UtcTime, stream_seed};
use dctwin_scenario::{RunConfig, SolarConfig};
use dctwin_solar::{Sky, erbs_decomposition, solar_position};
use dctwin_weather::{
    ClimateNormals, Conditions, SyntheticClearness, SyntheticWeather, match_monthly_irradiation,
    monthly_clear_sky_index, pressure_at_elevation_pa,
};

/// Where a plant stands and what sky it sees.
pub struct PlantSite<'a> {
    /// Latitude [°].
    pub latitude_deg: f64,
    /// Longitude [°].
    pub longitude_deg: f64,
    /// Elevation [m].
    pub elevation_m: f64,
    /// Monthly Linke turbidity.
    pub linke: [f64; 12],
    /// Monthly mean daily irradiation [kWh/m²/day], when synthetic clouds are needed.
    pub ghi_kwh_m2_day: Option<[f64; 12]>,
    /// The weather the plant sees, one per step.
    pub weather: &'a [Conditions],
    /// Whether `weather` carries measured irradiance (an EPW file).
    pub measured_irradiance: bool,
}

/// Linke turbidity used where a site has no catalog entry: 3.0, a typical mid-latitude
/// rural value (Remund et al. 2003 climatology ranges ≈2–5).
const DEFAULT_LINKE: [f64; 12] = [3.0; 12];

/// The site of the datacenter itself.
pub fn datacenter_site<'a>(config: &RunConfig, weather: &'a [Conditions]) -> PlantSite<'a> {
    let location = config
        .site
        .location_id
        .as_deref()
        .and_then(|id| dctwin_catalog::catalog().location(id));
    PlantSite {
        latitude_deg: config.site.latitude_deg,
        longitude_deg: config.site.longitude_deg,
        elevation_m: config.site.elevation_m,
        linke: location.map_or(DEFAULT_LINKE, |l| l.linke_turbidity),
        ghi_kwh_m2_day: location.map(|l| l.ghi_kwh_m2_day),
        weather,
        measured_irradiance: config.site.weather.is_some(),
    }
}

/// Synthetic weather for another catalog location (a PPA plant), on its own seed stream.
pub fn location_weather(config: &RunConfig, location: &Location, stream: u64) -> Vec<Conditions> {
    let normals = ClimateNormals {
        temp_mean_c: location.temp_mean_c,
        temp_max_c: location.temp_max_c,
        temp_min_c: location.temp_min_c,
        rh_mean_pct: location.rh_mean_pct,
    };
    SyntheticWeather::new(normals, location.longitude_deg, stream_seed(config.seed, stream))
        .at_pressure_pa(pressure_at_elevation_pa(location.elevation_m))
        .series(config.start, config.step_s, config.steps)
}

/// AC output of a PV plant [kW] at every step.
///
/// The sky: clear when asked; from the weather file's measured GHI (split into direct and
/// diffuse by Erbs et al. 1982) when there is one; otherwise synthetic clouds — a daily
/// clear-sky index around each month's climatological value (the month's irradiation divided by
/// its clear-sky irradiation at the site), so the year's yield follows the site's climate.
pub fn solar_series(config: &RunConfig, solar: &SolarConfig, site: &PlantSite<'_>, seed_stream: u64) -> Vec<f64> {
    let array = solar.array;
    let times: Vec<UtcTime> = (0..config.steps)
        .map(|k| UtcTime(config.start.0 + (k as u64 * config.step_s) as i64))
        .collect();
    let years = |t: UtcTime| (t.0 - config.start.0) as f64 / (365.25 * 86_400.0);
    let run = |sky_at: &dyn Fn(usize) -> Sky| -> Vec<dctwin_solar::PvOutput> {
        times
            .iter()
            .enumerate()
            .map(|(k, &t)| {
                let w = site.weather[k];
                // Synthetic weather has no wind: 1 m/s, the PVWatts reference condition.
                let wind = if site.measured_irradiance { w.wind_m_s } else { 1.0 };
                array.ac_kw(
                    t,
                    site.latitude_deg,
                    site.longitude_deg,
                    site.elevation_m,
                    &site.linke,
                    sky_at(k),
                    w.temp_c,
                    wind,
                    years(t),
                )
            })
            .collect()
    };
    if solar.clear_sky {
        return run(&|_| Sky::Clear).iter().map(|o| o.ac_kw).collect();
    }
    if site.measured_irradiance {
        return run(&|k| {
            let t = times[k];
            let ghi = site.weather[k].ghi_w_m2.max(0.0);
            let zenith = solar_position(t, site.latitude_deg, site.longitude_deg).zenith_deg;
            let (dni, dhi) = erbs_decomposition(ghi, zenith, f64::from(t.day_of_year() + 1));
            Sky::Measured {
                ghi_w_m2: ghi,
                dni_w_m2: dni,
                dhi_w_m2: dhi,
            }
        })
        .iter()
        .map(|o| o.ac_kw)
        .collect();
    }
    // Synthetic clouds. Clear-sky irradiation per calendar month of the run:
    let clear = run(&|_| Sky::Clear);
    let step_h = config.step_s as f64 / 3_600.0;
    let (mut clear_kwh, mut days) = ([0.0_f64; 12], [0.0_f64; 12]);
    for (o, t) in clear.iter().zip(&times) {
        let m = t.month() as usize - 1;
        clear_kwh[m] += o.ghi_w_m2 * step_h / 1_000.0;
        days[m] += step_h / 24.0;
    }
    let monthly_k = monthly_clear_sky_index(&site.ghi_kwh_m2_day.unwrap_or([0.0; 12]), &clear_kwh, &days);
    let first_day = config.start.0.div_euclid(86_400);
    let n_days = (config.steps as u64 * config.step_s).div_ceil(86_400) as usize + 1;
    let months = (0..n_days).map(|d| UtcTime((first_day + d as i64) * 86_400).month());
    let mut daily = SyntheticClearness::new(monthly_k, stream_seed(config.seed, seed_stream)).daily(months);
    let mut clear_day_kwh = vec![0.0; n_days];
    for (o, t) in clear.iter().zip(&times) {
        clear_day_kwh[(t.0.div_euclid(86_400) - first_day) as usize] += o.ghi_w_m2 * step_h / 1_000.0;
    }
    let day_month: Vec<usize> = (0..n_days)
        .map(|d| UtcTime((first_day + d as i64) * 86_400).month() as usize - 1)
        .collect();
    match_monthly_irradiation(&mut daily, &day_month, &clear_day_kwh, &monthly_k);
    run(&|k| Sky::ClearnessIndex(daily[((times[k].0.div_euclid(86_400)) - first_day) as usize]))
        .iter()
        .map(|o| o.ac_kw)
        .collect()
}

/// The catalog turbine `model` (checked when the scenario was resolved) and its default hub
/// height [m].
pub fn wind_curve(model: &str) -> (dctwin_wind::PowerCurve, f64) {
    let (curve, hub_m) = dctwin_wind::catalog_turbine(model).unwrap_or((&dctwin_wind::GENERIC_3MW_ONSHORE, 100.0));
    (curve.clone(), hub_m)
}

/// AC output of a wind farm [kW] at every step. Wind at 10 m comes from the weather file, or
/// from a seeded Weibull series with the site's annual mean, scaled month by month to its
/// monthly means; the power law (α = 1/7) carries it to hub height.
pub fn wind_series(
    config: &RunConfig,
    wind: &dctwin_scenario::WindConfig,
    weather: &[Conditions],
    measured: bool,
    monthly_10m_m_s: Option<[f64; 12]>,
    seed_stream: u64,
) -> Vec<f64> {
    let (curve, default_hub) = match &wind.curve {
        Some(c) => (c.clone(), wind.hub_height_m.unwrap_or(100.0)),
        None => wind_curve(&wind.model),
    };
    let mut farm = dctwin_wind::WindFarm::new(wind.turbines, curve, wind.hub_height_m.unwrap_or(default_hub));
    farm.losses_frac = wind.losses_frac;
    let alpha = dctwin_wind::OPEN_TERRAIN_SHEAR_ALPHA;
    if measured {
        return weather
            .iter()
            .map(|w| farm.power_kw(w.wind_m_s.max(0.0), alpha))
            .collect();
    }
    let monthly = dctwin_wind::MonthlyWind::new(monthly_10m_m_s.unwrap_or([5.0; 12]));
    let speeds = dctwin_wind::SyntheticWind::new(
        monthly.annual_m_s(),
        dctwin_wind::DEFAULT_WEIBULL_K,
        dctwin_wind::DEFAULT_LAG1_PER_HOUR,
        stream_seed(config.seed, seed_stream),
    )
    .series(config.start, config.step_s, config.steps);
    speeds
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let t = UtcTime(config.start.0 + (k as u64 * config.step_s) as i64);
            farm.power_kw(monthly.scale(s, t.month()), alpha)
        })
        .collect()
}
