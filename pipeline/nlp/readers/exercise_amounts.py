"""How much and how often an article says to exercise: repetitions, sets, hold times,
sessions per day or week, and tablets a day ("Do 10 repetitions", "repeat 30 times", "three
times a day", "no more than every other day", "Heel raises: 2 sets of 20").

The words live in ``rules/instructions/amounts.yaml``, numbers and units come from
:mod:`pipeline.nlp.numbers`. Each :class:`Amount` carries its scope (the exercise group, a
step label or the exercise an instruction names, or all exercises: "Hold each stretch for 5
seconds") and whether it may differ by design: a progression, phase, audience or choice
("start with 5 and build up to 15", "in the first week", "beginners", "either").
:mod:`pipeline.checks.contradiction.amounts` judges which amounts cannot both be followed.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import Field
from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.instructions import normal
from pipeline.knowledge.lexicon import declare, default_lexicon
from pipeline.knowledge.loader import StrictModel, load_model
from pipeline.nlp.components.instructions import (
    conditional,
    groups_of,
    instruction_heads,
    negated,
    quoted,
    third_party,
)
from pipeline.nlp.numbers import token_range, unit_factor
from pipeline.nlp.sentences import sentence_list

PHASE_MARKERS = declare("phase_markers", "subordinators of a time clause that scopes an "
                        "amount to a phase (once, while, until)")
CAP_NEGATIONS = declare("cap_negations", "words before 'more than' that make an amount a "
                        "maximum (never more than, DON'T do more than)")



class AmountsFile(StrictModel):
    """``rules/instructions/amounts.yaml``."""

    rules: dict[str, str]
    ratios: dict[str, float]
    rep_nouns: list[str]
    set_nouns: list[str]
    count_verbs: list[str]
    periods: dict[str, float]
    multiples: dict[str, float]
    fixed: dict[str, float | tuple[float, float]]
    caps: list[str]
    minimums: list[str]
    general: list[str]
    dose_nouns: list[str] = Field(default_factory=list)
    day_words: list[str] = Field(default_factory=list)
    medicines: list[str] = Field(default_factory=list)
    quantifiers: list[str]
    exercise_nouns: list[str]
    progression: list[str] = Field(default_factory=list)
    #: time units a hold is given in (their factors: rules/lexicon/units.yaml)
    hold_units: list[str] = Field(default_factory=list)
    hold_verbs: frozenset[str]
    fillers: frozenset[str]
    count_links: frozenset[str]
    not_counted: frozenset[str]
    set_words: frozenset[str]
    target_determiners: frozenset[str]
    target_stops: frozenset[str]
    source: str | None = None


def load_amounts(directory: Path) -> AmountsFile:
    """Load and validate ``amounts.yaml`` (memoised per run by the KnowledgeBase)."""
    return load_model(directory / "instructions" / "amounts.yaml", AmountsFile)


@dataclass(frozen=True)
class Amount:
    """One amount in one sentence: a range ``low``..``high`` of ``kind``."""

    kind: str  # reps, sets, hold, frequency
    low: float
    high: float
    cap: bool
    sentence: Span
    token: Token
    group: int
    general: bool
    label: frozenset[str]
    free: bool  # a progression, phase, audience or choice: may differ by design
    target: frozenset[str] = frozenset()  # what to do: "the stretches", "the wall squat"
    action: str | None = None  # the movement counted: "roll ... ten times" -> roll

    def text(self) -> str:
        """The amount in words for a message."""
        unit = {"reps": " repetitions", "sets": " sets", "hold": " seconds",
                "frequency": " times a week", "tablets": " tablets a day"}[self.kind]
        if self.high == self.low:
            if self.kind == "frequency" and self.low in (1, 2):
                return ("once" if self.low == 1 else "twice") + " a week"
            if self.low == 1:  # "1 repetition", "1 set", "1 second", "1 tablet a day"
                return f"1{unit.replace('s a day', ' a day').rstrip('s')}"
            return f"{self.low:g}{unit}"
        if math.isinf(self.high):
            return f"at least {self.low:g}{unit}"
        return f"{self.low:g} to {self.high:g}{unit}"


def _number(token: Token) -> tuple[float, float] | None:
    """A number or a range in one token ("10", "ten", "a", "8-12")."""
    return token_range(token, times=False)


def _count_before(tokens: Sequence[Token], i: int, spec: AmountsFile
                  ) -> tuple[int, float, float] | None:
    """The number (or range "8 to 12", "8-12", "10 or 12") ending just before ``i``."""
    j = i - 1
    # "a full minute", "10 slow repetitions", "20 quick head turns"
    while j > 0 and normal(tokens[j].text) in spec.fillers:
        j -= 1
    if j < 0:
        return None
    last = _number(tokens[j])
    if last is None:
        return None
    low, high = last
    if j >= 2 and normal(tokens[j - 1].text) in ("to", "-", "\u2013", "or", "and"):
        first = _number(tokens[j - 2])
        if first is not None and normal(tokens[j - 2].text) not in ("a", "an"):
            low = first[0]
            j -= 2
    return j, low, high


def _phrase_before(tokens: Sequence[Token], j: int, phrases: Sequence[str]) -> bool:
    window = " " + " ".join(normal(t.text) for t in tokens[max(0, j - 5) : j]) + " "
    return any(window.endswith(" " + p + " ") for p in phrases)


def _has(text: str, phrases: Sequence[str]) -> bool:
    return _phrase_pattern(tuple(phrases)).search(text) is not None


@functools.lru_cache(maxsize=256)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation per phrase list (``re``'s own cache is too small for them)."""
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def read_amounts(sentence: Span, spec: AmountsFile, group: int, general_group: bool,
                 label: frozenset[str], free: bool) -> list[Amount]:
    """Every repetition, set, hold and frequency amount in ``sentence``."""
    tokens = list(sentence)
    lowered = [normal(t.text) for t in tokens]
    general = any(w in spec.general for w in lowered) or any(
        w in spec.quantifiers and n in spec.exercise_nouns
        for w, n in itertools.pairwise(lowered))
    found: list[Amount] = []
    cap_negations = default_lexicon().list(CAP_NEGATIONS)

    def add(kind: str, j: int, low: float, high: float) -> None:
        cap = _phrase_before(tokens, j, spec.caps) or (
            _phrase_before(tokens, j, ["more than"])
            and any(w in cap_negations for w in lowered[:j]))
        if _phrase_before(tokens, j, spec.minimums) or " or more " in (
                " " + " ".join(lowered[j + 1 : j + 5]) + " "):
            high = math.inf
        if _phrase_before(tokens, j, ["up to"]):
            low = min(low, 1.0)
        named = label
        if kind == "tablets":
            named = frozenset(w for w in lowered if w in spec.medicines)
        found.append(Amount(kind, low, high, cap, sentence, tokens[j], group, general, named,
                            free, _target(sentence, spec), _action(tokens[j], spec)))

    for i, token in enumerate(tokens):
        word = lowered[i]
        lemma = normal(token.lemma_)
        nxt = lowered[i + 1] if i + 1 < len(tokens) else ""
        after = lowered[i + 1 : i + 3]
        if lemma in spec.set_nouns or word in spec.set_nouns:
            counted = _count_before(tokens, i, spec)
            if counted is not None:
                add("sets", *counted)
                if nxt == "of" and i + 2 < len(tokens) and _number(tokens[i + 2]) is not None:
                    low, high = _number(tokens[i + 2])  # type: ignore[misc]
                    add("reps", i + 2, low, high)
            continue
        period = _period(after, spec)
        if word in spec.multiples and period is not None:
            add("frequency", i, spec.multiples[word] * period, spec.multiples[word] * period)
            continue
        if lemma in ("time",) and word in ("time", "times"):
            counted = _count_before(tokens, i, spec)
            if counted is None:
                continue
            if period is not None:
                j, low, high = counted
                add("frequency", j, low * period, high * period)
            elif word == "times":
                add("reps", *counted)
            continue
        if lemma in spec.dose_nouns:
            # "no more than eight tablets in 24 hours", "up to 12 tablets"
            counted = _count_before(tokens, i, spec)
            if counted is not None and (
                    _phrase_before(tokens, counted[0], [*spec.caps, "up to"])
                    or any(w in spec.day_words for w in lowered[i + 1 : i + 6])):
                add("tablets", *counted)
            continue
        if lemma in spec.rep_nouns and word not in ("each",) and lemma != "time":
            counted = _count_before(tokens, i, spec)
            if counted is not None:
                add("reps", *counted)
            continue
        if lemma in spec.hold_units and word not in ("s",) and i > 0:
            counted = _count_before(tokens, i, spec)
            if counted is None:
                continue
            j, low, high = counted
            if period is not None:  # "ten minutes a day": a daily session
                add("frequency", j, period, period)
            elif {normal(t.lemma_) for t in tokens[:j]} & spec.hold_verbs:
                factor = unit_factor(lemma, "time")
                add("hold", j, low * factor, high * factor)
            continue
        counted_noun = _counted_noun(tokens, lowered, i, spec)
        if counted_noun is not None:
            add("reps", i, *counted_noun)
            found[-1] = replace(found[-1], action=None)
            continue
        if lemma in spec.count_verbs and i + 1 < len(tokens):
            number = _number(tokens[i + 1])
            if number is not None and normal(tokens[i + 1].text) not in ("a", "an") and (
                i + 2 >= len(tokens) or lowered[i + 2] in (".", ",", ";", "on", "with",
                                                           "per", "each", "of", "!")
            ) and not (i + 3 < len(tokens) and lowered[i + 2] == "of"):
                add("reps", i + 1, *number)
    # fixed frequencies ("every day", "morning and evening"): the largest one said, and of
    # equal ones the longest phrase ("a single session each day" over "each day")
    best: tuple[float, float, int] | None = None
    best_length = 0
    present = set(lowered)
    for phrase, per_week in spec.fixed.items():
        words = phrase.split()
        if not present.issuperset(words):
            continue
        index = next((i for i in range(len(tokens) - len(words) + 1)
                      if lowered[i : i + len(words)] == words), None)
        # "your daily routine", "daily life": an adjective of another noun
        if index is None or (len(words) == 1 and tokens[index].dep_ == "amod"):
            continue
        low, high = per_week if isinstance(per_week, tuple) else (per_week, per_week)
        if best is None or low > best[0] or (low == best[0] and len(words) > best_length):
            best = (low, high, index)
            best_length = len(words)
    if best is not None and not any(a.kind == "frequency" for a in found):
        add("frequency", min(best[2], len(tokens) - 1), best[0], best[1])
    return found


def _counted_noun(tokens: Sequence[Token], lowered: Sequence[str], i: int,
                  spec: AmountsFile) -> tuple[float, float] | None:
    """A number that counts the exercise itself right after a counting verb: "Complete 30
    shrugs", "do only five heel raises", "aim for 40 turns", "stop after 4 clamshells"."""
    number = _number(tokens[i])
    if number is None or lowered[i] in ("a", "an") or number[1] < 2:
        return None
    j = i - 1
    while j >= 0 and lowered[j] in spec.count_links:
        j -= 1
    if j < 0:
        return None
    verb = normal(tokens[j].lemma_)
    if verb not in spec.count_verbs and lowered[j] not in spec.count_verbs and verb != "stop":
        return None
    if j > 0 and lowered[j - 1] in ("i", "we", "they", "people", "he", "she"):
        return None
    for k in range(i + 1, min(i + 7, len(tokens))):
        token = tokens[k]
        word = lowered[k]
        if word in ("-", "\u2011"):
            continue  # "push-ups", "step-ups"
        if not token.is_alpha or token.pos_ in ("ADP", "DET", "PRON", "CCONJ", "SCONJ",
                                                "PART", "AUX", "NUM"):
            return None
        if word in spec.fillers or (k < i + 5 and not word.endswith("s")):
            continue
        noun = normal(token.lemma_)
        if not word.endswith("s") or word.endswith("ss") or noun in spec.not_counted or (
                word in spec.set_nouns or noun in spec.set_nouns or noun in spec.rep_nouns
                or noun in spec.dose_nouns or noun in spec.exercise_nouns
                or noun in spec.hold_units or word in spec.periods):
            return None
        return number
    return None


def _period(after: Sequence[str], spec: AmountsFile) -> float | None:
    """"a day", "per week", "each day", "daily" just after a count: times per week."""
    if not after:
        return None
    if after[0] in spec.periods:
        return spec.periods[after[0]]
    if after[0] in ("a", "an", "per", "each", "every") and len(after) > 1:
        return spec.periods.get(after[1])
    return None


def _action(token: Token, spec: AmountsFile) -> str | None:
    """The specific movement an amount counts ("flex your foot 20 times" -> flex); None for
    do/repeat and for rows without a verb."""
    for head in token.ancestors:
        if head.pos_ in ("VERB", "AUX"):
            lemma = normal(head.lemma_)
            return None if lemma in spec.count_verbs or lemma in spec.hold_verbs or (
                lemma in ("practise", "practice")) else lemma
    return None


def _target(sentence: Span, spec: AmountsFile) -> frozenset[str]:
    """The exercise a sentence's instruction names as its object ("Do the strengthening
    exercise twice a week"): the object noun with its modifiers, or nothing for pronouns."""
    for token in sentence:
        if token.dep_ == "dobj" and token.pos_ in ("NOUN", "PROPN") and (
            token.head.pos_ in ("VERB", "AUX")
        ) and normal(token.head.lemma_) in ("do", "repeat", "perform", "practise", "practice"):
            if normal(token.lemma_) in spec.set_words:
                # "Do 3 sets of 8 bridges": the sets count the bridges
                token = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children if g.dep_ == "pobj"
                              and g.pos_ in ("NOUN", "PROPN")
                              and normal(g.lemma_) not in ("exercise", "stretch", "movement",
                                                           "one")), token)
                if normal(token.lemma_) in spec.set_words:
                    return frozenset()
            words = [t for t in token.subtree
                     if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and t.i <= token.i]
            return frozenset(normal(t.lemma_) for t in words)
    # the parser often reads "Do the calf stretch every day" with "stretch" as the verb:
    # take the words after a leading "do" up to the amount
    tokens = [t for t in sentence if not t.is_space]
    if not tokens or normal(tokens[0].lemma_) not in ("do", "repeat", "perform"):
        return frozenset()
    named: list[str] = []
    for token in tokens[1:]:
        word = normal(token.text)
        if word in spec.target_determiners:
            continue
        if not token.is_alpha or token.like_num or word in spec.target_stops or token.pos_ == "ADP":
            break
        named.append(normal(token.lemma_))
    return frozenset(named)


def _label_words(sentence: Span) -> frozenset[str]:
    """Content words of a step label ("Heel raises: ...", "| Press-up | 30 |")."""
    words: list[Token] = []
    for token in sentence[:8]:
        if token.text in (":", "|", "\u2013", "\u2014") and words:
            return frozenset(normal(t.lemma_) for t in words
                             if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") or t.is_alpha)
        if token.text == "|":
            continue
        if token.like_num:
            break
        words.append(token)
    return frozenset()


def _after_count_verb(token: Token, spec: AmountsFile) -> bool:
    """"For the full benefit, complete five sets": the number follows a counting verb
    that the small parser may not read as a verb."""
    doc = token.doc
    j = token.i - 1
    while j >= token.sent.start and normal(doc[j].text) in spec.count_links:
        j -= 1
    return j >= token.sent.start and normal(doc[j].text) in spec.count_verbs and (
        j == token.sent.start or normal(doc[j - 1].text) in (",", ":", "then", "and", "now"))


def _prescribed(sentence: Span, spec: AmountsFile) -> bool:
    """A passive rule with should/must on a counting verb ("This exercise should be done
    5 times per session")."""
    return any(t.tag_ == "VBN" and normal(t.lemma_) in spec.count_verbs and any(
        c.dep_ == "aux" and normal(c.text) in ("should", "must") for c in t.children)
        for t in sentence)


def _fragment(sentence: Span, spec: AmountsFile) -> bool:
    """Words without a verb ("3 sets of 12 reps", "30 repetitions", "Press-up")."""
    return not any(t.pos_ in ("VERB", "AUX") or normal(t.lemma_) in spec.count_verbs
                   for t in sentence) and len(sentence) <= 12


def collect(doc: Doc, spec: AmountsFile, rules_directory: Path | None = None) -> list[Amount]:
    """Every amount in the article that is advice (an instruction, a list step or a
    summary row), with its scope."""
    headings = {start for start, _end, kind in doc.user_data.get("medlint_blocks", ())
                if kind in ("heading", "title")}
    sentences = list(sentence_list(doc))
    before = {b.start: a for a, b in itertools.pairwise(sentences)}
    blocks = sorted(doc.user_data.get("medlint_blocks", ()))
    starts = [start for start, _end, _kind in blocks]

    def kind_of(sentence: Span) -> str:
        index = bisect_right(starts, sentence.start_char) - 1
        return str(blocks[index][2]) if index >= 0 else "paragraph"

    found: list[Amount] = []
    for group in groups_of(doc, rules_directory):
        group_label: frozenset[str] = frozenset()
        previous: Span | None = None
        for sentence in group.sentences:
            # "Daily habits" is a heading; "Wall push-up: 30 repetitions" may be read as one
            if sentence.start_char in headings and not any(t.like_num for t in sentence):
                previous = sentence
                continue
            label = _label_words(sentence)
            # a summary row: a list item or table cell without a verb ("3 sets of 12 reps")
            fragment = _fragment(sentence, spec) and kind_of(sentence) in ("list_item",
                                                                            "table_cell")
            # a table row read cell by cell: "Press-up" then "30 repetitions"
            cell = before.get(sentence.start)
            if fragment and not label and cell is not None and _fragment(cell, spec) and (
                    len(cell) <= 5 and not any(t.like_num for t in cell)):
                label = frozenset(normal(t.lemma_) for t in cell if t.is_alpha)
            if label and not group_label:
                group_label = label
            lowered = " " + " ".join(normal(t.text) for t in sentence) + " "
            phases = default_lexicon().list(PHASE_MARKERS)
            free = _has(lowered, spec.progression) or (
                previous is not None and _has(" " + normal(previous.text) + " ",
                                              ("after that", "later on", "from then on"))
            ) or any(t.dep_ == "mark" and t.lower_ in phases and t.head.dep_ == "advcl"
                     for t in sentence)  # "once things have settled, once a day is enough"
            for amount in read_amounts(sentence, spec, group.index, group.general,
                                       label or group_label, free):
                head = [amount.token]
                if quoted(head) or conditional(head) or third_party(head):
                    continue
                if negated(head) and not amount.cap:
                    continue
                leading = next((t for t in sentence if t.is_alpha), None)
                if not amount.cap and not instruction_heads(sentence) and not label and (
                    not _prescribed(sentence, spec) and not _after_count_verb(amount.token, spec)
                ) and (
                    amount.kind != "frequency"
                ) and not fragment and (
                        leading is None or normal(leading.lemma_) not in spec.count_verbs):
                    continue
                if fragment and not label and not group_label:
                    # a bare row in a summary applies to the article's routine; under an
                    # exercise's label ("Ankle pumps: ... 20 slow repetitions.") to that one
                    amount = replace(amount, general=True)
                found.append(amount)
            previous = sentence
    return found
