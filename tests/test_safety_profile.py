"""Topic profile precision: what counts as self-care advice, and what only describes.

Each case pairs a description (no safety finding expected for the kind) with the self-care
advice it resembles (the kind is required), so the profile is tested on both sides.
"""

from __future__ import annotations

import pytest


def _kinds(result):
    return {f.kind for f in result.findings if f.category == "safety"}


MEDICINE_KINDS = {"medication-safety", "special-populations"}


@pytest.mark.parametrize("text", [
    # clinician-managed treatment, described
    "Cystic fibrosis damages the lungs. Your doctor may prescribe inhaled antibiotics.\n\n"
    "Anti-inflammatory medicines can help reduce swelling in your airways. These medicines "
    "may be inhaled or oral.",
    "Gestational diabetes raises blood sugar in pregnancy.\n\nIf diet is not enough, you "
    "may need to take a medicine called insulin. Your health care team will show you how "
    "to give yourself insulin shots.",
    # a remedy the article tells readers to avoid
    "Palpitations are often harmless.\n\nAvoid medicines that act as stimulants, such as "
    "cold medicines and some herbal supplements.",
    # a list that continues a descriptive clause
    "Some people are more likely than others to have palpitations. People at increased "
    "risk include those who:\n\n- Have anxiety or panic attacks\n\n- Take certain "
    "medicines or stimulants",
    # a remedy reported with doubt
    "Diverticulosis is common after 60. Although more research is needed, probiotics may "
    "help reduce the symptoms.",
    # a medicine in a relative clause, as a cause
    "Dry mouth raises the risk of gum disease. There are hundreds of medications that can "
    "reduce the flow of saliva.",
    # a nutrient limit, prescribed medicines, a reported study
    "Heart disease is common. Try to eat no more than 2,300 milligrams of sodium a day.",
    "Diabetes raises the risk of heart disease.\n\n- Take your medicines as prescribed.\n\n"
    "- Keep your blood pressure down.",
    "Diabetes raises the risk of heart disease. Studies have shown that taking a low dose of "
    "aspirin every day can help reduce your risk of a stroke.",
    # a pointer to another page
    "Meal prep saves time on busy days. Pro tip: learn more about how protein supplements "
    "can help you get the most out of your workouts.",
])
def test_descriptions_of_treatment_need_no_medicine_warnings(audit_text, text):
    assert not MEDICINE_KINDS & _kinds(audit_text(text))


@pytest.mark.parametrize("text", [
    "Back pain often eases with simple steps. Take ibuprofen three times a day. Keep "
    "moving as much as you can.",
    "Stiff joints are common. Turmeric supplements can help ease the stiffness. Take one "
    "capsule with breakfast.",
    "For bad days, you can take paracetamol as well. Rest the joint when you can.",
    "Pain pills like aspirin or ibuprofen can help control mild bladder pain.",
])
def test_self_care_medicine_advice_needs_warnings(audit_text, text):
    assert _kinds(audit_text(text)) >= MEDICINE_KINDS


def test_one_dense_sentence_does_not_make_the_topic(audit_text):
    filler = " ".join(f"Sleep apnea fact number {n} is about breathing at night." for n in
                      range(10))
    text = (filler + "\n\nYou can sleep with special pillows that keep you off your back. "
            "If the machine is not adjusted, you may get stomach bloating and discomfort.")
    profile = audit_text(text).scores["safety_profile"]
    assert "abdomen" not in profile["target_groups"]


@pytest.mark.parametrize("sentence, present", [
    ("Classic pain is a sharp ache on the outside of the knee, easing when you stop.", False),
    ("The ache usually eases when the runner stops.", False),
    ("Stop when you feel pain.", True),
    ("Try easing off if you feel a sharp pain.", True),
    ("Rest as soon as leg symptoms start.", True),
])
def test_stop_if_pain_must_be_advice_to_the_reader(audit_text, sentence, present):
    text = ("Tight hips are common in runners. Lie on your side with your knees bent. Lift "
            "your top knee and lower it slowly. Repeat ten times. " + sentence)
    kinds = _kinds(audit_text(text))
    assert ("stop-if-pain" not in kinds) is present


def test_hand_exercises_are_instructions(audit_text):
    text = ("Thumb arthritis makes jars hard to open.\n\n1. Thumb circles: rotate the thumb "
            "slowly in circles, five times each way.\n\n2. Touch the tip of your thumb to "
            "the tip of each finger in turn.\n\n3. Squeeze a soft ball for five seconds.")
    assert "stop-if-pain" in _kinds(audit_text(text))


def test_crunchy_food_is_no_exercise(audit_text):
    text = ("Game-day snacks can be light. Enjoy the dip with a cup of cucumber slices and "
            "you will get plenty of tangy crunch without all the calories.")
    assert "exercise" not in audit_text(text).scores["safety_profile"]["advice"]


def test_one_sentence_can_hold_a_whole_exercise(audit_text):
    text = ("Knee osteoarthritis is the most common form of arthritis. Cartilage wears thin "
            "and the joint becomes stiff, especially after rest. Exercise is one of the best "
            "treatments. Strong thigh muscles take load off the joint. Walking helps too. "
            "Build up slowly over a few weeks. Swimming is gentle on the joints. Try "
            "straight-leg raises: sit on a chair, straighten one knee and hold for five "
            "seconds, then lower. Do ten on each side.")
    result = audit_text(text)
    assert result.scores["safety_profile"]["instructions"] >= 2
    assert "stop-if-pain" in _kinds(result)


def test_named_joint_condition_places_the_topic(audit_text):
    text = ("Neck arthritis is common after 50. Arthritis in the neck makes it stiff in the "
            "morning. Slowly turn your head to the left and hold for ten seconds. Repeat on "
            "the right. Stop if it hurts. See your GP if it does not improve.")
    result = audit_text(text)
    assert "neck" in result.scores["safety_profile"]["target_groups"]
    assert "red-flags" in _kinds(result)


def test_a_caution_in_the_advising_sentence_keeps_it_advice(audit_text):
    text = ("Tension headaches feel like a tight band. Paracetamol or ibuprofen can ease the "
            "pain; never take more than the dose on the packet.")
    kinds = _kinds(audit_text(text))
    assert "special-populations" in kinds and "medication-safety" not in kinds


def test_massage_needs_its_own_instruction_to_need_stop_if_pain(audit_text):
    filler = ("Back pain in pregnancy is common. Your body changes quickly. Hormones loosen "
              "the ligaments. The bump shifts your balance. Many women notice it in the "
              "evening. It often eases after the birth. ")
    mention = filler + "Sleep on your side with a pillow between your knees. A massage can help."
    assert "stop-if-pain" not in _kinds(audit_text(mention))
    steps = filler + ("Warm a little oil between your palms and massage it firmly into the "
                      "sore area for five minutes.")
    assert "stop-if-pain" in _kinds(audit_text(steps))


SLEEP_APNOEA = (
    "Living with sleep apnoea\n\n"
    "Sleep apnoea makes your breathing stop and start while you sleep. Sleep apnoea is common "
    "in people who snore. Untreated sleep apnoea leaves you tired in the day. Sleep apnoea is "
    "usually treated without medicines. Loud snoring is often the first sign of sleep apnoea. "
    "A sleep study at home can confirm sleep apnoea. Mild sleep apnoea may improve with weight "
    "loss. Severe sleep apnoea needs a machine. Sleep apnoea can come back if you stop "
    "treatment. Ask about sleep apnoea if your partner hears you gasp at night.\n\n"
    "Use your CPAP machine every night, for the whole night. Clean the mask each morning.\n\n"
    "Surgery helps a few people. Surgery can remove large tonsils. Surgery on the jaw is rare. "
    "Surgery is only offered when a machine has not worked.\n")


def test_a_procedure_named_as_one_treatment_option_is_a_side_topic(audit_text):
    """'Surgery' as one option in a sleep-apnoea article (named far less than the article's
    own condition) does not make operation-aftercare warning signs required."""
    rules = {f.rule for f in audit_text(SLEEP_APNOEA, detect_title=True).findings}
    assert not {"SAFETY-RED-FLAGS", "SAFETY-RED-FLAGS-WEAK"} & rules, rules


def test_a_procedure_the_article_is_about_still_needs_warning_signs(audit_text):
    text = (
        "After your gallbladder surgery\n\n"
        "Most people go home the day after surgery. Keyhole surgery leaves four small "
        "incisions. The incisions heal in about two weeks. Recovery from surgery takes a "
        "month for most people. After surgery your shoulder may ache from the gas used.\n\n"
        "Take paracetamol for the pain, up to four times a day. Walk a little each day and "
        "keep the incisions dry for two days.\n")
    rules = {f.rule for f in audit_text(text, detect_title=True).findings}
    assert {"SAFETY-RED-FLAGS", "SAFETY-RED-FLAGS-WEAK"} & rules, rules


@pytest.mark.parametrize("text", [
    "Colds are a nuisance. A daily zinc lozenge is an easy way to ease a cold.",
    "Kelp is a seaweed. A kelp supplement is a natural way to boost a sluggish thyroid.",
    "Sore throats are common. Soluble aspirin is a quick way to relieve a sore throat.",
])
def test_a_medicine_offered_as_a_good_way_is_recommended(audit_text, text):
    rules = {f.rule for f in audit_text(text).findings}
    assert "SAFETY-MEDICATION" in rules, rules


@pytest.mark.parametrize("text", [
    "Antacids are medicines that neutralise stomach acid.",
    "Aspirin was one of the first medicines made in a factory.",
    "Zinc lozenges help some people, but the evidence is weak.",
])
def test_a_medicine_described_is_not_recommended(audit_text, text):
    rules = {f.rule for f in audit_text(text).findings}
    assert "SAFETY-MEDICATION" not in rules, rules
