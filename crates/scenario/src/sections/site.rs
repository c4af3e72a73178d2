//! `[site]`: where the datacenter is — a catalog location, explicit coordinates and climate, or
//! an EPW weather file.

use std::sync::Arc;

use dctwin_catalog::{Location, suggest};
use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::config::{Climate, Site};
use crate::field::{Field, Kind, Unset};

/// `[site]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    /// See [`LOCATION`].
    pub location: Option<String>,
    /// See [`NAME`].
    pub name: Option<String>,
    /// See [`LATITUDE_DEG`].
    pub latitude_deg: Option<f64>,
    /// See [`LONGITUDE_DEG`].
    pub longitude_deg: Option<f64>,
    /// See [`ELEVATION_M`].
    pub elevation_m: Option<f64>,
    /// See [`UTC_OFFSET_H`].
    pub utc_offset_h: Option<f64>,
    /// See [`CLIMATE`].
    pub climate: Option<ClimateSpec>,
    /// See [`WEATHER_FILE`].
    pub weather_file: Option<String>,
}

/// `[site.climate]`: monthly normals, January to December.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClimateSpec {
    /// See [`TEMP_MEAN_C`].
    pub temp_mean_c: Vec<f64>,
    /// See [`TEMP_MAX_C`].
    pub temp_max_c: Vec<f64>,
    /// See [`TEMP_MIN_C`].
    pub temp_min_c: Vec<f64>,
    /// See [`RH_MEAN_PCT`].
    pub rh_mean_pct: Vec<f64>,
}

/// The section.
pub const SITE: Field = Field::new(
    "site",
    Kind::Table,
    "Where the datacenter is: a catalog location, or coordinates with monthly climate, or an EPW weather file.",
)
.or(Unset::Derived(
    "`location = \"virginia\"` (the baseline's Ashburn, Virginia)",
));
/// A catalog location.
pub const LOCATION: Field = Field::new(
    "site.location",
    Kind::CatalogId("locations"),
    "A place from the built-in catalog: its coordinates, monthly climate normals and grid zone.",
)
.example("site.location = \"stockholm\"");
/// Display name.
pub const NAME: Field = Field::new("site.name", Kind::Text, "The site's name in reports.")
    .or(Unset::Derived(
        "the location's name, the EPW's city, or the coordinates",
    ))
    .example("site.name = \"Luleå\"");
/// Latitude.
pub const LATITUDE_DEG: Field = Field::number("site.latitude_deg", "°", "Latitude, north positive.")
    .or(Unset::Derived("the weather file's, else the location's"))
    .range(-90.0, 90.0)
    .example("site.latitude_deg = 59.3");
/// Longitude.
pub const LONGITUDE_DEG: Field = Field::number("site.longitude_deg", "°", "Longitude, east positive.")
    .or(Unset::Derived("the weather file's, else the location's"))
    .range(-180.0, 180.0)
    .example("site.longitude_deg = 18.1");
/// Elevation: the Dead Sea shore (−430 m) to the highest observatories (above 5,000 m).
pub const ELEVATION_M: Field = Field::number("site.elevation_m", "m", "Elevation above sea level; sets air pressure.")
    .or(Unset::Derived("the weather file's, else the location's, else 0"))
    .range(-500.0, 9_000.0)
    .example("site.elevation_m = 30");
/// Time zones in use run from UTC−12 to UTC+14.
pub const UTC_OFFSET_H: Field = Field::number(
    "site.utc_offset_h",
    "h",
    "Standard-time offset from UTC (no daylight saving); places daily cycles in local time.",
)
.or(Unset::Derived(
    "the weather file's, else the location's, else longitude / 15",
))
.range(-12.0, 14.0)
.example("site.utc_offset_h = 1");
/// The section.
pub const CLIMATE: Field = Field::new(
    "site.climate",
    Kind::Table,
    "Monthly climate normals, January first; required for an explicit site, and overrides a location's.",
)
.or(Unset::Derived(
    "the weather file's monthly normals, else the location's",
));
/// Monthly mean temperature.
pub const TEMP_MEAN_C: Field = Field::number("site.climate.temp_mean_c", "°C", "Monthly mean air temperature.")
    .list(12)
    .or(Unset::Required)
    .range(-60.0, 50.0)
    .example("temp_mean_c = [-3, -3, 0, 5, 11, 16, 18, 17, 12, 7, 2, -1]");
/// Monthly mean daily maximum.
pub const TEMP_MAX_C: Field = Field::number("site.climate.temp_max_c", "°C", "Monthly mean of the daily maximum.")
    .list(12)
    .or(Unset::Required)
    .range(-60.0, 60.0)
    .example("temp_max_c = [0, 0, 4, 10, 17, 21, 23, 21, 16, 10, 4, 1]");
/// Monthly mean daily minimum.
pub const TEMP_MIN_C: Field = Field::number("site.climate.temp_min_c", "°C", "Monthly mean of the daily minimum.")
    .list(12)
    .or(Unset::Required)
    .range(-70.0, 50.0)
    .example("temp_min_c = [-5, -6, -3, 1, 6, 11, 14, 13, 9, 4, 0, -3]");
/// Monthly mean relative humidity.
pub const RH_MEAN_PCT: Field = Field::number("site.climate.rh_mean_pct", "%", "Monthly mean relative humidity.")
    .list(12)
    .or(Unset::Required)
    .range(1.0, 100.0)
    .example("rh_mean_pct = [85, 80, 74, 68, 65, 68, 72, 76, 81, 84, 87, 87]");
/// An EPW weather file.
pub const WEATHER_FILE: Field = Field::new(
    "site.weather_file",
    Kind::File,
    "An EnergyPlus weather file (EPW) that drives the run instead of synthetic weather. Its LOCATION line gives the site's coordinates, name, elevation and UTC offset (unless the scenario sets them) and its hours the monthly normals; with `location` as well, the file must be within 100 km of it (the location then gives the grid zone).",
)
.example("site.weather_file = \"weather/SWE_Stockholm.epw\"");

/// Farthest a weather file's station may be from a catalog location given with it [km]: far
/// enough for the nearest station of a sparse network (often an airport outside the city),
/// near enough to catch a file for another city. A dctwin choice.
const MAX_WEATHER_DISTANCE_KM: f64 = 100.0;

/// Great-circle distance between two points [km]: the haversine formula (Sinnott 1984, "Virtues
/// of the haversine", Sky and Telescope 68(2), 159) on a sphere of the Earth's mean radius,
/// 6,371.0 km (IUGG); within 0.5 % of the ellipsoidal distance.
fn great_circle_km(lat1_deg: f64, lon1_deg: f64, lat2_deg: f64, lon2_deg: f64) -> f64 {
    let (p1, p2) = (lat1_deg.to_radians(), lat2_deg.to_radians());
    let (dp, dl) = ((lat2_deg - lat1_deg).to_radians(), (lon2_deg - lon1_deg).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371.0 * a.sqrt().clamp(0.0, 1.0).asin()
}

/// The section's fields.
pub const FIELDS: &[Field] = &[
    SITE,
    LOCATION,
    NAME,
    LATITUDE_DEG,
    LONGITUDE_DEG,
    ELEVATION_M,
    UTC_OFFSET_H,
    CLIMATE,
    TEMP_MEAN_C,
    TEMP_MAX_C,
    TEMP_MIN_C,
    RH_MEAN_PCT,
    WEATHER_FILE,
];

/// What the other sections need from the site, even when it did not resolve whole.
pub(crate) struct Resolved<'a> {
    /// The catalog location, if one was named and found.
    pub location: Option<&'a Location>,
    /// Whether an EPW file drives the weather.
    pub has_weather_file: bool,
    /// The latitude, if known [°].
    pub latitude_deg: Option<f64>,
    /// The whole site, when it resolved.
    pub site: Option<Site>,
}

/// Checks `[site]`.
pub(crate) fn resolve<'a>(s: &SiteSpec, cx: &mut Ctx<'a>) -> Resolved<'a> {
    let catalog = cx.catalog;
    let location = s.location.as_deref().and_then(|id| {
        let found = catalog.location(id);
        if found.is_none() {
            let d = Diagnostic::at(LOCATION.path, format!("unknown location `{id}`"));
            cx.problem(match suggest(id, catalog.location_ids()) {
                Some(s) => d.hint(format!("did you mean `{s}`? `dctwin catalog locations` lists all")),
                None => d.hint(
                    "`dctwin catalog locations` lists the built-in places; or give latitude_deg, longitude_deg and [site.climate]",
                ),
            });
        }
        found
    });
    let weather_path = s.weather_file.as_ref().map(|f| cx.base_dir.join(f));
    let weather = weather_path.as_ref().and_then(|path| match dctwin_core::read_text(path) {
        Err(e) => {
            cx.problem(
                Diagnostic::at(WEATHER_FILE.path, format!("cannot read {}: {e}", path.display()))
                    .hint("the path is relative to the scenario file; EPW files are EnergyPlus weather files"),
            );
            None
        }
        Ok(text) => match dctwin_weather::EpwFile::parse(&text) {
            Ok(epw) => Some(Arc::new(epw)),
            Err(e) => {
                cx.problem(
                    Diagnostic::at(
                        WEATHER_FILE.path,
                        format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message),
                    )
                    .hint("check the file is an EPW (EnergyPlus weather) file: 8 header lines, then 8,760 hourly lines"),
                );
                None
            }
        },
    });
    let epw = weather.as_ref().map(|w| w.location.clone());
    // A weather file describes the site's weather better than a catalog's normals: when both
    // are given the file wins (and must be near the location, checked below).
    let climate = match (&s.climate, location, &weather) {
        (Some(c), _, _) => check_climate(c, cx),
        (None, Some(l), None) => Some(Climate {
            temp_mean_c: l.temp_mean_c,
            temp_max_c: l.temp_max_c,
            temp_min_c: l.temp_min_c,
            rh_mean_pct: l.rh_mean_pct,
        }),
        (None, _, Some(w)) => {
            let n = w.monthly_normals();
            Some(Climate {
                temp_mean_c: n.temp_mean_c,
                temp_max_c: n.temp_max_c,
                temp_min_c: n.temp_min_c,
                rh_mean_pct: n.rh_mean_pct,
            })
        }
        (None, None, None) => {
            if s.location.is_none() && s.weather_file.is_none() {
                cx.problem(
                    Diagnostic::at(
                        SITE.path,
                        "expected either `location` or explicit coordinates with `[site.climate]`",
                    )
                    .hint("site.location = \"stockholm\" (see `dctwin catalog locations`)"),
                );
            }
            None
        }
    };
    // Where the site is: what the scenario says, else the weather file's LOCATION line, else the
    // catalog location.
    let lat = s
        .latitude_deg
        .or(epw.as_ref().map(|l| l.latitude_deg))
        .or(location.map(|l| l.latitude_deg));
    let lon = s
        .longitude_deg
        .or(epw.as_ref().map(|l| l.longitude_deg))
        .or(location.map(|l| l.longitude_deg));
    if let (Some(l), Some(e)) = (location, &epw) {
        let km = great_circle_km(l.latitude_deg, l.longitude_deg, e.latitude_deg, e.longitude_deg);
        if km > MAX_WEATHER_DISTANCE_KM {
            cx.problem(
                Diagnostic::at(
                    WEATHER_FILE.path,
                    format!(
                        "the weather file is for {}, {} ({:.2}, {:.2}), {km:.0} km from `{}` ({})",
                        e.city, e.country, e.latitude_deg, e.longitude_deg, l.id, l.name
                    ),
                )
                .hint("use a weather file for the site, or leave out `site.location` (the file says where the site is) and set `grid.zone`"),
            );
        }
    }
    if s.location.is_none() && s.climate.is_some() && (lat.is_none() || lon.is_none()) {
        cx.problem(
            Diagnostic::at(SITE.path, "an explicit site needs `latitude_deg` and `longitude_deg`")
                .hint("latitude_deg = 59.3, longitude_deg = 18.1"),
        );
    }
    let has_weather_file = weather.is_some();
    let resolved = |site| Resolved {
        location,
        has_weather_file,
        latitude_deg: lat,
        site,
    };
    let (Some(climate), Some(lat), Some(lon)) = (climate, lat, lon) else {
        return resolved(None);
    };
    for (field, set, value) in [
        (&LATITUDE_DEG, s.latitude_deg.is_some(), lat),
        (&LONGITUDE_DEG, s.longitude_deg.is_some(), lon),
    ] {
        if !set {
            cx.derived(field, None, value);
        }
    }
    let label = if let Some(n) = &s.name {
        n.clone()
    } else {
        let l = epw
            .as_ref()
            .map(|l| format!("{}, {} (EPW)", l.city, l.country))
            .or(location.map(|l| l.name.clone()))
            .unwrap_or_else(|| format!("{lat:.2}, {lon:.2}"));
        cx.derived(&NAME, None, l.clone());
        l
    };
    let elevation_m = s.elevation_m.unwrap_or_else(|| {
        let v = epw
            .as_ref()
            .map(|l| l.elevation_m)
            .or(location.map(|l| l.elevation_m))
            .unwrap_or(0.0);
        cx.derived(&ELEVATION_M, None, v);
        v
    });
    let utc_offset_h = s.utc_offset_h.unwrap_or_else(|| {
        let v = epw
            .as_ref()
            .map(|l| l.utc_offset_h)
            .or(location.map(|l| l.utc_offset_h))
            .unwrap_or((lon / 15.0).round());
        cx.derived(&UTC_OFFSET_H, None, v);
        v
    });
    let site = Site {
        label,
        location_id: location.map(|l| l.id.clone()),
        latitude_deg: lat,
        longitude_deg: lon,
        elevation_m,
        utc_offset_h,
        climate,
        weather,
        weather_file: weather_path,
    };
    resolved(Some(site))
}

/// Twelve values per list (each in its range is checked by the field's declaration), and no
/// month whose minimum is above its maximum.
fn check_climate(c: &ClimateSpec, cx: &mut Ctx) -> Option<Climate> {
    let mut ok = true;
    let mut grab = |field: &Field, v: &[f64]| -> [f64; 12] {
        let mut out = [0.0; 12];
        if v.len() == 12 {
            out.copy_from_slice(v);
        } else {
            cx.problem(
                Diagnostic::at(
                    field.path,
                    format!("expected 12 monthly values (January to December), found {}", v.len()),
                )
                .hint(field.example),
            );
            ok = false;
        }
        out
    };
    let climate = Climate {
        temp_mean_c: grab(&TEMP_MEAN_C, &c.temp_mean_c),
        temp_max_c: grab(&TEMP_MAX_C, &c.temp_max_c),
        temp_min_c: grab(&TEMP_MIN_C, &c.temp_min_c),
        rh_mean_pct: grab(&RH_MEAN_PCT, &c.rh_mean_pct),
    };
    if ok && (0..12).any(|m| climate.temp_min_c[m] > climate.temp_max_c[m]) {
        cx.problem(
            Diagnostic::at(TEMP_MIN_C.path, "a monthly minimum is above that month's maximum")
                .hint("check the order of the arrays: January to December"),
        );
        ok = false;
    }
    ok.then_some(climate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_on_the_globe() {
        // Frankfurt to Stockholm: about 1,190 km; a degree of latitude: 111.2 km.
        let km = great_circle_km(50.11, 8.68, 59.33, 18.07);
        assert!((km - 1_190.0).abs() < 15.0, "{km}");
        assert!((great_circle_km(10.0, 20.0, 11.0, 20.0) - 111.19).abs() < 0.01);
        assert_eq!(great_circle_km(1.0, 2.0, 1.0, 2.0), 0.0);
    }

    #[test]
    fn a_catalog_location_supplies_everything_and_says_so() {
        let mut cx = Ctx::for_tests();
        let spec = SiteSpec {
            location: Some("stockholm".into()),
            ..SiteSpec::default()
        };
        let r = resolve(&spec, &mut cx);
        let site = r.site.unwrap();
        assert!((site.latitude_deg - 59.3).abs() < 0.5, "{}", site.latitude_deg);
        assert_eq!(site.utc_offset_h, 1.0);
        let derived: Vec<&str> = cx.defaults.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            derived,
            [
                "site.latitude_deg",
                "site.longitude_deg",
                "site.name",
                "site.elevation_m",
                "site.utc_offset_h"
            ]
        );
    }

    #[test]
    fn an_explicit_site_without_coordinates_is_refused_and_short_lists_are_named() {
        let mut cx = Ctx::for_tests();
        let spec = SiteSpec {
            climate: Some(ClimateSpec {
                temp_mean_c: vec![10.0; 11],
                temp_max_c: vec![15.0; 12],
                temp_min_c: vec![5.0; 12],
                rh_mean_pct: vec![70.0; 12],
            }),
            ..SiteSpec::default()
        };
        assert!(resolve(&spec, &mut cx).site.is_none());
        let paths: Vec<&str> = cx.problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["site.climate.temp_mean_c", "site"]);
    }
}
