"""Posture: track the body through each exercise's steps; flag impossible positions
(POSTURE-IMPOSSIBLE), steps that contradict a state the reader was told to hold
(POSTURE-CONFLICT), and steps whose movement cannot start from where the body is
(POSTURE-TRANSITION: heels planted on a step "lowered below it", "keep standing" while
sitting).

Pronouns are read as the body part they stand for ("lift your heel while keeping it flat").

What each position allows or excludes, and which states exclude each other, lives in
``rules/instructions/`` (positions.yaml, states.yaml, constraints.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.checks.posture.geometry import GeometryJudge, GeometryState, HeldLookup
from pipeline.findings import Finding
from pipeline.knowledge.cue_index import possible
from pipeline.knowledge.instructions import (
    Cue,
    InstructionKnowledge,
    PairConstraint,
    Position,
    State,
    load_instructions,
    normal,
    sentence_words,
)
from pipeline.knowledge.lexicon import declare, default_lexicon
from pipeline.nlp.components.instructions import (
    Group,
    conditional,
    governing_instruction,
    groups_of,
    in_label,
    instruction_heads,
    match_head,
    negated,
    third_party,
)
from pipeline.nlp.context import frame_context, load_context
from pipeline.nlp.readers.base import ALTERNATIVES

#: ConText modifiers under which a step's words are not asked of the reader (negation and
#: if-clauses are read by the walk itself: "don't bend" is the opposite state)
NOT_ASSERTED = frozenset({"myth", "hedged", "reported", "question"})
HELD_PHRASES = declare("held_throughout_phrases", "phrases that hold a state for a whole "
                       "exercise (throughout, at all times)")
PRONOUNS = {"it": False, "them": True, "they": True}  # pronoun -> refers to a plural
# words that end one movement and start the next inside a sentence ("..., then lift")
SEQUENCE_WORDS = declare("sequence_words", "words that end one movement and start the next "
                         "inside a sentence (then, next, afterwards)")


@dataclass(frozen=True)
class Stand:
    """A pronoun read as the body-part word it refers to ("keeping it flat": it = heel)."""

    token: Token
    antecedent: Token

    @property
    def text(self) -> str:
        """The antecedent's text (what cues match)."""
        return self.antecedent.text

    @property
    def lemma_(self) -> str:
        """The antecedent's lemma."""
        return self.antecedent.lemma_

    @property
    def pos_(self) -> str:
        """The antecedent's part of speech."""
        return self.antecedent.pos_

    @property
    def i(self) -> int:
        """The pronoun's position in the Doc."""
        return self.token.i


@dataclass(frozen=True)
class Mention:
    """A body-part state read from one step."""

    state: State
    side: str | None
    sentence: Span
    tokens: tuple[Token, ...]
    locked: bool
    implied_by: State | None = None
    forbidden: bool = False  # "never cross your legs": the state itself is ruled out


@dataclass
class BodyState:
    """The body as the steps of one exercise have left it."""

    position: tuple[Position, Span] | None = None
    states: dict[str, Mention] = field(default_factory=dict)
    locks: list[Mention] = field(default_factory=list)
    steps: dict[int, int] = field(default_factory=dict)  # sentence start -> step number
    geometry: GeometryState = field(default_factory=GeometryState)

    def consecutive(self, earlier: Span, later: Span) -> bool:
        """Whether ``later`` is the step right after ``earlier``."""
        return self.steps.get(later.start, -9) - self.steps.get(earlier.start, -9) == 1


def _part_words(knowledge: InstructionKnowledge) -> frozenset[str]:
    return frozenset(w.partition(":")[0] for part in knowledge.body_parts.values() for w in part)


def _side(mention_tokens: Sequence[Token | Stand], knowledge: InstructionKnowledge
          ) -> str | None:
    """The side word on the matched body part ("left knee", "that leg", "both feet")."""
    words = _part_words(knowledge)
    for item in mention_tokens:
        token = item.antecedent if isinstance(item, Stand) else item
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


PARTIAL_DENIALS = declare("partial_denial_degrees", "degree words after a denied state that "
                          "deny only its extent (don't lock it fully, not too far)")
UNCERTAIN_SIDES = declare("uncertain_side_words", "words that leave a side open (one, the "
                          "other, that)")


def _sides_overlap(a: str | None, b: str | None, unnamed: bool = False,
                   same_sentence: bool = False) -> bool:
    """Whether two mentions surely concern the same limb. ``unnamed``: whether two mentions
    with no side word count as the same ("keep your leg straight ... bend your knee");
    inside one sentence the same side word names the same limb ("that heel ... it")."""
    if a == "both" or b == "both":
        return True
    if a is None and b is None:
        return unnamed or same_sentence
    return a == b and (same_sentence or a not in default_lexicon().list(UNCERTAIN_SIDES))


def _locked(sentence: Span, tokens: Sequence[Token], knowledge: InstructionKnowledge,
            was_negated: bool) -> bool:
    if was_negated:
        return True
    text = " " + " ".join(normal(t.text) for t in sentence) + " "
    if any(f" {p} " in text for p in default_lexicon().list(HELD_PHRASES)):
        return True
    if any(" " + " ".join(p) + " " in text for p in knowledge.lock_phrases
           if p[0] in ("make", "be")):
        return True
    verb = _verb(tokens)
    return verb is not None and (normal(verb.lemma_) in knowledge.lock_lemmas or any(
        normal(c.text) in ("always", "never") for c in verb.children
    ))


def _verb(tokens: Sequence[Token]) -> Token | None:
    """The verb a state hangs from ("keeping it pressed flat": keeping)."""
    head = match_head(tokens)
    for token in (head, *head.ancestors):
        if token.pos_ in ("VERB", "AUX"):
            # "keeping it pressed flat": the state's own verb hangs under the lock verb
            if token.dep_ in ("ccomp", "xcomp", "acomp", "oprd") and token.tag_ in (
                "VBN", "VBD", "JJ"
            ):
                continue
            return token
    return None


def _presupposed(mention: Mention, knowledge: InstructionKnowledge) -> bool:
    """Whether a step says to go on holding a state ("keeping your feet flat", "stay with
    your back on the floor"): the body must already be in it."""
    verb = _verb(mention.tokens)
    return (mention.implied_by is None and verb is not None
            and normal(verb.lemma_) in knowledge.continuing)


def _reading(tokens: Sequence[Token]) -> bool:
    """Whether a match is something the reader is asked to do (not negated, not an
    if-clause, not what other people do, not a step's label)."""
    return not (negated(tokens) or conditional(tokens) or third_party(tokens)
                or in_label(tokens))


def read_position_matches(sentence: Span, knowledge: InstructionKnowledge
                          ) -> list[tuple[Position, list[Token]]]:
    """The base positions a step puts the body in, each with the words that say so."""
    found = []
    for position in knowledge.positions:
        for cue in possible(sentence, position.cues):
            matches = [m for m in cue.find(sentence) if _reading(m)]
            if matches:
                found.append((matches[0][0].i, position, matches[0]))
                break
    # "side plank" names the side plank, not also the plank inside its words
    found = [item for item in found if not any(
        other is not item and {t.i for t in item[2]} < {t.i for t in other[2]}
        for other in found)]
    found.sort(key=lambda item: item[0])
    return [(p, m) for _i, p, m in found]


def read_positions(sentence: Span, knowledge: InstructionKnowledge) -> list[Position]:
    """The base positions a step puts the body in (not negated, not conditional)."""
    return [p for p, _m in read_position_matches(sentence, knowledge)]


def _antecedent(pronoun: Token, plural: bool, words: frozenset[str]) -> Token | None:
    """The nearest body-part noun before ``pronoun`` in its sentence or the one before."""
    sent = pronoun.sent
    start = sent.start
    if start > 0:
        start = pronoun.doc[start - 1].sent.start
    for i in range(pronoun.i - 1, start - 1, -1):
        token = pronoun.doc[i]
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        if normal(token.lemma_) in words or normal(token.text) in words:
            if (token.tag_ == "NNS") == plural:
                return token
            return None
    return None


def _with_pronouns(sentence: Span, knowledge: InstructionKnowledge
                   ) -> tuple[list[Token | Stand], frozenset[str]] | None:
    """``sentence`` with each pronoun that refers to a body part read as that part (and
    every word a cue could match in it), or None when there is no such pronoun."""
    words = _part_words(knowledge)
    items: list[Token | Stand] = []
    changed = False
    for token in sentence:
        plural = PRONOUNS.get(token.lower_)
        if plural is not None and token.dep_ != "expl":
            antecedent = _antecedent(token, plural, words)
            if antecedent is not None:
                items.append(Stand(token, antecedent))
                changed = True
                continue
        items.append(token)
    if not changed:
        return None
    extra = {normal(w) for t in items if isinstance(t, Stand)
             for w in (t.antecedent.lemma_, t.antecedent.text)}
    return items, sentence_words(sentence) | extra


def _matches(sentence: Span,
             resolved: tuple[list[Token | Stand], frozenset[str]] | None, cue: Cue
             ) -> list[tuple[list[Token], list[Token | Stand]]]:
    """The cue's matches in the sentence, then those only its pronouns make possible."""
    found: list[tuple[list[Token], list[Token | Stand]]] = [
        (m, list(m)) for m in cue.find(sentence)
    ]
    if resolved is not None and cue.possible(resolved[1]):
        for match in cue.find(resolved[0]):  # type: ignore[arg-type]
            items: list[Token | Stand] = list(match)
            if any(isinstance(t, Stand) for t in items):
                real = [t.token if isinstance(t, Stand) else t for t in items]
                found.append((real, items))
    return found


def _other_part_between(match: Sequence[Token], knowledge: InstructionKnowledge) -> bool:
    """Whether a comma and another body part stand between the matched words: "grip the
    bar outside your legs, arms straight" says nothing about the legs."""
    first, last = min(t.i for t in match), max(t.i for t in match)
    doc = match[0].doc
    inside = {t.i for t in match}
    between = [doc[i] for i in range(first + 1, last) if i not in inside]
    words = _part_words(knowledge)
    return any(t.text == "," for t in between) and any(
        normal(t.lemma_) in words or normal(t.text) in words for t in between
        if t.pos_ in ("NOUN", "PROPN"))


def read_states(sentence: Span, knowledge: InstructionKnowledge) -> list[Mention]:
    """The body-part states a step asks for, with negation turned into the opposite state."""
    mentions: list[Mention] = []
    resolved = _with_pronouns(sentence, knowledge)
    for state in knowledge.states.values():
        # with pronouns resolved, a cue may match words the sentence itself lacks
        cues = state.cues if resolved is not None else possible(sentence, state.cues)
        for cue in cues:
            for match, read in _matches(sentence, resolved, cue):
                if (conditional(match) or third_party(match) or in_label(match)
                        or _other_part_between(match, knowledge)):
                    continue
                target = state
                was_negated = negated(match)
                last = match[-1]
                if was_negated and last.i + 1 < len(last.doc) and \
                        last.nbor().lower_ in default_lexicon().list(PARTIAL_DENIALS):
                    continue
                if was_negated and state.negated_as is None:
                    # a prohibition ("do not cross your legs"): rules the state out
                    if not any(m.state.id == state.id for m in mentions):
                        mentions.append(Mention(
                            state=state, side=_side(read, knowledge), sentence=sentence,
                            tokens=tuple(match), locked=True, forbidden=True))
                    continue
                if was_negated and state.negated_as is not None:
                    target = knowledge.states[state.negated_as]
                if any(m.state.id == target.id and not m.forbidden for m in mentions):
                    continue
                mention = Mention(
                    state=target, side=_side(read, knowledge), sentence=sentence,
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
    if _alternative(mention, knowledge):
        return True
    before = [normal(t.text) for t in mention.sentence if t.i < first]
    if any(tuple(before[i:i + len(p)]) == p for p in knowledge.release_phrases
           for i in range(len(before) - len(p) + 1)):
        return True
    return any(normal(t.lemma_) in knowledge.releases or normal(t.text) in knowledge.releases
               for t in mention.sentence if t.i < first)


def _alternative(mention: Mention, knowledge: InstructionKnowledge) -> bool:
    return any(normal(t.lemma_) in knowledge.alternatives for t in mention.sentence)


def _simultaneous(later: Mention, earlier: Mention, knowledge: InstructionKnowledge) -> bool:
    """Whether two states said in one sentence are asked for at the same time: one is held
    ("keeping ...", "while ...") or both belong to one instruction verb ("kneel with your
    feet flat"), and no sequence word ("then", "before") separates them."""
    words = [t.i for m in (later, earlier) for t in m.tokens]
    inside = set(words)
    doc = later.sentence.doc
    # "Lift your hips until ..., keeping your buttocks down": a held participle at the end
    # goes with the whole movement; "until" only bounds it
    last = max((later, earlier), key=lambda m: min(t.i for t in m.tokens))
    verb = _verb(last.tokens)
    bounded = (last.locked and verb is not None and verb.tag_ == "VBG"
               and verb.i > 0 and doc[verb.i - 1].text == ",")
    sequence = default_lexicon().list(SEQUENCE_WORDS)
    if any((normal(doc[i].text) in sequence and not (bounded and normal(doc[i].text) == "until"))
           or normal(doc[i].lemma_) in knowledge.releases
           for i in range(min(words) + 1, max(words)) if i not in inside):
        return False
    if later.locked or earlier.locked:
        return True
    a, b = governing_instruction(later.tokens), governing_instruction(earlier.tokens)
    return a is not None and b is not None and a.i == b.i


def _what(mention: Mention) -> str:
    """The position a step asks for, as a noun phrase that reads in any template
    ("“propped up on the forearms” (which means elbows bent)")."""
    if mention.implied_by is not None:
        return f"“{mention.implied_by.label}” (which means {mention.state.label})"
    return f"“{mention.state.label}”"


# words opening a paragraph that name or order a new exercise ("For the next stretch, ...",
# "Another exercise ...", "In the second move ...")
NEW_EXERCISE_OPENERS = declare("new_exercise_openers", "first words of a paragraph that name "
                               "or order a new exercise (another, next, for)")


def _opens_exercise(group: Group, knowledge: InstructionKnowledge) -> bool:
    """Whether a group starts an exercise of its own: under a heading, with a step label
    ("Wall sit: ..."), an opener naming one ("For the calf stretch, ..."), an exercise noun
    ("this next stretch"), or a starting position of its own."""
    first = group.sentences[0]
    doc = first.doc
    headings = {start for start, _end, kind in doc.user_data.get("medlint_blocks", ())
                if kind in ("heading", "title")}
    if first.start_char in headings or in_label([first[0]]):
        return True
    leading = next((t for t in first if t.is_alpha), None)
    if leading is None or normal(leading.text) in default_lexicon().list(NEW_EXERCISE_OPENERS):
        return True
    if any(normal(t.lemma_) in knowledge.exercise_nouns and t.pos_ in ("NOUN", "PROPN")
           for t in first):
        return True
    return any(read_positions(sentence, knowledge) for sentence in group.sentences)


def continued_scopes(groups: Sequence[Group], knowledge: InstructionKnowledge
                     ) -> dict[int, int]:
    """Each group's exercise scope: a paragraph that carries on the steps before it (no
    heading, label, new exercise or starting position of its own: "Lie face down ... " then,
    in the next paragraph, "Bend both knees ...") shares the previous group's scope."""
    scopes: dict[int, int] = {}
    previous: Group | None = None
    for group in groups:
        scopes[group.index] = group.index
        if (previous is not None and group.sentences and not group.general
                and not previous.general
                and any(instruction_heads(s) for s in previous.sentences)
                and any(instruction_heads(s) for s in group.sentences)
                and not _opens_exercise(group, knowledge)):
            scopes[group.index] = scopes[previous.index]
        previous = group
    return scopes


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Walk every exercise's steps and report impossible or self-contradicting postures."""
    knowledge = ctx.knowledge.load(load_instructions)
    global_locks: list[Mention] = []
    flagged: set[int] = set()
    groups = groups_of(ctx.doc, ctx.knowledge.directory)
    scopes = continued_scopes(groups, knowledge)
    geometry = GeometryJudge(ctx)
    context_rules = load_context(ctx.knowledge.directory)

    plain: dict[int, bool] = {}  # sentence start -> nothing in it is myth, hedge, report

    def asserted(tokens: Sequence[Token]) -> bool:
        sentence = tokens[0].sent
        if sentence.start not in plain:
            plain[sentence.start] = not frame_context(sentence, context_rules) & NOT_ASSERTED
        if plain[sentence.start]:
            return True
        first, last = min(t.i for t in tokens), max(t.i for t in tokens)
        return not frame_context(ctx.doc[first:last + 1], context_rules) & NOT_ASSERTED
    body = BodyState()
    for group in groups:
        if scopes[group.index] == group.index:
            body = BodyState()
        for sentence in group.sentences:
            if not instruction_heads(sentence):
                continue
            body.steps[sentence.start] = len(body.steps)
            matches = [(p, m) for p, m in read_position_matches(sentence, knowledge)
                       if asserted(m)]
            yield from _held_position(ctx, matches, sentence, knowledge, flagged)
            for position, words in matches:
                yield from _enter(ctx, body, position, words, sentence, knowledge, flagged)
            for mention in sorted((m for m in read_states(sentence, knowledge)
                                   if asserted(m.tokens)),
                                  key=lambda m: min(t.i for t in m.tokens)):
                yield from _apply(ctx, body, mention, global_locks, knowledge, flagged)
            yield from geometry.step(body.geometry, sentence, matches,
                                     _held_lookup(body, global_locks, knowledge), flagged)
        if group.general:
            global_locks.extend(body.locks)
        elif body.position is None:
            # rules given apart from any exercise ("Hip precautions: never cross your
            # legs") hold for the exercises after them
            global_locks.extend(lock for lock in body.locks if lock.forbidden)


def _held_lookup(body: BodyState, global_locks: Sequence[Mention],
                 knowledge: InstructionKnowledge) -> HeldLookup:
    """How the geometry asks whether a held state rules out a reach: a state asked for in
    the same step at the same time ("keeping your legs straight, bring your heels to your
    buttocks"), or held from an earlier step and not moved on from since."""
    def held(state_ids: Sequence[str], side: str | None, sentence: Span,
             tokens: Sequence[Token]) -> Mention | None:
        for mention in [*body.states.values(), *body.locks, *global_locks]:
            if mention.forbidden or mention.state.id not in state_ids:
                continue
            same = mention.sentence.start == sentence.start
            if not _sides_overlap(side, mention.side, unnamed=True, same_sentence=same):
                continue
            probe = Mention(state=mention.state, side=side, sentence=sentence,
                            tokens=tuple(tokens), locked=False)
            if same:
                if _simultaneous(probe, mention, knowledge):
                    return mention
                continue
            if not mention.locked or _released(probe, knowledge):
                continue
            if any(other.state.part == mention.state.part and other.state.id != mention.state.id
                   and other.sentence.start > mention.sentence.start
                   for other in body.states.values()):
                continue  # a later step moved the part on
            return mention
        return None

    return held


def _continuing(words: Sequence[Token], knowledge: InstructionKnowledge) -> bool:
    """Whether a position is said as going on ("keep standing", "stay lying", "remain
    seated", "still kneeling")."""
    first = min(words, key=lambda t: t.i)
    if first.tag_ not in ("VBG", "VBN", "JJ"):
        return False
    if normal(first.head.lemma_) in knowledge.continuing and first.head.i < first.i:
        return True
    before = first.doc[max(first.i - 2, first.sent.start):first.i]
    return any(normal(t.lemma_) in knowledge.continuing for t in before)


def _held_position(ctx: CheckContext, matches: Sequence[tuple[Position, list[Token]]],
                   sentence: Span, knowledge: InstructionKnowledge, flagged: set[int]
                   ) -> Iterator[Finding]:
    """One step that holds a position and moves into another ("still sitting, walk across
    the room"; "keep lying on your back and stand up")."""
    for index, (held, words) in enumerate(matches):
        if not _continuing(words, knowledge):
            continue
        end = max(t.i for t in words)
        for other, other_words in matches[index + 1:]:
            start = min(t.i for t in other_words)
            if start <= end or _same_position(held, other, knowledge):
                continue
            between = sentence.doc[end + 1:start]
            if any(normal(t.text) in default_lexicon().list(SEQUENCE_WORDS) for t in between):
                continue
            if any(normal(t.text) in default_lexicon().list(ALTERNATIVES)
                   for t in between):
                continue  # "while sitting or standing": either position, not both
            yield from _report_continuing(ctx, sentence, sentence, other, held, flagged,
                                          within=True)
            return


def _same_position(a: Position, b: Position, knowledge: InstructionKnowledge) -> bool:
    return a.id == b.id or any(a.id in family and b.id in family
                               for family in knowledge.same_position)


def _enter(ctx: CheckContext, body: BodyState, position: Position, words: Sequence[Token],
           sentence: Span, knowledge: InstructionKnowledge, flagged: set[int]
           ) -> Iterator[Finding]:
    constraint = position.constraint
    if body.position is not None:
        current, where = body.position
        if (where.start != sentence.start and _continuing(words, knowledge)
                and not _same_position(current, position, knowledge)):
            yield from _report_continuing(ctx, sentence, where, current, position, flagged)
        if current.id != position.id:
            body.states = {}
    body.position = (position, sentence)
    if constraint is None:
        return
    for lock in body.locks:
        if lock.state.id in constraint.excludes and lock.sentence.start != sentence.start:
            yield from _report_impossible(ctx, sentence, lock.sentence, position, lock, flagged)


def _apply(ctx: CheckContext, body: BodyState, mention: Mention, global_locks: list[Mention],
           knowledge: InstructionKnowledge, flagged: set[int]) -> Iterator[Finding]:
    if mention.forbidden:
        body.locks.append(mention)
        return
    yield from _check_prohibitions(ctx, body, mention, global_locks, knowledge, flagged)
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
        if pair is None:
            continue
        same = other.sentence.start == mention.sentence.start
        if pair.kind == "conflict":
            if _keeps_undone(mention, other, body, knowledge):
                yield from _report_pair(
                    ctx, mention, other, pair, flagged, "POSTURE-CONFLICT",
                    message=(f"This step says to keep {_what(mention)}, but the step before "
                             f"put the reader in {other.state.label}."))
            continue
        if same and not _simultaneous(mention, other, knowledge):
            continue
        if pair.kind == "impossible":
            # across steps the later one moves the body on, unless the earlier was to be
            # held, or the later says to keep a state the step before has just undone
            if not same and not other.locked and not (
                _presupposed(mention, knowledge)
                and body.consecutive(other.sentence, mention.sentence)
            ):
                continue
            if pair.same_side and not _sides_overlap(mention.side, other.side,
                                                     same_sentence=same):
                continue
            yield from _report_pair(ctx, mention, other, pair, flagged, "POSTURE-IMPOSSIBLE")
        elif (pair.states[1] == mention.state.id and not _alternative(mention, knowledge)
              and _sides_overlap(mention.side, other.side, unnamed=True, same_sentence=same)):
            # a transition: the first state is where the body is, the second cannot be
            # reached from it without a step that moves the part first
            yield from _report_pair(ctx, mention, other, pair, flagged, "POSTURE-TRANSITION")
    if not _released(mention, knowledge):
        for lock in [*body.locks, *global_locks]:
            same = lock.sentence.start == mention.sentence.start
            if same and not (lock.locked and min(t.i for t in lock.tokens)
                             < min(t.i for t in mention.tokens)
                             and _simultaneous(mention, lock, knowledge)):
                continue
            pair = knowledge.pair(mention.state.id, lock.state.id)
            if pair is None or pair.kind != "conflict":
                continue
            if not _sides_overlap(mention.side, lock.side, unnamed=True, same_sentence=same):
                continue
            # "keeping X, do Y" in one step: a move the held state does not allow
            rule = "POSTURE-TRANSITION" if same else "POSTURE-CONFLICT"
            yield from _report_pair(ctx, mention, lock, pair, flagged, rule)
    for key, other in list(body.states.items()):
        if (other.state.part == mention.state.part
                and (other.side == mention.side or None in (other.side, mention.side)
                     or "both" in (other.side, mention.side))
                and other.sentence.start != mention.sentence.start):
            del body.states[key]
    body.states[mention.state.id] = mention
    if mention.locked:
        body.locks = [lock for lock in body.locks
                      if not (lock.state.part == mention.state.part
                              and knowledge.pair(lock.state.id, mention.state.id))]
        body.locks.append(mention)


def _keeps_undone(mention: Mention, other: Mention, body: BodyState,
                  knowledge: InstructionKnowledge) -> bool:
    """"Sit with both legs straight. Keep your knees pulled up to your chest": a step that
    says to go on holding a state ("keep", "stay", "remain") presupposes it, but the step
    right before set the same part the opposite way."""
    verb = _verb(mention.tokens)
    heads = instruction_heads(mention.sentence)
    if verb is None or not heads or min(t.i for t, _kind in heads) < verb.i:
        return False  # "Bend your knees and keep them hugged ...": this step moves first
    doc = mention.sentence.doc
    if other.sentence.end > mention.sentence.start or not all(
            t.is_space for t in doc[other.sentence.end:mention.sentence.start]):
        return False  # "Less flexible? Bend ... More flexible? Keep ...": options between
    return (other.sentence.start != mention.sentence.start
            and _presupposed(mention, knowledge)
            and body.consecutive(other.sentence, mention.sentence)
            and not _released(mention, knowledge)
            and _sides_overlap(mention.side, other.side, unnamed=True))


def _check_prohibitions(ctx: CheckContext, body: BodyState, mention: Mention,
                        global_locks: list[Mention], knowledge: InstructionKnowledge,
                        flagged: set[int]) -> Iterator[Finding]:
    """A step that asks for a state an earlier rule ruled out ("do not cross your legs" ...
    "sit with your leg crossed over the other knee")."""
    if _released(mention, knowledge):
        return
    for lock in [*body.locks, *global_locks]:
        if not lock.forbidden or lock.state.id != mention.state.id:
            continue
        if lock.sentence.start == mention.sentence.start:
            continue
        if lock.side not in (None, "both") and not _sides_overlap(mention.side, lock.side,
                                                                  unnamed=True):
            continue
        if mention.sentence.start in flagged:
            return
        flagged.add(mention.sentence.start)
        yield ctx.finding(
            "POSTURE-CONFLICT", mention.sentence.start_char, mention.sentence.end_char,
            message=(f"This step asks for the position {_what(mention)}, which an earlier "
                     f"instruction ruled out."),
            explanation=(f"An earlier instruction rules out {lock.state.label}; this step asks "
                         f"for it, so the reader cannot follow both."),
            suggestion=(f"Drop or change this step, or say when the rule against "
                        f"{lock.state.label} no longer applies."),
            related=[ctx.related(lock.sentence.start_char, lock.sentence.end_char,
                                 f"earlier rule: not {lock.state.label}")],
            confidence=0.8,
        )
        return


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


def _report_continuing(ctx: CheckContext, sentence: Span, where: Span, current: Position,
                       position: Position, flagged: set[int], within: bool = False
                       ) -> Iterator[Finding]:
    if sentence.start in flagged:
        return
    flagged.add(sentence.start)
    if within:
        message = (f"This step says to stay {position.label} while {current.label}, which "
                   f"the body cannot do at once.")
        explanation = (f"\"Still\", \"keep\" or \"stay\" holds the reader "
                       f"{position.label}; {current.label} needs a different position, so "
                       f"the step cannot be followed as written.")
    else:
        message = (f"This step says to go on {position.label}, but the reader was last "
                   f"told to be {current.label}.")
        explanation = (f"\"Keep\", \"stay\" or \"still\" means the reader is already "
                       f"{position.label}; an earlier step put them {current.label}, and no "
                       f"step in between changes position, so the step cannot be followed "
                       f"as written.")
    related = [] if within else [
        ctx.related(where.start_char, where.end_char,
                    f"this step puts the body in: {current.label}")]
    yield ctx.finding(
        "POSTURE-TRANSITION", sentence.start_char, sentence.end_char,
        message=message, explanation=explanation,
        suggestion=(f"Say which position this step is done in, and if it moves from "
                    f"{current.label} to {position.label}, add that step."),
        related=related,
        confidence=0.8,
    )


def _report_pair(ctx: CheckContext, mention: Mention, other: Mention, pair: PairConstraint,
                 flagged: set[int], rule: str, message: str | None = None
                 ) -> Iterator[Finding]:
    sentence = mention.sentence
    override = message
    if sentence.start in flagged:
        return
    flagged.add(sentence.start)
    related = []
    if other.sentence.start != sentence.start:
        related.append(ctx.related(other.sentence.start_char, other.sentence.end_char,
                                   f"earlier step: {other.state.label}"))
    if rule == "POSTURE-CONFLICT":
        message = (f"This step asks for the position {_what(mention)}, but an earlier step "
                   f"asked for “{other.state.label}”.")
        suggestion = (f"Decide whether the reader keeps {other.state.label} or moves to "
                      f"{mention.state.label}, and say when the change happens.")
    elif rule == "POSTURE-TRANSITION":
        message = (f"This step asks for the position {_what(mention)} straight from "
                   f"“{other.state.label}”, which the body cannot do in one movement.")
        suggestion = (f"Add the step that gets the reader from {other.state.label} to where "
                      f"{mention.state.label} is possible, or change the starting position.")
    else:
        message = (f"Impossible position: {_what(mention)} together with "
                   f"{other.state.label}.")
        suggestion = "Rewrite the step so the body can take every part of the position at once."
    yield ctx.finding(
        rule, sentence.start_char, sentence.end_char,
        message=override or message,
        explanation=pair.reason + (f" Source: {pair.source}." if pair.source else ""),
        suggestion=suggestion,
        related=related,
        confidence=0.8,
    )


FAMILY = CheckFamily("posture", run, order=40,
                     description="impossible positions, conflicting steps and impossible "
                                 "moves between positions")
