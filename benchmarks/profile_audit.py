"""Where the audit's time goes: cProfile of one process, cache off, over the benchmark corpus.

Splits the run into the spaCy model's own pipes, medlint's spaCy components, and each check
family, then prints the top functions by own and cumulative time.

    python benchmarks/profile_audit.py --articles 40 [--top 30] [--stats out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import articles  # noqa: E402


def main() -> None:
    """Profile the audit and print where the time goes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--stats", type=Path, help="also save the raw pstats here")
    parser.add_argument("--no-profile", action="store_true",
                        help="only time the stages (no cProfile overhead)")
    options = parser.parse_args()

    from pipeline.audit import Auditor
    from pipeline.config import Config
    from pipeline.ingest import document_from_text
    from pipeline.nlp.model import parse

    auditor = Auditor(Config(cache=False))
    nlp = auditor.nlp
    records = list(articles(options.articles))
    documents = [document_from_text(r["text"], auditor.knowledge.directory, id=r["id"])
                 for r in records]
    words = sum(len(r["text"].split()) for r in records)
    auditor.audit_text("Warm up. Stretch your neck gently.")

    stage: dict[str, float] = defaultdict(float)
    families = auditor.families

    clock = time.process_time  # CPU time: other processes on the machine do not count

    def run() -> None:
        start = clock()
        docs = list(parse(nlp, documents))
        stage["nlp with medlint components"] += clock() - start
        for document, doc in docs:
            for family in families:
                start = clock()
                list(family.run(_context(auditor, document, doc)))
                stage[f"check {family.name}"] += clock() - start

    import spacy

    bare = spacy.load(auditor.config.model)
    list(bare.pipe(r["text"] for r in records[:3]))
    start = clock()
    for _ in bare.pipe((d.text for d in documents), batch_size=32):
        pass
    stage["bare parse (for reference)"] = clock() - start

    profiler = cProfile.Profile()
    start = clock()
    if options.no_profile:
        run()
    else:
        profiler.runcall(run)
    total = clock() - start
    print(f"{len(records)} articles, {words} words, audit {total:.2f}s CPU "
          f"({words / total:.0f} words/s{'' if options.no_profile else ', under cProfile'}), "
          f"ratio to bare parse {total / stage['bare parse (for reference)']:.2f}")
    for name, seconds in sorted(stage.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {seconds:7.2f}s")
    if not options.no_profile:
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats("tottime").print_stats(options.top)
        stats.sort_stats("cumulative").print_stats(options.top)
        print(buffer.getvalue())
        if options.stats:
            stats.dump_stats(str(options.stats))
    print(json.dumps({"articles": len(records), "words": words, "seconds": round(total, 2),
                      "stages": {k: round(v, 3) for k, v in stage.items()}}))


def _context(auditor: Any, document: Any, doc: Any) -> Any:
    from pipeline.checks import CheckContext

    return CheckContext(document=document, doc=doc, knowledge=auditor.knowledge,
                        config=auditor.config, notes=auditor.notes, run_state=auditor.run_state)


if __name__ == "__main__":
    main()
