"""Posture geometry: judge each step's contacts, reaches and movement end points against the
base position the steps have put the body in (``rules/anatomy/postures.yaml``).

Part of the posture family: :mod:`pipeline.checks.posture` walks each exercise's steps,
tracks the base position and the held body-part states, and calls :meth:`Geometry.step` for
every step. What a step says is read by :mod:`pipeline.nlp.readers.postures`; this module
only judges it:

- a trunk or head surface put on a support it cannot face in the position ("lie on your back
  and rest your forehead on the floor"), or a part that cannot reach the support there
  ("stand tall and rest both elbows on the floor") -> POSTURE-IMPOSSIBLE;
- a support "in front of you" where the position's front cannot point ("lie on your back and
  press your palms into the wall in front of you") -> POSTURE-IMPOSSIBLE;
- one wall placed on two sides of the body ("stand with your back against the wall and press
  both palms flat on the wall in front of you") -> POSTURE-IMPOSSIBLE in one step,
  POSTURE-TRANSITION across steps with no turn between;
- a reach the position rules out (both heels to the buttocks while standing; a heel to the
  buttock sitting on a chair) -> POSTURE-IMPOSSIBLE; a reach whose joint movement a held
  state forbids (the knee kept straight) -> POSTURE-IMPOSSIBLE in one step, POSTURE-CONFLICT
  against an earlier step;
- a movement end point beyond the joint's range in the position ("lie face down and lift
  your leg until it points at the ceiling") -> ANAT-MOVEMENT, judged by the anatomy check's
  range rule.

Both sides are quoted: the finding's words are the impossible contact, its related span the
words that set the position (or placed the wall).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from pipeline.checks.anatomy import range_verdict
from pipeline.checks.base import CheckContext
from pipeline.findings import Finding
from pipeline.knowledge.anatomy import AnatomyKB, load_anatomy
from pipeline.knowledge.instructions import Position, load_instructions
from pipeline.knowledge.lexicon import load_lexicon
from pipeline.knowledge.postures import Geometry, PostureKnowledge, load_postures
from pipeline.nlp.context import load_context
from pipeline.nlp.readers.postures import (
    NOT_ASKED,
    Contact,
    EndpointReading,
    Facing,
    PostureReader,
    ReachReading,
    StepReading,
)


def _yours(label: str) -> str:
    """A part's label said of the reader: "your belly", "the back of your head"."""
    if " of the " in label:
        return "the " + label.replace(" of the ", " of your ", 1)
    return f"your {label}"


#: how many words after a position's cue still belong to the words that set it
SETTER_WORDS = 8
#: how many words after a position's cue may name its support ("sit on the edge of a chair")
SUPPORT_WINDOW = 6
#: the supports that stand beside the body and so can be placed on one side of it
PLACED_SUPPORTS = frozenset({"wall"})


class HeldState(Protocol):
    """A held body-part state, as the posture walk records it."""

    @property
    def sentence(self) -> Span:
        """The step that asked for it."""

    @property
    def tokens(self) -> tuple[Token, ...]:
        """Its words."""


#: held(state ids, side, step, first token of the item) -> the held state that forbids the
#: item and whether it was asked for in this same step
HeldLookup = Callable[[Sequence[str], str | None, Span, Sequence[Token]],
                      HeldState | None]


@dataclass(frozen=True)
class Setter:
    """Where the current position was set: its geometry and its words."""

    geometry: Geometry
    sentence: Span
    first: int
    last: int
    #: the last of the words that go with the position ("Sit on a chair")
    end: int


@dataclass(frozen=True)
class Placement:
    """A wall placed on one or more sides of the body, and the words that placed it."""

    directions: frozenset[str]
    sentence: Span
    first: int
    last: int
    how: str


@dataclass
class GeometryState:
    """The body's geometry as the steps of one exercise have left it."""

    setter: Setter | None = None
    #: an unnamed change of position since the position was set ("roll over")
    unknown: bool = False
    placements: dict[str, Placement] = field(default_factory=dict)
    two_walls: bool = False


def _plural(names: Sequence[str]) -> str:
    """"knees" for the knee (its second name, when that is its plural)."""
    if len(names) > 1 and names[1] in (names[0] + "s", names[0] + "es"):
        return names[1]
    return names[0]


def _listed(words: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _words(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc[first].idx, doc[last].idx + len(doc[last])


class GeometryJudge:
    """Judge the steps of one article (built once per article by the posture walk)."""

    def __init__(self, ctx: CheckContext) -> None:
        directory = ctx.knowledge.directory
        self.ctx = ctx
        self.k: PostureKnowledge = ctx.knowledge.load(load_postures)
        self.kb: AnatomyKB = ctx.knowledge.load(load_anatomy)
        self.reader = PostureReader(self.k, load_lexicon(directory), load_context(directory),
                                    load_instructions(directory).sides)

    # ------------------------------------------------------------------ the walk
    def step(self, state: GeometryState, sentence: Span,
             matches: Sequence[tuple[Position, Sequence[Token]]], held: HeldLookup,
             flagged: set[int]) -> Iterator[Finding]:
        """Judge one step; ``matches`` are the base positions it names, with their words."""
        position_tokens = frozenset(t.i for _p, words in matches for t in words)
        reading = self.reader.step(sentence, position_tokens)
        setters = [s for s in (self._setter(p, words, sentence) for p, words in matches)
                   if s is not None]
        if not setters and (state.setter is None or state.unknown):
            setters = self._upright(reading, sentence)
        state.two_walls = state.two_walls or reading.two_walls
        items: list[tuple[int, Contact | Facing | ReachReading | EndpointReading]] = [
            *((c.first, c) for c in reading.contacts), *((f.first, f) for f in reading.facings),
            *((r.first, r) for r in reading.reaches), *((e.first, e) for e in reading.endpoints)]
        items.sort(key=lambda item: item[0])
        events = sorted(setters, key=lambda s: s.first)
        active = state.setter
        for first, item in items:
            setter = self._setter_at(state, events, first, reading)
            if setter is not None and setter is not active:
                self._enter(state, setter)  # a new base position: walls are placed anew
                active = setter
            if reading.turn is not None and reading.turn < first:
                state.placements.clear()
            if isinstance(item, ReachReading):
                yield from self._reach(setter, item, sentence, held, flagged)
            elif setter is None:
                continue
            elif isinstance(item, Contact):
                yield from self._contact(state, setter, item, sentence, flagged)
            elif isinstance(item, Facing):
                self._facing(state, setter, item, sentence)
            else:
                yield from self._endpoint(setter, item, sentence, flagged)
        # what the next step starts from
        if events:
            if events[-1] is not active:
                self._enter(state, events[-1])
            state.setter = events[-1]
            state.unknown = False
        if reading.change is not None and (not events or reading.change > events[-1].last):
            state.unknown = True
        if reading.turn is not None and not any(
                first > reading.turn for first, _item in items):
            state.placements.clear()

    def _setter(self, position: Position, words: Sequence[Token], sentence: Span
                ) -> Setter | None:
        """The geometry a position's words set, with the support they name ("sit on a
        chair"), unless the words are not asked of the reader (a myth, a hedge)."""
        first, last = min(t.i for t in words), max(t.i for t in words)
        if self.reader.context(first, last, sentence) & (NOT_ASKED | {"label"}):
            return None
        doc = sentence.doc
        # "Kneel on all fours": the verb just before the cue's words
        if first > sentence.start and doc[first - 1].pos_ == "VERB":
            first -= 1
        # "Sit on a chair", "Stand with your back against the wall": the words that go with
        # the position, up to the next clause
        end = last
        while end + 1 < sentence.end and end - last < SETTER_WORDS:
            token = doc[end + 1]
            if token.is_punct or token.pos_ in ("CCONJ", "VERB", "AUX", "SCONJ"):
                break
            end += 1
        named = frozenset(s for s in (self.reader.support_of(t) for t in doc[
            last + 1:min(last + 1 + SUPPORT_WINDOW, sentence.end)]) if s is not None)
        geometry = self.k.for_position(position.id, named)
        if geometry is None:
            return None
        return Setter(geometry=geometry, sentence=sentence, first=first, last=last, end=end)

    def _upright(self, reading: StepReading, sentence: Span) -> list[Setter]:
        """"Face the wall and ..." with no position named: the position the support is
        faced from (``faced_from`` in rules/anatomy/postures.yaml: a wall, standing)."""
        facing = next((f for f in reading.facings if not (f.context & NOT_ASKED)
                       and self.k.supports[f.support].faced_from is not None), None)
        if facing is None:
            return []
        position = self.k.supports[facing.support].faced_from
        geometry = self.k.for_position(position, frozenset()) if position else None
        if geometry is None:
            return []
        return [Setter(geometry=geometry, sentence=sentence, first=facing.first,
                       last=facing.first, end=facing.last)]

    @staticmethod
    def _enter(state: GeometryState, setter: Setter) -> None:
        """A new base position: the supports it places, nothing else."""
        state.placements = {
            support: Placement(directions=directions, sentence=setter.sentence,
                               first=setter.first, last=setter.last,
                               how=f"you {setter.geometry.label}")
            for support, directions in setter.geometry.places.items()}

    @staticmethod
    def _setter_at(state: GeometryState, events: Sequence[Setter], first: int,
                   reading: StepReading) -> Setter | None:
        """The position in force at token ``first`` of the step: the last one set before it
        in the step, else the step's first, else the one the earlier steps left (unless an
        unnamed change of position came since)."""
        before = [s for s in events if s.first <= first]
        setter: Setter | None
        if before:
            setter = before[-1]
        elif events:
            setter = events[0]
        else:
            setter = None if state.unknown else state.setter
        if setter is None:
            return None
        if reading.change is not None and reading.change < first and setter.last < \
                reading.change:
            return None
        return setter

    # ------------------------------------------------------------------ contacts
    def _contact(self, state: GeometryState, setter: Setter, contact: Contact,
                 sentence: Span, flagged: set[int]) -> Iterator[Finding]:
        if not contact.asked or "label" in contact.context:
            return
        geometry = setter.geometry
        part = self.k.parts[contact.part]
        support = self.k.supports[contact.support]
        faced: frozenset[str] | None = None
        if contact.faces and not part.trunk:
            return  # "palms facing the ceiling": a limb turns within any position
        if part.trunk:
            faced = geometry.faces[part.id] & support.faced
            if not faced:
                verb = "face" if contact.faces else "rest on"
                yield from self._report(
                    "POSTURE-IMPOSSIBLE", sentence, contact.first, contact.last, setter,
                    flagged,
                    message=(f"Impossible position: {_yours(part.label)} cannot {verb} "
                             f"{support.label} while {geometry.label}."),
                    explanation=(f"{geometry.label.capitalize()}, {_yours(part.label)} faces "
                                 f"{self._where(geometry.faces[part.id])}; to {verb} "
                                 f"{support.label} it would have to face "
                                 f"{self._where(support.faced)}."
                                 + self._resting(geometry) + self._source(geometry.source)),
                    suggestion=self._elsewhere(part.id, support.id, geometry),
                    source=geometry.source)
                return
        if contact.faces:
            return
        if part.id in geometry.cannot_reach.get(support.id, frozenset()):
            yield from self._report(
                "POSTURE-IMPOSSIBLE", sentence, contact.first, contact.last, setter, flagged,
                message=(f"Impossible position: {_yours(part.label)} cannot reach "
                         f"{support.label} while {geometry.label}."),
                explanation=(f"{geometry.label.capitalize()}, {_yours(part.label)} cannot get "
                             f"down to {support.label}."
                             + self._resting(geometry) + self._source(geometry.source)),
                suggestion=self._elsewhere(part.id, support.id, geometry),
                source=geometry.source)
            return
        directions: frozenset[str] | None = None
        if contact.located == "ahead" and part.front_words:
            directions = geometry.ahead & support.around
            if not directions:
                yield from self._report(
                    "POSTURE-IMPOSSIBLE", sentence, contact.first, contact.last, setter,
                    flagged,
                    message=(f"Impossible position: {support.label} cannot be in front of "
                             f"you while {geometry.label}."),
                    explanation=(f"{geometry.label.capitalize()}, your front faces "
                                 f"{self._where(geometry.ahead)}, so \"in front of you\" "
                                 f"points there, where {support.label} cannot be."
                                 + self._source(geometry.source)),
                    suggestion=(f"Say where {support.label} is from the reader's position "
                                f"(for example beside you or beyond your head), or set this "
                                f"step in a position that faces {support.label}."),
                    source=geometry.source)
                return
        elif contact.located == "behind" and "ahead" in geometry.ahead:
            directions = frozenset({"behind"}) & support.around
        elif faced is not None:
            directions = faced
        if directions and support.id in PLACED_SUPPORTS:
            how = f"{_yours(part.label)} against it"
            if contact.located:
                how = f"it {self.k.direction(contact.located)}"
            yield from self._place(state, setter, support.id, directions, sentence,
                                   contact.first, contact.last, how, flagged,
                                   _yours(part.label))

    def _facing(self, state: GeometryState, setter: Setter, facing: Facing,
                sentence: Span) -> None:
        if not (facing.context & NOT_ASKED) and facing.support in PLACED_SUPPORTS:
            # facing a wall puts it where "in front of you" points
            directions = setter.geometry.ahead & self.k.supports[facing.support].around
            if directions:
                # a facing words a turn as much as a place: it never contradicts
                state.placements[facing.support] = Placement(
                    directions=directions, sentence=sentence, first=facing.first,
                    last=facing.last, how="you facing it")

    def _place(self, state: GeometryState, setter: Setter, support: str,
               directions: frozenset[str], sentence: Span, first: int, last: int, how: str,
               flagged: set[int], what: str = "it") -> Iterator[Finding]:
        placed = state.placements.get(support)
        if placed is not None and not state.two_walls and not (placed.directions & directions):
            same = placed.sentence.start == sentence.start
            label = self.k.supports[support].label
            was = self._where(placed.directions)
            now = self._where(directions)
            yield from self._report(
                "POSTURE-IMPOSSIBLE" if same else "POSTURE-TRANSITION", sentence, first, last,
                None, flagged,
                message=(f"{label.capitalize()} cannot be both {was} and {now}."
                         if same else
                         f"This step puts {label} {now}, but the step before left it {was}, "
                         f"and no step turns the reader round."),
                explanation=(f"The words \"{placed.sentence.doc[placed.first:placed.last + 1]}"
                             f"\" put {label} {was} ({placed.how}); this step puts it {now}. "
                             f"One wall cannot be on both sides of the body, so the two "
                             f"contacts cannot be held at once."
                             + self._source(setter.geometry.source)),
                suggestion=(f"Either add a step that turns the reader to face {label} before "
                            f"this contact, or keep {label} {was} and put {what} on it there "
                            f"(for example beside your hips)."),
                related=[(placed.sentence, placed.first, placed.last,
                          f"this puts {label} {was}")],
                source=setter.geometry.source)
            return
        if placed is not None:
            directions = placed.directions & directions or directions
        state.placements[support] = Placement(directions=directions, sentence=sentence,
                                              first=first, last=last, how=how)

    # ------------------------------------------------------------------ reaches
    def _reach(self, setter: Setter | None, reading: ReachReading, sentence: Span,
               held: HeldLookup, flagged: set[int]) -> Iterator[Finding]:
        if not reading.asked or "label" in reading.context:
            return
        reach = reading.reach
        if reach.applies_in and (setter is None or setter.geometry.id not in reach.applies_in):
            return
        source = self._source(reach.source)
        if setter is not None:
            yield from self._reach_in(setter, reading, sentence, flagged)
            if sentence.start in flagged:
                return
        mention = held(reach.held_by, reading.side, sentence,
                       [sentence.doc[i] for i in range(reading.first, reading.last + 1)])
        if mention is None:
            return
        same = mention.sentence.start == sentence.start
        tokens = mention.tokens
        joint = self.kb[reach.joint]
        movement = reach.movement.replace("_", " ")
        words = sentence.doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1].text
        yield from self._report(
            "POSTURE-IMPOSSIBLE" if same else "POSTURE-CONFLICT", sentence, reading.first,
            reading.last, None, flagged,
            message=(f"Impossible position: {reach.label} needs {joint.name} {movement}, "
                     f"but \"{words}\" rules it out." if same else
                     f"This step asks for {reach.label}, but an earlier step said "
                     f"\"{words}\", which rules it out."),
            explanation=(f"{reach.reason} \"{words}\" holds the body so that "
                         f"{joint.name} {movement} cannot happen.{source}"),
            suggestion=("Say when the held position ends before this reach, or drop one "
                        "of the two instructions."),
            related=[(mention.sentence, min(t.i for t in tokens), max(t.i for t in tokens),
                      "this holds the position")],
            source=reach.source)

    def _reach_in(self, setter: Setter, reading: ReachReading, sentence: Span,
                  flagged: set[int]) -> Iterator[Finding]:
        """A reach the position itself rules out."""
        reach = reading.reach
        geometry = setter.geometry
        source = self._source(reach.source)
        if reach.id in geometry.blocks:
            yield from self._report(
                "POSTURE-IMPOSSIBLE", sentence, reading.first, reading.last, setter, flagged,
                message=(f"Impossible position: {reach.label} while {geometry.label}."),
                explanation=(f"{reach.reason}{self._resting(geometry)}{source}"),
                suggestion=(f"Set this step in a position where the reach is free, for "
                            f"example {self.k.geometry(reach.free_in).label}."),
                source=reach.source)
            return
        bearing = reach.frees & geometry.rests_on
        if bearing and reading.side == "both" and not reading.alternating:
            parts = " and ".join(self.k.parts[p].label for p in sorted(bearing))
            leave = "the floor" if bearing & {"foot", "knee"} else "the support"
            yield from self._report(
                "POSTURE-IMPOSSIBLE", sentence, reading.first, reading.last, setter, flagged,
                message=(f"Impossible position: {reach.label} on both sides at once while "
                         f"{geometry.label}."),
                explanation=(f"{reach.reason} {geometry.label.capitalize()}, your {parts} "
                             f"carry your weight, so they cannot both leave {leave}."
                             f"{source}"),
                suggestion=(f"Do it one side at a time, or from a position where both are "
                            f"free, for example {self.k.geometry(reach.free_in).label}."),
                source=reach.source)

    # ------------------------------------------------------------------ end points
    def _endpoint(self, setter: Setter, reading: EndpointReading, sentence: Span,
                  flagged: set[int]) -> Iterator[Finding]:
        if reading.context & (NOT_ASKED | {"label"}):
            return
        endpoint = reading.endpoint
        geometry = setter.geometry
        if geometry.id not in endpoint.in_:
            return
        joint = self.kb[endpoint.joint]
        verdict = range_verdict(joint, endpoint.movement, endpoint.degrees, self.kb)
        if verdict is None:
            return
        limit = joint.ranges[endpoint.movement]
        movement = endpoint.movement.replace("_", " ")
        yield from self._report(
            "ANAT-MOVEMENT", sentence, reading.first, reading.last, setter, flagged,
            message=(f"{geometry.label.capitalize()}, {endpoint.label.split(' while ')[0]} "
                     f"needs about {endpoint.degrees} degrees of {movement} at "
                     f"{joint.name if joint.name.startswith('the ') else 'the ' + joint.name}; "
                     f"about {limit} is the normal limit."),
            explanation=(f"{verdict.explanation}{self._source(endpoint.source)}"),
            suggestion=(f"Ask readers to lift only as far as is comfortable (about {limit} "
                        f"degrees of {movement}), or name a position in which the end point "
                        f"is reachable."),
            references=(*verdict.references, self.k.cite(endpoint.source)))

    # ------------------------------------------------------------------ words
    def _where(self, directions: frozenset[str]) -> str:
        order = [d for d in self.k.directions if d in directions]
        said = [self.k.direction(d) for d in order]
        return " or ".join(said) if said else "nowhere"

    def _resting(self, geometry: Geometry) -> str:
        if not geometry.rests_on:
            return ""
        parts = [self.k.parts[p].label for p in sorted(geometry.rests_on)]
        listed = _listed(parts)
        loads = ""
        if geometry.loads:
            joints = _listed([_plural(self.kb[j].names) for j in geometry.loads])
            loads = f", which loads the {joints}"
        return f" {geometry.label.capitalize()}, your weight rests on your {listed}{loads}."

    def _source(self, key: str) -> str:
        return f" Source: {self.k.cite(key)}."

    def _elsewhere(self, part: str, support: str, geometry: Geometry) -> str:
        """What to say instead: the position in which the part rests on the support."""
        label = self.k.parts[part].label
        there = self.k.supports[support].label
        rests_in = self.k.parts[part].rests_in
        if rests_in is not None and rests_in != geometry.id:
            return (f"Change the position first (for example to "
                    f"{self.k.geometry(rests_in).label}) so your {label} can rest on "
                    f"{there}, or rest a part on {there} that can reach it while "
                    f"{geometry.label}.")
        return (f"Change the position first, or rest a part on {there} that can reach it "
                f"while {geometry.label}.")

    def _report(self, rule: str, sentence: Span, first: int, last: int,
                setter: Setter | None, flagged: set[int], *, message: str, explanation: str,
                suggestion: str,
                related: Sequence[tuple[Span, int, int, str]] = (),
                references: Sequence[str] | None = None, source: str | None = None
                ) -> Iterator[Finding]:
        if sentence.start in flagged or not self.ctx.enabled(rule):
            return
        flagged.add(sentence.start)
        doc = sentence.doc
        spans = list(related)
        if setter is not None:
            spans.insert(0, (setter.sentence, setter.first, setter.end,
                             f"this puts the body in: {setter.geometry.label}"))
        start, end = _words(doc, first, last)
        if references is None and source is not None:
            references = (self.k.cite(source),)
        yield self.ctx.finding(
            rule, start, end, message=message, explanation=explanation, suggestion=suggestion,
            related=[self.ctx.related(*_words(doc, a, b), note) for _s, a, b, note in spans],
            references=references, confidence=0.85)
