//! A result is never lost and never wrong: runs replace their folder whole or not at all, a
//! different run is not overwritten silently, and every input that cannot give a finite,
//! physical answer is refused up front (exit 2 with a hint) instead of a wrong success, a late
//! failure, a panic or an abort. Each test is named after what it guards.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{dctwin, root, scratch, stderr};

/// A baseline cut to `days`, named `name`, written into `dir`.
fn baseline(dir: &Path, name: &str, days: u32) -> PathBuf {
    let text = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(
        &path,
        text.replace("duration = \"365d\"", &format!("duration = \"{days}d\""))
            .replace("name = \"baseline\"", &format!("name = \"{name}\"")),
    )
    .unwrap();
    path
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Checks that `dir` is one complete result: its manifest lists exactly the files there, and
/// the summary belongs to the manifest's seed. Returns the seed.
fn complete_result(dir: &Path) -> u64 {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("a manifest")).unwrap();
    let mut listed: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    listed.push("manifest.json".into());
    listed.sort();
    let mut found: Vec<String> = snapshot(dir).keys().map(|p| p.to_string_lossy().into_owned()).collect();
    found.sort();
    assert_eq!(
        found,
        listed,
        "{} holds other files than its manifest lists",
        dir.display()
    );
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["seed"], manifest["seed"],
        "summary and manifest from different runs"
    );
    manifest["seed"].as_u64().unwrap()
}

/// Names in `dir` other than results and their lock files.
fn strays(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let ext = Path::new(n).extension().and_then(|e| e.to_str()).unwrap_or("");
            !["lock", "toml"].contains(&ext) && n != "run"
        })
        .collect()
}

#[test]
fn a_different_run_is_not_replaced_without_force() {
    let dir = scratch("integrity-different");
    let scenario = baseline(&dir, "run", 2);
    let s = scenario.to_str().unwrap();
    let first = dctwin(&["run", s, "--out", ".", "-q"], &dir);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&dir.join("run"));
    // Same run again: replaced without a word.
    let again = dctwin(&["run", s, "--out", ".", "-q"], &dir);
    assert!(again.status.success(), "{}", stderr(&again));
    // Another seed: refused before simulating, the old result untouched.
    let other = dctwin(&["run", s, "--out", ".", "-q", "--seed", "2"], &dir);
    assert_eq!(other.status.code(), Some(2), "{}", stderr(&other));
    let message = stderr(&other);
    assert!(
        message.contains("holds a different run") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(snapshot(&dir.join("run")), before);
    // `validate --out` says the same before anything runs.
    let v = dctwin(&["validate", s, "--out", ".", "--set", "seed=2"], &dir);
    assert_eq!(v.status.code(), Some(2), "{}", stderr(&v));
    // With --force it is replaced.
    let forced = dctwin(&["run", s, "--out", ".", "-q", "--seed", "2", "--force"], &dir);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(complete_result(&dir.join("run")), 2);
}

#[test]
fn a_failed_rerun_leaves_the_old_result_byte_identical() {
    // The reproducer: a rerun with another seed and an intensity of 1e308 used to
    // fail at a chart after replacing the summary.
    let dir = scratch("integrity-failed-rerun");
    let scenario = baseline(&dir, "run", 2);
    let s = scenario.to_str().unwrap();
    let first = dctwin(&["run", s, "--out", ".", "-q"], &dir);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&dir.join("run"));
    let bad = dctwin(
        &[
            "run",
            s,
            "--out",
            ".",
            "-q",
            "--force",
            "--seed",
            "2",
            "--set",
            "grid.carbon_intensity_g_per_kwh=1e308",
        ],
        &dir,
    );
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("grid.carbon_intensity_g_per_kwh"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(snapshot(&dir.join("run")), before);
    assert!(strays(&dir).is_empty(), "{:?}", strays(&dir));
}

#[test]
fn a_rerun_with_fewer_outputs_leaves_no_stale_files() {
    let dir = scratch("integrity-stale");
    let scenario = baseline(&dir, "run", 2);
    let s = scenario.to_str().unwrap();
    let with_csv = dctwin(&["run", s, "--out", ".", "-q", "--csv"], &dir);
    assert!(with_csv.status.success(), "{}", stderr(&with_csv));
    assert!(dir.join("run/timeseries.csv").exists());
    std::fs::write(dir.join("run/notes-from-an-old-version.txt"), "stale").unwrap();
    let without = dctwin(&["run", s, "--out", ".", "-q", "--force"], &dir);
    assert!(without.status.success(), "{}", stderr(&without));
    assert!(!dir.join("run/timeseries.csv").exists());
    complete_result(&dir.join("run"));
}

#[test]
fn two_runs_into_one_folder_give_one_result_and_one_refusal() {
    let dir = scratch("integrity-concurrent");
    let scenario = baseline(&dir, "run", 7);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_dctwin"))
            .args(["run", scenario.to_str().unwrap(), "--out", ".", "-q"])
            .current_dir(&dir)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort_unstable();
    assert_eq!(codes, [Some(0), Some(1)], "{}\n{}", stderr(&a), stderr(&b));
    let refusal = if a.status.success() { stderr(&b) } else { stderr(&a) };
    assert!(refusal.contains("being written by another dctwin process"), "{refusal}");
    assert!(refusal.contains("hint:"), "{refusal}");
    complete_result(&dir.join("run"));
    assert!(strays(&dir).is_empty(), "{:?}", strays(&dir));
}

#[test]
fn killed_runs_leave_the_old_or_the_new_folder_whole() {
    let dir = scratch("integrity-kill");
    let scenario = baseline(&dir, "run", 7);
    let s = scenario.to_str().unwrap();
    let started = Instant::now();
    let first = dctwin(&["run", s, "--out", ".", "-q"], &dir);
    assert!(first.status.success(), "{}", stderr(&first));
    let full = started.elapsed();
    // Kills spread from just after the start to just past the end of a run, by a fixed
    // sequence so the test is reproducible; each one is checked at once.
    let mut hits_while_writing = 0;
    let mut current = 1;
    for k in 0..20_u32 {
        let seed = 100 + u64::from(k);
        let delay = full.mul_f64(0.05 + 1.0 * f64::from((k * 7) % 20) / 19.0);
        let mut child = Command::new(env!("CARGO_BIN_EXE_dctwin"))
            .args(["run", s, "--out", ".", "-q", "--force", "--seed", &seed.to_string()])
            .current_dir(&dir)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let staging = std::fs::read_dir(&dir).unwrap().flatten().find(|e| {
            e.file_name().to_string_lossy().starts_with(".run.staging-")
                && std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_some())
        });
        if staging.is_some() {
            hits_while_writing += 1;
        }
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let status = child.wait().unwrap();
        let seen = complete_result(&dir.join("run"));
        assert!(
            seen == current || seen == seed,
            "kill {k}: the folder holds seed {seen}, neither the old {current} nor the new {seed}"
        );
        if status.success() {
            assert_eq!(seen, seed);
        }
        current = seen;
    }
    assert!(
        hits_while_writing >= 2,
        "only {hits_while_writing} kills landed while files were written"
    );
    // The next run reclaims whatever the killed ones left.
    let last = dctwin(&["run", s, "--out", ".", "-q", "--force", "--seed", "999"], &dir);
    assert!(last.status.success(), "{}", stderr(&last));
    assert_eq!(complete_result(&dir.join("run")), 999);
    assert!(strays(&dir).is_empty(), "{:?}", strays(&dir));
}

/// Runs `dctwin validate` and then `dctwin run` on `scenario` with `sets`, and checks that both
/// refuse it with exit 2, a hint and `expect` in the message, before writing anything.
fn refused(dir: &Path, scenario: &Path, sets: &[&str], expect: &str) {
    let mut validate = vec!["validate", scenario.to_str().unwrap()];
    let mut run = vec!["run", scenario.to_str().unwrap(), "--out", "refused-out", "-q"];
    for s in sets {
        validate.extend(["--set", s]);
        run.extend(["--set", s]);
    }
    for args in [validate, run] {
        let o = dctwin(&args, dir);
        let message = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {message}");
        assert!(message.contains(expect), "{args:?}: expected `{expect}` in\n{message}");
        assert!(message.contains("hint:"), "{args:?}: no hint in\n{message}");
        assert!(!message.contains("panicked"), "{message}");
    }
    assert!(!dir.join("refused-out").exists(), "a refused run wrote something");
}

#[test]
fn non_finite_and_unphysical_values_are_refused_before_the_run() {
    let dir = scratch("integrity-values");
    let s = baseline(&dir, "run", 2);
    // Each used to exit 0 with wrong numbers, or fail after simulating.
    refused(&dir, &s, &["site.utc_offset_h=nan"], "site.utc_offset_h");
    refused(&dir, &s, &["site.utc_offset_h=100"], "-12..14");
    refused(&dir, &s, &["site.elevation_m=nan"], "site.elevation_m");
    refused(&dir, &s, &["hardware.lifetime_years=1e-300"], "hardware.lifetime_years");
    refused(&dir, &s, &["grid.carbon_intensity_g_per_kwh=1e308"], "0..5000");
    refused(
        &dir,
        &s,
        &[
            "halls.0.servers_per_rack=4000000000",
            "halls.0.accelerators_per_server=4000000000",
        ],
        "halls.0.servers_per_rack",
    );
    refused(&dir, &s, &["time.step=10000000000000000000s"], "time.step");
    refused(
        &dir,
        &s,
        &["time.step=1000000000000000000s", "time.duration=1000000000000000000s"],
        "1,000 years",
    );
}

#[test]
fn a_scenario_without_halls_but_with_workloads_is_an_error_not_a_panic() {
    let dir = scratch("integrity-no-halls");
    for workload in [
        "[[training]]\nname = \"t\"\naccelerators = 8\naccelerator_hours = 10\n",
        "[[inference]]\nname = \"i\"\nmodel_params_b = 8\nrequests_per_s = 1\n",
    ] {
        let path = dir.join("empty.toml");
        std::fs::write(&path, format!("name = \"empty\"\nhalls = []\n{workload}")).unwrap();
        refused(&dir, &path, &[], "at least one hall");
    }
}

#[test]
fn runs_too_big_for_memory_are_refused_with_the_estimate_and_the_way_to_raise_it() {
    let dir = scratch("integrity-memory");
    let mut halls = String::new();
    for i in 0..1_000 {
        writeln!(halls, "[[halls]]\nname = \"h{i}\"\nracks = 200000").unwrap();
    }
    let path = dir.join("huge.toml");
    std::fs::write(&path, format!("name = \"huge\"\n{halls}")).unwrap();
    refused(&dir, &path, &[], "--max-memory");
    let o = dctwin(&["validate", path.to_str().unwrap()], &dir);
    assert!(stderr(&o).contains("GiB"), "{}", stderr(&o));
    // The estimate, not the machine, decides: raising the limit lets validate pass.
    let o = dctwin(&["validate", path.to_str().unwrap(), "--max-memory", "100"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A well-formed EPW year whose rows `edit` may change (row index from 0, fields).
fn epw(edit: impl Fn(usize, &mut Vec<String>)) -> String {
    common::epw_year("Testville,XX,Testland,dctwin,000000,52.0,4.0,1.0,10.0", |k, m, d, h| {
        let mut f: Vec<String> = [
            "2001",
            &m.to_string(),
            &d.to_string(),
            &h.to_string(),
            "60",
            "?9?9?9?9E0?9?9?9",
            &format!("{:.1}", 4.0 + m as f64),
            "2.0",
            "70",
            "101325",
            "0",
            "0",
            "300",
            "100",
            "50",
            "40",
            "0",
            "0",
            "0",
            "0",
            "180",
            "4.0",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        f.extend(std::iter::repeat_n("0".to_string(), 13));
        edit(k, &mut f);
        f.join(",")
    })
}

#[test]
fn weather_files_out_of_order_are_refused_and_latin1_or_bom_files_read() {
    let dir = scratch("integrity-epw");
    let scenario = dir.join("epw.toml");
    std::fs::write(
        &scenario,
        "name = \"epw\"\n[time]\nduration = \"2d\"\n[site]\nweather_file = \"w.epw\"\n[[halls]]\nracks = 2\n",
    )
    .unwrap();
    // July's rows where January's should be (a file sorted by another column): refused.
    std::fs::write(
        dir.join("w.epw"),
        epw(|k, f| {
            if k < 24 {
                f[1] = "7".into();
            }
        }),
    )
    .unwrap();
    refused(&dir, &scenario, &[], "follows the wrong row");
    // A Latin-1 header behind a byte-order mark reads as the city it names.
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(
        epw(|_, _| {})
            .replacen("Testville", "Z\u{fc}rich", 1)
            .chars()
            .map(|c| c as u8),
    );
    std::fs::write(dir.join("w.epw"), bytes).unwrap();
    let o = dctwin(&["run", scenario.to_str().unwrap(), "--out", "o", "-q"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = std::fs::read_to_string(dir.join("o/epw/summary.json")).unwrap();
    assert!(summary.contains("Zürich"), "{summary}");
}

#[test]
fn signal_files_out_of_range_are_refused() {
    let dir = scratch("integrity-signals");
    let hours = |v: &dyn Fn(usize) -> String| -> String {
        let mut t = String::from("time,value\n");
        for h in 0..72 {
            writeln!(t, "2025-01-{:02}T{:02}:00:00Z,{}", 1 + h / 24, h % 24, v(h)).unwrap();
        }
        t
    };
    let base = "name = \"sig\"\n[time]\nduration = \"2d\"\n[[halls]]\nracks = 2\n";
    let write = |name: &str, text: String, extra: &str| {
        std::fs::write(dir.join(format!("{name}.csv")), text).unwrap();
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(&path, format!("{base}{extra}")).unwrap();
        path
    };
    // A negative marginal intensity.
    let s = write(
        "marginal",
        hours(&|h| format!("{}", 300.0 - 10.0 * h as f64)),
        "[grid]\nmarginal_csv = \"marginal.csv\"\n",
    );
    refused(&dir, &s, &[], "grid.marginal_csv");
    // A solar profile a thousand times the plant (kW written for W, or MW for kW).
    let s = write(
        "solar",
        hours(&|h| format!("{}", 1_000_000.0 * (h % 24) as f64 / 24.0)),
        "[supply.solar]\ncapacity_mw_dc = 2\nprofile_csv = \"solar.csv\"\n",
    );
    refused(&dir, &s, &[], "capacity");
    // An Electricity Maps export claiming 150 % carbon-free energy.
    let mut em =
        String::from("Datetime (UTC),Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%)\n");
    for h in 0..72 {
        writeln!(
            em,
            "2025-01-{:02} {:02}:00:00,300,{}",
            1 + h / 24,
            h % 24,
            if h == 30 { 150 } else { 40 }
        )
        .unwrap();
    }
    let s = write("em", em, "[grid]\nelectricity_maps_csv = \"em.csv\"\n");
    refused(&dir, &s, &[], "percentage");
    // Two rows 8,000 years apart: refused at the second row, without allocating the gap.
    let s = write(
        "span",
        "time,value\n1025-01-01T00:00:00Z,0.5\n9025-01-01T00:00:00Z,0.5\n".into(),
        "",
    );
    let with_file = dir.join("span-hall.toml");
    std::fs::write(
        &with_file,
        std::fs::read_to_string(&s)
            .unwrap()
            .replace("racks = 2\n", "racks = 2\nutilization_csv = \"span.csv\"\n"),
    )
    .unwrap();
    refused(&dir, &with_file, &[], "without a value");
}

#[test]
fn names_and_output_paths_that_cannot_hold_a_result_are_refused_up_front() {
    let dir = scratch("integrity-names");
    let s = baseline(&dir, "run", 2);
    let long = format!("name={}", "x".repeat(300));
    let o = dctwin(&["validate", s.to_str().unwrap(), "--set", &long], &dir);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("too long") && stderr(&o).contains("hint:"),
        "{}",
        stderr(&o)
    );
    let o = dctwin(&["run", s.to_str().unwrap(), "--set", &long, "--out", "o", "-q"], &dir);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // An --out that is a file.
    std::fs::write(dir.join("a-file"), "").unwrap();
    for args in [
        vec!["validate", s.to_str().unwrap(), "--out", "a-file"],
        vec!["run", s.to_str().unwrap(), "--out", "a-file", "-q"],
    ] {
        let o = dctwin(&args, &dir);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("not a folder"), "{}", stderr(&o));
    }
    // compare --name that would leave --out.
    let b = baseline(&dir, "other", 2);
    std::fs::create_dir_all(dir.join("cmp")).unwrap();
    for name in ["../escaped", "/tmp/dctwin-escaped", ""] {
        let o = dctwin(
            &[
                "compare",
                s.to_str().unwrap(),
                b.to_str().unwrap(),
                "--out",
                "cmp",
                "--name",
                name,
                "-q",
            ],
            &dir,
        );
        assert_eq!(o.status.code(), Some(2), "--name {name:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("hint:"), "{}", stderr(&o));
    }
    assert!(!dir.join("escaped").exists() && !Path::new("/tmp/dctwin-escaped").exists());
    assert_eq!(std::fs::read_dir(dir.join("cmp")).unwrap().count(), 0);
}

#[test]
fn fit_power_refuses_samples_that_give_no_power_curve() {
    let dir = scratch("integrity-fit");
    let cases = [
        // Power falling as utilization rises (columns mislabelled).
        (
            "falling",
            "utilization,power_w\n0.0,700\n0.25,600\n0.5,500\n0.75,400\n1.0,300\n",
            "does not rise",
        ),
        // Values that overflow the fit.
        (
            "huge",
            "utilization,power_w\n0.0,1e308\n0.5,1e308\n1.0,1e308\n",
            "power",
        ),
    ];
    for (name, text, expect) in cases {
        let path = dir.join(format!("{name}.csv"));
        std::fs::write(&path, text).unwrap();
        let o = dctwin(&["fit-power", path.to_str().unwrap()], &dir);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(
            o.stdout.is_empty(),
            "{name}: printed a snippet: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

#[test]
fn a_comparison_folder_is_replaced_whole_and_not_by_a_different_comparison() {
    let dir = scratch("integrity-compare");
    let (a, b) = (baseline(&dir, "a", 2), baseline(&dir, "b", 2));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let compare = |extra: &[&str]| {
        let mut args = vec!["compare", a, b, "--out", ".", "--name", "cmp", "-q"];
        args.extend(extra);
        dctwin(&args, &dir)
    };
    let first = compare(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    std::fs::write(dir.join("cmp/left-by-hand.txt"), "stale").unwrap();
    let before = snapshot(&dir.join("cmp"));
    // Another seed is another comparison: refused, nothing touched.
    let other = compare(&["--seed", "5"]);
    assert_eq!(other.status.code(), Some(2), "{}", stderr(&other));
    assert!(stderr(&other).contains("a different run"), "{}", stderr(&other));
    assert_eq!(snapshot(&dir.join("cmp")), before);
    // Forced, the new comparison replaces the folder whole: no stale file survives.
    let forced = compare(&["--seed", "5", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(!dir.join("cmp/left-by-hand.txt").exists());
    assert_eq!(complete_result(&dir.join("cmp/runs/a")), 5);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cmp/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["runs"][1]["seed"], 5);
    assert!(strays(&dir).iter().all(|n| n == "cmp"), "{:?}", strays(&dir));
}
