"""Credibility: the JAMA benchmarks (authorship, attribution, disclosure, currency), read from
page metadata (HTML, JSON lines, Markdown front matter) and from the text.

Plain text carries no page metadata, so there a missing byline or date is only likely, not
certain: missing signals become one ``info`` finding, and only when the text keeps part of its
page header (a byline or a date) so that the absence of the rest means something.
Knowledge (patterns, thresholds): ``rules/credibility/credibility.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import Field

from pipeline.checks.base import CheckContext, CheckFamily, word_list
from pipeline.document import PROSE_KINDS, Document
from pipeline.findings import Finding
from pipeline.knowledge.loader import StrictModel, load_model

METADATA_KEYS = ("author", "date", "url", "sitename")


def _date_patterns(months: Mapping[str, int]) -> tuple[re.Pattern[str], ...]:
    """The date shapes: 2019-03-04, March 4, 2019, 4 March 2019, March 2019, 03/04/2019."""
    names = "|".join(re.escape(m) for m in sorted(months, key=lambda m: (-len(m), m)))
    month = rf"(?:{names})\.?"
    return (
        re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
        re.compile(rf"(?P<mon>{month})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                   rf"(?P<y>(?:19|20)\d{{2}})", re.IGNORECASE),
        re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{month})\s+"
                   rf"(?P<y>(?:19|20)\d{{2}})", re.IGNORECASE),
        re.compile(rf"(?P<mon>{month})\s+(?P<y>(?:19|20)\d{{2}})", re.IGNORECASE),
        re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})"),
    )


class CredibilityFile(StrictModel):
    """``rules/credibility/credibility.yaml``."""

    references: list[str] = Field(default_factory=list)
    min_words: int = Field(ge=0)
    max_age_years: float = Field(gt=0)
    edge_blocks: int = Field(ge=1)
    byline: str
    about_author: str
    credentials: str
    reviewed_by: str
    date_label: str
    sources_heading: str
    citation: str
    authority_domains: list[str]
    non_source_domains: list[str]
    affiliate_url: str
    commercial_text: str
    disclosure_text: str
    #: month names and their abbreviations, with the month's number
    months: dict[str, int] = Field(min_length=12)


@dataclass(frozen=True)
class CredibilityKnowledge:
    """The file with its patterns compiled."""

    data: CredibilityFile
    byline: re.Pattern[str]
    about_author: re.Pattern[str]
    credentials: re.Pattern[str]
    reviewed_by: re.Pattern[str]
    date_label: re.Pattern[str]
    sources_heading: re.Pattern[str]
    citation: re.Pattern[str]
    affiliate_url: re.Pattern[str]
    commercial_text: re.Pattern[str]
    disclosure_text: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]


@cache
def _load(path: Path) -> CredibilityKnowledge:
    data = load_model(path, CredibilityFile)
    i, m = re.IGNORECASE, re.MULTILINE
    return CredibilityKnowledge(
        data=data,
        byline=re.compile(data.byline, m | i),
        about_author=re.compile(data.about_author, m | i),
        credentials=re.compile(data.credentials),
        reviewed_by=re.compile(data.reviewed_by, i),
        date_label=re.compile(data.date_label, i),
        sources_heading=re.compile(data.sources_heading, i),
        citation=re.compile(data.citation),
        affiliate_url=re.compile(data.affiliate_url, i),
        commercial_text=re.compile(data.commercial_text, i),
        disclosure_text=re.compile(data.disclosure_text, i),
        dates=_date_patterns(data.months),
    )


def load_credibility(rules_directory: Path) -> CredibilityKnowledge:
    """Load ``rules/credibility/credibility.yaml``."""
    return _load(rules_directory / "credibility" / "credibility.yaml")


def today() -> dt.date:
    """The reference date for an article's age (tests replace it)."""
    return dt.date.today()


def parse_date(text: str, k: CredibilityKnowledge | None = None
               ) -> tuple[dt.date, int, int] | None:
    """The first date in ``text`` and where it is (month names from ``k``, by default the
    installed rules)."""
    if k is None:
        from pipeline.knowledge.paths import rules_dir

        k = load_credibility(rules_dir())
    months = k.data.months
    best: tuple[dt.date, int, int] | None = None
    for pattern in k.dates:
        match = pattern.search(text)
        if match is None or (best is not None and match.start() >= best[1]):
            continue
        groups = match.groupdict()
        try:
            year = int(groups["y"])
            day = int(groups["d"]) if groups.get("d") else 1
            if groups.get("mon"):
                key = groups["mon"].lower().rstrip(".")
                month = months.get(key) or months[key[:3]]
            elif groups.get("m"):
                month = int(groups["m"])
            else:  # 03/04/2019: month first unless the first number cannot be a month
                first, second = int(groups["a"]), int(groups["b"])
                month, day = (second, first) if first > 12 else (first, second)
            best = (dt.date(year, month, day), match.start(), match.end())
        except (KeyError, ValueError):
            continue
    return best


@dataclass
class Signals:
    """What the article shows of each benchmark, and where (text offsets)."""

    author: str | None = None
    author_span: tuple[int, int] | None = None
    credentials: bool = False
    date: dt.date | None = None
    date_label: str = ""
    date_span: tuple[int, int] | None = None
    sources: list[str] = field(default_factory=list)
    disclosure: str | None = None
    commercial: list[tuple[str, tuple[int, int] | None]] = field(default_factory=list)
    from_metadata: bool = False

    def to_scores(self, max_age: float) -> dict[str, Any]:
        """The ``credibility`` scores of the JSON report."""
        age = _age_years(self.date) if self.date else None
        met = {
            "authorship": bool(self.author),
            "attribution": bool(self.sources),
            "disclosure": bool(self.disclosure) or not self.commercial,
            "currency": self.date is not None,
        }
        return {
            "author": self.author,
            "credentials": self.credentials,
            "date": self.date.isoformat() if self.date else None,
            "age_years": round(age, 1) if age is not None else None,
            "sources": len(self.sources),
            "disclosure": self.disclosure,
            "commercial_signals": len(self.commercial),
            "jama_benchmarks": met,
            "jama_score": sum(met.values()),
            "formula": ("JAMA benchmarks (Silberg et al. 1997): one point each for authorship, "
                        "attribution, disclosure (or nothing commercial to disclose) and "
                        f"currency; out of date after {max_age:g} years"),
            "from_metadata": self.from_metadata,
        }


def _age_years(date: dt.date) -> float:
    return (today() - date).days / 365.25


def has_page_metadata(document: Document) -> bool:
    """Whether the article came with page metadata (so absence of a signal is real)."""
    return document.format == "html" or any(document.metadata.get(k) for k in METADATA_KEYS)


def _edge_blocks(document: Document, count: int) -> list[tuple[int, int]]:
    blocks = [b for b in document.blocks if b.kind in PROSE_KINDS and b.kind != "title"]
    chosen = blocks[:count] + blocks[-count:] if len(blocks) > 2 * count else blocks
    return [(b.start, b.end) for b in chosen]


def read_signals(document: Document, k: CredibilityKnowledge) -> Signals:
    """Collect the benchmark signals of one article."""
    signals = Signals(from_metadata=has_page_metadata(document))
    meta = document.metadata
    text = document.text
    edges = _edge_blocks(document, k.data.edge_blocks)
    if meta.get("author"):
        signals.author = str(meta["author"])
        signals.credentials = bool(k.credentials.search(signals.author))
    for start, end in edges:
        block = text[start:end]
        if signals.author is None:
            match = k.byline.search(block)
            if match:
                signals.author = match.group("name")
                signals.author_span = (start + match.start(), start + match.end())
            elif k.about_author.search(block):
                signals.author = "(about the author section)"
                signals.author_span = (start, end)
        if signals.author and not signals.credentials and k.credentials.search(block) and (
                signals.author_span and start <= signals.author_span[0] < end + 200):
            signals.credentials = True
    if k.reviewed_by.search(text):
        signals.credentials = True
        signals.author = signals.author or "(medically reviewed)"
    _read_date(document, k, edges, signals)
    _read_sources(document, k, signals)
    _read_disclosure(document, k, signals)
    return signals


def _read_date(document: Document, k: CredibilityKnowledge, edges: list[tuple[int, int]],
               signals: Signals) -> None:
    raw = document.metadata.get("date")
    if raw:
        parsed = parse_date(str(raw), k)
        if parsed:
            signals.date, signals.date_label = parsed[0], "page date"
            return
    text = document.text
    for start, end in edges:
        block = text[start:end]
        for label in k.date_label.finditer(block):
            parsed = parse_date(block[label.end() : label.end() + 40], k)
            if parsed and parsed[1] <= 2:
                signals.date = parsed[0]
                signals.date_label = label.group(0).strip(" :-–").lower()
                signals.date_span = (start + label.start(), start + label.end() + parsed[2])
                return


def _read_sources(document: Document, k: CredibilityKnowledge, signals: Signals) -> None:
    text = document.text
    for block in document.blocks:
        if block.kind in ("heading", "paragraph") and k.sources_heading.match(
                text[block.start : block.end].strip()):
            signals.sources.append("a references section")
            break
    signals.sources.extend(m.group(0) for m in k.citation.finditer(text))
    own = _domain(str(document.metadata.get("url") or ""))
    for link in _links(document):
        domain = _domain(link)
        if not domain or domain == own or any(domain == d or domain.endswith("." + d)
                                              for d in k.data.non_source_domains):
            continue
        signals.sources.append(link)


def _read_disclosure(document: Document, k: CredibilityKnowledge, signals: Signals) -> None:
    text = document.text
    match = k.disclosure_text.search(text)
    if match:
        signals.disclosure = match.group(0)
    for link in _links(document):
        if k.affiliate_url.search(link):
            signals.commercial.append((f"affiliate link {link}", None))
    for found in k.commercial_text.finditer(text):
        signals.commercial.append((found.group(0), found.span()))


def _links(document: Document) -> list[str]:
    links = document.metadata.get("links") or []
    result = []
    for link in links if isinstance(links, list) else []:
        url = link.get("url") or link.get("href") if isinstance(link, dict) else link
        if isinstance(url, str) and url.strip():
            result.append(url.strip())
    return result


def _domain(url: str) -> str:
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Read the signals, record the JAMA score, report what is missing or undisclosed."""
    k = ctx.knowledge.load(load_credibility)
    document = ctx.document
    signals = read_signals(document, k)
    ctx.scores["credibility"] = signals.to_scores(k.data.max_age_years)
    yield from _missing(ctx, k, signals)
    if signals.date is not None:
        age = _age_years(signals.date)
        if age > k.data.max_age_years:
            span = signals.date_span or (None, None)
            yield ctx.finding(
                "CRED-OUTDATED", *span,
                message=(f"The article's {signals.date_label or 'date'} is "
                         f"{signals.date.isoformat()}, about {age:.0f} years ago; health "
                         f"content should be reviewed at least every "
                         f"{k.data.max_age_years:g} years."))
    if signals.commercial and not signals.disclosure:
        what, where = next(((w, s) for w, s in signals.commercial if s),
                           signals.commercial[0])
        start, end = where if where else (None, None)
        yield ctx.finding(
            "CRED-DISCLOSURE", start, end,
            message=(f"The article has commercial content ({what!r}"
                     + (f" and {len(signals.commercial) - 1} more" if len(signals.commercial) > 1
                        else "")
                     + ") but no disclosure of sponsorship, affiliate links or advertising."))


def _missing(ctx: CheckContext, k: CredibilityKnowledge, signals: Signals
             ) -> Iterator[Finding]:
    missing = []
    if not signals.author:
        missing.append("author")
    elif not signals.credentials:
        missing.append("the author's credentials (or a medical reviewer)")
    if signals.date is None:
        missing.append("a published or reviewed date")
    if not signals.sources:
        missing.append("sources (references or links)")
    if not missing:
        return
    if signals.from_metadata:
        only_credentials = missing == ["the author's credentials (or a medical reviewer)"]
        yield ctx.finding(
            "CRED-MISSING", severity="info" if only_credentials else None,
            message=f"The page does not show {word_list(missing, 'or')}.")
        return
    if ctx.document.word_count < k.data.min_words or not (signals.author or signals.date):
        return  # no page header in the text at all: absence proves nothing
    yield ctx.finding(
        "CRED-MISSING", severity="info",
        message=(f"The text does not show {word_list(missing, 'or')}. It came without page "
                 "metadata, so check whether the published page shows them."))


FAMILY = CheckFamily("credibility", run, order=95,
                     description="JAMA benchmarks: authorship, attribution, disclosure, currency")
