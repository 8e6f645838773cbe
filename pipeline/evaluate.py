"""Score findings against gold annotations (``medlint eval DIR``).

Matching, as DESIGN.md specifies:

- span categories (anatomy, contradiction, unsafe-advice): a predicted finding is a true
  positive when its span (or one of its related spans) overlaps a quote of a gold item whose
  category set contains its category; a prediction that overlaps none is a false positive; a
  gold item nothing matched is a false negative (unless ``optional``);
- safety: matched by ``kind``;
- an article with no gold item of a category asserts it has no problem of that category;
- ``score:`` in a gold file limits which categories that article is scored on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from pipeline.audit import ArticleResult, Auditor
from pipeline.findings import SAFETY_KINDS, Finding
from pipeline.ingest import FORMATS, InputProblem, iter_documents
from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

SPAN_CATEGORIES = ("anatomy", "contradiction", "unsafe-advice")
SCORED = (*SPAN_CATEGORIES, "safety")


class GoldItem(StrictModel):
    """One expected finding."""

    category: str | list[str]
    quote: str | None = None
    quotes: list[str] | None = None
    kind: str | None = None
    optional: bool = False
    note: str | None = None

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories that may match this item."""
        return (self.category,) if isinstance(self.category, str) else tuple(self.category)

    @property
    def all_quotes(self) -> list[str]:
        """Every quote of the item."""
        return ([self.quote] if self.quote else []) + list(self.quotes or [])

    @model_validator(mode="after")
    def _shape(self) -> GoldItem:
        cats = self.categories
        for cat in cats:
            if cat not in SCORED:
                raise ValueError(f"category {cat!r} is not scored ({', '.join(SCORED)})")
        if "safety" in cats:
            if self.kind not in SAFETY_KINDS:
                raise ValueError(f"safety item needs kind, one of {', '.join(SAFETY_KINDS)}")
        elif not self.all_quotes:
            raise ValueError("span item needs quote or quotes")
        return self


class GoldFile(StrictModel):
    """``corpus/gold/<id>.yaml``."""

    findings: list[GoldItem] = Field(default_factory=list)
    score: list[str] | None = None
    note: str | None = None


@dataclass
class Tally:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        """Accumulate another tally."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    """The scores and the individual misses, for a corpus."""

    by_category: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in SCORED})
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    articles: int = 0

    @property
    def overall(self) -> Tally:
        """Micro-averaged tally over all scored categories."""
        total = Tally()
        for tally in self.by_category.values():
            total.add(tally)
        return total

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "articles": self.articles,
            "categories": {c: t.to_dict() for c, t in self.by_category.items()},
            "overall": self.overall.to_dict(),
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "errors": self.errors,
        }


def fold(text: str) -> tuple[str, list[int]]:
    """Fold white space runs to one space; return the folded text and, per folded
    character, its offset in ``text``."""
    out: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if previous_space:
                continue
            out.append(" ")
            previous_space = True
        else:
            out.append(_normalise_char(ch))
            previous_space = False
        index.append(i)
    return "".join(out), index


def _normalise_char(ch: str) -> str:
    return {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}.get(ch, ch)


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) in ``text`` where ``quote`` occurs, white space folded."""
    folded, index = fold(text)
    needle, _ = fold(quote.strip())
    if not needle:
        return []
    spans = []
    for match in re.finditer(re.escape(needle), folded):
        start = index[match.start()]
        end = index[match.end() - 1] + 1
        spans.append((start, end))
    return spans


def _overlaps(finding: Finding, spans: Iterable[tuple[int, int]]) -> bool:
    own = [(finding.start, finding.end)] if finding.start is not None else []
    own += [(r.start, r.end) for r in finding.related]
    return any(
        a is not None and b is not None and a < e and s < b
        for a, b in own
        for s, e in spans
    )


def score_article(article: ArticleResult, gold: GoldFile, evaluation: Evaluation) -> None:
    """Add one article's matches to ``evaluation``."""
    text = article.document.text
    scored = set(gold.score) if gold.score else set(SCORED)
    located: list[tuple[GoldItem, list[tuple[int, int]]]] = []
    for item in gold.findings:
        spans: list[tuple[int, int]] = []
        for quote in item.all_quotes:
            found = locate(text, quote)
            if not found:
                evaluation.errors.append(
                    f"{article.document.source}: gold quote not found in the text: {quote!r}")
            spans.extend(found)
        located.append((item, spans))
    matched: set[int] = set()
    for finding in article.findings:
        category = finding.category
        if category not in SCORED or category not in scored:
            continue
        tally = evaluation.by_category[category]
        hit = False
        for index, (item, spans) in enumerate(located):
            if category not in item.categories:
                continue
            ok = (item.kind == finding.kind) if category == "safety" else _overlaps(finding, spans)
            if ok:
                hit = True
                if index not in matched and not item.optional:
                    matched.add(index)
                    tally.tp += 1
                elif index not in matched:
                    matched.add(index)
        if not hit:
            tally.fp += 1
            evaluation.false_positives.append({
                "article": article.id, "rule": finding.rule, "category": category,
                "kind": finding.kind, "quote": finding.quote, "line": finding.line,
            })
    for index, (item, _spans) in enumerate(located):
        if index in matched or item.optional:
            continue
        categories = [c for c in item.categories if c in scored]
        if not categories:
            continue
        evaluation.by_category[categories[0]].fn += 1
        evaluation.false_negatives.append({
            "article": article.id, "category": "/".join(item.categories), "kind": item.kind,
            "quote": item.all_quotes[0] if item.all_quotes else None,
        })


def evaluate(directory: Path, auditor: Auditor) -> Evaluation:
    """Audit ``directory/articles`` and score against ``directory/gold``."""
    evaluation = Evaluation()
    articles_dir = directory / "articles"
    gold_dir = directory / "gold"
    if not articles_dir.is_dir() or not gold_dir.is_dir():
        raise FileNotFoundError(f"{directory} must contain articles/ and gold/")
    paths = sorted(p for p in articles_dir.iterdir() if p.suffix.lower() in FORMATS)
    golds: dict[str, GoldFile] = {}
    for path in paths:
        gold_path = gold_dir / f"{path.stem}.yaml"
        if not gold_path.is_file():
            evaluation.errors.append(f"{path}: no gold file {gold_path.name}; not scored")
            continue
        try:
            golds[path.stem] = load_model(gold_path, GoldFile)
        except KnowledgeError as exc:
            evaluation.errors.append(str(exc))
    documents = []
    for item in iter_documents([str(p) for p in paths if p.stem in golds],
                               auditor.knowledge.directory):
        if isinstance(item, InputProblem):
            evaluation.errors.append(f"{item.source}: {item.reason}")
        else:
            documents.append(item)
    for article in auditor.audit_documents(documents):
        stem = Path(article.document.source).stem
        evaluation.articles += 1
        score_article(article, golds[stem], evaluation)
    return evaluation


def format_table(evaluation: Evaluation) -> str:
    """The scores as a plain-text table."""
    lines = [f"{'category':<15} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} "
             f"{'recall':>7} {'f1':>6}"]
    rows = [*evaluation.by_category.items(), ("overall", evaluation.overall)]
    for name, t in rows:
        lines.append(f"{name:<15} {t.tp:>4} {t.fp:>4} {t.fn:>4} {t.precision:>10.3f} "
                     f"{t.recall:>7.3f} {t.f1:>6.3f}")
    lines.append(f"articles scored: {evaluation.articles}")
    return "\n".join(lines)
