"""Requirement frames: something stated as needed, or as not needed (docs/frames.md).

Shapes: "X needs / requires Y" ("unstable angina requires treatment in a hospital", "most
sprains don't need medical treatment", "you'll need a prescription"), the passive and the
adjective ("IV fluids may be needed", "medicines may be necessary", "no special preparation
is required", "the gallbladder is not an essential organ"), "there is no need for Y", and a
case that needs an action ("a cataract needs to be removed"). Advice to the reader ("you
need to see your GP") is an Advice frame, not a Requirement. The kind of what is needed
(a clinician, urgent care, a test, a prescription, preparation, treatment, equipment) comes
from the mention classes and ``rules/lexicon/core.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from pipeline.knowledge.lexicon import declare
from pipeline.nlp.frames import Requirement, Words
from pipeline.nlp.readers.base import Reading

NEED_ADJ = declare("need_adjectives", "adjectives of necessity (necessary, essential)")
TESTS = declare("test_nouns", "nouns of tests and examinations")
TREATMENTS = declare("treatment_nouns", "nouns of treatment")
PREPARATIONS = declare("preparation_nouns", "nouns of preparation for a procedure")
PRESCRIPTIONS = declare("prescription_nouns", "nouns of a prescription")
DENYING_DETERMINERS = declare("denying_determiners", "determiners of a subject that deny it "
                              "(no preparation is needed, none is required)")
READER = declare("requirement_reader_subjects", "subjects that make 'need to' advice (you)")
NEED_VERBS = ("need", "require", "necessitate", "demand")


class RequirementReader:
    """Read the Requirement frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.doc = reading.doc
        self.lex = reading.lexicon

    def frames(self) -> Iterator[Requirement]:
        """Every Requirement frame of the Doc."""
        for index, sent in enumerate(self.r.sentences):
            for token in sent:
                frame = self._at(token, index)
                if frame is not None:
                    yield frame

    def _at(self, token: Token, index: int) -> Requirement | None:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in NEED_VERBS:
            return self._verb(token, index)
        if token.lower_ in self.lex.list(NEED_ADJ) and token.dep_ in ("acomp", "amod",
                                                                      "attr", "oprd"):
            return self._adjective(token, index)
        if lemma == "need" and token.pos_ == "NOUN" and any(
                c.lower_ == "no" for c in token.children):
            thing = next((t for c in token.children if c.dep_ == "prep" and c.lower_ == "for"
                          for t in c.children if t.dep_ == "pobj"), None)
            if thing is not None:  # "there is no need for antibiotics"
                return self._make(token, thing, "not_needed", index, first=token.left_edge.i)
        return None

    def _verb(self, verb: Token, index: int) -> Requirement | None:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        subject = self.r.subject(verb)
        negated = any(c.dep_ == "neg" for c in verb.children) or (
            subject is not None and any(c.lower_ in self.lex.list(DENYING_DETERMINERS)
                                        for c in subject.children))
        if passive:
            if subject is None:
                if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
                    return self._make(verb, verb.head, "not_needed" if negated else "needed",
                                      index, first=verb.head.left_edge.i)
                return None
            return self._make(verb, subject, "not_needed" if negated else "needed", index,
                              first=subject.left_edge.i)
        complement = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if complement is not None and obj is None:
            # "you need to see a GP" is advice; "a cataract needs to be removed" is a need
            if subject is None or subject.lower_ in self.lex.list(READER) or \
                    self._group(subject):
                return None
            if not any(c.dep_ == "auxpass" for c in complement.children):
                return None
            return self._make(verb, complement, "not_needed" if negated else "needed",
                              index, first=subject.left_edge.i, clause=True)
        if obj is None:
            return None
        if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            subject = verb.head
        first = subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i
        return self._make(verb, obj, "not_needed" if negated else "needed", index, first=first,
                          subject=subject)

    def _adjective(self, adjective: Token, index: int) -> Requirement | None:
        word = adjective.lower_
        negated = word in ("unnecessary", "needless") or any(
            c.dep_ == "neg" for c in (*adjective.children, *adjective.head.children))
        if adjective.dep_ == "amod":
            noun = adjective.head  # "the only treatments needed"
            if adjective.i < noun.i and word not in ("essential", "necessary"):
                return None
            if adjective.i < noun.i and noun.dep_ == "attr" and noun.head.lemma_ == "be":
                subject = self.r.subject(noun.head)  # "the gallbladder is not an essential organ"
                if subject is None:
                    return None
                negated = negated or any(c.dep_ == "neg" for c in noun.head.children)
                return self._make(adjective, subject, "not_needed" if negated else "needed",
                                  index, first=subject.left_edge.i, last=noun.i)
            return self._make(adjective, noun, "not_needed" if negated else "needed", index,
                              first=noun.left_edge.i)
        verb = adjective.head
        subject = self.r.subject(verb)
        if subject is None:
            return None
        if subject.lower_ in ("it", "this") and any(c.dep_ == "xcomp" for c in verb.children):
            return None  # "it is necessary to rest": advice
        return self._make(adjective, subject, "not_needed" if negated else "needed", index,
                          first=subject.left_edge.i)

    def _group(self, token: Token) -> bool:
        mention = self.r.mention(token)
        return mention is not None and mention.label_ == "group"

    def kind(self, thing: Token) -> str:
        """What kind of thing is needed."""
        mention = self.r.mention(thing)
        lemma = thing.lemma_.lower()
        words = {t.lower_ for t in thing.subtree} | {lemma}
        if mention is not None and mention.label_ == "professional":
            return "professional"
        if (mention is not None and mention.label_ == "care_setting") or words & {
                "emergency", "hospital", "ambulance", "a&e"}:
            return "urgent_care"
        if words & self.lex.list(TESTS):
            return "test"
        if words & self.lex.list(PRESCRIPTIONS):
            return "prescription"
        if words & self.lex.list(PREPARATIONS):
            return "preparation"
        if words & self.lex.list(TREATMENTS) or (mention is not None and mention.label_ in (
                "medicine", "supplement", "remedy")):
            return "treatment"
        if mention is not None and mention.label_ == "device":
            return "equipment"
        return "other"

    def _make(self, predicate: Token, thing: Token, polarity: str, index: int,
              first: int | None = None, last: int | None = None, clause: bool = False,
              subject: Token | None = None) -> Requirement:
        tokens = list(thing.subtree) if clause else self.r.phrase_tokens(thing)
        need = Words.of(tokens, lemma=thing.lemma_.lower(), kind=self.kind(thing))
        start = min(first if first is not None else predicate.i, predicate.i, need.first_token)
        end = max(last if last is not None else predicate.i, need.last_token, predicate.i)
        return Requirement(
            start=self.doc[start].idx, end=self.doc[end].idx + len(self.doc[end]),
            first_token=start, last_token=end, sentence=index,
            context=self.r.context(start, end) - {"negated"}, reader="requirement",
            need=need, polarity=polarity,  # type: ignore[arg-type]
            subject=Words.of(list(subject.subtree)) if subject is not None else None)
