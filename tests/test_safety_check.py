"""The safety family end to end: what an article needs, what it says, what is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.findings import Severity

SEED = Path("/work/shared/seed-article.txt")


def _safety(result):
    return [f for f in result.findings if f.category == "safety"]


def _kinds(result):
    return {f.kind for f in _safety(result)}


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not available")
def test_seed_article(audit_text):
    result = audit_text(SEED.read_text(encoding="utf-8"), detect_title=True)
    kinds = _kinds(result)
    assert "red-flags" in kinds
    assert "stop-if-pain" in kinds
    # it does tell readers to work with a physician or physical therapist
    assert "see-a-professional" not in kinds
    red = next(f for f in _safety(result) if f.kind == "red-flags")
    assert "heart" in red.message and "shoulder blades" in red.message
    assert "911" in (red.suggestion or "") and "Where:" in (red.suggestion or "")


def test_findings_are_document_level_and_explain_themselves(audit_text):
    text = ("Pain between the shoulder blades is common in desk workers. Squeeze your "
            "shoulder blades together and hold for five seconds. Repeat ten times.")
    findings = _safety(audit_text(text))
    assert findings
    for finding in findings:
        assert finding.start is None and finding.end is None and finding.quote is None
        assert finding.kind and finding.explanation and finding.suggestion
    red = next(f for f in findings if f.kind == "red-flags")
    assert red.rule == "SAFETY-RED-FLAGS" and red.severity == Severity.ERROR
    assert "between the shoulder blades" in red.message
    assert "a heart attack" in red.message


def test_weak_is_reported_lower_than_absent_with_its_own_rule(audit_text):
    base = ("Low back pain usually settles with movement. Lie on your back and hug your "
            "knees to your chest. Hold for 20 seconds.")
    absent = {f.kind: f for f in _safety(audit_text(base))}
    weak = {f.kind: f for f in _safety(audit_text(
        base + " If the pain lasts more than a few weeks, see your GP."))}
    assert absent["red-flags"].rule == "SAFETY-RED-FLAGS"
    assert weak["red-flags"].rule == "SAFETY-RED-FLAGS-WEAK"
    assert weak["red-flags"].severity < absent["red-flags"].severity
    assert "see-a-professional" not in weak


def test_complete_article_gets_no_safety_finding(audit_text):
    text = (
        "Neck pain often comes from long hours at a screen. Sit tall and slowly turn your "
        "head to the right. Hold for five seconds, then turn to the left. Stop if any "
        "movement hurts or makes you dizzy.\n\n"
        "See a GP or physiotherapist if the pain has not improved after two weeks. Call 999 "
        "or go to A&E if neck pain comes with numbness or weakness in your arms, or with a "
        "fever and a severe headache.")
    assert _safety(audit_text(text)) == []


@pytest.mark.parametrize("dismissal", [
    "You don't need to see a doctor for this.",
    "There is no need to consult a physiotherapist.",
    "It is not necessary to see your GP.",
    "Should you see a doctor?",
    "It's a myth that you should see a physiotherapist for every ache.",
])
def test_negated_advice_to_see_a_professional_does_not_count(audit_text, dismissal):
    text = ("Knee pain can make stairs hard. Try straight-leg raises: lie on your back and "
            "lift one leg a few inches. Stop if it hurts. " + dismissal)
    assert "see-a-professional" in _kinds(audit_text(text))


def test_negated_stop_rule_does_not_count(audit_text):
    text = ("Tight hips respond well to this. Lie on your back and pull one knee to your "
            "chest. Hold for 30 seconds. Don't stop if it hurts a little.")
    assert "stop-if-pain" in _kinds(audit_text(text))


def test_stop_rule_undone_by_repeat_until_pain_goes(audit_text):
    text = ("Ease a sore lower back with this. Lie on your back and rock your knees side to "
            "side. Repeat until the pain is relieved. Stop if it hurts. See a GP if it does "
            "not improve.")
    rules = {f.rule for f in _safety(audit_text(text)) if f.kind == "stop-if-pain"}
    assert rules == {"SAFETY-STOP-IF-PAIN-CONTRADICTED"}


def test_medicine_without_safety_information(audit_text):
    text = ("Back pain often eases with simple steps. Take ibuprofen three times a day to "
            "calm the swelling. Keep moving as much as you can.")
    kinds = _kinds(audit_text(text))
    assert {"medication-safety", "special-populations"} <= kinds
    careful = text + (" Do not take more than the label says. If you are pregnant or have "
                      "asthma, ask a pharmacist before taking it.")
    assert not {"medication-safety", "special-populations"} & _kinds(audit_text(careful))


def test_descriptive_article_needs_nothing(audit_text):
    text = ("The sciatic nerve is the longest nerve in the body. It runs from the lower back "
            "down the back of each leg. Sciatica is pain along this nerve.")
    assert _safety(audit_text(text)) == []


def test_disclaimer_rule_is_off_by_default(audit_text):
    text = "Ease a stiff neck: tilt your head to one side and hold for 20 seconds."
    assert all(f.rule != "SAFETY-NOT-MEDICAL-ADVICE" for f in audit_text(text).findings)


def test_profile_is_recorded_in_scores(audit_text):
    result = audit_text("Sciatica hurts. Lie on your back and hug one knee to your chest. "
                        "Hold for 30 seconds.")
    profile = result.scores["safety_profile"]
    assert "exercise" in profile["advice"]
    assert "sciatic_nerve" in profile["target_groups"]


def test_message_quotes_a_sentence_to_add(audit_text):
    text = ("Your new hip needs work after hip replacement surgery. The operation replaces the "
            "worn joint. Lie on your back and slide your heel towards your bottom. Repeat ten "
            "times.")
    findings = {f.kind: f for f in _safety(audit_text(text))}
    assert 'Add, for example: "Stop' in findings["stop-if-pain"].message
    red = findings["red-flags"]
    assert "surgery" in red.message and "blood clot" in red.message
    assert 'Add, for example: "Call 911' in red.message


def test_suggested_sentence_fits_an_article_that_is_not_about_pain(audit_text):
    text = ("Building a fitness habit takes time. Start small. Stand with your feet apart "
            "and squat down slowly, then stand up. Repeat ten times. Lie on your back and "
            "lift your hips for five seconds. Do this every morning.")
    see = next(f for f in _safety(audit_text(text)) if f.kind == "see-a-professional")
    added = see.message.split("Add, for example:", 1)[1]
    assert "pain" not in added and "doctor" in added


def test_urgent_help_for_the_signs_a_list_names_pairs_them(audit_text):
    listed = ("Diarrhoea\n\nDiarrhoea is usually caused by a tummy bug. Drink plenty of fluids "
              "and take oral rehydration sachets after each loose stool. Diarrhoea in adults "
              "usually clears in a few days, and diarrhoea rarely needs tests. Take two "
              "loperamide capsules after each bout of diarrhoea."
              "\n\n"
              "Signs of dehydration include:\n\n- passing little or no urine\n- feeling dizzy "
              "or light-headed\n- a dry mouth and sunken eyes\n\n"
              "Anyone with signs of dehydration should see a doctor immediately.\n")
    unpaired = listed.replace("Anyone with signs of dehydration should see a doctor "
                              "immediately.", "See a doctor immediately if you are worried.")
    assert "red-flags" not in _kinds(audit_text(listed))
    assert "red-flags" in _kinds(audit_text(unpaired))


def test_a_condition_named_in_the_body_needs_its_warning_signs(audit_text):
    text = ("Minor burns usually heal in a week or two. Cool burns under cool running water "
            "for 20 minutes. Cover small burns loosely with cling film. Take paracetamol for "
            "the pain of burns.")
    assert "red-flags" in _kinds(audit_text(text))


def test_a_title_alone_is_not_the_article_topic(audit_text):
    """"Why Your Foot Burns" is a verb in a headline, not an article about burns."""
    text = ("Why Your Foot Burns After a Long Walk\n\nA tingling, hot feeling in the ball of "
            "the foot after a walk often comes from tight shoes. Wear wide shoes with a soft "
            "insole. Roll your foot over a cold bottle for five minutes each evening.")
    assert "red-flags" not in _kinds(audit_text(text, detect_title=True))


def test_advice_to_take_a_medicine_counts_in_a_sentence_that_also_limits_it(audit_text):
    text = ("Migraine attacks can last for hours. If the migraine comes back, you can take a "
            "second sumatriptan tablet, but do not take more than two tablets in 24 hours. "
            "Rest in a dark, quiet room.")
    result = audit_text(text)
    assert "medication" in result.scores["safety_profile"]["advice"]
    assert "special-populations" in _kinds(result)
    assert "medication-safety" not in _kinds(result)
