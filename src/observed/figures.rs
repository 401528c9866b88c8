//! The national figures of a period (MODEL.md, "History"): one definition for the point
//! figures and for each draw of the records, with their settings and the prices they use.

use crate::data::{Assets, Dataset, PricePoint};
use crate::observed::timeline::Window;
use crate::units::{self, Unit};

/// Utilization used for assets whose row gives none, unless the caller says otherwise.
pub(crate) const DEFAULT_UTILIZATION: f64 = 0.85;

/// Settings of record draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawOptions {
    /// Number of draws of the records (>= 1).
    pub draws: u64,
    /// Seed: the same seed gives the same numbers on any machine and thread count.
    pub seed: u64,
}

impl DrawOptions {
    /// The draws every printed band uses unless told otherwise: 1,000 draws, seed 1.
    pub const DEFAULT: DrawOptions = DrawOptions {
        draws: 1000,
        seed: 1,
    };
}

/// The five national figures of MODEL.md over a window, from per-asset offline rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Figures {
    pub lost_capacity: f64,
    pub lost_throughput: f64,
    pub mean_offline_share: f64,
    pub mean_offline: f64,
    pub mean_offline_kbd: f64,
    pub peak_offline: f64,
}

/// The mean offline capacity in kb/d: converted from Mt/yr at `barrels_per_tonne`, as is
/// for kb/d assets, and not defined (NaN) for other units.
pub(crate) fn kbd_of(unit: &Unit, mean_offline: f64, barrels_per_tonne: f64) -> f64 {
    match unit {
        Unit::Mtpa => units::kbd_from_mtpa(mean_offline, barrels_per_tonne),
        Unit::Kbd => mean_offline,
        _ => f64::NAN,
    }
}

/// The national figures of the per-asset `offline` rows (`None`: no outage in the window);
/// `national` receives the national series. The one definition used by history and draws.
pub(crate) fn figures(
    assets: &Assets,
    offline: &[Option<&[f64]>],
    days: usize,
    options: &HistoryOptions,
    national: &mut Vec<f64>,
) -> Figures {
    national_offline(offline, days, national);
    let capacity = assets.total_capacity();
    let mut lost_capacity = 0.0;
    let mut lost_throughput = 0.0;
    for (asset, series) in assets.as_slice().iter().zip(offline) {
        let Some(series) = series else { continue };
        let sum: f64 = series.iter().sum();
        lost_capacity += sum;
        lost_throughput += sum * asset.utilization_or(options.default_utilization);
    }
    let n = days as f64;
    let mean_offline = lost_capacity / n;
    let unit = assets.unit();
    Figures {
        lost_capacity: unit.amount(lost_capacity),
        lost_throughput: unit.amount(lost_throughput),
        mean_offline_share: national.iter().map(|v| v / capacity).sum::<f64>() / n,
        mean_offline,
        mean_offline_kbd: kbd_of(&unit, mean_offline, options.barrels_per_tonne),
        peak_offline: national.iter().copied().fold(0.0, f64::max),
    }
}

/// National offline capacity per day of the assets' rows `offline` (`None`: none offline),
/// summed asset by asset into `national`.
pub(crate) fn national_offline(offline: &[Option<&[f64]>], days: usize, national: &mut Vec<f64>) {
    national.clear();
    national.resize(days, 0.0);
    for series in offline.iter().flatten() {
        for (t, v) in national.iter_mut().zip(series.iter()) {
            *t += v;
        }
    }
}

/// Settings of a history calculation.
#[derive(Debug, Clone, Copy)]
pub struct HistoryOptions {
    /// Utilization for assets whose row gives none.
    pub default_utilization: f64,
    /// Barrels per tonne, for kb/d.
    pub barrels_per_tonne: f64,
    /// Record draws for the figures' bands (`None`: the point figures only).
    pub draws: Option<DrawOptions>,
    /// Share of the unprocessed crude exported instead, for the lost revenue (0..=1).
    pub diversion: f64,
    /// Share of a fuel's lost output that comes out of its exports, up to what was
    /// exported (MODEL.md, "Fuels"); `None`: all of it, domestic demand served first.
    pub export_share: Option<f64>,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            default_utilization: DEFAULT_UTILIZATION,
            barrels_per_tonne: units::BARRELS_PER_TONNE,
            draws: None,
            diversion: 0.0,
            export_share: None,
        }
    }
}

/// The price row in effect on each day of `window` (days before the first row use the
/// first row, as in a projection); empty with no price row.
pub(crate) fn day_prices(data: &Dataset, window: Window) -> Vec<PricePoint> {
    let Some(first) = data.prices.as_slice().first().copied() else {
        return Vec::new();
    };
    window
        .dates()
        .map(|d| data.prices.at(d).unwrap_or(first))
        .collect()
}

/// Revenue lost against no outage, USD, over days of utilization-weighted offline capacity
/// `offline_w` (one per day of `prices`): `None` with no price row.
pub(crate) fn lost_revenue(
    unit: &Unit,
    offline_w: impl Iterator<Item = f64>,
    prices: &[PricePoint],
    diversion: f64,
) -> Option<f64> {
    (!prices.is_empty()).then(|| {
        offline_w
            .zip(prices)
            .map(|(w, p)| {
                crate::observed::revenue::day_revenue(
                    unit,
                    w,
                    w,
                    p.product_usd_t,
                    p.crude_usd_t,
                    diversion,
                )
                .revenue_loss_usd
            })
            .sum()
    })
}
