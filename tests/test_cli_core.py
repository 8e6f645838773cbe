"""The core commands through click's CliRunner: audit, rules, eval, --version, exit codes."""

import json

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import main

FLAWED = ("Neck exercises\n\nThis stretch will fix your neck. Bounce your head up and down "
          "quickly until the pain stops.\n")
CLEAN = "Walking\n\nWalking is good exercise for most people.\n"


@pytest.fixture
def runner():
    return CliRunner()


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert pipeline.__version__ in result.output


def test_every_command_has_help_with_an_example(runner):
    for args in (["audit"], ["rules", "list"], ["rules", "explain"], ["eval"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Example:" in result.output, args


def test_rules_list_and_explain(runner):
    listed = runner.invoke(main, ["rules", "list", "--format", "json"])
    assert listed.exit_code == 0
    rules = json.loads(listed.output)
    assert rules and all("id" in r and "category" in r for r in rules)
    explained = runner.invoke(main, ["rules", "explain", rules[0]["id"]])
    assert explained.exit_code == 0
    assert "Why it matters" in explained.output and "Fires on" in explained.output
    missing = runner.invoke(main, ["rules", "explain", "NOPE-NOPE"])
    assert missing.exit_code == 2


def test_audit_json_to_stdout_and_exit_codes(runner, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN)
    result = runner.invoke(main, ["audit", str(clean), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"][0]["title"] == "Walking"


def test_missing_input_gives_exit_2_and_still_audits_the_rest(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(CLEAN)
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["audit", str(good), str(tmp_path / "absent.txt"), "--format",
                                  "json", "--output", str(out)])
    assert result.exit_code == 2
    assert "absent.txt" in result.stderr
    data = json.loads(out.read_text())
    assert [a["id"] for a in data["articles"]] == ["good"]
    assert data["errors"][0]["source"].endswith("absent.txt")


def test_binary_file_among_good_ones(runner, tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (tmp_path / "c.txt").write_text(FLAWED)
    out = tmp_path / "report"
    result = runner.invoke(main, ["audit", str(tmp_path), "--format", "html", "--output",
                                  str(out)])
    assert result.exit_code == 2
    assert "b.txt" in result.stderr and "binary" in result.stderr
    index = (out / "index.html").read_text()
    assert "b.txt" in index and "a.txt" in index and "c.txt" in index


def test_unknown_format_is_a_usage_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    result = runner.invoke(main, ["audit", str(tmp_path / "a.txt"), "--format", "docx"])
    assert result.exit_code == 2
    assert "unknown format" in result.output


def test_fail_on_thresholds(runner, tmp_path, monkeypatch):
    import pipeline.runner
    from pipeline.findings import Finding, Severity

    path = tmp_path / "a.txt"
    path.write_text(CLEAN)
    real = pipeline.runner.run_audit

    def with_warning(config, inputs, progress=True, stdin_name=None):
        run = real(config, inputs, progress=progress, stdin_name=stdin_name)
        run.articles[0].findings[:] = [Finding(rule="READ-GRADE", category="readability",
                                               severity=Severity.WARNING, message="m")]
        return run

    monkeypatch.setattr(pipeline.runner, "run_audit", with_warning)
    assert runner.invoke(main, ["audit", str(path), "--fail-on", "error"]).exit_code == 0
    assert runner.invoke(main, ["audit", str(path), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(main, ["audit", str(path), "--fail-on", "never"]).exit_code == 0


def test_eval_requires_articles_and_gold(runner, tmp_path):
    result = runner.invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code != 0


def test_eval_json(runner, tmp_corpus):
    (tmp_corpus / "articles" / "a.txt").write_text(CLEAN)
    (tmp_corpus / "gold" / "a.yaml").write_text("findings: []\n")
    result = runner.invoke(main, ["eval", str(tmp_corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["categories"]) == {"anatomy", "contradiction", "unsafe-advice", "safety"}
    assert {"precision", "recall", "f1"} <= set(data["overall"])
