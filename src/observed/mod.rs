//! What happened: the outage timeline of the records, history over a period, the
//! uncertainty of the records, headline reconciliation, published benchmarks, and the
//! revenue of a day's output.

pub(crate) mod benchmarks;
pub(crate) mod draws;
pub(crate) mod figures;
pub(crate) mod fuels;
pub(crate) mod history;
pub(crate) mod period;
pub(crate) mod power;
pub(crate) mod reconcile;
pub(crate) mod records;
pub(crate) mod revenue;
pub(crate) mod stats;
pub(crate) mod timeline;

pub(crate) use benchmarks::{check_benchmarks, BenchmarkCheck, Verdict};
pub(crate) use draws::{Band, HistoryBands};
pub(crate) use figures::{DrawOptions, HistoryOptions, DEFAULT_UTILIZATION};
pub(crate) use history::{history, History};
pub(crate) use reconcile::{reconcile, Claim, ClaimVerdict};
