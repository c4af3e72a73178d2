//! Which part of a battery's stored energy is carbon-free: the ledger behind hourly (24/7)
//! carbon-free matching of battery discharge.
//!
//! Model: proportional ("well-mixed") attribution, a dctwin assumption. Energy charged from
//! on-site renewable surplus enters the cells as carbon-free, energy charged from the grid does
//! not, and every kWh leaving the cells — delivered, self-discharged or lost to fade — carries
//! the carbon-free share the cells held at the start of the step. Other conventions exist
//! (first in, first out; carbon-free energy discharged last) and give different hourly scores
//! for the same battery; this one neither favours nor penalises the battery's timing.

use crate::{Battery, BatteryStep};

/// The carbon-free energy held in a battery's cells [kWh].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GreenLedger {
    /// Carbon-free energy in the cells [kWh], between 0 and the state of charge.
    pub green_kwh: f64,
}

impl GreenLedger {
    /// Books one battery step and returns the carbon-free share of the energy that left the
    /// cells in it [0–1] (so `step.discharged_kw × share` is carbon-free discharge).
    ///
    /// `soc_before_kwh`: energy in the cells before the step; `charged_from_surplus_kw`: the
    /// part of `step.charged_kw` that came from on-site renewables (at the AC bus; ≤
    /// `step.charged_kw`); `dt_h`: the step [h].
    ///
    /// Invariant: `0 ≤ green_kwh ≤ step.soc_kwh` after every step.
    pub fn step(
        &mut self,
        battery: &Battery,
        soc_before_kwh: f64,
        step: &BatteryStep,
        charged_from_surplus_kw: f64,
        dt_h: f64,
    ) -> f64 {
        let share = if soc_before_kwh > 0.0 {
            (self.green_kwh / soc_before_kwh).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let into_cells_kwh = charged_from_surplus_kw.clamp(0.0, step.charged_kw) * dt_h * battery.charge_efficiency;
        let out_of_cells_kwh = step.discharged_kw * dt_h / battery.discharge_efficiency
            + (step.self_discharge_kw + step.fade_loss_kw) * dt_h;
        self.green_kwh = (self.green_kwh + into_cells_kwh - out_of_cells_kwh * share).clamp(0.0, step.soc_kwh.max(0.0));
        share
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BatteryState;

    fn lossless() -> Battery {
        Battery {
            charge_efficiency: 1.0,
            discharge_efficiency: 1.0,
            self_discharge_per_day_frac: 0.0,
            fade_per_cycle_frac: 0.0,
            ..Battery::new(1_000.0, 500.0)
        }
    }

    #[test]
    fn energy_charged_from_surplus_comes_back_carbon_free() {
        let b = lossless();
        let mut state = BatteryState::new(&b, 0.1);
        let mut ledger = GreenLedger::default();
        // 1 h at 400 kW from surplus: 100 grid kWh (the initial 10 %) + 400 green in the cells.
        let before = state.soc_kwh;
        let s = state.step(&b, 400.0, 1.0);
        ledger.step(&b, before, &s, 400.0, 1.0);
        assert!((ledger.green_kwh - 400.0).abs() < 1e-9);
        // Discharging 250 kW for an hour: 4/5 of it is green, by hand.
        let before = state.soc_kwh;
        let s = state.step(&b, -250.0, 1.0);
        let share = ledger.step(&b, before, &s, 0.0, 1.0);
        assert!((share - 0.8).abs() < 1e-12);
        assert!((ledger.green_kwh - 200.0).abs() < 1e-9);
    }

    #[test]
    fn grid_charging_stores_nothing_green_and_the_share_never_leaves_its_bounds() {
        let b = Battery::new(1_000.0, 500.0);
        let mut state = BatteryState::new(&b, 0.5);
        let mut ledger = GreenLedger::default();
        let before = state.soc_kwh;
        let s = state.step(&b, 300.0, 1.0);
        assert_eq!(ledger.step(&b, before, &s, 0.0, 1.0), 0.0);
        assert_eq!(ledger.green_kwh, 0.0);
        // An arbitrary sequence, part surplus part grid, with losses and self-discharge.
        for k in 0..200 {
            let request = [400.0, -350.0, 120.0, -500.0, 0.0][k % 5];
            let surplus = [400.0, 0.0, 60.0, 0.0, 0.0][k % 5];
            let before = state.soc_kwh;
            let s = state.step(&b, request, 0.25);
            let share = ledger.step(&b, before, &s, surplus, 0.25);
            assert!((0.0..=1.0).contains(&share));
            assert!(ledger.green_kwh >= 0.0 && ledger.green_kwh <= s.soc_kwh + 1e-9, "{k}");
        }
    }
}
