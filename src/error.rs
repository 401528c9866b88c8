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
    /// What the input holds that looks wrong but is not an error (a header that looks like
    /// a misspelt column): said beside the problems, so that no warning is lost when the
    /// input fails.
    pub warnings: Vec<Problem>,
}

impl ValidationReport {
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Adds the problems of another report.
    pub fn extend(&mut self, other: ValidationReport) {
        self.problems.extend(other.problems);
        self.warnings.extend(other.warnings);
    }

    /// A report of these problems and no warning.
    pub fn of(problems: Vec<Problem>) -> Self {
        ValidationReport {
            problems,
            warnings: Vec::new(),
        }
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
        if !self.warnings.is_empty() {
            let n = self.warnings.len();
            write!(f, "\nand {n} warning{}:", if n == 1 { "" } else { "s" })?;
            for w in &self.warnings {
                write!(f, "\n  {w}")?;
            }
        }
        Ok(())
    }
}

/// A problem with a setting or a scenario: where its value came from and the rule it broke.
///
/// A value read from a scenario file names the file and line; a value given by the caller
/// (the builder, or a flag on the command line) is marked `given`, and the command line
/// names it by its flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingProblem {
    /// The scenario file, when the value (or the problem) belongs to one.
    pub file: Option<String>,
    /// 1-based line in `file`, when known.
    pub line: Option<usize>,
    /// 1-based position and name of the scenario, for a problem of one scenario.
    pub scenario: Option<(usize, String)>,
    /// The setting or field (`until`, `compliance`); none for a problem of the file as a whole.
    pub field: Option<&'static str>,
    /// True when the value was given by the caller rather than read from a file.
    pub given: bool,
    /// The rule broken: what was expected and what was found.
    pub message: String,
}

impl SettingProblem {
    /// A problem of `field` with no file behind it.
    pub fn new(field: &'static str, given: bool, message: impl Into<String>) -> Self {
        SettingProblem {
            file: None,
            line: None,
            scenario: None,
            field: Some(field),
            given,
            message: message.into(),
        }
    }

    /// The same problem, placed in the scenario at 0-based `index` named `name`.
    pub fn in_scenario(self, index: usize, name: &str) -> Self {
        SettingProblem {
            scenario: Some((index + 1, name.to_owned())),
            ..self
        }
    }
}

impl fmt::Display for SettingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(file) = &self.file {
            place.push(match self.line {
                Some(line) => format!("{file} line {line}"),
                None => file.clone(),
            });
        }
        let mut names = Vec::new();
        if let Some((index, name)) = &self.scenario {
            names.push(if name.is_empty() {
                format!("scenario {index}")
            } else {
                format!("scenario {index} ({name})")
            });
        }
        if let Some(field) = self.field {
            names.push(if self.given {
                format!("{field} (given)")
            } else {
                field.to_owned()
            });
        }
        if !names.is_empty() {
            place.push(names.join(": "));
        }
        write!(f, "{}: {}", place.join(", "), self.message)
    }
}

/// Every problem found in the settings and scenarios, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsReport {
    /// The problems.
    pub problems: Vec<SettingProblem>,
}

impl fmt::Display for SettingsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "found {} problems in the settings:", all.len())?;
                for p in all {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
        }
    }
}

/// A problem with a Monte Carlo shard state: which state, and the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardProblem {
    /// The state, as the caller named it (a file name, or `state 2`).
    pub state: String,
    /// The rule broken: what was expected and what was found.
    pub message: String,
}

impl fmt::Display for ShardProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.state, self.message)
    }
}

/// Every problem found in a set of shard states, in the order of the states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShardReport {
    /// The problems.
    pub problems: Vec<ShardProblem>,
}

impl fmt::Display for ShardReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "found {} problems in the shard states:", all.len())?;
                for p in all {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
        }
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
    /// Settings or scenarios (from a scenario file or given in code) broke one or more
    /// rules; every problem found is listed.
    #[error("{0}")]
    Scenario(SettingsReport),
    /// An argument or option has a value the calculation cannot use.
    #[error("{0}")]
    Usage(String),
    /// Monte Carlo shard states that cannot be read or merged; every problem is listed.
    #[error("{0}")]
    Shards(ShardReport),
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
    /// A table could not be built or written; the source is the table engine's error.
    #[error("a table could not be built or written")]
    Table(#[source] BoxError),
    /// A chart could not be drawn; the source is the drawing backend's error.
    #[error("a chart could not be drawn")]
    Chart(#[source] BoxError),
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
            Error::Invalid(_)
                | Error::Scenario(_)
                | Error::Usage(_)
                | Error::Setting { .. }
                | Error::Shards(_)
        ) || matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }
}

/// The source of a [`Error::Table`] or [`Error::Chart`]: the underlying library's error.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
