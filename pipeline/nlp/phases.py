"""When a phase holds, as a time interval after the event it counts from.

"For the first 24 hours" holds from 0 to 24 hours after the article's event (an operation,
an injury, the start of a course); "as soon as you get home" and "straight away" hold near
its start; "about an hour after your extraction" at one hour; "after 48 hours" and "from day
two" from then on; "for three hours after a meal" from 0 to 3 hours after a meal. Two
phases counted from the same kind of event can then be compared: advice for the first day
and advice for straight away overlap, advice for the first day and advice after a week do
not. The words live in ``rules/lexicon/core.yaml`` (``phase_*``), the units in
``rules/lexicon/units.yaml``, the numbers are read by :mod:`pipeline.nlp.numbers`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.knowledge.lexicon import Lexicon, declare
from pipeline.nlp.numbers import load_units, number_words, parse_number

IMMEDIATE = declare("phase_immediate", "phrases for right at the start of a phase (as soon as, "
                    "straight away, straight after)")
MEAL_ANCHORS = declare("phase_meal_anchors", "events of eating a phase can count from (meal, "
                       "breakfast)")
#: how long "straight away" lasts: the first two hours
IMMEDIATE_SECONDS = 2 * 3600.0
WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?(?:-[a-z]+)?")


@dataclass(frozen=True, slots=True)
class PhaseInterval:
    """A phase as seconds after its event: ``anchor`` names the kind of event ("meal") or
    is None for the article's own event; ``high`` may be infinite."""

    anchor: str | None
    low: float
    high: float

    def overlaps(self, other: PhaseInterval) -> bool:
        """Whether some moment falls in both. Two spans that only touch do not overlap ("for
        the first 48 hours" / "after 48 hours"); a moment on a span's end is in it."""
        if self.low == self.high or other.low == other.high:
            return self.low <= other.high and other.low <= self.high
        return self.low < other.high and other.low < self.high


def phase_interval(text: str, lexicon: Lexicon,
                   directory: Path | None = None) -> PhaseInterval | None:
    """The interval a phase's words name, or None when they name none this module reads
    ("until the swelling goes down", "during pregnancy")."""
    lowered = " " + " ".join(WORD.findall(text.lower().replace("’", "'"))) + " "
    words = lowered.split()
    anchor = _anchor(words, lexicon)
    if any(f" {p} " in lowered for p in lexicon.list(IMMEDIATE)):
        return PhaseInterval(anchor, 0.0, IMMEDIATE_SECONDS)
    amount = _duration(words, directory)
    if amount is None:
        return None
    seconds, j, i = amount
    prefix, rest = words[:j], words[i + 1:]
    first = "first" in words[max(j - 1, 0):i]  # "the first 24 hours", "the first day"
    if first:
        prefix = [w for w in prefix if w != "first"]
    if prefix[-1:] in (["after"], ["from"], ["following"], ["since"], ["beyond"]) or \
            prefix[-2:] in (["after", "the"], ["from", "the"]):
        return PhaseInterval(anchor, seconds, math.inf)  # after (the first) 48 hours
    if first or "within" in prefix:
        return PhaseInterval(anchor, 0.0, seconds)  # the first day, within 24 hours
    if "for" in prefix[-2:] and "after" in rest:
        return PhaseInterval(anchor, 0.0, seconds)  # for three hours after a meal
    if "after" in rest:
        return PhaseInterval(anchor, seconds, seconds)  # an hour after the extraction
    return None


def _anchor(words: list[str], lexicon: Lexicon) -> str | None:
    meals = lexicon.list(MEAL_ANCHORS)
    for i, word in enumerate(words):
        if word in ("after", "before", "following") and any(
                w in meals for w in words[i + 1:i + 5]):
            return "meal"
    return None


def _duration(words: list[str], directory: Path | None) -> tuple[float, int, int] | None:
    """The first time amount in ``words`` in seconds ("24 hours", "a week", "the first
    day", "day two": from the start of the second day), the index where its words start
    and the index of its unit."""
    units = load_units(directory).units
    numbers = number_words(directory)
    for i, word in enumerate(words):
        spec = units.get(word)
        if spec is None or spec.cls != "time":
            continue
        j = i
        while j > 0 and parse_number(words[j - 1:i], numbers) is not None:
            j -= 1
        if j < i:
            value = parse_number(words[j:i], numbers)
            if value is not None:
                return value * spec.factor, j, i
        if i > 0 and words[i - 1] in ("a", "an", "one", "first", "the"):
            return spec.factor, i - 1, i  # "a day", "the first day": one of them
        after = parse_number(words[i + 1:i + 2], numbers) if i + 1 < len(words) else None
        if after is not None:
            return (after - 1) * spec.factor, i, i + 1  # "day two" starts after day one
    return None
