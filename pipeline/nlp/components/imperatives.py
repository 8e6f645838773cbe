"""``medlint_imperatives``: re-read a sentence whose opening imperative the parser mistook for
a name or a noun.

The small English model tags a capitalised verb at the start of a sentence as a proper noun
often enough to lose the instruction: "Combine/NNP diclofenac/VBD with ibuprofen", "Stick/NNP
to plain foods". When a sentence (not a heading) opens on a capitalised word that WordNet
knows mostly as a verb (``rules/lexicon/verb_forms.yaml``), that is not a medicine, condition
or body part, and that the parser did not take as a verb, the sentence is parsed again with
its first letter in lower case; when the new parse makes that word the verb at the root of
one sentence, its tags, lemmas and dependencies replace the old ones. Offsets and words are
unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.knowledge.loader import read_yaml
from pipeline.nlp.model import ComponentSpec

COMPONENT = ComponentSpec(factory="medlint_imperatives", order=10, needs_rules_dir=True)
#: How much of a word's use must be as a verb for a capitalised opener to be re-read.
VERB_SHARE = 0.45
#: Tags the parser gives a mistaken opening verb.
MISTAKEN = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ", "RB", "VBN", "VBD", "VBZ"})
ATTRS = [HEAD, DEP, TAG, POS, LEMMA]


@lru_cache(maxsize=4)
def verb_shares(directory: Path) -> dict[str, float]:
    """Verb lemmas and how often each is used as a verb."""
    path = directory / "lexicon" / "verb_forms.yaml"
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    return {str(k): float(v) for k, v in (data.get("verbs") or {}).items()}


@Language.factory("medlint_imperatives", default_config={"rules_dir": ""},
                  assigns=["token.tag", "token.pos", "token.dep", "token.head",
                           "token.lemma"],
                  requires=["token.tag", "token.dep"])
def make_imperatives(nlp: Language, name: str, rules_dir: str) -> ImperativeReparser:
    """Factory for :class:`ImperativeReparser`."""
    return ImperativeReparser(nlp, verb_shares(Path(rules_dir)) if rules_dir else {})


class ImperativeReparser:
    """Parse again sentences that open on a mistaken imperative."""

    def __init__(self, nlp: Language, verbs: dict[str, float]) -> None:
        self.nlp = nlp
        self.verbs = verbs

    def __call__(self, doc: Doc) -> Doc:
        """Re-read the sentences that need it."""
        if not self.verbs:
            return doc
        headings = {start for start, _end, kind in doc.user_data.get("medlint_blocks", ())
                    if kind in ("heading", "title")}
        fixes: list[tuple[Span, Doc]] = []
        for sent in doc.sents:
            first = next((t for t in sent if not t.is_space and not t.is_punct), None)
            if first is None or sent.start_char in headings or not self._suspect(first):
                continue
            again = self._reparse(sent, first.i - sent.start)
            if again is not None:
                fixes.append((sent, again))
        if fixes:
            array = doc.to_array(ATTRS)
            for sent, again in fixes:
                fresh = again.to_array(ATTRS)
                array[sent.start:sent.end] = fresh
            doc.from_array(ATTRS, array.astype(numpy.uint64))  # type: ignore[arg-type]
        return doc

    def _suspect(self, token: object) -> bool:
        text = getattr(token, "text", "")
        lower = text.lower()
        if not text[:1].isupper() or text.isupper() or getattr(token, "tag_", "") not in MISTAKEN:
            return False
        if getattr(token, "pos_", "") == "VERB" and getattr(token, "dep_", "") == "ROOT":
            return False
        return self.verbs.get(lower, 0.0) >= VERB_SHARE

    def _reparse(self, sent: Span, offset: int) -> Doc | None:
        """The sentence parsed with its opening word in lower case, when that word then
        heads it as a verb and the words line up."""
        words = [t.text for t in sent]
        words[offset] = words[offset][:1].lower() + words[offset][1:]
        spaces = [bool(t.whitespace_) for t in sent]
        again = Doc(self.nlp.vocab, words=words, spaces=spaces)
        for name, proc in self.nlp.pipeline:
            if name.startswith("medlint_"):
                continue
            again = proc(again)
        verb = again[offset]
        roots = [t for t in again if t.dep_ == "ROOT"]
        if len(again) != len(sent) or len(roots) != 1 or verb.pos_ != "VERB" or \
                verb.tag_ not in ("VB", "VBP") or verb.dep_ not in ("ROOT", "conj"):
            return None
        # only the opening word may become a verb: a parse that turns a noun further on
        # into one ("the wrist curls/VBZ") is no better than the first
        if any(new.pos_ == "VERB" and old.pos_ != "VERB"
               for new, old in zip(again, sent, strict=True) if new.i != offset):
            return None
        if any(t.tag_.startswith("VB") and t.dep_ in ("dobj", "pobj", "nsubj", "compound")
               for t in again if t.i != offset):
            return None  # a verb where a noun belongs: the sentence is still misread
        return again
