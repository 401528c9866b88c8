//! One ingest run, as `strike-impact ingest` and Python's `si.ingest_acled` make it: the
//! records to match against, the events matched, the candidate rows' CSV, and the summary
//! in words.

use std::path::{Path, PathBuf};

use super::{
    candidate_csv, candidate_header, default_effect, match_events, read_events, IngestOptions,
    Ingested, Layout, Skipped,
};
use crate::data::table::RawTable;
use crate::data::{read_raw, strikes, Assets, Dataset, InputKind, Sources, Strike};
use crate::error::{Error, Result, ValidationReport};

/// The records an ingest run matches events against: assets files (none: the bundled
/// assets of both groups) and strikes files (none: the bundled strikes when no assets file
/// is given, else none).
#[derive(Debug, Clone, Default)]
pub struct IngestRecords {
    /// Assets files, layered in order.
    pub assets: Vec<PathBuf>,
    /// Strikes files, layered in order; the rows written take the first file's columns.
    pub strikes: Vec<PathBuf>,
}

/// What an ingest run made.
#[derive(Debug, Clone)]
pub struct IngestRun {
    /// The candidate strike rows as CSV (the file `ingest --out` writes).
    pub csv: Vec<u8>,
    /// The events matched and skipped, and why.
    pub ingested: Ingested,
    /// The assets matched against.
    pub assets: Assets,
    /// The options of the run.
    pub options: IngestOptions,
}

impl IngestRecords {
    /// The assets, the strikes recorded on them and the first strikes file's header, every
    /// problem of every file listed.
    fn load(&self) -> Result<(Assets, Vec<Strike>, Option<Vec<String>>)> {
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
                    yields: None,
                    exports: None,
                    balance: None,
                },
            )?;
            return Ok((data.assets, data.strikes, header));
        }
        let bundled = Dataset::bundled()?;
        if strike_tables.is_empty() {
            return Ok((bundled.assets, bundled.strikes, header));
        }
        let mut report = ValidationReport::default();
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
            Err(Error::Invalid(report))
        }
    }
}

/// Matches the events of `table` (in `layout`) to the assets of `records`, against the
/// strikes already recorded: the candidate rows and what became of every event.
pub fn ingest(
    table: &RawTable,
    layout: Layout,
    records: &IngestRecords,
    options: IngestOptions,
) -> Result<IngestRun> {
    if !(options.radius_km.is_finite() && options.radius_km > 0.0) {
        return Err(Error::setting(
            "radius_km",
            "a distance > 0 km",
            options.radius_km,
        ));
    }
    let (assets, recorded, header) = records.load()?;
    let events = read_events(table, layout).map_err(Error::Invalid)?;
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
    let ingested = match_events(events, layout, &assets, &recorded, &options);
    // Without a strikes file, the bundled records' header of the rows' side: the power
    // records' (`disabled` in the asset's unit) where a row is not in Mt/yr.
    let header = header.or_else(|| {
        (records.assets.is_empty()).then(|| {
            let other_unit = ingested
                .candidates
                .iter()
                .any(|c| assets.as_slice()[c.asset].unit != crate::units::Unit::Mtpa);
            let name = usize::from(other_unit);
            let (file, text) = InputKind::Strikes.bundled_files()[name];
            crate::data::reader::read_csv_bytes(file, text.as_bytes())
                .map(|t| t.headers)
                .unwrap_or_default()
        })
    });
    let header = candidate_header(header.as_deref(), &extra);
    let effects = |group: &str| default_effect(&assets, &recorded, group);
    let csv = candidate_csv(&ingested, layout, &assets, &effects, &header);
    Ok(IngestRun {
        csv,
        ingested,
        assets,
        options,
    })
}

impl IngestRun {
    /// What the run did, in words: counts, then the rows written and every event without
    /// a row and why, `limit` of each kind. `file` is the event file and `out` where the
    /// rows went.
    pub fn summary(&self, file: &Path, out: &str, limit: usize) -> String {
        let ing = &self.ingested;
        let name = |i: usize| self.assets.as_slice()[i].id.as_str();
        let mut text = self.counts(file, out);
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
            if let Some(reason) = self.reason(why, &name) {
                text.push_str(&format!(
                    "  line {}: {} {}: {reason}\n",
                    e.line, e.date, e.id
                ));
            }
        }
        text
    }

    /// The first lines of the summary: events read, rows written, and the count of each
    /// reason for not writing one.
    fn counts(&self, file: &Path, out: &str) -> String {
        let ing = &self.ingested;
        let count = |f: &dyn Fn(&Skipped) -> bool| ing.skipped.iter().filter(|(_, s)| f(s)).count();
        let mut text = format!(
            "{}: {} events; {} candidate strike rows written to {out}\n",
            file.display(),
            ing.events,
            ing.candidates.len(),
        );
        text.push_str(&format!(
            "  {} of other types, {} already in the strikes file, {} repeats, {} matched no asset within {} km\n",
            count(&|s| matches!(s, Skipped::OtherType)),
            count(&|s| matches!(s, Skipped::Recorded { .. })),
            count(&|s| matches!(s, Skipped::Repeat { .. })),
            count(&|s| matches!(s, Skipped::Unmatched { .. })),
            self.options.radius_km
        ));
        if ing.assets_without_coordinates > 0 {
            text.push_str(&format!(
                "  {} assets have no lat/lon and cannot be matched\n",
                ing.assets_without_coordinates
            ));
        }
        text
    }

    /// Why an event has no row, in words (`None` for an event of another type, not
    /// listed); `name` names an asset by its index.
    fn reason<'a>(&self, why: &Skipped, name: &dyn Fn(usize) -> &'a str) -> Option<String> {
        let options = &self.options;
        Some(match why {
            Skipped::OtherType => return None,
            Skipped::Recorded { strike_id, asset } => {
                format!(
                    "already in the strikes file as {strike_id} ({})",
                    name(*asset)
                )
            }
            Skipped::Repeat { line, asset: None } => {
                format!("repeats the event id of line {line}")
            }
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
}
