//! The library's error type.

use std::fmt;
use std::path::PathBuf;

/// Where in an input file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name as the user gave it (or `bundled:refineries.csv`).
    pub file: String,
    /// 1-based line of a CSV file (the header is line 1), or 1-based row of a Parquet file.
    pub line: Option<usize>,
    /// Word used for `line` when printed: `line` for CSV, `row` for Parquet.
    pub line_label: &'static str,
    /// Column name, where the problem belongs to one column.
    pub column: Option<String>,
    /// The rule broken: what was expected and what was found.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, " {} {}", self.line_label, line)?;
        }
        if let Some(col) = &self.column {
            write!(f, ", column {col}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a set of input files, in file then line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationReport {
    /// The problems, in the order they were found.
    pub problems: Vec<Problem>,
}

impl ValidationReport {
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Adds the problems of another report.
    pub fn extend(&mut self, other: ValidationReport) {
        self.problems.extend(other.problems);
    }

    /// `Ok(value)` when empty, the report as an error otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Error> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self))
        }
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "found {n} problem{} in the input:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// Errors of the `strike_impact` library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input files broke one or more rules; every problem found is listed.
    #[error("{0}")]
    Invalid(ValidationReport),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A scenario file or scenario option broke a rule.
    #[error("{0}")]
    Scenario(String),
    /// An argument or option has a value the calculation cannot use.
    #[error("{0}")]
    Usage(String),
    /// A setting has a value the calculation cannot use. `name` is the library's name of
    /// the setting (`paths`, `volume_mt`, `share`, `period`, `size`, `draws`); the command
    /// line names its flag instead.
    #[error("{name}: expected {expected}, found {found}")]
    Setting {
        /// The setting.
        name: &'static str,
        /// What the calculation can use.
        expected: String,
        /// What it was given.
        found: String,
    },
    /// A table could not be built or written.
    #[error("table: {0}")]
    Table(String),
    /// A chart could not be drawn.
    #[error("chart: {0}")]
    Chart(String),
}

impl Error {
    /// An `Io` error for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A [`Error::Setting`] error.
    pub fn setting(name: &'static str, expected: impl Into<String>, found: impl ToString) -> Self {
        Error::Setting {
            name,
            expected: expected.into(),
            found: found.to_string(),
        }
    }

    /// True for errors caused by the input (files, options), as opposed to the machine.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_) | Error::Scenario(_) | Error::Usage(_) | Error::Setting { .. }
        ) || matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
