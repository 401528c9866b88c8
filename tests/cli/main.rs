//! Integration tests: the real binary on good and bad files.
//!
//! Each test gets a fresh folder ([`Workdir`]), writes its input files there and runs
//! `strike-impact` in it; a failing check prints the command, folder, stdout and stderr.

mod workdir;

mod test_backtest;
mod test_chart;
mod test_datasets;
mod test_flags;
mod test_fuels;
mod test_groups;
mod test_history;
mod test_ingest;
mod test_outputs;
mod test_power;
mod test_project;
mod test_readme;
mod test_records;
mod test_report;
mod test_run_record;
mod test_sensitivity;
mod test_shards;
mod test_silent;
mod test_sweep;
mod test_units;
mod test_validate;
