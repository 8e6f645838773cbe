import pytest

from pipeline.findings import Finding, RelatedSpan, Severity


def make(**kw):
    base = {"rule": "ANAT-LOCATION", "category": "anatomy", "severity": Severity.ERROR,
            "message": "m", "start": 3, "end": 9, "quote": "abcdef"}
    base.update(kw)
    return Finding(**base)


def test_round_trip_through_json_form():
    f = make(related=(RelatedSpan(20, 25, "xyz", 2, 1),), references=("OpenStax",),
             line=1, column=4, confidence=0.8)
    assert Finding.from_dict(f.to_dict()) == f


def test_json_form_has_every_design_field():
    keys = set(make().to_dict())
    assert {"rule", "category", "kind", "severity", "message", "explanation", "suggestion",
            "start", "end", "quote", "line", "column", "related", "references",
            "confidence"} <= keys


@pytest.mark.parametrize("bad", [{"category": "nonsense"}, {"start": 5, "end": 2},
                                 {"start": None}, {"category": "safety", "kind": "x"}])
def test_invalid_findings_are_rejected(bad):
    with pytest.raises(ValueError):
        make(**bad)


def test_severity_parse_and_order():
    assert Severity.parse("Warning") is Severity.WARNING
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    with pytest.raises(ValueError, match="unknown severity"):
        Severity.parse("fatal")


def test_document_level_findings_sort_first():
    doc_level = make(start=None, end=None, quote=None, category="safety", kind="red-flags",
                     rule="SAFETY-RED-FLAGS")
    assert sorted([make(), doc_level], key=Finding.sort_key)[0] is doc_level
