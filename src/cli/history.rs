//! `strike-impact history`: figures of observed history over a period.

use chrono::NaiveDate;
use clap::Args;

use super::args::{date_flag, DataArgs, DrawArgs, GroupArgs, SeedArgs, TablesArgs, ThreadArgs};
use super::text_table;
use crate::format::grouped;
use crate::observed::{self, Band, DrawOptions, History, HistoryOptions, DEFAULT_UTILIZATION};
use crate::report::{write_all_atomically, Format, OutputFile};
use crate::units::Unit;
use crate::units::BARRELS_PER_TONNE;

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact history --from 2025-01-01 --to 2025-03-31
  strike-impact history --from 2025-01-01 --to 2025-03-31 --json
  strike-impact history --from 2025-01-01 --to 2025-03-31 --by-strike
  strike-impact history --from 2025-01-01 --to 2025-03-31 --draws 10000 --seed 7
  strike-impact history --from 2024-01-01 --to 2024-12-31 --strikes my/strikes.csv
  strike-impact history --from 2025-01-01 --to 2025-03-31 --out q1 --format parquet --per-asset

Lost capacity is offline capacity summed over the days / 365 (Mt, capacity basis); lost
throughput weights it by each refinery's utilization; the share is of national capacity.
Each figure's P10-P90 band comes from --draws draws of the records: default outage lengths
and shares drawn from the reported ones, reported ranges, and low-confidence records that
may have had no effect (MODEL.md, \"Record uncertainty\"). --draws 0 prints the point
figures only. With prices loaded, the lost throughput is valued at each day's price row
(lost revenue; --diversion of the unprocessed crude sold at the crude price). --out DIR
writes summary, daily (national series), assets (with an outage; every asset with
--per-asset) and strikes tables, and run.json, in --format.";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub from: NaiveDate,
    /// Last day of the period, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub to: NaiveDate,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Also list each strike's contribution (capacity x days in the period, before the cap).
    #[arg(long)]
    pub by_strike: bool,
    /// Utilization of refineries whose row gives none (0 < u <= 1).
    #[arg(long, value_name = "U", default_value_t = DEFAULT_UTILIZATION)]
    pub default_utilization: f64,
    /// Barrels per tonne, for kb/d figures.
    #[arg(long, value_name = "B", default_value_t = BARRELS_PER_TONNE)]
    pub barrels_per_tonne: f64,
    /// Share of the unprocessed crude exported instead, for the lost revenue (0..1).
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub diversion: f64,
    /// Share of a fuel's lost output that comes out of its exports (up to what was
    /// exported), 0..1 [default: all of it, domestic demand served first].
    #[arg(long, value_name = "SHARE")]
    pub export_share: Option<f64>,
    #[command(flatten)]
    pub tables: TablesArgs,
    /// The assets table lists every asset, with its name, not only those with an outage.
    #[arg(long)]
    pub per_asset: bool,
    #[command(flatten)]
    pub draws: DrawArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: GroupArgs,
}

pub(super) fn options(
    default_utilization: f64,
    barrels_per_tonne: f64,
    draws: Option<DrawOptions>,
) -> anyhow::Result<HistoryOptions> {
    options_with(default_utilization, barrels_per_tonne, draws, 0.0, None)
}

fn options_with(
    default_utilization: f64,
    barrels_per_tonne: f64,
    draws: Option<DrawOptions>,
    diversion: f64,
    export_share: Option<f64>,
) -> anyhow::Result<HistoryOptions> {
    if let Some(s) = export_share.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(crate::Error::Usage(format!(
            "--export-share: expected a share with 0 <= s <= 1, found {s}"
        ))
        .into());
    }
    if !(0.0..=1.0).contains(&diversion) {
        return Err(crate::Error::Usage(format!(
            "--diversion: expected a share with 0 <= d <= 1, found {diversion}"
        ))
        .into());
    }
    if !(default_utilization > 0.0 && default_utilization <= 1.0) {
        return Err(crate::Error::Usage(format!(
            "--default-utilization: expected 0 < u <= 1, found {default_utilization}"
        ))
        .into());
    }
    if !(barrels_per_tonne > 0.0 && barrels_per_tonne.is_finite()) {
        return Err(crate::Error::Usage(format!(
            "--barrels-per-tonne: expected a number > 0, found {barrels_per_tonne}"
        ))
        .into());
    }
    Ok(HistoryOptions {
        default_utilization,
        barrels_per_tonne,
        draws,
        diversion,
        export_share,
    })
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let opts = options_with(
        o.default_utilization,
        o.barrels_per_tonne,
        o.draws.options(o.seed.records()),
        o.diversion,
        o.export_share,
    )?;
    let data = o.data.load()?;
    if !o.json {
        if let Some(words) = o.data.records_words() {
            println!("{words}");
        }
    }
    let groups = o.group.select(data)?;
    let warnings = coverage_warnings(o, &groups, &opts)?;
    o.threads.run(|| report(o, &groups, opts, &warnings))?
}

/// The warnings of each group whose records do not cover the period, written to stderr;
/// with --strict, an error instead.
fn coverage_warnings(
    o: &Opts,
    groups: &[crate::data::Dataset],
    opts: &HistoryOptions,
) -> anyhow::Result<Vec<String>> {
    let several = groups.len() > 1;
    let warnings: Vec<String> = groups
        .iter()
        .flat_map(|g| {
            let mut ws: Vec<String> = coverage_warning(g, o.from, o.to).into_iter().collect();
            if o.from <= o.to {
                let window = crate::observed::timeline::Window::inclusive(o.from, o.to);
                ws.extend(crate::observed::history::warnings(g, window, opts));
            }
            let group = g.groups().join(", ");
            ws.into_iter().map(move |w| {
                if several {
                    format!("group {group}: {w}")
                } else {
                    w
                }
            })
        })
        .collect();
    if o.data.strict && !warnings.is_empty() {
        return Err(crate::Error::Usage(format!(
            "--strict: the run has warnings:\n  {}",
            warnings.join("\n  ")
        ))
        .into());
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(warnings)
}

/// Each group's history, printed as text or JSON, and its tables written with --out.
fn report(
    o: &Opts,
    groups: &[crate::data::Dataset],
    opts: HistoryOptions,
    warnings: &[String],
) -> anyhow::Result<()> {
    let several = groups.len() > 1;
    let mut all = Vec::new();
    let mut files = Vec::new();
    for g in groups {
        let h = observed::history(g, o.from, o.to, opts)?;
        if let Some(out) = &o.tables.out {
            let dir = if several {
                out.join(&h.group)
            } else {
                out.clone()
            };
            files.extend(tables_of(o, g, &h, opts, &dir)?);
        }
        if o.json {
            // One shape whatever the number of groups: {"groups": [{group, unit, ...}]}.
            all.push(serde_json::to_value(&h)?);
        } else {
            if several {
                println!("== group {} ({})", h.group, kinds(g));
            }
            print!("{}", render(&h));
            if o.by_strike {
                print!("{}", render_strikes(&h));
            }
            if several {
                println!();
            }
        }
    }
    if o.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "groups": all }))?
        );
    }
    if let Some(out) = &o.tables.out {
        files.push(OutputFile {
            path: out.join("run.json"),
            bytes: run_record(
                o,
                groups.first().map_or(&[][..], |g| &g.provenance.inputs[..]),
                opts,
                warnings,
            )?
            .into_bytes(),
        });
        for path in write_all_atomically(files)? {
            if !o.json {
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

/// The tables `--out` writes for one group's history.
fn tables_of(
    o: &Opts,
    data: &crate::data::Dataset,
    h: &History,
    opts: HistoryOptions,
    dir: &std::path::Path,
) -> anyhow::Result<Vec<OutputFile>> {
    let format: Format = o.tables.format.into();
    h.tables(data, opts, o.per_asset)?
        .into_iter()
        .map(|(name, table)| {
            Ok(OutputFile {
                path: dir.join(format!("{name}.{}", format.extension())),
                bytes: format.render(&table)?,
            })
        })
        .collect()
}

/// A setting as {value, from}: `flag` where the value differs from the default, else
/// `default`.
fn given<T: PartialEq + serde::Serialize>(value: T, default: T, flag: &str) -> serde_json::Value {
    let from = if value == default { "default" } else { flag };
    serde_json::json!({ "value": value, "from": from })
}

/// The record of a history run: the tool, the period, every option, the inputs with
/// their content hashes, and the warnings.
fn run_record(
    o: &Opts,
    inputs: &[crate::data::InputRecord],
    opts: HistoryOptions,
    warnings: &[String],
) -> anyhow::Result<String> {
    let record = serde_json::json!({
        "tool": "strike-impact",
        "version": env!("CARGO_PKG_VERSION"),
        "command": "history",
        "inputs": inputs,
        "from": o.from,
        "to": o.to,
        // Each setting as {value, from}, as project's run.json states them.
        "settings": {
            "default_utilization": given(opts.default_utilization, DEFAULT_UTILIZATION, "--default-utilization"),
            "barrels_per_tonne": given(opts.barrels_per_tonne, BARRELS_PER_TONNE, "--barrels-per-tonne"),
            "diversion": given(opts.diversion, 0.0, "--diversion"),
            "export_share": given(opts.export_share, None, "--export-share"),
            "draws": given(o.draws.draws, DrawOptions::DEFAULT.draws, "--draws"),
            "seed": serde_json::json!({
                "value": opts.draws.map(|d| d.seed),
                "from": if o.seed.seed.is_some() { "--seed" } else { "default" },
            }),
        },
        "records": o.data.records_json(),
        "warnings": warnings,
    });
    let mut text = serde_json::to_string_pretty(&record)?;
    text.push('\n');
    Ok(text)
}

/// What a reader of the figures over `from ..= to` must know when the period reaches
/// outside the records' dates: figures there are zeros for want of records, not for want
/// of strikes.
pub(super) fn coverage_warning(
    data: &crate::data::Dataset,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<String> {
    let (Some(first), Some(last)) = (data.strikes.first(), data.strikes.last()) else {
        return Some(format!(
            "no strike records are loaded: every figure over {from} .. {to} is 0"
        ));
    };
    let (first, last) = (first.date, last.date);
    if to < first || from > last {
        Some(format!(
            "the period {from} .. {to} lies outside the records (strikes dated {first} .. {last}): its figures are 0 for want of records"
        ))
    } else if from < first {
        Some(format!(
            "the records begin on {first}: the days {from} .. {} hold no strike record",
            first - chrono::Days::new(1)
        ))
    } else if to > last {
        Some(format!(
            "the latest record is dated {last}: the days {} .. {to} count only the outages already running then",
            last + chrono::Days::new(1)
        ))
    } else {
        None
    }
}

/// The kinds of a group's assets and their unit, e.g. `refinery, Mt/yr`.
pub(super) fn kinds(data: &crate::data::Dataset) -> String {
    let mut kinds: Vec<&str> = data
        .assets
        .as_slice()
        .iter()
        .map(|a| a.kind.as_str())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    format!("{}, {}", kinds.join(", "), data.assets.unit().label())
}

/// The history as text: national figures, then one row per refinery with outages.
pub(super) fn render(h: &History) -> String {
    let mut s = national_lines(h);
    if h.assets.is_empty() {
        s.push_str("no outages in the period\n");
    } else {
        s.push('\n');
        s.push_str(&asset_table(h));
        s.push('\n');
    }
    s
}

/// The national figures, each with its P10-P90 band over the record draws, the lost
/// revenue and what the draws varied.
fn national_lines(h: &History) -> String {
    let b = h.bands.as_ref();
    let band = |f: fn(&observed::HistoryBands) -> Band, scale: f64, digits: usize| {
        b.map_or(String::new(), |b| {
            let x = f(b);
            format!(
                "   P10-P90 {} .. {}, P50 {}",
                grouped(x.p10 * scale, digits),
                grouped(x.p90 * scale, digits),
                grouped(x.p50 * scale, digits)
            )
        })
    };
    let unit = &h.unit;
    let (cap, amount) = (unit.label(), unit.amount_label());
    let kbd = match unit {
        Unit::Mtpa => format!(" = {} kb/d", grouped(h.mean_offline_kbd, 0)),
        _ => String::new(),
    };
    let mut s = format!(
        "{} .. {} ({}), national capacity {} {cap} ({} {amount} over the period)\n\
         strikes dated in the period: {}\n\
         lost capacity:      {:>8} {amount} (capacity basis){}\n\
         lost throughput:    {:>8} {amount} (utilization-weighted){}\n\
         mean offline share: {:>8} % of national capacity{}\n\
         mean offline:       {:>8} {cap}{kbd}{}\n\
         peak offline:       {:>8} {cap}{}\n",
        h.from,
        h.to,
        crate::format::count(h.days, "day"),
        grouped(h.national_capacity, 1),
        grouped(h.period_capacity, 1),
        h.strikes_in_period,
        grouped(h.lost_capacity, 3),
        band(|b| b.lost_capacity, 1.0, 3),
        grouped(h.lost_throughput, 3),
        band(|b| b.lost_throughput, 1.0, 3),
        grouped(h.mean_offline_share * 100.0, 2),
        band(|b| b.mean_offline_share, 100.0, 2),
        grouped(h.mean_offline, 2),
        if *unit == Unit::Mtpa {
            band(|b| b.mean_offline_kbd, 1.0, 0)
        } else {
            String::new()
        },
        grouped(h.peak_offline, 2),
        band(|b| b.peak_offline, 1.0, 2),
    );
    if let Some(usd) = h.lost_revenue_usd {
        s.push_str(&format!(
            "lost revenue:       {:>8} (the lost throughput at each day's price row)\n",
            crate::format::money_m(usd)
        ));
    }
    if let Some(fuels) = &h.fuels_t_per_day {
        s.push_str("fuels lost (mean per day; kb/d at each product's barrels per tonne):\n");
        for p in crate::data::Product::ALL {
            let i = p as usize;
            let per_kb = p.barrels_per_tonne() / crate::units::BARRELS_PER_KB;
            let band = b
                .and_then(|b| b.fuels_t_per_day)
                .map_or(String::new(), |f| {
                    format!(
                        "   P10-P90 {} .. {} t/d",
                        grouped(f[i].p10, 0),
                        grouped(f[i].p90, 0)
                    )
                });
            s.push_str(&format!(
                "  {:<9} {:>9} t/d = {:>6} kb/d{band}\n",
                p.name().replace('_', " "),
                grouped(fuels[i], 0),
                grouped(fuels[i] * per_kb, 1),
            ));
        }
    }
    if let Some(lost) = &h.exports_lost_t_per_day {
        let band = b
            .and_then(|b| b.exports_lost_total)
            .map_or(String::new(), |x| {
                format!(
                    "   P10-P90 {} .. {} t/d",
                    grouped(x.p10, 0),
                    grouped(x.p90, 0)
                )
            });
        let parts: Vec<String> = crate::data::Product::ALL
            .iter()
            .filter(|p| lost[**p as usize] > 0.0)
            .map(|p| {
                format!(
                    "{} {}",
                    p.name().replace('_', " "),
                    grouped(lost[*p as usize], 0)
                )
            })
            .collect();
        s.push_str(&format!(
            "exports lost:       {:>8} t/d (out of each product's exports, up to what was exported{}){band}\n",
            grouped(lost.iter().sum::<f64>(), 0),
            if parts.is_empty() {
                String::new()
            } else {
                format!("; {}", parts.join(", "))
            }
        ));
    }
    if let Some(d) = &h.deficit {
        let band = |i: usize, decimals: usize| {
            b.and_then(|b| b.deficit).map_or(String::new(), |x| {
                format!(
                    "   P10-P90 {} .. {}",
                    grouped(x[i].p10, decimals),
                    grouped(x[i].p90, decimals)
                )
            })
        };
        s.push_str(&format!(
            "hours without power over the {} days the balance covers (demand - available - imports, each hour):\n\
             \x20 peak deficit    {:>9} MW a day (mean; largest {} MW){}\n\
             \x20 deficit hours   {:>9} h a day{}\n\
             \x20 unserved energy {:>9} MWh{}\n",
            d.balance_days,
            grouped(d.peak_deficit_mw, 0),
            grouped(d.max_deficit_mw, 0),
            band(0, 0),
            grouped(d.deficit_hours_per_day, 1),
            band(3, 1),
            grouped(d.unserved_mwh, 0),
            band(2, 0),
        ));
    }
    if let Some(usd) = h.exports_revenue_lost_usd {
        let band = b
            .and_then(|b| b.exports_revenue_lost_usd)
            .map_or(String::new(), |x| {
                format!(
                    "   P10-P90 {} .. {}",
                    crate::format::money_m(x.p10),
                    crate::format::money_m(x.p90)
                )
            });
        s.push_str(&format!(
            "export revenue lost: {:>7} (the exports lost at each fuel's export price){band}\n",
            crate::format::money_m(usd)
        ));
    }
    if let Some(b) = b {
        let c = &b.counts;
        s.push_str(&format!(
            "bands: P10-P90 over {} draws of the records (seed {}); {} records vary: {} default \
             lengths, {} default shares, {} reported ranges, {} may have had no effect\n",
            b.draws,
            b.seed,
            c.varied,
            c.default_length,
            c.default_share,
            c.ranged,
            c.maybe_no_effect
        ));
    }
    for note in &h.notes {
        s.push_str(&format!("note: {note}\n"));
    }
    s
}

/// One row per asset with an outage in the period.
fn asset_table(h: &History) -> String {
    let (cap, amount) = (h.unit.label(), h.unit.amount_label());
    let rows = h
        .assets
        .iter()
        .map(|a| {
            vec![
                a.asset_id.clone(),
                a.name.clone(),
                grouped(a.capacity, 2),
                grouped(a.lost_capacity, 3),
                grouped(a.lost_throughput, 3),
                grouped(a.mean_offline_share * 100.0, 1),
                a.days_with_outage.to_string(),
            ]
        })
        .collect();
    let (cap_col, lost_col, thr_col) = (
        format!("capacity {cap}"),
        format!("lost {amount}"),
        format!("lost throughput {amount}"),
    );
    text_table(
        &[
            "asset_id",
            "name",
            &cap_col,
            &lost_col,
            &thr_col,
            "offline %",
            "days",
        ],
        rows,
    )
}

/// Each strike's contribution to the period, with its confidence and basis columns.
pub(super) fn render_strikes(h: &History) -> String {
    let rows = h
        .strikes
        .iter()
        .map(|s| {
            vec![
                s.strike_id.clone(),
                s.date.to_string(),
                s.restart_date.to_string(),
                grouped(s.disabled, 2),
                s.days_in_period.to_string(),
                grouped(s.lost_capacity, 3),
                s.confidence.clone().unwrap_or_default(),
                s.notes
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let total: f64 = h.strikes.iter().map(|s| s.lost_capacity).sum();
    let amount = h.unit.amount_label();
    let lost_col = format!("lost {amount}");
    format!(
        "\n{}\nsum over strikes {} {amount} before the per-{} cap; {} {amount} after it\n",
        text_table(
            &[
                "strike_id",
                "date",
                "restart",
                h.unit.label(),
                "days",
                &lost_col,
                "confidence",
                "basis"
            ],
            rows
        ),
        grouped(total, 3),
        if h.unit == Unit::Mtpa {
            "refinery"
        } else {
            "asset"
        },
        grouped(h.lost_capacity, 3)
    )
}
