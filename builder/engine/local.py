"""Local engine: a pool of worker processes on this machine (``--workers N``).

Processes, not threads: the stages are pure Python and hold the GIL.  Workers start from
:func:`~source_stance.builder.engine.process_context` (a forkserver, never plain ``fork``).  The job
reaches each worker once, through the pool initializer, which also sets up the worker's
:class:`~source_stance.builder.pipeline.BuildContext` before the first task.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterable, Iterator

from source_stance.builder.engine import process_context, tasks

#: Tasks in flight per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


def bounded_imap(submit: Callable[[tuple[Any, ...]], Future], args: Iterable[tuple[Any, ...]], window: int) -> Iterator[Any]:
    """Submit ``args`` keeping at most ``window`` futures pending; yield results as they complete."""
    pending: set[Future] = set()
    it = iter(args)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                a = next(it)
            except StopIteration:
                exhausted = True
                break
            pending.add(submit(a))
        if not pending:
            return
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for f in sorted(done, key=id):
            yield f.result()


class ProcessEngine:
    name = "local"

    def __init__(self, job: Any, workers: int):
        self.job = job
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=process_context(), initializer=tasks.init_worker, initargs=(job,)
        )

    def between_passes(self) -> None:
        """Pass 2 needs no annotators: replace the workers (each holding a loaded build context and
        pass 1's memory) by fresh ones that only keep the job, so the driver's planning and pass 2
        run without them (~1 s of start-up for ~200 MB per worker)."""
        self._pool.shutdown(wait=True)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=process_context(), initializer=tasks.keep_job, initargs=(self.job,)
        )

    def imap_unordered(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        return bounded_imap(lambda a: self._pool.submit(tasks.call_with_job, fn, a), args, self.workers * IN_FLIGHT_PER_WORKER)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
