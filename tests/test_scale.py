"""Same findings whatever runs the audit: one process, worker processes, the cache, Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ARTICLES = {
    "neck.txt": "Neck stretches\n\nSit tall. Slowly tilt your head towards your shoulder. "
                "Bounce your head to go further until the pain stops.\n",
    "knee.txt": "Knee care\n\nThe knee is a hinge joint. Rotate your knee in big circles ten "
                "times.\n\nIce it after exercise.\n",
    "walk.txt": "Walking\n\nWalking is good for most people. Start slowly.\n",
    "bad.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
    "back.txt": "Back pain\n\nLie on your back with your knees bent. Hold for 30 seconds. "
                "Stop if it hurts and see your doctor if the pain does not improve.\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, content in ARTICLES.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


def audit_json(folder: Path, *options: str) -> dict:
    out = folder / f"out-{abs(hash(options))}.json"
    result = CliRunner().invoke(main, ["audit", str(folder / "in"), "--format", "json",
                                       "--output", str(out), "--no-progress",
                                       "--cache-dir", str(folder / "cache"), *options])
    assert result.exit_code == 2, result.output + result.stderr  # bad.txt
    data = json.loads(out.read_text())
    data["run"].pop("started")
    data["run"].pop("finished")
    return data


def test_jobs_and_cache_give_identical_reports(folder):
    single = audit_json(folder, "--no-cache")
    assert [a["id"] for a in single["articles"]] == ["back", "knee", "neck", "walk"]
    assert single["errors"][0]["source"].endswith("bad.txt")
    assert audit_json(folder, "--no-cache", "--jobs", "2") == single
    first = audit_json(folder)  # fills the cache
    second = audit_json(folder)  # every article from the cache
    assert first == single
    assert second == single


def test_cache_hits_skip_the_pipeline(folder, monkeypatch):
    audit_json(folder)
    from pipeline.audit import Auditor

    def forbidden(self, documents):
        for _ in documents:
            raise AssertionError("cache hit expected; the pipeline ran")
        return iter(())

    monkeypatch.setattr(Auditor, "audit_documents", forbidden)
    audit_json(folder)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_long_runs_of_cache_hits_are_not_held_back(folder, monkeypatch, jobs):
    """A mostly cached re-run keeps only a bounded queue of waiting results: a long run of
    cache hits ends the backend's input and restarts it at the next article to audit, with
    the same results in the same order."""
    import pipeline.audit

    names = [f"a{i:02d}.txt" for i in range(12)]
    for i, name in enumerate(names):
        (folder / "in" / name).write_text(f"Article {i}\n\nStretch your hamstrings {i + 2} "
                                          f"times a day. Bounce to go further.\n")
    audit_json(folder)  # fills the cache
    for name in names[3:5] + names[10:]:  # misses between long runs of hits
        path = folder / "in" / name
        path.write_text(path.read_text() + "Walking helps too.\n")
    fresh = audit_json(folder, "--no-cache")
    starts = []
    original = pipeline.audit.Auditor._backend

    def counting(self, documents):
        starts.append(1)
        return original(self, documents)

    monkeypatch.setattr(pipeline.audit, "HELD_RESULTS", 2)
    monkeypatch.setattr(pipeline.audit.Auditor, "_backend", counting)
    assert audit_json(folder, "--jobs", jobs) == fresh
    assert len(starts) == 2  # the run of hits between the two groups of misses split it


def test_worker_processes_replaced_midway_give_identical_reports(folder, monkeypatch):
    """Worker processes are replaced after a number of tasks (memory stays flat on long
    runs); a run whose workers are replaced after every article reports the same."""
    import pipeline.parallel

    single = audit_json(folder, "--no-cache")
    monkeypatch.setattr(pipeline.parallel, "BATCH_SIZE", 1)
    monkeypatch.setattr(pipeline.parallel, "WORKER_TASKS", 1)
    assert audit_json(folder, "--no-cache", "--jobs", "2") == single


def test_a_worker_started_after_the_rules_changed_refuses_to_audit(tmp_path):
    """A worker that replaces another late in a run reads the rules afresh; when they have
    changed since the run began it stops the run with a clear error instead of mixing two
    versions of the rules in one report."""
    import shutil

    from pipeline.knowledge import rules_dir
    from pipeline.knowledge.loader import KnowledgeError
    from pipeline.knowledge.paths import rules_version
    from pipeline.parallel import check_rules

    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    started = rules_version.__wrapped__(rules)
    check_rules(started, rules)  # unchanged: fine
    (rules / "context" / "context.yaml").write_text(
        (rules / "context" / "context.yaml").read_text() + "\n# edited during the run\n")
    with pytest.raises(KnowledgeError, match="changed during the run"):
        check_rules(started, rules)


def test_changed_article_is_audited_again(folder):
    audit_json(folder)
    (folder / "in" / "walk.txt").write_text("Walking\n\nPush through the pain when you walk.\n")
    fresh = audit_json(folder, "--no-cache")
    cached = audit_json(folder)
    assert cached == fresh


def test_jsonl_stream_rebuilds_the_same_report(folder):
    out = folder / "run.jsonl"
    result = CliRunner().invoke(main, ["audit", str(folder / "in"), "--format", "jsonl",
                                       "--output", str(out), "--no-cache", "--no-progress"])
    assert result.exit_code == 2
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["type"] == "run" and lines[-1]["type"] == "summary"
    kinds = [line["type"] for line in lines[1:-1]]
    assert kinds.count("article") == 4 and kinds.count("error") == 1
    direct = audit_json(folder, "--no-cache")
    by_id = {line["id"]: line for line in lines if line["type"] == "article"}
    for article in direct["articles"]:
        assert by_id[article["id"]]["findings"] == article["findings"]


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_report(folder):
    pytest.importorskip("distributed")
    single = audit_json(folder, "--no-cache")
    assert audit_json(folder, "--no-cache", "--dask", "--jobs", "2") == single


def test_report_command_builds_html_from_jsonl(folder):
    out = folder / "run.jsonl"
    CliRunner().invoke(main, ["audit", str(folder / "in"), "--format", "jsonl", "--output",
                              str(out), "--no-cache", "--no-progress"])
    html_dir = folder / "html"
    result = CliRunner().invoke(main, ["report", str(out), "--format", "html", "--output",
                                       str(html_dir)])
    assert result.exit_code == 0, result.output + result.stderr
    index = (html_dir / "index.html").read_text()
    assert "bad.txt" in index and "Knee care" in index


def test_a_failing_check_is_reported_and_the_rest_still_runs(folder, monkeypatch):
    from pipeline import checks
    from pipeline.checks.base import CheckFamily

    def explode(ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    real = checks.discover()
    monkeypatch.setattr("pipeline.audit.discover",
                        lambda: (*real, CheckFamily("exploding", explode)))
    out = folder / "r.json"
    result = CliRunner().invoke(main, ["audit", str(folder / "in" / "neck.txt"), "--format",
                                       "json", "--output", str(out), "--no-cache"])
    assert result.exit_code == 2
    assert "exploding" in result.stderr and "boom" in result.stderr
    data = json.loads(out.read_text())
    assert data["articles"][0]["findings"], "other families' findings are kept"
    assert data["errors"][0]["code"] == "check-error"
