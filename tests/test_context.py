"""Assertion context (rules/context/context.yaml): which words make a statement negated,
hypothetical, hedged, reported or a debunked myth, and where that reach ends."""

from __future__ import annotations

import pytest

from pipeline.knowledge import rules_dir
from pipeline.nlp.context import load_context, modifiers

CASES = [
    # (sentence, words of the statement, modifier expected or None for a plain assertion)
    ("The kidneys are not at the front of the abdomen.", "at the front", "negated"),
    ("It's untrue that the spleen sits on the right.", "spleen sits on the right", "negated"),
    ("It is false that adults have 300 bones.", "adults have 300 bones", "negated"),
    ("If the pain spreads to your arm, call 999.", "pain spreads", "hypothetical"),
    ("The ache may come from the facet joints.", "facet joints", "hedged"),
    ("People often say the heart is on the far left.", "heart is on the far left", "reported"),
    ("Some runners sometimes say the shin bone is the fibula.", "shin bone is the fibula",
     "reported"),
    ("It may seem as though the liver is on the left, yet it lies under the right ribs.",
     "liver is on the left", "reported"),
    ("It is a myth that cracking your knuckles causes arthritis.", "causes arthritis", "myth"),
    ("'No pain, no gain' is outdated advice after a sprain.", "No pain, no gain", "myth"),
    ("Contrary to popular belief, the heart sits near the middle of the chest.",
     "heart sits", "myth"),
    # where the reach ends: the clause after "yet" or "but" is asserted again
    ("It may seem as though the liver is on the left, yet it lies under the right ribs.",
     "lies under the right ribs", None),
    ("People sometimes say the coccyx is at the top, but the tailbone is at the bottom.",
     "tailbone is at the bottom", None),
    ("The gallbladder sits under the liver.", "gallbladder sits", None),
    # a comma and "so" start a clause of its own: the hedge stays behind
    ("A cold is rarely serious, so rest at home with plenty of fluids.", "rest at home", None),
    ("A cold is rarely serious, so rest at home with plenty of fluids.", "serious", "hedged"),
]


@pytest.fixture(scope="module")
def context():
    return load_context(rules_dir())


@pytest.mark.parametrize(("sentence", "words", "expected"), CASES)
def test_modifiers(nlp, context, sentence: str, words: str, expected: str | None) -> None:
    doc = nlp(sentence)
    start = sentence.index(words)
    span = doc.char_span(start, start + len(words), alignment_mode="expand")
    assert span is not None
    found = modifiers(span, context)
    if expected is None:
        assert not found, found
    else:
        assert expected in found, found
