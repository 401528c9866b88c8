//! A projection's track record (MODEL.md, "Calibration"): the projections the tool would have
//! made at earlier as-of dates with the records known then, each scored against what
//! followed; the levels its scores set read today's paths ([`LevelMap`]). The one check at a
//! past as-of date ([`Outcome`]) is the backtest's too.

use chrono::NaiveDate;
use serde::Serialize;

use crate::data::Dataset;
use crate::error::Error;
use crate::observed::draws::Band;
use crate::observed::figures::{DrawOptions, HistoryOptions};
use crate::observed::history::history;
use crate::projection::arrivals::Arrivals;
use crate::projection::baseline::{Baseline, Reads};
use crate::projection::calibration::{order_index, pit, Calibration, LevelMap};
use crate::projection::montecarlo::{lost_samples, MonteCarloOptions};
use crate::projection::scenario::{Scenario, Settings};

/// The horizon of a projection's track record, days: the lost capacity over the 90 days
/// after each past as-of date, as the backtest scores it by default.
pub const TRACK_HORIZON_DAYS: u32 = 90;
/// Days between a track record's as-of dates.
pub const TRACK_EVERY_DAYS: u32 = 7;
/// Monte Carlo paths of each past check of a track record.
pub const TRACK_PATHS: u64 = 2_000;

/// One as-of date: the records known then, and the lost capacity that followed.
pub(crate) struct Outcome {
    /// The as-of date.
    pub(crate) as_of: NaiveDate,
    /// The records dated up to it.
    pub(crate) known: Dataset,
    /// Lost capacity over `(as_of, as_of + horizon]` from all the records.
    pub(crate) observed: f64,
    /// Its band over record draws, when draws were asked for.
    pub(crate) observed_band: Option<Band>,
}

impl Outcome {
    /// The outcome at `as_of` over `horizon` days of `data`'s records.
    pub(crate) fn new(
        data: &Dataset,
        as_of: NaiveDate,
        horizon: u32,
        draws: Option<DrawOptions>,
    ) -> Result<Self, Error> {
        let seen = history(
            data,
            as_of + chrono::Days::new(1),
            as_of + chrono::Days::new(u64::from(horizon)),
            HistoryOptions {
                draws,
                ..Default::default()
            },
        )?;
        Ok(Outcome {
            as_of,
            known: data.known_by(as_of),
            observed: seen.lost_capacity,
            observed_band: seen.bands.map(|b| b.lost_capacity),
        })
    }

    /// The no-truce projection over the horizon from the records known at the as-of date
    /// with `lookback` and `arrivals`: its baseline, its scenario and each path's lost
    /// capacity, sorted.
    pub(crate) fn project(
        &self,
        horizon: u32,
        lookback: u32,
        arrivals: Arrivals,
        monte_carlo: MonteCarloOptions,
    ) -> Result<(Baseline, Scenario, Vec<f64>), Error> {
        let settings = Settings::builder(&self.known)
            .as_of(self.as_of)
            .until(self.as_of + chrono::Days::new(u64::from(horizon)))
            .lookback_days(lookback)
            .scenario(Scenario::no_truce("no-truce"))
            .build()?
            .with_arrivals(arrivals);
        let base = Baseline::new(&self.known, &settings, Reads::Capacity)?;
        let scenario = settings.scenarios()[0].clone();
        let sample = lost_samples(&base, &scenario, monte_carlo)?;
        Ok((base, scenario, sample))
    }
}

/// The as-of dates whose checks calibrate a projection at `as_of`: `as_of - every k` for
/// every `k` whose horizon has ended by `as_of` (`every k >= horizon`), back to the first of
/// `strikes` (none before a strike is known). Ascending.
pub(crate) fn track_dates(
    as_of: NaiveDate,
    first_strike: Option<NaiveDate>,
    horizon: u32,
    every: u32,
) -> Vec<NaiveDate> {
    let Some(first) = first_strike else {
        return Vec::new();
    };
    let every = every.max(1);
    let mut k = horizon.div_ceil(every);
    let mut dates = Vec::new();
    while let Some(d) = as_of.checked_sub_days(chrono::Days::new(u64::from(every * k))) {
        if d < first {
            break;
        }
        dates.push(d);
        k += 1;
    }
    dates.reverse();
    dates
}

/// A projection's track record: its past checks and the levels they set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackRecord {
    /// The method (`conformal`).
    pub method: Calibration,
    /// Horizon of each check, days.
    pub horizon_days: u32,
    /// Monte Carlo paths of each check.
    pub paths: u64,
    /// The past as-of dates checked, ascending.
    pub as_of: Vec<NaiveDate>,
    /// Each check's PIT: the share of its paths below what followed.
    pub pit: Vec<f64>,
    /// Share of checks whose observed value lay within the paths' own P10-P90.
    pub raw_coverage_80: f64,
    /// The levels at which the paths are read for P10 and P90.
    pub levels: [f64; 2],
}

/// What of a projection's settings its track record reads ([`track_for`]): the as-of
/// date, the lookback, the arrival model and the calibration. Projections of one group's
/// data whose settings agree on these, with the same Monte Carlo options, have the same
/// track record, which a study can work out once for them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TrackInputs {
    as_of: NaiveDate,
    lookback_days: u32,
    arrivals: Arrivals,
    calibration: Calibration,
}

impl TrackInputs {
    pub(crate) fn of(settings: &Settings) -> Self {
        TrackInputs {
            as_of: settings.as_of(),
            lookback_days: settings.lookback_days(),
            arrivals: settings.arrivals(),
            calibration: settings.calibration(),
        }
    }
}

/// A projection's track record: worked out by the projection, or given (what
/// [`track_for`] gives for its data, settings and Monte Carlo options) by a study whose
/// projections share it.
pub(crate) enum Track {
    WorkOut,
    Given(Option<TrackRecord>),
}

/// The track record a projection of `data` (one group) with `settings` reads its bands by:
/// with Monte Carlo paths (`monte_carlo`, whose seed it takes) and `calibration =
/// "conformal"`; `None` otherwise.
pub(crate) fn track_for(
    data: &Dataset,
    settings: &Settings,
    monte_carlo: Option<MonteCarloOptions>,
) -> Result<Option<TrackRecord>, Error> {
    match (monte_carlo, settings.calibration()) {
        (Some(o), Calibration::Conformal) => track_record(data, settings, o.seed).map(Some),
        _ => Ok(None),
    }
}

/// The track record of projections of `data` (one group) with `settings`' lookback and
/// arrival model, at the as-of dates [`track_dates`] gives for `settings`' as-of date, each
/// with [`TRACK_PATHS`] paths and `seed`, from the records known at the as-of date only.
fn track_record(data: &Dataset, settings: &Settings, seed: u64) -> Result<TrackRecord, Error> {
    let known = data.known_by(settings.as_of());
    let first = known.strikes.iter().map(|s| s.date).min();
    let dates = track_dates(
        settings.as_of(),
        first,
        TRACK_HORIZON_DAYS,
        TRACK_EVERY_DAYS,
    );
    let monte_carlo = MonteCarloOptions {
        paths: TRACK_PATHS,
        seed,
    };
    let mut pits = Vec::with_capacity(dates.len());
    let mut inside = 0usize;
    for &d in &dates {
        let outcome = Outcome::new(&known, d, TRACK_HORIZON_DAYS, None)?;
        let (_, _, sample) = outcome.project(
            TRACK_HORIZON_DAYS,
            settings.lookback_days(),
            settings.arrivals(),
            monte_carlo,
        )?;
        let y = outcome.observed;
        let (lo, hi) = (
            sample[order_index(0.1, sample.len())],
            sample[order_index(0.9, sample.len())],
        );
        inside += usize::from(lo <= y && y <= hi);
        pits.push(pit(&sample, y));
    }
    let map = LevelMap::from_pits(pits.iter().copied(), TRACK_PATHS);
    Ok(TrackRecord {
        method: Calibration::Conformal,
        horizon_days: TRACK_HORIZON_DAYS,
        paths: TRACK_PATHS,
        raw_coverage_80: if dates.is_empty() {
            f64::NAN
        } else {
            inside as f64 / dates.len() as f64
        },
        as_of: dates,
        levels: [map.level(0.1), map.level(0.9)],
        pit: pits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_dates_end_a_horizon_before_the_as_of_date_and_start_at_the_first_strike() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let dates = track_dates(d("2024-06-30"), Some(d("2024-02-01")), 90, 7);
        // 90 days is 13 weeks (91 days) back: 2024-03-31, then every week back to the
        // first week on or after 2024-02-01 (2024-02-04).
        assert_eq!(dates.last(), Some(&d("2024-03-31")));
        assert_eq!(dates.first(), Some(&d("2024-02-04")));
        assert_eq!(dates.len(), 9);
        assert!(track_dates(d("2024-06-30"), None, 90, 7).is_empty());
        assert!(track_dates(d("2024-03-01"), Some(d("2024-02-01")), 90, 7).is_empty());
    }
}
