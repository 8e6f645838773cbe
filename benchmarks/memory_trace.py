"""Peak memory of one long streaming audit, sampled as the input grows.

Generates (or reuses) a JSON-lines corpus, runs ``medlint audit CORPUS --format jsonl`` with
the given extra options, and every few seconds records how many articles have been written
and the resident memory of the whole process tree. The trace shows whether memory stays flat
as the run goes on; the summary gives the peak RSS up to several article counts and the
throughput, from which the time for 100,000 articles follows.

    python benchmarks/memory_trace.py --articles 6000 --jobs 2 --trace trace.jsonl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_jsonl  # noqa: E402


def _lines(path: Path) -> int:
    """Lines written so far (medlint writes to ``.NAME.partial`` and renames at the end)."""
    partial = path.with_name(f".{path.name}.partial")
    return max(_count(path), _count(partial))


def _count(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def trace(corpus: Path, output: Path, extra: list[str], interval: float,
          log: Path | None) -> dict[str, object]:
    """Run the audit and sample (seconds, articles written, RSS in MB) until it ends."""
    import psutil

    command = [sys.executable, "-m", "pipeline", "audit", str(corpus), "--format", "jsonl",
               "--output", str(output), "--no-cache", "--fail-on", "never", "--no-progress",
               *extra]
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, int, float]] = []
    handle = log.open("w", encoding="utf-8") if log else None
    try:
        while process.poll() is None:
            try:
                rss = process.memory_info().rss + sum(
                    c.memory_info().rss for c in process.children(recursive=True))
            except psutil.Error:
                rss = 0
            # the header line is not an article
            sample = (round(time.perf_counter() - start, 1), max(0, _lines(output) - 1),
                      round(rss / 1e6))
            samples.append(sample)
            if handle:
                handle.write(json.dumps(dict(zip(("seconds", "articles", "rss_mb"), sample,
                                                 strict=True))) + "\n")
                handle.flush()
            time.sleep(interval)
    finally:
        if handle:
            handle.close()
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise RuntimeError(f"audit failed with exit code {process.returncode}")
    done = max(0, _lines(output) - 2)  # header and footer
    return summarise(samples, done, seconds)


def summarise(samples: list[tuple[float, int, float]], done: int,
              seconds: float) -> dict[str, object]:
    """Peak RSS up to each tenth of the run, and the projected time for 100,000 articles."""
    checkpoints = sorted({max(1, done * k // 10) for k in range(1, 11)})
    peaks = {}
    for point in checkpoints:
        upto = [rss for _s, articles, rss in samples if articles <= point]
        if upto:
            peaks[str(point)] = max(upto)
    warm = [s for s in samples if s[1] > 0]
    rate = ((warm[-1][1] - warm[0][1]) / (warm[-1][0] - warm[0][0])
            if len(warm) > 1 and warm[-1][0] > warm[0][0] else done / seconds)
    return {"articles": done, "seconds": round(seconds, 1),
            "articles_per_s": round(rate, 2), "peak_rss_mb_up_to": peaks,
            "peak_rss_mb": max((s[2] for s in samples), default=0),
            "projected_hours_100k": round(100_000 / rate / 3600, 1) if rate else None}


def main() -> None:
    """Generate the corpus if needed, run the trace and print the summary as JSON."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, help="JSONL corpus (generated when missing)")
    parser.add_argument("--output", type=Path, default=Path("memory-trace.out.jsonl"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--trace", type=Path, help="write every sample here as JSON lines")
    options = parser.parse_args()
    corpus = options.corpus or Path(f"bench-{options.articles}.jsonl")
    if not corpus.exists():
        write_jsonl(corpus, options.articles)
    summary = trace(corpus, options.output, ["--jobs", str(options.jobs)], options.interval,
                    options.trace)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
