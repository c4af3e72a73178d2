//! A hall's cooling: the type, and the options that belong to one type only.

use super::Ctx;
use super::hall::HallSpec;
use crate::Diagnostic;
use crate::config::Cooling;
use crate::field::{Field, Kind, Unset};

/// Names of the cooling types, in [`COOLING_TYPES`]'s order (a test keeps them equal).
pub const COOLING_NAMES: &[&str] = &[
    "air-chiller",
    "air-tower",
    "air-economizer",
    "direct-liquid",
    "immersion-single-phase",
    "immersion-two-phase",
    "sea-water",
    "lake-water",
    "fixed-pue",
];

/// Cooling type.
pub const COOLING: Field = Field::new(
    "halls.*.cooling",
    Kind::Choice(COOLING_NAMES),
    "The hall's cooling plant (`dctwin catalog cooling` describes each type).",
)
.or(Unset::Text("air-chiller"))
.example("cooling = \"immersion-single-phase\"");
/// Fixed PUE.
pub const PUE: Field = Field::number(
    "halls.*.pue",
    "1",
    "For `cooling = \"fixed-pue\"` (and required there): the hall's PUE, facility energy over IT energy with everything included — cooling, conversion losses and the rest; the run draws exactly IT × PUE (`pue = 1.0`: facility energy is IT energy).",
)
.range(1.0, 5.0)
.example("pue = 1.10");
/// Tower water model.
pub const WATER_MODEL: Field = Field::new(
    "halls.*.water_model",
    Kind::Choice(&["physics", "li2023"]),
    "For `cooling = \"air-tower\"`: the tower's water from its energy balance (`physics`) or Li et al. 2023's empirical WUE (`li2023`).",
)
.or(Unset::Text("physics"))
.example("water_model = \"physics\"");
/// Cold-plate capture.
pub const LIQUID_CAPTURE_FRAC: Field = Field::number(
    "halls.*.liquid_capture_frac",
    "1",
    "For `cooling = \"direct-liquid\"`: share of the heat the cold plates take; the rest goes to air.",
)
.or(Unset::Number(0.8))
.range(0.0, 1.0)
.example("liquid_capture_frac = 0.8 (cold plates typically take 0.7–0.95 of a GPU server's heat)");
/// Sea temperatures.
pub const SEA_TEMP_C: Field = Field::number(
    "halls.*.sea_temp_c",
    "°C",
    "For `cooling = \"sea-water\"`: monthly sea temperatures, January first.",
)
.list(12)
.or(Unset::Derived("from the site's monthly air temperatures"))
.range(-2.0, 35.0)
.example("sea_temp_c = [4, 3, 3, 5, 9, 14, 17, 17, 14, 11, 8, 6]");

/// Type-specific options: each with the type it belongs to.
const OWNED: [(&Field, &str); 4] = [
    (&PUE, "fixed-pue"),
    (&WATER_MODEL, "air-tower"),
    (&LIQUID_CAPTURE_FRAC, "direct-liquid"),
    (&SEA_TEMP_C, "sea-water"),
];

/// The cooling of hall `i`.
pub(crate) fn resolve(i: usize, h: &HallSpec, cx: &mut Ctx) -> Option<Cooling> {
    let kind = cx.choice(&COOLING, Some(i), h.cooling.as_deref())?;
    let set = [
        h.pue.is_some(),
        h.water_model.is_some(),
        h.liquid_capture_frac.is_some(),
        h.sea_temp_c.is_some(),
    ];
    let mut ok = true;
    for ((field, owner), set) in OWNED.into_iter().zip(set) {
        if set && kind != owner {
            let name = field.name();
            cx.problem(
                Diagnostic::at(
                    field.at(i),
                    format!("`{name}` only applies to cooling = \"{owner}\"; this hall is `{kind}`"),
                )
                .hint(format!("remove `{name}`, or set cooling = \"{owner}\"")),
            );
            ok = false;
        }
    }
    let cooling = match kind {
        "air-chiller" => Cooling::AirChiller,
        "air-tower" => Cooling::AirTower {
            li2023_water: cx.choice(&WATER_MODEL, Some(i), h.water_model.as_deref())? == "li2023",
        },
        "air-economizer" => Cooling::AirEconomizer,
        "direct-liquid" => {
            let f = cx.number(&LIQUID_CAPTURE_FRAC, Some(i), h.liquid_capture_frac);
            if !LIQUID_CAPTURE_FRAC.range.is_some_and(|r| r.contains(f)) {
                cx.problem(LIQUID_CAPTURE_FRAC.out_of_range(LIQUID_CAPTURE_FRAC.at(i), f));
                return None;
            }
            Cooling::DirectLiquid { capture_frac: f }
        }
        "immersion-single-phase" => Cooling::ImmersionSinglePhase,
        "immersion-two-phase" => Cooling::ImmersionTwoPhase,
        "sea-water" => match &h.sea_temp_c {
            None => Cooling::SeaWater { temps_c: None },
            // Each month's range is the field's (checked before resolving).
            Some(t) if t.len() == 12 => {
                let mut a = [0.0; 12];
                a.copy_from_slice(t);
                Cooling::SeaWater { temps_c: Some(a) }
            }
            Some(t) => {
                cx.problem(
                    Diagnostic::at(
                        SEA_TEMP_C.at(i),
                        format!("expected 12 monthly sea temperatures, found {} values", t.len()),
                    )
                    .hint(SEA_TEMP_C.example),
                );
                return None;
            }
        },
        "lake-water" => Cooling::LakeWater,
        _ => match h.pue {
            Some(pue) if PUE.range.is_some_and(|r| r.contains(pue)) => Cooling::FixedPue(pue),
            Some(pue) => {
                cx.problem(PUE.out_of_range(PUE.at(i), pue));
                return None;
            }
            None => {
                cx.problem(
                    Diagnostic::at(COOLING.at(i), "`fixed-pue` cooling needs a `pue`")
                        .hint("add pue = 1.10 to this hall"),
                );
                return None;
            }
        },
    };
    ok.then_some(cooling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::COOLING_TYPES;

    #[test]
    fn the_names_are_the_catalog_descriptions_names() {
        let described: Vec<&str> = COOLING_TYPES.iter().map(|(k, _)| *k).collect();
        assert_eq!(described, COOLING_NAMES);
        for name in COOLING_NAMES {
            let c = match *name {
                "fixed-pue" => Cooling::FixedPue(1.2),
                "air-tower" => Cooling::AirTower { li2023_water: false },
                "direct-liquid" => Cooling::DirectLiquid { capture_frac: 0.8 },
                "sea-water" => Cooling::SeaWater { temps_c: None },
                other => {
                    let mut cx = Ctx::for_tests();
                    let h: HallSpec = toml::from_str(&format!("racks = 1\ncooling = \"{other}\"")).unwrap();
                    resolve(0, &h, &mut cx).unwrap()
                }
            };
            assert_eq!(c.name(), *name);
        }
    }

    #[test]
    fn an_option_of_another_type_is_refused_with_its_owner() {
        let mut cx = Ctx::for_tests();
        let h: HallSpec = toml::from_str("racks = 1\ncooling = \"air-chiller\"\npue = 1.2").unwrap();
        assert!(resolve(0, &h, &mut cx).is_none());
        assert_eq!(cx.problems[0].path, "halls.0.pue");
        assert!(cx.problems[0].message.contains("fixed-pue"));
    }

    #[test]
    fn direct_liquid_records_its_capture_share() {
        let mut cx = Ctx::for_tests();
        let h: HallSpec = toml::from_str("racks = 1\ncooling = \"direct-liquid\"").unwrap();
        assert_eq!(
            resolve(0, &h, &mut cx),
            Some(Cooling::DirectLiquid { capture_frac: 0.8 })
        );
        assert_eq!(cx.defaults[0].path, "halls.0.liquid_capture_frac");
    }
}
