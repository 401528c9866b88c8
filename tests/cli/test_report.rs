//! `report`: the answer as one self-contained HTML page.

use crate::workdir::Workdir;

/// The page of a small run (few paths: the figures are checked against `project`'s files
/// of the same run, not against the README's).
const SMALL: [&str; 6] = ["--paths", "200", "--backtest-paths", "50", "--seed", "3"];

/// Every `<td data-key=K data-value=V>` cell of the page, in order.
fn cells(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find("data-key=\"") {
        rest = &rest[i + 10..];
        let key = rest[..rest.find('"').unwrap()].to_owned();
        let v = rest.find("data-value=\"").unwrap() + 12;
        rest = &rest[v..];
        out.push((key, rest[..rest.find('"').unwrap()].to_owned()));
    }
    out
}

#[test]
fn the_page_holds_each_sides_answer_and_the_summary_files_figures() {
    let w = Workdir::new();
    let out = w
        .run(&[&["report", "--out", "r.html"][..], &SMALL].concat())
        .ok();
    assert!(out.contains("wrote r.html"), "{out}");
    let page = std::fs::read_to_string(w.path().join("r.html")).unwrap();
    // The question and each side's answer come first, each in its own unit.
    let answer = page.find("class=\"answer\"").unwrap();
    assert!(answer < page.find("<h2").unwrap());
    assert!(page.contains(
        "<strong>ru-refining: truce-30d gives back 0.72 Mt</strong> and $233.9m of revenue"
    ));
    assert!(page.contains(
        "<strong>ua-power: truce-30d gives back 2,439.84 GWh</strong> and $74.4m of revenue"
    ));
    // Fuels on the refining side, as `project` prints them; none on the power side.
    assert!(page.contains(
        "In fuels it gives back 4,876 t/d, 3,534 t/d of them exports ($169.5m of export revenue)"
    ));
    assert_eq!(page.matches("In fuels it gives back").count(), 1);
    // Hours without power on the power side: June 2025 alone is covered.
    assert!(page.contains(
        "In hours without power it gives back 5.4 h a day short and 51,702 MWh unserved over the 30 days the power balance covers"
    ));
    // The headline, read against the refinery records as `reconcile` reads it, once.
    assert_eq!(page.matches("The headline: 3.3 Mt, or 4.0 %").count(), 1);
    for words in [
        "2025-01-01 to 2025-04-02",
        "The records give 4.47 Mt over it (5.4 %), P10 to P90 3.11 to 4.53 Mt",
        "The claimed 3.3 Mt lies inside that band",
    ] {
        assert!(page.contains(words), "{words}");
    }
    for section in [
        "id=\"group-ru-refining\"",
        "id=\"group-ua-power\"",
        "Published figures against the records",
        "How good are the projections? (backtest)",
        "What the truce's gain hangs on",
        "id=\"sides\"",
        "id=\"assumptions\"",
        "id=\"sources\"",
        "id=\"reproduce\"",
    ] {
        assert!(page.contains(section), "{section}");
    }
    // The summary tables' cells are the summary files' cells of the same run.
    w.run(&[&["project", "--out", "o", "--paths", "200", "--seed", "3"][..]].concat())
        .ok();
    let cells = cells(&page);
    for group in ["ru-refining", "ua-power"] {
        let csv = std::fs::read_to_string(w.path().join(format!("o/{group}/summary.csv"))).unwrap();
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        for line in lines {
            let row: Vec<(String, String)> = header
                .iter()
                .zip(line.split(','))
                .map(|(k, v)| ((*k).to_owned(), v.to_owned()))
                .collect();
            let found = cells.windows(row.len()).any(|w| w == row.as_slice());
            assert!(found, "{group}: the page lacks the row {line}");
        }
    }
    // Seven charts of the refinery side (fuels among them), six of the power side (hours
    // without power among them) and both sides', inline.
    assert_eq!(page.matches("<svg").count(), 7 + 6 + 1);
    assert!(page.contains("Hours without power: truce against no truce"));
    // The daily table is a download inside the page.
    assert!(page.contains("download=\"ru-refining-daily.csv\" href=\"data:text/csv;base64,"));
}

#[test]
fn nothing_in_the_page_is_fetched_and_the_same_run_gives_the_same_bytes() {
    let (a, b) = (Workdir::new(), Workdir::new());
    for w in [&a, &b] {
        w.run(&[&["report", "--group", "ua-power"][..], &SMALL].concat())
            .ok();
    }
    let page = std::fs::read(a.path().join("report.html")).unwrap();
    assert!(page == std::fs::read(b.path().join("report.html")).unwrap());
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ));
    for tag in ["<script", "<link", "<img", "<iframe", "<object", "url("] {
        assert!(!page.contains(tag), "{tag}");
    }
    // The only links out of the page are the sources', each an anchor of its own.
    let links = page
        .match_indices("http://")
        .chain(page.match_indices("https://"));
    for (i, _) in links {
        let before = &page[..i];
        assert!(
            before.ends_with("<a href=\"") || before.ends_with('>') || before.ends_with("xmlns=\""),
            "a reference out of the page: {}",
            &page[i.saturating_sub(40)..(i + 60).min(page.len())]
        );
    }
    assert!(page.contains("<a href=\"https://"));
    // One group: no both-sides chart.
    assert!(!page.contains("id=\"sides\""));
}

#[test]
fn a_failed_report_writes_nothing() {
    let w = Workdir::new();
    w.write(
        "bad.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days\ns1,2025-13-01,omsk,1,30\n",
    );
    w.run(&[&["report", "--strikes", "bad.csv"][..], &SMALL].concat())
        .input_error(&["bad.csv", "line 2", "date"]);
    assert!(!w.path().join("report.html").exists());
}

/// A user's own group in kb/d with no prices and no truce scenario: the page says there is
/// no gain rather than leaving the answer out, and shows no money.
#[test]
fn a_users_group_without_a_truce_is_told_so() {
    let w = Workdir::new();
    w.write(
        "a.csv",
        "asset_id,name,kind,unit,group,capacity,utilization,lat,lon\n\
         t1,T1,terminal,kbd,my-terminals,500,0.8,45.0,37.0\n",
    );
    w.write(
        "s.csv",
        "strike_id,date,asset_id,disabled,repair_days\ns1,2025-01-10,t1,200,20\ns2,2025-03-05,t1,100,15\n",
    );
    let args = [
        "report",
        "--assets",
        "a.csv",
        "--strikes",
        "s.csv",
        "--backtest-paths",
        "0",
    ];
    w.run(&[&args[..], &SMALL[..2]].concat()).ok();
    let page = std::fs::read_to_string(w.path().join("report.html")).unwrap();
    assert!(page.contains("<strong>my-terminals: no truce scenario</strong>"));
    w.run(
        &[
            &args[..],
            &SMALL[..2],
            &["--truce", "2025-03-06:30", "--out", "t.html"],
        ]
        .concat(),
    )
    .ok();
    let page = std::fs::read_to_string(w.path().join("t.html")).unwrap();
    let answer = &page[page
        .find("<strong>my-terminals: truce-30d gives back ")
        .unwrap()..];
    assert!(
        answer[..answer.find("</strong>").unwrap()].ends_with(" kb"),
        "{answer:.80}"
    );
    assert!(!page.contains("of revenue"));
}

/// The command of the page's "How to reproduce it", unescaped.
fn reproduce_command(page: &str) -> String {
    let at = page.find("id=\"reproduce\"").unwrap();
    let pre = at + page[at..].find("<pre>").unwrap() + 5;
    let end = pre + page[pre..].find("</pre>").unwrap();
    page[pre..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn the_page_gives_the_command_that_makes_it_again_from_the_run() {
    let w = Workdir::new();
    // Flags in another order, a derived date and an option that changes nothing of the
    // numbers (--threads): the command is read from the run, every value explicit.
    w.run(&[
        "report",
        "--threads",
        "1",
        "--truce",
        "2025-03-18:30",
        "--compliance",
        "0.5",
        "--group",
        "ua-power",
        "--known-by",
        "2025-03-01",
        "--title",
        "it's a test",
        "--paths",
        "100",
        "--backtest-paths",
        "0",
        "--out",
        "a.html",
    ])
    .ok();
    let a = std::fs::read_to_string(w.path().join("a.html")).unwrap();
    let command = reproduce_command(&a);
    assert_eq!(
        command,
        "strike-impact report --as-of 2025-03-17 --until 2025-06-15 --truce 2025-03-18:30 \
         --compliance 0.5 --known-by 2025-03-01 --group ua-power --paths 100 --seed 42 \
         --backtest-paths 0 --title \"it's a test\""
    );
    // Run as given (after the program's name), it makes the same answer and gives the same
    // command; only the record's words for where two dates came from differ (given now,
    // derived from --truce before).
    let args: Vec<String> = shlex::split(&command).unwrap();
    let mut again: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    again.extend(["--out", "b.html"]);
    w.run(&again).ok();
    let b = std::fs::read_to_string(w.path().join("b.html")).unwrap();
    let answer = |page: &str| page[..page.find("id=\"assumptions\"").unwrap()].to_owned();
    assert!(answer(&a) == answer(&b), "the answers differ");
    assert_eq!(reproduce_command(&b), command);
    assert!(a.contains("--truce (the day before the first truce)"));
    assert!(!b.contains("--truce (the day before the first truce)"));
}

#[test]
fn the_command_names_the_users_files_and_what_no_flag_can_say() {
    let w = Workdir::new();
    w.write(
        "s.toml",
        "as_of = 2025-03-17\nlookback_days = 60\n[[scenario]]\nname = \"no-truce\"\n",
    );
    w.run(&[
        "report",
        "--scenarios",
        "s.toml",
        "--truce",
        "2025-03-18:20",
        "--paths",
        "0",
        "--backtest-paths",
        "0",
        "--group",
        "ru-refining",
        "--out",
        "a.html",
    ])
    .ok();
    let a = std::fs::read_to_string(w.path().join("a.html")).unwrap();
    assert_eq!(
        reproduce_command(&a),
        "strike-impact report --scenarios s.toml --truce 2025-03-18:20 --group ru-refining \
         --paths 0 --seed 42 --backtest-paths 0"
    );
}
