"""Read YAML from rules/ into pydantic models, with errors that name the file and key."""

from __future__ import annotations

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


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into :class:`KnowledgeError`."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
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
