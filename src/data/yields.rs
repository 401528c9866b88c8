//! Product yields: the share of a refinery's crude runs that comes out as each fuel
//! (MODEL.md, "Fuels"), per refinery where its own slate is public, else its group's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fields::{Checker, Schema};
use super::table::RawTable;
use crate::error::ValidationReport;

/// A fuel a refinery makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// Motor gasoline.
    Gasoline,
    /// Diesel and gasoil.
    Diesel,
    /// Jet fuel and kerosene.
    Jet,
    /// Fuel oil (mazut).
    FuelOil,
    /// Everything else: naphtha, LPG, vacuum gasoil, bitumen, coke, refinery fuel and losses.
    Other,
}

/// A share of each product, in [`Product::ALL`] order.
pub type Slate = [f64; 5];

impl Product {
    /// Every product, in column order.
    pub const ALL: [Product; 5] = [
        Product::Gasoline,
        Product::Diesel,
        Product::Jet,
        Product::FuelOil,
        Product::Other,
    ];
    /// The words of the `product` column, in [`Product::ALL`] order.
    pub const NAMES: [&'static str; 5] = ["gasoline", "diesel", "jet", "fuel_oil", "other"];

    /// The column word (`fuel_oil` for fuel oil).
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Barrels in a tonne of the product (BP, Statistical Review of World Energy,
    /// "Approximate conversion factors", July 2021: gasoline 8.35, kerosene 7.88, gas
    /// oil/diesel 7.46, residual fuel oil 6.35, the product basket 8.058 for the rest).
    pub fn barrels_per_tonne(self) -> f64 {
        match self {
            Product::Gasoline => 8.35,
            Product::Diesel => 7.46,
            Product::Jet => 7.88,
            Product::FuelOil => 6.35,
            Product::Other => 8.058,
        }
    }
}

/// Serialises a slate as a map from each product's name to its value (`{"gasoline": ...}`).
pub(crate) fn by_product<S: serde::Serializer>(
    slate: &Option<Slate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    match slate {
        None => serializer.serialize_none(),
        Some(v) => {
            let mut m = serializer.serialize_map(Some(5))?;
            for p in Product::ALL {
                m.serialize_entry(p.name(), &v[p as usize])?;
            }
            m.end()
        }
    }
}

/// The yields table: each refinery's own slate where given, and each group's (the slate of
/// its refineries that have none of their own).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Yields {
    by_asset: BTreeMap<String, Slate>,
    by_group: BTreeMap<String, Slate>,
}

impl Yields {
    /// The slate of asset `asset_id` of group `group`: its own, else its group's.
    pub fn slate(&self, asset_id: &str, group: &str) -> Option<&Slate> {
        self.by_asset
            .get(asset_id)
            .or_else(|| self.by_group.get(group))
    }

    /// The same table with `asset_id`'s own slate.
    pub fn with_asset(mut self, asset_id: &str, slate: Slate) -> Self {
        self.by_asset.insert(asset_id.to_owned(), slate);
        self
    }

    /// The same table with `group`'s slate.
    pub fn with_group(mut self, group: &str, slate: Slate) -> Self {
        self.by_group.insert(group.to_owned(), slate);
        self
    }

    /// Whether the table gives any slate of `group` or of one of `asset_ids`.
    pub(crate) fn covers_any<'a>(
        &self,
        group: &str,
        mut asset_ids: impl Iterator<Item = &'a str>,
    ) -> bool {
        self.by_group.contains_key(group) || asset_ids.any(|id| self.by_asset.contains_key(id))
    }

    /// The bundled table (`datasets/refinery-yields.csv`), read once.
    pub fn bundled() -> &'static Yields {
        static BUNDLED: std::sync::OnceLock<Yields> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| super::parse_bundled(super::InputKind::Yields, from_table))
    }
}

/// The columns of a yields file: each row gives one product's share of the crude runs of
/// one refinery (`asset_id`) or of a group's refineries without their own (`group`).
pub(crate) const SCHEMA: Schema = Schema {
    required: &["product", "yield"],
    optional: &["asset_id", "group", "confidence", "source", "note"],
    one_of: &[&["asset_id", "group"]],
};

/// The required `product` cell of `row` (an empty or unknown one is a problem).
pub(crate) fn read_product(c: &mut Checker<'_>, row: &super::table::RawRow<'_>) -> Option<Product> {
    if !c.has(row, "product") {
        c.fail(
            row,
            "product",
            format!(
                "expected one of {}, found an empty cell",
                Product::NAMES.join(" | ")
            ),
        );
        return None;
    }
    c.choice(row, "product", &Product::NAMES)
        .and_then(|p| Product::NAMES.iter().position(|n| *n == p))
        .map(|i| Product::ALL[i])
}

/// How far a slate's yields may sum from 1.
pub(crate) const SUM_TOLERANCE: f64 = 0.01;

/// Validates and converts a yields table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Yields, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("yield"))?;
    // (is a group, name) -> (first line, slate, line of each product)
    type Key = (bool, String);
    let mut slates: BTreeMap<Key, (usize, Slate, [Option<usize>; 5])> = BTreeMap::new();
    for row in table.rows() {
        let row = &row;
        let asset = c.cell(row, "asset_id").map(|s| s.trim().to_owned());
        let group = c.cell(row, "group").map(|s| s.trim().to_owned());
        let key = match (asset, group) {
            (Some(a), None) => Some((false, a)),
            (None, Some(g)) => Some((true, g)),
            (Some(_), Some(_)) => {
                c.fail(
                    row,
                    "group",
                    "expected asset_id or group, found both: a row is one refinery's \
                     yield or its group's"
                        .into(),
                );
                None
            }
            (None, None) => {
                let col = if c.col("asset_id").is_some() {
                    "asset_id"
                } else {
                    "group"
                };
                c.fail(
                    row,
                    col,
                    "expected a refinery's asset_id or a group, found an empty cell".into(),
                );
                None
            }
        };
        let product = read_product(&mut c, row).map(|p| p as usize);
        let share = c.required_number(row, "yield", "a share with 0 <= yield <= 1", |v| {
            (0.0..=1.0).contains(&v)
        });
        let (Some(key), Some(p), Some(share)) = (key, product, share) else {
            continue;
        };
        let entry = slates
            .entry(key.clone())
            .or_insert((row.line, [0.0; 5], [None; 5]));
        if let Some(first) = entry.2[p] {
            c.fail(
                row,
                "product",
                format!(
                    "expected one {} row per {} {}, found it again (first on line {first})",
                    Product::NAMES[p],
                    if key.0 { "group" } else { "asset" },
                    key.1
                ),
            );
            continue;
        }
        entry.1[p] = share;
        entry.2[p] = Some(row.line);
    }
    let mut yields = Yields::default();
    for ((is_group, name), (line, slate, _)) in slates {
        let sum: f64 = slate.iter().sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            c.report.problems.push(table.problem(
                Some(line),
                Some("yield"),
                format!(
                    "expected the yields of {} {name} to sum to 1 (within {SUM_TOLERANCE}; \
                     put what no other row names under other), found {sum:.4}",
                    if is_group { "group" } else { "asset" }
                ),
            ));
        }
        yields = if is_group {
            yields.with_group(&name, slate)
        } else {
            yields.with_asset(&name, slate)
        };
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    Ok(yields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Yields, ValidationReport> {
        let t = crate::data::reader::read_csv_bytes("y.csv", text.as_bytes()).unwrap();
        from_table(&t)
    }

    #[test]
    fn an_asset_takes_its_own_slate_else_its_groups() {
        let y = read(
            "asset_id,group,product,yield\n\
             ,g,gasoline,0.2\n,g,other,0.8\n\
             a,,diesel,0.5\na,,other,0.5\n",
        )
        .unwrap();
        assert_eq!(y.slate("a", "g"), Some(&[0.0, 0.5, 0.0, 0.0, 0.5]));
        assert_eq!(y.slate("b", "g"), Some(&[0.2, 0.0, 0.0, 0.0, 0.8]));
        assert_eq!(y.slate("b", "h"), None);
    }

    #[test]
    fn every_problem_is_named_at_its_line_and_column() {
        let err = read(
            "asset_id,group,product,yield\n\
             a,,petrol,0.5\n\
             a,,diesel,1.5\n\
             a,,other,0.3\n\
             a,,other,0.2\n\
             ,,other,1\n\
             b,g,other,1\n",
        )
        .unwrap_err()
        .to_string();
        for want in [
            "y.csv line 2, column product: expected one of gasoline | diesel | jet | fuel_oil | other, found \"petrol\"",
            "y.csv line 3, column yield: expected a share with 0 <= yield <= 1, found \"1.5\"",
            "y.csv line 5, column product: expected one other row per asset a, found it again (first on line 4)",
            "y.csv line 6, column asset_id: expected a refinery's asset_id or a group",
            "y.csv line 7, column group: expected asset_id or group, found both",
            "y.csv line 4, column yield: expected the yields of asset a to sum to 1",
        ] {
            assert!(err.contains(want), "missing {want:?} in:\n{err}");
        }
    }

    #[test]
    fn the_bundled_slates_sum_to_one() {
        let y = Yields::bundled();
        let national = y.slate("no-such-refinery", "ru-refining").unwrap();
        assert!((national.iter().sum::<f64>() - 1.0).abs() < SUM_TOLERANCE);
        assert_eq!(national[0], 0.1542);
        assert_ne!(y.slate("ryazan", "ru-refining"), Some(national));
    }
}
