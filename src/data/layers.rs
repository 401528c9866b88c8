//! Checks across the files of one table layered in order (`--strikes a.csv --strikes
//! b.csv`): each file is validated on its own; what only shows across files is checked here.

use std::collections::HashMap;

use super::assets::Assets;
use super::table::RawTable;
use crate::error::ValidationReport;
use crate::units::Unit;

/// The column of `name` in `table` (trimmed, any case).
fn column(table: &RawTable, name: &str) -> Option<usize> {
    table
        .headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// An id given in two files: a problem at each later place, naming the first. (Repeats
/// inside one file are the file's own check.)
pub(super) fn repeated_ids(tables: &[&RawTable], id_column: &str) -> ValidationReport {
    let mut report = ValidationReport::default();
    if tables.len() < 2 {
        return report;
    }
    let mut first: rustc_hash::FxHashMap<&str, (usize, &str, usize)> = Default::default();
    for (t, table) in tables.iter().enumerate() {
        let Some(col) = column(table, id_column) else {
            continue;
        };
        for row in table.rows() {
            let id = row.cell(col);
            if id.is_empty() {
                continue;
            }
            match first.get(id) {
                Some(&(ft, file, line)) if ft != t => report.problems.push(table.problem(
                    Some(row.line),
                    Some(id_column),
                    format!(
                        "expected an id not given in an earlier file, found \"{id}\" (also {file} line {line})"
                    ),
                )),
                Some(_) => {}
                None => {
                    first.insert(id, (t, &table.file, row.line));
                }
            }
        }
    }
    report
}

/// A group whose assets come in two units from two files (one file's own check covers its
/// rows): a problem at each asset of a later file whose unit differs from the group's first.
pub(super) fn mixed_units(files: &[(RawTable, Assets)]) -> ValidationReport {
    let mut report = ValidationReport::default();
    let mut first: HashMap<&str, (usize, &Unit, &str, usize)> = HashMap::new();
    for (t, (table, assets)) in files.iter().enumerate() {
        let lines: HashMap<&str, usize> = column(table, "asset_id")
            .map(|col| table.rows().map(|r| (r.cell(col), r.line)).collect())
            .unwrap_or_default();
        for asset in assets.as_slice() {
            let line = lines.get(asset.id.as_str()).copied().unwrap_or(0);
            let group = asset.group.as_str();
            match first.get(group) {
                Some(&(ft, unit, file, first_line)) if ft != t && *unit != asset.unit => {
                    let column = if column(table, "unit").is_some() {
                        "unit"
                    } else if column(table, "capacity_mtpa").is_some() {
                        "capacity_mtpa"
                    } else {
                        "kind"
                    };
                    report.problems.push(table.problem(
                        Some(line),
                        Some(column),
                        format!(
                            "expected {unit} like the other assets of group {group} ({file} line {first_line}): figures are never summed across units, found {}",
                            asset.unit
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    first.insert(group, (t, &asset.unit, &table.file, line));
                }
            }
        }
    }
    report
}
