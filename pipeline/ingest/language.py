"""Is this article in English? An offline, deterministic stop-word-ratio detector.

The data (function words per language, thresholds, scripts) lives in
rules/ingest/languages.yaml. Only clear cases are rejected: mixed texts count as English, so
a short English snippet is never turned away. A text shorter than ``min_words`` (one
sentence) is judged by stricter thresholds (``short_*``): several function words of one
other language and hardly any English ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from pipeline.ingest.errors import IngestError
from pipeline.knowledge.loader import StrictModel, load_model

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
ENGLISH = "English"
# Enough letters of another script to say the article is not in English.
MIN_SCRIPT_LETTERS = 20


class LanguagesFile(StrictModel):
    """rules/ingest/languages.yaml."""

    min_words: int = Field(ge=1)
    min_hits: int = Field(ge=1)
    min_share: float = Field(gt=0, le=1)
    dominance: float = Field(ge=1)
    non_latin_share: float = Field(gt=0, le=1)
    short_min_words: int = Field(default=5, ge=1)
    short_min_hits: int = Field(default=3, ge=1)
    short_min_share: float = Field(default=0.25, gt=0, le=1)
    short_dominance: float = Field(default=4.0, ge=1)
    languages: dict[str, str]  # language name -> space-separated function words
    scripts: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class Guess:
    """The detector's answer: a language name (or ``None`` when unsure) and the shares."""

    language: str | None
    shares: dict[str, float]


@lru_cache(maxsize=4)
def load_languages(rules_directory: Path) -> LanguagesFile:
    """Load and validate the language data."""
    data = load_model(rules_directory / "ingest" / "languages.yaml", LanguagesFile)
    if ENGLISH not in data.languages:
        raise ValueError("rules/ingest/languages.yaml must list English")
    return data


@lru_cache(maxsize=8192)
def _script(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    return name.split(" ", 1)[0]


def detect(text: str, rules_directory: Path) -> Guess:
    """Guess the language of ``text``; ``language`` is ``None`` when the text is too short
    or too mixed to say, and English when English is at least as likely as anything else."""
    data = load_languages(rules_directory)
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= MIN_SCRIPT_LETTERS:
        scripts = Counter(_script(ch) for ch in letters)
        latin = scripts.get("LATIN", 0)
        other = len(letters) - latin
        if other / len(letters) >= data.non_latin_share and other > latin:
            script = next(s for s, _ in scripts.most_common() if s not in (None, "LATIN"))
            if script == "CJK" and (scripts.get("HIRAGANA") or scripts.get("KATAKANA")):
                script = "HIRAGANA"
            name = data.scripts.get(script or "", f"a language in {str(script).title()} script")
            return Guess(name, {})
    words = [w.lower() for w in WORD.findall(text)]
    short = len(words) < data.min_words
    if len(words) < data.short_min_words:
        return Guess(None, {})
    min_hits, min_share, dominance = ((data.short_min_hits, data.short_min_share,
                                       data.short_dominance) if short else
                                      (data.min_hits, data.min_share, data.dominance))
    counts = Counter(words)
    shares: dict[str, float] = {}
    hits: dict[str, int] = {}
    for language, stop_words in data.languages.items():
        hit = sum(counts[w] for w in set(stop_words.split()))
        hits[language] = hit
        shares[language] = hit / len(words)
    best = max(sorted(shares), key=lambda name: shares[name])
    english = shares[ENGLISH]
    if (
        best != ENGLISH
        and shares[best] >= min_share
        and hits[best] >= min_hits
        and shares[best] >= dominance * english
    ):
        return Guess(best, shares)
    return Guess(None if short else ENGLISH, shares)


def require_english(text: str, rules_directory: Path) -> None:
    """Raise :class:`IngestError` when ``text`` is clearly not English."""
    guess = detect(text, rules_directory)
    if guess.language not in (None, ENGLISH):
        raise IngestError(
            f"unsupported language (looks like {guess.language}); medlint audits English "
            "articles only", code="language")
