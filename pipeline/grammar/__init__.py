"""Grammar and spelling: a LanguageTool client, the choice of backend for a run, and a few
built-in checks that work offline.

LanguageTool is reached over its HTTP API (``POST /v2/check``): a server given by the
``languagetool-url`` setting or ``MEDLINT_LANGUAGETOOL_URL``, or a LanguageTool already
installed on this machine that language-tool-python starts when ``languagetool.local = true``.
medlint never downloads LanguageTool during an audit.
"""

from __future__ import annotations

from pipeline.grammar.backend import Backend, resolve_backend
from pipeline.grammar.languagetool import LanguageToolClient, LanguageToolError, LTMatch

__all__ = ["Backend", "LTMatch", "LanguageToolClient", "LanguageToolError", "resolve_backend"]
