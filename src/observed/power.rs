//! Hours without power (MODEL.md, "Hours without power"): a power group's offline capacity
//! against its demand, the capacity available apart from the records' strikes and imports.

use serde::Serialize;

use crate::data::balance::DayBalance;
use crate::data::Dataset;
use crate::observed::timeline::Window;
use crate::units::Unit;

/// One day's deficit: the shortfall of each hour after imports, floored at 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DayDeficit {
    /// The largest hourly deficit, MW.
    pub peak_mw: f64,
    /// The day's deficits summed over its hours, MWh.
    pub unserved_mwh: f64,
    /// Hours with a deficit.
    pub hours: u32,
}

/// The deficit of a day with balance `b` and `offline` MW out from the records' strikes:
/// each hour `max(0, demand - max(0, available - offline) - imports)`.
pub(crate) fn day_deficit(b: &DayBalance, offline: f64) -> DayDeficit {
    let supply = (b.available - offline).max(0.0) + b.imports;
    let mut d = DayDeficit {
        peak_mw: 0.0,
        unserved_mwh: 0.0,
        hours: 0,
    };
    for demand in b.demand {
        let gap = (demand - supply).max(0.0);
        d.peak_mw = d.peak_mw.max(gap);
        d.unserved_mwh += gap;
        d.hours += u32::from(gap > 0.0);
    }
    d
}

/// A period's hours without power: means over the days the balance covers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DeficitFigures {
    /// The daily peak deficit after imports, MW, mean over the covered days.
    pub peak_deficit_mw: f64,
    /// The largest hourly deficit of any covered day, MW.
    pub max_deficit_mw: f64,
    /// Energy not served over the covered days, MWh.
    pub unserved_mwh: f64,
    /// Hours with a deficit per day, mean over the covered days.
    pub deficit_hours_per_day: f64,
    /// Days the balance covers.
    pub balance_days: usize,
}

impl DeficitFigures {
    /// These figures less `other`'s (what a scenario gives back against a reference).
    pub fn minus(&self, other: &DeficitFigures) -> DeficitFigures {
        DeficitFigures {
            peak_deficit_mw: self.peak_deficit_mw - other.peak_deficit_mw,
            max_deficit_mw: self.max_deficit_mw - other.max_deficit_mw,
            unserved_mwh: self.unserved_mwh - other.unserved_mwh,
            deficit_hours_per_day: self.deficit_hours_per_day - other.deficit_hours_per_day,
            balance_days: self.balance_days,
        }
    }
}

/// What a scenario gives back in hours without power against a reference (the reference's
/// figures less the scenario's), serialised as `gain_<figure>` keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeficitGain(pub DeficitFigures);

impl Serialize for DeficitGain {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let g = &self.0;
        let mut m = serializer.serialize_map(Some(4))?;
        m.serialize_entry("gain_peak_deficit_mw", &g.peak_deficit_mw)?;
        m.serialize_entry("gain_max_deficit_mw", &g.max_deficit_mw)?;
        m.serialize_entry("gain_unserved_mwh", &g.unserved_mwh)?;
        m.serialize_entry("gain_deficit_hours_per_day", &g.deficit_hours_per_day)?;
        m.end()
    }
}

/// One day of a power group's balance as the daily table holds it: [`POWER_COLUMNS`].
pub type PowerDay = [f64; 4];

/// The daily table's columns of a power group's balance, in the order of [`PowerDay`]: the
/// demand's peak, the supply (available apart from strikes, less the offline capacity, plus
/// imports), the peak deficit (MW) and the hours with a deficit.
pub(crate) const POWER_COLUMNS: [&str; 4] = [
    "demand_peak_mw",
    "supply_mw",
    "peak_deficit_mw",
    "deficit_hours",
];

/// A period's balance, day by day (`None`: a day the balance does not cover).
#[derive(Debug, Clone)]
pub(crate) struct PeriodBalance {
    days: Vec<Option<DayBalance>>,
}

impl PeriodBalance {
    /// The balance of `data`'s group over `window`: `None` for a group not in MW or one the
    /// balance table has no row for.
    pub(crate) fn of(data: &Dataset, window: Window) -> Option<Self> {
        if data.assets.unit() != Unit::Mw {
            return None;
        }
        let group = data.assets.as_slice().first()?.group.as_str();
        let balance = data.balance.of(group)?;
        Some(PeriodBalance {
            days: window.dates().map(|d| balance.on(d)).collect(),
        })
    }

    /// The highest hourly demand of any covered day, MW (the bands' scale).
    pub(crate) fn top_demand(&self) -> f64 {
        self.days
            .iter()
            .flatten()
            .flat_map(|b| b.demand)
            .fold(0.0, f64::max)
    }

    /// Days covered.
    pub(crate) fn covered(&self) -> usize {
        self.days.iter().flatten().count()
    }

    /// The figures of the national offline capacity `offline` (MW per day of the window),
    /// `None` when no day is covered.
    pub(crate) fn figures(&self, offline: impl Iterator<Item = f64>) -> Option<DeficitFigures> {
        let mut f = DeficitFigures {
            peak_deficit_mw: 0.0,
            max_deficit_mw: 0.0,
            unserved_mwh: 0.0,
            deficit_hours_per_day: 0.0,
            balance_days: 0,
        };
        for (b, off) in self.days.iter().zip(offline) {
            let Some(b) = b else { continue };
            let d = day_deficit(b, off);
            f.peak_deficit_mw += d.peak_mw;
            f.max_deficit_mw = f.max_deficit_mw.max(d.peak_mw);
            f.unserved_mwh += d.unserved_mwh;
            f.deficit_hours_per_day += f64::from(d.hours);
            f.balance_days += 1;
        }
        (f.balance_days > 0).then(|| {
            let n = f.balance_days as f64;
            DeficitFigures {
                peak_deficit_mw: f.peak_deficit_mw / n,
                deficit_hours_per_day: f.deficit_hours_per_day / n,
                ..f
            }
        })
    }

    /// Per day of the window with the national offline capacity `offline`, the demand peak,
    /// the supply, the peak deficit (MW) and the deficit hours ([`POWER_COLUMNS`]); NaN on
    /// the days the balance does not cover.
    pub(crate) fn days(&self, offline: impl Iterator<Item = f64>) -> Vec<PowerDay> {
        self.days
            .iter()
            .zip(offline)
            .map(|(b, off)| match b {
                None => [f64::NAN; 4],
                Some(b) => {
                    let d = day_deficit(b, off);
                    [
                        b.demand.iter().copied().fold(0.0, f64::max),
                        (b.available - off).max(0.0) + b.imports,
                        d.peak_mw,
                        f64::from(d.hours),
                    ]
                }
            })
            .collect()
    }

    /// What the reader should be told of the days the balance leaves out, if any.
    pub(crate) fn note(&self, window: Window, group: &str) -> Option<String> {
        let covered = self.covered();
        (covered < self.days.len()).then(|| {
            let first_gap = window
                .dates()
                .zip(&self.days)
                .find(|(_, b)| b.is_none())
                .map(|(d, _)| d);
            format!(
                "hours without power cover {covered} of {} days: the balance of group {group} gives no demand peak, load shape or available capacity for the others (the first: {})",
                self.days.len(),
                first_gap.map_or(String::new(), |d| d.to_string())
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made day: demand 8,000 MW for 20 hours and 10,000 MW for 4; 9,000 MW
    /// available apart from strikes, 2,000 MW of it struck, 1,500 MW of imports: 8,500 MW of
    /// supply, short by 1,500 MW in each of the 4 peak hours.
    #[test]
    fn a_days_deficit_by_hand() {
        let mut demand = [8_000.0; 24];
        demand[17..21].fill(10_000.0);
        let b = DayBalance {
            demand,
            available: 9_000.0,
            imports: 1_500.0,
        };
        let d = day_deficit(&b, 2_000.0);
        assert_eq!(d.peak_mw, 1_500.0);
        assert_eq!(d.hours, 4);
        // Unserved energy is the deficit integrated over the hours: 4 h x 1,500 MW.
        assert_eq!(d.unserved_mwh, 6_000.0);
        // More struck: short in every hour, by 500 MW off-peak and 2,500 at the peak.
        let d = day_deficit(&b, 3_000.0);
        assert_eq!((d.peak_mw, d.hours), (2_500.0, 24));
        assert_eq!(d.unserved_mwh, 20.0 * 500.0 + 4.0 * 2_500.0);
        // Nothing struck: no deficit; struck beyond what was available: supply is imports.
        assert_eq!(day_deficit(&b, 0.0).hours, 0);
        assert_eq!(day_deficit(&b, 12_000.0).peak_mw, 10_000.0 - 1_500.0);
    }
}
