//! Scenario inheritance: `extends = "other.toml"` takes another scenario and overrides any of
//! its fields.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::diagnostic::Located;
use crate::{Diagnostic, Origin};

/// The files a scenario extends, `(path, text)`, nearest first.
pub(crate) type Parents = Vec<(PathBuf, String)>;

/// Deepest chain of `extends` followed before giving up (a guard against runaway chains).
const MAX_DEPTH: usize = 16;

/// Merges `child` over `parent`: tables merge key by key, arrays of tables element by element
/// (so a child's `[[halls]]` changes the parent's first hall), everything else is replaced.
pub(crate) fn merge(parent: &mut Table, child: Table) {
    for (key, value) in child {
        match (parent.get_mut(&key), value) {
            (Some(Value::Table(p)), Value::Table(c)) => merge(p, c),
            (Some(Value::Array(p)), Value::Array(c)) if p.iter().chain(&c).all(Value::is_table) => {
                for (i, item) in c.into_iter().enumerate() {
                    match (p.get_mut(i), item) {
                        (Some(Value::Table(pt)), Value::Table(ct)) => merge(pt, ct),
                        (_, item) => {
                            if i < p.len() {
                                p[i] = item;
                            } else {
                                p.push(item);
                            }
                        }
                    }
                }
            }
            (_, value) => {
                parent.insert(key, value);
            }
        }
    }
}

/// Resolves the `extends` chain of `table` (read from `path`): returns the merged table
/// (without `extends`) and the parent files' texts, nearest first, for locating problems.
pub(crate) fn resolve_extends(
    mut table: Table,
    source: &str,
    path: &Path,
) -> Result<(Table, Parents), Vec<Diagnostic>> {
    let mut parents = Vec::new();
    let mut chain = vec![canonical(path)];
    let mut current_path = path.to_path_buf();
    let mut current_source = source.to_string();
    let mut layers = vec![];
    let mut here = table.remove("extends");
    while let Some(target) = here {
        let located_origin = |src: &str, file: &Path, is_main: bool| {
            let located = Located::new(src, &[]);
            let d = located.locate(Diagnostic::at("extends", ""));
            match d.origin {
                Origin::File { line, column } if !is_main => Origin::InFile {
                    file: file.to_path_buf(),
                    line,
                    column,
                },
                o => o,
            }
        };
        let is_main = layers.is_empty();
        let err = |message: String, hint: &str| {
            vec![Diagnostic {
                origin: located_origin(&current_source, &current_path, is_main),
                ..Diagnostic::at("extends", message).hint(hint)
            }]
        };
        let Value::String(rel) = target else {
            return Err(err(
                "expected a path to another scenario file, in quotes".into(),
                "extends = \"baseline.toml\"",
            ));
        };
        let parent_path = current_path.parent().unwrap_or_else(|| Path::new(".")).join(&rel);
        let key = canonical(&parent_path);
        if chain.contains(&key) {
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| p.display().to_string())
                .collect();
            return Err(err(
                format!("inheritance loop: {}", names.join(" extends ")),
                "remove one `extends` so the chain ends",
            ));
        }
        if chain.len() > MAX_DEPTH {
            return Err(err(
                format!("more than {MAX_DEPTH} levels of `extends`"),
                "flatten the chain",
            ));
        }
        let text = dctwin_core::read_text(&parent_path).map_err(|e| {
            err(
                format!("cannot read {}: {e}", parent_path.display()),
                "the path is relative to the file that extends it",
            )
        })?;
        let mut parent: Table = toml::from_str(&text).map_err(|e| {
            let located = Located::new(&text, &[]);
            let (line, column) = e.span().map_or((1, 1), |s| located.line_column(s.start));
            vec![Diagnostic {
                path: String::new(),
                message: format!("this is not valid TOML: {}", e.message().trim()),
                hint: Some("check quotes, brackets and `key = value` pairs near this position".into()),
                origin: Origin::InFile {
                    file: parent_path.clone(),
                    line,
                    column,
                },
            }]
        })?;
        here = parent.remove("extends");
        layers.push(parent);
        parents.push((parent_path.clone(), text.clone()));
        chain.push(key);
        current_path = parent_path;
        current_source = text;
    }
    // Merge from the most distant parent down to the file itself.
    let mut merged = Table::new();
    for layer in layers.into_iter().rev() {
        merge(&mut merged, layer);
    }
    merge(&mut merged, table);
    Ok((merged, parents))
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_tables_and_arrays_of_tables() {
        let mut parent: Table = toml::from_str("name = 'p'\n[site]\nlocation = 'oslo'\n[[halls]]\nracks = 3\ncooling = 'air-chiller'\n[[halls]]\nracks = 4\n").unwrap();
        let child: Table = toml::from_str("name = 'c'\n[[halls]]\ncooling = 'immersion-single-phase'\n").unwrap();
        merge(&mut parent, child);
        assert_eq!(parent["name"].as_str(), Some("c"));
        assert_eq!(parent["site"]["location"].as_str(), Some("oslo"));
        let halls = parent["halls"].as_array().unwrap();
        assert_eq!(halls.len(), 2);
        assert_eq!(halls[0]["racks"].as_integer(), Some(3));
        assert_eq!(halls[0]["cooling"].as_str(), Some("immersion-single-phase"));
    }
}
