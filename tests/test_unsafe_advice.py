"""Unsafe advice: fires on instructions, not on warnings, myths or other people's habits;
conflicts between attributes respect scope and alternatives."""

from __future__ import annotations

import pytest


def unsafe(result):
    return [f for f in result.findings if f.category == "unsafe-advice"]


def contradictions(result):
    return [f for f in result.findings if f.rule.startswith("INSTR-")]


@pytest.mark.parametrize("text", [
    "Some people bounce, but bouncing can tear muscles.",
    "'No pain, no gain' is a myth.",
    "Never crack your neck yourself.",
    "If you hold your breath while lifting, your blood pressure rises.",
    "Athletes often push through the pain, which is how injuries happen.",
    "Rest until the pain settles.",
])
def test_warnings_and_myths_stay_quiet(audit_text, text):
    assert not unsafe(audit_text(text)), text


def test_suggestion_is_safer_wording(audit_text):
    hits = unsafe(audit_text("Bounce up and down to stretch your hamstrings."))
    assert hits and "without bouncing" in (hits[0].suggestion or "")
    assert hits[0].explanation


def test_either_or_is_no_heat_ice_conflict(audit_text):
    text = "For the first 48 hours, use either ice or heat. Apply ice in the first 48 hours."
    assert not contradictions(audit_text(text))


def test_different_exercises_do_not_conflict(audit_text):
    text = ("Calf raises\n\nStand on a step and rise up quickly.\n\n"
            "Hamstring stretch\n\nSit on the floor and lean forward slowly.")
    assert not [f for f in contradictions(audit_text(text)) if "TEMPO" in f.rule]


def test_general_rule_conflicts_with_an_exercise(audit_text):
    text = ("Do all of these exercises slowly to avoid injury.\n\n"
            "Hamstring stretch\n\nReach for your toes and bounce quickly ten times.")
    assert [f for f in contradictions(audit_text(text)) if f.rule == "INSTR-TEMPO-CONFLICT"]


@pytest.mark.parametrize("text", [
    "It is fine to keep jogging through the pain once you are warm.",
    "Have a partner push your arm back hard until you feel it.",
    "The ache is only stiffness, so keep rowing through it.",
    "If you feel faint or your chest goes tight, keep going.",
    "During the cleanse, double the number of capsules you take.",
    "If your doctor prescribed the tablets, you can simply stop taking them when you feel better.",
])
def test_permission_helpers_and_bare_commands_fire(audit_text, text):
    assert unsafe(audit_text(text)), text


@pytest.mark.parametrize("text", [
    "The clicking is harmless, but you should not try to make your neck crack yourself.",
    "It is not safe to keep running through the pain.",
    "Round your back up towards the ceiling, then let it sag as you lift your head.",
    "Squeeze the soft ball as hard as you can for five seconds.",
    "Do not stop taking a prescribed medicine without talking to your doctor.",
    "If you get a rash, stop taking the tablets and get medical help.",
])
def test_careful_wordings_stay_quiet(audit_text, text):
    assert not unsafe(audit_text(text)), text


def test_carrying_on_through_pain_conflicts_with_stop_if_it_hurts(audit_text):
    text = ("If anything hurts, come out of the pose.\n\n"
            "Keep going even if the tingling in your hand gets worse.")
    rules = {f.rule for f in audit_text(text).findings}
    assert "INSTR-PAIN-GUIDANCE-CONFLICT" in rules


def test_heat_and_ice_in_one_phase_paragraph_conflict(audit_text):
    text = ("For the first two days, wrap a warm towel around the ankle. "
            "Put an ice pack on it every few hours.")
    assert any(f.rule == "INSTR-HEAT-ICE-CONFLICT" for f in audit_text(text).findings)
