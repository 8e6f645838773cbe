"""Assertion context (ConText): is a span negated, hypothetical, hedged, reported or a myth?

The trigger words live in ``rules/context/context.yaml``. :func:`modifiers` answers for a
span of a parsed Doc; the result is cached per Doc.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from spacy.tokens import Doc, Span

from pipeline.knowledge.loader import StrictModel, load_model

Modifier = Literal["negated", "hypothetical", "hedged", "reported", "myth"]
MODIFIERS: tuple[Modifier, ...] = ("negated", "hypothetical", "hedged", "reported", "myth")


class Trigger(StrictModel):
    """One trigger phrase."""

    phrase: str
    direction: Literal["forward", "backward", "both", "sentence"]
    max_tokens: int = Field(default=12, ge=1)


class ContextFile(StrictModel):
    """``rules/context/context.yaml``."""

    references: list[str] = Field(default_factory=list)
    terminators: list[str]
    #: words that end a scope when a comma comes before them ("..., so there is no need")
    clause_terminators: list[str] = Field(default_factory=list)
    triggers: dict[Modifier, list[Trigger]]
    #: modifiers a list item takes from the end of the lead-in it continues
    carried_into_lists: list[Modifier] = Field(default_factory=list)
    #: last words of a lead-in that make its list items part of a clause of it
    lead_in_endings: dict[str, Modifier] = Field(default_factory=dict)


@dataclass(frozen=True)
class ContextRules:
    """Triggers indexed by their first word."""

    terminators: frozenset[str]
    by_first: dict[str, tuple[tuple[tuple[str, ...], Modifier, Trigger], ...]]
    clause_terminators: frozenset[str] = frozenset()
    carried_into_lists: frozenset[str] = frozenset()
    lead_in_endings: Mapping[str, Modifier] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_context(rules_directory: Path) -> ContextRules:
    """Load and index the context triggers."""
    data = load_model(rules_directory / "context" / "context.yaml", ContextFile)
    index: dict[str, list[tuple[tuple[str, ...], Modifier, Trigger]]] = {}
    for modifier, triggers in data.triggers.items():
        for trigger in triggers:
            words = tuple(trigger.phrase.lower().split())
            index.setdefault(words[0], []).append((words, modifier, trigger))
    return ContextRules(
        terminators=frozenset(t.lower() for t in data.terminators),
        clause_terminators=frozenset(t.lower() for t in data.clause_terminators),
        by_first={k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in index.items()},
        carried_into_lists=frozenset(data.carried_into_lists),
        lead_in_endings={k.lower(): v for k, v in data.lead_in_endings.items()},
    )


def trigger_words(rules: ContextRules, modifier: Modifier) -> frozenset[str]:
    """The one-word triggers of ``modifier`` ("if", "unless", "whether" for hypothetical),
    for readers that find the trigger in the parse (the ``mark`` of a clause)."""
    return frozenset(first for first, entries in rules.by_first.items()
                     for words, found, _trigger in entries
                     if found == modifier and len(words) == 1)


@dataclass(frozen=True, slots=True)
class Scope:
    """Tokens ``start``..``end`` (exclusive) are under ``modifier`` from the trigger at
    ``trigger_start``..``trigger_end``."""

    modifier: Modifier
    start: int
    end: int
    trigger_start: int
    trigger_end: int


def _sentence_scopes(sent: Span, rules: ContextRules) -> list[Scope]:
    words = [t.lower_ for t in sent]
    scopes: list[Scope] = []
    offset = sent.start
    n = len(words)
    # ", so ..." ends a clause: the comma stops a scope as a terminator would
    stops = {i for i in range(n - 1) if words[i] == "," and words[i + 1] in
             rules.clause_terminators}
    for i, word in enumerate(words):
        for phrase, modifier, trigger in rules.by_first.get(word, ()):
            if tuple(words[i : i + len(phrase)]) != phrase:
                continue
            t_start, t_end = i, i + len(phrase)
            if trigger.direction == "sentence":
                scopes.append(Scope(modifier, offset, offset + n, offset + t_start,
                                    offset + t_end))
                break
            if trigger.direction in ("forward", "both"):
                end = t_end
                while end < n and end - t_end < trigger.max_tokens and (
                    words[end] not in rules.terminators and end not in stops
                ):
                    end += 1
                scopes.append(Scope(modifier, offset + t_end, offset + end, offset + t_start,
                                    offset + t_end))
            if trigger.direction in ("backward", "both"):
                start = t_start
                while start > 0 and t_start - start < trigger.max_tokens and (
                    words[start - 1] not in rules.terminators and start - 1 not in stops
                ):
                    start -= 1
                scopes.append(Scope(modifier, offset + start, offset + t_start,
                                    offset + t_start, offset + t_end))
            break
    if sent.text.rstrip().endswith("?"):
        scopes.append(Scope("hypothetical", offset, offset + n, offset + n - 1, offset + n))
    return scopes


def scopes(doc: Doc, rules: ContextRules) -> list[Scope]:
    """All context scopes of a Doc (cached in ``doc.user_data``)."""
    key = "medlint_context_scopes"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = [s for sent in doc.sents for s in _sentence_scopes(sent, rules)]
        doc.user_data[key] = cached
    return list(cached)


def modifiers(span: Span, rules: ContextRules, ignore: Iterable[int] = ()) -> set[Modifier]:
    """The modifiers whose scope covers any token of ``span``.

    Triggers inside the span itself count only for ``sentence`` scopes (a claim that
    contains "not" is negated: ``"is not part of"``); pass token indices in ``ignore`` to
    leave out triggers a check has already interpreted.
    """
    skip = set(ignore)
    found: set[Modifier] = set()
    for scope in _scopes_near(span, rules):
        if scope.trigger_start in skip:
            continue
        overlaps = scope.start < span.end and span.start < scope.end
        if overlaps or span.start <= scope.trigger_start < span.end:
            found.add(scope.modifier)
    return found


def _scopes_near(span: Span, rules: ContextRules) -> Iterator[Scope]:
    """The scopes of the sentences ``span`` touches (a scope never leaves its sentence),
    from a per-Doc index, so that each frame does not walk every scope of the article."""
    doc = span.doc
    key = "medlint_context_by_sentence"
    index = doc.user_data.get(key)
    if index is None:
        by_start: dict[int, list[Scope]] = {}
        starts: list[int] = []
        ends: list[int] = []
        every = scopes(doc, rules)
        position = 0
        for sent in doc.sents:
            starts.append(sent.start)
            ends.append(sent.end)
            here: list[Scope] = []
            while position < len(every) and every[position].trigger_start < sent.end:
                here.append(every[position])
                position += 1
            by_start[sent.start] = here
        index = doc.user_data[key] = (starts, ends, by_start)
    starts, ends, by_start = index
    i = max(bisect_right(starts, span.start) - 1, 0)
    while i < len(starts) and starts[i] < max(span.end, span.start + 1):
        yield from by_start[starts[i]]
        i += 1


QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


def frame_context(span: Span, rules: ContextRules, ignore: Iterable[int] = ()) -> frozenset[str]:
    """Everything the sentence does to a claim in ``span``: the ConText modifiers, plus
    ``question`` (the sentence asks), ``quoted`` (the words stand in double quotation
    marks) and ``heading`` (the sentence is a title or heading)."""
    found: set[str] = set(modifiers(span, rules, ignore))
    sent = span.sent
    facts = _sentence_facts(sent, rules)
    if facts.question:
        found.add("question")
        if not _hypothetical_trigger(span, rules):
            found.discard("hypothetical")
    if sum(1 for i in facts.quote_marks if i < span.start) % 2 == 1:
        found.add("quoted")
    if facts.heading:
        found.add("heading")
    found |= facts.carried
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class _SentenceFacts:
    """What :func:`frame_context` needs of a sentence, whatever the claim in it."""

    question: bool
    #: token indices of the double quotation marks
    quote_marks: tuple[int, ...]
    heading: bool
    carried: frozenset[Modifier]


def _sentence_facts(sent: Span, rules: ContextRules) -> _SentenceFacts:
    """The sentence facts of ``sent`` (cached per Doc: a sentence holds many claims)."""
    doc = sent.doc
    cache = doc.user_data.setdefault("medlint_sentence_facts", {})
    facts = cache.get(sent.start)
    if facts is None:
        headings = doc.user_data.get("medlint_heading_starts_ctx")
        if headings is None:
            headings = frozenset(start for start, _end, kind in doc.user_data.get(
                "medlint_blocks", ()) if kind in ("heading", "title"))
            doc.user_data["medlint_heading_starts_ctx"] = headings
        facts = cache[sent.start] = _SentenceFacts(
            question=sent.text.rstrip().endswith("?"),
            quote_marks=tuple(t.i for t in sent if t.text in QUOTE_MARKS),
            heading=sent.start_char in headings,
            carried=_carried(sent, rules))
    return facts


def _carried(sent: Span, rules: ContextRules) -> frozenset[Modifier]:
    """What a list item takes from the lead-in it continues: "Palpitations are more likely
    if you:" makes each item a condition, "Some people may need to:" hedges each, "People
    at risk include those who:" makes each a description of people."""
    if not rules.carried_into_lists and not rules.lead_in_endings:
        return frozenset()
    doc = sent.doc
    key = "medlint_context_carried"
    table = doc.user_data.get(key)
    if table is None:
        table = doc.user_data[key] = _carried_table(doc, rules)
    return table.get(sent.start, frozenset())


def _carried_table(doc: Doc, rules: ContextRules) -> dict[int, frozenset[Modifier]]:
    """For every list item sentence, what it takes from its lead-in (one pass per Doc)."""
    items = sorted((begin, end) for begin, end, kind in doc.user_data.get(
        "medlint_blocks", ()) if kind == "list_item")
    starts = [b for b, _e in items]
    by_sentence: dict[int, frozenset[Modifier]] = {}
    all_scopes = scopes(doc, rules)
    carried: frozenset[Modifier] = frozenset()
    for sent in doc.sents:
        at = bisect_right(starts, sent.start_char) - 1
        in_list = at >= 0 and items[at][0] <= sent.start_char < items[at][1]
        if not in_list:
            carried = _from_lead(sent, rules, all_scopes)
            continue
        if carried:
            by_sentence[sent.start] = carried
    return by_sentence


def _from_lead(lead: Span, rules: ContextRules, all_scopes: list[Scope]
               ) -> frozenset[Modifier]:
    """What a sentence ending in a colon hands to the list items after it."""
    text = lead.text.rstrip()
    if text.endswith(":"):
        colon = max((t for t in lead if t.text == ":"), key=lambda t: t.i, default=None)
    elif text and text[-1].isalpha():  # "people with gastroparesis may need to" + a list
        colon = next((t for t in reversed(lead) if not t.is_space), None)
        if colon is not None:
            colon = lead.doc[colon.i + 1] if colon.i + 1 < len(lead.doc) else None
    else:
        return frozenset()
    if colon is None:
        return frozenset()
    found: set[Modifier] = set()
    if colon.i > lead.start:
        word = lead.doc[colon.i - 1].lower_
        if word in rules.lead_in_endings:
            found.add(rules.lead_in_endings[word])
    doc = lead.doc
    for scope in all_scopes:
        if scope.modifier not in rules.carried_into_lists or not (
                lead.start <= scope.trigger_start < lead.end and
                scope.start < colon.i <= scope.end):
            continue
        if scope.modifier == "hypothetical" and any(
                t.pos_ in ("VERB", "AUX") for t in doc[scope.trigger_end:colon.i]):
            continue  # "If you have chest pain:" is whole; its items are what to do
        found.add(scope.modifier)
    return frozenset(found)


def _hypothetical_trigger(span: Span, rules: ContextRules) -> bool:
    """Whether a real trigger (not only the question mark) makes ``span`` hypothetical."""
    for scope in scopes(span.doc, rules):
        if scope.modifier != "hypothetical" or (scope.trigger_end == scope.end and \
                span.doc[scope.trigger_start].text == "?"):
            continue
        if scope.start < span.end and span.start < scope.end:
            return True
    return False
