"""``html``: a self-contained report an editor can read.

Each article is shown with its problems highlighted in place (colour by severity, a category
badge at the end of each span) and explained in a side list that jumps to the spot; the other
half of a contradiction is marked too and linked both ways. The article text starts on the
first screen: findings about the whole article (missing safety information) sit above it as
one line each, expandable; counts, filters and readability figures sit in the side list, whose
header shows how many findings it holds and how many are below the visible part. Lists are
rendered as lists. Several articles give an index page (worst articles first, sortable,
filterable, fitting any window from a phone to a desktop, with inline SVG charts of findings
by category and by rule below the table) plus one page per article.

Safety: every piece of article text goes through Jinja2 autoescape, article markup is never
reproduced (the report shows extracted text), and the Content-Security-Policy allows only the
report's own script and style, by hash: nothing from an article can run or load anything, and
the page loads nothing from the network, so it works from ``file://``.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from pipeline.audit import ArticleResult, RunResult
from pipeline.document import Block
from pipeline.findings import CATEGORIES, Finding, Severity
from pipeline.names import shown
from pipeline.report import Writer
from pipeline.report.json import summary

TEMPLATES = Path(__file__).parent / "templates"
BLOCK_TAGS = {"title": "h1", "heading": "h2", "paragraph": "p", "list_item": "li",
              "quote": "blockquote", "table_cell": "p", "code": "pre"}
SEVERITIES = ("error", "warning", "info")
READABILITY_LABELS = (
    ("grade", "Grade level (mean of FK and SMOG)"),
    ("target_grade", "Target grade"),
    ("flesch_kincaid_grade", "Flesch-Kincaid grade"),
    ("smog_index", "SMOG index"),
    ("flesch_reading_ease", "Flesch reading ease (higher is easier)"),
    ("words", "Words"),
)
_URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class Segment:
    """A run of text and the findings that cover it (by index in the article's list)."""

    text: str
    findings: tuple[int, ...]
    severity: str | None
    related_of: tuple[int, ...] = ()
    anchors: tuple[str, ...] = ()
    badge: str | None = None
    categories: tuple[str, ...] = ()


@dataclass
class _Span:
    start: int
    end: int
    finding: int
    related: int | None  # index into finding.related, None for the finding's own span


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = slug
    env.filters["reference"] = reference
    env.filters["shown"] = shown
    return env


def slug(value: str) -> str:
    """A file-name-safe form of an article id."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-.")
    return cleaned[:80] or "article"


def reference(value: str) -> Markup:
    """A source reference: a link when it is a plain http(s) URL, escaped text otherwise."""
    escaped = Markup.escape(value)
    if _URL.match(value):
        return Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(value)
    return escaped


def _spans(findings: list[Finding]) -> list[_Span]:
    spans = []
    for index, f in enumerate(findings):
        if f.start is not None and f.end is not None and f.end > f.start:
            spans.append(_Span(f.start, f.end, index, None))
        for k, r in enumerate(f.related):
            if r.end > r.start:
                spans.append(_Span(r.start, r.end, index, k))
    return spans


def segments(text: str, block: Block, findings: list[Finding],
             placed: set[str] | None = None) -> list[Segment]:
    """Split a block into segments at every finding boundary inside it.

    ``placed`` collects the anchor ids already emitted, so that a span crossing blocks gets
    its anchor once, at its first segment.
    """
    placed = set() if placed is None else placed
    spans = [s for s in _spans(findings) if s.start < block.end and s.end > block.start]
    cuts = {block.start, block.end}
    for s in spans:
        cuts.add(max(s.start, block.start))
        cuts.add(min(s.end, block.end))
    ordered = sorted(cuts)
    result = []
    for a, b in itertools.pairwise(ordered):
        if a >= b:
            continue
        own = tuple(sorted({s.finding for s in spans
                            if s.related is None and s.start <= a and b <= s.end}))
        related = tuple(sorted({s.finding for s in spans
                                if s.related is not None and s.start <= a and b <= s.end}))
        anchors = []
        for s in spans:
            if s.start <= a < s.end:
                anchor = (f"at-{s.finding}" if s.related is None
                          else f"rel-{s.finding}-{s.related}")
                if anchor not in placed:
                    placed.add(anchor)
                    anchors.append(anchor)
        ending = [s for s in spans if s.related is None and s.end == b and s.start < b]
        badge = " ".join(f"{findings[s.finding].category} {s.finding + 1}" for s in ending)
        severity = None
        if own:
            severity = max((findings[i] for i in own), key=lambda f: f.severity).severity.label
        elif related:
            severity = "related"
        categories = tuple(sorted({findings[i].category for i in own + related}))
        result.append(Segment(text[a:b], own, severity, related, tuple(anchors),
                              badge or None, categories))
    return result


def _readability(scores: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    figures = scores.get("readability") or {}
    rows = []
    for key, label in READABILITY_LABELS:
        value = figures.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            rows.append((key, label, value))
    return rows


def grade_of(article: ArticleResult) -> float | None:
    """The article's grade level, when the readability check measured one."""
    value = (article.scores.get("readability") or {}).get("grade")
    return float(value) if isinstance(value, int | float) else None


LIST_MARKER = re.compile(r"^\s*(?:[-*•‣◦–]|\d{1,3}[.)]|[a-z][.)])\s")


def flow(document_text: str, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks in order, with each run of list items gathered into one list (``ol`` for a
    numbered list, ``ul`` otherwise). ``marked``: the items carry their own marker in the
    text ("- Rest", "1. Lie down", as in plain-text articles), so the list adds none."""
    result: list[dict[str, Any]] = []
    for block in blocks:
        if block["kind"] != "list_item":
            result.append(block)
            continue
        tag = "ol" if block["ordered"] else "ul"
        marked = bool(LIST_MARKER.match(block["text"]))
        last = result[-1] if result else None
        if last is not None and last.get("list") == tag and last["marked"] == marked:
            last["items"].append(block)
        else:
            result.append({"list": tag, "marked": marked, "items": [block]})
    return result


def article_context(article: ArticleResult) -> dict[str, Any]:
    """What the article template needs."""
    document = article.document
    findings = article.findings
    placed: set[str] = set()
    blocks = []
    for block in document.blocks:
        blocks.append({
            "tag": BLOCK_TAGS.get(block.kind, "p"),
            "kind": block.kind,
            "level": block.level,
            "ordered": block.ordered,
            "text": document.text[block.start:block.end],
            "segments": segments(document.text, block, findings, placed),
        })
    present = {f"at-{i}" for i in range(len(findings))} & placed
    figures = article.scores.get("readability") or {}
    grade = figures.get("grade")
    target = figures.get("target_grade")
    return {
        "article": article,
        "document": document,
        "blocks": blocks,
        "flow": flow(document.text, blocks),
        "findings": list(enumerate(findings)),
        "document_findings": [(i, f) for i, f in enumerate(findings)
                              if not f.has_span or f"at-{i}" not in present],
        "span_findings": [(i, f) for i, f in enumerate(findings) if f"at-{i}" in present],
        "counts": article.counts(),
        "categories": sorted({f.category for f in findings}, key=CATEGORIES.index),
        "readability": _readability(article.scores),
        "readability_grade": grade,
        "readability_target": target,
        "over_target": (isinstance(grade, int | float) and isinstance(target, int | float)
                        and grade > target),
        "metadata": {k: v for k, v in document.metadata.items()
                     if isinstance(v, str | int | float) and not isinstance(v, bool)},
    }


def bar_chart(title: str, counts: Mapping[str, int], limit: int = 15) -> Markup:
    """A horizontal bar chart as inline SVG (no script, no external style)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    if not items:
        return Markup("")
    row, label_w, bar_w = 22, 190, 260
    height = row * len(items) + 30
    top = max(v for _, v in items)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {label_w + bar_w + 50} {height}" width="{label_w + bar_w + 50}" '
        f'height="{height}"><title>{Markup.escape(title)}</title>',
        f'<text x="0" y="16" font-weight="bold" font-size="14" fill="#1d232a">'
        f"{Markup.escape(title)}</text>",
    ]
    for n, (name, value) in enumerate(items):
        y = 28 + n * row
        width = max(2, round(bar_w * value / top))
        parts.append(
            f'<g class="bar"><text x="{label_w - 6}" y="{y + 14}" text-anchor="end" '
            f'font-size="12" fill="#1d232a">{Markup.escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="{row - 6}" '
            f'fill="#3d6f91"><title>{Markup.escape(name)}: {value}</title></rect>'
            f'<text x="{label_w + width + 5}" y="{y + 14}" font-size="12" '
            f'fill="#1d232a">{value}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _assets(env: Environment, page: str) -> dict[str, Any]:
    """Inline CSS and script for a page, and the CSP that allows exactly those."""
    css = env.get_template("style.css.j2").render()
    script = env.get_template(f"{page}.js.j2").render()
    csp = ("default-src 'none'; "
           f"style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return {"css": Markup(css), "script": Markup(script), "csp": csp}


def render(run: RunResult) -> str | Mapping[str, str]:
    """One page for one article; an index plus one page per article otherwise."""
    env = _environment()
    common = {"run": run.metadata, "notes": run.notes, "problems": run.problems,
              "summary": summary(run), "severities": SEVERITIES}
    article_assets = _assets(env, "article")
    if len(run.articles) == 1 and not run.problems:
        return env.get_template("article.html.j2").render(
            **common, **article_assets, **article_context(run.articles[0]), index_href=None)
    pages: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    by_category: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for article in run.articles:
        name = slug(article.id)
        while name in used:
            name += "-"
        used.add(name)
        href = f"articles/{name}.html"
        categories = Counter(f.category for f in article.findings)
        by_category.update(categories)
        by_rule.update(f.rule for f in article.findings)
        rows.append({"article": article, "href": href, "counts": article.counts(),
                     "categories": categories, "grade": grade_of(article),
                     "total": len(article.findings),
                     "problems": [p for p in run.problems
                                  if p.source == article.document.source],
                     "worst": max((f.severity for f in article.findings),
                                  default=None)})
        rows[-1]["category_counts"] = sorted(categories.items(),
                                             key=lambda kv: (-kv[1], CATEGORIES.index(kv[0])))
        pages[href] = env.get_template("article.html.j2").render(
            **common, **article_assets, **article_context(article),
            index_href="../index.html")
    rows.sort(key=worst_first)
    for rank, row in enumerate(rows):
        row["rank"] = rank
    columns = [c for c in CATEGORIES if by_category[c]]
    pages["index.html"] = env.get_template("index.html.j2").render(
        **common, **_assets(env, "index"), rows=rows, columns=columns,
        category_chart=bar_chart("Findings by category", by_category),
        rule_chart=bar_chart("Findings by rule (top 15)", by_rule),
        severity_label=lambda s: Severity(s).label if s else "none")
    return pages


def worst_first(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """The index's default order: input problems, then the worst severity, then the number of
    errors, warnings and infos, the most findings, the title."""
    counts = row["counts"]
    worst = row["worst"]
    article = row["article"]
    return (not row["problems"], -(int(worst) if worst is not None else 0),
            -counts["error"], -counts["warning"], -counts["info"], -row["total"],
            (article.document.title or article.id).lower())


WRITER = Writer("html", "html", render, "self-contained report for editors")
