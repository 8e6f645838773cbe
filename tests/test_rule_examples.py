"""Every rule's examples are tests: ``fire`` texts must give the rule, ``quiet`` ones must not
(the sqlfluff / pylint pattern). A rule without both lists fails the catalog's validation."""

from __future__ import annotations

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


@pytest.mark.parametrize(("rule_id", "expect", "index", "text", "quote"), CASES)
def test_rule_example(auditor, audit_text, rule_id, expect, index, text, quote):
    if CATALOG[rule_id].default_enabled:
        result = audit_text(text)
    else:
        result = _with_rule_enabled(auditor, rule_id).audit_text(text)
    hits = [f for f in result.findings if f.rule == rule_id]
    if expect == "fire":
        assert hits, f"{rule_id} should fire on example {index}: {text!r}"
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
