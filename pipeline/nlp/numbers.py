"""Numbers in words and digits: the one number parser every reader uses.

``parse_number`` reads a run of tokens or strings that names one number ("33", "1,000",
"2.5", "½", "1/2", "twenty-four", "a hundred and six", "one and a half", "a dozen", "half");
``number_at`` finds the longest such run starting at a token and says where it ends;
``range_at`` reads "10 to 15", "10-15", "between 2 and 4", "10 or 12"; ``token_value`` and
``token_range`` read one token ("30", "ten", "8-12"); ``whole_number`` reads a count. The
number words live in ``rules/lexicon/numbers.yaml``, the unit words (what each measures and
its factor to the normal unit) in ``rules/lexicon/units.yaml`` (:func:`load_units`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from pipeline.knowledge.loader import StrictModel, load_model
from pipeline.knowledge.paths import rules_dir


class UnitSpec(StrictModel):
    """One unit word."""

    unit: str
    factor: float
    cls: str = Field(alias="class")


class UnitsFile(StrictModel):
    """``rules/lexicon/units.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    units: dict[str, UnitSpec]
    frequencies: dict[str, float]
    #: frequency words that say on which days, not how many times that day ("take it
    #: every day" allows twice a day; "daily" is at least once a day)
    open_frequencies: list[str] = Field(default_factory=list)
    periods: dict[str, float]


@lru_cache(maxsize=4)
def load_units(directory: Path | None = None) -> UnitsFile:
    """The units file of a rules directory."""
    return load_model((directory or rules_dir()) / "lexicon" / "units.yaml", UnitsFile)


def unit_factor(word: str, cls: str, directory: Path | None = None) -> float:
    """The factor that turns a value in unit ``word`` into the normal unit of its class
    ("minute" -> 60 seconds); an error when units.yaml does not list the word in ``cls``."""
    spec = load_units(directory).units.get(word)
    if spec is None or spec.cls != cls:
        raise KeyError(f"{word!r} is no {cls} unit in rules/lexicon/units.yaml")
    return spec.factor


class NumberWords(StrictModel):
    """``rules/lexicon/numbers.yaml``."""

    units: dict[str, float]
    tens: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    #: words that stand for one when they open a number phrase ("a hundred", "an hour")
    articles: list[str]
    #: words that name a number on their own but only in a counted phrase ("a dozen eggs",
    #: "a couple of weeks", "a pair of ...")
    counted: dict[str, float] = Field(default_factory=dict)
    #: joiners inside a number ("one hundred and six", "one and a half")
    joiners: list[str]
    #: number words that count times, not things ("once", "twice")
    times: list[str] = Field(default_factory=list)
    #: words between two numbers that make a range ("10 to 15", "10 or 12")
    range_words: list[str]


@lru_cache(maxsize=4)
def number_words(directory: Path | None = None) -> NumberWords:
    """The number words (loaded once per rules directory)."""
    return load_model((directory or rules_dir()) / "lexicon" / "numbers.yaml", NumberWords)


DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$|^\.\d+$")
FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")
DASHED_RANGE = re.compile(r"^(\d+(?:\.\d+)?)[-\u2013\u2014](\d+(?:\.\d+)?)$")
UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


def _word(item: object) -> str:
    text = item if isinstance(item, str) else getattr(item, "lower_", str(item))
    return text.lower().replace("\u2019", "'")


def digits_value(text: str) -> float | None:
    """The value of a number written in digits ("1,000", "2.5", "½", "1½", "3/4")."""
    text = text.strip()
    if not text:
        return None
    if DIGITS.match(text):
        return float(text.replace(",", ""))
    match = FRACTION.match(text)
    if match and int(match.group(2)):
        return int(match.group(1)) / int(match.group(2))
    if text in UNICODE_FRACTIONS:
        return UNICODE_FRACTIONS[text]
    if text[-1] in UNICODE_FRACTIONS and DIGITS.match(text[:-1]):
        return float(text[:-1]) + UNICODE_FRACTIONS[text[-1]]
    return None


def word_value(word: str, words: NumberWords | None = None) -> float | None:
    """The value of one number word ("seven", "twenty-four", "half"), or None."""
    words = words or number_words()
    word = _word(word)
    if word in words.units:
        return words.units[word]
    if word in words.tens:
        return words.tens[word]
    if word in words.fractions:
        return words.fractions[word]
    if "-" in word:
        first, _, second = word.partition("-")
        if first in words.tens and second in words.units and 0 < words.units[second] < 10:
            return words.tens[first] + words.units[second]
    return digits_value(word)


def parse_number(items: Sequence[object], words: NumberWords | None = None) -> float | None:
    """The number a whole run of tokens or strings names, or None when any of them is not
    part of a number ("twenty four", "a hundred and six", "one and a half", "1,000")."""
    words = words or number_words()
    tokens = [_word(t) for t in items if _word(t) not in ("", "-")]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    # what came last: None (nothing), "article", "digits", "unit", "tens", "scale", "and",
    # "fraction"
    last: str | None = None
    for index, word in enumerate(tokens):
        if word in words.articles:
            # "a hundred", "a dozen"; "one and a half": the article of a fraction
            if last is None:
                current, last = 1.0, "article"
                continue
            if last == "and" and index + 1 < len(tokens) and tokens[index + 1] in words.fractions:
                continue
            return None
        if word in words.joiners:
            if last not in ("scale", "unit", "tens", "digits"):
                return None
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if last != "scale" and following not in words.articles and \
                    following not in words.fractions:
                return None  # "2 and 4" is two numbers, not six
            last = "and"
            continue
        if word in words.scales:
            if last not in (None, "article", "digits", "unit", "tens"):
                return None
            scale = words.scales[word]
            if scale >= 1000:
                total += max(current, 1.0) * scale
                current = 0.0
            else:
                current = max(current, 1.0) * scale
            last = "scale"
            continue
        if word in words.fractions:
            fraction = words.fractions[word]
            if last is None:
                current, last = fraction, "fraction"
            elif last == "article" and index == 1:
                current, last = fraction, "fraction"  # "a half", "a quarter"
            elif last == "and":
                current += fraction
                last = "fraction"
            else:
                return None
            continue
        if word in words.counted:
            if index != len(tokens) - 1 or last not in (None, "article", "digits", "unit"):
                return None
            current = words.counted[word] * (current if last in ("digits", "unit") else 1.0)
            last = "unit"
            continue
        if word in words.tens:
            if last not in (None, "scale", "and"):
                return None
            current += words.tens[word]
            last = "tens"
            continue
        value = word_value(word, words)
        if value is None:
            return None
        digit = word not in words.units
        if last == "tens" and not digit and 0 < value < 10:
            current += value  # "twenty four"
        elif last in (None, "scale", "and") or (last == "article" and digit):
            current = value if last in (None, "article") else current + value
        else:
            return None
        last = "digits" if digit else "unit"
    if last in (None, "article", "and"):
        return None
    return total + current


def token_value(item: object, *, article_is_one: bool = False, times: bool = True,
                words: NumberWords | None = None) -> float | None:
    """The number one token or word names ("30", "2.5", "1,000", "ten", "forty-five",
    "half", "dozen"), or None. With ``article_is_one``, "a" and "an" count as one (the
    article of "hold for a minute"); without ``times``, "once" and "twice" are no number."""
    words = words or number_words()
    word = _word(item)
    memo = _SINGLE_VALUES.get(id(words))
    if memo is None or memo[0] is not words:
        memo = _SINGLE_VALUES[id(words)] = (words, {})
    key = (word, article_is_one, times)
    if key in memo[1]:
        return memo[1][key]
    if article_is_one and word in words.articles:
        value: float | None = 1.0
    elif not times and word in words.times:
        value = None
    else:
        value = parse_number([word], words)
    memo[1][key] = value
    return value


#: one token's value by its words, per number-word table: every reader asks about every
#: token, and a word's value never changes
_SINGLE_VALUES: dict[int, tuple[NumberWords, dict[tuple[str, bool, bool], float | None]]] = {}


def token_range(item: object, *, times: bool = True, words: NumberWords | None = None
                ) -> tuple[float, float] | None:
    """The range one token names ("8-12", "10–15") as (first, second), or its number as
    (value, value) ("10", "ten", "a"), or None."""
    words = words or number_words()
    match = DASHED_RANGE.match(_word(item))
    if match:
        return float(match.group(1)), float(match.group(2))
    value = token_value(item, article_is_one=True, times=times, words=words)
    return None if value is None else (value, value)


def whole_number(items: Sequence[object], words: NumberWords | None = None) -> int | None:
    """The whole number a run of tokens names ("33", "twenty-four", "two hundred and six"),
    or None when it names no number or a fraction."""
    value = parse_number(items, words)
    if value is None or value != int(value):
        return None
    return int(value)


def is_number_word(token: object, words: NumberWords | None = None) -> bool:
    """Whether a token can be part of a number phrase."""
    words = words or number_words()
    word = _word(token)
    return (word_value(word, words) is not None or word in words.scales
            or word in words.counted or DASHED_RANGE.match(word) is not None)


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number read from tokens ``start``..``end`` (exclusive): ``low``..``high``."""

    start: int
    end: int
    low: float
    high: float

    @property
    def is_range(self) -> bool:
        """Whether two different values were given ("10 to 15")."""
        return self.high != self.low


def number_at(tokens: Sequence[object], start: int,
              words: NumberWords | None = None) -> NumberSpan | None:
    """The longest number phrase starting at ``tokens[start]`` ("twenty four", "a hundred",
    "1,000", "one and a half"), or None. An article alone ("a", "an") is no number."""
    words = words or number_words()
    first = _word(tokens[start])
    match = DASHED_RANGE.match(first)
    if match:
        low, high = float(match.group(1)), float(match.group(2))
        return NumberSpan(start, start + 1, min(low, high), max(low, high))
    best: NumberSpan | None = None
    end = start
    while end < len(tokens) and end - start < 8:
        word = _word(tokens[end])
        if not (is_number_word(word, words) or word in words.joiners
                or word in words.articles):
            break
        end += 1
        run = tokens[start:end]
        last = _word(run[-1])
        if last in words.joiners or (len(run) == 1 and last in words.articles):
            continue
        value = parse_number(run, words)
        if value is not None:
            best = NumberSpan(start, end, value, value)
    return best


def range_at(tokens: Sequence[object], start: int,
             words: NumberWords | None = None) -> NumberSpan | None:
    """A number or a range starting at ``tokens[start]``: "10 to 15", "10-15", "10 or 12",
    "between 2 and 4" (the "between" included)."""
    words = words or number_words()
    opened = _word(tokens[start]) == "between" and start + 1 < len(tokens)
    first = number_at(tokens, start + 1 if opened else start, words)
    if first is None:
        return None
    joiners = ("and",) if opened else tuple(words.range_words)
    j = first.end
    if j + 1 < len(tokens) and _word(tokens[j]) in joiners:
        second = number_at(tokens, j + 1, words)
        if second is not None and second.low > first.low:
            return NumberSpan(start, second.end, first.low, second.high)
    if opened:
        return None
    return first


def share_in(tokens: Sequence[object], words: NumberWords | None = None) -> float | None:
    """The share of people a phrase states, as a fraction: "1 in 10", "one in five", "six in
    every ten", "3 out of 4", "20%", "20 percent", "half", "a third", "one-third", "two-thirds"."""
    words = words or number_words()
    texts = [_word(t) for t in tokens]
    for i in range(len(texts)):
        first = number_at(tokens, i, words)
        if first is not None:
            j = first.end
            if j < len(texts) and texts[j] in ("in", "out"):
                k = j + (2 if texts[j] == "out" and j + 1 < len(texts) and texts[j + 1] == "of"
                         else 1)
                if k < len(texts) and texts[k] == "every":
                    k += 1  # "six in every ten"
                second = number_at(tokens, k, words) if k < len(texts) else None
                if second is not None and second.low and first.low <= second.low:
                    return first.low / second.low
            k = j + 1 if j < len(texts) and texts[j] == "-" else j
            if k < len(texts) and texts[k].rstrip("s") in words.fractions and \
                    texts[k].rstrip("s") != "half":
                return first.low * words.fractions[texts[k].rstrip("s")]  # "two thirds"
            if (j < len(texts) and texts[j] in ("%", "percent")) or " ".join(
                    texts[j:j + 2]) == "per cent":
                return first.low / 100
        word = texts[i]
        if word in words.fractions and not (
                i > 0 and number_at(tokens, i - 1, words)
                and texts[i - 1] not in (*words.articles, "one")):
            return words.fractions[word]  # "half", "a third", "one quarter"
        for part in ("-third", "-thirds", "-quarter", "-quarters", "-half"):
            if word.endswith(part):
                count = word_value(word[: -len(part)], words)
                base = {"-third": 3, "-thirds": 3, "-quarter": 4, "-quarters": 4,
                        "-half": 2}[part]
                if count:
                    return count / base
    return None
