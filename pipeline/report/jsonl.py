"""``jsonl``: one JSON object per line, written while the audit runs (constant memory).

Line types: ``{"type": "run", ...}`` first, then ``{"type": "article", ...}`` (the same
object as an entry of the JSON report's ``articles``) or ``{"type": "error", ...}`` per
input, and ``{"type": "summary", ...}`` last. ``medlint report FILE.jsonl`` turns it into
any other format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.audit import ArticleResult, RunResult
from pipeline.ingest import InputProblem
from pipeline.report import Writer


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False) + "\n"


def header_line(metadata: dict[str, Any]) -> str:
    """The first line: run metadata."""
    return _line({"type": "run", **metadata})


def article_line(item: ArticleResult | InputProblem) -> str:
    """One article's result, or one input's error."""
    if isinstance(item, InputProblem):
        return _line({"type": "error", **item.to_dict()})
    return _line({"type": "article", **item.to_dict()})


def footer_line(metadata: dict[str, Any], notes: Iterable[str]) -> str:
    """The last line: totals and notes."""
    return _line({"type": "summary", "finished": metadata.get("finished"),
                  "articles": metadata.get("articles"), "counts": metadata.get("counts"),
                  "notes": list(notes)})


def render(run: RunResult) -> str:
    """The whole run as JSON lines (when it was collected in memory anyway)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for article in run.articles:
        for finding in article.findings:
            counts[finding.severity.label] += 1
    parts = [header_line(run.metadata)]
    parts += [article_line(a) for a in run.articles]
    parts += [article_line(p) for p in run.problems]
    parts.append(footer_line({**run.metadata, "counts": counts,
                              "articles": len(run.articles)}, run.notes))
    return "".join(parts)


def read_run(lines: Iterable[str]) -> RunResult:
    """Rebuild a RunResult from JSON lines (for ``medlint report``)."""
    from pipeline.document import Block, Document, SourceMap
    from pipeline.findings import Finding

    metadata: dict[str, Any] = {}
    notes: list[str] = []
    articles: list[ArticleResult] = []
    problems: list[InputProblem] = []
    for number, raw in enumerate(_nonblank(lines), start=1):
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ValueError(f"line {number}: not JSON: {exc}") from exc
        kind = data.pop("type", None)
        if kind == "run":
            metadata = data
        elif kind == "summary":
            notes = list(data.get("notes", []))
        elif kind == "error":
            problems.append(InputProblem(data["source"], data["reason"],
                                         data.get("code", "input-error")))
        elif kind == "article":
            document = Document(
                id=data["id"], source=data["source"], text=data["text"],
                blocks=[Block(b["kind"], b["start"], b["end"], b.get("level", 0),
                              bool(b.get("ordered", False)))
                        for b in data.get("blocks", [])],
                source_map=SourceMap.identity(data["text"]), title=data.get("title"),
                format=data.get("format", "text"), metadata=data.get("metadata", {}),
                content_hash=data.get("content_hash", ""),
            )
            findings = [Finding.from_dict(f) for f in data["findings"]]
            articles.append(ArticleResult(document, findings, data.get("scores", {})))
        else:
            raise ValueError(f"line {number}: unknown line type {kind!r}")
    return RunResult(articles=articles, problems=problems, metadata=metadata, notes=notes)


def _nonblank(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if line.strip():
            yield line


WRITER = Writer("jsonl", "jsonl", render, "one JSON line per article; streams for big runs")
