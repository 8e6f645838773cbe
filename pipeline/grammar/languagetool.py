"""A small client for LanguageTool's HTTP API (``POST /v2/check``).

The response format (LanguageTool 4+)::

    {"software": {...}, "language": {...},
     "matches": [{"message": "...", "shortMessage": "...", "offset": 12, "length": 3,
                  "replacements": [{"value": "..."}], "sentence": "...",
                  "context": {"text": "...", "offset": 5, "length": 3},
                  "rule": {"id": "MORFOLOGIK_RULE_EN_US", "description": "...",
                           "issueType": "misspelling",
                           "category": {"id": "TYPOS", "name": "Possible Typo"}}}]}

LanguageTool is written in Java and counts offsets in UTF-16 code units; :func:`utf16_to_index`
turns them into Python string indices, so a match lands on the right characters even after
an emoji or another character outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Public LanguageTool servers refuse texts above ~20 KB; local servers accept more, but smaller
# requests keep each one well inside the timeout.
MAX_CHARS_PER_REQUEST = 15_000
DEFAULT_TIMEOUT = 20.0


class LanguageToolError(Exception):
    """The LanguageTool server could not be reached or gave an answer medlint cannot read.

    ``unreachable``: no connection at all (nothing listening, unknown host, time-out);
    ``reason``: why, in a few words ("connection refused")."""

    def __init__(self, message: str, reason: str = "", unreachable: bool = False) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.unreachable = unreachable


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, with offsets as Python indices into the checked text."""

    start: int
    end: int
    message: str
    rule_id: str
    category_id: str = ""
    category_name: str = ""
    issue_type: str = ""
    description: str = ""
    short_message: str = ""
    replacements: tuple[str, ...] = field(default=())


def utf16_to_index(text: str) -> list[int]:
    """``table[u]`` is the Python index of UTF-16 offset ``u`` in ``text`` (one entry past
    the end as well)."""
    table: list[int] = []
    for index, char in enumerate(text):
        table.append(index)
        if ord(char) > 0xFFFF:
            table.append(index)
    table.append(len(text))
    return table


def parse_matches(payload: Any, text: str, base: int = 0) -> list[LTMatch]:
    """Turn a ``/v2/check`` JSON answer about ``text`` into :class:`LTMatch` objects whose
    offsets are Python indices shifted by ``base``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("matches"), list):
        raise LanguageToolError("the answer has no 'matches' list; is this a LanguageTool server?")
    table = utf16_to_index(text)
    result: list[LTMatch] = []
    for raw in payload["matches"]:
        try:
            offset = int(raw["offset"])
            length = int(raw["length"])
            rule = raw.get("rule") or {}
            category = rule.get("category") or {}
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if offset < 0 or length < 0 or offset >= len(table):
            continue
        start = table[offset]
        end = table[min(offset + length, len(table) - 1)]
        replacements = tuple(
            str(r.get("value", "")) for r in raw.get("replacements") or []
            if isinstance(r, dict) and r.get("value")
        )
        result.append(LTMatch(
            start=base + start,
            end=base + end,
            message=str(raw.get("message", "")),
            rule_id=str(rule.get("id", "")),
            category_id=str(category.get("id", "")),
            category_name=str(category.get("name", "")),
            issue_type=str(rule.get("issueType", "")),
            description=str(rule.get("description", "")),
            short_message=str(raw.get("shortMessage", "")),
            replacements=replacements,
        ))
    return result


def chunks(text: str, limit: int = MAX_CHARS_PER_REQUEST) -> Iterable[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``limit`` characters, cut at paragraph breaks
    (then line breaks, then spaces) so no sentence is split when that can be helped."""
    start = 0
    n = len(text)
    while start < n:
        if n - start <= limit:
            yield start, text[start:]
            return
        window = text[start : start + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(separator)
            if cut > 0:
                cut += len(separator)
                break
        if cut <= 0:
            cut = limit
        yield start, text[start : start + cut]
        start += cut


class LanguageToolClient:
    """Talks to one LanguageTool server."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, language: str = "en-US",
                 disabled_rules: Sequence[str] = (), enabled_rules: Sequence[str] = (),
                 disabled_categories: Sequence[str] = ()) -> None:
        self.url = normalise_url(url)
        self.timeout = timeout
        self.language = language
        self.disabled_rules = tuple(disabled_rules)
        self.enabled_rules = tuple(enabled_rules)
        self.disabled_categories = tuple(disabled_categories)

    @property
    def check_url(self) -> str:
        """The ``/v2/check`` endpoint."""
        return self.url + "/v2/check"

    def params(self, text: str) -> dict[str, str]:
        """Form fields of one check request."""
        params = {"text": text, "language": self.language}
        if self.disabled_rules:
            params["disabledRules"] = ",".join(self.disabled_rules)
        if self.enabled_rules:
            params["enabledRules"] = ",".join(self.enabled_rules)
        if self.disabled_categories:
            params["disabledCategories"] = ",".join(self.disabled_categories)
        return params

    def check(self, text: str) -> list[LTMatch]:
        """All matches in ``text`` (long texts are sent in pieces), offsets into ``text``."""
        matches: list[LTMatch] = []
        for base, piece in chunks(text):
            if piece.strip():
                matches.extend(parse_matches(self._post(piece), piece, base))
        return matches

    def _post(self, text: str) -> Any:
        body = urllib.parse.urlencode(self.params(text)).encode("utf-8")
        request = urllib.request.Request(
            self.check_url, data=body, method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode("utf-8", "replace").strip()
            raise LanguageToolError(f"{self.check_url} answered HTTP {exc.code}: {detail}"
                                    ) from exc
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            words = (getattr(reason, "strerror", None) or str(reason) or type(reason).__name__)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                words = "timed out"
            raise LanguageToolError(f"cannot reach {self.check_url}: {reason}",
                                    reason=words[:1].lower() + words[1:],
                                    unreachable=True) from exc
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LanguageToolError(f"{self.check_url} did not answer with JSON") from exc


def normalise_url(url: str) -> str:
    """``localhost:8081`` -> ``http://localhost:8081``; a trailing ``/v2`` or ``/v2/check``
    and slashes are dropped so the client can add the endpoint itself."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    for suffix in ("/v2/check", "/v2"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url.rstrip("/")
