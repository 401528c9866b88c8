//! `strike-impact validate`: check input files and summarise them.

use crate::format::count;
use clap::Args;

use super::args::{DataArgs, GroupArgs};
use crate::data::InputKind;
use crate::format::grouped;

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
    let all = o.data.load()?;
    let src = all.origin.clone();
    let several = all.groups().len() > 1;
    // Each group on its own; data of one group is used as it is, not copied.
    for data in GroupArgs::default().select(all)? {
        let g = data.single_group()?;
        let (assets, strikes, prices) = if several {
            (
                format!("group {g}"),
                format!("group {g}"),
                format!("group {g}"),
            )
        } else {
            (
                src.describe(InputKind::Assets),
                src.describe(InputKind::Strikes),
                src.describe(InputKind::Prices),
            )
        };
        let first = data.strikes.first().map(|s| s.date.to_string());
        let last = data.strikes.last().map(|s| s.date.to_string());
        println!(
            "assets:  {}, national capacity {} {} ({assets})",
            count(data.assets.len(), "row"),
            grouped(data.assets.total_capacity(), 2),
            data.assets.unit().label(),
        );
        println!(
            "strikes: {}, {} .. {} ({strikes})",
            count(data.strikes.len(), "row"),
            first.as_deref().unwrap_or("-"),
            last.as_deref().unwrap_or("-"),
        );
        let prices_rows = data.prices.as_slice();
        println!(
            "prices:  {}, {} .. {} ({prices})",
            count(prices_rows.len(), "row"),
            prices_rows
                .first()
                .map_or("-".into(), |p| p.date.to_string()),
            prices_rows
                .last()
                .map_or("-".into(), |p| p.date.to_string()),
        );
    }
    println!("ok: no problems found");
    Ok(())
}
