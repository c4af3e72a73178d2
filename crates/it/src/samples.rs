//! Reading measured power samples from CSV.

/// A problem in a samples file, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct SamplesError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (field number).
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Reads `(utilization_frac, power_w)` samples from CSV text.
///
/// The header names the columns (any order, other columns ignored): utilization as
/// `utilization`, `utilization_frac` or `throughput_frac` (0–1) or `utilization_pct` (0–100),
/// and power as `power_w`. Blank lines and lines starting with `#` are skipped.
pub fn read_power_samples(text: &str) -> Result<Vec<(f64, f64)>, SamplesError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((header_index, header)) = lines.next() else {
        return Err(SamplesError {
            line: 1,
            column: 1,
            message: "the file has no header row".into(),
        });
    };
    let names: Vec<String> = header.split(',').map(|h| h.trim().to_ascii_lowercase()).collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let (u_col, scale) = match (
        find(&["utilization", "utilization_frac", "throughput_frac"]),
        find(&["utilization_pct"]),
    ) {
        (Some(c), _) => (c, 1.0),
        (None, Some(c)) => (c, 0.01),
        (None, None) => {
            // NVML's utilization is the share of time a kernel ran, not the share of peak
            // throughput the curve is fitted against: a 25 % GEMM duty cycle reads 100 %.
            let nvml = find(&["util_pct", "utilization.gpu", "utilization.gpu [%]", "gpu_util"]).is_some();
            return Err(SamplesError {
                line: header_index + 1,
                column: 1,
                message: if nvml {
                    format!(
                        "header `{header}` has NVML's GPU utilization (the share of time a kernel ran), not the share of peak throughput the curve needs; add a `utilization` column (0–1): each phase's achieved ÷ full-load TFLOP/s"
                    )
                } else {
                    format!(
                        "no utilization column in header `{header}`; expected `utilization` (0–1) or `utilization_pct` (0–100)"
                    )
                },
            });
        }
    };
    let Some(p_col) = find(&["power_w"]) else {
        return Err(SamplesError {
            line: header_index + 1,
            column: 1,
            message: format!("no `power_w` column in header `{header}`"),
        });
    };
    let mut out = Vec::new();
    for (i, line) in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let get = |col: usize, what: &str| -> Result<f64, SamplesError> {
            let raw = fields.get(col).map(|f| f.trim()).ok_or_else(|| SamplesError {
                line: i + 1,
                column: col + 1,
                message: format!("missing {what}: the row has {} fields", fields.len()),
            })?;
            raw.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| SamplesError {
                    line: i + 1,
                    column: col + 1,
                    message: format!("expected a number for {what}, found `{raw}`"),
                })
        };
        out.push((get(u_col, "utilization")? * scale, get(p_col, "power_w")?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_columns_and_reports_positions() {
        let s = read_power_samples("# note\nphase,power_w,utilization_pct\nidle,100,0\nfull,700,100\n").unwrap();
        // NVML's time-busy utilization is refused with the reason, not silently fitted.
        let e = read_power_samples("t_unix,phase,power_w,util_pct\n1,idle,100,0\n").unwrap_err();
        assert!(
            e.message.contains("NVML") && e.message.contains("achieved"),
            "{}",
            e.message
        );
        assert_eq!(s, vec![(0.0, 100.0), (1.0, 700.0)]);
        let e = read_power_samples("utilization,power_w\n0.5,abc\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        assert!(
            read_power_samples("a,b\n1,2\n")
                .unwrap_err()
                .message
                .contains("utilization")
        );
        assert!(read_power_samples("").is_err());
    }
}
