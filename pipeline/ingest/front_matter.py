"""YAML front matter (``---`` ... ``---`` at the top of a Markdown file), read within limits.

YAML aliases let 300 bytes stand for billions of values ("billion laughs": each anchor lists
the previous one ten times). PyYAML builds such a document as shared references, but
anything that copies it (metadata for a report, a cache key) expands every alias. The front
matter is therefore composed first, its expanded size counted over the node graph (each
shared node once, with its multiplicity), and refused as an input error when it is too big,
refers to itself or is nested too deeply; only then is it built into Python values.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from pipeline.ingest.errors import IngestError
from pipeline.ingest.values import metadata_value

FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Front matter is a few lines of metadata; more than this is something else.
MAX_CHARS = 64 * 1024
# Values (scalars, lists, tables) the front matter may stand for once aliases are expanded.
MAX_VALUES = 10_000


def front_matter(source: str) -> tuple[dict[str, Any], int]:
    """The parsed YAML front matter and where the body starts (0 when there is none).
    Front matter that is not a YAML mapping is left in the text; front matter over the
    limits raises :class:`IngestError`."""
    match = FRONT_MATTER.match(source)
    if not match:
        return {}, 0
    raw = match.group(1) or ""
    if len(raw) > MAX_CHARS:
        raise IngestError(f"YAML front matter is {len(raw):,} characters; the limit is "
                          f"{MAX_CHARS:,}", code="front-matter")
    loader = yaml.SafeLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, 0
        _check_size(node)
        data = loader.construct_document(node)
    except yaml.YAMLError:
        return {}, 0
    except RecursionError as exc:
        raise IngestError("YAML front matter is nested too deeply to read",
                          code="front-matter") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return {}, 0
    return {str(k): metadata_value(v) for k, v in data.items()}, match.end()


def _check_size(root: yaml.Node) -> None:
    """Raise IngestError when ``root`` expands to more than MAX_VALUES values or contains
    itself. Iterative, each node visited once: shared (aliased) nodes are counted by
    multiplicity from a memo, never walked again."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_VALUES:
                raise IngestError(
                    f"YAML front matter expands to more than {MAX_VALUES:,} values (aliases "
                    "that repeat aliases); not article metadata", code="front-matter")
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise IngestError("YAML front matter refers to itself (a recursive alias)",
                              code="front-matter")
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise IngestError("YAML front matter refers to itself (a recursive alias)",
                                  code="front-matter")
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
