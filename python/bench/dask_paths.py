"""Benchmark: 1,000,000 Monte Carlo paths of the bundled refinery case, in one process
against 2 Dask worker processes on this machine, and the cost of a merge.

    python python/bench/dask_paths.py [PATHS]

Prints wall times (best of `REPEAT`), the per-path cost, the cost of one shard state (its
size, and the time to merge K of them), and checks that every run gives the same bytes.
"""

from __future__ import annotations

import sys
import time

from dask.distributed import Client, LocalCluster

import strike_impact as si
import strike_impact.dask as sid

PATHS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEAT = 2


def best(f):
    times, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    ds = si.Dataset.bundled()
    settings = si.Settings.bundled(ds)
    data = ds.group("ru-refining")
    single_s, single = best(lambda: si.project(data, settings, paths=PATHS, seed=42))
    print(f"one process (2 threads): {PATHS:,} paths in {single_s:.2f} s "
          f"({single_s / PATHS * 1e6:.1f} us per path on 2 cores)")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        for shards in (2, 8):
            dask_s, p = best(lambda: sid.project(client, data, settings, paths=PATHS, seed=42,
                                                 shards=shards))
            assert p.table_bytes("daily", "csv") == single.table_bytes("daily", "csv")
            print(f"Dask, 2 worker processes x 1 thread, {shards} shards: {dask_s:.2f} s "
                  f"(same bytes as one process)")
    # What a merge costs: K states of a small run (a state's size does not depend on its paths).
    for k in (8, 100):
        states = [si.monte_carlo_shard(data, settings, 100 * k, 42, i, k) for i in range(k)]
        merge_s, _ = best(lambda: si.merge(states))
        print(f"merge of {k} states ({len(states[0]) / 1e3:.0f} kB each): {merge_s:.2f} s")


if __name__ == "__main__":
    main()
