//! Free cooling by sea or lake water through a heat exchanger (the idea Microsoft's Project
//! Natick took under the sea; Google Hamina with Baltic seawater; Toronto's Deep Lake Water
//! Cooling with 4 °C water from 83 m).

use super::{CoolingPower, Outdoor, carnot_fraction_cop};

/// Where the cold water comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NaturalWaterSource {
    /// Surface seawater: its temperature follows the site's air temperature, damped and about a
    /// month behind (twelve monthly means, January first) [°C].
    Sea([f64; 12]),
    /// Water from below a deep lake's thermocline, at a constant temperature [°C]: 4 °C where
    /// winters cool the lake through water's density maximum (Enwave Deep Lake Water Cooling,
    /// Toronto), warmer in warm climates (see [`NaturalWaterSource::deep_lake_from_air`]).
    DeepLake(f64),
}

impl NaturalWaterSource {
    /// A sea temperature profile from the site's monthly air normals: the annual mean plus 60 %
    /// of each month's deviation from it, one month later, never below 2 °C. The ocean's heat
    /// capacity damps and delays the seasons; a dctwin approximation to use when measured sea
    /// temperatures are not given.
    pub fn sea_from_air(monthly_air_c: &[f64; 12]) -> Self {
        let mean = monthly_air_c.iter().sum::<f64>() / 12.0;
        Self::Sea(std::array::from_fn(|m| {
            (mean + 0.6 * (monthly_air_c[(m + 11) % 12] - mean)).max(2.0)
        }))
    }

    /// A deep lake at the site: its deep water holds the temperature of the coldest season's
    /// mixing, approximated by the coldest monthly mean air temperature, and never below water's
    /// density maximum, 4 °C. Temperate lakes give 4 °C (Toronto's intake at 83 m); tropical
    /// lakes stay warm all the way down (Lake Tanganyika's deep water ≈ 23 °C, Lake Malawi's
    /// ≈ 22 °C), so a "lake-water" hall in Singapore gets no free cooling from it. A dctwin
    /// approximation for when the lake's own temperature is not given.
    pub fn deep_lake_from_air(monthly_air_c: &[f64; 12]) -> Self {
        Self::DeepLake(monthly_air_c.iter().copied().fold(f64::INFINITY, f64::min).max(4.0))
    }

    /// Water temperature at `year_frac` [°C] (monthly values interpolated between mid-months).
    pub fn temp_c(&self, year_frac: f64) -> f64 {
        match self {
            Self::DeepLake(c) => *c,
            Self::Sea(monthly) => {
                let m = year_frac * 12.0 - 0.5;
                let i0 = m.floor().rem_euclid(12.0) as usize;
                let w = m - m.floor();
                monthly[i0] * (1.0 - w) + monthly[(i0 + 1) % 12] * w
            }
        }
    }
}

/// CRAH units and chilled water cooled by sea or lake water through a plate heat exchanger,
/// with a water-cooled chiller (condensing into the same water) when the water is too warm.
///
/// Defaults: chilled water 15/21 °C; heat-exchanger approach 2 K; sea-water pumps 1.5 % of the
/// heat (a 5 K rise, 20 m head); CRAH fans 3 % with the cube law; chiller Carnot fraction 0.6,
/// condenser 7 K above the water. The water is returned, not evaporated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NaturalWaterPlant {
    /// The water source.
    pub source: NaturalWaterSource,
    /// Chilled-water supply [°C].
    pub chw_supply_c: f64,
    /// Chilled-water return [°C].
    pub chw_return_c: f64,
    /// Heat-exchanger approach [K].
    pub hx_approach_k: f64,
    /// Sea/lake-water pumps per kW of heat [kW/kW].
    pub pump_kw_per_kw: f64,
    /// CRAH fan power at design heat per kW [kW/kW].
    pub fan_kw_per_kw_design: f64,
}

impl NaturalWaterPlant {
    /// A plant on `source` with dctwin's defaults.
    pub fn new(source: NaturalWaterSource) -> Self {
        Self {
            source,
            chw_supply_c: 15.0,
            chw_return_c: 21.0,
            hx_approach_k: 2.0,
            pump_kw_per_kw: 0.015,
            fan_kw_per_kw_design: 0.03,
        }
    }

    /// Power to remove `heat_kw` [kW] from a hall designed for `design_heat_kw`.
    pub fn power_kw(&self, heat_kw: f64, design_heat_kw: f64, outdoor: &Outdoor) -> CoolingPower {
        let heat_kw = heat_kw.max(0.0);
        let water_c = self.source.temp_c(outdoor.year_frac);
        let leaving = water_c + self.hx_approach_k;
        let free = ((self.chw_return_c - leaving) / (self.chw_return_c - self.chw_supply_c)).clamp(0.0, 1.0);
        let cop = carnot_fraction_cop(self.chw_supply_c, water_c + 7.0, 0.6, 12.0);
        let flow = if design_heat_kw > 0.0 {
            (heat_kw / design_heat_kw).min(1.5)
        } else {
            0.0
        };
        CoolingPower {
            chiller_kw: heat_kw * (1.0 - free) / cop,
            fans_kw: self.fan_kw_per_kw_design * design_heat_kw * flow.powi(3),
            pumps_kw: self.pump_kw_per_kw * heat_kw,
            heat_rejection_kw: 0.0,
            free_cooling_frac: free,
            water_l_per_h: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_lake_is_always_free() {
        let p = NaturalWaterPlant::new(NaturalWaterSource::DeepLake(4.0));
        for f in [0.0, 0.5, 0.9] {
            let c = p.power_kw(
                1_000.0,
                1_000.0,
                &Outdoor {
                    dry_bulb_c: 30.0,
                    year_frac: f,
                    ..Outdoor::default()
                },
            );
            assert_eq!(c.chiller_kw, 0.0);
            assert!((c.total_kw() - 45.0).abs() < 1e-9); // pumps 15 + fans 30
        }
    }

    #[test]
    fn deep_lakes_are_cold_only_where_winters_are() {
        // Toronto-like normals: coldest month −4 °C → the 4 °C density maximum.
        let toronto = [-4.0, -3.5, 1.0, 7.5, 14.0, 19.5, 22.5, 21.5, 17.0, 10.5, 4.5, -1.0];
        assert_eq!(NaturalWaterSource::deep_lake_from_air(&toronto).temp_c(0.5), 4.0);
        // Tropical normals: the coldest month, 26.5 °C.
        let tropics = [26.5, 27.0, 27.5, 28.0, 28.3, 28.2, 27.9, 27.8, 27.6, 27.5, 27.0, 26.6];
        assert_eq!(NaturalWaterSource::deep_lake_from_air(&tropics).temp_c(0.2), 26.5);
    }

    #[test]
    fn sea_lags_and_damps_the_air() {
        let air = [0.0, 0.0, 3.0, 8.0, 13.0, 18.0, 21.0, 20.0, 15.0, 9.0, 4.0, 1.0];
        let NaturalWaterSource::Sea(sea) = NaturalWaterSource::sea_from_air(&air) else {
            unreachable!()
        };
        let mean = air.iter().sum::<f64>() / 12.0;
        assert!((sea[7] - (mean + 0.6 * (21.0 - mean))).abs() < 1e-9); // August follows July
        assert!(sea.iter().all(|&t| t >= 2.0));
    }
}
