//! UTC instants and civil (Gregorian) calendar fields.
//!
//! The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
//! (<https://howardhinnant.github.io/date_algorithms.html>), exact for every date in range.

use std::fmt;

/// An instant in UTC, as whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime(pub i64);

/// Days since 1970-01-01 of the civil date `year-month-day`.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month 1..=12, day 1..=31)` of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `year` (365 or 366).
pub fn days_in_year(year: i64) -> u32 {
    if is_leap(year) { 366 } else { 365 }
}

impl UtcTime {
    /// The instant at `year-month-day hour:minute:second` UTC.
    pub fn from_civil(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Self {
        let days = days_from_civil(year, month, day);
        Self(days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second))
    }

    /// Whole days since the epoch (floor).
    fn days(self) -> i64 {
        self.0.div_euclid(86_400)
    }

    /// Seconds since midnight UTC, `0..86_400`.
    pub fn second_of_day(self) -> u32 {
        self.0.rem_euclid(86_400) as u32
    }

    /// Hour of the day in UTC as a fraction, `0.0..24.0`.
    pub fn hour_of_day_f64(self) -> f64 {
        f64::from(self.second_of_day()) / 3_600.0
    }

    /// The civil date `(year, month 1..=12, day 1..=31)`.
    pub fn date(self) -> (i64, u32, u32) {
        civil_from_days(self.days())
    }

    /// Calendar year.
    pub fn year(self) -> i64 {
        self.date().0
    }

    /// Month, `1..=12`.
    pub fn month(self) -> u32 {
        self.date().1
    }

    /// Zero-based day of the year, `0..=365`.
    pub fn day_of_year(self) -> u32 {
        let (y, _, _) = self.date();
        (self.days() - days_from_civil(y, 1, 1)) as u32
    }

    /// Day of the week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    pub fn weekday_monday0(self) -> u32 {
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// Fractional year position in `[0, 1)`: 0 at Jan 1 00:00, used by seasonal models.
    pub fn year_fraction(self) -> f64 {
        let (y, _, _) = self.date();
        let start = days_from_civil(y, 1, 1) * 86_400;
        (self.0 - start) as f64 / (f64::from(days_in_year(y)) * 86_400.0)
    }

    /// Milliseconds since the epoch (the unit of the `time_utc` output column).
    pub fn unix_ms(self) -> i64 {
        self.0 * 1_000
    }
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.date();
        let s = self.second_of_day();
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            s / 3_600,
            s / 60 % 60,
            s % 60
        )
    }
}

/// Parses an RFC 3339 UTC instant: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]Z` (a `Z` or `+00:00`
/// suffix, or none, all mean UTC).
///
/// Returns a plain-language reason on failure.
pub fn parse_utc(text: &str) -> Result<UtcTime, String> {
    let t = text.trim();
    let t = t.strip_suffix('Z').or_else(|| t.strip_suffix("+00:00")).unwrap_or(t);
    let (date, time) = match t.split_once(['T', ' ']) {
        Some((d, tm)) => (d, Some(tm)),
        None => (t, None),
    };
    let bad = || format!("`{text}` is not a UTC date-time like 2025-01-01T00:00:00Z");
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return Err(bad());
    }
    let year: i64 = parts[0].parse().map_err(|_| bad())?;
    let month: u32 = parts[1].parse().map_err(|_| bad())?;
    let day: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} in `{text}` is not 1..12"));
    }
    let month_days = [
        31,
        if is_leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day == 0 || day > month_days[month as usize - 1] {
        return Err(format!("day {day} does not exist in {year}-{month:02} (`{text}`)"));
    }
    let (mut h, mut mi, mut s) = (0, 0, 0);
    if let Some(time) = time {
        let f: Vec<&str> = time.split(':').collect();
        if !(2..=3).contains(&f.len()) {
            return Err(bad());
        }
        h = f[0].parse().map_err(|_| bad())?;
        mi = f[1].parse().map_err(|_| bad())?;
        if f.len() == 3 {
            s = f[2].parse().map_err(|_| bad())?;
        }
        if h > 23 || mi > 59 || s > 59 {
            return Err(format!("time of day in `{text}` is out of range"));
        }
    }
    Ok(UtcTime::from_civil(year, month, day, h, mi, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(UtcTime::from_civil(1970, 1, 1, 0, 0, 0).0, 0);
        // 2025-01-01T00:00:00Z = 1735689600 (date -u -d 2025-01-01 +%s).
        assert_eq!(parse_utc("2025-01-01T00:00:00Z").unwrap().0, 1_735_689_600);
        assert_eq!(parse_utc("2024-02-29").unwrap().to_string(), "2024-02-29T00:00:00Z");
    }

    #[test]
    fn round_trips_every_day_for_four_centuries() {
        for days in -200_000..200_000_i64 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn calendar_fields() {
        let t = parse_utc("2025-03-01T13:30:00Z").unwrap();
        assert_eq!(t.month(), 3);
        assert_eq!(t.day_of_year(), 59); // Jan 31 + Feb 28
        assert_eq!(t.hour_of_day_f64(), 13.5);
        assert_eq!(t.weekday_monday0(), 5); // a Saturday
        assert_eq!(days_in_year(2024), 366);
        assert!((parse_utc("2025-07-02T12:00:00Z").unwrap().year_fraction() - 0.5).abs() < 1e-3);
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in ["2025-13-01", "2025-02-29", "25-01-01", "2025-01-01T25:00", "soon"] {
            assert!(parse_utc(bad).is_err(), "{bad}");
        }
    }
}
