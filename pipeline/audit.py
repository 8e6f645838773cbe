"""Run ingest -> nlp -> checks over many articles and collect the results."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pipeline
from pipeline.checks import CheckContext, discover
from pipeline.config import Config
from pipeline.document import Document
from pipeline.findings import Finding, Severity
from pipeline.ingest import InputProblem, iter_documents
from pipeline.knowledge import KnowledgeBase
from pipeline.names import shown

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from pipeline.budget import Budget
    from pipeline.cache import ResultCache
    from pipeline.parallel import WorkResult


# Results that need no audit (cache hits, input problems) held back at most while articles
# before them are being audited; see Auditor.iter_results.
HELD_RESULTS = 256
# Audited, unreported, before the first article (Auditor.warm_up).
WARM_UP_TEXT = ("Warm up\n\nThe knee is a hinge joint. Stretch your neck gently for 30 seconds "
                "and stop if it hurts. Take 2 tablets of paracetamol every 4 hours, and see "
                "your doctor if the pain does not improve.\n")
SPLIT_NOTE = ("some sentences ran on for more than 150 words without a full stop; the checks "
              "read them in parts of at most 250 words, so a finding that needs the whole "
              "sentence may be missed there")


@dataclass
class ArticleResult:
    """Findings and scores for one article."""

    document: Document
    findings: list[Finding]
    scores: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    # why the article could not be audited within its time budget (then no findings)
    too_complex: str | None = None

    @property
    def id(self) -> str:
        """The article's id."""
        return self.document.id

    def counts(self) -> dict[str, int]:
        """Number of findings per severity label."""
        result = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            result[finding.severity.label] += 1
        return result

    def to_dict(self) -> dict[str, Any]:
        """JSON form of one article (see docs/json-schema.json)."""
        d = self.document
        return {
            "id": d.id,
            "source": shown(d.source),
            "format": d.format,
            "title": d.title,
            "metadata": d.metadata,
            "content_hash": d.content_hash,
            "text": d.text,
            "blocks": [{"kind": b.kind, "start": b.start, "end": b.end, "level": b.level,
                        **({"ordered": True} if b.ordered else {})} for b in d.blocks],
            "scores": self.scores,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class RunResult:
    """Everything one ``medlint audit`` produced."""

    articles: list[ArticleResult]
    problems: list[InputProblem]
    metadata: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def findings_at_or_above(self, level: Severity) -> int:
        """How many findings reach ``level``."""
        return sum(1 for a in self.articles for f in a.findings if f.severity >= level)


class Auditor:
    """Holds the loaded knowledge and spaCy pipeline for one run."""

    def __init__(
        self, config: Config | None = None, knowledge: KnowledgeBase | None = None
    ) -> None:
        self.config = config or Config()
        self.knowledge = knowledge or KnowledgeBase()
        self._nlp: Language | None = None
        self.families = discover()
        self.notes: list[str] = []
        # Per-run resources a check family sets up once (e.g. the LanguageTool client).
        self.run_state: dict[str, Any] = {}
        self._superseded_by: dict[str, frozenset[str]] | None = None
        self._warm = False

    @property
    def superseded_by(self) -> dict[str, frozenset[str]]:
        """Rule id -> the more specific rules that win over it on the same words."""
        if self._superseded_by is None:
            self._superseded_by = self.knowledge.catalog.superseded_by()
        return self._superseded_by

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            from pipeline.nlp.model import load_pipeline

            self._nlp = load_pipeline(self.config.model, self.knowledge.directory)
        return self._nlp

    def run_metadata(self) -> dict[str, Any]:
        """medlint, model and rules versions, for reports and the cache key.

        Read from the model package's metadata, so a fully cached run never loads spaCy.
        """
        from importlib.metadata import version

        from pipeline.cache import model_identity

        return {
            "medlint_version": pipeline.__version__,
            "model": {**model_identity(self.config.model), "spacy": version("spacy")},
            "rules_version": self.knowledge.version,
            "config": {"fail_on": self.config.fail_on, "target_grade": self.config.target_grade,
                       "source": self.config.source},
        }

    def check(self, document: Document, doc: Doc, budget: Budget | None = None
              ) -> ArticleResult:
        """Run every check family over one parsed article (checking ``budget`` between
        families)."""
        ctx = CheckContext(document=document, doc=doc, knowledge=self.knowledge,
                           config=self.config, notes=self.notes, run_state=self.run_state)
        if doc.user_data.get("medlint_split_sentences"):
            self._note(SPLIT_NOTE)
        findings: list[Finding] = []
        failures: list[str] = list(doc.user_data.get("medlint_reader_failures", ()))
        for family in self.families:
            if budget is not None:
                budget.check()
            try:
                produced = list(family.run(ctx))
            except Exception as exc:  # one broken check must not lose the other findings
                failures.append(f"check family {family.name!r} failed: "
                                f"{type(exc).__name__}: {exc}")
                continue
            for finding in produced:
                if ctx.enabled(finding.rule) and not _suppressed(document, finding):
                    findings.append(finding)
        findings = supersede(_dedupe(findings), self.superseded_by)
        findings.sort(key=Finding.sort_key)
        return ArticleResult(document=document, findings=findings, scores=ctx.scores,
                             failures=failures)

    def audit_documents(self, documents: Iterable[Document]) -> Iterator[ArticleResult]:
        """Parse and check each article within its time budget, streaming results. An
        article over its budget comes back with ``too_complex`` set and no findings; one
        the spaCy pipeline fails on, with the failure in ``failures``."""
        from pipeline.budget import TooComplex, time_budget

        nlp = self.nlp  # loaded before any budget starts
        for document in documents:
            if not self._warm:
                self.warm_up(nlp)
            try:
                with time_budget(self.config.article_timeout) as budget:
                    result = self._audit_one(nlp, document, budget)
            except TooComplex as exc:
                result = ArticleResult(document, [], {}, too_complex=str(exc))
            yield result

    def warm_up(self, nlp: Language) -> None:
        """Audit a short built-in text, unreported, so that what readers and checks load on
        first use (word lists, the spelling dictionary, readability tables: about 1 CPU s)
        is loaded before the first article's time budget starts, not charged to it. No
        notes, no LanguageTool."""
        from pipeline.checks.grammar import STATE_KEY
        from pipeline.grammar.backend import NOT_CONFIGURED, Backend
        from pipeline.ingest import document_from_text
        from pipeline.nlp.model import parse_document

        self._warm = True
        document = document_from_text(WARM_UP_TEXT, self.knowledge.directory, id="warm-up")
        try:
            doc = parse_document(nlp, document)
        except Exception:  # the article that follows reports what is wrong
            return
        ctx = CheckContext(document=document, doc=doc, knowledge=self.knowledge,
                           config=self.config, notes=[], run_state={
                               STATE_KEY: Backend(None, NOT_CONFIGURED, show_note=False)})
        for family in self.families:
            try:
                list(family.run(ctx))
            except Exception:  # a failing family fails again on the article, reported there
                continue
        _ = self.superseded_by

    def _audit_one(self, nlp: Language, document: Document, budget: Budget) -> ArticleResult:
        from pipeline.nlp.model import parse_document

        try:
            doc = parse_document(nlp, document)
        except Exception as exc:  # one article spaCy cannot parse must not end the run
            return ArticleResult(document, [], {}, failures=[
                f"the spaCy pipeline failed: {type(exc).__name__}: {exc}"])
        return self.check(document, doc, budget)

    def audit_text(self, text: str, id: str = "snippet", detect_title: bool = False
                   ) -> ArticleResult:
        """Audit one string (rule examples, the Python API)."""
        from pipeline.ingest import document_from_text

        document = document_from_text(text, self.knowledge.directory, id=id,
                                      detect_title=detect_title)
        return next(iter(self.audit_documents([document])))

    def iter_results(
        self, inputs: Iterable[str], cache: ResultCache | None = None,
        stdin_name: str | None = None,
    ) -> Iterator[ArticleResult | InputProblem]:
        """Audit files, directories and ``-`` as a stream: one ArticleResult per article (or
        an InputProblem in its place), in input order. Uses the cache when given, and worker
        processes or Dask when the configuration asks for them.

        Results that need no audit (cache hits, input problems) are yielded as soon as every
        article before them is done. While articles are in the backend, such results wait in
        a queue; a run of more than ``HELD_RESULTS`` of them ends the backend's input, the
        backend finishes what it has, the queue is emptied, and a new backend run starts at
        the next article to audit. Memory therefore stays bounded on a re-run of a large,
        mostly cached archive. ``stdin_name`` (``--stdin-filename``) names ``-``."""
        items = iter(iter_documents(inputs, self.knowledge.directory,
                                    self.config.include, self.config.exclude,
                                    stdin_name=stdin_name))
        pending: deque[Document | InputProblem | _Cached] = deque()

        def settled(item: Document | InputProblem) -> InputProblem | _Cached | None:
            if isinstance(item, InputProblem):
                return item
            if cache is not None:
                hit = cache.get(item)
                if hit is not None:
                    findings, scores, notes = hit
                    return _Cached(item, findings, scores, notes)
            return None

        def misses(first: Document) -> Iterator[Document]:
            pending.append(first)
            yield first
            held = 0
            for item in items:
                done = settled(item)
                if done is None:
                    assert isinstance(item, Document)
                    held = 0
                    pending.append(item)
                    yield item
                    continue
                pending.append(done)
                held += 1
                if held >= HELD_RESULTS:
                    return

        def flush() -> Iterator[ArticleResult | InputProblem]:
            while pending and not isinstance(pending[0], Document):
                head = pending.popleft()
                assert not isinstance(head, Document)
                yield self._settled_result(head)

        while True:
            first: Document | None = None
            for item in items:
                done = settled(item)
                if done is None:
                    assert isinstance(item, Document)
                    first = item
                    break
                yield self._settled_result(done)
            if first is None:
                return
            for document, (findings, scores, notes, failures, too_complex) in self._backend(
                    misses(first)):
                for note in notes:
                    self._note(note)
                yield from flush()
                head = pending.popleft()
                assert head is document
                if too_complex is not None:
                    yield InputProblem(document.source, too_complex, code="too-complex")
                    continue
                if cache is not None and not failures:
                    cache.put(document, findings, scores, self.notes)
                yield ArticleResult(document, findings, scores, failures)
                for failure in failures:
                    yield InputProblem(document.source, f"internal error, findings may be "
                                       f"incomplete: {failure}", code="check-error")
            yield from flush()
            assert not pending

    def _settled_result(self, item: InputProblem | _Cached) -> ArticleResult | InputProblem:
        """The result of an input that needed no audit (an input problem or a cache hit)."""
        if isinstance(item, InputProblem):
            return item
        for note in item.notes:
            self._note(note)
        return ArticleResult(item.document, item.findings, item.scores)

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def _backend(
        self, documents: Iterator[Document]
    ) -> Iterator[tuple[Document, WorkResult]]:
        """Where NLP and checks run: here, in worker processes, or on Dask. Nothing is
        loaded or started until there is a document to audit (a re-run whose articles all
        come from the cache never loads the spaCy model)."""
        from pipeline import parallel

        first = next(documents, None)
        if first is None:
            return
        documents = itertools.chain([first], documents)
        if self.config.dask is not None:
            scheduler = None if self.config.dask == "local" else self.config.dask
            yield from parallel.audit_on_dask(self.config, documents, scheduler,
                                              self.config.jobs)
        elif self.config.jobs > 1:
            yield from parallel.audit_in_processes(self.config, documents, self.config.jobs)
        else:
            for article in self.audit_documents(documents):
                yield article.document, (article.findings, article.scores, list(self.notes),
                                         article.failures, article.too_complex)

    def audit_paths(self, inputs: Iterable[str], cache: ResultCache | None = None,
                    stdin_name: str | None = None) -> RunResult:
        """Audit everything and collect it (reports that need the whole run)."""
        started = _now()
        articles: list[ArticleResult] = []
        problems: list[InputProblem] = []
        for item in self.iter_results(inputs, cache, stdin_name=stdin_name):
            if isinstance(item, InputProblem):
                problems.append(item)
            else:
                articles.append(item)
        metadata = self.run_metadata()
        metadata["started"] = started
        metadata["finished"] = _now()
        return RunResult(articles=articles, problems=problems, metadata=metadata,
                         notes=list(self.notes))


@dataclass
class _Cached:
    """A cache hit waiting for its turn in the output order."""

    document: Document
    findings: list[Finding]
    scores: dict[str, Any]
    notes: list[str]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _suppressed(document: Document, finding: Finding) -> bool:
    return any(s.covers(finding.rule, finding.start, finding.end) for s in document.suppressions)


def supersede(findings: list[Finding], superseded_by: dict[str, frozenset[str]]
              ) -> list[Finding]:
    """Drop each finding that a finding of a more specific rule (one whose ``supersedes``
    names its rule) reports on the same words: overlapping spans, or both about the whole
    article. One problem, one finding; the more specific name wins."""
    if not superseded_by:
        return findings

    def same_place(a: Finding, b: Finding) -> bool:
        if a.start is None or b.start is None:
            return a.start is None and b.start is None
        assert a.end is not None and b.end is not None
        return (a.start < b.end and b.start < a.end) or a.start == b.start

    return [f for f in findings
            if not any(g.rule in superseded_by.get(f.rule, ()) and same_place(f, g)
                       for g in findings)]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop repeats: the same rule on the same span, or on overlapping words (two readers of
    one sentence, "Stop your tablets" and "Stop your tablets."), keeps the first."""
    seen: set[tuple[object, ...]] = set()
    spans: dict[str, list[tuple[int, int]]] = {}
    result = []
    for finding in findings:
        key = (finding.rule, finding.start, finding.end, finding.kind, finding.message)
        if key in seen:
            continue
        if finding.start is not None and finding.end is not None and finding.kind is None:
            start, end = finding.start, finding.end
            if any(start < e and s < end for s, e in spans.get(finding.rule, ())):
                continue
            spans.setdefault(finding.rule, []).append((start, end))
        seen.add(key)
        result.append(finding)
    return result
