//! The field registry holds everywhere it is published: the shipped JSON Schema and field
//! reference are the registry's current output, every shipped scenario validates against the
//! schema, and a scenario with its defaults written out runs the same as the scenario itself.

mod common;

use std::path::Path;

use common::{root, shipped_scenarios};

/// Rewrites the shipped file when `UPDATE_DOCS=1`, else fails when it differs from `want`.
fn check_generated(rel: &str, want: &str, regenerate: &str) {
    let path = root().join(rel);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{rel} is out of date with the field declarations; regenerate it with \
         `{regenerate}` (or UPDATE_DOCS=1 cargo test --test registry)"
    );
}

#[test]
fn the_shipped_schema_and_reference_are_current() {
    let mut schema = serde_json::to_string_pretty(&dctwin_scenario::reference::json_schema()).unwrap();
    schema.push('\n');
    check_generated(
        dctwin_scenario::reference::SCHEMA_PATH,
        &schema,
        "cargo run -- schema --out docs/scenario.schema.json",
    );
    check_generated(
        dctwin_scenario::reference::REFERENCE_PATH,
        &dctwin_scenario::reference::reference_markdown(),
        "cargo run -- schema --reference --out docs/scenario-reference.md",
    );
    check_generated(
        "docs/summary-keys.md",
        &dctwin::summary::glossary_markdown(),
        "UPDATE_DOCS=1 cargo test --test registry",
    );
}

fn validator() -> jsonschema::Validator {
    let schema = dctwin_scenario::reference::json_schema();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema is not a valid JSON Schema"
    );
    jsonschema::draft202012::new(&schema).unwrap()
}

/// A TOML file as the JSON an editor's schema check sees.
fn as_json(path: &Path) -> serde_json::Value {
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::to_value(table).unwrap()
}

#[test]
fn every_shipped_scenario_validates_against_the_schema() {
    let v = validator();
    let files = shipped_scenarios();
    assert!(files.len() > 40, "{} scenarios", files.len());
    for path in files {
        let errors: Vec<String> = v
            .iter_errors(&as_json(&path))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_refuses_what_dctwin_refuses() {
    let v = validator();
    let bad = [
        "[[halls]]\nracks = 0\n",
        "[[halls]]\nracks = 2\ncooling = \"immersion\"\n",
        "[[halls]]\nracks = 2\nrack = 3\n",
        "[site]\nlocation = \"atlantis\"\n[[halls]]\nracks = 1\n",
        "[site.climate]\ntemp_mean_c = [1, 2]\n[[halls]]\nracks = 1\n",
        "[supply.battery]\nenergy_mwh = 1\n[[halls]]\nracks = 1\n",
        "[time]\nstep = \"15 minutes\"\n[[halls]]\nracks = 1\n",
        "name = \"x\"\n",
    ];
    for text in bad {
        let table: toml::Table = toml::from_str(text).unwrap();
        let json = serde_json::to_value(table).unwrap();
        assert!(!v.is_valid(&json), "the schema accepts:\n{text}");
        assert!(
            dctwin_scenario::load_str(text, Path::new("bad.toml"), &[], None).is_err(),
            "dctwin accepts:\n{text}"
        );
    }
    // A file that extends another may leave required fields to its parent.
    let child: toml::Table =
        toml::from_str("extends = \"../baseline.toml\"\n[[halls]]\ncooling = \"air-tower\"\n").unwrap();
    assert!(v.is_valid(&serde_json::to_value(child).unwrap()));
}

#[test]
fn a_scenario_with_its_defaults_written_out_runs_the_same() {
    for path in shipped_scenarios() {
        let loaded = dctwin_scenario::load(&path, &[], None).unwrap_or_else(|e| panic!("{e}"));
        let text = toml::to_string(&loaded.resolved()).unwrap();
        // Beside the original, so relative file paths resolve the same.
        let again = dctwin_scenario::load_str(&text, &path, &[], None)
            .unwrap_or_else(|e| panic!("{}: the resolved scenario does not load:\n{e}\n{text}", path.display()));
        assert!(
            again.config.defaults.is_empty(),
            "{}: still defaulted: {:?}",
            path.display(),
            again.config.defaults
        );
        let (mut a, mut b) = (loaded.config.clone(), again.config.clone());
        a.defaults.clear();
        b.defaults.clear();
        // Young's checkpoint interval is written to the whole second.
        for (x, y) in a.training.iter_mut().zip(&b.training) {
            assert!((x.checkpoint_interval_h - y.checkpoint_interval_h).abs() < 1.0 / 3_600.0);
            x.checkpoint_interval_h = y.checkpoint_interval_h;
        }
        assert_eq!(a, b, "{}", path.display());
    }
}

#[test]
fn the_report_lists_the_battery_efficiency_the_run_used() {
    let text = "[supply.battery]\nenergy_mwh = 4\npower_mw = 1\nround_trip_efficiency = 0.95\n[[halls]]\nracks = 1\n";
    let l = common::config(text);
    assert!(
        l.config
            .defaults
            .iter()
            .all(|d| d.path != "supply.battery.round_trip_efficiency")
    );
    let l = common::config("[supply.battery]\nenergy_mwh = 4\npower_mw = 1\n[[halls]]\nracks = 1\n");
    let used = l
        .config
        .defaults
        .iter()
        .find(|d| d.path == "supply.battery.round_trip_efficiency")
        .unwrap();
    assert_eq!(used.value.as_float(), Some(0.85));
}
