"""``medlint_anatomy``: mark mentions of body structures, labelled with their concept id.

Two PhraseMatchers built from the anatomy knowledge base (every name, lay term and
misspelling in ``rules/anatomy``): one over lower-case text ("Shoulder Blade"), one over
lemmas ("kidneys" -> "kidney"). Overlaps keep the longest mention. Results go to
``doc.spans["anatomy"]``; each span's ``label_`` is the concept id (``scapula``).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.knowledge.anatomy import AnatomyKB, load_anatomy
from pipeline.nlp.model import ComponentSpec

SPAN_KEY = "anatomy"
COMPONENT = ComponentSpec(factory="medlint_anatomy", order=20, needs_rules_dir=True)

#: A one-word mention with one of these parts of speech is a different word ("far back").
NOT_A_NOUN = frozenset({"VERB", "ADV", "ADP", "AUX", "PART", "PRON", "DET", "CCONJ", "SCONJ",
                        "NUM", "INTJ"})


@Language.factory(
    "medlint_anatomy",
    default_config={"rules_dir": ""},
    assigns=["doc.spans"],
    requires=["token.lemma", "token.pos"],
)
def make_anatomy_marker(nlp: Language, name: str, rules_dir: str) -> AnatomyMarker:
    """Factory for :class:`AnatomyMarker`."""
    return AnatomyMarker(nlp, load_anatomy(Path(rules_dir)) if rules_dir else None)


class AnatomyMarker:
    """Find anatomy terms and put them in ``doc.spans["anatomy"]``."""

    def __init__(self, nlp: Language, kb: AnatomyKB | None) -> None:
        self.kb = kb
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        if kb is None:
            return
        by_concept: dict[str, list[str]] = {}
        for term, concept_id in kb.terms.items():
            by_concept.setdefault(concept_id, []).append(term)
        for concept_id, terms in by_concept.items():
            docs = [nlp.tokenizer(term) for term in terms]
            self.lower.add(concept_id, docs)
            lemma_docs = []
            for term in terms:
                pattern = nlp.tokenizer(term)
                for token in pattern:
                    token.lemma_ = token.lower_
                lemma_docs.append(pattern)
            self.lemma.add(concept_id, lemma_docs)

    def __call__(self, doc: Doc) -> Doc:
        """Mark the mentions."""
        found: list[Span] = []
        for matcher in (self.lower, self.lemma):
            for match_id, start, end in matcher(doc):
                if end - start == 1 and doc[start].pos_ in NOT_A_NOUN:
                    continue
                found.append(Span(doc, start, end, label=match_id))
        spans = filter_spans(found)
        # the neighbours of each span, looked up by position (filter_spans leaves no
        # overlaps), not by scanning every span for every span
        by_start = {s.start: s for s in spans}
        by_end = {s.end: s for s in spans}
        doc.spans[SPAN_KEY] = [s for s in spans
                               if not self._part_of_other(s, by_start, by_end)]
        return doc

    def _part_of_other(self, span: Span, by_start: dict[int, Span],
                       by_end: dict[int, Span]) -> bool:
        """"bladder neck", "head of the femur", "optic disc": a region word naming part of
        another structure, not the body region."""
        if self.kb is None:
            return False
        concept = self.kb.get(span.label_)
        if concept is None or concept.kind not in ("region", "cartilage"):
            return False
        doc = span.doc
        before = by_end.get(span.start)
        if before is not None and self.kb[before.label_].kind not in ("region", "joint",
                                                                      "class") \
                and doc[span.start - 1].dep_ in ("compound", "amod", "poss"):
            return True
        if span.start > 0 and doc[span.start - 1].lower_ in self.kb.lexicon.modifiers_of_other:
            return True
        i = span.end
        if i < len(doc) and doc[i].lower_ == "of":
            i += 1
            while i < len(doc) and doc[i].pos_ in ("DET", "PRON", "ADJ"):
                i += 1
            after = by_start.get(i)
            if after is not None and self.kb[after.label_].kind not in ("region", "joint",
                                                                        "class"):
                return True
        return False
