"""One problem, one finding: a rule that ``supersedes`` another wins on the same words."""

from __future__ import annotations

import pytest

from pipeline.audit import supersede
from pipeline.findings import Finding, Severity
from pipeline.knowledge.catalog import Catalog
from pipeline.knowledge.loader import KnowledgeError

RULES = """
rules:
  - id: TEST-GENERAL
    name: test.general
    category: unsafe-advice
    severity: error
    message: m
    rationale: r
    examples: {fire: ["a"], quiet: ["b"]}
  - id: TEST-SPECIFIC
    name: test.specific
    category: unsafe-advice
    severity: warning
    message: m
    rationale: r
    supersedes: [TEST-GENERAL]
    examples: {fire: ["a"], quiet: ["b"]}
"""


def finding(rule: str, start: int | None, end: int | None) -> Finding:
    return Finding(rule=rule, category="unsafe-advice", severity=Severity.ERROR, message="m",
                   start=start, end=end)


def catalog(tmp_path, text: str = RULES) -> Catalog:
    (tmp_path / "fam").mkdir(exist_ok=True)
    (tmp_path / "fam" / "rules.yaml").write_text(text, encoding="utf-8")
    return Catalog.load(tmp_path)


def test_the_more_specific_rule_wins_on_the_same_words(tmp_path):
    winners = catalog(tmp_path).superseded_by()
    assert winners == {"TEST-GENERAL": frozenset({"TEST-SPECIFIC"})}
    general, specific = finding("TEST-GENERAL", 0, 30), finding("TEST-SPECIFIC", 11, 31)
    assert supersede([general, specific], winners) == [specific]
    # elsewhere in the text, the general finding is a problem of its own
    elsewhere = finding("TEST-GENERAL", 40, 60)
    assert supersede([general, specific, elsewhere], winners) == [specific, elsewhere]
    # whole-article findings supersede whole-article findings only
    assert supersede([finding("TEST-GENERAL", None, None), finding("TEST-SPECIFIC", None, None)],
                     winners) == [finding("TEST-SPECIFIC", None, None)]
    assert len(supersede([finding("TEST-GENERAL", None, None), specific], winners)) == 2
    # without the specific finding nothing is dropped; the relation is one way
    assert supersede([general], winners) == [general]
    reverse = {"TEST-SPECIFIC": frozenset({"TEST-GENERAL"})}
    assert supersede([general, specific], reverse) == [general]


@pytest.mark.parametrize(("change", "message"), [
    ("supersedes: [TEST-GENERAL]", "supersedes: [TEST-NOPE]"),
    ("supersedes: [TEST-GENERAL]", "supersedes: [TEST-SPECIFIC]"),
])
def test_supersedes_must_name_another_existing_rule(tmp_path, change, message):
    with pytest.raises(KnowledgeError, match="supersedes"):
        catalog(tmp_path, RULES.replace(change, message))


def test_supersedes_may_not_go_round_in_a_circle(tmp_path):
    circular = RULES.replace("    message: m\n    rationale: r\n    examples: {fire: [\"a\"], "
                             "quiet: [\"b\"]}\n  - id: TEST-SPECIFIC",
                             "    message: m\n    rationale: r\n    supersedes: [TEST-SPECIFIC]\n"
                             "    examples: {fire: [\"a\"], quiet: [\"b\"]}\n  - id: TEST-SPECIFIC")
    assert "supersedes: [TEST-SPECIFIC]" in circular
    with pytest.raises(KnowledgeError, match="supersedes itself through"):
        catalog(tmp_path, circular)


def test_until_the_pain_stops_is_one_finding(audit_text):
    result = audit_text("Keep going until the pain stops.")
    rules = [f.rule for f in result.findings if f.category == "unsafe-advice"]
    assert rules == ["UNSAFE-UNTIL-PAIN-STOPS"]


def test_the_general_rule_still_fires_where_the_specific_one_does_not(audit_text):
    result = audit_text("Keep going even if it hurts. Rest the knee until the pain stops.")
    rules = [f.rule for f in result.findings if f.category == "unsafe-advice"]
    assert rules == ["UNSAFE-PUSH-THROUGH-PAIN"]


def test_a_switched_off_specific_rule_leaves_the_general_one(auditor):
    from pipeline.audit import Auditor
    from pipeline.config import Config

    other = Auditor(Config(disable=("UNSAFE-UNTIL-PAIN-STOPS",)), auditor.knowledge)
    other._nlp = auditor.nlp
    result = other.audit_text("Keep going until the pain stops.")
    assert [f.rule for f in result.findings if f.category == "unsafe-advice"] == [
        "UNSAFE-PUSH-THROUGH-PAIN"]


def test_explain_shows_what_a_rule_supersedes(knowledge):
    from click.testing import CliRunner

    from pipeline.cli import main

    out = CliRunner().invoke(main, ["rules", "explain", "UNSAFE-UNTIL-PAIN-STOPS"]).output
    assert "Supersedes UNSAFE-PUSH-THROUGH-PAIN" in out
    out = CliRunner().invoke(main, ["rules", "explain", "UNSAFE-PUSH-THROUGH-PAIN"]).output
    assert "Superseded by UNSAFE-UNTIL-PAIN-STOPS" in out
