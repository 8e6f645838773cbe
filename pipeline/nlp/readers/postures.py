"""Read what an exercise step does with the body, for the posture geometry check: contacts
("press both palms flat on the wall in front of you", "with your back against the wall"),
facings ("stand facing a wall"), reaches ("bring your heel to your buttock", "touch your
toes"), movement end points ("lift your leg until it points at the ceiling"), and words that
turn the body or move it to a position the step does not name ("roll over", "lean back").

The words come from ``rules/anatomy/postures.yaml`` (parts, supports, reaches, end points)
and the named lists of ``rules/lexicon/core.yaml``; each item carries its ConText (negated,
hedged, hypothetical, question, myth, reported, quoted) from :mod:`pipeline.nlp.context`.
A contact is read from the surface order, not the parse, because the small model attaches
"on the wall" to whichever noun is near: a body part, then a few filler words ("flat",
"firmly", "pressed"), then a contact preposition, then the support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Span, Token

from pipeline.knowledge.cue_index import possible
from pipeline.knowledge.instructions import normal, sentence_words
from pipeline.knowledge.lexicon import Lexicon, declare
from pipeline.knowledge.postures import Endpoint, PostureKnowledge, Reach
from pipeline.nlp.components.instructions import in_label
from pipeline.nlp.context import ContextRules, frame_context

CONTACT_PREPS = declare("posture_contact_preps", "prepositions that put a body part on a "
                        "support (on, against, into)")
CONTACT_FILLERS = declare("posture_contact_fillers", "words between a body part and its "
                          "contact preposition (flat, firmly, pressed)")
PART_SKIP = declare("posture_part_skip", "words left out of a body-part phrase (your, both)")
SUPPORT_PARTS = declare("posture_support_parts", "parts of a support named before it (the "
                        "back of the chair, the edge of the bed)")
AHEAD = declare("posture_ahead", "phrases that put a support in front of the reader")
BEHIND = declare("posture_behind", "phrases that put a support behind the reader")
FACING_VERBS = declare("posture_facing_verbs", "verbs that turn the reader's front to a "
                       "support (face the wall)")
FACING_WAY = declare("posture_facing_way", "words between a facing verb and the support it "
                     "faces (facing up towards the ceiling, pointing straight at the floor)")
TURN_WORDS = declare("posture_turn_words", "words that turn the body round, so a wall "
                     "behind may now be in front")
CHANGE_VERBS = declare("posture_change_verbs", "verbs that can move the trunk to a position "
                       "the step does not name (roll over, lean back)")
LOCAL_OBJECTS = declare("posture_local_objects", "objects that make a change verb move one "
                        "part only (turn your head, lower your arms)")
ALTERNATING = declare("posture_alternating", "words that make a reach one side at a time or "
                      "a jump (alternately, each leg, hop)")
TWO_WALLS = declare("posture_two_walls", "words that name a corner, a doorway or walls")
OTHER_WALL = declare("posture_other_wall", "words before 'wall' that make it a second one "
                     "(the other wall)")

#: ConText modifiers under which a step is not asked of the reader
NOT_ASKED = frozenset({"negated", "hedged", "hypothetical", "question", "myth", "reported",
                       "quoted"})
MAX_FILLERS = 3
MAX_SUPPORT_MODIFIERS = 3


@dataclass(frozen=True, slots=True)
class Contact:
    """A body part put on, against or towards a support."""

    part: str
    support: str
    #: the words of the contact (token indices, inclusive)
    first: int
    last: int
    part_token: int
    support_token: int
    side: str | None
    #: where the words put the support: "ahead" ("the wall in front of you"), "behind"
    located: str | None
    context: frozenset[str]
    #: the part is turned to the support, not put on it ("with your belly facing the floor")
    faces: bool = False

    @property
    def asked(self) -> bool:
        """Whether the reader is asked to do it (no negation, hedge, question, myth ...)."""
        return not (self.context & NOT_ASKED)


@dataclass(frozen=True, slots=True)
class Facing:
    """The reader's front turned to a support ("stand facing a wall", "face the wall")."""

    support: str
    first: int
    last: int
    context: frozenset[str]


@dataclass(frozen=True, slots=True)
class ReachReading:
    """A reach ("bring your heel to your buttock") read in a step."""

    reach: Reach
    first: int
    last: int
    side: str | None
    alternating: bool
    context: frozenset[str]

    @property
    def asked(self) -> bool:
        """Whether the reader is asked to do it."""
        return not (self.context & NOT_ASKED)


@dataclass(frozen=True, slots=True)
class EndpointReading:
    """A movement end point read in a step."""

    endpoint: Endpoint
    first: int
    last: int
    context: frozenset[str]


@dataclass(frozen=True, slots=True)
class StepReading:
    """Everything the posture geometry needs from one step."""

    contacts: tuple[Contact, ...] = ()
    facings: tuple[Facing, ...] = ()
    reaches: tuple[ReachReading, ...] = ()
    endpoints: tuple[EndpointReading, ...] = ()
    #: the first word that turns the body round (a wall behind may now be in front)
    turn: int | None = None
    #: the first word that moves the trunk to a position the step does not name
    change: int | None = None
    #: the step names a second wall, a corner or a doorway
    two_walls: bool = False


def _nounish(token: Token) -> bool:
    """A noun, or a word the small model mistags after "your" ("press your back/ADV")."""
    if token.pos_ in ("NOUN", "PROPN") or token.tag_ in ("NN", "NNS"):
        return True
    return token.i > token.sent.start and token.doc[token.i - 1].tag_ == "PRP$"


class PostureReader:
    """Read the steps of one article (knowledge loaded once per run)."""

    def __init__(self, knowledge: PostureKnowledge, lexicon: Lexicon, context: ContextRules,
                 sides: Mapping[str, frozenset[str]]) -> None:
        self.k = knowledge
        self.context_rules = context
        self.sides = sides
        self.preps = lexicon.list(CONTACT_PREPS)
        self.fillers = lexicon.list(CONTACT_FILLERS)
        self.skip = lexicon.list(PART_SKIP)
        self.support_parts = lexicon.list(SUPPORT_PARTS)
        self.ahead = tuple(tuple(p.split()) for p in lexicon.list(AHEAD))
        self.behind = tuple(tuple(p.split()) for p in lexicon.list(BEHIND))
        self.facing_verbs = lexicon.list(FACING_VERBS)
        self.facing_way = lexicon.list(FACING_WAY)
        self.turn_words = lexicon.list(TURN_WORDS)
        self.change_verbs = lexicon.list(CHANGE_VERBS)
        self.local_objects = lexicon.list(LOCAL_OBJECTS)
        self.alternating_words = lexicon.list(ALTERNATING)
        self.two_wall_words = lexicon.list(TWO_WALLS)
        self.other_wall_words = lexicon.list(OTHER_WALL)

    @cached_property
    def support_words(self) -> frozenset[str]:
        """The last word of every support phrase."""
        return frozenset(self.k.support_heads)

    # ------------------------------------------------------------------ one step
    def step(self, sentence: Span, position_tokens: frozenset[int] = frozenset()
             ) -> StepReading:
        """What ``sentence`` does with the body. ``position_tokens``: the words that set a
        base position in it (they are no unnamed change of position)."""
        words = sentence_words(sentence)
        contacts: list[Contact] = []
        facings: list[Facing] = []
        if words & self.support_words:
            for token in sentence:
                if normal(token.lemma_) not in self.support_words and \
                        normal(token.text) not in self.support_words:
                    continue
                support = self.support_of(token)
                if support is None:
                    continue
                contact = self._contact(token, support)
                if contact is not None:
                    contacts.append(contact)
                    continue
                facing = self._facing(token, support)
                if facing is None:
                    continue
                turned = self._turned(facing, token, support)
                if turned is not None:
                    contacts.append(turned)
                else:
                    facings.append(facing)
        return StepReading(
            contacts=tuple(contacts), facings=tuple(facings),
            reaches=tuple(self._reaches(sentence, words)),
            endpoints=tuple(self._endpoints(sentence, words)),
            # "Face the wall": the facing verb places the wall, it turns nothing round
            turn=self._turn(sentence, position_tokens | frozenset(f.first for f in facings))
            if words & self.turn_words else None,
            change=self._change(sentence, position_tokens)
            if words & self.change_verbs else None,
            two_walls="wall" in words and (bool(words & self.two_wall_words) or any(
                normal(t.lemma_) == "wall" and t.i > sentence.start
                and normal(t.doc[t.i - 1].text) in self.other_wall_words for t in sentence)),
        )

    def _turn(self, sentence: Span, position_tokens: frozenset[int]) -> int | None:
        return next((t.i for t in sentence if normal(t.lemma_) in self.turn_words
                     and t.pos_ == "VERB" and t.tag_ != "VBG"
                     and t.i not in position_tokens and not self._local(t)), None)

    def context(self, first: int, last: int, sentence: Span, ignore: Sequence[int] = ()
                ) -> frozenset[str]:
        """The ConText of tokens ``first``..``last``, plus ``label`` when they are in a
        step's label ("Wall press: ..."); ``ignore``: triggers the reader has read."""
        doc = sentence.doc
        found = frame_context(doc[first:last + 1], self.context_rules, ignore)
        if in_label([doc[first]]):
            found = found | {"label"}
        return found

    # ------------------------------------------------------------------ words
    def support_of(self, token: Token) -> str | None:
        """The support a noun names ("the floor", "a yoga mat"), if any."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = self._phrase(token, self.k.support_heads, part=False)
        if phrase is None:
            return None
        found = phrase[0]
        previous = token.doc[token.i - 1] if token.i > token.sent.start else None
        if previous is not None and normal(previous.text) in self.k.supports[found].not_after:
            return None
        # "the floor of the car", "the wall of the stomach": another thing's part
        following = token.doc[token.i + 1] if token.i + 1 < token.sent.end else None
        if following is not None and following.lower_ == "of":
            return None
        return found

    def _phrase(self, token: Token,
                heads: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]],
                part: bool = True) -> tuple[str, int] | None:
        """The id whose phrase ends at ``token`` ("backs of your hands" -> hand_back), with
        the index of the phrase's first word. For a part, "the back of your knee" names no
        part the file knows (not the knee)."""
        candidates = heads.get(normal(token.lemma_)) or heads.get(normal(token.text))
        if not candidates:
            return None
        words: list[tuple[str, int]] = []
        i = token.i - 1
        start = token.sent.start
        while i >= start and len(words) < 4:
            word = normal(token.doc[i].lemma_)
            if normal(token.doc[i].text) in self.skip or word in self.skip:
                i -= 1
                continue
            if token.doc[i].is_punct:
                break
            words.insert(0, (word, i))
            i -= 1
        for phrase, key in candidates:
            needed = list(phrase[:-1])
            if not needed:
                if part and len(words) >= 2 and words[-1][0] == "of" and \
                        words[-2][0] in self.support_parts:
                    return None
                return key, token.i
            if [w for w, _i in words[-len(needed):]] == needed:
                return key, words[-len(needed)][1]
        return None

    def _part_before(self, prep: Token) -> Token | None:
        """The body-part noun before a contact preposition, past filler words."""
        i = prep.i - 1
        skipped = 0
        start = prep.sent.start
        while i >= start and skipped <= MAX_FILLERS:
            token = prep.doc[i]
            if _nounish(token):
                return token
            if normal(token.text) not in self.fillers and normal(token.lemma_) not in \
                    self.fillers:
                return None
            skipped += 1
            i -= 1
        return None

    def _prep_before(self, support: Token) -> Token | None:
        """The contact preposition before a support's noun phrase ("on the wall", "against
        the back of the chair")."""
        i = support.i - 1
        seen = 0
        start = support.sent.start
        while i >= start and seen <= MAX_SUPPORT_MODIFIERS + 2:
            token = support.doc[i]
            word = normal(token.text)
            if word in self.preps:
                return token
            if word == "of" and i - 1 >= start and normal(
                    support.doc[i - 1].text) in self.support_parts:
                i -= 2
                seen += 2
                continue
            if (token.pos_ not in ("DET", "PRON", "ADJ", "NUM", "NOUN", "PROPN")
                    and token.dep_ != "amod") or token.is_punct:
                return None  # an "amod" verb is a participle: "your folded arms"
            seen += 1
            i -= 1
        return None

    def _side(self, part: Token) -> str | None:
        for child in part.children:
            word = normal(child.text)
            for side, side_words in self.sides.items():
                if side in ("left", "right", "one") and word in side_words:
                    return side
            if word == "both":
                return "both"
        before = part.doc[part.i - 1] if part.i > part.sent.start else None
        if before is not None and normal(before.text) == "both":
            return "both"
        return "both" if part.tag_ == "NNS" else None

    def _located(self, support: Token) -> tuple[str | None, int]:
        """Where the words after a support put it ("in front of you" -> ahead), and the last
        token of the phrase."""
        doc = support.doc
        after = [normal(t.text) for t in doc[support.i + 1:min(support.i + 6, support.sent.end)]]
        for direction, phrases in (("ahead", self.ahead), ("behind", self.behind)):
            for phrase in phrases:
                if tuple(after[:len(phrase)]) == phrase:
                    return direction, support.i + len(phrase)
        return None, support.i

    def _span_start(self, part: Token, phrase_start: int) -> int:
        """Where a contact's words start: the verb or "with" just before the part ("press
        both palms", "with your back")."""
        doc = part.doc
        i = phrase_start - 1
        start = part.sent.start
        while i >= start and phrase_start - i <= 4:
            token = doc[i]
            if token.is_punct:
                break
            if token.pos_ == "VERB" or normal(token.text) == "with":
                return i
            i -= 1
        first = phrase_start
        while first - 1 >= start and normal(doc[first - 1].text) in self.skip:
            first -= 1
        return first

    def _contact(self, token: Token, support: str) -> Contact | None:
        prep = self._prep_before(token)
        part_token: Token | None = None
        if prep is not None:
            part_token = self._part_before(prep)
        if part_token is None:
            part_token = self._touching(token)
        phrase = self._part_phrase(part_token)
        if part_token is None or phrase is None:
            return None
        part, phrase_start = phrase
        located, last = self._located(token)
        if part_token.i > token.i:  # "touch the floor with your elbows"
            first, last = token.head.i, max(last, part_token.i)
        else:
            first = self._span_start(part_token, phrase_start)
        return self._make_contact(part, part_token, support, token, first, last, located)

    def _part_phrase(self, part_token: Token | None) -> tuple[str, int] | None:
        """The part a noun names and where its phrase starts, if it names one."""
        if part_token is None or not _nounish(part_token):
            return None
        return self._phrase(part_token, self.k.part_heads)

    def _make_contact(self, part: str, part_token: Token, support: str, support_token: Token,
                      first: int, last: int, located: str | None, faces: bool = False
                      ) -> Contact:
        return Contact(part=part, support=support, first=first, last=last,
                       part_token=part_token.i, support_token=support_token.i,
                       side=self._side(part_token), located=located,
                       context=self.context(first, last, support_token.sent), faces=faces)

    def _touching(self, support: Token) -> Token | None:
        """"your palms touch the floor", "touch the floor with your elbows": the part."""
        verb = support.head
        if verb.lemma_.lower() != "touch" or support.dep_ != "dobj":
            return None
        for child in verb.children:
            if child.dep_ in ("nsubj",) and child.pos_ == "NOUN":
                return child
            if child.dep_ == "prep" and child.lower_ == "with":
                return next((t for t in child.children if t.dep_ == "pobj"), None)
        return None

    def _facing(self, support: Token, support_id: str) -> Facing | None:
        """"stand facing a wall", "face the wall": the front turned to the support."""
        i = support.i - 1
        start = support.sent.start
        while i >= start and support.i - i <= MAX_SUPPORT_MODIFIERS + 3:
            token = support.doc[i]
            if normal(token.lemma_) in self.facing_verbs or normal(token.text) in \
                    self.facing_verbs:
                # the small model tags "(stand) facing" as a noun now and then, and an
                # imperative "Face the wall" opening a sentence as a noun or a name
                if token.pos_ == "VERB" or (token.pos_ == "NOUN" and i > start) or (
                        i == start and token.pos_ in ("NOUN", "PROPN")):
                    first = i
                    return Facing(support=support_id, first=first, last=support.i,
                                  context=self.context(first, support.i, support.sent))
                return None
            if token.pos_ not in ("DET", "PRON", "ADJ", "NUM") and \
                    normal(token.text) not in self.facing_way:
                return None
            i -= 1
        return None

    def _turned(self, facing: Facing, support_token: Token, support: str) -> Contact | None:
        """"with your belly facing the floor", "your chest faces the ceiling": a part, not
        the reader, turned to the support (read as a contact that only faces it)."""
        part_token = self._part_before(support_token.doc[facing.first])
        phrase = self._part_phrase(part_token)
        if part_token is None or phrase is None:
            return None
        part, phrase_start = phrase
        first = self._span_start(part_token, phrase_start)
        return self._make_contact(part, part_token, support, support_token, first,
                                  support_token.i, None, faces=True)

    def _local(self, verb: Token) -> bool:
        """Whether a verb moves one part only ("turn your head", "lower your arms")."""
        return any(c.dep_ in ("dobj", "nsubjpass") and (
            normal(c.lemma_) in self.local_objects or normal(c.text) in self.local_objects)
            for c in verb.children)

    def _change(self, sentence: Span, position_tokens: frozenset[int]) -> int | None:
        for token in sentence:
            if token.i in position_tokens or normal(token.lemma_) not in self.change_verbs:
                continue
            if token.pos_ not in ("VERB", "ADJ") or token.tag_ in ("VBG", "VBN") or \
                    self._local(token):
                continue  # "without turning your body" describes, it does not move
            if token.pos_ == "ADJ" and normal(token.text) != "lower":
                continue
            return token.i
        return None

    def _reaches(self, sentence: Span, words: frozenset[str]) -> list[ReachReading]:
        found = []
        for reach in self.k.reaches:
            if reach.unless & words:
                continue
            for cue in possible(sentence, reach.cues):
                matches = cue.find(sentence)
                if not matches:
                    continue
                match = matches[0]
                first, last = match[0].i, match[-1].i
                mover = next((t for t in match if (self._phrase(t, self.k.part_heads)
                                                   or ("", 0))[0] == reach.mover), None)
                found.append(ReachReading(
                    reach=reach, first=first, last=last,
                    side=self._side(mover) if mover is not None else None,
                    alternating=bool(words & self.alternating_words),
                    context=self.context(first, last, sentence)))
                break
        return found

    def _endpoints(self, sentence: Span, words: frozenset[str]) -> list[EndpointReading]:
        found = []
        for endpoint in self.k.endpoints:
            match: Sequence[Token] | None = next(
                (m[0] for cue in possible(sentence, endpoint.cues)
                 for m in [cue.find(sentence)] if m), None)
            if match is None:
                continue
            required: list[Token] = next(
                (m[0] for cue in possible(sentence, endpoint.requires)
                 for m in [cue.find(sentence)] if m), [])
            if endpoint.requires and not required:
                continue
            first, last = match[0].i, match[-1].i
            # "without turning your shoulders, look behind you": the required words are
            # part of the end point, not a negation of it
            found.append(EndpointReading(
                endpoint=endpoint, first=first, last=last,
                context=self.context(first, last, sentence, [t.i for t in required])))
        return found
