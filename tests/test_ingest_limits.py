"""Inputs crafted to break ingestion: each is one input's problem (or is read fine), never an
exception that ends the run. Issue 19, items 1, 3, 9, 12 and 14."""

from __future__ import annotations

import json
import math

import pytest

from pipeline.document import Document
from pipeline.ingest import InputProblem, load_source
from pipeline.knowledge.paths import rules_dir

ARTICLE = ("Stretch your neck gently and hold it for ten seconds, then relax your shoulders "
           "and breathe out slowly. Stop if it hurts.")
GOOD_LINE = json.dumps({"id": "good", "title": "Neck care", "text": ARTICLE})


def load(name: str, data: str | bytes, fmt: str) -> list[Document | InputProblem]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return list(load_source(name, raw, fmt, rules_dir()))


def documents(items: list[Document | InputProblem]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def problems(items: list[Document | InputProblem]) -> list[InputProblem]:
    return [i for i in items if isinstance(i, InputProblem)]


# --- item 1: lone surrogates --------------------------------------------------------------

def test_escaped_lone_surrogate_in_jsonl_becomes_a_replacement_character() -> None:
    """``"\\ud800"`` is valid JSON but not Unicode text: spaCy cannot encode it. Ingest
    replaces it by U+FFFD, one character for one, so offsets still point into the line."""
    line = '{"id": "s", "title": "Neck \\udc00", "author": "A \\ud800", "text": "' + \
        ARTICLE.replace("gently", "\\ud800 gently") + '"}'
    [document] = documents(load("batch.jsonl", line + "\n" + GOOD_LINE + "\n", "jsonl"))[:1]
    assert "\ufffd gently" in document.text
    assert document.title == "Neck \ufffd"
    assert document.metadata["author"] == "A \ufffd"
    document.text.encode("utf-8")  # valid Unicode throughout
    at = document.text.index("\ufffd gently")
    _line, column = document.source_map.position(at)
    assert line[column - 1:column + 5] == "\\ud800"


def test_lone_surrogate_audits(auditor) -> None:
    [document] = documents(load("s.jsonl", '{"id": "s", "text": "Stretch \\ud800 gently. '
                                + ARTICLE + '"}', "jsonl"))
    [result] = auditor.audit_documents([document])
    assert result.failures == []


# --- item 3: JSON that Python cannot read -------------------------------------------------

@pytest.mark.parametrize(("line", "reason"), [
    ('{"id": "n", "text": "x", "url": ' + "9" * 5000 + "}", "more than 4,300 digits"),
    ('{"id": "d", "text": "x", "url": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
])
def test_unreadable_jsonl_line_is_that_lines_error(line: str, reason: str) -> None:
    items = load("batch.jsonl", GOOD_LINE + "\n" + line + "\n" + GOOD_LINE.replace(
        '"good"', '"other"') + "\n", "jsonl")
    assert [d.id for d in documents(items)] == ["good", "other"]
    [problem] = problems(items)
    assert problem.source == "batch.jsonl:2"
    assert reason in problem.reason


# --- item 9: YAML front matter that expands without bound -------------------------------------

BILLION_LAUGHS = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---

# Neck care

""" + ARTICLE + "\n"


@pytest.mark.parametrize(("front", "reason"), [
    (BILLION_LAUGHS, "expands to more than 10,000 values"),
    ("---\na: &a [1, *a]\n---\n\n# Neck care\n\n" + ARTICLE + "\n", "refers to itself"),
    ("---\ntitle: " + "x" * 70_000 + "\n---\n\n# Neck care\n\n" + ARTICLE + "\n",
     "the limit is 65,536"),
    ("---\na: " + "[" * 50_000 + "]" * 50_000 + "\n---\n\n# Neck\n\n" + ARTICLE + "\n",
     "the limit is 65,536"),
    ("---\na: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\n# Neck\n\n" + ARTICLE + "\n",
     "nested too deeply"),
])
def test_front_matter_bombs_are_input_errors(front: str, reason: str) -> None:
    [problem] = load("bomb.md", front, "markdown")
    assert isinstance(problem, InputProblem)
    assert problem.code == "front-matter"
    assert reason in problem.reason


def test_front_matter_with_a_few_aliases_still_reads() -> None:
    source = ("---\ntitle: Neck care\ntags: &t [neck, stretch]\nalso: *t\n---\n\n"
              "# Neck care\n\n" + ARTICLE + "\n")
    [document] = load("fine.md", source, "markdown")
    assert isinstance(document, Document)
    assert document.metadata["also"] == ["neck", "stretch"]


# --- item 12: numbers strict JSON cannot carry ---------------------------------------------

@pytest.mark.parametrize(("value", "kept"), [("NaN", "NaN"), ("Infinity", "Infinity"),
                                             ("-Infinity", "-Infinity"), ("1e999", "Infinity")])
def test_non_finite_numbers_become_words_in_metadata(value: str, kept: str) -> None:
    line = '{"id": "n", "text": "' + ARTICLE + '", "date": ' + value + ', "url": [' + \
        value + "]}"
    [document] = load("n.jsonl", line, "jsonl")
    assert isinstance(document, Document)
    assert document.metadata["date"] == kept
    assert document.metadata["url"] == [kept]
    json.dumps(document.metadata, allow_nan=False)


def test_non_finite_yaml_numbers_in_front_matter() -> None:
    source = "---\nrating: .nan\nweight: -.inf\n---\n\n# Neck care\n\n" + ARTICLE + "\n"
    [document] = load("n.md", source, "markdown")
    assert isinstance(document, Document)
    assert document.metadata == {"rating": "NaN", "weight": "-Infinity"}
    assert not any(isinstance(v, float) and not math.isfinite(v)
                   for v in document.metadata.values())


# --- item 14: HTML nesting up to the documented limit, and bare fragments ------------------

@pytest.mark.parametrize("depth", [254, 300, 1000, 1990])
def test_html_nested_up_to_the_limit_keeps_its_text(depth: int) -> None:
    source = ("<html><body>" + "<div>" * depth + "<h1>Neck care</h1><p>" + ARTICLE
              + "</p>" + "</div>" * depth + "</body></html>")
    [document] = load("deep.html", source, "html")
    assert isinstance(document, Document), document
    assert "hold it for ten seconds" in document.text


def test_jsonl_html_of_one_paragraph_is_an_article() -> None:
    line = json.dumps({"id": "p", "title": "Neck care", "html": f"<p>{ARTICLE}</p>"})
    [document] = load("p.jsonl", line, "jsonl")
    assert isinstance(document, Document), document
    assert ARTICLE in document.text



@pytest.mark.parametrize("html", [ARTICLE, f"Stretch <b>gently</b>. {ARTICLE}",
                                  f"<h1>Neck care</h1>{ARTICLE}"],
                         ids=["plain-text", "inline-markup", "after-a-heading"])
def test_jsonl_html_of_bare_text_is_an_article(html: str) -> None:
    """Text standing directly in the page, in no paragraph (a CMS export's ``html`` field
    of plain text), was dropped and the article rejected as "no article text"."""
    line = json.dumps({"id": "bare", "title": "Neck care", "html": html})
    [document] = load("bare.jsonl", line, "jsonl")
    assert isinstance(document, Document), document
    assert ARTICLE in document.text


def test_html_text_between_paragraphs_is_kept_in_order() -> None:
    source = ("<html><body><h1>Neck care</h1><p>First paragraph.</p>" + ARTICLE
              + "<p>Last paragraph.</p></body></html>")
    [document] = load("loose.html", source, "html")
    assert isinstance(document, Document), document
    text = document.text
    assert text.index("First paragraph.") < text.index(ARTICLE) < text.index("Last paragraph.")
    start = text.index(ARTICLE)
    assert source[document.source_map.source_offset(start):].startswith(ARTICLE[:20])

@pytest.mark.slow
def test_lone_surrogate_in_jsonl_with_worker_processes(tmp_path) -> None:
    """Item 1 with --jobs 2: the worker received the surrogate and raised; nothing was
    reported."""
    from click.testing import CliRunner

    from pipeline.cli import main

    source = tmp_path / "batch.jsonl"
    source.write_text('{"id": "s", "text": "Stretch \\ud800 gently. ' + ARTICLE + '"}\n'
                      + GOOD_LINE + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["audit", str(source), "--jobs", "2", "--no-cache",
                                       "--format", "json", "--output", str(out),
                                       "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in report["articles"]] == ["s", "good"]
    assert "\ufffd gently" in report["articles"][0]["text"]
