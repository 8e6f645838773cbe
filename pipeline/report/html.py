"""``html``: a self-contained report an editor can read.

Each article is shown with its problems highlighted in place and explained beside the text.
Several articles give an index page plus one page per article. Nothing is loaded from the
network; article text is always escaped (Jinja2 autoescape).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.audit import ArticleResult, RunResult
from pipeline.document import Block
from pipeline.findings import Finding
from pipeline.report import Writer
from pipeline.report.json import summary

TEMPLATES = Path(__file__).parent / "templates"
BLOCK_TAGS = {"title": "h1", "heading": "h2", "paragraph": "p", "list_item": "li",
              "quote": "blockquote", "table_cell": "p", "code": "pre"}


@dataclass(frozen=True)
class Segment:
    """A run of text and the findings that cover it (by index in the article's list)."""

    text: str
    findings: tuple[int, ...]
    severity: str | None
    related_of: tuple[int, ...] = ()


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = slug
    return env


def slug(value: str) -> str:
    """A file-name-safe form of an article id."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-.")
    return cleaned[:80] or "article"


def segments(text: str, block: Block, findings: list[Finding]) -> list[Segment]:
    """Split a block into segments at every finding boundary inside it."""
    spans: list[tuple[int, int, int, bool]] = []
    for index, f in enumerate(findings):
        if f.start is not None and f.end is not None:
            spans.append((f.start, f.end, index, False))
        for r in f.related:
            spans.append((r.start, r.end, index, True))
    cuts = {block.start, block.end}
    for start, end, _i, _r in spans:
        if start < block.end and end > block.start:
            cuts.add(max(start, block.start))
            cuts.add(min(end, block.end))
    ordered = sorted(cuts)
    result = []
    for a, b in itertools.pairwise(ordered):
        if a >= b:
            continue
        covering = tuple(i for s, e, i, rel in spans if s <= a and b <= e and not rel)
        related = tuple(i for s, e, i, rel in spans if s <= a and b <= e and rel)
        severity = None
        if covering:
            severity = max((findings[i] for i in covering), key=lambda f: f.severity).severity.label
        elif related:
            severity = "related"
        result.append(Segment(text[a:b], covering, severity, related))
    return result


def article_context(article: ArticleResult) -> dict[str, Any]:
    """What the article template needs."""
    document = article.document
    findings = article.findings
    blocks = []
    for block in document.blocks:
        blocks.append({
            "tag": BLOCK_TAGS.get(block.kind, "p"),
            "kind": block.kind,
            "segments": segments(document.text, block, findings),
        })
    return {
        "article": article,
        "document": document,
        "blocks": blocks,
        "document_findings": [(i, f) for i, f in enumerate(findings) if not f.has_span],
        "span_findings": [(i, f) for i, f in enumerate(findings) if f.has_span],
        "counts": article.counts(),
        "scores": article.scores,
    }


def render(run: RunResult) -> str | Mapping[str, str]:
    """One page for one article; an index plus one page per article otherwise."""
    env = _environment()
    common = {"run": run.metadata, "notes": run.notes, "problems": run.problems,
              "summary": summary(run)}
    if len(run.articles) == 1 and not run.problems:
        return env.get_template("article.html.j2").render(
            **common, **article_context(run.articles[0]), index_href=None)
    pages: dict[str, str] = {}
    rows = []
    used: set[str] = set()
    for article in run.articles:
        name = slug(article.id)
        while name in used:
            name += "-"
        used.add(name)
        href = f"articles/{name}.html"
        rows.append({"article": article, "href": href, "counts": article.counts(),
                     "categories": _by_category(article.findings)})
        pages[href] = env.get_template("article.html.j2").render(
            **common, **article_context(article), index_href="../index.html")
    pages["index.html"] = env.get_template("index.html.j2").render(**common, rows=rows)
    return pages


def _by_category(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.category] = counts.get(f.category, 0) + 1
    return counts


WRITER = Writer("html", "html", render, "self-contained report for editors")
