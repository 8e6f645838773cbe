"""Drop-ins for two of the model's pipes that give the same annotations faster.

**The attribute ruler.** spaCy's AttributeRuler runs a Matcher over every token for each of
its patterns (179 in the small English model), which costs as much as the tagger and the
embedding layer together.
Nearly all of those patterns look at one token's tag, lower-case form, dependency label or
whitespace flag; this component looks those up in dictionaries and leaves only the few
multi-token patterns to a Matcher. The order of application is spaCy's: every match is found
on the unchanged Doc, then the patterns are applied in the order they were added, so a later
pattern overrides an earlier one.

**The lemmatizer.** spaCy's rule lemmatizer caches only the words it had to look up in its
tables; every singular noun, base-form verb and plain adjective is examined afresh each time
it occurs. A word's lemma depends only on its form, part of speech and morphology, so this
wrapper remembers every answer by those three.

``tests/test_fast_pipes.py`` checks both give the same annotations as spaCy's own pipes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Lemmatizer
from spacy.pipeline.attributeruler import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

#: the token attributes a one-token pattern may test in the fast path
_READERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}

Test = tuple[Callable[[Token], Any], str, Any]


def _test(key: str, value: Any) -> Test | None:
    """One condition of a token pattern as (reader, operator, operand), or None when the
    fast path cannot evaluate it."""
    reader = _READERS.get(key)
    if reader is None:
        return None
    if isinstance(value, dict):
        if set(value) == {"IN"}:
            return reader, "in", frozenset(value["IN"])
        if set(value) == {"NOT_IN"}:
            return reader, "not in", frozenset(value["NOT_IN"])
        return None
    return reader, "==", value


def _passes(token: Token, tests: Iterable[Test]) -> bool:
    for reader, operator, operand in tests:
        value = reader(token)
        if operator == "==":
            if value != operand:
                return False
        elif operator == "in":
            if value not in operand:
                return False
        elif value in operand:
            return False
    return True


class FastAttributeRuler:
    """The patterns of a spaCy AttributeRuler, applied with dictionary lookups."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.attrs: list[dict[str, Any]] = []
        self.indices: list[int] = []
        #: one-token patterns by their exact tag, lower-case form or both, and the rest
        self._by_tag: dict[str, list[tuple[int, list[Test]]]] = {}
        self._by_lower: dict[str, list[tuple[int, list[Test]]]] = {}
        self._by_pair: dict[tuple[str, str], list[tuple[int, list[Test]]]] = {}
        self._other: list[tuple[int, list[Test]]] = []
        self._matcher = Matcher(vocab, validate=False)
        self._matcher_ids: dict[int, int] = {}

    def load(self, ruler: AttributeRuler) -> None:
        """Take over the patterns of ``ruler`` (with its normalised attributes), in order."""
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        for attr_id, entry in enumerate(ruler.patterns):
            patterns: Any = entry["patterns"]
            for pattern in patterns:
                self._add(attr_id, pattern)

    def _add(self, attr_id: int, pattern: Any) -> None:
        tests = [_test(key, value) for key, value in pattern[0].items()] if len(pattern) == 1 \
            else [None]
        if any(t is None for t in tests) or not tests:
            key = f"medlint_attr_{attr_id}"
            self._matcher.add(key, [pattern])
            self._matcher_ids[self.vocab.strings[key]] = attr_id
            return
        checked = [t for t in tests if t is not None]
        tag, lower = pattern[0].get("TAG"), pattern[0].get("LOWER")
        if isinstance(tag, str) and isinstance(lower, str):
            rest = [t for t in checked if t[0] not in (_READERS["TAG"], _READERS["LOWER"])]
            self._by_pair.setdefault((tag, lower), []).append((attr_id, rest))
        elif isinstance(tag, str):
            rest = [t for t in checked if t[0] is not _READERS["TAG"]]
            self._by_tag.setdefault(tag, []).append((attr_id, rest))
        elif isinstance(lower, str):
            rest = [t for t in checked if t[0] is not _READERS["LOWER"]]
            self._by_lower.setdefault(lower, []).append((attr_id, rest))
        else:
            self._other.append((attr_id, checked))

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Every (pattern, start, end) that matches ``doc``, in application order."""
        found: set[tuple[int, int, int]] = set()
        by_tag, by_lower, by_pair, other = self._by_tag, self._by_lower, self._by_pair, \
            self._other
        for token in doc:
            tag, lower = token.tag_, token.lower_
            for group in (by_tag.get(tag), by_lower.get(lower), by_pair.get((tag, lower)),
                          other):
                if group:
                    for attr_id, tests in group:
                        if not tests or _passes(token, tests):
                            found.add((attr_id, token.i, token.i + 1))
        if self._matcher_ids:
            for match_id, start, end in self._matcher(doc, allow_missing=True):
                found.add((self._matcher_ids[match_id], start, end))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes of every matching pattern on ``doc``, later patterns last."""
        for attr_id, start, end in self.matches(doc):
            index = self.indices[attr_id]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:
                raise ValueError(f"attribute pattern {attr_id}: index {index} is outside "
                                 f"the matched span {doc[start:end].text!r}")
            set_token_attrs(doc[at], self.attrs[attr_id])
        return doc


@Language.factory("medlint_fast_attributes")
def make_fast_attributes(nlp: Language, name: str) -> FastAttributeRuler:
    """An empty fast attribute ruler; :func:`speed_up_attributes` fills it from the model's."""
    return FastAttributeRuler(nlp.vocab)


class FastLemmatizer:
    """A rule lemmatizer with every answer remembered by form, part of speech and
    morphology."""

    #: how many distinct words to remember before starting afresh
    MAX_ENTRIES = 500_000

    def __init__(self) -> None:
        self.lemmatizer: Lemmatizer | None = None
        self.overwrite = False
        #: the lemma's string-store id by the word's form, part of speech and morphology
        self._memo: dict[tuple[int, int, int], int] = {}

    def wrap(self, lemmatizer: Lemmatizer) -> None:
        """Answer for ``lemmatizer`` from now on."""
        self.lemmatizer = lemmatizer
        self.overwrite = lemmatizer.overwrite
        self._memo.clear()

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of every token that has none yet (or every token, like the wrapped
        lemmatizer, when it overwrites)."""
        memo, lemmatizer = self._memo, self.lemmatizer
        if lemmatizer is None:
            return doc
        for token in doc:
            if self.overwrite or token.lemma == 0:
                key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
                lemma = memo.get(key)
                if lemma is None:
                    if len(memo) >= self.MAX_ENTRIES:
                        memo.clear()
                    lemma = memo[key] = doc.vocab.strings.add(lemmatizer.lemmatize(token)[0])
                token.lemma = lemma
        return doc


@Language.factory("medlint_fast_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    """A lemmatizer wrapper with nothing wrapped yet; :func:`speed_up` fills it."""
    return FastLemmatizer()


def speed_up(nlp: Language) -> None:
    """Replace ``nlp``'s attribute ruler and rule lemmatizer (where it has them) with the
    fast drop-ins, in place and under the same names."""
    speed_up_attributes(nlp)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
            fast = nlp.replace_pipe("lemmatizer", "medlint_fast_lemmatizer")
            assert isinstance(fast, FastLemmatizer)
            fast.wrap(lemmatizer)


def speed_up_attributes(nlp: Language, pipe: str = "attribute_ruler") -> None:
    """Replace ``nlp``'s AttributeRuler ``pipe`` (if it has one) with the fast drop-in."""
    if pipe not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe(pipe)
    if not isinstance(ruler, AttributeRuler):
        return
    fast = nlp.replace_pipe(pipe, "medlint_fast_attributes")
    assert isinstance(fast, FastAttributeRuler)
    fast.load(ruler)
