//! Projection after the as-of date: base rate, expected path, revenue and summaries.

use chrono::NaiveDate;
use serde::Serialize;

use crate::data::{Dataset, PricePoint};
use crate::error::Error;
use crate::observed::draws::series_of_stats;
use crate::observed::revenue::DayRevenue;
use crate::observed::timeline::{Timeline, Window};
use crate::projection::baseline::{Baseline, Reads};
use crate::projection::montecarlo::{from_accumulated, group_stats};
use crate::projection::scenario::{Scenario, Settings};
use crate::projection::track::Track;
use crate::units::Unit;

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
    /// National offline capacity per day, in the group's unit (Mt/yr for refineries).
    pub offline: Vec<f64>,
    /// Utilization-weighted national offline capacity per day, Mt/yr.
    pub offline_w: Vec<f64>,
    /// Revenue per day.
    pub revenue: Vec<DayRevenue>,
    /// Fuels lost per day, tonnes of each product (MODEL.md, "Fuels"), for a group of
    /// refineries whose yields are known.
    pub fuels: Option<Vec<crate::data::Slate>>,
    /// Exports lost per day, tonnes of all fuels with export figures (domestic demand
    /// served first), where the fuels are given and some fuel has export figures.
    pub exports_lost: Option<Vec<f64>>,
    /// Export revenue lost per day, USD: the exports lost at each fuel's export price,
    /// where the exports lost and prices are given.
    pub exports_revenue_lost: Option<Vec<f64>>,
    /// Hours without power over the projected days the balance covers, for a power group
    /// whose balance is given.
    pub deficit: Option<crate::observed::power::DeficitFigures>,
    /// Per projected day, the balance: demand peak, supply, peak deficit and deficit hours
    /// (NaN where the balance does not cover the day), for a power group whose balance is
    /// given.
    pub power: Option<Vec<crate::observed::power::PowerDay>>,
}

/// The expected path of MODEL.md for one scenario.
///
/// For each asset, lookback strikes are grouped by repair days `r`; with `M` the running sum
/// of `m`, a group of total capacity `C` adds `lambda / n * C * (M(d) - M(d - r))` on day
/// `d`: the whole path costs days x groups, not days x days x strikes.
pub(crate) fn expected_path(base: &Baseline, scenario: &Scenario) -> ScenarioPath {
    let days = base.window.days;
    let multiplier = base.multipliers(scenario);
    // New strikes expected on each day, up to a constant `scale`: `m(d)` times `lambda`
    // (poisson), or `m(d)` times the arrival model's mean for that day.
    let (weights, scale) = match &base.daily_mean {
        None => (multiplier.clone(), base.lambda),
        Some(mean) => (
            multiplier.iter().zip(mean).map(|(m, r)| m * r).collect(),
            1.0,
        ),
    };
    let mut running = vec![0.0; days + 1];
    for (i, m) in weights.iter().enumerate() {
        running[i + 1] = running[i] + m;
    }
    // Groups: (asset, repair days) -> summed capacity.
    let mut groups: Vec<(usize, u32, f64)> = base
        .lookback
        .iter()
        .map(|o| (o.asset, o.days, o.mtpa))
        .collect();
    groups.sort_by_key(|g| (g.0, g.1));
    groups.dedup_by(|next, kept| {
        if next.0 == kept.0 && next.1 == kept.1 {
            kept.2 += next.2;
            true
        } else {
            false
        }
    });
    let n = base.lookback.len() as f64;
    let rate = if n > 0.0 { scale / n } else { 0.0 };
    let mut uncapped = vec![vec![0.0; days]; base.capacity.len()];
    for &(asset, r, c) in &groups {
        let w = rate * c;
        // Day i sums the multipliers of days i + 1 - r ..= i, from the first day while
        // i < r: two plain loops over slices, which the compiler vectorises.
        let r = r as usize;
        let (head, tail) = uncapped[asset].split_at_mut(r.min(days));
        for (v, hi) in head.iter_mut().zip(&running[1..]) {
            *v += w * (hi - running[0]);
        }
        for (v, (hi, lo)) in tail
            .iter_mut()
            .zip(running[r.min(days) + 1..].iter().zip(&running[1..]))
        {
            *v += w * (hi - lo);
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
    let fuels = base.fuels.as_ref().map(|per_asset| {
        let mut daily = vec![[0.0; 5]; days];
        for (series, k) in uncapped.iter().zip(per_asset) {
            for (t, v) in daily.iter_mut().zip(series) {
                for (t, k) in t.iter_mut().zip(k) {
                    *t += v * k;
                }
            }
        }
        daily
    });
    // Each day's exports lost by fuel (domestic demand served first), then their tonnes
    // and, where prices are given, their value at each fuel's export price.
    let by_fuel: Option<Vec<crate::data::Slate>> = fuels
        .as_ref()
        .filter(|_| crate::observed::fuels::any_exports(&base.exports))
        .map(|daily| {
            daily
                .iter()
                .zip(&base.exports)
                .map(|(lost, x)| crate::observed::fuels::day_exports_lost(lost, x, 1.0))
                .collect()
        });
    let exports_lost = by_fuel
        .as_ref()
        .map(|days| days.iter().map(|d| d.iter().sum()).collect());
    let exports_revenue_lost =
        by_fuel
            .as_ref()
            .zip(base.export_prices.as_ref())
            .map(|(days, prices)| {
                days.iter()
                    .zip(&prices.daily)
                    .map(|(d, p)| d.iter().zip(p).map(|(t, p)| t * p).sum())
                    .collect()
            });
    let deficit = base
        .balance
        .as_ref()
        .and_then(|b| b.figures(offline.iter().copied()));
    let power = base
        .balance
        .as_ref()
        .filter(|_| deficit.is_some())
        .map(|b| b.days(offline.iter().copied()));
    ScenarioPath {
        scenario: scenario.clone(),
        expected_strikes: weights.iter().map(|w| scale * w).collect(),
        multiplier,
        asset_offline: uncapped,
        offline,
        offline_w,
        revenue,
        deficit,
        power,
        fuels,
        exports_lost,
        exports_revenue_lost,
    }
}

/// One scenario's figures over the projected days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Lost capacity over the projected days, in the unit's amount (Mt for Mt/yr, GWh for MW).
    pub lost_capacity: f64,
    /// The same weighted by utilization, in the unit's amount.
    pub lost_throughput: f64,
    /// Mean over projected days of offline / national capacity.
    pub mean_offline_share: f64,
    /// Revenue over the projected days, USD.
    pub revenue_usd: f64,
    /// Baseline revenue minus revenue, USD.
    pub revenue_loss_usd: f64,
    /// Reference lost capacity minus this scenario's, in the unit's amount (`None` for the
    /// reference).
    pub gain_capacity: Option<f64>,
    /// This scenario's revenue minus the reference's, USD (`None` for the reference).
    pub gain_revenue_usd: Option<f64>,
    /// Fuels lost, mean tonnes per projected day of each product (MODEL.md, "Fuels"), for
    /// a group of refineries whose yields are known.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::data::yields::by_product"
    )]
    pub fuels_t_per_day: Option<crate::data::Slate>,
    /// The reference's fuels lost minus this scenario's, tonnes per day (`None` for the
    /// reference or without fuels).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::data::yields::by_product"
    )]
    pub gain_fuels_t_per_day: Option<crate::data::Slate>,
    /// Exports lost, mean tonnes per projected day of all fuels with export figures
    /// (domestic demand served first; MODEL.md, "Fuels").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exports_lost_t_per_day: Option<f64>,
    /// The reference's exports lost minus this scenario's, tonnes per day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain_exports_lost_t_per_day: Option<f64>,
    /// Export revenue lost over the projected days, USD: the exports lost at each fuel's
    /// export price (MODEL.md, "Fuels").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exports_revenue_lost_usd: Option<f64>,
    /// The reference's export revenue lost minus this scenario's, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain_exports_revenue_lost_usd: Option<f64>,
    /// Hours without power over the projected days the balance covers (MODEL.md, "Hours
    /// without power"): `peak_deficit_mw`, `max_deficit_mw`, `unserved_mwh`,
    /// `deficit_hours_per_day`, `balance_days`.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub deficit: Option<crate::observed::power::DeficitFigures>,
    /// The reference's hours without power minus this scenario's: `gain_peak_deficit_mw`,
    /// `gain_max_deficit_mw`, `gain_unserved_mwh`, `gain_deficit_hours_per_day`.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub gain_deficit: Option<crate::observed::power::DeficitGain>,
}

/// Summaries of the expected paths; gains are against `reference`.
pub(crate) fn summarise(
    paths: &[ScenarioPath],
    unit: &Unit,
    national_capacity: f64,
    reference: Option<usize>,
) -> Vec<Summary> {
    let mut out: Vec<Summary> = paths
        .iter()
        .map(|p| {
            let days = p.offline.len() as f64;
            let n = days.max(1.0);
            let fuels_t_per_day = p.fuels.as_ref().map(|daily| {
                let mut t = [0.0; 5];
                for d in daily {
                    for (t, v) in t.iter_mut().zip(d) {
                        *t += v;
                    }
                }
                t.map(|v| v / n)
            });
            let exports_lost_t_per_day = p
                .exports_lost
                .as_ref()
                .map(|daily| daily.iter().sum::<f64>() / n);
            Summary {
                scenario: p.scenario.name.clone(),
                lost_capacity: unit.amount(p.offline.iter().sum::<f64>()),
                lost_throughput: unit.amount(p.offline_w.iter().sum::<f64>()),
                mean_offline_share: p.offline.iter().sum::<f64>() / days / national_capacity,
                revenue_usd: p.revenue.iter().map(|r| r.revenue_usd).sum(),
                revenue_loss_usd: p.revenue.iter().map(|r| r.revenue_loss_usd).sum(),
                gain_capacity: None,
                gain_revenue_usd: None,
                fuels_t_per_day,
                gain_fuels_t_per_day: None,
                exports_lost_t_per_day,
                gain_exports_lost_t_per_day: None,
                exports_revenue_lost_usd: p
                    .exports_revenue_lost
                    .as_ref()
                    .map(|daily| daily.iter().sum()),
                gain_exports_revenue_lost_usd: None,
                deficit: p.deficit,
                gain_deficit: None,
            }
        })
        .collect();
    if let Some(r) = reference {
        let (ref_lost, ref_rev) = (out[r].lost_capacity, out[r].revenue_usd);
        let ref_fuels = out[r].fuels_t_per_day;
        let ref_exports = out[r].exports_lost_t_per_day;
        let ref_export_revenue = out[r].exports_revenue_lost_usd;
        let ref_deficit = out[r].deficit;
        for (i, s) in out.iter_mut().enumerate() {
            if i != r {
                s.gain_capacity = Some(ref_lost - s.lost_capacity);
                s.gain_revenue_usd = Some(s.revenue_usd - ref_rev);
                s.gain_fuels_t_per_day = ref_fuels
                    .zip(s.fuels_t_per_day)
                    .map(|(a, b)| std::array::from_fn(|p| a[p] - b[p]));
                s.gain_exports_lost_t_per_day = ref_exports
                    .zip(s.exports_lost_t_per_day)
                    .map(|(a, b)| a - b);
                s.gain_exports_revenue_lost_usd = ref_export_revenue
                    .zip(s.exports_revenue_lost_usd)
                    .map(|(a, b)| a - b);
                s.gain_deficit = ref_deficit
                    .zip(s.deficit)
                    .map(|(a, b)| crate::observed::power::DeficitGain(a.minus(&b)));
            }
        }
    }
    out
}

/// National offline capacity of all loaded strikes (what happened), for each day of
/// `window`; `NaN` after the latest loaded strike date, where the records end.
pub(crate) fn observed_offline(data: &Dataset, window: Window) -> Vec<f64> {
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

/// The outage timeline of observed strikes over the lookback window before the projection
/// (the history a chart draws before the as-of date), per asset, Mt/yr.
pub(crate) fn history_before(data: &Dataset, settings: &Settings) -> Timeline {
    let window = settings.lookback_window();
    let observed = data.strikes.iter().filter(|s| s.date <= settings.as_of);
    Timeline::build(&data.assets, observed, window)
}

/// A remark a reader of a projection needs; the command line and notebooks put it into words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "note")]
pub enum Note {
    /// No strike in the lookback window: the base rate is 0, and every scenario is the
    /// observed outages running out.
    NoLookbackStrikes {
        /// Lookback window, days.
        lookback_days: u32,
        /// Its last day.
        as_of: NaiveDate,
    },
    /// A truce that ends before the first projected day changes nothing.
    TruceBeforeProjection {
        /// The scenario.
        scenario: String,
        /// First day of its truce.
        start: NaiveDate,
        /// Truce length, days.
        days: u32,
        /// The first projected day.
        first_day: NaiveDate,
    },
    /// Every scenario has a truce: no reference for gains.
    NoReference,
    /// A truce that gives nothing back over the projected days, for a reason other than
    /// ending before them.
    TruceChangesNothing {
        /// The scenario.
        scenario: String,
        /// Why.
        why: Idle,
    },
    /// A scenario whose truce covers other groups only: for this group it is the same as
    /// no truce, and its gain is 0.
    TruceNotCovering {
        /// The scenario.
        scenario: String,
        /// The groups its truce covers.
        covers: Vec<String>,
    },
    /// A diversion share was set, but the group is not in Mt/yr: no crude goes unprocessed
    /// in its unit, so the share is not used.
    DiversionUnused {
        /// The share set.
        diversion: f64,
        /// The group's unit.
        unit: String,
    },
    /// The group has no price row: it has no revenue, and every money figure is left out
    /// (empty in tables, null in JSON, "n/a" in words).
    NoPrices {
        /// The group.
        group: String,
    },
    /// What the arrival model's fit says: a fallback to a simpler model and why, records it
    /// left out.
    Arrivals {
        /// The fit's words.
        message: String,
    },
    /// What the exports lost rest on: projected days whose exports are another month's,
    /// fuels without export figures, fuels valued at the product basket's price (MODEL.md,
    /// "Fuels").
    Exports {
        /// The words.
        message: String,
    },
    /// Projected days the power balance does not cover: the hours without power leave them
    /// out (MODEL.md, "Hours without power").
    Balance {
        /// The words.
        message: String,
    },
    /// Projected days after the month of the last price row: valued at that row.
    PricesEnd {
        /// The date of the last price row.
        last_row: NaiveDate,
        /// The first projected day after its month.
        first_day: NaiveDate,
        /// The last projected day.
        last_day: NaiveDate,
    },
}

impl Note {
    /// The note in words, as the command line prints it.
    pub fn words(&self) -> String {
        match self {
            Note::NoLookbackStrikes {
                lookback_days,
                as_of,
            } => format!(
                "no strikes in the {lookback_days} lookback days to {as_of}: the base rate is 0, and every scenario is the observed outages running out"
            ),
            Note::TruceBeforeProjection {
                scenario,
                start,
                days,
                first_day,
            } => format!(
                "{scenario}: the truce ({start} for {days} days) ends before the first projected day {first_day}, so it changes nothing (set --as-of before the truce)"
            ),
            Note::NoReference => {
                "every scenario has a truce: no reference for gains (add one named no-truce)".into()
            }
            Note::TruceChangesNothing { scenario, why } => match why {
                Idle::NoCompliance => format!(
                    "{scenario}: the truce's compliance is 0, so it prevents no strike and changes nothing"
                ),
                Idle::AfterProjection { start, last_day } => format!(
                    "{scenario}: the truce starts on {start}, after the last projected day {last_day}, so it changes nothing (set --until after the truce)"
                ),
                Idle::NoBaseRate => format!(
                    "{scenario}: the base rate is 0 (no strike in the lookback window), so the truce has no strike to prevent and changes nothing"
                ),
            },
            Note::TruceNotCovering { scenario, covers } => format!(
                "{scenario}: its truce covers {} only, so here it is the same as no truce (gain 0)",
                covers.join(", ")
            ),
            Note::DiversionUnused { diversion, unit } => format!(
                "diversion {diversion} is a share of refineries' unprocessed crude; capacity in {unit} has none, so it is not used"
            ),
            Note::Arrivals { message } => format!("arrivals: {message}"),
            Note::Exports { message } | Note::Balance { message } => message.clone(),
            Note::NoPrices { group } => format!(
                "no price row prices this group: it has no revenue here, so every money figure is n/a and no revenue chart is drawn (give --prices with rows of group {group})"
            ),
            Note::PricesEnd {
                last_row,
                first_day,
                last_day,
            } => format!(
                "the prices end with the row of {last_row}: the projected days {first_day} .. {last_day} are valued at it (give later prices to value them)"
            ),
        }
    }
}

/// Why a truce changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum Idle {
    /// Its compliance is 0: no strike is prevented.
    NoCompliance,
    /// It starts after the last projected day.
    AfterProjection {
        /// First day of the truce.
        start: NaiveDate,
        /// The last projected day.
        last_day: NaiveDate,
    },
    /// The base rate is 0: there is no strike to prevent.
    NoBaseRate,
}

impl Note {
    /// True for a note that means the run may not answer what was asked (a truce that
    /// changes nothing, days valued past the prices, no lookback strikes): the command
    /// line says it as a warning, before the tables, and `--strict` refuses it.
    pub fn is_warning(&self) -> bool {
        !matches!(
            self,
            Note::NoReference
                | Note::TruceNotCovering { .. }
                | Note::Exports { .. }
                | Note::Balance { .. }
        )
    }
}

/// The truces that give nothing back over the projected days (a truce that ends before
/// them has its own note).
fn idle_truces(
    settings: &Settings,
    base: &Baseline,
    summaries: &[Summary],
    notes: &[Note],
) -> Vec<Note> {
    let noted = |name: &str| {
        notes
            .iter()
            .any(|n| matches!(n, Note::TruceBeforeProjection { scenario, .. } if scenario == name))
    };
    settings
        .scenarios
        .iter()
        .zip(summaries)
        .filter_map(|(sc, summary)| {
            let t = sc.truce?;
            if summary.gain_capacity != Some(0.0) || noted(&sc.name) {
                return None;
            }
            let why = if t.start > base.window.last() {
                Idle::AfterProjection {
                    start: t.start,
                    last_day: base.window.last(),
                }
            } else if t.compliance == 0.0 {
                Idle::NoCompliance
            } else if base.lookback_strikes == 0 && !base.brings_strikes() {
                Idle::NoBaseRate
            } else {
                return None;
            };
            Some(Note::TruceChangesNothing {
                scenario: sc.name.clone(),
                why,
            })
        })
        .collect()
}

/// The remarks a projection's reader needs, in this order: no lookback strikes, truces
/// over before the projected days, no reference scenario, truces that prevent nothing,
/// and projected days after the last price row.
fn projection_notes(
    data: &Dataset,
    settings: &Settings,
    base: &Baseline,
    summaries: &[Summary],
) -> Vec<Note> {
    let mut notes = Vec::new();
    if base.lookback_strikes == 0 && !base.brings_strikes() {
        notes.push(Note::NoLookbackStrikes {
            lookback_days: settings.lookback_days,
            as_of: settings.as_of,
        });
    }
    for sc in &settings.scenarios {
        if let Some(t) = sc.truce {
            let end = t.start + chrono::Days::new(u64::from(t.days));
            if end <= base.window.start && !t.extended {
                notes.push(Note::TruceBeforeProjection {
                    scenario: sc.name.clone(),
                    start: t.start,
                    days: t.days,
                    first_day: base.window.start,
                });
            }
        }
    }
    if settings.reference().is_none() {
        notes.push(Note::NoReference);
    }
    notes.extend(idle_truces(settings, base, summaries, &notes));
    notes.extend(prices_end(data, base.window));
    if base.fuels.is_some() {
        let messages = crate::observed::fuels::exports_warning(&base.exports_other_months)
            .into_iter()
            .chain(crate::observed::fuels::exports_note(&base.exports))
            .chain(base.export_prices.as_ref().and_then(|p| p.note()));
        notes.extend(messages.map(|message| Note::Exports { message }));
    }
    if let Some(b) = &base.balance {
        let group = data
            .assets
            .as_slice()
            .first()
            .map_or("", |a| a.group.as_str());
        notes.extend(
            b.note(base.window, group)
                .map(|message| Note::Balance { message }),
        );
    }
    notes
}

/// The scenarios whose truce covers groups other than `group` only.
fn not_covering(settings: &Settings, group: &str) -> Vec<Note> {
    settings
        .scenarios
        .iter()
        .filter(|sc| {
            sc.truce.is_some()
                && !sc.covers.is_empty()
                && sc.covers.iter().all(|c| c.group != group)
        })
        .map(|sc| Note::TruceNotCovering {
            scenario: sc.name.clone(),
            covers: sc.covers.iter().map(|c| c.group.clone()).collect(),
        })
        .collect()
}

/// The note for projected days after the month of the last price row, if any.
fn prices_end(data: &Dataset, window: Window) -> Option<Note> {
    crate::observed::revenue::days_past_prices(data, window).map(
        |(last_row, first_day, last_day)| Note::PricesEnd {
            last_row,
            first_day,
            last_day,
        },
    )
}

/// The observed days before the as-of date that a projection shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedHistory {
    /// The lookback window's days.
    pub window: Window,
    /// National offline capacity per day, in the group's unit (Mt/yr for refineries).
    pub offline: Vec<f64>,
}

/// One scenario's results: its expected path, its summary and, with Monte Carlo, its bands.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The expected path, per day and asset.
    pub path: ScenarioPath,
    /// The summary over the projected days.
    pub summary: Summary,
    /// Monte Carlo bands, when paths were run.
    pub bands: Option<crate::projection::montecarlo_stats::ScenarioBands>,
}

impl ScenarioResult {
    /// Every money figure as `NaN`: a group with no prices has no revenue.
    fn leave_out_money(&mut self) {
        for r in &mut self.path.revenue {
            r.revenue_usd = f64::NAN;
            r.baseline_revenue_usd = f64::NAN;
            r.revenue_loss_usd = f64::NAN;
        }
        let s = &mut self.summary;
        s.revenue_usd = f64::NAN;
        s.revenue_loss_usd = f64::NAN;
        s.gain_revenue_usd = s.gain_revenue_usd.map(|_| f64::NAN);
        if let Some(b) = &mut self.bands {
            b.leave_out_money();
        }
    }
}

/// Everything a projection computes: expected paths, summaries, history before the
/// as-of date, the observed outcome where loaded, and Monte Carlo bands when asked.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The resolved settings.
    pub settings: Settings,
    /// The group projected (every figure is this group's).
    pub group: String,
    /// The unit of its capacity: capacities are in it, amounts in its amount unit (Mt for
    /// Mt/yr, GWh for MW).
    pub unit: Unit,
    /// The group's capacity, in `unit`.
    pub national_capacity: f64,
    /// Base rate, strikes per day.
    pub lambda: f64,
    /// Strikes in the lookback window.
    pub lookback_strikes: usize,
    /// The projected days.
    pub window: Window,
    /// Each scenario's results, in scenario order.
    pub scenarios: Vec<ScenarioResult>,
    /// Index of the reference scenario for gains.
    pub reference: Option<usize>,
    /// National offline capacity of observed strikes over the lookback window.
    pub history: ObservedHistory,
    /// Utilization-weighted national offline capacity over the lookback window, Mt/yr.
    pub history_w: Vec<f64>,
    /// The price row in effect on each day of the lookback window (`None`: no price row).
    pub history_prices: Vec<Option<PricePoint>>,
    /// What happened on the projected days, from strikes dated after the as-of date
    /// (`None` when none is loaded); `NaN` after the latest loaded strike.
    pub observed: Option<Vec<f64>>,
    /// The Monte Carlo run (paths and seed), when paths were run; each scenario's bands are
    /// in its [`ScenarioResult`].
    pub monte_carlo: Option<crate::projection::montecarlo::MonteCarloOptions>,
    /// With Monte Carlo: the band of national offline capacity over the lookback window,
    /// per day, over the same number of record draws and the same seed (path `p`'s past
    /// is record draw `p`).
    pub history_band: Option<Vec<crate::observed::draws::Band>>,
    /// Remarks a reader needs (for example: no lookback strikes).
    pub notes: Vec<Note>,
    /// Asset ids, in table order (for per-asset output).
    pub asset_ids: Vec<String>,
    /// False when the group has no price row: every money figure is `NaN` (no revenue,
    /// never another group's prices), with a [`Note::NoPrices`].
    pub priced: bool,
    /// The arrival model of new strikes, fitted to the strikes known at the as-of date:
    /// the model used, its parameters with their standard errors, and any fallback.
    pub arrivals: crate::projection::arrivals::Fitted,
    /// With Monte Carlo and `calibration = "conformal"`: the projections' track record
    /// and the levels at which the bands read the paths.
    pub calibration: Option<crate::projection::track::TrackRecord>,
    /// The base inputs shared by the scenarios.
    pub(crate) baseline: Baseline,
}

impl Projection {
    /// The expected path of every scenario (no Monte Carlo).
    pub fn new(data: &Dataset, settings: &Settings) -> Result<Self, Error> {
        project(data, settings, None, &|_| {})
    }

    /// The expected path and the Monte Carlo bands.
    pub fn with_monte_carlo(
        data: &Dataset,
        settings: &Settings,
        options: crate::projection::montecarlo::MonteCarloOptions,
    ) -> Result<Self, Error> {
        project(data, settings, Some(options), &|_| {})
    }

    /// The summary of the scenario named `name`.
    pub fn summary(&self, name: &str) -> Option<&Summary> {
        self.summaries().find(|s| s.scenario == name)
    }

    /// Every scenario's summary, in scenario order.
    pub fn summaries(&self) -> impl Iterator<Item = &Summary> {
        self.scenarios.iter().map(|s| &s.summary)
    }
}

/// Projects every scenario of `settings` over `data`: the expected path, and with
/// `monte_carlo` the bands. `progress` receives the number of finished paths.
pub fn project(
    data: &Dataset,
    settings: &Settings,
    monte_carlo: Option<crate::projection::montecarlo::MonteCarloOptions>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Projection, Error> {
    project_with(
        data,
        settings,
        MonteCarloRun::of(monte_carlo),
        Reads::Consequences,
        progress,
    )
}

/// [`project`] for a caller that reads capacity and revenue only (the studies): the fuels
/// and exports lost are not worked out, and their notes not given.
pub(crate) fn project_capacity(
    data: &Dataset,
    settings: &Settings,
    monte_carlo: Option<crate::projection::montecarlo::MonteCarloOptions>,
) -> Result<Projection, Error> {
    project_capacity_tracked(data, settings, monte_carlo, Track::WorkOut)
}

/// Where a projection's Monte Carlo bands come from.
pub(crate) enum MonteCarloRun<'a> {
    /// No Monte Carlo: the expected path only.
    None,
    /// Every path, run here.
    Paths(crate::projection::montecarlo::MonteCarloOptions),
    /// The merged statistics of shards that together ran every path of the run.
    Merged(
        crate::projection::montecarlo::MonteCarloOptions,
        &'a crate::projection::montecarlo_stats::GroupStats,
    ),
}

impl MonteCarloRun<'_> {
    /// Every path run here with `options`, or the expected path only.
    fn of(options: Option<crate::projection::montecarlo::MonteCarloOptions>) -> Self {
        options.map_or(MonteCarloRun::None, MonteCarloRun::Paths)
    }

    fn options(&self) -> Option<crate::projection::montecarlo::MonteCarloOptions> {
        match self {
            MonteCarloRun::None => None,
            MonteCarloRun::Paths(o) | MonteCarloRun::Merged(o, _) => Some(*o),
        }
    }
}

/// Each scenario's expected path, each on its own (the same numbers on any thread count).
fn expected_paths(base: &Baseline, settings: &Settings) -> Vec<ScenarioPath> {
    use rayon::prelude::*;
    settings
        .scenarios
        .par_iter()
        .map(|s| expected_path(base, s))
        .collect()
}

/// Utilization-weighted national offline capacity of the observed outages `before` the
/// as-of date, Mt/yr per day.
fn weighted_history(before: &Timeline, utilization: &[f64]) -> Vec<f64> {
    (0..before.window.days)
        .map(|d| {
            before
                .offline
                .iter()
                .zip(utilization)
                .map(|(s, u)| s[d] * u)
                .sum()
        })
        .collect()
}

/// [`project`], its Monte Carlo bands from `run`.
pub(crate) fn project_with(
    data: &Dataset,
    settings: &Settings,
    run: MonteCarloRun<'_>,
    reads: Reads,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Projection, Error> {
    project_tracked(data, settings, run, reads, progress, Track::WorkOut)
}

/// [`project_capacity`] with its track record given (`Track::Given`) or worked out.
pub(crate) fn project_capacity_tracked(
    data: &Dataset,
    settings: &Settings,
    monte_carlo: Option<crate::projection::montecarlo::MonteCarloOptions>,
    track: Track,
) -> Result<Projection, Error> {
    project_tracked(
        data,
        settings,
        MonteCarloRun::of(monte_carlo),
        Reads::Capacity,
        &|_| {},
        track,
    )
}

/// [`project_with`], its track record given or worked out.
fn project_tracked(
    data: &Dataset,
    settings: &Settings,
    run: MonteCarloRun<'_>,
    reads: Reads,
    progress: &(dyn Fn(u64) + Sync),
    track: Track,
) -> Result<Projection, Error> {
    let monte_carlo = run.options();
    let group = data.single_group()?;
    let uncovered = not_covering(settings, &group);
    let settings = &settings.for_group(&group);
    // The records' uncertainty is drawn only by a Monte Carlo run here.
    // The baseline and the history before it each go over every strike: side by side.
    let (base, before) = rayon::join(
        || match &run {
            MonteCarloRun::Paths(_) | MonteCarloRun::Merged(..) => {
                Baseline::new(data, settings, reads)
            }
            MonteCarloRun::None => Baseline::without_past(data, settings, reads),
        },
        || history_before(data, settings),
    );
    let base = base?;
    let paths = expected_paths(&base, settings);
    let national = base.national_capacity();
    let reference = settings.reference();
    let summaries = summarise(&paths, &base.unit, national, reference);
    let mut notes = projection_notes(data, settings, &base, &summaries);
    notes.extend(uncovered);
    if settings.diversion > 0.0 && base.unit != crate::units::Unit::Mtpa {
        notes.push(Note::DiversionUnused {
            diversion: settings.diversion,
            unit: base.unit.label().to_owned(),
        });
    }
    let (hwin, hist) = (before.window, before.national());
    let history_w = weighted_history(&before, &base.utilization);
    let history_prices = hwin.dates().map(|d| data.prices.at(d)).collect();
    let observed = data
        .strikes
        .iter()
        .any(|s| s.date > settings.as_of)
        .then(|| observed_offline(data, base.window));
    // Calibrated bands read the paths at the levels their track record earned, from the
    // records known at the as-of date (MODEL.md, "Calibration").
    let track = match track {
        Track::WorkOut => crate::projection::track::track_for(data, settings, monte_carlo)?,
        Track::Given(track) => track,
    };
    let levels = track
        .as_ref()
        .map_or(crate::projection::montecarlo_stats::NOMINAL_LEVELS, |t| {
            t.levels
        });
    // The scenarios' bands and the history band: from every path, run here (the paths and
    // the history band's record draws in one pass), or from the shards' merged statistics.
    let (mc, history_band) = match run {
        MonteCarloRun::None => (None, None),
        MonteCarloRun::Paths(o) => {
            if o.paths == 0 {
                return Err(Error::setting("paths", "at least 1 path", 0));
            }
            let stats = group_stats(&base, data, settings, &group, o.seed, 0..o.paths, progress);
            let history = series_of_stats(hwin, &stats.history).offline;
            let mc = from_accumulated(
                &base,
                &settings.scenarios,
                reference,
                o,
                stats.paths,
                levels,
            )?;
            (Some(mc), Some(history))
        }
        MonteCarloRun::Merged(o, stats) => {
            let paths = stats.paths.clone();
            let mc = from_accumulated(&base, &settings.scenarios, reference, o, paths, levels)?;
            (
                Some(mc),
                Some(series_of_stats(hwin, &stats.history).offline),
            )
        }
    };
    let mut bands = mc.map(|m| m.scenarios.into_iter());
    let scenarios: Vec<ScenarioResult> = paths
        .into_iter()
        .zip(summaries)
        .map(|(path, summary)| ScenarioResult {
            path,
            summary,
            bands: bands.as_mut().and_then(Iterator::next),
        })
        .collect();
    notes.extend(
        base.fitted
            .warnings
            .iter()
            .map(|w| Note::Arrivals { message: w.clone() }),
    );
    let mut scenarios = scenarios;
    if !base.priced {
        notes.push(Note::NoPrices {
            group: group.clone(),
        });
        scenarios
            .iter_mut()
            .for_each(ScenarioResult::leave_out_money);
    }
    Ok(Projection {
        priced: base.priced,
        arrivals: base.fitted.clone(),
        calibration: track,
        history_band,
        settings: settings.clone(),
        group,
        unit: base.unit.clone(),
        national_capacity: national,
        lambda: base.lambda,
        lookback_strikes: base.lookback_strikes,
        window: base.window,
        scenarios,
        reference,
        history: ObservedHistory {
            window: hwin,
            offline: hist,
        },
        history_w,
        history_prices,
        observed,
        monte_carlo,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Asset, PricePoint, Strike};
    use crate::projection::scenario::Truce;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn asset(id: &str, cap: f64) -> Asset {
        Asset {
            utilization: Some(1.0),
            ..Asset::new(id, id, cap)
        }
    }

    /// A: 100 Mt/yr, B: 10 Mt/yr (both utilization 1). Lookback Jan 1..10 holds two strikes:
    /// A 20 Mt/yr for 3 days, B 8 Mt/yr for 2 days: n = 2, lambda = 0.2/day, and each
    /// lookback strike is copied at 0.1 per projected day. Projection Jan 11..20.
    fn data() -> Dataset {
        Dataset::new(
            vec![asset("a", 100.0), asset("b", 10.0)],
            vec![
                Strike::new("s1", d("2025-01-02"), 0, 20.0, 3),
                Strike::new("s2", d("2025-01-05"), 1, 8.0, 2),
            ],
            vec![PricePoint::new(d("2025-01-01"), 500.0, 400.0)],
        )
    }

    fn settings(scenarios: Vec<Scenario>) -> Settings {
        Settings {
            as_of: d("2025-01-10"),
            until: d("2025-01-20"),
            lookback_days: 10,
            diversion: 0.0,
            default_utilization: 0.85,
            scenarios,
            rate_multiplier: 1.0,
            arrival_params: Vec::new(),
            arrivals: Default::default(),
            calibration: Default::default(),
            origin: Default::default(),
        }
    }

    fn settings_with(scenarios: Vec<Scenario>, as_of: &str) -> Settings {
        Settings {
            as_of: d(as_of),
            until: d(as_of) + chrono::Days::new(10),
            ..settings(scenarios)
        }
    }

    fn truce(days: u32, compliance: f64, extended: bool) -> Scenario {
        Scenario::with_truce(
            "t",
            Truce {
                start: d("2025-01-11"),
                days,
                compliance,
                extended,
            },
        )
    }

    fn run(data: &Dataset, s: &Scenario) -> ScenarioPath {
        let settings = settings(vec![s.clone()]);
        let base = Baseline::new(data, &settings, Reads::Consequences).unwrap();
        expected_path(&base, s)
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() < 1e-9, "day {i}: {x} != {y}\n{a:?}\n{b:?}");
        }
    }

    #[test]
    fn no_truce_by_hand() {
        let p = run(&data(), &Scenario::no_truce("n"));
        // A: 0.1 * 20 * min(i + 1, 3) = 2, 4, 6, 6, ...; B: 0.1 * 8 * min(i + 1, 2) = 0.8, 1.6, ...
        close(
            &p.asset_offline[0],
            &[2.0, 4.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0],
        );
        close(
            &p.asset_offline[1],
            &[0.8, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6],
        );
        close(
            &p.offline,
            &[2.8, 5.6, 7.6, 7.6, 7.6, 7.6, 7.6, 7.6, 7.6, 7.6],
        );
        close(&p.expected_strikes, &[0.2; 10]);
        // Revenue on day 0: 110 Mt/yr less 2.8 offline, at 500 USD/t.
        let r = p.revenue[0];
        assert!((r.throughput - 107.2e6 / 365.0).abs() < 1e-6);
        assert!((r.revenue_loss_usd - 2.8e6 / 365.0 * 500.0).abs() < 1e-3);
    }

    #[test]
    fn a_truce_that_blocks_every_strike() {
        let p = run(&data(), &truce(5, 1.0, false));
        // Nothing new on days 0..4; from day 5 strikes start again as on day 0 of no-truce.
        close(
            &p.offline,
            &[0.0, 0.0, 0.0, 0.0, 0.0, 2.8, 5.6, 7.6, 7.6, 7.6],
        );
        let e = run(&data(), &truce(5, 1.0, true));
        close(&e.offline, &[0.0; 10]);
    }

    #[test]
    fn partial_compliance_scales_the_rate() {
        let p = run(&data(), &truce(30, 0.5, false));
        close(
            &p.offline,
            &[1.4, 2.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8],
        );
        // 80 % compliance for 2 days: m = 0.2, 0.2, 1, 1, ...
        // A day 2: 0.1 * 20 * (0.2 + 0.2 + 1) = 2.8; B day 2: 0.1 * 8 * (0.2 + 1) = 0.96.
        let q = run(&data(), &truce(2, 0.8, false));
        assert!((q.asset_offline[0][2] - 2.8).abs() < 1e-9);
        assert!((q.asset_offline[1][2] - 0.96).abs() < 1e-9);
    }

    #[test]
    fn zero_lookback_strikes_leave_the_observed_outages() {
        // A long outage on A from Jan 9 (before the lookback of a later as-of) runs on.
        let data = Dataset::new(
            vec![asset("a", 100.0)],
            vec![Strike::new("s", d("2024-12-01"), 0, 30.0, 45)], // Dec 1 + 45 = Jan 15
            vec![PricePoint::new(d("2025-01-01"), 500.0, 400.0)],
        );
        let settings = settings(vec![Scenario::no_truce("n")]);
        let p = project(&data, &settings, None, &|_| {}).unwrap();
        assert_eq!(p.lambda, 0.0);
        // Jan 11..14 offline, back on Jan 15.
        close(
            &p.scenarios[0].path.offline,
            &[30.0, 30.0, 30.0, 30.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        );
        assert!(
            matches!(p.notes[0], Note::NoLookbackStrikes { .. }),
            "{:?}",
            p.notes
        );
        let late = settings_with(
            vec![Scenario::no_truce("n"), truce(3, 1.0, false)],
            "2025-01-20",
        );
        let p = project(&data, &late, None, &|_| {}).unwrap();
        assert!(
            p.notes
                .iter()
                .any(|n| matches!(n, Note::TruceBeforeProjection { .. })),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn the_cap_binds_per_asset() {
        // B at 1 Mt/yr: expected 0.8, 1.6, 1.6 ... is capped at 1.
        let mut data = data();
        data.assets = crate::data::Assets::new(vec![asset("a", 100.0), asset("b", 1.0)]);
        let p = run(&data, &Scenario::no_truce("n"));
        close(
            &p.asset_offline[1],
            &[0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        );
        close(
            &p.offline,
            &[2.8, 5.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0],
        );
    }

    #[test]
    fn summaries_and_gains_by_hand() {
        let settings = settings(vec![Scenario::no_truce("no-truce"), truce(5, 1.0, false)]);
        let p = project(&data(), &settings, None, &|_| {}).unwrap();
        let n = &p.scenarios[0].summary;
        let t = &p.scenarios[1].summary;
        // no-truce: 2.8 + 5.6 + 8 * 7.6 = 69.2 Mt/yr-days; truce: 2.8 + 5.6 + 3 * 7.6 = 31.2
        assert!((n.lost_capacity - 69.2 / 365.0).abs() < 1e-12);
        assert!((t.lost_capacity - 31.2 / 365.0).abs() < 1e-12);
        assert!((t.gain_capacity.unwrap() - 38.0 / 365.0).abs() < 1e-12);
        // revenue gain = 38 Mt/yr-days * 1e6 / 365 t * 500 USD/t
        assert!((t.gain_revenue_usd.unwrap() - 38.0e6 / 365.0 * 500.0).abs() < 1e-3);
        assert!(n.gain_capacity.is_none());
        assert!((n.mean_offline_share - 69.2 / 10.0 / 110.0).abs() < 1e-12);
    }

    #[test]
    fn diversion_earns_on_unprocessed_crude() {
        let mut s = settings(vec![Scenario::no_truce("n")]);
        s.diversion = 0.5;
        let p = project(&data(), &s, None, &|_| {}).unwrap();
        // Day 0: loss = 2.8e6/365 * (500 - 0.5 * 400) = 2.8e6/365 * 300
        let r = p.scenarios[0].path.revenue[0];
        assert!((r.revenue_loss_usd - 2.8e6 / 365.0 * 300.0).abs() < 1e-3);
    }
}
