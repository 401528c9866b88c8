"""Shared fixtures: the bundled data, and the command-line binary to compare against."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import strike_impact as si

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `strike-impact` binary: $STRIKE_IMPACT_BIN, else the repository's debug or
    release build, else built now with cargo."""
    given = os.environ.get("STRIKE_IMPACT_BIN")
    if given:
        return Path(given)
    for profile in ("debug", "release"):
        path = REPO / "target" / profile / "strike-impact"
        if path.exists():
            return path
    subprocess.run(["cargo", "build", "--quiet", "--bin", "strike-impact"], cwd=REPO, check=True)
    return REPO / "target" / "debug" / "strike-impact"


@pytest.fixture(scope="session")
def bundled() -> si.Dataset:
    return si.Dataset.bundled()


@pytest.fixture(scope="session")
def refining(bundled: si.Dataset) -> si.Dataset:
    return bundled.group("ru-refining")


@pytest.fixture(scope="session")
def settings(bundled: si.Dataset) -> si.Settings:
    return si.Settings.bundled(bundled)


def run_cli(cli: Path, *args: str, cwd: Path) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([str(cli), *args], cwd=cwd, capture_output=True, text=True, check=False)
