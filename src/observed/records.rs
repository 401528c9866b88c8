//! Record uncertainty: what each strike record may have been, and draws of the whole record
//! set (MODEL.md, "Record uncertainty").
//!
//! * A reported figure is fixed, or uniform over the range the record gives.
//! * A default figure is drawn from the reported figures of the loaded records it was derived
//!   from: outage lengths from the reported outages of the same class of hit (whole plant,
//!   primary unit, unknown), or of all classes when that class has fewer than
//!   [`MIN_POOL`] reported outages; shares from the reported partial outages.
//! * A record may have had no effect at all, with probability `1 - p_effect`.
//!
//! Draw `i` of seed `s` uses its own ChaCha8 stream ([`record_rng`]), so a draw does not
//! depend on which thread computes it, and the same stream is the past of Monte Carlo path
//! `i` in a projection.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::data::strikes::MIN_POOL;
use crate::data::{Basis, Confidence, Dataset, Hit, Strike};
use crate::observed::timeline::Outage;

/// Probability that a low-confidence record with no `p_effect` had the recorded effect
/// (derived in MODEL.md from the review of the bundled records).
pub(crate) const P_EFFECT_LOW: f64 = 0.5;
/// Record draws use the ChaCha8 streams from this one on (`RECORD_STREAM + draw`), apart
/// from the streams of Monte Carlo arrivals (`0, 1, 2, ...`).
pub(crate) const RECORD_STREAM: u64 = 1 << 63;

/// The random generator of record draw `draw` under `seed`.
pub(crate) fn record_rng(seed: u64, draw: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(RECORD_STREAM.wrapping_add(draw));
    rng
}

/// How the outage length of one record is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LengthDraw {
    /// The recorded length.
    Fixed,
    /// Uniform over whole days `low..=high`.
    Range(u32, u32),
    /// One of the reported lengths of this class of hit (`None`: of all classes).
    Reported(Option<Hit>),
}

/// How the capacity disabled by one record is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DisabledDraw {
    /// The recorded capacity.
    Fixed,
    /// A share of the asset's capacity, uniform over `low..high`.
    ShareRange(f64, f64),
    /// One of the reported partial shares, times the asset's capacity.
    ReportedShare,
}

/// What a draw may make of one record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spread {
    /// Probability that the record had its effect at all.
    pub p_effect: f64,
    /// The outage length.
    pub length: LengthDraw,
    /// The capacity disabled.
    pub disabled: DisabledDraw,
}

impl Spread {
    /// True when every draw gives the recorded figures.
    pub(crate) fn is_fixed(&self) -> bool {
        self.p_effect >= 1.0
            && self.length == LengthDraw::Fixed
            && self.disabled == DisabledDraw::Fixed
    }
}

/// Counts of what the draws vary, for reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SpreadCounts {
    /// Records whose figures vary between draws.
    pub varied: usize,
    /// Records with a default outage length, drawn from reported lengths.
    pub default_length: usize,
    /// Records with a default share, drawn from reported shares.
    pub default_share: usize,
    /// Records with a reported range of length or share.
    pub ranged: usize,
    /// Records that may have had no effect (`p_effect < 1`).
    pub maybe_no_effect: usize,
}

/// The uncertainty of every record of a dataset, aligned with `data.strikes`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecordUncertainty {
    spreads: Vec<Spread>,
    /// Reported outage lengths per class of hit, in [`Hit::ALL`] order, and of all classes.
    lengths: [Vec<u32>; 3],
    all_lengths: Vec<u32>,
    /// Reported partial shares (below 1).
    shares: Vec<f64>,
}

impl RecordUncertainty {
    /// The uncertainty of `data`'s records, as MODEL.md defines it.
    pub(crate) fn of(data: &Dataset) -> Self {
        let reported = |b: Option<Basis>| b.is_none_or(|b| b != Basis::Default);
        let mut lengths: [Vec<u32>; 3] = Default::default();
        let mut all_lengths = Vec::new();
        let mut shares = Vec::new();
        for s in &data.strikes {
            let c = &s.certainty();
            if reported(c.outage_basis) {
                lengths[hit_index(c.hit)].push(s.repair_days);
                all_lengths.push(s.repair_days);
            }
            let share = s.disabled / data.asset_of(s).in_service();
            if reported(c.disabled_basis) && share < 1.0 - 1e-9 {
                shares.push(share);
            }
        }
        let spreads = data
            .strikes
            .iter()
            .map(|s| {
                let c = &s.certainty();
                let length = match (c.repair_days_range, c.outage_basis) {
                    (Some((lo, hi)), _) if lo < hi => LengthDraw::Range(lo, hi),
                    (Some(_), _) => LengthDraw::Fixed,
                    (None, Some(Basis::Default)) => {
                        if lengths[hit_index(c.hit)].len() >= MIN_POOL {
                            LengthDraw::Reported(Some(c.hit.unwrap_or(Hit::Unknown)))
                        } else if !all_lengths.is_empty() {
                            LengthDraw::Reported(None)
                        } else {
                            LengthDraw::Fixed
                        }
                    }
                    (None, _) => LengthDraw::Fixed,
                };
                let disabled = match (c.disabled_share_range, c.disabled_basis) {
                    (Some((lo, hi)), _) if lo < hi => DisabledDraw::ShareRange(lo, hi),
                    (Some(_), _) => DisabledDraw::Fixed,
                    (None, Some(Basis::Default)) if !shares.is_empty() => {
                        DisabledDraw::ReportedShare
                    }
                    (None, _) => DisabledDraw::Fixed,
                };
                let p_effect = c.p_effect.unwrap_or(match s.confidence {
                    Some(Confidence::Low) => P_EFFECT_LOW,
                    _ => 1.0,
                });
                Spread {
                    p_effect,
                    length,
                    disabled,
                }
            })
            .collect();
        RecordUncertainty {
            spreads,
            lengths,
            all_lengths,
            shares,
        }
    }

    /// The spread of record `i` of the dataset.
    pub(crate) fn spread(&self, i: usize) -> &Spread {
        &self.spreads[i]
    }

    /// What the draws vary.
    pub(crate) fn counts(&self) -> SpreadCounts {
        let mut c = SpreadCounts::default();
        for s in &self.spreads {
            c.varied += usize::from(!s.is_fixed());
            c.default_length += usize::from(matches!(s.length, LengthDraw::Reported(_)));
            c.default_share += usize::from(s.disabled == DisabledDraw::ReportedShare);
            c.ranged += usize::from(
                matches!(s.length, LengthDraw::Range(..))
                    || matches!(s.disabled, DisabledDraw::ShareRange(..)),
            );
            c.maybe_no_effect += usize::from(s.p_effect < 1.0);
        }
        c
    }

    /// The reported outage lengths a default of class `hit` draws from (`None`: all).
    pub(crate) fn reported_lengths(&self, hit: Option<Hit>) -> &[u32] {
        match hit {
            Some(h) => &self.lengths[hit_index(Some(h))],
            None => &self.all_lengths,
        }
    }

    /// The longest outage a draw of record `i` (`strike`) can give, days.
    pub(crate) fn max_days(&self, i: usize, strike: &Strike) -> u32 {
        match self.spreads[i].length {
            LengthDraw::Fixed => strike.repair_days,
            LengthDraw::Range(_, hi) => hi,
            LengthDraw::Reported(hit) => self
                .reported_lengths(hit)
                .iter()
                .copied()
                .max()
                .unwrap_or(strike.repair_days),
        }
    }

    /// One draw of record `i` (`strike`, on an asset of `capacity_mtpa`): its outage, with
    /// zero capacity when the draw says it had no effect. Fixed records use no random number.
    pub(crate) fn draw(
        &self,
        i: usize,
        strike: &Strike,
        capacity: f64,
        rng: &mut impl Rng,
    ) -> Outage {
        let spread = &self.spreads[i];
        let mut outage = Outage::from(strike);
        if spread.p_effect < 1.0 && rng.random::<f64>() >= spread.p_effect {
            outage.mtpa = 0.0;
        }
        match spread.disabled {
            DisabledDraw::Fixed => {}
            DisabledDraw::ShareRange(lo, hi) => {
                let u: f64 = rng.random();
                outage.mtpa = keep_zero(outage.mtpa, (lo + (hi - lo) * u) * capacity);
            }
            DisabledDraw::ReportedShare => {
                let s = pick(&self.shares, rng);
                outage.mtpa = keep_zero(outage.mtpa, s * capacity);
            }
        }
        match spread.length {
            LengthDraw::Fixed => {}
            LengthDraw::Range(lo, hi) => outage.days = rng.random_range(lo..=hi),
            LengthDraw::Reported(hit) => outage.days = *pick(self.reported_lengths(hit), rng),
        }
        outage
    }
}

/// A record drawn as having no effect keeps zero capacity whatever its share draw.
fn keep_zero(current: f64, drawn: f64) -> f64 {
    if current == 0.0 {
        0.0
    } else {
        drawn
    }
}

/// A uniform pick; drawn as u32 so the stream is the same on 32- and 64-bit machines.
fn pick<'a, T>(values: &'a [T], rng: &mut impl Rng) -> &'a T {
    &values[rng.random_range(0..values.len() as u32) as usize]
}

fn hit_index(hit: Option<Hit>) -> usize {
    hit.unwrap_or(Hit::Unknown) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{strikes::Certainty, Asset};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn strike(id: &str, days: u32, certainty: Certainty) -> Strike {
        Strike::new(id, d("2025-01-01"), 0, 5.0, days).with_certainty(certainty)
    }

    fn reported(hit: Hit) -> Certainty {
        Certainty {
            outage_basis: Some(Basis::Reported),
            hit: Some(hit),
            ..Certainty::default()
        }
    }

    #[test]
    fn a_default_length_is_drawn_from_the_reported_lengths_of_its_class() {
        let default_unit = Certainty {
            outage_basis: Some(Basis::Default),
            hit: Some(Hit::Unit),
            ..Certainty::default()
        };
        let data = Dataset::new(
            vec![Asset::new("a", "A", 10.0)],
            vec![
                strike("u1", 10, reported(Hit::Unit)),
                strike("u2", 20, reported(Hit::Unit)),
                strike("u3", 30, reported(Hit::Unit)),
                strike("p1", 90, reported(Hit::Plant)),
                strike("x", 21, default_unit.clone()),
            ],
            vec![],
        );
        let u = RecordUncertainty::of(&data);
        let x = data.strikes.iter().position(|s| s.id == "x").unwrap();
        assert_eq!(u.spread(x).length, LengthDraw::Reported(Some(Hit::Unit)));
        assert_eq!(u.reported_lengths(Some(Hit::Unit)), &[10, 20, 30]);
        // A plant class of one reported length is too small: its defaults use all lengths.
        let c = u.counts();
        assert_eq!((c.varied, c.default_length), (1, 1));
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..200 {
            let o = u.draw(x, &data.strikes[x], 10.0, &mut record_rng(7, i));
            assert_eq!(o.mtpa, 5.0);
            seen.insert(o.days);
        }
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec![10, 20, 30]);
    }

    #[test]
    fn reported_and_confident_records_never_vary() {
        let data = Dataset::new(
            vec![Asset::new("a", "A", 10.0)],
            vec![strike("r", 12, reported(Hit::Plant))],
            vec![],
        );
        let u = RecordUncertainty::of(&data);
        assert!(u.spreads.iter().all(Spread::is_fixed));
        let o = u.draw(0, &data.strikes[0], 10.0, &mut record_rng(1, 0));
        assert_eq!((o.mtpa, o.days), (5.0, 12));
    }

    #[test]
    fn low_confidence_records_may_have_had_no_effect() {
        let mut s = strike("low", 12, reported(Hit::Plant));
        s.confidence = Some(Confidence::Low);
        let given = strike(
            "given",
            12,
            Certainty {
                p_effect: Some(0.5),
                ..reported(Hit::Plant)
            },
        );
        let data = Dataset::new(vec![Asset::new("a", "A", 10.0)], vec![s, given], vec![]);
        let u = RecordUncertainty::of(&data);
        let low = data.strikes.iter().position(|s| s.id == "low").unwrap();
        assert_eq!(u.spread(low).p_effect, P_EFFECT_LOW);
        assert_eq!(u.spread(1 - low).p_effect, 0.5);
        let n = 4000;
        let hits = (0..n)
            .filter(|&i| {
                u.draw(low, &data.strikes[low], 10.0, &mut record_rng(3, i))
                    .mtpa
                    > 0.0
            })
            .count() as f64;
        // Binomial(4000, 0.5): standard deviation 32; 5 of them is 158.
        assert!((hits - 0.5 * n as f64).abs() < 158.0, "{hits}");
    }

    #[test]
    fn ranges_are_drawn_uniformly_inside_their_ends() {
        let s = strike(
            "r",
            15,
            Certainty {
                repair_days_range: Some((10, 20)),
                disabled_share_range: Some((0.4, 0.6)),
                ..reported(Hit::Unit)
            },
        );
        let data = Dataset::new(vec![Asset::new("a", "A", 10.0)], vec![s], vec![]);
        let u = RecordUncertainty::of(&data);
        let (mut lo, mut hi) = (u32::MAX, 0);
        for i in 0..500 {
            let o = u.draw(0, &data.strikes[0], 10.0, &mut record_rng(9, i));
            assert!((4.0..6.0).contains(&o.mtpa), "{}", o.mtpa);
            lo = lo.min(o.days);
            hi = hi.max(o.days);
        }
        assert_eq!((lo, hi), (10, 20));
    }
}
