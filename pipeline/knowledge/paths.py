"""Where the rules/ data lives: inside the installed wheel, or beside the source tree."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pipeline


def rules_dir() -> Path:
    """The directory that holds the YAML knowledge and rule catalog.

    A wheel carries it as ``pipeline/rules``; a source checkout (and an editable install)
    has it at the top of the repository.
    """
    package = Path(pipeline.__file__).resolve().parent
    for candidate in (package / "rules", package.parent / "rules"):
        if (candidate / "VERSION").is_file():
            return candidate
    raise FileNotFoundError(
        "medlint could not find its rules/ directory; reinstall medlint "
        "(`pip install .` from a checkout includes it in the wheel)"
    )


@lru_cache(maxsize=8)
def rules_version(directory: Path | None = None) -> str:
    """Declared version of rules/ plus a digest of every file in it.

    The digest makes the version change whenever any knowledge changes, which is what the
    result cache needs.
    """
    directory = directory or rules_dir()
    declared = (directory / "VERSION").read_text(encoding="utf-8").strip()
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".txt", ""}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return f"{declared}+{digest.hexdigest()[:12]}"
