"""``medlint_blocks``: sentences never run across a title, heading, list item or paragraph.

Runs before the parser, which respects what it sets:

- the first token of each block starts a sentence;
- inside a block, a token may start a sentence only after sentence-final punctuation
  (``. ! ? : ;`` possibly followed by a closing quote or bracket), a list marker or a line
  break. The
  small English parser otherwise cuts Title Case openings into one-word sentences
  ("Upper" | "Back" | "Pain is ...") once a block boundary is forced before them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.model import ComponentSpec

COMPONENT = ComponentSpec(factory="medlint_blocks", first=True, order=0)


@Language.factory("medlint_blocks", assigns=["token.is_sent_start"])
def make_block_boundaries(nlp: Language, name: str) -> BlockBoundaries:
    """Factory for :class:`BlockBoundaries`."""
    return BlockBoundaries()


class BlockBoundaries:
    """Set sentence starts at block starts, from ``doc.user_data["medlint_blocks"]``, and
    forbid them where nothing ends a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        """Mark block starts (and tokens after blank lines) as sentence starts."""
        blocks = doc.user_data.get("medlint_blocks")
        if not blocks:
            return doc
        starts = sorted(start for start, _end, _kind in blocks)
        index = 0
        for token in doc:
            while index < len(starts) and starts[index] < token.idx:
                index += 1
            at_block_start = index < len(starts) and token.idx == starts[index]
            if at_block_start or (token.i > 0 and _after_blank_line(doc, token.i)):
                token.is_sent_start = True
            elif token.i > 0 and not _may_follow_sentence_end(doc, token.i):
                token.is_sent_start = False
        return doc


SENTENCE_END = frozenset(".!?:;…")
LIST_MARKERS = frozenset({"-", "*", "•", "–", "—", "‣", "◦"})
CLOSERS = frozenset("\"'”’)]")


def _may_follow_sentence_end(doc: Doc, i: int) -> bool:
    """True when a sentence may start at token ``i``: after a line break, or after
    sentence-final punctuation (and any closing quotes or brackets)."""
    j = i - 1
    while j >= 0:
        previous = doc[j]
        if previous.is_space:
            if "\n" in previous.text:
                return True
            j -= 1
            continue
        if "\n" in previous.whitespace_:
            return True
        text = previous.text
        if text and all(ch in CLOSERS for ch in text):
            j -= 1
            continue
        return bool(text) and (text[-1] in SENTENCE_END or text in LIST_MARKERS)
    return True


def _after_blank_line(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    return previous.is_space and "\n\n" in previous.text
