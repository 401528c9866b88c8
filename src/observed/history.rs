//! Observed history over a period: lost capacity, lost throughput, offline share.

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::data::Dataset;
use crate::error::Error;
use crate::observed::draws::{draw_figures, Band, HistoryBands};
use crate::observed::figures::{day_prices, figures, lost_revenue, HistoryOptions};
use crate::observed::timeline::{Timeline, Window};
use crate::units::Unit;

/// One asset's figures over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetHistory {
    /// Asset id.
    pub asset_id: String,
    /// Asset name.
    pub name: String,
    /// Capacity, in the asset's unit (Mt/yr for refineries).
    #[serde(rename = "capacity_mtpa")]
    pub capacity: f64,
    /// Capacity offline summed over the days, / 365: Mt (capacity basis).
    pub lost_capacity_mt: f64,
    /// Offline capacity times utilization summed over the days, / 365: Mt (throughput basis).
    pub lost_throughput_mt: f64,
    /// Mean share of this asset's capacity offline over the period.
    pub mean_offline_share: f64,
    /// Days with any capacity offline.
    pub days_with_outage: usize,
    /// Revenue lost against no outage, USD: the lost throughput valued at each day's price
    /// row (MODEL.md, "Revenue"; `None` with no price row).
    pub lost_revenue_usd: Option<f64>,
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
    /// Capacity disabled, in the asset's unit (Mt/yr for refineries).
    #[serde(rename = "disabled_mtpa")]
    pub disabled: f64,
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
///
/// In JSON, with record draws, each of `lost_capacity_mt`, `lost_throughput_mt`,
/// `mean_offline_share`, `mean_offline_kbd` and `peak_offline_mtpa` is followed by its
/// `_p10`, `_p50` and `_p90` over the draws.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The group (every figure is this group's).
    pub group: String,
    /// The unit of its capacity: capacities are in it, amounts (`_mt` fields) in its amount
    /// unit (Mt for Mt/yr, GWh for MW).
    pub unit: Unit,
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
    /// Revenue lost against no outage over the period, USD: each day's lost throughput
    /// valued at its price row, with `diversion` of the unprocessed crude sold at the crude
    /// price (MODEL.md, "Revenue"); `None` with no price row.
    pub lost_revenue_usd: Option<f64>,
    /// Strikes dated in the period.
    pub strikes_in_period: usize,
    /// Per asset, largest lost capacity first; assets with no outage are left out.
    pub assets: Vec<AssetHistory>,
    /// Per strike with days offline in the period, in date order.
    pub strikes: Vec<StrikeContribution>,
    /// The figures' bands over record draws, when draws were asked for.
    pub bands: Option<HistoryBands>,
}

/// The figures that carry a band in JSON, each with its `_p10`, `_p50` and `_p90` keys.
const BANDED: [[&str; 4]; 5] = [
    [
        "lost_capacity_mt",
        "lost_capacity_mt_p10",
        "lost_capacity_mt_p50",
        "lost_capacity_mt_p90",
    ],
    [
        "lost_throughput_mt",
        "lost_throughput_mt_p10",
        "lost_throughput_mt_p50",
        "lost_throughput_mt_p90",
    ],
    [
        "mean_offline_share",
        "mean_offline_share_p10",
        "mean_offline_share_p50",
        "mean_offline_share_p90",
    ],
    [
        "mean_offline_kbd",
        "mean_offline_kbd_p10",
        "mean_offline_kbd_p50",
        "mean_offline_kbd_p90",
    ],
    [
        "peak_offline_mtpa",
        "peak_offline_mtpa_p10",
        "peak_offline_mtpa_p50",
        "peak_offline_mtpa_p90",
    ],
];

impl Serialize for History {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let b = self.bands.as_ref();
        let mut st = serializer.serialize_struct("History", 32)?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("to", &self.to)?;
        st.serialize_field("days", &self.days)?;
        st.serialize_field("national_capacity_mtpa", &self.national_capacity_mtpa)?;
        st.serialize_field("period_capacity_mt", &self.period_capacity_mt)?;
        // Each figure, then its band over record draws when there is one.
        let figures: [(&[&'static str; 4], f64, Option<Band>); 5] = [
            (
                &BANDED[0],
                self.lost_capacity_mt,
                b.map(|b| b.lost_capacity_mt),
            ),
            (
                &BANDED[1],
                self.lost_throughput_mt,
                b.map(|b| b.lost_throughput_mt),
            ),
            (
                &BANDED[2],
                self.mean_offline_share,
                b.map(|b| b.mean_offline_share),
            ),
            (
                &BANDED[3],
                self.mean_offline_kbd,
                b.map(|b| b.mean_offline_kbd),
            ),
            (
                &BANDED[4],
                self.peak_offline_mtpa,
                b.map(|b| b.peak_offline_mtpa),
            ),
        ];
        for (i, (names, value, band)) in figures.into_iter().enumerate() {
            if i == 3 {
                st.serialize_field("mean_offline_mtpa", &self.mean_offline_mtpa)?;
            }
            st.serialize_field(names[0], &value)?;
            if let Some(band) = band {
                st.serialize_field(names[1], &band.p10)?;
                st.serialize_field(names[2], &band.p50)?;
                st.serialize_field(names[3], &band.p90)?;
            }
        }
        st.serialize_field("lost_revenue_usd", &self.lost_revenue_usd)?;
        st.serialize_field("strikes_in_period", &self.strikes_in_period)?;
        if let Some(b) = b {
            st.serialize_field("draws", &b.draws)?;
            st.serialize_field("seed", &b.seed)?;
            st.serialize_field("records_varied", &b.counts)?;
        }
        st.serialize_field("assets", &self.assets)?;
        st.serialize_field("strikes", &self.strikes)?;
        st.end()
    }
}

/// One observed day of a history period (the daily table of `history --out`).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryDay {
    /// The day.
    pub date: NaiveDate,
    /// National capacity offline, in the group's unit (Mt/yr for refineries).
    pub offline_mtpa: f64,
    /// Offline over national capacity.
    pub offline_share: f64,
    /// Throughput lost: offline capacity times utilization, in the unit's throughput
    /// (tonnes for refineries, MWh for power plants).
    pub unprocessed_t: f64,
    /// The price row in effect (`None`: no price row).
    pub price: Option<crate::data::PricePoint>,
    /// Revenue lost against no outage, USD (`None`: no price row).
    pub revenue_loss_usd: Option<f64>,
}

/// Each day of `data`'s observed history over `[from, to]`, both included.
pub fn history_days(
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
    options: HistoryOptions,
) -> Result<Vec<HistoryDay>, Error> {
    data.single_group()?;
    if to < from {
        return Err(Error::setting(
            "period",
            "a last day on or after the first",
            format!("{from} .. {to}"),
        ));
    }
    let window = Window::inclusive(from, to);
    let timeline = Timeline::build(&data.assets, &data.strikes, window);
    let national = data.assets.total_capacity();
    let unit = data.assets.unit();
    let prices = day_prices(data, window);
    Ok(window
        .dates()
        .enumerate()
        .map(|(d, date)| {
            let (mut offline, mut offline_w) = (0.0, 0.0);
            for (a, s) in data.assets.as_slice().iter().zip(&timeline.offline) {
                offline += s[d];
                offline_w += s[d] * a.utilization_or(options.default_utilization);
            }
            let price = prices.get(d).copied();
            HistoryDay {
                date,
                offline_mtpa: offline,
                offline_share: offline / national,
                unprocessed_t: unit.throughput_per_day(offline_w),
                price,
                revenue_loss_usd: price.map(|p| {
                    crate::observed::revenue::day_revenue(
                        &unit,
                        offline_w,
                        offline_w,
                        p.product_usd_t,
                        p.crude_usd_t,
                        options.diversion,
                    )
                    .revenue_loss_usd
                }),
            }
        })
        .collect())
}

/// The observed history of `data` over `[from, to]`, both days included.
pub fn history(
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
    options: HistoryOptions,
) -> Result<History, Error> {
    let group = data.single_group()?;
    if to < from {
        return Err(Error::setting(
            "period",
            "a last day on or after the first",
            format!("{from} .. {to}"),
        ));
    }
    let window = Window::inclusive(from, to);
    let timeline = Timeline::build(&data.assets, &data.strikes, window);
    let national_capacity = data.assets.total_capacity();
    let days = window.days as f64;
    let prices = day_prices(data, window);
    let mut per_asset = Vec::new();
    for (asset, series) in data.assets.as_slice().iter().zip(&timeline.offline) {
        let sum: f64 = series.iter().sum();
        let u = asset.utilization_or(options.default_utilization);
        if sum > 0.0 {
            per_asset.push(AssetHistory {
                asset_id: asset.id.clone(),
                name: asset.name.clone(),
                capacity: asset.capacity,
                lost_capacity_mt: asset.unit.amount(sum),
                lost_throughput_mt: asset.unit.amount(sum * u),
                mean_offline_share: sum / days / asset.capacity,
                days_with_outage: series.iter().filter(|v| **v > 0.0).count(),
                lost_revenue_usd: lost_revenue(
                    &asset.unit,
                    series.iter().map(|v| v * u),
                    &prices,
                    options.diversion,
                ),
            });
        }
    }
    let national_w = (0..window.days).map(|d| {
        data.assets
            .as_slice()
            .iter()
            .zip(&timeline.offline)
            .map(|(a, s)| s[d] * a.utilization_or(options.default_utilization))
            .sum::<f64>()
    });
    let lost_revenue_usd =
        lost_revenue(&data.assets.unit(), national_w, &prices, options.diversion);
    per_asset.sort_by(|a, b| {
        b.lost_capacity_mt
            .total_cmp(&a.lost_capacity_mt)
            .then_with(|| a.asset_id.cmp(&b.asset_id))
    });
    let rows: Vec<Option<&[f64]>> = timeline.offline.iter().map(|r| Some(&r[..])).collect();
    let f = figures(&data.assets, &rows, window.days, &options, &mut Vec::new());
    let bands = options
        .draws
        .map(|d| draw_figures(data, window, &options, d))
        .transpose()?;
    Ok(History {
        group,
        unit: data.assets.unit(),
        from,
        to,
        days: window.days,
        national_capacity_mtpa: national_capacity,
        period_capacity_mt: data.assets.unit().amount(national_capacity * days),
        lost_capacity_mt: f.lost_capacity_mt,
        lost_throughput_mt: f.lost_throughput_mt,
        mean_offline_share: f.mean_offline_share,
        mean_offline_mtpa: f.mean_offline_mtpa,
        mean_offline_kbd: f.mean_offline_kbd,
        peak_offline_mtpa: f.peak_offline_mtpa,
        bands,
        lost_revenue_usd,
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
                    strike_id: s.id.to_string(),
                    asset_id: data.asset_of(s).id.clone(),
                    date: s.date,
                    restart_date: s.restart_date(),
                    disabled: s.disabled,
                    days_in_period: days as usize,
                    lost_capacity_mt: data.asset_of(s).unit.amount(s.disabled * days as f64),
                    confidence: s.confidence.map(|c| format!("{c:?}").to_lowercase()),
                    notes: s
                        .certainty()
                        .notes()
                        .into_iter()
                        .chain(
                            s.extra()
                                .iter()
                                .filter(|(k, _)| k.ends_with("_basis"))
                                .cloned(),
                        )
                        .collect(),
                })
            })
            .collect(),
    })
}

/// One month's figures: first day, days covered, lost volume (Mt, capacity basis) and
/// its share of national capacity over the days covered.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// First day of the month.
    pub month: NaiveDate,
    /// Days of the month inside the period.
    pub days: usize,
    /// Lost volume, Mt.
    pub lost_mt: f64,
    /// lost / (national capacity * days / 365).
    pub share: f64,
}

/// Lost volume per calendar month over `[from, to]` (capacity basis), with its share of
/// national capacity over the days of the month inside the period.
pub(crate) fn monthly(data: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<Month> {
    if to < from {
        return Vec::new();
    }
    let window = Window::inclusive(from, to);
    let national = Timeline::build(&data.assets, &data.strikes, window).national();
    let capacity = data.assets.total_capacity();
    let unit = data.assets.unit();
    let mut out: Vec<Month> = Vec::new();
    for (d, v) in window.dates().zip(national) {
        let key = d.with_day(1).expect("day 1 exists");
        match out.last_mut() {
            Some(m) if m.month == key => {
                m.days += 1;
                m.lost_mt += unit.amount(v);
            }
            _ => out.push(Month {
                month: key,
                days: 1,
                lost_mt: unit.amount(v),
                share: 0.0,
            }),
        }
    }
    for m in &mut out {
        m.share = m.lost_mt / unit.amount(capacity * m.days as f64);
    }
    out
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
    fn monthly_losses_by_hand() {
        // Dec 30-31: s0's 80 Mt/yr (160 Mt/yr-days); Jan 1-3 on a: 100, 100 (capped), 50.
        let m = monthly(&data(), d("2024-12-30"), d("2025-01-03"));
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].month, m[0].days), (d("2024-12-01"), 2));
        assert!((m[0].lost_mt - 160.0 / 365.0).abs() < 1e-12);
        assert_eq!((m[1].month, m[1].days), (d("2025-01-01"), 3));
        assert!((m[1].lost_mt - 250.0 / 365.0).abs() < 1e-12);
        // Share of 365 Mt/yr national capacity over 3 days (3 Mt).
        assert!((m[1].share - 250.0 / 365.0 / 3.0).abs() < 1e-12);
        assert!(monthly(&data(), d("2025-01-03"), d("2025-01-01")).is_empty());
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
