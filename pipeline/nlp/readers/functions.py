"""What a named body structure does, in any wording the claim reader has no pattern for:
"the urethra also carries semen out through the penis", "the mitral valve controls blood
flow", "the round ligaments, which support the uterus", "mucus made by the lining of the
bronchial tubes", "your pancreas keeps up by producing more insulin".

Each is a ``Relation`` frame of relation ``does`` (the function group of docs/frames.md): the
subject is the structure (a specific one, never a vague class such as "the muscles"), the
object what it acts on, ``verb`` the verb's lemma. The anatomy check judges only relations it
has knowledge for, so these frames are read for the benchmark and for later checks; the
claim reader's own function frames (makes, stores, pumps, flow, supplies, joins, movements)
take precedence over them.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from pipeline.knowledge.lexicon import declare
from pipeline.nlp.frames import Relation, Words
from pipeline.nlp.readers.base import Reading, described_by_apposition, keeps_from, verb_like
from pipeline.nlp.readers.claims import SUBJECT_DEPS
from pipeline.nlp.readers.relations import anatomy

FUNCTION_VERBS = declare("function_verbs", "verbs of what a body structure does (carry, "
                         "produce, pump, filter, support, control)")
MOVING_VERBS = declare("moving_verbs", "verbs of an instruction that moves a body part (lift, "
                       "swing, curl)")
VAGUE_KINDS = frozenset({"class", "system"})


class FunctionReader:
    """Read the generic function frames of one Doc."""

    def __init__(self, reading: Reading, taken: set[tuple[int, str]]) -> None:
        self.r = reading
        self.kb = anatomy(reading.knowledge.directory)
        self.verbs = reading.lexicon.list(FUNCTION_VERBS)
        #: (sentence, subject concept) pairs the claim reader already has a function frame for
        self.taken = taken
        self.naming = frozenset(self.kb.lexicon.naming_verbs)
        self.moving = reading.lexicon.list(MOVING_VERBS)

    def _specific(self, token: Token) -> str | None:
        """The concept of a specific body structure at ``token`` (not a vague class)."""
        span = self.r.anatomy.get(token.i)
        if span is None or span.label_ not in self.kb or \
                self.kb[span.label_].kind in VAGUE_KINDS:
            return None
        return span.label_

    def _named(self, verb: Token, index: int) -> Relation | None:
        """"tubes called ureters", "an area of the brain called the basal ganglia": the
        structure named, and the kind of thing the article says it is (relation ``named``,
        the part group)."""
        named = next((t for c in verb.children if c.dep_ in ("oprd", "attr", "dobj", "xcomp")
                      for t in c.subtree if t.i in self.r.anatomy), None)
        if named is None:
            return None
        concept = self._specific(named)
        if concept is None:
            return None
        head = verb.head
        span = self.r.anatomy[named.i]
        first, last = head.left_edge.i, max(span.end - 1, verb.i)
        return Relation(
            start=self.r.doc[first].idx, end=self.r.doc[last].idx + len(self.r.doc[last]),
            first_token=first, last_token=last, sentence=index,
            context=self.r.context(first, last), reader="functions", relation="named",
            verb=verb.lemma_.lower(),
            subject=Words.of(span, concept=concept, kind=self.kb[concept].kind),
            object=Words.of([t for t in head.subtree if t.i < verb.i],
                            lemma=head.lemma_.lower()))

    def _moved(self, verb: Token, index: int) -> Relation | None:
        """An instruction that moves a named body part ("lift that back heel as high as you
        can", "swing it in small circles", "scrunch the towel with your toes"): relation
        ``moved`` with the part as subject."""
        part = next((t for c in verb.children
                     if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "with")
                     for t in c.subtree if t.i in self.r.anatomy
                     and t.pos_ in ("NOUN", "PROPN")), None)
        if part is None and any(c.dep_ == "dobj" and self.r.pronoun(c) for c in verb.children):
            pronoun = next(c for c in verb.children if c.dep_ == "dobj")
            part = next((t for t in reversed(list(self.r.doc[
                self.r.sentences[index].start:pronoun.i])) if t.i in self.r.anatomy), None)
        if part is None:
            return None
        concept = self._specific(part)
        if concept is None:
            return None
        span = self.r.anatomy[part.i]
        first, last = verb.i, max(t.i for t in verb.subtree)
        return Relation(
            start=self.r.doc[first].idx, end=self.r.doc[last].idx + len(self.r.doc[last]),
            first_token=first, last_token=last, sentence=index,
            context=self.r.context(first, last), reader="functions", relation="moved",
            verb=verb.lemma_.lower(),
            subject=Words.of(span, concept=concept, kind=self.kb[concept].kind))

    def frames(self) -> Iterator[Relation]:
        """Every generic function frame of the Doc."""
        for index, sent in enumerate(self.r.sentences):
            for verb in sent:
                if verb.lemma_.lower() in self.naming and verb.dep_ == "acl":
                    frame = self._named(verb, index)
                    if frame is not None:
                        yield frame
                    continue
                if not verb_like(verb):
                    continue
                if verb.lemma_.lower() in self.moving and self.r.subject(verb) is None \
                        and verb.dep_ in ("ROOT", "conj", "advcl", "xcomp"):
                    frame = self._moved(verb, index)
                    if frame is not None:
                        yield frame
                    continue
                if verb.lemma_.lower() not in self.verbs:
                    continue
                subject = self._subject(verb)
                if subject is None:
                    pronoun = self.r.subject(verb)
                    taken_up = self._antecedent(pronoun) if pronoun is not None else None
                    if pronoun is None or taken_up is None:
                        continue
                    # "They produce insulin": what the sentence before named
                    subject, span = pronoun, taken_up
                else:
                    span = self.r.anatomy[subject.i]
                concept = span.label_
                if concept not in self.kb or self.kb[concept].kind in VAGUE_KINDS or \
                        (index, concept) in self.taken:
                    continue
                obj = self._object(verb)
                if obj is None:
                    continue
                # the subject's words in this sentence: its name, or the pronoun for it
                here = span if span.start >= sent.start else self.r.doc[subject.i:subject.i + 1]
                first = min(here.start, verb.i, max(obj.first_token, sent.start))
                last = max(here.end - 1, obj.last_token, verb.i)
                self.taken.add((index, concept))
                particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
                relation, substance = self._made(verb.lemma_.lower(), obj, particle)
                if relation == "stores" and keeps_from(verb):
                    relation, substance = "does", None  # "keeps urine from flowing out"
                yield Relation(
                    start=self.r.doc[first].idx,
                    end=self.r.doc[last].idx + len(self.r.doc[last]),
                    first_token=first, last_token=last, sentence=index,
                    context=self.r.context(first, last), reader="functions",
                    relation=relation, verb=verb.lemma_.lower(), substance=substance,
                    subject=Words.of(here, concept=concept, kind=self.kb[concept].kind),
                    object=None if substance else obj)

    def _made(self, verb: str, obj: Words, particle: str | None = None
              ) -> tuple[str, str | None]:
        """A function that makes, releases or stores a substance the knowledge base knows
        ("cortisol, made by the pituitary"; "the liver, which secretes bile") is that
        relation, judged like the claim reader's; anything else is ``does``."""
        lexicon = self.kb.lexicon
        relation = ("makes" if verb in lexicon.making_verbs else "releases"
                    if verb in lexicon.releasing_verbs else "stores"
                    if verb in lexicon.storing_verbs else None)
        if relation is None and particle:
            phrase = f"{verb} {particle}"  # "pumps out", "churns out"
            relation = ("makes" if phrase in lexicon.making_verbs else "releases"
                        if phrase in lexicon.releasing_verbs else None)
        substance = self.kb.substance_in(obj.text) if relation else None
        return (relation, substance) if relation and substance else ("does", None)

    def _subject(self, verb: Token) -> Token | None:
        """The structure that does it: the verb's subject (through "which", conjunctions
        and "X helps to ..."), or the agent of a passive ("mucus made by the lining of the
        bronchial tubes")."""
        up = verb
        while (up.dep_ in ("xcomp", "conj") or (up.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in up.children))) and \
                self.r.subject(up) is None and up.head.i != up.i:
            up = up.head  # "the ventricle must work hard to pump blood"
        subject = self.r.subject(up)
        passive_relative = verb.dep_ == "relcl" and subject is not None and \
            subject.dep_ == "nsubjpass" and subject.lower_ in ("which", "that")
        if passive_relative:
            subject = None  # "bile, which is made by your gallbladder": the agent makes it
        if subject is not None and (subject.tag_ in ("WDT", "WP") or subject.lower_ in (
                "which", "that")) and up.dep_ == "relcl":
            subject = described_by_apposition(up.head, subject) or up.head
        where = self._where_made(verb)
        if where is not None:
            return where
        if subject is None and (verb.dep_ == "acl" or passive_relative):
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is None and verb.lemma_.lower() in self.kb.lexicon.making_verbs:
                # "red blood cells, produced in the spleen": where it is made makes it
                agent = next((c for c in verb.children if c.dep_ == "prep"
                              and c.lower_ in self.kb.lexicon.place_preps), None)
            subject = next((t for t in agent.subtree if t.i in self.r.anatomy), None) \
                if agent is not None else None
        if subject is None or subject.dep_ == "nsubjpass":
            return None
        if subject.i in self.r.anatomy:
            return subject
        return None

    def _antecedent(self, pronoun: Token) -> Span | None:
        """The body structure a sentence-opening "they"/"it" takes up: the subject of the
        sentence before, in the same paragraph, when it names one; a subject that is only
        "its two lobes" hands on to the subject before that."""
        sent = pronoun.sent
        if pronoun.lower_ not in ("they", "it") or pronoun.i != sent.start:
            return None
        for _ in range(2):
            if sent.start == 0:
                return None
            previous = self.r.doc[sent.start - 1].sent
            if "\n\n" in self.r.doc[previous.start:sent.start + 1].text:
                return None
            subject = next((t for t in previous.root.children
                            if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None:
                return None
            span = self.r.anatomy.get(subject.i)
            if span is not None and self._specific(span.root) is not None:
                plural = span.root.tag_ in ("NNS", "NNPS")
                return span if plural == (pronoun.lower_ == "they") else None
            if not any(c.dep_ == "poss" and c.lower_ in ("its", "their")
                       for c in subject.children):
                return None
            sent = previous  # "Its two lobes lie ...": what "its" took up
        return None

    def _where_made(self, verb: Token) -> Token | None:
        """"The gallbladder is where bile is made": the subject of the copula is the place
        that makes (stores, releases) what the "where" clause's passive verb governs."""
        if verb.dep_ not in ("advcl", "ccomp") or verb.head.lemma_ != "be" or not any(
                c.dep_ == "advmod" and c.lower_ == "where" and c.i < verb.i
                for c in verb.children):
            return None
        subject = self.r.subject(verb.head)
        return subject if subject is not None and subject.i in self.r.anatomy else None

    def _apposition_anchor(self, head: Token) -> Words | None:
        """The substance an apposition describes, when the apposition names only its kind
        ("hCG, the pregnancy hormone made by ...", "sebum, the natural oil made by ...")."""
        if self.kb.substance_in(head.text) is not None:
            return None
        if head.dep_ == "appos" and head.head.i < head.i:
            anchor = head.head
        elif head.dep_ == "attr" and head.head.lemma_ == "be" and any(
                c.dep_ == "nsubj" and c.i < head.i for c in head.head.children):
            # "melatonin is the hormone your pineal gland releases": the copula's subject
            anchor = next(c for c in head.head.children if c.dep_ == "nsubj" and c.i < head.i)
            words = [t for t in anchor.subtree if not t.is_punct]
            if self.kb.substance_in(" ".join(t.text for t in words)) is None:
                return None
            return Words.of(words, lemma=anchor.lemma_.lower())
        else:
            # a misparsed apposition: a bare name, a comma, then the description ("hCG,
            # the pregnancy hormone made by ...")
            comma = head.left_edge.i - 1
            if comma < 1 or self.r.doc[comma].text != "," or \
                    self.r.doc[comma - 1].pos_ not in ("NOUN", "PROPN"):
                return None
            anchor = self.r.doc[comma - 1]
        words = [t for t in anchor.subtree if t.i < head.left_edge.i and not t.is_punct]
        if not words or self.kb.substance_in(" ".join(t.text for t in words)) is None:
            return None
        return Words.of(words, lemma=anchor.lemma_.lower())

    def _object(self, verb: Token) -> Words | None:
        """What it acts on: the direct object, or the object of its first preposition."""
        lexicon = self.kb.lexicon
        made = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if made is not None and self._where_made(verb) is not None:
            return Words.of(list(made.subtree), lemma=made.lemma_.lower())  # "bile"
        if verb.dep_ == "relcl" and verb.head.i < verb.i and any(
                c.dep_ == "nsubjpass" and c.lower_ in ("which", "that")
                for c in verb.children):
            head = verb.head  # "bile, which is made by ...": bile
            return Words.of([t for t in head.subtree if t.i < verb.left_edge.i
                             and t.text != ","], lemma=head.lemma_.lower())
        gap = verb.dep_ == "relcl" and verb.head.i < verb.i and not any(
            c.dep_ in SUBJECT_DEPS and c.lower_ in ("which", "that", "who")
            for c in verb.children) and all(
            c.lower_ in ("which", "that") for c in verb.children if c.dep_ == "dobj")
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
        phrase = f"{verb.lemma_.lower()} {particle}".strip()
        if (verb.dep_ == "acl" or gap) and verb.head.i < verb.i and (
                verb.lemma_.lower() in (*lexicon.making_verbs, *lexicon.releasing_verbs,
                                        *lexicon.storing_verbs)
                or (gap and phrase in (*lexicon.making_verbs, *lexicon.releasing_verbs))):
            # "red blood cells, produced in the spleen": the cells; "the hormone (that) your
            # kidneys release": the hormone, and the substance it is said to be
            head = verb.head
            named = self._apposition_anchor(head)
            if named is not None:
                return named  # "bile, the digestive juice produced in ...": bile
            return Words.of([t for t in head.subtree if t.i < verb.i],
                            lemma=head.lemma_.lower())
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp", "ccomp") and child.i > verb.i:
                return Words.of(list(child.subtree), lemma=child.lemma_.lower())
        for child in verb.children:
            if child.dep_ == "prep" and child.i > verb.i:
                pobj = next((t for t in child.children if t.dep_ == "pobj"), None)
                if pobj is not None:
                    return Words.of(list(pobj.subtree), lemma=pobj.lemma_.lower())
        if verb.dep_ == "acl" and verb.head.i < verb.i:  # "mucus made by ..."
            head = verb.head
            return Words.of([t for t in head.subtree if t.i < verb.i],
                            lemma=head.lemma_.lower())
        return None
