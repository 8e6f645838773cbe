"""Result cache: an article's findings and scores, stored by everything they depend on.

The key is a digest of the article as ingested (text, blocks, title, metadata, suppressions),
medlint's version, the rules version (which digests every file in rules/), the spaCy
pipeline's name and version, and the configuration that changes findings. Re-auditing an
unchanged corpus reads results from SQLite and never loads spaCy.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import zlib
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
                             "fail_on", "include", "exclude"}}
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


class ResultCache:
    """SQLite store of per-article results. Safe to share between processes (WAL)."""

    def __init__(self, directory: Path, config: Config, rules_version: str) -> None:
        self.path = directory / "results.sqlite3"
        model = model_identity(config.model)
        self._salt = "\0".join([pipeline.__version__, rules_version, model["name"],
                                model["version"], config_fingerprint(config)])
        directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)
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
        row = self._db.execute("SELECT value FROM results WHERE key = ?",
                               (self.key(document),)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            data = json.loads(zlib.decompress(row[0]))
            findings = [Finding.from_dict(f) for f in data["findings"]]
        except (zlib.error, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return findings, data["scores"], list(data.get("notes", []))

    def put(self, document: Document, findings: list[Finding], scores: dict[str, Any],
            notes: list[str] | None = None) -> None:
        """Store one article's result (and the run notes known when it was made)."""
        value = zlib.compress(json.dumps(
            {"findings": [f.to_dict() for f in findings], "scores": scores,
             "notes": list(notes or [])},
            default=str).encode())
        self._db.execute("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                         (self.key(document), value))

    def close(self) -> None:
        """Close the database."""
        self._db.close()
