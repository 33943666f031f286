"""Helper processes for the publishing step, which otherwise runs on one core.

Publishing has a few jobs that need nothing from the rest of it: hashing the raw inputs for the
manifest's fingerprint, and counting the sentences for the datasheet (they only read files that
no longer change).  :class:`Background` runs each in a helper process while this process does
the rest, so the build's other cores are not idle while it publishes.  The results are the same
values the calls give here (they are deterministic and come back pickled), so the release does
not depend on whether the helper was used.

Below ``MIN_INPUTS`` inputs, or on one core, there are no helpers: :meth:`Background.submit` then
runs the call when its result is asked for, in this process.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from source_stance.builder.engine import default_workers

#: Below this many inputs the helper's start-up would cost more than it saves.
MIN_INPUTS = 20_000
#: Helper processes: one per job submitted by publishing, so that none waits for the other.
HELPERS = 2


class Background:
    """``submit(fn, *args)`` returns a function giving ``fn(*args)`` (call it once): computed in a
    helper process when there are helpers, else here when called.  Close it (or use ``with``)."""

    def __init__(self, enabled: bool):
        self._pool: Any = None
        if enabled:
            from concurrent.futures import ProcessPoolExecutor

            from source_stance.builder.engine.local import _mp_context

            self._pool = ProcessPoolExecutor(max_workers=HELPERS, mp_context=_mp_context())

    @classmethod
    def for_inputs(cls, n_inputs: int) -> "Background":
        return cls(n_inputs >= MIN_INPUTS and default_workers() > 1)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        if self._pool is None:
            return functools.partial(fn, *args)
        return self._pool.submit(fn, *args).result

    def close(self, stop: bool = False) -> None:
        """Shut the helpers down; ``stop``: end jobs still running (publishing failed or was
        interrupted, so nothing waits for their results)."""
        if self._pool is not None:
            if stop:
                processes = getattr(self._pool, "_processes", None) or {}  # the executor's own map (no public API in 3.11)
                for process in list(processes.values()):
                    process.terminate()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.close(stop=exc_type is not None)
