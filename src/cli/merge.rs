//! `strike-impact merge`: the states of a Monte Carlo run's shards joined into its tables.

use std::path::PathBuf;

use clap::Args;

use super::args::ThreadArgs;
use super::project::{write_outputs, OutputArgs};
use crate::projection::shard::{merge_shards, read_shards};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact project --paths 1000000 --shard 0/2 --state s0.state   # on one machine
  strike-impact project --paths 1000000 --shard 1/2 --state s1.state   # on another
  strike-impact merge s0.state s1.state --out out --charts charts

Writes exactly the tables (and charts) of `project --paths N --seed S` with the same data and
settings, whatever the number of shards: each state carries the data and settings it was run
with. States of another run (other data, settings, paths or seed), a shard given twice and
paths no state ran are refused, every problem listed.";

#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.default_value("out")))]
pub(crate) struct Opts {
    /// The shard states written by `project --shard I/K --state FILE`, in any order.
    #[arg(value_name = "STATE", required = true)]
    pub states: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
}

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    let files = o
        .states
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
            Ok((path.display().to_string(), bytes))
        })
        .collect::<crate::Result<Vec<_>>>()?;
    let states = read_shards(&files)?;
    let names: Vec<String> = files.into_iter().map(|(name, _)| name).collect();
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
    o.threads
        .run(|| write_outputs(&o.output, runs, &record, quiet))?
}
