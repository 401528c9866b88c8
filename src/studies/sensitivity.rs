//! What a figure hangs on (MODEL.md, "Sensitivity"): a tornado (one input at a time at its
//! low and high ends, the others at the base case) and variance-based Sobol' indices
//! (first-order and total, Saltelli sampling, bootstrap intervals).
//!
//! Every evaluation is a projection of the truce case with the inputs in place: two
//! scenarios, `no-truce` and `truce`, as in a sweep. Evaluations run in parallel and are
//! gathered in sample order; the sample and the bootstrap are seeded, so the same seed gives
//! the same indices on any thread count.

use rayon::prelude::*;
use serde::Serialize;

use crate::data::{Basis, Dataset};
use crate::error::{Error, SettingProblem, SettingsReport};
use crate::projection::arrivals::{ArrivalParam, Params};
use crate::projection::expected::{project_capacity, Projection};
use crate::projection::montecarlo::MonteCarloOptions;
use crate::projection::scenario::{RangeGiven, Scenario, Settings, Truce};

/// An input of the truce case that a sensitivity analysis varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Lookback window for the base rate, days.
    LookbackDays,
    /// The truce's compliance.
    Compliance,
    /// The truce's length, days.
    TruceDays,
    /// Days the truce starts after the base case's start.
    TruceStartOffset,
    /// Share of the unrefined crude exported instead.
    Diversion,
    /// Utilization of assets whose row gives none.
    DefaultUtilization,
    /// Multiplier of every product value (USD per unit of throughput).
    ProductPrice,
    /// Multiplier of every crude value.
    CrudePrice,
    /// Multiplier of the base rate.
    StrikeRate,
    /// Multiplier of the outage length of every strike whose length is a default.
    DefaultOutageScale,
    /// Multiplier of the capacity disabled by every strike whose share is a default
    /// (at most the whole asset).
    DefaultShareScale,
    /// A fitted parameter of the arrival model, in place of its estimate.
    Arrival(ArrivalParam),
}

/// An input is written by its name.
impl Serialize for Input {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Input {
    /// Every input, in the order tables list them.
    pub const ALL: [Input; 19] = [
        Input::LookbackDays,
        Input::Compliance,
        Input::TruceDays,
        Input::TruceStartOffset,
        Input::Diversion,
        Input::DefaultUtilization,
        Input::ProductPrice,
        Input::CrudePrice,
        Input::StrikeRate,
        Input::DefaultOutageScale,
        Input::DefaultShareScale,
        Input::Arrival(ArrivalParam::HawkesBaseline),
        Input::Arrival(ArrivalParam::HawkesBranching),
        Input::Arrival(ArrivalParam::HawkesDecay),
        Input::Arrival(ArrivalParam::NegbinShape),
        Input::Arrival(ArrivalParam::CampaignQuietRate),
        Input::Arrival(ArrivalParam::CampaignRate),
        Input::Arrival(ArrivalParam::CampaignStart),
        Input::Arrival(ArrivalParam::CampaignEnd),
    ];

    /// The name used in scenario files and tables.
    pub fn name(self) -> &'static str {
        match self {
            Input::LookbackDays => "lookback_days",
            Input::Compliance => "compliance",
            Input::TruceDays => "truce_days",
            Input::TruceStartOffset => "truce_start_offset_days",
            Input::Diversion => "diversion",
            Input::DefaultUtilization => "default_utilization",
            Input::ProductPrice => "product_price_multiplier",
            Input::CrudePrice => "crude_price_multiplier",
            Input::StrikeRate => "strike_rate_multiplier",
            Input::DefaultOutageScale => "default_outage_scale",
            Input::DefaultShareScale => "default_share_scale",
            Input::Arrival(p) => p.name(),
        }
    }

    /// The input of a name.
    pub fn parse(name: &str) -> Option<Input> {
        Input::ALL.into_iter().find(|i| i.name() == name)
    }

    /// The values the model accepts, as `(rule, check)`.
    fn domain(self) -> (&'static str, fn(f64) -> bool) {
        match self {
            Input::LookbackDays | Input::TruceDays => {
                ("whole days >= 1", |v| v >= 1.0 && v.fract() == 0.0)
            }
            Input::TruceStartOffset => ("whole days", |v| v.fract() == 0.0),
            Input::Compliance | Input::Diversion => {
                ("a share from 0 to 1", |v| (0.0..=1.0).contains(&v))
            }
            Input::DefaultUtilization => ("a share with 0 < s <= 1", |v| v > 0.0 && v <= 1.0),
            Input::ProductPrice
            | Input::CrudePrice
            | Input::StrikeRate
            | Input::DefaultOutageScale
            | Input::DefaultShareScale => ("a multiplier >= 0", |v| v >= 0.0),
            Input::Arrival(p) => p.domain(),
        }
    }

    /// True for inputs counted in whole days (their values are rounded).
    fn whole(self) -> bool {
        matches!(
            self,
            Input::LookbackDays | Input::TruceDays | Input::TruceStartOffset
        )
    }
}

/// One input with its range and its base-case value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Factor {
    /// The input.
    pub input: Input,
    /// Low end of its range.
    pub low: f64,
    /// High end of its range.
    pub high: f64,
    /// Its value in the base case.
    pub base: f64,
}

/// A summary figure of a scenario that an analysis explains. The figures that are amounts
/// are named in the group's unit (`lost_capacity_mt`, `lost_capacity_gwh`); see
/// [`Figure::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Lost capacity (an amount: `lost_capacity_mt`, `lost_capacity_gwh`...).
    LostCapacity,
    /// Lost throughput (an amount).
    LostThroughput,
    /// `mean_offline_share`.
    MeanOfflineShare,
    /// `revenue_usd`.
    Revenue,
    /// `revenue_loss_usd`.
    RevenueLoss,
    /// Capacity given back (an amount).
    GainCapacity,
    /// `gain_revenue_usd`.
    GainRevenue,
}

impl Figure {
    /// Every figure, by the stem of its summary column name (an amount's unit follows it).
    pub const ALL: [(Figure, &'static str); 7] = [
        (Figure::LostCapacity, "lost_capacity"),
        (Figure::LostThroughput, "lost_throughput"),
        (Figure::MeanOfflineShare, "mean_offline_share"),
        (Figure::Revenue, "revenue_usd"),
        (Figure::RevenueLoss, "revenue_loss_usd"),
        (Figure::GainCapacity, "gain_capacity"),
        (Figure::GainRevenue, "gain_revenue_usd"),
    ];

    /// The figure of a stem (`gain_capacity`), with no unit.
    pub fn parse(name: &str) -> Option<Figure> {
        Figure::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(f, _)| *f)
    }

    /// The figure of a summary column name in any unit (`gain_capacity_mt`,
    /// `gain_capacity_gwh`, or the stem `gain_capacity`) and the unit's amount name it
    /// gives (`mt`, `gwh`; `None` for the stem or a figure with no unit).
    pub fn parse_named(name: &str) -> Option<(Figure, Option<String>)> {
        if let Some(f) = Figure::parse(name) {
            return Some((f, None));
        }
        Figure::ALL.iter().find_map(|(f, stem)| {
            let suffix = name.strip_prefix(stem)?.strip_prefix('_')?;
            (f.is_amount() && !suffix.is_empty()).then(|| (*f, Some(suffix.to_owned())))
        })
    }

    /// The stem of the summary column name.
    pub fn name(self) -> &'static str {
        Figure::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, n)| n)
    }

    /// True for a figure that is an amount in the group's unit.
    pub fn is_amount(self) -> bool {
        matches!(
            self,
            Figure::LostCapacity | Figure::LostThroughput | Figure::GainCapacity
        )
    }

    /// True for a figure in US dollars.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Figure::Revenue | Figure::RevenueLoss | Figure::GainRevenue
        )
    }

    /// The summary column name in `unit`: `gain_capacity_mt` for refineries,
    /// `gain_capacity_gwh` for power plants; the stem for a figure with no unit.
    pub fn key(self, unit: &crate::units::Unit) -> String {
        if self.is_amount() {
            unit.key(self.name(), crate::units::Quantity::Amount)
        } else {
            self.name().to_owned()
        }
    }

    /// The figure named `name` for a group in `unit`: a unit that is not the group's is
    /// refused with the name to use.
    pub fn in_unit(name: &str, unit: &crate::units::Unit) -> Result<Figure, Error> {
        let (figure, suffix) = Figure::parse_named(name).ok_or_else(|| {
            Error::Usage(format!(
                "--figure: expected one of {}, found \"{name}\"",
                Figure::names(unit)
            ))
        })?;
        match suffix {
            Some(s) if s != unit.amount_name() => Err(Error::Usage(format!(
                "--figure {name}: the group's figures are in {} ({}), not {s}: use {} (or {}, \
                 which names the figure in each group's unit)",
                unit.amount_label(),
                unit.label(),
                figure.key(unit),
                figure.name()
            ))),
            _ => Ok(figure),
        }
    }

    /// The figures' names in `unit`, for messages and help.
    pub fn names(unit: &crate::units::Unit) -> String {
        Figure::ALL
            .iter()
            .map(|(f, _)| f.key(unit))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// True when `input` can move this figure for a group in `unit`: prices and the
    /// diversion share move money only, and the diversion share and the crude price only
    /// where crude goes unprocessed (refineries, in Mt/yr).
    pub fn moved_by(self, input: Input, unit: &crate::units::Unit) -> bool {
        self.not_moved_by(input, unit).is_none()
    }

    /// Why `input` cannot move this figure for a group in `unit`, or `None` when it can.
    pub fn not_moved_by(self, input: Input, unit: &crate::units::Unit) -> Option<String> {
        let refining = *unit == crate::units::Unit::Mtpa;
        let name = self.key(unit);
        match input {
            Input::ProductPrice | Input::CrudePrice | Input::Diversion if !self.is_money() => {
                Some(format!("{name} is not money"))
            }
            Input::CrudePrice | Input::Diversion if !refining => {
                Some(format!("no crude goes unprocessed in {}", unit.label()))
            }
            Input::DefaultUtilization
                if matches!(
                    self,
                    Figure::LostCapacity | Figure::GainCapacity | Figure::MeanOfflineShare
                ) =>
            {
                Some(format!("{name} is on a capacity basis"))
            }
            _ => None,
        }
    }
}

/// What an analysis explains: a figure of the `truce` or the `no-truce` scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The figure.
    pub figure: Figure,
    /// True for the truce scenario, false for no-truce.
    pub truce: bool,
}

/// The truce case an analysis varies: one group's data, the base settings and their first
/// truce, the inputs with their ranges, and the target.
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    data: &'a Dataset,
    base: Settings,
    truce: Truce,
    /// The inputs varied, with their ranges.
    pub factors: Vec<Factor>,
    /// The figure explained.
    pub target: Target,
    /// The inputs left out because they cannot move the figure for this group (prices of
    /// a capacity figure; the diversion share and the crude price outside refining), each
    /// with why.
    pub left_out: Vec<(Input, String)>,
    /// Monte Carlo paths per evaluation (`None`: the expected path); with paths the target
    /// is the figure's mean over them.
    pub monte_carlo: Option<MonteCarloOptions>,
}

/// The `p` quantile (nearest rank) of sorted values.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// Whether every Monte Carlo path draws `input` afresh: default lengths and shares are
/// drawn from the reported ones (MODEL.md, "Record uncertainty"), so scaling them changes
/// nothing when paths are run.
fn drawn_by_paths(input: Input) -> bool {
    matches!(input, Input::DefaultOutageScale | Input::DefaultShareScale)
}

/// Checks one given range (run `with_paths` or not): a known input, one the paths do not
/// redraw, and two values, low below high, both in the input's domain. The input and its
/// ends, or what is wrong with them.
fn check_range(g: &RangeGiven, with_paths: bool) -> Result<(Input, f64, f64), String> {
    let Some(input) = Input::parse(&g.name) else {
        let names: Vec<&str> = Input::ALL.iter().map(|i| i.name()).collect();
        return Err(format!(
            "expected an input of {}, found \"{}\"",
            names.join(", "),
            g.name
        ));
    };
    if with_paths && drawn_by_paths(input) {
        return Err(format!(
            "{}: expected an input the Monte Carlo paths do not redraw (each path draws default outage lengths and shares from the reported ones), found it with paths",
            g.name
        ));
    }
    let (rule, ok) = input.domain();
    match g.values.as_slice() {
        [low, high] if low < high && ok(*low) && ok(*high) => Ok((input, *low, *high)),
        [low, high] if low < high => Err(format!(
            "{}: expected {rule} at both ends, found [{low}, {high}]",
            g.name
        )),
        [low, high] => Err(format!(
            "{}: expected [low, high] with low < high, found [{low}, {high}]",
            g.name
        )),
        other => Err(format!(
            "{}: expected two values [low, high], found {} value{}",
            g.name,
            other.len(),
            if other.len() == 1 { "" } else { "s" }
        )),
    }
}

/// The problem of a given range, `message`, placed at the range's file and line when it
/// came from a file.
fn range_problem(g: &RangeGiven, message: String) -> SettingProblem {
    let mut p = SettingProblem::new("sensitivity", g.place.is_none(), message);
    if let Some((file, line)) = &g.place {
        p.file = Some(file.clone());
        p.line = Some(*line);
    }
    p
}

impl<'a> Problem<'a> {
    /// The default inputs of MODEL.md ("Sensitivity") for `data` (one group) and `base`,
    /// with `given` ranges in their place (every problem of them reported, with file and
    /// line). Inputs the records cannot range (no default-length strike, or no reported
    /// length) are left out.
    pub fn new(
        data: &'a Dataset,
        base: &Settings,
        target: Target,
        monte_carlo: Option<MonteCarloOptions>,
        given: &[RangeGiven],
    ) -> Result<Self, Error> {
        let group = data.single_group()?;
        // The figures ranked are means, which the bands' reading does not change: no
        // sample runs a track record.
        let base = base
            .for_group(&group)
            .with_calibration(crate::projection::calibration::Calibration::None);
        let truce = base
            .scenarios()
            .iter()
            .find_map(|s| s.truce)
            .unwrap_or_else(|| Truce::new(base.first_day(), 30));
        // The arrival model as the base case fits it, once: its parameters' estimates are
        // the base values of the inputs that range them.
        let fitted = base_fit(data, &base);
        let mut factors = default_factors(data, &base, &truce, &fitted);
        let with_paths = monte_carlo.is_some();
        factors.retain(|f| !(with_paths && drawn_by_paths(f.input)));
        let mut problems = Vec::new();
        for g in given {
            let (input, low, high) = match check_range(g, with_paths) {
                Ok(range) => range,
                Err(message) => {
                    problems.push(range_problem(g, message));
                    continue;
                }
            };
            if let Input::Arrival(p) = input {
                if p.estimate(&fitted.params).is_none() {
                    let has: Vec<&str> = ArrivalParam::ALL
                        .into_iter()
                        .filter(|q| q.estimate(&fitted.params).is_some())
                        .map(ArrivalParam::name)
                        .collect();
                    let message = format!(
                        "{}: expected a parameter of the arrival model in use ({}{}), found one it does not have",
                        g.name,
                        fitted.model(),
                        if has.is_empty() {
                            ", which has none to range".to_owned()
                        } else {
                            format!(": {}", has.join(", "))
                        }
                    );
                    problems.push(range_problem(g, message));
                    continue;
                }
            }
            let base_value = factors.iter().find(|f| f.input == input).map_or_else(
                || base_value(data, &base, &truce, &fitted, input),
                |f| Some(f.base),
            );
            let factor = Factor {
                input,
                low,
                high,
                base: base_value.unwrap_or((low + high) / 2.0),
            };
            match factors.iter_mut().find(|f| f.input == input) {
                Some(f) => *f = factor,
                None => factors.push(factor),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Scenario(SettingsReport { problems }));
        }
        factors.sort_by_key(|f| Input::ALL.iter().position(|i| *i == f.input));
        let unit = data.assets.unit();
        let mut left_out = Vec::new();
        factors.retain(|f| match target.figure.not_moved_by(f.input, &unit) {
            Some(why) => {
                left_out.push((f.input, why));
                false
            }
            None => true,
        });
        Ok(Problem {
            data,
            base,
            truce,
            factors,
            target,
            monte_carlo,
            left_out,
        })
    }

    /// The target's value with the factors at `x` (one value per factor, in order).
    pub fn evaluate(&self, x: &[f64]) -> Result<f64, Error> {
        let value = |input: Input| {
            self.factors
                .iter()
                .zip(x)
                .find(|(f, _)| f.input == input)
                .map(|(_, v)| if input.whole() { v.round() } else { *v })
        };
        let needs_data = [
            Input::ProductPrice,
            Input::CrudePrice,
            Input::DefaultOutageScale,
            Input::DefaultShareScale,
        ]
        .iter()
        .any(|i| value(*i).is_some());
        let owned;
        let data = if needs_data {
            owned = self.varied_data(&value);
            &owned
        } else {
            self.data
        };
        let start = self.truce.start
            + chrono::Days::new(value(Input::TruceStartOffset).unwrap_or(0.0).max(0.0) as u64);
        let days = value(Input::TruceDays).unwrap_or(f64::from(self.truce.days));
        let mut truce = Truce::new(start, days as u32)
            .compliance(value(Input::Compliance).unwrap_or(self.truce.compliance));
        truce.extended = self.truce.extended;
        let settings = Settings::builder(data)
            .as_of(self.base.as_of())
            .until(self.base.until())
            .lookback_days(
                value(Input::LookbackDays).unwrap_or(f64::from(self.base.lookback_days())) as u32,
            )
            .diversion(value(Input::Diversion).unwrap_or(self.base.diversion()))
            .default_utilization(
                value(Input::DefaultUtilization).unwrap_or(self.base.default_utilization()),
            )
            .scenario(Scenario::no_truce("no-truce"))
            .scenario(Scenario::with_truce("truce", truce))
            .build()?
            // The base case's arrival model (the group's, resolved) and reading.
            .with_arrivals(self.base.arrivals())
            .with_calibration(self.base.calibration())
            .with_rate_multiplier(value(Input::StrikeRate).unwrap_or(1.0))?;
        let mut settings = settings;
        for p in ArrivalParam::ALL {
            if let Some(v) = value(Input::Arrival(p)) {
                settings = settings.with_arrival_param(p, v)?;
            }
        }
        let p = project_capacity(data, &settings, self.monte_carlo)?;
        Ok(self.target_of(&p))
    }

    /// The data with the price multipliers and the default outage lengths and shares of
    /// `value` in place.
    fn varied_data(&self, value: &dyn Fn(Input) -> Option<f64>) -> Dataset {
        let mut data = self.data.clone();
        data.prices = data.prices.scaled(
            value(Input::ProductPrice).unwrap_or(1.0),
            value(Input::CrudePrice).unwrap_or(1.0),
        );
        let default = Some(Basis::Default);
        let days = value(Input::DefaultOutageScale);
        let share = value(Input::DefaultShareScale);
        for s in &mut data.strikes {
            if let (Some(k), true) = (days, s.certainty().outage_basis == default) {
                s.repair_days = (f64::from(s.repair_days) * k).round().max(1.0) as u32;
            }
            if let (Some(k), true) = (share, s.certainty().disabled_basis == default) {
                let capacity = self.data.assets.as_slice()[s.asset].capacity;
                s.disabled = (s.disabled * k).min(capacity);
            }
        }
        data
    }

    fn target_of(&self, p: &Projection) -> f64 {
        let r = &p.scenarios[usize::from(self.target.truce)];
        let s = &r.summary;
        let bands = r.bands.as_ref();
        match self.target.figure {
            Figure::LostCapacity => bands.map_or(s.lost_capacity, |b| b.lost_capacity.mean),
            Figure::LostThroughput => s.lost_throughput,
            Figure::MeanOfflineShare => s.mean_offline_share,
            Figure::Revenue => s.revenue_usd,
            Figure::RevenueLoss => bands.map_or(s.revenue_loss_usd, |b| b.revenue_loss_usd.mean),
            Figure::GainCapacity => bands
                .and_then(|b| b.gain_capacity)
                .map_or(s.gain_capacity.unwrap_or(0.0), |q| q.mean),
            Figure::GainRevenue => bands
                .and_then(|b| b.gain_revenue_usd)
                .map_or(s.gain_revenue_usd.unwrap_or(0.0), |q| q.mean),
        }
    }

    /// The base case: every factor at its base value.
    pub fn base_point(&self) -> Vec<f64> {
        self.factors.iter().map(|f| f.base).collect()
    }
}

/// The base-case value of an input, where the case has one.
fn base_value(
    data: &Dataset,
    base: &Settings,
    truce: &Truce,
    fitted: &crate::projection::arrivals::Fitted,
    input: Input,
) -> Option<f64> {
    Some(match input {
        Input::LookbackDays => f64::from(base.lookback_days()),
        Input::Compliance => truce.compliance,
        Input::TruceDays => f64::from(truce.days),
        Input::TruceStartOffset => 0.0,
        Input::Diversion => base.diversion(),
        Input::DefaultUtilization => base.default_utilization(),
        Input::ProductPrice | Input::CrudePrice | Input::StrikeRate => 1.0,
        // The estimate fitted at the base case.
        Input::Arrival(p) => p.estimate(&fitted.params)?.value,
        Input::DefaultOutageScale | Input::DefaultShareScale => {
            // Only where some strike rests on the default.
            let default = Some(Basis::Default);
            let any = data.strikes.iter().any(|s| {
                if input == Input::DefaultOutageScale {
                    s.certainty().outage_basis == default
                } else {
                    s.certainty().disabled_basis == default
                }
            });
            if !any {
                return None;
            }
            1.0
        }
    })
}

/// The arrival model of `base` fitted at its as-of date (over its projected days), as the
/// base case's projection fits it.
fn base_fit(data: &Dataset, base: &Settings) -> crate::projection::arrivals::Fitted {
    let days = (base.until() - base.as_of()).num_days().max(1) as usize;
    crate::projection::baseline::fit_arrivals(data, base, days)
}

/// The range of a fitted parameter: its estimate's 95 % interval from the standard error on
/// the log scale (rates, decay, shape: `x exp(+-2 se / x)`) or the logit scale (branching
/// ratio, daily chances: `logit(x) +- 2 se / (x (1 - x))`), within the parameter's domain;
/// none without a standard error or when the model in use has no such parameter.
fn fitted_range(param: ArrivalParam, params: &Params) -> Option<(f64, f64)> {
    let e = param.estimate(params)?;
    let (x, se) = (e.value, e.se?);
    if !(x > 0.0 && se.is_finite() && se > 0.0) {
        return None;
    }
    let (low, high) = match param {
        ArrivalParam::HawkesBranching | ArrivalParam::CampaignStart | ArrivalParam::CampaignEnd => {
            if x >= 1.0 {
                return None;
            }
            let logit = (x / (1.0 - x)).ln();
            let half = 2.0 * se / (x * (1.0 - x));
            let back = |l: f64| 1.0 / (1.0 + (-l).exp());
            (back(logit - half), back(logit + half))
        }
        _ => (x * (-2.0 * se / x).exp(), x * (2.0 * se / x).exp()),
    };
    let high = match param {
        // Below the branching ratio at which the process would not settle.
        ArrivalParam::HawkesBranching => {
            high.min(crate::projection::arrivals::HAWKES_MAX_BRANCHING - 1e-3)
        }
        _ => high,
    };
    let (_, ok) = param.domain();
    (ok(low) && ok(high) && low < high).then_some((low, high))
}

/// The default ranges (MODEL.md, "Sensitivity"); the default outage length and share range
/// over the P10..P90 of the reported ones.
fn default_factors(
    data: &Dataset,
    base: &Settings,
    truce: &Truce,
    fitted: &crate::projection::arrivals::Fitted,
) -> Vec<Factor> {
    let default = Some(Basis::Default);
    let assets = data.assets.as_slice();
    let reported_days = sorted(
        data.strikes
            .iter()
            .filter(|s| s.certainty().outage_basis != default)
            .map(|s| f64::from(s.repair_days))
            .collect(),
    );
    let reported_shares = sorted(
        data.strikes
            .iter()
            .filter(|s| s.certainty().disabled_basis != default)
            .map(|s| (s.disabled / assets[s.asset].capacity).min(1.0))
            .collect(),
    );
    // A default's multiplier ranges over the reported values' P10 and P90 against their
    // median.
    let from_records = |v: &[f64]| {
        (!v.is_empty()).then(|| {
            let median = quantile(v, 0.5).max(f64::MIN_POSITIVE);
            (quantile(v, 0.1) / median, quantile(v, 0.9) / median)
        })
    };
    let mut ranges: Vec<(Input, Option<(f64, f64)>)> = vec![
        (Input::LookbackDays, Some((30.0, 180.0))),
        (Input::Compliance, Some((0.0, 1.0))),
        (Input::TruceDays, Some((10.0, 90.0))),
        (Input::TruceStartOffset, Some((0.0, 60.0))),
        (Input::Diversion, Some((0.0, 1.0))),
        (Input::DefaultUtilization, Some((0.7, 0.95))),
        (Input::ProductPrice, Some((0.8, 1.2))),
        (Input::CrudePrice, Some((0.8, 1.2))),
        (Input::StrikeRate, Some((0.5, 1.5))),
        (Input::DefaultOutageScale, from_records(&reported_days)),
        (Input::DefaultShareScale, from_records(&reported_shares)),
    ];
    // The fitted parameters of the model in use, each over its fit's 95 % interval.
    ranges.extend(
        ArrivalParam::ALL
            .into_iter()
            .map(|p| (Input::Arrival(p), fitted_range(p, &fitted.params))),
    );
    ranges
        .into_iter()
        .filter_map(|(input, range)| {
            let (low, high) = range.filter(|(l, h)| l < h)?;
            let base = base_value(data, base, truce, fitted, input)?;
            Some(Factor {
                input,
                low,
                high,
                base,
            })
        })
        .collect()
}

/// One bar of a tornado: the target with one input at each end of its range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The input and its range.
    pub factor: Factor,
    /// The target with the input at its low end.
    pub at_low: f64,
    /// The target with the input at its high end.
    pub at_high: f64,
}

impl TornadoBar {
    /// How far the target moves over the input's range.
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// A tornado: the base value and one bar per input, largest swing first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// The target at the base case.
    pub base_value: f64,
    /// The bars, largest swing first (ties in input order).
    pub bars: Vec<TornadoBar>,
}

/// One input at a time at the ends of its range, the others at the base case.
pub fn tornado(problem: &Problem<'_>) -> Result<Tornado, Error> {
    let base = problem.base_point();
    let mut points = vec![base.clone()];
    for i in 0..problem.factors.len() {
        for end in [problem.factors[i].low, problem.factors[i].high] {
            let mut x = base.clone();
            x[i] = end;
            points.push(x);
        }
    }
    let values = points
        .par_iter()
        .map(|x| problem.evaluate(x))
        .collect::<Result<Vec<f64>, Error>>()?;
    let mut bars: Vec<TornadoBar> = problem
        .factors
        .iter()
        .enumerate()
        .map(|(i, f)| TornadoBar {
            factor: *f,
            at_low: values[1 + 2 * i],
            at_high: values[2 + 2 * i],
        })
        .collect();
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(Tornado {
        base_value: values[0],
        bars,
    })
}

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Its low end.
    pub low: f64,
    /// Its high end.
    pub high: f64,
}

impl Interval {
    /// True when `v` lies inside, ends included.
    pub fn contains(&self, v: f64) -> bool {
        self.low <= v && v <= self.high
    }
}

/// Sobol' indices of one input of a function, with their bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indices {
    /// First-order index: the share of the variance the input explains alone.
    pub first_order: f64,
    /// Its bootstrap interval.
    pub first_order_ci: Interval,
    /// Total index: the share it explains with all its interactions.
    pub total_order: f64,
    /// Its bootstrap interval.
    pub total_order_ci: Interval,
}

/// The Sobol' indices of a function over a box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolEstimate {
    /// One per input, in order.
    pub indices: Vec<Indices>,
    /// The function's variance over the sample.
    pub variance: f64,
    /// Evaluations of the function.
    pub evaluations: usize,
}

/// Sobol' indices of one input, with their bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SobolIndex {
    /// The input and its range.
    pub factor: Factor,
    /// First-order index: the share of the target's variance the input explains alone.
    pub first_order: f64,
    /// Its bootstrap interval.
    pub first_order_ci: Interval,
    /// Total index: the share it explains with all its interactions.
    pub total_order: f64,
    /// Its bootstrap interval.
    pub total_order_ci: Interval,
}

/// Sobol' indices of every input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sobol {
    /// Base samples (`N`); the model ran `N (k + 2)` times.
    pub samples: usize,
    /// Model evaluations.
    pub evaluations: usize,
    /// The target's variance over the sample.
    pub variance: f64,
    /// Bootstrap resamples behind each interval.
    pub resamples: usize,
    /// Confidence of the intervals (0.95).
    pub confidence: f64,
    /// One per input, in input order.
    pub indices: Vec<SobolIndex>,
}

/// Options of a Sobol' analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SobolOptions {
    /// Base samples `N` (the model runs `N (k + 2)` times).
    pub samples: usize,
    /// Seed of the sample and the bootstrap.
    pub seed: u64,
    /// Bootstrap resamples for the intervals.
    pub resamples: usize,
}

impl SobolOptions {
    /// Refuses options the estimate cannot run with, each by its name: fewer than 2 base
    /// samples, no bootstrap resample.
    pub fn check(&self) -> Result<(), Error> {
        if self.samples < 2 {
            return Err(Error::setting(
                "samples",
                "at least 2 base samples",
                self.samples,
            ));
        }
        if self.resamples == 0 {
            return Err(Error::setting(
                "resamples",
                "at least 1 bootstrap resample",
                self.resamples,
            ));
        }
        Ok(())
    }
}

impl Default for SobolOptions {
    fn default() -> Self {
        SobolOptions {
            samples: 1024,
            seed: 42,
            resamples: 1000,
        }
    }
}

/// The 32-byte seed of salib's generator from a `u64`.
#[cfg(feature = "sobol")]
fn seed_bytes(seed: u64, stream: u8) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8] = stream;
    bytes
}

/// Sobol' indices of `f` over the box `ranges` (inputs uniform on each range): Saltelli
/// sampling on a Sobol' sequence, the Saltelli (2010) first-order and Jansen total
/// estimators, percentile bootstrap intervals at 95 %. `f` runs in parallel; results do not
/// depend on the thread count.
#[cfg(feature = "sobol")]
pub fn sobol_indices<F>(
    ranges: &[(f64, f64)],
    f: F,
    options: SobolOptions,
) -> Result<SobolEstimate, Error>
where
    F: Fn(&[f64]) -> Result<f64, Error> + Sync,
{
    use salib::estimators::estimate_saltelli2010_from_outputs_with_bootstrap;
    use salib::samplers::{build_saltelli_matrix, SobolSampler};
    use salib::RngState;
    let k = ranges.len();
    if k == 0 || k > 50 {
        return Err(Error::setting("inputs", "1 to 50 inputs", k));
    }
    options.check()?;
    let mut rng = RngState::from_seed(seed_bytes(options.seed, 0));
    let matrix = build_saltelli_matrix(
        &SobolSampler::minimal(2 * k),
        options.samples,
        false,
        &mut rng,
    )
    .map_err(|e| Error::setting("samples", "a Saltelli design", e))?;
    let scale = |unit: Vec<f64>| -> Vec<f64> {
        unit.iter()
            .zip(ranges)
            .map(|(u, (lo, hi))| lo + (hi - lo) * u)
            .collect()
    };
    // The design's rows as plain vectors (each of A, B and the A_B^i in row order).
    let rows = |m: &dyn Fn() -> Vec<Vec<f64>>| m();
    let a = rows(&|| matrix.a.rows().into_iter().map(|r| r.to_vec()).collect());
    let b = rows(&|| matrix.b.rows().into_iter().map(|r| r.to_vec()).collect());
    let a_b: Vec<Vec<Vec<f64>>> = matrix
        .a_b
        .iter()
        .map(|m| m.rows().into_iter().map(|r| r.to_vec()).collect())
        .collect();
    let run = |unit_rows: &[Vec<f64>]| -> Result<Vec<f64>, Error> {
        unit_rows.par_iter().map(|u| f(&scale(u.clone()))).collect()
    };
    let fa = run(&a)?;
    let fb = run(&b)?;
    let fab = a_b.iter().map(|m| run(m)).collect::<Result<Vec<_>, _>>()?;
    let mut boot = RngState::from_seed(seed_bytes(options.seed, 1));
    let s = estimate_saltelli2010_from_outputs_with_bootstrap(
        &fa,
        &fb,
        &fab,
        options.resamples,
        0.05,
        &mut boot,
    )
    .map_err(|e| Error::setting("resamples", "a bootstrap", e))?;
    let interval = |(low, high): (f64, f64)| Interval { low, high };
    Ok(SobolEstimate {
        indices: (0..k)
            .map(|i| Indices {
                first_order: s.indices.first_order[i],
                first_order_ci: interval(s.first_order_ci[i]),
                total_order: s.indices.total_order[i],
                total_order_ci: interval(s.total_order_ci[i]),
            })
            .collect(),
        variance: s.indices.total_variance,
        evaluations: matrix.total_evaluations(),
    })
}

/// Sobol' indices of the problem's target over its inputs' ranges.
#[cfg(feature = "sobol")]
pub fn sobol(problem: &Problem<'_>, options: SobolOptions) -> Result<Sobol, Error> {
    let ranges: Vec<(f64, f64)> = problem.factors.iter().map(|f| (f.low, f.high)).collect();
    let estimate = sobol_indices(&ranges, |x| problem.evaluate(x), options)?;
    Ok(Sobol {
        samples: options.samples,
        evaluations: estimate.evaluations,
        variance: estimate.variance,
        resamples: options.resamples,
        confidence: 0.95,
        indices: problem
            .factors
            .iter()
            .zip(estimate.indices)
            .map(|(f, i)| SobolIndex {
                factor: *f,
                first_order: i.first_order,
                first_order_ci: i.first_order_ci,
                total_order: i.total_order,
                total_order_ci: i.total_order_ci,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// The Ishigami function (a = 7, b = 0.1), whose indices are known in closed form:
    /// S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437.
    fn ishigami(x: &[f64]) -> Result<f64, Error> {
        Ok(x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin())
    }

    #[test]
    fn the_ishigami_indices_within_a_stated_tolerance() {
        let ranges = [(-PI, PI); 3];
        let options = SobolOptions {
            samples: 8192,
            seed: 1,
            resamples: 200,
        };
        let s = sobol_indices(&ranges, ishigami, options).unwrap();
        assert_eq!(s.evaluations, 8192 * 5);
        // Var = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446.
        assert!((s.variance - 13.8446).abs() < 0.4, "{}", s.variance);
        let exact = [(0.3139, 0.5576), (0.4424, 0.4424), (0.0, 0.2437)];
        for (i, (x, (e1, et))) in s.indices.iter().zip(exact).enumerate() {
            let (s1, st) = (x.first_order, x.total_order);
            assert!((s1 - e1).abs() < 0.03, "S{}: {s1} against {e1}", i + 1);
            assert!((st - et).abs() < 0.03, "ST{}: {st} against {et}", i + 1);
            assert!(x.first_order_ci.contains(s1), "{x:?}");
            assert!(x.total_order_ci.contains(st), "{x:?}");
        }
        // The same seed gives the same indices on one thread.
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| sobol_indices(&ranges, ishigami, options).unwrap());
        assert_eq!(one, s);
    }

    #[test]
    fn a_linear_model_by_hand() {
        // y = 2 x1 + x2 on [0,1]^2: Var = 4/12 + 1/12, S1 = ST1 = 0.8, S2 = ST2 = 0.2.
        let s = sobol_indices(
            &[(0.0, 1.0), (0.0, 1.0)],
            |x| Ok(2.0 * x[0] + x[1]),
            SobolOptions {
                samples: 4096,
                seed: 3,
                resamples: 100,
            },
        )
        .unwrap()
        .indices;
        assert!((s[0].first_order - 0.8).abs() < 0.02, "{s:?}");
        assert!((s[0].total_order - 0.8).abs() < 0.02, "{s:?}");
        assert!((s[1].first_order - 0.2).abs() < 0.02, "{s:?}");
        assert!((s[1].total_order - 0.2).abs() < 0.02, "{s:?}");
    }
}
