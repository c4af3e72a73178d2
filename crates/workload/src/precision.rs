//! Numeric precisions and what they cost in bytes and buy in throughput.

/// A numeric format for weights and math.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// IEEE single precision.
    Fp32,
    /// NVIDIA TensorFloat-32 math on FP32 storage.
    Tf32,
    /// bfloat16.
    Bf16,
    /// 8-bit floating point (E4M3).
    Fp8,
    /// 8-bit integer.
    Int8,
    /// 4-bit integer (weights; math in a wider format where hardware has no INT4 units).
    Int4,
}

impl Precision {
    /// Every precision, in catalog order.
    pub const ALL: [Self; 6] = [Self::Fp32, Self::Tf32, Self::Bf16, Self::Fp8, Self::Int8, Self::Int4];

    /// Parses `fp32`, `tf32`, `bf16`, `fp8`, `int8`, `int4`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "fp32" => Self::Fp32,
            "tf32" => Self::Tf32,
            "bf16" => Self::Bf16,
            "fp8" => Self::Fp8,
            "int8" => Self::Int8,
            "int4" => Self::Int4,
            _ => return None,
        })
    }

    /// The name used in scenario files and the catalog.
    pub fn name(self) -> &'static str {
        match self {
            Self::Fp32 => "fp32",
            Self::Tf32 => "tf32",
            Self::Bf16 => "bf16",
            Self::Fp8 => "fp8",
            Self::Int8 => "int8",
            Self::Int4 => "int4",
        }
    }

    /// Index into per-precision arrays ([`Precision::ALL`] order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Bytes per stored weight.
    pub fn bytes_per_param(self) -> f64 {
        match self {
            Self::Fp32 | Self::Tf32 => 4.0,
            Self::Bf16 => 2.0,
            Self::Fp8 | Self::Int8 => 1.0,
            Self::Int4 => 0.5,
        }
    }
}

/// Peak dense throughput of one accelerator per precision [TFLOP/s or TOPS]; 0 = no hardware
/// support.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeakThroughput(pub [f64; 6]);

impl PeakThroughput {
    /// The precision the math actually runs in: the requested one if the hardware has it,
    /// else the next wider one it has (INT4 weights are dequantized to INT8, FP8 or BF16
    /// math — weight-only quantization), and its peak [TFLOP/s].
    pub fn math(&self, requested: Precision) -> (Precision, f64) {
        let order: &[Precision] = match requested {
            Precision::Int4 => &[
                Precision::Int4,
                Precision::Fp8,
                Precision::Int8,
                Precision::Bf16,
                Precision::Fp32,
            ],
            Precision::Int8 => &[Precision::Int8, Precision::Fp8, Precision::Bf16, Precision::Fp32],
            Precision::Fp8 => &[Precision::Fp8, Precision::Bf16, Precision::Fp32],
            Precision::Bf16 => &[Precision::Bf16, Precision::Fp32],
            Precision::Tf32 => &[Precision::Tf32, Precision::Fp32],
            Precision::Fp32 => &[Precision::Fp32],
        };
        order
            .iter()
            .map(|&p| (p, self.0[p.index()]))
            .find(|&(_, t)| t > 0.0)
            .unwrap_or((requested, 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_a_supported_format() {
        // H100: no INT4 units; FP8 and INT8 at 1,979, BF16 at 989 (dense).
        let h100 = PeakThroughput([67.0, 495.0, 989.0, 1_979.0, 1_979.0, 0.0]);
        assert_eq!(h100.math(Precision::Int4), (Precision::Fp8, 1_979.0));
        assert_eq!(h100.math(Precision::Bf16), (Precision::Bf16, 989.0));
        let v100 = PeakThroughput([15.7, 0.0, 125.0, 0.0, 0.0, 0.0]);
        assert_eq!(v100.math(Precision::Fp8), (Precision::Bf16, 125.0));
        for p in Precision::ALL {
            assert_eq!(Precision::from_name(p.name()), Some(p));
        }
    }
}
