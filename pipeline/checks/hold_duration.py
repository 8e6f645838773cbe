"""Reading hold durations ("hold for 30 seconds", "never hold a stretch for longer than 5
seconds") for the contradiction check. The words live in ``attributes.yaml`` (durations)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.knowledge.instructions import DurationSpec, normal
from pipeline.nlp.components.instructions import negated

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90, "a": 1, "an": 1}


@dataclass(frozen=True)
class Hold:
    """A duration in one sentence: advised (``cap`` False) or a stated maximum."""

    seconds: float
    cap: bool
    general: bool
    sentence: Span
    token: Token


def parse_number(token: Token) -> float | None:
    """A number written in digits or as a word ("30", "ten"), or None."""
    text = normal(token.text)
    if text in WORD_NUMBERS:
        return float(WORD_NUMBERS[text])
    try:
        return float(text)
    except ValueError:
        return None


def read_holds(sentence: Span, spec: DurationSpec, harm: frozenset[str],
               is_advice: bool) -> list[Hold]:
    """Durations attached to a hold verb in ``sentence``."""
    lemmas = [normal(t.lemma_) for t in sentence] + [normal(t.text) for t in sentence]
    if not set(lemmas) & set(spec.verbs):
        return []
    text = " " + " ".join(normal(t.text) for t in sentence) + " "
    general = any(normal(t.text) in spec.general for t in sentence
                  if t.dep_ == "det" and normal(t.head.lemma_) not in spec.units)
    holds: list[Hold] = []
    tokens = list(sentence)
    for i, token in enumerate(tokens):
        unit = normal(token.lemma_)
        if unit not in spec.units or i == 0:
            continue
        j = i - 1
        # "30 to 60 seconds": take the first number of a range
        while (j >= 2 and normal(tokens[j - 1].text) in ("to", "-", "or")
               and parse_number(tokens[j - 2]) is not None):
            j -= 2
        value = parse_number(tokens[j])
        if value is None:
            continue
        before = [normal(t.text) for t in tokens[max(0, j - 3) : j]]
        window = " ".join(before)
        positive_cap = any(p in " " + window + " " for p in spec.caps_positive)
        comparative = any(w in before for w in spec.caps_after) and "than" in before
        said_against = negated([tokens[j]]) or bool(set(lemmas) & harm) or " never " in text
        cap = positive_cap or (comparative and said_against)
        if not cap and (not is_advice or comparative or ("least" in before and said_against)):
            continue
        holds.append(Hold(seconds=value * spec.units[unit], cap=cap, general=general,
                          sentence=sentence, token=tokens[j]))
    return holds
