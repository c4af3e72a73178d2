//! `[[halls]]`: halls of identical racks — their accelerators, servers, utilization, power caps
//! and cooling.

use dctwin_catalog::suggest;
use serde::Deserialize;

use super::files::read_bounded_file;
use super::time::Window;
use super::{Ctx, cooling};
use crate::Diagnostic;
use crate::config::{Hall, PROFILES, Profile, Utilization};
use crate::field::{Field, Kind, Range, Unset};

/// `[[halls]]`: a hall of identical racks.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HallSpec {
    /// See [`NAME`].
    pub name: Option<String>,
    /// See [`ACCELERATOR`].
    pub accelerator: Option<String>,
    /// See [`SERVER`].
    pub server: Option<String>,
    /// See [`ACCELERATORS_PER_SERVER`].
    pub accelerators_per_server: Option<i64>,
    /// See [`SERVERS_PER_RACK`].
    pub servers_per_rack: Option<i64>,
    /// See [`RACKS`].
    pub racks: i64,
    /// See [`cooling::COOLING`].
    pub cooling: Option<String>,
    /// See [`cooling::PUE`].
    pub pue: Option<f64>,
    /// See [`cooling::WATER_MODEL`].
    pub water_model: Option<String>,
    /// See [`cooling::LIQUID_CAPTURE_FRAC`].
    pub liquid_capture_frac: Option<f64>,
    /// See [`cooling::SEA_TEMP_C`].
    pub sea_temp_c: Option<Vec<f64>>,
    /// See [`UTILIZATION`].
    #[serde(default)]
    pub utilization: UtilizationSpec,
    /// See [`POWER_CAP_W`].
    pub power_cap_w: Option<f64>,
    /// See [`MEASURED_SYSTEM_POWER_W_PER_ACCELERATOR`].
    pub measured_system_power_w_per_accelerator: Option<f64>,
    /// See [`UTILIZATION_CSV`].
    pub utilization_csv: Option<String>,
}

/// `utilization = { profile = "training", mean = 0.8 }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UtilizationSpec {
    /// See [`PROFILE`].
    pub profile: Option<String>,
    /// See [`MEAN`].
    pub mean: Option<f64>,
    /// See [`VARIABILITY`].
    pub variability: Option<f64>,
}

/// The section.
pub const HALLS: Field = Field::new("halls", Kind::Tables, "The halls of accelerator racks; at least one.")
    .required()
    .example("[[halls]]\naccelerator = \"h100-sxm\"\nracks = 10");
/// Hall name.
pub const NAME: Field = Field::new(
    "halls.*.name",
    Kind::Text,
    "The hall's name; workloads name the hall they run in.",
)
.or(Unset::Derived("`hall-N`, N counting from 1"))
.example("name = \"north\"");
/// Accelerator.
pub const ACCELERATOR: Field = Field::new(
    "halls.*.accelerator",
    Kind::CatalogId("accelerators"),
    "The accelerator in every server of the hall; implies its default server.",
)
.or(Unset::Derived("the server's, else `h100-sxm`"))
.example("accelerator = \"h100-sxm\"");
/// Server.
pub const SERVER: Field = Field::new(
    "halls.*.server",
    Kind::CatalogId("servers"),
    "The server model: host power, power-supply efficiency, embodied emissions.",
)
.or(Unset::Derived("the accelerator's default server"))
.example("server = \"hgx-h100\"");
/// A hall holds one kind of server; 1,024 accelerators per server and 256 servers per rack
/// cover any system sold, and keep accelerators per hall far inside 64 bits.
pub const ACCELERATORS_PER_SERVER: Field = Field::new(
    "halls.*.accelerators_per_server",
    Kind::Integer,
    "Accelerators per server.",
)
.or(Unset::Derived("the server's"))
.range(1.0, 1_024.0)
.example("accelerators_per_server = 8 (an HGX board)");
/// Servers per rack.
pub const SERVERS_PER_RACK: Field = Field::new("halls.*.servers_per_rack", Kind::Integer, "Servers per rack.")
    .or(Unset::Derived("the server's"))
    .range(1.0, 256.0)
    .example("servers_per_rack = 4 (HGX H100 in a 40 kW rack)");
/// 200,000 racks of HGX H100 draw some 7 GW, beyond any site built or announced, and keep a
/// run's per-rack state well inside a laptop's memory.
pub const RACKS: Field = Field::new("halls.*.racks", Kind::Integer, "Racks in the hall.")
    .required()
    .range(1.0, 200_000.0)
    .example("racks = 10 (a 100 MW campus is about 2,400 racks of HGX H100)");
/// The section.
pub const UTILIZATION: Field = Field::new(
    "halls.*.utilization",
    Kind::Table,
    "How busy the accelerators are when no workload drives the hall.",
)
.example("utilization = { profile = \"training\", mean = 0.8 }");
/// Utilization shape.
pub const PROFILE: Field = Field::new(
    "halls.*.utilization.profile",
    Kind::Choice(PROFILES),
    "Shape over time: `constant`, `training` (close to the mean) or `inference` (a daily and weekly demand cycle).",
)
.or(Unset::Text("training"))
.example("profile = \"inference\"");
/// Mean utilization.
pub const MEAN: Field = Field::number(
    "halls.*.utilization.mean",
    "1",
    "Mean accelerator utilization, a share of peak.",
)
.or(Unset::Number(0.7))
.range(0.0, 1.0)
.example("mean = 0.8");
/// Per-rack spread.
pub const VARIABILITY: Field = Field::number(
    "halls.*.utilization.variability",
    "1",
    "Standard deviation of each rack's own fluctuation around the hall's target.",
)
.or(Unset::Derived(
    "by profile: constant 0, training 0.03 (data loading, checkpoints), inference 0.05 (each rack's own request mix)",
))
.range(0.0, 0.5)
.example("variability = 0.05");
/// The most power-hungry accelerators draw about 1.2 kW (B200).
pub const POWER_CAP_W: Field = Field::number(
    "halls.*.power_cap_w",
    "W",
    "Administrative power cap per accelerator (DVFS).",
)
.range(1.0, 10_000.0)
.example("power_cap_w = 500 (an H100 SXM runs 700 W uncapped)");
/// A per-accelerator share of a whole system stays below 10 kW.
pub const MEASURED_SYSTEM_POWER_W_PER_ACCELERATOR: Field = Field::number(
    "halls.*.measured_system_power_w_per_accelerator",
    "W",
    "A measured average system power per accelerator (host share included) that replaces the power curve, as in Patterson et al. 2021.",
)
.range(1.0, 10_000.0)
.example("measured_system_power_w_per_accelerator = 330 (V100 servers in Patterson et al. 2021)");
/// Utilization from a file.
pub const UTILIZATION_CSV: Field = Field::new(
    "halls.*.utilization_csv",
    Kind::File,
    "A `time,value` CSV of the hall's hourly utilization [0–1] (e.g. a scheduler's telemetry); replaces the profile's shape and mean.",
)
.example("utilization_csv = \"utilization.csv\"");

/// The section's fields.
pub const FIELDS: &[Field] = &[
    HALLS,
    NAME,
    ACCELERATOR,
    SERVER,
    ACCELERATORS_PER_SERVER,
    SERVERS_PER_RACK,
    RACKS,
    cooling::COOLING,
    cooling::PUE,
    cooling::WATER_MODEL,
    cooling::LIQUID_CAPTURE_FRAC,
    cooling::SEA_TEMP_C,
    UTILIZATION,
    PROFILE,
    MEAN,
    VARIABILITY,
    POWER_CAP_W,
    MEASURED_SYSTEM_POWER_W_PER_ACCELERATOR,
    UTILIZATION_CSV,
];

/// The accelerator of a hall that names neither an accelerator nor a server.
pub const DEFAULT_ACCELERATOR: &str = "h100-sxm";

/// Every hall, or `None` when any failed (its problems recorded).
pub(crate) fn resolve_all(specs: &[HallSpec], window: Option<Window>, cx: &mut Ctx) -> Option<Vec<Hall>> {
    if specs.is_empty() {
        cx.problem(
            Diagnostic::at(HALLS.path, "expected at least one hall")
                .hint("add [[halls]] with accelerator = \"h100-sxm\" and racks = 10"),
        );
    }
    let mut halls = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for (i, h) in specs.iter().enumerate() {
        if let Some(hall) = resolve(i, h, window, cx) {
            if !names.insert(hall.name.clone()) {
                cx.problem(
                    Diagnostic::at(NAME.at(i), format!("hall name `{}` is used twice", hall.name))
                        .hint("give each hall its own name"),
                );
            }
            halls.push(hall);
        }
    }
    (!specs.is_empty() && halls.len() == specs.len()).then_some(halls)
}

/// `v` converted to a count when it lies in the field's range (else the range's problem).
pub(crate) fn count(field: &'static Field, i: usize, v: i64, cx: &mut Ctx) -> Option<u32> {
    let range = field.range.unwrap_or(Range {
        lo: 1.0,
        hi: f64::from(u32::MAX),
        lo_open: false,
    });
    if range.contains(v as f64) {
        u32::try_from(v).ok()
    } else {
        cx.problem(field.out_of_range(field.at(i), v as f64));
        None
    }
}

/// One hall.
fn resolve(i: usize, h: &HallSpec, window: Option<Window>, cx: &mut Ctx) -> Option<Hall> {
    let catalog = cx.catalog;
    let server = match (&h.server, &h.accelerator) {
        (Some(id), _) => {
            let found = catalog.server(id);
            if found.is_none() {
                let d = Diagnostic::at(SERVER.at(i), format!("unknown server `{id}`"));
                cx.problem(match suggest(id, catalog.server_ids()) {
                    Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog servers` lists all")),
                    None => {
                        d.hint("`dctwin catalog servers` lists them; or give only `accelerator` for its default server")
                    }
                });
            }
            found
        }
        (None, Some(acc)) => {
            let found = catalog.accelerator(acc);
            if found.is_none() {
                let d = Diagnostic::at(ACCELERATOR.at(i), format!("unknown accelerator `{acc}`"));
                cx.problem(match suggest(acc, catalog.accelerator_ids()) {
                    Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog accelerators` lists all")),
                    None => d.hint(format!(
                        "`dctwin catalog accelerators` lists them: {}",
                        catalog.accelerator_ids().collect::<Vec<_>>().join(", ")
                    )),
                });
            }
            let server = found.and_then(|a| catalog.server(&a.default_server));
            if let Some(s) = server {
                cx.derived(&SERVER, Some(i), s.id.clone());
            }
            server
        }
        // The default hall is the baseline's: HGX H100 servers.
        (None, None) => {
            let server = catalog
                .accelerator(DEFAULT_ACCELERATOR)
                .and_then(|a| catalog.server(&a.default_server));
            cx.derived(&ACCELERATOR, Some(i), DEFAULT_ACCELERATOR);
            if let Some(s) = server {
                cx.derived(&SERVER, Some(i), s.id.clone());
            }
            server
        }
    };
    let accelerator = server.and_then(|s| catalog.accelerator(&s.accelerator));
    if let (Some(acc), Some(srv)) = (&h.accelerator, server)
        && h.server.is_some()
        && *acc != srv.accelerator
    {
        cx.problem(
            Diagnostic::at(
                ACCELERATOR.at(i),
                format!("server `{}` carries `{}`, not `{acc}`", srv.id, srv.accelerator),
            )
            .hint("give only `server`, or only `accelerator` for its default server"),
        );
    } else if h.accelerator.is_none()
        && h.server.is_some()
        && let Some(a) = accelerator
    {
        cx.derived(&ACCELERATOR, Some(i), a.id.clone());
    }
    let racks = count(&RACKS, i, h.racks, cx);
    let per = |field: &'static Field, v: Option<i64>, from_server: Option<u32>, cx: &mut Ctx| {
        if let Some(v) = v {
            return count(field, i, v, cx);
        }
        if let Some(n) = from_server {
            cx.derived(field, Some(i), i64::from(n));
        }
        from_server
    };
    let per_server = per(
        &ACCELERATORS_PER_SERVER,
        h.accelerators_per_server,
        server.map(|s| s.accelerators),
        cx,
    );
    let per_rack = per(
        &SERVERS_PER_RACK,
        h.servers_per_rack,
        server.map(|s| s.servers_per_rack),
        cx,
    );
    let cooling = cooling::resolve(i, h, cx);
    let u = &h.utilization;
    let profile = cx.choice(&PROFILE, Some(i), u.profile.as_deref()).map(|p| match p {
        "constant" => Profile::Constant,
        "inference" => Profile::Inference,
        _ => Profile::Training,
    });
    let mean_frac = cx.number(&MEAN, Some(i), u.mean);
    let variability_frac = u.variability.unwrap_or_else(|| {
        let v = match profile {
            Some(Profile::Constant) | None => 0.0,
            Some(Profile::Training) => 0.03,
            Some(Profile::Inference) => 0.05,
        };
        cx.derived(&VARIABILITY, Some(i), v);
        v
    });
    let utilization_file = h.utilization_csv.as_deref().and_then(|rel| {
        read_bounded_file(
            &UTILIZATION_CSV.at(i),
            rel,
            window,
            MEAN.range?,
            "utilization shares",
            cx,
        )
    });
    if h.utilization_csv.is_some() && utilization_file.is_none() {
        return None;
    }
    let name = h.name.clone().unwrap_or_else(|| {
        let n = format!("hall-{}", i + 1);
        cx.derived(&NAME, Some(i), n.clone());
        n
    });
    Some(Hall {
        name,
        accelerator: accelerator?.clone(),
        server: server?.clone(),
        accelerators_per_server: per_server?,
        servers_per_rack: per_rack?,
        racks: racks?,
        cooling: cooling?,
        utilization: Utilization {
            profile: profile?,
            mean_frac,
            variability_frac,
        },
        power_cap_w: h.power_cap_w,
        measured_system_power_w_per_accelerator: h.measured_system_power_w_per_accelerator,
        utilization_file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hall(text: &str) -> HallSpec {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn an_accelerator_brings_its_server_and_its_rack() {
        let mut cx = Ctx::for_tests();
        let h = resolve(0, &hall("accelerator = \"h100-sxm\"\nracks = 3"), None, &mut cx).unwrap();
        assert_eq!(h.server.id, cx.catalog.accelerator("h100-sxm").unwrap().default_server);
        assert_eq!(
            h.accelerators(),
            3 * u64::from(h.server.servers_per_rack) * u64::from(h.server.accelerators)
        );
        let derived: Vec<&str> = cx.defaults.iter().map(|d| d.path.as_str()).collect();
        assert!(
            derived.contains(&"halls.0.server") && derived.contains(&"halls.0.cooling"),
            "{derived:?}"
        );
        assert!(!derived.contains(&"halls.0.accelerator"));
    }

    #[test]
    fn a_server_that_carries_another_accelerator_is_refused() {
        let mut cx = Ctx::for_tests();
        let server = cx.catalog.accelerator("h100-sxm").unwrap().default_server.clone();
        let spec = hall(&format!("accelerator = \"a100-sxm\"\nserver = \"{server}\"\nracks = 1"));
        resolve(0, &spec, None, &mut cx);
        assert_eq!(cx.problems[0].path, "halls.0.accelerator");
    }

    #[test]
    fn hall_names_are_unique_and_numbered_from_one() {
        let mut cx = Ctx::for_tests();
        let specs = [hall("racks = 1"), hall("racks = 1\nname = \"hall-1\"")];
        assert!(resolve_all(&specs, None, &mut cx).is_some());
        assert_eq!(cx.problems[0].path, "halls.1.name");
    }
}
