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

from spacy.attrs import SENT_START
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
        # one array write: the Token.is_sent_start setter scans the whole Doc on every call
        flags = doc.to_array([SENT_START]).astype("int64")
        index = 0
        may_start = True  # whether a sentence may start at the next token
        blank_before = False
        for token in doc:
            idx = token.idx
            while index < len(starts) and starts[index] < idx:
                index += 1
            at_block_start = index < len(starts) and idx == starts[index]
            if at_block_start or (token.i > 0 and blank_before):
                flags[token.i] = 1
            elif token.i > 0 and not may_start:
                flags[token.i] = -1
            text = token.text
            if token.is_space:
                blank_before = "\n\n" in text
                if "\n" in text:
                    may_start = True
                continue
            blank_before = False
            if "\n" in token.whitespace_:
                may_start = True
            elif text and not all(ch in CLOSERS for ch in text):
                may_start = text[-1] in SENTENCE_END or text in LIST_MARKERS
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc


SENTENCE_END = frozenset(".!?:;…")
LIST_MARKERS = frozenset({"-", "*", "•", "–", "—", "‣", "◦"})
CLOSERS = frozenset("\"'”’)]")
