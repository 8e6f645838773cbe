"""Errors that ingestion reports per input instead of stopping the run."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.names import shown


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be audited: which one, and why, in plain words."""

    source: str
    reason: str
    code: str = "input-error"

    def to_dict(self) -> dict[str, str]:
        """JSON form (the name and reason shown escaped: valid Unicode, one line)."""
        return {"source": shown(self.source), "code": self.code, "reason": shown(self.reason)}


class IngestError(Exception):
    """Raised by a loader for an input it cannot turn into a Document."""

    def __init__(self, reason: str, code: str = "input-error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
