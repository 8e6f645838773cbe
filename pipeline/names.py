r"""File names and other untrusted strings, shown safely and normalised without surprises.

A file name is whatever bytes the file system holds: Python carries bytes that are not UTF-8
as lone surrogates (``caf\udce9.txt``), and a name may hold a newline, an escape sequence or
a bidi override. medlint keeps the name as it came (so it can open the file again, match it
in a baseline, or percent-encode it into a URI), and prints it through :func:`shown`: one
line of printable text, valid Unicode, with every such character written as an escape. A
message line built from shown names can never start a second line, a GitHub workflow command
or a terminal control sequence.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Categories written as escapes: controls, format characters (bidi overrides, zero-width
# marks), line and paragraph separators, surrogates, unassigned code points.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def needs_escape(ch: str) -> bool:
    """Whether ``ch`` is written as an escape by :func:`shown`."""
    return unicodedata.category(ch) in _ESCAPED_CATEGORIES


def shown(value: str) -> str:
    r"""``value`` as it may be printed anywhere: bytes that were not UTF-8 as ``\xNN``,
    line breaks and tabs as ``\n``, ``\r``, ``\t``, other control, format (bidi) and
    separator characters as ``\xNN`` / ``\uNNNN``. Everything else is kept, so an
    ordinary name (``mal de dos — ñandú.txt``) is shown as it is. Idempotent."""
    if value.isprintable() and not any(needs_escape(ch) for ch in value):
        return value
    return "".join(_escape(ch) if needs_escape(ch) else ch for ch in value)


def absolute(path: str | Path) -> Path:
    """``path`` made absolute and resolved where the file system allows: a symbolic link
    loop (which makes :meth:`Path.resolve` raise) or an unreadable directory leaves the
    rest of the path as written, normalised lexically."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def relative_to_cwd(path: str | Path) -> str | None:
    """``path`` relative to the working directory with ``/`` separators, or ``None`` when
    it lies outside it."""
    try:
        relative = os.path.relpath(absolute(path), absolute(Path.cwd()))
    except (OSError, ValueError):
        return None
    if relative == ".." or relative.startswith(".." + os.sep):
        return None
    return Path(relative).as_posix()
