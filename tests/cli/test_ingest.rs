//! `ingest acled` and `ingest events`: event data as candidate strike rows, on an invented
//! ACLED-layout fixture (tests/fixtures/acled/README.md).

use crate::workdir::Workdir;

fn fixture() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/acled/events.csv"
    ))
    .unwrap()
}

fn rows(w: &Workdir, name: &str) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(w.path().join(name)).unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn header(w: &Workdir, name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(w.path().join(name)).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.headers().unwrap().iter().map(str::to_owned).collect()
}

#[test]
fn events_near_assets_become_default_rows_and_the_rest_is_explained() {
    let w = Workdir::new();
    w.write("events.csv", fixture());
    let out = w
        .run(&["ingest", "acled", "events.csv", "--out", "new.csv"])
        .ok();
    assert!(
        out.contains("8 events; 2 candidate strike rows written to new.csv"),
        "{out}"
    );
    assert!(
        out.contains("1 of other types, 1 already in the strikes file, 2 repeats, 2 matched no asset within 10 km"),
        "{out}"
    );
    assert!(
        out.contains("already in the strikes file as 20250124-ryazan (ryazan)"),
        "{out}"
    );
    assert!(
        out.contains("repeats line 2 (ryazan within 2 days)"),
        "{out}"
    );
    assert!(out.contains("repeats the event id of line 2"), "{out}");
    assert!(
        out.contains("no refinery within 10 km; nearest kstovo at 27.8 km"),
        "{out}"
    );
    assert!(
        out.contains("its text names no kind of energy asset; nearest volgograd at 1.2 km"),
        "{out}"
    );
    let rows = rows(&w, "new.csv");
    let h = header(&w, "new.csv");
    // The bundled power records' columns (a row is a power plant's), so that the rows can
    // be appended to them: `disabled` in the asset's unit, not `disabled_mtpa`.
    let bundled = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/ua-power-strikes.csv"
    ))
    .unwrap();
    assert_eq!(h.join(","), bundled.lines().next().unwrap());
    let col =
        |r: &csv::StringRecord, name: &str| r[h.iter().position(|c| c == name).unwrap()].to_owned();
    assert_eq!(rows.len(), 2);
    assert_eq!(col(&rows[0], "strike_id"), "acled-RUS90001");
    assert_eq!(col(&rows[0], "asset_id"), "ryazan");
    assert_eq!(col(&rows[0], "date"), "2026-03-01");
    assert_eq!(col(&rows[1], "strike_id"), "acled-UKR90001");
    assert_eq!(col(&rows[1], "asset_id"), "burshtyn-tpp");
    // Groups and units, item 7: each side's own defaults. The power records report no
    // length, so the power row takes the length and range their default rows state.
    assert_eq!(col(&rows[1], "repair_days"), "60");
    assert_eq!(col(&rows[1], "repair_days_low"), "7");
    assert_eq!(col(&rows[1], "repair_days_high"), "210");
    assert_eq!(col(&rows[1], "disabled_share_low"), "0.250");
    assert_eq!(col(&rows[0], "repair_days"), "30");
    for r in &rows {
        assert_eq!(col(r, "disabled_basis"), "default");
        assert_eq!(col(r, "outage_basis"), "default");
        assert_eq!(col(r, "confidence"), "low");
        assert_eq!(col(r, "hit"), "unknown");
        assert!(col(r, "source").starts_with("ACLED "));
        assert!(
            col(r, "note").starts_with("Invented:"),
            "the notes are kept"
        );
    }
}

#[test]
fn what_ingest_writes_validates_and_appends_to_the_strikes_file() {
    let w = Workdir::new();
    w.run(&["datasets", "export", "d"]).ok();
    w.write("events.csv", fixture());
    let out = w
        .run(&[
            "ingest",
            "acled",
            "events.csv",
            "--assets",
            "d/refineries.csv",
            "--strikes",
            "d/strikes.csv",
            "--out",
            "new.csv",
        ])
        .ok();
    // Without the power plants, the Burshtyn event matches nothing.
    assert!(out.contains("1 candidate strike rows"), "{out}");
    assert!(
        out.contains("no power_plant with coordinates is loaded; nearest"),
        "{out}"
    );
    w.run(&[
        "validate",
        "--assets",
        "d/refineries.csv",
        "--strikes",
        "new.csv",
    ])
    .ok();
    let strikes = std::fs::read_to_string(w.path().join("d/strikes.csv")).unwrap();
    let new = std::fs::read_to_string(w.path().join("new.csv")).unwrap();
    let appended = format!("{strikes}{}", new.split_once('\n').unwrap().1);
    w.write("all.csv", appended);
    let v = w
        .run(&[
            "validate",
            "--assets",
            "d/refineries.csv",
            "--strikes",
            "all.csv",
        ])
        .ok();
    assert!(v.contains("ok"), "{v}");
    // Ingesting the appended file's events again writes nothing new.
    let again = w
        .run(&[
            "ingest",
            "acled",
            "events.csv",
            "--assets",
            "d/refineries.csv",
            "--strikes",
            "all.csv",
            "--out",
            "again.csv",
        ])
        .ok();
    assert!(again.contains("0 candidate strike rows"), "{again}");
    assert!(
        again.contains("already in the strikes file as acled-RUS90001"),
        "{again}"
    );
}

#[test]
fn semicolons_a_bom_and_decimal_commas_read_the_same() {
    let w = Workdir::new();
    w.write("events.csv", fixture());
    w.run(&["ingest", "acled", "events.csv", "--out", "comma.csv"])
        .ok();
    // The same rows, as a European spreadsheet writes them.
    let source = fixture();
    let mut reader = csv::Reader::from_reader(source.as_bytes());
    let mut text = String::from("\u{feff}");
    text.push_str(
        &reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(";"),
    );
    text.push('\n');
    for record in reader.records().map(Result::unwrap) {
        let cells: Vec<String> = record
            .iter()
            .map(|c| {
                if c.parse::<f64>().is_ok() && c.contains('.') {
                    c.replace('.', ",")
                } else if c.contains(';') || c.contains('"') || c.contains(',') {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_owned()
                }
            })
            .collect();
        text.push_str(&cells.join(";"));
        text.push('\n');
    }
    w.write("events-semicolon.csv", text);
    w.run(&[
        "ingest",
        "acled",
        "events-semicolon.csv",
        "--out",
        "semicolon.csv",
    ])
    .ok();
    let (a, b) = (rows(&w, "comma.csv"), rows(&w, "semicolon.csv"));
    assert_eq!(a.len(), 2);
    assert_eq!(a, b);
}

#[test]
fn a_missing_coordinate_is_a_located_error_and_nothing_is_written() {
    let w = Workdir::new();
    let text = fixture().replacen(",54.620,39.730,", ",,39.730,", 1);
    w.write(
        "events.csv",
        text.replacen("2026-03-03", "3 Marchember 2026", 1),
    );
    let err = w
        .run(&["ingest", "acled", "events.csv", "--out", "new.csv"])
        .input_error(&[
            "events.csv line 2, column latitude: expected a latitude in degrees from -90 to 90, found an empty cell",
            "events.csv line 7, column event_date: expected a date as 2026-03-01 or 01 March 2026",
        ]);
    assert!(!w.path().join("new.csv").exists(), "{err}");
}

#[test]
fn a_plain_event_sheet_keeps_its_extra_columns() {
    let w = Workdir::new();
    w.write(
        "sheet.csv",
        "date,latitude,longitude,text,source,analyst\n\
         2026-04-01,54.631,39.739,Drones hit the Ryazan refinery,Telegram post,ak\n\
         2026-04-01,10.0,10.0,Drones hit a refinery,Nowhere,ak\n",
    );
    let out = w
        .run(&[
            "ingest",
            "events",
            "sheet.csv",
            "--out",
            "new.csv",
            "--radius-km",
            "5",
        ])
        .ok();
    assert!(out.contains("1 candidate strike rows"), "{out}");
    assert!(out.contains("no refinery within 5 km; nearest"), "{out}");
    let h = header(&w, "new.csv");
    assert_eq!(h.last().unwrap(), "analyst");
    let r = &rows(&w, "new.csv")[0];
    assert_eq!(
        &r[h.iter().position(|c| c == "source").unwrap()],
        "Telegram post"
    );
    assert_eq!(&r[h.len() - 1], "ak");
    assert_eq!(&r[0], "2026-04-01-ryazan-event-line-2");
    w.run(&[
        "ingest",
        "events",
        "sheet.csv",
        "--out",
        "x.csv",
        "--radius-km",
        "0",
    ])
    .input_error(&["--radius-km: expected a distance > 0 km"]);
    w.run(&[
        "ingest",
        "events",
        "sheet.csv",
        "--out",
        "x.csv",
        "--keyword",
        "refinery",
    ])
    .input_error(&["expected KIND=WORD"]);
}
