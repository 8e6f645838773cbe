"""The anatomy knowledge base: concepts, relations, counts and referred pain from rules/anatomy/.

Every ``rules/anatomy/*.yaml`` file except ``rules.yaml``, ``counts.yaml``, ``layers.yaml``,
``referred_pain.yaml`` and ``lexicon.yaml`` holds concepts::

    references: {openstax-23: "OpenStax Anatomy and Physiology 2e, 23.6 ..."}
    ref: openstax-23            # default reference of every fact in the file
    concepts:
      - id: liver
        kind: organ
        names: [liver]          # lay names and synonyms; the first is the display name
        misspellings: [livor]
        located_in: [right_upper_quadrant, epigastric_region]
        side: right

:func:`load_anatomy` validates everything (unknown keys, unknown ids in relations, clashing
names) and builds an immutable :class:`AnatomyKB` with lookups by id, by term, by relation,
and referred pain by organ or region. Other families import it::

    kb = ctx.knowledge.load(load_anatomy)
    kb.lookup("shoulder blade")            # -> Concept(id="scapula", ...)
    kb.referred_pain_sites("heart")        # -> ("chest", "left_arm", ...)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

Kind = Literal[
    "region", "bone", "joint", "muscle", "muscle_group", "tendon", "ligament", "cartilage",
    "nerve", "spinal_nerve", "organ", "vessel", "gland", "structure", "system", "class",
    "fluid", "tissue", "cavity",
]
Side = Literal["left", "right", "midline", "left_of_midline", "right_of_midline", "bilateral"]
Aspect = Literal["front", "back", "side", "inside", "outside"]
Vertical = Literal["upper", "middle", "lower"]

MOVEMENTS = (
    "flexion", "extension", "hyperextension", "abduction", "adduction", "rotation",
    "internal_rotation", "external_rotation", "circumduction", "lateral_flexion",
    "elevation", "depression", "protraction", "retraction", "pronation", "supination",
    "dorsiflexion", "plantarflexion", "inversion", "eversion", "opposition", "gliding",
    "upward_rotation", "downward_rotation", "stabilisation", "compression", "breathing",
)
OPPOSITES: Mapping[str, str] = MappingProxyType({
    **{a: b for a, b in (
        ("flexion", "extension"), ("abduction", "adduction"), ("elevation", "depression"),
        ("dorsiflexion", "plantarflexion"), ("internal_rotation", "external_rotation"),
        ("pronation", "supination"), ("inversion", "eversion"),
        ("protraction", "retraction"), ("upward_rotation", "downward_rotation"),
    )},
    **{b: a for a, b in (
        ("flexion", "extension"), ("abduction", "adduction"), ("elevation", "depression"),
        ("dorsiflexion", "plantarflexion"), ("internal_rotation", "external_rotation"),
        ("pronation", "supination"), ("inversion", "eversion"),
        ("protraction", "retraction"), ("upward_rotation", "downward_rotation"),
    )},
})
RELATION_FIELDS = ("part_of", "located_in", "overlaps", "adjacent", "connects", "crosses",
                   "course", "supplies", "articulates", "above", "below", "behind",
                   "in_front_of", "is_a", "flows_from", "flows_to", "between")


class Compose(StrictModel):
    """How a sub-region is named from a base region and directions ("lower left abdomen")."""

    base: str
    side: Literal["left", "right"] | None = None
    vertical: Vertical | None = None
    aspect: Aspect | None = None


class Action(StrictModel):
    """A muscle's action: ``movement`` at ``target`` (a joint, bone or region id)."""

    movement: str
    target: str

    @field_validator("movement")
    @classmethod
    def _known_movement(cls, value: str) -> str:
        if value not in MOVEMENTS:
            raise ValueError(f"movement {value!r} is not one of {', '.join(MOVEMENTS)}")
        return value


def _parse_actions(value: object) -> object:
    """Accept the compact form ``"flexion@knee"`` as well as ``{movement, target}``."""
    if isinstance(value, list):
        out: list[object] = []
        for item in value:
            if isinstance(item, str):
                movement, _, target = item.partition("@")
                out.append({"movement": movement.strip(), "target": target.strip()})
            else:
                out.append(item)
        return out
    return value


class Box(StrictModel):
    """Where a structure lies on a coarse map of the body in the anatomical position
    (standing, facing forward, arms at the sides, palms forward), as ranges on three axes:

    - ``z``: height, in percent of body height, from the top of the head (0) to the soles
      (100): chin 13, shoulders 18, nipples 28, navel 40, groin 50, fingertips 62, knee
      72-77, ankle 96;
    - ``x``: side, in percent of body height from the midline (0), the body's own left
      positive and its right negative: the trunk spans about -10..10, the arms hang at
      about 10..14 on each side, the legs at about 2..10;
    - ``y``: depth, from the front surface (0) to the back surface (100) of the part of the
      body it lies in (the trunk for organs, the limb for limb structures).

    ``paired``: there is one on each side, mirrored (x gives the left one's range when
    positive, the right one's when negative). Boxes are coarse on purpose: a claim is judged
    wrong only when the boxes are apart by a clear margin (see
    :mod:`pipeline.knowledge.body_map`)."""

    z: tuple[float, float]
    x: tuple[float, float]
    y: tuple[float, float] | None = None
    paired: bool = False

    @field_validator("z", "x", "y")
    @classmethod
    def _ordered(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and value[0] > value[1]:
            raise ValueError(f"range {value} must go from low to high")
        return value


class Concept(StrictModel):
    """One body structure or region and its facts."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind
    names: list[str] = Field(min_length=1)
    misspellings: list[str] = Field(default_factory=list)
    part_of: list[str] = Field(default_factory=list)
    located_in: list[str] = Field(default_factory=list)
    overlaps: list[str] = Field(default_factory=list)
    adjacent: list[str] = Field(default_factory=list)
    connects: list[str] = Field(default_factory=list)
    articulates: list[str] = Field(default_factory=list)
    crosses: list[str] = Field(default_factory=list)
    course: list[str] = Field(default_factory=list)
    supplies: list[str] = Field(default_factory=list)
    above: list[str] = Field(default_factory=list)
    below: list[str] = Field(default_factory=list)
    behind: list[str] = Field(default_factory=list)
    in_front_of: list[str] = Field(default_factory=list)
    side: Side | None = None
    aspect: Aspect | None = None
    mediolateral: Literal["medial", "lateral", "central"] | None = None
    is_a: list[str] = Field(default_factory=list)
    flows_from: list[str] = Field(default_factory=list)
    flows_to: list[str] = Field(default_factory=list)
    #: what it lies between ("the intercostal muscles lie between the ribs"); when given,
    #: complete enough that "X lies between A and B" naming none of them is wrong
    between: list[str] = Field(default_factory=list)
    compose: Compose | None = None
    joint_type: str | None = None
    movements: list[str] = Field(default_factory=list)
    impossible: list[str] = Field(default_factory=list)
    ranges: dict[str, int] = Field(default_factory=dict)
    cannot_touch: list[list[str]] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    description: str | None = None
    #: position on the coarse body map (see :class:`Box`)
    box: Box | None = None
    #: depth: on the surface, just under the skin, deep in a limb or the trunk wall, in a
    #: body cavity, or inside an organ
    depth: Literal["surface", "under_skin", "deep", "cavity", "inside_organ"] | None = None
    #: the UBERON term it corresponds to
    uberon: str | None = Field(default=None, pattern=r"^UBERON:\d{7}$")
    ref: str | None = None
    match: bool = True

    _actions = field_validator("actions", mode="before")(_parse_actions)

    @field_validator("movements", "impossible")
    @classmethod
    def _known_movements(cls, value: list[str]) -> list[str]:
        for movement in value:
            if movement not in MOVEMENTS:
                raise ValueError(f"movement {movement!r} is not one of {', '.join(MOVEMENTS)}")
        return value

    @property
    def name(self) -> str:
        """The display name."""
        return self.names[0]


class ConceptFile(StrictModel):
    """A file of concepts."""

    references: dict[str, str] = Field(default_factory=dict)
    ref: str | None = None
    concepts: list[Concept]


class Count(StrictModel):
    """``whole`` has ``value`` of ``part`` (``accept`` lists other correct ways to count)."""

    whole: str
    part: str
    value: int
    accept: list[int] = Field(default_factory=list)
    pairs: int | None = None
    age: Literal["adult", "newborn", "any"] = "adult"
    note: str | None = None
    ref: str | None = None


class CountFile(StrictModel):
    """``counts.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    ref: str | None = None
    counts: list[Count]


class Layering(StrictModel):
    """The layers of one organ, from the outside in ("the skin: epidermis, dermis,
    hypodermis")."""

    of: str
    outer_to_inner: list[str] = Field(min_length=2)
    ref: str | None = None


class LayerFile(StrictModel):
    """``layers.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    layerings: list[Layering]


class PhaseMotion(StrictModel):
    """What a structure does in one phase of a cycle: the motions that are right and the
    ones that are wrong ("when you breathe in, the diaphragm contracts and flattens"; it
    does not relax or rise). A motion is a verb lemma, optionally with its direction
    ("move down")."""

    right: list[str] = Field(min_length=1)
    wrong: list[str] = Field(min_length=1)


class PhaseAction(StrictModel):
    """A structure whose motion depends on the phase of a cycle (breathing in or out)."""

    concept: str
    phases: dict[str, PhaseMotion] = Field(min_length=1)
    ref: str


class PhaseFile(StrictModel):
    """``phases.yaml``: the cues that name each phase and what structures do in it."""

    references: dict[str, str] = Field(default_factory=dict)
    #: phase -> the words that name it, as lemmas ("breathe in", "inhale", "in - breath")
    cues: dict[str, list[str]] = Field(min_length=1)
    #: words that give a motion its direction, and the direction ("upwards" -> "up")
    directions: dict[str, str] = Field(default_factory=dict)
    actions: list[PhaseAction]

    @model_validator(mode="after")
    def _known_phases(self) -> PhaseFile:
        for action in self.actions:
            unknown = set(action.phases) - set(self.cues)
            if unknown:
                raise ValueError(f"{action.concept}: phases without cues: {sorted(unknown)}")
        return self


class ReferredPain(StrictModel):
    """Pain from ``source`` is often felt at ``sites``."""

    source: str
    sites: list[str]
    note: str | None = None
    ref: str | None = None


class ReferredFile(StrictModel):
    """``referred_pain.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    ref: str | None = None
    patterns: list[ReferredPain]


class Condition(StrictModel):
    """A named condition and where in the body it is (``conditions.yaml``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    names: list[str] = Field(min_length=1)
    site: list[str] = Field(min_length=1)
    aspect: Aspect | None = None
    structure: str | None = None
    not_in: list[str] = Field(default_factory=list)
    not_a: list[str] = Field(default_factory=list)
    what: str
    ref: str | None = None

    @property
    def name(self) -> str:
        """The display name."""
        return self.names[0]


class ConditionFile(StrictModel):
    """``conditions.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    ref: str | None = None
    conditions: list[Condition]


class Substance(StrictModel):
    """Something the body makes: which organs make it, which store it, and where the organs
    release it ("the pancreas releases its enzymes into the small intestine")."""

    names: list[str] = Field(min_length=1)
    made_by: list[str] = Field(default_factory=list)
    stored_in: list[str] = Field(default_factory=list)
    released_into: list[str] = Field(default_factory=list)
    ref: str | None = None

    @model_validator(mode="after")
    def _made_or_stored(self) -> Substance:
        """A substance the body takes in (iron) has stores but no maker; every substance
        has one or the other."""
        if not self.made_by and not self.stored_in:
            raise ValueError(f"{self.names[0]}: give made_by, stored_in or both")
        return self


class Absorption(StrictModel):
    """Where the body takes something in ("nutrients are absorbed in the small intestine"):
    a claim that another organ absorbs it is wrong."""

    names: list[str] = Field(min_length=1)
    absorbed_in: list[str] = Field(min_length=1)
    ref: str | None = None


class Pump(StrictModel):
    """What moves a fluid round the body by pumping ("the heart pumps blood"): a claim that
    another organ pumps it is wrong."""

    names: list[str] = Field(min_length=1)
    pumped_by: list[str] = Field(min_length=1)
    ref: str | None = None


class MovementCue(StrictModel):
    """How a description of a movement shows it: a part it moves and a direction word (or,
    failing one, the verb)."""

    targets: list[str] = Field(min_length=1)
    words: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)


class MovementTerm(StrictModel):
    """A named movement ("supination") and the descriptions that fit it."""

    movement: str
    names: list[str] = Field(min_length=1)
    description: str
    cues: list[MovementCue] = Field(min_length=1)
    ref: str | None = None


class MovementFile(StrictModel):
    """``movements.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    ref: str | None = None
    terms: list[MovementTerm]


class SubstanceFile(StrictModel):
    """``substances.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    substances: list[Substance]
    pumps: list[Pump] = Field(default_factory=list)
    absorptions: list[Absorption] = Field(default_factory=list)


class DirectionalFunction(StrictModel):
    """"pull the toes up" is dorsiflexion: words after a verb that name the movement."""

    words: list[str]
    targets: list[str]
    movement: str
    at: str | None = None  # the joint that makes it ("knee towards the chest": the hip)


class Superlative(StrictModel):
    """``subject`` is the ``word`` ``of_kind`` in the body (the largest nerve)."""

    word: str
    of_kind: str
    subject: str
    #: first only among the internal ones (the liver is the largest internal organ; the
    #: skin is the largest organ of all)
    internal: bool = False
    ref: str | None = None


class Lexicon(StrictModel):
    """``lexicon.yaml``: the words claims are made of (verbs, directions, qualifiers)."""

    references: dict[str, str] = Field(default_factory=dict)
    sides: dict[str, Literal["left", "right", "middle"]]
    verticals: dict[str, Vertical]
    aspects: dict[str, Aspect]
    surface_tops: list[str] = Field(default_factory=list)
    #: superlatives that say the same as a listed one ("tiniest" -> "smallest")
    superlative_synonyms: dict[str, str] = Field(default_factory=dict)
    #: ordinals that rank a superlative ("the second-largest organ")
    ordinals: dict[str, int] = Field(default_factory=dict)
    location_verbs: list[str]
    course_verbs: list[str]
    location_preps: list[str]
    count_verbs: list[str]
    approximate: list[str]
    young: list[str]
    function_verbs: dict[str, str]
    movement_verbs: dict[str, str]
    movement_modifiers: dict[str, str]
    identity_nouns: list[str]
    part_nouns: list[str]
    naming_phrases: list[str]
    pronouns: list[str]
    generic_heads: list[str]
    extra_terms: dict[str, str] = Field(default_factory=dict)
    naming_verbs: list[str] = Field(default_factory=list)
    covering_verbs: list[str] = Field(default_factory=list)
    spreading_verbs: list[str] = Field(default_factory=list)
    disjoint_classes: list[list[str]] = Field(default_factory=list)
    flow_verbs: list[str] = Field(default_factory=list)
    supplying_verbs: list[str] = Field(default_factory=list)
    pumping_verbs: list[str] = Field(default_factory=list)
    body_words: list[str] = Field(default_factory=list)
    pain_words: list[str] = Field(default_factory=list)
    modifiers_of_other: list[str] = Field(default_factory=list)
    joining_verbs: list[str] = Field(default_factory=list)
    subset_words: list[str] = Field(default_factory=list)
    young_modifiers: list[str] = Field(default_factory=list)
    ranking_modifiers: list[str] = Field(default_factory=list)
    variant_words: list[str] = Field(default_factory=list)
    list_adverbs: list[str] = Field(default_factory=list)
    material_heads: list[str] = Field(default_factory=list)
    whole_set_words: list[str] = Field(default_factory=list)
    whole_set_nouns: list[str] = Field(default_factory=list)
    joint_types: dict[str, str] = Field(default_factory=dict)
    directional_verbs: list[str] = Field(default_factory=list)
    directional_functions: list[DirectionalFunction] = Field(default_factory=list)
    antonyms: dict[str, str] = Field(default_factory=dict)
    superlatives: list[Superlative] = Field(default_factory=list)
    relative_preps: dict[str, str] = Field(default_factory=dict)
    part_words: list[str] = Field(default_factory=list)
    symptom_words: list[str] = Field(default_factory=list)
    #: adjectives of size, rank or load that leave a body part's name a name ("the big
    #: weight-bearing shin bone"); any other adjective makes it a description ("an upset
    #: stomach", "a clear, flexible disc")
    size_adjectives: list[str] = Field(default_factory=list)
    making_verbs: list[str] = Field(default_factory=list)
    storing_verbs: list[str] = Field(default_factory=list)
    releasing_verbs: list[str] = Field(default_factory=list)
    absorbing_verbs: list[str] = Field(default_factory=list)
    place_preps: list[str] = Field(default_factory=list)
    destination_preps: list[str] = Field(default_factory=list)
    absorbed_preps: list[str] = Field(default_factory=list)
    scarce_words: list[str] = Field(default_factory=list)
    vague_gut_names: list[str] = Field(default_factory=list)
    layer_nouns: list[str] = Field(default_factory=list)
    layer_positions: dict[str, Literal["outermost", "innermost", "inner", "middle"]] = \
        Field(default_factory=dict)
    nerve_supply_verbs: list[str] = Field(default_factory=list)
    nerve_supply_nouns: list[str] = Field(default_factory=list)
    purpose_words: list[str] = Field(default_factory=list)
    location_phrasals: list[str] = Field(default_factory=list)
    rarity_words: list[str] = Field(default_factory=list)
    site_prepositions: frozenset[str] = frozenset()
    affect_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AnatomyKB:
    """The indexed, immutable anatomy knowledge base."""

    concepts: Mapping[str, Concept]
    references: Mapping[str, str]
    terms: Mapping[str, str]
    parents: Mapping[str, frozenset[str]]
    children: Mapping[str, frozenset[str]]
    counts: tuple[Count, ...]
    referred: Mapping[str, tuple[str, ...]]
    referred_to: Mapping[str, tuple[str, ...]]
    referred_refs: Mapping[str, str]
    lexicon: Lexicon
    composed: Mapping[tuple[str, str | None, str | None, str | None], str]
    relation_count: int
    conditions: Mapping[str, Condition] = dc_field(default_factory=dict)
    substances: tuple[Substance, ...] = ()
    pumps: tuple[Pump, ...] = ()
    movement_terms: tuple[MovementTerm, ...] = ()
    layerings: tuple[Layering, ...] = ()
    absorptions: tuple[Absorption, ...] = ()
    phase_cues: Mapping[str, tuple[str, ...]] = dc_field(default_factory=dict)
    phase_directions: Mapping[str, str] = dc_field(default_factory=dict)
    phase_actions: Mapping[str, PhaseAction] = dc_field(default_factory=dict)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def get(self, concept_id: str) -> Concept | None:
        """The concept with ``concept_id``, or None."""
        return self.concepts.get(concept_id)

    def __getitem__(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def lookup(self, term: str) -> Concept | None:
        """The concept a lay term, synonym or misspelling names (case-insensitive)."""
        concept_id = self.terms.get(" ".join(term.lower().split()))
        return self.concepts.get(concept_id) if concept_id else None

    def reference(self, concept: Concept | str) -> str:
        """The full citation behind a concept's facts."""
        c = self.concepts[concept] if isinstance(concept, str) else concept
        return self.references.get(c.ref or "", c.ref or "")

    def cite(self, key: str | None) -> str:
        """The full citation of a reference key."""
        return self.references.get(key or "", key or "")

    def ancestors(self, concept_id: str) -> frozenset[str]:
        """Everything ``concept_id`` is (transitively) part of or located in, itself excluded."""
        return self.parents.get(concept_id, frozenset())

    def nested(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are the same concept or one is part of the other."""
        return a == b or b in self.ancestors(a) or a in self.ancestors(b)

    def substance(self, name: str) -> Substance | None:
        """The substance whose first name is ``name``."""
        return next((x for x in self.substances if x.names[0] == name), None)

    def layer(self, concept_id: str) -> tuple[Layering, int] | None:
        """The layering ``concept_id`` is a layer of, and its place from the outside (0)."""
        for layering in self.layerings:
            if concept_id in layering.outer_to_inner:
                return layering, layering.outer_to_inner.index(concept_id)
        return None

    def absorption(self, name: str) -> Absorption | None:
        """Where the thing whose first name is ``name`` is absorbed."""
        return next((x for x in self.absorptions if x.names[0] == name), None)

    def absorbed_in(self, words: str) -> str | None:
        """The first name of the absorbed thing named first in ``words``."""
        return _named_first(words, [a.names for a in self.absorptions])

    def substance_in(self, words: str) -> str | None:
        """The first name of the substance named first in ``words`` (whole words, any
        case): "thyroid hormone" in "the gland's thyroid hormone output"; ACTH in "ACTH, a
        hormone that makes the adrenals produce cortisol"."""
        return _named_first(words, [sub.names for sub in self.substances])

    def descendants(self, concept_id: str) -> frozenset[str]:
        """Everything (transitively) part of or located in ``concept_id``."""
        return self.children.get(concept_id, frozenset())

    def synonyms(self, concept_id: str) -> tuple[str, ...]:
        """All names of a concept."""
        return tuple(self.concepts[concept_id].names)

    def related(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are the same, nested, overlapping or directly linked."""
        if a == b:
            return True
        up_a = self.ancestors(a) | {a}
        up_b = self.ancestors(b) | {b}
        if b in up_a or a in up_b:
            return True
        for x in up_a:
            cx = self.concepts[x]
            links = set(cx.overlaps) | set(cx.articulates) | set(cx.crosses) | set(cx.connects)
            links |= set(cx.course)
            if links & (up_b | self.descendants(b)):
                return True
        for y in up_b:
            cy = self.concepts[y]
            links = set(cy.overlaps) | set(cy.articulates) | set(cy.crosses) | set(cy.connects)
            links |= set(cy.course)
            if links & (up_a | self.descendants(a)):
                return True
        return False

    def places(self, concept_id: str) -> frozenset[str]:
        """The regions a structure is in (a region is its own place)."""
        c = self.concepts[concept_id]
        direct = set(c.located_in) | set(c.course)
        if not direct and c.kind not in ("region", "joint", "bone"):
            direct = set(c.part_of)
        if c.kind == "region" or not direct:
            direct.add(concept_id)
        return frozenset(direct)

    def disjoint(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` share no place: neither nested in, overlapping nor linked
        to the other. Only then can "a is b" or "a is in b" be called wrong."""
        if self.related(a, b):
            return False
        return all(not self.related(x, y) for x in self.places(a) for y in self.places(b))

    def side_of(self, concept_id: str) -> str | None:
        """The side of the body a structure is on, inherited from where it lies."""
        c = self.concepts[concept_id]
        if c.side:
            return c.side
        sides = {self.concepts[p].side for p in c.located_in if self.concepts[p].side}
        return sides.pop() if len(sides) == 1 else None

    def compose_region(self, base: str, side: str | None, vertical: str | None,
                       aspect: str | None) -> str | None:
        """The sub-region of ``base`` named by directions ("lower" + "left" + abdomen)."""
        for key in ((base, side, vertical, aspect), (base, side, vertical, None),
                    (base, side, None, aspect), (base, None, vertical, aspect)):
            if key in self.composed and any(key[1:]):
                return self.composed[key]
        return None

    def counts_for(self, part: str, whole: str | None) -> list[Count]:
        """Count facts for ``part`` (in ``whole``, or anywhere when ``whole`` is None)."""
        return [c for c in self.counts if c.part == part and (whole is None or c.whole == whole)]

    def referred_pain_sites(self, source: str) -> tuple[str, ...]:
        """Regions where pain from organ/structure ``source`` is commonly felt."""
        return self.referred.get(source, ())

    def referred_pain_sources(self, region: str) -> tuple[str, ...]:
        """Organs/structures whose pain can be felt at ``region`` (or a sub-region of it)."""
        found: list[str] = []
        for site in (region, *sorted(self.descendants(region))):
            for source in self.referred_to.get(site, ()):
                if source not in found:
                    found.append(source)
        return tuple(found)

    def by_kind(self, kind: str) -> list[Concept]:
        """All concepts of a kind."""
        return [c for c in self.concepts.values() if c.kind == kind]

    def opposite(self, movement: str) -> str | None:
        """The antagonist movement (flexion -> extension)."""
        return OPPOSITES.get(movement)


def _named_first(words: str, names: list[list[str]]) -> str | None:
    """Of entries given by their names, the first name of the one named earliest in
    ``words`` (whole words, any case; the longer name wins at one place)."""
    padded = " " + " ".join(re.sub(r"[^\w\s'-]", " ", words.lower()).split()) + " "
    found = [(at, -len(name), entry[0]) for entry in names for name in entry
             if (at := padded.find(f" {name.lower()} ")) >= 0]
    return min(found)[2] if found else None


NON_CONCEPT_FILES = {"rules.yaml", "counts.yaml", "referred_pain.yaml", "lexicon.yaml",
                     "conditions.yaml", "substances.yaml", "movements.yaml",
                     "postures.yaml", "layers.yaml", "phases.yaml"}


def _check_ref(path: Path, what: str, ref: str | None, references: Mapping[str, str]) -> None:
    """A reference key must be declared in some file's ``references``."""
    if ref and ref not in references:
        raise KnowledgeError(f"{path}: {what}: unknown reference key {ref!r}")


def _closure(edges: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}

    def visit(node: str, stack: tuple[str, ...]) -> frozenset[str]:
        if node in result:
            return result[node]
        found: set[str] = set()
        for nxt in edges.get(node, ()):
            if nxt in stack:
                continue
            found.add(nxt)
            found |= visit(nxt, (*stack, nxt))
        result[node] = frozenset(found)
        return result[node]

    for node in list(edges):
        visit(node, (node,))
    return result


def _check_ids(path: Path, owner: str, field: str, ids: Iterable[str],
               known: Mapping[str, object]) -> None:
    for other in ids:
        if other not in known:
            raise KnowledgeError(f"{path}: concept {owner}: {field} names unknown id {other!r}")


@lru_cache(maxsize=4)
def load_anatomy(rules_directory: Path) -> AnatomyKB:
    """Load, validate and index ``rules_directory/anatomy``."""
    directory = rules_directory / "anatomy"
    concepts: dict[str, Concept] = {}
    origin: dict[str, Path] = {}
    references: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name in NON_CONCEPT_FILES:
            continue
        data = load_model(path, ConceptFile)
        references.update(data.references)
        for concept in data.concepts:
            if concept.id in concepts:
                raise KnowledgeError(
                    f"{path}: concept {concept.id} is already defined in {origin[concept.id]}")
            if concept.ref is None and data.ref is not None:
                concept = concept.model_copy(update={"ref": data.ref})
            concepts[concept.id] = concept
            origin[concept.id] = path
    counts_file = load_model(directory / "counts.yaml", CountFile)
    referred_file = load_model(directory / "referred_pain.yaml", ReferredFile)
    lexicon = load_model(directory / "lexicon.yaml", Lexicon)
    references.update(counts_file.references)
    references.update(referred_file.references)
    references.update(lexicon.references)

    relation_count = 0
    terms: dict[str, str] = {}
    composed: dict[tuple[str, str | None, str | None, str | None], str] = {}
    up: dict[str, set[str]] = {}
    for cid, c in concepts.items():
        path = origin[cid]
        _check_ref(path, f"concept {cid}", c.ref, references)
        for field in RELATION_FIELDS:
            _check_ids(path, cid, field, getattr(c, field), concepts)
            relation_count += len(getattr(c, field))
        for action in c.actions:
            _check_ids(path, cid, "actions", [action.target], concepts)
        for pair in c.cannot_touch:
            _check_ids(path, cid, "cannot_touch", pair, concepts)
        for movement in c.ranges:
            if movement not in MOVEMENTS:
                raise KnowledgeError(f"{path}: concept {cid}: ranges: unknown movement "
                                     f"{movement!r}")
        relation_count += len(c.ranges) + len(c.cannot_touch)
        relation_count += len(c.actions) + len(c.movements) + len(c.impossible)
        relation_count += int(c.side is not None) + int(c.aspect is not None)
        up[cid] = set(c.part_of) | set(c.located_in)
        if c.compose:
            _check_ids(path, cid, "compose.base", [c.compose.base], concepts)
            key = (c.compose.base, c.compose.side, c.compose.vertical, c.compose.aspect)
            composed[key] = cid
            relation_count += 1
        if c.match:
            for term in (*c.names, *c.misspellings):
                norm = " ".join(term.lower().split())
                if norm in terms and terms[norm] != cid:
                    raise KnowledgeError(
                        f"{path}: term {term!r} of {cid} already names {terms[norm]}")
                terms[norm] = cid
    lexicon_path = directory / "lexicon.yaml"
    for sup in lexicon.superlatives:
        _check_ids(lexicon_path, "superlatives", sup.word, [sup.subject, sup.of_kind], concepts)
    for rule in lexicon.directional_functions:
        _check_ids(lexicon_path, "directional_functions", rule.movement,
                   [*rule.targets, *([rule.at] if rule.at else [])], concepts)
        if rule.movement not in MOVEMENTS:
            raise KnowledgeError(f"{lexicon_path}: directional_functions: unknown movement "
                                 f"{rule.movement!r}")
    for term, cid in lexicon.extra_terms.items():
        _check_ids(directory / "lexicon.yaml", "extra_terms", term, [cid], concepts)
        terms.setdefault(" ".join(term.lower().split()), cid)
    counts: list[Count] = []
    for count in counts_file.counts:
        _check_ids(directory / "counts.yaml", count.part, "whole/part",
                   [count.whole, count.part], concepts)
        if count.ref is None:
            count = count.model_copy(update={"ref": counts_file.ref})
        counts.append(count)
        relation_count += 1
    referred: dict[str, tuple[str, ...]] = {}
    referred_to: dict[str, list[str]] = {}
    referred_refs: dict[str, str] = {}
    for pattern in referred_file.patterns:
        _check_ids(directory / "referred_pain.yaml", pattern.source, "sites",
                   [pattern.source, *pattern.sites], concepts)
        referred[pattern.source] = tuple(pattern.sites)
        referred_refs[pattern.source] = references.get(
            pattern.ref or referred_file.ref or "", pattern.ref or "")
        for site in pattern.sites:
            referred_to.setdefault(site, []).append(pattern.source)
        relation_count += len(pattern.sites)

    conditions: dict[str, Condition] = {}
    conditions_path = directory / "conditions.yaml"
    if conditions_path.exists():
        conditions_file = load_model(conditions_path, ConditionFile)
        references.update(conditions_file.references)
        for cond in conditions_file.conditions:
            ids = [*cond.site, *cond.not_in, *([cond.structure] if cond.structure else [])]
            _check_ids(conditions_path, cond.id, "site/not_in/structure", ids, concepts)
            if cond.id in conditions:
                raise KnowledgeError(f"{conditions_path}: condition {cond.id} is defined twice")
            ref = cond.ref or conditions_file.ref
            _check_ref(conditions_path, f"condition {cond.id}", ref, references)
            conditions[cond.id] = cond.model_copy(update={"ref": ref})
            relation_count += len(cond.site) + len(cond.not_in) + int(cond.aspect is not None)

    substances: list[Substance] = []
    pumps: list[Pump] = []
    absorptions: list[Absorption] = []
    substances_path = directory / "substances.yaml"
    if substances_path.exists():
        substance_file = load_model(substances_path, SubstanceFile)
        references.update(substance_file.references)
        for sub in substance_file.substances:
            _check_ids(substances_path, sub.names[0], "made_by/stored_in/released_into",
                       [*sub.made_by, *sub.stored_in, *sub.released_into], concepts)
            _check_ref(substances_path, sub.names[0], sub.ref, references)
            substances.append(sub)
            relation_count += len(sub.made_by) + len(sub.stored_in)
        for pump in substance_file.pumps:
            _check_ids(substances_path, pump.names[0], "pumped_by", pump.pumped_by, concepts)
            _check_ref(substances_path, pump.names[0], pump.ref, references)
            pumps.append(pump)
            relation_count += len(pump.pumped_by)
        for taken in substance_file.absorptions:
            _check_ids(substances_path, taken.names[0], "absorbed_in", taken.absorbed_in,
                       concepts)
            _check_ref(substances_path, taken.names[0], taken.ref, references)
            absorptions.append(taken)
            relation_count += len(taken.absorbed_in)

    movement_terms: list[MovementTerm] = []
    movements_path = directory / "movements.yaml"
    if movements_path.exists():
        movement_file = load_model(movements_path, MovementFile)
        references.update(movement_file.references)
        for named in movement_file.terms:
            _check_ids(movements_path, named.movement, "targets",
                       [t for cue in named.cues for t in cue.targets], concepts)
            ref = named.ref or movement_file.ref
            _check_ref(movements_path, named.movement, ref, references)
            movement_terms.append(named.model_copy(update={"ref": ref}))
            relation_count += sum(len(cue.targets) for cue in named.cues)

    layerings: list[Layering] = []
    layers_path = directory / "layers.yaml"
    if layers_path.exists():
        layer_file = load_model(layers_path, LayerFile)
        references.update(layer_file.references)
        for layering in layer_file.layerings:
            _check_ids(layers_path, layering.of, "of/outer_to_inner",
                       [layering.of, *layering.outer_to_inner], concepts)
            _check_ref(layers_path, layering.of, layering.ref, references)
            layerings.append(layering)
            relation_count += len(layering.outer_to_inner)

    phase_cues: dict[str, tuple[str, ...]] = {}
    phase_directions: dict[str, str] = {}
    phase_actions: dict[str, PhaseAction] = {}
    phases_path = directory / "phases.yaml"
    if phases_path.exists():
        phase_file = load_model(phases_path, PhaseFile)
        references.update(phase_file.references)
        phase_cues = {k: tuple(v) for k, v in phase_file.cues.items()}
        phase_directions = dict(phase_file.directions)
        for phased in phase_file.actions:
            _check_ids(phases_path, phased.concept, "concept", [phased.concept], concepts)
            _check_ref(phases_path, phased.concept, phased.ref, references)
            phase_actions[phased.concept] = phased
            relation_count += len(phased.phases)

    parents = _closure(up)
    down: dict[str, set[str]] = {}
    for cid, ancestors in parents.items():
        for a in ancestors:
            down.setdefault(a, set()).add(cid)
    return AnatomyKB(
        concepts=MappingProxyType(concepts),
        references=MappingProxyType(references),
        terms=MappingProxyType(terms),
        parents=MappingProxyType(parents),
        children=MappingProxyType({k: frozenset(v) for k, v in down.items()}),
        counts=tuple(counts),
        referred=MappingProxyType(referred),
        referred_to=MappingProxyType({k: tuple(v) for k, v in referred_to.items()}),
        referred_refs=MappingProxyType(referred_refs),
        lexicon=lexicon,
        composed=MappingProxyType(composed),
        relation_count=relation_count,
        layerings=tuple(layerings),
        conditions=MappingProxyType(conditions),
        substances=tuple(substances),
        pumps=tuple(pumps),
        absorptions=tuple(absorptions),
        movement_terms=tuple(movement_terms),
        phase_cues=MappingProxyType(phase_cues),
        phase_directions=MappingProxyType(phase_directions),
        phase_actions=MappingProxyType(phase_actions),
    )
