//! Streaming statistics: quantiles and means of many values in fixed memory, merged
//! exactly in any order (so results do not depend on how work is spread over threads).

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use hdrhistogram::serialization::{Deserializer, Serializer, V2Serializer};
use hdrhistogram::Histogram;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Runs `work(state, i)` for every `i` in `0..total` on rayon's thread pool: one state per
/// worker (made by `new`), `chunk` items claimed at a time, `done(n)` called with the items
/// finished so far, and the workers' states merged into the first with `merge`. When
/// `merge` does not depend on the order (exact integer sums and histogram counts), the
/// result is the same on any thread count.
pub(crate) fn par_accumulate<S: Send>(
    total: u64,
    chunk: u64,
    new: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, u64) + Sync,
    merge: impl Fn(&mut S, S),
    done: &(dyn Fn(u64) + Sync),
) -> S {
    par_accumulate_range(0..total, chunk, new, work, merge, done)
}

/// [`par_accumulate`] over the items of `range` only (a shard of a larger run).
pub(crate) fn par_accumulate_range<S: Send>(
    range: Range<u64>,
    chunk: u64,
    new: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, u64) + Sync,
    merge: impl Fn(&mut S, S),
    done: &(dyn Fn(u64) + Sync),
) -> S {
    let start = range.start;
    let total = range.end.saturating_sub(start);
    let chunks = total.div_ceil(chunk).max(1);
    let next = AtomicU64::new(0);
    let finished = AtomicU64::new(0);
    let workers = (rayon::current_num_threads() as u64).clamp(1, chunks);
    let states: Vec<S> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut state = new();
            loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= chunks {
                    break;
                }
                let end = ((c + 1) * chunk).min(total);
                for i in c * chunk..end {
                    work(&mut state, start + i);
                }
                let n = end.saturating_sub(c * chunk);
                done(finished.fetch_add(n, Ordering::Relaxed) + n);
            }
            state
        })
        .collect();
    let mut states = states.into_iter();
    let mut first = states.next().expect("at least one worker");
    for other in states {
        merge(&mut first, other);
    }
    first
}

/// A streaming summary of many values: histogram for quantiles, exact min and max,
/// fixed-point sum for the mean.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "DayStatState", try_from = "DayStatState")]
pub(crate) struct DayStat {
    hist: Histogram<u32>,
    min: f64,
    max: f64,
    pub(crate) sum: i128,
}

impl DayStat {
    /// Quantiles within 1 % of the value (2 significant digits), values up to `high` units.
    pub(crate) fn new(high: u64) -> Self {
        Self::with_digits(high, 2)
    }

    /// Quantiles within 0.1 % of the value (3 significant digits), values up to `high` units.
    pub(crate) fn precise(high: u64) -> Self {
        Self::with_digits(high, 3)
    }

    fn with_digits(high: u64, digits: u8) -> Self {
        DayStat {
            hist: Histogram::new_with_max(high.max(2), digits).expect("valid histogram bounds"),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            sum: 0,
        }
    }

    /// Records a value >= 0. Rounding is `(x + 0.5) as int`, which for values >= 0 is
    /// round-half-up and, unlike `f64::round` and conversions to i128, compiles to a few
    /// instructions: this runs once per path, scenario and day.
    pub(crate) fn record(&mut self, value: f64, unit_scale: f64, sum_scale: f64) {
        let value = value.max(0.0);
        self.hist
            .saturating_record((value * unit_scale + 0.5) as u64);
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.sum += i128::from((value * sum_scale + 0.5) as i64);
    }

    /// Records `n` paths that all had `value` on this day.
    pub(crate) fn record_n(&mut self, value: f64, n: u64, unit_scale: f64, sum_scale: f64) {
        if n == 0 {
            return;
        }
        let value = value.max(0.0);
        let count = u32::try_from(n).unwrap_or(u32::MAX);
        self.hist
            .saturating_record_n((value * unit_scale + 0.5) as u64, count);
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.sum += i128::from((value * sum_scale + 0.5) as i64) * i128::from(n);
    }

    /// A value >= 0 in the fixed point of the sums, rounded as [`DayStat::record`] rounds it.
    pub(crate) fn fixed_point(value: f64, sum_scale: f64) -> i128 {
        i128::from((value * sum_scale + 0.5) as i64)
    }

    /// Adds values >= 0 whose least and greatest are `min` and `max` and whose sum in fixed
    /// point ([`DayStat::fixed_point`]) is `sum`, without their histogram counts (which
    /// [`Buckets`] adds for runs of days at once): the same as recording them one by one
    /// less the histogram.
    pub(crate) fn add_noted(&mut self, min: f64, max: f64, sum: i128) {
        self.min = self.min.min(min);
        self.max = self.max.max(max);
        self.sum += sum;
    }

    /// Adds `n` values of the histogram's bucket `index` (as [`Buckets::index`] gives it).
    pub(crate) fn add_to_bucket(&mut self, index: usize, n: u32) {
        self.hist.saturating_record_n(Buckets::lowest(index), n);
    }

    /// The buckets of this statistic's histogram (one of 2 significant digits, as
    /// [`DayStat::new`] makes it: [`Buckets`] is that layout).
    pub(crate) fn buckets(&self) -> Buckets {
        assert_eq!(
            self.hist.sigfig(),
            2,
            "bucket runs need 2 significant digits"
        );
        Buckets {
            len: self.hist.distinct_values(),
            high: self.hist.high(),
        }
    }

    /// The least and greatest values recorded.
    #[cfg(test)]
    pub(crate) fn range(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// The number of values recorded.
    #[cfg(test)]
    pub(crate) fn count(&self) -> u64 {
        self.hist.len()
    }

    pub(crate) fn merge(&mut self, other: &DayStat) {
        self.hist
            .add(&other.hist)
            .expect("histograms of equal bounds");
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sum += other.sum;
    }

    pub(crate) fn quantile(&self, q: f64, unit_scale: f64) -> f64 {
        let v = self.hist.median_equivalent(self.hist.value_at_quantile(q)) as f64 / unit_scale;
        v.clamp(self.min, self.max)
    }
}

/// The buckets of a [`DayStat`]'s histogram (HdrHistogram with 2 significant digits and
/// lowest value 1): which one a value falls in, and a value of each, so that runs of days
/// with values in one bucket can be counted at once and added to each day's histogram as
/// `saturating_record` would have added them one by one. The index is HdrHistogram's own
/// layout for these settings (256 sub-buckets, the lower half of the first bucket used):
/// bucket `b = 56 - leading_zeros(v | 255)`, sub-bucket `v >> b`, index
/// `(b + 1) * 128 + sub - 128`; a value beyond the histogram's last bucket counts at its
/// highest trackable value, as a saturating record clamps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Buckets {
    /// Number of buckets (the histogram's counts).
    pub(crate) len: usize,
    /// Highest trackable value.
    high: u64,
}

impl Buckets {
    const HALF_MAGNITUDE: u32 = 7;
    const HALF: u64 = 1 << Self::HALF_MAGNITUDE;
    const MASK: u64 = (Self::HALF << 1) - 1;
    const ZERO_BASE: u32 = 64 - Self::HALF_MAGNITUDE - 1;

    fn raw_index(v: u64) -> usize {
        let b = Self::ZERO_BASE - (v | Self::MASK).leading_zeros();
        let sub = v >> b;
        ((u64::from(b + 1) << Self::HALF_MAGNITUDE) + sub - Self::HALF) as usize
    }

    /// The bucket of `value` units (a value >= 0 rounded as [`DayStat::record`] rounds it).
    pub(crate) fn index(&self, value: f64, unit_scale: f64) -> usize {
        let v = (value.max(0.0) * unit_scale + 0.5) as u64;
        let i = Self::raw_index(v);
        if i < self.len {
            i
        } else {
            Self::raw_index(self.high)
        }
    }

    /// The lowest value of bucket `index`.
    pub(crate) fn lowest(index: usize) -> u64 {
        let mut bucket = (index >> Self::HALF_MAGNITUDE) as i64 - 1;
        let mut sub = (index as u64 & (Self::HALF - 1)) + Self::HALF;
        if bucket < 0 {
            sub -= Self::HALF;
            bucket = 0;
        }
        sub << bucket
    }
}

/// A [`DayStat`] as a shard state stores it: the histogram in HdrHistogram's V2 encoding
/// (exact counts), the sum as two 64-bit halves.
#[derive(Serialize, Deserialize)]
struct DayStatState {
    hist: Vec<u8>,
    min: f64,
    max: f64,
    sum_high: i64,
    sum_low: u64,
}

impl From<DayStat> for DayStatState {
    fn from(s: DayStat) -> Self {
        let mut hist = Vec::new();
        V2Serializer::new()
            .serialize(&s.hist, &mut hist)
            .expect("a histogram encodes into memory");
        DayStatState {
            hist,
            min: s.min,
            max: s.max,
            sum_high: (s.sum >> 64) as i64,
            sum_low: s.sum as u64,
        }
    }
}

impl TryFrom<DayStatState> for DayStat {
    type Error = String;

    fn try_from(s: DayStatState) -> Result<Self, String> {
        let hist = Deserializer::new()
            .deserialize(&mut s.hist.as_slice())
            .map_err(|e| format!("a histogram does not decode: {e:?}"))?;
        Ok(DayStat {
            hist,
            min: s.min,
            max: s.max,
            sum: (i128::from(s.sum_high) << 64) | i128::from(s.sum_low),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// Counting a value in the bucket [`Buckets::index`] gives leaves every histogram as
    /// recording it does: at the edges of buckets, at zero, and beyond the highest value.
    #[test]
    fn buckets_count_as_records_do() {
        for high in [2u64, 255, 256, 1_000, 123_456, 3_300_000, 270_000_000] {
            let mut by_record = DayStat::new(high);
            let mut by_bucket = DayStat::new(high);
            let buckets = by_bucket.buckets();
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(high);
            let mut values: Vec<f64> = (0..3_000)
                .map(|_| rng.random::<f64>() * high as f64 * 1.5)
                .collect();
            for v in [
                0u64,
                1,
                127,
                128,
                255,
                256,
                257,
                511,
                512,
                high - 1,
                high,
                high + 1,
            ] {
                values.push(v as f64);
            }
            values.push(2.0 * high as f64 + 7.0);
            for v in values {
                by_record.record(v, 1.0, 1.0);
                let v0 = v.max(0.0);
                by_bucket.add_noted(v0, v0, DayStat::fixed_point(v0, 1.0));
                by_bucket.add_to_bucket(buckets.index(v, 1.0), 1);
            }
            let recorded = |s: &DayStat| -> Vec<(u64, u32)> {
                s.hist
                    .iter_recorded()
                    .map(|x| (x.value_iterated_to(), x.count_at_value()))
                    .collect()
            };
            assert_eq!(recorded(&by_record), recorded(&by_bucket), "high {high}");
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                assert_eq!(by_record.quantile(q, 1.0), by_bucket.quantile(q, 1.0));
            }
            assert_eq!(
                (by_record.min, by_record.max),
                (by_bucket.min, by_bucket.max)
            );
            assert_eq!(by_record.sum, by_bucket.sum);
        }
    }
}
