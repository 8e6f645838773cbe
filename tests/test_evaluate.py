import pytest

from pipeline.audit import ArticleResult
from pipeline.document import SourceMap
from pipeline.evaluate import Evaluation, GoldFile, Tally, locate, score_article
from pipeline.findings import Finding, Severity
from pipeline.ingest import document_from_text

TEXT = "The liver is on the left.\n\nLie on your back.  Hug   your knees.\n\nRest."


def article(knowledge, findings):
    doc = document_from_text(TEXT, knowledge.directory, id="a")
    return ArticleResult(doc, findings)


def span_finding(category, quote, rule="X-Y", related=()):
    start = TEXT.index(quote)
    return Finding(rule=rule, category=category, severity=Severity.ERROR, message="m",
                   start=start, end=start + len(quote), quote=quote, related=related)


def doc_finding(kind):
    return Finding(rule="SAFETY-X", category="safety", severity=Severity.WARNING,
                   message="m", kind=kind)


def test_locate_folds_white_space_and_quotes():
    assert locate(TEXT, "Hug your knees") == [(TEXT.index("Hug"), TEXT.index("knees") + 5)]
    assert locate("don’t bend", "don't bend") == [(0, 10)]
    assert locate(TEXT, "absent words") == []


def test_span_matching_and_false_positives(knowledge):
    gold = GoldFile.model_validate({"findings": [
        {"category": "anatomy", "quote": "liver is on the left"},
        {"category": ["anatomy", "contradiction"], "quotes": ["Lie on your back", "Hug"]},
    ]})
    ev = Evaluation()
    found = [span_finding("anatomy", "on the left"), span_finding("contradiction", "Hug"),
             span_finding("unsafe-advice", "Rest")]
    score_article(article(knowledge, found), gold, ev)
    assert (ev.by_category["anatomy"].tp, ev.by_category["anatomy"].fn) == (1, 0)
    assert ev.by_category["contradiction"].tp == 1
    assert ev.by_category["unsafe-advice"].fp == 1
    assert ev.errors == []


def test_missed_items_are_false_negatives_unless_optional(knowledge):
    gold = GoldFile.model_validate({"findings": [
        {"category": "anatomy", "quote": "liver is on the left"},
        {"category": "unsafe-advice", "quote": "Rest", "optional": True},
        {"category": "safety", "kind": "red-flags"},
    ]})
    ev = Evaluation()
    score_article(article(knowledge, [doc_finding("stop-if-pain")]), gold, ev)
    assert ev.by_category["anatomy"].fn == 1
    assert ev.by_category["unsafe-advice"].fn == 0
    assert (ev.by_category["safety"].fp, ev.by_category["safety"].fn) == (1, 1)


def test_score_limits_categories(knowledge):
    gold = GoldFile.model_validate({"findings": [], "score": ["anatomy"]})
    ev = Evaluation()
    score_article(article(knowledge, [doc_finding("red-flags")]), gold, ev)
    assert ev.overall.fp == 0


def test_gold_quote_not_found_is_reported(knowledge):
    gold = GoldFile.model_validate({"findings": [{"category": "anatomy", "quote": "spleen"}]})
    ev = Evaluation()
    score_article(article(knowledge, []), gold, ev)
    assert ev.errors and "spleen" in ev.errors[0]


@pytest.mark.parametrize("bad", [
    {"category": "safety"},
    {"category": "anatomy"},
    {"category": "cooking", "quote": "x"},
    {"category": "anatomy", "quote": "x", "colour": "red"},
])
def test_malformed_gold_items_are_rejected(bad):
    with pytest.raises(ValueError):
        GoldFile.model_validate({"findings": [bad]})


def test_tally_arithmetic():
    t = Tally(tp=8, fp=2, fn=2)
    assert (t.precision, t.recall) == (0.8, 0.8)
    assert round(t.f1, 3) == 0.8
    assert Tally().precision == 1.0


def test_source_map_unused_import_guard():
    assert SourceMap.identity("ab").position(1) == (1, 2)
