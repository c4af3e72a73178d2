//! Any bytes as a scenario file: parsing, `extends`, checks and resolution must return a
//! scenario or a located error, never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = dctwin_core::decode_text(data);
    let _ = dctwin_scenario::load_str(&text, std::path::Path::new("fuzz/corpus/scenario.toml"), &[], None);
});
