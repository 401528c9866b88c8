"""The report and the run's record from Python: the same bytes as the command line."""

from __future__ import annotations

from pathlib import Path

import json

import strike_impact as si

from conftest import run_cli


def test_report_writes_the_bytes_of_the_command_line(cli: Path, bundled: si.Dataset, tmp_path: Path) -> None:
    r = run_cli(
        cli, "report", "--paths", "300", "--backtest-paths", "40", "--out", "cli.html", "-q",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    written = si.report(out=tmp_path / "py.html", paths=300, backtest_paths=40)
    assert written == tmp_path / "py.html"
    page = written.read_bytes()
    assert page == (tmp_path / "cli.html").read_bytes()
    # The page tells how to make it again from the run, not from how it was asked for.
    assert b"strike-impact report --paths 300 --seed 42 --backtest-paths 40" in page


def test_report_with_settings_given_in_python_matches_their_flags(cli: Path, bundled: si.Dataset, tmp_path: Path) -> None:
    r = run_cli(
        cli, "report", "--group", "ua-power", "--lookback-days", "60", "--arrivals", "negbin",
        "--paths", "200", "--backtest-paths", "0", "--title", "Power, 60 days",
        "--out", "cli.html", "-q", cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    text = (si.Settings.bundled(bundled))
    settings = si.Settings(
        bundled, as_of=text.as_of, until=text.until, lookback_days=60, arrivals="negbin",
        scenarios=text.scenarios,
    )
    py = si.report(
        bundled, settings, tmp_path / "py.html", paths=200, backtest_paths=0,
        title="Power, 60 days", group="ua-power",
    ).read_text()
    cli_page = (tmp_path / "cli.html").read_text()
    # The settings differ in where they came from (the file's lines against values given
    # in code), so the record differs there; the answer does not.
    assert py != cli_page
    start = cli_page.index("<h2")
    end = cli_page.index('id="assumptions"')
    assert py[py.index("<h2"):py.index('id="assumptions"')] == cli_page[start:end]
    assert "--lookback-days 60 --arrivals negbin" in py
    assert "--group ua-power --paths 200 --seed 42 --backtest-paths 0 --title" in py


def test_projection_report_is_the_report_of_its_group(cli: Path, refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    r = run_cli(
        cli, "report", "--group", "ru-refining", "--paths", "250", "--seed", "9",
        "--backtest-paths", "30", "--out", "cli.html", "-q", cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    p = si.project(refining, settings, paths=250, seed=9)
    written = p.report(tmp_path / "py.html", backtest_paths=30)
    assert written.read_bytes() == (tmp_path / "cli.html").read_bytes()


def test_run_json_is_the_record_project_writes(cli: Path, bundled: si.Dataset, refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    r = run_cli(
        cli, "project", "--group", "ru-refining", "--paths", "500", "--out", "out", "-q",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    p = si.project(refining, settings, paths=500, seed=42)
    assert p.run_json() == (tmp_path / "out" / "run.json").read_text()
    written = p.write(tmp_path / "py")
    assert (tmp_path / "py" / "run.json") in written
    # Both groups: one record, as `project` without --group writes it.
    r = run_cli(cli, "project", "--out", "both", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    both = [si.project(bundled.group(g), settings) for g in bundled.groups]
    assert si.run_json(both) == (tmp_path / "both" / "run.json").read_text()
    record = json.loads(si.run_json(both))
    assert [g["group"] for g in record["groups"]] == ["ru-refining", "ua-power"]
    assert record["settings"]["lookback_days"]["from"].startswith("bundled truce-2025.toml line")
    assert {i["source"] for i in record["inputs"]} >= {"bundled strikes.csv", "bundled ua-power-strikes.csv"}


def test_settings_given_in_code_say_so_in_the_record(refining: si.Dataset) -> None:
    settings = si.Settings(
        refining, as_of="2025-03-17", lookback_days=45, scenarios=[si.Scenario.no_truce()]
    )
    record = json.loads(si.project(refining, settings).run_json())
    assert record["scenario_file"] == "none (settings built in code)"
    assert record["settings"]["as_of"] == {"value": "2025-03-17", "from": "--as-of"}
    assert record["settings"]["lookback_days"]["from"] == "--lookback-days"
    assert record["settings"]["diversion"]["from"] == "default"
    filtered = json.loads(si.project(refining.known_by("2025-03-01"), settings).run_json())
    assert filtered["settings"]["known_by"] == {"value": "2025-03-01", "from": "--known-by"}
