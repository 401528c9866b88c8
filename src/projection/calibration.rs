//! Bands calibrated by their track record (MODEL.md, "Calibration"): the projections the
//! tool would have made at past as-of dates, scored against what followed, set the levels at
//! which today's paths are read so that the P10-P90 band holds what it promises.
//!
//! The method is split conformal prediction on the central intervals: each past check's
//! score is the smallest central interval of its paths that held the observed value,
//! `|2 PIT - 1|`; today's central interval of nominal level `b` is read at the level the
//! past scores reached in a share `b` of checks (with the finite-sample correction).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How a projection's bands are read from its paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calibration {
    /// The paths' own percentiles: P10 is the 10th percentile of the paths.
    #[default]
    None,
    /// Levels set by the track record of past checks (split conformal prediction).
    Conformal,
}

impl Calibration {
    /// Every method, in the order of the names in error messages.
    pub const ALL: [Calibration; 2] = [Calibration::None, Calibration::Conformal];

    /// The method's name: `none` or `conformal`.
    pub fn name(self) -> &'static str {
        match self {
            Calibration::None => "none",
            Calibration::Conformal => "conformal",
        }
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a calibration method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCalibration(pub String);

impl fmt::Display for UnknownCalibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Calibration::ALL.iter().map(|c| c.name()).collect();
        write!(
            f,
            "expected a calibration ({}), found \"{}\"",
            names.join(", "),
            self.0
        )
    }
}

impl FromStr for Calibration {
    type Err = UnknownCalibration;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Calibration::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| UnknownCalibration(s.to_owned()))
    }
}

/// The calibrated reading of a predictive distribution: the sorted scores
/// `|2 PIT - 1|` of past checks, and the levels they set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelMap {
    /// Past checks' scores, ascending (none: every band is the paths' whole range).
    scores: Vec<f64>,
    /// Paths of each past check: a level is read no further out than half a path from
    /// either end (`1 / (2 paths)`), the furthest a check's paths resolve, so that a band
    /// that must take in every path of the past checks reads the same quantile whatever
    /// the number of paths run now.
    paths: u64,
}

impl LevelMap {
    /// The map set by past checks' PIT values (each in [0, 1]), each check of `paths`
    /// paths.
    pub fn from_pits(pits: impl IntoIterator<Item = f64>, paths: u64) -> Self {
        let mut scores: Vec<f64> = pits.into_iter().map(|u| (2.0 * u - 1.0).abs()).collect();
        scores.sort_by(f64::total_cmp);
        LevelMap {
            scores,
            paths: paths.max(1),
        }
    }

    /// Past checks behind the map.
    pub fn checks(&self) -> usize {
        self.scores.len()
    }

    /// The central level at which the paths are read for a calibrated central interval of
    /// nominal level `b` in [0, 1]: the `ceil((n + 1) b)`-th smallest of the `n` scores, 0
    /// when that rank is 0, and 1 (the paths' whole range) when it passes `n`.
    pub fn central(&self, b: f64) -> f64 {
        let n = self.scores.len();
        // A rank within rounding of an integer is that integer: (n + 1) * 0.8 with n = 4
        // is 4, not 4.000000000000001.
        let rank = ((n as f64 + 1.0) * b - 1e-9).ceil().max(0.0) as usize;
        match rank {
            0 => 0.0,
            k if k > n => 1.0,
            k => self.scores[k - 1],
        }
    }

    /// The level of the paths' distribution at which its calibrated `p` quantile is read:
    /// `1/2 + sign(p - 1/2) central(|2p - 1|) / 2`, within `[1 / (2 m), 1 - 1 / (2 m)]` for
    /// past checks of `m` paths.
    pub fn level(&self, p: f64) -> f64 {
        let c = self.central((2.0 * p - 1.0).abs());
        let edge = 0.5 / self.paths as f64;
        let level = if p >= 0.5 {
            0.5 + c / 2.0
        } else {
            0.5 - c / 2.0
        };
        level.clamp(edge, 1.0 - edge)
    }

    /// The calibrated ensemble of an ascending sample of `n` paths: member `i` is the
    /// sample's order statistic at level `level((i + 1/2) / n)` (the inverse of its
    /// empirical distribution, rank `ceil(n q)`), so that the ensemble's quantiles are the
    /// calibrated quantiles and any score of it scores the calibrated distribution.
    pub fn calibrate(&self, sorted: &[f64]) -> Vec<f64> {
        let n = sorted.len();
        (0..n)
            .map(|i| {
                let q = self.level((i as f64 + 0.5) / n as f64);
                sorted[order_index(q, n)]
            })
            .collect()
    }
}

/// The index of the `q` quantile of `n` sorted values by the inverse of the empirical
/// distribution: rank `ceil(n q)` (at least 1), from 0.
pub(crate) fn order_index(q: f64, n: usize) -> usize {
    ((q * n as f64 - 1e-9).ceil().max(1.0) as usize).min(n) - 1
}

/// Share of `sorted` below `y`, ties counting half (the mid-rank PIT).
pub(crate) fn pit(sorted: &[f64], y: f64) -> f64 {
    let below = sorted.partition_point(|x| *x < y);
    let not_above = sorted.partition_point(|x| *x <= y);
    (below as f64 + (not_above - below) as f64 / 2.0) / sorted.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_an_unknown_one_lists_them() {
        for c in Calibration::ALL {
            assert_eq!(c.name().parse::<Calibration>().unwrap(), c);
        }
        let e = "isotonic".parse::<Calibration>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected a calibration (none, conformal), found \"isotonic\""
        );
    }

    /// Four past scores 0.2, 0.5, 0.9, 1.0 (PITs 0.6, 0.25, 0.05, 1.0): the 80 % central
    /// interval is read at rank ceil(5 * 0.8) = 4, the score 1.0 (the whole range); the
    /// 50 % at rank ceil(2.5) = 3, 0.9; the 20 % at rank 1, 0.2; the median at rank 0.
    #[test]
    fn levels_by_hand() {
        let m = LevelMap::from_pits([0.6, 0.25, 0.05, 1.0], 1000);
        assert_eq!(m.checks(), 4);
        assert_eq!(m.central(0.8), 1.0);
        assert!((m.central(0.5) - 0.9).abs() < 1e-12);
        assert!((m.central(0.2) - 0.2).abs() < 1e-12);
        assert_eq!(m.central(0.0), 0.0);
        assert_eq!(m.level(0.5), 0.5);
        // The whole range, as far as checks of 1,000 paths resolve it.
        assert_eq!(m.level(0.1), 0.0005);
        assert_eq!(m.level(0.9), 0.9995);
        assert!((m.level(0.25) - 0.05).abs() < 1e-12);
        assert!((m.level(0.75) - 0.95).abs() < 1e-12);
        // Nine scores: the 80 % interval at rank 8.
        let m = LevelMap::from_pits((1..=9).map(|i| 0.5 + f64::from(i) / 20.0), 1000);
        assert!((m.central(0.8) - 0.8).abs() < 1e-12);
        assert!((m.level(0.9) - 0.9).abs() < 1e-12);
        // No checks: every interval is the whole range.
        assert_eq!(LevelMap::from_pits([], 1000).level(0.6), 0.9995);
    }

    #[test]
    fn the_calibrated_ensemble_by_hand() {
        let x = [1.0, 2.0, 3.0, 4.0];
        // Scores all 1 (every past outcome beyond the paths): every member but the middle
        // goes to the extremes. Levels at (i + 1/2) / 4 = 1/8, 3/8, 5/8, 7/8: central
        // intervals 3/4, 1/4, 1/4, 3/4 read at rank ceil(3 * 3/4) = 3 > 2 and
        // ceil(3 * 1/4) = 1, both score 1: levels 0, 0, 1, 1.
        let m = LevelMap::from_pits([1.0, 0.0], 4);
        assert_eq!(m.calibrate(&x), vec![1.0, 1.0, 4.0, 4.0]);
        // Scores all 0 (every outcome at the median): every member is the median's order
        // statistic, rank ceil(4 / 2) = 2.
        let m = LevelMap::from_pits([0.5; 9], 4);
        assert_eq!(m.calibrate(&x), vec![2.0; 4]);
    }

    /// Split conformal coverage: PITs of a forecast that is far too narrow (outcomes twice
    /// as spread as its paths) give levels whose band holds about 80 % of new outcomes, where
    /// the paths' own P10-P90 holds about half.
    #[test]
    fn conformal_levels_hold_what_they_promise_on_exchangeable_checks() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let logistic = |u: f64| (u / (1.0 - u)).ln();
        // The forecast: 1,000 paths at the logistic distribution's quantiles; outcomes
        // from the logistic at twice the scale (their P10-P90 lies within the paths' range).
        let paths: Vec<f64> = (0..1000)
            .map(|i| logistic((f64::from(i) + 0.5) / 1000.0))
            .collect();
        let mut outcome = || 2.0 * logistic(rng.random::<f64>().clamp(1e-12, 1.0 - 1e-12));
        let (mut held, mut held_raw) = (0, 0);
        let trials = 2000;
        for _ in 0..trials {
            let past: Vec<f64> = (0..19).map(|_| pit(&paths, outcome())).collect();
            let m = LevelMap::from_pits(past, 1000);
            let ens = m.calibrate(&paths);
            let at = |q: f64| ens[order_index(q, ens.len())];
            let y = outcome();
            held += usize::from(at(0.1) <= y && y <= at(0.9));
            held_raw += usize::from(paths[99] <= y && y <= paths[899]);
        }
        let (share, raw) = (
            held as f64 / f64::from(trials),
            held_raw as f64 / f64::from(trials),
        );
        // Conformal promises 16/20 = 80 % to 85 % over exchangeable checks.
        assert!((0.76..=0.88).contains(&share), "{share}");
        assert!((0.4..=0.6).contains(&raw), "{raw}");
    }
}
