"""``medlint_mentions``: mark what an article talks about, labelled with its lexicon class.

Medicines, supplements, remedies, devices, activities, exercises, foods and drinks,
recreational substances, conditions, symptoms, clinicians, care settings and groups of
people, from the word classes of ``rules/lexicon/`` (generated from WordNet and the
ontologies, plus ``core.yaml``). Two PhraseMatchers, one over lower-case text and one over
lemmas ("ibuprofen tablets", "the Splints"); a word shaped like a medicine's generic name
(``-pril``, ``-statin``, ``-olol``: ``medicine_suffixes`` in ``core.yaml``) is a medicine
too. Results go to ``doc.spans["mentions"]``, each span labelled with its class; spans of
one class never overlap (the longest wins), spans of different classes may.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.knowledge.lexicon import DRUG_SHAPED, Lexicon, declare, load_lexicon
from pipeline.nlp.model import ComponentSpec

SPAN_KEY = "mentions"
COMPONENT = ComponentSpec(factory="medlint_mentions", order=25, needs_rules_dir=True)

#: The lexicon classes marked as mentions.
CLASSES = ("medicine", "supplement", "remedy", "device", "activity", "exercise", "food",
           "recreational", "condition", "symptom", "professional", "care_setting", "group")
SUFFIXES = declare("medicine_suffixes", "endings of medicines' generic names (-pril, -statin)")
#: A one-word mention must be one of these parts of speech ("walk" the verb is marked by
#: the advice reader as an action, not here as a mention).
NOUNISH = frozenset({"NOUN", "PROPN", "X"})
#: Classes whose one-word mentions may also be gerunds ("Running is good for you").
GERUND_CLASSES = frozenset({"activity", "exercise", "recreational"})
#: Classes of proper names: a long word the lexicon knows only in these classes is a mention
#: whatever its part of speech.
NAME_CLASSES = frozenset({"medicine", "supplement"})


@Language.factory(
    "medlint_mentions",
    default_config={"rules_dir": ""},
    assigns=["doc.spans"],
    requires=["token.lemma", "token.pos"],
)
def make_mentions(nlp: Language, name: str, rules_dir: str) -> MentionMarker:
    """Factory for :class:`MentionMarker`."""
    return MentionMarker(nlp, load_lexicon(Path(rules_dir)) if rules_dir else None)


class MentionMarker:
    """Find mentions of the lexicon's classes and put them in ``doc.spans["mentions"]``."""

    def __init__(self, nlp: Language, lexicon: Lexicon | None) -> None:
        self.lexicon = lexicon
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.suffixes: tuple[str, ...] = ()
        self.not_medicines: frozenset[str] | set[str] = frozenset()
        if lexicon is None:
            return
        self.suffixes = tuple(sorted(lexicon.lists.get(SUFFIXES, ())))
        # a word the lexicon knows as something else is not a medicine by its shape
        self.not_medicines = lexicon.lists.get(DRUG_SHAPED, frozenset()) | {
            w for w, classes in lexicon.word_classes.items() if "medicine" not in classes}
        for cls in CLASSES:
            words = sorted(lexicon.words(cls))
            if not words:
                continue
            # one Doc per word serves both matchers: the lower-case matcher never reads the
            # lemma, which is set to the lower-case form for the lemma matcher
            docs = [nlp.make_doc(word) for word in words]
            for doc in docs:
                for token in doc:
                    token.lemma_ = token.lower_
            self.lower.add(cls, docs)
            self.lemma.add(cls, docs)

    def __call__(self, doc: Doc) -> Doc:
        """Mark the mentions."""
        by_class: dict[str, list[Span]] = {}
        for matcher in (self.lower, self.lemma):
            for match_id, start, end in matcher(doc):
                cls = doc.vocab.strings[match_id]
                if end - start == 1 and not self._nounish(doc[start], cls) and \
                        not self._only_a_name(doc[start], cls):
                    continue
                by_class.setdefault(cls, []).append(Span(doc, start, end, label=cls))
        if self.suffixes:
            for token in doc:
                text = token.lower_
                if len(text) >= 7 and token.pos_ in NOUNISH and text.isalpha() and \
                        text.endswith(self.suffixes) and text not in self.not_medicines:
                    by_class.setdefault("medicine", []).append(
                        Span(doc, token.i, token.i + 1, label="medicine"))
        spans: list[Span] = []
        for cls in sorted(by_class):
            spans.extend(filter_spans(by_class[cls]))
        spans.sort(key=lambda s: (s.start, -s.end, s.label_))
        doc.spans[SPAN_KEY] = spans
        return doc

    def _only_a_name(self, token: Token, cls: str) -> bool:
        """A word the lexicon knows only as a medicine or supplement name ("loperamide",
        "naproxen") is one, whatever part of speech the tagger guessed for a rare word;
        short or everyday words ("iron", "patch") still need to be nouns."""
        if cls not in NAME_CLASSES or self.lexicon is None or len(token.text) < 6 or \
                not token.is_alpha or token.tag_.startswith("VB"):
            return False
        return set(self.lexicon.word_classes.get(token.lower_, ())) <= NAME_CLASSES

    @staticmethod
    def _nounish(token: object, cls: str) -> bool:
        pos = getattr(token, "pos_", "")
        tag = getattr(token, "tag_", "")
        return pos in NOUNISH or (cls in GERUND_CLASSES and tag == "VBG") or (
            pos == "ADJ" and cls in ("condition", "symptom"))
