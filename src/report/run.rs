//! `run.json`: what a run was made of. Every setting with where it came from (a flag, the
//! scenario file and line, a default), the input tables with a content hash, the tool's
//! version, and per group the base rate and how many of the strikes behind it rest on
//! defaults. Written beside the tables, and into every Parquet table as key-value metadata.

use serde::Serialize;

use crate::data::{Basis, Confidence, Dataset};
use crate::projection::expected::Projection;

/// The Parquet metadata key that holds the run's record.
pub(crate) const METADATA_KEY: &str = "strike_impact_run";

/// One input table: its source (a file, or the bundled table) and the BLAKE3 hash of its bytes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InputRecord {
    pub table: &'static str,
    pub source: String,
    pub blake3: String,
}

impl InputRecord {
    /// The record of bytes in memory (a bundled table).
    pub(crate) fn of(table: &'static str, source: String, bytes: &[u8]) -> Self {
        let mut h = blake3::Hasher::new();
        h.update(bytes);
        InputRecord::with_hash(table, source, h)
    }

    /// The record of a file, hashed where it lies (mapped, on every core) rather than read
    /// into memory a second time.
    pub(crate) fn of_file(
        table: &'static str,
        path: &std::path::Path,
    ) -> crate::error::Result<Self> {
        let mut h = blake3::Hasher::new();
        h.update_mmap_rayon(path)
            .map_err(|e| crate::error::Error::io(path, e))?;
        Ok(InputRecord::with_hash(table, path.display().to_string(), h))
    }

    fn with_hash(table: &'static str, source: String, h: blake3::Hasher) -> Self {
        InputRecord {
            table,
            source,
            blake3: h.finalize().to_hex().to_string(),
        }
    }
}

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
    notes: Vec<crate::projection::expected::Note>,
}

/// The record of a run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RunRecord {
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
    /// The record of `runs` (each group's projection and data), made with `settings` (a
    /// JSON object of each setting's value and source) from `scenario_file`.
    pub(crate) fn new(
        inputs: Vec<InputRecord>,
        scenario_file: String,
        settings: serde_json::Value,
        runs: &[(Projection, Dataset)],
        monte_carlo: Option<crate::projection::MonteCarloOptions>,
        warnings: Vec<String>,
    ) -> Self {
        let first = runs.first().map(|(p, _)| p);
        RunRecord {
            tool: "strike-impact",
            version: env!("CARGO_PKG_VERSION"),
            inputs,
            scenario_file,
            settings,
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
    pub(crate) fn to_json(&self) -> String {
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
        notes: p.notes.clone(),
    }
}
