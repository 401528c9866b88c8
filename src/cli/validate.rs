//! `strike-impact validate`: check input files and summarise them.

use clap::Args;

use super::{grouped, DataArgs};
use strike_impact::data::Kind;

pub const EXAMPLES: &str = "Examples:
  strike-impact validate
  strike-impact validate --assets my/refineries.csv --strikes my/strikes.csv
  strike-impact validate --strikes outages.parquet

Every problem found is listed with its file, line and column; the exit code is 2 when any.";

#[derive(Debug, Args)]
pub struct Opts {
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(o: &Opts) -> anyhow::Result<()> {
    let data = o.data.load()?;
    let src = data.origin.clone();
    let first = data.strikes.first().map(|s| s.date.to_string());
    let last = data.strikes.last().map(|s| s.date.to_string());
    println!(
        "assets:  {} rows, national capacity {} Mt/yr ({})",
        data.assets.len(),
        grouped(data.assets.total_capacity_mtpa(), 2),
        src.describe(Kind::Assets)
    );
    println!(
        "strikes: {} rows, {} .. {} ({})",
        data.strikes.len(),
        first.as_deref().unwrap_or("-"),
        last.as_deref().unwrap_or("-"),
        src.describe(Kind::Strikes)
    );
    let prices = data.prices.as_slice();
    println!(
        "prices:  {} rows, {} .. {} ({})",
        prices.len(),
        prices.first().map_or("-".into(), |p| p.date.to_string()),
        prices.last().map_or("-".into(), |p| p.date.to_string()),
        src.describe(Kind::Prices)
    );
    println!("ok: no problems found");
    Ok(())
}
