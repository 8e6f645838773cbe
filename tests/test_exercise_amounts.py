"""Repetitions, sets, hold times and frequency: conflicting amounts for the same exercise
are found; ranges, progressions, phases, choices and different exercises stay quiet."""

from __future__ import annotations

import pytest

AMOUNT_RULES = ("INSTR-REPS-CONFLICT", "INSTR-FREQUENCY-CONFLICT", "INSTR-HOLD-CONFLICT")


def amount_findings(result):
    return [f for f in result.findings if f.rule in AMOUNT_RULES]


@pytest.mark.parametrize("text", [
    # the same exercise in a step and in a summary list
    "Hamstring curl: stand holding a chair and bend one knee. Do 10 repetitions.\n\n"
    "Quick plan\n\nHamstring curl: 30 repetitions",
    # a rule for every exercise against one exercise
    "Do every exercise 6 times.\n\nShoulder roll: roll your shoulders back. Repeat 25 times.",
    # sets and reps
    "Step-up: step onto the bottom stair and down again. Do 2 sets of 8.\n\n"
    "Summary\n\nStep-up: 5 sets of 20",
    # how often the routine is done
    "Do this routine every day, morning and evening.\n\n"
    "Do the routine no more than once a week so the joint can rest.",
    "Do these exercises three times a day.\n\nDo the exercises once a week.",
    # hold times far apart
    "Hold each stretch for 5 seconds.\n\nQuad stretch: pull your heel to your bottom. "
    "Hold for 60 seconds.",
])
def test_conflicting_amounts_fire(audit_text, text):
    hits = amount_findings(audit_text(text))
    assert hits, text
    assert hits[0].related and hits[0].explanation and hits[0].suggestion


@pytest.mark.parametrize("text", [
    "Do 8 to 12 repetitions of each exercise.\n\nSquat: bend your knees. Do 10 repetitions.",
    "Bridge: lift your hips. Start with 5 repetitions and build up to 20.",
    "Bridge: lift your hips. Do 5 repetitions in the first week. After that, do 20.",
    "Do the exercises once or twice a day.",
    "Hold for 20 to 30 seconds. Hold each stretch for 30 seconds.",
    # different exercises, different amounts
    "Bridge: lie on your back and lift your hips. Do 5 repetitions.\n\n"
    "Marching: lift one knee, then the other. Do 30 repetitions.",
    "Do the calf stretch every day. Do the strengthening exercise twice a week.",
    # a different movement inside one exercise
    "Sit on a chair and point your foot 20 times. Then circle your ankle 5 times.",
    # either/or and audience
    "Either do 10 repetitions or hold the position for 30 seconds.",
    "Beginners: do 5 repetitions. Advanced: do 20 repetitions.",
    # numbered exercises, each named before a colon (a name in brackets included), each with
    # its own count, a bare row under a name belonging to that exercise
    "1. Toe taps (seated): tap your toes on the floor. Repeat 25 times.\n"
    "2. Knee squeeze (static quads): tighten your thigh. Repeat 6 times.\n",
    "1. Toe curls: curl your toes under. 25 slow repetitions.\n"
    "2. Step-ups: step onto a low stair and back down. Repeat 6 times.\n",
])
def test_consistent_or_scoped_amounts_stay_quiet(audit_text, text):
    assert not amount_findings(audit_text(text)), text


def test_reading_amounts(knowledge, nlp):
    from pipeline.nlp.readers.exercise_amounts import load_amounts, read_amounts

    spec = load_amounts(knowledge.directory)
    doc = nlp("Do 3 sets of 10 to 12 reps twice a day and hold for a full minute.")
    found = {(a.kind, a.low, a.high) for a in read_amounts(doc[:], spec, 0, False,
                                                           frozenset(), False)}
    assert ("sets", 3, 3) in found
    assert ("reps", 10, 12) in found
    assert ("frequency", 14, 14) in found
    assert ("hold", 60, 60) in found
