"""Typed, validated models of what rules/ holds, and the per-run knowledge bundle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import Any, TypeVar

from pipeline.knowledge.catalog import Catalog
from pipeline.knowledge.paths import rules_dir, rules_version

T = TypeVar("T")


class KnowledgeBase:
    """Everything loaded from rules/ for one run.

    Families load their own knowledge through :meth:`load`, which calls the family's
    loader once per run (``loader(rules_directory)``) and keeps the result. Nothing here is
    a process-wide singleton: two runs with different rules directories do not mix.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or rules_dir()
        self.catalog = Catalog.load(self.directory)
        self.version = rules_version(self.directory)
        self._loaded: dict[Callable[[Path], Any], Any] = {}
        self._lock = Lock()

    def load(self, loader: Callable[[Path], T]) -> T:
        """Return ``loader(self.directory)``, computed once."""
        with self._lock:
            if loader not in self._loaded:
                self._loaded[loader] = loader(self.directory)
            return self._loaded[loader]


__all__ = ["Catalog", "KnowledgeBase", "rules_dir", "rules_version"]
