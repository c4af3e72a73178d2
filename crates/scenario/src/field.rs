//! The field registry's vocabulary: what one scenario field is — its dotted path, type, unit,
//! default, range, meaning and an example — declared once, beside its section's spec
//! (`sections/*.rs`). Range checks ([`crate::bounds`]), error hints, the defaults `resolve`
//! applies and reports, `validate --resolved`, the JSON Schema and the field reference in
//! `docs/` are all read from these declarations.

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A real number.
    Number,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// Free text (a name, a description).
    Text,
    /// One of a fixed list of names.
    Choice(&'static [&'static str]),
    /// An id from the built-in catalog (`dctwin catalog WHAT` lists them).
    CatalogId(&'static str),
    /// A duration such as `"15m"` or `"365d"`.
    Duration,
    /// A UTC instant such as `"2025-01-01T00:00:00Z"`.
    Time,
    /// A path to a file, relative to the scenario file.
    File,
    /// A list of exactly this many numbers (monthly values: 12).
    Numbers(usize),
    /// A list of `[a, b]` pairs of numbers (a power curve: wind speed, power); the two name
    /// their units.
    Pairs(&'static str, &'static str),
    /// A table of further fields (`[site]`).
    Table,
    /// An array of tables (`[[halls]]`).
    Tables,
}

impl Kind {
    /// The type as the reference names it.
    pub fn name(self) -> String {
        match self {
            Kind::Number => "number".into(),
            Kind::Integer => "integer".into(),
            Kind::Bool => "true/false".into(),
            Kind::Text => "text".into(),
            Kind::Choice(names) => format!("one of {}", names.join(", ")),
            Kind::CatalogId(what) => format!("catalog id (`dctwin catalog {what}`)"),
            Kind::Duration => "duration (`15m`, `365d`)".into(),
            Kind::Time => "UTC time (`2025-01-01T00:00:00Z`)".into(),
            Kind::File => "file path (relative to the scenario)".into(),
            Kind::Numbers(n) => format!("{n} numbers"),
            Kind::Pairs(a, b) => format!("list of [{a}, {b}] pairs"),
            Kind::Table => "table".into(),
            Kind::Tables => "array of tables".into(),
        }
    }
}

/// What a field is when the scenario does not set it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unset {
    /// The scenario must set it.
    Required,
    /// Absent means "not used" (no battery, no cap, no file).
    Off,
    /// A fixed number.
    Number(f64),
    /// A fixed whole number.
    Integer(i64),
    /// A fixed text or choice.
    Text(&'static str),
    /// A fixed flag.
    Bool(bool),
    /// Worked out from other fields or the catalog; the text says how.
    Derived(&'static str),
}

impl Unset {
    /// The default as the reference writes it.
    pub fn describe(self) -> String {
        match self {
            Unset::Required => "required".into(),
            Unset::Off => "none".into(),
            Unset::Number(x) => crate::field::number_text(x),
            Unset::Integer(i) => i.to_string(),
            Unset::Text("") => "empty".into(),
            Unset::Text(t) => format!("`{t}`"),
            Unset::Bool(b) => b.to_string(),
            Unset::Derived(how) => how.into(),
        }
    }
}

/// An accepted range; each end inclusive unless marked open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
    /// Whether `lo` itself is refused ("above 0").
    pub lo_open: bool,
}

impl Range {
    /// Whether `x` lies in the range.
    pub fn contains(&self, x: f64) -> bool {
        (if self.lo_open { x > self.lo } else { x >= self.lo }) && x <= self.hi
    }

    /// `0..1`, or `above 0 and at most 1`.
    pub fn describe(&self) -> String {
        if self.lo_open {
            format!("above {} and at most {}", number_text(self.lo), number_text(self.hi))
        } else {
            format!("{}..{}", number_text(self.lo), number_text(self.hi))
        }
    }
}

/// One scenario field. `path` is dotted, with `*` for any array index (`halls.*.racks`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path; `*` stands for an array index.
    pub path: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Unit, as written in the field's name (`MWh`, `°C`; `1` for a share; empty for none).
    pub unit: &'static str,
    /// Its value when the scenario does not set it.
    pub default: Unset,
    /// The values accepted, for numbers (each element of a list).
    pub range: Option<Range>,
    /// What it means, for people.
    pub doc: &'static str,
    /// An example line that sets it; the hint of every error at this field.
    pub example: &'static str,
}

impl Field {
    /// A field of `kind` at `path`, optional and off by default.
    pub const fn new(path: &'static str, kind: Kind, doc: &'static str) -> Self {
        Self {
            path,
            kind,
            unit: "",
            default: Unset::Off,
            range: None,
            doc,
            example: "",
        }
    }

    /// A number at `path` in `unit`.
    pub const fn number(path: &'static str, unit: &'static str, doc: &'static str) -> Self {
        Self {
            unit,
            ..Self::new(path, Kind::Number, doc)
        }
    }

    /// A list of `n` numbers, each in the field's range.
    #[must_use]
    pub const fn list(self, n: usize) -> Self {
        Self {
            kind: Kind::Numbers(n),
            ..self
        }
    }

    /// With a default.
    #[must_use]
    pub const fn or(self, default: Unset) -> Self {
        Self { default, ..self }
    }

    /// Required.
    #[must_use]
    pub const fn required(self) -> Self {
        self.or(Unset::Required)
    }

    /// Accepting `lo..=hi`.
    #[must_use]
    pub const fn range(self, lo: f64, hi: f64) -> Self {
        Self {
            range: Some(Range { lo, hi, lo_open: false }),
            ..self
        }
    }

    /// Accepting values above `lo` and up to `hi`.
    #[must_use]
    pub const fn above(self, lo: f64, hi: f64) -> Self {
        Self {
            range: Some(Range { lo, hi, lo_open: true }),
            ..self
        }
    }

    /// With an example line.
    #[must_use]
    pub const fn example(self, example: &'static str) -> Self {
        Self { example, ..self }
    }

    /// The fixed numeric default, if it has one.
    pub fn default_number(&self) -> Option<f64> {
        match self.default {
            Unset::Number(x) => Some(x),
            Unset::Integer(i) => Some(i as f64),
            _ => None,
        }
    }

    /// The field's name: the last segment of its path.
    pub fn name(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The concrete path of this field in array element `index` (`halls.*.racks`, 2 →
    /// `halls.2.racks`); paths without `*` are returned as they are.
    pub fn at(&self, index: usize) -> String {
        self.path.replacen('*', &index.to_string(), 1)
    }

    /// Whether this field's pattern matches the concrete `path` (`*` matches an index).
    pub fn matches(&self, path: &str) -> bool {
        let (mut p, mut q) = (self.path.split('.'), path.split('.'));
        loop {
            match (p.next(), q.next()) {
                (None, None) => return true,
                (Some("*"), Some(seg)) if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) => {}
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    }

    /// The problem of a value `v` outside this field's range, at the concrete `path`.
    pub fn out_of_range(&self, path: impl Into<String>, v: f64) -> crate::Diagnostic {
        let what = if self.kind == Kind::Integer {
            "a whole number"
        } else {
            "a number"
        };
        let range = self.range.map_or_else(String::new, |r| r.describe());
        let unit = if self.unit.is_empty() || self.unit == "1" {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        crate::Diagnostic::at(
            path,
            format!(
                "expected {what} in {range}{unit} ({}), found {}",
                self.gist(),
                number_text(v)
            ),
        )
        .hint(self.hint())
    }

    /// The first clause of the doc, lower-cased: "racks in the hall".
    pub fn gist(&self) -> String {
        let end = self.doc.find(['.', ';', ':', '(']).unwrap_or(self.doc.len());
        let clause = self.doc[..end].trim().trim_end_matches(',');
        let mut chars = clause.chars();
        match chars.next() {
            Some(first) if !clause.starts_with("DC") && !clause.starts_with("UPS") => {
                first.to_lowercase().chain(chars).collect()
            }
            _ => clause.to_string(),
        }
    }

    /// The hint for a problem at this field: its example, else its range or choices.
    pub fn hint(&self) -> String {
        if !self.example.is_empty() {
            return self.example.to_string();
        }
        if let Some(r) = self.range {
            let unit = if self.unit.is_empty() || self.unit == "1" {
                String::new()
            } else {
                format!(" {}", self.unit)
            };
            return format!("{}{unit}", r.describe());
        }
        if let Kind::Choice(names) = self.kind {
            return format!("one of {}", names.join(", "));
        }
        format!("{} ({})", self.doc, self.kind.name())
    }
}

/// A number as the reference and messages write it: no trailing `.0`, exponents for the very
/// large and very small.
pub fn number_text(x: f64) -> String {
    if x == 0.0 || (1e-4..1e9).contains(&x.abs()) {
        let s = format!("{x}");
        s.strip_suffix(".0").map_or(s.clone(), str::to_string)
    } else {
        format!("{x:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_indices_only_where_written() {
        let f = Field::new("halls.*.pue", Kind::Number, "");
        assert!(f.matches("halls.12.pue"));
        assert!(!f.matches("halls.x.pue"));
        assert!(!f.matches("halls.1.pue.extra"));
        assert!(!f.matches("halls"));
        assert_eq!(f.at(3), "halls.3.pue");
    }

    #[test]
    fn ranges_keep_or_open_their_lower_end() {
        let closed = Field::number("a", "1", "").range(0.0, 1.0).range.unwrap();
        let open = Field::number("a", "1", "").above(0.0, 1.0).range.unwrap();
        assert!(closed.contains(0.0) && closed.contains(1.0) && !closed.contains(1.000_001));
        assert!(!open.contains(0.0) && open.contains(1e-9) && open.contains(1.0));
        assert_eq!(open.describe(), "above 0 and at most 1");
        assert_eq!(closed.describe(), "0..1");
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number_text(0.85), "0.85");
        assert_eq!(number_text(4096.0), "4096");
        assert_eq!(number_text(1e30), "1e30");
        assert_eq!(number_text(-12.0), "-12");
    }

    #[test]
    fn hints_name_range_unit_and_example() {
        let f = Field::number("inference.*.max_batch", "", "")
            .range(1.0, 4096.0)
            .example("max_batch = 32");
        assert_eq!(f.hint(), "max_batch = 32");
        let f = Field::new(
            "inference.*.max_batch",
            Kind::Integer,
            "Largest decode batch: requests decoded together.",
        )
        .range(1.0, 4096.0);
        assert_eq!(
            f.out_of_range("inference.0.max_batch", 5000.0).message,
            "expected a whole number in 1..4096 (largest decode batch), found 5000"
        );
        let f = Field::number("x", "MWh", "").range(0.0, 5.0);
        assert_eq!(f.hint(), "0..5 MWh");
    }
}
