"""Style: keyword stuffing (a search phrase repeated or pasted where it does not fit), hype
and absolute claims, dangling references ("this exercise" with nothing described before),
and page furniture that slipped through ingestion. Knowledge: ``rules/style/style.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field
from spacy.tokens import Span

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.document import PROSE_KINDS
from pipeline.findings import Finding
from pipeline.knowledge.loader import StrictModel, load_model
from pipeline.nlp.context import load_context, modifiers
from pipeline.nlp.sentences import sentence_list

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
SEGMENT_BREAK = re.compile(r"[.!?;:()\[\]\"“”]|\n")


class KeywordSettings(StrictModel):
    """Thresholds and shape words for keyword stuffing."""

    min_words: int = Field(ge=2)
    max_words: int = Field(ge=2)
    min_content_words: int = Field(ge=1)
    min_count: int = Field(ge=2)
    min_body_count: int = Field(ge=1)
    spatial_prepositions: list[str]
    intent_words: list[str]
    dense_min_words: int = Field(ge=2)
    dense_min_count: int = Field(ge=2)
    dense_share: float = Field(gt=0, lt=1)
    #: words that do not make a phrase a keyword (a, the, of, with ...)
    function_words: frozenset[str]
    #: words that make a body part after a preposition no bare one ("on your foot")
    determiners: frozenset[str]


class HypePattern(StrictModel):
    """One kind of hype claim."""

    pattern: str
    what: str


class DanglingSettings(StrictModel):
    """What a demonstrative needs before it."""

    nouns: list[str]
    determiners: list[str]
    instruction_verbs: list[str]
    posture_verbs: list[str]
    media: str


class FurnitureSettings(StrictModel):
    """Leftover page furniture."""

    blocks: list[str]
    inline: list[str]


class StyleFile(StrictModel):
    """``rules/style/style.yaml``."""

    references: list[str] = Field(default_factory=list)
    body_words: list[str]
    keyword_stuffing: KeywordSettings
    hype: list[HypePattern]
    hype_warning_cues: list[str]
    dangling: DanglingSettings
    furniture: FurnitureSettings


@dataclass(frozen=True)
class StyleKnowledge:
    """The style file with its patterns compiled."""

    data: StyleFile
    body: frozenset[str]
    hype: tuple[tuple[re.Pattern[str], str], ...]
    cues: re.Pattern[str]
    dangling: re.Pattern[str]
    media: re.Pattern[str]
    furniture_blocks: tuple[re.Pattern[str], ...]
    furniture_inline: tuple[re.Pattern[str], ...]


@cache
def _load(path: Path) -> StyleKnowledge:
    data = load_model(path, StyleFile)
    flags = re.IGNORECASE
    d = data.dangling
    dets = "|".join(re.escape(x) for x in sorted(d.determiners, key=len, reverse=True))
    nouns = "|".join(re.escape(x) for x in sorted(d.nouns, key=len, reverse=True))
    return StyleKnowledge(
        data=data,
        body=frozenset(w.lower() for w in data.body_words),
        hype=tuple((re.compile(h.pattern, flags), h.what) for h in data.hype),
        cues=re.compile(r"\b(?:" + "|".join(re.escape(c) for c in data.hype_warning_cues)
                        + r")", flags),
        dangling=re.compile(rf"\b(?:{dets})\s+(?:{nouns})\b", flags),
        media=re.compile(d.media, flags),
        furniture_blocks=tuple(re.compile(p, flags) for p in data.furniture.blocks),
        furniture_inline=tuple(re.compile(p) if p.isupper() or "ADVERTISEMENT" in p
                               else re.compile(p, flags) for p in data.furniture.inline),
    )


def load_style(rules_directory: Path) -> StyleKnowledge:
    """Load ``rules/style/style.yaml``."""
    return _load(rules_directory / "style" / "style.yaml")


# --- keyword stuffing -------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    """A word of the article: lower-case text, offsets, segment and whether it is in the
    title."""

    text: str
    start: int
    end: int
    segment: int
    title: bool


def words_of(ctx: CheckContext) -> list[Word]:
    """Words of the prose blocks; a segment ends at sentence punctuation or a block end."""
    result: list[Word] = []
    segment = 0
    text = ctx.document.text
    for block in ctx.document.blocks:
        if block.kind not in PROSE_KINDS:
            continue
        segment += 1
        last = block.start
        for match in WORD.finditer(text, block.start, block.end):
            if SEGMENT_BREAK.search(text, last, match.start()):
                segment += 1
            result.append(Word(match.group(0).lower().replace("’", "'"), match.start(),
                               match.end(), segment, block.kind == "title"))
            last = match.end()
    return result


@dataclass(frozen=True)
class Phrase:
    """A repeated phrase and where it occurs (word indices of its first word)."""

    words: tuple[str, ...]
    positions: tuple[int, ...]
    reason: str


def _ngrams(words: list[Word], n: int, edges: frozenset[str] = frozenset()
            ) -> dict[tuple[str, ...], list[int]]:
    """Positions of every run of ``n`` words inside one segment, leaving out runs that
    begin or end with a word of ``edges``."""
    texts = [w.text for w in words]
    segments = [w.segment for w in words]
    found: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - n + 1):
        last = i + n - 1
        if segments[i] != segments[last] or texts[i] in edges or texts[last] in edges:
            continue
        found.setdefault(tuple(texts[i : last + 1]), []).append(i)
    return found


def _bare_body_after(gram: tuple[str, ...], i: int, body: frozenset[str],
                     settings: KeywordSettings) -> bool:
    """Whether the words after the preposition at ``i`` are a bare body part ("between
    shoulder blades", "on top of foot"), with no article or possessive."""
    following = gram[i + 1 : i + 4]
    if not following or following[0] in settings.determiners or (
            following[0] in settings.function_words):
        return False
    for word in following:
        if word in body:
            return True
        if word in settings.function_words and word != "of":
            return False
    return False


def query_shaped(gram: tuple[str, ...], settings: KeywordSettings, body: frozenset[str]
                 ) -> bool:
    """Names a body part, and has a spatial preposition followed by a bare body part or a
    search-intent word at the end."""
    if not any(w in body for w in gram):
        return False
    if gram[-1] in settings.intent_words:
        return True
    return any(gram[i] in settings.spatial_prepositions
               and _bare_body_after(gram, i, body, settings) for i in range(1, len(gram) - 1))


def keyword_phrases(words: list[Word], settings: KeywordSettings, body: frozenset[str]
                    ) -> list[Phrase]:
    """Repeated search-style phrases, longest first, without their own sub-phrases."""
    body_words = sum(1 for w in words if not w.title)
    candidates: list[Phrase] = []
    for n in range(settings.max_words, settings.min_words - 1, -1):
        for gram, positions in _ngrams(words, n, settings.function_words).items():
            if sum(1 for w in gram if w not in settings.function_words) < \
                    settings.min_content_words:
                continue
            in_body = [p for p in positions if not words[p].title]
            count = len(in_body) + (1 if len(in_body) < len(positions) else 0)
            if count >= settings.min_count and len(in_body) >= settings.min_body_count \
                    and query_shaped(gram, settings, body):
                candidates.append(Phrase(gram, tuple(in_body), "search"))
            elif (n >= settings.dense_min_words and len(in_body) >= settings.dense_min_count
                    and body_words and len(in_body) * n / body_words > settings.dense_share):
                candidates.append(Phrase(gram, tuple(in_body), "dense"))
    chosen: list[Phrase] = []
    for phrase in candidates:
        joined = " " + " ".join(phrase.words) + " "
        if any(joined in " " + " ".join(c.words) + " " for c in chosen):
            continue
        chosen.append(phrase)
    return chosen


def _stuffing(ctx: CheckContext, words: list[Word], knowledge: StyleKnowledge
              ) -> Iterator[Finding]:
    settings = knowledge.data.keyword_stuffing
    body_words = sum(1 for w in words if not w.title) or 1
    for phrase in keyword_phrases(words, settings, knowledge.body):
        n = len(phrase.words)
        spans = [(words[p].start, words[p + n - 1].end) for p in phrase.positions]
        shown = ctx.document.text[spans[0][0] : spans[0][1]]
        share = 100 * len(spans) * n / body_words
        why = ("it is shaped like a search query (a bare body part after a preposition, or a "
               "search word such as 'relief' at the end)" if phrase.reason == "search"
               else "it takes up an unnatural share of the text")
        in_title = any(words[i].title and tuple(w.text for w in words[i : i + n]) == phrase.words
                       for i in range(len(words) - n + 1))
        where = " (and in the title)" if in_title else ""
        yield ctx.finding(
            "STYLE-KEYWORD-STUFFING", *spans[0],
            message=(f"The phrase \u201c{shown}\u201d is repeated {len(spans)} times in the "
                     f"text{where} ({share:.1f}% of the words); {why}."),
            related=[ctx.related(s, e, "repeated") for s, e in spans[1:10]],
        )
        yield from _pasted(ctx, words, phrase, settings, knowledge.body)


def _pasted(ctx: CheckContext, words: list[Word], phrase: Phrase, settings: KeywordSettings,
            body: frozenset[str]) -> Iterator[Finding]:
    """Occurrences where the phrase (or its preposition tail) is stuck onto words it does not
    belong with: "repeat this exercise between shoulder blades", "... blades relief is"."""
    gram = phrase.words
    n = len(gram)
    doc = ctx.doc
    reported: set[int] = set()
    for p in phrase.positions:
        after = p + n
        if after < len(words) and words[after].segment == words[p].segment \
                and not words[after].title:
            span = doc.char_span(words[after].start, words[after].end, alignment_mode="expand")
            if span is not None and span[0].pos_ == "NOUN" and span[0].dep_ != "nsubj" \
                    and words[after].text not in settings.function_words:
                reported.add(p)
                yield ctx.finding(
                    "STYLE-KEYWORD-PASTED", words[p].start, words[after].end,
                    message=(f"The phrase \u201c{' '.join(gram)}\u201d is pasted in front of "
                             f"\u201c{words[after].text}\u201d, which breaks the sentence."))
    for i in range(1, n - 1):
        if gram[i] not in settings.spatial_prepositions or not _bare_body_after(
                gram, i, body, settings):
            continue
        anchor, tail = gram[i - 1], gram[i:]
        for q, tail_words in enumerate(_windows(words, len(tail))):
            if tail_words != tail or words[q].title or q == 0:
                continue
            before = words[q - 1]
            if before.segment != words[q].segment or before.text == anchor:
                continue
            if any(p <= q < p + n for p in reported):
                continue
            yield ctx.finding(
                "STYLE-KEYWORD-PASTED", before.start, words[q + len(tail) - 1].end,
                message=(f"\u201c{' '.join(tail)}\u201d, part of the repeated phrase "
                         f"\u201c{' '.join(gram)}\u201d, is attached to \u201c{before.text}"
                         "\u201d, where it makes no sense."))
        break


def _windows(words: list[Word], n: int) -> Iterator[tuple[str, ...]]:
    for i in range(len(words)):
        if i + n <= len(words) and words[i].segment == words[i + n - 1].segment:
            yield tuple(w.text for w in words[i : i + n])
        else:
            yield ()


# --- hype ------------------------------------------------------------------------------

def _hype(ctx: CheckContext, knowledge: StyleKnowledge) -> Iterator[Finding]:
    context = load_context(ctx.knowledge.directory)
    for sent in sentence_list(ctx.doc):
        text = sent.text
        if knowledge.cues.search(text):
            continue
        for pattern, what in knowledge.hype:
            for match in pattern.finditer(text):
                start, end = sent.start_char + match.start(), sent.start_char + match.end()
                span = ctx.doc.char_span(start, end, alignment_mode="expand")
                # A negation inside the claim is the claim ("no side effects").
                inside = range(span.start, span.end) if span is not None else ()
                if span is None or modifiers(span, context, ignore=inside) & {
                        "negated", "reported", "myth"}:
                    continue
                yield ctx.finding(
                    "STYLE-HYPE", start, end,
                    message=f"Hype: {what} (\u201c{match.group(0)}\u201d).")
                break


# --- dangling references ---------------------------------------------------------------

def _describes_something(sent: Span, settings: DanglingSettings, nouns: set[str],
                         body: frozenset[str]) -> bool:
    for token in sent:
        # "the cat-cow stretch", "a simple exercise", "an exercise to correct slouching";
        # not "an exercise program" (a modifier) or a bare mention.
        if token.lower_ in nouns and token.dep_ != "compound" and any(
                c.dep_ in ("amod", "compound", "acl", "relcl", "appos", "nmod", "poss")
                for c in token.children):
            return True
    for token in sent:
        if token.tag_ not in ("VB", "VBG", "VBP") or token.lemma_.lower() not in \
                settings.instruction_verbs or token.dep_ in ("csubj", "csubjpass", "nsubj"):
            continue  # "Lifting your shoulders too high can ..." is no instruction
        if token.lemma_.lower() in settings.posture_verbs:
            return True
        if any(t.lower_ in body and not any(c.dep_ == "nummod" for c in t.children)
               for t in token.subtree if t.i > token.i):
            return True  # a body part moved; "by one foot" is a length
    return False


def _dangling(ctx: CheckContext, knowledge: StyleKnowledge) -> Iterator[Finding]:
    settings = knowledge.data.dangling
    nouns = {n.lower() for n in settings.nouns}
    document = ctx.document
    described = False
    sents = [s for s in sentence_list(ctx.doc)
             if (b := document.block_at(s.start_char)) is not None and b.kind in PROSE_KINDS]
    for index, sent in enumerate(sents):
        block = document.block_at(sent.start_char)
        if block is not None and block.kind in ("heading", "title"):
            described = described or block.kind == "heading"
            continue
        for match in knowledge.dangling.finditer(sent.text):
            if described:
                break
            start = sent.start_char + match.start()
            before_in_sentence = ctx.doc.char_span(sent.start_char, start,
                                                   alignment_mode="contract")
            if before_in_sentence is not None and len(before_in_sentence) and \
                    _describes_something(before_in_sentence, settings, nouns,
                                                              knowledge.body):
                break
            rest = sent.text[match.end():]
            if rest.rstrip().endswith(":") or re.search(r"\b(?:below|following)\b", rest):
                break
            if index + 1 < len(sents):
                nxt = document.block_at(sents[index + 1].start_char)
                if nxt is not None and nxt.kind == "list_item" and block is not None \
                        and nxt.start >= block.end:
                    break
            yield ctx.finding(
                "STYLE-DANGLING-REFERENCE", start, sent.start_char + match.end(),
                message=(f"\u201c{match.group(0)}\u201d refers to something the article has "
                         "not described yet."))
            break
        if document.format != "html":
            for match in knowledge.media.finditer(sent.text):
                yield ctx.finding(
                    "STYLE-DANGLING-REFERENCE", sent.start_char + match.start(),
                    sent.start_char + match.end(),
                    message=(f"\u201c{match.group(0)}\u201d points to a picture or video "
                             "that is not part of the text."))
        if _describes_something(sent, settings, nouns, knowledge.body):
            described = True


# --- page furniture --------------------------------------------------------------------

def _furniture(ctx: CheckContext, knowledge: StyleKnowledge) -> Iterator[Finding]:
    text = ctx.document.text
    for block in ctx.document.blocks:
        if block.kind not in PROSE_KINDS or block.kind == "title":
            continue
        content = text[block.start : block.end]
        stripped = content.strip().lstrip("-*•").strip()
        if len(stripped.split()) <= 15 and any(p.fullmatch(stripped)
                                              for p in knowledge.furniture_blocks):
            yield ctx.finding("STYLE-PAGE-FURNITURE", block.start, block.end,
                              message=f"Page furniture left in the text: \u201c{stripped}\u201d.")
            continue
        for pattern in knowledge.furniture_inline:
            for match in pattern.finditer(content):
                yield ctx.finding(
                    "STYLE-PAGE-FURNITURE", block.start + match.start(),
                    block.start + match.end(),
                    message=f"Leftover markup or page furniture: \u201c{match.group(0)}\u201d.")


def run(ctx: CheckContext) -> Iterator[Finding]:
    """All style checks over one article."""
    knowledge = ctx.knowledge.load(load_style)
    yield from _stuffing(ctx, words_of(ctx), knowledge)
    yield from _hype(ctx, knowledge)
    yield from _dangling(ctx, knowledge)
    yield from _furniture(ctx, knowledge)


FAMILY = CheckFamily("style", run, order=85,
                     description="keyword stuffing, hype, dangling references, page furniture")
