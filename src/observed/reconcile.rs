//! Reconciling a published (volume, share) headline with the loaded data.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::observed::history::{history, History};

use crate::data::Dataset;
use crate::error::Error;
use crate::observed::figures::HistoryOptions;
use crate::units::Unit;

/// A published headline: `volume_mt` of lost processing, said to be `share` of capacity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Claim {
    /// Lost primary processing volume, Mt (capacity basis).
    pub volume_mt: f64,
    /// That volume as a share of national capacity over the same period (0..1).
    pub share: f64,
}

impl Claim {
    /// The headline of March 2025 that MODEL.md reconciles: "an estimated 3.3 million
    /// tonnes, or 4 %, of Russia's refining capacity" disabled since the start of the year.
    pub const HEADLINE_2025: Claim = Claim {
        volume_mt: 3.3,
        share: 0.04,
    };

    /// The first day of the headline's period: "since the start of the year".
    pub fn headline_2025_start() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a valid date")
    }
}

/// How the records meet a claim over the period it describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimVerdict {
    /// The records take no capacity offline in the period: nothing to check against.
    NoOutage,
    /// The records' volume is within 25 % of the claim, either way.
    Consistent,
    /// The records hold more outage than the claim counts (longer or larger outages, or
    /// outages the claim leaves out).
    RecordsAbove,
    /// The claim counts outages the records lack or size smaller.
    RecordsBelow,
}

/// What the data say about a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// The claim.
    pub claim: Claim,
    /// National capacity of the loaded assets, Mt/yr.
    pub national_capacity: f64,
    /// volume / share: the capacity of the period the claim describes, Mt.
    pub implied_denominator_mt: f64,
    /// Days of national capacity that make up the implied denominator:
    /// denominator / capacity * 365.
    pub implied_days: f64,
    /// The implied period: `from` and `implied_days` (rounded) days on.
    pub implied_period: History,
    /// The user's own period, when `--to` was given.
    pub given_period: Option<History>,
    /// Tool volume / claimed volume for the implied period.
    pub volume_ratio: f64,
    /// How the records meet the claim over the implied period.
    pub verdict: ClaimVerdict,
    /// How the period's first day was chosen: `given`, or the rule of [`default_from`]
    /// with the day it gave.
    pub start: String,
    /// What the reader should know: a period that runs past the last record (its later
    /// days count no strike, as no record reaches them).
    pub warnings: Vec<String>,
}

/// The longest period a claim may describe, days (100 years).
pub(crate) const MAX_IMPLIED_DAYS: f64 = 36_525.0;

/// Volumes within this ratio of the claim (either way) count as consistent.
pub(crate) const CONSISTENT_RATIO: f64 = 1.25;

/// The rule of the period's first day when none is given, in words.
pub(crate) const DEFAULT_FROM_RULE: &str =
    "January 1 of the year of the latest strike on or before the period's end";

/// Refuses a group whose capacity is not in Mt/yr: `what` compares figures in Mt of
/// refining, which a group in another unit cannot be read against. Returns the group.
pub(crate) fn refining_group(data: &Dataset, what: &str) -> Result<String, Error> {
    let group = data.single_group()?;
    let unit = data.assets.unit();
    if unit != Unit::Mtpa {
        return Err(Error::Usage(format!(
            "{what}: figures of refining in Mt, read against capacity in Mt/yr; group {group} \
             is in {}: choose a group in Mt/yr",
            unit.label()
        )));
    }
    Ok(group)
}

/// Start of the period when none is given: January 1 of the year of the latest strike
/// on or before `to` (headlines count "since the start of the year").
pub(crate) fn default_from(data: &Dataset, to: Option<NaiveDate>) -> Option<NaiveDate> {
    data.strikes
        .iter()
        .rev()
        .find(|s| to.is_none_or(|t| s.date <= t))
        .and_then(|s| NaiveDate::from_ymd_opt(s.date.year(), 1, 1))
}

impl Reconciliation {
    /// The verdict on the claim in a sentence.
    pub fn verdict_words(&self) -> String {
        let r = self;
        let p = &r.implied_period;
        let (from, to) = (p.from, p.to);
        let records = format!(
            "the records give {:.2} Mt ({:.1} %) for {from}..{to}, {:.0} % of the claimed {} Mt",
            p.lost_capacity,
            p.lost_capacity / p.period_capacity * 100.0,
            r.volume_ratio * 100.0,
            r.claim.volume_mt
        );
        match r.verdict {
            ClaimVerdict::NoOutage => format!(
                "the loaded strikes take no capacity offline from {from} to {to}: the claim cannot be checked against them"
            ),
            ClaimVerdict::Consistent => format!("consistent: {records}"),
            ClaimVerdict::RecordsAbove => format!(
                "not matched: {records}: the records hold more outage than the claim counts (longer or larger outages, or outages the claim leaves out)"
            ),
            ClaimVerdict::RecordsBelow => format!(
                "not matched: {records}: the claim counts outages the records lack or size smaller"
            ),
        }
    }
}

/// Reconciles `claim` with `data`, for the period starting `from` (and, when given, ending
/// `to`). Without `from` the period starts on [`default_from`], which the result states.
/// Only a group in Mt/yr can be read against a claim in Mt.
pub fn reconcile(
    data: &Dataset,
    claim: Claim,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    options: HistoryOptions,
) -> Result<Reconciliation, Error> {
    refining_group(data, "a claim of lost volume (volume_mt, share)")?;
    let (from, start) = match from {
        Some(f) => (f, "given".to_owned()),
        None => {
            let f = default_from(data, to).ok_or_else(|| {
                Error::setting(
                    "from",
                    "a first day of the period (no strike dates one by default)",
                    "none",
                )
            })?;
            (f, format!("{f}, the default: {DEFAULT_FROM_RULE}"))
        }
    };
    if !(claim.volume_mt > 0.0 && claim.volume_mt.is_finite()) {
        return Err(Error::setting(
            "volume_mt",
            "a volume in Mt > 0",
            claim.volume_mt,
        ));
    }
    if !(claim.share > 0.0 && claim.share <= 1.0) {
        return Err(Error::setting(
            "share",
            "a share with 0 < s <= 1 (4 % is 0.04)",
            claim.share,
        ));
    }
    let capacity = data.assets.total_capacity();
    let denominator = claim.volume_mt / claim.share;
    let implied_days = data.assets.unit().days_of(denominator, capacity);
    if !(implied_days.is_finite() && implied_days <= MAX_IMPLIED_DAYS) {
        return Err(Error::setting(
            "volume_mt",
            format!(
                "a volume / share that describes at most {MAX_IMPLIED_DAYS} days (100 years) of the loaded {capacity:.1} Mt/yr"
            ),
            format!(
                "{:e} / {:e} = {implied_days:.3e} days",
                claim.volume_mt, claim.share
            ),
        ));
    }
    let whole_days = implied_days.round().max(1.0) as u64;
    let implied_to = from + chrono::Days::new(whole_days - 1);
    let implied_period = history(data, from, implied_to, options)?;
    let given_period = to.map(|t| history(data, from, t, options)).transpose()?;
    let ratio = implied_period.lost_capacity / claim.volume_mt;
    let mut warnings = Vec::new();
    let last = data.strikes.iter().map(|s| s.date).max();
    let end = given_period
        .as_ref()
        .map_or(implied_to, |g| g.to.max(implied_to));
    if let Some(last) = last.filter(|&l| end > l) {
        warnings.push(format!(
            "the period runs to {end}, past the last record ({last}): its later days count \
             no strike, as no record reaches them"
        ));
    }
    let verdict = if implied_period.lost_capacity == 0.0 {
        ClaimVerdict::NoOutage
    } else if (1.0 / CONSISTENT_RATIO..=CONSISTENT_RATIO).contains(&ratio) {
        ClaimVerdict::Consistent
    } else if ratio > 1.0 {
        ClaimVerdict::RecordsAbove
    } else {
        ClaimVerdict::RecordsBelow
    };
    Ok(Reconciliation {
        claim,
        national_capacity: capacity,
        implied_denominator_mt: denominator,
        implied_days,
        implied_period,
        given_period,
        volume_ratio: ratio,
        verdict,
        start,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Asset, Strike};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_headline_pair_describes_a_quarter() {
        // 330 Mt/yr national; one 33 Mt/yr plant fully offline for 36.5 days = 3.3 Mt.
        let data = Dataset::new(
            vec![
                Asset::new("big", "Big", 33.0),
                Asset::new("rest", "Rest", 297.0),
            ],
            vec![Strike::new("s", d("2025-01-10"), 0, 33.0, 36)],
            vec![],
        );
        let r = reconcile(
            &data,
            Claim {
                volume_mt: 3.3,
                share: 0.04,
            },
            Some(d("2025-01-01")),
            None,
            HistoryOptions::default(),
        )
        .unwrap();
        assert!((r.implied_denominator_mt - 82.5).abs() < 1e-12);
        // 82.5 / 330 * 365 = 91.25 days -> Jan 1 .. Apr 1 (91 days)
        assert!((r.implied_days - 91.25).abs() < 1e-12);
        assert_eq!(r.implied_period.to, d("2025-04-01"));
        // 33 * 36 / 365 = 3.2548 Mt
        assert!((r.implied_period.lost_capacity - 33.0 * 36.0 / 365.0).abs() < 1e-12);
        assert_eq!(r.verdict, ClaimVerdict::Consistent);
        assert!(reconcile(
            &data,
            Claim {
                volume_mt: 3.3,
                share: 4.0
            },
            Some(d("2025-01-01")),
            None,
            HistoryOptions::default()
        )
        .is_err());
        assert_eq!(default_from(&data, None), Some(d("2025-01-01")));
    }

    #[test]
    fn the_default_start_is_stated_and_a_period_past_the_records_warned() {
        // 365 Mt/yr; the latest strike 2026-01-10: the default period starts 2026-01-01,
        // and 1 Mt at 1 % is 100 Mt, 100 days of capacity, to 2026-04-10, past that strike.
        let data = Dataset::new(
            vec![Asset::new("a", "A", 365.0)],
            vec![
                Strike::new("s1", d("2025-02-01"), 0, 36.5, 10),
                Strike::new("s2", d("2026-01-10"), 0, 36.5, 10),
            ],
            vec![],
        );
        let claim = Claim {
            volume_mt: 1.0,
            share: 0.01,
        };
        let r = reconcile(&data, claim, None, None, Default::default()).unwrap();
        assert_eq!(r.implied_period.from, d("2026-01-01"));
        assert_eq!(r.implied_period.to, d("2026-04-10"));
        assert_eq!(
            r.start,
            format!("2026-01-01, the default: {DEFAULT_FROM_RULE}")
        );
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.warnings[0].contains("past the last record (2026-01-10)"),
            "{:?}",
            r.warnings
        );
        // Ending on the claim's day picks that year, within the records: no warning.
        let r = reconcile(
            &data,
            claim,
            None,
            Some(d("2025-03-17")),
            Default::default(),
        );
        let r = r.unwrap();
        assert_eq!(r.implied_period.from, d("2025-01-01"));
        assert_eq!(r.implied_period.to, d("2025-04-10"));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        // 36.5 Mt/yr for 10 days = 1 Mt lost.
        assert!((r.implied_period.lost_capacity - 1.0).abs() < 1e-12);
        let r = reconcile(
            &data,
            claim,
            Some(d("2025-01-01")),
            None,
            Default::default(),
        );
        assert_eq!(r.unwrap().start, "given");
    }

    #[test]
    fn a_group_in_another_unit_is_refused_by_name() {
        let mut plant = Asset::new("p", "Plant", 1000.0);
        plant.unit = Unit::Mw;
        plant.group = "grid".into();
        let data = Dataset::new(
            vec![plant],
            vec![Strike::new("s", d("2025-01-01"), 0, 100.0, 3)],
            vec![],
        );
        let claim = Claim {
            volume_mt: 3.3,
            share: 0.04,
        };
        let e = reconcile(&data, claim, None, None, Default::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a claim of lost volume (volume_mt, share): figures of refining in Mt, read against \
             capacity in Mt/yr; group grid is in MW: choose a group in Mt/yr"
        );
    }

    #[test]
    fn errors_name_settings_not_flags() {
        let data = Dataset::new(
            vec![Asset::new("a", "A", 10.0)],
            vec![Strike::new("s", d("2025-01-01"), 0, 1.0, 3)],
            vec![],
        );
        let claim = Claim {
            volume_mt: 3.3,
            share: 4.0,
        };
        let e = reconcile(
            &data,
            claim,
            Some(d("2025-01-01")),
            None,
            Default::default(),
        )
        .unwrap_err();
        assert!(matches!(e, Error::Setting { name: "share", .. }), "{e}");
        assert!(!e.to_string().contains("--"), "{e}");
        let e = crate::projection::scenario::Settings::builder(&data)
            .diversion(2.0)
            .scenario(crate::projection::scenario::Scenario::no_truce("n"))
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("diversion (given): expected a share from 0 to 1"),
            "{e}"
        );
        assert!(!e.contains("--"), "{e}");
    }
}
