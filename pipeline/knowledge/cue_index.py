"""An inverted index over instruction cues: which cues can match a sentence at all.

The checks ask hundreds of cues (positions, body-part states, attribute values, unsafe
patterns) about every sentence, and almost every answer is "no": a cue can only match when
each of its slots has a word in the sentence (:meth:`Cue.possible`). Instead of asking every
cue, the index files each cue under the words of one *key slot* (its rarest-looking slot), so
a sentence's words (:func:`sentence_words`) look up the few cues worth asking; those are then
confirmed with :meth:`Cue.possible`. The result is exactly the set of cues for which
``cue.possible(sentence_words(sentence))`` holds, so

    for cue in possible(sentence, cues):
        cue.find(sentence)

finds the same matches, in the same order, as calling ``cue.find(sentence)`` on every cue.

Cues join the index the first time a sentence is asked about them; the set of possible cues
is computed once per sentence and kept on the Doc.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.knowledge.instructions import Cue, sentence_words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Words so common that a slot made of them says little about a sentence; a slot with any
# other word is a better key.
COMMON = frozenset({
    "a", "an", "the", "your", "you", "my", "our", "their", "his", "her", "its", "it", "this",
    "that", "these", "those", "to", "of", "in", "on", "at", "by", "for", "with", "from",
    "up", "down", "out", "over", "under", "into", "onto", "off", "and", "or", "as", "be",
    "is", "are", "do", "does", "not", "no", "can", "one", "both", "each", "either", "all",
    "any", "some", "more", "most", "very", "so", "then", "than", "if", "when", "while",
    "keep", "hold"
})

_CACHE_KEY = "medlint_cue_candidates"


def _slot_cost(slot: tuple[object, ...]) -> int:
    words = {alt.word for alt in slot}  # type: ignore[attr-defined]
    return sum(50 if word in COMMON or len(word) <= 2 else 1 for word in words)


def key_words(cue: Cue) -> frozenset[str]:
    """The words a cue is filed under: every alternative of its cheapest slot (a sentence
    without any of them cannot match the cue)."""
    slot = min(cue.slots, key=_slot_cost)
    return frozenset(alt.word for alt in slot)


class CueIndex:
    """Cues filed by the words of their key slot; grows as new cues are asked about."""

    def __init__(self) -> None:
        self._by_word: dict[str, list[Cue]] = {}
        self._known: set[int] = set()
        self._cues: list[Cue] = []  # keeps every indexed cue alive, so ids stay unique
        self._lock = threading.Lock()
        self.generation = 0

    def __len__(self) -> int:
        return len(self._cues)

    def knows(self, cue: Cue) -> bool:
        """Whether ``cue`` is in the index."""
        return id(cue) in self._known

    def add(self, cues: Iterable[Cue]) -> None:
        """File cues not yet in the index."""
        with self._lock:
            added = False
            for cue in cues:
                if id(cue) in self._known:
                    continue
                self._known.add(id(cue))
                self._cues.append(cue)
                for word in key_words(cue):
                    self._by_word.setdefault(word, []).append(cue)
                added = True
            if added:
                self.generation += 1

    def candidates(self, words: frozenset[str]) -> frozenset[int]:
        """Ids of the indexed cues that ``words`` make possible (exactly those whose every
        slot has a word in ``words``)."""
        by_word = self._by_word
        seen: set[int] = set()
        found: set[int] = set()
        for word in words:
            filed = by_word.get(word)
            if not filed:
                continue
            for cue in filed:
                key = id(cue)
                if key in seen:
                    continue
                seen.add(key)
                if cue.possible(words):
                    found.add(key)
        return frozenset(found)


INDEX = CueIndex()


def possible_ids(sentence: Span) -> frozenset[int]:
    """Ids of the indexed cues that can match in ``sentence`` (cached on the Doc)."""
    cache = sentence.doc.user_data.setdefault(_CACHE_KEY, {})
    key = (sentence.start, sentence.end)
    entry = cache.get(key)
    if entry is None or entry[0] != INDEX.generation:
        entry = (INDEX.generation, INDEX.candidates(sentence_words(sentence)))
        cache[key] = entry
    return entry[1]


def possible(sentence: Span, cues: Iterable[Cue]) -> list[Cue]:
    """The cues of ``cues`` (in their order) that can match in ``sentence``; the others'
    ``find(sentence)`` is certainly empty."""
    known = INDEX._known
    ids: frozenset[int] | None = None
    result = []
    for cue in cues:
        key = id(cue)
        if key not in known:
            INDEX.add((cue,))
            ids = None
        if ids is None:
            ids = possible_ids(sentence)
        if key in ids:
            result.append(cue)
    return result


def can_match(cue: Cue, sentence: Span) -> bool:
    """Whether ``cue`` can match in ``sentence`` (the same answer as
    ``cue.possible(sentence_words(sentence))``, from the index)."""
    key = id(cue)
    if key not in INDEX._known:
        INDEX.add((cue,))
    return key in possible_ids(sentence)


def find(cue: Cue, sentence: Span) -> list[list[Token]]:
    """``cue.find(sentence)`` (which consults the index itself)."""
    return cue.find(sentence)
