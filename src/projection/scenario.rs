//! Scenarios and projection settings: the types a projection runs on, and the rules every
//! one of them obeys, however it was built (a scenario file, the builder, serde).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::observed::timeline::Window;
use crate::projection::arrivals::{ArrivalParam, Arrivals};
use crate::projection::calibration::Calibration;

/// Default lookback window for the base rate, days.
pub(crate) const DEFAULT_LOOKBACK_DAYS: u32 = 90;
/// Default projection length after the as-of date, days.
pub(crate) const DEFAULT_HORIZON_DAYS: u64 = 90;
/// Longest projection, days: Monte Carlo keeps fixed-size statistics per projected day.
pub(crate) const MAX_HORIZON_DAYS: i64 = 3660;
/// Default truce length when a scenario names a truce without `truce_days`.
pub(crate) const DEFAULT_TRUCE_DAYS: u32 = 30;

/// A range a caller gives for an input: its values as written and where (file, line).
#[derive(Debug, Clone, PartialEq)]
pub struct RangeGiven {
    /// The input's name.
    pub name: String,
    /// The values as written (two: low and high).
    pub values: Vec<f64>,
    /// The scenario file and line that give it.
    pub place: Option<(String, usize)>,
}

/// A truce: fewer strikes from `start` for `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Truce {
    /// First day of the truce.
    pub start: NaiveDate,
    /// Length, days (>= 1).
    pub days: u32,
    /// Share of strikes the truce prevents, 0..=1.
    pub compliance: f64,
    /// True: no strikes after the truce either.
    pub extended: bool,
}

impl Truce {
    /// A truce of `days` days from `start`, fully kept, not extended.
    pub fn new(start: NaiveDate, days: u32) -> Self {
        Truce {
            start,
            days: days.max(1),
            compliance: 1.0,
            extended: false,
        }
    }

    /// The same truce with `compliance` (share of strikes prevented, 0..=1).
    pub fn compliance(self, compliance: f64) -> Self {
        Truce { compliance, ..self }
    }

    /// The same truce, extended: no strikes after it either.
    pub fn extended(self) -> Self {
        Truce {
            extended: true,
            ..self
        }
    }
}

/// A rule for how many new strikes happen on each projected day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Unique name, e.g. `no-truce`.
    pub name: String,
    /// The truce, if any.
    pub truce: Option<Truce>,
    /// The groups the truce covers, each with its compliance; empty: every group, at the
    /// truce's compliance. A group not covered has no truce in this scenario.
    pub covers: Vec<Cover>,
}

/// A group a truce covers, and the compliance there (`None`: the truce's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cover {
    /// The group, e.g. `ua-power`.
    pub group: String,
    /// Share of strikes on the group the truce prevents, 0..=1.
    pub compliance: Option<f64>,
}

impl Scenario {
    /// Strikes go on as they did lately: `m(d) = 1`.
    pub fn no_truce(name: impl Into<String>) -> Self {
        Scenario {
            name: name.into(),
            truce: None,
            covers: Vec::new(),
        }
    }

    /// A truce scenario, covering every group.
    pub fn with_truce(name: impl Into<String>, truce: Truce) -> Self {
        Scenario {
            name: name.into(),
            truce: Some(truce),
            covers: Vec::new(),
        }
    }

    /// The same scenario with its truce covering only `group`, at `compliance` there
    /// (`None`: the truce's own). Call once per group covered.
    pub fn covering(mut self, group: &str, compliance: Option<f64>) -> Self {
        self.covers.push(Cover {
            group: group.to_owned(),
            compliance,
        });
        self
    }

    /// The scenario as `group` sees it: the truce at the group's compliance where the
    /// truce covers the group, no truce where it does not.
    pub fn for_group(&self, group: &str) -> Scenario {
        let truce = match (self.truce, self.covers.as_slice()) {
            (None, _) => None,
            (Some(t), []) => Some(t),
            (Some(t), covers) => covers.iter().find(|c| c.group == group).map(|c| Truce {
                compliance: c.compliance.unwrap_or(t.compliance),
                ..t
            }),
        };
        Scenario {
            name: self.name.clone(),
            truce,
            covers: Vec::new(),
        }
    }

    /// The multiplier `m(d)` of MODEL.md: `1 - k` during the truce, `0` after an extended
    /// truce, `1` otherwise.
    pub fn multiplier(&self, day: NaiveDate) -> f64 {
        match self.truce {
            None => 1.0,
            Some(t) => {
                let end = t.start + chrono::Days::new(u64::from(t.days));
                if day < t.start {
                    1.0
                } else if day < end {
                    1.0 - t.compliance
                } else if t.extended {
                    0.0
                } else {
                    1.0
                }
            }
        }
    }
}

/// Resolved projection settings: every default filled in and checked.
///
/// Settings are built only through one checked path (a scenario file, the builder, or
/// [`Settings::with_scenarios`]), so no value the model cannot use reaches it; settings
/// read back with serde (a shard state, a pickled Python object) are checked the same way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Last observed day; projections start the day after.
    pub(crate) as_of: NaiveDate,
    /// Last projected day, inclusive.
    pub(crate) until: NaiveDate,
    /// Lookback window for the base rate, days.
    pub(crate) lookback_days: u32,
    /// Share of crude that cannot be refined but is exported instead (0..1).
    pub(crate) diversion: f64,
    /// Utilization of assets whose row gives none.
    pub(crate) default_utilization: f64,
    /// The scenarios, in file order (names unique).
    pub(crate) scenarios: Vec<Scenario>,
    /// The arrival model of new strikes (MODEL.md, "Arrival models").
    pub(crate) arrivals: Arrivals,
    /// How the Monte Carlo bands are read from the paths (MODEL.md, "Calibration").
    pub(crate) calibration: Calibration,
    /// Where each top-level setting came from (not a value of the settings: left out of
    /// equality, but kept with them through a shard state or a pickle, so that a run's
    /// record says the same however its settings travelled).
    pub(crate) origin: SettingsOrigin,
    /// Multiplier of the base rate (1: the lookback window's rate as MODEL.md defines it;
    /// other values come only from a sensitivity analysis). Last, as it is left out when 1.
    #[serde(skip_serializing_if = "is_one")]
    pub(crate) rate_multiplier: f64,
    /// Fitted parameters of the arrival model set in place of their estimates (only from a
    /// sensitivity analysis; empty otherwise, and then left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) arrival_params: Vec<(ArrivalParam, f64)>,
}

/// The arrival model and calibration that the bundled backtest earned for each bundled group:
/// the best mean CRPS among the readings whose P10-P90 coverage is 72-88 % at the default
/// 90-day lookback (README, "How good are the projections?"; MODEL.md, "The default").
pub const EARNED_DEFAULTS: [(&str, Arrivals, Calibration); 2] = [
    ("ru-refining", Arrivals::Hawkes, Calibration::Conformal),
    ("ua-power", Arrivals::Campaign, Calibration::Conformal),
];

/// The arrival model and calibration `group`'s backtest earned, if it is a bundled group
/// ([`EARNED_DEFAULTS`]); other groups keep the reference, `poisson` read as its paths are.
pub fn earned_default(group: &str) -> Option<(Arrivals, Calibration)> {
    EARNED_DEFAULTS
        .iter()
        .find(|(g, _, _)| *g == group)
        .map(|&(_, a, c)| (a, c))
}

/// The top-level settings, in the order `run.json` states them.
pub const SETTING_FIELDS: [&str; 7] = [
    "as_of",
    "until",
    "lookback_days",
    "diversion",
    "default_utilization",
    "arrivals",
    "calibration",
];

/// Where resolved settings came from: the scenario file, which top-level settings the
/// caller gave (flags, builder calls, keywords), where the file set the others, and how
/// many scenarios the file gave before the caller's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsOrigin {
    /// The scenario file's name (`None`: settings built in code, no file).
    pub file: Option<String>,
    /// The top-level settings the caller gave, by name ([`SETTING_FIELDS`]).
    pub given: Vec<String>,
    /// The settings the file set, each with `FILE line N`.
    pub places: Vec<(String, String)>,
    /// The leading scenarios that came from the file; the rest the caller added.
    pub file_scenarios: usize,
}

impl SettingsOrigin {
    /// Whether the caller gave `field`.
    pub fn is_given(&self, field: &str) -> bool {
        self.given.iter().any(|g| g == field)
    }

    /// Whether the caller or the file set `field`.
    pub fn is_set(&self, field: &str) -> bool {
        self.is_given(field) || self.place_of(field).is_some()
    }

    /// The same origin with `field` given by the caller.
    pub(crate) fn giving(&self, field: &str) -> SettingsOrigin {
        let mut o = self.clone();
        if !o.is_given(field) {
            o.given.push(field.to_owned());
        }
        o
    }

    /// Where the file set `field` (`FILE line N`), if it did.
    pub fn place_of(&self, field: &str) -> Option<&str> {
        self.places
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| p.as_str())
    }
}

/// Where settings came from is not part of what they are: settings equal in every value
/// are equal, however they were given.
impl PartialEq for SettingsOrigin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

impl Settings {
    /// Last observed day; projections start the day after.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Last projected day, inclusive.
    pub fn until(&self) -> NaiveDate {
        self.until
    }

    /// Lookback window for the base rate, days (>= 1).
    pub fn lookback_days(&self) -> u32 {
        self.lookback_days
    }

    /// Share of crude that cannot be refined but is exported instead (0..=1).
    pub fn diversion(&self) -> f64 {
        self.diversion
    }

    /// Utilization of assets whose row gives none (0 < u <= 1).
    pub fn default_utilization(&self) -> f64 {
        self.default_utilization
    }

    /// The scenarios, in order (names unique).
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// The arrival model of new strikes.
    pub fn arrivals(&self) -> Arrivals {
        self.arrivals
    }

    /// How the Monte Carlo bands are read from the paths.
    pub fn calibration(&self) -> Calibration {
        self.calibration
    }

    /// The same settings with the bands read another way (given: no group's earned
    /// default replaces it).
    pub fn with_calibration(&self, calibration: Calibration) -> Settings {
        Settings {
            calibration,
            origin: self.origin.giving("calibration"),
            ..self.clone()
        }
    }

    /// Where each top-level setting came from.
    pub fn origin(&self) -> &SettingsOrigin {
        &self.origin
    }

    /// The same settings with another arrival model (given: no group's earned default
    /// replaces it).
    pub fn with_arrivals(&self, arrivals: Arrivals) -> Settings {
        Settings {
            arrivals,
            origin: self.origin.giving("arrivals"),
            ..self.clone()
        }
    }

    /// The same settings with `base`'s arrival model and calibration wherever `base` was
    /// given them (a study's settings made afresh keep what the caller asked for).
    pub fn with_model_of(&self, base: &Settings) -> Settings {
        let mut s = self.clone();
        if base.origin.is_set("arrivals") {
            s = s.with_arrivals(base.arrivals);
        }
        if base.origin.is_set("calibration") {
            s = s.with_calibration(base.calibration);
        }
        s
    }

    /// The base rate's multiplier (1 unless set with [`Settings::with_rate_multiplier`]).
    pub fn rate_multiplier(&self) -> f64 {
        self.rate_multiplier
    }

    /// The fitted parameters of the arrival model set in place of their estimates.
    pub fn arrival_params(&self) -> &[(ArrivalParam, f64)] {
        &self.arrival_params
    }

    /// The same settings with the arrival model's fitted `param` at `value` in place of its
    /// estimate, where the model in use has it; a value outside the parameter's domain is
    /// refused.
    pub fn with_arrival_param(&self, param: ArrivalParam, value: f64) -> Result<Settings, Error> {
        let (rule, ok) = param.domain();
        if !ok(value) {
            return Err(Error::setting(param.name(), rule, value));
        }
        let mut s = self.clone();
        s.arrival_params.retain(|(p, _)| *p != param);
        s.arrival_params.push((param, value));
        Ok(s)
    }

    /// The same settings with the base rate multiplied by `k` (>= 0): what if strikes come
    /// `k` times as often as in the lookback window.
    pub fn with_rate_multiplier(&self, k: f64) -> Result<Settings, Error> {
        if !(k.is_finite() && k >= 0.0) {
            return Err(Error::setting("rate_multiplier", "a multiplier >= 0", k));
        }
        Ok(Settings {
            rate_multiplier: k,
            ..self.clone()
        })
    }

    /// The settings as `group` sees them: every scenario's truce as it applies to the group
    /// ([`Scenario::for_group`]), and the arrival model and calibration the group's
    /// backtest earned ([`earned_default`]) where neither the caller nor the file gave one.
    pub fn for_group(&self, group: &str) -> Settings {
        let (arrivals, calibration) = match earned_default(group) {
            Some((a, c)) => (
                if self.origin.is_set("arrivals") {
                    self.arrivals
                } else {
                    a
                },
                if self.origin.is_set("calibration") {
                    self.calibration
                } else {
                    c
                },
            ),
            None => (self.arrivals, self.calibration),
        };
        Settings {
            scenarios: self.scenarios.iter().map(|s| s.for_group(group)).collect(),
            arrivals,
            calibration,
            ..self.clone()
        }
    }

    /// The lookback window: the `lookback_days` days that end on the as-of date, whose
    /// strikes set the base rate (MODEL.md). The one definition every part uses.
    pub fn lookback_window(&self) -> Window {
        let start = self.as_of - chrono::Days::new(u64::from(self.lookback_days) - 1);
        Window::inclusive(start, self.as_of)
    }

    /// The first projected day.
    pub fn first_day(&self) -> NaiveDate {
        self.as_of + chrono::Days::new(1)
    }

    /// Index of the reference scenario: the one named `no-truce`, else the first without a
    /// truce. `None` when every scenario has a truce.
    pub fn reference(&self) -> Option<usize> {
        reference(
            self.scenarios
                .iter()
                .map(|s| (s.name.as_str(), s.truce.is_some())),
        )
    }
}

/// The rule each of a truce's compliance shares (its own, and each group's) breaks, if any:
/// one definition for scenario files and for scenarios given in code.
pub(crate) fn compliance_problems(compliance: f64, covers: &[Cover]) -> Vec<String> {
    std::iter::once(compliance)
        .chain(covers.iter().filter_map(|c| c.compliance))
        .filter(|k| !(0.0..=1.0).contains(k))
        .map(|k| format!("expected a share from 0 to 1, found {k}"))
        .collect()
}

/// The rule each covered group without assets breaks (none is checked without assets).
pub(crate) fn group_problems(covers: &[Cover], groups: &[String]) -> Vec<String> {
    covers
        .iter()
        .filter(|c| !groups.is_empty() && !groups.contains(&c.group))
        .map(|c| {
            format!(
                "expected a group of the assets ({}), found \"{}\", which has no assets",
                groups.join(", "),
                c.group
            )
        })
        .collect()
}

/// The reference scenario for gains among `(name, has a truce)` pairs: the one named
/// `no-truce`, else the first without a truce (MODEL.md, "Outputs"). The one definition,
/// used for settings and for a re-plotted daily file alike.
pub(crate) fn reference<'a>(
    scenarios: impl Iterator<Item = (&'a str, bool)> + Clone,
) -> Option<usize> {
    scenarios
        .clone()
        .position(|(name, _)| name == "no-truce")
        .or_else(|| scenarios.into_iter().position(|(_, truce)| !truce))
}
