//! Arrival models for new strikes: how many strikes each day of a projection horizon brings,
//! fitted to the strikes known at the as-of date.
//!
//! # Time and windows
//!
//! Time is in days relative to the as-of date, which is `t = 0`. Strikes are recorded by day:
//! a strike stamped `s` (for example `-3.0`) belongs to the day `D = ceil(s)`, the interval
//! `(D - 1, D]`. The as-of day is `(-1, 0]`, and day `h = 0, 1, ...` of the horizon is
//! `(h, h + 1]`, so the first projected day is the day after the as-of date. A window of `W` days
//! ending at the as-of date is `(-W, 0]`: the days stamped `-(W - 1), ..., 0`, the same days as an
//! inclusive date window of `W` days ending on the as-of date.
//!
//! Two windows enter a fit:
//!
//! * the **lookback** window `(-L, 0]` gives the mean rate of the Poisson and negative binomial
//!   models, `m = (strikes in the lookback) / L`;
//! * the **history** window `(-H, 0]`, all the records known at the as-of date, is what the
//!   dispersion (negative binomial), the self-excitation (Hawkes) and the replayed days
//!   (resample) are fitted to.
//!
//! A model that cannot be fitted falls back to a simpler one (Hawkes to negative binomial,
//! negative binomial to Poisson) and says why in [`Fitted::warnings`].
//!
//! # Simulation
//!
//! [`Fitted::draw_counts`] draws one path of daily counts for the horizon and depends on nothing
//! but the random number generator: counts are sampled as `u32`, window starts as `u32`, and
//! no unordered collection is iterated. [`Fitted::mean_daily`] gives the model's expected count
//! per day.

use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

use argmin::core::{CostFunction, Error as ArgminError, Executor, Gradient, State};
use argmin::solver::brent::BrentRoot;
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::BFGS;
use rand::Rng;
use rand_distr::{Distribution, Exp1, Gamma, Poisson};
use serde::{Deserialize, Serialize};
use statrs::function::factorial::ln_factorial;
use statrs::function::gamma::{digamma, ln_gamma};

/// Fewest windows of the horizon's length over the history for a negative binomial fit.
pub const NEGBIN_MIN_WINDOWS: usize = 3;
/// Fewest strikes in the history window for a Hawkes fit.
pub const HAWKES_MIN_EVENTS: usize = 20;
/// A Hawkes fit whose branching ratio reaches this value is refused as near-explosive.
pub const HAWKES_MAX_BRANCHING: f64 = 0.99;

/// Counts up to this size use exact finite sums for `ln Γ(y + k) - ln Γ(k)` and
/// `ψ(y + k) - ψ(k)`; larger counts use the special functions.
const EXACT_SUM_MAX: u32 = 256;

// ---------------------------------------------------------------------------------------------
// Model names
// ---------------------------------------------------------------------------------------------

/// The arrival model of new strikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arrivals {
    /// Poisson counts per day at the lookback rate.
    #[default]
    Poisson,
    /// Poisson-gamma mixture: a gamma-distributed rate per path, Poisson counts per day.
    NegBin,
    /// Self-exciting point process with an exponential kernel, conditioned on the history.
    Hawkes,
    /// Block bootstrap: the daily counts of a random window of the history, replayed.
    Resample,
    /// Campaigns that start and stop: a two-state (quiet, campaign) Markov-switching Poisson
    /// process fitted to the history's daily counts.
    Campaign,
}

impl Arrivals {
    /// Every model, in the order of the names in error messages.
    pub const ALL: [Arrivals; 5] = [
        Arrivals::Poisson,
        Arrivals::NegBin,
        Arrivals::Hawkes,
        Arrivals::Resample,
        Arrivals::Campaign,
    ];

    /// The model's name: `poisson`, `negbin`, `hawkes`, `resample` or `campaign`.
    pub fn name(self) -> &'static str {
        match self {
            Arrivals::Poisson => "poisson",
            Arrivals::NegBin => "negbin",
            Arrivals::Hawkes => "hawkes",
            Arrivals::Resample => "resample",
            Arrivals::Campaign => "campaign",
        }
    }

    /// Whether the model draws strikes from the history rather than at the lookback's rate
    /// (hawkes, resample, campaign): it may bring strikes when the lookback holds none, which
    /// then copy the strikes known at the as-of date (MODEL.md, "Arrival models").
    pub fn draws_from_history(self) -> bool {
        matches!(
            self,
            Arrivals::Hawkes | Arrivals::Resample | Arrivals::Campaign
        )
    }
}

impl fmt::Display for Arrivals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fitted parameter of an arrival model that a study may set in place of its estimate
/// (sensitivity's inputs: MODEL.md, "Sensitivity").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalParam {
    /// Hawkes baseline `mu`, strikes per day.
    HawkesBaseline,
    /// Hawkes branching ratio `n`.
    HawkesBranching,
    /// Hawkes decay `beta`, per day.
    HawkesDecay,
    /// Negative binomial gamma shape `k`.
    NegbinShape,
    /// Campaign model: strikes per quiet day `r_0`.
    CampaignQuietRate,
    /// Campaign model: strikes per campaign day `r_1`.
    CampaignRate,
    /// Campaign model: the daily chance `a` that a quiet day is followed by a campaign day.
    CampaignStart,
    /// Campaign model: the daily chance `b` that a campaign day is followed by a quiet day.
    CampaignEnd,
}

impl ArrivalParam {
    /// Every parameter, in the order tables list them.
    pub const ALL: [ArrivalParam; 8] = [
        ArrivalParam::HawkesBaseline,
        ArrivalParam::HawkesBranching,
        ArrivalParam::HawkesDecay,
        ArrivalParam::NegbinShape,
        ArrivalParam::CampaignQuietRate,
        ArrivalParam::CampaignRate,
        ArrivalParam::CampaignStart,
        ArrivalParam::CampaignEnd,
    ];

    /// The name of the parameter in scenario files and tables.
    pub fn name(self) -> &'static str {
        match self {
            ArrivalParam::HawkesBaseline => "hawkes_baseline",
            ArrivalParam::HawkesBranching => "hawkes_branching",
            ArrivalParam::HawkesDecay => "hawkes_decay",
            ArrivalParam::NegbinShape => "negbin_shape",
            ArrivalParam::CampaignQuietRate => "campaign_quiet_rate",
            ArrivalParam::CampaignRate => "campaign_rate",
            ArrivalParam::CampaignStart => "campaign_start_chance",
            ArrivalParam::CampaignEnd => "campaign_end_chance",
        }
    }

    /// The values the model accepts, as `(rule, check)`.
    pub fn domain(self) -> (&'static str, fn(f64) -> bool) {
        match self {
            ArrivalParam::HawkesBaseline
            | ArrivalParam::CampaignQuietRate
            | ArrivalParam::CampaignRate => ("a rate > 0 per day", |v| v > 0.0 && v.is_finite()),
            ArrivalParam::HawkesBranching => ("a branching ratio from 0, below 0.99", |v| {
                (0.0..HAWKES_MAX_BRANCHING).contains(&v)
            }),
            ArrivalParam::HawkesDecay | ArrivalParam::NegbinShape => {
                ("a value > 0", |v| v > 0.0 && v.is_finite())
            }
            ArrivalParam::CampaignStart | ArrivalParam::CampaignEnd => {
                ("a daily chance with 0 < p <= 1", |v| v > 0.0 && v <= 1.0)
            }
        }
    }

    /// Its fitted value and standard error in `params`, when they are its model's.
    pub fn estimate(self, params: &Params) -> Option<Estimate> {
        match (self, params) {
            (ArrivalParam::HawkesBaseline, Params::Hawkes { mu, .. }) => Some(*mu),
            (ArrivalParam::HawkesBranching, Params::Hawkes { n, .. }) => Some(*n),
            (ArrivalParam::HawkesDecay, Params::Hawkes { beta, .. }) => Some(*beta),
            (ArrivalParam::NegbinShape, Params::NegBin { shape, .. }) => Some(*shape),
            (ArrivalParam::CampaignQuietRate, Params::Campaign { quiet_rate, .. }) => {
                Some(*quiet_rate)
            }
            (ArrivalParam::CampaignRate, Params::Campaign { campaign_rate, .. }) => {
                Some(*campaign_rate)
            }
            (ArrivalParam::CampaignStart, Params::Campaign { to_campaign, .. }) => {
                Some(*to_campaign)
            }
            (ArrivalParam::CampaignEnd, Params::Campaign { to_quiet, .. }) => Some(*to_quiet),
            _ => None,
        }
    }
}

/// A posterior mean `mean` moved as its estimate moves from `estimate` to `value`: by their
/// ratio (so at the estimate the posterior is the fit's own), or to the value itself where
/// the estimate is 0.
fn moved(estimate: f64, value: f64, mean: f64) -> f64 {
    if estimate > 0.0 {
        mean * value / estimate
    } else {
        value
    }
}

/// A campaign model's rate set to `value`: its posterior's mean (from `strikes` over `days`)
/// moved by the ratio of the value to the estimate.
fn move_rate(rate: &mut Estimate, value: f64, strikes: &mut f64, days: f64) {
    let days = days.max(1.0);
    let mean = moved(rate.value, value, (*strikes + 0.5) / days);
    *strikes = mean * days - 0.5;
    rate.value = value;
}

/// A campaign model's daily chance of a switch set to `value`: its posterior's mean (from
/// the days that switched, `switches`, and those that stayed, `stays`) moved by the ratio of
/// the value to the estimate.
fn move_chance(chance: &mut Estimate, value: f64, switches: &mut f64, stays: &mut f64) {
    let weight = *switches + *stays + 1.0;
    let mean = moved(chance.value, value, (*switches + 0.5) / weight).min(1.0 - 1e-9);
    *switches = mean * weight - 0.5;
    *stays = (1.0 - mean) * weight - 0.5;
    chance.value = value;
}

/// `fitted` with each parameter of `set` at the value given in place of its estimate, where
/// the model in use has it (MODEL.md, "Sensitivity"). A Hawkes process's excitation at the
/// as-of date follows its branching ratio and decay, from the strike times `strike_days` of
/// the `history_days` days it was fitted to; a campaign model's evidence moves so that each
/// posterior's mean moves by the ratio of the value given to the estimate (at the estimate,
/// the fit's own posterior), its weight (strikes and days, starts and stays) kept.
pub(crate) fn set_params(
    fitted: &mut Fitted,
    set: &[(ArrivalParam, f64)],
    strike_days: &[f64],
    history_days: u32,
) {
    for &(param, v) in set {
        match (param, &mut fitted.params) {
            (ArrivalParam::HawkesBaseline, Params::Hawkes { mu, .. }) => mu.value = v,
            (ArrivalParam::HawkesBranching, Params::Hawkes { n, .. }) => n.value = v,
            (ArrivalParam::HawkesDecay, Params::Hawkes { beta, .. }) => beta.value = v,
            (ArrivalParam::NegbinShape, Params::NegBin { shape, .. }) => shape.value = v,
            (
                ArrivalParam::CampaignQuietRate,
                Params::Campaign {
                    quiet_rate,
                    evidence,
                    ..
                },
            ) => move_rate(
                quiet_rate,
                v,
                &mut evidence.quiet_strikes,
                evidence.quiet_days,
            ),
            (
                ArrivalParam::CampaignRate,
                Params::Campaign {
                    campaign_rate,
                    evidence,
                    ..
                },
            ) => move_rate(
                campaign_rate,
                v,
                &mut evidence.campaign_strikes,
                evidence.campaign_days,
            ),
            (
                ArrivalParam::CampaignStart,
                Params::Campaign {
                    to_campaign,
                    evidence,
                    ..
                },
            ) => move_chance(
                to_campaign,
                v,
                &mut evidence.starts,
                &mut evidence.quiet_stays,
            ),
            (
                ArrivalParam::CampaignEnd,
                Params::Campaign {
                    to_quiet, evidence, ..
                },
            ) => move_chance(
                to_quiet,
                v,
                &mut evidence.ends,
                &mut evidence.campaign_stays,
            ),
            _ => {}
        }
    }
    if let Params::Hawkes {
        n,
        beta,
        excitation,
        ..
    } = &mut fitted.params
    {
        if set
            .iter()
            .any(|(p, _)| matches!(p, ArrivalParam::HawkesBranching | ArrivalParam::HawkesDecay))
        {
            let times = spread_within_days(&daily_counts(strike_days, history_days));
            *excitation =
                n.value * beta.value * times.iter().map(|&t| (beta.value * t).exp()).sum::<f64>();
        }
    }
}

/// A name that is not an arrival model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownArrivals(pub String);

impl fmt::Display for UnknownArrivals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Arrivals::ALL.iter().map(|a| a.name()).collect();
        write!(
            f,
            "unknown arrival model '{}': expected one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownArrivals {}

impl FromStr for Arrivals {
    type Err = UnknownArrivals;

    /// Parses a model name exactly as [`Arrivals::name`] writes it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Arrivals::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| UnknownArrivals(s.to_owned()))
    }
}

// ---------------------------------------------------------------------------------------------
// Fitted models
// ---------------------------------------------------------------------------------------------

/// A fitted parameter and its standard error, where one is defined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Its standard error: `sqrt` of the diagonal entry of the inverse observed information
    /// (the Hessian of the negative log-likelihood at the optimum). `None` where it is not
    /// defined (no events, information not positive definite, or a parameter not estimated by
    /// maximum likelihood).
    pub se: Option<f64>,
}

impl Estimate {
    fn new(value: f64, se: Option<f64>) -> Self {
        Estimate { value, se }
    }
}

/// The parameters of the model in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "model", rename_all = "lowercase")]
pub enum Params {
    /// Poisson counts per day at `rate`.
    Poisson {
        /// Strikes per day: lookback strikes / lookback days.
        rate: Estimate,
    },
    /// Poisson-gamma mixture.
    NegBin {
        /// Mean strikes per day: lookback strikes / lookback days.
        rate: f64,
        /// Gamma shape `k` of the per-path rate, fitted to the window counts.
        shape: Estimate,
        /// Length of the windows the shape was fitted to (the horizon), days.
        window_days: usize,
        /// Number of windows the shape was fitted to.
        windows: usize,
        /// Mean count per window.
        window_mean: f64,
        /// Variance of the counts per window (divisor: the number of windows).
        window_variance: f64,
    },
    /// Hawkes process with exponential kernel.
    Hawkes {
        /// Baseline intensity `mu`, strikes per day.
        mu: Estimate,
        /// Branching ratio `n`: expected number of strikes directly triggered by one strike.
        n: Estimate,
        /// Decay rate `beta` of the excitation, per day.
        beta: Estimate,
        /// Intensity above the baseline at the as-of date left by the known strikes:
        /// `n * beta * sum_i exp(beta * t_i)`, strikes per day.
        excitation: f64,
    },
    /// Two-state Markov-switching Poisson process: quiet days and campaign days.
    Campaign {
        /// Strikes per day in the quiet state.
        quiet_rate: Estimate,
        /// Strikes per day in the campaign state (above the quiet rate).
        campaign_rate: Estimate,
        /// Probability per day that a quiet day is followed by a campaign day.
        to_campaign: Estimate,
        /// Probability per day that a campaign day is followed by a quiet day.
        to_quiet: Estimate,
        /// Probability that the as-of day was a campaign day, given the history (filtered).
        campaign_now: f64,
        /// What the history holds of each state, from which each path draws its own
        /// parameters.
        evidence: CampaignEvidence,
    },
    /// Daily counts of the history, replayed by windows.
    Resample {
        /// Strikes per day of the history: entry `i` is the day stamped `i + 1 - H`.
        #[serde(skip)]
        daily: Vec<u32>,
    },
}

/// A fitted arrival model: what was asked for, what is used, and how well it fits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fitted {
    /// The model asked for; [`Fitted::model`] is the one used after any fallback.
    pub requested: Arrivals,
    /// The parameters of the model used.
    #[serde(flatten)]
    pub params: Params,
    /// Maximised log-likelihood of the data the used model was fitted to (see each model); not
    /// comparable across models, which are fitted to different data. `None` for resample.
    pub loglik: Option<f64>,
    /// Number of strikes in the data the used model was fitted to.
    pub events: usize,
    /// Everything worth knowing about the fit: ignored records, fallbacks and their reasons.
    pub warnings: Vec<String>,
}

/// The fitted negative binomial shape of a set of window counts: see [`fit_negbin_shape`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NegBinShape {
    /// Shape `k`, with its standard error.
    pub shape: Estimate,
    /// Mean of the counts (the maximum likelihood mean).
    pub mean: f64,
    /// Variance of the counts, divisor the number of counts.
    pub variance: f64,
    /// Maximised log-likelihood.
    pub loglik: f64,
}

/// A Hawkes fit to event times: see [`fit_hawkes_times`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HawkesFit {
    /// Baseline intensity `mu`, events per unit time.
    pub mu: Estimate,
    /// Branching ratio `n`.
    pub n: Estimate,
    /// Decay rate `beta`, per unit time.
    pub beta: Estimate,
    /// Maximised log-likelihood.
    pub loglik: f64,
    /// Number of events fitted.
    pub events: usize,
    /// Intensity above the baseline at the end of the window:
    /// `n * beta * sum_i exp(-beta * (t_end - t_i))`.
    pub excitation: f64,
    /// Remarks on the fit that do not prevent its use (standard errors not defined, say).
    pub warnings: Vec<String>,
}

/// The parameters, log-likelihood and event count of one model, before the warnings are added.
struct Part {
    params: Params,
    loglik: Option<f64>,
    events: usize,
}

// ---------------------------------------------------------------------------------------------
// Fitting
// ---------------------------------------------------------------------------------------------

/// Fits an arrival model to the strikes known at the as-of date.
///
/// `strike_days` are the strikes' day stamps relative to the as-of date (`<= 0`); strikes that
/// are not finite or lie after the as-of date are ignored with a warning, and strikes older
/// than a window are simply outside it. The lookback window `(-lookback_days, 0]` gives the
/// mean rate of the Poisson and negative binomial models; the history window
/// `(-history_days, 0]` is what dispersion, self-excitation and replayed days are fitted to;
/// `horizon_days` is the length of the projection, which sets the negative binomial's windows.
///
/// The estimators:
///
/// * **poisson**: `rate = N_L / L`, with `N_L` the strikes in the lookback and `L` its days. The
///   log-likelihood is that of the lookback's daily counts `y_d`,
///   `sum_d [y_d ln(rate) - rate - ln(y_d!)]`; the standard error is `sqrt(N_L) / L`.
/// * **negbin**: mean rate `m = N_L / L` as for poisson; shape `k` by maximum likelihood
///   ([`fit_negbin_shape`]) on the counts of the `floor(H / h)` consecutive windows of `h =
///   horizon_days` days ending at the as-of date, `(-(w + 1) h, -w h]` for `w = 0, 1, ...`, the
///   oldest partial window dropped. The window counts' own mean is used in their likelihood;
///   `k` carries over to the rate `m` as a relative dispersion (the per-path rate has
///   coefficient of variation `1 / sqrt(k)`). Falls back to poisson when there are fewer than
///   [`NEGBIN_MIN_WINDOWS`] windows, the counts are not overdispersed (variance `<=` mean), or
///   the likelihood equation is not solved.
/// * **hawkes**: `mu`, `n`, `beta` by maximum likelihood ([`fit_hawkes_times`]) on the history
///   window `(-H, 0]`, with the `k` strikes of day `D` placed at `D - 1 + (j + 1/2) / k`,
///   `j = 0, ..., k - 1` (ties spread evenly within their day; a stamp's time within its day is
///   not used). Day resolution blurs the kernel by up to a day and biases `beta` low: in
///   simulations of about 5,000 events, by 12-26 % when `1/beta` is 2 days and by 20-48 % when
///   it is a day or less, while `n` came out up to 18 % high and `mu` up to 20 % low. Falls
///   back to negbin (and so possibly to poisson) when fewer than [`HAWKES_MIN_EVENTS`] strikes
///   are in the history, the optimiser does not converge, values are not finite, or `n >=`
///   [`HAWKES_MAX_BRANCHING`].
/// * **resample**: the daily counts of the history's `H` days. Falls back to poisson when the
///   horizon is longer than the history.
/// * **campaign**: a two-state Markov-switching Poisson process on the history's daily counts
///   ([`fit_campaign`]). Falls back to negbin (and so possibly to poisson) when it is refused.
///
/// # Panics
///
/// If `lookback_days`, `history_days` or `horizon_days` is zero.
pub fn fit(
    model: Arrivals,
    strike_days: &[f64],
    lookback_days: u32,
    history_days: u32,
    horizon_days: usize,
) -> Fitted {
    assert!(
        lookback_days >= 1,
        "the lookback window needs at least one day"
    );
    assert!(
        history_days >= 1,
        "the history window needs at least one day"
    );
    assert!(horizon_days >= 1, "the horizon needs at least one day");

    let mut warnings = Vec::new();
    let not_finite = strike_days.iter().filter(|s| !s.is_finite()).count();
    if not_finite > 0 {
        warnings.push(format!("{not_finite} strike time(s) not finite, ignored"));
    }
    let after = strike_days
        .iter()
        .filter(|s| s.is_finite() && **s > 0.0)
        .count();
    if after > 0 {
        warnings.push(format!("{after} strike(s) after the as-of date, ignored"));
    }
    if lookback_days > history_days {
        warnings.push(format!(
            "the lookback window ({lookback_days} days) is longer than the history window \
             ({history_days} days)"
        ));
    }

    let lookback = daily_counts(strike_days, lookback_days);
    let history = daily_counts(strike_days, history_days);

    let part = match model {
        Arrivals::Poisson => fit_poisson(&lookback),
        Arrivals::NegBin => fit_negbin(&lookback, &history, horizon_days, &mut warnings),
        Arrivals::Hawkes => {
            let times = spread_within_days(&history);
            match fit_hawkes_times(&times, -f64::from(history_days), 0.0) {
                Ok(h) => {
                    warnings.extend(h.warnings.iter().map(|w| format!("hawkes: {w}")));
                    Part {
                        params: Params::Hawkes {
                            mu: h.mu,
                            n: h.n,
                            beta: h.beta,
                            excitation: h.excitation,
                        },
                        loglik: Some(h.loglik),
                        events: h.events,
                    }
                }
                Err(why) => {
                    warnings.push(format!("hawkes: {why}; using negbin"));
                    fit_negbin(&lookback, &history, horizon_days, &mut warnings)
                }
            }
        }
        Arrivals::Campaign => match fit_campaign(&history) {
            Ok(c) => {
                warnings.extend(c.warnings.iter().map(|w| format!("campaign: {w}")));
                Part {
                    params: Params::Campaign {
                        quiet_rate: c.rates[0],
                        campaign_rate: c.rates[1],
                        to_campaign: c.to_campaign,
                        to_quiet: c.to_quiet,
                        campaign_now: c.campaign_now,
                        evidence: c.evidence,
                    },
                    loglik: Some(c.loglik),
                    events: c.events,
                }
            }
            Err(why) => {
                warnings.push(format!("campaign: {why}; using negbin"));
                fit_negbin(&lookback, &history, horizon_days, &mut warnings)
            }
        },
        Arrivals::Resample => {
            if horizon_days > history.len() {
                warnings.push(format!(
                    "resample: the horizon ({horizon_days} days) is longer than the history \
                     ({history_days} days); using poisson"
                ));
                fit_poisson(&lookback)
            } else {
                Part {
                    events: total(&history),
                    params: Params::Resample { daily: history },
                    loglik: None,
                }
            }
        }
    };

    Fitted {
        requested: model,
        params: part.params,
        loglik: part.loglik,
        events: part.events,
        warnings,
    }
}

/// Daily strike counts of the `days` days ending at the as-of date: entry `i` counts the strikes
/// stamped in `(D - 1, D]` with `D = i + 1 - days`. Strikes outside `(-days, 0]` and non-finite
/// stamps are not counted.
fn daily_counts(strike_days: &[f64], days: u32) -> Vec<u32> {
    let mut out = vec![0u32; days as usize];
    let start = -f64::from(days);
    for &s in strike_days {
        if s > start && s <= 0.0 {
            // s > -days, so ceil(s) >= 1 - days and the index is in 0..days.
            let index = s.ceil() as i64 + i64::from(days) - 1;
            out[index as usize] += 1;
        }
    }
    out
}

fn total(counts: &[u32]) -> usize {
    counts.iter().map(|&c| c as usize).sum()
}

/// Event times of daily counts ending at the as-of date, ties spread evenly within their day: the
/// `k` strikes of the day `(D - 1, D]` are placed at `D - 1 + (j + 1/2) / k`, `j = 0, ..., k - 1`.
/// Ascending.
fn spread_within_days(daily: &[u32]) -> Vec<f64> {
    let days = daily.len() as f64;
    let mut times = Vec::with_capacity(total(daily));
    for (i, &k) in daily.iter().enumerate() {
        // Day index i is (i - days, i + 1 - days].
        let day_start = i as f64 - days;
        for j in 0..k {
            times.push(day_start + (f64::from(j) + 0.5) / f64::from(k));
        }
    }
    times
}

fn fit_poisson(lookback: &[u32]) -> Part {
    let count = total(lookback);
    let days = lookback.len() as f64;
    let rate = count as f64 / days;
    let se = (count > 0).then(|| (count as f64).sqrt() / days);
    Part {
        params: Params::Poisson {
            rate: Estimate::new(rate, se),
        },
        loglik: Some(poisson_loglik(lookback, rate)),
        events: count,
    }
}

/// The negative binomial fit, or the Poisson one with a warning saying why.
fn fit_negbin(
    lookback: &[u32],
    history: &[u32],
    window_days: usize,
    warnings: &mut Vec<String>,
) -> Part {
    let windows = history.len() / window_days;
    if windows < NEGBIN_MIN_WINDOWS {
        warnings.push(format!(
            "negbin: {windows} window(s) of {window_days} days in the {}-day history, fewer than \
             {NEGBIN_MIN_WINDOWS}; using poisson",
            history.len()
        ));
        return fit_poisson(lookback);
    }
    // Window w (w = 0 the newest) is (-(w + 1) h, -w h]: history entries
    // [len - (w + 1) h, len - w h).
    let counts: Vec<u32> = (0..windows)
        .map(|w| {
            let end = history.len() - w * window_days;
            history[end - window_days..end].iter().sum()
        })
        .collect();
    match fit_negbin_shape(&counts) {
        Ok(fit) => {
            let rate = total(lookback) as f64 / lookback.len() as f64;
            Part {
                params: Params::NegBin {
                    rate,
                    shape: fit.shape,
                    window_days,
                    windows,
                    window_mean: fit.mean,
                    window_variance: fit.variance,
                },
                loglik: Some(fit.loglik),
                events: total(&counts),
            }
        }
        Err(why) => {
            warnings.push(format!(
                "negbin: {why} (windows of {window_days} days); using poisson"
            ));
            fit_poisson(lookback)
        }
    }
}

/// Maximum likelihood negative binomial shape of counts `y_1, ..., y_W`.
///
/// The model is `y_i ~ NB(mean mu, shape k)`, variance `mu + mu^2 / k`. The mean's estimate is
/// the sample mean `ybar` (exactly its maximum likelihood value), and `k` solves the likelihood
/// equation
///
/// `sum_i [psi(y_i + k) - psi(k)] = W ln(1 + ybar / k)`
///
/// (`psi` the digamma function), by Brent's method on `ln k`. A finite solution exists, and is
/// unique, exactly when the counts are overdispersed: `s^2 = (1/W) sum_i (y_i - ybar)^2 > ybar`.
/// The standard error is `1 / sqrt(I(k))` with `I(k) = -d^2 l / dk^2` by central differences of
/// the analytic score; as `mu` and `k` are orthogonal at `mu = ybar`, this is also the
/// standard error of the two-parameter fit.
///
/// # Errors
///
/// A sentence saying why, when there are fewer than [`NEGBIN_MIN_WINDOWS`] counts, the counts are
/// not overdispersed, or the root is not found.
pub fn fit_negbin_shape(counts: &[u32]) -> Result<NegBinShape, String> {
    let w = counts.len();
    if w < NEGBIN_MIN_WINDOWS {
        return Err(format!(
            "{w} window count(s), fewer than {NEGBIN_MIN_WINDOWS}"
        ));
    }
    let wf = w as f64;
    let mean = counts.iter().map(|&y| f64::from(y)).sum::<f64>() / wf;
    let variance = counts
        .iter()
        .map(|&y| (f64::from(y) - mean).powi(2))
        .sum::<f64>()
        / wf;
    if variance <= mean {
        return Err(format!(
            "the {w} window counts are not overdispersed (variance {variance:.3} <= mean \
             {mean:.3})"
        ));
    }

    let score = |k: f64| negbin_shape_score(counts, mean, k);
    // Bracket the root in u = ln k around the moment estimate mean^2 / (variance - mean). The
    // score is positive for small k and negative for large k.
    let (ln_k_min, ln_k_max) = (1e-8f64.ln(), 1e8f64.ln());
    let start = (mean * mean / (variance - mean))
        .ln()
        .clamp(ln_k_min, ln_k_max);
    let (mut lo, mut hi) = (start, start);
    while score(lo.exp()) <= 0.0 {
        lo -= 1.0;
        if lo < ln_k_min {
            return Err("the shape's likelihood equation has no root above 1e-8".to_owned());
        }
    }
    while score(hi.exp()) >= 0.0 {
        hi += 1.0;
        if hi > ln_k_max {
            return Err(
                "the shape's likelihood equation has no root below 1e8 (nearly Poisson)".to_owned(),
            );
        }
    }
    let problem = ShapeScore { counts, mean };
    let result = Executor::new(problem, BrentRoot::new(lo, hi, 1e-12))
        .configure(|state| state.max_iters(200))
        .run()
        .map_err(|e| format!("the shape's root finding failed: {e}"))?;
    let state = result.state();
    let converged = matches!(
        state.get_termination_reason(),
        Some(argmin::core::TerminationReason::SolverConverged)
    );
    let k = state.get_best_param().map(|u| u.exp());
    let k = match (converged, k) {
        (true, Some(k)) if k.is_finite() && k > 0.0 => k,
        _ => return Err("the shape's root finding did not converge".to_owned()),
    };

    // Observed information by central differences of the score.
    let h = 1e-4 * k;
    let info = -(score(k + h) - score(k - h)) / (2.0 * h);
    let se = (info.is_finite() && info > 0.0).then(|| 1.0 / info.sqrt());
    Ok(NegBinShape {
        shape: Estimate::new(k, se),
        mean,
        variance,
        loglik: negbin_loglik(counts, mean, k),
    })
}

/// The score `dl/dk` of the negative binomial log-likelihood at mean `mu`:
/// `sum_i [psi(y_i + k) - psi(k) - ln(1 + mu/k) + (mu - y_i) / (k + mu)]`.
fn negbin_shape_score(counts: &[u32], mu: f64, k: f64) -> f64 {
    let log_ratio = (mu / k).ln_1p();
    counts
        .iter()
        .map(|&y| digamma_rising(k, y) - log_ratio + (mu - f64::from(y)) / (k + mu))
        .sum()
}

/// The negative binomial score on `u = ln k`, for Brent's root finder.
struct ShapeScore<'a> {
    counts: &'a [u32],
    mean: f64,
}

impl CostFunction for ShapeScore<'_> {
    type Param = f64;
    type Output = f64;

    fn cost(&self, u: &f64) -> Result<f64, ArgminError> {
        Ok(negbin_shape_score(self.counts, self.mean, u.exp()))
    }
}

/// `ln Γ(y + k) - ln Γ(k) = sum_{j < y} ln(k + j)`.
fn ln_rising(k: f64, y: u32) -> f64 {
    if y <= EXACT_SUM_MAX {
        (0..y).map(|j| (k + f64::from(j)).ln()).sum()
    } else {
        ln_gamma(k + f64::from(y)) - ln_gamma(k)
    }
}

/// `ψ(y + k) - ψ(k) = sum_{j < y} 1 / (k + j)`.
fn digamma_rising(k: f64, y: u32) -> f64 {
    if y <= EXACT_SUM_MAX {
        (0..y).map(|j| 1.0 / (k + f64::from(j))).sum()
    } else {
        digamma(k + f64::from(y)) - digamma(k)
    }
}

// ---------------------------------------------------------------------------------------------
// Log-likelihoods
// ---------------------------------------------------------------------------------------------

/// Poisson log-likelihood of counts `y_i` with mean `mu` each:
/// `sum_i [y_i ln(mu) - mu - ln(y_i!)]` (a zero count at `mu = 0` contributes 0).
pub fn poisson_loglik(counts: &[u32], mu: f64) -> f64 {
    counts
        .iter()
        .map(|&y| {
            let yf = f64::from(y);
            let y_ln_mu = if y == 0 { 0.0 } else { yf * mu.ln() };
            y_ln_mu - mu - ln_factorial(u64::from(y))
        })
        .sum()
}

/// Negative binomial log-likelihood of counts `y_i` with mean `mu` and shape `k` (variance
/// `mu + mu^2 / k`):
///
/// `sum_i [ln Γ(y_i + k) - ln Γ(k) - ln(y_i!) + k ln(k / (k + mu)) + y_i ln(mu / (k + mu))]`.
///
/// As `k -> infinity` it tends to [`poisson_loglik`].
pub fn negbin_loglik(counts: &[u32], mu: f64, k: f64) -> f64 {
    let k_term = -k * (mu / k).ln_1p();
    let ln_q = mu.ln() - (k + mu).ln();
    counts
        .iter()
        .map(|&y| {
            let y_term = if y == 0 { 0.0 } else { f64::from(y) * ln_q };
            ln_rising(k, y) - ln_factorial(u64::from(y)) + k_term + y_term
        })
        .sum()
}

/// Hawkes log-likelihood of ascending event times in `(t_start, t_end]`, for the intensity
/// `lambda(t) = mu + n beta sum_{t_i < t} exp(-beta (t - t_i))`:
///
/// `l = sum_i ln lambda(t_i) - mu (t_end - t_start) - n sum_i [1 - exp(-beta (t_end - t_i))]`,
///
/// computed in O(N) with Ozaki's (1979) recursion `A_1 = 0`,
/// `A_i = exp(-beta (t_i - t_{i-1})) (1 + A_{i-1})`, `lambda(t_i) = mu + n beta A_i`. Events
/// before `t_start` are taken to be absent.
///
/// # Panics
///
/// If the times are not ascending or not within `(t_start, t_end]`.
pub fn hawkes_loglik(times: &[f64], t_start: f64, t_end: f64, mu: f64, n: f64, beta: f64) -> f64 {
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "event times must be ascending"
    );
    assert!(
        times.iter().all(|&t| t > t_start && t <= t_end),
        "event times must lie in (t_start, t_end]"
    );
    hawkes_loglik_grad(times, t_start, t_end, [mu, n, beta]).0
}

/// The Hawkes log-likelihood and its gradient in `(mu, n, beta)`, in one pass with one `exp` and
/// one `ln` per event.
///
/// With `d_i = t_i - t_{i-1}`, `e_i = exp(-beta d_i)` and the recursions
/// `A_i = e_i (1 + A_{i-1})` and `B_i = sum_{j < i} (t_i - t_j) exp(-beta (t_i - t_j))
/// = e_i (d_i (1 + A_{i-1}) + B_{i-1})`, the intensity at `t_i` is `lambda_i = mu + n beta A_i`
/// and the compensator's sums over all events follow from the last one: with `tau = t_end - t_N`
/// and `E = exp(-beta tau)`, `S = sum_i exp(-beta (t_end - t_i)) = E (1 + A_N)` and
/// `S_tau = sum_i (t_end - t_i) exp(-beta (t_end - t_i)) = E (tau (1 + A_N) + B_N)`. Then
///
/// * `l = sum_i ln lambda_i - mu T - n (N - S)`,
/// * `dl/dmu = sum_i 1 / lambda_i - T`,
/// * `dl/dn = sum_i beta A_i / lambda_i - (N - S)`,
/// * `dl/dbeta = sum_i n (A_i - beta B_i) / lambda_i - n S_tau`.
fn hawkes_loglik_grad(times: &[f64], t_start: f64, t_end: f64, p: [f64; 3]) -> (f64, [f64; 3]) {
    let [mu, n, beta] = p;
    let span = t_end - t_start;
    let (mut a, mut b) = (0.0f64, 0.0f64);
    let mut sum_ln = 0.0;
    let mut grad = [-span, 0.0, 0.0];
    let Some(&first) = times.first() else {
        return (-mu * span, grad);
    };
    let mut previous = first;
    for (i, &t) in times.iter().enumerate() {
        if i > 0 {
            let d = t - previous;
            let e = (-beta * d).exp();
            b = e * (d * (1.0 + a) + b);
            a = e * (1.0 + a);
        }
        previous = t;
        let lambda = mu + n * beta * a;
        let inverse = 1.0 / lambda;
        sum_ln += lambda.ln();
        grad[0] += inverse;
        grad[1] += beta * a * inverse;
        grad[2] += n * (a - beta * b) * inverse;
    }
    let tau = t_end - previous;
    let last = (-beta * tau).exp();
    let s = last * (1.0 + a);
    let s_tau = last * (tau * (1.0 + a) + b);
    let outside = times.len() as f64 - s; // sum_i (1 - exp(-beta (t_end - t_i)))
    let loglik = sum_ln - mu * span - n * outside;
    grad[1] -= outside;
    grad[2] -= n * s_tau;
    (loglik, grad)
}

// ---------------------------------------------------------------------------------------------
// Hawkes maximum likelihood
// ---------------------------------------------------------------------------------------------

/// The Hawkes negative log-likelihood on `theta = (ln mu, logit n, ln beta)`, for the optimiser.
struct HawkesObjective<'a> {
    times: &'a [f64],
    t_start: f64,
    t_end: f64,
    /// The last evaluation: the line search and BFGS ask for the cost and the gradient at the
    /// same points, and one pass gives both.
    last: RefCell<Option<Evaluation>>,
}

/// The negative log-likelihood and its gradient at `theta`.
struct Evaluation {
    theta: Vec<f64>,
    cost: f64,
    grad: [f64; 3],
}

/// `(mu, n, beta)` of `theta = (ln mu, logit n, ln beta)`.
fn natural(theta: &[f64]) -> [f64; 3] {
    [
        theta[0].exp(),
        1.0 / (1.0 + (-theta[1]).exp()),
        theta[2].exp(),
    ]
}

fn all_usable(p: &[f64; 3]) -> bool {
    p[0].is_finite() && p[0] > 0.0 && p[2].is_finite() && p[2] > 0.0 && p[1].is_finite()
}

impl<'a> HawkesObjective<'a> {
    fn new(times: &'a [f64], t_start: f64, t_end: f64) -> Self {
        HawkesObjective {
            times,
            t_start,
            t_end,
            last: RefCell::new(None),
        }
    }

    fn eval(&self, theta: &[f64]) -> (f64, [f64; 3]) {
        if let Some(last) = &*self.last.borrow() {
            if last.theta == theta {
                return (last.cost, last.grad);
            }
        }
        let p = natural(theta);
        let (cost, grad) = if all_usable(&p) {
            let (loglik, g) = hawkes_loglik_grad(self.times, self.t_start, self.t_end, p);
            // Chain rule to theta, sign flipped for the negative log-likelihood.
            let grad = [-g[0] * p[0], -g[1] * p[1] * (1.0 - p[1]), -g[2] * p[2]];
            (-loglik, grad)
        } else {
            (f64::INFINITY, [f64::NAN; 3])
        };
        *self.last.borrow_mut() = Some(Evaluation {
            theta: theta.to_vec(),
            cost,
            grad,
        });
        (cost, grad)
    }
}

impl CostFunction for HawkesObjective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, theta: &Vec<f64>) -> Result<f64, ArgminError> {
        let cost = self.eval(theta).0;
        Ok(if cost.is_nan() { f64::INFINITY } else { cost })
    }
}

impl Gradient for HawkesObjective<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, theta: &Vec<f64>) -> Result<Vec<f64>, ArgminError> {
        Ok(self.eval(theta).1.to_vec())
    }
}

/// A gradient of the negative log-likelihood on `theta` below this, in every coordinate, counts
/// as converged (log-likelihood units per unit of log-parameter).
const HAWKES_GRADIENT_TOLERANCE: f64 = 1e-3;

/// Maximum likelihood fit of a Hawkes process with exponential kernel to event times in
/// `(t_start, t_end]`.
///
/// The intensity is `lambda(t) = mu + n beta sum_{t_i < t} exp(-beta (t - t_i))` with baseline
/// `mu > 0`, branching ratio `n` in `[0, 1)` (each event triggers `n` direct offspring on average)
/// and decay `beta > 0`. The log-likelihood is [`hawkes_loglik`]; it is maximised with BFGS and a
/// More-Thuente line search (analytic gradient) over the unconstrained
/// `theta = (ln mu, logit n, ln beta)`, from three starting points
/// `(mu, n, beta) = (N / 2T, 1/2, beta_0)`, `beta_0 in {0.1, 1, 10}`; the best optimum is kept and
/// counts as converged when every component of the gradient on `theta` is below `1e-3`.
/// Standard errors are the square roots of the diagonal of the inverse of the observed
/// information in `(mu, n, beta)`, the Hessian of the negative log-likelihood by central
/// differences of its analytic gradient. Events before `t_start` are taken to be absent (the
/// fit ignores any excitation carried into the window).
///
/// # Errors
///
/// A sentence saying why, when there are fewer than [`HAWKES_MIN_EVENTS`] events, a time is not
/// finite or outside the window, the optimiser fails or does not converge, a value is not
/// finite, or `n >=` [`HAWKES_MAX_BRANCHING`].
pub fn fit_hawkes_times(times: &[f64], t_start: f64, t_end: f64) -> Result<HawkesFit, String> {
    if !(t_start.is_finite() && t_end.is_finite() && t_end > t_start) {
        return Err(format!(
            "the window ({t_start}, {t_end}] is empty or not finite"
        ));
    }
    if times.iter().any(|&t| !(t > t_start && t <= t_end)) {
        return Err(format!(
            "event times outside the window ({t_start}, {t_end}]"
        ));
    }
    let mut times = times.to_vec();
    times.sort_by(f64::total_cmp);
    let events = times.len();
    if events < HAWKES_MIN_EVENTS {
        return Err(format!(
            "{events} strike(s) in the history window, fewer than the {HAWKES_MIN_EVENTS} needed"
        ));
    }

    let span = t_end - t_start;
    let rate = events as f64 / span;
    let mut best: Option<(f64, Vec<f64>)> = None;
    for beta0 in [0.1f64, 1.0, 10.0] {
        let start = vec![(0.5 * rate).ln(), 0.0, beta0.ln()];
        if let Some((cost, theta)) = minimise_hawkes(&times, t_start, t_end, start) {
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, theta));
            }
        }
    }
    let Some((cost, theta)) = best else {
        return Err("the optimiser failed from every starting point".to_owned());
    };
    let objective = HawkesObjective::new(&times, t_start, t_end);
    let (_, grad) = objective.eval(&theta);
    let p = natural(&theta);
    if !cost.is_finite() || !all_usable(&p) || grad.iter().any(|g| !g.is_finite()) {
        return Err("the fit gave values that are not finite".to_owned());
    }
    let [mu, n, beta] = p;
    if n >= HAWKES_MAX_BRANCHING {
        return Err(format!(
            "branching ratio {n:.4} >= {HAWKES_MAX_BRANCHING} (near-explosive)"
        ));
    }
    if grad.iter().any(|g| g.abs() > HAWKES_GRADIENT_TOLERANCE) {
        return Err(format!(
            "the optimiser did not converge (gradient {:.2e}, {:.2e}, {:.2e})",
            grad[0], grad[1], grad[2]
        ));
    }

    let mut warnings = Vec::new();
    let se = hawkes_standard_errors(&times, t_start, t_end, p);
    if se.is_none() {
        warnings.push(
            "the observed information is not positive definite; no standard errors".to_owned(),
        );
    }
    if n < 1e-4 {
        warnings.push(format!(
            "branching ratio {n:.2e} is at its lower bound: no self-excitation found"
        ));
    } else if 1.0 / beta > span {
        warnings.push(format!(
            "the excitation's decay time 1/beta = {:.0} exceeds the {span:.0}-long window: \
             n and beta are poorly identified",
            1.0 / beta
        ));
    }
    let excitation = n
        * beta
        * times
            .iter()
            .map(|&t| (-beta * (t_end - t)).exp())
            .sum::<f64>();
    let se_of = |i: usize| se.map(|s| s[i]);
    Ok(HawkesFit {
        mu: Estimate::new(mu, se_of(0)),
        n: Estimate::new(n, se_of(1)),
        beta: Estimate::new(beta, se_of(2)),
        loglik: -cost,
        events,
        excitation,
        warnings,
    })
}

/// One BFGS run from `start`: the final negative log-likelihood and `theta`, or `None` if the
/// optimiser failed.
fn minimise_hawkes(
    times: &[f64],
    t_start: f64,
    t_end: f64,
    start: Vec<f64>,
) -> Option<(f64, Vec<f64>)> {
    let objective = HawkesObjective::new(times, t_start, t_end);
    // The curvature of the negative log-likelihood on theta grows with the number of events:
    // scaling the first inverse Hessian by 1/N keeps the first steps of order one.
    let scale = 1.0 / times.len().max(1) as f64;
    let inv_hessian: Vec<Vec<f64>> = (0..3)
        .map(|i| (0..3).map(|j| if i == j { scale } else { 0.0 }).collect())
        .collect();
    let solver = BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(1e-8)
        .ok()?
        .with_tolerance_cost(1e-12)
        .ok()?;
    let result = Executor::new(objective, solver)
        .configure(|state| state.param(start).inv_hessian(inv_hessian).max_iters(500))
        .run()
        .ok()?;
    let state = result.state();
    let theta = state.get_best_param()?.clone();
    let cost = state.get_best_cost();
    cost.is_finite().then_some((cost, theta))
}

/// What the history holds of each state at the fitted parameters: the expected days and
/// strikes of each state and the expected transitions between them (the smoothed state
/// probabilities of the last E-step). Each Monte Carlo path draws its rates and transition
/// probabilities from their posteriors given these, with Jeffreys priors:
/// `rate_s ~ Gamma(strikes_s + 1/2, 1 / days_s)`, `a ~ Beta(starts + 1/2, quiet_stays + 1/2)`,
/// `b ~ Beta(ends + 1/2, campaign_stays + 1/2)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CampaignEvidence {
    /// Expected quiet days.
    pub quiet_days: f64,
    /// Expected campaign days.
    pub campaign_days: f64,
    /// Expected strikes on quiet days.
    pub quiet_strikes: f64,
    /// Expected strikes on campaign days.
    pub campaign_strikes: f64,
    /// Expected quiet days followed by a campaign day.
    pub starts: f64,
    /// Expected quiet days followed by a quiet day.
    pub quiet_stays: f64,
    /// Expected campaign days followed by a quiet day.
    pub ends: f64,
    /// Expected campaign days followed by a campaign day.
    pub campaign_stays: f64,
}

impl CampaignEvidence {
    /// One draw of `(quiet rate, campaign rate, a, b)` from their posteriors.
    fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> [f64; 4] {
        // Each state holds at least a day of the history ([`fit_campaign`]).
        let gamma = |rng: &mut R, strikes: f64, days: f64| {
            Gamma::new(strikes + 0.5, 1.0 / days.max(1.0)).map_or(0.0, |g| g.sample(rng))
        };
        let beta = |rng: &mut R, x: f64, y: f64| {
            rand_distr::Beta::new(x + 0.5, y + 0.5).map_or(0.0, |d| d.sample(rng))
        };
        [
            gamma(rng, self.quiet_strikes, self.quiet_days),
            gamma(rng, self.campaign_strikes, self.campaign_days),
            beta(rng, self.starts, self.quiet_stays),
            beta(rng, self.ends, self.campaign_stays),
        ]
    }
}

/// Parameter draws averaged for the campaign model's mean per day.
const CAMPAIGN_MEAN_DRAWS: u64 = 2_048;

/// Fewest strikes in the history window for a campaign fit.
pub const CAMPAIGN_MIN_EVENTS: usize = 10;

/// A two-state Markov-switching Poisson fit to daily counts: see [`fit_campaign`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignFit {
    /// Strikes per day in the quiet and the campaign state (quiet first, the lower).
    pub rates: [Estimate; 2],
    /// Probability per day of a quiet day being followed by a campaign day.
    pub to_campaign: Estimate,
    /// Probability per day of a campaign day being followed by a quiet day.
    pub to_quiet: Estimate,
    /// Probability that the last day was a campaign day, given all the counts (filtered).
    pub campaign_now: f64,
    /// What the history holds of each state at the fitted parameters.
    pub evidence: CampaignEvidence,
    /// Maximised log-likelihood.
    pub loglik: f64,
    /// Number of strikes fitted.
    pub events: usize,
    /// EM iterations run.
    pub iterations: usize,
    /// Remarks on the fit that do not prevent its use.
    pub warnings: Vec<String>,
}

/// The forward pass of the two-state Poisson chain over `counts` with rates `rates`,
/// transition probabilities `a` (quiet to campaign) and `b` (campaign to quiet), and initial
/// state probabilities `start`: the log-likelihood and, per day, the filtered state
/// probabilities `P(S_t | y_1..y_t)` (scaled forward variables).
fn campaign_forward(
    counts: &[u32],
    rates: [f64; 2],
    (a, b): (f64, f64),
    start: [f64; 2],
) -> (f64, Vec<[f64; 2]>) {
    let emission = |s: usize, y: u32| -> f64 {
        let r = rates[s];
        if r <= 0.0 {
            return if y == 0 { 1.0 } else { 0.0 };
        }
        (f64::from(y) * r.ln() - r - ln_factorial(u64::from(y))).exp()
    };
    let mut loglik = 0.0;
    let mut filtered = Vec::with_capacity(counts.len());
    let mut prior = start;
    for &y in counts {
        let joint = [prior[0] * emission(0, y), prior[1] * emission(1, y)];
        let c = joint[0] + joint[1];
        if c <= 0.0 || !c.is_finite() {
            return (f64::NEG_INFINITY, filtered);
        }
        loglik += c.ln();
        let f = [joint[0] / c, joint[1] / c];
        filtered.push(f);
        prior = [f[0] * (1.0 - a) + f[1] * b, f[0] * a + f[1] * (1.0 - b)];
    }
    (loglik, filtered)
}

/// Fits a two-state Markov-switching Poisson process (a quiet and a campaign state) to the
/// daily `counts`, oldest first, by expectation-maximisation (Baum-Welch with scaled forward
/// and backward variables): rates, the daily transition probabilities, and the probability
/// that the last day was in a campaign. The chain starts from its stationary distribution,
/// `P(campaign) = a / (a + b)`. EM starts from rates `m / 4` and `2 m + 0.1` (`m` the mean
/// count), `a = 0.02`, `b = 0.05`, and stops when the log-likelihood gains less than `1e-9`
/// (relative) or after 2,000 iterations. Standard errors come from the observed information
/// in `(quiet rate, campaign rate, a, b)`, the Hessian of the log-likelihood by central
/// differences, where it is positive definite and no estimate is on its bound.
///
/// Refused (an `Err` with the reason) with fewer than [`CAMPAIGN_MIN_EVENTS`] strikes, when
/// EM does not converge, or when the states do not separate (campaign rate under 1.5 times
/// the quiet rate, or a state holding less than one expected day). A transition probability of 0 (no campaign started or ended in the
/// history) is kept: each path draws its own from the posterior, which allows one.
pub fn fit_campaign(counts: &[u32]) -> Result<CampaignFit, String> {
    let events = total(counts);
    if events < CAMPAIGN_MIN_EVENTS {
        return Err(format!(
            "{events} strikes in the history, fewer than {CAMPAIGN_MIN_EVENTS}"
        ));
    }
    let days = counts.len();
    let mean = events as f64 / days as f64;
    let mut rates = [mean / 4.0, 2.0 * mean + 0.1];
    let (mut a, mut b) = (0.02, 0.05);
    let stationary = |a: f64, b: f64| [b / (a + b), a / (a + b)];
    let mut previous = f64::NEG_INFINITY;
    let mut iterations = 0;
    let mut converged = false;
    let mut loglik = f64::NEG_INFINITY;
    while iterations < 2_000 {
        iterations += 1;
        let (ll, filtered) = campaign_forward(counts, rates, (a, b), stationary(a, b));
        if !ll.is_finite() {
            return Err("the likelihood is not finite".to_owned());
        }
        loglik = ll;
        if (ll - previous).abs() <= 1e-9 * ll.abs().max(1.0) {
            converged = true;
            break;
        }
        previous = ll;
        let e = campaign_e_step(counts, &filtered, (a, b));
        rates = [
            if e.quiet_days > 0.0 {
                e.quiet_strikes / e.quiet_days
            } else {
                0.0
            },
            if e.campaign_days > 0.0 {
                e.campaign_strikes / e.campaign_days
            } else {
                0.0
            },
        ];
        a = e.starts / (e.starts + e.quiet_stays).max(f64::MIN_POSITIVE);
        b = e.ends / (e.ends + e.campaign_stays).max(f64::MIN_POSITIVE);
    }
    if !converged {
        return Err(format!("EM did not converge in {iterations} iterations"));
    }
    if rates[0] > rates[1] {
        rates.swap(0, 1);
        std::mem::swap(&mut a, &mut b);
    }
    if !(rates[1] >= 1.5 * rates[0] && rates[1] > 0.0) {
        return Err(format!(
            "the two states do not separate (rates {:.4} and {:.4} per day)",
            rates[0], rates[1]
        ));
    }
    if !(a.is_finite() && b.is_finite()) {
        return Err("a transition probability is not finite".to_owned());
    }
    let (loglik_end, filtered) = campaign_forward(counts, rates, (a, b), stationary(a, b));
    let campaign_now = filtered[days - 1][1];
    let evidence = campaign_e_step(counts, &filtered, (a, b));
    // Each path draws its rates from their posteriors: a state seen for less than a day
    // would give them no footing.
    if evidence.quiet_days < 1.0 || evidence.campaign_days < 1.0 {
        return Err(format!(
            "a state holds less than one day of the history ({:.2} quiet, {:.2} campaign days)",
            evidence.quiet_days, evidence.campaign_days
        ));
    }
    let mut warnings = Vec::new();
    let se = campaign_standard_errors(counts, [rates[0], rates[1], a, b]);
    if se.is_none() {
        warnings.push(
            "the observed information is not positive definite; no standard errors".to_owned(),
        );
    }
    let est = |i: usize, v: f64| Estimate::new(v, se.and_then(|s| s[i]));
    Ok(CampaignFit {
        rates: [est(0, rates[0]), est(1, rates[1])],
        to_campaign: est(2, a),
        to_quiet: est(3, b),
        campaign_now,
        evidence,
        loglik: loglik_end.max(loglik),
        events,
        iterations,
        warnings,
    })
}

/// The E-step: from the filtered state probabilities of the forward pass, the smoothed ones
/// (backward), and what they expect of each state: days, strikes and transitions.
fn campaign_e_step(counts: &[u32], filtered: &[[f64; 2]], (a, b): (f64, f64)) -> CampaignEvidence {
    let days = counts.len();
    let mut smoothed = vec![[0.0; 2]; days];
    smoothed[days - 1] = filtered[days - 1];
    let (mut n01, mut n10, mut stay0, mut stay1) = (0.0, 0.0, 0.0, 0.0);
    for t in (0..days - 1).rev() {
        let f = filtered[t];
        let pred = [f[0] * (1.0 - a) + f[1] * b, f[0] * a + f[1] * (1.0 - b)];
        let next = smoothed[t + 1];
        // P(S_t = i, S_t+1 = j | all) = f_i A_ij next_j / pred_j.
        let ratio = |j: usize| {
            if pred[j] > 0.0 {
                next[j] / pred[j]
            } else {
                0.0
            }
        };
        let x00 = f[0] * (1.0 - a) * ratio(0);
        let x01 = f[0] * a * ratio(1);
        let x10 = f[1] * b * ratio(0);
        let x11 = f[1] * (1.0 - b) * ratio(1);
        smoothed[t] = [x00 + x01, x10 + x11];
        n01 += x01;
        n10 += x10;
        stay0 += x00;
        stay1 += x11;
    }
    let weight = |s: usize| smoothed.iter().map(|p| p[s]).sum::<f64>();
    let weighted = |s: usize| {
        smoothed
            .iter()
            .zip(counts)
            .map(|(p, &y)| p[s] * f64::from(y))
            .sum::<f64>()
    };
    CampaignEvidence {
        quiet_days: weight(0),
        campaign_days: weight(1),
        quiet_strikes: weighted(0),
        campaign_strikes: weighted(1),
        starts: n01,
        quiet_stays: stay0,
        ends: n10,
        campaign_stays: stay1,
    }
}

/// Standard errors of `(quiet rate, campaign rate, a, b)` from the Hessian of the
/// log-likelihood by central differences, over the estimates away from their bounds (an
/// estimate within two steps of 0, or a probability of 1, has none); `None` for all when
/// the information of the others is not positive definite.
fn campaign_standard_errors(counts: &[u32], p: [f64; 4]) -> Option<[Option<f64>; 4]> {
    let ll = |q: [f64; 4]| {
        let start = [q[3] / (q[2] + q[3]), q[2] / (q[2] + q[3])];
        campaign_forward(counts, [q[0], q[1]], (q[2], q[3]), start).0
    };
    // Steps relative to each value, at least 1e-7 so that a value near 0 is not lost in
    // the differences' rounding.
    let h: [f64; 4] = std::array::from_fn(|i| (1e-4 * p[i]).max(1e-7));
    let free: Vec<usize> = (0..4)
        .filter(|&i| p[i] - 2.0 * h[i] > 0.0 && (i < 2 || p[i] + 2.0 * h[i] < 1.0))
        .collect();
    if free.is_empty() {
        return None;
    }
    let at = |i: usize, di: f64, j: usize, dj: f64| {
        let mut q = p;
        q[i] += di;
        q[j] += dj;
        ll(q)
    };
    let n = free.len();
    let mut info = nalgebra::DMatrix::<f64>::zeros(n, n);
    for (x, &i) in free.iter().enumerate() {
        for (y, &j) in free.iter().enumerate().skip(x) {
            let d2 = (at(i, h[i], j, h[j]) - at(i, h[i], j, -h[j]) - at(i, -h[i], j, h[j])
                + at(i, -h[i], j, -h[j]))
                / (4.0 * h[i] * h[j]);
            info[(x, y)] = -d2;
            info[(y, x)] = -d2;
        }
    }
    let inverse = info.cholesky()?.inverse();
    let mut se = [None; 4];
    for (x, &i) in free.iter().enumerate() {
        let v = inverse[(x, x)].sqrt();
        se[i] = (v.is_finite() && v > 0.0).then_some(v);
    }
    Some(se)
}

/// Standard errors of `(mu, n, beta)`: square roots of the diagonal of the inverse Hessian of the
/// negative log-likelihood, by central differences of the analytic gradient. `None` when the
/// Hessian is not positive definite.
fn hawkes_standard_errors(
    times: &[f64],
    t_start: f64,
    t_end: f64,
    p: [f64; 3],
) -> Option<[f64; 3]> {
    let mut hessian = [[0.0f64; 3]; 3];
    for i in 0..3 {
        let mut h = 1e-5 * p[i];
        if i == 1 {
            h = h.min(0.5 * (1.0 - p[1]));
        }
        let (mut up, mut down) = (p, p);
        up[i] += h;
        down[i] -= h;
        let g_up = hawkes_loglik_grad(times, t_start, t_end, up).1;
        let g_down = hawkes_loglik_grad(times, t_start, t_end, down).1;
        for j in 0..3 {
            // Negative log-likelihood: minus the log-likelihood's derivative.
            hessian[i][j] = -(g_up[j] - g_down[j]) / (2.0 * h);
        }
    }
    let symmetric: [[f64; 3]; 3] =
        std::array::from_fn(|i| std::array::from_fn(|j| 0.5 * (hessian[i][j] + hessian[j][i])));
    let inverse = invert_positive_definite(symmetric)?;
    let se = [
        inverse[0][0].sqrt(),
        inverse[1][1].sqrt(),
        inverse[2][2].sqrt(),
    ];
    se.iter().all(|s| s.is_finite()).then_some(se)
}

/// The inverse of a symmetric 3x3 matrix, by cofactors, if it is positive definite (Sylvester's
/// criterion: positive leading principal minors).
fn invert_positive_definite(m: [[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
    let minor1 = m[0][0];
    let minor2 = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    let cof =
        |r0: usize, r1: usize, c0: usize, c1: usize| m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
    let c = [
        [cof(1, 2, 1, 2), -cof(1, 2, 0, 2), cof(1, 2, 0, 1)],
        [-cof(0, 2, 1, 2), cof(0, 2, 0, 2), -cof(0, 2, 0, 1)],
        [cof(0, 1, 1, 2), -cof(0, 1, 0, 2), cof(0, 1, 0, 1)],
    ];
    let det = m[0][0] * c[0][0] + m[0][1] * c[0][1] + m[0][2] * c[0][2];
    if !(minor1 > 0.0 && minor2 > 0.0 && det > 0.0 && det.is_finite()) {
        return None;
    }
    // The inverse is the transposed cofactor matrix over the determinant.
    let mut inverse = [[0.0; 3]; 3];
    for (i, row) in inverse.iter_mut().enumerate() {
        for (j, value) in row.iter_mut().enumerate() {
            *value = c[j][i] / det;
        }
    }
    Some(inverse)
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

/// Draws the events of a Hawkes process on `(0, t_end]` by Ogata's thinning, calling `on_event`
/// with each event time in order. `excitation` is the intensity above the baseline at time 0.
///
/// With the exponential kernel the intensity only decays between events, so the intensity at
/// the current time bounds it until the next event: candidates arrive at that rate and are
/// kept with probability `lambda(candidate) / bound`, which is exact.
fn hawkes_events<R: Rng + ?Sized>(
    mu: f64,
    n: f64,
    beta: f64,
    excitation: f64,
    t_end: f64,
    rng: &mut R,
    mut on_event: impl FnMut(f64),
) {
    let jump = n * beta;
    let mut t = 0.0;
    let mut excess = excitation;
    loop {
        let bound = mu + excess;
        let wait: f64 = Exp1.sample(rng);
        t += wait / bound;
        if t > t_end {
            break;
        }
        excess *= (-beta * (wait / bound)).exp();
        let u: f64 = rng.random();
        if u * bound < mu + excess {
            on_event(t);
            excess += jump;
        }
    }
}

/// Simulates a Hawkes process with exponential kernel on `(0, t_end]`, exactly, by Ogata's
/// thinning, and appends its event times (ascending) to `out`.
///
/// The intensity is `lambda(t) = mu + excitation exp(-beta t) + n beta sum_{0 < t_i < t}
/// exp(-beta (t - t_i))`: `excitation` is what earlier events leave at time 0
/// (`n beta sum_{t_i <= 0} exp(beta t_i)`), zero for a process started empty.
pub fn simulate_hawkes<R: Rng + ?Sized>(
    mu: f64,
    n: f64,
    beta: f64,
    excitation: f64,
    t_end: f64,
    rng: &mut R,
    out: &mut Vec<f64>,
) {
    hawkes_events(mu, n, beta, excitation, t_end, rng, |t| out.push(t));
}

/// Fills `out` with `days` Poisson(`rate`) counts.
fn poisson_days<R: Rng + ?Sized>(rate: f64, rng: &mut R, days: usize, out: &mut Vec<u32>) {
    match Poisson::new(rate) {
        Ok(poisson) => out.extend((0..days).map(|_| poisson.sample(rng) as u32)),
        // A zero rate (no strikes in the lookback) draws no strikes.
        Err(_) => out.extend(std::iter::repeat_n(0, days)),
    }
}

impl Fitted {
    /// The model in use, after any fallback.
    pub fn model(&self) -> Arrivals {
        match self.params {
            Params::Poisson { .. } => Arrivals::Poisson,
            Params::NegBin { .. } => Arrivals::NegBin,
            Params::Hawkes { .. } => Arrivals::Hawkes,
            Params::Resample { .. } => Arrivals::Resample,
            Params::Campaign { .. } => Arrivals::Campaign,
        }
    }

    /// Draws the number of new strikes on each day `0..days` of the horizon for one path, into
    /// `out` (cleared first). The draw depends only on `rng`'s stream.
    ///
    /// * poisson: each day `Poisson(rate)`, independently.
    /// * negbin: one rate for the path, `Gamma(shape k, scale m / k)` (mean `m`, variance
    ///   `m^2 / k`), then each day `Poisson(rate)`; a window of `h` days totals `NB(m h, k)`.
    /// * hawkes: the process simulated exactly by Ogata's thinning on `(0, days]`, starting from
    ///   the excitation the known strikes leave at the as-of date, and each event counted on the
    ///   day `(h, h + 1]` holding it.
    /// * resample: a start `s` uniform among the `H - days + 1` windows of `days` days inside the
    ///   history, and the history's counts of days `s, ..., s + days - 1` replayed. When `days`
    ///   exceeds the history's `H` days, `s` is uniform in `0..H` and the history is read
    ///   circularly.
    pub fn draw_counts<R: Rng + ?Sized>(&self, rng: &mut R, days: usize, out: &mut Vec<u32>) {
        out.clear();
        if days == 0 {
            return;
        }
        match &self.params {
            Params::Poisson { rate } => poisson_days(rate.value, rng, days, out),
            Params::NegBin { rate, shape, .. } => {
                let k = shape.value;
                let path_rate = match Gamma::new(k, rate / k) {
                    Ok(gamma) if *rate > 0.0 => gamma.sample(rng),
                    _ => 0.0,
                };
                poisson_days(path_rate, rng, days, out);
            }
            Params::Hawkes {
                mu,
                n,
                beta,
                excitation,
            } => {
                out.resize(days, 0);
                hawkes_events(
                    mu.value,
                    n.value,
                    beta.value,
                    *excitation,
                    days as f64,
                    rng,
                    |t| {
                        // t is in (0, days]: day h is (h, h + 1].
                        let day = (t.ceil() as usize).clamp(1, days) - 1;
                        out[day] += 1;
                    },
                );
            }
            Params::Campaign {
                campaign_now,
                evidence,
                ..
            } => {
                // The path's own parameters, drawn from their posteriors.
                let [quiet, campaign, a, b] = evidence.draw(rng);
                let poisson = |rate: f64| Poisson::new(rate).ok();
                let rates = [poisson(quiet), poisson(campaign)];
                let leave = [a, b];
                // The as-of day's state, then each projected day's by the transition.
                let mut state = usize::from(rng.random::<f64>() < *campaign_now);
                for _ in 0..days {
                    if rng.random::<f64>() < leave[state] {
                        state = 1 - state;
                    }
                    out.push(rates[state].map_or(0, |p| p.sample(rng) as u32));
                }
            }
            Params::Resample { daily } => {
                let len = daily.len();
                if days <= len {
                    let starts = u32::try_from(len - days).expect("history days fit in u32");
                    let start = rng.random_range(0..=starts) as usize;
                    out.extend_from_slice(&daily[start..start + days]);
                } else {
                    let start = rng.random_range(0..u32::try_from(len).expect("fits")) as usize;
                    out.extend((0..days).map(|j| daily[(start + j) % len]));
                }
            }
        }
    }

    /// The model's expected number of new strikes on each day `0..days` of the horizon.
    ///
    /// * poisson, negbin: the rate `m` every day.
    /// * hawkes: the expected intensity given the history, `m(t) = E[lambda(t) | history]`,
    ///   obeys `m'(t) = -beta (1 - n) m(t) + beta mu` from `m(0) = mu + E_0` (`E_0` the
    ///   excitation at the as-of date), so
    ///   `m(t) = m_inf + (mu + E_0 - m_inf) exp(-kappa t)`, with `m_inf = mu / (1 - n)` and
    ///   `kappa = beta (1 - n)`; day `h` expects its integral over `(h, h + 1]`,
    ///   `m_inf + (mu + E_0 - m_inf) exp(-kappa h) (1 - exp(-kappa)) / kappa`.
    /// * resample: the mean over the windows a draw can pick of the count on the window's day `h`.
    pub fn mean_daily(&self, days: usize) -> Vec<f64> {
        match &self.params {
            Params::Poisson { rate } => vec![rate.value; days],
            Params::NegBin { rate, .. } => vec![*rate; days],
            Params::Hawkes {
                mu,
                n,
                beta,
                excitation,
            } => {
                let (mu, n, beta) = (mu.value, n.value, beta.value);
                let kappa = beta * (1.0 - n);
                let stationary = mu / (1.0 - n);
                let gap = mu + excitation - stationary;
                let day_integral = -(-kappa).exp_m1() / kappa;
                (0..days)
                    .map(|h| stationary + gap * (-kappa * h as f64).exp() * day_integral)
                    .collect()
            }
            Params::Campaign {
                campaign_now,
                evidence,
                ..
            } => {
                // The mean over the parameters' posteriors, by a fixed set of draws: for each,
                // the chain's state probabilities carried forward day by day.
                let mut rng =
                    <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(0x5EED_CA3B);
                let mut out = vec![0.0; days];
                for _ in 0..CAMPAIGN_MEAN_DRAWS {
                    let [quiet, campaign_rate, a, b] = evidence.draw(&mut rng);
                    let mut campaign = *campaign_now;
                    for v in &mut out {
                        campaign = (1.0 - campaign) * a + campaign * (1.0 - b);
                        *v += (1.0 - campaign) * quiet + campaign * campaign_rate;
                    }
                }
                for v in &mut out {
                    *v /= CAMPAIGN_MEAN_DRAWS as f64;
                }
                out
            }
            Params::Resample { daily } => {
                let len = daily.len();
                if days <= len {
                    let windows = (len - days + 1) as f64;
                    // Running sum over the window starts of the count at offset h.
                    let mut sum: f64 = daily[..len - days + 1].iter().map(|&c| f64::from(c)).sum();
                    let mut out = Vec::with_capacity(days);
                    for h in 0..days {
                        if h > 0 {
                            sum += f64::from(daily[len - days + h]) - f64::from(daily[h - 1]);
                        }
                        out.push(sum / windows);
                    }
                    out
                } else {
                    vec![total(daily) as f64 / len as f64; days]
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// Set in place of their estimates: a Hawkes process's branching ratio and decay carry its
    /// excitation at the as-of date with them (one strike stamped on the day (-2, -1], placed
    /// at -1.5: `E0 = n beta exp(-1.5 beta)`), and a campaign model's evidence moves so that
    /// each posterior's mean is the value given, its weight kept.
    #[test]
    fn fitted_parameters_set_in_place_of_their_estimates() {
        let e = |v: f64| Estimate::new(v, Some(0.1));
        let mut h = Fitted {
            requested: Arrivals::Hawkes,
            params: Params::Hawkes {
                mu: e(0.05),
                n: e(0.3),
                beta: e(0.2),
                excitation: 0.3 * 0.2 * (-0.3_f64).exp(),
            },
            loglik: None,
            events: 1,
            warnings: Vec::new(),
        };
        set_params(
            &mut h,
            &[
                (ArrivalParam::HawkesBranching, 0.5),
                (ArrivalParam::HawkesDecay, 0.4),
                (ArrivalParam::HawkesBaseline, 0.07),
                // Not the model's: left alone.
                (ArrivalParam::CampaignRate, 9.0),
            ],
            &[-1.0],
            30,
        );
        let Params::Hawkes {
            mu,
            n,
            beta,
            excitation,
        } = &h.params
        else {
            panic!("hawkes");
        };
        assert_eq!((mu.value, n.value, beta.value), (0.07, 0.5, 0.4));
        assert!(
            (excitation - 0.5 * 0.4 * (-0.6_f64).exp()).abs() < 1e-12,
            "{excitation}"
        );
        // The expected path follows: day 0 expects more than the new baseline alone.
        assert!(h.mean_daily(1)[0] > 0.07);

        let evidence = CampaignEvidence {
            quiet_days: 300.0,
            campaign_days: 20.0,
            quiet_strikes: 3.0,
            campaign_strikes: 40.0,
            starts: 2.0,
            quiet_stays: 297.0,
            ends: 2.0,
            campaign_stays: 18.0,
        };
        let mut c = Fitted {
            requested: Arrivals::Campaign,
            params: Params::Campaign {
                quiet_rate: e(0.01),
                campaign_rate: e(2.0),
                to_campaign: e(0.0067),
                to_quiet: e(0.1),
                campaign_now: 0.0,
                evidence,
            },
            loglik: None,
            events: 43,
            warnings: Vec::new(),
        };
        set_params(
            &mut c,
            &[
                (ArrivalParam::CampaignStart, 0.02),
                (ArrivalParam::CampaignRate, 3.0),
            ],
            &[],
            30,
        );
        let Params::Campaign {
            to_campaign,
            campaign_rate,
            evidence: ev,
            ..
        } = &c.params
        else {
            panic!("campaign");
        };
        assert_eq!((to_campaign.value, campaign_rate.value), (0.02, 3.0));
        // Beta(starts + 1/2, stays + 1/2): its mean 2.5 / 300 moved by 0.02 / 0.0067, the
        // weight 300 kept.
        let weight = ev.starts + ev.quiet_stays + 1.0;
        assert!((weight - 300.0).abs() < 1e-9);
        assert!(((ev.starts + 0.5) / weight - 2.5 / 300.0 * 0.02 / 0.0067).abs() < 1e-12);
        // Gamma(strikes + 1/2, rate days): its mean 40.5 / 20 moved by 3 / 2.
        assert!(((ev.campaign_strikes + 0.5) / ev.campaign_days - 40.5 / 20.0 * 1.5).abs() < 1e-12);
        // At its own estimate a parameter leaves the posterior as the fit made it.
        let before = c.clone();
        set_params(&mut c, &[(ArrivalParam::CampaignEnd, 0.1)], &[], 30);
        assert_eq!(c, before);
        // A domain refuses what the model cannot take.
        assert!(!(ArrivalParam::HawkesBranching.domain().1)(0.99));
        assert!((ArrivalParam::CampaignEnd.domain().1)(1.0));
    }
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use rand_distr::Exp;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn rel_close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    /// Day stamps of continuous event times: the day `ceil(t)` holding each.
    fn stamps(times: &[f64]) -> Vec<f64> {
        times.iter().map(|t| t.ceil()).collect()
    }

    /// Hawkes event times on `(0, t_end]` by the cluster (branching) representation, independent
    /// of the thinning simulator: immigrants are Poisson(`mu`), and every event has
    /// Poisson(`n`) children at Exp(`beta`) delays.
    fn cluster_hawkes(mu: f64, n: f64, beta: f64, t_end: f64, rng: &mut ChaCha8Rng) -> Vec<f64> {
        let immigrants = Poisson::new(mu * t_end).unwrap().sample(rng) as u32;
        let mut pending: Vec<f64> = (0..immigrants)
            .map(|_| rng.random::<f64>() * t_end)
            .collect();
        let children = Poisson::new(n).unwrap();
        let delay = Exp::new(beta).unwrap();
        let mut all = Vec::new();
        while let Some(t) = pending.pop() {
            all.push(t);
            for _ in 0..children.sample(rng) as u32 {
                let child = t + delay.sample(rng);
                if child <= t_end {
                    pending.push(child);
                }
            }
        }
        all.sort_by(f64::total_cmp);
        all
    }

    /// History and future of one stationary Hawkes path: events in `(-history, 0]` (after a
    /// burn-in) and the count in `(0, horizon]`.
    fn hawkes_path(
        (mu, n, beta): (f64, f64, f64),
        history: f64,
        horizon: f64,
        rng: &mut ChaCha8Rng,
    ) -> (Vec<f64>, u32) {
        let burn_in = 20.0 / (beta * (1.0 - n));
        let mut times = Vec::new();
        simulate_hawkes(
            mu,
            n,
            beta,
            0.0,
            burn_in + history + horizon,
            rng,
            &mut times,
        );
        let shift = burn_in + history;
        let past: Vec<f64> = times
            .iter()
            .map(|t| t - shift)
            .filter(|&t| t > -history && t <= 0.0)
            .collect();
        let future = times.iter().filter(|&&t| t - shift > 0.0).count() as u32;
        (past, future)
    }

    /// The 10 % and 90 % quantiles of simulated horizon totals (order statistics).
    fn quantiles_10_90(
        fitted: &Fitted,
        days: usize,
        paths: usize,
        rng: &mut ChaCha8Rng,
    ) -> (u32, u32) {
        let mut out = Vec::new();
        let mut totals: Vec<u32> = (0..paths)
            .map(|_| {
                fitted.draw_counts(rng, days, &mut out);
                out.iter().sum()
            })
            .collect();
        totals.sort_unstable();
        let at = |q: f64| totals[(q * (paths - 1) as f64).round() as usize];
        (at(0.1), at(0.9))
    }

    // --- names ---------------------------------------------------------------------------

    #[test]
    fn names_round_trip_and_bad_names_list_the_valid_ones() {
        use serde::de::value::{Error as DeError, StrDeserializer};
        use serde::de::IntoDeserializer;
        for model in Arrivals::ALL {
            assert_eq!(model.to_string().parse::<Arrivals>(), Ok(model));
            let de: StrDeserializer<'_, DeError> = model.name().into_deserializer();
            assert_eq!(Arrivals::deserialize(de).unwrap(), model);
        }
        assert_eq!(Arrivals::NegBin.to_string(), "negbin");
        let err = "gamma".parse::<Arrivals>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown arrival model 'gamma': expected one of poisson, negbin, hawkes, resample, campaign"
        );
        assert!("Poisson".parse::<Arrivals>().is_err());
    }

    // --- log-likelihoods by hand ---------------------------------------------------------

    #[test]
    fn poisson_loglik_by_hand() {
        // counts [2, 0, 3], mu = 1.5:
        //   sum y ln mu = 5 ln 1.5            =  2.0273255
        //   - 3 mu                            = -4.5
        //   - ln 2! - ln 0! - ln 3! = -ln 12  = -2.4849066
        //   total                             = -4.9575811
        assert!(close(poisson_loglik(&[2, 0, 3], 1.5), -4.957_581_1, 1e-6));
        // A zero count at mu = 0 is certain; a positive one impossible.
        assert_eq!(poisson_loglik(&[0, 0], 0.0), 0.0);
        assert_eq!(poisson_loglik(&[1], 0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn negbin_loglik_by_hand() {
        // counts [0, 1, 4], mu = 2, k = 1.5; k ln(k/(k+mu)) = 1.5 ln(3/7) = -1.2709468 and
        // ln(mu/(k+mu)) = ln(4/7) = -0.5596158.
        //   y = 0: -1.2709468
        //   y = 1: ln Γ(2.5)/Γ(1.5) = ln 1.5 = 0.4054651; - ln 1! = 0;
        //          0.4054651 - 1.2709468 - 0.5596158                    = -1.4250975
        //   y = 4: ln(1.5 * 2.5 * 3.5 * 4.5) = ln 59.0625 = 4.0785962; - ln 4! = -3.1780538;
        //          4.0785962 - 3.1780538 - 1.2709468 - 4 * 0.5596158   = -2.6088676
        //   total                                                      = -5.3049118
        assert!(close(
            negbin_loglik(&[0, 1, 4], 2.0, 1.5),
            -5.304_911_8,
            1e-6
        ));
        // Large counts go through ln Γ; they must agree with the exact sum.
        let y = EXACT_SUM_MAX + 40;
        let exact: f64 = (0..y).map(|j| (1.5 + f64::from(j)).ln()).sum();
        assert!(close(ln_rising(1.5, y), exact, 1e-8 * exact.abs()));
        let exact: f64 = (0..y).map(|j| 1.0 / (1.5 + f64::from(j))).sum();
        assert!(close(digamma_rising(1.5, y), exact, 1e-10));
        // As k grows the negative binomial tends to the Poisson.
        let counts = [3, 0, 7, 2];
        assert!(close(
            negbin_loglik(&counts, 3.0, 1e9),
            poisson_loglik(&counts, 3.0),
            1e-6
        ));
    }

    #[test]
    fn hawkes_loglik_by_hand() {
        // times [1, 2] on (0, 3], mu = 0.5, n = 0.5, beta = 1:
        //   lambda(1) = mu                                  = 0.5
        //   lambda(2) = mu + n beta e^{-1} = 0.5 + 0.1839397 = 0.6839397
        //   sum ln lambda = -0.6931472 - 0.3798855          = -1.0730327
        //   compensator = mu T + n [(1 - e^{-2}) + (1 - e^{-1})]
        //               = 1.5 + 0.5 (0.8646647 + 0.6321206) = 2.2483926
        //   l = -1.0730327 - 2.2483926                       = -3.3214253
        assert!(close(
            hawkes_loglik(&[1.0, 2.0], 0.0, 3.0, 0.5, 0.5, 1.0),
            -3.321_425_3,
            1e-6
        ));

        // times [0.5, 1, 2.5] on (0, 4], mu = 0.8, n = 0.4, beta = 2 (n beta = 0.8):
        //   A = 0, e^{-1} = 0.3678794, e^{-3} + e^{-4} = 0.0681027
        //   lambda = 0.8, 1.0943036, 0.8544822; sum ln lambda = -0.2902851
        //   compensator = 0.8 * 4 + 0.4 [(1 - e^{-7}) + (1 - e^{-6}) + (1 - e^{-3})]
        //               = 3.2 + 0.4 * 2.9468223 = 4.3787289
        //   l = -0.2902851 - 4.3787289 = -4.6690140
        let l = hawkes_loglik(&[0.5, 1.0, 2.5], 0.0, 4.0, 0.8, 0.4, 2.0);
        assert!(close(l, -4.669_014_0, 1e-6));

        // Without excitation it is the Poisson process: N ln mu - mu T.
        let l = hawkes_loglik(&[0.5, 1.0, 2.5], 0.0, 4.0, 0.8, 0.0, 2.0);
        assert!(close(l, 3.0 * 0.8f64.ln() - 3.2, 1e-12));
    }

    #[test]
    fn hawkes_gradient_matches_finite_differences() {
        let times = [0.3, 0.9, 1.0, 2.2, 4.0, 4.1, 4.15, 6.5];
        let p = [0.7, 0.45, 1.3];
        let (_, grad) = hawkes_loglik_grad(&times, 0.0, 8.0, p);
        for i in 0..3 {
            let h = 1e-6;
            let (mut up, mut down) = (p, p);
            up[i] += h;
            down[i] -= h;
            let numeric = (hawkes_loglik_grad(&times, 0.0, 8.0, up).0
                - hawkes_loglik_grad(&times, 0.0, 8.0, down).0)
                / (2.0 * h);
            assert!(
                close(grad[i], numeric, 1e-6),
                "d/dp{i}: {} vs {numeric}",
                grad[i]
            );
        }
    }

    // --- windows and ties ------------------------------------------------------------------

    #[test]
    fn windows_are_the_days_ending_at_the_as_of_date() {
        // A 10-day lookback holds the days stamped -9..=0: -10 is outside, -9.5 is day -9.
        let strikes = [0.0, -0.2, -9.0, -9.5, -10.0, -15.0, 2.0, f64::NAN];
        let fitted = fit(Arrivals::Poisson, &strikes, 10, 30, 5);
        assert_eq!(fitted.events, 4);
        assert!(matches!(fitted.params, Params::Poisson { rate } if rate.value == 0.4));
        assert_eq!(fitted.warnings.len(), 2, "{:?}", fitted.warnings);
        assert!(fitted.warnings[0].contains("not finite"));
        assert!(fitted.warnings[1].contains("after the as-of date"));

        let daily = daily_counts(&strikes, 10);
        assert_eq!(daily, vec![2, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    }

    #[test]
    fn ties_are_spread_evenly_within_their_day() {
        // Three days: (-3, -2] has 1 strike, (-2, -1] none, (-1, 0] has 4.
        let times = spread_within_days(&[1, 0, 4]);
        assert_eq!(times, vec![-2.5, -0.875, -0.625, -0.375, -0.125]);
    }

    // --- maximum likelihood recovers known parameters -------------------------------------

    #[test]
    fn hawkes_mle_recovers_parameters_from_5000_events() {
        let (mu, n, beta) = (0.5, 0.6, 2.0);
        let t_end = 4000.0; // stationary rate mu / (1 - n) = 1.25 a day: about 5,000 events
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let times = cluster_hawkes(mu, n, beta, t_end, &mut rng);
        assert!(
            (4500..5500).contains(&times.len()),
            "{} events",
            times.len()
        );

        let fit = fit_hawkes_times(&times, 0.0, t_end).expect("fits");
        for (estimate, truth, name) in [
            (fit.mu, mu, "mu"),
            (fit.n, n, "n"),
            (fit.beta, beta, "beta"),
        ] {
            assert!(
                rel_close(estimate.value, truth, 0.10),
                "{name}: {} vs {truth}",
                estimate.value
            );
            // The standard error is of the size of the actual error.
            let se = estimate.se.expect("standard error");
            assert!(se > 0.0 && se < 0.1 * truth, "{name}: se {se}");
            assert!(
                (estimate.value - truth).abs() < 4.0 * se,
                "{name}: {} ± {se}",
                estimate.value
            );
        }
        // The optimum is a maximum: moving any parameter lowers the log-likelihood.
        for i in 0..3 {
            let mut p = [fit.mu.value, fit.n.value, fit.beta.value];
            p[i] *= 1.01;
            assert!(hawkes_loglik(&times, 0.0, t_end, p[0], p[1], p[2]) < fit.loglik);
        }
    }

    #[test]
    fn day_stamped_hawkes_fit_is_close_when_the_decay_is_slower_than_a_day() {
        // Records keep the day only: ties are spread within their day, which blurs the kernel
        // by up to a day and biases beta low. With 1/beta = 2 days the bias is modest.
        let (mu, n, beta) = (0.3, 0.7, 0.5);
        let t_end = 5000.0;
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        let times = cluster_hawkes(mu, n, beta, t_end, &mut rng);
        let strikes = stamps(&times.iter().map(|t| t - t_end).collect::<Vec<_>>());
        let fitted = fit(Arrivals::Hawkes, &strikes, 90, t_end as u32, 30);
        let Params::Hawkes {
            mu: m,
            n: b,
            beta: d,
            ..
        } = fitted.params
        else {
            panic!("{:?}", fitted.warnings)
        };
        assert!(rel_close(b.value, n, 0.10), "n {}", b.value);
        assert!(rel_close(m.value, mu, 0.15), "mu {}", m.value);
        assert!(
            rel_close(d.value, beta, 0.25) && d.value < beta,
            "beta {}",
            d.value
        );
    }

    #[test]
    fn negbin_mle_recovers_shape_from_3000_windows() {
        let (window, windows, mean, k) = (10usize, 3000usize, 8.0, 2.0);
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        let gamma = Gamma::new(k, mean / k).unwrap();
        let mut strikes = Vec::new();
        for w in 0..windows {
            let count =
                Poisson::new(gamma.sample(&mut rng)).map_or(0, |p| p.sample(&mut rng) as u32);
            for _ in 0..count {
                let day = rng.random_range(0..window as u32) as usize;
                strikes.push(-((w * window + day) as f64));
            }
        }
        let history = (window * windows) as u32;
        let fitted = fit(Arrivals::NegBin, &strikes, history, history, window);
        assert_eq!(fitted.model(), Arrivals::NegBin, "{:?}", fitted.warnings);
        let Params::NegBin {
            shape,
            windows: used,
            rate,
            ..
        } = fitted.params
        else {
            unreachable!()
        };
        assert_eq!(used, windows);
        assert!(rel_close(shape.value, k, 0.10), "shape {}", shape.value);
        let se = shape.se.expect("standard error");
        assert!(
            (shape.value - k).abs() < 4.0 * se,
            "shape {} ± {se}",
            shape.value
        );
        assert!(rel_close(rate * window as f64, mean, 0.05), "rate {rate}");
    }

    #[test]
    fn hawkes_on_poisson_data_finds_no_excitation() {
        // A Poisson process (n practically 0): the fit goes to the boundary n -> 0, is kept,
        // and says so; mu is then the Poisson rate N / T.
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let times = cluster_hawkes(1.0, 1e-9, 1.0, 1000.0, &mut rng);
        let fit = fit_hawkes_times(&times, 0.0, 1000.0).expect("fits");
        assert!(fit.n.value < 1e-4, "n {}", fit.n.value);
        assert!(close(fit.mu.value, times.len() as f64 / 1000.0, 1e-6));
        assert!(fit.n.se.is_none());
        assert!(
            fit.warnings
                .iter()
                .any(|w| w.contains("at its lower bound")),
            "{:?}",
            fit.warnings
        );
    }

    // --- coverage of the 10-90 % band ----------------------------------------------------

    /// Fraction of replicates whose true horizon total lies within the fitted model's 10-90 %
    /// band, for a data generator returning (history strikes, true future total).
    fn coverage(
        model: Arrivals,
        (lookback, history, horizon): (u32, u32, usize),
        replicates: usize,
        seed: u64,
        mut generate: impl FnMut(&mut ChaCha8Rng) -> (Vec<f64>, u32),
    ) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut inside = 0;
        for _ in 0..replicates {
            let (strikes, truth) = generate(&mut rng);
            let fitted = fit(model, &strikes, lookback, history, horizon);
            assert_eq!(fitted.model(), model, "{:?}", fitted.warnings);
            let (lo, hi) = quantiles_10_90(&fitted, horizon, 1000, &mut rng);
            inside += usize::from(lo <= truth && truth <= hi);
        }
        inside as f64 / replicates as f64
    }

    #[test]
    fn poisson_band_covers_80_percent() {
        let (days, horizon, rate) = (1000u32, 30usize, 2.0);
        let fraction = coverage(Arrivals::Poisson, (days, days, horizon), 400, 21, |rng| {
            let daily = Poisson::new(rate).unwrap();
            let mut strikes = Vec::new();
            for d in 0..days {
                for _ in 0..daily.sample(rng) as u32 {
                    strikes.push(-f64::from(d));
                }
            }
            let truth = Poisson::new(rate * horizon as f64).unwrap().sample(rng) as u32;
            (strikes, truth)
        });
        assert!((0.72..=0.88).contains(&fraction), "coverage {fraction}");
    }

    #[test]
    fn negbin_band_covers_80_percent() {
        // Each 30-day window has its own gamma rate (mean 2 a day, shape 4): totals NB(60, 4).
        let (windows, horizon, rate, k) = (100usize, 30usize, 2.0, 4.0);
        let days = (windows * horizon) as u32;
        let gamma = Gamma::new(k, rate / k).unwrap();
        let window_count = |rng: &mut ChaCha8Rng| {
            Poisson::new(gamma.sample(rng) * horizon as f64).map_or(0, |p| p.sample(rng) as u32)
        };
        let fraction = coverage(Arrivals::NegBin, (days, days, horizon), 400, 22, |rng| {
            let mut strikes = Vec::new();
            for w in 0..windows {
                for _ in 0..window_count(rng) {
                    let day = rng.random_range(0..horizon as u32) as usize;
                    strikes.push(-((w * horizon + day) as f64));
                }
            }
            (strikes, window_count(rng))
        });
        assert!((0.72..=0.88).contains(&fraction), "coverage {fraction}");
    }

    #[test]
    fn hawkes_band_covers_80_percent() {
        // Day-stamped records of a stationary Hawkes process, fitted through `fit` (ties spread
        // within days), the truth continuing the same path past the as-of date.
        let (params, history, horizon) = ((0.4, 0.6, 0.5), 1500u32, 30usize);
        let fraction = coverage(Arrivals::Hawkes, (90, history, horizon), 300, 23, |rng| {
            let (past, future) = hawkes_path(params, f64::from(history), horizon as f64, rng);
            (stamps(&past), future)
        });
        assert!((0.72..=0.88).contains(&fraction), "coverage {fraction}");
    }

    #[test]
    fn resample_band_covers_80_percent() {
        let (days, horizon, rate) = (3000u32, 30usize, 2.0);
        let fraction = coverage(Arrivals::Resample, (90, days, horizon), 300, 24, |rng| {
            let daily = Poisson::new(rate).unwrap();
            let mut strikes = Vec::new();
            for d in 0..days {
                for _ in 0..daily.sample(rng) as u32 {
                    strikes.push(-f64::from(d));
                }
            }
            let truth = Poisson::new(rate * horizon as f64).unwrap().sample(rng) as u32;
            (strikes, truth)
        });
        assert!((0.72..=0.88).contains(&fraction), "coverage {fraction}");
    }

    // --- fallbacks -------------------------------------------------------------------------

    #[test]
    fn hawkes_with_too_few_strikes_falls_back() {
        // Ten strikes a week apart, all in the last 63 days.
        let strikes: Vec<f64> = (0..10).map(|i| -f64::from(i * 7)).collect();
        let hawkes_warning =
            "hawkes: 10 strike(s) in the history window, fewer than the 20 needed; using negbin";

        // 30-day windows count 5, 4, 1 and nine zeros: overdispersed, so negbin is used.
        let fitted = fit(Arrivals::Hawkes, &strikes, 90, 365, 30);
        assert_eq!(fitted.requested, Arrivals::Hawkes);
        assert_eq!(fitted.model(), Arrivals::NegBin, "{:?}", fitted.warnings);
        assert_eq!(fitted.warnings, vec![hawkes_warning]);

        // 7-day windows count at most one strike: not overdispersed, so on to poisson.
        let fitted = fit(Arrivals::Hawkes, &strikes, 90, 365, 7);
        assert_eq!(fitted.model(), Arrivals::Poisson);
        assert_eq!(fitted.warnings.len(), 2);
        assert_eq!(fitted.warnings[0], hawkes_warning);
        assert!(
            fitted.warnings[1].starts_with("negbin: the 52 window counts are not overdispersed"),
            "{:?}",
            fitted.warnings
        );
    }

    #[test]
    fn negbin_without_overdispersion_falls_back_to_poisson() {
        // One strike every day: every 30-day window counts 30, variance 0.
        let strikes: Vec<f64> = (0..365).map(|d| -f64::from(d)).collect();
        let fitted = fit(Arrivals::NegBin, &strikes, 90, 365, 30);
        assert_eq!(fitted.model(), Arrivals::Poisson);
        assert_eq!(fitted.events, 90);
        assert_eq!(fitted.warnings.len(), 1);
        assert!(
            fitted.warnings[0].starts_with(
                "negbin: the 12 window counts are not overdispersed (variance 0.000 <= mean 30.000)"
            ),
            "{:?}",
            fitted.warnings
        );
        assert!(matches!(fitted.params, Params::Poisson { rate } if rate.value == 1.0));
    }

    #[test]
    fn negbin_with_too_few_windows_falls_back_to_poisson() {
        let strikes = [-1.0, -1.0, -1.0, -50.0];
        let fitted = fit(Arrivals::NegBin, &strikes, 60, 60, 30);
        assert_eq!(fitted.model(), Arrivals::Poisson);
        assert_eq!(
            fitted.warnings,
            vec![
                "negbin: 2 window(s) of 30 days in the 60-day history, fewer than 3; using poisson"
            ]
        );
    }

    #[test]
    fn near_explosive_hawkes_falls_back() {
        // A supercritical process (n = 1.3) grows without bound: the fit runs to n -> 1.
        let mut rng = ChaCha8Rng::seed_from_u64(31);
        let mut times = Vec::new();
        simulate_hawkes(0.5, 1.3, 1.0, 0.0, 25.0, &mut rng, &mut times);
        let shifted: Vec<f64> = times.iter().map(|t| t - 25.0).collect();
        assert!(shifted.len() > 1000, "{} events", shifted.len());
        let why = fit_hawkes_times(&shifted, -25.0, 0.0).expect_err("refused");
        assert!(why.starts_with("branching ratio "), "{why}");
        assert!(why.ends_with(" >= 0.99 (near-explosive)"), "{why}");
        let fitted = fit(Arrivals::Hawkes, &stamps(&shifted), 25, 25, 7);
        assert_ne!(fitted.model(), Arrivals::Hawkes);
        assert!(
            fitted.warnings[0].starts_with("hawkes: branching ratio ")
                && fitted.warnings[0].ends_with(" >= 0.99 (near-explosive); using negbin"),
            "{:?}",
            fitted.warnings
        );
    }

    #[test]
    fn resample_longer_than_history_falls_back_to_poisson() {
        let fitted = fit(Arrivals::Resample, &[-1.0, -2.0], 10, 20, 30);
        assert_eq!(fitted.model(), Arrivals::Poisson);
        assert!(fitted.warnings[0].starts_with("resample: the horizon (30 days) is longer"));
    }

    // --- determinism and the resampled windows --------------------------------------------

    /// The forward pass by hand: counts 0 then 2, rates 0.5 and 2, a = 0.1, b = 0.2, from the
    /// stationary start (2/3, 1/3).
    #[test]
    fn campaign_likelihood_by_hand() {
        let p = |r: f64, y: i32| (-r).exp() * r.powi(y) / [1.0, 1.0, 2.0][y as usize];
        let (a, b) = (0.1, 0.2);
        let j1 = [2.0 / 3.0 * p(0.5, 0), 1.0 / 3.0 * p(2.0, 0)];
        let c1 = j1[0] + j1[1];
        let f1 = [j1[0] / c1, j1[1] / c1];
        let prior = [f1[0] * 0.9 + f1[1] * 0.2, f1[0] * 0.1 + f1[1] * 0.8];
        let j2 = [prior[0] * p(0.5, 2), prior[1] * p(2.0, 2)];
        let c2 = j2[0] + j2[1];
        // 0.449466 and 0.108992: -3.01618.
        assert!(close(c1.ln() + c2.ln(), -3.016_18, 1e-5));
        let (ll, filtered) = campaign_forward(&[0, 2], [0.5, 2.0], (a, b), [2.0 / 3.0, 1.0 / 3.0]);
        assert!(close(ll, c1.ln() + c2.ln(), 1e-12));
        assert!(close(filtered[1][1], j2[1] / c2, 1e-12));
        // A quiet rate of 0 cannot give a strike: only the campaign state explains day 2.
        let (_, f) = campaign_forward(&[0, 1], [0.0, 1.0], (a, b), [0.5, 0.5]);
        assert!(close(f[1][1], 1.0, 1e-12));
    }

    /// A chain of quiet spells (0.05 strikes a day) and campaigns (1 a day), a campaign
    /// starting on 1 % of quiet days and ending on 3 % of campaign days, over 4,000 days.
    fn switching_counts(seed: u64) -> Vec<u32> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (quiet, campaign) = (Poisson::new(0.05).unwrap(), Poisson::new(1.0).unwrap());
        let mut state = 0;
        (0..4_000)
            .map(|_| {
                let switch = if state == 0 { 0.01 } else { 0.03 };
                if rng.random::<f64>() < switch {
                    state = 1 - state;
                }
                if state == 0 {
                    quiet.sample(&mut rng) as u32
                } else {
                    campaign.sample(&mut rng) as u32
                }
            })
            .collect()
    }

    #[test]
    fn campaign_fit_recovers_the_switching_process() {
        let counts = switching_counts(5);
        let c = fit_campaign(&counts).expect("a fit");
        // Each estimate within three of its standard errors of the truth.
        let truth = [0.05, 1.0, 0.01, 0.03];
        for (e, t) in [c.rates[0], c.rates[1], c.to_campaign, c.to_quiet]
            .iter()
            .zip(truth)
        {
            let se = e.se.expect("standard errors");
            assert!(se > 0.0 && se < e.value, "{c:?}");
            assert!((e.value - t).abs() < 3.0 * se, "{t}: {c:?}");
        }
        // The evidence adds up to the history: its days and strikes.
        let ev = c.evidence;
        assert!(close(ev.quiet_days + ev.campaign_days, 4_000.0, 1e-6));
        let strikes: u32 = counts.iter().sum();
        assert!(close(
            ev.quiet_strikes + ev.campaign_strikes,
            f64::from(strikes),
            1e-6
        ));
        assert!(close(
            ev.starts + ev.quiet_stays + ev.ends + ev.campaign_stays,
            3_999.0,
            1e-6
        ));
        // Through `fit`: the model used, its log-likelihood, and a mean per day that moves
        // from the as-of state towards the chain's stationary mix.
        let stamps: Vec<f64> = counts
            .iter()
            .enumerate()
            .flat_map(|(i, &k)| std::iter::repeat_n(i as f64 + 1.0 - 4_000.0, k as usize))
            .collect();
        let fitted = fit(Arrivals::Campaign, &stamps, 90, 4_000, 365);
        assert_eq!(fitted.model(), Arrivals::Campaign, "{:?}", fitted.warnings);
        assert!(close(fitted.loglik.unwrap(), c.loglik, 1e-9));
        let mean = fitted.mean_daily(2_000);
        let (a, b) = (c.to_campaign.value, c.to_quiet.value);
        let stationary = (a * c.rates[1].value + b * c.rates[0].value) / (a + b);
        assert!(
            rel_close(mean[1_999], stationary, 0.05),
            "{} vs {stationary}",
            mean[1_999]
        );
        // The as-of day was quiet: the first days expect little more than the quiet rate.
        assert!(mean[0] < 0.2 * stationary, "{}", mean[0]);
    }

    #[test]
    fn campaign_is_refused_without_two_states_or_enough_strikes() {
        assert!(fit_campaign(&[0, 1, 0, 2, 0]).is_err());
        // One strike every day: one state only, so it falls back with the reason.
        let stamps: Vec<f64> = (0..200).map(|d| f64::from(d) - 199.0).collect();
        assert!(fit_campaign(&[1; 200]).is_err());
        let fitted = fit(Arrivals::Campaign, &stamps, 90, 200, 30);
        assert_ne!(fitted.model(), Arrivals::Campaign);
        assert!(
            fitted.warnings.iter().any(|w| w.starts_with("campaign: ")),
            "{:?}",
            fitted.warnings
        );
    }

    /// Strike stamps with bursts, enough for every model to fit.
    fn bursty_history(seed: u64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (past, _) = hawkes_path((0.3, 0.5, 0.7), 730.0, 0.0, &mut rng);
        stamps(&past)
    }

    #[test]
    fn same_seed_same_counts() {
        let strikes = bursty_history(41);
        for model in Arrivals::ALL {
            let fitted = fit(model, &strikes, 90, 730, 30);
            assert_eq!(fitted.model(), model, "{:?}", fitted.warnings);
            let draw = |seed: u64| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let mut out = Vec::new();
                let mut paths = Vec::new();
                for _ in 0..20 {
                    fitted.draw_counts(&mut rng, 30, &mut out);
                    assert_eq!(out.len(), 30);
                    paths.push(out.clone());
                }
                paths
            };
            assert_eq!(draw(7), draw(7), "{model}");
            assert_ne!(draw(7), draw(8), "{model}");
        }
    }

    #[test]
    fn resample_replays_windows_inside_the_history() {
        // Day i of the history has i strikes, so a replayed window names its start.
        let history = 40u32;
        let mut strikes = Vec::new();
        for i in 0..history {
            for _ in 0..i {
                strikes.push(f64::from(i) + 1.0 - f64::from(history));
            }
        }
        let fitted = fit(Arrivals::Resample, &strikes, 10, history, 7);
        let Params::Resample { daily } = &fitted.params else {
            unreachable!()
        };
        assert_eq!(*daily, (0..history).collect::<Vec<u32>>());

        let mut rng = ChaCha8Rng::seed_from_u64(51);
        let mut seen = vec![0usize; 34];
        let mut out = Vec::new();
        for _ in 0..5000 {
            fitted.draw_counts(&mut rng, 7, &mut out);
            let start = out[0];
            assert!(start + 7 <= history, "window starting {start}");
            assert_eq!(out, (start..start + 7).collect::<Vec<u32>>());
            seen[start as usize] += 1;
        }
        // All 34 windows, the first and the last included, are drawn about equally often.
        assert!(seen.iter().all(|&c| (100..200).contains(&c)), "{seen:?}");

        // The starts are drawn as u32, so the stream is the same on every platform.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let starts: Vec<u32> = (0..8)
            .map(|_| {
                fitted.draw_counts(&mut rng, 7, &mut out);
                out[0]
            })
            .collect();
        assert_eq!(starts, vec![4, 5, 6, 5, 9, 23, 1, 24]);

        // Longer than the history: read circularly.
        fitted.draw_counts(&mut rng, 50, &mut out);
        let start = out[0] as usize;
        assert!(out
            .iter()
            .enumerate()
            .all(|(j, &c)| c as usize == (start + j) % 40));
    }

    // --- expected paths --------------------------------------------------------------------

    /// Mean simulated count per day over `paths` paths.
    fn simulated_means(fitted: &Fitted, days: usize, paths: usize, seed: u64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut sums = vec![0u64; days];
        let mut out = Vec::new();
        for _ in 0..paths {
            fitted.draw_counts(&mut rng, days, &mut out);
            for (s, &c) in sums.iter_mut().zip(&out) {
                *s += u64::from(c);
            }
        }
        sums.iter().map(|&s| s as f64 / paths as f64).collect()
    }

    #[test]
    fn hawkes_mean_daily_matches_simulation() {
        // A burst just before the as-of date: the expected path decays to the stationary rate.
        let fitted = Fitted {
            requested: Arrivals::Hawkes,
            params: Params::Hawkes {
                mu: Estimate::new(0.5, None),
                n: Estimate::new(0.6, None),
                beta: Estimate::new(0.3, None),
                excitation: 4.0,
            },
            loglik: None,
            events: 0,
            warnings: Vec::new(),
        };
        let days = 30;
        let expected = fitted.mean_daily(days);
        let simulated = simulated_means(&fitted, days, 40_000, 61);
        assert!(
            expected[0] > 3.0 && expected[days - 1] < 1.5,
            "{expected:?}"
        );
        for (h, (e, s)) in expected.iter().zip(&simulated).enumerate() {
            assert!(
                rel_close(*s, *e, 0.04),
                "day {h}: simulated {s} vs expected {e}"
            );
        }
        let (e, s): (f64, f64) = (expected.iter().sum(), simulated.iter().sum());
        assert!(
            rel_close(s, e, 0.02),
            "total: simulated {s} vs expected {e}"
        );
    }

    #[test]
    fn negbin_and_resample_mean_daily_match_simulation() {
        let strikes = bursty_history(71);
        for model in [
            Arrivals::NegBin,
            Arrivals::Resample,
            Arrivals::Poisson,
            Arrivals::Campaign,
        ] {
            let fitted = fit(model, &strikes, 90, 730, 30);
            assert_eq!(fitted.model(), model, "{:?}", fitted.warnings);
            let expected = fitted.mean_daily(30);
            let simulated = simulated_means(&fitted, 30, 40_000, 72);
            for (h, (e, s)) in expected.iter().zip(&simulated).enumerate() {
                assert!(
                    rel_close(*s, *e, 0.04),
                    "{model} day {h}: simulated {s} vs expected {e}"
                );
            }
            let (e, s): (f64, f64) = (expected.iter().sum(), simulated.iter().sum());
            assert!(
                rel_close(s, e, 0.02),
                "{model} total: simulated {s} vs expected {e}"
            );
        }
    }

    #[test]
    fn hawkes_fit_carries_the_history_into_the_horizon() {
        let strikes = bursty_history(81);
        let fitted = fit(Arrivals::Hawkes, &strikes, 90, 730, 30);
        let Params::Hawkes {
            mu,
            n,
            beta,
            excitation,
        } = &fitted.params
        else {
            panic!("{:?}", fitted.warnings)
        };
        // The excitation is n beta sum exp(beta t_i) over the spread times.
        let times = spread_within_days(&daily_counts(&strikes, 730));
        let by_hand: f64 =
            n.value * beta.value * times.iter().map(|t| (beta.value * t).exp()).sum::<f64>();
        assert!(close(*excitation, by_hand, 1e-12 * by_hand.max(1.0)));
        // The expected path starts from mu + excitation and tends to mu / (1 - n).
        let mean = fitted.mean_daily(2000);
        let stationary = mu.value / (1.0 - n.value);
        assert!(close(mean[1999], stationary, 1e-6));
        let kappa = beta.value * (1.0 - n.value);
        let first =
            stationary + (mu.value + excitation - stationary) * (1.0 - (-kappa).exp()) / kappa;
        assert!(close(mean[0], first, 1e-12));
        assert_eq!(fitted.events, times.len());
        assert!(fitted.loglik.is_some_and(f64::is_finite));
    }
}
