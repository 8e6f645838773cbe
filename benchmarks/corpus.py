"""Generate a benchmark corpus: thousands of articles of realistic length, deterministic.

Paragraphs come from corpus/articles (bundled) and, when present, the real NIH texts of
../shared/realtext/nih; each generated article takes a title and 4-25 paragraphs (about
300-1,500 words) chosen with a fixed seed, so every run measures the same text.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = [REPO / "corpus" / "articles", REPO.parent / "shared" / "realtext" / "nih"]


def paragraphs() -> list[str]:
    """Every paragraph of the source texts (at least 20 words each)."""
    found: list[str] = []
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
                if len(block.split()) >= 20:
                    found.append(block.strip())
    if not found:
        raise SystemExit("no source paragraphs found")
    return found


def articles(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``count`` articles as JSONL records (id, title, text)."""
    rng = random.Random(seed)
    pool = paragraphs()
    for index in range(count):
        chosen: list[str] = []
        target = rng.randint(300, 1500)
        while sum(len(p.split()) for p in chosen) < target:
            chosen.append(rng.choice(pool))
        title = " ".join(chosen[0].split()[:6]).rstrip(".,;:")
        yield {"id": f"bench-{index:06d}", "title": title, "text": "\n\n".join(chosen)}


def write_jsonl(path: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` articles to ``path`` (one JSON object per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in articles(count, seed):
            handle.write(json.dumps(record) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    options = parser.parse_args()
    write_jsonl(options.output, options.articles)
    print(f"wrote {options.articles} articles to {options.output}")
