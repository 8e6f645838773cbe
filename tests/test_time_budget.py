"""Each article has a time budget (issue 19, item 10): an article whose audit takes longer is
reported as an input problem, "too complex to audit", and the run goes on, in one process
and with --jobs; an article the spaCy pipeline fails on is one article's internal error."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.checks.style
import pipeline.nlp.model
from pipeline.budget import TooComplex, time_budget
from pipeline.cli import main
from pipeline.config import Config, ConfigError, config_from_table
from tests.test_bad_input import GOOD_TEXT, reuse_session_pipeline

MARKER = "Endlessly recursive stretching."


@pytest.fixture
def endless_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check family that never returns on an article holding MARKER (a stand-in for a
    reader that is not linear on some input)."""
    import pipeline.audit
    from pipeline.checks import discover

    family = pipeline.checks.style.FAMILY

    def run(ctx):  # type: ignore[no-untyped-def]
        if MARKER in ctx.document.text:
            while True:
                pass
        return family.run(ctx)

    families = tuple(replace(f, run=run) if f is family else f for f in discover())
    monkeypatch.setattr(pipeline.audit, "discover", lambda: families)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "in" / "b_endless.txt").write_text(GOOD_TEXT + MARKER + "\n", encoding="utf-8")
    (tmp_path / "in" / "c_good.txt").write_text(GOOD_TEXT.replace("Neck", "Knee"),
                                                encoding="utf-8")
    return tmp_path


def audit(folder: Path, *options: str) -> tuple[object, dict]:
    out = folder / "report.json"
    result = CliRunner().invoke(main, ["audit", str(folder / "in"), "--format", "json",
                                       "--output", str(out), "--no-cache", "--fail-on", "never",
                                       "--article-timeout", "1", *options])
    return result, json.loads(out.read_text())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_article_over_its_budget_is_reported_and_the_run_goes_on(
        folder: Path, endless_check: None, monkeypatch: pytest.MonkeyPatch, nlp, knowledge,
        jobs: str) -> None:
    if jobs == "1":
        reuse_session_pipeline(monkeypatch, nlp, knowledge)
    result, report = audit(folder, "--jobs", jobs)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert [a["id"] for a in report["articles"]] == ["a_good", "c_good"]
    [error] = report["errors"]
    assert error["source"].endswith("b_endless.txt")
    assert error["code"] == "too-complex"
    assert error["reason"].startswith("too complex to audit: it took more than 1 CPU seconds")
    assert "b_endless.txt: too complex to audit" in result.stderr  # type: ignore[attr-defined]


def test_spacy_failure_on_one_article_is_that_articles_error(
        folder: Path, monkeypatch: pytest.MonkeyPatch, nlp, knowledge) -> None:
    reuse_session_pipeline(monkeypatch, nlp, knowledge)
    real = pipeline.nlp.model.parse_document

    def parse_document(nlp, document):  # type: ignore[no-untyped-def]
        if MARKER in document.text:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(nlp, document)

    monkeypatch.setattr(pipeline.nlp.model, "parse_document", parse_document)
    result, report = audit(folder)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert [a["id"] for a in report["articles"]] == ["a_good", "b_endless", "c_good"]
    [error] = report["errors"]
    assert error["code"] == "check-error"
    assert "the spaCy pipeline failed: UnicodeEncodeError" in error["reason"]


def test_budget_interrupts_a_loop_that_never_checks_it() -> None:
    with pytest.raises(TooComplex), time_budget(0.2):
        while True:
            pass


def test_no_budget_means_no_limit() -> None:
    with time_budget(0) as budget:
        sum(range(100_000))
        budget.check()


@pytest.mark.parametrize("value", [-1, "soon", True, float("inf")])
def test_article_timeout_must_be_seconds(value: object) -> None:
    with pytest.raises(ConfigError, match="article-timeout must be a number of seconds"):
        config_from_table({"article-timeout": value})


def test_article_timeout_from_configuration() -> None:
    assert config_from_table({"article-timeout": 30}).article_timeout == 30
    assert Config().article_timeout == 120


def test_first_use_loading_is_not_charged_to_the_first_article(tmp_path: Path) -> None:
    """Word lists, the spelling dictionary and readability tables load on first use (about
    1 CPU s), which the first article of a run (and of each --jobs worker) paid from its own
    budget: a 2,000-character article that takes 0.1 s was "too complex to audit" under
    --article-timeout 1. Run in a fresh process, where nothing is loaded yet."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    article = tmp_path / "short.txt"
    article.write_text(GOOD_TEXT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "MEDLINT_CACHE_DIR": str(tmp_path / "c")}
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "audit", str(article), "--no-cache",
             "--no-progress", "--article-timeout", "0.8", "--jobs", jobs, "--format", "json",
             "--output", str(tmp_path / "out.json"), "--fail-on", "never"],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
        assert done.returncode == 0, done.stderr
        report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert [a["id"] for a in report["articles"]] and report["errors"] == []
