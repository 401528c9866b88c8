//! `strike_impact._native`: the calculation crate for Python. The package `strike_impact`
//! (python/strike_impact/__init__.py) wraps these classes in the documented API; this
//! module converts values and errors, and runs long work without the GIL, interruptibly.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use strike_impact::prelude as si;

/// Paths per piece of a Monte Carlo run from Python: between two pieces the run checks
/// for Ctrl-C. Pieces are shards of one run, so the results are the single run's.
const PIECE_PATHS: u64 = 16_384;

/// One problem of bad input, as the command line prints it.
#[pyclass(
    module = "strike_impact",
    name = "Problem",
    frozen,
    get_all,
    skip_from_py_object
)]
#[derive(Clone)]
struct Problem {
    /// The file, table or state the problem is in (None: a setting given in code).
    file: Option<String>,
    /// 1-based line of a CSV file (header is line 1), row of a Parquet file or DataFrame.
    line: Option<usize>,
    /// The column, or the setting, the problem belongs to.
    column: Option<String>,
    /// The rule broken: what was expected and what was found.
    message: String,
    /// The whole problem in the command line's words.
    text: String,
    /// What kind of problem: `table` (a row or column of an input table), `scenario` (a
    /// scenario file or the settings), `setting` (a value given in code), `option` (an
    /// argument of the call), `shard` (shard states), `state` (saved bytes), `file`.
    kind: &'static str,
    /// The column or setting the problem belongs to (the same as `column`).
    field: Option<String>,
    /// The value found, as the message quotes it (None where the message quotes none).
    found: Option<String>,
}

impl Problem {
    fn new(
        kind: &'static str,
        file: Option<String>,
        line: Option<usize>,
        column: Option<String>,
        message: String,
        text: String,
    ) -> Self {
        Problem {
            found: found_in(&message),
            field: column.clone(),
            file,
            line,
            column,
            message,
            text,
            kind,
        }
    }
}

/// The value a message says was found: the text after its last "found ", unquoted, up to
/// the end of that clause.
fn found_in(message: &str) -> Option<String> {
    let rest = &message[message.rfind("found ")? + "found ".len()..];
    let value = if let Some(quoted) = rest.strip_prefix('"') {
        &quoted[..quoted.find('"')?]
    } else {
        let end = rest.find([',', ';', '(']).unwrap_or(rest.len());
        rest[..end].trim_end()
    };
    Some(value.to_owned())
}

/// An error of the package's hierarchy (`strike_impact._errors`): `class` with `message`
/// and its `problems`.
fn raise(class: &str, message: String, problems: Vec<Problem>) -> PyErr {
    Python::attach(|py| {
        let made = || -> PyResult<PyErr> {
            let exc = py
                .import("strike_impact._errors")?
                .getattr(class)?
                .call1((message,))?;
            let problems = problems
                .into_iter()
                .map(|p| Py::new(py, p))
                .collect::<PyResult<Vec<_>>>()?;
            exc.setattr("problems", PyList::new(py, problems)?)?;
            Ok(PyErr::from_value(exc))
        };
        made().unwrap_or_else(|e| e)
    })
}

/// An error of `class` with one problem of `kind` that has no file, line or column.
fn one_problem(class: &str, kind: &'static str, message: String) -> PyErr {
    let problem = Problem::new(kind, None, None, None, message.clone(), message.clone());
    raise(class, message, vec![problem])
}

/// A `ValidationError` about saved bytes that do not read back (`kind` state).
fn state_error(message: String) -> PyErr {
    one_problem("ValidationError", "state", message)
}

/// A `SettingsError` about an argument of the call (`kind` option).
fn option_error(message: String) -> PyErr {
    one_problem("SettingsError", "option", message)
}

/// A `ComputationError` (not the input's fault).
fn computation_error(message: String) -> PyErr {
    raise("ComputationError", message, Vec::new())
}

#[pymethods]
impl Problem {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr = |v: Bound<'_, PyAny>| -> PyResult<String> { Ok(v.repr()?.to_string()) };
        Ok(format!(
            "Problem(file={}, line={}, column={}, message={})",
            repr(self.file.clone().into_pyobject(py)?)?,
            repr(self.line.into_pyobject(py)?)?,
            repr(self.column.clone().into_pyobject(py)?)?,
            repr(self.message.clone().into_pyobject(py)?.into_any())?,
        ))
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }
}

/// The library's error as an exception of the package's hierarchy: bad input tables as
/// `ValidationError`, settings and scenario files as `SettingsError`, shard states as
/// `ShardError` (each with every problem), a missing file as `MissingFileError`, other I/O
/// as `InputFileError`, anything else as `ComputationError`.
fn to_py(err: si::Error) -> PyErr {
    let (class, problems): (&str, Vec<Problem>) = match &err {
        si::Error::Invalid(report) => (
            "ValidationError",
            report
                .problems
                .iter()
                .map(|p| {
                    Problem::new(
                        "table",
                        Some(p.file.clone()),
                        p.line,
                        p.column.clone(),
                        p.message.clone(),
                        p.to_string(),
                    )
                })
                .collect(),
        ),
        si::Error::Scenario(report) => (
            "SettingsError",
            report
                .problems
                .iter()
                .map(|p| {
                    Problem::new(
                        "scenario",
                        p.file.clone(),
                        p.line,
                        p.field.map(str::to_owned),
                        p.message.clone(),
                        p.to_string(),
                    )
                })
                .collect(),
        ),
        si::Error::Shards(report) => (
            "ShardError",
            report
                .problems
                .iter()
                .map(|p| {
                    Problem::new(
                        "shard",
                        Some(p.state.clone()),
                        None,
                        None,
                        p.message.clone(),
                        p.to_string(),
                    )
                })
                .collect(),
        ),
        si::Error::Setting { name, .. } => (
            "SettingsError",
            vec![Problem::new(
                "setting",
                None,
                None,
                Some((*name).to_owned()),
                err.to_string(),
                err.to_string(),
            )],
        ),
        si::Error::Usage(message) => (
            "SettingsError",
            vec![Problem::new(
                "option",
                None,
                None,
                None,
                message.clone(),
                message.clone(),
            )],
        ),
        si::Error::Io { path, source } => {
            let text = format!("{}: {source}", path.display());
            let problem = Problem::new(
                "file",
                Some(path.display().to_string()),
                None,
                None,
                source.to_string(),
                text.clone(),
            );
            let class = if source.kind() == std::io::ErrorKind::NotFound {
                "MissingFileError"
            } else {
                "InputFileError"
            };
            return raise(class, text, vec![problem]);
        }
        _ => {
            let mut text = err.to_string();
            let mut cause = std::error::Error::source(&err);
            while let Some(c) = cause {
                text.push_str(&format!(": {c}"));
                cause = c.source();
            }
            return computation_error(text);
        }
    };
    raise(class, err.to_string(), problems)
}

/// A pool of `threads` worker threads for a call's `threads=` (`None`: rayon's global pool,
/// one thread per core). The numbers do not depend on it.
fn pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    let Some(n) = threads else {
        return Ok(None);
    };
    if n == 0 {
        return Err(to_py(si::Error::setting("threads", "at least 1 thread", 0)));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map(Some)
        .map_err(|e| computation_error(format!("no pool of {n} threads: {e}")))
}

/// [`interruptible`] on a pool of `threads` threads (see [`pool`]).
fn interruptible_on<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    work: impl FnOnce(&AtomicBool) -> T + Send,
) -> PyResult<T> {
    match pool(threads)? {
        None => interruptible(py, work),
        Some(pool) => interruptible(py, |stop| pool.install(|| work(stop))),
    }
}

/// Runs `work` on another thread without the GIL, checking for Ctrl-C (and other
/// signals) every 50 ms; on an interrupt `stop` is set, and the work ends at its next
/// check.
fn interruptible<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(&AtomicBool) -> T + Send,
) -> PyResult<T> {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let handle = scope.spawn(|| work(&stop));
        loop {
            let finished = py.detach(|| {
                let until = std::time::Instant::now() + Duration::from_millis(50);
                while !handle.is_finished() && std::time::Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(2));
                }
                handle.is_finished()
            });
            if finished {
                return handle
                    .join()
                    .map_err(|_| computation_error("the calculation panicked".to_owned()));
            }
            if let Err(e) = py.check_signals() {
                stop.store(true, Ordering::Relaxed);
                py.detach(|| {
                    while !handle.is_finished() {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                });
                return Err(e);
            }
        }
    })
}

/// A date from a `str` (`YYYY-MM-DD`) or a `datetime.date`.
fn date_of(ob: &Bound<'_, PyAny>) -> PyResult<chrono::NaiveDate> {
    let text: String = match ob.extract::<String>() {
        Ok(s) => s,
        Err(_) => ob.call_method0("isoformat")?.extract()?,
    };
    text.parse().map_err(|_| {
        one_problem(
            "SettingsError",
            "setting",
            format!("expected a date as YYYY-MM-DD, found \"{text}\""),
        )
    })
}

/// A `datetime.date`.
fn py_date<'py>(py: Python<'py>, d: chrono::NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    py.import("datetime")?
        .getattr("date")?
        .call_method1("fromisoformat", (d.to_string(),))
}

/// The JSON of a serializable value, parsed into Python objects.
fn json_value<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| computation_error(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// The loaded tables (`strike_impact.Dataset` wraps it).
#[pyclass(module = "strike_impact._native", name = "Dataset", frozen)]
struct Dataset(Arc<si::Dataset>);

/// One input table: None (bundled), a path, or a DataFrame written as CSV text (a
/// `(name, bytes)` pair, the name naming it in problems).
enum TableArg {
    Bundled,
    File(PathBuf),
    Csv(String, Vec<u8>),
}

/// One table's inputs: a list layers several in order; anything else is one input.
fn table_args(ob: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<TableArg>> {
    match ob {
        Some(ob) if ob.cast::<PyList>().is_ok() => ob
            .cast::<PyList>()?
            .iter()
            .map(|item| table_arg(Some(&item)))
            .collect(),
        _ => Ok(vec![table_arg(ob)?]),
    }
}

fn table_arg(ob: Option<&Bound<'_, PyAny>>) -> PyResult<TableArg> {
    let Some(ob) = ob.filter(|o| !o.is_none()) else {
        return Ok(TableArg::Bundled);
    };
    if let Ok(pair) = ob.cast::<PyTuple>() {
        let name: String = pair.get_item(0)?.extract()?;
        let text = pair.get_item(1)?.cast::<PyBytes>()?.as_bytes().to_vec();
        return Ok(TableArg::Csv(name, text));
    }
    let path = ob.py().import("os")?.call_method1("fspath", (ob,))?;
    Ok(TableArg::File(PathBuf::from(path.extract::<String>()?)))
}

#[pymethods]
impl Dataset {
    #[staticmethod]
    fn bundled(py: Python<'_>) -> PyResult<Self> {
        py.detach(si::Dataset::bundled)
            .map(|d| Dataset(Arc::new(d)))
            .map_err(to_py)
    }

    #[staticmethod]
    #[pyo3(signature = (assets=None, strikes=None, prices=None, strict=false, yields=None, exports=None, balance=None))]
    fn load(
        py: Python<'_>,
        assets: Option<&Bound<'_, PyAny>>,
        strikes: Option<&Bound<'_, PyAny>>,
        prices: Option<&Bound<'_, PyAny>>,
        strict: bool,
        yields: Option<&Bound<'_, PyAny>>,
        exports: Option<&Bound<'_, PyAny>>,
        balance: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let args = [
            table_args(assets)?,
            table_args(strikes)?,
            table_args(prices)?,
            match yields.filter(|y| !y.is_none()) {
                Some(y) => vec![table_arg(Some(y))?],
                None => Vec::new(),
            },
            match exports.filter(|x| !x.is_none()) {
                Some(x) => vec![table_arg(Some(x))?],
                None => Vec::new(),
            },
            match balance.filter(|x| !x.is_none()) {
                Some(x) => vec![table_arg(Some(x))?],
                None => Vec::new(),
            },
        ];
        py.detach(|| {
            let inputs = |i: usize| -> Vec<si::Input<'_>> {
                args[i]
                    .iter()
                    .map(|a| match a {
                        TableArg::Bundled => si::Input::Bundled,
                        TableArg::File(p) => si::Input::File(p),
                        TableArg::Csv(name, text) => si::Input::Csv { name, text },
                    })
                    .collect()
            };
            let data = si::Dataset::from_input_layers(&inputs(0), &inputs(1), &inputs(2));
            // The side tables' problems are listed with the other tables'.
            let data = si::Dataset::with_side_tables(
                data,
                inputs(3).into_iter().next(),
                inputs(4).into_iter().next(),
                inputs(5).into_iter().next(),
            )?;
            if strict {
                data.strict()
            } else {
                Ok(data)
            }
        })
        .map(|d| Dataset(Arc::new(d)))
        .map_err(to_py)
    }

    #[getter]
    fn groups(&self) -> Vec<String> {
        self.0.groups()
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.0.warnings.iter().map(ToString::to_string).collect()
    }

    fn known_by(&self, date: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Dataset(Arc::new(self.0.known_by(date_of(date)?))))
    }

    fn with_min_confidence(&self, level: &str) -> PyResult<Self> {
        let c = match level {
            "low" => si::Confidence::Low,
            "medium" => si::Confidence::Medium,
            "high" => si::Confidence::High,
            other => {
                return Err(to_py(si::Error::setting(
                    "min_confidence",
                    "low, medium or high",
                    other,
                )))
            }
        };
        Ok(Dataset(Arc::new(self.0.with_min_confidence(c))))
    }

    fn group(&self, name: &str) -> PyResult<Self> {
        self.0
            .group(name)
            .map(|d| Dataset(Arc::new(d)))
            .map_err(to_py)
    }

    fn counts(&self) -> (usize, usize, usize) {
        (
            self.0.assets.len(),
            self.0.strikes.len(),
            self.0.prices.as_slice().len(),
        )
    }

    #[pyo3(signature = (start, end, draws=1000, seed=1, default_utilization=None, threads=None, export_share=None))]
    #[allow(clippy::too_many_arguments)]
    fn history<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        draws: u64,
        seed: u64,
        default_utilization: Option<f64>,
        threads: Option<usize>,
        export_share: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (from, to) = (date_of(start)?, date_of(end)?);
        let options = history_options(draws, seed, default_utilization, export_share);
        let data = self.0.clone();
        let h = interruptible_on(py, threads, move |_| si::history(&data, from, to, options))?
            .map_err(to_py)?;
        json_value(py, &h)
    }

    /// The tables `history --out` writes over `start` .. `end`: (name, CSV bytes, schema)
    /// for summary, daily, assets (every asset with `per_asset`) and strikes.
    #[pyo3(signature = (start, end, draws=1000, seed=1, default_utilization=None, per_asset=false, threads=None, export_share=None))]
    #[allow(clippy::too_many_arguments)]
    fn history_tables<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        draws: u64,
        seed: u64,
        default_utilization: Option<f64>,
        per_asset: bool,
        threads: Option<usize>,
        export_share: Option<f64>,
    ) -> PyResult<Vec<(&'static str, Bound<'py, PyBytes>, Schema)>> {
        let (from, to) = (date_of(start)?, date_of(end)?);
        let options = history_options(draws, seed, default_utilization, export_share);
        let data = self.0.clone();
        let tables = interruptible_on(py, threads, move |_| -> Result<_, si::Error> {
            si::history(&data, from, to, options)?.tables(&data, options, per_asset)
        })?
        .map_err(to_py)?;
        tables
            .iter()
            .map(|(name, t)| {
                let (bytes, schema) = table_frame(py, t)?;
                Ok((*name, bytes, schema))
            })
            .collect()
    }

    /// Every published figure of the benchmarks file (`None`: the bundled one) against the
    /// records: the JSON of `reconcile --benchmarks --json`.
    #[pyo3(signature = (file=None, draws=1000, seed=1, default_utilization=None, threads=None))]
    fn benchmarks<'py>(
        &self,
        py: Python<'py>,
        file: Option<PathBuf>,
        draws: u64,
        seed: u64,
        default_utilization: Option<f64>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = history_options(draws, seed, default_utilization, None);
        let data = self.0.clone();
        let checks = interruptible_on(py, threads, move |_| -> Result<_, si::Error> {
            data.single_group()?;
            let list = si::load_benchmarks(file.as_deref())?;
            si::check_benchmarks(&data, &list, options)
        })?
        .map_err(to_py)?;
        json_value(py, &checks)
    }

    #[pyo3(signature = (volume_mt, share, start, end=None, draws=1000, seed=1, default_utilization=None, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn reconcile<'py>(
        &self,
        py: Python<'py>,
        volume_mt: f64,
        share: f64,
        start: Option<&Bound<'py, PyAny>>,
        end: Option<&Bound<'py, PyAny>>,
        draws: u64,
        seed: u64,
        default_utilization: Option<f64>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let from = start.map(date_of).transpose()?;
        let to = end.map(date_of).transpose()?;
        let options = history_options(draws, seed, default_utilization, None);
        let data = self.0.clone();
        let claim = si::Claim { volume_mt, share };
        let r = interruptible_on(py, threads, move |_| {
            si::reconcile(&data, claim, from, to, options)
        })?
        .map_err(to_py)?;
        json_value(py, &r)
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = rmp_serde::to_vec(&*self.0).map_err(|e| computation_error(e.to_string()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    #[staticmethod]
    fn from_bytes(bytes: &[u8]) -> PyResult<Self> {
        rmp_serde::from_slice::<si::Dataset>(bytes)
            .map(|d| Dataset(Arc::new(d)))
            .map_err(|e| state_error(format!("not a dataset's bytes: {e}")))
    }
}

fn history_options(
    draws: u64,
    seed: u64,
    default_utilization: Option<f64>,
    export_share: Option<f64>,
) -> si::HistoryOptions {
    let mut options = si::HistoryOptions {
        export_share,
        ..si::HistoryOptions::default()
    };
    if let Some(u) = default_utilization {
        options.default_utilization = u;
    }
    options.draws = (draws > 0).then_some(si::DrawOptions { draws, seed });
    options
}

/// A scenario (`strike_impact.Scenario` wraps it).
#[pyclass(
    module = "strike_impact._native",
    name = "Scenario",
    frozen,
    from_py_object
)]
#[derive(Clone)]
struct Scenario(si::Scenario);

#[pymethods]
impl Scenario {
    #[staticmethod]
    fn no_truce(name: &str) -> Self {
        Scenario(si::Scenario::no_truce(name))
    }

    #[staticmethod]
    #[pyo3(signature = (name, start, days, compliance=1.0, extended=false, groups=None))]
    fn truce(
        name: &str,
        start: &Bound<'_, PyAny>,
        days: u32,
        compliance: f64,
        extended: bool,
        groups: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut truce = si::Truce::new(date_of(start)?, days).compliance(compliance);
        truce.days = days;
        if extended {
            truce = truce.extended();
        }
        let mut s = si::Scenario::with_truce(name, truce);
        if let Some(g) = groups.filter(|g| !g.is_none()) {
            if let Ok(d) = g.cast::<PyDict>() {
                for (k, v) in d.iter() {
                    s = s.covering(&k.extract::<String>()?, v.extract::<Option<f64>>()?);
                }
            } else {
                for k in g.try_iter()? {
                    s = s.covering(&k?.extract::<String>()?, None);
                }
            }
        }
        Ok(Scenario(s))
    }

    #[getter]
    fn name(&self) -> String {
        self.0.name.clone()
    }

    /// The truce as a dict (start, days, compliance, extended, groups), or None.
    #[getter]
    fn truce_dict<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(t) = self.0.truce else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("start", py_date(py, t.start)?)?;
        d.set_item("days", t.days)?;
        d.set_item("compliance", t.compliance)?;
        d.set_item("extended", t.extended)?;
        let groups = PyDict::new(py);
        for c in &self.0.covers {
            groups.set_item(&c.group, c.compliance)?;
        }
        d.set_item("groups", groups)?;
        Ok(Some(d))
    }
}

/// Resolved settings (`strike_impact.Settings` wraps them).
#[pyclass(module = "strike_impact._native", name = "Settings", frozen)]
struct Settings(si::Settings);

#[pymethods]
impl Settings {
    #[staticmethod]
    fn bundled(data: &Dataset) -> PyResult<Self> {
        si::Settings::bundled(&data.0).map(Settings).map_err(to_py)
    }

    #[staticmethod]
    #[pyo3(signature = (text, data, name="scenarios.toml"))]
    fn from_toml(text: &str, data: &Dataset, name: &str) -> PyResult<Self> {
        si::Settings::from_toml(name, text, &data.0)
            .map(Settings)
            .map_err(to_py)
    }

    #[staticmethod]
    #[pyo3(signature = (data, as_of=None, until=None, lookback_days=None, diversion=None,
                        default_utilization=None, scenarios=None, arrivals=None,
                        calibration=None))]
    #[allow(clippy::too_many_arguments)]
    fn build(
        data: &Dataset,
        as_of: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        lookback_days: Option<u32>,
        diversion: Option<f64>,
        default_utilization: Option<f64>,
        scenarios: Option<Vec<Scenario>>,
        arrivals: Option<String>,
        calibration: Option<String>,
    ) -> PyResult<Self> {
        let mut b = si::Settings::builder(&data.0);
        if let Some(c) = calibration {
            let how = c
                .parse::<si::Calibration>()
                .map_err(|e| to_py(si::Error::setting("calibration", "none or conformal", e.0)))?;
            b = b.calibration(how);
        }
        if let Some(a) = arrivals {
            let model = a.parse::<si::Arrivals>().map_err(|e| {
                to_py(si::Error::setting(
                    "arrivals",
                    "poisson, negbin, hawkes, resample or campaign",
                    e.0,
                ))
            })?;
            b = b.arrivals(model);
        }
        if let Some(d) = as_of.filter(|d| !d.is_none()) {
            b = b.as_of(date_of(d)?);
        }
        if let Some(d) = until.filter(|d| !d.is_none()) {
            b = b.until(date_of(d)?);
        }
        if let Some(v) = lookback_days {
            b = b.lookback_days(v);
        }
        if let Some(v) = diversion {
            b = b.diversion(v);
        }
        if let Some(v) = default_utilization {
            b = b.default_utilization(v);
        }
        for s in scenarios.unwrap_or_default() {
            b = b.scenario(s.0);
        }
        b.build().map(Settings).map_err(to_py)
    }

    fn with_scenarios(&self, scenarios: Vec<Scenario>) -> PyResult<Self> {
        self.0
            .with_scenarios(scenarios.into_iter().map(|s| s.0).collect())
            .map(Settings)
            .map_err(to_py)
    }

    #[getter]
    fn arrivals(&self) -> String {
        self.0.arrivals().to_string()
    }

    #[getter]
    fn calibration(&self) -> String {
        self.0.calibration().to_string()
    }

    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.0.as_of())
    }

    #[getter]
    fn until<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.0.until())
    }

    #[getter]
    fn lookback_days(&self) -> u32 {
        self.0.lookback_days()
    }

    #[getter]
    fn diversion(&self) -> f64 {
        self.0.diversion()
    }

    #[getter]
    fn default_utilization(&self) -> f64 {
        self.0.default_utilization()
    }

    #[getter]
    fn scenarios(&self) -> Vec<Scenario> {
        self.0.scenarios().iter().cloned().map(Scenario).collect()
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = rmp_serde::to_vec(&self.0).map_err(|e| computation_error(e.to_string()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    #[staticmethod]
    fn from_bytes(bytes: &[u8]) -> PyResult<Self> {
        rmp_serde::from_slice::<si::Settings>(bytes)
            .map(Settings)
            .map_err(|e| state_error(format!("not valid settings: {e}")))
    }
}

/// A projection and the data of its group (`strike_impact.Projection` wraps it).
/// Each column's name and polars type.
type Schema = Vec<(String, &'static str)>;

#[pyclass(module = "strike_impact._native", name = "Projection", frozen)]
struct Projection {
    projection: si::Projection,
    data: Arc<si::Dataset>,
}

fn table_named(p: &si::Projection, name: &str) -> PyResult<si::Table> {
    match name {
        "summary" => Ok(p.summary_table()),
        "daily" => Ok(p.daily_table()),
        "assets" => Ok(p.asset_table()),
        other => Err(option_error(format!(
            "expected a table named summary, daily or assets, found {other:?}"
        ))),
    }
}

#[pymethods]
impl Projection {
    /// The table `name` (summary, daily, assets) as CSV bytes and each column's name and
    /// polars type, which the package reads into a DataFrame.
    fn frame<'py>(&self, py: Python<'py>, name: &str) -> PyResult<(Bound<'py, PyBytes>, Schema)> {
        table_frame(py, &table_named(&self.projection, name)?)
    }

    /// The table `name` as the bytes `project --format FORMAT` writes.
    fn table_bytes<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        format: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let format = match format {
            "csv" => si::Format::Csv,
            "parquet" => si::Format::Parquet,
            "json" => si::Format::Json,
            other => {
                return Err(option_error(format!(
                    "expected a format csv, parquet or json, found {other:?}"
                )))
            }
        };
        let bytes = format
            .render(&table_named(&self.projection, name)?)
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The chart `kind` as `format` (svg or png) bytes of `width` x `height` pixels.
    fn chart<'py>(
        &self,
        py: Python<'py>,
        kind: &str,
        width: u32,
        height: u32,
        format: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let kind = si::ChartKind::ALL
            .into_iter()
            .find(|k| k.name() == kind)
            .ok_or_else(|| {
                let names: Vec<&str> = si::ChartKind::ALL.iter().map(|k| k.name()).collect();
                option_error(format!(
                    "expected a chart kind among {}, found {kind:?}",
                    names.join(", ")
                ))
            })?;
        let format = match format {
            "svg" => si::ImageFormat::Svg,
            "png" => si::ImageFormat::Png,
            other => {
                return Err(option_error(format!(
                    "expected an image format svg or png, found {other:?}"
                )))
            }
        };
        let bytes = py
            .detach(|| {
                self.projection
                    .chart(kind, &self.data, (width, height), format)
            })
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    #[getter]
    fn group(&self) -> String {
        self.projection.group.clone()
    }

    #[getter]
    fn unit(&self) -> String {
        self.projection.unit.label().to_owned()
    }

    #[getter]
    fn amount_unit(&self) -> String {
        self.projection.unit.amount_label()
    }

    #[getter]
    fn base_rate(&self) -> f64 {
        self.projection.lambda
    }

    #[getter]
    fn lookback_strikes(&self) -> usize {
        self.projection.lookback_strikes
    }

    #[getter]
    fn paths(&self) -> u64 {
        self.projection.monte_carlo.map_or(0, |m| m.paths)
    }

    #[getter]
    fn seed(&self) -> Option<u64> {
        self.projection.monte_carlo.map(|m| m.seed)
    }

    #[getter]
    fn settings(&self) -> Settings {
        Settings(self.projection.settings.clone())
    }

    #[getter]
    fn notes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_value(py, &self.projection.notes)
    }

    #[getter]
    fn arrivals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_value(py, &self.projection.arrivals)
    }

    #[getter]
    fn calibration<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_value(py, &self.projection.calibration)
    }

    /// The page of `strike-impact report --group GROUP` with this projection's settings,
    /// paths and seed: the same bytes, as text.
    #[pyo3(signature = (backtest_paths=si::DEFAULT_BACKTEST_PATHS, title=None, threads=None))]
    fn report(
        &self,
        py: Python<'_>,
        backtest_paths: u64,
        title: Option<String>,
        threads: Option<usize>,
    ) -> PyResult<String> {
        let runs = vec![(self.projection.clone(), (*self.data).clone())];
        let result = interruptible_on(py, threads, move |_stop| -> Result<String, si::Error> {
            let p = &runs[0].0;
            let record = record_of(&runs, &p.settings, p.monte_carlo);
            let mc = p.monte_carlo.unwrap_or(si::MonteCarloOptions {
                paths: 0,
                seed: si::DEFAULT_SEED,
            });
            let options = si::ReportOptions {
                title,
                backtest_paths,
                group: Some(p.group.clone()),
            };
            si::report_page(&runs, &p.settings, &record, mc, &options)
        })?;
        result.map_err(to_py)
    }
}

/// Projects `settings` over `data` (one group): the expected path, and with `paths > 0`
/// the Monte Carlo in pieces of one run, so that Ctrl-C stops it between two pieces.
/// Raises the `ValidationError` of a table that could not be read at all (a Parquet file
/// that polars cannot open), in the loader's words.
#[pyfunction]
fn unreadable_table(file: String, message: String) -> PyResult<()> {
    Err(to_py(si::Error::Invalid(si::ValidationReport::of(vec![
        si::Problem {
            file,
            line: None,
            line_label: "row",
            column: None,
            message,
        },
    ]))))
}

#[pyfunction]
#[pyo3(signature = (data, settings, paths=0, seed=42, threads=None))]
fn project(
    py: Python<'_>,
    data: &Dataset,
    settings: &Settings,
    paths: u64,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<Projection> {
    let (d, s) = (data.0.clone(), settings.0.clone());
    let result = interruptible_on(
        py,
        threads,
        move |stop| -> Result<Option<si::Projection>, si::Error> {
            if paths == 0 {
                return si::project(&d, &s, None, &|_| {}).map(Some);
            }
            // The checks of a single run come first (one group, valid settings).
            d.single_group()?;
            let options = si::MonteCarloOptions { paths, seed };
            let pieces = (paths / PIECE_PATHS).clamp(1, 1024);
            let mut states = Vec::with_capacity(pieces as usize);
            for i in 0..pieces {
                if stop.load(Ordering::Relaxed) {
                    return Ok(None);
                }
                let shard = si::Shard::new(i, pieces)?;
                states.push(si::ShardState::run(&d, &s, options, shard, &|_| {})?);
            }
            let merged = si::merge_shards(&states, &[])?;
            Ok(merged.projections.into_iter().next())
        },
    )?;
    match result.map_err(to_py)? {
        Some(projection) => Ok(Projection {
            projection,
            data: data.0.clone(),
        }),
        None => Err(PyKeyboardInterrupt::new_err(
            "the Monte Carlo was interrupted",
        )),
    }
}

/// The settings a report or record uses when none are given: the bundled scenario file on
/// the bundled data, else a no-truce scenario with every default (as the command line
/// does with no `--scenarios`).
fn default_settings(data: &si::Dataset) -> Result<si::Settings, si::Error> {
    if data.provenance.all_bundled() {
        si::Settings::bundled(data)
    } else {
        si::Settings::no_file(data)
    }
}

/// The record of a run of `runs` with `settings`, as the command line makes it.
fn record_of(
    runs: &[(si::Projection, si::Dataset)],
    settings: &si::Settings,
    monte_carlo: Option<si::MonteCarloOptions>,
) -> si::RunRecord {
    si::RunRecord::new(
        runs,
        settings,
        monte_carlo,
        run_warnings(runs),
        &si::flag_label,
    )
}

/// The warnings `run.json` lists: the data's, then the projections' in words.
fn run_warnings(runs: &[(si::Projection, si::Dataset)]) -> Vec<String> {
    let mut warnings: Vec<String> = runs.first().map_or(Vec::new(), |(_, d)| {
        d.warnings.iter().map(ToString::to_string).collect()
    });
    warnings.extend(si::warning_lines(
        &runs.iter().map(|(p, _)| p).collect::<Vec<_>>(),
    ));
    warnings
}

/// The page of `strike-impact report` for `data` (each group, or `group`'s) projected with
/// `settings` (None: as the command line chooses them): the same bytes, as text.
#[pyfunction]
#[pyo3(signature = (data, settings=None, paths=si::DEFAULT_REPORT_PATHS, seed=si::DEFAULT_SEED,
                    backtest_paths=si::DEFAULT_BACKTEST_PATHS, title=None, group=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn report(
    py: Python<'_>,
    data: &Dataset,
    settings: Option<&Settings>,
    paths: u64,
    seed: u64,
    backtest_paths: u64,
    title: Option<String>,
    group: Option<String>,
    threads: Option<usize>,
) -> PyResult<String> {
    let d = data.0.clone();
    let s = settings.map(|s| s.0.clone());
    let result = interruptible_on(py, threads, move |_stop| -> Result<String, si::Error> {
        let settings = match s {
            Some(s) => s,
            None => default_settings(&d)?,
        };
        let mc = si::MonteCarloOptions { paths, seed };
        let runs = (*d)
            .clone()
            .each_group(group.as_deref())?
            .into_iter()
            .map(|g| {
                Ok((
                    si::project(&g, &settings, (paths > 0).then_some(mc), &|_| {})?,
                    g,
                ))
            })
            .collect::<Result<Vec<_>, si::Error>>()?;
        let record = record_of(&runs, &settings, (paths > 0).then_some(mc));
        let options = si::ReportOptions {
            title,
            backtest_paths,
            group,
        };
        si::report_page(&runs, &settings, &record, mc, &options)
    })?;
    result.map_err(to_py)
}

/// `run.json` of a run of `projections` (each group's), as the command line writes it.
#[pyfunction]
fn run_json(projections: Vec<PyRef<'_, Projection>>) -> PyResult<String> {
    let runs: Vec<(si::Projection, si::Dataset)> = projections
        .iter()
        .map(|p| (p.projection.clone(), (*p.data).clone()))
        .collect();
    let Some((first, _)) = runs.first() else {
        return Err(option_error("expected at least one projection".to_owned()));
    };
    let record = record_of(&runs, &first.settings, first.monte_carlo);
    Ok(record.to_json())
}

/// Event data matched to assets as candidate strike rows, as `strike-impact ingest acled`
/// (or `ingest events`) makes them: the rows' CSV bytes and the summary in words. The
/// events are the file `events` (CSV) or, with `csv`, those bytes named `events`.
#[pyfunction]
#[pyo3(signature = (events, csv, layout, assets, strikes, radius_km, sub_event_types, keywords,
                    default_keywords, window_days, out, limit=None))]
#[allow(clippy::too_many_arguments)]
fn ingest<'py>(
    py: Python<'py>,
    events: String,
    csv: Option<Vec<u8>>,
    layout: &str,
    assets: Vec<PathBuf>,
    strikes: Vec<PathBuf>,
    radius_km: f64,
    sub_event_types: Vec<String>,
    keywords: Vec<(String, String)>,
    default_keywords: bool,
    window_days: u32,
    out: String,
    limit: Option<usize>,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    let layout = match layout {
        "acled" => si::Layout::Acled,
        "events" => si::Layout::Sheet,
        other => {
            return Err(option_error(format!(
                "expected a layout acled or events, found {other:?}"
            )))
        }
    };
    let mut options = si::IngestOptions {
        radius_km,
        window_days,
        ..si::IngestOptions::default()
    };
    if !sub_event_types.is_empty() {
        options.sub_event_types = sub_event_types;
    }
    if !default_keywords {
        options.keywords.clear();
    }
    for (kind, word) in keywords {
        let (kind, word) = (kind.trim().to_owned(), word.trim().to_lowercase());
        if kind.is_empty() || word.is_empty() {
            return Err(option_error(format!(
                "expected keywords as (kind, word) pairs, e.g. (\"refinery\", \"нпз\"), found ({kind:?}, {word:?})"
            )));
        }
        options.keywords.push((kind, word));
    }
    let records = si::IngestRecords { assets, strikes };
    let (bytes, summary) = py
        .detach(|| -> Result<(Vec<u8>, String), si::Error> {
            let table = match &csv {
                Some(text) => si::read_csv_table(&events, text),
                None => si::read_table(std::path::Path::new(&events)),
            }
            .map_err(si::Error::Invalid)?;
            let run = si::ingest(&table, layout, &records, options)?;
            let summary = run.summary(
                std::path::Path::new(&events),
                &out,
                limit.unwrap_or(usize::MAX),
            );
            Ok((run.csv, summary))
        })
        .map_err(to_py)?;
    Ok((PyBytes::new(py, &bytes), summary))
}

/// A table as CSV bytes and each column's name and polars type.
fn table_frame<'py>(py: Python<'py>, table: &si::Table) -> PyResult<(Bound<'py, PyBytes>, Schema)> {
    let schema = table
        .schema()
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect();
    let mut csv = Vec::new();
    table.write_csv(&mut csv).map_err(to_py)?;
    Ok((PyBytes::new(py, &csv), schema))
}

/// The backtest of `data` (one group) as `strike-impact backtest` runs it: its rows and
/// scores tables, and with `samples` every path's value in long form.
#[pyfunction]
#[pyo3(signature = (data, first_as_of, last_as_of, every, horizon, lookbacks, arrivals, calibrations, paths, seed, observed_draws, samples, threads=None))]
#[allow(clippy::too_many_arguments)]
fn backtest<'py>(
    py: Python<'py>,
    data: &Dataset,
    first_as_of: &Bound<'py, PyAny>,
    last_as_of: &Bound<'py, PyAny>,
    every: u32,
    horizon: u32,
    lookbacks: Vec<u32>,
    arrivals: Vec<String>,
    calibrations: Vec<String>,
    paths: u64,
    seed: u64,
    observed_draws: u64,
    samples: bool,
    threads: Option<usize>,
) -> PyResult<Vec<(Bound<'py, PyBytes>, Schema)>> {
    let arrivals = arrivals
        .iter()
        .map(|a| {
            a.parse::<si::Arrivals>().map_err(|_| {
                to_py(si::Error::setting(
                    "arrivals",
                    "poisson, negbin, hawkes, resample or campaign",
                    a,
                ))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let calibrations = calibrations
        .iter()
        .map(|c| {
            c.parse::<si::Calibration>()
                .map_err(|_| to_py(si::Error::setting("calibration", "none or conformal", c)))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let options = si::BacktestOptions {
        from: date_of(first_as_of)?,
        to: date_of(last_as_of)?,
        every,
        horizon,
        lookbacks,
        monte_carlo: si::MonteCarloOptions { paths, seed },
        draws: (observed_draws > 0).then_some(si::DrawOptions {
            draws: observed_draws,
            seed,
        }),
        arrivals,
        calibrations,
        keep_samples: samples,
    };
    let d = data.0.clone();
    let (b, group) = interruptible_on(py, threads, move |_| -> Result<_, si::Error> {
        let group = d.single_group()?;
        Ok((si::backtest(&d, &options)?, group))
    })?
    .map_err(to_py)?;
    let unit = data.0.assets.unit();
    let mut tables = vec![
        table_frame(py, &b.rows_table(&unit))?,
        table_frame(py, &b.scores_table())?,
    ];
    if samples {
        tables.push(table_frame(py, &b.samples_table(&group))?);
    }
    Ok(tables)
}

/// The sweep of `data` (one group) over the settings' grid, as `strike-impact sweep` writes
/// it: one row per combination.
#[pyfunction]
#[pyo3(signature = (data, settings, truce_start, truce_days, compliance, lookback_days, diversion, default_utilization, paths=0, seed=42, threads=None))]
#[allow(clippy::too_many_arguments)]
fn sweep<'py>(
    py: Python<'py>,
    data: &Dataset,
    settings: &Settings,
    truce_start: Vec<Bound<'py, PyAny>>,
    truce_days: Vec<u32>,
    compliance: Vec<f64>,
    lookback_days: Vec<u32>,
    diversion: Vec<f64>,
    default_utilization: Vec<f64>,
    paths: u64,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<(Bound<'py, PyBytes>, Schema)> {
    let axes = si::SweepAxes {
        truce_start: truce_start.iter().map(date_of).collect::<PyResult<_>>()?,
        truce_days,
        compliance,
        lookback_days,
        diversion,
        default_utilization,
    };
    let mc = (paths > 0).then_some(si::MonteCarloOptions { paths, seed });
    let (d, s) = (data.0.clone(), settings.0.clone());
    let (rows, group) = interruptible_on(py, threads, move |_| -> Result<_, si::Error> {
        let group = d.single_group()?;
        Ok((
            si::sweep(&d, &s.for_group(&group), &axes, mc, &|_| {})?,
            group,
        ))
    })?
    .map_err(to_py)?;
    table_frame(py, &si::sweep_table(&rows, &group, &data.0.assets.unit()))
}

/// What a sensitivity study of `data` looks at: `figure` in the group's unit, of the truce
/// (or the no-truce) scenario, and the Monte Carlo of each evaluation (`paths` 0: none).
fn study_target(
    data: &Dataset,
    figure: &str,
    truce: bool,
    paths: u64,
    seed: u64,
) -> PyResult<(si::Target, Option<si::MonteCarloOptions>)> {
    let figure = si::Figure::in_unit(figure, &data.0.assets.unit()).map_err(to_py)?;
    let mc = (paths > 0).then_some(si::MonteCarloOptions { paths, seed });
    Ok((si::Target { figure, truce }, mc))
}

/// The tornado of `figure` of the truce (or the no-truce) scenario of `data` (one group)
/// over the inputs' default ranges, as `strike-impact sensitivity --method tornado` writes
/// it.
#[pyfunction]
#[pyo3(signature = (data, settings, figure="gain_revenue_usd", truce=true, paths=0, seed=42, threads=None))]
#[allow(clippy::too_many_arguments)]
fn tornado<'py>(
    py: Python<'py>,
    data: &Dataset,
    settings: &Settings,
    figure: &str,
    truce: bool,
    paths: u64,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<(Bound<'py, PyBytes>, Schema)> {
    let (target, mc) = study_target(data, figure, truce, paths, seed)?;
    let (d, s) = (data.0.clone(), settings.0.clone());
    let t = interruptible_on(py, threads, move |_| -> Result<_, si::Error> {
        let problem = si::SensitivityProblem::new(&d, &s, target, mc, &[])?;
        si::tornado(&problem)
    })?
    .map_err(to_py)?;
    table_frame(py, &t.table())
}

/// The Sobol' indices of `figure` of the truce (or the no-truce) scenario of `data` (one
/// group), as `strike-impact sensitivity --method sobol` writes them.
#[pyfunction]
#[pyo3(signature = (data, settings, figure="gain_revenue_usd", truce=true, samples=1024, resamples=1000, paths=0, seed=42, threads=None))]
#[allow(clippy::too_many_arguments)]
fn sobol<'py>(
    py: Python<'py>,
    data: &Dataset,
    settings: &Settings,
    figure: &str,
    truce: bool,
    samples: usize,
    resamples: usize,
    paths: u64,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<(Bound<'py, PyBytes>, Schema)> {
    let (target, mc) = study_target(data, figure, truce, paths, seed)?;
    let options = si::SobolOptions {
        samples,
        seed,
        resamples,
    };
    let (d, s) = (data.0.clone(), settings.0.clone());
    let indices = interruptible_on(py, threads, move |_| -> Result<_, si::Error> {
        options.check()?;
        let problem = si::SensitivityProblem::new(&d, &s, target, mc, &[])?;
        si::sobol(&problem, options)
    })?
    .map_err(to_py)?;
    table_frame(py, &indices.table())
}

/// Runs shard `shard` of `shards` of a Monte Carlo run; its mergeable state as bytes.
#[pyfunction]
#[pyo3(signature = (data, settings, paths, seed, shard, shards))]
fn monte_carlo_shard<'py>(
    py: Python<'py>,
    data: &Dataset,
    settings: &Settings,
    paths: u64,
    seed: u64,
    shard: u64,
    shards: u64,
) -> PyResult<Bound<'py, PyBytes>> {
    let (d, s) = (data.0.clone(), settings.0.clone());
    let bytes = interruptible(py, move |_| -> Result<Vec<u8>, si::Error> {
        let shard = si::Shard::new(shard, shards)?;
        let options = si::MonteCarloOptions { paths, seed };
        Ok(si::ShardState::run(&d, &s, options, shard, &|_| {})?.to_bytes())
    })?
    .map_err(to_py)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Merges the states of every shard of one run into its projections (one per group).
#[pyfunction]
fn merge(py: Python<'_>, states: Vec<Vec<u8>>) -> PyResult<Vec<Projection>> {
    let merged = interruptible(py, move |_| -> Result<si::MergedRun, si::Error> {
        let named: Vec<(String, Vec<u8>)> = states
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| (format!("state {}", i + 1), bytes))
            .collect();
        let parsed = si::read_shards(&named)?;
        let names: Vec<String> = named.into_iter().map(|(name, _)| name).collect();
        si::merge_shards(&parsed, &names)
    })?
    .map_err(to_py)?;
    let data = Arc::new(merged.data);
    merged
        .projections
        .into_iter()
        .map(|p| {
            let group = Arc::new(data.group(&p.group).map_err(to_py)?);
            Ok(Projection {
                projection: p,
                data: group,
            })
        })
        .collect()
}

/// The version of the calculation crate.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Problem>()?;
    m.add_class::<Dataset>()?;
    m.add_class::<Scenario>()?;
    m.add_class::<Settings>()?;
    m.add_class::<Projection>()?;
    m.add_function(wrap_pyfunction!(project, m)?)?;
    m.add_function(wrap_pyfunction!(monte_carlo_shard, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(tornado, m)?)?;
    m.add_function(wrap_pyfunction!(sobol, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(ingest, m)?)?;
    m.add_function(wrap_pyfunction!(run_json, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(unreadable_table, m)?)?;
    Ok(())
}
