//! Durations as scenario files write them: a number and a unit.

/// Longest duration accepted [s]: 1,000 years of 365.25 days. Far beyond any planning horizon,
/// and small enough that instants computed from it stay exact in 64-bit seconds.
pub const MAX_DURATION_S: u64 = 1_000 * 31_557_600;

/// Parses a duration such as `"15m"`, `"1h"`, `"30s"`, `"365d"`, `"14.8d"` or `"1w"` into
/// whole seconds.
///
/// Units: `s`, `m` (minutes), `h`, `d`, `w`. A fractional number is allowed when the result
/// is a whole number of seconds (`"14.8d"` is 1,278,720 s). Returns a plain-language reason on
/// failure.
pub fn parse_duration_s(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit_s: f64 = match unit.trim() {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3_600.0,
        "d" => 86_400.0,
        "w" => 604_800.0,
        "" => return Err(format!("`{text}` has no unit; write e.g. \"15m\", \"1h\" or \"365d\"")),
        other => return Err(format!("unknown unit `{other}` in `{text}` (use s, m, h, d or w)")),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` does not start with a number"))?;
    if !(value.is_finite() && value > 0.0) {
        return Err(format!("`{text}` must be a positive duration"));
    }
    let seconds = value * unit_s;
    if seconds > MAX_DURATION_S as f64 {
        return Err(format!(
            "`{text}` is longer than dctwin handles (1,000 years); write e.g. \"365d\""
        ));
    }
    let whole = seconds.round();
    if (seconds - whole).abs() > 1e-6 * seconds.max(1.0) || whole < 1.0 {
        return Err(format!("`{text}` is not a whole number of seconds"));
    }
    Ok(whole as u64)
}

/// Formats whole seconds with the largest unit that divides them (`900` → `"15m"`).
pub fn format_duration_s(seconds: u64) -> String {
    for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)] {
        if seconds >= size && seconds.is_multiple_of(size) {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse_duration_s("15m"), Ok(900));
        assert_eq!(parse_duration_s("1h"), Ok(3_600));
        assert_eq!(parse_duration_s("365d"), Ok(31_536_000));
        assert_eq!(parse_duration_s("14.8d"), Ok(1_278_720));
        assert_eq!(parse_duration_s(" 30 s "), Ok(30));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "15", "15x", "-1h", "0m", "h", "0.5s", "nanm", "1e19s", "1e18s", "60000w",
        ] {
            assert!(parse_duration_s(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for s in [900, 3_600, 86_400, 31_536_000, 45] {
            assert_eq!(parse_duration_s(&format_duration_s(s)), Ok(s));
        }
    }
}
