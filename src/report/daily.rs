//! The daily series the capacity and revenue charts draw, from a projection's typed
//! results or from a `daily` table written earlier, so that re-plotting a file gives the
//! same chart as the run that wrote it.

use crate::chart::series::{DailySeries, DayBands, ScenarioSeries};
use crate::data::fields::{Checker, Schema};
use crate::data::table::{RawRow, RawTable};
use crate::error::{Error, ValidationReport};
use crate::observed::power::POWER_COLUMNS;
use crate::projection::expected::Projection;
use crate::projection::scenario;
use crate::report::tables::{FUEL_COLUMNS, OBSERVED};
use crate::units::{Quantity, Unit};

/// The reference scenario of a daily series: `no-truce`, else the first without a truce
/// window.
fn reference(daily: &DailySeries) -> Option<usize> {
    scenario::reference(
        daily
            .scenarios
            .iter()
            .map(|s| (s.name.as_str(), s.truce_window().is_some())),
    )
}

impl DailySeries {
    /// The series of a projection, read from its typed results (the same values a daily
    /// file of it holds, so a re-plotted file gives the same chart).
    pub fn from_projection(p: &Projection) -> Result<Self, Error> {
        let (hwin, hist) = (&p.history.window, &p.history.offline);
        let band = |b: &crate::projection::montecarlo_stats::Bands| DayBands {
            p10: b.p10.clone(),
            p50: b.p50.clone(),
            p90: b.p90.clone(),
        };
        let scenarios = p
            .scenarios
            .iter()
            .map(|result| {
                let (path, mc) = (&result.path, result.bands.as_ref());
                ScenarioSeries {
                    name: path.scenario.name.clone(),
                    dates: p.window.dates().collect(),
                    offline: path.offline.clone(),
                    revenue: path.revenue.iter().map(|r| r.revenue_usd).collect(),
                    revenue_loss: path.revenue.iter().map(|r| r.revenue_loss_usd).collect(),
                    multiplier: path.multiplier.clone(),
                    offline_band: mc.map(|m| band(&m.offline)),
                    revenue_band: mc.map(|m| band(&m.revenue)),
                    observed: p.observed.clone(),
                    fuels: path.fuels.clone(),
                    exports_lost: path.exports_lost.clone(),
                    power: path.power.clone(),
                }
            })
            .collect();
        let mut series = DailySeries {
            unit: p.unit.clone(),
            national_capacity: p.national_capacity,
            history: hwin.dates().zip(hist.iter().copied()).collect(),
            history_band: p.history_band.as_ref().map(|b| DayBands {
                p10: b.iter().map(|x| x.p10).collect(),
                p50: b.iter().map(|x| x.p50).collect(),
                p90: b.iter().map(|x| x.p90).collect(),
            }),
            scenarios,
            diversion: (p.unit == Unit::Mtpa).then(|| p.settings.diversion()),
            reference: None,
        };
        series.reference = reference(&series);
        Ok(series)
    }

    /// Reads the series from a `daily` table (CSV or Parquet read as text). Its unit is the
    /// one its `online_` column names (`online_mtpa`, `online_mw`); every column named for
    /// a unit is read by the name that unit gives it ([`Unit::key`]).
    pub fn from_raw(table: &RawTable) -> Result<Self, ValidationReport> {
        let unit = table
            .headers
            .iter()
            .find_map(|h| h.strip_prefix("online_"))
            .map_or(Unit::Mtpa, Unit::parse);
        let mut series = read_daily(table, &DailyColumns::of(&unit))?;
        series.unit = unit;
        series.reference = reference(&series);
        Ok(series)
    }
}

/// The names of a daily table's columns that carry a unit.
struct DailyColumns {
    offline: String,
    online: String,
    observed: String,
    offline_p10: String,
    offline_p50: String,
    offline_p90: String,
}

impl DailyColumns {
    fn of(unit: &Unit) -> Self {
        let offline = unit.key("offline", Quantity::Capacity);
        DailyColumns {
            online: unit.key("online", Quantity::Capacity),
            observed: unit.key("observed_offline", Quantity::Capacity),
            offline_p10: format!("{offline}_p10"),
            offline_p50: format!("{offline}_p50"),
            offline_p90: format!("{offline}_p90"),
            offline,
        }
    }
}

/// The series of a daily table whose unit-bearing columns are named as `names` says.
fn read_daily(table: &RawTable, names: &DailyColumns) -> Result<DailySeries, ValidationReport> {
    let required = [
        "scenario",
        "date",
        names.offline.as_str(),
        names.online.as_str(),
        "revenue_usd",
        "revenue_loss_usd",
    ];
    let optional = [
        "multiplier",
        names.observed.as_str(),
        names.offline_p10.as_str(),
        names.offline_p50.as_str(),
        names.offline_p90.as_str(),
        "revenue_usd_p10",
        "revenue_usd_p50",
        "revenue_usd_p90",
        "gasoline_t",
        "diesel_t",
        "jet_t",
        "fuel_oil_t",
        "other_t",
        "exports_lost_t",
        "demand_peak_mw",
        "supply_mw",
        "peak_deficit_mw",
        "deficit_hours",
    ];
    let schema = Schema {
        required: &required,
        optional: &optional,
        one_of: &[],
    };
    let mut c = Checker::new(table, &schema);
    if !c.header_ok() {
        return Err(c.report);
    }
    let present = Present::of(&c, names);
    let offline_band = [
        names.offline_p10.as_str(),
        names.offline_p50.as_str(),
        names.offline_p90.as_str(),
    ];
    let mut out = DailySeries::default();
    for row in table.rows() {
        let row = &row;
        let (Some(name), Some(date)) = (c.text(row, "scenario"), c.date(row, "date")) else {
            continue;
        };
        let offline = number(&mut c, row, &names.offline);
        let online = number(&mut c, row, &names.online);
        if out.national_capacity == 0.0 && (offline + online).is_finite() {
            out.national_capacity = offline + online;
        }
        if name == OBSERVED {
            out.history.push((date, offline));
            if present.bands {
                let band = band_of(&mut c, row, offline_band);
                push_band(out.history_band.get_or_insert_with(DayBands::default), band);
            }
            continue;
        }
        if out.scenarios.last().is_none_or(|s| s.name != name) {
            out.scenarios.push(ScenarioSeries {
                name: name.clone(),
                offline_band: present.bands.then(DayBands::default),
                revenue_band: present.revenue_bands.then(DayBands::default),
                observed: present.observed.then(Vec::new),
                fuels: present.fuels.then(Vec::new),
                exports_lost: present.exports_lost.then(Vec::new),
                power: present.power.then(Vec::new),
                ..Default::default()
            });
        }
        let day = ScenarioDay::read(&mut c, row, (date, offline), names, present);
        day.push_to(out.scenarios.last_mut().expect("pushed above"));
    }
    finish(table, c.report, out)
}

/// The series read, or every problem found; an empty table is one. A file written without
/// record draws has no band on its observed rows.
fn finish(
    table: &RawTable,
    mut report: ValidationReport,
    mut out: DailySeries,
) -> Result<DailySeries, ValidationReport> {
    if table.is_empty() {
        report.problems.push(table.problem(
            None,
            None,
            "expected daily rows, found only the header".into(),
        ));
    }
    if !report.is_empty() {
        return Err(report);
    }
    if out
        .history_band
        .as_ref()
        .is_some_and(|b| b.p10.iter().chain(&b.p90).any(|v| !v.is_finite()))
    {
        out.history_band = None;
    }
    Ok(out)
}

/// Which optional columns a daily table holds.
#[derive(Debug, Clone, Copy)]
struct Present {
    /// The offline capacity's P10, P50 and P90.
    bands: bool,
    /// The revenue's P10, P50 and P90.
    revenue_bands: bool,
    /// What happened after the as-of date.
    observed: bool,
    /// Fuels lost, a column per product.
    fuels: bool,
    /// Exports lost.
    exports_lost: bool,
    /// The power balance, a column per figure.
    power: bool,
}

impl Present {
    /// The optional columns `c`'s header holds, `names` naming those with a unit.
    fn of(c: &Checker<'_>, names: &DailyColumns) -> Self {
        let has = |col: &str| c.col(col).is_some();
        Present {
            bands: has(&names.offline_p10) && has(&names.offline_p50) && has(&names.offline_p90),
            revenue_bands: has("revenue_usd_p10")
                && has("revenue_usd_p50")
                && has("revenue_usd_p90"),
            observed: has(&names.observed),
            fuels: FUEL_COLUMNS.iter().all(|c| has(c)),
            exports_lost: has("exports_lost_t"),
            power: POWER_COLUMNS.iter().all(|c| has(c)),
        }
    }
}

/// One projected day of a scenario as a daily table's row holds it.
struct ScenarioDay {
    date: chrono::NaiveDate,
    offline: f64,
    revenue: f64,
    loss: f64,
    multiplier: f64,
    band: Option<[f64; 3]>,
    revenue_band: Option<[f64; 3]>,
    observed: Option<f64>,
    fuels: Option<crate::data::Slate>,
    exports_lost: Option<f64>,
    power: Option<crate::observed::power::PowerDay>,
}

impl ScenarioDay {
    /// The projected day of `row`, whose date and offline capacity were read already.
    fn read(
        c: &mut Checker<'_>,
        row: &RawRow<'_>,
        (date, offline): (chrono::NaiveDate, f64),
        names: &DailyColumns,
        present: Present,
    ) -> Self {
        let offline_band = [
            names.offline_p10.as_str(),
            names.offline_p50.as_str(),
            names.offline_p90.as_str(),
        ];
        ScenarioDay {
            date,
            offline,
            revenue: number(c, row, "revenue_usd"),
            loss: number(c, row, "revenue_loss_usd"),
            multiplier: if c.col("multiplier").is_some() {
                number(c, row, "multiplier")
            } else {
                1.0
            },
            band: present.bands.then(|| band_of(c, row, offline_band)),
            revenue_band: present.revenue_bands.then(|| {
                band_of(
                    c,
                    row,
                    ["revenue_usd_p10", "revenue_usd_p50", "revenue_usd_p90"],
                )
            }),
            observed: present.observed.then(|| number(c, row, &names.observed)),
            fuels: present
                .fuels
                .then(|| FUEL_COLUMNS.map(|col| number(c, row, col))),
            exports_lost: present
                .exports_lost
                .then(|| number(c, row, "exports_lost_t")),
            power: present
                .power
                .then(|| POWER_COLUMNS.map(|col| number(c, row, col))),
        }
    }

    /// Appends the day to `s`'s series (its bands where `s` keeps them).
    fn push_to(self, s: &mut ScenarioSeries) {
        s.dates.push(self.date);
        s.offline.push(self.offline);
        s.revenue.push(self.revenue);
        s.revenue_loss.push(self.loss);
        s.multiplier.push(self.multiplier);
        if let (Some(b), Some(band)) = (s.offline_band.as_mut(), self.band) {
            push_band(b, band);
        }
        if let (Some(b), Some(band)) = (s.revenue_band.as_mut(), self.revenue_band) {
            push_band(b, band);
        }
        if let (Some(o), Some(v)) = (s.observed.as_mut(), self.observed) {
            o.push(v);
        }
        if let (Some(f), Some(v)) = (s.fuels.as_mut(), self.fuels) {
            f.push(v);
        }
        if let (Some(x), Some(v)) = (s.exports_lost.as_mut(), self.exports_lost) {
            x.push(v);
        }
        if let (Some(x), Some(v)) = (s.power.as_mut(), self.power) {
            x.push(v);
        }
    }
}

/// The number in `col` of `row` (NaN where empty; a problem recorded where not a number).
fn number(c: &mut Checker<'_>, row: &RawRow<'_>, col: &str) -> f64 {
    c.number(row, col, "a number", |_| true).unwrap_or(f64::NAN)
}

/// The P10, P50 and P90 of `row` in the three columns `cols`.
fn band_of(c: &mut Checker<'_>, row: &RawRow<'_>, cols: [&str; 3]) -> [f64; 3] {
    cols.map(|col| number(c, row, col))
}

/// Appends one day's `[p10, p50, p90]` to `b`.
fn push_band(b: &mut DayBands, [p10, p50, p90]: [f64; 3]) {
    b.p10.push(p10);
    b.p50.push(p50);
    b.p90.push(p90);
}
