"""Claim frames: what an article says, read once, typed (docs/frames.md).

The frame readers in :mod:`pipeline.nlp.readers` turn the parse and the mention spans into
these small frozen types; the ``medlint_frames`` component stores them on the Doc and
:func:`frames_of` returns them. Check families only judge frames.

Every frame has the words that carry it (character offsets and token indices), the index of
its sentence and its context (negated, hedged, hypothetical, question, reported, myth,
quoted, heading), decided once by :mod:`pipeline.nlp.context`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, overload

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

FRAMES_KEY = "medlint_frames"

Polarity = Literal["do", "avoid", "may", "no_need"]
Bound = Literal["exact", "about", "at_most", "at_least", "range"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Words:
    """Words of the text that fill a slot: where they are and what they name."""

    start: int
    end: int
    text: str
    first_token: int
    last_token: int
    #: the head word's lemma (lower-case)
    lemma: str | None = None
    #: what the knowledge calls it: an anatomy concept id, a lexicon entry
    concept: str | None = None
    #: its class: medicine, supplement, device, activity, condition, group ...
    kind: str | None = None

    @classmethod
    def of(cls, tokens: Span | Token | list[Token], *, lemma: str | None = None,
           concept: str | None = None, kind: str | None = None) -> Words:
        """The words of a span, a token or a list of tokens."""
        from spacy.tokens import Span, Token

        if isinstance(tokens, Span):
            first, last, doc = tokens.start, tokens.end - 1, tokens.doc
        elif isinstance(tokens, Token):
            first = last = tokens.i
            doc = tokens.doc
        else:
            first, last = min(t.i for t in tokens), max(t.i for t in tokens)
            doc = tokens[0].doc
        start = doc[first].idx
        end = doc[last].idx + len(doc[last])
        # a span's text is built from its own tokens; ``doc.text`` would join the whole Doc
        return cls(start=start, end=end, text=doc[first:last + 1].text, first_token=first,
                   last_token=last, lemma=lemma, concept=concept, kind=kind)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (only the fields that are set)."""
        data: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        for name in ("lemma", "concept", "kind"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class Frame:
    """What every frame has."""

    type: ClassVar[str] = "Frame"
    start: int
    end: int
    first_token: int
    last_token: int
    sentence: int
    context: frozenset[str] = frozenset()
    #: which reader made it (for ``medlint frames`` and debugging)
    reader: str = ""

    @property
    def text_range(self) -> tuple[int, int]:
        """(start, end) character offsets."""
        return self.start, self.end

    def slots(self) -> dict[str, Any]:
        """The type's own slots."""
        common = {f.name for f in fields(Frame)}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in common}

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        """JSON form: type, words, sentence, slots (set ones only) and context."""
        slots: dict[str, Any] = {}
        for name, value in self.slots().items():
            if value is None or value == () or value == frozenset():
                continue
            if isinstance(value, Words):
                slots[name] = value.to_dict()
            elif isinstance(value, tuple):
                slots[name] = [v.to_dict() if isinstance(v, Words) else v for v in value]
            else:
                slots[name] = value
        data: dict[str, Any] = {"type": self.type, "start": self.start, "end": self.end}
        if text is not None:
            data["text"] = text[self.start:self.end]
        data.update({"sentence": self.sentence, "slots": slots,
                     "context": sorted(self.context), "reader": self.reader})
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation(Frame):
    """A body structure and what the article says about it."""

    type: ClassVar[str] = "Relation"
    #: identity, part_of, is_a, joint_type, term, location, relative, between, side,
    #: aspect, pain_site, referral_denied, count, superlative, layer, function, makes,
    #: releases, absorbs, stores, flow, supplies, joins, pumps, movement, range, contact
    relation: str
    subject: Words
    object: Words | None = None
    #: everything named after "between" (concept ids)
    between: tuple[str, ...] = ()
    side: str | None = None
    aspect: str | None = None
    #: relative position (above, below, behind, in_front_of) for ``relative``
    position: str | None = None
    value: float | None = None
    pairs: bool = False
    approximate: bool = False
    young: bool = False
    movement: str | None = None
    #: the verb that carries it ("bend", "straighten"), where the check needs it
    verb: str | None = None
    #: the substance made, stored or pumped
    substance: str | None = None
    #: the movement term named in a definition ("pronation")
    term: str | None = None
    #: the superlative word ("largest")
    superlative: str | None = None
    #: for location: ``nominal`` (said by a noun phrase), ``course`` (a course through
    #: it), ``course_end`` (where a course starts or ends)
    how: str | None = None
    #: the token of a negation the reader has interpreted (a referral denial)
    negation: int | None = None
    #: a relative position said to be close ("just above", "directly behind", "on top of")
    close: bool = False

    @property
    def group(self) -> str:
        """The relation's group: location, part, count or function (docs/frames.md)."""
        return RELATION_GROUPS.get(self.relation, "function")


RELATION_GROUPS = {
    "location": "location", "relative": "location", "between": "location", "side": "location",
    "aspect": "location", "pain_site": "location", "referral_denied": "location",
    "course": "location",
    "identity": "part", "part_of": "part", "is_a": "part", "joint_type": "part",
    "named": "part",
    "term": "part",
    "count": "count", "superlative": "count",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice(Frame):
    """Something the reader (or a group of readers) is told to do or not to do."""

    type: ClassVar[str] = "Advice"
    action: Words
    topic: Words | None = None
    polarity: Polarity = "do"
    strength: Literal["strong", "weak"] = "strong"
    form: Literal["imperative", "normative", "recommendation", "descriptive",
                  "first_person"] = "imperative"
    condition: Words | None = None
    phase: Words | None = None
    group: Words | None = None
    speaker: Literal["writer", "quoted", "third_party", "first_person"] = "writer"
    #: how, with what or where ("directly on the skin", "with other NSAIDs", "with food")
    manner: Words | None = None
    #: a change to a medicine: stop, skip, double, halve ...
    change: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity(Frame):
    """An amount of something, tied to what it measures."""

    type: ClassVar[str] = "Quantity"
    dimension: Literal["dose", "amount", "duration", "frequency", "age", "rate", "measure",
                       "count"]
    value: Words
    low: float | None
    high: float | None
    unit: str
    bound: Bound = "exact"
    topic: Words | None = None
    #: the action it belongs to ("take", "wear", "hold")
    action: Words | None = None
    #: "a day" in "2 g a day": the quantity is per this many seconds
    per_seconds: float | None = None
    group: Words | None = None
    phase: Words | None = None
    condition: Words | None = None
    #: the words that call the amount enough ("once a day is plenty")
    enough: Words | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement(Frame):
    """Something stated as needed, or as not needed."""

    type: ClassVar[str] = "Requirement"
    need: Words
    polarity: Literal["needed", "not_needed"] = "needed"
    condition: Words | None = None
    subject: Words | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Prevalence(Frame):
    """How common a condition is, in whom, and how it runs its course."""

    type: ClassVar[str] = "Prevalence"
    condition: Words
    aspect: Literal["rate", "group", "course"] = "rate"
    group: Words | None = None
    rate: Words | None = None
    #: very_rare, rare, uncommon, common, very_common, most, all; or None with ``share``
    level: str | None = None
    #: a numeric share (0..1) when the rate is a number
    share: float | None = None
    course: Words | None = None
    #: the course as a direction: resolves, persists, worsens
    trend: str | None = None
    #: how long the course takes, in seconds, when stated
    seconds: float | None = None
    #: an if- or when-clause that limits the statement
    qualifier: Words | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation(Frame):
    """Something judged good, bad, safe, harmful, the best or the only way, or a cause."""

    type: ClassVar[str] = "Evaluation"
    target: Words
    judgement: Literal["helps", "harms", "safe", "unsafe", "best", "only", "no_effect",
                       "causes", "risk_up", "risk_down"]
    effect: Words | None = None
    condition: Words | None = None
    phase: Words | None = None
    #: the good way or option the target is offered as ("a daily kelp supplement is a
    #: natural way to boost the thyroid": "a natural way"): a recommendation, not a
    #: description of how it works
    offered: Words | None = None


FRAME_TYPES: dict[str, type[Frame]] = {
    cls.type: cls for cls in (Relation, Advice, Quantity, Requirement, Prevalence, Evaluation)
}

F = TypeVar("F", bound=Frame)


@overload
def frames_of(doc: Doc) -> list[Frame]: ...


@overload
def frames_of(doc: Doc, kind: type[F]) -> list[F]: ...


def frames_of(doc: Doc, kind: type[Frame] | None = None) -> list[Frame] | list[F]:
    """The frames the ``medlint_frames`` component stored on ``doc`` (all, or one type)."""
    found: list[Frame] = doc.user_data.get(FRAMES_KEY, [])
    if kind is None:
        return list(found)
    return [frame for frame in found if isinstance(frame, kind)]


def frames_in(doc: Doc, start: int, end: int) -> Iterator[Frame]:
    """Frames whose words lie within characters ``start``..``end``."""
    stored: list[Frame] = doc.user_data.get(FRAMES_KEY, [])
    for found in stored:
        if start <= found.start and found.end <= end:
            yield found
