//! Checks a parsed scenario and resolves it into a [`RunConfig`], collecting every problem.

use dctwin_catalog::{Catalog, suggest};
use dctwin_core::{format_duration_s, parse_duration_s, parse_utc};

use crate::Diagnostic;
use crate::config::{
    COOLING_TYPES, Climate, Cooling, Grid, Hall, PROFILES, Profile, Redundancy, RunConfig, Site, Utilization,
};
use crate::config::{DemandProfile, InferenceConfig, TrainingConfig};
use crate::schema::{ClimateSpec, HallSpec, ScenarioFile};
use dctwin_core::UtcTime;
use dctwin_workload::{
    AcceleratorSpec, DEFAULT_CHECKPOINT_SAVE_H, DEFAULT_RESTART_H, DYNAMIC_DEPTH_LAYER_FRAC, EARLY_EXIT_LAYER_FRAC,
    INTERRUPTIONS_PER_ACCELERATOR_HOUR, KERNEL_FUSION_SPEEDUP, Levers, PeakThroughput, Precision, ServedModel,
    Sparsity, young_checkpoint_interval_h,
};

/// Longest run accepted, in steps: a century at 15 minutes. A guard against typos such as
/// `step = "1s"` with `duration = "365d"` that would allocate gigabytes.
const MAX_STEPS: u64 = 4_000_000;

/// Resolves `file` against the catalog; `seed_override` is `--seed`.
pub(crate) fn resolve(
    file: &ScenarioFile,
    catalog: &Catalog,
    seed_override: Option<u64>,
    base_dir: &std::path::Path,
) -> Result<RunConfig, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut p = |d: Diagnostic| problems.push(d);

    if file.name.is_empty()
        || !file
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        || file.name.starts_with('.')
    {
        p(Diagnostic::at(
            "name",
            format!(
                "expected a name made of letters, digits, `-`, `_` or `.`, found {:?}",
                file.name
            ),
        )
        .hint("the name becomes the output folder, e.g. name = \"stockholm-immersion\""));
    }
    let seed = match (seed_override, file.seed) {
        (Some(s), _) => s,
        (None, Some(s)) if s >= 0 => s as u64,
        (None, Some(s)) => {
            p(Diagnostic::at("seed", format!("expected a non-negative integer, found {s}")).hint("seed = 42"));
            0
        }
        (None, None) => 1,
    };

    // Time window.
    let start = parse_utc(&file.time.start)
        .map_err(|e| Diagnostic::at("time.start", e).hint("time.start = \"2025-01-01T00:00:00Z\""));
    let step = parse_duration_s(&file.time.step)
        .map_err(|e| Diagnostic::at("time.step", e).hint("time.step = \"15m\" (units: s, m, h, d, w)"));
    let duration = parse_duration_s(&file.time.duration)
        .map_err(|e| Diagnostic::at("time.duration", e).hint("time.duration = \"365d\""));
    let mut steps = 0;
    if let (Ok(step_s), Ok(duration_s)) = (&step, &duration) {
        if step_s > duration_s {
            p(Diagnostic::at(
                "time.step",
                format!(
                    "the step ({}) is longer than the whole window ({})",
                    file.time.step, file.time.duration
                ),
            )
            .hint(format!(
                "use a step of at most {}, e.g. \"15m\"",
                format_duration_s(*duration_s)
            )));
        } else if duration_s % step_s != 0 {
            let n = duration_s / step_s;
            p(Diagnostic::at(
                "time.duration",
                format!(
                    "{} is not a whole number of {} steps ({:.2})",
                    file.time.duration,
                    file.time.step,
                    *duration_s as f64 / *step_s as f64
                ),
            )
            .hint(format!(
                "use {} or {}, or a step that divides it",
                format_duration_s(n * step_s),
                format_duration_s((n + 1) * step_s)
            )));
        } else if duration_s / step_s > MAX_STEPS {
            p(Diagnostic::at(
                "time.step",
                format!(
                    "{} steps is more than dctwin runs at once ({MAX_STEPS})",
                    duration_s / step_s
                ),
            )
            .hint("use a longer step, e.g. \"5m\" or \"15m\""));
        } else {
            steps = (duration_s / step_s) as usize;
        }
    }
    for r in [&step, &duration] {
        if let Err(d) = r {
            p(d.clone());
        }
    }
    if let Err(d) = &start {
        p(d.clone());
    }

    // Site.
    let site_spec = &file.site;
    let location = site_spec.location.as_deref().and_then(|id| {
        let found = catalog.location(id);
        if found.is_none() {
            let d = Diagnostic::at("site.location", format!("unknown location `{id}`"));
            p(match suggest(id, catalog.location_ids()) {
                Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog locations` lists all")),
                None => d.hint(
                    "`dctwin catalog locations` lists the built-in places; or give latitude_deg, longitude_deg and [site.climate]",
                ),
            });
        }
        found
    });
    let weather_path = site_spec.weather_file.as_ref().map(|f| base_dir.join(f));
    let weather = weather_path.as_ref().and_then(|path| match dctwin_core::read_text(path) {
        Err(e) => {
            p(Diagnostic::at("site.weather_file", format!("cannot read {}: {e}", path.display()))
                .hint("the path is relative to the scenario file; EPW files are EnergyPlus weather files"));
            None
        }
        Ok(text) => match dctwin_weather::EpwFile::parse(&text) {
            Ok(epw) => Some(std::sync::Arc::new(epw)),
            Err(e) => {
                p(Diagnostic::at("site.weather_file", format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))
                    .hint("check the file is an EPW (EnergyPlus weather) file: 8 header lines, then 8,760 hourly lines"));
                None
            }
        },
    });
    let epw_location = weather.as_ref().map(|w| w.location.clone());
    let climate = match (&site_spec.climate, location, &weather) {
        (Some(c), _, _) => check_climate(c, &mut p),
        (None, Some(l), _) => Some(Climate {
            temp_mean_c: l.temp_mean_c,
            temp_max_c: l.temp_max_c,
            temp_min_c: l.temp_min_c,
            rh_mean_pct: l.rh_mean_pct,
        }),
        (None, None, Some(w)) => {
            let n = w.monthly_normals();
            Some(Climate {
                temp_mean_c: n.temp_mean_c,
                temp_max_c: n.temp_max_c,
                temp_min_c: n.temp_min_c,
                rh_mean_pct: n.rh_mean_pct,
            })
        }
        (None, None, None) => {
            if site_spec.location.is_none() && site_spec.weather_file.is_none() {
                p(Diagnostic::at(
                    "site",
                    "expected either `location` or explicit coordinates with `[site.climate]`",
                )
                .hint("site.location = \"stockholm\" (see `dctwin catalog locations`)"));
            }
            None
        }
    };
    let lat = site_spec
        .latitude_deg
        .or(location.map(|l| l.latitude_deg))
        .or(epw_location.as_ref().map(|l| l.latitude_deg));
    let lon = site_spec
        .longitude_deg
        .or(location.map(|l| l.longitude_deg))
        .or(epw_location.as_ref().map(|l| l.longitude_deg));
    if site_spec.location.is_none() && site_spec.climate.is_some() && (lat.is_none() || lon.is_none()) {
        p(
            Diagnostic::at("site", "an explicit site needs `latitude_deg` and `longitude_deg`")
                .hint("latitude_deg = 59.3, longitude_deg = 18.1"),
        );
    }
    if let Some(v) = lat.filter(|v| !(-90.0..=90.0).contains(v)) {
        p(Diagnostic::at(
            "site.latitude_deg",
            format!("expected a latitude in -90..90 degrees, found {v}"),
        ));
    }
    if let Some(v) = lon.filter(|v| !(-180.0..=180.0).contains(v)) {
        p(Diagnostic::at(
            "site.longitude_deg",
            format!("expected a longitude in -180..180 degrees, found {v}"),
        ));
    }

    // Grid.
    let zone_id = file
        .grid
        .zone
        .clone()
        .or(location.map(|l| l.grid_zone.clone()))
        .unwrap_or_else(|| "WORLD".into());
    let zone = catalog.zone(&zone_id);
    if zone.is_none() {
        let mut d = Diagnostic::at("grid.zone", format!("unknown grid zone `{zone_id}`"));
        d = match suggest(&zone_id, catalog.zone_ids()) {
            Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog grids` lists all")),
            None => d.hint("`dctwin catalog grids` lists the zones; or set grid.carbon_intensity_g_per_kwh"),
        };
        p(d);
    }
    // The constant intensity, price and import limit are held to their ranges in `bounds.rs`.

    // Halls.
    if file.halls.is_empty() {
        p(Diagnostic::at("halls", "expected at least one hall")
            .hint("add [[halls]] with accelerator = \"h100-sxm\" and racks = 10"));
    }
    let mut halls = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for (i, h) in file.halls.iter().enumerate() {
        if let Some(hall) = check_hall(i, h, catalog, &mut p) {
            if !names.insert(hall.name.clone()) {
                p(Diagnostic::at(
                    format!("halls.{i}.name"),
                    format!("hall name `{}` is used twice", hall.name),
                )
                .hint("give each hall its own name"));
            }
            halls.push(hall);
        }
    }

    let redundancy = match file.power_chain.redundancy.as_str() {
        "N" => Some(Redundancy::N),
        "N+1" => Some(Redundancy::NPlus1),
        "2N" => Some(Redundancy::TwoN),
        other => {
            p(Diagnostic::at(
                "power_chain.redundancy",
                format!("expected one of `N`, `N+1`, `2N`, found `{other}`"),
            )
            .hint("power_chain.redundancy = \"2N\""));
            None
        }
    };
    // Its range (0.1–50 years) is checked in `bounds.rs`.
    let lifetime = file.hardware.lifetime_years;

    let start_for_jobs = start.as_ref().ok().copied();
    // Workloads are placed in halls: only checked once every hall resolved (and there is one;
    // a scenario without halls is already refused above).
    let (training, inference) = if !halls.is_empty() && halls.len() == file.halls.len() {
        check_workloads(file, &halls, start_for_jobs, &mut p)
    } else {
        (Vec::new(), Vec::new())
    };

    let heat_reuse = file.heat_reuse.as_ref().and_then(|h| check_heat_reuse(h, &mut p));
    let window = match (&start, &step) {
        (Ok(start), Ok(step_s)) if steps > 0 => Some((*start, *step_s, steps)),
        _ => None,
    };
    let grid_files = check_grid_files(&file.grid, base_dir, window, &mut p);
    // Hourly utilization and on-site generation read from files.
    // (Only when every hall resolved, so that the two lists line up.)
    let aligned = halls.len() == file.halls.len();
    for (i, (hall, spec)) in halls.iter_mut().zip(&file.halls).enumerate().filter(|_| aligned) {
        if let Some(rel) = &spec.utilization_csv {
            let at = format!("halls.{i}.utilization_csv");
            hall.utilization_file =
                read_bounded_file(&at, rel, base_dir, window, 0.0, 1.0, "utilization shares", &mut p);
        }
    }
    let supply = check_supply(
        &file.supply,
        catalog,
        location,
        weather.is_some(),
        lat.unwrap_or(0.0),
        &mut p,
    );

    let mut supply = supply;
    if let Some(out) = supply.as_mut() {
        let files = [
            (
                "supply.solar.profile_csv",
                file.supply.solar.as_ref().and_then(|x| x.profile_csv.as_ref()),
            ),
            (
                "supply.wind.profile_csv",
                file.supply.wind.as_ref().and_then(|x| x.profile_csv.as_ref()),
            ),
        ];
        // A profile is the plant's AC output: at most its capacity (solar: the DC nameplate,
        // which the inverters never exceed; wind: turbines × rated power), with 1 % for
        // rounding in the file.
        let capacity_kw = [
            out.solar.as_ref().map_or(0.0, |s| s.capacity_kw_dc),
            out.wind.as_ref().map_or(0.0, |w| {
                f64::from(w.turbines) * dctwin_wind::catalog_turbine(&w.model).map_or(0.0, |(c, _)| c.rated_kw)
            }),
        ];
        for (k, (at, rel)) in files.into_iter().enumerate() {
            let Some(rel) = rel else { continue };
            let hi = capacity_kw[k] * 1.01;
            let read = read_bounded_file(
                at,
                rel,
                base_dir,
                window,
                0.0,
                hi,
                "output in kW (the plant's capacity at most)",
                &mut p,
            );
            if k == 0 {
                out.solar_file = read;
            } else {
                out.wind_file = read;
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Ok(start), Ok(step_s), Some(climate), Some(lat), Some(lon), Some(zone), Some(redundancy)) =
        (start, step, climate, lat, lon, zone, redundancy)
    else {
        return Err(vec![Diagnostic::at("", "the scenario is incomplete")]);
    };
    let site = Site {
        label: site_spec
            .name
            .clone()
            .or(location.map(|l| l.name.clone()))
            .or(epw_location
                .as_ref()
                .map(|l| format!("{}, {} (EPW)", l.city, l.country)))
            .unwrap_or_else(|| format!("{lat:.2}, {lon:.2}")),
        location_id: location.map(|l| l.id.clone()),
        latitude_deg: lat,
        longitude_deg: lon,
        elevation_m: site_spec
            .elevation_m
            .or(location.map(|l| l.elevation_m))
            .or(epw_location.as_ref().map(|l| l.elevation_m))
            .unwrap_or(0.0),
        utc_offset_h: site_spec
            .utc_offset_h
            .or(location.map(|l| l.utc_offset_h))
            .or(epw_location.as_ref().map(|l| l.utc_offset_h))
            .unwrap_or((lon / 15.0).round()),
        climate,
        weather,
        weather_file: weather_path,
    };
    let (carbon_file, price_file, marginal_file) = grid_files;
    let price_mean = price_file
        .as_ref()
        .map(|p| p.values.iter().sum::<f64>() / p.values.len().max(1) as f64);
    let grid = Grid {
        zone: zone.clone(),
        constant_ci_g_per_kwh: file.grid.carbon_intensity_g_per_kwh,
        price_usd_per_mwh: price_mean
            .or(file.grid.price_usd_per_mwh)
            .unwrap_or(zone.price_usd_per_mwh),
        carbon_file,
        price_file,
        import_limit_kw: file.grid.import_limit_mw.map(|mw| mw * 1_000.0),
        residual_mix_g_per_kwh: file.grid.residual_mix_g_per_kwh.unwrap_or(zone.ci_mean_g_per_kwh),
        marginal_file,
    };
    Ok(RunConfig {
        name: file.name.clone(),
        description: file.description.clone(),
        seed,
        start,
        step_s,
        steps,
        site,
        grid,
        halls,
        redundancy,
        lifetime_years: lifetime,
        training,
        inference,
        heat_reuse,
        supply: supply.unwrap_or_default(),
    })
}

fn check_climate(c: &ClimateSpec, p: &mut impl FnMut(Diagnostic)) -> Option<Climate> {
    let mut ok = true;
    let mut grab = |name: &str, v: &[f64], lo: f64, hi: f64| -> [f64; 12] {
        let mut out = [0.0; 12];
        if v.len() != 12 {
            p(Diagnostic::at(
                format!("site.climate.{name}"),
                format!("expected 12 monthly values (January to December), found {}", v.len()),
            ));
            ok = false;
        } else if let Some(x) = v.iter().find(|x| !(x.is_finite() && (lo..=hi).contains(*x))) {
            p(Diagnostic::at(
                format!("site.climate.{name}"),
                format!("expected values in {lo}..{hi}, found {x}"),
            ));
            ok = false;
        } else {
            out.copy_from_slice(v);
        }
        out
    };
    let climate = Climate {
        temp_mean_c: grab("temp_mean_c", &c.temp_mean_c, -60.0, 50.0),
        temp_max_c: grab("temp_max_c", &c.temp_max_c, -60.0, 60.0),
        temp_min_c: grab("temp_min_c", &c.temp_min_c, -70.0, 50.0),
        rh_mean_pct: grab("rh_mean_pct", &c.rh_mean_pct, 1.0, 100.0),
    };
    if ok && (0..12).any(|m| climate.temp_min_c[m] > climate.temp_max_c[m]) {
        p(Diagnostic::at(
            "site.climate.temp_min_c",
            "a monthly minimum is above that month's maximum",
        )
        .hint("check the order of the arrays: January to December"));
        ok = false;
    }
    ok.then_some(climate)
}

/// The accelerator of a hall that names neither an accelerator nor a server.
pub const DEFAULT_ACCELERATOR: &str = "h100-sxm";

/// Racks one hall may hold: 200,000 racks of HGX H100 draw some 7 GW, beyond any site built
/// or announced, and keep a run's per-rack state well inside a laptop's memory.
const MAX_RACKS_PER_HALL: u32 = 200_000;

fn positive_count(path: String, what: &str, v: i64, p: &mut impl FnMut(Diagnostic)) -> Option<u32> {
    if v >= 1 && v <= i64::from(u32::MAX) {
        Some(v as u32)
    } else {
        p(
            Diagnostic::at(path, format!("expected a positive whole number of {what}, found {v}"))
                .hint(format!("a hall needs at least one of its {what}")),
        );
        None
    }
}

fn check_hall(i: usize, h: &HallSpec, catalog: &Catalog, p: &mut impl FnMut(Diagnostic)) -> Option<Hall> {
    let at = |f: &str| format!("halls.{i}.{f}");
    let server = match (&h.server, &h.accelerator) {
        (Some(id), _) => {
            let found = catalog.server(id);
            if found.is_none() {
                let d = Diagnostic::at(at("server"), format!("unknown server `{id}`"));
                p(match suggest(id, catalog.server_ids()) {
                    Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog servers` lists all")),
                    None => {
                        d.hint("`dctwin catalog servers` lists them; or give only `accelerator` for its default server")
                    }
                });
            }
            found
        }
        (None, Some(acc)) => {
            let found = catalog.accelerator(acc);
            if found.is_none() {
                let d = Diagnostic::at(at("accelerator"), format!("unknown accelerator `{acc}`"));
                p(match suggest(acc, catalog.accelerator_ids()) {
                    Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog accelerators` lists all")),
                    None => d.hint(format!(
                        "`dctwin catalog accelerators` lists them: {}",
                        catalog.accelerator_ids().collect::<Vec<_>>().join(", ")
                    )),
                });
            }
            found.and_then(|a| catalog.server(&a.default_server))
        }
        // The default hall is the baseline's: HGX H100 servers.
        (None, None) => catalog
            .accelerator(DEFAULT_ACCELERATOR)
            .and_then(|a| catalog.server(&a.default_server)),
    };
    let accelerator = server.and_then(|s| catalog.accelerator(&s.accelerator));
    if let (Some(acc), Some(srv)) = (&h.accelerator, server)
        && h.server.is_some()
        && *acc != srv.accelerator
    {
        p(Diagnostic::at(
            at("accelerator"),
            format!("server `{}` carries `{}`, not `{acc}`", srv.id, srv.accelerator),
        )
        .hint("give only `server`, or only `accelerator` for its default server"));
    }
    let racks = positive_count(at("racks"), "racks", h.racks, p).and_then(|r| {
        if r <= MAX_RACKS_PER_HALL {
            Some(r)
        } else {
            p(Diagnostic::at(
                at("racks"),
                format!("expected at most {MAX_RACKS_PER_HALL} racks in one hall, found {r}"),
            )
            .hint("a 100 MW campus is about 2,400 racks of HGX H100; split larger sites into several halls"));
            None
        }
    });
    let per_server = h.accelerators_per_server.map_or(server.map(|s| s.accelerators), |v| {
        positive_count(at("accelerators_per_server"), "accelerators per server", v, p)
    });
    let per_rack = h.servers_per_rack.map_or(server.map(|s| s.servers_per_rack), |v| {
        positive_count(at("servers_per_rack"), "servers per rack", v, p)
    });
    let cooling = check_cooling(i, h, p);
    let profile = match h.utilization.profile.as_str() {
        "constant" => Some(Profile::Constant),
        "training" => Some(Profile::Training),
        "inference" => Some(Profile::Inference),
        other => {
            let mut d = Diagnostic::at(
                at("utilization.profile"),
                format!("unknown profile `{other}`, expected one of {}", PROFILES.join(", ")),
            );
            if let Some(s) = suggest(other, PROFILES.iter().copied()) {
                d = d.hint(format!("did you mean `{s}`?"));
            }
            p(d);
            None
        }
    };
    let mean = h.utilization.mean;
    if !(mean.is_finite() && (0.0..=1.0).contains(&mean)) {
        p(Diagnostic::at(
            at("utilization.mean"),
            format!("expected a utilization between 0 and 1, found {mean}"),
        )
        .hint("utilization is a fraction: 0.7 means accelerators busy 70 % of the time"));
    }
    let variability = h.utilization.variability.unwrap_or(match profile {
        Some(Profile::Constant) | None => 0.0,
        // Per-rack spread of long training jobs: a few percent (data loading, checkpoints).
        Some(Profile::Training) => 0.03,
        // Serving racks see their own request mix on top of the shared demand cycle.
        Some(Profile::Inference) => 0.05,
    });
    if !(variability.is_finite() && (0.0..=0.5).contains(&variability)) {
        p(Diagnostic::at(
            at("utilization.variability"),
            format!("expected a standard deviation between 0 and 0.5, found {variability}"),
        ));
    }
    for (field, v) in [
        ("power_cap_w", h.power_cap_w),
        (
            "measured_system_power_w_per_accelerator",
            h.measured_system_power_w_per_accelerator,
        ),
    ] {
        if let Some(v) = v.filter(|v| !(v.is_finite() && *v > 0.0)) {
            p(Diagnostic::at(
                at(field),
                format!("expected a power in watts above 0, found {v}"),
            ));
        }
    }
    Some(Hall {
        name: h.name.clone().unwrap_or_else(|| format!("hall-{}", i + 1)),
        accelerator: accelerator?.clone(),
        server: server?.clone(),
        accelerators_per_server: per_server?,
        servers_per_rack: per_rack?,
        racks: racks?,
        cooling: cooling?,
        utilization: Utilization {
            profile: profile?,
            mean_frac: mean,
            variability_frac: variability,
        },
        power_cap_w: h.power_cap_w,
        measured_system_power_w_per_accelerator: h.measured_system_power_w_per_accelerator,
        utilization_file: None,
    })
}

/// Precision names for messages.
const PRECISIONS: &[&str] = &["fp32", "tf32", "bf16", "fp8", "int8", "int4"];

fn precision(path: String, name: &str, p: &mut impl FnMut(Diagnostic)) -> Option<Precision> {
    let found = Precision::from_name(name);
    if found.is_none() {
        let mut d = Diagnostic::at(
            path,
            format!("unknown precision `{name}`, expected one of {}", PRECISIONS.join(", ")),
        );
        if let Some(s) = suggest(name, PRECISIONS.iter().copied()) {
            d = d.hint(format!("did you mean `{s}`?"));
        } else {
            d = d.hint("precision = \"bf16\"");
        }
        p(d);
    }
    found
}

fn hall_index(path: String, name: Option<&str>, halls: &[Hall], p: &mut impl FnMut(Diagnostic)) -> Option<usize> {
    match name {
        None => Some(0),
        Some(n) => {
            let found = halls.iter().position(|h| h.name == n);
            if found.is_none() {
                let names: Vec<&str> = halls.iter().map(|h| h.name.as_str()).collect();
                p(Diagnostic::at(path, format!("no hall is named `{n}`"))
                    .hint(format!("halls are: {}", names.join(", "))));
            }
            found
        }
    }
}

fn fraction(path: String, what: &str, v: f64, p: &mut impl FnMut(Diagnostic)) -> Option<f64> {
    if v.is_finite() && v > 0.0 && v <= 1.0 {
        Some(v)
    } else {
        p(Diagnostic::at(
            path,
            format!("expected {what} above 0 and at most 1, found {v}"),
        ));
        None
    }
}

fn duration_h(path: String, text: &str, p: &mut impl FnMut(Diagnostic)) -> Option<f64> {
    match parse_duration_s(text) {
        Ok(s) => Some(s as f64 / 3_600.0),
        Err(e) => {
            p(Diagnostic::at(path, e).hint("durations look like \"30m\", \"3h\""));
            None
        }
    }
}

/// The serving-model view of a hall's accelerator.
pub(crate) fn accelerator_spec(hall: &Hall) -> AcceleratorSpec {
    let a = &hall.accelerator;
    AcceleratorSpec {
        peak: PeakThroughput(a.peak_tflops.to_array()),
        memory_gb: a.memory_gb,
        memory_bw_tb_s: a.memory_bw_tb_s,
    }
}

fn check_workloads(
    file: &ScenarioFile,
    halls: &[Hall],
    start: Option<UtcTime>,
    p: &mut impl FnMut(Diagnostic),
) -> (Vec<TrainingConfig>, Vec<InferenceConfig>) {
    let mut names = std::collections::BTreeSet::new();
    let mut training = Vec::new();
    for (i, t) in file.training.iter().enumerate() {
        let at = |f: &str| format!("training.{i}.{f}");
        if !names.insert(t.name.clone()) {
            p(
                Diagnostic::at(at("name"), format!("workload name `{}` is used twice", t.name))
                    .hint("give each workload its own name"),
            );
        }
        let hall = hall_index(at("hall"), t.hall.as_deref(), halls, p);
        let hall_accelerators = hall.map(|h| halls[h].accelerators());
        let accelerators = match (t.accelerators, hall_accelerators) {
            (n, Some(cap)) if n >= 1 && (n as u64) <= cap => Some(n as u32),
            (n, Some(cap)) if n >= 1 => {
                p(Diagnostic::at(
                    at("accelerators"),
                    format!("the job wants {n} accelerators but its hall has {cap}"),
                )
                .hint("add racks to the hall or shrink the job"));
                None
            }
            (n, _) => {
                p(Diagnostic::at(
                    at("accelerators"),
                    format!("expected a positive whole number of accelerators, found {n}"),
                ));
                None
            }
        };
        let prec = precision(at("precision"), &t.precision, p);
        let mfu = fraction(at("mfu"), "a model FLOPs utilization", t.mfu.unwrap_or(0.40), p);
        let work = match (t.accelerator_hours, t.total_flops) {
            (Some(h), None) if h.is_finite() && h > 0.0 => Some(h),
            (Some(h), None) => {
                p(Diagnostic::at(
                    at("accelerator_hours"),
                    format!("expected accelerator-hours above 0, found {h}"),
                ));
                None
            }
            (None, Some(f)) if f.is_finite() && f > 0.0 => match (hall, prec, mfu) {
                (Some(h), Some(prec), Some(mfu)) => {
                    let (_, peak) = PeakThroughput(halls[h].accelerator.peak_tflops.to_array()).math(prec);
                    Some(f / (peak * 1e12 * mfu * 3_600.0))
                }
                _ => None,
            },
            (None, Some(f)) => {
                p(Diagnostic::at(
                    at("total_flops"),
                    format!("expected FLOPs above 0, found {f}"),
                ));
                None
            }
            _ => {
                p(Diagnostic::at(
                    at("accelerator_hours"),
                    "give the job's size as exactly one of `accelerator_hours` or `total_flops`",
                )
                .hint("accelerator_hours = 100000, or total_flops = 3.14e23 with mfu = 0.4"));
                None
            }
        };
        let parse_time = |f: &str, v: &str, p: &mut dyn FnMut(Diagnostic)| match parse_utc(v) {
            Ok(t) => Some(t),
            Err(e) => {
                p(Diagnostic::at(at(f), e).hint("times look like \"2025-03-01T00:00:00Z\""));
                None
            }
        };
        let earliest = match &t.earliest_start {
            Some(v) => parse_time("earliest_start", v, p),
            None => start,
        };
        let deadline = t.deadline.as_deref().and_then(|v| parse_time("deadline", v, p));
        if let (Some(e), Some(d)) = (earliest, deadline)
            && d <= e
        {
            p(Diagnostic::at(
                at("deadline"),
                format!("the deadline {d} is not after the earliest start {e}"),
            )
            .hint("move the deadline later or the earliest start earlier"));
        }
        let checkpoint = match &t.checkpoint_interval {
            Some(v) => duration_h(at("checkpoint_interval"), v, p),
            None => accelerators
                .map(|n| young_checkpoint_interval_h(DEFAULT_CHECKPOINT_SAVE_H, n, INTERRUPTIONS_PER_ACCELERATOR_HOUR)),
        };
        let restart = match &t.restart {
            Some(v) => duration_h(at("restart"), v, p),
            None => Some(DEFAULT_RESTART_H),
        };
        let utilization = fraction(at("utilization"), "a utilization", t.utilization.unwrap_or(0.95), p);
        if let (
            Some(hall),
            Some(accelerators),
            Some(work),
            Some(earliest_start),
            Some(checkpoint_interval_h),
            Some(restart_h),
            Some(u),
        ) = (hall, accelerators, work, earliest, checkpoint, restart, utilization)
        {
            training.push(TrainingConfig {
                name: t.name.clone(),
                hall,
                accelerators,
                work_accelerator_h: work,
                earliest_start,
                deadline,
                deferrable: t.deferrable,
                checkpoint_interval_h,
                restart_h,
                failures: t.failures,
                utilization_frac: u,
            });
        }
    }

    let mut inference = Vec::new();
    for (i, s) in file.inference.iter().enumerate() {
        let at = |f: &str| format!("inference.{i}.{f}");
        if !names.insert(s.name.clone()) {
            p(
                Diagnostic::at(at("name"), format!("workload name `{}` is used twice", s.name))
                    .hint("give each workload its own name"),
            );
        }
        let hall = hall_index(at("hall"), s.hall.as_deref(), halls, p);
        let prec = precision(at("precision"), &s.precision, p);
        let positive = |f: &str, what: &str, v: f64, p: &mut dyn FnMut(Diagnostic)| {
            if v.is_finite() && v > 0.0 {
                Some(v)
            } else {
                p(Diagnostic::at(at(f), format!("expected {what} above 0, found {v}")));
                None
            }
        };
        let params_b = positive(
            "model_params_b",
            "a model size in billions of parameters",
            s.model_params_b,
            p,
        );
        let rps = if s.requests_per_s.is_finite() && s.requests_per_s >= 0.0 {
            Some(s.requests_per_s)
        } else {
            p(Diagnostic::at(
                at("requests_per_s"),
                format!(
                    "expected a request rate of 0 or more per second, found {}",
                    s.requests_per_s
                ),
            ));
            None
        };
        // Splitwise (Patel et al., ISCA 2024, Azure traces): conversation medians 1,020 prompt
        // and 129 output tokens.
        let prompt = positive("prompt_tokens", "a token count", s.prompt_tokens.unwrap_or(1_020.0), p);
        let output = positive("output_tokens", "a token count", s.output_tokens.unwrap_or(129.0), p);
        let batch = match s.max_batch.unwrap_or(32) {
            b if (1..=4_096).contains(&b) => Some(b as u32),
            b => {
                p(Diagnostic::at(
                    at("max_batch"),
                    format!("expected a batch of 1 to 4096 requests, found {b}"),
                ));
                None
            }
        };
        let latency = positive(
            "latency_budget_ms",
            "a latency budget in ms",
            s.latency_budget_ms.unwrap_or(100.0),
            p,
        );
        let overhead = match s
            .step_overhead_ms
            .unwrap_or(dctwin_workload::OPTIMIZED_STEP_OVERHEAD_S * 1_000.0)
        {
            v if v.is_finite() && v >= 0.0 => Some(v),
            v => {
                p(Diagnostic::at(
                    at("step_overhead_ms"),
                    format!("expected an overhead of 0 ms or more, found {v}"),
                ));
                None
            }
        };
        let profile = match s.demand_profile.as_str() {
            "diurnal" => Some(DemandProfile::Diurnal),
            "constant" => Some(DemandProfile::Constant),
            other => {
                p(Diagnostic::at(
                    at("demand_profile"),
                    format!("unknown demand profile `{other}`, expected diurnal or constant"),
                ));
                None
            }
        };
        let noise = match s.demand_noise.unwrap_or(0.1) {
            v if v.is_finite() && (0.0..=1.0).contains(&v) => Some(v),
            v => {
                p(Diagnostic::at(
                    at("demand_noise"),
                    format!("expected a relative noise between 0 and 1, found {v}"),
                ));
                None
            }
        };
        if !(s.growth_pct_per_year.is_finite() && s.growth_pct_per_year > -100.0) {
            p(Diagnostic::at(
                at("growth_pct_per_year"),
                format!("expected a growth above -100 %, found {}", s.growth_pct_per_year),
            ));
        }
        let sparsity = match s.sparsity.as_str() {
            "none" => Some(Sparsity::None),
            "2:4" => Some(Sparsity::TwoFour),
            other => {
                p(Diagnostic::at(
                    at("sparsity"),
                    format!("unknown sparsity `{other}`, expected `none` or `2:4`"),
                )
                .hint("2:4 is the semi-structured pattern sparse tensor cores run (SparseGPT can prune to it)"));
                None
            }
        };
        let moe = fraction(
            at("moe_active_frac"),
            "an active-parameter share",
            s.moe_active_frac.unwrap_or(1.0),
            p,
        );
        let layer = |flag: bool, v: Option<f64>, default: f64, f: &str, p: &mut dyn FnMut(Diagnostic)| -> Option<f64> {
            match v {
                Some(x) if x.is_finite() && x > 0.0 && x <= 1.0 => Some(x),
                Some(x) => {
                    p(Diagnostic::at(
                        at(f),
                        format!("expected a share of layers above 0 and at most 1, found {x}"),
                    ));
                    None
                }
                None => Some(if flag { default } else { 1.0 }),
            }
        };
        let early = layer(
            s.early_exit,
            s.early_exit_layer_frac,
            EARLY_EXIT_LAYER_FRAC,
            "early_exit_layer_frac",
            p,
        );
        let depth = layer(
            s.dynamic_depth,
            s.dynamic_depth_layer_frac,
            DYNAMIC_DEPTH_LAYER_FRAC,
            "dynamic_depth_layer_frac",
            p,
        );
        let fusion = match s.kernel_fusion_speedup {
            Some(x) if x.is_finite() && (1.0..=10.0).contains(&x) => Some(x),
            Some(x) => {
                p(Diagnostic::at(
                    at("kernel_fusion_speedup"),
                    format!("expected a speedup between 1 and 10, found {x}"),
                ));
                None
            }
            None => Some(if s.kernel_fusion { KERNEL_FUSION_SPEEDUP } else { 1.0 }),
        };
        let (
            Some(hall),
            Some(precision),
            Some(params_b),
            Some(rps),
            Some(prompt),
            Some(output),
            Some(batch),
            Some(latency),
            Some(overhead),
            Some(profile),
            Some(noise),
            Some(sparsity),
            Some(moe),
            Some(early),
            Some(depth),
            Some(fusion),
        ) = (
            hall, prec, params_b, rps, prompt, output, batch, latency, overhead, profile, noise, sparsity, moe, early,
            depth, fusion,
        )
        else {
            continue;
        };
        let levers = Levers {
            active_params_frac: moe,
            sparsity,
            early_exit_layer_frac: early,
            dynamic_depth_layer_frac: depth,
            kernel_fusion_speedup: fusion,
        };
        let config = InferenceConfig {
            name: s.name.clone(),
            hall,
            params_b,
            precision,
            levers,
            requests_per_s: rps,
            prompt_tokens: prompt,
            output_tokens: output,
            max_batch: batch,
            latency_budget_s: latency / 1_000.0,
            step_overhead_s: overhead / 1_000.0,
            demand_profile: profile,
            growth_frac_per_year: s.growth_pct_per_year / 100.0,
            demand_noise_frac: noise,
        };
        let replica = served_model(&config).accelerators_per_replica(&accelerator_spec(&halls[hall]));
        if u64::from(replica) > halls[hall].accelerators() {
            p(Diagnostic::at(
                at("model_params_b"),
                format!(
                    "a {params_b} B-parameter model at {} needs {replica} accelerators per replica; hall `{}` has {}",
                    precision.name(),
                    halls[hall].name,
                    halls[hall].accelerators()
                ),
            )
            .hint("use a lower precision, a smaller model, or a bigger hall"));
            continue;
        }
        inference.push(config);
    }
    (training, inference)
}

/// The serving model of an inference service.
pub fn served_model(c: &InferenceConfig) -> ServedModel {
    ServedModel {
        params_b: c.params_b,
        precision: c.precision,
        levers: c.levers,
        max_batch: c.max_batch,
        prompt_tokens: c.prompt_tokens,
        output_tokens: c.output_tokens,
        step_overhead_s: c.step_overhead_s,
        latency_budget_s: c.latency_budget_s,
    }
}

fn check_cooling(i: usize, h: &HallSpec, p: &mut impl FnMut(Diagnostic)) -> Option<Cooling> {
    let at = |f: &str| format!("halls.{i}.{f}");
    let kind = h.cooling.as_str();
    let known = COOLING_TYPES.iter().any(|(k, _)| *k == kind);
    if !known {
        let names: Vec<&str> = COOLING_TYPES.iter().map(|(k, _)| *k).collect();
        let d = Diagnostic::at(
            at("cooling"),
            format!("unknown cooling `{kind}`, expected one of {}", names.join(", ")),
        );
        p(match suggest(kind, names.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint("`dctwin catalog cooling` describes each type"),
        });
        return None;
    }
    // Options that belong to one cooling type only.
    let mut ok = true;
    for (field, set, owner) in [
        ("pue", h.pue.is_some(), "fixed-pue"),
        ("water_model", h.water_model.is_some(), "air-tower"),
        ("liquid_capture_frac", h.liquid_capture_frac.is_some(), "direct-liquid"),
        ("sea_temp_c", h.sea_temp_c.is_some(), "sea-water"),
    ] {
        if set && kind != owner {
            p(Diagnostic::at(
                at(field),
                format!("`{field}` only applies to cooling = \"{owner}\"; this hall is `{kind}`"),
            )
            .hint(format!("remove `{field}`, or set cooling = \"{owner}\"")));
            ok = false;
        }
    }
    let cooling = match kind {
        "air-chiller" => Cooling::AirChiller,
        "air-tower" => match h.water_model.as_deref().unwrap_or("physics") {
            "physics" => Cooling::AirTower { li2023_water: false },
            "li2023" => Cooling::AirTower { li2023_water: true },
            other => {
                p(Diagnostic::at(
                    at("water_model"),
                    format!("unknown water model `{other}`, expected `physics` or `li2023`"),
                ));
                return None;
            }
        },
        "air-economizer" => Cooling::AirEconomizer,
        "direct-liquid" => match h.liquid_capture_frac.unwrap_or(0.8) {
            f if f.is_finite() && (0.0..=1.0).contains(&f) => Cooling::DirectLiquid { capture_frac: f },
            f => {
                p(Diagnostic::at(
                    at("liquid_capture_frac"),
                    format!("expected a share between 0 and 1, found {f}"),
                )
                .hint("cold plates typically take 0.7–0.95 of a GPU server's heat"));
                return None;
            }
        },
        "immersion-single-phase" => Cooling::ImmersionSinglePhase,
        "immersion-two-phase" => Cooling::ImmersionTwoPhase,
        "sea-water" => match &h.sea_temp_c {
            None => Cooling::SeaWater { temps_c: None },
            Some(t) if t.len() == 12 && t.iter().all(|v| v.is_finite() && (-2.0..=35.0).contains(v)) => {
                let mut a = [0.0; 12];
                a.copy_from_slice(t);
                Cooling::SeaWater { temps_c: Some(a) }
            }
            Some(t) => {
                p(Diagnostic::at(
                    at("sea_temp_c"),
                    format!(
                        "expected 12 monthly sea temperatures in -2..35 °C, found {} values",
                        t.len()
                    ),
                ));
                return None;
            }
        },
        "lake-water" => Cooling::LakeWater,
        _ => match h.pue {
            Some(pue) if pue.is_finite() && (1.0..=5.0).contains(&pue) => Cooling::FixedPue(pue),
            Some(pue) => {
                p(
                    Diagnostic::at(at("pue"), format!("expected a PUE between 1.0 and 5.0, found {pue}"))
                        .hint("PUE = facility energy / IT energy, e.g. pue = 1.10"),
                );
                return None;
            }
            None => {
                p(Diagnostic::at(at("cooling"), "`fixed-pue` cooling needs a `pue`")
                    .hint("add pue = 1.10 to this hall"));
                return None;
            }
        },
    };
    ok.then_some(cooling)
}

fn check_heat_reuse(
    h: &crate::schema::HeatReuseSpec,
    p: &mut impl FnMut(Diagnostic),
) -> Option<crate::config::HeatReuseConfig> {
    let problems = std::cell::RefCell::new(Vec::new());
    let positive = |field: &str, v: Option<f64>, default: f64, lo: f64, hi: f64, what: &str| -> f64 {
        let x = v.unwrap_or(default);
        if !(x.is_finite() && (lo..=hi).contains(&x)) {
            problems.borrow_mut().push(Diagnostic::at(
                format!("heat_reuse.{field}"),
                format!("expected {what} in {lo}..{hi}, found {x}"),
            ));
        }
        x
    };
    let supply_c = positive(
        "supply_temp_c",
        h.supply_temp_c,
        70.0,
        20.0,
        130.0,
        "a supply temperature in °C",
    );
    let pump_capacity_kw = h.heat_pump_capacity_mw.map_or(f64::INFINITY, |mw| {
        positive("heat_pump_capacity_mw", Some(mw), 1.0, 0.0, 1e6, "a capacity in MW") * 1_000.0
    });
    let heat_per_home_kwh = positive(
        "heat_per_home_kwh",
        h.heat_per_home_kwh,
        dctwin_heat::STOCKHOLM_FLAT_HEAT_KWH_PER_YEAR,
        100.0,
        100_000.0,
        "an annual heat per home in kWh",
    );
    let displaced = positive(
        "displaced_g_per_kwh",
        h.displaced_g_per_kwh,
        dctwin_heat::STOCKHOLM_DISPLACED_G_PER_KWH,
        0.0,
        2_000.0,
        "an intensity in gCO2e/kWh",
    );
    // A dctwin assumption: a data centre is paid a fraction of the retail district-heat price
    // (Nordic retail ≈ 80–110 EUR/MWh), as under Stockholm Exergi's Open District Heating.
    let price = positive(
        "price_usd_per_mwh",
        h.price_usd_per_mwh,
        30.0,
        0.0,
        1_000.0,
        "a heat price in USD/MWh",
    );
    let sink = match h.sink.as_str() {
        "district-heating" => {
            for (field, set) in [("demand_mw", h.demand_mw.is_some())] {
                if set {
                    problems.borrow_mut().push(
                        Diagnostic::at(format!("heat_reuse.{field}"), "`demand_mw` is for sink = \"fixed\"; a district-heating network's demand follows the weather")
                            .hint("use annual_demand_mwh and max_take_mw for a network"),
                    );
                }
            }
            let annual = positive(
                "annual_demand_mwh",
                h.annual_demand_mwh,
                500_000.0,
                1.0,
                1e9,
                "an annual demand in MWh",
            );
            let share = positive("hot_water_share", h.hot_water_share, 0.2, 0.0, 1.0, "a share");
            let cap = h.max_take_mw.map_or(f64::INFINITY, |mw| {
                positive("max_take_mw", Some(mw), 1.0, 0.0, 1e6, "a cap in MW") * 1_000.0
            });
            dctwin_heat::HeatSink::District(dctwin_heat::DistrictHeating::new(
                supply_c,
                annual,
                share * annual * 1_000.0 / 8_760.0,
                cap,
            ))
        }
        "fixed" => {
            let Some(mw) = h.demand_mw else {
                p(Diagnostic::at("heat_reuse.sink", "a fixed sink needs `demand_mw`")
                    .hint("demand_mw = 2.0 for a 2 MW greenhouse"));
                return None;
            };
            let mw = positive("demand_mw", Some(mw), 1.0, 0.0, 1e6, "a demand in MW");
            dctwin_heat::HeatSink::Fixed {
                supply_c,
                demand_kw: mw * 1_000.0,
            }
        }
        other => {
            let d = Diagnostic::at(
                "heat_reuse.sink",
                format!("unknown heat sink `{other}`, expected `district-heating` or `fixed`"),
            );
            p(match suggest(other, ["district-heating", "fixed"]) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("sink = \"district-heating\""),
            });
            return None;
        }
    };
    let problems = problems.into_inner();
    let ok = problems.is_empty();
    for d in problems {
        p(d);
    }
    ok.then_some(crate::config::HeatReuseConfig {
        sink,
        pump_capacity_kw,
        pump_in_facility: h.heat_pump_in_facility.unwrap_or(true),
        heat_per_home_kwh,
        displaced_g_per_kwh: displaced,
        price_usd_per_mwh: price,
    })
}

type SignalFile = Option<std::sync::Arc<dctwin_grid::HourlySignal>>;

/// Reads the grid's signal files and checks they cover the run.
fn check_grid_files(
    g: &crate::schema::GridSpec,
    base_dir: &std::path::Path,
    window: Option<(UtcTime, u64, usize)>,
    p: &mut impl FnMut(Diagnostic),
) -> (SignalFile, SignalFile, SignalFile) {
    let basis = match g.carbon_basis.as_deref().unwrap_or("lifecycle") {
        "lifecycle" => dctwin_grid::CarbonBasis::Lifecycle,
        "direct" => dctwin_grid::CarbonBasis::Direct,
        other => {
            p(Diagnostic::at(
                "grid.carbon_basis",
                format!("expected `lifecycle` or `direct`, found `{other}`"),
            ));
            dctwin_grid::CarbonBasis::Lifecycle
        }
    };
    if g.electricity_maps_csv.is_some() && (g.carbon_csv.is_some() || g.carbon_intensity_g_per_kwh.is_some()) {
        p(Diagnostic::at(
            "grid.electricity_maps_csv",
            "give one carbon source: an Electricity Maps file, a carbon CSV or a constant",
        )
        .hint("remove carbon_csv or carbon_intensity_g_per_kwh"));
    }
    let mut load = |field: &str,
                    path: &Option<String>,
                    parse: &dyn Fn(&str) -> Result<dctwin_grid::HourlySignal, dctwin_grid::SignalError>|
     -> SignalFile {
        read_signal_file(&format!("grid.{field}"), path.as_deref()?, base_dir, window, parse, p)
    };
    let carbon = load("electricity_maps_csv", &g.electricity_maps_csv, &|t| {
        dctwin_grid::read_electricity_maps_csv(t, basis)
    });
    // Generic files hold any number: each signal's own range applies (the same as the
    // scenario field it replaces).
    let intensity = (
        0.0,
        dctwin_grid::MAX_INTENSITY_G_PER_KWH,
        "carbon intensities in gCO2e/kWh",
    );
    let mut bounded = |field: &str, path: &Option<String>, (lo, hi, what): (f64, f64, &str)| -> SignalFile {
        read_bounded_file(
            &format!("grid.{field}"),
            path.as_deref()?,
            base_dir,
            window,
            lo,
            hi,
            what,
            p,
        )
    };
    let carbon = carbon.or_else(|| bounded("carbon_csv", &g.carbon_csv, intensity));
    let price = bounded(
        "price_csv",
        &g.price_csv,
        (-1_000.0, 20_000.0, "energy prices in USD/MWh"),
    );
    let marginal = bounded("marginal_csv", &g.marginal_csv, intensity);
    (carbon, price, marginal)
}

/// Reads one `time,value` signal file (path relative to the scenario) and checks it covers the
/// run; problems are reported at the field `at`.
fn read_signal_file(
    at: &str,
    rel: &str,
    base_dir: &std::path::Path,
    window: Option<(UtcTime, u64, usize)>,
    parse: &dyn Fn(&str) -> Result<dctwin_grid::HourlySignal, dctwin_grid::SignalError>,
    p: &mut impl FnMut(Diagnostic),
) -> SignalFile {
    let full = base_dir.join(rel);
    let text = match dctwin_core::read_text(&full) {
        Ok(t) => t,
        Err(e) => {
            p(Diagnostic::at(at, format!("cannot read {}: {e}", full.display()))
                .hint("the path is relative to the scenario file"));
            return None;
        }
    };
    let signal = match parse(&text) {
        Ok(s) => s,
        Err(e) => {
            p(Diagnostic::at(at, format!("{}:{}:{}: {}", full.display(), e.line, e.column, e.message))
                .hint("Electricity Maps exports have `Datetime (UTC)` and carbon-intensity columns; generic files `time,value`"));
            return None;
        }
    };
    if let Some((start, step_s, steps)) = window
        && let Err(why) = signal.series(start, step_s, steps)
    {
        p(Diagnostic::at(at, format!("{}: {why}", full.display()))
            .hint("set time.start and time.duration inside the file's period"));
        return None;
    }
    Some(std::sync::Arc::new(signal))
}

/// Reads a generic signal file whose every value must lie in `lo..=hi` (`what` names them).
#[expect(clippy::too_many_arguments, reason = "a file, its window, its range and the sink")]
fn read_bounded_file(
    at: &str,
    rel: &str,
    base_dir: &std::path::Path,
    window: Option<(UtcTime, u64, usize)>,
    lo: f64,
    hi: f64,
    what: &str,
    p: &mut impl FnMut(Diagnostic),
) -> SignalFile {
    let signal = read_signal_file(at, rel, base_dir, window, &dctwin_grid::read_generic_csv, p)?;
    if let Some((hour, v)) = signal.values.iter().enumerate().find(|(_, v)| !(lo..=hi).contains(*v)) {
        p(Diagnostic::at(
            at,
            format!("{rel}: hour {hour} of the file holds {v}; expected {what} in {lo}..{hi}"),
        )
        .hint(format!("the file's values are {what}")));
        return None;
    }
    Some(signal)
}

/// Turbine models a scenario can name.
pub const WIND_MODELS: [&str; 3] = [
    dctwin_wind::CATALOG_TURBINES[0].0,
    dctwin_wind::CATALOG_TURBINES[1].0,
    dctwin_wind::CATALOG_TURBINES[2].0,
];

/// Checks `[supply]`.
fn check_supply(
    s: &crate::schema::SupplySpec,
    catalog: &Catalog,
    site: Option<&dctwin_catalog::Location>,
    has_weather_file: bool,
    latitude_deg: f64,
    p: &mut impl FnMut(Diagnostic),
) -> Option<crate::config::Supply> {
    use crate::config::{BatteryConfig, BatteryPolicy, PpaConfig, PpaKind, SolarConfig, Supply, WindConfig};
    let problems = std::cell::RefCell::new(Vec::new());
    let bad = |path: String, msg: String| problems.borrow_mut().push(Diagnostic::at(path, msg));
    let in_range = |path: &str, v: f64, lo: f64, hi: f64, what: &str| -> f64 {
        if !(v.is_finite() && (lo..=hi).contains(&v)) {
            bad(path.to_string(), format!("expected {what} in {lo}..{hi}, found {v}"));
        }
        v
    };
    let solar = |at: &str, capacity_mw: f64, spec: Option<&crate::schema::SolarSpec>, lat: f64| SolarConfig {
        capacity_kw_dc: in_range(
            &format!("{at}.capacity_mw_dc"),
            capacity_mw,
            0.0,
            100_000.0,
            "a capacity in MW",
        ) * 1_000.0,
        tilt_deg: in_range(
            &format!("{at}.tilt_deg"),
            spec.and_then(|s| s.tilt_deg).unwrap_or(lat.abs().min(40.0)),
            0.0,
            90.0,
            "a tilt in degrees",
        ),
        azimuth_deg: in_range(
            &format!("{at}.azimuth_deg"),
            spec.and_then(|s| s.azimuth_deg)
                .unwrap_or(if lat >= 0.0 { 180.0 } else { 0.0 }),
            0.0,
            360.0,
            "an azimuth in degrees",
        ),
        dc_ac_ratio: in_range(
            &format!("{at}.dc_ac_ratio"),
            spec.and_then(|s| s.dc_ac_ratio).unwrap_or(1.2),
            0.5,
            3.0,
            "a DC/AC ratio",
        ),
        clear_sky: spec.is_some_and(|s| s.clear_sky),
    };
    let wind_model = |at: &str, model: Option<&String>| -> String {
        let m = model.cloned().unwrap_or_else(|| "generic-3mw".into());
        if !WIND_MODELS.contains(&m.as_str()) {
            let hint =
                suggest(&m, WIND_MODELS.iter().copied()).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            bad(
                format!("{at}.model"),
                format!(
                    "unknown turbine `{m}`, expected one of {}{hint}",
                    WIND_MODELS.join(", ")
                ),
            );
        }
        m
    };
    let out = Supply {
        solar: s.solar.as_ref().map(|sp| solar("supply.solar", sp.capacity_mw_dc, Some(sp), latitude_deg)),
        wind: s.wind.as_ref().map(|w| {
            let turbines = if (1..=10_000).contains(&w.turbines) {
                w.turbines as u32
            } else {
                bad("supply.wind.turbines".into(), format!("expected 1 to 10,000 turbines, found {}", w.turbines));
                1
            };
            if let Some(h) = w.hub_height_m {
                in_range("supply.wind.hub_height_m", h, 10.0, 300.0, "a hub height in m");
            }
            WindConfig { turbines, model: wind_model("supply.wind", w.model.as_ref()), hub_height_m: w.hub_height_m }
        }),
        battery: s.battery.as_ref().map(|b| BatteryConfig {
            energy_kwh: in_range("supply.battery.energy_mwh", b.energy_mwh, 0.001, 1e6, "an energy in MWh") * 1_000.0,
            power_kw: in_range("supply.battery.power_mw", b.power_mw, 0.001, 1e6, "a power in MW") * 1_000.0,
            policy: match b.policy.as_deref().unwrap_or("self-consumption") {
                "self-consumption" => BatteryPolicy::SelfConsumption,
                "carbon-aware" => BatteryPolicy::CarbonAware,
                "price-arbitrage" => BatteryPolicy::PriceArbitrage,
                "peak-shaving" => BatteryPolicy::PeakShaving,
                other => {
                    bad("supply.battery.policy".into(), format!("unknown policy `{other}`, expected self-consumption, carbon-aware, price-arbitrage or peak-shaving"));
                    BatteryPolicy::SelfConsumption
                }
            },
            round_trip_efficiency: in_range("supply.battery.round_trip_efficiency", b.round_trip_efficiency.unwrap_or(dctwin_storage::DEFAULT_ROUND_TRIP_EFFICIENCY), 0.3, 1.0, "an efficiency"),
            soc_min_frac: in_range("supply.battery.soc_min_pct", b.soc_min_pct.unwrap_or(100.0 * dctwin_storage::DEFAULT_SOC_MIN_FRAC), 0.0, 99.0, "a state of charge in %") / 100.0,
            soc_max_frac: {
                let lo = b.soc_min_pct.unwrap_or(100.0 * dctwin_storage::DEFAULT_SOC_MIN_FRAC);
                let hi = b.soc_max_pct.unwrap_or(100.0 * dctwin_storage::DEFAULT_SOC_MAX_FRAC);
                if hi <= lo {
                    bad("supply.battery.soc_max_pct".into(), format!("expected a state of charge above soc_min_pct ({lo} %), found {hi} %"));
                }
                in_range("supply.battery.soc_max_pct", hi, 1.0, 100.0, "a state of charge in %") / 100.0
            },
            self_discharge_per_day_frac: in_range("supply.battery.self_discharge_pct_per_day", b.self_discharge_pct_per_day.unwrap_or(100.0 * dctwin_storage::DEFAULT_SELF_DISCHARGE_PER_DAY_FRAC), 0.0, 10.0, "a share of the stored energy per day in %") / 100.0,
            fade_per_cycle_frac: in_range("supply.battery.fade_pct_per_cycle", b.fade_pct_per_cycle.unwrap_or(100.0 * dctwin_storage::DEFAULT_FADE_PER_CYCLE_FRAC), 0.0, 1.0, "a share of nameplate per full cycle in %") / 100.0,
        }),
        ppas: s
            .ppa
            .iter()
            .enumerate()
            .filter_map(|(i, ppa)| {
                let at = format!("supply.ppa.{i}");
                let location = if let Some(id) = &ppa.location {
                    let l = catalog.location(id);
                    if l.is_none() {
                        let hint = suggest(id, catalog.location_ids()).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                        bad(format!("{at}.location"), format!("unknown location `{id}`{hint}"));
                    }
                    l
                } else {
                    if site.is_none() {
                        bad(format!("{at}.location"), "a PPA needs a catalog `location` when the site has none".into());
                    }
                    site
                }?;
                let kind = match ppa.kind.as_str() {
                    "solar" => PpaKind::Solar(solar(&at, ppa.capacity_mw, None, location.latitude_deg)),
                    "wind" => {
                        // A wind PPA in MW is a farm of generic 3 MW turbines.
                        let mw = in_range(&format!("{at}.capacity_mw"), ppa.capacity_mw, 0.0, 100_000.0, "a capacity in MW");
                        PpaKind::Wind(WindConfig { turbines: (mw / 3.0).round().max(1.0) as u32, model: "generic-3mw".into(), hub_height_m: None })
                    }
                    other => {
                        bad(format!("{at}.kind"), format!("unknown PPA kind `{other}`, expected `solar` or `wind`"));
                        return None;
                    }
                };
                Some(PpaConfig { kind, location: location.clone() })
            })
            .collect(),
        certificates_mwh: in_range("supply.certificates_mwh", s.certificates_mwh.unwrap_or(0.0), 0.0, 1e9, "certificates in MWh"),
        export: s.export.unwrap_or(true),
        export_price_usd_per_mwh: in_range("supply.export_price_usd_per_mwh", s.export_price_usd_per_mwh.unwrap_or(0.0), -1_000.0, 1_000.0, "a price"),
        solar_file: None,
        wind_file: None,
    };
    let has_generation = out.solar.is_some() || out.wind.is_some();
    if has_generation && site.is_none() && !has_weather_file {
        bad("supply".into(), "on-site solar and wind need the site's irradiance and wind: give `site.location` from the catalog or a `site.weather_file`".into());
    }
    let problems = problems.into_inner();
    let ok = problems.is_empty();
    for d in problems {
        p(d.hint("see the README's [supply] section"));
    }
    ok.then_some(out)
}
