"""Monte Carlo on a Dask cluster: one task per shard (and per scenario set), merged.

The shards are parts of one seeded run (path ``p`` is the same path whichever worker runs
it, and every statistic merges exactly), so the result equals
``strike_impact.project(ds, settings, paths, seed)`` to the last bit, for any number of
shards or workers, and a shard lost and run again changes nothing::

    from dask.distributed import Client, LocalCluster
    import strike_impact as si
    import strike_impact.dask as sid

    with Client(LocalCluster(n_workers=2, processes=True)) as client:
        p = sid.project(client, ds, settings, paths=1_000_000, seed=42)

``client`` is any ``dask.distributed.Client``: a ``LocalCluster`` or a real cluster by
address (``Client("tcp://scheduler:8786")``); the workers need ``strike_impact`` installed.
"""

from __future__ import annotations

import uuid
from typing import Any, List, Optional, Sequence

from . import Dataset, Projection, Settings, merge, monte_carlo_shard

__all__ = ["project", "project_grid", "shard_count"]


def shard_count(client: Any) -> int:
    """One shard per worker thread of the cluster (at least 1)."""
    threads: int = sum(client.nthreads().values())
    return max(1, threads)


def _submit_shards(
    client: Any,
    data: Any,
    settings: Any,
    paths: int,
    seed: int,
    shards: int,
    tag: str,
) -> List[Any]:
    return [
        client.submit(
            monte_carlo_shard,
            data,
            settings,
            paths,
            seed,
            i,
            shards,
            key=f"strike-impact-{tag}-shard-{i}-of-{shards}",
            pure=False,
        )
        for i in range(shards)
    ]


def project(
    client: Any,
    data: Dataset,
    settings: Settings,
    paths: int,
    seed: int = 42,
    shards: Optional[int] = None,
) -> Projection:
    """Runs the Monte Carlo of ``paths`` paths as ``shards`` tasks on ``client`` (default:
    one per worker thread) and merges their states: the projection that
    ``strike_impact.project(data, settings, paths, seed)`` gives, bit for bit."""
    shards = shards or shard_count(client)
    [data_f] = client.scatter([data], broadcast=True, hash=False)
    [settings_f] = client.scatter([settings], broadcast=True, hash=False)
    futures = _submit_shards(client, data_f, settings_f, paths, seed, shards, uuid.uuid4().hex)
    return merge(client.gather(futures))


def project_grid(
    client: Any,
    data: Dataset,
    grid: Sequence[Settings],
    paths: int,
    seed: int = 42,
    shards: Optional[int] = None,
) -> List[Projection]:
    """Projects every settings of ``grid`` (for example one per truce length or
    compliance) with ``paths`` paths each: one task per settings and shard, all submitted at
    once, each settings' shards merged. The projections come in ``grid`` order."""
    shards = shards or shard_count(client)
    [data_f] = client.scatter([data], broadcast=True, hash=False)
    runs = []
    for k, settings in enumerate(grid):
        [settings_f] = client.scatter([settings], hash=False)
        runs.append(
            _submit_shards(client, data_f, settings_f, paths, seed, shards, f"{uuid.uuid4().hex}-{k}")
        )
    return [merge(client.gather(futures)) for futures in runs]
