//! Revenue: throughput valued at product prices, plus unrefined crude exported instead.

use crate::units::Unit;

/// One day's revenue figures, as MODEL.md defines them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DayRevenue {
    /// Throughput: crude processed, tonnes (sum of online capacity times utilization
    /// * 1e6 / 365); MWh generated for power plants; in the unit's throughput in general.
    pub throughput: f64,
    /// What could not be processed or generated: offline capacity times utilization, in
    /// the same unit.
    pub unprocessed: f64,
    /// throughput * product price + diversion * unprocessed * crude price, USD.
    pub revenue_usd: f64,
    /// The same with no outage at all, USD.
    pub baseline_revenue_usd: f64,
    /// baseline - revenue, USD.
    pub revenue_loss_usd: f64,
}

/// Revenue of one day from utilization-weighted capacities.
///
/// * `capacity_w`: sum over assets of capacity times utilization, Mt/yr;
/// * `offline_w`: sum over assets of offline capacity times utilization, Mt/yr;
/// * prices in USD per unit of throughput (USD/t for refineries); `diversion` in 0..=1.
pub(crate) fn day_revenue(
    unit: &Unit,
    capacity_w: f64,
    offline_w: f64,
    product_usd_t: f64,
    crude_usd_t: f64,
    diversion: f64,
) -> DayRevenue {
    let throughput = unit.throughput_per_day(capacity_w - offline_w);
    let unprocessed = unit.throughput_per_day(offline_w);
    let revenue_usd = throughput * product_usd_t + diversion * unprocessed * crude_usd_t;
    let baseline_revenue_usd = unit.throughput_per_day(capacity_w) * product_usd_t;
    DayRevenue {
        throughput,
        unprocessed,
        revenue_usd,
        baseline_revenue_usd,
        revenue_loss_usd: baseline_revenue_usd - revenue_usd,
    }
}

/// The days of `window` after the month of `data`'s last price row, which are valued at
/// that row: (the row's date, the first such day, the window's last day), or `None`.
pub(crate) fn days_past_prices(
    data: &crate::data::Dataset,
    window: crate::observed::timeline::Window,
) -> Option<(chrono::NaiveDate, chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::Datelike;
    let last_row = data.prices.as_slice().last()?.date;
    let month_end = last_row.with_day(1)? + chrono::Months::new(1) - chrono::Days::new(1);
    (window.last() > month_end).then(|| {
        let first = month_end.max(window.start - chrono::Days::new(1)) + chrono::Days::new(1);
        (last_row, first, window.last())
    })
}

/// [`days_past_prices`] as a warning in words.
pub(crate) fn prices_end_warning(
    data: &crate::data::Dataset,
    window: crate::observed::timeline::Window,
) -> Option<String> {
    days_past_prices(data, window).map(|(last_row, first, last)| {
        format!(
            "the prices end with the row of {last_row}: the days {first} .. {last} are valued \
             at it (give later prices to value them)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revenue_by_hand() {
        // 365 Mt/yr at utilization 1 (1e6 t/day), 36.5 Mt/yr of it offline (1e5 t/day).
        let r = day_revenue(&Unit::Mtpa, 365.0, 36.5, 500.0, 400.0, 0.0);
        assert!((r.throughput - 900_000.0).abs() < 1e-6);
        assert!((r.unprocessed - 100_000.0).abs() < 1e-6);
        assert!((r.revenue_usd - 450e6).abs() < 1e-3);
        assert!((r.baseline_revenue_usd - 500e6).abs() < 1e-3);
        assert!((r.revenue_loss_usd - 50e6).abs() < 1e-3);
        // Half of the unprocessed crude exported at 400 USD/t: + 0.5 * 1e5 * 400 = 20e6.
        let d = day_revenue(&Unit::Mtpa, 365.0, 36.5, 500.0, 400.0, 0.5);
        assert!((d.revenue_usd - 470e6).abs() < 1e-3);
        // 1,000 MW at a capacity factor of 0.5 (500 MW weighted), 100 MW of it offline,
        // at 120 USD/MWh: 400 MW x 24 h x 120 = 1.152e6 USD, baseline 1.44e6 USD.
        let p = day_revenue(&Unit::Mw, 500.0, 100.0, 120.0, 0.0, 0.0);
        assert!((p.throughput - 9_600.0).abs() < 1e-9);
        assert!((p.revenue_usd - 1.152e6).abs() < 1e-6);
        assert!((p.baseline_revenue_usd - 1.44e6).abs() < 1e-6);
        assert!((p.revenue_loss_usd - 288_000.0).abs() < 1e-6);
        assert!((d.revenue_loss_usd - 30e6).abs() < 1e-3);
    }
}
