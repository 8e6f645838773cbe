"""``--changed-since REF``: narrow the inputs to files that git says changed since REF.

Changed means: different between REF and the working tree (committed, staged or not), or new
and untracked (but not ignored). Deleted files are left out: there is nothing to audit.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from pipeline.ingest import InputProblem, iter_paths
from pipeline.names import absolute


class ChangesError(Exception):
    """git could not answer (not a repository, unknown ref, git missing)."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                check=False, timeout=60)
    except FileNotFoundError as exc:
        raise ChangesError("--changed-since needs git, which is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise ChangesError("git did not answer within 60 seconds") from exc
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        raise ChangesError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return result.stdout


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Absolute paths of files changed since ``ref`` (plus untracked files)."""
    where = (cwd or Path.cwd()).resolve()
    if ref.startswith("-"):
        raise ChangesError(f"{ref!r} is not a git reference")
    top = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], where)
    names = _git(["diff", "--name-only", "-z", "--diff-filter=ACMRT", ref, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    result = set()
    for name in (*names.split("\0"), *untracked.split("\0")):
        if name:
            result.add(absolute(top / name))  # a changed link loop must not raise
    return result


def select_changed(inputs: Iterable[str], ref: str, include: Iterable[str] = (),
                   exclude: Iterable[str] = (), cwd: Path | None = None) -> list[str]:
    """The inputs narrowed to changed files (directories expanded with the include/exclude
    globs); missing inputs, changed files that cannot be read and ``-`` are kept so that
    they are reported as usual."""
    changed = changed_files(ref, cwd)
    selected: list[str] = []
    for item in iter_paths(inputs, include, exclude):
        if isinstance(item, InputProblem):
            # missing inputs, and changed files that cannot be read (a link loop), are
            # reported as usual
            if item.code == "missing" or absolute(item.source) in changed:
                selected.append(item.source)
        elif isinstance(item, str):
            selected.append(item)
        elif absolute(item) in changed:
            selected.append(str(item))
    return selected
