"""Baselines: known findings stay quiet when text moves; a new problem fails the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.audit import ArticleResult
from pipeline.baseline import Baseline, BaselineError, fingerprint, normalise
from pipeline.cli import main
from tests.report_samples import build_document, sample_article, sample_run, span_finding

LONG_A = ("When you sit at a desk for many hours every single day you should stand up and walk "
          "around the room for a few minutes at least once every half hour to ease your back.")
LONG_B = ("If the pain in your upper back keeps coming back after a few weeks of gentle "
          "exercise and rest you should book an appointment with your doctor or a "
          "physiotherapist who can check it.")
LONG_NEW = ("Many people find that a warm shower in the morning followed by some slow gentle "
            "shoulder rolls and a short walk outside helps their stiff upper back feel a lot "
            "better during the day.")


def test_normalise_folds_case_space_and_punctuation():
    assert normalise("Lie  face-down,\nthen REST!") == "lie face down then rest"


def test_fingerprint_ignores_line_moves_but_not_words():
    doc = build_document()
    moved = build_document(paras=["A new first paragraph.\nWith two lines.",
                                  *reversed(build_document().text.split("\n\n")[1:])])
    f1 = span_finding(doc, "ANAT-REGION", "anatomy", "between the neck and the waist")
    f2 = span_finding(moved, "ANAT-REGION", "anatomy", "between the neck and the waist")
    assert f1.line != f2.line
    assert fingerprint(f1, doc) == fingerprint(f2, moved)
    other_rule = f1.with_changes(rule="ANAT-LOCATION")
    assert fingerprint(other_rule, doc) != fingerprint(f1, doc)
    changed = build_document(paras=["The upper back is the area between the neck and the hips."])
    f3 = span_finding(changed, "ANAT-REGION", "anatomy", "between the neck and the hips")
    assert fingerprint(f3, changed) != fingerprint(f1, doc)


def test_same_quote_in_other_context_is_a_new_finding():
    doc = build_document(paras=["Rest your back today.", "Always rest your back at night."])
    a = span_finding(doc, "X-RULE", "style", "Rest your back")
    start = doc.text.index("rest your back at")
    b = a.with_changes(start=start, end=start + len("rest your back"), quote="rest your back")
    assert fingerprint(a, doc) != fingerprint(b, doc)


def test_duplicates_are_counted():
    run = sample_run()
    baseline = Baseline.from_run(run)
    article = run.articles[0]
    doubled = ArticleResult(article.document, [*article.findings, article.findings[1]],
                            article.scores)
    assert baseline.new_findings(doubled) == [article.findings[1]]


def test_filter_run_keeps_only_new_findings_and_notes_the_rest():
    run = sample_run(articles=2)
    baseline = Baseline.from_run(run)
    fresh = sample_article()
    fresh.findings.pop()
    filtered = baseline.filter_run(run)
    assert all(not a.findings for a in filtered.articles)
    assert any("5 known finding" in n for n in filtered.notes)


def test_load_rejects_other_files(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(BaselineError, match="not a medlint baseline"):
        Baseline.load(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(BaselineError, match="invalid JSON"):
        Baseline.load(bad)
    with pytest.raises(BaselineError, match="cannot read"):
        Baseline.load(tmp_path / "missing.json")


@pytest.fixture
def cli(nlp, knowledge, monkeypatch):
    """Run the CLI in-process with the session's spaCy pipeline."""
    monkeypatch.setattr("pipeline.nlp.model.load_pipeline", lambda *a, **k: nlp)
    # ...and its loaded knowledge, so that each command does not parse rules/ again.
    monkeypatch.setattr("pipeline.audit.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.setattr("pipeline.knowledge.KnowledgeBase", lambda *a, **k: knowledge)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_new_problem_fails_the_run_moving_old_text_does_not(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Only the long-sentence rule, so that other families' findings do not move the counts.
    (tmp_path / ".medlint.toml").write_text('enable = ["READ-SENTENCE-LENGTH"]\n',
                                            encoding="utf-8")
    article = tmp_path / "docs" / "back.txt"
    article.parent.mkdir()
    article.write_text(f"Upper back pain\n\n{LONG_A}\n\nRest helps.\n\n{LONG_B}\n",
                       encoding="utf-8")
    plain = cli("audit", "docs", "--fail-on", "info")
    assert plain.exit_code == 1, plain.output  # the two long sentences are findings

    made = cli("baseline", "create", "docs", "--output", "baseline.json")
    assert made.exit_code == 0, made.output
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert len(data["files"]["docs/back.txt"]) == 2

    quiet = cli("audit", "docs", "--fail-on", "info", "--baseline", "baseline.json")
    assert quiet.exit_code == 0, quiet.output

    # Move old text around: paragraphs swapped, a line added on top, text re-indented.
    article.write_text(f"Upper back pain\n\nUpdated in May.\n\n{LONG_B}\n\nRest helps.\n\n"
                       f"{LONG_A}\n", encoding="utf-8")
    moved = cli("audit", "docs", "--fail-on", "info", "--baseline", "baseline.json")
    assert moved.exit_code == 0, moved.output

    # A new problem: a third long sentence.
    article.write_text(f"Upper back pain\n\n{LONG_B}\n\n{LONG_NEW}\n\n{LONG_A}\n",
                       encoding="utf-8")
    new = cli("audit", "docs", "--fail-on", "info", "--baseline", "baseline.json",
              "--format", "json")
    assert new.exit_code == 1, new.output
    report = json.loads(new.stdout)
    findings = report["articles"][0]["findings"]
    assert [f["quote"] for f in findings] == [LONG_NEW]
    assert any("2 known finding" in n for n in report["notes"])


def test_bad_baseline_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Short text.\n", encoding="utf-8")
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    result = cli("audit", "a.txt", "--baseline", "b.json")
    assert result.exit_code == 2
    assert "not a medlint baseline" in result.stderr


def test_filtered_run_still_matches_the_json_schema():
    import jsonschema

    import pipeline
    from pipeline.report.json import run_to_dict

    schema_path = Path(pipeline.__file__).parent / "report" / "schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    run = sample_run(articles=2)
    filtered = Baseline.from_run(run).filter_run(run)
    data = json.loads(json.dumps(run_to_dict(filtered)))
    jsonschema.validate(data, schema)
    assert data["run"]["baseline_hidden"] == 5


def test_baseline_not_utf8_is_a_usage_error(cli, tmp_path, monkeypatch):
    """Issue 19, item 7: one line and exit code 2, not a UnicodeDecodeError traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Short text.\n", encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b'{"medlint_baseline": 1, "files": {"caf\xe9": []}}')
    result = cli("audit", "a.txt", "--baseline", "b.json")
    assert result.exit_code == 2
    assert result.stderr == ("medlint: error: b.json: not a medlint baseline (not valid "
                             "UTF-8: byte 38)\n")
