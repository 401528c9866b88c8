//! Prices: the value of a tonne of refined products and of export crude over time.

use chrono::NaiveDate;

use super::fields::{Checker, Schema};
use super::table::RawTable;
use crate::error::ValidationReport;

/// One price row, in force from `date` until the next row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PricePoint {
    /// First day the prices apply.
    pub date: NaiveDate,
    /// Value of a tonne of refined products, USD/t.
    pub product_usd_t: f64,
    /// Value of a tonne of export crude, USD/t.
    pub crude_usd_t: f64,
}

/// Price rows sorted by date, read with an as-of join.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prices {
    points: Vec<PricePoint>,
}

impl Prices {
    /// Builds the table from rows in any order (dates must be unique).
    pub fn new(mut points: Vec<PricePoint>) -> Self {
        points.sort_by_key(|p| p.date);
        Prices { points }
    }

    /// The rows, by date.
    pub fn as_slice(&self) -> &[PricePoint] {
        &self.points
    }

    /// The prices in force on `day`: the latest row at or before it; days before the
    /// first row use the first row. `None` only when there is no row.
    pub fn at(&self, day: NaiveDate) -> Option<PricePoint> {
        let after = self.points.partition_point(|p| p.date <= day);
        self.points.get(after.saturating_sub(1)).copied()
    }
}

/// The columns of a prices file.
pub(crate) const SCHEMA: Schema = Schema {
    required: &["date", "product_usd_t", "crude_usd_t"],
    optional: &["source", "confidence"],
    one_of: &[],
};

/// Validates and converts a prices table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Prices, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("price"))?;
    let mut points = Vec::new();
    let mut seen: Vec<(NaiveDate, usize)> = Vec::new();
    for row in &table.rows {
        let rule = "a price in USD/t >= 0";
        let product = c.required_number(row, "product_usd_t", rule, |v| v >= 0.0);
        let crude = c.required_number(row, "crude_usd_t", rule, |v| v >= 0.0);
        let date = c.required_date(row, "date");
        if let Some(d) = date {
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == d) {
                c.fail(
                    row,
                    "date",
                    format!(
                        "expected one price row per date, found {d} again (first on line {first})"
                    ),
                );
            }
            seen.push((d, row.line));
        }
        if let (Some(date), Some(product_usd_t), Some(crude_usd_t)) = (date, product, crude) {
            points.push(PricePoint {
                date,
                product_usd_t,
                crude_usd_t,
            });
        }
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    Ok(Prices::new(points))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn as_of_join_takes_the_latest_row_at_or_before() {
        let p = Prices::new(vec![
            PricePoint {
                date: d("2025-02-01"),
                product_usd_t: 600.0,
                crude_usd_t: 420.0,
            },
            PricePoint {
                date: d("2025-01-01"),
                product_usd_t: 500.0,
                crude_usd_t: 400.0,
            },
        ]);
        // Before the first row: the first row.
        assert_eq!(p.at(d("2024-12-31")).unwrap().product_usd_t, 500.0);
        assert_eq!(p.at(d("2025-01-01")).unwrap().product_usd_t, 500.0);
        assert_eq!(p.at(d("2025-01-31")).unwrap().product_usd_t, 500.0);
        assert_eq!(p.at(d("2025-02-01")).unwrap().crude_usd_t, 420.0);
        assert_eq!(p.at(d("2026-06-01")).unwrap().crude_usd_t, 420.0);
        assert!(Prices::default().at(d("2025-01-01")).is_none());
    }
}
