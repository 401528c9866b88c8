//! `run.json`: what a run was made of. Every setting with where it came from (a flag, the
//! scenario file and line, a default), the input tables with a content hash, the tool's
//! version, and per group the base rate and how many of the strikes behind it rest on
//! defaults. Written beside the tables, and into every Parquet table as key-value metadata.

use serde::Serialize;

use crate::data::{Basis, Confidence, Dataset, InputRecord};
use crate::projection::expected::Projection;
use crate::projection::scenario::{Settings, DEFAULT_HORIZON_DAYS, SETTING_FIELDS};

/// The Parquet metadata key that holds the run's record.
pub(crate) const METADATA_KEY: &str = "strike_impact_run";

/// A group's base rate and the strikes behind it.
#[derive(Debug, Clone, Serialize)]
struct GroupRecord {
    group: String,
    unit: String,
    capacity: f64,
    base_rate_per_day: f64,
    lookback_strikes: usize,
    /// Lookback strikes whose outage length or capacity disabled is a default.
    lookback_strikes_on_defaults: usize,
    /// Lookback strikes of low confidence (each had its effect with probability 0.5 in draws).
    lookback_strikes_low_confidence: usize,
    /// The arrival model fitted: the model used, its parameters with standard errors.
    arrivals: crate::projection::arrivals::Fitted,
    /// With `calibration = "conformal"` and Monte Carlo: the track record (past as-of dates
    /// and their PITs) and the levels at which the bands read the paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    calibration: Option<crate::projection::track::TrackRecord>,
    notes: Vec<crate::projection::expected::Note>,
}

/// What `run.json` says of a setting or filter the caller gave, by its name (`as_of`,
/// `known_by`...): the flag that gives it ([`flag_label`], which Python uses too, for the
/// keyword of the same name), or the command line's own words where a flag implied it.
pub type GivenLabel<'a> = &'a dyn Fn(&str) -> String;

/// Where the default arrival model comes from, as `run.json` says it: the rule that
/// would choose another (MODEL.md, "Arrival models"; the README's backtest).
pub(crate) const ARRIVALS_DEFAULT_WHY: &str = "default: the model each group's backtest earned (the best mean CRPS among the readings whose P10-P90 coverage is 72-88 % on the bundled backtest at the 90-day lookback: hawkes for ru-refining, campaign for ua-power); poisson, the reference, for other groups; groups[].arrivals says the model used";

/// Where the default calibration comes from, as `run.json` says it.
pub(crate) const CALIBRATION_DEFAULT_WHY: &str = "default: the reading each group's backtest earned (conformal for ru-refining and ua-power); none, the paths' own percentiles, for other groups; groups[].calibration gives the track record where one was read";

/// The command line's name of a setting: `as_of` is `--as-of`.
pub fn flag_label(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// Each top-level setting's value and where it came from (the caller, by `label`; the
/// scenario file and line; or the default), and the records' filters.
fn setting_sources(
    settings: &Settings,
    data: Option<&Dataset>,
    label: GivenLabel<'_>,
) -> serde_json::Value {
    let origin = settings.origin();
    let from = |field: &str, default: String| {
        if origin.is_given(field) {
            label(field)
        } else {
            origin.place_of(field).map_or(default, str::to_owned)
        }
    };
    // A setting whose default is each group's own (groups[].arrivals and calibration) has
    // no one value to state unless it was set.
    let per_group = |field: &str, value: serde_json::Value| {
        if origin.is_set(field) {
            value
        } else {
            serde_json::Value::Null
        }
    };
    let mut out = serde_json::Map::new();
    for field in SETTING_FIELDS {
        let (value, default) = match field {
            "as_of" => (
                serde_json::json!(settings.as_of()),
                "the latest strike (default)".to_owned(),
            ),
            "until" => (
                serde_json::json!(settings.until()),
                format!("as_of + {DEFAULT_HORIZON_DAYS} days (default)"),
            ),
            "lookback_days" => (
                serde_json::json!(settings.lookback_days()),
                "default".to_owned(),
            ),
            "diversion" => (
                serde_json::json!(settings.diversion()),
                "default".to_owned(),
            ),
            "default_utilization" => (
                serde_json::json!(settings.default_utilization()),
                "default".to_owned(),
            ),
            "calibration" => (
                per_group(field, serde_json::json!(settings.calibration())),
                CALIBRATION_DEFAULT_WHY.to_owned(),
            ),
            _ => (
                per_group(field, serde_json::json!(settings.arrivals())),
                ARRIVALS_DEFAULT_WHY.to_owned(),
            ),
        };
        out.insert(
            field.to_owned(),
            serde_json::json!({"value": value, "from": from(field, default)}),
        );
    }
    let provenance = data.map(|d| d.provenance.clone()).unwrap_or_default();
    out.insert(
        "known_by".to_owned(),
        serde_json::json!({
            "value": provenance.known_by,
            "from": if provenance.known_by.is_some() { label("known_by") } else { "default (every record)".to_owned() },
        }),
    );
    out.insert(
        "min_confidence".to_owned(),
        serde_json::json!({
            "value": provenance.min_confidence.map(Confidence::name),
            "from": if provenance.min_confidence.is_some() { label("min_confidence") } else { "default (every row)".to_owned() },
        }),
    );
    serde_json::Value::Object(out)
}

/// The projections' warnings in words, each with its group when there are several: what
/// `run.json` lists after the data's warnings.
pub fn warning_lines(projections: &[&Projection]) -> Vec<String> {
    let several = projections.len() > 1;
    projections
        .iter()
        .flat_map(|p| {
            p.notes.iter().filter(|n| n.is_warning()).map(move |n| {
                if several {
                    format!("group {}: {}", p.group, n.words())
                } else {
                    n.words()
                }
            })
        })
        .collect()
}

/// The record of a run.
#[derive(Debug, Clone, Serialize)]
pub struct RunRecord {
    tool: &'static str,
    version: &'static str,
    inputs: Vec<InputRecord>,
    scenario_file: String,
    settings: serde_json::Value,
    scenarios: Vec<crate::projection::scenario::Scenario>,
    monte_carlo: Option<MonteCarloRecord>,
    groups: Vec<GroupRecord>,
    warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize)]
struct MonteCarloRecord {
    paths: u64,
    seed: u64,
}

impl RunRecord {
    /// The record of `runs` (each group's projection and data), made with `settings`; a
    /// setting or filter the caller gave is said by `label`.
    pub fn new(
        runs: &[(Projection, Dataset)],
        settings: &Settings,
        monte_carlo: Option<crate::projection::MonteCarloOptions>,
        warnings: Vec<String>,
        label: GivenLabel<'_>,
    ) -> Self {
        let first = runs.first().map(|(p, _)| p);
        let data = runs.first().map(|(_, d)| d);
        RunRecord {
            tool: "strike-impact",
            version: env!("CARGO_PKG_VERSION"),
            inputs: data.map_or(Vec::new(), |d| d.provenance.inputs.clone()),
            scenario_file: settings
                .origin()
                .file
                .clone()
                .unwrap_or_else(|| "none (settings built in code)".to_owned()),
            settings: setting_sources(settings, data, label),
            scenarios: first.map_or(Vec::new(), |p| p.settings.scenarios().to_vec()),
            monte_carlo: monte_carlo.map(|m| MonteCarloRecord {
                paths: m.paths,
                seed: m.seed,
            }),
            groups: runs.iter().map(|(p, d)| group_record(p, d)).collect(),
            warnings,
        }
    }

    /// The record as pretty JSON text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a run record is JSON");
        text.push('\n');
        text
    }
}

fn group_record(p: &Projection, data: &Dataset) -> GroupRecord {
    let window = p.settings.lookback_window();
    let lookback: Vec<_> = data
        .strikes
        .iter()
        .filter(|s| window.contains(s.date))
        .collect();
    let default = Some(Basis::Default);
    GroupRecord {
        group: p.group.clone(),
        unit: p.unit.label().to_owned(),
        capacity: p.national_capacity,
        base_rate_per_day: p.lambda,
        lookback_strikes: lookback.len(),
        lookback_strikes_on_defaults: lookback
            .iter()
            .filter(|s| {
                s.certainty().outage_basis == default || s.certainty().disabled_basis == default
            })
            .count(),
        lookback_strikes_low_confidence: lookback
            .iter()
            .filter(|s| s.confidence == Some(Confidence::Low))
            .count(),
        arrivals: p.arrivals.clone(),
        calibration: p.calibration.clone(),
        notes: p.notes.clone(),
    }
}
