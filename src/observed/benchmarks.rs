//! Published benchmarks against the records: the same measure over the same period, on the
//! same basis, with the records' band over record draws (MODEL.md, "Benchmarks").

use serde::Serialize;

use crate::observed::history::{history, History};

use crate::observed::draws::Band;

use crate::data::benchmarks::{Benchmark, Bound, Cause, FigureBasis, Measure};
use crate::data::Dataset;
use crate::error::Error;
use crate::observed::figures::HistoryOptions;
use crate::units;

/// Records within this ratio of a published value (either way) are consistent with it.
pub(crate) const CONSISTENT_RATIO: f64 = 1.25;

/// How the records meet a published figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The published value lies inside the records' P10-P90 band (for a bound: the band
    /// reaches it).
    Inside,
    /// Outside the band, but the records' point estimate is within 25 % of the value.
    Consistent,
    /// The records are above the published value by more than 25 %.
    Above,
    /// The records are below the published value by more than 25 %.
    Below,
    /// The figure cannot be compared with the records (see the reason).
    NotComparable,
}

/// Why a figure cannot be compared with the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotComparable {
    /// The figure counts every outage, maintenance included; the records hold strikes only.
    AllCauses,
    /// The figure's period is not covered by the records: it ends before the first or
    /// after the last strike record.
    OutsideRecords,
    /// A fuel figure, and the records' fuels are not given (no yields cover the group).
    NoFuels,
    /// A figure of hours without power, and the group's balance covers no day of its
    /// period.
    NoBalance,
}

/// One published figure against the records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkCheck {
    /// The published figure.
    pub benchmark: Benchmark,
    /// Days in its period.
    pub days: usize,
    /// The records' point estimate of the same measure, in the measure's unit.
    pub records: f64,
    /// The records' band over draws, when draws were asked for.
    pub band: Option<Band>,
    /// records / published value.
    pub ratio: f64,
    /// How the records meet the figure.
    pub verdict: Verdict,
    /// Why it is not comparable, for [`Verdict::NotComparable`].
    pub not_comparable: Option<NotComparable>,
}

impl BenchmarkCheck {
    /// The words of the verdict.
    pub fn verdict_words(&self) -> String {
        let b = &self.benchmark;
        match (self.verdict, self.not_comparable) {
            (Verdict::Inside, _) => match b.bound {
                Bound::About => "inside the records' band".into(),
                Bound::AtLeast => "the records' band reaches the lower bound".into(),
                Bound::AtMost => "the records' band reaches down to the upper bound".into(),
            },
            (Verdict::Consistent, _) => "consistent within 25 %".into(),
            (Verdict::Above, _) => "records above the published figure".into(),
            (Verdict::Below, _) => "records below the published figure".into(),
            (Verdict::NotComparable, Some(NotComparable::AllCauses)) => {
                "not comparable: all causes (maintenance included), the records count strikes only"
                    .into()
            }
            (Verdict::NotComparable, Some(NotComparable::NoFuels)) => {
                "not comparable: no yields give the records' fuels".into()
            }
            (Verdict::NotComparable, Some(NotComparable::NoBalance)) => {
                "not comparable: the power balance covers no day of the period".into()
            }
            (Verdict::NotComparable, _) => {
                "not comparable: the period is not covered by the records".into()
            }
        }
    }
}

/// The value of `measure` on `basis` from a period's history, and its band (`None`: a
/// fuel measure, and the history gives no fuels). A fuel lost on capacity basis is the
/// fuel of the capacity offline at the period's mean utilization: the throughput figure
/// times lost capacity over lost throughput.
fn measured(
    h: &History,
    measure: Measure,
    basis: FigureBasis,
    bpt: f64,
) -> Option<(f64, Option<Band>)> {
    if measure.of_power() {
        let d = h.deficit?;
        let i = if measure == Measure::PeakDeficitMw {
            0
        } else {
            3
        };
        let value = if i == 0 {
            d.peak_deficit_mw
        } else {
            d.deficit_hours_per_day
        };
        return Some((
            value,
            h.bands.as_ref().and_then(|b| b.deficit).map(|b| b[i]),
        ));
    }
    if measure == Measure::DieselExportsLostTpd {
        let i = crate::data::Product::Diesel as usize;
        let lost = h.exports_lost_t_per_day?[i];
        let band = h
            .bands
            .as_ref()
            .and_then(|b| b.exports_lost_t_per_day)
            .map(|b| b[i]);
        return Some((lost, band));
    }
    if let Some(p) = measure.product() {
        let fuels = h.fuels_t_per_day?;
        let scale = match basis {
            FigureBasis::Throughput => 1.0,
            FigureBasis::Capacity if h.lost_throughput > 0.0 => h.lost_capacity / h.lost_throughput,
            FigureBasis::Capacity => 1.0,
        };
        let i = p as usize;
        let band = h
            .bands
            .as_ref()
            .and_then(|b| b.fuels_t_per_day)
            .map(|b| Band {
                p10: b[i].p10 * scale,
                p50: b[i].p50 * scale,
                p90: b[i].p90 * scale,
            });
        return Some((fuels[i] * scale, band));
    }
    let days = h.days as f64;
    let convert = |lost: f64| match measure {
        Measure::LostMt => lost,
        Measure::OfflineShare => lost / h.period_capacity,
        Measure::OfflineKbd => units::kbd_from_mtpa(lost * units::DAYS_PER_YEAR / days, bpt),
        Measure::OfflineKtd => lost * 1000.0 / days,
        Measure::GasolineLostTpd
        | Measure::DieselLostTpd
        | Measure::DieselExportsLostTpd
        | Measure::DeficitHoursPerDay
        | Measure::PeakDeficitMw => unreachable!("fuels and hours without power handled above"),
    };
    let (point, band) = match basis {
        FigureBasis::Capacity => (h.lost_capacity, h.bands.as_ref().map(|b| b.lost_capacity)),
        FigureBasis::Throughput => (
            h.lost_throughput,
            h.bands.as_ref().map(|b| b.lost_throughput),
        ),
    };
    Some((
        convert(point),
        band.map(|b| Band {
            p10: convert(b.p10),
            p50: convert(b.p50),
            p90: convert(b.p90),
        }),
    ))
}

/// The verdict of `records` (point and band) against a published `value` with `bound`.
pub(crate) fn verdict(records: f64, band: Option<Band>, value: f64, bound: Bound) -> Verdict {
    let ratio = records / value;
    let consistent = (1.0 / CONSISTENT_RATIO..=CONSISTENT_RATIO).contains(&ratio);
    let (lo, hi) = band.map_or((records, records), |b| (b.p10, b.p90));
    match bound {
        Bound::About if band.is_some() && lo <= value && value <= hi => Verdict::Inside,
        Bound::AtLeast if hi >= value => Verdict::Inside,
        Bound::AtMost if lo <= value => Verdict::Inside,
        Bound::AtLeast if ratio * CONSISTENT_RATIO >= 1.0 => Verdict::Consistent,
        Bound::AtMost if ratio <= CONSISTENT_RATIO => Verdict::Consistent,
        Bound::About if consistent => Verdict::Consistent,
        _ if ratio > 1.0 => Verdict::Above,
        _ => Verdict::Below,
    }
}

/// Compares the benchmarks of `data`'s group with its records (with bands when `options`
/// asks for draws): the rows that name the group, and for a group of refineries in Mt/yr
/// the rows that name none (figures of refining: Mt, kb/d, kt/d, shares, fuels). A group
/// with no row is refused by name.
pub fn check_benchmarks(
    data: &Dataset,
    benchmarks: &[Benchmark],
    options: HistoryOptions,
) -> Result<Vec<BenchmarkCheck>, Error> {
    let group = data.single_group()?;
    let refining = data.assets.unit() == crate::units::Unit::Mtpa;
    let own: Vec<&Benchmark> = benchmarks
        .iter()
        .filter(|b| match &b.group {
            Some(g) => *g == group,
            None => refining,
        })
        .collect();
    if own.is_empty() {
        if !refining {
            return Err(Error::Usage(format!(
                "the published benchmarks: no row names group {group} (in {}); the rows without a group are figures of refining in Mt, read against capacity in Mt/yr",
                data.assets.unit().label()
            )));
        }
        crate::observed::reconcile::refining_group(data, "the published benchmarks")?;
    }
    let first = data.strikes.iter().map(|s| s.date).min();
    let last = data.strikes.iter().map(|s| s.date).max();
    own.into_iter()
        .map(|b| {
            let h = history(data, b.from, b.to, options)?;
            let measured = measured(&h, b.measure, b.basis, options.barrels_per_tonne);
            let (records, band) = measured.unwrap_or((f64::NAN, None));
            let outside = match (first, last) {
                (Some(f), Some(l)) => b.to < f || b.to > l,
                _ => true,
            };
            let not_comparable = if measured.is_none() && b.measure.of_power() {
                Some(NotComparable::NoBalance)
            } else if measured.is_none() {
                Some(NotComparable::NoFuels)
            } else if b.cause == Cause::All && !b.measure.of_power() {
                Some(NotComparable::AllCauses)
            } else if outside {
                Some(NotComparable::OutsideRecords)
            } else {
                None
            };
            Ok(BenchmarkCheck {
                benchmark: b.clone(),
                days: h.days,
                records,
                band,
                ratio: records / b.value,
                verdict: if not_comparable.is_some() {
                    Verdict::NotComparable
                } else {
                    verdict(records, band, b.value, b.bound)
                },
                not_comparable,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::benchmarks::Benchmark;
    use crate::data::{Asset, Strike};
    use crate::observed::figures::DrawOptions;
    use chrono::NaiveDate;

    fn band(p10: f64, p90: f64) -> Option<Band> {
        Some(Band {
            p10,
            p50: (p10 + p90) / 2.0,
            p90,
        })
    }

    #[test]
    fn verdicts_about_a_value() {
        assert_eq!(
            verdict(4.0, band(3.0, 5.0), 3.3, Bound::About),
            Verdict::Inside
        );
        // Outside the band, within 25 %: 4.0 / 3.3 = 1.21.
        assert_eq!(
            verdict(4.0, band(3.8, 4.2), 3.3, Bound::About),
            Verdict::Consistent
        );
        assert_eq!(verdict(4.0, None, 3.3, Bound::About), Verdict::Consistent);
        // 4.2 / 3.3 = 1.27 and 2.6 / 3.3 = 0.79.
        assert_eq!(
            verdict(4.2, band(4.1, 4.3), 3.3, Bound::About),
            Verdict::Above
        );
        assert_eq!(
            verdict(2.6, band(2.5, 2.7), 3.3, Bound::About),
            Verdict::Below
        );
    }

    #[test]
    fn verdicts_about_bounds() {
        // At least 5: a band reaching 5 is inside; 4.1 * 1.25 = 5.125 >= 5 is consistent.
        assert_eq!(
            verdict(4.0, band(3.0, 5.0), 5.0, Bound::AtLeast),
            Verdict::Inside
        );
        assert_eq!(
            verdict(4.1, band(4.0, 4.2), 5.0, Bound::AtLeast),
            Verdict::Consistent
        );
        assert_eq!(
            verdict(3.0, band(2.9, 3.1), 5.0, Bound::AtLeast),
            Verdict::Below
        );
        // At most 2: a band reaching down to 2 is inside; 2.4 / 2 = 1.2 is consistent.
        assert_eq!(
            verdict(3.0, band(2.0, 4.0), 2.0, Bound::AtMost),
            Verdict::Inside
        );
        assert_eq!(
            verdict(2.4, band(2.3, 2.5), 2.0, Bound::AtMost),
            Verdict::Consistent
        );
        assert_eq!(
            verdict(3.0, band(2.9, 3.1), 2.0, Bound::AtMost),
            Verdict::Above
        );
    }

    fn bench(id: &str, measure: Measure, basis: FigureBasis, cause: Cause, to: &str) -> Benchmark {
        Benchmark {
            id: id.into(),
            from: "2025-01-01".parse().unwrap(),
            to: to.parse().unwrap(),
            measure,
            value: 1.0,
            bound: Bound::About,
            basis,
            cause,
            confidence: None,
            source: None,
            note: None,
            group: None,
        }
    }

    #[test]
    fn measures_on_each_basis_by_hand() {
        // One asset of 365 Mt/yr at utilization 0.5; 73 Mt/yr offline for the 10 days
        // 2025-01-01..10: 730 Mt/yr-days = 2 Mt on capacity basis, 1 Mt on throughput basis.
        let mut a = Asset::new("a", "A", 365.0);
        a.utilization = Some(0.5);
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let data = Dataset::new(
            vec![a],
            vec![
                Strike::new("s", d("2025-01-01"), 0, 73.0, 10),
                Strike::new("t", d("2025-01-10"), 0, 1e-9, 1),
            ],
            vec![],
        );
        let list = [
            bench(
                "lost",
                Measure::LostMt,
                FigureBasis::Capacity,
                Cause::Strikes,
                "2025-01-10",
            ),
            bench(
                "lost-t",
                Measure::LostMt,
                FigureBasis::Throughput,
                Cause::Strikes,
                "2025-01-10",
            ),
            bench(
                "share",
                Measure::OfflineShare,
                FigureBasis::Capacity,
                Cause::Strikes,
                "2025-01-10",
            ),
            bench(
                "ktd",
                Measure::OfflineKtd,
                FigureBasis::Capacity,
                Cause::Strikes,
                "2025-01-10",
            ),
            bench(
                "kbd-t",
                Measure::OfflineKbd,
                FigureBasis::Throughput,
                Cause::Strikes,
                "2025-01-10",
            ),
            bench(
                "all",
                Measure::LostMt,
                FigureBasis::Capacity,
                Cause::All,
                "2025-01-10",
            ),
            bench(
                "late",
                Measure::LostMt,
                FigureBasis::Capacity,
                Cause::Strikes,
                "2025-02-10",
            ),
            Benchmark {
                from: "2024-12-01".parse().unwrap(),
                ..bench(
                    "early",
                    Measure::LostMt,
                    FigureBasis::Capacity,
                    Cause::Strikes,
                    "2024-12-31",
                )
            },
        ];
        let options = HistoryOptions {
            draws: Some(DrawOptions { draws: 50, seed: 1 }),
            ..HistoryOptions::default()
        };
        let c = check_benchmarks(&data, &list, options).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(c[0].records, 2.0), "{}", c[0].records);
        assert!(close(c[1].records, 1.0));
        // Capacity of the period: 365 * 10 / 365 = 10 Mt; 2 / 10 = 0.2.
        assert!(close(c[2].records, 0.2));
        // 2 Mt over 10 days = 200 kt/d.
        assert!(close(c[3].records, 200.0));
        // 1 Mt over 10 days = 36.5 Mt/yr mean, in kb/d.
        let kbd = units::kbd_from_mtpa(36.5, units::BARRELS_PER_TONNE);
        assert!(
            (c[4].records / kbd - 1.0).abs() < 1e-9,
            "{} {kbd}",
            c[4].records
        );
        // Fixed records: a band of zero width at the point estimate.
        let b = c[0].band.unwrap();
        assert!(close(b.p10, 2.0) && close(b.p90, 2.0), "{b:?}");
        assert_eq!(c[0].verdict, Verdict::Above);
        assert_eq!(c[5].verdict, Verdict::NotComparable);
        assert_eq!(c[5].not_comparable, Some(NotComparable::AllCauses));
        assert_eq!(c[6].not_comparable, Some(NotComparable::OutsideRecords));
        assert_eq!(c[7].not_comparable, Some(NotComparable::OutsideRecords));
    }
}
