"""Ingestion: paths in, Documents (or per-input problems) out.

Formats: ``.txt``; ``.md``/``.markdown``; ``.html``/``.htm``; ``.jsonl`` (one article per
line); directories (recursive, sorted); ``-`` for standard input, whose format comes from the
extension of ``stdin_name`` (``--stdin-filename``) or, without one, from its content
(:mod:`pipeline.ingest.sniff`). Any problem with one input is yielded as an
:class:`InputProblem` and the other inputs are still read.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat as stat_module
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.document import Document
from pipeline.ingest.boilerplate import load_boilerplate
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.errors import IngestError, InputProblem
from pipeline.ingest.text import build_text_document
from pipeline.ingest.values import clean_document
from pipeline.names import shown

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

# Limits. An article is a few thousand words; a file of many megabytes is an export or an
# archive, and spaCy refuses texts over a million characters. Both limits give a clear
# per-file error instead of a crash or an hour-long run.
MAX_BYTES = 10 * 1024 * 1024
# A JSONL file holds many articles; each line still meets MAX_TEXT_CHARS.
MAX_JSONL_BYTES = 256 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000


def format_for(path: Path, default: str = "text") -> str:
    """The loader a file goes to, by extension."""
    return FORMATS.get(path.suffix.lower(), default)


def iter_paths(
    inputs: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[Path | InputProblem | str]:
    """Expand inputs: files as given, directories recursively (sorted, following the
    include/exclude globs, never looping on symlinks), ``-`` as itself."""
    include = tuple(include)
    exclude = tuple(exclude)
    for raw in inputs:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        problem = _unusable(path, raw)
        if problem is not None:
            yield problem
        elif path.is_dir():
            found = False
            for item in _walk(path, include, exclude):
                found = found or isinstance(item, Path | InputProblem)
                yield item
            if not found:
                yield InputProblem(raw, "no articles found in this directory (medlint reads "
                                   f"{', '.join(sorted(FORMATS))})", code="no-articles")
        else:
            yield path


def count_inputs(
    inputs: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> int | None:
    """How many results (articles or input problems) ``inputs`` will give, for a progress
    display; None when that cannot be known beforehand (standard input). A JSON-lines file
    counts its non-blank lines, read in binary without parsing."""
    total = 0
    for item in iter_paths(inputs, include, exclude):
        if isinstance(item, str):
            return None
        if isinstance(item, Path) and format_for(item) == "jsonl":
            try:
                with item.open("rb") as handle:
                    total += max(1, sum(1 for line in handle if line.strip()))
            except OSError:
                total += 1
            continue
        total += 1
    return total


def _unusable(path: Path, raw: str, listed: bool = False) -> InputProblem | None:
    """Why ``path`` cannot be read at all (missing, a link loop, a pipe...), or ``None``.
    ``listed``: the path came from a directory listing, so "missing" means it vanished."""
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputProblem(raw, "symbolic link loop", code="symlink-loop")
        if path.is_symlink():
            return InputProblem(raw, "broken symbolic link", code="missing")
        if exc.errno == errno.EACCES:
            return InputProblem(raw, "permission denied", code="permission")
        if exc.errno == errno.ENOENT:
            return InputProblem(raw, "file disappeared before it could be read" if listed
                                else "no such file or directory", code="missing")
        return InputProblem(raw, f"cannot read: {exc.strerror or exc}", code="input-error")
    if not (stat_module.S_ISREG(info.st_mode) or stat_module.S_ISDIR(info.st_mode)):
        return InputProblem(raw, "not a regular file (a pipe, socket or device); give a file, "
                            "a directory or - for standard input", code="not-a-file")
    return None


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(relative, p.removeprefix("**/"))
        for p in patterns
    )


def _walk(root: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[
    Path | InputProblem
]:
    seen: set[tuple[int, int]] = set()

    def on_error(error: OSError) -> None:
        problems.append(
            InputProblem(str(error.filename or root), f"cannot read directory: {error.strerror}",
                         code="permission")
        )

    problems: list[InputProblem] = []
    for directory, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        try:
            stat = os.stat(directory)
        except OSError:
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            dirnames[:] = []
            problems.append(InputProblem(directory, "symbolic link loop; not followed again",
                                         code="symlink-loop"))
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield from problems
        problems.clear()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if path.suffix.lower() not in FORMATS:
                continue
            if include and not _matches(relative, include):
                continue
            if exclude and _matches(relative, exclude):
                continue
            problem = _unusable(path, str(path), listed=True)
            yield problem if problem is not None else path
    yield from problems


def content_hash(data: bytes | str) -> str:
    """Stable digest of an input's content (the cache key's core)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def load_source(
    name: str, data: bytes, fmt: str, rules_directory: Path
) -> Iterator[Document | InputProblem]:
    """Turn one input's bytes into Documents (several for JSONL)."""
    boilerplate = load_boilerplate(rules_directory)
    try:
        if fmt == "jsonl":
            from pipeline.ingest.jsonl import load_jsonl

            yield from load_jsonl(name, data, rules_directory)
            return
        text, _encoding = decode_bytes(data)
        if not data:
            raise IngestError("empty file (no text to audit)", code="empty")
        if not text.strip():
            raise IngestError("only white space (no text to audit)", code="empty")
        if not any(ch.isalnum() for ch in text):
            raise IngestError("no words (only punctuation, symbols or invisible characters)",
                              code="no-text")
        digest = content_hash(data)
        stem = shown(Path(name).stem) if name != "<stdin>" else "stdin"
        if fmt == "html":
            from pipeline.ingest.html import build_html_document

            document = build_html_document(text, id=stem, source_name=name,
                                           boilerplate=boilerplate)
        elif fmt == "markdown":
            from pipeline.ingest.markdown import build_markdown_document

            document = build_markdown_document(text, id=stem, source_name=name,
                                               boilerplate=boilerplate)
        else:
            document = build_text_document(text, id=stem, source_name=name,
                                           boilerplate=boilerplate)
        check_document(clean_document(document), rules_directory)
        document.content_hash = digest
        yield document
    except IngestError as exc:
        yield InputProblem(name, exc.reason, code=exc.code)
    except (ValueError, RecursionError, MemoryError) as exc:
        yield InputProblem(name, f"could not be parsed: {type(exc).__name__}: {exc}",
                           code="parse-error")


def check_document(document: Document, rules_directory: Path) -> None:
    """Reject a Document that cannot be audited: no text, too long, not English."""
    if not any(ch.isalnum() for block in document.body_blocks
               for ch in document.text[block.start:block.end]):
        what = ("no article text found in the page (only navigation, scripts or furniture)"
                if document.format == "html" else
                "no article text found after removing page furniture")
        raise IngestError(what, code="no-text")
    if len(document.text) > MAX_TEXT_CHARS:
        raise IngestError(
            f"article text is {len(document.text):,} characters; the limit is "
            f"{MAX_TEXT_CHARS:,} per article (split the file into articles)", code="too-large")
    from pipeline.ingest.language import require_english

    require_english(document.text, rules_directory)


def iter_documents(
    inputs: Iterable[str],
    rules_directory: Path,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    stdin_name: str | None = None,
) -> Iterator[Document | InputProblem]:
    """Every Document from ``inputs``, in order, with problems yielded in their place.
    Ids are made unique (``index``, ``index-2``...) so reports never overwrite each other.
    ``stdin_name`` names standard input (``-``) in reports and picks its format by extension.
    """
    seen: set[str] = set()
    for item in _iter_sources(inputs, rules_directory, include, exclude, stdin_name):
        if isinstance(item, Document):
            if item.id in seen:
                number = 2
                while f"{item.id}-{number}" in seen:
                    number += 1
                item.id = f"{item.id}-{number}"
            seen.add(item.id)
        yield item


def _iter_sources(
    inputs: Iterable[str],
    rules_directory: Path,
    include: Iterable[str],
    exclude: Iterable[str],
    stdin_name: str | None,
) -> Iterator[Document | InputProblem]:
    for item in iter_paths(inputs, include, exclude):
        if isinstance(item, InputProblem):
            yield item
            continue
        if item == "-":
            yield from _stdin(rules_directory, stdin_name)
            continue
        assert isinstance(item, Path)
        name = str(item)
        if format_for(item) == "jsonl":
            yield from _stream_jsonl(item, name, rules_directory)
            continue
        try:
            size = item.stat().st_size
            limit = MAX_JSONL_BYTES if format_for(item) == "jsonl" else MAX_BYTES
            if size > limit:
                yield InputProblem(name, _too_large(size, limit), code="too-large")
                continue
            data = item.read_bytes()
        except FileNotFoundError:
            yield InputProblem(name, "file disappeared before it could be read", code="missing")
            continue
        except IsADirectoryError:
            yield InputProblem(name, "is a directory", code="input-error")
            continue
        except PermissionError:
            yield InputProblem(name, "permission denied", code="permission")
            continue
        except OSError as exc:
            yield InputProblem(name, f"cannot read: {exc.strerror or exc}", code="input-error")
            continue
        yield from load_source(name, data, format_for(item), rules_directory)


def stdin_format(data: bytes, stdin_name: str | None) -> str:
    """The format of standard input: by the extension of its name, else by its content."""
    from pipeline.ingest.sniff import sniff_format

    if stdin_name and Path(stdin_name).suffix.lower() in FORMATS:
        return format_for(Path(stdin_name))
    return sniff_format(data)


def _stdin(rules_directory: Path, stdin_name: str | None) -> Iterator[Document | InputProblem]:
    name = stdin_name or "<stdin>"
    named = stdin_name and Path(stdin_name).suffix.lower() in FORMATS
    limit = MAX_JSONL_BYTES if named and format_for(Path(name)) == "jsonl" else MAX_BYTES
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit and not named and stdin_format(data, None) == "jsonl":
        data += sys.stdin.buffer.read(MAX_JSONL_BYTES - len(data) + 1)
        limit = MAX_JSONL_BYTES
    if len(data) > limit:
        yield InputProblem(name, _too_large(None, limit), code="too-large")
        return
    yield from load_source(name, data, stdin_format(data, stdin_name), rules_directory)


def _stream_jsonl(path: Path, name: str, rules_directory: Path) -> Iterator[
    Document | InputProblem
]:
    from pipeline.ingest.jsonl import load_jsonl_file

    try:
        yield from load_jsonl_file(path, name, rules_directory)
    except FileNotFoundError:
        yield InputProblem(name, "file disappeared before it could be read", code="missing")
    except PermissionError:
        yield InputProblem(name, "permission denied", code="permission")
    except OSError as exc:
        yield InputProblem(name, f"cannot read: {exc.strerror or exc}", code="input-error")


def _too_large(size: int | None, limit: int) -> str:
    what = f"file is {size / 2**20:.1f} MB" if size is not None else "input is too large"
    return (f"{what}; the limit is {limit / 2**20:.0f} MB per file (split it into articles, "
            "or into JSONL lines)")


def document_from_text(
    text: str, rules_directory: Path, id: str = "snippet", detect_title: bool = False
) -> Document:
    """A Document from a string (rule examples, tests, the Python API)."""
    document = build_text_document(
        text,
        id=id,
        source_name=f"<{id}>",
        boilerplate=load_boilerplate(rules_directory),
        detect_title=detect_title,
    )
    document.content_hash = content_hash(text)
    return document


__all__ = [
    "FORMATS",
    "IngestError",
    "InputProblem",
    "document_from_text",
    "iter_documents",
    "load_source",
]
