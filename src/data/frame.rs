//! The one place that talks to polars: tables in and out as DataFrames and Parquet (the
//! `parquet` feature). CSV and JSON are written without it.

use std::io::Write;
#[cfg(feature = "parquet")]
use std::path::Path;

use chrono::NaiveDate;
#[cfg(feature = "parquet")]
use polars_core::prelude::*;
#[cfg(feature = "parquet")]
use polars_io::prelude::*;
#[cfg(feature = "parquet")]
use rayon::prelude::*;

use super::table::write_float;
#[cfg(feature = "parquet")]
use super::table::{self, ColumnValues, RawTable, RowBlock};
use crate::error::Error;
#[cfg(feature = "parquet")]
use crate::error::{Problem, ValidationReport};

/// The values of one output column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Text.
    Text(Vec<String>),
    /// Numbers (NaN is written as an empty cell / null).
    Float(Vec<f64>),
    /// Whole numbers.
    Int(Vec<i64>),
    /// Whole numbers that are never negative (counts, seeds): written unsigned, so the
    /// largest seed stays itself.
    UInt(Vec<u64>),
    /// Calendar days.
    Date(Vec<NaiveDate>),
    /// Whole numbers, some missing (a truce's length where a scenario has a truce).
    MaybeInt(Vec<Option<i64>>),
    /// Flags, some missing.
    MaybeBool(Vec<Option<bool>>),
    /// Calendar days, some missing.
    MaybeDate(Vec<Option<NaiveDate>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::UInt(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::MaybeInt(v) => v.len(),
            Values::MaybeBool(v) => v.len(),
            Values::MaybeDate(v) => v.len(),
        }
    }

    /// The column's type, as polars names it in Python (`String`, `Float64`, `Int64`,
    /// `UInt64`, `Date`, `Boolean`): what a reader of the CSV text needs to read it back
    /// as [`Table::to_dataframe`] makes it.
    pub fn dtype(&self) -> &'static str {
        match self {
            Values::Text(_) => "String",
            Values::Float(_) => "Float64",
            Values::Int(_) | Values::MaybeInt(_) => "Int64",
            Values::UInt(_) => "UInt64",
            Values::Date(_) | Values::MaybeDate(_) => "Date",
            Values::MaybeBool(_) => "Boolean",
        }
    }

    /// Appends cell `i` as CSV text: a missing value (and a number that is not finite) as
    /// nothing, a date as `YYYY-MM-DD`, a number as the shortest text that reads back as
    /// itself, with `e+` before a positive exponent (as polars writes it).
    fn write_cell(&self, i: usize, buf: &mut String) {
        match self {
            Values::Text(v) => buf.push_str(&v[i]),
            Values::Float(v) => {
                if v[i].is_finite() {
                    let start = buf.len();
                    write_float(buf, v[i]);
                    if let Some(e) = buf[start..].find('e') {
                        if !buf[start + e + 1..].starts_with('-') {
                            buf.insert(start + e + 1, '+');
                        }
                    }
                }
            }
            Values::Int(v) => buf.push_str(itoa::Buffer::new().format(v[i])),
            Values::UInt(v) => buf.push_str(itoa::Buffer::new().format(v[i])),
            Values::Date(v) => super::table::write_date(buf, v[i]),
            Values::MaybeInt(v) => {
                if let Some(x) = v[i] {
                    buf.push_str(itoa::Buffer::new().format(x));
                }
            }
            Values::MaybeBool(v) => {
                if let Some(x) = v[i] {
                    buf.push_str(if x { "true" } else { "false" });
                }
            }
            Values::MaybeDate(v) => {
                if let Some(d) = v[i] {
                    super::table::write_date(buf, d);
                }
            }
        }
    }
}

/// A column-oriented output table: the crate's own shape, turned into a polars
/// [`DataFrame`] or written as CSV, Parquet or JSON.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Named columns of equal length, in output order.
    pub columns: Vec<(String, Values)>,
    /// Key-value metadata written into Parquet files (the run's record, `run.json`).
    pub metadata: Vec<(String, String)>,
}

impl Table {
    /// Adds a column.
    pub fn push(&mut self, name: &str, values: Values) {
        self.columns.push((name.to_owned(), values));
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| v.len())
    }

    /// The values of column `name`.
    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Each column's name and type ([`Values::dtype`]), in order.
    pub fn schema(&self) -> Vec<(&str, &'static str)> {
        self.columns
            .iter()
            .map(|(name, values)| (name.as_str(), values.dtype()))
            .collect()
    }

    /// The table as a polars DataFrame (dates as `Date`, NaN as null).
    #[cfg(feature = "parquet")]
    pub fn to_dataframe(&self) -> Result<DataFrame, Error> {
        let cols: Vec<Column> = self
            .columns
            .iter()
            .map(|(name, values)| {
                let name = PlSmallStr::from(name.as_str());
                match values {
                    Values::Text(v) => {
                        // Empty text is written as a missing value, not as "".
                        let opt: Vec<Option<&str>> = v
                            .iter()
                            .map(|x| (!x.is_empty()).then_some(x.as_str()))
                            .collect();
                        Column::new(name, opt)
                    }
                    Values::Float(v) => {
                        let opt: Vec<Option<f64>> =
                            v.iter().map(|x| x.is_finite().then_some(*x)).collect();
                        Column::new(name, opt)
                    }
                    Values::Int(v) => Column::new(name, v),
                    Values::UInt(v) => Column::new(name, v),
                    Values::Date(v) => {
                        DateChunked::from_naive_date(name, v.iter().copied()).into_column()
                    }
                    Values::MaybeInt(v) => Column::new(name, v),
                    Values::MaybeBool(v) => Column::new(name, v),
                    Values::MaybeDate(v) => {
                        DateChunked::from_naive_date_options(name, v.iter().copied()).into_column()
                    }
                }
            })
            .collect();
        DataFrame::new(self.height(), cols).map_err(table_error)
    }

    /// The table as an HTML `<table>`: a header row, then each row's cells as CSV writes
    /// them (numbers exact), text escaped.
    pub fn to_html(&self) -> String {
        fn escaped(out: &mut String, text: &str) {
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    c => out.push(c),
                }
            }
        }
        let mut out = String::from("<table>\n<thead><tr>");
        for (name, _) in &self.columns {
            out.push_str("<th>");
            escaped(&mut out, name);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        let mut cell = String::new();
        for i in 0..self.height() {
            out.push_str("<tr>");
            for (_, values) in &self.columns {
                cell.clear();
                values.write_cell(i, &mut cell);
                let numeric = !matches!(values, Values::Text(_));
                out.push_str(if numeric {
                    "<td style=\"text-align:right\">"
                } else {
                    "<td>"
                });
                escaped(&mut out, &cell);
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>");
        out
    }

    /// Shows the table as HTML when it is the value of a cell in a Jupyter notebook run by
    /// the evcxr kernel.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT text/html\n{}\nEVCXR_END_CONTENT",
            self.to_html()
        );
    }

    /// Writes the table as CSV with a header row: quoted only where needed, a missing value
    /// as an empty cell (polars' CSV layout, so a DataFrame reads it back as
    /// [`Table::to_dataframe`] makes it).
    pub fn write_csv<W: Write>(&self, w: W) -> Result<(), Error> {
        let fail = |e: csv::Error| Error::Table(Box::new(e));
        let mut out = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(w);
        out.write_record(self.columns.iter().map(|(name, _)| name.as_str()))
            .map_err(fail)?;
        let mut cells = vec![String::new(); self.columns.len()];
        for i in 0..self.height() {
            for (cell, (_, values)) in cells.iter_mut().zip(&self.columns) {
                cell.clear();
                values.write_cell(i, cell);
            }
            out.write_record(&cells).map_err(fail)?;
        }
        out.flush().map_err(|e| fail(e.into()))
    }

    /// Writes the table as Parquet (zstd).
    #[cfg(feature = "parquet")]
    pub fn write_parquet<W: Write>(&self, w: W) -> Result<(), Error> {
        let mut df = self.to_dataframe()?;
        let metadata = (!self.metadata.is_empty())
            .then(|| KeyValueMetadata::from_static(self.metadata.clone()));
        ParquetWriter::new(w)
            .with_key_value_metadata(metadata)
            .finish(&mut df)
            .map(|_| ())
            .map_err(table_error)
    }

    /// Writes the table as a JSON array of row objects (NaN as null, dates as text).
    pub fn write_json<W: Write>(&self, mut w: W) -> Result<(), Error> {
        let rows: Vec<serde_json::Map<String, serde_json::Value>> = (0..self.height())
            .map(|i| {
                self.columns
                    .iter()
                    .map(|(name, values)| {
                        let v = match values {
                            Values::Text(v) => serde_json::Value::from(v[i].clone()),
                            Values::Float(v) => serde_json::Number::from_f64(v[i])
                                .map_or(serde_json::Value::Null, serde_json::Value::Number),
                            Values::Int(v) => serde_json::Value::from(v[i]),
                            Values::UInt(v) => serde_json::Value::from(v[i]),
                            Values::Date(v) => serde_json::Value::from(v[i].to_string()),
                            Values::MaybeInt(v) => serde_json::Value::from(v[i]),
                            Values::MaybeBool(v) => serde_json::Value::from(v[i]),
                            Values::MaybeDate(v) => {
                                serde_json::Value::from(v[i].map(|d| d.to_string()))
                            }
                        };
                        (name.clone(), v)
                    })
                    .collect()
            })
            .collect();
        serde_json::to_writer_pretty(&mut w, &rows).map_err(|e| Error::Table(Box::new(e)))?;
        writeln!(w).map_err(|e| Error::Table(Box::new(e)))
    }
}

#[cfg(feature = "parquet")]
fn table_error(e: PolarsError) -> Error {
    Error::Table(Box::new(e))
}

#[cfg(feature = "parquet")]
/// Reads a Parquet file as text cells, so it goes through the same validation as CSV.
/// Rows are numbered from 1 and reported as `row N`.
pub(crate) fn read_parquet_as_text(file: &str, path: &Path) -> Result<RawTable, ValidationReport> {
    let fail = |message: String| {
        ValidationReport::of(vec![Problem {
            file: file.to_owned(),
            line: None,
            line_label: "row",
            column: None,
            message,
        }])
    };
    let handle = std::fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
    let df = ParquetReader::new(handle)
        .finish()
        .map_err(|e| fail(format!("not a readable Parquet file: {e}")))?;
    dataframe_as_text(file, &df).map_err(fail)
}

#[cfg(feature = "parquet")]
/// Turns a DataFrame into a [`RawTable`] of blocks stored by column: date, 64-bit float and
/// 64-bit whole-number columns as their values, which the checks read as such and write out
/// as text only when a cell's text is asked for; any other column as text (cast to text,
/// trimmed; a missing value an empty cell).
pub(crate) fn dataframe_as_text(file: &str, df: &DataFrame) -> Result<RawTable, String> {
    let headers: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Each block of rows gathered on its own, on every core.
    let height = df.height();
    let blocks = (0..height.div_ceil(ROWS_PER_BLOCK))
        .into_par_iter()
        .map(|b| {
            let first = b * ROWS_PER_BLOCK;
            let len = ROWS_PER_BLOCK.min(height - first);
            let columns = df
                .columns()
                .iter()
                .map(|c| block_column(&c.slice(first as i64, len)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(RowBlock::of_columns(first + 1, len, columns))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(RawTable::from_blocks(file, "row", headers, false, blocks))
}

#[cfg(feature = "parquet")]
/// A slice of a DataFrame's column as a block's column: a date, 64-bit float or 64-bit
/// whole-number column as its values, any other cast to text.
fn block_column(column: &Column) -> Result<table::Column, String> {
    let cannot = |e: PolarsError| format!("column {} cannot be read as text: {e}", column.name());
    match column.dtype() {
        DataType::Date => {
            let days = column.cast(&DataType::Int32).map_err(cannot)?;
            let (values, valid) = primitive(days.i32().map_err(cannot)?);
            return Ok(table::Column::typed(ColumnValues::Days(values), valid));
        }
        DataType::Float64 => {
            let (values, valid) = primitive(column.f64().map_err(cannot)?);
            return Ok(table::Column::typed(ColumnValues::Float(values), valid));
        }
        DataType::Int64 => {
            let (values, valid) = primitive(column.i64().map_err(cannot)?);
            return Ok(table::Column::typed(ColumnValues::Int(values), valid));
        }
        _ => {}
    }
    let text = column.cast(&DataType::String).map_err(cannot)?;
    let text = text.str().map_err(cannot)?;
    Ok(table::Column::text(
        text.len(),
        text.downcast_iter().flat_map(|a| a.iter()),
    ))
}

#[cfg(feature = "parquet")]
/// The values of a numeric column, copied from its arrays, and, when some are missing,
/// which are present.
fn primitive<T: PolarsNumericType>(ca: &ChunkedArray<T>) -> (Vec<T::Native>, Option<Vec<bool>>) {
    let mut values = Vec::with_capacity(ca.len());
    for a in ca.downcast_iter() {
        values.extend_from_slice(a.values());
    }
    let valid = (ca.null_count() > 0).then(|| ca.iter().map(|v| v.is_some()).collect());
    (values, valid)
}

#[cfg(feature = "parquet")]
/// Rows of a DataFrame gathered per block of text.
const ROWS_PER_BLOCK: usize = 1 << 16;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::default();
        t.push("scenario", Values::Text(vec!["a".into(), "b".into()]));
        t.push(
            "date",
            Values::Date(vec![
                "2025-03-18".parse().unwrap(),
                "2025-03-19".parse().unwrap(),
            ]),
        );
        t.push("x", Values::Float(vec![1.5, f64::NAN]));
        t.push("n", Values::Int(vec![3, 4]));
        t
    }

    #[test]
    fn csv_cells_are_written_as_polars_wrote_them() {
        let mut t = Table::default();
        t.push(
            "x",
            Values::Float(vec![
                1e300,
                1e-7,
                12.0,
                -0.0,
                f64::NAN,
                f64::INFINITY,
                0.1 + 0.2,
            ]),
        );
        t.push(
            "s",
            Values::Text(vec![
                "a,b".into(),
                "q\"x".into(),
                String::new(),
                " sp ".into(),
                "two\nlines".into(),
                "plain".into(),
                "é".into(),
            ]),
        );
        t.push(
            "b",
            Values::MaybeBool(vec![Some(true), Some(false), None, None, None, None, None]),
        );
        t.push(
            "d",
            Values::MaybeDate(vec![
                None,
                Some("2025-03-18".parse().unwrap()),
                None,
                None,
                None,
                None,
                None,
            ]),
        );
        t.push("u", Values::UInt(vec![u64::MAX, 0, 1, 2, 3, 4, 5]));
        let mut csv = Vec::new();
        t.write_csv(&mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "x,s,b,d,u\n1e+300,\"a,b\",true,,18446744073709551615\n\
             1e-7,\"q\"\"x\",false,2025-03-18,0\n12.0,,,,1\n-0.0, sp ,,,2\n\
             ,\"two\nlines\",,,3\n,plain,,,4\n0.30000000000000004,é,,,5\n"
        );
        assert_eq!(
            t.schema(),
            vec![
                ("x", "Float64"),
                ("s", "String"),
                ("b", "Boolean"),
                ("d", "Date"),
                ("u", "UInt64")
            ]
        );
    }

    #[test]
    fn html_has_a_header_and_escaped_cells() {
        let mut t = Table::default();
        t.push("a<b", Values::Text(vec!["x & \"y\"".into()]));
        t.push("n", Values::MaybeInt(vec![None]));
        assert_eq!(
            t.to_html(),
            "<table>\n<thead><tr><th>a&lt;b</th><th>n</th></tr></thead>\n<tbody>\n\
             <tr><td>x &amp; &quot;y&quot;</td><td style=\"text-align:right\"></td></tr>\n\
             </tbody>\n</table>"
        );
    }

    #[test]
    #[cfg(feature = "parquet")]
    fn csv_json_and_parquet_round_trip() {
        let t = sample();
        let mut csv = Vec::new();
        t.write_csv(&mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "scenario,date,x,n\na,2025-03-18,1.5,3\nb,2025-03-19,,4\n"
        );
        let mut json = Vec::new();
        t.write_json(&mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v[1]["x"], serde_json::Value::Null);
        assert_eq!(v[0]["date"], "2025-03-18");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        t.write_parquet(std::fs::File::create(&path).unwrap())
            .unwrap();
        let back = read_parquet_as_text("t.parquet", &path).unwrap();
        assert_eq!(back.headers, vec!["scenario", "date", "x", "n"]);
        let cells: Vec<&str> = back.rows().nth(1).unwrap().cells().collect();
        assert_eq!(cells, vec!["b", "2025-03-19", "", "4"]);
    }

    #[test]
    fn floats_are_written_as_text_that_reads_back_exactly() {
        use crate::data::table::write_float;
        let text = |x: f64| {
            let mut s = String::new();
            write_float(&mut s, x);
            s
        };
        assert_eq!(text(0.35), "0.35");
        assert_eq!(text(12.0), "12.0");
        assert_eq!(text(-0.05), "-0.05");
        assert_eq!(text(0.000001), "0.000001");
        assert_eq!(text(1.25), "1.25");
        assert_eq!(text(-0.0), "-0.0");
        assert_eq!(text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(text(1e300), "1e300");
        let mut x: u64 = 0x9E3779B97F4A7C15;
        for i in 0..200_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 4 {
                0 => f64::from_bits(x),
                1 => (x % 1_000_000) as f64 / 1e4,
                2 => (x % 100_000_000) as f64 / 1e8 - 0.5,
                _ => format!("{:.3}", (x % 1_000_000) as f64 / 7.0)
                    .parse()
                    .unwrap(),
            };
            if v.is_finite() {
                let t = text(v);
                assert_eq!(
                    t.parse::<f64>().unwrap().to_bits(),
                    v.to_bits(),
                    "{v:e} as {t}"
                );
            }
        }
    }
}
