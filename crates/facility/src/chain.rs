//! The electrical chain from the utility to the racks: transformer, UPS, PDU.

/// Losses of one piece of electrical equipment as a function of its load.
///
/// Model: `loss = rated × (no_load + proportional × x + square × x²)`, `x = load / rated`
/// (Rasmussen, "Electrical Efficiency Modeling for Data Centers", APC White Paper 113, 2007:
/// fixed no-load losses, losses proportional to load, and I²R losses).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossCurve {
    /// No-load loss as a fraction of rating [-].
    pub no_load_frac: f64,
    /// Loss proportional to load, as a fraction of rating at full load [-].
    pub proportional_frac: f64,
    /// Square-law (I²R) loss as a fraction of rating at full load [-].
    pub square_frac: f64,
}

impl LossCurve {
    /// Loss [kW] at `load_kw` for equipment rated `rated_kw`.
    #[inline]
    pub fn loss_kw(&self, load_kw: f64, rated_kw: f64) -> f64 {
        if rated_kw <= 0.0 {
            return 0.0;
        }
        let x = load_kw.max(0.0) / rated_kw;
        rated_kw * (self.no_load_frac + self.proportional_frac * x + self.square_frac * x * x)
    }

    /// Efficiency at load fraction `x` [-].
    pub fn efficiency(&self, x: f64) -> f64 {
        x / (x + self.no_load_frac + self.proportional_frac * x + self.square_frac * x * x)
    }
}

/// How the UPS and PDUs are duplicated; redundancy leaves each unit lightly loaded, where the
/// no-load losses weigh most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redundancy {
    /// One path, sized to the design load.
    N,
    /// One spare module per four (each module carries 4/5 of its share).
    NPlus1,
    /// Two full paths sharing the load: each carries at most half.
    TwoN,
}

impl Redundancy {
    /// Installed capacity as a multiple of the design load.
    pub fn capacity_factor(self) -> f64 {
        match self {
            Self::N => 1.0,
            Self::NPlus1 => 1.25,
            Self::TwoN => 2.0,
        }
    }
}

/// Losses of the chain in one step, by stage [kW].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ChainLosses {
    /// Medium-to-low-voltage transformer losses [kW].
    pub transformer_kw: f64,
    /// UPS losses [kW].
    pub ups_kw: f64,
    /// PDU (and its transformer) losses [kW].
    pub pdu_kw: f64,
}

impl ChainLosses {
    /// All conversion losses [kW].
    pub fn total_kw(&self) -> f64 {
        self.transformer_kw + self.ups_kw + self.pdu_kw
    }

    /// Losses released inside the white space (UPS and PDU), which the cooling must remove [kW].
    pub fn indoor_kw(&self) -> f64 {
        self.ups_kw + self.pdu_kw
    }
}

/// Transformer → UPS → PDU → IT. The cooling plant is fed from the transformer, not the UPS.
///
/// Default coefficients (modern equipment; structure from APC WP 113):
/// - transformer: 0.3 % no-load, 0.8 % square-law → 98.9 % efficient at full load, 99.1 % at half
///   (EU Ecodesign Regulation 548/2014 Tier 2 liquid-filled transformers are ≈99 %);
/// - double-conversion UPS: 1 % no-load, 1 % proportional, 1 % square → 97.1 % at full load,
///   96.6 % at half and 95.0 % at a quarter (manufacturer curves of modern double-conversion
///   UPS run 95–97 %; a 2N pair at half the design load runs each unit at a quarter);
/// - PDU: 0.2 % no-load, 1.5 % square → 98.3 % at full load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerChain {
    /// Transformer loss curve.
    pub transformer: LossCurve,
    /// UPS loss curve.
    pub ups: LossCurve,
    /// PDU loss curve.
    pub pdu: LossCurve,
    /// Installed UPS and PDU capacity [kW].
    pub ups_rated_kw: f64,
    /// Installed transformer capacity [kW].
    pub transformer_rated_kw: f64,
}

impl PowerChain {
    /// A modern chain for `design_it_kw` of IT, with the given redundancy for UPS and PDUs and
    /// a transformer sized for IT plus cooling (1.5 × the design IT load).
    pub fn modern(design_it_kw: f64, redundancy: Redundancy) -> Self {
        Self {
            transformer: LossCurve {
                no_load_frac: 0.003,
                proportional_frac: 0.0,
                square_frac: 0.008,
            },
            ups: LossCurve {
                no_load_frac: 0.01,
                proportional_frac: 0.01,
                square_frac: 0.01,
            },
            pdu: LossCurve {
                no_load_frac: 0.002,
                proportional_frac: 0.0,
                square_frac: 0.015,
            },
            ups_rated_kw: design_it_kw * redundancy.capacity_factor(),
            transformer_rated_kw: design_it_kw * 1.5,
        }
    }

    /// [`PowerChain::modern`] with 2N UPS, the common choice for AI halls.
    pub fn modern_2n(design_it_kw: f64) -> Self {
        Self::modern(design_it_kw, Redundancy::TwoN)
    }

    /// Losses for `it_kw` of IT and `cooling_kw` of cooling.
    ///
    /// The PDU and UPS carry the IT load plus their own downstream losses; the transformer
    /// carries everything.
    pub fn losses_kw(&self, it_kw: f64, cooling_kw: f64) -> ChainLosses {
        let pdu_kw = self.pdu.loss_kw(it_kw, self.ups_rated_kw);
        let ups_kw = self.ups.loss_kw(it_kw + pdu_kw, self.ups_rated_kw);
        let transformer_kw = self
            .transformer
            .loss_kw(it_kw + pdu_kw + ups_kw + cooling_kw, self.transformer_rated_kw);
        ChainLosses {
            transformer_kw,
            ups_kw,
            pdu_kw,
        }
    }

    /// The indoor (UPS and PDU) losses for `it_kw`, which do not depend on the cooling load.
    pub fn indoor_losses_kw(&self, it_kw: f64) -> f64 {
        let c = self.losses_kw(it_kw, 0.0);
        c.indoor_kw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_loss_curve() {
        let ups = LossCurve {
            no_load_frac: 0.015,
            proportional_frac: 0.01,
            square_frac: 0.01,
        };
        // 1,000 kW UPS at 500 kW: 1000 × (0.015 + 0.005 + 0.0025) = 22.5 kW.
        assert!((ups.loss_kw(500.0, 1_000.0) - 22.5).abs() < 1e-12);
        assert!((ups.efficiency(1.0) - 1.0 / 1.035).abs() < 1e-12);
        assert_eq!(ups.loss_kw(500.0, 0.0), 0.0);
    }

    #[test]
    fn chain_efficiency_in_published_range() {
        // At 50–100 % of design IT load a modern 2N chain loses 3–9 % of the IT power, most at
        // light load where no-load losses dominate (APC WP 113 reports 5–10 % for the chain of
        // older equipment).
        let chain = PowerChain::modern_2n(10_000.0);
        for it in [5_000.0, 7_500.0, 10_000.0] {
            let l = chain.losses_kw(it, 0.25 * it).total_kw();
            assert!(l / it > 0.03 && l / it < 0.09, "{it}: {l}");
        }
    }

    #[test]
    fn redundancy_raises_losses_at_light_load() {
        let n = PowerChain::modern(10_000.0, Redundancy::N).losses_kw(3_000.0, 0.0);
        let two_n = PowerChain::modern(10_000.0, Redundancy::TwoN).losses_kw(3_000.0, 0.0);
        assert!(two_n.total_kw() > n.total_kw());
    }
}
