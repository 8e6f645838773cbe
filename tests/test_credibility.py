"""Credibility: JAMA benchmarks from page metadata and from the text."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.checks import credibility
from pipeline.checks.credibility import parse_date
from pipeline.document import DocumentBuilder

BODY = ("Back pain is very common and usually gets better on its own within a few weeks. "
        "Staying active helps more than resting in bed. Gentle walking, swimming and "
        "stretching keep the muscles moving. Heat packs can ease stiffness. See a doctor if "
        "the pain is severe, spreads down your leg, or comes with numbness or fever.")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(credibility, "today", lambda: dt.date(2026, 6, 1))


def page(metadata: dict, body: str = BODY, fmt: str = "html"):
    builder = DocumentBuilder(body)
    builder.add_block("paragraph", body, 0)
    return builder.build(id="page", source="page.html", format=fmt, metadata=metadata)


def audit(auditor, document):
    return next(iter(auditor.audit_documents([document])))


def cred(result):
    return {f.rule: f for f in result.findings if f.category == "credibility"}


def test_page_with_every_benchmark_is_quiet(auditor):
    result = audit(auditor, page({
        "author": "Jane Okafor, MD", "date": "2025-11-02", "url": "https://health.example/back",
        "links": [{"text": "NHS", "url": "https://www.nhs.uk/conditions/back-pain/"}],
    }))
    assert cred(result) == {}
    scores = result.scores["credibility"]
    assert scores["jama_score"] == 4
    assert scores["author"] == "Jane Okafor, MD" and scores["credentials"]
    assert "Silberg" in scores["formula"]


def test_page_without_author_or_sources_is_a_warning(auditor):
    result = audit(auditor, page({"date": "2025-11-02", "url": "https://health.example/b",
                                  "links": [{"text": "share", "url": "https://facebook.com/x"}]}))
    found = cred(result)
    assert set(found) == {"CRED-MISSING"}
    assert found["CRED-MISSING"].severity.label == "warning"
    assert "author" in found["CRED-MISSING"].message
    assert "sources" in found["CRED-MISSING"].message


def test_old_page_date_is_outdated(auditor):
    result = audit(auditor, page({"author": "Dr. Tom Reyes", "date": "2014-03-01",
                                  "links": [{"text": "CDC", "url": "https://www.cdc.gov/x"}]}))
    found = cred(result)
    assert set(found) == {"CRED-OUTDATED"}
    assert "2014-03-01" in found["CRED-OUTDATED"].message
    assert result.scores["credibility"]["age_years"] == pytest.approx(12.25, abs=0.1)


def test_affiliate_links_without_disclosure(auditor):
    links = [{"text": "foam roller", "url": "https://www.amazon.com/dp/B0001?tag=healthsite-20"},
             {"text": "study", "url": "https://pubmed.ncbi.nlm.nih.gov/123/"}]
    result = audit(auditor, page({"author": "Dr. Tom Reyes", "date": "2026-01-10",
                                  "links": links}))
    assert set(cred(result)) == {"CRED-DISCLOSURE"}
    disclosed = BODY + " Disclosure: we earn a commission from links on this page."
    result = audit(auditor, page({"author": "Dr. Tom Reyes", "date": "2026-01-10",
                                  "links": links}, body=disclosed))
    assert cred(result) == {}


def test_plain_text_without_any_page_header_is_not_judged(audit_text):
    result = audit_text(BODY + " " + BODY)
    assert not [f for f in result.findings if f.category == "credibility"]
    assert result.scores["credibility"]["from_metadata"] is False
    assert result.scores["credibility"]["jama_score"] == 1  # nothing commercial to disclose


def test_plain_text_with_a_byline_gives_one_info_finding(audit_text):
    result = audit_text("By Sam Patel\n\n" + BODY + " " + BODY)
    found = [f for f in result.findings if f.category == "credibility"]
    assert len(found) == 1
    assert found[0].rule == "CRED-MISSING" and found[0].severity.label == "info"
    assert "date" in found[0].message and "credentials" in found[0].message
    assert "without page metadata" in found[0].message


def test_byline_and_date_in_the_text_are_read(audit_text):
    text = ("By Dr. Ana Lima, MD\n\nLast reviewed: 12 March 2026\n\n" + BODY + " " + BODY
            + "\n\nSources: https://www.nhs.uk/conditions/back-pain/")
    result = audit_text(text)
    scores = result.scores["credibility"]
    assert scores["author"].startswith("Dr. Ana Lima")
    assert scores["date"] == "2026-03-12"
    assert scores["jama_score"] == 4
    assert not [f for f in result.findings if f.category == "credibility"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-03-04", dt.date(2019, 3, 4)),
    ("March 4, 2019", dt.date(2019, 3, 4)),
    ("4 March 2019", dt.date(2019, 3, 4)),
    ("Sept. 2019", dt.date(2019, 9, 1)),
    ("03/04/2019", dt.date(2019, 3, 4)),
    ("25/12/2019", dt.date(2019, 12, 25)),
])
def test_dates(text, expected):
    parsed = parse_date(text)
    assert parsed is not None and parsed[0] == expected


def test_no_date():
    assert parse_date("in the spring") is None
