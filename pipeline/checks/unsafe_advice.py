"""Unsafe advice: instructions that tell the reader to do something that risks harm
(exercise until the pain stops, push through pain, bounce into stretches, force a joint,
crack the neck, lift with a rounded back, hold the breath while straining, carry on through
chest pain or dizziness).

Patterns and the safer wording live in ``rules/instructions/unsafe.yaml``. A pattern fires
only inside an instruction addressed to the reader, and never when the words are negated
("don't bounce"), conditional ("if you bounce ..."), quoted, someone else's practice ("some
people bounce, but ...") or a debunked myth.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.checks.dose_interval import read_intervals
from pipeline.findings import Finding
from pipeline.knowledge.instructions import Pattern, load_instructions, normal, sentence_words
from pipeline.nlp.components.instructions import (
    conditional,
    governing_instruction,
    instruction_heads,
    match_head,
    negated,
    quoted,
    third_party,
)
from pipeline.nlp.context import ContextRules, load_context, modifiers


def _governed_by(match: Sequence[Token], lemmas: frozenset[str]) -> bool:
    """Whether the verb the matched clause attaches to is one of ``lemmas`` ("rest until
    the pain eases")."""
    inside = {t.i for t in match}
    head = match_head(match)
    for token in head.ancestors:
        if token.i in inside or token.pos_ not in ("VERB", "AUX"):
            continue
        return normal(token.lemma_) in lemmas
    return False


def _excluded(ctx: CheckContext, match: Sequence[Token], context: ContextRules,
              negation_ok: bool = False) -> bool:
    if quoted(match) or conditional(match) or third_party(match):
        return True
    if not negation_ok and negated(match):
        return True
    span = ctx.doc[match[0].i : match[-1].i + 1]
    return bool(modifiers(span, context) & {"myth", "reported"})


def _matches(ctx: CheckContext, pattern: Pattern,
             context: ContextRules) -> Iterator[tuple[Sequence[Token], bool]]:
    need = frozenset(normal(w) for w in pattern.spec.context)
    governors = frozenset(normal(w) for w in pattern.spec.not_governed_by)
    for sentence in ctx.doc.sents:
        words = sentence_words(sentence)
        if need and not words & need:
            continue
        for cue in pattern.cues:
            for match in cue.find(sentence):
                if _excluded(ctx, match, context, pattern.spec.negation_ok) or (
                    governing_instruction(match) is None
                ):
                    continue
                if governors and _governed_by(match, governors):
                    continue
                yield match, True
        for cue in pattern.statements:
            for match in cue.find(sentence):
                if not _excluded(ctx, match, context):
                    yield match, False


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Report each sentence that gives unsafe advice, once per rule."""
    knowledge = ctx.knowledge.load(load_instructions)
    context = load_context(ctx.knowledge.directory)
    yield from _too_often(ctx)
    seen: set[tuple[str, int]] = set()
    for pattern in knowledge.patterns:
        for match, _instruction in _matches(ctx, pattern, context):
            sentence = match[0].sent
            if (pattern.spec.rule, sentence.start) in seen:
                continue
            seen.add((pattern.spec.rule, sentence.start))
            rule = ctx.knowledge.catalog[pattern.spec.rule]
            explanation = rule.rationale
            if pattern.spec.source:
                explanation = f"{explanation} Source: {pattern.spec.source}."
            quote = ctx.doc[match[0].i : match[-1].i + 1].text
            yield ctx.finding(
                pattern.spec.rule, sentence.start_char, sentence.end_char,
                message=f"{rule.message} (\u201c{quote}\u201d)",
                explanation=explanation,
                suggestion=pattern.spec.safer,
                confidence=0.8,
            )


def _too_often(ctx: CheckContext) -> Iterator[Finding]:
    """A step that says to take a medicine more often than its minimum dose interval."""
    spec = ctx.knowledge.load(load_instructions).dose_intervals
    if spec is None:
        return
    for sentence in ctx.doc.sents:
        if not instruction_heads(sentence):
            continue
        for interval in read_intervals(sentence, spec):
            medicine = interval.medicine
            if interval.minimum or medicine is None or interval.hours >= medicine.min_hours:
                continue
            if negated([interval.token]) or conditional([interval.token]):
                continue
            name = medicine.names[0]
            yield ctx.finding(
                spec.unsafe_rule, sentence.start_char, sentence.end_char,
                message=(f"Tells readers to take {name} every {interval.hours:g} hours; doses "
                         f"should be at least {medicine.min_hours:g} hours apart."),
                explanation=(ctx.knowledge.catalog[spec.unsafe_rule].rationale
                             + (f" Source: {medicine.source}." if medicine.source else "")),
                suggestion=(f"Leave at least {medicine.min_hours:g} hours between doses of "
                            f"{name} and do not take more than the label says in 24 hours."),
                confidence=0.85,
            )
            break


FAMILY = CheckFamily("unsafe_advice", run, order=42,
                     description="instructions that risk harm, with safer wording")
