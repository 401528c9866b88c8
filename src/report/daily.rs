//! The daily series the capacity and revenue charts draw, from a projection's typed
//! results or from a `daily` table written earlier, so that re-plotting a file gives the
//! same chart as the run that wrote it.

use crate::chart::series::{DailySeries, DayBands, ScenarioSeries};
use crate::data::fields::{Checker, Schema};
use crate::data::table::RawTable;
use crate::error::{Error, ValidationReport};
use crate::projection::expected::Projection;
use crate::projection::scenario;
use crate::report::tables::OBSERVED;
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
        let band = |b: &crate::projection::montecarlo::Bands| DayBands {
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
    let has = |c: &Checker, col: &str| c.col(col).is_some();
    let with_bands =
        has(&c, &names.offline_p10) && has(&c, &names.offline_p50) && has(&c, &names.offline_p90);
    let with_rev_bands =
        has(&c, "revenue_usd_p10") && has(&c, "revenue_usd_p50") && has(&c, "revenue_usd_p90");
    let with_observed = has(&c, &names.observed);
    let mut out = DailySeries::default();
    for row in table.rows() {
        let row = &row;
        let num = |c: &mut Checker, col: &str| {
            c.number(row, col, "a number", |_| true).unwrap_or(f64::NAN)
        };
        let (Some(name), Some(date)) = (c.text(row, "scenario"), c.date(row, "date")) else {
            continue;
        };
        let offline = num(&mut c, &names.offline);
        let online = num(&mut c, &names.online);
        if out.national_capacity == 0.0 && (offline + online).is_finite() {
            out.national_capacity = offline + online;
        }
        if name == OBSERVED {
            out.history.push((date, offline));
            if with_bands {
                let b = out.history_band.get_or_insert_with(DayBands::default);
                b.p10.push(num(&mut c, &names.offline_p10));
                b.p50.push(num(&mut c, &names.offline_p50));
                b.p90.push(num(&mut c, &names.offline_p90));
            }
            continue;
        }
        if out.scenarios.last().is_none_or(|s| s.name != name) {
            out.scenarios.push(ScenarioSeries {
                name: name.clone(),
                offline_band: with_bands.then(DayBands::default),
                revenue_band: with_rev_bands.then(DayBands::default),
                observed: with_observed.then(Vec::new),
                ..Default::default()
            });
        }
        let revenue = num(&mut c, "revenue_usd");
        let loss = num(&mut c, "revenue_loss_usd");
        let m = if c.col("multiplier").is_some() {
            num(&mut c, "multiplier")
        } else {
            1.0
        };
        let bands = with_bands.then(|| {
            [
                num(&mut c, &names.offline_p10),
                num(&mut c, &names.offline_p50),
                num(&mut c, &names.offline_p90),
            ]
        });
        let rbands = with_rev_bands.then(|| {
            [
                num(&mut c, "revenue_usd_p10"),
                num(&mut c, "revenue_usd_p50"),
                num(&mut c, "revenue_usd_p90"),
            ]
        });
        let observed = with_observed.then(|| num(&mut c, &names.observed));
        let s = out.scenarios.last_mut().expect("pushed above");
        s.dates.push(date);
        s.offline.push(offline);
        s.revenue.push(revenue);
        s.revenue_loss.push(loss);
        s.multiplier.push(m);
        if let (Some(b), Some([p10, p50, p90])) = (s.offline_band.as_mut(), bands) {
            b.p10.push(p10);
            b.p50.push(p50);
            b.p90.push(p90);
        }
        if let (Some(b), Some([p10, p50, p90])) = (s.revenue_band.as_mut(), rbands) {
            b.p10.push(p10);
            b.p50.push(p50);
            b.p90.push(p90);
        }
        if let (Some(o), Some(v)) = (s.observed.as_mut(), observed) {
            o.push(v);
        }
    }
    if table.is_empty() {
        c.report.problems.push(table.problem(
            None,
            None,
            "expected daily rows, found only the header".into(),
        ));
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    // A file written without record draws has no band on the observed rows.
    if out
        .history_band
        .as_ref()
        .is_some_and(|b| b.p10.iter().chain(&b.p90).any(|v| !v.is_finite()))
    {
        out.history_band = None;
    }
    Ok(out)
}
