//! `strike-impact history`: figures of observed history over a period.

use chrono::NaiveDate;
use clap::Args;

use super::{grouped, text_table, DataArgs, GroupArgs};
use crate::model::{self, Band, DrawOptions, History, HistoryOptions, DEFAULT_UTILIZATION};
use crate::report::tables::json_for_unit;
use crate::units::Unit;
use crate::units::BARRELS_PER_TONNE;

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact history --from 2025-01-01 --to 2025-03-31
  strike-impact history --from 2025-01-01 --to 2025-03-31 --json
  strike-impact history --from 2025-01-01 --to 2025-03-31 --by-strike
  strike-impact history --from 2025-01-01 --to 2025-03-31 --draws 10000 --seed 7
  strike-impact history --from 2024-01-01 --to 2024-12-31 --strikes my/strikes.csv

Lost capacity is offline capacity summed over the days / 365 (Mt, capacity basis); lost
throughput weights it by each refinery's utilization; the share is of national capacity.
Each figure's P10-P90 band comes from --draws draws of the records: default outage lengths
and shares drawn from the reported ones, reported ranges, and low-confidence records that
may have had no effect (MODEL.md, \"Record uncertainty\"). --draws 0 prints the point
figures only.";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::date_flag)]
    pub from: NaiveDate,
    /// Last day of the period, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::date_flag)]
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
    #[command(flatten)]
    pub draws: DrawArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: GroupArgs,
}

/// How sure the records are: draws of the records for each figure's band.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct DrawArgs {
    /// Draws of the records for each figure's P10-P90 band (0: point figures only).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DRAWS)]
    pub draws: u64,
    /// Seed of the record draws: the same seed gives the same bands on any machine.
    #[arg(long, value_name = "S", default_value_t = DrawOptions::DEFAULT.seed)]
    pub seed: u64,
}

/// Record draws unless the user asks for none.
pub(super) const DEFAULT_DRAWS: u64 = DrawOptions::DEFAULT.draws;

impl DrawArgs {
    /// The draw options, `None` for `--draws 0`.
    pub(crate) fn options(&self) -> Option<DrawOptions> {
        (self.draws > 0).then_some(DrawOptions {
            draws: self.draws,
            seed: self.seed,
        })
    }
}

pub(super) fn options(
    default_utilization: f64,
    barrels_per_tonne: f64,
    draws: Option<DrawOptions>,
) -> anyhow::Result<HistoryOptions> {
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
    })
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let opts = options(
        o.default_utilization,
        o.barrels_per_tonne,
        o.draws.options(),
    )?;
    let data = o.data.load()?;
    let groups = o.group.select(data)?;
    let several = groups.len() > 1;
    let warnings: Vec<String> = groups
        .iter()
        .filter_map(|g| {
            let w = coverage_warning(g, o.from, o.to)?;
            Some(if several {
                format!("group {}: {w}", g.groups().join(", "))
            } else {
                w
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
    let mut all = Vec::new();
    for g in &groups {
        let h = model::history(g, o.from, o.to, opts)?;
        let json = json_for_unit(serde_json::to_value(&h)?, &h.unit);
        if o.json && several {
            let mut entry = serde_json::Map::new();
            entry.insert("group".into(), h.group.clone().into());
            entry.insert("unit".into(), h.unit.name().into());
            if let serde_json::Value::Object(fields) = json {
                entry.extend(fields);
            }
            all.push(serde_json::Value::Object(entry));
        } else if o.json {
            println!("{}", serde_json::to_string_pretty(&json)?);
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
    if o.json && several {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "groups": all }))?
        );
    }
    Ok(())
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
    let b = h.bands.as_ref();
    let band = |f: fn(&model::HistoryBands) -> Band, scale: f64, digits: usize| {
        b.map_or(String::new(), |b| {
            let x = f(b);
            format!(
                "   P10-P90 {:.digits$} .. {:.digits$}, P50 {:.digits$}",
                x.p10 * scale,
                x.p90 * scale,
                x.p50 * scale
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
        "{} .. {} ({} days), national capacity {} {cap} ({} {amount} over the period)\n\
         strikes dated in the period: {}\n\
         lost capacity:      {:>8.3} {amount} (capacity basis){}\n\
         lost throughput:    {:>8.3} {amount} (utilization-weighted){}\n\
         mean offline share: {:>8.2} % of national capacity{}\n\
         mean offline:       {:>8.2} {cap}{kbd}{}\n\
         peak offline:       {:>8.2} {cap}{}\n",
        h.from,
        h.to,
        h.days,
        grouped(h.national_capacity_mtpa, 1),
        grouped(h.period_capacity_mt, 1),
        h.strikes_in_period,
        h.lost_capacity_mt,
        band(|b| b.lost_capacity_mt, 1.0, 3),
        h.lost_throughput_mt,
        band(|b| b.lost_throughput_mt, 1.0, 3),
        h.mean_offline_share * 100.0,
        band(|b| b.mean_offline_share, 100.0, 2),
        h.mean_offline_mtpa,
        if *unit == Unit::Mtpa {
            band(|b| b.mean_offline_kbd, 1.0, 0)
        } else {
            String::new()
        },
        h.peak_offline_mtpa,
        band(|b| b.peak_offline_mtpa, 1.0, 2),
    );
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
    if h.assets.is_empty() {
        s.push_str("no outages in the period\n");
        return s;
    }
    let rows = h
        .assets
        .iter()
        .map(|a| {
            vec![
                a.asset_id.clone(),
                a.name.clone(),
                format!("{:.2}", a.capacity),
                format!("{:.3}", a.lost_capacity_mt),
                format!("{:.3}", a.lost_throughput_mt),
                format!("{:.1}", a.mean_offline_share * 100.0),
                a.days_with_outage.to_string(),
            ]
        })
        .collect();
    s.push('\n');
    let (cap_col, lost_col, thr_col) = (
        format!("capacity {cap}"),
        format!("lost {amount}"),
        format!("lost throughput {amount}"),
    );
    s.push_str(&text_table(
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
    ));
    s.push('\n');
    s
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
                format!("{:.2}", s.disabled),
                s.days_in_period.to_string(),
                format!("{:.3}", s.lost_capacity_mt),
                s.confidence.clone().unwrap_or_default(),
                s.notes
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let total: f64 = h.strikes.iter().map(|s| s.lost_capacity_mt).sum();
    let amount = h.unit.amount_label();
    let lost_col = format!("lost {amount}");
    format!(
        "\n{}\nsum over strikes {:.3} {amount} before the per-{} cap; {:.3} {amount} after it\n",
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
        total,
        if h.unit == Unit::Mtpa {
            "refinery"
        } else {
            "asset"
        },
        h.lost_capacity_mt
    )
}
