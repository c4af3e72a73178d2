//! Any bytes as power telemetry for `dctwin fit-power`; a fit that succeeds is a finite,
//! rising curve with a non-negative idle power.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = dctwin_core::decode_text(data);
    if let Ok(samples) = dctwin_it::read_power_samples(&text)
        && let Ok(fit) = dctwin_it::fit_saturating_curve(&samples)
    {
        assert!(fit.idle_w.is_finite() && fit.idle_w >= 0.0);
        assert!(fit.full_load_w.is_finite() && fit.full_load_w > fit.idle_w);
        assert!(fit.rmse_w.is_finite());
    }
});
