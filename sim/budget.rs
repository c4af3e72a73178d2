//! The memory a run will need, estimated before anything is allocated, so that a run too large
//! for the machine is refused with a number and a way out instead of dying mid-way.
//!
//! The coefficients were measured with `/usr/bin/time -f %M` (peak resident set) on the
//! baseline scenario, varying one dimension at a time (README, "Limits"):
//! - a fixed part of ≈ 50 MiB (the binary, the catalog, fonts, chart buffers);
//! - ≈ 700 B per step: 47 recorded columns of 8 B, their copy in the output table while
//!   Parquet is encoded, and the weather, grid and generation series prepared before the run;
//! - ≈ 142 B per rack: its three components, the entity's bookkeeping, and the spare room of
//!   the archetype's columns while they grow.
//!
//! The estimate rounds each up (64 MiB, 768 B, 160 B) so that it errs on the safe side.

use dctwin_scenario::RunConfig;

use crate::cli::InputError;

/// `--max-memory` when not given [GiB]: runs up to the step limit (4 million steps, ≈ 3 GiB)
/// and campuses of millions of racks fit; what is beyond it is a typo far more often than a plan.
pub const DEFAULT_MAX_MEMORY_GIB: f64 = 8.0;

/// Fixed part of a run's memory [B].
const BASE_BYTES: u64 = 64 << 20;
/// Memory per step of the run [B].
const BYTES_PER_STEP: u64 = 768;
/// Memory per rack [B].
const BYTES_PER_RACK: u64 = 160;
/// Memory per step of each file-driven series a hall keeps (utilization) [B].
const BYTES_PER_HALL_SERIES_STEP: u64 = 8;

/// Estimated peak memory of one run [B], with saturating arithmetic (a huge scenario gives a
/// huge estimate, never an overflow).
pub fn estimate_bytes(config: &RunConfig) -> u64 {
    let steps = config.steps as u64;
    let racks: u64 = config.halls.iter().map(|h| u64::from(h.racks)).sum();
    let hall_series = config.halls.iter().filter(|h| h.utilization_file.is_some()).count() as u64;
    BASE_BYTES
        .saturating_add(steps.saturating_mul(BYTES_PER_STEP + hall_series * BYTES_PER_HALL_SERIES_STEP))
        .saturating_add(racks.saturating_mul(BYTES_PER_RACK))
}

/// Refuses `configs` (run together, as `compare` does) when their estimated memory exceeds
/// `max_memory_gib`, with the estimate, the limit and how to raise it.
pub fn check_memory(configs: &[RunConfig], max_memory_gib: f64) -> anyhow::Result<()> {
    if !(max_memory_gib.is_finite() && max_memory_gib > 0.0) {
        return Err(InputError(format!(
            "error: `--max-memory {max_memory_gib}`: expected a positive number of GiB\n  hint: --max-memory 16"
        ))
        .into());
    }
    // Only the racks differ between runs of a comparison beyond the fixed part, which the
    // runs share: sum the variable parts.
    let total = configs
        .iter()
        .map(|c| estimate_bytes(c) - BASE_BYTES)
        .fold(BASE_BYTES, u64::saturating_add);
    let gib = |b: u64| b as f64 / f64::from(1_u32 << 30);
    if gib(total) > max_memory_gib {
        let racks: u64 = configs.iter().flat_map(|c| &c.halls).map(|h| u64::from(h.racks)).sum();
        let steps: usize = configs.iter().map(|c| c.steps).sum();
        return Err(InputError(format!(
            "error: this run needs about {:.1} GiB of memory ({steps} steps, {racks} racks), more than the limit of {max_memory_gib} GiB\n  hint: use a longer time.step or fewer racks; or, if the machine has the memory, raise the limit with --max-memory {:.0}",
            gib(total),
            gib(total).ceil()
        ))
        .into());
    }
    Ok(())
}
