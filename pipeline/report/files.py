"""Write report files safely.

- A regular file (or a name that does not exist yet) is written atomically: a temporary file
  in the same directory, then a rename, so an interrupted run never leaves a half-written
  report, and the temporary file is removed on any error or interruption.
- A name that is not a regular file (a device such as ``/dev/stdout``, a FIFO) is written
  in place: replacing it by a regular file would break the system's node or the reader.
- A symbolic link is followed: its final target is written (atomically when that is a
  regular file) and the link stays.
- Any failure (a full disk, a read-only file system, a directory where a file should be)
  raises :class:`OutputError` with a one-line message naming the file.

A new report file gets the mode any new file gets (0666 less the process's umask, usually
0644), not the 0600 of the temporary file, so a web server or a colleague can read it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pipeline.names import shown


class OutputError(Exception):
    """A report cannot be written; the message says which file and why (exit code 2)."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _target(path: Path) -> tuple[Path, bool]:
    """Where writing ``path`` really goes, and whether it is to be written in place (not a
    regular file)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        # a dangling symbolic link: create its target, keep the link
        return (Path(os.path.realpath(path)) if os.path.islink(path) else path), False
    except OSError as exc:
        raise OutputError(f"cannot write to {shown(str(path))}: {_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write to {shown(str(path))}: it is a directory")
    if not stat.S_ISREG(info.st_mode):
        return path, True
    return (Path(os.path.realpath(path)) if os.path.islink(path) else path), False


class ReportHandle:
    """Text written to a report file as UTF-8; a failed write raises OutputError naming the
    file (other errors of the code that writes pass through untouched)."""

    def __init__(self, raw: IO[bytes], name: Path) -> None:
        self._raw = raw
        self._name = name

    def write(self, text: str | bytes) -> int:
        """Write ``text`` (str as UTF-8, or bytes)."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        try:
            return self._raw.write(data)
        except OSError as exc:
            raise _failed(self._name, exc) from exc

    def flush(self) -> None:
        """Flush to the operating system."""
        try:
            self._raw.flush()
        except OSError as exc:
            raise _failed(self._name, exc) from exc


def _failed(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write to {shown(str(path))}: {_reason(exc)}")


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def open_report(path: Path) -> Iterator[ReportHandle]:
    """A handle whose content becomes ``path`` when the block ends without an error (see
    the module docstring); nothing is left behind when it raises or is interrupted."""
    target, in_place = _target(path)
    if in_place:
        try:
            raw = open(target, "wb")  # noqa: SIM115 - closed below, errors named
        except OSError as exc:
            raise _failed(path, exc) from exc
        try:
            yield ReportHandle(raw, path)
            try:
                raw.flush()
            except OSError as exc:
                raise _failed(path, exc) from exc
        finally:
            with contextlib.suppress(OSError):
                raw.close()
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                         dir=target.parent)
    except OSError as exc:
        raise _failed(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as raw:
            yield ReportHandle(raw, path)
            try:
                raw.flush()
                os.fchmod(raw.fileno(), 0o666 & ~current_umask())
                os.fsync(raw.fileno())
            except OSError as exc:
                raise _failed(path, exc) from exc
        try:
            os.replace(temporary, target)
        except OSError as exc:
            raise _failed(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new, never part
    (in place for devices and FIFOs; through symbolic links)."""
    with open_report(path) as handle:
        handle.write(content)


def check_writable(path: Path, directory: bool = False) -> None:
    """Before an audit: raise OutputError when a report could not be written to ``path`` (a
    file, or with ``directory`` a folder of reports): a file where a folder is needed, a
    read-only file system, no permission. Devices and FIFOs are not probed (opening a FIFO
    would wait for a reader); a full disk shows only when the report is written."""
    folder = path if directory else path.parent
    if directory:
        if path.exists() and not path.is_dir():
            raise OutputError(f"cannot write reports to {shown(str(path))}: it is a file, "
                              "not a directory")
    else:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise OutputError(f"cannot write to {shown(str(path))}: {_reason(exc)}") from exc
        if info is not None and stat.S_ISDIR(info.st_mode):
            folder = path
        elif info is not None and not stat.S_ISREG(info.st_mode):
            if not os.access(path, os.W_OK):
                raise OutputError(f"cannot write to {shown(str(path))}: permission denied")
            return
        elif os.path.islink(path):  # written through the link, to its target
            folder = Path(os.path.realpath(path)).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".medlint-probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except FileExistsError as exc:
        raise OutputError(f"cannot write to {shown(str(path))}: "
                          f"{shown(str(exc.filename or folder))} is a file, not a "
                          "directory") from exc
    except OSError as exc:
        raise OutputError(f"cannot write to {shown(str(path))}: {_reason(exc)}") from exc
