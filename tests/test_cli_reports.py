"""`medlint audit` output options, configuration wiring and --changed-since."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from pipeline.cli import main

LONG = ("When you sit at a desk for many hours every single day you should stand up and walk "
        "around the room for a few minutes at least once every half hour to ease your back.")


@pytest.fixture
def cli(nlp, knowledge, monkeypatch, tmp_path):
    monkeypatch.setattr("pipeline.nlp.model.load_pipeline", lambda *a, **k: nlp)
    # ...and its loaded knowledge, so that each command does not parse rules/ again.
    monkeypatch.setattr("pipeline.audit.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.setattr("pipeline.knowledge.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".medlint.toml").write_text('enable = ["READ-SENTENCE-LENGTH"]\n',
                                            encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(f"Back pain\n\n{LONG}\n", encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text("Neck pain\n\nRest a little.\n", encoding="utf-8")
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_several_formats_to_output_dir(cli, tmp_path):
    result = cli("audit", "docs", "--format", "json,html,sarif,junit,github,markdown",
                 "--output-dir", "out")
    assert result.exit_code == 0, result.output  # an info finding; fail-on is error
    out = tmp_path / "out"
    for name in ("medlint.json", "medlint.sarif", "medlint.xml", "medlint.github.txt",
                 "medlint.md", "html/index.html"):
        assert (out / name).is_file(), name
    assert json.loads((out / "medlint.json").read_text())["summary"]["findings"] == 1
    assert "out/html" in result.stderr


def test_one_format_to_file_or_stdout(cli, tmp_path):
    result = cli("audit", "docs/a.txt", "--format", "sarif", "--output", "r.sarif")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    result = cli("audit", "docs/a.txt", "--format", "github")
    assert result.stdout.startswith("::notice file=docs/a.txt,line=3,col=1,")


def test_several_formats_need_output_dir(cli):
    result = cli("audit", "docs", "--format", "json,sarif")
    assert result.exit_code == 2
    assert "--output-dir" in result.output


def test_config_severity_and_fail_threshold(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text(
        'enable = ["READ-SENTENCE-LENGTH"]\nfail-on = "warning"\n'
        '[severity]\nREAD-SENTENCE-LENGTH = "warning"\n', encoding="utf-8")
    result = cli("audit", "docs", "--format", "json")
    assert result.exit_code == 1
    finding = json.loads(result.stdout)["articles"][0]["findings"][0]
    assert finding["severity"] == "warning"
    assert cli("audit", "docs", "--fail-on", "never").exit_code == 0


def test_config_readability_target(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text('target-grade = 5\n', encoding="utf-8")
    result = cli("audit", "docs/a.txt", "--format", "json")
    scores = json.loads(result.stdout)["articles"][0]["scores"]["readability"]
    assert scores["target_grade"] == 5


def test_config_exclude_glob(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text('exclude = ["b.txt"]\n', encoding="utf-8")
    result = cli("audit", "docs", "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["a"]


def test_unknown_rule_in_config_exits_2(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text('disable = ["NO-SUCH-RULE"]\n', encoding="utf-8")
    result = cli("audit", "docs")
    assert result.exit_code == 2
    assert "unknown rule" in result.stderr and "NO-SUCH-RULE" in result.stderr


def _git(tmp_path, *args):
    subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
                        "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_audits_only_changed_files(cli, tmp_path):
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "start")
    result = cli("audit", "docs", "--changed-since", "HEAD", "--format", "json")
    assert json.loads(result.stdout)["articles"] == []
    (tmp_path / "docs" / "b.txt").write_text("Neck pain\n\nRest a lot.\n", encoding="utf-8")
    (tmp_path / "docs" / "c.txt").write_text("New\n\nA new article.\n", encoding="utf-8")
    result = cli("audit", "docs", "--changed-since", "HEAD", "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["b", "c"]
    assert "2 file(s) changed since HEAD" in result.stderr
    bad = cli("audit", "docs", "--changed-since", "no-such-ref")
    assert bad.exit_code == 2
    assert "--changed-since no-such-ref" in bad.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_with_a_changed_symbolic_link_loop(cli, tmp_path):
    """Issue 19: a link loop among the changed files is that input's error, not a crash."""
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "start")
    (tmp_path / "docs" / "loop.txt").symlink_to(tmp_path / "docs" / "loop.txt")
    (tmp_path / "docs" / "b.txt").write_text("Neck pain\n\nRest a lot.\n", encoding="utf-8")
    result = cli("audit", "docs", "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert [a["id"] for a in report["articles"]] == ["b"]
    assert [e["reason"] for e in report["errors"]] == ["symbolic link loop"]


def test_force_exclude_for_pre_commit(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text(
        'enable = ["READ-SENTENCE-LENGTH"]\nexclude = ["a.txt"]\nforce-exclude = true\n',
        encoding="utf-8")
    result = cli("audit", "docs/a.txt", "docs/b.txt", "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["b"]
