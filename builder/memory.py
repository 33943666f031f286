"""Giving memory the driver has freed back to the operating system, between stages.

Freed memory is not always returned: glibc keeps freed heap blocks below a moving mmap threshold
(after NumPy frees a large array, the threshold rises and the next large arrays come from the
heap), and Arrow's allocator keeps freed buffers for reuse.  Measured on the 1M-text benchmark,
the driver's near-duplicate step grew its RSS by ~25 MB per band that way.  ``malloc_trim`` is
glibc's (Linux); elsewhere only the collector and Arrow's pool are asked.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


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
