"""Evaluation frames: something judged good, bad, safe, harmful, the best or the only way, or
said to cause, raise or lower the risk of something (docs/frames.md).

Shapes: a verb of the lexicon's classes ``cause``, ``help``, ``harm``, ``prevent``,
``increase`` and ``decrease`` with its subject as the target and its object as the effect
("smoking raises the risk of heart disease", "ice eases swelling", "VUR can lead to
infection", "it interferes with daily life"); the passive and participle forms ("caused by
a blocked artery", "dehydration due to vomiting", "resulting in ..."); "X can help (to)
relieve Y"; a purpose clause ("medicines may be needed to prevent new stones"); a judging
adjective ("aspirin is not safe for children", "antibiotics are useless here", "good for
your heart"); "the best / the only treatment for Y is X"; "there is no cure for Y";
"associated with / linked to Y"; "causes of Y", "risk factors include ...". Every word comes
from ``rules/lexicon/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from pipeline.knowledge.lexicon import declare
from pipeline.nlp.frames import Evaluation, Words
from pipeline.nlp.readers.base import (
    GENERIC_NOUNS,
    NEGATION_ADVERBS,
    READER_SUBJECTS,
    Reading,
    limits,
)

RISK_NOUNS = declare("risk_nouns", "nouns of risk (risk, chance)")
CAUSE_NOUNS = declare("cause_nouns", "nouns of cause (cause, trigger, risk factor)")
CAUSE_LINKS = declare("cause_links", "phrases that name a cause (due to, caused by)")
RISK_LINKS = declare("risk_links", "phrases of association (associated with, linked to)")
SAFE_ADJ = declare("safe_adjectives", "adjectives that call a thing safe")
UNSAFE_ADJ = declare("unsafe_adjectives", "adjectives that call a thing unsafe")
HELPFUL_ADJ = declare("helpful_adjectives", "adjectives that call a thing helpful")
HARM_DENYING_HEADS = declare("harm_denying_heads", "words that deny the harms they govern "
                             "(without side effects, free of risk)")
PARTIAL_QUANTIFIERS = declare("partial_quantifiers", "words that say a claim holds for some, "
                              "not all (in most people, for many users)")
RELATIVE_PRONOUNS = declare("relative_pronouns", "pronouns that open a relative clause "
                            "(which, that, who)")
HARM_NOUNS = declare("harm_nouns", "nouns for a treatment's harms (side effects, risks)")
HARM_DENIALS = declare("harm_denials", "quantifiers that deny or belittle harms (no, hardly "
                       "any, almost no)")
MINIMAL_ADJ = declare("minimal_adjectives", "adjectives that belittle harms (minimal, "
                      "negligible)")
USELESS_ADJ = declare("useless_adjectives", "adjectives that call a thing useless")
BEST = declare("best_words", "words that call a thing the best")
WORST = declare("worst_words", "superlatives that call a thing the worst of its kind for "
                "an effect (worst)")
ONLY = declare("only_words", "words that call a thing the only one")
BY_SUBJECT = declare("no_effect_by_subject", "nouns whose 'no' makes the subject do nothing "
                     "(plays no part, has no effect)")
NONE_WORDS = declare("none_determiners", "determiners that make a noun's amount none or next "
                     "to none (no difference, little effect)")
ANY_WORDS = declare("any_determiners", "determiners that, with a negated verb, make a noun's "
                    "amount none (won't make any difference)")
NO_EFFECT = declare("no_effect_phrases", "phrases that say a thing does nothing (no cure)")
COPULAS = declare("judging_copulas", "verbs that link a thing to its judgement (is the best "
                   "way, remains the best route)")
DAY_PARTS = declare("day_parts", "times of day (morning, evening): a time, not an effect")
NEGATIVE_QUANTIFIERS = declare("negative_quantifiers", "determiners that deny what they "
                               "quantify (no medicine, nothing)")
NEGATIVE_PRONOUNS = declare("negative_pronouns", "pronouns that deny a subject (nothing, "
                            "nobody)")
WORSE_WORDS = declare("worse_words", "complements of 'make X ...' that harm X (worse)")
BETTER_WORDS = declare("better_words", "complements of 'make X ...' that help X (better)")
ONSET_VERBS = declare("onset_verbs", "verbs of a condition starting (happen, occur) whose "
                      "when-clause is its cause")

#: verb class -> judgement
VERB_JUDGEMENT = {"cause": "causes", "help": "helps", "harm": "harms", "prevent": "risk_down",
                  "increase": "causes", "decrease": "helps"}


class EvaluationReader:
    """Read the Evaluation frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.doc = reading.doc
        self.lex = reading.lexicon
        self._links: dict[str, set[str]] = {}
        for phrase in self.lex.list(CAUSE_LINKS) | self.lex.list(RISK_LINKS):
            self._links.setdefault(phrase.split()[0], set()).add(phrase)
        self._verb_phrases: dict[str, str] = {}
        for cls in ("cause", "help", "harm", "prevent", "increase", "decrease"):
            for word in sorted(self.lex.words(cls)):
                self._verb_phrases.setdefault(word, cls)

    def frames(self) -> Iterator[Evaluation]:
        """Every Evaluation frame of the Doc."""
        seen: set[tuple[int, int, str]] = set()
        for index, sent in enumerate(self.r.sentences):
            for token in sent:
                for frame in self._at(token, index):
                    key = (frame.start, frame.end, frame.judgement)
                    if key not in seen:
                        seen.add(key)
                        yield frame

    def _at(self, token: Token, index: int) -> Iterator[Evaluation]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            yield from self._verb(token, index)
            yield from self._happens_when(token, index)
        if token.pos_ == "ADJ" or token.tag_ in ("JJ", "JJS", "JJR"):
            yield from self._adjective(token, index)
        if token.pos_ in ("NOUN", "PROPN"):
            yield from self._noun(token, index)
        if token.pos_ == "PRON":
            yield from self._unrelated(token, index)
        yield from self._link(token, index)

    # ------------------------------------------------------------------ verbs
    def verb_class(self, verb: Token) -> tuple[str | None, Token | None]:
        """The class of a verb (with its particle or preposition: "lead to", "interfere
        with") and the token that completes the phrase."""
        lemma = verb.lemma_.lower()
        for child in verb.children:
            if child.dep_ in ("prt", "prep") and child.i > verb.i:
                phrase = f"{lemma} {child.lower_}"
                if phrase in self._verb_phrases:
                    return self._verb_phrases[phrase], child
            if child.dep_ == "xcomp" and child.i > verb.i and f"{lemma} to" in \
                    self._verb_phrases and any(a.dep_ == "aux" and a.lower_ == "to"
                                               and a.i == child.i - 1 for a in child.children):
                # "can lead to dry skin" parsed as "lead" + the verb "to dry"
                return self._verb_phrases[f"{lemma} to"], child
            if child.dep_ == "dobj":
                phrase = f"{lemma} {child.lemma_.lower()}"
                if phrase in self._verb_phrases:  # "put strain on", "do damage to"
                    prep = next((c for c in child.children if c.dep_ == "prep"), None) or \
                        next((c for c in verb.children if c.dep_ == "prep"
                              and c.i > child.i), None)
                    return self._verb_phrases[phrase], prep
        if lemma == "make" and not any(
                c.dep_ in ("ccomp", "oprd", "xcomp") or (c.dep_ == "advmod" and c.lower_ in (
                    self.lex.list(WORSE_WORDS) | self.lex.list(BETTER_WORDS)))
                for c in verb.children):
            return None, None
        if lemma in ("allow", "produce", "create", "stop", "avoid", "affect", "aid") and \
                not any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
            return None, None
        if lemma == "work" and not any(c.lower_ in ("well", "best", "wonders")
                                       for c in verb.children):
            return None, None
        if lemma in ("stop", "avoid") and verb.dep_ in ("ROOT", "conj") and \
                self.r.subject(verb) is None:
            return None, None  # an instruction ("stop the exercise"), not an evaluation
        return self._verb_phrases.get(lemma), None

    def _verb(self, verb: Token, index: int) -> Iterator[Evaluation]:
        cls, particle = self.verb_class(verb)
        if cls is None:
            return
        if verb.dep_ in ("xcomp", "ccomp") and self.verb_class(verb.head)[0] == "help":
            return  # "can help reduce the risk": read with "help"
        if verb.tag_ == "VB" and self._target(verb, cls) is None and verb.dep_ in (
                "ROOT", "conj") and not any(c.dep_ == "aux" for c in verb.children):
            return  # an instruction ("ease off", "stop the exercise")
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
            verb.dep_ == "conj" and verb.tag_ == "VBN" and any(
                c.dep_ in ("auxpass", "nsubjpass") for c in verb.head.children))
        target_token: Token | None = None
        effect_token: Token | None = None
        if passive or (verb.tag_ == "VBN" and verb.dep_ == "acl"):
            agent = next((t for c in verb.children if c.dep_ == "agent"
                          for t in c.children if t.dep_ == "pobj"), None)
            if agent is None:
                return  # "can be controlled": a course or an outcome, not a cause
            target_token = agent
            effect_token = self.r.subject(verb) or (verb.head if verb.dep_ == "acl" else None)
        else:
            target_token = self._target(verb, cls)
            effect_token = self._effect(verb, particle)
        offered: Token | None = None
        if target_token is not None and target_token.lower_ in self.lex.list(GENERIC_NOUNS) \
                and target_token.dep_ == "attr" and self._exclusive(target_token) is None:
            # "a daily kelp supplement is a natural way to boost the thyroid": what the way
            # is, the copula's subject, offered as that way when the way is qualified
            subject = self._copula_partner(target_token)
            if subject is not None:
                if any(c.dep_ == "amod" for c in target_token.children):
                    offered = target_token
                target_token = subject
        state_judgement: str | None = None
        if cls == "cause":
            # "bed rest makes back pain worse": it harms the back pain
            state = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd",
                                                                  "acomp", "advmod")
                          and c.lower_ in self.lex.list(WORSE_WORDS) | self.lex.list(
                              BETTER_WORDS)), None)
            if state is not None:
                state_judgement = "harms" if state.lower_ in self.lex.list(
                    WORSE_WORDS) else "helps"
                effect_token = next((c for c in state.children if c.dep_ in (
                    "nsubj", "npadvmod", "advmod") and c.pos_ in ("NOUN", "PROPN")),
                    None) or next(
                    (c for c in verb.children if c.dep_ == "dobj"), effect_token)
        if target_token is None or self._anatomy(target_token) or (
                target_token.lower_ in ("it", "this", "that") and target_token.dep_ == "nsubj"
                and target_token.head.lemma_ == "be") or target_token.lower_ in \
                self.r.lexicon.list(READER_SUBJECTS):
            return  # "you can cut a slit": the reader acting, not a thing judged
        if effect_token is not None and cls == "harm" and verb.lemma_.lower() == "affect" and \
                (self._about_people(effect_token) or effect_token.like_num):
            return  # "pneumonia can affect people of all ages": who gets it, not harm
        if effect_token is None and not any(c.dep_ in ("xcomp", "ccomp")
                                            for c in verb.children):
            return  # "the pain increases", "it has not improved": a course, not a judgement
        if effect_token is not None and cls in ("cause", "harm") and any(
                c.dep_ == "det" and c.lower_ == "no" for c in effect_token.children):
            return  # "it causes no side effects": the harms are denied (read as safe)
        judgement = state_judgement or VERB_JUDGEMENT[cls]
        if cls in ("help", "prevent", "cause") and effect_token is None:
            inner = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
            if inner is not None and cls == "help":
                inner_cls, inner_particle = self.verb_class(inner)
                if inner_cls is not None:
                    judgement = VERB_JUDGEMENT[inner_cls]
                    effect_token = self._effect(inner, inner_particle)
                    if effect_token is not None and self._risk(effect_token):
                        judgement = "risk_down" if inner_cls in ("decrease", "prevent") else \
                            "risk_up" if inner_cls == "increase" else judgement
                        effect_token = self._risk_of(effect_token)
        if effect_token is not None and cls in ("increase", "decrease") and \
                self._risk(effect_token):
            judgement = "risk_up" if cls == "increase" else "risk_down"
            effect_token = self._risk_of(effect_token)
        if effect_token is not None and cls == "help" and self._risk(effect_token):
            judgement = "risk_down"
        if cls == "help" and any(c.lower_ in self.lex.list(BEST) for c in verb.children
                                 if c.dep_ == "advmod"):
            judgement = "best"  # "works best"
        only = self._exclusive(target_token) if judgement in ("helps", "best") else None
        if only is not None:
            # "only rest helps", "nothing but rest will help the brain heal": the thing is
            # called the only one that helps ("nothing" is no denial here)
            frame = self._make(only, verb, effect_token, "only", index,
                               first=target_token.left_edge.i)
            yield replace(frame, context=frame.context - {"negated"}) \
                if target_token is not only else frame
            return
        frame = self._make(target_token, verb, effect_token, judgement, index)
        if offered is not None:
            frame = replace(frame, offered=Words.of([t for t in offered.subtree
                                                     if t.i <= offered.i]))
        yield frame

    def _copula_partner(self, noun: Token) -> Token | None:
        """The noun on the other side of a judging copula ("ice is the only thing": ice; "the
        best treatment for Y is X": X), when it names something."""
        if noun.dep_ not in ("nsubj", "attr") or noun.head.lemma_ not in self.lex.list(COPULAS):
            return None
        other = next((c for c in noun.head.children if c.dep_ in ("attr", "nsubj")
                      and c.i != noun.i), None)
        return other if other is not None and other.pos_ in ("NOUN", "PROPN") else None

    def _exclusive(self, target: Token) -> Token | None:
        """The thing a subject calls the only one: "only rest" (rest), "nothing but rest",
        "nothing except ice" (the object of "but" / "except")."""
        words = self.lex.list(ONLY)
        if any(c.dep_ in ("advmod", "amod") and c.lower_ in words for c in target.children):
            if target.lower_ in self.lex.list(GENERIC_NOUNS) and \
                    target.head.lemma_ in self.lex.list(COPULAS):
                # "ice is the only thing that eases a sprain", "the only treatment that
                # works is rest": the other side of the copula
                return self._copula_partner(target)
            return target
        for prep in target.children:
            if prep.dep_ in ("prep", "cc") and f"{target.lower_} {prep.lower_}" in words:
                return next((t for t in prep.children if t.dep_ == "pobj"), None)
        return None

    def _happens_when(self, verb: Token, index: int) -> Iterator[Evaluation]:
        """"It happens when a nerve in the wrist is squeezed", "gout occurs when uric acid
        builds up": the clause after "when" is the cause."""
        if verb.lemma_.lower() not in self.lex.list(ONSET_VERBS):
            return
        subject = self.r.subject(verb)
        clause = next((c for c in verb.children if c.dep_ == "advcl" and any(
            m.lower_ in ("when", "because", "if") and m.dep_ in ("advmod", "mark")
            for m in c.children)), None)
        if subject is None or clause is None or (subject.lower_ in ("this", "that") and \
                subject.dep_ == "expl"):
            return
        yield self._make(clause, verb, subject, "causes", index, first=subject.left_edge.i)

    def _target(self, verb: Token, cls: str) -> Token | None:
        """The thing that causes, helps or harms: the subject (through relative pronouns,
        conjunctions and "X can help (to) ..."); for a purpose clause of prevention ("to
        prevent new stones"), the main subject."""
        subject = self.r.subject(verb)
        if subject is not None:
            if subject.tag_ in ("WDT", "WP") or subject.lower_ in ("which", "that", "who"):
                return self._antecedent(verb.head) if verb.dep_ == "relcl" else None
            return subject
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return self._antecedent(verb.head)
        purpose = any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        if verb.dep_ in ("xcomp", "advcl") and purpose and cls == "prevent" and \
                verb.head.pos_ in ("VERB", "AUX"):
            head_subject = self.r.subject(verb.head)
            if head_subject is not None and head_subject.lower_ not in ("it", "you", "we"):
                return head_subject
            return None
        if verb.dep_ == "xcomp" and self.verb_class(verb.head)[0] == "help":
            return self._target(verb.head, "help")  # "may help relieve ... and prevent ..."
        if verb.dep_ == "conj":
            up = verb.head
            while up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
                up = up.head  # "makes the brain bounce ... and causes": a misparsed noun
            if up.pos_ in ("VERB", "AUX") and up.i != verb.i:
                return self._target(up, cls)
        return None

    def _antecedent(self, head: Token) -> Token:
        """What a relative clause is about: its head noun, or, when that is a body part in
        a prepositional phrase, the noun the phrase belongs to ("curvature of the spine that
        can interfere with breathing", "water loss through the skin, which can lead to
        dry skin"): a body part's own work is a Relation, not an Evaluation."""
        if self._anatomy(head) and head.dep_ == "pobj" and head.head.dep_ == "prep" and \
                head.head.head.pos_ in ("NOUN", "PROPN"):
            return head.head.head
        return head

    def _effect(self, verb: Token, particle: Token | None) -> Token | None:
        if particle is not None and particle.dep_ == "prep":
            return next((t for t in particle.children if t.dep_ == "pobj"), None)
        if particle is not None and particle.dep_ == "xcomp":  # "lead to dry skin"
            return next((t for t in particle.children if t.dep_ == "dobj"), particle)
        for child in verb.children:
            if child.dep_ in ("dobj", "ccomp", "oprd"):
                return child
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("to", "in", "with", "against", "on"):
                pobj = next((t for t in child.children if t.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        return None

    def _risk(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.list(RISK_NOUNS)

    def _risk_of(self, token: Token) -> Token:
        return next((t for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for t in c.children if t.dep_ in ("pobj", "pcomp")), token)

    # ------------------------------------------------------------------ adjectives
    def _adjective(self, adjective: Token, index: int) -> Iterator[Evaluation]:
        """"aspirin is not safe for children", "antibiotics are useless", "good for your
        heart", "the best treatment for a sprain is early movement"."""
        word = _hyphenated(adjective)
        judgement = None
        if word in self.lex.list(SAFE_ADJ):
            judgement = "safe"
        elif word in self.lex.list(UNSAFE_ADJ):
            judgement = "unsafe"
        elif word in self.lex.list(USELESS_ADJ):
            judgement = "no_effect"
        elif word in self.lex.list(BEST) or word == "only":
            judgement = "best" if word != "only" else "only"
        elif word in self.lex.list(WORST) and adjective.dep_ == "amod":
            # "beer is one of the worst drinks for gout": the worst of its kind harms
            yield from self._best_of_kind(adjective, index, "harms")
            return
        elif word in self.lex.list(HELPFUL_ADJ) and adjective.dep_ in ("acomp", "attr"):
            judgement = "helps"
        superlative = adjective.tag_ == "JJS" or any(
            c.dep_ == "advmod" and c.lower_ == "most" for c in adjective.children)
        if superlative and adjective.dep_ == "amod" and (
                judgement in ("safe", "best") or adjective.lemma_.lower() in (
                    self.lex.list(SAFE_ADJ) | self.lex.list(HELPFUL_ADJ))
                or f"most {word}" in self.lex.list(BEST)):
            # "X is the gentlest choice for your kidneys", "one of the most effective
            # treatments for COPD": the best of its kind
            yield from self._best_of_kind(adjective, index)
            return
        if judgement is None:
            return
        predicate = adjective
        while predicate.dep_ == "conj" and predicate.head.i != predicate.i and \
                predicate.head.pos_ == "ADJ":
            predicate = predicate.head  # "is natural and completely safe": the first conjunct
        if predicate.dep_ in ("acomp",) and predicate.head.lemma_ in ("be", "seem", "remain",
                                                                     "prove", "look"):
            verb = predicate.head
            target = self.r.subject(verb)
            up = verb
            while target is None and up.dep_ == "conj" and up.head.i != up.i:
                up = up.head  # "are sensitive ... and are therefore useful"
                target = self.r.subject(up)
            if target is None or (target.lower_ in ("it", "this", "that") and any(
                    c.dep_ == "xcomp" for c in verb.children)):
                clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
                if clause is None:
                    return
                target = clause  # "it is safe to take paracetamol"
            if word in ("good", "bad", "great") and not any(
                    c.dep_ == "prep" and c.lower_ == "for" for c in adjective.children):
                return  # "the outlook is good": not a judgement of a thing to do
            if word == "bad":
                judgement = "harms"
            effect = next((t for c in (*adjective.children, *verb.children)
                           if c.dep_ == "prep" and c.lower_ in ("for", "against", "in",
                                                                "during", "with")
                           for t in c.children if t.dep_ == "pobj"
                           and t.lemma_.lower() not in self.lex.list(DAY_PARTS)), None)
            if self._about_people(target):
                return
            yield self._make(target, adjective, effect, judgement, index)
            return
        if judgement in ("safe", "unsafe", "no_effect") and adjective.dep_ == "amod" and \
                adjective.head.dep_ == "attr" and adjective.head.head.lemma_ == "be":
            # "ear candles are a safe and relaxing way to draw out wax": the predicate noun
            # carries the judgement of the subject
            verb = adjective.head.head
            target = self.r.subject(verb)
            if target is not None and not self._about_people(target) and \
                    target.lower_ not in ("it", "this", "that"):
                effect = next((t for c in adjective.head.children if c.dep_ == "prep"
                               and c.lower_ in ("for", "in", "during", "with")
                               for t in c.children if t.dep_ == "pobj"), None)
                yield self._make(target, adjective, effect, judgement, index,
                                 first=target.left_edge.i)
            return
        if judgement in ("best", "only") and adjective.dep_ == "amod":
            yield from self._named_best(adjective.head, judgement, index)

    def _named_best(self, noun: Token, judgement: str, index: int) -> Iterator[Evaluation]:
        """"The best / only / most effective treatment for Y is X": the other side of the
        copula is judged."""
        other = self._copula_partner(noun)
        if other is None:
            return
        effect = next((t for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"
                       for t in c.children if t.dep_ == "pobj"), None)
        yield self._make(other, noun, effect, judgement, index, first=min(
            noun.left_edge.i, other.left_edge.i))

    def _best_of_kind(self, adjective: Token, index: int,
                      judgement: str = "best") -> Iterator[Evaluation]:
        """"X is (one of) the gentlest / most effective treatments for Y", "X remains the
        best route to Y": the subject judged the best of its kind for the effect."""
        noun = adjective.head
        holder = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and \
                noun.head.head.lower_ == "one":
            holder = noun.head.head  # "one of the most effective treatments"
        if holder.dep_ != "attr" or holder.head.lemma_ not in self.lex.list(COPULAS):
            # "the most effective treatment for a sprain is early movement"
            yield from self._named_best(noun, "best", index)
            return
        verb = holder.head
        target = self.r.subject(verb)
        if target is None or self._about_people(target) or \
                target.lower_ in ("it", "this", "that", "which"):
            return
        effect = next((t for c in noun.children if c.dep_ == "prep"
                       and c.lower_ in ("for", "to", "against") for t in c.children
                       if t.dep_ == "pobj"), None)
        yield self._make(target, noun, effect, judgement, index, first=target.left_edge.i)

    # ------------------------------------------------------------------ nouns
    @staticmethod
    def _amount_before(verb: Token) -> Token | None:
        """The amount that ends right before a verb the parser left without a subject ("for
        most adults up to 11 g of salt a day makes little difference", with the amount
        parsed as a second object of "for"): the verb's subject."""
        before = [t for t in verb.doc[verb.sent.start:verb.i]
                  if any(c.dep_ == "nummod" for c in t.children)
                  and max(x.i for x in t.subtree) == verb.i - 1]
        return before[-1] if before else None

    def _denied_amount(self, noun: Token) -> bool:
        """Whether a noun's amount is none or next to none: "no difference", "little
        difference", "won't make any difference", "does not have much effect"."""
        words = {c.lower_ for c in noun.children if c.dep_ in ("det", "amod", "advmod")}
        if words & self.lex.list(NONE_WORDS):
            return True
        negated = any(c.dep_ == "neg" for c in noun.head.children)
        return negated and bool(words & self.lex.list(ANY_WORDS))

    def _noun(self, noun: Token, index: int) -> Iterator[Evaluation]:
        """"causes of jaw pain", "risk factors include ...", "there is no cure for X"."""
        lemma = noun.lemma_.lower()
        if lemma in self.lex.list(HARM_NOUNS) and (lemma != "effect" or any(
                c.dep_ in ("compound", "amod") and c.lower_ in ("side", "adverse", "unwanted")
                for c in noun.children)):
            yield from self._harms_denied(noun, index)
            return
        doer = self.r.subject(noun.head) if noun.dep_ == "dobj" else None
        if doer is None and noun.dep_ == "dobj":
            doer = self._amount_before(noun.head)
        if doer is not None and self._about_people(doer):
            # "for most adults up to 10 g of salt a day makes little difference", parsed
            # with the amount in apposition to the people it is for
            doer = next((c for c in doer.children if c.dep_ == "appos"
                         and any(g.dep_ == "nummod" for g in c.children)), doer)
        if doer is not None and self._denied_amount(noun) and \
                lemma in self.lex.list(BY_SUBJECT) and not self._about_people(doer) \
                and doer.lower_ not in self.lex.list(READER_SUBJECTS):
            # "sunlight plays no real part in vitamin D", "stretching makes no difference to
            # soreness", "antibiotics have no effect on colds": the subject has no effect
            effect = next((t for c in (*noun.children, *noun.head.children)
                           if c.dep_ == "prep" and c.lower_ in ("in", "to", "on", "for")
                           for t in c.children if t.dep_ == "pobj"), None)
            yield self._make(doer, noun, effect, "no_effect", index, first=doer.left_edge.i)
            return
        if lemma in ("cure", "effect", "benefit", "evidence", "treatment", "use") and any(
                c.lower_ == "no" for c in noun.children) and \
                f"no {lemma}" in self.lex.list(NO_EFFECT):
            effect = next((t for c in noun.children if c.dep_ == "prep"
                           and c.lower_ in ("for", "of", "on") for t in c.children
                           if t.dep_ == "pobj"), None)
            yield self._make(noun, noun, effect, "no_effect", index,
                             first=noun.left_edge.i, target_words=False)
            return
        compound = f"{noun.nbor(-1).lower_} {noun.lower_}" if noun.i > 0 else noun.lower_
        if lemma in self.lex.list(CAUSE_NOUNS) or compound in self.lex.list(CAUSE_NOUNS):
            effect = next((t for c in noun.children if c.dep_ == "prep" and c.lower_ in (
                "of", "for") for t in c.children if t.dep_ == "pobj"), None)
            verb = noun.head if noun.dep_ == "nsubj" else None
            listed = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None) \
                if verb is not None and verb.lemma_.lower() in ("include", "be") else None
            judgement = "risk_up" if "risk" in compound or lemma == "factor" else "causes"
            named = self._cause_named(noun)
            if named is not None and listed is None:
                # "beer is one of the worst triggers for gout", "the main cause of colic
                # is dairy": the other side of the copula is the cause
                yield self._make(named, noun, effect, judgement, index,
                                 first=min(named.left_edge.i, noun.left_edge.i))
                return
            sent = noun.sent
            lead_in = sent.text.rstrip().endswith(":") or sent.start_char in self.r.headings
            if listed is None and not (lead_in and effect is not None):
                return
            yield self._make(listed or noun, noun, effect, judgement, index,
                             first=noun.left_edge.i, target_words=listed is not None)

    def _cause_named(self, noun: Token) -> Token | None:
        """What a cause noun on one side of a judging copula names as the cause: the
        subject of "X is (one of) the main causes of Y", or the other side of "the main
        cause of Y is X"; nothing for a pronoun or for people."""
        holder = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
            holder = noun.head.head  # "one of the worst triggers"
        if any(c.lower_ in self.lex.list(ONLY) for c in noun.children):
            return None  # "smoking is not the only cause of lung cancer" names others too
        if holder.head.lemma_ not in self.lex.list(COPULAS):
            return None
        if holder.dep_ == "attr":
            named = self.r.subject(holder.head)
        elif holder is noun:
            named = self._copula_partner(noun)
        else:
            named = None
        if named is None or named.pos_ not in ("NOUN", "PROPN") or self.r.pronoun(named) \
                or self._about_people(named):
            return None
        return named

    def _unrelated(self, pronoun: Token, index: int) -> Iterator[Evaluation]:
        """"X has nothing to do with Y", "X is nothing to do with Y": X does not cause Y."""
        verb = pronoun.head
        if f"{pronoun.lower_} to do with" not in self.lex.list(NO_EFFECT) or \
                pronoun.dep_ not in ("dobj", "attr") or verb.lemma_ not in ("have", "be"):
            return
        do = next((c for c in pronoun.children if c.lemma_ == "do" and c.dep_ in (
            "relcl", "acl", "xcomp")), None)
        effect = next((t for c in do.children if c.dep_ == "prep" and c.lower_ == "with"
                       for t in c.children if t.dep_ == "pobj"), None) if do else None
        target = self.r.subject(verb)
        if effect is None or target is None or target.pos_ not in ("NOUN", "PROPN") or \
                self.r.pronoun(target) or self._about_people(target):
            return
        frame = self._make(target, verb, effect, "causes", index, first=target.left_edge.i)
        yield replace(frame, context=frame.context | {"negated"})

    def _harms_denied(self, noun: Token, index: int) -> Iterator[Evaluation]:
        """"It has hardly any side effects", "there are almost no risks with these
        capsules", "the side effects of turmeric are minimal": a thing called safe by denying
        or belittling its harms (judgement ``safe``)."""
        doc = noun.doc
        before = " ".join(t.lower_ for t in doc[max(noun.left_edge.i, noun.i - 4):noun.i])
        denied = any(f" {q} " in f" {before} " for q in self.lex.list(HARM_DENIALS))
        head = noun.head
        if not denied and noun.dep_ == "pobj":
            # "without any side effects", "free of side effects"
            denied = head.lower_ in self.lex.list(HARM_DENYING_HEADS) or (
                head.lower_ in ("of", "from") and head.i > 0
                and noun.doc[head.i - 1].lower_ in self.lex.list(HARM_DENYING_HEADS))
        if not denied and noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
            denied = any(c.dep_ == "acomp" and c.lower_ in self.lex.list(MINIMAL_ADJ)
                         for c in head.children)
        if not denied:
            return
        owner: Token | None = None
        for prep in noun.children:  # "the side effects of turmeric", "no risks with it"
            if prep.dep_ == "prep" and prep.lower_ in ("of", "with", "from", "to"):
                owner = next((t for t in prep.children if t.dep_ == "pobj"), None)
        if owner is None and noun.dep_ == "dobj" and (head.lemma_.lower() in (
                "have", "carry") or head.lemma_.lower() in self.r.lexicon.words("cause")):
            # "it has hardly any side effects", "FerroVital causes no side effects"; a verb
            # sharing its subject with the one before ("X is natural and has no side effects")
            owner = self.r.subject(head)
            if owner is None and head.dep_ == "conj":
                owner = self.r.subject(head.head)
        if owner is None and noun.dep_ == "pobj" and head.lower_ in ("with", "without") and \
                head.head.dep_ in ("attr", "acomp") and head.head.head.lemma_ == "be":
            # "ear candling is a gentle method with no risks at all"
            owner = self.r.subject(head.head.head)
        if owner is None and noun.dep_ == "attr" and head.lemma_ == "be":
            owner = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in (
                "with", "from", "to") for c in c.children if c.dep_ == "pobj"), None)
        if owner is None and noun.dep_ == "attr" and head.lemma_ == "be" and any(
                c.dep_ == "expl" for c in head.children):
            # "it's natural, so there are no side effects": harms presuppose a treatment,
            # the thing the clause before (or the sentence before) is about
            owner = self._existential_owner(head)
            there = next(c for c in head.children if c.dep_ == "expl")
            if owner is None or owner.lower_ in self.lex.list(READER_SUBJECTS) or \
                    self._about_people(owner) or self._anatomy(owner):
                return
            frame = self._make(owner, noun, None, "safe", index, first=there.i)
            # the claim is the existential clause; its target may be named sentences before
            yield replace(frame, first_token=there.i, start=there.idx)
            return
        verb: Token | None = None
        if owner is None:
            owner, verb = self._clause_owner(noun)
        if owner is None or owner.lower_ in self.lex.list(READER_SUBJECTS) or \
                self._about_people(owner) or self._anatomy(owner):
            return
        frame = self._make(owner, noun, None, "safe", index,
                           first=min(noun.left_edge.i, owner.left_edge.i))
        if verb is not None and self._negated(verb, self.r.subject(verb)):
            # "it is not free from side effects", "few pills are free of side effects"
            frame = replace(frame, context=frame.context | {"negated"})
        if any(t.lower_ in self.lex.list(PARTIAL_QUANTIFIERS)
               for t in (*noun.doc[noun.i + 1:noun.right_edge.i + 1], *owner.children)):
            # "without side effects in most people", "few pills are free of side effects":
            # said of some, not every one
            frame = replace(frame, context=frame.context | {"hedged"})
        yield frame

    def _clause_owner(self, noun: Token) -> tuple[Token | None, Token | None]:
        """What denied harms in any other shape are said of: the subject of the clause
        they hang from ("it's natural and free of side effects"; "It is a remedy you can
        take daily, with no side effects"), the thing the reader uses when the subject is the
        reader ("you can use it daily without any side effects"), the noun a relative
        clause describes ("ginkgo is a plant, which means no side effects")."""
        verb = noun.head
        for _ in range(6):
            if verb.pos_ in ("VERB", "AUX") and self.r.subject(verb) is not None:
                break
            if verb.head.i == verb.i:
                return None, None
            verb = verb.head
        subject = self.r.subject(verb)
        if subject is None:
            return None, None
        if subject.lower_ in self.lex.list(RELATIVE_PRONOUNS) and verb.dep_ == "relcl":
            described = verb.head
            if described.dep_ == "attr" and described.head.lemma_ == "be":
                return self.r.subject(described.head), verb
            return described, verb
        if subject.lower_ in self.lex.list(READER_SUBJECTS):
            return next((c for c in verb.children if c.dep_ == "dobj"), None), verb
        return subject, verb

    def _existential_owner(self, be: Token) -> Token | None:
        """What "there are no side effects" is about: the subject of the clause it is
        joined to, else the subject of the sentence before."""
        if be.dep_ in ("conj", "advcl", "ccomp") and be.head.i != be.i:
            subject = self.r.subject(be.head)
            if subject is not None:
                return subject
        sent = be.sent
        if sent.start == 0:
            return None
        previous = be.doc[sent.start - 1].sent
        return self.r.subject(previous.root)

    # ------------------------------------------------------------------ links
    def _link(self, token: Token, index: int) -> Iterator[Evaluation]:
        """"dehydration due to vomiting", "caused by ...", "associated with a higher risk
        of ...", "linked to ...", "resulting in ..."."""
        candidates = self._links.get(token.lower_)
        if not candidates:
            return
        sent = token.sent
        i = token.i
        for phrases, judgement in ((self.lex.list(CAUSE_LINKS), "causes"),
                                   (self.lex.list(RISK_LINKS), "risk_up")):
            for phrase in phrases:
                if phrase not in candidates:
                    continue
                parts = phrase.split()
                if len(parts) < 2 or i + len(parts) > sent.end:
                    continue
                if [t.lower_ for t in self.doc[i:i + len(parts)]] != parts:
                    continue
                last = self.doc[i + len(parts) - 1]
                cause = next((t for t in last.children if t.dep_ in ("pobj", "pcomp")), None)
                if cause is None and i + len(parts) < sent.end:
                    cause = self.doc[i + len(parts)]
                    while cause.dep_ in ("det", "amod", "compound", "poss") and \
                            cause.head.i > cause.i:
                        cause = cause.head
                effect = self._linked_effect(token)
                if cause is None or effect is None:
                    continue
                if judgement == "causes" and parts[0] == "caused":
                    continue  # read as a passive verb
                if judgement == "risk_up" and self._risk(cause):
                    cause_target = effect
                    effect = self._risk_of(cause)
                    yield self._make(cause_target, token, effect, judgement, index)
                    return
                if judgement == "risk_up":
                    yield self._make(effect, token, cause, judgement, index)
                else:
                    yield self._make(cause, token, effect, judgement, index,
                                     first=min(effect.left_edge.i, token.i))
                return

    def _linked_effect(self, token: Token) -> Token | None:
        """The thing a "due to / linked to" phrase is attached to."""
        head = token.head
        while head.dep_ in ("prep", "amod", "acomp", "advmod") and head.head.i != head.i:
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return self.r.subject(head)
        return head if head.pos_ in ("NOUN", "PROPN", "ADJ") else None

    # ------------------------------------------------------------------ frames
    def _negated(self, predicate: Token, target: Token | None) -> bool:
        """Whether the judgement itself is denied: a negation on the predicate or its verb
        ("does not cause", "is not safe", "never helps"), or a subject of "no" / "nothing"
        ("no medicine can speed up ..."), but not a "no" inside the effect."""
        adverbs = self.lex.list(NEGATION_ADVERBS)
        heads = [predicate]
        if predicate.dep_ in ("acomp", "xcomp", "attr", "amod") or predicate.pos_ == "ADJ":
            heads.append(predicate.head)
        if predicate.dep_ == "amod" and predicate.head.dep_ == "attr":
            heads.append(predicate.head.head)  # "are not a safe way to ..."
        for head in heads:
            if any(c.dep_ == "neg" or (c.lower_ in adverbs and c.i < predicate.i)
                   for c in head.children):
                return True
        if target is not None and any(c.lower_ in self.lex.list(NEGATIVE_QUANTIFIERS)
                                      or c.dep_ == "neg" for c in target.children):
            # "no medicine can ...", "not every diet is safe"
            return True
        return target is not None and target.lower_ in self.lex.list(NEGATIVE_PRONOUNS)

    def _anatomy(self, target: Token) -> bool:
        """A body structure's own work ("the spleen helps fight infection") is a Relation."""
        return target.i in self.r.anatomy

    def _about_people(self, target: Token) -> bool:
        mention = self.r.mention(target)
        return mention is not None and mention.label_ in ("group", "professional")

    def _make(self, target: Token, predicate: Token, effect: Token | None, judgement: str,
              index: int, first: int | None = None, target_words: bool = True) -> Evaluation:
        if target_words and target.pos_ in ("VERB", "AUX"):
            target_w = Words.of(list(target.subtree), lemma=target.lemma_.lower())
        elif target_words and self.r.pronoun(target):
            antecedent = self.r.antecedent(target)
            named = self.r.topic_words(antecedent.root) if antecedent is not None else None
            if named is None or named.kind is None:
                # "It is a natural antacid with no side effects": the predicate noun says
                # what "it" is
                noun = next((c for c in target.head.children if c.dep_ == "attr"
                             and c.pos_ in ("NOUN", "PROPN")), None) \
                    if target.dep_ == "nsubj" and target.head.lemma_ == "be" else None
                if noun is not None and self.r.topic_words(noun).kind is not None:
                    named = self.r.topic_words(noun)
            base = Words.of(target)
            target_w = Words(start=base.start, end=base.end, text=base.text,
                             first_token=base.first_token, last_token=base.last_token,
                             lemma=named.lemma if named else target.lower_,
                             concept=named.concept if named else None,
                             kind=named.kind if named else None)
        else:
            target_w = self.r.topic_words(target) if target_words else Words.of(target)
        effect_w = self.r.topic_words(effect) if effect is not None and effect.pos_ in (
            "NOUN", "PROPN") else (Words.of(list(effect.subtree)) if effect is not None
                                   else None)
        ends: list[int] = [target_w.first_token, predicate.i]
        if effect_w is not None:
            ends.append(effect_w.last_token)
        start_token = min(ends) if first is None else min(first, *ends)
        end_token = max(ends)
        condition, phase = limits(self.r, predicate)
        ignore = [i for w in (condition, phase) if w is not None
                  for i in range(w.first_token, w.last_token + 1)]
        # negation is read from the parse: "no" inside the effect ("cause few or no signs")
        # does not deny the judgement
        context = self.r.context(start_token, end_token, ignore=ignore) - {"negated"}
        if self._negated(predicate, target if target_words else None):
            context = context | {"negated"}
        return Evaluation(
            start=self.doc[start_token].idx,
            end=self.doc[end_token].idx + len(self.doc[end_token]),
            first_token=start_token, last_token=end_token, sentence=index,
            context=context, reader="evaluation", target=target_w,
            judgement=judgement, effect=effect_w,  # type: ignore[arg-type]
            condition=condition, phase=phase)


def _hyphenated(word: Token) -> str:
    """A word with the words hyphenated onto it ("risk-free", "well-tolerated"), lower-case:
    the parser splits such compounds into three tokens."""
    doc = word.doc
    text = word.lower_
    i = word.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and \
            not doc[i - 2].whitespace_ and doc[i - 2].is_alpha:
        text = f"{doc[i - 2].lower_}-{text}"
        i -= 2
    return text
