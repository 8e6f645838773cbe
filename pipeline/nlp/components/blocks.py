"""``medlint_blocks``: sentences never run across a title, heading, list item or paragraph,
and never run on without bound.

Runs before the parser, which respects what it sets:

- the first token of each block starts a sentence;
- inside a block, a token may start a sentence only after sentence-final punctuation
  (``. ! ? : ;`` possibly followed by a closing quote or bracket), a list marker or a line
  break. The
  small English parser otherwise cuts Title Case openings into one-word sentences
  ("Upper" | "Back" | "Pain is ...") once a block boundary is forced before them;
- a run-on with no such place for ``LONG_SENTENCE`` tokens is split at its next comma or
  coordinating conjunction, and at ``MAX_SENTENCE`` tokens wherever it is. Every reader
  walks a sentence's parse (spaCy's ``Token.subtree`` recurses once per level), so a
  50,000-character run-on made the checks quadratic or worse and deep enough to overflow
  Python's recursion limit. Real sentences stay far below the limit (the longest in the
  corpus and the NIH texts has 90 tokens); how many were split is left in
  ``doc.user_data["medlint_split_sentences"]`` for the run's notes;
- tokens listed in ``doc.user_data[FORCED_STARTS]`` start a sentence: the second pass of
  :func:`pipeline.nlp.model.parse_document` over a run-on whose possible starts (after a
  dash, a semicolon, a line break) the parser did not take.
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
        run = 0  # tokens since the last place a sentence could start
        split = 0
        previous = ""
        for token in doc:
            idx = token.idx
            while index < len(starts) and starts[index] < idx:
                index += 1
            at_block_start = index < len(starts) and idx == starts[index]
            if at_block_start or (token.i > 0 and blank_before):
                flags[token.i] = 1
                run = 0
            elif token.i > 0 and not may_start:
                if run >= MAX_SENTENCE or (run >= LONG_SENTENCE and (
                        previous in SOFT_BREAKS or token.lower_ in CONJUNCTIONS)):
                    flags[token.i] = 1  # a run-on: split it here
                    split += 1
                    run = 0
                else:
                    flags[token.i] = -1
            else:
                run = 0
            run += 1
            previous = token.text
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
        for i in doc.user_data.get(FORCED_STARTS, ()):
            flags[i] = 1  # a second pass over a run-on the parser would not split
            split += 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        if split:
            doc.user_data["medlint_split_sentences"] = split
        return doc


# A sentence of this many tokens without a full stop is split at its next comma or
# conjunction, and at MAX_SENTENCE tokens wherever it is (see the module docstring).
LONG_SENTENCE = 150
MAX_SENTENCE = 250
# user_data key: token indices that must start a sentence (set by nlp.model.parse_document)
FORCED_STARTS = "medlint_forced_starts"
SOFT_BREAKS = frozenset({",", "\u2013", "\u2014", "-", ")"})
CONJUNCTIONS = frozenset({"and", "but", "or", "then", "so", "while", "because"})


SENTENCE_END = frozenset(".!?:;…")
LIST_MARKERS = frozenset({"-", "*", "•", "–", "—", "‣", "◦"})
CLOSERS = frozenset("\"'”’)]")
