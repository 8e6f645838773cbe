"""Quantity frames: an amount of something, tied to what it measures (docs/frames.md).

Values are read from the token sequence with the one number parser
(:mod:`pipeline.nlp.numbers`): a number or range and a unit ("400 mg", "10 to 15 minutes",
"1½ litres"), a frequency ("three times a day", "every 4 to 6 hours", "twice daily", "every
other day"), a share ("1 in 10", "20%"), an age ("aged 5 to 12", "children under 12", "over
the age of 50"). The bound comes from the words around it ("up to", "no more than", "at
least", "about", "or more"), a rate from "a day" / "per week" / "in 24 hours" after it. What
is measured (the topic) and the action it belongs to are read from the parse: "10 micrograms
of vitamin D", "a 10-minute walk", "wear the splint for two weeks", "the recommended dose is
400 mg". Units and frequency words live in ``rules/lexicon/units.yaml``, the bound words in
``core.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from pipeline.knowledge.lexicon import declare
from pipeline.nlp.frames import Quantity, Words
from pipeline.nlp.numbers import load_units, number_at, number_words, range_at
from pipeline.nlp.readers.base import ADVICE_NEGATORS, PEOPLE_NOUNS, Reading, limits

AT_MOST = declare("bound_at_most", "words before a number that make it a maximum (up to)")
AT_LEAST = declare("bound_at_least", "words before a number that make it a minimum (at least)")
ABOUT = declare("bound_about", "words before a number that make it approximate (about)")
AT_MOST_AFTER = declare("bound_at_most_after", "words after a value: a maximum (or less)")
AT_LEAST_AFTER = declare("bound_at_least_after", "words after a value: a minimum (or more)")
SUFFICIENCY_WORDS = declare("sufficiency_words", "words that call an amount enough, naming "
                            "no topic (plenty, enough, sufficient)")
AGE_WORDS = declare("age_words", "words that make a number an age (aged, age)")
AGE_AFTER = declare("age_after", "words after a number that make it an age (and over)")
ONE_UNIT_PREPS = declare("one_unit_preps", "words before 'a/an' + time unit that make it a "
                         "duration of one (for an hour, more than a week)")
WHOLE_WORDS = declare("whole_words", "adjectives between 'a' and a time unit that leave it one "
                      "(a full year, a whole week)")
DOSE_HEADS = declare("dose_heads", "nouns a frequency adjective may qualify (a daily dose)")


DIMENSION_OF_CLASS = {"time": "duration", "mass": "dose", "iu": "dose", "volume": "amount",
                      "form": "dose", "serving": "amount", "rep": "count", "distance": "measure",
                      "percent": "rate", "pressure": "measure", "glucose": "measure",
                      "temperature": "measure", "weight": "measure", "energy": "amount",
                      "age": "age"}
DOSE_KINDS = frozenset({"medicine", "supplement", "remedy"})
DAY = 86400.0


@dataclass
class Reading1:
    """A value read from the token sequence, before its topic is attached."""

    first: int  # token index (doc)
    last: int
    low: float | None
    high: float | None
    unit: str
    dimension: str
    bound: str
    unit_token: int | None
    per_seconds: float | None = None
    #: where the rate words after the value end ("a day", "in 24 hours")
    per_last: int | None = None


@dataclass(frozen=True)
class _Tables:
    """The unit and frequency phrases of a rules directory, sorted and indexed once."""

    unit_words: tuple[str, ...]
    freq_words: tuple[str, ...]
    starts: frozenset[str]
    #: each phrase list indexed by its first word
    units_by_first: dict[str, list[tuple[str, list[str]]]]
    freq_by_first: dict[str, list[tuple[str, list[str]]]]


def _by_first(phrases: Iterable[str]) -> dict[str, list[tuple[str, list[str]]]]:
    index: dict[str, list[tuple[str, list[str]]]] = {}
    for phrase in phrases:
        parts = phrase.split()
        index.setdefault(parts[0], []).append((phrase, parts))
    return index


@lru_cache(maxsize=8)
def _tables(directory: Path) -> _Tables:
    units = load_units(directory)
    unit_words = tuple(sorted(units.units, key=lambda w: -len(w.split())))
    freq_words = tuple(sorted(units.frequencies, key=lambda w: -len(w.split())))
    words = number_words(directory)
    # the words a value can start with: a number word, an article ("a day", "an hour"),
    # "every", or the first word of a frequency phrase
    starts = frozenset({*words.units, *words.tens, *words.scales, *words.fractions,
                        *words.counted, *words.articles, "every", "between", "half",
                        *(p.split()[0] for p in units.frequencies)})
    return _Tables(unit_words, freq_words, starts, _by_first(unit_words),
                   _by_first(freq_words))


class QuantityReader:
    """Read the Quantity frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.doc = reading.doc
        self.lex = reading.lexicon
        self.units = load_units(reading.knowledge.directory)
        self._tables = tables = _tables(reading.knowledge.directory)
        self._freq_words = tables.freq_words
        self._starts = tables.starts

    def frames(self) -> Iterator[Quantity]:
        """Every Quantity frame of the Doc."""
        for index, sent in enumerate(self.r.sentences):
            for value in self._values(sent):
                frame = self._frame(value, index)
                if frame is not None:
                    yield frame

    # ------------------------------------------------------------------ values
    def _words(self, sent: Span) -> list[str]:
        return [t.lower_.replace("\u2019", "'") for t in sent]

    @staticmethod
    def _match(words: list[str], i: int,
               by_first: dict[str, list[tuple[str, list[str]]]]) -> str | None:
        """The first phrase of an indexed table (in its order) that starts at ``words[i]``."""
        if i >= len(words):
            return None
        for phrase, parts in by_first.get(words[i], ()):
            if words[i:i + len(parts)] == parts:
                return phrase
        return None

    def _unit_at(self, words: list[str], i: int) -> tuple[str, int] | None:
        """A unit word at ``words[i]`` (skipping a hyphen: "10-minute"), and where it ends."""
        j = i + 1 if i < len(words) and words[i] in ("-", "\u2013") else i
        phrase = self._match(words, j, self._tables.units_by_first)
        if phrase is None:
            return None
        return phrase, j + len(phrase.split())

    def _values(self, sent: Span) -> Iterator[Reading1]:
        words = self._words(sent)
        tokens = list(sent)
        base = sent.start
        i = 0
        while i < len(tokens):
            word = words[i]
            if word not in self._starts and not (word[:1].isdigit() or word[:1] in "½¼¾⅓⅔⅛"):
                i += 1
                continue
            found = self._frequency(words, tokens, i) or self._share(words, tokens, i) or \
                self._measure(words, tokens, i)
            if found is None:
                i += 1
                continue
            value, end = found
            value.first += base
            value.last += base
            if value.unit_token is not None:
                value.unit_token += base
            if value.dimension in ("dose", "amount", "count", "duration", "measure"):
                per, per_last = self._per(value)
                if per is not None:
                    value.per_seconds = per
                    value.per_last = per_last
                    end = max(end, per_last - base + 1)
            yield value
            i = max(end, i + 1)

    def _frequency(self, words: list[str], tokens: list[Token],
                   i: int) -> tuple[Reading1, int] | None:
        """"three times a day", "every 4 to 6 hours", "twice daily", "every other day"."""
        word = words[i]
        if word == "every" and i + 1 < len(words):
            j = i + 1
            other = words[j] == "other"
            if other:
                j += 1
            number = range_at(tokens, j) if not other else None
            k = number.end if number is not None else j
            period = words[k] if k < len(words) else ""
            period = period[:-1] if period.endswith("s") and period[:-1] in \
                self.units.periods else period
            if period in self.units.periods:
                seconds = self.units.periods[period]
                low = number.low if number is not None else (2.0 if other else 1.0)
                high = number.high if number is not None else low
                # every 4 to 6 hours: between 24/6 and 24/4 times a day
                fewest, most = DAY / (high * seconds), DAY / (low * seconds)
                bound = "range" if number is not None and number.is_range else "exact"
                if number is None and " ".join(words[i:k + 1]) in self.units.open_frequencies:
                    bound = "at_least"  # "every day": on each day, how often not said
                return Reading1(i, k, fewest, most, "per_day", "frequency", bound, None), k + 1
        number = range_at(tokens, i)
        if number is not None and number.end < len(words) and \
                words[number.end] in ("times", "time"):
            k = number.end + 1
            if k + 1 < len(words) and words[k] in ("a", "an", "per", "each", "every") and (
                    words[k + 1] in self.units.periods or words[k + 1].rstrip("s")
                    in self.units.periods):
                period = words[k + 1] if words[k + 1] in self.units.periods else \
                    words[k + 1].rstrip("s")
                per_day = DAY / self.units.periods[period]
                bound = "range" if number.is_range else "exact"
                return Reading1(i, k + 1, number.low * per_day, number.high * per_day,
                                "per_day", "frequency", bound, None), k + 2
        if number is not None and not number.is_range:
            for k in range(number.end + 1, min(number.end + 6, len(words) - 1)):
                if words[k] in ("each", "every", "per", "a") and (
                        words[k + 1] in self.units.periods
                        or words[k + 1].rstrip("s") in self.units.periods) and all(
                        tokens[m].pos_ in ("NOUN", "ADJ", "ADP", "DET") for m in
                        range(number.end, k)) and self._unit_at(words, number.end) is None:
                    period = words[k + 1] if words[k + 1] in self.units.periods else \
                        words[k + 1].rstrip("s")
                    per_day = DAY / self.units.periods[period]
                    # "one bout of diarrhoea each year", "two episodes a year"
                    return Reading1(i, k + 1, number.low * per_day, number.high * per_day,
                                    "per_day", "frequency", "exact", None), k + 2
        phrase = self._match(words, i, self._tables.freq_by_first)
        if phrase is not None and " " not in phrase and tokens[i].dep_ == "amod" and not (
                tokens[i].head.lemma_.lower() in self.lex.list(DOSE_HEADS)
                or self.r.mention(tokens[i].head) is not None):
            return None  # "daily life", "daily care": not how often
        if phrase is not None and not (phrase.split()[0] in ("a", "an", "per") and i > 0):
            end = i + len(phrase.split())
            value = self.units.frequencies[phrase]
            bound = "at_least" if phrase in self.units.open_frequencies else "exact"
            return Reading1(i, end - 1, value, value, "per_day", "frequency", bound,
                            None), end
        return None

    def _share(self, words: list[str], tokens: list[Token],
               i: int) -> tuple[Reading1, int] | None:
        """"1 in 10", "one in five", "3 out of 4"."""
        first = number_at(tokens, i)
        if first is None:
            return None
        j = first.end
        if j < len(words) and words[j] in ("in", "out"):
            k = j + (2 if words[j] == "out" and j + 1 < len(words) and words[j + 1] == "of"
                     else 1)
            second = number_at(tokens, k) if k < len(tokens) else None
            if second is not None and second.low > 0 and first.low <= second.low:
                share = first.low / second.low
                return Reading1(i, second.end - 1, share, share, "fraction", "rate", "exact",
                                None), second.end
        return None

    def _measure(self, words: list[str], tokens: list[Token],
                 i: int) -> tuple[Reading1, int] | None:
        """A number or range with a unit ("400 mg", "10 to 15 minutes", "20%"), or an age
        ("aged 5 to 12", "under 12" after a group, "over the age of 50")."""
        number = range_at(tokens, i)
        if number is None:
            # "for an hour", "more than a week", "after a year": one of a time unit
            if words[i] in ("a", "an") and i > 0 and words[i - 1] in self.lex.list(
                    ONE_UNIT_PREPS):
                after = i + 1 + (i + 1 < len(words)
                                 and words[i + 1] in self.lex.list(WHOLE_WORDS))
                unit = self._unit_at(words, after)
                if unit is not None and self.units.units[unit[0]].cls in (
                        "time", "volume", "mass"):
                    # "for an hour", "under a litre a day", "more than a gram"
                    spec = self.units.units[unit[0]]
                    return Reading1(i, unit[1] - 1, spec.factor, spec.factor, spec.unit,
                                    DIMENSION_OF_CLASS[spec.cls], "exact", unit[1] - 1), \
                        unit[1]
            return None
        if number.end - number.start == 1 and tokens[i].lower_ in ("once", "twice", "thrice"):
            return None
        unit = self._unit_at(words, number.end)
        if unit is None:
            # "8 paracetamol tablets", "two 500 mg tablets": a dose form after what it is of
            for skip in (1, 2):
                k = number.end + skip
                if k < len(tokens) and all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in
                                           tokens[number.end:k]):
                    found = self._unit_at(words, k)
                    if found is not None and self.units.units[found[0]].cls in (
                            "form", "serving"):
                        unit = found
                        break
        if unit is None:
            age = self._age(words, tokens, i, number.end)
            if age is not None:
                return Reading1(i, number.end - 1, number.low, number.high, "years", "age",
                                "range" if number.is_range else "exact", None), number.end
            people = self._people_count(tokens, number.end)
            if people is not None:
                return Reading1(i, people, number.low, number.high, "people", "rate",
                                "range" if number.is_range else "exact", people), people + 1
            return None
        phrase, end = unit
        spec = self.units.units[phrase]
        dimension = DIMENSION_OF_CLASS.get(spec.cls, "measure")
        if unit is not None and end - number.end > len(phrase.split()) and spec.cls not in (
                "form", "serving"):
            return None
        if spec.cls == "time":
            before = words[i - 1] if i > 0 else ""
            if before == "every":
                return None
            if end < len(words) and words[end] in ("old", "of") and spec.unit == "s" and \
                    (words[end] == "old" or (end + 1 < len(words) and words[end + 1] == "age")):
                dimension = "age"
            if any(w in ("age", "ages", "aged") for w in words[max(0, i - 4):i]):
                dimension = "age"  # "between the ages of 6 months and 5 years"
        factor = spec.factor
        unit_name = spec.unit
        if dimension == "age":
            # in years: a time unit before "old" ("6 months old"), or an age unit's factor
            unit_name, factor = "years", spec.factor / self.units.units["year"].factor \
                if spec.unit == "s" else spec.factor
        bound = "range" if number.is_range else "exact"
        return Reading1(i, end - 1, number.low * factor, number.high * factor, unit_name,
                        dimension, bound, end - 1), end

    def _people_count(self, tokens: list[Token], j: int) -> int | None:
        """"496 adolescent girls", "two people", "more than 200 others": a number of
        people; the index of the people noun."""
        for k in range(j, min(j + 3, len(tokens))):
            token = tokens[k]
            if token.pos_ not in ("NOUN", "PROPN", "ADJ") and token.lower_ != "others":
                return None
            mention = self.r.mention(token)
            words = {token.lemma_.lower(), token.lower_, token.lower_.rstrip("s")}
            if (mention is not None and mention.label_ == "group") or words & \
                    self.lex.list(PEOPLE_NOUNS) or token.lower_ == "others":
                return k
        return None

    def _age(self, words: list[str], tokens: list[Token], i: int,
             end: int | None = None) -> bool | None:
        """Whether a bare number is an age: "aged 65", "over the age of 50", "children
        under 12", "people over 65", "people 65 and over"."""
        if end is not None and " ".join(words[end:end + 2]) in self.lex.list(AGE_AFTER):
            return True
        before = words[max(0, i - 4):i]
        if before[-1:] and before[-1] in self.lex.list(AGE_WORDS):
            return True
        if before[-3:] == ["the", "age", "of"] or before[-2:] == ["age", "of"]:
            return True
        if before[-1:] and before[-1] in ("under", "over", "above", "below") and i >= 2:
            holder = tokens[i - 2]
            mention = self.r.mention(holder)
            if mention is not None and mention.label_ == "group":
                return True
        return None

    # ------------------------------------------------------------------ frames
    def _bound(self, value: Reading1) -> str:
        """The bound the words around the value give it."""
        doc = self.doc
        start = doc[value.first].sent.start
        window = " ".join(t.lower_ for t in doc[max(start, value.first - 4):value.first])
        window = f" {window} "
        after = " ".join(t.lower_ for t in doc[value.last + 1:min(value.last + 4,
                                                                    doc[value.last].sent.end)])
        after = f" {after} "
        for phrase in sorted(self.lex.list(AT_MOST), key=len, reverse=True):
            if window.endswith(f" {phrase} "):
                return "at_most"
        for phrase in sorted(self.lex.list(AT_LEAST), key=len, reverse=True):
            if window.endswith(f" {phrase} "):
                return "at_least"
        for phrase in sorted(self.lex.list(ABOUT), key=len, reverse=True):
            if window.endswith(f" {phrase} "):
                return "about"
        if any(after.startswith(f" {p} ") for p in self.lex.list(AT_LEAST_AFTER)):
            return "at_least"
        if any(after.startswith(f" {p} ") for p in self.lex.list(AT_MOST_AFTER)):
            return "at_most"
        return value.bound

    def _bound_start(self, value: Reading1) -> int:
        """Where the bound words before a value start (to include them in the frame)."""
        doc = self.doc
        start = doc[value.first].sent.start
        for phrases in (self.lex.list(AT_MOST), self.lex.list(AT_LEAST), self.lex.list(ABOUT)):
            for phrase in sorted(phrases, key=len, reverse=True):
                parts = phrase.split()
                i = value.first - len(parts)
                if i >= start and [t.lower_ for t in doc[i:value.first]] == parts:
                    return i
        return value.first

    def _per(self, value: Reading1) -> tuple[float | None, int]:
        """A rate after the value: "a day", "per week", "daily", "in 24 hours"."""
        doc = self.doc
        j = value.last + 1
        end = doc[value.last].sent.end
        if j < end and doc[j].lower_ == "of":
            # "2 g of vitamin C a day": the rate follows what is measured
            pobj = next((t for t in doc[j].children if t.dep_ == "pobj"), None)
            if pobj is not None and pobj.right_edge.i - j < 6:
                j = pobj.right_edge.i + 1
        words = [t.lower_ for t in doc[j:min(j + 4, end)]]
        if not words:
            return None, value.last
        for phrase in self._freq_words:
            parts = phrase.split()
            if words[:len(parts)] == parts and len(parts) <= 2:
                per_day = self.units.frequencies[phrase]
                if (per_day > 0 and parts[0] not in ("every", "each", "twice", "once")) or \
                        phrase in ("every day", "each day", "every morning", "every night",
                                   "each morning", "each night", "every evening",
                                   "each evening"):
                    return DAY / per_day, j + len(parts) - 1
        if words[0] in ("in", "within", "over") and len(words) >= 3:
            number = number_at(list(doc[j + 1:j + 4]), 0)
            if number is not None:
                unit_word = doc[j + 1 + number.end].lower_ if j + 1 + number.end < end else ""
                spec = self.units.units.get(unit_word)
                if spec is not None and spec.cls == "time":
                    return number.low * spec.factor, j + number.end + 1
        return None, value.last

    def _frame(self, value: Reading1, index: int) -> Quantity | None:
        doc = self.doc
        bound = self._bound(value)
        first = self._bound_start(value)
        per_seconds = value.per_seconds
        last = value.per_last if value.per_last is not None else value.last
        anchor = doc[value.unit_token] if value.unit_token is not None else doc[value.last]
        topic, action = self._topic(anchor, value)
        dimension = value.dimension
        if dimension == "dose" and topic is not None and topic.kind not in DOSE_KINDS and \
                topic.kind is not None:
            dimension = "amount"
        if dimension == "dose" and value.unit in ("mg",) and topic is None and not any(
                s.label_ in DOSE_KINDS for s in doc.spans.get("mentions", [])
                if s.sent.start == anchor.sent.start):
            dimension = "amount"
        value_words = Words.of(list(doc[value.first:value.last + 1]))
        condition, phase = limits(self.r, anchor)
        start_token = min(first, value.first)
        # a negation inside the bound ("no more than") is the bound, not the context; the
        # words of a condition clause are a slot
        ignore = list(range(first, value.first)) + [
            i for w in (condition, phase) if w is not None
            for i in range(w.first_token, w.last_token + 1)]
        context = self.r.context(start_token, last, ignore=ignore)
        if "negated" in context and bound in ("at_least", "at_most") and \
                bound != value.bound and self._verb_negated(action):
            # "never take more than 4 g": the negated verb makes the bound a limit
            bound = "at_most" if bound == "at_least" else "at_least"
            context = context - {"negated"}
        return Quantity(
            start=doc[start_token].idx, end=doc[last].idx + len(doc[last]),
            first_token=start_token, last_token=last, sentence=index,
            context=context, reader="quantity",
            dimension=dimension,  # type: ignore[arg-type]
            value=value_words, low=None if bound == "at_most" and value.low == value.high
            else value.low, high=None if bound == "at_least" else value.high,
            unit=value.unit, bound=bound,  # type: ignore[arg-type]
            topic=topic, action=action, per_seconds=per_seconds, condition=condition,
            phase=phase, enough=self._enough(anchor))

    def _verb_negated(self, action: Words | None) -> bool:
        """Whether the verb of the action the value belongs to is negated itself ("never
        take", "do not drink"), not some other word of the sentence."""
        if action is None:
            return False
        negators = self.lex.list(ADVICE_NEGATORS)
        for token in self.doc[action.first_token:action.last_token + 1]:
            if token.pos_ in ("VERB", "AUX"):
                return any(c.dep_ == "neg" or c.lower_ in negators for c in token.children)
        return False

    def _topic(self, anchor: Token, value: Reading1) -> tuple[Words | None, Words | None]:
        """What a value measures, and the action it belongs to."""
        r = self.r
        inside = set(range(value.first, value.last + 1))
        named = r.named_in(list(self.doc[value.first:value.last + 1]))
        if named is not None and r.mention(named) is not None and \
                r.mention(named).label_ in DOSE_KINDS:  # type: ignore[union-attr]
            return r.topic_words(named), self._action(anchor)  # "8 paracetamol tablets"
        # "10 micrograms of vitamin D"
        of = next((t for c in anchor.children if c.dep_ == "prep" and c.lower_ == "of"
                   for t in c.children if t.dep_ == "pobj"), None)
        if of is not None:
            return r.topic_words(of), self._action(anchor)
        # "a 10-minute walk", "400 mg tablets"
        holder = anchor.head
        if anchor.dep_ in ("compound", "nmod", "amod", "nummod") and holder.i not in inside \
                and holder.pos_ in ("NOUN", "PROPN"):
            return r.topic_words(holder), self._action(holder)
        verb = self._verb(anchor)
        if verb is None:
            mention = self._nearest_mention(anchor)
            return (r.topic_words(mention.root) if mention is not None else None), None
        action = Words.of([verb, *(c for c in verb.children if c.dep_ == "prt")],
                          lemma=verb.lemma_.lower())
        if verb.lemma_.lower() == "be":
            subject = r.subject(verb)
            if subject is not None and subject.i not in inside:
                return r.topic_words(subject), None
            enough = self._enough_for(verb)
            if enough is not None:
                return enough
        for obj in r.objects(verb):
            if obj.i in inside or any(t.i in inside for t in obj.subtree if t.i == anchor.i):
                continue
            if r.pronoun(obj):
                antecedent = r.antecedent(obj)
                if antecedent is not None:
                    return r.topic_words(antecedent.root), action
                continue
            return r.topic_words(obj), action
        if anchor.dep_ == "dobj" or anchor.head.i == verb.i or (
                # "tonsillitis usually clears up in three or four days": a time the verb
                # takes through a preposition is the subject's
                anchor.dep_ == "pobj" and anchor.head.head.i == verb.i):
            subject = r.subject(verb)
            if subject is not None and r.mention(subject) is not None and \
                    r.mention(subject).label_ != "group":  # type: ignore[union-attr]
                return r.topic_words(subject), action
        kinds = r.lexicon.classes_of(verb.lemma_.lower())
        if set(kinds) & {"activity", "exercise"}:
            return Words.of(verb, lemma=verb.lemma_.lower(), concept=verb.lemma_.lower(),
                            kind="exercise" if "exercise" in kinds else "activity"), action
        mention = self._nearest_mention(anchor)
        return (r.topic_words(mention.root) if mention is not None else None), action

    def _enough(self, anchor: Token) -> Words | None:
        """"is plenty" in "once a day is plenty": the copula and the word calling the amount
        it is said of enough."""
        verb = self._verb(anchor)
        if verb is not None and verb.dep_ == "csubj":
            verb = verb.head  # "doing them once a day is plenty": the act is the subject
        if verb is None or verb.lemma_.lower() != "be":
            return None
        enough = self._sufficiency(verb)
        return Words.of([verb, enough]) if enough is not None else None

    def _sufficiency(self, copula: Token) -> Token | None:
        return next((c for c in copula.children if c.dep_ in ("attr", "acomp")
                     and c.lower_ in self.r.lexicon.list(SUFFICIENCY_WORDS)), None)

    def _enough_for(self, copula: Token) -> tuple[Words, Words | None] | None:
        """What an amount called enough is enough of: the thing it is "plenty for" ("every
        other day is plenty for the arm programme"), or the object of the act it ends
        ("doing the exercises once a day is plenty"); not the people it suits ("plenty for
        most people")."""
        r = self.r
        enough = self._sufficiency(copula)
        if enough is None:
            return None
        target = next((t for p in (*enough.children, *copula.children)
                       if p.dep_ == "prep" and p.lower_ == "for"
                       for t in p.children if t.dep_ == "pobj"), None)
        if target is not None and not r.pronoun(target) and not (
                (m := r.mention(target)) is not None and m.label_ == "group") and \
                target.lemma_.lower() not in r.lexicon.list(PEOPLE_NOUNS):
            return r.topic_words(target), None
        # the act before the amount, however the parser hangs it ("doing the exercises
        # once a day is plenty"; "Once you are home, doing the exercises once a day ...")
        acts = [t for t in (copula.head, *copula.subtree) if t.tag_ == "VBG" and t.i < copula.i]
        for act in sorted(acts, key=lambda t: -t.i):
            objects = [o for o in r.objects(act) if not r.pronoun(o) and o.i < copula.i]
            if objects:
                return r.topic_words(objects[0]), Words.of(act, lemma=act.lemma_.lower())
        return None

    def _verb(self, token: Token) -> Token | None:
        for up in (token, *token.ancestors):
            if up.pos_ in ("VERB", "AUX") and up.i != token.i:
                return up
        return None

    def _action(self, token: Token) -> Words | None:
        verb = self._verb(token)
        if verb is None or verb.lemma_.lower() == "be":
            return None
        return Words.of([verb, *(c for c in verb.children if c.dep_ == "prt")],
                        lemma=verb.lemma_.lower())

    def _nearest_mention(self, anchor: Token) -> Span | None:
        """The medicine or supplement (or other topic) named nearest before the value in
        its sentence."""
        sent = anchor.sent
        best = None
        for span in self.doc.spans.get("mentions", []):
            if span.start < sent.start or span.end > sent.end or span.label_ in (
                    "group", "symptom", "condition"):
                continue
            if best is None or abs(span.start - anchor.i) < abs(best.start - anchor.i):
                best = span
        return best
