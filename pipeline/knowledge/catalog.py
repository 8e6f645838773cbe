"""The rule catalog: every rule's id, category, severity, message, rationale and examples.

Each family keeps its rules in ``rules/<family>/rules.yaml``::

    rules:
      - id: ANAT-LOCATION
        name: anatomy.wrong-location
        category: anatomy
        severity: error
        message: Places a body structure where it is not.
        rationale: Readers trust where an article says an organ is ...
        suggestion: State the structure's real position.
        references: ["OpenStax Anatomy and Physiology 2e, 25.1"]

Examples:
          fire: ["The liver sits in the lower left part of the abdomen."]
          quiet: ["The liver sits in the upper right part of the abdomen."]

``supersedes: [OTHER-ID, ...]`` declares that this rule is the more specific name for a
problem the other rules also find: where a finding of this rule and one of a superseded rule
mark the same words (overlapping spans, or both about the whole article), only this rule's
finding is reported (see :meth:`Catalog.superseded_by` and ``pipeline.audit``).

"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipeline.findings import CATEGORIES, SAFETY_KINDS
from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


class Example(StrictModel):
    """One example text. ``quote``, when given, must be (part of) what the finding marks."""

    text: str
    quote: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _quote_in_text(self) -> Example:
        if self.quote is not None and self.quote not in self.text:
            raise ValueError(f"example quote {self.quote!r} does not occur in its text")
        return self


def _coerce_examples(value: object) -> object:
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


class Examples(StrictModel):
    """Texts on which the rule must fire, and texts on which it must stay quiet."""

    fire: list[Example] = Field(min_length=1)
    quiet: list[Example] = Field(min_length=1)

    _coerce_fire = field_validator("fire", mode="before")(_coerce_examples)
    _coerce_quiet = field_validator("quiet", mode="before")(_coerce_examples)


class RuleSpec(StrictModel):
    """Metadata of one rule. Checks fill in the specifics of each finding."""

    id: str
    name: str
    category: str
    severity: Literal["error", "warning", "info"]
    kind: str | None = None
    message: str
    rationale: str
    suggestion: str | None = None
    references: list[str] = Field(default_factory=list)
    examples: Examples
    preview: bool = False
    default_enabled: bool = True
    supersedes: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id {value!r} must look like ANAT-LOCATION")
        return value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"category {value!r} is not one of {', '.join(CATEGORIES)}")
        return value

    @model_validator(mode="after")
    def _kind_for_safety(self) -> RuleSpec:
        if self.kind is not None and self.kind not in SAFETY_KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {', '.join(SAFETY_KINDS)}")
        return self


class RuleFile(StrictModel):
    """The top level of a ``rules.yaml`` file."""

    rules: list[RuleSpec]


@dataclass(frozen=True)
class Catalog:
    """All rules, by id. Immutable once built."""

    rules: Mapping[str, RuleSpec]
    sources: Mapping[str, Path]

    @classmethod
    def load(cls, directory: Path) -> Catalog:
        """Load every ``rules.yaml`` under ``directory``; duplicate ids are an error."""
        rules: dict[str, RuleSpec] = {}
        sources: dict[str, Path] = {}
        for path in sorted(directory.glob("*/rules.yaml")):
            for rule in load_model(path, RuleFile).rules:
                if rule.id in rules:
                    raise KnowledgeError(
                        f"{path}: rule {rule.id} is already defined in {sources[rule.id]}"
                    )
                rules[rule.id] = rule
                sources[rule.id] = path
        _check_supersedes(rules, sources)
        return cls(rules=MappingProxyType(rules), sources=MappingProxyType(sources))

    def superseded_by(self) -> dict[str, frozenset[str]]:
        """Rule id -> the ids of the rules that supersede it (those declaring it in their
        ``supersedes``); rules nobody supersedes are absent."""
        result: dict[str, set[str]] = {}
        for rule in self.rules.values():
            for other in rule.supersedes:
                result.setdefault(other, set()).add(rule.id)
        return {rule: frozenset(ids) for rule, ids in result.items()}

    def __getitem__(self, rule_id: str) -> RuleSpec:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KeyError(f"no rule {rule_id!r} in the catalog") from None

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __iter__(self) -> Iterator[RuleSpec]:
        return iter(sorted(self.rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, key: str) -> RuleSpec | None:
        """Look a rule up by id (any case) or dotted name."""
        upper = key.upper()
        if upper in self.rules:
            return self.rules[upper]
        for rule in self.rules.values():
            if rule.name == key:
                return rule
        return None


def _check_supersedes(rules: Mapping[str, RuleSpec], sources: Mapping[str, Path]) -> None:
    """``supersedes`` names existing rules, never the rule itself, and never goes round in a
    circle (A supersedes B supersedes A)."""
    for rule in rules.values():
        for other in rule.supersedes:
            if other not in rules:
                raise KnowledgeError(f"{sources[rule.id]}: rule {rule.id} supersedes {other}, "
                                     "which is not a rule")
            if other == rule.id:
                raise KnowledgeError(f"{sources[rule.id]}: rule {rule.id} supersedes itself")
    for start in rules:
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            for other in rules[current].supersedes:
                if other == start:
                    raise KnowledgeError(f"{sources[start]}: rule {start} supersedes itself "
                                         f"through {current}")
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
