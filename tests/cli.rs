//! The `dctwin` command line as a user runs it: files, exit codes, messages, determinism.

mod common;

use std::path::Path;

use common::{dctwin, root, scratch, shipped_scenarios, stderr};
use polars::prelude::SerReader as _;

/// A short variant of the baseline, for tests that need a run but not a year.
fn short_baseline(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    let path = dir.join("short.toml");
    std::fs::write(
        &path,
        text.replace("duration = \"365d\"", "duration = \"14d\"")
            .replace("name = \"baseline\"", "name = \"short\""),
    )
    .unwrap();
    path
}

#[test]
fn run_writes_every_output_file() {
    let dir = scratch("cli-run");
    let scenario = root().join("scenarios/baseline.toml");
    let out = dir.join("out");
    let o = dctwin(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--csv",
            "--quiet",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let run = out.join("baseline");
    for f in [
        "summary.json",
        "timeseries.parquet",
        "timeseries.csv",
        "manifest.json",
        "charts/facility_power.png",
        "charts/facility_power.svg",
        "charts/monthly_energy.png",
        "charts/monthly_energy.svg",
    ] {
        let meta = std::fs::metadata(run.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(meta.len() > 100, "{f} is too small");
    }
    // No temporary files left behind.
    for entry in std::fs::read_dir(&run)
        .unwrap()
        .chain(std::fs::read_dir(run.join("charts")).unwrap())
    {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains("partial"), "{name}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    for key in [
        "scenario",
        "seed",
        "steps",
        "step_s",
        "it_energy_mwh",
        "cooling_energy_mwh",
        "power_loss_energy_mwh",
        "facility_energy_mwh",
        "pue",
        "peak_facility_mw",
        "grid_import_mwh",
        "grid_export_mwh",
        "onsite_renewable_mwh",
        "curtailed_mwh",
        "water_m3",
        "wue_l_per_kwh",
        "heat_recovered_mwh",
        "heat_reused_mwh",
        "erf",
        "cfe_hourly_pct",
        "operational_tco2e",
        "market_tco2e",
        "embodied_tco2e",
        "total_tco2e",
        "energy_cost_usd",
    ] {
        assert!(summary.get(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(summary["steps"], 35_040);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], summary["seed"]);
    assert_eq!(manifest["scenario_hash_fnv1a64"].as_str().unwrap().len(), 16);
    // The Parquet file reads back with one row per step and the contract's columns.
    let file = std::fs::File::open(run.join("timeseries.parquet")).unwrap();
    let df = polars::prelude::ParquetReader::new(file).finish().unwrap();
    assert_eq!(df.height(), 35_040);
    for col in [
        "time_utc",
        "it_power_kw",
        "cooling_power_kw",
        "facility_power_kw",
        "pue",
        "outdoor_temp_c",
        "outdoor_rh_pct",
        "wet_bulb_c",
        "grid_ci_g_per_kwh",
        "grid_import_kw",
        "water_l",
        "co2_kg",
    ] {
        assert!(df.column(col).is_ok(), "timeseries.parquet lacks {col}");
    }
}

#[test]
fn same_seed_gives_byte_identical_outputs() {
    let dir = scratch("cli-determinism");
    let scenario = short_baseline(&dir);
    let run = |out: &str, seed: &str| {
        let o = dctwin(
            &[
                "run",
                scenario.to_str().unwrap(),
                "--out",
                out,
                "--seed",
                seed,
                "--quiet",
            ],
            &dir,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let read = |f: &str| std::fs::read(dir.join(out).join("short").join(f)).unwrap();
        (
            read("timeseries.parquet"),
            read("summary.json"),
            read("charts/facility_power.svg"),
        )
    };
    let a = run("a", "7");
    let b = run("b", "7");
    assert!(a.0 == b.0, "timeseries.parquet differs between identical runs");
    assert!(a.1 == b.1, "summary.json differs between identical runs");
    assert!(a.2 == b.2, "facility_power.svg differs between identical runs");
    let c = run("c", "8");
    assert!(a.0 != c.0, "another seed should give other weather");
}

#[test]
fn set_overrides_change_the_run() {
    let dir = scratch("cli-set");
    let scenario = short_baseline(&dir);
    let o = dctwin(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            "o",
            "--quiet",
            "--set",
            "halls.0.racks=10",
            "--set",
            "name=tiny",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("o/tiny/summary.json")).unwrap()).unwrap();
    assert_eq!(s["racks"], 10);
    assert_eq!(s["accelerators"], 320);
}

#[test]
fn validate_and_catalog() {
    let dir = scratch("cli-validate");
    let o = dctwin(
        &[
            "validate",
            "scenarios/baseline.toml",
            "scenarios/validation/gpt3-patterson2021.toml",
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("ok: scenarios/baseline.toml") && text.contains("35040 steps"),
        "{text}"
    );
    for section in ["accelerators", "locations", "cooling", "grids"] {
        let o = dctwin(&["catalog", section], &dir);
        assert!(o.status.success());
        assert!(o.stdout.len() > 100, "{section}");
    }
    let o = dctwin(&["catalog", "locations"], &dir);
    assert!(String::from_utf8_lossy(&o.stdout).contains("stockholm"));
    // Turbines are in the catalog, as tables and as JSON (every entry with its source).
    let o = dctwin(&["catalog", "turbines"], &dir);
    assert!(String::from_utf8_lossy(&o.stdout).contains("iea-15mw"));
    let o = dctwin(&["catalog", "--json"], &dir);
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for section in ["accelerators", "servers", "locations", "cooling", "grids", "turbines"] {
        assert!(json[section].as_array().is_some_and(|a| !a.is_empty()), "{section}");
    }
    assert!(
        json["accelerators"][0]["power_source"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    let names: Vec<&str> = json["turbines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert_eq!(names, dctwin_scenario::WIND_MODELS);
}

/// `dctwin new` writes a commented starter that validates and runs, refuses to overwrite, and
/// refuses a misspelt option with the usual hint; `validate --resolved` prints a scenario that
/// loads; `dctwin schema` prints the shipped schema and reference.
#[test]
fn new_resolved_and_schema() {
    let dir = scratch("cli-new");
    let o = dctwin(
        &[
            "new",
            "lulea",
            "--location",
            "stockholm",
            "--cooling",
            "direct-liquid",
            "--racks",
            "4",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("lulea.toml")).unwrap();
    assert!(text.contains("location = \"stockholm\"") && text.contains("cooling = \"direct-liquid\""));
    assert!(text.contains("# [supply.battery]"), "optional sections are offered");
    let o = dctwin(
        &[
            "run",
            "lulea.toml",
            "--quiet",
            "--set",
            "time.duration=1d",
            "--out",
            "out",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = dctwin(&["new", "lulea"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("exists") && stderr(&o).contains("hint:"));
    let o = dctwin(&["new", "x", "--location", "stokholm"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `stockholm`?"), "{}", stderr(&o));
    assert!(!dir.join("x.toml").exists());
    // --resolved: every default written out; the printed scenario loads and runs the same.
    let o = dctwin(&["validate", "--resolved", "lulea.toml"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        printed.contains("liquid_capture_frac = 0.8") && printed.contains("redundancy = \"2N\""),
        "{printed}"
    );
    let again = dctwin_scenario::load_str(&printed, &dir.join("lulea.toml"), &[], None).unwrap();
    assert!(again.config.defaults.is_empty());
    // The schema and the reference are the shipped ones.
    let o = dctwin(&["schema"], &dir);
    let shipped = std::fs::read_to_string(root().join("docs/scenario.schema.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), shipped);
    let o = dctwin(&["schema", "--reference", "--out", "ref.md"], &dir);
    assert!(o.status.success());
    let shipped = std::fs::read_to_string(root().join("docs/scenario-reference.md")).unwrap();
    assert_eq!(std::fs::read_to_string(dir.join("ref.md")).unwrap(), shipped);
}

/// Ten (and more) kinds of bad input: each exits 2 with `file:line:column` (or the `--set`),
/// the dotted path, what was expected, and a hint.
#[test]
fn bad_input_gets_a_clear_error_and_exit_code_2() {
    let dir = scratch("cli-bad");
    let good = "name = \"x\"\n[site]\nlocation = \"oslo\"\n[[halls]]\naccelerator = \"h100-sxm\"\nracks = 3\n";
    let cases: &[(&str, String, &[&str], &str)] = &[
        (
            "unknown field",
            good.replace("racks = 3", "racks = 3\ncolour = \"red\""),
            &[],
            "bad.toml:7:1: `halls.0.colour`: unknown field",
        ),
        (
            "wrong type",
            good.replace("racks = 3", "racks = \"three\""),
            &[],
            "bad.toml:6:9: `halls.0.racks`: found text \"three\", expected a whole number",
        ),
        (
            "negative count",
            good.replace("racks = 3", "racks = -3"),
            &[],
            "bad.toml:6:9: `halls.0.racks`: expected a whole number in 1..200000 (racks in the hall), found -3",
        ),
        (
            "step longer than window",
            format!("{good}[time]\nduration = \"1h\"\nstep = \"2h\"\n"),
            &[],
            "bad.toml:9:8: `time.step`: the step (2h) is longer than the whole window (1h)",
        ),
        (
            "unknown location",
            good.replace("oslo", "olso"),
            &[],
            "bad.toml:3:12: `site.location`: unknown location `olso`",
        ),
        (
            "unknown accelerator",
            good.replace("h100-sxm", "h100-smx"),
            &[],
            "`halls.0.accelerator`: unknown accelerator `h100-smx`",
        ),
        (
            "syntax error",
            good.replace("racks = 3", "racks = = 3"),
            &[],
            "bad.toml:6:",
        ),
        (
            "utilization above 1",
            good.replace("racks = 3", "racks = 3\nutilization = { mean = 1.5 }"),
            &[],
            "`halls.0.utilization.mean`: expected a number in 0..1 (mean accelerator utilization, a share of peak), found 1.5",
        ),
        (
            "bad duration unit",
            format!("{good}[time]\nduration = \"365x\"\n"),
            &[],
            "`time.duration`: unknown unit `x`",
        ),
        (
            "duration not whole steps",
            format!("{good}[time]\nduration = \"10m\"\nstep = \"3m\"\n"),
            &[],
            "`time.duration`: 10m is not a whole number of 3m steps",
        ),
        (
            "fixed pue without pue",
            good.replace("racks = 3", "racks = 3\ncooling = \"fixed-pue\""),
            &[],
            "`halls.0.cooling`: `fixed-pue` cooling needs a `pue`",
        ),
        (
            "unknown cooling",
            good.replace("racks = 3", "racks = 3\ncooling = \"air-chiler\""),
            &[],
            "did you mean `air-chiller`?",
        ),
        (
            "missing halls",
            "name = \"x\"\n[site]\nlocation = \"oslo\"\n".into(),
            &[],
            "missing field `halls`",
        ),
        (
            "bad --set path",
            good.into(),
            &["--set", "halls.4.racks=2"],
            "--set halls.4.racks=2",
        ),
        (
            "bad --set value",
            good.into(),
            &["--set", "halls.0.racks=-1"],
            "--set halls.0.racks=-1",
        ),
        (
            "unknown grid zone",
            format!("{good}[grid]\nzone = \"XX\"\n"),
            &[],
            "`grid.zone`: unknown grid zone `XX`",
        ),
        (
            "more racks than fit in memory",
            good.into(),
            &["--set", "halls.0.racks=100000000"],
            "`halls.0.racks`: expected a whole number in 1..200000",
        ),
        (
            "latitude off the globe (a field-specific default hint)",
            "name = \"x\"\n[site]\nlatitude_deg = 95\nlongitude_deg = 8\n[site.climate]\ntemp_mean_c = [0,0,0,0,0,0,0,0,0,0,0,0]\ntemp_max_c = [5,5,5,5,5,5,5,5,5,5,5,5]\ntemp_min_c = [-5,-5,-5,-5,-5,-5,-5,-5,-5,-5,-5,-5]\nrh_mean_pct = [80,80,80,80,80,80,80,80,80,80,80,80]\n[[halls]]\nracks = 3\n".into(),
            &[],
            "hint: site.latitude_deg = 59.3",
        ),
        (
            "negative output tokens",
            format!("{good}[[inference]]\nname = \"chat\"\nmodel_params_b = 70\nrequests_per_s = 10\noutput_tokens = -5\n"),
            &[],
            "`inference.0.output_tokens`",
        ),
    ];
    for (what, text, extra, expected) in cases {
        let path = dir.join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let mut args = vec!["run", "bad.toml", "--quiet"];
        args.extend_from_slice(extra);
        let o = dctwin(&args, &dir);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{what}: exit code; stderr:\n{err}");
        assert!(err.contains(expected), "{what}: expected `{expected}` in:\n{err}");
        assert!(err.contains("hint:"), "{what}: no hint in:\n{err}");
        assert!(!err.contains("panicked"), "{what}: panic:\n{err}");
    }
    // A short file is a valid scenario: name from the file, the baseline's site and servers.
    std::fs::write(
        dir.join("tiny.toml"),
        "[[halls]]\nracks = 2\n[time]\nduration = \"1d\"\n",
    )
    .unwrap();
    let o = dctwin(&["run", "tiny.toml", "--quiet", "--out", "out"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = std::fs::read_to_string(dir.join("out/tiny/report.html")).unwrap();
    assert!(
        report.contains("<code>site.location</code>") && report.contains("<code>halls.0.accelerator</code>"),
        "defaults listed"
    );
    // An unreadable file.
    let o = dctwin(&["run", "does-not-exist.toml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does-not-exist.toml: cannot read the scenario file"));
    // validate reports the same problems.
    std::fs::write(dir.join("bad.toml"), good.replace("racks = 3", "racks = 0")).unwrap();
    let o = dctwin(&["validate", "bad.toml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`halls.0.racks`"));
}

#[test]
fn every_shipped_scenario_validates() {
    let files = shipped_scenarios();
    assert!(files.len() >= 2);
    for f in files {
        let o = dctwin(&["validate", f.to_str().unwrap()], &root());
        assert!(o.status.success(), "{}: {}", f.display(), stderr(&o));
    }
}
