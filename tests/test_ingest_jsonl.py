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
