//! The context every section resolves in: the catalog, the scenario's folder, the problems
//! found and the defaults applied — each default recorded with the value the run used.

use std::path::Path;

use dctwin_catalog::{Catalog, suggest};

use crate::Diagnostic;
use crate::field::{Field, Kind, Unset};

/// A default the run used: the field, where, and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultUsed {
    /// The field's declaration.
    pub field: &'static Field,
    /// Its concrete dotted path (`halls.0.cooling`).
    pub path: String,
    /// The value the run used, as it would be written in the scenario.
    pub value: toml::Value,
}

/// What resolving a scenario needs and gathers: the catalog, the folder relative paths start
/// from, every problem found and every default applied.
pub(crate) struct Ctx<'a> {
    /// The built-in catalog.
    pub catalog: &'a Catalog,
    /// The scenario file's folder.
    pub base_dir: &'a Path,
    /// Problems so far.
    pub problems: Vec<Diagnostic>,
    /// Defaults applied so far.
    pub defaults: Vec<DefaultUsed>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(catalog: &'a Catalog, base_dir: &'a Path) -> Self {
        Self {
            catalog,
            base_dir,
            problems: Vec::new(),
            defaults: Vec::new(),
        }
    }

    /// A context on the built-in catalog and the current folder.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Ctx<'static> {
        Ctx::new(dctwin_catalog::catalog(), Path::new("."))
    }

    /// Records a problem.
    pub(crate) fn problem(&mut self, d: Diagnostic) {
        self.problems.push(d);
    }

    /// The value of `r`, or `None` with its problem recorded.
    pub(crate) fn ok<T>(&mut self, r: Result<T, Diagnostic>) -> Option<T> {
        r.map_err(|d| self.problem(d)).ok()
    }

    fn record(&mut self, field: &'static Field, index: Option<usize>, value: toml::Value) {
        let path = index.map_or_else(|| field.path.to_string(), |i| field.at(i));
        self.defaults.push(DefaultUsed { field, path, value });
    }

    /// Records that `field` was left unset and the run used `value`, worked out from other
    /// fields or the catalog.
    pub(crate) fn derived(&mut self, field: &'static Field, index: Option<usize>, value: impl Into<toml::Value>) {
        self.record(field, index, value.into());
    }

    /// `v`, or the field's fixed numeric default (recorded).
    pub(crate) fn number(&mut self, field: &'static Field, index: Option<usize>, v: Option<f64>) -> f64 {
        v.unwrap_or_else(|| {
            let x = field.default_number().unwrap_or(0.0);
            self.record(field, index, toml::Value::Float(x));
            x
        })
    }

    /// `v`, or the field's fixed whole-number default (recorded).
    pub(crate) fn integer(&mut self, field: &'static Field, index: Option<usize>, v: Option<i64>) -> i64 {
        v.unwrap_or_else(|| {
            let x = match field.default {
                Unset::Integer(i) => i,
                _ => 0,
            };
            self.record(field, index, toml::Value::Integer(x));
            x
        })
    }

    /// `v`, or the field's fixed flag (recorded).
    pub(crate) fn flag(&mut self, field: &'static Field, index: Option<usize>, v: Option<bool>) -> bool {
        v.unwrap_or_else(|| {
            let x = matches!(field.default, Unset::Bool(true));
            self.record(field, index, toml::Value::Boolean(x));
            x
        })
    }

    /// `v`, or the field's fixed text (recorded).
    pub(crate) fn text(&mut self, field: &'static Field, index: Option<usize>, v: Option<&str>) -> String {
        if let Some(v) = v {
            return v.to_string();
        }
        let x = match field.default {
            Unset::Text(t) => t,
            _ => "",
        };
        self.record(field, index, toml::Value::String(x.into()));
        x.to_string()
    }

    /// `v` when it lies in the field's range; else the range's problem (the same one the
    /// check before resolving reports, so it is shown once).
    pub(crate) fn within(&mut self, field: &'static Field, index: Option<usize>, v: f64) -> Option<f64> {
        match field.range {
            Some(r) if !r.contains(v) => {
                let path = index.map_or_else(|| field.path.to_string(), |i| field.at(i));
                self.problem(field.out_of_range(path, v));
                None
            }
            _ => Some(v),
        }
    }

    /// `v`, or the field's default (recorded), when it lies in the field's range; else `None`
    /// with the range's problem.
    pub(crate) fn number_checked(
        &mut self,
        field: &'static Field,
        index: Option<usize>,
        v: Option<f64>,
    ) -> Option<f64> {
        let x = self.number(field, index, v);
        self.within(field, index, x)
    }

    /// [`Ctx::number_checked`] that keeps an out-of-range value (its problem recorded), for
    /// sections that finish their other checks before giving up.
    pub(crate) fn number_held(&mut self, field: &'static Field, v: Option<f64>) -> f64 {
        let x = self.number(field, None, v);
        self.within(field, None, x).unwrap_or(x)
    }

    /// `v` (or the default) as one of the field's choices; an unknown name is a problem with
    /// the list and the nearest name.
    pub(crate) fn choice(
        &mut self,
        field: &'static Field,
        index: Option<usize>,
        v: Option<&str>,
    ) -> Option<&'static str> {
        let Kind::Choice(names) = field.kind else {
            unreachable!("`{}` is declared as a choice", field.path)
        };
        let name = self.text(field, index, v);
        let found = names.iter().copied().find(|n| *n == name);
        if found.is_none() {
            let path = index.map_or_else(|| field.path.to_string(), |i| field.at(i));
            let d = Diagnostic::at(
                path,
                format!(
                    "unknown {} `{name}`, expected one of {}",
                    field.name().replace('_', " "),
                    names.join(", ")
                ),
            );
            self.problem(match suggest(&name, names.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(field.hint()),
            });
        }
        found
    }
}
