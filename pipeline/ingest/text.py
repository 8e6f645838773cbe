"""Plain-text articles: title line, headings, paragraphs and list items."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.document import Document, DocumentBuilder
from pipeline.ingest.boilerplate import Boilerplate

LIST_MARKER = re.compile(r"^\s*(?:[-*•‣◦–]|\d{1,3}[.)]|[a-z][.)])\s+")
TERMINAL = re.compile(r"[.!?;,:…)\"'”’]\s*$")
MAX_TITLE_CHARS = 150
MAX_HEADING_WORDS = 12


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: its text (without the newline) and where it starts."""

    text: str
    start: int

    @property
    def stripped(self) -> str:
        """The line without surrounding white space."""
        return self.text.strip()

    @property
    def blank(self) -> bool:
        """True for an empty or white-space-only line."""
        return not self.text.strip()


def iter_lines(source: str) -> Iterator[Line]:
    """Lines of ``source`` with their offsets (any newline convention)."""
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", source):
        raw = match.group(0)
        if not raw:
            break
        yield Line(raw.rstrip("\r\n"), match.start())


def groups(source: str) -> list[list[Line]]:
    """Runs of non-blank lines separated by blank lines."""
    result: list[list[Line]] = []
    current: list[Line] = []
    for line in iter_lines(source):
        if line.blank:
            if current:
                result.append(current)
                current = []
        else:
            current.append(line)
    if current:
        result.append(current)
    return result


def looks_like_heading(text: str) -> bool:
    """A short line without sentence punctuation at its end."""
    words = text.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and not TERMINAL.search(text)
        and text[:1].isupper()
        and not LIST_MARKER.match(text)
    )


def trimmed(line: Line) -> tuple[str, int]:
    """A line's text without surrounding white space, and where that text starts."""
    lead = len(line.text) - len(line.text.lstrip())
    return line.text.strip(), line.start + lead


def build_text_document(
    source: str,
    *,
    id: str,
    source_name: str,
    boilerplate: Boilerplate,
    detect_title: bool = True,
    format: str = "text",
    metadata: dict[str, object] | None = None,
) -> Document:
    """Split plain text into title, headings, paragraphs and list items.

    - the first group, when it is one short line, is the title (a repeated title line right
      after it is dropped, as many CMS exports repeat it);
    - a short unpunctuated line directly above more text is a heading;
    - ``- ``, ``* ``, ``1.`` lines are list items; other lines of a group are one paragraph;
    - page furniture ("Leave a Reply", share bars) is dropped, and so is everything after
      the start of a comment section.
    """
    builder = DocumentBuilder(source)
    blocks = groups(source)
    title: str | None = None
    if detect_title and blocks and len(blocks[0]) == 1:
        text, start = trimmed(blocks[0][0])
        if (
            len(blocks) > 1
            and len(text) <= MAX_TITLE_CHARS
            and len(text.split()) <= 20
            and not text.endswith((".", ";", ","))
        ):
            title = text
            builder.add_block("title", text, start)
            blocks = blocks[1:]
            if blocks and len(blocks[0]) == 1 and _same(trimmed(blocks[0][0])[0], title):
                blocks = blocks[1:]
    for group in blocks:
        first_text = " ".join(line.stripped for line in group)
        if boilerplate.starts_trailer(first_text):
            break
        if boilerplate.is_boilerplate(first_text):
            continue
        _add_group(builder, group, boilerplate)
    return builder.build(
        id=id, source=source_name, format=format, title=title,
        metadata=dict(metadata or {}),
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _add_group(builder: DocumentBuilder, group: list[Line], boilerplate: Boilerplate) -> None:
    paragraph: list[Line] = []

    def flush() -> None:
        if not paragraph:
            return
        first = paragraph[0]
        lead = len(first.text) - len(first.text.lstrip())
        start = first.start + lead
        last = paragraph[-1]
        end = last.start + len(last.text.rstrip())
        chunk = builder.source_text[start:end]
        if not boilerplate.is_boilerplate(chunk):
            builder.add_block("paragraph", chunk, start)
        paragraph.clear()

    for index, line in enumerate(group):
        text, start = trimmed(line)
        if LIST_MARKER.match(text):
            flush()
            if not boilerplate.is_boilerplate(text):
                builder.add_block("list_item", text, start,
                                  ordered=text.lstrip()[:1].isdigit())
        elif looks_like_heading(text) and (
            (index + 1 < len(group) and not paragraph) or len(group) == 1
        ):
            builder.add_block("heading", text, start, level=2)
        else:
            paragraph.append(line)
    flush()
