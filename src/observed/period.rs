//! What the strike charts show of a period of the records, computed here so that the charts
//! only draw: each outage as a bar, each month's lost volume with its band over record
//! draws, each asset's loss at its coordinates, and the records' band against published
//! figures with their verdicts.

use chrono::NaiveDate;

use crate::data::benchmarks::{Benchmark, Measure};
use crate::data::strikes::Basis;
use crate::data::Dataset;
use crate::error::Error;
use crate::observed::benchmarks::{check_benchmarks, BenchmarkCheck};
use crate::observed::draws::{draw_series, Band};
use crate::observed::figures::{DrawOptions, HistoryOptions};
use crate::observed::history::{monthly, Month};
use crate::observed::timeline::{Timeline, Window};
use crate::units;

/// One outage of the records: a bar from its strike to its restart.
#[derive(Debug, Clone, PartialEq)]
pub struct OutageBar {
    /// The asset's position in the assets table.
    pub asset: usize,
    /// The asset's id.
    pub asset_id: String,
    /// The asset's capacity, in its unit.
    pub capacity: f64,
    /// Day of the strike.
    pub start: NaiveDate,
    /// First day back in service.
    pub restart: NaiveDate,
    /// Share of the asset's capacity disabled.
    pub share: f64,
    /// True when the outage length or the capacity disabled is a default, not reported.
    pub default_basis: bool,
}

/// The outages that overlap `[from, to]`, in the records' order.
pub fn outage_bars(data: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<OutageBar> {
    let end = to + chrono::Days::new(1);
    let assets = data.assets.as_slice();
    data.strikes
        .iter()
        .filter(|s| s.date < end && s.restart_date() > from)
        .map(|s| {
            let asset = &assets[s.asset];
            OutageBar {
                asset: s.asset,
                asset_id: asset.id.clone(),
                capacity: asset.capacity,
                start: s.date,
                restart: s.restart_date(),
                share: s.disabled / asset.in_service(),
                default_basis: s.certainty().disabled_basis == Some(Basis::Default)
                    || s.certainty().outage_basis == Some(Basis::Default),
            }
        })
        .collect()
}

/// Lost volume per calendar month of a period, with its band over record draws.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyLoss {
    /// The months, in order.
    pub months: Vec<Month>,
    /// Each month's P10-P90 over record draws (`None`: no draws were asked for).
    pub bands: Option<Vec<Band>>,
    /// The draws behind the bands.
    pub draws: Option<DrawOptions>,
}

/// The monthly losses of `[from, to]`, with bands over `draws` of the records when given.
pub fn monthly_loss(
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
    draws: Option<DrawOptions>,
) -> Result<MonthlyLoss, Error> {
    let months = monthly(data, from, to);
    let bands = match draws {
        Some(d) if to >= from => Some(
            draw_series(
                data,
                Window::inclusive(from, to),
                &HistoryOptions::default(),
                d,
            )?
            .months
            .into_iter()
            .map(|(_, b)| b)
            .collect(),
        ),
        _ => None,
    };
    Ok(MonthlyLoss {
        months,
        bands,
        draws,
    })
}

/// One asset on the map: where it is, its capacity and what it lost in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetLoss {
    /// Asset id.
    pub id: String,
    /// Capacity, in the asset's unit.
    pub capacity: f64,
    /// Longitude, degrees east (`None`: not known).
    pub lon: Option<f64>,
    /// Latitude, degrees north (`None`: not known).
    pub lat: Option<f64>,
    /// Volume lost to strikes in the period, in the unit's amount (Mt for Mt/yr).
    pub lost: f64,
}

/// Every asset with its loss over `[from, to]` (a period that ends before it starts is
/// read as its first day): its offline capacity summed over the days, in its amount.
pub fn asset_losses(data: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<AssetLoss> {
    let window = Window::inclusive(from, to.max(from));
    let timeline = Timeline::build(&data.assets, &data.strikes, window);
    data.assets
        .as_slice()
        .iter()
        .zip(&timeline.offline)
        .map(|(a, offline)| AssetLoss {
            id: a.id.clone(),
            capacity: a.capacity,
            lon: a.lon,
            lat: a.lat,
            lost: a.unit.amount(offline.iter().sum::<f64>()),
        })
        .collect()
}

/// The records against published figures over a period: national offline capacity per
/// day, its band over record draws, and each figure with its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkSeries {
    /// The days drawn.
    pub window: Window,
    /// National offline capacity per day of the records as they stand.
    pub offline: Vec<f64>,
    /// Its P10-P50-P90 per day over record draws.
    pub band: Vec<Band>,
    /// The published figures that overlap the period, with their verdicts.
    pub checks: Vec<BenchmarkCheck>,
    /// Each check's figure as national offline capacity, in the unit, on its own basis
    /// (one per check, in order).
    pub as_offline: Vec<f64>,
    /// The draws behind the band and the verdicts.
    pub draws: DrawOptions,
}

/// The records of `[from, to]` against the figures of `benchmarks` that overlap it and
/// measure capacity (fuels lost are not drawn as capacity), over `draws` of the records.
pub fn benchmark_series(
    data: &Dataset,
    benchmarks: &[Benchmark],
    from: NaiveDate,
    to: NaiveDate,
    draws: DrawOptions,
) -> Result<BenchmarkSeries, Error> {
    // The chart draws capacity figures, of refining only.
    crate::observed::reconcile::refining_group(data, "the published benchmarks")?;
    let list: Vec<Benchmark> = benchmarks
        .iter()
        .filter(|b| b.to >= from && b.from <= to && b.measure.of_capacity())
        .cloned()
        .collect();
    let window = Window::inclusive(from, to);
    let options = HistoryOptions::default();
    if window.days == 0 {
        return Ok(BenchmarkSeries {
            window,
            offline: Vec::new(),
            band: Vec::new(),
            checks: Vec::new(),
            as_offline: Vec::new(),
            draws,
        });
    }
    let offline = Timeline::build(&data.assets, &data.strikes, window).national();
    let band = draw_series(data, window, &options, draws)?.offline;
    let checks = check_benchmarks(
        data,
        &list,
        HistoryOptions {
            draws: Some(draws),
            ..options
        },
    )?;
    let national = data.assets.total_capacity().max(f64::MIN_POSITIVE);
    let as_offline = checks
        .iter()
        .map(|c| as_offline_capacity(&c.benchmark, national, options.barrels_per_tonne))
        .collect();
    Ok(BenchmarkSeries {
        window,
        offline,
        band,
        checks,
        as_offline,
        draws,
    })
}

/// A published figure as national offline capacity, Mt/yr (its own basis).
fn as_offline_capacity(b: &Benchmark, national_mtpa: f64, barrels_per_tonne: f64) -> f64 {
    let days = ((b.to - b.from).num_days() + 1) as f64;
    match b.measure {
        Measure::LostMt => b.value * units::DAYS_PER_YEAR / days,
        Measure::OfflineShare => b.value * national_mtpa,
        Measure::OfflineKbd => b.value / units::kbd_from_mtpa(1.0, barrels_per_tonne),
        Measure::OfflineKtd => b.value * units::DAYS_PER_YEAR / 1000.0,
        Measure::GasolineLostTpd
        | Measure::DieselLostTpd
        | Measure::DieselExportsLostTpd
        | Measure::DeficitHoursPerDay
        | Measure::PeakDeficitMw => {
            unreachable!("fuels lost and hours without power are not drawn as capacity")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::benchmarks::{Bound, Cause, FigureBasis};

    #[test]
    fn published_figures_as_offline_capacity_by_hand() {
        let b = |measure, value, to: &str| Benchmark {
            id: "x".into(),
            from: "2025-01-01".parse().unwrap(),
            to: to.parse().unwrap(),
            measure,
            value,
            bound: Bound::About,
            basis: FigureBasis::Capacity,
            cause: Cause::Strikes,
            confidence: None,
            source: None,
            note: None,
            group: None,
        };
        // 3.65 Mt over 10 days: 3.65 * 365 / 10 = 133.225 Mt/yr.
        let lost = as_offline_capacity(&b(Measure::LostMt, 3.65, "2025-01-10"), 300.0, 7.33);
        assert!((lost - 133.225).abs() < 1e-9);
        // 4 % of 300 Mt/yr is 12.
        let share = as_offline_capacity(&b(Measure::OfflineShare, 0.04, "2025-01-01"), 300.0, 7.33);
        assert!((share - 12.0).abs() < 1e-12);
        // 100 kt/d is 36.5 Mt/yr.
        let ktd = as_offline_capacity(&b(Measure::OfflineKtd, 100.0, "2025-01-01"), 300.0, 7.33);
        assert!((ktd - 36.5).abs() < 1e-12);
        // 1 Mt/yr = 7.33e6 / 365 / 1000 kb/d = 20.082 kb/d, so 200.82 kb/d is 10 Mt/yr.
        let kbd = as_offline_capacity(
            &b(
                Measure::OfflineKbd,
                7.33e6 / 365.0 / 1000.0 * 10.0,
                "2025-01-01",
            ),
            300.0,
            7.33,
        );
        assert!((kbd - 10.0).abs() < 1e-9);
    }
}
