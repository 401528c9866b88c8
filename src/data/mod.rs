//! Input data: assets, strikes and prices. Loading, validation, and the bundled defaults.
//!
//! Every loader reads cells as text first ([`table::RawTable`]) and converts them itself, so
//! a problem can always be reported with its file, line and column. All problems of all
//! files are collected before an error is returned.

pub(crate) mod assets;
pub(crate) mod balance;
pub(crate) mod benchmarks;
pub(crate) mod exports;
pub(crate) mod fields;
pub(crate) mod frame;
#[cfg(test)]
mod fuzz;
mod layers;
pub(crate) mod prices;
pub(crate) mod provenance;
pub(crate) mod reader;
pub(crate) mod strikes;
pub(crate) mod table;
pub(crate) mod yields;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use assets::{Asset, Assets, Confidence};
pub(crate) use balance::Balance;
pub(crate) use exports::Exports;
pub(crate) use frame::{Table, Values};
pub(crate) use prices::{PricePoint, Prices};
pub use provenance::{InputRecord, Provenance};
pub(crate) use strikes::UnitType;
pub(crate) use strikes::{Basis, Hit, Strike};
pub(crate) use yields::{Product, Slate, Yields};

use crate::error::{Error, Problem, ValidationReport};
use crate::units::Unit;
use assets::DEFAULT_GROUP;

/// The bundled refineries table (`datasets/refineries.csv`).
pub(crate) const BUNDLED_ASSETS_CSV: &str = include_str!("../../datasets/refineries.csv");
/// The bundled strikes table (`datasets/strikes.csv`).
pub(crate) const BUNDLED_STRIKES_CSV: &str = include_str!("../../datasets/strikes.csv");
/// The bundled prices table (`datasets/prices.csv`).
pub(crate) const BUNDLED_PRICES_CSV: &str = include_str!("../../datasets/prices.csv");
/// The bundled power plants of Ukraine (`datasets/ua-power-plants.csv`, group `ua-power`).
pub(crate) const BUNDLED_POWER_ASSETS_CSV: &str =
    include_str!("../../datasets/ua-power-plants.csv");
/// The bundled strikes on them (`datasets/ua-power-strikes.csv`).
pub(crate) const BUNDLED_POWER_STRIKES_CSV: &str =
    include_str!("../../datasets/ua-power-strikes.csv");
/// The bundled electricity prices of group `ua-power` (`datasets/ua-power-prices.csv`).
pub(crate) const BUNDLED_POWER_PRICES_CSV: &str =
    include_str!("../../datasets/ua-power-prices.csv");
/// The bundled product yields of Russia's refineries (`datasets/refinery-yields.csv`).
pub(crate) const BUNDLED_YIELDS_CSV: &str = include_str!("../../datasets/refinery-yields.csv");
/// The bundled fuel exports of Russia's refineries by month (`datasets/fuel-exports.csv`).
pub(crate) const BUNDLED_EXPORTS_CSV: &str = include_str!("../../datasets/fuel-exports.csv");
/// The bundled balance of Ukraine's power system apart from strikes, group `ua-power`
/// (`datasets/ua-power-balance.csv`).
pub(crate) const BUNDLED_BALANCE_CSV: &str = include_str!("../../datasets/ua-power-balance.csv");
/// The bundled scenario file (`datasets/scenarios/truce-2025.toml`).
pub(crate) const BUNDLED_SCENARIOS_TOML: &str =
    include_str!("../../datasets/scenarios/truce-2025.toml");
/// The bundled datasets' README (`datasets/README.md`).
pub(crate) const BUNDLED_README: &str = include_str!("../../datasets/README.md");

/// The group of the bundled refineries, which the bundled prices are the prices of.
pub(crate) const BUNDLED_REFINING_GROUP: &str = "ru-refining";

/// The kinds of input table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Assets (refineries).
    Assets,
    /// Strikes.
    Strikes,
    /// Prices.
    Prices,
    /// Product yields of refineries.
    Yields,
    /// Fuel exports by month.
    Exports,
    /// A power system's balance apart from strikes: demand, available capacity, imports.
    Balance,
}

impl InputKind {
    /// The table's name: `assets`, `strikes`, `prices` or `yields`.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Assets => "assets",
            InputKind::Strikes => "strikes",
            InputKind::Prices => "prices",
            InputKind::Yields => "yields",
            InputKind::Exports => "exports",
            InputKind::Balance => "balance",
        }
    }

    /// The first bundled file's name (the refinery side's).
    pub fn bundled_name(self) -> &'static str {
        self.bundled_files()[0].0
    }

    /// The first bundled file's text (the refinery side's).
    pub fn bundled_csv(self) -> &'static str {
        self.bundled_files()[0].1
    }

    /// The bundled files of this table, each side's: (name, text), refineries first, then
    /// Ukraine's power plants. A table the user does not give is these files, layered.
    pub fn bundled_files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            InputKind::Assets => &[
                ("refineries.csv", BUNDLED_ASSETS_CSV),
                ("ua-power-plants.csv", BUNDLED_POWER_ASSETS_CSV),
            ],
            InputKind::Strikes => &[
                ("strikes.csv", BUNDLED_STRIKES_CSV),
                ("ua-power-strikes.csv", BUNDLED_POWER_STRIKES_CSV),
            ],
            InputKind::Prices => &[
                ("prices.csv", BUNDLED_PRICES_CSV),
                ("ua-power-prices.csv", BUNDLED_POWER_PRICES_CSV),
            ],
            InputKind::Yields => &[("refinery-yields.csv", BUNDLED_YIELDS_CSV)],
            InputKind::Exports => &[("fuel-exports.csv", BUNDLED_EXPORTS_CSV)],
            InputKind::Balance => &[("ua-power-balance.csv", BUNDLED_BALANCE_CSV)],
        }
    }

    /// The bundled files of this table read as text, marked as bundled.
    pub(crate) fn bundled_tables(self) -> Vec<Result<table::RawTable, ValidationReport>> {
        self.bundled_files()
            .iter()
            .map(|(name, text)| bundled_table(name, text))
            .collect()
    }
}

/// A table's layers read as text, each a table or its problems.
type RawLayers = Vec<Result<table::RawTable, ValidationReport>>;

/// One input of a table read as text, with its record (source and hash); a file's path
/// joins `origin`.
fn read_input(
    kind: InputKind,
    input: &Input<'_>,
    origin: &mut Sources,
) -> (Result<Vec<InputRecord>, Error>, RawLayers) {
    match *input {
        Input::Bundled => (Ok(InputRecord::bundled(kind)), kind.bundled_tables()),
        Input::File(path) => {
            match kind {
                InputKind::Assets => origin.assets.push(path.to_owned()),
                InputKind::Strikes => origin.strikes.push(path.to_owned()),
                InputKind::Prices => origin.prices.push(path.to_owned()),
                InputKind::Yields => origin.yields = Some(path.to_owned()),
                InputKind::Exports => origin.exports = Some(path.to_owned()),
                InputKind::Balance => origin.balance = Some(path.to_owned()),
            }
            (
                InputRecord::of_file(kind, path).map(|r| vec![r]),
                vec![read_raw(kind, Some(path))],
            )
        }
        Input::Csv { name, text } => (
            Ok(vec![InputRecord::of(kind, format!("frame {name}"), text)]),
            vec![reader::read_csv_bytes(name, text).map(table::RawTable::numbered_by_row)],
        ),
        #[cfg(feature = "parquet")]
        Input::Frame { name, frame } => (
            Ok(vec![InputRecord {
                table: kind.name().to_owned(),
                source: format!("frame {name}"),
                blake3: String::new(),
            }]),
            vec![frame::dataframe_as_text(name, frame).map_err(|message| {
                ValidationReport::of(vec![Problem {
                    file: name.to_owned(),
                    line: None,
                    line_label: "row",
                    column: None,
                    message,
                }])
            })],
        ),
    }
}

/// A bundled table of one file (yields, exports) read and converted by `convert`: valid,
/// as its tests check.
pub(crate) fn parse_bundled<T>(
    kind: InputKind,
    convert: fn(&table::RawTable) -> Result<T, ValidationReport>,
) -> T {
    let table = bundled_table(kind.bundled_name(), kind.bundled_csv())
        .unwrap_or_else(|r| panic!("the bundled {} table reads: {r}", kind.name()));
    convert(&table).unwrap_or_else(|r| panic!("the bundled {} table is valid: {r}", kind.name()))
}

/// A bundled file read as text, marked as bundled.
pub(crate) fn bundled_table(name: &str, text: &str) -> Result<table::RawTable, ValidationReport> {
    reader::read_csv_bytes(&format!("bundled {name}"), text.as_bytes()).map(|mut t| {
        t.bundled = true;
        t
    })
}

/// Where each input table comes from: files, or the bundled default when none is given.
///
/// Each table may come from several files, layered in order (a file of new strikes beside
/// the bundled ones' copy, for example): each file is validated on its own, every strike
/// against the assets of all files, and an id given in two files is refused with both
/// places; a group priced by two prices files is refused with both. A table given by no
/// file is the bundled files of both sides (refineries and power plants), the bundled
/// strikes of a side only when its assets are loaded.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Sources {
    /// Assets files (CSV or Parquet), in order; none: the bundled table.
    pub assets: Vec<PathBuf>,
    /// Strikes files (CSV or Parquet), in order; none: the bundled table.
    pub strikes: Vec<PathBuf>,
    /// Prices files (CSV or Parquet), in order; none: the bundled tables.
    #[serde(default)]
    pub prices: Vec<PathBuf>,
    /// A product yields file (CSV or Parquet); none: the bundled table.
    #[serde(default)]
    pub yields: Option<PathBuf>,
    /// A fuel exports file (CSV or Parquet); none: the bundled table.
    #[serde(default)]
    pub exports: Option<PathBuf>,
    /// A power balance file (CSV or Parquet); none: the bundled table.
    #[serde(default)]
    pub balance: Option<PathBuf>,
}

impl Sources {
    /// One file per table (`None`: the bundled table).
    pub fn files(
        assets: Option<PathBuf>,
        strikes: Option<PathBuf>,
        prices: Option<PathBuf>,
    ) -> Self {
        Sources {
            assets: assets.into_iter().collect(),
            strikes: strikes.into_iter().collect(),
            prices: prices.into_iter().collect(),
            yields: None,
            exports: None,
            balance: None,
        }
    }

    /// The files of one table, in order (none: the bundled table).
    pub fn paths(&self, kind: InputKind) -> &[PathBuf] {
        match kind {
            InputKind::Assets => &self.assets,
            InputKind::Strikes => &self.strikes,
            InputKind::Prices => &self.prices,
            InputKind::Yields => self.yields.as_slice(),
            InputKind::Exports => self.exports.as_slice(),
            InputKind::Balance => self.balance.as_slice(),
        }
    }

    /// True when every table is the bundled one.
    pub fn all_bundled(&self) -> bool {
        self.assets.is_empty()
            && self.strikes.is_empty()
            && self.prices.is_empty()
            && self.yields.is_none()
            && self.exports.is_none()
            && self.balance.is_none()
    }

    /// How a table is named in messages and subtitles: its files joined by ` + `, or
    /// `bundled NAME` (the refinery side's name).
    pub fn describe(&self, kind: InputKind) -> String {
        match self.paths(kind) {
            [] => format!("bundled {}", kind.bundled_name()),
            paths => paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }

    /// Like [`Sources::describe`], with file names instead of paths (for a chart's source
    /// line, which should not show where a file sits on one machine).
    pub fn file_names(&self, kind: InputKind) -> String {
        match self.paths(kind) {
            [] => format!("bundled {}", kind.bundled_name()),
            paths => paths
                .iter()
                .map(|p| {
                    p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                })
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }

    /// Each table's files read as text (the bundled table when none is given).
    fn read(&self, kind: InputKind) -> Vec<Result<table::RawTable, ValidationReport>> {
        match self.paths(kind) {
            [] => kind.bundled_tables(),
            paths => paths.iter().map(|p| read_raw(kind, Some(p))).collect(),
        }
    }
}

/// Reads one input table as text from a file (CSV, or Parquet by extension) or the bundle.
pub(crate) fn read_raw(
    kind: InputKind,
    path: Option<&Path>,
) -> Result<table::RawTable, ValidationReport> {
    match path {
        Some(path) => read_file(path),
        None => bundled_table(kind.bundled_name(), kind.bundled_csv()),
    }
}

/// Reads a table file as text: Parquet by its `.parquet`/`.pq` extension, CSV otherwise.
pub fn read_file(path: &Path) -> Result<table::RawTable, ValidationReport> {
    let name = path.display().to_string();
    let is_parquet = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq"));
    if !path.is_file() {
        let why = if path.exists() {
            "expected a file, found a folder"
        } else {
            "file not found"
        };
        return Err(ValidationReport::of(vec![Problem {
            file: name,
            line: None,
            line_label: "line",
            column: None,
            message: why.into(),
        }]));
    }
    if is_parquet {
        #[cfg(feature = "parquet")]
        return frame::read_parquet_as_text(&name, path);
        #[cfg(not(feature = "parquet"))]
        return Err(ValidationReport::of(vec![Problem {
            file: name,
            line: None,
            line_label: "row",
            column: None,
            message: "Parquet files need the crate's `parquet` feature, which this build \
                          leaves out; give the table as CSV"
                .into(),
        }]));
    }
    let cannot_read = |e: std::io::Error| {
        ValidationReport::of(vec![Problem {
            file: name.clone(),
            line: None,
            line_label: "line",
            column: None,
            message: format!("cannot read: {e}"),
        }])
    };
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let len = file.metadata().map_err(cannot_read)?.len();
    // A large file is mapped rather than copied into memory: its pages come straight from
    // the system's file cache, each block read where it lies.
    if len >= MAP_FILES_FROM {
        // SAFETY: the map is only read, and only while the table is parsed into text
        // of its own. As with any mapped read (ripgrep, BLAKE3's and polars' readers),
        // a file cut short by another program during those milliseconds stops the
        // process rather than being read torn; nothing has been written by then.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return reader::read_csv_bytes(&name, &map);
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
    reader::read_csv_bytes(&name, &bytes)
}

/// CSV files of this size and more are mapped rather than read (1 MiB).
const MAP_FILES_FROM: u64 = 1 << 20;

/// The near misses of every table's header (a column name close to a known one), as
/// warnings: assets, strikes, then prices.
fn near_miss_warnings(
    assets: &[Result<table::RawTable, ValidationReport>],
    strikes: &[Result<table::RawTable, ValidationReport>],
    prices: &[Result<table::RawTable, ValidationReport>],
) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for (tables, schema) in [
        (assets, &assets::SCHEMA),
        (strikes, &strikes::SCHEMA),
        (prices, &prices::SCHEMA),
    ] {
        for t in tables.iter().flatten() {
            warnings.extend(fields::near_misses(t, schema));
        }
    }
    warnings
}

/// Validates each assets table, then the units across them, and layers them in order:
/// the assets, or `None` when a table had a problem (pushed to `report`).
fn read_asset_layers(
    assets: Vec<Result<table::RawTable, ValidationReport>>,
    report: &mut ValidationReport,
) -> Option<Assets> {
    let mut parsed = Vec::new();
    let mut assets_ok = true;
    for table in assets {
        match table.and_then(|t| assets::from_table(&t).map(|a| (t, a))) {
            Ok(pair) => parsed.push(pair),
            Err(r) => {
                assets_ok = false;
                report.extend(r);
            }
        }
    }
    report.extend(layers::mixed_units(&parsed));
    // An id repeated in a later file is refused by `layers::repeated_ids`; its first row
    // is the one the strikes are checked against.
    assets_ok.then(|| {
        let mut seen = std::collections::HashSet::new();
        Assets::new(
            parsed
                .into_iter()
                .flat_map(|(_, a)| a.as_slice().to_vec())
                .filter(|a| seen.insert(a.id.clone()))
                .collect(),
        )
    })
}

/// Validates each strikes table against `assets` and layers them, sorted by date then
/// id: the strikes, and whether every table was valid (problems pushed to `report`).
fn read_strike_layers(
    strikes: Vec<Result<table::RawTable, ValidationReport>>,
    assets: &Assets,
    report: &mut ValidationReport,
) -> (Vec<Strike>, bool) {
    let mut all_strikes = Vec::new();
    let mut strikes_ok = true;
    for table in strikes {
        match table.and_then(|t| strikes::from_table(&t, assets)) {
            Ok(s) if all_strikes.is_empty() => all_strikes = s,
            Ok(s) => all_strikes.extend(s),
            Err(r) => {
                strikes_ok = false;
                report.extend(r);
            }
        }
    }
    // Ids are unique once valid, so the order is the same whatever the sort.
    {
        use rayon::slice::ParallelSliceMut;
        all_strikes.par_sort_unstable_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    }
    (all_strikes, strikes_ok)
}

/// The asset ids an assets table holds, with no other figure: what strikes are checked
/// against when the assets table has problems of its own (capacities unknown, so no check
/// against them fires).
fn ids_of(tables: &[&table::RawTable]) -> Assets {
    let mut seen = std::collections::HashSet::new();
    let mut items = Vec::new();
    for table in tables {
        // The column, or a misspelling of it (which the checks report, reading it in its
        // place).
        let lower: Vec<String> = table
            .headers
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let names: Vec<&str> = lower.iter().map(String::as_str).collect();
        let Some(col) = names.iter().position(|h| *h == "asset_id").or_else(|| {
            fields::near_miss(&names, "asset_id").and_then(|u| names.iter().position(|h| *h == u))
        }) else {
            continue;
        };
        items.extend(
            table
                .rows()
                .map(|r| r.cell(col))
                .filter(|id| !id.is_empty() && seen.insert(id.to_owned()))
                .map(|id| Asset::new(id, id, f64::NAN)),
        );
    }
    Assets::new(items)
}

/// The rows of one prices table, by the group they price (MODEL.md, "Prices"):
///
/// * a row with a `group` prices that group; a row of a group that no loaded asset belongs
///   to is left out with a warning naming the file, line and group (silently for a bundled
///   table, which prices both sides); `product_usd_t` is USD per tonne, so a group in
///   another unit priced in it is refused (its price per unit of throughput goes in
///   `value_usd`);
/// * rows without a group in `product_usd_t` price every loaded group in Mt/yr that has no
///   rows of its own; in `value_usd` they price the only loaded group, and with several
///   groups loaded they are refused (name the group each row prices);
/// * a user's table of which no row prices a loaded group is refused, naming the file;
/// * a group in Mt/yr other than `ru-refining` priced by the bundled refinery prices is
///   said in a warning.
///
/// A group no table prices has no revenue; the figures say so.
fn prices_of_groups(
    prices: &Prices,
    table: &table::RawTable,
    groups: &[(&str, Unit)],
    warnings: &mut Vec<Problem>,
    report: &mut ValidationReport,
) -> Vec<(String, Vec<PricePoint>)> {
    let per_tonne = table.headers.iter().any(|h| h == "product_usd_t");
    let problems_before = report.problems.len();
    let unit_of = |g: &str| groups.iter().find(|(name, _)| *name == g).map(|(_, u)| u);
    let mut out: Vec<(String, Vec<PricePoint>)> = Vec::new();
    for (group, &(line, rows)) in &prices::group_rows(table) {
        match unit_of(group) {
            None if table.bundled => {}
            None => warnings.push(table.problem(
                Some(line),
                Some("group"),
                format!(
                    "{} of group {group}, which no loaded asset belongs to ({}): left out",
                    crate::format::count(rows, "price row"),
                    groups.iter().map(|(g, _)| *g).collect::<Vec<_>>().join(", ")
                ),
            )),
            Some(unit) if per_tonne && *unit != Unit::Mtpa => report.problems.push(table.problem(
                Some(line),
                Some("product_usd_t"),
                format!(
                    "expected a price per tonne only for a group in Mt/yr; group {group} is in \
                     {}: give its price per {} in a value_usd column",
                    unit.label(),
                    unit.throughput_label()
                ),
            )),
            Some(_) => out.push((group.clone(), prices.group_rows(group).to_vec())),
        }
    }
    let ungrouped = prices.as_slice();
    if !ungrouped.is_empty() {
        let line = prices::first_ungrouped_line(table);
        let free = |g: &&(&str, Unit)| !out.iter().any(|(o, _)| o == g.0);
        if per_tonne {
            let priced: Vec<&str> = groups
                .iter()
                .filter(free)
                .filter(|(_, u)| *u == Unit::Mtpa)
                .map(|(g, _)| *g)
                .collect();
            for g in &priced {
                out.push(((*g).to_owned(), ungrouped.to_vec()));
                if table.bundled && *g != BUNDLED_REFINING_GROUP {
                    warnings.push(table.problem(
                        None,
                        None,
                        format!(
                            "group {g} is valued at the bundled prices of Russia's refined \
                             products: give --prices to value it at its own"
                        ),
                    ));
                }
            }
        } else {
            match groups {
                [(one, _)] => {
                    if out.is_empty() {
                        out.push(((*one).to_owned(), ungrouped.to_vec()));
                    }
                }
                several => report.problems.push(table.problem(
                    line,
                    Some("group"),
                    format!(
                        "expected a group on a value_usd row when several groups are loaded \
                         ({}): name the group each row prices",
                        several.iter().map(|(g, _)| *g).collect::<Vec<_>>().join(", ")
                    ),
                )),
            }
        }
    }
    if out.is_empty()
        && !table.bundled
        && !groups.is_empty()
        && report.problems.len() == problems_before
    {
        let of_groups = prices::group_rows(table);
        report.problems.push(table.problem(
            None,
            None,
            format!(
                    "no price row applies to the loaded group{} {}{}: give rows {}with one of \
                 these in the group column",
                    if groups.len() == 1 { "" } else { "s" },
                    groups
                        .iter()
                        .map(|(g, u)| format!("{g} ({})", u.label()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if of_groups.is_empty() {
                        String::new()
                    } else {
                        let names: Vec<&str> = of_groups.keys().map(String::as_str).collect();
                        format!(" (the file's rows are of group {})", names.join(", "))
                    },
                    if per_tonne {
                        "in USD per tonne for a group in Mt/yr, or "
                    } else {
                        "without a group or "
                    }
                ),
        ));
    }
    out
}

/// Where one input table comes from ([`Dataset::from_inputs`]).
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// The bundled table.
    Bundled,
    /// A CSV or Parquet file (by its `.parquet` extension).
    File(&'a Path),
    /// A polars DataFrame made in memory, with the columns of the CSV file; `name` names
    /// it in problems (e.g. `assets frame`).
    #[cfg(feature = "parquet")]
    Frame {
        /// How problems name the table.
        name: &'a str,
        /// The table.
        frame: &'a polars_core::prelude::DataFrame,
    },
    /// A table as CSV text in memory (a DataFrame written as CSV, header first), its
    /// problems named by `name` and its rows counted from 1, as a DataFrame's.
    Csv {
        /// How problems name the table.
        name: &'a str,
        /// The CSV text.
        text: &'a [u8],
    },
}

/// Assets, strikes and prices, validated together.
///
/// With serde it is the loaded values (what a shard state carries, what a pickled Python
/// object holds); the warnings of the load are not kept.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    /// The assets.
    pub assets: Assets,
    /// The strikes, sorted by date then id.
    pub strikes: Vec<Strike>,
    /// The prices.
    pub prices: Prices,
    /// Where each table came from, for subtitles and summaries.
    pub origin: Sources,
    /// The product yields of refineries (MODEL.md, "Fuels"): the bundled table unless
    /// another is given.
    #[serde(default)]
    pub yields: Yields,
    /// Fuel exports by month (MODEL.md, "Fuels"): the bundled table unless another is
    /// given.
    #[serde(default)]
    pub exports: Exports,
    /// Power systems' balance apart from strikes (MODEL.md, "Hours without power"): the
    /// bundled table unless another is given.
    #[serde(default)]
    pub balance: Balance,
    /// Each input's content hash and the records' filters, for `run.json`.
    #[serde(default)]
    pub provenance: Provenance,
    /// What the tables hold that the model does not read but that looks like a column it
    /// reads (a misspelt header): loaded, and worth a look.
    #[serde(skip)]
    pub warnings: Vec<Problem>,
}

impl Dataset {
    /// The bundled data: both sides of the 2025 truce, Russia's refineries (group
    /// `ru-refining`) and Ukraine's power plants (group `ua-power`), with their strikes and
    /// prices.
    pub fn bundled() -> Result<Self, Error> {
        Self::load(&Sources::default())
    }

    /// The bundled power side alone (group `ua-power`).
    pub fn bundled_power() -> Result<Self, Error> {
        Self::from_raw(
            bundled_table("ua-power-plants.csv", BUNDLED_POWER_ASSETS_CSV),
            bundled_table("ua-power-strikes.csv", BUNDLED_POWER_STRIKES_CSV),
            bundled_table("ua-power-prices.csv", BUNDLED_POWER_PRICES_CSV),
            Sources::default(),
        )
    }

    /// Loads and validates the three tables; every problem in every file is reported at
    /// once. A table given by no file is the bundled files of both sides.
    pub fn load(sources: &Sources) -> Result<Self, Error> {
        let data = Self::from_layers(
            sources.read(InputKind::Assets),
            sources.read(InputKind::Strikes),
            sources.read(InputKind::Prices),
            sources.clone(),
        );
        // The side tables' problems are listed with the other tables'.
        let mut data = Self::with_side_tables(
            data,
            sources.yields.as_deref().map(Input::File),
            sources.exports.as_deref().map(Input::File),
            sources.balance.as_deref().map(Input::File),
        )?;
        let mut inputs = Vec::new();
        for kind in [
            InputKind::Assets,
            InputKind::Strikes,
            InputKind::Prices,
            InputKind::Yields,
            InputKind::Exports,
            InputKind::Balance,
        ] {
            let paths = sources.paths(kind);
            if paths.is_empty() {
                inputs.extend(InputRecord::bundled(kind));
            }
            for p in paths {
                inputs.push(InputRecord::of_file(kind, p)?);
            }
        }
        data.provenance.inputs = inputs;
        Ok(data)
    }

    /// Loads and validates three tables, each from a file, a DataFrame or the bundled
    /// data; every problem in every table is reported at once (a DataFrame's problems
    /// name it by its `name` and its rows from 1, as a Parquet file's). A bundled table is
    /// the bundled files of both sides, as [`Dataset::load`] reads them.
    pub fn from_inputs(
        assets: Input<'_>,
        strikes: Input<'_>,
        prices: Input<'_>,
    ) -> Result<Self, Error> {
        Self::from_input_layers(&[assets], &[strikes], &[prices])
    }

    /// [`Dataset::from_inputs`] with each table layered from several inputs in order, as
    /// repeated `--assets`, `--strikes` and `--prices` flags layer files (no input: the
    /// bundled files).
    pub fn from_input_layers(
        assets: &[Input<'_>],
        strikes: &[Input<'_>],
        prices: &[Input<'_>],
    ) -> Result<Self, Error> {
        let mut origin = Sources::default();
        let mut records = Vec::new();
        let mut raw = |kind: InputKind, inputs: &[Input<'_>]| {
            if inputs.is_empty() {
                records.push(Ok(InputRecord::bundled(kind)));
                return kind.bundled_tables();
            }
            let mut tables = Vec::new();
            for input in inputs {
                let (record, read) = read_input(kind, input, &mut origin);
                records.push(record);
                tables.extend(read);
            }
            tables
        };
        let tables = (
            raw(InputKind::Assets, assets),
            raw(InputKind::Strikes, strikes),
            raw(InputKind::Prices, prices),
        );
        let mut data = Self::from_layers(tables.0, tables.1, tables.2, origin)?;
        for r in records {
            data.provenance.inputs.extend(r?);
        }
        for kind in [InputKind::Yields, InputKind::Exports, InputKind::Balance] {
            data.provenance.inputs.extend(InputRecord::bundled(kind));
        }
        Ok(data)
    }

    /// The same data with the product yields of `input` (a file, CSV text, a DataFrame, or
    /// the bundled table) in place of the ones it has (MODEL.md, "Fuels"), as `--yields`
    /// gives them.
    pub fn with_yields(self, input: Input<'_>) -> Result<Dataset, Error> {
        Self::with_side_tables(Ok(self), Some(input), None, None)
    }

    /// The same data with the fuel exports of `input` in place of the ones it has, as
    /// `--exports` gives them.
    pub fn with_exports(self, input: Input<'_>) -> Result<Dataset, Error> {
        Self::with_side_tables(Ok(self), None, Some(input), None)
    }

    /// The same data with the power balance of `input` in place of the one it has
    /// (MODEL.md, "Hours without power"), as `--balance` gives it.
    pub fn with_balance(self, input: Input<'_>) -> Result<Dataset, Error> {
        Self::with_side_tables(Ok(self), None, None, Some(input))
    }

    /// `data` with the yields, the exports and the power balance of the inputs given
    /// (none: the ones it has); the problems of every table, `data`'s among them, listed
    /// together.
    pub fn with_side_tables(
        data: Result<Dataset, Error>,
        yields: Option<Input<'_>>,
        exports: Option<Input<'_>>,
        balance: Option<Input<'_>>,
    ) -> Result<Dataset, Error> {
        let mut origin = Sources::default();
        let mut report = ValidationReport::default();
        let mut records = Vec::new();
        let mut tables_of = |kind: InputKind, input: Option<Input<'_>>| {
            let input = input?;
            let (record, tables) = read_input(kind, &input, &mut origin);
            records.push((kind, record));
            Some(tables)
        };
        let yields_tables = tables_of(InputKind::Yields, yields);
        let exports_tables = tables_of(InputKind::Exports, exports);
        let balance_tables = tables_of(InputKind::Balance, balance);
        let yields = yields_tables.map(|tables| {
            let mut out = Yields::default();
            for t in tables {
                match t.and_then(|t| yields::from_table(&t)) {
                    Ok(y) => out = y,
                    Err(r) => report.extend(r),
                }
            }
            out
        });
        let exports = exports_tables.map(|tables| {
            let mut out = Exports::default();
            for t in tables {
                match t.and_then(|t| exports::from_table(&t)) {
                    Ok(e) => out = e,
                    Err(r) => report.extend(r),
                }
            }
            out
        });
        let balance = balance_tables.map(|tables| {
            let mut out = Balance::default();
            for t in tables {
                match t.and_then(|t| balance::from_table(&t)) {
                    Ok(b) => out = b,
                    Err(r) => report.extend(r),
                }
            }
            out
        });
        let mut data = match data {
            Ok(d) if report.is_empty() => d,
            Ok(d) => {
                return Err(Error::Invalid(ValidationReport {
                    warnings: d.warnings,
                    ..report
                }))
            }
            Err(Error::Invalid(mut r)) => {
                r.extend(report);
                return Err(Error::Invalid(r));
            }
            Err(e) => return Err(e),
        };
        if let Some(y) = yields {
            data.yields = y;
            data.origin.yields = origin.yields.take();
        }
        if let Some(e) = exports {
            data.exports = e;
            data.origin.exports = origin.exports.take();
        }
        if let Some(b) = balance {
            data.balance = b;
            data.origin.balance = origin.balance.take();
        }
        for (kind, record) in records {
            data.provenance.inputs.retain(|i| i.table != kind.name());
            data.provenance.inputs.extend(record?);
        }
        Ok(data)
    }
    /// Builds a dataset from polars DataFrames made in memory (same columns as the CSV files).
    #[cfg(feature = "parquet")]
    pub fn from_dataframes(
        assets: &polars_core::prelude::DataFrame,
        strikes: &polars_core::prelude::DataFrame,
        prices: &polars_core::prelude::DataFrame,
    ) -> Result<Self, Error> {
        let frame = |name, frame| Input::Frame { name, frame };
        Self::from_inputs(
            frame("assets frame", assets),
            frame("strikes frame", strikes),
            frame("prices frame", prices),
        )
    }

    /// Builds a dataset from tables already read as text.
    pub fn from_raw(
        assets: Result<table::RawTable, ValidationReport>,
        strikes: Result<table::RawTable, ValidationReport>,
        prices: Result<table::RawTable, ValidationReport>,
        origin: Sources,
    ) -> Result<Self, Error> {
        Self::from_layers(vec![assets], vec![strikes], vec![prices], origin)
    }

    /// Builds a dataset from tables layered in order: each validated on its own, every
    /// strike against the assets of all tables (a bundled strikes table only when some of
    /// its assets are loaded), an id in two tables refused with both places, each prices
    /// table's rows given to the groups they price ([`prices_of_groups`]); every problem
    /// is reported at once.
    pub(crate) fn from_layers(
        assets: Vec<Result<table::RawTable, ValidationReport>>,
        strikes: Vec<Result<table::RawTable, ValidationReport>>,
        prices: Vec<Result<table::RawTable, ValidationReport>>,
        origin: Sources,
    ) -> Result<Self, Error> {
        let mut report = ValidationReport::default();
        let asset_tables: Vec<&table::RawTable> = assets.iter().flatten().collect();
        let ids_only = ids_of(&asset_tables);
        // A bundled strikes table is a side's records: left out when none of its assets
        // is loaded (the user's own assets of another kind beside the bundled records).
        let strikes: Vec<_> = strikes
            .into_iter()
            .filter(|t| match t {
                Ok(t) if t.bundled => {
                    strikes::asset_ids(t).any(|id| ids_only.position(id).is_some())
                }
                _ => true,
            })
            .collect();
        let warnings = near_miss_warnings(&assets, &strikes, &prices);
        let strike_tables: Vec<&table::RawTable> = strikes.iter().flatten().collect();
        report.extend(layers::repeated_ids(&asset_tables, "asset_id"));
        report.extend(layers::repeated_ids(&strike_tables, "strike_id"));
        // Strikes are checked against the assets even when the assets had problems, so that
        // one run lists every problem: against the ids that did parse.
        let assets = read_asset_layers(assets, &mut report);
        let (all_strikes, strikes_ok) =
            read_strike_layers(strikes, assets.as_ref().unwrap_or(&ids_only), &mut report);
        let mut parsed_prices = Vec::new();
        for table in prices {
            match table.and_then(|t| prices::from_table(&t).map(|p| (p, t))) {
                Ok(p) => parsed_prices.push(p),
                Err(r) => report.extend(r),
            }
        }
        let mut warnings = warnings;
        let prices = assets.as_ref().map(|assets| {
            let groups = assets.group_units();
            let mut by_group: BTreeMap<String, (Vec<PricePoint>, String)> = BTreeMap::new();
            for (p, table) in &parsed_prices {
                let rows = prices_of_groups(p, table, &groups, &mut warnings, &mut report);
                for (group, points) in rows {
                    match by_group.get(&group) {
                        Some((_, first)) => report.problems.push(table.problem(
                            None,
                            None,
                            format!(
                                "expected each group priced by one prices table; group {group} \
                                 is priced by {first} too"
                            ),
                        )),
                        None => {
                            by_group.insert(group, (points, table.file.clone()));
                        }
                    }
                }
            }
            Prices::of_groups(
                &groups.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
                by_group.into_iter().map(|(g, (p, _))| (g, p)).collect(),
            )
        });
        match (assets, strikes_ok, prices) {
            (Some(assets), true, Some(prices)) if report.is_empty() => Ok(Dataset {
                assets,
                strikes: all_strikes,
                prices,
                origin,
                yields: Yields::bundled().clone(),
                exports: Exports::bundled().clone(),
                balance: Balance::bundled().clone(),
                provenance: Provenance::default(),
                warnings,
            }),
            // The warnings are said beside the problems, not lost with the run.
            _ => Err(Error::Invalid(ValidationReport { warnings, ..report })),
        }
    }

    /// Builds a dataset from typed values (for tests and programs that make their own data).
    pub fn new(assets: Vec<Asset>, strikes: Vec<Strike>, prices: Vec<PricePoint>) -> Self {
        let mut strikes = strikes;
        strikes.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let assets = Assets::new(assets);
        // The rows price the only group; with several groups, the groups in Mt/yr (as a
        // prices file's rows without a group in USD per tonne).
        let groups = assets.group_units();
        let priced: Vec<(String, Vec<PricePoint>)> = groups
            .iter()
            .filter(|(_, u)| groups.len() == 1 || *u == Unit::Mtpa)
            .map(|(g, _)| ((*g).to_owned(), prices.clone()))
            .collect();
        let names: Vec<&str> = groups.iter().map(|(g, _)| *g).collect();
        let prices = if names.is_empty() {
            Prices::new(prices)
        } else {
            Prices::of_groups(&names, priced)
        };
        Dataset {
            assets,
            strikes,
            prices,
            origin: Sources::default(),
            yields: Yields::bundled().clone(),
            exports: Exports::bundled().clone(),
            balance: Balance::bundled().clone(),
            provenance: Provenance::default(),
            warnings: Vec::new(),
        }
    }

    /// The data, or with any warning about the input (a header that looks like a misspelt
    /// column) an error listing them all: `--strict`.
    pub fn strict(self) -> Result<Dataset, Error> {
        if self.warnings.is_empty() {
            Ok(self)
        } else {
            Err(Error::Invalid(ValidationReport::of(self.warnings)))
        }
    }

    /// The records as known on `date`: the strikes dated up to it, their outages as the
    /// records now know them (the backtest's rule; MODEL.md, "Records known by a date").
    pub fn known_by(&self, date: chrono::NaiveDate) -> Dataset {
        Dataset {
            strikes: self
                .strikes
                .iter()
                .filter(|s| s.date <= date)
                .cloned()
                .collect(),
            provenance: Provenance {
                known_by: Some(self.provenance.known_by.map_or(date, |d| d.min(date))),
                ..self.provenance.clone()
            },
            ..self.clone()
        }
    }

    /// The strike rows of at least `level`'s confidence (a row that gives none counts as
    /// low).
    pub fn with_min_confidence(&self, level: Confidence) -> Dataset {
        Dataset {
            strikes: self
                .strikes
                .iter()
                .filter(|s| s.confidence.unwrap_or(Confidence::Low) >= level)
                .cloned()
                .collect(),
            provenance: Provenance {
                min_confidence: Some(
                    self.provenance
                        .min_confidence
                        .map_or(level, |c| c.max(level)),
                ),
                ..self.provenance.clone()
            },
            ..self.clone()
        }
    }

    /// The asset a strike hit.
    pub fn asset_of(&self, strike: &Strike) -> &Asset {
        &self.assets.as_slice()[strike.asset]
    }

    /// The groups of the assets, in order of first appearance.
    pub fn groups(&self) -> Vec<String> {
        self.assets
            .groups()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The assets of `group`, their strikes and their prices: a dataset of one group, in
    /// one unit, that every figure can be computed on.
    pub fn group(&self, group: &str) -> Result<Dataset, Error> {
        let groups = self.groups();
        if !groups.iter().any(|g| g == group) {
            return Err(Error::setting(
                "group",
                format!("one of the groups of the assets ({})", groups.join(", ")),
                group,
            ));
        }
        let mut position = vec![usize::MAX; self.assets.len()];
        let mut assets = Vec::new();
        for (i, a) in self.assets.as_slice().iter().enumerate() {
            if a.group == group {
                position[i] = assets.len();
                assets.push(a.clone());
            }
        }
        let strikes = self
            .strikes
            .iter()
            .filter(|s| position[s.asset] != usize::MAX)
            .map(|s| Strike {
                asset: position[s.asset],
                ..s.clone()
            })
            .collect();
        Ok(Dataset {
            assets: Assets::new(assets),
            strikes,
            prices: self.prices.for_group(group),
            origin: self.origin.clone(),
            yields: self.yields.clone(),
            exports: self.exports.clone(),
            balance: self.balance.clone(),
            provenance: self.provenance.clone(),
            warnings: self.warnings.clone(),
        })
    }

    /// The datasets a run computes, one per group: `group`'s alone, or with `None` each
    /// group of the assets (the data itself when it has one group).
    pub fn each_group(self, group: Option<&str>) -> Result<Vec<Dataset>, Error> {
        let groups = self.groups();
        match (group, groups.as_slice()) {
            (None, [_] | []) => Ok(vec![self]),
            (Some(g), [one]) if g == one => Ok(vec![self]),
            (Some(g), _) => Ok(vec![self.group(g)?]),
            (None, _) => groups.iter().map(|g| self.group(g)).collect(),
        }
    }

    /// The one group of the assets, or an error naming the groups when there are several:
    /// figures are computed per group, never summed across groups or units.
    pub fn single_group(&self) -> Result<String, Error> {
        match self.groups().as_slice() {
            [] => Ok(DEFAULT_GROUP.to_owned()),
            [one] => Ok(one.clone()),
            several => Err(Error::setting(
                "group",
                format!(
                    "one group: figures are per group (choose one of {} with Dataset::group)",
                    several.join(", ")
                ),
                format!("{} groups", several.len()),
            )),
        }
    }

    /// Both datasets in one: the assets of `other` after these (ids must stay unique),
    /// the strikes of both, and `other`'s group prices beside these.
    pub fn combine(self, other: Dataset) -> Result<Dataset, Error> {
        let offset = self.assets.len();
        let mut assets = self.assets.as_slice().to_vec();
        for a in other.assets.as_slice() {
            if self.assets.position(&a.id).is_some() {
                return Err(Error::setting(
                    "assets",
                    "asset ids unique across the combined tables",
                    format!("{} twice", a.id),
                ));
            }
            assets.push(a.clone());
        }
        let mut strikes = self.strikes;
        strikes.extend(other.strikes.into_iter().map(|s| Strike {
            asset: s.asset + offset,
            ..s
        }));
        strikes.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let mut prices = self.prices;
        for group in other.assets.groups() {
            prices = prices.with_group(group, other.prices.for_group(group).as_slice().to_vec());
        }
        let mut warnings = self.warnings;
        warnings.extend(other.warnings);
        // An input both were loaded from is listed once.
        let mut inputs = self.provenance.inputs.clone();
        for i in other.provenance.inputs {
            if !inputs.contains(&i) {
                inputs.push(i);
            }
        }
        Ok(Dataset {
            assets: Assets::new(assets),
            strikes,
            prices,
            origin: self.origin,
            yields: self.yields,
            exports: self.exports,
            balance: self.balance,
            provenance: Provenance {
                inputs,
                ..self.provenance
            },
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_is_mapped_and_read_as_its_bytes_are() {
        // Over MAP_FILES_FROM, with a quoted cell, CRLF rows and a bad row far in.
        let mut text = String::from("strike_id,date,asset_id,disabled_share,repair_days\r\n");
        let mut i = 0;
        while text.len() < 2 * MAP_FILES_FROM as usize {
            text.push_str(&format!(
                "s{i},2024-01-0{},\"a{}\",0.5,{}\n",
                1 + i % 9,
                i % 7,
                1 + i % 30
            ));
            if i == 40_000 {
                text.push_str("bad,2024-01-01,a1,0.5,3,4\r\n");
            }
            i += 1;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &text).unwrap();
        let name = path.display().to_string();
        let mapped = read_file(&path).unwrap_err();
        let read = reader::read_csv_bytes(&name, text.as_bytes()).unwrap_err();
        assert_eq!(mapped.problems, read.problems);
        assert_eq!(mapped.problems.len(), 1);
        assert_eq!(mapped.problems[0].line, Some(40_003));
        // Without the bad row the rows are the same too.
        let good = text.replace("bad,2024-01-01,a1,0.5,3,4\r\n", "");
        std::fs::write(&path, &good).unwrap();
        let mapped = read_file(&path).unwrap();
        let read = reader::read_csv_bytes(&name, good.as_bytes()).unwrap();
        let rows = |t: &table::RawTable| -> Vec<(usize, Vec<String>)> {
            t.rows()
                .map(|r| (r.line, r.cells().map(str::to_owned).collect()))
                .collect()
        };
        assert_eq!(mapped.headers, read.headers);
        assert_eq!(rows(&mapped), rows(&read));
        assert_eq!(rows(&mapped).len(), i);
    }

    fn strikes_table(repair: &str) -> Table {
        let mut t = Table::default();
        t.push("strike_id", Values::Text(vec!["a".into(), "b".into()]));
        t.push(
            "date",
            Values::Text(vec!["2025-01-01".into(), "2025-01-02".into()]),
        );
        t.push(
            "asset_id",
            Values::Text(vec!["ryazan".into(), "ryazan".into()]),
        );
        t.push("disabled_share", Values::Float(vec![0.5, 0.25]));
        t.push(
            "repair_days",
            Values::Text(vec!["10".into(), repair.into()]),
        );
        t
    }

    #[test]
    #[cfg(feature = "parquet")]
    fn parquet_input_is_validated_like_csv_with_row_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("strikes.parquet");
        strikes_table("-3")
            .write_parquet(std::fs::File::create(&path).unwrap())
            .unwrap();
        let err = Dataset::load(&Sources {
            strikes: vec![path.clone()],
            ..Sources::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("strikes.parquet row 2, column repair_days: expected a whole number of days from 1 to 36,500, found \"-3\""),
            "{err}"
        );
        strikes_table("4")
            .write_parquet(std::fs::File::create(&path).unwrap())
            .unwrap();
        let data = Dataset::load(&Sources {
            strikes: vec![path],
            ..Sources::default()
        })
        .unwrap();
        assert_eq!(data.strikes.len(), 2);
        // ryazan is 17.1 Mt/yr in the bundled refineries: a quarter is 4.275.
        assert!((data.strikes[1].disabled - 17.1 * 0.25).abs() < 1e-12);
    }

    #[test]
    #[cfg(feature = "parquet")]
    fn dataframes_built_in_memory_load_too() {
        let data = Dataset::bundled().unwrap().group("ru-refining").unwrap();
        let assets = read_raw(InputKind::Assets, None).unwrap();
        let mut t = Table::default();
        for (i, h) in assets.headers.iter().enumerate() {
            t.push(
                h,
                Values::Text(assets.rows().map(|r| r.cell(i).to_owned()).collect()),
            );
        }
        let strikes = strikes_table("4").to_dataframe().unwrap();
        let mut prices = Table::default();
        prices.push("date", Values::Text(vec!["2025-01-01".into()]));
        prices.push("product_usd_t", Values::Float(vec![500.0]));
        prices.push("crude_usd_t", Values::Float(vec![400.0]));
        let loaded = Dataset::from_dataframes(
            &t.to_dataframe().unwrap(),
            &strikes,
            &prices.to_dataframe().unwrap(),
        )
        .unwrap();
        assert_eq!(loaded.assets.len(), data.assets.len());
        assert_eq!(loaded.strikes.len(), 2);
        assert_eq!(loaded.prices.as_slice().len(), 1);
    }

    /// Typed Parquet cells are checked as values, not as text: every problem is the one the
    /// same cells give as CSV text, at the same row, whether the value is refused by its rule,
    /// missing, past the dates text can hold, or not a number at all.
    #[test]
    #[cfg(feature = "parquet")]
    fn typed_cells_are_refused_as_their_text_is() {
        let dir = tempfile::tempdir().unwrap();
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let n = 8;
        let repairs = [
            Values::Float(vec![14.0, 2.5, 1e20, 0.0, 7.0, f64::NAN, -1.0, 3.0]),
            Values::Int(vec![0, -3, 40_000, 7, 1, 2, 36_500, 36_501]),
        ];
        for repair in repairs {
            let float_repairs = matches!(repair, Values::Float(_));
            let mut t = Table::default();
            t.push(
                "strike_id",
                Values::Text((0..n).map(|i| format!("s{i}")).collect()),
            );
            t.push(
                "date",
                Values::MaybeDate(vec![
                    Some(d("2025-01-01")),
                    None,
                    Some(chrono::NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap()),
                    Some(d("2025-01-04")),
                    Some(d("2025-01-05")),
                    Some(chrono::NaiveDate::from_ymd_opt(-5, 1, 6).unwrap()),
                    Some(d("2025-01-07")),
                    Some(d("2025-01-08")),
                ]),
            );
            t.push("asset_id", Values::Text(vec!["ryazan".into(); n]));
            t.push(
                "disabled_share",
                Values::Float(vec![
                    0.5,
                    f64::NAN,
                    1e300,
                    1.0 / 3.0,
                    -0.0,
                    2.0,
                    f64::INFINITY,
                    0.25,
                ]),
            );
            t.push("repair_days", repair);
            t.push(
                "restart_date",
                Values::MaybeDate(vec![
                    None,
                    Some(d("2025-01-10")),
                    None,
                    Some(d("2024-12-01")),
                    None,
                    None,
                    Some(d("2025-01-20")),
                    None,
                ]),
            );
            let pq = dir.path().join("s.parquet");
            t.write_parquet(std::fs::File::create(&pq).unwrap())
                .unwrap();
            // The same cells as CSV text: each typed cell written out as the checks write it.
            let raw = read_file(&pq).unwrap();
            let csv = dir.path().join("s.csv");
            let mut w = csv::Writer::from_path(&csv).unwrap();
            w.write_record(&raw.headers).unwrap();
            for row in raw.rows() {
                w.write_record(row.cells()).unwrap();
            }
            w.flush().unwrap();
            let problems = |p: &Path| match Dataset::load(&Sources {
                strikes: vec![p.to_owned()],
                ..Sources::default()
            }) {
                Err(Error::Invalid(report)) => report.problems,
                other => panic!("expected problems, found {other:?}"),
            };
            let from_csv = problems(&csv);
            let as_csv: Vec<Problem> = problems(&pq)
                .into_iter()
                .map(|p| Problem {
                    file: csv.display().to_string(),
                    line: p.line.map(|l| l + 1),
                    line_label: "line",
                    ..p
                })
                .collect();
            assert_eq!(as_csv, from_csv);
            let text = ValidationReport::of(from_csv).to_string();
            for found in [
                "\"1e300\"",
                "\"+10000-01-01\"",
                "\"-0.0\"",
                "\"2.0\"",
                "\"-0005-01-06\"",
            ]
            .into_iter()
            .chain(if float_repairs {
                ["\"2.5\"", "\"1e20\"", "\"0.0\""]
            } else {
                ["\"-3\"", "\"40000\"", "\"36501\""]
            }) {
                assert!(text.contains(found), "{found} in {text}");
            }
            assert!(text.contains("date: expected a date as YYYY-MM-DD, found an empty cell"));
            assert!(text.contains("found both empty"), "{text}");
        }
    }

    #[test]
    #[cfg(feature = "parquet")]
    fn typed_parquet_columns_read_as_their_csv_text() {
        let dir = tempfile::tempdir().unwrap();
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let mut t = Table::default();
        let n = 70_000;
        t.push(
            "strike_id",
            Values::Text((0..n).map(|i| format!("s{i}")).collect()),
        );
        t.push(
            "date",
            Values::Date(
                (0..n)
                    .map(|i| d("2024-01-01") + chrono::Days::new(i % 500))
                    .collect(),
            ),
        );
        t.push("asset_id", Values::Text(vec!["ryazan".into(); n as usize]));
        t.push(
            "disabled_share",
            Values::Float((0..n).map(|i| 0.05 + (i % 90) as f64 / 100.0).collect()),
        );
        t.push(
            "repair_days",
            Values::Int((0..n).map(|i| 1 + (i % 60) as i64).collect()),
        );
        let pq = dir.path().join("s.parquet");
        t.write_parquet(std::fs::File::create(&pq).unwrap())
            .unwrap();
        let csv = dir.path().join("s.csv");
        t.write_csv(std::fs::File::create(&csv).unwrap()).unwrap();
        let load = |p: &Path| {
            Dataset::load(&Sources {
                strikes: vec![p.to_owned()],
                ..Sources::default()
            })
            .unwrap()
            .group("ru-refining")
            .unwrap()
            .strikes
        };
        let (from_pq, from_csv) = (load(&pq), load(&csv));
        assert_eq!(from_pq.len(), n as usize);
        assert_eq!(from_pq, from_csv);
        // A bad typed value is reported as its text, at its row.
        let mut bad = Table::default();
        bad.push("strike_id", Values::Text(vec!["a".into(), "b".into()]));
        bad.push("date", Values::Date(vec![d("2025-01-01"), d("2025-01-02")]));
        bad.push(
            "asset_id",
            Values::Text(vec!["ryazan".into(), "ryazan".into()]),
        );
        bad.push("disabled_share", Values::Float(vec![0.5, 1.25]));
        bad.push("repair_days", Values::Int(vec![-3, 4]));
        bad.write_parquet(std::fs::File::create(&pq).unwrap())
            .unwrap();
        let err = Dataset::load(&Sources {
            strikes: vec![pq],
            ..Sources::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("s.parquet row 1, column repair_days: expected a whole number of days from 1 to 36,500, found \"-3\""), "{err}");
        assert!(err.contains("s.parquet row 2, column disabled_share: expected a share with 0 < s <= 1, found \"1.25\""), "{err}");
    }
}
