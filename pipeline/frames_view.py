"""``medlint frames``: show the claim frames medlint reads, one sentence at a time.

The tool a newcomer (or a rule author) uses to see why something was or was not found, like
``spacy debug`` or displaCy: every frame with its type, words, character offsets, slots and
context (docs/frames.md), as text or as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.document import Document
from pipeline.ingest import InputProblem, iter_documents
from pipeline.knowledge import KnowledgeBase
from pipeline.names import shown

#: Version of the JSON form below (its major number changes only when a field is removed or
#: changes meaning).
SCHEMA_VERSION = "1.0"


def article_frames(document: Document, nlp: Any, types: frozenset[str] = frozenset()
                   ) -> dict[str, Any]:
    """One article's sentences with their frames, as a JSON-ready dict."""
    from pipeline.nlp.frames import frames_of
    from pipeline.nlp.model import make_doc
    from pipeline.nlp.sentences import sentence_list

    doc = nlp(make_doc(nlp, document))
    text = document.text
    frames = [f for f in frames_of(doc) if not types or f.type in types]
    sentences = []
    for index, sent in enumerate(sentence_list(doc)):
        inside = [f for f in frames if f.sentence == index]
        line, column = document.source_map.position(sent.start_char)
        sentences.append({
            "index": index, "start": sent.start_char, "end": sent.end_char,
            "line": line, "column": column, "text": sent.text.strip(),
            "frames": [f.to_dict(text) for f in inside],
        })
    return {"id": document.id, "source": shown(document.source), "format": document.format,
            "sentences": sentences,
            "counts": {t: sum(1 for f in frames if f.type == t) for t in sorted(
                {f.type for f in frames})}}


def read_frames(inputs: Iterable[str], knowledge: KnowledgeBase, nlp: Any,
                types: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """Every input's frames (or its input problem) in order."""
    for item in iter_documents(inputs, knowledge.directory):
        if isinstance(item, InputProblem):
            yield {"error": item.to_dict()}
        else:
            yield article_frames(item, nlp, types)


def format_text(article: dict[str, Any], all_sentences: bool = False) -> str:
    """An article's frames as readable text: each sentence, then its frames."""
    lines = [f"{article['source']}"]
    for sentence in article["sentences"]:
        if not sentence["frames"] and not all_sentences:
            continue
        lines.append(f"  [{sentence['index']}] {sentence['line']}:{sentence['column']}  "
                     f"{_short(sentence['text'], 110)}")
        for frame in sentence["frames"]:
            slots = "; ".join(f"{k}={_slot(v)}" for k, v in frame["slots"].items())
            context = f"  ({', '.join(frame['context'])})" if frame["context"] else ""
            lines.append(f"      {frame['type']:<11} {frame['start']}-{frame['end']} "
                         f"“{_short(frame['text'], 60)}”{context}")
            if slots:
                lines.append(f"          {slots}")
    if len(lines) == 1:
        lines.append("  (no frames)")
    return "\n".join(lines)


def _slot(value: Any) -> str:
    if isinstance(value, dict):
        extra = ", ".join(f"{k}={v}" for k, v in value.items()
                          if k in ("concept", "kind", "lemma") and v)
        return f"“{value.get('text', '')}”" + (f" [{extra}]" if extra else "")
    if isinstance(value, list):
        return "[" + ", ".join(_slot(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
