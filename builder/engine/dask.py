"""Dask engine: the same shard tasks on ``dask.distributed`` (``--engine dask``).

Without ``--scheduler`` it starts a LocalCluster of worker *processes* (``n_workers`` from
``--workers``, one thread each, no dashboard); with ``--scheduler tcp://host:8786`` it uses an
existing cluster (dask-jobqueue, Kubernetes, ``dask scheduler``).  On a remote cluster every worker
needs source-stance installed and must see the output folder at the same path (the shard tasks
write their work files and cache entries there: a shared filesystem, as on an HPC cluster).

The job is scattered to every worker once; tasks are submitted with ``pure=False`` and at most two
per worker in flight.  Results come back in completion order and the driver orders them by shard
id, so the release is byte-identical to the local engine's.  A script that starts a LocalCluster
with processes needs an ``if __name__ == "__main__":`` guard (the ``source-stance`` command has it).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Iterable, Iterator, Optional

from source_stance.builder.errors import ConfigError

IN_FLIGHT_PER_WORKER = 2


class DaskEngine:
    name = "dask"

    def __init__(self, job: Any, workers: int, scheduler: Optional[str] = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(
                "--engine dask needs dask.distributed, which is not installed",
                fix="pip install 'source-stance[dask]' (or use --engine local)",
            ) from None
        self._cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as e:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {scheduler}: {e}",
                    fix="check the address (tcp://HOST:PORT) and that the scheduler is running",
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.WARNING,
            )
            self.client = Client(self._cluster)
            from source_stance.builder.memory import use_lean_arrow_pool

            self.client.run(use_lean_arrow_pool)  # our own cluster's workers: as the local engine's
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        self._job = self.client.scatter(job, broadcast=True, hash=False)

    def imap_unordered(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        from dask.distributed import as_completed

        window = self.workers * IN_FLIGHT_PER_WORKER
        it = iter(args)
        ac = as_completed()
        for a in it:
            ac.add(self.client.submit(fn, self._job, *a, pure=False))
            if ac.count() >= window:
                break
        for future in ac:
            result = future.result()
            future.release()
            nxt = next(it, None)
            if nxt is not None:
                ac.add(self.client.submit(fn, self._job, *nxt, pure=False))
            yield result

    def between_passes(self) -> None:
        pass  # the cluster may be shared and long-lived: its workers keep their state

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
