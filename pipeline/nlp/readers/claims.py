"""Read anatomical claims out of the dependency parse.

The shapes health writers use (DESIGN.md, "What a claim looks like"): copula ("X is Y",
"X is the same area as Y", "X is part of Y"), apposition ("X, a group of four muscles"),
relative clauses ("X, which runs down the leg"), location by verb or preposition ("X lies in
Y", "X is on the left"), counts ("X has N Ps", "there are N Ps in X"), function ("X bends Y",
"X helps you straighten Y") and movement instructions ("rotate your knee in circles").

Extraction knows grammar, not anatomy: the words it looks for come from
``rules/anatomy/lexicon.yaml`` and what is true is decided by the check against the
knowledge base (:mod:`pipeline.checks.anatomy`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.anatomy import AnatomyKB
from pipeline.nlp.numbers import is_number_word, number_words, whole_number
from pipeline.nlp.readers.base import described_by_apposition, keeps_from

ClaimType = Literal["identity", "part_of", "location", "side", "aspect", "count", "function",
                    "movement", "joint_type", "is_a", "superlative", "joins", "relative",
                    "referral_denied", "flow", "makes", "releases", "stores", "pain_site",
                    "range", "layer", "absorbs", "contact", "supplies", "pumps", "term", "between"]
SUBJECT_DEPS = ("nsubj", "nsubjpass")
MODALS_OF_INSTRUCTION = frozenset({"should", "must", "need", "ought", "shall", "'ll", "will",
                                   "would", "let"})
FIXED_WORDS = frozenset({"body", "skeleton"})
PEOPLE = frozenset({"you", "we", "human", "humans", "adult", "adults", "people", "person",
                    "everyone", "everybody", "body", "skeleton"})
#: Which plain movements a modifier turns into a more specific one ("rotate" + "in circles").
REFINES = {
    "circumduction": ("rotation", "movement", "circumduction"),
    "hyperextension": ("flexion", "movement", "extension", "hyperextension"),
    "lateral_flexion": ("flexion", "movement"),
}
#: Nouns that stand for what follows their "of" ("a bundle of nerves that ...", "a layer of
#: muscle", "one of the bones of the forearm").
COLLECTIVE_NOUNS = frozenset({"one", "layer", "sheet", "group", "bundle", "band", "type",
                              "kind", "form", "sort", "piece", "set", "collection", "network",
                              "pair", "cord", "ring", "strip", "mass", "series", "chain"})
#: Verbs by which a movement term is defined ("pronation means turning the palm down").
DEFINING_VERBS = frozenset({"be", "mean", "describe", "involve", "refer", "denote"})
#: Nouns a side phrase is built on ("the inner side of the knee", "the thumb edge").
SIDE_NOUNS = frozenset({"side", "sides", "edge", "edges", "border", "aspect", "surface"})


@dataclass(frozen=True)
class Claim:
    """One anatomical statement, located in the text."""

    type: ClaimType
    subject: str
    start: int
    end: int
    first_token: int
    last_token: int
    obj: str | None = None
    value: int | None = None
    pairs: bool = False
    approximate: bool = False
    young: bool = False
    side: str | None = None
    aspect: str | None = None
    movement: str | None = None
    verb: str | None = None


def _absolute(noun: Token) -> bool:
    """A bare noun with its own participle after a comma ("level with your heart, palm facing
    up") is an absolute phrase describing the scene, not another name for the noun before
    ("the aorta, the main vessel leading away from the heart" is one)."""
    return not any(c.dep_ in ("det", "poss") for c in noun.children) and any(
        c.dep_ == "acl" and c.tag_ == "VBG" and c.i > noun.i for c in noun.children)


def _numbers(noun: Token) -> list[Token]:
    """The numbers counting a noun: its own ("24 teeth"), or one the small parser hung on a
    word compounded with it ("24 milk teeth": 24 -> milk)."""
    own = [c for c in noun.children if c.dep_ == "nummod"]
    return own or [n for c in noun.children if c.dep_ == "compound" and c.i < noun.i
                   for n in c.children if n.dep_ == "nummod"]


def _count_word(token: Token) -> bool:
    """Whether a token can be part of a count ("33", "twenty", "a", "hundred", "and")."""
    words = number_words()
    return token.like_num or is_number_word(token, words) or token.lower_ in (
        *words.articles, *words.joiners)


class ClaimReader:
    """Extract :class:`Claim` objects from one parsed Doc."""

    def __init__(self, doc: Doc, kb: AnatomyKB) -> None:
        self.doc = doc
        self.kb = kb
        self.lex = kb.lexicon
        self.by_root: dict[int, Span] = {}
        self.by_token: dict[int, Span] = {}
        for span in doc.spans.get("anatomy", []):
            self.by_root[span.root.i] = span
            for token in span:
                self.by_token[token.i] = span
        self.appos: dict[int, Token] = {}
        for token in doc:
            owner = self._apposed_to(token)
            if owner is not None:
                self.appos[token.i] = owner

    # ----------------------------------------------------------------- helpers
    def concept(self, token: Token) -> str | None:
        """The concept a noun phrase headed by ``token`` names, if any."""
        span = self.by_root.get(token.i) or self.by_token.get(token.i)
        if span is None:
            return None
        if span.root.i != token.i and token.i != span.end - 1:
            return None
        return span.label_

    def specific_concept(self, token: Token) -> str | None:
        """The concept a noun phrase names, when a claim can be about it."""
        cid = self.concept(token)
        return cid if self.specific(cid) else None

    def specific(self, concept_id: str | None) -> bool:
        """A concept a claim can be about (not a class word like "muscle")."""
        if concept_id is None:
            return False
        return self.kb[concept_id].kind not in ("class", "system")

    def _apposed_to(self, noun: Token) -> Token | None:
        """The body part a describing noun phrase follows after a comma ("the rotator cuff,
        a group of ..."), when the small parser did not attach it as an apposition: the
        phrase starts with an article, its head is no specific body part, and the words
        before the comma end a specific body part's mention."""
        one = noun.lower_ == "one" and noun.pos_ == "NUM"
        if (noun.pos_ != "NOUN" and not one) or (noun.dep_ == "conj" and not self._closed(noun)):
            return None
        if self.specific(self._label(noun)):
            return self._misparsed_apposition(noun)
        i = noun.i - 1
        if not one:
            while i >= 0 and (self.doc[i].pos_ in ("ADJ", "ADV", "NUM", "NOUN", "PROPN")
                              or self.doc[i].text == "-") and self.doc[i].dep_ != "punct" \
                    and noun.i - i < 6:
                i -= 1
            if i < 1 or self.doc[i].lower_ not in ("the", "a", "an"):
                return None
            i -= 1
        if i < 1 or self.doc[i].text != ",":
            return None
        span = self.by_token.get(i - 1)
        if span is None or span.end - 1 != i - 1 or not self.specific(span.label_):
            return None
        if noun.dep_ == "appos" and noun.head.i in range(span.start, span.end):
            return None  # the parser got it; the apposition code handles it
        if one and self.doc[i - 1].tag_ not in ("NNS", "NNPS") and not any(
                c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
            return None  # "the stomach, one on each side": a distributive one needs a plural
        return self.doc[i - 1]

    def _misparsed_apposition(self, noun: Token) -> Token | None:
        """"Dizziness starts in the cochlea, the organ of balance": a definite body-part name
        after a comma that the small parser made the object of the verb before, though
        the verb's own phrase ended with another body part; not an item of a list."""
        span = self.by_token.get(noun.i)
        if noun.dep_ not in ("dobj", "appos", "npadvmod") or span is None or \
                span.root.i != noun.i:
            return None
        first = noun.left_edge
        det = next((c for c in noun.children if c.dep_ == "det"), None)
        if det is None or det.lower_ != "the" or first.i < 2 or \
                self.doc[first.i - 1].text != ",":
            return None
        before = self.doc[first.i - 2]
        owner = self.by_token.get(before.i)
        if owner is None or owner.end - 1 != before.i or not self.specific(owner.label_) or \
                owner.root.dep_ not in ("pobj", "dobj") or noun.head.i == owner.root.i:
            return None
        if any(t.lower_ in ("and", "or", "nor") for t in self.doc[noun.i:noun.sent.end]):
            return None
        if len(span) < 2 and not any(c.dep_ == "amod" for c in noun.children):
            return None  # "spreads to the knee, the ankle": a bare name is the next item
        return owner.root

    def _named_by(self, noun: Token) -> Token | None:
        """"The socket, called the acetabulum, ...", "One of them, the extensor pollicis
        brevis, ...": the specific body part a vague subject is named as."""
        if noun.dep_ in SUBJECT_DEPS and noun.head.lemma_.lower() in self.lex.naming_verbs:
            for named in noun.head.children:  # "The socket, called the acetabulum, is ..."
                if named.dep_ in ("oprd", "dobj", "attr") and self.specific(self.concept(named)):
                    return named
        for child in noun.children:
            if child.dep_ == "appos" and self.specific(self.concept(child)):
                return child
            if child.dep_ == "acl" and child.lemma_.lower() in self.lex.naming_verbs:
                for named in child.children:
                    if named.dep_ in ("oprd", "attr", "dobj", "xcomp") and \
                            self.specific(self.concept(named)):
                        return named
        return None

    def _member(self, noun: Token) -> Token | None:
        """"The joint at the base of the thumb": a class word pinned down by a body part of
        that class in its own phrase."""
        cls = self.concept(noun)
        if cls is None or self.kb[cls].kind != "class":
            return None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("at", "in", "of", "between"):
                for t in child.subtree:
                    span = self.by_token.get(t.i)
                    if span is not None and self.kb[span.label_].kind == cls and \
                            t.i == span.end - 1:
                        return t
        return None

    def _label(self, token: Token) -> str | None:
        span = self.by_token.get(token.i)
        return span.label_ if span is not None else None

    def subject_of(self, verb: Token) -> Token | None:
        """The grammatical subject of a verb, following relative clauses and conjunctions."""
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.tag_ in ("WDT", "WP") or child.lower_ in ("which", "that", "who"):
                    if verb.dep_ != "relcl":
                        return None
                    return described_by_apposition(verb.head, child) or self._noun_owner(verb.head)
                return child
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return self._noun_owner(verb.head)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self.subject_of(verb.head)
        if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN") and verb.i > 0 and \
                verb.nbor(-1).text == "," and verb.head.i > verb.i:
            # "the frontal lobe, sitting at the back of the head, plans ...": a participle
            # set off between the subject and its verb describes the subject
            subject = self.subject_of(verb.head)
            return subject if subject is not None and subject.i < verb.i else None
        if verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i > 1 and \
                verb.nbor(-1).text == "," and verb.head.i < verb.i and \
                not any(c.dep_ in ("auxpass", "aux") for c in verb.children):
            # "pain starts in the cervix, found at the top of the uterus": a past participle
            # after a comma describes the body part just before it
            before = verb.nbor(-2)
            span = self.by_token.get(before.i)
            if span is not None and span.end - 1 == before.i and self.specific(span.label_):
                return before
        return None

    def _noun_owner(self, noun: Token) -> Token:
        """``the biceps is the muscle that bends the elbow``: the owner of "muscle" is the
        copula's subject when "muscle" is only a class word."""
        cid = self.concept(noun)
        if (cid is None or not self.specific(cid)) and noun.dep_ == "attr":
            subject = self.subject_of(noun.head)
            if subject is not None:
                return subject
        if noun.dep_ == "appos" and noun.i not in self.appos:
            return noun.head
        if noun.i in self.appos:
            return self.appos[noun.i]
        if not self.specific(cid) and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
                and noun.head.head.pos_ in ("NOUN", "NUM") and noun.head.head.i < noun.i \
                and noun.head.head.lemma_.lower() in COLLECTIVE_NOUNS:
            owner = self._noun_owner(noun.head.head)  # "a bundle of nerves that runs ..."
            if owner.i != noun.head.head.i:
                return owner
        return noun

    def is_instruction(self, verb: Token) -> bool:
        """Imperative or modal ("should") rather than a statement of fact."""
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in MODALS_OF_INSTRUCTION:
                return True
        return False

    def is_imperative(self, verb: Token) -> bool:
        """An instruction to the reader: no subject, or "you"."""
        if verb.dep_ in ("relcl", "acl", "amod", "aux", "auxpass", "pcomp"):
            return False
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and any(t.text == ":" for t in self.doc[subject.i: verb.i]):
            subject = None  # "Knee circles: rotate ..." - a label, then the instruction
        if subject is None:
            if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
                return self.is_imperative(verb.head)
            return verb.tag_ in ("VB", "VBP")
        return subject.lower_ == "you"

    def antecedent(self, pronoun: Token) -> str | None:
        """What "this"/"it" at the start of a sentence refers to: the first body part named
        before the main verb of the previous sentence of the same paragraph (verbless
        fragments before it count as part of it)."""
        sent = pronoun.sent
        if sent.start == 0 or pronoun.i != sent.start:
            return None
        previous = self.doc[sent.start - 1].sent
        start = previous.start
        while start > 0:
            before = self.doc[start - 1].sent
            if "\n\n" in self.doc[before.start: start + 1].text or any(
                t.pos_ in ("VERB", "AUX") for t in before
            ):
                break
            start = before.start
        if "\n\n" in self.doc[previous.start: sent.start + 1].text:
            return None
        root = previous.root
        for token in self.doc[start: root.i]:
            span = self.by_token.get(token.i)
            if span is not None and self.specific(span.label_):
                return span.label_
        chained = next((t for t in self.doc[previous.start: previous.end]
                        if t.lower_ in ("it", "its") and t.i != previous.start), None)
        if chained is not None and start == previous.start and previous.start > 0:
            # "... what it does. Its main job is ...": "it" carried through a sentence that
            # names no body part refers to what the sentence before that named
            earlier = self.doc[previous.start - 1].sent
            if "\n\n" not in self.doc[earlier.start: previous.start + 1].text:
                for token in self.doc[earlier.start: earlier.root.i]:
                    span = self.by_token.get(token.i)
                    if span is not None and self.specific(span.label_):
                        return span.label_
        return None

    def mentioned_in(self, token: Token) -> str | None:
        """A body region named inside a noun phrase ("upper back pain" -> upper_back)."""
        for t in token.subtree:
            span = self.by_token.get(t.i)
            if span is not None and self.specific(span.label_) and t.i < token.i + 1:
                return span.label_
        return None

    def claim(self, kind: ClaimType, subject: str, first: Token, last: Token,
              **values: object) -> Claim:
        """A claim spanning ``first``..``last`` (inclusive)."""
        a, b = min(first.i, last.i), max(first.i, last.i)
        return Claim(type=kind, subject=subject, start=self.doc[a].idx,
                     end=self.doc[b].idx + len(self.doc[b]), first_token=a, last_token=b,
                     **values)  # type: ignore[arg-type]

    # ----------------------------------------------------------------- main loop
    def claims(self) -> Iterator[Claim]:
        """Every claim in the Doc."""
        seen: set[tuple[object, ...]] = set()
        for token in self._candidates():
            for claim in self._claims_at(token):
                key = (claim.type, claim.subject, claim.obj, claim.start, claim.value,
                       claim.side, claim.aspect, claim.movement)
                if (claim.type in ("identity", "part_of") or (
                        claim.type == "location" and claim.verb == "nominal")) and \
                        not self._naming(claim):
                    continue
                if key not in seen:
                    seen.add(key)
                    yield claim

    def _naming(self, claim: Claim) -> bool:
        """Whether an identity or part-of claim names what a structure is, not: one of a
        group ("the main breathing muscle is the diaphragm"), the next item of a list ("a
        tender scalp, even an ache in my jaw"), or what it is made of ("the perineum is the
        area of skin and muscle between ...")."""
        first, last = self.doc[claim.first_token], self.doc[claim.last_token]
        between = self.doc[claim.first_token:claim.last_token + 1]
        if any(t.lower_ in self.lex.list_adverbs for t in between):
            return False
        if claim.type == "location":
            return True
        if any(c.dep_ == "amod" and c.lower_ in self.lex.ranking_modifiers
               for t in (first, last) for c in t.children):
            return False
        return not (last.dep_ == "pobj" and last.head.lower_ == "of"
                    and last.head.head.lemma_.lower() in self.lex.material_heads)

    def _candidates(self) -> Iterator[Token]:
        """The tokens of sentences that can carry a claim: every claim is about a body
        structure, named in the sentence or in the one before it ("It lies ...")."""
        marked = self.by_token
        previous = False
        for sent in self.doc.sents:
            here = any(i in marked for i in range(sent.start, sent.end))
            if here or previous:
                yield from sent
            previous = here

    def _claims_at(self, token: Token) -> Iterator[Claim]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux" and token.dep_ != "auxpass":
            yield from self._verb_claims(token)
            yield from self._term_definition(token)
        if token.text == "(":
            yield from self._term_label(token)
        if token.pos_ == "NOUN" and token.tag_ == "NNS" and token.dep_ == "ROOT" and (
            token.lemma_.lower() in self.lex.course_verbs
        ):
            yield from self._misparsed_verb(token)
        if token.pos_ == "NOUN" and token.lower_.endswith("s") and token.dep_ == "compound" \
                and token.lemma_.lower() in self.lex.storing_verbs and token.i > 0:
            yield from self._misparsed_store(token)
        if token.pos_ == "NOUN" and token.tag_ == "NNS" and token.i > 0 and \
                token.lemma_.lower() in self.lex.nerve_supply_verbs:
            yield from self._misparsed_supply(token)
        if token.pos_ == "NOUN" and token.tag_ == "NNS" and token.i > 0 and (
                token.lemma_.lower() in self.lex.making_verbs
                or token.lemma_.lower() in self.lex.releasing_verbs):
            yield from self._misparsed_release(token)
        if token.dep_ == "acl" and token.lemma_.lower() in self.lex.naming_verbs and all(
            t.is_punct or t.lower_ in ("also", "sometimes", "often", "commonly", "usually")
            or (t.i in self.by_token and self.by_token[t.i].root.i == token.head.i)
            for t in self.doc[token.head.i + 1: token.i]
        ):
            named = self.concept(token.head)
            if self.specific(named):
                assert named is not None
                for child in token.children:
                    target = child if child.dep_ in ("oprd", "attr", "dobj") else next(
                        (t for t in child.children if t.dep_ == "pobj"), None
                    ) if child.dep_ == "prep" and child.lower_ == "as" else None
                    other = self.concept(target) if target is not None else None
                    if target is not None and self.specific(other) and other != named:
                        assert other is not None
                        yield self.claim("identity", named, token.head, target, obj=other)
        yield from self._or_alias(token)
        if token.dep_ == "prep" and token.lower_ == "with":
            yield from self._with_count(token)
        if token.pos_ in ("NOUN", "PROPN") and self._whole_set(token):
            yield from self._definite_count(token)
        if token.pos_ in ("NOUN", "PROPN") and _numbers(token):
            yield from self._possessive_count(token)
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "pobj":
            yield from self._noun_place(token)
        if token.i in self.appos:
            owner = self.appos[token.i]
            cid = self.concept(owner)
            if self.specific(cid):
                assert cid is not None
                yield from self._nominal(cid, owner, token)
        if token.dep_ == "appos" and (token.head.dep_ != "conj" or self._closed(token)) \
                and not self._in_list(token) and token.i not in self.appos \
                and not _absolute(token):
            head = token.head
            cid = self.concept(head)
            if self.specific(cid):
                assert cid is not None
                yield from self._nominal(cid, head, token)

    # ----------------------------------------------------------------- movement terms
    def _term_named(self, phrase: Token) -> str | None:
        """The movement a noun phrase names ("pronation", "ankle plantar flexion"), when it
        names nothing else: body-part words and articles may come with it, no other word
        ("lateral flexion" is not flexion)."""
        words = [t.lower_ for t in phrase.subtree
                 if not t.is_punct and t.dep_ != "det" and t.i not in self.by_token
                 and t.lower_ not in ("called", "known", "as", "termed")]
        text = " ".join(words).replace(" - ", "-")
        for term in self.kb.movement_terms:
            if text in term.names:
                return term.movement
        return None

    def _term_label(self, paren: Token) -> Iterator[Claim]:
        """"Pull your toes up towards your shin (plantar flexion)": a movement term in
        brackets after the instruction or statement that describes it."""
        close = next((t for t in self.doc[paren.i + 1: min(paren.i + 6, paren.sent.end)]
                      if t.text == ")"), None)
        if close is None or close.i == paren.i + 1:
            return
        inner = self.doc[paren.i + 1: close.i]
        text = " ".join(t.lower_ for t in inner if t.dep_ != "det").replace(" - ", "-")
        named = next((term.movement for term in self.kb.movement_terms if text in term.names),
                     None)
        verb = self._verb_of(inner.root)
        if named is None or verb.i >= paren.i or verb.pos_ not in ("VERB", "AUX"):
            return
        described = self._described(verb, before=paren.i)
        if described is None:
            return
        part, movement = described
        first = next(t for t in verb.subtree)
        yield self.claim("term", part, first if first.i < paren.i else verb, close,
                         movement=movement, verb=named)

    def _described(self, clause: Token, before: int | None = None) -> tuple[str, str] | None:
        """The part a gerund or clause moves and the movement its words describe ("turning
        your palm up" -> palm, supination), when exactly one movement fits; only words
        before ``before`` when it is given."""
        tokens = [t for t in clause.subtree if not t.is_punct
                  and (before is None or t.i < before)]
        parts = list(dict.fromkeys(self.by_token[t.i].label_ for t in tokens
                                   if t.i in self.by_token))
        words = {t.lower_ for t in tokens if t.i not in self.by_token and t.i != clause.i}
        verbs = {t.lemma_.lower() for t in tokens if t.pos_ == "VERB"}
        for direct in (True, False):  # "toes" are the toes before they are the lower limb
            by_words: dict[str, str] = {}
            by_verb: dict[str, str] = {}
            for term in self.kb.movement_terms:
                for cue in term.cues:
                    part = next((p for p in parts if p in cue.targets or (
                        not direct and set(cue.targets) & self.kb.ancestors(p))), None)
                    if part is None:
                        continue
                    if words & set(cue.words):
                        by_words.setdefault(term.movement, part)
                    elif verbs & set(cue.verbs):
                        by_verb.setdefault(term.movement, part)
            found = by_words or by_verb
            if len(found) == 1:
                movement, part = next(iter(found.items()))
                return part, movement
            if found:
                return None
        return None

    def _term_definition(self, verb: Token) -> Iterator[Claim]:
        """"Turning your palm up is called pronation", "bending the neck forward is
        extension", "dorsiflexion means pointing your toes down": a movement term defined by
        a description. ``movement`` holds the movement described, ``verb`` the term named."""
        if not self.kb.movement_terms:
            return
        lemma = verb.lemma_.lower()
        clause = next((c for c in verb.children if c.dep_ in ("csubj", "csubjpass")
                       and c.tag_ == "VBG"), None)
        term_token: Token | None = None
        before: int | None = None
        if clause is None and lemma in self.lex.naming_verbs and verb.dep_ == "ccomp" and \
                verb.head.tag_ == "VBG" and verb.head.i < verb.i:
            clause = verb.head  # "Bending your elbow is known as ...", misparsed
            before = min((c.i for c in verb.children if c.dep_ == "auxpass"), default=verb.i)
        if clause is not None and (lemma in self.lex.naming_verbs or lemma == "be"):
            for child in verb.children:
                if child.dep_ in ("oprd", "attr", "xcomp", "dobj"):
                    term_token = child
                elif child.dep_ == "prep" and child.lower_ == "as":
                    term_token = next((t for t in child.children if t.dep_ == "pobj"), None)
                if term_token is not None:
                    break
        elif lemma in DEFINING_VERBS:
            term_token = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            clause = next((c for c in verb.children if c.tag_ == "VBG" and c.dep_ in (
                "attr", "xcomp", "ccomp", "dobj", "acomp")), None)
            if clause is None:  # "refers to turning ...", "is when you turn ..."
                clause = next((t for c in verb.children if c.dep_ in ("prep", "advcl")
                               for t in ((c,) if c.dep_ == "advcl" else c.children)
                               if t.pos_ == "VERB" and (c.dep_ == "prep" or any(
                                   w.lower_ == "when" for w in t.children))), None)
        if clause is None and verb.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children):
            clause = verb  # "supination is turning the palm down", parsed as a progressive
            term_token = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if clause is None or term_token is None:
            return
        named = self._term_named(term_token)
        described = self._described(clause, before=before)
        if named is None or described is None:
            return
        part, movement = described
        first = min(clause.left_edge, term_token.left_edge, key=lambda t: t.i)
        last = max(clause.right_edge, term_token.right_edge, key=lambda t: t.i)
        yield self.claim("term", part, first, last, movement=movement, verb=named)

    def _supplies(self, verb: Token, subject_token: Token) -> Iterator[Claim]:
        """"The median nerve supplies the thumb", "... gives feeling to the little finger":
        the part a nerve serves."""
        nerve = self.concept(subject_token)
        if not self.specific(nerve) or self.is_instruction(verb):
            return
        assert nerve is not None
        if self.kb[nerve].kind not in ("nerve", "spinal_nerve"):
            return
        lemma = verb.lemma_.lower()
        targets: list[Token] = []
        what = any(c.dep_ == "dobj" and c.lower_ in self.lex.nerve_supply_nouns
                   for c in verb.children)
        if lemma in self.lex.nerve_supply_verbs and not what:
            targets = [c for c in verb.children if c.dep_ == "dobj"]
        elif what and (lemma in ("give", "provide") or lemma in self.lex.nerve_supply_verbs):
            # "gives feeling to the little finger", "supplies sensation to the thumb"
            targets = [t for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "to"
                       for t in c.children if t.dep_ == "pobj"]
        yield from self._supply_claims(nerve, subject_token, targets)

    def _supply_claims(self, nerve: str, first: Token,
                       targets: Iterable[Token]) -> Iterator[Claim]:
        """A supplies claim for each target naming one specific part (not a list)."""
        for target in targets:
            part = self.concept(target)
            if self.specific(part) and part != nerve and not any(
                    c.dep_ in ("conj", "cc") for c in target.children):
                assert part is not None
                yield self.claim("supplies", nerve, first, target, obj=part)

    def _named_before(self, token: Token) -> Span | None:
        """The specific body part whose name ends just before ``token`` ("the median nerve
        supplies/NNS"), for a verb the small parser tagged as a noun."""
        span = self.by_token.get(token.i - 1)
        return span if span is not None and span.end == token.i and \
            self.specific(span.label_) else None

    def _misparsed_release(self, token: Token) -> Iterator[Claim]:
        """"The anterior pituitary gland releases/NNS oxytocin": the small parser made the
        verb a noun after the organ's name; the organ named just before it makes or
        releases the substance named just after it (before any punctuation)."""
        span = self._named_before(token)
        if span is None:
            return
        after: list[Token] = []
        for t in self.doc[token.i + 1: token.sent.end]:
            if t.is_punct or t.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ"):
                break
            after.append(t)
        substance = self._substance_in(after)
        if not after or substance is None:
            return
        kind: ClaimType = "makes" if token.lemma_.lower() in self.lex.making_verbs \
            else "releases"
        yield self.claim(kind, span.label_, self.doc[span.start], after[-1], verb=substance)

    def _misparsed_supply(self, token: Token) -> Iterator[Claim]:
        """"The median nerve supplies/NNS feeling/VBG to the little finger": the small
        parser made the verb a noun and "feeling" a verb; the nerve named just before it
        supplies what "to" names."""
        span = self._named_before(token)
        if span is None or self.kb[span.label_].kind not in ("nerve", "spinal_nerve"):
            return
        what = next((t for t in (token.head, *token.children) if t.i == token.i + 1
                     and t.lower_ in self.lex.nerve_supply_nouns), None)
        if what is None:  # "feeling" is the verb's head, or its acl child another time
            return
        yield from self._supply_claims(
            span.label_, self.doc[span.start],
            (t for c in what.children if c.dep_ == "prep" and c.lower_ == "to"
             for t in c.children if t.dep_ == "pobj"))

    def _or_alias(self, token: Token) -> Iterator[Claim]:
        """"The kneecap, or patella, sits ...": a second name set off by ", or ... ," with
        no article of its own, on the subject of one singular verb, names the same part
        (alternatives take a plural or modal verb, or an article: "the hip or the knee")."""
        verb = token.head  # a misparsed "slides" is a plural noun at the root
        if token.dep_ not in SUBJECT_DEPS or (verb.tag_ not in ("VBZ", "VBD") and not (
                verb.dep_ == "ROOT" and verb.tag_ == "NNS")):
            return
        conjs = [c for c in token.children if c.dep_ == "conj"]
        ors = [c for c in token.children if c.dep_ == "cc"]
        if len(conjs) != 1 or len(ors) != 1 or ors[0].lower_ != "or" or \
                self.doc[ors[0].i - 1].text != ",":
            return
        other = conjs[0]
        span = self.by_token.get(other.i)
        if span is None or span.start != ors[0].i + 1 or span.end - 1 != other.i or \
                span.end >= len(self.doc) or self.doc[span.end].text != "," or \
                any(c.dep_ in ("conj", "cc") for c in other.children):
            return
        first, second = self.concept(token), self.concept(other)
        if self.specific(first) and self.specific(second) and first != second and \
                self.by_token[token.i].end == ors[0].i - 1:
            assert first is not None and second is not None
            yield self.claim("identity", first, token, other, obj=second)

    def _flow(self, verb: Token, subject_token: Token, subject: str) -> Iterator[Claim]:
        """``the ureters carry urine from the kidneys to the bladder``, ``veins carry blood
        away from the heart``, ``the coronary arteries supply the heart muscle``: ``side``
        holds "from" or "to"."""
        if verb.lemma_.lower() in self.lex.supplying_verbs:
            for dobj in (c for c in verb.children if c.dep_ == "dobj"):
                other = self.concept(dobj)
                if self.specific(other) and other != subject and not any(
                        c.dep_ in ("conj", "cc") for c in dobj.children):
                    assert other is not None
                    yield self.claim("flow", subject, subject_token, dobj, obj=other,
                                     side="to")
        for child in verb.subtree:
            if child.dep_ != "prep" or self._verb_of(child).i != verb.i:
                continue
            end = "from" if child.lower_ == "from" else "to" if child.lower_ in (
                "to", "into", "towards", "toward") else None
            if end is None:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj" or any(c.dep_ in ("conj", "cc") for c in pobj.children):
                    continue
                other = self.concept(pobj) or self._whole_body(pobj)
                ends = (*self.kb[subject].flows_from, *self.kb[subject].flows_to)
                if (self.specific(other) or other in ends) and other != subject:
                    assert other is not None
                    yield self.claim("flow", subject, subject_token, pobj, obj=other,
                                     side=end)

    def _generic(self, noun: Token) -> bool:
        """"Veins", "the veins", "your arteries", "motor nerves": a class word for all its
        members, not "these arteries" (some named before) or "the leg veins" (a modifier
        outside the class's own name)."""
        span = self.by_token.get(noun.i)
        own = range(span.start, span.end) if span is not None else range(0)

        def aside(c: Token) -> bool:  # "your veins, which carry ...": says it of them all
            return c.dep_ == "relcl" and c.left_edge.i > 0 and \
                self.doc[c.left_edge.i - 1].text == ","

        return not any(
            (c.dep_ == "det" and c.lower_ not in ("the", "all", "most"))
            or (c.dep_ == "poss" and c.lower_ != "your")
            or (c.dep_ in ("amod", "compound", "nmod", "relcl", "acl") and c.i not in own
                and not aside(c))
            for c in noun.children)

    def _between(self, subject: str, subject_token: Token, prep: Token) -> Iterator[Claim]:
        """``the intercostal muscles lie between the vertebrae``: ``verb`` holds the ids of
        everything named after "between", joined by "|" (classes such as the ribs
        included)."""
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        named = [self._label(t) for t in (pobj, *pobj.conjuncts)]
        if not named or any(n is None or n == subject for n in named):
            return  # "between the ribs and other muscles": something undecidable is named
        ids = [n for n in named if n is not None]
        last = max((pobj, *pobj.conjuncts), key=lambda t: t.i)
        yield self.claim("between", subject, subject_token, last, obj=ids[0],
                         verb="|".join(ids))

    def _whole_body(self, noun: Token) -> str | None:
        """"(to) the whole body", "the rest of the body": the body as a destination, not
        "the body of a vertebra" or "the vertebral body"."""
        if noun.lemma_.lower() == "rest":
            noun = next((t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                         for t in c.children if t.dep_ == "pobj"), noun)
        if noun.lemma_.lower() not in self.lex.body_words or "body" not in self.kb or any(
                c.dep_ in ("compound", "prep", "poss") or (
                    c.dep_ == "amod" and c.lower_ not in ("whole", "entire", "human"))
                for c in noun.children):
            return None
        return "body"

    def _pumps(self, verb: Token, subject_token: Token) -> Iterator[Claim]:
        """``the kidneys pump blood around the body``: which organ pumps a fluid."""
        organ = self.concept(subject_token)
        if not self.specific(organ) or self.is_instruction(verb):
            return
        for dobj in (c for c in verb.children if c.dep_ == "dobj"):
            words = {t.lower_ for t in dobj.subtree}
            pump = next((p for p in self.kb.pumps if dobj.lower_ in p.names
                         and not words & set(self.lex.pronouns)), None)
            if pump is not None:
                assert organ is not None
                yield self.claim("pumps", organ, subject_token, dobj, verb=pump.names[0])

    def _referral_denied(self, verb: Token, subject_token: Token) -> Iterator[Claim]:
        """``heart pain never spreads to the jaw``: a denial the referred-pain facts can
        contradict. ``value`` holds the negation's token index."""
        neg = next((c for c in verb.children if c.dep_ == "neg"), None)
        if neg is None or subject_token.lemma_.lower() not in self.lex.pain_words:
            return
        source = next((self.by_token[t.i].label_ for t in subject_token.subtree
                       if t.i in self.by_token and self.kb.referred_pain_sites(
                           self.by_token[t.i].label_)), None)
        if source is None:
            return
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("to", "into", "through"):
                for pobj in child.children:
                    for target in (pobj, *pobj.conjuncts):
                        site = self.concept(target)
                        if self.specific(site):
                            assert site is not None
                            yield self.claim("referral_denied", source, subject_token, target,
                                             obj=site, value=neg.i)

    def _closed(self, token: Token) -> bool:
        """", the broad muscles across your chest, keep ...": a description of a class,
        between commas, closed by a verb."""
        cid = self.concept(token)
        end = token.right_edge.i + 1
        return cid is not None and not self.specific(cid) and end + 1 < token.sent.end and \
            self.doc[end].text == "," and self.doc[end + 1].pos_ in ("VERB", "AUX") and \
            any(c.dep_ == "det" for c in token.children)

    def _in_list(self, token: Token) -> bool:
        """Whether an apposition is really an item of a list ("the head, an upset stomach,
        and ..."). "The tibia, the thin bone on ..., and the fibula" is not: a singular class
        word of the head's own kind describes it."""
        cls = self.concept(token)
        head = self.concept(token.head)
        if cls is not None and head is not None and token.tag_ == "NN" and \
                self.kb[cls].kind == "class" and self.kb[head].kind == cls and not any(
                    t.i in self.by_token and self.kb[self.by_token[t.i].label_].kind == cls
                    for c in token.children if c.dep_ not in ("conj", "cc")
                    for t in c.subtree):
            return False  # (but "the thinner bone ... (fibula)" names an item of its own)
        end = token.right_edge.i + 1
        if end + 1 < token.sent.end and self.doc[end].text == "," and \
                self.doc[end + 1].pos_ in ("VERB", "AUX") and \
                (token.head.dep_ in ("nsubj", "nsubjpass") or self._closed(token)):
            return False  # "The knee, a hinge joint, takes ...": closed by the verb
        after = self.doc[token.i + 1: min(token.i + 8, token.sent.end)]
        return any(c.dep_ in ("cc", "conj") for c in (*token.head.children, *token.subtree)) \
            or any(t.lower_ in ("and", "or") and self.doc[t.i - 1].text == "," for t in after)

    def _verb_claims(self, verb: Token) -> Iterator[Claim]:
        lemma = verb.lemma_.lower()
        subject_token = self.subject_of(verb)
        if subject_token is not None and not self.specific(self.concept(subject_token)):
            owner = self._noun_owner(subject_token)  # "a layer of muscles stretched across"
            if owner.i != subject_token.i and self.specific(self.concept(owner)):
                subject_token = owner
            else:
                subject_token = self._named_by(subject_token) or self._member(
                    subject_token) or subject_token
        subject = self.concept(subject_token) if subject_token is not None else None
        if (lemma in self.lex.movement_verbs or lemma in ("make", "draw", "trace")) and \
                self.is_imperative(verb):
            yield from self._movement(verb)
        if lemma in self.lex.function_verbs or lemma in self.lex.directional_verbs:
            yield from self._function(verb, subject_token)
        if lemma in self.lex.joining_verbs:
            yield from self._where_meets(verb)
        if lemma in self.lex.making_verbs:
            yield from self._makes(verb, subject_token)
        if lemma in self.lex.releasing_verbs:
            yield from self._makes(verb, subject_token, releases=True)
        if lemma in self.lex.storing_verbs:
            yield from self._stores(verb, subject_token)
        if lemma in self.lex.absorbing_verbs:
            yield from self._absorbs(verb, subject_token)
        if subject_token is not None:
            yield from self._supplies(verb, subject_token)
        if subject_token is not None and subject_token.lemma_.lower() in self.lex.pain_words:
            yield from self._pain_site(verb, subject_token)
        if subject_token is None:
            if lemma == "be":
                yield from self._there_is(verb)
            return
        if lemma in self.lex.spreading_verbs:
            yield from self._referral_denied(verb, subject_token)
        if subject is None and subject_token.lower_ in self.lex.pronouns:
            subject = self.antecedent(subject_token)
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
            subject_token.i >= verb.i - 4 and (
                self.doc[verb.i - 1].text == "," or any(c.lower_ == "also"
                                                        for c in verb.children)))
        if lemma in self.lex.naming_verbs and self.specific(subject) and passive \
                and verb.dep_ != "acl":
            assert subject is not None
            for child in verb.children:
                if child.dep_ in ("oprd", "attr", "xcomp", "dobj") or (
                    child.dep_ == "prep" and child.lower_ == "as"
                ):
                    target = child if child.dep_ != "prep" else next(
                        (t for t in child.children if t.dep_ == "pobj"), None)
                    other = self.concept(target) if target is not None else None
                    if target is not None and self.specific(other) and other != subject:
                        assert other is not None
                        yield self.claim("identity", subject, subject_token, target, obj=other)
        if lemma in self.lex.count_verbs:
            yield from self._count(verb, subject_token, subject)
        if lemma in self.lex.joining_verbs and not self.specific(subject) and subject:
            subject = self._joining_member(subject, verb)
        if lemma in self.lex.joining_verbs and self.specific(subject):
            assert subject is not None
            yield from self._joins(verb, subject_token, subject)
        if lemma == "be":
            for child in verb.children:
                if child.dep_ == "attr":
                    resolved = subject
                    via = subject_token
                    if not self.specific(resolved) and subject_token.lower_ in self.lex.pronouns:
                        resolved = self.antecedent(subject_token)
                    if not self.specific(resolved) and self._is_identity_nominal(child):
                        resolved = self.mentioned_in(subject_token)
                    if self.specific(resolved):
                        assert resolved is not None
                        yield from self._nominal(resolved, via, child)
        if lemma in self.lex.pumping_verbs:
            yield from self._pumps(verb, subject_token)
        cls = self._label(subject_token)
        if not self.specific(subject) and cls is not None and not self.is_instruction(verb) \
                and (self.kb[cls].flows_from or self.kb[cls].flows_to) and (
                    lemma in self.lex.flow_verbs or lemma in self.lex.supplying_verbs) \
                and self._generic(subject_token):
            yield from self._flow(verb, subject_token, cls)  # "veins carry blood to ..."
        if not self.specific(subject) or self.is_instruction(verb):
            return
        assert subject is not None and subject_token is not None
        if lemma in self.lex.supplying_verbs and self.kb[subject].kind == "vessel":
            yield from self._flow(verb, subject_token, subject)
        if subject_token.i in self.by_token and self.kb[subject].kind == "region":
            return
        if lemma in self.lex.location_verbs or (lemma, next(
                (c.lower_ for c in verb.children if c.dep_ == "prt"), "")) in {
                tuple(p.split()) for p in self.lex.location_phrasals}:
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in self.lex.location_preps:
                    yield from self._location(subject, subject_token, child)
                if child.dep_ == "advmod" and child.lower_ == "next":  # "sits next to Y"
                    for prep in child.children:
                        if prep.dep_ == "prep" and prep.lower_ == "to":
                            yield from self._relative(subject, subject_token, prep)
                if child.dep_ == "prep" and child.lower_ == "between":
                    yield from self._between(subject, subject_token, child)
                if child.dep_ == "agent":
                    continue
        if lemma in self.lex.flow_verbs:
            yield from self._flow(verb, subject_token, subject)
        if lemma in self.lex.covering_verbs:
            for child in verb.children:
                if child.dep_ == "dobj":
                    _side, _vertical, aspect, base = self._directions(child)
                    if aspect and base:
                        yield self.claim("aspect", subject, subject_token, child.right_edge,
                                         aspect=aspect, obj=base)
                    elif base and self.kb[base].kind == "region":
                        yield self.claim("location", subject, subject_token,
                                         child.right_edge, obj=base)
        if lemma in self.lex.course_verbs:
            for child in verb.subtree:
                if child.dep_ in ("prep", "advmod", "prt", "conj") and (
                    child.lower_ in self.lex.location_preps or child.lower_ in ("from", "up")
                ) and self._verb_of(child).i == verb.i:
                    yield from self._course(subject, subject_token, child)

    def _layer(self, subject: str, subject_token: Token, noun: Token) -> Claim | None:
        """``the epidermis is the deepest layer of the skin``, ``enamel, the soft inner
        layer of the tooth``: where a layer lies among its organ's layers."""
        if noun.lemma_.lower() not in self.lex.layer_nouns:
            return None
        position = next((self.lex.layer_positions[c.lower_] for c in noun.children
                         if c.dep_ in ("amod", "compound", "advmod")
                         and c.lower_ in self.lex.layer_positions), None)
        if position is None:
            return None
        organ_token = next((t for c in noun.children
                            if c.dep_ == "prep" and c.lower_ in ("of", "in")
                            for t in c.children if t.dep_ == "pobj"), None)
        organ = self.concept(organ_token) if organ_token is not None else None
        last = organ_token if organ_token is not None and organ is not None else noun
        return self.claim("layer", subject, subject_token, last, obj=organ, verb=position)

    # ----------------------------------------------------------------- identity & nominals
    def _is_identity_nominal(self, noun: Token) -> bool:
        words = {noun.lemma_.lower()} | {c.lemma_.lower() for c in noun.children
                                          if c.dep_ in ("amod", "det")}
        return bool(words & set(self.lex.identity_nouns))

    def _nominal(self, subject: str, subject_token: Token, noun: Token) -> Iterator[Claim]:
        """``subject`` is/, ``noun`` (attribute or apposition)."""
        layer = self._layer(subject, subject_token, noun)
        if layer is not None:
            yield layer
            return
        if noun.lemma_.lower() in COLLECTIVE_NOUNS:
            inner = next((t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                          for t in c.children if t.dep_ == "pobj"), None)
            cls = self.concept(inner) if inner is not None else None
            if inner is not None and cls is not None and not self.specific(cls):
                yield from self._nominal(subject, subject_token, inner)
                for child in noun.children:  # "the group of muscles at the back of the thigh"
                    if child.dep_ == "prep" and child.lower_ in ("in", "at", "on", "inside",
                                                                 "within", "across", "along"):
                        yield from self._location(subject, subject_token, child)
                return
            if inner is not None and self.specific(cls) and cls != subject and \
                    noun.lemma_.lower() == "one" and not any(
                        c.dep_ in ("conj", "cc") for c in inner.children):
                assert cls is not None  # "one of the (four) quadriceps muscles"
                yield self.claim("part_of", subject, subject_token, inner, obj=cls)
                return
        target = self.concept(noun)
        if target is not None and not self.specific(target) and \
                self.kb[subject].kind == "region":
            subject = self._region_member(subject, target) or subject
        if self.specific(target) and target != subject:
            assert target is not None
            sizes = self.lex.size_adjectives
            span = self.by_token.get(noun.i)
            definite = (noun.dep_ == "appos" or noun.i in self.appos) and any(
                c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and not (
                self.kb[target].kind == "region" and self.kb[subject].kind != "region")
            # (a region word describes an organ's shape: "the cervix, the narrow neck at the
            # bottom of the uterus")
            described = not definite and any(
                # "an upset stomach" names a complaint, not the stomach; "the cochlea, the
                # snail-shaped organ of balance" still names the organ of balance
                c.dep_ == "amod" and c.i not in self.by_token and c.lower_ not in self.lex.sides
                and c.lower_ not in self.lex.verticals and c.lower_ not in self.lex.aspects
                and c.lower_ not in sizes and "".join(t.text for t in c.subtree).lower()
                not in sizes for c in noun.children)  # "weight-bearing"
            plain = not described and noun.dep_ != "conj" and not any(
                c.dep_ == "conj" or (c.dep_ == "prep" and c.lower_ == "of" and (
                    span is None or c.i not in range(span.start, span.end)))
                for c in noun.children)  # "of" inside the name: "the outer layer of the skin"
            if plain:
                named_end = self.doc[span.end - 1] if span is not None and \
                    span.end - 1 > noun.i else noun  # "organ of balance": the whole name
                yield self.claim("identity", subject, subject_token, named_end, obj=target)
            return
        lemma = noun.lemma_.lower()
        around = {noun.lower_, *(t.lower_ for t in noun.children if t.dep_ in ("amod",
                                                                            "compound"))}
        if "joint" in around or "joints" in around:
            for word, joint_type in self.lex.joint_types.items():
                if word in around or any(t.lower_ == word for t in noun.lefts):
                    yield self.claim("joint_type", subject, subject_token, noun, obj=joint_type)
                    return
        if target is not None and not self.specific(target):
            kind_words = {t.lower_ for t in noun.lefts} | {
                t.lower_ for left in noun.lefts for t in left.subtree}
            for word, joint_type in self.lex.joint_types.items():
                if word in kind_words:
                    yield self.claim("joint_type", subject, subject_token, noun,
                                     obj=joint_type)
                    break
            else:
                if not any(c.dep_ in ("conj", "cc") for c in noun.children) and \
                        noun.dep_ != "conj":
                    yield self.claim("is_a", subject, subject_token, noun, obj=target)
            sup = next((t.lower_ for t in noun.lefts if t.tag_ == "JJS"), None)
            if any(t.i in self.by_token for t in noun.lefts
                   if t.dep_ in ("amod", "compound") and t.tag_ != "JJS"):
                sup = None  # "the largest sesamoid bone": a superlative within a subclass
            if sup is not None:
                # "the longest bone": the class is the head noun's ("bone"), not a class the
                # superlative's own stem happens to name ("long bones")
                head = self.kb.lookup(noun.lemma_.lower()) or self.kb.lookup(noun.lower_)
                if head is not None and not self.specific(head.id) and target is not None \
                        and sup.startswith(self.kb[target].name.split()[0].lower()):
                    target = head.id
                jjs = next(t for t in noun.lefts if t.tag_ == "JJS")
                ordinals = self.lex.ordinals  # "the second-largest organ"
                rank = next((ordinals[t.lower_] for t in self.doc[max(jjs.i - 2, 0):jjs.i]
                             if t.lower_ in ordinals), None)
                yield self.claim("superlative", subject, subject_token, noun, obj=target,
                                 verb=sup, value=rank)
        if self._is_identity_nominal(noun):
            for child in noun.subtree:
                if child.dep_ == "prep" and child.lower_ in ("as", "for", "to", "with"):
                    for pobj in child.children:
                        other = self.concept(pobj)
                        if pobj.dep_ == "pobj" and self.specific(other) and other != subject:
                            assert other is not None
                            yield self.claim("identity", subject, subject_token, pobj,
                                             obj=other)
            return
        if self.lex.verticals.get(lemma) in ("upper", "lower") and target is None:
            # "the cervix, the top of the womb": the noun names an end of another organ
            _side, vertical, _aspect, base = self._directions(noun)
            if base is not None and base != subject and vertical in ("upper", "lower") and \
                    self.kb[base].kind != "region" and self.kb.compose_region(
                        base, None, vertical, None) is None:
                yield self.claim("aspect", subject, subject_token, noun.right_edge,
                                 aspect=vertical, obj=base)
        if lemma in self.lex.part_nouns and not any(c.lower_ in self.lex.sides
                                                     for c in noun.children):
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        other = self.concept(pobj)
                        if pobj.dep_ == "pobj" and self.specific(other) and other != subject:
                            assert other is not None
                            yield self.claim("part_of", subject, subject_token, pobj,
                                             obj=other)
        of_objects = [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                      for t in c.children if t.dep_ == "pobj"] if lemma in \
            self.lex.part_nouns else []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        yield from self._counted(subject, subject_token, pobj)
        for child in (*noun.children, *(c for o in of_objects for c in o.children)):
            if child.dep_ == "prep" and child.i in self.by_token and \
                    self.kb[self.by_token[child.i].label_].kind == "region" and \
                    self.by_token[child.i].start == child.i:
                region = self.by_token[child.i]  # "the part of the spine between the blades"
                yield self.claim("location", subject, subject_token, self.doc[region.end - 1],
                                 obj=region.label_, verb=(
                                     "nominal" if self.kb[subject].kind in ("region", "joint")
                                     else None))
            if child.dep_ == "prep" and child.lower_ == "of" and target is not None \
                    and not self.specific(target) and lemma not in self.lex.part_nouns:
                for pobj in child.children:  # "a bone of the forearm"
                    whole = self.concept(pobj)
                    if pobj.dep_ != "pobj" or whole is None or not self.specific(whole) or \
                            self.kb[subject].kind in ("region", "joint"):
                        continue
                    if self.kb[whole].kind == "region":
                        yield self.claim("location", subject, subject_token, pobj, obj=whole)
                    elif self.kb[whole].kind not in ("joint", "class", "system"):
                        yield self.claim("part_of", subject, subject_token, pobj, obj=whole)
            if child.dep_ == "prep" and child.lower_ in ("in", "inside", "within", "on", "at",
                                                         "across", "along"):
                for claim in self._location(subject, subject_token, child):
                    yield claim if self.kb[subject].kind not in ("region", "joint") else Claim(
                        **{**claim.__dict__, "verb": "nominal"})
        for child in noun.children:
            if child.dep_ == "nummod":
                yield from self._counted(subject, subject_token, noun)
                break

    def _noun_place(self, token: Token) -> Iterator[Claim]:
        """"works the quadriceps at the back of your thighs": a structure placed by a
        prepositional phrase inside its own noun phrase."""
        cid = self.concept(token)
        if not self.specific(cid) or token.i != self.by_token[token.i].end - 1:
            return
        assert cid is not None
        if self.kb[cid].kind in ("region", "joint", "class", "system"):
            return
        head = token.head
        if token.dep_ in ("dobj", "pobj") and head.pos_ in ("VERB", "AUX") and \
                head.lemma_.lower() not in ("do", "be", "have") and (
                self.is_imperative(head) or self.is_instruction(head)):
            return  # "keep your eyes on your finger": an instruction, not a position
        after = self.doc[token.i + 1] if token.i + 1 < token.sent.end else None
        preps = [c for c in token.children if c.dep_ == "prep"]
        if after is not None and after.dep_ == "prep" and after.head.i == token.head.i and \
                token.dep_ == "dobj" and token.head.lemma_.lower() not in \
                self.lex.location_verbs:
            preps.append(after)  # the parser hung "at the back of ..." on the verb
        for child in preps:
            if child.lower_ in ("at", "in", "on", "inside", "within"):
                pobj = next((t for t in child.children if t.dep_ == "pobj"), None)
                if pobj is not None and (pobj.lower_ in self.lex.aspects or (
                        child.lower_ != "on" and pobj.i in self.by_token
                        and self.kb[self.by_token[pobj.i].label_].kind == "region")):
                    yield from self._location(cid, token, child)

    def _region_member(self, region: str, cls: str) -> str | None:
        """"the calf, the large muscle ...": the structure of class ``cls`` that a region's
        name plus the class word names ("calf" + "muscle" -> calf_muscles)."""
        for name in self.kb[region].names:
            for word in self.kb[cls].names:
                found = self.kb.lookup(f"{name} {word}")
                if found is not None and found.id != region and self.specific(found.id):
                    return found.id
        return None

    # ----------------------------------------------------------------- location
    def _directions(self, phrase: Token) -> tuple[str | None, str | None, str | None,
                                                   str | None]:
        """Side, vertical level, aspect and base region named by a prepositional object
        ("the lower left part of the abdomen", "the back of the arm", "the right side")."""
        side: str | None = None
        vertical: str | None = None
        aspect: str | None = None
        base: str | None = None
        aspect = self.side_aspect(phrase)
        markers = self.side_markers(phrase)
        for t in phrase.subtree:
            if t.i != phrase.i and (t.dep_ in ("relcl", "acl", "appos") or (
                    t.dep_ == "prep" and t.lower_ != "of")):
                break
            if any(a.dep_ in ("relcl", "acl") for a in t.ancestors if a.i > phrase.i
                   and phrase.i in [x.i for x in a.ancestors]):
                continue  # "the front of the spine where the discs sit"
            word = t.lower_
            span = self.by_token.get(t.i)
            if t.i == phrase.i and word in self.lex.aspects and (span is None or len(span) == 1):
                aspect = self.lex.aspects[word]
                continue
            if t.i in markers:
                continue
            if span is not None and self.specific(span.label_):
                if base is not None and t.dep_ == "conj":
                    continue  # "the front of the neck and chest": the first names the base
                base = span.label_
                compose = self.kb[base].compose
                if compose is not None:
                    base = compose.base
                    side = side or compose.side
                    vertical = vertical or compose.vertical
                continue
            if word in self.lex.sides and side is None:
                side = self.lex.sides[word]
                if side in ("left", "right") and t.i > 0 and \
                        self.doc[t.i - 1].lower_ in ("far", "extreme"):
                    side = f"far_{side}"  # "the far left": well away from the midline
            elif word in self.lex.verticals and vertical is None:
                vertical = self.lex.verticals[word]
        return side, vertical, aspect, base

    def side_markers(self, phrase: Token) -> set[int]:
        """Tokens of a body part that names a side ("the little-finger side", "the same side
        as the thumb") rather than a place."""
        if phrase.lower_ not in SIDE_NOUNS:
            return set()
        found: set[int] = set()
        candidates = [t for left in phrase.lefts for t in left.subtree]
        candidates += [t for c in phrase.children if c.dep_ == "prep" and c.lower_ == "as"
                       for t in c.subtree]
        for t in candidates:
            span = self.by_token.get(t.i)
            if span is not None and self.kb[span.label_].mediolateral in ("medial", "lateral"):
                found.update(x.i for x in span)
        return found

    def side_aspect(self, phrase: Token) -> str | None:
        """The aspect a side phrase names: "the inner side", "the outer edge", "the
        little-finger side" (inside), "the thumb side" or "the same side as the thumb"
        (outside, in the anatomical position)."""
        if phrase.lower_ not in SIDE_NOUNS:
            return None
        for child in phrase.children:
            if child.dep_ in ("amod", "compound") and child.lower_ in self.lex.aspects and \
                    child.i not in self.by_token:
                return self.lex.aspects[child.lower_]
        for i in sorted(self.side_markers(phrase)):
            side = self.kb[self.by_token[i].label_].mediolateral
            return {"medial": "inside", "lateral": "outside"}.get(side or "")
        return None

    def _relative(self, subject: str, subject_token: Token, prep: Token) -> Iterator[Claim]:
        """``X lies below Y``, ``X sits on top of Y``, ``X is in front of Y``."""
        word = prep.lower_
        if word == "to" and prep.head.lower_ == "next":
            word = "beside"
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            target = pobj
            plain = not any(c.dep_ in ("det", "poss") for c in pobj.children)
            if (pobj.lower_, word) in (("top", "on"), ("front", "in")) and plain:
                word = pobj.lower_
                target = next((t for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"
                               for t in c.children if t.dep_ == "pobj"), pobj)
            relation = self.lex.relative_preps.get(word)
            other = self.concept(target)
            if relation in ("below", "behind", "above") and target is pobj:
                side = self._directions(pobj)[0]
                if side in ("left", "right"):  # "beneath the left ribs" states the side
                    yield self.claim("side", subject, subject_token, pobj.right_edge,
                                     side=side)
            if relation and self.specific(other) and other != subject:
                yield self.claim("relative", subject, subject_token, target, obj=other,
                                 aspect=relation)
                for inner in target.children:  # "below the navel on the left side"
                    if inner.dep_ == "prep" and inner.lower_ in ("on", "to"):
                        for sub in self._location(subject, subject_token, inner):
                            if sub.type == "side":
                                yield sub

    def _location(self, subject: str, subject_token: Token, prep: Token) -> Iterator[Claim]:
        yield from self._relative(subject, subject_token, prep)
        if prep.lower_ not in ("in", "inside", "within", "on", "at", "into", "across"):
            return
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            if _relative_phrase(prep, pobj):
                continue  # "in front of Y", "on top of Y": relative to Y, not a region
            side, vertical, aspect, base = self._directions(pobj)
            last = pobj.right_edge
            if base is not None and aspect in ("front", "back") and \
                    self.kb[base].aspect in ("front", "back") and self.kb[base].aspect != aspect:
                # "the back of the chest" is the upper back, not the chest: only the aspect
                # can be judged
                yield self.claim("aspect", subject, subject_token, last, aspect=aspect,
                                 obj=base)
                continue
            if vertical and base is not None:
                lateral: Literal["left", "right"] | None = (
                    "left" if side in ("left", "far_left") else
                    "right" if side in ("right", "far_right") else None)
                region = self.kb.compose_region(base, lateral, vertical, aspect)
                yield self.claim("location", subject, subject_token, last, obj=region or base)
                if region is None and vertical in ("upper", "lower") and \
                        self.kb[base].kind != "region":
                    # "the cervix sits at the top of the womb": which end of the organ
                    yield self.claim("aspect", subject, subject_token, last, aspect=vertical,
                                     obj=base)
                if aspect in ("front", "back"):  # "in the lower front of your belly"
                    yield self.claim("aspect", subject, subject_token, last, aspect=aspect,
                                     obj=base)
                if lateral:
                    yield self.claim("side", subject, subject_token, last, side=side,
                                     obj=base)
                continue
            if side:
                yield self.claim("side", subject, subject_token, last, side=side, obj=base)
            if aspect:
                yield self.claim("aspect", subject, subject_token, last, aspect=aspect,
                                 obj=base)
            if base is not None and not (aspect and prep.lower_ == "on"
                                         and self.kb[base].kind == "bone"):
                # "on the front of the shoulder blade": on a bone's surface, not in it
                yield self.claim("location", subject, subject_token, last, obj=base)

    def _course(self, subject: str, subject_token: Token, prep: Token) -> Iterator[Claim]:
        if any(_relative_phrase(prep, pobj) for pobj in prep.children if pobj.dep_ == "pobj"):
            # "runs in front of the windpipe": a position relative to it, not its front
            yield from self._relative(subject, subject_token, prep)
            return
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.dep_ == "prt":  # "runs up the outside of the leg", parsed as a particle
            objects += [c for c in prep.head.children if c.dep_ == "dobj" and c.i > prep.i
                        and c.lower_ in self.lex.aspects]
        for pobj in objects:
            if pobj.lower_ in self.lex.verticals and \
                    pobj.i not in self.by_token:
                _side, vertical, _aspect, base = self._directions(pobj)
                region = self.kb.compose_region(base, None, vertical, None) if base else None
                if region is not None:
                    yield self.claim("location", subject, subject_token, pobj.right_edge,
                                     obj=region, verb="course")
            if pobj.lower_ in self.lex.aspects or pobj.lower_ in SIDE_NOUNS:
                _side, _vertical, aspect, base = self._directions(pobj)
                if aspect:
                    yield self.claim("aspect", subject, subject_token, pobj.right_edge,
                                     aspect=aspect, obj=base)
        for pobj in prep.subtree:
            if pobj.dep_ != "pobj":
                continue
            if pobj.lower_ in self.lex.aspects and (any(
                c.dep_ == "prep" and c.lower_ == "of" for c in pobj.children
            ) or pobj.head.lower_ in ("at", "on")) and (
                pobj.i not in self.by_token or len(self.by_token[pobj.i]) == 1
            ):
                continue  # "the back of the arm", "at the back": an aspect, not the back
            region = self.concept(pobj)
            if self.specific(region):
                assert region is not None
                up = pobj.head
                if up.lower_ in self.lex.relative_preps:
                    continue  # "(to just) below the knee": near it, not through it
                while up.lower_ == "of" and up.head.dep_ == "pobj":
                    up = up.head.head
                end = "course-end" if up.lower_ in ("from", "to") else "course"
                yield self.claim("location", subject, subject_token, pobj, obj=region,
                                 verb=end)

    # ----------------------------------------------------------------- counts
    def _count(self, verb: Token, subject_token: Token, subject: str | None) -> Iterator[Claim]:
        whole = subject if self.specific(subject) else None
        if whole is None and (subject_token.lemma_.lower() in PEOPLE
                              or subject_token.lower_ in self.lex.young):
            whole = "body"  # "adults have 32 teeth", "children have 20 milk teeth"
        if whole is None:
            return
        for child in verb.children:
            if child.dep_ in ("dobj", "attr") and child.lemma_.lower() in COLLECTIVE_NOUNS \
                    and not _numbers(child):
                # "holds a chain of four tiny bones": the number is the members'
                child = next((t for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                              for t in c.children if t.dep_ == "pobj"), child)
            if child.dep_ in ("dobj", "attr", "pobj"):
                yield from self._counted(whole, subject_token, child)
            if child.dep_ in ("prep", "prt", "agent"):
                for t in child.subtree:
                    if t.dep_ == "pobj":
                        yield from self._counted(whole, subject_token, t)

    def _there_is(self, verb: Token) -> Iterator[Claim]:
        if not any(c.dep_ == "expl" for c in verb.children):
            return
        for child in verb.children:
            if child.dep_ not in ("attr", "nsubj"):
                continue
            whole = None
            for t in (*verb.children, *child.children):
                if t.dep_ == "prep" and t.lower_ in ("in", "within", "inside"):
                    for pobj in t.children:
                        cid = self.concept(pobj)
                        if self.specific(cid):
                            whole = cid
                        elif pobj.lemma_.lower() in PEOPLE:
                            whole = "body"
            yield from self._counted(whole or "body", child, child)

    def _whole_set(self, noun: Token) -> bool:
        """A number of parts said as the whole set, not some of them: "the 12 ribs", "all 206
        bones", "your 33 vertebrae", "a child's 20 teeth", "a full set of 32 teeth", "its 31
        pairs of nerves", "All 50 of your lymph nodes"."""
        number = next(iter(_numbers(noun)), None)
        if number is None and not (noun.like_num and noun.pos_ == "NUM"):
            return False
        around = (*noun.children, *(number.children if number is not None else ()))
        if any(c.dep_ == "poss" or (c.dep_ in ("det", "predet")
                                    and c.lower_ in self.lex.whole_set_words) for c in around):
            return True
        if noun.like_num:  # "All 50 of your lymph nodes"
            return False
        up = noun.head
        return noun.dep_ == "pobj" and up.lower_ in ("of", "to") and \
            up.head.lemma_.lower() in self.lex.whole_set_nouns

    def _definite_count(self, noun: Token) -> Iterator[Claim]:
        """"the 12 lumbar vertebrae", "your 33 vertebrae", "a child's 24 milk teeth": the whole
        set of a part that only one whole is counted in claims the whole's count (for the
        age the sentence speaks of)."""
        counted = noun
        if noun.like_num and noun.pos_ == "NUM":
            counted = next((t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                            for t in c.children if t.dep_ == "pobj"), noun)
        part_token = counted
        if counted.lemma_.lower() in ("pair", "set"):
            part_token = next((t for c in counted.children if c.dep_ == "prep"
                               and c.lower_ == "of" for t in c.children if t.dep_ == "pobj"),
                              counted)
        part = self.concept(part_token)
        if part is None:
            return
        owner = next((c for c in counted.children if c.dep_ == "poss"
                      and c.pos_ in ("NOUN", "PROPN")), None)
        if owner is not None and self.specific_concept(owner) is not None:
            return  # "the heart's three chambers": the possessive count reads it
        young = self._young(part_token)
        facts = [f for f in self.kb.counts_for(part, None)
                 if f.age == "any" or (f.age == "newborn") == young]
        if facts and len({(f.value, f.pairs) for f in facts}) == 1:
            # one number wherever it is counted ("the four semicircular canals" is wrong in
            # the ear and in the inner ear): judge by the whole that accepts the most
            lenient = max(facts, key=lambda f: len(f.accept))
            yield from self._counted(lenient.whole, noun.left_edge, noun)

    def _young(self, noun: Token) -> bool:
        """The sentence speaks of a child's body ("a baby's skull"), or the part is named as
        a child's ("milk teeth")."""
        return any(t.lemma_.lower() in self.lex.young or t.lower_ in self.lex.young
                   for t in noun.sent) or any(
            c.dep_ in ("compound", "amod") and c.lower_ in self.lex.young_modifiers
            for c in noun.children)

    def _possessive_count(self, noun: Token) -> Iterator[Claim]:
        """"the heart's three chambers", "your spine's 33 vertebrae": a count of the parts of
        the whole named in the possessive."""
        owner = next((c for c in noun.children if c.dep_ == "poss"
                      and c.pos_ in ("NOUN", "PROPN")), None)
        if owner is None:
            return
        whole = self.specific_concept(owner)
        if whole is None:
            return
        yield from self._counted(whole, owner, noun)

    def _with_count(self, prep: Token) -> Iterator[Claim]:
        """"a muscle with three chambers", "the heart, a pump with four chambers", "the cord,
        with its two arteries and one vein, ...": a count of the parts of the structure the
        "with" phrase describes (itself, or the subject its noun is said of)."""
        head = prep.head
        owner: Token | None = head
        if head.dep_ in ("attr", "appos") and head.head.i != head.i:
            # "X is a muscle with ...": X; "X, a muscle with ...": X
            owner = self._subject_of(head.head) if head.dep_ == "attr" else head.head
        elif head.pos_ in ("VERB", "AUX"):
            # "The umbilical cord, with its two veins ..., carries blood": an absolute phrase
            if not (prep.i > 0 and self.doc[prep.i - 1].text == ","):
                return
            owner = self._subject_of(head)
            before = self.doc[prep.i - 2] if prep.i > 1 else None
            if before is not None and before.pos_ in ("NOUN", "PROPN") and any(
                    c.dep_ == "poss" and c.lower_ in ("its", "their")
                    for t in prep.children for c in t.children):
                # "the muscles sit on the ribcage, with its 24 pairs of ribs": "its" takes up
                # the noun right before the comma
                owner = before
        if owner is None:
            return
        whole = self.specific_concept(owner)
        if whole is None:
            return
        for pobj in (t for t in prep.children if t.dep_ == "pobj"):
            for noun in (pobj, *pobj.conjuncts):
                yield from self._counted(whole, owner, noun)

    def _subject_of(self, verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)

    def _counted(self, whole: str, first: Token, noun: Token) -> Iterator[Claim]:
        """``noun`` is "N parts" or "N pairs of parts"."""
        number = _numbers(noun)
        if not number and noun.like_num:
            of = [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                  for t in c.children if t.dep_ == "pobj"]
            if of:
                number, noun = [noun], of[0]
        if not number:
            return
        pairs = noun.lemma_.lower() in ("pair", "set")
        part_token = noun
        if pairs:
            pobjs = [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                     for t in c.children if t.dep_ == "pobj"]
            if not pobjs:
                return
            part_token = pobjs[0]
        part = self.concept(part_token)
        if part is None:
            return
        for child in part_token.children:
            if child.dep_ == "amod" and child.i not in self.by_token and (
                    child.lower_ in self.lex.subset_words or child.tag_ in ("JJS", "JJR")):
                return  # "the floating ribs", "your two lowest ribs", "the two larger
                # chambers": some of them
        num_token = number[0]
        words = [t for t in num_token.subtree if _count_word(t) and t.i != noun.i]
        words = [t for t in words if t.i <= num_token.i]
        value = whole_number(words or [num_token])
        if value is None:
            return
        before = self.doc[max(num_token.i - 3, noun.sent.start): num_token.i]
        approx = any(t.lower_ in self.lex.approximate for t in num_token.subtree
                     if t.i != num_token.i) or any(
            t.lower_ in self.lex.approximate for t in before) or any(
            t.lower_ == "to" and t.i > 0 and self.doc[t.i - 1].lower_ == "up" for t in before)
        young = self._young(part_token)
        yield self.claim("count", whole, first, part_token, obj=part, value=value,
                         pairs=pairs, approximate=approx, young=young)

    # ----------------------------------------------------------------- function
    def _function(self, verb: Token, subject_token: Token | None) -> Iterator[Claim]:
        movement = self.lex.function_verbs.get(verb.lemma_.lower(), "movement")
        muscle_token = subject_token
        if verb.dep_ == "pcomp" and verb.head.lower_ == "for":
            muscle_token = self._purpose_owner(verb.head.head)
        if verb.dep_ in ("xcomp", "ccomp", "advcl") or (
            subject_token is not None and subject_token.lower_ == "you"
        ):
            helper = verb.head if verb.dep_ in ("xcomp", "ccomp", "advcl") else None
            if helper is None and verb.dep_ in ("xcomp", "ccomp"):
                return
            if helper is not None and helper.lemma_.lower() in (
                "help", "allow", "let", "enable", "work", "use", "act", "serve"
            ):
                muscle_token = self.subject_of(helper)
        target_token = None
        for child in verb.children:
            if child.dep_ == "dobj":
                target_token = child
            if child.dep_ == "agent" and verb.tag_ == "VBN":
                muscle_token = next((t for t in child.children if t.dep_ == "pobj"), None)
                target_token = subject_token
        if muscle_token is None or target_token is None:
            return
        muscle = self.concept(muscle_token)
        if muscle is None or self.kb[muscle].kind not in ("muscle", "muscle_group"):
            return
        target = self.concept(target_token)
        if target is None and target_token.lower_ in ("it", "them"):
            target = self._recent_joint(target_token)
        if target is None and target_token.lower_ in self.lex.aspects:
            whole = self._of_part_any(target_token)  # "lift the front of the foot"
            target = self.concept(whole) if whole.i != target_token.i else None
        for child in (verb, *verb.children, *target_token.children):
            if (child.i == verb.i or child.dep_ in ("prt", "advmod", "prep")) \
                    and target is not None:
                words = {child.lemma_.lower()} if child.i == verb.i else {
                    t.lower_ for t in child.subtree}
                for rule in self.lex.directional_functions:
                    if words & set(rule.words) and (
                        target in rule.targets
                        or any(a in rule.targets for a in self.kb.ancestors(target))
                    ):
                        movement = rule.movement
                        target = rule.at or target
                        break
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "at":
                for pobj in child.children:
                    at = self.concept(pobj)
                    if at is not None:
                        target = at
        if not self.specific(target) or movement == "movement":
            return
        assert target is not None
        yield self.claim("function", muscle, muscle_token, target_token.right_edge, obj=target,
                         movement=movement, verb=verb.lemma_.lower())

    def _purpose_owner(self, word: Token) -> Token | None:
        """Whose purpose "responsible / used / essential for ..." states: the subject of
        "is responsible", "are used", or the noun "responsible for" describes."""
        if word.lemma_.lower() not in self.lex.purpose_words:
            return None
        if word.dep_ == "acomp":
            return self.subject_of(word.head)
        if word.dep_ == "amod":
            return word.head
        if word.pos_ == "VERB":
            return self.subject_of(word)
        return None

    def _substance(self, phrase: Token | None) -> str | None:
        """The substance (from substances.yaml) a noun phrase names, by its first name."""
        return None if phrase is None else self._substance_in(phrase.subtree)

    def _substance_in(self, tokens: Iterable[Token]) -> str | None:
        """The first substance named in ``tokens``, by its first name."""
        return self.kb.substance_in(" ".join(t.lower_ for t in tokens))

    def _own_substance(self, phrase: Token | None, maker: str) -> str | None:
        """The substance "its enzymes" names when the organ that owns it makes one substance
        of that name ("the pancreas releases its enzymes": pancreatic enzymes)."""
        if phrase is None or not any(c.dep_ == "poss" for c in phrase.children):
            return None
        head = phrase.lower_
        found = {sub.names[0] for sub in self.kb.substances
                 if any(head in name.split() for name in sub.names)
                 and any(self.kb.nested(maker, m) for m in sub.made_by)}
        return found.pop() if len(found) == 1 else None

    def _maker(self, token: Token | None) -> tuple[str | None, Token | None]:
        """The organ a (possibly vague) noun refers to: itself, its owner, or the body part
        a sentence-initial pronoun stands for."""
        if token is None:
            return None, None
        if token.lower_ in self.lex.pronouns or token.lower_ in ("its", "their"):
            return self.antecedent(token), token
        cid = self.concept(token)
        if self.specific(cid):
            return cid, token
        owner = self._noun_owner(token)
        if owner.i != token.i:
            return self._maker(owner)
        if token.lemma_.lower() in ("job", "role", "function", "task", "purpose", "work"):
            poss = next((c for c in token.children if c.dep_ == "poss"), None)
            of = next((t for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                       for t in c.children if t.dep_ == "pobj"), None)
            return self._maker(poss or of)
        return None, None

    def _makes(self, verb: Token, subject_token: Token | None,
               releases: bool = False) -> Iterator[Claim]:
        """``the liver is the organ that produces insulin``, ``its main job is to produce
        bile``, ``a pouch where bile is made``: which organ makes a substance. With
        ``releases``, which organ releases it and where to ("TSH is secreted by the
        adrenals", "the pancreas releases its enzymes into the stomach")."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if passive:
            phrase = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            substance = self._substance(phrase)
            maker_token = next((t for c in verb.children if c.dep_ == "agent"
                                for t in c.children if t.dep_ == "pobj"), None)
            if maker_token is None and not releases:
                # "sperm are made in the epididymis": where it is made is what makes it
                maker_token = next((t for c in verb.children if c.dep_ == "prep"
                                    and c.lower_ in self.lex.place_preps
                                    for t in c.children if t.dep_ == "pobj"), None)
            if maker_token is None and verb.dep_ == "relcl" and any(
                    c.lower_ == "where" for c in verb.children):
                maker_token = verb.head  # "a pouch where bile is made"
        else:
            phrase = next((c for c in verb.children if c.dep_ == "dobj"), None)
            substance = self._substance(phrase)
            maker_token = subject_token
            if verb.dep_ == "xcomp" and verb.head.lemma_ == "be":
                maker_token = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS),
                                   None)  # "its main job is to produce bile"
        if substance is None and not releases:
            return
        maker, token = self._maker(maker_token)
        if maker is None or token is None:
            return
        if substance is None:
            substance = self._own_substance(phrase, maker)  # "its enzymes"
            if substance is None:
                return
        if releases:
            end = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), verb)
            place = next((t for c in verb.children if c.dep_ == "prep"
                          and c.lower_ in self.lex.destination_preps
                          for t in c.children if t.dep_ == "pobj"), None)
            where = self.concept(place) if place is not None else None
            last = place if place is not None and where is not None else end
            yield self.claim("releases", maker, token, last if last.i > token.i else verb,
                             obj=where, verb=substance)
            return
        fact = self.kb.substance(substance)
        makers = fact.made_by if fact is not None else []
        holder = token.head if token.dep_ in ("dobj", "pobj") else None
        if holder is not None and holder.lower_ in ("in", "within", "inside", "of"):
            holder = holder.head
        if holder is not None and any(
                self.by_token.get(t.i) is not None and self.by_token[t.i].label_ in makers
                for c in holder.children if c.dep_ in SUBJECT_DEPS or c.pos_ == "NOUN"
                for t in c.subtree) | (holder.i in self.by_token
                                       and self.by_token[holder.i].label_ in makers):
            return  # "the stomach lining contains glands that produce stomach acid": a part
            # of the organ that makes it
        if any(self.by_token.get(t.i) is not None and self.by_token[t.i].label_ in makers
               for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
               for t in c.subtree):
            return  # "glands in the stomach produce stomach acid"
        end = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), verb)
        yield self.claim("makes", maker, token, end if end.i > token.i else verb,
                         verb=substance)

    def _absorbs(self, verb: Token, subject_token: Token | None) -> Iterator[Claim]:
        """``most nutrients are absorbed in the stomach``, ``the colon absorbs most of the
        nutrients``: where the body takes something in."""
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if passive:
            taken = next((c for c in verb.children if c.dep_ == "nsubjpass"), subject_token)
            place_token = next((t for c in verb.children if c.dep_ in ("prep", "agent")
                                and c.lower_ in self.lex.absorbed_preps
                                for t in c.children if t.dep_ == "pobj"), None)
        else:
            taken = next((c for c in verb.children if c.dep_ == "dobj"), None)
            place_token = subject_token
        if taken is None or place_token is None:
            return
        if any(t.lower_ in self.lex.scarce_words for t in taken.subtree):
            return  # "very few nutrients are absorbed in the stomach"
        name = self.kb.absorbed_in(" ".join(t.lower_ for t in taken.subtree))
        place = self.concept(place_token) or next(
            (self.concept(c) for c in place_token.children if c.dep_ == "compound"
             and self.concept(c) is not None), None)  # "the stomach wall"
        if name is None or not self.specific(place):
            return
        assert place is not None
        yield self.claim("absorbs", place, place_token, verb if verb.i > place_token.i
                         else taken, verb=name)

    def _participle_of(self, verb: Token) -> Token | None:
        """The noun a past participle describes: its head ("bile stored in ..."), or, when
        the parser hung it on the clause, the noun just before its comma ("... from bile,
        stored in the pancreas")."""
        if verb.tag_ != "VBN" or any(c.dep_ in ("auxpass", "aux", "nsubj", "nsubjpass")
                                     for c in verb.children):
            return None
        if verb.dep_ == "acl" and verb.head.i < verb.i:
            return verb.head
        before = verb.i - 1
        if verb.dep_ == "advcl" and before >= 1 and self.doc[before].text == "," and \
                self.doc[before - 1].pos_ in ("NOUN", "PROPN"):
            return self.doc[before - 1]
        return None

    def _stores(self, verb: Token, subject_token: Token | None) -> Iterator[Claim]:
        """``bile is stored in the bladder``, ``the gallbladder stores urine``, ``the
        bladder, where bile is collected``, ``the bile that the stomach stores``: which
        organ stores a substance."""
        if keeps_from(verb):
            return  # "a fold that keeps urine from flowing": it stops it, it does not store it
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        participle = self._participle_of(verb)
        if passive or participle is not None:
            # "bile is stored in ...", and a participle on its noun: "bile, stored in ..."
            held = participle if participle is not None else next(
                (c for c in verb.children if c.dep_ == "nsubjpass"), subject_token)
            place_token = next((t for c in verb.children if c.dep_ == "prep"
                                and c.lower_ in self.lex.place_preps
                                for t in c.children if t.dep_ == "pobj"), None)
            if place_token is None and verb.dep_ == "relcl" and any(
                    c.lower_ == "where" for c in verb.children):
                place_token = verb.head
        else:
            held = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if verb.dep_ == "relcl" and (held is None or held.lower_ in ("that", "which")):
                held = verb.head  # "the bile that it stores"
            place_token = subject_token
        substance = self._substance(held)
        if substance is None or held is None:
            return
        place, token = self._maker(place_token)
        if place is None or token is None:
            return
        last = token.right_edge if token.i > verb.i else max(held, verb, key=lambda t: t.i)
        first = min(token, held, verb, key=lambda t: t.i)
        yield self.claim("stores", place, first, last, verb=substance)

    def _pain_site(self, verb: Token, pain: Token) -> Iterator[Claim]:
        """``liver pain is felt in the left shoulder``, ``pain from the kidneys is felt in
        the chest``: where pain from an organ is said to be felt."""
        source = None
        for t in (*pain.lefts, *(x for c in pain.children if c.dep_ == "prep" and c.lower_ in
                                 ("from", "of", "in") for x in c.children)):
            cid = self.concept(t)
            if cid is not None and self.kb.referred_pain_sites(cid):
                source = cid
        if source is None or any(c.dep_ == "neg" for c in verb.children):
            return
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "into", "at", "around",
                                                          "across", "through", "to"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                side, _vertical, _aspect, base = self._directions(pobj)
                if base is not None and self.kb[base].kind in ("region", "joint", "bone"):
                    yield self.claim("pain_site", source, pain, pobj.right_edge, obj=base,
                                     side=side)

    def _misparsed_verb(self, token: Token) -> Iterator[Claim]:
        """The small model reads "the sciatic nerve runs from ..." as a noun phrase ending in
        "runs"; recover the verb and its subject (the last compound before it)."""
        compounds = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
        if not compounds:
            return
        subject = self.concept(compounds[-1])
        if not self.specific(subject):
            return
        assert subject is not None
        for child in token.subtree:
            if child.dep_ in ("prep", "advmod", "prt") and (
                child.lower_ in self.lex.location_preps or child.lower_ == "from"
            ):
                yield from self._course(subject, compounds[-1], child)

    def _misparsed_store(self, token: Token) -> Iterator[Claim]:
        """The small model reads "the gallbladder stores urine" as one noun phrase with
        "stores" as a compound; recover the organ before it and the substance after it."""
        head = token.head
        if head.i <= token.i or head.dep_ != "ROOT":
            return
        before = self.doc[token.i - 1]
        substance = self._substance_in(self.doc[token.i + 1: head.i + 1])
        place, place_token = self._maker(before)
        if substance is None or place is None or place_token is None:
            return
        yield self.claim("stores", place, place_token, head, verb=substance)

    @staticmethod
    def _verb_of(token: Token) -> Token:
        """The nearest verb above ``token`` in the parse."""
        owner = token.head
        while owner.pos_ not in ("VERB", "AUX") and owner.head.i != owner.i:
            owner = owner.head
        return owner

    def _recent_joint(self, pronoun: Token) -> str | None:
        """The joint "it" most likely means: the last one named before it, in this sentence
        or the one before."""
        start = pronoun.sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        for i in range(pronoun.i - 1, start - 1, -1):
            span = self.by_token.get(i)
            if span is not None and self.kb[span.label_].kind == "joint":
                return span.label_
        return None

    def _joins(self, verb: Token, subject_token: Token, subject: str) -> Iterator[Claim]:
        """``X connects A to B``, ``X attaches A to B``, ``X joins A and B``."""
        for child in verb.children:
            targets: list[Token] = []
            if child.dep_ == "dobj":
                targets = [child, *[c for c in child.conjuncts]]
            elif child.dep_ == "prep" and child.lower_ in ("to", "with", "into", "onto"):
                targets = [t for t in child.children if t.dep_ == "pobj"]
            targets = [self._of_part(t) for t in targets]
            for target in targets:
                other = self.concept(target)
                if self.specific(other) and other != subject:
                    assert other is not None
                    yield self.claim("joins", subject, subject_token, target, obj=other)

    def _joining_member(self, cls: str, verb: Token) -> str | None:
        """"the cartilage that joins your ribs to ...": the one structure of that class that
        joins the first thing named (the costal cartilage joins the ribs)."""
        if self.kb[cls].kind != "class":
            return None
        first = next((c for c in verb.children if c.dep_ == "dobj"), None)
        end = self.concept(first) if first is not None else None
        if end is None:
            return None
        found = [c.id for c in self.kb if c.kind == cls and any(
            e == end or end in self.kb.ancestors(e) or e in self.kb.ancestors(end)
            for e in c.connects)]
        return found[0] if len(found) == 1 else None

    def _of_part(self, token: Token) -> Token:
        """"the base of your toes" -> "toes": a part word that is no body part itself."""
        if token.i in self.by_token or token.lower_ not in self.lex.part_words:
            return token
        return next((t for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for t in c.children if t.dep_ == "pobj"), token)

    def _where_meets(self, verb: Token) -> Iterator[Claim]:
        """``X is (the joint) where A meets B``."""
        if not any(c.lower_ == "where" for c in verb.children):
            return
        head = verb.head
        owner = head if verb.dep_ in ("advcl", "relcl", "ccomp") else None
        if owner is None:
            return
        if owner.pos_ in ("AUX", "VERB"):
            subject_token = next((c for c in owner.children if c.dep_ in SUBJECT_DEPS), None)
        else:
            subject_token = self._noun_owner(owner)
        if subject_token is None:
            return
        subject = self.concept(subject_token)
        if not self.specific(subject):
            return
        assert subject is not None
        for child in verb.children:
            parts = [child, *child.conjuncts] if child.dep_ in ("nsubj", "dobj") else (
                [t for t in child.children if t.dep_ == "pobj"]
                if child.dep_ == "prep" and child.lower_ in ("with", "to") else [])
            for target in parts:
                other = self.concept(target)
                if self.specific(other) and other != subject:
                    assert other is not None
                    yield self.claim("joins", subject, subject_token, target, obj=other)

    # ----------------------------------------------------------------- movement
    def _range(self, verb: Token, joint: str, joint_token: Token,
               movement: str) -> Iterator[Claim]:
        """"turn your neck 180 degrees", "bend your wrist back until your fingers touch your
        forearm": a movement taken beyond what the joint allows."""
        concept = self.kb[joint]
        if not concept.ranges and not concept.cannot_touch:
            return
        for t in verb.subtree:
            if t.lemma_.lower() == "degree" and self._verb_of(t).i == verb.i:
                number = [c for c in t.children if c.dep_ == "nummod"] or (
                    [self.doc[t.i - 1]] if t.i > 0 and self.doc[t.i - 1].like_num else [])
                value = whole_number(number) if number else None
                if value is not None:
                    refined = next((self.lex.movement_modifiers[w.lower_] for w in verb.subtree
                                    if w.lower_ in self.lex.movement_modifiers), None)
                    yield self.claim("range", joint, verb, t, value=value,
                                     movement=movement if refined != "hyperextension"
                                     else "extension")
        for clause in verb.children:
            if clause.dep_ != "advcl" or not any(c.lower_ == "until" for c in clause.children):
                continue
            if clause.lemma_.lower() not in ("touch", "reach", "meet", "rest", "press", "lie"):
                continue
            mover = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
            target = next((c for c in clause.children if c.dep_ == "dobj"), None) or next(
                (t for c in clause.children if c.dep_ == "prep" for t in c.children
                 if t.dep_ == "pobj"), None)
            if mover is None or target is None:
                continue
            a = self.concept(mover)
            b = self.concept(self._of_part(target) if target.i not in self.by_token or
                             target.lower_ in self.lex.aspects else target)
            if target.lower_ in self.lex.aspects:
                b = self.concept(self._of_part_any(target))
            if self.specific(a) and self.specific(b):
                yield self.claim("contact", joint, verb, target.right_edge, obj=a, verb=b)

    def _of_part_any(self, token: Token) -> Token:
        """"the back of your forearm" -> "forearm"."""
        return next((t for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for t in c.children if t.dep_ == "pobj"), token)

    def _movement(self, verb: Token) -> Iterator[Claim]:
        lemma = verb.lemma_.lower()
        joint_token = None
        movement: str | None = self.lex.movement_verbs.get(lemma)
        if lemma in ("make", "draw", "trace"):
            if not any(c.dep_ == "dobj" and c.lemma_.lower() == "circle" for c in verb.children):
                return
            movement = "circumduction"
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ == "with":
                    joint_token = next((t for t in child.children if t.dep_ == "pobj"), None)
        else:
            joint_token = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if joint_token is None or movement is None:
            return
        joint = self.concept(joint_token)
        if joint is None:
            return
        yield from self._range(verb, joint, joint_token, movement)
        if not self.kb[joint].impossible:
            return
        last = joint_token.right_edge
        for t in verb.subtree:
            if t.i <= joint_token.i and t.i >= verb.i:
                continue
            modifier = self.lex.movement_modifiers.get(t.lower_)
            if modifier is None:
                continue
            owner = t.head
            while owner.pos_ not in ("VERB", "AUX") and owner.head.i != owner.i:
                owner = owner.head
            if owner.i != verb.i:
                continue
            if movement not in REFINES.get(modifier, ()):
                continue
            movement = modifier
            last = max(last, t, key=lambda x: x.i)
        yield self.claim("movement", joint, verb, last, movement=movement, verb=lemma)


def read_claims(doc: Doc, kb: AnatomyKB) -> list[Claim]:
    """All anatomical claims in ``doc`` (needs ``doc.spans["anatomy"]``)."""
    return list(ClaimReader(doc, kb).claims())


def _relative_phrase(prep: Token, pobj: Token) -> bool:
    """"in front of Y", "on top of Y": a position relative to Y, with no article of its own
    ("in the front of Y" is Y's front)."""
    return (pobj.lower_, prep.lower_) in (("front", "in"), ("top", "on")) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in pobj.children) and not any(
        c.dep_ in ("det", "poss") for c in pobj.children)
