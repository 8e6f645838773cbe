"""Every rule's examples are tests: ``fire`` texts must give the rule, ``quiet`` ones must not
(the sqlfluff / pylint pattern). A rule without both lists fails the catalog's validation."""

from __future__ import annotations

import re

import pytest

from pipeline.knowledge import KnowledgeBase

_KB = KnowledgeBase()
CATALOG = _KB.catalog
CATALOG_DIR = _KB.directory
CASES = [
    pytest.param(rule.id, expect, index, example.text, example.quote,
                 id=f"{rule.id}-{expect}-{index}")
    for rule in CATALOG
    for expect, examples in (("fire", rule.examples.fire), ("quiet", rule.examples.quiet))
    for index, example in enumerate(examples)
]


def _with_rule_enabled(auditor, rule_id):
    """An Auditor sharing the session's spaCy model, with an off-by-default rule switched on
    (its examples document what it does when enabled)."""
    from pipeline.audit import Auditor

    enabled = Auditor(auditor.config.merged(enable=[rule_id]), auditor.knowledge)
    enabled._nlp = auditor.nlp
    return enabled


QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
PLURAL_SUBJECT = re.compile(
    r"\b(?:the|your|these|those)\s+(?:[\w-]+\s+)?([\w-]+s)\s+(does|is|has|was|lies|sits|runs)\b",
    re.IGNORECASE)
MESSAGE_SLIPS = [
    (re.compile(r"(?<!\.)\.\.(?!\.)|,\.|\.,|;;|,,|\s[,;:](?!\S)|\s\.(?!\.)"),
     "doubled or stray punctuation"),
    (re.compile(r"\b1 (times|repetitions|sets|seconds|tablets|minutes|days)\b"),
     "'1' with a plural"),
    (re.compile(r"\(\s*\)"), "empty parentheses"),
    # a label of another part of speech dropped into a verb's slot ("asks for propped up on
    # the forearms", "says to use slow and controlled")
    (re.compile(r"\basks for (?:\w+ed|\w+ing)\b(?! \w+s\b)"), "'asks for' without a noun"),
    (re.compile(r"\bto use (?:slow|quick|fast|gentle|small|big|controlled)\b"),
     "'to use' without a noun"),
]


def message_slips(message: str) -> list[str]:
    """What reads wrong in a generated message: doubled punctuation, a plural subject with a
    singular verb ("The hamstrings does not lie"), "1 times", no capital at the start or no
    full stop at the end (a trailing quotation of the article's words may follow it)."""
    slips = [why for pattern, why in MESSAGE_SLIPS if pattern.search(message)]
    plain = QUOTED.sub("“…”", message)
    for match in PLURAL_SUBJECT.finditer(plain):
        if not match.group(1).lower().endswith(("ss", "us", "is", "sis", "ics", "ceps", "as")):
            slips.append(f"'{match.group(0)}' does not agree")
    if not re.match(r"[\"“'A-Z0-9]", message):
        slips.append("does not start with a capital")
    core = re.sub(r"\s*\(“[^”]*”\)$", "", message.strip())
    if not re.search(r"[.!?][\"”')]?$", core):
        slips.append("does not end as a sentence")
    return slips


@pytest.mark.parametrize("message, slip", [
    ("The hamstrings does not lie in the front of the thigh.", "agree"),
    ("Do this 1 times a week.", "plural"),
    ("Stop if it hurts..", "punctuation"),
    ("the ulna is on the inside.", "capital"),
    ("Conflicting advice on sets", "sentence"),
    ("This step asks for propped up on the forearms.", "noun"),
    ("This sentence says to use slow and controlled.", "noun"),
])
def test_message_slips_are_caught(message, slip):
    assert any(slip in s for s in message_slips(message)), message_slips(message)


@pytest.mark.parametrize("message", [
    "The hamstrings do not lie in the front of the thigh.",
    "The pelvis is not a muscle.",
    "Tells readers to carry on through pain. (“grit your teeth”)",
    "“muscles is”: the verb does not agree with its subject.",
    'Add a disclosure ("This article is sponsored by ...") near the top.',
    "This step asks for the position “propped up on the forearms”.",
    "This sentence advises “slow and controlled”.",
])
def test_good_messages_pass(message):
    assert message_slips(message) == []


@pytest.mark.parametrize(("rule_id", "expect", "index", "text", "quote"), CASES)
def test_rule_example(auditor, audit_text, rule_id, expect, index, text, quote):
    if CATALOG[rule_id].default_enabled:
        result = audit_text(text)
    else:
        result = _with_rule_enabled(auditor, rule_id).audit_text(text)
    hits = [f for f in result.findings if f.rule == rule_id]
    if expect == "fire":
        assert hits, f"{rule_id} should fire on example {index}: {text!r}"
        for finding in hits:  # generated messages read as sentences (issue 17)
            assert not message_slips(finding.message), (finding.message,
                                                        message_slips(finding.message))
        if quote is not None:
            start = result.document.text.find(quote)
            end = start + len(quote)
            assert any(
                f.start is not None and f.start < end and start < f.end for f in hits
            ), f"{rule_id} fired, but not on {quote!r}: {[f.quote for f in hits]}"
    else:
        assert not hits, (
            f"{rule_id} must stay quiet on example {index}: {text!r}; got "
            f"{[(f.quote, f.message) for f in hits]}"
        )


def test_every_rule_has_examples_both_ways():
    for rule in CATALOG:
        assert rule.examples.fire and rule.examples.quiet, rule.id


def test_every_rule_is_produced_by_some_check():
    """A rule in the catalog that no check can emit is dead documentation: its id must appear
    in the checks' code or in the knowledge files that drive a data-driven check."""
    from pathlib import Path

    import pipeline

    package = Path(pipeline.__file__).parent
    code = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    data = "".join(
        p.read_text(encoding="utf-8")
        for p in CATALOG_DIR.rglob("*.yaml")
        if p.name != "rules.yaml"
    )
    for rule in CATALOG:
        assert rule.id in code or rule.id in data, f"{rule.id} is emitted by no check"
