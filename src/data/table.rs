//! Raw tables: the text of every cell with the line it came from, so that every
//! validation message can name file, line and column.

use crate::error::{Problem, ValidationReport};

/// One data row of an input file.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// 1-based line (CSV, the header is line 1) or 1-based row (Parquet).
    pub line: usize,
    /// Cell texts as read (a short row has fewer cells than the header: read cells with
    /// [`RawRow::cell`], which trims them and gives missing ones as empty).
    pub cells: csv::StringRecord,
}

impl RawRow {
    /// The text of cell `i` without surrounding blanks, empty when the row is short.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", str::trim)
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
    /// Data rows.
    pub rows: Vec<RawRow>,
    /// True when numbers may use a decimal comma (semicolon-separated files).
    pub decimal_comma: bool,
}

impl RawTable {
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

fn memchr_newlines(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect()
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

/// Reads CSV bytes into a [`RawTable`]. Accepts a UTF-8 byte-order mark and
/// semicolon- or tab-separated files (a semicolon file may use decimal commas).
pub(crate) fn read_csv_bytes(file: &str, bytes: &[u8]) -> Result<RawTable, ValidationReport> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    // Line numbers come from byte offsets: the reader's own line count skips blank lines.
    let newlines: Vec<usize> = memchr_newlines(bytes);
    let line_of = |byte: u64| {
        // A record's position can point at the blank lines before it.
        let mut b = byte as usize;
        while b < bytes.len() && matches!(bytes[b], b'\n' | b'\r') {
            b += 1;
        }
        newlines.partition_point(|&p| p < b) + 1
    };
    let mut report = ValidationReport::default();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| line_of(p.byte()));
                report.problems.extend(
                    file_problem(file, line, format!("not a readable CSV record: {e}")).problems,
                );
                continue;
            }
        }
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => headers = Some(record.iter().map(|c| c.trim().to_owned()).collect()),
            Some(h) => {
                let cells = record.clone();
                if cells.len() > h.len() && cells.iter().skip(h.len()).any(|c| !c.trim().is_empty())
                {
                    report.problems.extend(
                        file_problem(
                            file,
                            Some(line),
                            format!(
                                "expected {} fields as in the header, found {} (a value with a \
                                 comma must be quoted)",
                                h.len(),
                                cells.len()
                            ),
                        )
                        .problems,
                    );
                    continue;
                }
                rows.push(RawRow { line, cells });
            }
        }
    }
    let headers = headers.unwrap_or_default();
    if !report.is_empty() {
        return Err(report);
    }
    Ok(RawTable {
        file: file.to_owned(),
        line_label: "line",
        headers,
        rows,
        decimal_comma: delimiter == b';',
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_with_their_numbers() {
        let t = read_csv_bytes("t.csv", b"a,b\n1,2\n\n3,\"x,y\"\n").unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.rows[1].cell(1), "x,y");
    }

    #[test]
    fn accepts_bom_and_semicolons() {
        let t = read_csv_bytes("t.csv", b"\xEF\xBB\xBFa;b\n1,5;2\n").unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        assert!(t.decimal_comma);
        assert_eq!(t.rows[0].cell(0), "1,5");
        assert_eq!(t.rows[0].cell(1), "2");
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
}
