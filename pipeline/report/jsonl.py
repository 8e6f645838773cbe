"""``jsonl``: one JSON object per line, written while the audit runs (constant memory).

Line types: ``{"type": "run", ...}`` first, then ``{"type": "article", ...}`` (the same
object as an entry of the JSON report's ``articles``) or ``{"type": "error", ...}`` per
input, and ``{"type": "summary", ...}`` last. ``medlint report FILE.jsonl`` turns it into
any other format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pipeline.audit import ArticleResult, RunResult
from pipeline.ingest import InputProblem
from pipeline.ingest.values import valid_text
from pipeline.report import Writer
from pipeline.report.validate import SchemaError, check, definition

# Characters that JSON leaves raw in a string but that some line readers (str.splitlines,
# JavaScript) take for a line break: written as escapes, so one record is always one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _line(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, allow_nan=False)
    return text.translate(_LINE_BREAKS) + "\n"


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


class ResultFileError(ValueError):
    """A JSON-lines result file that medlint cannot read back; the message names the line."""


def read_run(lines: Iterable[str | bytes]) -> RunResult:
    """Rebuild a RunResult from JSON lines (for ``medlint report``). Every line is checked
    against the report's schema (and offsets against the article's text) first; the first
    line that does not fit raises :class:`ResultFileError` naming it."""
    metadata: dict[str, Any] = {}
    notes: list[str] = []
    articles: list[ArticleResult] = []
    problems: list[InputProblem] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = _parse(raw)
            kind = data.pop("type", None)
            if kind == "run":
                check(data, definition("#/properties/run"))
                metadata = data
            elif kind == "summary":
                check(data.get("notes", []), definition("#/properties/notes"), "notes")
                notes = list(data.get("notes", []))
            elif kind == "error":
                check(data, definition("#/properties/errors/items"))
                problems.append(InputProblem(data["source"], data["reason"], data["code"]))
            elif kind == "article":
                articles.append(_article(data))
            else:
                raise SchemaError(f"unknown line type {_short(kind)}")
        except (SchemaError, ValueError, RecursionError) as exc:
            raise ResultFileError(f"line {number}: {exc}") from exc
    return RunResult(articles=articles, problems=problems, metadata=metadata, notes=notes)


def _parse(raw: str | bytes) -> dict[str, Any]:
    """One line as a JSON object of valid Unicode and finite numbers."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise SchemaError(f"not valid UTF-8 (byte {exc.start})") from exc
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise SchemaError("not JSON: nested too deeply") from exc
    except ValueError as exc:
        raise SchemaError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise SchemaError(f"a JSON object is expected, not {_short(data)}")
    _check_text(data)
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:39] + "\u2026"


def _check_text(data: Any) -> None:
    """Every string (and key) is Unicode text: no lone surrogate."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if valid_text(value) != value:
                raise SchemaError("a string holds a lone surrogate (\\udXXX), not Unicode text")
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _article(data: dict[str, Any]) -> ArticleResult:
    """An article line, checked against the schema and its own text."""
    from pipeline.document import BLOCK_KINDS, Block, Document, SourceMap
    from pipeline.findings import Finding

    check(data, definition("#/$defs/article"))
    length = len(data["text"])
    for index, block in enumerate(data.get("blocks", [])):
        where = f"blocks[{index}]"
        if block["kind"] not in BLOCK_KINDS:
            raise SchemaError(f"{where}.kind: must be one of {', '.join(BLOCK_KINDS)}")
        _span(block["start"], block["end"], length, where)
    for index, finding in enumerate(data["findings"]):
        where = f"findings[{index}]"
        if finding["start"] is not None or finding["end"] is not None:
            _span(finding["start"], finding["end"], length, where)
        for k, related in enumerate(finding["related"]):
            _span(related["start"], related["end"], length, f"{where}.related[{k}]")
    document = Document(
        id=data["id"], source=data["source"], text=data["text"],
        blocks=[Block(b["kind"], b["start"], b["end"], b.get("level", 0),
                      bool(b.get("ordered", False)))
                for b in data.get("blocks", [])],
        source_map=SourceMap.identity(data["text"]), title=data["title"],
        format=data["format"], metadata=data["metadata"],
        content_hash=data.get("content_hash", ""),
    )
    findings = [Finding.from_dict(f) for f in data["findings"]]
    return ArticleResult(document, findings, data["scores"])


def _span(start: Any, end: Any, length: int, where: str) -> None:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= length):
        raise SchemaError(f"{where}: span {_short(start)}..{_short(end)} is not inside the "
                          f"article's text ({length} characters)")


WRITER = Writer("jsonl", "jsonl", render, "one JSON line per article; streams for big runs")
