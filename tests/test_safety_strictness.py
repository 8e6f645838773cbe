"""Recognisers ask for substance (issue 18): a sentence that only mentions risks, denies
them, or says "listen to your body" or "ask your doctor about it" does not satisfy a
requirement; concrete information does."""

from __future__ import annotations

import pytest

MEDICINE = "Turmeric capsules ease stiff knees. Take two 500 mg capsules a day with food. "
STRETCH = ("Try this hamstring stretch. Lie on your back and lift one leg. Hold for 30 seconds "
           "and repeat three times. Do it twice a day. ")


@pytest.mark.parametrize(("text", "expected"), [
    # saying harms are minimal is no medication-safety information, and is itself a finding
    (MEDICINE + "It has hardly any downsides.", {"SAFETY-MEDICATION", "UNSAFE-HARMS-DENIED"}),
    (MEDICINE + "There are almost no risks with these capsules.",
     {"SAFETY-MEDICATION", "UNSAFE-HARMS-DENIED"}),
    # only pointing at risks names none
    (MEDICINE + "Ask your pharmacist about possible risks.", {"SAFETY-MEDICATION"}),
    # a bare "listen to your body" is not stopping if it hurts
    (STRETCH + "Listen to your body.", {"SAFETY-STOP-IF-PAIN-WEAK"}),
    # "ask your doctor about it" says neither when nor why
    (STRETCH + "Ask your doctor about it.", {"SAFETY-SEE-A-PROFESSIONAL-WEAK"}),
])
def test_mentions_without_substance_do_not_satisfy(audit_text, text, expected):
    rules = {f.rule for f in audit_text(text).findings}
    assert expected <= rules, rules


@pytest.mark.parametrize(("text", "absent"), [
    (MEDICINE + "Turmeric can upset your stomach and can interact with blood thinners such as "
     "warfarin.", {"SAFETY-MEDICATION", "SAFETY-MEDICATION-WEAK"}),
    (STRETCH + "Stop straight away if the stretch causes pain.",
     {"SAFETY-STOP-IF-PAIN", "SAFETY-STOP-IF-PAIN-WEAK"}),
    (STRETCH + "Talk to a physiotherapist first if you have had a back injury.",
     {"SAFETY-SEE-A-PROFESSIONAL", "SAFETY-SEE-A-PROFESSIONAL-WEAK"}),
    (STRETCH + "Talk to your doctor about any pain you have.",
     {"SAFETY-SEE-A-PROFESSIONAL", "SAFETY-SEE-A-PROFESSIONAL-WEAK"}),
    # harms said to be rare are information, not a denial
    (MEDICINE + "Side effects are rare but can include an upset stomach.",
     {"UNSAFE-HARMS-DENIED"}),
    ("Most people have no side effects from the flu vaccine.", {"UNSAFE-HARMS-DENIED"}),
])
def test_concrete_information_satisfies(audit_text, text, absent):
    rules = {f.rule for f in audit_text(text).findings}
    assert not (absent & rules), rules
