//! Strikes: damage records that take capacity offline for a time.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::assets::{Assets, Confidence};
use super::fields::{Checker, Schema};
use super::table::RawTable;
use crate::error::ValidationReport;

/// One damage record: on `date`, asset `asset` lost `disabled_mtpa` for `repair_days` days.
#[derive(Debug, Clone, PartialEq)]
pub struct Strike {
    /// Unique id.
    pub id: String,
    /// Day of the strike (the first day offline).
    pub date: NaiveDate,
    /// Position of the struck asset in the assets table.
    pub asset: usize,
    /// Capacity taken offline, Mt/yr (from `disabled_mtpa`, or share times asset capacity).
    pub disabled_mtpa: f64,
    /// Days offline: the outage is `[date, date + repair_days)`.
    pub repair_days: u32,
    /// Unit hit, as reported.
    pub unit: Option<String>,
    /// Confidence of the row.
    pub confidence: Option<Confidence>,
    /// Where the record comes from.
    pub source: Option<String>,
    /// Columns the model does not read, kept as (header, value).
    pub extra: Vec<(String, String)>,
}

impl Strike {
    /// A strike with only the model's fields set.
    pub fn new(
        id: impl Into<String>,
        date: NaiveDate,
        asset: usize,
        disabled_mtpa: f64,
        repair_days: u32,
    ) -> Self {
        Strike {
            id: id.into(),
            date,
            asset,
            disabled_mtpa,
            repair_days,
            unit: None,
            confidence: None,
            source: None,
            extra: Vec::new(),
        }
    }

    /// The first day back online (`date + repair_days`).
    pub fn restart_date(&self) -> NaiveDate {
        self.date + chrono::Days::new(u64::from(self.repair_days))
    }
}

/// The columns of a strikes file.
pub const SCHEMA: Schema = Schema {
    required: &["strike_id", "date", "asset_id"],
    optional: &["unit", "confidence", "source"],
    one_of: &[
        &["disabled_mtpa", "disabled_share"],
        &["repair_days", "restart_date"],
    ],
};

/// Tolerance within which `disabled_mtpa` and `disabled_share` must agree (1 %).
pub const SHARE_AGREEMENT: f64 = 0.01;

/// Validates and converts a strikes table against the loaded assets; every problem is reported.
pub fn from_table(table: &RawTable, assets: &Assets) -> Result<Vec<Strike>, ValidationReport> {
    let mut c = Checker::for_rows(table, &SCHEMA, None)?;
    let mut out = Vec::new();
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let id = c.text(row, "strike_id");
        let date = c.required_date(row, "date");
        let asset_id = c.text(row, "asset_id");
        let asset = asset_id.as_deref().and_then(|a| {
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
        let mtpa = c.number(row, "disabled_mtpa", "a capacity in Mt/yr > 0", |v| v > 0.0);
        let share = c.number(row, "disabled_share", "a share with 0 < s <= 1", |v| {
            v > 0.0 && v <= 1.0
        });
        let repair = c.integer(row, "repair_days", "a whole number of days >= 1", |v| {
            (1..=36_500).contains(&v)
        });
        let restart = c.date(row, "restart_date");
        let confidence = c
            .choice(row, "confidence", &Confidence::NAMES)
            .and_then(|s| Confidence::parse(&s));

        if let Some(id) = &id {
            if let Some(first) = first_line.get(id.as_str()) {
                c.fail(
                    row,
                    "strike_id",
                    format!("expected a unique id, found \"{id}\" again (first on line {first})"),
                );
            } else {
                first_line.insert(c.cell(row, "strike_id").unwrap_or_default(), row.line);
            }
        }
        // Capacity disabled.
        let has_mtpa = c.cell(row, "disabled_mtpa").is_some();
        let has_share = c.cell(row, "disabled_share").is_some();
        let has_repair = c.cell(row, "repair_days").is_some();
        let has_restart = c.cell(row, "restart_date").is_some();
        if !has_mtpa && !has_share {
            c.fail(
                row,
                "disabled_mtpa",
                "expected disabled_mtpa or disabled_share, found both empty".into(),
            );
        }
        let capacity = asset.map(|a| assets.as_slice()[a].capacity_mtpa);
        let disabled = match (mtpa, share, capacity) {
            (Some(m), Some(s), Some(cap)) => {
                let from_share = s * cap;
                if (m - from_share).abs() > SHARE_AGREEMENT * from_share.max(m) {
                    c.fail(
                        row,
                        "disabled_share",
                        format!(
                            "expected disabled_mtpa and disabled_share to agree within 1 %, found \
                             {m} Mt/yr against {s} x {cap} = {from_share:.3} Mt/yr"
                        ),
                    );
                }
                Some(m)
            }
            (Some(m), _, _) => Some(m),
            (None, Some(s), Some(cap)) => Some(s * cap),
            _ => None,
        };
        if let (Some(d), Some(cap), Some(a)) = (disabled, capacity, asset_id.as_deref()) {
            if d > cap * (1.0 + 1e-9) {
                c.fail(
                    row,
                    "disabled_mtpa",
                    format!("expected at most the capacity of {a} ({cap} Mt/yr), found {d} Mt/yr"),
                );
            }
        }
        // Outage length.
        if !has_repair && !has_restart {
            c.fail(
                row,
                "repair_days",
                "expected repair_days or restart_date, found both empty".into(),
            );
        }
        let from_restart = match (date, restart) {
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
        let repair_days = match (repair, from_restart) {
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
        };
        if let (Some(id), Some(date), Some(asset), Some(disabled_mtpa), Some(days)) =
            (id, date, asset, disabled, repair_days)
        {
            let opt = |col: &str| c.cell(row, col).map(str::to_owned);
            out.push(Strike {
                unit: opt("unit"),
                source: opt("source"),
                confidence,
                extra: c.extra(row),
                ..Strike::new(id, date, asset, disabled_mtpa, days as u32)
            });
        }
    }
    if !c.report.is_empty() {
        return Err(c.report);
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}
