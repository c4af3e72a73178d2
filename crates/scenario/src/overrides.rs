//! `--set dotted.path=value` overrides, applied to the parsed file before it is checked.

use toml::{Table, Value};

use crate::Diagnostic;

/// One parsed `--set` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted path, with array indices as numbers (`halls.0.cooling`).
    pub path: String,
    /// The value: TOML if it parses as TOML (`3`, `0.8`, `true`, `"x"`, `[1, 2]`), else a bare string.
    pub value: Value,
    /// The argument as given, for messages.
    pub arg: String,
}

impl Override {
    /// Parses `path=value`.
    pub fn parse(arg: &str) -> Result<Self, Diagnostic> {
        let Some((path, raw)) = arg.split_once('=') else {
            return Err(Diagnostic::at("", format!("`--set {arg}` has no `=`"))
                .hint("write --set dotted.path=value, e.g. --set halls.0.cooling=air-chiller"));
        };
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(Diagnostic::at(path, format!("`--set {arg}` has an empty path segment"))
                .hint("paths look like `time.step` or `halls.0.racks`"));
        }
        let raw = raw.trim();
        let value = toml::from_str::<Table>(&format!("v = {raw}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| Value::String(raw.to_string()));
        Ok(Self {
            path: path.to_string(),
            value,
            arg: arg.to_string(),
        })
    }

    /// Writes the value into `root`, creating missing tables on the way.
    pub fn apply(&self, root: &mut Table) -> Result<(), Diagnostic> {
        let segments: Vec<&str> = self.path.split('.').collect();
        let mut here = Here::Table(root);
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let so_far = segments[..=i].join(".");
            here = match here {
                Here::Table(t) => {
                    if last {
                        t.insert((*seg).to_string(), self.value.clone());
                        return Ok(());
                    }
                    let entry = t
                        .entry((*seg).to_string())
                        .or_insert_with(|| Value::Table(Table::new()));
                    Here::Value(entry)
                }
                Here::Value(v) => match v {
                    Value::Table(t) => {
                        if last {
                            t.insert((*seg).to_string(), self.value.clone());
                            return Ok(());
                        }
                        let entry = t
                            .entry((*seg).to_string())
                            .or_insert_with(|| Value::Table(Table::new()));
                        Here::Value(entry)
                    }
                    Value::Array(items) => {
                        let len = items.len();
                        let Some(item) = seg.parse::<usize>().ok().and_then(|k| items.get_mut(k)) else {
                            return Err(Diagnostic::at(
                                so_far,
                                format!("`--set {}`: `{seg}` is not an index of this list of {len}", self.arg),
                            )
                            .hint(format!("use an index from 0 to {}", len.saturating_sub(1))));
                        };
                        if last {
                            *item = self.value.clone();
                            return Ok(());
                        }
                        Here::Value(item)
                    }
                    _ => {
                        let parent = segments[..i].join(".");
                        return Err(Diagnostic::at(
                            parent.clone(),
                            format!(
                                "`--set {}`: `{parent}` is a single value, it has no field `{seg}`",
                                self.arg
                            ),
                        )
                        .hint(format!("set `{parent}` itself, e.g. --set {parent}=…")));
                    }
                },
            };
        }
        Ok(())
    }
}

enum Here<'a> {
    Table(&'a mut Table),
    Value(&'a mut Value),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        toml::from_str("name = 'a'\n[[halls]]\nracks = 3\ncooling = 'air-chiller'\n").unwrap()
    }

    #[test]
    fn sets_values_with_toml_types_or_bare_strings() {
        let mut t = doc();
        Override::parse("halls.0.racks=12").unwrap().apply(&mut t).unwrap();
        Override::parse("halls.0.cooling=fixed-pue")
            .unwrap()
            .apply(&mut t)
            .unwrap();
        Override::parse("grid.carbon_intensity_g_per_kwh=429")
            .unwrap()
            .apply(&mut t)
            .unwrap();
        let halls = t["halls"].as_array().unwrap();
        assert_eq!(halls[0]["racks"].as_integer(), Some(12));
        assert_eq!(halls[0]["cooling"].as_str(), Some("fixed-pue"));
        assert_eq!(t["grid"]["carbon_intensity_g_per_kwh"].as_integer(), Some(429));
    }

    #[test]
    fn rejects_bad_paths() {
        let mut t = doc();
        assert!(Override::parse("halls.3.racks=1").unwrap().apply(&mut t).is_err());
        assert!(Override::parse("name.first=x").unwrap().apply(&mut t).is_err());
        assert!(Override::parse("nothing").is_err());
        assert!(Override::parse("a..b=1").is_err());
    }
}
