"""Instruction segmentation and exercise grouping (pipeline/nlp/components/instructions.py)."""

from __future__ import annotations

import pytest

from pipeline.ingest import document_from_text
from pipeline.nlp.components.instructions import (
    groups_of,
    instruction_heads,
    negated,
    third_party,
)
from pipeline.nlp.model import make_doc


@pytest.fixture
def parse(auditor):
    def run(text: str):
        document = document_from_text(text, auditor.knowledge.directory, id="t")
        return auditor.nlp(make_doc(auditor.nlp, document))

    return run


@pytest.mark.parametrize("text", [
    "Lie on your back.",
    "Now, lower yourself slowly into a sitting position.",
    "You should keep your back straight.",
    "Make sure your forearms are on the floor.",
    "Try to hold the stretch for 20 seconds.",
    "An exercise to correct slouching is to stand with your feet apart.",
    "Rib stretch: stand up tall and breathe in.",
    "If you strain a muscle, put ice on it straight away.",
])
def test_instructions_found(parse, text):
    doc = parse(text)
    assert [s for s in doc.sents if instruction_heads(s)], text
    assert len(doc.spans["instructions"]) >= 1


@pytest.mark.parametrize("text", [
    "Back pain is common in adults.",
    "Some people bounce when they stretch.",
    "Stretching can help loosen the muscles around your spine.",
    "What causes sciatica?",
])
def test_descriptions_are_not_instructions(parse, text):
    doc = parse(text)
    assert not [s for s in doc.sents if instruction_heads(s)], text


def test_groups_follow_headings_and_another_exercise(parse):
    doc = parse(
        "Knee rolls\n\nLie on your back. Roll your knees to one side.\n\n"
        "Another exercise is to kneel on all fours. Arch your back.\n\n"
        "Repeat this exercise five times."
    )
    groups = groups_of(doc)
    texts = [" ".join(s.text for s in g.sentences) for g in groups]
    kneel = next(t for t in texts if "all fours" in t)
    assert "Repeat this exercise" in kneel, "a 'repeat this exercise' paragraph continues"
    assert not any("Lie on your back" in t and "all fours" in t for t in texts)


def test_general_advice_group(parse):
    doc = parse("Do all these exercises slowly and never bounce.\n\nLie on your back.")
    groups = groups_of(doc)
    assert groups[0].general
    assert not groups[-1].general


def test_negation_and_third_party(parse):
    doc = parse("Don't bend your elbows. Some people bounce.")
    first, second = list(doc.sents)
    elbows = [t for t in first if t.lower_ == "elbows"]
    assert negated(elbows)
    bounce = [t for t in second if t.lower_ == "bounce"]
    assert third_party(bounce)


@pytest.mark.parametrize("text", [
    "Keeping your back straight, bend your knees.",
    "Now, still sitting, lift both heels.",
    "Forward bend: from standing, fold forward slowly.",
    "Hinge at the hips and reach for the floor.",
])
def test_participle_and_label_openers(parse, text):
    doc = parse(text)
    assert [s for s in doc.sents if instruction_heads(s)], text


def test_numbered_steps_continue_under_subheadings(parse):
    doc = parse("Getting ready\n\n1. Stand with your feet apart.\n2. Keep your back flat.\n\n"
                "The movement\n\n3. Bend your knees slowly.\n4. Stand up again.")
    groups = groups_of(doc)
    joined = [" ".join(s.text for s in g.sentences) for g in groups]
    assert any("feet apart" in t and "Bend your knees" in t for t in joined), joined


def test_numbered_names_start_new_exercises(parse):
    doc = parse("1. Hamstring stretch.\nSit with one leg straight.\n"
                "2. Calf stretch.\nStand facing a wall.")
    groups = groups_of(doc)
    joined = [" ".join(s.text for s in g.sentences) for g in groups]
    assert not any("one leg straight" in t and "facing a wall" in t for t in joined), joined
