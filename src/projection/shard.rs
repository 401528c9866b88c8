//! Monte Carlo in shards: a run of N paths split into K parts that run anywhere (another
//! process, another machine, a Dask worker), each writing a mergeable state; merging the K
//! states gives exactly the single run's results.
//!
//! Path `p` draws from its own stream `(seed, p)` whichever shard runs it, and every
//! statistic merges exactly (histogram counts, integer sums, minima and maxima), so the
//! merged bands are the single run's to the last bit, for any K. A state carries the
//! inputs it was run on (the loaded tables and the resolved settings) and a fingerprint
//! of them with the paths and the seed: states of different runs are refused.

use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::error::{Error, ShardProblem, ShardReport};
use crate::projection::baseline::{Baseline, Reads};
use crate::projection::expected::{project_with, MonteCarloRun, Projection};
use crate::projection::montecarlo::{group_stats, MonteCarloOptions};
use crate::projection::montecarlo_stats::GroupStats;
use crate::projection::scenario::Settings;

/// What a state file starts with, and the version of its layout.
const FORMAT: &str = "strike-impact monte carlo shard state, format 1";

/// Which part of a Monte Carlo run a shard runs: part `index` (from 0) of `count`, the
/// paths `index * N / count .. (index + 1) * N / count` of a run of N paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which part, from 0.
    pub index: u64,
    /// Into how many parts the run is split (>= 1).
    pub count: u64,
}

impl Shard {
    /// Part `index` of `count`; `index < count`.
    pub fn new(index: u64, count: u64) -> Result<Self, Error> {
        if count == 0 || index >= count {
            return Err(Error::setting(
                "shard",
                "I/K with K >= 1 and 0 <= I < K",
                format!("{index}/{count}"),
            ));
        }
        Ok(Shard { index, count })
    }

    /// The whole run, in one part.
    pub fn whole() -> Self {
        Shard { index: 0, count: 1 }
    }

    /// The paths of a run of `paths` paths that this part runs.
    pub fn paths(&self, paths: u64) -> Range<u64> {
        let at = |i: u64| (u128::from(i) * u128::from(paths) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

impl FromStr for Shard {
    type Err = Error;

    /// Reads `I/K`, e.g. `0/4` for the first of four parts.
    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = || Error::setting("shard", "I/K, e.g. 0/4 (the first of 4 parts)", text);
        let (i, k) = text.split_once('/').ok_or_else(bad)?;
        let i = i.trim().parse().map_err(|_| bad())?;
        let k = k.trim().parse().map_err(|_| bad())?;
        Shard::new(i, k)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a run depends on: its tables, settings, number of paths and seed.
#[derive(Clone, Serialize, Deserialize)]
struct Inputs {
    data: Dataset,
    settings: Settings,
    paths: u64,
    seed: u64,
}

impl Inputs {
    fn fingerprint(&self) -> String {
        let bytes = rmp_serde::to_vec(self).expect("the inputs encode into memory");
        let mut hasher = blake3::Hasher::new();
        hasher.update(FORMAT.as_bytes());
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(&bytes);
        hasher.finalize().to_hex().to_string()
    }
}

/// The statistics of one shard of a Monte Carlo run, with the inputs it ran on: bytes to
/// store or send ([`ShardState::to_bytes`]), and to merge with the other shards'
/// ([`merge_shards`]).
#[derive(Clone, Serialize, Deserialize)]
pub struct ShardState {
    format: String,
    version: String,
    fingerprint: String,
    inputs: Inputs,
    shard: Shard,
    groups: Vec<GroupStats>,
    /// What the caller records of the run (the command line: its `run.json`); not part of
    /// the fingerprint.
    provenance: String,
}

impl std::fmt::Debug for ShardState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShardState")
            .field("shard", &self.shard)
            .field("paths", &self.inputs.paths)
            .field("seed", &self.inputs.seed)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl ShardState {
    /// Runs part `shard` of the Monte Carlo of `settings` over `data` (every group it
    /// holds, each projected alone) with `options`. `progress` receives the paths finished
    /// so far, per group.
    pub fn run(
        data: &Dataset,
        settings: &Settings,
        options: MonteCarloOptions,
        shard: Shard,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Self, Error> {
        if options.paths == 0 {
            return Err(Error::setting("paths", "at least 1 path", 0));
        }
        let range = shard.paths(options.paths);
        let groups = data
            .groups()
            .into_iter()
            .map(|g| {
                let data = data.group(&g)?;
                let settings = settings.for_group(&g);
                let base = Baseline::new(&data, &settings, Reads::Capacity)?;
                Ok(group_stats(
                    &base,
                    &data,
                    &settings,
                    &g,
                    options.seed,
                    range.clone(),
                    progress,
                ))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let inputs = Inputs {
            data: data.clone(),
            settings: settings.clone(),
            paths: options.paths,
            seed: options.seed,
        };
        Ok(ShardState {
            format: FORMAT.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            fingerprint: inputs.fingerprint(),
            inputs,
            shard,
            groups,
            provenance: String::new(),
        })
    }

    /// The same state with the caller's record of the run (kept as it is, and given back by
    /// [`ShardState::provenance`] after a round trip through bytes).
    pub fn with_provenance(mut self, record: String) -> Self {
        self.provenance = record;
        self
    }

    /// The caller's record of the run (empty when none was given).
    pub fn provenance(&self) -> &str {
        &self.provenance
    }

    /// The state as bytes (MessagePack, then a BLAKE3 checksum of it), to write to a file
    /// or send to another process.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = rmp_serde::to_vec(self).expect("a state encodes into memory");
        let checksum = blake3::hash(&bytes);
        bytes.extend_from_slice(checksum.as_bytes());
        bytes
    }

    /// Reads a state written by [`ShardState::to_bytes`]; `name` names it in errors (a file
    /// name). Refuses bytes that are not a state of this version, or whose inputs do not
    /// match their fingerprint.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Self, Error> {
        let problem = |message: String| {
            Error::Shards(ShardReport {
                problems: vec![ShardProblem {
                    state: name.to_owned(),
                    message,
                }],
            })
        };
        let body = bytes
            .len()
            .checked_sub(blake3::OUT_LEN)
            .map(|n| bytes.split_at(n));
        let Some((body, checksum)) = body else {
            return Err(problem(format!(
                "expected a shard state, found {} bytes (too short for one)",
                bytes.len()
            )));
        };
        if blake3::hash(body).as_bytes() != checksum {
            return Err(problem(
                "expected a shard state as written, found bytes that do not match its \
                 checksum: the file was changed or cut short"
                    .to_owned(),
            ));
        }
        let state: ShardState = rmp_serde::from_slice(body).map_err(|e| {
            problem(format!(
                "expected a shard state written by `project --shard I/K --state FILE`, \
                 found bytes that do not decode as one ({e})"
            ))
        })?;
        if state.format != FORMAT || state.version != env!("CARGO_PKG_VERSION") {
            return Err(problem(format!(
                "expected a state of strike-impact {} ({FORMAT}), found one of strike-impact {} ({})",
                env!("CARGO_PKG_VERSION"),
                state.version,
                state.format
            )));
        }
        if state.inputs.fingerprint() != state.fingerprint {
            return Err(problem(
                "the inputs stored in the state do not match its fingerprint: the file was \
                 changed after it was written"
                    .to_owned(),
            ));
        }
        Ok(state)
    }

    /// The part of the run this state holds.
    pub fn shard(&self) -> Shard {
        self.shard
    }

    /// The run's paths and seed.
    pub fn options(&self) -> MonteCarloOptions {
        MonteCarloOptions {
            paths: self.inputs.paths,
            seed: self.inputs.seed,
        }
    }

    /// The fingerprint of the run's inputs, settings, paths and seed (hex): states of one
    /// run share it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The groups the state holds, in order.
    pub fn groups(&self) -> Vec<String> {
        self.groups.iter().map(|g| g.group.clone()).collect()
    }

    /// The tables the run was made on.
    pub fn dataset(&self) -> Dataset {
        self.inputs.data.clone()
    }

    /// The settings the run was made with.
    pub fn settings(&self) -> Settings {
        self.inputs.settings.clone()
    }
}

/// Reads states written by [`ShardState::to_bytes`], each given with the name that problems
/// call it by (a file name); every state that cannot be read is listed.
pub fn read_shards(states: &[(String, Vec<u8>)]) -> Result<Vec<ShardState>, Error> {
    let mut read = Vec::with_capacity(states.len());
    let mut problems = Vec::new();
    for (name, bytes) in states {
        match ShardState::from_bytes(name, bytes) {
            Ok(s) => read.push(s),
            Err(Error::Shards(r)) => problems.extend(r.problems),
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(Error::Shards(ShardReport { problems }))
    }
}

/// A run merged from its shards: the tables and settings it was made on, and each group's
/// projection with its Monte Carlo bands, exactly as one run of every path gives them.
#[derive(Debug, Clone)]
pub struct MergedRun {
    /// The tables the run was made on.
    pub data: Dataset,
    /// The settings it was made with.
    pub settings: Settings,
    /// Paths and seed.
    pub options: MonteCarloOptions,
    /// One projection per group, in the states' group order.
    pub projections: Vec<Projection>,
}

/// Merges the states of every shard of one run. `names` names each state in errors (file
/// names; `state 1`, `state 2`... when empty). Every problem is listed: states of another
/// run (other inputs, settings, paths or seed), a part given twice, paths no state ran.
pub fn merge_shards(states: &[ShardState], names: &[String]) -> Result<MergedRun, Error> {
    let name = |i: usize| {
        names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("state {}", i + 1))
    };
    let problem = |i: usize, message: String| ShardProblem {
        state: name(i),
        message,
    };
    let Some(first) = states.first() else {
        return Err(Error::Shards(ShardReport {
            problems: vec![ShardProblem {
                state: "merge".to_owned(),
                message: "expected at least one shard state, found none".to_owned(),
            }],
        }));
    };
    let mut problems = Vec::new();
    for (i, s) in states.iter().enumerate().skip(1) {
        if s.fingerprint == first.fingerprint {
            continue;
        }
        let (a, b) = (&first.inputs, &s.inputs);
        let mut differ = Vec::new();
        if a.paths != b.paths {
            differ.push(format!("paths {} against {}", b.paths, a.paths));
        }
        if a.seed != b.seed {
            differ.push(format!("seed {} against {}", b.seed, a.seed));
        }
        if rmp_serde::to_vec(&a.settings).ok() != rmp_serde::to_vec(&b.settings).ok() {
            differ.push("other settings or scenarios".to_owned());
        }
        if rmp_serde::to_vec(&a.data).ok() != rmp_serde::to_vec(&b.data).ok() {
            differ.push("other input tables".to_owned());
        }
        problems.push(problem(
            i,
            format!(
                "expected a shard of the same run as {} (fingerprint {}), found one of another \
                 run (fingerprint {}: {})",
                name(0),
                &first.fingerprint[..16],
                &s.fingerprint[..16],
                differ.join(", ")
            ),
        ));
    }
    if problems.is_empty() {
        problems.extend(coverage_problems(states, &name));
    }
    if !problems.is_empty() {
        return Err(Error::Shards(ShardReport { problems }));
    }
    let mut groups = first.groups.clone();
    for s in &states[1..] {
        for (a, b) in groups.iter_mut().zip(&s.groups) {
            a.paths.merge(&b.paths);
            a.history.merge(&b.history);
        }
    }
    let data = first.dataset();
    let settings = first.settings();
    let options = first.options();
    let projections = groups
        .iter()
        .map(|g| {
            let run = MonteCarloRun::Merged(options, g);
            project_with(
                &data.group(&g.group)?,
                &settings,
                run,
                Reads::Consequences,
                &|_| {},
            )
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(MergedRun {
        data,
        settings,
        options,
        projections,
    })
}

/// The paths of the run that no state or more than one state ran.
fn coverage_problems(states: &[ShardState], name: &dyn Fn(usize) -> String) -> Vec<ShardProblem> {
    let paths = states[0].inputs.paths;
    let mut parts: Vec<(Range<u64>, usize)> = states
        .iter()
        .enumerate()
        .map(|(i, s)| (s.shard.paths(paths), i))
        .filter(|(r, _)| !r.is_empty())
        .collect();
    parts.sort_by_key(|(r, i)| (r.start, r.end, *i));
    let mut problems = Vec::new();
    let mut next = 0;
    let mut last: Option<usize> = None;
    for (r, i) in &parts {
        if r.start < next {
            let with = last.map(name).unwrap_or_default();
            problems.push(ShardProblem {
                state: name(*i),
                message: format!(
                    "expected each path in one state only, found paths {}..{} (shard {}) also in {with}",
                    r.start,
                    r.end.min(next),
                    states[*i].shard
                ),
            });
        } else if r.start > next {
            problems.push(ShardProblem {
                state: "merge".to_owned(),
                message: format!(
                    "expected states for every path 0..{paths}, found none for paths {}..{}",
                    next, r.start
                ),
            });
        }
        if r.end > next {
            next = r.end;
            last = Some(*i);
        }
    }
    if next < paths {
        problems.push(ShardProblem {
            state: "merge".to_owned(),
            message: format!(
                "expected states for every path 0..{paths}, found none for paths {next}..{paths}"
            ),
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> (Dataset, Settings) {
        let all = Dataset::bundled().unwrap();
        let settings = Settings::bundled(&all).unwrap();
        (all.group("ru-refining").unwrap(), settings)
    }

    #[test]
    fn settings_and_data_read_back_as_written_and_settings_are_checked() {
        let (data, settings) = bundled();
        let bytes = rmp_serde::to_vec(&settings).unwrap();
        let back: Settings = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, settings);
        let data_back: Dataset = rmp_serde::from_slice(&rmp_serde::to_vec(&data).unwrap()).unwrap();
        assert_eq!(data_back.strikes, data.strikes);
        assert_eq!(data_back.assets.as_slice(), data.assets.as_slice());
        assert_eq!(
            data_back.assets.position("ryazan"),
            data.assets.position("ryazan")
        );
        // A compliance outside 0..=1 written into the bytes is refused on reading.
        let mut bad = settings.clone();
        bad.scenarios[1].truce.as_mut().unwrap().compliance = 2.0;
        let err = rmp_serde::from_slice::<Settings>(&rmp_serde::to_vec(&bad).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("compliance"), "{err}");
    }

    #[test]
    fn shards_split_the_paths_without_gap_or_overlap() {
        for (n, k) in [(10u64, 3u64), (1, 4), (1_000_000, 7), (5, 5)] {
            let mut next = 0;
            for i in 0..k {
                let r = Shard::new(i, k).unwrap().paths(n);
                assert_eq!(r.start, next, "{n} paths, {i}/{k}");
                next = r.end;
            }
            assert_eq!(next, n);
        }
        assert!("3/3".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("a/2".parse::<Shard>().is_err());
        assert_eq!("1/4".parse::<Shard>().unwrap(), Shard::new(1, 4).unwrap());
    }

    #[test]
    fn merged_shards_equal_the_single_run_for_any_count() {
        let (data, settings) = bundled();
        let options = MonteCarloOptions {
            paths: 300,
            seed: 9,
        };
        let single =
            crate::projection::expected::project(&data, &settings, Some(options), &|_| {}).unwrap();
        for k in [1, 2, 3, 7] {
            let states: Vec<ShardState> = (0..k)
                .map(|i| {
                    let s = ShardState::run(
                        &data,
                        &settings,
                        options,
                        Shard::new(i, k).unwrap(),
                        &|_| {},
                    )
                    .unwrap();
                    // Through bytes, as a file or a worker would pass it.
                    ShardState::from_bytes("t", &s.to_bytes()).unwrap()
                })
                .collect();
            let merged = merge_shards(&states, &[]).unwrap();
            let p = &merged.projections[0];
            for (a, b) in p.scenarios.iter().zip(&single.scenarios) {
                assert_eq!(a.bands, b.bands, "{k} shards");
            }
            assert_eq!(p.history_band, single.history_band, "{k} shards");
        }
    }

    #[test]
    fn states_of_other_runs_and_missing_or_repeated_parts_are_refused() {
        let (data, settings) = bundled();
        let run = |paths, seed, i, k| {
            ShardState::run(
                &data,
                &settings,
                MonteCarloOptions { paths, seed },
                Shard::new(i, k).unwrap(),
                &|_| {},
            )
            .unwrap()
        };
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let text = |states: &[ShardState]| merge_shards(states, &names).unwrap_err().to_string();
        let other_seed = text(&[run(40, 1, 0, 2), run(40, 2, 1, 2)]);
        assert!(
            other_seed.contains("b: expected a shard of the same run as a"),
            "{other_seed}"
        );
        assert!(other_seed.contains("seed 2 against 1"), "{other_seed}");
        let missing = text(&[run(40, 1, 0, 3), run(40, 1, 2, 3)]);
        assert!(missing.contains("found none for paths 13..26"), "{missing}");
        let twice = text(&[run(40, 1, 0, 2), run(40, 1, 1, 2), run(40, 1, 1, 2)]);
        assert!(
            twice.contains("expected each path in one state only"),
            "{twice}"
        );
        let mut bytes = run(40, 1, 0, 1).to_bytes();
        let n = bytes.len();
        bytes[n / 3] ^= 0x55;
        assert!(ShardState::from_bytes("x", &bytes).is_err());
        assert!(ShardState::from_bytes("x", b"not a state").is_err());
    }
}
