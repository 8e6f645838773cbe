"""Knowledge for exercise instructions: positions, body-part states, constraints, attributes
and unsafe-advice patterns (``rules/instructions/*.yaml``), and the cue matcher they share.

A *cue* is a short pattern over lemmas: slots separated by spaces, each slot a set of
alternatives separated by ``|``. An alternative is a word (matched against a token's lemma
or its lower-case text), optionally with a part of speech (``bounce:VERB``), or ``@name``,
which expands to a lexicon (a body part's words, ``@floor``, ``@pain``...). Slots match in
order, with at most ``max_gap`` other tokens between them (3, or ``~N`` in the cue; a slot
written ``+word`` must follow the previous one directly), never across ``;``, ``but`` or a
sentence end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MAX_GAP = 3
BARRIERS = frozenset({";", ".", "!", "?", "but", "however", ":"})


@lru_cache(maxsize=65536)
def normal(word: str) -> str:
    """Lower-case a word and fold typographic apostrophes (cached: called for every word
    of every instruction pattern)."""
    return word.lower().replace("\u2019", "'")


@dataclass(frozen=True, slots=True)
class Alternative:
    """One word (with an optional part of speech) a slot accepts."""

    word: str
    pos: str | None = None

    def accepts(self, token: Token) -> bool:
        """Whether ``token`` is this word (by lemma or form) with the right part of speech."""
        if self.pos is not None and token.pos_ != self.pos:
            return False
        if self.word == normal(token.lemma_):
            return True
        text = normal(token.text)
        return text == self.word or (
            text.startswith(self.word) and text[len(self.word):] in ("s", "es", "d", "ed")
        )


@dataclass(frozen=True, slots=True)
class Cue:
    """A compiled cue: a sequence of slots (each a tuple of alternatives)."""

    text: str
    slots: tuple[tuple[Alternative, ...], ...]
    max_gap: int = MAX_GAP
    adjacent: frozenset[int] = frozenset()

    def _slot_ok(self, index: int, token: Token) -> bool:
        return any(alt.accepts(token) for alt in self.slots[index])

    def match_at(self, tokens: Sequence[Token], start: int) -> list[int] | None:
        """Positions (into ``tokens``) of a match whose first slot is ``tokens[start]``."""
        if not self._slot_ok(0, tokens[start]):
            return None
        positions = [start]
        for index in range(1, len(self.slots)):
            found = None
            j = positions[-1] + 1
            gap = 0 if index in self.adjacent else self.max_gap
            while j < len(tokens) and j - positions[-1] - 1 <= gap:
                if self._slot_ok(index, tokens[j]):
                    found = j
                    break
                if normal(tokens[j].text) in BARRIERS:
                    break
                j += 1
            if found is None:
                return None
            positions.append(found)
        return positions

    def possible(self, words: frozenset[str]) -> bool:
        """Whether every slot has a word in ``words`` (see :func:`sentence_words`)."""
        return all(any(alt.word in words for alt in slot) for slot in self.slots)

    def find(self, span: Span | Sequence[Token]) -> list[list[Token]]:
        """Every non-overlapping match in ``span``, as lists of the matched tokens.

        For a sentence (a Span), the cue index (pipeline.knowledge.cue_index) first says
        whether every slot has a word in it; when not, there is no match."""
        if hasattr(span, "doc") and hasattr(span, "start"):
            from pipeline.knowledge.cue_index import can_match

            if not can_match(self, span):  # type: ignore[arg-type]
                return []
        tokens = list(span)
        result: list[list[Token]] = []
        i = 0
        while i < len(tokens):
            positions = self.match_at(tokens, i)
            if positions is None:
                i += 1
                continue
            result.append([tokens[p] for p in positions])
            i = positions[-1] + 1
        return result


def _forms(token: Token) -> set[str]:
    text = normal(token.text)
    forms = {normal(token.lemma_), text}
    for suffix in ("s", "es", "d", "ed"):
        if text.endswith(suffix) and len(text) > len(suffix):
            forms.add(text[: -len(suffix)])
    return forms


def sentence_words(span: Span) -> frozenset[str]:
    """Every form a cue word could match in ``span`` (cached on the Doc per span)."""
    cache = span.doc.user_data.setdefault("medlint_cue_words", {})
    key = (span.start, span.end)
    words = cache.get(key)
    if words is None:
        words = frozenset(f for token in span for f in _forms(token))
        cache[key] = words
    return words


def compile_cue(text: str, lexicons: Mapping[str, Sequence[str]]) -> Cue:
    """Compile a cue string; unknown ``@lexicons`` are errors."""
    slots: list[tuple[Alternative, ...]] = []
    max_gap = MAX_GAP
    adjacent: set[int] = set()
    for slot in text.split():
        if slot.startswith("~") and slot[1:].isdigit():
            max_gap = int(slot[1:])
            continue
        if slot.startswith("+") and len(slot) > 1:
            adjacent.add(len(slots))
            slot = slot[1:]
        alternatives: list[Alternative] = []
        for alt in slot.split("|"):
            if alt.startswith("@"):
                name = alt[1:]
                if name not in lexicons:
                    raise KnowledgeError(f"cue {text!r}: unknown lexicon @{name}")
                for entry in lexicons[name]:
                    word, _, pos = entry.partition(":")
                    alternatives.append(Alternative(normal(word), pos or None))
            else:
                word, _, pos = alt.partition(":")
                alternatives.append(Alternative(normal(word), pos or None))
        slots.append(tuple(alternatives))
    if not slots:
        raise KnowledgeError("empty cue")
    return Cue(text=text, slots=tuple(slots), max_gap=max_gap, adjacent=frozenset(adjacent))


# --- YAML models -------------------------------------------------------------------------


class PositionSpec(StrictModel):
    """A base position and how articles say it."""

    id: str
    label: str
    cues: list[str] = Field(min_length=1)
    source: str | None = None


class PositionsFile(StrictModel):
    """``positions.yaml``."""

    positions: list[PositionSpec]


class StateSpec(StrictModel):
    """A body-part state or contact."""

    id: str
    label: str
    part: str
    cues: list[str] = Field(min_length=1)
    implies: list[str] = Field(default_factory=list)
    negated_as: str | None = None


class StatesFile(StrictModel):
    """``states.yaml``."""

    body_parts: dict[str, list[str]]
    lexicons: dict[str, list[str]]
    sides: dict[str, list[str]]
    states: list[StateSpec]


class PositionConstraint(StrictModel):
    """What a base position requires (in words), allows and excludes."""

    requires: list[str] = Field(default_factory=list)
    allows: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    excludes_both: list[str] = Field(default_factory=list)
    reason: str
    source: str | None = None


class PairConstraint(StrictModel):
    """Two states that cannot hold together."""

    states: tuple[str, str]
    kind: Literal["impossible", "conflict", "transition"]
    reason: str
    same_side: bool = False
    source: str | None = None


class LockWords(StrictModel):
    """Words that make a step hold for the rest of the exercise."""

    lemmas: list[str]
    phrases: list[str]


class Transition(StrictModel):
    """Positions reachable in one step from ``from``."""

    from_: str = Field(alias="from")
    to: list[str]


class ConstraintsFile(StrictModel):
    """``constraints.yaml``."""

    positions: dict[str, PositionConstraint]
    pairs: list[PairConstraint]
    locks: LockWords
    releases: list[str]
    release_phrases: list[str] = Field(default_factory=list)
    alternatives: list[str] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    continuing: list[str] = Field(default_factory=list)
    same_position: list[list[str]] = Field(default_factory=list)


class ValueSpec(StrictModel):
    """One value of an attribute (slow, quick; ice, heat...)."""

    label: str
    cues: list[str] = Field(min_length=1)
    context: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    assertive: bool = False


class AttributeSpec(StrictModel):
    """An attribute of instructions whose values can conflict."""

    id: str
    rule: str
    label: str
    scope: Literal["exercise", "article"]
    anchor: list[str] = Field(default_factory=list)
    not_for: list[str] = Field(default_factory=list)
    values: dict[str, ValueSpec]
    conflicts: list[tuple[str, str]]
    phased: bool = False
    # staged: the phases are stages of a progression ("at first" / "later"); guidance for
    # two different stages never conflicts, guidance with no stage still does
    staged: bool = False
    phases: dict[str, list[str]] = Field(default_factory=dict)
    source: str | None = None


class DurationSpec(StrictModel):
    """How hold durations and their maxima are said."""

    rule: str
    verbs: list[str]
    #: time units a hold is given in (their factors: rules/lexicon/units.yaml)
    units: list[str]
    caps_after: list[str]
    caps_positive: list[str]
    general: list[str]
    source: str | None = None


class AttributesFile(StrictModel):
    """``attributes.yaml``."""

    benefit: list[str]
    safety_reason: list[str]
    harm: list[str]
    permissive: list[str]
    qualifiers: list[str] = Field(default_factory=list)
    durations: DurationSpec | None = None
    attributes: list[AttributeSpec]


class UnsafePattern(StrictModel):
    """An unsafe-advice pattern and the safer wording to suggest."""

    rule: str
    cues: list[str] = Field(min_length=1)
    statements: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    not_governed_by: list[str] = Field(default_factory=list)
    # none of these lemmas may occur in the sentence ("if you feel dizzy, stop ...")
    unless: list[str] = Field(default_factory=list)
    negation_ok: bool = False
    safer: str
    source: str | None = None


class Medicine(StrictModel):
    """A medicine and the shortest safe interval between its doses."""

    names: list[str] = Field(min_length=1)
    min_hours: float
    source: str | None = None


class DoseIntervals(StrictModel):
    """Minimum dose intervals and the rules that use them."""

    unsafe_rule: str
    conflict_rule: str
    dose_words: list[str]
    medicines: list[Medicine]
    #: words that refer back to a medicine named before ("Take them every two hours")
    referring_words: frozenset[str] = Field(min_length=1)
    #: words of a repeated dose ("take a second dose after an hour")
    repeat_words: frozenset[str] = Field(min_length=1)


class UnsafeFile(StrictModel):
    """``unsafe.yaml``."""

    patterns: list[UnsafePattern]
    dose_intervals: DoseIntervals | None = None


# --- compiled knowledge -------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """A base position with compiled cues and its constraint."""

    id: str
    label: str
    cues: tuple[Cue, ...]
    constraint: PositionConstraint | None
    source: str | None


@dataclass(frozen=True)
class State:
    """A body-part state with compiled cues."""

    id: str
    label: str
    part: str
    cues: tuple[Cue, ...]
    implies: tuple[str, ...]
    negated_as: str | None


@dataclass(frozen=True)
class Value:
    """A compiled attribute value."""

    id: str
    label: str
    cues: tuple[Cue, ...]
    context: frozenset[str]
    unless: frozenset[str]
    assertive: bool


@dataclass(frozen=True)
class Attribute:
    """A compiled attribute."""

    spec: AttributeSpec
    values: tuple[Value, ...]
    phases: tuple[tuple[str, tuple[Cue, ...]], ...]

    def conflicting(self, a: str, b: str) -> bool:
        """Whether values ``a`` and ``b`` conflict."""
        return (a, b) in self.spec.conflicts or (b, a) in self.spec.conflicts


@dataclass(frozen=True)
class Pattern:
    """A compiled unsafe-advice pattern."""

    spec: UnsafePattern
    cues: tuple[Cue, ...]
    statements: tuple[Cue, ...]


@dataclass(frozen=True)
class InstructionKnowledge:
    """Everything in rules/instructions/, validated and compiled."""

    positions: tuple[Position, ...]
    states: Mapping[str, State]
    body_parts: Mapping[str, tuple[str, ...]]
    sides: Mapping[str, frozenset[str]]
    pairs: tuple[PairConstraint, ...]
    lock_lemmas: frozenset[str]
    lock_phrases: tuple[tuple[str, ...], ...]
    releases: frozenset[str]
    alternatives: frozenset[str]
    transitions: Mapping[str, frozenset[str]]
    attributes: tuple[Attribute, ...]
    benefit: frozenset[str]
    safety_reason: frozenset[str]
    harm: frozenset[str]
    permissive: frozenset[str]
    qualifiers: frozenset[str]
    durations: DurationSpec | None
    patterns: tuple[Pattern, ...]
    dose_intervals: DoseIntervals | None
    step_verbs: frozenset[str]
    exercise_nouns: frozenset[str]
    continuing: frozenset[str] = frozenset()
    same_position: tuple[frozenset[str], ...] = ()
    release_phrases: tuple[tuple[str, ...], ...] = ()

    def position(self, position_id: str) -> Position:
        """The position with id ``position_id``."""
        for position in self.positions:
            if position.id == position_id:
                return position
        raise KeyError(position_id)

    def pair(self, a: str, b: str) -> PairConstraint | None:
        """The pair constraint between states ``a`` and ``b``, if any."""
        for pair in self.pairs:
            if set(pair.states) == {a, b}:
                return pair
        return None


def _check_ids(where: Path, ids: Sequence[str], known: set[str], what: str) -> None:
    for item in ids:
        if item not in known:
            raise KnowledgeError(f"{where}: unknown {what} {item!r}")


@lru_cache(maxsize=4)
def load_instructions(rules_directory: Path) -> InstructionKnowledge:
    """Load, validate and compile ``rules/instructions/``."""
    base = rules_directory / "instructions"
    positions_file = load_model(base / "positions.yaml", PositionsFile)
    states_file = load_model(base / "states.yaml", StatesFile)
    constraints = load_model(base / "constraints.yaml", ConstraintsFile)
    attributes_file = load_model(base / "attributes.yaml", AttributesFile)
    unsafe_file = load_model(base / "unsafe.yaml", UnsafeFile)

    lexicons: dict[str, list[str]] = {**states_file.lexicons, **states_file.body_parts}

    def cues(texts: Sequence[str]) -> tuple[Cue, ...]:
        return tuple(compile_cue(t, lexicons) for t in texts)

    state_ids = {s.id for s in states_file.states}
    position_ids = {p.id for p in positions_file.positions}
    where = base / "states.yaml"
    for state in states_file.states:
        _check_ids(where, [state.part], set(states_file.body_parts), "body part")
        _check_ids(where, state.implies, state_ids, "state")
        if state.negated_as:
            _check_ids(where, [state.negated_as], state_ids, "state")
    where = base / "constraints.yaml"
    _check_ids(where, list(constraints.positions), position_ids, "position")
    for constraint in constraints.positions.values():
        _check_ids(where, constraint.allows + constraint.excludes + constraint.excludes_both,
                   state_ids, "state")
    for pair in constraints.pairs:
        _check_ids(where, list(pair.states), state_ids, "state")
    for transition in constraints.transitions:
        _check_ids(where, [transition.from_, *transition.to], position_ids, "position")
    for family in constraints.same_position:
        _check_ids(where, family, position_ids, "position")

    attributes = []
    for spec in attributes_file.attributes:
        values = tuple(
            Value(id=key, label=value.label, cues=cues(value.cues),
                  context=frozenset(normal(w) for w in value.context),
                  unless=frozenset(normal(w) for w in value.unless),
                  assertive=value.assertive)
            for key, value in spec.values.items()
        )
        for a, b in spec.conflicts:
            _check_ids(base / "attributes.yaml", [a, b], set(spec.values), "value")
        phases = tuple((name, cues(texts)) for name, texts in spec.phases.items())
        attributes.append(Attribute(spec=spec, values=values, phases=phases))

    return InstructionKnowledge(
        positions=tuple(
            Position(id=p.id, label=p.label, cues=cues(p.cues),
                     constraint=constraints.positions.get(p.id), source=p.source)
            for p in positions_file.positions
        ),
        states={
            s.id: State(id=s.id, label=s.label, part=s.part, cues=cues(s.cues),
                        implies=tuple(s.implies), negated_as=s.negated_as)
            for s in states_file.states
        },
        body_parts={k: tuple(v) for k, v in states_file.body_parts.items()},
        sides={k: frozenset(normal(w) for w in v) for k, v in states_file.sides.items()},
        pairs=tuple(constraints.pairs),
        lock_lemmas=frozenset(normal(w) for w in constraints.locks.lemmas),
        lock_phrases=tuple(tuple(normal(p).split()) for p in constraints.locks.phrases),
        releases=frozenset(normal(w) for w in constraints.releases),
        release_phrases=tuple(tuple(normal(w) for w in p.split())
                              for p in constraints.release_phrases),
        alternatives=frozenset(normal(w) for w in constraints.alternatives),
        transitions={t.from_: frozenset(t.to) for t in constraints.transitions},
        continuing=frozenset(normal(w) for w in constraints.continuing),
        same_position=tuple(frozenset(f) for f in constraints.same_position),
        attributes=tuple(attributes),
        benefit=frozenset(attributes_file.benefit),
        step_verbs=frozenset(states_file.lexicons.get("step_verb", ())),
        exercise_nouns=frozenset(states_file.lexicons.get("exercise_noun", ())),
        safety_reason=frozenset(attributes_file.safety_reason),
        harm=frozenset(attributes_file.harm),
        permissive=frozenset(attributes_file.permissive),
        qualifiers=frozenset(normal(w) for w in attributes_file.qualifiers),
        durations=attributes_file.durations,
        patterns=tuple(Pattern(spec=p, cues=cues(p.cues), statements=cues(p.statements))
                       for p in unsafe_file.patterns),
        dose_intervals=unsafe_file.dose_intervals,
    )
