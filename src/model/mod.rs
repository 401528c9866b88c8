//! The calculation model of MODEL.md: outage timeline, history, headline reconciliation,
//! scenarios, expected path, Monte Carlo and revenue.

pub(crate) mod backtest;
pub(crate) mod benchmarks;
pub(crate) mod history;
pub(crate) mod montecarlo;
pub(crate) mod projection;
#[cfg(test)]
mod properties;
pub(crate) mod reconcile;
pub(crate) mod records;
pub(crate) mod revenue;
pub(crate) mod scenario;
pub(crate) mod sensitivity;
pub(crate) mod shard;
pub(crate) mod stats;
pub(crate) mod sweep;
pub(crate) mod timeline;

pub(crate) use benchmarks::{check_benchmarks, BenchmarkCheck, NotComparable, Verdict};
pub(crate) use history::{
    history, Band, DrawOptions, History, HistoryBands, HistoryOptions, DEFAULT_UTILIZATION,
};
pub(crate) use montecarlo::MonteCarloOptions;
pub(crate) use reconcile::{reconcile, Claim, ClaimVerdict};
