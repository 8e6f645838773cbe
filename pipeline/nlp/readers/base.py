"""What every frame reader shares: one Doc's sentences, mentions and context, and the
phrase helpers that turn parse nodes into slot :class:`~pipeline.nlp.frames.Words`.

A :class:`Reading` is made once per Doc by the ``medlint_frames`` component and handed to
each reader in turn.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.lexicon import Lexicon, declare, load_lexicon
from pipeline.nlp.context import ContextRules, frame_context, load_context
from pipeline.nlp.frames import Words
from pipeline.nlp.phases import IMMEDIATE, MEAL_ANCHORS
from pipeline.nlp.sentences import sentence_list

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
#: Mention classes in the order a topic's kind is decided when several fit.
KIND_ORDER = ("medicine", "supplement", "remedy", "device", "exercise", "activity",
              "recreational", "food", "professional", "care_setting", "condition", "symptom",
              "group")
TOPIC_KINDS = {"medicine": "medicine", "supplement": "supplement", "remedy": "remedy",
               "device": "device", "exercise": "exercise", "activity": "activity",
               "recreational": "diet", "food": "diet", "professional": "care",
               "care_setting": "care", "condition": "other", "symptom": "other",
               "group": "other"}
PRONOUNS = declare("pronouns", "pronouns that stand for a thing named before (it, them)")
GENERIC_NOUNS = declare("generic_nouns", "nouns too vague to be a topic on their own (thing, way)")
GENERIC_MEDICINES = declare("generic_medicine_nouns", "words for a medicine that stand for "
                            "the one named before (the tablets, each dose)")
USE_VERBS = declare("use_verbs", "verbs of using or taking a thing, beside the consume class")
OTHER_WORDS = declare("other_words", "modifiers that set a noun apart from the thing named "
                      "before ('other medicines' are not the ibuprofen just named)")
CONTRAST_WORDS = declare("contrast_words", "words that turn a sentence against what came "
                         "before or give an exception (but, however, unless)")
PURPOSE_HEADS = declare("purpose_heads", "verbs whose to-clause is their complement, not a "
                        "purpose (try to, want to)")
LATER_ADVERBS = declare("later_adverbs", "adverbs that put a step after the one before "
                        "(afterwards, later)")
EVENT_MARKS = declare("event_marks", "prepositions that bound a time by an event (until, "
                      "after, before)")
PEOPLE_NOUNS = declare("people_nouns", "nouns for people that a share or a group counts")
# words several readers (and the checks that compare their frames) read
ADVICE_NEGATORS = declare("advice_negators", "words that turn advice into a warning (not, never)")
AVOID_VERBS = declare("avoid_verbs", "verbs whose complement is advised against (avoid)")
STOP_VERBS = declare("stop_verbs", "verbs that end an activity (stop, quit, give up)")
READER_SUBJECTS = declare("reader_subjects", "subjects that are the reader (you, we)")
CIRCUMSTANCES = declare("circumstance_marks", "words that open a clause saying when "
                        "something happens, not on what condition (when, while)")
DESTINATIONS = declare("destination_prepositions", "prepositions of where a thing is put "
                       "(in, into, onto)")
READER_POSSESSIVES = declare("reader_possessives", "possessives that are the reader's own "
                             "(your, my, our)")
ALTERNATIVES = declare("alternative_words", "words that offer one thing or another (or, "
                       "instead, either)")
#: Words a phrase may skip between its slots ("carry heavy" matches "carry your heavy").
SKIPPABLE = declare("phrase_skippable_words", "determiners a knowledge phrase may skip "
                    "between its words (carry heavy: carry your heavy)")
NEGATION_ADVERBS = declare("negation_adverbs", "adverbs that negate the verb they come before "
                           "(not, never)")
CONDITION_MARKS = declare("condition_marks", "subordinators of a condition (if, unless)")
PHASE_MARKS = declare("phase_marks", "subordinators and prepositions of a phase (after)")
PHASE_NOUNS = declare("phase_nouns", "nouns that name a time or an event a phase refers to")
MEASURE_NOUNS = declare("measure_nouns", "nouns that measure what follows their 'of' (a course "
                        "of, plenty of, 10 mg of)")
OBJECT_PREPS = declare("object_preps", "prepositions whose object is what a verb acts on "
                       "(switch to decaf, cut down on salt)")


#: Mention classes that, as the modifier of another noun, name a kind of that noun ("a tennis
#: ball", "a yoga mat", "a beer glass"), not the thing itself; a condition or a medicine
#: modifier still names what the phrase is about ("hernia repair", "ibuprofen gel").
MODIFIER_CLASSES = frozenset({"activity", "exercise", "food", "recreational"})


@dataclass(frozen=True)
class ReaderKnowledge:
    """The knowledge every reader needs, loaded once per rules directory."""

    directory: Path
    lexicon: Lexicon
    context: ContextRules

    @classmethod
    def load(cls, directory: Path) -> ReaderKnowledge:
        """Load the lexicon and the context rules."""
        return cls(directory, load_lexicon(directory), load_context(directory))


class Reading:
    """One Doc, prepared for the readers."""

    def __init__(self, doc: Doc, knowledge: ReaderKnowledge) -> None:
        self.doc = doc
        self.knowledge = knowledge
        self.lexicon = knowledge.lexicon
        self.sentences: list[Span] = sentence_list(doc)
        self._starts = [s.start for s in self.sentences]
        self.mentions: dict[int, list[Span]] = {}
        for span in doc.spans.get("mentions", []):
            for token in span:
                self.mentions.setdefault(token.i, []).append(span)
        self.anatomy: dict[int, Span] = {}
        #: every anatomy span by its first token, in the order the marker wrote them
        self.anatomy_starts: dict[int, list[Span]] = {}
        for span in doc.spans.get("anatomy", []):
            self.anatomy_starts.setdefault(span.start, []).append(span)
            for token in span:
                self.anatomy[token.i] = span

    # ------------------------------------------------------------------ where
    def sentence_index(self, token: Token | int) -> int:
        """The index of the sentence a token is in."""
        i = token if isinstance(token, int) else token.i
        return max(bisect_right(self._starts, i) - 1, 0)

    def context(self, first: int, last: int, ignore: Iterable[int] = ()) -> frozenset[str]:
        """The context of tokens ``first``..``last`` (inclusive), from ConText."""
        return frame_context(self.doc[first:last + 1], self.knowledge.context, ignore)

    @cached_property
    def headings(self) -> frozenset[int]:
        """Character offsets where a title or heading block starts."""
        return frozenset(start for start, _end, kind in self.doc.user_data.get(
            "medlint_blocks", ()) if kind in ("heading", "title"))

    # ------------------------------------------------------------------ words
    def mention(self, token: Token) -> Span | None:
        """The mention a token is part of (the class first in :data:`KIND_ORDER`)."""
        spans = self.mentions.get(token.i)
        if not spans:
            return None
        return min(spans, key=lambda s: (KIND_ORDER.index(s.label_)
                                         if s.label_ in KIND_ORDER else 99, -len(s)))

    def mention_classes(self, token: Token) -> set[str]:
        """Every class a token is marked with."""
        return {s.label_ for s in self.mentions.get(token.i, ())}

    def phrase_tokens(self, head: Token, numbers: bool = True) -> list[Token]:
        """The noun phrase of ``head`` without determiners, possessives, relative clauses
        or prepositional phrases other than "of" and examples ("the ibuprofen tablets" ->
        ibuprofen tablets; "a course of antibiotics" keeps "of antibiotics", "painkillers such
        as ibuprofen" its examples); without its numbers
        and their modifiers when ``numbers`` is false ("more than 8 tablets" -> tablets)."""
        keep = [head]
        deps = ("compound", "amod", "nummod", "quantmod", "nmod", "npadvmod")
        for child in head.children:
            if child.dep_ in deps and child.i < head.i:
                if not numbers and (child.dep_ in ("nummod", "quantmod") or child.like_num
                                    or child.tag_ in ("JJR", "RBR")):
                    continue
                keep.extend(t for t in child.subtree if t.dep_ not in ("det", "poss") and (
                    numbers or not (t.like_num or t.dep_ in ("nummod", "quantmod")
                                    or t.tag_ in ("JJR", "RBR"))))
            elif child.dep_ == "prep" and child.lower_ in ("of", "with", "containing") and \
                    child.i > head.i:
                keep.extend(t for t in child.subtree if t.dep_ not in ("det", "poss"))
            elif child.dep_ == "prep" and child.lower_ == "as" and child.i > head.i and any(
                    c.lower_ == "such" for c in child.children):
                # "painkillers such as ibuprofen": the examples name what is meant
                keep.extend(t for t in child.subtree if t.dep_ not in ("det", "poss"))
            elif child.dep_ == "poss" and child.i < head.i and child.pos_ != "PRON":
                keep.extend(child.subtree)  # "other people's medicines" are not yours
        keep = [t for t in keep if not t.is_punct] or [head]
        return sorted(keep, key=lambda t: t.i)

    def measured(self, head: Token) -> Token:
        """What a measure noun measures: "10 micrograms of vitamin D" -> vitamin D, "a
        course of antibiotics" -> antibiotics, "plenty of fluids" -> fluids."""
        if head.lemma_.lower() in self.lexicon.list(MEASURE_NOUNS) or \
                head.lower_ in self.lexicon.list(MEASURE_NOUNS):
            pobj = next((t for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                         for t in c.children if t.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        return head

    def topic_words(self, head: Token) -> Words:
        """A noun phrase as a topic: its words, the lemma of what it names and its kind
        ("a course of antibiotics" names antibiotics, a medicine)."""
        head = self.measured(head)
        medicine = self._medicine_for(head)
        if medicine is not None:
            # "skip your diabetes tablets" (parsed as two objects): the tablets for diabetes
            tokens = [*self.phrase_tokens(head, numbers=False), medicine]
            return Words.of(tokens, lemma=medicine.lemma_.lower(), kind="medicine",
                            concept=f"{head.lemma_.lower()} {medicine.lemma_.lower()}")
        tokens = self.phrase_tokens(head, numbers=False)
        named = self.named_in(tokens, head) or head
        mention = self.mention(named) or self.mention(head)
        if mention is not None and self._in_title(mention):
            mention = None
        lemma = named.lemma_.lower()
        concept = None
        kind = None
        generic = self.lexicon.list(GENERIC_MEDICINES)
        if mention is not None and mention.root.lemma_.lower() in generic:
            # "the tablets", "each dose": the medicine named just before
            mention = self._medicine_before(mention.root, mention[0]) or mention
        elif mention is None and head.lemma_.lower() in generic and \
                head.head.lemma_.lower() in self.lexicon.list(USE_VERBS):
            # "I take a double dose" with no mention of its own ("follow the dose on the
            # bottle" takes nothing)
            mention = self._medicine_before(head, head)
        if mention is None and self.pronoun(head):
            # "cinnamon is a kitchen spice, so it has no side effects": what "it" takes up
            mention = self.antecedent(head)
        if mention is not None:
            kind = TOPIC_KINDS.get(mention.label_, "other")
            concept = mention.text.lower() if len(mention) > 1 else mention.root.lemma_.lower()
            lemma = concept
        elif head.i in self.anatomy:
            kind = "body"
            concept = self.anatomy[head.i].label_
        return Words.of(tokens, lemma=lemma, concept=concept, kind=kind)

    def _medicine_before(self, word: Token, start: Token) -> Span | None:
        """The medicine a generic word ("the tablets", "a double dose") stands for: the one
        named before ``start``, unless the word sets itself apart ("other medicines")."""
        if any(t.lower_ in self.lexicon.list(OTHER_WORDS) for t in word.children):
            return None
        antecedent = self.antecedent(start, ("medicine", "supplement", "remedy"))
        if antecedent is None or antecedent.root.lemma_.lower() in self.lexicon.list(
                GENERIC_MEDICINES):
            return None
        return antecedent

    def named_in(self, tokens: list[Token], head: Token | None = None) -> Token | None:
        """The head of the most specific mention among ``tokens`` ("a course of
        antibiotics" -> antibiotics; "ibuprofen tablets" -> ibuprofen). A mention that only
        modifies a ``head`` with a meaning of its own names nothing: a tennis ball is no
        sport, "the Physical Activity and Your Heart article" no activity."""
        best: Span | None = None
        vague = self.lexicon.list(GENERIC_NOUNS) | self.lexicon.list(GENERIC_MEDICINES)
        own = head is not None and (head.i in self.mentions or head.lemma_.lower() in vague)
        for token in tokens:
            for span in self.mentions.get(token.i, ()):
                if span.label_ in ("group", "symptom"):
                    continue
                if head is not None and not own and span.end <= head.i and \
                        span.label_ in MODIFIER_CLASSES:
                    continue
                if self._in_title(span):
                    continue
                if best is None or len(span) > len(best) or (
                        span.root.lemma_.lower() not in self.lexicon.list(GENERIC_NOUNS)
                        and best.root.lemma_.lower() in self.lexicon.list(GENERIC_NOUNS)):
                    best = span
        return best.root if best is not None else None

    @staticmethod
    def _in_title(span: Span) -> bool:
        """Whether a mention of several words is part of a longer capitalised name ("the DCI
        Physical Activity and Your Heart article"): the name of a page, not the thing."""
        if len(span) < 2 or span.start == span.sent.start or not all(
                t.pos_ == "PROPN" and t.text[:1].isupper() for t in span):
            return False
        before = span.doc[span.start - 1]
        return before.pos_ == "PROPN" and before.text[:1].isupper()

    def clause_words(self, head: Token) -> Words:
        """A whole clause or phrase (its subtree)."""
        return Words.of(list(head.subtree), lemma=head.lemma_.lower())

    @staticmethod
    def subject(verb: Token) -> Token | None:
        """A verb's own subject."""
        return next((c for c in verb.children if c.dep_ in SUBJECTS), None)

    def objects(self, verb: Token) -> list[Token]:
        """What a verb acts on: its direct object, or the object of its first preposition
        or particle phrase ("switch to decaf", "go to A&E")."""
        direct = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
        if len(direct) > 1 and self.recipient(verb) is not None:
            return direct[1:]  # "give your toddler an aspirin": the aspirin
        if direct:
            return direct
        for child in verb.children:
            if child.dep_ in ("prep", "dative") and child.i > verb.i and (
                    child.lower_ in self.lexicon.list(OBJECT_PREPS) or child.dep_ == "dative"):
                pobj = [t for t in child.children if t.dep_ == "pobj"
                        and not any(c.dep_ == "nummod" for c in t.children)]
                if pobj:
                    return pobj
        return []

    def recipient(self, verb: Token) -> Token | None:
        """Who a verb with two objects gives something to ("give your toddler an aspirin",
        "give the baby some water"): the first object, when it names people."""
        direct = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        if len(direct) < 2 or direct[0].i > direct[1].i:
            return self._body_of_another(verb)
        first = direct[0]
        if first.dep_ == "dative":
            return first  # the parser saw a recipient ("give your grandson an aspirin")
        mention = self.mention(first)
        people = mention is not None and mention.label_ == "group"
        if people or first.lemma_.lower() in self.lexicon.list(PEOPLE_NOUNS):
            return first
        return None

    def _body_of_another(self, verb: Token) -> Token | None:
        """Whose body a thing is put into or onto, when it is someone else's ("put food in
        their mouth", "into the mouth of someone who is unconscious"): the possessor."""
        # "put food or drink into the mouth": the parser may hang the place on "drink"
        heads = [verb, *(c for c in verb.children if c.dep_ == "conj")]
        for prep in (p for h in heads for p in h.children):
            if prep.dep_ != "prep" or prep.lower_ not in self.lexicon.list(DESTINATIONS):
                continue
            for part in (t for t in prep.children if t.dep_ == "pobj" and t.i in self.anatomy):
                for child in part.children:
                    if child.dep_ == "poss" and child.lower_ not in self.lexicon.list(
                            READER_POSSESSIVES):
                        return child  # "their mouth", "the baby's mouth"
                    if child.dep_ == "prep" and child.lower_ == "of":
                        return next((o for o in child.children if o.dep_ == "pobj"), None)
        return None

    def _medicine_for(self, head: Token) -> Token | None:
        """The medicine noun right after a condition that names what it treats ("diabetes
        tablets", "asthma inhaler", "blood pressure pills"), when the parser made them two
        nouns instead of one phrase."""
        mention = self.mention(head)
        if mention is None or mention.label_ not in ("condition", "symptom"):
            return None
        following = head.nbor(1) if head.i + 1 < len(head.doc) else None
        if following is None or following.lemma_.lower() not in self.lexicon.list(
                GENERIC_MEDICINES) or following.head.i == head.i:
            return None
        return following

    def pronoun(self, token: Token) -> bool:
        """Whether a token is a pronoun standing for something named before."""
        return token.lower_ in self.lexicon.list(PRONOUNS)

    def antecedent(self, pronoun: Token, classes: Iterable[str] = KIND_ORDER) -> Span | None:
        """The most recent mention of one of ``classes`` before ``pronoun`` in its
        sentence or the two before it, in the same paragraph."""
        wanted = set(classes)
        first_sentence = self.sentence_index(pronoun)
        start = self.sentences[max(first_sentence - 2, 0)].start
        blocks = self.doc.user_data.get("medlint_blocks") or ()
        block_start = max((b for b, _e, _k in blocks if b <= pronoun.idx), default=0)
        candidates: list[Span] = []
        for i in range(pronoun.i - 1, start - 1, -1):
            if self.doc[i].idx < block_start:
                break
            for span in self.mentions.get(i, ()):
                if span.label_ in wanted and span.end - 1 == i and not self._modifier(span) \
                        and self._agrees(pronoun, span):
                    candidates.append(span)
        # a thing named earlier in the same sentence is what it refers to ("4 g of
        # paracetamol (eight 500 mg tablets)"); across sentences salience (centering): a
        # subject or object is taken up before a noun in a prepositional phrase ("Take the
        # capsules with food. It ..." -> the capsules)
        sentence_start = self.sentences[first_sentence].start
        same = next((c for c in candidates if c.start >= sentence_start), None)
        if same is not None and pronoun.lower_ not in self.lexicon.list(PRONOUNS):
            return same
        if pronoun.dep_ in ("nsubj", "nsubjpass"):
            # a subject takes up the last main clause's subject ("Pilates is great for
            # relieving back pain. It is safe for everyone" -> Pilates)
            subject = next((c for c in candidates if self._main_subject(c)), None)
            if subject is not None:
                return subject
        return next((c for c in candidates if self._salient(c)),
                    candidates[0] if candidates else None)

    @staticmethod
    def _main_subject(span: Span) -> bool:
        """Whether a mention is the subject of its sentence's main verb."""
        root = span.root
        while root.dep_ in ("conj", "appos", "compound") and root.head.i != root.i:
            root = root.head
        return root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT"

    @staticmethod
    def _agrees(pronoun: Token, span: Span) -> bool:
        """Whether a mention can be what a pronoun stands for: "it" takes up one thing, not
        people or a plural ("adults need more of it": not the adults)."""
        if pronoun.lower_ not in ("it", "its", "itself"):
            return True
        return span.label_ != "group" and span.root.tag_ not in ("NNS", "NNPS")

    @staticmethod
    def _salient(span: Span) -> bool:
        """Whether a mention is a subject or an object (or a conjunct of one)."""
        root = span.root
        while root.dep_ in ("conj", "appos", "compound") and root.head.i != root.i:
            root = root.head
        return root.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "ROOT")

    def _modifier(self, span: Span) -> bool:
        """Whether a mention only modifies a noun with a meaning of its own ("a tennis
        ball", "the yoga mat"): that noun, not the mention, is what a pronoun takes up."""
        root = span.root
        if span.label_ not in MODIFIER_CLASSES or root.dep_ not in (
                "compound", "amod", "nmod") or root.head.i < span.end:
            return False
        head = root.head
        vague = self.lexicon.list(GENERIC_NOUNS) | self.lexicon.list(GENERIC_MEDICINES)
        return head.i not in self.mentions and head.lemma_.lower() not in vague


def described_by_apposition(noun: Token, pronoun: Token) -> Token | None:
    """The noun an apposition describes, when a non-restrictive relative clause (", which")
    hangs on a noun inside that apposition's phrase ("the pituitary, a gland at the base of
    the brain, which releases ACTH": the pituitary, not the brain)."""
    if noun.dep_ != "pobj" or pronoun.i == 0 or pronoun.doc[pronoun.i - 1].text != ",":
        return None
    doc = noun.doc
    for up in noun.ancestors:
        if up.pos_ in ("VERB", "AUX"):
            return None
        if up.dep_ == "appos":
            return up.head
        start = up.left_edge.i
        if up.pos_ in ("NOUN", "PROPN") and start >= 2 and doc[start - 1].text == "," and \
                doc[start - 2].pos_ in ("NOUN", "PROPN") and doc[start].dep_ == "det":
            # "the pituitary gland, a gland at the base of the brain, which ...", where the
            # parser made the apposition a second object: the noun before the comma
            return doc[start - 2]
    return None


def keeps_from(verb: Token) -> bool:
    """"keeps urine from flowing", "holds the joint from slipping": a verb with "from" and a
    gerund stops something happening; it does not hold or store what it names."""
    return any(c.dep_ == "prep" and c.lower_ == "from" and any(
        t.dep_ == "pcomp" and t.tag_ == "VBG" for t in c.children) for c in verb.children)


def verb_like(token: Token) -> bool:
    """A verb heading a clause, or a word the small parser mistagged at the head of one
    ("Most cases clear/RB up within months": a root with a subject)."""
    if token.dep_ in ("aux", "auxpass"):
        return False
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ in ("ROOT", "conj", "relcl") and token.pos_ in ("ADV", "NOUN", "ADJ") \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and not any(
            c.dep_ == "cop" for c in token.children) and token.tag_ not in ("JJ", "JJR", "JJS")


def verbs_of(sent: Span) -> Iterator[Token]:
    """The verbs of a sentence that head a clause."""
    for token in sent:
        if verb_like(token):
            yield token


def conjuncts_up(token: Token) -> Token:
    """The first conjunct of a coordination ("rest, ice and raise" -> rest)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _has_negation(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb carries its own negation ("do not take", "never lift")."""
    return any(c.dep_ == "neg" or c.lower_ in lexicon.list(ADVICE_NEGATORS)
               for c in verb.children)


def circumstance_clause(token: Token, lexicon: Lexicon) -> Token | None:
    """The clause of when something happens that ``token`` sits in ("light-headed when you
    stand up quickly", "a lump that may disappear when you lie down"), or None: the nearest
    adverbial clause above it, when it opens with a circumstance word (when, while)."""
    for clause in (token, *token.ancestors):
        if clause.dep_ == "advcl":
            opener = next((c for c in clause.children if c.dep_ in ("mark", "advmod")
                           and c.i < clause.i), None)
            if opener is not None and opener.lower_ in lexicon.list(CIRCUMSTANCES):
                return clause
            return None
    return None


def shares_negation(head: Token, conjunct: Token) -> bool:
    """Whether a negation on ``head`` covers a later conjunct: "never lift boxes or twist
    your back", "don't bend and twist", "do not rinse, spit or poke the socket" (the "or"
    before the last of a list joins them all); not "don't sit still, and walk every hour"
    or "don't rest, but walk"."""
    doc = head.doc
    ccs = sorted((c for t in (head, *head.conjuncts) for c in t.children
                  if c.dep_ == "cc" and c.i > head.i), key=lambda c: c.i)
    before = [c for c in ccs if c.i < conjunct.i]
    cc = before[-1] if before else (ccs[0] if ccs else None)
    if cc is None:
        return False
    if cc.lower_ in ("or", "nor"):
        return True
    return cc.lower_ == "and" and not doc[cc.i - 1].is_punct


def _after_a_meal(noun: Token, lex: Lexicon) -> bool:
    """A time counted from a recurring event ("three hours after a meal"): a phase of its
    own, unlike a time after the article's own event ("two weeks after the sprain"), which
    is only how long."""
    return any(t.dep_ == "prep" and t.lower_ in ("after", "before", "following") and any(
        o.dep_ == "pobj" and o.lower_ in lex.list(MEAL_ANCHORS) for o in t.children)
        for t in noun.children)


def limits(reading: Reading, token: Token) -> tuple[Words | None, Words | None]:
    """The condition ("if the pain spreads") and the phase ("for the first six weeks",
    "after surgery") that limit what the clause of ``token`` says."""
    lex = reading.lexicon
    condition = phase = None
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    # the verbs this one hangs from through complements and conjuncts ("stop taking it":
    # a condition on "stop" limits "taking")
    chain = [verb]
    up = verb
    while up.dep_ in ("conj", "xcomp", "ccomp") and up.head.i != up.i:
        up = up.head
        chain.append(up)
    # "Stop taking it and get help if ...": a condition after the last of coordinated
    # steps holds for all of them
    # ... unless that step is negated and this one is not ("take it with food, and do not
    # take it if you have asthma": the condition belongs to the warning only)
    negated = _has_negation(verb, lex)
    for link in list(chain):
        chain += [c for c in link.conjuncts if c not in chain and c.i > verb.i
                  and (_has_negation(c, lex) == negated or (
                      negated and not _has_negation(c, lex) and shares_negation(verb, c)))]
    for up in chain:
        for child in up.children:
            if child.dep_ == "advmod" and child.lower_ == "soon" and phase is None and any(
                    c.dep_ == "advcl" for c in child.children):
                # "as soon as you get home", parsed under "soon"
                phase = Words.of(list(child.subtree), lemma="as soon as")
                continue
            if child.dep_ == "advmod" and phase is None and " ".join(
                    t.lower_ for t in child.subtree) in lex.list(IMMEDIATE):
                phase = Words.of(list(child.subtree), lemma=child.lower_)  # "straight away"
                continue
            if child.dep_ == "advmod" and phase is None and child.lower_ in lex.list(
                    LATER_ADVERBS):
                phase = Words.of([child], lemma="after")  # "Afterwards, empty your bladder"
                continue
            if child.dep_ in ("advcl", "xcomp") and child.i > up.i and condition is None and \
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children) and \
                    not any(c.dep_ == "mark" for c in child.children) and up.lemma_.lower() \
                    not in lex.list(PURPOSE_HEADS):
                # "never use them to replace your treatment": a purpose limits the advice
                condition = Words.of(list(child.subtree), lemma="to")
                continue
            if child.dep_ == "advcl":
                # "if"/"after" are marks; "when"/"whenever" are adverbs of the clause
                mark = next((c for c in child.children if c.dep_ == "mark"), None) or next(
                    (c for c in child.children if c.dep_ == "advmod" and c.tag_ == "WRB"
                     and c.i < child.i), None)
                if mark is None:
                    continue
                if mark.lower_ == "as" and any(c.dep_ == "advmod" and c.lower_ == "soon"
                                               for c in child.children) and phase is None:
                    # "as soon as you get home": a time, not a manner
                    phase = Words.of(list(child.subtree), lemma="as soon as")
                    continue
                if mark.lower_ in lex.list(CONDITION_MARKS) and condition is None:
                    condition = Words.of(list(child.subtree), lemma=mark.lower_)
                elif mark.lower_ in lex.list(PHASE_MARKS) and phase is None:
                    phase = Words.of(list(child.subtree), lemma=mark.lower_)
            elif child.dep_ == "prep" and child.lower_ in lex.list(PHASE_MARKS) \
                    and phase is None:
                pobj = next((t for t in child.children if t.dep_ in ("pobj", "pcomp")), None)
                if pobj is None and child.lower_ in lex.list(EVENT_MARKS) and any(
                        c.dep_ == "prep" and c.lower_ in lex.list(EVENT_MARKS)
                        for c in child.children):
                    # "until after the scan": a time bounded by an event
                    phase = Words.of(list(child.subtree), lemma=child.lower_)
                    continue
                if pobj is not None and (pobj.lemma_.lower() in lex.list(PHASE_NOUNS)
                                         or pobj.tag_ == "VBG" or any(
                            t.lower_ in ("first", "next", "last") for t in pobj.children)
                                         or _after_a_meal(pobj, lex)):
                    # "for the first 24 hours", "for three hours after a meal"
                    phase = Words.of(list(child.subtree), lemma=child.lower_)
    return condition, phase
