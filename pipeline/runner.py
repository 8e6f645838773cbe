"""Drive an audit for the command line: cache, progress bar, streaming output."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from pipeline.audit import ArticleResult, Auditor, RunResult, _now
from pipeline.cache import ResultCache
from pipeline.cachedir import cache_dir
from pipeline.config import Config
from pipeline.ingest import InputProblem, count_inputs
from pipeline.names import shown

if TYPE_CHECKING:
    from rich.console import Console


class TextSink(Protocol):
    """Where streamed JSON lines go: a text file, standard output or a report handle."""

    def write(self, text: str, /) -> int:
        """Write text."""

    def flush(self) -> None:
        """Flush."""


def open_cache(config: Config, auditor: Auditor) -> ResultCache | None:
    """The result cache for this run, or None when switched off or unusable (a note says
    why; an unusable cache never stops an audit)."""
    if not config.cache:
        return None
    try:
        return ResultCache(cache_dir(config.cache_dir), config, auditor.knowledge.version,
                           on_failure=auditor.notes.append)
    except (OSError, sqlite3.Error) as exc:
        auditor.notes.append(f"result cache disabled: {exc}")
        return None


def progress_wanted(enabled: bool) -> bool:
    """Whether to show a progress display: asked for, and standard error is a terminal."""
    return enabled and sys.stderr.isatty()


@contextmanager
def progress_bar(enabled: bool, total: int | None = None,
                 console: Console | None = None) -> Iterator[ProgressCallback]:
    """A rich progress display on stderr (or ``console``), or a no-op when disabled or not a
    terminal. With a ``total`` (articles and input problems to come) it shows a bar, how
    many of the total are done and the time left; without one, a count and the time spent."""
    if console is None and not progress_wanted(enabled):
        yield ProgressCallback(None, None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[ProgressColumn | str] = [SpinnerColumn(), TextColumn("auditing"),
                                           MofNCompleteColumn()]
    if total is not None:
        columns += [BarColumn(bar_width=24), TimeRemainingColumn(), TextColumn("left")]
    else:
        columns += [TimeElapsedColumn()]
    columns.append(TextColumn("{task.fields[current]}"))
    with Progress(*columns, console=console or Console(stderr=True),
                  transient=console is None) as progress:
        task = progress.add_task("audit", total=total, current="")
        yield ProgressCallback(progress, task)


class ProgressCallback:
    """Advance the progress display by one article."""

    def __init__(self, progress: object, task: object) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, label: str) -> None:
        """Count one more article."""
        if self._progress is not None:
            from rich.markup import escape

            self._progress.update(self._task, advance=1,  # type: ignore[attr-defined]
                                  current=escape(shown(label)[-50:]))


def _results(config: Config, inputs: Iterable[str], progress: bool,
             auditor: Auditor, stdin_name: str | None = None
             ) -> Iterator[ArticleResult | InputProblem]:
    inputs = list(inputs)
    total = (count_inputs(inputs, config.include, config.exclude)
             if progress_wanted(progress) else None)
    cache = open_cache(config, auditor)
    try:
        with progress_bar(progress, total) as advance:
            for item in auditor.iter_results(inputs, cache, stdin_name=stdin_name):
                advance(item.source if isinstance(item, InputProblem) else item.document.label)
                yield item
    finally:
        if cache is not None:
            cache.close()


def run_audit(config: Config, inputs: Iterable[str], progress: bool = True,
              stdin_name: str | None = None) -> RunResult:
    """Audit everything and collect the results for report writers."""
    auditor = Auditor(config)
    started = _now()
    articles: list[ArticleResult] = []
    problems: list[InputProblem] = []
    for item in _results(config, inputs, progress, auditor, stdin_name):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            articles.append(item)
    metadata = auditor.run_metadata()
    metadata.update(started=started, finished=_now())
    return RunResult(articles=articles, problems=problems, metadata=metadata,
                     notes=list(auditor.notes))


def stream_jsonl(config: Config, inputs: Iterable[str], out: TextSink,
                 progress: bool = True, stdin_name: str | None = None) -> RunResult:
    """Audit and write one JSON line per article as soon as it is done, keeping nothing but
    counts in memory (for archives of any size). The returned RunResult has no articles,
    only problems, notes, metadata and the severity counts in ``metadata["counts"]``."""
    from pipeline.report.jsonl import article_line, footer_line, header_line

    auditor = Auditor(config)
    started = _now()
    problems: list[InputProblem] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    articles = 0
    metadata = auditor.run_metadata()
    metadata["started"] = started
    out.write(header_line(metadata))
    for item in _results(config, inputs, progress, auditor, stdin_name):
        if isinstance(item, InputProblem):
            problems.append(item)
            out.write(article_line(item))
            continue
        articles += 1
        for finding in item.findings:
            counts[finding.severity.label] += 1
        out.write(article_line(item))
    metadata.update(finished=_now(), counts=counts, articles=articles)
    out.write(footer_line(metadata, auditor.notes))
    out.flush()
    return RunResult(articles=[], problems=problems, metadata=metadata,
                     notes=list(auditor.notes))
