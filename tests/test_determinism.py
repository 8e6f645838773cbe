"""The same inputs give byte-identical JSON reports, apart from the run's timestamps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import REPO, SHARED
from tests.test_bad_input import reuse_session_pipeline

SEED = (REPO / "corpus" / "articles" / "seed-upper-back-pain.txt")
REALTEXT = (SHARED / "realtext/html/dragnet-nytimes-reassessing-flu-shots.html")
TIMESTAMPS = ("started", "finished")


def make_inputs(root: Path) -> list[str]:
    (root / "articles").mkdir()
    (root / "articles" / "neck.md").write_text(
        "---\ntitle: Neck care\nauthor: Jo\ndate: 2024-01-01\n---\n\n# Neck care\n\n"
        "Turn your head **slowly** to the left, then bounce it quickly to the right until "
        "the pain stops, and keep going even if it hurts.\n\n- Sit tall.\n- Breathe out.\n",
        encoding="utf-8")
    (root / "articles" / "knee.html").write_text(
        "<html><head><title>Knee</title></head><body><article><h1>Knee pain</h1><p>Rest the "
        "knee &amp; ice it. Take ibuprofen every hour until the pain goes away.</p></article>"
        "</body></html>", encoding="utf-8")
    (root / "articles" / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "title": "Back", "text": "Lift with a rounded back and hold "
                    "your breath while you strain."}) + "\n{broken\n", encoding="utf-8")
    inputs = [str(root / "articles")]
    inputs += [str(p) for p in (SEED, REALTEXT) if p.exists()]
    return inputs


def normalised(report_text: str) -> str:
    data = json.loads(report_text)
    for key in TIMESTAMPS:
        data["run"].pop(key, None)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def run_in_process(inputs: list[str], out: Path) -> str:
    result = CliRunner().invoke(main, ["audit", *inputs, "--format", "json", "--output",
                                       str(out), "--fail-on", "never"])
    assert result.exit_code == 2, result.output  # the broken JSONL line
    return out.read_text(encoding="utf-8")


def test_same_process_twice_is_identical(tmp_path: Path, monkeypatch, nlp, knowledge) -> None:
    reuse_session_pipeline(monkeypatch, nlp, knowledge)
    inputs = make_inputs(tmp_path)
    first = run_in_process(inputs, tmp_path / "one.json")
    second = run_in_process(inputs, tmp_path / "two.json")
    assert json.loads(first)["articles"], "something must be audited"
    assert normalised(first) == normalised(second)
    # Only the timestamps differ at all.
    a, b = json.loads(first), json.loads(second)
    for key in TIMESTAMPS:
        a["run"].pop(key, None)
        b["run"].pop(key, None)
    assert a == b


@pytest.mark.slow
def test_fresh_processes_with_different_hash_seeds_are_identical(tmp_path: Path) -> None:
    """Set and dict order must not leak into reports: two interpreters with different
    PYTHONHASHSEED values write the same bytes. (Run side by side, so both read the same
    rules even while someone edits them.)"""
    inputs = make_inputs(tmp_path)
    processes = []
    for seed in ("1", "12345"):
        out = tmp_path / f"seed-{seed}.json"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        command = [sys.executable, "-m", "pipeline", "audit", *inputs, "--format", "json",
                   "--output", str(out), "--fail-on", "never"]
        processes.append((subprocess.Popen(command, env=env, cwd=tmp_path, text=True,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE),
                          out))
    reports = []
    for process, out in processes:
        _stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 2, stderr
        reports.append(normalised(out.read_text(encoding="utf-8")))
    assert reports[0] == reports[1]
