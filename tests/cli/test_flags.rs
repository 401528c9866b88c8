//! One meaning per flag: the old spellings still work for one release and say so, the
//! shared flags are taken wherever they mean something, and the README's "Flags" table
//! lists every flag the commands take.

use crate::workdir::{Run, Workdir};

/// The one line an old spelling writes to stderr.
fn warning(old: &str, new: &str) -> String {
    format!("warning: {old} is deprecated and will be removed in the next release; use {new}\n")
}

/// Asserts that the run succeeded and that its stderr holds `warning(old, new)` exactly once.
#[track_caller]
fn warns_once(run: &Run, old: &str, new: &str) {
    run.ok();
    let line = warning(old, new);
    assert_eq!(
        run.stderr().matches(&line).count(),
        1,
        "expected one {line:?}\n{run}"
    );
}

/// Asserts that the run succeeded without a word about deprecation.
#[track_caller]
fn no_warning(run: &Run) {
    run.ok();
    assert!(!run.stderr().contains("deprecated"), "{run}");
}

fn read(w: &Workdir, name: &str) -> Vec<u8> {
    std::fs::read(w.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn chart_draw_seed_still_seeds_the_record_draws_and_warns() {
    let w = Workdir::new();
    let chart = |seed_flag: &str, seed: &str, out: &str| {
        w.run(&[
            "chart",
            "monthly",
            "--group",
            "ru-refining",
            "--draws",
            "40",
            seed_flag,
            seed,
            "--out",
            out,
        ])
    };
    warns_once(
        &chart("--draw-seed", "7", "old.svg"),
        "--draw-seed",
        "--seed",
    );
    no_warning(&chart("--seed", "7", "new.svg"));
    assert!(read(&w, "old.svg") == read(&w, "new.svg"));
    // The seed does seed the draws: another seed, another chart.
    chart("--seed", "8", "eight.svg").ok();
    assert!(read(&w, "eight.svg") != read(&w, "new.svg"));
}

const BACKTEST: [&str; 9] = [
    "backtest",
    "--group",
    "ru-refining",
    "--every",
    "56",
    "--paths",
    "50",
    "--lookback-days",
    "90",
];

fn backtest(w: &Workdir, extra: &[&str], out: &str) -> Run {
    let mut args = BACKTEST.to_vec();
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--out", out, "--quiet"]);
    w.run(&args)
}

#[test]
fn backtest_from_and_to_still_give_the_as_of_range_and_warn() {
    let w = Workdir::new();
    let old = backtest(&w, &["--from", "2024-06-01", "--to", "2025-01-31"], "old");
    warns_once(&old, "--from", "--first-as-of");
    warns_once(&old, "--to", "--last-as-of");
    let new = backtest(
        &w,
        &["--first-as-of", "2024-06-01", "--last-as-of", "2025-01-31"],
        "new",
    );
    no_warning(&new);
    assert!(read(&w, "old/backtest.csv") == read(&w, "new/backtest.csv"));
    let rows = String::from_utf8(read(&w, "new/backtest.csv")).unwrap();
    assert!(rows.contains(",2024-06-01,"), "{rows}");
    assert!(!rows.contains(",2024-03-01,"), "{rows}");
}

#[test]
fn backtest_draws_still_gives_the_observed_band_and_warns() {
    let w = Workdir::new();
    let range = ["--first-as-of", "2024-06-01", "--last-as-of", "2024-09-30"];
    let mut old_args = range.to_vec();
    old_args.extend_from_slice(&["--draws", "30"]);
    warns_once(
        &backtest(&w, &old_args, "old"),
        "--draws",
        "--observed-draws",
    );
    let mut new_args = range.to_vec();
    new_args.extend_from_slice(&["--observed-draws", "30"]);
    no_warning(&backtest(&w, &new_args, "new"));
    assert!(read(&w, "old/backtest.csv") == read(&w, "new/backtest.csv"));
    // Without either, no band, as before.
    no_warning(&backtest(&w, &range, "none"));
    assert!(read(&w, "none/backtest.csv") != read(&w, "new/backtest.csv"));
}

#[test]
fn sensitivity_target_still_names_the_figure_and_warns() {
    let w = Workdir::new();
    let run = |flag: &str, out: &str| {
        w.run(&[
            "sensitivity",
            "--group",
            "ru-refining",
            "--method",
            "tornado",
            flag,
            "gain_capacity_mt",
            "--out",
            out,
            "--quiet",
        ])
    };
    let old = run("--target", "old");
    warns_once(&old, "--target", "--figure");
    let new = run("--figure", "new");
    no_warning(&new);
    assert!(read(&w, "old/tornado.csv") == read(&w, "new/tornado.csv"));
    assert!(
        new.stdout().contains("tornado: gain_capacity_mt of truce"),
        "{new}"
    );
    // Both at once is refused.
    let both = w.run(&[
        "sensitivity",
        "--figure",
        "gain_capacity_mt",
        "--target",
        "gain_capacity_mt",
    ]);
    assert_eq!(both.code(), Some(2), "{both}");
}

#[test]
fn every_command_that_draws_at_random_takes_threads() {
    let w = Workdir::new();
    let history = |threads: &str| {
        w.run(&[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--group",
            "ru-refining",
            "--draws",
            "200",
            "--json",
            "--threads",
            threads,
        ])
        .ok()
    };
    assert_eq!(history("1"), history("2"));
    w.run(&[
        "reconcile",
        "--volume-mt",
        "3.3",
        "--share",
        "0.04",
        "--draws",
        "50",
        "--threads",
        "1",
    ])
    .ok();
    w.run(&[
        "chart",
        "monthly",
        "--draws",
        "40",
        "--threads",
        "1",
        "--out",
        "m.svg",
    ])
    .ok();
    let one = backtest(&w, &["--last-as-of", "2024-06-30", "--threads", "1"], "one");
    no_warning(&one);
    backtest(&w, &["--last-as-of", "2024-06-30", "--threads", "2"], "two").ok();
    assert!(read(&w, "one/backtest.csv") == read(&w, "two/backtest.csv"));
}

#[test]
fn ingest_layers_repeated_assets_and_strikes_as_every_command_does() {
    let w = Workdir::new();
    w.run(&["datasets", "export", "d"]).ok();
    w.write(
        "events.csv",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/acled/events.csv"
        ))
        .unwrap(),
    );
    w.run(&["ingest", "acled", "events.csv", "--out", "bundled.csv"])
        .ok();
    w.run(&[
        "ingest",
        "acled",
        "events.csv",
        "--assets",
        "d/refineries.csv",
        "--assets",
        "d/ua-power-plants.csv",
        "--strikes",
        "d/strikes.csv",
        "--strikes",
        "d/ua-power-strikes.csv",
        "--out",
        "layered.csv",
    ])
    .ok();
    // The bundled data, layered from its exported files, gives the same rows (under the
    // first strikes file's header; the bundled run's is the power records', as a row is a
    // power plant's: they differ in the name of the empty disabled column only).
    let text = |f: &str| String::from_utf8(read(&w, f)).unwrap();
    let (bundled, layered) = (text("bundled.csv"), text("layered.csv"));
    let rows = |t: &str| t.split_once('\n').unwrap().1.to_owned();
    assert_eq!(rows(&bundled), rows(&layered));
    assert_eq!(
        bundled
            .lines()
            .next()
            .unwrap()
            .replace(",disabled,", ",disabled_mtpa,"),
        layered.lines().next().unwrap()
    );
    // An asset id in two files is refused, as in every other command.
    w.run(&[
        "ingest",
        "acled",
        "events.csv",
        "--assets",
        "d/refineries.csv",
        "--assets",
        "d/refineries.csv",
        "--out",
        "twice.csv",
    ])
    .input_error(&["expected an id not given in an earlier file"]);
}

/// The long flags a command's `--help` lists.
fn flags_of(help: &str) -> Vec<String> {
    let mut flags: Vec<String> = help
        .split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']' || c == '=')
        .filter(|t| t.starts_with("--") && t.len() > 2)
        .map(|t| {
            t.trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_owned()
        })
        .filter(|t| t.len() > 2 && t.chars().all(|c| c == '-' || c.is_ascii_alphanumeric()))
        .collect();
    flags.sort();
    flags.dedup();
    flags
}

#[test]
fn the_readme_flags_table_lists_every_flag() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split_once("## Flags")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .expect("README has a Flags section");
    let w = Workdir::new();
    for command in [
        &["validate"][..],
        &["history"],
        &["reconcile"],
        &["project"],
        &["chart"],
        &["datasets", "export"],
        &["datasets", "template"],
        &["backtest"],
        &["merge"],
        &["ingest", "acled"],
        &["ingest", "events"],
        &["sweep"],
        &["sensitivity"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let help = w.run(&args).ok();
        // The options only: the examples after them name flags of other commands too.
        let options = help.split("Examples:").next().unwrap_or(&help);
        for flag in flags_of(options) {
            if flag == "--help" || flag == "--version" {
                continue;
            }
            assert!(
                table.contains(&format!("`{flag}")),
                "README's Flags table lacks {flag} ({})",
                command.join(" ")
            );
        }
        // The old spellings are hidden from the help.
        for old in ["--draw-seed", "--target"] {
            assert!(
                !options.contains(old),
                "{} --help shows {old}",
                command.join(" ")
            );
        }
    }
    for old in [
        "chart --draw-seed",
        "backtest --from",
        "backtest --draws",
        "sensitivity --target",
    ] {
        assert!(table.contains(old), "README lacks {old}");
    }
}
