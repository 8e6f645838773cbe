"""Read YAML from rules/ into pydantic models, with errors that name the file and key."""

from __future__ import annotations

import copy
import hashlib
import marshal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.cachedir import cached_marshal

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base for every knowledge model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KnowledgeError(Exception):
    """A file in rules/ is malformed. The message names the file and what to fix."""


# libyaml's C parser when PyYAML has it (about ten times faster than the pure-Python one).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Bump when the parse itself changes (another YAML loader, say) so old cache entries go unused.
YAML_CACHE_FORMAT = "yaml1"


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into :class:`KnowledgeError`.

    Every call returns a fresh copy (callers may keep or change it). Parsing is done once per
    file content: the parsed data is kept in the cache directory as marshal bytes keyed by a
    hash of the file, and in memory keyed by path, size and modification time, so a run
    reads its knowledge in milliseconds instead of parsing the YAML again.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc
    parsed = _parse(path.resolve(), stat.st_size, stat.st_mtime_ns)
    return marshal.loads(parsed) if isinstance(parsed, bytes) else copy.deepcopy(parsed)


@lru_cache(maxsize=512)
def _parse(path: Path, _size: int, _mtime_ns: int) -> Any:
    """The parsed file as marshal bytes, or as objects when it holds values marshal cannot
    store (YAML timestamps, say)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()[:40]
    try:
        return cached_marshal(f"knowledge/{YAML_CACHE_FORMAT}-{digest}.marshal",
                              lambda: _parse_text(path, raw))
    except ValueError:  # not plain data: keep the objects themselves
        return _parse_text(path, raw)


def _parse_text(path: Path, raw: bytes) -> Any:
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_Loader)
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path}: cannot read: not UTF-8 ({exc})") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: invalid YAML: {exc}") from exc


def load_model(path: Path, model: type[M]) -> M:
    """Load ``path`` and validate it as ``model``."""
    data = read_yaml(path)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<top>'}: {err['msg']}"
            for err in exc.errors()
        )
        raise KnowledgeError(f"{path}: {problems}") from exc


def load_models(directory: Path, model: type[M], pattern: str = "*.yaml") -> list[tuple[Path, M]]:
    """Load every file matching ``pattern`` in ``directory`` (sorted, so results are stable)."""
    return [(path, load_model(path, model)) for path in sorted(directory.glob(pattern))]
