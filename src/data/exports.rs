//! Fuel exports by month: how much of each product a group's refineries sent abroad, the
//! ceiling of the exports its lost output can cost (MODEL.md, "Fuels").

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::fields::{Checker, Schema};
use super::table::RawTable;
use super::yields::Product;
use crate::error::ValidationReport;

/// One product's exports over a month, in force (as an as-of join) until the next row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ExportMonth {
    /// The month's first day.
    pub month: NaiveDate,
    /// Exports over the month, tonnes per day (the month's tonnes over its days).
    pub t_per_day: f64,
}

/// The exports table: per group (`None`: every group of refineries) and product, the months
/// with a figure, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Exports {
    rows: BTreeMap<(Option<String>, Product), Vec<ExportMonth>>,
}

/// What an as-of join of the exports gives for one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExportsOnDay {
    /// Exports, tonnes per day.
    pub t_per_day: f64,
    /// The month of the row used (another month than the day's when the table has none
    /// for it).
    pub month: NaiveDate,
}

impl Exports {
    /// The same table with `group`'s (`None`: every group's) exports of `product`.
    pub fn with(mut self, group: Option<&str>, product: Product, months: Vec<ExportMonth>) -> Self {
        let mut months = months;
        months.sort_by_key(|m| m.month);
        self.rows
            .insert((group.map(str::to_owned), product), months);
        self
    }

    /// The exports of `product` by `group` in force on `day`: the row of the latest month
    /// at or before it, else the first row (as prices are joined); the group's own rows,
    /// else the rows of every group. `None`: no row for the product.
    pub fn on(&self, group: &str, product: Product, day: NaiveDate) -> Option<ExportsOnDay> {
        Self::on_rows(self.months(group, product)?, day)
    }

    /// The months with a figure of `product` by `group`: the group's own rows, else the
    /// rows of every group (`None`: no row for the product).
    pub fn months(&self, group: &str, product: Product) -> Option<&[ExportMonth]> {
        self.rows
            .iter()
            .find(|((g, p), _)| *p == product && g.as_deref() == Some(group))
            .or_else(|| {
                self.rows
                    .iter()
                    .find(|((g, p), _)| *p == product && g.is_none())
            })
            .map(|(_, m)| m.as_slice())
    }

    /// The row of `rows` (one product's months, in order) in force on `day`.
    pub fn on_rows(rows: &[ExportMonth], day: NaiveDate) -> Option<ExportsOnDay> {
        let after = rows.partition_point(|m| m.month <= day);
        rows.get(after.saturating_sub(1)).map(|m| ExportsOnDay {
            t_per_day: m.t_per_day,
            month: m.month,
        })
    }

    /// The bundled table (`datasets/fuel-exports.csv`), read once.
    pub fn bundled() -> &'static Exports {
        static BUNDLED: std::sync::OnceLock<Exports> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| super::parse_bundled(super::InputKind::Exports, from_table))
    }
}

/// The columns of an exports file: a product's exports over a month (`YYYY-MM`), in
/// thousand tonnes, of a group's refineries (`group`; empty: every group's).
pub(crate) const SCHEMA: Schema = Schema {
    required: &["month", "product", "exports_kt"],
    optional: &["group", "confidence", "source", "note"],
    one_of: &[],
};

/// The first day of month `text` (`YYYY-MM`).
fn parse_month(text: &str) -> Option<NaiveDate> {
    let (y, m) = text.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// Days in the month that starts on `first`.
fn days_in_month(first: NaiveDate) -> f64 {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
    .expect("a month follows");
    (next - first).num_days() as f64
}

/// Validates and converts an exports table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Exports, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("export"))?;
    type Key = (Option<String>, Product);
    let mut rows: BTreeMap<Key, Vec<(ExportMonth, usize)>> = BTreeMap::new();
    for row in table.rows() {
        let row = &row;
        let month = match c.cell(row, "month") {
            None => {
                c.fail(
                    row,
                    "month",
                    "expected a month as YYYY-MM, found an empty cell".into(),
                );
                None
            }
            Some(text) => {
                let m = parse_month(text);
                if m.is_none() {
                    c.fail(
                        row,
                        "month",
                        format!("expected a month as YYYY-MM, found \"{text}\""),
                    );
                }
                m
            }
        };
        let product = super::yields::read_product(&mut c, row);
        let kt = c.required_number(row, "exports_kt", "thousand tonnes >= 0", |v| v >= 0.0);
        let group = c.cell(row, "group").map(|g| g.trim().to_owned());
        let (Some(month), Some(product), Some(kt)) = (month, product, kt) else {
            continue;
        };
        let months = rows.entry((group.clone(), product)).or_default();
        if let Some((_, first)) = months.iter().find(|(m, _)| m.month == month) {
            c.fail(
                row,
                "month",
                format!(
                    "expected one row per month and product{}, found {} {} again (first on line {first})",
                    group.as_deref().map_or(String::new(), |g| format!(" of group {g}")),
                    month.format("%Y-%m"),
                    product.name()
                ),
            );
            continue;
        }
        months.push((
            ExportMonth {
                month,
                t_per_day: kt * 1000.0 / days_in_month(month),
            },
            row.line,
        ));
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    Ok(rows.into_iter().fold(Exports::default(), |e, ((g, p), m)| {
        e.with(g.as_deref(), p, m.into_iter().map(|(m, _)| m).collect())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn read(text: &str) -> Result<Exports, ValidationReport> {
        let t = crate::data::reader::read_csv_bytes("x.csv", text.as_bytes()).unwrap();
        from_table(&t)
    }

    #[test]
    fn a_day_takes_its_months_row_else_the_latest_before_else_the_first() {
        let e = read(
            "group,month,product,exports_kt\n\
             g,2024-03,diesel,3100\n\
             g,2024-05,diesel,620\n\
             ,2024-01,gasoline,310\n",
        )
        .unwrap();
        let on = |group, p, day| e.on(group, p, d(day)).map(|x| (x.t_per_day, x.month));
        assert_eq!(
            on("g", Product::Diesel, "2024-03-15"),
            Some((100_000.0, d("2024-03-01")))
        );
        assert_eq!(
            on("g", Product::Diesel, "2024-04-30"),
            Some((100_000.0, d("2024-03-01")))
        );
        assert_eq!(
            on("g", Product::Diesel, "2024-05-01"),
            Some((20_000.0, d("2024-05-01")))
        );
        assert_eq!(
            on("g", Product::Diesel, "2024-01-01"),
            Some((100_000.0, d("2024-03-01")))
        );
        // A row without a group serves every group; no row, no figure.
        assert_eq!(
            on("h", Product::Gasoline, "2024-01-10"),
            Some((10_000.0, d("2024-01-01")))
        );
        assert_eq!(on("h", Product::Diesel, "2024-01-10"), None);
    }

    #[test]
    fn every_problem_is_named_at_its_line_and_column() {
        let err = read(
            "month,product,exports_kt\n2024-3,diesel,1\n2024-03,kerosene,-1\n2024-04,diesel,1\n2024-04,diesel,2\n",
        )
        .unwrap_err()
        .to_string();
        for want in [
            "x.csv line 2, column month: expected a month as YYYY-MM, found \"2024-3\"",
            "x.csv line 3, column product: expected one of gasoline",
            "x.csv line 3, column exports_kt: expected thousand tonnes >= 0, found \"-1\"",
            "x.csv line 5, column month: expected one row per month and product, found 2024-04 diesel again (first on line 4)",
        ] {
            assert!(err.contains(want), "missing {want:?} in:\n{err}");
        }
    }
}
