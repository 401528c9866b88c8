"""The report and the run's record from Python: the same bytes as the command line."""

from __future__ import annotations

import html
import json
import pickle
from pathlib import Path

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


def test_the_record_travels_with_the_settings(refining: si.Dataset, settings: si.Settings) -> None:
    direct = si.project(refining, settings, paths=200, seed=1).run_json()
    # Through a pickle and through shards merged, as a Dask run sends them.
    s2 = pickle.loads(pickle.dumps(settings))
    assert si.project(refining, s2, paths=200, seed=1).run_json() == direct
    states = [si.monte_carlo_shard(refining, s2, 200, 1, i, 2) for i in range(2)]
    assert si.merge(states).run_json() == direct
    assert '"from": "bundled truce-2025.toml line' in direct


def test_the_page_says_what_no_flag_can(refining: si.Dataset, settings: si.Settings,
                                        tmp_path: Path) -> None:
    def command(page: Path) -> str:
        text = html.unescape(page.read_text())
        return text.split('id="reproduce"')[1].split("<pre>")[1].split("</pre>")[0]

    code = si.Settings(refining, as_of="2025-03-17", scenarios=[si.Scenario.no_truce()])
    c = command(si.report(refining, code, tmp_path / "c.html", paths=0, backtest_paths=0))
    assert c.startswith("strike-impact report --as-of 2025-03-17 --paths 0"), c
    assert "# the settings were built in code: run.json lists it" in c
    what_if = settings.with_scenarios(
        [si.Scenario.no_truce(), si.Scenario.truce("t", "2025-03-18", 60)]
    )
    w = command(si.report(refining, what_if, tmp_path / "w.html", paths=0, backtest_paths=0))
    assert "--truce" not in w and "# the scenarios were set in code" in w, w
    # A truce of the named kind, limited to one group, is not a --truce flag either.
    one_group = si.Settings(
        refining, as_of="2025-03-17",
        scenarios=[si.Scenario.no_truce(),
                   si.Scenario.truce("truce-30d", "2025-03-18", 30, groups=["ru-refining"])],
    )
    g = command(si.report(refining, one_group, tmp_path / "g.html", paths=0, backtest_paths=0))
    assert "--truce" not in g, g
