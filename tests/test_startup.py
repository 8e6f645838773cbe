"""Start-up stays lean: textstat comes without NLTK, and NLTK still works when asked for."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from pipeline.nlp.textstat_offline import textstat
ts = textstat()
assert "nltk" not in sys.modules, "textstat pulled in NLTK"
assert ts.syllable_count("shoulder") == 2
import nltk
assert type(nltk).__name__ == "module" and hasattr(nltk, "__version__")
"""


def test_textstat_does_not_import_nltk() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


LEAN_SPACY = """
import sys
from pipeline.nlp.spacy_lean import import_spacy
spacy = import_spacy()
assert "spacy.cli" not in sys.modules, "spaCy's CLI was imported"
nlp = spacy.blank("en")
assert [t.text for t in nlp("Lie down.")] == ["Lie", "down", "."]
from spacy.cli import download  # the real CLI still loads when asked for
import spacy.cli
assert callable(download) and spacy.cli.__file__
"""


def test_spacy_imports_without_its_cli() -> None:
    result = subprocess.run([sys.executable, "-c", LEAN_SPACY], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
