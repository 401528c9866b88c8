//! Monte Carlo: Poisson strike arrivals drawn from the lookback strikes, with per-day bands.
//!
//! * Path `p` draws from its own ChaCha8 stream `(seed, p)`, so results do not depend on
//!   how paths are spread over threads.
//! * Every scenario of a path sees the same arrivals, thinned by the scenario's `m(d)`:
//!   an arrival on day `d` counts in a scenario when its uniform draw is below `m(d)`.
//!   Thinning Poisson(`lambda`) by `m(d)` gives Poisson(`lambda * m(d)`), as MODEL.md
//!   asks, and pairs the scenarios path by path (a truce never has more strikes than
//!   no-truce on the same path), which makes their difference far less noisy.
//! * Statistics stream into fixed-size accumulators ([`montecarlo_stats`]): only the days
//!   a new strike touched are recorded path by path; the other paths, which all had the
//!   observed-outage values, are added in bulk when the run ends. Memory does not grow
//!   with the number of paths.
//!
//! [`montecarlo_stats`]: crate::projection::montecarlo_stats

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};
use std::ops::Range;

use crate::data::Dataset;
use crate::error::Error;
use crate::observed::draws::{DrawStats, SeriesDraws, SeriesWorker};
use crate::observed::records::record_rng;
use crate::observed::stats::{par_accumulate, par_accumulate_range};
use crate::observed::timeline::{interval_entries, running_sums, Outage};
use crate::projection::baseline::Baseline;
use crate::projection::montecarlo_stats::{Accumulator, TouchedDays};
use crate::projection::montecarlo_stats::{GroupStats, ScenarioBands};
use crate::projection::past::UncertainPast;
use crate::projection::scenario::{Scenario, Settings};

/// Paths simulated between two progress reports.
pub(crate) const CHUNK_PATHS: u64 = 256;

/// Monte Carlo results of all scenarios.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MonteCarlo {
    /// Number of paths.
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// Per scenario, in scenario order.
    pub scenarios: Vec<ScenarioBands>,
}

/// Settings of a Monte Carlo run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonteCarloOptions {
    /// Number of paths (>= 1).
    pub paths: u64,
    /// Seed: the same seed gives the same numbers.
    pub seed: u64,
}

/// A strike a new one copies: its asset, the capacity it disabled and its outage length.
#[derive(Debug, Clone, Copy)]
struct Template {
    asset: usize,
    mtpa: f64,
    days: usize,
}

impl From<&Outage> for Template {
    fn from(o: &Outage) -> Self {
        Template {
            asset: o.asset,
            mtpa: o.mtpa,
            days: o.days as usize,
        }
    }
}

/// A new strike drawn for a path: the projected day, the lookback strike it copies, and
/// the uniform draw that decides, per scenario, whether the truce prevents it.
#[derive(Debug, Clone, Copy)]
struct Arrival {
    day: usize,
    template: usize,
    u: f64,
}

/// One path's totals in one scenario.
#[derive(Debug, Clone, Copy, Default)]
struct PathTotal {
    /// Lost capacity, Mt.
    lost: f64,
    /// Revenue loss, USD.
    loss_usd: f64,
}

/// Days `[from, to)` of an asset that new strikes of the current scenario reached.
#[derive(Debug, Clone, Copy)]
struct Reach {
    from: usize,
    to: usize,
}

/// Reusable per-worker buffers.
struct Scratch {
    /// This path's draws of the varying records.
    drawn: Vec<Outage>,
    /// This path's lookback strikes.
    lookback: Vec<Template>,
    /// This path's observed outages of the varying assets, per slot and day (capped).
    path_hist: Vec<Vec<f64>>,
    /// Per varying slot, the days `[from, to)` outside which this path's observed outages
    /// equal the recorded ones (`from >= to`: none differ).
    path_differs: Vec<Reach>,
    /// Per varying slot, the last entry of its difference array this path's running
    /// records touched.
    slot_end: Vec<usize>,
    /// Per varying slot, the days the current scenario's new strikes reached.
    varying_reach: Vec<Option<Reach>>,
    /// This path's new strikes, shared by its scenarios.
    arrivals: Vec<Arrival>,
    /// The arrival model's new strikes per day of the path (models other than poisson).
    counts: Vec<u32>,
    /// Capacity the current scenario's new strikes disable, per asset and day (uncapped).
    new_offline: Vec<f64>,
    /// Per asset, the days its new strikes reached (`None`: none), and the assets reached.
    reached: Vec<Option<Reach>>,
    reached_list: Vec<usize>,
    /// The current scenario's national figures.
    national: National,
    /// This path's totals per scenario.
    path_totals: Vec<PathTotal>,
    /// The current scenario's revenue on its touched days, USD.
    revenue: Vec<f64>,
}

/// National offline capacity (plain and utilization-weighted) of the current path and
/// scenario per day; days not in `touched_days` hold the observed-outage values.
struct National {
    offline: Vec<f64>,
    offline_w: Vec<f64>,
    /// Days a new strike touched, in the order they were first touched, and a mark per day.
    touched_days: Vec<usize>,
    day_marked: Vec<bool>,
    /// The first touched day and the day after the last (`usize::MAX, 0`: none).
    first: usize,
    last: usize,
}

impl National {
    /// From the first touched day to the day after the last (none: an empty span).
    fn span(&self) -> std::ops::Range<usize> {
        self.first.min(self.last)..self.last
    }

    /// Adds one asset's offline capacity (weighted by its utilization `util`) on the days
    /// from `from` on, one item per day: `Some(delta)` adds `delta` and marks the day,
    /// `None` adds nothing.
    #[inline(always)]
    fn add_days(&mut self, from: usize, util: f64, deltas: impl Iterator<Item = Option<f64>>) {
        let National {
            offline,
            offline_w,
            touched_days,
            day_marked,
            first,
            last,
        } = self;
        let cells = offline[from..]
            .iter_mut()
            .zip(&mut offline_w[from..])
            .zip(&mut day_marked[from..]);
        for ((d, ((o, w), marked)), delta) in (from..).zip(cells).zip(deltas) {
            let Some(delta) = delta else { continue };
            *o += delta;
            *w += delta * util;
            if !*marked {
                *marked = true;
                touched_days.push(d);
                *first = (*first).min(d);
                *last = (*last).max(d + 1);
            }
        }
    }
}

/// `x.min(cap)` for the paths' numbers (never NaN; outage sums are never -0.0), as one
/// comparison: the same value, without `f64::min`'s care for NaN on the hottest days.
#[inline(always)]
fn capped(x: f64, cap: f64) -> f64 {
    if x < cap {
        x
    } else {
        cap
    }
}

/// The inputs of one simulation, fixed for all paths.
struct Model<'a> {
    base: &'a Baseline,
    days: usize,
    /// The lookback strikes as recorded.
    lookback: Vec<Template>,
    multipliers: Vec<Vec<f64>>,
    hist_offline: Vec<f64>,
    hist_offline_w: Vec<f64>,
    /// Sum over projected days of `hist_offline`, Mt/yr-days.
    hist_offline_total: f64,
    /// Sum over projected days of the revenue loss of the observed outages, USD.
    hist_loss_total: f64,
    /// Revenue with no outage, USD per day.
    baseline_revenue: Vec<f64>,
    /// Revenue lost per Mt/yr of utilization-weighted offline capacity, USD per day.
    loss_per_mtpa_w: Vec<f64>,
    poisson: Option<Poisson<f64>>,
    reference: Option<usize>,
    /// The uncertain past: `None` when no observed record that reaches the projected days
    /// or serves as a lookback strike varies between draws.
    past: Option<&'a UncertainPast>,
    /// Per varying slot, where a path's row may stop being integrated.
    tails: Vec<SlotTail>,
    /// Per day, what a path's totals take from it: read together, in the order the
    /// days were touched.
    day_factors: Vec<DayFactors>,
}

/// One day's observed offline capacity, Mt/yr, its revenue loss, USD (the product of
/// `hist_offline_w` and `loss_per_mtpa_w`, worked out once), and the loss per Mt/yr.
struct DayFactors {
    hist_offline: f64,
    hist_loss: f64,
    loss_per_mtpa_w: f64,
}

/// Where a path's row of a varying asset may stop being integrated: its running records
/// end early in the projected days, and after them the row is the fixed outages' alone.
/// After an entry `e` of the difference array where the fixed outages' running sum is 0 and
/// the path's is too, both sums go on alike: the row is `capped[e + 1..]`, the same values
/// as integrating it to the end gives.
struct SlotTail {
    /// The fixed outages' running sums, capped, per day.
    capped: Vec<f64>,
    /// Per entry `d` of the difference array, the first entry `e >= d` where the fixed
    /// outages' running sum is 0 and their capped row after `e` equals the recorded one
    /// (so a path stopped there differs from the recorded past on no later day);
    /// `usize::MAX`: none.
    next_stop: Vec<usize>,
}

impl SlotTail {
    fn new(fixed_diff: &[f64], cap: f64, hist: &[f64]) -> Self {
        let days = hist.len();
        let mut sums = fixed_diff.to_vec();
        running_sums(&mut sums, 0.0);
        let capped: Vec<f64> = sums[..days].iter().map(|v| v.min(cap)).collect();
        // same_after[d]: the capped row equals the recorded one on every day >= d.
        let mut same_after = vec![true; days + 2];
        for d in (0..days).rev() {
            same_after[d] = same_after[d + 1] && capped[d].to_bits() == hist[d].to_bits();
        }
        let mut next_stop = vec![usize::MAX; days + 2];
        for e in (0..=days).rev() {
            next_stop[e] = if sums[e] == 0.0 && same_after[e + 1] {
                e
            } else {
                next_stop[e + 1]
            };
        }
        next_stop.pop();
        SlotTail { capped, next_stop }
    }
}

impl<'a> Model<'a> {
    /// The per-day inputs every path shares: the observed outages' national figures and
    /// totals, the revenue factors, the scenarios' multipliers and the arrival law.
    fn new(base: &'a Baseline, scenarios: &[Scenario], reference: Option<usize>) -> Self {
        let days = base.window.days;
        let mut hist_offline = vec![0.0; days];
        let mut hist_offline_w = vec![0.0; days];
        for (hist, util) in base.hist.iter().zip(&base.utilization) {
            for d in 0..days {
                hist_offline[d] += hist[d];
                hist_offline_w[d] += hist[d] * util;
            }
        }
        let capacity_w = base.capacity_w();
        let baseline_revenue: Vec<f64> = (0..days)
            .map(|d| base.revenue(d, capacity_w, 0.0).baseline_revenue_usd)
            .collect();
        let loss_per_mtpa_w: Vec<f64> = (0..days)
            .map(|d| base.revenue(d, capacity_w, 1.0).revenue_loss_usd)
            .collect();
        let day_factors = (0..days)
            .map(|d| DayFactors {
                hist_offline: hist_offline[d],
                hist_loss: hist_offline_w[d] * loss_per_mtpa_w[d],
                loss_per_mtpa_w: loss_per_mtpa_w[d],
            })
            .collect();
        Model {
            base,
            days,
            day_factors,
            lookback: base.lookback.iter().map(Template::from).collect(),
            multipliers: scenarios.iter().map(|s| base.multipliers(s)).collect(),
            hist_offline_total: hist_offline.iter().sum(),
            hist_loss_total: (0..days)
                .map(|d| hist_offline_w[d] * loss_per_mtpa_w[d])
                .sum(),
            hist_offline,
            hist_offline_w,
            baseline_revenue,
            loss_per_mtpa_w,
            poisson: (base.lambda > 0.0).then(|| Poisson::new(base.lambda).expect("lambda > 0")),
            reference,
            past: base.past.as_ref(),
            tails: base.past.as_ref().map_or_else(Vec::new, |p| {
                p.assets
                    .iter()
                    .zip(&p.fixed_diff)
                    .map(|(&a, fixed)| SlotTail::new(fixed, base.capacity[a], &base.hist[a]))
                    .collect()
            }),
        }
    }

    /// The highest values the per-day statistics record: national capacity, Mt/yr, and
    /// the revenue of all of it at the day's prices, USD per day.
    fn highs(&self) -> (f64, f64) {
        let base = self.base;
        let national = base.national_capacity();
        let capacity_w = base.capacity_w();
        let revenue_high = (0..self.days)
            .map(|d| {
                base.unit.throughput_per_day(capacity_w)
                    * (base.product_usd_t[d] + base.crude_usd_t[d])
            })
            .fold(0.0, f64::max);
        (national, revenue_high)
    }

    /// The per-day revenue of the observed outages alone, USD: what every path a new
    /// strike did not touch had that day.
    fn hist_revenue(&self) -> Vec<f64> {
        (0..self.days)
            .map(|d| self.baseline_revenue[d] - self.hist_offline_w[d] * self.loss_per_mtpa_w[d])
            .collect()
    }

    fn scratch(&self) -> Scratch {
        let assets = self.base.capacity.len();
        let varying_assets = self.past.as_ref().map_or(0, |p| p.assets.len());
        Scratch {
            drawn: Vec::new(),
            lookback: self.lookback.clone(),
            path_hist: vec![vec![0.0; self.days + 1]; varying_assets],
            path_differs: vec![Reach { from: 0, to: 0 }; varying_assets],
            slot_end: vec![0; varying_assets],
            varying_reach: vec![None; varying_assets],
            arrivals: Vec::new(),
            counts: Vec::new(),
            new_offline: vec![0.0; assets * self.days],
            reached: vec![None; assets],
            reached_list: Vec::new(),
            // Hold the observed-outage values between paths; touched days are restored.
            national: National {
                offline: self.hist_offline.clone(),
                offline_w: self.hist_offline_w.clone(),
                touched_days: Vec::new(),
                day_marked: vec![false; self.days],
                first: usize::MAX,
                last: 0,
            },
            path_totals: vec![PathTotal::default(); self.multipliers.len()],
            revenue: vec![0.0; self.days],
        }
    }

    /// Draws this path's past: the varying records, the running outages of their assets
    /// and the lookback strikes.
    fn draw_past(&self, past: &UncertainPast, seed: u64, path: u64, s: &mut Scratch) {
        let mut rng = record_rng(seed, path);
        s.drawn.clear();
        for (i, strike) in &past.varying {
            let cap = self.base.capacity[strike.asset];
            s.drawn.push(past.records.draw(*i, strike, cap, &mut rng));
        }
        // The entries of each slot's difference array that its running records touch: the
        // window's first day, and the day after each record's last (or the window's end).
        let start = self.base.window.start;
        let days = self.days;
        let span =
            |o: &Outage| interval_entries(days, (o.date - start).num_days(), i64::from(o.days));
        s.slot_end.iter_mut().for_each(|e| *e = 0);
        for &(v, k) in &past.running {
            if let Some((_, hi)) = span(&s.drawn[v]) {
                s.slot_end[k] = s.slot_end[k].max(hi);
            }
        }
        for (k, row) in s.path_hist.iter_mut().enumerate() {
            let (fixed, tail) = (&past.fixed_diff[k], &self.tails[k]);
            // Integrated up to the first entry after the running records where the row can
            // stop (all of it when there is none), and on when it cannot stop there.
            let stop = tail.next_stop[s.slot_end[k]];
            row.clear();
            row.extend_from_slice(&fixed[..stop.min(days) + 1]);
            for &(v, slot) in &past.running {
                if slot == k {
                    if let Some((lo, hi)) = span(&s.drawn[v]) {
                        row[lo] += s.drawn[v].mtpa;
                        row[hi] -= s.drawn[v].mtpa;
                    }
                }
            }
            let acc = running_sums(row, 0.0);
            let asset = past.assets[k];
            let cap = self.base.capacity[asset];
            let stopped = stop <= days && acc == 0.0;
            if !stopped && row.len() <= days {
                let head = row.len();
                row.extend_from_slice(&fixed[head..]);
                running_sums(&mut row[head..], acc);
            }
            row.truncate(days);
            for v in row.iter_mut() {
                *v = capped(*v, cap);
            }
            // Past the stop, the row is the fixed outages' alone and equals the recorded one.
            let searched = row.len();
            if stopped {
                row.extend_from_slice(&tail.capped[searched..]);
            }
            row.push(0.0);
            // The days where this path's past differs from the recorded one, by the test
            // `settle_varying` applies with no new strike: outside them it adds nothing.
            let hist = &self.base.hist[asset];
            let differs = |d: &usize| capped(row[*d] + 0.0, cap) - hist[*d] != 0.0;
            let from = (0..searched).find(differs).unwrap_or(days);
            let to = (from..searched).rfind(differs).map_or(from, |d| d + 1);
            s.path_differs[k] = Reach { from, to };
        }
        for &(j, v) in &past.lookback {
            s.lookback[j] = Template::from(&s.drawn[v]);
        }
    }

    /// One path: its past (when records vary), its new strikes, and for each scenario the
    /// strikes the truce lets through, the capped national outage, the day statistics and
    /// the totals; then the gains against the reference.
    /// Simulates path `path` of every scenario, its per-day statistics and totals recorded
    /// in `acc` (`None`: only its totals, in `s.path_totals`, as the backtest reads them).
    fn simulate(&self, seed: u64, path: u64, mut acc: Option<&mut Accumulator>, s: &mut Scratch) {
        if let Some(past) = self.past {
            self.draw_past(past, seed, path, s);
        }
        self.draw_arrivals(seed, path, s);
        if let Some(acc) = acc.as_deref_mut() {
            acc.add_path();
        }
        for (sc, m) in self.multipliers.iter().enumerate() {
            self.place_arrivals(m, s);
            self.settle_reached(s);
            if let Some(past) = self.past {
                self.settle_varying(past, s);
            }
            let total = self.record_days(sc, acc.as_deref_mut(), s);
            if let Some(acc) = acc.as_deref_mut() {
                acc.record_total(sc, total.lost, total.loss_usd);
            }
            s.path_totals[sc] = total;
        }
        let Some(acc) = acc else {
            return;
        };
        if let Some(r) = self.reference {
            let reference = s.path_totals[r];
            for (sc, total) in s.path_totals.iter().enumerate() {
                if sc != r {
                    acc.record_gain(
                        sc,
                        reference.lost - total.lost,
                        reference.loss_usd - total.loss_usd,
                    );
                }
            }
        }
    }

    /// Draws the path's new strikes: a Poisson count per day, each copying a lookback
    /// strike, with the uniform draw the truce test uses.
    fn draw_arrivals(&self, seed: u64, path: u64, s: &mut Scratch) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(path);
        s.arrivals.clear();
        if s.lookback.is_empty() {
            return;
        }
        if self.base.daily_mean.is_some() {
            // Another arrival model than poisson: its counts for the path, then each strike's
            // template and truce draw, day by day.
            self.base
                .fitted
                .draw_counts(&mut rng, self.days, &mut s.counts);
            let k = self.base.rate_multiplier;
            for day in 0..self.days {
                let drawn = s.counts[day];
                // The rate multiplier of a sensitivity analysis: each strike kept with
                // probability k (k < 1), or k - 1 more per strike on average (k > 1).
                let n = if k == 1.0 {
                    drawn
                } else if k < 1.0 {
                    (0..drawn).filter(|_| rng.random::<f64>() < k).count() as u32
                } else if drawn > 0 {
                    drawn
                        + Poisson::new(f64::from(drawn) * (k - 1.0))
                            .map_or(0, |p| p.sample(&mut rng) as u32)
                } else {
                    0
                };
                for _ in 0..n {
                    let template = rng.random_range(0..s.lookback.len() as u32) as usize;
                    let u: f64 = rng.random();
                    s.arrivals.push(Arrival { day, template, u });
                }
            }
            return;
        }
        let Some(poisson) = &self.poisson else {
            return;
        };
        for day in 0..self.days {
            let k = poisson.sample(&mut rng) as usize;
            for _ in 0..k {
                // Sampled as u32, not usize, so the stream is the same on 32- and 64-bit machines.
                let template = rng.random_range(0..s.lookback.len() as u32) as usize;
                let u: f64 = rng.random();
                s.arrivals.push(Arrival { day, template, u });
            }
        }
    }

    /// Adds the new strikes the scenario's multipliers `m` let through to `new_offline`,
    /// noting the days each asset's strikes reach.
    fn place_arrivals(&self, m: &[f64], s: &mut Scratch) {
        let days = self.days;
        for a in &s.arrivals {
            if a.u >= m[a.day] {
                continue;
            }
            let t = s.lookback[a.template];
            let end = (a.day + t.days).min(days);
            let row = &mut s.new_offline[t.asset * days..(t.asset + 1) * days];
            for v in &mut row[a.day..end] {
                *v += t.mtpa;
            }
            let reach = &mut s.reached[t.asset];
            match reach {
                None => {
                    s.reached_list.push(t.asset);
                    *reach = Some(Reach {
                        from: a.day,
                        to: end,
                    });
                }
                Some(r) => {
                    *r = Reach {
                        from: r.from.min(a.day),
                        to: r.to.max(end),
                    }
                }
            }
        }
    }

    /// Caps the new outages of assets whose past does not vary against their observed
    /// outages and adds them to the national figures.
    fn settle_reached(&self, s: &mut Scratch) {
        let days = self.days;
        let base = self.base;
        for k in 0..s.reached_list.len() {
            let asset = s.reached_list[k];
            let Some(Reach { from, to }) = s.reached[asset].take() else {
                continue;
            };
            if let Some(p) = self.past {
                let k = p.slot[asset];
                if k != usize::MAX {
                    // Added by `settle_varying` with this path's own observed outages.
                    s.varying_reach[k] = Some(Reach { from, to });
                    continue;
                }
            }
            let (cap, util, hist) = (
                base.capacity[asset],
                base.utilization[asset],
                &base.hist[asset],
            );
            let row = &mut s.new_offline[asset * days + from..asset * days + to];
            // A day no new strike reached (`n == 0`) adds nothing.
            let deltas = hist[from..to].iter().zip(row).map(|(&h, n)| {
                let n = std::mem::take(n);
                (n > 0.0).then(|| capped(h + n, cap) - h)
            });
            s.national.add_days(from, util, deltas);
        }
        s.reached_list.clear();
    }

    /// For assets whose past varies: this path's observed outages plus the new ones,
    /// capped, against the recorded observed outages the national figures hold.
    fn settle_varying(&self, past: &UncertainPast, s: &mut Scratch) {
        let days = self.days;
        let base = self.base;
        for (k, &asset) in past.assets.iter().enumerate() {
            let (cap, util, hist) = (
                base.capacity[asset],
                base.utilization[asset],
                &base.hist[asset],
            );
            // Only the days where the path's past differs or a new strike reached can
            // add anything; the others are skipped, in the same order of days: the two
            // spans one after the other when they are apart, else the one they make.
            let differs = s.path_differs[k];
            let spans = match s.varying_reach[k].take() {
                None => [differs, Reach { from: 0, to: 0 }],
                Some(r) if differs.from >= differs.to => [r, Reach { from: 0, to: 0 }],
                Some(r) if r.from > differs.to => [differs, r],
                Some(r) if differs.from > r.to => [r, differs],
                Some(r) => [
                    Reach {
                        from: differs.from.min(r.from),
                        to: differs.to.max(r.to),
                    },
                    Reach { from: 0, to: 0 },
                ],
            };
            for Reach { from, to } in spans {
                let to = to.min(days).max(from);
                let row = &mut s.new_offline[asset * days + from..asset * days + to];
                let past = &s.path_hist[k][from..to];
                let deltas = hist[from..to]
                    .iter()
                    .zip(past)
                    .zip(row)
                    .map(|((&h, &past), n)| {
                        let delta = capped(past + std::mem::take(n), cap) - h;
                        (delta != 0.0).then_some(delta)
                    });
                s.national.add_days(from, util, deltas);
            }
        }
    }

    /// Records the touched days of scenario `sc` in the statistics, restores them to the
    /// observed-outage values, and returns the path's totals.
    fn record_days(&self, sc: usize, acc: Option<&mut Accumulator>, s: &mut Scratch) -> PathTotal {
        // Only the days a new strike touched are recorded here; every other day had the
        // observed-outage values, which `Accumulator::finish` adds for all such paths at once.
        if let Some(acc) = acc {
            let national = &s.national;
            let span = national.span();
            // revenue = baseline - offline_w * (1e6 / 365) * (product - diversion * crude),
            // the revenue formula of MODEL.md with the per-day factors precomputed.
            let revenue = &mut s.revenue[span.clone()];
            let factors = national.offline_w[span.clone()]
                .iter()
                .zip(&self.loss_per_mtpa_w[span.clone()])
                .zip(&self.baseline_revenue[span.clone()]);
            for (r, ((w, loss), base)) in revenue.iter_mut().zip(factors) {
                *r = base - w * loss;
            }
            acc.record_days(
                sc,
                TouchedDays {
                    first: span.start,
                    marked: &national.day_marked[span.clone()],
                    offline: &national.offline[span],
                    revenue,
                },
            );
        }
        let mut lost = self.hist_offline_total;
        let mut loss = self.hist_loss_total;
        let national = &mut s.national;
        for &d in &national.touched_days {
            let f = &self.day_factors[d];
            let day_loss = national.offline_w[d] * f.loss_per_mtpa_w;
            lost += national.offline[d] - f.hist_offline;
            loss += day_loss - f.hist_loss;
        }
        // The touched days lie in their span: back to the observed-outage values.
        let span = national.span();
        national.offline[span.clone()].copy_from_slice(&self.hist_offline[span.clone()]);
        national.offline_w[span.clone()].copy_from_slice(&self.hist_offline_w[span.clone()]);
        national.day_marked[span].fill(false);
        national.touched_days.clear();
        (national.first, national.last) = (usize::MAX, 0);
        PathTotal {
            lost: self.base.unit.amount(lost),
            loss_usd: loss,
        }
    }
}

/// Runs the Monte Carlo of MODEL.md for `scenarios`. `progress` is called with the number
/// of paths finished so far. Parallel over rayon's current thread pool; the numbers depend
/// only on the inputs, `paths` and `seed`. (A projection runs its paths with its history
/// band's draws, [`group_stats`].)
#[cfg(test)]
pub(crate) fn monte_carlo(
    base: &Baseline,
    scenarios: &[Scenario],
    reference: Option<usize>,
    options: MonteCarloOptions,
    levels: [f64; 2],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<MonteCarlo, Error> {
    if options.paths == 0 {
        return Err(Error::setting("paths", "at least 1 path", 0));
    }
    let (acc, _) = accumulate(
        base,
        scenarios,
        reference,
        options.seed,
        0..options.paths,
        None,
        progress,
    );
    from_accumulated(base, scenarios, reference, options, acc, levels)
}

/// Simulates paths `range` of the run with `seed` (a shard when it is not all of them):
/// their statistics, to merge with the other shards'. Path `p` is the same path whichever
/// shard runs it. With `history`, the record draws of the same numbers behind the history
/// band are added too: path `p`'s past is record draw `p` of the same seed, so a path that
/// redraws the records adds its own draws, and one that does not (nothing it projects
/// varies) draws them there.
pub(crate) fn accumulate(
    base: &Baseline,
    scenarios: &[Scenario],
    reference: Option<usize>,
    seed: u64,
    range: Range<u64>,
    history: Option<&SeriesDraws<'_>>,
    progress: &(dyn Fn(u64) + Sync),
) -> (Accumulator, Option<DrawStats>) {
    let model = Model::new(base, scenarios, reference);
    let (offline_high, revenue_high) = model.highs();
    let (mut acc, _, history) = par_accumulate_range(
        range,
        CHUNK_PATHS,
        || {
            (
                Accumulator::new(scenarios.len(), model.days, offline_high, revenue_high),
                model.scratch(),
                history.map(SeriesDraws::worker),
            )
        },
        |(acc, scratch, drawn), p| {
            model.simulate(seed, p, Some(acc), scratch);
            let (Some(series), Some(w)) = (history, drawn) else {
                return;
            };
            if let Some(past) = model.past {
                // A record that does not vary is as recorded.
                series.add_drawn(w, |i, strike| match past.position[i] {
                    usize::MAX => Outage::from(strike),
                    v => scratch.drawn[v],
                });
            } else {
                series.add_draw(w, seed, p);
            }
        },
        |a, mut b| {
            b.0.flush();
            a.0.merge(&b.0);
            if let (Some(x), Some(y)) = (&mut a.2, b.2) {
                x.merge(y);
            }
        },
        progress,
    );
    // Every recorded day in the histograms, as a stored shard state needs them.
    acc.flush();
    (acc, history.map(SeriesWorker::finish))
}

/// One group's statistics over paths `range` of the run with `seed`: the scenarios' paths
/// and the record draws behind the history band over the lookback window.
pub(crate) fn group_stats(
    base: &Baseline,
    data: &Dataset,
    settings: &Settings,
    group: &str,
    seed: u64,
    range: Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> GroupStats {
    let options = crate::projection::baseline::history_options(settings);
    SeriesDraws::with(data, settings.lookback_window(), &options, |series| {
        let (paths, history) = accumulate(
            base,
            &settings.scenarios,
            settings.reference(),
            seed,
            range,
            Some(series),
            progress,
        );
        GroupStats {
            group: group.to_owned(),
            paths,
            history: history.expect("the history's draws were asked for"),
        }
    })
}

/// The Monte Carlo results of `acc`, the merged statistics of all `options.paths` paths.
pub(crate) fn from_accumulated(
    base: &Baseline,
    scenarios: &[Scenario],
    reference: Option<usize>,
    options: MonteCarloOptions,
    mut acc: Accumulator,
    levels: [f64; 2],
) -> Result<MonteCarlo, Error> {
    if acc.paths() != options.paths {
        return Err(Error::setting(
            "paths",
            "the statistics of every path of the run",
            acc.paths(),
        ));
    }
    let model = Model::new(base, scenarios, reference);
    acc.finish(&model.hist_offline, &model.hist_revenue());
    let results = acc.bands(scenarios, reference, options.paths, levels);
    Ok(MonteCarlo {
        paths: options.paths,
        seed: options.seed,
        scenarios: results,
    })
}

/// Each path's lost capacity under `scenario` (in the unit's amount), sorted: the sample a
/// backtest scores the observed value against. The same paths as [`monte_carlo`] draws.
pub(crate) fn lost_samples(
    base: &Baseline,
    scenario: &Scenario,
    options: MonteCarloOptions,
) -> Result<Vec<f64>, Error> {
    if options.paths == 0 {
        return Err(Error::setting("paths", "at least 1 path", 0));
    }
    let model = Model::new(base, std::slice::from_ref(scenario), None);
    // Only each path's total is read: no per-day statistics are recorded.
    struct Worker {
        scratch: Scratch,
        lost: Vec<f64>,
    }
    let worker = par_accumulate(
        options.paths,
        CHUNK_PATHS,
        || Worker {
            scratch: model.scratch(),
            lost: Vec::new(),
        },
        |w, p| {
            model.simulate(options.seed, p, None, &mut w.scratch);
            w.lost.push(w.scratch.path_totals[0].lost);
        },
        |a, b| a.lost.extend_from_slice(&b.lost),
        &|_| {},
    );
    let mut lost = worker.lost;
    lost.sort_by(f64::total_cmp);
    Ok(lost)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed outage of 2 on days 1-2 and a varying record recorded as 1 on days 0-1: a
    /// path may stop integrating at entry 3 (the fixed outage over, the rows equal after
    /// it) and at any later one, never before, since the recorded row differs on day 1.
    #[test]
    fn a_path_stops_where_the_fixed_outages_are_over_and_the_rows_agree() {
        let fixed_diff = [0.0, 2.0, 0.0, -2.0, 0.0, 0.0, 0.0];
        let hist = [1.0, 3.0, 2.0, 0.0, 0.0, 0.0];
        let tail = SlotTail::new(&fixed_diff, 5.0, &hist);
        assert_eq!(tail.capped, [0.0, 2.0, 2.0, 0.0, 0.0, 0.0]);
        assert_eq!(tail.next_stop, [3, 3, 3, 3, 4, 5, 6]);
        // Capped at 1.5, the fixed row is 1.5 on days 1-2 and never equals the recorded
        // one there: the first stop is still entry 3.
        let tail = SlotTail::new(&fixed_diff, 1.5, &hist);
        assert_eq!(tail.capped, [0.0, 1.5, 1.5, 0.0, 0.0, 0.0]);
        assert_eq!(tail.next_stop[0], 3);
        // A fixed outage running to the window's end: no stop before the last entry.
        let open = [0.0, 2.0, 0.0, 0.0, 0.0, 0.0, -2.0];
        let tail = SlotTail::new(&open, 5.0, &[1.0, 3.0, 2.0, 2.0, 2.0, 2.0]);
        assert_eq!(tail.next_stop, [6; 7]);
    }
}
