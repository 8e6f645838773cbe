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


@pytest.mark.parametrize(("text", "position"), [
    ("Get down on the floor on your tummy.", "prone"),
    ("Roll onto your back and relax.", "supine"),
    ("Turn onto your side with your knees bent.", "side_lying"),
    ("Come up onto your hands and knees.", "all_fours"),
    ("Get onto your knees.", "kneeling"),
    ("Lie face-down on the bed.", "prone"),
    ("Kneel and sit back on your heels.", "heel_sitting"),
    ("Still sitting, walk on your heels across the room.", "walking"),
    ("Stand on your injured leg.", "single_leg_stand"),
    ("Kneel on a cushion.", "kneeling"),
])
def test_lay_wording_of_positions(nlp, knowledge, text, position):
    from pipeline.checks.posture import read_positions

    loaded = knowledge.load(load_instructions)
    found = [p.id for s in nlp(text).sents for p in read_positions(s, loaded)]
    assert position in found, (text, found)


@pytest.mark.parametrize("text", [
    "Turn your head to the side.",
    "Put a hand on your stomach and breathe in.",
    "Do ten sit-ups.",
    "Some people lie on their stomach to sleep.",
    "Roll your shoulders back.",
])
def test_no_position_read(nlp, knowledge, text):
    from pipeline.checks.posture import read_positions

    loaded = knowledge.load(load_instructions)
    assert not [p.id for s in nlp(text).sents for p in read_positions(s, loaded)], text


@pytest.mark.parametrize(("text", "value"), [
    ("Lower your arm in a slow, smooth movement.", "slow"),
    ("Go slow on the way down.", "slow"),
    ("Do not move too fast.", "quick"),
    ("Staying in bed may slow your recovery.", None),
    ("Long fasts can slow your metabolism.", None),
])
def test_tempo_words_are_read_as_tempo_only_as_adjectives_or_adverbs(nlp, knowledge, text,
                                                                     value):
    tempo = next(a for a in load_instructions(knowledge.directory).attributes
                 if a.spec.id == "tempo")
    doc = nlp(text)
    found = {value.id for value in tempo.values if any(cue.find(doc) for cue in value.cues)}
    assert found == ({value} if value else set()), found
