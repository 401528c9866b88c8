//! # strike-impact
//!
//! What strikes on energy infrastructure do to refining capacity and revenue, and what a
//! truce would change. Everything a notebook or script needs is in [`prelude`], and reads
//! as the pipeline: load a [`Dataset`](prelude::Dataset) (bundled, files or DataFrames) →
//! [`history`](prelude::history) and [`reconcile`](prelude::reconcile) of what happened,
//! [`check_benchmarks`](prelude::check_benchmarks) against published figures →
//! [`Settings`](prelude::Settings) and [`project`](prelude::project) of what comes →
//! tables ([`Table`](prelude::Table)) and charts ([`render`](prelude::render)).
//! The [`cli`] module is the `strike-impact` command.
//!
//! ```
//! use strike_impact::prelude::*;
//!
//! let data = Dataset::bundled()?.group("ru-refining")?;
//! let from = "2025-01-01".parse()?;
//! let to = "2025-03-31".parse()?;
//! let q1 = history(&data, from, to, Default::default())?;
//! println!("Q1 2025: {:.2} Mt lost ({:.1} % of capacity)",
//!          q1.lost_capacity, q1.mean_offline_share * 100.0);
//! assert!(q1.lost_capacity > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![warn(unreachable_pub, unnameable_types)]
// Without the command line, the crate-internal helpers only it calls are unused.
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]

mod chart;
#[cfg(feature = "cli")]
pub mod cli;
mod data;
mod error;
mod format;
#[cfg(feature = "ingest")]
mod ingest;
mod observed;
mod projection;
mod report;
mod studies;
mod units;

pub use error::{Error, Result};

/// The names a notebook or script needs, in one `use strike_impact::prelude::*;`. This is
/// the library's public API.
pub mod prelude {
    // Load: the input tables, as files, DataFrames or the bundled data.
    pub use crate::data::assets::{Asset, Assets, Confidence, DEFAULT_GROUP, DEFAULT_KIND};
    pub use crate::data::balance::{
        Balance, BalanceMeasure, BalanceSpan, DayBalance, GroupBalance, Season,
    };
    pub use crate::data::benchmarks::{
        load as load_benchmarks, Benchmark, Bound, Cause, FigureBasis, Measure,
    };
    pub use crate::data::exports::{ExportMonth, Exports, ExportsOnDay};
    pub use crate::data::frame::{Table, Values};
    pub use crate::data::prices::{PricePoint, Prices};
    pub use crate::data::reader::read_csv_bytes as read_csv_table;
    pub use crate::data::strikes::{Basis, Certainty, Hit, Strike, StrikeNotes, UnitType};
    pub use crate::data::table::{RawRow, RawTable, RowBlock};
    pub use crate::data::yields::{Product, Slate, Yields};
    pub use crate::data::{
        read_file as read_table, Dataset, Input, InputKind, InputRecord, Provenance, Sources,
    };
    pub use crate::error::{
        BoxError, Error, Problem, Result, SettingProblem, SettingsReport, ShardProblem,
        ShardReport, ValidationReport,
    };
    pub use crate::units::{Quantity, Unit};
    // What happened: history, record draws, reconciliation, benchmarks.
    pub use crate::observed::benchmarks::{
        check_benchmarks, BenchmarkCheck, NotComparable, Verdict,
    };
    pub use crate::observed::draws::{Band, HistoryBands};
    pub use crate::observed::figures::{DrawOptions, HistoryOptions};
    pub use crate::observed::fuels::{unit_shares, CRACKER_SHARES, REFORMER_SHARES};
    pub use crate::observed::history::{
        history, history_days, AssetHistory, History, HistoryDay, Month, StrikeContribution,
    };
    pub use crate::observed::period::{
        asset_losses, benchmark_series, monthly_loss, outage_bars, AssetLoss, BenchmarkSeries,
        MonthlyLoss, OutageBar,
    };
    pub use crate::observed::power::{DeficitFigures, DeficitGain, PowerDay};
    pub use crate::observed::reconcile::{reconcile, Claim, ClaimVerdict, Reconciliation};
    pub use crate::observed::records::SpreadCounts;
    pub use crate::observed::revenue::DayRevenue;
    pub use crate::observed::timeline::Window;
    // What comes: settings, scenarios, the projection and its Monte Carlo bands; the Monte
    // Carlo in shards, merged (another process, machine or Dask worker per shard).
    pub use crate::projection::arrivals::{
        fit as fit_arrivals, fit_campaign, fit_hawkes_times, fit_negbin_shape, hawkes_loglik,
        negbin_loglik, poisson_loglik, simulate_hawkes, ArrivalParam, Arrivals, CampaignEvidence,
        CampaignFit, Estimate, Fitted, HawkesFit, NegBinShape, Params, UnknownArrivals,
        CAMPAIGN_MIN_EVENTS, HAWKES_MAX_BRANCHING, HAWKES_MIN_EVENTS, NEGBIN_MIN_WINDOWS,
    };
    pub use crate::projection::calibration::{Calibration, LevelMap, UnknownCalibration};
    pub use crate::projection::expected::{
        project, Idle, Note, ObservedHistory, Projection, ScenarioPath, ScenarioResult, Summary,
    };
    pub use crate::projection::montecarlo::MonteCarloOptions;
    pub use crate::projection::montecarlo_stats::{Bands, Quantiles, ScenarioBands};
    pub use crate::projection::scenario::{
        earned_default, Cover, RangeGiven, Scenario, Settings, SettingsOrigin, Truce,
        EARNED_DEFAULTS, SETTING_FIELDS,
    };
    pub use crate::projection::scenario_file::SettingsBuilder;
    pub use crate::projection::shard::{merge_shards, read_shards, MergedRun, Shard, ShardState};
    pub use crate::projection::track::{
        TrackRecord, TRACK_EVERY_DAYS, TRACK_HORIZON_DAYS, TRACK_PATHS,
    };
    pub use crate::projection::DEFAULT_SEED;
    // Studies over many projections: backtest, sensitivity, sweep.
    pub use crate::studies::backtest::{
        backtest, interval_score, model_label, wilson, Backtest, BacktestOptions, BacktestRow,
        BacktestScore, LEVELS,
    };
    #[cfg(feature = "sobol")]
    pub use crate::studies::sensitivity::{sobol, sobol_indices};
    pub use crate::studies::sensitivity::{
        tornado, Factor, Figure, Indices, Input as SensitivityInput, Interval,
        Problem as SensitivityProblem, Sobol, SobolEstimate, SobolIndex, SobolOptions, Target,
        Tornado, TornadoBar,
    };
    pub use crate::studies::sweep::{sweep, SweepAxes, SweepPoint, SweepRow};
    // Out: tables and charts.
    pub use crate::chart::sensitivity::{
        render_sobol as sobol_chart, render_tornado as tornado_chart, SensitivityChart,
    };
    pub use crate::chart::series::{DailySeries, DayBands, ScenarioSeries};
    pub use crate::chart::sweep::{render as sweep_chart, SweepChart, SWEPT};
    pub use crate::chart::{
        render, ChartInput, ChartKind, ChartText, ImageFormat, RecordCharts, SvgImage,
    };
    pub use crate::report::charts::record_charts;
    pub use crate::report::page::{
        command as report_command, report_page, ReportOptions, DEFAULT_BACKTEST_PATHS,
        DEFAULT_REPORT_PATHS,
    };
    pub use crate::report::run::{flag_label, warning_lines, GivenLabel, RunRecord};
    pub use crate::report::tables::{sweep_table, Format};

    #[cfg(feature = "ingest")]
    pub use crate::ingest::{
        ingest, Candidate, Event, IngestOptions, IngestRecords, IngestRun, Ingested, Layout,
        Nearest, Skipped,
    };
}
