"""Check JSON data against the report's JSON Schema (``schema.json``).

Only the keywords that schema uses are understood: ``type``, ``enum``, ``const``,
``required``, ``properties``, ``additionalProperties``, ``items``, ``$ref`` (within the same
file), ``minimum``, ``maximum`` and ``pattern``. :func:`check` raises :class:`SchemaError`
naming the first place that does not fit (``findings[2].start: must be an integer``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("schema.json")

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}


class SchemaError(ValueError):
    """Data that does not fit the schema; the message says where and why."""


@cache
def report_schema() -> dict[str, Any]:
    """The JSON report's schema."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def definition(pointer: str) -> dict[str, Any]:
    """A part of the report schema by JSON pointer (``#/$defs/article``)."""
    node: Any = report_schema()
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


def _is(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:39] + "\u2026"


def check(value: Any, schema: dict[str, Any], where: str = "") -> None:
    """Raise SchemaError when ``value`` does not fit ``schema``."""
    label = where or "the value"
    if "$ref" in schema:
        check(value, definition(schema["$ref"]), where)
        return
    expected = schema.get("type")
    if expected is not None:
        names = [expected] if isinstance(expected, str) else list(expected)
        if not any(_is(value, name) for name in names):
            raise SchemaError(f"{label}: must be {' or '.join(names)}, not {_shown(value)}")
    if "const" in schema and value != schema["const"]:
        raise SchemaError(f"{label}: must be {_shown(schema['const'])}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{label}: must be one of {_shown(schema['enum'])}, not "
                          f"{_shown(value)}")
    if _is(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError(f"{label}: must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaError(f"{label}: must be at most {schema['maximum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"],
                                                                         value):
        raise SchemaError(f"{label}: {_shown(value)} does not match {schema['pattern']}")
    if isinstance(value, dict):
        _check_object(value, schema, where)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], f"{where}[{index}]")


def _check_object(value: dict[str, Any], schema: dict[str, Any], where: str) -> None:
    prefix = f"{where}." if where else ""
    for key in schema.get("required", ()):
        if key not in value:
            raise SchemaError(f"{prefix}{key}: missing")
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            check(item, properties[key], f"{prefix}{key}")
        elif extra is False:
            raise SchemaError(f"{prefix}{key}: not a known field")
        elif isinstance(extra, dict):
            check(item, extra, f"{prefix}{key}")
