//! EnergyPlus Weather (EPW) files: the hourly typical-year weather planners download for any
//! city (format: EnergyPlus "Auxiliary Programs", ch. 2.9, "Weather file data definitions").

use dctwin_core::UtcTime;

use crate::{Conditions, dew_point_c, relative_humidity_pct, wet_bulb_c};

/// Where the file says it is (its `LOCATION` line).
#[derive(Debug, Clone, PartialEq)]
pub struct EpwLocation {
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// Latitude [°], north positive.
    pub latitude_deg: f64,
    /// Longitude [°], east positive.
    pub longitude_deg: f64,
    /// Standard-time offset from UTC [h].
    pub utc_offset_h: f64,
    /// Elevation [m].
    pub elevation_m: f64,
}

/// One hour of an EPW file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpwHour {
    /// Month 1–12.
    pub month: u32,
    /// Day of month.
    pub day: u32,
    /// Hour 1–24: the value covers the hour ending at this local standard time.
    pub hour: u32,
    /// Dry bulb [°C].
    pub temp_c: f64,
    /// Dew point [°C].
    pub dew_point_c: f64,
    /// Relative humidity as the file states it [%] (dctwin derives humidity from the dew point).
    pub rh_pct: f64,
    /// Station pressure [Pa].
    pub pressure_pa: f64,
    /// Global horizontal irradiance [W/m²].
    pub ghi_w_m2: f64,
    /// Direct normal irradiance [W/m²].
    pub dni_w_m2: f64,
    /// Diffuse horizontal irradiance [W/m²].
    pub dhi_w_m2: f64,
    /// Wind speed [m/s].
    pub wind_m_s: f64,
}

/// A parsed EPW file.
#[derive(Debug, Clone, PartialEq)]
pub struct EpwFile {
    /// The `LOCATION` line.
    pub location: EpwLocation,
    /// 8,760 hours in file order (a leap-year file's 29 February is dropped).
    pub hours: Vec<EpwHour>,
    /// Missing values (EPW's 99.9 / 999 / 999999 codes) filled by linear interpolation.
    pub filled_values: usize,
}

/// A problem in an EPW file, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct EpwError {
    /// 1-based line.
    pub line: usize,
    /// 1-based field number.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

/// EPW data fields used, by 0-based position, with their missing-value code and valid range.
const FIELDS: [(usize, &str, f64, f64, f64); 9] = [
    (6, "dry bulb temperature", 99.9, -70.0, 70.0),
    (7, "dew point temperature", 99.9, -70.0, 70.0),
    (8, "relative humidity", 999.0, 0.0, 110.0),
    (9, "atmospheric station pressure", 999_999.0, 31_000.0, 120_000.0),
    (13, "global horizontal radiation", 9_999.0, 0.0, 1_500.0),
    (14, "direct normal radiation", 9_999.0, 0.0, 1_500.0),
    (15, "diffuse horizontal radiation", 9_999.0, 0.0, 1_000.0),
    (21, "wind speed", 999.0, 0.0, 40.0),
    (20, "wind direction", 999.0, 0.0, 360.0),
];

/// Longest run of missing hours filled by interpolation; longer gaps are an error.
pub const MAX_FILLED_GAP_H: usize = 6;

const DAYS_IN_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The (month, day, hour) after `previous` in a year without 29 February, or 1 January hour 1
/// for the first row.
fn next_hour(previous: Option<(u32, u32, u32)>) -> (u32, u32, u32) {
    match previous {
        None => (1, 1, 1),
        Some((m, d, h)) if h < 24 => (m, d, h + 1),
        Some((m, d, _)) if d < DAYS_IN_MONTH[m as usize - 1] => (m, d + 1, 1),
        Some((m, _, _)) => (m % 12 + 1, 1, 1),
    }
}

impl EpwFile {
    /// Parses EPW text: 8 header lines (the first is `LOCATION`), then one line per hour.
    ///
    /// Missing values (the format's 99.9, 999, 9999 and 999999 codes) in gaps of at most
    /// [`MAX_FILLED_GAP_H`] hours are filled by linear interpolation and counted; longer gaps,
    /// values out of physical range, wrong field counts and a wrong number of hours are errors.
    pub fn parse(text: &str) -> Result<Self, EpwError> {
        let lines: Vec<&str> = text.lines().collect();
        let err = |line: usize, column: usize, message: String| EpwError { line, column, message };
        let first = lines.first().copied().unwrap_or("");
        if !first.starts_with("LOCATION") {
            return Err(err(1, 1, "an EPW file starts with a `LOCATION,…` line".into()));
        }
        let loc: Vec<&str> = first.split(',').collect();
        if loc.len() < 10 {
            return Err(err(
                1,
                loc.len() + 1,
                format!("the LOCATION line has {} fields, expected 10", loc.len()),
            ));
        }
        let num = |line: usize, col: usize, raw: &str, what: &str| -> Result<f64, EpwError> {
            raw.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
                err(
                    line,
                    col + 1,
                    format!("expected a number for {what}, found `{}`", raw.trim()),
                )
            })
        };
        let location = EpwLocation {
            city: loc[1].trim().to_string(),
            country: loc[3].trim().to_string(),
            latitude_deg: num(1, 6, loc[6], "latitude")?,
            longitude_deg: num(1, 7, loc[7], "longitude")?,
            utc_offset_h: num(1, 8, loc[8], "time zone")?,
            elevation_m: num(1, 9, loc[9], "elevation")?,
        };
        if !(-90.0..=90.0).contains(&location.latitude_deg) || !(-180.0..=180.0).contains(&location.longitude_deg) {
            return Err(err(1, 7, "latitude or longitude out of range".into()));
        }
        // Time zones in use run from UTC−12 (Baker Island) to UTC+14 (Line Islands).
        if !(-12.0..=14.0).contains(&location.utc_offset_h) {
            return Err(err(
                1,
                9,
                format!(
                    "time zone {} h is outside −12…+14 h (hours from UTC, e.g. 1 for Central Europe)",
                    location.utc_offset_h
                ),
            ));
        }
        if !(-500.0..=9_000.0).contains(&location.elevation_m) {
            return Err(err(
                1,
                10,
                format!("elevation {} m is outside −500…9,000 m", location.elevation_m),
            ));
        }
        if lines.len() < 9 {
            return Err(err(
                lines.len().max(1),
                1,
                "the file ends before its hourly data (8 header lines, then 8,760 hours)".into(),
            ));
        }
        // Raw values with missing ones as NaN, then filled.
        let mut raw: Vec<[f64; 9]> = Vec::with_capacity(8_760);
        let mut stamps = Vec::with_capacity(8_760);
        for (i, line) in lines.iter().enumerate().skip(8) {
            let n = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split(',').collect();
            if f.len() < 22 {
                return Err(err(
                    n,
                    f.len() + 1,
                    format!(
                        "an hourly line has at least 22 fields (35 in full), this one has {}",
                        f.len()
                    ),
                ));
            }
            let whole = |col: usize, what: &str| -> Result<u32, EpwError> {
                let v = num(n, col, f[col], what)?;
                if v.fract() == 0.0 && (0.0..=100.0).contains(&v) {
                    Ok(v as u32)
                } else {
                    Err(err(
                        n,
                        col + 1,
                        format!("expected a whole number for {what}, found `{}`", f[col].trim()),
                    ))
                }
            };
            let (month, day, hour) = (whole(1, "month")?, whole(2, "day")?, whole(3, "hour")?);
            if !(1..=12).contains(&month)
                || day == 0
                || day > 29.max(DAYS_IN_MONTH[month as usize - 1])
                || !(1..=24).contains(&hour)
            {
                return Err(err(
                    n,
                    2,
                    format!("month {month}, day {day}, hour {hour} is not a date and hour (hours run 1–24)"),
                ));
            }
            if month == 2 && day == 29 {
                continue;
            }
            // Rows must run hour by hour from 1 January, hour 1: a file sorted or cut wrongly
            // would otherwise give one month another's weather.
            let expected = next_hour(stamps.last().copied());
            if (month, day, hour) != expected {
                let (m, d, h) = expected;
                return Err(err(
                    n,
                    2,
                    format!(
                        "month {month}, day {day}, hour {hour} follows the wrong row: expected month {m}, day {d}, hour {h} (rows run hour by hour from 1 January, hour 1)"
                    ),
                ));
            }
            let mut values = [f64::NAN; 9];
            for (k, &(col, what, missing, lo, hi)) in FIELDS.iter().enumerate() {
                let Some(cell) = f.get(col) else { continue };
                let v = num(n, col, cell, what)?;
                if (v - missing).abs() < 1e-9 || v >= missing {
                    continue;
                }
                if !(lo..=hi).contains(&v) {
                    return Err(err(n, col + 1, format!("{what} {v} is outside {lo}…{hi}")));
                }
                values[k] = v;
            }
            raw.push(values);
            stamps.push((month, day, hour));
        }
        if raw.len() != 8_760 {
            return Err(err(
                lines.len(),
                1,
                format!("found {} hours of data, expected 8,760 (a whole year)", raw.len()),
            ));
        }
        let mut filled_values = 0;
        for k in 0..FIELDS.len() {
            let mut t = 0;
            while t < raw.len() {
                if !raw[t][k].is_nan() {
                    t += 1;
                    continue;
                }
                let start = t;
                while t < raw.len() && raw[t][k].is_nan() {
                    t += 1;
                }
                let (field_col, what) = (FIELDS[k].0, FIELDS[k].1);
                // Wind direction is informational only: unfilled is fine.
                if k == 8 {
                    continue;
                }
                if t - start > MAX_FILLED_GAP_H || start == 0 || t == raw.len() {
                    return Err(err(
                        start + 9,
                        field_col + 1,
                        format!(
                            "{what} is missing for {} hours from here; dctwin fills gaps of up to {MAX_FILLED_GAP_H} hours inside the year",
                            t - start
                        ),
                    ));
                }
                let (a, b) = (raw[start - 1][k], raw[t][k]);
                let len = (t - start + 1) as f64;
                for (j, row) in raw[start..t].iter_mut().enumerate() {
                    row[k] = a + (b - a) * (j + 1) as f64 / len;
                    filled_values += 1;
                }
            }
        }
        let hours = raw
            .iter()
            .zip(&stamps)
            .map(|(v, &(month, day, hour))| EpwHour {
                month,
                day,
                hour,
                temp_c: v[0],
                dew_point_c: v[1].min(v[0]),
                rh_pct: v[2].min(100.0),
                pressure_pa: v[3],
                ghi_w_m2: v[4],
                dni_w_m2: v[5],
                dhi_w_m2: v[6],
                wind_m_s: v[7],
            })
            .collect();
        Ok(Self {
            location,
            hours,
            filled_values,
        })
    }

    /// Monthly means of dry bulb, daily maximum, daily minimum and relative humidity, for
    /// anything that needs normals. Humidity comes from the dew point (field 8), as in
    /// [`EpwFile::series`]: the relative humidity of each hour is recomputed from its dry bulb
    /// and dew point, so the normals and the hourly weather agree; the file's own relative
    /// humidity column (field 9) is range-checked but not used.
    pub fn monthly_normals(&self) -> crate::ClimateNormals {
        let mut sum = [[0.0_f64; 4]; 12];
        let mut n = [0.0_f64; 12];
        for day in self.hours.chunks(24) {
            let m = day[0].month as usize - 1;
            let max = day.iter().map(|h| h.temp_c).fold(f64::MIN, f64::max);
            let min = day.iter().map(|h| h.temp_c).fold(f64::MAX, f64::min);
            let mean = day.iter().map(|h| h.temp_c).sum::<f64>() / day.len() as f64;
            let rh = day
                .iter()
                .map(|h| relative_humidity_pct(h.temp_c, h.dew_point_c))
                .sum::<f64>()
                / day.len() as f64;
            sum[m][0] += mean;
            sum[m][1] += max;
            sum[m][2] += min;
            sum[m][3] += rh;
            n[m] += 1.0;
        }
        let pick = |k: usize| std::array::from_fn(|m| if n[m] > 0.0 { sum[m][k] / n[m] } else { 0.0 });
        crate::ClimateNormals {
            temp_mean_c: pick(0),
            temp_max_c: pick(1),
            temp_min_c: pick(2),
            rh_mean_pct: pick(3),
        }
    }

    /// Conditions at `steps` instants `start + k × step_s`, by the typical year's calendar
    /// (the file's own year is ignored; 29 February uses 28 February). Each EPW value stands
    /// for the end of its hour in local standard time; instants between are interpolated
    /// linearly. Relative humidity is recomputed from the interpolated dew point and dry bulb,
    /// and the wet bulb from ASHRAE's psychrometric equation at the file's pressure.
    pub fn series(&self, start: UtcTime, step_s: u64, steps: usize) -> Vec<Conditions> {
        let offset_s = (self.location.utc_offset_h * 3_600.0).round() as i64;
        (0..steps)
            .map(|k| {
                let t = UtcTime(start.0 + k as i64 * step_s as i64 + offset_s);
                let (_, month, day) = t.date();
                let day = if month == 2 && day == 29 { 28 } else { day };
                let day_of_year: u32 = DAYS_IN_MONTH[..month as usize - 1].iter().sum::<u32>() + day - 1;
                // Position in hours since Jan 1 00:00; value i is at (i + 1) hours.
                let pos = f64::from(day_of_year) * 24.0 + t.hour_of_day_f64() - 1.0;
                let pos = pos.rem_euclid(8_760.0);
                let i = pos.floor() as usize % 8_760;
                let j = (i + 1) % 8_760;
                let w = pos - pos.floor();
                let (a, b) = (&self.hours[i], &self.hours[j]);
                let lerp = |x: f64, y: f64| x + (y - x) * w;
                let temp_c = lerp(a.temp_c, b.temp_c);
                let dew = lerp(a.dew_point_c, b.dew_point_c).min(temp_c);
                let rh_pct = relative_humidity_pct(temp_c, dew);
                let pressure_pa = lerp(a.pressure_pa, b.pressure_pa);
                Conditions {
                    temp_c,
                    rh_pct,
                    dew_point_c: dew_point_c(temp_c, rh_pct),
                    wet_bulb_c: wet_bulb_c(temp_c, rh_pct, pressure_pa),
                    pressure_pa,
                    ghi_w_m2: lerp(a.ghi_w_m2, b.ghi_w_m2),
                    wind_m_s: lerp(a.wind_m_s, b.wind_m_s),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic but well-formed EPW year: temperature 10 °C + 10 °C × sin of the day,
    /// dew point 5 °C, 101,325 Pa.
    pub(crate) fn fixture(edit: impl Fn(usize, &mut Vec<String>)) -> String {
        let mut out = String::from("LOCATION,Testville,XX,Testland,dctwin,000000,52.0,4.0,1.0,10.0\n");
        for h in [
            "DESIGN CONDITIONS,0",
            "TYPICAL/EXTREME PERIODS,0",
            "GROUND TEMPERATURES,0",
            "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
            "COMMENTS 1,fixture",
            "COMMENTS 2,fixture",
            "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
        ] {
            out.push_str(h);
            out.push('\n');
        }
        let mut k = 0;
        for (m, &days) in DAYS_IN_MONTH.iter().enumerate() {
            for d in 1..=days {
                for h in 1..=24 {
                    let temp = 10.0 + 10.0 * (std::f64::consts::TAU * (f64::from(h) - 9.0) / 24.0).sin();
                    let mut f: Vec<String> = vec![
                        "2001".into(),
                        (m + 1).to_string(),
                        d.to_string(),
                        h.to_string(),
                        "60".into(),
                        "?9?9?9?9E0?9?9?9".into(),
                        format!("{temp:.1}"),
                        "5.0".into(),
                        "50".into(),
                        "101325".into(),
                        "0".into(),
                        "0".into(),
                        "300".into(),
                        "200".into(),
                        "100".into(),
                        "50".into(),
                        "0".into(),
                        "0".into(),
                        "0".into(),
                        "0".into(),
                        "180".into(),
                        "3.0".into(),
                    ];
                    f.extend(std::iter::repeat_n("0".to_string(), 13));
                    edit(k, &mut f);
                    out.push_str(&f.join(","));
                    out.push('\n');
                    k += 1;
                }
            }
        }
        out
    }

    #[test]
    fn parses_and_interpolates() {
        let epw = EpwFile::parse(&fixture(|_, _| {})).unwrap();
        assert_eq!(epw.hours.len(), 8_760);
        assert_eq!(epw.location.utc_offset_h, 1.0);
        // 2025-01-01 14:00 UTC = 15:00 local; the value for hour 15 (ending 15:00) is
        // 10 + 10 sin(2π × 6/24) = 20 °C.
        let c = epw.series(UtcTime::from_civil(2025, 1, 1, 14, 0, 0), 1_800, 2);
        assert!((c[0].temp_c - 20.0).abs() < 1e-9, "{}", c[0].temp_c);
        // Half an hour later: half-way to the next hour's value, written 19.7 in the file.
        assert!((c[1].temp_c - 0.5 * (20.0 + 19.7)).abs() < 1e-9, "{}", c[1].temp_c);
        assert!(c[0].wet_bulb_c < c[0].temp_c && c[0].wet_bulb_c > 5.0);
        assert_eq!(c[0].ghi_w_m2, 200.0);
    }

    #[test]
    fn fills_short_gaps_and_rejects_long_ones() {
        let epw = EpwFile::parse(&fixture(|k, f| {
            if (100..103).contains(&k) {
                f[6] = "99.9".into();
            }
        }))
        .unwrap();
        assert_eq!(epw.filled_values, 3);
        let e = EpwFile::parse(&fixture(|k, f| {
            if (100..110).contains(&k) {
                f[6] = "99.9".into();
            }
        }))
        .unwrap_err();
        assert_eq!((e.line, e.column), (109, 7));
        assert!(e.message.contains("missing for 10 hours"), "{e}");
    }

    #[test]
    fn broken_files_get_positions() {
        let e = EpwFile::parse(&fixture(|k, f| {
            if k == 5 {
                f[6] = "warm".into();
            }
        }))
        .unwrap_err();
        assert_eq!((e.line, e.column), (14, 7));
        let e = EpwFile::parse(&fixture(|k, f| {
            if k == 7 {
                f.truncate(10);
            }
        }))
        .unwrap_err();
        assert_eq!(e.line, 16);
        let e = EpwFile::parse(&fixture(|k, f| {
            if k == 7 {
                f[6] = "85".into();
            }
        }))
        .unwrap_err();
        assert!(e.message.contains("outside"), "{e}");
        assert!(EpwFile::parse("not an epw").unwrap_err().message.contains("LOCATION"));
        let short: String = fixture(|_, _| {}).lines().take(100).collect::<Vec<_>>().join("\n");
        assert!(EpwFile::parse(&short).unwrap_err().message.contains("expected 8,760"));
    }

    #[test]
    fn rows_must_run_hour_by_hour_from_january() {
        // A file whose July rows were pasted over January's (a sort by another column): the
        // first January row that is not January is refused, naming the row expected.
        let e = EpwFile::parse(&fixture(|k, f| {
            if k == 24 {
                f[1] = "7".into();
            }
        }))
        .unwrap_err();
        assert_eq!((e.line, e.column), (33, 2), "{e}");
        assert!(e.message.contains("expected month 1, day 2, hour 1"), "{e}");
        // Two hours swapped.
        let e = EpwFile::parse(&fixture(|k, f| match k {
            10 => f[3] = "12".into(),
            11 => f[3] = "11".into(),
            _ => {}
        }))
        .unwrap_err();
        assert_eq!(e.line, 19, "{e}");
        // A fractional hour is not silently truncated.
        let e = EpwFile::parse(&fixture(|k, f| {
            if k == 3 {
                f[3] = "4.5".into();
            }
        }))
        .unwrap_err();
        assert!(e.message.contains("whole number for hour"), "{e}");
        assert_eq!((e.line, e.column), (12, 4));
    }

    #[test]
    fn time_zone_and_elevation_are_checked_and_latin1_headers_read() {
        let text = fixture(|_, _| {});
        let e = EpwFile::parse(&text.replacen(",1.0,10.0\n", ",15.0,10.0\n", 1)).unwrap_err();
        assert_eq!((e.line, e.column), (1, 9), "{e}");
        let e = EpwFile::parse(&text.replacen(",1.0,10.0\n", ",1.0,NaN\n", 1)).unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        // Many EPW files come in Latin-1 (Zürich's is one): decoded, the city reads right.
        let mut latin1 = text
            .replacen("Testville", "Z\u{fc}rich", 1)
            .chars()
            .map(|c| c as u8)
            .collect::<Vec<u8>>();
        latin1.splice(0..0, [0xEF, 0xBB, 0xBF]);
        let epw = EpwFile::parse(&dctwin_core::decode_text(&latin1)).unwrap();
        assert_eq!(epw.location.city, "Zürich");
    }
}
