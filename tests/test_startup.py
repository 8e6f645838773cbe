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
