//! Golden summaries: every shipped scenario run for its first two days, its `summary.json`
//! rounded to four significant figures and compared with `tests/golden/`. A change that moves
//! any result shows here, in review, as a diff of these files; `UPDATE_GOLDEN=1 cargo test
//! --test golden` rewrites them after a change that is meant to move results (say so in
//! CHANGELOG.md).

mod common;

use serde_json::Value;

use common::{root, shipped_scenarios};

/// `x` to four significant figures; whole numbers stay whole.
fn round4(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            if x == 0.0 || !x.is_finite() {
                return Value::from(0.0);
            }
            let digits = 3 - x.abs().log10().floor() as i32;
            let scale = 10f64.powi(digits);
            let r = (x * scale).round() / scale;
            serde_json::Number::from_f64(if r == 0.0 { 0.0 } else { r }).map_or(Value::Null, Value::Number)
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), round4(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(round4).collect()),
        other => other.clone(),
    }
}

#[test]
fn summaries_of_every_shipped_scenario_match_their_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut moved = Vec::new();
    for path in shipped_scenarios() {
        let rel = path.strip_prefix(root().join("scenarios")).unwrap();
        let (_, summary) = common::run_file(&format!("scenarios/{}", rel.display()), &["time.duration=2d"]);
        let mut text = serde_json::to_string_pretty(&round4(&Value::Object(summary))).unwrap();
        text.push('\n');
        let golden = root().join("tests/golden").join(rel).with_extension("json");
        if update {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &text).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(text.as_str()) {
            moved.push(rel.display().to_string());
        }
    }
    assert!(
        moved.is_empty(),
        "these scenarios' summaries moved (or have no golden file): {moved:?}\n\
         if the change is meant to move results, run `UPDATE_GOLDEN=1 cargo test --test golden`, \
         review the diff of tests/golden/ and say so in CHANGELOG.md"
    );
}

#[test]
fn rounding_keeps_four_significant_figures() {
    assert_eq!(round4(&Value::from(1234.5678)), Value::from(1235.0));
    assert_eq!(round4(&Value::from(0.000_123_456)), Value::from(0.000_123_5));
    assert_eq!(round4(&Value::from(42_u64)), Value::from(42_u64));
    assert_eq!(round4(&Value::from(-0.0)), Value::from(0.0));
}
