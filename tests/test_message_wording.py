"""What a finding says reads as English in every editor-facing field (issue 17: "7
(vertebra)", "on the middle", double full stops, "The hamstrings does not lie"): the message,
the explanation and the suggestion of findings on sentences that gave such slips."""

from __future__ import annotations

import re

import pytest

from tests.test_rule_examples import message_slips

# slips in any field, beyond those message_slips checks in messages
FIELD_SLIPS = [
    (re.compile(r"\b(?:has|have|are) \d+ \([a-z]+\)"), "a count with its noun in brackets"),
    (re.compile(r"\bon the middle\b"), "'on the middle'"),
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "double full stop"),
    (re.compile(r"\b(?:the|your)\s+(?:adductors|hamstrings|quadriceps muscles|abdominals|"
                r"glutes|lungs|kidneys)\s*:?\s+(?:is|lies|has|does)\b", re.I),
     "a plural subject with a singular verb"),
    (re.compile(r"\bthe pancreas are\b|\bthe pancreas\b[^.;]*\bthey are\b", re.I),
     "'pancreas' taken for a plural"),
]


def field_slips(text: str) -> list[str]:
    return [why for pattern, why in FIELD_SLIPS if pattern.search(text)]


CASES = [
    pytest.param("ANAT-COUNT", "The lumbar spine has 7 vertebrae.", id="count"),
    pytest.param("ANAT-LATERALITY", "The heart is on the right side of the chest.",
                 id="laterality"),
    pytest.param("ANAT-LATERALITY", "The pancreas is on the right side of the body.",
                 id="laterality-pancreas"),
    pytest.param("ANAT-LOCATION", "The adductors are on the outside of the thigh.",
                 id="location-plural"),
    pytest.param("ANAT-LOCATION", "The hamstrings are at the front of the thigh.",
                 id="location-hamstrings"),
    pytest.param("UNSAFE-UNTIL-PAIN-STOPS",
                 "Lie on your back and keep going until the pain stops.", id="unsafe-source"),
]


@pytest.mark.parametrize(("rule", "sentence"), CASES)
def test_every_field_of_the_finding_reads_as_english(audit_text, rule, sentence):
    findings = [f for f in audit_text(sentence).findings if f.rule == rule]
    assert findings, f"{rule} gives no finding on {sentence!r}"
    slips = []
    for finding in findings:
        slips += [("message", s) for s in message_slips(finding.message)]
        for field in ("message", "explanation", "suggestion"):
            value = getattr(finding, field) or ""
            slips += [(field, s, value) for s in field_slips(value)]
    assert not slips, slips


@pytest.mark.parametrize(("text", "slip"), [
    ("Wrong number: the lumbar spine has 5 (vertebra), not 7.", "brackets"),
    ("The heart is on the middle, slightly to the left.", "middle"),
    ("Source: NHS, stop if an exercise makes the pain worse..", "full stop"),
    ("Say that the adductors is on the inside.", "plural"),
    ("The pancreas are not on the right side.", "pancreas"),
])
def test_the_slips_are_caught(text, slip):
    assert any(slip in s for s in field_slips(text)), field_slips(text)


@pytest.mark.parametrize("text", [
    "Wrong number: the lumbar spine has 5 vertebrae, not 7.",
    "The heart is in the middle, slightly to the left.",
    "Source: NHS, stop if an exercise makes the pain worse.",
    "Add a disclosure (\"This article is sponsored by ...\") near the top.",
    "Say that the pancreas is in the middle, slightly to the left of the body.",
    "Rotate your wrists 10 (ten) times.",
])
def test_good_wording_passes(text):
    assert field_slips(text) == [], field_slips(text)
