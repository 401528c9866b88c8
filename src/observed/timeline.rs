//! The outage timeline: capacity offline per asset and day.

use chrono::{Datelike, NaiveDate};

use crate::data::{Assets, Strike};

/// Offline capacity below this (Mt/yr) is treated as zero: it only removes the rounding
/// left by adding and then subtracting the same capacities.
pub(crate) const OFFLINE_EPSILON_MTPA: f64 = 1e-9;

/// A half-open window of calendar days `[start, start + days)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day.
    pub start: NaiveDate,
    /// Number of days.
    pub days: usize,
}

impl Window {
    /// The window from `first` to `last`, both included.
    pub fn inclusive(first: NaiveDate, last: NaiveDate) -> Self {
        let days = (last - first).num_days() + 1;
        Window {
            start: first,
            days: days.max(0) as usize,
        }
    }

    /// The last day (inclusive). Undefined for an empty window.
    pub fn last(&self) -> NaiveDate {
        self.day(self.days.saturating_sub(1))
    }

    /// The calendar day of index `i`.
    pub fn day(&self, i: usize) -> NaiveDate {
        self.start + chrono::Days::new(i as u64)
    }

    /// Index of `day` in the window (may be negative or past the end).
    pub fn offset(&self, day: NaiveDate) -> i64 {
        // Days counted from the common era: a few integer steps, where chrono's difference
        // of two dates divides each into 400-year cycles. The same number for every date.
        i64::from(day.num_days_from_ce()) - i64::from(self.start.num_days_from_ce())
    }

    /// True when `day` is one of the window's days.
    pub fn contains(&self, day: NaiveDate) -> bool {
        (0..self.days as i64).contains(&self.offset(day))
    }

    /// The days of the window, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.days).map(|i| self.day(i))
    }
}

/// Adds `mtpa` to `diff` over the part of `[from, from + len)` (window offsets) that
/// falls in the window; `diff` has one more slot than the window has days.
pub(crate) fn add_interval(diff: &mut [f64], from: i64, len: i64, mtpa: f64) {
    if let Some((lo, hi)) = interval_entries(diff.len().saturating_sub(1), from, len) {
        diff[lo] += mtpa;
        diff[hi] -= mtpa;
    }
}

/// The two entries of a difference array over `days` days that [`add_interval`] changes for
/// `[from, from + len)`: its first day in the window and the day after its last (or the
/// window's end); `None` when no day of it is in the window.
pub(crate) fn interval_entries(days: usize, from: i64, len: i64) -> Option<(usize, usize)> {
    let (lo, hi) = (from.max(0), (from + len).min(days as i64));
    (lo < hi).then_some((lo as usize, hi as usize))
}

/// Turns a difference array into running sums, in place, cleaning rounding residue.
pub(crate) fn integrate(diff: &mut Vec<f64>) {
    running_sums(diff, 0.0);
    diff.pop();
}

/// Turns `diff` into running sums that start from `acc` (the running sum before it), in
/// place, cleaning rounding residue as [`integrate`] does; returns the last running sum.
/// Integrating a difference array piece by piece gives the same values as at once.
pub(crate) fn running_sums(diff: &mut [f64], mut acc: f64) -> f64 {
    for v in diff.iter_mut() {
        acc += *v;
        if acc.abs() < OFFLINE_EPSILON_MTPA {
            acc = 0.0;
        }
        *v = acc;
    }
    acc
}

/// One outage: asset `asset` loses `mtpa` on the days `[date, date + days)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Outage {
    /// Position of the asset in the assets table.
    pub asset: usize,
    /// First day offline.
    pub date: NaiveDate,
    /// Days offline.
    pub days: u32,
    /// Capacity offline, Mt/yr.
    pub mtpa: f64,
}

impl From<&Strike> for Outage {
    fn from(s: &Strike) -> Self {
        Outage {
            asset: s.asset,
            date: s.date,
            days: s.repair_days,
            mtpa: s.disabled,
        }
    }
}

/// Offline capacity per asset and day over a window, capped at each asset's capacity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Timeline {
    /// The days covered.
    pub window: Window,
    /// `offline[a][d]`: capacity of asset `a` offline on day `d` of the window, Mt/yr,
    /// `min(capacity_a, sum of active strikes)`.
    pub offline: Vec<Vec<f64>>,
}

impl Timeline {
    /// The outage timeline of `strikes` over `window`: a strike is active on day `d` when
    /// `date <= d < date + repair_days`.
    pub(crate) fn build<'s>(
        assets: &Assets,
        strikes: impl IntoIterator<Item = &'s Strike>,
        window: Window,
    ) -> Self {
        Self::from_outages(assets, strikes.into_iter().map(Outage::from), window)
    }

    /// The outage timeline of `outages` over `window`, capped per asset.
    pub(crate) fn from_outages(
        assets: &Assets,
        outages: impl IntoIterator<Item = Outage>,
        window: Window,
    ) -> Self {
        let mut offline = uncapped_outages(assets.len(), outages, window);
        for (series, asset) in offline.iter_mut().zip(assets.as_slice()) {
            for v in series.iter_mut() {
                *v = v.min(asset.in_service());
            }
        }
        Timeline { window, offline }
    }

    /// National offline capacity per day, Mt/yr.
    pub(crate) fn national(&self) -> Vec<f64> {
        let mut total = vec![0.0; self.window.days];
        for series in &self.offline {
            for (t, v) in total.iter_mut().zip(series) {
                *t += v;
            }
        }
        total
    }
}

/// Uncapped sums of active outages per asset and day.
pub(crate) fn uncapped_outages(
    n_assets: usize,
    outages: impl IntoIterator<Item = Outage>,
    window: Window,
) -> Vec<Vec<f64>> {
    let mut diff = vec![vec![0.0; window.days + 1]; n_assets];
    for o in outages {
        add_interval(
            &mut diff[o.asset],
            window.offset(o.date),
            i64::from(o.days),
            o.mtpa,
        );
    }
    for d in &mut diff {
        integrate(d);
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Asset;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn outages_are_half_open_and_capped() {
        let assets = Assets::new(vec![Asset::new("a", "A", 10.0), Asset::new("b", "B", 4.0)]);
        let strikes = vec![
            Strike::new("1", d("2025-01-02"), 0, 6.0, 3), // Jan 2, 3, 4
            Strike::new("2", d("2025-01-03"), 0, 6.0, 1), // Jan 3 only: 12 capped to 10
            Strike::new("3", d("2024-12-30"), 1, 1.0, 4), // Dec 30 .. Jan 2
        ];
        let t = Timeline::build(
            &assets,
            &strikes,
            Window::inclusive(d("2025-01-01"), d("2025-01-05")),
        );
        assert_eq!(t.offline[0], vec![0.0, 6.0, 10.0, 6.0, 0.0]);
        assert_eq!(t.offline[1], vec![1.0, 1.0, 0.0, 0.0, 0.0]);
        assert_eq!(t.national(), vec![1.0, 7.0, 10.0, 6.0, 0.0]);
    }
}
