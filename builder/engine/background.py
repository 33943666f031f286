"""Helper processes for the publishing step, which otherwise runs on one core.

Publishing has a few jobs that need nothing from the rest of it: hashing the raw inputs for the
manifest's fingerprint, counting the sentences, drawing the plots, training the audit's naive
Bayes baseline.  :class:`Background` runs each in a helper process of its own while this process
does the rest, so the cores the build used are not idle while it publishes.  The results are the
values the calls give here (they are deterministic and come back pickled), so the release does not
depend on whether a helper was used.

At most ``helpers`` jobs run at once (the build's workers on this machine); a job submitted while
they are all busy starts when one ends, or runs here if its result is asked for first.  With no
helpers (``--workers 1``, or a build too small to repay a process start) every job runs here,
when its result is asked for.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable, Optional

from source_stance.builder.errors import BuildError

#: Below this many inputs publishing is quick and a helper's start-up would not pay.
MIN_INPUTS = 1_000


def _run(send: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the helper: ``fn(*args)`` sent back as ``(True, value)`` or ``(False, exception, traceback)``."""
    try:
        message: tuple[Any, ...] = (True, fn(*args))
    except BaseException as e:  # noqa: BLE001 - every failure goes back to the caller, which raises it
        message = (False, e, traceback.format_exc())
    try:
        send.send(message)
    except Exception as e:  # the value or the exception does not pickle
        send.send((False, BuildError(f"a publishing helper's result could not be sent back: {e!r}"), traceback.format_exc()))
    send.close()


class _Job:
    """One call: waiting, running in its own helper process, or done."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]):
        self.fn, self.args = fn, args
        self.process: Any = None
        self.receive: Any = None

    def start(self, ctx: Any) -> None:
        receive, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_run, args=(send, self.fn, self.args), daemon=True, name=f"publish-{getattr(self.fn, '__name__', 'job')}")
        self.process.start()
        send.close()  # the helper holds the only writing end: its exit without a result reads as EOF
        self.receive = receive

    def running(self) -> bool:
        """Its helper is working (a helper whose result is bigger than the pipe's buffer stays
        alive, and busy, until the result is read)."""
        return self.process is not None and self.receive is not None and self.process.is_alive()

    def collect(self) -> Any:
        try:
            message = self.receive.recv()
        except EOFError:
            self.process.join()
            raise BuildError(
                f"publishing helper {self.process.name} ended without a result (exit code {self.process.exitcode})",
                fix="if the machine ran out of memory, build with fewer --workers; otherwise please report it",
            ) from None
        finally:
            self.receive.close()
            self.receive = None
        self.process.join()
        if not message[0]:
            error: BaseException = message[1]
            error.add_note(f"raised in publishing helper {self.process.name}:\n{message[2]}")
            raise error
        return message[1]

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        if self.process is not None:
            self.process.join()
        if self.receive is not None:
            self.receive.close()
            self.receive = None


class Background:
    """``submit(fn, *args)`` returns a function giving ``fn(*args)`` (call it once): computed in a
    helper process when there is a free one, else here when called.  Close it (or use ``with``)."""

    def __init__(self, helpers: int = 0):
        self.helpers = max(0, helpers)
        self._ctx: Any = None
        self._jobs: list[_Job] = []  # submitted and not yet collected, in submission order
        if self.helpers:
            from source_stance.builder.engine import process_context

            self._ctx = process_context()

    @classmethod
    def for_build(cls, n_inputs: int, workers: int) -> "Background":
        """As many helpers as the build had workers on this machine, none for a small build."""
        return cls(workers if workers > 1 and n_inputs >= MIN_INPUTS else 0)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        job = _Job(fn, args)
        if self.helpers:
            self._jobs.append(job)
            self._start_waiting()
        return lambda: self._result(job)

    def _start_waiting(self) -> None:
        running = sum(1 for j in self._jobs if j.running())
        for job in self._jobs:
            if running >= self.helpers:
                return
            if job.process is None:
                job.start(self._ctx)
                running += 1

    def _result(self, job: _Job) -> Any:
        if job in self._jobs:
            self._jobs.remove(job)
            if job.process is not None:
                try:
                    return job.collect()
                finally:
                    self._start_waiting()
        return job.fn(*job.args)  # no helpers, or none was free before the result was needed

    def close(self, stop: bool = False) -> None:
        """Wait for the jobs still running (``stop``: end them: publishing failed or was
        interrupted, so nothing waits for their results); drop those never started."""
        jobs, self._jobs = self._jobs, []
        try:
            for job in jobs:
                if stop:
                    job.stop()
                elif job.process is not None:
                    try:
                        job.collect()
                    except Exception:  # noqa: BLE001 - the error of a result nobody asked for
                        pass
        except BaseException:  # interrupted while waiting: end the rest
            for job in jobs:
                job.stop()
            raise

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.close(stop=exc_type is not None)
