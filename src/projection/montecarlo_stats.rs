//! The Monte Carlo's streaming statistics and the bands they give.
//!
//! Per scenario and day a log-linear histogram (HdrHistogram, 2 significant digits:
//! quantiles within 1 % of the value, clamped to the exact minimum and maximum) and an
//! integer (fixed-point) sum for the mean; per scenario the paths' totals in a
//! relative-error sketch. All merge exactly in any order, and memory does not grow with
//! the number of paths. The simulation of the paths is in `montecarlo`.

use serde::{Deserialize, Serialize};
use sketches_ddsketch::{Config, DDSketch};

use crate::observed::draws::DrawStats;
use crate::observed::stats::{Buckets, DayStat};
use crate::projection::scenario::Scenario;

/// One group's statistics over a Monte Carlo run's (or a shard's) paths: the scenarios' paths, and the record draws
/// behind the history band.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct GroupStats {
    pub(crate) group: String,
    pub(crate) paths: Accumulator,
    pub(crate) history: DrawStats,
}

/// The levels at which the paths are read for the P10 and the P90 without calibration.
pub(crate) const NOMINAL_LEVELS: [f64; 2] = [0.1, 0.9];

/// Offline capacity is binned in units of 1e-4 Mt/yr (0.1 kt/yr).
const OFFLINE_UNITS_PER_MTPA: f64 = 1e4;
/// Revenue is binned in units of 1,000 USD.
const REVENUE_UNITS_PER_USD: f64 = 1e-3;
/// Fixed-point scale of the offline sums (1e-9 Mt/yr).
const OFFLINE_SUM_SCALE: f64 = 1e9;
/// Fixed-point scale of the revenue sums (1e-3 USD).
const REVENUE_SUM_SCALE: f64 = 1e3;
/// Fixed-point scale of per-path totals (1e-9 Mt or USD).
const TOTAL_SUM_SCALE: f64 = 1e9;

/// Mean and the 10th, 50th and 90th percentiles of one figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantiles {
    /// Mean over paths.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// Per-day bands of one figure.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bands {
    /// Mean per day.
    pub mean: Vec<f64>,
    /// 10th percentile per day.
    pub p10: Vec<f64>,
    /// Median per day.
    pub p50: Vec<f64>,
    /// 90th percentile per day.
    pub p90: Vec<f64>,
}

/// One scenario's Monte Carlo results.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioBands {
    /// Scenario name.
    pub scenario: String,
    /// National offline capacity per day, in the group's unit.
    pub offline: Bands,
    /// Revenue per day, USD.
    pub revenue: Bands,
    /// Lost capacity over the projected days, in the unit's amount.
    pub lost_capacity: Quantiles,
    /// Revenue loss over the projected days, USD.
    pub revenue_loss_usd: Quantiles,
    /// Gain over the reference on the same path, in the unit's amount (`None` for the
    /// reference).
    pub gain_capacity: Option<Quantiles>,
    /// Revenue gain over the reference on the same path, USD (`None` for the reference).
    pub gain_revenue_usd: Option<Quantiles>,
}

impl ScenarioBands {
    /// Every money band as `NaN` (a group with no prices has no revenue).
    pub(crate) fn leave_out_money(&mut self) {
        let none = Quantiles {
            mean: f64::NAN,
            p10: f64::NAN,
            p50: f64::NAN,
            p90: f64::NAN,
        };
        for v in [
            &mut self.revenue.mean,
            &mut self.revenue.p10,
            &mut self.revenue.p50,
            &mut self.revenue.p90,
        ] {
            v.fill(f64::NAN);
        }
        self.revenue_loss_usd = none;
        if let Some(g) = &mut self.gain_revenue_usd {
            *g = none;
        }
    }
}

/// Per-path totals: a relative-error sketch (values may be negative) and a fixed-point sum.
#[derive(Clone, Serialize, Deserialize)]
struct TotalStat {
    sketch: DDSketch,
    sum: i128,
}

impl TotalStat {
    fn new() -> Self {
        TotalStat {
            sketch: DDSketch::new(Config::defaults()),
            sum: 0,
        }
    }

    fn record(&mut self, v: f64) {
        self.sketch.add(v);
        self.sum += (v * TOTAL_SUM_SCALE).round() as i128;
    }

    fn merge(&mut self, other: &TotalStat) {
        self.sketch
            .merge(&other.sketch)
            .expect("sketches of equal configuration");
        self.sum += other.sum;
    }

    fn quantiles(&self, paths: u64, [low, high]: [f64; 2]) -> Quantiles {
        let q = |p| self.sketch.quantile(p).ok().flatten().unwrap_or(0.0);
        Quantiles {
            mean: self.sum as f64 / TOTAL_SUM_SCALE / paths as f64,
            p10: q(low),
            p50: q(0.5),
            p90: q(high),
        }
    }
}

/// One path's national figures in one scenario over the days `first..first + marked.len()`,
/// of which those `marked` are recorded (the days a new strike touched).
#[derive(Clone, Copy)]
pub(crate) struct TouchedDays<'a> {
    pub(crate) first: usize,
    pub(crate) marked: &'a [bool],
    /// National offline capacity, Mt/yr.
    pub(crate) offline: &'a [f64],
    /// Revenue, USD.
    pub(crate) revenue: &'a [f64],
}

/// The statistics of a set of paths, before the untouched paths are added: what a shard
/// state stores. Merging two gives exactly the statistics of both sets of paths.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Accumulator {
    offline: Vec<DayStat>,
    revenue: Vec<DayStat>,
    /// Per scenario and day, the paths recorded in `offline` and `revenue`: the days a new
    /// strike touched. Every other path had the observed-outage value that day, and is
    /// added in bulk when the run ends ([`Accumulator::finish`]).
    recorded: Vec<u64>,
    /// Paths simulated into this accumulator.
    paths: u64,
    /// Per scenario, the per-path totals.
    totals: Vec<Totals>,
    /// Histogram counts of recorded days not yet added to `offline` and `revenue`, counted
    /// by runs of days. Empty in a stored state.
    #[serde(skip)]
    runs: Option<Runs>,
}

/// The recorded days not yet added to `offline`, `revenue` and `recorded`, counted by runs:
/// a path whose value stays the same over consecutive days adds its fixed-point value at the
/// run's first day and takes it off after its last, in a row of differences per scenario
/// (and likewise for the count of paths recorded each day); a path whose value stays in one
/// histogram bucket adds 1 at the run's first day and -1 after its last, in a row of
/// differences per scenario and bucket. The running sums along the days are what each day
/// gets, exactly, as integers add up in any order; only the minimum and maximum are kept
/// day by day, over each run's days at once. A path costs a few entries per run rather than
/// a record per day, and the statistics are the same.
#[derive(Clone)]
struct Runs {
    days: usize,
    /// Whether runs were counted since the last flush.
    pending: bool,
    offline: Lane,
    revenue: Lane,
    /// Per scenario, `days + 1` differences of the number of paths recorded each day.
    recorded: Vec<i64>,
}

impl Runs {
    /// Adds the counted runs to the day statistics and the recorded counts, and clears
    /// them.
    fn drain_into(
        &mut self,
        offline: &mut [DayStat],
        revenue: &mut [DayStat],
        recorded: &mut [u64],
    ) {
        let days = self.days;
        self.offline.drain_into(offline);
        self.revenue.drain_into(revenue);
        for (row, out) in self
            .recorded
            .chunks_exact_mut(days + 1)
            .zip(recorded.chunks_exact_mut(days))
        {
            let mut count = 0i64;
            for (cell, r) in row.iter_mut().zip(out.iter_mut()) {
                count += std::mem::take(cell);
                *r += count as u64;
            }
            row[days] = 0;
        }
        self.pending = false;
    }
}

/// One figure's runs: its values' notes and its histogram counts.
#[derive(Clone)]
struct Lane {
    counts: RunCounts,
    notes: Notes,
    /// Histogram units per unit of the figure.
    unit_scale: f64,
}

impl Lane {
    /// Counts one path's `run` of one value in scenario `sc`, extending its bucket's run
    /// `bucket_run` (or counting that and starting the next).
    fn add(&mut self, sc: usize, run: ValueRun, bucket_run: &mut Option<Run>) {
        self.notes.add_run(sc, run);
        let b = self.counts.buckets.index(run.value, self.unit_scale);
        match bucket_run {
            Some(r) if r.bucket == b && r.to + 1 == run.from => r.to = run.to,
            _ => {
                if let Some(r) = bucket_run.take() {
                    self.counts.add_run(sc, r.bucket, (r.from, r.to));
                }
                *bucket_run = Some(Run {
                    bucket: b,
                    from: run.from,
                    to: run.to,
                });
            }
        }
    }

    fn drain_into(&mut self, stats: &mut [DayStat]) {
        self.counts.drain_into(stats);
        self.notes.drain_into(stats);
    }
}

/// Per scenario and day, the least and greatest values of the runs counted since the last
/// flush, and per scenario `days + 1` differences of their fixed-point sums.
#[derive(Clone)]
struct Notes {
    days: usize,
    sum_scale: f64,
    min: Vec<f64>,
    max: Vec<f64>,
    sum: Vec<i128>,
}

impl Notes {
    fn new(scenarios: usize, days: usize, sum_scale: f64) -> Self {
        Notes {
            days,
            sum_scale,
            min: vec![f64::INFINITY; scenarios * days],
            max: vec![f64::NEG_INFINITY; scenarios * days],
            sum: vec![0; scenarios * (days + 1)],
        }
    }

    fn add_run(&mut self, sc: usize, run: ValueRun) {
        let (days, v) = (self.days, run.value);
        let span = sc * days + run.from..sc * days + run.to + 1;
        // Values are never NaN: comparisons give `f64::min` and `max`; as selects (a store
        // on every day) they vectorise.
        for (min, max) in self.min[span.clone()].iter_mut().zip(&mut self.max[span]) {
            *min = if v < *min { v } else { *min };
            *max = if v > *max { v } else { *max };
        }
        let fixed = DayStat::fixed_point(v, self.sum_scale);
        let row = sc * (days + 1);
        self.sum[row + run.from] += fixed;
        self.sum[row + run.to + 1] -= fixed;
    }

    /// Adds the notes to the day statistics `stats` (scenario by scenario, `days` each) and
    /// clears them.
    fn drain_into(&mut self, stats: &mut [DayStat]) {
        let days = self.days;
        for (sc, row) in self.sum.chunks_exact_mut(days + 1).enumerate() {
            let mut sum = 0i128;
            for (d, cell) in row[..days].iter_mut().enumerate() {
                sum += std::mem::take(cell);
                let k = sc * days + d;
                let (min, max) = (
                    std::mem::replace(&mut self.min[k], f64::INFINITY),
                    std::mem::replace(&mut self.max[k], f64::NEG_INFINITY),
                );
                if min <= max {
                    stats[k].add_noted(min, max, sum);
                }
            }
            row[days] = 0;
        }
    }
}

/// One figure's current run of one value in a path's days, and of one bucket.
struct OpenRun {
    value: ValueRun,
    bucket: Option<Run>,
}

impl OpenRun {
    /// No run yet: one no day follows.
    fn new() -> Self {
        OpenRun {
            value: ValueRun {
                value: 0.0,
                from: usize::MAX,
                to: usize::MAX - 1,
            },
            bucket: None,
        }
    }

    /// Extends the run to day `d` when `d` follows it with the same value `v`.
    #[inline(always)]
    fn goes_on(&mut self, d: usize, v: f64) -> bool {
        let run = &mut self.value;
        let same = run.to + 1 == d && run.value.to_bits() == v.to_bits();
        if same {
            run.to = d;
        }
        same
    }

    /// Counts the run in `lane` (and its days in `recorded`, the differences of the paths
    /// recorded per day) and starts the next, of `v` on day `d`. Out of line: the days
    /// that go on are the many.
    #[inline(never)]
    fn next(&mut self, lane: &mut Lane, sc: usize, d: usize, v: f64, recorded: Option<&mut [i64]>) {
        self.count(lane, sc, recorded);
        self.value = ValueRun {
            value: v,
            from: d,
            to: d,
        };
    }

    fn count(&mut self, lane: &mut Lane, sc: usize, recorded: Option<&mut [i64]>) {
        let run = self.value;
        if run.from != usize::MAX {
            lane.add(sc, run, &mut self.bucket);
            if let Some(recorded) = recorded {
                recorded[run.from] += 1;
                recorded[run.to + 1] -= 1;
            }
        }
    }

    /// Counts the last runs.
    fn end(mut self, lane: &mut Lane, sc: usize, recorded: Option<&mut [i64]>) {
        self.count(lane, sc, recorded);
        if let Some(r) = self.bucket {
            lane.counts.add_run(sc, r.bucket, (r.from, r.to));
        }
    }
}

/// A path's run of one value over consecutive days `from..=to`.
#[derive(Clone, Copy)]
struct ValueRun {
    value: f64,
    from: usize,
    to: usize,
}

#[derive(Clone)]
struct RunCounts {
    buckets: Buckets,
    days: usize,
    /// Per scenario and bucket, `days + 1` differences, made when the bucket is first used
    /// (a scenario's values fill few of its buckets).
    rows: Vec<Option<Box<[i32]>>>,
}

impl RunCounts {
    fn new(buckets: Buckets, scenarios: usize, days: usize) -> Self {
        RunCounts {
            buckets,
            days,
            rows: vec![None; scenarios * buckets.len],
        }
    }

    /// Counts one path in bucket `b` of scenario `sc` on days `from..=to`.
    fn add_run(&mut self, sc: usize, b: usize, (from, to): (usize, usize)) {
        let days = self.days;
        let row = self.rows[sc * self.buckets.len + b]
            .get_or_insert_with(|| vec![0; days + 1].into_boxed_slice());
        row[from] += 1;
        row[to + 1] -= 1;
    }

    /// Adds the counts to the day statistics `stats` (scenario by scenario, `days` each)
    /// and clears them (the rows are kept for the next paths).
    fn drain_into(&mut self, stats: &mut [DayStat]) {
        let (len, days) = (self.buckets.len, self.days);
        for (index, row) in self.rows.iter_mut().enumerate() {
            let Some(row) = row else { continue };
            let (sc, b) = (index / len, index % len);
            let mut count = 0i64;
            for (d, cell) in row[..days].iter_mut().enumerate() {
                count += i64::from(std::mem::take(cell));
                if count > 0 {
                    stats[sc * days + d].add_to_bucket(&self.buckets, b, count as u32);
                }
            }
            row[days] = 0;
        }
    }
}

/// One value's current run: its bucket and first and last days.
#[derive(Clone, Copy)]
struct Run {
    bucket: usize,
    from: usize,
    to: usize,
}

/// One scenario's per-path totals over the projected days.
#[derive(Clone, Serialize, Deserialize)]
struct Totals {
    /// Lost capacity, Mt.
    lost_capacity: TotalStat,
    /// Revenue loss, USD.
    revenue_loss: TotalStat,
    /// Gain over the reference on the same path, Mt.
    gain_capacity: TotalStat,
    /// Revenue gain over the reference on the same path, USD.
    gain_revenue: TotalStat,
}

impl Totals {
    fn new() -> Self {
        Totals {
            lost_capacity: TotalStat::new(),
            revenue_loss: TotalStat::new(),
            gain_capacity: TotalStat::new(),
            gain_revenue: TotalStat::new(),
        }
    }

    fn merge(&mut self, other: &Totals) {
        self.lost_capacity.merge(&other.lost_capacity);
        self.revenue_loss.merge(&other.revenue_loss);
        self.gain_capacity.merge(&other.gain_capacity);
        self.gain_revenue.merge(&other.gain_revenue);
    }
}

impl Accumulator {
    /// Empty statistics of `scenarios` scenarios over `days` days, whose per-day values
    /// reach at most `offline_high` (national offline capacity, Mt/yr) and
    /// `revenue_high` (revenue, USD per day).
    pub(crate) fn new(scenarios: usize, days: usize, offline_high: f64, revenue_high: f64) -> Self {
        let offline_high = (offline_high * OFFLINE_UNITS_PER_MTPA).ceil() as u64 + 1;
        let revenue_high = (revenue_high * REVENUE_UNITS_PER_USD).ceil() as u64 + 1;
        Accumulator {
            offline: (0..scenarios * days)
                .map(|_| DayStat::new(offline_high))
                .collect(),
            revenue: (0..scenarios * days)
                .map(|_| DayStat::new(revenue_high))
                .collect(),
            recorded: vec![0; scenarios * days],
            paths: 0,
            totals: (0..scenarios).map(|_| Totals::new()).collect(),
            runs: None,
        }
    }

    /// Paths simulated into these statistics.
    pub(crate) fn paths(&self) -> u64 {
        self.paths
    }

    /// Counts one more simulated path.
    pub(crate) fn add_path(&mut self) {
        self.paths += 1;
    }

    /// Records one path's days a new strike touched in scenario `sc`: the days of `touched`
    /// that are marked, each with its national offline capacity, Mt/yr, and revenue, USD.
    pub(crate) fn record_days(&mut self, sc: usize, touched: TouchedDays<'_>) {
        let days = self.offline.len() / self.totals.len().max(1);
        let runs = self.runs.get_or_insert_with(|| {
            let scenarios = self.totals.len();
            let lane = |stat: &DayStat, unit_scale, sum_scale| Lane {
                counts: RunCounts::new(stat.buckets(), scenarios, days),
                notes: Notes::new(scenarios, days, sum_scale),
                unit_scale,
            };
            Runs {
                days,
                pending: false,
                offline: lane(&self.offline[0], OFFLINE_UNITS_PER_MTPA, OFFLINE_SUM_SCALE),
                revenue: lane(&self.revenue[0], REVENUE_UNITS_PER_USD, REVENUE_SUM_SCALE),
                recorded: vec![0; scenarios * (days + 1)],
            }
        });
        runs.pending = true;
        let TouchedDays {
            first,
            marked,
            offline,
            revenue,
        } = touched;
        // Each figure's current run of one value (none yet: a run no day follows) and of
        // one bucket. A run goes on while the days are consecutive and marked and the value
        // stays the same; one pass over the days serves both figures.
        let (mut o_run, mut r_run) = (OpenRun::new(), OpenRun::new());
        let recorded = &mut runs.recorded[sc * (days + 1)..(sc + 1) * (days + 1)];
        let days_of = (first..).zip(marked.iter().zip(offline).zip(revenue));
        for (d, ((&m, &o), &r)) in days_of {
            if !m {
                continue;
            }
            // Values below 0 count as 0, as `DayStat::record` counts them.
            let (o, r) = (o.max(0.0), r.max(0.0));
            if !o_run.goes_on(d, o) {
                // The paths recorded each day: the offline runs cover the marked days.
                o_run.next(&mut runs.offline, sc, d, o, Some(recorded));
            }
            if !r_run.goes_on(d, r) {
                r_run.next(&mut runs.revenue, sc, d, r, None);
            }
        }
        o_run.end(&mut runs.offline, sc, Some(recorded));
        r_run.end(&mut runs.revenue, sc, None);
    }

    /// Adds the counted runs to the histograms.
    pub(crate) fn flush(&mut self) {
        if let Some(runs) = self.runs.as_mut().filter(|r| r.pending) {
            runs.drain_into(&mut self.offline, &mut self.revenue, &mut self.recorded);
        }
    }

    /// Records one path's totals in scenario `sc`: lost capacity, in the unit's amount, and
    /// revenue loss, USD.
    pub(crate) fn record_total(&mut self, sc: usize, lost: f64, loss_usd: f64) {
        self.totals[sc].lost_capacity.record(lost);
        self.totals[sc].revenue_loss.record(loss_usd);
    }

    /// Records one path's gains of scenario `sc` over the reference: capacity, in the
    /// unit's amount, and revenue, USD.
    pub(crate) fn record_gain(&mut self, sc: usize, gain: f64, gain_usd: f64) {
        self.totals[sc].gain_capacity.record(gain);
        self.totals[sc].gain_revenue.record(gain_usd);
    }

    pub(crate) fn merge(&mut self, other: &Accumulator) {
        self.flush();
        // Counts `other` still holds by runs (a worker's are flushed before it is merged,
        // and a stored state holds none).
        let mut other_runs = other.runs.as_ref().filter(|r| r.pending).cloned();
        for (a, b) in self.offline.iter_mut().zip(&other.offline) {
            a.merge(b);
        }
        for (a, b) in self.revenue.iter_mut().zip(&other.revenue) {
            a.merge(b);
        }
        if let Some(runs) = &mut other_runs {
            runs.drain_into(&mut self.offline, &mut self.revenue, &mut self.recorded);
        }
        for (a, b) in self.totals.iter_mut().zip(&other.totals) {
            a.merge(b);
        }
        for (a, b) in self.recorded.iter_mut().zip(&other.recorded) {
            *a += b;
        }
        self.paths += other.paths;
    }

    /// Each scenario's bands and total quantiles over `paths` paths; gains for every
    /// scenario but the reference. The P10 and P90 are read at `levels` of the paths
    /// ([`NOMINAL_LEVELS`], or a calibration's).
    pub(crate) fn bands(
        &self,
        scenarios: &[Scenario],
        reference: Option<usize>,
        paths: u64,
        levels: [f64; 2],
    ) -> Vec<ScenarioBands> {
        let days = self.offline.len() / scenarios.len().max(1);
        let n = paths as f64;
        let [low, high] = levels;
        let bands = |stats: &[DayStat], unit: f64, sum_scale: f64| Bands {
            mean: stats.iter().map(|s| s.sum as f64 / sum_scale / n).collect(),
            p10: stats.iter().map(|s| s.quantile(low, unit)).collect(),
            p50: stats.iter().map(|s| s.quantile(0.5, unit)).collect(),
            p90: stats.iter().map(|s| s.quantile(high, unit)).collect(),
        };
        scenarios
            .iter()
            .enumerate()
            .map(|(sc, s)| {
                let range = sc * days..(sc + 1) * days;
                let totals = &self.totals[sc];
                let is_ref = reference == Some(sc) || reference.is_none();
                ScenarioBands {
                    scenario: s.name.clone(),
                    offline: bands(
                        &self.offline[range.clone()],
                        OFFLINE_UNITS_PER_MTPA,
                        OFFLINE_SUM_SCALE,
                    ),
                    revenue: bands(
                        &self.revenue[range],
                        REVENUE_UNITS_PER_USD,
                        REVENUE_SUM_SCALE,
                    ),
                    lost_capacity: totals.lost_capacity.quantiles(paths, levels),
                    revenue_loss_usd: totals.revenue_loss.quantiles(paths, levels),
                    gain_capacity: (!is_ref).then(|| totals.gain_capacity.quantiles(paths, levels)),
                    gain_revenue_usd: (!is_ref)
                        .then(|| totals.gain_revenue.quantiles(paths, levels)),
                }
            })
            .collect()
    }

    /// Adds, for every scenario and day, the paths no new strike touched that day: they
    /// all had the observed-outage values, `offline` (Mt/yr) and `revenue` (USD) per day.
    pub(crate) fn finish(&mut self, offline: &[f64], revenue: &[f64]) {
        self.flush();
        let days = offline.len();
        for (k, recorded) in self.recorded.iter().enumerate() {
            let d = k % days;
            let untouched = self.paths - recorded;
            self.offline[k].record_n(
                offline[d],
                untouched,
                OFFLINE_UNITS_PER_MTPA,
                OFFLINE_SUM_SCALE,
            );
            self.revenue[k].record_n(
                revenue[d],
                untouched,
                REVENUE_UNITS_PER_USD,
                REVENUE_SUM_SCALE,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// Days recorded by runs, across two accumulators merged, give the histograms, sums,
    /// minima and maxima of recording each day on its own.
    #[test]
    fn runs_of_days_count_as_days_recorded_one_by_one() {
        let (scenarios, days) = (2, 40);
        let (offline_high, revenue_high) = (300.0, 5e7);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let mut accs = [
            Accumulator::new(scenarios, days, offline_high, revenue_high),
            Accumulator::new(scenarios, days, offline_high, revenue_high),
        ];
        let mut offline: Vec<DayStat> = (0..scenarios * days)
            .map(|_| DayStat::new((offline_high * OFFLINE_UNITS_PER_MTPA) as u64 + 1))
            .collect();
        let mut revenue: Vec<DayStat> = (0..scenarios * days)
            .map(|_| DayStat::new((revenue_high * REVENUE_UNITS_PER_USD) as u64 + 1))
            .collect();
        for path in 0..400 {
            let acc = &mut accs[path % 2];
            for sc in 0..scenarios {
                // Piecewise-constant values with gaps (days not touched), some beyond the
                // highest value, some repeated across a gap.
                let mut marked = vec![false; days];
                let (mut o_row, mut r_row) = (vec![0.0; days], vec![0.0; days]);
                let mut value = rng.random::<f64>() * 100.0;
                for d in 0..days {
                    if rng.random::<f64>() < 0.2 {
                        value = rng.random::<f64>() * 400.0;
                    }
                    (o_row[d], r_row[d]) = (value, 4e7 - value * 1e5);
                    if rng.random::<f64>() < 0.8 {
                        marked[d] = true;
                        offline[sc * days + d].record(
                            o_row[d],
                            OFFLINE_UNITS_PER_MTPA,
                            OFFLINE_SUM_SCALE,
                        );
                        revenue[sc * days + d].record(
                            r_row[d],
                            REVENUE_UNITS_PER_USD,
                            REVENUE_SUM_SCALE,
                        );
                    }
                }
                // From the first marked day to the day after the last (or none).
                let first = marked.iter().position(|m| *m).unwrap_or(days);
                let last = marked.iter().rposition(|m| *m).map_or(first, |d| d + 1);
                acc.record_days(
                    sc,
                    TouchedDays {
                        first,
                        marked: &marked[first..last],
                        offline: &o_row[first..last],
                        revenue: &r_row[first..last],
                    },
                );
            }
        }
        let [mut a, b] = accs;
        a.merge(&b);
        a.flush();
        for (k, (want_o, want_r)) in offline.iter().zip(&revenue).enumerate() {
            for q in [0.1, 0.5, 0.9] {
                assert_eq!(
                    a.offline[k].quantile(q, OFFLINE_UNITS_PER_MTPA),
                    want_o.quantile(q, OFFLINE_UNITS_PER_MTPA),
                    "slot {k} q {q}"
                );
                assert_eq!(
                    a.revenue[k].quantile(q, REVENUE_UNITS_PER_USD),
                    want_r.quantile(q, REVENUE_UNITS_PER_USD),
                    "slot {k} q {q}"
                );
            }
            assert_eq!(a.offline[k].sum, want_o.sum, "slot {k}");
            assert_eq!(a.revenue[k].sum, want_r.sum, "slot {k}");
            assert_eq!(a.offline[k].range(), want_o.range(), "slot {k}");
            assert_eq!(a.revenue[k].range(), want_r.range(), "slot {k}");
            // The paths recorded each day: the days a run covered.
            let hist_count = want_o.count();
            assert_eq!(a.recorded[k], hist_count, "slot {k}");
        }
    }
}
