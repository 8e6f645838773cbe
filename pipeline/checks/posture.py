"""Posture: track the body through each exercise's steps; flag impossible positions
(POSTURE-IMPOSSIBLE) and steps that contradict a state the reader was told to hold
(POSTURE-CONFLICT).

What each position allows or excludes, and which states exclude each other, lives in
``rules/instructions/`` (positions.yaml, states.yaml, constraints.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.findings import Finding
from pipeline.knowledge.instructions import (
    InstructionKnowledge,
    PairConstraint,
    Position,
    State,
    load_instructions,
    normal,
)
from pipeline.nlp.components.instructions import (
    conditional,
    groups_of,
    in_label,
    instruction_heads,
    match_head,
    negated,
    third_party,
)

HELD_PHRASES = ("throughout", "at all times", "the whole time", "the entire time")


@dataclass(frozen=True)
class Mention:
    """A body-part state read from one step."""

    state: State
    side: str | None
    sentence: Span
    tokens: tuple[Token, ...]
    locked: bool
    implied_by: State | None = None


@dataclass
class BodyState:
    """The body as the steps of one exercise have left it."""

    position: tuple[Position, Span] | None = None
    states: dict[str, Mention] = field(default_factory=dict)
    locks: list[Mention] = field(default_factory=list)


def _side(mention_tokens: Sequence[Token], knowledge: InstructionKnowledge,
          part: str) -> str | None:
    words = tuple(w.partition(":")[0] for w in knowledge.body_parts.get(part, ()))
    for token in mention_tokens:
        if normal(token.lemma_) not in words and normal(token.text) not in words:
            continue
        for child in token.children:
            for side, side_words in knowledge.sides.items():
                if side != "both" and normal(child.text) in side_words:
                    return side
            if normal(child.text) == "both":
                return "both"
        return "both" if token.tag_ == "NNS" else None
    return None


def _sides_overlap(a: str | None, b: str | None) -> bool:
    if a == "both" or b == "both":
        return True
    return a is not None and a == b and a != "one"


def _locked(sentence: Span, tokens: Sequence[Token], knowledge: InstructionKnowledge,
            was_negated: bool) -> bool:
    if was_negated:
        return True
    text = " " + " ".join(normal(t.text) for t in sentence) + " "
    if any(f" {p} " in text for p in HELD_PHRASES):
        return True
    if any(" " + " ".join(p) + " " in text for p in knowledge.lock_phrases
           if p[0] in ("make", "be")):
        return True
    head = match_head(tokens)
    for token in (head, *head.ancestors):
        if token.pos_ in ("VERB", "AUX"):
            return normal(token.lemma_) in knowledge.lock_lemmas or any(
                normal(c.text) in ("always", "never") for c in token.children
            )
    return False


def read_positions(sentence: Span, knowledge: InstructionKnowledge) -> list[Position]:
    """The base positions a step puts the body in (not negated, not conditional)."""
    found = []
    for position in knowledge.positions:
        for cue in position.cues:
            matches = [m for m in cue.find(sentence)
                       if not negated(m) and not conditional(m) and not third_party(m)
                       and not in_label(m)]
            if matches:
                found.append((matches[0][0].i, position))
                break
    # a more specific position said with the same words wins (forearm plank over plank)
    found.sort(key=lambda item: item[0])
    return [p for _i, p in found]


def read_states(sentence: Span, knowledge: InstructionKnowledge) -> list[Mention]:
    """The body-part states a step asks for, with negation turned into the opposite state."""
    mentions: list[Mention] = []
    for state in knowledge.states.values():
        for cue in state.cues:
            for match in cue.find(sentence):
                if conditional(match) or third_party(match) or in_label(match):
                    continue
                target = state
                was_negated = negated(match)
                last = match[-1]
                if was_negated and last.i + 1 < len(last.doc) and last.nbor().lower_ in (
                    "too", "fully", "completely", "all"
                ):
                    continue
                if was_negated:
                    if state.negated_as is None:
                        continue
                    target = knowledge.states[state.negated_as]
                if any(m.state.id == target.id for m in mentions):
                    continue
                mention = Mention(
                    state=target, side=_side(match, knowledge, state.part), sentence=sentence,
                    tokens=tuple(match),
                    locked=_locked(sentence, match, knowledge, was_negated),
                )
                mentions.append(mention)
                for implied in target.implies:
                    mentions.append(Mention(
                        state=knowledge.states[implied], side=mention.side, sentence=sentence,
                        tokens=tuple(match), locked=False, implied_by=target,
                    ))
            if any(m.state.id in (state.id, state.negated_as) for m in mentions):
                break
    return mentions


def _released(mention: Mention, knowledge: InstructionKnowledge) -> bool:
    """A step that moves on ("then ...") or offers an alternative ("... instead")."""
    first = min(t.i for t in mention.tokens)
    if any(normal(t.lemma_) in knowledge.alternatives for t in mention.sentence):
        return True
    return any(normal(t.lemma_) in knowledge.releases or normal(t.text) in knowledge.releases
               for t in mention.sentence if t.i < first)


def _what(mention: Mention) -> str:
    if mention.implied_by is not None:
        return f"{mention.implied_by.label} (which means {mention.state.label})"
    return mention.state.label


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Walk every exercise's steps and report impossible or self-contradicting postures."""
    knowledge = ctx.knowledge.load(load_instructions)
    global_locks: list[Mention] = []
    flagged: set[int] = set()
    for group in groups_of(ctx.doc, ctx.knowledge.directory):
        body = BodyState()
        for sentence in group.sentences:
            if not instruction_heads(sentence):
                continue
            for position in read_positions(sentence, knowledge):
                yield from _enter(ctx, body, position, sentence, knowledge, flagged)
            for mention in read_states(sentence, knowledge):
                yield from _apply(ctx, body, mention, global_locks, knowledge, flagged)
        if group.general:
            global_locks.extend(body.locks)


def _enter(ctx: CheckContext, body: BodyState, position: Position, sentence: Span,
           knowledge: InstructionKnowledge, flagged: set[int]) -> Iterator[Finding]:
    constraint = position.constraint
    if body.position is not None and body.position[0].id != position.id:
        body.states = {}
    body.position = (position, sentence)
    if constraint is None:
        return
    for lock in body.locks:
        if lock.state.id in constraint.excludes and lock.sentence.start != sentence.start:
            yield from _report_impossible(ctx, sentence, lock.sentence, position, lock, flagged)


def _apply(ctx: CheckContext, body: BodyState, mention: Mention, global_locks: list[Mention],
           knowledge: InstructionKnowledge, flagged: set[int]) -> Iterator[Finding]:
    if body.position is not None:
        position, where = body.position
        constraint = position.constraint
        if constraint is not None and (
            mention.state.id in constraint.excludes
            or (mention.state.id in constraint.excludes_both and mention.side == "both")
        ):
            yield from _report_impossible(ctx, mention.sentence, where, position, mention,
                                          flagged)
    for other in list(body.states.values()):
        pair = knowledge.pair(mention.state.id, other.state.id)
        if pair is None or pair.kind != "impossible":
            continue
        # across steps the later one moves the body on, unless the earlier was to be held
        if other.sentence.start != mention.sentence.start and not other.locked:
            continue
        if pair.same_side and not _sides_overlap(mention.side, other.side):
            continue
        yield from _report_pair(ctx, mention, other, pair, flagged, "POSTURE-IMPOSSIBLE")
    if not _released(mention, knowledge):
        for lock in [*body.locks, *global_locks]:
            if lock.sentence.start == mention.sentence.start:
                continue
            pair = knowledge.pair(mention.state.id, lock.state.id)
            if pair is None or pair.kind != "conflict":
                continue
            yield from _report_pair(ctx, mention, lock, pair, flagged, "POSTURE-CONFLICT")
    for key, other in list(body.states.items()):
        if (other.state.part == mention.state.part and other.side == mention.side
                and other.sentence.start != mention.sentence.start):
            del body.states[key]
    body.states[mention.state.id] = mention
    if mention.locked:
        body.locks = [lock for lock in body.locks
                      if not (lock.state.part == mention.state.part
                              and knowledge.pair(lock.state.id, mention.state.id))]
        body.locks.append(mention)


def _report_impossible(ctx: CheckContext, sentence: Span, where: Span, position: Position,
                       mention: Mention, flagged: set[int]) -> Iterator[Finding]:
    if sentence.start in flagged:
        return
    flagged.add(sentence.start)
    constraint = position.constraint
    reason = constraint.reason if constraint is not None else ""
    source = (constraint.source if constraint is not None else None) or position.source
    related = []
    if where.start != sentence.start:
        related.append(ctx.related(where.start_char, where.end_char,
                                   f"this step puts the body in: {position.label}"))
    yield ctx.finding(
        "POSTURE-IMPOSSIBLE", sentence.start_char, sentence.end_char,
        message=(f"Impossible position: {_what(mention)} while {position.label}."),
        explanation=f"{reason}" + (f" Source: {source}." if source else ""),
        suggestion=(f"Say which position the reader is in when {mention.state.label} "
                    f"(for example kneeling or lying down), or drop one of the two steps."),
        related=related,
        confidence=0.85,
    )


def _report_pair(ctx: CheckContext, mention: Mention, other: Mention, pair: PairConstraint,
                 flagged: set[int], rule: str) -> Iterator[Finding]:
    sentence = mention.sentence
    if sentence.start in flagged:
        return
    flagged.add(sentence.start)
    related = []
    if other.sentence.start != sentence.start:
        related.append(ctx.related(other.sentence.start_char, other.sentence.end_char,
                                   f"earlier step: {other.state.label}"))
    if rule == "POSTURE-CONFLICT":
        message = (f"This step asks for {_what(mention)}, but an earlier step said to keep "
                   f"{other.state.label}.")
        suggestion = (f"Decide whether the reader keeps {other.state.label} or moves to "
                      f"{mention.state.label}, and say when the change happens.")
    else:
        message = (f"Impossible position: {_what(mention)} together with "
                   f"{other.state.label}.")
        suggestion = "Rewrite the step so the body can take every part of the position at once."
    yield ctx.finding(
        rule, sentence.start_char, sentence.end_char,
        message=message,
        explanation=pair.reason + (f" Source: {pair.source}." if pair.source else ""),
        suggestion=suggestion,
        related=related,
        confidence=0.8,
    )


FAMILY = CheckFamily("posture", run, order=40,
                     description="impossible positions and self-contradicting exercise steps")
