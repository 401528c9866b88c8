//! Raw tables: the text of every cell with the line it came from, so that every
//! validation message can name file, line and column.
//!
//! A CSV file is cut into blocks of whole records (about [`BLOCK_BYTES`] each) that are
//! read on every core at once; each block keeps its cells' text in one buffer, so a table
//! of millions of rows costs a few allocations, not one per row. Rows keep their order and
//! their line numbers, so every problem is reported as a single reader would.

use chrono::NaiveDate;

use crate::error::Problem;

/// Most bytes of CSV text read per block (the unit of parallel work).
pub(crate) const BLOCK_BYTES: usize = 2 << 20;

/// Fewest bytes per block: smaller files are cut into about eight blocks per thread.
pub(crate) const MIN_BLOCK_BYTES: usize = 64 << 10;

/// One data row of an input file, borrowed from its table.
#[derive(Clone, Copy)]
pub struct RawRow<'t> {
    /// 1-based line (CSV, the header is line 1) or 1-based row (Parquet).
    pub line: usize,
    block: &'t RowBlock,
    /// The row's cells in the block's `ends` (a block stored by row).
    first: u32,
    last: u32,
    /// The row's index in its block.
    index: u32,
}

impl std::fmt::Debug for RawRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRow")
            .field("line", &self.line)
            .field("cells", &self.cells().collect::<Vec<_>>())
            .finish()
    }
}

impl<'t> RawRow<'t> {
    /// The text of cell `i` without surrounding blanks, empty when the row is short.
    #[inline]
    pub fn cell(&self, i: usize) -> &'t str {
        self.raw_cell(i).map_or("", trim)
    }

    /// The text of cell `i` as read (`None` past the end of a short row).
    #[inline]
    fn raw_cell(&self, i: usize) -> Option<&'t str> {
        let b = self.block;
        if !b.columns.is_empty() {
            return Some(b.columns.get(i)?.text_at(self.index as usize));
        }
        let k = self.first as usize + i;
        if k >= self.last as usize {
            return None;
        }
        let end = b.ends[k] as usize;
        let start = if k == 0 { 0 } else { b.ends[k - 1] as usize };
        Some(&b.text[start..end])
    }

    /// The value of cell `i` when its column is typed (read from Parquet as dates, floats or
    /// whole numbers); `None` for a text column. Its text, from [`RawRow::cell`], is the
    /// value written out, so reading that text gives this value.
    #[inline]
    pub(crate) fn typed(&self, i: usize) -> Option<Typed> {
        self.block.columns.get(i)?.typed_at(self.index as usize)
    }

    /// True when the row's block is stored by column (its cells may be typed).
    #[inline]
    pub(crate) fn by_column(&self) -> bool {
        !self.block.columns.is_empty()
    }

    /// Number of cells in the row (a short row has fewer than the header).
    pub fn len(&self) -> usize {
        if self.by_column() {
            self.block.columns.len()
        } else {
            (self.last - self.first) as usize
        }
    }

    /// True when the row has no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cells as read, in order.
    pub fn cells(&self) -> impl Iterator<Item = &'t str> + '_ {
        (0..self.len()).filter_map(|i| self.raw_cell(i))
    }
}

/// `cell.trim()`, without looking for Unicode blanks when the cell starts and ends with
/// a visible ASCII character (the usual case).
fn trim(cell: &str) -> &str {
    let b = cell.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
}

/// Rows stored together: their cells' text one after another in one buffer.
#[derive(Debug, Clone, Default)]
pub struct RowBlock {
    /// Added to each row's stored line.
    pub(crate) first_line: usize,
    pub(crate) text: String,
    /// End offset in `text` of each cell, row after row.
    pub(crate) ends: Vec<u32>,
    /// Each row's line (less `first_line`) and the index in `ends` of its first cell.
    pub(crate) rows: Vec<(u32, u32)>,
    /// The block's columns, when it is stored by column rather than by row (then `text`,
    /// `ends` and `rows` are empty, and row `i` is on line `first_line + i`).
    columns: Vec<Column>,
}

impl RowBlock {
    /// An empty block whose rows' lines count from `first_line`.
    pub(crate) fn new(first_line: usize) -> Self {
        RowBlock {
            first_line,
            ..RowBlock::default()
        }
    }

    /// A block of `rows` rows stored by column, its rows on lines `first_line` onwards.
    pub(crate) fn of_columns(first_line: usize, rows: usize, columns: Vec<Column>) -> Self {
        debug_assert!(columns.iter().all(|c| c.len() == rows));
        RowBlock {
            first_line,
            columns,
            ..RowBlock::default()
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(self.rows.len(), Column::len)
    }

    /// True when the block holds no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` of the block.
    pub fn row(&self, i: usize) -> RawRow<'_> {
        if !self.columns.is_empty() {
            assert!(i < self.len(), "row {i} of a block of {}", self.len());
            return RawRow {
                line: self.first_line + i,
                block: self,
                first: 0,
                last: 0,
                index: i as u32,
            };
        }
        let (rel, first) = self.rows[i];
        let last = self.rows.get(i + 1).map_or(self.ends.len() as u32, |r| r.1);
        RawRow {
            line: self.first_line + rel as usize,
            block: self,
            first,
            last,
            index: i as u32,
        }
    }

    /// The rows in order.
    pub fn rows(&self) -> impl Iterator<Item = RawRow<'_>> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }
}

/// The value of a typed cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Typed {
    /// No value (a null).
    Empty,
    /// A date.
    Date(NaiveDate),
    /// A 64-bit float.
    Float(f64),
    /// A 64-bit whole number.
    Int(i64),
}

/// The values of a column of a block, in row order.
#[derive(Debug, Clone)]
pub(crate) enum ColumnValues {
    /// Days since 1970-01-01.
    Days(Vec<i32>),
    /// 64-bit floats.
    Float(Vec<f64>),
    /// 64-bit whole numbers.
    Int(Vec<i64>),
    /// Text, trimmed, cell after cell, and the end of each.
    Text { text: String, ends: Vec<u32> },
}

/// A column of a block stored by column: its values, which are present (when some are
/// not), and, for a typed column once a cell's text is asked for, the text of them all.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    values: ColumnValues,
    valid: Option<Vec<bool>>,
    text: std::sync::OnceLock<(String, Vec<u32>)>,
}

impl Column {
    /// A typed column (not [`ColumnValues::Text`]) with, when some values are missing,
    /// which are present.
    pub(crate) fn typed(values: ColumnValues, valid: Option<Vec<bool>>) -> Self {
        debug_assert!(!matches!(values, ColumnValues::Text { .. }));
        debug_assert!(valid.as_ref().is_none_or(|v| v.len() == values.len()));
        Column {
            values,
            valid,
            text: std::sync::OnceLock::new(),
        }
    }

    /// A text column of `cells` (`None`: a missing value, read as an empty cell), each
    /// trimmed as a CSV cell is.
    pub(crate) fn text<'a>(rows: usize, cells: impl Iterator<Item = Option<&'a str>>) -> Self {
        let mut text = String::with_capacity(rows * 8);
        let mut ends = Vec::with_capacity(rows);
        for cell in cells {
            text.push_str(trim(cell.unwrap_or("")));
            ends.push(u32::try_from(text.len()).expect("a block holds < 4 GiB of text"));
        }
        Column {
            values: ColumnValues::Text { text, ends },
            valid: None,
            text: std::sync::OnceLock::new(),
        }
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    /// The value of row `i`; `None` for a text column.
    fn typed_at(&self, i: usize) -> Option<Typed> {
        if matches!(self.values, ColumnValues::Text { .. }) {
            return None;
        }
        if self.valid.as_ref().is_some_and(|v| !v[i]) {
            return Some(Typed::Empty);
        }
        Some(match &self.values {
            // A day number no date has reads as no value, as its empty text does.
            ColumnValues::Days(v) => day_date(v[i]).map_or(Typed::Empty, Typed::Date),
            ColumnValues::Float(v) => Typed::Float(v[i]),
            ColumnValues::Int(v) => Typed::Int(v[i]),
            ColumnValues::Text { .. } => unreachable!("text columns returned above"),
        })
    }

    /// The text of row `i`: a text column's own; a typed column's value written out (with
    /// the rest of the column, on first use) as a date `YYYY-MM-DD`, a whole number with
    /// itoa, a float with [`write_float`], a missing value as nothing.
    fn text_at(&self, i: usize) -> &str {
        let (text, ends) = match &self.values {
            ColumnValues::Text { text, ends } => (text, ends),
            _ => {
                let (text, ends) = self.text.get_or_init(|| {
                    let n = self.len();
                    let mut text = String::with_capacity(n * 8);
                    let mut ends = Vec::with_capacity(n);
                    for row in 0..n {
                        match self.typed_at(row) {
                            Some(Typed::Date(d)) => write_date(&mut text, d),
                            Some(Typed::Float(x)) => write_float(&mut text, x),
                            Some(Typed::Int(x)) => text.push_str(itoa::Buffer::new().format(x)),
                            Some(Typed::Empty) | None => {}
                        }
                        ends.push(
                            u32::try_from(text.len()).expect("a block holds < 4 GiB of text"),
                        );
                    }
                    (text, ends)
                });
                (text, ends)
            }
        };
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &text[start..ends[i] as usize]
    }
}

impl ColumnValues {
    fn len(&self) -> usize {
        match self {
            ColumnValues::Days(v) => v.len(),
            ColumnValues::Float(v) => v.len(),
            ColumnValues::Int(v) => v.len(),
            ColumnValues::Text { ends, .. } => ends.len(),
        }
    }
}

/// An input file read as text.
#[derive(Debug, Clone)]
pub struct RawTable {
    /// Name used in messages.
    pub file: String,
    /// `line` for CSV, `row` for Parquet.
    pub line_label: &'static str,
    /// Column names as written in the header (trimmed).
    pub headers: Vec<String>,
    /// True when numbers may use a decimal comma (semicolon-separated files).
    pub decimal_comma: bool,
    /// Data rows, in blocks, in file order.
    blocks: Vec<RowBlock>,
    /// True for a table bundled with the tool (read from the binary, not a user's file).
    pub bundled: bool,
    /// Problems found reading the table that did not stop the reading (bytes that are not
    /// UTF-8, read as U+FFFD): every check of the table reports them first.
    pub read_problems: Vec<crate::error::Problem>,
}

impl RawTable {
    /// A table of rows already read (blocks in order).
    pub(crate) fn from_blocks(
        file: &str,
        line_label: &'static str,
        headers: Vec<String>,
        decimal_comma: bool,
        blocks: Vec<RowBlock>,
    ) -> Self {
        RawTable {
            file: file.to_owned(),
            line_label,
            headers,
            decimal_comma,
            blocks,
            bundled: false,
            read_problems: Vec::new(),
        }
    }

    /// The table with its rows numbered 1, 2, ... in order and named `row` in problems (a
    /// DataFrame given as CSV text, whose rows are what its user counts, whatever lines a
    /// multi-line cell took).
    pub(crate) fn numbered_by_row(mut self) -> Self {
        let mut next = 1;
        for block in &mut self.blocks {
            block.first_line = next;
            for (i, row) in block.rows.iter_mut().enumerate() {
                row.0 = i as u32;
            }
            next += block.len();
        }
        self.line_label = "row";
        self
    }

    /// A problem at `line` (and `column`) of this table.
    pub fn problem(&self, line: Option<usize>, column: Option<&str>, message: String) -> Problem {
        Problem {
            file: self.file.clone(),
            line,
            line_label: self.line_label,
            column: column.map(str::to_owned),
            message,
        }
    }

    /// The data rows in file order.
    pub fn rows(&self) -> impl Iterator<Item = RawRow<'_>> + '_ {
        self.blocks.iter().flat_map(RowBlock::rows)
    }

    /// The rows in blocks, in file order: the unit of parallel work.
    pub fn blocks(&self) -> &[RowBlock] {
        &self.blocks
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.blocks.iter().map(RowBlock::len).sum()
    }

    /// True when the table has no data row.
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(RowBlock::is_empty)
    }
}

/// Writes `x` as text that reads back as `x`: a number with at most six decimals that is
/// the nearest double to its decimal (as one read from such a text is) in that decimal form
/// (`0.35`, `12.0`), checked exactly; any other number in ryu's shortest form.
pub(crate) fn write_float(buf: &mut String, x: f64) {
    if !x.is_finite() {
        buf.push_str(&x.to_string());
        return;
    }
    if x.abs() < 1e9 {
        let mut scale = 1.0;
        for decimals in 0..=6usize {
            let k = (x * scale).round();
            // Division is correctly rounded: k / scale is the double nearest k / 10^decimals,
            // which is what reading the decimal text gives.
            if k / scale == x {
                let k = k as i64;
                let mut digits = itoa::Buffer::new();
                let digits = digits.format(k.unsigned_abs());
                if k < 0 || (k == 0 && x.is_sign_negative()) {
                    buf.push('-');
                }
                if decimals == 0 {
                    buf.push_str(digits);
                    buf.push_str(".0");
                } else if digits.len() > decimals {
                    let (int, frac) = digits.split_at(digits.len() - decimals);
                    buf.push_str(int);
                    buf.push('.');
                    buf.push_str(frac);
                } else {
                    buf.push_str("0.");
                    buf.extend(std::iter::repeat_n('0', decimals - digits.len()));
                    buf.push_str(digits);
                }
                return;
            }
            scale *= 10.0;
        }
    }
    buf.push_str(ryu::Buffer::new().format_finite(x));
}

/// The date `days` after 1970-01-01.
pub(crate) fn day_date(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(719_163)?)
}

/// Writes `d` as `YYYY-MM-DD` (as its `Display` does for years 0..=9999).
pub(crate) fn write_date(buf: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    use std::fmt::Write as _;
    if (0..=9999).contains(&d.year()) {
        let (y, m, day) = (d.year() as u32, d.month(), d.day());
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            10,
            m / 10,
            m % 10,
            10,
            day / 10,
            day % 10,
        ];
        buf.extend(digits.iter().map(|&x| {
            if x == 10 {
                '-'
            } else {
                (b'0' + x as u8) as char
            }
        }));
    } else {
        let _ = write!(buf, "{d}");
    }
}
