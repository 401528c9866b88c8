//! `strike-impact merge`: the states of a Monte Carlo run's shards joined into its tables.

use std::path::PathBuf;

use clap::Args;

use super::project::{write_outputs, OutputArgs};
use crate::model::shard::{merge_shards, ShardState};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact project --paths 1000000 --shard 0/2 --state s0.state   # on one machine
  strike-impact project --paths 1000000 --shard 1/2 --state s1.state   # on another
  strike-impact merge s0.state s1.state --out out --charts charts

Writes exactly the tables (and charts) of `project --paths N --seed S` with the same data and
settings, whatever the number of shards: each state carries the data and settings it was run
with. States of another run (other data, settings, paths or seed), a shard given twice and
paths no state ran are refused, every problem listed.";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// The shard states written by `project --shard I/K --state FILE`, in any order.
    #[arg(value_name = "STATE", required = true)]
    pub states: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    let mut states = Vec::new();
    let mut problems = Vec::new();
    let names: Vec<String> = o.states.iter().map(|p| p.display().to_string()).collect();
    for (path, name) in o.states.iter().zip(&names) {
        let read = std::fs::read(path)
            .map_err(|e| crate::Error::io(path, e))
            .and_then(|bytes| ShardState::from_bytes(name, &bytes));
        match read {
            Ok(s) => states.push(s),
            Err(crate::Error::Shards(r)) => problems.extend(r.problems),
            Err(e) => return Err(e.into()),
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Shards(crate::error::ShardReport { problems }).into());
    }
    let merged = merge_shards(&states, &names)?;
    let runs = merged
        .projections
        .into_iter()
        .map(|p| {
            let data = merged.data.group(&p.group)?;
            Ok((p, data))
        })
        .collect::<crate::Result<Vec<_>>>()?;
    // The record of the run, as the shard that ran it made it: the single run's.
    let record = states[0].provenance().to_owned();
    write_outputs(&o.output, runs, &record, quiet)
}
