//! Numeric axis ticks: a step of 1, 2, 2.5 or 5 times a power of ten that gives about five
//! to eight ticks over the range, and as many decimals as the step needs, so that no two
//! labels of an axis read the same.

use std::ops::Range;

use plotters::coord::ranged1d::{
    KeyPointHint, KeyPointWeight, NoDefaultFormatting, Ranged, ValueFormatter,
};

/// The ticks of one axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Distance between two ticks: 1, 2, 2.5 or 5 times a power of ten.
    pub step: f64,
    /// Decimals of the labels.
    pub decimals: usize,
    /// The tick values inside the range, increasing.
    pub values: Vec<f64>,
}

/// The ticks of `lo..hi` (any order, any finite values).
pub(crate) fn ticks(lo: f64, hi: f64) -> Ticks {
    choose(lo, hi, &[1.0, 2.0, 2.5, 5.0], i32::MIN)
}

/// The ticks of `lo..hi` on whole numbers only (counts): steps of 1, 2 or 5 times a power
/// of ten, at least 1.
pub(crate) fn integer_ticks(lo: f64, hi: f64) -> Ticks {
    choose(lo, hi, &[1.0, 2.0, 5.0], 0)
}

fn choose(lo: f64, hi: f64, mantissas: &[f64], min_exp: i32) -> Ticks {
    let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo <= f64::EPSILON * lo.abs().max(hi.abs()).max(f64::MIN_POSITIVE) {
        // One value: a range around it.
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo, hi) = (lo - pad, hi + pad);
    }
    let span = hi - lo;
    let k0 = (span / 6.0).log10().floor() as i32;
    let mut best: Option<(f64, f64, i32, f64)> = None; // (score, step, exponent, mantissa)
    for k in (k0 - 1)..=(k0 + 1) {
        let k = k.max(min_exp);
        for &m in mantissas {
            let step = m * 10f64.powi(k);
            let n = count(lo, hi, step);
            // About 5 to 8 ticks: 6.5 is best; fewer ticks win a tie.
            let score = (n as f64 - 6.5).abs() + if (5..=8).contains(&n) { 0.0 } else { 10.0 };
            if best
                .is_none_or(|(s, b, _, _)| score < s - 1e-9 || (score - s).abs() < 1e-9 && step > b)
            {
                best = Some((score, step, k, m));
            }
        }
    }
    let (_, step, k, m) = best.expect("candidates");
    let decimals = (-k + i32::from(m == 2.5)).max(0) as usize;
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let values = (first..=last).map(|i| i as f64 * step).collect();
    Ticks {
        step,
        decimals,
        values,
    }
}

/// How many multiples of `step` lie in `lo..=hi`.
fn count(lo: f64, hi: f64, step: f64) -> i64 {
    ((hi / step + 1e-9).floor() - (lo / step - 1e-9).ceil()) as i64 + 1
}

impl Ticks {
    /// The label of `v` with the ticks' decimals and thousands grouped (never `-0`).
    pub(crate) fn label(&self, v: f64) -> String {
        let v = if v.abs() < self.step * 1e-6 { 0.0 } else { v };
        crate::format::grouped(v, self.decimals)
    }
}

/// A linear axis over `lo..hi` whose grid lines and labels are its [`Ticks`], each label
/// followed by `suffix` (for example `" %"` or `"°N"`).
#[derive(Debug, Clone)]
pub(crate) struct NiceAxis {
    lo: f64,
    hi: f64,
    ticks: Ticks,
    suffix: &'static str,
}

impl NiceAxis {
    /// An axis over `lo..hi` with plain labels.
    pub(crate) fn new(lo: f64, hi: f64) -> Self {
        Self::with_suffix(lo, hi, "")
    }

    /// An axis over `lo..hi` whose labels end with `suffix`.
    pub(crate) fn with_suffix(lo: f64, hi: f64, suffix: &'static str) -> Self {
        NiceAxis {
            lo,
            hi,
            ticks: ticks(lo, hi),
            suffix,
        }
    }

    /// An axis of whole numbers (counts).
    pub(crate) fn integer(lo: f64, hi: f64) -> Self {
        NiceAxis {
            lo,
            hi,
            ticks: integer_ticks(lo, hi),
            suffix: "",
        }
    }

    /// The label of `v`.
    pub(crate) fn label(&self, v: f64) -> String {
        format!("{}{}", self.ticks.label(v), self.suffix)
    }

    /// The labels of the ticks.
    pub(crate) fn labels(&self) -> Vec<String> {
        self.ticks.values.iter().map(|v| self.label(*v)).collect()
    }
}

impl Ranged for NiceAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        plotters::coord::types::RangedCoordf64::from(self.lo..self.hi).map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Grid lines and labels at the ticks only: no lighter lines between them.
        if matches!(hint.weight(), KeyPointWeight::Any) || hint.max_num_points() == 0 {
            return Vec::new();
        }
        self.ticks.values.clone()
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for NiceAxis {
    fn format_ext(&self, value: &f64) -> String {
        self.label(*value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nice(step: f64) -> bool {
        let k = step.log10().floor();
        let m = step / 10f64.powf(k);
        [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .any(|n| (m - n).abs() < 1e-6 * n)
    }

    #[track_caller]
    fn check(lo: f64, hi: f64) -> Ticks {
        let t = ticks(lo, hi);
        assert!(nice(t.step), "{lo}..{hi}: step {}", t.step);
        let n = t.values.len();
        assert!((4..=9).contains(&n), "{lo}..{hi}: {n} ticks {:?}", t.values);
        let labels: Vec<String> = t.values.iter().map(|v| t.label(*v)).collect();
        for pair in labels.windows(2) {
            assert_ne!(pair[0], pair[1], "{lo}..{hi}: {labels:?}");
        }
        for pair in t.values.windows(2) {
            assert!(pair[0] < pair[1], "{lo}..{hi}: {:?}", t.values);
        }
        // Labels read back as the values, in increasing order.
        let read: Vec<f64> = labels
            .iter()
            .map(|l| l.replace(',', "").parse().unwrap())
            .collect();
        for pair in read.windows(2) {
            assert!(pair[0] < pair[1], "{lo}..{hi}: {labels:?}");
        }
        for (v, r) in t.values.iter().zip(&read) {
            assert!((v - r).abs() <= t.step * 1e-6, "{lo}..{hi}: {v} read {r}");
        }
        for v in &t.values {
            assert!(*v >= lo.min(hi) - t.step * 1e-6 && *v <= hi.max(lo) + t.step * 1e-6);
        }
        t
    }

    #[test]
    fn labels_are_distinct_increasing_and_steps_nice() {
        for (lo, hi) in [
            (0.0, 0.3),
            (49.2, 50.1),
            (0.0, 1.0),
            (0.0, 6.0),
            (0.0, 68.0),
            (0.0, 20.4),
            (280.0, 362.0),
            (0.0, 3.6),
            (-5.0, -1.0),
            (-3.3, 7.9),
            (1e-9, 4e-9),
            (0.0, 1e12),
            (123_456.0, 123_457.0),
            (22.4, 38.6),
            (43.1, 64.9),
            (0.0, 0.0123),
        ] {
            check(lo, hi);
        }
        // Many ranges of every magnitude.
        for e in -8..12 {
            for f in [1.0, 1.3, 1.7, 2.2, 3.1, 4.4, 5.9, 7.3, 9.6] {
                let span = f * 10f64.powi(e);
                check(0.0, span);
                check(-span, span * 0.4);
                check(span * 3.7, span * 4.7);
            }
        }
    }

    #[test]
    fn the_two_ranges_of_the_issue() {
        let t = check(0.0, 0.3);
        assert_eq!(t.step, 0.05);
        assert_eq!(t.label(0.1), "0.10");
        let t = check(49.2, 50.1);
        let labels: Vec<String> = t.values.iter().map(|v| t.label(*v)).collect();
        assert_eq!(labels, ["49.2", "49.4", "49.6", "49.8", "50.0"]);
    }

    #[test]
    fn two_and_a_half_gets_one_more_decimal() {
        let t = Ticks {
            step: 0.25,
            decimals: 2,
            values: vec![],
        };
        assert_eq!(t.label(0.75), "0.75");
        assert_eq!(t.label(-1e-12), "0.00");
        // Thousands grouped, as every number the charts write.
        assert_eq!(ticks(0.0, 27_180.0).label(25_000.0), "25,000");
        let t = check(0.0, 1.6);
        assert_eq!(t.decimals, if t.step == 0.25 { 2 } else { 1 });
    }

    #[test]
    fn counts_get_whole_steps() {
        for hi in [1.2, 3.4, 7.0, 23.0, 115.0] {
            let t = integer_ticks(0.0, hi);
            assert!(t.step >= 1.0 && t.decimals == 0, "{hi}: {t:?}");
        }
    }

    #[test]
    fn degenerate_ranges_still_give_ticks() {
        for (lo, hi) in [(5.0, 5.0), (0.0, 0.0), (f64::NAN, 1.0), (3.0, 1.0)] {
            let t = ticks(lo, hi);
            assert!(t.values.len() >= 2, "{lo}..{hi}: {t:?}");
        }
    }
}
