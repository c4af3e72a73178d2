//! Comparisons, explanations and reports (issue 7): hand-computed differences, explanations
//! that quote comparison.json, and every shipped scenario's report loading in headless
//! Chromium (installed by .ci/run).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, scratch, shipped_scenarios};

fn dctwin(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dctwin"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("dctwin runs")
}

/// Two hand-computable scenarios: 160 kW of IT for one day at PUE 1.5 and 1.2, 100 gCO2e/kWh.
/// Facility energy 5.76 and 4.608 MWh: a difference of −1.152 MWh (−20 %), all of it cooling
/// and losses; emissions −0.1152 t.
#[test]
fn compare_gives_hand_computed_differences_and_explains_them() {
    let dir = scratch("compare-hand");
    let a = "name = \"pue-15\"\n[time]\nduration = \"1d\"\nstep = \"1h\"\n[site]\nlocation = \"dublin\"\n[grid]\ncarbon_intensity_g_per_kwh = 100\n[[halls]]\naccelerator = \"h100-sxm\"\nracks = 10\nservers_per_rack = 4\ncooling = \"fixed-pue\"\npue = 1.5\nmeasured_system_power_w_per_accelerator = 500\n";
    std::fs::write(dir.join("a.toml"), a).unwrap();
    std::fs::write(
        dir.join("b.toml"),
        "extends = \"a.toml\"\nname = \"pue-12\"\n[[halls]]\npue = 1.2\n",
    )
    .unwrap();
    let o = dctwin(&["compare", "a.toml", "b.toml", "--out", "out", "--name", "pair"], &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/pair/comparison.json")).unwrap()).unwrap();
    let b = &json["results"][1];
    let diff = |k: &str| b["diff"][k].as_f64().unwrap();
    assert!(
        (diff("facility_energy_mwh") + 1.152).abs() < 1e-9,
        "{}",
        diff("facility_energy_mwh")
    );
    assert!((b["rel_diff_pct"]["facility_energy_mwh"].as_f64().unwrap() + 20.0).abs() < 1e-9);
    assert!(diff("it_energy_mwh").abs() < 1e-9);
    assert!((diff("operational_tco2e") + 0.1152).abs() < 1e-9);
    // The CSV carries the same difference.
    let csv = std::fs::read_to_string(dir.join("out/pair/comparison.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("facility_energy_mwh,5.76") && l.contains(",-1.152")),
        "{csv}"
    );
    // explain names the largest contributors, with comparison.json's numbers.
    let o = dctwin(&["explain", "out/pair"], &dir);
    let text = String::from_utf8_lossy(&o.stdout);
    let fmt = dctwin::explain::fmt_num;
    assert!(
        text.contains(&format!(
            "Facility energy changed by {} MWh",
            fmt(diff("facility_energy_mwh"))
        )),
        "{text}"
    );
    let largest = ["cooling_energy_mwh", "power_loss_energy_mwh"]
        .iter()
        .max_by(|x, y| diff(x).abs().total_cmp(&diff(y).abs()))
        .unwrap();
    let label = if *largest == "cooling_energy_mwh" {
        "cooling"
    } else {
        "conversion losses"
    };
    assert!(
        text.contains(&format!(
            "The largest contributors to that difference: {label} {} MWh",
            fmt(diff(largest))
        )),
        "{text}"
    );
    for f in [
        "report.html",
        "charts/energy_by_component.svg",
        "charts/emissions.png",
        "runs/pue-12/summary.json",
    ] {
        assert!(dir.join("out/pair").join(f).exists(), "{f}");
    }
    // A chosen week: its power overlaid, its date in the title; a week outside the runs, or
    // not a date, is an input error.
    let o = dctwin(
        &[
            "compare",
            "a.toml",
            "b.toml",
            "--out",
            "out",
            "--name",
            "week",
            "--set",
            "time.duration=14d",
            "--week",
            "2025-01-05",
            "--quiet",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(dir.join("out/week/charts/week_facility_power.svg")).unwrap();
    assert!(svg.contains("Facility power over the week from 2025-01-05"));
    for week in ["2025-01-05", "2025-13-01"] {
        let o = dctwin(&["compare", "a.toml", "b.toml", "--out", "out", "--week", week], &dir);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!("--week {week}")) && err.contains("hint:"),
            "{err}"
        );
    }
    // The comparison's report loads like a run's: no script errors, every chart visible.
    if let Some(chrome) = chromium() {
        let body = load_in_chromium(&chrome, &dir.join("out/pair/report.html"), None);
        assert_eq!(attr(&body, "data-ready"), 1, "comparison report did not load: {body}");
        assert_eq!(attr(&body, "data-errors"), 0, "script errors in the comparison report");
        let (charts, visible) = (attr(&body, "data-charts"), attr(&body, "data-charts-visible"));
        assert!(charts >= 4 && visible == charts, "{visible} of {charts} charts visible");
    } else {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium");
    }
}

#[test]
fn explain_a_run_and_bad_inheritance() {
    let dir = scratch("explain-run");
    let o = dctwin(
        &[
            "run",
            root().join("scenarios/baseline.toml").to_str().unwrap(),
            "--out",
            "o",
            "--quiet",
            "--set",
            "time.duration=7d",
        ],
        &dir,
    );
    assert!(o.status.success());
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("o/baseline/summary.json")).unwrap()).unwrap();
    let text = String::from_utf8_lossy(&dctwin(&["explain", "o/baseline"], &dir).stdout).into_owned();
    assert!(
        text.contains(&format!("a PUE of {:.3}", s["pue"].as_f64().unwrap())),
        "{text}"
    );
    assert_eq!(dctwin(&["explain", "nowhere"], &dir).status.code(), Some(2));

    std::fs::write(dir.join("x.toml"), "extends = \"y.toml\"\nname = \"x\"\n").unwrap();
    std::fs::write(dir.join("y.toml"), "extends = \"x.toml\"\nname = \"y\"\n").unwrap();
    let o = dctwin(&["validate", "x.toml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("inheritance loop"));
    std::fs::write(dir.join("z.toml"), "extends = \"missing.toml\"\nname = \"z\"\n").unwrap();
    let o = dctwin(&["validate", "z.toml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("z.toml:1:11") && err.contains("cannot read missing.toml") && err.contains("hint:"),
        "{err}"
    );
    let o = dctwin(
        &[
            "validate",
            root().join("scenarios/baseline.toml").to_str().unwrap(),
            "--set",
            "halls.0.colour=red",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2));
    let o = dctwin(
        &[
            "validate",
            "--resolved",
            root()
                .join("scenarios/cooling/stockholm-immersion.toml")
                .to_str()
                .unwrap(),
        ],
        &dir,
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("immersion-single-phase"));
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Loads `report` in headless Chromium and returns the `<body …>` tag after the page's script
/// has run (it records JavaScript errors and counts visible charts).
fn load_in_chromium(chrome: &Path, report: &Path, screenshot: Option<&Path>) -> String {
    let profile = scratch(&format!(
        "chrome-{}",
        report.parent().unwrap().file_name().unwrap().to_string_lossy()
    ));
    let url = format!("file://{}", report.display());
    let base = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=5000",
    ];
    let user = format!("--user-data-dir={}", profile.display());
    let out = Command::new(chrome)
        .args(base)
        .arg(&user)
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
        .arg(&url)
        .output()
        .expect("chromium runs");
    // Chromium's own console log, independent of the page's error counter: nothing the page
    // logs to the console, no uncaught exception.
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "{}: console output:\n{}",
        report.display(),
        console.join("\n")
    );
    if let Some(shot) = screenshot {
        let s = Command::new(chrome)
            .args(base)
            .arg(format!("--user-data-dir={}-shot", profile.display()))
            .arg("--window-size=1280,2400")
            .arg(format!("--screenshot={}", shot.display()))
            .arg(&url)
            .output()
            .expect("chromium runs");
        assert!(
            s.status.success() && shot.exists(),
            "no screenshot of {}",
            report.display()
        );
    }
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    dom.find("<body")
        .map(|i| dom[i..].split('>').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

fn attr(body: &str, name: &str) -> i64 {
    body.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1)
}

/// Every shipped scenario (year-long ones cut to 30 days, which keeps every chart kind) writes a
/// report that loads in headless Chromium with no script errors and every chart visible.
#[test]
fn every_shipped_report_loads_in_headless_chromium() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium: .ci/run installs Debian's chromium"
        );
        eprintln!("skipped: Chromium is not installed here (apt-get install chromium)");
        return;
    };
    let dir = scratch("reports");
    let files = shipped_scenarios();
    for (i, f) in files.iter().enumerate() {
        let loaded = dctwin_scenario::load(f, &[], None).unwrap();
        let days = loaded.config.steps as u64 * loaded.config.step_s / 86_400;
        let mut args = vec![
            "run".to_string(),
            f.display().to_string(),
            "--out".into(),
            "out".into(),
            "--quiet".into(),
            "--set".into(),
            format!("name=r{i}"),
        ];
        if days > 30 {
            args.extend(["--set".into(), "time.duration=30d".into()]);
        }
        let o = Command::new(env!("CARGO_BIN_EXE_dctwin"))
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let report = dir.join(format!("out/r{i}/report.html"));
        let shot = (i == 0).then(|| dir.join("report.png"));
        let body = load_in_chromium(&chrome, &report, shot.as_deref());
        assert_eq!(
            attr(&body, "data-ready"),
            1,
            "{}: the page did not finish loading: {body}",
            f.display()
        );
        assert_eq!(attr(&body, "data-errors"), 0, "{}: script errors", f.display());
        let (charts, visible) = (attr(&body, "data-charts"), attr(&body, "data-charts-visible"));
        assert!(
            charts >= 2 && visible == charts,
            "{}: {visible} of {charts} charts visible",
            f.display()
        );
    }
}
