//! The scenario file, one module per section. Each module holds its section's serde spec (the
//! file as written), its fields' declarations ([`Field`]: path, type, unit, default, range,
//! meaning, example — declared once), and the function that checks the section and resolves
//! it into the [`RunConfig`]'s part, with unit tests beside it.
//!
//! [`resolve`] runs the sections in order and collects every problem of every section, so a
//! scenario's problems come back together.

pub mod battery;
pub mod cooling;
pub mod grid;
pub mod hall;
pub mod heat_reuse;
pub mod inference;
pub mod site;
pub mod solar;
pub mod supply;
pub mod time;
pub mod top;
pub mod training;
pub mod wind;

mod context;
mod files;

pub(crate) use context::Ctx;
pub use context::DefaultUsed;

use std::path::Path;

use dctwin_catalog::{Catalog, suggest};
use serde::Deserialize;

use crate::Diagnostic;
use crate::config::RunConfig;
use crate::field::{Field, Kind};

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// See [`top::NAME`].
    pub name: String,
    /// See [`top::DESCRIPTION`].
    #[serde(default)]
    pub description: String,
    /// See [`top::SEED`].
    #[serde(default)]
    pub seed: Option<i64>,
    /// See [`time::TIME`].
    #[serde(default)]
    pub time: time::TimeSpec,
    /// See [`site::SITE`].
    pub site: site::SiteSpec,
    /// See [`grid::GRID`].
    #[serde(default)]
    pub grid: grid::GridSpec,
    /// See [`hall::HALLS`].
    pub halls: Vec<hall::HallSpec>,
    /// See [`top::POWER_CHAIN`].
    #[serde(default)]
    pub power_chain: top::PowerChainSpec,
    /// See [`top::HARDWARE`].
    #[serde(default)]
    pub hardware: top::HardwareSpec,
    /// See [`training::TRAINING`].
    #[serde(default)]
    pub training: Vec<training::TrainingSpec>,
    /// See [`inference::INFERENCE`].
    #[serde(default)]
    pub inference: Vec<inference::InferenceSpec>,
    /// See [`heat_reuse::HEAT_REUSE`].
    pub heat_reuse: Option<heat_reuse::HeatReuseSpec>,
    /// See [`supply::SUPPLY`].
    #[serde(default)]
    pub supply: supply::SupplySpec,
}

/// Every scenario field, section by section, in the order the reference lists them.
pub fn fields() -> impl Iterator<Item = &'static Field> {
    [
        top::FIELDS,
        time::FIELDS,
        site::FIELDS,
        grid::FIELDS,
        hall::FIELDS,
        top::CHAIN_FIELDS,
        training::FIELDS,
        inference::FIELDS,
        heat_reuse::FIELDS,
        supply::FIELDS,
        solar::FIELDS,
        wind::FIELDS,
        battery::FIELDS,
    ]
    .into_iter()
    .flatten()
}

/// The declaration of the field at a concrete dotted path (`halls.2.racks`), or of the list a
/// list element belongs to (`site.climate.temp_mean_c.3`).
pub fn field_at(path: &str) -> Option<&'static Field> {
    fields().find(|f| f.matches(path)).or_else(|| {
        // An element of a list (one index deep) or of a list of pairs (two).
        let index = |p: &str| -> Option<String> {
            let (parent, last) = p.rsplit_once('.')?;
            (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())).then(|| parent.to_string())
        };
        let one = index(path)?;
        fields()
            .find(|f| matches!(f.kind, Kind::Numbers(_)) && f.matches(&one))
            .or_else(|| {
                let pair_list = index(&one).unwrap_or_default();
                [one.as_str(), pair_list.as_str()]
                    .into_iter()
                    .find_map(|p| fields().find(|f| matches!(f.kind, Kind::Pairs(..)) && f.matches(p)))
            })
    })
}

/// Removes every key of `table` that is not a declared field and reports each, with the
/// nearest declared name beside it ("did you mean"): all unknown fields at once, and the rest of
/// the scenario still checked.
pub(crate) fn strip_unknown(table: &mut toml::Table) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    strip(table, "", &mut problems);
    problems
}

fn strip(table: &mut toml::Table, prefix: &str, problems: &mut Vec<Diagnostic>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    let unknown: Vec<String> = table.keys().filter(|k| field_at(&join(k)).is_none()).cloned().collect();
    for key in unknown {
        table.remove(&key);
        let path = join(&key);
        let siblings: Vec<&str> = fields()
            .filter(|f| {
                let parent = f.path.rsplit_once('.').map_or("", |(p, _)| p);
                Field::new(parent, Kind::Table, "").matches(prefix)
            })
            .map(Field::name)
            .collect();
        let where_ = if prefix.is_empty() {
            "a scenario".to_string()
        } else {
            format!("`{prefix}`")
        };
        let d = Diagnostic::at(path, format!("unknown field `{key}` in {where_}"));
        problems.push(match suggest(&key, siblings.iter().copied()) {
            Some(s) => d.hint(format!(
                "did you mean `{s}`? `dctwin schema --reference` lists every field"
            )),
            None => d.hint(format!(
                "{where_} takes {}; `dctwin schema --reference` describes each",
                siblings.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            )),
        });
    }
    for (key, value) in table.iter_mut() {
        let path = join(key);
        match value {
            // A table where an array of tables belongs (`[halls]` for `[[halls]]`) is left to
            // the type check, which says so, rather than read as unknown fields.
            toml::Value::Table(t) if field_at(&path).is_some_and(|f| f.kind == Kind::Table) => {
                strip(t, &path, problems);
            }
            toml::Value::Array(items) if field_at(&path).is_some_and(|f| f.kind == Kind::Tables) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let toml::Value::Table(t) = item {
                        strip(t, &format!("{path}.{i}"), problems);
                    }
                }
            }
            _ => {}
        }
    }
}

/// What resolving says when a section did not resolve and reported nothing (it never should;
/// the range checks before resolving report such fields).
pub(crate) const INCOMPLETE: &str = "the scenario is incomplete";

/// Resolves `file` against the catalog; `seed_override` is `--seed`. Returns the run's
/// configuration, or every problem found in every section.
pub(crate) fn resolve(
    file: &ScenarioFile,
    catalog: &Catalog,
    seed_override: Option<u64>,
    base_dir: &Path,
) -> Result<RunConfig, Vec<Diagnostic>> {
    let mut cx = Ctx::new(catalog, base_dir);
    let (name, seed) = top::resolve(file, seed_override, &mut cx);
    let window = time::resolve(&file.time, &mut cx);
    let site = site::resolve(&file.site, &mut cx);
    let grid = grid::resolve(&file.grid, site.location, window, &mut cx);
    let halls = hall::resolve_all(&file.halls, window, &mut cx);
    let (redundancy, lifetime_years, use_share) = top::resolve_chain(file, &mut cx);
    // Workloads are placed in halls: only checked once every hall resolved.
    top::check_workload_names(file, &mut cx);
    let (training, inference) = match &halls {
        Some(halls) => (
            training::resolve_all(&file.training, halls, window.map(|w| w.0), &mut cx),
            inference::resolve_all(&file.inference, halls, &mut cx),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let heat_reuse = file.heat_reuse.as_ref().and_then(|h| heat_reuse::resolve(h, &mut cx));
    let supply = supply::resolve(&file.supply, Some(&site), window, &mut cx);
    if !cx.problems.is_empty() {
        return Err(cx.problems);
    }
    let (Some((start, step_s, steps)), Some(site), Some(grid), Some(halls), Some(redundancy), Some(supply)) =
        (window, site.site, grid, halls, redundancy, supply)
    else {
        return Err(vec![Diagnostic::at("", INCOMPLETE)]);
    };
    Ok(RunConfig {
        name,
        description: file.description.clone(),
        seed,
        start,
        step_s,
        steps,
        site,
        grid,
        halls,
        redundancy,
        lifetime_years,
        use_share,
        training,
        inference,
        heat_reuse,
        supply,
        defaults: cx.defaults,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Unset;

    #[test]
    fn problems_in_different_sections_come_back_together() {
        let text = "name = \"x\"\n[time]\nstep = \"7m\"\nduration = \"1d\"\n[site]\nlocation = \"stokholm\"\n\
                    [[halls]]\nracks = 2\ncooling = \"immersion\"\n[supply.battery]\nenergy_mwh = 1\npower_mw = 1\npolicy = \"greedy\"\n";
        let file: ScenarioFile = toml::from_str(text).unwrap();
        let problems = resolve(&file, dctwin_catalog::catalog(), None, Path::new(".")).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        for want in [
            "time.duration",
            "site.location",
            "halls.0.cooling",
            "supply.battery.policy",
        ] {
            assert!(paths.contains(&want), "{want} missing from {paths:?}");
        }
    }

    #[test]
    fn every_unknown_field_is_reported_with_the_nearest_name() {
        let mut table: toml::Table =
            toml::from_str("nam = \"x\"\n[[halls]]\nrack = 2\n[supply.battery]\nenergy_mwh = 1\nefficiency = 0.9\n")
                .unwrap();
        let problems = strip_unknown(&mut table);
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|d| (d.path.as_str(), d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, "nam");
        assert!(found[0].1.starts_with("did you mean `name`?"));
        assert_eq!(found[1].0, "halls.0.rack");
        assert!(found[1].1.starts_with("did you mean `racks`?"));
        assert_eq!(found[2].0, "supply.battery.efficiency");
        assert!(!table.contains_key("nam"));
    }

    /// A deserializer that answers every request with the field list of the struct asked for:
    /// serde's own record of a spec's fields, to hold the registry to.
    struct Probe;

    #[derive(Debug)]
    struct Fields(Vec<&'static str>);

    impl std::fmt::Display for Fields {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:?}", self.0)
        }
    }
    impl std::error::Error for Fields {}
    impl serde::de::Error for Fields {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Fields(Vec::new())
        }
    }

    impl<'de> serde::Deserializer<'de> for Probe {
        type Error = Fields;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(Vec::new()))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields.to_vec()))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    fn serde_fields<T: for<'de> Deserialize<'de>>() -> Vec<&'static str> {
        match T::deserialize(Probe) {
            Err(Fields(f)) => f,
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn every_spec_field_is_declared_and_every_declaration_is_a_spec_field() {
        use crate::*;
        let specs: [(&str, Vec<&str>); 17] = [
            ("", serde_fields::<ScenarioFile>()),
            ("time", serde_fields::<TimeSpec>()),
            ("site", serde_fields::<SiteSpec>()),
            ("site.climate", serde_fields::<ClimateSpec>()),
            ("grid", serde_fields::<GridSpec>()),
            ("halls.*", serde_fields::<HallSpec>()),
            ("halls.*.utilization", serde_fields::<UtilizationSpec>()),
            ("power_chain", serde_fields::<PowerChainSpec>()),
            ("hardware", serde_fields::<HardwareSpec>()),
            ("training.*", serde_fields::<TrainingSpec>()),
            ("inference.*", serde_fields::<InferenceSpec>()),
            ("heat_reuse", serde_fields::<HeatReuseSpec>()),
            ("supply", serde_fields::<SupplySpec>()),
            ("supply.solar", serde_fields::<SolarSpec>()),
            ("supply.wind", serde_fields::<WindSpec>()),
            ("supply.battery", serde_fields::<BatterySpec>()),
            ("supply.ppa.*", serde_fields::<PpaSpec>()),
        ];
        for (prefix, serde) in &specs {
            assert!(!serde.is_empty(), "no fields for `{prefix}`");
            let mut declared: Vec<&str> = fields()
                .filter(|f| f.path.rsplit_once('.').map_or("", |(p, _)| p) == *prefix)
                .map(Field::name)
                .filter(|n| *n != "extends") // read before the file is parsed (`inherit.rs`)
                .collect();
            let mut serde = serde.clone();
            declared.sort_unstable();
            serde.sort_unstable();
            assert_eq!(
                declared, serde,
                "fields of `{prefix}`: declared (left) vs the spec (right)"
            );
        }
    }

    #[test]
    fn defaults_lie_in_their_ranges_and_every_field_says_what_it_is() {
        for f in fields() {
            assert!(
                !f.doc.is_empty() && f.doc.ends_with('.'),
                "`{}` needs a one-sentence doc",
                f.path
            );
            if let (Some(x), Some(r)) = (f.default_number(), f.range) {
                assert!(r.contains(x), "`{}`: default {x} outside {}", f.path, r.describe());
            }
            if !matches!(f.kind, Kind::Table | Kind::Tables) {
                assert!(!f.example.is_empty(), "`{}` needs an example", f.path);
            }
            if let (Kind::Choice(names), Unset::Text(t)) = (f.kind, f.default) {
                assert!(names.contains(&t), "`{}`: default `{t}` is not a choice", f.path);
            }
        }
    }

    #[test]
    fn a_table_where_an_array_of_tables_belongs_is_a_type_error_not_unknown_fields() {
        let problems = crate::load_str("[halls]\nracks = 2\n", Path::new("t.toml"), &[], None)
            .unwrap_err()
            .to_string();
        assert!(!problems.contains("unknown field"), "{problems}");
        assert!(
            problems.contains("`halls`") && problems.contains("write `[[halls]]`"),
            "{problems}"
        );
    }

    #[test]
    fn every_field_path_is_declared_once() {
        let mut seen = std::collections::BTreeSet::new();
        for f in fields() {
            assert!(seen.insert(f.path), "`{}` is declared twice", f.path);
        }
    }

    #[test]
    fn list_elements_find_their_list() {
        assert_eq!(
            field_at("site.climate.temp_mean_c.3").map(|f| f.path),
            Some("site.climate.temp_mean_c")
        );
        assert_eq!(field_at("halls.2.racks").map(|f| f.path), Some("halls.*.racks"));
        assert!(field_at("halls.2.rack").is_none());
    }
}
