"""The fast attribute ruler and lemmatizer give exactly the annotations of spaCy's own pipes."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.pipeline.attributeruler import AttributeRuler
from spacy.tokens import Doc

from pipeline.config import DEFAULT_MODEL
from pipeline.nlp.fast_pipes import FastAttributeRuler, FastLemmatizer, speed_up

REPO = Path(__file__).resolve().parent.parent

SENTENCES = [
    "I'd rather you didn't lift it, but she said he'll be fine.",
    "There are 206 bones; there is one heart and there were two kidneys.",
    "Gets worse at night, got better by morning; anyone who can't sleep should rest.",
    "Something, nothing, everybody and nobody: w/out the brace it's   hard.\n\nRest.",
    "Whether or not you run, once you're home take it easy cos it hurts.",
]


@pytest.fixture(scope="module")
def models() -> tuple[Language, Language]:
    """spaCy's pipeline as shipped, and the same pipeline with the fast drop-in."""
    plain = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    fast = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    speed_up(fast)
    return plain, fast


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def _corpus_texts(limit: int) -> list[str]:
    from pipeline.ingest import iter_documents
    from pipeline.knowledge.paths import rules_dir

    paths = sorted((REPO / "corpus" / "articles").iterdir())[:limit]
    return [d.text for d in iter_documents([str(p) for p in paths], rules_dir())
            if hasattr(d, "text")]


def test_replaces_the_pipes_in_place(models: tuple[Language, Language]) -> None:
    plain, fast = models
    assert fast.pipe_names == plain.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(plain.get_pipe("attribute_ruler"), AttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert isinstance(plain.get_pipe("lemmatizer"), Lemmatizer)


def test_the_audit_pipeline_uses_the_fast_pipes() -> None:
    from pipeline.audit import Auditor

    nlp = Auditor().nlp
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)


def test_remembered_lemmas_match_fresh_ones(models: tuple[Language, Language]) -> None:
    plain, fast = models
    text = "The knees ached. Her knees ached again; aching knees ache less after walks."
    first = [t.lemma_ for t in fast(text)]
    assert first == [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]


def test_same_annotations_on_tricky_sentences(models: tuple[Language, Language]) -> None:
    plain, fast = models
    for text in SENTENCES:
        assert _annotations(fast(text)) == _annotations(plain(text)), text


def test_same_annotations_on_corpus_articles(models: tuple[Language, Language]) -> None:
    plain, fast = models
    texts = _corpus_texts(12)
    assert len(texts) == 12
    for text in texts:
        assert _annotations(fast(text)) == _annotations(plain(text))


def test_later_patterns_win_and_multi_token_patterns_apply() -> None:
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "knee"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "knee"}]], {"POS": "PROPN"})  # later: overrides
    ruler.add([[{"LOWER": "shin"}, {"LOWER": "splints"}]], {"LEMMA": "splint"}, index=-1)
    ruler.add([[{"LOWER": {"IN": ["hip", "hips"]}}]], {"LEMMA": "hip"})
    fast = FastAttributeRuler(nlp.vocab)
    fast.load(ruler)
    doc = fast(nlp("knee and hips with shin splints"))
    assert doc[0].pos_ == "PROPN"
    assert doc[2].lemma_ == "hip"
    assert doc[5].lemma_ == "splint" and doc[4].lemma_ == ""


def test_a_pipeline_without_the_pipes_is_left_alone() -> None:
    nlp = spacy.blank("en")
    speed_up(nlp)
    assert nlp.pipe_names == []
