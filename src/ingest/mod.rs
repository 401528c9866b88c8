//! Ingest: event data (an ACLED export, or a plain event sheet) turned into candidate
//! strike rows (MODEL.md, "Ingesting events").
//!
//! An event is kept when its type can hit energy infrastructure, matched to the nearest
//! asset within a radius whose kind its text names (keywords per kind, word starts, any
//! case), and written as a strike row whose effect is the records' default, flagged as such.
//! Events already in the strikes file (same asset within a few days) and repeats inside the
//! export are not written twice; events that match no asset are listed with the nearest one.

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;
use compact_str::CompactString;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::data::assets::Assets;
use crate::data::fields::{parse_date, parse_number, Checker, Schema};
use crate::data::strikes::Strike;
use crate::data::table::{RawRow, RawTable, RowBlock};
use crate::data::{Basis, Hit};
use crate::error::ValidationReport;

mod nearest;
mod run;

pub use run::{ingest, IngestRecords, IngestRun};

pub use nearest::Nearest;
use nearest::{unit_vector, Index};

/// The columns of an ACLED export that ingest reads (any order; others are ignored).
pub(crate) const ACLED: Schema = Schema {
    required: &[
        "event_id_cnty",
        "event_date",
        "sub_event_type",
        "latitude",
        "longitude",
        "notes",
    ],
    optional: &[
        "year",
        "event_type",
        "actor1",
        "country",
        "admin1",
        "admin2",
        "location",
        "geo_precision",
        "source",
        "fatalities",
    ],
    one_of: &[],
};

/// The columns of a plain event sheet (others are kept, as extra columns of the rows).
pub(crate) const SHEET: Schema = Schema {
    required: &["date", "latitude", "longitude", "text", "source"],
    optional: &["event_id"],
    one_of: &[],
};

/// ACLED sub-event types kept by default: those that can hit energy infrastructure.
pub(crate) const DEFAULT_SUB_EVENT_TYPES: [&str; 2] =
    ["Air/drone strike", "Shelling/artillery/missile attack"];

/// Words (lowercase word starts) that tie an event's text to a kind of asset, in English,
/// Russian and Ukrainian, with the usual abbreviations.
pub(crate) const DEFAULT_KEYWORDS: &[(&str, &[&str])] = &[
    (
        "refinery",
        &[
            "refiner",
            "oil",
            "fuel",
            "petroleum",
            "нпз",
            "нефтеперераб",
            "нефтезавод",
            "нефтехим",
            "топлив",
            "нафтопереробн",
            "нафтозавод",
            "пальн",
            "нафт",
            "нефт",
        ],
    ),
    (
        "power_plant",
        &[
            "power plant",
            "power station",
            "thermal power",
            "tpp",
            "chp",
            "hpp",
            "npp",
            "hydroelectric",
            "electricity",
            "energy",
            "тэс",
            "тэц",
            "гэс",
            "аэс",
            "грэс",
            "тес",
            "тец",
            "гес",
            "аес",
            "электростанц",
            "електростанц",
            "энерг",
            "енерг",
        ],
    ),
    (
        "terminal",
        &[
            "terminal",
            "oil terminal",
            "seaport",
            "терминал",
            "термінал",
            "нефтеналив",
        ],
    ),
    (
        "depot",
        &[
            "depot",
            "oil depot",
            "storage",
            "нефтебаз",
            "нафтобаз",
            "склад",
        ],
    ),
    ("substation", &["substation", "подстанц", "підстанц"]),
    (
        "pumping_station",
        &["pumping station", "pump station", "насосн"],
    ),
];

/// Outage length of a candidate row when the loaded records report none, days.
pub(crate) const FALLBACK_REPAIR_DAYS: u32 = 30;
/// Share disabled of a candidate row when the loaded records report no partial share.
pub(crate) const FALLBACK_SHARE: f64 = 0.5;

/// What ingest keeps and how it matches.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Match an event to assets within this great-circle distance, km.
    pub radius_km: f64,
    /// ACLED sub-event types kept (compared without regard to case).
    pub sub_event_types: Vec<String>,
    /// Keywords per kind of asset: (kind, lowercase word start).
    pub keywords: Vec<(String, String)>,
    /// Events on the same asset within this many days are one strike.
    pub window_days: u32,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            radius_km: 10.0,
            sub_event_types: DEFAULT_SUB_EVENT_TYPES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            keywords: DEFAULT_KEYWORDS
                .iter()
                .flat_map(|(kind, words)| {
                    words.iter().map(|w| ((*kind).to_owned(), (*w).to_owned()))
                })
                .collect(),
            window_days: 2,
        }
    }
}

/// The layout of an event file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// ACLED's published export columns.
    Acled,
    /// `date, latitude, longitude, text, source` (and any other columns, kept).
    Sheet,
}

/// One event read from the file.
#[derive(Debug, Clone)]
pub struct Event {
    /// The event's line in its file.
    pub line: usize,
    /// ACLED's `event_id_cnty`, or the sheet's `event_id` (may be empty).
    pub id: CompactString,
    /// The event's day.
    pub date: NaiveDate,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ACLED's notes, or the sheet's text.
    pub text: String,
    /// ACLED's `location`, when given.
    pub location: CompactString,
    /// ACLED's source, or the sheet's.
    pub source: CompactString,
    /// ACLED's sub-event type (empty for a sheet).
    pub sub_event_type: CompactString,
    /// The sheet's other columns.
    pub extra: Vec<(String, String)>,
}

/// Reads an event file's rows; every problem is reported with its line and column (a
/// missing or out-of-range coordinate, a date in neither accepted form, a missing column).
pub(crate) fn read_events(
    table: &RawTable,
    layout: Layout,
) -> Result<Vec<Event>, ValidationReport> {
    let schema = match layout {
        Layout::Acled => &ACLED,
        Layout::Sheet => &SHEET,
    };
    let header = Checker::for_rows(table, schema, None)?;
    // The table's blocks are read in parallel, each with its own checker; the blocks'
    // events and problems are joined in row order, so the result is the same on any
    // thread count.
    let chunks: Vec<(Vec<Event>, ValidationReport)> = table
        .blocks()
        .par_iter()
        .map(|block| read_rows(header.for_block(), layout, block))
        .collect();
    let mut events = Vec::with_capacity(table.len());
    let mut report = ValidationReport::default();
    for (e, r) in chunks {
        events.extend(e);
        report.extend(r);
    }
    if report.is_empty() {
        Ok(events)
    } else {
        Err(report)
    }
}

/// The events of a block of rows, and their problems.
fn read_rows(
    mut c: Checker<'_>,
    layout: Layout,
    rows: &RowBlock,
) -> (Vec<Event>, ValidationReport) {
    let (date_col, text_col, id_col) = match layout {
        Layout::Acled => ("event_date", "notes", "event_id_cnty"),
        Layout::Sheet => ("date", "text", "event_id"),
    };
    let mut events = Vec::with_capacity(rows.len());
    for row in rows.rows() {
        let row = &row;
        let date = event_date(&mut c, row, date_col);
        let lat = coordinate(&mut c, row, "latitude", 90.0);
        let lon = coordinate(&mut c, row, "longitude", 180.0);
        let id = match layout {
            Layout::Acled => c.text_ref(row, id_col).map(CompactString::from),
            Layout::Sheet => Some(CompactString::from(c.cell(row, id_col).unwrap_or(""))),
        };
        let text = c.cell(row, text_col).unwrap_or("").to_owned();
        let short =
            |c: &Checker<'_>, col: &str| CompactString::from(c.cell(row, col).unwrap_or(""));
        let source = short(&c, "source");
        let sub_event_type = short(&c, "sub_event_type");
        let location = short(&c, "location");
        let extra = match layout {
            Layout::Sheet => c.extra(row),
            Layout::Acled => Vec::new(),
        };
        if let (Some(date), Some(lat), Some(lon), Some(id)) = (date, lat, lon, id) {
            events.push(Event {
                line: row.line,
                id,
                date,
                lat,
                lon,
                text,
                location,
                source,
                sub_event_type,
                extra,
            });
        }
    }
    (events, c.report)
}

/// A date as `2026-03-01` or as ACLED writes it, `01 March 2026`.
fn event_date(c: &mut Checker<'_>, row: &RawRow, name: &str) -> Option<NaiveDate> {
    let Some(raw) = c.cell(row, name) else {
        c.fail(row, name, "expected a date, found an empty cell".into());
        return None;
    };
    let date = parse_date(raw).or_else(|| NaiveDate::parse_from_str(raw, "%d %B %Y").ok());
    if date.is_none() {
        c.fail(
            row,
            name,
            format!("expected a date as 2026-03-01 or 01 March 2026, found \"{raw}\""),
        );
    }
    date
}

/// A required coordinate in degrees, within `-limit..=limit`.
fn coordinate(c: &mut Checker<'_>, row: &RawRow, name: &str, limit: f64) -> Option<f64> {
    let rule = || format!("a {name} in degrees from -{limit} to {limit}");
    let Some(raw) = c.cell(row, name) else {
        c.fail(
            row,
            name,
            format!(
                "expected {}, found an empty cell (an event without coordinates cannot be matched)",
                rule()
            ),
        );
        return None;
    };
    let value = parse_number(raw, c.table.decimal_comma).filter(|v| v.abs() <= limit);
    if value.is_none() {
        c.fail(row, name, format!("expected {}, found \"{raw}\"", rule()));
    }
    value
}

/// What an event's text names, and the nearest asset of those kinds.
struct Found<'o> {
    named: Vec<&'o str>,
    nearest: Option<Nearest>,
}

/// Every keyword of every kind, searched in one pass over a text.
struct Keywords<'o> {
    matcher: AhoCorasick,
    /// The kind of each keyword, by the matcher's pattern index.
    kinds: Vec<&'o str>,
}

impl<'o> Keywords<'o> {
    fn new(options: &'o IngestOptions) -> Self {
        let words: Vec<String> = options
            .keywords
            .iter()
            .map(|(_, w)| w.to_lowercase())
            .collect();
        Keywords {
            // ASCII text is searched as it is; other text is lowercased first.
            matcher: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&words)
                .expect("keywords make an automaton"),
            kinds: options.keywords.iter().map(|(k, _)| k.as_str()).collect(),
        }
    }

    /// The kinds of asset whose keywords start a word of `text` (any case), in the order
    /// of the keywords.
    fn kinds_named(&self, text: &str) -> Vec<&'o str> {
        let lowered;
        let lower = if text.is_ascii() {
            text
        } else {
            lowered = text.to_lowercase();
            &lowered
        };
        let mut hits: Vec<usize> = self
            .matcher
            .find_overlapping_iter(lower)
            .filter(|m| {
                lower[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|prev| !prev.is_alphanumeric())
            })
            .map(|m| m.pattern().as_usize())
            .collect();
        hits.sort_unstable();
        let mut kinds: Vec<&str> = Vec::new();
        for h in hits {
            if !kinds.contains(&self.kinds[h]) {
                kinds.push(self.kinds[h]);
            }
        }
        kinds
    }
}

/// An event matched to an asset: a candidate strike.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The event.
    pub event: Event,
    /// The asset matched, by its index among the assets.
    pub asset: usize,
    /// The great-circle distance from the event to the asset, km.
    pub distance_km: f64,
}

/// Why an event gave no candidate row.
#[derive(Debug, Clone)]
pub enum Skipped {
    /// Its type is not one that hits energy infrastructure.
    OtherType,
    /// Already in the strikes file: the strike on the same asset within the window.
    Recorded {
        /// The recorded strike's id.
        strike_id: String,
        /// The asset, by its index.
        asset: usize,
    },
    /// A repeat inside the export: the same event id, or the same asset within the window
    /// of an event written earlier (its line).
    Repeat {
        /// The line of the event it repeats.
        line: usize,
        /// The asset both matched (`None`: the same event id).
        asset: Option<usize>,
    },
    /// No asset of a kind its text names within the radius: the nearest such asset (or the
    /// nearest of any kind when the text names none, or no asset of the kinds it names has
    /// coordinates: `of_named` false), and its distance.
    Unmatched {
        /// The kinds of asset the event's text names.
        named: Vec<String>,
        /// The nearest asset, if any has coordinates.
        nearest: Option<Nearest>,
        /// Whether the nearest asset is of a kind the text names.
        of_named: bool,
    },
}

/// What ingest made of an event file.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    /// Events read.
    pub events: usize,
    /// The candidates, in date then line order.
    pub candidates: Vec<Candidate>,
    /// Every event without a candidate row, and why.
    pub skipped: Vec<(Event, Skipped)>,
    /// Assets without coordinates (they cannot be matched).
    pub assets_without_coordinates: usize,
}

/// Matches `events` to `assets`, against the strikes already recorded.
pub(crate) fn match_events(
    events: Vec<Event>,
    layout: Layout,
    assets: &Assets,
    recorded: &[Strike],
    options: &IngestOptions,
) -> Ingested {
    let index = Index::new(assets);
    let keywords = Keywords::new(options);
    let mut out = Ingested {
        events: events.len(),
        assets_without_coordinates: assets
            .as_slice()
            .iter()
            .filter(|a| a.lat.is_none() || a.lon.is_none())
            .count(),
        ..Default::default()
    };
    let mut events = events;
    events.par_sort_by(|a, b| a.date.cmp(&b.date).then(a.line.cmp(&b.line)));
    // The kinds each event's text names and the nearest asset of those kinds, in parallel;
    // what depends on the order (repeats) is settled after, in date order.
    let found: Vec<Found<'_>> = events
        .par_iter()
        .map(|e| {
            let named = keywords.kinds_named(&e.text);
            let nearest = index.nearest(unit_vector(e.lat, e.lon), &named);
            Found { named, nearest }
        })
        .collect();
    let mut judge = Judge::new(layout, &index, recorded, options);
    for (e, found) in events.into_iter().zip(found) {
        match judge.judge(&e, found) {
            Ok(Nearest {
                asset,
                km: distance_km,
            }) => out.candidates.push(Candidate {
                event: e,
                asset,
                distance_km,
            }),
            Err(skipped) => out.skipped.push((e, skipped)),
        }
    }
    out
}

/// The step of matching that depends on the order, event by event in date order: what
/// has been met so far (event ids, candidates written per asset), with the strikes
/// already recorded per asset and the rules an event must pass.
struct Judge<'a> {
    layout: Layout,
    index: &'a Index,
    /// The sub-event types kept, lowercase.
    types: Vec<String>,
    /// Match radius, km.
    radius_km: f64,
    /// Days either side within which two strikes on one asset are the same, days.
    window: i64,
    /// Per asset, the recorded strikes' dates and ids.
    recorded: FxHashMap<usize, Vec<(NaiveDate, &'a str)>>,
    /// Each event id met, and the line it was first met on.
    seen_ids: FxHashMap<CompactString, usize>,
    /// Per asset, the date and line of each candidate written.
    written: FxHashMap<usize, Vec<(NaiveDate, usize)>>,
}

impl<'a> Judge<'a> {
    /// The rules of `options` and the strikes `recorded`, with nothing met yet.
    fn new(
        layout: Layout,
        index: &'a Index,
        recorded: &'a [Strike],
        options: &IngestOptions,
    ) -> Self {
        let mut by_asset: FxHashMap<usize, Vec<(NaiveDate, &str)>> = FxHashMap::default();
        for s in recorded {
            by_asset.entry(s.asset).or_default().push((s.date, &s.id));
        }
        Judge {
            layout,
            index,
            types: options
                .sub_event_types
                .iter()
                .map(|t| t.to_lowercase())
                .collect(),
            radius_km: options.radius_km,
            window: i64::from(options.window_days),
            recorded: by_asset,
            seen_ids: FxHashMap::default(),
            written: FxHashMap::default(),
        }
    }

    /// The asset event `e` is a candidate strike on, or why it is not, checked in this
    /// order: its type, a repeated event id, the radius, a recorded strike, a candidate
    /// already written. Notes the event's id as met, and the candidate as written.
    fn judge(&mut self, e: &Event, found: Found<'_>) -> Result<Nearest, Skipped> {
        let Found { named, nearest } = found;
        let of_type = |t: &str| {
            if t.is_ascii() {
                self.types.iter().any(|w| w.eq_ignore_ascii_case(t))
            } else {
                self.types.contains(&t.to_lowercase())
            }
        };
        if self.layout == Layout::Acled && !of_type(&e.sub_event_type) {
            return Err(Skipped::OtherType);
        }
        if !e.id.is_empty() {
            if let Some(&line) = self.seen_ids.get(&e.id) {
                return Err(Skipped::Repeat { line, asset: None });
            }
            self.seen_ids.insert(e.id.clone(), e.line);
        }
        let within = nearest.filter(|n| !named.is_empty() && n.km <= self.radius_km);
        let Some(found) = within else {
            return Err(self.unmatched(e, &named, nearest));
        };
        let asset = found.asset;
        let near = |d: NaiveDate| (d - e.date).num_days().abs() <= self.window;
        if let Some((_, id)) = self
            .recorded
            .get(&asset)
            .and_then(|v| v.iter().find(|(d, _)| near(*d)))
        {
            let strike_id = (*id).to_owned();
            return Err(Skipped::Recorded { strike_id, asset });
        }
        if let Some((_, line)) = self
            .written
            .get(&asset)
            .and_then(|v| v.iter().find(|(d, _)| near(*d)))
        {
            let line = *line;
            return Err(Skipped::Repeat {
                line,
                asset: Some(asset),
            });
        }
        self.written
            .entry(asset)
            .or_default()
            .push((e.date, e.line));
        Ok(found)
    }

    /// Why event `e` matched no asset within the radius: the kinds its text `named`, and
    /// the nearest asset of those kinds, or of any kind when it names none or none of
    /// those kinds has coordinates.
    fn unmatched(&self, e: &Event, named: &[&str], nearest: Option<Nearest>) -> Skipped {
        let of_named = nearest.is_some() && !named.is_empty();
        let nearest = if of_named {
            nearest
        } else {
            self.index.nearest(unit_vector(e.lat, e.lon), &[])
        };
        let named = named.iter().map(|k| (*k).to_owned()).collect();
        Skipped::Unmatched {
            named,
            nearest,
            of_named,
        }
    }
}

/// The effect a candidate row is given: the records' defaults, from the loaded strikes of
/// the asset's group (MODEL.md, "Ingesting events").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DefaultEffect {
    pub repair_days: u32,
    pub share: f64,
    /// The range of outage lengths that the group's default rows of this length carry.
    pub repair_range: Option<(u32, u32)>,
    /// The range of shares that the group's default rows of this share carry.
    pub share_range: Option<(f64, f64)>,
}

/// The defaults of the strikes on assets of `group`:
///
/// * outage length: the median of the reported lengths of hit class `unknown` (of every
///   class when it has fewer than `MIN_POOL`); where the group reports none (the power
///   records: operators keep restart dates secret), the median of its own default-length
///   rows of hit class `unknown` (of every class when there is none), the length its
///   records state; else the fallback;
/// * share: the median reported partial share; else the median of the group's
///   default-share rows; else the fallback;
/// * ranges: the range most of the group's default rows of that length (share) carry.
pub(crate) fn default_effect(assets: &Assets, strikes: &[Strike], group: &str) -> DefaultEffect {
    let reported = |b: Option<Basis>| b.is_none_or(|b| b != Basis::Default);
    let in_group = |s: &&Strike| assets.as_slice()[s.asset].group == group;
    let unknown_hit = |s: &Strike| s.certainty().hit.unwrap_or(Hit::Unknown) == Hit::Unknown;
    let share_of = |s: &Strike| s.disabled / assets.as_slice()[s.asset].in_service();
    let mut unknown = Vec::new();
    let mut all = Vec::new();
    let mut shares = Vec::new();
    let mut default_lengths: Vec<&Strike> = Vec::new();
    let mut default_shares: Vec<&Strike> = Vec::new();
    for s in strikes.iter().filter(in_group) {
        let c = &s.certainty();
        if reported(c.outage_basis) {
            all.push(f64::from(s.repair_days));
            if unknown_hit(s) {
                unknown.push(f64::from(s.repair_days));
            }
        } else {
            default_lengths.push(s);
        }
        let share = share_of(s);
        if reported(c.disabled_basis) {
            if share < 1.0 - 1e-9 {
                shares.push(share);
            }
        } else {
            default_shares.push(s);
        }
    }
    let stated: Vec<&Strike> = if default_lengths.iter().any(|s| unknown_hit(s)) {
        default_lengths
            .into_iter()
            .filter(|s| unknown_hit(s))
            .collect()
    } else {
        default_lengths
    };
    let lengths = if unknown.len() >= crate::data::strikes::MIN_POOL {
        unknown
    } else if !all.is_empty() {
        all
    } else {
        stated.iter().map(|s| f64::from(s.repair_days)).collect()
    };
    let repair_days = median(lengths).map_or(FALLBACK_REPAIR_DAYS, |m| m.round().max(1.0) as u32);
    let share = median(shares)
        .or_else(|| median(default_shares.iter().map(|s| share_of(s)).collect()))
        .unwrap_or(FALLBACK_SHARE);
    DefaultEffect {
        repair_days,
        share,
        repair_range: most_common(
            stated
                .iter()
                .filter(|s| s.repair_days == repair_days)
                .filter_map(|s| s.certainty().repair_days_range),
        ),
        share_range: most_common(
            default_shares
                .iter()
                .filter(|s| (share_of(s) - share).abs() < 5e-4)
                .filter_map(|s| s.certainty().disabled_share_range),
        ),
    }
}

/// The value that occurs most often (the first of those tied).
fn most_common<T: PartialEq + Copy>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(c, _)| *c == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// The median (the mean of the middle two for an even count).
fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The columns of a strikes file the candidate rows fill.
const ROW_COLUMNS: [&str; 16] = [
    "strike_id",
    "date",
    "asset_id",
    "unit",
    "disabled_share",
    "disabled_basis",
    "repair_days",
    "outage_basis",
    "hit",
    "repair_days_low",
    "repair_days_high",
    "disabled_share_low",
    "disabled_share_high",
    "confidence",
    "source",
    "note",
];

/// The header of the candidate file: the strikes file's own (so that the rows can be
/// appended to it), with any column the rows fill and it lacks added at the end, then the
/// sheet's extra columns. Without a strikes file, the columns the rows fill.
pub(crate) fn candidate_header(strikes_header: Option<&[String]>, extra: &[String]) -> Vec<String> {
    let mut header: Vec<String> = match strikes_header {
        Some(h) => h.to_vec(),
        None => Vec::new(),
    };
    for c in ROW_COLUMNS {
        if !header.iter().any(|h| h.trim().eq_ignore_ascii_case(c)) {
            header.push(c.to_owned());
        }
    }
    for e in extra {
        if !header.contains(e) {
            header.push(e.clone());
        }
    }
    header
}

/// The candidate rows as CSV under `header`.
pub(crate) fn candidate_csv(
    ingested: &Ingested,
    layout: Layout,
    assets: &Assets,
    effects: &dyn Fn(&str) -> DefaultEffect,
    header: &[String],
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for c in &ingested.candidates {
        let e = &c.event;
        let asset = &assets.as_slice()[c.asset];
        let effect = effects(&asset.group);
        let strike_id = match (layout, e.id.is_empty()) {
            (Layout::Acled, _) => format!("acled-{}", e.id),
            (Layout::Sheet, false) => e.id.to_string(),
            (Layout::Sheet, true) => format!("{}-{}-event-line-{}", e.date, asset.id, e.line),
        };
        let source = match layout {
            Layout::Acled => format!("ACLED {}", e.id),
            Layout::Sheet => e.source.to_string(),
        };
        let place = if e.location.is_empty() {
            String::new()
        } else {
            format!("{}, ", e.location)
        };
        let note = format!(
            "{} [ingested: {place}{:.1} km from {}; effect is the records' default]",
            e.text, c.distance_km, asset.name
        );
        let value = |column: &str| -> String {
            match column.trim().to_ascii_lowercase().as_str() {
                "strike_id" => strike_id.clone(),
                "date" => e.date.to_string(),
                "asset_id" => asset.id.clone(),
                "unit" => "unknown".to_owned(),
                "disabled_share" => format!("{:.3}", effect.share),
                "disabled_basis" | "outage_basis" => "default".to_owned(),
                "repair_days" => effect.repair_days.to_string(),
                "repair_days_low" => effect
                    .repair_range
                    .map_or(String::new(), |r| r.0.to_string()),
                "repair_days_high" => effect
                    .repair_range
                    .map_or(String::new(), |r| r.1.to_string()),
                "disabled_share_low" => effect
                    .share_range
                    .map_or(String::new(), |r| format!("{:.3}", r.0)),
                "disabled_share_high" => effect
                    .share_range
                    .map_or(String::new(), |r| format!("{:.3}", r.1)),
                "hit" => "unknown".to_owned(),
                "confidence" => "low".to_owned(),
                "source" => source.clone(),
                "note" => note.clone(),
                _ => e
                    .extra
                    .iter()
                    .find(|(h, _)| h == column)
                    .map_or(String::new(), |(_, v)| v.clone()),
            }
        };
        w.write_record(header.iter().map(|h| value(h)))
            .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_at_word_starts_in_any_case_and_script() {
        let o = IngestOptions::default();
        let k = Keywords::new(&o);
        assert_eq!(
            k.kinds_named("Drones hit the Ryazan oil refinery"),
            vec!["refinery"]
        );
        assert_eq!(k.kinds_named("Атака на Рязанский НПЗ"), vec!["refinery"]);
        assert_eq!(
            k.kinds_named("Удар по Бурштинській ТЕС"),
            vec!["power_plant"]
        );
        // "soil" and "reported" name nothing.
        assert!(k
            .kinds_named("Shelling reported in soil near the village")
            .is_empty());
        // Several kinds, in the order of the keywords (refinery's first).
        assert_eq!(
            k.kinds_named("A fuel depot and a TPP"),
            vec!["refinery", "power_plant", "depot"]
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
    }
}
