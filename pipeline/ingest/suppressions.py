"""Inline suppressions in Markdown and HTML sources.

``<!-- medlint-disable RULE[,RULE] -->`` ... ``<!-- medlint-enable -->`` switches rules off for
a stretch of the article (no rules: every rule; no ``enable``: to the end);
``<!-- medlint-disable-next-line RULE -->`` switches them off for the next block (paragraph,
heading, list item). ``<!-- medlint-enable RULE -->`` ends only those rules (after a bare
``disable``, any ``enable`` ends the whole range). Rule names may be prefixes ending in ``*``
(``ANAT-*``). Directives are found in the source and resolved to
ranges of the extracted text through the Document's source map.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.document import Document, Suppression

DIRECTIVE = re.compile(
    r"<!--\s*medlint-(disable-next-line|disable|enable)\b([^>]*?)\s*-->", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``medlint-...`` comment in the source."""

    action: str  # "disable", "enable", "disable-next-line"
    rules: frozenset[str]
    start: int  # source offset of "<!--"
    end: int  # source offset just after "-->"


def find_directives(source: str, skip: Iterable[tuple[int, int]] = ()) -> list[Directive]:
    """Every directive in ``source`` outside the ``skip`` ranges (code blocks)."""
    skipped = sorted(skip)
    result = []
    for match in DIRECTIVE.finditer(source):
        if any(a <= match.start() < b for a, b in skipped):
            continue
        rules = frozenset(r.upper() for r in re.split(r"[\s,]+", match.group(2)) if r)
        result.append(Directive(match.group(1).lower(), rules, match.start(), match.end()))
    return result


def _text_offsets(document: Document) -> list[int]:
    return [document.source_map.source_offset(i) for i in range(len(document.text))]


def resolve(directives: list[Directive], document: Document) -> list[Suppression]:
    """Directives as ranges of the extracted text."""
    if not directives or not document.text:
        return []
    sources = _text_offsets(document)
    # A running maximum keeps the search monotonic even where extraction reordered text.
    running: list[int] = []
    best = -1
    for offset in sources:
        best = max(best, offset)
        running.append(best)

    def text_offset(source_offset: int) -> int:
        return bisect.bisect_left(running, source_offset)

    result: list[Suppression] = []
    open_ranges: list[tuple[frozenset[str], int]] = []
    for directive in directives:
        here = text_offset(directive.end)
        if directive.action == "disable-next-line":
            block = next((b for b in document.blocks if b.start >= here), None)
            if block is not None:
                result.append(Suppression(directive.rules, block.start, block.end))
        elif directive.action == "disable":
            open_ranges.append((directive.rules, here))
        else:
            still_open = []
            for rules, start in open_ranges:
                if not directive.rules or not rules or rules <= directive.rules:
                    result.append(Suppression(rules, start, here))
                elif rules & directive.rules:
                    # End only the named rules; the others stay off.
                    result.append(Suppression(rules, start, here))
                    still_open.append((rules - directive.rules, here))
                else:
                    still_open.append((rules, start))
            open_ranges = still_open
    for rules, start in open_ranges:
        result.append(Suppression(rules, start, len(document.text)))
    return [s for s in result if s.end > s.start]


def apply(document: Document, source: str, skip: Iterable[tuple[int, int]] = ()) -> Document:
    """Attach the suppressions found in ``source`` to ``document`` (returned for chaining)."""
    directives = find_directives(source, skip)
    if directives:
        document.suppressions = resolve(directives, document)
    return document
