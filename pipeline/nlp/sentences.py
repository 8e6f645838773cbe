"""The sentences of a finished Doc as a list, built once and shared by every check.

``Doc.sents`` builds new Span objects on every iteration; the checks walk the sentences of
an article dozens of times (once per pattern), so they read this list instead. Only for
Docs the pipeline has finished with: a component that still moves sentence boundaries must
iterate ``doc.sents`` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_KEY = "medlint_sentences"


def sentence_list(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, cached on the Doc."""
    cached: list[Span] | None = doc.user_data.get(_KEY)
    if cached is None or (cached and cached[-1].end != len(doc)):
        cached = list(doc.sents)
        doc.user_data[_KEY] = cached
    return cached
