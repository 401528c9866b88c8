//! Raw tables: the text of every cell with the line it came from, so that every
//! validation message can name file, line and column.
//!
//! A CSV file is cut into blocks of whole records (about [`BLOCK_BYTES`] each) that are
//! read on every core at once; each block keeps its cells' text in one buffer, so a table
//! of millions of rows costs a few allocations, not one per row. Rows keep their order and
//! their line numbers, so every problem is reported as a single reader would.

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::error::{Problem, ValidationReport};

/// Most bytes of CSV text read per block (the unit of parallel work).
pub(crate) const BLOCK_BYTES: usize = 2 << 20;

/// Fewest bytes per block: smaller files are cut into about eight blocks per thread.
const MIN_BLOCK_BYTES: usize = 64 << 10;

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
    first_line: usize,
    text: String,
    /// End offset in `text` of each cell, row after row.
    ends: Vec<u32>,
    /// Each row's line (less `first_line`) and the index in `ends` of its first cell.
    rows: Vec<(u32, u32)>,
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
        }
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

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn file_problem(file: &str, line: Option<usize>, message: String) -> ValidationReport {
    ValidationReport {
        problems: vec![Problem {
            file: file.to_owned(),
            line,
            line_label: "line",
            column: None,
            message,
        }],
    }
}

/// Lists the lines holding bytes that are not UTF-8 (up to 20).
fn non_utf8_problems(file: &str, bytes: &[u8]) -> ValidationReport {
    let mut report = ValidationReport::default();
    let mut offset = 0;
    while offset < bytes.len() && report.problems.len() < 20 {
        match std::str::from_utf8(&bytes[offset..]) {
            Ok(_) => break,
            Err(e) => {
                let at = offset + e.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let byte = bytes[at];
                report.problems.push(Problem {
                    file: file.to_owned(),
                    line: Some(line),
                    line_label: "line",
                    column: None,
                    message: format!(
                        "expected UTF-8 text, found byte 0x{byte:02X} at character {} of the line \
                         (the file looks like Latin-1 or Windows-1251: save it as UTF-8)",
                        at - line_start + 1
                    ),
                });
                // Skip to the next line so each bad line is reported once.
                offset = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| at + p + 1);
            }
        }
    }
    report
}

/// Picks the delimiter from the header line: `,`, `;` or tab, whichever splits it most.
fn sniff_delimiter(header_line: &str) -> u8 {
    let count = |c: char| header_line.matches(c).count();
    let candidates = [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))];
    candidates
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// The byte ranges of `data` inside quoted cells, from the opening quote to the closing
/// one, as a CSV reader sees them (a quote opens a cell only at its start; inside, `""` is a
/// quote); `None` when a quoted cell goes on after its closing quote (`"a"b`), which only a
/// reader going through the whole file in order reads for sure.
fn quoted_spans(data: &[u8], delimiter: u8) -> Option<Vec<(usize, usize)>> {
    let edge = |b: u8| b == delimiter || matches!(b, b'\n' | b'\r');
    let mut spans = Vec::new();
    let mut quotes = memchr::memchr_iter(b'"', data);
    while let Some(open) = quotes.next() {
        if open > 0 && !edge(data[open - 1]) {
            // A quote inside an unquoted cell is text.
            continue;
        }
        loop {
            match quotes.next() {
                None => {
                    spans.push((open, data.len()));
                    return Some(spans);
                }
                Some(q) if data.get(q + 1) == Some(&b'"') => {
                    quotes.next();
                }
                Some(q) => {
                    if data.get(q + 1).is_some_and(|&b| !edge(b)) {
                        return None;
                    }
                    spans.push((open, q));
                    break;
                }
            }
        }
    }
    Some(spans)
}

/// Where the blocks of `data` start: at the first newline outside quoted cells after every
/// `target` bytes (and not before a byte-order mark, which a reader would skip). A file
/// whose quoting only a reader going through it in order can follow is one block.
fn block_starts(data: &[u8], delimiter: u8, target: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let Some(spans) = quoted_spans(data, delimiter) else {
        return starts;
    };
    let inside = |p: usize| {
        let i = spans.partition_point(|s| s.1 < p);
        i < spans.len() && spans[i].0 < p
    };
    let mut pos = 0;
    while pos + target < data.len() {
        let mut i = pos + target;
        loop {
            let Some(o) = memchr::memchr(b'\n', &data[i..]) else {
                return starts;
            };
            let p = i + o;
            if inside(p) || data[p + 1..].starts_with(UTF8_BOM) {
                i = p + 1;
                continue;
            }
            pos = p + 1;
            if pos < data.len() {
                starts.push(pos);
            }
            break;
        }
    }
    starts
}

/// One block read: its rows, the number of newlines it spans, and its problems.
struct BlockRead {
    block: RowBlock,
    newlines: usize,
    problems: Vec<Problem>,
}

/// Reads the records of `bytes` (whole records) into a block; lines count from 0 and are
/// shifted once the lines before the block are known.
fn read_block(file: &str, bytes: &[u8], delimiter: u8, width: usize) -> BlockRead {
    if memchr::memchr2(b'"', b'\r', bytes).is_none() {
        read_plain_block(file, bytes, delimiter, width)
    } else {
        read_csv_block(file, bytes, delimiter, width)
    }
}

/// The problem of a record with more non-empty fields than the header has columns.
fn too_wide(file: &str, line: usize, width: usize, found: usize) -> Problem {
    file_line_problem(
        file,
        Some(line),
        format!(
            "expected {width} fields as in the header, found {found} (a value with a comma \
             must be quoted)"
        ),
    )
}

/// [`read_block`] for a block with no quote and no carriage return. In such text a CSV
/// record is a line and its fields are what lies between delimiters, which is how a CSV
/// reader reads it (`plain_blocks_read_as_a_csv_reader_reads_them` checks that against the
/// csv crate); lines and fields are found with `memchr`, several times faster than a
/// reader that must look at every byte for quotes.
fn read_plain_block(file: &str, bytes: &[u8], delimiter: u8, width: usize) -> BlockRead {
    let mut block = RowBlock::new(0);
    let mut problems = Vec::new();
    let mut text = Vec::with_capacity(bytes.len());
    block.ends.reserve(bytes.len() / 2);
    block.rows.reserve(bytes.len() / 8);
    let mut newlines = 0;
    // The line being read: where its cells start in `ends` and in `text`, how many it has,
    // whether any is not blank, and whether any past the header's width is not blank.
    let (mut first_end, mut first_text, mut cells) = (0, 0, 0);
    let (mut filled, mut wide) = (false, false);
    let mut cell_start = 0;
    for pos in memchr::memchr2_iter(delimiter, b'\n', bytes).chain([bytes.len()]) {
        let cell = &bytes[cell_start..pos];
        let blank = cell.trim_ascii().is_empty();
        filled |= !blank;
        wide |= cells >= width && !blank;
        text.extend_from_slice(cell);
        block.ends.push(text.len() as u32);
        cells += 1;
        cell_start = pos + 1;
        if pos < bytes.len() && bytes[pos] == delimiter {
            continue;
        }
        // The line ends. Blank lines and lines of blank cells are skipped, as a reader
        // skips them; a line too wide is a problem.
        if filled && wide {
            problems.push(too_wide(file, newlines, width, cells));
        }
        if filled && !wide {
            block.rows.push((newlines as u32, first_end as u32));
        } else {
            text.truncate(first_text);
            block.ends.truncate(first_end);
        }
        (first_end, first_text, cells) = (block.ends.len(), text.len(), 0);
        (filled, wide) = (false, false);
        newlines += usize::from(pos < bytes.len());
    }
    // Cells split a UTF-8 text at ASCII separators, so they are UTF-8 too.
    block.text = String::from_utf8(text).expect("cells of a UTF-8 text cut at its separators");
    BlockRead {
        block,
        newlines,
        problems,
    }
}

/// [`read_block`] through a CSV reader: quoted cells, and any line ending.
fn read_csv_block(file: &str, bytes: &[u8], delimiter: u8, width: usize) -> BlockRead {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut block = RowBlock::new(0);
    let mut problems = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut text = Vec::with_capacity(bytes.len());
    // Room for short cells and rows (reserved, not touched, until used).
    block.ends.reserve(bytes.len() / 2);
    block.rows.reserve(bytes.len() / 8);
    // Line numbers come from byte offsets: the reader's own line count skips blank lines.
    let (mut counted_to, mut line) = (0usize, 0usize);
    let mut line_at = |byte: usize| {
        // A record's position can point at the blank lines before it.
        let mut b = byte;
        while b < bytes.len() && matches!(bytes[b], b'\n' | b'\r') {
            b += 1;
        }
        line += bytes[counted_to..b].iter().filter(|&&c| c == b'\n').count();
        counted_to = b;
        line
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map(|p| line_at(p.byte() as usize));
                problems.push(file_line_problem(
                    file,
                    at,
                    format!("not a readable CSV record: {e}"),
                ));
                continue;
            }
        }
        let at = record.position().map_or(0, |p| line_at(p.byte() as usize));
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        if record.len() > width
            && record
                .iter()
                .skip(width)
                .any(|c| !c.trim_ascii().is_empty())
        {
            problems.push(too_wide(file, at, width, record.len()));
            continue;
        }
        block.rows.push((at as u32, block.ends.len() as u32));
        for cell in &record {
            text.extend_from_slice(cell);
            block.ends.push(text.len() as u32);
        }
    }
    // Cells split a UTF-8 text at ASCII separators, so they are UTF-8 too.
    block.text = String::from_utf8(text).expect("cells of a UTF-8 text cut at its separators");
    BlockRead {
        block,
        newlines: memchr::memchr_iter(b'\n', bytes).count(),
        problems,
    }
}

fn file_line_problem(file: &str, line: Option<usize>, message: String) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        line_label: "line",
        column: None,
        message,
    }
}

/// Reads CSV bytes into a [`RawTable`]. Accepts a UTF-8 byte-order mark and
/// semicolon- or tab-separated files (a semicolon file may use decimal commas). Blocks of
/// records are read in parallel; rows, lines and problems come out in file order.
pub(crate) fn read_csv_bytes(file: &str, bytes: &[u8]) -> Result<RawTable, ValidationReport> {
    let per_thread = bytes.len() / (8 * rayon::current_num_threads());
    read_csv_blocks(file, bytes, per_thread.clamp(MIN_BLOCK_BYTES, BLOCK_BYTES))
}

/// [`read_csv_bytes`] with blocks of about `target` bytes.
pub(crate) fn read_csv_blocks(
    file: &str,
    bytes: &[u8],
    target: usize,
) -> Result<RawTable, ValidationReport> {
    // A reader skips a byte-order mark at the start of its text: skip them all here, so
    // that the reader's positions are positions in `bytes`.
    let mut bytes = bytes;
    while let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        bytes = rest;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(file_problem(
            file,
            None,
            "the file is empty: expected a header row and at least one data row".into(),
        ));
    }
    let bad = non_utf8_problems(file, bytes);
    if !bad.is_empty() {
        return Err(bad);
    }
    let text = std::str::from_utf8(bytes).expect("checked above");
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = sniff_delimiter(header_line);
    // The header: the first record with a non-blank cell.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut headers = Vec::new();
    let mut report = ValidationReport::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) if record.iter().all(|c| c.trim_ascii().is_empty()) => {}
            Ok(true) => {
                headers = record
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).trim().to_owned())
                    .collect();
                break;
            }
            Ok(false) => break,
            Err(e) => report.problems.push(file_line_problem(
                file,
                Some(1),
                format!("not a readable CSV record: {e}"),
            )),
        }
    }
    // The data start with the header's line end, so that a reader never sees a
    // byte-order mark at the start of its text (it would skip it).
    let after_header = (reader.position().byte() as usize).min(bytes.len());
    let data_start = match after_header.checked_sub(1) {
        Some(end) if matches!(bytes[end], b'\n' | b'\r') => end,
        _ => after_header,
    };
    let data = &bytes[data_start..];
    let starts = block_starts(data, delimiter, target.max(1));
    let spans: Vec<(usize, usize)> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&data.len()]))
        .map(|(&s, &e)| (s, e))
        .collect();
    let reads: Vec<BlockRead> = spans
        .par_iter()
        .map(|&(s, e)| read_block(file, &data[s..e], delimiter, headers.len()))
        .collect();
    // Lines before the data, then before each block.
    let mut first_line = memchr::memchr_iter(b'\n', &bytes[..data_start]).count() + 1;
    let mut blocks = Vec::with_capacity(reads.len());
    for mut read in reads {
        for p in &mut read.problems {
            p.line = p.line.map(|l| l + first_line);
        }
        report.problems.extend(read.problems);
        read.block.first_line = first_line;
        first_line += read.newlines;
        blocks.push(read.block);
    }
    if !report.is_empty() {
        return Err(report);
    }
    Ok(RawTable::from_blocks(
        file,
        "line",
        headers,
        delimiter == b';',
        blocks,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_with_their_numbers() {
        let t = read_csv_bytes("t.csv", b"a,b\n1,2\n\n3,\"x,y\"\n").unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        let rows: Vec<RawRow<'_>> = t.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].cell(1), "x,y");
    }

    #[test]
    fn accepts_bom_and_semicolons() {
        let t = read_csv_bytes("t.csv", b"\xEF\xBB\xBFa;b\n1,5;2\n").unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        assert!(t.decimal_comma);
        let row = t.rows().next().unwrap();
        assert_eq!(row.cell(0), "1,5");
        assert_eq!(row.cell(1), "2");
    }

    #[test]
    fn names_non_utf8_lines() {
        let err = read_csv_bytes("t.csv", b"a,b\n1,2\nMosc\xE9w,3\n").unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].line, Some(3));
        assert!(err.problems[0].message.contains("0xE9"));
    }

    #[test]
    fn empty_and_ragged_files() {
        assert!(read_csv_bytes("t.csv", b"  \n").unwrap_err().problems[0]
            .message
            .contains("empty"));
        let err = read_csv_bytes("t.csv", b"a,b\n1,2,3\n4,5,6\n").unwrap_err();
        assert_eq!(err.problems.len(), 2);
        assert_eq!(err.problems[1].line, Some(3));
    }

    /// Every row as (line, cells), for comparing readings.
    fn rows_of(t: &RawTable) -> Vec<(usize, Vec<String>)> {
        t.rows()
            .map(|r| (r.line, r.cells().map(str::to_owned).collect()))
            .collect()
    }

    #[test]
    fn blocks_of_any_size_read_the_same_rows_and_lines() {
        let text = "id,note,n\r\n\r\na,plain,1\r\nb,\"two\nlines, and a comma\",2\n\n\
                    c,\"a \"\"quote\"\"\",3\nd,,4\ne,\"\n\n\",5\nf,last,6";
        let whole = read_csv_blocks("t.csv", text.as_bytes(), usize::MAX).unwrap();
        assert_eq!(whole.blocks().len(), 1);
        let expected = rows_of(&whole);
        assert_eq!(
            expected.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            vec![3, 4, 7, 8, 9, 12]
        );
        assert_eq!(expected[1].1[1], "two\nlines, and a comma");
        assert_eq!(expected[2].1[1], "a \"quote\"");
        for target in 1..text.len() {
            let t = read_csv_blocks("t.csv", text.as_bytes(), target).unwrap();
            assert_eq!(rows_of(&t), expected, "blocks of {target} bytes");
        }
        // Small blocks do cut the file.
        assert!(
            read_csv_blocks("t.csv", text.as_bytes(), 4)
                .unwrap()
                .blocks()
                .len()
                > 3
        );
    }

    #[test]
    fn a_cell_going_on_after_its_quotes_keeps_the_file_in_one_block() {
        let text = "id,note\na,\"5\" pipe\nb,\"x\ny\"\nc,z\n";
        let t = read_csv_blocks("t.csv", text.as_bytes(), 1).unwrap();
        assert_eq!(t.blocks().len(), 1);
        let whole = read_csv_blocks("t.csv", text.as_bytes(), usize::MAX).unwrap();
        assert_eq!(rows_of(&t), rows_of(&whole));
    }

    #[test]
    fn problems_of_every_block_in_line_order() {
        let mut text = String::from("a,b\n");
        for i in 0..50 {
            if i % 7 == 3 {
                text.push_str("1,2,3\n");
            } else {
                text.push_str("1,2\n");
            }
        }
        let lines = |target| -> Vec<Option<usize>> {
            read_csv_blocks("t.csv", text.as_bytes(), target)
                .unwrap_err()
                .problems
                .iter()
                .map(|p| p.line)
                .collect()
        };
        let one = lines(usize::MAX);
        assert_eq!(
            one,
            (0..50)
                .filter(|i| i % 7 == 3)
                .map(|i| Some(i + 2))
                .collect::<Vec<_>>()
        );
        assert_eq!(lines(10), one);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Text with no quote and no carriage return reads the same through the plain path
        /// as through the csv crate's reader: rows, lines, cells, problems.
        #[test]
        fn plain_blocks_read_as_a_csv_reader_reads_them(
            text in "[a1é ,;\t\n\x0c]{0,80}",
            semicolons in proptest::bool::ANY,
            width in 1usize..5,
        ) {
            let delimiter = if semicolons { b';' } else { b',' };
            let plain = read_plain_block("t.csv", text.as_bytes(), delimiter, width);
            let csv = read_csv_block("t.csv", text.as_bytes(), delimiter, width);
            proptest::prop_assert_eq!(&plain.block.text, &csv.block.text);
            proptest::prop_assert_eq!(&plain.block.ends, &csv.block.ends);
            proptest::prop_assert_eq!(&plain.block.rows, &csv.block.rows);
            proptest::prop_assert_eq!(plain.newlines, csv.newlines);
            proptest::prop_assert_eq!(&plain.problems, &csv.problems);
        }
    }

    #[test]
    fn plain_and_quoted_blocks_of_one_file_read_as_one_reader() {
        // The first block has a quoted cell and a CRLF, the others are plain.
        let mut text = String::from("a,b,c\r\n\"x,\ny\",1,2\r\n");
        for i in 0..200 {
            text.push_str(&format!("r{i},{i}, {i} \n"));
            if i % 50 == 7 {
                text.push_str("\n , ,\n");
            }
        }
        let whole = read_csv_blocks("t.csv", text.as_bytes(), usize::MAX).unwrap();
        let cut = read_csv_blocks("t.csv", text.as_bytes(), 64).unwrap();
        assert!(cut.blocks().len() > 10);
        let rows = |t: &RawTable| -> Vec<(usize, Vec<String>)> {
            t.rows()
                .map(|r| (r.line, r.cells().map(str::to_owned).collect()))
                .collect()
        };
        assert_eq!(rows(&cut), rows(&whole));
        let all = rows(&whole);
        assert_eq!(all.len(), 201);
        assert_eq!(all[0], (2, vec!["x,\ny".into(), "1".into(), "2".into()]));
        // Line 4 holds r0; r7 is on line 11, then a blank line and a line of blank cells.
        assert_eq!(all[1], (4, vec!["r0".into(), "0".into(), " 0 ".into()]));
        assert_eq!(all[8].0, 11);
        assert_eq!(all[9], (14, vec!["r8".into(), "8".into(), " 8 ".into()]));
    }
}
