"""Where medlint keeps derived data between runs (result cache, syllable table)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(configured: str | None = None) -> Path:
    """The cache directory: ``--cache-dir`` / config, ``MEDLINT_CACHE_DIR``,
    ``$XDG_CACHE_HOME/medlint``, or ``~/.cache/medlint``, in that order."""
    if configured:
        return Path(configured)
    if os.environ.get("MEDLINT_CACHE_DIR"):
        return Path(os.environ["MEDLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "medlint"
