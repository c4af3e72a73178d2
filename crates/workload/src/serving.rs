//! LLM serving by roofline: how many accelerators a demand needs, how busy they are, and what
//! each token costs.

use crate::{Levers, PeakThroughput, Precision};

/// One accelerator as the serving model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AcceleratorSpec {
    /// Dense peak throughput per precision.
    pub peak: PeakThroughput,
    /// Memory capacity [GB].
    pub memory_gb: f64,
    /// Memory bandwidth [TB/s].
    pub memory_bw_tb_s: f64,
}

/// A served model and how it is run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServedModel {
    /// Total parameters [billions].
    pub params_b: f64,
    /// Weight and math precision.
    pub precision: Precision,
    /// Efficiency levers in use.
    pub levers: Levers,
    /// Largest decode batch per replica [requests].
    pub max_batch: u32,
    /// Prompt tokens per request.
    pub prompt_tokens: f64,
    /// Output tokens per request.
    pub output_tokens: f64,
    /// Fixed cost per decode step: kernel launches, scheduling, sampling [s].
    pub step_overhead_s: f64,
    /// Time-per-output-token budget [s]; the batch shrinks to meet it.
    pub latency_budget_s: f64,
}

/// Share of peak memory bandwidth that decode kernels reach. The calibration's plain
/// device-to-device copy reached 4.23 of the H200's 4.8 TB/s (0.88); real kernels a little
/// less.
pub const MEMORY_BW_EFFICIENCY: f64 = 0.85;
/// Share of peak math throughput reached by prefill (large GEMMs). The calibration's BF16
/// GEMM reached 674 of 989 TFLOP/s on the H200 (0.68); attention and other layers lower the
/// whole pass to about half (a dctwin assumption, consistent with Llama 3's 38–43 % MFU in
/// training).
pub const PREFILL_MATH_EFFICIENCY: f64 = 0.5;
/// Share of peak math throughput reached by decode GEMMs (skinny matrices).
pub const DECODE_MATH_EFFICIENCY: f64 = 0.3;
/// Per-step overhead of an optimised serving stack (continuous batching, CUDA graphs): 1.5 ms.
/// A dctwin estimate: optimised servers reach ≈6–7 ms per output token for an 8 B model on an
/// H100, of which reading 16 GB of weights at 3.35 TB/s takes ≈4.8 ms.
pub const OPTIMIZED_STEP_OVERHEAD_S: f64 = 0.0015;
/// Per-step overhead of eager-mode Hugging Face `generate`, measured on an H200 (dctwin
/// calibration, 2026-11-26): a 1.1 B-parameter decoder generated 96 tokens in 6.74 s at batch
/// 1 (70 ms a step) and took 55, 47 and 68 ms a step at batches 8, 32 and 128 — Python and
/// kernel-launch time, not GPU work (the GPU drew 122–161 W, near idle).
pub const HF_EAGER_STEP_OVERHEAD_S: f64 = 0.060;
/// Memory headroom above the weights for the KV cache and activations.
pub const MEMORY_HEADROOM: f64 = 1.3;
/// Target load per replica: autoscaling keeps replicas at most this busy.
pub const TARGET_REPLICA_LOAD: f64 = 0.8;

/// KV-cache bytes per token of context: `44 × √params_b` kB at 16 bits, a fit to Llama 3 8B
/// (131 kB: 32 layers × 8 KV heads × 128 × 2 × 2 B) and 70B (328 kB, 80 layers) with grouped
/// query attention, scaled with the precision's bytes.
pub fn kv_bytes_per_token(params_b: f64, precision: Precision) -> f64 {
    44e3 * params_b.sqrt() * precision.bytes_per_param().min(2.0) / 2.0
}

/// The sizing of one replica of a served model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServingPlan {
    /// Accelerators per replica (tensor parallel), enough to hold the weights.
    pub accelerators_per_replica: u32,
    /// Decode batch used (≤ the configured maximum, within the latency budget).
    pub batch: u32,
    /// Whether the latency budget could be met even at batch 1.
    pub meets_latency: bool,
    /// Prefill time per request [s].
    pub prefill_s: f64,
    /// Requests per second one replica serves at full batch.
    pub capacity_rps: f64,
}

/// What a set of replicas does in one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServingLoad {
    /// Replicas running.
    pub replicas: u32,
    /// Requests served per second.
    pub served_rps: f64,
    /// Requests per second that found no capacity.
    pub unserved_rps: f64,
    /// Share of each replica's time spent compute-bound [0–1].
    pub compute_frac: f64,
    /// Share of each replica's time spent memory-bound [0–1].
    pub memory_frac: f64,
}

impl ServedModel {
    fn weight_bytes(&self) -> f64 {
        self.params_b * 1e9 * self.precision.bytes_per_param() * self.levers.weight_bytes_factor()
    }

    /// Accelerators needed to hold the weights with headroom, rounded up to a power of two
    /// (tensor-parallel degrees must divide the attention heads; deployments use 1, 2, 4, 8…).
    /// Saturates at `u32::MAX` for a model no machine could hold.
    pub fn accelerators_per_replica(&self, acc: &AcceleratorSpec) -> u32 {
        let need = self.weight_bytes() * MEMORY_HEADROOM / (acc.memory_gb * 1e9);
        // `as` saturates a float beyond u32 (and maps NaN to 0, then to 1 here).
        (need.ceil().max(1.0) as u32)
            .checked_next_power_of_two()
            .unwrap_or(u32::MAX)
    }

    /// Times of one decode step at batch `b` on `g` accelerators: `(memory-bound [s],
    /// compute-bound [s], step [s])`. The step is the slower of the two, shortened by kernel
    /// fusion, plus the fixed overhead.
    pub fn decode_step_s(&self, acc: &AcceleratorSpec, g: u32, b: f64) -> (f64, f64, f64) {
        let g = f64::from(g);
        let active = self.params_b * 1e9 * self.levers.active_params_frac * self.levers.layer_frac();
        let weight_read = self.weight_bytes() * self.levers.active_params_frac * self.levers.layer_frac();
        let context = self.prompt_tokens + self.output_tokens / 2.0;
        let kv_read = b * context * kv_bytes_per_token(self.params_b, self.precision) * self.levers.layer_frac();
        let t_mem = (weight_read + kv_read) / (g * acc.memory_bw_tb_s * 1e12 * MEMORY_BW_EFFICIENCY);
        let (_, peak_tflops) = acc.peak.math(self.precision);
        let t_math = 2.0 * active * b / (g * peak_tflops * 1e12 * DECODE_MATH_EFFICIENCY * self.levers.math_speedup());
        let step =
            t_mem.max(t_math) / self.levers.fusion_speedup() + self.step_overhead_s * self.levers.overhead_factor();
        (t_mem, t_math, step)
    }

    /// Sizes one replica: accelerators, batch within the latency budget, capacity.
    pub fn plan(&self, acc: &AcceleratorSpec) -> ServingPlan {
        let g = self.accelerators_per_replica(acc);
        let mut batch = self.max_batch.max(1);
        while batch > 1 && self.decode_step_s(acc, g, f64::from(batch)).2 > self.latency_budget_s {
            batch -= 1;
        }
        let (_, _, step) = self.decode_step_s(acc, g, f64::from(batch));
        let (_, peak_tflops) = acc.peak.math(self.precision);
        let active = self.params_b * 1e9 * self.levers.active_params_frac * self.levers.layer_frac();
        let prefill_s = 2.0 * active * self.prompt_tokens
            / (f64::from(g) * peak_tflops * 1e12 * PREFILL_MATH_EFFICIENCY * self.levers.math_speedup())
            / self.levers.fusion_speedup();
        // A replica alternates prefills (one request at a time) and decode steps that advance
        // `batch` requests by one token each.
        let seconds_per_request = prefill_s + self.output_tokens * step / f64::from(batch);
        ServingPlan {
            accelerators_per_replica: g,
            batch,
            meets_latency: step <= self.latency_budget_s,
            prefill_s,
            capacity_rps: 1.0 / seconds_per_request,
        }
    }

    /// Serves `demand_rps` with at most `max_replicas` replicas, autoscaled to
    /// [`TARGET_REPLICA_LOAD`]. With continuous batching a lightly loaded replica keeps
    /// stepping with a smaller batch, so its memory traffic per token rises: energy per token
    /// falls as batches fill.
    pub fn serve(&self, acc: &AcceleratorSpec, plan: &ServingPlan, demand_rps: f64, max_replicas: u32) -> ServingLoad {
        if demand_rps <= 0.0 || max_replicas == 0 {
            return ServingLoad {
                unserved_rps: demand_rps.max(0.0),
                ..ServingLoad::default()
            };
        }
        let wanted = (demand_rps / (plan.capacity_rps * TARGET_REPLICA_LOAD)).ceil() as u32;
        let replicas = wanted.clamp(1, max_replicas);
        let served = demand_rps.min(f64::from(replicas) * plan.capacity_rps);
        let load = served / (f64::from(replicas) * plan.capacity_rps); // 0..1 of full-batch capacity
        // Requests in flight per replica ≈ load × batch (Little's law at the full-batch rate).
        let in_flight = (load * f64::from(plan.batch)).max(f64::MIN_POSITIVE);
        let b = in_flight.max(1.0);
        let (t_mem, t_math, step) = self.decode_step_s(acc, plan.accelerators_per_replica, b);
        // Time per request at this batch; the replica is busy while anything is in flight.
        let per_request_s = plan.prefill_s + self.output_tokens * step / b;
        let rate_per_replica = served / f64::from(replicas);
        let busy = (rate_per_replica * per_request_s).min(1.0);
        let prefill_share = plan.prefill_s / per_request_s;
        let decode_share = 1.0 - prefill_share;
        let compute_frac = busy * (prefill_share + decode_share * (t_math / step).min(1.0));
        let memory_frac = busy * decode_share * (t_mem / step).min(1.0);
        ServingLoad {
            replicas,
            served_rps: served,
            unserved_rps: demand_rps - served,
            compute_frac,
            memory_frac,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const H200: AcceleratorSpec = AcceleratorSpec {
        peak: PeakThroughput([67.0, 495.0, 989.0, 1_979.0, 1_979.0, 0.0]),
        memory_gb: 141.0,
        memory_bw_tb_s: 4.8,
    };

    fn model(params_b: f64, precision: Precision, batch: u32) -> ServedModel {
        ServedModel {
            params_b,
            precision,
            levers: Levers::default(),
            max_batch: batch,
            prompt_tokens: 1_000.0,
            output_tokens: 250.0,
            step_overhead_s: 0.0015,
            latency_budget_s: 1.0,
        }
    }

    #[test]
    fn sizing_follows_memory() {
        // 70B at BF16 = 140 GB × 1.3 headroom → 2 × H200 (141 GB); at INT4 35 GB → 1.
        assert_eq!(model(70.0, Precision::Bf16, 32).accelerators_per_replica(&H200), 2);
        assert_eq!(model(70.0, Precision::Int4, 32).accelerators_per_replica(&H200), 1);
        assert_eq!(model(405.0, Precision::Bf16, 32).accelerators_per_replica(&H200), 8);
        // A model no machine holds saturates instead of overflowing.
        assert_eq!(
            model(1e15, Precision::Bf16, 32).accelerators_per_replica(&H200),
            u32::MAX
        );
    }

    #[test]
    fn decode_is_memory_bound_at_small_batch() {
        // 8B BF16 on one H200: 16 GB / (4.8 TB/s × 0.85) = 3.92 ms of weight reads per step.
        let m = model(8.0, Precision::Bf16, 1);
        let (t_mem, t_math, _) = m.decode_step_s(&H200, 1, 1.0);
        assert!((t_mem - 0.003_92).abs() < 0.000_1, "{t_mem}");
        assert!(t_math < t_mem / 50.0);
    }

    #[test]
    fn latency_budget_limits_the_batch() {
        let mut m = model(70.0, Precision::Bf16, 256);
        m.latency_budget_s = 0.030;
        let plan = m.plan(&H200);
        assert!(plan.batch < 256 && plan.meets_latency);
        assert!(
            m.decode_step_s(&H200, plan.accelerators_per_replica, f64::from(plan.batch))
                .2
                <= 0.030
        );
    }

    #[test]
    fn replicas_scale_with_demand() {
        let m = model(8.0, Precision::Bf16, 32);
        let plan = m.plan(&H200);
        let low = m.serve(&H200, &plan, plan.capacity_rps * 0.5, 100);
        let high = m.serve(&H200, &plan, plan.capacity_rps * 10.0, 100);
        assert_eq!(low.replicas, 1);
        assert_eq!(high.replicas, 13); // 10 / 0.8 = 12.5 → 13
        let capped = m.serve(&H200, &plan, plan.capacity_rps * 10.0, 4);
        assert!((capped.unserved_rps - plan.capacity_rps * 6.0).abs() < 1e-9);
    }
}
