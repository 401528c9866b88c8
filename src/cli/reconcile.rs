//! `strike-impact reconcile`: check a published (volume, share) headline.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::args::{date_flag, DataArgs, DrawArgs, OneGroupArgs, SeedArgs, ThreadArgs};
use super::text_table;
use crate::data::benchmarks::Bound;
use crate::format::grouped;
use crate::observed::reconcile::{default_from, Reconciliation};
use crate::observed::{self, BenchmarkCheck, Claim, HistoryOptions, Verdict, DEFAULT_UTILIZATION};
use crate::units::BARRELS_PER_TONNE;

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact reconcile --volume-mt 3.3 --share 0.04 --to 2025-03-17
  strike-impact reconcile --volume-mt 3.3 --share 0.04 --from 2025-01-01 --to 2025-03-17 --json
  strike-impact reconcile --benchmarks
  strike-impact reconcile --benchmarks my/benchmarks.csv --draws 2000 --json

A headline such as \"3.3 million tons, or 4 %\" is lost processing volume over a period and
its share of national capacity over that period: volume / share is the period's capacity,
which fixes the period's length. Without --from the period starts on January 1 of the year
of the latest strike on or before --to (give --to the claim's date, as in the first
example); the output says which day that was, and warns when the period runs past the last
record. A claim in Mt is read against a group in Mt/yr only (--group ru-refining on the
bundled data); the published benchmarks too.

--benchmarks compares every published figure of a benchmarks file (the bundled
datasets/benchmarks.csv without FILE) with the records over the same period, on the same
basis: the records' point estimate, their P10-P90 band over --draws draws of the records,
the ratio, and a verdict (inside the band; consistent within 25 %; above; below; or not
comparable, with the reason).";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// Claimed lost volume, Mt.
    #[arg(long, value_name = "MT", required_unless_present = "benchmarks")]
    pub volume_mt: Option<f64>,
    /// Claimed share of national capacity, as a fraction (4 % is 0.04).
    #[arg(long, value_name = "S", required_unless_present = "benchmarks")]
    pub share: Option<f64>,
    /// Compare the published figures of a benchmarks file [default: bundled benchmarks.csv].
    #[arg(long, value_name = "FILE", num_args = 0..=1, conflicts_with_all = ["volume_mt", "share", "from", "to"])]
    pub benchmarks: Option<Option<PathBuf>>,
    /// First day of the period the claim covers.
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub from: Option<NaiveDate>,
    /// Last day of a period to report beside the implied one (for example the claim's date).
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub to: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Utilization of refineries whose row gives none (0 < u <= 1).
    #[arg(long, value_name = "U", default_value_t = DEFAULT_UTILIZATION)]
    pub default_utilization: f64,
    #[command(flatten)]
    pub draws: DrawArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: OneGroupArgs,
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let draws = o.draws.options(o.seed.records());
    let opts = super::history::options(o.default_utilization, BARRELS_PER_TONNE, draws)?;
    match &o.benchmarks {
        Some(file) => o.threads.run(|| benchmarks(o, file.as_deref(), opts))?,
        None => o.threads.run(|| claim(o, opts))?,
    }
}

/// `--benchmarks`: every published figure of the file against the records.
fn benchmarks(
    o: &Opts,
    file: Option<&std::path::Path>,
    opts: HistoryOptions,
) -> anyhow::Result<()> {
    let list = crate::data::benchmarks::load(file)?;
    let data = o.group.one(&o.data.load()?)?;
    if !o.json {
        if let Some(words) = o.data.records_words() {
            println!("{words}");
        }
    }
    let checks = observed::check_benchmarks(&data, &list, opts)?;
    if o.json {
        println!("{}", serde_json::to_string_pretty(&checks)?);
    } else {
        print!(
            "{}",
            render_benchmarks(&checks, opts.draws.map(|d| d.draws))
        );
    }
    Ok(())
}

/// `--volume-mt` and `--share`: the claim against the records over its implied period.
fn claim(o: &Opts, opts: HistoryOptions) -> anyhow::Result<()> {
    let (Some(volume_mt), Some(share)) = (o.volume_mt, o.share) else {
        unreachable!("clap requires --volume-mt and --share without --benchmarks")
    };
    let data = o.group.one(&o.data.load()?)?;
    if !o.json {
        if let Some(words) = o.data.records_words() {
            println!("{words}");
        }
    }
    if o.from.is_none() && default_from(&data, o.to).is_none() {
        return Err(
            crate::Error::Usage("no strike to date the period from: give --from".into()).into(),
        );
    }
    let claim = Claim { volume_mt, share };
    let r = observed::reconcile(&data, claim, o.from, o.to, opts)?;
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    if o.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print!("{}", render_claim(&r));
    }
    Ok(())
}

/// The claim, the period it implies, the records over it and the verdict, as text.
fn render_claim(r: &Reconciliation) -> String {
    let p = &r.implied_period;
    let mut s = format!(
        "claim: {} Mt, or {} % of national capacity\n",
        r.claim.volume_mt,
        r.claim.share * 100.0
    );
    if r.start != "given" {
        s.push_str(&format!(
            "period from {} (give --from for another)\n",
            r.start
        ));
    }
    s.push_str(&format!(
        "implied denominator: {} / {} = {:.2} Mt of capacity\n",
        r.claim.volume_mt, r.claim.share, r.implied_denominator_mt
    ));
    s.push_str(&format!(
        "loaded national capacity {} Mt/yr: that is {:.1} days of it, so the claim describes {} .. {} ({})\n",
        grouped(r.national_capacity, 1),
        r.implied_days,
        p.from,
        p.to,
        crate::format::count(p.days, "day")
    ));
    s.push_str(&format!(
        "records for that period: {:.3} Mt lost ({:.2} % of the period's {:.1} Mt), throughput basis {:.3} Mt\n",
        p.lost_capacity,
        p.lost_capacity / p.period_capacity * 100.0,
        p.period_capacity,
        p.lost_throughput
    ));
    if let Some(b) = &p.bands {
        s.push_str(&format!(
            "records' band over {} draws (seed {}): lost capacity P10-P90 {:.3} .. {:.3} Mt (P50 {:.3}), \
             share {:.2} .. {:.2} %, throughput basis {:.3} .. {:.3} Mt\n",
            b.draws,
            b.seed,
            b.lost_capacity.p10,
            b.lost_capacity.p90,
            b.lost_capacity.p50,
            b.mean_offline_share.p10 * 100.0,
            b.mean_offline_share.p90 * 100.0,
            b.lost_throughput.p10,
            b.lost_throughput.p90
        ));
    }
    if let Some(g) = &r.given_period {
        s.push_str(&format!(
            "records for {} .. {} ({}): {:.3} Mt lost ({:.2} % of {:.1} Mt)\n",
            g.from,
            g.to,
            crate::format::count(g.days, "day"),
            g.lost_capacity,
            g.lost_capacity / g.period_capacity * 100.0,
            g.period_capacity
        ));
    }
    s.push_str(&format!("verdict: {}\n", r.verdict_words()));
    s
}

/// The benchmark table as text.
pub(super) fn render_benchmarks(checks: &[BenchmarkCheck], draws: Option<u64>) -> String {
    let rows = checks
        .iter()
        .map(|c| {
            let b = &c.benchmark;
            let bound = match b.bound {
                Bound::About => "",
                Bound::AtLeast => ">= ",
                Bound::AtMost => "<= ",
            };
            vec![
                b.id.clone(),
                format!("{} .. {}", b.from, b.to),
                format!(
                    "{} ({}, {})",
                    b.measure.name(),
                    b.basis.name(),
                    b.cause.name()
                ),
                format!("{bound}{}", b.measure.in_unit(b.value)),
                b.measure.in_unit(c.records),
                c.band.map_or("-".into(), |x| {
                    format!(
                        "{} .. {}",
                        b.measure.in_unit(x.p10),
                        b.measure.in_unit(x.p90)
                    )
                }),
                format!("{:.2}", c.ratio),
                c.verdict_words(),
            ]
        })
        .collect();
    let mut s = text_table(
        &[
            "benchmark",
            "period",
            "measure (basis, cause)",
            "published",
            "records",
            "records P10-P90",
            "ratio",
            "verdict",
        ],
        rows,
    );
    s.push('\n');
    if let Some(n) = draws {
        s.push_str(&format!("bands over {n} draws of the records\n"));
    }
    let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
    s.push_str(&format!(
        "{} figures: {} inside the band, {} consistent, {} records above, {} records below, {} not comparable\n",
        checks.len(),
        count(Verdict::Inside),
        count(Verdict::Consistent),
        count(Verdict::Above),
        count(Verdict::Below),
        count(Verdict::NotComparable)
    ));
    s
}
