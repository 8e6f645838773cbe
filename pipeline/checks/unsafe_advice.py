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

from spacy.tokens import Span, Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.findings import Finding
from pipeline.knowledge.cue_index import possible
from pipeline.knowledge.instructions import Pattern, load_instructions, normal, sentence_words
from pipeline.knowledge.lexicon import declare, default_lexicon
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
from pipeline.nlp.readers.base import CONTRAST_WORDS, PRONOUNS
from pipeline.nlp.readers.dose_intervals import read_intervals
from pipeline.nlp.sentences import sentence_list


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


# "it is fine / safe / okay to ...": permission given to the reader is advice too
ENDORSING = declare("endorsing_words", "words of 'it is ... to V' that make the to-clause "
                    "advice (fine, safe, okay, important)")
# "have a friend push your foot", "get someone to pull your arm": the reader arranges it
CAUSATIVE = declare("causative_verbs", "verbs by which the reader has someone else do it "
                    "(have a friend push, get someone to pull)")


def _endorsed(match: Sequence[Token]) -> bool:
    """"It is fine to keep running through the pain", "it is safe to take double": the
    matched clause is the complement of "it is fine/safe/... to"."""
    endorsing = default_lexicon().list(ENDORSING)
    for token in (match_head(match), *match_head(match).ancestors):
        head = token.head
        if token.dep_ not in ("xcomp", "ccomp") or head.i == token.i:
            continue
        if normal(head.lemma_) in endorsing:
            return True
        if normal(head.lemma_) == "be" and any(
            c.dep_ in ("acomp", "attr") and normal(c.lemma_) in endorsing
            for c in head.children
        ):
            return True
    return False


def _bare_command(match: Sequence[Token]) -> bool:
    """"..., so keep swinging through it": a subjectless present-tense verb after "so" or
    "then" that the parser joined to the previous clause."""
    for token in (match_head(match), *match_head(match).ancestors):
        if token.tag_ not in ("VB", "VBP") or token.dep_ != "conj":
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in token.children):
            return False
        before = token.doc[max(token.i - 2, token.sent.start) : token.i]
        return any(normal(t.text) in ("so", "then") for t in before)
    return False


def _opens_clause(match: Sequence[Token]) -> bool:
    """"During the detox week, double the number of capsules": the match begins the main
    clause right after an opening phrase that starts with a preposition or "if/when"."""
    sentence = match[0].sent
    if match[0].i == sentence.start:
        return False
    # the clause starts at the sentence start or after a semicolon ("...; if the usual
    # dose doesn't work, take three times as much")
    start = sentence.start
    for token in sentence:
        if token.i >= match[0].i:
            break
        if token.text == ";":
            start = token.i + 1
    first = next((t for t in match[0].doc[start : match[0].i] if not t.is_space), None)
    if first is None or first.pos_ not in ("ADP", "SCONJ"):
        return False
    before = match[0].doc[match[0].i - 1]
    return before.text == "," and before.i - start <= 12


def _negated_above(match: Sequence[Token]) -> bool:
    """A negation on any verb above the match within its clause ("you should not try to
    make your neck crack"), past the nearest instruction verb where ``negated`` stops."""
    inside = {t.i for t in match}
    for token in match_head(match).ancestors:
        if token.i in inside:
            continue
        if any(c.dep_ == "neg" or normal(c.text) == "never" for c in token.children
               if c.i not in inside):
            return True
        if token.dep_ in ("conj", "ROOT", "advcl", "parataxis"):
            return False
    return False


def _assisted(match: Sequence[Token]) -> bool:
    """The other person is the reader's helper: "have a friend push your foot"."""
    causative = default_lexicon().list(CAUSATIVE)
    for token in (match_head(match), *match_head(match).ancestors):
        if token.dep_ in ("ccomp", "xcomp", "dobj") and normal(token.head.lemma_) in causative:
            return governing_instruction([token.head]) is not None
        # "Have a partner push ...", parsed with "Have" as an auxiliary
        if any(c.dep_ == "aux" and normal(c.lemma_) in causative and c.i == token.sent.start
               for c in token.children):
            return True
    return False


def _addressed(match: Sequence[Token]) -> bool:
    """Whether the matched words are advice to the reader: inside an instruction, said to
    be fine or safe to do, a bare command after "so", or something to have a helper do."""
    return (governing_instruction(match) is not None or _endorsed(match)
            or _bare_command(match) or _assisted(match) or _opens_clause(match))


def _excluded(ctx: CheckContext, match: Sequence[Token], context: ContextRules,
              negation_ok: bool = False) -> bool:
    if quoted(match) or conditional(match) or (third_party(match) and not _assisted(match)):
        return True
    if not negation_ok and (negated(match) or _negated_above(match)):
        return True
    span = ctx.doc[match[0].i : match[-1].i + 1]
    return bool(modifiers(span, context) & {"myth", "reported"})


def _matches(ctx: CheckContext, pattern: Pattern,
             context: ContextRules) -> Iterator[tuple[Sequence[Token], bool]]:
    need = frozenset(normal(w) for w in pattern.spec.context)
    governors = frozenset(normal(w) for w in pattern.spec.not_governed_by)
    unless = frozenset(normal(w) for w in pattern.spec.unless)
    sentences = sentence_list(ctx.doc)
    for number, sentence in enumerate(sentences):
        words = sentence_words(sentence)
        if words & unless:
            continue
        before = _leading_context(ctx, sentences, number, need) if need and not words & need \
            else None
        if need and not words & need and before is None:
            continue
        for cue in possible(sentence, pattern.cues):
            for match in cue.find(sentence):
                if _excluded(ctx, match, context, pattern.spec.negation_ok) or (
                    not _addressed(match)
                ):
                    continue
                if before is not None and not (before or _takes_up(match)):
                    continue  # the context is the sentence before: "it" must point back
                if pattern.spec.rule in PUSHING_RULES and _stops_if_worse(match):
                    continue
                if governors and _governed_by(match, governors):
                    continue
                yield match, True
        for cue in possible(sentence, pattern.statements):
            for match in cue.find(sentence):
                if not _excluded(ctx, match, context):
                    yield match, False


def _leading_context(ctx: CheckContext, sentences: Sequence[Span], number: int,
                     need: frozenset[str]) -> bool | None:
    """Whether the sentence before, in the same paragraph, gives a pattern the context its
    own sentence lacks ("Your wrist will ache. Play through it."): None when it does not;
    True when it is a question the sentence answers ("Hip hurting? Keep going."), False when
    only a word pointing back can take it up."""
    if number == 0:
        return None
    previous = sentences[number - 1]
    if "\n\n" in ctx.doc[previous.end - 1: sentences[number].start + 1].text or \
            not sentence_words(previous) & need:
        return None
    return previous.text.rstrip().endswith("?")


STOPPING_ACTS = declare("stopping_acts", "verbs of stopping or easing off that make "
                        "carrying on careful (stop, ease, rest)")
STOPPING_CONDITIONS = declare("stopping_conditions", "words after a stopping verb that give "
                              "its condition or complete it (if, when; 'ease off')")


def _stops_if_worse(match: Sequence[Token]) -> bool:
    """"Carry on, but stop if it gets worse": the sentence goes on, after a contrast word,
    to tell the reader to stop (or ease off) when it hurts more; the careful form."""
    lexicon = default_lexicon()
    contrast = lexicon.list(CONTRAST_WORDS)
    after = [t for t in match[-1].sent if t.i > match[-1].i]
    turn = next((k for k, t in enumerate(after) if t.lower_ in contrast), None)
    if turn is None:
        return False
    rest = after[turn + 1:]
    acts, whens = lexicon.list(STOPPING_ACTS), lexicon.list(STOPPING_CONDITIONS)
    return any(t.lemma_.lower() in acts and k + 1 < len(rest) and rest[k + 1].lower_ in whens
               for k, t in enumerate(rest))


def _takes_up(match: Sequence[Token]) -> bool:
    """A match with a word that points back ("push through it", "play through that")."""
    pronouns = default_lexicon().list(PRONOUNS)
    return any(t.lower_ in pronouns for t in match)


# unsafe patterns that tell the reader to carry on through pain or warning signs
PUSHING_RULES = frozenset({"UNSAFE-PUSH-THROUGH-PAIN", "UNSAFE-EXERCISE-THROUGH-WARNING"})


def pushing_through(ctx: CheckContext) -> list[Span]:
    """Sentences that tell the reader to carry on through pain, numbness or a warning sign
    (for the contradiction check: they conflict with "stop if it hurts")."""
    knowledge = ctx.knowledge.load(load_instructions)
    context = load_context(ctx.knowledge.directory)
    found: dict[int, Span] = {}
    for pattern in knowledge.patterns:
        if pattern.spec.rule not in PUSHING_RULES:
            continue
        for match, _instruction in _matches(ctx, pattern, context):
            found.setdefault(match[0].sent.start, match[0].sent)
    return [found[k] for k in sorted(found)]


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
                explanation = f"{explanation} Source: {pattern.spec.source.rstrip('.')}."
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
    for sentence in sentence_list(ctx.doc):
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
