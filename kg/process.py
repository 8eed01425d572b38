"""What kg asks of the C library about its own processes: memory given back to the system, and
forked workers that die with the process that forked them (glibc, Linux; elsewhere, nothing)."""
from __future__ import annotations

import functools
import os
import signal


@functools.cache
def _libc():
    import ctypes
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # (not glibc)
        return None


def trim_memory() -> None:
    """Give the memory freed in this process back to the system: glibc keeps it otherwise, and a
    build's resident size grew by each bulk load's largest buffers."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def die_with(parent: int) -> None:
    """Called first in a forked worker: the kernel kills it when ``parent`` (the thread that forked
    it) ends, also by kill -9, and it exits at once if ``parent`` is already gone. Without it a
    worker outlived a killed kg: an extraction worker waited for work forever (it holds both ends
    of the pool's pipes, so it never sees them close), a query worker ran its query to the end."""
    libc = _libc()
    if libc is not None and hasattr(libc, "prctl"):
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def apart(fn, *args):
    """``fn(*args)`` in a forked process of its own, for work whose memory the caller should not
    keep: what that process allocates goes with it (glibc keeps the freed memory of a long-lived
    process, and Python's own never shrinks back)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=die_with,
                             initargs=(os.getpid(),)) as pool:
        return pool.submit(fn, *args).result()
