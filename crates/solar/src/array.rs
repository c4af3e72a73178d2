//! A PV array, fixed or tracking: the model chain from the sun's position to AC power.

use dctwin_core::UtcTime;

use crate::{
    PVWATTS_ETA_REFERENCE, SAPM_OPEN_RACK_GLASS_GLASS, SapmParams, SingleAxisTracker, absolute_airmass,
    erbs_decomposition, extra_radiation_w_m2, ineichen_clear_sky, isotropic_poa, kasten_young_airmass,
    linke_turbidity_at, pressure_from_altitude_pa, pvwatts_dc, pvwatts_inverter, sapm_cell_temperature,
    single_axis_angles, solar_position_at,
};

/// What the sky does to the sunlight at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sky {
    /// Cloudless: Ineichen–Perez with the site's Linke turbidity.
    Clear,
    /// Clouds scale the clear-sky GHI: GHI = k × clear-sky GHI (k is the *clear-sky index*,
    /// 0 = dark, 1 = clear, up to ≈1.2 under cloud enhancement); Erbs splits it into beam and
    /// diffuse.
    ClearnessIndex(f64),
    /// Irradiance measured or taken from a weather file [W/m²].
    Measured {
        /// Global horizontal irradiance [W/m²].
        ghi_w_m2: f64,
        /// Direct normal irradiance [W/m²].
        dni_w_m2: f64,
        /// Diffuse horizontal irradiance [W/m²].
        dhi_w_m2: f64,
    },
}

/// What an array produces at one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PvOutput {
    /// Inverter AC output [kW].
    pub ac_kw: f64,
    /// DC power after system losses and degradation, into the inverter [kW].
    pub dc_kw: f64,
    /// Plane-of-array irradiance [W/m²].
    pub poa_w_m2: f64,
    /// Global horizontal irradiance used [W/m²].
    pub ghi_w_m2: f64,
    /// Cell temperature [°C].
    pub cell_temp_c: f64,
}

/// A photovoltaic array, fixed or on single-axis trackers, with a PVWatts inverter.
///
/// Defaults ([`PvArray::new`]): γ = −0.47 %/°C (PVWatts v5 "standard" crystalline-silicon
/// module, Dobos 2014, Table 2); 14 % system losses (PVWatts v5 default: soiling, shading,
/// mismatch, wiring, connections, light-induced degradation, nameplate and availability,
/// Dobos 2014, Table 3); inverter nominal efficiency 0.96 and DC/AC ratio 1.0; albedo 0.25;
/// degradation 0.5 %/yr (median of ≈2000 field measurements, Jordan & Kurtz 2013,
/// doi:10.1002/pip.1182), applied linearly; SAPM open-rack glass/glass cell temperature; fixed
/// mounting; monofacial (no bifacial gain).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PvArray {
    /// Nameplate DC power at standard test conditions [kW].
    pub dc_capacity_kw: f64,
    /// Tilt from horizontal of fixed modules [°] (unused on trackers).
    pub tilt_deg: f64,
    /// Direction fixed modules face, clockwise from north (180 = south) [°] (unused on
    /// trackers).
    pub azimuth_deg: f64,
    /// Single-axis trackers carrying the modules; `None` for a fixed array.
    pub tracker: Option<SingleAxisTracker>,
    /// Extra DC output the rear side of bifacial modules adds, as a share of the front side's
    /// [-]: a stated gain, not computed from the ground under the rows.
    pub bifacial_gain_frac: f64,
    /// Temperature coefficient of power [1/°C].
    pub gamma_per_c: f64,
    /// DC system losses as a fraction of DC power [0–1].
    pub system_losses_frac: f64,
    /// Inverter nominal efficiency [-].
    pub inverter_eta_nominal: f64,
    /// DC nameplate over inverter DC rating [-]; the inverter's DC limit is
    /// `dc_capacity_kw / dc_ac_ratio`.
    pub dc_ac_ratio: f64,
    /// Ground reflectance [0–1].
    pub albedo: f64,
    /// Loss of output per year in service, linear [1/yr].
    pub degradation_per_year: f64,
    /// Cell-temperature coefficients for the mounting.
    pub temperature: SapmParams,
}

impl PvArray {
    /// An array of `dc_capacity_kw` tilted `tilt_deg` towards `azimuth_deg`, with the
    /// defaults documented on [`PvArray`].
    pub fn new(dc_capacity_kw: f64, tilt_deg: f64, azimuth_deg: f64) -> Self {
        Self {
            dc_capacity_kw,
            tilt_deg,
            azimuth_deg,
            tracker: None,
            bifacial_gain_frac: 0.0,
            gamma_per_c: -0.004_7,
            system_losses_frac: 0.14,
            inverter_eta_nominal: 0.96,
            dc_ac_ratio: 1.0,
            albedo: 0.25,
            degradation_per_year: 0.005,
            temperature: SAPM_OPEN_RACK_GLASS_GLASS,
        }
    }

    /// DC input limit of the inverter [kW].
    pub fn inverter_pdc0_kw(&self) -> f64 {
        self.dc_capacity_kw / self.dc_ac_ratio
    }

    /// Output at `time` for a site and weather, by the chain pvlib's `ModelChain` runs with
    /// the same models.
    ///
    /// 1. Sun: [`solar_position_at`] (NOAA, refraction for the standard-atmosphere pressure
    ///    at `altitude_m` and `temp_air_c`, as pvlib's ModelChain with air temperature);
    ///    extraterrestrial [`extra_radiation_w_m2`].
    /// 2. Sky: [`Sky::Clear`] runs [`ineichen_clear_sky`] with the Kasten–Young air mass at
    ///    the apparent zenith and the pressure of the standard atmosphere at `altitude_m`,
    ///    and the Linke turbidity interpolated from `linke_monthly`; [`Sky::ClearnessIndex`]
    ///    scales its GHI and splits it with [`erbs_decomposition`]; [`Sky::Measured`] is used
    ///    as given.
    /// 3. Plane of array: fixed, or where [`single_axis_angles`] turns the trackers; then
    ///    [`isotropic_poa`] with the apparent zenith (as pvlib's ModelChain).
    /// 4. Cell temperature: [`sapm_cell_temperature`] of the front irradiance.
    /// 5. DC: [`pvwatts_dc`] × (1 + bifacial gain) × (1 − losses) × (1 − degradation × years,
    ///    ≥ 0).
    /// 6. AC: [`pvwatts_inverter`] with DC limit [`PvArray::inverter_pdc0_kw`].
    ///
    /// # Arguments
    /// * `time` — the instant [UTC]; the result is the power at that instant, so hourly
    ///   energy is best taken at mid-hour (pvlib's reference sums instants on the hour).
    /// * `latitude_deg`, `longitude_deg` — site, north and east positive [°].
    /// * `altitude_m` — site altitude [m].
    /// * `linke_monthly` — mid-month Linke turbidity, January first [-] (only for
    ///   `Clear` and `ClearnessIndex`).
    /// * `sky` — the sky model.
    /// * `temp_air_c` — air temperature [°C]; `wind_m_s` — wind speed [m/s].
    /// * `years_in_service` — age of the modules [yr].
    #[expect(
        clippy::too_many_arguments,
        reason = "site, weather and age are separate inputs that change at different rates"
    )]
    pub fn ac_kw(
        &self,
        time: UtcTime,
        latitude_deg: f64,
        longitude_deg: f64,
        altitude_m: f64,
        linke_monthly: &[f64; 12],
        sky: Sky,
        temp_air_c: f64,
        wind_m_s: f64,
        years_in_service: f64,
    ) -> PvOutput {
        let pressure_pa = pressure_from_altitude_pa(altitude_m);
        let sun = solar_position_at(time, latitude_deg, longitude_deg, pressure_pa, temp_air_c);
        let day_number = f64::from(time.day_of_year() + 1);
        let clear_sky = || {
            let airmass =
                kasten_young_airmass(sun.apparent_zenith_deg).map_or(f64::NAN, |am| absolute_airmass(am, pressure_pa));
            ineichen_clear_sky(
                sun.apparent_zenith_deg,
                airmass,
                linke_turbidity_at(linke_monthly, time),
                altitude_m,
                extra_radiation_w_m2(day_number),
            )
        };
        let (ghi, dni, dhi) = match sky {
            Sky::Clear => {
                let cs = clear_sky();
                (cs.ghi_w_m2, cs.dni_w_m2, cs.dhi_w_m2)
            }
            Sky::ClearnessIndex(k) => {
                let ghi = k.max(0.0) * clear_sky().ghi_w_m2;
                let (dni, dhi) = erbs_decomposition(ghi, sun.zenith_deg, day_number);
                (ghi, dni, dhi)
            }
            Sky::Measured {
                ghi_w_m2,
                dni_w_m2,
                dhi_w_m2,
            } => (ghi_w_m2, dni_w_m2, dhi_w_m2),
        };
        let (tilt_deg, azimuth_deg) = match &self.tracker {
            None => (self.tilt_deg, self.azimuth_deg),
            Some(tracker) => match single_axis_angles(sun.apparent_zenith_deg, sun.azimuth_deg, tracker) {
                Some(a) => (a.surface_tilt_deg, a.surface_azimuth_deg),
                // Sun down: the sky's diffuse light on a flat tracker.
                None => (0.0, tracker.axis_azimuth_deg),
            },
        };
        let poa = isotropic_poa(
            tilt_deg,
            azimuth_deg,
            sun.apparent_zenith_deg,
            sun.azimuth_deg,
            dni,
            ghi,
            dhi,
            self.albedo,
        )
        .poa_global_w_m2;
        let t = self.temperature;
        let cell_temp_c = sapm_cell_temperature(poa, temp_air_c, wind_m_s, t.a, t.b, t.delta_t_c);
        let ageing = (1.0 - self.degradation_per_year * years_in_service.max(0.0)).max(0.0);
        let dc_kw = pvwatts_dc(poa, cell_temp_c, self.dc_capacity_kw, self.gamma_per_c)
            * (1.0 + self.bifacial_gain_frac)
            * (1.0 - self.system_losses_frac)
            * ageing;
        let ac_kw = pvwatts_inverter(
            dc_kw,
            self.inverter_pdc0_kw(),
            self.inverter_eta_nominal,
            PVWATTS_ETA_REFERENCE,
        );
        PvOutput {
            ac_kw,
            dc_kw,
            poa_w_m2: poa,
            ghi_w_m2: ghi,
            cell_temp_c,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADRID: [f64; 12] = [3.05, 3.2, 2.9, 3.3, 3.5, 3.95, 3.85, 4.2, 3.9, 3.7, 3.5, 3.05];

    fn at(array: &PvArray, time: UtcTime, sky: Sky, years: f64) -> PvOutput {
        array.ac_kw(time, 40.42, -3.70, 670.0, &MADRID, sky, 20.0, 1.0, years)
    }

    #[test]
    fn night_gives_nothing() {
        let a = PvArray::new(1_000.0, 25.0, 180.0);
        let out = at(&a, UtcTime::from_civil(2023, 6, 21, 0, 0, 0), Sky::Clear, 0.0);
        assert_eq!(out.ac_kw, 0.0);
        assert_eq!(out.poa_w_m2, 0.0);
        assert_eq!(out.cell_temp_c, 20.0);
    }

    #[test]
    fn clouds_and_age_reduce_output() {
        let a = PvArray::new(1_000.0, 25.0, 180.0);
        let noon = UtcTime::from_civil(2023, 6, 21, 12, 0, 0);
        let clear = at(&a, noon, Sky::Clear, 0.0);
        let cloudy = at(&a, noon, Sky::ClearnessIndex(0.4), 0.0);
        let old = at(&a, noon, Sky::Clear, 10.0);
        assert!(cloudy.ac_kw < 0.6 * clear.ac_kw, "{cloudy:?} vs {clear:?}");
        assert!((cloudy.ghi_w_m2 - 0.4 * clear.ghi_w_m2).abs() < 1e-9);
        // 10 years at 0.5 %/yr: DC exactly 5 % lower.
        assert!((old.dc_kw / clear.dc_kw - 0.95).abs() < 1e-12);
        // A clearness index of 1 re-splits the clear sky with Erbs: same GHI, close POA.
        let k1 = at(&a, noon, Sky::ClearnessIndex(1.0), 0.0);
        assert!((k1.poa_w_m2 / clear.poa_w_m2 - 1.0).abs() < 0.1);
    }

    #[test]
    fn measured_irradiance_is_used_as_given() {
        let a = PvArray {
            tilt_deg: 0.0,
            ..PvArray::new(100.0, 0.0, 180.0)
        };
        let sky = Sky::Measured {
            ghi_w_m2: 500.0,
            dni_w_m2: 600.0,
            dhi_w_m2: 100.0,
        };
        let out = at(&a, UtcTime::from_civil(2023, 6, 21, 12, 0, 0), sky, 0.0);
        // A horizontal plane sees the closure GHI only if the data close; here it sees
        // DNI cos z + DHI, with the sun high at Madrid's solstice noon (z ≈ 17°).
        assert!(out.poa_w_m2 > 600.0 && out.poa_w_m2 < 700.0, "{out:?}");
        assert_eq!(out.ghi_w_m2, 500.0);
    }

    #[test]
    fn dc_ac_ratio_clips_at_the_inverter_rating() {
        let a = PvArray {
            dc_ac_ratio: 1.5,
            system_losses_frac: 0.0,
            ..PvArray::new(1_500.0, 35.0, 180.0)
        };
        let out = at(&a, UtcTime::from_civil(2023, 4, 15, 12, 0, 0), Sky::Clear, 0.0);
        assert!(out.ac_kw <= 0.96 * 1_000.0 + 1e-9);
        assert!(out.dc_kw > 1_000.0, "{out:?}");
    }
}
