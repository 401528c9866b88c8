//! Strikes: damage records that take capacity offline for a time.

use chrono::NaiveDate;
use compact_str::CompactString;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::assets::{Asset, Assets, Confidence};
use super::fields::{insert_repeats, BlockIds, Checker, Schema};
use super::table::{RawRow, RawTable, RowBlock};
use crate::error::ValidationReport;
use crate::units::Unit;

/// A class of hit with fewer reported outage lengths than this draws from all classes.
pub(crate) const MIN_POOL: usize = 3;

/// One damage record: on `date`, asset `asset` lost `disabled` capacity for `repair_days` days.
///
/// Kept small (72 bytes, no allocation for an id of up to 24 bytes and a record with no
/// notes or certainty columns), as a table can hold millions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strike {
    /// Unique id.
    pub id: CompactString,
    /// Day of the strike (the first day offline).
    pub date: NaiveDate,
    /// Days offline: the outage is `[date, date + repair_days)`.
    pub repair_days: u32,
    /// Position of the struck asset in the assets table.
    pub asset: usize,
    /// Capacity taken offline, in the asset's unit (from `disabled` or `disabled_mtpa`, or
    /// share times asset capacity).
    pub disabled: f64,
    /// Confidence of the row.
    pub confidence: Option<Confidence>,
    /// What the record says of its own certainty (none said: reported and certain); read
    /// it with [`Strike::certainty`].
    pub stated: Option<Box<Certainty>>,
    /// The unit hit, the source and the other columns, when given; read them with
    /// [`Strike::unit`], [`Strike::source`] and [`Strike::extra`].
    pub notes: Option<Box<StrikeNotes>>,
}

/// What a strike record says beside its figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StrikeNotes {
    /// Unit hit, as reported.
    pub unit: Option<String>,
    /// The kind of unit whose capacity the record's disabled figure measures (`unit_type`;
    /// none: crude runs).
    #[serde(default)]
    pub unit_type: Option<UnitType>,
    /// Where the record comes from.
    pub source: Option<String>,
    /// Columns the model does not read, kept as (header, value).
    pub extra: Vec<(String, String)>,
}

/// How a figure of a record was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Given by the reporting (a share, a halt, a restart date).
    Reported,
    /// The capacity of the unit that was hit (capacity disabled only).
    UnitCapacity,
    /// A default derived from the reported records: drawn from them in record draws.
    Default,
}

impl Basis {
    /// The words of the `disabled_basis` column.
    pub const DISABLED_NAMES: [&'static str; 3] = ["reported", "unit-capacity", "default"];
    /// The words of the `outage_basis` column.
    pub const OUTAGE_NAMES: [&'static str; 2] = ["reported", "default"];

    fn parse(s: &str) -> Option<Self> {
        match s {
            "reported" => Some(Self::Reported),
            "unit-capacity" => Some(Self::UnitCapacity),
            "default" => Some(Self::Default),
            _ => None,
        }
    }

    /// The column word.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Reported => "reported",
            Basis::UnitCapacity => "unit-capacity",
            Basis::Default => "default",
        }
    }
}

/// The kind of refinery unit whose capacity a record's disabled figure measures
/// (`unit_type`; MODEL.md, "Fuels"): it decides which fuels the outage takes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitType {
    /// Primary (crude) distillation, or the whole plant: every product at the plant's yields.
    Crude,
    /// Vacuum distillation.
    Vacuum,
    /// Catalytic cracker.
    Cracker,
    /// Hydrocracker.
    Hydrocracker,
    /// Catalytic reformer.
    Reformer,
    /// Hydrotreater.
    Hydrotreater,
    /// Another unit.
    Other,
}

impl UnitType {
    /// The words of the `unit_type` column.
    pub const NAMES: [&'static str; 7] = [
        "crude",
        "vacuum",
        "cracker",
        "hydrocracker",
        "reformer",
        "hydrotreater",
        "other",
    ];
    /// Every type, in column order.
    pub const ALL: [UnitType; 7] = [
        UnitType::Crude,
        UnitType::Vacuum,
        UnitType::Cracker,
        UnitType::Hydrocracker,
        UnitType::Reformer,
        UnitType::Hydrotreater,
        UnitType::Other,
    ];

    /// The column word.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// What a strike hit, as reported: the class whose reported outages a default is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hit {
    /// The whole plant's processing halted.
    Plant,
    /// One or more named primary units: part of the plant.
    Unit,
    /// Not reported.
    Unknown,
}

impl Hit {
    /// The words of the `hit` column.
    pub const NAMES: [&'static str; 3] = ["plant", "unit", "unknown"];
    /// Every class, in column order.
    pub const ALL: [Hit; 3] = [Hit::Plant, Hit::Unit, Hit::Unknown];

    fn parse(s: &str) -> Option<Self> {
        match s {
            "plant" => Some(Self::Plant),
            "unit" => Some(Self::Unit),
            "unknown" => Some(Self::Unknown),
            _ => None,
        }
    }

    /// The column word.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// What a strike record says of its own certainty; every field is optional, and a record
/// with none of them is taken as reported and certain (MODEL.md, "Record uncertainty").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Certainty {
    /// How the capacity disabled was found (`disabled_basis`).
    pub disabled_basis: Option<Basis>,
    /// How the outage length was found (`outage_basis`).
    pub outage_basis: Option<Basis>,
    /// What was hit (`hit`).
    pub hit: Option<Hit>,
    /// The reported range of the outage length, days, both ends included
    /// (`repair_days_low`, `repair_days_high`).
    pub repair_days_range: Option<(u32, u32)>,
    /// The reported range of the share of the asset's capacity disabled
    /// (`disabled_share_low`, `disabled_share_high`).
    pub disabled_share_range: Option<(f64, f64)>,
    /// Probability that the strike had the recorded effect at all (`p_effect`).
    pub p_effect: Option<f64>,
}

impl Certainty {
    /// The record's bases as `column=value` notes, for listings.
    pub fn notes(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(b) = self.disabled_basis {
            out.push(("disabled_basis".to_owned(), b.name().to_owned()));
        }
        if let Some(b) = self.outage_basis {
            out.push(("outage_basis".to_owned(), b.name().to_owned()));
        }
        if let Some(h) = self.hit {
            out.push(("hit".to_owned(), h.name().to_owned()));
        }
        out
    }
}

impl Strike {
    /// A strike with only the model's fields set.
    pub fn new(
        id: impl Into<CompactString>,
        date: NaiveDate,
        asset: usize,
        disabled: f64,
        repair_days: u32,
    ) -> Self {
        Strike {
            id: id.into(),
            date,
            asset,
            disabled,
            repair_days,
            confidence: None,
            stated: None,
            notes: None,
        }
    }

    /// The first day back online (`date + repair_days`).
    pub fn restart_date(&self) -> NaiveDate {
        self.date + chrono::Days::new(u64::from(self.repair_days))
    }

    /// What the record says of its own certainty.
    pub fn certainty(&self) -> &Certainty {
        static CERTAIN: Certainty = Certainty {
            disabled_basis: None,
            outage_basis: None,
            hit: None,
            repair_days_range: None,
            disabled_share_range: None,
            p_effect: None,
        };
        self.stated.as_deref().unwrap_or(&CERTAIN)
    }

    /// The strike with `certainty` stated (nothing stored when it says nothing).
    pub fn with_certainty(mut self, certainty: Certainty) -> Self {
        self.stated = (certainty != Certainty::default()).then(|| Box::new(certainty));
        self
    }

    /// The strike with its notes (nothing stored when there are none).
    pub fn with_notes(mut self, notes: StrikeNotes) -> Self {
        self.notes = (notes != StrikeNotes::default()).then(|| Box::new(notes));
        self
    }

    /// The unit hit, as reported.
    pub fn unit(&self) -> Option<&str> {
        self.notes.as_ref()?.unit.as_deref()
    }

    /// The kind of unit the disabled figure measures: crude runs unless the record says
    /// otherwise.
    pub fn unit_type(&self) -> UnitType {
        self.notes
            .as_ref()
            .and_then(|n| n.unit_type)
            .unwrap_or(UnitType::Crude)
    }

    /// Where the record comes from.
    pub fn source(&self) -> Option<&str> {
        self.notes.as_ref()?.source.as_deref()
    }

    /// Columns the model does not read, as (header, value).
    pub fn extra(&self) -> &[(String, String)] {
        self.notes.as_ref().map_or(&[], |n| n.extra.as_slice())
    }
}

/// The columns of a strikes file.
pub(crate) const SCHEMA: Schema = Schema {
    required: &["strike_id", "date", "asset_id"],
    optional: &[
        "unit",
        "unit_type",
        "confidence",
        "source",
        "disabled_basis",
        "outage_basis",
        "hit",
        "repair_days_low",
        "repair_days_high",
        "disabled_share_low",
        "disabled_share_high",
        "p_effect",
    ],
    one_of: &[
        &["disabled", "disabled_mtpa", "disabled_share"],
        &["repair_days", "restart_date"],
    ],
};

/// Tolerance within which `disabled` and `disabled_share` must agree (1 %).
pub(crate) const SHARE_AGREEMENT: f64 = 0.01;

/// The asset ids a strikes table names (trimmed; none without an `asset_id` column).
pub(crate) fn asset_ids(table: &RawTable) -> impl Iterator<Item = &str> + '_ {
    let col = table
        .headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("asset_id"));
    table
        .rows()
        .filter_map(move |row| col.map(|c| row.cell(c).trim()))
}

/// Validates and converts a strikes table against the loaded assets; every problem is
/// reported. The table's blocks are read in parallel and joined in row order (strikes and
/// problems), so the result is the same as a reader going row by row, on any thread count.
/// The strikes come in file order; [`super::Dataset`] sorts them.
pub(crate) fn from_table(
    table: &RawTable,
    assets: &Assets,
) -> Result<Vec<Strike>, ValidationReport> {
    let header = Checker::for_rows(table, &SCHEMA, None)?;
    let rule = DisabledRule::new(&header, assets);
    // Each block writes its strikes straight into its own stretch of the one vector: a
    // block of n rows gives at most n strikes.
    let blocks = table.blocks();
    let total = blocks.iter().map(RowBlock::len).sum();
    let mut out: Vec<Strike> = Vec::with_capacity(total);
    let mut rest = &mut out.spare_capacity_mut()[..total];
    let mut slots = Vec::with_capacity(blocks.len());
    for block in blocks {
        let (head, tail) = rest.split_at_mut(block.len());
        slots.push(head);
        rest = tail;
    }
    let read: Vec<(usize, ValidationReport, BlockIds<'_>)> = blocks
        .par_iter()
        .zip(slots)
        .map(|(block, slots)| read_block(header.for_block(), block, slots, assets, &rule))
        .collect();
    let mut reports = Vec::with_capacity(read.len());
    let mut ids = Vec::with_capacity(read.len());
    let mut filled = 0;
    let mut start = 0;
    let base = out.as_mut_ptr();
    for ((written, report, block_ids), block) in read.into_iter().zip(blocks) {
        // A block whose rows all gave a strike is already in place; one with fewer
        // (rows with problems) closes the gap.
        if filled != start {
            // SAFETY: slots start..start + written were written by this block's
            // `read_block`; filled <= start, so the copy stays inside the vector's
            // capacity, and the slots it leaves behind are never read again.
            unsafe { std::ptr::copy(base.add(start), base.add(filled), written) };
        }
        filled += written;
        start += block.len();
        reports.push(report);
        ids.push(block_ids);
    }
    // SAFETY: the first `filled` slots hold the strikes written above, each once.
    unsafe { out.set_len(filled) };
    insert_repeats(table, "strike_id", &ids, &mut reports);
    drop(ids);
    let mut report = ValidationReport::default();
    for r in reports {
        report.extend(r);
    }
    if !report.is_empty() {
        return Err(report);
    }
    Ok(out)
}

/// Reads the strikes of one block of rows into `slots` (one per row, filled from the
/// first); returns how many it wrote, its problems and its ids.
fn read_block<'t>(
    mut c: Checker<'_>,
    block: &'t RowBlock,
    slots: &mut [std::mem::MaybeUninit<Strike>],
    assets: &Assets,
    rule: &DisabledRule,
) -> (usize, ValidationReport, BlockIds<'t>) {
    let mut written = 0;
    let mut ids = BlockIds::with_capacity(block.len());
    for row in block.rows() {
        let row = &row;
        let cells = Cells::read(&mut c, row, assets, rule);
        if let Some(id) = c.cell(row, "strike_id") {
            ids.push(id, row.line, c.report.problems.len());
        }
        let asset = cells.asset.map(|a| &assets.as_slice()[a]);
        let capacity = asset.map(|a| a.capacity);
        let disabled = cells.disabled(&mut c, row, asset);
        let days = cells.outage_days(&mut c, row);
        cells.check_ranges(&mut c, row, days, disabled, capacity);
        let unit_type = c
            .choice(row, "unit_type", &UnitType::NAMES)
            .and_then(|t| UnitType::NAMES.iter().position(|n| *n == t))
            .map(|i| UnitType::ALL[i]);
        if let (Some(id), Some(date), Some(asset), Some(disabled), Some(days)) =
            (cells.id, cells.date, cells.asset, disabled, days)
        {
            let mut strike = Strike {
                confidence: cells.confidence,
                ..Strike::new(id, date, asset, disabled, days as u32)
            };
            if rule.certainty {
                strike = strike.with_certainty(cells.certainty);
            }
            if rule.notes {
                let opt = |col: &str| c.cell(row, col).map(str::to_owned);
                strike = strike.with_notes(StrikeNotes {
                    unit: opt("unit"),
                    unit_type,
                    source: opt("source"),
                    extra: c.extra(row),
                });
            }
            slots[written].write(strike);
            written += 1;
        }
    }
    (written, c.report, ids)
}

/// Where the disabled capacity is read (`disabled`, in the asset's unit, or
/// `disabled_mtpa`) and the rule of each asset's cell, worked out once per table.
struct DisabledRule {
    column: &'static str,
    /// Whether the table has any column a record states its certainty with.
    certainty: bool,
    /// Whether the table has `unit`, `source` or a column the model does not read.
    notes: bool,
    rules: Vec<String>,
    unknown_asset: String,
}

impl DisabledRule {
    fn new(c: &Checker<'_>, assets: &Assets) -> Self {
        DisabledRule {
            column: if c.col("disabled").is_some() {
                "disabled"
            } else {
                "disabled_mtpa"
            },
            certainty: CERTAINTY_COLUMNS.iter().any(|col| c.col(col).is_some()),
            notes: c.col("unit").is_some()
                || c.col("unit_type").is_some()
                || c.col("source").is_some()
                || c.has_extra(),
            rules: assets
                .as_slice()
                .iter()
                .map(|a| format!("a capacity in {} > 0", a.unit.label()))
                .collect(),
            unknown_asset: "a capacity in its unit > 0".to_owned(),
        }
    }
}

/// One row's cells, each read and checked on its own (in column order, so problems are
/// listed in a stable order); the checks across cells come after.
struct Cells<'r> {
    id: Option<&'r str>,
    date: Option<NaiveDate>,
    asset_id: Option<&'r str>,
    asset: Option<usize>,
    /// The column holding the disabled capacity: `disabled` (in the asset's unit) or
    /// `disabled_mtpa` (Mt/yr).
    disabled_col: &'static str,
    disabled: Option<f64>,
    share: Option<f64>,
    repair: Option<i64>,
    restart: Option<NaiveDate>,
    confidence: Option<Confidence>,
    certainty: Certainty,
}

impl<'r> Cells<'r> {
    fn read(
        c: &mut Checker<'_>,
        row: &RawRow<'r>,
        assets: &Assets,
        disabled: &DisabledRule,
    ) -> Self {
        let id = c.text_ref(row, "strike_id");
        let date = c.required_date(row, "date");
        let asset_id = c.text_ref(row, "asset_id");
        let asset = asset_id.and_then(|a| {
            let pos = assets.position(a);
            if pos.is_none() && !assets.is_empty() {
                let hint = assets
                    .closest_id(a)
                    .map_or(String::new(), |s| format!(" (did you mean {s}?)"));
                c.fail(
                    row,
                    "asset_id",
                    format!("expected an asset_id of the assets file, found \"{a}\"{hint}"),
                );
            }
            pos
        });
        let disabled_col = disabled.column;
        let with_certainty = disabled.certainty;
        let unit = asset.map(|a| &assets.as_slice()[a].unit);
        if let (Some(unit), "disabled_mtpa") = (unit, disabled_col) {
            if !matches!(unit, Unit::Mtpa) && c.has(row, "disabled_mtpa") {
                c.fail(
                    row,
                    "disabled_mtpa",
                    format!(
                        "expected a disabled column for an asset in {} (disabled_mtpa is in Mt/yr), found disabled_mtpa",
                        unit.label()
                    ),
                );
            }
        }
        let rule = asset.map_or(disabled.unknown_asset.as_str(), |a| {
            disabled.rules[a].as_str()
        });
        let disabled = c.number(row, disabled_col, rule, |v| v > 0.0);
        let share = c.number(row, "disabled_share", "a share with 0 < s <= 1", |v| {
            v > 0.0 && v <= 1.0
        });
        let repair = c.integer(
            row,
            "repair_days",
            "a whole number of days from 1 to 36,500",
            |v| (1..=36_500).contains(&v),
        );
        let restart = c.date(row, "restart_date");
        let confidence = c
            .choice(row, "confidence", &Confidence::NAMES)
            .and_then(|s| Confidence::parse(&s));
        let certainty = if with_certainty {
            read_certainty(c, row)
        } else {
            Certainty::default()
        };
        Cells {
            id,
            date,
            asset_id,
            asset,
            disabled_col,
            disabled,
            share,
            repair,
            restart,
            confidence,
            certainty,
        }
    }

    /// Capacity disabled, in the asset's unit: `disabled` (or `disabled_mtpa`), or the share
    /// of the asset's capacity; both agree within 1 % where both are given, and never more
    /// than the asset has.
    fn disabled(&self, c: &mut Checker<'_>, row: &RawRow, asset: Option<&Asset>) -> Option<f64> {
        let col = self.disabled_col;
        // A value read is a cell given: the cells are looked at only when neither was read.
        if self.disabled.is_none()
            && self.share.is_none()
            && !c.has(row, col)
            && !c.has(row, "disabled_share")
        {
            c.fail(
                row,
                col,
                format!("expected {col} or disabled_share, found both empty"),
            );
        }
        let capacity = asset.map(|a| a.capacity);
        // A share is a share of what was in service (`operating`), else of the capacity.
        let base = asset.map(|a| a.in_service());
        let unit = asset.map_or("", |a| a.unit.label());
        let disabled = match (self.disabled, self.share, base) {
            (Some(m), Some(s), Some(cap)) => {
                let from_share = s * cap;
                if (m - from_share).abs() > SHARE_AGREEMENT * from_share.max(m) {
                    c.fail(
                        row,
                        "disabled_share",
                        format!(
                            "expected {col} and disabled_share to agree within 1 %, found \
                             {m} {unit} against {s} x {cap} = {from_share:.3} {unit}"
                        ),
                    );
                }
                Some(m)
            }
            (Some(m), _, _) => Some(m),
            (None, Some(s), Some(cap)) => Some(s * cap),
            _ => None,
        };
        if let (Some(d), Some(cap), Some(a)) = (disabled, capacity, self.asset_id) {
            if d > cap * (1.0 + 1e-9) {
                c.fail(
                    row,
                    col,
                    format!(
                        "expected at most the capacity of {a} ({cap} {unit}), found {d} {unit}"
                    ),
                );
            }
        }
        disabled
    }

    /// Outage length, days: `repair_days`, or the days to `restart_date`; both agree
    /// where both are given.
    fn outage_days(&self, c: &mut Checker<'_>, row: &RawRow) -> Option<i64> {
        if self.repair.is_none()
            && self.restart.is_none()
            && !c.has(row, "repair_days")
            && !c.has(row, "restart_date")
        {
            c.fail(
                row,
                "repair_days",
                "expected repair_days or restart_date, found both empty".into(),
            );
        }
        let from_restart = match (self.date, self.restart) {
            (Some(d), Some(r)) => {
                let days = (r - d).num_days();
                if days < 1 {
                    c.fail(
                        row,
                        "restart_date",
                        format!("expected a restart date after the strike date {d}, found {r}"),
                    );
                    None
                } else {
                    Some(days)
                }
            }
            _ => None,
        };
        match (self.repair, from_restart) {
            (Some(r), Some(f)) if r != f => {
                c.fail(
                    row,
                    "restart_date",
                    format!(
                        "expected repair_days and restart_date to agree, found {r} days against \
                         {f} days to the restart date"
                    ),
                );
                None
            }
            (Some(r), _) => Some(r),
            (None, f) => f,
        }
    }

    /// The recorded length and share lie inside the row's own ranges.
    fn check_ranges(
        &self,
        c: &mut Checker<'_>,
        row: &RawRow,
        days: Option<i64>,
        disabled: Option<f64>,
        capacity: Option<f64>,
    ) {
        if let (Some(days), Some((lo, hi))) = (days, self.certainty.repair_days_range) {
            if !(i64::from(lo)..=i64::from(hi)).contains(&days) {
                c.fail(
                    row,
                    "repair_days_low",
                    format!(
                        "expected the outage length ({days} days) inside repair_days_low..\
                         repair_days_high, found {lo}..{hi}"
                    ),
                );
            }
        }
        if let (Some(d), Some(cap), Some((lo, hi))) =
            (disabled, capacity, self.certainty.disabled_share_range)
        {
            let s = d / cap;
            if s < lo * (1.0 - 1e-9) || s > hi * (1.0 + 1e-9) {
                c.fail(
                    row,
                    "disabled_share_low",
                    format!(
                        "expected the share disabled ({s:.3}) inside disabled_share_low..\
                         disabled_share_high, found {lo}..{hi}"
                    ),
                );
            }
        }
    }
}

/// The optional columns a record states its own certainty with.
const CERTAINTY_COLUMNS: [&str; 8] = [
    "disabled_basis",
    "outage_basis",
    "hit",
    "p_effect",
    "repair_days_low",
    "repair_days_high",
    "disabled_share_low",
    "disabled_share_high",
];

/// What a record says of its own certainty, from [`CERTAINTY_COLUMNS`].
fn read_certainty(c: &mut Checker<'_>, row: &RawRow) -> Certainty {
    let disabled_basis = c
        .choice(row, "disabled_basis", &Basis::DISABLED_NAMES)
        .and_then(|s| Basis::parse(&s));
    let outage_basis = c
        .choice(row, "outage_basis", &Basis::OUTAGE_NAMES)
        .and_then(|s| Basis::parse(&s));
    let hit = c
        .choice(row, "hit", &Hit::NAMES)
        .and_then(|s| Hit::parse(&s));
    let p_effect = c.number(row, "p_effect", "a probability with 0 <= p <= 1", |v| {
        (0.0..=1.0).contains(&v)
    });
    let repair_days_range = range(c, row, ["repair_days_low", "repair_days_high"], |c, col| {
        c.integer(row, col, "a whole number of days from 1 to 36,500", |v| {
            (1..=36_500).contains(&v)
        })
        .map(|v| v as f64)
    })
    .map(|(lo, hi)| (lo as u32, hi as u32));
    let disabled_share_range = range(
        c,
        row,
        ["disabled_share_low", "disabled_share_high"],
        |c, col| c.number(row, col, "a share with 0 < s <= 1", |v| v > 0.0 && v <= 1.0),
    );
    Certainty {
        disabled_basis,
        outage_basis,
        hit,
        repair_days_range,
        disabled_share_range,
        p_effect,
    }
}

/// Reads a (low, high) pair of optional columns: both or neither, low <= high. A problem
/// names the column at fault.
fn range(
    c: &mut Checker<'_>,
    row: &RawRow,
    cols: [&str; 2],
    mut read: impl FnMut(&mut Checker<'_>, &str) -> Option<f64>,
) -> Option<(f64, f64)> {
    let [lo_col, hi_col] = cols;
    let has = [c.has(row, lo_col), c.has(row, hi_col)];
    let lo = read(c, lo_col);
    let hi = read(c, hi_col);
    match has {
        [true, false] => c.fail(
            row,
            hi_col,
            format!("expected {hi_col} beside {lo_col}, found an empty cell"),
        ),
        [false, true] => c.fail(
            row,
            lo_col,
            format!("expected {lo_col} beside {hi_col}, found an empty cell"),
        ),
        _ => {}
    }
    let (lo, hi) = (lo?, hi?);
    if lo > hi {
        c.fail(
            row,
            hi_col,
            format!("expected {hi_col} >= {lo_col} ({lo}), found {hi}"),
        );
        return None;
    }
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::reader::read_csv_blocks;
    use crate::data::Asset;

    /// 400 rows with repeats near and far (inside a block and across blocks), rows with
    /// several problems, and good rows.
    fn messy() -> String {
        let mut text = String::from("strike_id,date,asset_id,disabled_share,repair_days\n");
        for i in 0..400 {
            let id = match i % 50 {
                7 => "s3".to_owned(),        // first on line 5
                13 => format!("s{}", i - 1), // the row before
                _ => format!("s{i}"),
            };
            let (date, share, days) = match i % 37 {
                5 => ("2025-02-30", "0.5", "10"),
                11 => ("2025-01-01", "1.5", "-2"),
                _ => ("2025-01-01", "0.5", "10"),
            };
            let asset = if i % 41 == 9 { "nowhere" } else { "a" };
            text.push_str(&format!("{id},{date},{asset},{share},{days}\n"));
        }
        text
    }

    fn problems(text: &str, target: usize, threads: usize) -> Vec<String> {
        let assets = Assets::new(vec![Asset::new("a", "A", 10.0)]);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let table = read_csv_blocks("s.csv", text.as_bytes(), target).unwrap();
            from_table(&table, &assets)
                .unwrap_err()
                .problems
                .iter()
                .map(ToString::to_string)
                .collect()
        })
    }

    #[test]
    fn blocks_and_threads_report_as_one_reader() {
        let text = messy();
        let one = problems(&text, usize::MAX, 1);
        // Repeats name the first line of their id, wherever it is.
        assert!(one.contains(
            &"s.csv line 9, column strike_id: expected a unique id, found \"s3\" again (first on line 5)"
                .to_owned()
        ));
        assert!(one.contains(
            &"s.csv line 359, column strike_id: expected a unique id, found \"s3\" again (first on line 5)"
                .to_owned()
        ));
        assert!(one.contains(
            &"s.csv line 15, column strike_id: expected a unique id, found \"s12\" again (first on line 14)"
                .to_owned()
        ));
        // A repeat comes after the problems of its row's own cells, before the others.
        let at = |needle: &str| one.iter().position(|p| p.contains(needle)).unwrap();
        assert!(at("line 309, column repair_days") < at("line 309, column strike_id"));
        for (target, threads) in [(64, 1), (64, 2), (300, 2), (1000, 3), (5000, 2)] {
            assert_eq!(
                problems(&text, target, threads),
                one,
                "{target} bytes, {threads} threads"
            );
        }
    }

    #[test]
    fn strikes_come_in_file_order_from_any_blocks() {
        let mut text = String::from("strike_id,date,asset_id,disabled_share,repair_days,note\n");
        for i in 0..300 {
            text.push_str(&format!(
                "s{i},2025-01-{:02},a,0.25,{},\"n, {i}\"\n",
                i % 28 + 1,
                i % 9 + 1
            ));
        }
        let assets = Assets::new(vec![Asset::new("a", "A", 8.0)]);
        let read = |target| {
            from_table(
                &read_csv_blocks("s.csv", text.as_bytes(), target).unwrap(),
                &assets,
            )
            .unwrap()
        };
        let one = read(usize::MAX);
        assert_eq!(one.len(), 300);
        assert_eq!(one[299].id, "s299");
        assert_eq!(
            one[299].extra(),
            &[("note".to_owned(), "n, 299".to_owned())]
        );
        assert_eq!(one[0].disabled, 2.0);
        assert_eq!(read(100), one);
    }
}
