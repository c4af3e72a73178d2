//! Heat sinks (a district-heating network or a fixed consumer), the hourly dispatch of
//! recovered heat, and the ISO/IEC 30134-6 metrics.

use crate::HeatPump;

/// A district-heating network whose demand follows heating degree-hours plus a year-round
/// hot-water base.
///
/// Model: `demand(t) = base + k × max(0, T_base − T_out(t))`, with `T_base` = 17 °C (the heating
/// threshold of the Swedish and Finnish degree-day statistics, SMHI; Eurostat uses 15 °C with
/// 18 °C indoor), `base` the hot-water load and `k` set so the network's annual demand comes out
/// as given for a reference year of degree-hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistrictHeating {
    /// Network supply temperature [°C] (4th generation 55–70, 3rd generation 70–130).
    pub supply_c: f64,
    /// Annual heat demand of the network [MWh].
    pub annual_demand_mwh: f64,
    /// Year-round hot-water base load [kW].
    pub base_kw: f64,
    /// Demand per kelvin below the base temperature [kW/K].
    pub kw_per_degree: f64,
    /// The most the network takes from the data centre [kW].
    pub max_take_kw: f64,
}

/// Outdoor temperature below which buildings need heating [°C].
pub const HEATING_BASE_C: f64 = 17.0;

impl DistrictHeating {
    /// A network at `supply_c` [°C] with `annual_demand_mwh` of which `base_kw` [kW] is hot
    /// water all year, taking at most `max_take_kw` [kW] from the data centre. The
    /// space-heating coefficient is set from a reference of 80,000 degree-hours per year (a
    /// Stockholm year above 17 °C: ≈3,300 degree-days × 24); [`DistrictHeating::calibrate`]
    /// refits it to a run's own weather.
    pub fn new(supply_c: f64, annual_demand_mwh: f64, base_kw: f64, max_take_kw: f64) -> Self {
        let space_kwh = (annual_demand_mwh * 1_000.0 - base_kw * 8_760.0).max(0.0);
        Self {
            supply_c,
            annual_demand_mwh,
            base_kw,
            kw_per_degree: space_kwh / 80_000.0,
            max_take_kw,
        }
    }

    /// Refits the space-heating coefficient so that a year with these hourly outdoor
    /// temperatures (`hours` of them, any step) totals the annual demand.
    #[must_use]
    pub fn calibrate(mut self, outdoor_c: impl Iterator<Item = f64>, step_h: f64) -> Self {
        let (mut degree_hours, mut hours) = (0.0, 0.0);
        for t in outdoor_c {
            degree_hours += (HEATING_BASE_C - t).max(0.0) * step_h;
            hours += step_h;
        }
        if degree_hours > 0.0 && hours > 0.0 {
            let year_share = hours / 8_760.0;
            let space_kwh = (self.annual_demand_mwh * 1_000.0 * year_share - self.base_kw * hours).max(0.0);
            self.kw_per_degree = space_kwh / degree_hours;
        }
        self
    }

    /// Heat the network wants at outdoor temperature `outdoor_c` [kW].
    pub fn demand_kw(&self, outdoor_c: f64) -> f64 {
        self.base_kw + self.kw_per_degree * (HEATING_BASE_C - outdoor_c).max(0.0)
    }
}

/// Where recovered heat goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatSink {
    /// A district-heating network.
    District(DistrictHeating),
    /// A steady consumer (greenhouse, pool, industrial process) at `supply_c` taking up to
    /// `demand_kw`.
    Fixed {
        /// Temperature the consumer needs [°C].
        supply_c: f64,
        /// Heat it takes [kW].
        demand_kw: f64,
    },
}

impl HeatSink {
    /// Temperature the sink needs [°C].
    pub fn supply_c(&self) -> f64 {
        match self {
            Self::District(d) => d.supply_c,
            Self::Fixed { supply_c, .. } => *supply_c,
        }
    }

    /// Heat the sink takes at `outdoor_c` [kW], within its cap.
    pub fn demand_kw(&self, outdoor_c: f64) -> f64 {
        match self {
            Self::District(d) => d.demand_kw(outdoor_c).min(d.max_take_kw),
            Self::Fixed { demand_kw, .. } => *demand_kw,
        }
    }
}

/// One step of heat recovery, all in kW (thermal unless stated).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HeatFlow {
    /// Heat captured from the cooling loops and offered to the heat pumps.
    pub recovered_kw: f64,
    /// Part of the recovered heat that reached the sink.
    pub reused_kw: f64,
    /// Part of the recovered heat the sink did not take (rejected by the cooling plant as usual).
    pub rejected_kw: f64,
    /// Heat delivered to the sink: reused heat plus the heat pumps' electricity.
    pub delivered_kw: f64,
    /// Heat pumps' electricity [kW electric].
    pub pump_kw: f64,
    /// What the sink wanted.
    pub demand_kw: f64,
    /// Heat pump COP used (∞ for direct exchange).
    pub cop: f64,
}

/// Dispatches `recovered_kw` of heat available at `source_c` to `sink` at outdoor `outdoor_c`,
/// with heat pumps of at most `pump_capacity_kw` thermal output.
///
/// The sink takes what it wants up to what the pumps can deliver; each kW delivered is
/// `1 − 1/COP` of recovered heat and `1/COP` of electricity. Recovered heat the sink does not
/// take is rejected: `recovered = reused + rejected` exactly.
pub fn dispatch_heat(
    pump: &HeatPump,
    recovered_kw: f64,
    source_c: f64,
    sink: &HeatSink,
    outdoor_c: f64,
    pump_capacity_kw: f64,
) -> HeatFlow {
    let recovered_kw = recovered_kw.max(0.0);
    let demand_kw = sink.demand_kw(outdoor_c).max(0.0);
    let cop = pump.cop(source_c, sink.supply_c());
    let source_share = if cop.is_finite() { 1.0 - 1.0 / cop } else { 1.0 };
    // Deliverable heat is limited by demand, pump capacity (direct exchange has none), and
    // the recovered heat available.
    let capacity = if cop.is_finite() {
        pump_capacity_kw
    } else {
        f64::INFINITY
    };
    let delivered = demand_kw.min(capacity).min(recovered_kw / source_share);
    let reused = delivered * source_share;
    HeatFlow {
        recovered_kw,
        reused_kw: reused,
        rejected_kw: recovered_kw - reused,
        delivered_kw: delivered,
        pump_kw: delivered - reused,
        demand_kw,
        cop,
    }
}

/// Dispatches several recovered heat streams — `(kW, °C)`, one per cooling loop — to one sink,
/// hottest first: the hottest heat needs the least heat-pump work (a higher COP), so it serves
/// the demand first, and each later stream meets what remains of the demand and of the pumps'
/// capacity. `streams` is sorted in place (no allocation: this runs every step).
///
/// Returns the total flow: `recovered = reused + rejected` and `delivered = reused + pump`
/// exactly, `delivered ≤ demand`, and the pumps' thermal output (streams that need no pump —
/// direct exchange, COP ∞ — use none) at most `pump_capacity_kw`. The total's `cop` is delivered
/// over pump electricity (∞ when no pump ran).
pub fn dispatch_streams(
    pump: &HeatPump,
    streams: &mut [(f64, f64)],
    sink: &HeatSink,
    outdoor_c: f64,
    pump_capacity_kw: f64,
) -> HeatFlow {
    streams.sort_by(|a, b| b.1.total_cmp(&a.1));
    let demand_kw = sink.demand_kw(outdoor_c);
    let (mut remaining_kw, mut capacity_kw) = (demand_kw, pump_capacity_kw);
    let mut total = HeatFlow {
        demand_kw,
        ..HeatFlow::default()
    };
    for &(kw, temp_c) in streams.iter() {
        let part = HeatSink::Fixed {
            supply_c: sink.supply_c(),
            demand_kw: remaining_kw,
        };
        let f = dispatch_heat(pump, kw, temp_c, &part, outdoor_c, capacity_kw);
        remaining_kw -= f.delivered_kw;
        if f.cop.is_finite() {
            capacity_kw -= f.delivered_kw;
        }
        total.recovered_kw += f.recovered_kw;
        total.reused_kw += f.reused_kw;
        total.rejected_kw += f.rejected_kw;
        total.delivered_kw += f.delivered_kw;
        total.pump_kw += f.pump_kw;
    }
    total.cop = if total.pump_kw > 0.0 {
        total.delivered_kw / total.pump_kw
    } else {
        f64::INFINITY
    };
    total
}

/// Energy reuse factor (ISO/IEC 30134-6): reused energy over total facility energy [0–1].
pub fn erf(reused_kwh: f64, facility_kwh: f64) -> f64 {
    if facility_kwh > 0.0 {
        reused_kwh / facility_kwh
    } else {
        0.0
    }
}

/// Energy reuse effectiveness (The Green Grid): `(facility − reused) / IT`, which equals
/// `(1 − ERF) × PUE`.
pub fn ere(reused_kwh: f64, facility_kwh: f64, it_kwh: f64) -> f64 {
    if it_kwh > 0.0 {
        (facility_kwh - reused_kwh) / it_kwh
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_serve_the_demand_hottest_first_within_the_pumps_capacity() {
        let pump = HeatPump::default();
        let sink = HeatSink::Fixed {
            supply_c: 70.0,
            demand_kw: 1_000.0,
        };
        // A cool air loop listed before a warm immersion loop: the warm one is used first.
        let mut streams = [(2_000.0, 30.0), (600.0, 48.0)];
        let f = dispatch_streams(&pump, &mut streams, &sink, 5.0, 900.0);
        assert_eq!(streams[0].1, 48.0);
        // By hand: the warm loop gives all its 600 kW, delivering 600 / (1 − 1/COP_warm) (less
        // than the 900 kW the pumps can make); the cool loop fills the pumps' remaining capacity.
        let (cop_warm, cop_cool) = (pump.cop(48.0, 70.0), pump.cop(30.0, 70.0));
        let warm_delivered = 600.0 / (1.0 - 1.0 / cop_warm);
        assert!(warm_delivered < 900.0, "{warm_delivered}");
        let cool_delivered = 900.0 - warm_delivered;
        assert!((f.delivered_kw - 900.0).abs() < 1e-9, "{}", f.delivered_kw);
        assert!((f.reused_kw - (600.0 + cool_delivered * (1.0 - 1.0 / cop_cool))).abs() < 1e-9);
        assert!((f.recovered_kw - f.reused_kw - f.rejected_kw).abs() < 1e-9);
        assert!((f.delivered_kw - f.reused_kw - f.pump_kw).abs() < 1e-9);
        assert!((f.recovered_kw - 2_600.0).abs() < 1e-9);
        // The total COP lies between the two streams'.
        assert!(
            f.cop <= cop_warm + 1e-9 && f.cop >= cop_cool - 1e-9,
            "{} in {cop_cool}..{cop_warm}",
            f.cop
        );
    }

    #[test]
    fn no_streams_deliver_nothing() {
        let pump = HeatPump::default();
        let sink = HeatSink::Fixed {
            supply_c: 70.0,
            demand_kw: 1_000.0,
        };
        let f = dispatch_streams(&pump, &mut [], &sink, 5.0, f64::INFINITY);
        assert_eq!((f.delivered_kw, f.pump_kw, f.demand_kw), (0.0, 0.0, 1_000.0));
        assert!(f.cop.is_infinite());
    }

    #[test]
    fn recovered_equals_reused_plus_rejected() {
        let pump = HeatPump::default();
        let net = DistrictHeating::new(70.0, 100_000.0, 2_000.0, 15_000.0);
        for (heat, src, out) in [
            (8_000.0, 21.0, -10.0),
            (8_000.0, 45.0, 10.0),
            (500.0, 48.0, 25.0),
            (0.0, 45.0, 0.0),
        ] {
            let f = dispatch_heat(&pump, heat, src, &HeatSink::District(net), out, 10_000.0);
            assert!((f.recovered_kw - f.reused_kw - f.rejected_kw).abs() < 1e-9);
            assert!((f.delivered_kw - f.reused_kw - f.pump_kw).abs() < 1e-9);
            assert!(f.delivered_kw <= f.demand_kw + 1e-9 && f.rejected_kw >= -1e-9);
        }
    }

    #[test]
    fn demand_follows_degree_hours() {
        let net = DistrictHeating::new(70.0, 100_000.0, 2_000.0, f64::INFINITY);
        assert_eq!(net.demand_kw(20.0), 2_000.0);
        // (100,000 MWh − 2 MW × 8,760 h) / 80,000 K·h = 1,031 kW/K; at −3 °C: 2,000 + 20 × 1,031.
        assert!((net.demand_kw(-3.0) - (2_000.0 + 20.0 * 1_031.0)).abs() < 1.0);
        // Calibrating on a year of constant 7 °C (10 K × 8,760 h) keeps the annual total.
        let c = net.calibrate(std::iter::repeat_n(7.0, 8_760), 1.0);
        assert!((c.demand_kw(7.0) * 8_760.0 / 1_000.0 - 100_000.0).abs() < 1e-6);
    }

    #[test]
    fn ere_identity() {
        let (reused, facility, it) = (2_000.0, 12_000.0, 10_000.0);
        assert!((ere(reused, facility, it) - (1.0 - erf(reused, facility)) * facility / it).abs() < 1e-12);
    }
}
