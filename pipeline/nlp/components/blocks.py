"""``medlint_blocks``: sentences never run across a title, heading, list item or paragraph.

Runs before the parser and marks the first token of each block as a sentence start (and
every other token of a title or heading as inside it), which the parser respects.
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
    """Set sentence starts at block starts, from ``doc.user_data["medlint_blocks"]``."""

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
        return doc


def _after_blank_line(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    return previous.is_space and "\n\n" in previous.text
