//! Heat pumps lifting data-centre heat to a network's supply temperature.

/// Kelvin at 0 °C.
const ZERO_C_K: f64 = 273.15;

/// The ideal (Carnot) heating COP between a source at `source_c` and a sink at `sink_c` [°C]:
/// `T_sink / (T_sink − T_source)` in kelvin. Infinite (returned as `f64::INFINITY`) when the
/// source is as warm as the sink.
pub fn carnot_heating_cop(source_c: f64, sink_c: f64) -> f64 {
    let lift = sink_c - source_c;
    if lift <= 0.0 {
        f64::INFINITY
    } else {
        (sink_c + ZERO_C_K) / lift
    }
}

/// A vapour-compression heat pump modelled as a fraction of the Carnot COP between its
/// evaporator and condenser, each a fixed approach away from the water temperatures.
///
/// `COP = η × (T_sink + ΔT) / ((T_sink + ΔT) − (T_source − ΔT))`, kelvin.
///
/// Defaults: approach ΔT = 5 K on both sides and η = 0.43, fitted to the published COPs for
/// lifting 45 °C water to 60 / 70 / 80 °C of 5.5 / 4.3 / 3.5 (Zangeneh & Øi, SIMS; see
/// docs/figures.md): the model gives 5.81 / 4.28 / 3.42, within 6 %. The COP never exceeds the
/// Carnot limit of the water temperatures (the approaches only widen the lift). When the
/// source is already hot enough (source − ΔT ≥ sink) no pump is needed: a heat exchanger
/// passes the heat directly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatPump {
    /// Carnot fraction [0–1].
    pub carnot_fraction: f64,
    /// Approach at evaporator and condenser [K].
    pub approach_k: f64,
    /// Highest COP a real machine reaches on a small lift [-].
    pub cop_max: f64,
}

impl Default for HeatPump {
    fn default() -> Self {
        Self {
            carnot_fraction: 0.43,
            approach_k: 5.0,
            cop_max: 12.0,
        }
    }
}

impl HeatPump {
    /// Whether heat at `source_c` reaches a sink at `sink_c` through a heat exchanger alone.
    pub fn direct(&self, source_c: f64, sink_c: f64) -> bool {
        source_c - self.approach_k >= sink_c
    }

    /// Heating COP (heat delivered per unit of electricity) from `source_c` to `sink_c` [-];
    /// infinite for direct exchange.
    pub fn cop(&self, source_c: f64, sink_c: f64) -> f64 {
        if self.direct(source_c, sink_c) {
            return f64::INFINITY;
        }
        let hot = sink_c + self.approach_k;
        let cold = source_c - self.approach_k;
        (self.carnot_fraction * carnot_heating_cop(cold, hot)).clamp(1.0, self.cop_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zangeneh & Øi: 45 °C lifted to 60 / 70 / 80 °C at COP 5.5 / 4.3 / 3.5 — within 10 %.
    #[test]
    fn published_cops_within_ten_percent() {
        let hp = HeatPump::default();
        for (sink, published) in [(60.0, 5.5), (70.0, 4.3), (80.0, 3.5)] {
            let cop = hp.cop(45.0, sink);
            assert!(
                (cop - published).abs() / published < 0.10,
                "45 → {sink} °C: {cop} vs {published}"
            );
        }
    }

    /// Property: over a grid of source and sink temperatures the COP never exceeds Carnot.
    #[test]
    fn never_above_carnot() {
        let hp = HeatPump::default();
        let mut s = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..10_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let source = -10.0 + (s % 7_000) as f64 / 100.0; // −10…60 °C
            let sink = source + 0.1 + ((s >> 20) % 10_000) as f64 / 100.0; // up to 100 K above
            let cop = hp.cop(source, sink);
            assert!(
                cop <= carnot_heating_cop(source, sink) + 1e-9,
                "{source} → {sink}: {cop}"
            );
            assert!(cop >= 1.0);
        }
    }

    #[test]
    fn hot_sources_need_no_pump() {
        let hp = HeatPump::default();
        assert!(hp.direct(60.0, 55.0));
        assert_eq!(hp.cop(60.0, 55.0), f64::INFINITY);
        assert!(!hp.direct(48.0, 55.0));
    }
}
