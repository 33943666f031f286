"""An exclusive, advisory lock per release name in the output folder (``fcntl.flock``).

Two builds that publish the same ``<name>-<version>`` into the same ``--out`` take turns: the second
waits (saying so on stderr) until the first has published or died, then finds the release in
place and either does nothing (same content) or refuses (other content).  The kernel drops a flock
when its holder dies, even by SIGKILL, so a killed build never leaves a lock behind.  The lock file
``<out>/.<name>-<version>.lock`` is left in place (deleting it would race with a waiting build);
it holds the pid of the last holder, for the message.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from source_stance.builder.errors import ReleaseError

POLL_SECONDS = 0.2


def lock_path(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}.lock"


@contextmanager
def release_lock(out_dir: Path, name: str, timeout: Optional[float] = None) -> Iterator[Path]:
    """Hold the lock for release ``name`` in ``out_dir``; wait for it (forever, or ``timeout`` s)."""
    path = lock_path(out_dir, name)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            print(f"waiting: another build (pid {holder}) is publishing {name} into {out_dir}", file=sys.stderr)
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() >= deadline:
                        raise ReleaseError(
                            f"another build (pid {holder}) has held the lock for {name} for over {timeout:g} s",
                            path=str(path),
                            fix="wait for that build to finish, or stop it; the lock is released when it exits",
                        ) from None
                    time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
