//! What may happen: scenarios and their file format, the baseline a projection starts
//! from, the expected path, the Monte Carlo and its shards.

pub(crate) mod arrivals;
pub(crate) mod baseline;
pub(crate) mod calibration;
pub(crate) mod expected;
#[cfg(test)]
mod fuzz;
pub(crate) mod montecarlo;
pub(crate) mod montecarlo_stats;
pub(crate) mod past;
#[cfg(test)]
mod properties;
pub(crate) mod scenario;
pub(crate) mod scenario_file;
pub(crate) mod shard;
pub(crate) mod track;

pub(crate) use montecarlo::MonteCarloOptions;

/// The seed of the Monte Carlo paths, the Sobol' sample and its bootstrap when none is
/// given (and of the record draws of a backtest, which has always seeded both with it).
pub const DEFAULT_SEED: u64 = 42;
