//! A stationary lithium-ion battery: parameters, state and one time step.

/// Round-trip (AC-to-AC) efficiency of utility-scale Li-ion storage [-]: 85 %, NREL Annual
/// Technology Baseline, utility-scale battery storage (the EIA measured a US fleet average of
/// 82 % for 2019; both in docs/figures.md).
pub const DEFAULT_ROUND_TRIP_EFFICIENCY: f64 = 0.85;

/// One-way efficiency [-] that makes the round trip [`DEFAULT_ROUND_TRIP_EFFICIENCY`]:
/// √0.85 = 0.921 954…, the loss split evenly between charging and discharging (the ATB gives
/// only the round trip).
pub const DEFAULT_ONE_WAY_EFFICIENCY: f64 = 0.921_954_445_729_288_7;

/// Lowest state of charge the default battery management allows [fraction of capacity].
///
/// 10 % and [`DEFAULT_SOC_MAX_FRAC`] 90 %: a dctwin assumption following common stationary
/// practice of keeping Li-ion cells out of the voltage extremes, where ageing accelerates
/// (lithium plating and electrolyte oxidation near full charge, structural stress near empty),
/// so 80 % of the nameplate energy is usable.
pub const DEFAULT_SOC_MIN_FRAC: f64 = 0.1;

/// Highest state of charge the default battery management allows [fraction of capacity];
/// see [`DEFAULT_SOC_MIN_FRAC`] for why.
pub const DEFAULT_SOC_MAX_FRAC: f64 = 0.9;

/// Self-discharge of the default battery [fraction of the stored energy per day]: 0.05 %/day
/// (≈ 1.5 %/month), a dctwin assumption at the low end of the 1–3 %/month usually quoted for
/// Li-ion cells at room temperature (auxiliary loads such as HVAC and the BMS are not included).
pub const DEFAULT_SELF_DISCHARGE_PER_DAY_FRAC: f64 = 0.000_5;

/// Capacity lost per equivalent full cycle by the default battery [fraction of nameplate per
/// cycle]: 0.004 %/cycle, i.e. linear fade to the usual 80 % end-of-life after 5,000 equivalent
/// full cycles. A dctwin assumption in the range of stationary LFP/NMC cycle-life ratings; Xu
/// et al. 2018 (doi:10.1109/TSG.2016.2578950) give the non-linear cycle-ageing model this
/// linearises. Calendar ageing is not modelled.
pub const DEFAULT_FADE_PER_CYCLE_FRAC: f64 = 0.000_04;

/// Smallest one-way efficiency `step` uses [-]: guards the division by η_d against a zero or
/// negative efficiency in unvalidated parameters.
const MIN_EFFICIENCY: f64 = 1e-3;

/// Parameters of a battery (a value type: the state lives in [`BatteryState`]).
///
/// Power limits apply at the AC terminals (the bus side of the inverter), in both directions.
/// The state of charge counts the energy stored in the cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Battery {
    /// Nameplate (beginning-of-life) energy capacity [kWh].
    pub energy_kwh: f64,
    /// Charge and discharge power limit at the AC terminals [kW].
    pub power_kw: f64,
    /// Fraction of the energy taken from the bus that reaches the cells [-]; default √0.85.
    pub charge_efficiency: f64,
    /// Fraction of the energy leaving the cells that reaches the bus [-]; default √0.85.
    pub discharge_efficiency: f64,
    /// Lowest state of charge dispatch may reach [fraction of current capacity]; default 0.1.
    pub soc_min_frac: f64,
    /// Highest state of charge dispatch may reach [fraction of current capacity]; default 0.9.
    pub soc_max_frac: f64,
    /// Self-discharge [fraction of the stored energy per day]; default 0.0005.
    pub self_discharge_per_day_frac: f64,
    /// Capacity fade [fraction of nameplate per equivalent full cycle]; default 0.00004, 0 turns
    /// degradation off.
    pub fade_per_cycle_frac: f64,
}

/// A parameter outside its valid range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("battery.{field} = {value}: expected {expected}")]
pub struct BatteryError {
    /// The field's name.
    pub field: &'static str,
    /// The value given.
    pub value: f64,
    /// The valid range, in words.
    pub expected: &'static str,
}

impl Battery {
    /// A battery of `energy_kwh` [kWh] and `power_kw` [kW] with the default efficiencies, state
    /// of charge window, self-discharge and fade (see the `DEFAULT_*` constants for sources).
    pub fn new(energy_kwh: f64, power_kw: f64) -> Self {
        Self {
            energy_kwh,
            power_kw,
            charge_efficiency: DEFAULT_ONE_WAY_EFFICIENCY,
            discharge_efficiency: DEFAULT_ONE_WAY_EFFICIENCY,
            soc_min_frac: DEFAULT_SOC_MIN_FRAC,
            soc_max_frac: DEFAULT_SOC_MAX_FRAC,
            self_discharge_per_day_frac: DEFAULT_SELF_DISCHARGE_PER_DAY_FRAC,
            fade_per_cycle_frac: DEFAULT_FADE_PER_CYCLE_FRAC,
        }
    }

    /// Round-trip efficiency η_c × η_d [-].
    pub fn round_trip_efficiency(&self) -> f64 {
        self.charge_efficiency * self.discharge_efficiency
    }

    /// Hours at full power from the top to the bottom of the state-of-charge window, measured
    /// at the cells (nameplate energy × window ÷ power) [h]; infinite for zero power.
    pub fn duration_h(&self) -> f64 {
        self.energy_kwh * (self.soc_max_frac - self.soc_min_frac) / self.power_kw
    }

    /// Every parameter outside its valid range, all at once.
    pub fn validate(&self) -> Result<(), Vec<BatteryError>> {
        let mut problems = Vec::new();
        let mut check = |field, value: f64, ok: bool, expected| {
            if !ok {
                problems.push(BatteryError { field, value, expected });
            }
        };
        let finite_in = |v: f64, lo: f64, hi: f64| v.is_finite() && v >= lo && v <= hi;
        check(
            "energy_kwh",
            self.energy_kwh,
            self.energy_kwh.is_finite() && self.energy_kwh > 0.0,
            "> 0",
        );
        check(
            "power_kw",
            self.power_kw,
            finite_in(self.power_kw, 0.0, f64::MAX),
            ">= 0",
        );
        for (field, eta) in [
            ("charge_efficiency", self.charge_efficiency),
            ("discharge_efficiency", self.discharge_efficiency),
        ] {
            check(field, eta, eta.is_finite() && eta > 0.0 && eta <= 1.0, "in (0, 1]");
        }
        check(
            "soc_min_frac",
            self.soc_min_frac,
            finite_in(self.soc_min_frac, 0.0, 1.0),
            "in [0, 1]",
        );
        check(
            "soc_max_frac",
            self.soc_max_frac,
            finite_in(self.soc_max_frac, 0.0, 1.0),
            "in [0, 1]",
        );
        if self.soc_min_frac.is_finite() && self.soc_max_frac.is_finite() && self.soc_min_frac >= self.soc_max_frac {
            check("soc_max_frac", self.soc_max_frac, false, "greater than soc_min_frac");
        }
        check(
            "self_discharge_per_day_frac",
            self.self_discharge_per_day_frac,
            finite_in(self.self_discharge_per_day_frac, 0.0, 1.0) && self.self_discharge_per_day_frac < 1.0,
            "in [0, 1)",
        );
        check(
            "fade_per_cycle_frac",
            self.fade_per_cycle_frac,
            finite_in(self.fade_per_cycle_frac, 0.0, 1.0),
            "in [0, 1]",
        );
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// The parameters `step` actually uses: every value clamped into its valid range (NaN
    /// replaced by the default), so unvalidated input can never panic or break the balance.
    fn sanitized(&self) -> Self {
        let clamp = |v: f64, lo: f64, hi: f64, fallback: f64| if v.is_nan() { fallback } else { v.clamp(lo, hi) };
        let soc_min_frac = clamp(self.soc_min_frac, 0.0, 1.0, DEFAULT_SOC_MIN_FRAC);
        Self {
            energy_kwh: clamp(self.energy_kwh, 0.0, f64::MAX, 0.0),
            power_kw: clamp(self.power_kw, 0.0, f64::MAX, 0.0),
            charge_efficiency: clamp(self.charge_efficiency, MIN_EFFICIENCY, 1.0, DEFAULT_ONE_WAY_EFFICIENCY),
            discharge_efficiency: clamp(
                self.discharge_efficiency,
                MIN_EFFICIENCY,
                1.0,
                DEFAULT_ONE_WAY_EFFICIENCY,
            ),
            soc_min_frac,
            soc_max_frac: clamp(
                self.soc_max_frac,
                soc_min_frac,
                1.0,
                DEFAULT_SOC_MAX_FRAC.max(soc_min_frac),
            ),
            self_discharge_per_day_frac: clamp(self.self_discharge_per_day_frac, 0.0, 1.0, 0.0),
            fade_per_cycle_frac: clamp(self.fade_per_cycle_frac, 0.0, 1.0, 0.0),
        }
    }
}

/// The evolving state of one battery.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatteryState {
    /// Energy stored in the cells [kWh].
    pub soc_kwh: f64,
    /// Energy through the AC terminals since the start, in plus out [kWh].
    pub throughput_kwh: f64,
    /// Equivalent full cycles since the start: energy moved in and out of the cells ÷ (2 ×
    /// nameplate energy) [-].
    pub equivalent_cycles: f64,
    /// Usable capacity after fade [kWh]; the state-of-charge window is a fraction of it.
    pub capacity_kwh: f64,
    /// Energy lost since the start: conversion losses plus self-discharge [kWh].
    pub losses_kwh: f64,
    /// Energy taken from the bus since the start [kWh].
    pub charged_kwh: f64,
    /// Energy delivered to the bus since the start [kWh].
    pub discharged_kwh: f64,
    /// Energy lost to self-discharge since the start [kWh].
    pub self_discharge_kwh: f64,
}

/// What one step did, as averages over the step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BatteryStep {
    /// Power taken from the bus [kW] (≥ 0).
    pub charged_kw: f64,
    /// Power delivered to the bus [kW] (≥ 0).
    pub discharged_kw: f64,
    /// Conversion losses, self-discharge and energy lost with faded capacity [kW] (≥ 0).
    pub loss_kw: f64,
    /// Self-discharge alone [kW] (≥ 0), part of `loss_kw`.
    pub self_discharge_kw: f64,
    /// Energy that no longer fits under the faded capacity's upper limit [kW] (≥ 0), part of
    /// `loss_kw`.
    pub fade_loss_kw: f64,
    /// Energy in the cells at the end of the step [kWh].
    pub soc_kwh: f64,
}

impl BatteryStep {
    /// Net power at the AC terminals [kW]: + charging, − discharging (the sign of a request).
    pub fn net_kw(&self) -> f64 {
        self.charged_kw - self.discharged_kw
    }
}

impl BatteryState {
    /// A new battery at `soc_frac` of its nameplate energy, clamped into its window.
    pub fn new(battery: &Battery, soc_frac: f64) -> Self {
        let b = battery.sanitized();
        let soc_frac = if soc_frac.is_nan() {
            b.soc_min_frac
        } else {
            soc_frac.clamp(b.soc_min_frac, b.soc_max_frac)
        };
        Self {
            soc_kwh: soc_frac * b.energy_kwh,
            throughput_kwh: 0.0,
            equivalent_cycles: 0.0,
            capacity_kwh: b.energy_kwh,
            losses_kwh: 0.0,
            charged_kwh: 0.0,
            discharged_kwh: 0.0,
            self_discharge_kwh: 0.0,
        }
    }

    /// State of charge as a fraction of the current (faded) capacity [-]; 0 for a battery
    /// with no capacity left.
    pub fn soc_frac(&self) -> f64 {
        if self.capacity_kwh > 0.0 {
            self.soc_kwh / self.capacity_kwh
        } else {
            0.0
        }
    }

    /// Advances the battery by one step of `dt_h` hours under a power request.
    ///
    /// Model: an energy-reservoir ("bucket") battery with constant one-way efficiencies, the
    /// formulation of most capacity-expansion and dispatch models and the voltage-free form of
    /// the battery model in NREL's System Advisor Model (DiOrio et al. 2015), plus exponential
    /// self-discharge and linear cycle fade.
    ///
    /// # Arguments
    /// * `battery` — parameters; values outside their valid range are clamped (see
    ///   [`Battery::validate`] to report them instead).
    /// * `request_kw` — requested power at the AC terminals [kW]: + charge, − discharge.
    ///   NaN requests nothing.
    /// * `dt_h` — step length [h]; a non-positive or non-finite step changes nothing.
    ///
    /// # Returns
    /// A [`BatteryStep`] with the powers actually taken from and given to the bus, the losses and
    /// the new state of charge. The request is honoured up to the power limit and up to the
    /// state-of-charge window, whichever binds first.
    ///
    /// # Equations
    /// With `E` the stored energy, `C` the current capacity and `r` the daily self-discharge:
    ///
    /// ```text
    /// E_sd  = E × (1 − (1 − r)^(dt/24))                     self-discharge (step-size free)
    /// E_in  = min(P_req, P_max)·dt  capped so E − E_sd + E_in·η_c ≤ soc_max·C
    /// E_out = min(−P_req, P_max)·dt capped so E − E_sd − E_out/η_d ≥ soc_min·C
    /// ΔE    = E_in·η_c − E_out/η_d − E_sd                     (exact, every step)
    /// loss  = E_in·(1 − η_c) + E_out·(1/η_d − 1) + E_sd
    /// EFC  += (E_in·η_c + E_out/η_d) / (2·E_nameplate)
    /// C     = E_nameplate · max(0, 1 − fade·EFC)
    /// ```
    ///
    /// # Validity
    /// Constant efficiencies ignore the rise of losses at high C-rates and low state of charge;
    /// adequate for hourly or sub-hourly energy accounting, not for cell-voltage or thermal
    /// questions. Self-discharge can take the state of charge below `soc_min` while the battery
    /// idles (it is physical); dispatch then only charges. After fade the stored energy is not
    /// clipped to the shrunken window (that would lose energy outside the balance): charging
    /// simply waits until the state of charge is back inside it.
    ///
    /// # References
    /// * NREL Annual Technology Baseline, utility-scale battery storage (85 % round trip):
    ///   <https://atb.nrel.gov/electricity/2023/utility-scale_battery_storage>
    /// * DiOrio, N., Dobos, A., Janzou, S. (2015). Economic Analysis Case Studies of Battery
    ///   Energy Storage with SAM. NREL/TP-6A20-64987.
    /// * Xu, B., Oudalov, A., Ulbig, A., Andersson, G., Kirschen, D. S. (2018). Modeling of
    ///   Lithium-Ion Battery Degradation for Cell Life Assessment. IEEE Trans. Smart Grid 9(2),
    ///   1131–1140. doi:10.1109/TSG.2016.2578950
    pub fn step(&mut self, battery: &Battery, request_kw: f64, dt_h: f64) -> BatteryStep {
        if !(dt_h.is_finite() && dt_h > 0.0) {
            return BatteryStep {
                soc_kwh: self.soc_kwh,
                ..BatteryStep::default()
            };
        }
        let b = battery.sanitized();
        let (eta_c, eta_d) = (b.charge_efficiency, b.discharge_efficiency);
        let request_kw = if request_kw.is_nan() { 0.0 } else { request_kw };

        let keep_frac = (1.0 - b.self_discharge_per_day_frac).powf(dt_h / 24.0);
        let self_discharge_kwh = self.soc_kwh.max(0.0) * (1.0 - keep_frac);
        let soc_after_sd_kwh = self.soc_kwh - self_discharge_kwh;

        let (in_kwh, out_kwh) = if request_kw > 0.0 {
            let headroom_kwh = (b.soc_max_frac * self.capacity_kwh - soc_after_sd_kwh).max(0.0);
            ((request_kw.min(b.power_kw) * dt_h).min(headroom_kwh / eta_c), 0.0)
        } else if request_kw < 0.0 {
            let available_kwh = (soc_after_sd_kwh - b.soc_min_frac * self.capacity_kwh).max(0.0);
            (0.0, ((-request_kw).min(b.power_kw) * dt_h).min(available_kwh * eta_d))
        } else {
            (0.0, 0.0)
        };

        let stored_kwh = in_kwh * eta_c;
        let withdrawn_kwh = out_kwh / eta_d;
        self.soc_kwh = soc_after_sd_kwh + stored_kwh - withdrawn_kwh;
        let mut loss_kwh = (in_kwh - stored_kwh) + (withdrawn_kwh - out_kwh) + self_discharge_kwh;

        if b.energy_kwh > 0.0 {
            self.equivalent_cycles += (stored_kwh + withdrawn_kwh) / (2.0 * b.energy_kwh);
        }
        self.capacity_kwh = b.energy_kwh * (1.0 - b.fade_per_cycle_frac * self.equivalent_cycles).max(0.0);
        // Fade shrinks the window under the stored energy: what no longer fits above the new
        // upper limit is lost with the capacity (a fraction of a watt-hour per step), so the
        // state of charge never leaves its window and the energy balance still closes.
        let faded_kwh = (self.soc_kwh - b.soc_max_frac * self.capacity_kwh).max(0.0);
        self.soc_kwh -= faded_kwh;
        loss_kwh += faded_kwh;

        self.charged_kwh += in_kwh;
        self.discharged_kwh += out_kwh;
        self.throughput_kwh += in_kwh + out_kwh;
        self.self_discharge_kwh += self_discharge_kwh;
        self.losses_kwh += loss_kwh;

        BatteryStep {
            charged_kw: in_kwh / dt_h,
            discharged_kw: out_kwh / dt_h,
            loss_kw: loss_kwh / dt_h,
            self_discharge_kw: self_discharge_kwh / dt_h,
            fade_loss_kw: faded_kwh / dt_h,
            soc_kwh: self.soc_kwh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tiny xorshift64 (Marsaglia 2003): the test's own random numbers, no dependency.
    struct XorShift(u64);

    impl XorShift {
        fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// Uniform in [0, 1).
        fn unit(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
        }
    }

    const STEPS_PER_YEAR_15MIN: usize = 35_040;

    #[test]
    fn default_efficiencies_give_85_percent_round_trip() {
        let b = Battery::new(1_000.0, 250.0);
        assert!((b.round_trip_efficiency() - DEFAULT_ROUND_TRIP_EFFICIENCY).abs() < 1e-15);
        assert!(b.validate().is_ok());
        // 1,000 kWh × 80 % window ÷ 250 kW = 3.2 h.
        assert!((b.duration_h() - 3.2).abs() < 1e-12);
    }

    /// Property: over a year of 15-minute steps with random requests (charge, discharge, idle,
    /// over-limit, tiny), the balance E_in·η_c − E_out/η_d − E_sd = ΔSoC holds every step and
    /// over the year, and neither the power limit nor the state-of-charge window is exceeded.
    #[test]
    fn energy_balance_and_limits_hold_over_a_year_of_random_requests() {
        let dt_h = 0.25;
        for seed in [1_u64, 7, 42, 0x2545_F491_4F6C_DD1D, 99_991] {
            let mut rng = XorShift(seed);
            let battery = Battery {
                // Exaggerated self-discharge and fade so both terms are exercised.
                self_discharge_per_day_frac: 0.01,
                fade_per_cycle_frac: 0.000_2,
                ..Battery::new(2_000.0, 500.0)
            };
            let b = battery;
            let mut state = BatteryState::new(&b, rng.unit());
            let soc_start_kwh = state.soc_kwh;
            let mut sum_in_kwh = 0.0;
            let mut sum_out_kwh = 0.0;
            let mut sum_sd_kwh = 0.0;
            let mut sum_fade_kwh = 0.0;
            for _ in 0..STEPS_PER_YEAR_15MIN {
                let request_kw = match rng.next_u64() % 5 {
                    0 => 0.0,
                    1 => 1_500.0 * (rng.unit() - 0.5) * 2.0, // beyond the power limit
                    2 => 1e-6 * (rng.unit() - 0.5),
                    _ => 500.0 * (rng.unit() - 0.5) * 2.0,
                };
                let capacity_before_kwh = state.capacity_kwh;
                let soc_before_kwh = state.soc_kwh;
                let step = state.step(&b, request_kw, dt_h);
                let (e_in, e_out, e_sd) = (
                    step.charged_kw * dt_h,
                    step.discharged_kw * dt_h,
                    step.self_discharge_kw * dt_h,
                );
                let delta =
                    e_in * b.charge_efficiency - e_out / b.discharge_efficiency - e_sd - step.fade_loss_kw * dt_h;
                assert!(
                    (delta - (step.soc_kwh - soc_before_kwh)).abs() < 1e-9,
                    "seed {seed}: step balance"
                );
                assert!(
                    (step.loss_kw * dt_h - (e_in - e_out - (step.soc_kwh - soc_before_kwh))).abs() < 1e-9,
                    "seed {seed}: losses close the balance at the terminals"
                );
                assert!(step.charged_kw <= b.power_kw + 1e-9 && step.discharged_kw <= b.power_kw + 1e-9);
                assert!(step.charged_kw >= 0.0 && step.discharged_kw >= 0.0 && step.loss_kw >= 0.0);
                assert!(step.charged_kw == 0.0 || step.discharged_kw == 0.0);
                if request_kw >= 0.0 {
                    assert!(step.discharged_kw == 0.0 && step.charged_kw <= request_kw + 1e-12);
                } else {
                    assert!(step.charged_kw == 0.0 && step.discharged_kw <= -request_kw + 1e-12);
                }
                if step.charged_kw > 0.0 {
                    assert!(
                        step.soc_kwh <= b.soc_max_frac * capacity_before_kwh + 1e-9,
                        "seed {seed}: above max"
                    );
                }
                if step.discharged_kw > 0.0 {
                    assert!(
                        step.soc_kwh >= b.soc_min_frac * capacity_before_kwh - 1e-9,
                        "seed {seed}: below min"
                    );
                }
                assert!(step.soc_kwh <= b.soc_max_frac * b.energy_kwh + 1e-9 && step.soc_kwh >= 0.0);
                // The window follows the faded capacity: never above its upper limit.
                assert!(
                    step.soc_kwh <= b.soc_max_frac * state.capacity_kwh + 1e-9,
                    "seed {seed}: above the faded window"
                );
                sum_in_kwh += e_in;
                sum_out_kwh += e_out;
                sum_sd_kwh += e_sd;
                sum_fade_kwh += step.fade_loss_kw * dt_h;
            }
            let year_delta =
                sum_in_kwh * b.charge_efficiency - sum_out_kwh / b.discharge_efficiency - sum_sd_kwh - sum_fade_kwh;
            // What fade takes is bounded by the capacity it took (it only bites when full).
            assert!(
                sum_fade_kwh <= b.energy_kwh - state.capacity_kwh + 1e-9,
                "seed {seed}: {sum_fade_kwh}"
            );
            assert!(
                (year_delta - (state.soc_kwh - soc_start_kwh)).abs() < 1e-6,
                "seed {seed}: year balance off by {}",
                year_delta - (state.soc_kwh - soc_start_kwh)
            );
            assert!((state.charged_kwh - sum_in_kwh).abs() < 1e-6);
            assert!(
                (state.losses_kwh - (state.charged_kwh - state.discharged_kwh - (state.soc_kwh - soc_start_kwh))).abs()
                    < 1e-6
            );
            assert!(
                state.capacity_kwh < b.energy_kwh,
                "seed {seed}: a year of cycling fades"
            );
        }
    }

    /// A full charge from the bottom of the window to the top and back returns 85 % of the
    /// energy taken (exactly, without self-discharge; within 0.1 % with the default 0.05 %/day).
    #[test]
    fn full_cycle_round_trip_is_85_percent() {
        for (self_discharge, tol) in [(0.0, 1e-12), (DEFAULT_SELF_DISCHARGE_PER_DAY_FRAC, 1e-3)] {
            let b = Battery {
                self_discharge_per_day_frac: self_discharge,
                fade_per_cycle_frac: 0.0,
                ..Battery::new(1_000.0, 250.0)
            };
            let mut s = BatteryState::new(&b, b.soc_min_frac);
            let start_kwh = s.soc_kwh;
            let mut charged_kwh = 0.0;
            while s.soc_kwh < b.soc_max_frac * s.capacity_kwh - 1e-9 {
                charged_kwh += s.step(&b, 1e9, 0.25).charged_kw * 0.25;
            }
            let mut discharged_kwh = 0.0;
            loop {
                let out = s.step(&b, -1e9, 0.25).discharged_kw * 0.25;
                if out <= 1e-12 {
                    break;
                }
                discharged_kwh += out;
            }
            // Back at the bottom of the window (less one idle step of self-discharge).
            assert!((s.soc_kwh - start_kwh).abs() < 1e-3, "{} vs {start_kwh}", s.soc_kwh);
            let rte = discharged_kwh / charged_kwh;
            assert!((rte - 0.85).abs() < tol, "round trip {rte}");
            // 800 kWh moved each way through the cells is 0.8 equivalent full cycles.
            assert!((s.equivalent_cycles - 0.8).abs() < 1e-3, "{}", s.equivalent_cycles);
        }
    }

    #[test]
    fn power_limit_then_soc_limit_bind() {
        let b = Battery {
            self_discharge_per_day_frac: 0.0,
            fade_per_cycle_frac: 0.0,
            ..Battery::new(1_000.0, 250.0)
        };
        let mut s = BatteryState::new(&b, 0.5);
        // 400 kW asked, 250 kW allowed: 250 kWh in over an hour, 230.5 kWh stored.
        let step = s.step(&b, 400.0, 1.0);
        assert!((step.charged_kw - 250.0).abs() < 1e-12);
        assert!((step.soc_kwh - (500.0 + 250.0 * DEFAULT_ONE_WAY_EFFICIENCY)).abs() < 1e-9);
        // Only 900 − 730.5 = 169.5 kWh of room left: the next hour takes 169.5 / η_c.
        let step = s.step(&b, 250.0, 1.0);
        assert!((step.soc_kwh - 900.0).abs() < 1e-9);
        assert!((step.charged_kw - 169.511_388_6 / DEFAULT_ONE_WAY_EFFICIENCY).abs() < 1e-3);
        assert_eq!(s.step(&b, 250.0, 1.0).charged_kw, 0.0);
    }

    #[test]
    fn degradation_reduces_capacity() {
        let b = Battery {
            self_discharge_per_day_frac: 0.0,
            ..Battery::new(1_000.0, 500.0)
        };
        let mut s = BatteryState::new(&b, 0.1);
        // 1,000 daily cycles between 10 % and 90 %: 800 equivalent full cycles → 3.2 % fade.
        for _ in 0..1_000 {
            for _ in 0..4 {
                s.step(&b, 500.0, 0.5);
            }
            for _ in 0..4 {
                s.step(&b, -500.0, 0.5);
            }
        }
        assert!(s.capacity_kwh < 1_000.0);
        let expected_kwh = 1_000.0 * (1.0 - DEFAULT_FADE_PER_CYCLE_FRAC * s.equivalent_cycles);
        assert!((s.capacity_kwh - expected_kwh).abs() < 1e-9);
        assert!((s.equivalent_cycles - 800.0).abs() < 20.0, "{}", s.equivalent_cycles);
        assert!((s.capacity_kwh - 968.0).abs() < 1.0, "{}", s.capacity_kwh);
        // The usable window shrinks with the capacity.
        assert!(s.soc_kwh <= 0.9 * 1_000.0);
        let fresh = Battery {
            fade_per_cycle_frac: 0.0,
            ..b
        };
        let mut t = BatteryState::new(&fresh, 0.1);
        for _ in 0..100 {
            t.step(&fresh, 500.0, 1.0);
            t.step(&fresh, -500.0, 1.0);
        }
        assert_eq!(t.capacity_kwh, 1_000.0);
    }

    #[test]
    fn bad_values_never_panic() {
        let bad = Battery {
            energy_kwh: f64::NAN,
            power_kw: -5.0,
            charge_efficiency: 0.0,
            discharge_efficiency: f64::INFINITY,
            soc_min_frac: 0.95,
            soc_max_frac: 0.2,
            self_discharge_per_day_frac: -1.0,
            fade_per_cycle_frac: f64::NAN,
        };
        let problems = bad.validate().unwrap_err();
        assert_eq!(problems.len(), 7, "{problems:?}");
        assert!(problems[0].to_string().starts_with("battery.energy_kwh = NaN"));
        let mut s = BatteryState::new(&bad, 0.5);
        for request in [f64::NAN, 1e300, -1e300, 0.0] {
            for dt in [f64::NAN, -1.0, 0.0, 1.0] {
                let step = s.step(&bad, request, dt);
                assert!(step.soc_kwh.is_finite() && step.charged_kw.is_finite() && step.discharged_kw.is_finite());
            }
        }
        let good = Battery::new(100.0, 50.0);
        let mut g = BatteryState::new(&good, 0.5);
        let before = g;
        assert_eq!(g.step(&good, 10.0, -1.0).charged_kw, 0.0);
        assert_eq!(g, before);
    }
}
