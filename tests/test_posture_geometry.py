"""Posture as contact geometry (rules/anatomy/postures.yaml): the knowledge loads and is
checked against the positions, states and joints; the reader finds contacts, reaches and end
points; the check judges them against the current base position and quotes both sides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.knowledge import rules_dir
from pipeline.knowledge.instructions import load_instructions
from pipeline.knowledge.lexicon import load_lexicon
from pipeline.knowledge.loader import KnowledgeError
from pipeline.knowledge.postures import load_postures
from pipeline.nlp.context import load_context
from pipeline.nlp.readers.postures import PostureReader


def rules_of(result, prefix):
    return [f for f in result.findings if f.rule.startswith(prefix)]


# --- knowledge ---------------------------------------------------------------------------


def test_every_base_position_has_a_geometry(knowledge):
    postures = knowledge.load(load_postures)
    positions = {p.id for p in knowledge.load(load_instructions).positions}
    assert positions <= {g.base for g in postures.geometries}
    for geometry in postures.geometries:
        assert geometry.source in postures.references
        assert set(geometry.faces) == {p for p, part in postures.parts.items() if part.trunk}


GEOMETRY_EXAMPLES = [
    pytest.param(geometry.id, example, id=f"{geometry.id}-{index}")
    for geometry in load_postures(rules_dir()).geometries
    for index, example in enumerate(geometry.examples)
]


@pytest.mark.parametrize(("geometry_id", "text"), GEOMETRY_EXAMPLES)
def test_every_geometry_example_sets_its_position(auditor, geometry_id, text):
    """Each position's examples put the reader in it, and are no error."""
    from pipeline.checks.base import CheckContext
    from pipeline.checks.posture import read_position_matches
    from pipeline.checks.posture.geometry import GeometryJudge
    from pipeline.ingest import document_from_text

    result = auditor.audit_text(text)
    assert not rules_of(result, "POSTURE"), text
    document = document_from_text(text, auditor.knowledge.directory)
    doc = auditor.nlp(text)
    ctx = CheckContext(document=document, doc=doc, knowledge=auditor.knowledge,
                       config=auditor.config)
    judge = GeometryJudge(ctx)
    loaded = auditor.knowledge.load(load_instructions)
    setters = [judge._setter(p, words, s) for s in doc.sents
               for p, words in read_position_matches(s, loaded)]
    assert setters and setters[-1] is not None, text
    assert setters[-1].geometry.id == geometry_id, text


def test_variants_are_chosen_by_the_support_named():
    postures = load_postures(rules_dir())
    assert postures.for_position("sitting", frozenset({"chair"})).id == "sitting_chair"
    assert postures.for_position("sitting", frozenset({"floor"})).id == "sitting_floor"
    assert postures.for_position("sitting").id == "sitting"
    assert postures.for_position("standing", frozenset({"wall"})).id == "wall_lean"


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("change", [
    pytest.param(lambda d: d["positions"][0].update({"colour": "red"}), id="unknown-key"),
    pytest.param(lambda d: d["positions"][0]["faces"].pop("chest"), id="face-missing"),
    pytest.param(lambda d: d["positions"][0].update({"base": "levitating"}), id="bad-base"),
    pytest.param(lambda d: d["positions"][0].update({"loads": ["liver"]}), id="load-not-joint"),
    pytest.param(lambda d: d["reaches"][0].update({"movement": "circumduction"}),
                 id="movement-the-joint-lacks"),
    pytest.param(lambda d: d["reaches"][0].update({"held_by": ["no_such_state"]}),
                 id="unknown-state"),
    pytest.param(lambda d: d["endpoints"][0].update({"movement": "pronation"}),
                 id="no-range"),
    pytest.param(lambda d: d["positions"][0].update({"source": "nowhere"}), id="bad-source"),
])
def test_malformed_postures_are_rejected(tmp_path, change):
    target = _copy_rules(tmp_path)
    _edit(target / "anatomy" / "postures.yaml", change)
    with pytest.raises(KnowledgeError):
        load_postures.__wrapped__(target)


def test_a_position_without_geometry_is_rejected(tmp_path):
    target = _copy_rules(tmp_path)
    _edit(target / "instructions" / "positions.yaml",
          lambda d: d["positions"].append({"id": "handstand", "label": "handstand",
                                           "cues": ["handstand"]}))
    with pytest.raises(KnowledgeError, match="handstand"):
        load_postures.__wrapped__(target)


# --- reading -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader():
    directory = rules_dir()
    return PostureReader(load_postures(directory), load_lexicon(directory),
                         load_context(directory), load_instructions(directory).sides)


def _contacts(nlp, reader, text):
    doc = nlp(text)
    return [(c.part, c.support, c.side, c.located, doc[c.first:c.last + 1].text,
             c.asked) for s in doc.sents for c in reader.step(s).contacts]


@pytest.mark.parametrize(("text", "expected"), [
    ("Press both palms flat on the wall in front of you.",
     ("hand", "wall", "both", "ahead", "Press both palms flat on the wall in front of you")),
    ("Stand with your back pressed firmly against the wall.",
     ("back", "wall", None, None, "with your back pressed firmly against the wall")),
    ("Rest both elbows on the floor behind your heels.",
     ("elbow", "floor", "both", "behind", "Rest both elbows on the floor behind your heels")),
    ("Lie with the backs of your hands on the mat.",
     ("hand_back", "floor", "both", None, "with the backs of your hands on the mat")),
    ("Touch the floor with your fingertips.",
     ("hand", "floor", "both", None, "Touch the floor with your fingertips")),
    ("Rest your left hand on the back of the chair.",
     ("hand", "chair", "left", None, "Rest your left hand on the back of the chair")),
    ("Sit and press your back flat against the seat.",
     ("back", "chair", None, None, "press your back flat against the seat")),
])
def test_contacts_are_read(nlp, reader, text, expected):
    found = _contacts(nlp, reader, text)
    assert found and found[0][:5] == expected, found


@pytest.mark.parametrize("text", [
    "Squeeze your pelvic floor muscles.",
    "Put your hand on the back of your knee.",
    "Lean back against the wall.",
    "The floor of the car should be flat.",
])
def test_no_contact_is_read(nlp, reader, text):
    assert not _contacts(nlp, reader, text), text


def test_negated_and_hedged_contacts_are_not_asked(nlp, reader):
    assert not _contacts(nlp, reader, "Don't rest your forehead on the floor.")[0][5]
    assert not _contacts(nlp, reader, "You might rest your forehead on the floor.")[0][5]
    assert _contacts(nlp, reader, "Rest your forehead on the floor.")[0][5]


def test_reaches_and_end_points_are_read(nlp, reader):
    doc = nlp("Bring both heels to your buttocks. Lift your leg until it points at the ceiling.")
    first, second = list(doc.sents)
    reach = reader.step(first).reaches
    assert [(r.reach.id, r.side) for r in reach] == [("heel_to_buttock", "both")]
    assert [e.endpoint.id for e in reader.step(second).endpoints] == [
        "prone_leg_to_vertical", "side_lying_leg_to_vertical"]


def test_turns_and_unnamed_changes_of_position(nlp, reader):
    doc = nlp("Turn around and roll over.")
    step = reader.step(next(iter(doc.sents)))
    assert step.turn == 0 and step.change is not None
    doc = nlp("Turn your head and lower your arms.")
    step = reader.step(next(iter(doc.sents)))
    assert step.turn is None and step.change is None


# --- judging -----------------------------------------------------------------------------


def test_the_issue_sentences_fire_with_both_sides_quoted(audit_text):
    result = audit_text("Stand with your back against the wall and press both palms flat on "
                        "the wall in front of you.")
    [hit] = rules_of(result, "POSTURE")
    assert hit.rule == "POSTURE-IMPOSSIBLE" and hit.category == "anatomy"
    assert hit.quote == "press both palms flat on the wall in front of you"
    assert any("back against the wall" in r.quote for r in hit.related)
    assert "behind you" in hit.message and "in front of you" in hit.message
    assert "turns the reader to face the wall" in hit.suggestion
    assert hit.references and "Source:" in hit.explanation

    result = audit_text("Stand tall and rest both elbows on the floor behind your heels.")
    assert rules_of(result, "POSTURE-IMPOSSIBLE")


def test_trunk_contact_quotes_the_position_words(audit_text):
    result = audit_text("Lie on your back with your knees bent.\n\n"
                        "Rest your forehead on the floor and breathe.")
    [hit] = rules_of(result, "POSTURE-IMPOSSIBLE")
    assert hit.quote == "Rest your forehead on the floor"
    assert hit.related[0].quote.startswith("Lie on your back")
    assert "faces the ceiling" in hit.explanation
    assert "lying on your front" in hit.suggestion


def test_a_new_position_or_a_turn_resets_the_geometry(audit_text):
    assert not rules_of(audit_text("Lie on your back. Now roll onto your front and press "
                                   "your chest into the floor."), "POSTURE")
    assert not rules_of(audit_text("Stand with your back against the wall. Turn around and "
                                   "press both palms flat on the wall in front of you."),
                        "POSTURE")


def test_an_unnamed_change_of_position_is_not_judged(audit_text):
    result = audit_text("Lie on your back. Roll over and press your chest into the mat.")
    assert not [f for f in rules_of(result, "POSTURE")
                if f.quote == "press your chest into the mat"]


@pytest.mark.parametrize(("text", "position"), [
    ("Get into a side plank on your right forearm.", "side_plank"),
    ("Hold a forearm plank for 20 seconds.", "forearm_plank"),
    ("Kneel on one knee.", "half_kneeling"),
])
def test_the_longer_position_cue_wins(nlp, knowledge, text, position):
    from pipeline.checks.posture import read_positions

    loaded = knowledge.load(load_instructions)
    assert [p.id for s in nlp(text).sents for p in read_positions(s, loaded)] == [position]


@pytest.mark.parametrize(("text", "fires"), [
    ("Lie on your back and press your palms into the wall in front of you.", True),
    ("Lie on your front with your arms stretched out on the floor in front of you.", False),
    ("Lie on your side with your top hand on the floor in front of you.", False),
    ("Stand facing the wall and press your palms into the wall in front of you.", False),
])
def test_in_front_of_you_follows_the_facing(audit_text, text, fires):
    assert bool(rules_of(audit_text(text), "POSTURE")) is fires, text


@pytest.mark.parametrize("text", [
    "It is a myth that you should lie on your back and rest your forehead on the floor.",
    "Never lie on your back and rest your forehead on the floor.",
    "Should you lie on your back and rest your forehead on the floor?",
    "You may lie on your back and rest your forehead on the floor.",
    "Some people lie on their back and rest their forehead on the floor.",
    "If you lie on your back, rest your forehead on the floor.",
])
def test_context_keeps_it_quiet(audit_text, text):
    assert not rules_of(audit_text(text), "POSTURE"), text


def test_a_wall_left_behind_is_a_transition_across_steps(audit_text):
    result = audit_text("Stand with your back against a wall. Place your hands on the wall in "
                        "front of you and push.")
    [hit] = rules_of(result, "POSTURE-TRANSITION")
    assert hit.category == "contradiction"
    assert hit.quote == "Place your hands on the wall in front of you"
    assert "back against a wall" in hit.related[-1].quote


def test_reach_against_a_held_joint_state(audit_text):
    same = audit_text("Keeping your legs straight, slide your heels towards your buttocks.")
    [hit] = rules_of(same, "POSTURE-IMPOSSIBLE")
    assert "knee flexion" in hit.message and "legs straight" in hit.message
    later = audit_text("Keep your knees straight throughout. Pull your heels up to your "
                       "buttocks.")
    [hit] = rules_of(later, "POSTURE-CONFLICT")
    assert hit.related and "knees straight" in hit.related[0].quote
    released = audit_text("Keep your knees straight throughout. Then bend your knees and "
                          "bring your heels to your buttocks.")
    assert not rules_of(released, "POSTURE")


@pytest.mark.parametrize(("text", "fires"), [
    ("Stand tall and pull both heels up to your buttocks.", True),
    ("Stand on one leg and pull your other heel up to your buttock.", False),
    ("Stand and kick your heels up to your buttocks alternately.", False),
    ("Sit on a chair and pull your right heel up to your buttock.", True),
    ("Sit on the floor and pull your right heel in towards your buttock.", False),
    ("Get down on all fours and hug both knees to your chest.", True),
    ("Hang from a bar and bring both knees up to your chest.", False),
])
def test_reaches_against_the_position(audit_text, text, fires):
    assert bool(rules_of(audit_text(text), "POSTURE-IMPOSSIBLE")) is fires, text


def test_end_point_beyond_the_joint_range(audit_text):
    result = audit_text("Lie face down and lift one leg until it points at the ceiling.")
    [hit] = rules_of(result, "ANAT-MOVEMENT")
    assert "90 degrees" in hit.message and "30" in hit.message
    assert hit.related and hit.related[0].quote.startswith("Lie face down")
    assert not rules_of(audit_text("Lie on your back and lift one leg until it points at "
                                   "the ceiling."), "ANAT-MOVEMENT")


def test_a_switched_off_rule_leaves_the_step_to_the_others(auditor):
    from pipeline.audit import Auditor

    quiet = Auditor(auditor.config.merged(disable=["POSTURE-IMPOSSIBLE"]), auditor.knowledge)
    quiet._nlp = auditor.nlp
    result = quiet.audit_text("Lie on your back and rest your forehead on the floor.")
    assert not rules_of(result, "POSTURE")
