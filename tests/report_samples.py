"""Hand-made audit runs for the report tests: no spaCy, no check families, every shape of
finding (span, related span, document-level, every severity) and an input problem."""

from __future__ import annotations

from pipeline.audit import ArticleResult, RunResult
from pipeline.document import Document, DocumentBuilder
from pipeline.findings import Finding, RelatedSpan, Severity
from pipeline.ingest import InputProblem

TITLE = "Upper back pain: exercises"
PARAS = [
    "The upper back is the area between the neck and the waist.",
    "Lie face down and pull your knees to your chest. Stretch slowly and gently.",
    "Bounce quickly into each stretch. Push through the pain until it stops.",
]


def build_document(title: str = TITLE, paras: list[str] | None = None, source: str = "a.txt",
                   id: str = "a") -> Document:
    paras = PARAS if paras is None else paras
    source_text = "\n\n".join([title, *paras]) + "\n"
    builder = DocumentBuilder(source_text)
    builder.add_block("title", title, 0)
    offset = len(title) + 2
    for para in paras:
        builder.add_block("paragraph", para, offset)
        offset += len(para) + 2
    return builder.build(id=id, source=source, format="text")


def span_finding(document: Document, rule: str, category: str, quote: str,
                 severity: Severity = Severity.ERROR, related: str | None = None,
                 **extra: object) -> Finding:
    start = document.text.index(quote)
    end = start + len(quote)
    line, column = document.source_map.position(start)
    end_line, end_column = document.source_map.end_position(end)
    rel: tuple[RelatedSpan, ...] = ()
    if related:
        r = document.text.index(related)
        rline, rcol = document.source_map.position(r)
        rel = (RelatedSpan(r, r + len(related), related, rline, rcol, "conflicts with this"),)
    return Finding(rule=rule, category=category, severity=severity,
                   message=str(extra.pop("message", f"{rule} message")),
                   explanation=str(extra.pop("explanation", "Because of a fact (Source 2020).")),
                   suggestion=extra.pop("suggestion", "Write it plainly."),  # type: ignore[arg-type]
                   start=start, end=end, quote=quote, line=line, column=column,
                   end_line=end_line, end_column=end_column, related=rel,
                   references=("OpenStax Anatomy and Physiology 2e",), confidence=0.8)


def sample_article(source: str = "a.txt", id: str = "a") -> ArticleResult:
    document = build_document(source=source, id=id)
    findings = [
        Finding(rule="SAFETY-RED-FLAGS", category="safety", severity=Severity.ERROR,
                message="No warning signs that need urgent care.", kind="red-flags",
                explanation="Back pain advice needs red flags (NICE NG59).",
                suggestion="Add: get urgent help if you have chest pain or numbness."),
        span_finding(document, "ANAT-REGION", "anatomy",
                     "between the neck and the waist", Severity.ERROR),
        span_finding(document, "POSTURE-CONFLICT", "contradiction",
                     "pull your knees to your chest", Severity.WARNING,
                     related="Lie face down"),
        span_finding(document, "UNSAFE-BALLISTIC", "unsafe-advice",
                     "Bounce quickly into each stretch", Severity.ERROR),
        span_finding(document, "READ-SENTENCE-LENGTH", "readability",
                     "Push through the pain until it stops.", Severity.INFO),
    ]
    findings.sort(key=Finding.sort_key)
    scores = {"readability": {"flesch_reading_ease": 70.1, "flesch_kincaid_grade": 6.2,
                              "smog_index": 7.9, "grade": 7.1, "target_grade": 8.0,
                              "words": 40}}
    return ArticleResult(document=document, findings=findings, scores=scores)


def sample_run(articles: int = 1, problems: bool = False) -> RunResult:
    result = [sample_article()]
    for n in range(1, articles):
        document = build_document(title=f"Article {n}", paras=[f"Clean text number {n}."],
                                  source=f"dir/b{n}.txt", id=f"b{n}")
        result.append(ArticleResult(document=document, findings=[],
                                    scores={"readability": {"grade": 3.0 + n}}))
    return RunResult(
        articles=result,
        problems=[InputProblem("broken.bin", "binary file (not text)", "binary")]
        if problems else [],
        metadata={"medlint_version": "0.1.0", "rules_version": "test",
                  "model": {"name": "m", "version": "1"},
                  "started": "2026-01-01T00:00:00+00:00",
                  "finished": "2026-01-01T00:00:01+00:00",
                  "config": {"fail_on": "error", "target_grade": 8.0, "source": None}},
    )
