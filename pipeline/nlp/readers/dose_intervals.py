"""Dose intervals ("every 2 hours", "at least 4 hours between doses"), read for the
unsafe-advice and contradiction checks, which judge them. Medicines and their minimum
intervals live in ``rules/instructions/unsafe.yaml`` (dose_intervals)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.knowledge.instructions import DoseIntervals, Medicine, normal
from pipeline.nlp.numbers import token_value
from pipeline.nlp.sentences import sentence_list


@dataclass(frozen=True)
class Interval:
    """A dosing interval in one sentence: how often to take (``minimum`` False) or the
    least time to leave between doses (``minimum`` True)."""

    hours: float
    minimum: bool
    medicine: Medicine | None
    sentence: Span
    token: Token


def _number(token: Token) -> float | None:
    """A number written in digits or as a word ("4", "four", "an" hour), or None."""
    return token_value(token, article_is_one=True, times=False)


def _medicine(sentence: Span, spec: DoseIntervals) -> Medicine | None:
    words = {normal(t.text) for t in sentence} | {normal(t.lemma_) for t in sentence}
    for medicine in spec.medicines:
        if words & {normal(n) for n in medicine.names}:
            return medicine
    return None


def _referred(sentence: Span, spec: DoseIntervals) -> Medicine | None:
    """The medicine a pronoun or "the tablets" refers to: named in one of the two sentences
    before, in the same paragraph ("Ibuprofen can help. Take them every two hours.")."""
    words = {normal(t.text) for t in sentence}
    if not words & spec.referring_words:
        return None
    doc = sentence.doc
    blocks = doc.user_data.get("medlint_blocks") or ()
    block_start = max((start for start, _end, _kind in blocks
                       if start <= sentence.start_char), default=0)
    earlier = [s for s in sentence_list(doc)
               if s.end <= sentence.start and s.start_char >= block_start][-2:]
    for previous in reversed(earlier):
        medicine = _medicine(previous, spec)
        if medicine is not None:
            return medicine
    return None


def read_intervals(sentence: Span, spec: DoseIntervals) -> list[Interval]:
    """``every N (to M) hours`` (how often), ``at least N hours between`` (a minimum) and
    ``a second dose after an hour`` (how soon to repeat), in a sentence about a medicine or
    its doses."""
    medicine = _medicine(sentence, spec) or _referred(sentence, spec)
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
               and _number(tokens[j - 2]) is not None):
            j -= 2
        value = _number(tokens[j]) if normal(tokens[j].text) != "every" else 1.0
        if value is None:
            continue
        before = [normal(t.text) for t in tokens[max(0, j - 3) : j + 1]]
        after = [normal(t.text) for t in tokens[i + 1 : i + 4]]
        if "least" in before or ("between" in after and "every" not in before):
            found.append(Interval(value, True, medicine, sentence, tokens[j]))
        elif "every" in before:
            found.append(Interval(value, False, medicine, sentence, tokens[j]))
        elif {"after", "within"} & set(before[-2:]) and words & spec.repeat_words and (
            words & {normal(w) for w in spec.dose_words}
        ):
            # "If it has not worked after an hour, take a second dose": the step is the
            # repeat ("a second dose"), the hour sits in the if-clause
            repeat = next(t for t in tokens if normal(t.text) in spec.repeat_words)
            found.append(Interval(value, False, medicine, sentence, repeat))
    return found
