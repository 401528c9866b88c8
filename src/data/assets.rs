//! Assets: refineries and their primary capacity.

use std::collections::HashMap;

use super::fields::{Checker, Schema};
use super::table::RawTable;
use crate::error::ValidationReport;

/// How much a figure can be trusted, as the source row says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Claimed only, estimated, or disputed.
    Low,
    /// One source.
    Medium,
    /// Two agreeing sources or an operator's figure.
    High,
}

impl Confidence {
    pub(crate) const NAMES: [&'static str; 3] = ["low", "medium", "high"];

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "low" => Some(Self::Low),
            "medium" => Some(Self::Medium),
            "high" => Some(Self::High),
            _ => None,
        }
    }
}

/// One piece of energy infrastructure (v1: an oil refinery).
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Unique slug, e.g. `ryazan`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Primary (crude distillation) capacity, Mt/yr.
    pub capacity_mtpa: f64,
    /// Utilization (0 < u <= 1); `None` uses the scenario's default.
    pub utilization: Option<f64>,
    /// Operating company.
    pub operator: Option<String>,
    /// Region (federal subject).
    pub region: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Latitude, degrees north.
    pub lat: Option<f64>,
    /// Longitude, degrees east.
    pub lon: Option<f64>,
    /// Confidence of the row.
    pub confidence: Option<Confidence>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Columns the model does not read, kept as (header, value).
    pub extra: Vec<(String, String)>,
}

impl Asset {
    /// An asset with only the required fields set.
    pub fn new(id: impl Into<String>, name: impl Into<String>, capacity_mtpa: f64) -> Self {
        Asset {
            id: id.into(),
            name: name.into(),
            capacity_mtpa,
            utilization: None,
            operator: None,
            region: None,
            country: None,
            lat: None,
            lon: None,
            confidence: None,
            source: None,
            extra: Vec::new(),
        }
    }

    /// Utilization of this asset, or `default` where the row gives none.
    pub fn utilization_or(&self, default: f64) -> f64 {
        self.utilization.unwrap_or(default)
    }
}

/// The loaded assets, in file order, with an index by id.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    items: Vec<Asset>,
    by_id: HashMap<String, usize>,
}

impl Assets {
    /// Builds the table; ids must be unique (checked by the loader).
    pub fn new(items: Vec<Asset>) -> Self {
        let by_id = items
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        Assets { items, by_id }
    }

    /// All assets, in file order.
    pub fn as_slice(&self) -> &[Asset] {
        &self.items
    }

    /// Number of assets.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there is no asset.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Position of the asset with `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// National capacity: the sum of asset capacities, Mt/yr.
    pub fn total_capacity_mtpa(&self) -> f64 {
        self.items.iter().map(|a| a.capacity_mtpa).sum()
    }

    /// The id closest to `id` in spelling, for "did you mean" hints.
    pub fn closest_id(&self, id: &str) -> Option<&str> {
        self.items
            .iter()
            .map(|a| (strsim::damerau_levenshtein(&a.id, id), a.id.as_str()))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, s)| s)
    }
}

/// The columns of an assets file.
pub(crate) const SCHEMA: Schema = Schema {
    required: &["asset_id", "name", "capacity_mtpa"],
    optional: &[
        "utilization",
        "operator",
        "region",
        "country",
        "lat",
        "lon",
        "confidence",
        "source",
    ],
    one_of: &[],
};

/// Validates and converts an assets table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Assets, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("asset"))?;
    let mut items: Vec<Asset> = Vec::new();
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let id = c.text(row, "asset_id");
        let name = c.text(row, "name");
        let capacity =
            c.required_number(row, "capacity_mtpa", "a capacity in Mt/yr > 0", |v| v > 0.0);
        let utilization = c.number(row, "utilization", "a utilization with 0 < u <= 1", |v| {
            v > 0.0 && v <= 1.0
        });
        let lat = c.number(row, "lat", "a latitude in degrees, -90 to 90", |v| {
            (-90.0..=90.0).contains(&v)
        });
        let lon = c.number(row, "lon", "a longitude in degrees, -180 to 180", |v| {
            (-180.0..=180.0).contains(&v)
        });
        let confidence = c
            .choice(row, "confidence", &Confidence::NAMES)
            .and_then(|s| Confidence::parse(&s));
        if let Some(id) = &id {
            if id.chars().any(char::is_whitespace) {
                c.fail(
                    row,
                    "asset_id",
                    format!(
                        "expected a slug without spaces (e.g. \"{}\"), found \"{id}\"",
                        id.to_lowercase()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join("-")
                    ),
                );
            } else {
                c.unique(row, "asset_id", &mut first_line);
            }
        }
        if let (Some(id), Some(name), Some(capacity_mtpa)) = (id, name, capacity) {
            let opt = |col: &str| c.cell(row, col).map(str::to_owned);
            items.push(Asset {
                operator: opt("operator"),
                region: opt("region"),
                country: opt("country"),
                source: opt("source"),
                utilization,
                lat,
                lon,
                confidence,
                extra: c.extra(row),
                ..Asset::new(id, name, capacity_mtpa)
            });
        }
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    Ok(Assets::new(items))
}
