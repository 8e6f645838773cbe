"""Hold durations ("hold for 30 seconds", "never hold a stretch for longer than 5 seconds"),
read for the contradiction check, which judges them. The words live in ``attributes.yaml``
(durations); numbers and unit factors come from the one number parser
(:mod:`pipeline.nlp.numbers`)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.knowledge.instructions import DurationSpec, normal
from pipeline.nlp.components.instructions import negated
from pipeline.nlp.numbers import token_value, unit_factor


@dataclass(frozen=True)
class Hold:
    """A duration in one sentence: advised (``cap`` False) or a stated maximum."""

    seconds: float
    cap: bool
    general: bool
    sentence: Span
    token: Token


def _number(token: Token) -> float | None:
    """A number written in digits or as a word ("30", "ten", "a" minute), or None."""
    return token_value(token, article_is_one=True, times=False)


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
               and _number(tokens[j - 2]) is not None):
            j -= 2
        value = _number(tokens[j])
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
        holds.append(Hold(seconds=value * unit_factor(unit, "time"), cap=cap, general=general,
                          sentence=sentence, token=tokens[j]))
    return holds
