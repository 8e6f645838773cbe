"""Property: whatever one input holds and however it is named, the run ends with every report
written (issue 19, done-when).

Hypothesis builds one hostile input (random bytes, random Unicode with lone surrogates,
controls and bidi marks, random JSON values as JSON lines, under a random file name that need
not be UTF-8) and audits it beside a good article, then renders every report format.
Asserted: no exception escapes ingest, the audit or any writer; the good article is in every
report; every report encodes as UTF-8 (as it is written); the JSON, JSON-lines and SARIF
reports parse as strict JSON (no NaN, no Infinity, no lone surrogate); the JSON-lines report
reads back with ``medlint report``'s reader.

Derandomized and bounded (a few seconds) so that CI runs the same examples every time.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.audit import ArticleResult, Auditor
from pipeline.config import Config
from pipeline.ingest import InputProblem
from pipeline.names import shown
from pipeline.report import writers
from pipeline.report.jsonl import read_run
from pipeline.runner import RunResult

GOOD_NAME = "good-article.txt"
GOOD_TEXT = ("Gentle Neck Care\n\nTurn your head slowly to one side and hold it there for a "
             "few seconds. Bounce to stretch further until the pain stops.\n\nStop if it "
             "hurts, and see a doctor if the pain does not settle.\n")
EXTENSIONS = [".txt", ".md", ".html", ".jsonl", ".htm", ""]

# Characters hostile to terminals, JSON, XML and spaCy: surrogates, controls, bidi marks,
# separators, noncharacters, plus ordinary text so that some inputs are audited.
HOSTILE = st.sampled_from(["\ud800", "\udfff", "\udce9", "\x00", "\x1b", "\x07", "\n", "\r",
                           "\t", "\u202e", "\u2066", "\u200f", "\u2028", "\u2029", "\ufeff",
                           "\ufffe", "\uffff", "\U0010ffff", "::error file=x::", "%0A", "<",
                           "&", "\\u0000", "\\ud800"])
WORDS = st.sampled_from(["Stretch", "your", "neck", "gently", "and", "stop", "if", "it",
                         "hurts", "the", "knee", "bends", ".", ",", "\n\n", "#", "- ", "---\n"])
UNICODE = st.lists(st.one_of(HOSTILE, WORDS, st.characters()), max_size=60).map("".join)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), UNICODE),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(UNICODE, children, max_size=4)),
    max_leaves=12)
RECORDS = st.fixed_dictionaries(
    {}, optional={"id": JSON_VALUES, "title": JSON_VALUES, "url": JSON_VALUES,
                  "date": JSON_VALUES, "text": st.one_of(UNICODE, JSON_VALUES),
                  "html": st.one_of(UNICODE.map(lambda t: f"<p>{t}</p>"), JSON_VALUES)})
NAMES = st.binary(min_size=1, max_size=40).map(
    lambda raw: raw.replace(b"/", b"_").replace(b"\x00", b"_")).filter(
    lambda raw: raw not in (b".", b".."))


def _lines(records: list[Any]) -> bytes:
    """JSON lines as a writer that allows NaN and escapes surrogates would write them."""
    return b"\n".join(json.dumps(r, ensure_ascii=True).encode() for r in records) + b"\n"


CONTENT = st.one_of(
    st.binary(max_size=400),
    UNICODE.map(lambda t: t.encode("utf-8", "surrogatepass")),
    UNICODE.map(lambda t: ("Title\n\n" + t).encode("utf-16", "surrogatepass")),
    st.lists(st.one_of(RECORDS, JSON_VALUES), min_size=1, max_size=4).map(_lines),
)

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
_AUDITOR: list[Auditor] = []


def auditor_for(nlp, knowledge) -> Auditor:  # type: ignore[no-untyped-def]
    """One Auditor for every example, on the session's pipeline (the good article is then
    parsed once per example; that is the test's cost)."""
    if not _AUDITOR:
        auditor = Auditor(Config(cache=False, article_timeout=20), knowledge)
        auditor._nlp = nlp
        _AUDITOR.append(auditor)
    return _AUDITOR[0]


def strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in a JSON report")

    return json.loads(text, parse_constant=refuse)


def good_is_in(name: str, rendered: str | dict[str, str]) -> bool:
    text = rendered if isinstance(rendered, str) else "\n".join(rendered.values())
    return any(form in text for form in ("good-article", json.dumps(name)[1:-1]))


@SETTINGS
@given(name=NAMES, extension=st.sampled_from(EXTENSIONS), content=CONTENT)
def test_hostile_input_never_costs_a_report(nlp, knowledge, name: bytes, extension: str,
                                            content: bytes) -> None:
    auditor = auditor_for(nlp, knowledge)
    with tempfile.TemporaryDirectory() as folder:
        bad = os.fsencode(folder) + b"/" + name + extension.encode()
        with open(bad, "wb") as handle:
            handle.write(content)
        good = Path(folder) / GOOD_NAME
        good.write_text(GOOD_TEXT, encoding="utf-8")
        articles: list[ArticleResult] = []
        problems: list[InputProblem] = []
        for item in auditor.iter_results([os.fsdecode(bad), str(good)]):
            (problems if isinstance(item, InputProblem) else articles).append(item)
        run = RunResult(articles=articles, problems=problems,
                        metadata={**auditor.run_metadata(), "started": "s", "finished": "f"},
                        notes=list(auditor.notes))
        assert any(a.document.source == str(good) for a in run.articles)
        bad_name = os.fsdecode(bad)
        assert any(a.document.source == bad_name for a in run.articles) or any(
            p.source.startswith(bad_name) for p in run.problems)  # accounted for
        for fmt, writer in writers().items():
            rendered = writer.render(run)
            for page in [rendered] if isinstance(rendered, str) else rendered.values():
                page.encode("utf-8")  # what write_atomic does; no lone surrogate
                if fmt == "text":
                    assert not any(ch in page for ch in "\x1b\x07\u202e\ud800")
            assert good_is_in(GOOD_NAME, rendered), fmt
            if fmt in ("json", "sarif"):
                assert isinstance(rendered, str)
                strict_json(rendered)
            if fmt == "jsonl":
                assert isinstance(rendered, str)
                for line in rendered.splitlines():
                    strict_json(line)
                again = read_run(rendered.splitlines())
                assert [a.id for a in again.articles] == [a.id for a in run.articles]
            if fmt == "github":
                assert isinstance(rendered, str)
                for line in rendered.splitlines():
                    assert line.startswith(("::error ", "::warning ", "::notice ")), line
        for problem in run.problems:
            assert "\n" not in shown(problem.source) + shown(problem.reason)
