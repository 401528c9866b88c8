//! Prices: the value of a tonne of refined products and of export crude over time.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::fields::{Checker, Schema};
use super::table::RawTable;
use super::yields::Product;
use crate::error::ValidationReport;

/// One price row, in force from `date` until the next row.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PricePoint {
    /// First day the prices apply.
    pub date: NaiveDate,
    /// Value of a unit of throughput: a tonne of refined products for a refinery (USD/t),
    /// a MWh for a power plant, a barrel for kb/d assets, a unit-day for the user's own units.
    pub product_usd_t: f64,
    /// Value of a tonne of export crude, USD/t: what is recovered from crude that could not
    /// be processed (0 where nothing is).
    pub crude_usd_t: f64,
    /// Each fuel's own export price, USD/t, in the order of [`Product::ALL`] (`None`: the
    /// row gives none, and the product basket's `product_usd_t` stands in): what the
    /// exports lost are valued at (MODEL.md, "Fuels").
    #[serde(default)]
    pub fuels_usd_t: [Option<f64>; 5],
}

impl PricePoint {
    /// A row from `date` with the product basket's and the crude's prices, and no fuel's
    /// own price.
    pub fn new(date: NaiveDate, product_usd_t: f64, crude_usd_t: f64) -> Self {
        PricePoint {
            date,
            product_usd_t,
            crude_usd_t,
            fuels_usd_t: [None; 5],
        }
    }

    /// Each fuel's export price on this row, USD/t: its own where the row gives it, else
    /// the product basket's.
    pub fn fuel_prices(&self) -> [f64; 5] {
        self.fuels_usd_t.map(|p| p.unwrap_or(self.product_usd_t))
    }
}

/// Price rows sorted by date, read with an as-of join: rows without a group, and each
/// group's own rows.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prices {
    points: Vec<PricePoint>,
    by_group: BTreeMap<String, Vec<PricePoint>>,
}

impl Prices {
    /// Builds the table from rows in any order (dates must be unique).
    pub fn new(mut points: Vec<PricePoint>) -> Self {
        points.sort_by_key(|p| p.date);
        Prices {
            points,
            by_group: BTreeMap::new(),
        }
    }

    /// The same table with `group`'s own rows (in any order; dates unique).
    pub fn with_group(mut self, group: &str, mut points: Vec<PricePoint>) -> Self {
        points.sort_by_key(|p| p.date);
        self.by_group.insert(group.to_owned(), points);
        self
    }

    /// The prices of the loaded `groups` from each group's rows: with one group, its rows
    /// are the table's (rows without a group); with several, each group's are its own.
    /// A group with no rows has no prices.
    pub(crate) fn of_groups(groups: &[&str], rows: Vec<(String, Vec<PricePoint>)>) -> Prices {
        if let [one] = groups {
            let points = rows.into_iter().find(|(g, _)| g == one).map(|(_, p)| p);
            return Prices::new(points.unwrap_or_default());
        }
        rows.into_iter()
            .fold(Prices::default(), |p, (g, points)| p.with_group(&g, points))
    }

    /// `group`'s own rows (empty when it has none).
    pub(crate) fn group_rows(&self, group: &str) -> &[PricePoint] {
        self.by_group.get(group).map_or(&[], Vec::as_slice)
    }

    /// The prices of `group`: its own rows, else the rows without a group (which, in a
    /// loaded dataset of several groups, there are none of: a group with no rows of its
    /// own has no prices).
    pub fn for_group(&self, group: &str) -> Prices {
        Prices::new(self.by_group.get(group).unwrap_or(&self.points).clone())
    }

    /// The same table with every product value times `product` and every crude value
    /// times `crude` (a sensitivity analysis's price multipliers).
    pub(crate) fn scaled(&self, product: f64, crude: f64) -> Prices {
        let scale = |points: &[PricePoint]| {
            points
                .iter()
                .map(|p| PricePoint {
                    product_usd_t: p.product_usd_t * product,
                    crude_usd_t: p.crude_usd_t * crude,
                    ..*p
                })
                .collect()
        };
        Prices {
            points: scale(&self.points),
            by_group: self
                .by_group
                .iter()
                .map(|(g, points)| (g.clone(), scale(points)))
                .collect(),
        }
    }

    /// The groups with rows of their own.
    pub fn groups(&self) -> impl Iterator<Item = &str> {
        self.by_group.keys().map(String::as_str)
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

/// The columns of a prices file: `product_usd_t` (refineries) or `value_usd` (any unit of
/// throughput) is the value of what is produced; `crude_usd_t` what is recovered from what
/// could not be processed (0 when absent); `group` names the group a row prices;
/// `<fuel>_usd_t` a fuel's own export price (the basket's stands in where a row has none).
pub(crate) const SCHEMA: Schema = Schema {
    required: &["date"],
    optional: &[
        "crude_usd_t",
        "group",
        "source",
        "confidence",
        "gasoline_usd_t",
        "diesel_usd_t",
        "jet_usd_t",
        "fuel_oil_usd_t",
        "other_usd_t",
    ],
    one_of: &[&["product_usd_t", "value_usd"]],
};

/// The columns of the fuels' own export prices, in the order of [`Product::ALL`].
const FUEL_PRICE_COLUMNS: [&str; 5] = [
    "gasoline_usd_t",
    "diesel_usd_t",
    "jet_usd_t",
    "fuel_oil_usd_t",
    "other_usd_t",
];

/// Per group named in the table's `group` column, the line of its first row and its
/// number of rows.
pub(crate) fn group_rows(table: &RawTable) -> BTreeMap<String, (usize, usize)> {
    let mut groups: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let Some(col) = table.headers.iter().position(|h| h == "group") else {
        return groups;
    };
    for row in table.rows() {
        let g = row.cell(col).trim();
        if !g.is_empty() {
            groups.entry(g.to_owned()).or_insert((row.line, 0)).1 += 1;
        }
    }
    groups
}

/// The line of the table's first row without a group (`None` when every row has one or
/// there is no `group` column and no row).
pub(crate) fn first_ungrouped_line(table: &RawTable) -> Option<usize> {
    let col = table.headers.iter().position(|h| h == "group");
    table
        .rows()
        .find(|row| col.is_none_or(|c| row.cell(c).trim().is_empty()))
        .map(|row| row.line)
}

/// Validates and converts a prices table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Prices, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("price"))?;
    let value_col = if c.col("product_usd_t").is_some() {
        "product_usd_t"
    } else {
        "value_usd"
    };
    let mut groups: BTreeMap<Option<String>, Vec<PricePoint>> = BTreeMap::new();
    let mut seen: Vec<(Option<String>, NaiveDate, usize)> = Vec::new();
    for row in table.rows() {
        let row = &row;
        let rule = if value_col == "product_usd_t" {
            "a price in USD/t >= 0"
        } else {
            "a price in USD per unit of throughput >= 0"
        };
        let product = c.required_number(row, value_col, rule, |v| v >= 0.0);
        let crude = c
            .number(row, "crude_usd_t", "a price in USD/t >= 0", |v| v >= 0.0)
            .unwrap_or(0.0);
        let fuels_usd_t = Product::ALL.map(|p| {
            c.number(
                row,
                FUEL_PRICE_COLUMNS[p as usize],
                "a price in USD/t >= 0",
                |v| v >= 0.0,
            )
        });
        let date = c.required_date(row, "date");
        let group = c.cell(row, "group").map(|g| g.trim().to_owned());
        if let Some(d) = date {
            if let Some((_, _, first)) = seen.iter().find(|(g, s, _)| *s == d && *g == group) {
                c.fail(
                    row,
                    "date",
                    format!(
                        "expected one price row per date{}, found {d} again (first on line {first})",
                        group.as_deref().map_or(String::new(), |g| format!(" of group {g}"))
                    ),
                );
            }
            seen.push((group.clone(), d, row.line));
        }
        if let (Some(date), Some(product_usd_t)) = (date, product) {
            groups.entry(group).or_default().push(PricePoint {
                fuels_usd_t,
                ..PricePoint::new(date, product_usd_t, crude)
            });
        }
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    let mut prices = Prices::new(groups.remove(&None).unwrap_or_default());
    for (group, points) in groups {
        prices = prices.with_group(&group.expect("ungrouped rows taken"), points);
    }
    Ok(prices)
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
            PricePoint::new(d("2025-02-01"), 600.0, 420.0),
            PricePoint::new(d("2025-01-01"), 500.0, 400.0),
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
