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
        self.sum += Self::fixed_point(value, sum_scale);
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
        self.sum += Self::fixed_point(value, sum_scale) * i128::from(n);
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

    /// Adds `n` values of bucket `index` of this histogram's layout `buckets` (as
    /// [`Buckets::index`] gives it).
    pub(crate) fn add_to_bucket(&mut self, buckets: &Buckets, index: usize, n: u32) {
        self.hist.saturating_record_n(buckets.lowest(index), n);
    }

    /// The buckets of this statistic's histogram ([`DayStat::new`]'s or
    /// [`DayStat::precise`]'s, lowest value 1: [`Buckets`] is that layout).
    pub(crate) fn buckets(&self) -> Buckets {
        assert_eq!(self.hist.low(), 1, "buckets of a histogram from 1");
        Buckets::of(
            self.hist.sigfig(),
            self.hist.distinct_values(),
            self.hist.high(),
        )
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

/// The buckets of a [`DayStat`]'s histogram (HdrHistogram with lowest value 1 and 2 or 3
/// significant digits): which one a value falls in, and a value of each, so that values
/// can be counted by bucket (runs of days at once, or many values of a day) and added to
/// each day's histogram as `saturating_record` would have added them one by one. The
/// index is HdrHistogram's own layout: with `2h` sub-buckets (`h` = 128 for 2 digits,
/// 1,024 for 3; the lower half of the first bucket used), bucket
/// `b = 63 - log2(h) - leading_zeros(v | (2h - 1))`, sub-bucket `v >> b`, index
/// `(b + 1) * h + sub - h`; a value beyond the histogram's last bucket counts at its
/// highest trackable value, as a saturating record clamps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Buckets {
    /// Number of buckets (the histogram's counts).
    pub(crate) len: usize,
    /// Highest trackable value.
    high: u64,
    /// log2 of half the sub-buckets.
    half_magnitude: u32,
}

impl Buckets {
    /// The layout of a histogram of `sigfig` significant digits, `len` counts and highest
    /// trackable value `high`.
    fn of(sigfig: u8, len: usize, high: u64) -> Self {
        // HdrHistogram: 2 * 10^sigfig values at unit resolution, rounded up to a power of
        // two sub-buckets.
        let single = 2 * 10u64.pow(u32::from(sigfig));
        let magnitude = 64 - (single - 1).leading_zeros();
        Buckets {
            len,
            high,
            half_magnitude: magnitude - 1,
        }
    }

    fn raw_index(&self, v: u64) -> usize {
        let half = 1u64 << self.half_magnitude;
        let b = (64 - self.half_magnitude - 1) - (v | ((half << 1) - 1)).leading_zeros();
        let sub = v >> b;
        ((u64::from(b + 1) << self.half_magnitude) + sub - half) as usize
    }

    /// The bucket of `value` units (a value >= 0 rounded as [`DayStat::record`] rounds it).
    pub(crate) fn index(&self, value: f64, unit_scale: f64) -> usize {
        let v = (value.max(0.0) * unit_scale + 0.5) as u64;
        let i = self.raw_index(v);
        if i < self.len {
            i
        } else {
            self.raw_index(self.high)
        }
    }

    /// The lowest value of bucket `index`.
    pub(crate) fn lowest(&self, index: usize) -> u64 {
        let half = 1u64 << self.half_magnitude;
        let mut bucket = (index >> self.half_magnitude) as i64 - 1;
        let mut sub = (index as u64 & (half - 1)) + half;
        if bucket < 0 {
            sub -= half;
            bucket = 0;
        }
        sub << bucket
    }
}

/// Histogram counts of one statistic per day, by bucket, not yet added to the days'
/// [`DayStat`]s: counting a value is an index and an increment, where a histogram's record
/// is several times that. A row of counts per bucket used.
#[derive(Debug, Clone)]
pub(crate) struct DayCounts {
    buckets: Buckets,
    days: usize,
    rows: Vec<Option<Box<[u32]>>>,
}

impl DayCounts {
    /// No counts, over `days` days of statistics laid out as `buckets`.
    pub(crate) fn new(buckets: Buckets, days: usize) -> Self {
        DayCounts {
            buckets,
            days,
            rows: vec![None; buckets.len],
        }
    }

    /// Counts `value` (its histogram count only) on day `day`, in units of `unit_scale`.
    pub(crate) fn count(&mut self, day: usize, value: f64, unit_scale: f64) {
        let b = self.buckets.index(value, unit_scale);
        let days = self.days;
        self.rows[b].get_or_insert_with(|| vec![0; days].into_boxed_slice())[day] += 1;
    }

    /// Adds `other`'s counts to these (of the same layout and days).
    pub(crate) fn merge(&mut self, other: &DayCounts) {
        let days = self.days;
        for (row, theirs) in self.rows.iter_mut().zip(&other.rows) {
            let Some(theirs) = theirs else { continue };
            let row = row.get_or_insert_with(|| vec![0; days].into_boxed_slice());
            for (n, m) in row.iter_mut().zip(theirs.iter()) {
                *n += m;
            }
        }
    }

    /// Adds the counts to the days' statistics (`stat` of each of `days`, in order of
    /// day) and clears them.
    pub(crate) fn drain_into<T>(&mut self, days: &mut [T], stat: impl Fn(&mut T) -> &mut DayStat) {
        for (b, row) in self.rows.iter_mut().enumerate() {
            let Some(row) = row else { continue };
            for (day, n) in days.iter_mut().zip(row.iter_mut()) {
                if *n > 0 {
                    stat(day).add_to_bucket(&self.buckets, b, std::mem::take(n));
                }
            }
        }
    }
}

/// A day's least and greatest values and fixed-point sum, noted apart from its histogram
/// (whose counts [`DayCounts`] keeps) and added to its [`DayStat`] at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Noted {
    min: f64,
    max: f64,
    sum: i128,
}

impl Noted {
    /// Nothing noted.
    pub(crate) const NONE: Noted = Noted {
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        sum: 0,
    };

    /// Notes `value` (>= 0 as [`DayStat::record`] takes it).
    pub(crate) fn note(&mut self, value: f64, sum_scale: f64) {
        let value = value.max(0.0);
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.sum += DayStat::fixed_point(value, sum_scale);
    }

    pub(crate) fn merge(&mut self, other: &Noted) {
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sum += other.sum;
    }

    /// Adds what was noted to `stat` (the same as recording the values less their counts).
    pub(crate) fn add_to(&self, stat: &mut DayStat) {
        stat.add_noted(self.min, self.max, self.sum);
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
        let highs = [
            2u64,
            255,
            256,
            1_000,
            123_456,
            3_300_000,
            270_000_000,
            1_000_000_000,
        ];
        let layouts = [DayStat::new, DayStat::precise];
        for (high, layout) in highs.into_iter().flat_map(|h| layouts.map(|l| (h, l))) {
            let mut by_record = layout(high);
            let mut by_bucket = layout(high);
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
                1_023,
                1_024,
                2_047,
                2_048,
                2_049,
                4_095,
                4_096,
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
                by_bucket.add_to_bucket(&buckets, buckets.index(v, 1.0), 1);
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

    /// Values counted by day in [`DayCounts`] and noted ([`Noted`]), in two parts merged,
    /// give each day's statistic as recording them does.
    #[test]
    fn day_counts_count_as_records_do() {
        let (days, high, scale) = (5, 1_000_000_000, 3e6);
        let mut by_record: Vec<DayStat> = (0..days).map(|_| DayStat::precise(high)).collect();
        let mut by_count = by_record.clone();
        // Two sets of counts and notes, merged.
        let mut counts = [0, 1].map(|_| DayCounts::new(by_count[0].buckets(), days));
        let mut notes = [0, 1].map(|_| vec![Noted::NONE; days]);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for i in 0..2_000 {
            let d = i % days;
            let v = rng.random::<f64>() * 400.0 - 10.0;
            by_record[d].record(v, scale, 1.0);
            notes[i % 2][d].note(v, 1.0);
            counts[i % 2].count(d, v, scale);
        }
        let [mut counts, other_counts] = counts;
        counts.merge(&other_counts);
        let [mut notes, other_notes] = notes;
        for ((stat, noted), other) in by_count.iter_mut().zip(&mut notes).zip(&other_notes) {
            noted.merge(other);
            noted.add_to(stat);
        }
        counts.drain_into(&mut by_count, |s| s);
        for (a, b) in by_record.iter().zip(&by_count) {
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                assert_eq!(a.quantile(q, scale), b.quantile(q, scale));
            }
            assert_eq!((a.range(), a.sum, a.count()), (b.range(), b.sum, b.count()));
        }
    }
}
