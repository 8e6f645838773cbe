"""rules/instructions/ loads, and every id it uses is known."""

from __future__ import annotations

import importlib.util

import pytest

from pipeline.knowledge.instructions import compile_cue, load_instructions


def test_instructions_load(knowledge):
    loaded = knowledge.load(load_instructions)
    assert {p.id for p in loaded.positions} >= {"standing", "prone", "supine", "all_fours"}
    assert "forearms_on_floor" in loaded.states
    rules = {p.spec.rule for p in loaded.patterns} | {a.spec.rule for a in loaded.attributes}
    for rule in rules:
        assert rule in knowledge.catalog, rule


def test_unknown_lexicon_is_an_error():
    from pipeline.knowledge.loader import KnowledgeError

    with pytest.raises(KnowledgeError):
        compile_cue("@nosuchthing floor", {})


def test_cue_matches_lemmas_with_gaps(nlp):
    cue = compile_cue("lie|lay on stomach", {})
    assert cue.find(nlp("Lay flat on your stomach."))
    assert not cue.find(nlp("Lie down. Rest your stomach."))


def test_body_part_ids_exist_in_anatomy_kb(knowledge):
    if importlib.util.find_spec("pipeline.knowledge.anatomy") is None:
        pytest.skip("the anatomy KB (pipeline/knowledge/anatomy.py) is not there yet")
    from pipeline.knowledge import anatomy

    loader = getattr(anatomy, "load_anatomy", None)
    if loader is None:
        pytest.skip("pipeline.knowledge.anatomy has no load_anatomy()")
    try:
        kb = knowledge.load(loader)
    except Exception as exc:  # the other engineer's KB may be mid-change
        pytest.skip(f"anatomy KB does not load: {exc}")
    parts = set(knowledge.load(load_instructions).body_parts)
    missing = sorted(part for part in parts if part not in kb)
    assert not missing, f"body parts not in the anatomy KB: {missing}"
