//! Checks on every number in a scenario before it is interpreted: each must be finite, and the
//! fields below must lie in a physical range. A value outside it could only give non-finite or
//! meaningless results (an offset of 10^308 hours, an intensity in kg where g was meant), so it
//! is refused with the field's path, its position and a hint — `validate` refuses it too.
//!
//! Each range is the field's own, declared once with it (`sections/*.rs`); checks that need
//! several fields at once (a state-of-charge window, a job larger than its hall) are made where
//! the section resolves.

use crate::Diagnostic;
use crate::sections::field_at;

/// Halls one scenario may have: each is an entity with its own ledger, indexed in 16 bits.
pub(crate) const MAX_HALLS: usize = 1_000;

/// Checks every number under `table`; returns one problem per offending field.
pub(crate) fn check(table: &toml::Table) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (k, v) in table {
        walk(k, v, &mut problems);
    }
    if let Some(toml::Value::Array(halls)) = table.get("halls")
        && halls.len() > MAX_HALLS
    {
        problems.push(
            Diagnostic::at(
                "halls",
                format!("{} halls; dctwin runs at most {MAX_HALLS}", halls.len()),
            )
            .hint("merge halls that share accelerator and cooling: `racks` counts them together"),
        );
    }
    problems
}

fn walk(path: &str, v: &toml::Value, problems: &mut Vec<Diagnostic>) {
    let number = match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                walk(&format!("{path}.{k}"), v, problems);
            }
            return;
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                walk(&format!("{path}.{i}"), v, problems);
            }
            return;
        }
        toml::Value::Float(x) => *x,
        toml::Value::Integer(i) => *i as f64,
        _ => return,
    };
    if !number.is_finite() {
        problems.push(
            Diagnostic::at(path, format!("expected a finite number, found {number}"))
                .hint("nan and inf are valid TOML but no quantity dctwin models; give a number"),
        );
        return;
    }
    if let Some(field) = field_at(path)
        && let Some(range) = field.range
        && !range.contains(number)
    {
        problems.push(field.out_of_range(path, number));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Diagnostic> {
        check(&toml::from_str(text).unwrap())
    }

    #[test]
    fn non_finite_numbers_are_refused_anywhere() {
        let p = problems("[site]\nutc_offset_h = nan\n[[halls]]\nracks = 1\npue = inf\n");
        let mut paths: Vec<&str> = p.iter().map(|d| d.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(paths, ["halls.0.pue", "site.utc_offset_h"]);
        assert!(p.iter().all(|d| d.hint.is_some()));
    }

    #[test]
    fn ranges_apply_to_every_array_element_and_keep_their_ends() {
        assert!(problems("[site]\nutc_offset_h = 14.0\nelevation_m = -430.0").is_empty());
        let p = problems("[[halls]]\nservers_per_rack = 4\n[[halls]]\nservers_per_rack = 100000\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "halls.1.servers_per_rack");
        assert!(p[0].message.contains("1..256"), "{}", p[0].message);
        let p = problems("[site.climate]\ntemp_mean_c = [1, 2, 300]\n");
        assert_eq!(p[0].path, "site.climate.temp_mean_c.2");
        let p = problems("[hardware]\nlifetime_years = 1e-300\n");
        assert_eq!(p[0].path, "hardware.lifetime_years");
    }

    #[test]
    fn too_many_halls_are_refused() {
        let text: String = (0..=MAX_HALLS).map(|_| "[[halls]]\nracks = 1\n").collect();
        assert!(problems(&text).iter().any(|d| d.path == "halls"));
    }
}
