//! A rolling-origin backtest (MODEL.md, "Backtest"): stand at each as-of date, project the
//! no-truce scenario with only the records dated up to it, and score the Monte Carlo
//! distribution of the lost capacity over the horizon against what the records show.

use chrono::NaiveDate;

use crate::observed::history::history;

use crate::observed::draws::Band;

use crate::data::Dataset;
use crate::error::Error;
use crate::observed::figures::{DrawOptions, HistoryOptions};
use crate::projection::arrivals::Arrivals;
pub(crate) use crate::projection::calibration::pit;
use crate::projection::calibration::{Calibration, LevelMap};
use crate::projection::expected::expected_path;
use crate::projection::montecarlo::MonteCarloOptions;
use crate::projection::track::Outcome;

/// The first and last as-of dates `backtest` scores by default: the bundled records'
/// campaign, from the first month with several strikes to the last date whose 90-day
/// horizon the records cover.
pub(crate) const DEFAULT_FIRST_AS_OF: &str = "2024-03-01";
/// See [`DEFAULT_FIRST_AS_OF`].
pub(crate) const DEFAULT_LAST_AS_OF: &str = "2025-09-30";

/// What to backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestOptions {
    /// First as-of date.
    pub from: NaiveDate,
    /// Last as-of date (inclusive).
    pub to: NaiveDate,
    /// Days between as-of dates (>= 1).
    pub every: u32,
    /// Projected days after each as-of date (>= 1).
    pub horizon: u32,
    /// Lookback windows to score, days (each >= 1).
    pub lookbacks: Vec<u32>,
    /// Monte Carlo paths and seed of each projection.
    pub monte_carlo: MonteCarloOptions,
    /// Record draws for the observed value's band (`None`: no band).
    pub draws: Option<DrawOptions>,
    /// The arrival models compared, each scored on the same as-of dates (at least one).
    pub arrivals: Vec<Arrivals>,
    /// How each model's bands are read, each scored (at least one): `none` (the paths'
    /// own percentiles) and `conformal` (levels set by the checks before each as-of date
    /// whose horizon had ended, back to the first strike; MODEL.md, "Calibration").
    pub calibrations: Vec<Calibration>,
    /// Keep every path's value in the rows ([`BacktestRow::sample`]), for samples out.
    pub keep_samples: bool,
}

/// One as-of date of one lookback window.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRow {
    /// The arrival model projected.
    pub arrivals: Arrivals,
    /// How the paths were read: as they are, or at the levels of the track record.
    pub calibration: Calibration,
    /// Past checks behind the calibration (0 without).
    pub calibration_checks: usize,
    /// Lookback window, days.
    pub lookback_days: u32,
    /// The as-of date: the projection knows the records dated up to it.
    pub as_of: NaiveDate,
    /// Lost capacity over `(as_of, as_of + horizon]` from all the records (the group's
    /// amount unit), and its band over record draws.
    pub observed: f64,
    /// The observed value's P10-P90 over record draws, when draws were asked for.
    pub observed_band: Option<Band>,
    /// The expected path's lost capacity.
    pub expected: f64,
    /// The Monte Carlo paths' P10, P50, P90.
    pub band: Band,
    /// The central intervals of 50 %, 80 % and 90 % of the paths: (P25, P75), (P10, P90),
    /// (P5, P95).
    pub intervals: [(f64, f64); 3],
    /// Share of paths below the observed value (ties count half).
    pub pit: f64,
    /// Whether the observed value lies in P10..=P90.
    pub inside: bool,
    /// Continuous ranked probability score of the paths against the observed value.
    pub crps: f64,
    /// The naive forecast: the lost capacity of the `horizon` days up to the as-of date.
    pub naive: f64,
    /// Its CRPS (a point forecast: the absolute error).
    pub naive_crps: f64,
    /// Every path's value, sorted, when the options keep them (empty otherwise).
    pub sample: Vec<f64>,
}

/// The nominal levels of the central intervals scored: 50 %, 80 % and 90 %.
pub const LEVELS: [f64; 3] = [0.5, 0.8, 0.9];

/// The interval score of the central `level` interval `(l, u)` against `y` (Gneiting and
/// Raftery 2007): `(u - l) + 2/a (l - y) [y < l] + 2/a (y - u) [y > u]`, `a = 1 - level`.
pub fn interval_score(level: f64, (l, u): (f64, f64), y: f64) -> f64 {
    let a = 1.0 - level;
    (u - l) + 2.0 / a * (l - y).max(0.0) + 2.0 / a * (y - u).max(0.0)
}

/// The Wilson score interval of a share `p` observed over `n` independent checks, at 95 %.
pub fn wilson(p: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 || !p.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    let z = 1.959_963_984_540_054_f64;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The scores of one lookback window over every as-of date.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestScore {
    /// The arrival model.
    pub arrivals: Arrivals,
    /// How the paths were read.
    pub calibration: Calibration,
    /// Lookback window, days.
    pub lookback_days: u32,
    /// As-of dates scored.
    pub checks: usize,
    /// About how many of them are independent: windows `horizon` days long, `every` days
    /// apart, overlap, so `checks * min(1, every / horizon)`.
    pub effective_checks: f64,
    /// Share of observed values inside P10..=P90 (0.8 when calibrated).
    pub coverage: f64,
    /// Share of observed values inside each central interval of [`LEVELS`] (50 %, 80 %,
    /// 90 %), each with its 95 % Wilson interval over the effective checks (the overlap of
    /// horizons allowed for by counting `effective_checks`, not `checks`).
    pub coverages: [(f64, (f64, f64)); 3],
    /// Mean interval score of the 80 % and the 90 % central intervals (lower is better).
    pub interval_score_80: f64,
    /// Mean interval score of the 90 % central interval.
    pub interval_score_90: f64,
    /// Share of the PIT values in each tenth of (0, 1) (each 0.1 when calibrated).
    pub pit_deciles: [f64; 10],
    /// 1 - mean CRPS / mean CRPS of the resample model read the same way on the same checks
    /// (above 0: better than replaying the history), when resample is among the models
    /// compared.
    pub skill_resample: Option<f64>,
    /// Mean CRPS (lower is better).
    pub mean_crps: f64,
    /// Mean of median minus observed (positive: the projection ran high).
    pub bias: f64,
    /// Mean CRPS of the naive forecast.
    pub naive_mean_crps: f64,
    /// 1 - mean CRPS / naive mean CRPS (above 0: better than the naive forecast).
    pub skill: f64,
}

/// A backtest's rows and scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// One row per lookback window and as-of date, in that order.
    pub rows: Vec<BacktestRow>,
    /// One score per lookback window, in the order given.
    pub scores: Vec<BacktestScore>,
    /// As-of dates left out because the records do not cover their horizon.
    pub skipped: Vec<NaiveDate>,
}

impl BacktestScore {
    /// The model as read: `hawkes`, or `hawkes+conformal` when calibrated.
    pub fn label(&self) -> String {
        model_label(self.arrivals, self.calibration)
    }
}

/// An arrival model as read: its name, with `+conformal` when calibrated.
pub fn model_label(arrivals: Arrivals, calibration: Calibration) -> String {
    match calibration {
        Calibration::None => arrivals.name().to_owned(),
        c => format!("{arrivals}+{c}"),
    }
}

impl Backtest {
    /// The rows and scores of one arrival model read one way.
    pub fn of_model(&self, arrivals: Arrivals, calibration: Calibration) -> Backtest {
        Backtest {
            rows: self
                .rows
                .iter()
                .filter(|r| r.arrivals == arrivals && r.calibration == calibration)
                .cloned()
                .collect(),
            scores: self
                .scores
                .iter()
                .filter(|s| s.arrivals == arrivals && s.calibration == calibration)
                .cloned()
                .collect(),
            skipped: self.skipped.clone(),
        }
    }
}

/// CRPS of the empirical distribution of `sorted` against `y`:
/// `mean |X - y| - mean |X - X'| / 2`, with the pair sum in closed form over the sorted
/// sample (`sum_i (2i - n + 1) x_(i)`, i from 0).
pub(crate) fn crps(sorted: &[f64], y: f64) -> f64 {
    let n = sorted.len() as f64;
    let spread: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * i as f64 - n + 1.0) * x)
        .sum::<f64>()
        * 2.0;
    sorted.iter().map(|x| (x - y).abs()).sum::<f64>() / n - spread / (2.0 * n * n)
}

/// The `q` quantile of `sorted` (linear between order statistics).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Runs the backtest of `data` (one group) as `options` say.
pub fn backtest(data: &Dataset, options: &BacktestOptions) -> Result<Backtest, Error> {
    data.single_group()?;
    if options.every == 0 {
        return Err(Error::setting("every", "at least 1 day", options.every));
    }
    if options.horizon == 0 {
        return Err(Error::setting("horizon", "at least 1 day", options.horizon));
    }
    if options.lookbacks.contains(&0) {
        return Err(Error::setting(
            "lookback_days",
            "lookbacks of at least 1 day each",
            format!("{:?}", options.lookbacks),
        ));
    }
    if options.arrivals.is_empty() {
        return Err(Error::setting(
            "arrivals",
            "at least one arrival model",
            "none",
        ));
    }
    if options.calibrations.is_empty() {
        return Err(Error::setting(
            "calibration",
            "at least one way of reading the paths",
            "none",
        ));
    }
    let last_record = data.strikes.iter().map(|s| s.date).max();
    let first_record = data.strikes.iter().map(|s| s.date).min();
    let every = chrono::Days::new(u64::from(options.every));
    let mut as_of_dates = Vec::new();
    let mut skipped = Vec::new();
    let mut day = options.from;
    while day <= options.to {
        let end = day + chrono::Days::new(u64::from(options.horizon));
        if last_record.is_some_and(|l| end <= l) {
            as_of_dates.push(day);
        } else {
            skipped.push(day);
        }
        day = day + every;
    }
    // Calibrated reading needs the checks before the first as-of date too, on the same
    // steps back to the first strike: checked, not scored.
    let mut earlier = Vec::new();
    if options.calibrations.contains(&Calibration::Conformal) {
        let mut day = options.from.checked_sub_days(every);
        while let (Some(d), Some(first)) = (day, first_record) {
            if d < first {
                break;
            }
            earlier.push(d);
            day = d.checked_sub_days(every);
        }
        earlier.reverse();
    }
    let scored_from = as_of_dates.first().copied();
    // What does not depend on the model or the lookback window (the records known then,
    // the observed value, the naive forecast) is worked out once per as-of date; dates
    // in order, so that each calibrated row reads the checks before it.
    let mut past: Vec<Vec<(NaiveDate, f64)>> =
        vec![Vec::new(); options.arrivals.len() * options.lookbacks.len()];
    let mut rows = Vec::new();
    for &as_of in earlier.iter().chain(&as_of_dates) {
        let date = AsOf::new(data, options, as_of)?;
        let scored = scored_from.is_some_and(|f| as_of >= f);
        for (ai, &arrivals) in options.arrivals.iter().enumerate() {
            for (li, &lookback) in options.lookbacks.iter().enumerate() {
                let checks = &mut past[ai * options.lookbacks.len() + li];
                let (raw, sample) = date.check(options, arrivals, lookback)?;
                if scored {
                    for &calibration in &options.calibrations {
                        rows.push(match calibration {
                            Calibration::None => raw.clone(),
                            Calibration::Conformal => {
                                date.calibrated(options, &raw, &sample, checks, first_record)
                            }
                        });
                    }
                }
                checks.push((as_of, raw.pit));
            }
        }
    }
    // Model by model, reading by reading, lookback by lookback, each in date order.
    let order = |r: &BacktestRow| {
        (
            options.arrivals.iter().position(|a| *a == r.arrivals),
            options
                .calibrations
                .iter()
                .position(|c| *c == r.calibration),
            options.lookbacks.iter().position(|l| *l == r.lookback_days),
        )
    };
    rows.sort_by_key(order);
    let mut scores: Vec<BacktestScore> = Vec::new();
    for &a in &options.arrivals {
        for &c in &options.calibrations {
            for &l in &options.lookbacks {
                let of = |m: Arrivals| {
                    rows.iter().filter(move |r| {
                        r.arrivals == m && r.calibration == c && r.lookback_days == l
                    })
                };
                let resample = options
                    .arrivals
                    .contains(&Arrivals::Resample)
                    .then(|| mean(of(Arrivals::Resample).map(|r| r.crps)));
                scores.push(score(options, a, c, l, of(a), resample));
            }
        }
    }
    Ok(Backtest {
        rows,
        scores,
        skipped,
    })
}

/// One as-of date: the records known then, what followed, and the naive forecast.
struct AsOf {
    outcome: Outcome,
    naive: f64,
}

impl AsOf {
    fn new(data: &Dataset, options: &BacktestOptions, as_of: NaiveDate) -> Result<Self, Error> {
        let outcome = Outcome::new(data, as_of, options.horizon, options.draws)?;
        let horizon = u64::from(options.horizon);
        let naive = history(
            &outcome.known,
            as_of - chrono::Days::new(horizon - 1),
            as_of,
            HistoryOptions::default(),
        )?
        .lost_capacity;
        Ok(AsOf { outcome, naive })
    }

    /// The projection of lookback window `lookback`, scored against what followed as its
    /// paths are: the row and the paths' sorted values.
    fn check(
        &self,
        options: &BacktestOptions,
        arrivals: Arrivals,
        lookback: u32,
    ) -> Result<(BacktestRow, Vec<f64>), Error> {
        let (base, scenario, sample) =
            self.outcome
                .project(options.horizon, lookback, arrivals, options.monte_carlo)?;
        let expected = base
            .unit
            .amount(expected_path(&base, &scenario).offline.iter().sum::<f64>());
        let reading = Reading {
            arrivals,
            lookback,
            expected,
            calibration: Calibration::None,
            checks: 0,
        };
        Ok((self.row(options, reading, &sample), sample))
    }

    /// `raw`'s row read at the levels its past `checks` (as-of date and PIT, of the same
    /// model and lookback) earned: those whose horizon had ended by this as-of date, none
    /// from before the first strike (`first_record`).
    fn calibrated(
        &self,
        options: &BacktestOptions,
        raw: &BacktestRow,
        sample: &[f64],
        checks: &[(NaiveDate, f64)],
        first_record: Option<NaiveDate>,
    ) -> BacktestRow {
        let horizon = chrono::Days::new(u64::from(options.horizon));
        let pits = checks
            .iter()
            .filter(|(d, _)| {
                *d + horizon <= self.outcome.as_of && first_record.is_some_and(|f| *d >= f)
            })
            .map(|(_, u)| *u);
        let map = LevelMap::from_pits(pits, options.monte_carlo.paths);
        let reading = Reading {
            arrivals: raw.arrivals,
            lookback: raw.lookback_days,
            expected: raw.expected,
            calibration: Calibration::Conformal,
            checks: map.checks(),
        };
        self.row(options, reading, &map.calibrate(sample))
    }

    /// The row of `reading` scored on the sorted `sample` (the paths as they are, or their
    /// calibrated ensemble).
    fn row(&self, options: &BacktestOptions, reading: Reading, sample: &[f64]) -> BacktestRow {
        let observed = self.outcome.observed;
        let band = Band {
            p10: quantile(sample, 0.1),
            p50: quantile(sample, 0.5),
            p90: quantile(sample, 0.9),
        };
        let intervals = LEVELS.map(|level| {
            let tail = (1.0 - level) / 2.0;
            (quantile(sample, tail), quantile(sample, 1.0 - tail))
        });
        BacktestRow {
            arrivals: reading.arrivals,
            calibration: reading.calibration,
            calibration_checks: reading.checks,
            lookback_days: reading.lookback,
            as_of: self.outcome.as_of,
            observed,
            observed_band: self.outcome.observed_band,
            expected: reading.expected,
            inside: band.p10 <= observed && observed <= band.p90,
            band,
            intervals,
            pit: pit(sample, observed),
            crps: crps(sample, observed),
            naive: self.naive,
            naive_crps: (self.naive - observed).abs(),
            sample: if options.keep_samples {
                sample.to_vec()
            } else {
                Vec::new()
            },
        }
    }
}

/// What a row reads: the model and lookback projected, its expected path's lost capacity,
/// and how its paths were read (with the past checks behind a calibration).
#[derive(Clone, Copy)]
struct Reading {
    arrivals: Arrivals,
    lookback: u32,
    expected: f64,
    calibration: Calibration,
    checks: usize,
}

/// The mean of `values` (`NaN` when there is none).
fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

fn score<'a>(
    options: &BacktestOptions,
    arrivals: Arrivals,
    calibration: Calibration,
    lookback: u32,
    rows: impl Iterator<Item = &'a BacktestRow>,
    resample_crps: Option<f64>,
) -> BacktestScore {
    let rows: Vec<&BacktestRow> = rows.collect();
    let n = rows.len() as f64;
    let mean_of = |f: &dyn Fn(&BacktestRow) -> f64| mean(rows.iter().map(|r| f(r)));
    let mean_crps = mean_of(&|r| r.crps);
    let naive_mean_crps = mean_of(&|r| r.naive_crps);
    let effective_checks = n * (f64::from(options.every) / f64::from(options.horizon)).min(1.0);
    let coverages = [0, 1, 2].map(|i| {
        let share = mean_of(&|r| {
            let (l, u) = r.intervals[i];
            f64::from(u8::from(l <= r.observed && r.observed <= u))
        });
        (share, wilson(share, effective_checks))
    });
    let mut pit_deciles = [0.0; 10];
    for r in &rows {
        pit_deciles[((r.pit * 10.0) as usize).min(9)] += 1.0 / n;
    }
    BacktestScore {
        arrivals,
        calibration,
        lookback_days: lookback,
        checks: rows.len(),
        effective_checks,
        coverage: mean_of(&|r| f64::from(u8::from(r.inside))),
        coverages,
        interval_score_80: mean_of(&|r| interval_score(0.8, r.intervals[1], r.observed)),
        interval_score_90: mean_of(&|r| interval_score(0.9, r.intervals[2], r.observed)),
        pit_deciles,
        mean_crps,
        bias: mean_of(&|r| r.band.p50 - r.observed),
        naive_mean_crps,
        skill: 1.0 - mean_crps / naive_mean_crps,
        skill_resample: resample_crps.map(|c| 1.0 - mean_crps / c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pit_by_hand() {
        let s = [1.0, 2.0, 2.0, 3.0];
        assert_eq!(pit(&s, 0.5), 0.0);
        assert_eq!(pit(&s, 2.0), (1.0 + 2.0 / 2.0) / 4.0);
        assert_eq!(pit(&s, 2.5), 0.75);
        assert_eq!(pit(&s, 9.0), 1.0);
    }

    #[test]
    fn crps_by_hand_and_against_its_definition() {
        // One member: the absolute error.
        assert_eq!(crps(&[3.0], 1.0), 2.0);
        // {1, 2, 3, 4} against 2.5: mean |x - y| = (1.5 + 0.5 + 0.5 + 1.5) / 4 = 1;
        // mean |x - x'| over the 16 ordered pairs = 20 / 16 = 1.25; CRPS = 1 - 0.625.
        assert!((crps(&[1.0, 2.0, 3.0, 4.0], 2.5) - 0.375).abs() < 1e-12);
        // The closed form equals the pair sum on an uneven sample.
        let s: [f64; 6] = [0.0, 0.0, 0.7, 1.5, 4.0, 9.25];
        for y in [-1.0f64, 0.0, 0.3, 2.0, 10.0] {
            let n = s.len() as f64;
            let pairs: f64 = s
                .iter()
                .flat_map(|a| s.iter().map(move |b| (a - b).abs()))
                .sum();
            let direct = s.iter().map(|x| (x - y).abs()).sum::<f64>() / n - pairs / (2.0 * n * n);
            assert!((crps(&s, y) - direct).abs() < 1e-12, "{y}");
        }
        // A uniform sample on [0, 1] against 0.5 tends to the closed form 1/12 of U(0, 1).
        let u: Vec<f64> = (0..1000).map(|i| (i as f64 + 0.5) / 1000.0).collect();
        assert!((crps(&u, 0.5) - (0.25 - 1.0 / 6.0)).abs() < 1e-6);
    }

    #[test]
    fn quantiles_of_a_sorted_sample() {
        let s = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&s, 0.5), 2.0);
        assert_eq!(quantile(&s, 0.1), 0.4);
        assert_eq!(quantile(&s, 0.9), 3.6);
    }

    /// Records drawn from the model itself: strikes arrive as a Poisson process (0.1 a
    /// day) and each takes 10 of 100 capacity for 20 days. Scored with a long lookback, the
    /// observed values fall inside P10-P90 about 80 % of the time: the scorer is calibrated.
    #[test]
    fn records_drawn_from_the_model_are_covered_about_80_percent() {
        use crate::data::{Asset, PricePoint, Strike};
        use rand::SeedableRng;
        use rand_distr::{Distribution, Poisson};
        let start: NaiveDate = "2020-01-01".parse().unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let arrivals = Poisson::new(0.1).unwrap();
        let mut strikes = Vec::new();
        for day in 0..1500u64 {
            let k: f64 = arrivals.sample(&mut rng);
            for j in 0..k as u64 {
                strikes.push(Strike::new(
                    format!("s{day}-{j}"),
                    start + chrono::Days::new(day),
                    0,
                    10.0,
                    20,
                ));
            }
        }
        let price = PricePoint::new(start, 500.0, 400.0);
        let data = Dataset::new(vec![Asset::new("a", "A", 100.0)], strikes, vec![price]);
        let options = BacktestOptions {
            from: start + chrono::Days::new(400),
            to: start + chrono::Days::new(1400),
            every: 7,
            horizon: 30,
            lookbacks: vec![365],
            monte_carlo: MonteCarloOptions {
                paths: 400,
                seed: 3,
            },
            draws: None,
            arrivals: vec![Arrivals::Poisson],
            calibrations: vec![Calibration::None],
            keep_samples: false,
        };
        let b = backtest(&data, &options).unwrap();
        let s = &b.scores[0];
        assert!(s.checks > 130, "{}", s.checks);
        assert!(
            (0.7..=0.9).contains(&s.coverage),
            "coverage {} over {} checks",
            s.coverage,
            s.checks
        );
        // PIT values spread over (0, 1): a calibrated forecast's are uniform.
        let low = b.rows.iter().filter(|r| r.pit < 0.5).count() as f64 / b.rows.len() as f64;
        assert!((0.3..=0.7).contains(&low), "{low}");
        // The observed value is history over the horizon, with every record.
        let r = &b.rows[3];
        let first = r.as_of + chrono::Days::new(1);
        let h = history(
            &data,
            first,
            r.as_of + chrono::Days::new(30),
            HistoryOptions::default(),
        )
        .unwrap();
        assert_eq!(r.observed, h.lost_capacity);
    }
}
