"""Where an article places a named condition: "Golfer's elbow affects the outside of the
elbow", "most ankle sprains tear the ligaments on the inside of the ankle", "stenosis in the
lower back causes numbness in the hands".

The condition is named in the sentence (or is the article's topic, named in its title, and
the sentence describes symptoms); a place phrase in the same sentence is read as a
:class:`ConditionClaim`. The phrase shapes are general: an aspect noun ("the inside of the
ankle"), a side phrase ("the inner side of the knee", "the little-finger side of the wrist",
"the same side as the thumb"), a region that carries an aspect ("the outer thigh") and a
place where symptoms are felt ("tingling in the little finger").
:mod:`pipeline.checks.anatomy.conditions` judges the claims against
``rules/anatomy/conditions.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.anatomy import AnatomyKB
from pipeline.nlp.readers.claims import SIDE_NOUNS, ClaimReader
from pipeline.nlp.sentences import sentence_list

_PATTERNS: dict[int, list[tuple[re.Pattern[str], str, str]]] = {}


@dataclass(frozen=True)
class ConditionClaim:
    """A statement about where a named condition is."""

    condition: str
    kind: Literal["aspect", "site", "not_a"]
    value: str
    first_token: int
    last_token: int
    base: str | None = None


def _patterns(kb: AnatomyKB) -> list[tuple[re.Pattern[str], str, str]]:
    """One regular expression per condition name, longest names first, with a piece of its
    first word that any match must contain (so most names skip the regex altogether)."""
    cached = _PATTERNS.get(id(kb))
    if cached is not None:
        return cached
    names = sorted(((name, c.id) for c in kb.conditions.values() for name in c.names),
                   key=lambda x: -len(x[0]))
    out = []
    for name, cid in names:
        words = [re.escape(w).replace("'", "['\u2019]?") for w in name.lower().split()]
        key = re.split(r"['\u2019]", name.lower().split()[0])[0] if name.split() else ""
        out.append((re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?![\w-])",
                               re.IGNORECASE), cid, key))
    _PATTERNS[id(kb)] = out
    return out


def find_conditions(text: str, kb: AnatomyKB) -> list[tuple[int, int, str]]:
    """Character spans of condition names in ``text`` (longest match wins)."""
    taken: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for pattern, cid, key in _patterns(kb):
        if key not in lowered:
            continue
        for m in pattern.finditer(text):
            if all(m.end() <= s or m.start() >= e for s, e, _ in taken):
                taken.append((m.start(), m.end(), cid))
    return sorted(taken)


def topic_condition(title: str | None, kb: AnatomyKB) -> str | None:
    """The one condition an article's title names, if exactly one."""
    if not title:
        return None
    found = {cid for _s, _e, cid in find_conditions(title, kb)}
    return found.pop() if len(found) == 1 else None


class ConditionReader:
    """Read :class:`ConditionClaim` objects out of a parsed Doc."""

    def __init__(self, reader: ClaimReader, topic: str | None) -> None:
        self.reader = reader
        self.doc: Doc = reader.doc
        self.kb = reader.kb
        self.lex = reader.kb.lexicon
        self.topic = topic
        self.mentions: list[tuple[int, int, str]] = []
        for start, end, cid in find_conditions(self.doc.text, self.kb):
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                self.mentions.append((span.start, span.end, cid))

    def claims(self) -> Iterator[ConditionClaim]:
        """Every condition claim in the Doc."""
        for sent in sentence_list(self.doc):
            named = [(s, e, c) for s, e, c in self.mentions if sent.start <= s < sent.end]
            if len({c for _s, _e, c in named}) > 1:
                continue  # "unlike golfer's elbow, tennis elbow ..." compares two
            if any(t.lower_ in self.lex.rarity_words for t in sent):
                continue
            if named:
                condition, anchor, skip = named[0][2], named[0][0], {
                    i for s, e, _c in named for i in range(s, e)}
            elif self.topic is not None and self._about_symptoms(sent):
                condition, anchor, skip = self.topic, sent.start, set()
            else:
                continue
            yield from self._sentence(sent, condition, anchor, skip)

    def _about_symptoms(self, sent: Span) -> bool:
        """A sentence on where symptoms are felt, naming no other specific structure that
        could be their cause (the topic condition is then what it is about)."""
        if not any(t.lower_ in self.lex.symptom_words or t.lemma_.lower() in
                   self.lex.symptom_words for t in sent):
            return False
        for t in sent:
            span = self.reader.by_token.get(t.i)
            if span is not None and self.kb[span.label_].kind in ("nerve", "spinal_nerve",
                                                                  "organ", "muscle",
                                                                  "muscle_group", "tendon"):
                return False
        return True

    def _sentence(self, sent: Span, condition: str, anchor: int,
                  skip: set[int]) -> Iterator[ConditionClaim]:
        cond = self.kb.conditions[condition]
        for t in sent:
            if t.i in skip:
                continue
            aspect, base = self._aspect_at(t)
            if aspect is None and t.i in self.reader.by_token:
                site = self._site_at(t)
                if site is not None:
                    yield ConditionClaim(condition, "site", site, min(anchor, t.i),
                                         max(anchor, t.i))
                continue
            if aspect is not None:
                yield ConditionClaim(condition, "aspect", aspect, min(anchor, t.i),
                                     max(anchor, t.right_edge.i), base)
                continue
            site = self._site_at(t)
            if site is not None:
                yield ConditionClaim(condition, "site", site, min(anchor, t.i),
                                     max(anchor, t.i))
        if cond.not_a and named_subject(sent, anchor):
            for t in sent:
                if t.i > anchor and t.lemma_.lower() in cond.not_a and _in_attribute(t):
                    noun = t.head if t.dep_ in ("amod", "compound") else t
                    words = self.doc[noun.left_edge.i: noun.i + 1].text
                    yield ConditionClaim(condition, "not_a", words, anchor, noun.i)

    def _aspect_at(self, t: Token) -> tuple[str | None, str | None]:
        """An aspect named at ``t`` and the part it is an aspect of."""
        r = self.reader
        span = r.by_token.get(t.i)
        if span is not None and t.i == span.end - 1:
            concept = self.kb[span.label_]
            if concept.kind == "region" and concept.part_of:
                if concept.mediolateral in ("medial", "lateral"):
                    if concept.id in ("thumb", "little_finger", "big_toe", "little_toe"):
                        return None, None
                    return {"medial": "inside", "lateral": "outside"}[
                        concept.mediolateral], concept.part_of[0]
                whole = self.kb[concept.part_of[0]]
                if concept.aspect in ("front", "back") and concept.compose is None and \
                        len(span) > 1 and whole.aspect != concept.aspect:
                    return concept.aspect, whole.id  # "the back of the knee"
            return None, None
        if t.pos_ not in ("NOUN", "PROPN", "ADJ", "ADV"):
            return None, None
        has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)
        if t.lower_ in SIDE_NOUNS:
            aspect = r.side_aspect(t)
            if aspect is None:
                return None, None
            _side, _vertical, _aspect, base = r._directions(t)
            return aspect, base
        if t.lower_ in self.lex.aspects and has_of and span is None:
            _side, _vertical, aspect, base = r._directions(t)
            return aspect, base
        return None, None

    def _site_at(self, t: Token) -> str | None:
        """A body part where something is felt ("in the little finger", "down the arm")."""
        span = self.reader.by_token.get(t.i)
        if span is None or t.i != span.end - 1 or not self.reader.specific(span.label_):
            return None
        if self.kb[span.label_].kind not in ("region", "joint"):
            return None
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.dep_ == "dobj" and root.head.lemma_.lower() in self.lex.affect_verbs:
            return span.label_  # "it mostly affects the little finger"
        if root.head.lower_ not in self.lex.site_prepositions:
            return None
        return span.label_


def _in_attribute(token: Token) -> bool:
    """Whether ``token`` is inside the complement of "is" ("is a form of arthritis")."""
    t = token
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        if t.dep_ == "attr":
            return True
        t = t.head
    return False


def named_subject(sent: Span, anchor: int) -> bool:
    """Whether the condition named at ``anchor`` is the subject of the sentence's verb."""
    token = sent.doc[anchor]
    for t in sent.doc[anchor: min(anchor + 6, sent.end)]:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ == "be":
            return True
        if t.i > token.i and t.pos_ in ("AUX", "VERB"):
            break
    return False


def read_condition_claims(reader: ClaimReader, topic: str | None) -> list[ConditionClaim]:
    """All condition claims in the reader's Doc."""
    if not reader.kb.conditions:
        return []
    return list(ConditionReader(reader, topic).claims())
