//! Any bytes as a generic `time,value` file (utilization, on-site output, prices, marginal
//! intensity); a signal that parses holds finite values and can be sampled.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = dctwin_core::decode_text(data);
    if let Ok(signal) = dctwin_grid::read_generic_csv(&text) {
        assert!(signal.values.iter().all(|v| v.is_finite()));
        let hours = signal.values.len().min(1_000);
        let _ = signal.series(signal.start, 1_800, hours * 2);
    }
});
