"""Report writers. Each module exposes ``WRITER = Writer(name, extension, render)``.

``render(run)`` returns the whole report as ``str`` (single file) or a mapping of relative
file names to contents (multi-file reports such as HTML for many articles).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from pipeline.audit import RunResult

Rendered = str | Mapping[str, str]


@dataclass(frozen=True)
class Writer:
    """A report format."""

    name: str
    extension: str
    render: Callable[[RunResult], Rendered]
    description: str = ""


@cache
def writers() -> dict[str, Writer]:
    """Every report format, by name."""
    found: dict[str, Writer] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        writer = getattr(module, "WRITER", None)
        if isinstance(writer, Writer):
            found[writer.name] = writer
    return dict(sorted(found.items()))
