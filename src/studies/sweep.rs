//! Sweeps: one projection per combination of a grid of settings (MODEL.md, "Sweeps").
//!
//! Every combination is projected with the reference scenario and one truce scenario; the
//! row keeps both summaries and, with Monte Carlo, the truce's bands. Combinations run in
//! parallel and come back in grid order, each with the same seed: the same bytes on any
//! thread count.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::data::Dataset;
use crate::error::Error;
use crate::projection::expected::{project_capacity_tracked, Summary};
use crate::projection::montecarlo::MonteCarloOptions;
use crate::projection::montecarlo_stats::ScenarioBands;
use crate::projection::scenario::{Scenario, Settings, Truce};
use crate::projection::track::{track_for, Track, TrackInputs};

/// The values each swept setting takes; an empty list keeps the base settings' value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SweepAxes {
    /// First day of the truce (empty: the base truce's, else the first projected day).
    pub truce_start: Vec<NaiveDate>,
    /// Truce length, days (empty: the base truce's, else 30).
    pub truce_days: Vec<u32>,
    /// Compliance, 0..=1 (empty: the base truce's, else 1).
    pub compliance: Vec<f64>,
    /// Lookback window, days.
    pub lookback_days: Vec<u32>,
    /// Share of the unrefined crude exported instead.
    pub diversion: Vec<f64>,
    /// Utilization of assets whose row gives none.
    pub default_utilization: Vec<f64>,
}

/// One combination of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepPoint {
    /// First day of the truce.
    pub truce_start: NaiveDate,
    /// Truce length, days.
    pub truce_days: u32,
    /// Compliance.
    pub compliance: f64,
    /// Lookback window, days.
    pub lookback_days: u32,
    /// Diversion.
    pub diversion: f64,
    /// Default utilization.
    pub default_utilization: f64,
}

/// One combination's results.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// The combination.
    pub point: SweepPoint,
    /// The truce scenario's summary, with its gains against the reference.
    pub truce: Summary,
    /// The reference (no truce) scenario's summary.
    pub reference: Summary,
    /// The truce scenario's Monte Carlo bands, when paths were run.
    pub bands: Option<ScenarioBands>,
}

/// Most combinations one sweep runs.
pub(crate) const MAX_COMBINATIONS: usize = 100_000;

impl SweepAxes {
    /// The settings swept over more than one value, in the order of `SWEPT`.
    pub fn varied(&self) -> Vec<&'static str> {
        [
            ("truce_start", self.truce_start.len()),
            ("truce_days", self.truce_days.len()),
            ("compliance", self.compliance.len()),
            ("lookback_days", self.lookback_days.len()),
            ("diversion", self.diversion.len()),
            ("default_utilization", self.default_utilization.len()),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(name, _)| name)
        .collect()
    }

    /// Every combination, the last axis fastest (start, days, compliance, lookback,
    /// diversion, utilization), with the base settings' values on empty axes.
    pub fn points(&self, base: &Settings) -> Result<Vec<SweepPoint>, Error> {
        let truce = base
            .scenarios()
            .iter()
            .find_map(|s| s.truce)
            .unwrap_or_else(|| Truce::new(base.first_day(), 30));
        let or = |values: &[f64], default: f64| {
            if values.is_empty() {
                vec![default]
            } else {
                values.to_vec()
            }
        };
        let or_u = |values: &[u32], default: u32| {
            if values.is_empty() {
                vec![default]
            } else {
                values.to_vec()
            }
        };
        let starts = if self.truce_start.is_empty() {
            vec![truce.start]
        } else {
            self.truce_start.clone()
        };
        let days = or_u(&self.truce_days, truce.days);
        let compliance = or(&self.compliance, truce.compliance);
        let lookback = or_u(&self.lookback_days, base.lookback_days());
        let diversion = or(&self.diversion, base.diversion());
        let utilization = or(&self.default_utilization, base.default_utilization());
        let count = [
            starts.len(),
            days.len(),
            compliance.len(),
            lookback.len(),
            diversion.len(),
            utilization.len(),
        ]
        .iter()
        .try_fold(1usize, |n, k| n.checked_mul(*k))
        .unwrap_or(usize::MAX);
        if count > MAX_COMBINATIONS {
            return Err(Error::setting(
                "sweep",
                format!("at most {MAX_COMBINATIONS} combinations"),
                count,
            ));
        }
        let mut points = Vec::with_capacity(count);
        for &truce_start in &starts {
            for &truce_days in &days {
                for &compliance in &compliance {
                    for &lookback_days in &lookback {
                        for &diversion in &diversion {
                            for &default_utilization in &utilization {
                                points.push(SweepPoint {
                                    truce_start,
                                    truce_days,
                                    compliance,
                                    lookback_days,
                                    diversion,
                                    default_utilization,
                                });
                            }
                        }
                    }
                }
            }
        }
        Ok(points)
    }
}

impl SweepPoint {
    /// The settings of this combination: the base's dates, its values, and two scenarios,
    /// `no-truce` and `truce` (checked like any settings).
    pub fn settings(&self, data: &Dataset, base: &Settings) -> Result<Settings, Error> {
        let extended = base
            .scenarios()
            .iter()
            .find_map(|s| s.truce)
            .is_some_and(|t| t.extended);
        let mut truce = Truce::new(self.truce_start, self.truce_days).compliance(self.compliance);
        truce.extended = extended;
        Settings::builder(data)
            .as_of(base.as_of())
            .until(base.until())
            .lookback_days(self.lookback_days)
            .diversion(self.diversion)
            .default_utilization(self.default_utilization)
            .scenario(Scenario::no_truce("no-truce"))
            .scenario(Scenario::with_truce("truce", truce))
            .build()
            .map(|s| s.with_model_of(base))
    }
}

/// Projects every combination of `axes` over `data` (one group) from `base`, in parallel,
/// in grid order; `progress` is told how many combinations are done.
pub fn sweep(
    data: &Dataset,
    base: &Settings,
    axes: &SweepAxes,
    monte_carlo: Option<MonteCarloOptions>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<SweepRow>, Error> {
    let group = data.single_group()?;
    let points = axes.points(base)?;
    // Every combination's settings are checked before any runs.
    let settings = points
        .iter()
        .map(|p| p.settings(data, base))
        .collect::<Result<Vec<_>, _>>()?;
    // A track record reads few of the settings (one per lookback here): each different one
    // is worked out once, in parallel, and shared by the combinations that read it.
    let inputs: Vec<TrackInputs> = settings
        .iter()
        .map(|s| TrackInputs::of(&s.for_group(&group)))
        .collect();
    let (firsts, shared) = share(&inputs);
    let tracks = firsts
        .par_iter()
        .map(|&i| track_for(data, &settings[i].for_group(&group), monte_carlo))
        .collect::<Result<Vec<_>, Error>>()?;
    let track_of = |i: usize| Track::Given(tracks[shared[i]].clone());
    let done = AtomicU64::new(0);
    points
        .par_iter()
        .zip(settings.par_iter())
        .enumerate()
        .map(|(i, (point, s))| {
            let p = project_capacity_tracked(data, s, monte_carlo, track_of(i))?;
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            let mut results = p.scenarios.into_iter();
            let reference = results.next().expect("no-truce is first");
            let truce = results.next().expect("truce is second");
            Ok(SweepRow {
                point: *point,
                truce: truce.summary,
                reference: reference.summary,
                bands: truce.bands,
            })
        })
        .collect()
}

/// The first of each different value of `items`, in order, and per item the position of
/// its value's first among them.
fn share<T: PartialEq>(items: &[T]) -> (Vec<usize>, Vec<usize>) {
    let mut firsts: Vec<usize> = Vec::new();
    let shared = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            firsts
                .iter()
                .position(|&f| items[f] == *item)
                .unwrap_or_else(|| {
                    firsts.push(i);
                    firsts.len() - 1
                })
        })
        .collect();
    (firsts, shared)
}

/// Parses a list of values, `10,30,60`, or an inclusive range, `START:END:STEP` (e.g.
/// `0:1:0.1`, 11 values); whole numbers only where `whole`.
pub(crate) fn parse_values(text: &str, whole: bool) -> Result<Vec<f64>, String> {
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && (!whole || v.fract() == 0.0))
            .ok_or_else(|| {
                format!(
                    "expected {} such as 10,30,60 or START:END:STEP, found \"{}\"",
                    if whole { "whole numbers" } else { "numbers" },
                    s.trim()
                )
            })
    };
    let parts: Vec<&str> = text.split(':').collect();
    match parts.as_slice() {
        [list] => list.split(',').map(number).collect(),
        [start, end, step] => {
            let (start, end, step) = (number(start)?, number(end)?, number(step)?);
            if step <= 0.0 {
                return Err(format!("expected a step > 0, found {step}"));
            }
            if end < start {
                return Err(format!(
                    "expected an end >= the start ({start}), found {end}"
                ));
            }
            // Inclusive of the end within a millionth of a step (0:1:0.1 ends on 1).
            let n = ((end - start) / step + 1e-6).floor() as usize + 1;
            if n > MAX_COMBINATIONS {
                return Err(format!(
                    "expected at most {MAX_COMBINATIONS} values, found {n}"
                ));
            }
            Ok((0..n)
                .map(|i| {
                    let v = start + step * i as f64;
                    // 0.1 * 3 is 0.30000000000000004: keep 12 significant decimals.
                    (v * 1e12).round() / 1e12
                })
                .collect())
        }
        _ => Err(format!(
            "expected a list such as 10,30,60 or a range START:END:STEP, found \"{text}\""
        )),
    }
}

/// Parses a list of days, `2025-03-18,2025-04-01`, or a range `START:END:STEP` with the
/// step in days (`2025-03-18:2025-04-17:7`).
pub(crate) fn parse_dates(text: &str) -> Result<Vec<NaiveDate>, String> {
    let date = |s: &str| {
        s.trim()
            .parse::<NaiveDate>()
            .map_err(|_| format!("expected a date YYYY-MM-DD, found \"{}\"", s.trim()))
    };
    let parts: Vec<&str> = text.split(':').collect();
    match parts.as_slice() {
        [list] => list.split(',').map(date).collect(),
        [start, end, step] => {
            let (start, end) = (date(start)?, date(end)?);
            let step: u64 =
                step.trim().parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    format!("expected a step of whole days > 0, found \"{step}\"")
                })?;
            if end < start {
                return Err(format!("expected an end on or after {start}, found {end}"));
            }
            Ok((0..)
                .map(|i| start + chrono::Days::new(i * step))
                .take_while(|d| *d <= end)
                .collect())
        }
        _ => Err(format!(
            "expected dates such as 2025-03-18,2025-04-01 or START:END:DAYS, found \"{text}\""
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::arrivals::Arrivals;
    use crate::projection::calibration::Calibration;
    use crate::projection::expected::project_capacity;

    /// Equal items share the first of them; each different one is worked out once.
    #[test]
    fn equal_items_share_their_first() {
        assert_eq!(
            share(&[5, 7, 5, 9, 7, 5]),
            (vec![0, 1, 3], vec![0, 1, 0, 2, 1, 0])
        );
        assert_eq!(share::<u8>(&[]), (vec![], vec![]));
    }

    /// A sweep works each track record out once (one per lookback here) and shares it:
    /// its rows are those of projecting each combination on its own, which works its own
    /// out.
    #[test]
    fn a_sweep_shares_its_track_records_and_gives_each_combination_s_projection() {
        let data = Dataset::bundled().unwrap().group("ru-refining").unwrap();
        let as_of: NaiveDate = "2025-03-17".parse().unwrap();
        let base = Settings::builder(&data)
            .as_of(as_of)
            .until(as_of + chrono::Days::new(60))
            .lookback_days(60)
            .scenario(Scenario::no_truce("no-truce"))
            .scenario(Scenario::with_truce(
                "truce",
                Truce::new(as_of + chrono::Days::new(1), 30),
            ))
            .build()
            .unwrap()
            .with_arrivals(Arrivals::Poisson)
            .with_calibration(Calibration::Conformal);
        let axes = SweepAxes {
            lookback_days: vec![30, 90],
            truce_days: vec![10, 30],
            ..SweepAxes::default()
        };
        let mc = Some(MonteCarloOptions {
            paths: 200,
            seed: 3,
        });
        let rows = sweep(&data, &base, &axes, mc, &|_| {}).unwrap();
        let points = axes.points(&base).unwrap();
        assert_eq!(rows.len(), 4);
        let mut pits = Vec::new();
        for (row, point) in rows.iter().zip(points) {
            let p = project_capacity(&data, &point.settings(&data, &base).unwrap(), mc).unwrap();
            let track = p.calibration.as_ref().expect("a track record");
            assert!(track.as_of.len() >= 2, "{:?}", track.as_of);
            pits.push((point.lookback_days, track.pit.clone()));
            let mut scenarios = p.scenarios.into_iter();
            let (reference, truce) = (scenarios.next().unwrap(), scenarios.next().unwrap());
            assert_eq!(row.point, point);
            assert_eq!(row.reference, reference.summary);
            assert_eq!(row.truce, truce.summary);
            assert!(row.bands.is_some());
            assert_eq!(row.bands, truce.bands);
        }
        // The two lookbacks' track records differ: each combination read its own.
        let pit_of = |days| pits.iter().find(|(d, _)| *d == days).map(|(_, p)| p);
        assert_ne!(pit_of(30), pit_of(90));
        assert!(pit_of(30).is_some());
    }

    #[test]
    fn values_parse_as_lists_and_inclusive_ranges() {
        assert_eq!(parse_values("10,30,60", true), Ok(vec![10.0, 30.0, 60.0]));
        let r = parse_values("0:1:0.1", false).unwrap();
        assert_eq!(r.len(), 11);
        assert_eq!(r[3], 0.3);
        assert_eq!(r[10], 1.0);
        assert_eq!(
            parse_values("10:90:20", true),
            Ok(vec![10.0, 30.0, 50.0, 70.0, 90.0])
        );
        assert!(parse_values("1:0:0.1", false).unwrap_err().contains("end"));
        assert!(parse_values("0:1:0", false)
            .unwrap_err()
            .contains("step > 0"));
        assert!(parse_values("0.5", true).unwrap_err().contains("whole"));
        assert!(parse_values("a,b", false).is_err());
        assert!(parse_values("0:1", false).is_err());
        assert_eq!(
            parse_dates("2025-03-01:2025-03-15:7").unwrap(),
            ["2025-03-01", "2025-03-08", "2025-03-15"]
                .map(|d| d.parse::<NaiveDate>().unwrap())
                .to_vec()
        );
        assert!(parse_dates("2025-03-15:2025-03-01:7").is_err());
    }
}
