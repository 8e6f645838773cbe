"""Prevalence frames: how common a condition is, in whom, and how it runs its course
(docs/frames.md).

Shapes: a condition with a frequency word ("gout is rare before 30", "stable angina is the
most common type"); a comparison by group ("more common in women", "more likely to affect
older adults", "people with advanced disease are more prone to fractures"); a condition that
affects or occurs in a group ("it usually occurs in children between 6 months and 5 years",
"affects about 1 in 10 adults"); a share of people who have it ("most adults experience
discomfort", "more than half of all Americans have a cataract"); and a course ("usually
clears up within a week", "often recurs within 5 years", "can be fatal", "is a long-lasting
infection", "most people recover"). The condition is what the lexicon marks as a condition or
symptom, a noun headed by a condition word (syndrome, disease, stones ...) or shaped like one
(-itis, -osis), or the article's subject named by a pronoun. Every word comes from
``rules/lexicon/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from pipeline.knowledge.lexicon import declare
from pipeline.nlp.frames import Prevalence, Words
from pipeline.nlp.numbers import number_at, share_in
from pipeline.nlp.readers.base import PEOPLE_NOUNS, Reading, limits, verb_like
from pipeline.nlp.readers.evaluation import COPULAS

COURSE_RESOLVES = declare("course_resolves", "verbs of a condition that goes away")
COURSE_WORSENS = declare("course_worsens", "verbs of a condition that gets worse")
COURSE_PERSISTS = declare("course_persists", "verbs of a condition that lasts or returns")
COURSE_ADJ = declare("course_adjectives", "adjectives of a condition's course (fatal)")
PREVALENCE_VERBS = declare("prevalence_verbs", "verbs by which a condition affects people")
COMPARATIVES = declare("prevalence_comparatives", "words comparing how common (more common)")
SHARES = declare("share_quantifiers", "words of a share of people (most, half)")
CONDITION_HEADS = declare("condition_heads", "head nouns of a condition's name (syndrome)")
CONDITION_SUFFIXES = declare("condition_suffixes", "endings of a condition's name (-itis)")
COURSE_PASSIVE = declare("course_passive", "verbs whose passive tells a condition's course "
                         "(it can be controlled, cured)")
PROGNOSIS_NOUNS = declare("prognosis_nouns", "nouns of a condition's outlook (prognosis)")


class PrevalenceReader:
    """Read the Prevalence frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.doc = reading.doc
        self.lex = reading.lexicon

    def frames(self) -> Iterator[Prevalence]:
        """Every Prevalence frame of the Doc."""
        for index, sent in enumerate(self.r.sentences):
            done: set[int] = set()
            for token in sent:
                if not verb_like(token):
                    continue
                frame = self._clause(token, sent, index)
                if frame is not None and frame.first_token not in done:
                    done.add(frame.first_token)
                    yield frame

    # ------------------------------------------------------------------ tests
    def condition(self, token: Token) -> bool:
        """Whether a noun names a condition (or a symptom, or a case of one)."""
        mention = self.r.mention(token)
        if mention is not None and mention.label_ in ("condition", "symptom"):
            return True
        lemma = token.lemma_.lower()
        text = token.lower_
        if lemma in self.lex.list(CONDITION_HEADS) or text in self.lex.list(CONDITION_HEADS):
            return True
        if lemma in ("case", "cases", "form", "forms", "type", "types") and any(
                self.condition(t) for c in token.children if c.dep_ == "prep"
                and c.lower_ == "of" for t in c.children if t.dep_ == "pobj"):
            return True
        if token.pos_ in ("NOUN", "PROPN") and len(text) > 5 and text.endswith(
                tuple(self.lex.list(CONDITION_SUFFIXES))):
            return True
        if token.pos_ == "PROPN" and token.i in self.r.anatomy:
            return False
        if token.pos_ == "PROPN" and token.is_upper and 2 <= len(text) <= 6:
            return True  # an abbreviation of the article's condition: "CMT", "MVP", "VUR"
        if self.r.pronoun(token) and token.lower_ in ("it", "they"):
            antecedent = self.r.antecedent(token, ("condition", "symptom"))
            return antecedent is not None
        return False

    def _nameable(self, token: Token) -> bool:
        """A noun that could name a condition: not people, a body part or a pronoun."""
        return token.pos_ in ("NOUN", "PROPN") and not self._people(token) and \
            token.i not in self.r.anatomy and not self.r.pronoun(token)

    def _people(self, token: Token) -> bool:
        mention = self.r.mention(token)
        if mention is not None and mention.label_ == "group":
            return True
        words = {token.lemma_.lower(), token.lower_, token.lower_.rstrip("s")}
        return bool(words & self.lex.list(PEOPLE_NOUNS))

    def _share(self, subject: Token) -> bool:
        """"Most adults", "many people with gallstones", "the majority of infants", "more
        than half of all Americans", "2% of people", "one-third of affected people"."""
        near = [subject, *(c for c in subject.children if c.dep_ in (
            "amod", "det", "nummod", "quantmod", "advmod"))]
        words = {t.lower_ for t in near}
        if words & self.lex.list(SHARES) - {"one", "two", "three", "four", "five"} and (
                self._people(subject) or any(self._people(t) for t in subject.subtree)):
            return True
        if subject.lemma_.lower() in ("majority", "minority", "half", "third", "quarter",
                                      "percent", "%", "proportion", "fraction") or \
                subject.lower_.endswith(("-third", "-quarter", "-half")):
            return any(self._people(t) for t in subject.subtree)
        return any(t.like_num for t in subject.subtree) and any(
            self._people(t) for t in subject.subtree)

    # ------------------------------------------------------------------ clauses
    def _clause(self, verb: Token, sent: Span, index: int) -> Prevalence | None:
        subject = self.r.subject(verb)
        lemma = verb.lemma_.lower()
        if subject is None:
            return None
        phrase_verb = " ".join([lemma, *(c.lower_ for c in verb.children if c.dep_ == "prt")])
        if subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            subject = verb.head  # "disorders that are more common in ..."
        modal = any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in verb.children)
        # a share of people who have it
        if self._share(subject) and not modal and lemma in self.lex.list(PREVALENCE_VERBS):
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
            if obj is not None and self.condition(obj):
                return self._make(verb, subject, obj, "rate", index, group=subject,
                                  rate=subject)
        if self._share(subject) and not modal and verb.dep_ in ("ROOT", "conj"):
            # "roughly one-third of affected people can predict the onset of a migraine":
            # a share of people and a condition in what they do or have
            named = next((t for c in verb.children if c.dep_ in ("dobj", "attr", "prep")
                          for t in c.subtree if t.pos_ in ("NOUN", "PROPN")
                          and self.condition(t)), None)
            if named is not None:
                return self._make(verb, subject, named, "rate", index, group=subject,
                                  rate=subject)
        if self._in_condition(verb):
            return None
        if lemma == "have" and any(c.dep_ == "dobj" and self._prognosis(c)
                                   for c in verb.children) and self.condition(subject):
            return self._make(verb, subject, subject, "course", index)  # "a worse prognosis"
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if passive and lemma in self.lex.list(COURSE_PASSIVE) and self.condition(subject):
            return self._make(verb, subject, subject, "course", index, trend="resolves")
        if lemma in self.lex.list(COPULAS) and lemma != "be":
            linked = self._copula(verb, subject, index)  # "tinnitus remains rare"
            if linked is not None:
                return self._with_share(linked, verb, subject, index)
        # the course of a condition, or its outlook
        trend = self._trend(verb, phrase_verb)
        if trend is not None and (self.condition(subject) or self._prognosis(subject) or (
                self._people(subject) and trend == "resolves"
                and lemma in ("recover", "respond", "improve", "heal"))):
            return self._make(verb, subject, subject, "course", index, trend=trend)
        if lemma == "be" or verb.pos_ == "AUX":
            return self._copula(verb, subject, index)
        rate = self._rate_of(verb) if lemma in self.lex.list(PREVALENCE_VERBS) else None
        if lemma in self.lex.list(PREVALENCE_VERBS) and (self.condition(subject) or (
                rate is not None and self._nameable(subject))):
            # what affects a share of people is a condition ("hay fever affects one in five
            # people"), whatever the lexicon knows of its name
            group = self._group_of(verb)
            if rate is not None:
                return self._make(verb, subject, subject, "rate", index, group=group,
                                  rate=rate)
            if group is not None:
                return self._make(verb, subject, subject, "group", index, group=group)
        if lemma in self.lex.list(PREVALENCE_VERBS) and self._people(subject) and \
                self._compared(verb):
            obj = next((t for c in verb.children if c.dep_ == "prep"
                        for t in c.children if t.dep_ == "pobj"), None)
            if obj is not None:
                return self._make(verb, subject, obj, "group", index, group=subject)
        return None

    def _with_share(self, frame: Prevalence, verb: Token, subject: Token,
                    index: int) -> Prevalence:
        """"Tinnitus remains rare, affecting fewer than 1 in 1,000 people": a participle
        that gives the share makes the frame that number, not only the word."""
        if frame.aspect != "rate":
            return frame
        for clause in verb.children:
            if clause.dep_ == "advcl" and clause.lemma_.lower() in self.lex.list(
                    PREVALENCE_VERBS):
                rate = self._rate_of(clause)
                if rate is not None:
                    made = self._make(clause, subject, subject, "rate", index, rate=rate)
                    if made.share is not None:
                        return replace(made, level=frame.level, start=frame.start,
                                       first_token=frame.first_token)
        return frame

    def _copula(self, verb: Token, subject: Token, index: int) -> Prevalence | None:
        complement = next((c for c in verb.children if c.dep_ in ("acomp", "attr")), None)
        if complement is None:
            return None
        # the level is the complement's own word and its direct modifiers ("very rare",
        # "the most common type"), not an adjective deeper in it ("an unusual sound")
        near = sorted([complement, *(c for c in complement.children if c.dep_ in (
            "advmod", "amod") and c.i < complement.i)], key=lambda t: t.i)
        heads = self.lex.list(CONDITION_HEADS)
        if complement.dep_ == "attr" and complement.pos_ == "NOUN" and not any(
                c.tag_ == "JJS" or c.lower_ == "most" for c in complement.subtree) and not (
                complement.lemma_.lower() in heads and not any(
                    c.dep_ in ("prep", "relcl", "acl") for c in complement.children)):
            near = [complement]  # "a rare form of eczema", "an unusual sound": a
            # description; but "shingles is a very rare illness" says how common it is
        words = " ".join(t.lower_ for t in near)
        level = None
        for word, value in sorted(self.lex.levels.get("frequency", {}).items(),
                                  key=lambda kv: -len(kv[0])):
            if f" {word} " in f" {words} ":
                level = value
                break
        if self._people(subject) and self._compared(complement):
            # "people with advanced disease are more prone to fractures"
            obj = next((t for c in complement.children if c.dep_ == "prep"
                        for t in c.children if t.dep_ == "pobj"), None)
            if obj is not None:
                return self._make(verb, subject, obj, "group", index, group=subject)
        course_words = " ".join(t.text.lower() for t in complement.subtree).replace(" - ", "-")
        course = any(f" {w} " in f" {course_words} " for w in self.lex.list(COURSE_ADJ))
        if not (self.condition(subject) or ((level is not None or course) and subject.pos_ in (
                "NOUN", "PROPN") and not self._people(subject)
                and subject.i not in self.r.anatomy and self.r.mention(subject) is None)):
            return None
        if (level is not None and complement.lower_ in ("common", "rare", "uncommon",
                                                       "unusual", "frequent")) or (
                level is not None and complement.dep_ == "attr"):
            group = self._group_of(complement) or self._group_of(verb)
            aspect = "group" if self._compared(complement) and group is not None else "rate"
            return self._make(verb, subject, subject, aspect, index, group=group,
                              rate=complement, level=level)
        if level is not None:
            return self._make(verb, subject, subject, "rate", index, rate=complement,
                              level=level)
        modifiers = " ".join(t.text.lower() for t in complement.subtree
                             if t.i <= complement.i).replace(" - ", "-")
        if any(f" {word} " in f" {modifiers} " for word in self.lex.list(COURSE_ADJ)) or \
                complement.lower_ in ("worse", "better"):
            return self._make(verb, subject, subject, "course", index, course=complement)
        if self._compared(complement):
            group = self._group_of(complement)
            if group is not None:
                return self._make(verb, subject, subject, "group", index, group=group)
        return None

    def _trend(self, verb: Token, phrase_verb: str) -> str | None:
        lemma = verb.lemma_.lower()
        for words, trend in ((COURSE_RESOLVES, "resolves"), (COURSE_WORSENS, "worsens"),
                             (COURSE_PERSISTS, "persists")):
            listed = self.lex.list(words)
            if phrase_verb in listed or (lemma in listed and " " not in phrase_verb):
                return trend
        if lemma in ("get", "become") and any(
                c.lower_ in ("better", "worse") for c in verb.children):
            return "resolves" if any(c.lower_ == "better" for c in verb.children) else "worsens"
        if lemma == "vary":
            return "persists"
        return None

    def _duration(self, verb: Token) -> float | None:
        """How long a course takes: "within a few days", "over the years", "in 2 weeks"."""
        from pipeline.nlp.numbers import load_units

        units = load_units(self.r.knowledge.directory).units
        near = [*verb.children, *(t for c in verb.children if c.dep_ in (
            "acomp", "advmod", "oprd", "xcomp", "ccomp", "dobj") for t in c.children)]
        for prep in near:
            if prep.dep_ == "npadvmod" and prep.lower_ in units:
                pobj: Token | None = prep  # "gets worse over 10 years", parsed as an adverb
            elif prep.dep_ != "prep" or prep.lower_ not in ("in", "within", "over", "for",
                                                            "after"):
                continue
            else:
                pobj = next((t for t in prep.children if t.dep_ == "pobj"), None)
            spec = units.get(pobj.lower_) if pobj is not None else None
            if pobj is None or spec is None or spec.cls != "time":
                continue
            number = next((c for c in pobj.children if c.dep_ == "nummod"), None)
            value = 1.0
            if number is not None:
                parsed = number_at([number], 0)
                value = parsed.low if parsed is not None else 1.0
            elif any(c.lower_ in ("few", "several", "couple") for c in pobj.children):
                value = 3.0
            return value * spec.factor
        return None

    def _in_condition(self, verb: Token) -> bool:
        """A clause under "if", "when", "after", "unless" is no statement of a course."""
        for token in (verb, *verb.ancestors):
            if any(c.dep_ == "mark" and c.lower_ in ("if", "when", "unless", "after",
                                                     "once", "until", "whether")
                   for c in token.children):
                return True
            if token.dep_ in ("ROOT",):
                break
        return False

    def _prognosis(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.list(PROGNOSIS_NOUNS)

    def _compared(self, token: Token) -> bool:
        text = " ".join(t.lower_ for t in (token, *token.subtree, *token.children))
        head = token.head
        text += " " + " ".join(t.lower_ for t in head.children if t.dep_ in ("advmod", "acomp"))
        return any(f" {c} " in f" {text} " or text.startswith(c)
                   for c in self.lex.list(COMPARATIVES))

    def _group_of(self, token: Token) -> Token | None:
        """"in women", "among older adults", "people of all ages" near a predicate."""
        for child in token.children:
            if child.dep_ in ("prep",) and child.lower_ in ("in", "among", "for", "between"):
                pobj = next((t for t in child.children if t.dep_ == "pobj"), None)
                if pobj is not None and (self._people(pobj) or pobj.like_num):
                    return pobj
            if child.dep_ in ("dobj",) and self._people(child):
                return child
            if child.dep_ == "xcomp":
                found = self._group_of(child)
                if found is not None:
                    return found
        return None

    def _rate_of(self, verb: Token) -> Token | None:
        """"affects about 1 in 10 adults", "affects 20% of people", "4 million people"."""
        for child in verb.children:
            if child.dep_ not in ("dobj", "prep", "prt"):
                continue
            tokens = list(child.subtree)
            if child.dep_ != "dobj" and (share_in(tokens) is None or not any(
                    self._people(t) for t in tokens)):
                continue  # "affects around one in ten people", parsed as a preposition
            if share_in(tokens) is not None:
                return child  # "up to a quarter of adults"
            for i in range(len(tokens)):
                if number_at(tokens, i) is not None or tokens[i].lower_ in ("%", "percent"):
                    return child
        return None

    def _make(self, verb: Token, subject: Token, condition: Token, aspect: str, index: int,
              group: Token | None = None, rate: Token | None = None, level: str | None = None,
              trend: str | None = None, course: Token | None = None) -> Prevalence:
        first = min(subject.left_edge.i, verb.i)
        last_candidates = [verb.i]
        for part in (rate, course, group, condition):
            if part is not None:
                last_candidates.append(part.right_edge.i if part.i >= verb.i else part.i)
        last = max(last_candidates)
        if aspect == "course":
            last = max(last, max((c.right_edge.i for c in verb.children
                                  if c.dep_ in ("prt", "prep", "advmod", "acomp", "attr")),
                                 default=verb.i))
        if self.r.pronoun(condition):
            antecedent = self.r.antecedent(condition, ("condition", "symptom"))
            if antecedent is not None:  # "it is common": the condition named before
                named = self.r.topic_words(antecedent.root)
                base = Words.of(condition)
                words = Words(start=base.start, end=base.end, text=base.text,
                              first_token=base.first_token, last_token=base.last_token,
                              lemma=named.lemma, concept=named.concept, kind=named.kind)
            else:
                words = Words.of(condition, lemma=condition.lower_)
        elif condition.pos_ in ("NOUN", "PROPN"):
            words = self.r.topic_words(condition)
        else:
            words = Words.of(list(condition.subtree))
        seconds = self._duration(verb) if aspect == "course" else None
        condition_words, _phase = limits(self.r, verb)
        share = None
        if rate is not None:
            # "affects about 1 in 10 adults": the share may run past the object's subtree
            tail = list(self.doc[rate.left_edge.i:max(rate.right_edge.i, verb.right_edge.i) + 1])
            share = share_in(list(rate.subtree)) or share_in(tail)
        return Prevalence(
            start=self.doc[first].idx, end=self.doc[last].idx + len(self.doc[last]),
            first_token=first, last_token=last, sentence=index,
            context=self.r.context(first, last), reader="prevalence",
            condition=words, aspect=aspect,  # type: ignore[arg-type]
            group=Words.of(list(group.subtree)) if group is not None else None,
            rate=Words.of(list(rate.subtree)) if rate is not None else None,
            level=level, share=share, trend=trend, seconds=seconds, qualifier=condition_words,
            course=Words.of(list(course.subtree)) if course is not None else None)
