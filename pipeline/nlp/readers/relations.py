"""Relation frames: a body structure and what the article says about it (docs/frames.md).

The claim shapes are read by :class:`~pipeline.nlp.readers.claims.ClaimReader` (copula,
apposition, relative clause, location verbs and prepositions, counts, functions, flows,
supplies, movements ...); this module turns each claim into a typed :class:`Relation` with
its context.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from pipeline.knowledge.anatomy import AnatomyKB, load_anatomy
from pipeline.knowledge.lexicon import declare
from pipeline.nlp.frames import Relation, Words
from pipeline.nlp.readers.base import Reading
from pipeline.nlp.readers.claims import Claim, ClaimReader

CLOSE_WORDS = declare("close_words", "words that make a relative position a close one "
                      "(just above, directly behind)")


@lru_cache(maxsize=4)
def anatomy(directory: Path) -> AnatomyKB:
    """The anatomy knowledge base of a rules directory."""
    return load_anatomy(directory)


def _marked(reading: Reading, concept: str, tokens: range) -> Span | None:
    """The first anatomy span of ``concept`` that starts at one of ``tokens`` (in order)."""
    by_start = reading.anatomy_starts
    for i in tokens:
        for span in by_start.get(i, ()):
            if span.label_ == concept:
                return span
    return None


def relation_of(claim: Claim, reading: Reading) -> Relation:
    """The Relation frame of one claim."""
    doc = reading.doc
    kb = anatomy(reading.knowledge.directory)
    first, last = claim.first_token, claim.last_token
    subject_span = _marked(reading, claim.subject, range(first, last + 1))
    if subject_span is not None:
        subject = Words.of(subject_span, concept=claim.subject, kind=kb[claim.subject].kind
                           if claim.subject in kb else None)
    else:
        subject = Words(start=claim.start, end=claim.start, text="", first_token=first,
                        last_token=first, concept=claim.subject,
                        kind=kb[claim.subject].kind if claim.subject in kb else None)
    obj: Words | None = None
    if claim.obj is not None and claim.obj in kb:
        object_span = _marked(reading, claim.obj, range(last, first - 1, -1))
        if object_span is not None:
            obj = Words.of(object_span, concept=claim.obj, kind=kb[claim.obj].kind)
        else:
            obj = Words(start=claim.end, end=claim.end, text="", first_token=last,
                        last_token=last, concept=claim.obj, kind=kb[claim.obj].kind)
    elif claim.obj is not None:
        obj = Words(start=claim.end, end=claim.end, text="", first_token=last, last_token=last,
                    concept=claim.obj)
    kind = claim.type
    values: dict[str, object] = {}
    if kind == "between":
        values["between"] = tuple((claim.verb or "").split("|"))
    elif kind in ("makes", "releases", "stores", "pumps", "absorbs"):
        values["substance"] = claim.verb
    elif kind == "term":
        values["term"] = claim.verb
    elif kind in ("superlative", "layer"):
        values["superlative"] = claim.verb
    elif kind == "location" and claim.verb in ("nominal", "course", "course-end"):
        values["how"] = claim.verb.replace("-", "_")
    elif kind == "relative":
        values["position"] = claim.aspect
        words = [t.lower_ for t in doc[first:last + 1]]
        close = reading.lexicon.list(CLOSE_WORDS)
        values["close"] = bool(set(words) & close) or " ".join(words).find("on top of") >= 0
    elif kind == "contact" or claim.verb is not None:
        values["verb"] = claim.verb
    ignore = [claim.value] if kind == "referral_denied" and claim.value is not None else []
    return Relation(
        start=claim.start, end=claim.end, first_token=first, last_token=last,
        sentence=reading.sentence_index(first),
        context=reading.context(first, last, ignore=ignore), reader="relations",
        relation=kind, subject=subject, object=obj,
        side=claim.side, aspect=claim.aspect if kind != "relative" else None,
        value=float(claim.value) if claim.value is not None and kind != "referral_denied"
        else None,
        negation=claim.value if kind == "referral_denied" else None,
        pairs=claim.pairs, approximate=claim.approximate, young=claim.young,
        movement=claim.movement, **values)  # type: ignore[arg-type]


class RelationReader:
    """Read the Relation frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading

    def frames(self) -> Iterator[Relation]:
        """Every Relation frame of the Doc: the claim reader's, then what a structure
        does in any other wording (:mod:`pipeline.nlp.readers.functions`)."""
        from pipeline.nlp.readers.functions import FunctionReader
        from pipeline.nlp.readers.phase_actions import PhaseActionReader

        kb = anatomy(self.r.knowledge.directory)
        taken: set[tuple[int, str]] = set()
        for claim in ClaimReader(self.r.doc, kb).claims():
            frame = relation_of(claim, self.r)
            if frame.group == "function" and frame.subject.concept:
                taken.add((frame.sentence, frame.subject.concept))
            yield frame
        yield from FunctionReader(self.r, taken).frames()
        yield from PhaseActionReader(self.r).frames()
