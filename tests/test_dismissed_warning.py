"""UNSAFE-DISMISS-WARNING-SIGN: a warning sign the article says needs no medical help."""

from __future__ import annotations

import pytest

from pipeline.knowledge import rules_dir
from pipeline.knowledge.dismissal import DismissalFile, load_dismissal
from pipeline.knowledge.loader import KnowledgeError, load_model

RULE = "UNSAFE-DISMISS-WARNING-SIGN"


def _rule_findings(audit_text, text: str) -> list:
    return [f for f in audit_text(text).findings if f.rule == RULE]


def test_vocabulary_loads_and_reuses_red_flags() -> None:
    knowledge = load_dismissal(rules_dir())
    assert len(knowledge.sets) >= 15
    keys = {key for key, _phrase in knowledge.phrases()}
    assert {"sign:general", "help", "reassurance", "cause", "self_care", "denial"} <= keys
    assert any(key == "sign:low-back" for key in keys)


def test_unknown_key_is_an_error(tmp_path) -> None:
    path = tmp_path / "dismissal.yaml"
    source = (rules_dir() / "instructions" / "dismissal.yaml").read_text(encoding="utf-8")
    path.write_text(source + "\nsurprise: [1]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="surprise"):
        load_model(path, DismissalFile)


@pytest.mark.parametrize("text", [
    "Weakness in both legs with back pain is harmless and wears off with a good night's rest.",
    "Pain that radiates to your jaw while you rake leaves is probably just tension, so stretch "
    "your neck.",
    "If your face droops, lie down for an hour and see whether it goes away on its own.",
    "There is no need to see a doctor about loss of bladder control after lifting; it settles.",
    "Numbness around the bottom with sciatica can be treated at home with heat packs.",
    "Sudden confusion in an older person is usually just tiredness, so let them sleep it off.",
    "After your hip replacement, a swollen, painful calf is normal and settles with rest.",
    "Don't worry if your face droops for a few minutes; it usually goes away.",
    "Slurred speech after a long day is a sign of tiredness, so get an early night.",
    "Chest pain that spreads to your jaw will ease if you lie down for a while.",
    "You don't need to see a doctor for numbness in both legs; it eases with gentle walking.",
])
def test_dismissals_fire(audit_text, text: str) -> None:
    findings = _rule_findings(audit_text, text)
    assert findings, text
    finding = findings[0]
    assert finding.category == "unsafe-advice"
    assert "warning sign" in finding.message
    assert "Source:" in finding.explanation
    assert finding.suggestion and ("911" in finding.suggestion or "999" in finding.suggestion)


@pytest.mark.parametrize("text", [
    # careful forms
    "Back pain is usually harmless, but get help at once if you lose control of your bladder.",
    "If pain spreads to your arm, call 999.",
    "Rest at home and take paracetamol unless you notice numbness around your bottom.",
    # not red flags
    "Muscle soreness two days after a new workout is normal and will pass on its own.",
    "Some mild swelling after a sprain is common and settles with rest.",
    # negated, cautioned, hedged, other people, a question, a myth
    "Chest pain is never just indigestion, so do not wait for it to pass.",
    "Don't assume numbness in the groin will settle on its own.",
    "Palpitations may be harmless, but tell your doctor about them.",
    "Many people with a stroke wait for the symptoms to pass before calling for help.",
    "Is chest pain during exercise normal?",
    "It is a myth that a drooping face will pass on its own if you lie down.",
    "It is dangerous to wait for a stroke to pass.",
    "Never ignore loss of bladder control, even if it seems to settle with rest.",
    # sign words that describe something else, and leaving a stretch
    "Over time, weak spots stretch or balloon out due to high blood pressure.",
    "If your hands go numb, come out of the stretch and let the feeling return.",
    "The vast majority of febrile seizures are short and harmless.",
    # signs of after-surgery sets need an operation; mild signs need an intensifier
    "Pain in your calf after a long run is probably just a cramp; rub it firmly.",
    "If you feel very dizzy or sick, sit down and rest until the feeling passes.",
    "Stiff necks usually get better on their own within a few days, so keep moving.",
    "Numbness and tingling in the hands are common in pregnancy and usually go away after "
    "the baby is born.",
    "If you don't have numbness or weakness, rest at home for a day or two.",
    "A little numbness in your fingers when you sleep on your arm is harmless and goes away "
    "when you move.",
    "Fever in children is common and usually not serious, but call 999 if your child has a "
    "rash that does not fade.",
])
def test_careful_text_is_quiet(audit_text, text: str) -> None:
    assert not _rule_findings(audit_text, text), text


def test_explanation_names_the_danger(audit_text) -> None:
    text = "Loss of bladder control with back pain usually settles on its own with rest."
    finding = _rule_findings(audit_text, text)[0]
    assert "cauda equina" in finding.explanation
    assert "NHS" in finding.explanation


def test_titles_give_no_advice(audit_text) -> None:
    text = "Chest Pain: Symptoms, Causes and Home Remedies\n\nChest pain has many causes."
    findings = audit_text(text, detect_title=True).findings
    assert not [f for f in findings if f.rule == RULE]


def test_next_sentence_qualifies_the_reassurance(audit_text) -> None:
    text = ("Palpitations with chest pain are often harmless. However, call 911 if they come "
            "with chest pain or fainting.")
    assert not _rule_findings(audit_text, text)
