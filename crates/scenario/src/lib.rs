#![doc = include_str!("../README.md")]

mod bounds;
mod config;
mod diagnostic;
pub mod field;
mod inherit;
mod overrides;
pub mod reference;
pub mod sections;
pub mod starter;

use std::path::Path;

pub use config::{
    BatteryConfig, BatteryPolicy, COOLING_TYPES, Climate, Cooling, DemandProfile, Grid, Hall, HeatReuseConfig,
    InferenceConfig, PROFILES, PpaConfig, PpaKind, Profile, Redundancy, RunConfig, Site, SolarConfig, Supply,
    TrainingConfig, Utilization, WindConfig,
};
pub use diagnostic::{Diagnostic, Origin, ScenarioError};
pub use field::{Field, Kind, Range, Unset};
pub use overrides::Override;
pub use sections::battery::BatterySpec;
pub use sections::grid::GridSpec;
pub use sections::hall::{HallSpec, UtilizationSpec};
pub use sections::heat_reuse::HeatReuseSpec;
pub use sections::inference::{InferenceSpec, served_model};
pub use sections::site::{ClimateSpec, SiteSpec};
pub use sections::solar::SolarSpec;
pub use sections::supply::{PpaSpec, SupplySpec};
pub use sections::time::TimeSpec;
pub use sections::top::{HardwareSpec, PowerChainSpec};
pub use sections::training::TrainingSpec;
pub use sections::wind::{WIND_MODELS, WindSpec};
pub use sections::{DefaultUsed, ScenarioFile, field_at, fields};

use diagnostic::Located;

/// The site of a scenario that names none: the baseline's (Ashburn, Virginia).
pub const DEFAULT_LOCATION: &str = "virginia";

/// A scenario loaded from a file: its source text, the (overridden) file as written, and the
/// resolved configuration.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's text as read.
    pub source: String,
    /// The scenario after `--set` overrides, as a TOML table (what the manifest hashes).
    pub effective: toml::Table,
    /// The scenario as parsed.
    pub file: ScenarioFile,
    /// The resolved run configuration.
    pub config: RunConfig,
}

impl Loaded {
    /// The scenario as it ran: the file as written (after `extends` and `--set`) with every
    /// default the run used filled in at its path — what `validate --resolved` prints. Loading
    /// it gives the same run.
    pub fn resolved(&self) -> toml::Table {
        let mut table = self.effective.clone();
        for d in &self.config.defaults {
            insert(&mut table, &d.path, d.value.clone());
        }
        table
    }
}

/// Sets `value` at the dotted `path` (array elements by index), creating tables on the way.
fn insert(table: &mut toml::Table, path: &str, value: toml::Value) {
    let Some((head, rest)) = path.split_once('.') else {
        table.insert(path.to_string(), value);
        return;
    };
    let next = table
        .entry(head)
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let next = match next {
        toml::Value::Array(items) => {
            let (index, rest) = rest.split_once('.').unwrap_or((rest, ""));
            let Some(toml::Value::Table(t)) = index.parse::<usize>().ok().and_then(|i| items.get_mut(i)) else {
                return;
            };
            if rest.is_empty() {
                return;
            }
            return insert(t, rest, value);
        }
        toml::Value::Table(t) => t,
        _ => return,
    };
    insert(next, rest, value);
}

/// Reads, overrides, checks and resolves the scenario at `path`.
///
/// `sets` are `--set` arguments (`dotted.path=value`); `seed` is `--seed`. Every problem is
/// reported at once, each with its file position (or the `--set` it came from), its dotted
/// path, what was expected and a hint.
pub fn load(path: &Path, sets: &[String], seed: Option<u64>) -> Result<Loaded, ScenarioError> {
    let source = dctwin_core::read_text(path).map_err(|source| ScenarioError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    load_str(&source, path, sets, seed)
}

/// [`load`] from text already in memory; `path` names it in messages.
pub fn load_str(source: &str, path: &Path, sets: &[String], seed: Option<u64>) -> Result<Loaded, ScenarioError> {
    let invalid = |problems| ScenarioError::Invalid {
        path: path.to_path_buf(),
        problems,
    };
    let table: toml::Table = match toml::from_str(source) {
        Ok(t) => t,
        Err(e) => {
            let located = Located::new(source, &[]);
            let origin = match e.span() {
                Some(span) => {
                    let (line, column) = located.line_column(span.start);
                    Origin::File { line, column }
                }
                None => Origin::WholeFile,
            };
            return Err(invalid(vec![Diagnostic {
                path: String::new(),
                message: format!("this is not valid TOML: {}", e.message().trim()),
                hint: Some("check quotes, brackets and `key = value` pairs near this position".into()),
                origin,
            }]));
        }
    };
    let (mut table, parents) = match inherit::resolve_extends(table, source, path) {
        Ok(x) => x,
        Err(problems) => return Err(invalid(problems)),
    };
    let mut applied = Vec::new();
    let mut problems = Vec::new();
    for arg in sets {
        match Override::parse(arg).and_then(|o| o.apply(&mut table).map(|()| o)) {
            Ok(o) => applied.push((o.path, o.arg)),
            Err(mut d) => {
                d.origin = Origin::Override(arg.clone());
                problems.push(d);
            }
        }
    }
    let located = Located::new(source, &applied).with_parents(&parents);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    // A short file is a valid scenario: the name defaults to the file's stem and the site to
    // the baseline's (Ashburn, Virginia). `effective` keeps what the user wrote, so reports
    // can list what was left at its default.
    let mut filled = table.clone();
    let mut filled_in = Vec::new();
    if !filled.contains_key("name") {
        let stem: String = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let name = toml::Value::String(if stem.is_empty() { "scenario".into() } else { stem });
        filled_in.push((&sections::top::NAME, name.clone()));
        filled.insert("name".into(), name);
    }
    if !filled.contains_key("site") {
        let location = toml::Value::from(DEFAULT_LOCATION);
        filled_in.push((&sections::site::LOCATION, location.clone()));
        filled.insert(
            "site".into(),
            toml::Value::Table([("location".to_string(), location)].into_iter().collect()),
        );
    }
    // Every key a declared field (unknown ones reported all at once and set aside, so the rest
    // is still checked), every number finite and in its field's range: reported with the
    // problems found below, each field once.
    let bound_problems: Vec<Diagnostic> = sections::strip_unknown(&mut filled)
        .into_iter()
        .map(|d| located.locate_key(d))
        .chain(
            bounds::check(&filled)
                .into_iter()
                .map(|d| located.locate(d.with_default_hint())),
        )
        .collect();
    let file: ScenarioFile = match serde_path_to_error::deserialize(toml::Value::Table(filled)) {
        Ok(f) => f,
        Err(e) => {
            let dotted = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(".");
            let message = diagnostic::plain_types(e.inner().message().trim());
            let unknown = message.starts_with("unknown field");
            let hint = if unknown {
                "remove or rename this field; `dctwin schema --reference` lists every field and its default".to_string()
            } else if message.starts_with("missing field") {
                "add the field; `dctwin validate` checks a file without running it".to_string()
            } else if let Some(f) = field_at(&dotted).filter(|f| f.kind == Kind::Tables) {
                format!(
                    "write `[[{}]]`, with two brackets: it is a list of tables",
                    f.path.replace(".*", "")
                )
            } else {
                "check the value's type: numbers unquoted, text in quotes".to_string()
            };
            let d = Diagnostic::at(dotted, message).hint(hint);
            let d = if unknown {
                located.locate_key(d)
            } else {
                located.locate(d)
            };
            return Err(invalid(merge(bound_problems, vec![d])));
        }
    };
    let base_dir = path.parent().unwrap_or_else(|| Path::new("."));
    match sections::resolve(&file, dctwin_catalog::catalog(), seed, base_dir) {
        Ok(_) if !bound_problems.is_empty() => Err(invalid(bound_problems)),
        Ok(mut config) => {
            let mut defaults: Vec<DefaultUsed> = filled_in
                .into_iter()
                .map(|(field, value)| DefaultUsed {
                    field,
                    path: field.path.to_string(),
                    value,
                })
                .collect();
            defaults.append(&mut config.defaults);
            config.defaults = defaults;
            Ok(Loaded {
                source: source.to_string(),
                effective: table,
                file,
                config,
            })
        }
        Err(problems) => Err(invalid(merge(
            bound_problems,
            problems
                .into_iter()
                .map(|d| located.locate(d.with_default_hint()))
                .collect(),
        ))),
    }
}

/// The range problems first, then the others, one per field: a field out of range is reported
/// once, by its range (and "incomplete", which only follows from problems, not at all when
/// there are some).
fn merge(first: Vec<Diagnostic>, rest: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: std::collections::BTreeSet<String> = first.iter().map(|d| d.path.clone()).collect();
    let had_problems = !first.is_empty() || rest.iter().any(|d| !d.path.is_empty());
    let mut out = first;
    for d in rest {
        if d.path.is_empty() && had_problems && d.message == sections::INCOMPLETE {
            continue;
        }
        if d.path.is_empty() || seen.insert(d.path.clone()) {
            out.push(d);
        }
    }
    out
}
