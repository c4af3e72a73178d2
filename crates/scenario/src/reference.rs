//! What the field registry publishes: the JSON Schema of the scenario format (draft 2020-12,
//! for editors and validators) and the field reference in Markdown (`docs/`). Both are
//! generated from the declarations in `sections/`, so they cannot disagree with the checks.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::field::{Field, Kind, Unset};
use crate::sections::fields;

/// The JSON Schema's `$id`: where the repository ships it.
pub const SCHEMA_PATH: &str = "docs/scenario.schema.json";
/// Where the repository ships the field reference.
pub const REFERENCE_PATH: &str = "docs/scenario-reference.md";

/// The JSON Schema (draft 2020-12) of a scenario file: every field with its description, unit,
/// default, range and choices (catalog ids included). A file with `extends` may leave required
/// fields to its parent.
pub fn json_schema() -> Value {
    let mut root =
        object("A dctwin scenario: a datacenter, its site, grid, workloads and supply, and the window to simulate.");
    let mut required = json!({ "type": "object" });
    for f in fields() {
        let segments: Vec<&str> = f.path.split('.').filter(|s| *s != "*").collect();
        place(&mut root, &segments, f, false);
        if matches!(f.kind, Kind::Table | Kind::Tables) || matches!(f.default, Unset::Required) {
            place(&mut required, &segments, f, true);
        }
    }
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    schema.insert(
        "$id".into(),
        json!(format!("https://github.com/dctwin/dctwin/{SCHEMA_PATH}")),
    );
    schema.insert("title".into(), json!("dctwin scenario"));
    if let Value::Object(body) = root {
        schema.extend(body);
    }
    // Required fields hold for a whole scenario; one that `extends` another may leave them
    // to its parent.
    schema.insert("if".into(), json!({ "required": ["extends"] }));
    schema.insert("else".into(), json!({ "$ref": "#/$defs/complete" }));
    schema.insert("$defs".into(), json!({ "complete": required }));
    Value::Object(schema)
}

fn object(description: &str) -> Value {
    json!({ "type": "object", "description": description, "additionalProperties": false, "properties": {} })
}

/// Puts field `f` at `segments` under `node` (a table's schema); `only_required` builds the
/// tree of `required` lists alone.
fn place(node: &mut Value, segments: &[&str], f: &Field, only_required: bool) {
    let (name, rest) = match segments {
        [] => return,
        [name, rest @ ..] => (*name, rest),
    };
    // An array of tables keeps its fields under `items`.
    let node = match node.get_mut("items") {
        Some(items) => items,
        None => node,
    };
    if rest.is_empty() {
        if only_required {
            let required = matches!(f.default, Unset::Required);
            if required {
                push_required(node, name);
            }
            match f.kind {
                Kind::Tables => {
                    node["properties"][name] = json!({ "type": "array", "items": { "type": "object" } });
                    if required {
                        node["properties"][name]["minItems"] = json!(1);
                    }
                }
                Kind::Table => node["properties"][name] = json!({ "type": "object" }),
                _ => {}
            }
        } else {
            node["properties"][name] = leaf(f);
        }
        return;
    }
    let child = &mut node["properties"][name];
    if child.is_null() {
        *child = json!({ "type": "object" });
    }
    place(child, rest, f, only_required);
}

fn push_required(node: &mut Value, name: &str) {
    match node.get_mut("required").and_then(Value::as_array_mut) {
        Some(list) => list.push(json!(name)),
        None => node["required"] = json!([name]),
    }
}

/// The schema of one field.
fn leaf(f: &Field) -> Value {
    let mut s = match f.kind {
        Kind::Number => json!({ "type": "number" }),
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Text | Kind::File | Kind::Duration => json!({ "type": "string" }),
        Kind::Time => json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?Z$" }),
        Kind::Choice(names) => json!({ "type": "string", "enum": names }),
        Kind::CatalogId(what) => json!({ "type": "string", "enum": catalog_ids(what) }),
        Kind::Numbers(n) => json!({ "type": "array", "items": { "type": "number" }, "minItems": n, "maxItems": n }),
        Kind::Pairs(..) => json!({
            "type": "array",
            "minItems": 2,
            "items": { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 }
        }),
        Kind::Table => object(f.doc),
        Kind::Tables => json!({ "type": "array", "items": object(f.doc) }),
    };
    if let Kind::Duration = f.kind {
        s["pattern"] = json!("^[0-9]+(\\.[0-9]+)?[smhdw]$");
    }
    if let Some(r) = f.range {
        let bounded = if let Kind::Numbers(_) = f.kind {
            &mut s["items"]
        } else {
            &mut s
        };
        bounded[if r.lo_open { "exclusiveMinimum" } else { "minimum" }] = json!(r.lo);
        bounded["maximum"] = json!(r.hi);
    }
    match f.default {
        Unset::Number(x) => s["default"] = json!(x),
        Unset::Integer(i) => s["default"] = json!(i),
        Unset::Text(t) => s["default"] = json!(t),
        Unset::Bool(b) => s["default"] = json!(b),
        _ => {}
    }
    s["description"] = json!(description(f));
    s
}

/// A field's description as editors show it: meaning, unit, default.
fn description(f: &Field) -> String {
    let mut d = f.doc.to_string();
    if !f.unit.is_empty() && f.unit != "1" {
        let _ = write!(d, " Unit: {}.", f.unit);
    }
    if let Unset::Derived(how) = f.default {
        let _ = write!(d, " Default: {how}.");
    }
    d
}

/// The catalog's ids of one kind, sorted.
fn catalog_ids(what: &str) -> Vec<String> {
    let c = dctwin_catalog::catalog();
    let mut ids: Vec<String> = match what {
        "locations" => c.location_ids().map(str::to_string).collect(),
        "grids" => c.zone_ids().map(str::to_string).collect(),
        "accelerators" => c.accelerator_ids().map(str::to_string).collect(),
        "servers" => c.server_ids().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    ids.sort();
    ids
}

/// The field reference: one table per section, each field with its type, unit, default, range
/// and meaning.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Scenario fields\n\n\
         Every field a scenario file can set, section by section: its type, unit, default, accepted \
         range and meaning. A field left unset takes its default; the report's \"Assumptions left \
         at their defaults\" lists the values a run used, and `dctwin validate --resolved FILE` \
         prints the scenario with them filled in. `*` stands for an array index \
         (`halls.0.racks` is the first hall's).\n\n\
         This file is generated from the field declarations in `crates/scenario/src/sections/` \
         by `dctwin schema --reference`; a test fails when it is out of date. The same \
         declarations give the JSON Schema in `docs/scenario.schema.json`.\n",
    );
    let parent = |f: &Field| {
        f.path
            .rsplit_once('.')
            .map_or("", |(p, _)| p)
            .trim_end_matches(".*")
            .to_string()
    };
    let leaves = |table: &str, out: &mut String| {
        for f in fields().filter(|f| !matches!(f.kind, Kind::Table | Kind::Tables) && parent(f) == table) {
            let range = f.range.map_or(String::new(), |r| r.describe());
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                f.path,
                cell(&f.kind.name()),
                cell(if f.unit == "1" { "share" } else { f.unit }),
                cell(&f.default.describe()),
                cell(&range),
                cell(f.doc)
            );
        }
    };
    out.push_str("\n## Top level\n");
    out.push_str(HEADER);
    leaves("", &mut out);
    for f in fields().filter(|f| matches!(f.kind, Kind::Table | Kind::Tables)) {
        let table = f.path.replace(".*", "");
        let header = if f.kind == Kind::Tables {
            format!("[[{table}]]")
        } else {
            format!("[{table}]")
        };
        let _ = write!(out, "\n## `{header}`\n\n{}", f.doc);
        match f.default {
            Unset::Required => out.push_str(" Required."),
            Unset::Derived(how) => {
                let _ = write!(out, " Default: {how}.");
            }
            _ => {}
        }
        out.push('\n');
        out.push_str(HEADER);
        leaves(f.path, &mut out);
    }
    out
}

/// The head of each section's table of fields.
const HEADER: &str = "\n| field | type | unit | default | range | meaning |\n|---|---|---|---|---|---|\n";

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_sit_where_their_paths_say() {
        let s = json_schema();
        let mean = &s["properties"]["halls"]["items"]["properties"]["utilization"]["properties"]["mean"];
        assert_eq!(mean["maximum"], json!(1.0));
        assert_eq!(mean["default"], json!(0.7));
        let climate = &s["properties"]["site"]["properties"]["climate"]["properties"]["temp_mean_c"];
        assert_eq!(climate["minItems"], json!(12));
        assert_eq!(climate["items"]["minimum"], json!(-60.0));
        assert!(
            s["properties"]["site"]["properties"]["location"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("stockholm"))
        );
        let complete = &s["$defs"]["complete"];
        assert_eq!(complete["required"], json!(["halls"]));
        assert_eq!(complete["properties"]["halls"]["items"]["required"], json!(["racks"]));
        assert_eq!(complete["properties"]["training"]["type"], json!("array"));
        assert_eq!(
            complete["properties"]["training"]["items"]["required"],
            json!(["name", "accelerators"])
        );
    }

    #[test]
    fn the_reference_has_a_row_per_field() {
        let md = reference_markdown();
        let rows = md.lines().filter(|l| l.starts_with("| `")).count();
        let leaves = fields()
            .filter(|f| !matches!(f.kind, Kind::Table | Kind::Tables))
            .count();
        assert_eq!(rows, leaves);
        assert!(
            md.contains("| `inference.*.max_batch` | integer |  | 32 | 1..4096 |"),
            "{md}"
        );
        assert_eq!(crate::field::number_text(0.85), "0.85");
    }
}
