"""The Finding type: what every check produces and every report writer consumes.

Offsets are the truth: ``start``/``end`` index the article's extracted text (0-based,
end exclusive). ``line``/``column`` (1-based) are derived from the document's source map
so that writers can point into the source file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

CATEGORIES: tuple[str, ...] = (
    "anatomy",
    "contradiction",
    "safety",
    "unsafe-advice",
    "readability",
    "grammar",
    "credibility",
    "style",
    "structure",
)

SAFETY_KINDS: tuple[str, ...] = (
    "red-flags",
    "stop-if-pain",
    "see-a-professional",
    "medication-safety",
    "special-populations",
    "not-medical-advice",
)


class Severity(enum.IntEnum):
    """How serious a finding is. Ordered so that ``>=`` compares thresholds."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Turn ``"error"`` / ``"warning"`` / ``"info"`` into a Severity."""
        if isinstance(value, Severity):
            return value
        try:
            return cls[value.strip().upper()]
        except KeyError as exc:
            raise ValueError(
                f"unknown severity {value!r}: use one of error, warning, info"
            ) from exc

    @property
    def label(self) -> str:
        """Lower-case name used in every output format."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class RelatedSpan:
    """Another place in the text that belongs to a finding (e.g. the other half of a
    contradiction)."""

    start: int
    end: int
    quote: str
    line: int | None = None
    column: int | None = None
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data: dict[str, Any] = {"start": self.start, "end": self.end, "quote": self.quote}
        if self.line is not None:
            data["line"] = self.line
            data["column"] = self.column
        if self.message:
            data["message"] = self.message
        return data


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one article."""

    rule: str
    category: str
    severity: Severity
    message: str
    explanation: str = ""
    suggestion: str | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    kind: str | None = None
    related: tuple[RelatedSpan, ...] = ()
    references: tuple[str, ...] = ()
    confidence: float = 1.0
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown finding category {self.category!r}")
        if self.kind is not None and self.category == "safety" and self.kind not in SAFETY_KINDS:
            raise ValueError(f"unknown safety kind {self.kind!r}")
        if (self.start is None) != (self.end is None):
            raise ValueError("a finding has both start and end, or neither")
        if self.start is not None and self.end is not None and not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    @property
    def has_span(self) -> bool:
        """True when the finding points at words (document-level findings do not)."""
        return self.start is not None

    def with_changes(self, **changes: Any) -> Finding:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)

    def sort_key(self) -> tuple[int, int, str, int]:
        """Document-level findings first, then by position, then by rule id."""
        return (
            -1 if self.start is None else self.start,
            -1 if self.end is None else self.end,
            self.rule,
            -int(self.severity),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/json-schema.json)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "kind": self.kind,
            "severity": self.severity.label,
            "message": self.message,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "related": [r.to_dict() for r in self.related],
            "references": list(self.references),
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict` (used by the cache and baselines)."""
        related = tuple(
            RelatedSpan(
                start=r["start"],
                end=r["end"],
                quote=r["quote"],
                line=r.get("line"),
                column=r.get("column"),
                message=r.get("message"),
            )
            for r in data.get("related", [])
        )
        return cls(
            rule=data["rule"],
            category=data["category"],
            severity=Severity.parse(data["severity"]),
            message=data["message"],
            explanation=data.get("explanation", ""),
            suggestion=data.get("suggestion"),
            start=data.get("start"),
            end=data.get("end"),
            quote=data.get("quote"),
            line=data.get("line"),
            column=data.get("column"),
            end_line=data.get("end_line"),
            end_column=data.get("end_column"),
            kind=data.get("kind"),
            related=related,
            references=tuple(data.get("references", [])),
            confidence=float(data.get("confidence", 1.0)),
        )
