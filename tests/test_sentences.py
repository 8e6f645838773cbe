"""Sentences never cross blocks, and never split where nothing ends a sentence."""

from pipeline.ingest import document_from_text
from pipeline.nlp.model import parse


def sentences(auditor, text, detect_title=True):
    document = document_from_text(text, auditor.knowledge.directory, detect_title=detect_title)
    (_, doc), = parse(auditor.nlp, [document])
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def test_title_case_opening_after_a_title_stays_one_sentence(auditor):
    text = ("Lower Back Pain Relief Tips\n\nLower Back Pain is common in adults. "
            "It usually gets better.\n")
    assert sentences(auditor, text) == ["Lower Back Pain Relief Tips",
                                        "Lower Back Pain is common in adults.",
                                        "It usually gets better."]


def test_headings_and_list_items_are_their_own_sentences(auditor):
    text = ("Neck care\n\nHow to stretch\nTurn your head slowly to the left\n"
            "- Hold for ten seconds\n- If it hurts, stop and rest.\n")
    result = [s.removeprefix("- ") for s in sentences(auditor, text) if s != "-"]
    assert result == ["Neck care", "How to stretch", "Turn your head slowly to the left",
                      "Hold for ten seconds", "If it hurts, stop and rest."]


def test_splits_still_happen_at_sentence_punctuation(auditor):
    text = "Sit tall. Breathe out! Is it sore? Then rest: do less tomorrow."
    assert len(sentences(auditor, text, detect_title=False)) >= 4
