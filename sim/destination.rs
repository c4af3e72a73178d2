//! Where a result goes: a staged folder that replaces the target whole, and the rule that a
//! folder holding a *different* run is never replaced silently.
//!
//! The rule: a run (or comparison) may replace a folder that is empty, or that holds the same
//! run — same effective scenario (its hash covers every `--set`) and seed, or for a
//! comparison the same runs and week. Anything else is refused with a hint unless `--force`
//! is given. `validate --out` applies the same rule, so it refuses what `run` would.

use std::path::{Path, PathBuf};

use dctwin_output::{FolderError, StagedFolder, check_target, fnv1a_hex};
use dctwin_scenario::Loaded;
use serde_json::{Value, json};

use crate::cli::InputError;

/// Manifest keys that identify what was run; the rest (file list, version) may change
/// between reruns of the same run.
const IDENTITY_KEYS: [&str; 4] = ["scenario_hash_fnv1a64", "seed", "runs", "week"];

/// The fingerprint of a scenario's effective text (after `extends` and `--set`).
pub fn scenario_hash(loaded: &Loaded) -> String {
    let effective = toml::to_string(&loaded.effective).unwrap_or_default();
    fnv1a_hex(effective.as_bytes())
}

/// What identifies one run in its manifest.
pub fn run_identity(loaded: &Loaded) -> Value {
    json!({
        "scenario_hash_fnv1a64": scenario_hash(loaded),
        "seed": loaded.config.seed,
    })
}

/// What identifies a comparison in its manifest: each run in order, and the overlaid week.
pub fn comparison_identity(loaded: &[Loaded], week: Option<&str>) -> Value {
    json!({
        "runs": loaded
            .iter()
            .map(|l| json!({"scenario": l.config.name, "scenario_hash_fnv1a64": scenario_hash(l), "seed": l.config.seed}))
            .collect::<Vec<_>>(),
        "week": week,
    })
}

/// The identity recorded in a manifest.
fn identity_of(manifest: &Value) -> Value {
    let mut id = serde_json::Map::new();
    for k in IDENTITY_KEYS {
        if let Some(v) = manifest.get(k) {
            id.insert(k.to_string(), v.clone());
        }
    }
    Value::Object(id)
}

/// Checks, without writing, that `parent/name` may receive a result identified by
/// `identity`: the path can hold a folder, and the folder there (if any) is empty, holds the
/// same run, or `force` is set. Returns the target.
pub fn check_destination(parent: &Path, name: &str, identity: &Value, force: bool) -> anyhow::Result<PathBuf> {
    let target = check_target(parent, name).map_err(input_error)?;
    if force {
        return Ok(target);
    }
    let Ok(mut entries) = std::fs::read_dir(&target) else {
        return Ok(target);
    };
    if entries.next().is_none() {
        return Ok(target);
    }
    let manifest = std::fs::read_to_string(target.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let hint =
        "  hint: add --force to replace it, or write elsewhere with --out DIR (or give the scenario another `name`)";
    match manifest {
        None => Err(InputError(format!(
            "error: {} holds files that are not a dctwin result (no readable manifest.json)\n{hint}",
            target.display()
        ))
        .into()),
        Some(m) if identity_of(&m) != identity_of(identity) => Err(InputError(format!(
            "error: {} holds a different run ({}); this one is {}\n{hint}",
            target.display(),
            describe(&identity_of(&m)),
            describe(identity)
        ))
        .into()),
        Some(_) => Ok(target),
    }
}

/// Checks the destination as [`check_destination`] does, then locks it and opens a fresh
/// staging folder to write into. Checking again under the lock means a run that finished in
/// between is not replaced by a different one.
pub fn begin(parent: &Path, name: &str, identity: &Value, force: bool) -> anyhow::Result<StagedFolder> {
    check_destination(parent, name, identity, force)?;
    let staged = StagedFolder::begin(parent, name).map_err(input_error)?;
    check_destination(parent, name, identity, force)?;
    Ok(staged)
}

/// Folder problems caused by the command line are input errors (exit 2); a folder busy with
/// another writer or a failing disk is not.
fn input_error(e: FolderError) -> anyhow::Error {
    match e {
        FolderError::NotAFolder { .. } | FolderError::BadName { .. } => InputError(format!("error: {e}")).into(),
        FolderError::Busy { .. } | FolderError::Io { .. } => anyhow::Error::new(e),
    }
}

/// "seed 1, scenario 255648aab72f19f0" or "comparison of a, b (seeds 1, 1)".
fn describe(identity: &Value) -> String {
    if let Some(runs) = identity.get("runs").and_then(Value::as_array) {
        let names: Vec<String> = runs
            .iter()
            .map(|r| {
                format!(
                    "{} seed {} scenario {}",
                    r.get("scenario").and_then(Value::as_str).unwrap_or("?"),
                    r.get("seed").map_or_else(|| "?".into(), Value::to_string),
                    r.get("scenario_hash_fnv1a64").and_then(Value::as_str).unwrap_or("?")
                )
            })
            .collect();
        return format!("a comparison of {}", names.join(", "));
    }
    format!(
        "seed {}, scenario hash {}",
        identity.get("seed").map_or_else(|| "?".into(), Value::to_string),
        identity
            .get("scenario_hash_fnv1a64")
            .and_then(Value::as_str)
            .unwrap_or("?")
    )
}
