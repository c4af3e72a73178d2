//! Efficiency levers for serving: each a named option with a cited default effect that a
//! scenario can override.

/// Weight sparsity pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sparsity {
    /// Dense weights.
    #[default]
    None,
    /// 2:4 semi-structured sparsity (two of every four weights zero), as produced by
    /// SparseGPT (Frantar & Alistarh, ICML 2023, arXiv:2301.00774) and run on sparse tensor
    /// cores (Mishra et al. 2021, arXiv:2104.08378).
    TwoFour,
}

/// 2:4 sparsity stores half the values plus a 2-bit index per kept 16-bit value:
/// `0.5 + 0.5 × 2/16 = 0.5625` of the dense bytes.
pub const TWO_FOUR_BYTES_FACTOR: f64 = 0.5625;
/// 2:4 sparse math: 1.16× the dense energy efficiency, measured on an H200 as BF16 GEMMs at
/// 1.03 pJ/op dense vs 0.89 pJ/op 2:4 sparse (dctwin calibration, 2026-11-26) — far below the
/// 2× of the datasheet, as NVIDIA's own end-to-end figures (≈1.5× on BERT-Large) also show.
pub const TWO_FOUR_MATH_SPEEDUP: f64 = 1.16;
/// Default share of layers executed with early exit: 1/1.5. CALM (Schuster et al., NeurIPS
/// 2022, arXiv:2207.07061) reports up to 3× decoding speedups; BranchyNet (Teerapittayanon et
/// al., ICPR 2016) 2–6× on CNNs; dctwin defaults to a conservative 1.5×.
pub const EARLY_EXIT_LAYER_FRAC: f64 = 1.0 / 1.5;
/// Default share of layers executed with dynamic depth: 1/1.5. LayerSkip (Elhoushi et al.,
/// ACL 2024, arXiv:2404.16710) reports 1.8–2.2×; Mixture-of-Depths (Raposo et al. 2024,
/// arXiv:2404.02258) "upwards of 50 % faster"; both need models trained for it.
pub const DYNAMIC_DEPTH_LAYER_FRAC: f64 = 1.0 / 1.5;
/// Default speedup of kernel fusion by an ML compiler on an already-optimised stack: 1.15×.
/// TVM (Chen et al., OSDI 2018, arXiv:1802.04799) reports 1.2–3.8× over framework kernels;
/// FlashAttention's fused attention (Dao et al., NeurIPS 2022) 15 % end to end on BERT-large.
pub const KERNEL_FUSION_SPEEDUP: f64 = 1.15;

/// The levers a served model uses. `Default` is a dense BF16-style model with none of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levers {
    /// Mixture-of-experts: share of parameters active per token (Mixtral 8×7B: 12.9 of 46.7 B
    /// = 0.28, Jiang et al. 2024, arXiv:2401.04088). 1 for a dense model. All experts still
    /// occupy memory.
    pub active_params_frac: f64,
    /// Weight sparsity.
    pub sparsity: Sparsity,
    /// Share of layers executed with early exit (1 = off).
    pub early_exit_layer_frac: f64,
    /// Share of layers executed with dynamic depth (1 = off).
    pub dynamic_depth_layer_frac: f64,
    /// Speedup from kernel fusion (1 = off).
    pub kernel_fusion_speedup: f64,
}

impl Default for Levers {
    fn default() -> Self {
        Self {
            active_params_frac: 1.0,
            sparsity: Sparsity::None,
            early_exit_layer_frac: 1.0,
            dynamic_depth_layer_frac: 1.0,
            kernel_fusion_speedup: 1.0,
        }
    }
}

impl Levers {
    /// Bytes stored per dense byte.
    pub fn weight_bytes_factor(&self) -> f64 {
        match self.sparsity {
            Sparsity::None => 1.0,
            Sparsity::TwoFour => TWO_FOUR_BYTES_FACTOR,
        }
    }

    /// Math throughput multiplier from sparsity.
    pub fn math_speedup(&self) -> f64 {
        match self.sparsity {
            Sparsity::None => 1.0,
            Sparsity::TwoFour => TWO_FOUR_MATH_SPEEDUP,
        }
    }

    /// Share of layers executed per token.
    pub fn layer_frac(&self) -> f64 {
        self.early_exit_layer_frac * self.dynamic_depth_layer_frac
    }

    /// Kernel-time divisor from fusion.
    pub fn fusion_speedup(&self) -> f64 {
        self.kernel_fusion_speedup
    }

    /// Fusion also removes kernel launches: the per-step overhead shrinks by the same factor.
    pub fn overhead_factor(&self) -> f64 {
        1.0 / self.kernel_fusion_speedup
    }
}
