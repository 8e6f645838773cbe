"""Baselines: record today's findings so that CI reports only new ones.

A finding's fingerprint is its rule (and safety kind), its quoted words and a few words of
context on each side taken from the same block (paragraph, list item...), all normalised
(case, white space, punctuation). Line and column are left out on purpose: moving a paragraph,
adding text above it or re-wrapping lines keeps every fingerprint, while a new problem, or the
same problem in new words, gets a new one. Matching counts fingerprints per file, so a second
copy of a known problem is still new.

File format (JSON, ``medlint_baseline: 1``)::

    {"medlint_baseline": 1, "created": "...", "medlint_version": "...",
     "files": {"articles/a.md": [{"fingerprint": "...", "rule": "...", "quote": "...",
                                  "line": 3}]}}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pipeline
from pipeline.audit import ArticleResult, RunResult
from pipeline.document import Document
from pipeline.findings import Finding
from pipeline.names import absolute, relative_to_cwd, shown

FORMAT_VERSION = 1
CONTEXT_WORDS = 3
_WORD = re.compile(r"\w+(?:['’]\w+)*")


class BaselineError(Exception):
    """A baseline file cannot be read or has the wrong shape."""


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces; punctuation and line breaks dropped."""
    return " ".join(w.lower().replace("’", "'") for w in _WORD.findall(text))


def _context(document: Document, start: int, end: int) -> tuple[str, str]:
    """Up to CONTEXT_WORDS normalised words before and after a span, within its block."""
    block = document.block_at(start)
    lo = block.start if block else 0
    hi = block.end if block and block.end >= end else len(document.text)
    before = normalise(document.text[lo:start]).split()[-CONTEXT_WORDS:]
    after = normalise(document.text[end:hi]).split()[:CONTEXT_WORDS]
    return " ".join(before), " ".join(after)


def fingerprint(finding: Finding, document: Document) -> str:
    """A stable id for one finding in one article, independent of its line and column."""
    parts = [finding.rule, finding.kind or ""]
    if finding.start is not None and finding.end is not None:
        before, after = _context(document, finding.start, finding.end)
        parts += [normalise(finding.quote or document.text[finding.start:finding.end]),
                  before, after]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def file_key(source: str) -> str:
    """How a file is named in a baseline: relative to the working directory, with ``/``,
    shown escaped (:func:`pipeline.names.shown`) so that any name fits in the JSON file."""
    if source.startswith("<"):
        return shown(source)
    relative = relative_to_cwd(source)
    return shown(relative if relative is not None else absolute(source).as_posix())


@dataclass(frozen=True)
class Baseline:
    """Known fingerprints per file."""

    files: dict[str, Counter[str]]

    @classmethod
    def from_run(cls, run: RunResult) -> Baseline:
        """The baseline of a run: every finding of every article."""
        files: dict[str, Counter[str]] = {}
        for article in run.articles:
            counter = files.setdefault(_article_key(article), Counter())
            for finding in article.findings:
                counter[fingerprint(finding, article.document)] += 1
        return cls(files)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file written by :func:`to_json`."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise BaselineError(f"{path}: not a medlint baseline (not valid UTF-8: byte "
                                f"{exc.start})") from exc
        except (ValueError, RecursionError) as exc:
            raise BaselineError(f"{path}: not a medlint baseline (invalid JSON: {exc})") from exc
        if not isinstance(data, dict) or data.get("medlint_baseline") != FORMAT_VERSION:
            raise BaselineError(f"{path}: not a medlint baseline (missing medlint_baseline: 1)")
        files: dict[str, Counter[str]] = {}
        entries = data.get("files", {})
        if not isinstance(entries, dict):
            raise BaselineError(f"{path}: 'files' must be an object")
        for name, items in entries.items():
            try:
                files[name] = Counter(str(item["fingerprint"]) for item in items)
            except (TypeError, KeyError) as exc:
                raise BaselineError(f"{path}: entry for {name!r} lacks fingerprints") from exc
        return cls(files)

    def new_findings(self, article: ArticleResult) -> list[Finding]:
        """The article's findings that the baseline does not account for."""
        remaining = Counter(self.files.get(_article_key(article), Counter()))
        fresh = []
        for finding in article.findings:
            key = fingerprint(finding, article.document)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                fresh.append(finding)
        return fresh

    def filter_run(self, run: RunResult) -> RunResult:
        """A copy of ``run`` keeping only new findings, with a note of how many were known."""
        articles = []
        hidden = 0
        for article in run.articles:
            fresh = self.new_findings(article)
            hidden += len(article.findings) - len(fresh)
            articles.append(replace(article, findings=fresh))
        notes = [*run.notes, f"baseline: {hidden} known finding(s) not reported"]
        metadata = {**run.metadata, "baseline_hidden": hidden}
        return RunResult(articles=articles, problems=run.problems, metadata=metadata,
                         notes=notes)


def _article_key(article: ArticleResult) -> str:
    key = file_key(article.document.source)
    # JSONL holds several articles per file: keep them apart.
    if article.document.format == "jsonl":
        key = f"{key}#{article.document.id}"
    return key


def to_json(run: RunResult) -> str:
    """The baseline file for ``run`` (sorted, so that it diffs well in version control)."""
    files: dict[str, list[dict[str, Any]]] = {}
    for article in run.articles:
        entries = files.setdefault(_article_key(article), [])
        for finding in article.findings:
            entries.append({
                "fingerprint": fingerprint(finding, article.document),
                "rule": finding.rule,
                "kind": finding.kind,
                "quote": finding.quote,
                "line": finding.line,
            })
        entries.sort(key=lambda e: (e["line"] or 0, e["rule"], e["fingerprint"]))
    data = {
        "medlint_baseline": FORMAT_VERSION,
        "medlint_version": pipeline.__version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": dict(sorted(files.items())),
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
