//! Every group in its own unit: figures that exist only for one unit are refused by name
//! for the others, and defaults are one and stated (the numbered items are those of the
//! groups-and-units review).

use crate::workdir::{json, Workdir};

/// Item 3: a claim in Mt and the refinery benchmarks are not read against power in MW.
#[test]
fn mt_only_checks_refuse_a_group_in_another_unit_by_name() {
    let w = Workdir::new();
    let why = "group ua-power is in MW: choose a group in Mt/yr";
    w.run(&[
        "reconcile",
        "--volume-mt",
        "3.3",
        "--share",
        "0.04",
        "--group",
        "ua-power",
    ])
    .input_error(&[
        "a claim of lost volume (volume_mt, share): figures of refining in Mt",
        why,
    ]);
    // Benchmarks that name no group are figures of refining: none is read against power
    // (the bundled ones that name ua-power are its hours without power).
    w.write(
        "refining.csv",
        "benchmark_id,from,to,measure,value,bound,basis,cause\nq1,2025-01-01,2025-03-31,lost_mt,3.3,about,capacity,strikes\n",
    );
    w.run(&[
        "reconcile",
        "--benchmarks",
        "refining.csv",
        "--group",
        "ua-power",
    ])
    .input_error(&[
        "the published benchmarks: no row names group ua-power (in MW); the rows without a group are figures of refining in Mt",
    ]);
    w.run(&[
        "chart",
        "benchmarks",
        "--group",
        "ua-power",
        "--out",
        "b.png",
    ])
    .input_error(&["the published benchmarks: figures of refining in Mt", why]);
    assert!(!w.path().join("b.png").exists());
    // The refinery group is unchanged.
    let v = json(
        &w.run(&[
            "reconcile",
            "--volume-mt",
            "3.3",
            "--share",
            "0.04",
            "--from",
            "2025-01-01",
            "--group",
            "ru-refining",
            "--json",
            "--draws",
            "0",
        ])
        .ok(),
    );
    assert_eq!(v["start"], "given");
    assert_eq!(v["implied_period"]["from"], "2025-01-01");
}

/// Item 4: without --from the period's start is the stated default, and a period past the
/// last record is warned; the claim's date as --to gives the headline's quarter.
#[test]
fn reconcile_states_its_default_start_and_warns_past_the_records() {
    let w = Workdir::new();
    let args = [
        "reconcile",
        "--volume-mt",
        "3.3",
        "--share",
        "0.04",
        "--group",
        "ru-refining",
        "--draws",
        "0",
    ];
    let run = w.run(&args);
    let out = run.ok();
    let rule = "the default: January 1 of the year of the latest strike on or before the \
                period's end";
    assert!(
        out.contains(&format!(
            "period from 2026-01-01, {rule} (give --from for another)"
        )),
        "{out}"
    );
    assert!(
        run.stderr()
            .contains("warning: the period runs to 2026-04-02, past the last record"),
        "{}",
        run.stderr()
    );
    let run = w.run(&[&args[..], &["--to", "2025-03-17", "--json"]].concat());
    let v = json(&run.ok());
    assert_eq!(v["implied_period"]["from"], "2025-01-01");
    assert_eq!(v["start"], format!("2025-01-01, {rule}"));
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0, "{v}");
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    // The same figures as the README's --from 2025-01-01.
    let given = json(
        &w.run(
            &[
                &args[..],
                &["--from", "2025-01-01", "--to", "2025-03-17", "--json"],
            ]
            .concat(),
        )
        .ok(),
    );
    assert_eq!(v["implied_period"], given["implied_period"]);
    assert_eq!(v["verdict"], given["verdict"]);
}

/// Item 2: a prices file with a `group` column gives the loaded group its own rows; rows of a
/// group that is not loaded are a warning with file, line and group; a file of which no row
/// applies is an error naming it.
#[test]
fn grouped_price_rows_reach_their_group_and_only_theirs() {
    let w = Workdir::new();
    let template = w.run(&["datasets", "template", "prices"]).ok();
    w.write("prices.csv", &template);
    w.write(
        "assets.csv",
        "asset_id,name,unit,group,capacity\nryazan,Ryazan,mtpa,ru-refining,17.1\n",
    );
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled,repair_days\ns1,2025-01-10,ryazan,5,10\n",
    );
    let flags = ["--assets", "assets.csv", "--strikes", "strikes.csv"];
    let run = w.run(&[&["validate"][..], &flags, &["--prices", "prices.csv"]].concat());
    let out = run.ok();
    assert!(
        out.contains("prices:  1 row, 2025-01-01 .. 2025-01-01"),
        "{out}"
    );
    assert!(
        run.stderr().contains(
            "warning: prices.csv line 3, column group: 1 price row of group ua-power, which no \
             loaded asset belongs to (ru-refining): left out"
        ),
        "{}",
        run.stderr()
    );
    // The group's own row values the lost output, as the same row without a group does.
    let history = |prices: &str| {
        json(
            &w.run(
                &[
                    &[
                        "history",
                        "--from",
                        "2025-01-01",
                        "--to",
                        "2025-01-31",
                        "--json",
                    ][..],
                    &flags,
                    &["--prices", prices, "--draws", "0"],
                ]
                .concat(),
            )
            .ok(),
        )
    };
    w.write(
        "plain.csv",
        "date,value_usd,crude_usd_t\n2025-01-01,520.5,472.6\n",
    );
    let (grouped, plain) = (history("prices.csv"), history("plain.csv"));
    assert!(plain["lost_revenue_usd"].as_f64().unwrap() > 0.0, "{plain}");
    assert_eq!(grouped["lost_revenue_usd"], plain["lost_revenue_usd"]);
    w.write(
        "power-prices.csv",
        "date,group,value_usd\n2025-01-01,ua-power,112.5\n",
    );
    w.run(&[&["validate"][..], &flags, &["--prices", "power-prices.csv"]].concat())
        .input_error(&[
            "power-prices.csv: no price row applies to the loaded group ru-refining (Mt/yr) \
             (the file's rows are of group ua-power)",
        ]);
}

/// Item 13: each error names the flag or the rule that was broken.
#[test]
fn errors_name_the_flag_and_the_rule_broken() {
    let w = Workdir::new();
    let backtest = |flag: &str| {
        w.run(&[
            "backtest",
            "--group",
            "ru-refining",
            flag,
            "0",
            "--paths",
            "10",
        ])
    };
    backtest("--horizon").input_error(&["error: --horizon: expected at least 1 day, found 0"]);
    backtest("--lookback-days").input_error(&[
        "error: --lookback-days: expected lookbacks of at least 1 day each, found [0]",
    ]);
    // Refused before any evaluation is announced.
    let run = w.run(&["sensitivity", "--group", "ru-refining", "--resamples", "0"]);
    let err = run.input_error(&["--resamples: expected at least 1 bootstrap resample, found 0"]);
    assert!(!err.contains("evaluations"), "{err}");
    assert!(!err.contains("--samples"), "{err}");
    w.write(
        "assets.csv",
        "asset_id,name,capacity_mtpa\na,A,1e400\nb,B,10\nc,C,1e300\n",
    );
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days\ns1,2025-01-10,b,5,36501\ns2,2025-01-11,b,5,36500\n",
    );
    w.run(&[
        "validate",
        "--assets",
        "assets.csv",
        "--strikes",
        "strikes.csv",
    ])
    .input_error(&[
        "assets.csv line 2, column capacity_mtpa: expected a capacity in Mt/yr, a number > 0 \
             and at most 1e12, found \"1e400\"",
        // Item 16: a capacity of 1e300 is refused, not printed with 300 digits.
        "assets.csv line 4, column capacity_mtpa: expected a capacity in Mt/yr, a number > 0 \
             and at most 1e12, found \"1e300\"",
        "strikes.csv line 2, column repair_days: expected a whole number of days from 1 to \
             36,500, found \"36501\"",
    ]);
}

/// Item 13: an output folder that is a file, and a scenario name used twice in a file, are
/// named with their place; nothing is written.
#[test]
fn output_places_and_repeated_scenario_names_are_located() {
    let w = Workdir::new();
    w.write("afile", "");
    let err = w
        .run(&[
            "project",
            "--group",
            "ru-refining",
            "--charts",
            "afile",
            "-q",
        ])
        .input_error(&["afile: expected a folder to write afile/capacity.png in, found a file"]);
    assert!(!err.contains("os error"), "{err}");
    assert!(!w.path().join("out").exists(), "nothing written");
    w.write(
        "dup.toml",
        "as_of = 2025-03-17\n[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"a\"\n",
    );
    w.run(&[
        "project",
        "--group",
        "ru-refining",
        "--scenarios",
        "dup.toml",
        "-q",
    ])
    .input_error(&["dup.toml line 5, scenario 2 (a): name: \"a\" is used twice"]);
}

/// Item 6: refinery-only settings on a power group, and a truce that covers the other side
/// only, are said where they happen.
#[test]
fn settings_a_group_cannot_use_are_said() {
    let w = Workdir::new();
    let run = w.run(&["project", "--diversion", "0.5", "-q", "--out", "o"]);
    run.ok();
    let err = run.stderr();
    assert!(
        err.contains(
            "warning: group ua-power: diversion 0.5 is a share of refineries' unprocessed \
             crude; capacity in MW has none, so it is not used"
        ),
        "{err}"
    );
    assert!(!err.contains("group ru-refining: diversion"), "{err}");
    w.run(&[
        "project",
        "--diversion",
        "0.5",
        "--strict",
        "-q",
        "--out",
        "s",
    ])
    .input_error(&["--strict", "capacity in MW has none"]);
    let run = w.run(&[
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--group",
        "ua-power",
        "--diversion",
        "0.5",
        "--barrels-per-tonne",
        "7",
        "--draws",
        "0",
    ]);
    run.ok();
    for flag in ["--diversion", "--barrels-per-tonne"] {
        assert!(
            run.stderr().contains(&format!("warning: {flag} ")),
            "{flag}: {}",
            run.stderr()
        );
    }
    w.write(
        "one.toml",
        "as_of = \"2025-03-17\"\nuntil = \"2025-06-30\"\n[[scenario]]\nname = \"no-truce\"\n\
         [[scenario]]\nname = \"t\"\ntruce_start = \"2025-03-18\"\ntruce_days = 30\n\
         groups = [\"ru-refining\"]\n",
    );
    let out = w
        .run(&["project", "--scenarios", "one.toml", "--out", "p"])
        .ok();
    assert!(
        out.contains("note: t: its truce covers ru-refining only, so here it is the same as no truce (gain 0)"),
        "{out}"
    );
    let run_json = json(&std::fs::read_to_string(w.path().join("p/ua-power/run.json")).unwrap());
    assert!(
        run_json.to_string().contains("truce_not_covering"),
        "{run_json}"
    );
}

/// Item 16 (in part): counts say "1 row", "1 day", never "row(s)" or "(1 days)".
#[test]
fn counts_agree_with_their_nouns() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "reconcile",
            "--volume-mt",
            "0.5",
            "--share",
            "0.5",
            "--from",
            "2025-01-10",
            "--group",
            "ru-refining",
            "--draws",
            "0",
        ])
        .ok();
    // 0.5 / 0.5 = 1 Mt of capacity: 1.1 days of 327 Mt/yr, so one whole day.
    assert!(out.contains("2025-01-10 .. 2025-01-10 (1 day)"), "{out}");
    w.write("assets.csv", "asset_id,name,capacity_mtpa\na,A,10\n");
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days\ns1,2025-01-10,a,5,3\n",
    );
    let out = w
        .run(&[
            "validate",
            "--assets",
            "assets.csv",
            "--strikes",
            "strikes.csv",
        ])
        .ok();
    assert!(out.contains("assets:  1 row, national capacity"), "{out}");
    assert!(
        out.contains("strikes: 1 row, 2025-01-10 .. 2025-01-10"),
        "{out}"
    );
}

/// Item 10 (its help texts): the data flags name both groups' bundled files, and the
/// commands of one group say which they take.
#[test]
fn help_says_which_groups_load_and_which_are_computed() {
    let w = Workdir::new();
    // Help is wrapped to the terminal's width: compared as words.
    let words = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for cmd in ["reconcile", "chart", "sensitivity"] {
        let help = words(w.run(&[cmd, "--help"]).ok());
        assert!(
            help.contains(
                "[default: the first group of the assets: ru-refining on the bundled data]"
            ),
            "{cmd}: {help}"
        );
        assert!(!help.contains("every group of the"), "{cmd}: {help}");
    }
    let help = words(w.run(&["validate", "--help"]).ok());
    for file in [
        "ua-power-plants.csv",
        "ua-power-strikes.csv",
        "ua-power-prices.csv",
    ] {
        assert!(help.contains(file), "{file}: {help}");
    }
    assert!(!help.contains("Assets (refineries) file"), "{help}");
}

/// Item 11: --truce and --compliance say what they do: the bundled scenarios replaced
/// without --scenarios, one compliance for every --truce.
#[test]
fn truce_flags_say_what_they_do() {
    let w = Workdir::new();
    let help = w.run(&["project", "--help"]).ok();
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!help.contains("Add a truce scenario"), "{help}");
    assert!(
        help.contains("without, the truces and a no-truce reference are the scenarios, in place of the bundled file"),
        "{help}"
    );
    assert!(
        help.contains("Compliance of every --truce scenario, one value for all"),
        "{help}"
    );
    // What the help says: the truce and a no-truce reference, to 90 days after the day
    // before the truce (the bundled file runs to 2025-06-30, 105 days).
    let v = json(
        &w.run(&[
            "project",
            "--group",
            "ru-refining",
            "--truce",
            "2025-03-18:30",
            "--json",
        ])
        .ok(),
    );
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{v}");
    assert_eq!(rows[0]["scenario"], "no-truce");
    assert_eq!(rows[1]["truce_start"], "2025-03-18");
    assert_eq!(rows[0]["days"], 90);
    assert_eq!(rows[0]["last_day"], "2025-06-15");
}

/// Item 8 (its axis part): a heatmap axis must be a setting swept over several values.
#[test]
fn a_heatmap_axis_that_was_not_swept_is_refused() {
    let w = Workdir::new();
    w.run(&[
        "sweep", "--group", "ru-refining", "--truce-days", "10,30", "--compliance", "0.5,1",
        "--x", "diversion", "--charts", "c",
    ])
    .input_error(&[
        "--x: expected a setting swept over several values (truce_days, compliance), found diversion",
    ]);
    assert!(!w.path().join("c").exists());
    w.run(&[
        "sweep",
        "--group",
        "ru-refining",
        "--truce-days",
        "10,30",
        "--compliance",
        "0.5",
        "--y",
        "compliance",
    ])
    .input_error(&[
        "--y: expected a setting swept over several values (truce_days), found compliance",
    ]);
}

/// Item 5: history says so when it values days at a price row of an earlier month, as
/// project does.
#[test]
fn history_warns_of_days_valued_past_the_prices() {
    let w = Workdir::new();
    let args = [
        "history",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--group",
        "ru-refining",
        "--draws",
        "0",
    ];
    let warning = "the prices end with the row of 2025-12-01: the days 2026-01-01 .. \
                   2026-03-31 are valued at it (give later prices to value them)";
    let run = w.run(&args);
    run.ok();
    assert!(
        run.stderr().contains(&format!("warning: {warning}")),
        "{}",
        run.stderr()
    );
    let v = json(&w.run(&[&args[..], &["--json"]].concat()).ok());
    assert_eq!(v["warnings"], serde_json::json!([warning]), "{v}");
    w.run(&[&args[..], &["--strict"]].concat())
        .input_error(&["--strict", "the prices end with the row of 2025-12-01"]);
    // Within the prices: no such warning.
    let v = json(
        &w.run(&[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--group",
            "ru-refining",
            "--draws",
            "0",
            "--json",
        ])
        .ok(),
    );
    assert_eq!(v["warnings"], serde_json::json!([]), "{v}");
}

/// Item 1: the exported files fed back, each prices file with its own flag, give the
/// bundled answer to the byte; each group is valued at its own prices only.
#[test]
fn exported_files_fed_back_give_the_bundled_answer() {
    let w = Workdir::new();
    w.run(&["datasets", "export", "my-data"]).ok();
    let d = |f: &str| format!("my-data/{f}");
    let files = [
        "--assets",
        &d("refineries.csv"),
        "--assets",
        &d("ua-power-plants.csv"),
        "--strikes",
        &d("strikes.csv"),
        "--strikes",
        &d("ua-power-strikes.csv"),
        "--prices",
        &d("prices.csv"),
        "--prices",
        &d("ua-power-prices.csv"),
        "--scenarios",
        &d("scenarios/truce-2025.toml"),
    ]
    .map(|s| s.to_owned());
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let bundled = w.run(&["project", "--out", "bundled"]);
    let fed_back = w.run(&[&["project", "--out", "fed-back"][..], &files].concat());
    assert_eq!(
        bundled.ok().replace("bundled/", "OUT/"),
        fed_back.ok().replace("fed-back/", "OUT/")
    );
    assert!(
        !fed_back.stderr().contains("warning"),
        "{}",
        fed_back.stderr()
    );
    for f in [
        "summary.csv",
        "ru-refining/daily.csv",
        "ua-power/daily.csv",
        "ua-power/summary.csv",
    ] {
        let read = |dir: &str| std::fs::read(w.path().join(dir).join(f)).unwrap();
        assert_eq!(read("bundled"), read("fed-back"), "{f}");
    }
    let power = std::fs::read_to_string(w.path().join("fed-back/ua-power/summary.csv")).unwrap();
    // The README's power figure: $74.4m given back, at the power prices.
    assert!(power.contains("truce-30d,"), "{power}");
    let gain: f64 = power
        .lines()
        .find(|l| l.starts_with("truce-30d,"))
        .and_then(|l| l.split(',').nth(7))
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!((gain / 1e6 - 74.4).abs() < 0.05, "{gain}");
    // The refinery prices given for ua-power as well: refused with the line.
    w.write(
        "mixed.csv",
        "date,group,product_usd_t\n2025-01-01,ru-refining,500\n2025-01-01,ua-power,500\n",
    );
    w.run(&["validate", "--prices", "mixed.csv"]).input_error(&[
        "mixed.csv line 3, column product_usd_t: expected a price per tonne only for a group \
         in Mt/yr; group ua-power is in MW: give its price per MWh in a value_usd column",
    ]);
    // Rows without a group in value_usd, two groups loaded: whose they are is not guessed.
    w.write("plain.csv", "date,value_usd\n2025-01-01,100\n");
    w.run(&["validate", "--prices", "plain.csv"]).input_error(&[
        "plain.csv line 2, column group: expected a group on a value_usd row when several \
         groups are loaded (ru-refining, ua-power)",
    ]);
    // A group priced by two files: refused with both.
    let twice = [&d("prices.csv"), "--prices", &d("prices.csv")].map(|s| s.to_owned());
    w.run(&["validate", "--prices", &twice[0], &twice[1], &twice[2]])
        .input_error(&["group ru-refining is priced by my-data/prices.csv too"]);
}

/// Item 1: a group with no price rows of its own has no revenue, said, never another
/// group's prices.
#[test]
fn a_group_without_prices_has_no_revenue_and_says_so() {
    let w = Workdir::new();
    w.write(
        "ports.csv",
        "asset_id,name,kind,unit,group,capacity\nt1,Terminal 1,terminal,kbd,ports,500\n\
         t2,Terminal 2,terminal,kbd,ports,300\n",
    );
    w.write(
        "port-strikes.csv",
        "strike_id,date,asset_id,disabled_share,repair_days\ns1,2025-01-10,t1,0.5,20\n\
         s2,2025-02-10,t2,1,10\n",
    );
    let flags = ["--assets", "ports.csv", "--strikes", "port-strikes.csv"];
    let said = "no price row prices this group: it has no revenue here";
    let history = w.run(
        &[
            &[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-03-31",
                "--json",
            ][..],
            &flags,
        ]
        .concat(),
    );
    let h = json(&history.ok());
    assert!(h["lost_revenue_usd"].is_null(), "{h}");
    assert!(history.stderr().contains(said), "{}", history.stderr());
    assert!(h["warnings"].to_string().contains(said), "{h}");
    let project = w.run(
        &[
            &[
                "project",
                "--as-of",
                "2025-02-15",
                "--until",
                "2025-03-31",
                "--paths",
                "50",
                "--out",
                "out",
            ][..],
            &flags,
        ]
        .concat(),
    );
    let printed = project.ok();
    assert!(project.stderr().contains(said), "{}", project.stderr());
    assert!(printed.contains("n/a"), "{printed}");
    assert!(!printed.contains("NaN"), "{printed}");
    let summary = std::fs::read_to_string(w.path().join("out/summary.csv")).unwrap();
    let header: Vec<&str> = summary.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    for (h, v) in header.iter().zip(&row) {
        if h.contains("usd") {
            assert_eq!(*v, "", "{h} has a value with no prices: {summary}");
        }
    }
    assert!(row[header
        .iter()
        .position(|h| *h == "lost_capacity_kb")
        .unwrap()]
    .parse::<f64>()
    .is_ok_and(|v| v > 0.0));
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("out/run.json")).unwrap())
            .unwrap();
    assert!(run.to_string().contains(said), "{run}");
}

/// Item 10: a data flag replaces only its own table: the bundled assets of both groups
/// stay loaded, so the power strikes exported alone validate against them.
#[test]
fn a_data_flag_keeps_the_bundled_tables_of_both_groups() {
    let w = Workdir::new();
    w.run(&["datasets", "export", "my-data"]).ok();
    let out = w
        .run(&["validate", "--strikes", "my-data/ua-power-strikes.csv"])
        .ok();
    assert!(out.contains("(group ua-power)"), "{out}");
    assert!(out.contains("(group ru-refining)"), "{out}");
    assert!(out.contains("ok: no problems found"), "{out}");
}

/// Item 12: one output shape whatever the number of groups: `history --json` is always
/// `{"groups": [...]}`, `project --json` always rows with their group and units, and every
/// run.json states each setting as {value, from}.
#[test]
fn outputs_have_one_shape_whatever_the_number_of_groups() {
    let w = Workdir::new();
    let history = |group: &[&str]| -> serde_json::Value {
        let args = [
            &[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-03-31",
                "--draws",
                "0",
                "--json",
            ][..],
            group,
        ]
        .concat();
        serde_json::from_str(&w.run(&args).ok()).unwrap()
    };
    let (one, both) = (history(&["--group", "ua-power"]), history(&[]));
    assert_eq!(one["groups"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(both["groups"].as_array().unwrap().len(), 2, "{both}");
    assert_eq!(one["groups"][0], both["groups"][1]);
    assert_eq!(one["groups"][0]["unit"], "mw");
    let project = |group: &[&str]| -> serde_json::Value {
        let args = [&["project", "--json", "--out", "o"][..], group].concat();
        serde_json::from_str(&w.run(&args).ok()).unwrap()
    };
    let (one, both) = (project(&["--group", "ua-power"]), project(&[]));
    let power_rows: Vec<&serde_json::Value> = both
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["group"] == "ua-power")
        .collect();
    assert_eq!(
        one.as_array().unwrap().iter().collect::<Vec<_>>(),
        power_rows
    );
    assert_eq!(one[0]["amount_unit"], "GWh");
    assert!(one[0].get("lost_capacity_gwh").is_some(), "{one}");
    w.run(&[
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--draws",
        "0",
        "--diversion",
        "0.5",
        "--group",
        "ru-refining",
        "--out",
        "h",
    ])
    .ok();
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("h/run.json")).unwrap())
            .unwrap();
    assert_eq!(
        run["settings"]["diversion"],
        serde_json::json!({"value": 0.5, "from": "--diversion"})
    );
    assert_eq!(run["settings"]["default_utilization"]["from"], "default");
}

/// Item 14: one run lists every problem: a misspelt required header is read in its place
/// (its rows and the strikes' cross-check still checked), a byte that is not UTF-8 does
/// not stop the file, and a near-miss header's warning is said beside the errors.
#[test]
fn every_problem_is_listed_whatever_else_is_wrong() {
    let w = Workdir::new();
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days\ns1,2025-13-01,a,1,10\n\
         s2,2025-01-05,nowhere,1,10\n",
    );
    let strikes_problems = [
        "strikes.csv line 2, column date: expected a date as YYYY-MM-DD, found \"2025-13-01\"",
        "strikes.csv line 3, column asset_id: expected an asset_id of the assets file, found \"nowhere\"",
    ];
    w.write(
        "misspelt.csv",
        "asset_di,name,capacity_mtpa\na,A,-3\nb,B,xx\n",
    );
    let out = w
        .run(&[
            "validate",
            "--assets",
            "misspelt.csv",
            "--strikes",
            "strikes.csv",
        ])
        .input_error(&[
            "misspelt.csv line 1, column asset_id: missing required column asset_id (found \
             asset_di: did you mean asset_id?)",
            "misspelt.csv line 2, column capacity_mtpa: expected a capacity in Mt/yr, a number \
             > 0 and at most 1e12, found \"-3\"",
            "misspelt.csv line 3, column capacity_mtpa",
            strikes_problems[0],
            strikes_problems[1],
        ]);
    assert!(out.contains("found 5 problems"), "{out}");
    w.write(
        "latin1.csv",
        b"asset_id,name,capacity_mtpa\na,A\xff,-3\nb,B,12\n",
    );
    w.run(&[
        "validate",
        "--assets",
        "latin1.csv",
        "--strikes",
        "strikes.csv",
    ])
    .input_error(&[
        "latin1.csv line 2: expected UTF-8 text, found byte 0xFF",
        "latin1.csv line 2, column capacity_mtpa: expected a capacity in Mt/yr",
        strikes_problems[0],
        strikes_problems[1],
    ]);
    w.write(
        "near.csv",
        "asset_id,name,capacity_mtpa,utilisation\na,A,-3,0.5\n",
    );
    w.run(&[
        "validate",
        "--assets",
        "near.csv",
        "--strikes",
        "strikes.csv",
    ])
    .input_error(&[
        "near.csv line 2, column capacity_mtpa",
        "and 1 warning:",
        "near.csv line 1, column utilisation: not a column the model reads (did you mean \
             utilization?)",
    ]);
}

/// Item 13: an unknown field in a scenario file is listed with the file's other problems,
/// each at its line, rather than hiding them until the next run.
#[test]
fn an_unknown_scenario_field_hides_no_other_problem() {
    let w = Workdir::new();
    w.write(
        "s.toml",
        "as_of = \"2025-03-17\"\nuntil = \"2025-02-30\"\nlookback = 90\n[[scenario]]\n\
         name = \"no-truce\"\n[[scenario]]\nname = \"t\"\ntruce_start = \"2025-03-18\"\n\
         truce_days = -3\ncolour = 3\n",
    );
    let out = w
        .run(&["project", "--scenarios", "s.toml", "--out", "o"])
        .input_error(&[
            "s.toml line 3: unknown field `lookback`, expected one of",
            "s.toml line 10: unknown field `colour`",
            "s.toml line 2, until: expected a date as YYYY-MM-DD, found \"2025-02-30\"",
            "s.toml line 9, scenario 2 (t): truce_days: expected a whole number of days >= 1",
        ]);
    assert!(out.contains("found 4 problems"), "{out}");
    assert!(!w.path().join("o").exists());
}

/// Item 15: sensitivity's figure is named in the group's unit (another unit's name is
/// refused with the one to use, a misspelling gets "did you mean"), and inputs that cannot
/// move the figure for the group are left out, said, rather than shown as empty rows.
#[test]
fn sensitivity_names_its_figure_in_the_groups_unit() {
    let w = Workdir::new();
    let run = |figure: &str| {
        w.run(&[
            "sensitivity",
            "--group",
            "ua-power",
            "--method",
            "tornado",
            "--figure",
            figure,
            "--out",
            "s",
        ])
    };
    let out = run("gain_capacity_gwh").ok();
    assert!(out.contains("tornado: gain_capacity_gwh of truce"), "{out}");
    for input in [
        "diversion",
        "product_price_multiplier",
        "crude_price_multiplier",
        "default_utilization",
    ] {
        assert!(
            !out.contains(&format!("│ {input} ")),
            "{input} shown: {out}"
        );
    }
    assert!(
        out.contains("left out, as they cannot move gain_capacity_gwh of truce for group ua-power: diversion (gain_capacity_gwh is not money)"),
        "{out}"
    );
    // The stem names the figure in the group's unit.
    assert!(run("gain_capacity")
        .ok()
        .contains("tornado: gain_capacity_gwh of truce"));
    run("gain_capacity_mt").input_error(&[
        "--figure gain_capacity_mt: the group's figures are in GWh (MW), not mt: use gain_capacity_gwh",
    ]);
    run("gain_capacty_gwh").input_error(&["(did you mean gain_capacity_gwh?)"]);
    // Money on the power side: the product price matters, the crude price and diversion do not.
    let money = run("gain_revenue_usd").ok();
    assert!(money.contains("│ product_price_multiplier "), "{money}");
    assert!(
        money.contains("crude_price_multiplier (no crude goes unprocessed in MW)"),
        "{money}"
    );
}

/// Item 8: with --paths, sweep's printed table shows each gain's P10-P90 beside its
/// expected value, as its file does.
#[test]
fn a_sweep_with_paths_prints_its_bands() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "sweep",
            "--group",
            "ru-refining",
            "--truce-days",
            "10,30",
            "--compliance",
            "1",
            "--paths",
            "100",
            "--out",
            "s",
            "--charts",
            "c",
        ])
        .ok();
    // The heatmap too: each cell's P10-P90 under its expected value.
    let svg = std::fs::read_to_string(w.path().join("c/sweep.svg")).unwrap();
    assert!(
        svg.contains("its P10-P90 over the Monte Carlo paths"),
        "subtitle"
    );
    assert!(svg.contains("$0.0m to $"), "a cell's band");
    assert!(out.contains("P10-P90 Mt"), "{out}");
    assert!(out.contains("P10-P90 USD"), "{out}");
    let table = std::fs::read_to_string(w.path().join("s/sweep.csv")).unwrap();
    let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = table.lines().nth(2).unwrap().split(',').collect();
    let col = |name: &str| -> f64 {
        row[header.iter().position(|h| *h == name).unwrap()]
            .parse()
            .unwrap()
    };
    let printed = format!(
        "{} to {}",
        format_3(col("gain_capacity_mt_p10")),
        format_3(col("gain_capacity_mt_p90"))
    );
    assert!(out.contains(&printed), "{printed} not in {out}");
}

fn format_3(v: f64) -> String {
    format!("{v:.3}")
}

/// Item 9: a point figure outside its own P10-P90 band is said where it happens, with why.
#[test]
fn a_point_figure_outside_its_band_is_explained() {
    let w = Workdir::new();
    let run = w.run(&[
        "history",
        "--from",
        "2024-03-01",
        "--to",
        "2024-05-31",
        "--group",
        "ua-power",
    ]);
    let out = run.ok();
    assert!(
        out.contains("note: the point figure of lost_capacity_gwh")
            && out.contains("lies above its P90"),
        "{out}"
    );
    assert!(
        out.contains("chance of having had an effect (p_effect"),
        "{out}"
    );
    let h = json(
        &w.run(&[
            "history",
            "--from",
            "2024-03-01",
            "--to",
            "2024-05-31",
            "--group",
            "ua-power",
            "--json",
        ])
        .ok(),
    );
    assert!(
        h["lost_capacity_gwh"].as_f64().unwrap() > h["lost_capacity_gwh_p90"].as_f64().unwrap()
    );
    assert!(h["notes"].to_string().contains("lies above its P90"), "{h}");
    // A period whose points are inside their bands has no such note.
    let quiet = json(
        &w.run(&[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--group",
            "ru-refining",
            "--json",
        ])
        .ok(),
    );
    assert!(
        !quiet["notes"].to_string().contains("lies above its P90")
            && !quiet["notes"].to_string().contains("below its P10"),
        "{quiet}"
    );
}

/// Item 16: one formatter: thousands grouped in every printed table and line, ranges as
/// "A to B" for amounts and money alike, USD said once.
#[test]
fn numbers_are_written_one_way() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "project",
            "--paths",
            "200",
            "--out",
            "o",
            "--arrivals",
            "poisson",
            "--calibration",
            "none",
        ])
        .ok();
    assert!(out.contains("2,805.116"), "{out}");
    assert!(!out.contains("2805.116"), "{out}");
    assert!(out.contains("P10-P90 0.000 to "), "{out}");
    let h = w
        .run(&[
            "history",
            "--from",
            "2024-03-01",
            "--to",
            "2024-05-31",
            "--group",
            "ua-power",
        ])
        .ok();
    assert!(
        h.contains("(92 days), national capacity 27,179.9 MW"),
        "{h}"
    );
    assert!(h.contains("lost capacity:      13,301.304 GWh"), "{h}");
    let v = json(
        &w.run(&[
            "history",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--group",
            "ru-refining",
            "--json",
            "--draws",
            "0",
        ])
        .ok(),
    );
    // The sum of the capacities, not its floating noise.
    assert_eq!(v["national_capacity_mtpa"].to_string(), "327.0");
}

/// Item 6: a user's group in Mt/yr valued at the bundled refinery prices is told so by
/// every command, not only by validate.
#[test]
fn a_users_group_at_the_bundled_prices_is_told() {
    let w = Workdir::new();
    w.write(
        "mine.csv",
        "asset_id,name,unit,group,capacity\nr1,Refinery 1,mtpa,my-refining,10\n",
    );
    w.write(
        "my-strikes.csv",
        "strike_id,date,asset_id,disabled_share,repair_days\ns1,2025-01-10,r1,0.5,20\n",
    );
    let run = w.run(&[
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--assets",
        "mine.csv",
        "--strikes",
        "my-strikes.csv",
    ]);
    run.ok();
    assert!(
        run.stderr().contains(
            "group my-refining is valued at the bundled prices of Russia's refined products: \
             give --prices to value it at its own"
        ),
        "{}",
        run.stderr()
    );
}
