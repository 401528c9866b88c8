//! `project --shard I/K --state FILE` and `merge`: a Monte Carlo run in parts, joined.

use std::path::Path;

use crate::workdir::Workdir;

/// Every file under `dir`, relative path and bytes, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

const RUN: [&str; 6] = ["--paths", "600", "--seed", "11", "--format", "parquet"];

#[test]
fn merged_shards_write_the_single_runs_bytes_for_any_shard_count() {
    let w = Workdir::new();
    let single = [
        &[
            "project",
            "--out",
            "single",
            "--charts",
            "charts-single",
            "-q",
        ][..],
        &RUN,
    ]
    .concat();
    w.run(&single).ok();
    let expected = files(&w.path().join("single"));
    assert!(
        expected.len() == 8,
        "{:?}",
        expected.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let charts = files(&w.path().join("charts-single"));
    for k in [1, 2, 5] {
        let mut states = Vec::new();
        for i in (0..k).rev() {
            let state = format!("k{k}-{i}.state");
            let shard = format!("{i}/{k}");
            let args = [
                &["project", "--shard", &shard, "--state", &state, "-q"][..],
                &RUN,
            ]
            .concat();
            w.run(&args).ok();
            states.push(state);
        }
        let out = format!("merged-{k}");
        let chart_dir = format!("charts-{k}");
        let mut args = vec!["merge", "--out", &out, "--format", "parquet", "-q"];
        if k == 2 {
            args.extend(["--charts", &chart_dir]);
        }
        args.extend(states.iter().map(String::as_str));
        w.run(&args).ok();
        let got = files(&w.path().join(&out));
        assert_eq!(got.len(), expected.len(), "{k} shards");
        for (a, b) in got.iter().zip(&expected) {
            assert!(a == b, "{k} shards: {} differs from the single run's", a.0);
        }
        if k == 2 {
            assert!(
                files(&w.path().join(&chart_dir)) == charts,
                "charts of 2 shards differ"
            );
        }
    }
}

#[test]
fn a_shard_run_again_changes_nothing() {
    let w = Workdir::new();
    let args = |i: &str, state: &str| {
        [
            &[
                "project",
                "--group",
                "ru-refining",
                "--shard",
                i,
                "--state",
                state,
                "-q",
            ][..],
            &RUN,
        ]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| {
        w.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
            .ok()
    };
    run(args("0/2", "a.state"));
    run(args("1/2", "b.state"));
    w.run(&["merge", "a.state", "b.state", "--out", "first", "-q"])
        .ok();
    // The second shard lost, and run again elsewhere (here: on one thread).
    std::fs::remove_file(w.path().join("b.state")).unwrap();
    let again: Vec<String> = args("1/2", "b.state");
    w.run_env(
        &again.iter().map(String::as_str).collect::<Vec<_>>(),
        &[("RAYON_NUM_THREADS", "1")],
    )
    .ok();
    w.run(&["merge", "b.state", "a.state", "--out", "again", "-q"])
        .ok();
    let (first, again) = (
        files(&w.path().join("first")),
        files(&w.path().join("again")),
    );
    assert_eq!(first.len(), 3);
    assert!(first == again);
}

#[test]
fn states_of_another_run_and_missing_parts_are_refused_and_nothing_is_written() {
    let w = Workdir::new();
    let shard = |i: &str, seed: &str, state: &str| {
        w.run(&[
            "project",
            "--group",
            "ru-refining",
            "--paths",
            "90",
            "--seed",
            seed,
            "--shard",
            i,
            "--state",
            state,
            "-q",
        ])
        .ok();
    };
    shard("0/3", "1", "a.state");
    shard("1/3", "1", "b.state");
    shard("2/3", "2", "c.state");
    w.write("junk.state", "not a state");
    let err = w
        .run(&["merge", "a.state", "c.state", "junk.state", "--out", "o"])
        .input_error(&["junk.state: expected a shard state"]);
    // Every problem of the files that could be read comes first; then the merge itself.
    assert!(!w.path().join("o").exists(), "{err}");
    let err = w
        .run(&["merge", "a.state", "b.state", "c.state", "--out", "o"])
        .input_error(&[
            "c.state: expected a shard of the same run as a.state",
            "seed 2 against 1",
        ]);
    assert!(!w.path().join("o").exists(), "{err}");
    w.run(&["merge", "a.state", "b.state", "--out", "o"])
        .input_error(&["found none for paths 60..90"]);
    w.run(&["merge", "a.state", "a.state", "b.state", "--out", "o"])
        .input_error(&["expected each path in one state only"]);
    w.run(&[
        "project", "--shard", "2/2", "--state", "x.state", "--paths", "10",
    ])
    .input_error(&["--shard", "0 <= I < K"]);
    w.run(&["project", "--shard", "0/2", "--state", "x.state"])
        .input_error(&["--paths", "at least 1 path with --shard"]);
    assert!(!w.path().join("o").exists());
    assert!(!w.path().join("x.state").exists());
}
