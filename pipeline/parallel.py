"""Run the NLP and checks in several processes (``--jobs N``) or on a Dask cluster.

Ingestion and report writing stay in the calling process; workers receive Documents and send
back (findings, scores, notes). Results come back in input order, with a bounded number of
articles in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.document import Document
from pipeline.findings import Finding

# (findings, scores, run notes so far, failures of check families on this article, why it
# was too complex to audit within its time budget or None)
WorkResult = tuple[list[Finding], dict[str, Any], list[str], list[str], str | None]

_WORKER_AUDITORS: dict[str, Any] = {}


def _auditor_for(config: Config) -> Any:
    """One Auditor per worker process and configuration, kept between tasks."""
    from pipeline.audit import Auditor

    key = repr(config)
    if key not in _WORKER_AUDITORS:
        _WORKER_AUDITORS.clear()
        _WORKER_AUDITORS[key] = Auditor(config.merged(jobs=1))
    return _WORKER_AUDITORS[key]


def audit_batch(config: Config, documents: list[Document]) -> list[WorkResult]:
    """Audit a batch of Documents in this process (the unit of work for workers)."""
    auditor = _auditor_for(config)
    results = []
    for article in auditor.audit_documents(documents):
        results.append((article.findings, article.scores, list(auditor.notes),
                        article.failures, article.too_complex))
    return results


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_POOL_CONFIG: Config | None = None
_POOL_RULES: str | None = None  # rules version the run started with, until checked here


def check_rules(expected: str, directory: Path) -> None:
    """Raise KnowledgeError when the rules on disk are no longer those the run started with
    (a worker started late in a long run reads them afresh; one run must not mix two)."""
    from pipeline.knowledge.loader import KnowledgeError
    from pipeline.knowledge.paths import rules_version

    found = rules_version.__wrapped__(directory)
    if found != expected:
        raise KnowledgeError(f"the rules in {directory} changed during the run (from "
                             f"{expected} to {found}); start the audit again")


# Signals a new worker must not take before _init_pool has set its own handlers: the
# threads that start workers hold them (see audit_in_processes), and a worker releases them
# once its handlers are in place.
_HELD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def _hold_signals() -> set[int | signal.Signals] | None:
    """Block SIGINT and SIGTERM in this thread (threads and processes it starts inherit
    that); the previous mask, or None where signals cannot be blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)


def _worker_signals() -> None:
    """A worker's own handlers. Ctrl-C reaches every process of the terminal's group: the
    main process handles it and ends the pool; SIGTERM (the pool ending its workers) ends a
    worker quietly. A signal that came while they were held is taken now, by these."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD_SIGNALS)


def _init_pool(config: Config, rules: str) -> None:
    global _POOL_CONFIG, _POOL_RULES
    _worker_signals()
    _POOL_CONFIG, _POOL_RULES = config, rules
    _auditor_for(config).nlp  # load the model once per worker, before the first task  # noqa: B018


def _pool_task(documents: list[Document]) -> list[WorkResult]:
    global _POOL_RULES
    assert _POOL_CONFIG is not None
    if _POOL_RULES is not None:
        check_rules(_POOL_RULES, _auditor_for(_POOL_CONFIG).knowledge.directory)
        _POOL_RULES = None
    return audit_batch(_POOL_CONFIG, documents)


# Articles per task sent to a worker process.
BATCH_SIZE = 8
# Tasks a worker process runs before a fresh one replaces it. spaCy's string store and
# vocabulary only grow as new words arrive, and Python's heap fragments; a worker replaced
# every 250 tasks (2,000 articles; reloading the model takes about 2 s, 0.5% of the time
# those articles take) keeps the memory of an archive-sized run flat.
WORKER_TASKS = 250


def audit_in_processes(
    config: Config, documents: Iterable[Document], jobs: int, batch_size: int | None = None
) -> Iterator[tuple[Document, WorkResult]]:
    """Audit in ``jobs`` worker processes, yielding (document, result) in input order."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    batch_size = batch_size or BATCH_SIZE
    from pipeline.knowledge import KnowledgeBase

    rules = KnowledgeBase().version
    # The pool forks workers from this thread and, as workers are replaced, from a thread
    # it starts here. A forked worker begins with its parent's handlers (the command line
    # turns SIGTERM into an exception) and Python drops a signal that arrives before it has
    # finished forking, so the pool's SIGTERM to a worker started just before the run ended
    # could be lost and the pool wait for it forever. With the signals held while the pool
    # starts, every worker begins with them held: one sent early waits for _init_pool.
    held = _hold_signals()
    try:
        pool = context.Pool(jobs, initializer=_init_pool, initargs=(config, rules),
                            maxtasksperchild=WORKER_TASKS)
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    with pool:
        in_flight: deque[tuple[list[Document], Any]] = deque()
        limit = jobs * 3
        for batch in _batches(documents, batch_size):
            in_flight.append((batch, pool.apply_async(_pool_task, (batch,))))
            while len(in_flight) >= limit:
                yield from _drain_one(in_flight)
        while in_flight:
            yield from _drain_one(in_flight)


def _drain_one(
    in_flight: deque[tuple[list[Document], Any]],
) -> Iterator[tuple[Document, WorkResult]]:
    batch, future = in_flight.popleft()
    results = future.result() if hasattr(future, "result") else future.get()
    yield from zip(batch, results, strict=True)


def audit_on_dask(
    config: Config,
    documents: Iterable[Document],
    scheduler: str | None,
    jobs: int,
    batch_size: int = 16,
) -> Iterator[tuple[Document, WorkResult]]:
    """Audit on a Dask distributed cluster: ``scheduler`` is its address (tcp://host:port),
    or None for a LocalCluster of ``jobs`` worker processes on this machine.

    Every worker needs medlint (same version and rules) and the spaCy pipeline installed.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "Dask is not installed: pip install 'medlint[dask]' (or dask[distributed])"
        ) from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        in_flight: deque[tuple[list[Document], Any]] = deque()
        limit = max(2, len(client.scheduler_info().get("workers", {})) * 3)
        for batch in _batches(documents, batch_size):
            in_flight.append((batch, client.submit(audit_batch, config, batch, pure=False)))
            while len(in_flight) >= limit:
                yield from _drain_one(in_flight)
        while in_flight:
            yield from _drain_one(in_flight)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
