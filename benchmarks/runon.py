"""Audit time of run-on sentences: does it grow linearly with the length of the sentence?

Builds articles whose whole body is one "sentence" of 1,000 to 100,000 characters with no
sentence punctuation, audits each in one process (cache off, no time budget) and prints the
CPU time of the whole audit (parse and every check family) per size, per 1,000 characters,
and the growth exponent between sizes (1.0 is linear, 2.0 quadratic). For comparison the
same is measured on ordinary prose of the same length (the same paragraphs, punctuation
kept).

Kinds of run-on (``--kinds``):

- ``prose``: the corpus paragraphs with every ``. ! ? : ; …`` and line break removed;
- ``steps``: exercise steps joined by "and" ("bend your knees slowly and hold for five
  seconds and then relax ..."), the text that made the contradiction check quadratic;
- ``commas``: steps spliced with commas ("bend your knees, hold it, relax your back, ..."):
  the parser hangs each on the one before, so the parse grows as deep as the sentence is
  long (before issue 19, 52,000 characters took 220 CPU seconds and overflowed Python's
  recursion limit in the anatomy family);
- ``dashes``: the same steps joined by " - ", where the parser may start a sentence but
  does not (medlint then forces the starts in a second pass);
- ``ordinary``: the corpus paragraphs as they are, for comparison.

    python benchmarks/runon.py [--sizes 1000,2000,5000,10000,20000,50000,100000]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import paragraphs  # noqa: E402

STEPS = ["bend your knees slowly and hold for five seconds", "then relax your back",
         "if it hurts stop and rest your shoulder",
         "keep your elbows straight while you lift your arms",
         "the quadriceps muscle straightens the knee and the hamstrings bend it",
         "lie on your back with your knees bent", "move quickly and bounce gently",
         "apply ice for twenty minutes"]
SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def _repeat(parts: list[str], joiner: str, size: int) -> str:
    out: list[str] = []
    length = 0
    index = 0
    while length < size:
        part = parts[index % len(parts)]
        out.append(part)
        length += len(part) + len(joiner)
        index += 1
    return joiner.join(out)[:size].rsplit(" ", 1)[0]


def prose_words() -> list[str]:
    """The corpus paragraphs as words, sentence punctuation removed."""
    return " ".join(re.sub(r"[.!?:;\u2026]", "", p) for p in paragraphs()).split()


def run_on(kind: str, size: int) -> str:
    """One article (title, blank line, one run-on body) of about ``size`` characters."""
    if kind == "prose":
        body = _repeat(prose_words(), " ", size)
    elif kind == "steps":
        body = _repeat(STEPS, " and ", size)
    elif kind == "commas":
        body = _repeat(["bend your knees", "hold it", "relax your back"], ", ", size)
    elif kind == "dashes":
        body = _repeat(STEPS, " - ", size)
    elif kind == "ordinary":
        body = _repeat([p.replace("\n", " ") for p in paragraphs()], "\n\n", size)
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return "A run-on article\n\n" + body + "\n"


def measure(audit: Callable[[str], tuple[int, int]], text: str) -> tuple[float, int, int]:
    """CPU seconds of one audit, its sentences and its findings."""
    start = time.process_time()
    sentences, findings = audit(text)
    return time.process_time() - start, sentences, findings


def main() -> None:
    """Print the table for every kind and size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--kinds", default="prose,steps,commas,dashes,ordinary")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]

    from pipeline.audit import Auditor
    from pipeline.config import Config
    from pipeline.ingest import document_from_text
    from pipeline.nlp.model import parse_document

    auditor = Auditor(Config(cache=False, article_timeout=0))
    auditor.audit_text("Warm up. Stretch your neck gently and stop if it hurts.")

    def audit(text: str) -> tuple[int, int]:
        document = document_from_text(text, auditor.knowledge.directory, id="runon")
        doc = parse_document(auditor.nlp, document)
        result = auditor.check(document, doc)
        assert not result.failures, result.failures
        return len(list(doc.sents)), len(result.findings)

    print(f"{'kind':<9}{'chars':>9}{'sentences':>11}{'findings':>10}{'CPU s':>9}"
          f"{'ms/1k chars':>13}{'exponent':>10}")
    for kind in options.kinds.split(","):
        previous: tuple[int, float] | None = None
        points: list[tuple[int, float]] = []
        for size in sizes:
            text = run_on(kind, size)
            seconds, sentences, findings = measure(audit, text)
            per_k = 1000 * seconds / (len(text) / 1000)
            exponent = ""
            if previous is not None and seconds > 0 and previous[1] > 0:
                growth = math.log(seconds / previous[1]) / math.log(len(text) / previous[0])
                exponent = f"{growth:.2f}"
            print(f"{kind:<9}{len(text):>9,}{sentences:>11}{findings:>10}{seconds:>9.2f}"
                  f"{per_k:>13.1f}{exponent:>10}", flush=True)
            previous = (len(text), seconds)
            points.append(previous)
        large = [p for p in points if p[0] >= 10_000]
        if len(large) >= 2:
            (c0, t0), (c1, t1) = large[0], large[-1]
            growth = math.log(t1 / t0) / math.log(c1 / c0)
            print(f"{kind:<9}growth {c0:,} -> {c1:,} characters: time x{t1 / t0:.1f} for "
                  f"x{c1 / c0:.1f} the length (exponent {growth:.2f})", flush=True)


if __name__ == "__main__":
    main()
