"""Recognise page furniture ("Leave a Reply", share bars) from rules/ingest/boilerplate.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator

from pipeline.knowledge.loader import StrictModel, load_model


class BoilerplateFile(StrictModel):
    """Patterns for whole blocks that are not article text."""

    blocks: list[str]
    trailing: list[str] = Field(default_factory=list)

    @field_validator("blocks", "trailing")
    @classmethod
    def _compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad pattern {pattern!r}: {exc}") from exc
        return patterns


@dataclass(frozen=True)
class Boilerplate:
    """Compiled boilerplate patterns."""

    block: re.Pattern[str]
    trailing: re.Pattern[str]

    def is_boilerplate(self, text: str) -> bool:
        """True when the whole block is page furniture."""
        return bool(self.block.fullmatch(" ".join(text.split()).strip()))

    def starts_trailer(self, text: str) -> bool:
        """True when a block starts the comment section or similar trailing furniture."""
        return bool(self.trailing.fullmatch(" ".join(text.split()).strip()))


@lru_cache(maxsize=4)
def load_boilerplate(rules_directory: Path) -> Boilerplate:
    """Load and compile the boilerplate patterns."""
    data = load_model(rules_directory / "ingest" / "boilerplate.yaml", BoilerplateFile)
    flags = re.IGNORECASE
    block = re.compile("|".join(f"(?:{p})" for p in data.blocks), flags)
    trailing = re.compile("|".join(f"(?:{p})" for p in data.trailing) or "(?!)", flags)
    return Boilerplate(block=block, trailing=trailing)
