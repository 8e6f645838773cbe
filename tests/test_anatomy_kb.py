"""The anatomy knowledge base: size, validation, lookups and relations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.knowledge import rules_dir
from pipeline.knowledge.anatomy import load_anatomy
from pipeline.knowledge.loader import KnowledgeError


@pytest.fixture(scope="module")
def kb():
    return load_anatomy(rules_dir())


def test_size_and_every_fact_has_a_reference(kb):
    assert len(kb) >= 400
    assert kb.relation_count >= 1000
    for concept in kb:
        assert concept.ref, f"{concept.id} has no reference"
        assert kb.reference(concept).strip(), concept.id
    for count in kb.counts:
        assert count.ref and kb.cite(count.ref), count


def test_lookup_by_lay_term_synonym_and_misspelling(kb):
    assert kb.lookup("Shoulder Blades").id == "scapula"
    assert kb.lookup("breast bone").id == "sternum"
    assert kb.lookup("hamstings").id == "hamstrings"
    assert kb.lookup("tummy").id == "abdomen"
    assert kb.lookup("no such thing") is None


def test_relations(kb):
    assert "back" in kb.ancestors("upper_back")
    assert "scapula" in kb.descendants("upper_back")
    assert kb.disjoint("upper_back", "neck")
    assert not kb.disjoint("thoracic_spine", "upper_back")
    assert kb.disjoint("liver", "left_lower_quadrant")
    assert not kb.disjoint("liver", "abdomen")
    assert kb.side_of("appendix") == "right"
    assert kb.compose_region("abdomen", "left", "lower", None) == "left_lower_quadrant"
    assert kb.opposite("flexion") == "extension"
    assert "circumduction" in kb["knee"].impossible


def test_referred_pain(kb):
    assert "between_shoulder_blades" in kb.referred_pain_sites("heart")
    assert "gallbladder" in kb.referred_pain_sources("upper_back")
    assert "heart" in kb.referred_pain_sources("upper_back")


def test_unknown_relation_id_is_an_error_naming_file(tmp_path: Path):
    import shutil

    target = tmp_path / "anatomy"
    shutil.copytree(rules_dir() / "anatomy", target)
    bad = target / "zz_bad.yaml"
    bad.write_text("concepts:\n  - {id: widget, kind: organ, names: [widget], "
                   "located_in: [nowhere]}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"zz_bad\.yaml.*nowhere"):
        load_anatomy(tmp_path)


def test_unknown_key_is_rejected(tmp_path: Path):
    import shutil

    target = tmp_path / "anatomy"
    shutil.copytree(rules_dir() / "anatomy", target)
    (target / "zz_bad.yaml").write_text(
        "concepts:\n  - {id: widget, kind: organ, names: [widget], colour: red}\n",
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match="colour"):
        load_anatomy(tmp_path)
