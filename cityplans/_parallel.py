"""Run a few independent, CPU-bound build steps on all cores.

The figure build is ten figures and a set of tables, each taking 0.1–1.4 s
of pure-Python matplotlib and pandas work, so threads do not help and
processes do. Worker processes are *forked*: they inherit the imported
modules and the parsed corpus instead of importing and parsing again (about
a second each) or receiving them pickled. Where ``fork`` does not exist
(Windows) the steps run one after another in this process; the outputs are
the same either way, because each step only depends on its own inputs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.pool
import os
import signal
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
# The steps of the running call; forked workers find them here, so nothing is pickled but an index.
_STEPS: Sequence[Callable[[], object]] = ()


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _ignore_interrupt() -> None:
    # Ctrl-C reaches every process of the terminal's group; the main process alone
    # handles it (it stops the pool), so workers print no traceback. SIGTERM, which
    # the main process turns into an exception, ends a worker at once, as the pool
    # expects when it terminates its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: end this worker when the main process dies, even by SIGKILL.

    Otherwise an orphaned worker finishes its task, finds the pipe to the main
    process closed, and prints a BrokenPipeError traceback after the kill.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


#: Whether workers can be forked here (not on Windows).
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


def worker_pool(processes: int) -> multiprocessing.pool.Pool:
    """The pool every parallel part of cityplans uses: forked workers where possible
    (spawned elsewhere; then tasks must be picklable), quiet on Ctrl-C."""
    with warnings.catch_warnings():
        # Python >= 3.12 warns about forking a process that has threads (numpy's BLAS
        # pool); the workers parse, draw and write files and never touch those threads.
        warnings.filterwarnings("ignore", message=".*use of fork\\(\\) may lead to deadlocks",
                                category=DeprecationWarning)
        context = multiprocessing.get_context("fork" if CAN_FORK else "spawn")
        return context.Pool(processes, initializer=_ignore_interrupt)


def _run_step(i: int) -> tuple[int, object]:
    return i, _STEPS[i]()


def run_steps(steps: Sequence[Callable[[], T]], jobs: int | None = None) -> list[T]:
    """Call every step, on up to ``jobs`` forked processes; results in step order.

    Steps should be ordered longest first: they are handed out one at a
    time, so the last one to start decides when the call ends. An exception
    in a step is raised here.

    Examples
    --------
    >>> run_steps([lambda: 1, lambda: 2, lambda: 3], jobs=2)
    [1, 2, 3]
    """
    global _STEPS  # noqa: PLW0603 - read by the forked workers
    jobs = min(jobs or default_jobs(), len(steps))
    if jobs <= 1 or not CAN_FORK:  # steps are closures: only forked workers can run them
        return [step() for step in steps]
    _STEPS = steps
    try:
        with worker_pool(jobs) as pool:
            results = dict(pool.imap_unordered(_run_step, range(len(steps))))
    finally:
        _STEPS = ()
    return [results[i] for i in range(len(steps))]  # type: ignore[misc]
