"""Named conditions placed on the wrong side or part of the body (rules/anatomy/conditions.yaml)."""

import pytest

from pipeline.knowledge.anatomy import load_anatomy
from pipeline.nlp.readers.condition_claims import find_conditions, topic_condition


def rules(audit_text, text, detect_title=False):
    return {f.rule for f in audit_text(text, detect_title=detect_title).findings
            if f.category == "anatomy"}


def test_conditions_load_with_sources(knowledge):
    kb = knowledge.load(load_anatomy)
    assert len(kb.conditions) >= 12
    for cond in kb.conditions.values():
        assert cond.ref and kb.cite(cond.ref), cond.id


def test_names_match_without_apostrophe_and_longest_first(knowledge):
    kb = knowledge.load(load_anatomy)
    assert [c for _s, _e, c in find_conditions("My golfers elbow hurts", kb)] == ["golfers_elbow"]
    assert [c for _s, _e, c in find_conditions("a high ankle sprain", kb)] == ["high_ankle_sprain"]
    assert topic_condition("Living with Carpal Tunnel Syndrome", kb) == "carpal_tunnel_syndrome"
    assert topic_condition("Tennis elbow or golfer's elbow?", kb) is None


@pytest.mark.parametrize("text", [
    "Golfer's elbow causes pain on the outer side of the elbow.",
    "With a rolled ankle, the torn ligaments are usually on the inside of the ankle.",
    "Bunions form on the outside edge of the foot, at the little toe.",
    "Lumbar spinal stenosis typically causes tingling in the hands.",
])
def test_wrong_place_fires(audit_text, text):
    assert "ANAT-CONDITION" in rules(audit_text, text)


@pytest.mark.parametrize("text", [
    "Golfer's elbow causes pain on the inner side of the elbow.",
    "Sometimes a sprain affects the inside of the ankle instead.",
    "If the pain is on the inside of the elbow, it is probably golfer's elbow, not tennis elbow.",
    "Lumbar spinal stenosis can cause tingling in the legs and feet.",
    "Bunions are not caused by pain on the outside of the foot.",
])
def test_right_or_qualified_place_is_quiet(audit_text, text):
    assert "ANAT-CONDITION" not in rules(audit_text, text)


def test_title_topic_covers_symptom_sentences(audit_text):
    text = ("Carpal Tunnel Syndrome: What Helps\n\n"
            "The tingling is usually worst in the little finger at night.")
    assert "ANAT-CONDITION" in rules(audit_text, text, detect_title=True)
    careful = ("Carpal Tunnel Syndrome: What Helps\n\n"
               "The tingling is usually worst in the thumb and index finger at night.")
    assert "ANAT-CONDITION" not in rules(audit_text, careful, detect_title=True)
