"""Readability: scores per article and paragraph with their formulas, hard sentences with
reasons, unexplained medical terms with plain words; textstat offline."""

from __future__ import annotations

import pytest

from pipeline.checks.readability import FORMULAS, load_lexicon, measure

ARTICLE = """Knee pain after running

Knee pain is common in runners. It often gets better with rest. Ice can help in the first \
two days.

Patellofemoral pain syndrome is characteristically attributed to abnormal biomechanical \
loading of the patellofemoral articulation, and conservative management incorporating \
progressive quadriceps strengthening is generally recommended by physiotherapists.

Your doctor may check for edema around the knee.
"""


def test_scores_name_their_formulas(audit_text):
    result = audit_text(ARTICLE, detect_title=True)
    scores = result.scores["readability"]
    for key in ("flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "grade"):
        assert key in scores and key in scores["formulas"]
    assert "Flesch" in scores["formulas"]["flesch_reading_ease"]
    assert "McLaughlin" in scores["formulas"]["smog_index"]
    paragraphs = scores["paragraphs"]
    assert len(paragraphs) == 2  # the last paragraph is under 10 words
    hard = max(paragraphs, key=lambda p: p["grade"])
    assert result.document.text[hard["start"] : hard["end"]].startswith("Patellofemoral")
    assert {"flesch_reading_ease", "flesch_kincaid_grade", "smog_index"} <= set(hard)


def test_hardest_sentence_says_why(audit_text):
    result = audit_text(ARTICLE, detect_title=True)
    hard = [f for f in result.findings if f.rule == "READ-HARD-SENTENCE"]
    assert len(hard) == 1 and hard[0].quote.startswith("Patellofemoral pain syndrome")
    assert "three or more syllables" in hard[0].message
    assert "passive voice" in hard[0].message
    assert "Flesch-Kincaid" in hard[0].message
    # the same sentence is not reported again as merely long
    assert not [f for f in result.findings if f.rule == "READ-SENTENCE-LENGTH"]


def test_unexplained_term_gets_plain_words(audit_text):
    result = audit_text(ARTICLE, detect_title=True)
    jargon = [f for f in result.findings if f.rule == "READ-JARGON"]
    assert [f.quote for f in jargon] == ["edema"]
    assert "swelling" in jargon[0].message and "swelling" in (jargon[0].suggestion or "")


def test_explained_anywhere_means_not_reported(audit_text):
    text = ("Edema means swelling caused by fluid.\n\nLater, edema in the ankles may return "
            "after a long day on your feet, and it usually settles overnight.")
    assert not [f for f in audit_text(text).findings if f.rule == "READ-JARGON"]


def test_anatomy_lay_names_join_the_lexicon(knowledge):
    lexicon = knowledge.load(load_lexicon)
    assert lexicon.plain["hypertension"] == ("high blood pressure",)
    try:
        from pipeline.knowledge.anatomy import load_anatomy  # noqa: F401
    except ImportError:
        return
    if "scapula" in lexicon.plain:
        assert any("shoulder blade" in p for p in lexicon.plain["scapula"])
        assert "anatomy" in lexicon.source["scapula"]


def test_textstat_runs_offline():
    # conftest blocks the network: a download attempt would raise here
    scores = measure("The cat sat on the mat. It was happy. Then it slept all day long.")
    assert scores["flesch_reading_ease"] > 80
    assert set(scores) == {"flesch_reading_ease", "flesch_kincaid_grade", "smog_index"}
    assert set(FORMULAS) >= set(scores)


@pytest.mark.parametrize("text", [
    "When the heart beats much faster than usual (tachycardia), sit down and rest.",
    "Many runners get tendinopathy in their first season (the tendon becomes sore and stiff).",
    "Some people feel the room spin when they stand up quickly (vertigo).",
])
def test_a_term_the_sentence_explains_in_brackets_is_not_jargon(audit_text, text):
    assert not [f for f in audit_text(text).findings if f.rule == "READ-JARGON"]


@pytest.mark.parametrize("text", [
    "Many runners get tendinopathy in their first season (see below).",
    "Many runners get tendinopathy in their first season (Okafor 2021).",
    "Many runners get tendinopathy. Recovery can be slow (it may take months).",
])
def test_a_bracket_that_does_not_explain_the_term_leaves_it_jargon(audit_text, text):
    assert [f for f in audit_text(text).findings if f.rule == "READ-JARGON"]
