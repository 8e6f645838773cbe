"""The Document: one article's extracted text, its structure and its map back to the source.

Every loader (pipeline.ingest) builds Documents through :class:`DocumentBuilder`, which keeps,
for every character of the extracted text, the offset of the character it came from in the
source file. Line and column numbers are derived from that map on demand.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "quote", "table_cell", "code")

# Kinds of blocks whose text is prose that checks read; "code" is kept out.
PROSE_KINDS = frozenset({"title", "heading", "paragraph", "list_item", "quote", "table_cell"})


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the extracted text: title, heading, paragraph, list item..."""

    kind: str
    start: int
    end: int
    level: int = 0
    ordered: bool = False  # a list item of a numbered list (reports render lists as lists)

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")


class SourceMap:
    """Maps offsets in the extracted text to offsets, lines and columns in the source file."""

    __slots__ = ("_first_line", "_line_starts", "_offsets")

    def __init__(self, offsets: array, source_line_starts: Sequence[int],
                 first_line: int = 1) -> None:
        """``first_line`` is the line number of the source's first line: a JSONL record is
        mapped against its own line only, so memory does not grow with the file."""
        self._offsets = offsets
        self._line_starts = list(source_line_starts)
        self._first_line = first_line

    @classmethod
    def identity(cls, text: str) -> SourceMap:
        """A map for a text that *is* its source."""
        return cls(array("q", range(len(text) + 1)), line_starts(text))

    def source_offset(self, text_offset: int) -> int:
        """Offset in the source of the character at ``text_offset`` in the extracted text."""
        if not self._offsets:
            return 0
        text_offset = max(0, min(text_offset, len(self._offsets) - 1))
        return int(self._offsets[text_offset])

    def offsets(self, start: int, end: int) -> list[int]:
        """``[source_offset(i) for i in range(start, end)]``, computed in one slice."""
        if not self._offsets:
            return [0] * max(0, end - start)
        last = len(self._offsets) - 1
        head = [int(self._offsets[0])] * max(0, min(end, 0) - start)
        low, high = max(start, 0), min(end, last + 1)
        middle = self._offsets[low:high].tolist() if low < high else []
        tail = [int(self._offsets[last])] * max(0, end - max(start, last + 1))
        return head + middle + tail

    def position(self, text_offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source of the character at ``text_offset``."""
        return self.source_position(self.source_offset(text_offset))

    def source_position(self, source_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        index = bisect.bisect_right(self._line_starts, source_offset) - 1
        index = max(index, 0)
        return index + self._first_line, source_offset - self._line_starts[index] + 1

    def end_position(self, text_end: int) -> tuple[int, int]:
        """1-based (line, column) just after the last character of a span ending at
        ``text_end`` (exclusive)."""
        if text_end <= 0:
            return self.position(0)
        line, column = self.position(text_end - 1)
        return line, column + 1

    def __len__(self) -> int:
        return len(self._offsets)


def line_starts(source: str) -> list[int]:
    r"""Offsets at which each line of ``source`` starts (``\n``, ``\r\n`` and ``\r``)."""
    starts = [0]
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\n":
            starts.append(i + 1)
        elif ch == "\r":
            if i + 1 < n and source[i + 1] == "\n":
                i += 1
            starts.append(i + 1)
        i += 1
    return starts


@dataclass
class Document:
    """One article, ready for NLP."""

    id: str
    source: str
    text: str
    blocks: list[Block]
    source_map: SourceMap
    title: str | None = None
    format: str = "text"
    metadata: dict[str, Any] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)
    content_hash: str = ""

    def quote(self, start: int, end: int) -> str:
        """The extracted text between two offsets."""
        return self.text[start:end]

    def block_at(self, offset: int) -> Block | None:
        """The block that contains ``offset``, if any."""
        starts = [b.start for b in self.blocks]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and self.blocks[index].start <= offset < self.blocks[index].end:
            return self.blocks[index]
        return None

    @property
    def body_blocks(self) -> list[Block]:
        """Blocks other than the title."""
        return [b for b in self.blocks if b.kind != "title"]

    @property
    def word_count(self) -> int:
        """Rough number of words in the extracted text."""
        return len(self.text.split())

    @property
    def label(self) -> str:
        """How to name the article to a person: its source file, and for one article of a
        JSON-lines file the line and the id as well (``archive.jsonl:12 (knee-pain)``).

        A JSONL record is recognised by the ``line`` its loader puts in the metadata (text and
        HTML articles have no other source of that key), so a result read back from a
        JSON report is labelled the same way."""
        line = self.metadata.get("line")
        if (self.format in ("text", "html") and isinstance(line, int)
                and not isinstance(line, bool)):
            return f"{self.source}:{line} ({self.id})"
        return self.source


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``medlint-disable`` comment, resolved to a range of the extracted text.

    ``rules`` empty means every rule. ``start``/``end`` are extracted-text offsets.
    """

    rules: frozenset[str]
    start: int
    end: int

    def covers(self, rule: str, start: int | None, end: int | None) -> bool:
        """True if a finding of ``rule`` at ``start``..``end`` is switched off."""
        if self.rules and rule not in self.rules and not any(
            rule.startswith(r.rstrip("*")) for r in self.rules if r.endswith("*")
        ):
            return False
        if start is None or end is None:
            return False
        return self.start <= start and end <= self.end


class DocumentBuilder:
    r"""Accumulates blocks of extracted text together with their source offsets.

    >>> b = DocumentBuilder("Title\n\nBody text.")
    >>> b.add_block("title", "Title", 0)
    >>> b.add_block("paragraph", "Body text.", 7)
    >>> doc = b.build(id="x", source="x.txt", format="text")
    >>> doc.text
    'Title\n\nBody text.'
    >>> doc.source_map.position(7)
    (3, 1)
    """

    SEPARATOR = "\n\n"

    def __init__(self, source_text: str) -> None:
        self._source_text = source_text
        self._parts: list[str] = []
        self._offsets = array("q")
        self._blocks: list[Block] = []
        self._length = 0

    @property
    def source_text(self) -> str:
        """The whole source the builder maps into."""
        return self._source_text

    def add_block(
        self,
        kind: str,
        text: str,
        source_start: int | None = None,
        *,
        source_offsets: Iterable[int] | None = None,
        level: int = 0,
        ordered: bool = False,
    ) -> None:
        """Append a block.

        Give either ``source_start`` (the block's text appears verbatim in the source from
        that offset) or ``source_offsets`` (one source offset per character of ``text``).
        """
        if not text:
            return
        if self._parts:
            last = self._offsets[-1] if self._offsets else 0
            self._parts.append(self.SEPARATOR)
            self._offsets.extend([last + 1] * len(self.SEPARATOR))
            self._length += len(self.SEPARATOR)
        start = self._length
        if source_offsets is not None:
            offsets = array("q", source_offsets)
            if len(offsets) != len(text):
                raise ValueError("source_offsets must have one entry per character")
        elif source_start is not None:
            offsets = array("q", range(source_start, source_start + len(text)))
        else:
            raise ValueError("add_block needs source_start or source_offsets")
        self._parts.append(text)
        self._offsets.extend(offsets)
        self._length += len(text)
        self._blocks.append(Block(kind=kind, start=start, end=self._length, level=level,
                                  ordered=ordered))

    def build(self, first_line: int = 1, **fields: Any) -> Document:
        """Finish: the Document with its text, blocks and source map (``first_line``: the
        source's first line number, when the source is one line of a larger file)."""
        text = "".join(self._parts)
        offsets = array("q", self._offsets)
        offsets.append((offsets[-1] + 1) if offsets else 0)
        source_map = SourceMap(offsets, line_starts(self._source_text), first_line)
        title = fields.pop("title", None)
        if title is None:
            title_blocks = [b for b in self._blocks if b.kind == "title"]
            if title_blocks:
                title = text[title_blocks[0].start : title_blocks[0].end]
        return Document(
            text=text, blocks=list(self._blocks), source_map=source_map, title=title, **fields
        )
