"""Posture geometry (``rules/anatomy/postures.yaml``): for each base position, where the
trunk faces, what "in front of you" means, what rests on the support, what cannot reach it,
and which joints carry the weight; reaches and movement end points checked against the
joints' range of motion (``rules/anatomy/joints.yaml``).

The position ids are those of ``rules/instructions/positions.yaml`` (which holds the words
that name them); reaches and end points are cues in the language of
:mod:`pipeline.knowledge.instructions`, over the same body-part lexicons.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from pydantic import Field, model_validator

from pipeline.knowledge.anatomy import load_anatomy
from pipeline.knowledge.instructions import (
    Cue,
    PositionsFile,
    StatesFile,
    compile_cue,
    normal,
)
from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

Direction = Literal["up", "down", "ahead", "behind", "side", "head_end", "feet_end"]
DIRECTIONS: tuple[Direction, ...] = ("up", "down", "ahead", "behind", "side", "head_end",
                                     "feet_end")


class PartSpec(StrictModel):
    """A body part or surface a contact or reach names."""

    label: str
    words: list[str] = Field(min_length=1)
    trunk: bool = False
    front_words: bool = False
    rests_in: str | None = None


class SupportSpec(StrictModel):
    """Something the body rests on or against."""

    label: str
    words: list[str] = Field(min_length=1)
    faced: list[Direction] = Field(min_length=1)
    around: list[Direction] = Field(min_length=1)
    not_after: list[str] = Field(default_factory=list)
    #: the position a step is in when it only says to face this support ("Face the wall")
    faced_from: str | None = None


class GeometrySpec(StrictModel):
    """The geometry of one base position (or of a variant named by its support)."""

    id: str
    base: str
    label: str
    support: list[str] = Field(default_factory=list)
    places: dict[str, list[Direction]] = Field(default_factory=dict)
    faces: dict[str, list[Direction]]
    ahead: list[Direction] = Field(min_length=1)
    rests_on: list[str] = Field(default_factory=list)
    cannot_reach: dict[str, list[str]] = Field(default_factory=dict)
    blocks: list[str] = Field(default_factory=list)
    loads: list[str] = Field(default_factory=list)
    source: str
    examples: list[str] = Field(min_length=1)


class ReachSpec(StrictModel):
    """A part brought to another part: the joint movement it needs and what rules it out."""

    id: str
    label: str
    cues: list[str] = Field(default_factory=list)
    state: str | None = None
    mover: str
    frees: list[str] = Field(default_factory=list)
    free_in: str
    joint: str
    movement: str
    held_by: list[str] = Field(default_factory=list)
    applies_in: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    reason: str
    source: str

    @model_validator(mode="after")
    def _said_somehow(self) -> ReachSpec:
        if not self.cues and self.state is None:
            raise ValueError(f"reach {self.id!r} needs cues or a state")
        return self


class EndpointSpec(StrictModel):
    """A movement's end point that needs a number of degrees at a joint, in some positions."""

    id: str
    label: str
    in_: list[str] = Field(alias="in", min_length=1)
    cues: list[str] = Field(min_length=1)
    requires: list[str] = Field(default_factory=list)
    joint: str
    movement: str
    degrees: int = Field(gt=0)
    source: str


class PosturesFile(StrictModel):
    """``rules/anatomy/postures.yaml``."""

    references: dict[str, str]
    directions: dict[Direction, str]
    parts: dict[str, PartSpec]
    supports: dict[str, SupportSpec]
    positions: list[GeometrySpec] = Field(min_length=1)
    reaches: list[ReachSpec] = Field(default_factory=list)
    endpoints: list[EndpointSpec] = Field(default_factory=list)


# --- compiled ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A body part with its words as tuples of lemmas."""

    id: str
    label: str
    phrases: tuple[tuple[str, ...], ...]
    trunk: bool
    front_words: bool
    rests_in: str | None


@dataclass(frozen=True)
class Support:
    """A support with its words."""

    id: str
    label: str
    phrases: tuple[tuple[str, ...], ...]
    faced: frozenset[str]
    around: frozenset[str]
    not_after: frozenset[str]
    faced_from: str | None


@dataclass(frozen=True)
class Geometry:
    """A position's geometry (see the YAML's header)."""

    id: str
    base: str
    label: str
    on: frozenset[str]
    places: Mapping[str, frozenset[str]]
    faces: Mapping[str, frozenset[str]]
    ahead: frozenset[str]
    rests_on: frozenset[str]
    cannot_reach: Mapping[str, frozenset[str]]
    blocks: frozenset[str]
    loads: tuple[str, ...]
    source: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Reach:
    """A compiled reach."""

    id: str
    label: str
    cues: tuple[Cue, ...]
    mover: str
    frees: frozenset[str]
    free_in: str
    joint: str
    movement: str
    held_by: tuple[str, ...]
    applies_in: frozenset[str]
    unless: frozenset[str]
    reason: str
    source: str


@dataclass(frozen=True)
class Endpoint:
    """A compiled movement end point."""

    id: str
    label: str
    in_: frozenset[str]
    cues: tuple[Cue, ...]
    requires: tuple[Cue, ...]
    joint: str
    movement: str
    degrees: int
    source: str


@dataclass(frozen=True)
class PostureKnowledge:
    """Everything in postures.yaml, validated against the positions, states and joints."""

    references: Mapping[str, str]
    directions: Mapping[str, str]
    parts: Mapping[str, Part]
    supports: Mapping[str, Support]
    geometries: tuple[Geometry, ...]
    reaches: tuple[Reach, ...]
    endpoints: tuple[Endpoint, ...]
    #: the last word of every part and support phrase -> the phrases ending in it
    part_heads: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    support_heads: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]

    def geometry(self, geometry_id: str) -> Geometry:
        """The geometry with ``geometry_id``."""
        for geometry in self.geometries:
            if geometry.id == geometry_id:
                return geometry
        raise KeyError(geometry_id)

    def for_position(self, position_id: str, supports: frozenset[str] = frozenset()
                     ) -> Geometry | None:
        """The geometry of a base position: the variant named by one of ``supports`` (the
        supports the step that sets the position names), else the plain one."""
        plain = None
        for geometry in self.geometries:
            if geometry.base != position_id:
                continue
            if geometry.on and geometry.on & supports:
                return geometry
            if not geometry.on and plain is None:
                plain = geometry
        return plain

    def cite(self, key: str) -> str:
        """The reference text of a source key."""
        return self.references[key]

    def direction(self, direction: str) -> str:
        """How a direction is said ("up" -> "the ceiling")."""
        return self.directions.get(direction, direction)


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normal(w) for w in word.split()) for word in words)


def _heads(items: Mapping[str, Part] | Mapping[str, Support]
           ) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, item in items.items():
        for phrase in item.phrases:
            heads.setdefault(phrase[-1], []).append((phrase, key))
    # longest phrase first, so "back of hand" wins over "hand"
    return {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in heads.items()}


def _known(where: Path, what: str, ids: Collection[str],
           known: Collection[str] | Mapping[str, object]) -> None:
    for item in ids:
        if item not in known:
            raise KnowledgeError(f"{where}: unknown {what} {item!r}")


@lru_cache(maxsize=4)
def load_postures(rules_directory: Path) -> PostureKnowledge:
    """Load, validate and compile ``rules/anatomy/postures.yaml``."""
    path = rules_directory / "anatomy" / "postures.yaml"
    data = load_model(path, PosturesFile)
    positions = load_model(rules_directory / "instructions" / "positions.yaml", PositionsFile)
    states_file = load_model(rules_directory / "instructions" / "states.yaml", StatesFile)
    anatomy = load_anatomy(rules_directory)
    position_ids = {p.id for p in positions.positions}
    state_ids = {s.id for s in states_file.states}
    lexicons: dict[str, list[str]] = {**states_file.lexicons, **states_file.body_parts}

    unnamed = set(DIRECTIONS) - set(data.directions)
    if unnamed:
        raise KnowledgeError(f"{path}: 'directions' must say how to name "
                             f"{', '.join(sorted(unnamed))}")
    geometry_ids = [g.id for g in data.positions]
    if len(set(geometry_ids)) != len(geometry_ids):
        raise KnowledgeError(f"{path}: a position id is given twice")
    reach_ids = {r.id for r in data.reaches}
    trunk = {k for k, p in data.parts.items() if p.trunk}
    for geometry in data.positions:
        where = f"position {geometry.id}"
        _known(path, f"base position of {where}", [geometry.base], position_ids)
        _known(path, f"support of {where}", geometry.support, data.supports)
        _known(path, f"support {where} places", list(geometry.places), data.supports)
        if set(geometry.faces) != trunk:
            raise KnowledgeError(f"{path}: {where}: 'faces' must give every trunk part "
                                 f"({', '.join(sorted(trunk))})")
        _known(path, f"part in {where} 'rests_on'", geometry.rests_on, data.parts)
        _known(path, f"support in {where} 'cannot_reach'", list(geometry.cannot_reach),
               data.supports)
        for unreachable in geometry.cannot_reach.values():
            _known(path, f"part in {where} 'cannot_reach'", unreachable, data.parts)
        _known(path, f"reach in {where} 'blocks'", geometry.blocks, reach_ids)
        _known(path, f"source of {where}", [geometry.source], data.references)
        for joint in geometry.loads:
            if joint not in anatomy or anatomy[joint].kind != "joint":
                raise KnowledgeError(f"{path}: {where}: 'loads' names {joint!r}, which is no "
                                     f"joint in rules/anatomy")
    missing = position_ids - {g.base for g in data.positions}
    if missing:
        raise KnowledgeError(f"{path}: no geometry for position(s) {', '.join(sorted(missing))} "
                             f"of rules/instructions/positions.yaml")

    def joint_movement(where: str, joint: str, movement: str, ranged: bool) -> None:
        concept = anatomy.get(joint)
        if concept is None:
            raise KnowledgeError(f"{path}: {where}: unknown joint {joint!r}")
        if ranged and movement not in concept.ranges:
            raise KnowledgeError(f"{path}: {where}: rules/anatomy gives no range of "
                                 f"{movement} for {joint!r}")
        if not ranged and movement not in concept.movements:
            raise KnowledgeError(f"{path}: {where}: {joint!r} does not make {movement}")

    def cues(texts: list[str]) -> tuple[Cue, ...]:
        return tuple(compile_cue(t, lexicons) for t in texts)

    state_cues = {s.id: s.cues for s in states_file.states}
    reaches = []
    for reach in data.reaches:
        where = f"reach {reach.id}"
        _known(path, f"part in {where}", [reach.mover, *reach.frees], data.parts)
        _known(path, f"state in {where}", reach.held_by + ([reach.state] if reach.state else []),
               state_ids)
        _known(path, f"position in {where}", [*reach.applies_in, reach.free_in], geometry_ids)
        _known(path, f"source of {where}", [reach.source], data.references)
        joint_movement(where, reach.joint, reach.movement, ranged=False)
        texts = list(reach.cues) + (state_cues[reach.state] if reach.state else [])
        reaches.append(Reach(
            id=reach.id, label=reach.label, cues=cues(texts), mover=reach.mover,
            frees=frozenset(reach.frees), free_in=reach.free_in, joint=reach.joint,
            movement=reach.movement,
            held_by=tuple(reach.held_by), applies_in=frozenset(reach.applies_in),
            unless=frozenset(normal(w) for w in reach.unless), reason=reach.reason,
            source=reach.source))
    endpoints = []
    for endpoint in data.endpoints:
        where = f"end point {endpoint.id}"
        _known(path, f"position in {where}", endpoint.in_, geometry_ids)
        _known(path, f"source of {where}", [endpoint.source], data.references)
        joint_movement(where, endpoint.joint, endpoint.movement, ranged=True)
        endpoints.append(Endpoint(
            id=endpoint.id, label=endpoint.label, in_=frozenset(endpoint.in_),
            cues=cues(endpoint.cues), requires=cues(endpoint.requires), joint=endpoint.joint,
            movement=endpoint.movement, degrees=endpoint.degrees, source=endpoint.source))

    for key, spec in data.parts.items():
        if spec.rests_in is not None:
            _known(path, f"position of part {key} 'rests_in'", [spec.rests_in], geometry_ids)
    for key, support in data.supports.items():
        if support.faced_from is not None:
            _known(path, f"position of support {key} 'faced_from'", [support.faced_from],
                   geometry_ids)
    parts = {k: Part(id=k, label=p.label, phrases=_phrases(p.words), trunk=p.trunk,
                     front_words=p.front_words, rests_in=p.rests_in)
             for k, p in data.parts.items()}
    supports = {k: Support(id=k, label=s.label, phrases=_phrases(s.words),
                           faced=frozenset(s.faced), around=frozenset(s.around),
                           not_after=frozenset(normal(w) for w in s.not_after),
                           faced_from=s.faced_from)
                for k, s in data.supports.items()}
    geometries = tuple(
        Geometry(id=g.id, base=g.base, label=g.label, on=frozenset(g.support),
                 places=MappingProxyType({k: frozenset(v) for k, v in g.places.items()}),
                 faces=MappingProxyType({k: frozenset(v) for k, v in g.faces.items()}),
                 ahead=frozenset(g.ahead), rests_on=frozenset(g.rests_on),
                 cannot_reach=MappingProxyType({k: frozenset(v)
                                                for k, v in g.cannot_reach.items()}),
                 blocks=frozenset(g.blocks), loads=tuple(g.loads), source=g.source,
                 examples=tuple(g.examples))
        for g in data.positions)
    return PostureKnowledge(
        references=MappingProxyType(dict(data.references)),
        directions=MappingProxyType({str(k): v for k, v in data.directions.items()}),
        parts=MappingProxyType(parts), supports=MappingProxyType(supports),
        geometries=geometries, reaches=tuple(reaches), endpoints=tuple(endpoints),
        part_heads=MappingProxyType(_heads(parts)),
        support_heads=MappingProxyType(_heads(supports)),
    )
