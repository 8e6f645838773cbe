"""An unusable result cache only costs speed (issue 19, item 5): a cache that opens but fails
later, holds a table of another shape or values of the wrong types, or is locked by another
process, is noted once and the audit goes on without it, with the same findings."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.cache
from pipeline.cli import main
from tests.test_bad_input import reuse_session_pipeline

ARTICLES = {
    "neck.txt": "Neck stretches\n\nSit tall. Bounce your head to go further until the pain "
                "stops.\n",
    "knee.txt": "Knee care\n\nThe knee is a hinge joint. Rotate your knee in big circles ten "
                "times.\n\nIce it after exercise.\n",
    "back.txt": "Back pain\n\nLie on your back with your knees bent. Stop if it hurts and see "
                "your doctor if the pain does not improve.\n",
}


@pytest.fixture(autouse=True)
def reuse_pipeline(monkeypatch: pytest.MonkeyPatch, nlp, knowledge) -> None:
    reuse_session_pipeline(monkeypatch, nlp, knowledge)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    return tmp_path


def audit(folder: Path, *options: str) -> dict:
    out = folder / "report.json"
    result = CliRunner().invoke(main, ["audit", str(folder / "in"), "--format", "json",
                                       "--output", str(out), "--no-progress", "--fail-on",
                                       "never", *options], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    return data


def findings(report: dict) -> list:
    return [(a["id"], a["findings"]) for a in report["articles"]]


def cached_run(folder: Path) -> tuple[dict, Path]:
    cache = folder / "cache"
    fresh = audit(folder, "--cache-dir", str(cache))
    return fresh, cache / "results.sqlite3"


def test_damaged_page_after_opening(folder: Path) -> None:
    fresh, database = cached_run(folder)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(database.read_bytes())
    assert len(data) >= 2 * page_size
    data[page_size:2 * page_size] = b"\xa5" * page_size  # the results table's page
    database.write_bytes(bytes(data))
    again = audit(folder, "--cache-dir", str(database.parent))
    assert findings(again) == findings(fresh)
    assert any(note.startswith("result cache disabled") for note in again["notes"])


def test_results_table_of_another_shape(folder: Path) -> None:
    database = folder / "cache" / "results.sqlite3"
    database.parent.mkdir()
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE results (name TEXT, size INTEGER, extra BLOB)")
    fresh = audit(folder, "--no-cache")
    again = audit(folder, "--cache-dir", str(database.parent))
    assert findings(again) == findings(fresh)
    assert any("not (key, value)" in note for note in again["notes"])


@pytest.mark.parametrize("value", [
    5,
    b"not zlib",
    zlib.compress(b'{"findings": []}'),
    zlib.compress(b'{"findings": 5, "scores": {}}'),
    zlib.compress(b'{"findings": [{"rule": "STYLE-X", "category": "style", "severity": 5, '
                  b'"message": "m"}], "scores": {}}'),
    zlib.compress(b'{"findings": [{"rule": "STYLE-X", "category": "style", "severity": "info", '
                  b'"message": "m", "related": 7}], "scores": {}}'),
    zlib.compress(b"[" * 100_000 + b"]" * 100_000),
], ids=["integer", "not-zlib", "no-scores", "findings-not-list", "severity-not-text",
        "related-not-list", "deep"])
def test_stored_values_of_the_wrong_type_are_misses(folder: Path, value: object) -> None:
    fresh, database = cached_run(folder)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE results SET value = ?", (value,))
    again = audit(folder, "--cache-dir", str(database.parent))
    assert findings(again) == findings(fresh)
    assert not any("cache" in note for note in again["notes"])
    assert findings(audit(folder, "--cache-dir", str(database.parent))) == findings(fresh)


def test_write_lock_held_by_another_process(folder: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.cache, "BUSY_TIMEOUT", 0.2, raising=False)
    database = folder / "cache" / "results.sqlite3"
    audit(folder, "--cache-dir", str(database.parent), "--select", "ANAT-*")  # creates it
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # held for the whole audit below
    try:
        fresh = audit(folder, "--no-cache")
        locked = audit(folder, "--cache-dir", str(database.parent))
    finally:
        holder.rollback()
        holder.close()
    assert findings(locked) == findings(fresh)
    assert any("database is locked" in note for note in locked["notes"])
