//! Importing grid signals from files: Electricity Maps hourly CSV exports (both header
//! generations) and a generic `time,value` CSV for any signal (carbon intensity, price).

use dctwin_core::{UtcTime, parse_utc};

/// A problem in a signal file, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct SignalError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

/// An hourly signal read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlySignal {
    /// Start of the first hour.
    pub start: UtcTime,
    /// One value per hour, in file order, gaps filled.
    pub values: Vec<f64>,
    /// Carbon-free share of the supply per hour [%], where the file has it.
    pub cfe_pct: Option<Vec<f64>>,
    /// Hours that were missing or empty and filled by interpolation.
    pub filled_hours: usize,
}

/// Which Electricity Maps intensity to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarbonBasis {
    /// Life-cycle emissions (the GHG Protocol's location-based factors usually are).
    Lifecycle,
    /// Direct (combustion) emissions only.
    Direct,
}

/// Highest carbon intensity accepted in a file [gCO2e/kWh]. Coal plants emit about 820 over
/// their life cycle (IPCC AR5 WGIII, Annex III, Table A.III.2, median of pulverised coal) and
/// the dirtiest lignite units somewhat above 1,000; 5,000 leaves room for any real grid and
/// still refuses unit mistakes such as kg or lb in place of g.
pub const MAX_INTENSITY_G_PER_KWH: f64 = 5_000.0;

/// Longest gap filled by linear interpolation [h]; longer gaps are an error.
pub const MAX_FILLED_GAP_H: usize = 6;

fn err(line: usize, column: usize, message: impl Into<String>) -> SignalError {
    SignalError {
        line,
        column,
        message: message.into(),
    }
}

/// Splits a CSV line into fields, honouring double quotes.
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Normalises a header name: lower case, `CO₂` → `co2`, runs of spaces collapsed.
fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace('₂', "2")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses an Electricity Maps timestamp: `2023-01-01 00:00:00`, `2023-01-01T00:00:00.000Z` or
/// `2023-01-01T00:00:00+00:00`.
fn parse_time(raw: &str) -> Option<UtcTime> {
    let t = raw.trim();
    let t = t.split('.').next().unwrap_or(t); // drop fractional seconds
    parse_utc(t.trim_end_matches('Z')).ok()
}

/// Builds an hourly series from `(line, time, value)` rows: sorted, one per hour, gaps of up to
/// [`MAX_FILLED_GAP_H`] hours (missing rows or empty values) filled linearly.
fn hourly(rows: &[(usize, UtcTime, Option<f64>)], column: usize) -> Result<(UtcTime, Vec<f64>, usize), SignalError> {
    let Some(&(_, first, _)) = rows.first() else {
        return Err(err(1, 1, "the file has no data rows"));
    };
    let mut values: Vec<Option<f64>> = Vec::new();
    let mut last: Option<(usize, UtcTime)> = None;
    for &(line, t, v) in rows {
        if t.0 % 3_600 != 0 {
            return Err(err(
                line,
                1,
                format!("{t} is not on the hour; dctwin reads hourly signals"),
            ));
        }
        if let Some((prev_line, prev)) = last
            && t <= prev
        {
            return Err(err(
                line,
                1,
                format!(
                    "{t} does not come after {prev} (line {prev_line}); rows must be in time order without duplicates"
                ),
            ));
        }
        let index = ((t.0 - first.0) / 3_600) as usize;
        // A gap too long to fill is refused here, before any room is made for it: two rows
        // thousands of years apart must not allocate millions of empty hours first.
        if index - values.len() > MAX_FILLED_GAP_H {
            let (prev_line, prev) = last.unwrap_or((line, first));
            return Err(err(
                line,
                column,
                format!(
                    "{} hour(s) without a value between {prev} (line {prev_line}) and {t}; dctwin fills gaps of up to {MAX_FILLED_GAP_H} hours inside the data",
                    index - values.len()
                ),
            ));
        }
        values.resize(index, None);
        values.push(v);
        last = Some((line, t));
    }
    let mut filled = 0;
    let mut i = 0;
    let line_of = |i: usize| {
        rows.iter()
            .find(|(_, t, _)| (t.0 - first.0) / 3_600 >= i as i64)
            .map_or(1, |r| r.0)
    };
    while i < values.len() {
        if values[i].is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < values.len() && values[i].is_none() {
            i += 1;
        }
        if start == 0 || i == values.len() || i - start > MAX_FILLED_GAP_H {
            return Err(err(
                line_of(start),
                column,
                format!(
                    "{} hour(s) without a value from {}; dctwin fills gaps of up to {MAX_FILLED_GAP_H} hours inside the data",
                    i - start,
                    UtcTime(first.0 + start as i64 * 3_600)
                ),
            ));
        }
        let (a, b) = (values[start - 1].unwrap_or(0.0), values[i].unwrap_or(0.0));
        let n = (i - start + 1) as f64;
        for (k, slot) in values[start..i].iter_mut().enumerate() {
            *slot = Some(a + (b - a) * (k + 1) as f64 / n);
            filled += 1;
        }
    }
    Ok((first, values.into_iter().map(|v| v.unwrap_or(0.0)).collect(), filled))
}

/// Reads an Electricity Maps hourly export (`Datetime (UTC)`, …, `Carbon intensity gCO₂eq/kWh
/// (Life cycle)`, `Carbon-free energy percentage (CFE%)`, … — or the older `Carbon Intensity
/// gCO₂eq/kWh (LCA)`, `Low Carbon Percentage` headers). Empty cells and missing hours in gaps of
/// up to six hours are filled linearly and counted; longer gaps, unparseable times or values,
/// out-of-order or duplicate hours are errors with their line and column.
pub fn read_electricity_maps_csv(text: &str, basis: CarbonBasis) -> Result<HourlySignal, SignalError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((h_line, header)) = lines.next() else {
        return Err(err(1, 1, "the file is empty"));
    };
    let names: Vec<String> = fields(header).iter().map(|h| norm(h)).collect();
    let find = |candidates: &[&str]| names.iter().position(|n| candidates.contains(&n.as_str()));
    let Some(time_col) = find(&["datetime (utc)"]) else {
        return Err(err(
            h_line + 1,
            1,
            format!("no `Datetime (UTC)` column in `{header}`: not an Electricity Maps export?"),
        ));
    };
    let ci_names: &[&str] = match basis {
        CarbonBasis::Lifecycle => &[
            "carbon intensity gco2eq/kwh (life cycle)",
            "carbon intensity gco2eq/kwh (lca)",
        ],
        CarbonBasis::Direct => &["carbon intensity gco2eq/kwh (direct)"],
    };
    let Some(ci_col) = find(ci_names) else {
        return Err(err(
            h_line + 1,
            1,
            format!("no carbon-intensity column ({}) in `{header}`", ci_names.join(" or ")),
        ));
    };
    let cfe_col = find(&["carbon-free energy percentage (cfe%)", "low carbon percentage"]);
    let mut rows = Vec::new();
    let mut cfe_rows = Vec::new();
    for (i, line) in lines {
        let f = fields(line);
        let n = i + 1;
        let time = f.get(time_col).and_then(|t| parse_time(t)).ok_or_else(|| {
            err(
                n,
                time_col + 1,
                format!(
                    "expected a UTC time like 2023-01-01 00:00:00, found `{}`",
                    f.get(time_col).map_or("", |s| s.trim())
                ),
            )
        })?;
        let value = |col: usize, what: &str, max: f64| -> Result<Option<f64>, SignalError> {
            match f.get(col).map_or("", |s| s.trim()) {
                "" => Ok(None),
                raw => raw
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && (0.0..=max).contains(v))
                    .map(Some)
                    .ok_or_else(|| err(n, col + 1, format!("expected {what} in 0..{max}, found `{raw}`"))),
            }
        };
        rows.push((
            n,
            time,
            value(ci_col, "a carbon intensity in gCO2eq/kWh", MAX_INTENSITY_G_PER_KWH)?,
        ));
        if let Some(c) = cfe_col {
            cfe_rows.push((n, time, value(c, "a percentage", 100.0)?));
        }
    }
    let (start, values, filled_hours) = hourly(&rows, ci_col + 1)?;
    let cfe_pct = match cfe_col {
        Some(c) => Some(hourly(&cfe_rows, c + 1)?.1),
        None => None,
    };
    Ok(HourlySignal {
        start,
        values,
        cfe_pct,
        filled_hours,
    })
}

/// Reads a generic hourly signal: a header naming a time column (`time`, `time_utc`,
/// `datetime`) and one value column (the first other column, or the one named `value`).
pub fn read_generic_csv(text: &str) -> Result<HourlySignal, SignalError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((h_line, header)) = lines.next() else {
        return Err(err(1, 1, "the file is empty"));
    };
    let names: Vec<String> = fields(header).iter().map(|h| norm(h)).collect();
    let Some(time_col) = names
        .iter()
        .position(|n| ["time", "time_utc", "datetime", "datetime (utc)"].contains(&n.as_str()))
    else {
        return Err(err(
            h_line + 1,
            1,
            format!("no time column in `{header}`; expected `time,value`"),
        ));
    };
    let value_col = names
        .iter()
        .position(|n| n == "value")
        .or_else(|| (0..names.len()).find(|&c| c != time_col));
    let Some(value_col) = value_col else {
        return Err(err(h_line + 1, 2, "no value column; expected `time,value`"));
    };
    let mut rows = Vec::new();
    for (i, line) in lines {
        let f = fields(line);
        let n = i + 1;
        let time = f.get(time_col).and_then(|t| parse_time(t)).ok_or_else(|| {
            err(
                n,
                time_col + 1,
                format!(
                    "expected a UTC time like 2025-01-01T00:00:00Z, found `{}`",
                    f.get(time_col).map_or("", |s| s.trim())
                ),
            )
        })?;
        let v = match f.get(value_col).map_or("", |s| s.trim()) {
            "" => None,
            raw => Some(
                raw.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| err(n, value_col + 1, format!("expected a number, found `{raw}`")))?,
            ),
        };
        rows.push((n, time, v));
    }
    let (start, values, filled_hours) = hourly(&rows, value_col + 1)?;
    Ok(HourlySignal {
        start,
        values,
        cfe_pct: None,
        filled_hours,
    })
}

impl HourlySignal {
    /// The end of the last hour.
    pub fn end(&self) -> UtcTime {
        UtcTime(self.start.0 + self.values.len() as i64 * 3_600)
    }

    /// The value in force at `t` (each hour's value holds for the whole hour), or `None`
    /// outside the file's period.
    pub fn at(&self, t: UtcTime) -> Option<f64> {
        if t < self.start || t >= self.end() {
            return None;
        }
        self.values.get(((t.0 - self.start.0) / 3_600) as usize).copied()
    }

    /// Values at `steps` instants from `start` every `step_s`, or an error message naming the
    /// file's period when the run is not covered.
    pub fn series(&self, start: UtcTime, step_s: u64, steps: usize) -> Result<Vec<f64>, String> {
        let end = UtcTime(start.0 + step_s as i64 * steps as i64);
        if start < self.start || end > self.end() {
            return Err(format!(
                "the file covers {} to {}, the run {} to {}",
                self.start,
                self.end(),
                start,
                end
            ));
        }
        Ok((0..steps)
            .map(|k| self.at(UtcTime(start.0 + k as i64 * step_s as i64)).unwrap_or(0.0))
            .collect())
    }
}

#[cfg(test)]
#[expect(clippy::format_collect, reason = "small test fixtures read best as one expression")]
mod tests {
    use super::*;

    const NEW: &str = "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO₂eq/kWh (direct),Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%),Renewable energy percentage (RE%),Data source,Data estimated,Data estimation method\n";
    const OLD: &str = "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,Data Estimation Method\n";

    fn rows(n: usize) -> String {
        (0..n)
            .map(|h| {
                format!(
                    "2023-01-01 {h:02}:00:00,Sweden,Sweden,SE,{},{},90,70,entsoe.eu,false,\n",
                    10 + h,
                    20 + h
                )
            })
            .collect()
    }

    #[test]
    fn reads_both_header_generations() {
        for header in [NEW, OLD] {
            let s = read_electricity_maps_csv(&format!("{header}{}", rows(24)), CarbonBasis::Lifecycle).unwrap();
            assert_eq!(s.values.len(), 24);
            assert_eq!(s.values[5], 25.0);
            assert_eq!(s.cfe_pct.as_ref().unwrap()[0], 90.0);
            let d = read_electricity_maps_csv(&format!("{header}{}", rows(24)), CarbonBasis::Direct).unwrap();
            assert_eq!(d.values[5], 15.0);
        }
    }

    #[test]
    fn fills_short_gaps_and_rejects_long_ones_and_garbage() {
        let mut text = format!("{NEW}{}", rows(24));
        text = text.replace(
            "2023-01-01 03:00:00,Sweden,Sweden,SE,13,23,",
            "2023-01-01 03:00:00,Sweden,Sweden,SE,13,,",
        );
        let s = read_electricity_maps_csv(&text, CarbonBasis::Lifecycle).unwrap();
        assert_eq!((s.filled_hours, s.values[3]), (1, 23.0));
        // Drop hours 5–14: a ten-hour hole.
        let holey: String = format!(
            "{NEW}{}",
            rows(24)
                .lines()
                .enumerate()
                .filter(|(h, _)| !(5..15).contains(h))
                .map(|(_, l)| format!("{l}\n"))
                .collect::<String>()
        );
        let e = read_electricity_maps_csv(&holey, CarbonBasis::Lifecycle).unwrap_err();
        assert!(e.message.contains("10 hour(s) without a value"), "{e}");
        let bad = format!("{NEW}{}", rows(3).replace(",21,", ",lots,"));
        let e = read_electricity_maps_csv(&bad, CarbonBasis::Lifecycle).unwrap_err();
        assert_eq!((e.line, e.column), (3, 6));
        let unordered = format!("{NEW}{}{}", rows(3), rows(1));
        assert!(
            read_electricity_maps_csv(&unordered, CarbonBasis::Lifecycle)
                .unwrap_err()
                .message
                .contains("time order")
        );
        assert!(read_electricity_maps_csv("a,b\n1,2\n", CarbonBasis::Lifecycle).is_err());
    }

    #[test]
    fn two_rows_thousands_of_years_apart_are_refused_before_allocating() {
        // 8,000 years is 70 million hours: refused at the second row, without making room.
        let text = "time,value\n1025-01-01T00:00:00Z,1\n9025-01-01T00:00:00Z,2\n";
        let e = read_generic_csv(text).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("without a value"), "{e}");
    }

    #[test]
    fn electricity_maps_cfe_above_100_pct_is_refused() {
        let header = "Datetime (UTC),Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%)\n";
        let ok = format!("{header}2023-01-01 00:00:00,100,40\n2023-01-01 01:00:00,100,100\n");
        assert!(read_electricity_maps_csv(&ok, CarbonBasis::Lifecycle).is_ok());
        let e = read_electricity_maps_csv(&ok.replace(",100\n", ",150\n"), CarbonBasis::Lifecycle).unwrap_err();
        assert_eq!((e.line, e.column), (3, 3), "{e}");
        let e = read_electricity_maps_csv(&ok.replacen(",100,", ",-5,", 1), CarbonBasis::Lifecycle).unwrap_err();
        assert_eq!((e.line, e.column), (2, 2), "{e}");
        let e = read_electricity_maps_csv(&ok.replacen(",100,", ",1e308,", 1), CarbonBasis::Lifecycle).unwrap_err();
        assert!(e.message.contains("0..5000"), "{e}");
    }

    #[test]
    fn generic_csv_and_series() {
        let s = read_generic_csv("time,value\n2025-01-01T00:00:00Z,100\n2025-01-01T01:00:00Z,200\n").unwrap();
        let start = UtcTime::from_civil(2025, 1, 1, 0, 0, 0);
        assert_eq!(
            s.series(start, 900, 8).unwrap(),
            vec![100.0, 100.0, 100.0, 100.0, 200.0, 200.0, 200.0, 200.0]
        );
        assert!(s.series(start, 900, 9).unwrap_err().contains("covers"));
    }
}
