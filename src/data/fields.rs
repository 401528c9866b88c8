//! Column lookup and cell parsing with problems collected, not returned one by one.

use chrono::{Datelike, NaiveDate};

use super::table::{RawRow, RawTable, Typed};
use crate::error::ValidationReport;

/// The columns a kind of table knows: the names of a static schema, or of one made for a
/// unit (a daily table's `offline_mtpa` or `offline_mw`), which live as long as the checker.
pub(crate) struct Schema<'s> {
    /// Columns that must be present.
    pub required: &'s [&'s str],
    /// Columns the model reads when present.
    pub optional: &'s [&'s str],
    /// Groups of columns of which at least one must be present.
    pub one_of: &'s [&'s [&'s str]],
}

/// Headers written for a column the model reads under another name.
const ALIASES: [(&str, &str); 6] = [
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("long", "lon"),
    ("lng", "lon"),
    ("utilisation", "utilization"),
    ("capacity_factor", "utilization"),
];

/// Warnings for headers that are no column of `schema` but look like one (`utilisation`,
/// `latitude`, `repair_day`): such a column is kept as an extra and not read, which a typo
/// should not do silently.
pub(crate) fn near_misses(table: &RawTable, schema: &Schema) -> Vec<crate::error::Problem> {
    let known = schema.known();
    let mut out = Vec::new();
    for header in &table.headers {
        let h = normalise(header);
        if known.contains(&h.as_str()) {
            continue;
        }
        let alias = ALIASES
            .iter()
            .find(|(a, k)| *a == h && known.contains(k))
            .map(|(_, k)| *k);
        let close = || {
            known
                .iter()
                .map(|k| (strsim::damerau_levenshtein(k, &h), *k))
                .filter(|(d, k)| *d <= if k.len() <= 5 { 1 } else { 2 } && *d < k.len())
                .min()
                .map(|(_, k)| k)
        };
        if let Some(want) = alias.or_else(close) {
            // A misspelt required column is an error of its own, which names it.
            if table.headers.iter().any(|x| normalise(x) == want) || schema.required.contains(&want)
            {
                continue;
            }
            out.push(table.problem(
                Some(1),
                Some(header),
                format!(
                    "not a column the model reads (did you mean {want}?); kept as an extra column"
                ),
            ));
        }
    }
    out
}

impl<'s> Schema<'s> {
    /// Every column of the schema: required, optional and those of the one-of groups.
    pub(crate) fn known(&self) -> Vec<&'s str> {
        self.required
            .iter()
            .chain(self.optional)
            .chain(self.one_of.iter().flat_map(|g| g.iter()))
            .copied()
            .collect()
    }
}

/// Column positions found in a header, and the problems found in the table.
pub(crate) struct Checker<'t> {
    /// The table being checked.
    pub table: &'t RawTable,
    /// Each known column present, by the schema's own name, and its position.
    index: Vec<(&'t str, usize)>,
    /// Every column of the schema and its position when present, found by the address of
    /// the name (see [`Checker::col`]).
    by_address: Box<[AddressSlot; ADDRESS_SLOTS]>,
    /// Positions of the columns the schema does not know.
    extra_cols: Vec<usize>,
    /// Problems found so far.
    pub report: ValidationReport,
    /// A misspelt header that stands in for a missing required column (the schema's name,
    /// the header's position): read in its place so that the rows are still checked.
    stand_ins: Vec<(&'t str, usize)>,
    /// How many of the report's first problems were found reading the table.
    carried: usize,
}

/// Slots of [`Checker`]'s table of the schema's column names by address.
const ADDRESS_SLOTS: usize = 64;

/// A column name of the schema by the address of its text (empty: no name, or a slot two
/// names share).
#[derive(Debug, Clone, Copy, Default)]
struct AddressSlot {
    address: usize,
    len: usize,
    pos: Option<usize>,
}

fn address_slot(name: &str) -> usize {
    let a = name.as_ptr() as usize;
    (a ^ (a >> 6) ^ (a >> 12) ^ name.len()) % ADDRESS_SLOTS
}

/// The hint for a missing column `want`: the closest of the `unknown` headers, when one
/// is within a few edits (empty when none is).
fn suggestion(unknown: &[&str], want: &str) -> String {
    near_miss(unknown, want).map_or(String::new(), |u| {
        format!(" (found {u}: did you mean {want}?)")
    })
}

/// The unknown header closest to `want` in spelling, when close enough to be a misspelling.
pub(crate) fn near_miss<'a>(unknown: &[&'a str], want: &str) -> Option<&'a str> {
    unknown
        .iter()
        .map(|u| (strsim::damerau_levenshtein(u, want), *u))
        .filter(|(d, u)| *d <= 2.max(want.len() / 4) && *d < want.len().max(u.len()))
        .min()
        .map(|(_, u)| u)
}

fn normalise(header: &str) -> String {
    header.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

impl<'t> Checker<'t> {
    /// Resolves the schema's columns in `table`'s header; headers match without regard to
    /// case, and spaces or hyphens stand for underscores. A missing required column is a
    /// problem, with the closest unknown header suggested.
    pub(crate) fn new(table: &'t RawTable, schema: &Schema<'t>) -> Self {
        let mut checker = Checker {
            table,
            index: Vec::new(),
            by_address: Box::new([AddressSlot::default(); ADDRESS_SLOTS]),
            extra_cols: Vec::new(),
            report: ValidationReport::of(table.read_problems.clone()),
            stand_ins: Vec::new(),
            carried: table.read_problems.len(),
        };
        let normalised: Vec<String> = table.headers.iter().map(|h| normalise(h)).collect();
        let known = schema.known();
        checker.index_header(&normalised, &known);
        checker.index_by_address(&known);
        checker.extra_cols = (0..table.headers.len())
            .filter(|i| !checker.index.iter().any(|(_, j)| j == i))
            .collect();
        checker.report_missing(schema, &normalised, &known);
        checker
    }

    /// Finds the `known` columns among the `normalised` headers, by position; a column
    /// that appears twice is a problem.
    fn index_header(&mut self, normalised: &[String], known: &[&'t str]) {
        for (i, h) in normalised.iter().enumerate() {
            if let Some(&name) = known.iter().find(|k| **k == h.as_str()) {
                if self.index.iter().any(|(n, _)| *n == name) {
                    self.report.problems.push(self.table.problem(
                        Some(1),
                        Some(h),
                        format!("column {h} appears twice in the header"),
                    ));
                } else {
                    self.index.push((name, i));
                }
            }
        }
    }

    /// Fills the table of the `known` column names by address (see [`Checker::col`]);
    /// a slot two names share is left empty.
    fn index_by_address(&mut self, known: &[&'t str]) {
        let mut shared = [false; ADDRESS_SLOTS];
        for k in known {
            let pos = self.index.iter().find(|(n, _)| n == k).map(|(_, i)| *i);
            let slot = address_slot(k);
            if self.by_address[slot].len != 0 {
                shared[slot] = true;
            }
            self.by_address[slot] = AddressSlot {
                address: k.as_ptr() as usize,
                len: k.len(),
                pos,
            };
        }
        for (slot, shared) in self.by_address.iter_mut().zip(shared) {
            if shared {
                *slot = AddressSlot::default();
            }
        }
    }

    /// Reports each required column of `schema` that is missing, then each group of
    /// which no column is present, with the closest unknown header of the `normalised`
    /// ones suggested.
    fn report_missing(&mut self, schema: &Schema<'t>, normalised: &[String], known: &[&str]) {
        let table = self.table;
        let unknown: Vec<&str> = normalised
            .iter()
            .filter(|h| !known.contains(&h.as_str()))
            .map(String::as_str)
            .collect();
        for want in schema.required {
            if self.col(want).is_none() {
                let found = if table.headers.is_empty() {
                    "the header is empty".to_owned()
                } else {
                    format!("the header has {}", table.headers.join(", "))
                };
                let msg = format!(
                    "missing required column {want}{}; {found}",
                    suggestion(&unknown, want)
                );
                self.report
                    .problems
                    .push(table.problem(Some(1), Some(want), msg));
                // The misspelt column is read in its place, so that the rows are checked
                // in the same run (the table still fails on its header).
                if let Some(pos) =
                    near_miss(&unknown, want).and_then(|u| normalised.iter().position(|h| h == u))
                {
                    self.stand_ins.push((want, pos));
                }
            }
        }
        for group in schema.one_of {
            if group.iter().all(|c| self.col(c).is_none()) {
                let hints: String = group.iter().map(|w| suggestion(&unknown, w)).collect();
                let msg = format!(
                    "missing column: expected at least one of {}{hints}",
                    group.join(", ")
                );
                self.report.problems.push(table.problem(Some(1), None, msg));
            }
        }
    }

    /// A checker for a table whose header must hold the schema's columns (the problems as
    /// the error otherwise). With `rows_of = Some("asset")`, a table with no data row is a
    /// problem too ("expected at least one asset row").
    pub(crate) fn for_rows(
        table: &'t RawTable,
        schema: &Schema<'t>,
        rows_of: Option<&str>,
    ) -> Result<Self, ValidationReport> {
        let mut c = Checker::new(table, schema);
        if !c.header_ok() {
            let stood_in = c.stand_ins.len();
            let missing = schema
                .required
                .iter()
                .filter(|w| c.col(w).is_none())
                .count();
            if stood_in == 0
                || stood_in != missing
                || c.report.problems.len() != c.carried + missing
            {
                return Err(c.report);
            }
            // Every problem is a misspelt required column: read each in its place and go
            // on to the rows, whose problems join the header's.
            let stand_ins = std::mem::take(&mut c.stand_ins);
            for (want, pos) in stand_ins {
                c.index.push((want, pos));
                c.extra_cols.retain(|&i| i != pos);
            }
            c.by_address = Box::new([AddressSlot::default(); ADDRESS_SLOTS]);
            c.index_by_address(&schema.known());
        }
        if let (Some(what), true) = (rows_of, table.is_empty()) {
            c.report.problems.push(table.problem(
                None,
                None,
                format!("expected at least one {what} row, found only the header"),
            ));
        }
        Ok(c)
    }

    /// A checker of the same table and columns with no problem recorded yet: one per
    /// block of rows read in parallel.
    pub(crate) fn for_block(&self) -> Checker<'t> {
        Checker {
            table: self.table,
            index: self.index.clone(),
            by_address: self.by_address.clone(),
            extra_cols: self.extra_cols.clone(),
            report: ValidationReport::default(),
            stand_ins: Vec::new(),
            carried: 0,
        }
    }

    /// Position of a known column, if present.
    ///
    /// Looked up for every cell of every row: a name that is the schema's own string (the
    /// same literal) is found by its address first, with no comparison of text.
    pub(crate) fn col(&self, name: &str) -> Option<usize> {
        // The schema's names outlive the checker (a static literal, or a name made for a
        // unit and borrowed for 't), so a name at the address and of the length of one of
        // them is that name.
        let slot = &self.by_address[address_slot(name)];
        if slot.address == name.as_ptr() as usize && slot.len == name.len() {
            return slot.pos;
        }
        self.index.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
    }

    /// True when the table has a column the schema does not know.
    pub(crate) fn has_extra(&self) -> bool {
        !self.extra_cols.is_empty()
    }

    /// True when the header holds every required column (rows can then be read).
    pub(crate) fn header_ok(&self) -> bool {
        self.report.problems.len() == self.carried
    }

    /// The trimmed cell of `name` in `row`, `None` when the column is absent or the cell empty.
    #[inline]
    pub(crate) fn cell<'r>(&self, row: &RawRow<'r>, name: &str) -> Option<&'r str> {
        self.col(name)
            .map(|i| row.cell(i))
            .filter(|s| !s.is_empty())
    }

    /// True when the cell of `name` in `row` holds a value (the column present, the cell not
    /// empty); a typed cell is not written out as text to tell.
    #[inline]
    pub(crate) fn has(&self, row: &RawRow, name: &str) -> bool {
        if !row.by_column() {
            return self.cell(row, name).is_some();
        }
        match self.col(name) {
            None => false,
            Some(i) => match row.typed(i) {
                Some(t) => t != Typed::Empty,
                None => !row.cell(i).is_empty(),
            },
        }
    }

    /// The typed value of the cell of `name` in `row`, when its column is typed.
    fn typed(&self, row: &RawRow, name: &str) -> Option<Typed> {
        self.col(name).and_then(|i| row.typed(i))
    }

    /// Records a problem at `row`, column `name`.
    pub(crate) fn fail(&mut self, row: &RawRow, name: &str, message: String) {
        self.report
            .problems
            .push(self.table.problem(Some(row.line), Some(name), message));
    }

    /// A required text cell.
    pub(crate) fn text(&mut self, row: &RawRow, name: &str) -> Option<String> {
        self.text_ref(row, name).map(str::to_owned)
    }

    /// A required text cell, borrowed from the row.
    pub(crate) fn text_ref<'r>(&mut self, row: &RawRow<'r>, name: &str) -> Option<&'r str> {
        let cell = self.cell(row, name);
        if cell.is_none() {
            self.fail(row, name, "expected a value, found an empty cell".into());
        }
        cell
    }

    /// An optional cell read with `parse`: a value it refuses is a problem ("expected
    /// `rule`, found ...") and gives `None`, as does an empty cell (no problem).
    fn parsed<T>(
        &mut self,
        row: &RawRow,
        name: &str,
        rule: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.cell(row, name)?;
        let value = parse(raw);
        if value.is_none() {
            self.fail(row, name, format!("expected {rule}, found \"{raw}\""));
        }
        value
    }

    /// A typed cell's value as `read` takes it: `Some(None)` for a null, `Some(Some(v))` for a
    /// value it accepts; a value it refuses is a problem, its text written out for the
    /// message as [`Checker::parsed`] writes it. `None` when the cell is not typed or `read`
    /// does not read its type (it is then read from its text).
    fn typed_value<T>(
        &mut self,
        row: &RawRow,
        name: &str,
        rule: &str,
        read: impl FnOnce(Typed) -> Option<Option<T>>,
    ) -> Option<Option<T>> {
        if !row.by_column() {
            return None;
        }
        let typed = self.typed(row, name)?;
        if typed == Typed::Empty {
            return Some(None);
        }
        let value = read(typed)?;
        if value.is_none() {
            let raw = self.cell(row, name).unwrap_or("");
            self.fail(row, name, format!("expected {rule}, found \"{raw}\""));
        }
        Some(value)
    }

    /// An optional number; a value that is not a number or breaks `ok` is recorded as a
    /// problem. `rule` says what is expected, e.g. "a number > 0".
    pub(crate) fn number(
        &mut self,
        row: &RawRow,
        name: &str,
        rule: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Option<f64> {
        // A typed number is the value its text reads as (the text is written to read back
        // exactly; a whole number converts as its decimal text parses, to the nearest).
        let typed = self.typed_value(row, name, rule, |t| match t {
            Typed::Float(x) => Some((x.is_finite() && ok(x)).then_some(x)),
            Typed::Int(n) => Some(Some(n as f64).filter(|v| ok(*v))),
            _ => None,
        });
        if let Some(value) = typed {
            return value;
        }
        let decimal_comma = self.table.decimal_comma;
        self.parsed(row, name, rule, |raw| {
            parse_number(raw, decimal_comma).filter(|v| v.is_finite() && ok(*v))
        })
    }

    /// Reads a required cell with `read`; an empty cell is a problem ("expected `rule`").
    fn required<T>(
        &mut self,
        row: &RawRow,
        name: &str,
        rule: &str,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        if !self.has(row, name) {
            self.fail(row, name, format!("expected {rule}, found an empty cell"));
            return None;
        }
        read(self)
    }

    /// A required number: an empty cell is a problem too.
    pub(crate) fn required_number(
        &mut self,
        row: &RawRow,
        name: &str,
        rule: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Option<f64> {
        self.required(row, name, rule, |c| c.number(row, name, rule, ok))
    }

    /// A required date in the form YYYY-MM-DD: an empty cell is a problem too.
    pub(crate) fn required_date(&mut self, row: &RawRow, name: &str) -> Option<NaiveDate> {
        self.required(row, name, "a date as YYYY-MM-DD", |c| c.date(row, name))
    }

    /// An optional whole number.
    pub(crate) fn integer(
        &mut self,
        row: &RawRow,
        name: &str,
        rule: &str,
        ok: impl Fn(i64) -> bool,
    ) -> Option<i64> {
        // As the text path reads the text a typed number is written as: a float is whole
        // when it has no fraction and is under 1e15 in size.
        let typed = self.typed_value(row, name, rule, |t| match t {
            Typed::Int(n) => Some(Some(n).filter(|v| ok(*v))),
            Typed::Float(x) => Some(
                (x.fract() == 0.0 && x.abs() < 1e15)
                    .then_some(x as i64)
                    .filter(|v| ok(*v)),
            ),
            _ => None,
        });
        if let Some(value) = typed {
            return value;
        }
        let decimal_comma = self.table.decimal_comma;
        self.parsed(row, name, rule, |raw| {
            raw.parse::<i64>()
                .ok()
                .or_else(|| {
                    // "14.0" from a spreadsheet is a whole number too.
                    parse_number(raw, decimal_comma)
                        .filter(|v| v.fract() == 0.0 && v.abs() < 1e15)
                        .map(|v| v as i64)
                })
                .filter(|v| ok(*v))
        })
    }

    /// An optional date in the form YYYY-MM-DD.
    pub(crate) fn date(&mut self, row: &RawRow, name: &str) -> Option<NaiveDate> {
        // A typed date of a year 0 to 9999 (one written as YYYY-MM-DD); any other is read
        // from its text and refused as that text is.
        let typed = self.typed_value(row, name, "a date as YYYY-MM-DD", |t| match t {
            Typed::Date(d) if (0..=9999).contains(&d.year()) => Some(Some(d)),
            _ => None,
        });
        if let Some(value) = typed {
            return value;
        }
        self.parsed(row, name, "a date as YYYY-MM-DD", parse_date)
    }

    /// An optional value from a fixed list.
    pub(crate) fn choice(&mut self, row: &RawRow, name: &str, allowed: &[&str]) -> Option<String> {
        self.cell(row, name)?;
        let rule = format!("one of {}", allowed.join(" | "));
        self.parsed(row, name, &rule, |raw| {
            let lower = raw.to_ascii_lowercase();
            allowed.contains(&lower.as_str()).then_some(lower)
        })
    }

    /// Checks that the id in column `name` of `row` has not been seen on an earlier row
    /// (`seen` maps each id to its first line): a repeat is a problem naming that line.
    pub(crate) fn unique<'r>(
        &mut self,
        row: &RawRow<'r>,
        name: &str,
        seen: &mut std::collections::HashMap<&'r str, usize>,
    ) {
        let Some(id) = self.cell(row, name) else {
            return;
        };
        match seen.get(id) {
            Some(first) => {
                let first = *first;
                self.fail(
                    row,
                    name,
                    format!("expected a unique id, found \"{id}\" again (first on line {first})"),
                );
            }
            None => {
                seen.insert(id, row.line);
            }
        }
    }

    /// The cells of columns the schema does not know, as (header, value) pairs.
    pub(crate) fn extra(&self, row: &RawRow) -> Vec<(String, String)> {
        self.extra_cols
            .iter()
            .map(|&i| (i, row.cell(i)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(i, v)| (self.table.headers[i].clone(), v.to_owned()))
            .collect()
    }
}

/// Parts the ids of a table are spread over by hash, checked in parallel.
const ID_PARTS: usize = 64;

/// The ids of one block of rows, spread over [`ID_PARTS`] parts by hash: with the same
/// part of every block, in block order, repeats are found in parallel, each with the first
/// line of its id, as one reader going row by row would find them.
pub(crate) struct BlockIds<'t> {
    /// Per part: (hash, id, line, place of a repeat's problem).
    parts: Vec<Vec<(u64, &'t str, u32, u32)>>,
}

/// An id found again: at `line` (its problem goes at position `at` of its block's
/// problems), first given on `first`.
struct Repeat<'t> {
    at: usize,
    line: usize,
    id: &'t str,
    first: usize,
}

impl<'t> BlockIds<'t> {
    /// Room for the ids of `rows` rows, spread evenly over the parts with some slack, so
    /// that the parts do not grow one push at a time.
    pub(crate) fn with_capacity(rows: usize) -> Self {
        let each = rows / ID_PARTS + rows / (4 * ID_PARTS) + 8;
        BlockIds {
            parts: (0..ID_PARTS).map(|_| Vec::with_capacity(each)).collect(),
        }
    }

    /// Notes `id` at `line`; a repeat's problem will go at position `at` of the block's
    /// problems.
    pub(crate) fn push(&mut self, id: &'t str, line: usize, at: usize) {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(id);
        let part = (hash >> 58) as usize % ID_PARTS;
        self.parts[part].push((hash, id, line as u32, at as u32));
    }
}

/// Adds to each block's problems the ids given again (in `column`, first seen on an
/// earlier row of any block): "expected a unique id, found ... again (first on line N)",
/// each at its place among its row's problems.
pub(crate) fn insert_repeats(
    table: &RawTable,
    column: &str,
    ids: &[BlockIds<'_>],
    reports: &mut [ValidationReport],
) {
    use rayon::prelude::*;
    let found: Vec<(usize, Repeat<'_>)> = (0..ID_PARTS)
        .into_par_iter()
        .flat_map_iter(|part| {
            // The hashes were computed once, with the ids: the table compares an id's text
            // only with the ids of the same hash.
            let mut first: hashbrown::HashTable<(u64, &str, u32)> =
                hashbrown::HashTable::with_capacity(ids.iter().map(|b| b.parts[part].len()).sum());
            let mut out = Vec::new();
            for (block, b) in ids.iter().enumerate() {
                for &(hash, id, line, at) in &b.parts[part] {
                    match first.entry(hash, |e| e.0 == hash && e.1 == id, |e| e.0) {
                        hashbrown::hash_table::Entry::Occupied(e) => out.push((
                            block,
                            Repeat {
                                at: at as usize,
                                line: line as usize,
                                id,
                                first: e.get().2 as usize,
                            },
                        )),
                        hashbrown::hash_table::Entry::Vacant(v) => {
                            v.insert((hash, id, line));
                        }
                    }
                }
            }
            out
        })
        .collect();
    let mut by_block: Vec<Vec<Repeat<'_>>> = (0..reports.len()).map(|_| Vec::new()).collect();
    for (block, r) in found {
        by_block[block].push(r);
    }
    for (report, mut repeats) in reports.iter_mut().zip(by_block) {
        if repeats.is_empty() {
            continue;
        }
        repeats.sort_by_key(|r| (r.at, r.line));
        let old = std::mem::take(&mut report.problems);
        let mut repeats = repeats.into_iter().peekable();
        for (i, p) in old.into_iter().enumerate() {
            while let Some(r) = repeats.next_if(|r| r.at <= i) {
                report.problems.push(repeat_problem(table, column, &r));
            }
            report.problems.push(p);
        }
        for r in repeats {
            report.problems.push(repeat_problem(table, column, &r));
        }
    }
}

fn repeat_problem(table: &RawTable, column: &str, r: &Repeat<'_>) -> crate::error::Problem {
    table.problem(
        Some(r.line),
        Some(column),
        format!(
            "expected a unique id, found \"{}\" again (first on line {})",
            r.id, r.first
        ),
    )
}

/// Parses a number; with `decimal_comma`, "12,5" reads as 12.5.
pub(crate) fn parse_number(raw: &str, decimal_comma: bool) -> Option<f64> {
    raw.parse::<f64>().ok().or_else(|| {
        if decimal_comma && raw.matches(',').count() == 1 && !raw.contains('.') {
            raw.replace(',', ".").parse().ok()
        } else {
            None
        }
    })
}

/// Parses a strict `YYYY-MM-DD` date.
pub(crate) fn parse_date(raw: &str) -> Option<NaiveDate> {
    let b = raw.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::reader::read_csv_bytes;

    const SCHEMA: Schema = Schema {
        required: &["asset_id", "capacity_mtpa"],
        optional: &["lat"],
        one_of: &[],
    };

    #[test]
    fn suggests_the_column_a_typo_meant() {
        let t = read_csv_bytes("a.csv", b"asset_di,capacity_mtpa\nx,1\n").unwrap();
        let c = Checker::new(&t, &SCHEMA);
        assert_eq!(c.report.problems.len(), 1);
        let msg = &c.report.problems[0].message;
        assert!(msg.contains("did you mean asset_id"), "{msg}");
    }

    #[test]
    fn headers_match_loosely() {
        let t = read_csv_bytes("a.csv", b"Asset ID,Capacity_MTPA\nx,1\n").unwrap();
        let c = Checker::new(&t, &SCHEMA);
        assert!(c.header_ok());
        assert_eq!(c.col("capacity_mtpa"), Some(1));
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(parse_number("12,5", true), Some(12.5));
        assert_eq!(parse_number("12,5", false), None);
        assert!(parse_date("2025-03-18").is_some());
        assert!(parse_date("2025-3-18").is_none());
        assert!(parse_date("18/03/2025").is_none());
        assert!(parse_date("2025-02-30").is_none());
    }
}
