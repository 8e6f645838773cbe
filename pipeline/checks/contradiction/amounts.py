"""Amounts for the same exercise that cannot both be followed: "Do 10 repetitions" and later
"repeat 30 times"; "three times a day" and "no more than every other day" (part of the
contradiction family).

The amounts are read by :mod:`pipeline.nlp.readers.exercise_amounts`. They are compared only
within one exercise (its group of sentences, or another sentence naming it, such as a summary
list "Heel raises: 2 sets of 20"), or against a statement for all exercises ("Hold each
stretch for 5 seconds"). Amounts that may differ by design (a progression, phase, audience or
choice) are left alone, and so are ranges that overlap ("8 to 12" and "10").
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from pipeline.checks.base import CheckContext
from pipeline.findings import Finding
from pipeline.knowledge.instructions import normal
from pipeline.nlp.readers.exercise_amounts import Amount, AmountsFile, collect, load_amounts


def _names(a: Amount, b: Amount) -> bool:
    """Whether ``b``'s sentence names the exercise ``a`` belongs to ("Tip: the chin tuck
    works best ..." after "Chin tuck: ..."): all of its label (or target) words, when
    they are more than one generic noun."""
    lemmas = frozenset(normal(t.lemma_) for t in b.sentence) | frozenset(
        normal(t.text) for t in b.sentence)
    return any(len(name) >= 2 and name <= lemmas for name in (a.label, a.target))


def _same_scope(a: Amount, b: Amount) -> bool:
    if a.kind == "tablets":
        # one medicine's daily limit: unless the two sentences name different medicines
        return not (a.label and b.label and not a.label & b.label)
    if a.target and b.target and not (a.general or b.general) and a.target != b.target:
        return False
    if a.action and b.action and a.action != b.action and a.kind != "frequency":
        return False
    for one, other in ((a, b), (b, a)):
        # "Walk briskly every day" and "Do the strengthening routine twice a week"
        if one.kind == "frequency" and one.action not in (None, "be", "have") and (
                other.target and one.action not in other.target
                and other.action in (None, *other.target)):
            return False
    if a.group == b.group:
        return True
    if a.label and b.label and (a.label <= b.label or b.label <= a.label):
        return True
    if _names(a, b) or _names(b, a):
        return True
    return a.general or b.general


def _conflict(a: Amount, b: Amount, spec: AmountsFile) -> bool:
    if a.kind != b.kind or a.sentence.start == b.sentence.start or not _same_scope(a, b):
        return False
    if a.kind == "hold" and (a.cap or b.cap):
        return False  # stated maxima of hold times: contradiction._hold_conflicts
    for cap, other in ((a, b), (b, a)):
        if cap.cap and not other.cap:
            most = other.low if math.isinf(other.high) else other.high
            return most > cap.high and not other.free
    if a.cap or b.cap or a.free or b.free:
        return False
    low, high = (a, b) if a.high < b.low else (b, a)
    if low.high >= high.low:
        return False
    return high.low >= low.high * spec.ratios.get(a.kind, 2.0)


def amount_conflicts(ctx: CheckContext) -> Iterator[Finding]:
    """A finding for each later amount that contradicts an earlier one (once per sentence
    pair and kind)."""
    spec = ctx.knowledge.load(load_amounts)
    amounts = collect(ctx.doc, spec, ctx.knowledge.directory)
    reported: set[tuple[int, int]] = set()
    for j, later in enumerate(amounts):
        for earlier in amounts[:j]:
            key = (earlier.sentence.start, later.sentence.start)
            if key in reported or not _conflict(earlier, later, spec):
                continue
            reported.add(key)
            yield _finding(ctx, earlier, later, spec)
            break


def _finding(ctx: CheckContext, earlier: Amount, later: Amount,
             spec: AmountsFile) -> Finding:
    rule = spec.rules[later.kind]
    what = {"reps": "repetitions", "sets": "sets", "hold": "how long to hold",
            "frequency": "how often to do the exercises",
            "tablets": "how many tablets to take in a day"}[later.kind]
    if earlier.cap or later.cap:
        cap, other = (earlier, later) if earlier.cap else (later, earlier)
        message = (f"Conflicting advice on {what}: one sentence allows at most "
                   f"{cap.text().replace('at least ', '')}, another says {other.text()}.")
    else:
        message = (f"Conflicting advice on {what}: this sentence says {later.text()}, an "
                   f"earlier one says {earlier.text()} for the same exercise.")
    return ctx.finding(
        rule, later.sentence.start_char, later.sentence.end_char,
        message=message,
        explanation=f"Readers cannot follow both. {spec.source or ''}".strip(),
        suggestion=(f"Give one amount for {what} and use it everywhere; if it should change "
                    "over time or differ between exercises, say when and for which."),
        related=[ctx.related(earlier.sentence.start_char, earlier.sentence.end_char,
                             f"earlier: {earlier.text()}")],
        confidence=0.7,
    )
