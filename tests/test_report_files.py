"""Report files are written atomically and with the usual mode (umask applied)."""

from __future__ import annotations

import os
import stat

import pytest

from pipeline.report.files import write_atomic


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    os.umask(old)
    yield set_mask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_report_files_get_the_mode_new_files_get(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "report" / "index.html"
    write_atomic(target, "<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text() == "<!DOCTYPE html>"
    write_atomic(target, b"again")  # replacing a file keeps the usual mode too
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]  # no temporary left


def test_html_report_and_baseline_files_are_readable_by_others(tmp_path, umask, monkeypatch,
                                                               nlp, knowledge):
    from click.testing import CliRunner

    from pipeline.cli import main

    monkeypatch.setattr("pipeline.nlp.model.load_pipeline", lambda *a, **k: nlp)
    monkeypatch.setattr("pipeline.audit.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.setattr("pipeline.knowledge.KnowledgeBase", lambda *a, **k: knowledge)
    umask(0o022)
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("Walking\n\nWalk every day.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["audit", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                  "--format", "html", "--output", str(tmp_path / "report"),
                                  "--no-cache"])
    assert result.exit_code == 0, result.output
    baseline = tmp_path / "baseline.json"
    result = runner.invoke(main, ["baseline", "create", str(tmp_path / "a.txt"), "--output",
                                  str(baseline)])
    assert result.exit_code == 0, result.output
    written = [baseline, *sorted((tmp_path / "report").rglob("*.html"))]
    assert len(written) == 4
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
