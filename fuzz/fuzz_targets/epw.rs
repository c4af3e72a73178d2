//! Any bytes as an EPW weather file; a file that parses must also give normals and a series.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = dctwin_core::decode_text(data);
    if let Ok(epw) = dctwin_weather::EpwFile::parse(&text) {
        let _ = epw.monthly_normals();
        let series = epw.series(dctwin_core::UtcTime(1_735_689_600), 3_600, 48);
        assert!(series.iter().all(|c| c.temp_c.is_finite() && c.wet_bulb_c.is_finite()));
    }
});
