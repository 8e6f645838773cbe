"""What editors read names sources, never medlint's own files (issue 17): rule texts, and the
messages, explanations, suggestions and references of findings on every rule's examples."""

from __future__ import annotations

import re

import pytest

from pipeline.knowledge import KnowledgeBase

INTERNAL = re.compile(r"\brules/|\.ya?ml\b|\.py\b|pipeline/")
CATALOG = KnowledgeBase().catalog
FAMILIES = sorted({rule.id.split("-")[0] for rule in CATALOG})


def test_rule_texts_name_no_internal_files():
    for rule in CATALOG:
        for field in ("message", "rationale", "suggestion"):
            value = getattr(rule, field) or ""
            assert not INTERNAL.search(value), f"{rule.id}.{field}: {value}"
        for ref in rule.references:
            assert not INTERNAL.search(ref), f"{rule.id} reference: {ref}"


@pytest.mark.parametrize("family", FAMILIES)
def test_findings_name_no_internal_files(auditor, family):
    # all fire examples of a family in one article: only the wording of findings is checked
    texts = [e.text for rule in CATALOG if rule.id.split("-")[0] == family
             for e in rule.examples.fire]
    result = auditor.audit_text("\n\n".join(texts))
    assert result.findings
    for f in result.findings:
        for value in (f.message, f.explanation, f.suggestion or "", *f.references,
                      *(r.message or "" for r in f.related)):
            assert not INTERNAL.search(value), f"{f.rule}: {value}"


def test_jargon_names_the_source_of_its_plain_words(audit_text):
    (finding,) = [f for f in audit_text("Your doctor may find hypertension on a visit.").findings
                  if f.rule == "READ-JARGON"]
    assert "Everyday Words for Public Health Communication" in finding.explanation
