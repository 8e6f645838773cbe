r"""Values read from an input, made fit to audit and to report.

JSON and YAML can spell strings that are not Unicode text (an escaped lone surrogate,
``"\ud800"``) and numbers that strict JSON cannot carry (``NaN``, ``Infinity``, ``1e999``).
spaCy cannot encode the first, and a report holding the second is rejected by strict JSON
parsers. Every loader passes what it read through :func:`valid_text` and
:func:`metadata_value`, so a Document only ever holds valid Unicode and strict-JSON values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pipeline.document import Document

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# Deeper metadata than this is not metadata; what lies below is kept as text.
MAX_METADATA_DEPTH = 16


def valid_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (one character for one, so
    offsets into the text do not move)."""
    return _SURROGATE.sub(REPLACEMENT, text)


def metadata_value(value: Any, depth: int = 0) -> Any:
    """A metadata value as strict JSON: strings as valid Unicode, dates as ISO strings,
    numbers that JSON cannot carry (``NaN``, ``Infinity``) as the words the input used,
    lists and tables recursively (below ``MAX_METADATA_DEPTH`` levels, as text)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if depth >= MAX_METADATA_DEPTH:
        return valid_text(_short_repr(value))
    if isinstance(value, list | tuple):
        return [metadata_value(item, depth + 1) for item in value]
    if isinstance(value, Mapping):
        return {valid_text(str(key)): metadata_value(item, depth + 1)
                for key, item in value.items()}
    return valid_text(_short_repr(value))


def _short_repr(value: Any, limit: int = 200) -> str:
    """A bounded text form of a value (never recursing into deep or shared structures)."""
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def clean_document(document: Document) -> Document:
    """The Document with valid Unicode everywhere and strict-JSON metadata (in place)."""
    document.text = valid_text(document.text)
    document.id = valid_text(document.id)
    if document.title is not None:
        document.title = valid_text(document.title)
    document.metadata = metadata_value(document.metadata)
    return document
