//! Reading CSV text into raw tables: the file cut into blocks of whole records (cuts fall
//! only between records as a CSV reader sees them), each block read on its own core, by
//! one `memchr` pass when it has no quote or carriage return and by the csv crate
//! otherwise; problems of every block come in line order.

use rayon::prelude::*;

use crate::data::table::{RawTable, RowBlock, BLOCK_BYTES, MIN_BLOCK_BYTES};
use crate::error::{Problem, ValidationReport};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn file_problem(file: &str, line: Option<usize>, message: String) -> ValidationReport {
    ValidationReport::of(vec![Problem {
        file: file.to_owned(),
        line,
        line_label: "line",
        column: None,
        message,
    }])
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
pub fn read_csv_bytes(file: &str, bytes: &[u8]) -> Result<RawTable, ValidationReport> {
    let per_thread = bytes.len() / (8 * rayon::current_num_threads());
    read_csv_blocks(file, bytes, per_thread.clamp(MIN_BLOCK_BYTES, BLOCK_BYTES))
}

/// [`read_csv_bytes`] with blocks of about `target` bytes.
pub(crate) fn read_csv_blocks(
    file: &str,
    bytes: &[u8],
    target: usize,
) -> Result<RawTable, ValidationReport> {
    let (bytes, not_utf8) = checked_text(file, bytes)?;
    let bytes: &[u8] = &bytes;
    let text = std::str::from_utf8(bytes).expect("UTF-8, as checked_text made it");
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = sniff_delimiter(header_line);
    let mut report = ValidationReport::default();
    let (headers, data_start) = read_header(file, bytes, delimiter, &mut report);
    let blocks = read_data(
        file,
        bytes,
        data_start,
        delimiter,
        headers.len(),
        target,
        &mut report,
    );
    if !report.is_empty() {
        let mut all = ValidationReport::of(not_utf8);
        all.extend(report);
        return Err(all);
    }
    let mut table = RawTable::from_blocks(file, "line", headers, delimiter == b';', blocks);
    table.read_problems = not_utf8;
    Ok(table)
}

/// The first check of a file's bytes: past any byte-order marks, some text other than
/// white space, all of it UTF-8. The bytes past the marks, or the problems.
///
/// Bytes that are not UTF-8 do not stop the reading: each line holding some is a problem
/// (up to 20), and the text is read with those bytes replaced by U+FFFD, so that the
/// rows' own problems are listed in the same run.
fn checked_text<'b>(
    file: &str,
    bytes: &'b [u8],
) -> Result<(std::borrow::Cow<'b, [u8]>, Vec<Problem>), ValidationReport> {
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
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Ok((std::borrow::Cow::Owned(text.into_bytes()), bad.problems));
    }
    Ok((std::borrow::Cow::Borrowed(bytes), Vec::new()))
}

/// Reads the header, the first record with a non-blank cell (problems of the records
/// before it go to `report`): the column names, and where the data start in `bytes`.
fn read_header(
    file: &str,
    bytes: &[u8],
    delimiter: u8,
    report: &mut ValidationReport,
) -> (Vec<String>, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut headers = Vec::new();
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
    (headers, data_start)
}

/// Reads the data from `data_start` of `bytes` in blocks of about `target` bytes, in
/// parallel, into rows of `columns` cells: the blocks numbered with their first lines, in
/// file order, and their problems added to `report` in file order.
fn read_data(
    file: &str,
    bytes: &[u8],
    data_start: usize,
    delimiter: u8,
    columns: usize,
    target: usize,
    report: &mut ValidationReport,
) -> Vec<RowBlock> {
    let data = &bytes[data_start..];
    let starts = block_starts(data, delimiter, target.max(1));
    let spans: Vec<(usize, usize)> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&data.len()]))
        .map(|(&s, &e)| (s, e))
        .collect();
    let reads: Vec<BlockRead> = spans
        .par_iter()
        .map(|&(s, e)| read_block(file, &data[s..e], delimiter, columns))
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
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::{RawRow, RawTable};

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
        // The table is read on (the byte as U+FFFD), carrying the problem for its checks.
        let t = read_csv_bytes("t.csv", b"a,b\n1,2\nMosc\xE9w,3\n").unwrap();
        assert_eq!(t.read_problems.len(), 1);
        assert_eq!(t.read_problems[0].line, Some(3));
        assert!(t.read_problems[0].message.contains("0xE9"));
        assert_eq!(t.rows().nth(1).unwrap().cell(0), "Mosc\u{FFFD}w");
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
