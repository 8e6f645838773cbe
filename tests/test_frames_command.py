"""``medlint frames``: the claim frames of every sentence, as text or JSON, for txt, md, html
and jsonl input (issue 14)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ADVICE = "Take ibuprofen with food. Do not take more than 1200 mg a day."
WRONG = "The liver sits on the left side of your belly."


@pytest.fixture
def frames(nlp, monkeypatch, tmp_path):
    """Run ``medlint frames`` with the session's spaCy model; returns (exit code, output)."""
    monkeypatch.setattr("pipeline.nlp.model.load_pipeline", lambda *a, **k: nlp)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, ["frames", *args], catch_exceptions=False)
        return result.exit_code, result.output
    return run


def _inputs(tmp_path):
    (tmp_path / "a.txt").write_text(f"Back care\n\n{ADVICE}\n\n{WRONG}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"# Back care\n\n- {ADVICE}\n\n**{WRONG}**\n",
                                   encoding="utf-8")
    (tmp_path / "c.html").write_text(
        f"<html><head><title>Back care</title></head><body><article><h1>Back care</h1>"
        f"<p>{ADVICE}</p><p>{WRONG}</p></article></body></html>", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"id": "d1", "title": "Back care", "text": f"{ADVICE} {WRONG}"}) + "\n"
        + json.dumps({"id": "d2", "text": "Rest your back for a day."}) + "\n",
        encoding="utf-8")
    return ["a.txt", "b.md", "c.html", "d.jsonl"]


def test_json_form_for_every_input_format(frames, tmp_path):
    code, out = frames(*_inputs(tmp_path), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["schema_version"]
    articles = data["articles"]
    assert len(articles) == 5  # one per file, two in the jsonl
    assert {"d1", "d2"} <= {a["id"] for a in articles}
    for article in articles[:4]:
        found = {(f["type"], f["text"]) for s in article["sentences"] for f in s["frames"]}
        types = {t for t, _ in found}
        assert {"Advice", "Quantity", "Relation"} <= types, (article["id"], found)
        for sentence in article["sentences"]:
            assert {"index", "start", "end", "line", "column", "text", "frames"} <= set(sentence)
            for frame in sentence["frames"]:
                assert {"type", "start", "end", "text", "sentence", "slots",
                        "context"} <= set(frame)
                assert frame["sentence"] == sentence["index"]
                # the frame's words are the sentence's words at its offsets
                offset = frame["start"] - sentence["start"]
                assert sentence["text"][offset:offset + len(frame["text"])] == frame["text"]
                for slot in frame["slots"].values():
                    if isinstance(slot, dict) and "start" in slot:
                        inner = slot["start"] - sentence["start"]
                        assert sentence["text"][inner:inner + len(slot["text"])] == slot["text"]


def test_slots_and_context_in_json(frames, tmp_path):
    _inputs(tmp_path)
    code, out = frames("a.txt", "--format", "json", "--type", "Advice")
    assert code == 0
    advice = [f for s in json.loads(out)["articles"][0]["sentences"] for f in s["frames"]]
    assert {f["type"] for f in advice} == {"Advice"}
    polarities = {f["slots"]["topic"]["text"]: f["slots"]["polarity"] for f in advice}
    assert polarities.get("ibuprofen") == "do"
    assert "avoid" in polarities.values()  # "Do not take more than 1200 mg a day"
    relation_code, relation_out = frames("a.txt", "--format", "json", "--type", "Relation")
    assert relation_code == 0
    relations = [f for s in json.loads(relation_out)["articles"][0]["sentences"]
                 for f in s["frames"]]
    assert any(f["slots"].get("subject", {}).get("text") == "liver" for f in relations)


def test_text_form_lists_frames_with_line_and_column(frames, tmp_path):
    _inputs(tmp_path)
    code, out = frames("b.md")
    assert code == 0
    assert "Advice" in out and "Relation" in out
    assert "3:3" in out  # the list item's line and column in the Markdown source


def test_negated_and_hedged_context_is_shown(frames, tmp_path):
    (tmp_path / "n.txt").write_text(
        "It is a myth that the liver sits on the left. Ibuprofen may help some people.\n",
        encoding="utf-8")
    code, out = frames("n.txt", "--format", "json")
    assert code == 0
    contexts = {f["type"]: set(f["context"]) for s in json.loads(out)["articles"][0]["sentences"]
                for f in s["frames"]}
    assert "myth" in contexts.get("Relation", set())
    assert "hedged" in contexts.get("Evaluation", set())


def test_missing_file_is_a_usage_error(frames):
    code, out = frames("nothing-here.txt")
    assert code != 0
    assert "nothing-here.txt" in out
