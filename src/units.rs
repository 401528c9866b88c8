//! Units and the constants that convert between them, each named once.
//!
//! Capacity is in million tonnes per year (Mt/yr, `mtpa`); one day of capacity
//! `c` Mt/yr is `c * 1e6 / 365` tonnes. Money is in US dollars; prices in USD per tonne.

/// Tonnes in one million tonnes (Mt).
pub(crate) const TONNES_PER_MT: f64 = 1e6;
/// Days in the model's year: every capacity figure is per 365-day year.
pub(crate) const DAYS_PER_YEAR: f64 = 365.0;
/// Default barrels in a tonne of crude (configurable where a conversion is offered).
pub(crate) const BARRELS_PER_TONNE: f64 = 7.33;
/// Barrels in one thousand barrels (kb).
pub(crate) const BARRELS_PER_KB: f64 = 1000.0;

/// Tonnes processed in one day by `mtpa` Mt/yr of capacity.
pub(crate) fn tonnes_per_day(mtpa: f64) -> f64 {
    mtpa * TONNES_PER_MT / DAYS_PER_YEAR
}

/// Mt of capacity held by `mtpa` Mt/yr over `days` days (capacity basis).
pub(crate) fn mt_over_days(mtpa: f64, days: f64) -> f64 {
    mtpa * days / DAYS_PER_YEAR
}

/// Thousand barrels per day equal to `mtpa` Mt/yr, at `barrels_per_tonne`.
///
/// With the default 7.33 bbl/t, 1 Mt/yr is 20.08 kb/d.
pub(crate) fn kbd_from_mtpa(mtpa: f64, barrels_per_tonne: f64) -> f64 {
    tonnes_per_day(mtpa) * barrels_per_tonne / BARRELS_PER_KB
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mtpa_is_20_08_kbd() {
        // 7.33e6 / 365 / 1000 = 20.0822 kb/d
        assert!((kbd_from_mtpa(1.0, BARRELS_PER_TONNE) - 20.0822).abs() < 1e-4);
    }

    #[test]
    fn a_day_of_capacity_in_tonnes() {
        assert!((tonnes_per_day(365.0) - 1e6).abs() < 1e-9);
        assert!((mt_over_days(330.0, 90.0) - 81.369_863).abs() < 1e-6);
    }
}
