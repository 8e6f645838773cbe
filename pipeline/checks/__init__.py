"""Check families. Each module here exposes ``FAMILY = CheckFamily(...)``; discovery is by
module, so adding a family means adding a module, nothing else."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from pipeline.checks.base import CheckContext, CheckFamily


@cache
def discover() -> tuple[CheckFamily, ...]:
    """Every check family in this package, in run order (then by name)."""
    families: list[CheckFamily] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        family = getattr(module, "FAMILY", None)
        if isinstance(family, CheckFamily):
            families.append(family)
    return tuple(sorted(families, key=lambda f: (f.order, f.name)))


__all__ = ["CheckContext", "CheckFamily", "discover"]
