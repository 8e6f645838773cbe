"""Posture tracking: impossible positions and conflicting steps, and the seed article."""

from __future__ import annotations

import pytest

from tests.conftest import REPO

SEED = (REPO / "corpus" / "articles" / "seed-upper-back-pain.txt")


def rules_of(result, prefix):
    return [f for f in result.findings if f.rule.startswith(prefix)]


@pytest.mark.parametrize("text", [
    "Stand tall and put your forearms on the floor.",
    "Lie face down with your knees tucked into your chest.",
    "Get down on all fours with your back flat on the floor.",
    "Sit cross-legged on the floor with both legs straight out in front of you.",
    "Lie on your back. Press your chest firmly into the floor.",
])
def test_impossible(audit_text, text):
    hits = rules_of(audit_text(text), "POSTURE-IMPOSSIBLE")
    assert hits, text
    assert hits[0].category == "anatomy"


@pytest.mark.parametrize("text", [
    "Stand tall. Bend forward and let your hands touch the floor.",
    "Lie on your back and hug both knees to your chest.",
    "Lie on your stomach and prop yourself up on your forearms.",
    "Lie on your back with your knees bent and feet flat. Pull one knee towards your chest.",
    "Kneel on one knee with the other foot flat on the floor in front.",
])
def test_possible(audit_text, text):
    assert not rules_of(audit_text(text), "POSTURE"), text


def test_conflict_has_both_spans(audit_text):
    result = audit_text("Lie on your back. Keep your head on the floor at all times. "
                        "Now lift your head and shoulders off the floor.")
    hits = rules_of(result, "POSTURE-CONFLICT")
    assert hits and hits[0].category == "contradiction"
    assert hits[0].related and "head on the floor" in hits[0].related[0].quote


def test_release_word_ends_the_hold(audit_text):
    result = audit_text("Lie on your back. Keep your head on the floor for 5 seconds. "
                        "Then lift your head off the floor.")
    assert not rules_of(result, "POSTURE-CONFLICT")


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_article(audit_text):
    result = audit_text(SEED.read_text(encoding="utf-8"))
    quotes = {f.rule: [] for f in result.findings}
    for f in result.findings:
        quotes[f.rule].append(f.quote or "")
    impossible = " ".join(quotes.get("POSTURE-IMPOSSIBLE", []))
    assert "forearms are on the floor" in impossible
    assert "on your stomach with your knees up against your chest" in impossible
    assert any("up to the forearms" in q for q in quotes.get("POSTURE-CONFLICT", []))
    tempo = [f for f in result.findings if f.rule == "INSTR-TEMPO-CONFLICT"]
    spans = " ".join([f.quote or "" for f in tempo] + [r.quote for f in tempo for r in f.related])
    assert "quick movements" in spans and "slow, steady movement" in spans
    until = " ".join(quotes.get("UNSAFE-UNTIL-PAIN-STOPS", []))
    assert "until the pain stops" in until and "until the back pain is relieved" in until


# --- lay wording, participles, "with your X on Y", pronouns, transitions ----------------

@pytest.mark.parametrize("text", [
    "Lie face down on the bed with your heels pressed down into the mattress.",
    "Kneel and sit back on your heels. Push your tailbone down into the mat and hold.",
    "Holding the back of a chair, keep both feet flat on the floor and raise your left leg "
    "out to the side.",
    "On your hands and knees, keeping both knees on the mat, extend your right leg straight "
    "back behind you.",
    "While keeping your toes flat on the floor, grab a tea towel with your toes.",
    "Make a tight fist. Without opening your hand, fan your fingers out wide.",
    "Keeping your chest resting on your thighs, stand up tall.",
    "Lean forward until your chest rests on your knees, keeping your back pressed against "
    "the wall.",
    "Lift your right heel as high as you can while keeping it flat on the floor.",
    "Lie on your back and hug both knees to your chest. Keeping your feet flat on the floor, "
    "rock from side to side.",
    "Lie on your back with a foam roller under the outside of your thigh.",
])
def test_impossible_kinds(audit_text, text):
    assert rules_of(audit_text(text), "POSTURE-IMPOSSIBLE"), text


@pytest.mark.parametrize("text", [
    "Lie face down with your toes resting on the mattress.",
    "Kneel and sit back on your heels. Breathe slowly into your lower back.",
    "Holding a chair, keep one foot flat on the floor and raise the other leg out to the side.",
    "On your hands and knees, extend your right leg straight back behind you, keeping your "
    "left knee on the mat.",
    "Keeping your toes flat on the floor, lift the arches of your feet.",
    "Make a fist. Then open your hand and spread your fingers wide.",
    "Sit with your chest resting on your thighs. Slowly roll up to sit tall.",
    "Lift your right heel as high as you can, then lower it flat to the floor.",
    "Lie on your side with a foam roller under the outside of your thigh.",
    "Step your left foot back, keeping that leg straight. Bend your front knee and lean "
    "forward.",
    "Curl your toes under, then spread them out flat on the floor.",
    "Stand holding a chair. Lift one leg out to the side, keeping the other foot flat on the "
    "floor.",
])
def test_possible_kinds(audit_text, text):
    assert not rules_of(audit_text(text), "POSTURE"), text


@pytest.mark.parametrize("text", [
    "Sit on a chair with your feet flat on the floor. Still sitting, walk forwards across "
    "the room.",
    "Stand on a low step with your heels flat on the step. Now drop your heels below the step.",
    "Lie on your back on the mat. Keep standing with your feet together.",
    "Stand facing a worktop. Keeping your hands on the worktop, lie down on the floor.",
    "Kneel on a cushion. Remain seated and turn your head slowly.",
    "Lie on your back on the mat. While standing, lift your right knee.",
    "While lying on your back, stand up and walk across the room.",
])
def test_transition(audit_text, text):
    hits = rules_of(audit_text(text), "POSTURE-TRANSITION")
    assert hits, text
    assert hits[0].category == "contradiction"


@pytest.mark.parametrize("text", [
    "Sit on a chair. Then stand up and walk across the room.",
    "Stand on a step with the balls of your feet on the edge. Lower your heels below the step.",
    "Stand facing a wall with your hands on it. Keep standing tall and breathe.",
    "Lie on your back with your knees bent. Keep lying still and relax.",
    "Sit on the floor next to a wall and place your hands on the wall.",
    "Stand on one leg. Keep standing on that leg for 20 seconds.",
    "Sit on a chair. While sitting, lift your right knee.",
    "Stand facing a wall. While standing, place your hands on the wall.",
])
def test_no_transition(audit_text, text):
    assert not rules_of(audit_text(text), "POSTURE"), text


def test_transition_names_both_steps(audit_text):
    result = audit_text("Stand on a box with your heels planted on it. "
                        "Now lower your heels below the edge of the box.")
    hits = rules_of(result, "POSTURE-TRANSITION")
    assert hits and hits[0].related
    assert "heels planted" in hits[0].related[0].quote
    assert hits[0].suggestion


@pytest.mark.parametrize("text", [
    "Safety rules\n\nDo not cross your legs.\n\nPiriformis stretch\n\nSit on a chair and "
    "cross your right ankle over your left knee.",
    "Never bend your hip past 90 degrees.\n\nKnee hug\n\nLie on your back and pull your "
    "left knee up to your chest.",
    "Lie on your stomach. Do not let your knees touch the floor. Rest both knees on the floor "
    "and relax.",
    "Kneel on all fours. Don't arch your back. Arch your back and look up at the ceiling.",
    "Sit on a stool. Never lift your feet off the floor. Lift your left foot and hold.",
])
def test_prohibited_state_asked_for_later(audit_text, text):
    assert rules_of(audit_text(text), "POSTURE-CONFLICT"), text


@pytest.mark.parametrize("text", [
    "Do not cross your legs.\n\nSit on a chair with both feet flat on the floor.",
    "Kneel on all fours. Don't arch your back. Then, once that is easy, arch your back gently.",
    "Never bend your hip past 90 degrees.\n\nLie on your back and slide one heel towards "
    "your bottom.",
    "Some people cross their legs when they sit. Sit with both feet flat on the floor.",
    "Sit on a stool. Never lift your feet off the floor. Tap your toes on the floor.",
    "Do not cross your legs or ankles. If your knee hurts, stop the exercise.",
])
def test_prohibition_quiet(audit_text, text):
    assert not rules_of(audit_text(text), "POSTURE"), text


def test_paragraph_without_a_start_of_its_own_continues_the_exercise(audit_text):
    text = ("Lie on your stomach with a cushion under your hips.\n\n"
            "Pull both knees in to your chest and rock gently.")
    assert rules_of(audit_text(text), "POSTURE-IMPOSSIBLE")


@pytest.mark.parametrize("second", [
    "Knee hug: pull both knees in to your chest and rock gently.",
    "Turn onto your back, then pull both knees in to your chest.",
    "For the next stretch, pull both knees in to your chest.",
])
def test_paragraph_that_starts_an_exercise_is_separate(audit_text, second):
    text = "Lie on your stomach with a cushion under your hips.\n\n" + second
    assert not rules_of(audit_text(text), "POSTURE-")


def test_keep_step_against_the_step_before(audit_text):
    text = "Sit on the bench with your elbows straight. Keep your elbows bent as you lean back."
    hits = rules_of(audit_text(text), "POSTURE-CONFLICT")
    assert hits and hits[0].related
