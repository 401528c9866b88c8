//! The output tables of a projection: daily series, per-asset series, summary.

use crate::data::{Table, Values};
use crate::error::Error;
use crate::observed::revenue::{day_revenue, DayRevenue};
use crate::projection::expected::{Projection, ScenarioResult, Summary};
use crate::projection::montecarlo_stats::{Bands, Quantiles, ScenarioBands};
use crate::studies::backtest::Backtest;
use crate::units::Quantity::{Amount, Capacity, Throughput};
use crate::units::Unit;

/// Name of the rows that hold observed history before the as-of date in the daily table.
pub(crate) const OBSERVED: &str = "observed";

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet (zstd).
    Parquet,
    /// A JSON array of row objects.
    Json,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Json => "json",
        }
    }

    /// The format a file's extension names (`.parquet`/`.pq`, `.json`, `.csv`), if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The table's bytes in this format.
    pub fn render(self, table: &Table) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        match self {
            Format::Csv => table.write_csv(&mut out)?,
            #[cfg(feature = "parquet")]
            Format::Parquet => table.write_parquet(&mut out)?,
            #[cfg(not(feature = "parquet"))]
            Format::Parquet => {
                return Err(Error::Table(
                    "Parquet needs the crate's `parquet` feature, which this build leaves out"
                        .into(),
                ))
            }
            Format::Json => table.write_json(&mut out)?,
        }
        Ok(out)
    }
}

/// The daily table's columns of fuels lost, tonnes, in [`crate::data::Product::ALL`] order.
pub(crate) const FUEL_COLUMNS: [&str; 5] =
    ["gasoline_t", "diesel_t", "jet_t", "fuel_oil_t", "other_t"];

/// The daily table: the observed days of the lookback window (scenario `observed`), then
/// one row per scenario and projected day.
///
/// Columns: `scenario, date, offline_mtpa, online_mtpa, offline_share, throughput_t,
/// revenue_usd, revenue_loss_usd, baseline_revenue_usd, unprocessed_t, multiplier,
/// expected_strikes`, then `observed_offline_mtpa` when strikes after the as-of date are
/// loaded, then with Monte Carlo `offline_mtpa_{mean,p10,p50,p90}` and
/// `revenue_usd_{mean,p10,p50,p90}` (on the observed rows, `offline_mtpa_p10/p50/p90` are
/// the band over record draws).
pub(crate) fn daily(p: &Projection) -> Table {
    let national = p.national_capacity;
    let unit = &p.unit;
    let mut rows = DailyRows::default();
    rows.observed_days(p);
    rows.projected_days(p);
    let DailyRows {
        scenario,
        date,
        offline,
        revenue,
        multiplier,
        expected,
        observed,
        mc_off,
        mc_rev,
        fuels,
        exports_lost,
        power,
    } = rows;
    let mut t = Table::default();
    t.push("scenario", Values::Text(scenario));
    t.push("date", Values::Date(date));
    t.push(
        &unit.key("offline", Capacity),
        Values::Float(offline.clone()),
    );
    t.push(
        &unit.key("online", Capacity),
        Values::Float(offline.iter().map(|o| national - o).collect()),
    );
    t.push(
        "offline_share",
        Values::Float(offline.iter().map(|o| o / national).collect()),
    );
    let money = |get: fn(&DayRevenue) -> f64| Values::Float(revenue.iter().map(get).collect());
    t.push(&unit.key("throughput", Throughput), money(|r| r.throughput));
    t.push("revenue_usd", money(|r| r.revenue_usd));
    t.push("revenue_loss_usd", money(|r| r.revenue_loss_usd));
    t.push("baseline_revenue_usd", money(|r| r.baseline_revenue_usd));
    t.push(
        &unit.key("unprocessed", Throughput),
        money(|r| r.unprocessed),
    );
    t.push("multiplier", Values::Float(multiplier));
    t.push("expected_strikes", Values::Float(expected));
    if p.observed.is_some() {
        t.push(
            &unit.key("observed_offline", Capacity),
            Values::Float(observed),
        );
    }
    // Fuels and exports lost (MODEL.md, "Fuels"), on the projected days.
    if p.scenarios.iter().any(|s| s.path.fuels.is_some()) {
        for (k, col) in FUEL_COLUMNS.iter().enumerate() {
            t.push(col, Values::Float(fuels.iter().map(|f| f[k]).collect()));
        }
    }
    if p.scenarios.iter().any(|s| s.path.exports_lost.is_some()) {
        t.push("exports_lost_t", Values::Float(exports_lost));
    }
    // The power balance (MODEL.md, "Hours without power"), on the projected days.
    if p.scenarios.iter().any(|s| s.path.power.is_some()) {
        for (k, col) in crate::observed::power::POWER_COLUMNS.iter().enumerate() {
            t.push(col, Values::Float(power.iter().map(|d| d[k]).collect()));
        }
    }
    if p.monte_carlo.is_some() {
        mc_off.into_table(&mut t, &unit.key("offline", Capacity));
        mc_rev.into_table(&mut t, "revenue_usd");
    }
    t
}

/// The daily table's rows, column by column: the observed days, then each scenario's
/// projected days.
#[derive(Default)]
struct DailyRows {
    scenario: Vec<String>,
    date: Vec<chrono::NaiveDate>,
    offline: Vec<f64>,
    revenue: Vec<DayRevenue>,
    multiplier: Vec<f64>,
    expected: Vec<f64>,
    observed: Vec<f64>,
    mc_off: BandColumns,
    mc_rev: BandColumns,
    /// Fuels lost per day, tonnes (NaN on observed days and without fuels).
    fuels: Vec<crate::data::Slate>,
    /// Exports lost per day, tonnes (NaN on observed days and without export figures).
    exports_lost: Vec<f64>,
    /// The power balance per day (NaN on observed days and without a balance).
    power: Vec<crate::observed::power::PowerDay>,
}

impl DailyRows {
    /// The observed days of the lookback window (scenario `observed`), with their band over
    /// record draws where there is one.
    fn observed_days(&mut self, p: &Projection) {
        let capacity_w = p.baseline.capacity_w();
        let (hwin, hist) = (&p.history.window, &p.history.offline);
        for (i, d) in hwin.dates().enumerate() {
            self.scenario.push(OBSERVED.to_owned());
            self.date.push(d);
            self.offline.push(hist[i]);
            let price = p.history_prices[i].as_ref();
            self.revenue.push(day_revenue(
                &p.unit,
                capacity_w,
                p.history_w[i],
                price.map_or(f64::NAN, |x| x.product_usd_t),
                price.map_or(f64::NAN, |x| x.crude_usd_t),
                p.settings.diversion,
            ));
            self.multiplier.push(f64::NAN);
            self.expected.push(f64::NAN);
            self.observed.push(hist[i]);
            self.fuels.push([f64::NAN; 5]);
            self.exports_lost.push(f64::NAN);
            self.power.push([f64::NAN; 4]);
            match &p.history_band {
                Some(band) => {
                    // The observed days' band over record draws (no mean is kept for it).
                    self.mc_off
                        .push(f64::NAN, band[i].p10, band[i].p50, band[i].p90);
                }
                None => self.mc_off.push_missing(),
            }
            self.mc_rev.push_missing();
        }
    }

    /// One row per scenario and projected day, with the Monte Carlo bands where run.
    fn projected_days(&mut self, p: &Projection) {
        for result in &p.scenarios {
            let (path, bands) = (&result.path, result.bands.as_ref());
            for (i, d) in p.window.dates().enumerate() {
                self.scenario.push(path.scenario.name.clone());
                self.date.push(d);
                self.offline.push(path.offline[i]);
                self.revenue.push(path.revenue[i]);
                self.multiplier.push(path.multiplier[i]);
                self.expected.push(path.expected_strikes[i]);
                self.observed
                    .push(p.observed.as_ref().map_or(f64::NAN, |o| o[i]));
                self.fuels
                    .push(path.fuels.as_ref().map_or([f64::NAN; 5], |f| f[i]));
                self.exports_lost
                    .push(path.exports_lost.as_ref().map_or(f64::NAN, |x| x[i]));
                self.power
                    .push(path.power.as_ref().map_or([f64::NAN; 4], |x| x[i]));
                match bands {
                    Some(b) => {
                        self.mc_off.push_day(&b.offline, i);
                        self.mc_rev.push_day(&b.revenue, i);
                    }
                    None => {
                        self.mc_off.push_missing();
                        self.mc_rev.push_missing();
                    }
                }
            }
        }
    }
}

/// The `_mean, _p10, _p50, _p90` columns of one figure, a row at a time.
#[derive(Default)]
struct BandColumns {
    mean: Vec<f64>,
    p10: Vec<f64>,
    p50: Vec<f64>,
    p90: Vec<f64>,
}

impl BandColumns {
    fn push(&mut self, mean: f64, p10: f64, p50: f64, p90: f64) {
        self.mean.push(mean);
        self.p10.push(p10);
        self.p50.push(p50);
        self.p90.push(p90);
    }

    /// Day `i` of Monte Carlo bands.
    fn push_day(&mut self, b: &Bands, i: usize) {
        self.push(b.mean[i], b.p10[i], b.p50[i], b.p90[i]);
    }

    /// A row with no band (empty cells).
    fn push_missing(&mut self) {
        self.push(f64::NAN, f64::NAN, f64::NAN, f64::NAN);
    }

    fn into_table(self, t: &mut Table, figure: &str) {
        t.push(&format!("{figure}_mean"), Values::Float(self.mean));
        t.push(&format!("{figure}_p10"), Values::Float(self.p10));
        t.push(&format!("{figure}_p50"), Values::Float(self.p50));
        t.push(&format!("{figure}_p90"), Values::Float(self.p90));
    }
}

/// The per-asset table: `scenario, date, asset_id, offline_mtpa, online_mtpa, offline_share`
/// for each scenario, projected day and asset with any capacity offline in the scenario.
pub(crate) fn per_asset(p: &Projection) -> Table {
    let mut scenario = Vec::new();
    let mut date = Vec::new();
    let mut asset = Vec::new();
    let mut offline = Vec::new();
    let mut online = Vec::new();
    let mut share = Vec::new();
    for path in p.scenarios.iter().map(|s| &s.path) {
        for (a, series) in path.asset_offline.iter().enumerate() {
            if series.iter().all(|v| *v == 0.0) {
                continue;
            }
            let cap = p.baseline.capacity[a];
            for (i, d) in p.window.dates().enumerate() {
                scenario.push(path.scenario.name.clone());
                date.push(d);
                asset.push(p.asset_ids[a].clone());
                offline.push(series[i]);
                online.push(cap - series[i]);
                share.push(series[i] / cap);
            }
        }
    }
    let mut t = Table::default();
    t.push("scenario", Values::Text(scenario));
    t.push("date", Values::Date(date));
    t.push("asset_id", Values::Text(asset));
    t.push(&p.unit.key("offline", Capacity), Values::Float(offline));
    t.push(&p.unit.key("online", Capacity), Values::Float(online));
    t.push("offline_share", Values::Float(share));
    t
}

/// The summary table, one row per scenario over the projected days.
///
/// Columns: `scenario, lost_capacity_mt, lost_throughput_mt, mean_offline_share,
/// revenue_usd, revenue_loss_usd, gain_capacity_mt, gain_revenue_usd` (gains empty for the
/// reference), then `first_day, last_day, days, truce_start, truce_days, compliance,
/// extended, expected_strikes`, `observed_lost_capacity_mt` when the loaded strikes cover
/// the projected days, and with Monte Carlo the `_mean, _p10, _p50, _p90` of lost capacity,
/// revenue loss and both gains.
pub(crate) fn summary(p: &Projection) -> Table {
    let s: Vec<&Summary> = p.summaries().collect();
    let f = |get: &dyn Fn(usize) -> f64| Values::Float((0..s.len()).map(get).collect());
    let mut t = Table::default();
    t.push(
        "scenario",
        Values::Text(s.iter().map(|x| x.scenario.clone()).collect()),
    );
    t.push(
        &p.unit.key("lost_capacity", Amount),
        f(&|i| s[i].lost_capacity),
    );
    t.push(
        &p.unit.key("lost_throughput", Amount),
        f(&|i| s[i].lost_throughput),
    );
    t.push("mean_offline_share", f(&|i| s[i].mean_offline_share));
    t.push("revenue_usd", f(&|i| s[i].revenue_usd));
    t.push("revenue_loss_usd", f(&|i| s[i].revenue_loss_usd));
    t.push(
        &p.unit.key("gain_capacity", Amount),
        f(&|i| s[i].gain_capacity.unwrap_or(f64::NAN)),
    );
    t.push(
        "gain_revenue_usd",
        f(&|i| s[i].gain_revenue_usd.unwrap_or(f64::NAN)),
    );
    let n = s.len();
    t.push("first_day", Values::Date(vec![p.window.start; n]));
    t.push("last_day", Values::Date(vec![p.window.last(); n]));
    t.push("days", Values::Int(vec![p.window.days as i64; n]));
    truce_columns(&mut t, p);
    t.push(
        "expected_strikes",
        f(&|i| p.scenarios[i].path.expected_strikes.iter().sum()),
    );
    if let Some(obs) = &p.observed {
        let total = if obs.iter().all(|v| v.is_finite()) {
            p.unit.amount(obs.iter().sum::<f64>())
        } else {
            f64::NAN
        };
        t.push(
            &p.unit.key("observed_lost_capacity", Amount),
            Values::Float(vec![total; n]),
        );
    }
    // Fuels lost (MODEL.md, "Fuels"), for a group of refineries whose yields are known.
    if s.iter().any(|x| x.fuels_t_per_day.is_some()) {
        // Tonnes per day, then the same in thousand barrels per day at each product's own
        // barrels per tonne, as `history` gives them.
        for (unit, kbd) in [("t_per_day", false), ("kbd", true)] {
            for gain in [false, true] {
                for product in crate::data::Product::ALL {
                    let k = product as usize;
                    let scale = if kbd {
                        product.barrels_per_tonne() / crate::units::BARRELS_PER_KB
                    } else {
                        1.0
                    };
                    let name = format!(
                        "{}{}_{unit}",
                        if gain { "gain_" } else { "" },
                        product.name()
                    );
                    t.push(
                        &name,
                        f(&|i| {
                            let v = if gain {
                                s[i].gain_fuels_t_per_day
                            } else {
                                s[i].fuels_t_per_day
                            };
                            v.map_or(f64::NAN, |v| v[k] * scale)
                        }),
                    );
                }
            }
        }
        t.push(
            "exports_lost_t_per_day",
            f(&|i| s[i].exports_lost_t_per_day.unwrap_or(f64::NAN)),
        );
        t.push(
            "gain_exports_lost_t_per_day",
            f(&|i| s[i].gain_exports_lost_t_per_day.unwrap_or(f64::NAN)),
        );
        if s.iter().any(|x| x.exports_revenue_lost_usd.is_some()) {
            t.push(
                "exports_revenue_lost_usd",
                f(&|i| s[i].exports_revenue_lost_usd.unwrap_or(f64::NAN)),
            );
            t.push(
                "gain_exports_revenue_lost_usd",
                f(&|i| s[i].gain_exports_revenue_lost_usd.unwrap_or(f64::NAN)),
            );
        }
    }
    // Hours without power (MODEL.md, "Hours without power"), for a power group whose
    // balance covers some projected day.
    if s.iter().any(|x| x.deficit.is_some()) {
        type Figure = fn(&crate::observed::power::DeficitFigures) -> f64;
        let figures: [(&str, Figure); 4] = [
            ("peak_deficit_mw", |d| d.peak_deficit_mw),
            ("max_deficit_mw", |d| d.max_deficit_mw),
            ("unserved_mwh", |d| d.unserved_mwh),
            ("deficit_hours_per_day", |d| d.deficit_hours_per_day),
        ];
        for (name, get) in figures {
            t.push(name, f(&|i| s[i].deficit.as_ref().map_or(f64::NAN, get)));
        }
        t.push(
            "balance_days",
            f(&|i| s[i].deficit.map_or(f64::NAN, |d| d.balance_days as f64)),
        );
        for (name, get) in figures {
            t.push(
                &format!("gain_{name}"),
                f(&|i| s[i].gain_deficit.as_ref().map_or(f64::NAN, |g| get(&g.0))),
            );
        }
    }
    if let Some(mc) = &p.monte_carlo {
        quantile_columns(&mut t, p);
        t.push("paths", Values::UInt(vec![mc.paths; n]));
        t.push("seed", Values::UInt(vec![mc.seed; n]));
    }
    t
}

/// The summary's truce columns: `truce_start, truce_days, compliance, extended` (empty for a
/// scenario without a truce).
fn truce_columns(t: &mut Table, p: &Projection) {
    let n = p.scenarios.len();
    let f = |get: &dyn Fn(usize) -> f64| Values::Float((0..n).map(get).collect());
    let truce = |i: usize| p.scenarios[i].path.scenario.truce;
    t.push(
        "truce_start",
        Values::MaybeDate((0..n).map(|i| truce(i).map(|t| t.start)).collect()),
    );
    t.push(
        "truce_days",
        Values::MaybeInt(
            (0..n)
                .map(|i| truce(i).map(|t| i64::from(t.days)))
                .collect(),
        ),
    );
    t.push(
        "compliance",
        f(&|i| truce(i).map_or(f64::NAN, |t| t.compliance)),
    );
    t.push(
        "extended",
        Values::MaybeBool((0..n).map(|i| truce(i).map(|t| t.extended)).collect()),
    );
}

/// The summary's Monte Carlo columns: the `_mean, _p10, _p50, _p90` of lost capacity,
/// revenue loss and both gains (gains empty for the reference).
fn quantile_columns(t: &mut Table, p: &Projection) {
    let n = p.scenarios.len();
    let q = |name: &str, t: &mut Table, get: &dyn Fn(usize) -> Option<Quantiles>| {
        let col = |pick: fn(&Quantiles) -> f64| {
            Values::Float(
                (0..n)
                    .map(|i| get(i).map_or(f64::NAN, |q| pick(&q)))
                    .collect(),
            )
        };
        t.push(&format!("{name}_mean"), col(|q| q.mean));
        t.push(&format!("{name}_p10"), col(|q| q.p10));
        t.push(&format!("{name}_p50"), col(|q| q.p50));
        t.push(&format!("{name}_p90"), col(|q| q.p90));
    };
    let sc = |i: usize| p.scenarios[i].bands.as_ref();
    q(&p.unit.key("lost_capacity", Amount), t, &|i| {
        sc(i).map(|b| b.lost_capacity)
    });
    q("revenue_loss_usd", t, &|i| {
        sc(i).map(|b| b.revenue_loss_usd)
    });
    q(&p.unit.key("gain_capacity", Amount), t, &|i| {
        sc(i).and_then(|b| b.gain_capacity)
    });
    q("gain_revenue_usd", t, &|i| {
        sc(i).and_then(|b| b.gain_revenue_usd)
    });
}

impl crate::observed::History {
    /// The tables `history --out` writes, by name: `summary` (one row of the national
    /// figures, the `--json` object's values, dates as dates), `daily`, `assets` (every
    /// asset with `every`, else those with an outage in the period) and `strikes`. `data` and
    /// `options` are the history's own.
    pub fn tables(
        &self,
        data: &crate::data::Dataset,
        options: crate::observed::HistoryOptions,
        every: bool,
    ) -> Result<Vec<(&'static str, Table)>, Error> {
        let days = crate::observed::history::history_days(data, self.from, self.to, options)?;
        Ok(vec![
            ("summary", history_summary(self)?),
            ("daily", history_daily(&days, &self.unit)),
            ("assets", history_assets(self, data, every)),
            ("strikes", history_strikes(self)),
        ])
    }
}

/// One row of a history's national figures: the `--json` object's values (named for the
/// unit), dates as dates, counts as whole numbers.
fn history_summary(h: &crate::observed::History) -> Result<Table, Error> {
    let json = serde_json::to_value(h).map_err(|e| Error::Table(e.into()))?;
    let mut t = Table::default();
    t.push("group", Values::Text(vec![h.group.clone()]));
    t.push("unit", Values::Text(vec![h.unit.name().to_owned()]));
    for (key, value) in json.as_object().into_iter().flatten() {
        if key == "group" || key == "unit" {
            // Already the first two columns.
            continue;
        }
        let column = match value {
            serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => {
                Values::Int(vec![n.as_i64().unwrap_or(i64::MAX)])
            }
            serde_json::Value::Number(n) => Values::Float(vec![n.as_f64().unwrap_or(f64::NAN)]),
            serde_json::Value::Null => Values::Float(vec![f64::NAN]),
            serde_json::Value::String(text) => match text.parse::<chrono::NaiveDate>() {
                Ok(d) => Values::Date(vec![d]),
                Err(_) => Values::Text(vec![text.clone()]),
            },
            _ => continue,
        };
        t.push(key, column);
    }
    Ok(t)
}

impl crate::studies::sensitivity::Tornado {
    /// The tornado table `sensitivity` writes (`tornado.<ext>`): `input, low, high, base,
    /// value_at_low, value_at_high, swing, base_value`, largest swing first.
    pub fn table(&self) -> Table {
        let b = &self.bars;
        let f = |get: &dyn Fn(usize) -> f64| Values::Float((0..b.len()).map(get).collect());
        let mut table = Table::default();
        table.push(
            "input",
            Values::Text(b.iter().map(|x| x.factor.input.name().to_owned()).collect()),
        );
        table.push("low", f(&|i| b[i].factor.low));
        table.push("high", f(&|i| b[i].factor.high));
        table.push("base", f(&|i| b[i].factor.base));
        table.push("value_at_low", f(&|i| b[i].at_low));
        table.push("value_at_high", f(&|i| b[i].at_high));
        table.push("swing", f(&|i| b[i].swing()));
        table.push("base_value", f(&|_| self.base_value));
        table
    }
}

impl crate::studies::sensitivity::Sobol {
    /// The Sobol' table `sensitivity` writes (`sobol.<ext>`): `input, low, high, base,
    /// first_order, first_order_low, first_order_high, total_order, total_order_low,
    /// total_order_high`, in input order.
    pub fn table(&self) -> Table {
        let x = &self.indices;
        let f = |get: &dyn Fn(usize) -> f64| Values::Float((0..x.len()).map(get).collect());
        let mut table = Table::default();
        table.push(
            "input",
            Values::Text(x.iter().map(|i| i.factor.input.name().to_owned()).collect()),
        );
        table.push("low", f(&|i| x[i].factor.low));
        table.push("high", f(&|i| x[i].factor.high));
        table.push("base", f(&|i| x[i].factor.base));
        table.push("first_order", f(&|i| x[i].first_order));
        table.push("first_order_low", f(&|i| x[i].first_order_ci.low));
        table.push("first_order_high", f(&|i| x[i].first_order_ci.high));
        table.push("total_order", f(&|i| x[i].total_order));
        table.push("total_order_low", f(&|i| x[i].total_order_ci.low));
        table.push("total_order_high", f(&|i| x[i].total_order_ci.high));
        table
    }
}

/// The table `sweep` writes (`sweep.<ext>`) of `rows`, the combinations of `group`'s sweep
/// in `unit`.
pub fn sweep_table(rows: &[crate::studies::sweep::SweepRow], group: &str, unit: &Unit) -> Table {
    sweep(rows, group, unit)
}

impl Backtest {
    /// The rows table `backtest` writes (`backtest.<ext>`): one row per arrival model,
    /// lookback window and as-of date, amounts in `unit`'s amount.
    pub fn rows_table(&self, unit: &Unit) -> Table {
        backtest_rows(self, unit)
    }

    /// The scores table `backtest` writes (`scores.<ext>`): one row per arrival model and
    /// lookback window.
    pub fn scores_table(&self) -> Table {
        backtest_scores(self)
    }

    /// Every path's value in long form, as `backtest --samples-out` writes it for `group`
    /// (the run must keep its samples: [`BacktestOptions::keep_samples`]).
    ///
    /// [`BacktestOptions::keep_samples`]: crate::studies::backtest::BacktestOptions
    pub fn samples_table(&self, group: &str) -> Table {
        backtest_samples(&[(group.to_owned(), self)])
    }
}

impl Projection {
    /// The daily table: the observed days of the lookback window (scenario `observed`), then
    /// one row per scenario and projected day.
    ///
    /// Columns: `scenario, date, offline_mtpa, online_mtpa, offline_share, throughput_t,
    /// revenue_usd, revenue_loss_usd, baseline_revenue_usd, unprocessed_t, multiplier,
    /// expected_strikes`, then `observed_offline_mtpa` when strikes after the as-of date are
    /// loaded, then with Monte Carlo `offline_mtpa_{mean,p10,p50,p90}` and
    /// `revenue_usd_{mean,p10,p50,p90}` (on the observed rows, `offline_mtpa_p10/p50/p90` are
    /// the band over record draws).
    pub fn daily_table(&self) -> Table {
        daily(self)
    }

    /// The summary table, one row per scenario over the projected days.
    ///
    /// Columns: `scenario, lost_capacity_mt, lost_throughput_mt, mean_offline_share,
    /// revenue_usd, revenue_loss_usd, gain_capacity_mt, gain_revenue_usd` (gains empty for the
    /// reference), then `first_day, last_day, days, truce_start, truce_days, compliance,
    /// extended, expected_strikes`, `observed_lost_capacity_mt` when the loaded strikes cover
    /// the projected days, and with Monte Carlo the `_mean, _p10, _p50, _p90` of lost capacity,
    /// revenue loss and both gains.
    pub fn summary_table(&self) -> Table {
        summary(self)
    }

    /// The per-asset table: `scenario, date, asset_id, offline_mtpa, online_mtpa, offline_share`
    /// for each scenario, projected day and asset with any capacity offline in the scenario.
    pub fn asset_table(&self) -> Table {
        per_asset(self)
    }

    /// The daily table as a polars DataFrame.
    #[cfg(feature = "parquet")]
    pub fn daily_frame(&self) -> Result<polars_core::prelude::DataFrame, Error> {
        daily(self).to_dataframe()
    }

    /// The summary table as a polars DataFrame.
    #[cfg(feature = "parquet")]
    pub fn summary_frame(&self) -> Result<polars_core::prelude::DataFrame, Error> {
        summary(self).to_dataframe()
    }
}

/// Both sides side by side: one row per group and scenario of several projections, each
/// figure in its group's own unit (`unit` for capacities, `amount_unit` for amounts): `group,
/// unit, amount_unit, scenario, lost_capacity, lost_throughput, mean_offline_share,
/// revenue_usd, revenue_loss_usd, gain_capacity, gain_revenue_usd`, and with Monte Carlo the
/// P10/P50/P90 of both gains. Never a total across groups.
pub(crate) fn groups_summary(projections: &[Projection]) -> Table {
    let rows: Vec<(&Projection, &ScenarioResult)> = projections
        .iter()
        .flat_map(|p| p.scenarios.iter().map(move |r| (p, r)))
        .collect();
    let text = |f: &dyn Fn(&Projection, &ScenarioResult) -> String| {
        Values::Text(rows.iter().map(|(p, r)| f(p, r)).collect())
    };
    let float = |f: &dyn Fn(&Summary) -> f64| {
        Values::Float(rows.iter().map(|(_, r)| f(&r.summary)).collect())
    };
    let mut t = Table::default();
    t.push("group", text(&|p, _| p.group.clone()));
    t.push("unit", text(&|p, _| p.unit.name().to_owned()));
    t.push("amount_unit", text(&|p, _| p.unit.amount_label()));
    t.push("scenario", text(&|_, r| r.summary.scenario.clone()));
    t.push("lost_capacity", float(&|s| s.lost_capacity));
    t.push("lost_throughput", float(&|s| s.lost_throughput));
    t.push("mean_offline_share", float(&|s| s.mean_offline_share));
    t.push("revenue_usd", float(&|s| s.revenue_usd));
    t.push("revenue_loss_usd", float(&|s| s.revenue_loss_usd));
    t.push(
        "gain_capacity",
        float(&|s| s.gain_capacity.unwrap_or(f64::NAN)),
    );
    t.push(
        "gain_revenue_usd",
        float(&|s| s.gain_revenue_usd.unwrap_or(f64::NAN)),
    );
    if projections.iter().any(|p| p.monte_carlo.is_some()) {
        type Gain = fn(&ScenarioBands) -> Option<Quantiles>;
        type Quantile = fn(&Quantiles) -> f64;
        let gains: [(&str, Gain); 2] = [
            ("gain_capacity", |b| b.gain_capacity),
            ("gain_revenue_usd", |b| b.gain_revenue_usd),
        ];
        let quantiles: [(&str, Quantile); 3] =
            [("p10", |q| q.p10), ("p50", |q| q.p50), ("p90", |q| q.p90)];
        for (gain_name, gain) in gains {
            for (q_name, q) in quantiles {
                let values = rows
                    .iter()
                    .map(|(_, r)| r.bands.as_ref().and_then(gain).map_or(f64::NAN, |x| q(&x)))
                    .collect();
                t.push(&format!("{gain_name}_{q_name}"), Values::Float(values));
            }
        }
    }
    t
}

/// The history's daily table: `date, offline_mtpa, offline_share, unprocessed_t,
/// product_usd_t, crude_usd_t, revenue_loss_usd` (for units other than Mt/yr the price is
/// `value_usd`, per unit of throughput; the price columns and the revenue loss are missing
/// with no price row), named for the group's unit.
pub(crate) fn history_daily(days: &[crate::observed::history::HistoryDay], unit: &Unit) -> Table {
    let mut t = Table::default();
    t.push("date", Values::Date(days.iter().map(|d| d.date).collect()));
    let f = |get: &dyn Fn(&crate::observed::history::HistoryDay) -> f64| {
        Values::Float(days.iter().map(get).collect())
    };
    t.push(&unit.key("offline", Capacity), f(&|d| d.offline));
    t.push("offline_share", f(&|d| d.offline_share));
    t.push(&unit.key("unprocessed", Throughput), f(&|d| d.unprocessed));
    if days.iter().all(|d| d.price.is_some()) {
        let product = f(&|d| d.price.map_or(f64::NAN, |p| p.product_usd_t));
        // A refinery's prices as the prices file names them; another unit's value of a
        // unit of throughput as `value_usd`.
        if *unit == Unit::Mtpa {
            t.push("product_usd_t", product);
            t.push(
                "crude_usd_t",
                f(&|d| d.price.map_or(f64::NAN, |p| p.crude_usd_t)),
            );
        } else {
            t.push("value_usd", product);
        }
        t.push(
            "revenue_loss_usd",
            f(&|d| d.revenue_loss_usd.unwrap_or(f64::NAN)),
        );
    }
    t
}

/// The history's per-asset table: `asset_id, name, capacity_mtpa, lost_capacity_mt,
/// lost_throughput_mt, mean_offline_share, days_with_outage, lost_revenue_usd`, one row per
/// asset of `assets` (those with an outage, or every asset), named for the unit.
pub(crate) fn history_assets(
    h: &crate::observed::History,
    data: &crate::data::Dataset,
    every: bool,
) -> Table {
    use crate::observed::history::AssetHistory;
    let rows: Vec<AssetHistory> = if every {
        data.assets
            .as_slice()
            .iter()
            .map(|a| {
                h.assets
                    .iter()
                    .find(|x| x.asset_id == a.id)
                    .cloned()
                    .unwrap_or_else(|| AssetHistory {
                        asset_id: a.id.clone(),
                        name: a.name.clone(),
                        capacity: a.capacity,
                        lost_capacity: 0.0,
                        lost_throughput: 0.0,
                        mean_offline_share: 0.0,
                        days_with_outage: 0,
                        lost_revenue_usd: h.lost_revenue_usd.map(|_| 0.0),
                    })
            })
            .collect()
    } else {
        h.assets.clone()
    };
    let f = |get: &dyn Fn(&AssetHistory) -> f64| Values::Float(rows.iter().map(get).collect());
    let mut t = Table::default();
    t.push(
        "asset_id",
        Values::Text(rows.iter().map(|a| a.asset_id.clone()).collect()),
    );
    t.push(
        "name",
        Values::Text(rows.iter().map(|a| a.name.clone()).collect()),
    );
    t.push(&h.unit.key("capacity", Capacity), f(&|a| a.capacity));
    t.push(
        &h.unit.key("lost_capacity", Amount),
        f(&|a| a.lost_capacity),
    );
    t.push(
        &h.unit.key("lost_throughput", Amount),
        f(&|a| a.lost_throughput),
    );
    t.push("mean_offline_share", f(&|a| a.mean_offline_share));
    t.push(
        "days_with_outage",
        Values::Int(rows.iter().map(|a| a.days_with_outage as i64).collect()),
    );
    if h.lost_revenue_usd.is_some() {
        t.push(
            "lost_revenue_usd",
            f(&|a| a.lost_revenue_usd.unwrap_or(f64::NAN)),
        );
    }
    t
}

/// The history's per-strike table: `strike_id, asset_id, date, restart_date,
/// disabled_mtpa, days_in_period, lost_capacity_mt, confidence`, named for the unit.
pub(crate) fn history_strikes(h: &crate::observed::History) -> Table {
    let s = &h.strikes;
    let mut t = Table::default();
    t.push(
        "strike_id",
        Values::Text(s.iter().map(|x| x.strike_id.clone()).collect()),
    );
    t.push(
        "asset_id",
        Values::Text(s.iter().map(|x| x.asset_id.clone()).collect()),
    );
    t.push("date", Values::Date(s.iter().map(|x| x.date).collect()));
    t.push(
        "restart_date",
        Values::Date(s.iter().map(|x| x.restart_date).collect()),
    );
    t.push(
        &h.unit.key("disabled", Capacity),
        Values::Float(s.iter().map(|x| x.disabled).collect()),
    );
    t.push(
        "days_in_period",
        Values::Int(s.iter().map(|x| x.days_in_period as i64).collect()),
    );
    t.push(
        &h.unit.key("lost_capacity", Amount),
        Values::Float(s.iter().map(|x| x.lost_capacity).collect()),
    );
    t.push(
        "confidence",
        Values::Text(
            s.iter()
                .map(|x| x.confidence.clone().unwrap_or_default())
                .collect(),
        ),
    );
    t
}

/// The sweep table: one row per combination, in grid order: `group, truce_start,
/// truce_days, compliance, lookback_days, diversion, default_utilization`, then the truce
/// scenario's `lost_capacity_mt, lost_throughput_mt, revenue_loss_usd`, the reference's
/// `reference_lost_capacity_mt, reference_revenue_loss_usd`, the gains `gain_capacity_mt,
/// gain_revenue_usd`, and with Monte Carlo the `_p10, _p50, _p90` of the truce's lost
/// capacity, revenue loss and both gains; named for the unit.
pub(crate) fn sweep(rows: &[crate::studies::sweep::SweepRow], group: &str, unit: &Unit) -> Table {
    use crate::studies::sweep::SweepRow;
    let f = |get: &dyn Fn(&SweepRow) -> f64| Values::Float(rows.iter().map(get).collect());
    let i = |get: &dyn Fn(&SweepRow) -> i64| Values::Int(rows.iter().map(get).collect());
    let mut t = Table::default();
    t.push("group", Values::Text(vec![group.to_owned(); rows.len()]));
    t.push(
        "truce_start",
        Values::Date(rows.iter().map(|r| r.point.truce_start).collect()),
    );
    t.push("truce_days", i(&|r| i64::from(r.point.truce_days)));
    t.push("compliance", f(&|r| r.point.compliance));
    t.push("lookback_days", i(&|r| i64::from(r.point.lookback_days)));
    t.push("diversion", f(&|r| r.point.diversion));
    t.push("default_utilization", f(&|r| r.point.default_utilization));
    t.push(
        &unit.key("lost_capacity", Amount),
        f(&|r| r.truce.lost_capacity),
    );
    t.push(
        &unit.key("lost_throughput", Amount),
        f(&|r| r.truce.lost_throughput),
    );
    t.push("revenue_loss_usd", f(&|r| r.truce.revenue_loss_usd));
    t.push(
        &unit.key("reference_lost_capacity", Amount),
        f(&|r| r.reference.lost_capacity),
    );
    t.push(
        "reference_revenue_loss_usd",
        f(&|r| r.reference.revenue_loss_usd),
    );
    t.push(
        &unit.key("gain_capacity", Amount),
        f(&|r| r.truce.gain_capacity.unwrap_or(f64::NAN)),
    );
    t.push(
        "gain_revenue_usd",
        f(&|r| r.truce.gain_revenue_usd.unwrap_or(f64::NAN)),
    );
    if rows.iter().all(|r| r.bands.is_some()) && !rows.is_empty() {
        type Pick = fn(
            &crate::projection::montecarlo_stats::ScenarioBands,
        ) -> Option<crate::projection::montecarlo_stats::Quantiles>;
        let figures: [(String, Pick); 4] = [
            (unit.key("lost_capacity", Amount), |b| Some(b.lost_capacity)),
            ("revenue_loss_usd".to_owned(), |b| Some(b.revenue_loss_usd)),
            (unit.key("gain_capacity", Amount), |b| b.gain_capacity),
            ("gain_revenue_usd".to_owned(), |b| b.gain_revenue_usd),
        ];
        for (name, pick) in figures {
            let q = |r: &SweepRow| r.bands.as_ref().and_then(pick);
            t.push(
                &format!("{name}_p10"),
                f(&|r| q(r).map_or(f64::NAN, |q| q.p10)),
            );
            t.push(
                &format!("{name}_p50"),
                f(&|r| q(r).map_or(f64::NAN, |q| q.p50)),
            );
            t.push(
                &format!("{name}_p90"),
                f(&|r| q(r).map_or(f64::NAN, |q| q.p90)),
            );
        }
    }
    t
}

/// The backtest's rows: one per lookback window and as-of date, amounts named for `unit`.
pub(crate) fn backtest_rows(b: &Backtest, unit: &Unit) -> Table {
    let amount = |stem: &str| unit.key(stem, Amount);
    let r = &b.rows;
    let f = |g: &dyn Fn(&crate::studies::backtest::BacktestRow) -> f64| {
        Values::Float(r.iter().map(g).collect())
    };
    let mut t = Table::default();
    t.push(
        "arrivals",
        Values::Text(r.iter().map(|x| x.arrivals.to_string()).collect()),
    );
    t.push(
        "calibration",
        Values::Text(r.iter().map(|x| x.calibration.to_string()).collect()),
    );
    t.push(
        "calibration_checks",
        Values::UInt(r.iter().map(|x| x.calibration_checks as u64).collect()),
    );
    t.push(
        "lookback_days",
        Values::UInt(r.iter().map(|x| u64::from(x.lookback_days)).collect()),
    );
    t.push("as_of", Values::Date(r.iter().map(|x| x.as_of).collect()));
    t.push(&amount("observed_lost_capacity"), f(&|x| x.observed));
    t.push(
        &format!("{}_p10", amount("observed_lost_capacity")),
        f(&|x| x.observed_band.map_or(f64::NAN, |b| b.p10)),
    );
    t.push(
        &format!("{}_p90", amount("observed_lost_capacity")),
        f(&|x| x.observed_band.map_or(f64::NAN, |b| b.p90)),
    );
    t.push(&amount("expected_lost_capacity"), f(&|x| x.expected));
    t.push(
        &format!("{}_p10", amount("lost_capacity")),
        f(&|x| x.band.p10),
    );
    t.push(
        &format!("{}_p50", amount("lost_capacity")),
        f(&|x| x.band.p50),
    );
    t.push(
        &format!("{}_p90", amount("lost_capacity")),
        f(&|x| x.band.p90),
    );
    t.push("pit", f(&|x| x.pit));
    t.push(
        "inside",
        Values::UInt(r.iter().map(|x| u64::from(x.inside)).collect()),
    );
    t.push("crps", f(&|x| x.crps));
    t.push(&amount("naive_lost_capacity"), f(&|x| x.naive));
    t.push("naive_crps", f(&|x| x.naive_crps));
    t
}

/// The backtest's scores: one row per lookback window.
pub(crate) fn backtest_scores(b: &Backtest) -> Table {
    let s = &b.scores;
    let f = |g: &dyn Fn(&crate::studies::backtest::BacktestScore) -> f64| {
        Values::Float(s.iter().map(g).collect())
    };
    let mut t = Table::default();
    t.push(
        "arrivals",
        Values::Text(s.iter().map(|x| x.arrivals.to_string()).collect()),
    );
    t.push(
        "calibration",
        Values::Text(s.iter().map(|x| x.calibration.to_string()).collect()),
    );
    t.push(
        "lookback_days",
        Values::UInt(s.iter().map(|x| u64::from(x.lookback_days)).collect()),
    );
    t.push(
        "checks",
        Values::UInt(s.iter().map(|x| x.checks as u64).collect()),
    );
    t.push("effective_checks", f(&|x| x.effective_checks));
    t.push("coverage", f(&|x| x.coverage));
    for (i, level) in ["50", "80", "90"].iter().enumerate() {
        t.push(&format!("coverage_{level}"), f(&|x| x.coverages[i].0));
        t.push(
            &format!("coverage_{level}_low"),
            f(&|x| x.coverages[i].1 .0),
        );
        t.push(
            &format!("coverage_{level}_high"),
            f(&|x| x.coverages[i].1 .1),
        );
    }
    t.push("mean_crps", f(&|x| x.mean_crps));
    t.push("interval_score_80", f(&|x| x.interval_score_80));
    t.push("interval_score_90", f(&|x| x.interval_score_90));
    for d in 0..10 {
        t.push(&format!("pit_decile_{}", d + 1), f(&|x| x.pit_deciles[d]));
    }
    t.push("bias", f(&|x| x.bias));
    t.push("naive_mean_crps", f(&|x| x.naive_mean_crps));
    t.push("skill", f(&|x| x.skill));
    t.push(
        "skill_resample",
        f(&|x| x.skill_resample.unwrap_or(f64::NAN)),
    );
    t
}

/// Every path's value of each backtest row in long form, with the observed value beside:
/// `group, lookback_days, arrivals, calibration, as_of, path, value, observed` (amounts in
/// `unit`; a calibrated row's values are its calibrated ensemble).
pub(crate) fn backtest_samples(parts: &[(String, &Backtest)]) -> Table {
    let mut group = Vec::new();
    let mut lookback = Vec::new();
    let mut arrivals = Vec::new();
    let mut calibration = Vec::new();
    let mut as_of = Vec::new();
    let mut path = Vec::new();
    let mut value = Vec::new();
    let mut observed = Vec::new();
    for (g, b) in parts {
        for r in &b.rows {
            for (i, v) in r.sample.iter().enumerate() {
                group.push(g.clone());
                lookback.push(u64::from(r.lookback_days));
                arrivals.push(r.arrivals.to_string());
                calibration.push(r.calibration.to_string());
                as_of.push(r.as_of);
                path.push(i as u64);
                value.push(*v);
                observed.push(r.observed);
            }
        }
    }
    let mut t = Table::default();
    t.push("group", Values::Text(group));
    t.push("lookback_days", Values::UInt(lookback));
    t.push("arrivals", Values::Text(arrivals));
    t.push("calibration", Values::Text(calibration));
    t.push("as_of", Values::Date(as_of));
    t.push("path", Values::UInt(path));
    t.push("value", Values::Float(value));
    t.push("observed", Values::Float(observed));
    t
}
