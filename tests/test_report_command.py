"""`medlint report` on a JSON-lines file that medlint did not write, or that was edited
(issue 19, items 8 and 12): each line is checked against the report's schema, and the first
one that does not fit is named in one error line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.report.jsonl import ResultFileError, read_run

RUN = {"type": "run", "medlint_version": "0.1.0", "model": {"name": "m", "version": "1"},
       "rules_version": "r"}
ARTICLE = {"type": "article", "id": "a", "source": "a.txt", "format": "text", "title": "A",
           "metadata": {}, "text": "Rest the knee.", "blocks": [
               {"kind": "paragraph", "start": 0, "end": 14, "level": 0}],
           "scores": {}, "counts": {"error": 1, "warning": 0, "info": 0},
           "findings": [{"rule": "ANAT-LOCATION", "category": "anatomy", "kind": None,
                         "severity": "error", "message": "m", "explanation": "",
                         "suggestion": None, "start": 9, "end": 13, "quote": "knee",
                         "line": 1, "column": 10, "end_line": 1, "end_column": 14,
                         "related": [], "references": [], "confidence": 1.0}]}


def with_changes(**changes: object) -> str:
    return json.dumps({**ARTICLE, **changes})


def finding(**changes: object) -> str:
    return with_changes(findings=[{**ARTICLE["findings"][0], **changes}])  # type: ignore[index]


CRAFTED = {
    "list": ("[1, 2]", "a JSON object is expected"),
    "blocks-not-list": (with_changes(blocks=5), "blocks: must be array"),
    "block-kind": (with_changes(blocks=[{"kind": "banner", "start": 0, "end": 3}]),
                   "blocks[0].kind: must be one of"),
    "block-outside-text": (with_changes(blocks=[{"kind": "paragraph", "start": 0,
                                                 "end": 99}]), "not inside the article"),
    "findings-not-list": (with_changes(findings={"a": 1}), "findings: must be array"),
    "severity": (finding(severity="fatal"), "findings[0].severity: must be one of"),
    "start-without-end": (finding(end=None), "findings[0]: span 9..null"),
    "span-outside-text": (finding(start=40, end=50), "not inside the article"),
    "no-text": (json.dumps({k: v for k, v in ARTICLE.items() if k != "text"}),
                "text: missing"),
    "title-number": (with_changes(title=5), "title: must be string or null"),
    "readability-list": (with_changes(scores={"readability": [1]}),
                         "scores.readability: must be object"),
    "nan": (with_changes(metadata={"date": float("nan")}), "NaN is not a JSON value"),
    "surrogate": (with_changes(text="Rest the kne\udc80."), "lone surrogate"),
    "deep": ('{"type": "run", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
             "nested too deeply"),
    "error-line": (json.dumps({"type": "error", "source": 5, "reason": "r", "code": "c"}),
                   "source: must be string"),
    "unknown-type": (json.dumps({"type": "banner"}), 'unknown line type "banner"'),
    "not-utf8": (b"\xff\xfe{}", "not valid UTF-8"),
}


@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_crafted_line_is_named(tmp_path: Path, kind: str) -> None:
    line, reason = CRAFTED[kind]
    raw = line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
    path = tmp_path / "run.jsonl"
    path.write_bytes(json.dumps(RUN).encode() + b"\n" + raw + b"\n")
    with pytest.raises(ResultFileError, match="line 2: ") as caught:
        read_run(path.read_bytes().splitlines())
    assert reason in str(caught.value)
    result = CliRunner().invoke(main, ["report", str(path), "--format", "html,json,sarif",
                                       "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    [line_out] = result.stderr.splitlines()
    assert line_out.startswith(f"medlint: error: {path}: not a medlint JSON-lines result "
                               "file: line 2: ")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_valid_file_still_builds_every_format(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text(json.dumps(RUN) + "\n" + json.dumps(ARTICLE) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(path), "--format", "html,json,sarif",
                                       "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "medlint.json").read_text())
    assert report["articles"][0]["findings"][0]["quote"] == "knee"


def test_line_separators_in_text_keep_one_record_per_line(tmp_path: Path) -> None:
    """U+2028, U+2029 and NEL are valid raw inside JSON strings, but str.splitlines (and
    JavaScript) break lines there: the JSON-lines writer escapes them (found by the
    property test)."""
    from pipeline.report.jsonl import article_line

    text = "Rest\u2028the\u2029knee\x85."
    data = {**ARTICLE, "text": text, "blocks": [], "findings": []}
    data.pop("type")
    [article] = read_run([json.dumps(RUN), json.dumps({"type": "article", **data})]).articles
    line = article_line(article)
    assert len(line.splitlines()) == 1
    assert json.loads(line)["text"] == text
