"""JSONL files are read one line at a time: each article is mapped against its own line, so
memory does not grow with the file, and positions still point at the right line/column."""

import json

from pipeline.ingest import InputProblem, iter_documents


def test_streamed_lines_map_to_their_own_line(tmp_path, knowledge):
    path = tmp_path / "a.jsonl"
    records = [{"id": f"r{i}", "title": f"T{i}", "text": f"Line {i} says the knee bends."}
               for i in range(5)]
    lines = [json.dumps(r) for r in records]
    lines.insert(2, "{broken")
    lines.insert(4, json.dumps({"id": "x", "text": "caf\u00e9 \u2028 knee bends here."},
                               ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([str(path)], knowledge.directory))
    problems = [i for i in items if isinstance(i, InputProblem)]
    documents = [i for i in items if not isinstance(i, InputProblem)]
    assert [p.source for p in problems] == [f"{path}:3"]
    assert [d.id for d in documents] == ["r0", "r1", "r2", "x", "r3", "r4"]
    source_lines = path.read_text(encoding="utf-8").split("\n")
    for document in documents:
        offset = document.text.index("knee")
        line, column = document.source_map.position(offset)
        assert source_lines[line - 1][column - 1:column + 3] == "knee"
        assert len(document.source_map._line_starts) <= 2  # its own line only


def test_invalid_utf8_line_is_reported_and_others_load(tmp_path, knowledge):
    path = tmp_path / "b.jsonl"
    good = json.dumps({"id": "g", "text": "The knee bends and straightens."}).encode()
    path.write_bytes(good + b"\n" + b'{"id": "bad", "text": "\xff\xfe"}\n' + good.replace(
        b'"g"', b'"h"') + b"\n")
    items = list(iter_documents([str(path)], knowledge.directory))
    assert [getattr(i, "id", None) for i in items] == ["g", None, "h"]
    assert items[1].code == "encoding" and items[1].source.endswith(":2")
