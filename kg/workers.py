"""Worker processes that die with the process that forked them."""
from __future__ import annotations

import ctypes
import os
import signal


def die_with(parent: int) -> None:
    """Called first in a forked worker: the kernel kills it when ``parent`` (the thread that forked
    it) ends, also by kill -9, and it exits at once if ``parent`` is already gone. Without it a
    worker outlived a killed kg: an extraction worker waited for work forever (it holds both ends
    of the pool's pipes, so it never sees them close), a query worker ran its query to the end."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):  # (elsewhere: no prctl)
        pass
    if os.getppid() != parent:
        os._exit(1)
