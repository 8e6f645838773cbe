"""Read YAML from rules/ into pydantic models, with errors that name the file and key."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base for every knowledge model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KnowledgeError(Exception):
    """A file in rules/ is malformed. The message names the file and what to fix."""


# libyaml's C parser when PyYAML has it (about ten times faster than the pure-Python one).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into :class:`KnowledgeError`.

    Parsed files are kept (keyed by path, size and modification time), so families that read
    the same knowledge (the anatomy lexicon, say) parse it once per process. Callers must
    not mutate the result; pydantic models copy what they keep.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc
    return copy.deepcopy(_parse(path.resolve(), stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=512)
def _parse(path: Path, _size: int, _mtime_ns: int) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: invalid YAML: {exc}") from exc
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc


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
