"""The README's Python example prints what it says, and the truce gains the command line prints."""

from __future__ import annotations

from typing import List, Tuple

from pathlib import Path

import re
import subprocess
import sys

from conftest import REPO, run_cli


def readme_blocks(after: str) -> List[Tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(after):]
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)


def test_the_python_example_prints_the_clis_truce_gains(cli: Path, tmp_path: Path) -> None:
    blocks = readme_blocks("## From Python")
    (lang, code), (_, printed) = blocks[0], blocks[1]
    assert lang == "python"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout
    assert out == printed, f"README says:\n{printed}\nthe example prints:\n{out}"
    r = run_cli(cli, "project", "--paths", "10000", "--out", "o", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    sides = r.stdout[r.stdout.index("both sides"):]
    for line in out.splitlines():
        m = re.match(r"(\S+): ([\d,.]+) (\w+) and \$([\d,.]+)m given back "
                     r"\(Monte Carlo P10-P90 ([\d,.]+)-([\d,.]+) \w+\)", line)
        assert m, line
        group, capacity, unit, revenue, p10, p90 = m.groups()
        row = next(l for l in sides.splitlines() if f" {group} " in l)
        assert f"{capacity} {unit}" in row, (line, row)
        assert f"${revenue}m" in row, (line, row)
        assert f"{p10}-{p90} {unit}" in row, (line, row)
