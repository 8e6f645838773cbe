"""HTML articles: main text through trafilatura, mapped back to the source character by
character.

trafilatura finds the article (dropping navigation, share bars, comment forms and footers) and
returns its structure (headings, paragraphs, list items, quotes, table cells). It does not say
where its text came from, so the source is scanned separately (:mod:`html.parser`, which never
recurses and so survives absurdly deep nesting) into a stream of visible characters, each with
its source offset (entities decoded: every character of ``&amp;`` decodes to ``&`` at the
offset of the ``&``). Each extracted block is then found in that stream with white space
folded; the characters of the block inherit the offsets of the stream characters they match.
"""

from __future__ import annotations

import html
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from pipeline.document import Document, DocumentBuilder
from pipeline.ingest import suppressions
from pipeline.ingest.boilerplate import Boilerplate
from pipeline.ingest.errors import IngestError

# Elements whose content is never visible text.
HIDDEN = frozenset({"script", "style", "template", "noscript", "svg", "math", "head-meta"})
# Characters that extraction may drop or add without changing the words.
IGNORABLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Deeper than this, the page is not a real article and lxml would truncate it anyway.
MAX_DEPTH_FOR_TRAFILATURA = 2000


def _fold_char(ch: str) -> str:
    """How a character is compared between the extraction and the source."""
    return unicodedata.normalize("NFKC", ch)[:1] or ch


@dataclass
class VisibleStream:
    """The visible characters of an HTML source (white space and ignorables dropped), each with
    the offset in the source of the character (or entity) it comes from."""

    chars: list[str] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("q"))
    furniture: set[int] = field(default_factory=set)

    def add(self, text: str, offset: int, step: bool = True, furniture: bool = False) -> None:
        """Append decoded ``text``; with ``step`` its characters sit at consecutive offsets,
        otherwise all at ``offset`` (an entity). ``furniture``: inside a link, navigation,
        header, footer, aside or form."""
        for index, ch in enumerate(text):
            if ch.isspace() or ch in IGNORABLE:
                continue
            self.chars.append(_fold_char(ch))
            at = offset + index if step else offset
            self.offsets.append(at)
            if furniture:
                self.furniture.add(at)

    @property
    def text(self) -> str:
        """The folded characters as one string."""
        return "".join(self.chars)


class _Scanner(HTMLParser):
    """Collects visible text with source offsets, and the maximum nesting depth."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.stream = VisibleStream()
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._hidden = 0
        self._furniture = 0
        self._open: list[str] = []
        self.max_depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        if tag in FURNITURE:
            self._furniture += 1
        if tag in VOID:
            return
        if tag in IMPLIED_END and self._open and self._open[-1] in IMPLIED_END:
            self._open.pop()  # <p>a<p>b, <li>a<li>b: the next one closes the previous
        self._open.append(tag)
        self.max_depth = max(self.max_depth, len(self._open))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in FURNITURE and self._furniture:
            self._furniture -= 1
        for index in range(len(self._open) - 1, max(len(self._open) - 64, -1), -1):
            if self._open[index] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.stream.add(data, self._offset(), furniture=self._furniture > 0)

    def handle_entityref(self, name: str) -> None:
        if not self._hidden:
            self.stream.add(html.unescape(f"&{name};"), self._offset(), step=False,
                            furniture=self._furniture > 0)

    def handle_charref(self, name: str) -> None:
        if not self._hidden:
            self.stream.add(html.unescape(f"&#{name};"), self._offset(), step=False,
                            furniture=self._furniture > 0)


# Elements whose text is page furniture when it is all a page has.
FURNITURE = frozenset({"a", "nav", "header", "footer", "aside", "form", "button", "menu"})
# Above this share of body text inside FURNITURE, the page has no article.
MAX_FURNITURE_SHARE = 0.8
IMPLIED_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "rt", "rp"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})


def scan(source: str) -> tuple[VisibleStream, int]:
    """The visible-character stream of ``source`` and its deepest element nesting."""
    scanner = _Scanner(source)
    scanner.feed(source)
    scanner.close()
    return scanner.stream, scanner.max_depth


class Aligner:
    """Finds extracted text in the visible stream, in reading order."""

    def __init__(self, stream: VisibleStream) -> None:
        self.stream = stream
        self.folded = stream.text
        self.cursor = 0
        self.unmatched = 0
        self.total = 0

    def locate(self, text: str, anywhere: bool = False) -> list[int] | None:
        """One source offset per character of ``text``; ``None`` when the text is not in the
        source at all. Matches after the previous block first, then anywhere."""
        keys = [(i, _fold_char(ch)) for i, ch in enumerate(text)
                if not ch.isspace() and ch not in IGNORABLE]
        if not keys:
            return None
        needle = "".join(k for _, k in keys)
        start = -1 if anywhere else self.folded.find(needle, self.cursor)
        if start < 0:
            start = self.folded.find(needle)
        if start >= 0:
            if not anywhere:
                self.cursor = max(self.cursor, start + len(needle))
            mapped = {i: int(self.stream.offsets[start + n]) for n, (i, _) in enumerate(keys)}
            self.total += len(keys)
            return _fill(text, mapped)
        return self._word_by_word(text, keys)

    def _word_by_word(self, text: str, keys: list[tuple[int, str]]) -> list[int] | None:
        """Fallback when the block as a whole is not in the source (extraction changed it):
        place each word after the previous one, near the cursor."""
        mapped: dict[int, int] = {}
        cursor = self.cursor
        found_any = False
        for match in re.finditer(r"\S+", text):
            word = [(match.start() + j, _fold_char(ch)) for j, ch in enumerate(match.group())
                    if ch not in IGNORABLE]
            needle = "".join(k for _, k in word)
            if not needle:
                continue
            at = self.folded.find(needle, cursor, cursor + 2000 + len(needle))
            self.total += len(word)
            if at < 0:
                self.unmatched += len(word)
                continue
            found_any = True
            for n, (i, _) in enumerate(word):
                mapped[i] = int(self.stream.offsets[at + n])
            cursor = at + len(needle)
        if not found_any:
            return None
        self.cursor = cursor
        return _fill(text, mapped)


def _fill(text: str, mapped: dict[int, int]) -> list[int]:
    """Offsets for every character: unmapped ones (white space) follow the previous mapped
    character (or precede the next one at the start)."""
    result: list[int] = []
    first = next(iter(sorted(mapped.items())), (0, 0))[1]
    previous: int | None = None
    for i in range(len(text)):
        if i in mapped:
            previous = mapped[i]
            result.append(previous)
        else:
            result.append(previous + 1 if previous is not None else first)
    return result


# --- trafilatura ---------------------------------------------------------------------------

BLOCK_TAGS = {"head": "heading", "p": "paragraph", "item": "list_item", "quote": "quote",
              "cell": "table_cell", "code": "code"}


@dataclass
class ExtractedBlock:
    """One block of trafilatura's output."""

    kind: str
    text: str
    level: int = 0
    ordered: bool = False


def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signals: safe in any thread
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")  # short articles are still articles
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")  # deterministic, page-only dates
    return config


def parse_tree(source: str) -> Any:
    """The page as an lxml tree, built as trafilatura would but with lxml's ``huge_tree``
    option: without it libxml2 stops at 256 levels of nesting and drops everything deeper,
    while pages up to MAX_DEPTH_FOR_TRAFILATURA levels are accepted. Always a whole
    document (``<html><body>`` is supplied around a fragment such as a lone ``<p>``, which
    trafilatura's own loader would reject as not HTML). None for an empty document."""
    from lxml.etree import ParserError
    from lxml.html import HTMLParser, document_fromstring
    from trafilatura.utils import repair_faulty_html

    parser = HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False,
                        encoding="utf-8", remove_comments=True, remove_pis=True)
    text = repair_faulty_html(source, source[:50].lower())
    try:
        try:
            return document_fromstring(text, parser=parser)
        except ValueError:  # a str with an encoding declaration: give lxml UTF-8 bytes
            return document_fromstring(text.encode("utf-8"), parser=parser)
    except ParserError:
        return None


def extract(source: str) -> tuple[list[ExtractedBlock], dict[str, Any]]:
    """Run trafilatura; blocks of the main text and the page metadata."""
    import trafilatura

    tree = parse_tree(source)
    if tree is None:
        return [], {}
    result: Any = trafilatura.bare_extraction(
        tree, include_formatting=True, include_links=True, include_comments=False,
        include_tables=True, include_images=False, with_metadata=True, deduplicate=False,
        config=_trafilatura_config(),
    )
    if result is None or result.body is None:
        return [], {}
    blocks = list(_walk(result.body))
    links = [{"text": " ".join("".join(ref.itertext()).split()), "url": ref.get("target")}
             for ref in result.body.iter("ref") if ref.get("target")]
    metadata: dict[str, Any] = {}
    for key in ("title", "author", "date", "url", "sitename", "description"):
        value = getattr(result, key, None)
        if value:
            metadata[key] = value
    if links:
        metadata["links"] = links
    return blocks, metadata


def _clean(text: str) -> str:
    """White space folded, invisible characters (zero-width, soft hyphen) removed."""
    return " ".join("".join(ch for ch in text if ch not in IGNORABLE).split())


def _numbered(element: Any, inside: bool) -> bool:
    """Whether the items under ``element`` are numbered: a ``<list rend="ol">`` says so, any
    other list says not, anything else keeps what its parent said."""
    if element.tag == "list":
        return str(element.get("rend") or "").lower() == "ol"
    return inside


def _walk(root: Any) -> Iterator[ExtractedBlock]:
    """Blocks in document order; nested blocks (a list inside an item) come out separately,
    and a paragraph inside a quote, list item or table cell takes its container's kind."""
    stack: list[tuple[Any, str | None, bool] | ExtractedBlock] = [(root, None, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, ExtractedBlock):
            yield item
            continue
        element, container, ordered = item
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in BLOCK_TAGS:
            parts: list[str] = [element.text or ""]
            nested: list[Any] = []
            for child in element:
                child_tag = child.tag if isinstance(child.tag, str) else ""
                if child_tag in BLOCK_TAGS or child_tag in ("list", "table", "row"):
                    nested.append(child)
                    parts.append(" ")
                elif child_tag == "lb":
                    parts.append("\n")
                else:
                    parts.append("".join(child.itertext()))
                parts.append(child.tail or "")
            text = _clean("".join(parts))
            kind = BLOCK_TAGS[tag]
            if tag == "p" and container is not None:
                kind = container
            if text:
                level = 0
                if tag == "head":
                    rend = element.get("rend") or "h2"
                    level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
                yield ExtractedBlock(kind, text, level, kind == "list_item" and ordered)
            inner = kind if kind in ("quote", "list_item", "table_cell") else None
            for child in reversed(nested):
                stack.append((child, inner, _numbered(child, ordered)))
            continue
        if _loose_text(element):
            stack.extend(reversed(_runs(element, container, ordered)))
            continue
        for child in reversed(list(element)):
            stack.append((child, container, _numbered(child, ordered)))


STRUCTURE = frozenset({*BLOCK_TAGS, "list", "table", "row"})


def _structural(element: Any) -> bool:
    """Whether an element is, or holds, a block (a paragraph, heading, list, table ...)."""
    return any(isinstance(e.tag, str) and e.tag in STRUCTURE for e in element.iter())


def _loose_text(element: Any) -> bool:
    """Whether text stands directly in an element that is not a block (a bare fragment such
    as a JSON-lines ``html`` of plain text, or a sentence between two paragraphs)."""
    return bool(_clean(element.text or "")) or any(
        _clean(child.tail or "") for child in element)


def _runs(element: Any, container: str | None, ordered: bool
          ) -> list[tuple[Any, str | None, bool] | ExtractedBlock]:
    """The element's loose text as paragraphs, in order with the blocks among it: a run of
    text and inline elements (bold, links, line breaks) is one paragraph; an element that
    is or holds a block is walked as before."""
    out: list[tuple[Any, str | None, bool] | ExtractedBlock] = []
    parts: list[str] = [element.text or ""]

    def flush() -> None:
        text = _clean("".join(parts))
        if text:
            out.append(ExtractedBlock(container or "paragraph", text))
        parts.clear()

    for child in element:
        child_tag = child.tag if isinstance(child.tag, str) else ""
        if _structural(child):
            flush()
            out.append((child, container, _numbered(child, ordered)))
        elif child_tag == "lb":
            parts.append("\n")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    flush()
    return out


# --- the loader ----------------------------------------------------------------------------

def _require_article(document: Document, stream: VisibleStream) -> None:
    """A page whose "main text" is nearly all links and navigation has no article (the
    extractor's last-resort fallback returns exactly that)."""
    body = [i for b in document.body_blocks for i in range(b.start, b.end)
            if not document.text[i].isspace()]
    if not body:
        return
    inside = sum(1 for i in body if document.source_map.source_offset(i) in stream.furniture)
    if inside / len(body) >= MAX_FURNITURE_SHARE:
        raise IngestError("no article text found in the page (only navigation, links and page "
                          "furniture)", code="no-text")


def _same(a: str, b: str) -> bool:
    return "".join(a.lower().split()) == "".join(b.lower().split())


def build_html_document(
    text: str,
    *,
    id: str,
    source_name: str,
    boilerplate: Boilerplate,
) -> Document:
    """An HTML page's main text as a Document mapped to the page source."""
    stream, depth = scan(text)
    if depth > MAX_DEPTH_FOR_TRAFILATURA:
        raise IngestError(
            f"HTML nested {depth} elements deep (more than {MAX_DEPTH_FOR_TRAFILATURA}); "
            "not a real article page", code="too-deep")
    blocks, metadata = extract(text)
    aligner = Aligner(stream)
    builder = DocumentBuilder(text)
    title = metadata.get("title")
    if isinstance(title, str):
        title = _clean(title)
    headings: list[str] = []
    has_title = False
    # The title block: the first heading when it repeats the page title, else the title
    # wherever it appears (usually <title> or an <h1> outside the main text).
    if blocks and blocks[0].kind == "heading" and (title is None or _same(blocks[0].text, title)
                                                   or blocks[0].level == 1):
        first = blocks.pop(0)
        offsets = aligner.locate(first.text)
        if offsets is not None:
            builder.add_block("title", first.text, source_offsets=offsets)
            title = first.text
            has_title = True
    elif title:
        offsets = aligner.locate(title, anywhere=True)
        if offsets is not None:
            builder.add_block("title", title, source_offsets=offsets)
            has_title = True
    stop = False
    for block in blocks:
        if block.kind == "code":
            continue
        if boilerplate.starts_trailer(block.text):
            stop = True
        if stop or boilerplate.is_boilerplate(block.text):
            continue
        if (has_title and not headings and block.kind in ("heading", "paragraph")
                and title and _same(block.text, title)):
            continue  # the page title repeated at the top of the body
        offsets = aligner.locate(block.text)
        if offsets is None:
            continue
        builder.add_block(block.kind, block.text, source_offsets=offsets, level=block.level,
                          ordered=block.ordered)
        if block.kind == "heading":
            headings.append(block.text)
    if headings:
        metadata["headings"] = headings
    document = builder.build(id=id, source=source_name, format="html", title=title or None,
                             metadata=metadata)
    _require_article(document, stream)
    return suppressions.apply(document, text)
