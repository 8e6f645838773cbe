"""Which LanguageTool a run uses, decided once per run, and the plain note when there is none.

Order: the ``languagetool.url`` setting, then ``MEDLINT_LANGUAGETOOL_URL``, then (only when
``languagetool.local = true``) a LanguageTool already installed where language-tool-python keeps
it, started with Java. Nothing is ever downloaded here.

The note is one short line. When no LanguageTool is configured at all, ``languagetool.note =
false`` silences it; a LanguageTool that was asked for but could not be used is always noted.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import ENV_LANGUAGETOOL_URL, Config
from pipeline.grammar.languagetool import LanguageToolClient, LanguageToolError

ENV_URL = ENV_LANGUAGETOOL_URL
NOT_CONFIGURED = "no LanguageTool is configured"
HOW_TO_ENABLE = f"set languagetool.url or {ENV_URL} (languagetool.note = false hides this)"


@dataclass
class Backend:
    """The LanguageTool client for this run, or why there is none."""

    client: LanguageToolClient | None
    description: str
    problem: str | None = None
    handle: Any = None  # the language_tool_python.LanguageTool that owns a local server
    answered: bool = False  # the server has answered at least once this run
    show_note: bool = True  # False: languagetool.note = false (only for "not configured")

    @property
    def available(self) -> bool:
        """True when grammar can be checked with LanguageTool."""
        return self.client is not None and self.problem is None

    def fail(self, problem: str) -> None:
        """Mark the backend unusable for the rest of the run (one failure, not one per
        article)."""
        self.problem = problem
        self.client = None

    def failed(self, error: LanguageToolError) -> None:
        """The server gave no usable answer: unreachable from the start, or stopped."""
        where = self.client.url if self.client is not None else "the configured URL"
        if error.unreachable and not self.answered:
            self.fail(f"the LanguageTool server at {where} could not be reached "
                      f"({error.reason})")
        elif self.answered:
            self.fail(f"the LanguageTool server at {where} stopped answering ({error})")
        else:
            self.fail(f"the LanguageTool server at {where} gave no usable answer ({error})")

    def note(self) -> str | None:
        """The one-line run-level note when LanguageTool was not used (None: silenced)."""
        reason = self.problem or self.description
        if reason == NOT_CONFIGURED:
            if not self.show_note:
                return None
            return f"Grammar not checked by LanguageTool: {HOW_TO_ENABLE}."
        return f"Grammar not checked by LanguageTool: {reason}; built-in checks only."


def resolve_backend(config: Config, disabled_rules: Sequence[str] = (),
                    disabled_categories: Sequence[str] = ()) -> Backend:
    """Pick the LanguageTool for a run from ``config`` and the environment."""
    disabled = [r for r in (*disabled_rules, *config.languagetool_disable)
                if r not in config.languagetool_enable]
    options: dict[str, Any] = {
        "disabled_rules": disabled,
        "enabled_rules": list(config.languagetool_enable),
        "disabled_categories": [c for c in disabled_categories
                                if c not in config.languagetool_enable],
    }
    url = config.languagetool_url or os.environ.get(ENV_URL, "").strip()
    if url:
        client = LanguageToolClient(url, **options)
        return Backend(client, f"LanguageTool server at {client.url}")
    if not config.languagetool_local:
        return Backend(None, NOT_CONFIGURED, show_note=config.languagetool_note)
    return _local_backend(options)


def installed_versions(folder: Path | None = None) -> list[tuple[str, Path]]:
    """LanguageTool versions present in language-tool-python's folder (``LTP_PATH`` or
    ``~/.cache/language_tool_python``), newest first, without creating the folder."""
    folder = folder or Path(os.environ.get("LTP_PATH",
                                           str(Path.home() / ".cache" / "language_tool_python")))
    found: list[tuple[str, Path]] = []
    if not folder.is_dir():
        return found
    for path in folder.glob("LanguageTool-*"):
        match = re.fullmatch(r"LanguageTool-(\d+\.\d+|\d{8}|latest)", path.name)
        jars = [path / "languagetool-server.jar", path / "languagetool.jar"]
        if match and path.is_dir() and any(j.is_file() for j in jars):
            found.append((match.group(1), path))

    def key(item: tuple[str, Path]) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", item[0])) or (0,)

    return sorted(found, key=key, reverse=True)


def _local_backend(options: dict[str, Any]) -> Backend:
    if shutil.which("java") is None:
        return Backend(None, "languagetool.local is set but Java is not installed")
    versions = installed_versions()
    if not versions:
        return Backend(None, "languagetool.local is set but LanguageTool is not installed "
                             "(medlint never downloads it during an audit)")
    version, _path = versions[0]
    try:
        import language_tool_python

        # The version is installed, so language-tool-python starts it without downloading.
        tool = language_tool_python.LanguageTool(
            "en-US", language_tool_download_version=version)
    except Exception as exc:
        return Backend(None, f"the local LanguageTool {version} did not start ({exc})")
    url = str(tool.url)
    client = LanguageToolClient(url, **options)
    return Backend(client, f"local LanguageTool {version}", handle=tool)
