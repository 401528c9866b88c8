//! Observed history over a period: lost capacity, lost throughput, offline share.

use chrono::NaiveDate;
use serde::Serialize;

use super::timeline::{Timeline, Window};
use crate::data::Dataset;
use crate::error::Error;
use crate::units;

/// Utilization used for assets whose row gives none, unless the caller says otherwise.
pub const DEFAULT_UTILIZATION: f64 = 0.85;

/// One asset's figures over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetHistory {
    /// Asset id.
    pub asset_id: String,
    /// Asset name.
    pub name: String,
    /// Capacity, Mt/yr.
    pub capacity_mtpa: f64,
    /// Capacity offline summed over the days, / 365: Mt (capacity basis).
    pub lost_capacity_mt: f64,
    /// Offline capacity times utilization summed over the days, / 365: Mt (throughput basis).
    pub lost_throughput_mt: f64,
    /// Mean share of this asset's capacity offline over the period.
    pub mean_offline_share: f64,
    /// Days with any capacity offline.
    pub days_with_outage: usize,
}

/// One strike's share of a period: its capacity times its days offline in the period,
/// before the per-asset cap (so contributions can add up to more than the capped total).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrikeContribution {
    /// Strike id.
    pub strike_id: String,
    /// Struck asset.
    pub asset_id: String,
    /// Strike date.
    pub date: NaiveDate,
    /// First day back online.
    pub restart_date: NaiveDate,
    /// Capacity disabled, Mt/yr.
    pub disabled_mtpa: f64,
    /// Days offline inside the period.
    pub days_in_period: usize,
    /// disabled * days in period / 365, Mt (uncapped).
    pub lost_capacity_mt: f64,
    /// Confidence of the record, if given.
    pub confidence: Option<String>,
    /// The record's columns the model does not read (for example how the outage length
    /// was found), as (header, value).
    pub notes: Vec<(String, String)>,
}

/// National figures over a period of observed history, as MODEL.md defines them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period (inclusive).
    pub to: NaiveDate,
    /// Days in the period.
    pub days: usize,
    /// National capacity: sum of asset capacities, Mt/yr.
    pub national_capacity_mtpa: f64,
    /// National capacity held over the period, Mt: capacity * days / 365.
    pub period_capacity_mt: f64,
    /// Sum over days of national offline capacity / 365, Mt (capacity basis).
    pub lost_capacity_mt: f64,
    /// Sum over days and assets of offline capacity times utilization / 365, Mt.
    pub lost_throughput_mt: f64,
    /// Mean over days of offline / national capacity.
    pub mean_offline_share: f64,
    /// Mean national offline capacity, Mt/yr.
    pub mean_offline_mtpa: f64,
    /// Mean national offline capacity in thousand barrels per day.
    pub mean_offline_kbd: f64,
    /// Highest national offline capacity on one day, Mt/yr.
    pub peak_offline_mtpa: f64,
    /// Strikes dated in the period.
    pub strikes_in_period: usize,
    /// Per asset, largest lost capacity first; assets with no outage are left out.
    pub assets: Vec<AssetHistory>,
    /// Per strike with days offline in the period, in date order.
    pub strikes: Vec<StrikeContribution>,
}

/// Settings of a history calculation.
#[derive(Debug, Clone, Copy)]
pub struct HistoryOptions {
    /// Utilization for assets whose row gives none.
    pub default_utilization: f64,
    /// Barrels per tonne, for kb/d.
    pub barrels_per_tonne: f64,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            default_utilization: DEFAULT_UTILIZATION,
            barrels_per_tonne: units::BARRELS_PER_TONNE,
        }
    }
}

/// The observed history of `data` over `[from, to]`, both days included.
pub fn history(
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
    options: HistoryOptions,
) -> Result<History, Error> {
    if to < from {
        return Err(Error::Usage(format!(
            "the period must end on or after its start, found --from {from} --to {to}"
        )));
    }
    let window = Window::inclusive(from, to);
    let timeline = Timeline::build(&data.assets, &data.strikes, window);
    let national_capacity = data.assets.total_capacity_mtpa();
    let days = window.days as f64;
    let mut per_asset = Vec::new();
    let mut lost_capacity = 0.0;
    let mut lost_throughput = 0.0;
    for (asset, series) in data.assets.as_slice().iter().zip(&timeline.offline) {
        let sum: f64 = series.iter().sum();
        let u = asset.utilization_or(options.default_utilization);
        lost_capacity += sum;
        lost_throughput += sum * u;
        if sum > 0.0 {
            per_asset.push(AssetHistory {
                asset_id: asset.id.clone(),
                name: asset.name.clone(),
                capacity_mtpa: asset.capacity_mtpa,
                lost_capacity_mt: sum / units::DAYS_PER_YEAR,
                lost_throughput_mt: sum * u / units::DAYS_PER_YEAR,
                mean_offline_share: sum / days / asset.capacity_mtpa,
                days_with_outage: series.iter().filter(|v| **v > 0.0).count(),
            });
        }
    }
    per_asset.sort_by(|a, b| {
        b.lost_capacity_mt
            .total_cmp(&a.lost_capacity_mt)
            .then_with(|| a.asset_id.cmp(&b.asset_id))
    });
    let national = timeline.national();
    let mean_offline = lost_capacity / days;
    Ok(History {
        from,
        to,
        days: window.days,
        national_capacity_mtpa: national_capacity,
        period_capacity_mt: units::mt_over_days(national_capacity, days),
        lost_capacity_mt: lost_capacity / units::DAYS_PER_YEAR,
        lost_throughput_mt: lost_throughput / units::DAYS_PER_YEAR,
        mean_offline_share: national.iter().map(|v| v / national_capacity).sum::<f64>() / days,
        mean_offline_mtpa: mean_offline,
        mean_offline_kbd: units::kbd_from_mtpa(mean_offline, options.barrels_per_tonne),
        peak_offline_mtpa: national.iter().copied().fold(0.0, f64::max),
        strikes_in_period: data
            .strikes
            .iter()
            .filter(|s| s.date >= from && s.date <= to)
            .count(),
        assets: per_asset,
        strikes: data
            .strikes
            .iter()
            .filter_map(|s| {
                let lo = s.date.max(from);
                let hi = s.restart_date().min(to + chrono::Days::new(1));
                let days = (hi - lo).num_days();
                (days > 0).then(|| StrikeContribution {
                    strike_id: s.id.clone(),
                    asset_id: data.asset_of(s).id.clone(),
                    date: s.date,
                    restart_date: s.restart_date(),
                    disabled_mtpa: s.disabled_mtpa,
                    days_in_period: days as usize,
                    lost_capacity_mt: s.disabled_mtpa * days as f64 / units::DAYS_PER_YEAR,
                    confidence: s.confidence.map(|c| format!("{c:?}").to_lowercase()),
                    notes: s
                        .extra
                        .iter()
                        .filter(|(k, _)| k.ends_with("_basis"))
                        .cloned()
                        .collect(),
                })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Asset, Strike};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Two assets, 100 and 265 Mt/yr (national 365 Mt/yr, so one Mt/yr-day is 1/365 Mt).
    fn data() -> Dataset {
        let mut a = Asset::new("a", "A", 100.0);
        a.utilization = Some(0.5);
        let b = Asset::new("b", "B", 265.0); // default utilization 0.85
        Dataset::new(
            vec![a, b],
            vec![
                // a: 50 Mt/yr for Jan 1..10 (10 days), b: 73 Mt/yr Jan 6..7 (2 days)
                Strike::new("s1", d("2025-01-01"), 0, 50.0, 10),
                Strike::new("s2", d("2025-01-06"), 1, 73.0, 2),
                // before the period: Dec 25 + 9 days runs through Jan 2 (2 days in period)
                Strike::new("s0", d("2024-12-25"), 0, 80.0, 9),
            ],
            vec![],
        )
    }

    #[test]
    fn hand_computed_history() {
        let h = history(
            &data(),
            d("2025-01-01"),
            d("2025-01-10"),
            HistoryOptions::default(),
        )
        .unwrap();
        assert_eq!(h.days, 10);
        // a: Jan 1-2 min(100, 50 + 80) = 100, Jan 3-10 50 -> 2*100 + 8*50 = 600 Mt/yr-days
        // b: 2 * 73 = 146 Mt/yr-days. Total 746 / 365 Mt.
        assert!((h.lost_capacity_mt - 746.0 / 365.0).abs() < 1e-12);
        // throughput: 600 * 0.5 + 146 * 0.85 = 424.1
        assert!((h.lost_throughput_mt - 424.1 / 365.0).abs() < 1e-12);
        // share: mean of offline / 365 over 10 days = 746 / 365 / 10
        assert!((h.mean_offline_share - 746.0 / 3650.0).abs() < 1e-12);
        assert!((h.mean_offline_mtpa - 74.6).abs() < 1e-12);
        assert!((h.mean_offline_kbd - 74.6 * 20.082_191_78).abs() < 1e-6);
        assert_eq!(h.peak_offline_mtpa, 50.0 + 73.0);
        assert_eq!(h.strikes_in_period, 2);
        // s0 contributes Jan 1-2 only: 80 * 2 / 365 before the cap.
        let s0 = h.strikes.iter().find(|s| s.strike_id == "s0").unwrap();
        assert_eq!(s0.days_in_period, 2);
        assert!((s0.lost_capacity_mt - 160.0 / 365.0).abs() < 1e-12);
        assert_eq!(h.assets[0].asset_id, "a");
        assert_eq!(h.assets[0].days_with_outage, 10);
        assert!((h.assets[0].mean_offline_share - 0.6).abs() < 1e-12);
        assert!((h.period_capacity_mt - 10.0).abs() < 1e-12);
    }

    #[test]
    fn a_period_without_strikes_loses_nothing() {
        let h = history(
            &data(),
            d("2025-03-01"),
            d("2025-03-31"),
            HistoryOptions::default(),
        )
        .unwrap();
        assert_eq!(h.lost_capacity_mt, 0.0);
        assert!(h.assets.is_empty());
        assert!(history(
            &data(),
            d("2025-03-31"),
            d("2025-03-01"),
            HistoryOptions::default()
        )
        .is_err());
    }
}
