"""Import spaCy without its command-line interface, for a quicker start.

``import spacy`` runs ``from .cli.info import info``, which imports spaCy's whole CLI
(typer, weasel, httpx, rich, jinja2: about a quarter of a second) that an audit never uses.
:func:`import_spacy` imports spaCy with a stand-in for ``spacy.cli`` and ``spacy.cli.info``
and removes the stand-ins straight afterwards, so a later ``import spacy.cli`` (or
``spacy.info()``) gets the real CLI. Anything unexpected falls back to a plain import.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_STAND_INS = ("spacy.cli.info", "spacy.cli")


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: imports the real CLI on first use."""
    return importlib.import_module("spacy.cli.info").info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """``import spacy``, skipping the CLI when spaCy has not been imported yet."""
    if "spacy" in sys.modules or any(name in sys.modules for name in _STAND_INS):
        return importlib.import_module("spacy")
    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = package
    sys.modules["spacy.cli.info"] = info
    try:
        module = importlib.import_module("spacy")
    except Exception:
        for name in ("spacy", *_STAND_INS):
            sys.modules.pop(name, None)
        return importlib.import_module("spacy")
    finally:
        for name, stand_in in (("spacy.cli", package), ("spacy.cli.info", info)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    if getattr(module, "cli", None) is package:
        delattr(module, "cli")
    return module
