"""Readability: grade level of the article and of each paragraph, the hardest paragraphs and
sentences with the reason, and medical terms left without a plain explanation.

Every number names its formula (``scores["readability"]["formulas"]``):
- Flesch reading ease (Flesch 1948): 206.835 - 1.015 x words/sentences - 84.6 x syllables/words;
  60-70 is plain English, below 50 is hard.
- Flesch-Kincaid grade (Kincaid et al. 1975): 0.39 x words/sentences + 11.8 x syllables/words
  - 15.59; a US school grade.
- SMOG (McLaughlin 1969): 1.043 x sqrt(polysyllables x 30/sentences) + 3.1291; the measure
  health-literacy guidance prefers; needs 3 or more sentences (textstat returns 0 below that).
Syllables come from CMUdict through textstat, offline (pipeline.nlp.textstat_offline).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field
from spacy.tokens import Span

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.document import Block
from pipeline.findings import Finding
from pipeline.knowledge.loader import StrictModel, load_model
from pipeline.nlp.sentences import sentence_list
from pipeline.nlp.textstat_offline import syllable_counts, textstat

LONG_SENTENCE_WORDS = 30
HARD_SENTENCE_WORDS = 25
MIN_WORDS_FOR_GRADE = 30
MIN_WORDS_FOR_PARAGRAPH = 30
MIN_SENTENCES_FOR_PARAGRAPH = 2  # one-sentence blocks are READ-HARD-SENTENCE's job
PARAGRAPH_MARGIN = 5.0     # a paragraph this many grades above target is "hard"
SENTENCE_MARGIN = 6.0      # a sentence this many grades above target is "hard"
MAX_HARD_PARAGRAPHS = 2
MAX_HARD_SENTENCES = 3
MAX_JARGON = 5
EXPLANATION_WINDOW = 200   # characters around a term searched for its plain words
PROSE = ("paragraph", "list_item", "quote")

FORMULAS = {
    "flesch_reading_ease": "Flesch reading ease (Flesch 1948): 206.835 - 1.015 x words per "
                           "sentence - 84.6 x syllables per word; higher is easier, 60+ is plain",
    "flesch_kincaid_grade": "Flesch-Kincaid grade level (Kincaid et al. 1975): 0.39 x words per "
                            "sentence + 11.8 x syllables per word - 15.59",
    "smog_index": "SMOG grade (McLaughlin 1969): 1.043 x sqrt(words of 3+ syllables x 30 / "
                  "sentences) + 3.1291; 0 when a text has fewer than 3 sentences",
    "grade": "mean of the Flesch-Kincaid grade and SMOG grade (Flesch-Kincaid alone when SMOG "
             "is 0)",
    "syllables": "CMUdict via textstat, offline",
}
# "Tendinopathy is common in runners (the tendon becomes painful and thick)": a bracket later
# in the sentence that says it in words. Not a reference ("(see below)", "(Smith 2019)").
BRACKET = re.compile(r"\(([^()]*)\)")
BRACKETED_NAME_AFTER = re.compile(r"^\s*[\"”']?\s*\)")
MIN_BRACKET_WORDS = 3


def measure(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade and SMOG for ``text``."""
    ts = textstat()
    return {
        "flesch_reading_ease": round(float(ts.flesch_reading_ease(text)), 1),
        "flesch_kincaid_grade": round(float(ts.flesch_kincaid_grade(text)), 1),
        "smog_index": round(float(ts.smog_index(text)), 1),
    }


def combined_grade(scores: dict[str, float]) -> float:
    """The grade medlint compares with the target (see FORMULAS["grade"])."""
    if scores["smog_index"] > 0:
        return round((scores["flesch_kincaid_grade"] + scores["smog_index"]) / 2, 1)
    return scores["flesch_kincaid_grade"]


def syllables(word: str) -> int:
    """Syllables of one word (CMUdict, else textstat's rules)."""
    return int(textstat().syllable_count(word))


# --- the plain-words lexicon -----------------------------------------------------------

class PlainTerm(StrictModel):
    """A medical term and the plain words that explain it."""

    term: str
    plain: list[str] = Field(min_length=1)


class PlainWordsFile(StrictModel):
    """``rules/readability/plain_words.yaml``."""

    references: list[str] = Field(default_factory=list)
    explainers: list[str] = Field(min_length=1)
    defining_verbs: list[str] = Field(min_length=1)
    defined_openers: list[str] = Field(min_length=1)
    introducers: list[str] = Field(min_length=1)
    bracket_introducers: list[str] = Field(min_length=1)
    reference_words: list[str] = Field(min_length=1)
    classical_endings: list[str] = Field(min_length=1)
    #: Latin-shaped names every reader knows, never reported as jargon
    everyday_terms: list[str] = Field(default_factory=list)
    terms: list[PlainTerm]


def _either(words: list[str]) -> str:
    """A regular-expression alternation of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Explanations:
    """The patterns that find a term explained next to it, from ``plain_words.yaml``."""

    #: right after the term: "(", ", or ...", "also called", "is a ...", a dash or colon
    after: re.Pattern[str]
    #: right before it: "called", "known as", "the medical term for"
    before: re.Pattern[str]
    #: the text before the term opens a bracket that names what was just said
    bracketed_before: re.Pattern[str]
    #: a bracket that is a reference ("see ...", "fig 2", "Smith 2019"), not an explanation
    reference: re.Pattern[str]
    #: a Latin or Greek ending (scapula, sternum)
    classical: re.Pattern[str]


def explanations(data: PlainWordsFile) -> Explanations:
    """Compile the explanation patterns of a plain-words file."""
    i = re.IGNORECASE
    return Explanations(
        after=re.compile(
            rf"^\s*(?:\(|,?\s*(?:{_either(data.explainers)})\b|\s*(?:"
            rf"{_either(data.defining_verbs)})\s+(?:{_either(data.defined_openers)})?\b|"
            r"\s*[—–:-])", i),
        before=re.compile(rf"\b(?:{_either(data.introducers)})\s*[\"“']?\s*$", i),
        bracketed_before=re.compile(
            rf"\(\s*(?:{_either(data.bracket_introducers)})?\s*[\"“']?\s*$", i),
        reference=re.compile(
            rf"^\s*(?:(?:{_either(data.reference_words)})\b|e\.g\.|p\.\s|"
            r"[A-Z][a-z]+(?: et al\.?)?,? \d{4}|\d)", i),
        classical=re.compile(rf"(?:{_either(data.classical_endings)})$"),
    )


@dataclass(frozen=True)
class Lexicon:
    """Terms (lower case) -> plain words, with one pattern that finds any term."""

    plain: dict[str, tuple[str, ...]]
    source: dict[str, str]
    pattern: re.Pattern[str] | None
    explained: Explanations


def load_lexicon(rules_directory: Path) -> Lexicon:
    """The plain-words lexicon, plus technical anatomy names that have a plain synonym in
    the anatomy knowledge base (when it is installed)."""
    data = load_model(rules_directory / "readability" / "plain_words.yaml", PlainWordsFile)
    explained = explanations(data)
    plain = {t.term.lower(): tuple(p.lower() for p in t.plain) for t in data.terms}
    # Editors see where the plain words come from: the sources, never medlint's files.
    named = "; ".join(r.rstrip(".") for r in data.references) or "a plain-words list"
    source = dict.fromkeys(plain, named)
    everyday = {t.lower() for t in data.everyday_terms}
    for term, lay in _anatomy_pairs(rules_directory, explained, everyday):
        if term not in plain:
            plain[term] = lay
            source[term] = "the everyday names of body parts in medlint's anatomy knowledge"
    terms = sorted(plain, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b",
                         re.IGNORECASE) if terms else None
    return Lexicon(plain=plain, source=source, pattern=pattern, explained=explained)


def _anatomy_pairs(rules_directory: Path, explained: Explanations, everyday: set[str]
                   ) -> list[tuple[str, tuple[str, ...]]]:
    """(technical name, plain names) from the anatomy knowledge base: a one-word Latin or
    Greek name (three or more syllables, a classical ending such as -a, -us, -um, -ae) whose
    concept also has a name of short everyday words (scapula -> shoulder blade).

    A plain name is made of dictionary words (CMUdict, so 'spinalis' or 'fovea' are not
    plain) and is not a form of the technical name itself ('urethras', 'uteri', 'fascial
    tissue'); a technical name every reader knows (``everyday_terms``) is never jargon."""
    try:
        from pipeline.knowledge.anatomy import load_anatomy

        kb = load_anatomy(rules_directory)
    except Exception:  # no anatomy knowledge: the lexicon alone is enough
        return []
    classical = explained.classical
    dictionary = syllable_counts()
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for concept in kb:
        names = [n.lower() for n in concept.names]
        technical = [n for n in names if n.isalpha() and classical.search(n)
                     and n not in everyday
                     and not n.endswith(("button", "section", "tion")) and syllables(n) >= 3]
        lay = tuple(n for n in names if n not in technical and len(n) >= 4
                    and all(syllables(w) <= 2 for w in n.split())
                    and all(_in_dictionary(w, dictionary, classical) for w in n.split())
                    and not (" " not in n and classical.search(n) and syllables(n) >= 2)
                    and not any(_same_stem(n, t) for t in technical))
        if lay:
            pairs.extend((t, lay) for t in technical)
    return pairs


def _in_dictionary(word: str, dictionary: dict[str, int], classical: re.Pattern[str]) -> bool:
    """A dictionary word, or a closed compound of two that is not Latin-shaped ('windpipe',
    'kneecap'; not 'spinalis')."""
    word = word.strip("'").removesuffix("'s")
    return word in dictionary or (not classical.search(word) and any(
        word[:i] in dictionary and word[i:] in dictionary for i in range(3, len(word) - 2)))


def _same_stem(lay: str, technical: str) -> bool:
    """Whether a plain name is a form of the technical one: one contains the other, or a
    word of it shares the technical name's first five letters ('fascial' / 'myofascia')."""
    if technical.startswith(lay) or lay in technical:
        return True
    core = technical[:5]
    return any(w[:5] == core or (len(w) >= 5 and w[:5] in technical) for w in lay.split())


# --- the check -------------------------------------------------------------------------

def _prose_blocks(ctx: CheckContext) -> list[Block]:
    return [b for b in ctx.document.body_blocks if b.kind in PROSE]


def _sentence_facts(sent: Span) -> dict[str, Any]:
    words = [t for t in sent if t.is_alpha]
    poly = [t.text for t in words if syllables(t.text) >= 3]
    passive = [t for t in sent if t.dep_ in ("auxpass", "nsubjpass")]
    return {"words": len(words), "polysyllables": poly, "passive": bool(passive)}


def _reasons(facts: dict[str, Any]) -> list[str]:
    reasons = []
    if facts["words"] > HARD_SENTENCE_WORDS:
        reasons.append(f"long ({facts['words']} words)")
    poly = facts["polysyllables"]
    if len(poly) >= 4 and len(poly) >= 0.2 * max(facts["words"], 1):
        shown = ", ".join(dict.fromkeys(poly))
        reasons.append(f"{len(poly)} words of three or more syllables ({shown})")
    if facts["passive"]:
        reasons.append("passive voice")
    return reasons


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Article and paragraph scores; hard paragraphs, hard or long sentences, jargon."""
    target = ctx.config.target_grade
    blocks = _prose_blocks(ctx)
    text = ctx.document.text
    body = "\n\n".join(text[b.start : b.end] for b in blocks)
    words = len(body.split())
    scores: dict[str, Any] = {}
    if words:
        scores = dict(measure(body))
        scores["grade"] = combined_grade(scores)
        scores["target_grade"] = target
        scores["words"] = words
        scores["formulas"] = FORMULAS
        scores["paragraphs"] = []
    ctx.scores["readability"] = scores
    if scores and words >= MIN_WORDS_FOR_GRADE and scores["grade"] > target + 1:
        yield ctx.finding(
            "READ-GRADE",
            message=(f"The article reads at about grade {scores['grade']:.0f}; the target is "
                     f"grade {target:.0f}."),
            explanation=(
                f"Flesch-Kincaid grade {scores['flesch_kincaid_grade']} (Kincaid 1975), SMOG "
                f"{scores['smog_index']} (McLaughlin 1969), Flesch reading ease "
                f"{scores['flesch_reading_ease']} (Flesch 1948); grade = their mean. "
                + ctx.knowledge.catalog["READ-GRADE"].rationale
            ),
        )
    if scores:
        yield from _paragraphs(ctx, blocks, scores, target)
    yield from _sentences(ctx, target)
    yield from _jargon(ctx, blocks)


def _paragraphs(ctx: CheckContext, blocks: list[Block], scores: dict[str, Any], target: float
                ) -> Iterator[Finding]:
    text = ctx.document.text
    hard: list[tuple[float, Block, dict[str, Any]]] = []
    starts = [s.start_char for s in sentence_list(ctx.doc)]  # sorted
    for block in blocks:
        content = text[block.start : block.end]
        n = len(content.split())
        if n < 10:
            continue
        para = {"start": block.start, "end": block.end, "words": n, **measure(content)}
        para["grade"] = combined_grade(para)
        scores["paragraphs"].append(para)
        sentences = bisect_left(starts, block.end) - bisect_left(starts, block.start)
        para["sentences"] = sentences
        if (n >= MIN_WORDS_FOR_PARAGRAPH and sentences >= MIN_SENTENCES_FOR_PARAGRAPH
                and block.kind == "paragraph" and para["grade"] > target + PARAGRAPH_MARGIN):
            hard.append((para["grade"], block, para))
    hard.sort(key=lambda item: -item[0])
    for grade, block, para in hard[:MAX_HARD_PARAGRAPHS]:
        sents = [s for s in sentence_list(ctx.doc) if block.start <= s.start_char < block.end]
        facts = [_sentence_facts(s) for s in sents]
        n_sent = max(len(sents), 1)
        n_words = sum(f["words"] for f in facts) or 1
        n_poly = sum(len(f["polysyllables"]) for f in facts)
        n_passive = sum(1 for f in facts if f["passive"])
        reasons = [f"{n_words / n_sent:.0f} words per sentence",
                   f"{100 * n_poly / n_words:.0f}% of words have three or more syllables"]
        if n_passive:
            reasons.append(f"{n_passive} of {n_sent} sentences in the passive voice")
        yield ctx.finding(
            "READ-PARAGRAPH-GRADE", block.start, block.end,
            message=(f"This paragraph reads at about grade {grade:.0f} (target "
                     f"{target:.0f}): {'; '.join(reasons)}."),
            explanation=(f"Flesch-Kincaid grade {para['flesch_kincaid_grade']}, SMOG "
                         f"{para['smog_index']}, Flesch reading ease "
                         f"{para['flesch_reading_ease']} for this paragraph. "
                         + ctx.knowledge.catalog["READ-PARAGRAPH-GRADE"].rationale),
        )


def _sentences(ctx: CheckContext, target: float) -> Iterator[Finding]:
    ts = textstat()
    hard: list[tuple[float, Span, list[str]]] = []
    long_ones: list[tuple[Span, int]] = []
    for sent in sentence_list(ctx.doc):
        block = ctx.document.block_at(sent.start_char)
        if block is None or block.kind not in PROSE:
            continue
        facts = _sentence_facts(sent)
        if facts["words"] < 8:
            continue
        grade = float(ts.flesch_kincaid_grade(sent.text))
        reasons = _reasons(facts)
        if grade > target + SENTENCE_MARGIN and len(reasons) >= 2:
            hard.append((grade, sent, reasons))
        elif facts["words"] > LONG_SENTENCE_WORDS:
            long_ones.append((sent, facts["words"]))
    hard.sort(key=lambda item: -item[0])
    for grade, sent, reasons in hard[:MAX_HARD_SENTENCES]:
        yield ctx.finding(
            "READ-HARD-SENTENCE", sent.start_char, sent.end_char,
            message=(f"Hard sentence (Flesch-Kincaid grade {grade:.0f}): "
                     f"{'; '.join(reasons)}."))
    for _grade, sent, _why in hard[MAX_HARD_SENTENCES:]:
        words = _sentence_facts(sent)["words"]
        if words > LONG_SENTENCE_WORDS:
            long_ones.append((sent, words))
    for sent, n in sorted(long_ones, key=lambda item: item[0].start):
        yield ctx.finding(
            "READ-SENTENCE-LENGTH", sent.start_char, sent.end_char,
            message=f"This sentence has {n} words; aim for 20 or fewer.")


def _explained_in_sentence(text: str, start: int, end: int, sentence: tuple[int, int],
                           ways: Explanations) -> bool:
    """The sentence explains the term in brackets: the term is the bracketed name of what
    was just said, or a bracket after it in the same sentence says what it is."""
    first, last = sentence
    before, after = text[first:start], text[end:last]
    if (ways.bracketed_before.search(before) and BRACKETED_NAME_AFTER.match(after)
            and len(before.split()) >= MIN_BRACKET_WORDS):
        return True
    return any(len(m.group(1).split()) >= MIN_BRACKET_WORDS
               and not ways.reference.match(m.group(1))
               for m in BRACKET.finditer(text, end, last))


def _explained(text: str, start: int, end: int, plain: tuple[str, ...], ways: Explanations,
               sentence: tuple[int, int] | None = None) -> bool:
    after = text[end : end + 60]
    before = text[max(0, start - 40) : start]
    reference = after.lstrip().startswith("(") and ways.reference.match(after.lstrip()[1:])
    if (ways.after.match(after) and not reference) or ways.before.search(before):
        return True
    if sentence is not None and _explained_in_sentence(text, start, end, sentence, ways):
        return True
    window = text[max(0, start - EXPLANATION_WINDOW) : end + EXPLANATION_WINDOW].lower()
    return any(re.search(r"\b" + re.escape(p) + r"\b", window) for p in plain)


def _jargon(ctx: CheckContext, blocks: list[Block]) -> Iterator[Finding]:
    lexicon = ctx.knowledge.load(load_lexicon)
    if lexicon.pattern is None:
        return
    text = ctx.document.text
    sentences = [(s.start_char, s.end_char) for s in sentence_list(ctx.doc)]
    starts = [first for first, _ in sentences]
    first: dict[str, tuple[int, int]] = {}
    explained: set[str] = set()
    for block in blocks:
        for match in lexicon.pattern.finditer(text, block.start, block.end):
            term = match.group(0).lower()
            plain = lexicon.plain[term]
            if term in explained:
                continue
            index = bisect_right(starts, match.start()) - 1
            sentence = sentences[index] if index >= 0 else None
            if _explained(text, match.start(), match.end(), plain, lexicon.explained,
                          sentence):
                explained.add(term)
                first.pop(term, None)
            elif term not in first:
                first[term] = match.span()
    shown = sorted(first.items(), key=lambda item: item[1][0])[:MAX_JARGON]
    for term, (start, end) in shown:
        plain = lexicon.plain[term]
        yield ctx.finding(
            "READ-JARGON", start, end,
            message=(f"\u201c{text[start:end]}\u201d is a medical term with no plain "
                     f"explanation nearby; say \u201c{plain[0]}\u201d."),
            suggestion=(f"Write \u201c{plain[0]}\u201d, or explain the term the first time: "
                        f"\u201c{text[start:end]} ({plain[0]})\u201d."),
            explanation=(f"Plain words from {lexicon.source[term]}. "
                         + ctx.knowledge.catalog["READ-JARGON"].rationale),
        )


FAMILY = CheckFamily("readability", run, order=90,
                     description="grade levels (Flesch, Flesch-Kincaid, SMOG), hard paragraphs "
                                 "and sentences, unexplained medical terms")
