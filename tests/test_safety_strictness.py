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
    # what a lack of the nutrient does is no harm of taking it
    (MEDICINE + "Low turmeric levels have been linked to stiff joints.", {"SAFETY-MEDICATION"}),
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
    # a harm the medicine can do, in any wording, names a side effect
    (MEDICINE + "Turmeric capsules can make the stomach churn in some people.",
     {"SAFETY-MEDICATION", "SAFETY-MEDICATION-WEAK"}),
    # timing against other medicines is an interaction
    (MEDICINE + "Do not take them within two hours of other medicines.",
     {"SAFETY-MEDICATION", "SAFETY-MEDICATION-WEAK"}),
    # harms said to be rare are information, not a denial
    (MEDICINE + "Side effects are rare but can include an upset stomach.",
     {"UNSAFE-HARMS-DENIED"}),
    ("Most people have no side effects from the flu vaccine.", {"UNSAFE-HARMS-DENIED"}),
])
def test_concrete_information_satisfies(audit_text, text, absent):
    rules = {f.rule for f in audit_text(text).findings}
    assert not (absent & rules), rules


DIABETES = ("Type 2 diabetes means your blood sugar runs high. Diabetes can damage the eyes "
            "and the feet over time. Diabetes often runs in families. Swap sugary drinks for "
            "water. Eat vegetables with every meal. Diabetes is easier to live with when you "
            "eat at regular times.\n\n")


def test_diet_advice_for_a_condition_with_emergencies_needs_warning_signs(audit_text):
    rules = {f.rule for f in audit_text(DIABETES).findings}
    assert "SAFETY-RED-FLAGS" in rules, rules


@pytest.mark.parametrize("signs", [
    # the signs in a list before the paragraph that takes them up ("any of these")
    "You may notice these warning signs:\n\n- feeling very drowsy\n- fast, deep breathing\n"
    "- being sick\n\nWarning signs can come on fast. If you have any of these warning signs, "
    "call 999 straight away.\n",
    # a help sentence that opens a list, after another sentence of its paragraph
    "Your diabetes nurse can help with meals. Get medical help straight away if:\n\n"
    "- you feel very drowsy or confused\n- your breathing is fast and deep\n",
    # the signs in the sentence before, in the same paragraph
    "If you ever become very drowsy or confused, or breathe fast and deep, nobody should "
    "give you food. They should call 999.\n",
])
def test_warning_signs_taken_up_from_a_list_or_the_sentence_before(audit_text, signs):
    rules = {f.rule for f in audit_text(DIABETES + signs).findings}
    assert not {"SAFETY-RED-FLAGS", "SAFETY-RED-FLAGS-WEAK"} & rules, rules


@pytest.mark.parametrize("doses", [
    "Children under 12 are usually given a 250 mg capsule instead.",
    "Smaller children are prescribed the 0.15 mg pen, larger children the 0.3 mg one.",
    "People with kidney disease usually take 250 mg, half the usual amount.",
])
def test_a_dose_for_a_group_that_needs_care_is_special_population_information(
        audit_text, doses):
    rules = {f.rule for f in audit_text(MEDICINE + doses).findings}
    assert not rules & {"SAFETY-SPECIAL-POPULATIONS", "SAFETY-SPECIAL-POPULATIONS-WEAK"}, rules


def test_a_dose_for_every_adult_is_no_special_population_information(audit_text):
    rules = {f.rule for f in audit_text(MEDICINE + "Most adults take 500 mg.").findings}
    assert rules & {"SAFETY-SPECIAL-POPULATIONS", "SAFETY-SPECIAL-POPULATIONS-WEAK"}, rules
