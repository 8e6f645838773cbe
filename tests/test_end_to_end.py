"""Audit the bundled corpus through the CLI and check the JSON report against its schema and
against the sources: every quote is the text at its offsets, and every line/column points at
the same characters in the source file."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus" / "articles"
SCHEMA = json.loads((Path(pipeline.__file__).parent / "report" / "schema.json").read_text())


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not any(CORPUS.iterdir()):
        pytest.skip("corpus is empty")
    out = tmp_path_factory.mktemp("e2e") / "report.json"
    result = CliRunner().invoke(main, ["audit", str(CORPUS), "--format", "json", "--output",
                                       str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_report_validates_against_schema(report):
    jsonschema.validate(report, SCHEMA)
    assert report["summary"]["articles"] == len(report["articles"]) > 0


def test_quotes_equal_text_at_offsets(report):
    for article in report["articles"]:
        text = article["text"]
        for finding in article["findings"]:
            if finding["start"] is None:
                assert finding["quote"] is None
                continue
            assert text[finding["start"]:finding["end"]] == finding["quote"], finding["rule"]
            for related in finding["related"]:
                assert text[related["start"]:related["end"]] == related["quote"]


def test_line_and_column_point_into_the_source(report):
    for article in report["articles"]:
        path = Path(article["source"])
        if article["format"] != "text":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for finding in article["findings"]:
            if finding["start"] is None:
                continue
            line = lines[finding["line"] - 1]
            first = finding["quote"][0]
            assert line[finding["column"] - 1] == first, (path.name, finding)


def test_seed_article_has_every_class_of_problem(report):
    seed = [a for a in report["articles"] if a["id"].startswith("seed")]
    if not seed:
        pytest.skip("seed article not in corpus yet")
    findings = seed[0]["findings"]
    categories = {f["category"] for f in findings}
    assert {"anatomy", "contradiction", "unsafe-advice", "safety"} <= categories
    assert "red-flags" in {f["kind"] for f in findings if f["category"] == "safety"}
