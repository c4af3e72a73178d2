//! `[supply.solar]`: an on-site PV plant — capacity, orientation or trackers, the module and
//! the plant's losses — as the PVWatts v5 chain runs it.

use dctwin_solar::{
    PvArray, SAPM_CLOSE_MOUNT_GLASS_GLASS, SAPM_INSULATED_BACK_GLASS_POLYMER, SAPM_OPEN_RACK_GLASS_GLASS,
    SAPM_OPEN_RACK_GLASS_POLYMER, SingleAxisTracker,
};
use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::config::SolarConfig;
use crate::field::{Field, Kind, Unset};

/// `[supply.solar]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SolarSpec {
    /// See [`SOLAR_CAPACITY_MW_DC`].
    pub capacity_mw_dc: f64,
    /// See [`TILT_DEG`].
    pub tilt_deg: Option<f64>,
    /// See [`AZIMUTH_DEG`].
    pub azimuth_deg: Option<f64>,
    /// See [`TRACKING`].
    pub tracking: Option<String>,
    /// See [`BACKTRACKING`].
    pub backtracking: Option<bool>,
    /// See [`MAX_ANGLE_DEG`].
    pub max_angle_deg: Option<f64>,
    /// See [`GROUND_COVERAGE_RATIO`].
    pub ground_coverage_ratio: Option<f64>,
    /// See [`TEMPERATURE_COEFFICIENT_PCT_PER_C`].
    pub temperature_coefficient_pct_per_c: Option<f64>,
    /// See [`MOUNTING`].
    pub mounting: Option<String>,
    /// See [`BIFACIAL_GAIN_PCT`].
    pub bifacial_gain_pct: Option<f64>,
    /// See [`LOSSES_PCT`].
    pub losses_pct: Option<f64>,
    /// See [`DEGRADATION_PCT_PER_YEAR`].
    pub degradation_pct_per_year: Option<f64>,
    /// See [`INVERTER_EFFICIENCY_PCT`].
    pub inverter_efficiency_pct: Option<f64>,
    /// See [`DC_AC_RATIO`].
    pub dc_ac_ratio: Option<f64>,
    /// See [`ALBEDO`].
    pub albedo: Option<f64>,
    /// See [`CLEAR_SKY`].
    pub clear_sky: Option<bool>,
    /// See [`SOLAR_PROFILE_CSV`].
    pub profile_csv: Option<String>,
}

/// Solar.
pub const SOLAR: Field = Field::new(
    "supply.solar",
    Kind::Table,
    "On-site solar: a PVWatts v5 plant (Dobos 2014) on the site's weather.",
);
/// PV capacity.
pub const SOLAR_CAPACITY_MW_DC: Field = Field::number("supply.solar.capacity_mw_dc", "MW", "DC (module) capacity.")
    .required()
    .range(0.0, 100_000.0)
    .example("capacity_mw_dc = 15");
/// Tilt.
pub const TILT_DEG: Field = Field::number(
    "supply.solar.tilt_deg",
    "°",
    "Module tilt from horizontal; on single-axis trackers, the tilt of the rotation axis.",
)
.or(Unset::Derived(
    "fixed: the latitude, at most 40°; single-axis: 0 (a level axis)",
))
.range(0.0, 90.0)
.example("tilt_deg = 30");
/// Azimuth.
pub const AZIMUTH_DEG: Field = Field::number(
    "supply.solar.azimuth_deg",
    "°",
    "Direction the modules face, clockwise from north; on single-axis trackers, the direction of the rotation axis.",
)
.or(Unset::Derived(
    "fixed: towards the equator, 180 north of it and 0 south of it; single-axis: 180 (a north–south axis)",
))
.range(0.0, 360.0)
.example("azimuth_deg = 180 (south)");
/// Tracking.
pub const TRACKING: Field = Field::new(
    "supply.solar.tracking",
    Kind::Choice(&["fixed", "single-axis"]),
    "Fixed racks, or single-axis trackers that turn the modules towards the sun (true tracking, Marion & Dobos 2013).",
)
.or(Unset::Text("fixed"))
.example("tracking = \"single-axis\"");
/// Backtracking.
pub const BACKTRACKING: Field = Field::new(
    "supply.solar.backtracking",
    Kind::Bool,
    "Single-axis: rows turn back towards flat when they would shade each other (Anderson & Mikofski 2020).",
)
.or(Unset::Bool(true))
.example("backtracking = false");
/// Rotation limit.
pub const MAX_ANGLE_DEG: Field = Field::number(
    "supply.solar.max_angle_deg",
    "°",
    "Single-axis: the largest rotation either side of flat (PVWatts v5: 45°).",
)
.or(Unset::Number(SingleAxisTracker::PVWATTS.max_angle_deg))
.above(0.0, 90.0)
.example("max_angle_deg = 60");
/// Ground coverage ratio.
pub const GROUND_COVERAGE_RATIO: Field = Field::number(
    "supply.solar.ground_coverage_ratio",
    "share",
    "Single-axis with backtracking: module width across the axis over the row pitch (PVWatts v5: 0.4).",
)
.or(Unset::Number(SingleAxisTracker::PVWATTS.gcr))
.above(0.0, 1.0)
.example("ground_coverage_ratio = 0.35");
/// γ.
pub const TEMPERATURE_COEFFICIENT_PCT_PER_C: Field = Field::number(
    "supply.solar.temperature_coefficient_pct_per_c",
    "%/°C",
    "The module's temperature coefficient of power (datasheet; PVWatts v5 module types: standard −0.47, premium −0.35, thin film −0.20).",
)
.or(Unset::Number(-0.47))
.range(-2.0, 0.0)
.example("temperature_coefficient_pct_per_c = -0.40");
/// Mounting.
pub const MOUNTING: Field = Field::new(
    "supply.solar.mounting",
    Kind::Choice(&MOUNTINGS),
    "Module construction and mounting, for the cell temperature (Sandia model, King et al. 2004, Table 1).",
)
.or(Unset::Text("open-rack-glass-glass"))
.example("mounting = \"open-rack-glass-polymer\"");
/// Bifacial gain.
pub const BIFACIAL_GAIN_PCT: Field = Field::number(
    "supply.solar.bifacial_gain_pct",
    "%",
    "Bifacial modules: the rear side's extra DC output as a share of the front's, as stated (from a yield study or a vendor); not computed from the ground under the rows.",
)
.or(Unset::Number(0.0))
.range(0.0, 50.0)
.example("bifacial_gain_pct = 7");
/// Losses.
pub const LOSSES_PCT: Field = Field::number(
    "supply.solar.losses_pct",
    "%",
    "DC system losses: soiling, shading, snow, mismatch, wiring, connections, light-induced degradation, nameplate, availability (PVWatts v5 default 14).",
)
.or(Unset::Number(14.0))
.range(0.0, 99.0)
.example("losses_pct = 10");
/// Degradation.
pub const DEGRADATION_PCT_PER_YEAR: Field = Field::number(
    "supply.solar.degradation_pct_per_year",
    "%/yr",
    "Loss of output per year in service, linear from the run's start (Jordan & Kurtz 2013: median 0.5).",
)
.or(Unset::Number(0.5))
.range(0.0, 20.0)
.example("degradation_pct_per_year = 0.3");
/// Inverter efficiency.
pub const INVERTER_EFFICIENCY_PCT: Field = Field::number(
    "supply.solar.inverter_efficiency_pct",
    "%",
    "The inverter's nominal efficiency; the PVWatts part-load curve scales from it (PVWatts v5 default 96).",
)
.or(Unset::Number(96.0))
.range(50.0, 100.0)
.example("inverter_efficiency_pct = 98");
/// DC/AC.
pub const DC_AC_RATIO: Field = Field::number(
    "supply.solar.dc_ac_ratio",
    "1",
    "DC capacity over the inverters' rating; above 1 the inverters clip on bright hours.",
)
.or(Unset::Number(1.2))
.range(0.5, 3.0)
.example("dc_ac_ratio = 1.2");
/// Albedo.
pub const ALBEDO: Field = Field::number(
    "supply.solar.albedo",
    "share",
    "Ground reflectance seen by the front of the modules (grass, soil ≈ 0.2–0.25; fresh snow ≈ 0.8).",
)
.or(Unset::Number(0.25))
.range(0.0, 1.0)
.example("albedo = 0.2");
/// Clear sky.
pub const CLEAR_SKY: Field = Field::new(
    "supply.solar.clear_sky",
    Kind::Bool,
    "Clear sky all year instead of the weather's clouds.",
)
.or(Unset::Bool(false))
.example("clear_sky = true");
/// A measured profile.
pub const SOLAR_PROFILE_CSV: Field = Field::new(
    "supply.solar.profile_csv",
    Kind::File,
    "A `time,value` CSV of the plant's AC output [kW] (measured, or from another tool) at any regular step from 1 minute to 1 hour; replaces dctwin's model of it.",
)
.example("profile_csv = \"pv.csv\"");

/// Mountings a scenario can name, with pvlib's names in King et al.'s Table 1 order.
pub const MOUNTINGS: [&str; 4] = [
    "open-rack-glass-glass",
    "close-mount-glass-glass",
    "open-rack-glass-polymer",
    "insulated-back-glass-polymer",
];

/// The section's fields.
pub const FIELDS: &[Field] = &[
    SOLAR,
    SOLAR_CAPACITY_MW_DC,
    TILT_DEG,
    AZIMUTH_DEG,
    TRACKING,
    BACKTRACKING,
    MAX_ANGLE_DEG,
    GROUND_COVERAGE_RATIO,
    TEMPERATURE_COEFFICIENT_PCT_PER_C,
    MOUNTING,
    BIFACIAL_GAIN_PCT,
    LOSSES_PCT,
    DEGRADATION_PCT_PER_YEAR,
    INVERTER_EFFICIENCY_PCT,
    DC_AC_RATIO,
    ALBEDO,
    CLEAR_SKY,
    SOLAR_PROFILE_CSV,
];

/// A solar plant of `capacity_mw` at latitude `lat`. The on-site plant (`spec`) records the
/// defaults it uses; a PPA's plant (`None`) is a fixed PVWatts v5 plant facing the equator.
pub(crate) fn resolve(capacity_mw: f64, spec: Option<&SolarSpec>, lat: f64, cx: &mut Ctx) -> SolarConfig {
    let Some(s) = spec else {
        let mut array = PvArray::new(
            capacity_mw * 1_000.0,
            lat.abs().min(40.0),
            if lat >= 0.0 { 180.0 } else { 0.0 },
        );
        array.dc_ac_ratio = DC_AC_RATIO.default_number().unwrap_or(1.2);
        return SolarConfig {
            array,
            clear_sky: false,
        };
    };
    let tracking = cx.choice(&TRACKING, None, s.tracking.as_deref()) == Some("single-axis");
    let (tilt, azimuth) = if tracking {
        (0.0, 180.0)
    } else {
        (lat.abs().min(40.0), if lat >= 0.0 { 180.0 } else { 0.0 })
    };
    let oriented = |field: &'static Field, set: Option<f64>, default: f64, cx: &mut Ctx| {
        if let Some(v) = set {
            return cx.within(field, None, v).unwrap_or(v);
        }
        cx.derived(field, None, default);
        default
    };
    let tilt_deg = oriented(&TILT_DEG, s.tilt_deg, tilt, cx);
    let azimuth_deg = oriented(&AZIMUTH_DEG, s.azimuth_deg, azimuth, cx);
    let tracker = if tracking {
        let backtrack = cx.flag(&BACKTRACKING, None, s.backtracking);
        if !backtrack && s.ground_coverage_ratio.is_some() {
            cx.problem(only_with(
                &GROUND_COVERAGE_RATIO,
                "with `backtracking = true`",
                "backtracking = true",
            ));
        }
        Some(SingleAxisTracker {
            axis_tilt_deg: tilt_deg,
            axis_azimuth_deg: azimuth_deg,
            max_angle_deg: cx.number_held(&MAX_ANGLE_DEG, s.max_angle_deg),
            backtrack,
            gcr: if backtrack {
                cx.number_held(&GROUND_COVERAGE_RATIO, s.ground_coverage_ratio)
            } else {
                SingleAxisTracker::PVWATTS.gcr
            },
        })
    } else {
        for (field, set) in [
            (&BACKTRACKING, s.backtracking.is_some()),
            (&MAX_ANGLE_DEG, s.max_angle_deg.is_some()),
            (&GROUND_COVERAGE_RATIO, s.ground_coverage_ratio.is_some()),
        ] {
            if set {
                cx.problem(only_with(
                    field,
                    "on single-axis trackers",
                    "tracking = \"single-axis\"",
                ));
            }
        }
        None
    };
    let temperature = match cx.choice(&MOUNTING, None, s.mounting.as_deref()) {
        Some("close-mount-glass-glass") => SAPM_CLOSE_MOUNT_GLASS_GLASS,
        Some("open-rack-glass-polymer") => SAPM_OPEN_RACK_GLASS_POLYMER,
        Some("insulated-back-glass-polymer") => SAPM_INSULATED_BACK_GLASS_POLYMER,
        _ => SAPM_OPEN_RACK_GLASS_GLASS,
    };
    let array = PvArray {
        dc_capacity_kw: capacity_mw * 1_000.0,
        tilt_deg,
        azimuth_deg,
        tracker,
        bifacial_gain_frac: cx.number_held(&BIFACIAL_GAIN_PCT, s.bifacial_gain_pct) / 100.0,
        gamma_per_c: cx.number_held(&TEMPERATURE_COEFFICIENT_PCT_PER_C, s.temperature_coefficient_pct_per_c) / 100.0,
        system_losses_frac: cx.number_held(&LOSSES_PCT, s.losses_pct) / 100.0,
        inverter_eta_nominal: cx.number_held(&INVERTER_EFFICIENCY_PCT, s.inverter_efficiency_pct) / 100.0,
        dc_ac_ratio: cx.number_held(&DC_AC_RATIO, s.dc_ac_ratio),
        albedo: cx.number_held(&ALBEDO, s.albedo),
        degradation_per_year: cx.number_held(&DEGRADATION_PCT_PER_YEAR, s.degradation_pct_per_year) / 100.0,
        temperature,
    };
    SolarConfig {
        array,
        clear_sky: cx.flag(&CLEAR_SKY, None, s.clear_sky),
    }
}

/// A field set where the plant cannot use it.
fn only_with(field: &'static Field, when: &str, hint: &str) -> Diagnostic {
    Diagnostic::at(
        field.path,
        format!("`{}` only applies {when}; this plant would ignore it", field.name()),
    )
    .hint(format!("set {hint}, or remove `{}`", field.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solar(text: &str) -> (SolarConfig, Vec<Diagnostic>, Vec<String>) {
        let spec: SolarSpec = toml::from_str(&format!("capacity_mw_dc = 1\n{text}")).unwrap();
        let mut cx = Ctx::for_tests();
        let out = resolve(1.0, Some(&spec), 40.4, &mut cx);
        (out, cx.problems, cx.defaults.into_iter().map(|d| d.path).collect())
    }

    #[test]
    fn panels_face_the_equator_at_the_latitude_up_to_40_degrees_with_pvwatts_defaults() {
        let (s, problems, defaults) = solar("");
        assert!(problems.is_empty(), "{problems:?}");
        let a = s.array;
        assert_eq!((a.tilt_deg, a.azimuth_deg, a.dc_capacity_kw), (40.0, 180.0, 1_000.0));
        assert_eq!(a.tracker, None);
        assert!((a.gamma_per_c + 0.004_7).abs() < 1e-15 && (a.system_losses_frac - 0.14).abs() < 1e-15);
        assert_eq!((a.inverter_eta_nominal, a.dc_ac_ratio, a.albedo), (0.96, 1.2, 0.25));
        assert_eq!((a.degradation_per_year, a.bifacial_gain_frac), (0.005, 0.0));
        assert_eq!(a.temperature, SAPM_OPEN_RACK_GLASS_GLASS);
        for f in [
            "tilt_deg",
            "losses_pct",
            "temperature_coefficient_pct_per_c",
            "mounting",
        ] {
            assert!(defaults.contains(&format!("supply.solar.{f}")), "{f}: {defaults:?}");
        }
    }

    #[test]
    fn a_tracker_plant_is_what_it_states() {
        let (s, problems, _) = solar(
            "tracking = \"single-axis\"\nmax_angle_deg = 60\nground_coverage_ratio = 0.3\nbifacial_gain_pct = 6\nmounting = \"open-rack-glass-polymer\"\ntemperature_coefficient_pct_per_c = -0.35",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let t = s.array.tracker.unwrap();
        assert_eq!(
            (t.axis_tilt_deg, t.axis_azimuth_deg, t.max_angle_deg, t.gcr),
            (0.0, 180.0, 60.0, 0.3)
        );
        assert!(t.backtrack);
        assert!((s.array.bifacial_gain_frac - 0.06).abs() < 1e-15);
        assert!((s.array.gamma_per_c + 0.003_5).abs() < 1e-15);
        assert_eq!(s.array.temperature, SAPM_OPEN_RACK_GLASS_POLYMER);
    }

    #[test]
    fn tracker_settings_on_a_fixed_plant_are_refused_with_a_hint() {
        let (_, problems, _) = solar("max_angle_deg = 50\nbacktracking = false");
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["supply.solar.backtracking", "supply.solar.max_angle_deg"]);
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("tracking = \"single-axis\"")
        );
        let (_, problems, _) = solar("tracking = \"single-axis\"\nbacktracking = false\nground_coverage_ratio = 0.5");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "supply.solar.ground_coverage_ratio");
    }
}
