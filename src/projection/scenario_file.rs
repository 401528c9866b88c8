//! The TOML scenario file of MODEL.md and the resolution of settings from it (with the
//! command line's overrides and the data's defaults); the builder of settings in code.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::data::Dataset;
use crate::error::{Error, SettingProblem, SettingsReport};
use crate::observed::figures::DEFAULT_UTILIZATION;
use crate::projection::arrivals::Arrivals;
use crate::projection::calibration::Calibration;
use crate::projection::scenario::{
    compliance_problems, group_problems, Cover, RangeGiven, Scenario, Settings, SettingsOrigin,
    Truce, DEFAULT_HORIZON_DAYS, DEFAULT_LOOKBACK_DAYS, DEFAULT_TRUCE_DAYS, MAX_HORIZON_DAYS,
    SETTING_FIELDS,
};

/// A date in a TOML file: a string `"2025-03-18"` or a bare TOML date `2025-03-18`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum TomlDate {
    Text(String),
    Toml(toml::value::Datetime),
}

impl TomlDate {
    /// The date, or the rule it breaks.
    fn parse(&self) -> Result<NaiveDate, String> {
        let text = match self {
            TomlDate::Text(s) => s.clone(),
            TomlDate::Toml(d) => d.to_string(),
        };
        crate::data::fields::parse_date(&text)
            .ok_or_else(|| format!("expected a date as YYYY-MM-DD, found \"{text}\""))
    }
}

/// The scenario file as written (every field but `name` optional), with where each value
/// stands in the file, so a problem names its file and line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioFile {
    as_of: Option<Spanned<TomlDate>>,
    until: Option<Spanned<TomlDate>>,
    lookback_days: Option<Spanned<i64>>,
    diversion: Option<Spanned<f64>>,
    default_utilization: Option<Spanned<f64>>,
    /// The arrival model of new strikes (`poisson`, `negbin`, `hawkes`, `resample`).
    arrivals: Option<Spanned<String>>,
    /// How the bands are read from the paths (`none`, `conformal`).
    calibration: Option<Spanned<String>>,
    #[serde(default, rename = "scenario")]
    scenarios: Vec<ScenarioEntry>,
    /// The `[sensitivity]` table: an input's range as `name = [low, high]`.
    #[serde(default)]
    sensitivity: std::collections::BTreeMap<String, Spanned<Vec<f64>>>,
    /// The file's name and where its lines start (none for settings built in code).
    #[serde(skip)]
    origin: Option<Origin>,
    /// Fields the file holds that no setting has (each a problem with its line), listed
    /// with the file's other problems when the settings are resolved.
    #[serde(skip)]
    unknown: Vec<SettingProblem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioEntry {
    name: Spanned<String>,
    truce_start: Option<Spanned<TomlDate>>,
    truce_days: Option<Spanned<i64>>,
    compliance: Option<Spanned<Compliance>>,
    extended: Option<bool>,
    groups: Option<Spanned<Vec<String>>>,
}

/// A scenario's `compliance`: one share for every group the truce covers, or a share per
/// group (`{ ru-refining = 1.0, ua-power = 0.5 }`), which also names the groups covered.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Compliance {
    One(f64),
    PerGroup(std::collections::BTreeMap<String, f64>),
}

/// A scenario file's name and the byte offset of each line start.
#[derive(Debug, Clone, Default)]
struct Origin {
    name: String,
    line_starts: Vec<usize>,
}

impl Origin {
    fn new(name: &str, text: &str) -> Self {
        Origin {
            name: name.to_owned(),
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|s| *s <= offset)
    }
}

impl ScenarioFile {
    /// A top-level setting: the caller's value, else the file's, else the default; a value
    /// that breaks `ok` is pushed to `problems` as `expected ..., found ...`.
    fn checked<T: Copy + std::fmt::Display>(
        &self,
        given: Option<T>,
        field: &Option<Spanned<T>>,
        (name, default): (&'static str, T),
        ok: impl Fn(T) -> bool,
        expected: &str,
        problems: &mut Vec<SettingProblem>,
    ) -> T {
        let value = given
            .or(field.as_ref().map(|v| *v.get_ref()))
            .unwrap_or(default);
        if !ok(value) {
            problems.push(self.problem(
                given.is_some(),
                field.as_ref(),
                name,
                format!("expected {expected}, found {value}"),
            ));
        }
        value
    }

    /// The `[sensitivity]` table's ranges in file order, each with the file and line that
    /// give it.
    pub(crate) fn sensitivity_ranges(&self) -> Vec<RangeGiven> {
        let mut out: Vec<_> = self
            .sensitivity
            .iter()
            .map(|(name, values)| {
                let place = self
                    .origin
                    .as_ref()
                    .map(|o| (o.name.clone(), o.line(values.span().start)));
                (
                    values.span().start,
                    RangeGiven {
                        name: name.clone(),
                        values: values.get_ref().clone(),
                        place,
                    },
                )
            })
            .collect();
        out.sort_by_key(|r| r.0);
        out.into_iter().map(|(_, r)| r).collect()
    }

    /// Where this file sets the top-level setting `field`, as `FILE line N`.
    pub(crate) fn place_of(&self, field: &str) -> Option<String> {
        let start = match field {
            "as_of" => self.as_of.as_ref().map(|v| v.span().start),
            "until" => self.until.as_ref().map(|v| v.span().start),
            "lookback_days" => self.lookback_days.as_ref().map(|v| v.span().start),
            "diversion" => self.diversion.as_ref().map(|v| v.span().start),
            "default_utilization" => self.default_utilization.as_ref().map(|v| v.span().start),
            "arrivals" => self.arrivals.as_ref().map(|v| v.span().start),
            "calibration" => self.calibration.as_ref().map(|v| v.span().start),
            _ => None,
        }?;
        let o = self.origin.as_ref()?;
        Some(format!("{} line {}", o.name, o.line(start)))
    }

    /// A setting given by name (`arrivals = "hawkes"`): the caller's, else the file's read
    /// by its name (a name it does not know is a problem at its line), else the default.
    fn named<T: std::str::FromStr + Default>(
        &self,
        given: Option<T>,
        value: &Option<Spanned<String>>,
        field: &'static str,
        problems: &mut Vec<SettingProblem>,
    ) -> T
    where
        T::Err: std::fmt::Display,
    {
        match (given, value) {
            (Some(v), _) => v,
            (None, Some(text)) => text.get_ref().parse::<T>().unwrap_or_else(|e| {
                problems.push(self.problem(false, Some(text), field, e.to_string()));
                T::default()
            }),
            (None, None) => T::default(),
        }
    }

    /// A problem with `field`: placed at the value's line when it came from this file,
    /// marked `given` when the caller gave it.
    fn problem<T>(
        &self,
        given: bool,
        value: Option<&Spanned<T>>,
        field: &'static str,
        message: String,
    ) -> SettingProblem {
        let mut problem = SettingProblem::new(field, given, message);
        if let (false, Some(v), Some(o)) = (given, value, &self.origin) {
            problem.file = Some(o.name.clone());
            problem.line = Some(o.line(v.span().start));
        }
        problem
    }
}

/// Top-level settings given on the command line; each overrides the file's field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    /// Last observed day.
    pub as_of: Option<NaiveDate>,
    /// Last projected day.
    pub until: Option<NaiveDate>,
    /// Lookback window, days.
    pub lookback_days: Option<i64>,
    /// Share of unrefined crude exported instead (0..1).
    pub diversion: Option<f64>,
    /// Utilization of assets whose row gives none.
    pub default_utilization: Option<f64>,
    /// The arrival model of new strikes.
    pub arrivals: Option<Arrivals>,
    /// How the bands are read from the paths.
    pub calibration: Option<Calibration>,
}

fn one() -> f64 {
    1.0
}

/// The fields of [`Settings`] as serde reads them, before they are checked.
#[derive(Deserialize)]
struct SettingsFields {
    as_of: NaiveDate,
    until: NaiveDate,
    lookback_days: u32,
    diversion: f64,
    default_utilization: f64,
    scenarios: Vec<Scenario>,
    #[serde(default)]
    arrivals: Arrivals,
    #[serde(default)]
    calibration: Calibration,
    #[serde(default)]
    origin: SettingsOrigin,
    #[serde(default = "one")]
    rate_multiplier: f64,
    #[serde(default)]
    arrival_params: Vec<(crate::projection::arrivals::ArrivalParam, f64)>,
}

impl TryFrom<SettingsFields> for Settings {
    type Error = Error;

    fn try_from(f: SettingsFields) -> Result<Self, Error> {
        let unchecked = Settings {
            as_of: f.as_of,
            until: f.until,
            lookback_days: f.lookback_days,
            diversion: f.diversion,
            default_utilization: f.default_utilization,
            scenarios: Vec::new(),
            rate_multiplier: 1.0,
            arrival_params: Vec::new(),
            arrivals: f.arrivals,
            calibration: f.calibration,
            origin: SettingsOrigin::default(),
        };
        let mut checked = unchecked
            .with_scenarios(f.scenarios)?
            .with_rate_multiplier(f.rate_multiplier)?;
        for (param, value) in f.arrival_params {
            checked = checked.with_arrival_param(param, value)?;
        }
        Ok(Settings {
            origin: f.origin,
            ..checked
        })
    }
}

impl Settings {
    /// The same settings with other scenarios, checked like every other way of building
    /// settings (a compliance outside 0..=1 or a repeated name is refused).
    pub fn with_scenarios(&self, scenarios: Vec<Scenario>) -> Result<Settings, Error> {
        let overrides = Overrides {
            as_of: Some(self.as_of),
            until: Some(self.until),
            lookback_days: Some(i64::from(self.lookback_days)),
            diversion: Some(self.diversion),
            default_utilization: Some(self.default_utilization),
            arrivals: Some(self.arrivals),
            calibration: Some(self.calibration),
        };
        let no_data = Dataset::new(Vec::new(), Vec::new(), Vec::new());
        let resolved =
            Settings::resolve(&ScenarioFile::default(), &overrides, &no_data, scenarios)?;
        Ok(Settings {
            rate_multiplier: self.rate_multiplier,
            arrival_params: self.arrival_params.clone(),
            // The top-level settings keep where they came from; the scenarios are the
            // caller's.
            origin: SettingsOrigin {
                file_scenarios: 0,
                ..self.origin.clone()
            },
            ..resolved
        })
    }

    /// The bundled 2025 truce case (`datasets/scenarios/truce-2025.toml`). Its truce covers
    /// both bundled groups; for data with only one of them (`Dataset::group`), the truce
    /// covers that one. Data with neither is refused, naming the groups the truce covers.
    pub fn bundled(data: &Dataset) -> Result<Self, Error> {
        let mut file = parse_file(BUNDLED_NAME, crate::data::BUNDLED_SCENARIOS_TOML)?;
        let groups = data.groups();
        for scenario in &mut file.scenarios {
            if let Some(covered) = &mut scenario.groups {
                let covered = covered.get_mut();
                if covered.iter().any(|g| groups.contains(g)) {
                    covered.retain(|g| groups.contains(g));
                }
            }
        }
        Self::resolve(&file, &Overrides::default(), data, Vec::new())
    }

    /// The settings of data given with no scenario file: one no-truce scenario and every
    /// default (as-of the latest strike), the file `run.json` calls
    /// "none (a no-truce scenario)".
    pub fn no_file(data: &Dataset) -> Result<Self, Error> {
        Self::from_toml(NO_FILE_NAME, NO_FILE_TOML, data)
    }

    /// Settings from the text of a scenario file.
    pub fn from_toml(name: &str, text: &str, data: &Dataset) -> Result<Self, Error> {
        Self::resolve(
            &parse_file(name, text)?,
            &Overrides::default(),
            data,
            Vec::new(),
        )
    }

    /// A builder starting from the defaults for `data`.
    pub fn builder(data: &Dataset) -> SettingsBuilder<'_> {
        SettingsBuilder {
            data,
            overrides: Overrides::default(),
            scenarios: Vec::new(),
        }
    }

    /// Settings with defaults for `data`: as-of the latest strike, 90 days on, the given scenarios.
    pub fn for_data(data: &Dataset, scenarios: Vec<Scenario>) -> Result<Self, Error> {
        Self::resolve(
            &ScenarioFile::default(),
            &Overrides::default(),
            data,
            scenarios,
        )
    }

    /// Resolves a parsed file with command-line overrides against the data; `extra`
    /// scenarios (from `--truce`) are appended. Every problem found is reported at once.
    pub(crate) fn resolve(
        file: &ScenarioFile,
        overrides: &Overrides,
        data: &Dataset,
        extra: Vec<Scenario>,
    ) -> Result<Self, Error> {
        let mut problems: Vec<SettingProblem> = file.unknown.clone();
        let Some((as_of, until)) = file.resolve_dates(overrides, data, &mut problems) else {
            return Err(Error::Scenario(SettingsReport { problems }));
        };
        let lookback = file.checked(
            overrides.lookback_days,
            &file.lookback_days,
            ("lookback_days", i64::from(DEFAULT_LOOKBACK_DAYS)),
            |v| (1..=36_500).contains(&v),
            "a whole number of days >= 1",
            &mut problems,
        );
        let diversion = file.checked(
            overrides.diversion,
            &file.diversion,
            ("diversion", 0.0),
            |v| (0.0..=1.0).contains(&v),
            "a share from 0 to 1",
            &mut problems,
        );
        let default_utilization = file.checked(
            overrides.default_utilization,
            &file.default_utilization,
            ("default_utilization", DEFAULT_UTILIZATION),
            |v| v > 0.0 && v <= 1.0,
            "0 < u <= 1",
            &mut problems,
        );
        let arrivals = file.named(
            overrides.arrivals,
            &file.arrivals,
            "arrivals",
            &mut problems,
        );
        let calibration = file.named(
            overrides.calibration,
            &file.calibration,
            "calibration",
            &mut problems,
        );
        let mut scenarios = file.resolve_scenarios(as_of, &data.groups(), &mut problems);
        let from_file = scenarios.len();
        scenarios.extend(extra);
        check_scenarios(file, &scenarios, from_file, &data.groups(), &mut problems);
        if !problems.is_empty() {
            return Err(Error::Scenario(SettingsReport { problems }));
        }
        let given = [
            overrides.as_of.is_some(),
            overrides.until.is_some(),
            overrides.lookback_days.is_some(),
            overrides.diversion.is_some(),
            overrides.default_utilization.is_some(),
            overrides.arrivals.is_some(),
            overrides.calibration.is_some(),
        ];
        let origin = SettingsOrigin {
            file: file.origin.as_ref().map(|o| o.name.clone()),
            given: SETTING_FIELDS
                .iter()
                .zip(given)
                .filter(|(_, g)| *g)
                .map(|(f, _)| (*f).to_owned())
                .collect(),
            places: SETTING_FIELDS
                .iter()
                .filter_map(|f| file.place_of(f).map(|p| ((*f).to_owned(), p)))
                .collect(),
            file_scenarios: from_file,
        };
        Ok(Settings {
            as_of,
            until,
            lookback_days: lookback as u32,
            diversion,
            default_utilization,
            scenarios,
            rate_multiplier: 1.0,
            arrival_params: Vec::new(),
            arrivals,
            calibration,
            origin,
        })
    }
}

impl ScenarioFile {
    /// The first and last days of a projection's setting: `as_of` (given, or the latest
    /// strike's date) and `until` (given, or the default horizon after `as_of`), checked
    /// against each other; `None` when no `as_of` can be found. A problem is pushed to
    /// `problems`.
    fn resolve_dates(
        &self,
        overrides: &Overrides,
        data: &Dataset,
        problems: &mut Vec<SettingProblem>,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let mut date =
            |flag: Option<NaiveDate>, field: &Option<Spanned<TomlDate>>, name: &'static str| {
                flag.or_else(|| {
                    field.as_ref().and_then(|d| {
                        d.get_ref()
                            .parse()
                            .map_err(|e| problems.push(self.problem(false, Some(d), name, e)))
                            .ok()
                    })
                })
            };
        let as_of = date(overrides.as_of, &self.as_of, "as_of");
        let until = date(overrides.until, &self.until, "until");
        let Some(as_of) = as_of.or_else(|| data.strikes.last().map(|s| s.date)) else {
            problems.push(SettingProblem::new(
                "as_of",
                false,
                "no strikes are loaded to take the latest date from; give it",
            ));
            return None;
        };
        let until_given = overrides.until.is_some();
        let until = until.unwrap_or(as_of + chrono::Days::new(DEFAULT_HORIZON_DAYS));
        if until <= as_of {
            problems.push(self.problem(
                until_given,
                self.until.as_ref(),
                "until",
                format!("expected a day after as_of ({as_of}), found {until}"),
            ));
        } else if (until - as_of).num_days() > MAX_HORIZON_DAYS {
            problems.push(self.problem(
                until_given,
                self.until.as_ref(),
                "until",
                format!(
                    "expected at most {MAX_HORIZON_DAYS} projected days (10 years) after as_of ({as_of}), found {} (until {until})",
                    (until - as_of).num_days()
                ),
            ));
        }
        Some((as_of, until))
    }

    /// The file's `[[scenario]]` tables with their defaults filled in; a problem with a
    /// value is pushed to `problems`, naming its line.
    fn resolve_scenarios(
        &self,
        as_of: NaiveDate,
        groups: &[String],
        problems: &mut Vec<SettingProblem>,
    ) -> Vec<Scenario> {
        let mut scenarios = Vec::new();
        for (i, e) in self.scenarios.iter().enumerate() {
            let name = e.name.get_ref();
            let mut problem = |value, field, message: String| {
                problems.push(
                    self.problem(false, value, field, message)
                        .in_scenario(i, name),
                );
            };
            if name.trim().is_empty() {
                problem(
                    Some(&e.name),
                    "name",
                    "expected a name, found an empty one".into(),
                );
            }
            let is_truce = e.truce_start.is_some()
                || e.truce_days.is_some()
                || e.compliance.is_some()
                || e.groups.is_some()
                || e.extended.is_some();
            if !is_truce {
                scenarios.push(Scenario::no_truce(name.clone()));
                continue;
            }
            let start = match &e.truce_start {
                Some(d) => d
                    .get_ref()
                    .parse()
                    .map_err(|m| {
                        problems.push(
                            self.problem(false, Some(d), "truce_start", m)
                                .in_scenario(i, name),
                        )
                    })
                    .ok(),
                None => Some(as_of + chrono::Days::new(1)),
            };
            let days = e
                .truce_days
                .as_ref()
                .map_or(i64::from(DEFAULT_TRUCE_DAYS), |v| *v.get_ref());
            if !(1..=36_500).contains(&days) {
                problems.push(
                    self.problem(
                        false,
                        e.truce_days.as_ref(),
                        "truce_days",
                        format!("expected a whole number of days >= 1, found {days}"),
                    )
                    .in_scenario(i, name),
                );
            }
            let (compliance, covers) = self.coverage(i, e, groups, problems);
            if let Some(start) = start {
                scenarios.push(Scenario {
                    covers,
                    ..Scenario::with_truce(
                        name.clone(),
                        Truce {
                            start,
                            days: days.clamp(1, 36_500) as u32,
                            compliance,
                            extended: e.extended.unwrap_or(false),
                        },
                    )
                });
            }
        }
        scenarios
    }

    /// A truce's compliance and the groups it covers (`groups`, or the keys of a per-group
    /// `compliance`); shares outside 0..=1 and groups with no assets are pushed to
    /// `problems`, naming their line.
    fn coverage(
        &self,
        i: usize,
        e: &ScenarioEntry,
        groups: &[String],
        problems: &mut Vec<SettingProblem>,
    ) -> (f64, Vec<Cover>) {
        let name = e.name.get_ref();
        let (compliance, mut covers) = match e.compliance.as_ref().map(|v| v.get_ref()) {
            None => (1.0, Vec::new()),
            Some(Compliance::One(k)) => (*k, Vec::new()),
            Some(Compliance::PerGroup(map)) => (
                1.0,
                map.iter()
                    .map(|(g, k)| Cover {
                        group: g.clone(),
                        compliance: Some(*k),
                    })
                    .collect(),
            ),
        };
        for message in compliance_problems(compliance, &covers) {
            problems.push(
                self.problem(false, e.compliance.as_ref(), "compliance", message)
                    .in_scenario(i, name),
            );
        }
        for g in e.groups.iter().flat_map(|v| v.get_ref()) {
            if !covers.iter().any(|c| c.group == *g) {
                covers.push(Cover {
                    group: g.clone(),
                    compliance: None,
                });
            }
        }
        let named = e
            .groups
            .as_ref()
            .map(|v| self.problem(false, Some(v), "groups", String::new()))
            .or_else(|| {
                e.compliance
                    .as_ref()
                    .map(|v| self.problem(false, Some(v), "compliance", String::new()))
            });
        for message in group_problems(&covers, groups) {
            let mut p = named
                .clone()
                .expect("covers come from groups or compliance");
            p.message = message;
            problems.push(p.in_scenario(i, name));
        }
        (compliance, covers)
    }
}

/// Checks across scenarios: a truce given outside the file (the scenarios after the first
/// `from_file`) lasts at least a day, its compliance lies in 0..=1, there is at least one
/// scenario, and names are unique.
fn check_scenarios(
    file: &ScenarioFile,
    scenarios: &[Scenario],
    from_file: usize,
    groups: &[String],
    problems: &mut Vec<SettingProblem>,
) {
    for (i, s) in scenarios.iter().enumerate().skip(from_file) {
        let Some(t) = s.truce else { continue };
        if t.days == 0 {
            problems.push(
                SettingProblem::new(
                    "truce_days",
                    true,
                    "expected a whole number of days >= 1, found 0",
                )
                .in_scenario(i, &s.name),
            );
        }
        for message in compliance_problems(t.compliance, &s.covers) {
            problems.push(SettingProblem::new("compliance", true, message).in_scenario(i, &s.name));
        }
        for message in group_problems(&s.covers, groups) {
            problems.push(SettingProblem::new("groups", true, message).in_scenario(i, &s.name));
        }
    }
    if scenarios.is_empty() && file.scenarios.is_empty() {
        let mut problem = SettingProblem::new(
            "scenario",
            false,
            "expected at least one [[scenario]] table",
        );
        problem.file = file.origin.as_ref().map(|o| o.name.clone());
        problems.push(problem);
    }
    for (i, s) in scenarios.iter().enumerate() {
        if scenarios[..i].iter().any(|o| o.name == s.name) {
            // A name from the file is placed at its line.
            let entry = file.scenarios.get(i).filter(|_| i < from_file);
            problems.push(
                file.problem(
                    i >= from_file,
                    entry.map(|e| &e.name),
                    "name",
                    format!("\"{}\" is used twice", s.name),
                )
                .in_scenario(i, &s.name),
            );
        }
    }
}

/// The name the bundled scenario file goes by in messages and `run.json`.
pub(crate) const BUNDLED_NAME: &str = "bundled truce-2025.toml";

/// The name `run.json` gives the scenario file of data given with no file.
pub(crate) const NO_FILE_NAME: &str = "none (a no-truce scenario)";

/// The scenario file of data given with no file: a no-truce scenario.
pub(crate) const NO_FILE_TOML: &str = "[[scenario]]\nname = \"no-truce\"\n";

/// Builds [`Settings`] in code: every field but the scenarios has the file's default.
#[derive(Debug, Clone)]
pub struct SettingsBuilder<'a> {
    data: &'a Dataset,
    overrides: Overrides,
    scenarios: Vec<Scenario>,
}

impl SettingsBuilder<'_> {
    /// Last observed day.
    pub fn as_of(mut self, day: NaiveDate) -> Self {
        self.overrides.as_of = Some(day);
        self
    }

    /// Last projected day.
    pub fn until(mut self, day: NaiveDate) -> Self {
        self.overrides.until = Some(day);
        self
    }

    /// Lookback window, days.
    pub fn lookback_days(mut self, days: u32) -> Self {
        self.overrides.lookback_days = Some(i64::from(days));
        self
    }

    /// Share of unrefined crude exported instead.
    pub fn diversion(mut self, share: f64) -> Self {
        self.overrides.diversion = Some(share);
        self
    }

    /// Utilization of assets whose row gives none.
    pub fn default_utilization(mut self, u: f64) -> Self {
        self.overrides.default_utilization = Some(u);
        self
    }

    /// The arrival model of new strikes.
    pub fn arrivals(mut self, arrivals: Arrivals) -> Self {
        self.overrides.arrivals = Some(arrivals);
        self
    }

    /// How the bands are read from the paths.
    pub fn calibration(mut self, calibration: Calibration) -> Self {
        self.overrides.calibration = Some(calibration);
        self
    }

    /// Adds a scenario.
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.scenarios.push(scenario);
        self
    }

    /// Checks and resolves the settings.
    pub fn build(self) -> Result<Settings, Error> {
        Settings::resolve(
            &ScenarioFile::default(),
            &self.overrides,
            self.data,
            self.scenarios,
        )
    }
}

/// Parses a scenario file's text; `name` is used in messages.
///
/// A field no setting has does not hide the file's other problems: its line is set aside
/// (blanked, so that every other line keeps its number) and the file read again; the
/// unknown fields are reported with the settings' problems. A syntax error stops the read.
pub(crate) fn parse_file(name: &str, text: &str) -> Result<ScenarioFile, Error> {
    let problem = |text: &str, e: &toml::de::Error| SettingProblem {
        file: Some(name.to_owned()),
        line: e
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1),
        scenario: None,
        field: None,
        given: false,
        message: e.message().to_owned(),
    };
    let mut unknown = Vec::new();
    let mut current = text.to_owned();
    loop {
        match toml::from_str::<ScenarioFile>(&current) {
            Ok(mut file) => {
                file.origin = Some(Origin::new(name, text));
                file.unknown = unknown;
                return Ok(file);
            }
            Err(e) => {
                let span = e
                    .span()
                    .filter(|_| e.message().starts_with("unknown field"));
                let Some(span) = span.filter(|_| unknown.len() < MAX_UNKNOWN_FIELDS) else {
                    unknown.push(problem(&current, &e));
                    return Err(Error::Scenario(SettingsReport { problems: unknown }));
                };
                unknown.push(problem(&current, &e));
                let start = current[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let end = current[span.start..]
                    .find('\n')
                    .map_or(current.len(), |i| span.start + i);
                current.replace_range(start..end, &" ".repeat(end - start));
            }
        }
    }
}

/// Unknown fields reported before the read stops (each costs one read of the file).
const MAX_UNKNOWN_FIELDS: usize = 20;

/// Parses a command-line truce `START:DAYS`, e.g. `2025-03-18:30`.
pub(crate) fn parse_truce_flag(text: &str) -> Result<(NaiveDate, u32), String> {
    let (start, days) = text
        .split_once(':')
        .ok_or_else(|| format!("expected START:DAYS such as 2025-03-18:30, found \"{text}\""))?;
    let start = crate::data::fields::parse_date(start)
        .ok_or_else(|| format!("expected a start date as YYYY-MM-DD, found \"{start}\""))?;
    let days: u32 =
        days.parse().ok().filter(|d| *d >= 1).ok_or_else(|| {
            format!("expected truce days as a whole number >= 1, found \"{days}\"")
        })?;
    Ok((start, days))
}

impl<'de> Deserialize<'de> for Settings {
    /// Settings read back (a shard state, a pickled Python object) are checked like every
    /// other way of building them.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = SettingsFields::deserialize(deserializer)?;
        Settings::try_from(fields).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Asset, Strike};
    use crate::projection::scenario::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn data() -> Dataset {
        Dataset::new(
            vec![Asset::new("a", "A", 10.0)],
            vec![Strike::new("s", d("2025-03-01"), 0, 1.0, 3)],
            vec![],
        )
    }

    #[test]
    fn multiplier_follows_the_truce() {
        let t = Truce {
            start: d("2025-03-18"),
            days: 30,
            compliance: 0.8,
            extended: false,
        };
        let s = Scenario::with_truce("t", t);
        assert_eq!(s.multiplier(d("2025-03-17")), 1.0);
        assert!((s.multiplier(d("2025-03-18")) - 0.2).abs() < 1e-12);
        assert!((s.multiplier(d("2025-04-16")) - 0.2).abs() < 1e-12);
        assert_eq!(s.multiplier(d("2025-04-17")), 1.0);
        let e = Scenario::with_truce(
            "e",
            Truce {
                extended: true,
                ..t
            },
        );
        assert_eq!(e.multiplier(d("2025-04-17")), 0.0);
        assert_eq!(Scenario::no_truce("n").multiplier(d("2025-04-17")), 1.0);
    }

    #[test]
    fn defaults_and_overrides() {
        let f = parse_file(
            "f.toml",
            "[[scenario]]\nname = \"no-truce\"\n[[scenario]]\nname = \"t\"\ntruce_days = 10\n",
        )
        .unwrap();
        let s = Settings::resolve(&f, &Overrides::default(), &data(), vec![]).unwrap();
        assert_eq!(s.as_of, d("2025-03-01"));
        assert_eq!(s.until, d("2025-05-30"));
        assert_eq!(s.lookback_days, 90);
        assert_eq!(s.scenarios[1].truce.unwrap().start, d("2025-03-02"));
        assert_eq!(s.reference(), Some(0));
        let o = Overrides {
            until: Some(d("2025-04-01")),
            diversion: Some(0.5),
            ..Default::default()
        };
        let s = Settings::resolve(&f, &o, &data(), vec![]).unwrap();
        assert_eq!(s.until, d("2025-04-01"));
        assert_eq!(s.diversion, 0.5);
    }

    #[test]
    fn bad_files_say_what_and_where() {
        // An unknown field is read past and reported when the settings are resolved, with
        // the file's other problems.
        let f = parse_file(
            "f.toml",
            "as_of = \"2025-03-18\"\nlookbak_days = 3\n[[scenario]]\nname = \"t\"\n",
        )
        .unwrap();
        let e = Settings::resolve(&f, &Overrides::default(), &data(), vec![])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("f.toml line 2") && e.contains("lookbak_days"),
            "{e}"
        );
        // A syntax error stops the read at once.
        let e = parse_file("f.toml", "as_of = \n").unwrap_err().to_string();
        assert!(e.contains("f.toml line 1"), "{e}");
        let f = parse_file(
            "f.toml",
            "as_of = \"2025-03-18\"\nuntil = \"2025-03-01\"\n[[scenario]]\nname = \"t\"\ntruce_days = 0\ncompliance = 1.5\n",
        )
        .unwrap();
        let Err(Error::Scenario(report)) =
            Settings::resolve(&f, &Overrides::default(), &data(), vec![])
        else {
            panic!("expected settings problems")
        };
        // Typed: file, line, scenario and field of each problem, all of them.
        let located: Vec<_> = report
            .problems
            .iter()
            .map(|p| (p.file.as_deref(), p.line, p.scenario.clone(), p.field))
            .collect();
        assert_eq!(
            located,
            vec![
                (Some("f.toml"), Some(2), None, Some("until")),
                (
                    Some("f.toml"),
                    Some(5),
                    Some((1, "t".to_owned())),
                    Some("truce_days")
                ),
                (
                    Some("f.toml"),
                    Some(6),
                    Some((1, "t".to_owned())),
                    Some("compliance")
                ),
            ]
        );
        let e = report.to_string();
        assert!(e.starts_with("found 3 problems in the settings:"), "{e}");
        assert!(
            e.contains(
                "f.toml line 2, until: expected a day after as_of (2025-03-18), found 2025-03-01"
            ),
            "{e}"
        );
        assert!(
            e.contains("truce_days: expected a whole number of days >= 1, found 0"),
            "{e}"
        );
        assert!(
            e.contains("compliance: expected a share from 0 to 1, found 1.5"),
            "{e}"
        );
        assert_eq!(
            parse_truce_flag("2025-03-18:30").unwrap(),
            (d("2025-03-18"), 30)
        );
        assert!(parse_truce_flag("2025-03-18").is_err());
    }

    #[test]
    fn bare_toml_dates_are_accepted() {
        let f = parse_file("f.toml", "as_of = 2025-03-18\n[[scenario]]\nname = \"n\"\n").unwrap();
        let s = Settings::resolve(&f, &Overrides::default(), &data(), vec![]).unwrap();
        assert_eq!(s.as_of, d("2025-03-18"));
    }

    #[test]
    fn settings_stay_valid_when_their_scenarios_change() {
        let base = Settings::for_data(&data(), vec![Scenario::no_truce("n")]).unwrap();
        let good = base
            .with_scenarios(vec![
                Scenario::no_truce("n"),
                Scenario::with_truce("t", Truce::new(d("2025-03-05"), 10).compliance(0.5)),
            ])
            .unwrap();
        assert_eq!((good.as_of(), good.until()), (base.as_of(), base.until()));
        assert_eq!(good.scenarios().len(), 2);
        let bad = base
            .with_scenarios(vec![Scenario::with_truce(
                "t",
                Truce::new(d("2025-03-05"), 10).compliance(1.5),
            )])
            .unwrap_err()
            .to_string();
        assert!(
            bad.contains("compliance (given): expected a share from 0 to 1, found 1.5"),
            "{bad}"
        );
        let twice = base
            .with_scenarios(vec![Scenario::no_truce("n"), Scenario::no_truce("n")])
            .unwrap_err()
            .to_string();
        assert!(twice.contains("\"n\" is used twice"), "{twice}");
        let mut no_days = Truce::new(d("2025-03-05"), 10);
        no_days.days = 0;
        let none = base
            .with_scenarios(vec![Scenario::with_truce("t", no_days)])
            .unwrap_err()
            .to_string();
        assert!(
            none.contains("truce_days (given): expected a whole number of days >= 1, found 0"),
            "{none}"
        );
    }

    /// The bundled case of one bundled group's data covers that group; of data with neither
    /// bundled group, it is refused with the groups its truce covers.
    #[test]
    fn the_bundled_case_of_one_bundled_group_covers_that_group() {
        let all = Dataset::bundled().unwrap();
        let covered = |s: &Settings| -> Vec<String> {
            let truce = s.scenarios().iter().find(|s| s.truce.is_some()).unwrap();
            truce.covers.iter().map(|c| c.group.clone()).collect()
        };
        assert_eq!(
            covered(&Settings::bundled(&all).unwrap()),
            ["ru-refining", "ua-power"]
        );
        for group in ["ru-refining", "ua-power"] {
            let one = all.group(group).unwrap();
            assert_eq!(covered(&Settings::bundled(&one).unwrap()), [group]);
        }
        let other = Settings::bundled(&data()).unwrap_err().to_string();
        assert!(
            other.contains("found \"ru-refining\", which has no assets"),
            "{other}"
        );
    }
}
