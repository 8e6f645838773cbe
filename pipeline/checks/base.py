"""What a check family sees (CheckContext) and how findings are made from rule metadata."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.config import Config
from pipeline.document import Document
from pipeline.findings import Finding, RelatedSpan, Severity
from pipeline.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc


def word_list(items: Sequence[str], conjunction: str = "and") -> str:
    """Items as an English list: "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


@dataclass
class CheckContext:
    """One article as every check family sees it."""

    document: Document
    doc: Doc
    knowledge: KnowledgeBase
    config: Config
    scores: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    run_state: dict[str, Any] = field(default_factory=dict)

    def note(self, text: str) -> None:
        """Record a run-level note (e.g. "grammar was not checked"); each text is kept once
        per run and every report shows it (JSON: the run-level ``notes``)."""
        if text not in self.notes:
            self.notes.append(text)

    def enabled(self, rule_id: str) -> bool:
        """Whether the configuration lets ``rule_id`` report."""
        rule = self.knowledge.catalog[rule_id]
        return self.config.rule_enabled(rule_id, rule.category, rule.default_enabled)

    def related(self, start: int, end: int, message: str | None = None) -> RelatedSpan:
        """A related span with its quote and source position filled in."""
        line, column = self.document.source_map.position(start)
        return RelatedSpan(
            start=start,
            end=end,
            quote=self.document.text[start:end],
            line=line,
            column=column,
            message=message,
        )

    def finding(
        self,
        rule_id: str,
        start: int | None = None,
        end: int | None = None,
        *,
        message: str | None = None,
        explanation: str | None = None,
        suggestion: str | None = None,
        related: Sequence[RelatedSpan] = (),
        references: Sequence[str] | None = None,
        confidence: float = 1.0,
        kind: str | None = None,
        severity: str | Severity | None = None,
    ) -> Finding:
        """Make a Finding for ``rule_id``: defaults come from the rule's YAML, the quote and
        line/column from the document."""
        rule = self.knowledge.catalog[rule_id]
        level = Severity.parse(severity or rule.severity)
        level = self.config.severity_overrides.get(rule_id, level)
        line = column = end_line = end_column = None
        quote = None
        if start is not None and end is not None:
            text = self.document.text
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            quote = self.document.text[start:end]
            line, column = self.document.source_map.position(start)
            end_line, end_column = self.document.source_map.end_position(end)
        return Finding(
            rule=rule_id,
            category=rule.category,
            severity=level,
            message=message or rule.message,
            explanation=explanation or rule.rationale,
            suggestion=suggestion if suggestion is not None else rule.suggestion,
            start=start,
            end=end,
            quote=quote,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            kind=kind or rule.kind,
            related=tuple(related),
            references=tuple(references if references is not None else rule.references),
            confidence=confidence,
        )


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class CheckFamily:
    """A check family: a name and the function that runs it over one article.

    Each module in ``pipeline/checks/`` exposes one as ``FAMILY``; ``order`` lets a family
    read ``ctx.scores`` written by an earlier one.
    """

    name: str
    run: CheckFunction
    order: int = 50
    description: str = ""
