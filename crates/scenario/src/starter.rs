//! `dctwin new`: a commented starter scenario, each line explained by its field's declaration,
//! with the optional sections written out as comments ready to switch on.

use std::fmt::Write as _;

use crate::field::{Field, number_text};
use crate::sections::{battery, hall, heat_reuse, site, solar, time, top};

/// What a starter scenario is built from; `None` takes the field's default.
#[derive(Debug, Clone, Default)]
pub struct Starter {
    /// Scenario name (and file name).
    pub name: String,
    /// Catalog location.
    pub location: Option<String>,
    /// Catalog accelerator.
    pub accelerator: Option<String>,
    /// Cooling type.
    pub cooling: Option<String>,
    /// Racks in the hall.
    pub racks: Option<u32>,
}

/// One commented line: `# doc [unit]` above `key = value`.
fn line(out: &mut String, f: &Field, value: &str, commented: bool) {
    let unit = if f.unit.is_empty() || f.unit == "1" {
        String::new()
    } else {
        format!(" [{}]", f.unit)
    };
    let _ = writeln!(out, "# {}{unit}.", f.doc.trim_end_matches('.'));
    let _ = writeln!(out, "{}{} = {value}", if commented { "# " } else { "" }, f.name());
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

impl Starter {
    /// The scenario file's text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# {name}: a dctwin scenario. Check it with `dctwin validate {name}.toml`, run it with\n\
             # `dctwin run {name}.toml`. Every field, its unit, range and default: `dctwin schema\n\
             # --reference`. Fields left out take their defaults; the report lists the values used.\n",
            name = self.name
        );
        line(&mut out, &top::NAME, &quoted(&self.name), false);
        line(
            &mut out,
            &top::DESCRIPTION,
            &quoted("What this scenario asks, in a sentence."),
            false,
        );
        line(&mut out, &top::SEED, "1", false);
        out.push_str("\n[time]\n");
        for f in [&time::START, &time::DURATION, &time::STEP] {
            if let crate::Unset::Text(t) = f.default {
                line(&mut out, f, &quoted(t), false);
            }
        }
        out.push_str("\n[site]\n");
        line(
            &mut out,
            &site::LOCATION,
            &quoted(self.location.as_deref().unwrap_or(crate::DEFAULT_LOCATION)),
            false,
        );
        out.push_str("\n[[halls]]\n");
        line(
            &mut out,
            &hall::ACCELERATOR,
            &quoted(self.accelerator.as_deref().unwrap_or(hall::DEFAULT_ACCELERATOR)),
            false,
        );
        line(&mut out, &hall::RACKS, &self.racks.unwrap_or(10).to_string(), false);
        let cooling = self.cooling.clone().unwrap_or_else(|| "air-chiller".into());
        line(&mut out, &crate::sections::cooling::COOLING, &quoted(&cooling), false);
        if cooling == "fixed-pue" {
            line(&mut out, &crate::sections::cooling::PUE, "1.2", false);
        }
        let mean = hall::MEAN.default_number().unwrap_or(0.7);
        let _ = writeln!(
            out,
            "# {}\n# `profile`: constant, training (close to the mean) or inference (a daily and weekly\n\
             # cycle); `mean`: a share of peak.",
            hall::UTILIZATION.doc
        );
        let _ = writeln!(
            out,
            "utilization = {{ profile = \"training\", mean = {} }}",
            number_text(mean)
        );
        out.push_str(
            "\n# Optional sections: remove the leading `# ` from a section's lines to switch it on.\n\n# [supply.solar]\n",
        );
        line(&mut out, &solar::SOLAR_CAPACITY_MW_DC, "15", true);
        line(&mut out, &solar::TRACKING, &quoted("fixed"), true);
        out.push_str("\n# [supply.battery]\n");
        line(&mut out, &battery::ENERGY_MWH, "20", true);
        line(&mut out, &battery::POWER_MW, "5", true);
        line(&mut out, &battery::POLICY, &quoted("self-consumption"), true);
        out.push_str("\n# [heat_reuse]\n");
        line(&mut out, &heat_reuse::SINK, &quoted("district-heating"), true);
        line(&mut out, &heat_reuse::SUPPLY_TEMP_C, "70", true);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loads(text: &str) -> Result<crate::Loaded, crate::ScenarioError> {
        crate::load_str(text, std::path::Path::new("starter.toml"), &[], None)
    }

    #[test]
    fn a_starter_validates_as_written_and_with_every_section_switched_on() {
        let s = Starter {
            name: "luleå-test".replace('å', "a"),
            location: Some("stockholm".into()),
            cooling: Some("fixed-pue".into()),
            ..Starter::default()
        };
        let text = s.render();
        let l = loads(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(l.config.halls[0].racks, 10);
        let on: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[')
                        || rest
                            .split_once(" = ")
                            .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_')) =>
                {
                    rest
                }
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let l = loads(&on).unwrap_or_else(|e| panic!("{e}\n{on}"));
        assert!(l.config.supply.battery.is_some() && l.config.heat_reuse.is_some() && l.config.supply.solar.is_some());
    }
}
