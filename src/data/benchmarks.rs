//! Published benchmarks: aggregate figures agencies and analysts published about capacity
//! lost or offline, to compare the records with (`datasets/benchmarks.csv`).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::assets::Confidence;
use super::fields::{Checker, Schema};
use super::reader;
use super::table::{RawRow, RawTable};
use crate::error::{Error, ValidationReport};

/// The bundled benchmarks (`datasets/benchmarks.csv`).
pub(crate) const BUNDLED_BENCHMARKS_CSV: &str = include_str!("../../datasets/benchmarks.csv");

/// What a benchmark measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Mt of processing lost over the period.
    LostMt,
    /// Share of national capacity offline, averaged over the period (0..1).
    OfflineShare,
    /// Thousand barrels per day offline, averaged over the period.
    OfflineKbd,
    /// Thousand tonnes per day offline, averaged over the period.
    OfflineKtd,
    /// Tonnes of gasoline not made per day, averaged over the period (MODEL.md, "Fuels").
    #[serde(rename = "gasoline_lost_t_per_day")]
    GasolineLostTpd,
    /// Tonnes of diesel not made per day, averaged over the period.
    #[serde(rename = "diesel_lost_t_per_day")]
    DieselLostTpd,
    /// Tonnes of diesel exports lost per day, averaged over the period.
    #[serde(rename = "diesel_exports_lost_t_per_day")]
    DieselExportsLostTpd,
    /// Hours a day with a power deficit, averaged over the period (MODEL.md, "Hours without
    /// power"), of a power group.
    DeficitHoursPerDay,
    /// The daily peak power deficit after imports, MW, averaged over the period.
    PeakDeficitMw,
}

impl Measure {
    /// A value of this measure in its unit, for people (`3.30 Mt`, `4.0 %`, `370 kb/d`).
    pub fn in_unit(self, v: f64) -> String {
        match self {
            Measure::LostMt => format!("{v:.2} Mt"),
            Measure::OfflineShare => format!("{:.1} %", v * 100.0),
            Measure::OfflineKbd => format!("{v:.0} kb/d"),
            Measure::OfflineKtd => format!("{v:.0} kt/d"),
            Measure::GasolineLostTpd => format!("{v:.0} t/d of gasoline"),
            Measure::DieselLostTpd => format!("{v:.0} t/d of diesel"),
            Measure::DieselExportsLostTpd => format!("{v:.0} t/d of diesel exports"),
            Measure::DeficitHoursPerDay => format!("{v:.1} h a day with a deficit"),
            Measure::PeakDeficitMw => format!("{v:.0} MW of peak deficit"),
        }
    }

    /// Whether the measure is of capacity (Mt, a share, kb/d or kt/d of crude), not of a
    /// fuel.
    pub fn of_capacity(self) -> bool {
        !matches!(
            self,
            Measure::GasolineLostTpd
                | Measure::DieselLostTpd
                | Measure::DieselExportsLostTpd
                | Measure::DeficitHoursPerDay
                | Measure::PeakDeficitMw
        )
    }

    /// Whether the measure is of hours without power, a power group's.
    pub fn of_power(self) -> bool {
        matches!(self, Measure::DeficitHoursPerDay | Measure::PeakDeficitMw)
    }

    /// The fuel a fuel measure counts.
    pub fn product(self) -> Option<crate::data::Product> {
        match self {
            Measure::GasolineLostTpd => Some(crate::data::Product::Gasoline),
            Measure::DieselLostTpd => Some(crate::data::Product::Diesel),
            _ => None,
        }
    }

    /// The column word.
    pub fn name(self) -> &'static str {
        MEASURES[self as usize]
    }
}

impl FigureBasis {
    /// The column word.
    pub fn name(self) -> &'static str {
        BASES[self as usize]
    }
}

impl Cause {
    /// The column word.
    pub fn name(self) -> &'static str {
        CAUSES[self as usize]
    }
}

/// How the published value bounds the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// About the value.
    About,
    /// At least the value.
    AtLeast,
    /// At most the value.
    AtMost,
}

/// Whether a figure counts capacity offline or processing actually lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureBasis {
    /// Capacity offline (nameplate), whatever the plants would have run.
    Capacity,
    /// Processing volume lost (capacity offline times utilization).
    Throughput,
}

/// What a published figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Outages attributed to strikes.
    Strikes,
    /// Every outage, maintenance included.
    All,
}

/// One published figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmark {
    /// Unique id.
    pub id: String,
    /// First day of the period it covers.
    pub from: NaiveDate,
    /// Last day, included (equal to `from` for one day).
    pub to: NaiveDate,
    /// What it measures.
    pub measure: Measure,
    /// The published value, in the measure's unit.
    pub value: f64,
    /// How the value bounds the truth.
    pub bound: Bound,
    /// Capacity or throughput basis.
    pub basis: FigureBasis,
    /// What it counts.
    pub cause: Cause,
    /// Confidence of the row.
    pub confidence: Option<Confidence>,
    /// Where it was published.
    pub source: Option<String>,
    /// The published wording and how the period was read.
    pub note: Option<String>,
    /// The group it is a figure of (`None`: the group of refineries in Mt/yr).
    pub group: Option<String>,
}

/// The columns of a benchmarks file.
pub(crate) const SCHEMA: Schema = Schema {
    required: &[
        "benchmark_id",
        "from",
        "to",
        "measure",
        "value",
        "bound",
        "basis",
        "cause",
    ],
    optional: &["confidence", "source", "note", "group"],
    one_of: &[],
};

const MEASURES: [&str; 9] = [
    "lost_mt",
    "offline_share",
    "offline_kbd",
    "offline_ktd",
    "gasoline_lost_t_per_day",
    "diesel_lost_t_per_day",
    "diesel_exports_lost_t_per_day",
    "deficit_hours_per_day",
    "peak_deficit_mw",
];
const BOUNDS: [&str; 3] = ["about", "at_least", "at_most"];
const BASES: [&str; 2] = ["capacity", "throughput"];
const CAUSES: [&str; 2] = ["strikes", "all"];

/// Reads and validates a benchmarks file (the bundled one when `path` is `None`).
pub fn load(path: Option<&Path>) -> Result<Vec<Benchmark>, Error> {
    let table = match path {
        Some(p) => super::read_file(p),
        None => reader::read_csv_bytes("bundled benchmarks.csv", BUNDLED_BENCHMARKS_CSV.as_bytes()),
    }
    .map_err(Error::Invalid)?;
    from_table(&table).map_err(Error::Invalid)
}

/// Validates and converts a benchmarks table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Vec<Benchmark>, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("benchmark"))?;
    let mut out = Vec::new();
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for row in table.rows() {
        out.extend(read_benchmark(&mut c, &row, &mut first_line));
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    Ok(out)
}

/// Reads one row: its cells, column by column, then the rules between them; the
/// benchmark when the row has no problem that leaves a required cell unread.
/// `first_line` maps each id met so far to its first line.
fn read_benchmark<'r>(
    c: &mut Checker<'_>,
    row: &RawRow<'r>,
    first_line: &mut HashMap<&'r str, usize>,
) -> Option<Benchmark> {
    let id = c.text(row, "benchmark_id");
    let from = c.required_date(row, "from");
    let to = c.required_date(row, "to");
    let (measure, bound, basis, cause) = read_choices(c, row);
    let value = c.required_number(row, "value", "a number > 0", |v| v > 0.0);
    check_share_and_days(c, row, measure, value, from, to);
    let confidence = c
        .choice(row, "confidence", &Confidence::NAMES)
        .and_then(|s| Confidence::parse(&s));
    c.unique(row, "benchmark_id", first_line);
    let (
        Some(id),
        Some(from),
        Some(to),
        Some(measure),
        Some(value),
        Some(bound),
        Some(basis),
        Some(cause),
    ) = (id, from, to, measure, value, bound, basis, cause)
    else {
        return None;
    };
    if to < from {
        return None;
    }
    let opt = |col: &str| c.cell(row, col).map(str::to_owned);
    Some(Benchmark {
        id,
        from,
        to,
        measure,
        value,
        bound,
        basis,
        cause,
        confidence,
        source: opt("source"),
        note: opt("note"),
        group: opt("group").map(|g| g.trim().to_owned()),
    })
}

/// Reads the row's four required choices, in this order: measure, bound, basis, cause.
fn read_choices(
    c: &mut Checker<'_>,
    row: &RawRow,
) -> (
    Option<Measure>,
    Option<Bound>,
    Option<FigureBasis>,
    Option<Cause>,
) {
    let measure = required_choice(c, row, "measure", &MEASURES).map(|m| match m.as_str() {
        "lost_mt" => Measure::LostMt,
        "offline_share" => Measure::OfflineShare,
        "offline_kbd" => Measure::OfflineKbd,
        "gasoline_lost_t_per_day" => Measure::GasolineLostTpd,
        "diesel_lost_t_per_day" => Measure::DieselLostTpd,
        "diesel_exports_lost_t_per_day" => Measure::DieselExportsLostTpd,
        "deficit_hours_per_day" => Measure::DeficitHoursPerDay,
        "peak_deficit_mw" => Measure::PeakDeficitMw,
        _ => Measure::OfflineKtd,
    });
    let bound = required_choice(c, row, "bound", &BOUNDS).map(|b| match b.as_str() {
        "about" => Bound::About,
        "at_least" => Bound::AtLeast,
        _ => Bound::AtMost,
    });
    let basis = required_choice(c, row, "basis", &BASES).map(|b| match b.as_str() {
        "capacity" => FigureBasis::Capacity,
        _ => FigureBasis::Throughput,
    });
    let cause = required_choice(c, row, "cause", &CAUSES).map(|b| match b.as_str() {
        "strikes" => Cause::Strikes,
        _ => Cause::All,
    });
    (measure, bound, basis, cause)
}

/// The value of column `col`, one of `allowed`; an empty cell is a problem.
fn required_choice(
    c: &mut Checker<'_>,
    row: &RawRow,
    col: &str,
    allowed: &[&str],
) -> Option<String> {
    if !c.has(row, col) {
        c.fail(
            row,
            col,
            format!(
                "expected one of {}, found an empty cell",
                allowed.join(" | ")
            ),
        );
        return None;
    }
    c.choice(row, col, allowed)
}

/// Checks the rules between the row's cells: an offline share is at most 1, and the
/// period ends on or after its first day.
fn check_share_and_days(
    c: &mut Checker<'_>,
    row: &RawRow,
    measure: Option<Measure>,
    value: Option<f64>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) {
    if let (Some(Measure::OfflineShare), Some(v)) = (measure, value) {
        if v > 1.0 {
            c.fail(
                row,
                "value",
                format!(
                    "expected a share with 0 < s <= 1 for offline_share (4 % is 0.04), found {v}"
                ),
            );
        }
    }
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            c.fail(
                row,
                "to",
                format!("expected a day on or after from ({f}), found {t}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(csv: &str) -> Vec<String> {
        let t = reader::read_csv_bytes("b.csv", csv.as_bytes()).unwrap();
        from_table(&t)
            .unwrap_err()
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const HEADER: &str = "benchmark_id,from,to,measure,value,bound,basis,cause\n";

    #[test]
    fn every_problem_is_located() {
        let p = problems(&format!(
            "{HEADER}a,2025-01-01,2025-03-31,lost_gb,3.3,about,capacity,strikes\n\
             b,2025-03-31,2025-01-01,lost_mt,3.3,roughly,capacity,strikes\n\
             c,2025-01-01,2025-01-01,offline_share,4,about,capacity,all\n"
        ));
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(
            p[0].starts_with("b.csv line 2, column measure: expected one of lost_mt"),
            "{}",
            p[0]
        );
        assert!(p.iter().any(|s| s.starts_with("b.csv line 3, column bound: expected one of about | at_least | at_most, found \"roughly\"")), "{p:?}");
        assert!(p.iter().any(|s| s.starts_with("b.csv line 3, column to: expected a day on or after from (2025-03-31), found 2025-01-01")), "{p:?}");
        assert!(
            p.iter()
                .any(|s| s.starts_with("b.csv line 4, column value: expected a share")),
            "{p:?}"
        );
    }

    #[test]
    fn the_bundled_file_is_valid() {
        let b = load(None).unwrap();
        assert!(!b.is_empty());
        assert!(b.iter().all(|b| b.source.is_some()));
    }
}
