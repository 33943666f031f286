"""Giving memory the driver has freed back to the operating system, between stages.

Freed memory is not always returned: glibc keeps freed heap blocks below a moving mmap threshold
(after NumPy frees a large array, the threshold rises and the next large arrays come from the
heap), and Arrow's allocator keeps freed buffers for reuse.  Measured on the 1M-text benchmark,
the driver's near-duplicate step grew its RSS by ~25 MB per band that way.  ``malloc_trim`` is
glibc's (Linux); elsewhere only the collector and Arrow's pool are asked.

Which allocator Arrow uses matters too: with pyarrow's default here (mimalloc), a pass-2 worker
grew ~100 MiB over its imports after writing one shard while Arrow had at most 20 MiB allocated;
with jemalloc ~36 MiB, with the system allocator ~30 MiB.  :func:`use_lean_arrow_pool` switches the
processes the build owns (its workers, and the CLI's own process).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys

#: Set by the user, this environment variable picks Arrow's allocator and is left alone.
POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def release_freed_memory(collect: bool = True) -> None:
    """``collect=False`` skips the garbage collector (a full collection costs ~0.1 s in a big
    heap; NumPy and Arrow buffers are freed without it)."""
    import pyarrow as pa

    if collect:
        gc.collect()
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        name = ctypes.util.find_library("c")
        try:
            libc = ctypes.CDLL(name) if name else None
        except OSError:
            libc = None
        trim = getattr(libc, "malloc_trim", None)  # glibc; absent on musl
        if trim is not None:
            trim(0)


def use_lean_arrow_pool() -> str:
    """Make jemalloc (else the system allocator) this process's default Arrow memory pool, unless
    ``ARROW_DEFAULT_MEMORY_POOL`` names one; return the pool's name.  Buffers allocated before keep
    their own pool, so switching at any time is safe; the bytes written never depend on it.

    The variable is set too, before pyarrow loads where it has not yet: Arrow's C++ code (the
    Parquet reader's decompression buffers, say) allocates from the pool the variable named when
    pyarrow loaded, whatever ``set_memory_pool`` says, and the processes started afterwards (the
    workers' forkserver, a LocalCluster's workers, publishing's helpers) inherit it.  Measured:
    reading back four shards' files grew a process by ~115 MiB under ``set_memory_pool`` alone,
    by ~48 MiB with the variable set."""
    if not os.environ.get(POOL_VARIABLE):
        os.environ[POOL_VARIABLE] = "system" if sys.platform == "win32" else "jemalloc"
        import pyarrow as pa

        try:
            pool = pa.jemalloc_memory_pool() if os.environ[POOL_VARIABLE] == "jemalloc" else pa.system_memory_pool()
        except NotImplementedError:  # a pyarrow built without jemalloc
            pool = pa.system_memory_pool()
            os.environ[POOL_VARIABLE] = "system"
        pa.set_memory_pool(pool)
    import pyarrow as pa

    return pa.default_memory_pool().backend_name


def arrow_pool_name(*_: object) -> str:
    """The name of this process's default Arrow pool (a task the tests run on workers)."""
    import pyarrow as pa

    return pa.default_memory_pool().backend_name
