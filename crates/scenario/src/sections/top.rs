//! The scenario's own fields (name, description, seed, `extends`), and the two small
//! facility-wide sections `[power_chain]` and `[hardware]`.

use serde::Deserialize;

use super::{Ctx, ScenarioFile};
use crate::Diagnostic;
use crate::config::Redundancy;
use crate::field::{Field, Kind, Unset};

/// Names the output folder.
pub const NAME: Field = Field::new(
    "name",
    Kind::Text,
    "The scenario's name; names its output folder. Letters, digits, `-`, `_` and `.`.",
)
.or(Unset::Derived("the file's name without `.toml`"))
.example("name = \"stockholm-immersion\"");
/// One or two sentences for people.
pub const DESCRIPTION: Field = Field::new(
    "description",
    Kind::Text,
    "One or two sentences for people; the report quotes it.",
)
.or(Unset::Text(""))
.example("description = \"Immersion cooling in Stockholm with heat sold to the network\"");
/// Seed of every random stream.
pub const SEED: Field = Field::new(
    "seed",
    Kind::Integer,
    "Seed of every random stream (weather, grid, each rack); `--seed` overrides it.",
)
.or(Unset::Integer(1))
.range(0.0, 9.223_372_036_854_776e18)
.example("seed = 42");
/// Another scenario this one builds on.
pub const EXTENDS: Field = Field::new(
    "extends",
    Kind::File,
    "Another scenario file this one starts from; every field set here overrides it (tables merge key by key, `[[halls]]` element by element).",
)
.example("extends = \"../baseline.toml\"");

/// The top-level fields.
pub const FIELDS: &[Field] = &[NAME, DESCRIPTION, SEED, EXTENDS];

/// `[power_chain]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PowerChainSpec {
    /// See [`REDUNDANCY`].
    pub redundancy: Option<String>,
}

/// `[hardware]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HardwareSpec {
    /// See [`LIFETIME_YEARS`].
    pub lifetime_years: Option<f64>,
    /// See [`USE_SHARE`].
    pub use_share: Option<f64>,
}

/// The section.
pub const POWER_CHAIN: Field = Field::new(
    "power_chain",
    Kind::Table,
    "The electrical chain from the grid to the racks.",
);
/// UPS/PDU redundancy.
pub const REDUNDANCY: Field = Field::new(
    "power_chain.redundancy",
    Kind::Choice(&["N", "N+1", "2N"]),
    "UPS and PDU redundancy: how many units share the load, which sets how lightly loaded (and so how efficient) each runs.",
)
.or(Unset::Text("2N"))
.example("power_chain.redundancy = \"2N\"");
/// The section.
pub const HARDWARE: Field = Field::new("hardware", Kind::Table, "Hardware lifecycle.");
/// Service life.
pub const LIFETIME_YEARS: Field = Field::number(
    "hardware.lifetime_years",
    "years",
    "Service life over which accelerators' and servers' embodied emissions are spread (the Cloud Carbon Footprint methodology uses four years).",
)
.or(Unset::Number(4.0))
.range(0.1, 50.0)
.example("hardware.lifetime_years = 4");

/// Share of the service life in use.
pub const USE_SHARE: Field = Field::number(
    "hardware.use_share",
    "1",
    "Share of its service life the hardware is in use; embodied emissions are charged to the hours of use, so each is charged 1 / (lifetime × share) of them (six years at 85 % charges like 5.1 years at 100 %).",
)
.or(Unset::Number(1.0))
.above(0.0, 1.0)
.example("hardware.use_share = 0.85");

/// The facility-wide sections' fields.
pub const CHAIN_FIELDS: &[Field] = &[POWER_CHAIN, REDUNDANCY, HARDWARE, LIFETIME_YEARS, USE_SHARE];

/// The name and seed.
pub(crate) fn resolve(file: &ScenarioFile, seed_override: Option<u64>, cx: &mut Ctx) -> (String, u64) {
    let name = &file.name;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) || name.starts_with('.')
    {
        cx.problem(
            Diagnostic::at(
                NAME.path,
                format!("expected a name made of letters, digits, `-`, `_` or `.`, found {name:?}"),
            )
            .hint("the name becomes the output folder, e.g. name = \"stockholm-immersion\""),
        );
    }
    let seed = match seed_override {
        Some(s) => s,
        // Negative seeds are refused by the field's range.
        None => cx.integer(&SEED, None, file.seed).max(0) as u64,
    };
    (name.clone(), seed)
}

/// The redundancy, the service life [years] and its share in use.
pub(crate) fn resolve_chain(file: &ScenarioFile, cx: &mut Ctx) -> (Option<Redundancy>, f64, f64) {
    let redundancy = cx
        .choice(&REDUNDANCY, None, file.power_chain.redundancy.as_deref())
        .map(|r| match r {
            "N" => Redundancy::N,
            "N+1" => Redundancy::NPlus1,
            _ => Redundancy::TwoN,
        });
    let lifetime = cx.number(&LIFETIME_YEARS, None, file.hardware.lifetime_years);
    let use_share = cx.number(&USE_SHARE, None, file.hardware.use_share);
    (redundancy, lifetime, use_share)
}

/// Training jobs and inference services share one namespace: each name once.
pub(crate) fn check_workload_names(file: &ScenarioFile, cx: &mut Ctx) {
    let mut names = std::collections::BTreeSet::new();
    let all = (file
        .training
        .iter()
        .map(|t| &t.name)
        .enumerate()
        .map(|(i, n)| (format!("training.{i}.name"), n)))
    .chain(
        file.inference
            .iter()
            .map(|s| &s.name)
            .enumerate()
            .map(|(i, n)| (format!("inference.{i}.name"), n)),
    );
    for (at, name) in all {
        if !names.insert(name.clone()) {
            cx.problem(
                Diagnostic::at(at, format!("workload name `{name}` is used twice"))
                    .hint("give each workload its own name"),
            );
        }
    }
}
