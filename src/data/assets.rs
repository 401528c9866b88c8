//! Assets: refineries, power plants or any other energy asset, each with its capacity in
//! its own unit and the group (whose system) it belongs to.

use std::collections::HashMap;

use super::fields::{Checker, Schema};
use super::table::{RawRow, RawTable};
use crate::error::ValidationReport;
use crate::units::Unit;

/// The group of assets a file without a `group` column belongs to.
pub const DEFAULT_GROUP: &str = "main";
/// The kind of an asset whose row gives none (an oil refinery, as in `capacity_mtpa` files).
pub const DEFAULT_KIND: &str = "refinery";

/// How much a figure can be trusted, as the source row says (ordered: low < medium < high).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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

    /// The confidence's name: `low`, `medium` or `high`.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "low" => Some(Self::Low),
            "medium" => Some(Self::Medium),
            "high" => Some(Self::High),
            _ => None,
        }
    }
}

/// One piece of energy infrastructure: an oil refinery, a power plant, a terminal...
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Asset {
    /// Unique slug, e.g. `ryazan`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is: `refinery`, `power_plant`, `terminal`, `pumping_station`, `depot`,
    /// `substation`, or the user's own word.
    pub kind: String,
    /// The unit of `capacity`.
    pub unit: Unit,
    /// Whose system it belongs to, e.g. `ru-refining` or `ua-power`. Every figure is per
    /// group; a group's assets share one unit.
    pub group: String,
    /// Capacity in `unit`: primary (crude distillation) capacity in Mt/yr for a refinery,
    /// installed electric capacity in MW for a power plant.
    pub capacity: f64,
    /// Utilization (0 < u <= 1): the share of capacity used on average (a power plant's
    /// capacity factor); `None` uses the scenario's default.
    pub utilization: Option<f64>,
    /// The capacity in service before the strikes, in `unit` (units mothballed or retired
    /// left out), at most `capacity`: a strike disables at most this, and a share is a share
    /// of it. `None`: all of `capacity` was in service.
    #[serde(default)]
    pub operating: Option<f64>,
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
    /// A refinery of `capacity` Mt/yr in the default group, with only the required fields
    /// set. [`Asset::in_group`] places it elsewhere, in another unit.
    pub fn new(id: impl Into<String>, name: impl Into<String>, capacity: f64) -> Self {
        Asset {
            id: id.into(),
            name: name.into(),
            kind: DEFAULT_KIND.to_owned(),
            unit: Unit::Mtpa,
            group: DEFAULT_GROUP.to_owned(),
            capacity,
            utilization: None,
            operating: None,
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

    /// The capacity that can be lost: what was in service (`operating`), else all of it.
    pub fn in_service(&self) -> f64 {
        self.operating.unwrap_or(self.capacity)
    }

    /// The same asset as a `kind` of `group`, its capacity in `unit`.
    pub fn in_group(self, group: &str, kind: &str, unit: Unit) -> Self {
        Asset {
            group: group.to_owned(),
            kind: kind.to_owned(),
            unit,
            ..self
        }
    }

    /// Utilization of this asset, or `default` where the row gives none.
    pub fn utilization_or(&self, default: f64) -> f64 {
        self.utilization.unwrap_or(default)
    }
}

/// The loaded assets, in file order, with an index by id.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(into = "Vec<Asset>", from = "Vec<Asset>")]
pub struct Assets {
    items: Vec<Asset>,
    by_id: rustc_hash::FxHashMap<String, usize>,
}

impl From<Vec<Asset>> for Assets {
    fn from(items: Vec<Asset>) -> Self {
        Assets::new(items)
    }
}

impl From<Assets> for Vec<Asset> {
    fn from(assets: Assets) -> Self {
        assets.items
    }
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

    /// The group's capacity: the sum of asset capacities, in their unit. Only meaningful
    /// for the assets of one group (see [`Dataset::group`](crate::prelude::Dataset::group)).
    pub fn total_capacity(&self) -> f64 {
        // Rounded to 1e-9 of the unit: the capacities' own digits, without the noise of a
        // floating sum (327.00000000000006).
        let sum: f64 = self.items.iter().map(|a| a.capacity).sum();
        (sum * 1e9).round() / 1e9
    }

    /// The groups, in order of first appearance.
    pub fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = Vec::new();
        for a in &self.items {
            if !groups.contains(&a.group.as_str()) {
                groups.push(&a.group);
            }
        }
        groups
    }

    /// The groups, in order of first appearance, each with its unit (a group's assets share
    /// one unit).
    pub fn group_units(&self) -> Vec<(&str, Unit)> {
        let mut groups: Vec<(&str, Unit)> = Vec::new();
        for a in &self.items {
            if !groups.iter().any(|(g, _)| *g == a.group) {
                groups.push((&a.group, a.unit.clone()));
            }
        }
        groups
    }

    /// The unit of the assets (of the first asset; a group's assets share one unit).
    /// Mt/yr when there is none.
    pub fn unit(&self) -> Unit {
        self.items.first().map_or(Unit::Mtpa, |a| a.unit.clone())
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
    required: &["asset_id", "name"],
    optional: &[
        "kind",
        "unit",
        "group",
        "utilization",
        "operating",
        "operator",
        "region",
        "country",
        "lat",
        "lon",
        "confidence",
        "source",
    ],
    one_of: &[&["capacity", "capacity_mtpa"]],
};

/// Kinds whose value the model computes, and the unit it needs for each (MODEL.md,
/// "Assets of any kind").
const VALUED_KINDS: [(&str, Unit); 2] = [("refinery", Unit::Mtpa), ("power_plant", Unit::Mw)];

/// Validates and converts an assets table; every problem is reported.
pub(crate) fn from_table(table: &RawTable) -> Result<Assets, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, Some("asset"))?;
    let mut items: Vec<Asset> = Vec::new();
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    // `capacity_mtpa` is `capacity` in Mt/yr; `capacity` is in the row's `unit`.
    let legacy = c.col("capacity").is_none();
    let mut group_units: Vec<(String, Unit, usize)> = Vec::new();
    for row in table.rows() {
        items.extend(read_asset(
            &mut c,
            &row,
            legacy,
            &mut group_units,
            &mut first_line,
        ));
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    Ok(Assets::new(items))
}

/// The largest capacity a row may give, in any unit (1e12: beyond any asset, and small
/// enough to be printed and summed exactly to the 1e-9 the figures keep).
const MAX_CAPACITY: f64 = 1e12;

/// Reads one row (capacity in a `capacity_mtpa` column when `legacy`): its cells, column
/// by column, with the rules of its unit and its id; the asset when every required cell
/// was read. `group_units` holds each group's unit and the line it was first given on,
/// `first_line` each id's first line.
fn read_asset<'r>(
    c: &mut Checker<'_>,
    row: &RawRow<'r>,
    legacy: bool,
    group_units: &mut Vec<(String, Unit, usize)>,
    first_line: &mut HashMap<&'r str, usize>,
) -> Option<Asset> {
    let capacity_col = if legacy { "capacity_mtpa" } else { "capacity" };
    let id = c.text(row, "asset_id");
    let name = c.text(row, "name");
    let kind = c
        .cell(row, "kind")
        .map_or(DEFAULT_KIND.to_owned(), |k| k.trim().to_ascii_lowercase());
    let group = c
        .cell(row, "group")
        .map_or(DEFAULT_GROUP.to_owned(), |g| g.trim().to_owned());
    let unit = asset_unit(c, row, legacy, &kind);
    if let Some(unit) = &unit {
        check_group_unit(c, row, &group, unit, group_units);
    }
    let label = unit.as_ref().map_or("its unit", Unit::label).to_owned();
    let capacity = c.required_number(
        row,
        capacity_col,
        &format!("a capacity in {label}, a number > 0 and at most 1e12"),
        |v| v > 0.0 && v <= MAX_CAPACITY,
    );
    let utilization = c.number(row, "utilization", "a utilization with 0 < u <= 1", |v| {
        v > 0.0 && v <= 1.0
    });
    let operating = c.number(
        row,
        "operating",
        &format!("an operating capacity in {label}, a number > 0 and at most 1e12"),
        |v| v > 0.0 && v <= MAX_CAPACITY,
    );
    if let (Some(op), Some(cap)) = (operating, capacity) {
        if op > cap {
            c.fail(
                row,
                "operating",
                format!(
                    "expected an operating capacity at most the capacity ({}), found {}",
                    crate::format::grouped(cap, 2),
                    crate::format::grouped(op, 2)
                ),
            );
        }
    }
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
        check_id(c, row, id, first_line);
    }
    let (Some(id), Some(name), Some(capacity), Some(unit)) = (id, name, capacity, unit) else {
        return None;
    };
    let opt = |col: &str| c.cell(row, col).map(str::to_owned);
    Some(Asset {
        kind,
        unit,
        group,
        operator: opt("operator"),
        region: opt("region"),
        country: opt("country"),
        source: opt("source"),
        utilization,
        operating: operating.filter(|op| *op <= capacity),
        lat,
        lon,
        confidence,
        extra: c.extra(row),
        ..Asset::new(id, name, capacity)
    })
}

/// Checks that the row's `unit` is its group's: the unit of the group's first asset
/// (`group_units` holds each group's unit and that asset's line; a new group is added).
fn check_group_unit(
    c: &mut Checker<'_>,
    row: &RawRow,
    group: &str,
    unit: &Unit,
    group_units: &mut Vec<(String, Unit, usize)>,
) {
    match group_units.iter().find(|(g, _, _)| *g == group) {
        Some((_, u, line)) if u != unit => c.fail(
            row,
            "unit",
            format!(
                "expected {u} like the other assets of group {group} (line {line}): figures are never summed across units, found {unit}"
            ),
        ),
        Some(_) => {}
        None => group_units.push((group.to_owned(), unit.clone(), row.line)),
    }
}

/// Checks the row's id: a slug without spaces, and not the id of an earlier row
/// (`first_line` maps each id to its first line).
fn check_id<'r>(
    c: &mut Checker<'_>,
    row: &RawRow<'r>,
    id: &str,
    first_line: &mut HashMap<&'r str, usize>,
) {
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
        c.unique(row, "asset_id", first_line);
    }
}

/// The unit of a row: its `unit` cell, else the unit the model values its kind by, else
/// Mt/yr. A `capacity_mtpa` file is in Mt/yr; a kind the model values needs its unit.
fn asset_unit(c: &mut Checker<'_>, row: &RawRow, legacy: bool, kind: &str) -> Option<Unit> {
    let valued = VALUED_KINDS.iter().find(|(k, _)| *k == kind);
    let unit = match c.cell(row, "unit") {
        Some(u) => Unit::parse(u),
        None => valued.map_or(Unit::Mtpa, |(_, u)| u.clone()),
    };
    if legacy && unit != Unit::Mtpa {
        c.fail(
            row,
            "unit",
            format!("expected mtpa with a capacity_mtpa column (a capacity column takes other units), found {unit}"),
        );
        return None;
    }
    if let Some((k, need)) = valued {
        if unit != *need {
            c.fail(
                row,
                "unit",
                format!("expected {need} for a {k} (the model values a {k} by it), found {unit}"),
            );
            return None;
        }
    }
    Some(unit)
}
