//! The lessons pack (issue 7): every lesson runs, and every result its guide states is what the
//! run produces. The guide, `scenarios/lessons/README.md`, marks each stated result with
//! `<!-- check: A=<file> B=<file> key=<key> change=<min>..<max> -->` (relative change of B
//! against A, percent) or `<!-- check: A=<file> key=<key> value=<min>..<max> -->`.

mod common;

use std::collections::BTreeMap;

use common::root;

#[derive(Debug)]
struct Check {
    line: usize,
    a: String,
    b: Option<String>,
    key: String,
    change: bool,
    range: (f64, f64),
}

fn parse_checks(text: &str) -> Vec<Check> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix("<!-- check:") else {
            continue;
        };
        let body = rest.trim_end_matches("-->").trim();
        let mut fields = BTreeMap::new();
        for part in body.split_whitespace() {
            let (k, v) = part
                .split_once('=')
                .unwrap_or_else(|| panic!("README line {}: `{part}` is not key=value", i + 1));
            fields.insert(k.to_string(), v.to_string());
        }
        let (change, spec) = match (fields.get("change"), fields.get("value")) {
            (Some(c), None) => (true, c.clone()),
            (None, Some(v)) => (false, v.clone()),
            _ => panic!("README line {}: a check needs exactly one of change= or value=", i + 1),
        };
        let (lo, hi) = spec
            .split_once("..")
            .unwrap_or_else(|| panic!("README line {}: range `{spec}`", i + 1));
        out.push(Check {
            line: i + 1,
            a: fields
                .get("A")
                .cloned()
                .unwrap_or_else(|| panic!("README line {}: no A=", i + 1)),
            b: fields.get("B").cloned(),
            key: fields
                .get("key")
                .cloned()
                .unwrap_or_else(|| panic!("README line {}: no key=", i + 1)),
            change,
            range: (lo.parse().unwrap(), hi.parse().unwrap()),
        });
    }
    out
}

#[test]
fn every_lesson_runs_and_its_guide_states_what_the_run_shows() {
    let guide = std::fs::read_to_string(root().join("scenarios/lessons/README.md")).unwrap();
    let checks = parse_checks(&guide);
    let lessons: Vec<_> = std::fs::read_dir(root().join("scenarios/lessons"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    let numbers: std::collections::BTreeSet<String> = lessons
        .iter()
        .filter_map(|p| p.file_name()?.to_str()?.get(..2).map(str::to_string))
        .collect();
    assert!(numbers.len() >= 8, "at least eight lessons, found {numbers:?}");
    assert!(checks.len() >= numbers.len(), "at least one check per lesson");
    // Every lesson file is checked somewhere, and every file a check names is a lesson.
    for path in &lessons {
        let rel = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        assert!(
            checks.iter().any(|c| c.a == rel || c.b.as_deref() == Some(&*rel)),
            "{rel}: no check in the guide states what it shows"
        );
    }
    let mut summaries: BTreeMap<String, serde_json::Map<String, serde_json::Value>> = BTreeMap::new();
    for path in &lessons {
        let rel = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let loaded = dctwin_scenario::load(path, &[], None).unwrap_or_else(|e| panic!("{e}"));
        let out = dctwin::simulate(&loaded.config, |_, _| {});
        summaries.insert(rel, dctwin::summarize(&loaded.config, &out).to_json());
    }
    let mut wrong = Vec::new();
    for c in &checks {
        let get = |file: &str| -> f64 {
            let s = summaries
                .get(file)
                .unwrap_or_else(|| panic!("README line {}: {file} is not a lesson file", c.line));
            s.get(&c.key)
                .and_then(serde_json::Value::as_f64)
                .unwrap_or_else(|| panic!("README line {}: no numeric key {}", c.line, c.key))
        };
        let a = get(&c.a);
        let measured = if c.change {
            let b = get(c
                .b
                .as_deref()
                .unwrap_or_else(|| panic!("README line {}: change= needs B=", c.line)));
            100.0 * (b - a) / a.abs()
        } else {
            a
        };
        if !(c.range.0..=c.range.1).contains(&measured) {
            wrong.push(format!(
                "README line {}: {} {} is {measured:.2}, the guide says {}..{}",
                c.line,
                c.key,
                if c.change { "change [%]" } else { "value" },
                c.range.0,
                c.range.1
            ));
        }
    }
    // Every stale statement at once, so the guide can be brought up to date in one pass.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
