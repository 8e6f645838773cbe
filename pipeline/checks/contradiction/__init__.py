"""Contradiction: the same attribute of the instructions (tempo, range, breathing, heat or
ice, what to do when it hurts) given conflicting values in one article.

Values, their cues and which values conflict live in ``rules/instructions/attributes.yaml``.
Guidance counts only when it is advice (an instruction, or a sentence that praises the
value); guidance for different exercises, alternatives offered in one breath ("either ice or
heat"), and two merely permissive mentions ("you can ...") do not conflict.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.checks.contradiction.amounts import amount_conflicts
from pipeline.checks.posture import continued_scopes
from pipeline.checks.unsafe_advice import pushing_through
from pipeline.findings import Finding
from pipeline.knowledge.cue_index import possible
from pipeline.knowledge.instructions import (
    Attribute,
    InstructionKnowledge,
    Value,
    load_instructions,
    normal,
    sentence_words,
)
from pipeline.knowledge.lexicon import declare, default_lexicon
from pipeline.nlp.components.instructions import (
    condition_marks,
    conditional,
    governing_instruction,
    groups_of,
    in_label,
    in_until_clause,
    instruction_heads,
    match_head,
    negated,
    quoted,
    third_party,
)
from pipeline.nlp.context import load_context, modifiers
from pipeline.nlp.readers.base import NEGATION_ADVERBS, circumstance_clause
from pipeline.nlp.readers.dose_intervals import read_intervals
from pipeline.nlp.readers.hold_durations import Hold, read_holds
from pipeline.nlp.sentences import sentence_list

PREVENTIVE = declare("preventive_verbs", "verbs that say a thing keeps harm away (prevent, "
                     "protect, reduce): praise, not a warning")
NEED_NEGATORS = declare("need_negators", "words before need / have to / necessary that deny "
                        "the need (no need, not necessary)")


@dataclass(frozen=True)
class Guidance:
    """One mention of an attribute value, read as advice for or against it."""

    attribute: Attribute
    value: Value
    advised: bool
    strong: bool
    phase: str | None
    sentence: Span
    group: int
    general: bool
    safety: bool = False


def _words(sentence: Span) -> frozenset[str]:
    return sentence_words(sentence)


def _anchored(token: Token, anchor: frozenset[str]) -> bool:
    """A tempo word must describe a movement: an adverb of a verb, an adjective of a
    movement noun (through "slow and quick movements"), or a verb itself."""
    if not anchor:
        return True
    if token.pos_ in ("VERB", "NOUN") and token.dep_ not in ("amod",):
        return True
    head = token
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if token.pos_ == "ADV" or head.dep_ == "advmod":
        # "Lower the bar slowly": the small parser may tag the step verb as an adjective
        return head.head.pos_ in ("VERB", "AUX") or normal(head.head.lemma_) in anchor or (
            _heads_instruction(head.head))
    if head.dep_ in ("amod", "compound", "nmod"):
        # "20 quick head turns": the movement noun may follow a compound
        following = token.doc[token.i + 1 : min(token.i + 4, token.sent.end)]
        return normal(head.head.lemma_) in anchor or any(
            t.pos_ in ("NOUN", "VERB") and normal(t.lemma_) in anchor for t in following)
    if head.dep_ in ("acomp", "oprd", "attr"):
        subject = [c for c in head.head.children if c.dep_ == "nsubj"]
        return any(normal(s.lemma_) in anchor for s in subject)
    return False


def _about_other_activity(token: Token, knowledge: InstructionKnowledge,
                          attribute: Attribute) -> bool:
    """Tempo of breathing, walking or recovery is not the tempo of an exercise movement;
    outside an instruction only a movement noun ("a slow, steady movement") counts."""
    other = frozenset(attribute.spec.not_for)
    for head in (token, *token.ancestors):
        if normal(head.lemma_) in other:
            return True
        if head.pos_ in ("VERB", "AUX"):
            break
    if _said_of_condition(token) or _circumstance(token):
        return True  # "high blood pressure that is not well controlled"
    return (governing_instruction([token]) is None and token.pos_ == "ADV"
            and not prescriptive(token.sent, frozenset(attribute.spec.anchor)))


def _said_of_condition(token: Token) -> bool:
    """Whether a word describes a condition rather than a movement: it modifies, or is said
    of, a condition the mentions name ("blood pressure that is well controlled")."""
    if token.dep_ in ("amod", "relcl", "acl"):
        described = [token.head]
    elif token.dep_ in ("acomp", "ccomp", "conj"):
        described = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.head.dep_ == "relcl":
            described.append(token.head.head)  # "pressure that is not well controlled"
    else:
        return False
    spans = token.doc.spans.get("mentions", [])
    return any(span.label_ in ("condition", "symptom") and span.start <= t.i < span.end
               for t in described for span in spans)


def _circumstance(token: Token) -> bool:
    """A word in a clause that says when something else happens ("tablets can make you
    feel light-headed when you stand up quickly"): not how to move."""
    clause = circumstance_clause(token, default_lexicon())
    return clause is not None and any(  # said of a statement, not of a step
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.head.children)


def _phase(sentence: Span, attribute: Attribute) -> str | None:
    for name, cues in attribute.phases:
        if any(cue.find(sentence) for cue in possible(sentence, cues)):
            return name
    return None


PRESCRIBED = declare("rule_subjects", "subjects of a should/must rule for exercises (every "
                     "movement should be slow, all exercises must be done slowly)")


def prescriptive(sentence: Span, movements: frozenset[str] = frozenset()) -> bool:
    """"Every movement should be slow", "All shoulder exercises should be done slowly":
    a rule for exercises, stated with should/must. ``movements``: more subject nouns that
    name what an exercise does ("Neck rotations should be slow", "The lift must be smooth")."""
    subjects = default_lexicon().list(PRESCRIBED)
    for token in sentence:
        if not any(c.dep_ == "aux" and normal(c.text) in ("should", "must")
                   for c in token.children):
            continue
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and (
                    normal(child.lemma_) in subjects or normal(child.lemma_) in movements):
                return True
    return False


def _stance(match: Sequence[Token], sentence: Span, knowledge: InstructionKnowledge,
            value: Value, movements: frozenset[str] = frozenset()
            ) -> tuple[bool, bool] | None:
    """(advised, strong) for a mention, or None when it is no guidance at all."""
    words = _words(sentence)
    is_negated = negated(match) and not _contrasted(match)
    if prescriptive(sentence, movements):
        return (not is_negated), True
    instruction = governing_instruction(match)
    if instruction is not None:
        head = match_head(match)
        permissive = any(
            normal(c.text) in knowledge.permissive
            for t in (head, *head.ancestors) for c in t.children
            if c.dep_ in ("aux", "cc", "advmod")
        ) or any(normal(c.text) in knowledge.permissive for c in instruction.children
                 if c.dep_ == "aux")
        if is_negated:
            return False, True
        return True, not permissive or bool(words & knowledge.safety_reason)
    preventive = bool(words & default_lexicon().list(PREVENTIVE))
    if not is_negated and not preventive and _said_to_harm(match, knowledge):
        return False, True
    if words & knowledge.benefit:
        strong = bool(words & knowledge.safety_reason)
        return (not is_negated), strong or is_negated
    if value.assertive:
        return (not is_negated), True
    return None


def _contrasted(match: Sequence[Token]) -> bool:
    """"Feel a gentle stretch, not pain": the "not" negates what follows it, not the
    matched words before it."""
    doc = match[0].doc
    end = max(t.i for t in match)
    adverbs = default_lexicon().list(NEGATION_ADVERBS)
    for token in doc[end + 1 : min(end + 4, match[0].sent.end)]:
        if normal(token.text) in adverbs:
            return doc[token.i - 1].text in (",", "\u2013", "\u2014", "-") or (
                doc[token.i - 1].i == end)
    return False


def _not_needed(match: Sequence[Token]) -> bool:
    """"There is no need to go as far as possible", "you don't have to turn as far as it
    will go": the value is said to be unnecessary, which is no guidance either way."""
    doc = match[0].doc
    negators = default_lexicon().list(NEED_NEGATORS)
    for token in match[0].sent:
        if token.i >= match[0].i:
            return False
        if normal(token.lemma_) in ("need", "have", "necessary") and (
                any(c.dep_ == "neg" for c in token.children)
                or normal(doc[max(token.i - 1, 0)].text) in negators):
            return True
    return False


def _heads_instruction(token: Token) -> bool:
    """Whether ``token`` is itself an instruction verb of its sentence."""
    governing = governing_instruction([token])
    return governing is not None and governing.i == token.i


def _clause_label(match: Sequence[Token]) -> bool:
    """"Never put ice on a new graft: warmth only": text before the colon that is itself
    an instruction (its verb heads the sentence), not a step's name."""
    sentence = match[0].sent
    return any(t.dep_ == "ROOT" and t.pos_ == "VERB" and t.i < match[0].i
               and (_heads_instruction(t) or any(c.dep_ == "neg" for c in t.children))
               for t in sentence)


def _described(token: Token) -> bool:
    """"The knee swells up suddenly": a manner word on a third-person or past verb
    describes what happens, it is no instruction."""
    if token.tag_ in ("VBZ", "VBD") and any(
            c.dep_ == "nsubj" and normal(c.text) != "you" for c in token.children):
        return True  # "cold slows down healing"
    return token.pos_ == "ADV" and token.head.tag_ in ("VBZ", "VBD") and not any(
        c.dep_ in ("aux", "auxpass") for c in token.head.children)


def _in_condition(match: Sequence[Token]) -> bool:
    """Inside an if/unless clause anywhere above the match, across joined clauses ("get
    help if your knee locks, gives way or swells up suddenly")."""
    token = match_head(match)
    inside = {t.i for t in match}
    conditions = condition_marks()
    for head in (token, *token.ancestors):
        if any(c.dep_ == "mark" and normal(c.text) in conditions
               and c.i not in inside for c in head.children):
            return True
        if head.dep_ in ("ROOT",) or (head.dep_ != "conj" and head.pos_ in ("VERB", "AUX")
                                      and _heads_instruction(head)):
            return False
    return False


def _said_to_harm(match: Sequence[Token], knowledge: InstructionKnowledge) -> bool:
    """"Quick, jerky movements can tear muscles": the value is in the subject of a harm
    predicate (not merely near a harm word: "a hot bath after the injury will help")."""
    inside = {t.i for t in match}
    for token in match[0].sent:
        if token.i in inside or token.pos_ not in ("VERB", "AUX", "ADJ") or (
            normal(token.lemma_) not in knowledge.harm and normal(token.text) not in knowledge.harm
        ):
            continue
        for predicate in (token, *token.ancestors):
            subjects = [c for c in predicate.children
                        if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            if any(t.i in inside for s in subjects for t in s.subtree):
                return True
    return False


def read_guidance(ctx: CheckContext, knowledge: InstructionKnowledge) -> list[Guidance]:
    """Every attribute mention in the article that is advice for or against a value."""
    context = load_context(ctx.knowledge.directory)
    qualifiers = frozenset(knowledge.qualifiers)
    headings = {start for start, _end, kind in ctx.doc.user_data.get("medlint_blocks", ())
                if kind in ("heading", "title")}
    section_phase: dict[str, str | None] = {}
    # "For the first 48 hours, apply heat ... Ice the calf every two hours.": a phase named
    # in a paragraph holds for the rest of that paragraph
    paragraph_phase: dict[str, str | None] = {}
    block_starts = sorted(start for start, _end, _kind in ctx.doc.user_data.get(
        "medlint_blocks", ()))
    current_block = -1
    found: list[Guidance] = []
    groups = groups_of(ctx.doc, ctx.knowledge.directory)
    scopes = continued_scopes(groups, knowledge)
    for group in groups:
        for sentence in group.sentences:
            words = _words(sentence)
            block = bisect_right(block_starts, sentence.start_char)
            if block != current_block:
                current_block = block
                paragraph_phase = {}
            for attribute in knowledge.attributes:
                if attribute.spec.phased or attribute.spec.staged:
                    own = _phase(sentence, attribute)
                    if own is not None:
                        paragraph_phase[attribute.spec.id] = own
            # a heading or a list intro ("For the first two days:") sets the phase of the
            # steps under it, until the next heading
            opens = sentence.start_char in headings or sentence.text.rstrip().endswith(":")
            for attribute in knowledge.attributes:
                if not (attribute.spec.phased or attribute.spec.staged):
                    continue
                if sentence.start_char in headings:
                    section_phase[attribute.spec.id] = None
                if opens:
                    section_phase[attribute.spec.id] = _phase(sentence, attribute)
            for attribute in knowledge.attributes:
                anchor = frozenset(attribute.spec.anchor)
                for value in attribute.values:
                    if value.context and not words & value.context:
                        continue
                    if value.unless and words & value.unless:
                        continue
                    for cue in possible(sentence, value.cues):
                        for match in cue.find(sentence):
                            if quoted(match) or conditional(match) or third_party(match) \
                                    or _in_condition(match):
                                continue
                            if (in_label(match) and not _clause_label(match)) or \
                                    in_until_clause(match):
                                continue
                            if (len(match) == 1 and not _anchored(match[0], anchor)) or (
                                    anchor and _described(match[0])):
                                continue
                            if anchor and _about_other_activity(match[0], knowledge, attribute):
                                continue
                            if words & qualifiers and negated(match):
                                continue
                            span = ctx.doc[match[0].i : match[-1].i + 1]
                            if modifiers(span, context) & {"myth", "reported"}:
                                continue
                            if _not_needed(match):
                                continue
                            # "Only cold should be used": the value itself as the subject
                            # of a should/must rule
                            stance = _stance(match, sentence, knowledge, value, anchor | {
                                normal(t.lemma_) for t in match})
                            if stance is None:
                                continue
                            found.append(Guidance(
                                attribute=attribute, value=value, advised=stance[0],
                                strong=stance[1],
                                phase=_phase(sentence, attribute)
                                or paragraph_phase.get(attribute.spec.id)
                                or section_phase.get(attribute.spec.id),
                                sentence=sentence, group=scopes[group.index],
                                general=group.general,
                                safety=bool(words & knowledge.safety_reason),
                            ))
    return found


GENERIC_OBJECTS = declare("generic_exercise_objects", "objects too general to tie two "
                          "sentences to one piece of equipment (it, the exercise, pain)")


def _equipment(sentence: Span, body_words: frozenset[str]) -> frozenset[str]:
    """Things moved in a sentence that are not body parts ("the bar", "the kettlebell"):
    two sentences moving the same thing are about the same exercise."""
    generic = default_lexicon().list(GENERIC_OBJECTS)
    return frozenset(
        normal(t.lemma_) for t in sentence
        if t.pos_ == "NOUN" and t.dep_ in ("dobj", "nsubj", "nsubjpass")
        and normal(t.lemma_) not in generic and normal(t.lemma_) not in body_words
        and normal(t.text) not in body_words)


NAMING_OPENERS = declare("naming_openers", "prepositions of an opening phrase that names an "
                         "exercise (for the wall stretch, in the plank)")
BACK_REFERENCES = declare("back_references", "words that point back to an exercise named "
                          "before (this exercise, each rep, the same)")
EVERY = declare("every_words", "quantifiers that make a rule hold for every exercise (each "
                "stretch, all exercises)")


def _named_exercise(sentence: Span) -> frozenset[str]:
    """The exercise a sentence's opening phrase names ("For the skipping warm-up, ...", "In
    the wall stretch, ..."), as its words; empty when it names none or points back ("For
    this exercise, ...", "In each rep, ..."). Read once per sentence (every pair of
    mentions asks)."""
    cache = sentence.doc.user_data.setdefault("medlint_named_exercise", {})
    key = (sentence.start, sentence.end)
    if key not in cache:
        cache[key] = _read_named_exercise(sentence)
    named: frozenset[str] = cache[key]
    return named


def _read_named_exercise(sentence: Span) -> frozenset[str]:
    tokens = [t for t in sentence if not t.is_space]
    lexicon = default_lexicon()
    if not tokens or normal(tokens[0].text) not in lexicon.list(NAMING_OPENERS):
        return frozenset()
    phrase = []
    for token in tokens[1:13]:
        if token.text == ",":
            break
        phrase.append(token)
    else:
        return frozenset()
    words = [normal(t.lemma_) for t in phrase]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in phrase) or any(
            w in lexicon.list(BACK_REFERENCES) for w in words):
        return frozenset()
    return frozenset(w for w, t in zip(words, phrase, strict=True) if t.is_alpha and not t.is_stop)


def _about_every_exercise(sentence: Span, exercise_nouns: frozenset[str]) -> bool:
    """"Move slowly into each stretch", "All exercises should be slow": a rule for every
    exercise, which a named one does not escape."""
    every = default_lexicon().list(EVERY)
    return any(normal(t.lemma_) in exercise_nouns and any(
        normal(c.text) in every for c in t.children)
        for t in sentence)


def _same_scope(a: Guidance, b: Guidance, body_words: frozenset[str] = frozenset(),
                exercise_nouns: frozenset[str] = frozenset()) -> bool:
    if a.attribute.spec.scope == "article":
        return True
    names = (_named_exercise(a.sentence), _named_exercise(b.sentence))
    if names[0] != names[1] and not any(
            not name and _about_every_exercise(g.sentence, exercise_nouns)
            for name, g in zip(names, (a, b), strict=True)):
        return False
    if a.group == b.group or a.general or b.general:
        return True
    return bool(body_words) and bool(_equipment(a.sentence, body_words)
                                     & _equipment(b.sentence, body_words))


def _conflict(a: Guidance, b: Guidance, offered: frozenset[tuple[int, str]],
              body_words: frozenset[str] = frozenset(),
              exercise_nouns: frozenset[str] = frozenset()) -> bool:
    """Whether two mentions conflict; ``offered`` holds (sentence start, value id) of every
    mention that advises a value (see :func:`_offered`)."""
    if a.sentence.start == b.sentence.start or not _same_scope(a, b, body_words,
                                                               exercise_nouns):
        return False
    attribute = a.attribute
    if a.value.id == b.value.id:
        if a.advised == b.advised:
            return False
        forbidden = a if not a.advised else b
        return not attribute.spec.phased or a.phase == b.phase or forbidden.phase is None
    if not (a.advised and b.advised and attribute.conflicting(a.value.id, b.value.id)):
        return False
    if attribute.spec.phased and (a.phase is None or a.phase != b.phase):
        return False
    if attribute.spec.staged and a.phase and b.phase and a.phase != b.phase:
        return False
    if not (a.strong or b.strong):
        return False
    # an alternative offered in the same breath ("either ice or heat") is no conflict,
    # unless the other side gives a safety reason against it ("slow movement prevents injury")
    def offers(g: Guidance, value: str) -> bool:
        return (g.sentence.start, value) in offered

    for strong, other in ((a, b), (b, a)):
        if not strong.strong or offers(strong, other.value.id):
            continue
        if offers(other, strong.value.id) and not strong.safety:
            continue
        return True
    return False


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Compare every pair of guidance on the same attribute; report each conflict once."""
    knowledge = ctx.knowledge.load(load_instructions)
    yield from _hold_conflicts(ctx, knowledge)
    yield from _interval_conflicts(ctx, knowledge)
    yield from amount_conflicts(ctx)
    mentions = read_guidance(ctx, knowledge)
    mentions = mentions + _pushing_mentions(ctx, mentions)
    mentions.sort(key=lambda g: g.sentence.start)
    body_words = frozenset(normal(w) for words in knowledge.body_parts.values() for w in words)
    offered = _offered(mentions)
    reported: set[tuple[str, int]] = set()
    for j, later in enumerate(mentions):
        for earlier in mentions[:j]:
            if earlier.attribute.spec.id != later.attribute.spec.id:
                continue
            key = (later.attribute.spec.id, later.sentence.start)
            if key in reported or not _conflict(earlier, later, offered, body_words,
                                                        knowledge.exercise_nouns):
                continue
            if (later.attribute.spec.id, earlier.sentence.start) in reported:
                continue
            reported.add(key)
            yield _finding(ctx, earlier, later)


def _offered(mentions: Sequence[Guidance]) -> frozenset[tuple[int, str]]:
    """(sentence start, value id) of every mention that advises its value: "an alternative
    offered in the same breath", looked up once per pair instead of scanning the mentions."""
    return frozenset((m.sentence.start, m.value.id) for m in mentions if m.advised)


def _pushing_mentions(ctx: CheckContext, mentions: Sequence[Guidance]) -> list[Guidance]:
    """Advice to carry on through pain that the unsafe-advice patterns recognise ("keep
    going even if the tingling gets worse"), as pain guidance, when the article also says
    to stop if it hurts."""
    stops = [m for m in mentions if m.attribute.spec.id == "pain_guidance"
             and m.value.id == "stop_on_pain" and m.advised]
    if not stops:
        return []
    attribute = stops[0].attribute
    value = next((v for v in attribute.values if v.id == "continue_through_pain"), None)
    if value is None:
        return []
    known = {m.sentence.start for m in mentions if m.attribute.spec.id == "pain_guidance"}
    groups = {s.start: g for g in groups_of(ctx.doc, ctx.knowledge.directory)
              for s in g.sentences}
    found: list[Guidance] = []
    for sentence in pushing_through(ctx):
        if sentence.start in known:
            continue
        group = groups.get(sentence.start)
        found.append(Guidance(attribute=attribute, value=value, advised=True, strong=True,
                              phase=None, sentence=sentence,
                              group=group.index if group else -1,
                              general=group.general if group else True))
    return found


def _hold_conflicts(ctx: CheckContext, knowledge: InstructionKnowledge) -> Iterator[Finding]:
    """An advised hold longer than a maximum stated for the same exercise or for all."""
    spec = knowledge.durations
    if spec is None:
        return
    holds: list[tuple[Hold, int, bool]] = []
    for group in groups_of(ctx.doc, ctx.knowledge.directory):
        for sentence in group.sentences:
            advice = bool(instruction_heads(sentence)) or prescriptive(sentence)
            for hold in read_holds(sentence, spec, knowledge.harm, advice):
                holds.append((hold, group.index, group.general))
    caps = [(h, g, gen) for h, g, gen in holds if h.cap]
    for hold, hold_group, _general in holds:
        if hold.cap:
            continue
        for cap, cap_group, cap_general in caps:
            if cap.sentence.start == hold.sentence.start or hold.seconds <= cap.seconds:
                continue
            if not (cap_group == hold_group or cap_general or cap.general):
                continue
            yield ctx.finding(
                spec.rule, hold.sentence.start_char, hold.sentence.end_char,
                message=(f"This step says to hold for {hold.seconds:g} seconds, but the article "
                         f"also says never to hold for more than {cap.seconds:g} seconds."),
                explanation=f"Readers cannot follow both. {spec.source or ''}".strip(),
                suggestion="Give one hold time (for most stretches 15 to 30 seconds) and use it "
                           "consistently.",
                related=[ctx.related(cap.sentence.start_char, cap.sentence.end_char,
                                     f"maximum: {cap.seconds:g} seconds")],
                confidence=0.75,
            )
            break


def _interval_conflicts(ctx: CheckContext,
                        knowledge: InstructionKnowledge) -> Iterator[Finding]:
    """"Leave at least 4 hours between doses" and, elsewhere, "take it every 2 hours"."""
    spec = knowledge.dose_intervals
    if spec is None:
        return
    intervals = [i for s in sentence_list(ctx.doc) for i in read_intervals(s, spec)]
    minima = [i for i in intervals if i.minimum]
    for often in intervals:
        if often.minimum or not instruction_heads(often.sentence):
            continue
        for least in minima:
            if least.sentence.start == often.sentence.start or often.hours >= least.hours:
                continue
            if often.medicine and least.medicine and often.medicine != least.medicine:
                continue
            yield ctx.finding(
                spec.conflict_rule, often.sentence.start_char, often.sentence.end_char,
                message=(f"This says to take a dose every {often.hours:g} hours, but the "
                         f"article also says to leave at least {least.hours:g} hours "
                         f"between doses."),
                explanation="Readers cannot follow both, and the shorter interval can lead to "
                            "an overdose.",
                suggestion=f"Keep one dosing interval (at least {least.hours:g} hours) "
                           f"throughout.",
                related=[ctx.related(least.sentence.start_char, least.sentence.end_char,
                                     f"minimum: {least.hours:g} hours")],
                confidence=0.8,
            )
            break


def _describe(g: Guidance) -> str:
    return ("advises " if g.advised else "warns against ") + f"“{g.value.label}”"


def _finding(ctx: CheckContext, earlier: Guidance, later: Guidance) -> Finding:
    spec = later.attribute.spec
    sentence = later.sentence
    return ctx.finding(
        spec.rule, sentence.start_char, sentence.end_char,
        message=(f"Conflicting advice on {spec.label}: this sentence {_describe(later)}, "
                 f"an earlier one {_describe(earlier)}."),
        explanation=(f"Readers cannot follow both. {spec.source or ''}").strip(),
        suggestion=(f"Give one consistent instruction on {spec.label}; if different "
                    f"exercises or phases need different {spec.label}, say which is which."),
        related=[ctx.related(earlier.sentence.start_char, earlier.sentence.end_char,
                             f"earlier: {_describe(earlier)}")],
        confidence=0.75,
    )


FAMILY = CheckFamily("contradiction", run, order=41,
                     description="conflicting tempo, range, breathing, heat/ice and pain advice")
