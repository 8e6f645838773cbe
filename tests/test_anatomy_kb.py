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


@pytest.fixture
def anatomy_copy(tmp_path: Path) -> Path:
    """A copy of rules/anatomy to break; load it with ``load_anatomy(tmp_path)``."""
    import shutil

    target = tmp_path / "anatomy"
    shutil.copytree(rules_dir() / "anatomy", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_relation_id_is_an_error_naming_file(anatomy_copy: Path):
    (anatomy_copy / "zz_bad.yaml").write_text(
        "concepts:\n  - {id: widget, kind: organ, names: [widget], located_in: [nowhere]}\n",
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"zz_bad\.yaml.*nowhere"):
        load_anatomy(anatomy_copy.parent)


def test_unknown_key_is_rejected(anatomy_copy: Path):
    (anatomy_copy / "zz_bad.yaml").write_text(
        "concepts:\n  - {id: widget, kind: organ, names: [widget], colour: red}\n",
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match="colour"):
        load_anatomy(anatomy_copy.parent)


def test_a_phase_action_needs_cues_for_its_phases(anatomy_copy: Path):
    _edit(anatomy_copy / "phases.yaml", "      exhale:\n", "      hold:\n")
    with pytest.raises(KnowledgeError, match="phases without cues"):
        load_anatomy(anatomy_copy.parent)


def test_a_stored_substance_needs_a_maker_or_a_store(anatomy_copy: Path):
    _edit(anatomy_copy / "substances.yaml", "stored_in: [liver, skeletal_muscle]",
          "stored_in: []")
    with pytest.raises(KnowledgeError, match="made_by, stored_in or both"):
        load_anatomy(anatomy_copy.parent)


# -- the body map: every locatable concept has a box, and the boxes agree with the facts --

def _centre(r):
    return (r[0] + r[1]) / 2


def _gap(a, b):
    return max(a[0] - b[1], b[0] - a[1], 0)


def _xs(box):
    return [box.x, (-box.x[1], -box.x[0])] if box.paired else [box.x]


def test_every_locatable_concept_has_a_box_on_the_body(kb):
    for c in kb:
        if c.kind in ("class", "system"):
            continue
        assert c.box is not None, f"{c.id} has no box"
        b = c.box
        assert 0 <= b.z[0] <= b.z[1] <= 100, c.id
        assert -16 <= b.x[0] <= b.x[1] <= 16, c.id
        assert b.y is None or 0 <= b.y[0] <= b.y[1] <= 100, c.id
        assert not b.paired or b.x[0] >= 0, f"{c.id}: a paired box gives the left one (x >= 0)"


def test_boxes_agree_with_the_concepts_own_facts(kb):
    """A box overlaps the regions a concept is located in or runs through and the whole it is
    part of; above/below/behind/in front of and the side agree with the boxes' centres."""
    problems = []
    for c in kb:
        b = c.box
        if b is None:
            continue
        for field in ("located_in", "course", "part_of"):
            for r in getattr(c, field):
                rb = kb[r].box
                if rb is None:
                    continue
                gx = min(_gap(p, q) for p in _xs(b) for q in _xs(rb))
                gy = _gap(b.y, rb.y) if b.y and rb.y else 0
                if _gap(b.z, rb.z) > 0.5 or gx > 0.5 or gy > 5:
                    problems.append(f"{c.id} {field} {r}")
        for field, axis, sign in (("above", "z", -1), ("below", "z", 1),
                                  ("behind", "y", 1), ("in_front_of", "y", -1)):
            for o in getattr(c, field):
                ob = kb[o].box
                mine, theirs = getattr(b, axis), getattr(ob, axis) if ob else None
                if mine and theirs and sign * (_centre(mine) - _centre(theirs)) <= 0:
                    problems.append(f"{c.id} {field} {o}")
        if c.side in ("left", "left_of_midline", "right", "right_of_midline") and \
                not b.paired and c.side.startswith("left") != (_centre(b.x) > 0):
            problems.append(f"{c.id} side {c.side}")
        if c.side == "bilateral" and not b.paired:
            problems.append(f"{c.id} bilateral but not paired")
    assert not problems, problems


def test_classic_positions(kb):
    box = {c.id: c.box for c in kb if c.box}
    # the liver mostly on the right under the ribs, the spleen far left, behind the stomach
    assert _centre(box["liver"].x) < 0 and box["liver"].z[0] < 30 < box["liver"].z[1]
    assert box["spleen"].x[0] > 4 and _centre(box["spleen"].y) > _centre(box["stomach"].y)
    assert _centre(box["stomach"].x) > 0
    # the pancreas behind the stomach, across the upper abdomen
    assert _centre(box["pancreas"].y) > _centre(box["stomach"].y)
    assert box["pancreas"].x[0] < 0 < box["pancreas"].x[1]
    # the kidneys at the back either side of the spine, the right one lower
    assert box["kidney"].paired and _centre(box["kidney"].y) > 60
    assert _centre(box["right_kidney"].z) > _centre(box["left_kidney"].z)
    assert box["adrenal_glands"].z[0] < box["kidney"].z[0]
    # the bladder low at the front of the pelvis; the appendix lower right
    assert box["bladder"].z[0] > 40 and _centre(box["bladder"].y) < 40
    assert _centre(box["appendix"].x) < 0 and box["appendix"].z[0] > 39
    # the heart behind the breastbone, about two-thirds left of the midline
    assert box["heart"].x[1] > 1.5 * -box["heart"].x[0]
    assert _centre(box["heart"].y) > _centre(box["sternum"].y)
    # the thyroid in front of the windpipe, below the larynx
    assert _centre(box["thyroid"].y) < _centre(box["trachea"].y)
    assert _centre(box["thyroid"].z) > _centre(box["larynx"].z)


def test_uberon_ids_are_terms_of_the_lexicon(kb):
    import yaml

    data = yaml.safe_load((rules_dir() / "lexicon" / "uberon.yaml").read_text(encoding="utf-8"))
    ids = {t["id"] for t in data["terms"]}
    assert [c.id for c in kb if c.uberon and c.uberon not in ids] == []
    assert sum(1 for c in kb if c.uberon) > 500


def test_a_reference_key_names_one_source():
    """Reference keys are global across rules/anatomy: a key declared in two files must cite
    the same text, or one file's citation silently replaces the other's."""
    import yaml

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted((rules_dir() / "anatomy").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in ((data or {}).get("references") or {}).items():
            if key in seen and seen[key][1] != text:
                clashes.append((key, seen[key][0], path.name))
            seen.setdefault(key, (path.name, text))
    assert clashes == []
