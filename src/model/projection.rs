//! Projection after the as-of date: base rate, expected path, revenue and summaries.

use chrono::NaiveDate;
use serde::Serialize;

use super::revenue::{day_revenue, DayRevenue};
use super::scenario::{Scenario, Settings};
use super::timeline::{Timeline, Window};
use crate::data::Dataset;
use crate::error::Error;
use crate::units;

/// What every scenario shares: the projected days, observed outages still running, the
/// lookback strikes and their rate, utilizations and prices.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The projected days `[as_of + 1, until]`.
    pub window: Window,
    /// Per asset, the offline capacity of strikes on or before the as-of date on each
    /// projected day, Mt/yr, capped at the asset's capacity.
    pub hist: Vec<Vec<f64>>,
    /// Positions (in `data.strikes`) of the strikes in the lookback window.
    pub lookback: Vec<usize>,
    /// Base rate, strikes per day: lookback strikes / lookback days.
    pub lambda: f64,
    /// Capacity per asset, Mt/yr.
    pub capacity: Vec<f64>,
    /// Utilization per asset (row value, or the default).
    pub utilization: Vec<f64>,
    /// Product price per projected day, USD/t.
    pub product_usd_t: Vec<f64>,
    /// Crude price per projected day, USD/t.
    pub crude_usd_t: Vec<f64>,
    /// Share of unrefined crude exported instead.
    pub diversion: f64,
}

impl Baseline {
    /// Builds the shared inputs of a projection.
    pub fn new(data: &Dataset, settings: &Settings) -> Result<Self, Error> {
        let window = Window::inclusive(settings.first_day(), settings.until);
        let observed: Vec<_> = data
            .strikes
            .iter()
            .filter(|s| s.date <= settings.as_of)
            .cloned()
            .collect();
        let hist = Timeline::build(&data.assets, &observed, window).offline;
        let lookback_start =
            settings.as_of - chrono::Days::new(u64::from(settings.lookback_days) - 1);
        let lookback: Vec<usize> = data
            .strikes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.date >= lookback_start && s.date <= settings.as_of)
            .map(|(i, _)| i)
            .collect();
        let lambda = lookback.len() as f64 / f64::from(settings.lookback_days);
        let mut product = Vec::with_capacity(window.days);
        let mut crude = Vec::with_capacity(window.days);
        for day in window.dates() {
            let p = data.prices.at(day).ok_or_else(|| {
                Error::Usage(
                    "the prices table is empty: revenue needs at least one price row".into(),
                )
            })?;
            product.push(p.product_usd_t);
            crude.push(p.crude_usd_t);
        }
        let assets = data.assets.as_slice();
        Ok(Baseline {
            window,
            hist,
            lookback,
            lambda,
            capacity: assets.iter().map(|a| a.capacity_mtpa).collect(),
            utilization: assets
                .iter()
                .map(|a| a.utilization_or(settings.default_utilization))
                .collect(),
            product_usd_t: product,
            crude_usd_t: crude,
            diversion: settings.diversion,
        })
    }

    /// Sum of capacity times utilization, Mt/yr.
    pub fn capacity_w(&self) -> f64 {
        self.capacity
            .iter()
            .zip(&self.utilization)
            .map(|(c, u)| c * u)
            .sum()
    }

    /// National capacity, Mt/yr.
    pub fn national_capacity(&self) -> f64 {
        self.capacity.iter().sum()
    }

    /// `m(d)` of `scenario` for each projected day.
    pub fn multipliers(&self, scenario: &Scenario) -> Vec<f64> {
        self.window
            .dates()
            .map(|d| scenario.multiplier(d))
            .collect()
    }

    /// Revenue of projected day `i` given utilization-weighted offline capacity.
    pub fn revenue(&self, i: usize, capacity_w: f64, offline_w: f64) -> DayRevenue {
        day_revenue(
            capacity_w,
            offline_w,
            self.product_usd_t[i],
            self.crude_usd_t[i],
            self.diversion,
        )
    }
}

/// One scenario's expected path, per day and per asset.
#[derive(Debug, Clone)]
pub struct ScenarioPath {
    /// The scenario.
    pub scenario: Scenario,
    /// `m(d)` per projected day.
    pub multiplier: Vec<f64>,
    /// Expected new strikes per projected day: `lambda * m(d)`.
    pub expected_strikes: Vec<f64>,
    /// Per asset, expected offline capacity per day, Mt/yr (capped at capacity).
    pub asset_offline: Vec<Vec<f64>>,
    /// National offline capacity per day, Mt/yr.
    pub offline: Vec<f64>,
    /// Utilization-weighted national offline capacity per day, Mt/yr.
    pub offline_w: Vec<f64>,
    /// Revenue per day.
    pub revenue: Vec<DayRevenue>,
}

/// The expected path of MODEL.md for one scenario.
///
/// For each asset, lookback strikes are grouped by repair days `r`; with `M` the running sum
/// of `m`, a group of total capacity `C` adds `lambda / n * C * (M(d) - M(d - r))` on day
/// `d`: the whole path costs days x groups, not days x days x strikes.
pub fn expected_path(data: &Dataset, base: &Baseline, scenario: &Scenario) -> ScenarioPath {
    let days = base.window.days;
    let multiplier = base.multipliers(scenario);
    let mut running = vec![0.0; days + 1];
    for (i, m) in multiplier.iter().enumerate() {
        running[i + 1] = running[i] + m;
    }
    // Groups: (asset, repair days) -> summed capacity.
    let mut groups: Vec<(usize, u32, f64)> = base
        .lookback
        .iter()
        .map(|&i| {
            let s = &data.strikes[i];
            (s.asset, s.repair_days, s.disabled_mtpa)
        })
        .collect();
    groups.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    groups.dedup_by(|next, kept| {
        if next.0 == kept.0 && next.1 == kept.1 {
            kept.2 += next.2;
            true
        } else {
            false
        }
    });
    let n = base.lookback.len() as f64;
    let rate = if n > 0.0 { base.lambda / n } else { 0.0 };
    let mut uncapped = vec![vec![0.0; days]; base.capacity.len()];
    for &(asset, r, c) in &groups {
        let series = &mut uncapped[asset];
        for (i, v) in series.iter_mut().enumerate() {
            let lo = (i + 1).saturating_sub(r as usize);
            *v += rate * c * (running[i + 1] - running[lo]);
        }
    }
    let mut offline = vec![0.0; days];
    let mut offline_w = vec![0.0; days];
    for (a, series) in uncapped.iter_mut().enumerate() {
        let cap = base.capacity[a];
        let u = base.utilization[a];
        for (i, v) in series.iter_mut().enumerate() {
            *v = (*v + base.hist[a][i]).min(cap);
            offline[i] += *v;
            offline_w[i] += *v * u;
        }
    }
    let capacity_w = base.capacity_w();
    let revenue = (0..days)
        .map(|i| base.revenue(i, capacity_w, offline_w[i]))
        .collect();
    ScenarioPath {
        scenario: scenario.clone(),
        expected_strikes: multiplier.iter().map(|m| base.lambda * m).collect(),
        multiplier,
        asset_offline: uncapped,
        offline,
        offline_w,
        revenue,
    }
}

/// One scenario's figures over the projected days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Sum over projected days of national offline capacity / 365, Mt.
    pub lost_capacity_mt: f64,
    /// The same weighted by utilization, Mt.
    pub lost_throughput_mt: f64,
    /// Mean over projected days of offline / national capacity.
    pub mean_offline_share: f64,
    /// Revenue over the projected days, USD.
    pub revenue_usd: f64,
    /// Baseline revenue minus revenue, USD.
    pub revenue_loss_usd: f64,
    /// Reference lost capacity minus this scenario's, Mt (`None` for the reference).
    pub gain_capacity_mt: Option<f64>,
    /// This scenario's revenue minus the reference's, USD (`None` for the reference).
    pub gain_revenue_usd: Option<f64>,
}

/// Summaries of the expected paths; gains are against `reference`.
pub fn summarise(
    paths: &[ScenarioPath],
    national_capacity: f64,
    reference: Option<usize>,
) -> Vec<Summary> {
    let mut out: Vec<Summary> = paths
        .iter()
        .map(|p| {
            let days = p.offline.len() as f64;
            Summary {
                scenario: p.scenario.name.clone(),
                lost_capacity_mt: p.offline.iter().sum::<f64>() / units::DAYS_PER_YEAR,
                lost_throughput_mt: p.offline_w.iter().sum::<f64>() / units::DAYS_PER_YEAR,
                mean_offline_share: p.offline.iter().sum::<f64>() / days / national_capacity,
                revenue_usd: p.revenue.iter().map(|r| r.revenue_usd).sum(),
                revenue_loss_usd: p.revenue.iter().map(|r| r.revenue_loss_usd).sum(),
                gain_capacity_mt: None,
                gain_revenue_usd: None,
            }
        })
        .collect();
    if let Some(r) = reference {
        let (ref_lost, ref_rev) = (out[r].lost_capacity_mt, out[r].revenue_usd);
        for (i, s) in out.iter_mut().enumerate() {
            if i != r {
                s.gain_capacity_mt = Some(ref_lost - s.lost_capacity_mt);
                s.gain_revenue_usd = Some(s.revenue_usd - ref_rev);
            }
        }
    }
    out
}

/// National offline capacity of all loaded strikes (what happened), for each day of
/// `window`; `NaN` after the latest loaded strike date, where the records end.
pub fn observed_offline(data: &Dataset, window: Window) -> Vec<f64> {
    let latest = data.strikes.last().map(|s| s.date);
    let national = Timeline::build(&data.assets, &data.strikes, window).national();
    window
        .dates()
        .zip(national)
        .map(|(d, v)| match latest {
            Some(l) if d <= l => v,
            _ => f64::NAN,
        })
        .collect()
}

/// National offline capacity from observed strikes over the lookback window before the
/// projection (the history a chart draws before the as-of date).
pub fn history_before(data: &Dataset, settings: &Settings) -> (Window, Vec<f64>) {
    let start = settings.as_of - chrono::Days::new(u64::from(settings.lookback_days) - 1);
    let window = Window::inclusive(start, settings.as_of);
    let observed: Vec<_> = data
        .strikes
        .iter()
        .filter(|s| s.date <= settings.as_of)
        .cloned()
        .collect();
    (
        window,
        Timeline::build(&data.assets, &observed, window).national(),
    )
}

/// Day index helper for callers holding dates.
pub fn day_index(window: Window, day: NaiveDate) -> Option<usize> {
    let i = window.offset(day);
    (0..window.days as i64).contains(&i).then_some(i as usize)
}

/// Everything a projection computes: expected paths, summaries, history before the
/// as-of date, the observed outcome where loaded, and Monte Carlo bands when asked.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The resolved settings.
    pub settings: Settings,
    /// National capacity, Mt/yr.
    pub national_capacity_mtpa: f64,
    /// Base rate, strikes per day.
    pub lambda: f64,
    /// Strikes in the lookback window.
    pub lookback_strikes: usize,
    /// The projected days.
    pub window: Window,
    /// Expected path of each scenario, in scenario order.
    pub paths: Vec<ScenarioPath>,
    /// Summary of each scenario's expected path.
    pub summaries: Vec<Summary>,
    /// Index of the reference scenario for gains.
    pub reference: Option<usize>,
    /// National offline capacity of observed strikes over the lookback window, Mt/yr.
    pub history: (Window, Vec<f64>),
    /// Utilization-weighted national offline capacity over the lookback window, Mt/yr.
    pub history_w: Vec<f64>,
    /// Prices over the lookback window (product, crude), USD/t.
    pub history_prices: Vec<(f64, f64)>,
    /// What happened on the projected days, from strikes dated after the as-of date
    /// (`None` when none is loaded); `NaN` after the latest loaded strike.
    pub observed: Option<Vec<f64>>,
    /// Monte Carlo bands, when paths were run.
    pub monte_carlo: Option<super::montecarlo::MonteCarlo>,
    /// Remarks a reader needs (for example: no lookback strikes).
    pub notes: Vec<String>,
    /// Asset ids, in table order (for per-asset output).
    pub asset_ids: Vec<String>,
    /// The base inputs shared by the scenarios.
    pub baseline: Baseline,
}

impl Projection {
    /// The summary of the scenario named `name`.
    pub fn summary(&self, name: &str) -> Option<&Summary> {
        self.summaries.iter().find(|s| s.scenario == name)
    }
}

/// Projects every scenario of `settings` over `data`: the expected path, and with
/// `monte_carlo` the bands. `progress` receives the number of finished paths.
pub fn project(
    data: &Dataset,
    settings: &Settings,
    monte_carlo: Option<super::montecarlo::MonteCarloOptions>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Projection, Error> {
    let base = Baseline::new(data, settings)?;
    let paths: Vec<ScenarioPath> = settings
        .scenarios
        .iter()
        .map(|s| expected_path(data, &base, s))
        .collect();
    let national = base.national_capacity();
    let reference = settings.reference();
    let summaries = summarise(&paths, national, reference);
    let mut notes = Vec::new();
    if base.lookback.is_empty() {
        notes.push(format!(
            "no strikes in the {} lookback days to {}: the base rate is 0, and every scenario is the observed outages running out",
            settings.lookback_days, settings.as_of
        ));
    }
    if reference.is_none() {
        notes.push(
            "every scenario has a truce: no reference for gains (add one named no-truce)".into(),
        );
    }
    let (hwin, hist) = history_before(data, settings);
    let observed_before: Vec<_> = data
        .strikes
        .iter()
        .filter(|s| s.date <= settings.as_of)
        .cloned()
        .collect();
    let hist_assets = Timeline::build(&data.assets, &observed_before, hwin).offline;
    let history_w = (0..hwin.days)
        .map(|d| {
            hist_assets
                .iter()
                .zip(&base.utilization)
                .map(|(s, u)| s[d] * u)
                .sum()
        })
        .collect();
    let history_prices = hwin
        .dates()
        .map(|d| {
            data.prices
                .at(d)
                .map_or((f64::NAN, f64::NAN), |p| (p.product_usd_t, p.crude_usd_t))
        })
        .collect();
    let observed = data
        .strikes
        .iter()
        .any(|s| s.date > settings.as_of)
        .then(|| observed_offline(data, base.window));
    let mc = match monte_carlo {
        Some(o) => Some(super::montecarlo::monte_carlo(
            data,
            &base,
            &settings.scenarios,
            reference,
            o,
            progress,
        )?),
        None => None,
    };
    Ok(Projection {
        settings: settings.clone(),
        national_capacity_mtpa: national,
        lambda: base.lambda,
        lookback_strikes: base.lookback.len(),
        window: base.window,
        paths,
        summaries,
        reference,
        history: (hwin, hist),
        history_w,
        history_prices,
        observed,
        monte_carlo: mc,
        notes,
        asset_ids: data
            .assets
            .as_slice()
            .iter()
            .map(|a| a.id.clone())
            .collect(),
        baseline: base,
    })
}
