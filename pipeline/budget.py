"""A time budget per article: CPU seconds after which its audit stops.

Every reader is meant to be linear in the length of an article, but one input that is not
(a new parse shape, a pathological page) must not hold up the whole run. The budget counts
CPU time, not wall time, so a busy machine or ``--jobs`` more than cores does not make an
ordinary article "too complex".

In the main thread of a process (a one-process run, and each ``--jobs`` worker) an interval
timer (``ITIMER_PROF``) raises :class:`TooComplex` wherever the audit is when the budget is
spent. Elsewhere (a Dask worker's thread, a platform without ``setitimer``) the budget is
checked between the parse and each check family, with the thread's own CPU clock. The
default (``Config.article_timeout``, ``article-timeout`` in the configuration,
``--article-timeout`` on the command line) is 120 CPU seconds.
:class:`TooComplex` derives from ``BaseException``: the ``except Exception`` that keeps one
failing check family from losing the others must not swallow it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TooComplex(BaseException):
    """An article's audit used up its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"too complex to audit: it took more than {seconds:g} CPU seconds "
                         "(the per-article time budget, --article-timeout)")
        self.seconds = seconds


class Budget:
    """The budget of one article: :meth:`check` raises TooComplex once it is spent."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._start = time.thread_time()

    def check(self) -> None:
        """Raise TooComplex when the thread has used more CPU time than the budget."""
        if self.seconds and time.thread_time() - self._start > self.seconds:
            raise TooComplex(self.seconds)


def _timer_available() -> bool:
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_budget(seconds: float | None) -> Iterator[Budget]:
    """Run a block within ``seconds`` of CPU time (None or 0: without limit)."""
    budget = Budget(seconds)
    if not seconds or not _timer_available():
        yield budget
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TooComplex(seconds)

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
