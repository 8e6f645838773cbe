"""Readability: textstat grade levels against the target, and overlong sentences."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.findings import Finding
from pipeline.nlp.textstat_offline import textstat

LONG_SENTENCE_WORDS = 30
MIN_WORDS_FOR_GRADE = 30


def measure(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade and SMOG for ``text``."""
    ts = textstat()
    return {
        "flesch_reading_ease": round(float(ts.flesch_reading_ease(text)), 1),
        "flesch_kincaid_grade": round(float(ts.flesch_kincaid_grade(text)), 1),
        "smog_index": round(float(ts.smog_index(text)), 1),
    }


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Score the article body and flag a grade above target and very long sentences."""
    body = "\n\n".join(ctx.document.text[b.start : b.end] for b in ctx.document.body_blocks
                       if b.kind in ("paragraph", "list_item", "quote"))
    words = len(body.split())
    scores = measure(body) if words else {}
    if scores:
        scores["grade"] = round((scores["flesch_kincaid_grade"] + scores["smog_index"]) / 2, 1)
        scores["target_grade"] = ctx.config.target_grade
        scores["words"] = words
        scores["formulas"] = "grade = mean(Flesch-Kincaid grade, SMOG); textstat"  # type: ignore[assignment]
    ctx.scores["readability"] = scores
    if scores and words >= MIN_WORDS_FOR_GRADE and scores["grade"] > ctx.config.target_grade + 1:
        yield ctx.finding(
            "READ-GRADE",
            message=(f"The article reads at about grade {scores['grade']:.0f}; the target is "
                     f"grade {ctx.config.target_grade:.0f}."),
            explanation=(
                f"Flesch-Kincaid grade {scores['flesch_kincaid_grade']}, SMOG "
                f"{scores['smog_index']}, Flesch reading ease {scores['flesch_reading_ease']}. "
                + ctx.knowledge.catalog["READ-GRADE"].rationale
            ),
        )
    for sent in ctx.doc.sents:
        n = sum(1 for t in sent if t.is_alpha)
        if n > LONG_SENTENCE_WORDS:
            yield ctx.finding(
                "READ-SENTENCE-LENGTH", sent.start_char, sent.end_char,
                message=f"This sentence has {n} words; aim for 20 or fewer.",
            )


FAMILY = CheckFamily("readability", run, order=90,
                     description="grade level against target, long sentences")
