"""Markdown articles: markdown-it-py tokens -> blocks, with per-character source offsets.

- YAML front matter (``---`` ... ``---`` at the top) goes to metadata (title, author, date...);
- the title is the first level-1 heading (or the front matter's title);
- headings, paragraphs, list items, block quotes and table cells are prose blocks; code blocks
  are left out;
- raw HTML blocks keep their text, without tags; comments are dropped;
- inline markup (``**``, ``_``, links ``[text](url)``, images) is removed from the text while
  each remaining character keeps the offset of the character it came from.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.document import Document, DocumentBuilder
from pipeline.ingest import suppressions
from pipeline.ingest.boilerplate import Boilerplate
from pipeline.ingest.front_matter import front_matter
from pipeline.ingest.text import iter_lines

METADATA_KEYS = ("title", "author", "date", "description", "url", "tags", "categories")

_PARSER = MarkdownIt("commonmark").enable("table")


class InlineMapper:
    """Maps the text of inline tokens back to the source of their block."""

    def __init__(self, source: str, line_starts: list[int]) -> None:
        self.source = source
        self.line_starts = line_starts

    def content_offsets(self, token: Token, content: str) -> list[int]:
        """One source offset per character of an inline token's raw ``content``."""
        if token.map is None:
            return self._greedy(content, 0)
        first_line = token.map[0]
        start = self.line_starts[min(first_line, len(self.line_starts) - 1)]
        offsets: list[int] = []
        line_index = first_line
        for part_index, part in enumerate(content.split("\n")):
            if part_index:
                offsets.append(offsets[-1] + 1 if offsets else start)  # the newline
            if line_index >= len(self.line_starts):
                offsets.extend(self._greedy(part, start))
                continue
            line_start = self.line_starts[line_index]
            line_end = (self.line_starts[line_index + 1] if line_index + 1 < len(self.line_starts)
                        else len(self.source))
            line = self.source[line_start:line_end].rstrip("\r\n")
            at = -1
            if part and line.rstrip().endswith(part.rstrip()):
                at = len(line.rstrip()) - len(part.rstrip())
            elif part:
                at = line.find(part)
            if at >= 0:
                offsets.extend(range(line_start + at, line_start + at + len(part)))
            else:
                offsets.extend(self._greedy(part, line_start))
            line_index += 1
        return offsets

    def _greedy(self, text: str, start: int) -> list[int]:
        """Each character at its next occurrence in the source (a last resort)."""
        result = []
        cursor = start
        for ch in text:
            at = self.source.find(ch, cursor, cursor + 200)
            if at >= 0:
                result.append(at)
                cursor = at + 1
            else:
                result.append(cursor)
        return result


def _skip_link_tail(content: str, cursor: int) -> int:
    """After a link's text: skip ``](url "title")``, ``][ref]`` or ``]``."""
    at = content.find("]", cursor)
    if at < 0:
        return cursor
    at += 1
    if at < len(content) and content[at] == "(":
        depth = 0
        for index in range(at, len(content)):
            if content[index] == "(":
                depth += 1
            elif content[index] == ")":
                depth -= 1
                if depth == 0:
                    return index + 1
        return at
    if at < len(content) and content[at] == "[":
        end = content.find("]", at)
        return end + 1 if end >= 0 else at
    return at


ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity_before(content: str, char: str, cursor: int, limit: int) -> tuple[int, int] | None:
    """An entity (``&amp;``, ``&#8212;``) that decodes to ``char`` between ``cursor`` and the
    next literal ``char`` (at ``limit``): its (start, end)."""
    end = limit if limit >= 0 else len(content)
    amp = content.find("&", cursor, end)
    while amp >= 0:
        match = ENTITY.match(content, amp)
        if match and html.unescape(match.group()) == char:
            return amp, match.end()
        amp = content.find("&", amp + 1, end)
    return None


def inline_text(token: Token, offsets: list[int]) -> tuple[str, list[int]]:
    """The plain text of an inline token and one source offset per character."""
    content = token.content
    cursor = 0
    out: list[str] = []
    out_offsets: list[int] = []

    def place(text: str) -> None:
        nonlocal cursor
        for ch in text:
            at = content.find(ch, cursor)
            entity = _entity_before(content, ch, cursor, at)
            if entity is not None:
                out.append(ch)
                out_offsets.append(offsets[entity[0]])
                cursor = entity[1]
            elif at >= 0 and (at - cursor) < 400:
                out.append(ch)
                out_offsets.append(offsets[at])
                cursor = at + 1
            else:
                out.append(ch)
                out_offsets.append(offsets[min(cursor, len(offsets) - 1)] if offsets else 0)

    children = token.children or []
    skip_image = 0
    for child in children:
        if child.type == "image":
            # ![alt](src): not prose; step over it.
            start = content.find("![", cursor)
            if start >= 0:
                cursor = _skip_link_tail(content, start + 2)
            skip_image += 1
            continue
        if child.type == "text":
            place(child.content)
        elif child.type == "code_inline":
            start = content.find(child.content, cursor)
            if start >= 0:
                cursor = start
            place(child.content)
            if content.startswith(child.markup, cursor):
                cursor += len(child.markup)
        elif child.type in ("softbreak", "hardbreak"):
            at = content.find("\n", cursor)
            if at >= 0:
                out.append(" ")
                out_offsets.append(offsets[at])
                cursor = at + 1
            else:
                out.append(" ")
                out_offsets.append(offsets[min(cursor, len(offsets) - 1)] if offsets else 0)
        elif child.type == "link_close":
            cursor = _skip_link_tail(content, cursor)
        elif child.type == "html_inline":
            at = content.find(child.content, cursor)
            if at >= 0:
                cursor = at + len(child.content)
        # em/strong open/close and link_open: their markup is skipped by ``place``.
    return _tidy("".join(out), out_offsets)


def _tidy(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Fold runs of white space to one space and strip the ends, keeping offsets aligned."""
    chars: list[str] = []
    kept: list[int] = []
    for ch, offset in zip(text, offsets, strict=True):
        if ch.isspace():
            if not chars or chars[-1] == " ":
                continue
            chars.append(" ")
        else:
            chars.append(ch)
        kept.append(offset)
    while chars and chars[-1] == " ":
        chars.pop()
        kept.pop()
    return "".join(chars), kept


BLOCK_OPEN = {"heading_open": "heading", "paragraph_open": "paragraph",
              "th_open": "table_cell", "td_open": "table_cell"}


def build_markdown_document(
    text: str,
    *,
    id: str,
    source_name: str,
    boilerplate: Boilerplate,
) -> Document:
    """A Markdown article as a Document mapped to its source."""
    metadata, body_start = front_matter(text)
    # Blank out the front matter (same length, newlines kept) so token line numbers stay true.
    masked = re.sub(r"[^\r\n]", " ", text[:body_start]) + text[body_start:]
    line_starts = [line.start for line in iter_lines(masked)] or [0]
    if masked.endswith(("\n", "\r")):
        line_starts.append(len(masked))
    mapper = InlineMapper(masked, line_starts)
    tokens = _PARSER.parse(masked)
    builder = DocumentBuilder(text)
    title: str | None = None
    headings: list[str] = []
    links: list[dict[str, str]] = []
    stack: list[str] = []  # enclosing list items / quotes
    pending: tuple[str, int] | None = None
    ordered = False
    stop = False
    code_ranges: list[tuple[int, int]] = []
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map is not None:
            code_ranges.append((line_starts[token.map[0]],
                                line_starts[token.map[1]] if token.map[1] < len(line_starts)
                                else len(text)))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            stack.append("ordered_list" if token.type == "ordered_list_open" else "list")
        elif token.type == "list_item_open":
            stack.append("list_item")
        elif token.type == "blockquote_open":
            stack.append("quote")
        elif token.type in ("bullet_list_close", "ordered_list_close", "list_item_close",
                            "blockquote_close") and stack:
            stack.pop()
        elif token.type in BLOCK_OPEN:
            kind = BLOCK_OPEN[token.type]
            level = int(token.tag[1]) if token.type == "heading_open" else 0
            if kind == "paragraph" and "list_item" in stack:
                kind = "list_item"
            elif kind == "paragraph" and "quote" in stack:
                kind = "quote"
            pending = (kind, level)
            ordered = kind == "list_item" and next(
                (s for s in reversed(stack) if s in ("list", "ordered_list")), "") == "ordered_list"
        elif token.type == "inline" and pending is not None and not stop:
            kind, level = pending
            pending = None
            offsets = mapper.content_offsets(token, token.content)
            block_text, block_offsets = inline_text(token, offsets)
            links.extend(_links(token.children or []))
            if not block_text:
                continue
            if boilerplate.starts_trailer(block_text):
                stop = True
                continue
            if boilerplate.is_boilerplate(block_text):
                continue
            if kind == "heading" and level == 1 and title is None:
                kind = "title"
                title = block_text
            elif kind == "heading":
                headings.append(block_text)
            builder.add_block(kind, block_text, source_offsets=block_offsets, level=level,
                              ordered=ordered)
        elif token.type == "html_block" and not stop and token.map is not None:
            _add_html_block(builder, masked, line_starts, token)
    if title is None and isinstance(metadata.get("title"), str):
        title = " ".join(str(metadata["title"]).split())
    if headings:
        metadata["headings"] = headings
    if links:
        metadata["links"] = links
    document = builder.build(id=id, source=source_name, format="markdown", title=title,
                             metadata=metadata)
    return suppressions.apply(document, text, code_ranges)


def _links(children: Iterable[Token]) -> list[dict[str, str]]:
    result = []
    current: dict[str, str] | None = None
    for child in children:
        if child.type == "link_open":
            current = {"text": "", "url": str(child.attrGet("href") or "")}
        elif child.type == "link_close" and current is not None:
            current["text"] = " ".join(current["text"].split())
            result.append(current)
            current = None
        elif current is not None and child.type in ("text", "code_inline"):
            current["text"] += child.content
    return result


def _add_html_block(builder: DocumentBuilder, source: str, line_starts: list[int],
                    token: Token) -> None:
    """A raw HTML block: its visible text (tags and comments removed) as a paragraph."""
    from pipeline.ingest.html import scan

    assert token.map is not None
    start = line_starts[token.map[0]]
    end = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(source)
    stream, _depth = scan(source[start:end])
    if not stream.chars:
        return
    # Rebuild the words with single spaces where the source had white space or tags.
    chars: list[str] = []
    offsets: list[int] = []
    previous = -2
    for ch, offset in zip(stream.chars, stream.offsets, strict=True):
        if chars and offset != previous + 1 and offset != previous:
            gap = source[start + previous + 1:start + offset]
            if re.search(r"\s|<(?:/?(?:p|div|br|li|h\d|td|tr)\b)", gap):
                chars.append(" ")
                offsets.append(start + previous + 1)
        original = source[start + int(offset)]
        chars.append(ch if original == "&" else original)
        offsets.append(start + int(offset))
        previous = int(offset)
    builder.add_block("paragraph", "".join(chars), source_offsets=offsets)
