"""A safety finding's suggestion satisfies its own rule: the suggested wording, added to the
article, silences the finding (issue 17). Run over every requirement's ``applies`` examples
in rules/safety/requirements.yaml."""

from __future__ import annotations

import pytest

from pipeline.knowledge import KnowledgeBase
from pipeline.knowledge.safety import load_safety

_KB = KnowledgeBase()
REQUIREMENTS = load_safety(_KB.directory).requirements.requirements
CASES = [
    pytest.param(req.kind, req.rule, req.weak_rule, text, id=f"{req.kind}-{i}")
    for req in REQUIREMENTS for i, text in enumerate(req.examples.applies)
]


def _suggested(finding) -> str:
    """The wording a finding suggests, without the "Where: ..." placement note."""
    return (finding.suggestion or "").split(" Where:")[0].strip()


def _auditor(auditor, rule):
    """The session's auditor, with an off-by-default rule switched on."""
    from pipeline.audit import Auditor

    if _KB.catalog[rule].default_enabled:
        return auditor
    enabled = Auditor(auditor.config.merged(enable=[rule]), auditor.knowledge)
    enabled._nlp = auditor.nlp
    return enabled


@pytest.mark.parametrize(("kind", "rule", "weak_rule", "text"), CASES)
def test_the_suggestion_added_to_the_article_silences_the_finding(
        auditor, kind, rule, weak_rule, text):
    audit_text = _auditor(auditor, rule).audit_text
    found = [f for f in audit_text(text).findings if f.rule in (rule, weak_rule)]
    assert found, f"{kind}: the applies example gives no finding: {text!r}"
    fixed = text + " " + " ".join(dict.fromkeys(_suggested(f) for f in found))
    again = [f for f in audit_text(fixed).findings if f.rule in (rule, weak_rule)]
    assert not again, (f"{kind}: the suggestion does not satisfy its own rule: {fixed!r} -> "
                       f"{[(f.rule, f.message) for f in again]}")


def test_urgent_help_is_not_called_never_suggesting_a_professional(audit_text):
    """"Get medical help at once if ..." sends readers to a professional, only never for a
    problem that is slow to get better: the message says so instead of "never suggests"."""
    text = ("Knee pain can make walking hard. Try straight-leg raises every morning. Lift each "
            "leg ten times while sitting. Get medical help at once if your knee swells up "
            "and turns hot.")
    found = [f for f in audit_text(text).findings if f.kind == "see-a-professional"]
    assert [f.rule for f in found] == ["SAFETY-SEE-A-PROFESSIONAL-WEAK"]
    assert "never suggests seeing a doctor, physiotherapist or pharmacist." not in \
        found[0].message
    assert "only says to get urgent help" in found[0].message


def _quoted_in_message(finding) -> str:
    """The one sentence the message quotes ('Add, for example: "..."'): what an editor copies."""
    return finding.message.split('Add, for example: "', 1)[1].rsplit('"', 1)[0]


QUOTE_CASES = [pytest.param(*case.values, id=case.id) for case in CASES]


@pytest.mark.parametrize(("kind", "rule", "weak_rule", "text"), QUOTE_CASES)
def test_the_sentence_the_message_quotes_silences_the_finding(
        auditor, kind, rule, weak_rule, text):
    """The message quotes one sentence of the suggestion; that sentence alone, added to the
    article, must satisfy the rule too (SAFETY-STOP-IF-PAIN quoted "Move slowly and only as
    far as feels comfortable", the wording SAFETY-STOP-IF-PAIN-WEAK calls not enough)."""
    audit_text = _auditor(auditor, rule).audit_text
    found = [f for f in audit_text(text).findings if f.rule in (rule, weak_rule)
             and 'Add, for example: "' in f.message]
    if not found:
        pytest.skip(f"{kind}: the message quotes no sentence")
    fixed = text + " " + " ".join(dict.fromkeys(_quoted_in_message(f) for f in found))
    again = [f for f in audit_text(fixed).findings if f.rule in (rule, weak_rule)]
    assert not again, (f"{kind}: the quoted sentence does not satisfy its own rule: {fixed!r}"
                       f" -> {[(f.rule, f.message) for f in again]}")
