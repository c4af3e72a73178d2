//! `[[inference]]`: LLM inference services — the model, its demand, batching and the
//! efficiency levers.

use dctwin_workload::{
    AcceleratorSpec, DYNAMIC_DEPTH_LAYER_FRAC, EARLY_EXIT_LAYER_FRAC, KERNEL_FUSION_SPEEDUP, Levers, PeakThroughput,
    ServedModel, Sparsity,
};
use serde::Deserialize;

use super::Ctx;
use super::training::{PRECISIONS, hall_index, precision};
use crate::Diagnostic;
use crate::config::{DemandProfile, Hall, InferenceConfig};
use crate::field::{Field, Kind, Unset};

/// `[[inference]]`: an inference service.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InferenceSpec {
    /// See [`NAME`].
    pub name: String,
    /// See [`HALL`].
    pub hall: Option<String>,
    /// See [`MODEL_PARAMS_B`].
    pub model_params_b: f64,
    /// See [`PRECISION`].
    pub precision: Option<String>,
    /// See [`REQUESTS_PER_S`].
    pub requests_per_s: f64,
    /// See [`PROMPT_TOKENS`].
    pub prompt_tokens: Option<f64>,
    /// See [`OUTPUT_TOKENS`].
    pub output_tokens: Option<f64>,
    /// See [`MAX_BATCH`].
    pub max_batch: Option<i64>,
    /// See [`LATENCY_BUDGET_MS`].
    pub latency_budget_ms: Option<f64>,
    /// See [`STEP_OVERHEAD_MS`].
    pub step_overhead_ms: Option<f64>,
    /// See [`DEMAND_PROFILE`].
    pub demand_profile: Option<String>,
    /// See [`GROWTH_PCT_PER_YEAR`].
    pub growth_pct_per_year: Option<f64>,
    /// See [`DEMAND_NOISE`].
    pub demand_noise: Option<f64>,
    /// See [`MOE_ACTIVE_FRAC`].
    pub moe_active_frac: Option<f64>,
    /// See [`SPARSITY`].
    pub sparsity: Option<String>,
    /// See [`EARLY_EXIT`].
    pub early_exit: Option<bool>,
    /// See [`EARLY_EXIT_LAYER_FRAC_FIELD`].
    pub early_exit_layer_frac: Option<f64>,
    /// See [`DYNAMIC_DEPTH`].
    pub dynamic_depth: Option<bool>,
    /// See [`DYNAMIC_DEPTH_LAYER_FRAC_FIELD`].
    pub dynamic_depth_layer_frac: Option<f64>,
    /// See [`KERNEL_FUSION`].
    pub kernel_fusion: Option<bool>,
    /// See [`KERNEL_FUSION_SPEEDUP_FIELD`].
    pub kernel_fusion_speedup: Option<f64>,
}

/// The section.
pub const INFERENCE: Field = Field::new(
    "inference",
    Kind::Tables,
    "LLM inference services, served from a hall's accelerators.",
);
/// Service name.
pub const NAME: Field = Field::new(
    "inference.*.name",
    Kind::Text,
    "The service's name; unique among workloads.",
)
.required()
.example("name = \"chat\"");
/// Hall.
pub const HALL: Field = Field::new("inference.*.hall", Kind::Text, "The hall it runs in (a hall's `name`).")
    .or(Unset::Derived("the first hall"))
    .example("hall = \"hall-1\"");
/// The largest published models have a few trillion parameters.
pub const MODEL_PARAMS_B: Field = Field::number("inference.*.model_params_b", "billion parameters", "Model size.")
    .required()
    .range(0.001, 100_000.0)
    .example("model_params_b = 70");
/// Precision.
pub const PRECISION: Field = Field::new(
    "inference.*.precision",
    Kind::Choice(PRECISIONS),
    "Weight and math precision: bf16, fp8, int8, int4 (fp32 and tf32 allowed).",
)
.or(Unset::Text("bf16"))
.example("precision = \"fp8\"");
/// Ten million requests a second is beyond the largest public services.
pub const REQUESTS_PER_S: Field = Field::number(
    "inference.*.requests_per_s",
    "1/s",
    "Mean demand in requests per second.",
)
.required()
.range(0.0, 10_000_000.0)
.example("requests_per_s = 300");
/// Prompt tokens.
pub const PROMPT_TOKENS: Field = Field::number(
    "inference.*.prompt_tokens",
    "tokens",
    "Prompt tokens per request (Splitwise, Patel et al. ISCA 2024: Azure conversation median).",
)
.or(Unset::Number(1_020.0))
.range(1.0, 10_000_000.0)
.example("prompt_tokens = 1020");
/// Output tokens.
pub const OUTPUT_TOKENS: Field = Field::number(
    "inference.*.output_tokens",
    "tokens",
    "Output tokens per request (Splitwise, Patel et al. ISCA 2024: Azure conversation median).",
)
.or(Unset::Number(129.0))
.range(1.0, 10_000_000.0)
.example("output_tokens = 129");
/// Largest decode batch.
pub const MAX_BATCH: Field = Field::new(
    "inference.*.max_batch",
    Kind::Integer,
    "Largest decode batch: requests decoded together.",
)
.or(Unset::Integer(32))
.range(1.0, 4_096.0)
.example("max_batch = 32");
/// Latency budget.
pub const LATENCY_BUDGET_MS: Field = Field::number(
    "inference.*.latency_budget_ms",
    "ms",
    "Time-per-output-token budget; the batch is the largest that meets it.",
)
.or(Unset::Number(100.0))
.above(0.0, 1_000_000.0)
.example("latency_budget_ms = 100");
/// Step overhead.
pub const STEP_OVERHEAD_MS: Field = Field::number(
    "inference.*.step_overhead_ms",
    "ms",
    "Fixed overhead per decode step (kernel launches, scheduling) of an optimised serving stack.",
)
.or(Unset::Number(1.5))
.range(0.0, 10_000.0)
.example("step_overhead_ms = 1.5");
/// Demand shape.
pub const DEMAND_PROFILE: Field = Field::new(
    "inference.*.demand_profile",
    Kind::Choice(&["diurnal", "constant"]),
    "Demand shape over the day and week.",
)
.or(Unset::Text("diurnal"))
.example("demand_profile = \"constant\"");
/// Growth.
pub const GROWTH_PCT_PER_YEAR: Field =
    Field::number("inference.*.growth_pct_per_year", "%/yr", "Demand growth, compounded.")
        .or(Unset::Number(0.0))
        .above(-100.0, 10_000.0)
        .example("growth_pct_per_year = 20");
/// Day-to-day noise.
pub const DEMAND_NOISE: Field = Field::number(
    "inference.*.demand_noise",
    "1",
    "Day-to-day demand noise: relative standard deviation.",
)
.or(Unset::Number(0.1))
.range(0.0, 1.0)
.example("demand_noise = 0.1");
/// Mixture of experts.
pub const MOE_ACTIVE_FRAC: Field = Field::number(
    "inference.*.moe_active_frac",
    "1",
    "Mixture of experts: the share of parameters active per token (1 for a dense model).",
)
.or(Unset::Number(1.0))
.above(0.0, 1.0)
.example("moe_active_frac = 0.28 (Mixtral 8x7B)");
/// Sparsity.
pub const SPARSITY: Field = Field::new(
    "inference.*.sparsity",
    Kind::Choice(&["none", "2:4"]),
    "Weight sparsity: `2:4` is the semi-structured pattern sparse tensor cores run (SparseGPT can prune to it).",
)
.or(Unset::Text("none"))
.example("sparsity = \"2:4\"");
/// Early exit.
pub const EARLY_EXIT: Field = Field::new(
    "inference.*.early_exit",
    Kind::Bool,
    "Early exit with its default share of layers.",
)
.or(Unset::Bool(false))
.example("early_exit = true");
/// Early exit's layers.
pub const EARLY_EXIT_LAYER_FRAC_FIELD: Field = Field::number(
    "inference.*.early_exit_layer_frac",
    "1",
    "Early exit's share of layers executed (implies `early_exit`).",
)
.or(Unset::Derived("2/3 with `early_exit`, else 1"))
.above(0.0, 1.0)
.example("early_exit_layer_frac = 0.67");
/// Dynamic depth.
pub const DYNAMIC_DEPTH: Field = Field::new(
    "inference.*.dynamic_depth",
    Kind::Bool,
    "Dynamic depth with its default share of layers.",
)
.or(Unset::Bool(false))
.example("dynamic_depth = true");
/// Dynamic depth's layers.
pub const DYNAMIC_DEPTH_LAYER_FRAC_FIELD: Field = Field::number(
    "inference.*.dynamic_depth_layer_frac",
    "1",
    "Dynamic depth's share of layers executed (implies `dynamic_depth`).",
)
.or(Unset::Derived("2/3 with `dynamic_depth`, else 1"))
.above(0.0, 1.0)
.example("dynamic_depth_layer_frac = 0.67");
/// Kernel fusion.
pub const KERNEL_FUSION: Field = Field::new(
    "inference.*.kernel_fusion",
    Kind::Bool,
    "Kernel fusion with its default speedup.",
)
.or(Unset::Bool(false))
.example("kernel_fusion = true");
/// Kernel fusion's speedup.
pub const KERNEL_FUSION_SPEEDUP_FIELD: Field = Field::number(
    "inference.*.kernel_fusion_speedup",
    "×",
    "Kernel fusion's speedup of a decode step (implies `kernel_fusion`).",
)
.or(Unset::Derived("1.15 with `kernel_fusion`, else 1"))
.range(1.0, 10.0)
.example("kernel_fusion_speedup = 1.15");

/// The section's fields.
pub const FIELDS: &[Field] = &[
    INFERENCE,
    NAME,
    HALL,
    MODEL_PARAMS_B,
    PRECISION,
    REQUESTS_PER_S,
    PROMPT_TOKENS,
    OUTPUT_TOKENS,
    MAX_BATCH,
    LATENCY_BUDGET_MS,
    STEP_OVERHEAD_MS,
    DEMAND_PROFILE,
    GROWTH_PCT_PER_YEAR,
    DEMAND_NOISE,
    MOE_ACTIVE_FRAC,
    SPARSITY,
    EARLY_EXIT,
    EARLY_EXIT_LAYER_FRAC_FIELD,
    DYNAMIC_DEPTH,
    DYNAMIC_DEPTH_LAYER_FRAC_FIELD,
    KERNEL_FUSION,
    KERNEL_FUSION_SPEEDUP_FIELD,
];

/// The serving-model view of a hall's accelerator.
pub(crate) fn accelerator_spec(hall: &Hall) -> AcceleratorSpec {
    let a = &hall.accelerator;
    AcceleratorSpec {
        peak: PeakThroughput(a.peak_tflops.to_array()),
        memory_gb: a.memory_gb,
        memory_bw_tb_s: a.memory_bw_tb_s,
    }
}

/// The serving model of an inference service.
pub fn served_model(c: &InferenceConfig) -> ServedModel {
    ServedModel {
        params_b: c.params_b,
        precision: c.precision,
        levers: c.levers,
        max_batch: c.max_batch,
        prompt_tokens: c.prompt_tokens,
        output_tokens: c.output_tokens,
        step_overhead_s: c.step_overhead_s,
        latency_budget_s: c.latency_budget_s,
    }
}

/// Every service that resolved.
pub(crate) fn resolve_all(specs: &[InferenceSpec], halls: &[Hall], cx: &mut Ctx) -> Vec<InferenceConfig> {
    specs
        .iter()
        .enumerate()
        .filter_map(|(i, s)| resolve(i, s, halls, cx))
        .collect()
}

/// A lever's share of layers: the stated one, else the lever's default when it is switched on,
/// else every layer.
fn layer_frac(
    field: &'static Field,
    switch: &'static Field,
    i: usize,
    v: Option<f64>,
    on: Option<bool>,
    default: f64,
    cx: &mut Ctx,
) -> Option<f64> {
    if let Some(x) = v {
        return cx.within(field, Some(i), x);
    }
    let x = if cx.flag(switch, Some(i), on) { default } else { 1.0 };
    cx.derived(field, Some(i), x);
    Some(x)
}

fn resolve(i: usize, s: &InferenceSpec, halls: &[Hall], cx: &mut Ctx) -> Option<InferenceConfig> {
    let hall = hall_index(&HALL, i, s.hall.as_deref(), halls, cx);
    let precision = precision(&PRECISION, i, s.precision.as_deref(), cx);
    let params_b = cx.number_checked(&MODEL_PARAMS_B, Some(i), Some(s.model_params_b));
    let rps = cx.number_checked(&REQUESTS_PER_S, Some(i), Some(s.requests_per_s));
    let prompt = cx.number_checked(&PROMPT_TOKENS, Some(i), s.prompt_tokens);
    let output = cx.number_checked(&OUTPUT_TOKENS, Some(i), s.output_tokens);
    let batch = cx.integer(&MAX_BATCH, Some(i), s.max_batch);
    let batch = cx.within(&MAX_BATCH, Some(i), batch as f64).map(|b| b as u32);
    let latency = cx.number_checked(&LATENCY_BUDGET_MS, Some(i), s.latency_budget_ms);
    let overhead = cx.number_checked(&STEP_OVERHEAD_MS, Some(i), s.step_overhead_ms);
    let profile = cx
        .choice(&DEMAND_PROFILE, Some(i), s.demand_profile.as_deref())
        .map(|p| match p {
            "constant" => DemandProfile::Constant,
            _ => DemandProfile::Diurnal,
        });
    let growth = cx.number_checked(&GROWTH_PCT_PER_YEAR, Some(i), s.growth_pct_per_year);
    let noise = cx.number_checked(&DEMAND_NOISE, Some(i), s.demand_noise);
    let sparsity = cx.choice(&SPARSITY, Some(i), s.sparsity.as_deref()).map(|p| match p {
        "2:4" => Sparsity::TwoFour,
        _ => Sparsity::None,
    });
    let moe = cx.number_checked(&MOE_ACTIVE_FRAC, Some(i), s.moe_active_frac);
    let early = layer_frac(
        &EARLY_EXIT_LAYER_FRAC_FIELD,
        &EARLY_EXIT,
        i,
        s.early_exit_layer_frac,
        s.early_exit,
        EARLY_EXIT_LAYER_FRAC,
        cx,
    );
    let depth = layer_frac(
        &DYNAMIC_DEPTH_LAYER_FRAC_FIELD,
        &DYNAMIC_DEPTH,
        i,
        s.dynamic_depth_layer_frac,
        s.dynamic_depth,
        DYNAMIC_DEPTH_LAYER_FRAC,
        cx,
    );
    let fusion = if let Some(x) = s.kernel_fusion_speedup {
        cx.within(&KERNEL_FUSION_SPEEDUP_FIELD, Some(i), x)
    } else {
        let x = if cx.flag(&KERNEL_FUSION, Some(i), s.kernel_fusion) {
            KERNEL_FUSION_SPEEDUP
        } else {
            1.0
        };
        cx.derived(&KERNEL_FUSION_SPEEDUP_FIELD, Some(i), x);
        Some(x)
    };
    let (hall, precision, params_b) = (hall?, precision?, params_b?);
    let config = InferenceConfig {
        name: s.name.clone(),
        hall,
        params_b,
        precision,
        levers: Levers {
            active_params_frac: moe?,
            sparsity: sparsity?,
            early_exit_layer_frac: early?,
            dynamic_depth_layer_frac: depth?,
            kernel_fusion_speedup: fusion?,
        },
        requests_per_s: rps?,
        prompt_tokens: prompt?,
        output_tokens: output?,
        max_batch: batch?,
        latency_budget_s: latency? / 1_000.0,
        step_overhead_s: overhead? / 1_000.0,
        demand_profile: profile?,
        growth_frac_per_year: growth? / 100.0,
        demand_noise_frac: noise?,
    };
    let replica = served_model(&config).accelerators_per_replica(&accelerator_spec(&halls[hall]));
    if u64::from(replica) > halls[hall].accelerators() {
        cx.problem(
            Diagnostic::at(
                MODEL_PARAMS_B.at(i),
                format!(
                    "a {params_b} B-parameter model at {} needs {replica} accelerators per replica; hall `{}` has {}",
                    precision.name(),
                    halls[hall].name,
                    halls[hall].accelerators()
                ),
            )
            .hint("use a lower precision, a smaller model, or a bigger hall"),
        );
        return None;
    }
    Some(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_overhead_default_is_the_serving_models() {
        assert_eq!(
            STEP_OVERHEAD_MS.default_number(),
            Some(dctwin_workload::OPTIMIZED_STEP_OVERHEAD_S * 1_000.0)
        );
    }

    #[test]
    fn a_model_too_big_for_its_hall_is_refused_and_levers_take_their_defaults() {
        let mut cx = Ctx::for_tests();
        let file: crate::ScenarioFile = toml::from_str(
            "name = \"t\"\n[site]\nlocation = \"virginia\"\n[[halls]]\nracks = 1\n\
             [[inference]]\nname = \"big\"\nmodel_params_b = 5000\nrequests_per_s = 1\n\
             [[inference]]\nname = \"small\"\nmodel_params_b = 8\nrequests_per_s = 1\nearly_exit = true\n",
        )
        .unwrap();
        let halls = super::super::hall::resolve_all(&file.halls, None, &mut cx).unwrap();
        let services = resolve_all(&file.inference, &halls, &mut cx);
        assert_eq!(services.len(), 1);
        assert_eq!(cx.problems[0].path, "inference.0.model_params_b");
        assert_eq!(services[0].levers.early_exit_layer_frac, EARLY_EXIT_LAYER_FRAC);
        assert_eq!(services[0].max_batch, 32);
    }
}
