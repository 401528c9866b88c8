"""Monte Carlo on a Dask cluster of 2 worker processes equals the single run, byte for byte."""

from __future__ import annotations

from typing import Iterator

import pytest
from dask.distributed import Client, LocalCluster

import strike_impact as si
import strike_impact.dask as sid

PATHS = 6000


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def single(refining: si.Dataset, settings: si.Settings) -> si.Projection:
    return si.project(refining, settings, paths=PATHS, seed=42)


def same(a: si.Projection, b: si.Projection) -> None:
    for name in ("summary", "daily", "assets"):
        for fmt in ("csv", "parquet"):
            assert a.table_bytes(name, fmt) == b.table_bytes(name, fmt), (name, fmt)


def test_two_worker_processes_give_the_single_runs_bytes(client: Client, refining: si.Dataset, settings: si.Settings, single: si.Projection) -> None:
    p = sid.project(client, refining, settings, paths=PATHS, seed=42, shards=5)
    same(p, single)
    # The shards ran in both worker processes.
    assert len(client.scheduler_info()["workers"]) == 2
    assert sid.shard_count(client) == 2
    same(sid.project(client, refining, settings, paths=PATHS, seed=42), single)


def test_a_lost_shard_resubmitted_changes_nothing(client: Client, refining: si.Dataset, settings: si.Settings, single: si.Projection) -> None:
    workers = list(client.scheduler_info()["workers"])
    futures = [
        client.submit(si.monte_carlo_shard, refining, settings, PATHS, 42, i, 3,
                      workers=[workers[i % 2]], pure=False)
        for i in range(3)
    ]
    states = client.gather(futures)
    # Shard 1 is lost (its worker died, its result was dropped) and runs again elsewhere.
    client.cancel(futures[1])
    again = client.submit(si.monte_carlo_shard, refining, settings, PATHS, 42, 1, 3,
                          workers=[workers[0]], pure=False)
    states[1] = again.result()
    same(si.merge(states), single)


def test_a_grid_of_settings_one_task_per_settings_and_shard(client: Client, bundled: si.Dataset, refining: si.Dataset, settings: si.Settings) -> None:
    grid = [
        settings.with_scenarios([si.Scenario.no_truce(), si.Scenario.truce(f"t{d}", "2025-03-18", d)])
        for d in (10, 60)
    ]
    results = sid.project_grid(client, refining, grid, paths=2000, seed=3, shards=3)
    assert len(results) == 2
    for s, p in zip(grid, results):
        same(p, si.project(refining, s, paths=2000, seed=3))
    assert results[0].gains()["t10"]["gain_capacity_mt"] < results[1].gains()["t60"]["gain_capacity_mt"]
