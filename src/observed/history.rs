//! Observed history over a period: lost capacity, lost throughput, offline share.

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::data::{Dataset, PricePoint, Product, Slate};
use crate::error::Error;
use crate::observed::draws::{draw_figures, Band, Consequences, HistoryBands};
use crate::observed::figures::{day_prices, figures, lost_revenue, HistoryOptions};
use crate::observed::fuels::{
    any_exports, exports_lost, exports_note, exports_revenue_lost, exports_warning, timeline_fuels,
    PeriodFuels,
};
use crate::observed::power::{DeficitFigures, PeriodBalance};
use crate::observed::timeline::{Timeline, Window};
use crate::units::{Quantity, Unit};

/// One asset's figures over a period (serialised inside a [`History`], whose unit names
/// its keys).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetHistory {
    /// Asset id.
    pub asset_id: String,
    /// Asset name.
    pub name: String,
    /// Capacity, in the asset's unit (Mt/yr for refineries).
    pub capacity: f64,
    /// Capacity offline summed over the days, in the unit's amount (Mt for Mt/yr; capacity
    /// basis).
    pub lost_capacity: f64,
    /// Offline capacity times utilization summed over the days, in the unit's amount
    /// (throughput basis).
    pub lost_throughput: f64,
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
/// Serialised inside a [`History`], whose unit names its keys.
#[derive(Debug, Clone, PartialEq)]
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
    pub disabled: f64,
    /// Days offline inside the period.
    pub days_in_period: usize,
    /// Capacity disabled times days in the period, in the unit's amount (uncapped).
    pub lost_capacity: f64,
    /// Confidence of the record, if given.
    pub confidence: Option<String>,
    /// The record's columns the model does not read (for example how the outage length
    /// was found), as (header, value).
    pub notes: Vec<(String, String)>,
}

/// National figures over a period of observed history, as MODEL.md defines them.
///
/// Figures are in the group's unit (capacities) and its amount (capacity times days: Mt for
/// Mt/yr, GWh for MW). In JSON the keys name that unit ([`Unit::key`]), and with record
/// draws each of `lost_capacity`, `lost_throughput`, `mean_offline_share`,
/// `mean_offline_kbd` and `peak_offline` is followed by its `_p10`, `_p50` and `_p90`.
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
    /// National capacity: sum of asset capacities, in the unit.
    pub national_capacity: f64,
    /// National capacity held over the period, capacity times days in the unit's amount.
    pub period_capacity: f64,
    /// National offline capacity summed over the days, in the unit's amount (capacity basis).
    pub lost_capacity: f64,
    /// Offline capacity times utilization summed over days and assets, in the unit's amount.
    pub lost_throughput: f64,
    /// Mean over days of offline / national capacity.
    pub mean_offline_share: f64,
    /// Mean national offline capacity, in the unit.
    pub mean_offline: f64,
    /// Mean national offline capacity in thousand barrels per day.
    pub mean_offline_kbd: f64,
    /// Highest national offline capacity on one day, in the unit.
    pub peak_offline: f64,
    /// Revenue lost against no outage over the period, USD: each day's lost throughput
    /// valued at its price row, with `diversion` of the unprocessed crude sold at the crude
    /// price (MODEL.md, "Revenue"); `None` with no price row.
    pub lost_revenue_usd: Option<f64>,
    /// Fuels lost (MODEL.md, "Fuels"): each product's mean tonnes per day over the period,
    /// in [`Product::ALL`] order, for a group of refineries whose yields are known (their
    /// bands are in `bands`).
    pub fuels_t_per_day: Option<Slate>,
    /// Exports lost (MODEL.md, "Fuels"): each product's mean tonnes per day over the
    /// period, 0 for a product without export figures (their bands are in `bands`).
    pub exports_lost_t_per_day: Option<Slate>,
    /// Export revenue lost over the period, USD (MODEL.md, "Fuels"): the exports lost at
    /// each fuel's export price, where exports and prices are given (its band is in
    /// `bands`).
    pub exports_revenue_lost_usd: Option<f64>,
    /// Hours without power (MODEL.md, "Hours without power"), for a group in MW whose
    /// balance covers some day of the period (their bands are in `bands`).
    pub deficit: Option<DeficitFigures>,
    /// Strikes dated in the period.
    pub strikes_in_period: usize,
    /// Per asset, largest lost capacity first; assets with no outage are left out.
    pub assets: Vec<AssetHistory>,
    /// Per strike with days offline in the period, in date order.
    pub strikes: Vec<StrikeContribution>,
    /// The figures' bands over record draws, when draws were asked for.
    pub bands: Option<HistoryBands>,
    /// What the reader should know: days valued at a price row of an earlier month (the
    /// prices end before the period does).
    pub warnings: Vec<String>,
    /// What a reader needs to read the figures right (a point figure outside its own band,
    /// and why).
    pub notes: Vec<String>,
}

impl Serialize for History {
    /// The figures with keys named for the group's unit (`lost_capacity_mt` for refineries,
    /// `lost_capacity_gwh` for power plants), each banded figure followed by its `_p10`,
    /// `_p50` and `_p90` over record draws when there are draws.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let unit = &self.unit;
        let b = self.bands.as_ref();
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("group", &self.group)?;
        m.serialize_entry("unit", unit.name())?;
        m.serialize_entry("from", &self.from)?;
        m.serialize_entry("to", &self.to)?;
        m.serialize_entry("days", &self.days)?;
        m.serialize_entry(
            &unit.key("national_capacity", Quantity::Capacity),
            &self.national_capacity,
        )?;
        m.serialize_entry(
            &unit.key("period_capacity", Quantity::Amount),
            &self.period_capacity,
        )?;
        // Each figure, then its band over record draws when there is one.
        let figures: [(String, f64, Option<Band>); 5] = [
            (
                unit.key("lost_capacity", Quantity::Amount),
                self.lost_capacity,
                b.map(|b| b.lost_capacity),
            ),
            (
                unit.key("lost_throughput", Quantity::Amount),
                self.lost_throughput,
                b.map(|b| b.lost_throughput),
            ),
            (
                "mean_offline_share".to_owned(),
                self.mean_offline_share,
                b.map(|b| b.mean_offline_share),
            ),
            (
                "mean_offline_kbd".to_owned(),
                self.mean_offline_kbd,
                b.map(|b| b.mean_offline_kbd),
            ),
            (
                unit.key("peak_offline", Quantity::Capacity),
                self.peak_offline,
                b.map(|b| b.peak_offline),
            ),
        ];
        for (i, (name, value, band)) in figures.into_iter().enumerate() {
            if i == 3 {
                m.serialize_entry(
                    &unit.key("mean_offline", Quantity::Capacity),
                    &self.mean_offline,
                )?;
            }
            m.serialize_entry(&name, &value)?;
            if let Some(band) = band {
                m.serialize_entry(&format!("{name}_p10"), &band.p10)?;
                m.serialize_entry(&format!("{name}_p50"), &band.p50)?;
                m.serialize_entry(&format!("{name}_p90"), &band.p90)?;
            }
        }
        m.serialize_entry("lost_revenue_usd", &self.lost_revenue_usd)?;
        if let Some(fuels) = &self.fuels_t_per_day {
            let bands = b.and_then(|b| b.fuels_t_per_day);
            // Tonnes per day, then the same in thousand barrels per day at each product's
            // own barrels per tonne.
            for (kbd, key) in [(false, "t_per_day"), (true, "kbd")] {
                for p in Product::ALL {
                    let scale = if kbd {
                        p.barrels_per_tonne() / crate::units::BARRELS_PER_KB
                    } else {
                        1.0
                    };
                    let name = format!("{}_{key}", p.name());
                    m.serialize_entry(&name, &(fuels[p as usize] * scale))?;
                    if let Some(band) = bands.map(|b| b[p as usize]) {
                        m.serialize_entry(&format!("{name}_p10"), &(band.p10 * scale))?;
                        m.serialize_entry(&format!("{name}_p50"), &(band.p50 * scale))?;
                        m.serialize_entry(&format!("{name}_p90"), &(band.p90 * scale))?;
                    }
                }
            }
        }
        if let Some(lost) = &self.exports_lost_t_per_day {
            let bands = b.and_then(|b| b.exports_lost_t_per_day);
            m.serialize_entry("exports_lost_t_per_day", &lost.iter().sum::<f64>())?;
            if let Some(band) = b.and_then(|b| b.exports_lost_total) {
                m.serialize_entry("exports_lost_t_per_day_p10", &band.p10)?;
                m.serialize_entry("exports_lost_t_per_day_p50", &band.p50)?;
                m.serialize_entry("exports_lost_t_per_day_p90", &band.p90)?;
            }
            for p in Product::ALL {
                let name = format!("{}_exports_lost_t_per_day", p.name());
                m.serialize_entry(&name, &lost[p as usize])?;
                if let Some(band) = bands.map(|b| b[p as usize]) {
                    m.serialize_entry(&format!("{name}_p10"), &band.p10)?;
                    m.serialize_entry(&format!("{name}_p50"), &band.p50)?;
                    m.serialize_entry(&format!("{name}_p90"), &band.p90)?;
                }
            }
        }
        if let Some(d) = &self.deficit {
            let bands = b.and_then(|b| b.deficit);
            let values = [
                ("peak_deficit_mw", d.peak_deficit_mw),
                ("max_deficit_mw", d.max_deficit_mw),
                ("unserved_mwh", d.unserved_mwh),
                ("deficit_hours_per_day", d.deficit_hours_per_day),
            ];
            for (i, (name, v)) in values.into_iter().enumerate() {
                m.serialize_entry(name, &v)?;
                if let Some(band) = bands.map(|b| b[i]) {
                    m.serialize_entry(&format!("{name}_p10"), &band.p10)?;
                    m.serialize_entry(&format!("{name}_p50"), &band.p50)?;
                    m.serialize_entry(&format!("{name}_p90"), &band.p90)?;
                }
            }
            m.serialize_entry("balance_days", &d.balance_days)?;
        }
        if let Some(usd) = self.exports_revenue_lost_usd {
            m.serialize_entry("exports_revenue_lost_usd", &usd)?;
            if let Some(band) = b.and_then(|b| b.exports_revenue_lost_usd) {
                m.serialize_entry("exports_revenue_lost_usd_p10", &band.p10)?;
                m.serialize_entry("exports_revenue_lost_usd_p50", &band.p50)?;
                m.serialize_entry("exports_revenue_lost_usd_p90", &band.p90)?;
            }
        }
        m.serialize_entry("strikes_in_period", &self.strikes_in_period)?;
        if let Some(b) = b {
            m.serialize_entry("draws", &b.draws)?;
            m.serialize_entry("seed", &b.seed)?;
            m.serialize_entry("records_varied", &b.counts)?;
        }
        let assets: Vec<InUnit<'_, AssetHistory>> =
            self.assets.iter().map(|a| InUnit(a, unit)).collect();
        let strikes: Vec<InUnit<'_, StrikeContribution>> =
            self.strikes.iter().map(|s| InUnit(s, unit)).collect();
        m.serialize_entry("assets", &assets)?;
        m.serialize_entry("strikes", &strikes)?;
        m.serialize_entry("warnings", &self.warnings)?;
        m.serialize_entry("notes", &self.notes)?;
        m.end()
    }
}

/// A record serialised with its keys named for `unit`.
struct InUnit<'a, T>(&'a T, &'a Unit);

impl Serialize for InUnit<'_, AssetHistory> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (a, unit) = (self.0, self.1);
        let mut m = serializer.serialize_map(Some(8))?;
        m.serialize_entry("asset_id", &a.asset_id)?;
        m.serialize_entry("name", &a.name)?;
        m.serialize_entry(&unit.key("capacity", Quantity::Capacity), &a.capacity)?;
        m.serialize_entry(
            &unit.key("lost_capacity", Quantity::Amount),
            &a.lost_capacity,
        )?;
        m.serialize_entry(
            &unit.key("lost_throughput", Quantity::Amount),
            &a.lost_throughput,
        )?;
        m.serialize_entry("mean_offline_share", &a.mean_offline_share)?;
        m.serialize_entry("days_with_outage", &a.days_with_outage)?;
        m.serialize_entry("lost_revenue_usd", &a.lost_revenue_usd)?;
        m.end()
    }
}

impl Serialize for InUnit<'_, StrikeContribution> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (s, unit) = (self.0, self.1);
        let mut m = serializer.serialize_map(Some(9))?;
        m.serialize_entry("strike_id", &s.strike_id)?;
        m.serialize_entry("asset_id", &s.asset_id)?;
        m.serialize_entry("date", &s.date)?;
        m.serialize_entry("restart_date", &s.restart_date)?;
        m.serialize_entry(&unit.key("disabled", Quantity::Capacity), &s.disabled)?;
        m.serialize_entry("days_in_period", &s.days_in_period)?;
        m.serialize_entry(
            &unit.key("lost_capacity", Quantity::Amount),
            &s.lost_capacity,
        )?;
        m.serialize_entry("confidence", &s.confidence)?;
        m.serialize_entry("notes", &s.notes)?;
        m.end()
    }
}

/// One observed day of a history period (the daily table of `history --out`).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryDay {
    /// The day.
    pub date: NaiveDate,
    /// National capacity offline, in the group's unit (Mt/yr for refineries).
    pub offline: f64,
    /// Offline over national capacity.
    pub offline_share: f64,
    /// Throughput lost: offline capacity times utilization, in the unit's throughput
    /// (tonnes for refineries, MWh for power plants).
    pub unprocessed: f64,
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
    let (_, window, timeline) = period_timeline(data, from, to)?;
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
                offline,
                offline_share: offline / national,
                unprocessed: unit.throughput_per_day(offline_w),
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
    if let Some(s) = options.export_share.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(Error::setting(
            "export_share",
            "a share with 0 <= s <= 1",
            s,
        ));
    }
    let (group, window, timeline) = period_timeline(data, from, to)?;
    let national_capacity = data.assets.total_capacity();
    let days = window.days as f64;
    let prices = day_prices(data, window);
    let per_asset = asset_histories(data, &timeline, &prices, &options);
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
    let rows: Vec<Option<&[f64]>> = timeline.offline.iter().map(|r| Some(&r[..])).collect();
    let f = figures(&data.assets, &rows, window.days, &options, &mut Vec::new());
    let fuels = PeriodFuels::of(data, window, &options);
    let balance = PeriodBalance::of(data, window);
    let consequences = Consequences {
        fuels: fuels.as_ref().ok(),
        balance: balance.as_ref(),
    };
    let bands = options
        .draws
        .map(|d| draw_figures(data, window, &options, d, consequences))
        .transpose()?;
    let mut notes = Vec::new();
    let deficit = balance.as_ref().and_then(|b| {
        notes.extend(b.note(window, &group));
        b.figures(timeline.national().into_iter())
    });
    let (fuels_t_per_day, exports_lost_t_per_day, exports_revenue_lost_usd) = match &fuels {
        Ok(fuels) => {
            let (mean, daily) = timeline_fuels(data, &timeline, &fuels.plan);
            let exports = &fuels.exports;
            notes.extend(exports_warning(&fuels.other_months));
            notes.extend(exports_note(exports));
            let given = any_exports(exports);
            let lost = given.then(|| exports_lost(&daily, exports, options.export_share));
            let prices = fuels.prices.as_ref().filter(|_| given);
            notes.extend(prices.and_then(|p| p.note()));
            let revenue = prices
                .map(|p| exports_revenue_lost(&daily, exports, options.export_share, &p.daily));
            (
                Some(mean),
                lost.map(|l| l.map(|t| t / days.max(1.0))),
                revenue,
            )
        }
        Err(note) => {
            notes.extend(note.clone());
            (None, None, None)
        }
    };
    Ok(History {
        group,
        unit: data.assets.unit(),
        from,
        to,
        days: window.days,
        national_capacity,
        period_capacity: data.assets.unit().amount(national_capacity * days),
        lost_capacity: f.lost_capacity,
        lost_throughput: f.lost_throughput,
        mean_offline_share: f.mean_offline_share,
        mean_offline: f.mean_offline,
        mean_offline_kbd: f.mean_offline_kbd,
        peak_offline: f.peak_offline,
        bands,
        lost_revenue_usd,
        fuels_t_per_day,
        exports_lost_t_per_day,
        exports_revenue_lost_usd,
        deficit,
        strikes_in_period: data
            .strikes
            .iter()
            .filter(|s| s.date >= from && s.date <= to)
            .count(),
        assets: per_asset,
        strikes: contributions(data, from, to),
        warnings: warnings(data, window, &options),
        notes,
    }
    .with_band_notes())
}

/// The relative precision of a band's quantiles (streamed into histograms of three
/// significant digits): a point figure nearer its band than this is inside it.
const SKETCH_PRECISION: f64 = 1e-3;

impl History {
    /// The history with a note for each point figure that lies outside its own P10-P90
    /// band, saying why: the point figure counts every record fully, the band each record
    /// with its chance of having had an effect (and its range), so a period resting on
    /// low-confidence records can have its point figure above its P90.
    fn with_band_notes(mut self) -> History {
        let Some(b) = &self.bands else {
            return self;
        };
        let unit = &self.unit;
        let figures = [
            (
                unit.key("lost_capacity", Quantity::Amount),
                self.lost_capacity,
                b.lost_capacity,
            ),
            (
                unit.key("lost_throughput", Quantity::Amount),
                self.lost_throughput,
                b.lost_throughput,
            ),
            (
                "mean_offline_share".to_owned(),
                self.mean_offline_share,
                b.mean_offline_share,
            ),
            (
                unit.key("peak_offline", Quantity::Capacity),
                self.peak_offline,
                b.peak_offline,
            ),
        ];
        let above: Vec<&str> = figures
            .iter()
            .filter(|(_, v, band)| *v > band.p90 + SKETCH_PRECISION * band.p90.abs())
            .map(|(name, _, _)| name.as_str())
            .collect();
        let below: Vec<&str> = figures
            .iter()
            .filter(|(_, v, band)| *v < band.p10 - SKETCH_PRECISION * band.p10.abs())
            .map(|(name, _, _)| name.as_str())
            .collect();
        for (names, side) in [(above, "above its P90"), (below, "below its P10")] {
            if names.is_empty() {
                continue;
            }
            self.notes.push(format!(
                "the point figure of {} lies {side}: the point figure counts every record \
                 fully, the band counts each with its chance of having had an effect \
                 (p_effect, 0.5 for a low-confidence claim) and within its range",
                names.join(", ")
            ));
        }
        self
    }
}

/// What a reader of the history of `data` (one group) over `window` is told first: days
/// valued past the last price row, a group with no prices (no revenue), and settings of
/// refineries' crude that a group in another unit does not use.
pub(crate) fn warnings(data: &Dataset, window: Window, opts: &HistoryOptions) -> Vec<String> {
    let group = data.groups().join(", ");
    let mut out: Vec<String> = crate::observed::revenue::prices_end_warning(data, window)
        .into_iter()
        .collect();
    if data.prices.as_slice().is_empty() {
        out.push(format!(
            "no price row prices this group: it has no revenue here (give --prices with rows \
             of group {group})"
        ));
    }
    let unit = data.assets.unit();
    if unit != crate::units::Unit::Mtpa {
        if opts.diversion != 0.0 {
            out.push(format!(
                "--diversion is a share of refineries' unprocessed crude; capacity in {} has \
                 none, so it is not used",
                unit.label()
            ));
        }
        if opts.barrels_per_tonne != crate::units::BARRELS_PER_TONNE {
            out.push(format!(
                "--barrels-per-tonne converts refineries' tonnes to barrels; capacity in {} \
                 has none, so it is not used",
                unit.label()
            ));
        }
    }
    out
}

/// The group of `data` (one group only), the window `[from, to]` and its outage timeline;
/// a period that ends before it starts is refused.
fn period_timeline(
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(String, Window, Timeline), Error> {
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
    Ok((group, window, timeline))
}

/// Each asset's figures over the timeline's window, largest lost capacity first; assets
/// with no outage are left out.
fn asset_histories(
    data: &Dataset,
    timeline: &Timeline,
    prices: &[PricePoint],
    options: &HistoryOptions,
) -> Vec<AssetHistory> {
    let days = timeline.window.days as f64;
    let mut per_asset = Vec::new();
    for (asset, series) in data.assets.as_slice().iter().zip(&timeline.offline) {
        let sum: f64 = series.iter().sum();
        let u = asset.utilization_or(options.default_utilization);
        if sum > 0.0 {
            per_asset.push(AssetHistory {
                asset_id: asset.id.clone(),
                name: asset.name.clone(),
                capacity: asset.capacity,
                lost_capacity: asset.unit.amount(sum),
                lost_throughput: asset.unit.amount(sum * u),
                mean_offline_share: sum / days / asset.capacity,
                days_with_outage: series.iter().filter(|v| **v > 0.0).count(),
                lost_revenue_usd: lost_revenue(
                    &asset.unit,
                    series.iter().map(|v| v * u),
                    prices,
                    options.diversion,
                ),
            });
        }
    }
    per_asset.sort_by(|a, b| {
        b.lost_capacity
            .total_cmp(&a.lost_capacity)
            .then_with(|| a.asset_id.cmp(&b.asset_id))
    });
    per_asset
}

/// Each strike's days offline inside `[from, to]` and what they hold, in date order.
fn contributions(data: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<StrikeContribution> {
    data.strikes
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
                lost_capacity: data.asset_of(s).unit.amount(s.disabled * days as f64),
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
        .collect()
}

/// One month's figures: first day, days covered, lost volume (Mt, capacity basis) and
/// its share of national capacity over the days covered.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// First day of the month.
    pub month: NaiveDate,
    /// Days of the month inside the period.
    pub days: usize,
    /// Lost volume, in the unit's amount (Mt for Mt/yr).
    pub lost: f64,
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
                m.lost += unit.amount(v);
            }
            _ => out.push(Month {
                month: key,
                days: 1,
                lost: unit.amount(v),
                share: 0.0,
            }),
        }
    }
    for m in &mut out {
        m.share = m.lost / unit.amount(capacity * m.days as f64);
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
        assert!((h.lost_capacity - 746.0 / 365.0).abs() < 1e-12);
        // throughput: 600 * 0.5 + 146 * 0.85 = 424.1
        assert!((h.lost_throughput - 424.1 / 365.0).abs() < 1e-12);
        // share: mean of offline / 365 over 10 days = 746 / 365 / 10
        assert!((h.mean_offline_share - 746.0 / 3650.0).abs() < 1e-12);
        assert!((h.mean_offline - 74.6).abs() < 1e-12);
        assert!((h.mean_offline_kbd - 74.6 * 20.082_191_78).abs() < 1e-6);
        assert_eq!(h.peak_offline, 50.0 + 73.0);
        assert_eq!(h.strikes_in_period, 2);
        // s0 contributes Jan 1-2 only: 80 * 2 / 365 before the cap.
        let s0 = h.strikes.iter().find(|s| s.strike_id == "s0").unwrap();
        assert_eq!(s0.days_in_period, 2);
        assert!((s0.lost_capacity - 160.0 / 365.0).abs() < 1e-12);
        assert_eq!(h.assets[0].asset_id, "a");
        assert_eq!(h.assets[0].days_with_outage, 10);
        assert!((h.assets[0].mean_offline_share - 0.6).abs() < 1e-12);
        assert!((h.period_capacity - 10.0).abs() < 1e-12);
    }

    #[test]
    fn monthly_losses_by_hand() {
        // Dec 30-31: s0's 80 Mt/yr (160 Mt/yr-days); Jan 1-3 on a: 100, 100 (capped), 50.
        let m = monthly(&data(), d("2024-12-30"), d("2025-01-03"));
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].month, m[0].days), (d("2024-12-01"), 2));
        assert!((m[0].lost - 160.0 / 365.0).abs() < 1e-12);
        assert_eq!((m[1].month, m[1].days), (d("2025-01-01"), 3));
        assert!((m[1].lost - 250.0 / 365.0).abs() < 1e-12);
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
        assert_eq!(h.lost_capacity, 0.0);
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
