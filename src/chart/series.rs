//! The daily series a chart draws, read from a projection or from a `daily` file written
//! earlier, so that re-plotting a file gives the same chart as the run that wrote it.

use chrono::NaiveDate;

use crate::units::Unit;

/// Bands of one figure over paths or record draws: P10, P50, P90 per day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayBands {
    /// 10th percentile.
    pub p10: Vec<f64>,
    /// Median.
    pub p50: Vec<f64>,
    /// 90th percentile.
    pub p90: Vec<f64>,
}

/// One scenario's projected days.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioSeries {
    /// Scenario name.
    pub name: String,
    /// Projected days.
    pub dates: Vec<NaiveDate>,
    /// National offline capacity (expected path), in `unit`.
    pub offline: Vec<f64>,
    /// Revenue, USD/day.
    pub revenue: Vec<f64>,
    /// Revenue loss against no outage, USD/day.
    pub revenue_loss: Vec<f64>,
    /// Strike-rate multiplier `m(d)` (below 1 inside a truce).
    pub multiplier: Vec<f64>,
    /// Offline capacity bands, with Monte Carlo.
    pub offline_band: Option<DayBands>,
    /// Revenue bands, with Monte Carlo.
    pub revenue_band: Option<DayBands>,
    /// What happened, where strikes after the as-of date were loaded (NaN past the records).
    pub observed: Option<Vec<f64>>,
    /// Fuels lost per day, tonnes of each product (MODEL.md, "Fuels"), for refineries
    /// whose yields are known.
    pub fuels: Option<Vec<crate::data::Slate>>,
    /// Exports lost per day, tonnes, where some fuel has export figures.
    pub exports_lost: Option<Vec<f64>>,
    /// Per day, the power balance: demand peak, supply, peak deficit (MW) and deficit
    /// hours (NaN where the balance does not cover the day), for a power group whose
    /// balance is given.
    pub power: Option<Vec<crate::observed::power::PowerDay>>,
}

impl ScenarioSeries {
    /// The truce window `[first, last]` (days with `m(d) < 1`), if any.
    pub fn truce_window(&self) -> Option<(NaiveDate, NaiveDate)> {
        let inside: Vec<usize> = (0..self.dates.len())
            .filter(|&i| self.multiplier[i] < 1.0)
            .collect();
        Some((self.dates[*inside.first()?], self.dates[*inside.last()?]))
    }
}

impl DailySeries {
    /// What a chart of these scenarios compares, for its title: ": truce against no
    /// truce" when some scenario has a truce, else nothing.
    pub(crate) fn comparison(&self) -> &'static str {
        if self.scenarios.iter().any(|s| s.truce_window().is_some()) {
            ": truce against no truce"
        } else {
            ""
        }
    }
}

/// Everything the capacity and revenue charts draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DailySeries {
    /// The unit of the capacities.
    pub unit: Unit,
    /// National capacity, in `unit` (offline + online).
    pub national_capacity: f64,
    /// Observed history before the as-of date: days and offline capacity, Mt/yr.
    pub history: Vec<(NaiveDate, f64)>,
    /// The observed history's band over record draws, where the file holds one.
    pub history_band: Option<DayBands>,
    /// Projected scenarios, in file order.
    pub scenarios: Vec<ScenarioSeries>,
    /// The share of unrefined crude exported instead (refineries), where known: a
    /// projection's setting; `None` for a daily file, which does not hold it.
    pub diversion: Option<f64>,
    /// The reference scenario of the gains: `no-truce`, else the first without a truce
    /// window (`None`: every scenario has one).
    pub reference: Option<usize>,
}

impl DailySeries {
    /// The last observed day (the day before the first projected day).
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.history.last().map(|h| h.0).or_else(|| {
            self.scenarios
                .first()
                .and_then(|s| s.dates.first())
                .map(|d| *d - chrono::Days::new(1))
        })
    }

    /// All days the chart spans.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self
            .history
            .first()
            .map(|h| h.0)
            .or_else(|| self.scenarios.first()?.dates.first().copied())?;
        let last = self
            .scenarios
            .iter()
            .filter_map(|s| s.dates.last())
            .max()
            .copied()
            .or(self.history.last().map(|h| h.0))?;
        Some((first, last))
    }
}
