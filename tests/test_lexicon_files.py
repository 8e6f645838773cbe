"""Structure of the generated lexicon (rules/lexicon/*.yaml, built by tools/)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

LEXICON = Path(__file__).resolve().parent.parent / "rules" / "lexicon"
ANATOMY = LEXICON.parent / "anatomy"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SOURCE = re.compile(r"^(wordnet:\S+\.[nvas]\.\d\d|mondo:MONDO:\d{7}|added)$")
CLASS_FILES = ("nouns.yaml", "verbs.yaml", "adjectives.yaml")
LEVELS = {
    "good": {"safe", "helps"},
    "bad": {"unsafe", "harms", "no_effect"},
    "common": {"common", "very_common"},
    "rare": {"uncommon", "rare", "very_rare"},
}


@cache
def load(name: str) -> dict:
    return yaml.load((LEXICON / name).read_text(encoding="utf-8"), Loader=Loader)


GENERATED = (*CLASS_FILES, "hypernyms.yaml", "uberon.yaml")


def test_every_generated_file_loads_and_names_its_source():
    names = sorted(p.name for p in LEXICON.glob("*.yaml"))
    assert set(GENERATED) <= set(names)
    for name in GENERATED:
        data = load(name)
        assert isinstance(data, dict) and data.get("source"), name
    assert (LEXICON / "LICENSE-WordNet.txt").is_file()
    assert (LEXICON / "ATTRIBUTION.md").is_file()


@pytest.mark.parametrize("name", CLASS_FILES)
def test_classes_are_non_empty_lower_case_and_sourced(name):
    classes = load(name)["classes"]
    assert classes
    for class_id, cls in classes.items():
        assert cls["description"] and cls["words"], class_id
        for word, value in cls["words"].items():
            assert isinstance(word, str) and word == word.lower() == word.strip(), word
            assert "_" not in word and "  " not in word, word
            source = value["source"] if isinstance(value, dict) else value
            assert SOURCE.match(source), (class_id, word, source)
        assert set(cls.get("ambiguous") or []) <= set(cls["words"]), class_id


def test_adjective_words_carry_a_level_of_their_class():
    for class_id, cls in load("adjectives.yaml")["classes"].items():
        for word, value in cls["words"].items():
            assert set(value) == {"source", "level"}, word
            assert value["level"] in LEVELS[class_id], (class_id, word, value["level"])


@pytest.mark.parametrize("name", CLASS_FILES)
def test_a_word_is_in_two_classes_only_where_listed(name):
    data = load(name)
    owners: dict[str, list[str]] = {}
    for class_id, cls in data["classes"].items():
        for word in cls["words"]:
            owners.setdefault(word, []).append(class_id)
    shared = {w: sorted(c) for w, c in owners.items() if len(c) > 1}
    assert shared == {w: sorted(c) for w, c in (data.get("overlaps") or {}).items()}


def test_hypernym_and_synonym_keys_are_noun_class_words():
    words = {w for cls in load("nouns.yaml")["classes"].values() for w in cls["words"]}
    data = load("hypernyms.yaml")
    assert data["hypernyms"] and data["synonyms"]
    for table in ("hypernyms", "synonyms"):
        for word, others in data[table].items():
            assert word in words, (table, word)
            assert others and all(o == o.lower() and o != word for o in others), word
    assert "alcohol" in data["hypernyms"]["beer"]
    assert "nsaid" in data["hypernyms"]["ibuprofen"]


def test_uberon_terms_are_complete_and_map_to_known_concepts():
    data = load("uberon.yaml")
    assert data["version"]
    concepts = set()
    for path in ANATOMY.glob("*.yaml"):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        if isinstance(doc, dict):
            concepts |= {c["id"] for c in doc.get("concepts") or []}
    ids = set()
    for term in data["terms"]:
        assert set(term) == {"id", "label", "synonyms", "is_a", "part_of", "concept"}, term
        assert re.match(r"^UBERON:\d{7}$", term["id"]) and term["id"] not in ids
        ids.add(term["id"])
        assert term["label"] == term["label"].lower()
        assert all(s == s.lower() for s in term["synonyms"])
        assert term["concept"] is None or term["concept"] in concepts, term
    assert sum(1 for t in data["terms"] if t["concept"]) > 100
