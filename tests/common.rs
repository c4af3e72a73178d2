//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh scratch folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads scenario text and resolves it.
pub fn config(text: &str) -> dctwin_scenario::Loaded {
    dctwin_scenario::load_str(text, Path::new("test.toml"), &[], None).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs the scenario at `path` (relative to the repository root) with `--set` overrides and
/// returns the run and its summary.
pub fn run_file(path: &str, sets: &[&str]) -> (dctwin::RunOutput, serde_json::Map<String, serde_json::Value>) {
    let sets: Vec<String> = sets.iter().map(|s| (*s).to_string()).collect();
    let loaded = dctwin_scenario::load(&root().join(path), &sets, None).unwrap_or_else(|e| panic!("{e}"));
    let out = dctwin::simulate(&loaded.config, |_, _| {});
    let summary = dctwin::summarize(&loaded.config, &out).to_json();
    (out, summary)
}

/// A numeric summary key; panics naming the key when it is missing or not a number.
pub fn num(s: &serde_json::Map<String, serde_json::Value>, k: &str) -> f64 {
    s[k].as_f64().unwrap_or_else(|| panic!("{k} missing or not a number"))
}

/// Every shipped scenario file under `scenarios/`, sorted.
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root().join("scenarios")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Runs the `dctwin` binary with `args` in `cwd` and waits for it.
pub fn dctwin(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dctwin"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the dctwin binary runs")
}

/// What a command printed to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A typical-year EPW file's text: the LOCATION line (`location`: its fields after
/// `LOCATION,`), the other seven header lines, then 8,760 hourly rows, each from `row(k, month,
/// day, hour)` (`k` counts hours from 0; month, day and hour from 1).
pub fn epw_year(location: &str, mut row: impl FnMut(usize, usize, u32, u32) -> String) -> String {
    let mut out = format!("LOCATION,{location}\n");
    for h in [
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,test",
        "COMMENTS 2,test",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ] {
        out.push_str(h);
        out.push('\n');
    }
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut k = 0;
    for (m, &n) in days.iter().enumerate() {
        for d in 1..=n {
            for h in 1..=24 {
                out.push_str(&row(k, m + 1, d, h));
                out.push('\n');
                k += 1;
            }
        }
    }
    out
}
