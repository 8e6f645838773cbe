"""Result cache: an article's findings and scores, stored by everything they depend on.

The key is a digest of the article as ingested (text, blocks, title, metadata, suppressions),
medlint's version, the rules version (which digests every file in rules/), the spaCy
pipeline's name and version, and the configuration that changes findings. Re-auditing an
unchanged corpus reads results from SQLite and never loads spaCy.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pipeline
from pipeline.config import Config
from pipeline.document import Document
from pipeline.findings import Finding

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
)
"""


def model_identity(name: str) -> dict[str, str]:
    """Name and version of an installed spaCy pipeline, read from its meta.json without
    importing spaCy (so a fully cached run starts fast)."""
    candidates: list[Path] = []
    path = Path(name)
    if path.exists():
        candidates.append(path / "meta.json")
    else:
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
        if spec and spec.origin:
            candidates.append(Path(spec.origin).parent / "meta.json")
    for candidate in candidates:
        try:
            meta = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return {"name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
                "version": str(meta.get("version", "0"))}
    return {"name": name, "version": "unknown"}


def config_fingerprint(config: Config) -> str:
    """The configuration settings that change findings (not output or speed settings)."""
    relevant: dict[str, Any] = {k: v for k, v in asdict(config).items()
                if k not in {"jobs", "dask", "cache", "cache_dir", "source", "origins",
                             "fail_on", "include", "exclude", "article_timeout"}}
    # the environment can point grammar at a LanguageTool server too
    relevant["env_languagetool_url"] = os.environ.get("MEDLINT_LANGUAGETOOL_URL")
    return json.dumps(relevant, sort_keys=True, default=str)


def document_fingerprint(document: Document) -> str:
    """Digest of an ingested article: everything the checks can read."""
    digest = hashlib.sha256()
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    digest.update(json.dumps({
        "title": document.title,
        "format": document.format,
        "blocks": [(b.kind, b.start, b.end, b.level) for b in document.blocks],
        "metadata": document.metadata,
        "suppressions": [(sorted(s.rules), s.start, s.end) for s in document.suppressions],
    }, sort_keys=True, default=str).encode())
    return digest.hexdigest()


# How long a write waits for another process's lock before the cache is given up for the
# run. Writes are single-row inserts, so a lock held longer than this is not contention.
BUSY_TIMEOUT = 5.0
# A cached value decompresses to at most this many bytes (a damaged value cannot balloon).
MAX_VALUE_BYTES = 256 * 1024 * 1024
COLUMNS = ("key", "value")


class ResultCache:
    """SQLite store of per-article results. Safe to share between processes (WAL).

    An unusable cache only costs speed: a database that fails after it opened (a damaged
    page, a ``results`` table of another shape, a lock held by another process for more
    than ``BUSY_TIMEOUT`` seconds, a full disk) is given up for the rest of the run, and
    ``on_failure`` receives one note saying why; a stored value of the wrong shape is a miss.
    """

    def __init__(self, directory: Path, config: Config, rules_version: str,
                 on_failure: Callable[[str], None] | None = None) -> None:
        self.path = directory / "results.sqlite3"
        model = model_identity(config.model)
        self._salt = "\0".join([pipeline.__version__, rules_version, model["name"],
                                model["version"], config_fingerprint(config)])
        self._on_failure = on_failure
        self.failure: str | None = None
        directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(SCHEMA)
            columns = tuple(row[1] for row in self._db.execute("PRAGMA table_info(results)"))
        except BaseException:
            self._db.close()
            raise
        if columns != COLUMNS:
            self._db.close()
            raise sqlite3.DatabaseError(
                f"{self.path}: its results table has columns ({', '.join(columns)}), not "
                f"({', '.join(COLUMNS)}); delete the file or choose another --cache-dir")
        self.hits = 0
        self.misses = 0

    def key(self, document: Document) -> str:
        """The cache key of one article under this run's versions and settings."""
        return hashlib.sha256(
            (self._salt + "\0" + document_fingerprint(document)).encode()
        ).hexdigest()

    def get(
        self, document: Document
    ) -> tuple[list[Finding], dict[str, Any], list[str]] | None:
        """Stored findings, scores and run notes, or None."""
        if self.failure is not None:
            return None
        try:
            row = self._db.execute("SELECT value FROM results WHERE key = ?",
                                   (self.key(document),)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        stored = decode_value(row[0]) if row is not None else None
        if stored is None:
            self.misses += 1
            return None
        self.hits += 1
        return stored

    def put(self, document: Document, findings: list[Finding], scores: dict[str, Any],
            notes: list[str] | None = None) -> None:
        """Store one article's result (and the run notes known when it was made)."""
        if self.failure is not None:
            return
        value = zlib.compress(json.dumps(
            {"findings": [f.to_dict() for f in findings], "scores": scores,
             "notes": list(notes or [])},
            default=str).encode())
        try:
            self._db.execute("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                             (self.key(document), value))
        except sqlite3.Error as exc:
            self._give_up(exc)

    def _give_up(self, exc: sqlite3.Error) -> None:
        """Stop using the cache for this run, and say why once."""
        self.failure = (f"result cache disabled for this run ({self.path}: {exc}); the audit "
                        "went on without it")
        self.close()
        if self._on_failure is not None:
            self._on_failure(self.failure)

    def close(self) -> None:
        """Close the database."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


def decode_value(value: object) -> tuple[list[Finding], dict[str, Any], list[str]] | None:
    """A stored value as (findings, scores, notes), or None when it is not one (damaged,
    written by something else, of the wrong types)."""
    if not isinstance(value, bytes):
        return None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(value, MAX_VALUE_BYTES)
        if inflater.unconsumed_tail:
            return None
        data = json.loads(raw)
        if not (isinstance(data, dict) and isinstance(data.get("findings"), list)
                and isinstance(data.get("scores"), dict)
                and isinstance(data.get("notes", []), list)):
            return None
        findings = [Finding.from_dict(f) for f in data["findings"]]
        notes = [note for note in data.get("notes", []) if isinstance(note, str)]
    except (zlib.error, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return findings, data["scores"], notes
