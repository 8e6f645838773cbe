"""Advice frames: what the reader (or a group of readers) is told to do or not to do.

Read from the parse, in every shape docs/frames.md lists: imperatives ("Take it with
food"), modals ("you should", "children under 12 should not"), needs ("people with diabetes
need to check their feet"), "try / remember / make sure to", "it is important / best / fine /
dangerous to", recommendations ("doctors recommend that you ..."; "adults are advised to"),
permissions ("you can pick them up in any supermarket"), "no need to", "avoid / stop /
never", advice about a thing in the passive ("the splint should be worn for two weeks"), and
first-person stories the article offers as a model ("I stopped my tablets and felt great;
give it a go"). Every word that decides a frame comes from ``rules/lexicon/core.yaml``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from pipeline.knowledge.lexicon import declare
from pipeline.nlp.components.instructions import instruction_heads
from pipeline.nlp.frames import Advice, Frame, Words
from pipeline.nlp.readers.base import (
    ADVICE_NEGATORS,
    AVOID_VERBS,
    CONDITION_MARKS,
    CONTRAST_WORDS,
    PHASE_MARKS,
    READER_SUBJECTS,
    STOP_VERBS,
    Reading,
    limits,
    shares_negation,
)

MODALS_STRONG = declare("modals_strong", "modals of obligation (should, must)")
MODALS_WEAK = declare("modals_weak", "modals of permission or possibility (can, may)")
METHOD_NOUNS = declare("method_nouns", "nouns for a way of doing something (approach, way, "
                       "thing to do)")
SELF_RECOMMENDING = declare("self_recommending_nouns", "method nouns that recommend what "
                            "they name with no adjective (the trick, my advice)")
BEST_METHOD_WORDS = declare("best_method_words", "adjectives that recommend a method (best, "
                            "simplest, safest)")
WORST_WORDS = declare("worst_words", "adjectives that warn against a method (worst, wrong)")
ADVICE_HEADS = declare("advice_heads", "verbs whose to-complement is the advice (try, remember)")
NEED_VERBS = declare("need_verbs", "verbs of necessity with a to-complement (need, have)")
NORMATIVE_ADJ = declare("normative_adjectives", "it is ... to V: advice to do (important)")
PERMISSIVE_ADJ = declare("permissive_adjectives", "it is ... to V: permission (fine, safe)")
WARNING_ADJ = declare("warning_adjectives", "it is ... to V: advice against (dangerous)")
RECOMMEND_VERBS = declare("recommend_verbs", "verbs of recommending (recommend, advise)")
AVAILABILITY_VERBS = declare("availability_verbs",
                             "you can ... : the reader's options (buy, get, find)")
THIRD_PARTIES = declare("third_parties", "subjects that are others, not the reader")
ENDORSEMENTS = declare("endorsements", "words that offer a first-person story as a model")
NEED_NOUNS = declare("need_nouns", "nouns of need: there is no need / reason to ...")
EXPERIENCE_VERBS = declare("experience_verbs", "verbs of what happens to the reader, not "
                           "what they do (you may feel, notice, develop)")
PLAIN_ADVERBS = declare("plain_adverbs", "adverbs that do not change what is advised (also, "
                        "just, always)")
STATE_VERBS = declare("state_verbs", "verbs that keep something in a state (keep it raised)")
ACT_PARTICLES = declare("act_particles", "particles that make a phrasal act ('take off', "
                        "'keep on', 'cut out')")
CHANGE_VERBS = declare("medicine_change_verbs", "verbs that change how a medicine is taken "
                       "(skip, double, halve, taper)")
PROFESSIONALS = declare("professional_words", "words that bring a clinician into advice "
                        "(doctor, GP, pharmacist)")
CAUTIONARY = declare("cautionary_words", "words that tell a first-person story as a warning, "
                     "not a model (mistake, regret)")
EVERYONE = declare("everyone_subjects", "subjects that include the reader (anyone, everyone)")


#: what a writer's present routine must take or use to be shared as a model
HABIT_KINDS = frozenset({"medicine", "supplement", "remedy"})


@dataclass(frozen=True, slots=True)
class Mode:
    """How a verb is advised: the form, polarity and strength, and where the advice's words
    start (a leading "try to", "it is important to", "don't")."""

    form: str
    polarity: str
    strength: str
    first: int
    group: Token | None = None
    topic: Token | None = None
    change: str | None = None


def _lead(sent: Span) -> int:
    """How many tokens open the sentence before its first word (list markers, quotes)."""
    return next((i for i, t in enumerate(sent) if t.is_alpha), 0)


def _opens_after_colon(verb: Token) -> bool:
    """Whether a verb opens what follows a colon, adverbs apart ("My advice is the same:
    just stop your statin"): a command after a label, however the parser hangs it."""
    before = verb.doc[verb.sent.start:verb.i]
    colon = next((t for t in reversed(before) if t.text == ":"), None)
    return colon is not None and all(t.pos_ == "ADV" for t in verb.doc[colon.i + 1:verb.i])


def _own_clause(verb: Token) -> bool:
    """Whether a semicolon stands between a verb and the word the parser hangs it on ("take
    ibuprofen and naproxen together; using the two gives more relief"): the verb heads a
    clause of its own."""
    head = verb.head
    low, high = sorted((verb.i, head.i))
    return head.i != verb.i and any(t.text == ";" for t in verb.doc[low + 1:high])


def _compound_start(token: Token) -> bool:
    """Whether ``token`` opens a hyphenated word ("Sit-ups", "push-ups", "warm-up"): the
    word is a noun, whatever the tagger made of its first part."""
    doc = token.doc
    return not token.whitespace_ and token.i + 2 < len(doc) and doc[token.i + 1].text == "-" \
        and not doc[token.i + 1].whitespace_ and doc[token.i + 2].is_alpha


class AdviceReader:
    """Read the Advice frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.lex = reading.lexicon
        self.doc = reading.doc
        self._modes: dict[int, Mode | None] = {}

    def frames(self) -> Iterator[Frame]:
        """Every Advice frame of the Doc."""
        for index, sent in enumerate(self.r.sentences):
            heads = {t.i for t, _kind in instruction_heads(sent)}
            for token in sent:
                if token.pos_ not in ("VERB", "AUX") and token.i not in heads and not (
                        token.dep_ == "conj" and any(c.dep_ == "dobj" for c in token.children)):
                    continue
                if token.dep_ in ("aux", "auxpass") or _compound_start(token):
                    continue
                mode = self.mode(token, heads)
                if mode is None:
                    continue
                frame = self._frame(token, mode, index)
                if frame is not None:
                    yield frame
            yield from self._first_person(sent, index)

    # ------------------------------------------------------------------ modes
    def mode(self, verb: Token, heads: set[int] | None = None) -> Mode | None:
        """How ``verb`` is advised, or None when it is not advice."""
        if verb.i in self._modes:
            return self._modes[verb.i]
        self._modes[verb.i] = None  # guards against cycles in odd parses
        heads = heads if heads is not None else {t.i for t, _k in instruction_heads(verb.sent)}
        found = self._mode(verb, heads)
        lemma = verb.lemma_.lower()
        if found is not None and found.change is None and lemma in self.lex.list(STOP_VERBS):
            # whatever the form ("stop your tablets", "you should stop them", "we suggest
            # you stop the cream"), advice whose own verb stops something changes a course
            found = replace(found, change=lemma)
        self._modes[verb.i] = found
        return found

    def _mode(self, verb: Token, heads: set[int]) -> Mode | None:
        lemma = verb.lemma_.lower()
        if self._in_condition(verb):
            return None
        if verb.dep_ == "acl":
            return self._no_need(verb, heads)
        if verb.dep_ in ("csubj", "nsubj") and verb.tag_ == "VBG":
            return self._gerund_subject(verb)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and self.r.subject(verb) is None:
            return self._participle(verb, heads)
        if verb.dep_ in ("relcl", "amod", "pcomp", "csubj", "csubjpass", "nsubj", "pobj"):
            return None
        if lemma in self.lex.list(EXPERIENCE_VERBS) and not self._negated(verb):
            return None
        subject = self.r.subject(verb)
        if subject is not None and verb.tag_ == "VB" and any(
                t.text == ":" for t in verb.doc[subject.i + 1:verb.i]):
            # "The golden rule my neurologist drilled into me: take it as soon as ...": a
            # label before a colon is no subject; the base-form verb after it commands
            subject = None
        # a verb that only carries the advice of its complement ("try to", "avoid",
        # "it is important to", "we recommend") is no frame itself
        if verb.dep_ in ("xcomp", "ccomp") and not (
                verb.tag_ == "VB" and subject is None and _own_clause(verb)):
            return self._complement_mode(verb, heads)
        if verb.dep_ == "conj":
            head = verb.head
            first_conjunct = verb
            while first_conjunct.dep_ == "conj" and first_conjunct.head.i != first_conjunct.i:
                first_conjunct = first_conjunct.head
            # "you can stop, start or change them": the conjuncts share one subject
            shared = subject is None and any(c.dep_ in ("nsubj", "nsubjpass")
                                             for c in first_conjunct.children)
            own = None if shared else self._own_mode(verb, subject, heads)
            if own is not None and own.polarity == "do" and subject is None and \
                    self._separately_negated(first_conjunct) and \
                    shares_negation(first_conjunct, verb):
                # "never lift heavy boxes or twist your back": the "never" covers both
                return dataclasses.replace(own, polarity="avoid")
            if own is not None:
                return own
            if subject is None and verb.tag_ == "VB" and not any(
                    c.dep_ == "aux" for c in (*verb.children, *head.children)) and \
                    first_conjunct.pos_ in ("VERB", "AUX") and not any(
                        c.dep_ in ("aux", "nsubj", "nsubjpass") for c in first_conjunct.children
                    ) and first_conjunct.dep_ not in ("pcomp", "ccomp", "relcl", "acl") and \
                    self.mode(head, heads) is None and not self._in_condition(head):
                # "..., but if it hurts, ease off and do fewer": a base-form verb with no
                # subject is an imperative even when the parser hangs it on a statement
                return Mode("imperative", "avoid" if self._negated(verb) else "do", "strong",
                            min([verb.i, *(c.i for c in verb.children if c.dep_ == "neg")]))
            if head.pos_ in ("VERB", "AUX") or head.i in heads or head.dep_ == "conj":
                inherited = self.mode(head, heads)
                if inherited is not None and subject is None:
                    negated = self._negated(verb)
                    # "stop taking it and get help": what a stop verb ends is not handed
                    # on to the next step
                    polarity = "avoid" if negated else (
                        "do" if inherited.polarity == "avoid" and (
                            (self._separately_negated(head) and not shares_negation(
                                head, verb)) or inherited.change is not None)
                        else inherited.polarity)
                    return Mode(inherited.form, polarity, inherited.strength,
                                min(verb.left_edge.i, verb.i), inherited.group)
            return None
        return self._own_mode(verb, subject, heads)

    @staticmethod
    def _base_form_opener(verb: Token, auxes: list[Token]) -> bool:
        """A sentence that opens on a verb in its base form with no subject, tagged as a
        past or present form by the small parser ("Finish/VBD the whole course"): an
        imperative."""
        first = next((t for t in verb.sent if not t.is_space and not t.is_punct), None)
        return first is not None and first.i == verb.i and verb.dep_ == "ROOT" and \
            not auxes and verb.tag_ in ("VBD", "VBP", "VBN") and \
            verb.lower_ == verb.lemma_.lower()

    def _own_mode(self, verb: Token, subject: Token | None, heads: set[int]) -> Mode | None:
        lemma = verb.lemma_.lower()
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        modal = next((a for a in auxes if a.lower_ in self.lex.list(MODALS_STRONG)
                      or a.lower_ in self.lex.list(MODALS_WEAK)), None)
        negated = self._negated(verb)
        first = min([verb.i, *(a.i for a in auxes), *(c.i for c in verb.children
                                                      if c.dep_ == "neg")])
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if lemma in self.lex.list(RECOMMEND_VERBS) and not passive:
            return None  # the recommended action carries the frame
        if lemma in self.lex.list(RECOMMEND_VERBS) and passive and subject is not None and \
                not any(c.dep_ in ("xcomp", "ccomp") for c in verb.children) and \
                subject.pos_ in ("NOUN", "PROPN"):
            # "Treatment for head lice is recommended", "... is not recommended"
            first = min(subject.left_edge.i, verb.i)
            return Mode("recommendation", "avoid" if negated else "do", "strong", first,
                        topic=subject)
        if lemma in self.lex.list(NEED_VERBS) and not any(
                c.dep_ in ("xcomp", "ccomp") for c in verb.children) and not (
                lemma == "have" and subject is None and verb.tag_ in ("VB", "VBP")
                and verb.i == verb.sent.start + _lead(verb.sent)):
            # "you may need an inhaler": a Requirement; but "Have a warm drink" opening a
            # sentence is an instruction
            return None
        objects = [c.i for c in verb.children if c.dep_ == "dobj"]
        if lemma in self.lex.list(AVOID_VERBS) | self.lex.list(STOP_VERBS) | \
                self.lex.list(ADVICE_HEADS) and any(
                    c.dep_ in ("xcomp", "ccomp") and not (
                        any(o < c.i for o in objects)
                        and any(a.lower_ == "to" for a in c.children))
                    for c in verb.children):
            return None  # "keep taking it": the complement carries the advice; but in
            # "keep the splint on to let it heal" the to-clause is only the purpose
        if lemma in self.lex.list(NEED_VERBS) and any(
                c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children)
                for c in verb.children):
            return None
        if lemma in ("let", "have", "get") and any(
                c.dep_ == "ccomp" and not any(a.lower_ == "to" for a in c.children)
                for c in verb.children):
            return None  # "let your arm hang": the complement carries the advice
        if subject is None or subject.i < verb.sent.start:
            if verb.i in heads or (verb.tag_ == "VB" and not auxes and (
                    verb.dep_ == "ROOT" or _opens_after_colon(verb) or _own_clause(verb))) \
                    or self._base_form_opener(verb, auxes):
                if verb.sent.text.rstrip().endswith("?"):
                    return None
                polarity = "avoid" if negated or lemma in self.lex.list(AVOID_VERBS) else "do"
                return Mode("imperative", polarity, "strong", first,
                            change=lemma if lemma in self.lex.list(STOP_VERBS) else None)
            if passive and modal is not None:
                return None
            return None
        sub = subject.lower_
        group = None
        reader = sub in self.lex.list(READER_SUBJECTS)
        if not reader:
            if self._third_party(subject) and modal is None:
                return None
            mention = self.r.mention(subject)
            if subject.lower_ in self.lex.list(EVERYONE) or (
                    mention is not None and mention.label_ == "group"):
                group = subject
            elif passive and modal is not None and modal.lower_ in self.lex.list(
                    MODALS_STRONG) and self._usable(subject):
                # "the splint should be worn": advice about a thing the reader uses
                return Mode("normative", "avoid" if negated else "do", "strong",
                            min(first, subject.left_edge.i), topic=subject)
            else:
                return None
        if passive and lemma in self.lex.list(RECOMMEND_VERBS) | {"encourage", "tell", "ask"}:
            return None  # "adults are advised to ...": the complement carries it
        if modal is None:
            return None
        strong = modal.lower_ in self.lex.list(MODALS_STRONG)
        if negated:
            if not strong and modal.lower_ in ("may", "might", "could"):
                return None  # "you may not notice it": a statement, not advice
            polarity = "avoid"
        else:
            polarity = "do" if strong else "may"
        if lemma in self.lex.list(AVOID_VERBS):  # "people with asthma should avoid it"
            polarity = "do" if negated else "avoid"
        form = "normative"
        if not strong and lemma in self.lex.list(AVAILABILITY_VERBS):
            form = "descriptive"
        return Mode(form, polarity, "strong" if strong else "weak",
                    min(first, subject.left_edge.i) if group is not None else first, group)

    def _no_need(self, verb: Token, heads: set[int]) -> Mode | None:
        """"There's no need to see a doctor", "there is no reason to worry": an action
        said to be unnecessary, as the clause of a negated noun of need."""
        noun = verb.head
        if noun.lemma_.lower() not in self.lex.list(NEED_NOUNS) or (not any(
                c.lower_ in ("no",) or c.dep_ == "neg" for c in noun.children) and not any(
                c.dep_ == "neg" for c in noun.head.children)):
            return None
        first = min(noun.left_edge.i, noun.head.i if noun.head.lemma_ == "be" else noun.i)
        subject = self.r.subject(noun.head) if noun.head.lemma_ == "be" else None
        if subject is not None and subject.dep_ == "expl":
            first = min(first, subject.i)
        return Mode("normative", "no_need", "strong", first)

    def _complement_mode(self, verb: Token, heads: set[int]) -> Mode | None:
        """``verb`` is the complement of another word: "try to walk", "avoid lifting",
        "stop taking", "it is important to rest", "we recommend that you wear", "adults are
        advised to have", "you don't need to see", "make sure you drink"."""
        head = verb.head
        if head.lower_ == "sure" and head.head.lemma_.lower() in ("make", "be"):
            head = head.head  # "make sure (that) you drink ...", parsed under "sure"
        lemma = head.lemma_.lower()
        if verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to"
                                        for c in verb.children) and any(
                c.dep_ == "dobj" and c.i < verb.i for c in head.children):
            # "try some of these treatments to bring you relief": with its own object the
            # head is the advice, and the to-clause only its purpose
            return None
        own_subject = self.r.subject(verb)
        if own_subject is not None and own_subject.lower_ not in self.lex.list(
                READER_SUBJECTS) and verb.dep_ == "ccomp" and lemma not in ("let", "have",
                                                                            "get", "make"):
            return None
        if lemma in ("let", "have", "get") and verb.dep_ == "ccomp" and not any(
                c.lower_ == "to" for c in verb.children):
            # "Let your arm hang down", "have the person sit forward"
            outer = self._bare_imperative(head, heads)
            return outer
        negated_here = self._negated(verb)
        method = self._method_mode(head, negated_here) if lemma == "be" and \
            verb.dep_ == "xcomp" else None
        if method is not None:
            return method
        if lemma in self.lex.list(AVOID_VERBS):
            outer = self.mode(head, heads) or self._bare_imperative(head, heads)
            if outer is None:
                return None
            polarity = "do" if outer.polarity == "avoid" else "avoid"
            return Mode(outer.form, polarity, outer.strength, outer.first, outer.group)
        if lemma in self.lex.list(STOP_VERBS):
            outer = self.mode(head, heads) or self._bare_imperative(head, heads)
            if outer is None:
                return None
            polarity = "do" if outer.polarity == "avoid" else "avoid"
            return Mode(outer.form, polarity, outer.strength, outer.first, outer.group,
                        change=lemma)
        if lemma in self.lex.list(ADVICE_HEADS) or (lemma in ("make", "be") and any(
                c.lower_ == "sure" for c in head.children)):
            outer = self.mode(head, heads) or self._bare_imperative(head, heads)
            if outer is None:
                return None
            polarity = "avoid" if negated_here else outer.polarity
            strength = "weak" if lemma == "try" else outer.strength
            return Mode(outer.form, polarity, strength, outer.first, outer.group)
        if lemma in self.lex.list(NEED_VERBS) and any(c.lower_ == "to" for c in verb.children):
            subject = self.r.subject(head)
            negated = self._negated(head)
            if subject is None and not (head.i in heads or head.tag_ == "VB"):
                return None
            group = None
            if subject is not None and subject.lower_ not in self.lex.list(READER_SUBJECTS):
                mention = self.r.mention(subject)
                if (mention is None or mention.label_ != "group") and \
                        subject.lower_ not in self.lex.list(EVERYONE):
                    return None
                group = subject
            first = min([head.i, *(c.i for c in head.children if c.dep_ in ("aux", "neg"))])
            if group is not None:
                first = min(first, group.left_edge.i)
            if negated:
                if verb.lemma_.lower() in self.lex.list(AVOID_VERBS):
                    # "you don't need to avoid milk": milk is allowed
                    return Mode("normative", "may", "weak", first, group)
                return Mode("normative", "no_need", "strong", first, group)
            return Mode("normative", "avoid" if negated_here else "do", "strong", first, group)
        if head.pos_ in ("AUX",) or lemma == "be":
            adjective = next((c for c in head.children if c.dep_ in ("acomp", "attr")), None)
            if adjective is None:
                return None
            words = {adjective.lower_, *(t.lower_ for t in adjective.subtree)}
            negated = self._negated(head) or any(c.dep_ == "neg" for c in adjective.children)
            subject = self.r.subject(head)
            if subject is None or subject.lower_ not in ("it", "this", "that"):
                return None
            first = subject.i
            if words & self.lex.list(WARNING_ADJ) or (adjective.lower_ == "idea" and any(
                    t.lower_ in ("bad", "unwise") for t in adjective.children)):
                return Mode("normative", "do" if negated else "avoid", "strong", first)
            if words & self.lex.list(NORMATIVE_ADJ):
                polarity = "no_need" if negated else ("avoid" if negated_here else "do")
                return Mode("normative", polarity, "strong", first)
            if words & self.lex.list(PERMISSIVE_ADJ):
                if negated:
                    return Mode("normative", "avoid", "strong", first)
                return Mode("normative", "avoid" if negated_here else "may", "weak", first)
            return None
        if lemma in self.lex.list(RECOMMEND_VERBS) or lemma in ("encourage", "tell", "ask",
                                                                "urge"):
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
            negated = self._negated(head)
            if passive:
                subject = self.r.subject(head)
                group = None
                if subject is not None and subject.lower_ not in self.lex.list(
                        READER_SUBJECTS):
                    mention = self.r.mention(subject)
                    if mention is None or mention.label_ != "group":
                        return None
                    group = subject
                first = min(head.i, subject.left_edge.i if subject is not None else head.i)
                return Mode("normative", "avoid" if negated or negated_here else "do",
                            "strong", first, group)
            recommender = self.r.subject(head)
            if recommender is not None and self._third_party(recommender) and \
                    self.r.mention(recommender) is None:
                return None
            if any(c.dep_ == "aux" and c.lower_ in self.lex.list(MODALS_WEAK)
                   for c in head.children):
                return None  # "your doctor may advise you to ...": what a clinician may do
            first = min(head.i, recommender.left_edge.i if recommender is not None else head.i)
            # "doctors advise avoiding ibuprofen": the recommended act is itself avoiding
            avoided = (negated or negated_here) != (verb.lemma_.lower() in self.lex.list(
                AVOID_VERBS))
            return Mode("recommendation", "avoid" if avoided else "do", "strong", first)
        return None

    def _method_mode(self, copula: Token, negated: bool) -> Mode | None:
        """"The simplest approach is to stop ...", "the best thing to do is to rest", "the
        worst thing you can do is to stop": a way of doing things judged best or worst, and
        what it is."""
        subject = self.r.subject(copula)
        lemma = subject.lemma_.lower() if subject is not None else ""
        if subject is None or lemma not in self.lex.list(METHOD_NOUNS) | self.lex.list(
                SELF_RECOMMENDING):
            return None
        judged = {c.lower_ for c in subject.children if c.dep_ == "amod"}
        if judged & self.lex.list(WORST_WORDS):
            polarity = "do" if negated else "avoid"
        elif judged & (self.lex.list(BEST_METHOD_WORDS)) or lemma in self.lex.list(
                SELF_RECOMMENDING):
            # "the trick is to swallow it early", "my advice is to rest"
            polarity = "avoid" if negated else "do"
        else:
            return None
        return Mode("normative", polarity, "strong", subject.left_edge.i)

    def _bare_imperative(self, verb: Token, heads: set[int]) -> Mode | None:
        """"Try", "avoid", "remember" as the imperative that carries its complement."""
        if self.r.subject(verb) is not None:
            subject = self.r.subject(verb)
            assert subject is not None
            if subject.lower_ not in self.lex.list(READER_SUBJECTS):
                return None
            modal = next((c for c in verb.children if c.dep_ == "aux" and (
                c.lower_ in self.lex.list(MODALS_STRONG)
                or c.lower_ in self.lex.list(MODALS_WEAK))), None)
            if modal is None:
                return None
            strong = modal.lower_ in self.lex.list(MODALS_STRONG)
            return Mode("normative", "avoid" if self._negated(verb) else "do",
                        "strong" if strong else "weak", min(verb.i, modal.i))
        if verb.i in heads or (verb.tag_ == "VB" and verb.dep_ in ("ROOT", "conj")):
            first = min([verb.i, *(c.i for c in verb.children if c.dep_ in ("aux", "neg"))])
            return Mode("imperative", "avoid" if self._negated(verb) else "do", "strong",
                        first)
        return None

    def _gerund_subject(self, verb: Token) -> Mode | None:
        """"Keeping the eye moist is important", "Drinking alcohol is not recommended": a
        gerund as the subject of a normative or warning predicate."""
        head = verb.head
        if head.lemma_.lower() != "be":
            return None
        adjective = next((c for c in head.children if c.dep_ in ("acomp", "attr")), None)
        if adjective is None:
            return None
        words = {t.lower_ for t in adjective.subtree}
        negated = self._negated(head)
        first = verb.left_edge.i
        if words & self.lex.list(WARNING_ADJ):
            return Mode("normative", "do" if negated else "avoid", "strong", first)
        if words & self.lex.list(NORMATIVE_ADJ) and adjective.lower_ != "good":
            return Mode("normative", "no_need" if negated else "do", "strong", first)
        return None

    def _participle(self, verb: Token, heads: set[int]) -> Mode | None:
        """"Keeping your shoulders on the floor, roll your knees", "walk up the stairs,
        holding the rail": a participle phrase of an advised step is part of the advice."""
        if any(c.dep_ == "mark" for c in verb.children):
            return None
        head = verb.head
        outer = self.mode(head, heads)
        if outer is None:
            return None
        return Mode(outer.form, "avoid" if self._negated(verb) else "do", outer.strength,
                    verb.left_edge.i if verb.i < head.i else verb.i, outer.group)

    def _usable(self, subject: Token) -> bool:
        """Whether a thing is something the reader takes, uses or does (a passive "should
        be worn" is advice about it) or a sign to act on ("chest pain should be checked")."""
        mention = self.r.mention(subject) or next(
            (self.r.mention(t) for t in subject.subtree if self.r.mention(t) is not None), None)
        return mention is not None and mention.label_ not in ("group", "professional",
                                                              "care_setting", "condition")

    # ------------------------------------------------------------------ tests
    def _negated(self, verb: Token) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in self.lex.list(ADVICE_NEGATORS)
                   for c in verb.children if c.i < verb.i or c.dep_ == "neg")

    def _separately_negated(self, verb: Token) -> bool:
        return any(c.dep_ == "neg" for c in verb.children)

    def _in_condition(self, verb: Token) -> bool:
        """Whether a verb heads a condition or phase clause ("if you feel dizzy")."""
        for token in (verb, *verb.ancestors):
            if any((c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB"
                                         and c.i < token.i))
                   and (c.lower_ in self.lex.list(CONDITION_MARKS)
                        or c.lower_ in self.lex.list(PHASE_MARKS))
                   for c in token.children):
                return True
            if token.dep_ in ("ROOT", "ccomp", "advcl") and token.i != verb.i:
                break
        return False

    def _third_party(self, subject: Token) -> bool:
        words = {t.lower_ for t in subject.subtree}
        return bool(words & self.lex.list(THIRD_PARTIES)) or subject.lower_ in self.lex.list(
            THIRD_PARTIES)

    # ------------------------------------------------------------------ frames
    def _frame(self, verb: Token, mode: Mode, index: int) -> Advice | None:
        # a particle, or a preposition left without an object ("keep the stockings on
        # overnight", as the parser often reads it)
        action_tokens = [verb, *(c for c in verb.children if c.dep_ == "prt" or (
            c.dep_ == "prep" and c.i > verb.i and c.lower_ in self.lex.list(ACT_PARTICLES)
            and not any(g.dep_ == "pobj" for g in c.children)))]
        topic_token = mode.topic
        objects = self.r.objects(verb)
        if topic_token is None and objects:
            topic_token = objects[0]
        topic: Words | None = None
        if topic_token is not None:
            if self.r.pronoun(topic_token):
                antecedent = self.r.antecedent(topic_token)
                if antecedent is not None:
                    base = Words.of(topic_token)
                    named = self.r.topic_words(antecedent.root)
                    topic = Words(start=base.start, end=base.end, text=base.text,
                                  first_token=base.first_token, last_token=base.last_token,
                                  lemma=named.lemma, concept=named.concept, kind=named.kind)
                else:
                    topic = Words.of(topic_token, lemma=topic_token.lower_)
            else:
                topic = self.r.topic_words(topic_token)
            if topic_token.i > verb.i and mode.topic is None:
                action_tokens.extend(self.r.phrase_tokens(topic_token))
                if topic_token.dep_ == "pobj":
                    action_tokens.append(topic_token.head)
        else:
            kinds = self.r.lexicon.classes_of(verb.lemma_.lower()) or \
                self.r.lexicon.classes_of(verb.lower_)
            kind = next((k for k in ("exercise", "activity") if k in kinds), None)
            if kind is not None:
                topic = Words.of(verb, lemma=verb.lemma_.lower(), concept=verb.lemma_.lower(),
                                 kind=kind)
        if topic is None and verb.lemma_.lower() in ("be", "do", "have", "get", "make"):
            return None
        lemma = verb.lemma_.lower()
        if lemma in self.lex.list(STATE_VERBS):
            # "keep the wound covered", "keep it raised": the state is the action
            state = next((c for c in verb.children if c.dep_ in ("ccomp", "oprd", "acomp",
                                                                  "xcomp")
                          and c.tag_ in ("VBN", "JJ")), None) or next(
                (c for o in verb.children if o.dep_ == "dobj" for c in o.children
                 if c.dep_ in ("acl", "amod") and c.tag_ == "VBN" and c.i > o.i), None)
            if state is not None:
                lemma = state.lemma_.lower()
                action_tokens.append(state)
        action = Words.of(action_tokens, lemma=lemma)
        condition, phase = limits(self.r, verb)
        manner = self._manner(verb, topic_token, condition, phase)
        receiver = self.r.recipient(verb) if mode.group is None else None
        group = Words.of(list(mode.group.subtree)) if mode.group is not None else \
            Words.of(list(receiver.subtree)) if receiver is not None else None
        first = min(mode.first, action.first_token)
        last = max(action.last_token, verb.i)
        start = self.doc[first].idx
        end = self.doc[last].idx + len(self.doc[last])
        speaker = "quoted" if "quoted" in self.r.context(verb.i, verb.i) else "writer"
        # the words of a condition or phase clause are slots, not context of the advice
        limits_tokens = [i for w in (condition, phase) if w is not None
                         for i in range(w.first_token, w.last_token + 1)]
        context = self.r.context(first, last, ignore=limits_tokens) - {"negated"}
        return Advice(
            start=start, end=end, first_token=first, last_token=last, sentence=index,
            context=context, reader="advice", action=action, topic=topic,
            polarity=mode.polarity,  # type: ignore[arg-type]
            strength=mode.strength,  # type: ignore[arg-type]
            form=mode.form,  # type: ignore[arg-type]
            condition=condition, phase=phase, group=group,
            speaker=speaker,  # type: ignore[arg-type]
            manner=manner, change=mode.change)

    def _manner(self, verb: Token, topic: Token | None, condition: Words | None,
                phase: Words | None) -> Words | None:
        """How, with what or where an action is advised ("directly on the skin", "with
        other NSAIDs", "with food"): its prepositional and adverbial modifiers, leaving out
        the object, the condition, the phase and amounts."""
        taken: set[int] = set()
        for words in (condition, phase):
            if words is not None:
                taken.update(range(words.first_token, words.last_token + 1))
        parts: list[Token] = []
        holders = [verb] + [c for h in (verb, topic) if h is not None for c in h.children
                            if c.dep_ in ("acl", "ccomp", "oprd", "xcomp") and c.tag_ == "VBN"]
        for child in (c for h in holders for c in h.children):
            if child.dep_ not in ("prep", "advmod") or child.i in taken:
                continue
            if topic is not None and topic.head.i == child.i:
                continue  # "switch to decaf": the object
            tokens = list(child.subtree)
            if any(t.like_num for t in tokens) or child.lower_ in self.lex.list(PHASE_MARKS):
                continue
            if child.dep_ == "advmod" and child.lower_ in self.lex.list(PLAIN_ADVERBS):
                continue
            parts.extend(tokens)
        if topic is not None:
            for child in topic.children:  # "ice directly on the skin" hung on the object
                if child.dep_ == "prep" and child.i not in taken and child.lower_ not in (
                        "of",):
                    parts.extend(child.subtree)
        return Words.of(parts) if parts else None

    def _first_person(self, sent: Span, index: int) -> Iterator[Advice]:
        """"I stopped my tablets over a weekend and felt great - give it a go": a story
        about what the writer did, offered to the reader as a model in the same or the next
        sentence."""
        if not any(t.lower_ == "i" for t in sent):
            return
        endorsed = self._endorsed(sent)
        for verb in sent:
            if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN", "VBP"):
                continue
            subject = self.r.subject(verb)
            if subject is None or subject.lower_ != "i":
                continue
            if not endorsed and not (verb.tag_ == "VBP" and self._habit(verb)) and \
                    not self._own_change(verb, sent):
                continue
            objects = self.r.objects(verb)
            stop = verb.lemma_.lower() in self.lex.list(STOP_VERBS)
            target = verb
            xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            if stop and xcomp is not None:
                target = xcomp
                objects = self.r.objects(xcomp)
            if not objects and not self.r.lexicon.classes_of(target.lemma_.lower()):
                continue
            topic = self.r.topic_words(objects[0]) if objects else Words.of(
                target, lemma=target.lemma_.lower(), kind="activity")
            if topic.kind is None:
                continue
            tokens = [verb, *(self.r.phrase_tokens(objects[0]) if objects else [])]
            action = Words.of(tokens, lemma=target.lemma_.lower())
            first = min(subject.i, action.first_token)
            last = action.last_token
            yield Advice(
                start=self.doc[first].idx, end=self.doc[last].idx + len(self.doc[last]),
                first_token=first, last_token=last, sentence=index,
                context=self.r.context(first, last) - {"negated"}, reader="advice.story",
                action=action, topic=topic, polarity="avoid" if stop else "do",
                strength="weak", form="first_person", speaker="first_person",
                change=verb.lemma_.lower() if stop else None)

    def _own_change(self, verb: Token, sent: Span) -> bool:
        """"Once the triptans were working I stopped my propranolol myself": the writer
        changed a medicine on their own, told as what they did, not as a warning (no
        clinician in the sentence, nothing cautionary in it or the next, which does not
        turn with "but")."""
        lemma = verb.lemma_.lower()
        if lemma not in self.lex.list(STOP_VERBS) | self.lex.list(CHANGE_VERBS) or any(
                c.dep_ == "neg" for c in verb.children) or \
                "heading" in self.r.context(verb.i, verb.i):
            return False  # a title ("Why I Quit My Statin") announces the story it heads
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        objects = self.r.objects(xcomp if xcomp is not None else verb)
        if not any(self.r.topic_words(o).kind == "medicine" for o in objects):
            return False
        index = self.r.sentence_index(sent.start)
        window = [sent, *self.r.sentences[index + 1:index + 2]]
        words = {t.lower_ for s in window for t in s}
        text = " " + " ".join(t.lower_ for s in window for t in s) + " "
        if words & self.lex.list(CAUTIONARY) or any(
                f" {w} " in text for w in self.lex.list(PROFESSIONALS)):
            return False
        following = window[1:]
        return not (following and following[0][0].lower_ in self.lex.list(CONTRAST_WORDS))

    def _habit(self, verb: Token) -> bool:
        """"I take two 400 mg ibuprofen four times a day", "I use a decongestant spray every
        night": the writer's own present routine with a medicine, supplement or remedy,
        shared as what works (a forum post, a blog's "what I do")."""
        if any(c.dep_ in ("aux", "neg") for c in verb.children):
            return False  # "I don't take it", "I can't take it"
        return any(self.r.topic_words(o).kind in HABIT_KINDS for o in self.r.objects(verb))

    def _endorsed(self, sent: Span) -> bool:
        """Whether a first-person sentence is offered as a model (here or next sentence)."""
        if not any(t.lower_ == "i" for t in sent):
            return False
        index = self.r.sentence_index(sent.start)
        window = [sent]
        if index + 1 < len(self.r.sentences):
            window.append(self.r.sentences[index + 1])
        words = {t.lower_ for s in window for t in s}
        endorsements = self.lex.list(ENDORSEMENTS)
        text = " " + " ".join(t.lower_ for s in window for t in s) + " "
        return any(f" {e} " in text for e in endorsements if " " in e) or bool(
            words & {e for e in endorsements if " " not in e})
