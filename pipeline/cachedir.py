"""Where medlint keeps derived data between runs (result cache, syllable table)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_dir(configured: str | None = None) -> Path:
    """The cache directory: ``--cache-dir`` / config, ``MEDLINT_CACHE_DIR``,
    ``$XDG_CACHE_HOME/medlint``, or ``~/.cache/medlint``, in that order."""
    if configured:
        return Path(configured)
    if os.environ.get("MEDLINT_CACHE_DIR"):
        return Path(os.environ["MEDLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "medlint"


# A cache file is MAGIC, the SHA-256 of the marshal bytes, then the bytes: a file damaged on
# disk (a flipped bit still unmarshals, into other words or numbers) or written by something
# else does not match and is rebuilt, so a broken cache only costs speed.
MAGIC = b"medlint-marshal-1\n"
DIGEST_SIZE = 32


def _verified(stored: bytes) -> bytes | None:
    """The marshal bytes of a cache file, or None when the file is not one or is damaged."""
    head = len(MAGIC) + DIGEST_SIZE
    if len(stored) < head or not stored.startswith(MAGIC):
        return None
    blob = stored[head:]
    if hashlib.sha256(blob).digest() != stored[len(MAGIC):head]:
        return None
    return blob


def cached_marshal(name: str, build: Callable[[], Any]) -> bytes:
    """The marshal bytes of data derived from slow-to-parse sources, kept in the cache
    directory as ``name``: built once, then read in milliseconds. A file that is damaged,
    truncated or not written by medlint (its checksum does not match) is rebuilt; a
    read-only cache directory only means building it each run. ``build`` must return plain
    data (dicts, lists, strings, numbers, booleans, None)."""
    path = cache_dir() / name
    try:
        blob = _verified(path.read_bytes())
        if blob is not None:
            marshal.loads(blob)
            return blob
    except (OSError, ValueError, EOFError, TypeError):
        pass
    blob = marshal.dumps(build())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + hashlib.sha256(blob).digest() + blob)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        pass
    return blob


def cached_table(name: str, build: Callable[[], dict[str, int]]) -> dict[str, int]:
    """A ``str -> int`` table derived from slow-to-parse data (CMUdict), kept in the cache
    directory as ``name`` (see :func:`cached_marshal`)."""
    table = marshal.loads(cached_marshal(name, build))
    if not isinstance(table, dict):
        table = build()
    return table
