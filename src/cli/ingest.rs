//! `strike-impact ingest`: event data (ACLED exports, event sheets) as candidate strike rows.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::data::{read_raw, strikes, Assets, Dataset, InputKind, Sources, Strike};
use crate::ingest::{self, IngestOptions, Ingested, Layout, Skipped};
use crate::report::{write_all_atomically, OutputFile};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact ingest acled acled-export.csv --out new-strikes.csv        # bundled assets and strikes
  strike-impact ingest acled export.csv --assets a.csv --strikes s.csv --out new.csv --radius-km 15
  strike-impact ingest events my-events.csv --assets a.csv --out new.csv
  strike-impact validate --assets a.csv --strikes new.csv                   # what ingest wrote

Writes candidate strike rows, one per event matched to an asset, all flagged as the records'
default effect (disabled_basis = default, outage_basis = default, confidence = low): check
each against its source before appending it to the strikes file. With --strikes the file has
that file's columns, so the rows can be appended as they are.";

/// The event layouts ingest reads.
#[derive(Debug, Subcommand)]
pub(crate) enum Cmd {
    /// An ACLED export: event_id_cnty, event_date, sub_event_type, latitude, longitude,
    /// notes (and ACLED's other columns), in any order; dates as 2026-03-01 or 01 March 2026.
    #[command(after_help = EXAMPLES)]
    Acled(Opts),
    /// A plain event sheet: date, latitude, longitude, text, source (optional event_id;
    /// other columns are kept in the rows written).
    #[command(after_help = EXAMPLES)]
    Events(Opts),
}

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// The event file (CSV, comma or semicolon separated, or Parquet).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Assets to match events to [default: the bundled assets of both groups]; repeat it
    /// to layer files in order (an asset id in two files is refused).
    #[arg(long, value_name = "FILE")]
    pub assets: Vec<PathBuf>,
    /// Strikes already recorded: events on the same asset within --window-days of one are
    /// not written again [default: the bundled strikes when --assets is not given, else
    /// none]; repeat it to layer files in order. The rows written take the first file's
    /// columns.
    #[arg(long, value_name = "FILE")]
    pub strikes: Vec<PathBuf>,
    /// Where to write the candidate strike rows (CSV).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Match an event to assets within this great-circle distance, km.
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub radius_km: f64,
    /// ACLED sub-event types to keep (repeatable) [default: "Air/drone strike" and
    /// "Shelling/artillery/missile attack"].
    #[arg(long = "sub-event-type", value_name = "TYPE")]
    pub sub_event_types: Vec<String>,
    /// A keyword that ties an event's text to a kind of asset, KIND=WORD (repeatable; a
    /// word start, any case), added to the defaults (refinery: refiner, oil, fuel, НПЗ...;
    /// power_plant: TPP, CHP, ТЭЦ, ТЕС...).
    #[arg(long = "keyword", value_name = "KIND=WORD", value_parser = keyword)]
    pub keywords: Vec<(String, String)>,
    /// Use only the --keyword words, not the defaults.
    #[arg(long)]
    pub no_default_keywords: bool,
    /// Events on the same asset within this many days are one strike.
    #[arg(long, value_name = "DAYS", default_value_t = 2)]
    pub window_days: u32,
    /// List every event in the summary (by default the first 25 rows written and the first
    /// 25 events of each reason for not writing one).
    #[arg(long)]
    pub all: bool,
}

/// Events listed per kind in the summary without --all.
const LISTED: usize = 25;

fn keyword(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, w)) if !k.trim().is_empty() && !w.trim().is_empty() => {
            Ok((k.trim().to_owned(), w.trim().to_lowercase()))
        }
        _ => Err(format!(
            "expected KIND=WORD, e.g. refinery=нпз, found \"{text}\""
        )),
    }
}

impl Opts {
    fn options(&self) -> anyhow::Result<IngestOptions> {
        if !(self.radius_km.is_finite() && self.radius_km > 0.0) {
            return Err(
                crate::Error::setting("radius_km", "a distance > 0 km", self.radius_km).into(),
            );
        }
        let mut o = IngestOptions {
            radius_km: self.radius_km,
            window_days: self.window_days,
            ..IngestOptions::default()
        };
        if !self.sub_event_types.is_empty() {
            o.sub_event_types = self.sub_event_types.clone();
        }
        if self.no_default_keywords {
            o.keywords.clear();
        }
        o.keywords.extend(self.keywords.iter().cloned());
        Ok(o)
    }

    /// The assets, the strikes recorded on them and the first strikes file's header, every
    /// problem of every file listed. Without --assets, the bundled assets of both groups
    /// (and their strikes, unless --strikes is given).
    fn records(&self) -> crate::Result<(Assets, Vec<Strike>, Option<Vec<String>>)> {
        let strike_tables: Vec<_> = self
            .strikes
            .iter()
            .map(|p| read_raw(InputKind::Strikes, Some(p)))
            .collect();
        let header = match strike_tables.first() {
            Some(first) => first.as_ref().ok().map(|t| t.headers.clone()),
            None => None,
        };
        if !self.assets.is_empty() {
            // The files layered as every other command layers them (the prices are not
            // read by ingest: the bundled ones stand in).
            let data = Dataset::from_layers(
                self.assets
                    .iter()
                    .map(|p| read_raw(InputKind::Assets, Some(p)))
                    .collect(),
                strike_tables,
                InputKind::Prices.bundled_tables(),
                Sources {
                    assets: self.assets.clone(),
                    strikes: self.strikes.clone(),
                    prices: Vec::new(),
                },
            )?;
            return Ok((data.assets, data.strikes, header));
        }
        let bundled = Dataset::bundled()?;
        if strike_tables.is_empty() {
            return Ok((bundled.assets, bundled.strikes, header));
        }
        let mut report = crate::error::ValidationReport::default();
        let mut recorded = Vec::new();
        for table in strike_tables {
            match table.and_then(|t| strikes::from_table(&t, &bundled.assets)) {
                Ok(s) => recorded.extend(s),
                Err(r) => report.extend(r),
            }
        }
        if report.is_empty() {
            Ok((bundled.assets, recorded, header))
        } else {
            Err(crate::Error::Invalid(report))
        }
    }
}

pub(super) fn run(cmd: &Cmd, quiet: bool) -> anyhow::Result<()> {
    let (o, layout) = match cmd {
        Cmd::Acled(o) => (o, Layout::Acled),
        Cmd::Events(o) => (o, Layout::Sheet),
    };
    let options = o.options()?;
    let (assets, recorded, header) = o.records()?;
    let table = crate::data::read_file(&o.file).map_err(crate::Error::Invalid)?;
    let events = ingest::read_events(&table, layout).map_err(crate::Error::Invalid)?;
    let extra: Vec<String> = match layout {
        Layout::Sheet => {
            let mut names: Vec<String> = Vec::new();
            for e in &events {
                for (h, _) in &e.extra {
                    if !names.contains(h) {
                        names.push(h.clone());
                    }
                }
            }
            names
        }
        Layout::Acled => Vec::new(),
    };
    let ingested = ingest::match_events(events, layout, &assets, &recorded, &options);
    // Without a strikes file, the bundled records' header of the rows' side: the power
    // records' (`disabled` in the asset's unit) where a row is not in Mt/yr.
    let header = header.or_else(|| {
        (o.assets.is_empty()).then(|| {
            let other_unit = ingested
                .candidates
                .iter()
                .any(|c| assets.as_slice()[c.asset].unit != crate::units::Unit::Mtpa);
            let name = if other_unit { 1 } else { 0 };
            let (file, text) = InputKind::Strikes.bundled_files()[name];
            crate::data::reader::read_csv_bytes(file, text.as_bytes())
                .map(|t| t.headers)
                .unwrap_or_default()
        })
    });
    let header = ingest::candidate_header(header.as_deref(), &extra);
    let effects = |group: &str| ingest::default_effect(&assets, &recorded, group);
    let bytes = ingest::candidate_csv(&ingested, layout, &assets, &effects, &header);
    write_all_atomically(vec![OutputFile {
        path: o.out.clone(),
        bytes,
    }])?;
    let limit = if o.all { usize::MAX } else { LISTED };
    print!(
        "{}",
        summary(&ingested, &assets, &o.file, &o.out, &options, limit)
    );
    if !quiet {
        eprintln!("check each row against its source before appending it to the strikes file");
    }
    Ok(())
}

/// What ingest did, for the terminal: counts, then every event without a row and why.
fn summary(
    ing: &Ingested,
    assets: &Assets,
    file: &std::path::Path,
    out: &std::path::Path,
    options: &IngestOptions,
    limit: usize,
) -> String {
    let name = |i: usize| assets.as_slice()[i].id.as_str();
    let mut text = counts(ing, file, out, options);
    let mut listed = [0usize; 5];
    let mut more = |k: usize, text: &mut String| -> bool {
        listed[k] += 1;
        if listed[k] == limit + 1 {
            text.push_str("  ... (--all lists every event)\n");
        }
        listed[k] > limit
    };
    for c in &ing.candidates {
        if more(0, &mut text) {
            continue;
        }
        text.push_str(&format!(
            "  line {}: {} {} -> {} ({:.1} km)\n",
            c.event.line,
            c.event.date,
            c.event.id,
            name(c.asset),
            c.distance_km
        ));
    }
    for (e, why) in &ing.skipped {
        let k = match why {
            Skipped::OtherType => continue,
            Skipped::Recorded { .. } => 1,
            Skipped::Repeat { .. } => 2,
            Skipped::Unmatched { .. } => 3,
        };
        if more(k, &mut text) {
            continue;
        }
        if let Some(reason) = reason(why, &name, options) {
            text.push_str(&format!(
                "  line {}: {} {}: {reason}\n",
                e.line, e.date, e.id
            ));
        }
    }
    text
}

/// The first lines of the summary: events read, rows written, and the count of each reason
/// for not writing one.
fn counts(
    ing: &Ingested,
    file: &std::path::Path,
    out: &std::path::Path,
    options: &IngestOptions,
) -> String {
    let count = |f: &dyn Fn(&Skipped) -> bool| ing.skipped.iter().filter(|(_, s)| f(s)).count();
    let mut text = format!(
        "{}: {} events; {} candidate strike rows written to {}\n",
        file.display(),
        ing.events,
        ing.candidates.len(),
        out.display()
    );
    text.push_str(&format!(
        "  {} of other types, {} already in the strikes file, {} repeats, {} matched no asset within {} km\n",
        count(&|s| matches!(s, Skipped::OtherType)),
        count(&|s| matches!(s, Skipped::Recorded { .. })),
        count(&|s| matches!(s, Skipped::Repeat { .. })),
        count(&|s| matches!(s, Skipped::Unmatched { .. })),
        options.radius_km
    ));
    if ing.assets_without_coordinates > 0 {
        text.push_str(&format!(
            "  {} assets have no lat/lon and cannot be matched\n",
            ing.assets_without_coordinates
        ));
    }
    text
}

/// Why an event has no row, in words (`None` for an event of another type, not listed);
/// `name` names an asset by its index.
fn reason<'a>(
    why: &Skipped,
    name: &dyn Fn(usize) -> &'a str,
    options: &IngestOptions,
) -> Option<String> {
    Some(match why {
        Skipped::OtherType => return None,
        Skipped::Recorded { strike_id, asset } => {
            format!(
                "already in the strikes file as {strike_id} ({})",
                name(*asset)
            )
        }
        Skipped::Repeat { line, asset: None } => format!("repeats the event id of line {line}"),
        Skipped::Repeat {
            line,
            asset: Some(a),
        } => format!(
            "repeats line {line} ({} within {} days)",
            name(*a),
            options.window_days
        ),
        Skipped::Unmatched {
            named,
            nearest,
            of_named,
        } => {
            let what = match (named.is_empty(), of_named) {
                (true, _) => "its text names no kind of energy asset".to_owned(),
                (false, true) => {
                    format!("no {} within {} km", named.join(" or "), options.radius_km)
                }
                (false, false) => {
                    format!("no {} with coordinates is loaded", named.join(" or "))
                }
            };
            match nearest {
                Some(n) => format!("{what}; nearest {} at {:.1} km", name(n.asset), n.km),
                None => format!("{what}; no asset has coordinates"),
            }
        }
    })
}
