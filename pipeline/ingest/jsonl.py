r"""JSON Lines: one article per line.

Each line is an object with ``id``, ``title``, ``text`` or ``html``, and optionally ``url``,
``author``, ``date``. A line that cannot be used is reported as an :class:`InputProblem`
naming ``file:line``; the other lines are still audited. Positions in findings point into the
JSONL file itself: the line of the article and the column inside the JSON string (escapes
such as ``\n`` and ``\u00e9`` are accounted for).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.document import Document, DocumentBuilder, Suppression
from pipeline.ingest.boilerplate import load_boilerplate
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.errors import IngestError, InputProblem
from pipeline.ingest.values import metadata_value
from pipeline.names import shown

OPTIONAL_FIELDS = ("url", "author", "date")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t"}
_DECODER = json.JSONDecoder()


def string_spans(line: str) -> dict[str, list[int]]:
    """For each top-level string value of the JSON object on ``line``: one offset in ``line``
    per character of the decoded string."""
    spans: dict[str, list[int]] = {}
    index = _skip_ws(line, 0)
    if index >= len(line) or line[index] != "{":
        return spans
    index += 1
    while True:
        index = _skip_ws(line, index)
        if index >= len(line) or line[index] != '"':
            return spans
        key, _offsets, index = _string(line, index)
        index = _skip_ws(line, index)
        if index >= len(line) or line[index] != ":":
            return spans
        index = _skip_ws(line, index + 1)
        if index < len(line) and line[index] == '"':
            _value, offsets, index = _string(line, index)
            spans[key] = offsets
        else:
            _obj, index = _DECODER.raw_decode(line, index)
        index = _skip_ws(line, index)
        if index >= len(line) or line[index] != ",":
            return spans
        index += 1


def _skip_ws(line: str, index: int) -> int:
    while index < len(line) and line[index] in " \t\r\n":
        index += 1
    return index


def _string(line: str, index: int) -> tuple[str, list[int], int]:
    """Decode the JSON string starting at ``line[index] == '"'``: (value, offsets, end)."""
    chars: list[str] = []
    offsets: list[int] = []
    i = index + 1
    while i < len(line):
        ch = line[i]
        if ch == '"':
            return "".join(chars), offsets, i + 1
        if ch == "\\" and i + 1 < len(line):
            code = line[i + 1]
            if code == "u":
                value = int(line[i + 2:i + 6], 16)
                width = 6
                if 0xD800 <= value < 0xDC00 and line[i + 6:i + 8] == "\\u":
                    low = int(line[i + 8:i + 12], 16)
                    if 0xDC00 <= low < 0xE000:
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        width = 12
                chars.append(chr(value))
                offsets.append(i)
                i += width
                continue
            chars.append(_ESCAPES.get(code, code))
            offsets.append(i)
            i += 2
            continue
        chars.append(ch)
        offsets.append(i)
        i += 1
    raise ValueError("unterminated string")


def load_jsonl(name: str, data: bytes, rules_dir: Path) -> Iterator[Document | InputProblem]:
    """Every article of JSONL ``data`` (standard input, tests); see :func:`load_jsonl_lines`."""
    try:
        source, _encoding = decode_bytes(data)
    except IngestError as exc:
        yield InputProblem(name, exc.reason, code=exc.code)
        return
    # split on newlines only: U+2028 and friends may stand raw inside JSON strings
    lines = (line.rstrip("\r") for line in source.split("\n"))
    yield from load_jsonl_lines(name, enumerate(lines, 1), rules_dir)


def load_jsonl_file(path: Path, name: str, rules_dir: Path) -> Iterator[Document | InputProblem]:
    """Every article of a JSONL file, read one line at a time so that memory does not grow
    with the file (a 100,000-article archive streams through in constant memory).

    JSONL is UTF-8 (a BOM is allowed); a file in another encoding is decoded whole, within
    the size limit for other files.
    """
    from pipeline.ingest import MAX_BYTES

    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if path.stat().st_size > MAX_BYTES:
            yield InputProblem(name, "UTF-16 JSONL over the size limit; save it as UTF-8",
                               code="too-large")
            return
        yield from load_jsonl(name, path.read_bytes(), rules_dir)
        return

    def lines() -> Iterator[tuple[int, str]]:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if len(raw) > MAX_BYTES:
                    yield number, "\x00too-large"
                    continue
                try:
                    yield number, raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as exc:
                    yield number, f"\x00encoding:{exc.reason} at byte {exc.start}"

    yield from load_jsonl_lines(name, lines(), rules_dir)


def load_jsonl_lines(
    name: str, lines: Iterable[tuple[int, str]], rules_dir: Path
) -> Iterator[Document | InputProblem]:
    """Articles from numbered JSONL lines; a bad line is a problem, the rest still load.
    Each Document is mapped against its own line only (``SourceMap.first_line``)."""
    from pipeline.ingest import check_document, content_hash
    from pipeline.ingest.values import clean_document

    boilerplate = load_boilerplate(rules_dir)
    seen_ids: set[str] = set()
    stem = shown(Path(name).stem) if name != "<stdin>" else "stdin"
    any_line = False
    for number, line in lines:
        if not line.strip():
            continue
        any_line = True
        where = f"{name}:{number}"
        if line.startswith("\x00too-large"):
            yield InputProblem(where, f"line {number} is longer than the per-article limit",
                               code="too-large")
            continue
        if line.startswith("\x00encoding:"):
            yield InputProblem(where, f"line {number} is not valid UTF-8 "
                               f"({line.removeprefix(chr(0) + 'encoding:')})", code="encoding")
            continue
        try:
            record = read_line(line, number)
            document = _document(record, line, 0, line, boilerplate, stem, number)
            check_document(clean_document(document), rules_dir)
        except IngestError as exc:
            yield InputProblem(where, exc.reason, code=exc.code)
            continue
        except (ValueError, RecursionError) as exc:
            yield InputProblem(where, f"could not be parsed: {exc}", code="parse-error")
            continue
        if document.id in seen_ids:
            yield InputProblem(where, f"duplicate id {document.id!r}; each article needs its "
                               "own id", code="jsonl-line")
            continue
        seen_ids.add(document.id)
        document.source = name
        document.content_hash = content_hash(line)
        yield document
    if not any_line:
        yield InputProblem(name, "empty file (no articles)", code="empty")


def read_line(line: str, number: int) -> Any:
    """The JSON value on one line; anything that stops it being read is that line's
    :class:`IngestError` (a syntax error, a number of more than 4,300 digits, nesting deeper
    than Python's recursion limit)."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})",
                          code="jsonl-line") from exc
    except RecursionError as exc:
        raise IngestError(f"line {number} is nested too deeply to read as JSON",
                          code="jsonl-line") from exc
    except ValueError as exc:
        reason = ("a number has more than 4,300 digits" if "digits" in str(exc)
                  else str(exc))
        raise IngestError(f"line {number} cannot be read as JSON: {reason}",
                          code="jsonl-line") from exc


def _document(record: Any, line: str, line_start: int, source: str, boilerplate: Any,
              stem: str, number: int) -> Document:
    if not isinstance(record, dict):
        raise IngestError(f"line {number} is JSON but not an object with \"text\" or \"html\"",
                          code="jsonl-line")
    body_key = "html" if isinstance(record.get("html"), str) and not isinstance(
        record.get("text"), str) else "text"
    body = record.get(body_key)
    if not isinstance(body, str):
        raise IngestError(f"line {number} has no \"text\" or \"html\" string",
                          code="jsonl-line")
    if not body.strip():
        raise IngestError(f"line {number} has an empty \"{body_key}\"", code="empty")
    raw_id = record.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else (
        f"{stem}-{number}")
    spans = string_spans(line)
    body_offsets = spans.get(body_key) or list(range(len(body)))
    if body_key == "html":
        from pipeline.ingest.html import build_html_document

        inner = build_html_document(body, id=doc_id, source_name=stem, boilerplate=boilerplate)
    else:
        from pipeline.ingest.text import build_text_document

        inner = build_text_document(body, id=doc_id, source_name=stem, boilerplate=boilerplate,
                                    detect_title=not isinstance(record.get("title"), str))
    metadata: dict[str, Any] = dict(inner.metadata)
    for key in OPTIONAL_FIELDS:
        if record.get(key) not in (None, ""):
            metadata[key] = metadata_value(record[key])
    metadata["line"] = number

    def to_file(offset: int) -> int:
        offset = max(0, min(offset, len(body_offsets) - 1))
        return line_start + body_offsets[offset]

    builder = DocumentBuilder(source)
    title = record.get("title")
    shift = 0
    has_title_block = any(b.kind == "title" for b in inner.blocks)
    if isinstance(title, str) and title.strip() and not has_title_block:
        title_text = title.strip()
        title_offsets = spans.get("title")
        lead = len(title) - len(title.lstrip())
        offsets = ([line_start + o for o in title_offsets[lead:lead + len(title_text)]]
                   if title_offsets else [line_start] * len(title_text))
        builder.add_block("title", title_text, source_offsets=offsets)
        shift = len(title_text) + len(DocumentBuilder.SEPARATOR) if inner.blocks else 0
    last_body = len(body_offsets) - 1
    for block in inner.blocks:
        offsets = [line_start + body_offsets[o if 0 <= o <= last_body else
                                             max(0, min(o, last_body))]
                   for o in inner.source_map.offsets(block.start, block.end)]
        builder.add_block(block.kind, inner.text[block.start:block.end], source_offsets=offsets,
                          level=block.level, ordered=block.ordered)
    document = builder.build(
        first_line=number, id=doc_id, source=stem, format="html" if body_key == "html" else "text",
        title=(title.strip() if isinstance(title, str) and title.strip() else inner.title),
        metadata=metadata,
    )
    document.suppressions = [Suppression(s.rules, s.start + shift, s.end + shift)
                             for s in inner.suppressions]
    return document
