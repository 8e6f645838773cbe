"""rules/safety/: the knowledge loads, cross-checks, and every recogniser and requirement
does what its own examples say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.checks.safety import load, needs, recognise, recognise_sentence
from pipeline.knowledge import KnowledgeBase
from pipeline.knowledge.loader import KnowledgeError
from pipeline.knowledge.safety import compile_phrase, load_safety
from pipeline.nlp.topic_profile import profile

_KB = KnowledgeBase()
SAFETY = load_safety(_KB.directory)

RECOGNISER_CASES = [
    pytest.param(rec.id, expect, text, id=f"{rec.id}-{expect}-{i}")
    for rec in SAFETY.recognisers.recognisers
    for expect, texts in (("match", rec.examples.match), ("miss", rec.examples.miss))
    for i, text in enumerate(texts)
]
REQUIREMENT_CASES = [
    pytest.param(req.kind, expect, text, id=f"{req.kind}-{expect}-{i}")
    for req in SAFETY.requirements.requirements
    for expect, texts in (("applies", req.examples.applies),
                          ("not_applies", req.examples.not_applies))
    for i, text in enumerate(texts)
]


@pytest.fixture(scope="module")
def index():
    return _KB.load(load)


@pytest.fixture(scope="module")
def parser():
    """The bare spaCy model: recognisers need only its parse (and stay independent of other
    families' components)."""
    import spacy

    from pipeline.config import Config

    return spacy.load(Config().model)


def _sentences(nlp, index, text):
    return index.sentences(nlp(text))


@pytest.mark.parametrize(("rec_id", "expect", "text"), RECOGNISER_CASES)
def test_recogniser_examples(parser, index, rec_id, expect, text):
    rec = next(r for r in SAFETY.recognisers.recognisers if r.id == rec_id)
    found = [e for s in _sentences(parser, index, text)
             if (e := recognise_sentence(index, s, rec)) is not None]
    if expect == "match":
        assert found, f"{rec_id} should recognise {text!r}"
    else:
        assert not found, f"{rec_id} must not recognise {text!r}"


@pytest.mark.parametrize(("kind", "expect", "text"), REQUIREMENT_CASES)
def test_requirement_examples(parser, index, kind, expect, text):
    sentences = _sentences(parser, index, text)
    recognition = recognise(index, sentences)
    prof = profile(index, sentences[0].span.doc, sentences,
                   {e.sentence for e in recognition.evidence},
                   {e.sentence for e in recognition.evidence if e.role in ("help", "consult")})
    kinds = {n.requirement.kind for n in needs(index, prof)}
    if expect == "applies":
        assert kind in kinds, f"{kind} should be required for {text!r} ({prof})"
    else:
        assert kind not in kinds, f"{kind} must not be required for {text!r} ({prof})"


def test_every_recogniser_and_requirement_has_five_examples_each_way():
    for rec in SAFETY.recognisers.recognisers:
        assert len(rec.examples.match) >= 5 and len(rec.examples.miss) >= 5, rec.id
    for req in SAFETY.requirements.requirements:
        assert len(req.examples.applies) >= 5 and len(req.examples.not_applies) >= 5, req.kind


def test_red_flag_sets_cover_the_regions_with_sources():
    sets = SAFETY.red_flags.sets
    assert len(sets) >= 15
    covered = {g for s in sets for g in s.applies.groups} | {
        c for s in sets for c in s.applies.conditions}
    for needed in ("upper_back", "chest", "neck", "lower_back", "sciatic_nerve", "head",
                   "abdomen", "knee", "ankle", "shoulder", "hip", "dizziness"):
        assert needed in covered, needed
    for flag_set in sets:
        assert flag_set.sources and flag_set.wording and flag_set.danger
    heart = next(s for s in sets if "upper_back" in s.applies.groups and s.risk == "high")
    assert "heart attack" in heart.conditions


def test_every_requirement_rule_is_in_the_catalog():
    for req in SAFETY.requirements.requirements:
        assert req.rule in _KB.catalog and req.weak_rule in _KB.catalog
        assert _KB.catalog[req.rule].kind == req.kind
    assert SAFETY.requirements.buried_rule in _KB.catalog
    assert SAFETY.requirements.contradicted_rule in _KB.catalog


def test_not_medical_advice_is_off_by_default():
    assert _KB.catalog["SAFETY-NOT-MEDICAL-ADVICE"].default_enabled is False


@pytest.mark.parametrize("bad", ["", "word?", "don't see", "*?"])
def test_phrase_syntax_errors(bad):
    with pytest.raises(ValueError):
        compile_phrase(bad)


def test_phrase_slots():
    phrase = compile_phrase("see|consult your? doctor|gp")
    assert [sorted(s.words) for s in phrase.slots] == [["consult", "see"], ["your"],
                                                        ["doctor", "gp"]]
    assert phrase.slots[1].optional


def test_unknown_region_group_is_reported_with_file(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(_KB.directory / "safety", rules / "safety")
    path = rules / "safety" / "red_flags.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "applies: {groups: [upper_back]}", "applies: {groups: [upper_bak]}", 1),
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"red_flags\.yaml.*upper_bak"):
        load_safety(rules)
