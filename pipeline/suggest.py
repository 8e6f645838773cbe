""""Did you mean ...?" for names people type: rule ids, categories, configuration keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_match(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word`` (case, ``_`` and ``-`` ignored), or None."""
    def norm(text: str) -> str:
        return text.strip().lower().replace("_", "-")

    options = {norm(c): c for c in choices}
    if norm(word) in options:
        return options[norm(word)]
    found = difflib.get_close_matches(norm(word), list(options), n=1, cutoff=cutoff)
    return options[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """``" (did you mean 'X'?)"`` for the closest choice, or an empty string."""
    match = close_match(word, choices, cutoff)
    return f" (did you mean {match!r}?)" if match is not None else ""
