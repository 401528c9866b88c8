//! `strike-impact validate`: check input files and summarise them.

use clap::Args;

use super::{grouped, DataArgs};
use crate::data::InputKind;

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact validate
  strike-impact validate --assets my/refineries.csv --strikes my/strikes.csv
  strike-impact validate --strikes outages.parquet

Every problem found is listed with its file, line and column; the exit code is 2 when any.";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    #[command(flatten)]
    pub data: DataArgs,
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let data = o.data.load()?;
    let src = data.origin.clone();
    let first = data.strikes.first().map(|s| s.date.to_string());
    let last = data.strikes.last().map(|s| s.date.to_string());
    println!(
        "assets:  {} rows, national capacity {} Mt/yr ({})",
        data.assets.len(),
        grouped(data.assets.total_capacity(), 2),
        src.describe(InputKind::Assets)
    );
    println!(
        "strikes: {} rows, {} .. {} ({})",
        data.strikes.len(),
        first.as_deref().unwrap_or("-"),
        last.as_deref().unwrap_or("-"),
        src.describe(InputKind::Strikes)
    );
    let prices = data.prices.as_slice();
    println!(
        "prices:  {} rows, {} .. {} ({})",
        prices.len(),
        prices.first().map_or("-".into(), |p| p.date.to_string()),
        prices.last().map_or("-".into(), |p| p.date.to_string()),
        src.describe(InputKind::Prices)
    );
    println!("ok: no problems found");
    Ok(())
}
