//! The baseline of a projection: what every scenario shares (the projected days, the
//! observed outages still running, the lookback strikes and their rate, utilizations and
//! prices).

use crate::data::Dataset;
use crate::error::Error;
use crate::observed::revenue::{day_revenue, DayRevenue};
use crate::observed::timeline::{Outage, Timeline, Window};
use crate::projection::arrivals::{self, Arrivals, Fitted};
use crate::projection::past::UncertainPast;
use crate::projection::scenario::{Scenario, Settings};
use crate::units::Unit;

/// What every scenario shares: the projected days, observed outages still running, the
/// lookback strikes and their rate, utilizations and prices.
#[derive(Debug, Clone)]
pub(crate) struct Baseline {
    /// The projected days `[as_of + 1, until]`.
    pub window: Window,
    /// Per asset, the offline capacity of strikes on or before the as-of date on each
    /// projected day, Mt/yr, capped at the asset's capacity.
    pub hist: Vec<Vec<f64>>,
    /// The strikes of the lookback window, as recorded: what new strikes copy.
    pub lookback: Vec<Outage>,
    /// What Monte Carlo paths redraw of the observed records (`None` when nothing varies).
    pub(crate) past: Option<UncertainPast>,
    /// Base rate, strikes per day: lookback strikes / lookback days.
    pub lambda: f64,
    /// The strikes of the lookback window (what `lambda` counts; `lookback` holds every
    /// known strike instead when these are none and the model draws from the history).
    pub lookback_strikes: usize,
    /// Capacity per asset that strikes can take offline: what was in service
    /// ([`Asset::in_service`](crate::prelude::Asset::in_service)); the cap of every outage.
    pub capacity: Vec<f64>,
    /// Installed capacity per asset: the national capacity and the revenue with no outage
    /// are of it.
    pub installed: Vec<f64>,
    /// Utilization per asset (row value, or the default).
    pub utilization: Vec<f64>,
    /// Product price per projected day, USD/t.
    pub product_usd_t: Vec<f64>,
    /// Crude price per projected day, USD/t.
    pub crude_usd_t: Vec<f64>,
    /// Share of unrefined crude exported instead.
    pub diversion: f64,
    /// The unit of the capacities.
    pub unit: Unit,
    /// False when the group has no price row: its prices are 0 here and every money
    /// figure of the projection is left out.
    pub priced: bool,
    /// The arrival model fitted to the strikes known at the as-of date.
    pub fitted: Fitted,
    /// The base rate's multiplier (a sensitivity analysis's; 1 otherwise).
    pub rate_multiplier: f64,
    /// The model's expected new strikes on each projected day, before any truce, for a
    /// model whose mean is not the constant `lambda` (`None` for poisson, whose mean is).
    pub daily_mean: Option<Vec<f64>>,
    /// Per asset, the tonnes of each fuel a unit of its capacity offline for a day takes
    /// away (MODEL.md, "Fuels"), for a group of refineries whose yields are known.
    pub fuels: Option<Vec<crate::data::Slate>>,
    /// Per projected day, each fuel's exports (tonnes per day; `None`: no figure), where
    /// `fuels` is given.
    pub exports: Vec<[Option<f64>; 5]>,
    /// The (fuel, month) pairs whose days take another month's exports.
    pub exports_other_months: Vec<(crate::data::Product, chrono::NaiveDate)>,
    /// Per projected day, each fuel's export price (USD/t), where some fuel has exports and
    /// the group has prices.
    pub export_prices: Option<crate::observed::fuels::ExportPrices>,
    /// The power balance of the projected days, for a power group the balance table names
    /// (MODEL.md, "Hours without power").
    pub balance: Option<crate::observed::power::PeriodBalance>,
}

/// The longest history an arrival model is fitted to, days (the records known at the
/// as-of date, back to the first, at most this far).
pub(crate) const MAX_HISTORY_DAYS: u32 = 1_095;

/// What the caller of a projection reads of it: the fuels and exports lost are worked out
/// only for a caller that reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reads {
    /// Capacity, revenue, and the consequences: the fuels and exports lost (MODEL.md,
    /// "Fuels"), the hours without power (MODEL.md, "Hours without power"): `project`, its
    /// tables and charts.
    Consequences,
    /// Capacity and revenue only: sweeps, sensitivity, the backtest and the shards' paths.
    Capacity,
}

/// The arrival model of `settings` fitted to the strikes of `data` dated up to the as-of
/// date: times in days relative to it, over the history since the first strike (at most
/// [`MAX_HISTORY_DAYS`]), the lookback window giving the mean rate.
pub(crate) fn fit_arrivals(data: &Dataset, settings: &Settings, horizon_days: usize) -> Fitted {
    let as_of = settings.as_of;
    let known: Vec<f64> = data
        .strikes
        .iter()
        .filter(|s| s.date <= as_of)
        .map(|s| -((as_of - s.date).num_days() as f64))
        .collect();
    let since_first = known.iter().map(|t| -t).fold(0.0_f64, f64::max) as u32 + 1;
    let history = since_first.clamp(
        settings.lookback_days,
        MAX_HISTORY_DAYS.max(settings.lookback_days),
    );
    let mut fitted = arrivals::fit(
        settings.arrivals,
        &known,
        settings.lookback_days,
        history,
        horizon_days.max(1),
    );
    arrivals::set_params(&mut fitted, &settings.arrival_params, &known, history);
    fitted
}

/// The positions of the strikes new strikes copy under the arrival model in use (`model`,
/// after any fallback): every strike known at the as-of date for campaign; those of the
/// lookback window for the others, or every known strike when the lookback holds none
/// and the model draws strikes from the history (hawkes, resample).
fn lookback_positions(data: &Dataset, settings: &Settings, model: Arrivals) -> Vec<usize> {
    let lookback = settings.lookback_window();
    let within = |pick: &dyn Fn(&crate::data::Strike) -> bool| -> Vec<usize> {
        data.strikes
            .iter()
            .enumerate()
            .filter(|(_, s)| pick(s))
            .map(|(i, _)| i)
            .collect()
    };
    if model == Arrivals::Campaign {
        return within(&|s| s.date <= settings.as_of);
    }
    let positions = within(&|s| lookback.contains(s.date));
    if positions.is_empty() && model.draws_from_history() {
        return within(&|s| s.date <= settings.as_of);
    }
    positions
}

/// The strikes of the lookback window: what the base rate counts.
fn lookback_count(data: &Dataset, settings: &Settings) -> usize {
    let lookback = settings.lookback_window();
    data.strikes
        .iter()
        .filter(|s| lookback.contains(s.date))
        .count()
}

/// The options of the record draws behind a projection's history band.
pub(crate) fn history_options(settings: &Settings) -> crate::observed::figures::HistoryOptions {
    crate::observed::figures::HistoryOptions {
        default_utilization: settings.default_utilization,
        ..Default::default()
    }
}

impl Baseline {
    /// Builds the shared inputs of a projection, the uncertain past (what a Monte Carlo path
    /// redraws) included.
    pub(crate) fn new(data: &Dataset, settings: &Settings, reads: Reads) -> Result<Self, Error> {
        let mut base = Self::without_past(data, settings, reads)?;
        let positions = lookback_positions(data, settings, base.fitted.model());
        base.past = UncertainPast::of(data, base.window, &positions);
        Ok(base)
    }

    /// The shared inputs of a projection without the uncertain past: all the expected path
    /// needs.
    pub(crate) fn without_past(
        data: &Dataset,
        settings: &Settings,
        reads: Reads,
    ) -> Result<Self, Error> {
        let window = Window::inclusive(settings.first_day(), settings.until);
        let observed = data.strikes.iter().filter(|s| s.date <= settings.as_of);
        let (hist, mut fitted) = rayon::join(
            || Timeline::build(&data.assets, observed, window).offline,
            || fit_arrivals(data, settings, window.days),
        );
        // Which strikes new strikes copy depends on the model used, after any fallback.
        let positions = lookback_positions(data, settings, fitted.model());
        let lookback_strikes = lookback_count(data, settings);
        let lambda =
            lookback_strikes as f64 / f64::from(settings.lookback_days) * settings.rate_multiplier;
        if lookback_strikes == 0 && !positions.is_empty() {
            fitted.warnings.push(format!(
                "the lookback window holds no strike: new strikes copy the {} strikes known at the as-of date",
                positions.len()
            ));
        }
        // Poisson's mean is `lambda` itself, kept as it always was computed; another model's
        // mean per day, times the same multiplier.
        let daily_mean = (fitted.model() != Arrivals::Poisson).then(|| {
            fitted
                .mean_daily(window.days)
                .into_iter()
                .map(|m| m * settings.rate_multiplier)
                .collect()
        });
        let mut product = Vec::with_capacity(window.days);
        let mut crude = Vec::with_capacity(window.days);
        let priced = !data.prices.as_slice().is_empty();
        for day in window.dates() {
            let p = data
                .prices
                .at(day)
                .unwrap_or(crate::data::PricePoint::new(day, 0.0, 0.0));
            product.push(p.product_usd_t);
            crude.push(p.crude_usd_t);
        }
        let assets = data.assets.as_slice();
        let base = Baseline {
            window,
            hist,
            lookback: positions
                .iter()
                .map(|&i| Outage::from(&data.strikes[i]))
                .collect(),
            past: None,
            lambda,
            lookback_strikes,
            capacity: assets.iter().map(|a| a.in_service()).collect(),
            installed: assets.iter().map(|a| a.capacity).collect(),
            utilization: assets
                .iter()
                .map(|a| a.utilization_or(settings.default_utilization))
                .collect(),
            product_usd_t: product,
            crude_usd_t: crude,
            diversion: settings.diversion,
            unit: data.assets.unit(),
            priced,
            fitted,
            rate_multiplier: settings.rate_multiplier,
            daily_mean,
            exports: Vec::new(),
            exports_other_months: Vec::new(),
            export_prices: None,
            balance: match reads {
                Reads::Consequences => crate::observed::power::PeriodBalance::of(data, window),
                Reads::Capacity => None,
            },
            fuels: None,
        };
        // The fuels, their exports and export prices, as a history works them out.
        let period = match reads {
            Reads::Consequences => {
                crate::observed::fuels::PeriodFuels::of(data, window, &history_options(settings))
                    .ok()
            }
            Reads::Capacity => None,
        };
        let Some(period) = period else {
            return Ok(base);
        };
        let export_prices = period
            .prices
            .filter(|_| crate::observed::fuels::any_exports(&period.exports));
        Ok(Baseline {
            fuels: Some(period.plan.per_capacity_day(data, settings.as_of)),
            exports: period.exports,
            exports_other_months: period.other_months,
            export_prices,
            ..base
        })
    }

    /// Whether new strikes can come: strikes to copy, and a mean rate above zero on some
    /// projected day.
    pub(crate) fn brings_strikes(&self) -> bool {
        !self.lookback.is_empty()
            && match &self.daily_mean {
                Some(mean) => mean.iter().any(|m| *m > 0.0),
                None => self.lambda > 0.0,
            }
    }

    /// Sum of capacity times utilization, Mt/yr.
    pub(crate) fn capacity_w(&self) -> f64 {
        self.installed
            .iter()
            .zip(&self.utilization)
            .map(|(c, u)| c * u)
            .sum()
    }

    /// National capacity, Mt/yr.
    pub(crate) fn national_capacity(&self) -> f64 {
        self.installed.iter().sum()
    }

    /// `m(d)` of `scenario` for each projected day.
    pub(crate) fn multipliers(&self, scenario: &Scenario) -> Vec<f64> {
        self.window
            .dates()
            .map(|d| scenario.multiplier(d))
            .collect()
    }

    /// Revenue of projected day `i` given utilization-weighted offline capacity.
    pub(crate) fn revenue(&self, i: usize, capacity_w: f64, offline_w: f64) -> DayRevenue {
        day_revenue(
            &self.unit,
            capacity_w,
            offline_w,
            self.product_usd_t[i],
            self.crude_usd_t[i],
            self.diversion,
        )
    }
}
