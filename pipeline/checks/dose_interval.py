"""Reading dose intervals ("every 2 hours", "at least 4 hours between doses") for the
unsafe-advice and contradiction checks. Medicines and their minimum intervals live in
``rules/instructions/unsafe.yaml`` (dose_intervals)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.checks.hold_duration import parse_number
from pipeline.knowledge.instructions import DoseIntervals, Medicine, normal


@dataclass(frozen=True)
class Interval:
    """A dosing interval in one sentence: how often to take (``minimum`` False) or the
    least time to leave between doses (``minimum`` True)."""

    hours: float
    minimum: bool
    medicine: Medicine | None
    sentence: Span
    token: Token


def _medicine(sentence: Span, spec: DoseIntervals) -> Medicine | None:
    words = {normal(t.text) for t in sentence} | {normal(t.lemma_) for t in sentence}
    for medicine in spec.medicines:
        if words & {normal(n) for n in medicine.names}:
            return medicine
    return None


def read_intervals(sentence: Span, spec: DoseIntervals) -> list[Interval]:
    """``every N (to M) hours`` (how often) and ``at least N hours between`` (a minimum), in a
    sentence about a medicine or its doses."""
    medicine = _medicine(sentence, spec)
    words = {normal(t.text) for t in sentence}
    if medicine is None and not words & {normal(w) for w in spec.dose_words}:
        return []
    tokens = list(sentence)
    found: list[Interval] = []
    for i, token in enumerate(tokens):
        if normal(token.lemma_) != "hour" or i == 0:
            continue
        j = i - 1
        while (j >= 2 and normal(tokens[j - 1].text) in ("to", "-", "or")
               and parse_number(tokens[j - 2]) is not None):
            j -= 2
        value = parse_number(tokens[j]) if normal(tokens[j].text) != "every" else 1.0
        if value is None:
            continue
        before = [normal(t.text) for t in tokens[max(0, j - 3) : j + 1]]
        after = [normal(t.text) for t in tokens[i + 1 : i + 4]]
        if "least" in before or ("between" in after and "every" not in before):
            found.append(Interval(value, True, medicine, sentence, tokens[j]))
        elif "every" in before:
            found.append(Interval(value, False, medicine, sentence, tokens[j]))
    return found
