//! The history's bands over draws of the records (MODEL.md, "Record uncertainty"): each
//! draw's national figures and, for charts, per-day and per-month series, gathered in
//! streaming statistics that merge in any order.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::Slate;
use crate::data::{Dataset, Strike};
use crate::error::Error;
use crate::observed::figures::{
    figures, kbd_of, national_offline, DrawOptions, Figures, HistoryOptions,
};
use crate::observed::fuels::{
    any_exports, exports_lost, exports_revenue_lost, tonnes_per_capacity_day, DayExports, FuelPlan,
    PeriodFuels,
};
use crate::observed::power::{DeficitFigures, PeriodBalance};
use crate::observed::records::{record_rng, RecordUncertainty, SpreadCounts};
use crate::observed::stats::{par_accumulate_range, DayCounts, DayStat, Noted};
use crate::observed::timeline::{interval_entries, running_sums, Outage, Timeline, Window};
use crate::units::Unit;

/// The 10th, 50th and 90th percentiles of a figure over record draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The national figures of a period over record draws (MODEL.md, "Record uncertainty").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryBands {
    /// Number of draws.
    pub draws: u64,
    /// Seed.
    pub seed: u64,
    /// What the draws vary.
    pub counts: SpreadCounts,
    /// Lost capacity, in the unit's amount.
    pub lost_capacity: Band,
    /// Lost throughput, in the unit's amount.
    pub lost_throughput: Band,
    /// Mean offline share of national capacity.
    pub mean_offline_share: Band,
    /// Mean offline capacity, kb/d.
    pub mean_offline_kbd: Band,
    /// Peak offline capacity, in the unit.
    pub peak_offline: Band,
    /// Fuels lost, mean tonnes per day of each product (MODEL.md, "Fuels"), where the
    /// group's fuels are given.
    pub fuels_t_per_day: Option<[Band; 5]>,
    /// Exports lost, mean tonnes per day of each product, where the fuels are given.
    pub exports_lost_t_per_day: Option<[Band; 5]>,
    /// Exports lost, mean tonnes per day of all products.
    pub exports_lost_total: Option<Band>,
    /// Export revenue lost over the period, USD, where the exports lost and prices are
    /// given.
    pub exports_revenue_lost_usd: Option<Band>,
    /// Hours without power, where the group's balance covers some day: the peak deficit,
    /// the largest deficit, the unserved energy and the deficit hours per day.
    pub deficit: Option<[Band; 4]>,
}

/// What a history's draws work out beyond capacity and revenue: the fuels and exports lost
/// of a refining group, the hours without power of a power group.
#[derive(Clone, Copy, Default)]
pub(crate) struct Consequences<'a> {
    pub(crate) fuels: Option<&'a PeriodFuels>,
    pub(crate) balance: Option<&'a PeriodBalance>,
}

/// Per-day and per-month bands of national offline capacity over record draws, for charts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesBands {
    /// The days covered.
    pub window: Window,
    /// National offline capacity per day, in the unit.
    pub offline: Vec<Band>,
    /// Lost capacity per calendar month (Mt), with the month's first day.
    pub months: Vec<(NaiveDate, Band)>,
}

/// Draws between two claims of work by a thread.
const CHUNK_DRAWS: u64 = 64;
/// Each figure is binned so that its largest possible value is this many units.
const UNITS_AT_HIGH: f64 = 1e9;

/// One figure's streaming statistic, binned so its largest possible value is
/// [`UNITS_AT_HIGH`] units (quantiles within 0.1 %, exact when every draw agrees).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FigureStat {
    stat: DayStat,
    scale: f64,
}

impl FigureStat {
    fn new(high: f64) -> Self {
        FigureStat {
            stat: DayStat::precise(UNITS_AT_HIGH as u64),
            scale: UNITS_AT_HIGH / high.max(1e-12),
        }
    }

    fn record(&mut self, v: f64) {
        self.stat.record(v, self.scale, 1.0);
    }

    fn band(&self) -> Band {
        Band {
            p10: self.stat.quantile(0.1, self.scale),
            p50: self.stat.quantile(0.5, self.scale),
            p90: self.stat.quantile(0.9, self.scale),
        }
    }
}

/// The statistics of the national figures of MODEL.md over draws, one per figure.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FigureStats {
    lost_capacity: FigureStat,
    lost_throughput: FigureStat,
    mean_offline_share: FigureStat,
    mean_offline_kbd: FigureStat,
    peak_offline: FigureStat,
    /// Fuels lost, then exports lost, mean tonnes per day of each product, then exports
    /// lost of all products (empty: no fuels).
    fuels: Vec<FigureStat>,
    /// Export revenue lost over the period, USD (`None`: not given).
    export_revenue: Option<FigureStat>,
    /// The hours without power's four figures (empty: not given).
    deficit: Vec<FigureStat>,
}

/// Which consequences draws record, and the scales of their statistics.
#[derive(Clone, Copy)]
struct ConsequenceScales {
    /// The fuels and exports lost.
    fuels: bool,
    /// The export revenue lost, at this highest export price (USD/t).
    top_price: Option<f64>,
    /// The hours without power, at this highest hourly demand (MW).
    top_demand: Option<f64>,
}

impl FigureStats {
    /// Empty statistics for a group capacity of `national` in `unit` over `days` days,
    /// with the consequences' that `scales` gives.
    fn new(
        unit: &Unit,
        national: f64,
        days: usize,
        barrels_per_tonne: f64,
        scales: ConsequenceScales,
    ) -> Self {
        let ConsequenceScales {
            fuels,
            top_price,
            top_demand,
        } = scales;
        let high_mt = unit.amount(national * days as f64);
        let high_kbd = kbd_of(unit, national, barrels_per_tonne);
        let high_t = tonnes_per_capacity_day(unit).unwrap_or(1.0) * national;
        FigureStats {
            lost_capacity: FigureStat::new(high_mt),
            lost_throughput: FigureStat::new(high_mt),
            mean_offline_share: FigureStat::new(1.0),
            mean_offline_kbd: FigureStat::new(if high_kbd.is_finite() { high_kbd } else { 1.0 }),
            peak_offline: FigureStat::new(national),
            fuels: if fuels {
                (0..11).map(|_| FigureStat::new(high_t)).collect()
            } else {
                Vec::new()
            },
            export_revenue: top_price.map(|p| FigureStat::new(high_t * days as f64 * p)),
            deficit: top_demand.map_or_else(Vec::new, |mw| {
                let hours = 24.0 * days as f64;
                vec![
                    FigureStat::new(mw),
                    FigureStat::new(mw),
                    FigureStat::new(mw * hours),
                    FigureStat::new(24.0),
                ]
            }),
        }
    }

    fn record_deficit(&mut self, f: &DeficitFigures) {
        let values = [
            f.peak_deficit_mw,
            f.max_deficit_mw,
            f.unserved_mwh,
            f.deficit_hours_per_day,
        ];
        for (stat, v) in self.deficit.iter_mut().zip(values) {
            stat.record(v);
        }
    }

    fn record(&mut self, f: &Figures) {
        self.lost_capacity.record(f.lost_capacity);
        self.lost_throughput.record(f.lost_throughput);
        self.mean_offline_share.record(f.mean_offline_share);
        self.mean_offline_kbd.record(f.mean_offline_kbd);
        self.peak_offline.record(f.peak_offline);
    }

    fn record_fuels(&mut self, t_per_day: &Slate, exports_lost: &Slate, revenue: Option<f64>) {
        let total = exports_lost.iter().sum::<f64>();
        let values = t_per_day.iter().chain(exports_lost).chain([&total]);
        for (stat, v) in self.fuels.iter_mut().zip(values) {
            stat.record(*v);
        }
        if let (Some(stat), Some(v)) = (self.export_revenue.as_mut(), revenue) {
            stat.record(v);
        }
    }

    fn merge(&mut self, o: &FigureStats) {
        self.lost_capacity.stat.merge(&o.lost_capacity.stat);
        self.lost_throughput.stat.merge(&o.lost_throughput.stat);
        self.mean_offline_share
            .stat
            .merge(&o.mean_offline_share.stat);
        self.mean_offline_kbd.stat.merge(&o.mean_offline_kbd.stat);
        self.peak_offline.stat.merge(&o.peak_offline.stat);
        for (a, b) in self.fuels.iter_mut().zip(&o.fuels) {
            a.stat.merge(&b.stat);
        }
        if let (Some(a), Some(b)) = (self.export_revenue.as_mut(), &o.export_revenue) {
            a.stat.merge(&b.stat);
        }
        for (a, b) in self.deficit.iter_mut().zip(&o.deficit) {
            a.stat.merge(&b.stat);
        }
    }

    /// The bands, with the draws that made them.
    fn bands(
        &self,
        draws: DrawOptions,
        counts: crate::observed::records::SpreadCounts,
    ) -> HistoryBands {
        HistoryBands {
            draws: draws.draws,
            seed: draws.seed,
            counts,
            lost_capacity: self.lost_capacity.band(),
            lost_throughput: self.lost_throughput.band(),
            mean_offline_share: self.mean_offline_share.band(),
            mean_offline_kbd: self.mean_offline_kbd.band(),
            peak_offline: self.peak_offline.band(),
            fuels_t_per_day: (!self.fuels.is_empty())
                .then(|| std::array::from_fn(|p| self.fuels[p].band())),
            exports_lost_t_per_day: (!self.fuels.is_empty())
                .then(|| std::array::from_fn(|p| self.fuels[5 + p].band())),
            exports_lost_total: self.fuels.get(10).map(FigureStat::band),
            exports_revenue_lost_usd: self.export_revenue.as_ref().map(FigureStat::band),
            deficit: (!self.deficit.is_empty())
                .then(|| std::array::from_fn(|i| self.deficit[i].band())),
        }
    }
}

/// The statistics one thread gathers: the figures, and with a series the per-day national
/// offline capacity and the per-month lost capacity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DrawStats {
    figures: FigureStats,
    days: Vec<FigureStat>,
    months: Vec<FigureStat>,
}

/// A thread's per-day statistics of a series before they are made: each day's values noted
/// and counted by bucket. A day's [`FigureStat`] (its histogram) is made once, when the
/// thread's draws are all in and merged.
struct DaySeries {
    /// The highest value (national capacity), as the days' statistics are made for it.
    high: f64,
    /// Their histogram units per unit of value.
    scale: f64,
    notes: Vec<Noted>,
    counts: DayCounts,
}

impl DaySeries {
    fn new(high: f64, days: usize) -> Self {
        let layout = FigureStat::new(high);
        DaySeries {
            high,
            scale: layout.scale,
            notes: vec![Noted::NONE; days],
            counts: DayCounts::new(layout.stat.buckets(), days),
        }
    }

    /// Records `v` on day `day`.
    fn record(&mut self, day: usize, v: f64) {
        self.notes[day].note(v, 1.0);
        self.counts.count(day, v, self.scale);
    }

    fn merge(&mut self, other: &DaySeries) {
        for (a, b) in self.notes.iter_mut().zip(&other.notes) {
            a.merge(b);
        }
        self.counts.merge(&other.counts);
    }

    /// Each day's statistic, as recording every value in it would have made it.
    fn stats(mut self) -> Vec<FigureStat> {
        let mut days: Vec<FigureStat> = self
            .notes
            .iter()
            .map(|noted| {
                let mut day = FigureStat::new(self.high);
                noted.add_to(&mut day.stat);
                day
            })
            .collect();
        self.counts.drain_into(&mut days, |f| &mut f.stat);
        days
    }
}

impl Worker {
    fn merge(&mut self, other: Worker) {
        self.stats.merge(&other.stats);
        if let (Some(a), Some(b)) = (&mut self.series, &other.series) {
            a.merge(b);
        }
    }

    /// The statistics, each day's made.
    fn drained(mut self) -> DrawStats {
        if let Some(series) = self.series.take() {
            self.stats.days = series.stats();
        }
        self.stats
    }
}

impl DrawStats {
    /// Empty statistics for figures of a national capacity of `national` Mt/yr over
    /// `days` days, with `months` per-month ones (a series; its per-day ones are made
    /// from a [`DaySeries`]).
    fn new(
        unit: &Unit,
        national: f64,
        days: usize,
        months: usize,
        barrels_per_tonne: f64,
        scales: ConsequenceScales,
    ) -> Self {
        DrawStats {
            figures: FigureStats::new(unit, national, days, barrels_per_tonne, scales),
            // A series' days are made when its draws are in ([`DaySeries`]).
            days: Vec::new(),
            months: vec![FigureStat::new(unit.amount(national * 31.0)); months],
        }
    }

    pub(crate) fn merge(&mut self, other: &DrawStats) {
        self.figures.merge(&other.figures);
        let pairs = self
            .days
            .iter_mut()
            .zip(&other.days)
            .chain(self.months.iter_mut().zip(&other.months));
        for (a, b) in pairs {
            a.stat.merge(&b.stat);
        }
    }
}

/// The first day of each calendar month of `window`, and each day's month (its index).
fn months_of(window: Window) -> (Vec<NaiveDate>, Vec<usize>) {
    let mut keys: Vec<NaiveDate> = window
        .dates()
        .map(|d| d.with_day(1).expect("day 1 exists"))
        .collect();
    keys.dedup();
    let month_of = window
        .dates()
        .map(|d| {
            let key = d.with_day(1).expect("day 1 exists");
            keys.partition_point(|m| *m < key)
        })
        .collect();
    (keys, month_of)
}

/// The bands of the national figures of `window` over `draws` draws of the records.
/// With the `consequences` given, their bands too.
pub(crate) fn draw_figures(
    data: &Dataset,
    window: Window,
    options: &HistoryOptions,
    draws: DrawOptions,
    consequences: Consequences<'_>,
) -> Result<HistoryBands, Error> {
    Ok(
        draw_history(data, window, options, draws, false, consequences)?
            .bands
            .expect("the figures of draws without a series"),
    )
}

/// The per-day and per-month bands of `window` over `draws` draws of the records.
pub(crate) fn draw_series(
    data: &Dataset,
    window: Window,
    options: &HistoryOptions,
    draws: DrawOptions,
) -> Result<SeriesBands, Error> {
    let drawn = draw_history(data, window, options, draws, true, Consequences::default())?;
    Ok(drawn.series.expect("a series was asked for"))
}

/// The per-day and per-month bands of `window` from the merged statistics of every draw.
pub(crate) fn series_of_stats(window: Window, stats: &DrawStats) -> SeriesBands {
    let (month_keys, _) = months_of(window);
    SeriesBands {
        window,
        offline: stats.days.iter().map(FigureStat::band).collect(),
        months: month_keys
            .iter()
            .copied()
            .zip(stats.months.iter().map(FigureStat::band))
            .collect(),
    }
}

/// What draws of the records give: the figures' bands, or the series' when asked for.
struct DrawnHistory {
    bands: Option<HistoryBands>,
    series: Option<SeriesBands>,
}

/// The records as a draw sees them: the assets with a record that varies are recomputed
/// in each draw (each in its slot); the others keep the point timeline's rows.
struct DrawPlan<'a> {
    data: &'a Dataset,
    uncertainty: RecordUncertainty,
    window: Window,
    /// Per asset, its point row when it has an outage in the window and does not vary.
    fixed_rows: Vec<Option<&'a [f64]>>,
    /// The assets that vary, and each asset's slot among them (`usize::MAX`: none).
    varying: Vec<usize>,
    slot: Vec<usize>,
    /// The fuels' plan, where the group's fuels are given, and the outages of the assets
    /// whose strikes differ in their mix and do not vary (the others' come from each draw).
    fuels: Option<&'a FuelPlan>,
    fixed_mixed: Vec<(usize, Outage)>,
    /// Per day, each product's exports (tonnes per day), for the exports lost.
    exports: &'a [DayExports],
    /// Per day, each product's export price (USD/t), for the export revenue lost.
    prices: Option<&'a [Slate]>,
    export_share: Option<f64>,
}

impl<'a> DrawPlan<'a> {
    /// The plan of draws of `data` over `window`; with `fuels`, the fuels' and exports'
    /// too (the figures of a history; a chart's series does not draw them).
    fn new(
        data: &'a Dataset,
        window: Window,
        point: &'a Timeline,
        options: &HistoryOptions,
        fuels: Option<&'a PeriodFuels>,
    ) -> Self {
        let uncertainty = RecordUncertainty::of(data);
        let n = data.assets.len();
        let mut varies = vec![false; n];
        for (i, s) in data.strikes.iter().enumerate() {
            if !uncertainty.spread(i).is_fixed() {
                varies[s.asset] = true;
            }
        }
        let fixed_rows = point
            .offline
            .iter()
            .zip(&varies)
            .map(|(r, v)| (!v && r.iter().any(|x| *x > 0.0)).then_some(&r[..]))
            .collect();
        let varying: Vec<usize> = (0..n).filter(|a| varies[*a]).collect();
        let mut slot = vec![usize::MAX; n];
        for (k, a) in varying.iter().enumerate() {
            slot[*a] = k;
        }
        let exports = fuels.map_or(&[][..], |f| &f.exports[..]);
        let prices = fuels
            .and_then(|f| f.prices.as_ref())
            .filter(|_| any_exports(exports))
            .map(|p| &p.daily[..]);
        let fuels = fuels.map(|f| &f.plan);
        let fixed_mixed = fuels.map_or_else(Vec::new, |f| {
            data.strikes
                .iter()
                .enumerate()
                .filter(|(_, s)| f.mixed(s.asset) && slot[s.asset] == usize::MAX)
                .map(|(i, s)| (i, Outage::from(s)))
                .collect()
        });
        DrawPlan {
            data,
            uncertainty,
            window,
            fixed_rows,
            varying,
            slot,
            fuels,
            fixed_mixed,
            exports,
            export_share: options.export_share,
            prices,
        }
    }

    /// The highest export price of any product and day, USD/t, where the export revenue
    /// lost is given.
    fn top_price(&self) -> Option<f64> {
        self.prices
            .map(|p| p.iter().flatten().copied().fold(0.0, f64::max))
    }

    /// Draw `draw` of the records with `seed`, in data order: record `i` as
    /// [`RecordUncertainty::draw`] draws it (a record that does not vary draws nothing).
    fn drawing(&self, seed: u64, draw: u64) -> impl FnMut(usize, &Strike) -> Outage + '_ {
        let assets = self.data.assets.as_slice();
        let mut rng = record_rng(seed, draw);
        move |i, s| {
            self.uncertainty
                .draw(i, s, assets[s.asset].in_service(), &mut rng)
        }
    }

    /// A draw's offline rows of the varying assets, its records given by `outage` (record
    /// `i` of the data as drawn, in data order), into `diff` (one row of
    /// `days + 1` zeros per slot on entry), integrated and capped over its first `days`
    /// entries, and the entries of each row that may differ from 0 in `spans` (`None`: the
    /// row is all zeros); the drawn outages of the assets whose fuels follow a daily mix are
    /// pushed to `mixed`.
    fn draw_rows(
        &self,
        mut outage: impl FnMut(usize, &Strike) -> Outage,
        diff: &mut [Vec<f64>],
        spans: &mut [Option<(usize, usize)>],
        mixed: &mut Vec<(usize, Outage)>,
    ) {
        let assets = self.data.assets.as_slice();
        let days = self.window.days;
        for (i, s) in self.data.strikes.iter().enumerate() {
            let k = self.slot[s.asset];
            if k == usize::MAX {
                continue;
            }
            let o = outage(i, s);
            if self.fuels.is_some_and(|f| f.mixed(s.asset)) {
                mixed.push((i, o));
            }
            // The outage's part of the window, as `add_interval` adds it.
            let entries = interval_entries(days, self.window.offset(o.date), i64::from(o.days));
            if let Some((lo, hi)) = entries {
                diff[k][lo] += o.mtpa;
                diff[k][hi] -= o.mtpa;
                spans[k] = Some(spans[k].map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            }
        }
        for (k, row) in diff.iter_mut().enumerate() {
            let Some((lo, hi)) = spans[k] else { continue };
            // Entries before `lo` stay 0; after `hi`, where the running sum is back to 0,
            // they are 0 too. Integrating only between gives the same values.
            let acc = running_sums(&mut row[lo..=hi], 0.0);
            let end = if acc == 0.0 || hi >= days {
                hi
            } else {
                running_sums(&mut row[hi + 1..], acc);
                days
            };
            let cap = assets[self.varying[k]].in_service();
            for v in &mut row[lo..=end.min(days - 1)] {
                *v = v.min(cap);
            }
            spans[k] = Some((lo, end));
        }
    }

    /// Every asset's row for a draw whose varying rows are `diff` (a row of zeros, as
    /// `spans` says, left out: it adds nothing).
    fn rows<'b>(
        &'b self,
        diff: &'b [Vec<f64>],
        spans: &[Option<(usize, usize)>],
    ) -> Vec<Option<&'b [f64]>> {
        let days = self.window.days;
        let mut rows = self.fixed_rows.clone();
        for (k, a) in self.varying.iter().enumerate() {
            rows[*a] = spans[k].map(|_| &diff[k][..days]);
        }
        rows
    }
}

/// One thread's buffers and statistics.
struct Worker {
    stats: DrawStats,
    /// With a series, its per-day statistics before they are made (`stats.days` is empty
    /// until then).
    series: Option<DaySeries>,
    diff: Vec<Vec<f64>>,
    spans: Vec<Option<(usize, usize)>>,
    mixed: Vec<(usize, Outage)>,
    daily: Vec<Slate>,
    total: Vec<f64>,
    month_sums: Vec<f64>,
}

/// Draws the records `draws.draws` times over `window` and gives the bands of the national
/// figures, or with `series` the per-day and per-month bands. Parallel over rayon's
/// thread pool; the numbers depend only on the inputs and the draw options.
fn draw_history(
    data: &Dataset,
    window: Window,
    options: &HistoryOptions,
    draws: DrawOptions,
    series: bool,
    consequences: Consequences<'_>,
) -> Result<DrawnHistory, Error> {
    if draws.draws == 0 {
        return Err(Error::setting("draws", "at least 1 draw of the records", 0));
    }
    let (stats, counts) = accumulate_draws(
        data,
        window,
        options,
        draws.seed,
        0..draws.draws,
        series,
        consequences,
    );
    Ok(DrawnHistory {
        bands: (!series).then(|| stats.figures.bands(draws, counts)),
        series: series.then(|| series_of_stats(window, &stats)),
    })
}

/// What draws of the records over a window gather, and how: the plan of the draws, each
/// day's month, the group's unit and national capacity, and what beyond the offline
/// capacity the draws work out.
struct Gather<'a> {
    data: &'a Dataset,
    window: Window,
    options: &'a HistoryOptions,
    plan: DrawPlan<'a>,
    balance: Option<&'a PeriodBalance>,
    month_keys: Vec<NaiveDate>,
    month_of: Vec<usize>,
    national: f64,
    unit: Unit,
    series: bool,
}

impl<'a> Gather<'a> {
    /// What draws of `data`'s records over `window` gather (with `series`, the per-day and
    /// per-month statistics instead of the figures'), the point timeline being `point`.
    fn new(
        data: &'a Dataset,
        window: Window,
        point: &'a Timeline,
        options: &'a HistoryOptions,
        series: bool,
        consequences: Consequences<'a>,
    ) -> Self {
        let (month_keys, month_of) = if series {
            months_of(window)
        } else {
            (Vec::new(), Vec::new())
        };
        Gather {
            data,
            window,
            options,
            plan: DrawPlan::new(data, window, point, options, consequences.fuels),
            balance: consequences.balance.filter(|b| b.covered() > 0),
            month_keys,
            month_of,
            national: data.assets.total_capacity(),
            unit: data.assets.unit(),
            series,
        }
    }

    /// One thread's empty statistics and buffers.
    fn worker(&self) -> Worker {
        let (plan, days) = (&self.plan, self.window.days);
        Worker {
            stats: DrawStats::new(
                &self.unit,
                self.national,
                days,
                self.month_keys.len(),
                self.options.barrels_per_tonne,
                ConsequenceScales {
                    fuels: plan.fuels.is_some(),
                    top_price: plan.top_price(),
                    top_demand: self.balance.map(PeriodBalance::top_demand),
                },
            ),
            series: self.series.then(|| DaySeries::new(self.national, days)),
            diff: vec![vec![0.0; days + 1]; plan.varying.len()],
            spans: vec![None; plan.varying.len()],
            mixed: Vec::new(),
            daily: Vec::new(),
            total: Vec::with_capacity(days),
            month_sums: vec![0.0; self.month_keys.len()],
        }
    }

    /// Adds one draw to `w`, its records given by `outage` (record `i` of the data as
    /// drawn, in data order).
    fn add(&self, w: &mut Worker, outage: impl FnMut(usize, &Strike) -> Outage) {
        let (plan, data, days) = (&self.plan, self.data, self.window.days);
        plan.draw_rows(outage, &mut w.diff, &mut w.spans, &mut w.mixed);
        let rows = plan.rows(&w.diff, &w.spans);
        if self.series {
            national_offline(&rows, days, &mut w.total);
        } else {
            let f = figures(&data.assets, &rows, days, self.options, &mut w.total);
            w.stats.figures.record(&f);
        }
        if let Some(d) = self
            .balance
            .and_then(|b| b.figures(w.total.iter().copied()))
        {
            w.stats.figures.record_deficit(&d);
        }
        if let Some(fuels) = &plan.fuels {
            let mixes = fuels.mixes(
                data.assets.len(),
                plan.fixed_mixed.iter().copied().chain(w.mixed.drain(..)),
                self.window,
            );
            w.daily.clear();
            w.daily.resize(days, [0.0; 5]);
            let t = fuels.tonnes(&rows, &mixes, Some(&mut w.daily));
            let lost = exports_lost(&w.daily, plan.exports, plan.export_share);
            let revenue = plan
                .prices
                .map(|p| exports_revenue_lost(&w.daily, plan.exports, plan.export_share, p));
            let n = days.max(1) as f64;
            w.stats
                .figures
                .record_fuels(&t.map(|v| v / n), &lost.map(|v| v / n), revenue);
        }
        if let Some(series) = &mut w.series {
            w.month_sums.iter_mut().for_each(|m| *m = 0.0);
            for (d, (v, m)) in w.total.iter().zip(&self.month_of).enumerate() {
                series.record(d, *v);
                w.month_sums[*m] += self.unit.amount(*v);
            }
            for (stat, v) in w.stats.months.iter_mut().zip(&w.month_sums) {
                stat.record(*v);
            }
        }
        for (row, span) in w.diff.iter_mut().zip(&mut w.spans) {
            if let Some((lo, end)) = span.take() {
                row[lo..=end].fill(0.0);
            }
        }
    }
}

/// The statistics of draws `range` of the records over `window` (the per-day and per-month
/// ones instead of the figures' when `series` is asked for), and the counts of the records
/// that vary.
/// Parallel over rayon's thread pool; the numbers depend only on the inputs, the seed and
/// the range.
fn accumulate_draws(
    data: &Dataset,
    window: Window,
    options: &HistoryOptions,
    seed: u64,
    range: Range<u64>,
    series: bool,
    consequences: Consequences<'_>,
) -> (DrawStats, crate::observed::records::SpreadCounts) {
    let point = Timeline::build(&data.assets, &data.strikes, window);
    let gather = Gather::new(data, window, &point, options, series, consequences);
    let worker = par_accumulate_range(
        range,
        CHUNK_DRAWS,
        || gather.worker(),
        |w, draw| gather.add(w, gather.plan.drawing(seed, draw)),
        |a, b| a.merge(b),
        &|_| {},
    );
    (worker.drained(), gather.plan.uncertainty.counts())
}

/// The per-day and per-month statistics of a history band over record draws, for a caller
/// that draws the records itself: the Monte Carlo, whose path `p` draws the records as
/// draw `p` of the same seed does, adds each path's draws here rather than drawing them
/// again. The statistics are those [`draw_series`] gathers for its bands.
pub(crate) struct SeriesDraws<'a>(Gather<'a>);

/// One thread's share of a [`SeriesDraws`]' statistics.
pub(crate) struct SeriesWorker(Worker);

impl SeriesDraws<'_> {
    /// Calls `f` with the series draws of `data`'s records over `window`.
    pub(crate) fn with<R>(
        data: &Dataset,
        window: Window,
        options: &HistoryOptions,
        f: impl FnOnce(&SeriesDraws<'_>) -> R,
    ) -> R {
        let point = Timeline::build(&data.assets, &data.strikes, window);
        let gather = Gather::new(data, window, &point, options, true, Consequences::default());
        f(&SeriesDraws(gather))
    }

    pub(crate) fn worker(&self) -> SeriesWorker {
        SeriesWorker(self.0.worker())
    }

    /// Adds a draw whose records are given: record `i` of the data, as drawn, is
    /// `outage(i, strike)` (called in data order, for the records of the assets that vary).
    pub(crate) fn add_drawn(
        &self,
        w: &mut SeriesWorker,
        outage: impl FnMut(usize, &Strike) -> Outage,
    ) {
        self.0.add(&mut w.0, outage);
    }

    /// Adds draw `draw` of the records with `seed`, drawn here.
    pub(crate) fn add_draw(&self, w: &mut SeriesWorker, seed: u64, draw: u64) {
        self.0.add(&mut w.0, self.0.plan.drawing(seed, draw));
    }
}

impl SeriesWorker {
    pub(crate) fn merge(&mut self, other: SeriesWorker) {
        self.0.merge(other.0);
    }

    /// The statistics, to merge with other shards' or read with [`series_of_stats`].
    pub(crate) fn finish(self) -> DrawStats {
        self.0.drained()
    }
}
