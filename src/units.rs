//! Units and the constants that convert between them, each named once.
//!
//! Each asset's capacity is in its own [`Unit`]: refineries in million tonnes per year
//! (Mt/yr, `mtpa`; one day of capacity `c` Mt/yr is `c * 1e6 / 365` tonnes), power plants in
//! megawatts (`mw`; one day of `c` MW is `24 c` MWh), terminals and pipelines in thousand
//! barrels per day (`kbd`), or the user's own unit. Money is in US dollars; prices are per
//! unit of throughput (USD per tonne, per MWh, per barrel, per unit-day).

use std::fmt;

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

/// Thousand barrels per day equal to `mtpa` Mt/yr, at `barrels_per_tonne`.
///
/// With the default 7.33 bbl/t, 1 Mt/yr is 20.08 kb/d.
pub(crate) fn kbd_from_mtpa(mtpa: f64, barrels_per_tonne: f64) -> f64 {
    tonnes_per_day(mtpa) * barrels_per_tonne / BARRELS_PER_KB
}

/// Hours in a day: one MW of capacity over one day is 24 MWh.
pub(crate) const HOURS_PER_DAY: f64 = 24.0;
/// MWh in one GWh: amounts of electric capacity are in GWh.
pub(crate) const MWH_PER_GWH: f64 = 1000.0;

/// The unit of an asset's capacity. Figures are never summed across units.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Unit {
    /// Million tonnes of crude per year (refineries).
    #[default]
    Mtpa,
    /// Thousand barrels per day (terminals, pipelines, pumping stations).
    Kbd,
    /// Megawatts of electric capacity (power plants).
    Mw,
    /// The user's own unit, as written (lowercase); amounts are in unit-days.
    Other(String),
}

impl Unit {
    /// Reads a unit as written in a file: `mtpa` (or `mt/yr`), `kbd` (or `kb/d`), `mw`, or
    /// any other word, which becomes the user's own unit.
    pub fn parse(text: &str) -> Unit {
        match text.trim().to_ascii_lowercase().as_str() {
            "mtpa" | "mt/yr" | "mt/y" => Unit::Mtpa,
            "kbd" | "kb/d" => Unit::Kbd,
            "mw" => Unit::Mw,
            other => Unit::Other(other.to_owned()),
        }
    }

    /// The unit's name in files and column names: `mtpa`, `kbd`, `mw`, or the user's word.
    pub fn name(&self) -> &str {
        match self {
            Unit::Mtpa => "mtpa",
            Unit::Kbd => "kbd",
            Unit::Mw => "mw",
            Unit::Other(s) => s,
        }
    }

    /// The unit as printed: `Mt/yr`, `kb/d`, `MW`, or the user's word.
    pub fn label(&self) -> &str {
        match self {
            Unit::Mtpa => "Mt/yr",
            Unit::Kbd => "kb/d",
            Unit::Mw => "MW",
            Unit::Other(s) => s,
        }
    }

    /// The amount `capacity_days` (capacity times days) stands for: Mt for Mt/yr
    /// (divided by 365), GWh for MW (times 24 / 1000), kb for kb/d, unit-days otherwise.
    pub fn amount(&self, capacity_days: f64) -> f64 {
        match self {
            Unit::Mtpa => capacity_days / DAYS_PER_YEAR,
            Unit::Mw => capacity_days * HOURS_PER_DAY / MWH_PER_GWH,
            Unit::Kbd | Unit::Other(_) => capacity_days,
        }
    }

    /// The days of `capacity` that hold `amount` (the inverse of [`Unit::amount`]).
    pub fn days_of(&self, amount: f64, capacity: f64) -> f64 {
        match self {
            Unit::Mtpa => amount / capacity * DAYS_PER_YEAR,
            Unit::Mw => amount * MWH_PER_GWH / capacity / HOURS_PER_DAY,
            Unit::Kbd | Unit::Other(_) => amount / capacity,
        }
    }

    /// The name of an amount in column names: `mt`, `gwh`, `kb`, or `<unit>days`.
    pub fn amount_name(&self) -> String {
        match self {
            Unit::Mtpa => "mt".into(),
            Unit::Mw => "gwh".into(),
            Unit::Kbd => "kb".into(),
            Unit::Other(s) => format!("{s}days"),
        }
    }

    /// An amount as printed: `Mt`, `GWh`, `kb`, or `<unit>-days`.
    pub fn amount_label(&self) -> String {
        match self {
            Unit::Mtpa => "Mt".into(),
            Unit::Mw => "GWh".into(),
            Unit::Kbd => "kb".into(),
            Unit::Other(s) => format!("{s}-days"),
        }
    }

    /// Throughput in one day of `capacity`: tonnes for Mt/yr, MWh for MW, barrels for
    /// kb/d, unit-days otherwise. Prices are per unit of this throughput.
    pub fn throughput_per_day(&self, capacity: f64) -> f64 {
        match self {
            Unit::Mtpa => tonnes_per_day(capacity),
            Unit::Mw => capacity * HOURS_PER_DAY,
            Unit::Kbd => capacity * BARRELS_PER_KB,
            Unit::Other(_) => capacity,
        }
    }

    /// A unit of throughput in words, what a price is per: `tonne`, `MWh`, `barrel`, or
    /// `<unit>-day`.
    pub fn throughput_label(&self) -> String {
        match self {
            Unit::Mtpa => "tonne".into(),
            Unit::Mw => "MWh".into(),
            Unit::Kbd => "barrel".into(),
            Unit::Other(s) => format!("{s}-day"),
        }
    }

    /// The name of throughput in column names: `t`, `mwh`, `bbl`, or `<unit>days`.
    pub fn throughput_name(&self) -> String {
        match self {
            Unit::Mtpa => "t".into(),
            Unit::Mw => "mwh".into(),
            Unit::Kbd => "bbl".into(),
            Unit::Other(s) => format!("{s}days"),
        }
    }
}

/// What a figure measures, so that its column or key can name its unit: a capacity
/// (`offline_mtpa`, `offline_mw`), an amount, capacity times days (`lost_capacity_mt`,
/// `lost_capacity_gwh`), or a throughput (`throughput_t`, `throughput_mwh`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A capacity, in the unit itself.
    Capacity,
    /// Capacity times days, in the unit's amount ([`Unit::amount`]).
    Amount,
    /// Throughput, in the unit of [`Unit::throughput_per_day`].
    Throughput,
}

impl Unit {
    /// The name of a column or key for `stem` measured as `quantity` in this unit: the one
    /// place where output names are made. `offline` as a capacity is `offline_mtpa` for
    /// refineries and `offline_mw` for power plants; `lost_capacity` as an amount is
    /// `lost_capacity_mt` or `lost_capacity_gwh`; `throughput` is `throughput_t` or
    /// `throughput_mwh`.
    pub fn key(&self, stem: &str, quantity: Quantity) -> String {
        match quantity {
            Quantity::Capacity => format!("{stem}_{}", self.name()),
            Quantity::Amount => format!("{stem}_{}", self.amount_name()),
            Quantity::Throughput => format!("{stem}_{}", self.throughput_name()),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_unit_of_what_they_measure() {
        use Quantity::*;
        let cases = [
            (Unit::Mtpa, "offline", Capacity, "offline_mtpa"),
            (Unit::Mtpa, "lost_capacity", Amount, "lost_capacity_mt"),
            (Unit::Mtpa, "throughput", Throughput, "throughput_t"),
            (Unit::Mw, "offline", Capacity, "offline_mw"),
            (Unit::Mw, "lost_capacity", Amount, "lost_capacity_gwh"),
            (Unit::Mw, "unprocessed", Throughput, "unprocessed_mwh"),
            (Unit::Kbd, "gain_capacity", Amount, "gain_capacity_kb"),
            (Unit::Kbd, "throughput", Throughput, "throughput_bbl"),
            (Unit::parse("tpd"), "offline", Capacity, "offline_tpd"),
            (
                Unit::parse("tpd"),
                "lost_capacity",
                Amount,
                "lost_capacity_tpddays",
            ),
        ];
        for (unit, stem, quantity, name) in cases {
            assert_eq!(unit.key(stem, quantity), name, "{unit} {stem}");
        }
    }

    #[test]
    fn one_mtpa_is_20_08_kbd() {
        // 7.33e6 / 365 / 1000 = 20.0822 kb/d
        assert!((kbd_from_mtpa(1.0, BARRELS_PER_TONNE) - 20.0822).abs() < 1e-4);
    }

    #[test]
    fn amounts_and_throughput_by_unit() {
        // 365 Mt/yr-days is 1 Mt; 100 MW over 2 days is 4,800 MWh = 4.8 GWh.
        assert_eq!(Unit::Mtpa.amount(365.0), 1.0);
        assert_eq!(Unit::Mw.amount(200.0), 4.8);
        assert_eq!(Unit::Mw.days_of(4.8, 100.0), 2.0);
        assert_eq!(Unit::Kbd.amount(30.0), 30.0);
        assert_eq!(Unit::parse("MW"), Unit::Mw);
        assert_eq!(Unit::parse("mt/yr"), Unit::Mtpa);
        assert_eq!(Unit::parse("Tankers"), Unit::Other("tankers".into()));
        assert_eq!(Unit::Mw.throughput_per_day(100.0), 2400.0);
        assert_eq!(Unit::Kbd.throughput_per_day(2.0), 2000.0);
        assert_eq!(Unit::Mtpa.throughput_per_day(365.0), tonnes_per_day(365.0));
    }

    #[test]
    fn a_day_of_capacity_in_tonnes() {
        assert!((tonnes_per_day(365.0) - 1e6).abs() < 1e-9);
        assert!((Unit::Mtpa.amount(330.0 * 90.0) - 81.369_863).abs() < 1e-6);
    }
}
