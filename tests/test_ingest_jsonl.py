"""JSON Lines: one article per line, bad lines reported, positions inside the JSONL file."""

from __future__ import annotations

import json

from pipeline.document import Document
from pipeline.ingest import InputProblem, load_source
from pipeline.knowledge.paths import rules_dir

LINES = [
    json.dumps({"id": "neck", "title": "Neck \"care\"", "author": "Jo",
                "text": "Turn your head slowly.\n\nStop if it hurts, caf\u00e9 or not."},
               ensure_ascii=True),
    '{"id": "broken", "text": oops}',
    "",
    json.dumps({"id": "knee", "html": "<article><h1>Knee</h1><p>Rest the knee &amp; ice it "
                "for twenty minutes.</p></article>", "url": "https://example.org/knee",
                "date": "2024-01-02"}),
    "[1, 2, 3]",
    json.dumps({"id": "nobody"}),
    json.dumps({"id": "neck", "text": "A second article with the same id."}),
    json.dumps({"title": "No id", "text": "Sit tall. Breathe out slowly."}),
]
SOURCE = "\n".join(LINES) + "\n"


def load() -> list[Document | InputProblem]:
    return list(load_source("batch.jsonl", SOURCE.encode(), "jsonl", rules_dir()))


def test_good_lines_load_and_bad_lines_are_named() -> None:
    items = load()
    documents = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [d.id for d in documents] == ["neck", "knee", "batch-8"]
    assert [p.source for p in problems] == ["batch.jsonl:2", "batch.jsonl:5", "batch.jsonl:6",
                                            "batch.jsonl:7"]
    assert "not valid JSON" in problems[0].reason
    assert "duplicate id" in problems[3].reason


def test_fields_and_metadata() -> None:
    neck, knee, no_id = (i for i in load() if isinstance(i, Document))
    assert neck.title == 'Neck "care"'
    assert neck.text.startswith('Neck "care"\n\nTurn your head slowly.')
    assert neck.metadata["author"] == "Jo"
    assert neck.source == "batch.jsonl"
    assert knee.format == "html"
    assert knee.title == "Knee"
    assert knee.metadata["url"] == "https://example.org/knee"
    assert knee.metadata["date"] == "2024-01-02"
    assert "Rest the knee & ice it" in knee.text
    assert no_id.title == "No id"


def test_positions_point_into_the_jsonl_line() -> None:
    lines = SOURCE.split("\n")
    for doc in (i for i in load() if isinstance(i, Document)):
        for index, char in enumerate(doc.text):
            if char.isspace():
                continue
            line, column = doc.source_map.position(index)
            raw = lines[line - 1]
            found = raw[column - 1]
            # A character is itself, or the start of its JSON escape (\" \u00e9) or entity.
            assert found == char or found in "\\&", (doc.id, index, char, found)
    neck = next(i for i in load() if isinstance(i, Document))
    line, column = neck.source_map.position(neck.text.index("Stop if"))
    assert line == 1
    assert lines[0][column - 1:].startswith("Stop if it hurts")
    knee = [i for i in load() if isinstance(i, Document)][1]
    assert knee.source_map.position(knee.text.index("Rest"))[0] == 4


def test_suppressions_in_html_lines_shift_with_the_title() -> None:
    line = json.dumps({"id": "s", "title": "Hip care", "html": (
        "<article><p>Checked paragraph here.</p><!-- medlint-disable-next-line READ-GRADE -->"
        "<p>Quiet paragraph here.</p></article>")})
    doc = next(iter(load_source("s.jsonl", (line + "\n").encode(), "jsonl", rules_dir())))
    assert isinstance(doc, Document)
    start = doc.text.index("Quiet paragraph")
    assert any(s.covers("READ-GRADE", start, start + 5) for s in doc.suppressions)
    checked = doc.text.index("Checked")
    assert not any(s.covers("READ-GRADE", checked, checked + 5) for s in doc.suppressions)


def test_non_english_line_is_a_problem_of_that_line() -> None:
    german = ("Rückenschmerzen sind sehr häufig. Wenn Sie Schmerzen im oberen Rücken haben, "
              "sollten Sie sich zuerst ausruhen und dann mit leichten Übungen beginnen. Die "
              "Übungen werden langsam ausgeführt, und Sie hören auf, wenn der Schmerz stärker "
              "wird.")
    lines = [json.dumps({"id": "en", "text": "Rest the knee and ice it."}),
             json.dumps({"id": "de", "text": german})]
    items = list(load_source("mixed.jsonl", "\n".join(lines).encode(), "jsonl", rules_dir()))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], InputProblem)
    assert items[1].source == "mixed.jsonl:2"
    assert "looks like German" in items[1].reason
