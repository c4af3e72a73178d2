//! Problems found in a scenario, with where they are and how to fix them.

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A position in the scenario file, 1-based.
    File {
        /// Line number.
        line: usize,
        /// Column number (in characters).
        column: usize,
    },
    /// A position in a scenario this one `extends`, 1-based.
    InFile {
        /// The parent file.
        file: PathBuf,
        /// Line number.
        line: usize,
        /// Column number (in characters).
        column: usize,
    },
    /// A `--set` override on the command line.
    Override(String),
    /// The file as a whole (a required field that is absent, or an unreadable file).
    WholeFile,
}

/// One problem: what, where, what was expected, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Dotted path of the field (`halls.0.racks`); empty for the whole file.
    pub path: String,
    /// What is wrong, including what was expected.
    pub message: String,
    /// A suggestion that fixes it.
    pub hint: Option<String>,
    /// Where the value came from.
    pub origin: Origin,
}

impl Diagnostic {
    /// A problem at `path`, positioned later by [`Located::locate`].
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            hint: None,
            origin: Origin::WholeFile,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Gives a diagnostic that has no hint of its own its field's (the example, range or
    /// choices declared with the field), or failing that a pointer to the field reference, so
    /// that every error the user sees ends with a `hint:`.
    #[must_use]
    pub fn with_default_hint(mut self) -> Self {
        if self.hint.is_none() {
            self.hint = Some(crate::field_at(&self.path).map_or_else(
                || "`dctwin schema --reference` lists every field with its unit, range and default".to_string(),
                crate::Field::hint,
            ));
        }
        self
    }
}

/// Everything that stops a scenario from loading.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{}: cannot read the scenario file: {source}\n  hint: check the path; scenarios ship in `scenarios/` (try `dctwin run scenarios/baseline.toml`)", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file was read but has problems; all of them are listed.
    #[error("{}", render(path, problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<Diagnostic>,
    },
}

fn render(path: &std::path::Path, problems: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let place = match &d.origin {
            Origin::File { line, column } => format!("{}:{line}:{column}", path.display()),
            Origin::InFile { file, line, column } => {
                format!("{}:{line}:{column} (extended by {})", file.display(), path.display())
            }
            Origin::Override(arg) => format!("--set {arg} (applied to {})", path.display()),
            Origin::WholeFile => path.display().to_string(),
        };
        if d.path.is_empty() {
            let _ = write!(out, "error: {place}: {}", d.message);
        } else {
            let _ = write!(out, "error: {place}: `{}`: {}", d.path, d.message);
        }
        if let Some(h) = &d.hint {
            let _ = write!(out, "\n  hint: {h}");
        }
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

/// The scenario source, able to say where a dotted path is written.
pub(crate) struct Located<'a> {
    source: &'a str,
    root: Option<Spanned<DeTable<'a>>>,
    overrides: &'a [(String, String)],
    /// The file's name when it is a parent (for messages).
    file: Option<PathBuf>,
    /// The scenarios this one extends, nearest first.
    parents: Vec<Located<'a>>,
}

impl<'a> Located<'a> {
    /// `overrides` are `(dotted path, original argument)` pairs of the `--set`s applied.
    pub(crate) fn new(source: &'a str, overrides: &'a [(String, String)]) -> Self {
        Self {
            source,
            root: DeTable::parse(source).ok(),
            overrides,
            file: None,
            parents: Vec::new(),
        }
    }

    /// Adds the scenarios this one extends, `(file, text)`, nearest first.
    #[must_use]
    pub(crate) fn with_parents(mut self, parents: &'a [(PathBuf, String)]) -> Self {
        self.parents = parents
            .iter()
            .map(|(file, text)| Self {
                source: text,
                root: DeTable::parse(text).ok(),
                overrides: &[],
                file: Some(file.clone()),
                parents: Vec::new(),
            })
            .collect();
        self
    }

    /// Line and column (1-based) of a byte offset.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.source[..offset.min(self.source.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// Fills in where the diagnostic's path comes from: the value for a plain scalar, the key
    /// for tables, arrays and when `at_key` (an unknown field is best shown by its name).
    pub(crate) fn locate(&self, d: Diagnostic) -> Diagnostic {
        self.locate_at(d, false)
    }

    /// [`Located::locate`], pointing at the field's key.
    pub(crate) fn locate_key(&self, d: Diagnostic) -> Diagnostic {
        self.locate_at(d, true)
    }

    fn locate_at(&self, mut d: Diagnostic, at_key: bool) -> Diagnostic {
        if let Some((_, arg)) = self.overrides.iter().rev().find(|(p, _)| {
            d.path == *p || d.path.starts_with(&format!("{p}.")) || p.starts_with(&format!("{}.", d.path))
        }) {
            d.origin = Origin::Override(arg.clone());
            return d;
        }
        let here = self.span_of(&d.path, at_key);
        // A field this file does not write may come from a scenario it extends.
        if !here.as_ref().is_some_and(|(_, exact)| *exact) {
            for parent in &self.parents {
                if let Some((span, true)) = parent.span_of(&d.path, at_key) {
                    let (line, column) = parent.line_column(span.start);
                    d.origin = Origin::InFile {
                        file: parent.file.clone().unwrap_or_default(),
                        line,
                        column,
                    };
                    return d;
                }
            }
        }
        if let Some((span, _)) = here {
            let (line, column) = self.line_column(span.start);
            d.origin = Origin::File { line, column };
        }
        d
    }

    /// Byte span of the deepest existing prefix of a dotted path (the key for a table entry,
    /// the value for an array element), and whether the whole path exists.
    fn span_of(&self, path: &str, at_key: bool) -> Option<(Range<usize>, bool)> {
        let best = self.prefix_span(path, at_key)?;
        Some(best)
    }

    fn prefix_span(&self, path: &str, at_key: bool) -> Option<(Range<usize>, bool)> {
        let root = self.root.as_ref()?;
        let mut table: &DeTable<'_> = root.get_ref();
        let mut value: Option<&Spanned<DeValue<'_>>> = None;
        let mut best: Option<Range<usize>> = None;
        for segment in path.split('.').filter(|s| !s.is_empty()) {
            let next = match value.map(Spanned::get_ref) {
                Some(DeValue::Array(items)) => {
                    let Some(item) = segment.parse::<usize>().ok().and_then(|i| items.get(i)) else {
                        return best.map(|b| (b, false));
                    };
                    if !item.span().is_empty() {
                        best = Some(item.span());
                    }
                    item
                }
                Some(DeValue::Table(t)) => {
                    let Some((k, v)) = t.iter().find(|(k, _)| k.get_ref() == segment) else {
                        return best.map(|b| (b, false));
                    };
                    best = Some(if at_key { k.span() } else { key_or_value_span(k, v) });
                    v
                }
                None => {
                    let Some((k, v)) = table.iter().find(|(k, _)| k.get_ref() == segment) else {
                        return best.map(|b| (b, false));
                    };
                    best = Some(if at_key { k.span() } else { key_or_value_span(k, v) });
                    v
                }
                Some(_) => return best.map(|b| (b, false)),
            };
            if let DeValue::Table(t) = next.get_ref() {
                table = t;
            }
            value = Some(next);
        }
        best.map(|b| (b, true))
    }
}

/// A table entry is best shown at its value when the value is a plain scalar written on the
/// key's line (`racks = -3` → the `-3`), and at its key otherwise (tables, arrays of tables).
fn key_or_value_span<K>(key: &Spanned<K>, value: &Spanned<DeValue<'_>>) -> Range<usize> {
    match value.get_ref() {
        DeValue::Table(_) | DeValue::Array(_) => key.span(),
        _ if value.span().is_empty() => key.span(),
        _ => value.span(),
    }
}

/// Replaces serde's Rust type names in a message with words a scenario author knows.
pub(crate) fn plain_types(message: &str) -> String {
    let mut m = message.to_string();
    for (rust, plain) in [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected text in quotes"),
        ("expected a sequence", "expected a list like [1, 2]"),
        ("expected a boolean", "expected true or false"),
        ("expected struct ", "expected a table "),
        ("invalid type: string", "found text"),
        ("invalid type: integer", "found the whole number"),
        ("invalid type: floating point", "found the number"),
        ("invalid type: sequence", "found a list"),
        ("invalid type: map", "found a table"),
        ("invalid type: boolean", "found the boolean"),
    ] {
        m = m.replace(rust, plain);
    }
    m
}
