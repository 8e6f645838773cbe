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
