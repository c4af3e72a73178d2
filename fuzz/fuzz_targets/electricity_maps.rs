//! Any bytes as an Electricity Maps hourly export; a signal that parses has finite values in
//! range and can be sampled over its own period.
#![no_main]

use dctwin_grid::{CarbonBasis, read_electricity_maps_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = dctwin_core::decode_text(data);
    for basis in [CarbonBasis::Lifecycle, CarbonBasis::Direct] {
        if let Ok(signal) = read_electricity_maps_csv(&text, basis) {
            assert!(signal.values.iter().all(|v| v.is_finite() && *v >= 0.0));
            if let Some(cfe) = &signal.cfe_pct {
                assert!(cfe.iter().all(|v| (0.0..=100.0).contains(v)));
            }
            let hours = signal.values.len().min(1_000);
            let _ = signal.series(signal.start, 900, hours * 4);
        }
    }
});
