//! A power system's balance apart from strikes: the demand's daily peak and hourly shape, the
//! generating capacity available apart from the records' strikes, and the import limit, from
//! which the hours without power come (MODEL.md, "Hours without power").

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::fields::{Checker, Schema};
use super::table::RawTable;
use crate::error::ValidationReport;

/// What a row of the balance table gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceMeasure {
    /// The demand's highest hour of each day over the row's dates, MW.
    DemandPeakMw,
    /// One hour's demand as a share of the day's peak, for a season.
    LoadShare,
    /// Generating capacity available at the evening peak apart from the records' strikes
    /// (plants in occupied areas and scheduled repairs left out), MW.
    AvailableMw,
    /// The most that can be imported in an hour, MW.
    ImportLimitMw,
}

impl BalanceMeasure {
    /// Every measure, in the order of the table's documentation.
    pub const ALL: [BalanceMeasure; 4] = [
        BalanceMeasure::DemandPeakMw,
        BalanceMeasure::LoadShare,
        BalanceMeasure::AvailableMw,
        BalanceMeasure::ImportLimitMw,
    ];
    const NAMES: [&'static str; 4] = [
        "demand_peak_mw",
        "load_share",
        "available_mw",
        "import_limit_mw",
    ];

    /// The measure's name in the table.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The seasons of a load shape: winter is December to February, spring March to May,
/// summer June to August, autumn September to November.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Season {
    /// December to February.
    Winter,
    /// March to May.
    Spring,
    /// June to August.
    Summer,
    /// September to November.
    Autumn,
}

impl Season {
    const NAMES: [&'static str; 4] = ["winter", "spring", "summer", "autumn"];
    const ALL: [Season; 4] = [
        Season::Winter,
        Season::Spring,
        Season::Summer,
        Season::Autumn,
    ];

    /// The season of `day`.
    pub fn of(day: NaiveDate) -> Season {
        match day.month() {
            12 | 1 | 2 => Season::Winter,
            3..=5 => Season::Spring,
            6..=8 => Season::Summer,
            _ => Season::Autumn,
        }
    }

    /// The season's name in the table.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A value in force over the days `from..=to` (`to` `None`: every later day).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BalanceSpan {
    /// First day.
    pub from: NaiveDate,
    /// Last day (`None`: open).
    pub to: Option<NaiveDate>,
    /// The value.
    pub value: f64,
}

impl BalanceSpan {
    fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|t| day <= t)
    }

    fn overlaps(&self, other: &BalanceSpan) -> bool {
        let ends_before = |a: &BalanceSpan, b: &BalanceSpan| a.to.is_some_and(|t| t < b.from);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// One group's balance: the spans of each measure over dates, and each season's shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupBalance {
    /// Per measure over dates (not `LoadShare`), its spans in order of their first day.
    pub spans: BTreeMap<BalanceMeasure, Vec<BalanceSpan>>,
    /// Per season, the 24 hours' shares of the day's peak (hour 0 is 00:00-01:00).
    pub shapes: BTreeMap<Season, [f64; 24]>,
}

/// What the balance gives for one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayBalance {
    /// Each hour's demand, MW.
    pub demand: [f64; 24],
    /// Capacity available apart from the records' strikes, MW.
    pub available: f64,
    /// The import limit, MW (0 where the table gives none).
    pub imports: f64,
}

impl GroupBalance {
    fn value(&self, measure: BalanceMeasure, day: NaiveDate) -> Option<f64> {
        self.spans
            .get(&measure)?
            .iter()
            .find(|s| s.holds(day))
            .map(|s| s.value)
    }

    /// The balance of `day`: `None` where the table gives no demand peak, no shape for the
    /// day's season or no available capacity on it (an import limit it does not give is 0).
    pub fn on(&self, day: NaiveDate) -> Option<DayBalance> {
        let peak = self.value(BalanceMeasure::DemandPeakMw, day)?;
        let shape = self.shapes.get(&Season::of(day))?;
        Some(DayBalance {
            demand: shape.map(|s| s * peak),
            available: self.value(BalanceMeasure::AvailableMw, day)?,
            imports: self
                .value(BalanceMeasure::ImportLimitMw, day)
                .unwrap_or(0.0),
        })
    }
}

/// The balance table: per group, its balance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    groups: BTreeMap<String, GroupBalance>,
}

impl Balance {
    /// The same table with `group`'s balance.
    pub fn with_group(mut self, group: &str, balance: GroupBalance) -> Self {
        self.groups.insert(group.to_owned(), balance);
        self
    }

    /// `group`'s balance, where the table gives one.
    pub fn of(&self, group: &str) -> Option<&GroupBalance> {
        self.groups.get(group)
    }

    /// The bundled table (`datasets/ua-power-balance.csv`), read once.
    pub fn bundled() -> &'static Balance {
        static BUNDLED: std::sync::OnceLock<Balance> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| super::parse_bundled(super::InputKind::Balance, from_table))
    }
}

/// The columns of a balance file: each row a `measure` of a `group`, over the days
/// `from..=to` (`to` empty: every later day), or for `load_share` an `hour` (0..23) of a
/// `season`.
pub(crate) const SCHEMA: Schema = Schema {
    required: &["group", "measure", "value"],
    optional: &[
        "from",
        "to",
        "season",
        "hour",
        "confidence",
        "source",
        "note",
    ],
    one_of: &[],
};

/// Validates and converts a balance table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Balance, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("balance"))?;
    let mut spans: BTreeMap<(String, BalanceMeasure), Vec<(BalanceSpan, usize)>> = BTreeMap::new();
    type ShapeRows = BTreeMap<(String, Season), (usize, [Option<(f64, usize)>; 24])>;
    let mut shapes: ShapeRows = BTreeMap::new();
    for row in table.rows() {
        let row = &row;
        let group = c.text(row, "group");
        let measure = c
            .choice(row, "measure", &BalanceMeasure::NAMES)
            .and_then(|m| BalanceMeasure::ALL.into_iter().find(|x| x.name() == m));
        if !c.has(row, "measure") {
            c.fail(
                row,
                "measure",
                format!(
                    "expected one of {}, found an empty cell",
                    BalanceMeasure::NAMES.join(" | ")
                ),
            );
        }
        let (Some(group), Some(measure)) = (group, measure) else {
            continue;
        };
        if measure == BalanceMeasure::LoadShare {
            let value =
                c.required_number(row, "value", "a share of the day's peak, 0 < v <= 1", |v| {
                    v > 0.0 && v <= 1.0
                });
            let season = if c.has(row, "season") {
                c.choice(row, "season", &Season::NAMES)
                    .and_then(|s| Season::ALL.into_iter().find(|x| x.name() == s))
            } else {
                c.fail(
                    row,
                    "season",
                    "expected the season of a load_share row (winter | spring | summer | autumn), found an empty cell".into(),
                );
                None
            };
            let hour = if c.has(row, "hour") {
                c.integer(row, "hour", "an hour 0..23", |h| (0..24).contains(&h))
            } else {
                c.fail(
                    row,
                    "hour",
                    "expected the hour (0..23) of a load_share row, found an empty cell".into(),
                );
                None
            };
            let (Some(value), Some(season), Some(hour)) = (value, season, hour) else {
                continue;
            };
            let entry = shapes
                .entry((group.clone(), season))
                .or_insert((row.line, [None; 24]));
            let slot = &mut entry.1[hour as usize];
            if let Some((_, first)) = slot {
                c.fail(
                    row,
                    "hour",
                    format!(
                        "expected one load_share row per hour of {} of group {group}, found hour {hour} again (first on line {first})",
                        season.name()
                    ),
                );
                continue;
            }
            *slot = Some((value, row.line));
            continue;
        }
        let value = c.required_number(row, "value", "MW >= 0", |v| v >= 0.0);
        let from = c.required_date(row, "from");
        let to = c.date(row, "to");
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                c.fail(
                    row,
                    "to",
                    format!("expected a last day on or after from ({f}), found {t}"),
                );
                continue;
            }
        }
        let (Some(value), Some(from)) = (value, from) else {
            continue;
        };
        let span = BalanceSpan { from, to, value };
        let list = spans.entry((group.clone(), measure)).or_default();
        if let Some((_, first)) = list.iter().find(|(s, _)| s.overlaps(&span)) {
            c.fail(
                row,
                "from",
                format!(
                    "expected the days of one {} row of group {group} not to overlap another's, found them overlapping the row on line {first}",
                    measure.name()
                ),
            );
            continue;
        }
        list.push((span, row.line));
    }
    let mut balance = Balance::default();
    let mut groups: BTreeMap<String, GroupBalance> = BTreeMap::new();
    for ((group, season), (line, hours)) in shapes {
        let missing: Vec<String> = (0..24)
            .filter(|h| hours[*h].is_none())
            .map(|h| h.to_string())
            .collect();
        if !missing.is_empty() {
            c.report.problems.push(table.problem(
                Some(line),
                Some("hour"),
                format!(
                    "expected the 24 hours of {}'s load_share of group {group}, found none for hour {}",
                    season.name(),
                    missing.join(", ")
                ),
            ));
            continue;
        }
        let shape = hours.map(|h| h.map_or(0.0, |(v, _)| v));
        groups
            .entry(group)
            .or_default()
            .shapes
            .insert(season, shape);
    }
    for ((group, measure), mut list) in spans {
        list.sort_by_key(|(s, _)| s.from);
        groups
            .entry(group)
            .or_default()
            .spans
            .insert(measure, list.into_iter().map(|(s, _)| s).collect());
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    for (group, b) in groups {
        balance = balance.with_group(&group, b);
    }
    Ok(balance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn read(text: &str) -> Result<Balance, ValidationReport> {
        let t = crate::data::reader::read_csv_bytes("b.csv", text.as_bytes()).unwrap();
        from_table(&t)
    }

    fn shape(group: &str, season: &str, share: impl Fn(usize) -> f64) -> String {
        (0..24)
            .map(|h| format!("{group},load_share,,,{season},{h},{}\n", share(h)))
            .collect()
    }

    const HEADER: &str = "group,measure,from,to,season,hour,value\n";

    #[test]
    fn a_day_takes_its_seasons_shape_times_the_peak_in_force() {
        let text = format!(
            "{HEADER}g,demand_peak_mw,2024-06-01,2024-08-31,,,12000\n\
             g,available_mw,2024-01-01,,,,9000\n\
             g,import_limit_mw,2024-01-01,2024-06-30,,,1700\n{}",
            shape("g", "summer", |h| if h == 20 { 1.0 } else { 0.75 })
        );
        let b = read(&text).unwrap();
        let g = b.of("g").unwrap();
        let day = g.on(d("2024-06-30")).unwrap();
        assert_eq!(day.demand[20], 12_000.0);
        assert_eq!(day.demand[3], 9_000.0);
        assert_eq!((day.available, day.imports), (9_000.0, 1_700.0));
        // After the import rows end, no imports; after the peak's rows, no balance.
        assert_eq!(g.on(d("2024-07-01")).unwrap().imports, 0.0);
        assert!(g.on(d("2024-09-01")).is_none());
        // A season without a shape has no balance.
        assert!(g.on(d("2024-05-31")).is_none());
        assert!(b.of("other").is_none());
    }

    #[test]
    fn bad_rows_are_listed_with_their_lines() {
        let mut shape_rows = shape("g", "winter", |_| 0.9);
        shape_rows = shape_rows.replace("g,load_share,,,winter,5,0.9\n", "");
        let text = format!(
            "{HEADER}g,demand_peak_mw,2024-06-01,2024-05-31,,,12000\n\
             g,available_mw,2024-01-01,,,,9000\n\
             g,available_mw,2024-03-01,2024-03-31,,,8000\n\
             g,supply_mw,2024-01-01,,,,1\n\
             g,load_share,,,summer,24,0.5\n\
             g,import_limit_mw,2024-01-01,,,,-5\n{shape_rows}"
        );
        let e = read(&text).unwrap_err().to_string();
        for want in [
            "b.csv line 2, column to: expected a last day on or after from (2024-06-01), found 2024-05-31",
            "b.csv line 4, column from: expected the days of one available_mw row of group g not to overlap another's, found them overlapping the row on line 3",
            "b.csv line 5, column measure: expected one of demand_peak_mw | load_share | available_mw | import_limit_mw, found \"supply_mw\"",
            "b.csv line 6, column hour: expected an hour 0..23, found \"24\"",
            "b.csv line 7, column value: expected MW >= 0, found \"-5\"",
            "b.csv line 8, column hour: expected the 24 hours of winter's load_share of group g, found none for hour 5",
        ] {
            assert!(e.contains(want), "{want}\n{e}");
        }
    }
}
