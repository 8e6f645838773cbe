"""Bad input: every kind gives a clear per-file error (file and reason) in the terminal and in
the reports, every other file is still audited, and the exit code is 2 at the end. Inputs that
are unusual but fine (UTF-16, Latin-1, Windows line endings...) are audited normally.

Each case runs the real command line (``medlint audit BAD GOOD``) through click's CliRunner,
with the session's spaCy pipeline reused so the suite stays fast.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from pipeline.cli import main

GOOD_TEXT = ("Gentle Neck Care\n\nTurn your head slowly to one side and hold it there for a "
             "few seconds.\n\nStop if it hurts, and see a doctor if the pain does not settle.\n")
LONG_SENTENCE = ("This sentence is deliberately far too long for a lay reader because it keeps "
                 "adding clause after clause about stretching the muscles of the upper back and "
                 "shoulders without ever stopping for breath or giving the reader a rest.")
GERMAN = ("Rückenschmerzen sind sehr häufig. Wenn Sie Schmerzen im oberen Rücken haben, sollten "
          "Sie sich zuerst ausruhen und dann mit leichten Übungen beginnen. Die Übungen werden "
          "langsam ausgeführt, und Sie hören auf, wenn der Schmerz stärker wird. Bei Taubheit in "
          "den Armen gehen Sie bitte sofort zum Arzt.")
NAV_ONLY_PAGE = b"""<html><head><title>Healthy Backs</title>
<script>var a = 'Stretch your back';</script></head><body>
<header><a href='/'>Healthy Backs</a></header>
<nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About us</a></li>
<li><a href='/contact'>Contact</a></li><li><a href='/blog'>Blog</a></li></ul></nav>
<div class='share'><a href='https://facebook.com/sharer'>Share on Facebook</a>
<a href='https://twitter.com/intent'>Share on Twitter</a></div>
<footer><p>Copyright 2024 Healthy Backs. All rights reserved.</p>
<a href='/privacy'>Privacy policy</a> <a href='/terms'>Terms of use</a></footer>
</body></html>"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.fixture(autouse=True)
def reuse_pipeline(monkeypatch: pytest.MonkeyPatch, nlp, knowledge) -> None:
    """Every CLI run reuses the session's spaCy pipeline and loaded rules."""
    reuse_session_pipeline(monkeypatch, nlp, knowledge)


def reuse_session_pipeline(monkeypatch: pytest.MonkeyPatch, nlp, knowledge) -> None:
    import pipeline.audit
    import pipeline.knowledge
    import pipeline.nlp.model as model

    real = pipeline.knowledge.KnowledgeBase

    def knowledge_base(directory: Path | None = None):  # type: ignore[no-untyped-def]
        return knowledge if directory in (None, knowledge.directory) else real(directory)

    monkeypatch.setattr(model, "load_pipeline", lambda *args, **kwargs: nlp)
    monkeypatch.setattr(pipeline.knowledge, "KnowledgeBase", knowledge_base)
    monkeypatch.setattr(pipeline.audit, "KnowledgeBase", knowledge_base)


@dataclass
class Outcome:
    exit_code: int
    stderr: str
    report: dict
    html: str
    text: str

    def articles(self) -> dict[str, dict]:
        return {Path(a["source"]).name: a for a in self.report["articles"]}

    def errors(self) -> list[dict]:
        return self.report["errors"]


def audit(tmp_path: Path, *inputs: str, good: bool = True, stdin: bytes | None = None
          ) -> Outcome:
    """Run ``medlint audit INPUTS... good.txt`` writing json, html and text reports."""
    args = list(inputs)
    if good:
        good_path = tmp_path / "good.txt"
        good_path.write_text(GOOD_TEXT, encoding="utf-8")
        args.append(str(good_path))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["audit", *args, "--format", "json,html,text", "--output-dir", str(out),
               "--fail-on", "never"], input=stdin, catch_exceptions=False)
    report = json.loads((out / "medlint.json").read_text(encoding="utf-8"))
    html = "\n".join(p.read_text(encoding="utf-8") for p in sorted((out / "html").rglob("*.html")))
    text = (out / "medlint.txt").read_text(encoding="utf-8")
    outcome = Outcome(result.exit_code, result.stderr, report, html, text)
    if good:
        assert "good.txt" in outcome.articles(), "the good file must still be audited"
    return outcome


def assert_input_error(outcome: Outcome, name: str, reason: str) -> None:
    """The bad input is named with its reason in the terminal, JSON, HTML and text reports,
    and the run exits with 2."""
    assert outcome.exit_code == 2, outcome.stderr
    matching = [e for e in outcome.errors() if name in e["source"]]
    assert matching, (name, outcome.errors())
    assert any(reason in e["reason"] for e in matching), (reason, matching)
    lines = [ln for ln in outcome.stderr.splitlines() if ln.startswith("medlint: error:")]
    assert any(name in ln and reason in ln for ln in lines), outcome.stderr
    assert any(name in ln and reason in ln for ln in outcome.text.splitlines()), outcome.text
    assert str(escape(name)) in outcome.html
    assert str(escape(reason)) in outcome.html


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", GOOD_TEXT)
    return buffer.getvalue()


# --- files whose content cannot be audited -----------------------------------------------

CONTENT_ERRORS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "empty": ("empty.txt", lambda: b"", "empty file"),
    "whitespace-only": ("blank.txt", lambda: b"  \n\t\n   \r\n", "only white space"),
    "png-image": ("photo.txt", lambda: PNG, "PNG image"),
    "png-named-png": ("photo.png", lambda: PNG, "PNG image"),
    "pdf": ("paper.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "PDF document"),
    "zip": ("bundle.zip", zip_bytes, "ZIP archive"),
    "docx-as-txt": ("report.txt", zip_bytes, "ZIP archive"),
    "gzip": ("notes.txt.gz", lambda: gzip.compress(GOOD_TEXT.encode()), "gzip archive"),
    "jpeg": ("scan.jpg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG"),
    "nul-bytes": ("nul.txt", lambda: b"Stretch your neck\x00\x00\x01 slowly" * 20, "NUL bytes"),
    "control-garbage": ("noise.txt", lambda: bytes(range(1, 32)) * 40 + b"abc",
                        "control characters"),
    "invalid-utf8": ("damaged.txt",
                     lambda: "Café crème — a tasty café.\nSecond line ok.\n".encode()
                     + b"Third line is \xff\xfe broken.\n", "invalid UTF-8 at byte"),
    "zero-width-only": ("invisible.txt", lambda: "\u200b\u200c\ufeff\u200d\n".encode() * 5,
                        "no words"),
    "punctuation-only": ("dots.txt", lambda: b"... --- !!! ***\n", "no words"),
    "non-english": ("artikel.txt", lambda: GERMAN.encode(), "unsupported language (looks like "
                    "German)"),
    "shift-jis-japanese": ("japan.txt", lambda: ("首の痛みがある場合は、ゆっくりとストレッチを"
                           "行いましょう。痛みが強くなったら、すぐにやめて医師に相談してください。"
                           "毎日少しずつ続けることが大切です。").encode("shift_jis"),
                           "unsupported language"),
    "html-deep-nesting": ("deep.html",
                          lambda: ("<html><body>" + "<div>" * 10000 + "<p>Deep text.</p>"
                                   + "</div>" * 10000 + "</body></html>").encode(),
                          "nested 10"),
    "html-no-body-text": ("menu.html", lambda: NAV_ONLY_PAGE, "no article text"),
    "html-empty-body": ("nothing.htm", lambda: b"<html><body>   </body></html>",
                        "no article text"),
    "markdown-front-matter-only": ("front.md", lambda: b"---\ntitle: Nothing else\n---\n",
                                   "no article text"),
    "jsonl-empty": ("empty.jsonl", lambda: b"\n\n", "empty file"),
}


@pytest.mark.parametrize("kind", sorted(CONTENT_ERRORS))
def test_content_errors(tmp_path: Path, kind: str) -> None:
    name, make, reason = CONTENT_ERRORS[kind]
    path = write(tmp_path, name, make())
    assert_input_error(audit(tmp_path, str(path)), name, reason)


def test_too_large_file(tmp_path: Path) -> None:
    """A 20 MB text is refused before it is read: the limit is 10 MB per file."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Stretch slowly and stop if it hurts. " * (20 * 2**20 // 37 + 1))
    assert path.stat().st_size >= 20 * 2**20
    outcome = audit(tmp_path, str(path))
    assert_input_error(outcome, "huge.txt", "the limit is 10 MB per file")


def test_too_long_article_text(tmp_path: Path) -> None:
    """Under the byte limit but over spaCy's million characters: a clear per-file limit."""
    paragraph = "Stretch slowly and stop if it hurts. " * 25 + "\n\n"
    path = write(tmp_path, "long.txt", "Title\n\n" + paragraph * (1_050_000 // len(paragraph)))
    assert_input_error(audit(tmp_path, str(path)), "long.txt", "the limit is 1,000,000")


# --- paths that cannot be read ---------------------------------------------------------------

def test_missing_path(tmp_path: Path) -> None:
    outcome = audit(tmp_path, str(tmp_path / "nowhere.txt"))
    assert_input_error(outcome, "nowhere.txt", "no such file or directory")


def test_symlink_loop_file(tmp_path: Path) -> None:
    link = tmp_path / "loop.txt"
    link.symlink_to(link)
    assert_input_error(audit(tmp_path, str(link)), "loop.txt", "symbolic link loop")


def test_symlink_loop_directory(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(tmp_path, "articles/neck.txt", GOOD_TEXT)
    (folder / "again").symlink_to(folder, target_is_directory=True)
    outcome = audit(tmp_path, str(folder), good=False)
    assert_input_error(outcome, "again", "symbolic link loop")
    assert "neck.txt" in outcome.articles()


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "never-existed.txt")
    assert_input_error(audit(tmp_path, str(link)), "gone.txt", "broken symbolic link")


def test_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert_input_error(audit(tmp_path, str(fifo)), "pipe.txt", "not a regular file")


def test_directory_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root, so the refusal is simulated where the walk lists it."""
    folder = tmp_path / "articles"
    write(tmp_path, "articles/open/neck.txt", GOOD_TEXT)
    write(tmp_path, "articles/locked/secret.txt", GOOD_TEXT)
    locked = folder / "locked"
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    outcome = audit(tmp_path, str(folder))
    assert_input_error(outcome, "locked", "cannot read directory: Permission denied")
    assert "neck.txt" in outcome.articles()
    assert "secret.txt" not in outcome.articles()


def test_file_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "private.txt", GOOD_TEXT)
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "private.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert_input_error(audit(tmp_path, str(path)), "private.txt", "permission denied")


def test_file_vanishes_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory is listed, the first file is read, then the second one is deleted."""
    import pipeline.ingest as ingest

    folder = tmp_path / "articles"
    write(tmp_path, "articles/a_first.txt", GOOD_TEXT)
    doomed = write(tmp_path, "articles/b_vanishes.txt", GOOD_TEXT)
    real_load = ingest.load_source

    def load_source(name, data, fmt, rules):  # type: ignore[no-untyped-def]
        if name.endswith("a_first.txt"):
            doomed.unlink()
        return real_load(name, data, fmt, rules)

    monkeypatch.setattr(ingest, "load_source", load_source)
    outcome = audit(tmp_path, str(folder))
    assert_input_error(outcome, "b_vanishes.txt", "disappeared")
    assert "a_first.txt" in outcome.articles()


def test_directory_of_only_unsupported_files(tmp_path: Path) -> None:
    write(tmp_path, "assets/logo.png", PNG)
    write(tmp_path, "assets/data.csv", "a,b\n1,2\n")
    assert_input_error(audit(tmp_path, str(tmp_path / "assets")), "assets",
                       "no articles found in this directory")


def test_jsonl_with_broken_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "one", "title": "Knee care", "text": "Rest the knee."}),
             '{"id": "two", "text": "unterminated',
             json.dumps({"id": "three", "text": "Ice the ankle for twenty minutes."}),
             json.dumps(["not", "an", "object"])]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    outcome = audit(tmp_path, str(path))
    assert_input_error(outcome, "batch.jsonl:2", "line 2 is not valid JSON")
    assert_input_error(outcome, "batch.jsonl:4", "not an object")
    ids = {a["id"] for a in outcome.report["articles"]}
    assert {"one", "three"} <= ids


def test_oversized_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    outcome = audit(tmp_path, "-", stdin=GOOD_TEXT.encode() * 20)
    assert_input_error(outcome, "<stdin>", "input is too large; the limit is")


def test_empty_stdin(tmp_path: Path) -> None:
    assert_input_error(audit(tmp_path, "-", stdin=b""), "<stdin>", "empty file")


# --- unusual input that is fine ------------------------------------------------------------

def audited(outcome: Outcome, name: str) -> dict:
    assert outcome.exit_code == 0, (outcome.stderr, outcome.errors())
    assert outcome.errors() == []
    return outcome.articles()[name]


def long_sentence_line(article: dict) -> int:
    finding = next(f for f in article["findings"] if f["rule"] == "READ-SENTENCE-LENGTH")
    return int(finding["line"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_unicode_encodings_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    text = "Ankle Care\n\nRest the ankle, then café-style gentle walks.\n\n" + LONG_SENTENCE
    path = write(tmp_path, "wide.txt", text.encode(encoding))
    article = audited(audit(tmp_path, str(path)), "wide.txt")
    assert "café-style" in article["text"]
    assert long_sentence_line(article) == 5


def test_latin1(tmp_path: Path) -> None:
    text = "Café Stretches\n\nA crème of gentle moves: stretch slowly, naïve or not.\n"
    path = write(tmp_path, "latin.txt", text.encode("latin-1"))
    article = audited(audit(tmp_path, str(path)), "latin.txt")
    assert article["title"] == "Café Stretches"
    assert "naïve" in article["text"]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_line_endings_keep_positions(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Back Care", "", "Sit tall.", "Breathe out.", "", LONG_SENTENCE, ""])
    path = write(tmp_path, "crlf.txt", text.encode())
    article = audited(audit(tmp_path, str(path)), "crlf.txt")
    assert long_sentence_line(article) == 6
    finding = next(f for f in article["findings"] if f["rule"] == "READ-SENTENCE-LENGTH")
    assert finding["column"] == 1
    assert article["text"][finding["start"]:finding["end"]] == finding["quote"]


def test_zero_width_and_control_characters_inside_text(tmp_path: Path) -> None:
    text = ("Hip Care\n\nStand\u200b tall\x07 and breathe\u200d out.\x1b\n\n"
            + LONG_SENTENCE + "\n")
    path = write(tmp_path, "odd.txt", text)
    article = audited(audit(tmp_path, str(path)), "odd.txt")
    assert long_sentence_line(article) == 5


def test_very_long_line(tmp_path: Path) -> None:
    sentence = "Walk a little further each day and rest when you need to. "
    path = write(tmp_path, "oneline.txt", sentence * 60 + LONG_SENTENCE)
    article = audited(audit(tmp_path, str(path)), "oneline.txt")
    finding = next(f for f in article["findings"] if f["rule"] == "READ-SENTENCE-LENGTH")
    assert (finding["line"], finding["column"]) == (1, len(sentence) * 60 + 1)


def test_file_name_with_spaces_and_unicode(tmp_path: Path) -> None:
    path = write(tmp_path, "mal de dos — ñandú & co.txt", GOOD_TEXT)
    outcome = audit(tmp_path, str(path))
    article = audited(outcome, "mal de dos — ñandú & co.txt")
    assert article["title"] == "Gentle Neck Care"
    assert "mal de dos — ñandú &amp; co.txt" in outcome.html


def test_uppercase_htm_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "PAGE.HTM", "<html><head><title>Shoulder care</title></head><body>"
                 "<article><h1>Shoulder care</h1><p>Lift your arm slowly.</p></article>"
                 "</body></html>")
    article = audited(audit(tmp_path, str(path)), "PAGE.HTM")
    assert article["format"] == "html"
    assert article["title"] == "Shoulder care"
    assert "<" not in article["text"]


def test_markdown_with_raw_html_and_front_matter(tmp_path: Path) -> None:
    source = ("---\ntitle: Wrist care\nauthor: Sam Lee\ndate: 2024-05-06\n---\n\n"
              "# Wrist care\n\n<div class=\"tip\"><script>alert(1)</script>"
              "<p>Rest the <b>wrist</b> &amp; ice it.</p></div>\n\n"
              "Move it **gently** after two days.\n")
    path = write(tmp_path, "wrist.md", source)
    article = audited(audit(tmp_path, str(path)), "wrist.md")
    assert article["title"] == "Wrist care"
    assert article["metadata"]["author"] == "Sam Lee"
    assert "Rest the wrist & ice it." in article["text"]
    assert "alert" not in article["text"] and "<" not in article["text"]
    assert "Move it gently after two days." in article["text"]


def test_text_that_looks_like_html_stays_text(tmp_path: Path) -> None:
    path = write(tmp_path, "snippet.txt", "Neck Care\n\nUse <b>gentle</b> turns; "
                 "<script>alert('x')</script> is not advice.\n")
    outcome = audit(tmp_path, str(path))
    article = audited(outcome, "snippet.txt")
    assert "<script>alert('x')</script>" in article["text"]
    assert "<script>alert(" not in outcome.html


def test_same_file_name_in_two_folders(tmp_path: Path) -> None:
    write(tmp_path, "a/index.txt", GOOD_TEXT)
    write(tmp_path, "b/index.txt", GOOD_TEXT.replace("Neck", "Knee"))
    outcome = audit(tmp_path, str(tmp_path / "a"), str(tmp_path / "b"), good=False)
    assert outcome.exit_code == 0
    assert sorted(a["id"] for a in outcome.report["articles"]) == ["index", "index-2"]


def test_stdin(tmp_path: Path) -> None:
    outcome = audit(tmp_path, "-", stdin=GOOD_TEXT.encode())
    article = audited(outcome, "<stdin>")
    assert article["title"] == "Gentle Neck Care"


def test_several_bad_inputs_at_once(tmp_path: Path) -> None:
    """Errors do not stop the run: all are reported, in input order, after auditing."""
    empty = write(tmp_path, "empty.txt", b"")
    image = write(tmp_path, "image.txt", PNG)
    other = write(tmp_path, "other.txt", GOOD_TEXT.replace("Neck", "Knee"))
    outcome = audit(tmp_path, str(empty), str(tmp_path / "missing.md"), str(image), str(other))
    assert outcome.exit_code == 2
    assert [Path(e["source"]).name for e in outcome.errors()] == ["empty.txt", "missing.md",
                                                                  "image.txt"]
    assert {"other.txt", "good.txt"} <= set(outcome.articles())


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything; simulated above")
def test_real_permissions(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(tmp_path, "articles/open/neck.txt", GOOD_TEXT)
    write(tmp_path, "articles/locked/secret.txt", GOOD_TEXT)
    private = write(tmp_path, "private.txt", GOOD_TEXT)
    (folder / "locked").chmod(0)
    private.chmod(0)
    try:
        outcome = audit(tmp_path, str(folder), str(private))
    finally:
        (folder / "locked").chmod(0o755)
        private.chmod(0o644)
    assert_input_error(outcome, "locked", "Permission denied")
    assert_input_error(outcome, "private.txt", "permission denied")
    assert "neck.txt" in outcome.articles()
