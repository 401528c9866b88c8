//! `strike-impact reconcile`: check a published (volume, share) headline.

use chrono::NaiveDate;
use clap::Args;

use super::{grouped, DataArgs};
use strike_impact::model::{self, reconcile::default_from, Claim, DEFAULT_UTILIZATION};
use strike_impact::units::BARRELS_PER_TONNE;

pub const EXAMPLES: &str = "Examples:
  strike-impact reconcile --volume-mt 3.3 --share 0.04
  strike-impact reconcile --volume-mt 3.3 --share 0.04 --from 2025-01-01 --to 2025-03-17 --json

A headline such as \"3.3 million tons, or 4 %\" is lost processing volume over a period and
its share of national capacity over that period: volume / share is the period's capacity,
which fixes the period's length. Without --from the period starts on January 1 of the year
of the latest strike (on or before --to).";

#[derive(Debug, Args)]
pub struct Opts {
    /// Claimed lost volume, Mt.
    #[arg(long, value_name = "MT")]
    pub volume_mt: f64,
    /// Claimed share of national capacity, as a fraction (4 % is 0.04).
    #[arg(long, value_name = "S")]
    pub share: f64,
    /// First day of the period the claim covers.
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last day of a period to report beside the implied one (for example the claim's date).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Utilization of refineries whose row gives none (0 < u <= 1).
    #[arg(long, value_name = "U", default_value_t = DEFAULT_UTILIZATION)]
    pub default_utilization: f64,
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(o: &Opts) -> anyhow::Result<()> {
    let opts = super::history::options(o.default_utilization, BARRELS_PER_TONNE)?;
    let data = o.data.load()?;
    let from = match o.from.or_else(|| default_from(&data, o.to)) {
        Some(f) => f,
        None => {
            return Err(strike_impact::Error::Usage(
                "no strike to date the period from: give --from".into(),
            )
            .into())
        }
    };
    let claim = Claim {
        volume_mt: o.volume_mt,
        share: o.share,
    };
    let r = model::reconcile(&data, claim, from, o.to, opts)?;
    if o.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    let p = &r.implied_period;
    println!(
        "claim: {} Mt, or {} % of national capacity",
        r.claim.volume_mt,
        r.claim.share * 100.0
    );
    println!(
        "implied denominator: {} / {} = {:.2} Mt of capacity",
        r.claim.volume_mt, r.claim.share, r.implied_denominator_mt
    );
    println!(
        "loaded national capacity {} Mt/yr: that is {:.1} days of it, so the claim describes {} .. {} ({} days)",
        grouped(r.national_capacity_mtpa, 1),
        r.implied_days,
        p.from,
        p.to,
        p.days
    );
    println!(
        "records for that period: {:.3} Mt lost ({:.2} % of the period's {:.1} Mt), throughput basis {:.3} Mt",
        p.lost_capacity_mt,
        p.lost_capacity_mt / p.period_capacity_mt * 100.0,
        p.period_capacity_mt,
        p.lost_throughput_mt
    );
    if let Some(g) = &r.given_period {
        println!(
            "records for {} .. {} ({} days): {:.3} Mt lost ({:.2} % of {:.1} Mt)",
            g.from,
            g.to,
            g.days,
            g.lost_capacity_mt,
            g.lost_capacity_mt / g.period_capacity_mt * 100.0,
            g.period_capacity_mt
        );
    }
    println!("verdict: {}", r.verdict);
    Ok(())
}
