//! `strike-impact ingest`: event data (ACLED exports, event sheets) as candidate strike rows.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::ingest::{ingest, IngestOptions, IngestRecords, Layout};
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
    fn options(&self) -> IngestOptions {
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
        o
    }
}

pub(super) fn run(cmd: &Cmd, quiet: bool) -> anyhow::Result<()> {
    let (o, layout) = match cmd {
        Cmd::Acled(o) => (o, Layout::Acled),
        Cmd::Events(o) => (o, Layout::Sheet),
    };
    let records = IngestRecords {
        assets: o.assets.clone(),
        strikes: o.strikes.clone(),
    };
    let options = o.options();
    let table = crate::data::read_file(&o.file).map_err(crate::Error::Invalid)?;
    let run = ingest(&table, layout, &records, options)?;
    write_all_atomically(vec![OutputFile {
        path: o.out.clone(),
        bytes: run.csv.clone(),
    }])?;
    let limit = if o.all { usize::MAX } else { LISTED };
    print!(
        "{}",
        run.summary(&o.file, &o.out.display().to_string(), limit)
    );
    if !quiet {
        eprintln!("check each row against its source before appending it to the strikes file");
    }
    Ok(())
}
