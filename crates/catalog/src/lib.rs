#![doc = include_str!("../README.md")]

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A real place: position, climate normals and grid zone.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Identifier used in scenario files (`site.location`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Latitude, north positive [°].
    pub latitude_deg: f64,
    /// Longitude, east positive [°].
    pub longitude_deg: f64,
    /// Elevation above sea level [m].
    pub elevation_m: f64,
    /// Standard-time offset from UTC [h].
    pub utc_offset_h: f64,
    /// Grid zone id (see [`GridZone`]).
    pub grid_zone: String,
    /// Climate class: `hot-humid`, `hot-dry`, `temperate` or `cold`.
    pub climate: String,
    /// Monthly mean temperature, Jan–Dec [°C].
    pub temp_mean_c: [f64; 12],
    /// Monthly mean daily maximum [°C].
    pub temp_max_c: [f64; 12],
    /// Monthly mean daily minimum [°C].
    pub temp_min_c: [f64; 12],
    /// Monthly mean relative humidity [%].
    pub rh_mean_pct: [f64; 12],
    /// Where the position comes from.
    pub source_position: String,
    /// Where the climate normals come from.
    pub source_climate: String,
    /// Monthly Linke turbidity, January to December [-].
    pub linke_turbidity: [f64; 12],
    /// Where the turbidity comes from.
    pub source_linke: String,
    /// Monthly mean daily global horizontal irradiation [kWh/m²/day].
    pub ghi_kwh_m2_day: [f64; 12],
    /// Where the irradiation comes from.
    pub source_ghi: String,
    /// Monthly mean wind speed at 10 m [m/s].
    pub wind_10m_m_s: [f64; 12],
    /// Where the wind comes from.
    pub source_wind: String,
}

/// Shares of annual electricity generation by fuel [%].
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GenerationMix {
    /// Coal.
    pub coal: f64,
    /// Natural gas.
    pub gas: f64,
    /// Oil.
    pub oil: f64,
    /// Nuclear.
    pub nuclear: f64,
    /// Hydro.
    pub hydro: f64,
    /// Wind.
    pub wind: f64,
    /// Solar.
    pub solar: f64,
    /// Bioenergy, geothermal, waste and other.
    pub other: f64,
}

/// An electricity grid zone: annual carbon intensity, the shape of its variation, price.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GridZone {
    /// Zone id (Electricity Maps style, e.g. `SE`, `US-PJM`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Annual mean lifecycle carbon intensity [gCO2e/kWh].
    pub ci_mean_g_per_kwh: f64,
    /// Source of the mean.
    pub ci_source: String,
    /// Dominant mix shape: `flat`, `solar`, `wind`, `fossil` or `mixed`.
    pub shape: String,
    /// Relative amplitude of the annual cycle [-].
    pub seasonal_amplitude_frac: f64,
    /// Whether intensity peaks in the local winter.
    pub winter_peak: bool,
    /// Relative amplitude of the daily cycle [-].
    pub diurnal_amplitude_frac: f64,
    /// Relative standard deviation of day-to-day variation [-].
    pub noise_frac: f64,
    /// Why the shape numbers are what they are (modelling assumptions).
    pub shape_source: String,
    /// Annual carbon-free share of the supply [%].
    pub cfe_pct: f64,
    /// Source of the carbon-free share.
    pub cfe_source: String,
    /// Annual generation mix [%].
    pub mix_pct: GenerationMix,
    /// Source of the generation mix.
    pub mix_source: String,
    /// Typical price paid by a large consumer [USD/MWh].
    pub price_usd_per_mwh: f64,
    /// Source of the price.
    pub price_source: String,
}

/// Peak dense throughput of one accelerator by precision [TFLOP/s or TOPS]; 0 = unsupported.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PeakTflops {
    /// FP32.
    pub fp32: f64,
    /// TF32.
    pub tf32: f64,
    /// BF16 (FP16 where the part has no BF16).
    pub bf16: f64,
    /// FP8.
    pub fp8: f64,
    /// INT8.
    pub int8: f64,
    /// INT4.
    pub int4: f64,
}

impl PeakTflops {
    /// In `fp32, tf32, bf16, fp8, int8, int4` order.
    pub fn to_array(&self) -> [f64; 6] {
        [self.fp32, self.tf32, self.bf16, self.fp8, self.int8, self.int4]
    }
}

/// An accelerator.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Accelerator {
    /// Identifier used in scenario files (`halls.N.accelerator`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// `datacenter`, `edge`, `wafer-scale` or `system`.
    pub kind: String,
    /// Board power limit (the whole system's for `system` kinds) [W].
    pub tdp_w: f64,
    /// Power with no context open [W].
    pub parked_idle_w: f64,
    /// Power with a context open and no kernels [W].
    pub active_idle_w: f64,
    /// Power under sustained compute-bound load [W].
    pub full_load_w: f64,
    /// Power at full memory bandwidth as a share of the idle→full span [-].
    pub memory_bound_load_frac: f64,
    /// Memory capacity [GB].
    pub memory_gb: f64,
    /// Memory bandwidth [TB/s].
    pub memory_bw_tb_s: f64,
    /// Peak dense throughput by precision.
    pub peak_tflops: PeakTflops,
    /// Normalised power-curve id.
    pub curve: String,
    /// Source of the power figures.
    pub power_source: String,
    /// Source of throughput and memory figures.
    pub peak_source: String,
    /// Embodied emissions per accelerator [kgCO2e].
    pub embodied_kg: f64,
    /// Source or estimation method of the embodied figure.
    pub embodied_source: String,
    /// The server it usually comes in (`servers.toml`).
    pub default_server: String,
}

/// A server (or a system sold as one box) carrying accelerators.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Identifier used in scenario files (`halls.N.server`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// The accelerator it carries.
    pub accelerator: String,
    /// Accelerators per server.
    pub accelerators: u32,
    /// Host CPUs.
    pub cpus: u32,
    /// TDP of one CPU [W].
    pub cpu_tdp_w: f64,
    /// Host memory [GB].
    pub memory_gb: f64,
    /// High-speed NICs.
    pub nics: u32,
    /// Server fans at full speed [W].
    pub fans_max_w: f64,
    /// Power-supply efficiency [0–1].
    pub psu_efficiency: f64,
    /// Host DC power with accelerators idle [W].
    pub host_idle_w: f64,
    /// Host DC power with accelerators at full load [W].
    pub host_full_w: f64,
    /// Nameplate power [W].
    pub rated_w: f64,
    /// Default servers per rack.
    pub servers_per_rack: u32,
    /// Rack power budget for this class [kW].
    pub rack_power_limit_kw: f64,
    /// Embodied emissions per server without accelerators [kgCO2e].
    pub embodied_kg: f64,
    /// Sources of all of the above.
    pub source: String,
}

/// The whole built-in catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Places, in file order.
    pub locations: Vec<Location>,
    /// Grid zones, in file order.
    pub zones: Vec<GridZone>,
    /// Accelerators, in file order.
    pub accelerators: Vec<Accelerator>,
    /// Servers, in file order.
    pub servers: Vec<Server>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationsFile {
    location: Vec<Location>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZonesFile {
    zone: Vec<GridZone>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceleratorsFile {
    accelerator: Vec<Accelerator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServersFile {
    server: Vec<Server>,
}

/// The catalog compiled into this binary, parsed once.
///
/// The embedded files are checked by this crate's tests, so parsing cannot fail in a
/// released binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let locations: LocationsFile =
            toml::from_str(include_str!("../data/locations.toml")).expect("embedded locations.toml is valid (tested)");
        let zones: ZonesFile = toml::from_str(include_str!("../data/grid_zones.toml"))
            .expect("embedded grid_zones.toml is valid (tested)");
        let accelerators: AcceleratorsFile = toml::from_str(include_str!("../data/accelerators.toml"))
            .expect("embedded accelerators.toml is valid (tested)");
        let servers: ServersFile =
            toml::from_str(include_str!("../data/servers.toml")).expect("embedded servers.toml is valid (tested)");
        Catalog {
            locations: locations.location,
            zones: zones.zone,
            accelerators: accelerators.accelerator,
            servers: servers.server,
        }
    })
}

impl Catalog {
    /// The location with this id.
    pub fn location(&self, id: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.id == id)
    }

    /// The grid zone with this id.
    pub fn zone(&self, id: &str) -> Option<&GridZone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The accelerator with this id.
    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        self.accelerators.iter().find(|a| a.id == id)
    }

    /// The server with this id.
    pub fn server(&self, id: &str) -> Option<&Server> {
        self.servers.iter().find(|s| s.id == id)
    }

    /// All server ids.
    pub fn server_ids(&self) -> impl Iterator<Item = &str> {
        self.servers.iter().map(|s| s.id.as_str())
    }

    /// All location ids.
    pub fn location_ids(&self) -> impl Iterator<Item = &str> {
        self.locations.iter().map(|l| l.id.as_str())
    }

    /// All zone ids.
    pub fn zone_ids(&self) -> impl Iterator<Item = &str> {
        self.zones.iter().map(|z| z.id.as_str())
    }

    /// All accelerator ids.
    pub fn accelerator_ids(&self) -> impl Iterator<Item = &str> {
        self.accelerators.iter().map(|a| a.id.as_str())
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo
/// (at most a third of the name's length, and at least 1 edit away from nothing).
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&name, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= (name.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_is_complete() {
        let c = catalog();
        assert!(c.locations.len() >= 15);
        assert!(c.zones.len() >= 15);
        assert!(c.accelerators.len() >= 16);
        for id in [
            "v100-sxm2",
            "a100-sxm",
            "h100-sxm",
            "h200-sxm",
            "b200",
            "gb200",
            "mi300x",
            "tpu-v3",
            "tpu-v4",
            "tpu-v5e",
            "tpu-v5p",
            "gaudi2",
            "gaudi3",
            "cerebras-cs3",
            "graphcore-bow2000",
        ] {
            assert!(c.accelerator(id).is_some(), "{id}");
        }
        assert!(c.accelerators.iter().filter(|a| a.kind == "edge").count() >= 2);
        for class in ["hot-humid", "hot-dry", "temperate", "cold"] {
            assert!(c.locations.iter().any(|l| l.climate == class), "no {class} location");
        }
    }

    #[test]
    fn every_value_has_a_source_and_is_consistent() {
        let c = catalog();
        let mut ids = std::collections::BTreeSet::new();
        for l in &c.locations {
            assert!(ids.insert(&l.id), "duplicate {}", l.id);
            assert!(
                !l.source_position.is_empty() && !l.source_climate.is_empty(),
                "{}",
                l.id
            );
            assert!(
                c.zone(&l.grid_zone).is_some(),
                "{} names unknown zone {}",
                l.id,
                l.grid_zone
            );
            assert!((-90.0..=90.0).contains(&l.latitude_deg) && (-180.0..=180.0).contains(&l.longitude_deg));
            for m in 0..12 {
                assert!(
                    l.temp_min_c[m] < l.temp_mean_c[m] && l.temp_mean_c[m] < l.temp_max_c[m],
                    "{} month {m}",
                    l.id
                );
                assert!((1.0..=100.0).contains(&l.rh_mean_pct[m]));
            }
        }
        for z in &c.zones {
            assert!(
                !z.ci_source.is_empty() && !z.shape_source.is_empty() && !z.price_source.is_empty(),
                "{}",
                z.id
            );
            assert!(z.ci_mean_g_per_kwh > 0.0 && z.price_usd_per_mwh > 0.0, "{}", z.id);
            assert!(
                ["flat", "solar", "wind", "fossil", "mixed"].contains(&z.shape.as_str()),
                "{}",
                z.id
            );
        }
        for a in &c.accelerators {
            assert!(
                !a.power_source.is_empty() && !a.peak_source.is_empty() && !a.embodied_source.is_empty(),
                "{}",
                a.id
            );
            assert!(
                a.parked_idle_w < a.active_idle_w && a.active_idle_w < a.full_load_w && a.full_load_w <= a.tdp_w,
                "{}",
                a.id
            );
            assert!(
                c.server(&a.default_server).is_some_and(|s| s.accelerator == a.id),
                "{}",
                a.id
            );
            assert!(
                a.peak_tflops.to_array().iter().any(|&t| t > 0.0) && a.memory_bw_tb_s > 0.0,
                "{}",
                a.id
            );
            assert!((0.0..=1.0).contains(&a.memory_bound_load_frac), "{}", a.id);
        }
        for s in &c.servers {
            assert!(
                !s.source.is_empty() && c.accelerator(&s.accelerator).is_some(),
                "{}",
                s.id
            );
            assert!(
                s.host_idle_w <= s.host_full_w && s.accelerators > 0 && s.servers_per_rack > 0,
                "{}",
                s.id
            );
            assert!(s.psu_efficiency > 0.5 && s.psu_efficiency <= 1.0, "{}", s.id);
        }
    }

    #[test]
    fn grid_means_match_their_published_sources() {
        // Electricity Maps 2024 annual lifecycle means (Electricity Maps yearly data, 2024).
        let c = catalog();
        for (zone, g) in [
            ("SE", 23.0),
            ("PL", 581.0),
            ("US-PJM", 403.0),
            ("IS", 28.0),
            ("DE", 341.0),
        ] {
            assert_eq!(c.zone(zone).unwrap().ci_mean_g_per_kwh, g, "{zone}");
        }
    }

    #[test]
    fn suggestions_catch_typos_only() {
        let c = catalog();
        assert_eq!(suggest("stokholm", c.location_ids()), Some("stockholm"));
        assert_eq!(suggest("h100", c.accelerator_ids()), None);
        assert_eq!(suggest("h100-smx", c.accelerator_ids()), Some("h100-sxm"));
        assert_eq!(suggest("atlantis", c.location_ids()), None);
    }
}
