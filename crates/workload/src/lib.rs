#![doc = include_str!("../README.md")]

mod demand;
mod levers;
mod precision;
mod serving;
mod training;

pub use demand::{DIURNAL_AMPLITUDE, DIURNAL_PEAK_HOUR, WEEKDAY_FACTOR, WEEKEND_FACTOR, diurnal_demand_factor};
pub use levers::{
    DYNAMIC_DEPTH_LAYER_FRAC, EARLY_EXIT_LAYER_FRAC, KERNEL_FUSION_SPEEDUP, Levers, Sparsity, TWO_FOUR_BYTES_FACTOR,
    TWO_FOUR_MATH_SPEEDUP,
};
pub use precision::{PeakThroughput, Precision};
pub use serving::{
    AcceleratorSpec, DECODE_MATH_EFFICIENCY, HF_EAGER_STEP_OVERHEAD_S, MEMORY_BW_EFFICIENCY, MEMORY_HEADROOM,
    OPTIMIZED_STEP_OVERHEAD_S, PREFILL_MATH_EFFICIENCY, ServedModel, ServingLoad, ServingPlan, TARGET_REPLICA_LOAD,
    kv_bytes_per_token,
};
pub use training::{
    DEFAULT_CHECKPOINT_SAVE_H, DEFAULT_RESTART_H, INTERRUPTIONS_PER_ACCELERATOR_HOUR, JobState, JobStep,
    LLAMA3_INTERRUPTIONS, TrainingJob, young_checkpoint_interval_h,
};
